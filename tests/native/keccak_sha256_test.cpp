#include <gtest/gtest.h>

#include <string>

#include "common/hex.hpp"
#include "crypto/keccak.hpp"
#include "crypto/sha256.hpp"

using namespace ehr;

namespace {
ByteView str(const std::string& s) { return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()}; }
}  // namespace

// Keccak-256 known answers (the Keccak team's reference values; empty string and "abc" are the
// ones every Ethereum implementation checks).
TEST(Keccak256, KnownAnswers) {
  EXPECT_EQ(to_hex(crypto::keccak256(str(""))), "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
  EXPECT_EQ(to_hex(crypto::keccak256(str("abc"))), "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
  EXPECT_EQ(to_hex(crypto::keccak256(str("The quick brown fox jumps over the lazy dog"))),
            "4d741b6f1eb29cb2a9b9911c82f56fa8d73b04959d3d9d222895df6c0b28aa15");
}

// Every split of a message spanning several blocks gives the one-shot digest.
TEST(Keccak256, IncrementalEqualsOneShot) {
  Bytes msg(1000);
  for (std::size_t i = 0; i < msg.size(); ++i) msg[i] = static_cast<std::uint8_t>(i * 7 + 3);
  for (std::size_t len : {0U, 1U, 135U, 136U, 137U, 272U, 999U, 1000U}) {
    const ByteView m(msg.data(), len);
    const Hash32 expected = crypto::keccak256(m);
    for (std::size_t split = 0; split <= len; split += (len / 7) + 1) {
      crypto::Keccak256 h;
      h.update(m.subspan(0, split));
      h.update(m.subspan(split));
      EXPECT_EQ(h.final(), expected) << "len " << len << " split " << split;
    }
  }
}

// FIPS 180-4 examples.
TEST(Sha256, KnownAnswers) {
  EXPECT_EQ(to_hex(crypto::sha256(str(""))), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(to_hex(crypto::sha256(str("abc"))), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(to_hex(crypto::sha256(str("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  crypto::Sha256 h;
  const std::string a(1000, 'a');
  for (int i = 0; i < 1000; ++i) h.update(str(a));
  EXPECT_EQ(to_hex(h.final()), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}
