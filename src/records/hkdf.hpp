// The records key schedule's use of HKDF-SHA256 (RFC 5869): 32-byte keys from (ikm, salt label,
// info), over the crypto core's HKDF (crypto/hkdf.hpp).
#pragma once

#include <span>
#include <string_view>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "crypto/secret.hpp"

namespace ehr::records {

/// HKDF-SHA256 into `out` (1..8160 bytes; bad_length otherwise, `out` then untouched).
[[nodiscard]] Status hkdf_sha256(ByteView ikm, ByteView salt, ByteView info, std::span<std::uint8_t> out) noexcept;

/// The common case: a 32-byte secret from (ikm, salt string, info bytes).
[[nodiscard]] crypto::Secret<32> hkdf_sha256_32(ByteView ikm, std::string_view salt, ByteView info) noexcept;

/// A view of the bytes of a string (ASCII labels, addresses).
inline ByteView str_bytes(std::string_view s) noexcept {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

}  // namespace ehr::records
