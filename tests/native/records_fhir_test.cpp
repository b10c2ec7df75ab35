// FHIR R4 checks: every example resource in tests/data/fhir/valid passes; every one in
// tests/data/fhir/invalid fails with its first issue at the expected JSON path; formats of dates,
// the scope mapping, and the error of check().
#include <gtest/gtest.h>

#include <filesystem>

#include "records/fhir.hpp"
#include "records/fhir_datetime.hpp"
#include "records/fhir_schema.hpp"
#include "records/json_text.hpp"
#include "records/scopes.hpp"
#include "records_helpers.hpp"

using namespace ehr;
using namespace ehr::records;
namespace fs = std::filesystem;

namespace {
std::vector<std::string> files_in(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(std::string(EHR_TEST_DATA_DIR) + "/" + dir)) {
    if (e.path().extension() == ".json" && e.path().filename() != "expected.json") out.push_back(e.path().filename());
  }
  std::sort(out.begin(), out.end());
  return out;
}
}  // namespace

TEST(RecordsFhir, EveryValidExamplePasses) {
  const auto files = files_in("fhir/valid");
  ASSERT_GE(files.size(), 11u);
  std::set<std::string> types;
  for (const auto& f : files) {
    const auto report = fhir::validate_text(test::read_test_file("fhir/valid/" + f));
    std::string all;
    for (const auto& i : report.issues) all += "\n  " + i.path + ": " + i.message;
    EXPECT_TRUE(report.ok()) << f << all;
    EXPECT_TRUE(report.scope.has_value()) << f;
    types.insert(report.resource_type);
  }
  // One example at least of every supported type.
  for (const char* t :
       {"Patient", "Observation", "Condition", "AllergyIntolerance", "MedicationStatement", "DiagnosticReport",
        "DocumentReference", "Immunization", "Encounter", "FamilyMemberHistory", "Appointment"}) {
    EXPECT_TRUE(types.count(t)) << t;
  }
}

TEST(RecordsFhir, EveryMalformedExampleFailsAtItsPath) {
  const auto expected = test::load_test_json("fhir/invalid/expected.json")["cases"];
  const auto files = files_in("fhir/invalid");
  ASSERT_EQ(files.size(), expected.size()) << "every invalid example needs an entry in expected.json";
  for (const auto& f : files) {
    ASSERT_TRUE(expected.contains(f)) << f;
    const auto report = fhir::validate_text(test::read_test_file("fhir/invalid/" + f));
    ASSERT_FALSE(report.ok()) << f;
    EXPECT_EQ(report.issues[0].path, expected[f]["path"].get<std::string>()) << f << ": " << report.issues[0].message;
    EXPECT_NE(report.issues[0].message.find(expected[f]["message"].get<std::string>()), std::string::npos)
        << f << ": " << report.issues[0].message;
    auto c = fhir::check(test::read_test_file("fhir/invalid/" + f));
    ASSERT_FALSE(c.ok());
    EXPECT_EQ(c.error().code, f == "not-json.json" ? Errc::bad_json : Errc::bad_fhir);
  }
}

TEST(RecordsFhir, CheckReportsTypeAndScope) {
  auto c = fhir::check(test::read_test_file("fhir/valid/observation-blood-pressure.json"));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c.value().resource_type, "Observation");
  EXPECT_EQ(c.value().scope, static_cast<std::uint16_t>(Scope::vitals));
  auto bad = fhir::check(R"({"resourceType":"Observation","status":"final","code":{"coding":[{"system":"a b"}]}})");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message.rfind("Observation.code.coding[0].system: ", 0), 0u) << bad.error().message;
}

