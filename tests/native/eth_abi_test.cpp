// ABI codec: the worked examples of the Solidity ABI specification ("Examples" and "Use of
// Dynamic Types"), round trips, strict-decoding rejections, events and revert payloads.
#include <gtest/gtest.h>

#include "common/hex.hpp"
#include "crypto/keccak.hpp"
#include "eth/abi.hpp"

using namespace ehr;
namespace eabi = ehr::eth::abi;
namespace json_util = ehr::eth::json_util;
using eabi::Json;
using ehr::eth::U256;

namespace {

std::vector<eabi::Type> types(std::initializer_list<const char*> names) {
  std::vector<eabi::Type> out;
  for (const char* n : names) {
    auto t = eabi::parse_type(n);
    EXPECT_TRUE(t.ok()) << n << ": " << (t.ok() ? "" : t.error().message);
    if (t.ok()) out.push_back(t.value());
  }
  return out;
}

std::string call(const char* signature, const std::vector<eabi::Type>& ts, const Json& values) {
  auto enc = eabi::encode(ts, values);
  EXPECT_TRUE(enc.ok()) << (enc.ok() ? "" : enc.error().message);
  const auto sel = eabi::selector(signature);
  return to_hex(sel) + (enc.ok() ? to_hex(enc.value()) : "");
}

std::string words(std::initializer_list<const char*> ws) {
  std::string s;
  for (const char* w : ws) {
    std::string x(w);
    if (x.size() < 64) {
      // Numbers are right-aligned; text-like (ending with "...") left-aligned.
      if (x.back() == '<') x = x.substr(0, x.size() - 1) + std::string(64 - (x.size() - 1), '0');
      else x = std::string(64 - x.size(), '0') + x;
    }
    s += x;
  }
  return s;
}

Json J(const char* text) { return Json::parse(text); }

}  // namespace

TEST(AbiSpec, Examples) {
  // baz(uint32,bool) with 69, true.
  EXPECT_EQ(call("baz(uint32,bool)", types({"uint32", "bool"}), J(R"(["69", true])")), "cdcd77c0" + words({"45", "1"}));
  // bar(bytes3[2]) with ["abc", "def"].
  EXPECT_EQ(call("bar(bytes3[2])", types({"bytes3[2]"}), J(R"([["0x616263", "0x646566"]])")),
            "fce353f6" + words({"616263<", "646566<"}));
  // sam(bytes,bool,uint256[]) with "dave", true, [1, 2, 3].
  EXPECT_EQ(call("sam(bytes,bool,uint256[])", types({"bytes", "bool", "uint256[]"}),
                 J(R"(["0x64617665", true, ["1", "2", "3"]])")),
            "a5643bf2" + words({"60", "1", "a0", "4", "64617665<", "3", "1", "2", "3"}));
  // f(uint256,uint32[],bytes10,bytes) with 0x123, [0x456, 0x789], "1234567890", "Hello, world!".
  EXPECT_EQ(call("f(uint256,uint32[],bytes10,bytes)", types({"uint256", "uint32[]", "bytes10", "bytes"}),
                 J(R"(["0x123", ["0x456", "0x789"], "0x31323334353637383930", "0x48656c6c6f2c20776f726c6421"])")),
            "8be65246" + words({"123", "80", "31323334353637383930<", "e0", "2", "456", "789", "d",
                                "48656c6c6f2c20776f726c6421<"}));
  // g(uint256[][],string[]) with [[1, 2], [3]], ["one", "two", "three"].
  EXPECT_EQ(call("g(uint256[][],string[])", types({"uint256[][]", "string[]"}),
                 J(R"([[["1", "2"], ["3"]], ["one", "two", "three"]])")),
            "2289b18c" + words({"40", "140", "2",  "40", "a0", "2",       "1", "2",       "1", "3",
                                "3",  "60",  "a0", "e0", "3",  "6f6e65<", "3", "74776f<", "5", "7468726565<"}));
}

