// X25519 (Wycheproof x25519), sealed boxes, ChaCha20-Poly1305 and XChaCha20-Poly1305 (Wycheproof)
// and secretstream.
#include <gtest/gtest.h>
#include <sodium.h>

#include <string>
#include <vector>

#include "common/hex.hpp"
#include "crypto/aead.hpp"
#include "crypto/random.hpp"
#include "crypto/sealed_box.hpp"
#include "crypto/secretstream.hpp"
#include "crypto/x25519.hpp"
#include "vectors.hpp"

using namespace ehr;
namespace c = ehr::crypto;
namespace x = ehr::crypto::x25519;
namespace ss = ehr::crypto::secretstream;

namespace {
c::SecretKey32 random_key() {
  c::SecretKey32 k;
  c::random_bytes(k.mut());
  return k;
}
Bytes random_bytes(std::size_t n) {
  Bytes b(n);
  c::random_bytes(b);
  return b;
}
}  // namespace

// Decision (docs/crypto.md): every case is computed as RFC 7748 specifies (high bit masked,
// non-canonical u reduced, twist points allowed), except that an all-zero shared secret is refused
// with invalid_public_key (libsodium rejects small-order public keys and zero outputs). So 'valid'
// and 'acceptable' cases must give Wycheproof's value, except acceptable cases whose expected
// value is all zeros, which must fail.
TEST(X25519Wycheproof, SharedSecrets) {
  const auto j = test::load_json("wycheproof/x25519_test.json");
  std::size_t count = 0, valid = 0, acceptable_ok = 0, acceptable_rejected = 0;
  const std::string zero(64, '0');
  for (const auto& group : j["testGroups"]) {
    for (const auto& t : group["tests"]) {
      ++count;
      const int id = t["tcId"].get<int>();
      const c::SecretKey32 sk(test::hex(t["private"].get<std::string>()));
      const Bytes pub = test::hex(t["public"].get<std::string>());
      ASSERT_EQ(pub.size(), 32U);
      auto shared = x::shared_secret(sk, std::span<const std::uint8_t, 32>(pub.data(), 32));
      const std::string expected = t["shared"].get<std::string>();
      const std::string result = t["result"].get<std::string>();
      if (result == "valid") {
        ++valid;
        ASSERT_TRUE(shared.ok()) << "tcId " << id;
        EXPECT_EQ(to_hex(shared.value().view()), expected) << "tcId " << id;
      } else {
        ASSERT_EQ(result, "acceptable");
        if (expected == zero) {
          ++acceptable_rejected;
          ASSERT_FALSE(shared.ok()) << "tcId " << id;
          EXPECT_EQ(shared.error().code, Errc::invalid_public_key);
        } else {
          ++acceptable_ok;
          ASSERT_TRUE(shared.ok()) << "tcId " << id << ": " << t["comment"];
          EXPECT_EQ(to_hex(shared.value().view()), expected) << "tcId " << id;
        }
      }
    }
  }
  EXPECT_EQ(count, j["numberOfTests"].get<std::size_t>());
  EXPECT_GT(valid, 0U);
  EXPECT_GT(acceptable_ok, 0U);
  EXPECT_GT(acceptable_rejected, 0U);
  std::printf("[ x25519: %zu cases, %zu valid, acceptable: %zu computed, %zu rejected (zero shared secret) ]\n", count,
              valid, acceptable_ok, acceptable_rejected);
}

TEST(X25519, KeyPairs) {
  const auto a = x::generate();
  const auto b = x::generate();
  EXPECT_NE(a.public_key, b.public_key);
  const auto a2 = x::from_secret_key(a.secret_key);
  EXPECT_EQ(a2.public_key, a.public_key);
  auto ab = x::shared_secret(a.secret_key, b.public_key);
  auto ba = x::shared_secret(b.secret_key, a.public_key);
  ASSERT_TRUE(ab.ok() && ba.ok());
  EXPECT_EQ(to_hex(ab.value().view()), to_hex(ba.value().view()));
  // Seeds: deterministic, and libsodium's derivation (secret key = SHA-512(seed)[0..32]).
  FixedBytes<32> seed{};
  seed[0] = 1;
  const auto s1 = x::from_seed(seed);
  const auto s2 = x::from_seed(seed);
  EXPECT_EQ(s1.public_key, s2.public_key);
  std::uint8_t h[64];
  crypto_hash_sha512(h, seed.data(), seed.size());
  EXPECT_EQ(to_hex(s1.secret_key.view()), to_hex(ByteView(h, 32)));
  EXPECT_EQ(x::from_secret_key(s1.secret_key).public_key, s1.public_key);
}

