// Standard base64 (RFC 4648 section 4, with padding) for the MetaMask encryption format and FHIR
// base64Binary. Decoding is strict: the length is a multiple of 4, '=' only as final padding,
// no whitespace, unused bits zero (one encoding per byte string).
#pragma once

#include <string>
#include <string_view>

#include "common/bytes.hpp"
#include "common/result.hpp"

namespace ehr::records {

[[nodiscard]] std::string base64_encode(ByteView in);

/// Fails with bad_encoding on any deviation from the canonical padded form.
[[nodiscard]] Result<Bytes> base64_decode(std::string_view in);

}  // namespace ehr::records
