// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title Who is acting
/// @notice Every authorisation check of the EHR contracts asks `_sender()`, never `msg.sender`
/// directly (OpenZeppelin `utils/Context.sol`). A call from the trusted forwarder (EhrForwarder,
/// fixed at deployment) acts for the account it appends to the calldata, ERC-2771-style: the
/// forwarder has checked that account's EIP-712 signature, nonce and deadline; anyone else acts
/// for itself.
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

    /// The account on whose behalf the current call acts: the signer a call from the trusted
    /// forwarder names in its last 20 bytes, otherwise the direct caller. (The zero forwarder is
    /// never a caller. The ABI decoder ignores the 20 trailing bytes.)
    function _sender() internal view virtual returns (address sender) {
        address forwarder = _forwarder;
        assembly {
            sender := caller()
            if eq(sender, forwarder) { sender := shr(96, calldataload(sub(calldatasize(), 20))) }
        }
    }
}
