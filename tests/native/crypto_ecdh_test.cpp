// secp256k1 ECDH (Wycheproof ecdh_secp256k1 with DER SubjectPublicKeyInfo keys) and the SPKI codec.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "common/hex.hpp"
#include "crypto/secp256k1.hpp"
#include "crypto/sha256.hpp"
#include "crypto/spki.hpp"
#include "vectors.hpp"

using namespace ehr;
namespace c = ehr::crypto;
namespace k1 = ehr::crypto::secp256k1;

namespace {
// Wycheproof gives private keys as ASN.1 INTEGER contents: big-endian, possibly with a leading
// zero byte or shorter than 32 bytes.
c::SecretKey32 private_key(const std::string& hex) {
  Bytes b = test::hex(hex);
  while (b.size() > 32 && b.front() == 0) b.erase(b.begin());
  Bytes k(32 - std::min<std::size_t>(32, b.size()), 0);
  k.insert(k.end(), b.begin(), b.end());
  return c::SecretKey32(k);
}

bool has_flag(const nlohmann::json& t, const char* flag) {
  for (const auto& f : t["flags"])
    if (f.get<std::string>() == flag) return true;
  return false;
}
}  // namespace

// Decisions (docs/crypto.md): public keys are accepted only as strict-DER named-curve secp256k1
// SPKI. 'acceptable' cases: a compressed point is accepted and must give the expected secret;
// every other acceptable case (BER/ASN.1 leniencies, explicit curve parameters) is rejected, with
// bad_encoding, or invalid_public_key when the DER is fine but the point was modified off the
// curve. 'invalid' cases must fail the same way.
TEST(EcdhWycheproof, Secp256k1) {
  const auto j = test::load_json("wycheproof/ecdh_secp256k1_test.json");
  std::size_t count = 0, valid = 0, invalid = 0, accepted = 0, rejected = 0;
  for (const auto& group : j["testGroups"]) {
    ASSERT_EQ(group["encoding"], "asn");
    for (const auto& t : group["tests"]) {
      ++count;
      const int id = t["tcId"].get<int>();
      const std::string result = t["result"].get<std::string>();
      const auto sk = private_key(t["private"].get<std::string>());
      auto point = c::spki::parse_secp256k1(test::hex(t["public"].get<std::string>()));
      Result<c::Secret<32>> shared = point.ok() ? k1::ecdh_x(sk, point.value()) : Result<c::Secret<32>>(point.error());
      const bool expect_ok = result == "valid" || (result == "acceptable" && has_flag(t, "CompressedPublic"));
      if (expect_ok) {
        ASSERT_TRUE(shared.ok()) << "tcId " << id << ": " << shared.error().message;
        EXPECT_EQ(to_hex(shared.value().view()), t["shared"].get<std::string>()) << "tcId " << id;
        result == "valid" ? ++valid : ++accepted;
      } else {
        ASSERT_FALSE(shared.ok()) << "tcId " << id << " (" << result << "): " << t["comment"];
        const Errc code = shared.error().code;
        EXPECT_TRUE(code == Errc::bad_encoding || code == Errc::invalid_public_key) << "tcId " << id;
        if (result == "acceptable") {
          ++rejected;
        } else {
          ++invalid;
        }
      }
    }
  }
  EXPECT_EQ(count, j["numberOfTests"].get<std::size_t>());
  EXPECT_GT(valid, 0U);
  EXPECT_GT(invalid, 0U);
  EXPECT_GT(accepted, 0U);
  std::printf("[ ecdh_secp256k1: %zu cases, %zu valid, %zu invalid, acceptable: %zu accepted, %zu rejected ]\n", count,
              valid, invalid, accepted, rejected);
}

