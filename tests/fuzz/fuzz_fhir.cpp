// Fuzz target: FHIR R4 JSON checks. Properties: check() fails exactly when validate_text()
// reports issues, with the first issue's path in its message; a resource that passes still passes
// after a parse / dump round trip (the checks depend on the JSON value, not its spelling).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "common/json.hpp"
#include "records/fhir.hpp"

using namespace ehr::records;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const fhir::Report r = fhir::validate_text(text);
  auto c = fhir::check(text);
  if (c.ok() != r.ok()) std::abort();
  if (!c.ok() && r.issues.front().path != "$" && c.error().message.rfind(r.issues.front().path + ": ", 0) != 0) {
    std::abort();
  }
  if (r.ok()) {
    const auto j = ehr::parse_json(text);
    if (!j || !fhir::validate_text(j.value().dump()).ok()) std::abort();
  }
  return 0;
}
