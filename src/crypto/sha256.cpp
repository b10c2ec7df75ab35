#include "crypto/sha256.hpp"

#include "crypto/secret.hpp"

namespace ehr::crypto {

Sha256::Sha256() noexcept { crypto_hash_sha256_init(&state_); }
Sha256::~Sha256() { wipe(&state_, sizeof state_); }

void Sha256::update(ByteView data) noexcept {
  crypto_hash_sha256_update(&state_, data.data(), data.size());
}

Hash32 Sha256::final() noexcept {
  Hash32 out;
  crypto_hash_sha256_final(&state_, out.data());
  crypto_hash_sha256_init(&state_);
  return out;
}

Hash32 sha256(ByteView data) noexcept {
  Hash32 out;
  crypto_hash_sha256(out.data(), data.data(), data.size());
  return out;
}

}  // namespace ehr::crypto
