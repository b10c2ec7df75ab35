// Helpers of the IPFS tests: the fixture file written by tests/data/ipfs/generate.mjs from
// ipfs-unixfs-importer and @ipld/car, and the byte pattern its cases are made of.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "common/bytes.hpp"
#include "ipfs/profile.hpp"

namespace ehr::test {

/// The bytes of a fixture case: xorshift32 from `seed`, 4 little-endian bytes per step (the same
/// stream as pattern() in generate.mjs); seed 0 gives zeros.
inline Bytes pattern(std::size_t size, std::uint32_t seed) {
  Bytes out(size, 0);
  if (seed == 0) return out;
  std::uint32_t x = seed;
  for (std::size_t i = 0; i < size; i += 4) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    for (std::size_t j = 0; j < 4 && i + j < size; ++j) out[i + j] = static_cast<std::uint8_t>(x >> (8 * j));
  }
  return out;
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline const nlohmann::json& ipfs_fixtures() {
  static const nlohmann::json j = [] {
    auto parsed =
        nlohmann::json::parse(read_file(std::string(EHR_TEST_DATA_DIR) + "/ipfs/unixfs-fixtures.json"), nullptr, false);
    EXPECT_FALSE(parsed.is_discarded());
    return parsed;
  }();
  return j;
}

/// A profile from a fixture: a name or {chunkSize, maxLinks, cidVersion, rawLeaves}.
inline ipfs::Profile fixture_profile(const nlohmann::json& p) {
  if (p.is_string()) {
    auto named = ipfs::profile_by_name(p.get<std::string>());
    EXPECT_TRUE(named.ok());
    return named.ok() ? named.value() : ipfs::Profile{};
  }
  ipfs::Profile out;
  out.chunk_size = p.at("chunkSize").get<std::uint32_t>();
  out.max_links = p.at("maxLinks").get<std::uint32_t>();
  out.cid_version = static_cast<std::uint8_t>(p.at("cidVersion").get<int>());
  out.raw_leaves = p.at("rawLeaves").get<bool>();
  return out;
}

}  // namespace ehr::test
