// Every JSON text from outside is parsed strictly: nlohmann/json would stop at a NUL byte and
// accept `valid JSON` + "\0" + anything; parse_json (src/common/json.hpp), the one entry point, refuses it,
// and so does every caller. Size and nesting limits are checked there too. The FHIR
// duplicate-key scan stays memory-safe on text that is not balanced JSON.
#include <gtest/gtest.h>

#include <string>

#include "common/json.hpp"
#include "eth/abi.hpp"
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
  EXPECT_TRUE(parse_json(R"({"a":1})").ok());
  EXPECT_EQ(code_of(parse_json(with_nul(R"({"a":1})"))), "ERR_BAD_JSON");
  EXPECT_EQ(code_of(parse_json(with_nul("9", R"(resourceType":"x"}})"))), "ERR_BAD_JSON");
  EXPECT_EQ(code_of(parse_json(with_nul(R"({"a":1})", ""))), "ERR_BAD_JSON");           // a trailing NUL alone too
  EXPECT_EQ(code_of(parse_json(std::string("{\"a\":\"x\0y\"}", 11))), "ERR_BAD_JSON");  // raw NUL inside a string
  EXPECT_TRUE(parse_json(R"({"a":"x\u0000y"})").ok());                                  // the escaped form is JSON
}

TEST(JsonStrict, EveryJsonEntryPointRefusesTextAfterNul) {
  EXPECT_EQ(code_of(parse_json(with_nul("{}"))), "ERR_BAD_JSON");
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

TEST(JsonStrict, SizeAndDepthLimits) {
  EXPECT_EQ(code_of(parse_json("[1, 2, 3]", 8)), "ERR_TOO_LARGE");
  EXPECT_TRUE(parse_json("[1,2,3]", 7).ok());
  const auto nest = [](std::size_t n, std::string_view open, std::string_view close) {
    std::string s;
    for (std::size_t i = 0; i < n; ++i) s += open;
    s += "1";
    for (std::size_t i = 0; i < n; ++i) s += close;
    return s;
  };
  EXPECT_TRUE(parse_json(nest(kJsonMaxDepth, "[", "]")).ok());
  EXPECT_EQ(code_of(parse_json(nest(kJsonMaxDepth + 1, "[", "]"))), "ERR_BAD_JSON");
  EXPECT_EQ(code_of(parse_json(nest(kJsonMaxDepth + 1, "{\"a\":", "}"))), "ERR_BAD_JSON");
  EXPECT_EQ(code_of(parse_json(nest(100000, "[", "]"))), "ERR_BAD_JSON");
  // Brackets inside strings, escaped quotes included, are not nesting.
  const std::string in_string = "[\"" + std::string(1000, '[') + "\\\"" + std::string(1000, '{') + "\"]";
  EXPECT_TRUE(parse_json(in_string).ok());
  // The callers map the limits the same way.
  EXPECT_EQ(code_of(eth::abi::Interface::parse(nest(kJsonMaxDepth + 1, "[", "]"))), "ERR_BAD_JSON");
  EXPECT_FALSE(records::fhir::check(nest(kJsonMaxDepth + 1, "[", "]")).ok());
  EXPECT_EQ(code_of(eth::keystore::decrypt(std::string(1u << 17, ' '), ByteView())), "ERR_TOO_LARGE");
}
