// Sealed boxes (libsodium crypto_box_seal): anonymous public-key encryption to an X25519 key.
// seal = ephemeral key pair epk, nonce = BLAKE2b-192(epk || pk), ciphertext = epk ||
// crypto_box(m, nonce, pk, esk) (XSalsa20-Poly1305). The sender cannot decrypt what it sealed.
#pragma once

#include <cstddef>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "crypto/x25519.hpp"

namespace ehr::crypto::sealed_box {

constexpr std::size_t kOverhead = 48;  ///< 32-byte ephemeral public key + 16-byte tag

/// Seals `message` to `recipient` into `out`, which must be message.size() + 48 bytes. Fails with
/// bad_length on a wrong output size and invalid_public_key if the recipient key has small order.
[[nodiscard]] Status seal(std::span<std::uint8_t> out, ByteView message,
                          std::span<const std::uint8_t, 32> recipient) noexcept;

/// Opens a sealed box with the recipient's key pair into `out` (ciphertext.size() - 48 bytes).
/// Fails with bad_length if the ciphertext is shorter than 48 bytes or `out` has the wrong size,
/// and auth_failed if the box was not sealed to this key or was modified; `out` is then zeroed.
[[nodiscard]] Status open(std::span<std::uint8_t> out, ByteView ciphertext, const x25519::KeyPair& recipient) noexcept;

/// seal() into a new buffer of message.size() + 48 bytes. Fails with invalid_public_key if the
/// recipient key has small order.
[[nodiscard]] Result<Bytes> seal(ByteView message, std::span<const std::uint8_t, 32> recipient);

/// open() with the recipient's 32-byte secret key (its public key is derived from it), the
/// plaintext (ciphertext.size() - 48 bytes) returned as a secret. Fails with bad_length if the
/// ciphertext is shorter than 48 bytes and auth_failed if the box was not sealed to this key or
/// was modified.
[[nodiscard]] Result<SecretBytes> open(ByteView ciphertext, const Secret<32>& secret_key);

}  // namespace ehr::crypto::sealed_box