TEST(SealedBox, RoundTripTamperWrongKey) {
  const auto r = x::generate();
  const auto other = x::generate();
  for (std::size_t len : {0U, 1U, 32U, 1000U}) {
    const Bytes m = random_bytes(len);
    Bytes ct(len + c::sealed_box::kOverhead);
    ASSERT_TRUE(c::sealed_box::seal(ct, m, r.public_key).ok());
    Bytes pt(len);
    ASSERT_TRUE(c::sealed_box::open(pt, ct, r).ok());
    EXPECT_EQ(pt, m);
    // Randomized: sealing twice gives different boxes.
    Bytes ct2(len + c::sealed_box::kOverhead);
    ASSERT_TRUE(c::sealed_box::seal(ct2, m, r.public_key).ok());
    EXPECT_NE(ct, ct2);
    EXPECT_EQ(c::sealed_box::open(pt, ct, other).error().code, Errc::auth_failed);
    for (std::size_t i = 0; i < ct.size(); i += 7) {
      Bytes bad = ct;
      bad[i] ^= 0x20;
      EXPECT_EQ(c::sealed_box::open(pt, bad, r).error().code, Errc::auth_failed) << i;
    }
  }
  Bytes small(47), out(0), big(10);
  EXPECT_EQ(c::sealed_box::open(out, small, r).error().code, Errc::bad_length);
  EXPECT_EQ(c::sealed_box::seal(big, Bytes(3), r.public_key).error().code, Errc::bad_length);
  // A small-order recipient key (the point u = 0) is refused.
  Bytes boxed(48);
  const FixedBytes<32> low_order{};
  EXPECT_EQ(c::sealed_box::seal(boxed, {}, low_order).error().code, Errc::invalid_public_key);
}

namespace {
// Runs a Wycheproof AeadTest file through encrypt and decrypt.
void run_wycheproof_aead(const std::string& file, c::aead::Cipher cipher) {
  const auto j = test::load_json("wycheproof/" + file);
  std::size_t count = 0, valid = 0, invalid = 0;
  for (const auto& group : j["testGroups"]) {
    for (const auto& t : group["tests"]) {
      ++count;
      const int id = t["tcId"].get<int>();
      const Bytes key = test::hex(t["key"].get<std::string>());
      ASSERT_EQ(key.size(), 32U);
      const c::SecretKey32 k(key);
      const Bytes iv = test::hex(t["iv"].get<std::string>());
      const Bytes aad = test::hex(t["aad"].get<std::string>());
      const Bytes msg = test::hex(t["msg"].get<std::string>());
      Bytes ct = test::hex(t["ct"].get<std::string>());
      const Bytes tag = test::hex(t["tag"].get<std::string>());
      ct.insert(ct.end(), tag.begin(), tag.end());
      Bytes pt(ct.size() >= c::aead::kTagSize ? ct.size() - c::aead::kTagSize : 0);
      auto dec = c::aead::decrypt(cipher, pt, ct, aad, iv, k);
      if (t["result"] == "valid") {
        ++valid;
        ASSERT_TRUE(dec.ok()) << file << " tcId " << id;
        EXPECT_EQ(pt, msg) << "tcId " << id;
        Bytes enc(msg.size() + c::aead::kTagSize);
        ASSERT_TRUE(c::aead::encrypt(cipher, enc, msg, aad, iv, k).ok());
        EXPECT_EQ(enc, ct) << "tcId " << id;
        // In place.
        Bytes buf = msg;
        buf.resize(msg.size() + c::aead::kTagSize);
        ASSERT_TRUE(c::aead::encrypt(cipher, buf, ByteView(buf.data(), msg.size()), aad, iv, k).ok());
        EXPECT_EQ(buf, ct);
        ASSERT_TRUE(c::aead::decrypt(cipher, std::span(buf.data(), msg.size()), buf, aad, iv, k).ok());
        EXPECT_EQ(Bytes(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(msg.size())), msg);
      } else {
        ++invalid;
        ASSERT_FALSE(dec.ok()) << file << " tcId " << id;
        const bool bad_nonce = iv.size() != c::aead::nonce_size(cipher);
        EXPECT_EQ(dec.error().code, bad_nonce ? Errc::bad_length : Errc::auth_failed) << "tcId " << id;
        EXPECT_EQ(pt, Bytes(pt.size(), 0)) << "tcId " << id << ": output not wiped";
      }
    }
  }
  EXPECT_EQ(count, j["numberOfTests"].get<std::size_t>());
  EXPECT_GT(valid, 0U);
  EXPECT_GT(invalid, 0U);
}
}  // namespace

