// FHIR R4 date and time formats (datatypes.html#date, #dateTime, #instant, #time): the regular
// expressions of the specification plus calendar validity (no 2023-02-29), and the interval a
// value covers for ordering checks (Period start <= end).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace ehr::records::fhir {

enum class DateKind { date, date_time, instant, time };

/// True if `text` is a valid value of that FHIR type.
[[nodiscard]] bool valid_date_value(std::string_view text, DateKind kind) noexcept;

/// The UTC seconds interval [lo, hi] a valid date/dateTime/instant covers ("2024" covers the whole
/// year; a value without a time zone is widened by 14 hours on each side). nullopt if invalid.
[[nodiscard]] std::optional<std::pair<std::int64_t, std::int64_t>> date_interval(std::string_view text) noexcept;

/// Year and month of a valid date/dateTime/instant ("2024-03" -> {2024, 3}; month 0 if absent).
[[nodiscard]] std::optional<std::pair<int, int>> year_month(std::string_view text) noexcept;

}  // namespace ehr::records::fhir
