// The CSPRNG: libsodium's randombytes (in WebAssembly its ChaCha20 generator seeded through
// getentropy(), i.e. crypto.getRandomValues; natively the OS generator). See init.hpp.
#pragma once

#include <cstdint>
#include <span>

namespace ehr::crypto {

/// Fills `out` with random bytes. Initialises the crypto core first if needed.
void random_bytes(std::span<std::uint8_t> out) noexcept;

}  // namespace ehr::crypto
