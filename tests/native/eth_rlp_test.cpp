// RLP against ethereum/tests RLPTests (tests/vectors/ethereum-tests/RLPTests): every valid
// case encodes to `out` and decodes back to the same tree; every INVALID case is rejected.
#include <gtest/gtest.h>

#include "eth/rlp.hpp"
#include "vectors.hpp"

using namespace ehr;
namespace rlp = ehr::eth::rlp;

namespace {

// Minimal big-endian bytes of a decimal of any size (the files go past 2^256).
Bytes big_decimal(const std::string& dec) {
  Bytes be;  // big-endian, grows at the front
  for (char c : dec) {
    unsigned carry = static_cast<unsigned>(c - '0');
    for (std::size_t i = be.size(); i-- > 0;) {
      const unsigned v = be[i] * 10U + carry;
      be[i] = static_cast<std::uint8_t>(v & 0xff);
      carry = v >> 8;
    }
    while (carry != 0) {
      be.insert(be.begin(), static_cast<std::uint8_t>(carry & 0xff));
      carry >>= 8;
    }
  }
  return be;
}

// The test files' input convention: strings are their bytes, integers are big-endian minimal,
// "#123..." is a big integer in decimal, arrays are lists.
rlp::Node node_from(const nlohmann::json& in) {
  rlp::Node n;
  if (in.is_array()) {
    n.is_list = true;
    for (const auto& c : in) n.items.push_back(node_from(c));
  } else if (in.is_number_unsigned() || in.is_number_integer()) {
    n.bytes = eth::U256(in.get<std::uint64_t>()).to_be_trimmed();
  } else {
    const std::string s = in.get<std::string>();
    if (!s.empty() && s[0] == '#') {
      n.bytes = big_decimal(s.substr(1));
    } else {
      n.bytes.assign(s.begin(), s.end());
    }
  }
  return n;
}

bool same(const rlp::Node& a, const rlp::Node& b) {
  if (a.is_list != b.is_list) return false;
  if (!a.is_list) return a.bytes == b.bytes;
  if (a.items.size() != b.items.size()) return false;
  for (std::size_t i = 0; i < a.items.size(); ++i)
    if (!same(a.items[i], b.items[i])) return false;
  return true;
}

void run_file(const std::string& file, int& valid, int& invalid) {
  const auto j = test::load_json("ethereum-tests/RLPTests/" + file);
  ASSERT_TRUE(j.is_object() && !j.empty()) << file;
  for (auto it = j.begin(); it != j.end(); ++it) {
    const auto& t = it.value();
    const Bytes out = test::hex(t["out"].get<std::string>());
    if (t["in"] == "INVALID") {
      ++invalid;
      auto d = rlp::decode_tree(out);
      EXPECT_FALSE(d.ok()) << file << " " << it.key() << " must be rejected";
      if (!d.ok()) EXPECT_EQ(d.error().code, Errc::bad_rlp) << it.key();
      continue;
    }
    ++valid;
    auto d = rlp::decode_tree(out);
    ASSERT_TRUE(d.ok()) << file << " " << it.key() << ": " << d.error().message;
    EXPECT_EQ(rlp::encode(d.value()), out) << it.key() << " re-encodes";
    if (t["in"] != "VALID") {
      const rlp::Node expected = node_from(t["in"]);
      EXPECT_EQ(rlp::encode(expected), out) << it.key() << " encodes";
      EXPECT_TRUE(same(d.value(), expected)) << it.key() << " decodes to the input";
    }
  }
}

}  // namespace

TEST(RlpVectors, AllFiles) {
  int valid = 0, invalid = 0;
  run_file("rlptest.json", valid, invalid);
  run_file("invalidRLPTest.json", valid, invalid);
  run_file("RandomRLPTests/example.json", valid, invalid);
  EXPECT_EQ(valid, 29);
  EXPECT_EQ(invalid, 26);
}

TEST(Rlp, StrictRules) {
  // Trailing bytes, a list where a single byte is expected, depth limit.
  EXPECT_FALSE(rlp::decode_exact(Bytes{0x80, 0x00}).ok());
  EXPECT_TRUE(rlp::decode_exact(Bytes{0xc1, 0x80}).ok());
  EXPECT_FALSE(rlp::decode_exact(Bytes{0xc2, 0x80}).ok());
  // Lists nested kMaxDepth + 1 deep are rejected, kMaxDepth deep accepted.
  Bytes nested{0xc0};
  for (std::size_t i = 0; i < rlp::kMaxDepth; ++i) nested = rlp::wrap_list(nested);
  auto r = rlp::decode_tree(nested);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::bad_rlp);
  Bytes ok_nested{0xc0};
  for (std::size_t i = 0; i + 1 < rlp::kMaxDepth; ++i) ok_nested = rlp::wrap_list(ok_nested);
  EXPECT_TRUE(rlp::decode_tree(ok_nested).ok());
  // Integers: leading zero and width.
  const Bytes lead{0x82, 0x00, 0x01};
  auto item = rlp::decode_exact(lead);
  ASSERT_TRUE(item.ok());
  EXPECT_FALSE(rlp::to_uint(item.value(), 32, "x").ok());
  const Bytes three{0x83, 0x01, 0x02, 0x03};
  auto wide = rlp::decode_exact(three);
  ASSERT_TRUE(wide.ok());
  EXPECT_FALSE(rlp::to_uint(wide.value(), 2, "x").ok());
  EXPECT_EQ(rlp::to_uint(wide.value(), 3, "x").value(), eth::U256(0x010203));
}

TEST(U256, TextAndArithmetic) {
  const char* max = "115792089237316195423570985008687907853269984665640564039457584007913129639935";
  auto m = eth::U256::parse(max);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m.value().to_dec(), max);
  EXPECT_EQ(m.value().to_quantity(), "0x" + std::string(64, 'f'));
  EXPECT_EQ(
      eth::U256::parse("115792089237316195423570985008687907853269984665640564039457584007913129639936").error().code,
      Errc::too_large);
  EXPECT_EQ(eth::U256::parse("0x1" + std::string(64, '0')).error().code, Errc::too_large);
  EXPECT_TRUE(eth::U256::parse("0x000" + std::string(64, 'f')).ok());
  EXPECT_FALSE(eth::U256::parse("12a").ok());
  EXPECT_FALSE(eth::U256::parse("").ok());
  EXPECT_FALSE(eth::U256::parse("0x").ok());
  EXPECT_EQ(eth::U256::parse("1000000000000000000000").value().to_dec(), "1000000000000000000000");
  EXPECT_EQ(eth::U256(0).to_dec(), "0");
  EXPECT_EQ(eth::U256(1000000000).to_dec(), "1000000000");
  bool of = false;
  (void)eth::mul(m.value(), eth::U256(2), of);
  EXPECT_TRUE(of);
  auto p = eth::mul(eth::pow2(127), eth::pow2(128), of);
  EXPECT_FALSE(of);
  EXPECT_EQ(p, eth::pow2(255));
  (void)eth::mul(eth::pow2(128), eth::pow2(128), of);
  EXPECT_TRUE(of);
  EXPECT_EQ(eth::negate(eth::U256(1)), m.value());
}
