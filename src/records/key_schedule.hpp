// The records key schedule (docs/record-format.md, "Keys"):
//   identity X25519 secret (a) from the built-in wallet's BIP-39 seed:
//       HKDF-SHA256(ikm = seed (64 bytes), salt = "ehr/x25519/v1", info = "account/" || decimal index)
//   identity X25519 secret (b) from a wallet signature over the EIP-712 EncryptionKeyRequest:
//       HKDF-SHA256(ikm = r || s (64 bytes, s normalized to low-s, v excluded),
//                   salt = "ehr/x25519-from-signature/v1", info = lower-case "0x" account address)
//   chart root = HKDF-SHA256(ikm = the same seed or r || s, salt = "ehr/chart-root/v1",
//                            info = lower-case "0x" account address)
//   chart key K(scope, epoch) = HKDF-SHA256(ikm = chart root, salt = "ehr/chart-key/v1",
//                                           info = scope u16 LE || epoch u32 LE)
// Everything is deterministic: nothing to store, a revoked grantee who holds K(s, e) cannot
// compute K(s, e + 1).
#pragma once

#include <span>
#include <string>

#include <nlohmann/json.hpp>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "crypto/secret.hpp"

namespace ehr::records {

inline constexpr std::size_t kSeedSize = 64;  ///< a BIP-39 seed (PBKDF2-HMAC-SHA512 output)

/// Identity X25519 secret of account `index` from a 64-byte BIP-39 seed (bad_length otherwise).
[[nodiscard]] Result<crypto::Secret<32>> identity_from_seed(ByteView seed, std::uint32_t account_index);

/// Identity X25519 secret from a 65-byte signature r || s || v (v is ignored; any of 0, 1, 27, 28)
/// over the EIP-712 EncryptionKeyRequest, for `account`. s above n/2 is replaced by n - s first,
/// so both encodings of one signature give one key. Fails with bad_length (not 64 or 65 bytes) or
/// invalid_signature (r or s zero or >= n).
[[nodiscard]] Result<crypto::Secret<32>> identity_from_signature(ByteView signature, const Address20& account);

/// Chart root of `account` from a 64-byte BIP-39 seed.
[[nodiscard]] Result<crypto::Secret<32>> chart_root_from_seed(ByteView seed, const Address20& account);

/// Chart root of `account` from its EncryptionKeyRequest signature (as identity_from_signature).
[[nodiscard]] Result<crypto::Secret<32>> chart_root_from_signature(ByteView signature, const Address20& account);

/// K(scope, epoch) under a chart root.
[[nodiscard]] crypto::Secret<32> chart_key(const crypto::Secret<32>& chart_root, std::uint16_t scope,
                                           std::uint32_t epoch) noexcept;

/// The `purpose` of the EncryptionKeyRequest (docs/record-format.md, "Signature-derived keys").
inline constexpr const char* kEncryptionKeyPurpose =
    "Derive my health-record encryption key. Only sign this on the EHR page.";

/// The EIP-712 typed data (eth_signTypedData_v4 JSON) a wallet signs for signature-derived keys:
/// domain {name "EHR", version "1", chainId, verifyingContract = the EhrHub}, primaryType
/// EncryptionKeyRequest {address account, string purpose, uint32 keyVersion}.
[[nodiscard]] nlohmann::json encryption_key_request(std::uint64_t chain_id, const Address20& verifying_contract,
                                                    const Address20& account, std::uint32_t key_version);

/// Checks that a 65-byte signature r || s || v (v 27/28 or 0/1) over that request recovers to
/// `account` (the EIP-712 hash from the Ethereum layer). Fails with bad_length, invalid_signature
/// (malformed, or another signer), recovery_failed, or the EIP-712 layer's errors.
[[nodiscard]] Status verify_encryption_key_request(ByteView signature, std::uint64_t chain_id,
                                                   const Address20& verifying_contract, const Address20& account,
                                                   std::uint32_t key_version);

/// r || s of a 64/65-byte secp256k1 signature with s normalized to low-s (s <= n/2), checked
/// 0 < r < n and 0 < s < n. Fails with bad_length or invalid_signature.
[[nodiscard]] Result<crypto::Secret<64>> normalized_signature_rs(ByteView signature);

/// "0x" followed by the 40 lower-case hex digits of `account`.
[[nodiscard]] std::string lower_hex_address(const Address20& account);

}  // namespace ehr::records
