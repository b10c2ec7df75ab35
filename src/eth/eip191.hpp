// EIP-191 version 0x45 ("personal_sign"): keccak256("\x19Ethereum Signed Message:\n" + len(message)
// + message), signed with the account key; signatures are r || s || v with v = 27 or 28.
#pragma once

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "crypto/secret.hpp"

namespace ehr::eth {

/// The EIP-191 personal-message digest of `message` (any bytes; the length is written in decimal).
[[nodiscard]] Hash32 personal_message_hash(ByteView message);

/// Signs `digest` for Ethereum: r || s || v with v = 27 + recovery id (low-s, RFC 6979).
/// Fails with invalid_private_key.
[[nodiscard]] Result<RecoverableSig65> sign_digest_eth(const Hash32& digest, const crypto::SecretKey32& key);

/// The address that signed `digest`: v may be 27/28 or 0/1 (r, s must be in range, s <= n/2).
/// Fails with invalid_signature or recovery_failed.
[[nodiscard]] Result<Address20> recover_digest_eth(const Hash32& digest, ByteView sig65);

/// personal_sign: sign_digest_eth(personal_message_hash(message)).
[[nodiscard]] Result<RecoverableSig65> sign_personal_message(ByteView message, const crypto::SecretKey32& key);

/// The signer of a personal_sign signature (bad_length unless 65 bytes).
[[nodiscard]] Result<Address20> recover_personal_message(ByteView message, ByteView sig65);

}  // namespace ehr::eth
