// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// One grant of a patient to a grantee, packed in one storage word (see `GrantWord`).
type Grant is uint256;

using GrantWord for Grant global;

/// @title The packed storage word of one grant
/// @notice The only code that knows where a grant's fields sit: scopes (bits 0..31), expiry
/// (32..95), standing (96..127), list position (128..159), serial (160..191). scopes == 0 means
/// "no grant". standing: what made the grantee eligible when its keys were sealed (a member's join
/// generation, `1 << 31 |` a family link's generation, or an institution's group key version; 0 for
/// an institution whose keys were withheld). position: index + 1 in the patient's grantee list (0
/// when not listed). serial: how many times this (patient, grantee) access ended; signed consents
/// name it.
library GrantWord {
    uint256 private constant EXPIRY_SHIFT = 32;
    uint256 private constant STANDING_SHIFT = 96;
    uint256 private constant POSITION_SHIFT = 128;
    uint256 private constant SERIAL_SHIFT = 160;
    uint256 private constant MASK_32 = 0xffffffff;

    /// A grant with every field given.
    function pack(uint32 scopes_, uint64 expiry_, uint32 standing_, uint32 position_, uint32 serial_)
        internal
        pure
        returns (Grant)
    {
        return Grant.wrap(
            uint256(scopes_) | (uint256(expiry_) << EXPIRY_SHIFT) | (uint256(standing_) << STANDING_SHIFT)
                | (uint256(position_) << POSITION_SHIFT) | (uint256(serial_) << SERIAL_SHIFT)
        );
    }

    function scopes(Grant g) internal pure returns (uint32) {
        return uint32(Grant.unwrap(g));
    }

    function expiry(Grant g) internal pure returns (uint64) {
        return uint64(Grant.unwrap(g) >> EXPIRY_SHIFT);
    }

    function standing(Grant g) internal pure returns (uint32) {
        return uint32(Grant.unwrap(g) >> STANDING_SHIFT);
    }

    function position(Grant g) internal pure returns (uint32) {
        return uint32(Grant.unwrap(g) >> POSITION_SHIFT);
    }

    function serial(Grant g) internal pure returns (uint32) {
        return uint32(Grant.unwrap(g) >> SERIAL_SHIFT);
    }

    /// The grant with `scopes` replaced.
    function withScopes(Grant g, uint32 scopes_) internal pure returns (Grant) {
        return Grant.wrap((Grant.unwrap(g) & ~MASK_32) | scopes_);
    }

    /// The grant with `standing` replaced.
    function withStanding(Grant g, uint32 standing_) internal pure returns (Grant) {
        return Grant.wrap((Grant.unwrap(g) & ~(MASK_32 << STANDING_SHIFT)) | (uint256(standing_) << STANDING_SHIFT));
    }

    /// The grant with `position` replaced.
    function withPosition(Grant g, uint32 position_) internal pure returns (Grant) {
        return Grant.wrap((Grant.unwrap(g) & ~(MASK_32 << POSITION_SHIFT)) | (uint256(position_) << POSITION_SHIFT));
    }

    /// The grant with `serial` replaced.
    function withSerial(Grant g, uint32 serial_) internal pure returns (Grant) {
        return Grant.wrap((Grant.unwrap(g) & ~(MASK_32 << SERIAL_SHIFT)) | (uint256(serial_) << SERIAL_SHIFT));
    }
}
