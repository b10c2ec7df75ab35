// Helpers for tests that read published vector files from tests/vectors (EHR_VECTORS_DIR).
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "common/hex.hpp"

namespace ehr::test {

inline nlohmann::json load_json(const std::string& relative) {
  const std::string path = std::string(EHR_VECTORS_DIR) + "/" + relative;
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  std::stringstream ss;
  ss << in.rdbuf();
  auto j = nlohmann::json::parse(ss.str(), nullptr, /*allow_exceptions=*/false);
  EXPECT_FALSE(j.is_discarded()) << "bad JSON in " << path;
  return j;
}

inline Bytes hex(const std::string& s) {
  auto r = from_hex(s);
  EXPECT_TRUE(r.ok()) << "bad hex in vector: " << s;
  return r.ok() ? r.value() : Bytes{};
}

// Decimal string -> 32-byte big-endian (test vectors give r and s in decimal).
inline FixedBytes<32> dec_to_be32(const std::string& dec) {
  FixedBytes<32> out{};
  for (char c : dec) {
    unsigned carry = static_cast<unsigned>(c - '0');
    for (int i = 31; i >= 0; --i) {
      const unsigned v = out[static_cast<std::size_t>(i)] * 10U + carry;
      out[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v & 0xff);
      carry = v >> 8;
    }
  }
  return out;
}

}  // namespace ehr::test