TEST(Ecdh, SymmetricAndHashVariants) {
  for (int i = 0; i < 32; ++i) {
    const auto a = k1::generate_private_key();
    const auto b = k1::generate_private_key();
    const auto pa = k1::public_key_uncompressed(a).value();
    const auto pb = k1::public_key_compressed(b).value();
    auto ab = k1::ecdh_x(a, pb);
    auto ba = k1::ecdh_x(b, pa);
    ASSERT_TRUE(ab.ok() && ba.ok());
    EXPECT_EQ(to_hex(ab.value().view()), to_hex(ba.value().view()));
    // libsecp256k1's default: SHA-256 of the compressed shared point (02 or 03 || x).
    auto h = k1::ecdh_sha256(a, pb);
    ASSERT_TRUE(h.ok());
    EXPECT_EQ(to_hex(h.value().view()), to_hex(k1::ecdh_sha256(b, pa).value().view()));
    Bytes even{0x02}, odd{0x03};
    even.insert(even.end(), ab.value().view().begin(), ab.value().view().end());
    odd.insert(odd.end(), ab.value().view().begin(), ab.value().view().end());
    const std::string hs = to_hex(h.value().view());
    EXPECT_TRUE(hs == to_hex(c::sha256(even)) || hs == to_hex(c::sha256(odd)));
  }
}

TEST(Ecdh, Failures) {
  const auto a = k1::generate_private_key();
  const auto pb = k1::public_key_compressed(k1::generate_private_key()).value();
  EXPECT_EQ(k1::ecdh_x(a, Bytes(32, 2)).error().code, Errc::bad_length);
  Bytes off = Bytes(33, 0xff);
  off[0] = 0x02;
  EXPECT_EQ(k1::ecdh_x(a, off).error().code, Errc::invalid_public_key);
  Bytes hybrid(65, 0);
  const auto full = k1::public_key_uncompressed(a).value();
  std::copy(full.begin(), full.end(), hybrid.begin());
  hybrid[0] = static_cast<std::uint8_t>(0x06 | (full[64] & 1));
  EXPECT_EQ(k1::ecdh_x(a, hybrid).error().code, Errc::invalid_public_key);
  const c::SecretKey32 zero{};
  EXPECT_EQ(k1::ecdh_x(zero, pb).error().code, Errc::invalid_private_key);
  EXPECT_EQ(k1::ecdh_sha256(zero, pb).error().code, Errc::invalid_private_key);
}

TEST(Spki, RoundTripAndStrictness) {
  const auto key = k1::generate_private_key();
  for (bool compressed : {true, false}) {
    const auto c33 = k1::public_key_compressed(key).value();
    const auto u65 = k1::public_key_uncompressed(key).value();
    const Bytes sec1 = compressed ? Bytes(c33.begin(), c33.end()) : Bytes(u65.begin(), u65.end());
    auto der = c::spki::encode_secp256k1(sec1);
    ASSERT_TRUE(der.ok());
    EXPECT_EQ(der.value().size(), compressed ? 56U : 88U);
    auto back = c::spki::parse_secp256k1(der.value());
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(back.value(), sec1);
    // Every single-byte change of the DER prefix is refused; trailing or missing bytes too.
    for (std::size_t i = 0; i < 23; ++i) {
      Bytes bad = der.value();
      bad[i] ^= 0x01;
      EXPECT_EQ(c::spki::parse_secp256k1(bad).error().code, Errc::bad_encoding) << i;
    }
    Bytes longer = der.value();
    longer.push_back(0);
    EXPECT_EQ(c::spki::parse_secp256k1(longer).error().code, Errc::bad_encoding);
    EXPECT_EQ(c::spki::parse_secp256k1(ByteView(der.value()).first(der.value().size() - 1)).error().code,
              Errc::bad_encoding);
  }
  EXPECT_EQ(c::spki::encode_secp256k1(Bytes(64, 4)).error().code, Errc::bad_length);
  EXPECT_EQ(c::spki::encode_secp256k1(Bytes(65, 4)).error().code, Errc::invalid_public_key);
  EXPECT_EQ(c::spki::parse_secp256k1({}).error().code, Errc::bad_encoding);
}
