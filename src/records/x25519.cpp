#include "records/x25519.hpp"

#include <sodium.h>

namespace ehr::records {

Result<X25519Public> x25519_public_key(const crypto::Secret<32>& secret) noexcept {
  X25519Public pk{};
  if (crypto_scalarmult_curve25519_base(pk.data(), secret.data()) != 0) {
    return Error{Errc::invalid_private_key, "X25519 secret gives the zero point"};
  }
  return pk;
}

crypto::Secret<32> x25519_generate() noexcept {
  crypto::Secret<32> sk;
  randombytes_buf(sk.data(), 32);
  return sk;
}

Result<Bytes> seal(ByteView message, const X25519Public& recipient) {
  Bytes out(message.size() + crypto_box_SEALBYTES);
  if (crypto_box_seal(out.data(), message.data(), message.size(), recipient.data()) != 0) {
    return Error{Errc::invalid_public_key, "cannot seal to this X25519 public key"};
  }
  return out;
}

Result<crypto::SecretBytes> seal_open(ByteView sealed, const crypto::Secret<32>& secret) {
  if (sealed.size() < crypto_box_SEALBYTES) return Error{Errc::bad_length, "sealed box shorter than 48 bytes"};
  auto pk = x25519_public_key(secret);
  if (!pk) return pk.error();
  crypto::SecretBytes out(sealed.size() - crypto_box_SEALBYTES);
  if (crypto_box_seal_open(out.mut().data(), sealed.data(), sealed.size(), pk.value().data(), secret.data()) != 0) {
    return Error{Errc::auth_failed, "sealed box does not open with this key"};
  }
  return out;
}

}  // namespace ehr::records
