#include "records/hkdf.hpp"

#include <algorithm>

#include "crypto/hkdf.hpp"

namespace ehr::records {

Status hkdf_sha256(ByteView ikm, ByteView salt, ByteView info, std::span<std::uint8_t> out) noexcept {
  auto okm = crypto::hkdf_sha256::derive(ikm, salt, info, out.size());
  if (!okm) return okm.error();
  std::copy(okm.value().view().begin(), okm.value().view().end(), out.begin());
  return ok_status();
}

crypto::Secret<32> hkdf_sha256_32(ByteView ikm, std::string_view salt, ByteView info) noexcept {
  crypto::Secret<32> out;
  (void)hkdf_sha256(ikm, str_bytes(salt), info, out.mut());  // 32 bytes: always a valid length
  return out;
}

}  // namespace ehr::records
