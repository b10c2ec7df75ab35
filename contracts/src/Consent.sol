// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import "./Errors.sol";
import {FamilyLinks} from "./FamilyLinks.sol";
import {Grant, GrantWord} from "./GrantWord.sol";
import {Grantee} from "./Grantee.sol";
import {IEhrHub} from "./IEhrHub.sol";
import {Patients} from "./Patients.sol";
import {Registry} from "./Registry.sol";

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
/// *pending* until anyone calls `settleAccess`, and `EhrLens.pendingScopes` / `EhrLens.readerKeys`
/// (built from `grantees` and `grantOf`) tell a writer not to use the scope's current chart key but
/// to seal the record to the live readers instead.
///
/// Scope bits: 0 labs, 1 imaging, 2 prescriptions, 3 clinical notes, 4 mental health,
/// 5 family history, 6 immunizations, 7 allergies, 8 vitals, 9 sexual and reproductive health,
/// 10 substance use, 11 genetics, 12 billing and insurance, 13 encounters and discharge summaries,
/// 14 procedures, 15 care plans; 16..31 are reserved for future categories.
///
/// Grantee encoding (bytes32, `Grantee`): a member address or a family-linked patient is the address
/// left-padded with zeros (`memberGrantee`); an institution is `1 << 160 | institutionId`
/// (`institutionGrantee`); an institution authorised for emergencies is `2 << 160 | institutionId`
/// (`emergencyGrantee`, set through Emergency.setEmergencyInstitution only).
abstract contract Consent is Registry, Patients, FamilyLinks {
    uint32 internal constant SCOPE_FAMILY_HISTORY = 1 << 5;
    uint32 internal constant ALL_SCOPES = type(uint32).max;

    /// Most live grants a patient can hold at once (the settle loop and the lens walk them).
    uint256 internal constant MAX_GRANTEES = 128;
    /// Standing of a grant made to a family-linked patient: this bit plus the link's generation.
    uint32 internal constant STANDING_FAMILY = 1 << 31;

    /// Why a grant ended without the patient (AccessEnded.reason).
    uint8 internal constant END_EXPIRED = 1;
    uint8 internal constant END_MEMBERSHIP = 2;
    uint8 internal constant END_SUSPENDED = 3;
    uint8 internal constant END_FAMILY_LINK = 4;

    /// One word per (patient, grantee): scopes, expiry, standing, list position, serial (`GrantWord`).
    mapping(address patient => mapping(bytes32 grantee => Grant)) private _grants;
    mapping(address patient => bytes32[] grantees) private _granteeList;
    // Per grantee id, the block of the last grant addressed to it, across patients, is the head of
    // a list that runs back through the chain (BlockLists), each grant event naming the block of the
    // one before (`previousBlock`), so a grantee finds its grants with one log query per block that
    // holds one.

    /// @notice A grant was created or replaced; `wrappedKeys` holds the scope keys sealed to the grantee.
    /// `previousBlock` is the block of the grant to this grantee before it (any patient; 0 for the
    /// first): `lastGrantBlock(grantee)` is the newest, so the list reads back from there.
    event AccessGranted(
        address indexed patient,
        bytes32 indexed grantee,
        uint32 scopes,
        uint64 expiry,
        uint64 previousBlock,
        bytes wrappedKeys
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
        address patient = _sender();
        _requirePatient(patient);
        if (Grantee.tag(grantee) == Grantee.TAG_EMERGENCY) revert InvalidGrantee(grantee);
        _grantAndEmit(patient, grantee, scopes, expiry, wrappedKeys);
    }

    /// @notice Revokes scopes from a grant and advances their key epochs; unsubmitted consent codes
    /// for this grantee stop being valid.
    /// @param grantee The grantee.
    /// @param scopes The scopes to revoke (type(uint32).max revokes everything).
    function revokeAccess(bytes32 grantee, uint32 scopes) external {
        _revoke(_sender(), grantee, scopes);
    }

    /// @notice Deletes an expired grant and advances the key epochs of its scopes; anyone may call.
    /// @param patient The patient.
    /// @param grantee The grantee whose grant has expired.
    function processExpiry(address patient, bytes32 grantee) external {
        Grant g = _grants[patient][grantee];
        if (g.scopes() == 0) revert NoSuchGrant(patient, grantee);
        uint64 expiry = g.expiry();
        if (expiry == 0 || expiry > block.timestamp) revert GrantNotExpired(patient, grantee);
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
            Grant g = _grants[patient][grantee];
            uint8 reason = _endReason(patient, grantee, g);
            if (reason != 0) {
                scopes |= _end(patient, grantee, reason); // swaps a visited entry into i: safe going down
            } else if (_exposed(grantee, g)) {
                // Keys withheld: a consent signed before cannot mark them current again.
                _grants[patient][grantee] = g.withStanding(0).withSerial(g.serial() + 1);
                scopes |= g.scopes();
                emit KeysWithheld(patient, grantee, g.scopes());
            }
        }
        if (scopes == 0) revert NothingToSettle(patient);
        _advanceEpochs(patient, scopes);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IEhrHub
    function grantOf(address patient, bytes32 grantee)
        external
        view
        returns (uint32 scopes, uint64 expiry, bool active, bool keysCurrent, bool pending, bool relative)
    {
        Grant g = _grants[patient][grantee];
        active = _endReason(patient, grantee, g) == 0;
        bool exposed = _exposed(grantee, g);
        return (
            g.scopes(),
            g.expiry(),
            active,
            g.standing() != 0 && !exposed,
            !active || exposed,
            Grantee.tag(grantee) == Grantee.TAG_ACCOUNT && g.standing() & STANDING_FAMILY != 0
        );
    }

    /// @inheritdoc IEhrHub
    function grantees(address patient) external view returns (bytes32[] memory) {
        return _granteeList[patient];
    }

    /// @inheritdoc IEhrHub
    function lastGrantBlock(bytes32 grantee) external view returns (uint256) {
        return _lastBlockOf(grantee);
    }

    /// @notice The serial a signed consent for this (patient, grantee) must name to be accepted now.
    /// @param patient The patient.
    /// @param grantee The grantee.
    /// @return The number of times access of this grantee ended (revoked, expired, lost standing).
    function grantSerial(address patient, bytes32 grantee) external view returns (uint32) {
        return _grants[patient][grantee].serial();
    }

    /// @inheritdoc IEhrHub
    function grantStanding(address patient, bytes32 grantee) external view returns (uint32) {
        return _grants[patient][grantee].standing();
    }

    /// @notice Encodes a member address (or a family-linked patient) as a grantee.
    /// @param account The address.
    /// @return The grantee value.
    function memberGrantee(address account) external pure returns (bytes32) {
        return Grantee.account(account);
    }

    /// @notice Encodes an institution id as a grantee.
    /// @param institutionId The institution.
    /// @return The grantee value.
    function institutionGrantee(uint32 institutionId) external pure returns (bytes32) {
        return Grantee.institution(institutionId);
    }

    /// @notice Encodes an institution id as the grantee of an emergency authorisation.
    /// @param institutionId The institution.
    /// @return The grantee value.
    function emergencyGrantee(uint32 institutionId) external pure returns (bytes32) {
        return Grantee.emergency(institutionId);
    }

    // ------------------------------------------------------------------ internals

    /// The stored grant of (patient, grantee), all zero when there is none.
    function _grantOf(address patient, bytes32 grantee) internal view returns (Grant) {
        return _grants[patient][grantee];
    }

    /// Scopes of a grant that are not expired (the grantee's standing is checked by the caller).
    function _current(Grant g) internal view returns (uint32) {
        uint64 expiry = g.expiry();
        return (expiry == 0 || expiry > block.timestamp) ? g.scopes() : 0;
    }

    /// 0 while a grant is in force, else why it ended (END_*); a missing grant is END_EXPIRED.
    function _endReason(address patient, bytes32 grantee, Grant g) internal view returns (uint8) {
        if (_current(g) == 0) return END_EXPIRED;
        if (Grantee.tag(grantee) != Grantee.TAG_ACCOUNT) {
            return _isSuspended(Grantee.institutionOf(grantee)) ? END_SUSPENDED : 0;
        }
        address account = Grantee.accountOf(grantee);
        uint32 standing = g.standing();
        if (standing & STANDING_FAMILY != 0) {
            return _linked(patient, account) && _linkGeneration(patient, account) == standing & ~STANDING_FAMILY
                ? 0
                : END_FAMILY_LINK;
        }
        Member memory m = _memberOf(account);
        if (m.institutionId == 0 || m.generation != standing) return END_MEMBERSHIP;
        // Still the same membership: it only stopped counting because the institution is suspended.
        return _isSuspended(m.institutionId) ? END_SUSPENDED : 0;
    }

    /// Whether an institution's grant was sealed to a group key version a departed member held.
    function _exposed(bytes32 grantee, Grant g) private view returns (bool) {
        uint32 standing = g.standing();
        return Grantee.tag(grantee) != Grantee.TAG_ACCOUNT && standing != 0
            && standing <= _exposedVersionOf(Grantee.institutionOf(grantee));
    }

    /// The standing a grant to `grantee` gets now; reverts when the grantee is not eligible.
    /// Members may hold any scopes, family-linked patients only family history, institutions any
    /// scopes once they have published a group key and while not suspended.
    function _standing(address patient, bytes32 grantee, uint32 scopes) private view returns (uint32) {
        uint256 tag = Grantee.tag(grantee);
        if (tag == Grantee.TAG_ACCOUNT) {
            address account = Grantee.accountOf(grantee);
            if (account == address(0) || account == patient) revert InvalidGrantee(grantee);
            Member memory m = _memberOf(account);
            if (_isLive(m)) return m.generation;
            if (scopes & ~SCOPE_FAMILY_HISTORY == 0 && _linked(patient, account)) {
                return STANDING_FAMILY | _linkGeneration(patient, account);
            }
            revert GranteeNotEligible(grantee, scopes);
        }
        if ((tag == Grantee.TAG_INSTITUTION || tag == Grantee.TAG_EMERGENCY) && Grantee.fitsInstitutionId(grantee)) {
            uint32 institutionId = Grantee.institutionOf(grantee);
            _requireInstitution(institutionId);
            Institution memory inst = _institutionOf(institutionId);
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
        emit AccessGranted(patient, grantee, scopes, expiry, _relink(grantee), wrappedKeys);
        if (dropped != 0) _advanceEpochs(patient, dropped);
    }

    /// Creates or replaces a grant; returns the scopes a live grant lost (the caller advances them).
    function _grant(address patient, bytes32 grantee, uint32 scopes, uint64 expiry) internal returns (uint32 dropped) {
        if (scopes == 0) revert EmptyScopes();
        if (expiry != 0 && expiry <= block.timestamp) revert ExpiryInPast(expiry);
        uint32 standing = _standing(patient, grantee, scopes);
        Grant old = _grants[patient][grantee];
        uint32 position = old.position();
        uint32 serial = old.serial();
        if (old.scopes() != 0) {
            if (_endReason(patient, grantee, old) != 0 || _exposed(grantee, old)) revert AccessNotSettled(patient, grantee);
            dropped = old.scopes() & ~scopes;
            if (dropped != 0) ++serial;
        } else {
            bytes32[] storage list = _granteeList[patient];
            if (list.length >= MAX_GRANTEES) revert TooManyGrantees(patient);
            list.push(grantee);
            position = uint32(list.length);
        }
        _grants[patient][grantee] = GrantWord.pack(scopes, expiry, standing, position, serial);
    }

    function _revoke(address patient, bytes32 grantee, uint32 scopes) internal {
        Grant g = _grants[patient][grantee];
        uint32 old = g.scopes();
        uint32 removed = old & scopes;
        if (removed == 0) revert NoSuchGrant(patient, grantee);
        if (old & ~scopes == 0) {
            _unlistAndClear(patient, grantee);
        } else {
            _grants[patient][grantee] = g.withScopes(old & ~scopes).withSerial(g.serial() + 1);
        }
        emit AccessRevoked(patient, grantee, removed);
        _advanceEpochs(patient, removed);
    }

    /// Deletes a grant that ended (keeping its serial, plus one) and emits why; returns its scopes.
    /// The caller advances the epochs.
    function _end(address patient, bytes32 grantee, uint8 reason) private returns (uint32 scopes) {
        scopes = _grants[patient][grantee].scopes();
        _unlistAndClear(patient, grantee);
        if (reason == END_EXPIRED) emit AccessExpired(patient, grantee, scopes, _sender());
        else emit AccessEnded(patient, grantee, scopes, reason, _sender());
    }

    /// Deletes a grant and its list entry, keeping its serial plus one (consent codes signed
    /// before no longer apply).
    function _unlistAndClear(address patient, bytes32 grantee) internal {
        Grant g = _grants[patient][grantee];
        _unlist(patient, g.position());
        _grants[patient][grantee] = GrantWord.pack(0, 0, 0, 0, g.serial() + 1);
    }

    /// Removes list entry `position` (1-based) by moving the last entry into its place.
    function _unlist(address patient, uint32 position) private {
        bytes32[] storage list = _granteeList[patient];
        uint256 last = list.length;
        if (position != last) {
            bytes32 moved = list[last - 1];
            list[position - 1] = moved;
            _grants[patient][moved] = _grants[patient][moved].withPosition(position);
        }
        list.pop();
    }
}