TEST(AeadWycheproof, ChaCha20Poly1305) {
  run_wycheproof_aead("chacha20_poly1305_test.json", c::aead::Cipher::chacha20poly1305);
}
TEST(AeadWycheproof, XChaCha20Poly1305) {
  run_wycheproof_aead("xchacha20_poly1305_test.json", c::aead::Cipher::xchacha20poly1305);
}

TEST(Aead, Lengths) {
  const auto k = random_key();
  Bytes out(16), nonce(24), short_ct(15), empty;
  EXPECT_EQ(c::aead::encrypt(c::aead::Cipher::xchacha20poly1305, out, {}, {}, Bytes(12), k).error().code,
            Errc::bad_length);
  Bytes out15(15);
  EXPECT_EQ(c::aead::encrypt(c::aead::Cipher::xchacha20poly1305, out15, {}, {}, nonce, k).error().code,
            Errc::bad_length);
  EXPECT_TRUE(c::aead::encrypt(c::aead::Cipher::xchacha20poly1305, out, {}, {}, nonce, k).ok());
  EXPECT_EQ(c::aead::decrypt(c::aead::Cipher::xchacha20poly1305, empty, short_ct, {}, nonce, k).error().code,
            Errc::bad_length);
  EXPECT_TRUE(c::aead::decrypt(c::aead::Cipher::xchacha20poly1305, empty, out, {}, nonce, k).ok());
}

namespace {
struct Stream {
  FixedBytes<24> header{};
  std::vector<Bytes> chunks;
  std::vector<Bytes> messages;
};

Stream encrypt_stream(const c::SecretKey32& key, std::size_t n, bool finish = true) {
  Stream s;
  ss::Push push(key, s.header);
  for (std::size_t i = 0; i < n; ++i) {
    Bytes m = random_bytes(i * 13 % 200);
    Bytes ct(m.size() + ss::kOverhead);
    const bool last = finish && i + 1 == n;
    EXPECT_TRUE(push.push(ct, m, {}, last ? ss::Tag::final : ss::Tag::message).ok());
    s.chunks.push_back(ct);
    s.messages.push_back(m);
  }
  EXPECT_EQ(push.closed(), finish);
  return s;
}

// Pulls every chunk; returns the first failure code (or ok) and checks plaintexts on the way.
Errc decrypt_stream(const c::SecretKey32& key, const Stream& s, const std::vector<Bytes>& chunks) {
  ss::Pull pull(key, s.header);
  for (std::size_t i = 0; i < chunks.size(); ++i) {
    Bytes pt(chunks[i].size() < ss::kOverhead ? 0 : chunks[i].size() - ss::kOverhead);
    auto tag = pull.pull(pt, chunks[i], {});
    if (!tag.ok()) return tag.error().code;
    EXPECT_EQ(pt, s.messages[i]);
  }
  auto end = pull.finish();
  return end.ok() ? Errc::ok : end.error().code;
}
}  // namespace

TEST(SecretStream, RoundTripAndTampering) {
  const auto key = random_key();
  const Stream s = encrypt_stream(key, 6);
  EXPECT_EQ(decrypt_stream(key, s, s.chunks), Errc::ok);
  // Modified chunk, swapped chunks, dropped chunk, duplicated chunk: authentication fails.
  auto flipped = s.chunks;
  flipped[2][5] ^= 1;
  EXPECT_EQ(decrypt_stream(key, s, flipped), Errc::auth_failed);
  auto swapped = s.chunks;
  std::swap(swapped[1], swapped[2]);
  EXPECT_EQ(decrypt_stream(key, s, swapped), Errc::auth_failed);
  auto dropped = s.chunks;
  dropped.erase(dropped.begin() + 3);
  EXPECT_EQ(decrypt_stream(key, s, dropped), Errc::auth_failed);
  // Truncated: the final chunk never arrives.
  auto truncated = s.chunks;
  truncated.pop_back();
  EXPECT_EQ(decrypt_stream(key, s, truncated), Errc::stream_truncated);
  EXPECT_EQ(decrypt_stream(key, s, {}), Errc::stream_truncated);
  // Wrong key.
  EXPECT_EQ(decrypt_stream(random_key(), s, s.chunks), Errc::auth_failed);
  // A stream written without a final chunk reads as truncated.
  const Stream open_ended = encrypt_stream(key, 3, false);
  EXPECT_EQ(decrypt_stream(key, open_ended, open_ended.chunks), Errc::stream_truncated);
}

