// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import "./Errors.sol";
import {Consent} from "./Consent.sol";
import {Eip712Domain} from "./Eip712Domain.sol";
import {Grantee} from "./Grantee.sol";
import {NonceBitmap} from "./NonceBitmap.sol";

/// @title EIP-712 signed consent for patients without ETH
/// @notice A patient signs typed data (for instance shown as a QR code at the clinic) and anyone
/// submits it. Domain (`Eip712Domain`): name "EHR Hub", version "1", the chain id and this
/// contract. Types:
///   Consent(address patient,bytes32 grantee,uint32 scopes,uint64 expiry,bytes32 wrappedKeysHash,uint32 serial,uint256 nonce,uint256 deadline)
///   Revocation(address patient,bytes32 grantee,uint32 scopes,uint256 nonce,uint256 deadline)
///   Registration(address patient,bytes32 encryptionKey,uint256 nonce,uint256 deadline)
/// wrappedKeysHash is keccak256 of the wrapped-keys bytes. Nonces are unordered: any unused
/// uint256, kept in a bitmap per patient, so several signed consents can be submitted in any
/// order; the patient may cancel an unused nonce. A consent also names the grant's serial
/// (`grantSerial`), which every end of that grantee's access increments: a consent code signed
/// before a revocation, expiry or loss of standing can never restore the access.
/// The signer must be the chart's controller (`HubContext._controllerOf`): the patient's own
/// address, or its successor after a guardian recovery; a retired address's signature is refused.
/// Signatures must have v 27/28 and a low s.
abstract contract SignedConsent is Consent, Eip712Domain {
    using NonceBitmap for NonceBitmap.Map;

    bytes32 internal constant CONSENT_TYPEHASH = keccak256(
        "Consent(address patient,bytes32 grantee,uint32 scopes,uint64 expiry,bytes32 wrappedKeysHash,uint32 serial,uint256 nonce,uint256 deadline)"
    );
    bytes32 internal constant REVOCATION_TYPEHASH =
        keccak256("Revocation(address patient,bytes32 grantee,uint32 scopes,uint256 nonce,uint256 deadline)");
    bytes32 internal constant REGISTRATION_TYPEHASH =
        keccak256("Registration(address patient,bytes32 encryptionKey,uint256 nonce,uint256 deadline)");

    mapping(address patient => NonceBitmap.Map) private _nonces;

    /// @notice A signed-message nonce was used by `submitter` (or cancelled by the patient).
    event NonceConsumed(address indexed patient, uint256 nonce, address submitter);

    constructor() Eip712Domain("EHR Hub", "1") {}

    /// @notice Submits a consent grant signed by the patient; anyone may call.
    /// @param patient The signing patient.
    /// @param grantee The grantee (see Consent).
    /// @param scopes The scope bits.
    /// @param expiry Grant expiry, 0 for none.
    /// @param wrappedKeys The wrapped scope keys; their keccak256 is what was signed.
    /// @param serial The grant serial the consent was signed under; must equal `grantSerial` now.
    /// @param nonce An unused nonce of the patient.
    /// @param deadline Last valid block timestamp for submission.
    /// @param v Signature v (27 or 28).
    /// @param r Signature r.
    /// @param s Signature s (low half).
    function grantAccessBySig(
        address patient,
        bytes32 grantee,
        uint32 scopes,
        uint64 expiry,
        bytes calldata wrappedKeys,
        uint32 serial,
        uint256 nonce,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external {
        bytes32 structHash = keccak256(
            abi.encode(CONSENT_TYPEHASH, patient, grantee, scopes, expiry, keccak256(wrappedKeys), serial, nonce, deadline)
        );
        _verifySigned(patient, structHash, nonce, deadline, v, r, s);
        _requirePatient(patient);
        if (_grantOf(patient, grantee).serial() != serial) revert StaleConsent(patient, grantee, serial);
        if (Grantee.tag(grantee) == Grantee.TAG_EMERGENCY) revert InvalidGrantee(grantee);
        _useNonce(patient, nonce);
        _grantAndEmit(patient, grantee, scopes, expiry, wrappedKeys);
    }

    /// @notice Submits a revocation signed by the patient; anyone may call.
    /// @param patient The signing patient.
    /// @param grantee The grantee.
    /// @param scopes The scopes to revoke.
    /// @param nonce An unused nonce of the patient.
    /// @param deadline Last valid block timestamp for submission.
    /// @param v Signature v (27 or 28).
    /// @param r Signature r.
    /// @param s Signature s (low half).
    function revokeAccessBySig(
        address patient,
        bytes32 grantee,
        uint32 scopes,
        uint256 nonce,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external {
        bytes32 structHash = keccak256(abi.encode(REVOCATION_TYPEHASH, patient, grantee, scopes, nonce, deadline));
        _verifySigned(patient, structHash, nonce, deadline, v, r, s);
        _useNonce(patient, nonce);
        _revoke(patient, grantee, scopes);
    }

    /// @notice Registers a patient from a signed registration; anyone may call.
    /// @param patient The signing patient.
    /// @param encryptionKey The patient's X25519 public key.
    /// @param nonce An unused nonce of the patient.
    /// @param deadline Last valid block timestamp for submission.
    /// @param v Signature v (27 or 28).
    /// @param r Signature r.
    /// @param s Signature s (low half).
    function registerPatientBySig(
        address patient,
        bytes32 encryptionKey,
        uint256 nonce,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external {
        bytes32 structHash = keccak256(abi.encode(REGISTRATION_TYPEHASH, patient, encryptionKey, nonce, deadline));
        _verifySigned(patient, structHash, nonce, deadline, v, r, s);
        _useNonce(patient, nonce);
        _registerPatient(patient, encryptionKey);
    }

    /// @notice Cancels one of the caller's unused nonces, voiding any message signed with it.
    /// @param nonce The nonce.
    function cancelNonce(uint256 nonce) external {
        _useNonce(_sender(), nonce);
    }

    /// @notice Whether a nonce of a patient was used or cancelled.
    /// @param patient The patient.
    /// @param nonce The nonce.
    /// @return True if it can no longer be used.
    function nonceUsed(address patient, uint256 nonce) external view returns (bool) {
        return _nonces[patient].isUsed(nonce);
    }

    // ------------------------------------------------------------------ internals

    /// Checks deadline, nonce availability and that the chart's controller (`patient` itself unless
    /// recovered) signed the typed data.
    function _verifySigned(
        address patient,
        bytes32 structHash,
        uint256 nonce,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) internal view {
        if (block.timestamp > deadline) revert SignatureExpired(deadline);
        if (_nonces[patient].isUsed(nonce)) revert NonceAlreadyUsed(patient, nonce);
        address signer = _recoverSigner(structHash, v, r, s);
        address controller = _controllerOf(patient);
        if (signer != controller) revert WrongSigner(signer, controller);
    }

    function _useNonce(address patient, uint256 nonce) private {
        if (!_nonces[patient].use(nonce)) revert NonceAlreadyUsed(patient, nonce);
        emit NonceConsumed(patient, nonce, _sender());
    }
}
