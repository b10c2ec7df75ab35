// Fuzz target: secp256k1 SubjectPublicKeyInfo parsing (outside bytes: keys from certificates,
// WebCrypto exports, test vectors). Properties: whatever parses is a valid point that encodes back
// to exactly the input (strict DER has one encoding per key), and the point re-parses to itself.
#include <cstdint>
#include <cstdlib>

#include "crypto/secp256k1.hpp"
#include "crypto/spki.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const ehr::ByteView der(data, size);
  auto point = ehr::crypto::spki::parse_secp256k1(der);
  if (!point.ok()) {
    const auto code = point.error().code;
    if (code != ehr::Errc::bad_encoding && code != ehr::Errc::invalid_public_key) std::abort();
    return 0;
  }
  if (point.value().size() != 33 && point.value().size() != 65) std::abort();
  auto again = ehr::crypto::spki::encode_secp256k1(point.value());
  if (!again.ok() || again.value().size() != size) std::abort();
  for (std::size_t i = 0; i < size; ++i)
    if (again.value()[i] != data[i]) std::abort();
  auto same = ehr::crypto::secp256k1::convert_public_key(point.value(), point.value().size() == 33);
  if (!same.ok() || same.value() != point.value()) std::abort();
  return 0;
}
