#include "crypto/aes_ctr.hpp"

#include <algorithm>
#include <cstring>

#include "crypto/secret.hpp"

namespace ehr::crypto {
namespace {

// State layout: byte k of the 16-byte block (FIPS 197 input order, row k % 4, column k / 4) is
// byte k % 8 (little-endian) of word k / 8. So each 64-bit word holds two columns, each in a
// 32-bit lane with row r at bits 8r..8r+7.
constexpr std::uint64_t kLo1 = 0x0101010101010101ULL;
constexpr std::uint64_t kHi7 = 0x7f7f7f7f7f7f7f7fULL;

// Multiplication by x in GF(2^8) on each byte (FIPS 197 section 4.2.1, reduction by 0x11b).
inline std::uint64_t xtime(std::uint64_t a) noexcept { return ((a & kHi7) << 1) ^ (((a >> 7) & kLo1) * 0x1b); }

// Byte-wise GF(2^8) product a * b: for each bit i of b, add a * x^i under a mask made from that
// bit (a multiply, not a branch).
// Kept as one small loop (not unrolled or inlined into eleven copies): keystores encrypt two
// blocks, so code size matters more here than speed.
[[gnu::noinline]] std::uint64_t gmul(std::uint64_t a, std::uint64_t b) noexcept {
  std::uint64_t r = 0;
#pragma clang loop unroll(disable)
  for (unsigned i = 0; i < 8; ++i) {
    r ^= a & (((b >> i) & kLo1) * 0xff);
    a = xtime(a);
  }
  return r;
}

// Byte-wise left rotation by k (1..7).
inline std::uint64_t rotl8(std::uint64_t x, unsigned k) noexcept {
  const std::uint64_t hi = kLo1 * ((0xffU << k) & 0xffU);
  const std::uint64_t lo = kLo1 * (0xffU >> (8 - k));
  return ((x << k) & hi) | ((x >> (8 - k)) & lo);
}

// The S-box on eight bytes (FIPS 197 section 5.1.1): the multiplicative inverse (0 maps to 0),
// computed as x^254 = x^(2+1)...: x^2, x^3, x^6, x^12, x^15, x^30, x^60, x^120, x^126, x^127,
// x^254; then b ^ rotl(b,1) ^ rotl(b,2) ^ rotl(b,3) ^ rotl(b,4) ^ 0x63.
[[gnu::noinline]] std::uint64_t sub_bytes(std::uint64_t x) noexcept {
  const std::uint64_t x2 = gmul(x, x);
  const std::uint64_t x3 = gmul(x2, x);
  const std::uint64_t x6 = gmul(x3, x3);
  const std::uint64_t x12 = gmul(x6, x6);
  const std::uint64_t x15 = gmul(x12, x3);
  const std::uint64_t x30 = gmul(x15, x15);
  const std::uint64_t x60 = gmul(x30, x30);
  const std::uint64_t x120 = gmul(x60, x60);
  const std::uint64_t x126 = gmul(x120, x6);
  const std::uint64_t x127 = gmul(x126, x);
  const std::uint64_t inv = gmul(x127, x127);
  return inv ^ rotl8(inv, 1) ^ rotl8(inv, 2) ^ rotl8(inv, 3) ^ rotl8(inv, 4) ^ (kLo1 * 0x63);
}

inline std::uint8_t byte_of(const std::uint64_t s[2], unsigned k) noexcept {
  return static_cast<std::uint8_t>(s[k / 8] >> (8 * (k % 8)));
}

// ShiftRows (section 5.1.2): row r rotates left by r columns: new(r, c) = old(r, c + r mod 4).
inline void shift_rows(std::uint64_t s[2]) noexcept {
  std::uint64_t out[2] = {0, 0};
  for (unsigned c = 0; c < 4; ++c) {
    for (unsigned r = 0; r < 4; ++r) {
      const unsigned from = r + 4 * ((c + r) % 4);
      const unsigned to = r + 4 * c;
      out[to / 8] |= std::uint64_t{byte_of(s, from)} << (8 * (to % 8));
    }
  }
  s[0] = out[0];
  s[1] = out[1];
}

// Rotates each 32-bit column lane right by k bytes, so that row r receives row r + k (mod 4).
inline std::uint64_t rot_rows(std::uint64_t x, unsigned k) noexcept {
  const unsigned b = 8 * k;
  const std::uint64_t mask_r = (0xffffffffULL >> b) * 0x0000000100000001ULL;
  return ((x >> b) & mask_r) | ((x << (32 - b)) & ~mask_r);
}

// MixColumns (section 5.1.3): b_r = 2 a_r + 3 a_{r+1} + a_{r+2} + a_{r+3}
//                                 = 2 (a_r + a_{r+1}) + a_{r+1} + a_{r+2} + a_{r+3}.
inline std::uint64_t mix_columns(std::uint64_t a) noexcept {
  const std::uint64_t a1 = rot_rows(a, 1), a2 = rot_rows(a, 2), a3 = rot_rows(a, 3);
  return xtime(a ^ a1) ^ a1 ^ a2 ^ a3;
}

inline std::uint64_t load_le(const std::uint8_t* p) noexcept {
  std::uint64_t v = 0;
  for (unsigned i = 0; i < 8; ++i) v |= std::uint64_t{p[i]} << (8 * i);
  return v;
}

inline void store_le(std::uint8_t* p, std::uint64_t v) noexcept {
  for (unsigned i = 0; i < 8; ++i) p[i] = static_cast<std::uint8_t>(v >> (8 * i));
}

}  // namespace

Aes128::Aes128(std::span<const std::uint8_t, 16> key) noexcept {
  // Key expansion (section 5.2) with 32-bit words w[i] holding bytes little-endian.
  std::uint32_t w[44];
  for (unsigned i = 0; i < 4; ++i)
    w[i] = std::uint32_t{key[4 * i]} | std::uint32_t{key[4 * i + 1]} << 8 | std::uint32_t{key[4 * i + 2]} << 16 |
           std::uint32_t{key[4 * i + 3]} << 24;
  std::uint8_t rcon = 1;
  for (unsigned i = 4; i < 44; ++i) {
    std::uint32_t t = w[i - 1];
    if (i % 4 == 0) {
      t = (t >> 8) | (t << 24);                      // RotWord
      t = static_cast<std::uint32_t>(sub_bytes(t));  // SubWord (upper 4 bytes unused)
      t ^= rcon;                                     // Rcon (public)
      rcon = static_cast<std::uint8_t>((rcon << 1) ^ ((rcon >> 7) * 0x1b));
    }
    w[i] = w[i - 4] ^ t;
  }
  for (unsigned r = 0; r < 11; ++r) {
    rk_[2 * r] = std::uint64_t{w[4 * r]} | std::uint64_t{w[4 * r + 1]} << 32;
    rk_[2 * r + 1] = std::uint64_t{w[4 * r + 2]} | std::uint64_t{w[4 * r + 3]} << 32;
  }
  wipe(w, sizeof w);
}

Aes128::~Aes128() { wipe(rk_.data(), sizeof rk_); }

void Aes128::encrypt_block(std::span<const std::uint8_t, 16> in, std::span<std::uint8_t, 16> out) const noexcept {
  std::uint64_t s[2] = {load_le(in.data()) ^ rk_[0], load_le(in.data() + 8) ^ rk_[1]};
  for (unsigned round = 1; round <= 10; ++round) {
    s[0] = sub_bytes(s[0]);
    s[1] = sub_bytes(s[1]);
    shift_rows(s);
    if (round != 10) {
      s[0] = mix_columns(s[0]);
      s[1] = mix_columns(s[1]);
    }
    s[0] ^= rk_[2 * round];
    s[1] ^= rk_[2 * round + 1];
  }
  store_le(out.data(), s[0]);
  store_le(out.data() + 8, s[1]);
  wipe(s, sizeof s);
}

void aes128_ctr(std::span<const std::uint8_t, 16> key, std::span<const std::uint8_t, 16> iv, ByteView in,
                std::span<std::uint8_t> out) noexcept {
  const Aes128 aes(key);
  std::array<std::uint8_t, 16> counter{};
  std::memcpy(counter.data(), iv.data(), 16);
  std::array<std::uint8_t, 16> ks{};
  for (std::size_t off = 0; off < in.size(); off += 16) {
    aes.encrypt_block(counter, ks);
    const std::size_t n = std::min<std::size_t>(16, in.size() - off);
    for (std::size_t i = 0; i < n; ++i) out[off + i] = static_cast<std::uint8_t>(in[off + i] ^ ks[i]);
    // Increment the 128-bit big-endian counter (SP 800-38A appendix B.1), wrapping at 2^128.
    unsigned carry = 1;
    for (std::size_t i = 16; i-- > 0;) {
      const unsigned v = counter[i] + carry;
      counter[i] = static_cast<std::uint8_t>(v);
      carry = v >> 8;
    }
  }
  wipe(ks.data(), ks.size());
  wipe(counter.data(), counter.size());
}

}  // namespace ehr::crypto
