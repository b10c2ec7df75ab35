// The records key schedule: HKDF-SHA256 on Wycheproof's vectors (RFC 5869 included), identity
// keys from seeds and signatures, chart roots and chart keys.
#include <gtest/gtest.h>

#include <set>

#include "eth/eip712.hpp"
#include "crypto/hkdf.hpp"
#include "records/key_schedule.hpp"
#include "records/key_wrap.hpp"
#include "crypto/x25519.hpp"
#include "records_helpers.hpp"
#include "vectors.hpp"

using namespace ehr;
using namespace ehr::records;
using ehr::test::code_of;

TEST(RecordsKeys, HkdfSha256Wycheproof) {
  // The one HKDF (crypto/hkdf.hpp): derive() for any length, derive32() for the key schedule's
  // 32-byte keys.
  namespace hkdf = crypto::hkdf_sha256;
  const auto doc = test::load_json("wycheproof/hkdf_sha256_test.json");
  int valid = 0, invalid = 0, of32 = 0;
  for (const auto& g : doc["testGroups"]) {
    for (const auto& t : g["tests"]) {
      const Bytes ikm = test::hex(t["ikm"]), salt = test::hex(t["salt"]), info = test::hex(t["info"]);
      const std::size_t size = t["size"];
      const auto okm = hkdf::derive(ikm, salt, info, size);
      if (t["result"] == "valid") {
        ASSERT_TRUE(okm.ok()) << t["tcId"];
        EXPECT_EQ(to_hex(okm.value().view()), t["okm"].get<std::string>()) << t["tcId"];
        if (size == 32) {
          EXPECT_EQ(to_hex(hkdf::derive32(ikm, salt, info).view()), t["okm"].get<std::string>()) << t["tcId"];
          ++of32;
        }
        ++valid;
      } else {
        // Wycheproof's invalid HKDF cases ask for more than 255 * 32 bytes.
        EXPECT_EQ(code_of(okm), "ERR_BAD_LENGTH") << t["tcId"];
        ++invalid;
      }
    }
  }
  EXPECT_GT(valid, 50);
  EXPECT_GT(invalid, 0);
  EXPECT_GT(of32, 0);
  EXPECT_EQ(code_of(hkdf::derive(Bytes{1}, Bytes{}, Bytes{}, 0)), "ERR_BAD_LENGTH");
  // derive32 is derive(..., 32) for inputs of every size, empty ones included.
  for (std::size_t n : {0u, 1u, 32u, 64u, 200u}) {
    const Bytes x(n, static_cast<std::uint8_t>(n));
    EXPECT_EQ(to_hex(hkdf::derive32(x, x, x).view()), to_hex(hkdf::derive(x, x, x, 32).value().view())) << n;
  }
}

TEST(RecordsKeys, IdentityFromSeedPerAccount) {
  test::Rng rng("RecordsKeys.IdentityFromSeedPerAccount");
  const Bytes seed = rng.bytes(64);
  std::set<std::string> seen;
  for (std::uint32_t i = 0; i < 20; ++i) {
    auto sk = identity_from_seed(seed, i);
    ASSERT_TRUE(sk.ok());
    auto again = identity_from_seed(seed, i);
    EXPECT_EQ(to_hex(sk.value().view()), to_hex(again.value().view()));
    EXPECT_TRUE(seen.insert(to_hex(sk.value().view())).second);
    EXPECT_NE(crypto::x25519::public_key(sk.value()), crypto::x25519::PublicKey{});
  }
  EXPECT_EQ(code_of(identity_from_seed(Bytes(32), 0)), "ERR_BAD_LENGTH");
  EXPECT_EQ(code_of(chart_root_from_seed(Bytes(65), Address20{})), "ERR_BAD_LENGTH");
}

