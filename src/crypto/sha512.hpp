// SHA-512 (FIPS 180-4), over libsodium's crypto_hash_sha512.
#pragma once

#include <sodium.h>

#include <cstddef>

#include "common/bytes.hpp"

namespace ehr::crypto {

using Hash64 = FixedBytes<64>;  ///< a 64-byte digest (SHA-512, BLAKE2b-512)

/// Incremental SHA-512: update() any number of times, then final() once.
class Sha512 {
 public:
  static constexpr std::size_t kBlockSize = 128;  ///< bytes per compression
  Sha512() noexcept;
  Sha512(const Sha512&) = delete;
  Sha512& operator=(const Sha512&) = delete;
  /// Wipes the state (it can hold secret input, e.g. inside HMAC).
  ~Sha512();
  /// Absorbs `data` (any length, including zero).
  void update(ByteView data) noexcept;
  /// Pads, returns the 64-byte digest, and resets the object for reuse.
  [[nodiscard]] Hash64 final() noexcept;

 private:
  crypto_hash_sha512_state state_;
};

/// One-shot SHA-512 of `data`.
Hash64 sha512(ByteView data) noexcept;

}  // namespace ehr::crypto
