// Institution group keys (docs/record-format.md, "Institutions"). An institution admin generates
// a group X25519 key pair, seals the group secret to each member's X25519 key and publishes the
// group public key with the member wraps (Registry.publishGroupKey; the version must increase).
// Grants to the institution seal chart keys to the group public key, so any current member can
// open them. When a member leaves, the admin rotates: a new pair, sealed to the remaining members
// only; patients then advance the epochs of the scopes granted to the institution and re-grant to
// the new group key (regrant_after_epoch_change), because the removed member still knows the old
// group secret and the keys it opened.
//
// Member wraps v1: 0x01 | group public key (32) | version u32 LE | count u16 LE (1..1024) |
//   count entries: member key hint (4, public_key_hint) | crypto_box_seal(version u32 LE ||
//   group secret (32)) (84 bytes)
#pragma once

#include <span>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "crypto/secret.hpp"
#include "records/envelope_format.hpp"

namespace ehr::records {

inline constexpr std::uint8_t kMemberWrapsVersion = 1;
inline constexpr std::size_t kMaxMembers = 1024;

struct GroupKey {
  crypto::Secret<32> secret;
  X25519Public public_key{};
  std::uint32_t version = 0;
};

/// A fresh group key pair of `version`, plus its member wraps for `members` (1..1024 keys).
/// Fails with bad_argument (no or too many members) or invalid_public_key.
[[nodiscard]] Result<std::pair<GroupKey, Bytes>> create_group_key(std::uint32_t version,
                                                                  std::span<const X25519Public> members);

/// Member wraps of an existing group key for `members` (a member joins: seal the same key to the
/// new list). Same failures as create_group_key.
[[nodiscard]] Result<Bytes> seal_group_key(const GroupKey& group, std::span<const X25519Public> members);

/// A member opens the wraps with its X25519 secret. Fails with bad_grant (malformed, or the opened
/// secret does not match the published public key or version), no_recipient (no wrap for this
/// member) or auth_failed (the member's wrap does not open).
[[nodiscard]] Result<GroupKey> open_member_wraps(ByteView wraps, const crypto::Secret<32>& member_secret);

/// The group public key and version the wraps publish (no secret needed). bad_grant if malformed.
[[nodiscard]] Result<std::pair<X25519Public, std::uint32_t>> member_wraps_group(ByteView wraps);

}  // namespace ehr::records
