// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import "./Errors.sol";

/// @title Who is acting
/// @notice Every authorisation check of the EHR contracts asks `_sender()`, never `msg.sender`
/// directly (OpenZeppelin `utils/Context.sol`). A call from the trusted forwarder (EhrForwarder,
/// fixed at deployment) acts for the account it appends to the calldata, ERC-2771-style: the
/// forwarder has checked that account's EIP-712 signature, nonce and deadline, and appends the
/// chart a successor acts for (guardian recovery). Anyone else acts for itself, for the chart it
/// took over as a successor, or for nothing once retired. The forwarder decides recoveries
/// (`GuardianRecovery`) and, in the transaction that completes one, tells this contract
/// (`recordSuccession`), which keeps its own copy of the forwarder's answers: a direct call reads
/// one slot of this contract's storage instead of calling the forwarder.
abstract contract HubContext {
    /// The flag of a retired account in its `_successions` word.
    uint256 private constant RETIRED = 1 << 160;

    /// The ERC-2771 forwarder; zero when relayed calls are off.
    address private immutable _forwarder;

    /// What an account stands for after guardian recoveries, as `recordSuccession` reported it:
    /// the forwarder's `chartOf`, `controllerOf` and `isRetired` in one word (read on every direct
    /// call). Zero: untouched by any recovery, the account acts for itself. An address: the chart
    /// the account took over as a successor. `RETIRED` plus an address: a recovered chart and its
    /// controller. `RETIRED` alone: a successor replaced in turn.
    mapping(address account => uint256 word) private _successions;

    /// @param forwarder The trusted forwarder, or zero for none.
    constructor(address forwarder) {
        _forwarder = forwarder;
    }

    /// @notice The trusted forwarder of relayed calls (ERC-2771).
    /// @return The EhrForwarder, or zero when relayed calls are off.
    function trustedForwarder() external view returns (address) {
        return _forwarder;
    }

    /// @notice Records a completed guardian recovery, by the trusted forwarder only (in the
    /// transaction of `completeRecovery`; it never forwards this function): `successor` acts for
    /// `chart` from now on, and `previous` (the chart itself the first time, the earlier successor
    /// later) is retired.
    /// @param chart The chart (its original address).
    /// @param successor The chart's new controller.
    /// @param previous The controller it replaces.
    function recordSuccession(address chart, address successor, address previous) external {
        if (msg.sender != _forwarder) revert NotAuthorized(msg.sender);
        _successions[successor] = uint160(chart);
        // The chart's word last: the first time, `previous` is the chart itself.
        _successions[previous] = RETIRED;
        _successions[chart] = RETIRED | uint160(successor);
    }

    /// The account on whose behalf the current call acts: the signer (or its chart) a call from
    /// the trusted forwarder names in its last 20 bytes; otherwise the chart the direct caller acts
    /// for (itself unless it is a successor), reverting with AccountRetired for a retired caller.
    /// (The zero forwarder is never a caller, and with none no succession is ever recorded. The
    /// ABI decoder ignores the 20 trailing bytes.)
    function _sender() internal view virtual returns (address sender) {
        sender = msg.sender;
        if (sender == _forwarder) {
            assembly {
                sender := shr(96, calldataload(sub(calldatasize(), 20)))
            }
        } else {
            sender = _actingFor(sender);
        }
    }

    /// The account whose signature acts for `chart` (signed consent): the chart itself, or its
    /// successor after a guardian recovery (the forwarder's `controllerOf`).
    function _controllerOf(address chart) internal view returns (address) {
        uint256 word = _successions[chart];
        return word > RETIRED ? address(uint160(word)) : chart;
    }

    /// The chart a direct caller acts for (the forwarder's `chartOf`); reverts for a retired one.
    function _actingFor(address caller) private view returns (address) {
        uint256 word = _successions[caller];
        if (word >= RETIRED) revert AccountRetired(caller);
        return word == 0 ? caller : address(uint160(word));
    }
}
