// The envelope's own secretstream (src/records/secretstream.cpp over chacha20_xor.cpp) against
// libsodium: the keystream equals crypto_stream_chacha20_ietf_xor_ic on random inputs and gives
// Wycheproof's ChaCha20-Poly1305 (RFC 8439) ciphertexts and tags; push equals libsodium's push
// byte for byte, and each side pulls what the other pushed.
#include <gtest/gtest.h>
#include <sodium.h>

#include <cstring>

#include "records/chacha20_xor.hpp"
#include "records/secretstream.hpp"
#include "records_helpers.hpp"
#include "vectors.hpp"

using namespace ehr;
using namespace ehr::records;

TEST(RecordsSecretstream, KeystreamEqualsLibsodium) {
  test::Rng rng("RecordsSecretstream.KeystreamEqualsLibsodium");
  for (int i = 0; i < 400; ++i) {
    std::size_t len;
    switch (i % 4) {
      case 0: len = rng.below(600); break;
      case 1: len = 256 * rng.below(20) + rng.below(3) - 1 + 1; break;
      case 2: len = 64 * rng.below(40); break;
      default: len = rng.below(70000); break;
    }
    // One spare byte: libsodium's pointers are declared non-null even for empty messages.
    const Bytes key = rng.bytes(32), nonce = rng.bytes(12), m = rng.bytes(len + 1);
    const auto ic = static_cast<std::uint32_t>(i % 3 == 0 ? rng.below(4) : rng.below(1u << 30));
    Bytes ours(len + 1), theirs(len + 1);
    chacha20_ietf_xor_ic(ours.data(), m.data(), len, nonce.data(), ic, key.data());
    ASSERT_EQ(crypto_stream_chacha20_ietf_xor_ic(theirs.data(), m.data(), len, nonce.data(), ic, key.data()), 0);
    ASSERT_EQ(ours, theirs) << "len " << len << " ic " << ic;
    Bytes inplace = m;  // c == m
    chacha20_ietf_xor_ic(inplace.data(), inplace.data(), len, nonce.data(), ic, key.data());
    inplace.back() = theirs.back();
    ASSERT_EQ(inplace, theirs);
  }
}

TEST(RecordsSecretstream, WycheproofChaCha20Poly1305ThroughTheKeystream) {
  // RFC 8439 2.8 AEAD built from this keystream (counter 1) and libsodium's Poly1305.
  const auto doc = test::load_json("wycheproof/chacha20_poly1305_test.json");
  int checked = 0;
  for (const auto& g : doc["testGroups"]) {
    if (g["ivSize"] != 96) continue;
    for (const auto& t : g["tests"]) {
      const Bytes key = test::hex(t["key"]), iv = test::hex(t["iv"]), aad = test::hex(t["aad"]);
      const Bytes msg = test::hex(t["msg"]), ct = test::hex(t["ct"]), tag = test::hex(t["tag"]);
      Bytes c(msg.size());
      chacha20_ietf_xor_ic(c.data(), msg.data(), msg.size(), iv.data(), 1, key.data());
      static const std::uint8_t none = 0;
      const std::uint8_t* aad_p = aad.empty() ? &none : aad.data();
      const std::uint8_t* c_p = c.empty() ? &none : c.data();
      std::uint8_t otk[64] = {0};
      chacha20_ietf_xor_ic(otk, otk, 64, iv.data(), 0, key.data());
      crypto_onetimeauth_poly1305_state st;
      crypto_onetimeauth_poly1305_init(&st, otk);
      static const std::uint8_t zeros[16] = {0};
      crypto_onetimeauth_poly1305_update(&st, aad_p, aad.size());
      crypto_onetimeauth_poly1305_update(&st, zeros, (16 - aad.size() % 16) % 16);
      crypto_onetimeauth_poly1305_update(&st, c_p, c.size());
      crypto_onetimeauth_poly1305_update(&st, zeros, (16 - c.size() % 16) % 16);
      std::uint8_t lens[16];
      for (int i = 0; i < 8; ++i) lens[i] = static_cast<std::uint8_t>(static_cast<std::uint64_t>(aad.size()) >> (8 * i));
      for (int i = 0; i < 8; ++i) lens[8 + i] = static_cast<std::uint8_t>(static_cast<std::uint64_t>(c.size()) >> (8 * i));
      crypto_onetimeauth_poly1305_update(&st, lens, 16);
      Bytes mac(16);
      crypto_onetimeauth_poly1305_final(&st, mac.data());
      const bool match = c == ct && mac == tag;
      EXPECT_EQ(match, t["result"] == "valid") << "tcId " << t["tcId"];
      ++checked;
    }
  }
  EXPECT_GT(checked, 300);
}

