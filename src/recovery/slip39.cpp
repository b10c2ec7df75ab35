#include "recovery/slip39.hpp"

#include <array>
#include <cstring>

#include "common/wordlist.hpp"
#include "crypto/hmac.hpp"
#include "crypto/pbkdf2.hpp"
#include "crypto/random.hpp"
#include "eth/bip39.hpp"

namespace ehr::recovery::slip39 {
namespace {

constexpr std::size_t kWordCount = 1024;
constexpr std::size_t kChecksumWords = 3;
constexpr std::size_t kMetadataWords = 4 + kChecksumWords;  // id/ext/e (2 words), parameters (2 words)
constexpr std::uint8_t kDigestIndex = 254;                  // spec: f(254) holds the digest
constexpr std::uint8_t kSecretIndex = 255;                  // spec: f(255) holds the shared secret
constexpr std::size_t kDigestSize = 4;
constexpr std::uint32_t kRoundIterations = 2500;  // 10000 << e in total over the 4 Feistel rounds

// One share value or secret of n <= 32 bytes (the first n bytes used), wiped when it goes.
using Block = crypto::Secret<kMaxSecretSize>;

// One out-of-line constructor for every failure (fixed texts: no formatting code in the module).
[[gnu::noinline]] Error err(Errc code, const char* msg) { return Error{code, msg}; }

// ---- wordlist ------------------------------------------------------------------------------------------
// The list in 8-byte slots (NUL-padded), built on first use by merging the BIP-39 words that
// kFromBip39 marks with the front-coded kExtraWords (both sorted).
char g_words[kWordCount][8];

bool build_words() noexcept {
  const char* p = kExtraWords;
  char extra[8] = {};
  bool more = true;  // `extra` holds a word not yet placed
  const auto next_extra = [&] {
    more = *p != '\0';
    if (!more) return;
    auto n = static_cast<std::size_t>(*p++ - '0');
    while (*p >= 'a') extra[n++] = *p++;
    while (n < 8) extra[n++] = '\0';
  };
  next_extra();
  const char* bip39 = eth::bip39::english_slots();
  std::size_t b = 0;
  for (auto& slot : g_words) {
    while (b < 2048 && ((kFromBip39[b / 8] >> (b % 8)) & 1U) == 0) ++b;
    const char* bip = bip39 + b * 8;
    if (b < 2048 && (!more || std::strncmp(bip, extra, 8) < 0)) {
      std::memcpy(slot, bip, 8);
      ++b;
    } else {
      std::memcpy(slot, extra, 8);
      next_extra();
    }
  }
  return true;
}

// ---- 10-bit words ---------------------------------------------------------------------------------------
// The word indices of one mnemonic (secret: they encode the share value), wiped when done.
struct Words {
  std::array<std::uint16_t, kMaxWords> w{};
  std::size_t bits = 0;  // bits written so far (put) or read so far (get)
  ~Words() { crypto::wipe(w.data(), sizeof w); }
  // Appends the low `n` bits of `v`, most significant first (spec: big-endian throughout).
  void put(unsigned v, unsigned n) noexcept {
    for (unsigned i = n; i-- > 0; ++bits) {
      auto& x = w[bits / 10];
      x = static_cast<std::uint16_t>((unsigned{x} << 1) | ((v >> i) & 1U));
    }
  }
  // Reads the next `n` bits.
  unsigned get(unsigned n) noexcept {
    unsigned v = 0;
    for (unsigned i = 0; i < n; ++i, ++bits) v = (v << 1) | ((w[bits / 10] >> (9 - bits % 10)) & 1U);
    return v;
  }
};

// ---- RS1024 (spec "Checksum") ---------------------------------------------------------------------------
std::uint32_t rs1024_polymod(bool extendable, const std::uint16_t* words, std::size_t n) noexcept {
  static constexpr std::uint32_t kGen[10] = {0xe0e040,   0x1c1c080,  0x3838100,  0x7070200,  0xe0e0009,
                                             0x1c0c2412, 0x38086c24, 0x3090fc48, 0x21b1f890, 0x3f3f120};
  // The customization string's US-ASCII values come first: "shamir" when ext = 0, else
  // "shamir_extendable".
  const std::string_view cs = extendable ? "shamir_extendable" : "shamir";
  std::uint32_t chk = 1;
  for (std::size_t k = 0; k < cs.size() + n; ++k) {
    const std::uint32_t v = k < cs.size() ? static_cast<std::uint8_t>(cs[k]) : words[k - cs.size()];
    const std::uint32_t b = chk >> 20;
    chk = ((chk & 0xfffff) << 10) ^ v;
    for (unsigned i = 0; i < 10; ++i) chk ^= kGen[i] & (0U - ((b >> i) & 1U));
  }
  return chk;
}

// ---- GF(256) with the Rijndael polynomial x^8 + x^4 + x^3 + x + 1 -----------------------------------------
// Constant time: share values are secret, so no log/exp tables indexed by them.
std::uint8_t gf_mul(unsigned a, unsigned b) noexcept {
  unsigned r = 0;
  for (int i = 0; i < 8; ++i) {
    r ^= a & (0U - (b & 1U));
    b >>= 1;
    a = ((a << 1) ^ (0x11bU & (0U - (a >> 7)))) & 0xffU;
  }
  return static_cast<std::uint8_t>(r);
}

// Interpolate(x, {(xs[i], ys[i])}) (spec "Polynomial interpolation") for m points of n bytes: the
// Lagrange basis coefficients depend on the public indices only; each secret byte is multiplied in
// constant time. The xs are pairwise distinct (the callers check).
void interpolate(std::uint8_t x, const std::uint8_t* xs, const std::uint8_t* const* ys, std::size_t m, std::size_t n,
                 std::uint8_t* out) noexcept {
  std::memset(out, 0, n);
  for (std::size_t i = 0; i < m; ++i) {
    std::uint8_t num = 1, den = 1;
    for (std::size_t j = 0; j < m; ++j) {
      if (j == i) continue;
      num = gf_mul(num, x ^ xs[j]);
      den = gf_mul(den, xs[i] ^ xs[j]);
    }
    // c = num / den; den^-1 = den^254 = den^(2 + 4 + ... + 128).
    std::uint8_t c = num;
    for (int k = 0; k < 7; ++k) {
      den = gf_mul(den, den);
      c = gf_mul(c, den);
    }
    for (std::size_t k = 0; k < n; ++k) out[k] ^= gf_mul(c, ys[i][k]);
  }
}

void fill(const Rng& rng, std::uint8_t* out, std::size_t n) noexcept {
  if (rng.fill != nullptr) rng.fill(rng.ctx, {out, n});
  else crypto::random_bytes({out, n});
}

// The digest part of D (spec "Digest"): the first 4 bytes of HMAC-SHA256(key = R, msg = S), where
// R is the last n - 4 bytes of D.
crypto::Secret<32> digest_of(const Block& d, const std::uint8_t* secret, std::size_t n) noexcept {
  return crypto::hmac_sha256(d.view().subspan(kDigestSize, n - kDigestSize), ByteView(secret, n));
}

// SplitSecret(T, N, S) (spec "Sharing a secret") into out[0 .. N-1]; T and N are checked by the
// caller.
void split_secret(std::size_t threshold, std::size_t count, const std::uint8_t* secret, std::size_t n, const Rng& rng,
                  Block* out) noexcept {
  if (threshold == 1) {  // step 2
    for (std::size_t i = 0; i < count; ++i) std::memcpy(out[i].data(), secret, n);
    return;
  }
  // Step 3: D = first 4 bytes of HMAC-SHA256(R, S) || R, with R random (n - 4 bytes).
  Block d;
  fill(rng, d.data() + kDigestSize, n - kDigestSize);
  std::memcpy(d.data(), digest_of(d, secret, n).data(), kDigestSize);
  // Step 4: y_1 .. y_{T-2} random, at indices 0 .. T-3; then (254, D) and (255, S).
  std::uint8_t xs[kMaxShareCount];
  const std::uint8_t* ys[kMaxShareCount];
  for (std::size_t i = 0; i + 2 < threshold; ++i) {
    fill(rng, out[i].data(), n);
    xs[i] = static_cast<std::uint8_t>(i);
    ys[i] = out[i].data();
  }
  xs[threshold - 2] = kDigestIndex;
  ys[threshold - 2] = d.data();
  xs[threshold - 1] = kSecretIndex;
  ys[threshold - 1] = secret;
  // Step 5: the remaining shares are the polynomial's values at T - 2 .. N - 1.
  for (std::size_t i = threshold - 2; i < count; ++i)
    interpolate(static_cast<std::uint8_t>(i), xs, ys, threshold, n, out[i].data());
}

// RecoverSecret(T, [(x_i, y_i)]) (spec "Combining the shares") into out; the m = T xs are
// distinct (checked by the caller).
Status recover_secret(const std::uint8_t* xs, const std::uint8_t* const* ys, std::size_t m, std::size_t n, Block& out) {
  if (m == 1) {  // step 1
    std::memcpy(out.data(), ys[0], n);
    return ok_status();
  }
  Block d;
  interpolate(kSecretIndex, xs, ys, m, n, out.data());  // step 2
  interpolate(kDigestIndex, xs, ys, m, n, d.data());    // step 3
  // Step 4: the digest's first 4 bytes are HMAC-SHA256(R, S) truncated, R its other bytes.
  if (!crypto::tag_matches(digest_of(d, out.data(), n).view(), d.view().first(kDigestSize), kDigestSize))
    return err(Errc::bad_share_digest, "SLIP-39: bad digest (altered or forged share)");
  return ok_status();
}

bool secret_size_ok(std::size_t n) noexcept { return n >= kMinSecretSize && n <= kMaxSecretSize && n % 2 == 0; }

// The ranges of a share's fields (the encoded form holds 4 bits each, thresholds minus one).
bool share_fields_ok(const Share& s) noexcept {
  return s.identifier < 0x8000 && s.iteration_exponent <= kMaxIterationExponent && s.group_index < 16 &&
         s.group_threshold >= 1 && s.group_threshold <= s.group_count && s.group_count <= kMaxShareCount &&
         s.member_index < 16 && s.member_threshold >= 1 && s.member_threshold <= kMaxShareCount &&
         secret_size_ok(s.value_size);
}

// The 4-round Feistel network (spec "Encryption of the master secret") from `in` to out (both
// in.size() bytes); `decrypt` runs the round indices backwards.
Status feistel(ByteView in, ByteView passphrase, std::uint8_t e, std::uint16_t id, bool ext, bool decrypt,
               std::uint8_t* out) {
  if (!secret_size_ok(in.size())) return err(Errc::bad_length, "SLIP-39: secret not 16..32 bytes, even");
  for (auto c : passphrase)
    if (c < 32 || c > 126) return err(Errc::bad_argument, "SLIP-39: passphrase not printable ASCII");
  if (e > kMaxIterationExponent || id >= 0x8000) return err(Errc::bad_argument, "SLIP-39: exponent above 15");
  const std::size_t half = in.size() / 2;
  // Password = i || passphrase (i one byte); salt = salt_prefix || R, where salt_prefix is
  // "shamir" || id (big-endian) when ext = 0 and empty when ext = 1.
  crypto::SecretBytes password(1 + passphrase.size());
  if (!passphrase.empty()) std::memcpy(password.mut().data() + 1, passphrase.data(), passphrase.size());
  const std::size_t prefix = ext ? 0 : 8;
  Block l(in), r(in.subspan(half)), f;
  crypto::Secret<8 + kMaxSecretSize / 2> salt;
  std::memcpy(salt.data(), "shamir", 6);
  salt.data()[6] = static_cast<std::uint8_t>(id >> 8);
  salt.data()[7] = static_cast<std::uint8_t>(id);
  for (unsigned round = 0; round < 4; ++round) {
    password.mut()[0] = static_cast<std::uint8_t>(decrypt ? 3 - round : round);
    std::memcpy(salt.data() + prefix, r.data(), half);
    auto s = crypto::pbkdf2_hmac_sha256(password.view(), salt.view().first(prefix + half), kRoundIterations << e,
                                        f.mut().first(half));
    if (!s) return s;
    // (L, R) = (R, L xor F(i, R))
    for (std::size_t k = 0; k < half; ++k) {
      const std::uint8_t x = l.data()[k] ^ f.data()[k];
      l.data()[k] = r.data()[k];
      r.data()[k] = x;
    }
  }
  // Output R || L.
  std::memcpy(out, r.data(), half);
  std::memcpy(out + half, l.data(), half);
  return ok_status();
}

Result<crypto::SecretBytes> feistel_bytes(ByteView in, ByteView passphrase, std::uint8_t e, std::uint16_t id, bool ext,
                                          bool decrypt) {
  crypto::SecretBytes out(in.size());
  auto s = feistel(in, passphrase, e, id, ext, decrypt, out.mut().data());
  if (!s) return s.error();
  return out;
}

// Step 1 of "Combining the shares", then steps 2 and 3: the EMS into `ems`.
Status recover_ems(std::span<const Share> shares, Block& ems) {
  if (shares.empty()) return err(Errc::too_few_shares, "SLIP-39: no shares");
  // Valid fields, and the same id, ext, e, GT, G and length everywhere.
  const Share& first = shares[0];
  std::uint8_t members[16] = {};    // shares per group index
  std::uint8_t threshold[16] = {};  // member threshold per group index
  for (std::size_t i = 0; i < shares.size(); ++i) {
    const Share& s = shares[i];
    if (!share_fields_ok(s)) return err(Errc::bad_argument, "SLIP-39: share field out of range");
    if (s.identifier != first.identifier || s.extendable != first.extendable ||
        s.iteration_exponent != first.iteration_exponent || s.group_threshold != first.group_threshold ||
        s.group_count != first.group_count || s.value_size != first.value_size)
      return err(Errc::bad_share_set, "SLIP-39: shares of different sets");
    // One member threshold per group; member indices pairwise distinct.
    if (members[s.group_index]++ != 0 && threshold[s.group_index] != s.member_threshold)
      return err(Errc::bad_share_set, "SLIP-39: member thresholds differ");
    threshold[s.group_index] = s.member_threshold;
    for (std::size_t j = 0; j < i; ++j)
      if (s.group_index == shares[j].group_index && s.member_index == shares[j].member_index)
        return err(Errc::bad_share_set, "SLIP-39: repeated share index");
  }
  // Exactly GT groups, each with exactly its T shares.
  std::size_t groups = 0;
  bool short_group = false, long_group = false;
  for (std::size_t g = 0; g < 16; ++g) {
    groups += members[g] != 0 ? 1 : 0;
    short_group = short_group || members[g] < threshold[g];
    long_group = long_group || members[g] > threshold[g];
  }
  if (groups < first.group_threshold) return err(Errc::too_few_shares, "SLIP-39: too few groups");
  if (short_group) return err(Errc::too_few_shares, "SLIP-39: too few shares");
  if (groups > first.group_threshold || long_group)
    return err(Errc::bad_share_set, "SLIP-39: more shares than thresholds");
  // Step 2: each group's share from its members; step 3: the EMS from the group shares.
  const std::size_t n = first.value_size;
  Block group_shares[16];
  std::uint8_t gx[16];
  const std::uint8_t* gy[16];
  std::size_t k = 0;
  for (std::uint8_t g = 0; g < 16; ++g) {
    if (members[g] == 0) continue;
    std::uint8_t xs[16];
    const std::uint8_t* ys[16];
    std::size_t m = 0;
    for (const auto& s : shares) {
      if (s.group_index != g) continue;
      xs[m] = s.member_index;
      ys[m++] = s.value.data();
    }
    auto st = recover_secret(xs, ys, m, n, group_shares[k]);
    if (!st) return st;
    gx[k] = g;
    gy[k] = group_shares[k].data();
    ++k;
  }
  return recover_secret(gx, gy, k, n, ems);
}

}  // namespace

std::string_view word(std::size_t index) noexcept {
  static const bool ready = build_words();  // once (thread-safe static initialization)
  (void)ready;
  return wordlist::slot_word(g_words[index]);
}

int word_index(std::string_view w) noexcept { return wordlist::sorted_index(w, kWordCount, word); }

// ---- share mnemonics (spec "Format of the share mnemonic") ----------------------------------------------
Result<crypto::SecretBytes> encode(const Share& s) {
  if (!share_fields_ok(s)) return err(Errc::bad_argument, "SLIP-39: share field out of range");
  const std::size_t n = s.value_size;
  const std::size_t value_words = (8 * n + 9) / 10;
  Words w;
  // id (15) || ext (1) || e (4) || GI (4) || Gt (4) || g (4) || I (4) || t (4) || padding || value
  w.put(s.identifier, 15);
  w.put(s.extendable ? 1U : 0U, 1);
  w.put(s.iteration_exponent, 4);
  w.put(s.group_index, 4);
  w.put(s.group_threshold - 1U, 4);
  w.put(s.group_count - 1U, 4);
  w.put(s.member_index, 4);
  w.put(s.member_threshold - 1U, 4);
  w.put(0, static_cast<unsigned>(value_words * 10 - 8 * n));  // left padding with "0" bits
  for (std::size_t i = 0; i < n; ++i) w.put(s.value.data()[i], 8);
  // The checksum: rs1024_polymod(cs || data || 0 0 0) ^ 1, as three words.
  const std::size_t words = 4 + value_words + kChecksumWords;
  const std::uint32_t chk = rs1024_polymod(s.extendable, w.w.data(), words) ^ 1U;
  for (std::size_t i = 0; i < kChecksumWords; ++i)
    w.w[words - 3 + i] = static_cast<std::uint16_t>((chk >> (10 * (2 - i))) & 1023U);
  std::size_t len = words - 1;
  for (std::size_t i = 0; i < words; ++i) len += word(w.w[i]).size();
  crypto::SecretBytes out(len);
  std::uint8_t* p = out.mut().data();
  for (std::size_t i = 0; i < words; ++i) {
    if (i != 0) *p++ = ' ';
    const auto t = word(w.w[i]);
    std::memcpy(p, t.data(), t.size());
    p += t.size();
  }
  return out;
}

Result<Share> decode(std::string_view mnemonic) {
  Words w;
  std::size_t count = 0;
  char buf[8];
  const auto space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
  for (std::size_t i = 0; i < mnemonic.size();) {
    // Words are separated by runs of ASCII whitespace; upper-case letters are read as lower-case.
    if (space(mnemonic[i])) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    for (; i < mnemonic.size() && !space(mnemonic[i]); ++i, ++len) {
      char c = mnemonic[i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + ('a' - 'A'));
      if (len < 8) buf[len] = c;
    }
    const int idx = len <= 8 ? word_index(std::string_view(buf, len)) : -1;
    crypto::wipe(buf, sizeof buf);
    if (idx < 0) return err(Errc::bad_mnemonic, "SLIP-39: unknown word");
    if (count < kMaxWords) w.w[count] = static_cast<std::uint16_t>(idx);
    ++count;
  }
  if (count < kMinWords) return err(Errc::bad_mnemonic, "SLIP-39: fewer than 20 words");
  // The padding (value words * 10 bits mod 16) must not exceed 8 bits.
  const std::size_t value_words = count - kMetadataWords;
  const auto padding = static_cast<unsigned>((10 * value_words) % 16);
  if (padding > 8) return err(Errc::bad_mnemonic, "SLIP-39: bad word count");
  if (count > kMaxWords) return err(Errc::unsupported, "SLIP-39: over 33 words");

  Share s;
  s.identifier = static_cast<std::uint16_t>(w.get(15));
  s.extendable = w.get(1) != 0;
  s.iteration_exponent = static_cast<std::uint8_t>(w.get(4));
  if (rs1024_polymod(s.extendable, w.w.data(), count) != 1) return err(Errc::bad_checksum, "SLIP-39: invalid checksum");
  s.group_index = static_cast<std::uint8_t>(w.get(4));
  s.group_threshold = static_cast<std::uint8_t>(w.get(4) + 1);
  s.group_count = static_cast<std::uint8_t>(w.get(4) + 1);
  s.member_index = static_cast<std::uint8_t>(w.get(4));
  s.member_threshold = static_cast<std::uint8_t>(w.get(4) + 1);
  if (s.group_threshold > s.group_count) return err(Errc::bad_mnemonic, "SLIP-39: group threshold above count");
  if (w.get(padding) != 0) return err(Errc::bad_mnemonic, "SLIP-39: invalid padding");
  s.value_size = static_cast<std::uint8_t>((10 * value_words - padding) / 8);
  for (std::size_t i = 0; i < s.value_size; ++i) s.value.data()[i] = static_cast<std::uint8_t>(w.get(8));
  return s;
}

// ---- encryption (spec "Encryption / Decryption of the master secret") ----------------------------------
Result<crypto::SecretBytes> encrypt(ByteView secret, ByteView passphrase, std::uint8_t iteration_exponent,
                                    std::uint16_t identifier, bool extendable) {
  return feistel_bytes(secret, passphrase, iteration_exponent, identifier, extendable, false);
}

Result<crypto::SecretBytes> decrypt(ByteView encrypted, ByteView passphrase, std::uint8_t iteration_exponent,
                                    std::uint16_t identifier, bool extendable) {
  return feistel_bytes(encrypted, passphrase, iteration_exponent, identifier, extendable, true);
}

// ---- GenerateShares ------------------------------------------------------------------------------------
Result<std::vector<crypto::SecretBytes>> generate(ByteView master_secret, ByteView passphrase,
                                                  std::uint8_t group_threshold, std::span<const Group> groups,
                                                  const GenerateOptions& options, Rng rng) {
  bool ok =
      !groups.empty() && groups.size() <= kMaxShareCount && group_threshold >= 1 && group_threshold <= groups.size();
  // Step 1 also refuses a member threshold of 1 with more than one member (use 1-of-1).
  for (const auto& g : groups)
    ok = ok && g.threshold >= 1 && g.threshold <= g.count && g.count <= kMaxShareCount &&
         (g.threshold > 1 || g.count == 1);
  if (!ok) return err(Errc::bad_argument, "SLIP-39: bad groups or thresholds");
  // Step 2: a random 15-bit identifier.
  std::uint8_t idb[2];
  fill(rng, idb, 2);
  Share s;
  s.identifier = static_cast<std::uint16_t>(((idb[0] << 8) | idb[1]) & 0x7fff);
  s.extendable = options.extendable;
  s.iteration_exponent = options.iteration_exponent;
  s.group_threshold = group_threshold;
  s.group_count = static_cast<std::uint8_t>(groups.size());
  s.value_size = static_cast<std::uint8_t>(master_secret.size());
  // Step 4: EMS = Encrypt(MS, P, e, id, ext) (checks the secret's size, the passphrase and e).
  Block ems;
  auto st = feistel(master_secret, passphrase, s.iteration_exponent, s.identifier, s.extendable, false, ems.data());
  if (!st) return st.error();
  // Steps 5-7: group shares, then member shares of each.
  const std::size_t n = master_secret.size();
  Block group_shares[kMaxShareCount];
  Block members[kMaxShareCount];
  split_secret(group_threshold, groups.size(), ems.data(), n, rng, group_shares);
  std::vector<crypto::SecretBytes> out;
  for (std::size_t i = 0; i < groups.size(); ++i) {
    split_secret(groups[i].threshold, groups[i].count, group_shares[i].data(), n, rng, members);
    s.group_index = static_cast<std::uint8_t>(i);
    s.member_threshold = groups[i].threshold;
    for (std::size_t j = 0; j < groups[i].count; ++j) {
      s.member_index = static_cast<std::uint8_t>(j);
      std::memcpy(s.value.data(), members[j].data(), n);
      auto m = encode(s);
      if (!m) return m.error();
      out.push_back(std::move(m).value());
    }
  }
  return out;
}

// ---- Combining the shares ------------------------------------------------------------------------------
Result<crypto::SecretBytes> recover_encrypted(std::span<const Share> shares) {
  Block ems;
  auto st = recover_ems(shares, ems);
  if (!st) return st.error();
  return crypto::SecretBytes(ems.view().first(shares[0].value_size));
}

Result<crypto::SecretBytes> combine(std::span<const Share> shares, ByteView passphrase) {
  Block ems;
  auto st = recover_ems(shares, ems);
  if (!st) return st.error();
  const Share& s = shares[0];
  return feistel_bytes(ems.view().first(s.value_size), passphrase, s.iteration_exponent, s.identifier, s.extendable,
                       true);
}

Result<crypto::SecretBytes> combine_mnemonics(std::span<const std::string_view> mnemonics, ByteView passphrase) {
  std::vector<Share> shares(mnemonics.size());
  for (std::size_t i = 0; i < mnemonics.size(); ++i) {
    auto s = decode(mnemonics[i]);
    if (!s) return s.error();
    shares[i] = std::move(s).value();
  }
  return combine(shares, passphrase);
}

}  // namespace ehr::recovery::slip39