TEST(Abi, RoundTripsAndCanonicalForms) {
  const auto ts = types({"int8", "int256", "uint", "address", "bytes1", "(bool,string[],(uint16,bytes)[2])", "string"});
  const Json values = J(R"(["-128", "-57896044618658097711785492504343953926634992332820282019728792003956564819968",
      "115792089237316195423570985008687907853269984665640564039457584007913129639935",
      "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0xff",
      [true, ["", "héllo"], [["65535", "0x"], ["0", "0x0102"]]], "end"])");
  auto enc = eabi::encode(ts, values);
  ASSERT_TRUE(enc.ok()) << enc.error().message;
  auto dec = eabi::decode(ts, enc.value());
  ASSERT_TRUE(dec.ok()) << dec.error().message;
  EXPECT_EQ(dec.value(), values);
  EXPECT_EQ(ts[2].canonical(), "uint256");
  EXPECT_EQ(ts[5].canonical(), "(bool,string[],(uint16,bytes)[2])");
  EXPECT_TRUE(ts[5].is_dynamic());
  EXPECT_EQ(types({"(uint8,bytes32)[3]"})[0].head_size(), 192u);
  // Tuples by name through a JSON ABI parameter.
  auto t = eabi::type_from_json(
      J(R"({"type":"tuple[]","components":[{"name":"a","type":"uint8"},{"name":"b","type":"string"}]})"));
  ASSERT_TRUE(t.ok());
  auto e1 = eabi::encode({t.value()}, J(R"([[{"a":"1","b":"x"},{"b":"y","a":2}]])"));
  auto e2 = eabi::encode({t.value()}, J(R"([[["1","x"],["2","y"]]])"));
  ASSERT_TRUE(e1.ok() && e2.ok());
  EXPECT_EQ(e1.value(), e2.value());
}

