// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

// Every rejection in the EHR contracts is one of these custom errors. They are declared at file
// level so that all contracts share one selector per error and clients decode them from any ABI.

// ---- platform administration ----
/// @notice The caller is not the platform super-admin.
error NotAdmin(address caller);
/// @notice The caller is not the pending super-admin named by `transferAdmin`.
error NotPendingAdmin(address caller);
/// @notice An address argument must not be the zero address.
error ZeroAddress();

// ---- institutions and members ----
/// @notice The institution kind is not one of hospital (1), lab (2), insurer (3), pharmacy (4).
error InvalidInstitutionKind(uint8 kind);
/// @notice A required public name is empty.
error EmptyName();
/// @notice No institution has this id.
error UnknownInstitution(uint32 institutionId);
/// @notice The institution is suspended.
error InstitutionIsSuspended(uint32 institutionId);
/// @notice The institution is not suspended.
error InstitutionNotSuspended(uint32 institutionId);
/// @notice The caller is not the admin of this institution.
error NotInstitutionAdmin(uint32 institutionId, address caller);
/// @notice The member role is not one of doctor (1), nurse (2), lab technician (3).
error InvalidRole(uint8 role);
/// @notice The address is already a member of an institution.
error AlreadyMember(address member, uint32 institutionId);
/// @notice The address is not a member of this institution.
error NotMemberOf(address account, uint32 institutionId);
/// @notice The address is not a member of any institution.
error NotMember(address account);
/// @notice A key version must be greater than the current one.
error StaleKeyVersion(uint32 currentVersion, uint32 givenVersion);
/// @notice A public key must not be zero.
error ZeroKey();
/// @notice Member wraps must be for the group key version in force.
error KeyVersionMismatch(uint32 currentVersion, uint32 givenVersion);

// ---- patients ----
/// @notice The patient is already registered.
error AlreadyRegistered(address patient);
/// @notice The address is not a registered patient.
error PatientNotRegistered(address account);

// ---- consent ----
/// @notice The scope set is empty.
error EmptyScopes();
/// @notice The scope index is not below 32.
error InvalidScope(uint8 scope);
/// @notice The expiry time is not in the future.
error ExpiryInPast(uint64 expiry);
/// @notice The grantee encoding is neither a member address nor an institution id.
error InvalidGrantee(bytes32 grantee);
/// @notice The grantee may not receive these scopes (not a live member, or a family link that only allows family history).
error GranteeNotEligible(bytes32 grantee, uint32 scopes);
/// @notice There is no grant for this grantee, or it holds none of the given scopes.
error NoSuchGrant(address patient, bytes32 grantee);
/// @notice The grant has no expiry or has not reached it.
error GrantNotExpired(address patient, bytes32 grantee);
/// @notice A per-scope key epoch would overflow.
error EpochOverflow(uint8 scope);

// ---- signatures ----
/// @notice The signed message's deadline has passed.
error SignatureExpired(uint256 deadline);
/// @notice The nonce was already used or cancelled.
error NonceAlreadyUsed(address patient, uint256 nonce);
/// @notice The signature's s value is in the upper half of the curve order.
error MalleableSignature();
/// @notice The signature's v value is neither 27 nor 28.
error InvalidSignatureV(uint8 v);
/// @notice ecrecover could not recover any signer.
error InvalidSignature();
/// @notice The signature was made by another key than the patient's.
error WrongSigner(address recovered, address expected);

// ---- emergency access ----
/// @notice The patient has not pre-authorised this institution for emergency access.
error NotEmergencyInstitution(address patient, uint32 institutionId);
/// @notice The emergency reason code is not one of the documented codes 1..6.
error InvalidReasonCode(uint16 reason);
/// @notice The duration is zero or above the maximum.
error InvalidDuration(uint64 duration);
/// @notice There is no live emergency access for this patient and member.
error NoActiveEmergencyAccess(address patient, address member);
/// @notice The caller may not perform this action for this patient.
error NotAuthorized(address caller);
/// @notice Nothing would change.
error NoChange();

// ---- records ----
/// @notice The codec is neither raw (0x55) nor dag-pb (0x70).
error InvalidCodec(uint8 codec);
/// @notice The CID digest is zero.
error EmptyDigest();
/// @notice The writer's role may not write records of this scope.
error RoleCannotWrite(uint8 role, uint8 scope);
/// @notice The account has no current access to this patient's scope.
error NoAccess(address patient, address account, uint8 scope);
/// @notice No record has this id for this patient.
error UnknownRecord(address patient, uint32 recordId);
/// @notice The record is redacted.
error RecordIsRedacted(address patient, uint32 recordId);
/// @notice The record already has a newer version.
error RecordIsSuperseded(address patient, uint32 recordId);
/// @notice A batch of records is empty or larger than the most one call takes.
error InvalidBatchSize(uint256 count, uint256 max);

// ---- family links ----
/// @notice The relation code is not one of the documented codes 1..9.
error InvalidRelation(uint8 relation);
/// @notice A patient cannot link to themself.
error SelfLink();
/// @notice A link or proposal between these two patients already exists.
error FamilyLinkExists(address a, address b);
/// @notice There is no matching pending proposal.
error NoPendingProposal(address proposer, address relative);
/// @notice There is no link or proposal between these two patients.
error NoFamilyLink(address a, address b);

// ---- appointments ----
/// @notice No appointment has this id.
error UnknownAppointment(uint256 appointmentId);
/// @notice The appointment is not in a status that allows this action.
error WrongAppointmentStatus(uint256 appointmentId, uint8 status);
/// @notice The start time is not in the future.
error StartInPast(uint64 start);
/// @notice The provider must be a live doctor or a non-suspended institution.
error InvalidProvider(bytes32 provider);

// ---- ending access, invitations ----
/// @notice The institution has published no group key yet: nothing can be sealed to it.
error NoGroupKey(uint32 institutionId);
/// @notice The grant ended without the patient (or its keys were exposed): settleAccess first.
error AccessNotSettled(address patient, bytes32 grantee);
/// @notice No access of the patient's chart is waiting to be settled.
error NothingToSettle(address patient);
/// @notice The patient already holds the most grants a chart can list.
error TooManyGrantees(address patient);
/// @notice The patient has used every key version.
error KeyVersionLimit(address patient);
/// @notice A signed consent names a serial that is no longer current (access ended since it was signed).
error StaleConsent(address patient, bytes32 grantee, uint32 serial);
/// @notice The account has no matching invitation from the institution.
error NoInvitation(address account, uint32 institutionId);
/// @notice A paged view was asked for more items than one call returns.
error PageTooLarge(uint256 count, uint256 max);

// ---- guardian recovery ----
/// @notice The account handed its chart to a successor (guardian recovery) and can no longer act.
error AccountRetired(address account);
