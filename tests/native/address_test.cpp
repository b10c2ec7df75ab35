#include <gtest/gtest.h>

#include "common/hex.hpp"
#include "eth/address.hpp"

using namespace ehr;

// The examples of the EIP-55 specification.
TEST(Eip55, SpecExamples) {
  const char* cases[] = {
      "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
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
  EXPECT_EQ(eth::parse_address("0xzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", false).error().code,
            Errc::bad_encoding);
}
