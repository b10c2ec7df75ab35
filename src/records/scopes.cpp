#include "records/scopes.hpp"

#include <array>

namespace ehr::records {
namespace {
constexpr std::array<std::string_view, kScopeCount> kNames = {
    "labs",           "imaging",       "prescriptions",     "clinical_notes", "mental_health",
    "family_history", "immunizations", "allergies",         "vitals",         "sexual_reproductive_health",
    "substance_use",  "genetics",      "billing_insurance", "encounters",     "procedures",
    "care_plans"};
// As contracts/README.md ("Scopes") and Consent.sol name them.
constexpr std::array<std::string_view, kScopeCount> kLabels = {"labs",
                                                               "imaging",
                                                               "prescriptions",
                                                               "clinical notes",
                                                               "mental health",
                                                               "family history",
                                                               "immunizations",
                                                               "allergies",
                                                               "vitals",
                                                               "sexual and reproductive health",
                                                               "substance use",
                                                               "genetics",
                                                               "billing and insurance",
                                                               "encounters and discharge summaries",
                                                               "procedures",
                                                               "care plans"};
}  // namespace

std::string_view scope_label(std::uint16_t id) noexcept {
  return id < kLabels.size() ? kLabels[id] : std::string_view{};
}

std::string_view scope_name(std::uint16_t id) noexcept { return id < kNames.size() ? kNames[id] : std::string_view{}; }

std::optional<std::uint16_t> scope_id(std::string_view name) noexcept {
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) return static_cast<std::uint16_t>(i);
  }
  return std::nullopt;
}

}  // namespace ehr::records
