// Hexadecimal encoding. Used for addresses, test vectors and diagnostics; never for secrets.
#pragma once

#include <string>
#include <string_view>

#include "common/bytes.hpp"
#include "common/result.hpp"

namespace ehr {

/// Lower-case hex of `in`, without a prefix.
std::string to_hex(ByteView in);

/// Decodes hex with an optional "0x"/"0X" prefix; either case. Fails with bad_encoding on an odd
/// length or a non-hex character.
Result<Bytes> from_hex(std::string_view in);

}  // namespace ehr
