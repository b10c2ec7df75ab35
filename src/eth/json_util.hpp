// JSON helpers shared by the Ethereum codecs (nlohmann/json without exceptions; text is parsed by
// ehr::parse_json, common/json.hpp). Conventions of
// the JSON that crosses into the core (see docs/eth.md): integers are decimal strings ("0x" hex
// strings and non-negative JSON integers are accepted too), bytes are "0x"-prefixed hex strings,
// addresses are "0x" + 40 hex digits (mixed case must be a valid EIP-55 checksum).
#pragma once

#include <string>
#include <string_view>

#include "common/bytes.hpp"
#include "common/json.hpp"
#include "common/result.hpp"
#include "eth/u256.hpp"

namespace ehr::eth::json_util {

using Json = ehr::Json;

/// ehr::parse_json() (common/json.hpp), the one JSON entry point, under the name bench/native
/// calls it by. Parse with parse_json() in new code.
[[nodiscard]] inline Result<Json> parse(std::string_view text, std::size_t max_bytes = kJsonMaxBytes) {
  return parse_json(text, max_bytes);
}

/// Serializes compactly. Strings must be valid UTF-8 (callers check outside text); invalid
/// sequences are replaced rather than aborting.
[[nodiscard]] std::string dump(const Json& j);

/// An unsigned integer from a decimal string, a "0x" hex string or a non-negative JSON integer.
/// Fails with `code` (message names `what`) on any other form or above 2^256 - 1.
[[nodiscard]] Result<U256> get_uint(const Json& v, const char* what, Errc code);

/// Bytes from a "0x"-prefixed hex string (even number of digits). Fails with `code`.
[[nodiscard]] Result<Bytes> get_bytes(const Json& v, const char* what, Errc code);

/// A 20-byte address from "0x" + 40 hex digits (EIP-55 checked when mixed case). Fails with `code`.
[[nodiscard]] Result<Address20> get_address(const Json& v, const char* what, Errc code);

/// "0x" + lower-case hex.
[[nodiscard]] std::string hex0x(ByteView bytes);

/// True if `s` is well-formed UTF-8 (no overlongs, no surrogates, at most U+10FFFF).
[[nodiscard]] bool is_utf8(std::string_view s) noexcept;

/// The member `key` of object `obj`, or nullptr when absent (never aborts on a non-object).
[[nodiscard]] const Json* member(const Json& obj, const char* key) noexcept;

}  // namespace ehr::eth::json_util
