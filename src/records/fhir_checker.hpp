// Internal to src/records/fhir*.cpp: the checker that walks a resource against the schema
// (fhir_schema.hpp) and collects issues. fhir.cpp checks structure, types and bindings;
// fhir_invariants.cpp the R4 invariants (constraints) the records layer enforces.
#pragma once

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "records/fhir.hpp"
#include "records/fhir_schema.hpp"

namespace ehr::records::fhir::internal {

using json = nlohmann::json;
inline constexpr std::size_t kMaxIssues = 100;

class Checker {
 public:
  explicit Checker(Report& r) : r_(r) {}

  void issue(const std::string& path, std::string message) {
    if (r_.issues.size() < kMaxIssues) r_.issues.push_back(Issue{path, std::move(message)});
  }

  void resource(const json& j, const std::string& path, bool top);

 private:
  void complex(const json& j, const TypeDef& t, const std::string& path);
  void value(const json& j, std::string_view type, const Field* field, const std::string& path);
  void primitive(const json& j, Prim p, const std::string& path);
  void extension(const json& j, const std::string& path);
  void primitive_extension(const json& j, bool many, const std::string& path);
  void reference(const json& j, const Field& field, const std::string& path);
  void bound_concept(const json& j, const Field& field, const std::string& path);
  void type_invariants(const json& j, std::string_view type, const std::string& path);
  void resource_invariants(const json& j, std::string_view type, const std::string& path);

  Report& r_;
};

inline bool is_string(const json& j) { return j.is_string(); }
inline const std::string& str(const json& j) { return j.get_ref<const std::string&>(); }
inline std::string join(const std::string& path, std::string_view name) { return path + "." + std::string(name); }
inline std::string at(const std::string& path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }

/// True if the CodeableConcept `cc` has a coding with code `code` (any system).
bool has_code(const json& cc, std::string_view code);
/// True if `cc` has a coding with any of `codes`.
bool any_code(const json& cc, std::initializer_list<std::string_view> codes);

/// MIME type (BCP 13): type "/" subtype, optional parameters.
bool valid_mime(std::string_view s);

}  // namespace ehr::records::fhir::internal
