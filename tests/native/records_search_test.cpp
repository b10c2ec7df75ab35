// The encrypted search index: terms of the example FHIR resources, queries by word, code, type
// and date range, merge, the sealed envelope round trip, tokens that depend on the chart key, and
// malformed serializations.
#include <gtest/gtest.h>

#include <filesystem>

#include "records/envelope_format.hpp"
#include "records/key_schedule.hpp"
#include "records/search_index.hpp"
#include "records_helpers.hpp"

using namespace ehr;
using namespace ehr::records;
using ehr::test::code_of;
using Ids = std::vector<std::string>;

namespace {

crypto::Secret<32> key_of(std::uint8_t b) { return crypto::Secret<32>(ByteView(Bytes(32, b))); }

SearchIndex example_index(const crypto::Secret<32>& k) {
  SearchIndex idx(k, 0, 3);
  for (const char* f : {"observation-hemoglobin.json", "observation-blood-pressure.json", "condition.json",
                        "diagnostic-report.json", "immunization.json", "family-member-history.json"}) {
    const auto j = nlohmann::json::parse(test::read_test_file(std::string("fhir/valid/") + f), nullptr, false);
    EXPECT_TRUE(idx.add_resource(f, j).ok());
  }
  return idx;
}

Ids q(const SearchIndex& idx, SearchQuery query) {
  auto r = idx.query(query);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? r.value() : Ids{};
}

}  // namespace

TEST(RecordsSearch, NormalisedWords) {
  EXPECT_EQ(normalise_words("Ménière's disease, TYPE-2 diabetes; ß x"),
            (std::vector<std::string>{"meniere", "disease", "type", "diabetes", "ss"}));
  EXPECT_EQ(normalise_words("Blutdruck—120/80 mmHg"), (std::vector<std::string>{"blutdruck", "120", "80", "mmhg"}));
  EXPECT_EQ(normalise_words("糖尿病 2型"), (std::vector<std::string>{"糖尿病", "2型"}));
  EXPECT_TRUE(normalise_words("a . ! ¿").empty());
}

TEST(RecordsSearch, TermsOfAResource) {
  const auto j = nlohmann::json::parse(test::read_test_file("fhir/valid/observation-hemoglobin.json"));
  const auto terms = index_terms(terms_of_resource(j));
  for (const char* t : {"w:hemoglobin", "w:blood", "c:http://loinc.org|718-7",
                        "c:http://terminology.hl7.org/CodeSystem/observation-category|laboratory", "y:2024",
                        "m:2024-03", "t:Observation"}) {
    EXPECT_TRUE(terms.count(t)) << t;
  }
  // Quantities are not codes; references and the resource type are not words.
  EXPECT_FALSE(terms.count("c:http://unitsofmeasure.org|g/dL"));
  EXPECT_FALSE(terms.count("w:patient"));
}

TEST(RecordsSearch, QueriesByWordCodeTypeAndDate) {
  const auto k = key_of(7);
  const SearchIndex idx = example_index(k);
  EXPECT_EQ(idx.record_count(), 6u);
  EXPECT_EQ(q(idx, {.words = {"hemoglobin"}}), (Ids{"observation-hemoglobin.json"}));
  EXPECT_EQ(q(idx, {.words = {"HÉMOGLOBIN"}}), (Ids{"observation-hemoglobin.json"}));  // case and accents fold
  EXPECT_EQ(q(idx, {.words = {"haemoglobin"}}), Ids{});                                // spelling does not
  EXPECT_EQ(q(idx, {.words = {"Diabetes"}}), (Ids{"condition.json"}));
  EXPECT_EQ(q(idx, {.codes = {{"http://loinc.org", "718-7"}}}), (Ids{"observation-hemoglobin.json"}));
  EXPECT_EQ(q(idx, {.codes = {{"http://loinc.org", "8480-6"}}}), (Ids{"observation-blood-pressure.json"}));
  EXPECT_EQ(q(idx, {.type = "Observation"}), (Ids{"observation-hemoglobin.json", "observation-blood-pressure.json"}));
  EXPECT_EQ(q(idx, {.words = {"blood"}, .type = "DiagnosticReport"}), (Ids{"diagnostic-report.json"}));
  // Dates: March 2024 holds the two observations and the report; 2019-06 the condition; the
  // family history (born 1941, a year-only date) matches any range within 1941.
  EXPECT_EQ(q(idx, {.from = "2024-03", .to = "2024-03"}),
            (Ids{"observation-hemoglobin.json", "observation-blood-pressure.json", "diagnostic-report.json"}));
  EXPECT_EQ(q(idx, {.from = "2019-01-01", .to = "2019-12-31"}), (Ids{"condition.json"}));
  EXPECT_EQ(q(idx, {.from = "2021", .to = "2021"}), (Ids{"immunization.json"}));
  EXPECT_EQ(q(idx, {.from = "1941-05", .to = "1941-06"}), (Ids{"family-member-history.json"}));
  EXPECT_EQ(q(idx, {.from = "2020-01", .to = "2023-12"}), (Ids{"immunization.json"}));
  EXPECT_EQ(q(idx, {.from = "1900", .to = "1950"}), (Ids{"family-member-history.json"}));
  EXPECT_EQ(q(idx, {.to = "1950"}), (Ids{"family-member-history.json"}));             // open start: 1900
  EXPECT_EQ(q(idx, {.from = "2024-03-05"}).size(), 3u);                               // open end: 2100
  EXPECT_EQ(code_of(idx.query({.from = "1800", .to = "2024"})), "ERR_BAD_ARGUMENT");  // over 200 years
  EXPECT_EQ(q(idx, {.codes = {{"http://loinc.org", "718-7"}}, .from = "2023", .to = "2023"}), Ids{});
  EXPECT_EQ(q(idx, {}), Ids{});
  EXPECT_EQ(code_of(idx.query({.from = "2024-13"})), "ERR_BAD_ARGUMENT");
  EXPECT_EQ(code_of(idx.query({.from = "2024", .to = "2023"})), "ERR_BAD_ARGUMENT");
  EXPECT_EQ(code_of(idx.query({.words = {"!!"}})), "ERR_BAD_ARGUMENT");
}

