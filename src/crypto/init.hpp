// One-time initialisation of the crypto core: libsodium and its CSPRNG, and the single
// libsecp256k1 context (randomized). Every public crypto function calls ensure_init() itself, so
// callers never have to; calling init() early just moves the cost to start-up.
#pragma once

#include "common/result.hpp"

namespace ehr::crypto {

/// Initialises libsodium and the secp256k1 context. Idempotent and cheap after the first call.
/// Fails with Errc::internal if libsodium cannot initialise or the context cannot be randomized.
Status init() noexcept;

}  // namespace ehr::crypto
