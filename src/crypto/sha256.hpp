// SHA-256 (FIPS 180-4).
#pragma once

#include <sodium.h>

#include "common/bytes.hpp"

namespace ehr::crypto {

/// Incremental SHA-256: update() any number of times, then final() once.
class Sha256 {
 public:
  Sha256() noexcept;
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  ~Sha256();
  /// Absorbs `data` (any length).
  void update(ByteView data) noexcept;
  /// Returns the digest and resets the object for reuse.
  [[nodiscard]] Hash32 final() noexcept;

 private:
  crypto_hash_sha256_state state_;
};

/// One-shot SHA-256 of `data`.
Hash32 sha256(ByteView data) noexcept;

}  // namespace ehr::crypto
