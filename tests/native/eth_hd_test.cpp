// BIP-39 (tests/vectors/bip39/vectors.json, trezor/python-mnemonic, passphrase "TREZOR": the
// English entries give entropy, mnemonic, seed and the BIP-32 root xprv) and BIP-32 test vectors
// 1-3 (tests/data/bip32-test-vectors.json, typed from the BIP text). RIPEMD-160 on the
// known-answer values of its authors' page.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "common/hex.hpp"
#include "eth/bip32.hpp"
#include "eth/bip39.hpp"
#include "eth/ripemd160.hpp"
#include "vectors.hpp"

using namespace ehr;
namespace bip32 = ehr::eth::bip32;
namespace bip39 = ehr::eth::bip39;

namespace {
std::string str(const crypto::SecretBytes& s) {
  return std::string(reinterpret_cast<const char*>(s.view().data()), s.size());  // NOLINT
}
ByteView text(const std::string& s) { return ByteView(reinterpret_cast<const std::uint8_t*>(s.data()), s.size()); }
}  // namespace

TEST(Ripemd160, KnownAnswers) {
  EXPECT_EQ(to_hex(eth::ripemd160(text(""))), "9c1185a5c5e9fc54612808977ee8f548b2258d31");
  EXPECT_EQ(to_hex(eth::ripemd160(text("abc"))), "8eb208f7e05d987a9b044a8e98c6b087f15a0bfc");
  EXPECT_EQ(to_hex(eth::ripemd160(text("message digest"))), "5d0689ef49d2fae572b881b123a85ffa21595f36");
  EXPECT_EQ(to_hex(eth::ripemd160(text("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))),
            "12a053384a9c0c88e405a06c27dcf49ada62eb2b");
  EXPECT_EQ(to_hex(eth::ripemd160(text(std::string(1000000, 'a')))), "52783243c1697bdbe16d37f97f68f08325dc1528");
}

TEST(Bip39, TrezorVectorsEnglish) {
  const auto j = test::load_json("bip39/vectors.json");
  ASSERT_TRUE(j.contains("english"));
  int count = 0;
  const std::string passphrase = "TREZOR";
  for (const auto& v : j["english"]) {
    ++count;
    const Bytes entropy = test::hex(v[0].get<std::string>());
    const std::string mnemonic = v[1].get<std::string>();
    auto m = bip39::entropy_to_mnemonic(entropy);
    ASSERT_TRUE(m.ok());
    EXPECT_EQ(str(m.value()), mnemonic);
    auto e = bip39::mnemonic_to_entropy(mnemonic);
    ASSERT_TRUE(e.ok()) << e.error().message;
    EXPECT_EQ(Bytes(e.value().view().begin(), e.value().view().end()), entropy);
    auto seed = bip39::mnemonic_to_seed(mnemonic, text(passphrase));
    ASSERT_TRUE(seed.ok());
    EXPECT_EQ(to_hex(seed.value().view()), v[2].get<std::string>());
    auto root = bip32::from_seed(seed.value().view());
    ASSERT_TRUE(root.ok());
    EXPECT_EQ(str(bip32::to_xprv(root.value()).value()), v[3].get<std::string>());
  }
  EXPECT_EQ(count, 24);
}

TEST(Bip39, RejectsBadMnemonics) {
  const std::string ok =
      "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";
  EXPECT_TRUE(bip39::mnemonic_to_entropy(ok).ok());
  for (const std::string& bad :
       {std::string("abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon"),
        ok + " ", " " + ok,
        std::string("abandon  abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about"),
        std::string("abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about"),
        std::string("Abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about"),
        std::string("abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abou"),
        std::string()}) {
    auto r = bip39::mnemonic_to_entropy(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, Errc::bad_mnemonic);
  }
  EXPECT_EQ(bip39::mnemonic_to_seed("not a mnemonic", ByteView{}).error().code, Errc::bad_mnemonic);
  EXPECT_TRUE(bip39::mnemonic_to_seed("not a mnemonic", ByteView{}, false).ok());
  EXPECT_EQ(bip39::entropy_to_mnemonic(Bytes(15, 0)).error().code, Errc::bad_length);
  for (std::size_t words : {12u, 15u, 18u, 21u, 24u}) {
    auto g = bip39::generate_mnemonic(words);
    ASSERT_TRUE(g.ok());
    const std::string s = str(g.value());
    EXPECT_EQ(static_cast<std::size_t>(std::count(s.begin(), s.end(), ' ')) + 1, words);
    EXPECT_TRUE(bip39::mnemonic_to_entropy(s).ok());
  }
  EXPECT_FALSE(bip39::generate_mnemonic(13).ok());
  // The generated wordlist is the published one, sorted (binary search relies on it).
  for (std::size_t i = 1; i < 2048; ++i) ASSERT_LT(bip39::english_word(i - 1), bip39::english_word(i));
  EXPECT_EQ(bip39::english_word(0), "abandon");
  EXPECT_EQ(bip39::english_word(2047), "zoo");
  EXPECT_EQ(bip39::english_word(1), "ability");  // 7 letters, one NUL of padding
  EXPECT_EQ(bip39::english_word(65), "amused");
  EXPECT_EQ(bip39::word_index("zoo"), 2047);
  EXPECT_EQ(bip39::word_index("abandon"), 0);
}

TEST(Bip32, TestVectors1To3) {
  std::ifstream in(std::string(EHR_TEST_DATA_DIR) + "/bip32-test-vectors.json");
  std::stringstream ss;
  ss << in.rdbuf();
  const auto j = nlohmann::json::parse(ss.str(), nullptr, false);
  ASSERT_FALSE(j.is_discarded());
  int chains = 0;
  for (const auto& v : j["vectors"]) {
    auto root = bip32::from_seed(test::hex(v["seed"].get<std::string>()));
    ASSERT_TRUE(root.ok());
    for (const auto& c : v["chains"]) {
      ++chains;
      const std::string path = c[0].get<std::string>();
      auto key = bip32::derive_path(root.value(), path);
      ASSERT_TRUE(key.ok()) << path << ": " << key.error().message;
      EXPECT_EQ(bip32::to_xpub(key.value()).value(), c[1].get<std::string>()) << path;
      EXPECT_EQ(str(bip32::to_xprv(key.value()).value()), c[2].get<std::string>()) << path;
    }
  }
  EXPECT_EQ(chains, 14);
}

TEST(Bip32, PathsAndSteps) {
  EXPECT_EQ(bip32::parse_path("m/44'/60'/0'/0/7").value(),
            (std::vector<std::uint32_t>{44 | bip32::kHardened, 60 | bip32::kHardened, bip32::kHardened, 0, 7}));
  EXPECT_EQ(bip32::parse_path("m/1h/2H").value(),
            (std::vector<std::uint32_t>{1 | bip32::kHardened, 2 | bip32::kHardened}));
  EXPECT_TRUE(bip32::parse_path("m").value().empty());
  for (const char* bad : {"", "44'/60'", "m/", "m//1", "m/1/", "m/2147483648", "m/01", "m/x", "m/1''", "M/1"})
    EXPECT_EQ(bip32::parse_path(bad).error().code, Errc::bad_derivation_path) << bad;
  EXPECT_EQ(bip32::ethereum_path(3), "m/44'/60'/0'/0/3");
  // derive_child step by step equals derive_path (fingerprints included).
  auto root = bip32::from_seed(test::hex("000102030405060708090a0b0c0d0e0f")).value();
  auto a = bip32::derive_child(root, bip32::kHardened).value();
  auto b = bip32::derive_child(a, 1).value();
  EXPECT_EQ(str(bip32::to_xprv(b).value()), str(bip32::to_xprv(bip32::derive_path(root, "m/0'/1").value()).value()));
  EXPECT_EQ(bip32::from_seed(Bytes(15, 1)).error().code, Errc::bad_length);
}
