// Key wraps: one record key (a chart root, a chart key or an X25519 secret) sealed to an X25519
// public key, so a key can move between two module instances (the page and its Worker, a
// recovery vault and the patient's new device) without its bytes passing through JavaScript
// (docs/record-format.md, "Key wraps").
//
// Wrap v1 (88 bytes): crypto_box_seal(0x01 | kind u8 | scope u16 LE | epoch u32 LE | key 32)
//   kind 1 chart root, 2 chart key, 3 X25519 secret; scope and epoch are zero except for a chart
//   key, whose (scope, epoch) label travels sealed with it. The 40-byte plaintext cannot be
//   mistaken for a grant entry's 38-byte one.
#pragma once

#include <cstdint>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "crypto/secret.hpp"
#include "records/envelope_format.hpp"

namespace ehr::records {

inline constexpr std::uint8_t kKeyWrapVersion = 1;
inline constexpr std::size_t kKeyWrapPlainSize = 40;
inline constexpr std::size_t kKeyWrapSize = kKeyWrapPlainSize + 48;

enum class WrappedKind : std::uint8_t { chart_root = 1, chart_key = 2, x25519 = 3 };

/// A record key with its kind and, for a chart key, its label.
struct WrappedKey {
  WrappedKind kind = WrappedKind::chart_root;
  std::uint16_t scope = 0;
  std::uint32_t epoch = 0;
  crypto::Secret<32> key;
};

/// Seals `key` to `recipient`. Fails with bad_argument on an unknown kind or a label on a key
/// that has none, and invalid_public_key if the recipient key has small order.
[[nodiscard]] Result<Bytes> wrap_key(const WrappedKey& key, const X25519Public& recipient);

/// Opens a wrap with the recipient's X25519 secret. Fails with bad_length unless 88 bytes,
/// auth_failed if it was not sealed to this key or was modified, and bad_key_wrap if the sealed
/// contents are malformed (unknown version or kind, a label on a key that has none).
[[nodiscard]] Result<WrappedKey> unwrap_key(ByteView wrapped, const crypto::Secret<32>& recipient_secret);

/// The sealed contents' decoder (unwrap_key after decryption; exposed for the fuzz target).
[[nodiscard]] Result<WrappedKey> parse_key_wrap_plaintext(ByteView plaintext);

}  // namespace ehr::records
