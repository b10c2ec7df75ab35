// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IEhrHub} from "./IEhrHub.sol";

/// @title Batched read-only views over EhrHub
/// @notice Lets a page (or a test) read many access masks, records or epochs in one eth_call.
/// It holds no state besides the hub address and changes nothing.
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

    /// @notice Key epochs of several patients.
    /// @param patients The patients.
    /// @return result result[i] is epochs(patients[i]).
    function epochsOf(address[] calldata patients) external view returns (uint32[32][] memory result) {
        result = new uint32[32][](patients.length);
        for (uint256 i; i < patients.length; ++i) {
            result[i] = _hub.epochs(patients[i]);
        }
    }
}
