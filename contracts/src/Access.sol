// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import "./Errors.sol";
import {Emergency} from "./Emergency.sol";

/// @title Access checks combining grants, institution membership, emergency access and family links
/// @notice A reader holds a scope of a patient's chart when the reader is the patient, or when the
/// reader is a live member (member of a non-suspended institution) and one of these is in force: a
/// grant to the reader, a grant to the reader's institution, or break-glass access the reader opened
/// through an institution the patient authorised for that scope. A family-linked patient holds
/// family history when granted it and while the link lasts.
/// Writers: the patient writes any scope; a live member writes a scope they can read, within their
/// role: doctors any scope, nurses vitals and immunizations, lab technicians labs and imaging.
abstract contract Access is Emergency {
    /// @notice Whether a reader currently holds one scope of a patient's chart.
    /// @param patient The patient.
    /// @param reader The reader.
    /// @param scopeBit The scope index (0..31).
    /// @return True if the reader may read records of that scope now.
    function hasAccess(address patient, address reader, uint8 scopeBit) external view returns (bool) {
        if (scopeBit >= 32) return false;
        return (_accessMask(patient, reader) >> scopeBit) & 1 != 0;
    }

    /// @notice All scopes a reader currently holds of a patient's chart.
    /// @param patient The patient.
    /// @param reader The reader.
    /// @return The scope bits.
    function accessMask(address patient, address reader) external view returns (uint32) {
        return _accessMask(patient, reader);
    }

    /// @notice Whether an account may add or amend records of a scope for a patient now.
    /// @param patient The patient.
    /// @param writer The account.
    /// @param scope The scope index (0..31).
    /// @return True if allowed.
    function canWrite(address patient, address writer, uint8 scope) external view returns (bool) {
        if (scope >= 32 || !_isRegistered(patient)) return false;
        if (writer == patient) return true;
        Member memory m = _members[writer];
        if (!_isLive(m)) return false;
        return ((_roleWriteMask(m.role) & _accessMask(patient, writer)) >> scope) & 1 != 0;
    }

    // ------------------------------------------------------------------ internals

    function _roleWriteMask(uint8 role) internal pure returns (uint32) {
        if (role == ROLE_DOCTOR) return ALL_SCOPES;
        if (role == ROLE_NURSE) return SCOPE_VITALS | SCOPE_IMMUNIZATIONS;
        if (role == ROLE_LAB_TECHNICIAN) return SCOPE_LABS | SCOPE_IMAGING;
        return 0;
    }

    function _accessMask(address patient, address reader) internal view returns (uint32 mask) {
        if (reader == patient) return _isRegistered(patient) ? ALL_SCOPES : 0;
        Grant memory direct = _grants[patient][_memberGrantee(reader)];
        Member memory m = _members[reader];
        if (direct.standing & STANDING_FAMILY != 0) {
            // A grant made to a relative counts while that same link lasts.
            if (_endReason(patient, _memberGrantee(reader), direct) == 0) mask = direct.scopes & SCOPE_FAMILY_HISTORY;
            direct.scopes = 0;
        }
        if (_isLive(m)) {
            // A grant made to an earlier membership of the same account never counts again.
            uint32 own = direct.standing == m.generation ? _current(direct) : 0;
            mask |= own | _current(_grants[patient][_institutionGrantee(m.institutionId)])
                | _emergencyMask(patient, reader, m.institutionId);
        }
    }

    /// Reverts unless `writer` may write a record of `scope` for `patient` now. Cheapest checks first.
    function _requireWriter(address patient, address writer, uint8 scope) internal view {
        _requirePatient(patient);
        if (writer == patient) return;
        Member memory m = _requireLiveMember(writer);
        uint32 bit = uint32(1) << scope;
        if (_roleWriteMask(m.role) & bit == 0) revert RoleCannotWrite(m.role, scope);
        Grant memory direct = _grants[patient][_memberGrantee(writer)];
        if (direct.standing == m.generation && _current(direct) & bit != 0) return;
        if (_current(_grants[patient][_institutionGrantee(m.institutionId)]) & bit != 0) return;
        if (_emergencyMask(patient, writer, m.institutionId) & bit != 0) return;
        revert NoAccess(patient, writer, scope);
    }
}
