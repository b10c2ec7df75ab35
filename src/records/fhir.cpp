#include "records/fhir.hpp"
#include "common/json.hpp"

#include <algorithm>
#include <set>

#include "records/base64.hpp"
#include "records/fhir_datetime.hpp"
#include "records/fhir_checker.hpp"
#include "records/fhir_schema.hpp"
#include "records/json_text.hpp"
#include "records/scopes.hpp"

namespace ehr::records::fhir {

using namespace internal;

namespace {

bool has_ws(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

// code: [^\s]+(\s[^\s]+)*  -- no leading, trailing or doubled whitespace.
bool valid_code(std::string_view s) {
  if (s.empty() || s.front() == ' ' || s.back() == ' ') return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '\t' || c == '\n' || c == '\r') return false;
    if (c == ' ' && i + 1 < s.size() && s[i + 1] == ' ') return false;
  }
  return true;
}

bool valid_id(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
  });
}

}  // namespace

bool internal::valid_mime(std::string_view s) {
  auto token = [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           std::string_view("!#$&^_.+-").find(c) != std::string_view::npos;
  };
  const auto slash = s.find('/');
  if (slash == 0 || slash == std::string_view::npos) return false;
  std::size_t end = s.find(';');
  if (end == std::string_view::npos) end = s.size();
  std::string_view head = s.substr(0, end);
  while (!head.empty() && head.back() == ' ') head.remove_suffix(1);
  if (slash + 1 >= head.size()) return false;
  for (std::size_t i = 0; i < head.size(); ++i) {
    if (i != slash && !token(head[i])) return false;
  }
  return true;
}

void Checker::primitive(const json& j, Prim p, const std::string& path) {
  auto need_string = [&]() {
    if (!is_string(j)) {
      issue(path, "must be a JSON string");
      return false;
    }
    if (str(j).empty()) {
      issue(path, "empty string (leave the element out instead)");
      return false;
    }
    return true;
  };
  switch (p) {
    case Prim::boolean:
      if (!j.is_boolean()) issue(path, "must be true or false");
      return;
    case Prim::integer:
    case Prim::positive_int:
    case Prim::unsigned_int: {
      if (!j.is_number_integer()) {
        issue(path, "must be a JSON integer");
        return;
      }
      const bool neg = j.is_number_unsigned() ? false : j.get<std::int64_t>() < 0;
      const std::int64_t v =
          j.is_number_unsigned()
              ? static_cast<std::int64_t>(std::min<std::uint64_t>(j.get<std::uint64_t>(), 1ull << 40))
              : j.get<std::int64_t>();
      if (v > 2147483647 || v < -2147483648LL) issue(path, "outside the 32-bit integer range");
      else if (p == Prim::positive_int && v < 1) issue(path, "must be 1 or more");
      else if (p == Prim::unsigned_int && neg) issue(path, "must be 0 or more");
      return;
    }
    case Prim::decimal:
      if (!j.is_number()) issue(path, "must be a JSON number");
      return;
    case Prim::string:
    case Prim::markdown: need_string(); return;
    case Prim::code:
      if (need_string() && !valid_code(str(j)))
        issue(path, "not a valid code (no leading, trailing or repeated whitespace)");
      return;
    case Prim::id:
      if (need_string() && !valid_id(str(j))) issue(path, "not a valid id (1-64 of A-Z a-z 0-9 - .)");
      return;
    case Prim::uri:
    case Prim::url:
    case Prim::canonical:
      if (need_string() && has_ws(str(j))) issue(path, "a URI cannot contain whitespace");
      return;
    case Prim::date:
      if (need_string() && !valid_date_value(str(j), DateKind::date))
        issue(path, "not a FHIR date (YYYY, YYYY-MM or YYYY-MM-DD)");
      return;
    case Prim::date_time:
      if (need_string() && !valid_date_value(str(j), DateKind::date_time)) {
        issue(path, "not a FHIR dateTime (YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm:ss[.f] with a time zone)");
      }
      return;
    case Prim::instant:
      if (need_string() && !valid_date_value(str(j), DateKind::instant)) {
        issue(path, "not a FHIR instant (YYYY-MM-DDThh:mm:ss[.f] with a time zone)");
      }
      return;
    case Prim::time:
      if (need_string() && !valid_date_value(str(j), DateKind::time)) issue(path, "not a FHIR time (hh:mm:ss[.f])");
      return;
    case Prim::base64_binary:
      if (need_string()) {
        std::string compact;
        for (char c : str(j)) {
          if (c != ' ' && c != '\n' && c != '\r' && c != '\t') compact += c;
        }
        if (!base64_decode(compact)) issue(path, "not valid base64");
      }
      return;
    case Prim::xhtml:
      if (need_string() && str(j).rfind("<div", 0) != 0) issue(path, "narrative must be an XHTML <div> element");
      return;
    case Prim::none: return;
  }
}

