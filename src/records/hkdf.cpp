#include "records/hkdf.hpp"

#include <sodium.h>

#include <algorithm>

namespace ehr::records {
namespace {
// libsodium declares its input pointers non-null even for zero lengths.
const std::uint8_t* ptr(ByteView v) {
  static const std::uint8_t none = 0;
  return v.empty() ? &none : v.data();
}
}  // namespace

Status hkdf_sha256(ByteView ikm, ByteView salt, ByteView info, std::span<std::uint8_t> out) noexcept {
  constexpr std::size_t kHash = crypto_auth_hmacsha256_BYTES;
  if (out.empty() || out.size() > 255 * kHash) {
    return Error{Errc::bad_length, "HKDF-SHA256 output must be 1..8160 bytes"};
  }
  // RFC 5869 2.2 Extract: PRK = HMAC-Hash(salt, IKM). An empty salt is HashLen zero bytes, which
  // is what HMAC's zero padding of an empty key gives, so the empty key is passed as is.
  crypto::Secret<kHash> prk;
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, ptr(salt), salt.size());
  crypto_auth_hmacsha256_update(&st, ptr(ikm), ikm.size());
  crypto_auth_hmacsha256_final(&st, prk.data());

  // RFC 5869 2.3 Expand: T(i) = HMAC-Hash(PRK, T(i-1) | info | i), OKM = T(1) | T(2) | ...
  crypto::Secret<kHash> t;
  std::size_t done = 0;
  for (std::uint8_t i = 1; done < out.size(); ++i) {
    crypto_auth_hmacsha256_init(&st, prk.data(), kHash);
    if (i > 1) crypto_auth_hmacsha256_update(&st, t.data(), kHash);
    crypto_auth_hmacsha256_update(&st, ptr(info), info.size());
    crypto_auth_hmacsha256_update(&st, &i, 1);
    crypto_auth_hmacsha256_final(&st, t.data());
    const std::size_t n = std::min(kHash, out.size() - done);
    std::copy_n(t.data(), n, out.data() + done);
    done += n;
  }
  crypto::wipe(&st, sizeof st);
  return ok_status();
}

crypto::Secret<32> hkdf_sha256_32(ByteView ikm, std::string_view salt, ByteView info) noexcept {
  crypto::Secret<32> out;
  // 32 bytes is always a valid output length.
  (void)hkdf_sha256(ikm, str_bytes(salt), info, out.mut());
  return out;
}

}  // namespace ehr::records
