#include "crypto/sha512.hpp"

#include "crypto/secret.hpp"

namespace ehr::crypto {

Sha512::Sha512() noexcept { crypto_hash_sha512_init(&state_); }
Sha512::~Sha512() { wipe(&state_, sizeof state_); }

void Sha512::update(ByteView data) noexcept { crypto_hash_sha512_update(&state_, nonnull(data), data.size()); }

Hash64 Sha512::final() noexcept {
  Hash64 out;
  crypto_hash_sha512_final(&state_, out.data());  // wipes the state itself
  crypto_hash_sha512_init(&state_);
  return out;
}

Hash64 sha512(ByteView data) noexcept {
  Hash64 out;
  crypto_hash_sha512(out.data(), nonnull(data), data.size());
  return out;
}

}  // namespace ehr::crypto
