// Search terms of a record for the encrypted keyword index (search_index.hpp): normalised words,
// codes ("system|code") and dates (year and year-month buckets), and the resource type.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace ehr::records {

struct SearchTerms {
  std::vector<std::string> words;                          ///< free text (normalised when indexed)
  std::vector<std::pair<std::string, std::string>> codes;  ///< (system, code)
  std::vector<std::string> dates;                          ///< FHIR date/dateTime/instant values
  std::string type;                                        ///< resource type, may be empty
};

/// Normalises free text into index words: split on anything that is not a letter or digit (every
/// non-ASCII code point outside Latin-1 punctuation and symbols and U+2000..U+206F counts as a
/// letter), fold ASCII and Latin-1 letters to lower case without accents ("Ménière" -> "meniere",
/// "ß" -> "ss"), keep words of 2..64 bytes. The same function normalises query words.
[[nodiscard]] std::vector<std::string> normalise_words(std::string_view text);

/// The terms of a FHIR resource: words of its text-like elements (text, display, valueString,
/// description, conclusion, comment, title, family, given, note text, ...), every Coding
/// (system|code), its clinical dates (effective, onset, recorded, occurrence, issued, period, ...)
/// and its resourceType.
[[nodiscard]] SearchTerms terms_of_resource(const nlohmann::json& resource);

/// The index terms ("w:word", "c:system|code", "y:YYYY", "m:YYYY-MM", "y?:YYYY" for a date known
/// to the year only, "t:Type") of `terms`, deduplicated.
[[nodiscard]] std::set<std::string> index_terms(const SearchTerms& terms);

}  // namespace ehr::records
