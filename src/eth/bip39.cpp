#include "eth/bip39.hpp"

#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "common/wordlist.hpp"
#include "crypto/pbkdf2.hpp"
#include "crypto/sha256.hpp"

namespace ehr::eth::bip39 {
namespace {

Error bad(std::string msg) { return Error{Errc::bad_mnemonic, "mnemonic: " + std::move(msg)}; }

// Bit i (0 = most significant of byte 0) of `bytes`.
inline unsigned bit_at(const std::uint8_t* bytes, std::size_t i) noexcept { return (bytes[i / 8] >> (7 - i % 8)) & 1U; }

}  // namespace

namespace {
char g_slots[2048][8];  // the expanded list (public data)

bool expand_words() noexcept {
  const char* p = kEnglishFrontCoded;
  for (std::size_t i = 0; i < 2048; ++i) {
    if (i != 0) std::memcpy(g_slots[i], g_slots[i - 1], 8);
    auto n = static_cast<std::size_t>(*p++ - '0');
    while (*p >= 'a') g_slots[i][n++] = *p++;
    while (n < 8) g_slots[i][n++] = '\0';
  }
  return true;
}
}  // namespace

const char* english_slots() noexcept {
  static const bool ready = expand_words();  // once (thread-safe static initialization)
  (void)ready;
  return &g_slots[0][0];
}

std::string_view english_word(std::size_t index) noexcept { return wordlist::slot_word(english_slots() + index * 8); }

int word_index(std::string_view word) noexcept { return wordlist::sorted_index(word, 2048, english_word); }

Result<crypto::SecretBytes> entropy_to_mnemonic(ByteView entropy) {
  const std::size_t ent = entropy.size() * 8;
  if (entropy.size() < 16 || entropy.size() > 32 || entropy.size() % 4 != 0)
    return Error{Errc::bad_length, "mnemonic: entropy must be 16, 20, 24, 28 or 32 bytes"};
  // BIP-39: checksum = first ENT/32 bits of SHA-256(entropy); words = (ENT + CS) / 11.
  const Hash32 h = crypto::sha256(entropy);
  std::uint8_t buf[33];
  std::memcpy(buf, entropy.data(), entropy.size());
  buf[entropy.size()] = h[0];
  const std::size_t words = (ent + ent / 32) / 11;
  std::size_t len = 0;
  for (std::size_t w = 0; w < words; ++w) {
    unsigned idx = 0;
    for (std::size_t b = 0; b < 11; ++b) idx = (idx << 1) | bit_at(buf, w * 11 + b);
    len += english_word(idx).size() + (w ? 1 : 0);
  }
  crypto::SecretBytes out(len);
  std::size_t pos = 0;
  for (std::size_t w = 0; w < words; ++w) {
    unsigned idx = 0;
    for (std::size_t b = 0; b < 11; ++b) idx = (idx << 1) | bit_at(buf, w * 11 + b);
    if (w) out.mut()[pos++] = ' ';
    const std::string_view word = english_word(idx);
    std::memcpy(out.mut().data() + pos, word.data(), word.size());
    pos += word.size();
  }
  sodium_memzero(buf, sizeof buf);
  return out;
}

Result<crypto::SecretBytes> generate_mnemonic(std::size_t words) {
  if (words < 12 || words > 24 || words % 3 != 0)
    return Error{Errc::bad_argument, "mnemonic: word count must be 12, 15, 18, 21 or 24"};
  crypto::SecretBytes entropy(words * 4 / 3);
  randombytes_buf(entropy.mut().data(), entropy.size());
  return entropy_to_mnemonic(entropy.view());
}

Result<crypto::SecretBytes> mnemonic_to_entropy(std::string_view mnemonic) {
  std::uint8_t bits[33] = {};
  std::size_t nwords = 0;
  std::size_t start = 0;
  for (;;) {
    const std::size_t sp = mnemonic.find(' ', start);
    const std::string_view word =
        mnemonic.substr(start, sp == std::string_view::npos ? std::string_view::npos : sp - start);
    if (word.empty()) {
      sodium_memzero(bits, sizeof bits);
      return bad("words must be separated by single spaces, with none at either end");
    }
    if (nwords >= 24) {
      sodium_memzero(bits, sizeof bits);
      return bad("more than 24 words");
    }
    const int idx = word_index(word);
    if (idx < 0) {
      sodium_memzero(bits, sizeof bits);
      return bad("word " + std::to_string(nwords + 1) + " is not in the English wordlist");
    }
    for (std::size_t b = 0; b < 11; ++b) {
      const std::size_t i = nwords * 11 + b;
      if ((static_cast<unsigned>(idx) >> (10 - b)) & 1U) bits[i / 8] |= static_cast<std::uint8_t>(0x80U >> (i % 8));
    }
    ++nwords;
    if (sp == std::string_view::npos) break;
    start = sp + 1;
  }
  if (nwords < 12 || nwords % 3 != 0) {
    sodium_memzero(bits, sizeof bits);
    return bad("word count must be 12, 15, 18, 21 or 24");
  }
  const std::size_t total = nwords * 11;
  const std::size_t ent = total * 32 / 33;
  const std::size_t cs = total - ent;
  crypto::SecretBytes entropy(ByteView(bits, ent / 8));
  const Hash32 h = crypto::sha256(entropy.view());
  unsigned got = 0, want = 0;
  for (std::size_t b = 0; b < cs; ++b) {
    got = (got << 1) | bit_at(bits, ent + b);
    want = (want << 1) | ((h[0] >> (7 - b)) & 1U);
  }
  sodium_memzero(bits, sizeof bits);
  if (got != want) return bad("checksum does not match (a word is wrong or out of order)");
  return entropy;
}

Result<crypto::Secret<64>> mnemonic_to_seed(std::string_view mnemonic, ByteView passphrase, bool check) {
  if (check) {
    auto e = mnemonic_to_entropy(mnemonic);
    if (!e) return e.error();
  }
  // BIP-39: salt = "mnemonic" + passphrase (both NFKD-normalized by the caller).
  crypto::SecretBytes salt(8 + passphrase.size());
  std::memcpy(salt.mut().data(), "mnemonic", 8);
  if (!passphrase.empty()) std::memcpy(salt.mut().data() + 8, passphrase.data(), passphrase.size());
  crypto::Secret<64> seed;
  auto s = crypto::pbkdf2_hmac_sha512(
      ByteView(reinterpret_cast<const std::uint8_t*>(mnemonic.data()), mnemonic.size()),  // NOLINT
      salt.view(), 2048, seed.mut());
  if (!s) return s.error();
  return seed;
}

}  // namespace ehr::eth::bip39
