// The FHIR R4 invariants (the specification's constraints, e.g. att-1, per-1) the records layer
// checks beyond structure and bindings: fhir_checker.hpp.
#include <algorithm>
#include <initializer_list>

#include "records/base64.hpp"
#include "records/fhir_checker.hpp"
#include "records/fhir_datetime.hpp"

namespace ehr::records::fhir {

using namespace internal;

namespace {

bool has_prefix_key(const json& j, std::string_view stem) {
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (it.key().size() > stem.size() && it.key().rfind(stem, 0) == 0 && it.key()[stem.size()] >= 'A' &&
        it.key()[stem.size()] <= 'Z') {
      return true;
    }
  }
  return false;
}

}  // namespace

bool internal::has_code(const json& cc, std::string_view code) {
  if (!cc.is_object() || !cc.contains("coding") || !cc["coding"].is_array()) return false;
  for (const auto& c : cc["coding"]) {
    if (c.is_object() && c.contains("code") && c["code"].is_string() && str(c["code"]) == code) return true;
  }
  return false;
}
bool internal::any_code(const json& cc, std::initializer_list<std::string_view> codes) {
  return std::any_of(codes.begin(), codes.end(), [&](auto c) { return has_code(cc, c); });
}

void Checker::type_invariants(const json& j, std::string_view type, const std::string& path) {
  if (type == "Attachment") {
    // att-1: data needs a contentType.
    if (j.contains("data") && !j.contains("contentType"))
      issue(join(path, "contentType"), "required when data is present (att-1)");
    if (j.contains("contentType") && j["contentType"].is_string() && !str(j["contentType"]).empty() &&
        !valid_mime(str(j["contentType"]))) {
      issue(join(path, "contentType"), "not a MIME type (type/subtype)");
    }
    if (j.contains("hash") && j["hash"].is_string()) {
      auto h = base64_decode(str(j["hash"]));
      if (h && h.value().size() != 20) issue(join(path, "hash"), "must be a base64 SHA-1 digest (20 bytes)");
    }
    if (j.contains("data") && j["data"].is_string() && j.contains("size") && j["size"].is_number_integer()) {
      std::string compact;
      for (char c : str(j["data"])) {
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t') compact += c;
      }
      auto d = base64_decode(compact);
      if (d && static_cast<std::int64_t>(d.value().size()) != j["size"].get<std::int64_t>()) {
        issue(join(path, "size"),
              "does not match the decoded length of data (" + std::to_string(d.value().size()) + ")");
      }
    }
    if (!j.contains("data") && !j.contains("url") && !j.contains("_data") && !j.contains("_url")) {
      issue(path, "an attachment needs data or a url");
    }
  } else if (type == "Quantity" || type == "SimpleQuantity" || type == "Age" || type == "Duration" || type == "Count" ||
             type == "Distance") {
    if (j.contains("code") && !j.contains("system"))
      issue(join(path, "system"), "required when code is present (qty-3)");
  } else if (type == "Period") {
    if (j.contains("start") && j.contains("end") && j["start"].is_string() && j["end"].is_string()) {
      const auto s = date_interval(str(j["start"]));
      const auto e = date_interval(str(j["end"]));
      if (s && e && s->first > e->second) issue(join(path, "end"), "is before start (per-1)");
    }
  } else if (type == "ContactPoint") {
    if (j.contains("value") && !j.contains("system"))
      issue(join(path, "system"), "required when value is present (cpt-2)");
  } else if (type == "Observation.referenceRange") {
    if (!j.contains("low") && !j.contains("high") && !j.contains("text")) {
      issue(path, "needs low, high or text (obs-3)");
    }
  } else if (type == "Patient.contact") {
    if (!j.contains("name") && !j.contains("telecom") && !j.contains("address") && !j.contains("organization")) {
      issue(path, "needs a name, telecom, address or organization (pat-1)");
    }
  }
}

void Checker::resource_invariants(const json& j, std::string_view type, const std::string& path) {
  if (type == "Observation") {
    if (j.contains("dataAbsentReason") && has_prefix_key(j, "value")) {
      issue(join(path, "dataAbsentReason"), "only allowed when there is no value[x] (obs-6)");
    }
  } else if (type == "Condition") {
    const bool eie = j.contains("verificationStatus") && has_code(j["verificationStatus"], "entered-in-error");
    const bool problem = j.contains("category") && j["category"].is_array() &&
                         std::any_of(j["category"].begin(), j["category"].end(),
                                     [](const json& c) { return has_code(c, "problem-list-item"); });
    if (problem && !eie && !j.contains("clinicalStatus")) {
      issue(join(path, "clinicalStatus"), "required for a problem-list item (con-3)");
    }
    if (has_prefix_key(j, "abatement") && j.contains("clinicalStatus") &&
        !any_code(j["clinicalStatus"], {"inactive", "resolved", "remission"})) {
      issue(join(path, "clinicalStatus"), "must be inactive, resolved or remission when abatement is present (con-4)");
    }
    if (eie && j.contains("clinicalStatus")) {
      issue(join(path, "clinicalStatus"), "must be absent when verificationStatus is entered-in-error (con-5)");
    }
  } else if (type == "AllergyIntolerance") {
    const bool eie = j.contains("verificationStatus") && has_code(j["verificationStatus"], "entered-in-error");
    if (!eie && !j.contains("clinicalStatus")) {
      issue(join(path, "clinicalStatus"), "required unless verificationStatus is entered-in-error (ait-1)");
    }
    if (eie && j.contains("clinicalStatus")) {
      issue(join(path, "clinicalStatus"), "must be absent when verificationStatus is entered-in-error (ait-2)");
    }
  } else if (type == "FamilyMemberHistory") {
    if (has_prefix_key(j, "age") && has_prefix_key(j, "born"))
      issue(path, "age[x] and born[x] cannot both be present (fhs-1)");
    if (j.contains("estimatedAge") && !has_prefix_key(j, "age")) {
      issue(join(path, "estimatedAge"), "only allowed with age[x] (fhs-2)");
    }
  } else if (type == "Appointment") {
    const bool start = j.contains("start"), end = j.contains("end");
    if (start != end) issue(join(path, start ? "end" : "start"), "start and end go together (app-2)");
    const std::string status = j.contains("status") && j["status"].is_string() ? str(j["status"]) : "";
    if ((!start || !end) && status != "proposed" && status != "cancelled" && status != "waitlist" && !status.empty()) {
      issue(join(path, "start"), "required unless the appointment is proposed, cancelled or waitlist (app-3)");
    }
    if (j.contains("cancelationReason") && status != "cancelled" && status != "noshow") {
      issue(join(path, "cancelationReason"), "only for cancelled or noshow appointments (app-4)");
    }
    if (start && end && j["start"].is_string() && j["end"].is_string()) {
      const auto s = date_interval(str(j["start"]));
      const auto e = date_interval(str(j["end"]));
      if (s && e && s->first > e->second) issue(join(path, "end"), "is before start");
    }
  }
}

}  // namespace ehr::records::fhir
