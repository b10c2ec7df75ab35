// The DAG reader (file reassembly from verified blocks, ranges, paths, tampering) and the CAR
// reader/writer (against a CAR written by @ipld/car, tests/data/ipfs/small-file.car).
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "common/hex.hpp"
#include "ipfs/block.hpp"
#include "ipfs/car.hpp"
#include "ipfs/dag_pb.hpp"
#include "ipfs/dag_reader.hpp"
#include "ipfs/dir_builder.hpp"
#include "ipfs/file_builder.hpp"
#include "ipfs/unixfs.hpp"
#include "ipfs/varint.hpp"
#include "ipfs_fixtures.hpp"
#include "vectors.hpp"

using namespace ehr;
using namespace ehr::ipfs;

namespace {

using Store = std::map<std::string, Bytes>;

BlockSink store_into(Store& store) {
  return [&store](const Cid& cid, ByteView bytes, BlockKind) -> Status {
    store[cid.to_string()] = Bytes(bytes.begin(), bytes.end());
    return ok_status();
  };
}

// Reads through the reader from `store`; returns the bytes or the first error.
Result<Bytes> read_all(DagReader& r, const Store& store, std::size_t* fetched = nullptr) {
  Bytes out;
  while (const Cid* want = r.next()) {
    auto it = store.find(want->to_string());
    if (it == store.end()) return Error{Errc::block_missing, want->to_string()};
    if (fetched) ++*fetched;
    auto o = r.supply(it->second);
    if (!o) return o.error();
    out.insert(out.end(), it->second.begin() + static_cast<std::ptrdiff_t>(o.value().offset),
               it->second.begin() + static_cast<std::ptrdiff_t>(o.value().offset + o.value().length));
  }
  return out;
}

}  // namespace

TEST(IpfsDagReader, ReassemblesEveryProfileAndRange) {
  const Profile profiles[] = {{64, 3, 1, true}, {64, 3, 0, false}, {100, 174, 1, true}, profile_kubo_default()};
  for (const Profile& p : profiles) {
    for (std::size_t size : {0UL, 1UL, 64UL, 65UL, 1000UL, 5185UL, 300000UL}) {
      // Large files only in the profiles with large chunks (block count, not bytes, is the cost).
      if (size == 300000 && p.chunk_size < 1000) size = 20000;
      const Bytes data = test::pattern(size, 5);
      Store store;
      auto root = build_file(p, data, store_into(store));
      ASSERT_TRUE(root.ok());
      auto r = DagReader::create(root.value().cid);
      ASSERT_TRUE(r.ok());
      auto all = read_all(r.value(), store);
      ASSERT_TRUE(all.ok()) << all.error().message;
      EXPECT_EQ(all.value(), data) << size;
      EXPECT_TRUE(r.value().done());
      EXPECT_EQ(r.value().file_size(), std::optional<std::uint64_t>(size));
      EXPECT_EQ(r.value().bytes_out(), size);
      // Ranges, including empty ones and ones past the end.
      const std::pair<std::uint64_t, std::uint64_t> ranges[] = {
          {0, 1}, {63, 2}, {size / 3, size / 2}, {size, 5}, {size + 10, 1}, {1, 0}, {size > 0 ? size - 1 : 0, 100}};
      for (const auto& [off, len] : ranges) {
        auto rr = DagReader::create(root.value().cid, "", off, len);
        std::size_t fetched = 0;
        auto part = read_all(rr.value(), store, &fetched);
        ASSERT_TRUE(part.ok());
        const std::size_t a = std::min<std::size_t>(off, size);
        const std::size_t b = std::min<std::size_t>(a + len, size);
        EXPECT_EQ(part.value(),
                  Bytes(data.begin() + static_cast<std::ptrdiff_t>(a), data.begin() + static_cast<std::ptrdiff_t>(b)))
            << "size " << size << " range " << off << "+" << len;
        // A short range reads one path down the tree, not the whole file.
        if (len <= 2 && size > 1000) EXPECT_LE(fetched, 12U);
      }
    }
  }
}