TEST(RecordsSecretstream, PushEqualsLibsodiumAndPullsEitherWay) {
  test::Rng rng("RecordsSecretstream.PushEqualsLibsodiumAndPullsEitherWay");
  for (int s = 0; s < 20; ++s) {
    const Bytes key = rng.bytes(32);
    SecretstreamState a, b;
    std::uint8_t header[24];
    crypto_secretstream_xchacha20poly1305_init_push(&a, header, key.data());
    std::memcpy(&b, &a, sizeof a);
    if (s == 1) {
      // Start near the counter wrap, so that the automatic rekey runs.
      std::memset(a.nonce, 0xff, 4);
      a.nonce[0] = 0xfd;
      std::memcpy(&b, &a, sizeof a);
    }
    SecretstreamState ra, rb;  // pull states mirroring a and b
    std::memcpy(&ra, &a, sizeof a);
    std::memcpy(&rb, &b, sizeof b);
    for (int i = 0; i < 12; ++i) {
      // (Vectors keep one spare byte: libsodium declares its pointers non-null.)
      Bytes m = rng.bytes(i % 4 == 0 ? 0 : rng.below(5000));
      const Bytes ad = rng.bytes(i % 3 == 0 ? rng.below(40) : 0);
      m.reserve(m.size() + 1);
      const std::uint8_t tags[] = {0, 1, 2, 3};
      const std::uint8_t tag = tags[rng.below(4)];
      Bytes ours(m.size() + 17), theirs(m.size() + 17);
      secretstream_push(a, ours.data(), m.data(), m.size(), ad.empty() ? nullptr : ad.data(), ad.size(), tag);
      ASSERT_EQ(crypto_secretstream_xchacha20poly1305_push(&b, theirs.data(), nullptr, m.data(), m.size(),
                                                           ad.empty() ? nullptr : ad.data(), ad.size(), tag),
                0);
      ASSERT_EQ(ours, theirs) << "stream " << s << " chunk " << i;
      // Ours pulls libsodium's, libsodium pulls ours.
      Bytes m1(m.size() + 1), m2(m.size() + 1);
      std::uint8_t t1 = 0xee, t2 = 0xee;
      ASSERT_TRUE(secretstream_pull(ra, m1.data(), &t1, theirs.data(), theirs.size(), ad.data(), ad.size()));
      ASSERT_EQ(crypto_secretstream_xchacha20poly1305_pull(&rb, m2.data(), nullptr, &t2, ours.data(), ours.size(),
                                                           ad.data(), ad.size()),
                0);
      EXPECT_EQ(Bytes(m1.begin(), m1.end() - 1), m);
      EXPECT_EQ(Bytes(m2.begin(), m2.end() - 1), m);
      EXPECT_EQ(t1, tag);
      EXPECT_EQ(t2, tag);
    }
  }
}

TEST(RecordsSecretstream, FailedPullWritesNothingAndKeepsTheState) {
  test::Rng rng("RecordsSecretstream.FailedPullWritesNothingAndKeepsTheState");
  const Bytes key = rng.bytes(32);
  SecretstreamState w, r;
  std::uint8_t header[24];
  crypto_secretstream_xchacha20poly1305_init_push(&w, header, key.data());
  crypto_secretstream_xchacha20poly1305_init_pull(&r, header, key.data());
  const Bytes m = rng.bytes(1000);
  Bytes c(1017);
  secretstream_push(w, c.data(), m.data(), m.size(), nullptr, 0, 0);
  for (std::size_t pos : {0ul, 1ul, 500ul, 1016ul}) {
    Bytes bad = c;
    bad[pos] ^= 0x10;
    Bytes out(1000, 0x5a);
    SecretstreamState before;
    std::memcpy(&before, &r, sizeof r);
    std::uint8_t tag = 0x77;
    EXPECT_FALSE(secretstream_pull(r, out.data(), &tag, bad.data(), bad.size(), nullptr, 0));
    EXPECT_EQ(out, Bytes(1000, 0x5a));
    EXPECT_EQ(tag, 0x77);
    EXPECT_EQ(std::memcmp(&before, &r, sizeof r), 0);
  }
  std::uint8_t tag = 0;
  Bytes out(1000);
  EXPECT_FALSE(secretstream_pull(r, out.data(), &tag, c.data(), 16, nullptr, 0));  // shorter than 17
  ASSERT_TRUE(secretstream_pull(r, out.data(), &tag, c.data(), c.size(), nullptr, 0));
  EXPECT_EQ(out, m);
}
