// X25519 (RFC 7748) key pairs and Diffie-Hellman over libsodium (crypto_box / crypto_scalarmult).
// These are the keys that sealed boxes (sealed_box.hpp) encrypt to.
#pragma once

#include <cstddef>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "crypto/secret.hpp"

namespace ehr::crypto::x25519 {

constexpr std::size_t kKeySize = 32;
using PublicKey = FixedBytes<32>;

/// A key pair: the secret scalar (32 bytes, as given; clamping happens inside every multiplication,
/// RFC 7748 section 5) and its public key.
struct KeyPair {
  Secret<32> secret_key;
  PublicKey public_key{};
};

/// A fresh key pair from the CSPRNG (crypto_box_keypair).
[[nodiscard]] KeyPair generate() noexcept;

/// The key pair libsodium's crypto_box_seed_keypair derives from a 32-byte seed: the secret key is
/// the first 32 bytes of SHA-512(seed). Deterministic: the same seed always gives the same pair.
[[nodiscard]] KeyPair from_seed(std::span<const std::uint8_t, 32> seed) noexcept;

/// The key pair of a given 32-byte secret key (public = X25519(sk, 9), crypto_scalarmult_base).
[[nodiscard]] KeyPair from_secret_key(const Secret<32>& secret_key) noexcept;

/// The public key of a 32-byte secret, X25519(sk, 9) (the scalar is clamped). Does not fail.
[[nodiscard]] PublicKey public_key(const Secret<32>& secret_key) noexcept;

/// X25519(sk, pk), the raw shared secret (RFC 7748 section 6.1), via crypto_scalarmult. The high
/// bit of `pk` is ignored and non-canonical u-coordinates (>= 2^255 - 19) are reduced, as the RFC
/// requires. Fails with invalid_public_key when the result is all zeros: libsodium refuses
/// public keys of small order (they force a known output) and any all-zero output, as RFC 7748
/// section 6.1 permits ("MAY check ... and abort").
[[nodiscard]] Result<Secret<32>> shared_secret(const Secret<32>& secret_key,
                                               std::span<const std::uint8_t, 32> public_key) noexcept;

}  // namespace ehr::crypto::x25519
