// HKDF-SHA256 (RFC 5869) for the records key schedule (identity keys, chart roots, chart keys,
// search-index keys). libsodium 1.0.18 has no crypto_kdf_hkdf; this one is built on its
// HMAC-SHA256 (crypto_auth_hmacsha256). It stays private to src/records until the crypto core's
// own HKDF lands; the key schedule then switches to it (the tests pin both to RFC 5869 and
// Wycheproof vectors, so outputs cannot change).
#pragma once

#include <span>
#include <string_view>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "crypto/secret.hpp"

namespace ehr::records {

/// HKDF-SHA256: Extract(salt, ikm) then Expand(prk, info, out.size()).
///   ikm:  input keying material (any length, may be empty)
///   salt: any length; empty means 32 zero bytes (RFC 5869 section 2.2)
///   info: context string (any length)
///   out:  1..8160 (255 * 32) bytes, written in full on success
/// Fails with bad_length if out is empty or longer than 8160 bytes (out is then untouched).
/// Intermediate values (PRK, T(i)) are wiped before returning.
[[nodiscard]] Status hkdf_sha256(ByteView ikm, ByteView salt, ByteView info, std::span<std::uint8_t> out) noexcept;

/// The common case: a 32-byte secret from (ikm, salt string, info bytes).
[[nodiscard]] crypto::Secret<32> hkdf_sha256_32(ByteView ikm, std::string_view salt, ByteView info) noexcept;

/// A view of the bytes of a string (ASCII labels, addresses).
inline ByteView str_bytes(std::string_view s) noexcept {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

}  // namespace ehr::records
