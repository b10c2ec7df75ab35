// The FHIR R4 element definitions the records layer checks: the data types and the resources the
// page creates and shows (Patient, Observation, Condition, AllergyIntolerance,
// MedicationStatement, DiagnosticReport, DocumentReference, Immunization, Encounter,
// FamilyMemberHistory, Appointment), with cardinalities, choice types, required value-set
// bindings and reference targets as in the R4 (4.0.1) specification. Internal to fhir*.cpp; the
// definitions themselves are data, in fhir_definitions.cpp.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace ehr::records::fhir {

/// Primitive types (datatypes.html#primitive); `none` for complex types.
enum class Prim {
  none,
  string,
  code,
  id,
  uri,
  url,
  canonical,
  markdown,
  boolean,
  integer,
  positive_int,
  unsigned_int,
  decimal,
  date,
  date_time,
  instant,
  time,
  base64_binary,
  xhtml
};

struct Field {
  std::string_view name;                ///< JSON name; for a choice the stem ("value")
  std::vector<std::string_view> types;  ///< type names; a choice lists several (or one with choice = true)
  int min = 0;
  bool many = false;
  bool choice = false;
  std::vector<std::string_view> codes;    ///< required binding (code, or CodeableConcept with `system`)
  std::string_view system;                ///< code system of a CodeableConcept's required binding
  std::vector<std::string_view> targets;  ///< allowed Reference targets (empty: any)
};

enum class Base { element, backbone, resource };

struct TypeDef {
  std::string_view name;
  Prim prim = Prim::none;
  Base base = Base::element;
  std::vector<Field> fields;
};

/// The definitions text (fhir_definitions.cpp), in the format fhir_definitions.cpp describes.
std::string_view definitions() noexcept;

/// Every type by name ("Observation", "Observation.component", "CodeableConcept", "dateTime").
const std::map<std::string_view, TypeDef>& schema();

/// The resource types with full definitions.
const std::vector<std::string_view>& resource_types();

/// The JSON suffix of a choice type: "Quantity" for SimpleQuantity, else the name with its first
/// letter upper-cased ("dateTime" -> "DateTime").
std::string choice_suffix(std::string_view type);

}  // namespace ehr::records::fhir
