// Keystore V3 (Web3 Secret Storage Definition): a private key encrypted with AES-128-CTR under
// the first 16 bytes of a password-derived key (scrypt or PBKDF2-HMAC-SHA256), authenticated by
// MAC = keccak256(derived[16..32] || ciphertext).
//
// Decryption is split so the slow KDF can run elsewhere (a Worker): parse() checks the JSON,
// derive_key() runs the KDF, decrypt_with_key() checks the MAC (constant time) and decrypts.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "crypto/scrypt.hpp"
#include "crypto/secret.hpp"
#include "eth/json_util.hpp"

namespace ehr::eth::keystore {

enum class Kdf : std::uint8_t { scrypt, pbkdf2 };

/// Upper bounds accepted when reading a keystore (a hostile file must not pin the page): scrypt
/// memory per crypto::kScryptDefaultMaxMemory, PBKDF2 at most 10,000,000 iterations, salts at
/// most 1 KiB, dklen 32..64.
inline constexpr std::uint32_t kMaxPbkdf2Iterations = 10'000'000;

struct Keystore {
  Kdf kdf = Kdf::scrypt;
  crypto::ScryptParams scrypt;   ///< when kdf == scrypt
  std::uint32_t iterations = 0;  ///< when kdf == pbkdf2 (prf hmac-sha256)
  Bytes salt;
  std::size_t dklen = 32;
  FixedBytes<16> iv{};
  Bytes ciphertext;  ///< 32 bytes: the encrypted private key
  Hash32 mac{};
  std::optional<Address20> address;  ///< when the file names it
  std::string id;
};

/// Reads a keystore: version 3, "crypto" (or "Crypto"), cipher aes-128-ctr, a known KDF with
/// parameters inside the bounds above, hex fields of the right sizes. No KDF is run.
/// Fails with bad_keystore (or bad_kdf_params, bad_json) naming the field.
[[nodiscard]] Result<Keystore> parse(const json_util::Json& j);
[[nodiscard]] Result<Keystore> parse_text(std::string_view json_text);

/// Runs the keystore's KDF over `password` (the slow part). Returns dklen bytes.
[[nodiscard]] Result<crypto::SecretBytes> derive_key(const Keystore& ks, ByteView password);

/// Checks the MAC with the derived key (wrong_password on mismatch, compared in constant time),
/// decrypts, checks the key is a valid secp256k1 key and, when the file names an address, that
/// it matches (bad_keystore).
[[nodiscard]] Result<crypto::SecretKey32> decrypt_with_key(const Keystore& ks, ByteView derived);

/// parse + derive_key + decrypt_with_key.
[[nodiscard]] Result<crypto::SecretKey32> decrypt(std::string_view json_text, ByteView password);

struct EncryptOptions {
  Kdf kdf = Kdf::scrypt;
  crypto::ScryptParams scrypt{262144, 8, 1};  ///< geth's "standard" parameters
  std::uint32_t iterations = 262144;          ///< PBKDF2
  /// Fixed values for reproducible tests; random (CSPRNG) when empty.
  Bytes salt;  ///< default: 32 random bytes
  Bytes iv;    ///< 16 bytes
  Bytes uuid;  ///< 16 bytes (a version 4 UUID is made from them)
};

/// EncryptOptions from JSON {"kdf": "scrypt"|"pbkdf2", "n", "r", "p", "c", "salt", "iv", "uuid"}
/// (all optional; byte fields as hex). Fails with bad_argument or bad_kdf_params.
[[nodiscard]] Result<EncryptOptions> options_from_json(const json_util::Json& j);

/// Encrypts `key` under `password`: the JSON text of a V3 keystore with "address", "crypto",
/// "id" and "version". Fails with bad_kdf_params (parameters), bad_length (iv/uuid sizes).
[[nodiscard]] Result<std::string> encrypt(const crypto::SecretKey32& key, ByteView password,
                                          const EncryptOptions& opts);

/// The parameters of a keystore as JSON for the JS API (no secrets): {kdf, n, r, p | c, address}.
[[nodiscard]] json_util::Json describe(const Keystore& ks);

}  // namespace ehr::eth::keystore
