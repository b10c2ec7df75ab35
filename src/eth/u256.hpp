// U256: the unsigned 256-bit integer of Ethereum (transaction fields, ABI uint/int words), with
// the few operations the codecs need: big-endian bytes in and out, decimal and hex text, compare,
// add, subtract, multiply with overflow detection and two's complement negation.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/bytes.hpp"
#include "common/result.hpp"

namespace ehr::eth {

struct U256 {
  /// Little-endian 64-bit limbs: w[0] is the least significant.
  std::array<std::uint64_t, 4> w{};

  constexpr U256() noexcept = default;
  constexpr explicit U256(std::uint64_t v) noexcept : w{v, 0, 0, 0} {}

  /// The value of up to 32 big-endian bytes (leading zeros allowed). More than 32 bytes: the
  /// caller checks first (only the last 32 are used).
  static U256 from_be(ByteView be) noexcept;
  /// 32 big-endian bytes.
  [[nodiscard]] FixedBytes<32> to_be32() const noexcept;
  /// Minimal big-endian bytes: empty for zero, no leading zero byte otherwise (RLP integers).
  [[nodiscard]] Bytes to_be_trimmed() const;

  /// Parses a non-negative integer: decimal digits, or "0x" followed by 1..64 hex digits.
  /// Fails with bad_encoding on a bad digit or an empty string, too_large above 2^256 - 1.
  static Result<U256> parse(std::string_view text) noexcept;
  /// Decimal digits, "0" for zero.
  [[nodiscard]] std::string to_dec() const;
  /// "0x" + minimal lower-case hex digits ("0x0" for zero), as JSON-RPC quantities are written.
  [[nodiscard]] std::string to_quantity() const;

  [[nodiscard]] bool is_zero() const noexcept { return (w[0] | w[1] | w[2] | w[3]) == 0; }
  /// Number of significant bits (0 for zero).
  [[nodiscard]] unsigned bit_length() const noexcept;
  /// True if the value is below 2^64.
  [[nodiscard]] bool fits_u64() const noexcept { return (w[1] | w[2] | w[3]) == 0; }
  [[nodiscard]] std::uint64_t low64() const noexcept { return w[0]; }
  /// Bit i (0 = least significant).
  [[nodiscard]] bool bit(unsigned i) const noexcept { return ((w[i / 64] >> (i % 64)) & 1U) != 0; }

  friend bool operator==(const U256& a, const U256& b) noexcept = default;
  friend std::strong_ordering operator<=>(const U256& a, const U256& b) noexcept {
    for (int i = 3; i >= 0; --i) {
      const auto k = static_cast<std::size_t>(i);
      if (a.w[k] != b.w[k]) return a.w[k] < b.w[k] ? std::strong_ordering::less : std::strong_ordering::greater;
    }
    return std::strong_ordering::equal;
  }
};

/// a + b modulo 2^256; `carry` is set when the true sum does not fit.
U256 add(const U256& a, const U256& b, bool& carry) noexcept;
/// a - b modulo 2^256; `borrow` is set when b > a.
U256 sub(const U256& a, const U256& b, bool& borrow) noexcept;
/// a * b modulo 2^256; `overflow` is set when the true product does not fit.
U256 mul(const U256& a, const U256& b, bool& overflow) noexcept;
/// Two's complement negation modulo 2^256.
U256 negate(const U256& a) noexcept;
/// 2^k for k < 256.
U256 pow2(unsigned k) noexcept;

}  // namespace ehr::eth
