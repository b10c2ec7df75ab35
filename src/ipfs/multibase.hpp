// Multibase (https://github.com/multiformats/multibase): a one-character prefix naming the
// encoding of the text that follows. Supported: base32 lower 'b' (RFC 4648, no padding; the CIDv1
// default), base32 upper 'B' (decode), base58btc 'z' (Bitcoin alphabet), base16 lower 'f' and
// upper 'F' (decode).
#pragma once

#include <string>
#include <string_view>

#include "common/bytes.hpp"
#include "common/result.hpp"

namespace ehr::ipfs {

/// Encodings this module writes. The value is the multibase prefix character.
enum class Multibase : char { base32 = 'b', base58btc = 'z', base16 = 'f' };

/// Longest multibase text the decoders accept (characters, prefix included). CIDs are far
/// shorter; the limit bounds base58's quadratic decoding.
inline constexpr std::size_t kMaxMultibaseText = 1024;

/// RFC 4648 base32, lower case, no padding (no prefix).
[[nodiscard]] std::string base32_encode(ByteView in);
/// Decodes unpadded RFC 4648 base32 in one case (`upper` selects which). Strict: no padding, no
/// mixed case, no impossible lengths (1, 3, 6 mod 8) and the unused low bits of the last
/// character must be zero, so each byte string has exactly one encoding. Fails with bad_multibase.
[[nodiscard]] Result<Bytes> base32_decode(std::string_view in, bool upper);

/// Bitcoin base58 (no prefix, no checksum): leading zero bytes become leading '1's.
[[nodiscard]] std::string base58btc_encode(ByteView in);
/// Decodes Bitcoin base58. Fails with bad_multibase on a character outside the alphabet or an
/// input longer than kMaxMultibaseText.
[[nodiscard]] Result<Bytes> base58btc_decode(std::string_view in);

/// Multibase text: prefix character + encoding of `in`.
[[nodiscard]] std::string multibase_encode(ByteView in, Multibase base);
/// Decodes multibase text with one of the supported prefixes ('b', 'B', 'z', 'f', 'F'). Fails
/// with bad_multibase for an empty text, an unknown prefix or a bad character.
[[nodiscard]] Result<Bytes> multibase_decode(std::string_view text);

}  // namespace ehr::ipfs
