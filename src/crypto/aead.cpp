#include "crypto/aead.hpp"

#include <sodium.h>

namespace ehr::crypto::aead {

Status encrypt(Cipher cipher, std::span<std::uint8_t> out, ByteView message, ByteView ad, ByteView nonce,
               const SecretKey32& key) noexcept {
  if (nonce.size() != nonce_size(cipher)) return Error{Errc::bad_length, "aead: wrong nonce size"};
  if (out.size() != message.size() + kTagSize)
    return Error{Errc::bad_length, "aead: output must be message + 16 bytes"};
  unsigned long long clen = 0;
  const int rc =
      cipher == Cipher::chacha20poly1305
          ? crypto_aead_chacha20poly1305_ietf_encrypt(nonnull(out), &clen, nonnull(message), message.size(),
                                                      nonnull(ad), ad.size(), nullptr, nonce.data(), key.data())
          : crypto_aead_xchacha20poly1305_ietf_encrypt(nonnull(out), &clen, nonnull(message), message.size(),
                                                       nonnull(ad), ad.size(), nullptr, nonce.data(), key.data());
  // libsodium fails only for messages above its size limit (256 GiB), which size_t cannot reach here.
  if (rc != 0) return Error{Errc::too_large, "aead: message too long"};
  return ok_status();
}

Status decrypt(Cipher cipher, std::span<std::uint8_t> out, ByteView ciphertext, ByteView ad, ByteView nonce,
               const SecretKey32& key) noexcept {
  if (nonce.size() != nonce_size(cipher)) return Error{Errc::bad_length, "aead: wrong nonce size"};
  if (ciphertext.size() < kTagSize) return Error{Errc::bad_length, "aead: ciphertext shorter than the tag"};
  if (out.size() != ciphertext.size() - kTagSize)
    return Error{Errc::bad_length, "aead: output must be ciphertext - 16 bytes"};
  unsigned long long mlen = 0;
  const int rc = cipher == Cipher::chacha20poly1305
                     ? crypto_aead_chacha20poly1305_ietf_decrypt(nonnull(out), &mlen, nullptr, nonnull(ciphertext),
                                                                 ciphertext.size(), nonnull(ad), ad.size(),
                                                                 nonce.data(), key.data())
                     : crypto_aead_xchacha20poly1305_ietf_decrypt(nonnull(out), &mlen, nullptr, nonnull(ciphertext),
                                                                  ciphertext.size(), nonnull(ad), ad.size(),
                                                                  nonce.data(), key.data());
  if (rc != 0) {
    // libsodium verifies before decrypting and leaves `out` untouched (or zeroed) on failure; wipe
    // it anyway so no caller can mistake it for plaintext.
    if (!out.empty()) sodium_memzero(nonnull(out), out.size());
    return Error{Errc::auth_failed, "aead: authentication failed"};
  }
  return ok_status();
}

}  // namespace ehr::crypto::aead
