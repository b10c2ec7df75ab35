#include "crypto/hkdf.hpp"

#include <cstring>

#include "crypto/hmac.hpp"

namespace ehr::crypto::hkdf_sha256 {

Secret<32> extract(ByteView salt, ByteView ikm) noexcept {
  // Section 2.2: "if not provided, [salt] is set to a string of HashLen zeros". A zero-length
  // salt gives the same PRK, since HMAC pads the key with zeros to the block size.
  return hmac_sha256(salt, ikm);
}

Result<SecretBytes> expand(ByteView prk, ByteView info, std::size_t length) noexcept {
  if (prk.size() < kHashLen) return Error{Errc::bad_length, "hkdf: PRK must be at least 32 bytes"};
  if (length == 0 || length > kMaxOutput) return Error{Errc::bad_length, "hkdf: length must be 1..8160 bytes"};
  SecretBytes okm(length);
  Secret<32> t;  // T(i-1); T(0) is empty
  std::size_t done = 0;
  for (std::uint8_t i = 1; done < length; ++i) {
    HmacSha256 m(prk);
    if (i > 1) m.update(t.view());
    m.update(info);
    m.update(ByteView(&i, 1));
    t = m.final();
    const std::size_t take = length - done < kHashLen ? length - done : kHashLen;
    std::memcpy(okm.mut().data() + done, t.data(), take);
    done += take;
  }
  return okm;
}

Result<SecretBytes> derive(ByteView ikm, ByteView salt, ByteView info, std::size_t length) noexcept {
  if (length == 0 || length > kMaxOutput) return Error{Errc::bad_length, "hkdf: length must be 1..8160 bytes"};
  const Secret<32> prk = extract(salt, ikm);
  return expand(prk.view(), info, length);
}

Secret<32> derive32(ByteView ikm, ByteView salt, ByteView info) noexcept {
  const Secret<32> prk = extract(salt, ikm);
  // Section 2.3 with L = HashLen: OKM = T(1) = HMAC-SHA256(PRK, info || 0x01).
  const std::uint8_t one = 1;
  HmacSha256 m(prk.view());
  m.update(info);
  m.update(ByteView(&one, 1));
  return m.final();
}

}  // namespace ehr::crypto::hkdf_sha256
