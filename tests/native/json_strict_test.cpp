// Every JSON text from outside is parsed strictly: nlohmann/json would stop at a NUL byte and
// accept `valid JSON` + "\0" + anything; no entry point may (src/common/json.hpp). The FHIR
// duplicate-key scan stays memory-safe on text that is not balanced JSON.
#include <gtest/gtest.h>

#include <string>

#include "common/json.hpp"
#include "eth/abi.hpp"
#include "eth/json_util.hpp"
#include "eth/keystore.hpp"
#include "records/fhir.hpp"
#include "records/json_text.hpp"
#include "records/metamask.hpp"
#include "records_helpers.hpp"

using namespace ehr;
using namespace std::literals;
using ehr::test::code_of;

namespace {
std::string with_nul(std::string_view json, std::string_view tail = "junk") {
  std::string s(json);
  s.push_back('\0');
  s.append(tail);
  return s;
}
constexpr std::string_view kPatient = R"({"resourceType":"Patient","active":true})";
}  // namespace

TEST(JsonStrict, NulByteIsNeverValidJson) {
  EXPECT_FALSE(parse_json(R"({"a":1})").is_discarded());
  EXPECT_TRUE(parse_json(with_nul(R"({"a":1})")).is_discarded());
  EXPECT_TRUE(parse_json(with_nul("9", R"(resourceType":"x"}})")).is_discarded());
  EXPECT_TRUE(parse_json(with_nul(R"({"a":1})", "")).is_discarded());           // a trailing NUL alone too
  EXPECT_TRUE(parse_json(std::string("{\"a\":\"x\0y\"}", 11)).is_discarded());  // raw NUL inside a string
  EXPECT_FALSE(parse_json(R"({"a":"x\u0000y"})").is_discarded());               // the escaped form is JSON
}

TEST(JsonStrict, EveryJsonEntryPointRefusesTextAfterNul) {
  EXPECT_EQ(code_of(eth::json_util::parse(with_nul("{}"))), "ERR_BAD_JSON");
  EXPECT_EQ(code_of(eth::abi::Interface::parse(with_nul("[]"))), "ERR_BAD_JSON");
  EXPECT_EQ(code_of(eth::keystore::decrypt(with_nul("{}"), ByteView())), "ERR_BAD_JSON");
  ASSERT_TRUE(records::fhir::check(kPatient).ok());
  EXPECT_FALSE(records::fhir::check(with_nul(kPatient)).ok());
  EXPECT_EQ(records::fhir::validate_text(with_nul(kPatient)).issues.at(0).message, "not valid JSON");
  crypto::Secret<32> sk;
  EXPECT_EQ(code_of(records::metamask_decrypt(with_nul("{}"), sk)), "ERR_BAD_JSON");
}

TEST(JsonStrict, DuplicateKeyScanIsSafeOnUnbalancedText) {
  // The scan's contract is valid JSON, but it must never read out of bounds whatever it is given.
  for (std::string_view s : {"}"sv, "]]]"sv, "}}{"sv, "{\"a\":1}}]"sv,
                             "9\0resourceType\":\"x\",\"s\":{\"\"u\",\"v\"}}\n"sv, "\""sv, "{\"a"sv}) {
    (void)records::duplicate_key_path(s);
  }
  EXPECT_EQ(records::duplicate_key_path("]{\"k\":1,\"k\":2}"), std::optional<std::string>("$.k"));
}
