// Grant payloads and key epochs, as pure functions the page calls (docs/record-format.md,
// "Grants"). A grant hands a grantee (a clinician, an institution's group key, a family member)
// the current chart keys of the granted scopes, each sealed to the grantee's X25519 key; the
// payload travels on chain as the opaque `wrappedKeys` of Consent.grantAccess and of
// Emergency.setEmergencyInstitution, and is emitted in the event, never stored.
//
// Payload v1:  0x01 | count u16 LE (1..32) | count entries, scopes ascending and distinct:
//   scope u16 LE | epoch u32 LE | crypto_box_seal(scope u16 LE | epoch u32 LE | K(scope, epoch))
//                                 (86 bytes: the sealed copy of scope and epoch binds the key to
//                                  its label, so an entry cannot be relabelled)
#pragma once

#include <array>
#include <span>
#include <vector>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "crypto/secret.hpp"
#include "records/envelope_format.hpp"

namespace ehr::records {

inline constexpr std::uint8_t kGrantVersion = 1;
inline constexpr std::size_t kMaxScopes = 32;  ///< scope ids 0..31 (the contracts' uint32 bit set)
inline constexpr std::size_t kGrantEntrySize = 6 + 86;

/// The chart's current epoch of every scope, indexed by scope id (EhrLens returns them).
using ScopeEpochs = std::array<std::uint32_t, kMaxScopes>;

struct GrantedKey {
  std::uint16_t scope = 0;
  std::uint32_t epoch = 0;
  crypto::Secret<32> key;  ///< K(scope, epoch)
};

/// The grant payload handing `grantee` K(s, epochs[s]) for every scope s in the bit set `scopes`
/// (derived from the patient's chart root). Fails with bad_argument if `scopes` is empty, or
/// invalid_public_key if libsodium refuses the grantee's key.
[[nodiscard]] Result<Bytes> grant_payload(const crypto::Secret<32>& chart_root, std::uint32_t scopes,
                                          const ScopeEpochs& epochs, const X25519Public& grantee);

/// Opens a grant payload with the grantee's X25519 secret: every key it carries.
/// Fails with bad_grant (malformed, version != 1, scopes not ascending, inner label differs from
/// the outer one) or auth_failed (an entry does not open with this key).
[[nodiscard]] Result<std::vector<GrantedKey>> open_grant_payload(ByteView payload, const crypto::Secret<32>& grantee);

/// The (scope, epoch) labels of a payload, without opening it (for listings). bad_grant if malformed.
[[nodiscard]] Result<std::vector<std::pair<std::uint16_t, std::uint32_t>>> grant_payload_labels(ByteView payload);

/// A remaining grantee and the scopes its grant covers.
struct Grantee {
  X25519Public public_key{};
  std::uint32_t scopes = 0;
};

/// One new payload to send (grantAccess again, same scopes and expiry) after epochs advanced.
struct Regrant {
  std::size_t grantee = 0;   ///< index into the grantees given
  std::uint32_t scopes = 0;  ///< the advanced scopes this grantee holds (the payload's keys)
  Bytes payload;
};

/// After revocation, expiry, a closed emergency window or an institution key rotation advanced the
/// epochs of `advanced` (bit set; `epochs` already holds the new values): for every remaining
/// grantee holding some of those scopes, a payload with the new keys of exactly those scopes.
/// Grantees holding none of them get nothing (they still have every current key).
[[nodiscard]] Result<std::vector<Regrant>> regrant_after_epoch_change(const crypto::Secret<32>& chart_root,
                                                                      std::uint32_t advanced, const ScopeEpochs& epochs,
                                                                      std::span<const Grantee> remaining);

}  // namespace ehr::records
