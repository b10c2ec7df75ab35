// Keccak-256 as Ethereum uses it: the original Keccak padding (0x01), not SHA3-256 (0x06).
#pragma once

#include <array>
#include <cstdint>

#include "common/bytes.hpp"

namespace ehr::crypto {

/// Incremental Keccak-256: update() any number of times, then final() once.
class Keccak256 {
 public:
  static constexpr std::size_t kRate = 136;  ///< bytes absorbed per permutation
  Keccak256() noexcept = default;
  /// Absorbs `data` (any length, including zero).
  void update(ByteView data) noexcept;
  /// Pads, squeezes the 32-byte digest, and resets the object for reuse.
  [[nodiscard]] Hash32 final() noexcept;

 private:
  std::array<std::uint64_t, 25> state_{};
  std::size_t offset_ = 0;  // bytes absorbed into the current block
};

/// One-shot Keccak-256 of `data`.
Hash32 keccak256(ByteView data) noexcept;

/// The Keccak-f[1600] permutation (24 rounds), on 25 little-endian lanes.
void keccak_f1600(std::uint64_t state[25]) noexcept;

}  // namespace ehr::crypto
