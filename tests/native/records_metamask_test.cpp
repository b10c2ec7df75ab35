// MetaMask's x25519-xsalsa20-poly1305 format: messages made by tweetnacl through eth-sig-util's
// construction (tests/data/envelope/metamask_v1.json) open; our output opens with our reader and
// has eth-sig-util's shape; malformed inputs give their codes. Base64 strictness.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "records/base64.hpp"
#include "records/metamask.hpp"
#include "crypto/x25519.hpp"
#include "records_helpers.hpp"

using namespace ehr;
using namespace ehr::records;
using ehr::test::code_of;

TEST(RecordsMetamask, OpensReferenceVectors) {
  const auto doc = test::load_test_json("envelope/metamask_v1.json");
  ASSERT_GE(doc["cases"].size(), 5u);
  for (const auto& c : doc["cases"]) {
    const crypto::Secret<32> sk(ByteView(test::unhex(c["privateKey"])));
    EXPECT_EQ(metamask_public_key(sk).value(), c["encryptionPublicKey"].get<std::string>());
    auto m = metamask_decrypt(c["encrypted"].dump(), sk);
    ASSERT_TRUE(m.ok()) << m.error().message;
    const std::string data = c["data"];
    EXPECT_EQ(std::string(m.value().view().begin(), m.value().view().end()), data);
  }
}

TEST(RecordsMetamask, RoundTripAndShape) {
  test::Rng rng("RecordsMetamask.RoundTripAndShape");
  for (int i = 0; i < 30; ++i) {
    const crypto::Secret<32> sk(ByteView(rng.bytes(32)));
    const X25519Public pk = metamask_parse_public_key(metamask_public_key(sk).value()).value();
    const Bytes msg = rng.bytes(rng.below(3000));
    auto json = metamask_encrypt(pk, msg);
    ASSERT_TRUE(json.ok());
    auto j = nlohmann::ordered_json::parse(json.value(), nullptr, false);
    ASSERT_TRUE(j.is_object());
    std::vector<std::string> keys;
    for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it.key());
    EXPECT_EQ(keys, (std::vector<std::string>{"version", "nonce", "ephemPublicKey", "ciphertext"}));
    EXPECT_EQ(base64_decode(j["ciphertext"].get<std::string>()).value().size(), msg.size() + 16);
    auto back = metamask_decrypt(json.value(), sk);
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(Bytes(back.value().view().begin(), back.value().view().end()), msg);
  }
}

TEST(RecordsMetamask, MalformedInputs) {
  test::Rng rng("RecordsMetamask.MalformedInputs");
  const crypto::Secret<32> sk(ByteView(rng.bytes(32)));
  const crypto::Secret<32> other(ByteView(rng.bytes(32)));
  const X25519Public pk = crypto::x25519::public_key(sk);
  const std::string good = metamask_encrypt(pk, Bytes{'h', 'i'}).value();
  auto j = nlohmann::json::parse(good);
  auto with = [&](const char* field, nlohmann::json v) {
    auto k = j;
    k[field] = v;
    return k.dump();
  };
  EXPECT_EQ(code_of(metamask_decrypt(good, other)), "ERR_AUTH_FAILED");
  EXPECT_EQ(code_of(metamask_decrypt("not json", sk)), "ERR_BAD_JSON");
  EXPECT_EQ(code_of(metamask_decrypt("[1,2]", sk)), "ERR_BAD_JSON");
  EXPECT_EQ(code_of(metamask_decrypt(with("nonce", 5), sk)), "ERR_BAD_JSON");
  auto missing = j;
  missing.erase("ciphertext");
  EXPECT_EQ(code_of(metamask_decrypt(missing.dump(), sk)), "ERR_BAD_JSON");
  EXPECT_EQ(code_of(metamask_decrypt(with("version", "x25519-xsalsa20-poly1305-v2"), sk)), "ERR_UNKNOWN_VERSION");
  EXPECT_EQ(code_of(metamask_decrypt(with("nonce", "AAAA"), sk)), "ERR_BAD_ENCODING");
  EXPECT_EQ(code_of(metamask_decrypt(with("ephemPublicKey", "!!!!"), sk)), "ERR_BAD_ENCODING");
  EXPECT_EQ(code_of(metamask_decrypt(with("ciphertext", "AAAA"), sk)), "ERR_BAD_ENCODING");
  std::string ct = j["ciphertext"];
  ct[2] = ct[2] == 'A' ? 'B' : 'A';
  EXPECT_EQ(code_of(metamask_decrypt(with("ciphertext", ct), sk)), "ERR_AUTH_FAILED");
  auto extra = j;
  extra["note"] = "ignored";
  EXPECT_EQ(code_of(metamask_decrypt(extra.dump(), sk)), "OK");
  EXPECT_EQ(code_of(metamask_encrypt(X25519Public{}, Bytes{1})), "ERR_INVALID_PUBLIC_KEY");
  EXPECT_EQ(code_of(metamask_parse_public_key("AAAA")), "ERR_BAD_ENCODING");
}

TEST(RecordsMetamask, Base64StrictRoundTrip) {
  test::Rng rng("RecordsMetamask.Base64StrictRoundTrip");
  for (int i = 0; i < 200; ++i) {
    const Bytes b = rng.bytes(rng.below(100));
    const std::string s = base64_encode(b);
    EXPECT_EQ(base64_decode(s).value(), b);
  }
  EXPECT_EQ(base64_encode(Bytes{'f', 'o', 'o', 'b'}), "Zm9vYg==");
  for (const char* bad : {"Zm9vYg=", "Zm9vYg", "Zm9vYh==", "Zm9=Yg==", "Zm9v Yg==", "Zm9vY===", "====", "Zg=a"}) {
    EXPECT_EQ(code_of(base64_decode(bad)), "ERR_BAD_ENCODING") << bad;
  }
  EXPECT_EQ(code_of(base64_decode("")), "OK");
}