TEST(RecordsFhir, ScopeMapping) {
  auto scope = [](const char* text) { return fhir::scope_of(nlohmann::json::parse(text)); };
  EXPECT_EQ(scope(R"({"resourceType":"Observation"})"), 0);
  EXPECT_EQ(scope(R"({"resourceType":"Observation","category":[{"coding":[{"code":"vital-signs"}]}]})"), 8);
  EXPECT_EQ(scope(R"({"resourceType":"Observation","category":[{"coding":[{"code":"imaging"}]}]})"), 1);
  EXPECT_EQ(scope(R"({"resourceType":"DiagnosticReport","category":[{"coding":[{"code":"RAD"}]}]})"), 1);
  EXPECT_EQ(scope(R"({"resourceType":"DiagnosticReport"})"), 0);
  EXPECT_EQ(scope(R"({"resourceType":"AllergyIntolerance"})"), 7);
  EXPECT_EQ(scope(R"({"resourceType":"MedicationStatement"})"), 2);
  EXPECT_EQ(scope(R"({"resourceType":"Immunization"})"), 6);
  EXPECT_EQ(scope(R"({"resourceType":"FamilyMemberHistory"})"), 5);
  EXPECT_EQ(scope(R"({"resourceType":"Encounter"})"), 13);
  EXPECT_EQ(scope(R"({"resourceType":"Medication"})"), std::nullopt);
  EXPECT_EQ(scope_name(8), "vitals");
  EXPECT_EQ(scope_id("care_plans"), 15);
  EXPECT_EQ(scope_name(16), "");
}

TEST(RecordsFhir, DateFormats) {
  using fhir::DateKind;
  for (const char* ok : {"2024", "2024-02", "2024-02-29", "2000-02-29"})
    EXPECT_TRUE(fhir::valid_date_value(ok, DateKind::date)) << ok;
  for (const char* bad :
       {"24", "2023-02-29", "1900-02-29", "2024-00", "2024-1-01", "0000", "2024-02-29T10:00:00Z", "2024/02/01"}) {
    EXPECT_FALSE(fhir::valid_date_value(bad, DateKind::date)) << bad;
  }
  for (const char* ok :
       {"2024", "2024-03-05T09:30:00Z", "2024-03-05T09:30:00.123+14:00", "2024-03-05T23:59:60-05:30"}) {
    EXPECT_TRUE(fhir::valid_date_value(ok, DateKind::date_time)) << ok;
  }
  for (const char* bad : {"2024-03-05T09:30:00", "2024-03-05T09:30Z", "2024-03-05T24:00:00Z",
                          "2024-03-05T09:30:00+14:30", "2024-03-05T09:30:00.Z", "2024-03T09:30:00Z"}) {
    EXPECT_FALSE(fhir::valid_date_value(bad, DateKind::date_time)) << bad;
  }
  EXPECT_TRUE(fhir::valid_date_value("2024-03-05T09:30:00Z", DateKind::instant));
  EXPECT_FALSE(fhir::valid_date_value("2024-03-05", DateKind::instant));
  EXPECT_TRUE(fhir::valid_date_value("09:30:00", DateKind::time));
  EXPECT_FALSE(fhir::valid_date_value("9:30", DateKind::time));
  // Intervals: "2024-03-05" (any zone) cannot end before "2024-03-05T10:00:00Z".
  const auto day = fhir::date_interval("2024-03-05").value();
  const auto t = fhir::date_interval("2024-03-05T10:00:00Z").value();
  EXPECT_LE(day.first, t.first);
  EXPECT_GE(day.second, t.second);
  EXPECT_EQ(fhir::year_month("2024-03-05T10:00:00Z"), (std::pair<int, int>{2024, 3}));
  EXPECT_EQ(fhir::year_month("1999"), (std::pair<int, int>{1999, 0}));
}

