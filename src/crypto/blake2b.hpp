// BLAKE2b (RFC 7693) over libsodium's crypto_generichash: digests of 1..64 bytes, optionally keyed
// with a 1..64-byte key (a MAC or PRF).
#pragma once

#include <sodium.h>

#include <cstddef>
#include <memory>

#include "common/bytes.hpp"
#include "common/result.hpp"

namespace ehr::crypto {

/// Incremental BLAKE2b. Create with Blake2b::create(); update() any number of times, then final()
/// once (the object is then spent; create a new one for another digest).
class Blake2b {
 public:
  static constexpr std::size_t kMinOut = 1, kMaxOut = 64, kMaxKey = 64;
  /// A hash state for `out_len` (1..64) output bytes, keyed by `key` (0..64 bytes; empty = unkeyed).
  /// Fails with bad_length if either length is out of range, out_of_memory if allocation fails.
  [[nodiscard]] static Result<std::unique_ptr<Blake2b>> create(std::size_t out_len, ByteView key) noexcept;
  Blake2b(const Blake2b&) = delete;
  Blake2b& operator=(const Blake2b&) = delete;
  /// Wipes the state (a keyed state holds the key).
  ~Blake2b();
  /// Absorbs `data` (any length, including zero).
  void update(ByteView data) noexcept;
  /// Writes the digest (out.size() must equal out_size()) and wipes the state. Fails with
  /// bad_length on a wrong output size, stream_state if final() was already called.
  [[nodiscard]] Status final(std::span<std::uint8_t> out) noexcept;
  [[nodiscard]] std::size_t out_size() const noexcept { return out_len_; }

 private:
  Blake2b() noexcept = default;
  crypto_generichash_blake2b_state state_;
  std::size_t out_len_ = 0;
  bool done_ = false;
};

/// One-shot BLAKE2b of `data` into `out` (1..64 bytes) with `key` (0..64 bytes; empty = unkeyed).
/// Fails with bad_length if a length is out of range.
[[nodiscard]] Status blake2b(std::span<std::uint8_t> out, ByteView data, ByteView key) noexcept;

}  // namespace ehr::crypto
