#include "ipfs/multibase.hpp"

#include <array>

#include "common/hex.hpp"

namespace ehr::ipfs {
namespace {

constexpr char kBase32Lower[] = "abcdefghijklmnopqrstuvwxyz234567";
constexpr char kBase58[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

Error bad(std::string message) { return Error{Errc::bad_multibase, std::move(message)}; }

int base32_value(char c, bool upper) noexcept {
  const char a = upper ? 'A' : 'a';
  const char z = upper ? 'Z' : 'z';
  if (c >= a && c <= z) return c - a;
  if (c >= '2' && c <= '7') return c - '2' + 26;
  return -1;
}

constexpr std::array<std::int8_t, 128> base58_table() {
  std::array<std::int8_t, 128> t{};
  for (auto& v : t) v = -1;
  for (int i = 0; i < 58; ++i) t[static_cast<std::size_t>(kBase58[i])] = static_cast<std::int8_t>(i);
  return t;
}
constexpr auto kBase58Values = base58_table();

}  // namespace

std::string base32_encode(ByteView in) {
  std::string out;
  out.reserve((in.size() * 8 + 4) / 5);
  std::uint32_t buffer = 0;
  unsigned bits = 0;
  for (const std::uint8_t b : in) {
    buffer = (buffer << 8) | b;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out.push_back(kBase32Lower[(buffer >> bits) & 31U]);
    }
    buffer &= (1U << bits) - 1U;
  }
  if (bits > 0) out.push_back(kBase32Lower[(buffer << (5 - bits)) & 31U]);
  return out;
}

Result<Bytes> base32_decode(std::string_view in, bool upper) {
  if (in.size() > kMaxMultibaseText) return bad("base32: text too long");
  // RFC 4648 section 6: 8 characters carry 5 bytes; a final group of 1, 3 or 6 characters
  // cannot come from any byte string.
  const std::size_t rem = in.size() % 8;
  if (rem == 1 || rem == 3 || rem == 6) return bad("base32: impossible length");
  Bytes out;
  out.reserve(in.size() * 5 / 8);
  std::uint32_t buffer = 0;
  unsigned bits = 0;
  for (const char c : in) {
    const int v = base32_value(c, upper);
    if (v < 0) return bad(std::string("base32: invalid character '") + c + "'");
    buffer = (buffer << 5) | static_cast<std::uint32_t>(v);
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<std::uint8_t>(buffer >> bits));
      buffer &= (1U << bits) - 1U;
    }
  }
  // The leftover bits of the last character are padding and must be zero (canonical form).
  if (buffer != 0) return bad("base32: non-zero trailing bits");
  return out;
}

std::string base58btc_encode(ByteView in) {
  std::size_t zeros = 0;
  while (zeros < in.size() && in[zeros] == 0) ++zeros;
  // log(256)/log(58) < 1.38: enough base-58 digits for the rest.
  std::vector<std::uint8_t> digits((in.size() - zeros) * 138 / 100 + 1, 0);
  std::size_t used = 0;
  for (std::size_t i = zeros; i < in.size(); ++i) {
    std::uint32_t carry = in[i];
    std::size_t j = 0;
    for (auto it = digits.rbegin(); (carry != 0 || j < used) && it != digits.rend(); ++it, ++j) {
      carry += 256U * *it;
      *it = static_cast<std::uint8_t>(carry % 58U);
      carry /= 58U;
    }
    used = j;
  }
  std::size_t start = digits.size() - used;
  while (start < digits.size() && digits[start] == 0) ++start;
  std::string out(zeros, '1');
  for (std::size_t i = start; i < digits.size(); ++i) out.push_back(kBase58[digits[i]]);
  return out;
}

Result<Bytes> base58btc_decode(std::string_view in) {
  if (in.size() > kMaxMultibaseText) return bad("base58btc: text too long");
  std::size_t ones = 0;
  while (ones < in.size() && in[ones] == '1') ++ones;
  // log(58)/log(256) < 0.733: enough bytes for the rest.
  std::vector<std::uint8_t> bytes((in.size() - ones) * 733 / 1000 + 1, 0);
  std::size_t used = 0;
  for (std::size_t i = ones; i < in.size(); ++i) {
    const auto c = static_cast<unsigned char>(in[i]);
    const int v = c < 128 ? kBase58Values[c] : -1;
    if (v < 0) return bad(std::string("base58btc: invalid character '") + in[i] + "'");
    std::uint32_t carry = static_cast<std::uint32_t>(v);
    std::size_t j = 0;
    for (auto it = bytes.rbegin(); (carry != 0 || j < used) && it != bytes.rend(); ++it, ++j) {
      carry += 58U * *it;
      *it = static_cast<std::uint8_t>(carry & 0xffU);
      carry >>= 8;
    }
    used = j;
  }
  std::size_t start = bytes.size() - used;
  while (start < bytes.size() && bytes[start] == 0) ++start;
  Bytes out(ones, 0);
  out.insert(out.end(), bytes.begin() + static_cast<std::ptrdiff_t>(start), bytes.end());
  return out;
}

std::string multibase_encode(ByteView in, Multibase base) {
  switch (base) {
    case Multibase::base32: return "b" + base32_encode(in);
    case Multibase::base58btc: return "z" + base58btc_encode(in);
    case Multibase::base16: return "f" + to_hex(in);
  }
  return {};
}

Result<Bytes> multibase_decode(std::string_view text) {
  if (text.empty()) return bad("multibase: empty text");
  if (text.size() > kMaxMultibaseText) return bad("multibase: text too long");
  const std::string_view body = text.substr(1);
  switch (text[0]) {
    case 'b': return base32_decode(body, false);
    case 'B': return base32_decode(body, true);
    case 'z': return base58btc_decode(body);
    case 'f':
    case 'F': {
      // One case per text, as with base32.
      const char lo = text[0] == 'f' ? 'a' : 'A';
      for (const char c : body) {
        const bool digit = c >= '0' && c <= '9';
        const bool letter = c >= lo && c <= static_cast<char>(lo + 5);
        if (!digit && !letter) return bad(std::string("base16: invalid character '") + c + "'");
      }
      auto r = from_hex(body);
      if (!r) return bad("base16: " + r.error().message);
      return std::move(r).value();
    }
    default: return bad(std::string("multibase: unsupported prefix '") + text[0] + "'");
  }
}

}  // namespace ehr::ipfs
