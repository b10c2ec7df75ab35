// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import "./Errors.sol";
import {Grantee} from "./Grantee.sol";
import {HubContext} from "./HubContext.sol";
import {IEhrHub} from "./IEhrHub.sol";
import {Roles} from "./Roles.sol";

/// @title Appointment book
/// @notice A patient requests a slot with a doctor or with an institution; the doctor (or any live
/// member of the institution) confirms or declines; the patient or the provider side cancels.
/// Provider encoding is the grantee encoding of EhrHub: a doctor's address left-padded with zeros,
/// or `1 << 160 | institutionId` (`Grantee`). Status: 1 requested, 2 confirmed, 3 declined, 4 cancelled.
/// Roles and institutions are read from the hub, which is fixed at deployment. Who acts (relayed
/// calls, guardian recovery) is `HubContext`'s, as in the hub: the book keeps its own copy of who
/// acts for which chart, which the forwarder updates when a recovery completes.
contract EhrAppointments is HubContext {
    uint8 internal constant STATUS_REQUESTED = 1;
    uint8 internal constant STATUS_CONFIRMED = 2;
    uint8 internal constant STATUS_DECLINED = 3;
    uint8 internal constant STATUS_CANCELLED = 4;
    uint32 internal constant MAX_DURATION = 12 hours;

    /// Two storage slots: patient (20) + start (8) + duration (3) + status (1), then the provider.
    struct Appointment {
        address patient;
        uint64 start;
        uint24 duration;
        uint8 status;
        bytes32 provider;
    }

    /// An appointment as listed by `appointmentsOf`, with its id.
    struct AppointmentView {
        uint256 appointmentId;
        address patient;
        bytes32 provider;
        uint64 start;
        uint32 duration;
        uint8 status;
    }

    /// Most appointments `appointmentsOf` returns per call (a full page stays far below a 30M call gas cap).
    uint256 internal constant PAGE = 200;

    IEhrHub internal immutable _hub;
    uint256 private _appointmentCount;
    mapping(uint256 appointmentId => Appointment) private _appointments;
    /// Appointment ids by patient and by provider, ascending (four per storage slot).
    mapping(address patient => uint64[] appointmentIds) private _ofPatient;
    mapping(bytes32 provider => uint64[] appointmentIds) private _ofProvider;
    uint64[] private _none;

    /// @notice A patient requested an appointment.
    event AppointmentRequested(
        address indexed patient, uint256 indexed appointmentId, bytes32 indexed provider, uint64 start, uint32 duration
    );
    /// @notice An appointment changed status (2 confirmed, 3 declined, 4 cancelled) by `actor`.
    event AppointmentStatusChanged(
        address indexed patient, uint256 indexed appointmentId, address indexed actor, uint8 status
    );

    /// @param hubAddress The EhrHub this book reads roles and institutions from; the book trusts
    /// the hub's forwarder of relayed calls.
    constructor(IEhrHub hubAddress)
        HubContext(address(hubAddress) == address(0) ? address(0) : HubContext(address(hubAddress)).trustedForwarder())
    {
        if (address(hubAddress) == address(0)) revert ZeroAddress();
        _hub = hubAddress;
    }

    /// @notice Requests an appointment (registered patients only).
    /// @param provider A live doctor's address or a non-suspended institution, in grantee encoding.
    /// @param start Start time (Unix seconds), in the future.
    /// @param duration Length in seconds, 1 to 43200.
    /// @return appointmentId The new appointment id, counting from 1.
    function requestAppointment(bytes32 provider, uint64 start, uint32 duration)
        external
        returns (uint256 appointmentId)
    {
        address patient = _sender();
        if (!_hub.isPatient(patient)) revert PatientNotRegistered(patient);
        if (start <= block.timestamp) revert StartInPast(start);
        if (duration == 0 || duration > MAX_DURATION) revert InvalidDuration(duration);
        uint256 tag = Grantee.tag(provider);
        if (tag == Grantee.TAG_ACCOUNT) {
            (uint32 institutionId, uint8 role, bool live) = _hub.member(Grantee.accountOf(provider));
            if (institutionId == 0 || !live || role != Roles.DOCTOR) revert InvalidProvider(provider);
        } else {
            if (
                tag != Grantee.TAG_INSTITUTION || Grantee.accountOf(provider) == address(0)
                    || !Grantee.fitsInstitutionId(provider)
            ) revert InvalidProvider(provider);
            (address institutionAdmin,, bool suspended,,) = _hub.institution(Grantee.institutionOf(provider));
            if (institutionAdmin == address(0) || suspended) revert InvalidProvider(provider);
        }
        appointmentId = ++_appointmentCount;
        _appointments[appointmentId] = Appointment(patient, start, uint24(duration), STATUS_REQUESTED, provider);
        // An id never reaches 2^64: each one costs a transaction.
        _ofPatient[patient].push(uint64(appointmentId));
        _ofProvider[provider].push(uint64(appointmentId));
        emit AppointmentRequested(patient, appointmentId, provider, start, duration);
    }

    /// @notice Confirms a requested appointment (the doctor, or a live member of the institution).
    /// @param appointmentId The appointment.
    function confirmAppointment(uint256 appointmentId) external {
        Appointment storage a = _existing(appointmentId);
        if (a.status != STATUS_REQUESTED) revert WrongAppointmentStatus(appointmentId, a.status);
        address actor = _sender();
        if (!_isProviderSide(a.provider, actor)) revert NotAuthorized(actor);
        a.status = STATUS_CONFIRMED;
        emit AppointmentStatusChanged(a.patient, appointmentId, actor, STATUS_CONFIRMED);
    }

    /// @notice Declines a requested appointment (the doctor, or a live member of the institution).
    /// @param appointmentId The appointment.
    function declineAppointment(uint256 appointmentId) external {
        Appointment storage a = _existing(appointmentId);
        if (a.status != STATUS_REQUESTED) revert WrongAppointmentStatus(appointmentId, a.status);
        address actor = _sender();
        if (!_isProviderSide(a.provider, actor)) revert NotAuthorized(actor);
        a.status = STATUS_DECLINED;
        emit AppointmentStatusChanged(a.patient, appointmentId, actor, STATUS_DECLINED);
    }

    /// @notice Cancels a requested or confirmed appointment (the patient or the provider side).
    /// @param appointmentId The appointment.
    function cancelAppointment(uint256 appointmentId) external {
        Appointment storage a = _existing(appointmentId);
        uint8 status = a.status;
        if (status != STATUS_REQUESTED && status != STATUS_CONFIRMED) revert WrongAppointmentStatus(appointmentId, status);
        address actor = _sender();
        if (actor != a.patient && !_isProviderSide(a.provider, actor)) revert NotAuthorized(actor);
        a.status = STATUS_CANCELLED;
        emit AppointmentStatusChanged(a.patient, appointmentId, actor, STATUS_CANCELLED);
    }

    /// @notice One appointment.
    /// @param appointmentId The appointment.
    /// @return patient The patient.
    /// @return provider The doctor or institution, in grantee encoding.
    /// @return start Start time.
    /// @return duration Length in seconds.
    /// @return status 1 requested, 2 confirmed, 3 declined, 4 cancelled.
    function appointment(uint256 appointmentId)
        external
        view
        returns (address patient, bytes32 provider, uint64 start, uint32 duration, uint8 status)
    {
        Appointment memory a = _existing(appointmentId);
        return (a.patient, a.provider, a.start, a.duration, a.status);
    }

    /// @notice A page of an account's appointments, newest first: those it requested as a patient,
    /// or, as a provider, those asked of it (as a doctor) and of its current institution.
    /// @param account The patient, or the member.
    /// @param asProvider False: as the patient; true: as the doctor or member of the institution.
    /// @param offset Appointments to skip (newest first).
    /// @param count At most this many (clamped to 200).
    /// @return total The number of such appointments.
    /// @return page The appointments, newest first.
    function appointmentsOf(address account, bool asProvider, uint256 offset, uint256 count)
        external
        view
        returns (uint256 total, AppointmentView[] memory page)
    {
        uint64[] storage a = _none;
        uint64[] storage b = _none;
        if (!asProvider) {
            a = _ofPatient[account];
        } else {
            a = _ofProvider[Grantee.account(account)];
            (uint32 institutionId,,) = _hub.member(account);
            if (institutionId != 0) b = _ofProvider[Grantee.institution(institutionId)];
        }
        (uint256 la, uint256 lb) = (a.length, b.length);
        total = la + lb;
        if (count > PAGE) count = PAGE;
        if (offset >= total) count = 0;
        else if (count > total - offset) count = total - offset;
        page = new AppointmentView[](count);
        if (count == 0) return (total, page);
        // Both lists ascend; walking them newest first, find how many of the `offset` newest come
        // from `a` (binary search), then merge `count` more.
        uint256 lo = offset > lb ? offset - lb : 0;
        uint256 hi = offset < la ? offset : la;
        while (lo < hi) {
            uint256 mid = (lo + hi) / 2;
            if (b[lb - (offset - mid)] < a[la - 1 - mid]) lo = mid + 1;
            else hi = mid;
        }
        (uint256 ia, uint256 ib) = (lo, offset - lo);
        for (uint256 k; k < count; ++k) {
            uint256 id;
            if (ib == lb || (ia < la && a[la - 1 - ia] > b[lb - 1 - ib])) id = a[la - 1 - ia++];
            else id = b[lb - 1 - ib++];
            Appointment storage s = _appointments[id];
            page[k] = AppointmentView(id, s.patient, s.provider, s.start, s.duration, s.status);
        }
    }

    /// @notice Number of appointments; ids run from 1 to this number.
    /// @return The count.
    function appointmentCount() external view returns (uint256) {
        return _appointmentCount;
    }

    /// @notice The hub this book reads roles from.
    /// @return The EhrHub address.
    function hub() external view returns (IEhrHub) {
        return _hub;
    }

    function _existing(uint256 appointmentId) internal view returns (Appointment storage) {
        if (appointmentId == 0 || appointmentId > _appointmentCount) revert UnknownAppointment(appointmentId);
        return _appointments[appointmentId];
    }

    /// The provider doctor while still a live member, or any live member of the provider institution.
    function _isProviderSide(bytes32 provider, address account) internal view returns (bool) {
        (uint32 institutionId,, bool live) = _hub.member(account);
        if (!live) return false;
        if (Grantee.tag(provider) == Grantee.TAG_ACCOUNT) return Grantee.accountOf(provider) == account;
        return institutionId == Grantee.institutionOf(provider);
    }
}
