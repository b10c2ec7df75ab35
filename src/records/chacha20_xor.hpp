// ChaCha20 (RFC 8439, 96-bit nonce, 32-bit block counter) keystream XOR for the envelope's bulk
// payload: four blocks at a time in 128-bit vectors (GCC/Clang vector extensions: SSE2 natively,
// WebAssembly SIMD in the module). The output is identical to libsodium's
// crypto_stream_chacha20_ietf_xor_ic; the tests compare the two on random inputs and run RFC 8439
// and Wycheproof vectors through it. Internal to src/records (secretstream.cpp).
#pragma once

#include <cstddef>
#include <cstdint>

namespace ehr::records {

/// c = m XOR ChaCha20(key, nonce, starting at block `ic`), for `len` bytes (c may equal m).
/// The caller keeps ic + ceil(len / 64) <= 2^32 (the secretstream never comes close: ic <= 2 and
/// chunks of at most 16 MiB).
void chacha20_ietf_xor_ic(std::uint8_t* c, const std::uint8_t* m, std::size_t len, const std::uint8_t nonce[12],
                          std::uint32_t ic, const std::uint8_t key[32]) noexcept;

}  // namespace ehr::records
