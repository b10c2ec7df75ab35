// BIP-39 mnemonics with the English wordlist: entropy <-> words with the SHA-256 checksum,
// generation from the CSPRNG, and the seed (PBKDF2-HMAC-SHA512, 2048 iterations, salt
// "mnemonic" + passphrase).
//
// Text is taken as given: the caller applies Unicode NFKD (the JS API does, with
// String.prototype.normalize) before the mnemonic and passphrase reach the core. A mnemonic here
// is lower-case English words separated by single ASCII spaces.
#pragma once

#include <string_view>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "crypto/secret.hpp"

namespace ehr::eth::bip39 {

/// The 2048 words of bip-0039/english.txt, sorted and front-coded (generated:
/// scripts/gen-bip39-english.mjs): per word a digit (the letters it shares with the previous
/// word, 0..7), then its remaining letters. 4.5 KB of the WebAssembly module after gzip, where
/// 8-byte slots took 6.9 KB and 2048 pointers to strings 13 KB.
extern const char kEnglishFrontCoded[];

/// The same list expanded into 2048 slots of 8 bytes (each word padded with NULs), built on the
/// first call. Never fails.
[[nodiscard]] const char* english_slots() noexcept;

/// Word `index` (0..2047; the caller checks) of the English list.
[[nodiscard]] std::string_view english_word(std::size_t index) noexcept;

/// The index of `word` in the English list, or -1.
[[nodiscard]] int word_index(std::string_view word) noexcept;

/// The mnemonic of 16, 20, 24, 28 or 32 bytes of entropy (12..24 words), as UTF-8 text in a
/// wiping container. Fails with bad_length for another entropy size.
[[nodiscard]] Result<crypto::SecretBytes> entropy_to_mnemonic(ByteView entropy);

/// A new mnemonic of `words` words (12, 15, 18, 21 or 24) from the CSPRNG.
/// Fails with bad_argument for another count.
[[nodiscard]] Result<crypto::SecretBytes> generate_mnemonic(std::size_t words);

/// The entropy of a mnemonic, after checking its words and checksum. Fails with bad_mnemonic
/// (word count, unknown word at a named position, separators, checksum).
[[nodiscard]] Result<crypto::SecretBytes> mnemonic_to_entropy(std::string_view mnemonic);

/// The 64-byte seed: PBKDF2-HMAC-SHA512(mnemonic, "mnemonic" + passphrase, 2048). With `check`
/// the mnemonic must be valid first (bad_mnemonic); BIP-39 itself defines the seed of any text.
[[nodiscard]] Result<crypto::Secret<64>> mnemonic_to_seed(std::string_view mnemonic, ByteView passphrase,
                                                          bool check = true);

}  // namespace ehr::eth::bip39
