// X.509 SubjectPublicKeyInfo (RFC 5280 section 4.1.2.7, RFC 5480) for secp256k1 public keys, in
// strict DER: the form WebCrypto, OpenSSL and Wycheproof's ECDH vectors use to carry a public key.
//
//   SEQUENCE {
//     SEQUENCE { OID 1.2.840.10045.2.1 (id-ecPublicKey), OID 1.3.132.0.10 (secp256k1) }
//     BIT STRING { 0 unused bits, SEC1 point: 04 || x || y or 02/03 || x }
//   }
//
// Only the named-curve form exists here (RFC 5480 section 2.1.1 forbids explicit parameters in
// PKIX); with a fixed algorithm identifier, strict DER leaves exactly one encoding per point, so
// anything else (BER lengths, explicit curve parameters, other curves, trailing bytes) is rejected.
#pragma once

#include "common/bytes.hpp"
#include "common/result.hpp"

namespace ehr::crypto::spki {

/// Parses a secp256k1 SubjectPublicKeyInfo and returns the SEC1 point (33 or 65 bytes), checked to
/// be on the curve. Fails with bad_encoding for any other encoding (including keys on other curves
/// and explicit curve parameters) and invalid_public_key for a point that is not on secp256k1.
[[nodiscard]] Result<Bytes> parse_secp256k1(ByteView der) noexcept;

/// Encodes a SEC1 point (33 or 65 bytes, checked to be on the curve) as a SubjectPublicKeyInfo.
/// Fails with bad_length or invalid_public_key.
[[nodiscard]] Result<Bytes> encode_secp256k1(ByteView sec1) noexcept;

}  // namespace ehr::crypto::spki
