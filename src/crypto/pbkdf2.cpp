#include "crypto/pbkdf2.hpp"

#include <sodium.h>

#include <algorithm>

#include "crypto/secret.hpp"

namespace ehr::crypto {
namespace {

// libsodium's prototypes declare their pointers non-null even for zero lengths.
const std::uint8_t kEmpty[1] = {0};
inline const std::uint8_t* nonnull(ByteView v) noexcept { return v.empty() ? kEmpty : v.data(); }

// Glue to the two libsodium HMAC variants, so the loop below is written once.
struct Sha256Prf {
  using State = crypto_auth_hmacsha256_state;
  static constexpr std::size_t kLen = crypto_auth_hmacsha256_BYTES;
  static void init(State* s, ByteView key) { crypto_auth_hmacsha256_init(s, nonnull(key), key.size()); }
  static void update(State* s, const std::uint8_t* p, std::size_t n) { crypto_auth_hmacsha256_update(s, p, n); }
  static void final(State* s, std::uint8_t* out) { crypto_auth_hmacsha256_final(s, out); }
};

struct Sha512Prf {
  using State = crypto_auth_hmacsha512_state;
  static constexpr std::size_t kLen = crypto_auth_hmacsha512_BYTES;
  static void init(State* s, ByteView key) { crypto_auth_hmacsha512_init(s, nonnull(key), key.size()); }
  static void update(State* s, const std::uint8_t* p, std::size_t n) { crypto_auth_hmacsha512_update(s, p, n); }
  static void final(State* s, std::uint8_t* out) { crypto_auth_hmacsha512_final(s, out); }
};

template <class Prf>
Status pbkdf2(ByteView password, ByteView salt, std::uint32_t iterations, std::span<std::uint8_t> out) noexcept {
  if (iterations == 0 || out.empty() ||
      out.size() / Prf::kLen >= std::size_t{0xffffffffU}) {  // RFC 8018 5.2 step 1: dkLen <= (2^32 - 1) * hLen
    wipe(out.data(), out.size());
    return Error{Errc::bad_kdf_params,
                 "PBKDF2: iterations and output length must be positive (and dkLen <= (2^32-1)*hLen)"};
  }
  if (sodium_init() < 0) return Error{Errc::internal, "libsodium unavailable"};
  // The keyed state: HMAC's inner and outer pads absorbed once for this password.
  typename Prf::State keyed;
  Prf::init(&keyed, password);
  typename Prf::State st;
  std::uint8_t u[Prf::kLen];
  std::uint8_t t[Prf::kLen];
  const std::size_t blocks = (out.size() + Prf::kLen - 1) / Prf::kLen;
  for (std::size_t i = 1; i <= blocks; ++i) {
    // U_1 = PRF(P, S || INT(i)); T_i = U_1 ^ U_2 ^ ... ^ U_c (RFC 8018 5.2 step 3).
    const std::uint8_t be[4] = {static_cast<std::uint8_t>(i >> 24), static_cast<std::uint8_t>(i >> 16),
                                static_cast<std::uint8_t>(i >> 8), static_cast<std::uint8_t>(i)};
    st = keyed;
    Prf::update(&st, nonnull(salt), salt.size());
    Prf::update(&st, be, 4);
    Prf::final(&st, u);
    std::copy(u, u + Prf::kLen, t);
    for (std::uint32_t c = 1; c < iterations; ++c) {
      st = keyed;
      Prf::update(&st, u, Prf::kLen);
      Prf::final(&st, u);
      for (std::size_t k = 0; k < Prf::kLen; ++k) t[k] ^= u[k];
    }
    const std::size_t off = (i - 1) * Prf::kLen;
    const std::size_t n = std::min(Prf::kLen, out.size() - off);
    std::copy(t, t + n, out.begin() + static_cast<std::ptrdiff_t>(off));
  }
  wipe(&keyed, sizeof keyed);
  wipe(&st, sizeof st);
  wipe(u, sizeof u);
  wipe(t, sizeof t);
  return ok_status();
}

}  // namespace

Status pbkdf2_hmac_sha256(ByteView password, ByteView salt, std::uint32_t iterations,
                          std::span<std::uint8_t> out) noexcept {
  return pbkdf2<Sha256Prf>(password, salt, iterations, out);
}

Status pbkdf2_hmac_sha512(ByteView password, ByteView salt, std::uint32_t iterations,
                          std::span<std::uint8_t> out) noexcept {
  return pbkdf2<Sha512Prf>(password, salt, iterations, out);
}

}  // namespace ehr::crypto
