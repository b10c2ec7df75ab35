// HMAC (RFC 2104, FIPS 198-1) over SHA-256 and SHA-512. Tags are returned as secrets: HMAC is also
// the PRF of HKDF and PBKDF2, where its output is key material.
#pragma once

#include <cstddef>

#include "common/bytes.hpp"
#include "crypto/secret.hpp"
#include "crypto/sha256.hpp"
#include "crypto/sha512.hpp"

namespace ehr::crypto {

/// Incremental HMAC over hash H (block size H::kBlockSize, digest size N bytes).
template <class H, std::size_t N>
class Hmac {
 public:
  static constexpr std::size_t kTagSize = N;
  /// Keys the MAC with `key` of any length (keys longer than the block are hashed first, RFC 2104
  /// section 2). The padded key is wiped before the constructor returns.
  explicit Hmac(ByteView key) noexcept;
  Hmac(const Hmac&) = delete;
  Hmac& operator=(const Hmac&) = delete;
  /// Absorbs `data` (any length, including zero).
  void update(ByteView data) noexcept { inner_.update(data); }
  /// The N-byte tag. Call once: the keyed states are consumed.
  [[nodiscard]] Secret<N> final() noexcept;

 private:
  H inner_;  // H((K0 ^ ipad) || ...)
  H outer_;  // H((K0 ^ opad) || ...)
};

using HmacSha256 = Hmac<Sha256, 32>;
using HmacSha512 = Hmac<Sha512, 64>;

/// One-shot HMAC-SHA256 of `data` under `key` (any lengths).
[[nodiscard]] Secret<32> hmac_sha256(ByteView key, ByteView data) noexcept;
/// One-shot HMAC-SHA512 of `data` under `key` (any lengths).
[[nodiscard]] Secret<64> hmac_sha512(ByteView key, ByteView data) noexcept;

/// Constant-time comparison of a computed tag with an expected one, which may be truncated
/// (a prefix of at least `min_len` bytes, as NIST SP 800-107 allows). False if `expected` is
/// shorter than min_len or longer than the tag.
[[nodiscard]] bool tag_matches(ByteView computed, ByteView expected, std::size_t min_len) noexcept;

}  // namespace ehr::crypto