TEST(IpfsDagReader, TamperedOrInconsistentBlocksFail) {
  const Profile p{64, 3, 1, true};
  const Bytes data = test::pattern(1000, 9);
  Store store;
  auto root = build_file(p, data, store_into(store));
  ASSERT_TRUE(root.ok());
  // Flip one byte of each block in turn: that block is refused with hash_mismatch (and none of
  // its bytes come out); the reader still wants the same block, and the genuine one completes
  // the file.
  for (auto& [key, block] : store) {
    Store bad = store;
    bad[key][block.size() / 2] ^= 0x01;
    auto r = DagReader::create(root.value().cid);
    Bytes got;
    int mismatches = 0;
    while (const Cid* want = r.value().next()) {
      const std::string k = want->to_string();
      auto o = r.value().supply(bad.at(k));
      if (!o) {
        EXPECT_EQ(o.error().code, Errc::hash_mismatch) << key;
        ++mismatches;
        ASSERT_NE(r.value().next(), nullptr);
        EXPECT_EQ(r.value().next()->to_string(), k);
        o = r.value().supply(store.at(k));
        ASSERT_TRUE(o.ok());
      }
      const Bytes& b = store.at(k);
      got.insert(got.end(), b.begin() + static_cast<std::ptrdiff_t>(o.value().offset),
                 b.begin() + static_cast<std::ptrdiff_t>(o.value().offset + o.value().length));
    }
    EXPECT_EQ(mismatches, 1) << key;
    EXPECT_TRUE(r.value().done());
    EXPECT_EQ(got, data);
  }

  // A well-hashed node that lies about its children's sizes: caught when the child arrives.
  const Bytes leaf = test::pattern(10, 1);
  const Cid leaf_cid = block_cid(1, kCodecRaw, leaf).value();
  UnixfsData ufs;
  ufs.filesize = 11;
  ufs.blocksizes = {11};
  Bytes ufs_bytes;
  encode_unixfs(ufs, ufs_bytes);
  PbNode node;
  node.links.push_back(PbLink{leaf_cid, std::string(), 10});
  node.data = ByteView(ufs_bytes);
  Bytes node_bytes;
  encode_dag_pb(node, node_bytes);
  const Cid node_cid = block_cid(1, kCodecDagPb, node_bytes).value();
  auto r = DagReader::create(node_cid);
  ASSERT_TRUE(r.value().supply(node_bytes).ok());
  EXPECT_EQ(r.value().supply(leaf).error().code, Errc::bad_unixfs);

  // filesize that disagrees with the blocksizes.
  ufs.filesize = 12;
  ufs_bytes.clear();
  encode_unixfs(ufs, ufs_bytes);
  node.data = ByteView(ufs_bytes);
  node_bytes.clear();
  encode_dag_pb(node, node_bytes);
  auto r2 = DagReader::create(block_cid(1, kCodecDagPb, node_bytes).value());
  EXPECT_EQ(r2.value().supply(node_bytes).error().code, Errc::bad_unixfs);

  // Supplying when nothing is needed.
  auto r3 = DagReader::create(leaf_cid);
  ASSERT_TRUE(r3.value().supply(leaf).ok());
  EXPECT_TRUE(r3.value().done());
  EXPECT_EQ(r3.value().supply(leaf).error().code, Errc::stream_state);
}

TEST(IpfsDagReader, ResolvesPathsThroughDirectories) {
  const Profile p = profile_unixfs_v1_2025();
  Store store;
  DirectoryBuilder dir(p);
  const Bytes index = test::pattern(500, 1);
  const Bytes css = test::pattern(3000000, 2);
  auto fi = build_file(p, index, store_into(store));
  auto fc = build_file(p, css, store_into(store));
  ASSERT_TRUE(dir.add_file("index.html", fi.value().cid, fi.value().tsize).ok());
  ASSERT_TRUE(dir.add_file("assets/css/site.css", fc.value().cid, fc.value().tsize).ok());
  auto root = dir.build(store_into(store));
  ASSERT_TRUE(root.ok());

  auto r = DagReader::create(root.value().cid, "assets/css/site.css", 1048570, 20);
  auto got = read_all(r.value(), store);
  ASSERT_TRUE(got.ok()) << got.error().message;
  EXPECT_EQ(got.value(), Bytes(css.begin() + 1048570, css.begin() + 1048590));
  auto ri = DagReader::create(root.value().cid, "index.html");
  EXPECT_EQ(read_all(ri.value(), store).value(), index);

  auto missing = DagReader::create(root.value().cid, "assets/nope.css");
  EXPECT_EQ(read_all(missing.value(), store).error().code, Errc::path_not_found);
  auto below_file = DagReader::create(root.value().cid, "index.html/x");
  EXPECT_EQ(read_all(below_file.value(), store).error().code, Errc::path_not_found);
  auto is_dir = DagReader::create(root.value().cid, "assets");
  EXPECT_EQ(read_all(is_dir.value(), store).error().code, Errc::not_a_file);
  for (const char* bad : {"/index.html", "a//b", "a/", "../x", "."}) {
    EXPECT_EQ(DagReader::create(root.value().cid, bad).error().code, Errc::bad_argument) << bad;
  }
}

