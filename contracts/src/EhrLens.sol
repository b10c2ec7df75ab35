// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {InvalidScope, PageTooLarge} from "./Errors.sol";
import {Grantee} from "./Grantee.sol";
import {IEhrHub} from "./IEhrHub.sol";
import {Roles} from "./Roles.sol";

/// @title Read-only views over EhrHub
/// @notice Lets a page (or a test) read many access masks, records or epochs in one eth_call, and
/// holds the views that walk a patient's grant list (`grantsOf`, `pendingScopes`, `readerKeys`),
/// which the hub does not need for any change of state. Every answer is composed from hub views
/// (`grantees`, `grantOf`, ...): the rules of access live in the hub only. It holds no state
/// besides the hub address and changes nothing.
contract EhrLens {
    /// A record as returned by EhrHub.record, with its id.
    struct RecordView {
        uint32 recordId;
        bytes32 digest;
        uint8 codec;
        uint8 scope;
        address author;
        uint64 createdAt;
        uint32 previous;
        bool redacted;
        bool superseded;
    }

    /// A grant as listed by `grantsOf`; standing as `EhrHub.grantStanding` (for an institution, the
    /// group key version its keys were sealed to).
    struct GrantView {
        bytes32 grantee;
        uint32 scopes;
        uint64 expiry;
        bool inForce;
        bool keysCurrent;
        uint32 standing;
    }

    /// An institution as listed by `institutions`: its stored data, its grantee id and the block of
    /// its `InstitutionAdded` (where its name and jurisdiction are).
    struct InstitutionView {
        uint32 institutionId;
        address institutionAdmin;
        uint8 kind;
        bool suspended;
        bytes32 groupKey;
        uint32 keyVersion;
        uint32 exposedVersion;
        bytes32 grantee;
        uint64 listedBlock;
    }

    /// An account as listed by `accounts`: membership, own key, pending invitation, grantee id.
    struct AccountView {
        address account;
        uint32 institutionId;
        uint8 role;
        bool live;
        bytes32 memberKey;
        uint32 invitedTo;
        uint8 invitedRole;
        bytes32 grantee;
    }

    /// An entry of an institution's members or pending invitations as listed by `roster`.
    struct RosterView {
        address account;
        uint32 institutionId;
        uint8 role;
        bool live;
        bytes32 memberKey;
        uint64 listedBlock;
        bytes32 grantee;
    }

    /// An emergency window open on a chart, as listed by `emergencyWindows`.
    struct WindowView {
        address member;
        uint64 until;
        uint16 reason;
    }

    /// What a page needs to know about an account when it connects (`rolesOf`).
    struct AccountRoles {
        bool superAdmin;
        bool patient;
        uint32 patientKeyVersion;
        uint32 institutionId;
        uint8 role;
        bool live;
        uint32 invitedTo;
        uint8 invitedRole;
        uint32 institutionCount;
        uint32 scanned;
        uint32[] adminOf;
    }

    /// Most institutions `institutions` returns per call (a full page stays far below a 30M call gas cap).
    uint256 internal constant INSTITUTION_PAGE = 250;
    /// Most institutions `rolesOf` and `adminOf` scan per call.
    uint256 internal constant ADMIN_SCAN = 1000;
    /// Most members `emergencyWindows` looks at per call.
    uint256 internal constant WINDOW_SCAN = 500;
    /// Most accounts `accounts` reads per call.
    uint256 internal constant ACCOUNT_PAGE = 250;

    IEhrHub internal immutable _hub;

    /// @param hubAddress The EhrHub to read.
    constructor(IEhrHub hubAddress) {
        _hub = hubAddress;
    }

    /// @notice The hub this lens reads.
    /// @return The EhrHub address.
    function hub() external view returns (IEhrHub) {
        return _hub;
    }

    /// @notice Access masks for every (patient, reader) pair, row by row (patients outer).
    /// @param patients The patients.
    /// @param readers The readers.
    /// @return masks masks[i * readers.length + j] is accessMask(patients[i], readers[j]).
    function accessMatrix(address[] calldata patients, address[] calldata readers)
        external
        view
        returns (uint32[] memory masks)
    {
        masks = new uint32[](patients.length * readers.length);
        for (uint256 i; i < patients.length; ++i) {
            for (uint256 j; j < readers.length; ++j) {
                masks[i * readers.length + j] = _hub.accessMask(patients[i], readers[j]);
            }
        }
    }

    /// @notice Records fromId..toId (inclusive, clamped to the record count) of a patient.
    /// @param patient The patient.
    /// @param fromId First id (at least 1).
    /// @param toId Last id.
    /// @return result The records in id order.
    function records(address patient, uint32 fromId, uint32 toId) external view returns (RecordView[] memory result) {
        uint32 count = _hub.recordCount(patient);
        if (toId > count) toId = count;
        if (fromId == 0) fromId = 1;
        if (fromId > toId) return new RecordView[](0);
        result = new RecordView[](toId - fromId + 1);
        for (uint32 id = fromId; id <= toId; ++id) {
            RecordView memory v = result[id - fromId];
            v.recordId = id;
            (v.digest, v.codec, v.scope, v.author, v.createdAt, v.previous, v.redacted, v.superseded) =
                _hub.record(patient, id);
        }
    }

    /// @notice Number of grants listed for a patient (in force or awaiting settlement).
    /// @param patient The patient.
    /// @return The count.
    function grantCount(address patient) external view returns (uint256) {
        return _hub.grantees(patient).length;
    }

    /// @notice A page of a patient's grants (emergency authorisations included, tag 2).
    /// @param patient The patient.
    /// @param offset The first index.
    /// @param count At most this many.
    /// @return page The grants: in force, and whether the grantee holds the current keys' standing.
    function grantsOf(address patient, uint256 offset, uint256 count) external view returns (GrantView[] memory page) {
        bytes32[] memory list = _hub.grantees(patient);
        uint256 end = offset + count > list.length ? list.length : offset + count;
        page = new GrantView[](end > offset ? end - offset : 0);
        for (uint256 i = offset; i < end; ++i) {
            GrantView memory v = page[i - offset];
            v.grantee = list[i];
            (v.scopes, v.expiry, v.inForce, v.keysCurrent,,) = _hub.grantOf(patient, list[i]);
            v.standing = _hub.grantStanding(patient, list[i]);
        }
    }

    /// @notice Where each grantee's list of grants starts (`EhrHub.lastGrantBlock`): the block of
    /// its newest grant, whose event names the block of the grant before, back to 0. With the
    /// current block, so a reader knows which of those blocks may still be reorganised.
    /// @param list The grantee ids, at most 250 (`PageTooLarge` otherwise).
    /// @return current The current block number.
    /// @return blocks blocks[i] is the block of the newest grant to list[i] (0 if none).
    function lastGrantBlocks(bytes32[] calldata list) external view returns (uint256 current, uint256[] memory blocks) {
        if (list.length > ACCOUNT_PAGE) revert PageTooLarge(list.length, ACCOUNT_PAGE);
        current = block.number;
        blocks = new uint256[](list.length);
        for (uint256 i; i < list.length; ++i) {
            blocks[i] = _hub.lastGrantBlock(list[i]);
        }
    }

    /// @notice Where the names of accounts and institutions are (`EhrHub.listedBlock`): the block of
    /// each account's latest `MemberAdded` and of each institution's `InstitutionAdded`, so a reader
    /// takes a name with one eth_getLogs of one block, whatever the chain's length. With the current
    /// block, so a reader knows which of those blocks may still be reorganised.
    /// @param accountList The accounts, at most 250 (`PageTooLarge` otherwise).
    /// @param institutionIds The institutions, at most 250 (`PageTooLarge` otherwise).
    /// @return current The current block number.
    /// @return memberBlocks memberBlocks[i] is the block of accountList[i]'s listing (0 if none).
    /// @return institutionBlocks institutionBlocks[i] is the block of institutionIds[i]'s listing (0 if none).
    function nameBlocks(address[] calldata accountList, uint32[] calldata institutionIds)
        external
        view
        returns (uint256 current, uint64[] memory memberBlocks, uint64[] memory institutionBlocks)
    {
        if (accountList.length > ACCOUNT_PAGE) revert PageTooLarge(accountList.length, ACCOUNT_PAGE);
        if (institutionIds.length > ACCOUNT_PAGE) revert PageTooLarge(institutionIds.length, ACCOUNT_PAGE);
        current = block.number;
        memberBlocks = new uint64[](accountList.length);
        for (uint256 i; i < accountList.length; ++i) {
            memberBlocks[i] = _hub.listedBlock(Grantee.account(accountList[i]));
        }
        institutionBlocks = new uint64[](institutionIds.length);
        for (uint256 i; i < institutionIds.length; ++i) {
            institutionBlocks[i] = _hub.listedBlock(Grantee.institution(institutionIds[i]));
        }
    }

    /// @notice Scopes whose current chart keys may be held by a party whose access ended: until
    /// `EhrHub.settleAccess` runs, a writer must not use those chart keys (seal to `readerKeys` instead).
    /// @param patient The patient.
    /// @return scopes The pending scopes.
    function pendingScopes(address patient) external view returns (uint32 scopes) {
        bytes32[] memory list = _hub.grantees(patient);
        for (uint256 i; i < list.length; ++i) {
            (uint32 granted,,,, bool pending,) = _hub.grantOf(patient, list[i]);
            if (pending) scopes |= granted;
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
        bytes32[] memory list = _hub.grantees(patient);
        keys = new bytes32[](list.length + 1);
        keys[0] = _hub.patientKey(patient);
        uint256 n = 1;
        for (uint256 i; i < list.length; ++i) {
            (uint32 granted,, bool active,,, bool relative) = _hub.grantOf(patient, list[i]);
            if (!active || (granted >> scope) & 1 == 0) continue;
            bytes32 key = _readerKey(list[i], relative);
            if (key != bytes32(0)) keys[n++] = key;
        }
        assembly ("memory-safe") {
            mstore(keys, n) // shorten to the keys found (n <= the allocated length)
        }
    }

    /// @notice Whether a reader currently holds one scope of a patient's chart.
    /// @param patient The patient.
    /// @param reader The reader.
    /// @param scopeBit The scope index (0..31).
    /// @return True if the reader may read records of that scope now.
    function hasAccess(address patient, address reader, uint8 scopeBit) external view returns (bool) {
        if (scopeBit >= 32) return false;
        return (_hub.accessMask(patient, reader) >> scopeBit) & 1 != 0;
    }

    /// @notice Whether an account may add or amend records of a scope for a patient now (what
    /// `EhrHub.addRecord` checks: the patient, or a live member holding the scope within its role).
    /// @param patient The patient.
    /// @param writer The account.
    /// @param scope The scope index (0..31).
    /// @return True if allowed.
    function canWrite(address patient, address writer, uint8 scope) external view returns (bool) {
        if (scope >= 32 || !_hub.isPatient(patient)) return false;
        if (writer == patient) return true;
        (, uint8 role, bool live) = _hub.member(writer);
        if (!live) return false;
        return ((Roles.writeMask(role) & _hub.accessMask(patient, writer)) >> scope) & 1 != 0;
    }

    /// @notice The current key epoch of one scope of a patient's chart.
    /// @param patient The patient.
    /// @param scope The scope index (0..31).
    /// @return The epoch (the key version's first epoch is (keyVersion - 1) << 24).
    function epochOf(address patient, uint8 scope) external view returns (uint32) {
        if (scope >= 32) revert InvalidScope(scope);
        return _hub.epochs(patient)[scope];
    }

    /// @notice Key epochs of several patients.
    /// @param patients The patients.
    /// @return result result[i] is epochs(patients[i]).
    function epochsOf(address[] calldata patients) external view returns (uint32[32][] memory result) {
        result = new uint32[32][](patients.length);
        for (uint256 i; i < patients.length; ++i) {
            result[i] = _hub.epochs(patients[i]);
        }
    }

    /// @notice A page of institutions, by id.
    /// @param offset Institutions to skip (the page starts at id offset + 1).
    /// @param count At most this many (clamped to 250).
    /// @return total The number of institutions.
    /// @return page The institutions offset + 1 .. offset + count that exist, in id order.
    function institutions(uint256 offset, uint256 count)
        external
        view
        returns (uint256 total, InstitutionView[] memory page)
    {
        total = _hub.institutionCount();
        if (count > INSTITUTION_PAGE) count = INSTITUTION_PAGE;
        uint256 end = offset + count > total ? total : offset + count;
        page = new InstitutionView[](end > offset ? end - offset : 0);
        for (uint256 i = offset; i < end; ++i) {
            InstitutionView memory v = page[i - offset];
            v.institutionId = uint32(i + 1);
            (v.institutionAdmin, v.kind, v.suspended, v.groupKey, v.keyVersion) = _hub.institution(v.institutionId);
            v.exposedVersion = _hub.exposedKeyVersion(v.institutionId);
            v.grantee = Grantee.institution(v.institutionId);
            v.listedBlock = _hub.listedBlock(v.grantee);
        }
    }

    /// @notice Membership, own key and pending invitation of several accounts (a page of the
    /// directory; who joined or was invited is listed by the hub's events, not stored).
    /// @param list The accounts, at most 250 (`PageTooLarge` otherwise).
    /// @return page page[i] describes list[i].
    function accounts(address[] calldata list) external view returns (AccountView[] memory page) {
        if (list.length > ACCOUNT_PAGE) revert PageTooLarge(list.length, ACCOUNT_PAGE);
        page = new AccountView[](list.length);
        for (uint256 i; i < list.length; ++i) {
            AccountView memory v = page[i];
            v.account = list[i];
            (v.institutionId, v.role, v.live) = _hub.member(list[i]);
            if (v.institutionId != 0) v.memberKey = _hub.memberKey(list[i]);
            (v.invitedTo, v.invitedRole,) = _hub.invitation(list[i]);
            v.grantee = Grantee.account(list[i]);
        }
    }

    /// @notice A page of institutions' current members (`pending` false) or pending invitations
    /// (`pending` true), read from the hub's rosters (`EhrHub.rosterAt`), never from history: from
    /// entry `index` of institution `institutionId`, then (unless `single`) the next institutions'
    /// in id order, passing at most 1000 institutions per call. Each entry comes with the block of
    /// its listing (`MemberAdded` or `MemberInvited`), where a reader finds its name, licence and
    /// specialty with one eth_getLogs of one block.
    /// @param institutionId The first institution (0 reads as 1).
    /// @param index The first entry of that institution's list.
    /// @param count At most this many entries, at most 250 (`PageTooLarge` otherwise).
    /// @param pending Whether to list pending invitations rather than members.
    /// @param single Whether to stop at the end of institution `institutionId`'s list.
    /// @return current The current block number (a reader knows which listing blocks may still be
    /// reorganised).
    /// @return total The number of entries of institution `institutionId`'s list.
    /// @return page The entries: role (offered, for an invitation), whether live, the member's own
    /// key (members only), the listing's block and the account's grantee id.
    /// @return nextInstitution Where the next page starts (0 when the lists are read to the end).
    /// @return nextIndex The entry of `nextInstitution` where the next page starts.
    function roster(uint32 institutionId, uint256 index, uint256 count, bool pending, bool single)
        external
        view
        returns (uint256 current, uint256 total, RosterView[] memory page, uint32 nextInstitution, uint256 nextIndex)
    {
        if (count > ACCOUNT_PAGE) revert PageTooLarge(count, ACCOUNT_PAGE);
        current = block.number;
        uint32 id = institutionId == 0 ? 1 : institutionId;
        uint32 last = single ? id : _hub.institutionCount();
        (total,,) = _hub.rosterAt(id, pending, 0);
        page = new RosterView[](count);
        uint256 n;
        uint256 passed;
        while (id <= last && n < count && passed < ADMIN_SCAN) {
            (uint256 length, address account, uint64 listedAt) = _hub.rosterAt(id, pending, index);
            if (index >= length) {
                ++id;
                ++passed;
                index = 0;
                continue;
            }
            RosterView memory v = page[n++];
            v.account = account;
            v.institutionId = id;
            v.listedBlock = listedAt;
            v.grantee = Grantee.account(account);
            if (pending) {
                (, v.role,) = _hub.invitation(account);
            } else {
                (, v.role, v.live) = _hub.member(account);
                v.memberKey = _hub.memberKey(account);
            }
            if (++index == length) {
                // This list is read to its end: the cursor moves on now, not on the next call.
                ++id;
                ++passed;
                index = 0;
            }
        }
        assembly ("memory-safe") {
            mstore(page, n) // shorten to the entries found
        }
        if (id <= last) (nextInstitution, nextIndex) = (id, index);
    }

    /// @notice The emergency windows open now on a patient's chart through an institution: those its
    /// current members opened (`EhrHub.emergencyAccess`), found by walking the institution's roster
    /// from entry `index`, at most 500 members per call; never a scan of the chain's history. None
    /// while the institution's emergency authorisation is not in force (withdrawn, or the
    /// institution suspended): its windows give no access then.
    /// @param patient The patient.
    /// @param institutionId The institution (one the patient authorised for emergencies).
    /// @param index The first roster entry to look at.
    /// @return open The windows open now, with their end and reason code.
    /// @return nextIndex Where the next call starts (0 when the roster is read to the end).
    function emergencyWindows(address patient, uint32 institutionId, uint256 index)
        external
        view
        returns (WindowView[] memory open, uint256 nextIndex)
    {
        (uint256 length,,) = _hub.rosterAt(institutionId, false, 0);
        (,, bool authorised,,,) = _hub.grantOf(patient, Grantee.emergency(institutionId));
        if (!authorised || index >= length) return (new WindowView[](0), 0);
        uint256 end = length - index > WINDOW_SCAN ? index + WINDOW_SCAN : length;
        open = new WindowView[](end - index);
        uint256 n;
        for (uint256 i = index; i < end; ++i) {
            (, address member,) = _hub.rosterAt(institutionId, false, i);
            (uint64 until, uint32 via, uint16 reason, bool active) = _hub.emergencyAccess(patient, member);
            if (active && via == institutionId) open[n++] = WindowView(member, until, reason);
        }
        assembly ("memory-safe") {
            mstore(open, n) // shorten to the windows found
        }
        if (end < length) nextIndex = end;
    }

    /// @notice Everything a page needs to know about an account when it connects, in one call:
    /// super-admin, patient and key version, membership, pending invitation, and the institutions
    /// it administers among ids 1 .. `scanned` (continue with `adminOf` when fewer than all).
    /// @param account The account.
    /// @return r The roles.
    function rolesOf(address account) external view returns (AccountRoles memory r) {
        r.superAdmin = _hub.admin() == account;
        r.patient = _hub.isPatient(account);
        if (r.patient) r.patientKeyVersion = _hub.patientKeyVersion(account);
        (r.institutionId, r.role, r.live) = _hub.member(account);
        (r.invitedTo, r.invitedRole,) = _hub.invitation(account);
        r.institutionCount = _hub.institutionCount();
        (r.adminOf, r.scanned) = _adminOf(account, 0, r.institutionCount);
    }

    /// @notice The institutions an account administers among ids offset + 1 .. offset + 1000.
    /// @param account The account.
    /// @param offset Institutions to skip.
    /// @return ids The institution ids, ascending.
    /// @return scanned The last id scanned (the institution count once all are).
    function adminOf(address account, uint256 offset) external view returns (uint32[] memory ids, uint32 scanned) {
        return _adminOf(account, offset, _hub.institutionCount());
    }

    function _adminOf(address account, uint256 offset, uint256 total)
        private
        view
        returns (uint32[] memory ids, uint32 scanned)
    {
        uint256 end = offset + ADMIN_SCAN > total ? total : offset + ADMIN_SCAN;
        ids = new uint32[](end > offset ? end - offset : 0);
        uint256 n;
        for (uint256 id = offset + 1; id <= end; ++id) {
            (address institutionAdmin,,,,) = _hub.institution(uint32(id));
            if (institutionAdmin == account) ids[n++] = uint32(id);
        }
        assembly ("memory-safe") {
            mstore(ids, n) // shorten to the ids found
        }
        scanned = uint32(end > offset ? end : offset);
    }

    /// The public key a grantee in force reads with, or zero if it has none that is safe to seal
    /// to: a relative's patient key, a member's own key, or an institution's group key unless a
    /// departed member held that version.
    function _readerKey(bytes32 grantee, bool relative) private view returns (bytes32) {
        if (Grantee.tag(grantee) == Grantee.TAG_ACCOUNT) {
            address account = Grantee.accountOf(grantee);
            return relative ? _hub.patientKey(account) : _hub.memberKey(account);
        }
        uint32 institutionId = Grantee.institutionOf(grantee);
        (,,, bytes32 groupKey, uint32 keyVersion) = _hub.institution(institutionId);
        return keyVersion > _hub.exposedKeyVersion(institutionId) ? groupKey : bytes32(0);
    }
}
