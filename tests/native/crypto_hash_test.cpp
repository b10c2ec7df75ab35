// Hashes, MACs and KDFs: SHA-256 (our implementation, against libsodium's as the reference),
// SHA-512, BLAKE2b, HMAC-SHA256/512 and HKDF-SHA256 (Wycheproof), Argon2id parameter rules.
#include <gtest/gtest.h>
#include <sodium.h>

#include <random>
#include <string>

#include "common/hex.hpp"
#include "crypto/argon2.hpp"
#include "crypto/blake2b.hpp"
#include "crypto/hkdf.hpp"
#include "crypto/hmac.hpp"
#include "crypto/random.hpp"
#include "crypto/sha256.hpp"
#include "crypto/sha512.hpp"
#include "vectors.hpp"

using namespace ehr;
namespace c = ehr::crypto;

namespace {
ByteView str(const std::string& s) { return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()}; }

// A deterministic generator for random-input tests (the seed is printed).
struct Rng {
  explicit Rng(const char* label) {
    const char* env = std::getenv("EHR_TEST_SEED");
    seed = env != nullptr ? static_cast<std::uint32_t>(std::strtoul(env, nullptr, 10)) : std::random_device{}();
    std::printf("[ %s: seed %u (replay with EHR_TEST_SEED=%u) ]\n", label, seed, seed);
    gen.seed(seed);
  }
  Bytes bytes(std::size_t n) {
    Bytes b(n);
    for (auto& x : b) x = static_cast<std::uint8_t>(gen());
    return b;
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(gen() % n); }
  std::uint32_t seed;
  std::mt19937 gen;
};
}  // namespace

// Our SHA-256 against libsodium's crypto_hash_sha256 (the reference) on random inputs around the
// block size, one-shot and split at random points.
TEST(Sha256, MatchesLibsodiumReference) {
  ASSERT_GE(sodium_init(), 0);
  Rng rng("sha256 vs libsodium");
  for (int i = 0; i < 2000; ++i) {
    const std::size_t len = i < 300 ? static_cast<std::size_t>(i) : rng.below(i % 10 == 0 ? 100000 : 1000);
    const Bytes m = rng.bytes(len);
    Hash32 ref;
    crypto_hash_sha256(ref.data(), m.data(), m.size());
    ASSERT_EQ(c::sha256(m), ref) << "len " << len;
    c::Sha256 h;
    std::size_t off = 0;
    while (off < len) {
      const std::size_t step = 1 + rng.below(200);
      const std::size_t take = step < len - off ? step : len - off;
      h.update(ByteView(m.data() + off, take));
      off += take;
    }
    ASSERT_EQ(h.final(), ref) << "split, len " << len;
  }
}

// FIPS 180-4 examples (NIST CSRC "SHA512.pdf").
TEST(Sha512, KnownAnswers) {
  EXPECT_EQ(to_hex(c::sha512(str("abc"))),
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd"
            "454d4423643ce80e2a9ac94fa54ca49f");
  EXPECT_EQ(to_hex(c::sha512(str("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopq"
                                 "klmnopqrlmnopqrsmnopqrstnopqrstu"))),
            "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433a"
            "c7d329eeb6dd26545e96e55b874be909");
  c::Sha512 h;
  h.update(str("ab"));
  h.update(str("c"));
  EXPECT_EQ(h.final(), c::sha512(str("abc")));
}

// RFC 7693 appendix A (BLAKE2b-512 of "abc") and the BLAKE2 reference KAT (keyed, key 00..3f, empty
// input); incremental equals one-shot; lengths outside 1..64 are refused.
TEST(Blake2b, KnownAnswersAndLimits) {
  FixedBytes<64> out{};
  ASSERT_TRUE(c::blake2b(out, str("abc"), {}).ok());
  EXPECT_EQ(to_hex(out),
            "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc95"
            "18d38aa8dbf1925ab92386edd4009923");
  Bytes key(64);
  for (std::size_t i = 0; i < key.size(); ++i) key[i] = static_cast<std::uint8_t>(i);
  ASSERT_TRUE(c::blake2b(out, {}, key).ok());
  EXPECT_EQ(to_hex(out),
            "10ebb67700b1868efb4417987acf4690ae9d972fb7a590c2f02871799aaa4786b5e996e8f0f4eb981fc214b005f42d2f"
            "f4233499391653df7aefcbc13fc51568");
  auto h = c::Blake2b::create(64, key);
  ASSERT_TRUE(h.ok());
  FixedBytes<64> inc{};
  ASSERT_TRUE(h.value()->final(inc).ok());
  EXPECT_EQ(inc, out);
  EXPECT_EQ(h.value()->final(inc).error().code, Errc::stream_state);

  Bytes none;
  Bytes big(65);
  EXPECT_EQ(c::blake2b(none, str("x"), {}).error().code, Errc::bad_length);
  EXPECT_EQ(c::blake2b(big, str("x"), {}).error().code, Errc::bad_length);
  EXPECT_EQ(c::blake2b(out, str("x"), big).error().code, Errc::bad_length);
  EXPECT_FALSE(c::Blake2b::create(0, {}).ok());
  EXPECT_FALSE(c::Blake2b::create(65, {}).ok());
  EXPECT_FALSE(c::Blake2b::create(32, big).ok());
  // Variable output length is part of the parameter block: a 32-byte digest is not a prefix of
  // the 64-byte one.
  FixedBytes<32> o32{};
  ASSERT_TRUE(c::blake2b(o32, str("abc"), {}).ok());
  EXPECT_NE(to_hex(o32), to_hex(out).substr(0, 64));
}