TEST(Abi, RejectsOutOfRangeValuesWithPath) {
  const auto ts = types({"(uint8,int8)[]"});
  auto r = eabi::encode(ts, J(R"([[["255","127"],["256","0"]]])"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::abi_value);
  EXPECT_NE(r.error().message.find("value[0][1][0]"), std::string::npos) << r.error().message;
  EXPECT_FALSE(eabi::encode(types({"int8"}), J(R"(["-129"])")).ok());
  EXPECT_FALSE(eabi::encode(types({"int8"}), J(R"(["128"])")).ok());
  EXPECT_TRUE(eabi::encode(types({"int8"}), J(R"([-128])")).ok());
  EXPECT_FALSE(eabi::encode(types({"uint256"}), J(R"(["-1"])")).ok());
  EXPECT_FALSE(eabi::encode(types({"bytes2"}), J(R"(["0x010203"])")).ok());
  EXPECT_FALSE(eabi::encode(types({"bool"}), J(R"([1])")).ok());
  EXPECT_FALSE(eabi::encode(types({"address"}), J(R"(["0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"])")).ok());
  EXPECT_FALSE(eabi::encode(types({"uint8[2]"}), J(R"([["1"]])")).ok());
  EXPECT_FALSE(eabi::encode(types({"uint8"}), J(R"([1.5])")).ok());
  // Type strings.
  for (const char* bad : {"uint7", "uint264", "bytes0", "bytes33", "int08", "uint8[0]", "()", "(uint8", "uint8]", "foo",
                          "uint8[01]", "(uint8,)", "uint256[99999999999]"})
    EXPECT_FALSE(eabi::parse_type(bad).ok()) << bad;
  EXPECT_EQ(eabi::parse_type("fixed128x18").error().code, Errc::unsupported);
  std::string deep = "uint8";
  for (std::size_t i = 0; i <= eabi::kMaxTypeDepth; ++i) deep += "[]";
  EXPECT_FALSE(eabi::parse_type(deep).ok());
}

TEST(Abi, StrictDecoding) {
  const auto u8 = types({"uint8"});
  Bytes w(32, 0);
  w[31] = 0xff;
  EXPECT_TRUE(eabi::decode(u8, w).ok());
  w[30] = 1;
  EXPECT_FALSE(eabi::decode(u8, w).ok());  // high bits set
  Bytes neg(32, 0xff);
  EXPECT_EQ(eabi::decode(types({"int8"}), neg).value()[0], "-1");
  neg[0] = 0x7f;
  EXPECT_FALSE(eabi::decode(types({"int8"}), neg).ok());  // not sign-extended
  Bytes b(32, 0);
  b[31] = 2;
  EXPECT_FALSE(eabi::decode(types({"bool"}), b).ok());
  Bytes addr(32, 0);
  addr[0] = 1;
  EXPECT_FALSE(eabi::decode(types({"address"}), addr).ok());
  Bytes fb(32, 0);
  fb[5] = 1;
  EXPECT_FALSE(eabi::decode(types({"bytes4"}), fb).ok());
  EXPECT_TRUE(eabi::decode(types({"bytes8"}), fb).ok());
  // Too short, offset past the end, length past the end, dirty padding, bad UTF-8.
  EXPECT_FALSE(eabi::decode(u8, Bytes(31, 0)).ok());
  auto enc = eabi::encode(types({"string"}), J(R"(["abc"])")).value();
  Bytes e = enc;
  e[31] = 0x60;  // offset 0x60: past the end for a length word
  EXPECT_FALSE(eabi::decode(types({"string"}), e).ok());
  e = enc;
  e[63] = 0x21;  // length 33
  EXPECT_FALSE(eabi::decode(types({"string"}), e).ok());
  e = enc;
  e[64 + 5] = 1;  // padding
  EXPECT_FALSE(eabi::decode(types({"string"}), e).ok());
  e = enc;
  e[64] = 0xff;  // invalid UTF-8
  EXPECT_FALSE(eabi::decode(types({"string"}), e).ok());
  // Overlap: two strings pointing at the same tail.
  auto two = eabi::encode(types({"string", "string"}), J(R"(["abc", "abc"])")).value();
  ASSERT_TRUE(eabi::decode(types({"string", "string"}), two).ok());
  Bytes overlap = two;
  overlap[63] = 0x40;  // second offset = first offset
  overlap.resize(32 * 4);
  auto r = eabi::decode(types({"string", "string"}), overlap);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::bad_abi);
  // Huge array length with little data.
  Bytes arr(64, 0);
  arr[31] = 0x20;
  arr[32] = 0x7f;
  EXPECT_FALSE(eabi::decode(types({"uint256[]"}), arr).ok());
  // Trailing data is accepted.
  Bytes tail = eabi::encode(u8, J(R"(["7"])")).value();
  tail.resize(40, 0xaa);
  EXPECT_EQ(eabi::decode(u8, tail).value()[0], "7");
}

namespace {
const char* kAbi = R"([
  {"type":"function","name":"transfer","stateMutability":"nonpayable",
   "inputs":[{"name":"to","type":"address"},{"name":"amount","type":"uint256"}],
   "outputs":[{"name":"","type":"bool"}]},
  {"type":"function","name":"f","inputs":[{"name":"a","type":"uint8"}],"outputs":[]},
  {"type":"function","name":"f","inputs":[{"name":"a","type":"string"}],"outputs":[]},
  {"type":"event","name":"Note","anonymous":false,"inputs":[
     {"name":"who","type":"address","indexed":true},
     {"name":"tag","type":"string","indexed":true},
     {"name":"id","type":"int16","indexed":true},
     {"name":"text","type":"string","indexed":false},
     {"name":"vals","type":"uint256[]","indexed":false}]},
  {"type":"error","name":"Insufficient","inputs":[{"name":"have","type":"uint256"},{"name":"want","type":"uint256"}]},
  {"type":"constructor","inputs":[{"name":"owner","type":"address"}]}
])";
}

