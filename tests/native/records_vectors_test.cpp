// The published vectors in tests/data/envelope/ (written by scripts/gen-envelope-vectors.sh):
// every valid envelope opens with every key it names and is reproduced byte for byte by the
// test-only deterministic mode; every invalid one fails with its error code; the key schedule
// gives the published keys.
#include <gtest/gtest.h>

#include "records/envelope_format.hpp"
#include "records/envelope_reader.hpp"
#include "records/key_schedule.hpp"
#include "crypto/sealed_box.hpp"
#include "crypto/x25519.hpp"
#include "records_helpers.hpp"
#include "records_testing/deterministic.hpp"

using namespace ehr;
using namespace ehr::records;
using ehr::test::unhex;

namespace {
crypto::Secret<32> key(const std::string& h) { return crypto::Secret<32>(ByteView(unhex(h))); }
std::string hx(ByteView b) { return to_hex(b); }
}  // namespace

TEST(RecordsVectors, EnvelopeValidOpenAndReproduce) {
  const auto doc = test::load_test_json("envelope/envelope_v1.json");
  ASSERT_GE(doc["valid"].size(), 7u);
  const auto root = key(doc["chart_root"].get<std::string>());
  for (const auto& v : doc["valid"]) {
    SCOPED_TRACE(v["name"].get<std::string>());
    const Bytes env = unhex(v["envelope"]);
    const Bytes pt = unhex(v["plaintext"]);
    const auto h = parse_header(env);
    ASSERT_TRUE(h.ok()) << h.error().message;
    EXPECT_EQ(h.value().header_len, v["header_len"].get<std::uint32_t>());
    EXPECT_EQ(h.value().scope, v["scope"].get<std::uint16_t>());
    EXPECT_EQ(h.value().epoch, v["epoch"].get<std::uint32_t>());
    EXPECT_EQ(h.value().chunk_size, v["chunk_size"].get<std::uint32_t>());
    EXPECT_EQ(env.size(), h.value().header_len + payload_size(pt.size(), h.value().chunk_size));

    WriterParams p;
    p.scope = v["scope"];
    p.epoch = v["epoch"];
    p.chunk_size = v["chunk_size"];
    std::vector<crypto::Secret<32>> keys;
    for (const auto& k : v["chart_keys"]) {
      keys.push_back(key(k["key"]));
      // Published chart keys are K(scope, epoch) under the published root.
      const auto derived = chart_key(root, k["scope"].get<std::uint16_t>(), k["epoch"].get<std::uint32_t>());
      EXPECT_EQ(hx(derived.view()), k["key"].get<std::string>());
      EXPECT_EQ(hx(scope_key_hint(keys.back())), k["hint"].get<std::string>());
      ReaderKeys rk;
      rk.chart_keys.emplace_back(keys.back().view());
      auto back = decrypt_record(env, std::move(rk));
      ASSERT_TRUE(back.ok()) << back.error().message;
      EXPECT_EQ(hx(back.value().view()), v["plaintext"].get<std::string>());
    }
    for (const auto& r : v["recipients"]) {
      const auto sk = key(r["secret"]);
      EXPECT_EQ(hx(crypto::x25519::public_key(sk)), r["public"].get<std::string>());
      p.recipients.push_back(to_fixed<32>(unhex(r["public"])));
      ReaderKeys rk;
      rk.x25519_secrets.emplace_back(sk.view());
      auto back = decrypt_record(env, std::move(rk));
      ASSERT_TRUE(back.ok()) << back.error().message;
      EXPECT_EQ(hx(back.value().view()), v["plaintext"].get<std::string>());
    }
    if (v["name"] == "unknown-wrap-type-skipped") continue;  // assembled by hand, not by a writer
    for (const auto& k : keys) p.chart_keys.push_back(&k);
    records::testing::FixedInputs in;
    in.content_key = to_fixed<32>(unhex(v["content_key"]));
    for (const auto& n : v["wrap_nonces"]) in.wrap_nonces.push_back(to_fixed<24>(unhex(n)));
    for (const auto& e : v["ephemeral_secrets"]) in.ephemeral_secrets.push_back(to_fixed<32>(unhex(e)));
    in.stream_header = to_fixed<24>(unhex(v["stream_header"]));
    auto again = records::testing::deterministic_envelope(pt, p, in, 333);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(hx(again.value()), v["envelope"].get<std::string>());
  }
}

TEST(RecordsVectors, EnvelopeInvalidFailWithTheirCode) {
  const auto doc = test::load_test_json("envelope/envelope_v1.json");
  ASSERT_GE(doc["invalid"].size(), 15u);
  for (const auto& v : doc["invalid"]) {
    SCOPED_TRACE(v["name"].get<std::string>());
    ReaderKeys rk;
    rk.chart_keys.push_back(key(v["chart_key"]));
    auto r = decrypt_record(unhex(v["envelope"]), std::move(rk));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(errc_name(r.error().code), v["error"].get<std::string>());
  }
}

TEST(RecordsVectors, DeterministicSealMatchesLibsodium) {
  // The test-only sealed box with a fixed ephemeral key is libsodium's crypto_box_seal: it opens
  // with crypto_box_seal_open.
  test::Rng rng("RecordsVectors.DeterministicSealMatchesLibsodium");
  for (int i = 0; i < 20; ++i) {
    const auto sk = crypto::Secret<32>(ByteView(rng.bytes(32)));
    const auto pk = crypto::x25519::public_key(sk);
    const Bytes msg = rng.bytes(rng.below(100));
    auto sealed = records::testing::seal_with_ephemeral(msg, pk, rng.fixed<32>());
    ASSERT_TRUE(sealed.ok());
    auto opened = crypto::sealed_box::open(sealed.value(), sk);
    ASSERT_TRUE(opened.ok());
    EXPECT_EQ(hx(opened.value().view()), hx(msg));
  }
}

TEST(RecordsVectors, KeySchedule) {
  const auto doc = test::load_test_json("envelope/keys_v1.json");
  const Bytes seed = unhex(doc["seed"]);
  const Address20 account = to_fixed<20>(unhex(doc["account"]));
  for (const auto& v : doc["identity_from_seed"]) {
    auto sk = identity_from_seed(seed, v["account_index"].get<std::uint32_t>());
    ASSERT_TRUE(sk.ok());
    EXPECT_EQ(hx(sk.value().view()), v["x25519_secret"].get<std::string>());
    EXPECT_EQ(hx(crypto::x25519::public_key(sk.value())), v["x25519_public"].get<std::string>());
  }
  auto root = chart_root_from_seed(seed, account);
  ASSERT_TRUE(root.ok());
  EXPECT_EQ(hx(root.value().view()), doc["chart_root_from_seed"].get<std::string>());
  for (const auto& v : doc["chart_keys_from_seed_root"]) {
    const auto k = chart_key(root.value(), v["scope"].get<std::uint16_t>(), v["epoch"].get<std::uint32_t>());
    EXPECT_EQ(hx(k.view()), v["key"].get<std::string>());
    EXPECT_EQ(hx(scope_key_hint(k)), v["hint"].get<std::string>());
  }
  for (const char* field : {"signature", "signature_high_s"}) {
    auto id = identity_from_signature(unhex(doc[field]), account);
    ASSERT_TRUE(id.ok());
    EXPECT_EQ(hx(id.value().view()), doc["identity_from_signature"]["x25519_secret"].get<std::string>());
    auto r = chart_root_from_signature(unhex(doc[field]), account);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(hx(r.value().view()), doc["chart_root_from_signature"].get<std::string>());
  }
}
