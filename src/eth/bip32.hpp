// BIP-32 hierarchical deterministic keys (private derivation, hardened and normal), paths such as
// BIP-44's m/44'/60'/0'/0/i for Ethereum, and the xprv/xpub serializations (Base58Check).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "crypto/secret.hpp"

namespace ehr::eth::bip32 {

inline constexpr std::uint32_t kHardened = 0x80000000U;

/// A private extended key: key and chain code (secret) plus its place in the tree.
struct ExtendedKey {
  crypto::SecretKey32 key;
  crypto::Secret<32> chain_code;
  std::uint8_t depth = 0;
  std::uint32_t parent_fingerprint = 0;  ///< first 4 bytes of HASH160(parent public key), big-endian
  std::uint32_t child_number = 0;        ///< the index this key was derived at (hardened bit included)
};

/// The master key of a seed (16 to 64 bytes): I = HMAC-SHA512("Bitcoin seed", seed).
/// Fails with bad_length, or invalid_private_key if I_L is 0 or >= n (probability < 2^-127).
[[nodiscard]] Result<ExtendedKey> from_seed(ByteView seed);

/// CKDpriv(parent, index): hardened when index >= 2^31. Fails with bad_derivation_path when
/// I_L >= n or the child key is 0 (BIP-32: use the next index; probability < 2^-127) or the depth
/// would pass 255.
[[nodiscard]] Result<ExtendedKey> derive_child(const ExtendedKey& parent, std::uint32_t index);

/// Parses "m/44'/60'/0'/0/0" (also "44h", "44H"; "m" alone is the root) into indices.
/// Fails with bad_derivation_path (no leading "m", an empty or non-decimal segment, an index
/// >= 2^31 before the hardened mark, more than 255 levels).
[[nodiscard]] Result<std::vector<std::uint32_t>> parse_path(std::string_view path);

/// Derives the key at `path` from `root` (fingerprints are computed only where needed).
[[nodiscard]] Result<ExtendedKey> derive_path(const ExtendedKey& root, std::string_view path);

/// The compressed public key of an extended key.
[[nodiscard]] Result<PublicKey33> public_key(const ExtendedKey& key);

/// Base58Check serialization, mainnet versions: "xprv..." (private) and "xpub..." (public).
/// The xprv string is secret: it is returned in a wiping container.
[[nodiscard]] Result<crypto::SecretBytes> to_xprv(const ExtendedKey& key);
[[nodiscard]] Result<std::string> to_xpub(const ExtendedKey& key);

/// Base58 (Bitcoin alphabet) of `data`, with a 4-byte double-SHA-256 checksum appended first when
/// `check` is set.
[[nodiscard]] std::string base58_encode(ByteView data, bool check);

/// The BIP-44 Ethereum path of account index `i`: m/44'/60'/0'/0/i.
[[nodiscard]] std::string ethereum_path(std::uint32_t index);

}  // namespace ehr::eth::bip32
