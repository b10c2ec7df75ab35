// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title Who is acting
/// @notice Every authorisation check of the EHR contracts asks `_sender()`, never `msg.sender`
/// directly (OpenZeppelin `utils/Context.sol`), so a later relay (ERC-2771-style, or EIP-712
/// relayed patient actions) substitutes the signer in this one place.
abstract contract HubContext {
    /// The account on whose behalf the current call acts: today the direct caller.
    function _sender() internal view virtual returns (address) {
        return msg.sender;
    }
}
