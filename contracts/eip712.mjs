// The EIP-712 domain and types that EhrHub verifies (src/SignedConsent.sol). One definition for
// every signer: tests, benchmarks, the page and the WASM typed-data encoder all read it here.

export const EIP712_NAME = 'EHR Hub';
export const EIP712_VERSION = '1';

/** The hub's domain on a chain. */
export function hubDomain(chainId, verifyingContract) {
  return { name: EIP712_NAME, version: EIP712_VERSION, chainId, verifyingContract };
}

/** Consent(address patient,bytes32 grantee,uint32 scopes,uint64 expiry,bytes32 wrappedKeysHash,uint32 serial,uint256 nonce,uint256 deadline) */
export const CONSENT_TYPES = Object.freeze({
  Consent: [
    { name: 'patient', type: 'address' },
    { name: 'grantee', type: 'bytes32' },
    { name: 'scopes', type: 'uint32' },
    { name: 'expiry', type: 'uint64' },
    { name: 'wrappedKeysHash', type: 'bytes32' },
    { name: 'serial', type: 'uint32' },
    { name: 'nonce', type: 'uint256' },
    { name: 'deadline', type: 'uint256' },
  ],
});

/** Revocation(address patient,bytes32 grantee,uint32 scopes,uint256 nonce,uint256 deadline) */
export const REVOCATION_TYPES = Object.freeze({
  Revocation: [
    { name: 'patient', type: 'address' },
    { name: 'grantee', type: 'bytes32' },
    { name: 'scopes', type: 'uint32' },
    { name: 'nonce', type: 'uint256' },
    { name: 'deadline', type: 'uint256' },
  ],
});

/** Registration(address patient,bytes32 encryptionKey,uint256 nonce,uint256 deadline) */
export const REGISTRATION_TYPES = Object.freeze({
  Registration: [
    { name: 'patient', type: 'address' },
    { name: 'encryptionKey', type: 'bytes32' },
    { name: 'nonce', type: 'uint256' },
    { name: 'deadline', type: 'uint256' },
  ],
});