TEST(AbiInterface, FunctionsEventsErrors) {
  auto iface = eabi::Interface::parse(kAbi);
  ASSERT_TRUE(iface.ok()) << iface.error().message;
  const auto& I = iface.value();
  auto data = I.encode_function_data("transfer", J(R"(["0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "1000"])"));
  ASSERT_TRUE(data.ok());
  EXPECT_EQ(to_hex(ByteView(data.value()).first(4)), "a9059cbb");
  EXPECT_EQ(I.decode_function_data("transfer(address, uint)", data.value()).value(),
            J(R"(["0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "1000"])"));
  EXPECT_EQ(I.decode_function_result("0xa9059cbb", eabi::encode(types({"bool"}), J("[true]")).value()).value(),
            J("[true]"));
  // Overloads need the signature.
  EXPECT_EQ(I.encode_function_data("f", J(R"(["1"])")).error().code, Errc::bad_abi);
  EXPECT_TRUE(I.encode_function_data("f(uint8)", J(R"(["1"])")).ok());
  EXPECT_TRUE(I.encode_function_data("f(string)", J(R"(["1"])")).ok());
  EXPECT_FALSE(I.encode_function_data("nope", J("[]")).ok());
  EXPECT_TRUE(I.encode_deploy(J(R"(["0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"])")).ok());

  // Event: topics from values, then decode.
  auto topics = I.encode_event_topics("Note", J(R"(["0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "tag!", "-2"])"));
  ASSERT_TRUE(topics.ok()) << topics.error().message;
  ASSERT_EQ(topics.value().size(), 4u);
  const std::string tag = "tag!";
  EXPECT_EQ(
      topics.value()[2],
      json_util::hex0x(crypto::keccak256(ByteView(reinterpret_cast<const std::uint8_t*>(tag.data()), tag.size()))));
  std::vector<Hash32> ts;
  for (const auto& t : topics.value()) ts.push_back(to_fixed<32>(from_hex(t.get<std::string>()).value()));
  const auto body = eabi::encode(types({"string", "uint256[]"}), J(R"(["hello", ["1", "2"]])")).value();
  auto log = I.decode_event_log("", ts, body);
  ASSERT_TRUE(log.ok()) << log.error().message;
  EXPECT_EQ(log.value()["name"], "Note");
  EXPECT_EQ(log.value()["args"][0], "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
  EXPECT_EQ(log.value()["args"][1]["hash"], topics.value()[2]);
  EXPECT_EQ(log.value()["args"][2], "-2");
  EXPECT_EQ(log.value()["args"][3], "hello");
  EXPECT_EQ(log.value()["args"][4], J(R"(["1","2"])"));
  ts.pop_back();
  EXPECT_FALSE(I.decode_event_log("Note", ts, body).ok());  // a topic is missing

  // Custom error, Error(string), Panic(uint256), unknown selector.
  auto custom = I.encode_error_result("Insufficient", J(R"(["1", "2"])")).value();
  auto rev = I.decode_error(custom);
  ASSERT_TRUE(rev.ok());
  EXPECT_EQ(rev.value().name, "Insufficient");
  EXPECT_EQ(rev.value().args, J(R"(["1","2"])"));
  Bytes err = from_hex("08c379a0").value();
  const auto reason = eabi::encode(types({"string"}), J(R"(["Not enough"])")).value();
  err.insert(err.end(), reason.begin(), reason.end());
  EXPECT_EQ(I.decode_error(err).value().message, "Not enough");
  Bytes panic = from_hex("4e487b71").value();
  const auto code = eabi::encode(types({"uint256"}), J(R"(["17"])")).value();
  panic.insert(panic.end(), code.begin(), code.end());
  auto p = eabi::decode_standard_error(panic);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p.value().name, "Panic");
  EXPECT_EQ(p.value().message, "arithmetic underflow or overflow");
  EXPECT_EQ(I.decode_error(from_hex("deadbeef").value()).error().code, Errc::bad_abi);
  EXPECT_FALSE(I.decode_error(Bytes{1, 2}).ok());

  auto described = I.describe();
  ASSERT_TRUE(described.is_array());
  EXPECT_EQ(described[0]["selector"], "0xa9059cbb");
  EXPECT_EQ(described[3]["inputs"][1]["desc"]["kind"], "string");
}

