// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import "./Errors.sol";
import {Access} from "./Access.sol";
import {IEhrHub} from "./IEhrHub.sol";

/// @title Append-only record log per patient
/// @notice Each record points at an encrypted FHIR envelope on IPFS: the CIDv1's sha2-256 digest and
/// its codec (raw 0x55 or dag-pb 0x70). Record ids run from 1 to recordCount(patient); 0 means
/// "none". An amendment is a new record whose `previous` is the amended id (which becomes
/// superseded: versions form a single chain). Redaction sets a tombstone flag; nothing is ever
/// deleted, so the history stays auditable.
abstract contract Records is Access {
    uint8 internal constant CODEC_RAW = 0x55;
    uint8 internal constant CODEC_DAG_PB = 0x70;
    uint8 internal constant FLAG_REDACTED = 1;
    uint8 internal constant FLAG_SUPERSEDED = 2;

    /// Two storage slots: the digest, then author (20) + createdAt (5) + previous (4) + codec,
    /// scope and flags (1 each).
    struct Record {
        bytes32 digest;
        address author;
        uint40 createdAt;
        uint32 previous;
        uint8 codec;
        uint8 scope;
        uint8 flags;
    }

    mapping(address patient => mapping(uint32 recordId => Record)) private _records;

    /// @notice A record (or, when `previous` is not 0, an amended version of record `previous`) was appended.
    event RecordAdded(
        address indexed patient,
        uint32 indexed recordId,
        address indexed author,
        bytes32 digest,
        uint8 codec,
        uint8 scope,
        uint32 previous
    );
    /// @notice A record was marked redacted by `by`.
    event RecordRedacted(address indexed patient, uint32 indexed recordId, address indexed by);

    /// @notice Appends a record to a patient's chart (the patient, or a live member with write access).
    /// @param patient The patient.
    /// @param digest The sha2-256 digest of the envelope's CIDv1.
    /// @param codec The CID codec: 0x55 raw or 0x70 dag-pb.
    /// @param scope The record's category index (0..31).
    /// @return recordId The new record's id.
    function addRecord(address patient, bytes32 digest, uint8 codec, uint8 scope) external returns (uint32 recordId) {
        if (scope >= 32) revert InvalidScope(scope);
        _checkContent(digest, codec);
        address author = _sender();
        _requireWriter(patient, author, scope);
        return _append(patient, author, digest, codec, scope, 0);
    }

    /// @notice Appends a new version of a record; the old version becomes superseded.
    /// @param patient The patient.
    /// @param previousId The latest, unredacted version being amended.
    /// @param digest The new envelope's CID digest.
    /// @param codec The new envelope's CID codec.
    /// @return recordId The new version's id.
    function amendRecord(address patient, uint32 previousId, bytes32 digest, uint8 codec)
        external
        returns (uint32 recordId)
    {
        _checkContent(digest, codec);
        Record storage prev = _existingRecord(patient, previousId);
        uint8 flags = prev.flags;
        if (flags & FLAG_REDACTED != 0) revert RecordIsRedacted(patient, previousId);
        if (flags & FLAG_SUPERSEDED != 0) revert RecordIsSuperseded(patient, previousId);
        uint8 scope = prev.scope;
        address author = _sender();
        _requireWriter(patient, author, scope);
        prev.flags = flags | FLAG_SUPERSEDED;
        return _append(patient, author, digest, codec, scope, previousId);
    }

    /// @notice Marks a record redacted (the patient, or its author while still allowed to write it).
    /// @param patient The patient.
    /// @param recordId The record.
    function redactRecord(address patient, uint32 recordId) external {
        Record storage rec = _existingRecord(patient, recordId);
        uint8 flags = rec.flags;
        if (flags & FLAG_REDACTED != 0) revert RecordIsRedacted(patient, recordId);
        address by = _sender();
        if (by != patient) {
            if (by != rec.author) revert NotAuthorized(by);
            _requireWriter(patient, by, rec.scope);
        }
        rec.flags = flags | FLAG_REDACTED;
        emit RecordRedacted(patient, recordId, by);
    }

    /// @inheritdoc IEhrHub
    function recordCount(address patient) external view returns (uint32) {
        return _recordCount(patient);
    }

    /// @inheritdoc IEhrHub
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
        )
    {
        Record memory r = _existingRecord(patient, recordId);
        return (
            r.digest,
            r.codec,
            r.scope,
            r.author,
            r.createdAt,
            r.previous,
            r.flags & FLAG_REDACTED != 0,
            r.flags & FLAG_SUPERSEDED != 0
        );
    }

    // ------------------------------------------------------------------ internals

    function _checkContent(bytes32 digest, uint8 codec) internal pure {
        if (digest == bytes32(0)) revert EmptyDigest();
        if (codec != CODEC_RAW && codec != CODEC_DAG_PB) revert InvalidCodec(codec);
    }

    function _existingRecord(address patient, uint32 recordId) internal view returns (Record storage) {
        if (recordId == 0 || recordId > _recordCount(patient)) revert UnknownRecord(patient, recordId);
        return _records[patient][recordId];
    }

    function _append(address patient, address author, bytes32 digest, uint8 codec, uint8 scope, uint32 previous)
        private
        returns (uint32 recordId)
    {
        recordId = _nextRecordId(patient);
        _records[patient][recordId] = Record(digest, author, uint40(block.timestamp), previous, codec, scope, 0);
        emit RecordAdded(patient, recordId, author, digest, codec, scope, previous);
    }
}
