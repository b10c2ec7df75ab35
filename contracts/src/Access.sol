// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import "./Errors.sol";
import {Emergency} from "./Emergency.sol";
import {Grant} from "./GrantWord.sol";
import {Grantee} from "./Grantee.sol";
import {IEhrHub} from "./IEhrHub.sol";
import {Roles} from "./Roles.sol";

/// @title Access checks combining grants, institution membership, emergency access and family links
/// @notice A reader holds a scope of a patient's chart when the reader is the patient, or when the
/// reader is a live member (member of a non-suspended institution) and one of these is in force: a
/// grant to the reader, a grant to the reader's institution, or break-glass access the reader opened
/// through an institution the patient authorised for that scope. A family-linked patient holds
/// family history when granted it and while the link lasts.
/// Writers: the patient writes any scope; a live member writes a scope they can read, within their
/// role (`Roles`): doctors any scope, nurses vitals and immunizations, lab technicians labs and
/// imaging. `accessMask` is the one access view here; `EhrLens.hasAccess` and `EhrLens.canWrite`
/// are built on it.
abstract contract Access is Emergency {
    /// @inheritdoc IEhrHub
    function accessMask(address patient, address reader) external view returns (uint32) {
        return _accessMask(patient, reader);
    }

    // ------------------------------------------------------------------ internals

    function _accessMask(address patient, address reader) internal view returns (uint32 mask) {
        if (reader == patient) return _isRegistered(patient) ? ALL_SCOPES : 0;
        bytes32 own = Grantee.account(reader);
        Grant direct = _grantOf(patient, own);
        Member memory m = _memberOf(reader);
        bool family = direct.standing() & STANDING_FAMILY != 0;
        // A grant made to a relative counts while that same link lasts.
        if (family && _endReason(patient, own, direct) == 0) mask = direct.scopes() & SCOPE_FAMILY_HISTORY;
        if (_isLive(m)) {
            // A grant made to an earlier membership of the same account never counts again.
            uint32 personal = !family && direct.standing() == m.generation ? _current(direct) : 0;
            mask |= personal | _current(_grantOf(patient, Grantee.institution(m.institutionId)))
                | _emergencyMask(patient, reader, m.institutionId);
        }
    }

    /// Reverts unless `writer` may write a record of `scope` for `patient` now. Cheapest checks first.
    function _requireWriter(address patient, address writer, uint8 scope) internal view {
        _requirePatient(patient);
        if (writer == patient) return;
        Member memory m = _requireLiveMember(writer);
        uint32 bit = uint32(1) << scope;
        if (Roles.writeMask(m.role) & bit == 0) revert RoleCannotWrite(m.role, scope);
        Grant direct = _grantOf(patient, Grantee.account(writer));
        if (direct.standing() == m.generation && _current(direct) & bit != 0) return;
        if (_current(_grantOf(patient, Grantee.institution(m.institutionId))) & bit != 0) return;
        if (_emergencyMask(patient, writer, m.institutionId) & bit != 0) return;
        revert NoAccess(patient, writer, scope);
    }
}
