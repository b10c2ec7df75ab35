// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {HubContext} from "./HubContext.sol";

/// @title Lists the chain holds as block pointers (docs/record-format.md, "Finding them: block pointers")
/// @notice Per list id, the block of the list's newest event; each listed event names the block of
/// the one before it, so a reader walks a list with one log query per block that holds an entry,
/// whatever the chain's length. List ids are grantee ids (`Grantee`, tags 0..2: the grants to that
/// grantee, from any patient), `Grantee.familyList(patient)` (tag 3: the family links proposed
/// by or to that patient) and `Grantee.wrapsList(institutionId)` (tag 4: the institution's
/// publications of member wraps); tags 3 and 4 are never grantees. It derives from HubContext so
/// that HubContext's storage stays first (the succession copy is in slot 0).
abstract contract BlockLists is HubContext {
    mapping(bytes32 list => uint256 blockNumber) private _lastBlock;

    /// Makes this block the newest of the list; returns the block it replaces (the event emitted for
    /// this entry carries it). Several entries of one list in a block: the first names the block
    /// before, the others this block.
    function _relink(bytes32 list) internal returns (uint64 previousBlock) {
        previousBlock = uint64(_lastBlock[list]);
        _lastBlock[list] = block.number;
    }

    /// The block of the list's newest entry (0 for an empty list).
    function _lastBlockOf(bytes32 list) internal view returns (uint256) {
        return _lastBlock[list];
    }
}
