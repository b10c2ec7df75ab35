// secp256k1 over libsecp256k1: key checks, public keys, recoverable ECDSA (RFC 6979 nonces,
// low-s), verification and public-key recovery. All functions use the single randomized context
// (see init.hpp) and are safe to call without calling init() first.
#pragma once

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "crypto/secret.hpp"

namespace ehr::crypto::secp256k1 {

/// True if `seckey` is a valid private key: 32 bytes, big-endian, 0 < k < n.
[[nodiscard]] bool is_valid_private_key(std::span<const std::uint8_t, 32> seckey) noexcept;

/// Generates a private key from the CSPRNG (rejection-samples until valid).
[[nodiscard]] SecretKey32 generate_private_key() noexcept;

/// Compressed public key (33 bytes, 02/03 || x) of `seckey`.
/// Fails with invalid_private_key if the key is zero or >= n.
[[nodiscard]] Result<PublicKey33> public_key_compressed(const SecretKey32& seckey) noexcept;

/// Uncompressed public key (65 bytes, 04 || x || y) of `seckey`.
/// Fails with invalid_private_key if the key is zero or >= n.
[[nodiscard]] Result<PublicKey65> public_key_uncompressed(const SecretKey32& seckey) noexcept;

/// Parses a SEC1 public key (33 compressed or 65 uncompressed bytes) and re-serializes it in the
/// requested form. Fails with bad_length or invalid_public_key (not on the curve, bad prefix).
[[nodiscard]] Result<Bytes> convert_public_key(ByteView pubkey, bool compressed) noexcept;

/// Signs the 32-byte digest `msg32` with `seckey`: deterministic nonce (RFC 6979 with HMAC-SHA256),
/// low-s normalized (s <= n/2). Returns r || s || v where v is the recovery id (0 or 1).
/// Fails with invalid_private_key if the key is zero or >= n.
[[nodiscard]] Result<RecoverableSig65> sign_recoverable(std::span<const std::uint8_t, 32> msg32,
                                                        const SecretKey32& seckey) noexcept;

/// Verifies a compact signature r || s (64 bytes) on digest `msg32` against a SEC1 public key (33
/// or 65 bytes). With `require_low_s` a signature whose s > n/2 is rejected (Ethereum and Bitcoin
/// rules); without it, such a signature is normalized first (plain ECDSA, as Wycheproof's
/// ecdsa_secp256k1_sha256 tests expect). Returns false on any malformed input; r or s equal to 0
/// or >= n never verify.
[[nodiscard]] bool verify(std::span<const std::uint8_t, 64> sig64, std::span<const std::uint8_t, 32> msg32,
                          ByteView pubkey, bool require_low_s) noexcept;

/// Recovers the uncompressed public key from r || s || v (v in {0, 1, 2, 3}) over `msg32`.
/// Fails with invalid_signature for r or s zero or out of range or a bad v, recovery_failed if no point
/// matches.
[[nodiscard]] Result<PublicKey65> recover(std::span<const std::uint8_t, 65> sig65,
                                          std::span<const std::uint8_t, 32> msg32) noexcept;

/// ECDH (libsecp256k1's ecdh module): the shared point Q = seckey * pubkey, where `pubkey` is a
/// 33- or 65-byte SEC1 key. Returns Q's x-coordinate, 32 bytes big-endian (the "raw" ECDH value of
/// SEC 1 section 3.3.1, as Wycheproof, noble's getSharedSecret()[1..33] and WebCrypto deriveBits
/// produce). Fails with bad_length, invalid_public_key (not on the curve, hybrid 06/07 prefix), or
/// invalid_private_key.
[[nodiscard]] Result<Secret<32>> ecdh_x(const SecretKey32& seckey, ByteView pubkey) noexcept;

/// ECDH with libsecp256k1's default hash: SHA-256(02/03 || x), the compressed shared point hashed
/// (secp256k1_ecdh_hash_function_sha256; Bitcoin Core and many libsecp256k1 bindings use it).
/// Same failures as ecdh_x.
[[nodiscard]] Result<Secret<32>> ecdh_sha256(const SecretKey32& seckey, ByteView pubkey) noexcept;

/// Parses a strict DER ECDSA signature into compact r || s, without normalizing s.
/// Fails with invalid_signature on any DER violation (BER leniency is rejected).
[[nodiscard]] Result<Signature64> signature_from_der(ByteView der) noexcept;

}  // namespace ehr::crypto::secp256k1