TEST(RecordsFhir, JsonRepresentationRules) {
  auto first = [](const char* text) {
    auto r = fhir::validate_text(text);
    return r.ok() ? std::string("OK") : r.issues[0].path + " | " + r.issues[0].message;
  };
  EXPECT_EQ(first(R"({"resourceType":"Patient","name":[]})"),
            "Patient.name | empty array (leave the element out instead)");
  EXPECT_EQ(first(R"({"resourceType":"Patient","maritalStatus":{}})"),
            "Patient.maritalStatus | empty object (leave the element out instead)");
  EXPECT_EQ(first(R"({"resourceType":"Patient","active":"true"})"), "Patient.active | must be true or false");
  EXPECT_EQ(first(R"({"resourceType":"Patient","multipleBirthInteger":1.5})"),
            "Patient.multipleBirthInteger | must be a JSON integer");
  EXPECT_EQ(first(R"({"resourceType":"Patient","telecom":[{"system":"phone","value":"1","rank":0}]})"),
            "Patient.telecom[0].rank | must be 1 or more");
  EXPECT_EQ(first(R"({"resourceType":"Patient","name":[{"given":["A",null]}],"_name":1})"),
            "Patient.name[0].given[1] | must be a JSON string");
  EXPECT_EQ(first(R"({"resourceType":"Patient","id":"a b"})"), "Patient.id | not a valid id (1-64 of A-Z a-z 0-9 - .)");
  EXPECT_EQ(first(R"({"resourceType":"Patient","extension":[{"valueString":"x"}]})"),
            "Patient.extension[0].url | required element missing");
  EXPECT_EQ(first(R"({"resourceType":"Patient","name":[{"family":"A","family":"B"}]})"),
            "Patient.name[0].family | duplicate JSON key");
  EXPECT_EQ(first(R"([1,2])"), "resourceType | a resource must be a JSON object");
  EXPECT_EQ(first(R"({"resourceType":"Patient","_name":[{"id":"x"}]})"), "Patient._name | unknown element");
  EXPECT_EQ(first(R"({"resourceType":"Patient","name":[{"given":[null,"B"],"_given":[{"id":"g1"},null]}]})"), "OK");
  EXPECT_EQ(
      first(
          R"({"resourceType":"Patient","gender":"female","_gender":{"extension":[{"url":"http://x","valueCode":"f"}]}})"),
      "OK");
}

TEST(RecordsFhir, DefinitionsAreConsistent) {
  // Every type a field names is defined; every resource type is a resource; choices list several
  // types or one; bound CodeableConcepts name their system.
  const auto& s = fhir::schema();
  EXPECT_GT(s.size(), 60u);
  for (const auto& [name, t] : s) {
    for (const auto& f : t.fields) {
      EXPECT_FALSE(f.types.empty()) << name << "." << f.name;
      for (auto ty : f.types) EXPECT_TRUE(s.count(ty)) << name << "." << f.name << ": " << ty;
      if (!f.system.empty()) {
        EXPECT_EQ(f.types[0], "CodeableConcept") << name << "." << f.name;
        EXPECT_FALSE(f.codes.empty()) << name << "." << f.name;
      }
      if (!f.targets.empty()) EXPECT_EQ(f.types[0], "Reference") << name << "." << f.name;
    }
  }
  for (auto r : fhir::resource_types()) {
    ASSERT_TRUE(s.count(r)) << r;
    EXPECT_EQ(s.at(r).base, fhir::Base::resource) << r;
  }
  EXPECT_EQ(s.at("Observation").fields.size(), 24u);  // R4 Observation: 24 elements of its own
  EXPECT_EQ(s.at("Age").fields.size(), s.at("Quantity").fields.size());
}

TEST(RecordsFhir, JsonTextHelpers) {
  EXPECT_EQ(duplicate_key_path(R"({"a":1,"b":{"c":[1,{"d":2,"d":3}]}})"), std::optional<std::string>("$.b.c[1].d"));
  EXPECT_EQ(duplicate_key_path(R"({"a":"x\"y","b":[true,false,null,-1.5e3],"c":{"a":1}})"), std::nullopt);
  EXPECT_EQ(duplicate_key_path(R"([{"k":1},{"k":2}])"), std::nullopt);  // same key in two objects
  EXPECT_EQ(duplicate_key_path(R"({"a\"b":1,"a\"b":2})"), std::optional<std::string>("$.a\\\"b"));
  EXPECT_EQ(duplicate_key_path(R"({ "x" : [ 1 , 2 ] , "x" : 3 })"), std::optional<std::string>("$.x"));
  std::string out;
  append_json_string(out, std::string("a\"b\\c\n\x01é", 9));
  EXPECT_EQ(out, "\"a\\\"b\\\\c\\u000a\\u0001é\"");
  EXPECT_TRUE(nlohmann::json::parse(out, nullptr, false).is_string());
}
