// FHIR R4 JSON checks for the resources the page creates and shows (fhir_schema.hpp lists them):
// structure, cardinality, types and formats of every element, required value-set bindings
// (status codes and the clinical/verification status CodeableConcepts), reference targets
// (subject, patient, ...), attachments (contentType, base64 data, size, SHA-1 hash, url) and the
// resources' invariants that the page can violate (att-1, qty-3, per-1, con-3/4/5, ait-1/2,
// obs-3/6, fhs-1/2, app-2/3/4, cpt-2, pat-1). Every issue names the JSON path of the offending
// element in FHIRPath style: "Observation.code.coding[0].system", "Observation.valueQuantity.code".
// Also: JSON-level rules of the R4 JSON format (no duplicate keys, no empty strings, arrays or
// objects, no nulls outside primitive-extension arrays), and the resource type -> scope mapping.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.hpp"

namespace ehr::records::fhir {

struct Issue {
  std::string path;     ///< e.g. "Observation.code.coding[0].system"
  std::string message;  ///< what is wrong there
};

struct Report {
  std::string resource_type;           ///< as found (empty if absent)
  std::optional<std::uint16_t> scope;  ///< scope id for the resource (scopes.hpp), when known
  std::vector<Issue> issues;           ///< empty when the resource passes (at most 100 listed)
  [[nodiscard]] bool ok() const noexcept { return issues.empty(); }
};

/// Parses `json_text` and checks it. A parse failure is one issue at path "$".
[[nodiscard]] Report validate_text(std::string_view json_text);

/// Checks an already parsed resource (duplicate keys cannot be seen here).
[[nodiscard]] Report validate(const nlohmann::json& resource);

/// The first issue as an error: bad_json if the text is not JSON, else bad_fhir with the message
/// "<path>: <message>". On success the resource type and its scope id.
struct Checked {
  std::string resource_type;
  std::uint16_t scope = 0;
};
[[nodiscard]] Result<Checked> check(std::string_view json_text);

/// The scope a resource is filed under (docs/record-format.md, "FHIR resources and scopes"), by
/// resource type, refined by category for Observation and DiagnosticReport. nullopt for types
/// the records layer does not handle.
[[nodiscard]] std::optional<std::uint16_t> scope_of(const nlohmann::json& resource);

/// True for the resource types checked here.
[[nodiscard]] bool supported(std::string_view resource_type) noexcept;

}  // namespace ehr::records::fhir