TEST(IpfsDagReader, UpcomingListsKnownBlocksInOrder) {
  const Profile p{64, 4, 1, true};
  const Bytes data = test::pattern(64 * 10, 3);
  Store store;
  auto root = build_file(p, data, store_into(store));
  auto r = DagReader::create(root.value().cid);
  std::vector<Cid> up;
  r.value().upcoming(10, up);
  ASSERT_EQ(up.size(), 1U);
  EXPECT_EQ(up[0], root.value().cid);
  // Collect the order in which blocks are asked for; every upcoming() list must be a prefix-order
  // subsequence of it.
  std::vector<std::string> order;
  std::vector<std::vector<Cid>> lists;
  while (const Cid* want = r.value().next()) {
    std::vector<Cid> l;
    r.value().upcoming(100, l);
    ASSERT_FALSE(l.empty());
    EXPECT_EQ(l[0], *want);
    lists.push_back(l);
    order.push_back(want->to_string());
    ASSERT_TRUE(r.value().supply(store.at(want->to_string())).ok());
  }
  for (std::size_t i = 0; i < lists.size(); ++i) {
    std::size_t pos = i;
    for (const Cid& c : lists[i]) {
      while (pos < order.size() && order[pos] != c.to_string()) ++pos;
      EXPECT_LT(pos, order.size()) << "upcoming block never asked for, or out of order";
    }
  }
}

// ---- CAR ---------------------------------------------------------------------------------------
namespace {
Bytes fixture_car() {
  const std::string s = test::read_file(std::string(EHR_TEST_DATA_DIR) + "/ipfs/small-file.car");
  return Bytes(s.begin(), s.end());
}

struct CarRead {
  std::vector<Cid> roots;
  std::vector<std::pair<Cid, Bytes>> blocks;
};

Result<CarRead> read_car(ByteView car, std::size_t piece, bool verify = true) {
  CarReader reader(verify);
  CarRead out;
  for (std::size_t pos = 0; pos <= car.size(); pos += piece) {
    if (pos < car.size()) {
      if (auto s = reader.feed(car.subspan(pos, std::min(piece, car.size() - pos))); !s) return s.error();
    }
    for (;;) {
      auto sec = reader.next();
      if (!sec) return sec.error();
      if (!sec.value()) break;
      out.blocks.emplace_back(sec.value()->cid, Bytes(sec.value()->block.begin(), sec.value()->block.end()));
    }
  }
  if (auto s = reader.finish(); !s) return s.error();
  if (reader.roots()) out.roots = *reader.roots();
  return out;
}
}  // namespace

TEST(IpfsCar, ReadsAndRewritesTheReferenceCar) {
  const auto& meta = test::ipfs_fixtures().at("car");
  const Bytes car = fixture_car();
  for (const std::size_t piece : {car.size(), std::size_t{1}, std::size_t{7}, std::size_t{100}}) {
    auto r = read_car(car, piece);
    ASSERT_TRUE(r.ok()) << r.error().message;
    ASSERT_EQ(r.value().roots.size(), 1U);
    EXPECT_EQ(r.value().roots[0].to_string(), meta.at("root").get<std::string>());
    EXPECT_EQ(r.value().blocks.size(), meta.at("blocks").get<std::size_t>());
    // Our writer gives the same bytes as @ipld/car for the same roots and blocks.
    EXPECT_EQ(car_write(r.value().roots, r.value().blocks), car);
    // And the file reassembles from the CAR's blocks.
    Store store;
    for (const auto& [cid, bytes] : r.value().blocks) store[cid.to_string()] = bytes;
    auto dr = DagReader::create(r.value().roots[0]);
    EXPECT_EQ(read_all(dr.value(), store).value(),
              test::pattern(meta.at("size").get<std::size_t>(), meta.at("seed").get<std::uint32_t>()));
  }
}

