#include "common/hex.hpp"

namespace ehr {
namespace {
constexpr char kDigits[] = "0123456789abcdef";

int nibble(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

std::string to_hex(ByteView in) {
  std::string out(in.size() * 2, '0');
  for (std::size_t i = 0; i < in.size(); ++i) {
    out[2 * i] = kDigits[in[i] >> 4];
    out[2 * i + 1] = kDigits[in[i] & 0x0f];
  }
  return out;
}

Result<Bytes> from_hex(std::string_view in) {
  if (in.size() >= 2 && in[0] == '0' && (in[1] == 'x' || in[1] == 'X')) in.remove_prefix(2);
  if (in.size() % 2 != 0) return Error{Errc::bad_encoding, "hex: odd number of digits"};
  Bytes out(in.size() / 2);
  for (std::size_t i = 0; i < out.size(); ++i) {
    const int hi = nibble(in[2 * i]);
    const int lo = nibble(in[2 * i + 1]);
    if (hi < 0 || lo < 0) return Error{Errc::bad_encoding, "hex: invalid digit"};
    out[i] = static_cast<std::uint8_t>((hi << 4) | lo);
  }
  return out;
}

}  // namespace ehr
