#include "ipfs/varint.hpp"

namespace ehr::ipfs {
namespace {

Result<VarintRead> read_leb128(ByteView in, std::size_t max_bytes, Errc code, const char* what) noexcept {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < in.size() && i < max_bytes; ++i) {
    const std::uint64_t b = in[i];
    const unsigned shift = static_cast<unsigned>(7 * i);
    // The 10th byte of a protobuf varint may only hold the 64th bit.
    if (shift == 63 && (b & 0x7eU) != 0) return Error{code, std::string(what) + ": varint exceeds 64 bits"};
    value |= (b & 0x7fU) << shift;
    if ((b & 0x80U) == 0) {
      // Minimal form: a multi-byte varint never ends in a zero group.
      if (i > 0 && b == 0) return Error{code, std::string(what) + ": non-minimal varint"};
      return VarintRead{value, i + 1};
    }
  }
  if (in.size() < max_bytes) return Error{code, std::string(what) + ": truncated varint"};
  return Error{code, std::string(what) + ": varint too long"};
}

}  // namespace

std::size_t varint_size(std::uint64_t value) noexcept {
  std::size_t n = 1;
  while (value >= 0x80) {
    value >>= 7;
    ++n;
  }
  return n;
}

std::size_t write_varint(std::uint8_t* out, std::uint64_t value) noexcept {
  std::size_t n = 0;
  while (value >= 0x80) {
    out[n++] = static_cast<std::uint8_t>((value & 0x7fU) | 0x80U);
    value >>= 7;
  }
  out[n++] = static_cast<std::uint8_t>(value);
  return n;
}

void append_varint(Bytes& out, std::uint64_t value) {
  std::uint8_t buf[kMaxProtobufVarint];
  const std::size_t n = write_varint(buf, value);
  out.insert(out.end(), buf, buf + n);
}

Result<VarintRead> read_uvarint(ByteView in, Errc code) noexcept {
  return read_leb128(in, kMaxMultiformatsVarint, code, "unsigned-varint");
}

Result<VarintRead> read_pb_varint(ByteView in, Errc code) noexcept {
  return read_leb128(in, kMaxProtobufVarint, code, "protobuf");
}

}  // namespace ehr::ipfs
