#include "crypto/x25519.hpp"

#include <sodium.h>

#include "crypto/init.hpp"

namespace ehr::crypto::x25519 {

KeyPair generate() noexcept {
  (void)init();  // the CSPRNG in WebAssembly
  KeyPair kp;
  crypto_box_keypair(kp.public_key.data(), kp.secret_key.data());
  return kp;
}

KeyPair from_seed(std::span<const std::uint8_t, 32> seed) noexcept {
  KeyPair kp;
  crypto_box_seed_keypair(kp.public_key.data(), kp.secret_key.data(), seed.data());
  return kp;
}

KeyPair from_secret_key(const Secret<32>& secret_key) noexcept {
  KeyPair kp;
  for (std::size_t i = 0; i < kKeySize; ++i) kp.secret_key.data()[i] = secret_key.data()[i];
  // Cannot fail: the clamped scalar is a nonzero multiple of 8 below the base point's order.
  (void)crypto_scalarmult_curve25519_base(kp.public_key.data(), kp.secret_key.data());
  return kp;
}

PublicKey public_key(const Secret<32>& secret_key) noexcept {
  PublicKey pk{};
  // Cannot fail (see from_secret_key).
  (void)crypto_scalarmult_curve25519_base(pk.data(), secret_key.data());
  return pk;
}

Result<Secret<32>> shared_secret(const Secret<32>& secret_key, std::span<const std::uint8_t, 32> public_key) noexcept {
  Secret<32> out;
  if (crypto_scalarmult_curve25519(out.data(), secret_key.data(), public_key.data()) != 0)
    return Error{Errc::invalid_public_key, "x25519: public key of small order (all-zero shared secret)"};
  return out;
}

}  // namespace ehr::crypto::x25519
