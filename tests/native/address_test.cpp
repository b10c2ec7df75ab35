#include <gtest/gtest.h>

#include "common/hex.hpp"
#include "eth/address.hpp"

using namespace ehr;

// The examples of the EIP-55 specification.
TEST(Eip55, SpecExamples) {
  const char* cases[] = {"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
                         "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
                         "0x52908400098527886E0F7030069857D2E4169EE7", "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
                         "0xde709f2102306220921060314715629080e2fb77", "0x27b1fdb04752bbc536007a920d24acb045561c26"};
  for (const char* c : cases) {
    auto parsed = eth::parse_address(c, /*require_checksum=*/true);
    ASSERT_TRUE(parsed.ok()) << c;
    EXPECT_EQ(eth::to_checksum_address(parsed.value()), c);
  }
}

TEST(Eip55, RejectsBadChecksumAndShape) {
  auto bad = eth::parse_address("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", false);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, Errc::bad_checksum);
  EXPECT_TRUE(eth::parse_address("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", false).ok());
  EXPECT_TRUE(eth::parse_address("0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED", false).ok());
  EXPECT_FALSE(eth::parse_address("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", true).ok());
  EXPECT_EQ(eth::parse_address("0x1234", false).error().code, Errc::bad_length);
  EXPECT_EQ(eth::parse_address("0xzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", false).error().code, Errc::bad_encoding);
}

// Strict grammar: exactly "0x" (lower-case x) + 40 hex digits.
TEST(Eip55, RequiresLowerCase0xPrefix) {
  const std::string lower = "5aaeb6053f3e94c9b9a09f33669435e7ef1beaed";
  const std::string sum = "5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
  for (bool strict : {false, true}) {
    for (const std::string& bad : {lower, sum, "0X" + lower, "0X" + sum, "x" + sum, "00" + sum, " 0x" + sum,
                                   "0x" + sum + " ", "0x" + sum + "\n", std::string("0x"), std::string()}) {
      auto r = eth::parse_address(bad, strict);
      ASSERT_FALSE(r.ok()) << "'" << bad << "' strict=" << strict;
      EXPECT_TRUE(r.error().code == Errc::bad_encoding || r.error().code == Errc::bad_length) << bad;
    }
  }
  EXPECT_EQ(eth::parse_address(lower, false).error().code, Errc::bad_encoding);
  EXPECT_EQ(eth::parse_address("0X" + lower, false).error().code, Errc::bad_encoding);
  EXPECT_EQ(eth::parse_address("0x" + lower + "00", false).error().code, Errc::bad_length);
  EXPECT_TRUE(eth::parse_address("0x" + sum, true).ok());
  EXPECT_TRUE(eth::parse_address("0x" + lower, false).ok());
}

// require_checksum accepts exactly the EIP-55 form: all-lower/all-upper only when that is the form.
TEST(Eip55, StrictAcceptsOnlyTheChecksummedForm) {
  const std::string digits = "0x1234567890123456789012345678901234567890";  // no letters
  auto d = eth::parse_address(digits, true);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(eth::to_checksum_address(d.value()), digits);
  EXPECT_FALSE(eth::parse_address("0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED", true).ok());
  EXPECT_EQ(eth::parse_address("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", true).error().code, Errc::bad_checksum);
}
