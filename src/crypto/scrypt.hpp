// scrypt (RFC 7914) through libsodium's crypto_pwhash_scryptsalsa208sha256_ll, with the parameter
// checks done here first so that a bad keystore gets a clear error rather than errno.
#pragma once

#include <cstdint>
#include <span>

#include "common/bytes.hpp"
#include "common/result.hpp"

namespace ehr::crypto {

struct ScryptParams {
  std::uint64_t n = 262144;  ///< CPU/memory cost: a power of two, >= 2
  std::uint32_t r = 8;       ///< block size factor, >= 1
  std::uint32_t p = 1;       ///< parallelism, >= 1, r * p < 2^30 (RFC 7914 section 2)
};

/// Default ceiling on the memory scrypt may take (128 * r * N bytes, plus 128 * r * p):
/// 512 MiB, twice geth's "standard" keystore (N = 2^18, r = 8: 256 MiB).
inline constexpr std::uint64_t kScryptDefaultMaxMemory = 512ull << 20;

/// Checks `params` against RFC 7914 and a memory ceiling. Fails with bad_kdf_params.
[[nodiscard]] Status scrypt_check(const ScryptParams& params,
                                  std::uint64_t max_memory = kScryptDefaultMaxMemory) noexcept;

/// Derives out.size() bytes (1 .. 2^32 - 1 ... within libsodium's limit) with scrypt.
/// Fails with bad_kdf_params (parameters, empty output), out_of_memory (allocation failed).
/// On failure `out` is zeroed.
[[nodiscard]] Status scrypt(ByteView password, ByteView salt, const ScryptParams& params, std::span<std::uint8_t> out,
                            std::uint64_t max_memory = kScryptDefaultMaxMemory) noexcept;

}  // namespace ehr::crypto