TEST(RecordsSearch, MergeSealOpen) {
  const auto k = key_of(9);
  SearchIndex a(k, 0, 3), b(k, 0, 3);
  ASSERT_TRUE(a.add("rec-1", {.words = {"alpha beta"}}).ok());
  ASSERT_TRUE(b.add("rec-2", {.words = {"beta gamma"}, .codes = {{"s", "c"}}}).ok());
  ASSERT_TRUE(b.add("rec-1", {.words = {"delta"}}).ok());
  ASSERT_TRUE(a.merge(b).ok());
  EXPECT_EQ(q(a, {.words = {"beta"}}), (Ids{"rec-1", "rec-2"}));
  EXPECT_EQ(q(a, {.words = {"delta"}}), (Ids{"rec-1"}));
  EXPECT_EQ(q(a, {.codes = {{"s", "c"}}}), (Ids{"rec-2"}));
  const SearchIndex other(key_of(1), 0, 3);
  EXPECT_EQ(code_of(a.merge(other)), "ERR_BAD_ARGUMENT");
  EXPECT_EQ(code_of(a.add("", {})), "ERR_BAD_ARGUMENT");

  auto env = a.seal(k);
  ASSERT_TRUE(env.ok());
  EXPECT_EQ(parse_header(env.value()).value().scope, 0);
  EXPECT_EQ(parse_header(env.value()).value().epoch, 3u);
  auto back = SearchIndex::open(env.value(), k);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back.value().serialize(), a.serialize());
  EXPECT_EQ(q(back.value(), {.words = {"gamma"}}), (Ids{"rec-2"}));
  EXPECT_EQ(code_of(SearchIndex::open(env.value(), key_of(2))), "ERR_NO_RECIPIENT");
  // The index holds tokens only: no term appears in its plaintext.
  const Bytes plain = a.serialize();
  const std::string text(plain.begin(), plain.end());
  EXPECT_EQ(text.find("beta"), std::string::npos);
  EXPECT_NE(text.find("rec-2"), std::string::npos);  // record ids are stored (CIDs)
  // Tokens depend on the chart key.
  EXPECT_NE(a.token("w:beta"), other.token("w:beta"));
}

TEST(RecordsSearch, MalformedSerializations) {
  const auto k = key_of(5);
  SearchIndex a(k, 1, 1);
  ASSERT_TRUE(a.add("r1", {.words = {"one two"}}).ok());
  ASSERT_TRUE(a.add("r2", {.words = {"two three"}}).ok());
  const Bytes good = a.serialize();
  ASSERT_TRUE(SearchIndex::deserialize(good, k).ok());
  for (std::size_t cut = 0; cut < good.size(); ++cut) {
    EXPECT_EQ(code_of(SearchIndex::deserialize(ByteView(good).first(cut), k)), "ERR_BAD_INDEX") << cut;
  }
  Bytes trailing = good;
  trailing.push_back(0);
  EXPECT_EQ(code_of(SearchIndex::deserialize(trailing, k)), "ERR_BAD_INDEX");
  Bytes version = good;
  version[4] = 2;
  EXPECT_EQ(code_of(SearchIndex::deserialize(version, k)), "ERR_BAD_INDEX");
  // A posting pointing past the record table.
  Bytes bad_post = good;
  bad_post[bad_post.size() - 4] = 9;
  EXPECT_EQ(code_of(SearchIndex::deserialize(bad_post, k)), "ERR_BAD_INDEX");
}
