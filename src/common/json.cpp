// The one JSON parse entry point (see json.hpp).
#include "common/json.hpp"

#include <string>

namespace ehr {
namespace {

// The deepest nesting of arrays and objects in `text`, counting brackets outside strings, or
// kJsonMaxDepth + 1 as soon as that is exceeded. Invalid text gives some number; the parser then
// refuses it anyway.
std::size_t nesting_depth(std::string_view text) noexcept {
  std::size_t depth = 0, deepest = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;  // the escaped character cannot end the string
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kJsonMaxDepth) return depth;
      if (depth > deepest) deepest = depth;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

}  // namespace

Result<Json> parse_json(std::string_view text, std::size_t max_bytes) {
  if (text.size() > max_bytes)
    return Error{Errc::too_large, "JSON text is longer than " + std::to_string(max_bytes) + " bytes"};
  if (text.find('\0') != std::string_view::npos) return Error{Errc::bad_json, "not valid JSON"};
  if (nesting_depth(text) > kJsonMaxDepth)
    return Error{Errc::bad_json,
                 "JSON nests arrays and objects more than " + std::to_string(kJsonMaxDepth) + " levels deep"};
  // Json::parse(first, last, nullptr, false) would do the same, but it decides at run time
  // between a DOM builder with a filter callback and one without, so both (and the callback
  // parser's std::vector<bool> stack) are compiled in. With the SAX entry point and the plain DOM
  // builder only the parser we use is: 1.4 KB less of the WebAssembly module after gzip. Strict: text after the value
  // fails.
  Json j;
  nlohmann::detail::json_sax_dom_parser<Json> dom(j, /*allow_exceptions=*/false);
  if (!Json::sax_parse(text.data(), text.data() + text.size(), &dom) || dom.is_errored())
    return Error{Errc::bad_json, "not valid JSON"};
  return j;
}

}  // namespace ehr
