// SHA-256 (FIPS 180-4). Our own implementation (libsodium's portable C is slower than the
// WebAssembly peers): per block, the message schedule is computed four words at a time with 128-bit
// vectors (SIMD128 in the module, SSE2/NEON natively, scalar elsewhere), then the 64 rounds run
// fully unrolled with the state in registers. libsodium's crypto_hash_sha256 is the reference in
// the tests.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "common/bytes.hpp"

namespace ehr::crypto {

/// Incremental SHA-256: update() any number of times, then final() once.
class Sha256 {
 public:
  static constexpr std::size_t kBlockSize = 64;  ///< bytes per compression
  Sha256() noexcept { reset(); }
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  /// Wipes the state (it can hold secret input, e.g. inside HMAC).
  ~Sha256();
  /// Absorbs `data` (any length, including zero).
  void update(ByteView data) noexcept;
  /// Pads, returns the 32-byte digest, and resets the object for reuse.
  [[nodiscard]] Hash32 final() noexcept;
  /// Back to the initial state (H(0) of FIPS 180-4 section 5.3.3).
  void reset() noexcept;

 private:
  std::array<std::uint32_t, 8> h_{};
  std::array<std::uint8_t, kBlockSize> buf_{};
  std::uint64_t total_ = 0;  // bytes absorbed
  std::size_t fill_ = 0;     // bytes in buf_
};

/// One-shot SHA-256 of `data`.
Hash32 sha256(ByteView data) noexcept;

/// The compression function over `blocks` consecutive 64-byte blocks at `p` (FIPS 180-4 6.2.2).
void sha256_compress(std::uint32_t state[8], const std::uint8_t* p, std::size_t blocks) noexcept;

}  // namespace ehr::crypto
