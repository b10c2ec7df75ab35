// SLIP-0039: the published vectors (trezor/python-shamir-mnemonic vectors.json, passphrase
// "TREZOR"), random round trips for every single-group t-of-n and some two-level schemes, and the
// failures (too few shares, forged shares, bad checksums, bad arguments).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "eth/bip32.hpp"
#include "recovery/slip39.hpp"
#include "vectors.hpp"

namespace {

using namespace ehr;
namespace s39 = ehr::recovery::slip39;

const ByteView kTrezor = text_bytes("TREZOR");

std::string str(const crypto::SecretBytes& b) { return {reinterpret_cast<const char*>(b.view().data()), b.size()}; }
template <class T>
std::string code_of(const Result<T>& r) {
  return r.ok() ? "OK" : std::string(errc_name(r.error().code));
}

// The error each invalid vector must give, chosen by its description (vectors.json gives none).
// Every invalid vector must match exactly one entry.
const std::pair<const char*, const char*> kExpected[] = {
    {"invalid checksum", "ERR_BAD_CHECKSUM"},
    {"invalid padding", "ERR_BAD_MNEMONIC"},
    {"greater group threshold than group counts", "ERR_BAD_MNEMONIC"},
    {"insufficient length", "ERR_BAD_MNEMONIC"},
    {"invalid master secret length", "ERR_BAD_MNEMONIC"},
    {"different identifiers", "ERR_BAD_SHARE_SET"},
    {"different iteration exponents", "ERR_BAD_SHARE_SET"},
    {"mismatching group thresholds", "ERR_BAD_SHARE_SET"},
    {"mismatching group counts", "ERR_BAD_SHARE_SET"},
    {"duplicate member indices", "ERR_BAD_SHARE_SET"},
    {"mismatching member thresholds", "ERR_BAD_SHARE_SET"},
    {"invalid digest", "ERR_BAD_SHARE_DIGEST"},
    {"Basic sharing 2-of-3", "ERR_TOO_FEW_SHARES"},  // one share of a 2-of-3
    {"Insufficient number of groups", "ERR_TOO_FEW_SHARES"},
    {"insufficient number of members", "ERR_TOO_FEW_SHARES"},
};

std::string expected_code(const std::string& description) {
  std::string found;
  for (const auto& [needle, code] : kExpected) {
    if (description.find(needle) == std::string::npos) continue;
    EXPECT_TRUE(found.empty()) << "two expectations match: " << description;
    found = code;
  }
  EXPECT_FALSE(found.empty()) << "no expected error for: " << description;
  return found;
}

TEST(Slip39, Wordlist) {
  // The expanded front-coded list equals the published file, word for word.
  std::ifstream in(std::string(EHR_VECTORS_DIR) + "/slip39/wordlist.txt");
  std::string w;
  std::size_t i = 0;
  while (in >> w) {
    ASSERT_LT(i, 1024U);
    EXPECT_EQ(s39::word(i), w) << i;
    EXPECT_EQ(s39::word_index(w), static_cast<int>(i));
    ++i;
  }
  EXPECT_EQ(i, 1024U);
  EXPECT_EQ(s39::word_index("abandon"), -1);
  EXPECT_EQ(s39::word_index(""), -1);
  EXPECT_EQ(s39::word_index("zerox"), -1);
}

TEST(Slip39, PublishedVectors) {
  const auto j = test::load_json("slip39/vectors.json");
  ASSERT_TRUE(j.is_array());
  std::size_t valid = 0, invalid = 0;
  for (const auto& v : j) {
    const std::string description = v[0].get<std::string>();
    std::vector<std::string> texts = v[1].get<std::vector<std::string>>();
    std::vector<std::string_view> mnemonics(texts.begin(), texts.end());
    const std::string secret_hex = v[2].get<std::string>();
    auto r = s39::combine_mnemonics(mnemonics, kTrezor);
    if (secret_hex.empty()) {
      ++invalid;
      EXPECT_EQ(code_of(r), expected_code(description)) << description << ": " << (r.ok() ? "" : r.error().message);
      continue;
    }
    ++valid;
    ASSERT_TRUE(r.ok()) << description << ": " << r.error().message;
    EXPECT_EQ(to_hex(r.value().view()), secret_hex) << description;
    // The fourth element: the BIP-32 master key of the master secret.
    auto root = eth::bip32::from_seed(r.value().view());
    ASSERT_TRUE(root.ok());
    auto xprv = eth::bip32::to_xprv(root.value());
    ASSERT_TRUE(xprv.ok());
    EXPECT_EQ(str(xprv.value()), v[3].get<std::string>()) << description;
    // Each mnemonic re-encodes to itself.
    for (const auto& m : texts) {
      auto s = s39::decode(m);
      ASSERT_TRUE(s.ok()) << description;
      auto again = s39::encode(s.value());
      ASSERT_TRUE(again.ok());
      EXPECT_EQ(str(again.value()), m) << description;
    }
  }
  std::printf("[ slip39 vectors: %zu valid, %zu invalid ]\n", valid, invalid);
  EXPECT_EQ(valid + invalid, j.size());
  EXPECT_EQ(valid, 15U);
  EXPECT_EQ(invalid, 30U);
}

// A seeded generator injected as the scheme's random source.
struct SeededRng {
  std::mt19937_64 gen;
  static void fill(void* ctx, std::span<std::uint8_t> out) noexcept {
    auto& g = static_cast<SeededRng*>(ctx)->gen;
    for (auto& b : out) b = static_cast<std::uint8_t>(g());
  }
  s39::Rng rng() { return s39::Rng{&SeededRng::fill, this}; }
};

std::uint64_t test_seed(const char* label) {
  const char* env = std::getenv("EHR_TEST_SEED");
  const std::uint64_t seed = env != nullptr ? std::strtoull(env, nullptr, 10) : std::random_device{}();
  std::printf("[ %s: seed %llu (replay with EHR_TEST_SEED=%llu) ]\n", label, static_cast<unsigned long long>(seed),
              static_cast<unsigned long long>(seed));
  return seed;
}

std::vector<std::string_view> views(const std::vector<crypto::SecretBytes>& v, const std::vector<std::size_t>& idx) {
  std::vector<std::string_view> out;
  for (auto i : idx) out.emplace_back(reinterpret_cast<const char*>(v[i].view().data()), v[i].size());
  return out;
}

std::vector<std::size_t> pick(std::mt19937_64& g, std::size_t n, std::size_t k) {
  std::vector<std::size_t> all(n);
  for (std::size_t i = 0; i < n; ++i) all[i] = i;
  std::shuffle(all.begin(), all.end(), g);
  all.resize(k);
  return all;
}

TEST(Slip39, EverySingleGroupThresholdRoundTrips) {
  SeededRng src{std::mt19937_64(test_seed("slip39 t-of-n"))};
  std::size_t schemes = 0;
  for (std::uint8_t n = 1; n <= 16; ++n) {
    for (std::uint8_t t = 1; t <= n; ++t) {
      const std::size_t len = 16 + 2 * (src.gen() % 9);  // 16..32, even
      Bytes secret(len);
      for (auto& b : secret) b = static_cast<std::uint8_t>(src.gen());
      const s39::Group group{t, n};
      s39::GenerateOptions opt;
      opt.iteration_exponent = 0;
      auto sets = s39::generate(secret, text_bytes("pass"), 1, {&group, 1}, opt, src.rng());
      if (t == 1 && n > 1) {  // spec GenerateShares step 1
        EXPECT_EQ(code_of(sets), "ERR_BAD_ARGUMENT") << int(t) << "-of-" << int(n);
        continue;
      }
      ++schemes;
      ASSERT_TRUE(sets.ok()) << sets.error().message;
      const auto& shares = sets.value();
      ASSERT_EQ(shares.size(), n);
      // Any t shares (two random choices) give the secret; t - 1 do not.
      for (int trial = 0; trial < 2; ++trial) {
        auto r = s39::combine_mnemonics(views(shares, pick(src.gen, n, t)), text_bytes("pass"));
        ASSERT_TRUE(r.ok()) << int(t) << "-of-" << int(n) << ": " << r.error().message;
        EXPECT_EQ(to_hex(r.value().view()), to_hex(secret)) << int(t) << "-of-" << int(n);
      }
      if (t > 1) {
        auto r = s39::combine_mnemonics(views(shares, pick(src.gen, n, t - 1U)), text_bytes("pass"));
        EXPECT_EQ(code_of(r), "ERR_TOO_FEW_SHARES") << int(t) << "-of-" << int(n);
      }
      if (t < n) {  // more than t shares of one group: the spec says exactly t
        auto r = s39::combine_mnemonics(views(shares, pick(src.gen, n, t + 1U)), text_bytes("pass"));
        EXPECT_EQ(code_of(r), "ERR_BAD_SHARE_SET") << int(t) << "-of-" << int(n);
      }
    }
  }
  EXPECT_EQ(schemes, 136U - 15U);  // 1 <= t <= n <= 16, without the 15 refused 1-of-n (n > 1)
}

TEST(Slip39, TwoLevelSchemesRoundTrip) {
  SeededRng src{std::mt19937_64(test_seed("slip39 groups"))};
  struct Case {
    std::uint8_t group_threshold;
    std::vector<s39::Group> groups;
  };
  const std::vector<Case> cases = {
      {1, {{1, 1}, {1, 1}}},
      {2, {{1, 1}, {1, 1}, {3, 5}, {2, 6}}},  // the spec's example (Alice)
      {2, {{2, 3}, {3, 5}, {1, 1}}},
      {3, {{2, 2}, {2, 3}, {4, 7}, {16, 16}}},
      {16, std::vector<s39::Group>(16, s39::Group{1, 1})},
      {5, std::vector<s39::Group>(16, s39::Group{2, 3})},
  };
  for (const auto& c : cases) {
    for (bool ext : {true, false}) {
      Bytes secret(32);
      for (auto& b : secret) b = static_cast<std::uint8_t>(src.gen());
      s39::GenerateOptions opt;
      opt.iteration_exponent = 0;
      opt.extendable = ext;
      auto sets = s39::generate(secret, kTrezor, c.group_threshold, c.groups, opt, src.rng());
      ASSERT_TRUE(sets.ok()) << sets.error().message;
      // The mnemonics come group after group; each decodes to its group and member index.
      std::vector<std::size_t> first_of(c.groups.size() + 1, 0);
      for (std::size_t g = 0; g < c.groups.size(); ++g) first_of[g + 1] = first_of[g] + c.groups[g].count;
      ASSERT_EQ(sets.value().size(), first_of.back());
      for (std::size_t g = 0; g < c.groups.size(); ++g) {
        for (std::size_t m = 0; m < c.groups[g].count; ++m) {
          auto s = s39::decode(str(sets.value()[first_of[g] + m]));
          ASSERT_TRUE(s.ok());
          EXPECT_EQ(s.value().group_index, g);
          EXPECT_EQ(s.value().member_index, m);
          EXPECT_EQ(s.value().member_threshold, c.groups[g].threshold);
          EXPECT_EQ(s.value().group_threshold, c.group_threshold);
          EXPECT_EQ(s.value().group_count, c.groups.size());
          EXPECT_EQ(s.value().extendable, ext);
        }
      }
      // Random GT groups, T members from each.
      const auto chosen = pick(src.gen, c.groups.size(), c.group_threshold);
      std::vector<std::string_view> use;
      for (auto g : chosen) {
        std::vector<std::size_t> idx = pick(src.gen, c.groups[g].count, c.groups[g].threshold);
        for (auto& i : idx) i += first_of[g];
        for (auto m : views(sets.value(), idx)) use.push_back(m);
      }
      auto r = s39::combine_mnemonics(use, kTrezor);
      ASSERT_TRUE(r.ok()) << r.error().message;
      EXPECT_EQ(to_hex(r.value().view()), to_hex(secret));
      // A wrong passphrase is not detected: it gives another secret.
      auto other = s39::combine_mnemonics(use, text_bytes("trezor"));
      ASSERT_TRUE(other.ok());
      EXPECT_NE(to_hex(other.value().view()), to_hex(secret));
      // One member short in the first chosen group (or, for 1-of-1 groups, one group short).
      std::vector<std::string_view> fewer(use.begin() + 1, use.end());
      EXPECT_EQ(code_of(s39::combine_mnemonics(fewer, kTrezor)), "ERR_TOO_FEW_SHARES");
    }
  }
}

TEST(Slip39, ForgedShareFailsTheDigest) {
  SeededRng src{std::mt19937_64(test_seed("slip39 forged"))};
  Bytes secret(16, 0x42);
  const s39::Group group{3, 5};
  s39::GenerateOptions opt;
  opt.iteration_exponent = 0;
  auto sets = s39::generate(secret, {}, 1, {&group, 1}, opt, src.rng());
  ASSERT_TRUE(sets.ok());
  std::vector<s39::Share> shares;
  for (std::size_t i = 0; i < 3; ++i) {
    auto s = s39::decode(str(sets.value()[i]));
    ASSERT_TRUE(s.ok());
    shares.push_back(std::move(s).value());
  }
  ASSERT_TRUE(s39::combine(shares, {}).ok());
  for (std::size_t byte = 0; byte < 16; ++byte) {
    shares[1].value.mut()[byte] ^= 1;  // a re-encoded share has a valid checksum: only the digest sees this
    auto forged = s39::encode(shares[1]);
    ASSERT_TRUE(forged.ok());
    auto again = s39::decode(str(forged.value()));
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(code_of(s39::combine(shares, {})), "ERR_BAD_SHARE_DIGEST") << byte;
    shares[1].value.mut()[byte] ^= 1;
  }
}

TEST(Slip39, MnemonicDecoding) {
  const auto j = test::load_json("slip39/vectors.json");
  const std::string m = j[0][1][0].get<std::string>();  // a valid 20-word mnemonic
  ASSERT_TRUE(s39::decode(m).ok());
  // Upper case and any ASCII whitespace between words are accepted.
  std::string loose = "  ";
  for (char c : m) loose += c == ' ' ? std::string("\t\n  ") : std::string(1, static_cast<char>(std::toupper(c)));
  auto s = s39::decode(loose + "\n");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(str(s39::encode(s.value()).value()), m);
  // Every single-word substitution is caught (RS1024 detects up to 3 wrong words).
  std::vector<std::string> words;
  for (std::size_t a = 0, b; a < m.size(); a = b + 1) {
    b = m.find(' ', a);
    if (b == std::string::npos) b = m.size();
    words.push_back(m.substr(a, b - a));
  }
  ASSERT_EQ(words.size(), 20U);
  for (std::size_t i = 0; i < words.size(); ++i) {
    auto w = words;
    w[i] = std::string(s39::word((static_cast<std::size_t>(s39::word_index(words[i])) + 1) % 1024));
    std::string t;
    for (const auto& x : w) t += (t.empty() ? "" : " ") + x;
    EXPECT_EQ(code_of(s39::decode(t)), "ERR_BAD_CHECKSUM") << i;
  }
  EXPECT_EQ(code_of(s39::decode("")), "ERR_BAD_MNEMONIC");
  EXPECT_EQ(code_of(s39::decode(m + " bitcoin")), "ERR_BAD_MNEMONIC");    // not a word
  EXPECT_EQ(code_of(s39::decode(m + " academic")), "ERR_BAD_MNEMONIC");   // 21 words: padding > 8 bits
  EXPECT_EQ(code_of(s39::decode(m + " academicx")), "ERR_BAD_MNEMONIC");  // longer than any word
  std::string long_m = m;
  for (int i = 0; i < 15; ++i) long_m += " academic";  // 35 words: a 34-byte value
  EXPECT_EQ(code_of(s39::decode(long_m)), "ERR_UNSUPPORTED");
}

TEST(Slip39, EncryptionIsAPermutation) {
  Bytes ms(32);
  for (std::size_t i = 0; i < ms.size(); ++i) ms[i] = static_cast<std::uint8_t>(i);
  for (bool ext : {false, true}) {
    auto e = s39::encrypt(ms, kTrezor, 0, 0x1234, ext);
    ASSERT_TRUE(e.ok());
    EXPECT_NE(to_hex(e.value().view()), to_hex(ms));
    auto d = s39::decrypt(e.value().view(), kTrezor, 0, 0x1234, ext);
    ASSERT_TRUE(d.ok());
    EXPECT_EQ(to_hex(d.value().view()), to_hex(ms));
    // ext = 0 salts with the identifier; ext = 1 does not.
    auto other_id = s39::encrypt(ms, kTrezor, 0, 0x1235, ext);
    ASSERT_TRUE(other_id.ok());
    EXPECT_EQ(to_hex(other_id.value().view()) == to_hex(e.value().view()), ext);
  }
}

TEST(Slip39, GenerateRefusesBadArguments) {
  const Bytes ms(16, 7);
  const s39::Group g23{2, 3};
  const s39::Group g{1, 1};
  s39::GenerateOptions opt;
  opt.iteration_exponent = 0;
  EXPECT_EQ(code_of(s39::generate(Bytes(15), {}, 1, {&g, 1}, opt)), "ERR_BAD_LENGTH");
  EXPECT_EQ(code_of(s39::generate(Bytes(17), {}, 1, {&g, 1}, opt)), "ERR_BAD_LENGTH");
  EXPECT_EQ(code_of(s39::generate(Bytes(34), {}, 1, {&g, 1}, opt)), "ERR_BAD_LENGTH");
  EXPECT_EQ(code_of(s39::generate(ms, {}, 0, {&g, 1}, opt)), "ERR_BAD_ARGUMENT");
  EXPECT_EQ(code_of(s39::generate(ms, {}, 2, {&g, 1}, opt)), "ERR_BAD_ARGUMENT");
  EXPECT_EQ(code_of(s39::generate(ms, {}, 1, {}, opt)), "ERR_BAD_ARGUMENT");
  const std::vector<s39::Group> seventeen(17, g);
  EXPECT_EQ(code_of(s39::generate(ms, {}, 1, seventeen, opt)), "ERR_BAD_ARGUMENT");
  const s39::Group bad[] = {{3, 2}, {0, 1}, {1, 2}, {17, 17}};
  for (const auto& b : bad) EXPECT_EQ(code_of(s39::generate(ms, {}, 1, {&b, 1}, opt)), "ERR_BAD_ARGUMENT");
  EXPECT_EQ(code_of(s39::generate(ms, text_bytes("caf\xc3\xa9"), 1, {&g23, 1}, opt)), "ERR_BAD_ARGUMENT");
  opt.iteration_exponent = 16;
  EXPECT_EQ(code_of(s39::generate(ms, {}, 1, {&g23, 1}, opt)), "ERR_BAD_ARGUMENT");
  EXPECT_EQ(code_of(s39::combine_mnemonics({}, {})), "ERR_TOO_FEW_SHARES");
}

}  // namespace
