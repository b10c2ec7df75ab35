// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title Unordered nonces: one bit per nonce, 256 per storage word
/// @notice As OpenZeppelin `utils/structs/BitMaps.sol`: nonce n is bit n % 256 of word n / 256.
library NonceBitmap {
    /// The used nonces of one signer.
    struct Map {
        mapping(uint256 word => uint256 bits) _words;
    }

    /// Whether `nonce` was used.
    function isUsed(Map storage map, uint256 nonce) internal view returns (bool) {
        return (map._words[nonce >> 8] >> (nonce & 0xff)) & 1 != 0;
    }

    /// Marks `nonce` used; false (and nothing written) when it already was.
    function use(Map storage map, uint256 nonce) internal returns (bool fresh) {
        uint256 bit = uint256(1) << (nonce & 0xff);
        uint256 word = map._words[nonce >> 8];
        if (word & bit != 0) return false;
        map._words[nonce >> 8] = word | bit;
        return true;
    }
}
