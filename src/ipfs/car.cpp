#include "ipfs/car.hpp"

#include <cstring>
#include <string>

#include "ipfs/block.hpp"
#include "ipfs/varint.hpp"

namespace ehr::ipfs {
namespace {

Error bad(std::string m) { return Error{Errc::bad_car, "car: " + std::move(m)}; }

// True when `in` is the start of a varint that more input could complete.
bool varint_incomplete(ByteView in) {
  if (in.size() >= kMaxMultiformatsVarint) return false;
  for (const std::uint8_t b : in) {
    if ((b & 0x80U) == 0) return false;
  }
  return true;
}

// ---- minimal DAG-CBOR (RFC 8949 major types, DAG-CBOR canonical form) ----------------------------
void cbor_head(Bytes& out, std::uint8_t major, std::uint64_t v) {
  const auto m = static_cast<std::uint8_t>(major << 5);
  if (v < 24) {
    out.push_back(static_cast<std::uint8_t>(m | v));
  } else if (v <= 0xff) {
    out.push_back(m | 24);
    out.push_back(static_cast<std::uint8_t>(v));
  } else if (v <= 0xffff) {
    out.push_back(m | 25);
    for (int s = 8; s >= 0; s -= 8) out.push_back(static_cast<std::uint8_t>(v >> s));
  } else if (v <= 0xffffffffU) {
    out.push_back(m | 26);
    for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<std::uint8_t>(v >> s));
  } else {
    out.push_back(m | 27);
    for (int s = 56; s >= 0; s -= 8) out.push_back(static_cast<std::uint8_t>(v >> s));
  }
}

void cbor_text(Bytes& out, std::string_view s) {
  cbor_head(out, 3, s.size());
  out.insert(out.end(), s.begin(), s.end());
}

struct Cbor {
  ByteView in;
  std::size_t pos = 0;

  // Reads a head; requires the shortest form (DAG-CBOR) and no indefinite lengths.
  Result<std::pair<std::uint8_t, std::uint64_t>> head() {
    if (pos >= in.size()) return bad("header: truncated CBOR");
    const std::uint8_t b = in[pos++];
    const auto major = static_cast<std::uint8_t>(b >> 5);
    const std::uint8_t info = b & 31U;
    if (info < 24) return std::pair{major, static_cast<std::uint64_t>(info)};
    if (info > 27) return bad("header: indefinite or reserved CBOR length");
    const std::size_t n = std::size_t{1} << (info - 24);
    if (in.size() - pos < n) return bad("header: truncated CBOR");
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < n; ++i) v = (v << 8) | in[pos++];
    const std::uint64_t min = n == 1 ? 24 : n == 2 ? 0x100 : n == 4 ? 0x10000 : 0x100000000ULL;
    if (v < min) return bad("header: non-canonical CBOR length");
    return std::pair{major, v};
  }

  Result<std::string_view> text() {
    auto h = head();
    if (!h) return h.error();
    if (h.value().first != 3) return bad("header: expected a text key");
    if (h.value().second > in.size() - pos) return bad("header: truncated CBOR text");
    const auto n = static_cast<std::size_t>(h.value().second);
    const std::string_view s(reinterpret_cast<const char*>(in.data() + pos), n);  // NOLINT
    pos += n;
    return s;
  }

  Result<Cid> cid() {
    auto tag = head();
    if (!tag) return tag.error();
    if (tag.value().first != 6 || tag.value().second != 42) return bad("header: root is not a CID (tag 42)");
    auto h = head();
    if (!h) return h.error();
    if (h.value().first != 2) return bad("header: CID is not a byte string");
    if (h.value().second > in.size() - pos || h.value().second < 2) return bad("header: bad CID byte string");
    const auto n = static_cast<std::size_t>(h.value().second);
    const ByteView bytes = in.subspan(pos, n);
    pos += n;
    if (bytes[0] != 0x00) return bad("header: CID without the 0x00 multibase prefix");
    return cid_from_bytes(bytes.subspan(1));
  }
};

}  // namespace

