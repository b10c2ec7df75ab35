// Keccak-f[1600] and the Keccak-256 sponge (FIPS 202 section 3 for the permutation; the padding is
// Keccak's original pad10*1 with domain byte 0x01, as in the Ethereum Yellow Paper).
#include "crypto/keccak.hpp"

#include <cstring>

#include "crypto/secret.hpp"

namespace ehr::crypto {
namespace {

constexpr std::uint64_t kRoundConstants[24] = {
    0x0000000000000001ULL, 0x0000000000008082ULL, 0x800000000000808aULL, 0x8000000080008000ULL, 0x000000000000808bULL,
    0x0000000080000001ULL, 0x8000000080008081ULL, 0x8000000000008009ULL, 0x000000000000008aULL, 0x0000000000000088ULL,
    0x0000000080008009ULL, 0x000000008000000aULL, 0x000000008000808bULL, 0x800000000000008bULL, 0x8000000000008089ULL,
    0x8000000000008003ULL, 0x8000000000008002ULL, 0x8000000000000080ULL, 0x000000000000800aULL, 0x800000008000000aULL,
    0x8000000080008081ULL, 0x8000000000008080ULL, 0x0000000080000001ULL, 0x8000000080008008ULL};

constexpr std::uint64_t rotl(std::uint64_t x, unsigned r) noexcept { return (x << r) | (x >> ((64U - r) & 63U)); }

// rho offsets r[x + 5y] (FIPS 202 table 2).
constexpr unsigned kRho[25] = {0,  1,  62, 28, 27, 36, 44, 6,  55, 20, 3,  10, 43,
                               25, 39, 41, 45, 15, 21, 8,  18, 2,  61, 56, 14};

// pi: lane (x, y) moves to (y, 2x + 3y mod 5).
constexpr unsigned pi_dest(unsigned i) noexcept {
  const unsigned x = i % 5, y = i / 5;
  return y + 5 * ((2 * x + 3 * y) % 5);
}

inline std::uint64_t load64_le(const std::uint8_t* p) noexcept {
  std::uint64_t v;
  std::memcpy(&v, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  v = __builtin_bswap64(v);
#endif
  return v;
}

inline void store64_le(std::uint8_t* p, std::uint64_t v) noexcept {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  v = __builtin_bswap64(v);
#endif
  std::memcpy(p, &v, 8);
}

}  // namespace

void keccak_f1600(std::uint64_t a[25]) noexcept {
  std::uint64_t b[25];
  std::uint64_t c[5];
  std::uint64_t d[5];
  for (unsigned round = 0; round < 24; ++round) {
    // theta
#pragma clang loop unroll(full)
    for (unsigned x = 0; x < 5; ++x) c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
#pragma clang loop unroll(full)
    for (unsigned x = 0; x < 5; ++x) d[x] = c[(x + 4) % 5] ^ rotl(c[(x + 1) % 5], 1);
      // rho and pi
#pragma clang loop unroll(full)
    for (unsigned i = 0; i < 25; ++i) b[pi_dest(i)] = rotl(a[i] ^ d[i % 5], kRho[i]);
      // chi
#pragma clang loop unroll(full)
    for (unsigned y = 0; y < 25; y += 5) {
#pragma clang loop unroll(full)
      for (unsigned x = 0; x < 5; ++x) a[y + x] = b[y + x] ^ (~b[y + (x + 1) % 5] & b[y + (x + 2) % 5]);
    }
    // iota
    a[0] ^= kRoundConstants[round];
  }
}

void Keccak256::update(ByteView data) noexcept {
  const std::uint8_t* p = data.data();
  std::size_t n = data.size();
  // Finish a partial block byte by byte.
  while (n > 0 && offset_ != 0) {
    state_[offset_ / 8] ^= std::uint64_t{*p} << (8 * (offset_ % 8));
    ++p;
    --n;
    if (++offset_ == kRate) {
      keccak_f1600(state_.data());
      offset_ = 0;
    }
  }
  // Whole blocks, a lane at a time.
  while (n >= kRate) {
    for (std::size_t i = 0; i < kRate / 8; ++i) state_[i] ^= load64_le(p + 8 * i);
    keccak_f1600(state_.data());
    p += kRate;
    n -= kRate;
  }
  for (; n > 0; --n, ++p, ++offset_) state_[offset_ / 8] ^= std::uint64_t{*p} << (8 * (offset_ % 8));
}

Hash32 Keccak256::final() noexcept {
  state_[offset_ / 8] ^= std::uint64_t{0x01} << (8 * (offset_ % 8));
  state_[(kRate - 1) / 8] ^= std::uint64_t{0x80} << (8 * ((kRate - 1) % 8));
  keccak_f1600(state_.data());
  Hash32 out;
  for (std::size_t i = 0; i < 4; ++i) store64_le(out.data() + 8 * i, state_[i]);
  // The state can hold secret input (key derivations hash secrets): wipe it.
  wipe(state_.data(), sizeof state_);
  offset_ = 0;
  return out;
}

Hash32 keccak256(ByteView data) noexcept {
  Keccak256 h;
  h.update(data);
  return h.final();
}

}  // namespace ehr::crypto
