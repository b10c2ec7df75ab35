#include "records/chacha20_xor.hpp"

#include <cstring>

#include "crypto/secret.hpp"

// The vector code is compiled for WebAssembly SIMD (simd128) in the module; natively the same
// vectors are SSE2, part of x86-64. A module with SIMD needs Chrome/Edge 91, Firefox 89,
// Safari 16.4 or Node 16.4 and later (docs/record-format.md, "Performance").
#if defined(__wasm__)
#pragma clang attribute push(__attribute__((target("simd128"))), apply_to = function)
#endif

namespace ehr::records {
namespace {

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "keystream words are serialized little-endian");

typedef std::uint32_t u32x4 __attribute__((vector_size(16)));
typedef std::uint8_t u8x16 __attribute__((vector_size(16)));

inline u32x4 rotl(u32x4 x, int n) { return (x << n) | (x >> (32 - n)); }
// Rotations by 16 and 8 bits move whole bytes: one byte shuffle (pshufb, i8x16.shuffle).
inline u32x4 rotl16(u32x4 x) {
  const auto b = reinterpret_cast<u8x16&>(x);
  const u8x16 r = __builtin_shufflevector(b, b, 2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13);
  return reinterpret_cast<const u32x4&>(r);
}
inline u32x4 rotl8(u32x4 x) {
  const auto b = reinterpret_cast<u8x16&>(x);
  const u8x16 r = __builtin_shufflevector(b, b, 3, 0, 1, 2, 7, 4, 5, 6, 11, 8, 9, 10, 15, 12, 13, 14);
  return reinterpret_cast<const u32x4&>(r);
}

inline void quarter(u32x4& a, u32x4& b, u32x4& c, u32x4& d) {
  a += b; d ^= a; d = rotl16(d);
  c += d; b ^= c; b = rotl(b, 12);
  a += b; d ^= a; d = rotl8(d);
  c += d; b ^= c; b = rotl(b, 7);
}

inline std::uint32_t load32(const std::uint8_t* p) {
  std::uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

// The 16 state words of four consecutive blocks (counter .. counter + 3) after the 20 rounds and
// the final addition (RFC 8439 2.3): lane j of word i is word i of block j.
inline void rounds4(const std::uint32_t in[16], std::uint32_t counter, u32x4 out[16]) {
  // Sixteen named locals (not an array written through a pointer) so that the compiler keeps the
  // state in registers across the 20 rounds.
  const u32x4 ctr = u32x4{counter, counter + 1, counter + 2, counter + 3};
#define EHR_SPLAT(i) u32x4{in[i], in[i], in[i], in[i]}
  u32x4 x0 = EHR_SPLAT(0), x1 = EHR_SPLAT(1), x2 = EHR_SPLAT(2), x3 = EHR_SPLAT(3);
  u32x4 x4 = EHR_SPLAT(4), x5 = EHR_SPLAT(5), x6 = EHR_SPLAT(6), x7 = EHR_SPLAT(7);
  u32x4 x8 = EHR_SPLAT(8), x9 = EHR_SPLAT(9), x10 = EHR_SPLAT(10), x11 = EHR_SPLAT(11);
  u32x4 x12 = ctr, x13 = EHR_SPLAT(13), x14 = EHR_SPLAT(14), x15 = EHR_SPLAT(15);
  for (int r = 0; r < 10; ++r) {
    quarter(x0, x4, x8, x12);
    quarter(x1, x5, x9, x13);
    quarter(x2, x6, x10, x14);
    quarter(x3, x7, x11, x15);
    quarter(x0, x5, x10, x15);
    quarter(x1, x6, x11, x12);
    quarter(x2, x7, x8, x13);
    quarter(x3, x4, x9, x14);
  }
  // The final addition of the input words (RFC 8439 2.3); they are splats, recomputed.
  out[0] = x0 + EHR_SPLAT(0);
  out[1] = x1 + EHR_SPLAT(1);
  out[2] = x2 + EHR_SPLAT(2);
  out[3] = x3 + EHR_SPLAT(3);
  out[4] = x4 + EHR_SPLAT(4);
  out[5] = x5 + EHR_SPLAT(5);
  out[6] = x6 + EHR_SPLAT(6);
  out[7] = x7 + EHR_SPLAT(7);
  out[8] = x8 + EHR_SPLAT(8);
  out[9] = x9 + EHR_SPLAT(9);
  out[10] = x10 + EHR_SPLAT(10);
  out[11] = x11 + EHR_SPLAT(11);
  out[12] = x12 + ctr;
  out[13] = x13 + EHR_SPLAT(13);
  out[14] = x14 + EHR_SPLAT(14);
  out[15] = x15 + EHR_SPLAT(15);
#undef EHR_SPLAT
}

// Transposes words 4g..4g+3 of the four blocks: out[j] = those words of block j.
inline void transpose(const u32x4 x[16], int g, u32x4 out[4]) {
  const u32x4 a = x[4 * g], b = x[4 * g + 1], c = x[4 * g + 2], d = x[4 * g + 3];
  const u32x4 t0 = __builtin_shufflevector(a, b, 0, 4, 1, 5);
  const u32x4 t1 = __builtin_shufflevector(a, b, 2, 6, 3, 7);
  const u32x4 t2 = __builtin_shufflevector(c, d, 0, 4, 1, 5);
  const u32x4 t3 = __builtin_shufflevector(c, d, 2, 6, 3, 7);
  out[0] = __builtin_shufflevector(t0, t2, 0, 1, 4, 5);
  out[1] = __builtin_shufflevector(t0, t2, 2, 3, 6, 7);
  out[2] = __builtin_shufflevector(t1, t3, 0, 1, 4, 5);
  out[3] = __builtin_shufflevector(t1, t3, 2, 3, 6, 7);
}

// c[0..256) = m[0..256) XOR the keystream of four blocks.
void xor4(std::uint8_t* c, const std::uint8_t* m, const std::uint32_t in[16], std::uint32_t counter) {
  u32x4 x[16];
  rounds4(in, counter, x);
  for (int g = 0; g < 4; ++g) {
    u32x4 r[4];
    transpose(x, g, r);
    for (int j = 0; j < 4; ++j) {
      u32x4 v;
      std::memcpy(&v, m + 64 * j + 16 * g, 16);
      v ^= r[j];
      std::memcpy(c + 64 * j + 16 * g, &v, 16);
    }
  }
}

// The keystream of four blocks into ks[256].
void keystream4(std::uint8_t ks[256], const std::uint32_t in[16], std::uint32_t counter) {
  u32x4 x[16];
  rounds4(in, counter, x);
  for (int g = 0; g < 4; ++g) {
    u32x4 r[4];
    transpose(x, g, r);
    for (int j = 0; j < 4; ++j) std::memcpy(ks + 64 * j + 16 * g, &r[j], 16);
  }
}

}  // namespace

void chacha20_ietf_xor_ic(std::uint8_t* c, const std::uint8_t* m, std::size_t len, const std::uint8_t nonce[12],
                          std::uint32_t ic, const std::uint8_t key[32]) noexcept {
  // RFC 8439 2.3: constants, key, counter, nonce.
  std::uint32_t in[16] = {0x61707865, 0x3320646e, 0x79622d32, 0x6b206574};
  for (int i = 0; i < 8; ++i) in[4 + i] = load32(key + 4 * i);
  in[12] = ic;
  for (int i = 0; i < 3; ++i) in[13 + i] = load32(nonce + 4 * i);
  std::uint32_t counter = ic;
  while (len >= 256) {
    xor4(c, m, in, counter);
    counter += 4;
    m += 256;
    c += 256;
    len -= 256;
  }
  if (len > 0) {
    alignas(16) std::uint8_t ks[256];
    keystream4(ks, in, counter);
    for (std::size_t i = 0; i < len; ++i) c[i] = static_cast<std::uint8_t>(m[i] ^ ks[i]);
    crypto::wipe(ks, sizeof ks);
  }
  crypto::wipe(in, sizeof in);
}

}  // namespace ehr::records

#if defined(__wasm__)
#pragma clang attribute pop
#endif
