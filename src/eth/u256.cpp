#include "eth/u256.hpp"

#include <algorithm>

namespace ehr::eth {
namespace {

int hex_digit(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// hi:lo = a * b (64 x 64 -> 128 bits without __int128, which wasm32 emulates slowly).
inline void mul64(std::uint64_t a, std::uint64_t b, std::uint64_t& hi, std::uint64_t& lo) noexcept {
  const std::uint64_t a0 = a & 0xffffffffU, a1 = a >> 32, b0 = b & 0xffffffffU, b1 = b >> 32;
  const std::uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  const std::uint64_t mid = (p00 >> 32) + (p01 & 0xffffffffU) + (p10 & 0xffffffffU);
  lo = (p00 & 0xffffffffU) | (mid << 32);
  hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
}

// v = v * m + a; returns false on overflow past 2^256.
bool mul_small_add(U256& v, std::uint64_t m, std::uint64_t a) noexcept {
  std::uint64_t carry = a;
  for (auto& limb : v.w) {
    std::uint64_t hi = 0, lo = 0;
    mul64(limb, m, hi, lo);
    lo += carry;
    hi += lo < carry ? 1U : 0U;
    limb = lo;
    carry = hi;
  }
  return carry == 0;
}

// v = v / d (d < 2^31); returns the remainder.
std::uint32_t div_small(U256& v, std::uint32_t d) noexcept {
  std::uint64_t rem = 0;
  for (int i = 3; i >= 0; --i) {
    const auto k = static_cast<std::size_t>(i);
    const std::uint64_t hi = (rem << 32) | (v.w[k] >> 32);
    const std::uint64_t qh = hi / d;
    rem = hi % d;
    const std::uint64_t lo = (rem << 32) | (v.w[k] & 0xffffffffU);
    const std::uint64_t ql = lo / d;
    rem = lo % d;
    v.w[k] = (qh << 32) | ql;
  }
  return static_cast<std::uint32_t>(rem);
}

}  // namespace

U256 U256::from_be(ByteView be) noexcept {
  U256 out;
  const std::size_t n = std::min<std::size_t>(be.size(), 32);
  const std::size_t start = be.size() - n;
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t bitpos = 8 * (n - 1 - i);
    out.w[bitpos / 64] |= std::uint64_t{be[start + i]} << (bitpos % 64);
  }
  return out;
}

FixedBytes<32> U256::to_be32() const noexcept {
  FixedBytes<32> out{};
  for (std::size_t i = 0; i < 32; ++i) {
    const std::size_t bitpos = 8 * (31 - i);
    out[i] = static_cast<std::uint8_t>(w[bitpos / 64] >> (bitpos % 64));
  }
  return out;
}

Bytes U256::to_be_trimmed() const {
  const auto full = to_be32();
  std::size_t i = 0;
  while (i < 32 && full[i] == 0) ++i;
  return Bytes(full.begin() + static_cast<std::ptrdiff_t>(i), full.end());
}

unsigned U256::bit_length() const noexcept {
  for (int i = 3; i >= 0; --i) {
    const auto k = static_cast<std::size_t>(i);
    if (w[k] != 0) return static_cast<unsigned>(64 * i + 64 - __builtin_clzll(w[k]));
  }
  return 0;
}

Result<U256> U256::parse(std::string_view text) noexcept {
  U256 v;
  if (text.size() >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    text.remove_prefix(2);
    if (text.empty()) return Error{Errc::bad_encoding, "integer: no hex digits after 0x"};
    std::size_t i = 0;
    while (i + 1 < text.size() && text[i] == '0') ++i;  // leading zeros do not count towards 64
    if (text.size() - i > 64) return Error{Errc::too_large, "integer does not fit in 256 bits"};
    for (; i < text.size(); ++i) {
      const int d = hex_digit(text[i]);
      if (d < 0) return Error{Errc::bad_encoding, "integer: invalid hex digit"};
      (void)mul_small_add(v, 16, static_cast<std::uint32_t>(d));
    }
    return v;
  }
  if (text.empty()) return Error{Errc::bad_encoding, "integer: empty string"};
  for (char c : text) {
    if (c < '0' || c > '9') return Error{Errc::bad_encoding, "integer: invalid decimal digit"};
    if (!mul_small_add(v, 10, static_cast<std::uint32_t>(c - '0')))
      return Error{Errc::too_large, "integer does not fit in 256 bits"};
  }
  return v;
}

std::string U256::to_dec() const {
  if (is_zero()) return "0";
  U256 v = *this;
  std::string out;
  while (!v.is_zero()) {
    std::uint32_t r = div_small(v, 1000000000U);  // nine digits per pass
    if (!v.is_zero()) {
      for (int i = 0; i < 9; ++i, r /= 10) out.push_back(static_cast<char>('0' + r % 10));
    } else {
      do {
        out.push_back(static_cast<char>('0' + r % 10));
        r /= 10;
      } while (r != 0);
    }
  }
  std::reverse(out.begin(), out.end());
  return out;
}

std::string U256::to_quantity() const {
  static constexpr char kDigits[] = "0123456789abcdef";
  if (is_zero()) return "0x0";
  std::string out = "0x";
  const unsigned nibbles = (bit_length() + 3) / 4;
  for (unsigned i = nibbles; i-- > 0;) out.push_back(kDigits[(w[i / 16] >> (4 * (i % 16))) & 0xfU]);
  return out;
}

U256 add(const U256& a, const U256& b, bool& carry) noexcept {
  U256 out;
  unsigned c = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    const std::uint64_t s = a.w[i] + b.w[i];
    const unsigned c1 = s < a.w[i] ? 1U : 0U;
    out.w[i] = s + c;
    const unsigned c2 = out.w[i] < s ? 1U : 0U;
    c = c1 | c2;
  }
  carry = c != 0;
  return out;
}

U256 sub(const U256& a, const U256& b, bool& borrow) noexcept {
  U256 out;
  unsigned br = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    const std::uint64_t d = a.w[i] - b.w[i];
    const unsigned b1 = a.w[i] < b.w[i] ? 1U : 0U;
    out.w[i] = d - br;
    const unsigned b2 = d < br ? 1U : 0U;
    br = b1 | b2;
  }
  borrow = br != 0;
  return out;
}

U256 mul(const U256& a, const U256& b, bool& overflow) noexcept {
  std::array<std::uint64_t, 8> r{};
  for (std::size_t i = 0; i < 4; ++i) {
    std::uint64_t carry = 0;
    for (std::size_t j = 0; j < 4; ++j) {
      std::uint64_t hi = 0, lo = 0;
      mul64(a.w[i], b.w[j], hi, lo);
      lo += r[i + j];
      hi += lo < r[i + j] ? 1U : 0U;
      lo += carry;
      hi += lo < carry ? 1U : 0U;
      r[i + j] = lo;
      carry = hi;
    }
    r[i + 4] = carry;
  }
  overflow = (r[4] | r[5] | r[6] | r[7]) != 0;
  U256 out;
  for (std::size_t i = 0; i < 4; ++i) out.w[i] = r[i];
  return out;
}

U256 negate(const U256& a) noexcept {
  U256 inv;
  for (std::size_t i = 0; i < 4; ++i) inv.w[i] = ~a.w[i];
  bool carry = false;
  return add(inv, U256(1), carry);
}

U256 pow2(unsigned k) noexcept {
  U256 out;
  if (k < 256) out.w[k / 64] = std::uint64_t{1} << (k % 64);
  return out;
}

}  // namespace ehr::eth