void Checker::extension(const json& j, const std::string& path) {
  if (!j.is_object() || j.empty()) {
    issue(path, "an extension must be a non-empty object");
    return;
  }
  if (!j.contains("url")) issue(join(path, "url"), "required element missing");
  int values = 0;
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& k = it.key();
    if (k == "url") primitive(it.value(), Prim::uri, join(path, k));
    else if (k == "id") primitive(it.value(), Prim::string, join(path, k));
    else if (k == "extension") {
      if (!it.value().is_array() || it.value().empty()) issue(join(path, k), "must be a non-empty array");
      else
        for (std::size_t i = 0; i < it.value().size(); ++i) extension(it.value()[i], at(join(path, k), i));
    } else if (k.rfind("value", 0) == 0 && k.size() > 5) {
      if (++values > 1) issue(join(path, k), "an extension has at most one value[x]");
    } else if (k[0] != '_') {
      issue(join(path, k), "unknown element");
    }
  }
}

void Checker::primitive_extension(const json& j, bool many, const std::string& path) {
  auto one = [&](const json& e, const std::string& p) {
    if (e.is_null() && many) return;
    if (!e.is_object() || e.empty()) {
      issue(p, "a primitive's extension part must be an object");
      return;
    }
    for (auto it = e.begin(); it != e.end(); ++it) {
      if (it.key() == "id") primitive(it.value(), Prim::string, join(p, "id"));
      else if (it.key() == "extension" && it.value().is_array())
        for (std::size_t i = 0; i < it.value().size(); ++i) extension(it.value()[i], at(join(p, "extension"), i));
      else issue(join(p, it.key()), "unknown element");
    }
  };
  if (many) {
    if (!j.is_array()) issue(path, "must be an array (the element repeats)");
    else
      for (std::size_t i = 0; i < j.size(); ++i) one(j[i], at(path, i));
  } else {
    one(j, path);
  }
}

void Checker::reference(const json& j, const Field& field, const std::string& path) {
  if (!j.is_object()) return;
  auto check_type = [&](std::string_view type, const std::string& p) {
    if (field.targets.empty()) return;
    if (std::find(field.targets.begin(), field.targets.end(), type) == field.targets.end()) {
      std::string allowed;
      for (auto t : field.targets) allowed += (allowed.empty() ? "" : "|") + std::string(t);
      issue(p, "refers to a " + std::string(type) + "; allowed: " + allowed);
    }
  };
  const auto ref = j.find("reference");
  if (ref != j.end() && ref->is_string()) {
    const std::string& s = str(*ref);
    const bool local = !s.empty() && s[0] == '#';
    const bool absolute = s.find("://") != std::string::npos || s.rfind("urn:", 0) == 0;
    if (!local && !absolute) {
      // Relative literal reference: Type/id, optionally /_history/vid.
      const auto slash = s.find('/');
      const std::string type = s.substr(0, slash);
      const std::string rest = slash == std::string::npos ? "" : s.substr(slash + 1);
      const std::string id = rest.substr(0, rest.find('/'));
      const bool type_ok = !type.empty() && type[0] >= 'A' && type[0] <= 'Z' &&
                           std::all_of(type.begin(), type.end(),
                                       [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); });
      const std::string tail = rest.substr(id.size());
      if (!type_ok || !valid_id(id) || !(tail.empty() || tail.rfind("/_history/", 0) == 0)) {
        issue(join(path, "reference"), "not a reference of the form Type/id, #id or an absolute URI");
      } else {
        check_type(type, join(path, "reference"));
      }
    }
  }
  const auto type = j.find("type");
  if (type != j.end() && type->is_string()) {
    std::string t = str(*type);
    const auto slash = t.rfind('/');
    if (slash != std::string::npos) t = t.substr(slash + 1);  // http://hl7.org/fhir/StructureDefinition/Patient
    check_type(t, join(path, "type"));
  }
}

