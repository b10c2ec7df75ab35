// PBKDF2 (RFC 8018, section 5.2) with HMAC-SHA-256 and HMAC-SHA-512 as the PRF, over libsodium's
// crypto_auth_hmacsha256/512 state API. The HMAC key schedule (the inner and outer padded
// states) is computed once per password and copied for every PRF call, so each iteration costs
// two hash compressions.
#pragma once

#include <cstdint>
#include <span>

#include "common/bytes.hpp"
#include "common/result.hpp"

namespace ehr::crypto {

/// Derives out.size() bytes from `password` and `salt` with `iterations` rounds of
/// PBKDF2-HMAC-SHA256. Fails with bad_kdf_params when iterations is 0, the output is empty or
/// longer than (2^32 - 1) * 32 bytes. On failure `out` is zeroed.
[[nodiscard]] Status pbkdf2_hmac_sha256(ByteView password, ByteView salt, std::uint32_t iterations,
                                        std::span<std::uint8_t> out) noexcept;

/// The same with HMAC-SHA512 (64-byte blocks); used by BIP-39 (2048 iterations, 64 bytes).
[[nodiscard]] Status pbkdf2_hmac_sha512(ByteView password, ByteView salt, std::uint32_t iterations,
                                        std::span<std::uint8_t> out) noexcept;

}  // namespace ehr::crypto
