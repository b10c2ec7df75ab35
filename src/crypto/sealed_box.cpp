#include "crypto/sealed_box.hpp"

#include <sodium.h>

#include "crypto/init.hpp"

namespace ehr::crypto::sealed_box {

Status seal(std::span<std::uint8_t> out, ByteView message, std::span<const std::uint8_t, 32> recipient) noexcept {
  if (out.size() != message.size() + kOverhead)
    return Error{Errc::bad_length, "sealed box: output must be message + 48 bytes"};
  (void)init();  // the CSPRNG in WebAssembly
  if (crypto_box_seal(nonnull(out), nonnull(message), message.size(), recipient.data()) != 0)
    return Error{Errc::invalid_public_key, "sealed box: recipient public key has small order"};
  return ok_status();
}

Status open(std::span<std::uint8_t> out, ByteView ciphertext, const x25519::KeyPair& recipient) noexcept {
  if (ciphertext.size() < kOverhead) return Error{Errc::bad_length, "sealed box: ciphertext shorter than 48 bytes"};
  if (out.size() != ciphertext.size() - kOverhead)
    return Error{Errc::bad_length, "sealed box: output must be ciphertext - 48 bytes"};
  if (crypto_box_seal_open(nonnull(out), nonnull(ciphertext), ciphertext.size(), recipient.public_key.data(),
                           recipient.secret_key.data()) != 0) {
    sodium_memzero(nonnull(out), out.size());
    return Error{Errc::auth_failed, "sealed box: authentication failed"};
  }
  return ok_status();
}

Result<Bytes> seal(ByteView message, std::span<const std::uint8_t, 32> recipient) {
  Bytes out(message.size() + kOverhead);
  if (auto st = seal(out, message, recipient); !st) return st.error();
  return out;
}

Result<SecretBytes> open(ByteView ciphertext, const Secret<32>& secret_key) {
  if (ciphertext.size() < kOverhead) return Error{Errc::bad_length, "sealed box: ciphertext shorter than 48 bytes"};
  const x25519::KeyPair kp = x25519::from_secret_key(secret_key);
  SecretBytes out(ciphertext.size() - kOverhead);
  if (auto st = open(out.mut(), ciphertext, kp); !st) return st.error();
  return out;
}

}  // namespace ehr::crypto::sealed_box
