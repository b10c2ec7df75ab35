// SHA-256, FIPS 180-4 section 6.2. Per block, the message schedule is computed first (with 128-bit
// vectors where the compiler has them) into K[t] + W[t]; the 64 rounds are then written out, the
// working variables a..h rotating by renaming rather than by moving, so they stay in registers.
#include "crypto/sha256.hpp"

#include <cstring>

#include "crypto/secret.hpp"

namespace ehr::crypto {
namespace {

// FIPS 180-4 4.2.2: the first 32 bits of the fractional parts of the cube roots of the first 64
// primes.
alignas(16) constexpr std::uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

// FIPS 180-4 5.3.3: initial hash value H(0).
constexpr std::uint32_t kInit[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                    0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

inline std::uint32_t rotr(std::uint32_t x, unsigned n) noexcept { return (x >> n) | (x << (32U - n)); }

inline void store_be32(std::uint8_t* p, std::uint32_t v) noexcept {
  p[0] = static_cast<std::uint8_t>(v >> 24);
  p[1] = static_cast<std::uint8_t>(v >> 16);
  p[2] = static_cast<std::uint8_t>(v >> 8);
  p[3] = static_cast<std::uint8_t>(v);
}

// FIPS 180-4 4.1.2 functions (4.2, 4.3, 4.4, 4.5; sigma0 and sigma1, 4.6 and 4.7, are with the
// schedule below). Ch and Maj in the forms with one
// fewer operation: Ch(x,y,z) = z ^ (x & (y ^ z)), Maj(x,y,z) = (x & y) | (z & (x | y)).
inline std::uint32_t big_sigma0(std::uint32_t x) noexcept { return rotr(x, 2) ^ rotr(x, 13) ^ rotr(x, 22); }
inline std::uint32_t big_sigma1(std::uint32_t x) noexcept { return rotr(x, 6) ^ rotr(x, 11) ^ rotr(x, 25); }
inline std::uint32_t ch(std::uint32_t x, std::uint32_t y, std::uint32_t z) noexcept { return z ^ (x & (y ^ z)); }
inline std::uint32_t maj(std::uint32_t x, std::uint32_t y, std::uint32_t z) noexcept { return (x & y) | (z & (x | y)); }

}  // namespace

// One round (6.2.2 step 3) with the working variables named by position: after the round, the
// caller's `h` holds the new a and `d` the new e, so the next round passes them rotated by one.
// `kw` is K[t] + W[t].
#define EHR_SHA256_ROUND(a, b, c, d, e, f, g, h, kw)                 \
  do {                                                               \
    const std::uint32_t t1 = h + big_sigma1(e) + ch(e, f, g) + (kw); \
    d += t1;                                                         \
    h = t1 + big_sigma0(a) + maj(a, b, c);                           \
  } while (0)

// Eight rounds starting at round i, reading K[t] + W[t] from kw[i..i+7].
#define EHR_SHA256_ROUNDS8(i)                            \
  EHR_SHA256_ROUND(a, b, c, d, e, f, g, h, kw[(i) + 0]); \
  EHR_SHA256_ROUND(h, a, b, c, d, e, f, g, kw[(i) + 1]); \
  EHR_SHA256_ROUND(g, h, a, b, c, d, e, f, kw[(i) + 2]); \
  EHR_SHA256_ROUND(f, g, h, a, b, c, d, e, kw[(i) + 3]); \
  EHR_SHA256_ROUND(e, f, g, h, a, b, c, d, kw[(i) + 4]); \
  EHR_SHA256_ROUND(d, e, f, g, h, a, b, c, kw[(i) + 5]); \
  EHR_SHA256_ROUND(c, d, e, f, g, h, a, b, kw[(i) + 6]); \
  EHR_SHA256_ROUND(b, c, d, e, f, g, h, a, kw[(i) + 7])

namespace {

#if defined(__clang__) && (defined(__wasm_simd128__) || defined(__SSE2__) || defined(__ARM_NEON))
// The message schedule four words at a time with 128-bit vectors (clang vector extensions: wasm
// SIMD128 in the module, SSE2 or NEON natively), written once into kw[0..63] as K[t] + W[t];
// the rounds then only read kw. The schedule and the rounds of the same block are independent
// work that the CPU overlaps.
using u32x4 = std::uint32_t __attribute__((vector_size(16)));
using u8x16 = std::uint8_t __attribute__((vector_size(16)));

inline u32x4 load_be32x4(const std::uint8_t* p) noexcept {
  u8x16 v;
  std::memcpy(&v, p, 16);
  return reinterpret_cast<u32x4>(__builtin_shufflevector(v, v, 3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12));
}
inline u32x4 load_k(unsigned t) noexcept {
  u32x4 v;
  std::memcpy(&v, K + t, 16);
  return v;
}
// sigma0 and sigma1 (4.6, 4.7) on four words; a rotation is two shifts.
inline u32x4 small_sigma0x4(u32x4 x) noexcept { return (x >> 7) ^ (x << 25) ^ (x >> 18) ^ (x << 14) ^ (x >> 3); }
inline u32x4 small_sigma1x4(u32x4 x) noexcept { return (x >> 17) ^ (x << 15) ^ (x >> 19) ^ (x << 13) ^ (x >> 10); }

inline void schedule(const std::uint8_t* p, std::uint32_t kw[64]) noexcept {
  u32x4 w0 = load_be32x4(p), w1 = load_be32x4(p + 16), w2 = load_be32x4(p + 32), w3 = load_be32x4(p + 48);
  const u32x4 zero = {0, 0, 0, 0};
  u32x4 out = w0 + load_k(0);
  std::memcpy(kw + 0, &out, 16);
  out = w1 + load_k(4);
  std::memcpy(kw + 4, &out, 16);
  out = w2 + load_k(8);
  std::memcpy(kw + 8, &out, 16);
  out = w3 + load_k(12);
  std::memcpy(kw + 12, &out, 16);
#pragma clang loop unroll(full)
  for (unsigned t = 16; t < 64; t += 4) {
    // W[t..t+3] = s0(W[t-15..t-12]) + W[t-16..t-13] + W[t-7..t-4] + s1(W[t-2..t+1]); the last
    // term needs W[t] and W[t+1] from this very step, so s1 is applied in two halves.
    const u32x4 x = __builtin_shufflevector(w0, w1, 1, 2, 3, 4);  // W[t-15..t-12]
    const u32x4 y = __builtin_shufflevector(w2, w3, 1, 2, 3, 4);  // W[t-7..t-4]
    u32x4 n = w0 + small_sigma0x4(x) + y;
    n += small_sigma1x4(__builtin_shufflevector(w3, zero, 2, 3, 4, 4));  // lanes 0, 1
    n += small_sigma1x4(__builtin_shufflevector(n, zero, 4, 4, 0, 1));   // lanes 2, 3
    w0 = w1;
    w1 = w2;
    w2 = w3;
    w3 = n;
    out = n + load_k(t);
    std::memcpy(kw + t, &out, 16);
  }
}
#else
// Portable schedule (6.2.2 step 1), one word at a time.
inline std::uint32_t load_be32(const std::uint8_t* p) noexcept {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | std::uint32_t{p[3]};
}
inline std::uint32_t small_sigma0(std::uint32_t x) noexcept { return rotr(x, 7) ^ rotr(x, 18) ^ (x >> 3); }
inline std::uint32_t small_sigma1(std::uint32_t x) noexcept { return rotr(x, 17) ^ rotr(x, 19) ^ (x >> 10); }
inline void schedule(const std::uint8_t* p, std::uint32_t kw[64]) noexcept {
  std::uint32_t w[64];
  for (unsigned t = 0; t < 16; ++t) w[t] = load_be32(p + 4 * t);
  for (unsigned t = 16; t < 64; ++t) w[t] = small_sigma1(w[t - 2]) + w[t - 7] + small_sigma0(w[t - 15]) + w[t - 16];
  for (unsigned t = 0; t < 64; ++t) kw[t] = K[t] + w[t];
}
#endif

}  // namespace

void sha256_compress(std::uint32_t state[8], const std::uint8_t* p, std::size_t blocks) noexcept {
  std::uint32_t s0 = state[0], s1 = state[1], s2 = state[2], s3 = state[3];
  std::uint32_t s4 = state[4], s5 = state[5], s6 = state[6], s7 = state[7];
  alignas(16) std::uint32_t kw[64];
  for (; blocks > 0; --blocks, p += 64) {
    schedule(p, kw);
    std::uint32_t a = s0, b = s1, c = s2, d = s3, e = s4, f = s5, g = s6, h = s7;
    EHR_SHA256_ROUNDS8(0);
    EHR_SHA256_ROUNDS8(8);
    EHR_SHA256_ROUNDS8(16);
    EHR_SHA256_ROUNDS8(24);
    EHR_SHA256_ROUNDS8(32);
    EHR_SHA256_ROUNDS8(40);
    EHR_SHA256_ROUNDS8(48);
    EHR_SHA256_ROUNDS8(56);
    // 6.2.2 step 4.
    s0 += a;
    s1 += b;
    s2 += c;
    s3 += d;
    s4 += e;
    s5 += f;
    s6 += g;
    s7 += h;
  }
  // kw is a function of the message, which may be secret (HMAC keys, key derivations).
  wipe(kw, sizeof kw);
  state[0] = s0;
  state[1] = s1;
  state[2] = s2;
  state[3] = s3;
  state[4] = s4;
  state[5] = s5;
  state[6] = s6;
  state[7] = s7;
}

#undef EHR_SHA256_ROUNDS8
#undef EHR_SHA256_ROUND

Sha256::~Sha256() {
  wipe(h_.data(), sizeof h_);
  wipe(buf_.data(), buf_.size());
}

void Sha256::reset() noexcept {
  std::memcpy(h_.data(), kInit, sizeof kInit);
  total_ = 0;
  fill_ = 0;
}

void Sha256::update(ByteView data) noexcept {
  const std::uint8_t* p = data.data();
  std::size_t n = data.size();
  if (n == 0) return;
  total_ += n;
  if (fill_ != 0) {
    const std::size_t take = n < kBlockSize - fill_ ? n : kBlockSize - fill_;
    std::memcpy(buf_.data() + fill_, p, take);
    fill_ += take;
    p += take;
    n -= take;
    if (fill_ < kBlockSize) return;
    sha256_compress(h_.data(), buf_.data(), 1);
    fill_ = 0;
  }
  if (n >= kBlockSize) {
    sha256_compress(h_.data(), p, n / kBlockSize);
    p += n - n % kBlockSize;
    n %= kBlockSize;
  }
  if (n != 0) {
    std::memcpy(buf_.data(), p, n);
    fill_ = n;
  }
}

Hash32 Sha256::final() noexcept {
  // 5.1.1 padding: 0x80, zeros, then the message length in bits as a 64-bit big-endian integer.
  const std::uint64_t bits = total_ * 8;
  buf_[fill_++] = 0x80;
  if (fill_ > kBlockSize - 8) {
    std::memset(buf_.data() + fill_, 0, kBlockSize - fill_);
    sha256_compress(h_.data(), buf_.data(), 1);
    fill_ = 0;
  }
  std::memset(buf_.data() + fill_, 0, kBlockSize - 8 - fill_);
  store_be32(buf_.data() + 56, static_cast<std::uint32_t>(bits >> 32));
  store_be32(buf_.data() + 60, static_cast<std::uint32_t>(bits));
  sha256_compress(h_.data(), buf_.data(), 1);
  Hash32 out;
  for (std::size_t i = 0; i < 8; ++i) store_be32(out.data() + 4 * i, h_[i]);
  wipe(buf_.data(), buf_.size());
  reset();
  return out;
}

Hash32 sha256(ByteView data) noexcept {
  Sha256 h;
  h.update(data);
  return h.final();
}

}  // namespace ehr::crypto
