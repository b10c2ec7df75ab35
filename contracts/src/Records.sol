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

    /// Most records in a batch (`addRecords`) take one fresh slot each instead of two.
    uint256 internal constant MAX_BATCH = 100;

    /// A record: the digest, then author (20) + createdAt (5) + previous (4) + codec, scope and
    /// flags (1 each). A single add, an amendment and the first record of a batch write both slots.
    /// The later records of a batch write only the digest: their second slot stays zero and their
    /// codec, scope and flags sit in a 16-bit lane (`_lanes`, 16 per word) with the distance back
    /// to the batch's first record, whose author and createdAt they share.
    struct Record {
        bytes32 digest;
        address author;
        uint40 createdAt;
        uint32 previous;
        uint8 codec;
        uint8 scope;
        uint8 flags;
    }

    /// One record of a batch.
    struct NewRecord {
        bytes32 digest;
        uint8 codec;
        uint8 scope;
    }

    mapping(address patient => mapping(uint32 recordId => Record)) private _records;
    /// Lane of record id: word id >> 4, bits 16 (id & 15): scope (bits 0..4), dag-pb (bit 5),
    /// flags (bits 6..7), distance to the batch's first record (bits 8..15).
    mapping(address patient => mapping(uint256 word => uint256 lanes)) private _lanes;

    /// Bit 5 of the codec itself: 0 in raw (0x55), 1 in dag-pb (0x70).
    uint256 private constant LANE_DAG_PB = 0x20;
    uint256 private constant LANE_FLAGS_SHIFT = 6;
    uint256 private constant LANE_DISTANCE_SHIFT = 8;

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

    /// @notice Appends many records to one patient's chart in one transaction, with the ids, events
    /// and authorisation of as many addRecord calls. The writer is checked once for the set of
    /// scopes, after the records are laid out: a refusal of any scope reverts them all.
    /// @param patient The patient.
    /// @param entries The records (1..MAX_BATCH): digest, codec and scope of each, in id order.
    /// @return firstId The first new record's id; the others follow it.
    function addRecords(address patient, NewRecord[] calldata entries) external returns (uint32 firstId) {
        uint256 n = entries.length;
        if (n == 0 || n > MAX_BATCH) revert InvalidBatchSize(n, MAX_BATCH);
        address author = _sender();
        firstId = _nextRecordIds(patient, uint32(n));
        mapping(uint32 => Record) storage recs = _records[patient];
        mapping(uint256 => uint256) storage lanes = _lanes[patient];
        uint32 scopes;
        uint256 word;
        uint256 bits;
        for (uint256 i; i < n; ++i) {
            (bytes32 digest, uint8 codec, uint8 scope) = (entries[i].digest, entries[i].codec, entries[i].scope);
            if (scope >= 32) revert InvalidScope(scope);
            _checkContent(digest, codec);
            scopes |= uint32(1) << scope;
            uint32 id = firstId + uint32(i);
            if (i == 0) {
                recs[id] = Record(digest, author, uint40(block.timestamp), 0, codec, scope, 0);
            } else {
                // Later records: the digest, and a lane in a word read and written once.
                recs[id].digest = digest;
                if (i == 1 || id & 15 == 0) {
                    if (i != 1) lanes[word] = bits;
                    word = id >> 4;
                    bits = lanes[word];
                }
                bits |= (scope | (codec & LANE_DAG_PB) | (i << LANE_DISTANCE_SHIFT))
                    << ((id & 15) << 4);
            }
            emit RecordAdded(patient, id, author, digest, codec, scope, 0);
        }
        if (n > 1) lanes[word] = bits;
        _requireWriterOf(patient, author, scopes);
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
        (Record memory prev, bool laned) = _existingRecord(patient, previousId);
        uint8 flags = prev.flags;
        if (flags & FLAG_REDACTED != 0) revert RecordIsRedacted(patient, previousId);
        if (flags & FLAG_SUPERSEDED != 0) revert RecordIsSuperseded(patient, previousId);
        uint8 scope = prev.scope;
        address author = _sender();
        _requireWriter(patient, author, scope);
        _setFlags(patient, previousId, laned, flags | FLAG_SUPERSEDED);
        return _append(patient, author, digest, codec, scope, previousId);
    }

    /// @notice Marks a record redacted (the patient, or its author while still allowed to write it).
    /// @param patient The patient.
    /// @param recordId The record.
    function redactRecord(address patient, uint32 recordId) external {
        (Record memory rec, bool laned) = _existingRecord(patient, recordId);
        uint8 flags = rec.flags;
        if (flags & FLAG_REDACTED != 0) revert RecordIsRedacted(patient, recordId);
        address by = _sender();
        if (by != patient) {
            if (by != rec.author) revert NotAuthorized(by);
            _requireWriter(patient, by, rec.scope);
        }
        _setFlags(patient, recordId, laned, flags | FLAG_REDACTED);
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
        (Record memory r,) = _existingRecord(patient, recordId);
        return (
            _records[patient][recordId].digest,
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

    /// Every field of a record but its digest, and whether its codec, scope and flags sit in a lane
    /// (a later record of a batch).
    function _existingRecord(address patient, uint32 recordId) internal view returns (Record memory r, bool laned) {
        if (recordId == 0 || recordId > _recordCount(patient)) revert UnknownRecord(patient, recordId);
        Record storage s = _records[patient][recordId];
        (r.author, r.createdAt, r.previous, r.codec, r.scope, r.flags) =
            (s.author, s.createdAt, s.previous, s.codec, s.scope, s.flags);
        if (r.author != address(0)) return (r, false);
        uint256 lane = _lanes[patient][recordId >> 4] >> ((recordId & 15) << 4);
        Record storage first = _records[patient][recordId - uint8(lane >> LANE_DISTANCE_SHIFT)];
        (r.author, r.createdAt) = (first.author, first.createdAt);
        r.codec = lane & LANE_DAG_PB != 0 ? CODEC_DAG_PB : CODEC_RAW;
        r.scope = uint8(lane & 31);
        r.flags = uint8(lane >> LANE_FLAGS_SHIFT) & 3;
        laned = true;
    }

    function _setFlags(address patient, uint32 recordId, bool laned, uint8 flags) private {
        if (laned) _lanes[patient][recordId >> 4] |= uint256(flags) << (((recordId & 15) << 4) + LANE_FLAGS_SHIFT);
        else _records[patient][recordId].flags = flags;
    }

    function _checkContent(bytes32 digest, uint8 codec) internal pure {
        if (digest == bytes32(0)) revert EmptyDigest();
        if (codec != CODEC_RAW && codec != CODEC_DAG_PB) revert InvalidCodec(codec);
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
