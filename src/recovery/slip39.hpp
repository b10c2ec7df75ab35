// SLIP-0039: Shamir's Secret-Sharing for Mnemonic Codes
// (https://github.com/satoshilabs/slips/blob/master/slip-0039.md). A master secret of 16..32 bytes
// (even length) is encrypted with a passphrase (a 4-round Feistel network over
// PBKDF2-HMAC-SHA256), split in two levels (group shares, then member shares in each group) with
// Shamir's scheme over GF(256), and each share is written as a mnemonic of 20..33 words from a
// 1024-word list, with an RS1024 checksum.
//
// Used for account recovery: guardians hold member shares of the patient's key material.
//
// Mnemonic text is lower-case English words separated by single ASCII spaces when produced; when
// read, any run of ASCII whitespace separates words and upper-case letters are accepted. Every
// mnemonic, share value and secret is held in a wiping container (crypto::SecretBytes, Secret<N>).
//
// Errors: bad_mnemonic (unknown word, length, padding, group threshold above group count),
// bad_checksum (RS1024), unsupported (share values longer than 32 bytes), bad_share_set (shares
// that do not belong together: identifier, flags, exponent, thresholds, counts, lengths, repeated
// indices, more shares than a threshold), too_few_shares, bad_share_digest (the interpolated
// digest does not match: a share was altered or fabricated), bad_length and bad_argument (inputs
// of generate/encrypt).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "crypto/secret.hpp"

namespace ehr::recovery::slip39 {

inline constexpr std::size_t kMinSecretSize = 16;          ///< bytes (128 bits, the spec's minimum)
inline constexpr std::size_t kMaxSecretSize = 32;          ///< bytes (this implementation's maximum)
inline constexpr std::size_t kMaxShareCount = 16;          ///< groups, and members in a group
inline constexpr std::uint8_t kMaxIterationExponent = 15;  ///< e: 4 bits
inline constexpr std::size_t kMinWords = 20;               ///< a 16-byte share
inline constexpr std::size_t kMaxWords = 33;               ///< a 32-byte share
/// Longest mnemonic text this module writes: 33 words of at most 8 letters and 32 spaces.
inline constexpr std::size_t kMaxMnemonicSize = kMaxWords * 9 - 1;

/// The wordlist (generated: scripts/gen-slip39-english.mjs): bit i of kFromBip39 says whether
/// BIP-39 English word i (eth/bip39.hpp) is also a SLIP-0039 word; kExtraWords front-codes the
/// others. The two sorted lists are merged into the 1024 words on first use.
inline constexpr std::size_t kExtraWordsSize = 2570;
extern const std::uint8_t kFromBip39[256];
extern const char kExtraWords[kExtraWordsSize + 1];

/// Word `index` (0..1023; the caller checks) of the SLIP-0039 list.
[[nodiscard]] std::string_view word(std::size_t index) noexcept;
/// The index of `w` (lower-case) in the list, or -1.
[[nodiscard]] int word_index(std::string_view w) noexcept;

/// One share: the fields of a share mnemonic (spec "Format of the share mnemonic"), with the
/// thresholds and the group count as their actual values (1..16), not as encoded (value - 1).
struct Share {
  std::uint16_t identifier = 0;          ///< id: 15 bits, common to every share of a set
  bool extendable = false;               ///< ext: 1 = the id is not part of the encryption salt
  std::uint8_t iteration_exponent = 0;   ///< e (0..15): each Feistel round runs 2500 << e iterations
  std::uint8_t group_index = 0;          ///< GI (0..15): x of the group share
  std::uint8_t group_threshold = 1;      ///< GT (1..16)
  std::uint8_t group_count = 1;          ///< G (GT..16)
  std::uint8_t member_index = 0;         ///< I (0..15): x of the member share in its group
  std::uint8_t member_threshold = 1;     ///< T (1..16)
  std::uint8_t value_size = 0;           ///< n: bytes of the share value, 16..32, even
  crypto::Secret<kMaxSecretSize> value;  ///< the share value in its first value_size bytes

