// The process-wide libsecp256k1 context (internal to src/crypto).
#pragma once

struct secp256k1_context_struct;

namespace ehr::crypto::detail {

/// The single context, created on first use and randomized with 32 bytes from the CSPRNG
/// (blinding against side channels in signing and key generation). Null only if creation failed.
const secp256k1_context_struct* secp256k1_ctx() noexcept;

}  // namespace ehr::crypto::detail
