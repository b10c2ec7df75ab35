// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import "./Errors.sol";
import {Consent} from "./Consent.sol";
import {Grantee} from "./Grantee.sol";
import {IEhrHub} from "./IEhrHub.sol";

/// @title Emergency ("break-glass") access
/// @notice A patient pre-authorises institutions for emergencies, choosing the scopes they may see
/// and handing them the scope keys sealed to the institution's group key (stored as a grant to the
/// institution's emergency grantee, `emergencyGrantee`). A live member of such an institution can
/// then open access to that patient for at most 24 hours, stating a reason code:
/// 1 patient unconscious or unable to consent, 2 life-threatening condition, 3 acute confusion or
/// incapacity, 4 major trauma, 5 poisoning or overdose, 6 other emergency documented in the chart.
/// The access ends by itself (checks compare block.timestamp); the member may end it earlier. When
/// the patient ends a window, the institution's authorisation ends with it (its scopes' epochs
/// advance): its members held the keys, so only new keys end what the closed reader can decrypt,
/// and nobody there can open emergency access again until the patient authorises the institution
/// again. Withdrawing or narrowing an authorisation advances the epochs of the dropped scopes.
abstract contract Emergency is Consent {
    uint64 internal constant MAX_EMERGENCY_DURATION = 24 hours;
    uint16 internal constant MAX_REASON_CODE = 6;

    /// One storage slot per (patient, member).
    struct EmergencyAccess {
        uint64 until;
        uint32 institutionId;
        uint16 reason;
    }

    mapping(address patient => mapping(address member => EmergencyAccess)) private _emergencyAccess;

    /// @notice A patient set the scopes an institution may open in an emergency (0 removes it).
    /// `previousBlock` links the authorisations of the institution's emergency grantee as
    /// `AccessGranted` links grants (`lastGrantBlock(emergencyGrantee(institutionId))` is the
    /// newest); a removal is not in that list and carries 0.
    event EmergencyInstitutionSet(
        address indexed patient, uint32 indexed institutionId, uint32 scopes, uint64 previousBlock, bytes wrappedKeys
    );
    /// @notice A member opened break-glass access to a patient's chart until `until`.
    event EmergencyAccessOpened(
        address indexed patient, address indexed member, uint32 indexed institutionId, uint16 reason, uint64 until
    );
    /// @notice Break-glass access was ended early by `closedBy` (the patient or the member).
    event EmergencyAccessClosed(address indexed patient, address indexed member, address closedBy);

    /// @notice Authorises, changes or removes an institution for emergency access to the caller's chart.
    /// @param institutionId The institution (it must have published a group key).
    /// @param scopes The scopes its members may open in an emergency; 0 removes the authorisation.
    /// @param wrappedKeys The scope keys sealed to the institution's group key (opaque; emitted, not stored).
    function setEmergencyInstitution(uint32 institutionId, uint32 scopes, bytes calldata wrappedKeys) external {
        address patient = _sender();
        _requirePatient(patient);
        _requireInstitution(institutionId);
        if (scopes == 0) {
            if (!_withdrawEmergency(patient, institutionId)) revert NoChange();
            return;
        }
        bytes32 grantee = Grantee.emergency(institutionId);
        uint32 dropped = _grant(patient, grantee, scopes, 0);
        emit EmergencyInstitutionSet(patient, institutionId, scopes, _relink(grantee), wrappedKeys);
        if (dropped != 0) _advanceEpochs(patient, dropped);
    }

    /// @notice Opens time-boxed emergency access to a patient's chart (live member of an authorised institution).
    /// @param patient The patient.
    /// @param reason A reason code 1..6 (see the contract notice).
    /// @param duration Seconds, 1 to 86400.
    /// @return until The time at which the access ends by itself.
    function openEmergencyAccess(address patient, uint16 reason, uint64 duration) external returns (uint64 until) {
        if (reason == 0 || reason > MAX_REASON_CODE) revert InvalidReasonCode(reason);
        if (duration == 0 || duration > MAX_EMERGENCY_DURATION) revert InvalidDuration(duration);
        _requirePatient(patient);
        address account = _sender();
        Member memory m = _requireLiveMember(account);
        if (_current(_grantOf(patient, Grantee.emergency(m.institutionId))) == 0) {
            revert NotEmergencyInstitution(patient, m.institutionId);
        }
        until = uint64(block.timestamp) + duration;
        _emergencyAccess[patient][account] = EmergencyAccess(until, m.institutionId, reason);
        emit EmergencyAccessOpened(patient, account, m.institutionId, reason, until);
    }

    /// @notice Ends live emergency access early; callable by the patient or the member. When the
    /// patient ends it, the institution's emergency authorisation ends too (see the contract notice).
    /// @param patient The patient.
    /// @param account The member who opened the access.
    function closeEmergencyAccess(address patient, address account) external {
        address sender = _sender();
        if (sender != patient && sender != account) revert NotAuthorized(sender);
        EmergencyAccess memory e = _emergencyAccess[patient][account];
        if (e.until <= block.timestamp) revert NoActiveEmergencyAccess(patient, account);
        delete _emergencyAccess[patient][account];
        emit EmergencyAccessClosed(patient, account, sender);
        if (sender == patient) _withdrawEmergency(patient, e.institutionId);
    }

    /// @notice The scopes an institution may open in an emergency for a patient.
    /// @param patient The patient.
    /// @param institutionId The institution.
    /// @return The scope bits (0 if not authorised).
    function emergencyScopes(address patient, uint32 institutionId) external view returns (uint32) {
        return _grantOf(patient, Grantee.emergency(institutionId)).scopes();
    }

    /// @inheritdoc IEhrHub
    function emergencyAccess(address patient, address account)
        external
        view
        returns (uint64 until, uint32 institutionId, uint16 reason, bool active)
    {
        EmergencyAccess memory e = _emergencyAccess[patient][account];
        return (e.until, e.institutionId, e.reason, e.until > block.timestamp);
    }

    /// Scopes a member currently holds through emergency access (member liveness is checked by the caller).
    function _emergencyMask(address patient, address account, uint32 institutionId) internal view returns (uint32) {
        EmergencyAccess memory e = _emergencyAccess[patient][account];
        if (e.until <= block.timestamp || e.institutionId != institutionId) return 0;
        return _current(_grantOf(patient, Grantee.emergency(institutionId)));
    }

    /// Ends an institution's emergency authorisation and advances its scopes; false if there was none.
    function _withdrawEmergency(address patient, uint32 institutionId) private returns (bool) {
        bytes32 grantee = Grantee.emergency(institutionId);
        uint32 scopes = _grantOf(patient, grantee).scopes();
        if (scopes == 0) return false;
        _unlistAndClear(patient, grantee);
        emit EmergencyInstitutionSet(patient, institutionId, 0, 0, "");
        _advanceEpochs(patient, scopes);
        return true;
    }
}