TEST(IpfsCar, DetectsTamperingAndMalformedFiles) {
  const Bytes car = fixture_car();
  // A flipped byte in the last block: hash_mismatch when verifying, accepted when not.
  Bytes bad = car;
  bad[bad.size() - 3] ^= 0x40;
  EXPECT_EQ(read_car(bad, 50).error().code, Errc::hash_mismatch);
  EXPECT_TRUE(read_car(bad, 50, false).ok());
  // Truncation at any point inside the header or a section.
  for (const std::size_t cut : {std::size_t{0}, std::size_t{1}, std::size_t{30}, car.size() - 1}) {
    auto r = read_car(ByteView(car).first(cut), 64);
    ASSERT_FALSE(r.ok()) << cut;
    EXPECT_EQ(r.error().code, Errc::bad_car) << cut;
  }
  // Headers: wrong version, missing roots, key order, trailing bytes, non-canonical lengths.
  const Cid root = parse_cid(test::ipfs_fixtures().at("car").at("root").get<std::string>()).value();
  const std::string rh =
      "d82a5825"
      "00" +
      to_hex(root.to_bytes());
  struct Case {
    std::string body;
    Errc code;
  };
  const Case cases[] = {
      {"a265726f6f7473"
       "81" +
           rh +
           "6776657273696f6e"
           "01",
       Errc::ok},
      {"a265726f6f7473"
       "80"
       "6776657273696f6e"
       "01",
       Errc::ok},  // no roots: allowed
      {"a265726f6f7473"
       "81" +
           rh +
           "6776657273696f6e"
           "03",
       Errc::unsupported},  // version 3
      {"a16776657273696f6e"
       "01",
       Errc::bad_car},  // v1 without roots
      {"a26776657273696f6e"
       "01"
       "65726f6f7473"
       "80",
       Errc::bad_car},  // key order
      {"a265726f6f7473"
       "80"
       "6776657273696f6e"
       "01"
       "00",
       Errc::bad_car},  // trailing
      {"a265726f6f7473"
       "80"
       "6776657273696f6e"
       "1801",
       Errc::bad_car},  // 1 in 2 bytes
      {"a265726f6f7473"
       "81"
       "5825"
       "00" +
           to_hex(root.to_bytes()) +
           "6776657273696f6e"
           "01",
       Errc::bad_car},  // no tag
      {"a265726f6f7473"
       "81"
       "d82a5824" +
           to_hex(root.to_bytes()) +
           "6776657273696f6e"
           "01",
       Errc::bad_car},        // no 0x00
      {"bf", Errc::bad_car},  // indefinite map
  };
  for (const auto& c : cases) {
    auto h = decode_car_header(test::hex(c.body));
    if (c.code == Errc::ok) {
      EXPECT_TRUE(h.ok()) << c.body << ": " << h.error().message;
    } else {
      ASSERT_FALSE(h.ok()) << c.body;
      EXPECT_EQ(h.error().code, c.code) << c.body;
    }
  }
  // The header our writer produces for that root is the canonical one above.
  EXPECT_EQ(to_hex(car_header({root})),
            "3a"
            "a265726f6f7473"
            "81" +
                rh +
                "6776657273696f6e"
                "01");
  // A section whose length runs past the 2 MiB block limit.
  Bytes huge = car_header({root});
  append_varint(huge, kMaxBlockSize + kMaxCidBytes + 1);
  EXPECT_EQ(read_car(huge, 1000).error().code, Errc::bad_car);
}

TEST(IpfsCar, ReadsTheCarV1PayloadOfACarV2) {
  const Bytes v1 = fixture_car();
  // CARv2: pragma, 40-byte header (characteristics, data offset, data size, index offset), some
  // padding, the CARv1 payload, then an index (skipped).
  Bytes v2 = test::hex("0aa16776657273696f6e02");
  Bytes header(40, 0);
  const std::uint64_t offset = 11 + 40 + 5;
  auto le = [&](std::size_t at, std::uint64_t v) {
    for (std::size_t i = 0; i < 8; ++i) header[at + i] = static_cast<std::uint8_t>(v >> (8 * i));
  };
  le(16, offset);
  le(24, v1.size());
  le(32, offset + v1.size());
  v2.insert(v2.end(), header.begin(), header.end());
  v2.insert(v2.end(), 5, 0);
  v2.insert(v2.end(), v1.begin(), v1.end());
  const Bytes index = test::hex("0102030405060708");
  v2.insert(v2.end(), index.begin(), index.end());
  for (const std::size_t piece : {v2.size(), std::size_t{1}, std::size_t{13}}) {
    auto r = read_car(v2, piece);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(car_write(r.value().roots, r.value().blocks), v1);
  }
  // A payload size that cuts the last section.
  le(24, v1.size() - 2);
  std::copy(header.begin(), header.end(), v2.begin() + 11);
  EXPECT_EQ(read_car(v2, 64).error().code, Errc::bad_car);
}