TEST(RecordsKeys, SignatureChecksAndNormalization) {
  Bytes sig(65, 0x11);
  Address20 acct{};
  EXPECT_TRUE(identity_from_signature(sig, acct).ok());
  EXPECT_TRUE(identity_from_signature(Bytes(sig.begin(), sig.begin() + 64), acct).ok());
  EXPECT_EQ(code_of(identity_from_signature(Bytes(63, 1), acct)), "ERR_BAD_LENGTH");
  Bytes zero_r = sig;
  std::fill(zero_r.begin(), zero_r.begin() + 32, 0);
  EXPECT_EQ(code_of(identity_from_signature(zero_r, acct)), "ERR_INVALID_SIGNATURE");
  Bytes big_s = sig;
  std::fill(big_s.begin() + 32, big_s.begin() + 64, 0xff);
  EXPECT_EQ(code_of(identity_from_signature(big_s, acct)), "ERR_INVALID_SIGNATURE");
  // The account is part of the derivation.
  Address20 other{};
  other[19] = 1;
  EXPECT_NE(to_hex(identity_from_signature(sig, acct).value().view()),
            to_hex(identity_from_signature(sig, other).value().view()));
  // Chart root and identity key differ (separate salts).
  EXPECT_NE(to_hex(identity_from_signature(sig, acct).value().view()),
            to_hex(chart_root_from_signature(sig, acct).value().view()));
  EXPECT_EQ(lower_hex_address(to_fixed<20>(test::unhex("F39FD6E51AAD88F6F4CE6AB8827279CFFFB92266"))),
            "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
}

TEST(RecordsKeys, ChartKeysDistinctPerScopeAndEpoch) {
  test::Rng rng("RecordsKeys.ChartKeysDistinctPerScopeAndEpoch");
  const crypto::Secret<32> root(ByteView(rng.bytes(32)));
  std::set<std::string> seen;
  for (std::uint16_t s = 0; s < 32; ++s) {
    for (std::uint32_t e = 0; e < 8; ++e) EXPECT_TRUE(seen.insert(to_hex(chart_key(root, s, e).view())).second);
  }
  // (scope 1, epoch 0) and (scope 0, epoch 256) would collide with a careless encoding.
  EXPECT_NE(to_hex(chart_key(root, 1, 0).view()), to_hex(chart_key(root, 0, 256).view()));
}

TEST(RecordsKeys, EncryptionKeyRequestSignature) {
  // The published typed data and signature (keys_v1.json): the EIP-712 hash of the request built
  // here is the published digest, and the signature verifies for the account only.
  const auto doc = test::load_test_json("envelope/keys_v1.json");
  const auto& td = doc["typed_data"];
  const std::uint64_t chain = td["domain"]["chainId"];
  const Address20 contract = to_fixed<20>(test::unhex(td["domain"]["verifyingContract"]));
  const Address20 account = to_fixed<20>(test::unhex(doc["account"]));
  auto digest = eth::eip712::hash_typed_data(encryption_key_request(chain, contract, account, 1));
  ASSERT_TRUE(digest.ok()) << digest.error().message;
  EXPECT_EQ(to_hex(digest.value()), td["digest"].get<std::string>());
  for (const char* field : {"signature", "signature_high_s"}) {
    EXPECT_TRUE(verify_encryption_key_request(test::unhex(doc[field]), chain, contract, account, 1).ok()) << field;
  }
  const Bytes sig = test::unhex(doc["signature"]);
  Address20 other = account;
  other[0] ^= 1;
  EXPECT_EQ(code_of(verify_encryption_key_request(sig, chain, contract, other, 1)), "ERR_INVALID_SIGNATURE");
  EXPECT_EQ(code_of(verify_encryption_key_request(sig, chain + 1, contract, account, 1)), "ERR_INVALID_SIGNATURE");
  EXPECT_EQ(code_of(verify_encryption_key_request(sig, chain, contract, account, 2)), "ERR_INVALID_SIGNATURE");
  EXPECT_EQ(code_of(verify_encryption_key_request(Bytes(64, 1), chain, contract, account, 1)), "ERR_BAD_LENGTH");
}

TEST(RecordsKeys, KeyWrapsRoundTripEveryKindAndRefuseTampering) {
  const crypto::Secret<32> recipient(ByteView(Bytes(32, 0x42)));
  const auto recipient_pk = crypto::x25519::public_key(recipient);
  const crypto::Secret<32> other(ByteView(Bytes(32, 0x43)));
  for (const auto kind : {WrappedKind::chart_root, WrappedKind::chart_key, WrappedKind::x25519}) {
    WrappedKey k;
    k.kind = kind;
    if (kind == WrappedKind::chart_key) {
      k.scope = 0xbeef;
      k.epoch = 0xdeadbeef;
    }
    k.key = crypto::Secret<32>(ByteView(Bytes(32, static_cast<std::uint8_t>(kind))));
    auto wrap = wrap_key(k, recipient_pk);
    ASSERT_TRUE(wrap.ok());
    ASSERT_EQ(wrap.value().size(), kKeyWrapSize);
    auto back = unwrap_key(wrap.value(), recipient);
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(back.value().kind, kind);
    EXPECT_EQ(back.value().scope, k.scope);
    EXPECT_EQ(back.value().epoch, k.epoch);
    EXPECT_TRUE(std::equal(k.key.data(), k.key.data() + 32, back.value().key.data()));
    EXPECT_EQ(code_of(unwrap_key(wrap.value(), other)), "ERR_AUTH_FAILED");
    Bytes bad = wrap.value();
    bad[60] ^= 1;
    EXPECT_EQ(code_of(unwrap_key(bad, recipient)), "ERR_AUTH_FAILED");
    bad.pop_back();
    EXPECT_EQ(code_of(unwrap_key(bad, recipient)), "ERR_BAD_LENGTH");
  }
  // Only a chart key carries a label; unknown kinds are refused both ways.
  WrappedKey labelled;
  labelled.kind = WrappedKind::chart_root;
  labelled.scope = 1;
  EXPECT_EQ(code_of(wrap_key(labelled, recipient_pk)), "ERR_BAD_ARGUMENT");
  Bytes plain(kKeyWrapPlainSize, 0);
  plain[0] = 1;
  plain[1] = 4;
  EXPECT_EQ(code_of(parse_key_wrap_plaintext(plain)), "ERR_BAD_KEY_WRAP");
  plain[1] = 1;
  plain[0] = 2;
  EXPECT_EQ(code_of(parse_key_wrap_plaintext(plain)), "ERR_BAD_KEY_WRAP");
  plain[0] = 1;
  EXPECT_TRUE(parse_key_wrap_plaintext(plain).ok());
  plain.push_back(0);
  EXPECT_EQ(code_of(parse_key_wrap_plaintext(plain)), "ERR_BAD_KEY_WRAP");
}
