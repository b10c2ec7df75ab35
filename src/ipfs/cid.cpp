#include "ipfs/cid.hpp"

#include "ipfs/varint.hpp"

namespace ehr::ipfs {
namespace {
Error bad(std::string message) { return Error{Errc::bad_cid, std::move(message)}; }

Status check_codec(std::uint64_t codec) {
  if (codec == kCodecRaw || codec == kCodecDagPb) return ok_status();
  return Error{Errc::unsupported, "CID: unsupported codec " + code_hex(codec) + " (raw 0x55 and dag-pb 0x70 only)"};
}
}  // namespace

bool operator==(const Cid& a, const Cid& b) noexcept {
  return a.version == b.version && a.codec == b.codec && a.mh == b.mh;
}

std::size_t Cid::encoded_size() const noexcept {
  const std::size_t mh_size = multihash_encoded_size(mh);
  return version == 0 ? mh_size : varint_size(version) + varint_size(codec) + mh_size;
}

void Cid::append_to(Bytes& out) const {
  if (version != 0) {
    append_varint(out, version);
    append_varint(out, codec);
  }
  append_multihash(out, mh);
}

Bytes Cid::to_bytes() const {
  Bytes out;
  out.reserve(encoded_size());
  append_to(out);
  return out;
}

std::string Cid::to_string() const { return to_string(Multibase::base32); }

std::string Cid::to_string(Multibase base) const {
  const Bytes bytes = to_bytes();
  if (version == 0) return base58btc_encode(bytes);
  return multibase_encode(bytes, base);
}

Result<Cid> make_cid(std::uint8_t version, std::uint64_t codec, const Multihash& mh) {
  if (version > 1) return bad("CID: version must be 0 or 1");
  if (auto s = check_codec(codec); !s) return s.error();
  if (version == 0 && (codec != kCodecDagPb || mh.code != kHashSha2_256 || mh.size != 32)) {
    return bad("CIDv0: only dag-pb blocks with a sha2-256 multihash");
  }
  return Cid{version, codec, mh};
}

Result<CidRead> read_cid(ByteView in) {
  if (in.size() >= 2 && in[0] == 0x12 && in[1] == 0x20) {
    // CIDv0: a bare sha2-256 multihash of a dag-pb block.
    auto mh = read_multihash(in);
    if (!mh) return mh.error();
    return CidRead{Cid{0, kCodecDagPb, mh.value().mh}, mh.value().length};
  }
  auto version = read_uvarint(in, Errc::bad_cid);
  if (!version) return version.error();
  if (version.value().value != 1) {
    return bad(version.value().value == 0 ? "CID: explicit version 0 is not a valid CID"
                                          : "CID: unsupported version " + std::to_string(version.value().value));
  }
  std::size_t pos = version.value().length;
  auto codec = read_uvarint(in.subspan(pos), Errc::bad_cid);
  if (!codec) return codec.error();
  pos += codec.value().length;
  if (auto s = check_codec(codec.value().value); !s) return s.error();
  auto mh = read_multihash(in.subspan(pos));
  if (!mh) return mh.error();
  pos += mh.value().length;
  if (pos > kMaxCidBytes) return bad("CID: longer than " + std::to_string(kMaxCidBytes) + " bytes");
  return CidRead{Cid{1, codec.value().value, mh.value().mh}, pos};
}

Result<Cid> cid_from_bytes(ByteView in) {
  if (in.size() > kMaxCidBytes) return bad("CID: longer than " + std::to_string(kMaxCidBytes) + " bytes");
  auto r = read_cid(in);
  if (!r) return r.error();
  if (r.value().length != in.size()) return bad("CID: trailing bytes");
  return r.value().cid;
}

Result<Cid> parse_cid(std::string_view text) {
  if (text.size() == 46 && text[0] == 'Q' && text[1] == 'm') {
    auto bytes = base58btc_decode(text);
    if (!bytes) return bad("CIDv0: " + bytes.error().message);
    auto cid = cid_from_bytes(bytes.value());
    if (!cid) return cid.error();
    if (cid.value().version != 0) return bad("CIDv0: not a sha2-256 multihash");
    return cid;
  }
  if (text.empty()) return bad("CID: empty text");
  auto bytes = multibase_decode(text);
  if (!bytes) return bytes.error();
  if (!bytes.value().empty() && bytes.value()[0] == 0x12) { return bad("CID: a CIDv0 cannot be multibase-encoded"); }
  return cid_from_bytes(bytes.value());
}

}  // namespace ehr::ipfs
