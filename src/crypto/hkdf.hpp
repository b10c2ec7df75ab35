// HKDF with HMAC-SHA256 (RFC 5869): extract a pseudorandom key from input keying material, expand it
// into keys of any length up to 255 * 32 bytes.
#pragma once

#include <cstddef>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "crypto/secret.hpp"

namespace ehr::crypto::hkdf_sha256 {

constexpr std::size_t kHashLen = 32;
constexpr std::size_t kMaxOutput = 255 * kHashLen;  ///< RFC 5869 section 2.3: L <= 255 * HashLen

/// HKDF-Extract (RFC 5869 section 2.2): PRK = HMAC-SHA256(salt, ikm). An empty salt means
/// HashLen zero bytes, as the RFC specifies.
[[nodiscard]] Secret<32> extract(ByteView salt, ByteView ikm) noexcept;

/// HKDF-Expand (section 2.3): `length` bytes of T(1) || T(2) || ... with
/// T(i) = HMAC-SHA256(prk, T(i-1) || info || i). `prk` must be at least 32 bytes (the RFC's
/// "at least HashLen octets"). Fails with bad_length when prk is shorter or length is 0 or above
/// 255 * 32.
[[nodiscard]] Result<SecretBytes> expand(ByteView prk, ByteView info, std::size_t length) noexcept;

/// Extract then expand: `length` (1..8160) bytes of output keying material.
/// Fails with bad_length when length is out of range.
[[nodiscard]] Result<SecretBytes> derive(ByteView ikm, ByteView salt, ByteView info, std::size_t length) noexcept;

/// Extract then expand to exactly 32 bytes (T(1)): the key schedules' case, a 32-byte key from
/// (ikm, salt label, info). Any sizes; does not fail.
[[nodiscard]] Secret<32> derive32(ByteView ikm, ByteView salt, ByteView info) noexcept;

}  // namespace ehr::crypto::hkdf_sha256