namespace {
// Runs a Wycheproof MacTest file. Truncated tags (tagSize below the digest size) are compared as a
// prefix of the full tag.
template <class Mac>
void run_wycheproof_mac(const std::string& file, Mac mac) {
  const auto j = test::load_json("wycheproof/" + file);
  std::size_t count = 0, valid = 0, invalid = 0, truncated = 0;
  for (const auto& group : j["testGroups"]) {
    const std::size_t tag_bytes = group["tagSize"].get<std::size_t>() / 8;
    for (const auto& t : group["tests"]) {
      ++count;
      const Bytes key = test::hex(t["key"].get<std::string>());
      const Bytes msg = test::hex(t["msg"].get<std::string>());
      const Bytes tag = test::hex(t["tag"].get<std::string>());
      const auto full = mac(key, msg);
      ASSERT_EQ(tag.size(), tag_bytes);
      if (tag_bytes < full.size()) ++truncated;
      const bool ok = c::tag_matches(full.view(), tag, 16);
      const std::string result = t["result"].get<std::string>();
      const int id = t["tcId"].get<int>();
      if (result == "valid") {
        ++valid;
        EXPECT_TRUE(ok) << file << " tcId " << id;
      } else {
        ASSERT_EQ(result, "invalid") << "no acceptable cases expected in " << file;
        ++invalid;
        EXPECT_FALSE(ok) << file << " tcId " << id;
      }
    }
  }
  EXPECT_EQ(count, j["numberOfTests"].get<std::size_t>());
  EXPECT_GT(valid, 0U);
  EXPECT_GT(invalid, 0U);
  EXPECT_GT(truncated, 0U);
  std::printf("[ %s: %zu cases, %zu valid, %zu invalid, %zu truncated tags ]\n", file.c_str(), count, valid, invalid,
              truncated);
}
}  // namespace

TEST(HmacWycheproof, Sha256) {
  run_wycheproof_mac("hmac_sha256_test.json", [](ByteView k, ByteView m) { return c::hmac_sha256(k, m); });
}
TEST(HmacWycheproof, Sha512) {
  run_wycheproof_mac("hmac_sha512_test.json", [](ByteView k, ByteView m) { return c::hmac_sha512(k, m); });
}