void Checker::bound_concept(const json& j, const Field& field, const std::string& path) {
  if (!j.is_object()) return;
  const auto coding = j.find("coding");
  bool found = false;
  if (coding != j.end() && coding->is_array()) {
    for (std::size_t i = 0; i < coding->size(); ++i) {
      const json& c = (*coding)[i];
      if (!c.is_object() || c.value("system", "") != field.system) continue;
      const auto code = c.find("code");
      if (code == c.end() || !code->is_string()) continue;
      if (std::find(field.codes.begin(), field.codes.end(), str(*code)) == field.codes.end()) {
        issue(join(at(join(path, "coding"), i), "code"), "'" + str(*code) + "' is not in " + std::string(field.system));
      } else {
        found = true;
      }
    }
  }
  if (!found) issue(path, "needs a coding from " + std::string(field.system) + " (required binding)");
}

void Checker::value(const json& j, std::string_view type, const Field* field, const std::string& path) {
  const auto& s = schema();
  if (type == "Extension") {
    extension(j, path);
    return;
  }
  const auto it = s.find(type);
  if (it == s.end()) {
    issue(path, "internal: unknown type " + std::string(type));
    return;
  }
  const TypeDef& t = it->second;
  if (t.prim != Prim::none) {
    primitive(j, t.prim, path);
    if (field != nullptr && !field->codes.empty() && t.prim == Prim::code && j.is_string() &&
        std::find(field->codes.begin(), field->codes.end(), str(j)) == field->codes.end()) {
      std::string allowed;
      for (auto c : field->codes) allowed += (allowed.empty() ? "" : " | ") + std::string(c);
      issue(path, "'" + str(j) + "' is not one of " + allowed + " (required binding)");
    }
    return;
  }
  complex(j, t, path);
  if (field != nullptr && type == "Reference") reference(j, *field, path);
  if (field != nullptr && type == "CodeableConcept" && !field->system.empty()) bound_concept(j, *field, path);
}

