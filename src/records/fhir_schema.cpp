// The schema built from the definitions (fhir_definitions.cpp).
#include "records/fhir_schema.hpp"

namespace ehr::records::fhir {
namespace {

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (start <= s.size()) {
    const std::size_t end = s.find(sep, start);
    const std::size_t stop = end == std::string_view::npos ? s.size() : end;
    if (stop > start) out.push_back(s.substr(start, stop - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return out;
}

std::map<std::string_view, TypeDef> build() {
  std::map<std::string_view, TypeDef> m;
  const std::pair<std::string_view, Prim> prims[] = {{"string", Prim::string},
                                                     {"code", Prim::code},
                                                     {"id", Prim::id},
                                                     {"uri", Prim::uri},
                                                     {"url", Prim::url},
                                                     {"canonical", Prim::canonical},
                                                     {"markdown", Prim::markdown},
                                                     {"boolean", Prim::boolean},
                                                     {"integer", Prim::integer},
                                                     {"positiveInt", Prim::positive_int},
                                                     {"unsignedInt", Prim::unsigned_int},
                                                     {"decimal", Prim::decimal},
                                                     {"date", Prim::date},
                                                     {"dateTime", Prim::date_time},
                                                     {"instant", Prim::instant},
                                                     {"time", Prim::time},
                                                     {"base64Binary", Prim::base64_binary},
                                                     {"xhtml", Prim::xhtml}};
  for (const auto& [n, p] : prims) m[n] = TypeDef{n, p, Base::element, {}};
  TypeDef* cur = nullptr;
  for (std::string_view line : split(definitions(), '\n')) {
    const auto tok = split(line, ' ');
    if (tok.empty()) continue;
    if (tok[0][0] == '@') {
      const std::string_view name = tok[0].substr(1);
      cur = &m[name];
      cur->name = name;
      if (tok.size() > 1 && tok[1] == "backbone") cur->base = Base::backbone;
      if (tok.size() > 1 && tok[1] == "resource") cur->base = Base::resource;
      if (tok.size() > 1 && tok[1][0] == '=') { cur->fields = m.at(tok[1].substr(1)).fields; }
      continue;
    }
    Field f;
    std::string_view name = tok[0];
    std::string_view types = tok[1];
    while (!types.empty() && (types.back() == '*' || types.back() == '!')) {
      if (types.back() == '*') f.many = true;
      if (types.back() == '!') f.min = 1;
      types.remove_suffix(1);
    }
    if (name.back() == '!') {  // "medication[x]!"
      f.min = 1;
      name.remove_suffix(1);
    }
    if (name.size() > 3 && name.substr(name.size() - 3) == "[x]") {
      f.choice = true;
      name.remove_suffix(3);
    }
    f.name = name;
    f.types = split(types, '|');
    for (std::size_t i = 2; i < tok.size(); ++i) {
      if (tok[i][0] == '=') f.codes = split(tok[i].substr(1), '|');
      if (tok[i][0] == '#') f.system = tok[i].substr(1);
      if (tok[i][0] == '>') f.targets = split(tok[i].substr(1), '|');
    }
    cur->fields.push_back(std::move(f));
  }
  return m;
}

}  // namespace

const std::map<std::string_view, TypeDef>& schema() {
  static const std::map<std::string_view, TypeDef> s = build();
  return s;
}

const std::vector<std::string_view>& resource_types() {
  static const std::vector<std::string_view> r = {
      "Patient",          "Observation",       "Condition",    "AllergyIntolerance", "MedicationStatement",
      "DiagnosticReport", "DocumentReference", "Immunization", "Encounter",          "FamilyMemberHistory",
      "Appointment"};
  return r;
}

std::string choice_suffix(std::string_view type) {
  if (type == "SimpleQuantity") return "Quantity";
  std::string s(type);
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

}  // namespace ehr::records::fhir