TEST(Hmac, IncrementalAndTagCompare) {
  c::HmacSha256 m(str("key"));
  m.update(str("The quick brown fox "));
  m.update(str("jumps over the lazy dog"));
  const auto tag = m.final();
  // RFC 2104 example as given in Wikipedia's HMAC article and many test suites.
  EXPECT_EQ(to_hex(tag.view()), "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
  EXPECT_EQ(c::hmac_sha256(str("key"), str("The quick brown fox jumps over the lazy dog")).view()[0], tag.view()[0]);
  const Bytes full(tag.view().begin(), tag.view().end());
  EXPECT_TRUE(c::tag_matches(tag.view(), full, 16));
  EXPECT_TRUE(c::tag_matches(tag.view(), ByteView(full).first(16), 16));
  EXPECT_FALSE(c::tag_matches(tag.view(), ByteView(full).first(15), 16));
  EXPECT_FALSE(c::tag_matches(tag.view(), Bytes(33, 0), 16));
  Bytes flipped = full;
  flipped[31] ^= 1;
  EXPECT_FALSE(c::tag_matches(tag.view(), flipped, 16));
}

TEST(HkdfWycheproof, Sha256) {
  const auto j = test::load_json("wycheproof/hkdf_sha256_test.json");
  std::size_t count = 0, valid = 0, invalid = 0;
  for (const auto& group : j["testGroups"]) {
    for (const auto& t : group["tests"]) {
      ++count;
      const Bytes ikm = test::hex(t["ikm"].get<std::string>());
      const Bytes salt = test::hex(t["salt"].get<std::string>());
      const Bytes info = test::hex(t["info"].get<std::string>());
      const std::size_t size = t["size"].get<std::size_t>();
      auto okm = c::hkdf_sha256::derive(ikm, salt, info, size);
      const int id = t["tcId"].get<int>();
      if (t["result"] == "valid") {
        ++valid;
        ASSERT_TRUE(okm.ok()) << "tcId " << id;
        EXPECT_EQ(to_hex(okm.value().view()), t["okm"].get<std::string>()) << "tcId " << id;
        // Extract then expand in two steps gives the same bytes.
        const auto prk = c::hkdf_sha256::extract(salt, ikm);
        auto two = c::hkdf_sha256::expand(prk.view(), info, size);
        ASSERT_TRUE(two.ok());
        EXPECT_EQ(to_hex(two.value().view()), t["okm"].get<std::string>());
      } else {
        ++invalid;
        ASSERT_FALSE(okm.ok()) << "tcId " << id;
        EXPECT_EQ(okm.error().code, Errc::bad_length) << "tcId " << id;
      }
    }
  }
  EXPECT_EQ(count, j["numberOfTests"].get<std::size_t>());
  EXPECT_GT(valid, 0U);
  EXPECT_GT(invalid, 0U);
}

// RFC 5869 appendix A.1 (test case 1), including the intermediate PRK.
TEST(Hkdf, Rfc5869Case1) {
  const Bytes ikm(22, 0x0b);
  const Bytes salt = test::hex("000102030405060708090a0b0c");
  const Bytes info = test::hex("f0f1f2f3f4f5f6f7f8f9");
  const auto prk = c::hkdf_sha256::extract(salt, ikm);
  EXPECT_EQ(to_hex(prk.view()), "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5");
  auto okm = c::hkdf_sha256::expand(prk.view(), info, 42);
  ASSERT_TRUE(okm.ok());
  EXPECT_EQ(to_hex(okm.value().view()),
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
  EXPECT_EQ(c::hkdf_sha256::expand(ByteView(prk.view()).first(31), info, 42).error().code, Errc::bad_length);
  EXPECT_EQ(c::hkdf_sha256::expand(prk.view(), info, 0).error().code, Errc::bad_length);
  EXPECT_EQ(c::hkdf_sha256::expand(prk.view(), info, 8161).error().code, Errc::bad_length);
  EXPECT_TRUE(c::hkdf_sha256::expand(prk.view(), info, 8160).ok());
}

// Argon2id: parameter rules; outputs depend on every input. (Known answers come through the
// differential tests against two independent implementations in tests/wasm.)
TEST(Argon2id, ParametersAndSensitivity) {
  const Bytes salt(16, 7);
  auto a = c::argon2id::derive(str("password"), salt, 32, 1, 64 * 1024);
  ASSERT_TRUE(a.ok());
  auto b = c::argon2id::derive(str("password"), salt, 32, 1, 64 * 1024);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(to_hex(a.value().view()), to_hex(b.value().view()));
  const Bytes other_salt(16, 8);
  EXPECT_NE(to_hex(c::argon2id::derive(str("password"), other_salt, 32, 1, 64 * 1024).value().view()),
            to_hex(a.value().view()));
  EXPECT_NE(to_hex(c::argon2id::derive(str("passwore"), salt, 32, 1, 64 * 1024).value().view()),
            to_hex(a.value().view()));
  EXPECT_NE(to_hex(c::argon2id::derive(str("password"), salt, 32, 2, 64 * 1024).value().view()),
            to_hex(a.value().view()));
  EXPECT_NE(to_hex(c::argon2id::derive(str("password"), salt, 32, 1, 65 * 1024).value().view()),
            to_hex(a.value().view()));

  EXPECT_EQ(c::argon2id::derive(str("p"), Bytes(15), 32, 1, 8192).error().code, Errc::bad_length);
  EXPECT_EQ(c::argon2id::derive(str("p"), salt, 15, 1, 8192).error().code, Errc::bad_length);
  EXPECT_EQ(c::argon2id::derive(str("p"), salt, 1025, 1, 8192).error().code, Errc::bad_length);
  EXPECT_EQ(c::argon2id::derive(str("p"), salt, 32, 0, 8192).error().code, Errc::bad_kdf_params);
  EXPECT_EQ(c::argon2id::derive(str("p"), salt, 32, 1, 8191).error().code, Errc::bad_kdf_params);
  EXPECT_EQ(c::argon2id::derive(str("p"), salt, 32, 1, (1024u << 20) + 1).error().code, Errc::bad_kdf_params);
  EXPECT_TRUE(c::argon2id::derive({}, salt, 16, 1, 8192).ok());
}

TEST(Random, FillsAndDiffers) {
  FixedBytes<32> a{}, b{};
  c::random_bytes(a);
  c::random_bytes(b);
  EXPECT_NE(a, b);
  EXPECT_NE(a, FixedBytes<32>{});
  c::random_bytes({});  // empty is fine
}
