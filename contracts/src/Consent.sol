// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import "./Errors.sol";
import {FamilyLinks} from "./FamilyLinks.sol";

/// @title Consent grants, scopes, expiry, per-scope key epochs and the end of access
/// @notice A patient grants a grantee (a member address, a family-linked patient or an institution)
/// a set of record categories ("scopes", a uint32 bit set) until an optional expiry. The wrapped
/// scope keys for the grantee travel in the AccessGranted event only.
///
/// Invariant (docs/record-format.md, "Ending access"): a party whose access to a scope ended cannot
/// decrypt records of that scope written afterwards. Every shrink of a scope's reader set advances
/// the scope's key epoch: at once for what the patient does (revoke, narrowing a grant, withdrawing
/// an emergency authorisation, closing an emergency window, rotating the key); for what happens
/// without the patient (expiry, a member leaving or re-joining, an institution suspended, a family
/// link dissolved, an institution's group key exposed by a departing member) the scope is
/// *pending* until anyone calls `settleAccess`, and `pendingScopes` / `readerKeys` tell a writer
/// not to use the scope's current chart key but to seal the record to the live readers instead.
///
/// Scope bits: 0 labs, 1 imaging, 2 prescriptions, 3 clinical notes, 4 mental health,
/// 5 family history, 6 immunizations, 7 allergies, 8 vitals, 9 sexual and reproductive health,
/// 10 substance use, 11 genetics, 12 billing and insurance, 13 encounters and discharge summaries,
/// 14 procedures, 15 care plans; 16..31 are reserved for future categories.
///
/// Grantee encoding (bytes32): a member address or a family-linked patient is the address
/// left-padded with zeros (`memberGrantee`); an institution is `1 << 160 | institutionId`
/// (`institutionGrantee`); an institution authorised for emergencies is `2 << 160 | institutionId`
/// (`emergencyGrantee`, set through Emergency.setEmergencyInstitution only).
abstract contract Consent is FamilyLinks {
    uint32 internal constant SCOPE_LABS = 1 << 0;
    uint32 internal constant SCOPE_IMAGING = 1 << 1;
    uint32 internal constant SCOPE_FAMILY_HISTORY = 1 << 5;
    uint32 internal constant SCOPE_IMMUNIZATIONS = 1 << 6;
    uint32 internal constant SCOPE_VITALS = 1 << 8;
    uint32 internal constant ALL_SCOPES = type(uint32).max;

    uint256 internal constant GRANTEE_TAG_INSTITUTION = 1;
    uint256 internal constant GRANTEE_TAG_EMERGENCY = 2;
    /// Most live grants a patient can hold at once (the settle loop and the reader list walk them).
    uint256 internal constant MAX_GRANTEES = 128;
    /// Standing of a grant made to a family-linked patient: this bit plus the link's generation.
    uint32 internal constant STANDING_FAMILY = 1 << 31;

    /// Why a grant ended without the patient (AccessEnded.reason).
    uint8 internal constant END_EXPIRED = 1;
    uint8 internal constant END_MEMBERSHIP = 2;
    uint8 internal constant END_SUSPENDED = 3;
    uint8 internal constant END_FAMILY_LINK = 4;

    // Key epochs live in the patient's chart words (see Registry._charts): 32 bits per scope,
    // scopes 0..5 in word 0 above the header, scopes 6..31 eight per word in words 1..4.
    uint256 private constant EPOCH_BASE_SHIFT = 40;
    /// Epochs of the patient's key version v start at (v - 1) << 24: an envelope's epoch tells which
    /// key version's chart root derives its chart key.
    uint256 internal constant KEY_VERSION_SHIFT = 24;
    uint32 private constant MAX_KEY_VERSION = 255;

    /// One storage slot per (patient, grantee). scopes == 0 means "no grant".
    /// standing: what the grantee's eligibility was when the keys were sealed (a member's join
    /// generation, STANDING_FAMILY | the link generation, or the institution's group key version;
    /// 0 for an institution whose keys were withheld after its key was exposed). position: index + 1
    /// in the patient's grantee list (0 when not listed). serial: counts the ends of this
    /// (patient, grantee) grant; a signed consent names the serial it was signed under.
    struct Grant {
        uint32 scopes;
        uint64 expiry;
        uint32 standing;
        uint32 position;
        uint32 serial;
    }

    /// A grant as listed by `grantsOf`.
    struct GrantView {
        bytes32 grantee;
        uint32 scopes;
        uint64 expiry;
        bool inForce;
        bool keysCurrent;
    }

    mapping(address => mapping(bytes32 => Grant)) internal _grants;
    mapping(address => bytes32[]) internal _granteeList;
    /// The patient's key version minus one (0: version 1).
    mapping(address => uint32) internal _keyVersions;

    /// @notice A grant was created or replaced; `wrappedKeys` holds the scope keys sealed to the grantee.
    event AccessGranted(
        address indexed patient, bytes32 indexed grantee, uint32 scopes, uint64 expiry, bytes wrappedKeys
    );
    /// @notice Scopes were removed from a grant (the grant is deleted when none remain).
    event AccessRevoked(address indexed patient, bytes32 indexed grantee, uint32 scopes);
    /// @notice An expired grant was deleted by `processedBy`.
    event AccessExpired(address indexed patient, bytes32 indexed grantee, uint32 scopes, address processedBy);
    /// @notice A grant whose grantee lost its standing (2 membership ended, 3 institution suspended,
    /// 4 family link dissolved) was deleted by `processedBy`.
    event AccessEnded(address indexed patient, bytes32 indexed grantee, uint32 scopes, uint8 reason, address processedBy);
    /// @notice The keys an institution held were sealed to an exposed group key: the epochs of these
    /// scopes advanced and the institution keeps its access but needs the new keys from the patient.
    event KeysWithheld(address indexed patient, bytes32 indexed grantee, uint32 scopes);
    /// @notice The key epoch of every scope in `scopes` went up by one.
    event EpochsAdvanced(address indexed patient, uint32 scopes);
    /// @notice A patient moved to a new key version: a new X25519 key and new chart keys (every epoch
    /// jumps to the version's first epoch, (keyVersion - 1) << 24).
    event PatientKeyRotated(address indexed patient, bytes32 encryptionKey);

    /// @notice Grants (or replaces the grant of) a grantee access to scopes until an expiry.
    /// @dev Scopes missing from a replaced live grant are revoked (their epochs advance). A grant
    /// that ended without the patient, or whose keys were sealed to an exposed group key, must be
    /// settled first (`settleAccess`): replacing it would hand the new keys of an epoch a former
    /// reader still holds.
    /// @param grantee A member or relative (`memberGrantee`) or an institution (`institutionGrantee`).
    /// @param scopes Bit set of record categories, non-empty.
    /// @param expiry Unix time at which the grant ends, or 0 for none.
    /// @param wrappedKeys The current scope keys sealed to the grantee (opaque; emitted, not stored).
    function grantAccess(bytes32 grantee, uint32 scopes, uint64 expiry, bytes calldata wrappedKeys) external {
        _requirePatient(msg.sender);
        if (uint256(grantee) >> 160 == GRANTEE_TAG_EMERGENCY) revert InvalidGrantee(grantee);
        _grantAndEmit(msg.sender, grantee, scopes, expiry, wrappedKeys);
    }

    /// @notice Revokes scopes from a grant and advances their key epochs; unsubmitted consent codes
    /// for this grantee stop being valid.
    /// @param grantee The grantee.
    /// @param scopes The scopes to revoke (type(uint32).max revokes everything).
    function revokeAccess(bytes32 grantee, uint32 scopes) external {
        _revoke(msg.sender, grantee, scopes);
    }

    /// @notice Deletes an expired grant and advances the key epochs of its scopes; anyone may call.
    /// @param patient The patient.
    /// @param grantee The grantee whose grant has expired.
    function processExpiry(address patient, bytes32 grantee) external {
        Grant memory g = _grants[patient][grantee];
        if (g.scopes == 0) revert NoSuchGrant(patient, grantee);
        if (g.expiry == 0 || g.expiry > block.timestamp) revert GrantNotExpired(patient, grantee);
        _advanceEpochs(patient, _end(patient, grantee, END_EXPIRED));
    }

    /// @notice Ends every access of a patient's chart that ended without the patient (expiry, a
    /// member gone, a suspended institution, a dissolved family link) and withholds keys sealed to an
    /// exposed group key, advancing the epochs of every affected scope at once; anyone may call.
    /// @param patient The patient.
    /// @return scopes The scopes whose epochs advanced.
    function settleAccess(address patient) external returns (uint32 scopes) {
        bytes32[] storage list = _granteeList[patient];
        for (uint256 i = list.length; i > 0;) {
            --i;
            bytes32 grantee = list[i];
            Grant storage g = _grants[patient][grantee];
            Grant memory gm = g;
            uint8 reason = _endReason(patient, grantee, gm);
            if (reason != 0) {
                scopes |= _end(patient, grantee, reason); // swaps a visited entry into i: safe going down
            } else if (_exposed(grantee, gm)) {
                // Keys withheld: a consent signed before cannot mark them current again.
                g.standing = 0;
                g.serial = gm.serial + 1;
                scopes |= gm.scopes;
                emit KeysWithheld(patient, grantee, gm.scopes);
            }
        }
        if (scopes == 0) revert NothingToSettle(patient);
        _advanceEpochs(patient, scopes);
    }

    /// @notice Moves the caller to a new key version (after a key request was signed elsewhere, or
    /// any suspected exposure): a new X25519 public key, and every scope's epoch jumps to the new
    /// version's first epoch, so no chart key of the old version opens what is written from now on.
    /// The patient then shares the new keys with the grants in force.
    /// @param encryptionKey The new X25519 public key (derived from the new key version).
    function rotatePatientKey(bytes32 encryptionKey) external {
        _requirePatient(msg.sender);
        if (encryptionKey == bytes32(0)) revert ZeroKey();
        uint32 next = _keyVersions[msg.sender] + 1;
        if (next >= MAX_KEY_VERSION) revert KeyVersionLimit(msg.sender);
        _keyVersions[msg.sender] = next;
        _patientKeys[msg.sender] = encryptionKey;
        uint256 base = uint256(next) << KEY_VERSION_SHIFT;
        uint256[5] storage chart = _charts[msg.sender];
        uint256 lanes = base;
        for (uint256 j = 1; j < 8; ++j) lanes |= base << (j * 32);
        // Word 0 keeps its header (bits 0..39) and takes six lanes at bits 40..231.
        chart[0] = (chart[0] & ((uint256(1) << EPOCH_BASE_SHIFT) - 1))
            | ((lanes << EPOCH_BASE_SHIFT) & ((uint256(1) << (EPOCH_BASE_SHIFT + 6 * 32)) - 1));
        for (uint256 w = 1; w < 5; ++w) chart[w] = lanes;
        emit PatientKeyRotated(msg.sender, encryptionKey);
        emit EpochsAdvanced(msg.sender, ALL_SCOPES);
    }

    /// @notice The stored grant of a grantee (it may have ended without being settled yet).
    /// @param patient The patient.
    /// @param grantee The grantee.
    /// @return scopes The granted scope bits (0 if none).
    /// @return expiry The expiry time (0 for none).
    /// @return active Whether the grant is in force now (not expired, the grantee still eligible).
    function grantOf(address patient, bytes32 grantee) external view returns (uint32 scopes, uint64 expiry, bool active) {
        Grant memory g = _grants[patient][grantee];
        return (g.scopes, g.expiry, _endReason(patient, grantee, g) == 0);
    }

    /// @notice The serial a signed consent for this (patient, grantee) must name to be accepted now.
    /// @param patient The patient.
    /// @param grantee The grantee.
    /// @return The number of times access of this grantee ended (revoked, expired, lost standing).
    function grantSerial(address patient, bytes32 grantee) external view returns (uint32) {
        return _grants[patient][grantee].serial;
    }

    /// @notice Number of grants listed for a patient (in force or awaiting settlement).
    /// @param patient The patient.
    /// @return The count.
    function grantCount(address patient) external view returns (uint256) {
        return _granteeList[patient].length;
    }

    /// @notice A page of a patient's grants (emergency authorisations included, tag 2).
    /// @param patient The patient.
    /// @param offset The first index.
    /// @param count At most this many.
    /// @return page The grants: in force, and whether the grantee holds the current keys' standing.
    function grantsOf(address patient, uint256 offset, uint256 count) external view returns (GrantView[] memory page) {
        bytes32[] storage list = _granteeList[patient];
        uint256 end = offset + count > list.length ? list.length : offset + count;
        page = new GrantView[](end > offset ? end - offset : 0);
        for (uint256 i = offset; i < end; ++i) {
            bytes32 grantee = list[i];
            Grant memory g = _grants[patient][grantee];
            page[i - offset] = GrantView(
                grantee, g.scopes, g.expiry, _endReason(patient, grantee, g) == 0, g.standing != 0 && !_exposed(grantee, g)
            );
        }
    }

    /// @notice Scopes whose current chart keys may be held by a party whose access ended: until
    /// `settleAccess` runs, a writer must not use those chart keys (seal to `readerKeys` instead).
    /// @param patient The patient.
    /// @return scopes The pending scopes.
    function pendingScopes(address patient) external view returns (uint32 scopes) {
        bytes32[] storage list = _granteeList[patient];
        for (uint256 i; i < list.length; ++i) {
            bytes32 grantee = list[i];
            Grant memory g = _grants[patient][grantee];
            if (_endReason(patient, grantee, g) != 0 || _exposed(grantee, g)) scopes |= g.scopes;
        }
    }

    /// @notice The X25519 public keys of everyone who may read a scope of a chart now: the patient
    /// first, then each grantee in force holding the scope (a member's or relative's own key; an
    /// institution's group key unless a departed member held it). A writer that must not use the
    /// scope's chart key seals the record's content key to each of these.
    /// @param patient The patient.
    /// @param scope The scope index (0..31).
    /// @return keys The public keys (zero keys of grantees without one are left out).
    function readerKeys(address patient, uint8 scope) external view returns (bytes32[] memory keys) {
        if (scope >= 32) revert InvalidScope(scope);
        bytes32[] storage list = _granteeList[patient];
        keys = new bytes32[](list.length + 1);
        keys[0] = _patientKeys[patient];
        uint256 n = 1;
        for (uint256 i; i < list.length; ++i) {
            bytes32 grantee = list[i];
            Grant memory g = _grants[patient][grantee];
            if ((g.scopes >> scope) & 1 == 0 || _endReason(patient, grantee, g) != 0) continue;
            bytes32 key = _readerKey(grantee, g);
            if (key != bytes32(0)) keys[n++] = key;
        }
        assembly ("memory-safe") {
            mstore(keys, n)
        }
    }

    /// @notice The current key epoch of one scope of a patient's chart.
    /// @param patient The patient.
    /// @param scope The scope index (0..31).
    /// @return The epoch (the key version's first epoch is (keyVersion - 1) << 24).
    function epochOf(address patient, uint8 scope) external view returns (uint32) {
        if (scope >= 32) revert InvalidScope(scope);
        (uint256 word, uint256 shift) = _epochLocation(scope);
        return uint32(_charts[patient][word] >> shift);
    }

    /// @notice All 32 key epochs of a patient's chart.
    /// @param patient The patient.
    /// @return result The epoch of each scope index.
    function epochs(address patient) external view returns (uint32[32] memory result) {
        uint256[5] memory chart = _charts[patient];
        for (uint256 s; s < 32; ++s) {
            (uint256 word, uint256 shift) = _epochLocation(s);
            result[s] = uint32(chart[word] >> shift);
        }
    }

    /// @notice The patient's key version (1 until the first rotation).
    /// @param patient The patient.
    /// @return The version.
    function patientKeyVersion(address patient) external view returns (uint32) {
        return _keyVersions[patient] + 1;
    }

    /// @notice Encodes a member address (or a family-linked patient) as a grantee.
    /// @param account The address.
    /// @return The grantee value.
    function memberGrantee(address account) external pure returns (bytes32) {
        return _memberGrantee(account);
    }

    /// @notice Encodes an institution id as a grantee.
    /// @param institutionId The institution.
    /// @return The grantee value.
    function institutionGrantee(uint32 institutionId) external pure returns (bytes32) {
        return _institutionGrantee(institutionId);
    }

    /// @notice Encodes an institution id as the grantee of an emergency authorisation.
    /// @param institutionId The institution.
    /// @return The grantee value.
    function emergencyGrantee(uint32 institutionId) external pure returns (bytes32) {
        return _emergencyGrantee(institutionId);
    }

    // ------------------------------------------------------------------ internals

    function _memberGrantee(address account) internal pure returns (bytes32) {
        return bytes32(uint256(uint160(account)));
    }

    function _institutionGrantee(uint32 institutionId) internal pure returns (bytes32) {
        return bytes32((GRANTEE_TAG_INSTITUTION << 160) | institutionId);
    }

    function _emergencyGrantee(uint32 institutionId) internal pure returns (bytes32) {
        return bytes32((GRANTEE_TAG_EMERGENCY << 160) | institutionId);
    }

    /// Scopes of a grant that are not expired (the grantee's standing is checked by the caller).
    function _current(Grant memory g) internal view returns (uint32) {
        return (g.expiry == 0 || g.expiry > block.timestamp) ? g.scopes : 0;
    }

    /// 0 while a grant is in force, else why it ended (END_*); a missing grant is END_EXPIRED.
    function _endReason(address patient, bytes32 grantee, Grant memory g) internal view returns (uint8) {
        if (_current(g) == 0) return END_EXPIRED;
        uint256 raw = uint256(grantee);
        if (raw >> 160 != 0) return _institutions[uint32(raw)].suspended ? END_SUSPENDED : 0;
        address account = address(uint160(raw));
        if (g.standing & STANDING_FAMILY != 0) {
            return _linked(patient, account) && _linkGeneration(patient, account) == g.standing & ~STANDING_FAMILY
                ? 0
                : END_FAMILY_LINK;
        }
        Member memory m = _members[account];
        if (m.institutionId == 0 || m.generation != g.standing) return END_MEMBERSHIP;
        // Still the same membership: it only stopped counting because the institution is suspended.
        return _institutions[m.institutionId].suspended ? END_SUSPENDED : 0;
    }

    /// Whether an institution's grant was sealed to a group key version a departed member held.
    function _exposed(bytes32 grantee, Grant memory g) internal view returns (bool) {
        uint256 raw = uint256(grantee);
        return raw >> 160 != 0 && g.standing != 0 && g.standing <= _institutions[uint32(raw)].exposedVersion;
    }

    /// The public key a live grantee reads with, or zero if it has none that is safe to seal to.
    function _readerKey(bytes32 grantee, Grant memory g) internal view returns (bytes32) {
        uint256 raw = uint256(grantee);
        if (raw >> 160 == 0) {
            address account = address(uint160(raw));
            return g.standing & STANDING_FAMILY != 0 ? _patientKeys[account] : _memberKeys[account];
        }
        uint32 institutionId = uint32(raw);
        Institution memory inst = _institutions[institutionId];
        return inst.keyVersion > inst.exposedVersion ? _groupKeys[institutionId] : bytes32(0);
    }

    /// The standing a grant to `grantee` gets now; reverts when the grantee is not eligible.
    /// Members may hold any scopes, family-linked patients only family history, institutions any
    /// scopes once they have published a group key and while not suspended.
    function _standing(address patient, bytes32 grantee, uint32 scopes) internal view returns (uint32) {
        uint256 raw = uint256(grantee);
        uint256 tag = raw >> 160;
        if (tag == 0) {
            address account = address(uint160(raw));
            if (account == address(0) || account == patient) revert InvalidGrantee(grantee);
            Member memory m = _members[account];
            if (_isLive(m)) return m.generation;
            if (scopes & ~SCOPE_FAMILY_HISTORY == 0 && _linked(patient, account)) {
                return STANDING_FAMILY | _linkGeneration(patient, account);
            }
            revert GranteeNotEligible(grantee, scopes);
        }
        if ((tag == GRANTEE_TAG_INSTITUTION || tag == GRANTEE_TAG_EMERGENCY) && uint160(raw) <= type(uint32).max) {
            uint32 institutionId = uint32(raw);
            _requireInstitution(institutionId);
            Institution memory inst = _institutions[institutionId];
            if (inst.suspended) revert InstitutionIsSuspended(institutionId);
            if (inst.keyVersion == 0) revert NoGroupKey(institutionId);
            return inst.keyVersion;
        }
        revert InvalidGrantee(grantee);
    }

    /// Grants and emits AccessGranted (after AccessRevoked for scopes a live grant loses).
    function _grantAndEmit(address patient, bytes32 grantee, uint32 scopes, uint64 expiry, bytes calldata wrappedKeys)
        internal
    {
        uint32 dropped = _grant(patient, grantee, scopes, expiry);
        if (dropped != 0) emit AccessRevoked(patient, grantee, dropped);
        emit AccessGranted(patient, grantee, scopes, expiry, wrappedKeys);
        if (dropped != 0) _advanceEpochs(patient, dropped);
    }

    /// Creates or replaces a grant; returns the scopes a live grant lost (the caller advances them).
    function _grant(address patient, bytes32 grantee, uint32 scopes, uint64 expiry) internal returns (uint32 dropped) {
        if (scopes == 0) revert EmptyScopes();
        if (expiry != 0 && expiry <= block.timestamp) revert ExpiryInPast(expiry);
        uint32 standing = _standing(patient, grantee, scopes);
        Grant storage g = _grants[patient][grantee];
        Grant memory old = g;
        if (old.scopes != 0) {
            if (_endReason(patient, grantee, old) != 0 || _exposed(grantee, old)) revert AccessNotSettled(patient, grantee);
            dropped = old.scopes & ~scopes;
            if (dropped != 0) ++old.serial;
        } else {
            bytes32[] storage list = _granteeList[patient];
            if (list.length >= MAX_GRANTEES) revert TooManyGrantees(patient);
            list.push(grantee);
            old.position = uint32(list.length);
        }
        _grants[patient][grantee] = Grant(scopes, expiry, standing, old.position, old.serial);
    }

    function _revoke(address patient, bytes32 grantee, uint32 scopes) internal {
        Grant storage g = _grants[patient][grantee];
        uint32 old = g.scopes;
        uint32 removed = old & scopes;
        if (removed == 0) revert NoSuchGrant(patient, grantee);
        if (old & ~scopes == 0) {
            _unlistAndClear(patient, grantee);
        } else {
            g.scopes = old & ~scopes;
            g.serial += 1;
        }
        emit AccessRevoked(patient, grantee, removed);
        _advanceEpochs(patient, removed);
    }

    /// Deletes a grant that ended (keeping its serial, plus one) and emits why; returns its scopes.
    /// The caller advances the epochs.
    function _end(address patient, bytes32 grantee, uint8 reason) internal returns (uint32 scopes) {
        scopes = _grants[patient][grantee].scopes;
        _unlistAndClear(patient, grantee);
        if (reason == END_EXPIRED) emit AccessExpired(patient, grantee, scopes, msg.sender);
        else emit AccessEnded(patient, grantee, scopes, reason, msg.sender);
    }

    /// Deletes a grant and its list entry, keeping its serial plus one (consent codes signed
    /// before no longer apply).
    function _unlistAndClear(address patient, bytes32 grantee) internal {
        Grant storage g = _grants[patient][grantee];
        _unlist(patient, g.position);
        _grants[patient][grantee] = Grant(0, 0, 0, 0, g.serial + 1);
    }

    /// Removes list entry `position` (1-based) by moving the last entry into its place.
    function _unlist(address patient, uint32 position) private {
        bytes32[] storage list = _granteeList[patient];
        uint256 last = list.length;
        if (position != last) {
            bytes32 moved = list[last - 1];
            list[position - 1] = moved;
            _grants[patient][moved].position = position;
        }
        list.pop();
    }

    /// Word index and bit offset of a scope's epoch in the patient's chart.
    function _epochLocation(uint256 scope) internal pure returns (uint256 word, uint256 shift) {
        if (scope < 6) return (0, EPOCH_BASE_SHIFT + scope * 32);
        scope -= 6;
        return (1 + (scope >> 3), (scope & 7) * 32);
    }

    function _advanceEpochs(address patient, uint32 scopes) internal {
        uint256[5] storage chart = _charts[patient];
        uint256 low = scopes & 0x3f;
        if (low != 0) chart[0] = _bumpLanes(chart[0], low, EPOCH_BASE_SHIFT, 0);
        uint256 rest = uint256(scopes) >> 6;
        for (uint256 w; rest >> (w * 8) != 0; ++w) {
            uint256 lanes = (rest >> (w * 8)) & 0xff;
            if (lanes != 0) chart[w + 1] = _bumpLanes(chart[w + 1], lanes, 0, 6 + w * 8);
        }
        emit EpochsAdvanced(patient, scopes);
    }

    /// Adds one to each 32-bit lane of `word` selected by `lanes`, lane j starting at bit base + 32 j.
    function _bumpLanes(uint256 word, uint256 lanes, uint256 base, uint256 firstScope) private pure returns (uint256) {
        for (uint256 j; lanes >> j != 0; ++j) {
            if ((lanes >> j) & 1 == 0) continue;
            uint256 shift = base + j * 32;
            if ((word >> shift) & 0xffffffff == 0xffffffff) revert EpochOverflow(uint8(firstScope + j));
            word += uint256(1) << shift;
        }
        return word;
    }
}
