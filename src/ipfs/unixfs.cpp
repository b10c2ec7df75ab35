#include "ipfs/unixfs.hpp"

#include <string>

#include "ipfs/varint.hpp"

namespace ehr::ipfs {
namespace {

Error bad(std::string message) { return Error{Errc::bad_unixfs, "unixfs: " + std::move(message)}; }

void put_varint_field(Bytes& out, std::uint8_t key, std::uint64_t v) {
  out.push_back(key);
  append_varint(out, v);
}

struct Reader {
  ByteView in;
  std::size_t pos = 0;

  Result<std::uint64_t> varint() {
    auto r = read_pb_varint(in.subspan(pos), Errc::bad_unixfs);
    if (!r) return r.error();
    pos += r.value().length;
    return r.value().value;
  }
  Result<ByteView> bytes() {
    auto n = varint();
    if (!n) return n.error();
    if (n.value() > in.size() - pos) return bad("truncated field");
    const auto len = static_cast<std::size_t>(n.value());
    const ByteView v = in.subspan(pos, len);
    pos += len;
    return v;
  }
};

Result<UnixTime> decode_time(ByteView in) {
  Reader r{in};
  UnixTime t;
  bool have_seconds = false;
  std::uint64_t last = 0;
  while (r.pos < in.size()) {
    auto key = r.varint();
    if (!key) return key.error();
    const std::uint64_t field = key.value() >> 3;
    const std::uint64_t wire = key.value() & 7U;
    if (field <= last) return bad("UnixTime: fields repeated or out of order");
    last = field;
    if (field == 1 && wire == 0) {
      auto v = r.varint();
      if (!v) return v.error();
      t.seconds = static_cast<std::int64_t>(v.value());
      have_seconds = true;
    } else if (field == 2 && wire == 5) {
      if (in.size() - r.pos < 4) return bad("UnixTime: truncated nanoseconds");
      std::uint32_t ns = 0;
      for (std::size_t i = 0; i < 4; ++i) ns |= static_cast<std::uint32_t>(in[r.pos + i]) << (8 * i);
      r.pos += 4;
      // Kept as read: the spec asks readers to ignore an out-of-range value, not to fail.
      t.nanos = ns;
    } else {
      return bad("UnixTime: unknown field or wire type");
    }
  }
  if (!have_seconds) return bad("UnixTime: missing Seconds");
  return t;
}

}  // namespace

void encode_unixfs(const UnixfsData& d, Bytes& out) {
  put_varint_field(out, 0x08, static_cast<std::uint64_t>(d.type));
  if (d.data) {
    out.push_back(0x12);
    append_varint(out, d.data->size());
    out.insert(out.end(), d.data->begin(), d.data->end());
  }
  if (d.filesize) put_varint_field(out, 0x18, *d.filesize);
  for (const std::uint64_t b : d.blocksizes) put_varint_field(out, 0x20, b);
  if (d.hash_type) put_varint_field(out, 0x28, *d.hash_type);
  if (d.fanout) put_varint_field(out, 0x30, *d.fanout);
  if (d.mode) put_varint_field(out, 0x38, *d.mode);
  if (d.mtime) {
    Bytes t;
    put_varint_field(t, 0x08, static_cast<std::uint64_t>(d.mtime->seconds));
    if (d.mtime->nanos) {
      t.push_back(0x15);
      for (std::size_t i = 0; i < 4; ++i) t.push_back(static_cast<std::uint8_t>(*d.mtime->nanos >> (8 * i)));
    }
    out.push_back(0x42);
    append_varint(out, t.size());
    out.insert(out.end(), t.begin(), t.end());
  }
}

Result<UnixfsData> decode_unixfs(ByteView in) {
  Reader r{in};
  UnixfsData d;
  bool have_type = false;
  std::uint64_t last = 0;
  while (r.pos < in.size()) {
    auto key = r.varint();
    if (!key) return key.error();
    const std::uint64_t field = key.value() >> 3;
    const std::uint64_t wire = key.value() & 7U;
    // Ascending field numbers; only blocksizes (4) may repeat.
    if (field < last || (field == last && field != 4)) return bad("fields repeated or out of order");
    last = field;
    const std::uint64_t want_wire = (field == 2 || field == 8) ? 2 : 0;
    if (field < 1 || field > 8) return bad("unknown field " + std::to_string(field));
    if (wire != want_wire) return bad("wrong wire type for field " + std::to_string(field));
    if (field == 2 || field == 8) {
      auto b = r.bytes();
      if (!b) return b.error();
      if (field == 2) {
        d.data = b.value();
      } else {
        auto t = decode_time(b.value());
        if (!t) return t.error();
        d.mtime = t.value();
      }
      continue;
    }
    auto v = r.varint();
    if (!v) return v.error();
    const std::uint64_t value = v.value();
    switch (field) {
      case 1:
        if (value > 5) return bad("unknown Type " + std::to_string(value));
        d.type = static_cast<UnixfsType>(value);
        have_type = true;
        break;
      case 3: d.filesize = value; break;
      case 4: d.blocksizes.push_back(value); break;
      case 5: d.hash_type = value; break;
      case 6: d.fanout = value; break;
      default:  // 7
        if (value > 0xffffffffU) return bad("mode out of range");
        d.mode = static_cast<std::uint32_t>(value);
        break;
    }
  }
  if (!have_type) return bad("missing Type");
  return d;
}

}  // namespace ehr::ipfs
