// The one entry point for JSON text that comes from outside (ABI, EIP-712, transactions,
// keystores, FHIR resources, MetaMask payloads, search terms and queries): parse_json(). Every
// caller in the core and at the WASM boundary uses it, so the limits and the error mapping live
// here once.
//
// Strict: nlohmann/json's lexer treats a NUL byte as the end of input (the C-string convention),
// so `{"a":1}\0anything` would parse as {"a":1} and the bytes after the NUL go unchecked. RFC 8259
// allows no raw U+0000 anywhere in JSON text (only whitespace outside strings, control characters
// escaped inside them), and JSON.parse in the page refuses such text: accepting it here would let
// the core and the page disagree about a document. So text holding a NUL byte is refused.
//
// Bounded: at most `max_bytes` of text (16 MiB unless the caller asks for less) and kJsonMaxDepth
// levels of nested arrays and objects, so that no code walking a parsed value recursively (FHIR
// checks, EIP-712, search terms) can run out of stack on hostile input.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string_view>

#include "common/result.hpp"

namespace ehr {

using Json = nlohmann::json;

inline constexpr std::size_t kJsonMaxBytes = std::size_t{16} << 20;  ///< default size limit (16 MiB)
inline constexpr std::size_t kJsonMaxDepth = 256;                    ///< nesting limit of arrays/objects

/// Parses `text` (UTF-8 JSON, RFC 8259) without exceptions. Fails with too_large when the text is
/// longer than `max_bytes`, and with bad_json when it is not JSON (message "not valid JSON"),
/// holds a NUL byte (the same), or nests arrays and objects deeper than kJsonMaxDepth. Parsed
/// from char pointers, so the module carries one instantiation of the parser.
[[nodiscard]] Result<Json> parse_json(std::string_view text, std::size_t max_bytes = kJsonMaxBytes);

}  // namespace ehr