TEST(AbiInterface, RejectsBadAbiJson) {
  EXPECT_EQ(eabi::Interface::parse("{").error().code, Errc::bad_json);
  EXPECT_EQ(eabi::Interface::parse(R"([{"type":"function","inputs":[]}])").error().code, Errc::bad_abi);
  EXPECT_EQ(eabi::Interface::parse(R"([{"type":"wat","name":"x"}])").error().code, Errc::bad_abi);
  EXPECT_FALSE(eabi::Interface::parse(R"([{"type":"function","name":"x","inputs":[{"type":"tuple"}]}])").ok());
  EXPECT_FALSE(eabi::Interface::parse(R"([{"type":"function","name":"x","inputs":[{"type":"uint9"}]}])").ok());
  EXPECT_TRUE(eabi::Interface::parse(R"({"abi":[]})").ok());
  // A name is part of the signature: it must be an identifier (found by fuzz_abi_json).
  EXPECT_EQ(eabi::Interface::parse(R"([{"type":"function","name":"t(x","inputs":[]}])").error().code, Errc::bad_abi);
  EXPECT_FALSE(eabi::Interface::parse(R"([{"type":"event","name":"1a","inputs":[]}])").ok());
  EXPECT_TRUE(eabi::Interface::parse(R"([{"type":"function","name":"_$x9","inputs":[]}])").ok());
}

// Filter topics: null (and missing trailing values) mean any topic; an indexed tuple is given as an
// array or as an object keyed by component name, as everywhere else; addresses are strict.
TEST(AbiInterface, EventTopicsAnyTupleObjectsStrictAddresses) {
  auto iface = eabi::Interface::parse(R"([
    {"type":"event","name":"T","anonymous":false,"inputs":[
      {"name":"p","type":"tuple","indexed":true,"components":[{"name":"x","type":"uint8"},{"name":"y","type":"string"}]},
      {"name":"who","type":"address","indexed":true},{"name":"n","type":"uint8","indexed":false}]}])");
  ASSERT_TRUE(iface.ok()) << iface.error().message;
  const auto& I = iface.value();
  auto as_array = I.encode_event_topics("T", J(R"([["7", "a"]])"));
  auto as_object = I.encode_event_topics("T", J(R"([{"y": "a", "x": "7"}])"));
  ASSERT_TRUE(as_array.ok()) << as_array.error().message;
  ASSERT_TRUE(as_object.ok()) << as_object.error().message;
  EXPECT_EQ(as_array.value(), as_object.value());
  ASSERT_EQ(as_array.value().size(), 2U);
  // keccak256 of the in-place encoding: uint8 7 as a word, "a" padded to a word.
  Bytes in_place(64, 0);
  in_place[31] = 7;
  in_place[32] = 'a';
  EXPECT_EQ(as_array.value()[1], json_util::hex0x(crypto::keccak256(in_place)));
  EXPECT_EQ(I.encode_event_topics("T", J(R"([{"x": "7"}])")).error().code, Errc::abi_value);
  EXPECT_EQ(I.encode_event_topics("T", J(R"([{"x": "7", "y": "a", "z": 1}])")).error().code, Errc::abi_value);
  // null: any topic; trailing ones are dropped.
  auto any = I.encode_event_topics("T", J(R"([null, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"])"));
  ASSERT_TRUE(any.ok());
  ASSERT_EQ(any.value().size(), 3U);
  EXPECT_TRUE(any.value()[1].is_null());
  EXPECT_EQ(any.value()[2], "0x0000000000000000000000005aaeb6053f3e94c9b9a09f33669435e7ef1beaed");
  EXPECT_EQ(I.encode_event_topics("T", J("[null, null]")).value().size(), 1U);
  EXPECT_EQ(I.encode_event_topics("T", J("[null, null, null]")).error().code, Errc::abi_value);
  for (const char* bad : {R"([null, "5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"])",
                          R"([null, "0X5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"])"})
    EXPECT_EQ(I.encode_event_topics("T", J(bad)).error().code, Errc::abi_value) << bad;
}
