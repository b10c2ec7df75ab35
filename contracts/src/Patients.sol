// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import "./Errors.sol";
import {CHART_WORDS, ChartWord} from "./ChartWord.sol";
import {HubContext} from "./HubContext.sol";
import {IEhrHub} from "./IEhrHub.sol";

/// @title Patients: registration, X25519 key versions and the chart words
/// @notice A patient is an address and an X25519 public key; nothing personal is stored. Each
/// patient has five chart words (`ChartWord`): the registered flag, the record count and one 32-bit
/// key epoch per scope. Epochs only go up: every shrink of a scope's reader set advances it
/// (`Consent`), and `rotatePatientKey` moves every epoch to the next key version's range.
abstract contract Patients is HubContext, IEhrHub {
    using ChartWord for uint256;
    using ChartWord for uint256[CHART_WORDS];

    uint32 private constant MAX_KEY_VERSION = 255;

    mapping(address patient => uint256[CHART_WORDS] words) private _charts;
    mapping(address patient => bytes32 encryptionKey) private _patientKeys;
    /// The patient's key version minus one (0: version 1).
    mapping(address patient => uint32 versionMinusOne) private _keyVersions;

    /// @notice A patient registered with an X25519 public key.
    event PatientRegistered(address indexed patient, bytes32 encryptionKey);
    /// @notice The key epoch of every scope in `scopes` went up by one.
    event EpochsAdvanced(address indexed patient, uint32 scopes);
    /// @notice A patient moved to a new key version: a new X25519 key and new chart keys (every epoch
    /// jumps to the version's first epoch, (keyVersion - 1) << 24).
    event PatientKeyRotated(address indexed patient, bytes32 encryptionKey);

    /// @notice Registers the caller as a patient. No personal data: only an X25519 public key.
    /// @param encryptionKey The patient's X25519 public key.
    function registerPatient(bytes32 encryptionKey) external {
        _registerPatient(_sender(), encryptionKey);
    }

    /// @notice Moves the caller to a new key version (after a key request was signed elsewhere, or
    /// any suspected exposure): a new X25519 public key, and every scope's epoch jumps to the new
    /// version's first epoch, so no chart key of the old version opens what is written from now on.
    /// The patient then shares the new keys with the grants in force.
    /// @param encryptionKey The new X25519 public key (derived from the new key version).
    function rotatePatientKey(bytes32 encryptionKey) external {
        address patient = _sender();
        _requirePatient(patient);
        if (encryptionKey == bytes32(0)) revert ZeroKey();
        uint32 next = _keyVersions[patient] + 1;
        if (next >= MAX_KEY_VERSION) revert KeyVersionLimit(patient);
        _keyVersions[patient] = next;
        _patientKeys[patient] = encryptionKey;
        _charts[patient].rotate(next);
        emit PatientKeyRotated(patient, encryptionKey);
        emit EpochsAdvanced(patient, type(uint32).max);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IEhrHub
    function isPatient(address account) external view returns (bool) {
        return _isRegistered(account);
    }

    /// @inheritdoc IEhrHub
    function patientKey(address patient) external view returns (bytes32) {
        return _patientKeys[patient];
    }

    /// @notice The patient's key version (1 until the first rotation).
    /// @param patient The patient.
    /// @return The version.
    function patientKeyVersion(address patient) external view returns (uint32) {
        return _keyVersions[patient] + 1;
    }

    /// @inheritdoc IEhrHub
    function epochs(address patient) external view returns (uint32[32] memory) {
        return ChartWord.epochs(_charts[patient]);
    }

    // ------------------------------------------------------------------ internals

    function _registerPatient(address patient, bytes32 encryptionKey) internal {
        if (_isRegistered(patient)) revert AlreadyRegistered(patient);
        if (encryptionKey == bytes32(0)) revert ZeroKey();
        uint256[CHART_WORDS] storage chart = _charts[patient];
        chart[0] = chart[0].withRegistered();
        _patientKeys[patient] = encryptionKey;
        emit PatientRegistered(patient, encryptionKey);
    }

    function _requirePatient(address account) internal view {
        if (!_isRegistered(account)) revert PatientNotRegistered(account);
    }

    function _isRegistered(address account) internal view returns (bool) {
        return _charts[account][0].isRegistered();
    }

    function _patientKeyOf(address patient) internal view returns (bytes32) {
        return _patientKeys[patient];
    }

    function _recordCount(address patient) internal view returns (uint32) {
        return _charts[patient][0].recordCount();
    }

    /// Counts one more record in the patient's chart and returns its id.
    function _nextRecordId(address patient) internal returns (uint32 recordId) {
        uint256[CHART_WORDS] storage chart = _charts[patient];
        uint256 header;
        (header, recordId) = chart[0].withNextRecord();
        chart[0] = header;
    }

    /// Counts `count` more records in the patient's chart (one read and one write of the header)
    /// and returns the first new record's id.
    function _nextRecordIds(address patient, uint32 count) internal returns (uint32 firstId) {
        uint256[CHART_WORDS] storage chart = _charts[patient];
        uint256 header;
        (header, firstId) = chart[0].withRecords(count);
        chart[0] = header;
    }

    /// Adds one to the key epoch of every scope in `scopes` and emits EpochsAdvanced.
    function _advanceEpochs(address patient, uint32 scopes) internal {
        _charts[patient].advance(scopes);
        emit EpochsAdvanced(patient, scopes);
    }
}