Bytes car_header(const std::vector<Cid>& roots) {
  Bytes body;
  cbor_head(body, 5, 2);  // map(2)
  cbor_text(body, "roots");
  cbor_head(body, 4, roots.size());
  for (const Cid& c : roots) {
    cbor_head(body, 6, 42);
    cbor_head(body, 2, c.encoded_size() + 1);
    body.push_back(0x00);
    c.append_to(body);
  }
  cbor_text(body, "version");
  cbor_head(body, 0, 1);
  Bytes out;
  append_varint(out, body.size());
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

Bytes car_section_head(const Cid& cid, std::size_t block_size) {
  Bytes out;
  append_varint(out, cid.encoded_size() + block_size);
  cid.append_to(out);
  return out;
}

Bytes car_write(const std::vector<Cid>& roots, const std::vector<std::pair<Cid, Bytes>>& blocks) {
  Bytes out = car_header(roots);
  for (const auto& [cid, block] : blocks) {
    const Bytes head = car_section_head(cid, block.size());
    out.insert(out.end(), head.begin(), head.end());
    out.insert(out.end(), block.begin(), block.end());
  }
  return out;
}

Result<CarHeader> decode_car_header(ByteView body) {
  Cbor c{body};
  auto map = c.head();
  if (!map) return map.error();
  if (map.value().first != 5 || map.value().second < 1 || map.value().second > 2) {
    return bad("header: expected a map of 'roots' and 'version'");
  }
  CarHeader h;
  bool have_roots = false;
  bool have_version = false;
  for (std::uint64_t i = 0; i < map.value().second; ++i) {
    auto key = c.text();
    if (!key) return key.error();
    // DAG-CBOR key order: shorter first, so "roots" before "version"; no repeats.
    if (key.value() == "roots" && !have_roots && !have_version) {
      auto arr = c.head();
      if (!arr) return arr.error();
      if (arr.value().first != 4) return bad("header: 'roots' is not an array");
      if (arr.value().second > kMaxCarRoots) return bad("header: too many roots");
      for (std::uint64_t k = 0; k < arr.value().second; ++k) {
        auto cid = c.cid();
        if (!cid) return cid.error();
        h.roots.push_back(cid.value());
      }
      have_roots = true;
    } else if (key.value() == "version" && !have_version) {
      auto v = c.head();
      if (!v) return v.error();
      if (v.value().first != 0) return bad("header: 'version' is not an unsigned integer");
      h.version = v.value().second;
      have_version = true;
    } else {
      return bad("header: unexpected, repeated or misordered key");
    }
  }
  if (c.pos != body.size()) return bad("header: trailing bytes");
  if (!have_version) return bad("header: no version");
  if (h.version == 1 && !have_roots) return bad("header: CARv1 without roots");
  if (h.version == 2 && have_roots) return bad("header: CARv2 pragma with roots");
  if (h.version != 1 && h.version != 2) return Error{Errc::unsupported, "car: version " + std::to_string(h.version)};
  return h;
}

// ---- reader ------------------------------------------------------------------------------------
namespace {
enum class Phase { header, v2_header, v2_skip, sections, v2_trailer, failed };
constexpr std::size_t kMaxHeader = 1U << 16;
constexpr std::size_t kV2HeaderSize = 40;
}  // namespace

struct CarReader::State {
  bool verify = true;
  Bytes buf;
  std::size_t begin = 0, end = 0;  // unread bytes are buf[begin, end)
  Phase phase = Phase::header;
  std::optional<std::vector<Cid>> roots;
  bool inner = false;              // reading the CARv1 payload of a CARv2
  std::uint64_t skip = 0;          // v2: bytes before the payload
  std::uint64_t payload_left = 0;  // v2: payload bytes not yet consumed

  std::size_t avail() const { return end - begin; }
  ByteView unread() const { return ByteView(buf.data() + begin, end - begin); }
  void consume(std::size_t n) {
    begin += n;
    if (inner && phase != Phase::v2_trailer) payload_left -= n;
  }
  Error fail(Error e) {
    phase = Phase::failed;
    return e;
  }
};

CarReader::CarReader(bool verify) : s_(std::make_unique<State>()) { s_->verify = verify; }
CarReader::CarReader(CarReader&&) noexcept = default;
CarReader& CarReader::operator=(CarReader&&) noexcept = default;
CarReader::~CarReader() = default;

std::span<std::uint8_t> CarReader::window(std::size_t min) {
  State& s = *s_;
  if (s.begin > 0 && (s.begin == s.end || s.buf.size() - s.end < min)) {
    std::memmove(s.buf.data(), s.buf.data() + s.begin, s.end - s.begin);
    s.end -= s.begin;
    s.begin = 0;
  }
  if (s.buf.size() - s.end < min) s.buf.resize(s.end + min);
  return std::span<std::uint8_t>(s.buf.data() + s.end, s.buf.size() - s.end);
}

Status CarReader::commit(std::size_t n) {
  if (n > s_->buf.size() - s_->end) return Error{Errc::bad_length, "car: commit beyond the window"};
  s_->end += n;
  return ok_status();
}

Status CarReader::feed(ByteView data) {
  auto w = window(data.size());
  if (!data.empty()) std::memcpy(w.data(), data.data(), data.size());
  return commit(data.size());
}

const std::optional<std::vector<Cid>>& CarReader::roots() const noexcept { return s_->roots; }

Result<std::optional<CarReader::Section>> CarReader::next() {
  State& s = *s_;
  for (;;) {
    switch (s.phase) {
      case Phase::failed: return bad("reader failed earlier");
      case Phase::v2_trailer:
        s.begin = s.end = 0;  // the CARv2 index: not needed to read the blocks
        return std::optional<Section>{};
      case Phase::v2_skip: {
        const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(s.skip, s.avail()));
        s.begin += n;
        s.skip -= n;
        if (s.skip > 0) return std::optional<Section>{};
        s.phase = Phase::header;
        s.inner = true;
        continue;
      }
      case Phase::v2_header: {
        if (s.avail() < kV2HeaderSize) return std::optional<Section>{};
        const ByteView h = s.unread();
        auto le64 = [&](std::size_t at) {
          std::uint64_t v = 0;
          for (std::size_t i = 0; i < 8; ++i) v |= static_cast<std::uint64_t>(h[at + i]) << (8 * i);
          return v;
        };
        const std::uint64_t data_offset = le64(16);
        const std::uint64_t data_size = le64(24);
        // The pragma (11 bytes) and this header come before the payload.
        if (data_offset < 11 + kV2HeaderSize) return s.fail(bad("v2: data offset inside the header"));
        s.begin += kV2HeaderSize;
        s.skip = data_offset - 11 - kV2HeaderSize;
        s.payload_left = data_size;
        s.phase = Phase::v2_skip;
        continue;
      }
      case Phase::header: {
        if (s.inner && s.payload_left == 0) return s.fail(bad("v2: empty payload"));
        if (s.avail() == 0) return std::optional<Section>{};
        auto len = read_uvarint(s.unread(), Errc::bad_car);
        if (!len) {
          if (varint_incomplete(s.unread())) return std::optional<Section>{};
          return s.fail(len.error());
        }
        const std::uint64_t n = len.value().value;
        if (n == 0 || n > kMaxHeader) return s.fail(bad("header length out of range"));
        if (s.avail() < len.value().length + n) return std::optional<Section>{};
        auto header = decode_car_header(s.unread().subspan(len.value().length, static_cast<std::size_t>(n)));
        if (!header) return s.fail(header.error());
        if (header.value().version == 2) {
          if (s.inner) return s.fail(bad("v2 payload is not CARv1"));
          // Pragma: varint 0x0a || a1 67 'version' 02 (11 bytes in all).
          if (len.value().length + n != 11) return s.fail(bad("v2: non-canonical pragma"));
          s.consume(11);
          s.phase = Phase::v2_header;
          continue;
        }
        if (s.inner && len.value().length + n > s.payload_left) return s.fail(bad("v2: header beyond the payload"));
        s.consume(len.value().length + static_cast<std::size_t>(n));
        s.roots = std::move(header.value().roots);
        s.phase = Phase::sections;
        continue;
      }
      case Phase::sections: {
        if (s.inner && s.payload_left == 0) {
          s.phase = Phase::v2_trailer;
          continue;
        }
        if (s.avail() == 0) return std::optional<Section>{};
        ByteView rest = s.unread();
        if (s.inner && rest.size() > s.payload_left) rest = rest.first(static_cast<std::size_t>(s.payload_left));
        auto len = read_uvarint(rest, Errc::bad_car);
        if (!len) {
          if (varint_incomplete(rest) && !(s.inner && rest.size() == s.payload_left)) return std::optional<Section>{};
          return s.fail(len.error());
        }
        const std::uint64_t n = len.value().value;
        if (n == 0 || n > kMaxBlockSize + kMaxCidBytes) return s.fail(bad("section length out of range"));
        if (s.inner && len.value().length + n > s.payload_left) return s.fail(bad("v2: section beyond the payload"));
        if (rest.size() < len.value().length + n) return std::optional<Section>{};
        const ByteView section = rest.subspan(len.value().length, static_cast<std::size_t>(n));
        auto cid = read_cid(section);
        if (!cid) return s.fail(cid.error());
        const ByteView block = section.subspan(cid.value().length);
        if (block.size() > kMaxBlockSize) return s.fail(bad("block larger than 2 MiB"));
        if (s.verify) {
          if (auto v = verify_block(cid.value().cid, block); !v) return s.fail(v.error());
        }
        s.consume(len.value().length + static_cast<std::size_t>(n));
        return std::optional<Section>{Section{cid.value().cid, block}};
      }
    }
  }
}

Status CarReader::finish() const {
  const State& s = *s_;
  switch (s.phase) {
    case Phase::failed: return bad("reader failed earlier");
    case Phase::sections:
      if (s.inner && s.payload_left != 0) return bad("v2: payload cut short");
      if (s.avail() != 0) return bad("input ends inside a section");
      return ok_status();
    case Phase::v2_trailer: return ok_status();
    default: return bad("input ends before the header is complete");
  }
}

}  // namespace ehr::ipfs
