// Strict JSON parsing for every JSON text that comes from outside (ABI, EIP-712, keystores, FHIR
// resources, MetaMask payloads, search terms).
//
// nlohmann/json's lexer treats a NUL byte as the end of input (the C-string convention), so
// `{"a":1}\0anything` parses as {"a":1} and the bytes after the NUL go unchecked. RFC 8259 allows
// no raw U+0000 anywhere in JSON text (only whitespace outside strings, control characters
// escaped inside them), and JSON.parse in the page refuses such text: accepting it here would let
// the core and the page disagree about a document. So text holding a NUL byte is refused.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

namespace ehr {

/// Parses `text` without exceptions. Returns a discarded value (is_discarded()) when the text is
/// not valid JSON or holds a NUL byte. Parsed from char pointers, like every JSON input, so the
/// module carries one instantiation of the parser.
[[nodiscard]] inline nlohmann::json parse_json(std::string_view text) {
  if (text.find('\0') != std::string_view::npos) return nlohmann::json(nlohmann::json::value_t::discarded);
  return nlohmann::json::parse(text.data(), text.data() + text.size(), nullptr, /*allow_exceptions=*/false);
}

}  // namespace ehr
