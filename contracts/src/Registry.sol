// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import "./Errors.sol";
import {BlockLists} from "./BlockLists.sol";
import {Grantee} from "./Grantee.sol";
import {HubContext} from "./HubContext.sol";
import {IEhrHub} from "./IEhrHub.sol";
import {Roles} from "./Roles.sol";

/// @title Registry of the platform super-admin, institutions and their members
/// @notice Holds public institutional data (kind, admin, suspension, X25519 group key), the
/// professional roles of members and the members' own X25519 keys. Names, licences and specialties
/// are public listing data and are only emitted in events, never stored. Patients live in `Patients`.
abstract contract Registry is HubContext, BlockLists, IEhrHub {
    // Institution kinds.
    uint8 internal constant KIND_HOSPITAL = 1;
    uint8 internal constant KIND_LAB = 2;
    uint8 internal constant KIND_INSURER = 3;
    uint8 internal constant KIND_PHARMACY = 4;

    /// One storage slot: admin (20) + kind (1) + suspended (1) + keyVersion (4) + exposedVersion (4).
    /// exposedVersion is the newest group key version a departed member held: keys sealed to that
    /// version or an older one may be open to a former member (docs/record-format.md, "Ending access").
    struct Institution {
        address admin;
        uint8 kind;
        bool suspended;
        uint32 keyVersion;
        uint32 exposedVersion;
    }

    /// One storage slot. institutionId 0 means "not a member". generation counts the account's
    /// joins: a grant made to one membership never counts for a later one. listedBlock is the block
    /// of the account's latest `MemberAdded` (kept after it leaves, as its listing is), so a reader
    /// finds its name with one eth_getLogs of that block. place is the account's index in its
    /// institution's roster while it is a member.
    struct Member {
        uint32 institutionId;
        uint8 role;
        uint32 generation;
        uint64 listedBlock;
        uint32 place;
    }

    /// One storage slot per invited account: the institution and role offered and the hash of the
    /// listing data, which the account repeats when it accepts (so it accepts what it read).
    struct Invitation {
        uint32 institutionId;
        uint8 role;
        bytes27 listingHash;
    }

    /// Where a pending invitation is listed: the block of its `MemberInvited` and its index in the
    /// institution's list of pending invitations (the `Invitation` slot is full).
    struct Pending {
        uint64 invitedBlock;
        uint32 place;
    }

    address private _admin;
    address private _pendingAdmin;
    uint32 private _institutionCount;
    mapping(uint32 institutionId => Institution) private _institutions;
    mapping(uint32 institutionId => bytes32 groupKey) private _groupKeys;
    /// The block of each institution's `InstitutionAdded` (the `Institution` slot is full).
    mapping(uint32 institutionId => uint64 blockNumber) private _institutionBlocks;
    mapping(address account => Member) private _members;
    mapping(address account => Invitation) private _invitations;
    mapping(address account => bytes32 encryptionKey) private _memberKeys;
    mapping(address account => Pending) private _pending;
    /// Each institution's current members and pending invitations, in no particular order (a
    /// removal moves the last entry into the freed place), so lists are read by index from views,
    /// one page per call, never rebuilt from the chain's history.
    mapping(uint32 institutionId => address[]) private _rosters;
    mapping(uint32 institutionId => address[]) private _invited;

    /// @notice The super-admin named a pending successor (zero cancels).
    event AdminTransferStarted(address indexed admin, address indexed pendingAdmin);
    /// @notice The super-admin role moved (from zero at deployment).
    event AdminTransferred(address indexed previousAdmin, address indexed newAdmin);
    /// @notice A new institution was added with its public name and jurisdiction.
    event InstitutionAdded(
        uint32 indexed institutionId, uint8 kind, address indexed admin, string name, string jurisdiction
    );
    /// @notice The admin address of an institution changed.
    event InstitutionAdminChanged(uint32 indexed institutionId, address indexed previousAdmin, address indexed newAdmin);
    /// @notice An institution was suspended (true) or reinstated (false).
    event InstitutionSuspensionChanged(uint32 indexed institutionId, bool suspended);
    /// @notice An institution published a new X25519 group public key.
    event GroupKeyPublished(uint32 indexed institutionId, bytes32 groupKey, uint32 keyVersion);
    /// @notice The member wraps of the group key `keyVersion` (its secret sealed to each member's
    /// key, docs/record-format.md "Institutions") are on IPFS under the CIDv1 (codec, sha2-256 digest).
    /// The latest event for the version in force is the one members read. An institution's
    /// publications form a list (`lastGrantBlock(wrapsList(institutionId))` is its newest block):
    /// `previousBlock` is the block of the publication before this one (0 for the first).
    event MemberWrapsPublished(
        uint32 indexed institutionId, uint32 indexed keyVersion, bytes32 digest, uint8 codec, uint64 previousBlock
    );
    /// @notice An institution admin invited an account to join as a member; it joins when it accepts.
    event MemberInvited(
        uint32 indexed institutionId,
        address indexed account,
        uint8 role,
        string licence,
        string specialty,
        string displayName
    );
    /// @notice An invitation was withdrawn by the institution admin or declined by the account.
    event InvitationCancelled(uint32 indexed institutionId, address indexed account, address by);
    /// @notice A member joined an institution (accepting its invitation), with public professional listing data.
    event MemberAdded(
        uint32 indexed institutionId,
        address indexed member,
        uint8 role,
        string licence,
        string specialty,
        string displayName
    );
    /// @notice A member left an institution.
    event MemberRemoved(uint32 indexed institutionId, address indexed member);
    /// @notice A member set their own X25519 public key (used to receive the institution's group key).
    event MemberKeySet(address indexed member, bytes32 encryptionKey);

    constructor() {
        _admin = msg.sender;
        emit AdminTransferred(address(0), msg.sender);
    }

    modifier onlyAdmin() {
        if (_sender() != _admin) revert NotAdmin(_sender());
        _;
    }

    modifier onlyInstitutionAdmin(uint32 institutionId) {
        _requireInstitution(institutionId);
        if (_institutions[institutionId].admin != _sender()) revert NotInstitutionAdmin(institutionId, _sender());
        _;
    }

    // ------------------------------------------------------------------ super-admin

    /// @notice Starts a two-step transfer of the super-admin role; the new admin must accept.
    /// @param newAdmin The proposed admin, or zero to cancel a pending transfer.
    function transferAdmin(address newAdmin) external onlyAdmin {
        _pendingAdmin = newAdmin;
        emit AdminTransferStarted(_sender(), newAdmin);
    }

    /// @notice Completes a transfer of the super-admin role; callable only by the pending admin.
    function acceptAdmin() external {
        address sender = _sender();
        if (sender != _pendingAdmin) revert NotPendingAdmin(sender);
        address previous = _admin;
        _admin = sender;
        _pendingAdmin = address(0);
        emit AdminTransferred(previous, sender);
    }

    /// @notice Adds an institution.
    /// @param kind 1 hospital, 2 lab, 3 insurer, 4 pharmacy.
    /// @param name Public name of the institution (emitted, not stored).
    /// @param jurisdiction Public jurisdiction, e.g. an ISO 3166 code (emitted, not stored).
    /// @param institutionAdmin Address that manages members and the group key.
    /// @return institutionId The new id, counting from 1.
    function addInstitution(uint8 kind, string calldata name, string calldata jurisdiction, address institutionAdmin)
        external
        onlyAdmin
        returns (uint32 institutionId)
    {
        if (kind < KIND_HOSPITAL || kind > KIND_PHARMACY) revert InvalidInstitutionKind(kind);
        if (bytes(name).length == 0) revert EmptyName();
        if (institutionAdmin == address(0)) revert ZeroAddress();
        institutionId = ++_institutionCount;
        _institutions[institutionId] = Institution(institutionAdmin, kind, false, 0, 0);
        _institutionBlocks[institutionId] = uint64(block.number);
        emit InstitutionAdded(institutionId, kind, institutionAdmin, name, jurisdiction);
    }

    /// @notice Replaces the admin address of an institution.
    /// @param institutionId The institution.
    /// @param newAdmin The new institution admin.
    function setInstitutionAdmin(uint32 institutionId, address newAdmin) external onlyAdmin {
        _requireInstitution(institutionId);
        if (newAdmin == address(0)) revert ZeroAddress();
        Institution storage inst = _institutions[institutionId];
        address previous = inst.admin;
        inst.admin = newAdmin;
        emit InstitutionAdminChanged(institutionId, previous, newAdmin);
    }

    /// @notice Suspends an institution: its members lose all access and cannot write.
    /// @param institutionId The institution.
    function suspendInstitution(uint32 institutionId) external onlyAdmin {
        _requireInstitution(institutionId);
        Institution storage inst = _institutions[institutionId];
        if (inst.suspended) revert InstitutionIsSuspended(institutionId);
        inst.suspended = true;
        emit InstitutionSuspensionChanged(institutionId, true);
    }

    /// @notice Lifts the suspension of an institution.
    /// @param institutionId The institution.
    function unsuspendInstitution(uint32 institutionId) external onlyAdmin {
        _requireInstitution(institutionId);
        Institution storage inst = _institutions[institutionId];
        if (!inst.suspended) revert InstitutionNotSuspended(institutionId);
        inst.suspended = false;
        emit InstitutionSuspensionChanged(institutionId, false);
    }

    // ------------------------------------------------------------------ institution admins

    /// @notice Invites an account to join an institution as a member (institution admin only; not
    /// while suspended). The account becomes a member only when it calls `acceptMembership`, so no
    /// admin can enrol an address without its holder's consent. A new invitation replaces an older one.
    /// @param institutionId The institution.
    /// @param account The account invited; an address belongs to at most one institution.
    /// @param role 1 doctor, 2 nurse, 3 lab technician.
    /// @param licence Public licence number (emitted, not stored).
    /// @param specialty Public specialty (emitted, not stored).
    /// @param displayName Public professional display name (emitted, not stored).
    function addMember(
        uint32 institutionId,
        address account,
        uint8 role,
        string calldata licence,
        string calldata specialty,
        string calldata displayName
    ) external onlyInstitutionAdmin(institutionId) {
        if (_institutions[institutionId].suspended) revert InstitutionIsSuspended(institutionId);
        if (account == address(0)) revert ZeroAddress();
        if (role < Roles.DOCTOR || role > Roles.LAB_TECHNICIAN) revert InvalidRole(role);
        uint32 current = _members[account].institutionId;
        if (current != 0) revert AlreadyMember(account, current);
        uint32 previous = _invitations[account].institutionId;
        uint32 place = _pending[account].place;
        if (previous != institutionId) {
            if (previous != 0) _unlistInvitation(account, previous);
            place = _enlist(_invited[institutionId], account);
        }
        _pending[account] = Pending(uint64(block.number), place);
        _invitations[account] = Invitation(institutionId, role, _listingHash(licence, specialty, displayName));
        emit MemberInvited(institutionId, account, role, licence, specialty, displayName);
    }

    /// @notice Accepts the caller's invitation; the caller repeats what the invitation said.
    /// @param institutionId The inviting institution.
    /// @param role The role offered.
    /// @param licence The licence as invited.
    /// @param specialty The specialty as invited.
    /// @param displayName The display name as invited.
    function acceptMembership(
        uint32 institutionId,
        uint8 role,
        string calldata licence,
        string calldata specialty,
        string calldata displayName
    ) external {
        address account = _sender();
        Invitation memory inv = _invitations[account];
        if (
            inv.institutionId == 0 || inv.institutionId != institutionId || inv.role != role
                || inv.listingHash != _listingHash(licence, specialty, displayName)
        ) revert NoInvitation(account, institutionId);
        if (_institutions[institutionId].suspended) revert InstitutionIsSuspended(institutionId);
        uint32 current = _members[account].institutionId;
        if (current != 0) revert AlreadyMember(account, current);
        delete _invitations[account];
        _unlistInvitation(account, institutionId);
        _members[account] = Member(
            institutionId,
            role,
            _members[account].generation + 1,
            uint64(block.number),
            _enlist(_rosters[institutionId], account)
        );
        emit MemberAdded(institutionId, account, role, licence, specialty, displayName);
    }

    /// @notice Withdraws (institution admin) or declines (the invited account) a pending invitation.
    /// @param account The invited account.
    function cancelInvitation(address account) external {
        address sender = _sender();
        uint32 institutionId = _invitations[account].institutionId;
        if (institutionId == 0) revert NoInvitation(account, 0);
        if (sender != account && sender != _institutions[institutionId].admin) revert NotAuthorized(sender);
        delete _invitations[account];
        _unlistInvitation(account, institutionId);
        emit InvitationCancelled(institutionId, account, sender);
    }

    /// @notice Removes a member; grants to the member stop counting at once and never count again
    /// (a later membership is a new generation). The group key version in force becomes exposed:
    /// patients' keys sealed to it are replaced when they settle (Consent.settleAccess).
    /// @param institutionId The institution.
    /// @param account The member's address.
    function removeMember(uint32 institutionId, address account) external onlyInstitutionAdmin(institutionId) {
        Member storage m = _members[account];
        if (m.institutionId != institutionId) revert NotMemberOf(account, institutionId);
        address moved = _unlist(_rosters[institutionId], m.place);
        if (moved != address(0)) _members[moved].place = m.place;
        m.institutionId = 0;
        m.role = 0;
        Institution storage inst = _institutions[institutionId];
        inst.exposedVersion = inst.keyVersion;
        emit MemberRemoved(institutionId, account);
    }

    /// @notice Publishes or rotates the institution's X25519 group public key.
    /// @param institutionId The institution.
    /// @param groupKey The X25519 public key.
    /// @param keyVersion Must be greater than the current version.
    function publishGroupKey(uint32 institutionId, bytes32 groupKey, uint32 keyVersion)
        external
        onlyInstitutionAdmin(institutionId)
    {
        if (groupKey == bytes32(0)) revert ZeroKey();
        Institution storage inst = _institutions[institutionId];
        if (keyVersion <= inst.keyVersion) revert StaleKeyVersion(inst.keyVersion, keyVersion);
        inst.keyVersion = keyVersion;
        _groupKeys[institutionId] = groupKey;
        emit GroupKeyPublished(institutionId, groupKey, keyVersion);
    }

    /// @notice Tells members where the wraps of the current group key are (emitted, not stored): after
    /// a rotation, and again when a member joins and the admin seals the same key to one more member.
    /// @param institutionId The institution.
    /// @param keyVersion The group key version in force.
    /// @param digest The sha2-256 digest of the wraps' CIDv1.
    /// @param codec The CID codec: 0x55 raw or 0x70 dag-pb.
    function publishMemberWraps(uint32 institutionId, uint32 keyVersion, bytes32 digest, uint8 codec)
        external
        onlyInstitutionAdmin(institutionId)
    {
        if (digest == bytes32(0)) revert EmptyDigest();
        if (codec != 0x55 && codec != 0x70) revert InvalidCodec(codec);
        uint32 current = _institutions[institutionId].keyVersion;
        if (keyVersion == 0 || keyVersion != current) revert KeyVersionMismatch(current, keyVersion);
        emit MemberWrapsPublished(institutionId, keyVersion, digest, codec, _relink(Grantee.wrapsList(institutionId)));
    }

    // ------------------------------------------------------------------ members and patients

    /// @notice Sets the caller's own X25519 public key as a member.
    /// @param encryptionKey The X25519 public key.
    function setMemberKey(bytes32 encryptionKey) external {
        address account = _sender();
        if (_members[account].institutionId == 0) revert NotMember(account);
        if (encryptionKey == bytes32(0)) revert ZeroKey();
        _memberKeys[account] = encryptionKey;
        emit MemberKeySet(account, encryptionKey);
    }

    // ------------------------------------------------------------------ views

    /// @notice The platform super-admin.
    /// @return The admin address.
    function admin() external view returns (address) {
        return _admin;
    }

    /// @notice The pending super-admin, zero if none.
    /// @return The pending admin address.
    function pendingAdmin() external view returns (address) {
        return _pendingAdmin;
    }

    /// @notice Number of institutions; ids run from 1 to this number.
    /// @return The count.
    function institutionCount() external view returns (uint32) {
        return _institutionCount;
    }

    /// @inheritdoc IEhrHub
    function institution(uint32 institutionId)
        external
        view
        returns (address institutionAdmin, uint8 kind, bool suspended, bytes32 groupKey, uint32 keyVersion)
    {
        Institution memory inst = _institutions[institutionId];
        return (inst.admin, inst.kind, inst.suspended, _groupKeys[institutionId], inst.keyVersion);
    }

    /// @inheritdoc IEhrHub
    function member(address account) external view returns (uint32 institutionId, uint8 role, bool live) {
        Member memory m = _members[account];
        return (m.institutionId, m.role, _isLive(m));
    }

    /// @inheritdoc IEhrHub
    function invitation(address account) external view returns (uint32 institutionId, uint8 role, uint64 invitedBlock) {
        Invitation memory inv = _invitations[account];
        return (inv.institutionId, inv.role, inv.institutionId == 0 ? 0 : _pending[account].invitedBlock);
    }

    /// @inheritdoc IEhrHub
    function rosterAt(uint32 institutionId, bool pending, uint256 index)
        external
        view
        returns (uint256 length, address account, uint64 listedAt)
    {
        address[] storage list = pending ? _invited[institutionId] : _rosters[institutionId];
        length = list.length;
        if (index < length) {
            account = list[index];
            listedAt = pending ? _pending[account].invitedBlock : _members[account].listedBlock;
        }
    }

    /// @inheritdoc IEhrHub
    function listedBlock(bytes32 grantee) external view returns (uint64) {
        return Grantee.tag(grantee) == Grantee.TAG_ACCOUNT
            ? _members[Grantee.accountOf(grantee)].listedBlock
            : _institutionBlocks[Grantee.institutionOf(grantee)];
    }

    /// @inheritdoc IEhrHub
    function exposedKeyVersion(uint32 institutionId) external view returns (uint32) {
        return _institutions[institutionId].exposedVersion;
    }

    /// @inheritdoc IEhrHub
    function memberKey(address account) external view returns (bytes32) {
        return _memberKeys[account];
    }

    // ------------------------------------------------------------------ internals

    /// Appends `account` to `list`; returns its index.
    function _enlist(address[] storage list, address account) private returns (uint32 place) {
        place = uint32(list.length);
        list.push(account);
    }

    /// Removes entry `place` of `list` by moving the last entry into it; returns the account moved
    /// (zero when the entry was the last), whose stored index the caller updates.
    function _unlist(address[] storage list, uint32 place) private returns (address moved) {
        uint256 last = list.length - 1;
        if (place != last) {
            moved = list[last];
            list[place] = moved;
        }
        list.pop();
    }

    /// Takes `account` off `institutionId`'s pending invitations.
    function _unlistInvitation(address account, uint32 institutionId) private {
        uint32 place = _pending[account].place;
        address moved = _unlist(_invited[institutionId], place);
        if (moved != address(0)) _pending[moved].place = place;
        delete _pending[account];
    }

    function _listingHash(string calldata licence, string calldata specialty, string calldata displayName)
        private
        pure
        returns (bytes27)
    {
        return bytes27(keccak256(abi.encode(licence, specialty, displayName)));
    }

    function _requireInstitution(uint32 institutionId) internal view {
        if (institutionId == 0 || institutionId > _institutionCount) revert UnknownInstitution(institutionId);
    }

    /// An institution's stored slot (all zero for an unknown id), for reading: only this contract
    /// writes it.
    function _institutionOf(uint32 institutionId) internal view returns (Institution storage) {
        return _institutions[institutionId];
    }

    function _isSuspended(uint32 institutionId) internal view returns (bool) {
        return _institutions[institutionId].suspended;
    }

    function _exposedVersionOf(uint32 institutionId) internal view returns (uint32) {
        return _institutions[institutionId].exposedVersion;
    }

    function _groupKeyOf(uint32 institutionId) internal view returns (bytes32) {
        return _groupKeys[institutionId];
    }

    /// An account's membership slot (institutionId 0 when not a member), for reading: only this
    /// contract writes it.
    function _memberOf(address account) internal view returns (Member storage) {
        return _members[account];
    }

    function _memberKeyOf(address account) internal view returns (bytes32) {
        return _memberKeys[account];
    }

    function _isLive(Member memory m) internal view returns (bool) {
        return m.institutionId != 0 && !_institutions[m.institutionId].suspended;
    }

    /// Loads a member and requires them to belong to a non-suspended institution.
    function _requireLiveMember(address account) internal view returns (Member memory m) {
        m = _members[account];
        if (m.institutionId == 0) revert NotMember(account);
        if (_institutions[m.institutionId].suspended) revert InstitutionIsSuspended(m.institutionId);
    }
}
