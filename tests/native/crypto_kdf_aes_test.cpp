// PBKDF2 (Wycheproof pbkdf2_hmacsha512_test.json; RFC 7914 section 11 for PBKDF2-HMAC-SHA256),
// scrypt (RFC 7914 section 12) and AES-128-CTR (NIST SP 800-38A appendix F.5.1 and F.5.2; the
// cipher alone on FIPS 197 appendices B and C.1).
#include <gtest/gtest.h>

#include "common/hex.hpp"
#include "crypto/aes_ctr.hpp"
#include "crypto/pbkdf2.hpp"
#include "crypto/scrypt.hpp"
#include "vectors.hpp"

using namespace ehr;

namespace {
ByteView text(const char* s) { return ByteView(reinterpret_cast<const std::uint8_t*>(s), std::strlen(s)); }
}  // namespace

TEST(Pbkdf2, WycheproofHmacSha512) {
  const auto j = test::load_json("wycheproof/pbkdf2_hmacsha512_test.json");
  int count = 0;
  for (const auto& g : j["testGroups"]) {
    for (const auto& t : g["tests"]) {
      ++count;
      ASSERT_EQ(t["result"], "valid") << "tcId " << t["tcId"] << " needs a decision";
      const Bytes pw = test::hex(t["password"].get<std::string>());
      const Bytes salt = test::hex(t["salt"].get<std::string>());
      Bytes out(t["dkLen"].get<std::size_t>());
      ASSERT_TRUE(crypto::pbkdf2_hmac_sha512(pw, salt, t["iterationCount"].get<std::uint32_t>(), out).ok());
      EXPECT_EQ(to_hex(out), t["dk"].get<std::string>()) << "tcId " << t["tcId"];
    }
  }
  EXPECT_EQ(count, j["numberOfTests"].get<int>());
}

TEST(Pbkdf2, Rfc7914Sha256) {
  // RFC 7914 section 11: PBKDF2-HMAC-SHA256 (P="passwd", S="salt", c=1, dkLen=64) and
  // (P="Password", S="NaCl", c=80000, dkLen=64).
  Bytes out(64);
  ASSERT_TRUE(crypto::pbkdf2_hmac_sha256(text("passwd"), text("salt"), 1, out).ok());
  EXPECT_EQ(to_hex(out),
            "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
            "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783");
  ASSERT_TRUE(crypto::pbkdf2_hmac_sha256(text("Password"), text("NaCl"), 80000, out).ok());
  EXPECT_EQ(to_hex(out),
            "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
            "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d");
  EXPECT_EQ(crypto::pbkdf2_hmac_sha256(text("p"), text("s"), 0, out).error().code, Errc::bad_kdf_params);
  EXPECT_EQ(crypto::pbkdf2_hmac_sha512(text("p"), text("s"), 1, std::span<std::uint8_t>()).error().code,
            Errc::bad_kdf_params);
}

TEST(Scrypt, Rfc7914Vectors) {
  // RFC 7914 section 12, the first three vectors (the fourth, N = 2^20, is left to the slow suite).
  Bytes out(64);
  ASSERT_TRUE(crypto::scrypt(text(""), text(""), {16, 1, 1}, out).ok());
  EXPECT_EQ(to_hex(out),
            "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442"
            "fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906");
  ASSERT_TRUE(crypto::scrypt(text("password"), text("NaCl"), {1024, 8, 16}, out).ok());
  EXPECT_EQ(to_hex(out),
            "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"
            "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640");
  ASSERT_TRUE(crypto::scrypt(text("pleaseletmein"), text("SodiumChloride"), {16384, 8, 1}, out).ok());
  EXPECT_EQ(to_hex(out),
            "7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2"
            "d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887");
}

