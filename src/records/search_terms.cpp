#include "records/search_terms.hpp"

#include <array>
#include <cstdio>

#include "records/fhir_datetime.hpp"

namespace ehr::records {
namespace {

using json = nlohmann::json;

// Decodes one UTF-8 code point at s[i] (advancing i); U+FFFD for malformed bytes.
std::uint32_t next_cp(std::string_view s, std::size_t& i) {
  const auto b = static_cast<unsigned char>(s[i++]);
  if (b < 0x80) return b;
  int n = b >= 0xf0 ? 3 : b >= 0xe0 ? 2 : b >= 0xc0 ? 1 : -1;
  if (n < 0 || b >= 0xf8) return 0xfffd;
  std::uint32_t cp = b & (0x3f >> n);
  for (int k = 0; k < n; ++k) {
    if (i >= s.size() || (static_cast<unsigned char>(s[i]) & 0xc0) != 0x80) return 0xfffd;
    cp = (cp << 6) | (static_cast<unsigned char>(s[i++]) & 0x3f);
  }
  return cp;
}

void put_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xc0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xe0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  }
}

bool word_cp(std::uint32_t cp) {
  if (cp < 0x80) return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
  if (cp < 0xc0) return false;                     // Latin-1 punctuation and symbols
  if (cp == 0xd7 || cp == 0xf7) return false;      // multiplication and division signs
  if (cp >= 0x2000 && cp <= 0x206f) return false;  // general punctuation
  if (cp == 0xfffd || cp == 0xfeff) return false;
  return true;
}

// Lower case without accents for ASCII and Latin-1 letters; other code points unchanged.
void fold(std::string& out, std::uint32_t cp) {
  if (cp >= 'A' && cp <= 'Z') {
    out += static_cast<char>(cp - 'A' + 'a');
    return;
  }
  if (cp < 0x80) {
    out += static_cast<char>(cp);
    return;
  }
  if (cp >= 0xc0 && cp <= 0xff) {
    // U+00C0..U+00FF folded (index cp - 0xC0); "" keeps the code point.
    static constexpr std::array<const char*, 64> kLatin1 = {
        "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
        "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "ss",
        "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
        "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "y"};
    const char* f = kLatin1[cp - 0xc0];
    if (*f != '\0') {
      out += f;
      return;
    }
  }
  put_utf8(out, cp);
}

// Elements whose string values are free text worth indexing.
bool text_key(std::string_view k) {
  static constexpr std::array<std::string_view, 16> kKeys = {
      "text",         "display", "valueString",        "description", "conclusion", "comment",   "title",
      "family",       "given",   "patientInstruction", "name",        "series",     "lotNumber", "authorString",
      "documentType", "summary"};
  for (auto x : kKeys) {
    if (x == k) return true;
  }
  return false;
}

// Elements holding the record's clinical dates (directly, or as a Period's start and end).
bool date_key(std::string_view k) {
  static constexpr std::array<std::string_view, 20> kKeys = {"effectiveDateTime",
                                                             "effectiveInstant",
                                                             "effectivePeriod",
                                                             "issued",
                                                             "onsetDateTime",
                                                             "onsetPeriod",
                                                             "abatementDateTime",
                                                             "recordedDate",
                                                             "occurrenceDateTime",
                                                             "recorded",
                                                             "dateAsserted",
                                                             "date",
                                                             "period",
                                                             "start",
                                                             "end",
                                                             "created",
                                                             "lastOccurrence",
                                                             "authoredOn",
                                                             "onset",
                                                             "bornDate"};
  for (auto x : kKeys) {
    if (x == k) return true;
  }
  return false;
}

void walk(const json& j, std::string_view key, SearchTerms& t, int depth) {
  if (depth > 32) return;
  if (j.is_string()) {
    const std::string& s = j.get_ref<const std::string&>();
    if (text_key(key)) t.words.push_back(s);
    if (date_key(key) && fhir::year_month(s)) t.dates.push_back(s);
    return;
  }
  if (j.is_array()) {
    for (const auto& e : j) walk(e, key, t, depth + 1);
    return;
  }
  if (!j.is_object()) return;
  // A Coding: system + code and no Quantity value or unit.
  const auto sys = j.find("system");
  const auto code = j.find("code");
  if (sys != j.end() && code != j.end() && sys->is_string() && code->is_string() && !j.contains("value") &&
      !j.contains("unit")) {
    t.codes.emplace_back(sys->get<std::string>(), code->get<std::string>());
  }
  const bool period = key == "effectivePeriod" || key == "onsetPeriod" || key == "period";
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (period && (it.key() == "start" || it.key() == "end") && it.value().is_string()) {
      if (fhir::year_month(it.value().get<std::string>())) t.dates.push_back(it.value().get<std::string>());
      continue;
    }
    if (it.key() == "resourceType" || it.key() == "reference" || it.key() == "url" || it.key() == "data") continue;
    walk(it.value(), it.key(), t, depth + 1);
  }
}

}  // namespace

std::vector<std::string> normalise_words(std::string_view text) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&]() {
    if (cur.size() >= 2 && cur.size() <= 64) out.push_back(cur);
    cur.clear();
  };
  for (std::size_t i = 0; i < text.size();) {
    const std::uint32_t cp = next_cp(text, i);
    if (word_cp(cp)) fold(cur, cp);
    else flush();
  }
  flush();
  return out;
}

SearchTerms terms_of_resource(const json& resource) {
  SearchTerms t;
  if (!resource.is_object()) return t;
  if (resource.contains("resourceType") && resource["resourceType"].is_string()) t.type = resource["resourceType"];
  walk(resource, "", t, 0);
  return t;
}

std::set<std::string> index_terms(const SearchTerms& terms) {
  std::set<std::string> out;
  for (const auto& w : terms.words) {
    for (auto& n : normalise_words(w)) out.insert("w:" + n);
  }
  for (const auto& [system, code] : terms.codes) out.insert("c:" + system + "|" + code);
  for (const auto& d : terms.dates) {
    const auto ym = fhir::year_month(d);
    if (!ym) continue;
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d", ym->first);
    if (ym->second == 0) {
      out.insert(std::string("y?:") + buf);
    } else {
      out.insert(std::string("y:") + buf);
      std::snprintf(buf, sizeof buf, "%04d-%02d", ym->first, ym->second);
      out.insert(std::string("m:") + buf);
    }
  }
  if (!terms.type.empty()) out.insert("t:" + terms.type);
  return out;
}

}  // namespace ehr::records
