// libsodium's crypto_secretstream_xchacha20poly1305 push and pull (1.0.18 construction, byte for
// byte), with the bulk keystream from chacha20_xor.hpp instead of libsodium's scalar ChaCha20:
// the envelope payload is the project's hot path (benchmark: bench/records.bench.mjs). Key
// setup (init_push / init_pull), the per-chunk Poly1305 and rekeying are libsodium's own
// functions on libsodium's state struct, so a stream written here is read by libsodium and the
// other way round (tests: records_secretstream_test.cpp, tests/wasm/records_interop.test.mjs).
#pragma once

#include <sodium.h>

#include <cstddef>
#include <cstdint>

namespace ehr::records {

using SecretstreamState = crypto_secretstream_xchacha20poly1305_state;

/// As crypto_secretstream_xchacha20poly1305_push: out receives mlen + 17 bytes. mlen must be at
/// most 16 MiB + 64 (the envelope's largest chunk), ad may be null when adlen is 0.
void secretstream_push(SecretstreamState& st, std::uint8_t* out, const std::uint8_t* m, std::size_t mlen,
                       const std::uint8_t* ad, std::size_t adlen, std::uint8_t tag) noexcept;

/// As crypto_secretstream_xchacha20poly1305_pull: verifies the tag over `in` (inlen >= 17) before
/// writing any plaintext; on success writes inlen - 17 bytes to m and the chunk's tag to *tag and
/// returns true. On failure writes nothing to m and leaves the state unchanged.
[[nodiscard]] bool secretstream_pull(SecretstreamState& st, std::uint8_t* m, std::uint8_t* tag, const std::uint8_t* in,
                                     std::size_t inlen, const std::uint8_t* ad, std::size_t adlen) noexcept;

}  // namespace ehr::records