TEST(SecretStream, StateMachine) {
  const auto key = random_key();
  FixedBytes<24> header{};
  ss::Push push(key, header);
  Bytes c1(17 + 3), c2(17);
  ASSERT_TRUE(push.push(c1, Bytes{1, 2, 3}, Bytes{9}, ss::Tag::push).ok());
  Bytes out5(5);
  EXPECT_EQ(push.push(out5, Bytes{1}, {}, ss::Tag::message).error().code, Errc::bad_length);
  EXPECT_EQ(push.push(c2, {}, {}, static_cast<ss::Tag>(4)).error().code, Errc::bad_argument);
  ASSERT_TRUE(push.push(c2, {}, {}, ss::Tag::final).ok());
  EXPECT_TRUE(push.closed());
  EXPECT_EQ(push.push(c2, {}, {}, ss::Tag::message).error().code, Errc::stream_state);

  ss::Pull pull(key, header);
  Bytes pt(3), none;
  EXPECT_EQ(pull.pull(none, Bytes(16), {}).error().code, Errc::bad_length);  // stays usable
  EXPECT_EQ(pull.pull(none, c1, Bytes{9}).error().code, Errc::bad_length);   // wrong output size
  auto t1 = pull.pull(pt, c1, Bytes{9});
  ASSERT_TRUE(t1.ok());
  EXPECT_EQ(t1.value(), ss::Tag::push);
  EXPECT_EQ(pt, (Bytes{1, 2, 3}));
  auto t2 = pull.pull(none, c2, {});
  ASSERT_TRUE(t2.ok());
  EXPECT_EQ(t2.value(), ss::Tag::final);
  EXPECT_TRUE(pull.final_seen());
  EXPECT_EQ(pull.pull(none, c2, {}).error().code, Errc::stream_state);  // pull after FINAL
  EXPECT_TRUE(pull.finish().ok());
  EXPECT_EQ(pull.finish().error().code, Errc::stream_state);
  EXPECT_EQ(pull.pull(none, c2, {}).error().code, Errc::stream_state);

  // Wrong associated data fails and kills the stream.
  ss::Pull p2(key, header);
  EXPECT_EQ(p2.pull(pt, c1, Bytes{8}).error().code, Errc::auth_failed);
  EXPECT_EQ(pt, Bytes(3, 0));
  EXPECT_EQ(p2.pull(pt, c1, Bytes{9}).error().code, Errc::stream_state);
  EXPECT_EQ(p2.finish().error().code, Errc::stream_state);
}

// Compatibility with libsodium's own API, both directions.
TEST(SecretStream, InteroperatesWithLibsodium) {
  const auto key = random_key();
  FixedBytes<24> header{};
  ss::Push push(key, header);
  const Bytes m = random_bytes(1000);
  Bytes ct(m.size() + 17);
  ASSERT_TRUE(push.push(ct, m, {}, ss::Tag::final).ok());
  crypto_secretstream_xchacha20poly1305_state st;
  ASSERT_EQ(crypto_secretstream_xchacha20poly1305_init_pull(&st, header.data(), key.data()), 0);
  Bytes pt(m.size());
  unsigned char tag = 0;
  ASSERT_EQ(crypto_secretstream_xchacha20poly1305_pull(&st, pt.data(), nullptr, &tag, ct.data(), ct.size(), nullptr, 0),
            0);
  EXPECT_EQ(pt, m);
  EXPECT_EQ(tag, crypto_secretstream_xchacha20poly1305_TAG_FINAL);

  FixedBytes<24> h2{};
  crypto_secretstream_xchacha20poly1305_init_push(&st, h2.data(), key.data());
  ASSERT_EQ(crypto_secretstream_xchacha20poly1305_push(&st, ct.data(), nullptr, m.data(), m.size(), nullptr, 0,
                                                       crypto_secretstream_xchacha20poly1305_TAG_FINAL),
            0);
  ss::Pull pull(key, h2);
  auto t = pull.pull(pt, ct, {});
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t.value(), ss::Tag::final);
  EXPECT_EQ(pt, m);
}
