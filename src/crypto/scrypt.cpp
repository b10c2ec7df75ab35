#include "crypto/scrypt.hpp"

#include <sodium.h>

#include <string>

#include "crypto/secret.hpp"

namespace ehr::crypto {

Status scrypt_check(const ScryptParams& params, std::uint64_t max_memory) noexcept {
  const auto bad = [](const char* msg) { return Error{Errc::bad_kdf_params, std::string("scrypt: ") + msg}; };
  if (params.n < 2 || (params.n & (params.n - 1)) != 0) return bad("N must be a power of two >= 2");
  if (params.n > 0xffffffffULL) return bad("N must be below 2^32");
  if (params.r == 0 || params.p == 0) return bad("r and p must be positive");
  if (static_cast<std::uint64_t>(params.r) * params.p >= (1ULL << 30)) return bad("r * p must be below 2^30");
  // V takes 128 * r * N bytes, B 128 * r * p (RFC 7914 section 6).
  const std::uint64_t block = 128ULL * params.r;
  if (params.n > max_memory / block || params.p > max_memory / block ||
      block * params.n + block * params.p > max_memory)
    return bad("parameters need more memory than allowed");
  return ok_status();
}

Status scrypt(ByteView password, ByteView salt, const ScryptParams& params, std::span<std::uint8_t> out,
              std::uint64_t max_memory) noexcept {
  auto checked = scrypt_check(params, max_memory);
  if (!checked) {
    wipe(out.data(), out.size());
    return checked;
  }
  if (out.empty()) return Error{Errc::bad_kdf_params, "scrypt: output length must be positive"};
  if (sodium_init() < 0) return Error{Errc::internal, "libsodium unavailable"};
  // libsodium's prototype declares the pointers non-null even for zero lengths.
  static const std::uint8_t kEmpty[1] = {0};
  const std::uint8_t* pw = password.empty() ? kEmpty : password.data();
  const std::uint8_t* sa = salt.empty() ? kEmpty : salt.data();
  if (crypto_pwhash_scryptsalsa208sha256_ll(pw, password.size(), sa, salt.size(), params.n, params.r, params.p,
                                            out.data(), out.size()) != 0) {
    wipe(out.data(), out.size());
    return Error{Errc::out_of_memory, "scrypt: could not allocate its working memory"};
  }
  return ok_status();
}

}  // namespace ehr::crypto