void Checker::complex(const json& j, const TypeDef& t, const std::string& path) {
  if (!j.is_object()) {
    issue(path, "must be a JSON object (" + std::string(t.name) + ")");
    return;
  }
  if (j.empty()) {
    issue(path, "empty object (leave the element out instead)");
    return;
  }
  std::set<std::string> known;
  for (const Field& f : t.fields) {
    std::vector<std::string> names;
    if (f.choice) {
      for (auto ty : f.types) names.push_back(std::string(f.name) + choice_suffix(ty));
    } else {
      names.push_back(std::string(f.name));
    }
    std::vector<std::pair<std::string, std::string_view>> present;  // (JSON name, type)
    for (std::size_t k = 0; k < names.size(); ++k) {
      const std::string_view ty = f.choice ? f.types[k] : f.types[0];
      known.insert(names[k]);
      if (schema().at(ty).prim != Prim::none) known.insert("_" + names[k]);  // primitive extension part
      if (j.contains(names[k]) || j.contains("_" + names[k])) present.emplace_back(names[k], ty);
    }
    const std::string stem = f.choice ? std::string(f.name) + "[x]" : std::string(f.name);
    if (present.empty()) {
      if (f.min > 0) issue(join(path, stem), "required element missing");
      continue;
    }
    if (present.size() > 1) issue(join(path, present[1].first), "only one of " + stem + " may be present");
    for (const auto& [name, ty] : present) {
      const std::string p = join(path, name);
      const bool prim = schema().at(ty).prim != Prim::none;
      if (prim && j.contains("_" + name)) primitive_extension(j.at("_" + name), f.many, join(path, "_" + name));
      if (!j.contains(name)) continue;
      const json& v = j.at(name);
      if (f.many) {
        if (!v.is_array()) {
          issue(p, "must be an array (the element repeats)");
        } else if (v.empty()) {
          issue(p, "empty array (leave the element out instead)");
        } else {
          if (static_cast<int>(v.size()) < f.min) issue(p, "needs at least " + std::to_string(f.min) + " entries");
          const json* ext = j.contains("_" + name) && j.at("_" + name).is_array() ? &j.at("_" + name) : nullptr;
          for (std::size_t i = 0; i < v.size(); ++i) {
            // A null stands for a value that only has extensions (its entry in _name).
            if (v[i].is_null() && prim && ext != nullptr && i < ext->size() && !(*ext)[i].is_null()) continue;
            value(v[i], ty, &f, at(p, i));
          }
        }
      } else if (v.is_array()) {
        issue(p, "must be a single value, not an array");
      } else {
        value(v, ty, &f, p);
      }
    }
  }
  // Common elements: Element.id/extension, BackboneElement.modifierExtension, and those of
  // DomainResource (checked by resource()).
  known.insert("id");
  known.insert("extension");
  if (t.base != Base::element) known.insert("modifierExtension");
  if (t.base == Base::resource) {
    for (const char* k : {"resourceType", "meta", "implicitRules", "_implicitRules", "language", "_language", "text",
                          "contained", "_id"}) {
      known.insert(k);
    }
  }
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (known.count(it.key()) == 0) issue(join(path, it.key()), "unknown element");
  }
  if (t.base != Base::resource && j.contains("id")) primitive(j.at("id"), Prim::string, join(path, "id"));
  for (const char* k : {"extension", "modifierExtension"}) {
    if (!j.contains(k)) continue;
    const json& e = j.at(k);
    if (!e.is_array() || e.empty()) {
      issue(join(path, k), "must be a non-empty array");
      continue;
    }
    for (std::size_t i = 0; i < e.size(); ++i) extension(e[i], at(join(path, k), i));
  }
  type_invariants(j, t.name, path);
}

void Checker::resource(const json& j, const std::string& path, bool top) {
  if (!j.is_object()) {
    issue(path.empty() ? "resourceType" : path, "a resource must be a JSON object");
    return;
  }
  const auto rt = j.find("resourceType");
  if (rt == j.end() || !rt->is_string() || str(*rt).empty()) {
    issue(path.empty() ? "resourceType" : join(path, "resourceType"), "required: the resource type");
    return;
  }
  const std::string type = str(*rt);
  if (top) r_.resource_type = type;
  const std::string p = top ? type : path;
  if (!supported(type)) {
    if (top) issue(type, "resource type not supported here");
    return;  // a contained resource of another type: only its shape is checked
  }
  const TypeDef& t = schema().at(type);
  complex(j, t, p);
  if (j.contains("id")) primitive(j["id"], Prim::id, join(p, "id"));
  if (j.contains("meta")) value(j["meta"], "Meta", nullptr, join(p, "meta"));
  if (j.contains("implicitRules")) primitive(j["implicitRules"], Prim::uri, join(p, "implicitRules"));
  if (j.contains("language")) primitive(j["language"], Prim::code, join(p, "language"));
  if (j.contains("text")) value(j["text"], "Narrative", nullptr, join(p, "text"));
  if (j.contains("contained")) {
    const json& c = j["contained"];
    if (!c.is_array() || c.empty()) {
      issue(join(p, "contained"), "must be a non-empty array");
    } else {
      for (std::size_t i = 0; i < c.size(); ++i) {
        const std::string cp = at(join(p, "contained"), i);
        if (!c[i].is_object() || !c[i].contains("resourceType")) {
          issue(cp, "a contained resource needs a resourceType");
          continue;
        }
        if (c[i].contains("contained")) issue(join(cp, "contained"), "contained resources cannot contain others");
        if (!c[i].contains("id")) issue(join(cp, "id"), "a contained resource needs an id");
        resource(c[i], cp, false);
      }
    }
  }
  resource_invariants(j, type, p);
}

