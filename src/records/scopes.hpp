// Record scopes: the single table of scope ids in the records layer. A scope id is a bit index in
// the contracts' uint32 scope set (contracts/README.md, "Scopes"; Consent.sol); a record has
// exactly one scope, grants carry sets. Keep this table equal to the contracts' (a test compares
// them when contracts/ is present).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace ehr::records {

enum class Scope : std::uint16_t {
  labs = 0,
  imaging = 1,
  prescriptions = 2,
  clinical_notes = 3,
  mental_health = 4,
  family_history = 5,
  immunizations = 6,
  allergies = 7,
  vitals = 8,
  sexual_reproductive_health = 9,
  substance_use = 10,
  genetics = 11,
  billing_insurance = 12,
  encounters = 13,  ///< encounters and discharge summaries
  procedures = 14,
  care_plans = 15,
};
inline constexpr std::size_t kScopeCount = 16;  ///< defined scopes; ids 16..31 are reserved

/// Stable name of a scope ("labs", "clinical_notes", ...), or empty for an undefined id.
[[nodiscard]] std::string_view scope_name(std::uint16_t id) noexcept;

/// The contracts' label of a scope ("sexual and reproductive health"), or empty.
[[nodiscard]] std::string_view scope_label(std::uint16_t id) noexcept;

/// The id of a scope name, if defined.
[[nodiscard]] std::optional<std::uint16_t> scope_id(std::string_view name) noexcept;

}  // namespace ehr::records
