// Argon2id v1.3 (RFC 9106) over libsodium's crypto_pwhash: password hashing and password-based key
// derivation. One lane (libsodium's parallelism is 1).
#pragma once

#include <cstddef>
#include <cstdint>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "crypto/secret.hpp"

namespace ehr::crypto::argon2id {

constexpr std::size_t kSaltSize = 16;               ///< libsodium's crypto_pwhash_SALTBYTES
constexpr std::size_t kMinOutput = 16;              ///< crypto_pwhash_BYTES_MIN
constexpr std::size_t kMaxOutput = 1024;            ///< our cap: keys, not bulk output
constexpr std::uint32_t kOpsMin = 1;                ///< passes over memory
constexpr std::uint32_t kOpsInteractive = 2;        ///< libsodium's OPSLIMIT_INTERACTIVE
constexpr std::size_t kMemMin = 8192;               ///< bytes; 8 KiB
constexpr std::size_t kMemInteractive = 64u << 20;  ///< bytes; libsodium's MEMLIMIT_INTERACTIVE
constexpr std::size_t kMemMax = 1024u << 20;        ///< our cap: 1 GiB (the WASM heap is <= 2 GiB)

/// Derives `out_len` bytes from `password` and a 16-byte `salt` with `opslimit` passes over
/// `memlimit` bytes of memory (libsodium's crypto_pwhash with ALG_ARGON2ID13; memlimit is rounded
/// down to whole KiB). Fails with bad_length for a salt that is not 16 bytes or an output length
/// outside 16..1024, bad_kdf_params for opslimit < 1 or memlimit outside 8 KiB..1 GiB, and
/// out_of_memory if the memory cannot be allocated.
[[nodiscard]] Result<SecretBytes> derive(ByteView password, ByteView salt, std::size_t out_len, std::uint32_t opslimit,
                                         std::size_t memlimit) noexcept;

}  // namespace ehr::crypto::argon2id
