// Varints, multibase, multihash, CIDs, DAG-PB and UnixFS: published examples, round trips and
// rejection of malformed input with the right error code.
#include <gtest/gtest.h>

#include <string>

#include "common/hex.hpp"
#include "crypto/sha256.hpp"
#include "ipfs/cid.hpp"
#include "ipfs/dag_pb.hpp"
#include "ipfs/multibase.hpp"
#include "ipfs/multihash.hpp"
#include "ipfs/unixfs.hpp"
#include "ipfs/varint.hpp"
#include "vectors.hpp"

using namespace ehr;
using namespace ehr::ipfs;

namespace {
ByteView str(const std::string& s) { return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()}; }
Bytes bytes_of(const std::string& s) { return Bytes(s.begin(), s.end()); }
}  // namespace

// ---- varint ------------------------------------------------------------------------------------
// Examples of the unsigned-varint spec (https://github.com/multiformats/unsigned-varint).
TEST(IpfsVarint, SpecExamples) {
  const std::pair<std::uint64_t, std::string> cases[] = {{1, "01"},     {127, "7f"},   {128, "8001"},
                                                         {255, "ff01"}, {300, "ac02"}, {16384, "808001"}};
  for (const auto& [v, h] : cases) {
    Bytes out;
    append_varint(out, v);
    EXPECT_EQ(to_hex(out), h);
    EXPECT_EQ(varint_size(v), out.size());
    auto r = read_uvarint(out, Errc::bad_cid);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.value().value, v);
    EXPECT_EQ(r.value().length, out.size());
  }
}

TEST(IpfsVarint, RejectsNonMinimalTruncatedAndLong) {
  EXPECT_EQ(read_uvarint(test::hex("8000"), Errc::bad_cid).error().code, Errc::bad_cid);  // non-minimal 0
  EXPECT_EQ(read_uvarint(test::hex("ff00"), Errc::bad_cid).error().code, Errc::bad_cid);  // non-minimal 127
  EXPECT_EQ(read_uvarint(test::hex("80"), Errc::bad_car).error().code, Errc::bad_car);    // truncated
  EXPECT_FALSE(read_uvarint(test::hex("ffffffffffffffffff01"), Errc::bad_cid).ok());      // 10 bytes
  auto max9 = read_uvarint(test::hex("ffffffffffffffff7f"), Errc::bad_cid);               // 2^63 - 1
  ASSERT_TRUE(max9.ok());
  EXPECT_EQ(max9.value().value, 0x7fffffffffffffffULL);
  // Protobuf allows 10 bytes, up to 2^64 - 1, and nothing beyond.
  auto max10 = read_pb_varint(test::hex("ffffffffffffffffff01"), Errc::bad_dag_pb);
  ASSERT_TRUE(max10.ok());
  EXPECT_EQ(max10.value().value, UINT64_MAX);
  EXPECT_FALSE(read_pb_varint(test::hex("ffffffffffffffffff02"), Errc::bad_dag_pb).ok());
  EXPECT_FALSE(read_pb_varint(test::hex("ffffffffffffffffff8001"), Errc::bad_dag_pb).ok());
}

// ---- multibase ---------------------------------------------------------------------------------
// multiformats/multibase tests/basic.csv: "yes mani !".
TEST(IpfsMultibase, SpecExamples) {
  const Bytes m = bytes_of("yes mani !");
  EXPECT_EQ(multibase_encode(m, Multibase::base32), "bpfsxgidnmfxgsibb");
  EXPECT_EQ(multibase_encode(m, Multibase::base58btc), "z7paNL19xttacUY");
  EXPECT_EQ(multibase_encode(m, Multibase::base16), "f796573206d616e692021");
  for (const char* t : {"bpfsxgidnmfxgsibb", "BPFSXGIDNMFXGSIBB", "z7paNL19xttacUY", "f796573206d616e692021",
                        "F796573206D616E692021"}) {
    auto r = multibase_decode(t);
    ASSERT_TRUE(r.ok()) << t;
    EXPECT_EQ(r.value(), m) << t;
  }
  // Leading zero bytes: base58 keeps them as '1's.
  EXPECT_EQ(base58btc_encode(test::hex("0000ff")), "115Q");
  EXPECT_EQ(base58btc_decode("115Q").value(), test::hex("0000ff"));
  EXPECT_EQ(base58btc_encode({}), "");
  EXPECT_EQ(base32_encode({}), "");
}

TEST(IpfsMultibase, RoundTripsEveryLength) {
  Bytes b;
  for (std::size_t n = 0; n < 70; ++n) {
    for (const Multibase base : {Multibase::base32, Multibase::base58btc, Multibase::base16}) {
      auto r = multibase_decode(multibase_encode(b, base));
      ASSERT_TRUE(r.ok()) << n;
      EXPECT_EQ(r.value(), b);
    }
    b.push_back(static_cast<std::uint8_t>(n * 37 + (n == 3 ? 0 : 1)));
  }
}

