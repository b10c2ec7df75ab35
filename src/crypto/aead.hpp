// ChaCha20-Poly1305 AEADs over libsodium: the IETF construction (RFC 8439, 12-byte nonce) and
// XChaCha20-Poly1305 (draft-irtf-cfrg-xchacha, 24-byte nonce, safe with random nonces). The
// ciphertext is the encrypted message followed by the 16-byte Poly1305 tag.
#pragma once

#include <cstddef>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "crypto/secret.hpp"

namespace ehr::crypto::aead {

constexpr std::size_t kKeySize = 32;
constexpr std::size_t kTagSize = 16;
constexpr std::size_t kNonceSize = 12;   ///< ChaCha20-Poly1305 (IETF)
constexpr std::size_t kXNonceSize = 24;  ///< XChaCha20-Poly1305

enum class Cipher { chacha20poly1305, xchacha20poly1305 };

/// The nonce size of `cipher` in bytes.
constexpr std::size_t nonce_size(Cipher cipher) noexcept {
  return cipher == Cipher::chacha20poly1305 ? kNonceSize : kXNonceSize;
}

/// Encrypts `message` with associated data `ad` under `key` and `nonce` into `out`
/// (message.size() + 16 bytes). `out` may start at message.data() (in place). A nonce must never
/// repeat under one key. Fails with bad_length for a wrong nonce or output size.
[[nodiscard]] Status encrypt(Cipher cipher, std::span<std::uint8_t> out, ByteView message, ByteView ad, ByteView nonce,
                             const SecretKey32& key) noexcept;

/// Checks the tag and decrypts `ciphertext` (at least 16 bytes) into `out` (ciphertext.size() - 16
/// bytes); `out` may start at ciphertext.data(). Fails with bad_length for a wrong nonce size, a
/// ciphertext shorter than the tag or a wrong output size, and auth_failed if the key, nonce,
/// associated data or ciphertext differ from those used to encrypt; `out` is then zeroed.
[[nodiscard]] Status decrypt(Cipher cipher, std::span<std::uint8_t> out, ByteView ciphertext, ByteView ad,
                             ByteView nonce, const SecretKey32& key) noexcept;

}  // namespace ehr::crypto::aead
