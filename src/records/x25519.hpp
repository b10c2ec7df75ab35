// X25519 key pairs and sealed boxes (crypto_box_seal: X25519 + XSalsa20-Poly1305 with an
// ephemeral sender key) in the shapes the records layer uses them (recipient wraps, grant payloads,
// institution member wraps), over the crypto core (crypto/x25519.hpp, crypto/sealed_box.hpp).
#pragma once

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "crypto/secret.hpp"
#include "records/envelope_format.hpp"

namespace ehr::records {

inline constexpr std::size_t kSealOverhead = 48;  ///< crypto_box_SEALBYTES: ephemeral pk + tag

/// The X25519 public key of a 32-byte secret (the scalar is clamped). Does not fail: the Result
/// keeps callers ready for key types that can.
[[nodiscard]] Result<X25519Public> x25519_public_key(const crypto::Secret<32>& secret) noexcept;

/// A fresh X25519 secret from the CSPRNG.
[[nodiscard]] crypto::Secret<32> x25519_generate() noexcept;

/// crypto_box_seal of `message` to `recipient` (output: message.size() + 48 bytes).
/// Fails with invalid_public_key when libsodium refuses the key (a low-order point).
[[nodiscard]] Result<Bytes> seal(ByteView message, const X25519Public& recipient);

/// crypto_box_seal_open with the recipient's secret (its public key is derived from it).
/// `sealed` must be at least 48 bytes (else bad_length). Fails with auth_failed when the box
/// does not open with this key or was altered. The plaintext is returned as a secret.
[[nodiscard]] Result<crypto::SecretBytes> seal_open(ByteView sealed, const crypto::Secret<32>& secret);

}  // namespace ehr::records