TEST(IpfsMultibase, RejectsMalformed) {
  for (const char* t : {"", "x123", "bpfsxgidnmfxgsib=", "bpfsxgidnmfxgsibB", "b75", "b1", "bpfs", "z0", "zI", "zl",
                        "f7", "fzz", "f79657320Aa", "B7"}) {
    auto r = multibase_decode(t);
    EXPECT_FALSE(r.ok()) << t;
    if (!r.ok()) EXPECT_EQ(r.error().code, Errc::bad_multibase) << t;
  }
  EXPECT_FALSE(multibase_decode("z" + std::string(2000, '2')).ok());
}

// ---- CID ---------------------------------------------------------------------------------------
// The CID spec (https://github.com/multiformats/cid) and IPFS docs examples.
TEST(IpfsCid, SpecExamples) {
  auto v0 = parse_cid("QmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n");
  ASSERT_TRUE(v0.ok());
  EXPECT_EQ(v0.value().version, 0);
  EXPECT_EQ(v0.value().codec, kCodecDagPb);
  EXPECT_EQ(to_hex(v0.value().mh.digest_view()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  Cid v1 = v0.value();
  v1.version = 1;
  EXPECT_EQ(v1.to_string(), "bafybeihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");
  EXPECT_EQ(v0.value().to_string(), "QmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n");

  auto raw = parse_cid("zb2rhe5P4gXftAwvA4eXQ5HJwsER2owDyS9sKaQRRVQPn93bA");
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ(raw.value().version, 1);
  EXPECT_EQ(raw.value().codec, kCodecRaw);
  EXPECT_EQ(to_hex(raw.value().mh.digest_view()), "6e6ff7950a36187a801613426e858dce686cd7d7e3c0fc42ee0330072d245c95");
  EXPECT_EQ(raw.value().to_string(Multibase::base58btc), "zb2rhe5P4gXftAwvA4eXQ5HJwsER2owDyS9sKaQRRVQPn93bA");

  auto docs = parse_cid("bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi");
  ASSERT_TRUE(docs.ok());
  Cid as_v0 = docs.value();
  as_v0.version = 0;
  EXPECT_EQ(as_v0.to_string(), "QmbWqxBEKC3P8tqsKc98xmWNzrzDtRLMiMPL8wBuTGsMnR");

  // The raw CID of the empty block, and the upper-case base32 form of a CID.
  const Cid empty{1, kCodecRaw, multihash_sha256({})};
  EXPECT_EQ(empty.to_string(), "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");
  EXPECT_EQ(parse_cid("BAFKREIHDWDCEFGH4DQKJV67UZCMW7OJEE6XEDZDETOJUZJEVTENXQUVYKU").value(), empty);
  EXPECT_EQ(parse_cid(empty.to_string(Multibase::base16)).value(), empty);
}

TEST(IpfsCid, BinaryRoundTrip) {
  for (const std::uint8_t version : {0, 1}) {
    for (const std::uint64_t codec : {kCodecRaw, kCodecDagPb}) {
      auto c = make_cid(version, codec, multihash_sha256(str("hello")));
      if (version == 0 && codec == kCodecRaw) {
        EXPECT_EQ(c.error().code, Errc::bad_cid);
        continue;
      }
      ASSERT_TRUE(c.ok());
      const Bytes b = c.value().to_bytes();
      EXPECT_EQ(b.size(), c.value().encoded_size());
      EXPECT_EQ(cid_from_bytes(b).value(), c.value());
      EXPECT_EQ(parse_cid(c.value().to_string()).value(), c.value());
      EXPECT_EQ(parse_cid(c.value().to_string(Multibase::base58btc)).value(), c.value());
    }
  }
  auto id = multihash_identity(str("tiny"));
  ASSERT_TRUE(id.ok());
  const Cid inline_cid{1, kCodecRaw, id.value()};
  EXPECT_EQ(to_hex(inline_cid.to_bytes()), "01550004" + to_hex(str("tiny")));
  EXPECT_EQ(parse_cid(inline_cid.to_string()).value(), inline_cid);
  EXPECT_EQ(multihash_identity(Bytes(65, 1)).error().code, Errc::bad_multihash);
}

TEST(IpfsCid, RejectsMalformedAndUnsupported) {
  struct Case {
    const char* hex;
    Errc code;
  };
  const std::string d32(64, 'a');
  const Case cases[] = {
      {"", Errc::bad_cid},
      {"00", Errc::bad_cid},                  // explicit version 0
      {"0270", Errc::bad_cid},                // version 2
      {"01", Errc::bad_cid},                  // truncated
      {"0155", Errc::bad_multihash},          // no multihash
      {"01551220", Errc::bad_multihash},      // digest missing
      {"01551210aaaa", Errc::bad_multihash},  // sha2-256 of 16 bytes
      {"01711220", Errc::unsupported},        // dag-cbor
      {"01551320", Errc::unsupported},        // sha2-512
      {"01d5001220", Errc::bad_cid},          // non-minimal codec varint
      {"1220aa", Errc::bad_multihash},        // truncated CIDv0
  };
  for (const auto& c : cases) {
    auto r = cid_from_bytes(test::hex(c.hex));
    ASSERT_FALSE(r.ok()) << c.hex;
    EXPECT_EQ(r.error().code, c.code) << c.hex << ": " << r.error().message;
  }
  // Trailing bytes after a valid CID.
  Bytes good = make_cid(1, kCodecRaw, multihash_sha256({})).value().to_bytes();
  good.push_back(0);
  EXPECT_EQ(cid_from_bytes(good).error().code, Errc::bad_cid);
  // Text forms.
  EXPECT_EQ(parse_cid("").error().code, Errc::bad_cid);
  EXPECT_EQ(parse_cid("QmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1O").error().code, Errc::bad_cid);  // 'O' not base58
  EXPECT_EQ(parse_cid("zQmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n").error().code, Errc::bad_cid);  // multibase v0
  EXPECT_EQ(parse_cid("mAVUSIA").error().code, Errc::bad_multibase);  // base64: not supported
  Bytes cut = make_cid(1, kCodecRaw, multihash_sha256({})).value().to_bytes();
  cut.pop_back();
  EXPECT_EQ(parse_cid(multibase_encode(cut, Multibase::base32)).error().code, Errc::bad_multihash);
}

// ---- DAG-PB ------------------------------------------------------------------------------------
TEST(IpfsDagPb, CanonicalEncodingAndStrictDecode) {
  // The empty UnixFS directory: {Data: 08 01}; its CIDv0 is a well-known constant.
  const Bytes dir_data = test::hex("0801");
  PbNode dir;
  dir.data = ByteView(dir_data);
  Bytes enc;
  encode_dag_pb(dir, enc);
  EXPECT_EQ(to_hex(enc), "0a020801");
  EXPECT_EQ(Cid({0, kCodecDagPb, multihash_sha256(enc)}).to_string(), "QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn");

  // Links come first, each Hash, Name, Tsize; present-but-empty Name and Data are kept.
  const Cid child = make_cid(1, kCodecRaw, multihash_sha256(str("x"))).value();
  const Bytes empty;
  PbNode n;
  n.links.push_back(PbLink{child, std::string(), 1});
  n.links.push_back(PbLink{child, std::string("b"), std::nullopt});
  n.links.push_back(PbLink{child, std::nullopt, 300});
  n.data = ByteView(empty);
  Bytes b;
  encode_dag_pb(n, b);
  EXPECT_EQ(b.size(), dag_pb_size(n));
  const std::string ch = to_hex(child.to_bytes());
  EXPECT_EQ(to_hex(b),
            "122a"
            "0a24" +
                ch +
                "1200"
                "1801" +
                "1229"
                "0a24" +
                ch + "120162" +
                "1229"
                "0a24" +
                ch + "18ac02" + "0a00");
  auto d = decode_dag_pb(b);
  ASSERT_TRUE(d.ok()) << d.error().message;
  ASSERT_EQ(d.value().links.size(), 3U);
  EXPECT_EQ(d.value().links[0].name, std::optional<std::string>(""));
  EXPECT_EQ(d.value().links[1].name, std::optional<std::string>("b"));
  EXPECT_FALSE(d.value().links[1].tsize.has_value());
  EXPECT_FALSE(d.value().links[2].name.has_value());
  EXPECT_EQ(d.value().links[2].tsize, std::optional<std::uint64_t>(300));
  ASSERT_TRUE(d.value().data.has_value());
  EXPECT_EQ(d.value().data->size(), 0U);
  Bytes again;
  encode_dag_pb(d.value(), again);
  EXPECT_EQ(again, b);
  // An empty block is a node with no links and no Data.
  auto e = decode_dag_pb({});
  ASSERT_TRUE(e.ok());
  EXPECT_TRUE(e.value().links.empty());
  EXPECT_FALSE(e.value().data.has_value());
}

TEST(IpfsDagPb, RejectsNonCanonical) {
  const std::string ch = to_hex(make_cid(1, kCodecRaw, multihash_sha256(str("x"))).value().to_bytes());
  const std::string link =
      "1226"
      "0a24" +
      ch;
  const char* simple[] = {
      "0a020801"
      "1226",  // Links after Data (truncated too)
      "0a00"
      "0a00",   // two Data
      "08 01",  // wrong wire type
      "1a00",   // field 3
      "0a05",   // truncated Data
      "0a8002"
      "08",        // truncated long Data
      "0a800008",  // non-minimal length
  };
  for (const char* h : simple) {
    std::string hh(h);
    std::erase(hh, ' ');
    auto r = decode_dag_pb(test::hex(hh));
    ASSERT_FALSE(r.ok()) << h;
    EXPECT_EQ(r.error().code, Errc::bad_dag_pb) << h;
  }
  const std::string bad_links[] = {
      "0a020801" + link,  // Data before Links
      "1228"
      "1200"
      "0a24" +
          ch,  // Name before Hash
      "122a"
      "0a24" +
          ch +
          "1801"
          "1200",  // Tsize before Name
      "124c"
      "0a24" +
          ch + "0a24" + ch,  // two Hashes
      "1202"
      "1200",  // no Hash
      "1229"
      "0a24" +
          ch + "1201ff",  // Name not UTF-8
      "1228"
      "0a24" +
          ch + "2000",  // unknown link field
      "1228"
      "0a24" +
          ch + "1a00",  // Tsize with wire type 2
  };
  for (const auto& h : bad_links) {
    auto r = decode_dag_pb(test::hex(h));
    ASSERT_FALSE(r.ok()) << h;
    EXPECT_EQ(r.error().code, Errc::bad_dag_pb) << h << ": " << r.error().message;
  }
  // A Hash that is not a CID reports the CID parser's error.
  EXPECT_EQ(decode_dag_pb(test::hex("1203"
                                    "0a0100"))
                .error()
                .code,
            Errc::bad_cid);
}

TEST(IpfsDagPb, Utf8Validation) {
  EXPECT_TRUE(is_utf8("plain"));
  EXPECT_TRUE(is_utf8("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"));
  EXPECT_FALSE(is_utf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(is_utf8("\xed\xa0\x80"));      // surrogate
  EXPECT_FALSE(is_utf8("\xf4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(is_utf8("\xe2\x82"));          // truncated
}

// ---- UnixFS ------------------------------------------------------------------------------------
TEST(IpfsUnixfs, EncodesLikeTheReferenceAndRoundTrips) {
  // A file node over two leaves: Type file, filesize, blocksizes (unpacked).
  UnixfsData f;
  f.type = UnixfsType::file;
  f.filesize = 300;
  f.blocksizes = {256, 44};
  Bytes b;
  encode_unixfs(f, b);
  EXPECT_EQ(to_hex(b),
            "0802"
            "18ac02"
            "208002"
            "202c");
  auto d = decode_unixfs(b);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d.value().type, UnixfsType::file);
  EXPECT_EQ(d.value().filesize, std::optional<std::uint64_t>(300));
  EXPECT_EQ(d.value().blocksizes, (std::vector<std::uint64_t>{256, 44}));

  // Every field, mtime with a negative time, then back.
  const Bytes payload = test::hex("abcd");
  UnixfsData all;
  all.type = UnixfsType::hamt_shard;
  all.data = ByteView(payload);
  all.filesize = 2;
  all.blocksizes = {1, 1};
  all.hash_type = 0x22;
  all.fanout = 256;
  all.mode = 0755;
  all.mtime = UnixTime{-5, 12345};
  Bytes a;
  encode_unixfs(all, a);
  auto back = decode_unixfs(a);
  ASSERT_TRUE(back.ok()) << back.error().message;
  Bytes a2;
  encode_unixfs(back.value(), a2);
  EXPECT_EQ(a2, a);
  EXPECT_EQ(back.value().mtime->seconds, -5);
  EXPECT_EQ(back.value().mtime->nanos, std::optional<std::uint32_t>(12345));
}

TEST(IpfsUnixfs, RejectsMalformed) {
  const char* cases[] = {
      "",      // no Type
      "1200",  // no Type
      "0806",  // unknown Type
      "0802"
      "0802",  // repeated Type
      "1800"
      "0802",  // out of order
      "0a02",  // Type with wire type 2
      "0802"
      "4800",  // field 9
      "0802"
      "1205",  // truncated Data
      "0802"
      "2202"
      "0101",  // packed blocksizes
      "0802"
      "4205"
      "1501000000",  // mtime without Seconds
      "0802"
      "38ffffffff1f",  // mode > 32 bits
  };
  for (const char* h : cases) {
    auto r = decode_unixfs(test::hex(h));
    ASSERT_FALSE(r.ok()) << h;
    EXPECT_EQ(r.error().code, Errc::bad_unixfs) << h;
  }
}