  /// The share value (value_size bytes).
  [[nodiscard]] ByteView value_view() const noexcept { return value.view().first(value_size); }
};

/// Parses a share mnemonic. Fails with bad_mnemonic (unknown word, fewer than 20 words, a length
/// whose padding would exceed 8 bits, non-zero padding bits, group threshold above group count),
/// bad_checksum (RS1024 with "shamir" or "shamir_extendable" as the ext flag says), unsupported
/// (more than 33 words: values longer than 32 bytes).
[[nodiscard]] Result<Share> decode(std::string_view mnemonic);

/// The mnemonic of `share` (words separated by single spaces), with its checksum. Fails with
/// bad_argument when a field is out of range or the value is not 16..32 bytes of even length.
[[nodiscard]] Result<crypto::SecretBytes> encode(const Share& share);

/// The encrypted master secret (spec "Encryption of the master secret"): the Feistel network
/// with F(i, R) = PBKDF2-HMAC-SHA256(i || passphrase, salt_prefix || R, 2500 << e, n/2), where
/// salt_prefix is "shamir" || id (2 bytes, big-endian) when ext = 0 and empty when ext = 1.
/// `secret`: 16..32 bytes, even (else bad_length); `passphrase`: printable ASCII 32..126 (else
/// bad_argument); `iteration_exponent` <= 15 (else bad_argument).
[[nodiscard]] Result<crypto::SecretBytes> encrypt(ByteView secret, ByteView passphrase, std::uint8_t iteration_exponent,
                                                  std::uint16_t identifier, bool extendable);
/// The inverse of encrypt() (the same rounds in reverse order). Same failures.
[[nodiscard]] Result<crypto::SecretBytes> decrypt(ByteView encrypted, ByteView passphrase,
                                                  std::uint8_t iteration_exponent, std::uint16_t identifier,
                                                  bool extendable);

/// A random source: fill(ctx, out) writes out.size() random bytes. With fill == nullptr the
/// project's CSPRNG (crypto::random_bytes) is used. Tests inject a seeded generator.
struct Rng {
  void (*fill)(void* ctx, std::span<std::uint8_t> out) noexcept = nullptr;
  void* ctx = nullptr;
};

/// One group of a two-level scheme: `threshold` of `count` member shares rebuild the group share.
struct Group {
  std::uint8_t threshold = 1;  ///< T (1..count; 1 only with count 1, spec GenerateShares step 1)
  std::uint8_t count = 1;      ///< N (1..16)
};

/// Options of generate().
struct GenerateOptions {
  std::uint8_t iteration_exponent = 1;  ///< e (0..15); 1 = 20,000 PBKDF2 iterations in total
  bool extendable = true;               ///< ext; the spec's GenerateShares sets 1
};

/// GenerateShares: splits `master_secret` (16..32 bytes, even) with `passphrase` (printable ASCII)
/// into `groups.size()` groups (1..16), any `group_threshold` (1..groups.size()) of which rebuild
/// it. Returns the mnemonics group after group, member after member: group i's groups[i].count
/// mnemonics follow those of group i - 1. The identifier and the random polynomial coefficients
/// come from `rng`. Fails: bad_length (secret size), bad_argument (thresholds, counts, a
/// threshold of 1 with more than one member, iteration exponent, passphrase characters).
[[nodiscard]] Result<std::vector<crypto::SecretBytes>> generate(ByteView master_secret, ByteView passphrase,
                                                                std::uint8_t group_threshold,
                                                                std::span<const Group> groups,
                                                                const GenerateOptions& options = {}, Rng rng = {});

/// Checks a set of shares against the spec's "Combining the shares" step 1 and interpolates the
/// encrypted master secret (steps 2 and 3, each RecoverSecret checking its digest). No PBKDF2 runs.
/// Fails: too_few_shares (no shares, fewer groups than GT, fewer members than a group's T),
/// bad_share_set (differing id, ext, e, GT, G or value length; differing T within a group; a
/// repeated member index; more groups than GT or more members than T), bad_share_digest.
[[nodiscard]] Result<crypto::SecretBytes> recover_encrypted(std::span<const Share> shares);

/// Combines shares into the master secret: recover_encrypted() then decrypt() with `passphrase`.
/// A wrong passphrase is not detected (the spec's design): it gives another secret.
[[nodiscard]] Result<crypto::SecretBytes> combine(std::span<const Share> shares, ByteView passphrase);

/// Decodes each mnemonic (the failures of decode()) and combines them (the failures of combine()).
[[nodiscard]] Result<crypto::SecretBytes> combine_mnemonics(std::span<const std::string_view> mnemonics,
                                                            ByteView passphrase);

}  // namespace ehr::recovery::slip39
