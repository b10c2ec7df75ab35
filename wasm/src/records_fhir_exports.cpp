// WASM exports of src/records, public text: FHIR R4 checks (JSON text in, JSON report out) and
// scope names. Embind functions over public data; they cannot fail (a report carries the issues).
#include <emscripten/bind.h>

#include <string>

#include "records/fhir.hpp"
#include "records/json_text.hpp"
#include "records/scopes.hpp"

using namespace ehr;
using namespace ehr::records;

namespace {

// {"resourceType": "...", "scope": n | null, "issues": [{"path": "...", "message": "..."}]}
std::string fhir_validate(const std::string& text) {
  const fhir::Report r = fhir::validate_text(text);
  std::string out = "{\"resourceType\":";
  append_json_string(out, r.resource_type);
  out += ",\"scope\":" + (r.scope ? std::to_string(*r.scope) : std::string("null")) + ",\"issues\":[";
  for (std::size_t i = 0; i < r.issues.size(); ++i) {
    out += i == 0 ? "{\"path\":" : ",{\"path\":";
    append_json_string(out, r.issues[i].path);
    out += ",\"message\":";
    append_json_string(out, r.issues[i].message);
    out += '}';
  }
  return out + "]}";
}

// The id of scope `id` ("labs", ...), or "" for an unknown or out-of-range id.
std::string scope_name_of(int id) {
  return id < 0 || id > 0xffff ? std::string() : std::string(scope_name(static_cast<std::uint16_t>(id)));
}

// The display label of scope `id`, or "".
std::string scope_label_of(int id) {
  return id < 0 || id > 0xffff ? std::string() : std::string(scope_label(static_cast<std::uint16_t>(id)));
}

}  // namespace

EMSCRIPTEN_BINDINGS(ehr_records) {
  emscripten::function("fhirValidate", &fhir_validate);
  emscripten::function("scopeName", &scope_name_of);
  emscripten::function("scopeLabel", &scope_label_of);
}