bool supported(std::string_view resource_type) noexcept {
  const auto& r = resource_types();
  return std::find(r.begin(), r.end(), resource_type) != r.end();
}

std::optional<std::uint16_t> scope_of(const json& j) {
  if (!j.is_object() || !j.contains("resourceType") || !j["resourceType"].is_string()) return std::nullopt;
  const std::string& t = str(j["resourceType"]);
  auto categories = [&](std::initializer_list<std::string_view> codes) {
    if (!j.contains("category") || !j["category"].is_array()) return false;
    return std::any_of(j["category"].begin(), j["category"].end(), [&](const json& c) { return any_code(c, codes); });
  };
  auto id = [](Scope s) { return static_cast<std::uint16_t>(s); };
  if (t == "Observation") {
    if (categories({"vital-signs"})) return id(Scope::vitals);
    if (categories({"imaging"})) return id(Scope::imaging);
    if (categories({"social-history", "survey", "exam", "therapy", "activity", "procedure"})) {
      return id(Scope::clinical_notes);
    }
    return id(Scope::labs);  // laboratory, or no category
  }
  if (t == "DiagnosticReport") {
    // HL7 v2 table 0074 diagnostic service sections for imaging; LOINC "LP29684-5" radiology.
    if (categories(
            {"RAD", "CT", "MR", "US", "NMR", "NMS", "CUS", "OUS", "RUS", "VUS", "XRC", "LP29684-5", "imaging"})) {
      return id(Scope::imaging);
    }
    return id(Scope::labs);
  }
  if (t == "Patient") return id(Scope::encounters);
  if (t == "Condition") return id(Scope::clinical_notes);
  if (t == "AllergyIntolerance") return id(Scope::allergies);
  if (t == "MedicationStatement") return id(Scope::prescriptions);
  if (t == "DocumentReference") return id(Scope::clinical_notes);
  if (t == "Immunization") return id(Scope::immunizations);
  if (t == "Encounter") return id(Scope::encounters);
  if (t == "FamilyMemberHistory") return id(Scope::family_history);
  if (t == "Appointment") return id(Scope::encounters);
  return std::nullopt;
}

Report validate(const json& resource) {
  Report r;
  Checker c(r);
  c.resource(resource, "", true);
  if (r.ok()) r.scope = scope_of(resource);
  return r;
}

Report validate_text(std::string_view text) {
  Report r;
  const auto j = parse_json(text);
  if (!j) {
    r.issues.push_back(Issue{"$", j.error().message});
    return r;
  }
  r = validate(j.value());
  // R4 JSON (json.html): no duplicate keys. The parsed value kept the last one; the text tells.
  if (auto dup = duplicate_key_path(text)) {
    std::string p = *dup;
    if (!r.resource_type.empty()) p = r.resource_type + p.substr(1);
    r.issues.insert(r.issues.begin(), Issue{p, "duplicate JSON key"});
    r.scope.reset();
  }
  return r;
}

Result<Checked> check(std::string_view json_text) {
  Report r = validate_text(json_text);
  if (!r.ok()) {
    const Issue& i = r.issues.front();
    if (i.path == "$") return Error{Errc::bad_json, i.message};
    return Error{Errc::bad_fhir, i.path + ": " + i.message};
  }
  return Checked{r.resource_type, r.scope.value_or(0)};
}

}  // namespace ehr::records::fhir
