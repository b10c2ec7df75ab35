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

    /// Reverts unless `writer` may write a record of `scope` for `patient` now.
    function _requireWriter(address patient, address writer, uint8 scope) internal view {
        _requireWriterOf(patient, writer, uint32(1) << scope);
    }

    /// Reverts unless `writer` may write records of every scope in `scopes` (not empty) for
    /// `patient` now: each source of access is read once for the whole set, cheapest first. A
    /// refusal names the lowest scope refused.
    function _requireWriterOf(address patient, address writer, uint32 scopes) internal view {
        _requirePatient(patient);
        if (writer == patient) return;
        Member memory m = _requireLiveMember(writer);
        uint32 denied = scopes & ~Roles.writeMask(m.role);
        if (denied != 0) revert RoleCannotWrite(m.role, _lowestScope(denied));
        Grant direct = _grantOf(patient, Grantee.account(writer));
        if (direct.standing() == m.generation) scopes &= ~_current(direct);
        if (scopes == 0) return;
        scopes &= ~_current(_grantOf(patient, Grantee.institution(m.institutionId)));
        if (scopes == 0) return;
        scopes &= ~_emergencyMask(patient, writer, m.institutionId);
        if (scopes != 0) revert NoAccess(patient, writer, _lowestScope(scopes));
    }

    /// The lowest scope in a non-empty set.
    function _lowestScope(uint32 scopes) private pure returns (uint8 scope) {
        while (scopes & 1 == 0) {
            scopes >>= 1;
            ++scope;
        }
    }
}
