// RIPEMD-160 as specified by its authors ("RIPEMD-160: A Strengthened Version of RIPEMD", the
// pseudo-code in appendix A): two parallel lines of five rounds of 16 steps over a 512-bit block.
#include "eth/ripemd160.hpp"

#include "crypto/sha256.hpp"

namespace ehr::eth {
namespace {

inline std::uint32_t rol(std::uint32_t x, unsigned s) noexcept { return (x << s) | (x >> (32 - s)); }

// f(j, x, y, z) for rounds 0..4.
inline std::uint32_t f(unsigned round, std::uint32_t x, std::uint32_t y, std::uint32_t z) noexcept {
  switch (round) {
    case 0: return x ^ y ^ z;
    case 1: return (x & y) | (~x & z);
    case 2: return (x | ~y) ^ z;
    case 3: return (x & z) | (y & ~z);
    default: return x ^ (y | ~z);
  }
}

constexpr std::uint32_t kLeftK[5] = {0x00000000U, 0x5a827999U, 0x6ed9eba1U, 0x8f1bbcdcU, 0xa953fd4eU};
constexpr std::uint32_t kRightK[5] = {0x50a28be6U, 0x5c4dd124U, 0x6d703ef3U, 0x7a6d76e9U, 0x00000000U};

// Message word selection r, r' and rotation amounts s, s' (appendix A).
constexpr unsigned kR[80] = {0,  1, 2,  3, 4,  5,  6, 7,  8, 9,  10, 11, 12, 13, 14, 15, 7,  4,  13, 1,
                             10, 6, 15, 3, 12, 0,  9, 5,  2, 14, 11, 8,  3,  10, 14, 4,  9,  15, 8,  1,
                             2,  7, 0,  6, 13, 11, 5, 12, 1, 9,  11, 10, 0,  8,  12, 4,  13, 3,  7,  15,
                             14, 5, 6,  2, 4,  0,  5, 9,  7, 12, 2,  10, 14, 1,  3,  8,  11, 6,  15, 13};
constexpr unsigned kRp[80] = {5,  14, 7,  0,  9,  2,  11, 4,  13, 6, 15, 8, 1,  10, 3,  12, 6, 11, 3, 7,
                              0,  13, 5,  10, 14, 15, 8,  12, 4,  9, 1,  2, 15, 5,  1,  3,  7, 14, 6, 9,
                              11, 8,  12, 2,  10, 0,  4,  13, 8,  6, 4,  1, 3,  11, 15, 0,  5, 12, 2, 13,
                              9,  7,  10, 14, 12, 15, 10, 4,  1,  5, 8,  7, 6,  2,  13, 14, 0, 3,  9, 11};
constexpr unsigned kS[80] = {11, 14, 15, 12, 5, 8,  7,  9,  11, 13, 14, 15, 6,  7,  9,  8,  7,  6,  8,  13,
                             11, 9,  7,  15, 7, 12, 15, 9,  11, 7,  13, 12, 11, 13, 6,  7,  14, 9,  13, 15,
                             14, 8,  13, 6,  5, 12, 7,  5,  11, 12, 14, 15, 14, 15, 9,  8,  9,  14, 5,  6,
                             8,  6,  5,  12, 9, 15, 5,  11, 6,  8,  13, 12, 5,  12, 13, 14, 11, 8,  5,  6};
constexpr unsigned kSp[80] = {8,  9,  9,  11, 13, 15, 15, 5, 7,  7,  8,  11, 14, 14, 12, 6,  9,  13, 15, 7,
                              12, 8,  9,  11, 7,  7,  12, 7, 6,  15, 13, 11, 9,  7,  15, 11, 8,  6,  6,  14,
                              12, 13, 5,  14, 13, 13, 7,  5, 15, 5,  8,  11, 14, 14, 6,  14, 6,  9,  12, 9,
                              12, 5,  15, 8,  8,  5,  12, 9, 12, 5,  14, 6,  8,  13, 6,  5,  15, 13, 11, 11};

void compress(std::uint32_t h[5], const std::uint8_t block[64]) noexcept {
  std::uint32_t x[16];
  for (unsigned i = 0; i < 16; ++i)
    x[i] = std::uint32_t{block[4 * i]} | std::uint32_t{block[4 * i + 1]} << 8 | std::uint32_t{block[4 * i + 2]} << 16 |
           std::uint32_t{block[4 * i + 3]} << 24;
  std::uint32_t al = h[0], bl = h[1], cl = h[2], dl = h[3], el = h[4];
  std::uint32_t ar = h[0], br = h[1], cr = h[2], dr = h[3], er = h[4];
  for (unsigned j = 0; j < 80; ++j) {
    const unsigned round = j / 16;
    std::uint32_t t = rol(al + f(round, bl, cl, dl) + x[kR[j]] + kLeftK[round], kS[j]) + el;
    al = el;
    el = dl;
    dl = rol(cl, 10);
    cl = bl;
    bl = t;
    t = rol(ar + f(4 - round, br, cr, dr) + x[kRp[j]] + kRightK[round], kSp[j]) + er;
    ar = er;
    er = dr;
    dr = rol(cr, 10);
    cr = br;
    br = t;
  }
  const std::uint32_t t = h[1] + cl + dr;
  h[1] = h[2] + dl + er;
  h[2] = h[3] + el + ar;
  h[3] = h[4] + al + br;
  h[4] = h[0] + bl + cr;
  h[0] = t;
}

}  // namespace

FixedBytes<20> ripemd160(ByteView data) noexcept {
  std::uint32_t h[5] = {0x67452301U, 0xefcdab89U, 0x98badcfeU, 0x10325476U, 0xc3d2e1f0U};
  std::size_t i = 0;
  for (; i + 64 <= data.size(); i += 64) compress(h, data.data() + i);
  // Padding: 0x80, zeros, and the bit length as 64-bit little-endian (like MD4).
  std::uint8_t block[128] = {};
  const std::size_t rest = data.size() - i;
  for (std::size_t k = 0; k < rest; ++k) block[k] = data[i + k];
  block[rest] = 0x80;
  const std::size_t total = rest < 56 ? 64 : 128;
  const std::uint64_t bits = static_cast<std::uint64_t>(data.size()) * 8;
  for (unsigned k = 0; k < 8; ++k) block[total - 8 + k] = static_cast<std::uint8_t>(bits >> (8 * k));
  compress(h, block);
  if (total == 128) compress(h, block + 64);
  FixedBytes<20> out{};
  for (unsigned k = 0; k < 5; ++k)
    for (unsigned b = 0; b < 4; ++b) out[4 * k + b] = static_cast<std::uint8_t>(h[k] >> (8 * b));
  return out;
}

FixedBytes<20> hash160(ByteView data) noexcept {
  const Hash32 s = crypto::sha256(data);
  return ripemd160(s);
}

}  // namespace ehr::eth