TEST(Scrypt, RejectsBadParameters) {
  Bytes out(32);
  for (crypto::ScryptParams p : {crypto::ScryptParams{0, 8, 1},
                                 {1, 8, 1},
                                 {1000, 8, 1},
                                 {1024, 0, 1},
                                 {1024, 8, 0},
                                 {1024, 1u << 15, 1u << 15},
                                 {1ULL << 33, 1, 1},
                                 {1ULL << 22, 8, 1}}) {
    auto s = crypto::scrypt(text("pw"), text("salt"), p, out);
    ASSERT_FALSE(s.ok()) << p.n << " " << p.r << " " << p.p;
    EXPECT_EQ(s.error().code, Errc::bad_kdf_params);
  }
  EXPECT_TRUE(crypto::scrypt_check({1ULL << 18, 8, 1}).ok());
  EXPECT_FALSE(crypto::scrypt_check({1ULL << 18, 8, 1}, 128u << 20).ok());
}

TEST(Aes128, Fips197KnownAnswers) {
  // FIPS 197 appendix C.1 (AES-128) and appendix B (the cipher example).
  auto run = [](const char* key, const char* pt) {
    const Bytes k = test::hex(key), p = test::hex(pt);
    const crypto::Aes128 aes(std::span<const std::uint8_t, 16>(k.data(), 16));
    std::array<std::uint8_t, 16> out{};
    aes.encrypt_block(std::span<const std::uint8_t, 16>(p.data(), 16), out);
    return to_hex(out);
  };
  EXPECT_EQ(run("000102030405060708090a0b0c0d0e0f", "00112233445566778899aabbccddeeff"),
            "69c4e0d86a7b0430d8cdb78070b4c55a");
  EXPECT_EQ(run("2b7e151628aed2a6abf7158809cf4f3c", "3243f6a8885a308d313198a2e0370734"),
            "3925841d02dc09fbdc118597196a0b32");
}

TEST(Aes128Ctr, Sp800_38A_F5) {
  // NIST SP 800-38A (2001), appendix F.5.1 CTR-AES128.Encrypt and F.5.2 CTR-AES128.Decrypt:
  // Key 2b7e151628aed2a6abf7158809cf4f3c, Init. Counter f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff,
  // four blocks (F.5.2 runs the same blocks from ciphertext to plaintext).
  const Bytes key = test::hex("2b7e151628aed2a6abf7158809cf4f3c");
  const Bytes ctr = test::hex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
  const Bytes plaintext = test::hex(
      "6bc1bee22e409f96e93d7e117393172a"
      "ae2d8a571e03ac9c9eb76fac45af8e51"
      "30c81c46a35ce411e5fbc1191a0a52ef"
      "f69f2445df4f9b17ad2b417be66c3710");
  const Bytes ciphertext = test::hex(
      "874d6191b620e3261bef6864990db6ce"
      "9806f66b7970fdff8617187bb9fffdff"
      "5ae4df3edbd5d35e5b4f09020db03eab"
      "1e031dda2fbe03d1792170a0f3009cee");
  const std::span<const std::uint8_t, 16> k(key.data(), 16), iv(ctr.data(), 16);
  Bytes out(64);
  crypto::aes128_ctr(k, iv, plaintext, out);  // F.5.1
  EXPECT_EQ(out, ciphertext);
  crypto::aes128_ctr(k, iv, ciphertext, out);  // F.5.2
  EXPECT_EQ(out, plaintext);
  // A partial last block uses a prefix of the keystream; in place works.
  Bytes part(plaintext.begin(), plaintext.begin() + 37);
  crypto::aes128_ctr(k, iv, part, part);
  EXPECT_EQ(part, Bytes(ciphertext.begin(), ciphertext.begin() + 37));
  // The counter wraps at 2^128: block 2 of IV ff..ff is block 1 of IV 00..00.
  const Bytes ones(16, 0xff), zeros(16, 0);
  Bytes a(32, 0), b(16, 0);
  crypto::aes128_ctr(k, std::span<const std::uint8_t, 16>(ones.data(), 16), Bytes(32, 0), a);
  crypto::aes128_ctr(k, std::span<const std::uint8_t, 16>(zeros.data(), 16), Bytes(16, 0), b);
  EXPECT_EQ(Bytes(a.begin() + 16, a.end()), b);
}
