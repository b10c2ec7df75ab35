// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import "./Errors.sol";
import {FamilyLinks} from "./FamilyLinks.sol";

/// @title Consent grants, scopes, expiry and per-scope key epochs
/// @notice A patient grants a grantee (a member address or an institution) a set of record
/// categories ("scopes", a uint32 bit set) until an optional expiry. The wrapped scope keys for the
/// grantee travel in the AccessGranted event only. Revocation, expiry processing and dropping scopes
/// from a grant advance the patient's key epoch of every affected scope, so records written later
/// use chart keys the former grantee never received.
///
/// Scope bits: 0 labs, 1 imaging, 2 prescriptions, 3 clinical notes, 4 mental health,
/// 5 family history, 6 immunizations, 7 allergies, 8 vitals, 9 sexual and reproductive health,
/// 10 substance use, 11 genetics, 12 billing and insurance, 13 encounters and discharge summaries,
/// 14 procedures, 15 care plans; 16..31 are reserved for future categories.
///
/// Grantee encoding (bytes32): a member address is the address left-padded with zeros
/// (`memberGrantee`); an institution is `1 << 160 | institutionId` (`institutionGrantee`).
abstract contract Consent is FamilyLinks {
    uint32 internal constant SCOPE_LABS = 1 << 0;
    uint32 internal constant SCOPE_IMAGING = 1 << 1;
    uint32 internal constant SCOPE_FAMILY_HISTORY = 1 << 5;
    uint32 internal constant SCOPE_IMMUNIZATIONS = 1 << 6;
    uint32 internal constant SCOPE_VITALS = 1 << 8;
    uint32 internal constant ALL_SCOPES = type(uint32).max;

    uint256 internal constant GRANTEE_TAG_INSTITUTION = 1;

    // Key epochs live in the patient's chart words (see Registry._charts): 32 bits per scope,
    // scopes 0..5 in word 0 above the header, scopes 6..31 eight per word in words 1..4.
    uint256 private constant EPOCH_BASE_SHIFT = 40;

    /// One storage slot per (patient, grantee). scopes == 0 means "no grant".
    struct Grant {
        uint32 scopes;
        uint64 expiry;
    }

    mapping(address => mapping(bytes32 => Grant)) internal _grants;

    /// @notice A grant was created or replaced; `wrappedKeys` holds the scope keys sealed to the grantee.
    event AccessGranted(
        address indexed patient, bytes32 indexed grantee, uint32 scopes, uint64 expiry, bytes wrappedKeys
    );
    /// @notice Scopes were removed from a grant (the grant is deleted when none remain).
    event AccessRevoked(address indexed patient, bytes32 indexed grantee, uint32 scopes);
    /// @notice An expired grant was deleted by `processedBy`.
    event AccessExpired(address indexed patient, bytes32 indexed grantee, uint32 scopes, address processedBy);
    /// @notice The key epoch of every scope in `scopes` went up by one.
    event EpochsAdvanced(address indexed patient, uint32 scopes);

    /// @notice Grants (or replaces the grant of) a grantee access to scopes until an expiry.
    /// @dev Scopes missing from a replaced live grant are revoked (their epochs advance); a replaced
    /// grant that had already expired is processed as expired first.
    /// @param grantee A member address (`memberGrantee`) or an institution (`institutionGrantee`).
    /// @param scopes Bit set of record categories, non-empty.
    /// @param expiry Unix time at which the grant ends, or 0 for none.
    /// @param wrappedKeys The current scope keys sealed to the grantee (opaque; emitted, not stored).
    function grantAccess(bytes32 grantee, uint32 scopes, uint64 expiry, bytes calldata wrappedKeys) external {
        _requirePatient(msg.sender);
        _grant(msg.sender, grantee, scopes, expiry, wrappedKeys);
    }

    /// @notice Revokes scopes from a grant and advances their key epochs.
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
        _expire(patient, grantee, g.scopes);
    }

    /// @notice The stored grant of a grantee (it may have expired without being processed yet).
    /// @param patient The patient.
    /// @param grantee The grantee.
    /// @return scopes The granted scope bits (0 if none).
    /// @return expiry The expiry time (0 for none).
    /// @return active Whether the grant is currently in force (not expired); the grantee's own standing is checked by hasAccess.
    function grantOf(address patient, bytes32 grantee) external view returns (uint32 scopes, uint64 expiry, bool active) {
        Grant memory g = _grants[patient][grantee];
        return (g.scopes, g.expiry, _current(g) != 0);
    }

    /// @notice The current key epoch of one scope of a patient's chart.
    /// @param patient The patient.
    /// @param scope The scope index (0..31).
    /// @return The epoch, starting at 0.
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

    /// @notice Encodes a member address as a grantee.
    /// @param account The member address.
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

    // ------------------------------------------------------------------ internals

    function _memberGrantee(address account) internal pure returns (bytes32) {
        return bytes32(uint256(uint160(account)));
    }

    function _institutionGrantee(uint32 institutionId) internal pure returns (bytes32) {
        return bytes32((GRANTEE_TAG_INSTITUTION << 160) | institutionId);
    }

    /// Scopes of a grant that are in force now.
    function _current(Grant memory g) internal view returns (uint32) {
        return (g.expiry == 0 || g.expiry > block.timestamp) ? g.scopes : 0;
    }

    function _grant(address patient, bytes32 grantee, uint32 scopes, uint64 expiry, bytes calldata wrappedKeys)
        internal
    {
        if (scopes == 0) revert EmptyScopes();
        if (expiry != 0 && expiry <= block.timestamp) revert ExpiryInPast(expiry);
        _requireEligibleGrantee(patient, grantee, scopes);
        Grant storage g = _grants[patient][grantee];
        uint32 old = g.scopes;
        if (old != 0) {
            uint64 oldExpiry = g.expiry;
            if (oldExpiry != 0 && oldExpiry <= block.timestamp) {
                _expire(patient, grantee, old);
            } else {
                uint32 dropped = old & ~scopes;
                if (dropped != 0) {
                    emit AccessRevoked(patient, grantee, dropped);
                    _advanceEpochs(patient, dropped);
                }
            }
        }
        g.scopes = scopes;
        g.expiry = expiry;
        emit AccessGranted(patient, grantee, scopes, expiry, wrappedKeys);
    }

    function _revoke(address patient, bytes32 grantee, uint32 scopes) internal {
        Grant storage g = _grants[patient][grantee];
        uint32 old = g.scopes;
        uint32 removed = old & scopes;
        if (removed == 0) revert NoSuchGrant(patient, grantee);
        uint32 remaining = old & ~scopes;
        if (remaining == 0) {
            delete _grants[patient][grantee];
        } else {
            g.scopes = remaining;
        }
        emit AccessRevoked(patient, grantee, removed);
        _advanceEpochs(patient, removed);
    }

    function _expire(address patient, bytes32 grantee, uint32 scopes) internal {
        delete _grants[patient][grantee];
        emit AccessExpired(patient, grantee, scopes, msg.sender);
        _advanceEpochs(patient, scopes);
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

    /// A grantee must be a live member (any scopes), a family-linked patient (family history only),
    /// or a non-suspended institution.
    function _requireEligibleGrantee(address patient, bytes32 grantee, uint32 scopes) internal view {
        uint256 raw = uint256(grantee);
        uint256 tag = raw >> 160;
        if (tag == 0) {
            address account = address(uint160(raw));
            if (account == address(0) || account == patient) revert InvalidGrantee(grantee);
            if (_isLive(_members[account])) return;
            if (scopes & ~SCOPE_FAMILY_HISTORY == 0 && _linked(patient, account)) return;
            revert GranteeNotEligible(grantee, scopes);
        }
        if (tag == GRANTEE_TAG_INSTITUTION && uint160(raw) <= type(uint32).max) {
            uint32 institutionId = uint32(raw);
            _requireInstitution(institutionId);
            if (_institutions[institutionId].suspended) revert InstitutionIsSuspended(institutionId);
            return;
        }
        revert InvalidGrantee(grantee);
    }
}
