#include "crypto/argon2.hpp"

#include <sodium.h>

namespace ehr::crypto::argon2id {

Result<SecretBytes> derive(ByteView password, ByteView salt, std::size_t out_len, std::uint32_t opslimit,
                           std::size_t memlimit) noexcept {
  if (salt.size() != kSaltSize) return Error{Errc::bad_length, "argon2id: salt must be 16 bytes"};
  if (out_len < kMinOutput || out_len > kMaxOutput)
    return Error{Errc::bad_length, "argon2id: output must be 16..1024 bytes"};
  if (opslimit < kOpsMin) return Error{Errc::bad_kdf_params, "argon2id: opslimit must be at least 1"};
  if (memlimit < kMemMin || memlimit > kMemMax)
    return Error{Errc::bad_kdf_params, "argon2id: memlimit must be 8 KiB..1 GiB"};
  SecretBytes out(out_len);
  if (crypto_pwhash(out.mut().data(), out_len, reinterpret_cast<const char*>(nonnull(password)), password.size(),
                    salt.data(), opslimit, memlimit, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    // The parameters were checked above: the remaining failure is the memory allocation.
    return Error{Errc::out_of_memory, "argon2id: cannot allocate the memory"};
  }
  return out;
}

}  // namespace ehr::crypto::argon2id
