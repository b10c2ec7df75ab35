// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title The read-only part of EhrHub used by the appointment book and the lens
/// @notice EhrHub implements it (`EhrHub is IEhrHub`), so the compiler checks every signature the
/// other two contracts call; the implementations inherit this documentation.
interface IEhrHub {
    /// @notice Whether an address is a registered patient.
    /// @param account The address.
    /// @return True if registered.
    function isPatient(address account) external view returns (bool);

    /// @notice Membership of an address.
    /// @param account The address.
    /// @return institutionId The institution (0 if none).
    /// @return role The role (0 if none).
    /// @return live True when a member of a non-suspended institution.
    function member(address account) external view returns (uint32 institutionId, uint8 role, bool live);

    /// @notice Stored data of an institution.
    /// @param institutionId The institution.
    /// @return institutionAdmin The admin.
    /// @return kind The kind.
    /// @return suspended Whether suspended.
    /// @return groupKey The group key.
    /// @return keyVersion The key version.
    function institution(uint32 institutionId)
        external
        view
        returns (address institutionAdmin, uint8 kind, bool suspended, bytes32 groupKey, uint32 keyVersion);

    /// @notice All scopes a reader currently holds of a patient's chart.
    /// @param patient The patient.
    /// @param reader The reader.
    /// @return The scope bits.
    function accessMask(address patient, address reader) external view returns (uint32);

    /// @notice Number of records of a patient.
    /// @param patient The patient.
    /// @return The count.
    function recordCount(address patient) external view returns (uint32);

    /// @notice One record of a patient.
    /// @param patient The patient.
    /// @param recordId The record id.
    /// @return digest The CID digest.
    /// @return codec The CID codec.
    /// @return scope The category index.
    /// @return author The author.
    /// @return createdAt The creation time.
    /// @return previous The amended version, 0 if none.
    /// @return redacted Whether redacted.
    /// @return superseded Whether superseded.
    function record(address patient, uint32 recordId)
        external
        view
        returns (
            bytes32 digest,
            uint8 codec,
            uint8 scope,
            address author,
            uint64 createdAt,
            uint32 previous,
            bool redacted,
            bool superseded
        );

    /// @notice A patient's current X25519 public key.
    /// @param patient The patient.
    /// @return The key (zero if not registered).
    function patientKey(address patient) external view returns (bytes32);

    /// @notice The grantees listed for a patient (in force or awaiting settlement, emergency
    /// authorisations included), at most 128; `EhrLens.grantsOf` pages over them.
    /// @param patient The patient.
    /// @return The grantees in list order.
    function grantees(address patient) external view returns (bytes32[] memory);

    /// @notice The stored grant of a grantee (it may have ended without being settled yet).
    /// @param patient The patient.
    /// @param grantee The grantee.
    /// @return scopes The granted scope bits (0 if none).
    /// @return expiry The expiry time (0 for none).
    /// @return active Whether the grant is in force now (not expired, the grantee still eligible).
    /// @return keysCurrent Whether the keys it holds were sealed to the grantee's current standing
    /// (false after they were withheld, or while its group key version is exposed).
    /// @return pending Whether its scopes wait for `settleAccess` (ended, or sealed to an exposed key).
    /// @return relative Whether it was made to a family-linked patient (who reads with their patient
    /// key), not to a member (who reads with their member key).
    function grantOf(address patient, bytes32 grantee)
        external
        view
        returns (uint32 scopes, uint64 expiry, bool active, bool keysCurrent, bool pending, bool relative);

    /// @notice The block of the newest grant to a grantee, from any patient (`AccessGranted`; for an
    /// emergency grantee, `EmergencyInstitutionSet`), whose event names the block of the one before.
    /// With a family list id (`3 << 160 | patient`, not a grantee): the block of the newest family
    /// link proposed by or to that patient (`FamilyLinkProposed`, naming the one before in each
    /// patient's list).
    /// @param grantee The grantee id, or a family list id.
    /// @return The block number (0 if nothing was ever granted to it, or proposed).
    function lastGrantBlock(bytes32 grantee) external view returns (uint256);

    /// @notice Where a listing's name is: the block of an account's latest `MemberAdded` (a grantee
    /// id of tag 0), or of an institution's `InstitutionAdded` (any other tag: its low 32 bits).
    /// @param grantee The grantee id of the account or institution.
    /// @return The block number (0 if never listed).
    function listedBlock(bytes32 grantee) external view returns (uint64);

    /// @notice A member's own X25519 public key.
    /// @param account The member.
    /// @return The key (zero if none).
    function memberKey(address account) external view returns (bytes32);

    /// @notice The newest group key version of an institution that a departed member held (0 if none).
    /// @param institutionId The institution.
    /// @return The exposed version; keys sealed to it or older ones may be open to a former member.
    function exposedKeyVersion(uint32 institutionId) external view returns (uint32);

    /// @notice The platform super-admin.
    /// @return The admin address.
    function admin() external view returns (address);

    /// @notice Number of institutions; ids run from 1 to this number.
    /// @return The count.
    function institutionCount() external view returns (uint32);

    /// @notice The pending invitation of an account.
    /// @param account The account.
    /// @return institutionId The inviting institution (0 if none).
    /// @return role The role offered (0 if none).
    /// @return invitedBlock The block of its `MemberInvited`, whose listing the account repeats to
    /// accept (0 if none).
    function invitation(address account) external view returns (uint32 institutionId, uint8 role, uint64 invitedBlock);

    /// @notice Entry `index` of an institution's current members (`pending` false) or of its pending
    /// invitations (`pending` true), in no particular order: a removal moves the last entry into the
    /// freed place.
    /// @param institutionId The institution.
    /// @param pending Whether to read the pending invitations rather than the members.
    /// @param index The entry.
    /// @return length The number of entries.
    /// @return account The account at `index` (zero past the end).
    /// @return listedAt The block of its listing: its `MemberAdded`, or its `MemberInvited` (0 past the end).
    function rosterAt(uint32 institutionId, bool pending, uint256 index)
        external
        view
        returns (uint256 length, address account, uint64 listedAt);

    /// @notice The last emergency access a member opened for a patient.
    /// @param patient The patient.
    /// @param account The member.
    /// @return until When it ends (0 if never opened or closed early).
    /// @return institutionId The institution it was opened through.
    /// @return reason The reason code.
    /// @return active Whether it is in force now (time not reached).
    function emergencyAccess(address patient, address account)
        external
        view
        returns (uint64 until, uint32 institutionId, uint16 reason, bool active);

    /// @notice What made a grantee eligible when its keys were sealed (`GrantWord`): a member's join
    /// generation, `1 << 31 |` a family link's generation, or an institution's group key version
    /// (0 when its keys were withheld). An institution's grant or emergency authorisation whose
    /// standing is below the institution's key version was sealed to a group key since replaced.
    /// @param patient The patient.
    /// @param grantee The grantee.
    /// @return The standing (0 when there is no grant).
    function grantStanding(address patient, bytes32 grantee) external view returns (uint32);

    /// @notice The patient's key version (1 until the first rotation).
    /// @param patient The patient.
    /// @return The version.
    function patientKeyVersion(address patient) external view returns (uint32);

    /// @notice All 32 key epochs of a patient's chart.
    /// @param patient The patient.
    /// @return The epochs.
    function epochs(address patient) external view returns (uint32[32] memory);
}
