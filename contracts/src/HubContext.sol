// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import "./Errors.sol";
import {IRecoveredAccounts} from "./GuardianRecovery.sol";

/// @title Who is acting
/// @notice Every authorisation check of the EHR contracts asks `_sender()`, never `msg.sender`
/// directly (OpenZeppelin `utils/Context.sol`). A call from the trusted forwarder (EhrForwarder,
/// fixed at deployment) acts for the account it appends to the calldata, ERC-2771-style: the
/// forwarder has checked that account's EIP-712 signature, nonce and deadline, and appends the
/// chart a successor acts for (guardian recovery). Anyone else acts for the chart the forwarder's
/// `chartOf` names: itself, the chart it recovered, and nothing once retired.
abstract contract HubContext {
    /// The ERC-2771 forwarder; zero when relayed calls are off.
    address private immutable _forwarder;

    /// @param forwarder The trusted forwarder, or zero for none.
    constructor(address forwarder) {
        _forwarder = forwarder;
    }

    /// @notice The trusted forwarder of relayed calls (ERC-2771).
    /// @return The EhrForwarder, or zero when relayed calls are off.
    function trustedForwarder() external view returns (address) {
        return _forwarder;
    }

    /// The account on whose behalf the current call acts: the signer (or its chart) a call from
    /// the trusted forwarder names in its last 20 bytes; otherwise the chart the direct caller acts
    /// for (`chartOf`: the caller itself unless it is a successor), reverting with AccountRetired
    /// for a retired caller. (The zero forwarder is never a caller, and with none the caller acts
    /// for itself. The ABI decoder ignores the 20 trailing bytes.)
    function _sender() internal view virtual returns (address sender) {
        address forwarder = _forwarder;
        sender = msg.sender;
        if (sender == forwarder) {
            assembly {
                sender := shr(96, calldataload(sub(calldatasize(), 20)))
            }
        } else if (forwarder != address(0)) {
            address caller = sender;
            sender = address(uint160(_askForwarder(forwarder, IRecoveredAccounts.chartOf.selector, caller)));
            if (sender == address(0)) revert AccountRetired(caller);
        }
    }

    /// The account whose signature acts for `chart` (signed consent): the chart itself, or its
    /// successor after a guardian recovery (`controllerOf`).
    function _controllerOf(address chart) internal view returns (address) {
        address forwarder = _forwarder;
        if (forwarder == address(0)) return chart;
        return address(uint160(_askForwarder(forwarder, IRecoveredAccounts.controllerOf.selector, chart)));
    }

    /// One word from a view of the forwarder that takes one address (a STATICCALL in scratch
    /// memory; the forwarder's own error is passed on if it fails).
    function _askForwarder(address forwarder, bytes4 selector, address account) private view returns (uint256 answer) {
        assembly ("memory-safe") {
            mstore(0, selector)
            mstore(4, account)
            if iszero(staticcall(gas(), forwarder, 0, 0x24, 0, 0x20)) {
                returndatacopy(0, 0, returndatasize())
                revert(0, returndatasize())
            }
            answer := mload(0)
        }
    }
}
