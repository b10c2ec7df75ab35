// MetaMask's deprecated encryption format (eth_getEncryptionPublicKey / eth_decrypt), as
// @metamask/eth-sig-util 9 `encrypt` / `decrypt` produce and read it, for users migrating records
// encrypted that way:
//   {"version":"x25519-xsalsa20-poly1305","nonce":base64(24),"ephemPublicKey":base64(32),
//    "ciphertext":base64(crypto_box: 16-byte tag || ciphertext)}
// crypto_box (X25519 + XSalsa20-Poly1305) from a fresh ephemeral key pair to the recipient. The
// recipient's key pair is its Ethereum private key used as an X25519 secret
// (getEncryptionPublicKey = base64(X25519(private key))).
#pragma once

#include <string>
#include <string_view>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "crypto/secret.hpp"
#include "records/envelope_format.hpp"

namespace ehr::records {

inline constexpr std::string_view kMetamaskVersion = "x25519-xsalsa20-poly1305";

/// The JSON text eth-sig-util's encrypt() returns, with fields in its order. `message` is the
/// UTF-8 bytes of the string to encrypt. Fails with invalid_public_key (a key libsodium refuses).
[[nodiscard]] Result<std::string> metamask_encrypt(const X25519Public& recipient, ByteView message);

/// Opens a JSON object in that format. Fails with bad_json (not a JSON object, a field missing or
/// not a string), unknown_version (version is not x25519-xsalsa20-poly1305), bad_encoding (base64,
/// or a nonce / key / ciphertext of the wrong size) or auth_failed (wrong key or altered).
/// Other fields are ignored, as eth-sig-util ignores them.
[[nodiscard]] Result<crypto::SecretBytes> metamask_decrypt(std::string_view json, const crypto::Secret<32>& secret);

/// getEncryptionPublicKey: base64 of the X25519 public key of `secret`.
[[nodiscard]] Result<std::string> metamask_public_key(const crypto::Secret<32>& secret);

/// Parses a base64 encryption public key (32 bytes); bad_encoding otherwise.
[[nodiscard]] Result<X25519Public> metamask_parse_public_key(std::string_view base64);

}  // namespace ehr::records
