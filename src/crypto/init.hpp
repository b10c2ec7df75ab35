// One-time initialisation of the crypto core: libsodium and its CSPRNG. The single libsecp256k1
// context (randomized, after its multiplication tables are computed) is made on the first
// secp256k1 call instead (src/crypto/secp256k1_context.hpp). Every public crypto function
// initialises what it needs itself, so callers never have to; calling init() early just moves
// libsodium's cost to start-up.
#pragma once

#include "common/result.hpp"

namespace ehr::crypto {

/// Initialises libsodium. Idempotent and cheap after the first call.
/// Fails with Errc::internal if libsodium cannot initialise.
Status init() noexcept;

}  // namespace ehr::crypto
