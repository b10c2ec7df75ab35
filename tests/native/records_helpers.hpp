// Helpers shared by the records test suites: the project's own test data (tests/data), a seeded
// PRNG that prints its seed, byte patterns and error-code names.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>

#include "common/bytes.hpp"
#include "common/hex.hpp"
#include "common/result.hpp"

namespace ehr::test {

/// Contents of tests/data/<relative>.
inline std::string read_test_file(const std::string& relative) {
  const std::string path = std::string(EHR_TEST_DATA_DIR) + "/" + relative;
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline nlohmann::json load_test_json(const std::string& relative) {
  auto j = nlohmann::json::parse(read_test_file(relative), nullptr, /*allow_exceptions=*/false);
  EXPECT_FALSE(j.is_discarded()) << "bad JSON in " << relative;
  return j;
}

inline Bytes unhex(const std::string& s) {
  auto r = from_hex(s);
  EXPECT_TRUE(r.ok()) << "bad hex: " << s;
  return r.ok() ? r.value() : Bytes{};
}

/// A PRNG seeded from EHR_TEST_SEED or at random; the seed is printed so a failure can be replayed.
class Rng {
 public:
  explicit Rng(const char* label) {
    const char* env = std::getenv("EHR_TEST_SEED");
    seed_ = env ? std::strtoull(env, nullptr, 10) : std::random_device{}();
    std::cout << "[ seed ] " << label << ": " << seed_ << " (replay with EHR_TEST_SEED=" << seed_ << ")\n";
    gen_.seed(seed_);
  }
  std::uint64_t next() { return gen_(); }
  std::size_t below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(gen_() % n); }
  Bytes bytes(std::size_t n) {
    Bytes b(n);
    for (auto& x : b) x = static_cast<std::uint8_t>(gen_());
    return b;
  }
  template <std::size_t N>
  FixedBytes<N> fixed() {
    FixedBytes<N> b{};
    for (auto& x : b) x = static_cast<std::uint8_t>(gen_());
    return b;
  }

 private:
  std::uint64_t seed_ = 0;
  std::mt19937_64 gen_;
};

template <class T>
std::string code_of(const Result<T>& r) {
  return r.ok() ? "OK" : std::string(errc_name(r.error().code));
}

}  // namespace ehr::test
