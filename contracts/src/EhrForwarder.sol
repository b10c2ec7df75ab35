// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import "./Errors.sol";
import {NonceBitmap} from "./NonceBitmap.sol";
import {SignedConsent} from "./SignedConsent.sol";

/// @notice The request names a contract other than the hub and the appointment book.
error ForwardTargetNotAllowed(address to);
/// @notice The request calls a function that is not forwarded (one that checks a signature itself).
error ForwardFunctionNotAllowed(bytes4 selector);
/// @notice The request carries ETH (`value` must be 0: the contracts accept none).
error ForwardValueNotZero(uint256 value);
/// @notice The submitter gave the forwarded call less gas than the signer asked for.
error InsufficientForwardGas(uint256 requested);

/// @title Forwarder of relayed calls: a patient signs, anyone submits and pays
/// @notice ERC-2771-style. The signer signs an EIP-712 `ForwardRequest`; `execute` checks the
/// signature, deadline and nonce and calls the hub or the appointment book with the signer's
/// address appended to the calldata; those contracts trust this forwarder (fixed at their
/// deployment) and act for that address, with exactly the checks of a direct call. Domain: name
/// "EHR Forwarder", version "1", the chain id and this contract. Type:
///   ForwardRequest(address from,address to,uint256 value,uint256 gas,uint256 nonce,uint256 deadline,bytes data)
/// Nonces are unordered (one bit per nonce, per signer): a request handed to a clinician as a code
/// and another sent to a relay do not wait for each other, and the signer may cancel an unused one.
/// A forwarded call that fails reverts the whole transaction with the callee's error, so the nonce
/// stays unused until the deadline. Signatures must be 65 bytes with v 27/28 and a low s.
contract EhrForwarder {
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
    bytes32 private constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    bytes32 private constant NAME_HASH = keccak256("EHR Forwarder");
    bytes32 private constant VERSION_HASH = keccak256("1");
    uint256 private constant HALF_ORDER = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0;

    address private immutable _hub;
    address private immutable _appointments;
    bytes32 private immutable _cachedDomainSeparator;
    uint256 private immutable _cachedChainId;

    mapping(address signer => NonceBitmap.Map) private _nonces;

    /// @notice A signed request was executed: `to` was called for `from` and succeeded.
    event ExecutedForwardRequest(
        address indexed from, address indexed to, uint256 nonce, bytes4 selector, address submitter
    );
    /// @notice A signer cancelled an unused nonce.
    event NonceCancelled(address indexed from, uint256 nonce);

    /// @param hubAddress The EhrHub (deployed after this contract; contracts/deploy.mjs predicts it).
    /// @param appointmentsAddress The EhrAppointments book.
    constructor(address hubAddress, address appointmentsAddress) {
        if (hubAddress == address(0) || appointmentsAddress == address(0)) revert ZeroAddress();
        _hub = hubAddress;
        _appointments = appointmentsAddress;
        _cachedChainId = block.chainid;
        _cachedDomainSeparator = _buildDomainSeparator();
    }

    /// @notice Executes a request signed by `request.from`; anyone may submit it and pays its gas.
    /// @param request The signed request.
    /// @param signature The 65-byte signature (r, s, v) over the request's EIP-712 digest.
    function execute(ForwardRequest calldata request, bytes calldata signature) external {
        address to = request.to;
        if (to != _hub && to != _appointments) revert ForwardTargetNotAllowed(to);
        bytes4 selector = request.data.length >= 4 ? bytes4(request.data[:4]) : bytes4(0);
        if (
            to == _hub
                && (
                    selector == SignedConsent.grantAccessBySig.selector
                        || selector == SignedConsent.revokeAccessBySig.selector
                        || selector == SignedConsent.registerPatientBySig.selector
                )
        ) revert ForwardFunctionNotAllowed(selector);
        if (request.value != 0) revert ForwardValueNotZero(request.value);
        if (block.timestamp > request.deadline) revert SignatureExpired(request.deadline);
        address from = request.from;
        uint256 nonce = request.nonce;
        _checkSignature(request, signature);
        if (!_nonces[from].use(nonce)) revert NonceAlreadyUsed(from, nonce);

        uint256 gasRequested = request.gas;
        bytes memory data = abi.encodePacked(request.data, from);
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

    /// @notice The contracts requests may call.
    /// @return hubAddress The EhrHub.
    /// @return appointmentsAddress The EhrAppointments book.
    function targets() external view returns (address hubAddress, address appointmentsAddress) {
        return (_hub, _appointments);
    }

    /// @notice The EIP-712 domain separator of this contract on this chain.
    /// @return The separator.
    function DOMAIN_SEPARATOR() external view returns (bytes32) {
        return _domainSeparator();
    }

    /// @notice The EIP-712 domain (EIP-5267).
    /// @return fields Bit set of the fields present (name, version, chainId, verifyingContract).
    /// @return name The domain name.
    /// @return version The domain version.
    /// @return chainId The chain id.
    /// @return verifyingContract This contract.
    /// @return salt Unused (zero).
    /// @return extensions Unused (empty).
    function eip712Domain()
        external
        view
        returns (
            bytes1 fields,
            string memory name,
            string memory version,
            uint256 chainId,
            address verifyingContract,
            bytes32 salt,
            uint256[] memory extensions
        )
    {
        return (hex"0f", "EHR Forwarder", "1", block.chainid, address(this), bytes32(0), new uint256[](0));
    }

    // ------------------------------------------------------------------ internals

    function _buildDomainSeparator() private view returns (bytes32) {
        return keccak256(abi.encode(DOMAIN_TYPEHASH, NAME_HASH, VERSION_HASH, block.chainid, address(this)));
    }

    function _domainSeparator() private view returns (bytes32) {
        if (block.chainid == _cachedChainId) return _cachedDomainSeparator;
        return _buildDomainSeparator();
    }

    /// Checks that `request.from` signed the request for this forwarder on this chain.
    function _checkSignature(ForwardRequest calldata request, bytes calldata signature) private view {
        if (signature.length != 65) revert InvalidSignature();
        bytes32 r = bytes32(signature[0:32]);
        bytes32 s = bytes32(signature[32:64]);
        uint8 v = uint8(signature[64]);
        if (uint256(s) > HALF_ORDER) revert MalleableSignature();
        if (v != 27 && v != 28) revert InvalidSignatureV(v);
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
        address signer = ecrecover(keccak256(abi.encodePacked(hex"1901", _domainSeparator(), structHash)), v, r, s);
        if (signer == address(0)) revert InvalidSignature();
        if (signer != request.from) revert WrongSigner(signer, request.from);
    }
}
