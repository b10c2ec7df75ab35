#include "crypto/spki.hpp"

#include <algorithm>
#include <array>

#include "crypto/secp256k1.hpp"

namespace ehr::crypto::spki {
namespace {

// The DER bytes before the point: SEQUENCE (len) { SEQUENCE (16) { OID id-ecPublicKey,
// OID secp256k1 }, BIT STRING (len) 00 }. The two lengths depend on the point size only.
constexpr std::array<std::uint8_t, 2> kOuter65 = {0x30, 0x56};  // 2 + 16 + 2 + 1 + 65 = 86
constexpr std::array<std::uint8_t, 2> kOuter33 = {0x30, 0x36};  // 2 + 16 + 2 + 1 + 33 = 54
constexpr std::array<std::uint8_t, 18> kAlgorithm = {
    0x30, 0x10,                                             // SEQUENCE, 16 bytes
    0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01,   // 1.2.840.10045.2.1 id-ecPublicKey
    0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x0a};              // 1.3.132.0.10 secp256k1
constexpr std::size_t kPrefix = 2 + kAlgorithm.size() + 3;  // + BIT STRING tag, length, unused bits

Bytes prefix_for(std::size_t point_size) {
  Bytes out;
  out.reserve(kPrefix + point_size);
  const auto& outer = point_size == 65 ? kOuter65 : kOuter33;
  out.insert(out.end(), outer.begin(), outer.end());
  out.insert(out.end(), kAlgorithm.begin(), kAlgorithm.end());
  out.push_back(0x03);
  out.push_back(static_cast<std::uint8_t>(point_size + 1));
  out.push_back(0x00);
  return out;
}

}  // namespace

Result<Bytes> parse_secp256k1(ByteView der) noexcept {
  std::size_t point_size = 0;
  if (der.size() == kPrefix + 65) {
    point_size = 65;
  } else if (der.size() == kPrefix + 33) {
    point_size = 33;
  } else {
    return Error{Errc::bad_encoding, "not a DER secp256k1 SubjectPublicKeyInfo"};
  }
  const Bytes expected = prefix_for(point_size);
  if (!std::equal(expected.begin(), expected.end(), der.begin()))
    return Error{Errc::bad_encoding, "not a DER secp256k1 SubjectPublicKeyInfo"};
  const ByteView point = der.subspan(kPrefix);
  // Re-serializing checks the point (on the curve, prefix 02/03/04) without changing its form.
  auto checked = secp256k1::convert_public_key(point, point_size == 33);
  if (!checked) return Error{Errc::invalid_public_key, "the point is not on secp256k1"};
  return checked;
}

Result<Bytes> encode_secp256k1(ByteView sec1) noexcept {
  if (sec1.size() != 33 && sec1.size() != 65) return Error{Errc::bad_length, "public key must be 33 or 65 bytes"};
  auto checked = secp256k1::convert_public_key(sec1, sec1.size() == 33);
  if (!checked) return checked.error();
  Bytes out = prefix_for(sec1.size());
  out.insert(out.end(), checked.value().begin(), checked.value().end());
  return out;
}

}  // namespace ehr::crypto::spki
