// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import "./Errors.sol";
import {Eip712Domain} from "./Eip712Domain.sol";
import {GuardianRecovery} from "./GuardianRecovery.sol";
import {HubContext} from "./HubContext.sol";
import {IEhrHub} from "./IEhrHub.sol";
import {NonceBitmap} from "./NonceBitmap.sol";
import {SignedConsent} from "./SignedConsent.sol";

/// @notice The request names a contract other than the hub, the appointment book and this forwarder.
error ForwardTargetNotAllowed(address to);
/// @notice The request calls a function that is not forwarded (one that checks a signature itself,
/// `recordSuccession`, or a function of this forwarder other than the four of guardian recovery).
error ForwardFunctionNotAllowed(bytes4 selector);
/// @notice The request carries ETH (`value` must be 0: the contracts accept none).
error ForwardValueNotZero(uint256 value);
/// @notice The submitter gave the forwarded call less gas than the signer asked for.
error InsufficientForwardGas(uint256 requested);

/// @title Forwarder of relayed calls and guardian recovery: a patient signs, anyone submits and pays
/// @notice ERC-2771-style. The signer signs an EIP-712 `ForwardRequest`; `execute` checks the
/// signature, deadline and nonce and calls the hub or the appointment book with the address the
/// signer acts for appended to the calldata: the signer itself, or the chart it took over as a
/// successor (`GuardianRecovery`); a retired signer is refused. Those contracts trust this
/// forwarder (fixed at their deployment) and act for that address, with exactly the checks of a
/// direct call. A request may also call this forwarder's four recovery functions (`setGuardians`,
/// `approveRecovery`, `cancelRecovery`, `completeRecovery`), so patients and guardians without
/// ETH recover through a relay; completing a recovery tells the hub and the book
/// (`HubContext.recordSuccession`, which only this forwarder may call and which it never forwards),
/// so a direct call to them reads their own copy of who acts for which chart. Domain
/// (`Eip712Domain`): name "EHR Forwarder", version "1", the chain id and this contract. Type:
///   ForwardRequest(address from,address to,uint256 value,uint256 gas,uint256 nonce,uint256 deadline,bytes data)
/// Nonces are unordered (one bit per nonce, per signer): a request handed to a clinician as a code
/// and another sent to a relay do not wait for each other, and the signer may cancel an unused one.
/// A forwarded call that fails reverts the whole transaction with the callee's error, so the nonce
/// stays unused until the deadline. Signatures must be 65 bytes with v 27/28 and a low s.
contract EhrForwarder is Eip712Domain, GuardianRecovery {
    using NonceBitmap for NonceBitmap.Map;

    /// A signed request. `value` must be 0; `gas` is the gas the forwarded call receives.
    struct ForwardRequest {
        address from;
        address to;
        uint256 value;
        uint256 gas;
        uint256 nonce;
        uint256 deadline;
        bytes data;
    }

    bytes32 internal constant FORWARD_REQUEST_TYPEHASH = keccak256(
        "ForwardRequest(address from,address to,uint256 value,uint256 gas,uint256 nonce,uint256 deadline,bytes data)"
    );

    address private immutable _hub;
    address private immutable _appointments;

    mapping(address signer => NonceBitmap.Map) private _nonces;

    /// @notice A signed request was executed: `to` was called for `from` and succeeded.
    event ExecutedForwardRequest(
        address indexed from, address indexed to, uint256 nonce, bytes4 selector, address submitter
    );
    /// @notice A signer cancelled an unused nonce.
    event NonceCancelled(address indexed from, uint256 nonce);

    /// @param hubAddress The EhrHub (deployed after this contract; contracts/deploy.mjs predicts it).
    /// @param appointmentsAddress The EhrAppointments book.
    constructor(address hubAddress, address appointmentsAddress) Eip712Domain("EHR Forwarder", "1") {
        if (hubAddress == address(0) || appointmentsAddress == address(0)) revert ZeroAddress();
        _hub = hubAddress;
        _appointments = appointmentsAddress;
    }

    /// @notice Executes a request signed by `request.from`; anyone may submit it and pays its gas.
    /// @param request The signed request.
    /// @param signature The 65-byte signature (r, s, v) over the request's EIP-712 digest.
    function execute(ForwardRequest calldata request, bytes calldata signature) external {
        address to = request.to;
        bytes4 selector = request.data.length >= 4 ? bytes4(request.data[:4]) : bytes4(0);
        // `recordSuccession` trusts this forwarder as its caller: forwarding it would let any
        // signer name itself the successor of any chart.
        if (to == _hub) {
            if (
                selector == SignedConsent.grantAccessBySig.selector
                    || selector == SignedConsent.revokeAccessBySig.selector
                    || selector == SignedConsent.registerPatientBySig.selector
                    || selector == HubContext.recordSuccession.selector
            ) revert ForwardFunctionNotAllowed(selector);
        } else if (to == address(this)) {
            if (
                selector != GuardianRecovery.setGuardians.selector
                    && selector != GuardianRecovery.approveRecovery.selector
                    && selector != GuardianRecovery.cancelRecovery.selector
                    && selector != GuardianRecovery.completeRecovery.selector
            ) revert ForwardFunctionNotAllowed(selector);
        } else if (to != _appointments) {
            revert ForwardTargetNotAllowed(to);
        } else if (selector == HubContext.recordSuccession.selector) {
            revert ForwardFunctionNotAllowed(selector);
        }
        if (request.value != 0) revert ForwardValueNotZero(request.value);
        if (block.timestamp > request.deadline) revert SignatureExpired(request.deadline);
        address from = request.from;
        uint256 nonce = request.nonce;
        _checkSignature(request, signature);
        if (!_nonces[from].use(nonce)) revert NonceAlreadyUsed(from, nonce);

        // The hub and the book act for the chart a successor took over, with the same checks.
        address actor = _actingFor(from);

        uint256 gasRequested = request.gas;
        bytes memory data = abi.encodePacked(request.data, actor);
        bool success;
        uint256 gasLeft;
        assembly ("memory-safe") {
            success := call(gasRequested, to, 0, add(data, 0x20), mload(data), 0, 0)
            gasLeft := gas()
        }
        // Gas griefing (as OpenZeppelin's ERC2771Forwarder): a call is given at most 63/64 of the
        // gas left, so a submitter could make it fail for want of gas while the nonce is spent.
        // If it received less than `gas`, less than gas / 63 remains now: refuse the whole
        // transaction (the nonce stays unused).
        if (gasLeft < gasRequested / 63) revert InsufficientForwardGas(gasRequested);
        if (!success) {
            // The callee's own error (the hub's custom errors), so the submitter sees why.
            assembly ("memory-safe") {
                let p := mload(0x40)
                returndatacopy(p, 0, returndatasize())
                revert(p, returndatasize())
            }
        }
        emit ExecutedForwardRequest(from, to, nonce, selector, msg.sender);
    }

    /// @notice Cancels one of the caller's unused nonces, voiding a request signed with it.
    /// @param nonce The nonce.
    function cancelNonce(uint256 nonce) external {
        if (!_nonces[msg.sender].use(nonce)) revert NonceAlreadyUsed(msg.sender, nonce);
        emit NonceCancelled(msg.sender, nonce);
    }

    /// @notice Whether a signer's nonce was used or cancelled.
    /// @param from The signer.
    /// @param nonce The nonce.
    /// @return True if it can no longer be used.
    function nonceUsed(address from, uint256 nonce) external view returns (bool) {
        return _nonces[from].isUsed(nonce);
    }

    /// @notice 256 nonces of a signer at once (bit i of word w: nonce 256 w + i used), so a signer
    /// can pick the lowest unused one (nonces sharing a word cost less to use).
    /// @param from The signer.
    /// @param word The word index (nonce / 256).
    /// @return The bits.
    function nonceBitmap(address from, uint256 word) external view returns (uint256) {
        return _nonces[from]._words[word];
    }

    /// @notice The contracts requests may call (and this forwarder, for its four recovery functions).
    /// @return hubAddress The EhrHub.
    /// @return appointmentsAddress The EhrAppointments book.
    function targets() external view returns (address hubAddress, address appointmentsAddress) {
        return (_hub, _appointments);
    }

    // ------------------------------------------------------------------ internals

    /// The hub and the book keep a copy of who acts for which chart (`HubContext`): both learn the
    /// succession here, in the transaction that completes it (each call reverts the whole
    /// completion if it fails).
    function _recordSuccession(address chart, address successor, address previous) internal override {
        HubContext(_hub).recordSuccession(chart, successor, previous);
        HubContext(_appointments).recordSuccession(chart, successor, previous);
    }

    /// Checks that `request.from` signed the request for this forwarder on this chain.
    function _checkSignature(ForwardRequest calldata request, bytes calldata signature) private view {
        if (signature.length != 65) revert InvalidSignature();
        bytes32 r = bytes32(signature[0:32]);
        bytes32 s = bytes32(signature[32:64]);
        uint8 v = uint8(signature[64]);
        bytes32 structHash = keccak256(
            abi.encode(
                FORWARD_REQUEST_TYPEHASH,
                request.from,
                request.to,
                request.value,
                request.gas,
                request.nonce,
                request.deadline,
                keccak256(request.data)
            )
        );
        address signer = _recoverSigner(structHash, v, r, s);
        if (signer != request.from) revert WrongSigner(signer, request.from);
    }

    /// @dev A successor must not hold a chart of its own (GuardianRecovery._requireFreeSuccessor).
    function _isRegisteredPatient(address account) internal view override returns (bool) {
        return IEhrHub(_hub).isPatient(account);
    }
}
