// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title The grantee encoding (also the appointment book's provider encoding)
/// @notice A grantee is one bytes32 word: bits 160..255 a tag, bits 0..159 an address or an
/// institution id. Tag 0: a member address or a family-linked patient, left-padded with zeros;
/// tag 1: `1 << 160 | institutionId`; tag 2: `2 << 160 | institutionId`, an institution authorised
/// for emergencies. Tags 3 and 4 are no grantees but ids of the hub's block-pointer lists
/// (BlockLists): `3 << 160 | patient`, a patient's family proposals; `4 << 160 | institutionId`, an
/// institution's publications of member wraps. The only code that packs or unpacks the word.
library Grantee {
    uint256 internal constant TAG_ACCOUNT = 0;
    uint256 internal constant TAG_INSTITUTION = 1;
    uint256 internal constant TAG_EMERGENCY = 2;
    uint256 internal constant TAG_FAMILY_LIST = 3;
    uint256 internal constant TAG_WRAPS_LIST = 4;

    uint256 private constant TAG_SHIFT = 160;

    /// A member address or a family-linked patient.
    function account(address who) internal pure returns (bytes32) {
        return bytes32(uint256(uint160(who)));
    }

    /// An institution.
    function institution(uint32 institutionId) internal pure returns (bytes32) {
        return bytes32((TAG_INSTITUTION << TAG_SHIFT) | institutionId);
    }

    /// An institution's emergency authorisation.
    function emergency(uint32 institutionId) internal pure returns (bytes32) {
        return bytes32((TAG_EMERGENCY << TAG_SHIFT) | institutionId);
    }

    /// The id of a patient's list of family proposals (made or received): not a grantee.
    function familyList(address patient) internal pure returns (bytes32) {
        return bytes32((TAG_FAMILY_LIST << TAG_SHIFT) | uint256(uint160(patient)));
    }

    /// The id of an institution's list of member-wrap publications: not a grantee.
    function wrapsList(uint32 institutionId) internal pure returns (bytes32) {
        return bytes32((TAG_WRAPS_LIST << TAG_SHIFT) | institutionId);
    }

    /// The tag (0 account, 1 institution, 2 emergency; anything else is invalid).
    function tag(bytes32 grantee) internal pure returns (uint256) {
        return uint256(grantee) >> TAG_SHIFT;
    }

    /// The address of a tag-0 grantee.
    function accountOf(bytes32 grantee) internal pure returns (address) {
        return address(uint160(uint256(grantee)));
    }

    /// The institution id of a tag-1 or tag-2 grantee (its low 32 bits).
    function institutionOf(bytes32 grantee) internal pure returns (uint32) {
        return uint32(uint256(grantee));
    }

    /// Whether the low 160 bits fit an institution id (no bits above the low 32).
    function fitsInstitutionId(bytes32 grantee) internal pure returns (bool) {
        return uint160(uint256(grantee)) <= type(uint32).max;
    }
}
