// The libsecp256k1 tables computed at run time (cmake/secp256k1/secp256k1_tables.h) must equal,
// byte for byte, the tables upstream generated and ships (src/precomputed_ecmult*.c, compiled
// into this test only: see CMakeLists.txt).
#include <gtest/gtest.h>

#include <secp256k1_tables.h>

#include <cstddef>
#include <cstring>

#include "crypto/secp256k1.hpp"

// Upstream's generated arrays (secp256k1_ge_storage[...], 64 bytes per point), seen as bytes.
extern "C" {
extern const unsigned char secp256k1_ecmult_gen_prec_table[];
extern const unsigned char secp256k1_pre_g[];
extern const unsigned char secp256k1_pre_g_128[];
}

namespace {

TEST(Secp256k1Tables, RunTimeTablesEqualUpstreamGeneratedFiles) {
  // The first key derivation fills the tables (a second call is a no-op).
  ehr::crypto::SecretKey32 key;
  key.data()[31] = 1;
  const auto pub = ehr::crypto::secp256k1::public_key_compressed(key);
  ASSERT_TRUE(pub.ok());
  EXPECT_EQ(pub.value()[0], 0x02);  // 1*G: x = 79BE667E..., y even
  EXPECT_EQ(pub.value()[1], 0x79);
  ehr_secp256k1_compute_tables();
  const unsigned char* upstream[3] = {secp256k1_ecmult_gen_prec_table, secp256k1_pre_g, secp256k1_pre_g_128};
  const std::size_t expected_size[3] = {
      std::size_t{256 / EHR_TEST_GEN_PREC_BITS} * (std::size_t{1} << EHR_TEST_GEN_PREC_BITS) * 64,
      (std::size_t{1} << (EHR_TEST_WINDOW_SIZE - 2)) * 64, (std::size_t{1} << (EHR_TEST_WINDOW_SIZE - 2)) * 64};
  for (int which = 0; which < 3; ++which) {
    std::size_t size = 0;
    const unsigned char* ours = ehr_secp256k1_table_bytes(which, &size);
    ASSERT_NE(ours, nullptr) << which;
    ASSERT_EQ(size, expected_size[which]) << which;
    std::size_t first_difference = size;
    for (std::size_t i = 0; i < size; ++i) {
      if (ours[i] != upstream[which][i]) {
        first_difference = i;
        break;
      }
    }
    EXPECT_EQ(first_difference, size) << "table " << which << " differs at byte " << first_difference;
  }
  std::size_t size = 1;
  EXPECT_EQ(ehr_secp256k1_table_bytes(3, &size), nullptr);
  EXPECT_EQ(size, 0u);
}

}  // namespace
