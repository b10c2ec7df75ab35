// Small JSON text helpers for the records boundary, so that the module needs no JSON serializer
// and no second (callback) parser: writing a JSON string literal, and finding a duplicate object
// key in text that is already known to be valid JSON (R4's JSON format forbids duplicates, which
// a parsed value no longer shows).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ehr::records {

/// Appends `s` (UTF-8) as a JSON string literal: quotes, \" \\ and control characters escaped.
void append_json_string(std::string& out, std::string_view s);

/// The path ("$.a.b[2].c") of the first key that repeats within one object of `json`, which must
/// be valid JSON (parse it first). Keys are compared as written (escapes not decoded).
[[nodiscard]] std::optional<std::string> duplicate_key_path(std::string_view json);

}  // namespace ehr::records
