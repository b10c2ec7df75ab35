// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import "./Errors.sol";

// Storage words per patient chart.
uint256 constant CHART_WORDS = 5;

/// @title The five packed storage words of a patient's chart
/// @notice The only code that knows where a chart's fields sit. Word 0 (the header) is read and
/// written by every record append and holds the registered flag (bits 0..7), the record count
/// (bits 8..39) and the key epochs of scopes 0..5 (bits 40..231, 32 bits each). Words 1..4 hold
/// the key epochs of scopes 6..31, eight per word (bits 32 j for lane j). Sharing word 0 means a
/// patient's first revocation of a common scope updates a slot that registration already made
/// non-zero instead of paying for a fresh one. Epochs never wrap (`EpochOverflow`).
library ChartWord {
    /// Epochs of the patient's key version v start at (v - 1) << KEY_VERSION_SHIFT: an envelope's
    /// epoch tells which key version's chart root derives its chart key.
    uint256 internal constant KEY_VERSION_SHIFT = 24;

    uint256 private constant REGISTERED = 1;
    uint256 private constant COUNT_SHIFT = 8;
    uint256 private constant EPOCH_BASE_SHIFT = 40;
    uint256 private constant LANE_BITS = 32;
    uint256 private constant LANE_MASK = 0xffffffff;
    /// Scopes 0..5 live in the header word.
    uint256 private constant HEADER_SCOPES = 6;
    uint256 private constant HEADER_SCOPE_MASK = 0x3f;
    /// Scopes per upper word.
    uint256 private constant WORD_SCOPES = 8;

    // ------------------------------------------------------------------ header (word 0)

    /// Whether the header has the registered flag.
    function isRegistered(uint256 header) internal pure returns (bool) {
        return header & REGISTERED != 0;
    }

    /// The header with the registered flag set.
    function withRegistered(uint256 header) internal pure returns (uint256) {
        return header | REGISTERED;
    }

    /// The record count in the header.
    function recordCount(uint256 header) internal pure returns (uint32) {
        return uint32(header >> COUNT_SHIFT);
    }

    /// The header with one more record, and the new record's id (reverts at 2^32 - 1 records, so
    /// the count never carries into the epoch bits).
    function withNextRecord(uint256 header) internal pure returns (uint256 next, uint32 recordId) {
        recordId = uint32(header >> COUNT_SHIFT) + 1;
        next = header + (uint256(1) << COUNT_SHIFT);
    }

    /// The header with `count` more records, and the first new record's id (reverts past 2^32 - 1
    /// records, so the count never carries into the epoch bits).
    function withRecords(uint256 header, uint32 count) internal pure returns (uint256 next, uint32 firstId) {
        uint32 last = uint32(header >> COUNT_SHIFT) + count; // checked arithmetic
        firstId = last - count + 1;
        next = header + (uint256(count) << COUNT_SHIFT);
    }

    // ------------------------------------------------------------------ key epochs

    /// Word index and bit offset of a scope's epoch.
    function location(uint256 scope) internal pure returns (uint256 word, uint256 shift) {
        if (scope < HEADER_SCOPES) return (0, EPOCH_BASE_SHIFT + scope * LANE_BITS);
        scope -= HEADER_SCOPES;
        return (1 + scope / WORD_SCOPES, (scope % WORD_SCOPES) * LANE_BITS);
    }

    /// The epoch of one scope (0..31).
    function epoch(uint256[CHART_WORDS] storage chart, uint256 scope) internal view returns (uint32) {
        (uint256 word, uint256 shift) = location(scope);
        return uint32(chart[word] >> shift);
    }

    /// All 32 epochs, from the chart's words copied to memory.
    function epochs(uint256[CHART_WORDS] memory words) internal pure returns (uint32[32] memory result) {
        for (uint256 s; s < 32; ++s) {
            (uint256 word, uint256 shift) = location(s);
            result[s] = uint32(words[word] >> shift);
        }
    }

    /// Adds one to the epoch of every scope in `scopes`, touching only the words that hold them.
    function advance(uint256[CHART_WORDS] storage chart, uint32 scopes) internal {
        uint256 low = scopes & HEADER_SCOPE_MASK;
        if (low != 0) chart[0] = _bumpLanes(chart[0], low, EPOCH_BASE_SHIFT, 0);
        uint256 rest = uint256(scopes) >> HEADER_SCOPES;
        for (uint256 w; rest >> (w * WORD_SCOPES) != 0; ++w) {
            uint256 lanes = (rest >> (w * WORD_SCOPES)) & 0xff;
            if (lanes != 0) chart[w + 1] = _bumpLanes(chart[w + 1], lanes, 0, HEADER_SCOPES + w * WORD_SCOPES);
        }
    }

    /// Sets every epoch to the first epoch of key version `version + 1`, keeping the header fields.
    function rotate(uint256[CHART_WORDS] storage chart, uint32 version) internal {
        uint256 base = uint256(version) << KEY_VERSION_SHIFT;
        uint256 lanes = base;
        for (uint256 j = 1; j < WORD_SCOPES; ++j) lanes |= base << (j * LANE_BITS);
        // Word 0 keeps its header (bits 0..39) and takes six lanes at bits 40..231.
        chart[0] = (chart[0] & ((uint256(1) << EPOCH_BASE_SHIFT) - 1))
            | ((lanes << EPOCH_BASE_SHIFT) & ((uint256(1) << (EPOCH_BASE_SHIFT + HEADER_SCOPES * LANE_BITS)) - 1));
        for (uint256 w = 1; w < CHART_WORDS; ++w) chart[w] = lanes;
    }

    /// Adds one to each lane of `word` selected by `lanes`, lane j starting at bit base + 32 j.
    function _bumpLanes(uint256 word, uint256 lanes, uint256 base, uint256 firstScope) private pure returns (uint256) {
        for (uint256 j; lanes >> j != 0; ++j) {
            if ((lanes >> j) & 1 == 0) continue;
            uint256 shift = base + j * LANE_BITS;
            if ((word >> shift) & LANE_MASK == LANE_MASK) revert EpochOverflow(uint8(firstScope + j));
            word += uint256(1) << shift;
        }
        return word;
    }
}
