// Types of the crypto area of the JS API (wasm/js/crypto.js).

/** An incremental hash. digest() finalizes and frees it; dispose() frees it without a digest. */
export interface IncrementalHash extends Disposable {
  update(data: Uint8Array): IncrementalHash;
  digest(): Uint8Array;
  dispose(): void;
}

export interface Secp256k1 {
  /** True if 0 < key < n. Throws RangeError unless 32 bytes. */
  isValidPrivateKey(privateKey: Uint8Array): boolean;
  /** SEC1 public key: 33 bytes compressed (default) or 65 uncompressed. */
  getPublicKey(privateKey: Uint8Array, compressed?: boolean): Uint8Array;
  /** RFC 6979, low-s. Returns r || s || v (65 bytes, v = 0 or 1). */
  sign(msgHash: Uint8Array, privateKey: Uint8Array): Uint8Array;
  /** Compact r || s (64 bytes; a 65th byte is ignored). lowS (default true) rejects s > n/2. */
  verify(signature: Uint8Array, msgHash: Uint8Array, publicKey: Uint8Array, options?: { lowS?: boolean }): boolean;
  /** Public key from r || s || v (v in 0..3): 65 bytes uncompressed (default) or 33. */
  recover(signature: Uint8Array, msgHash: Uint8Array, compressed?: boolean): Uint8Array;
  /** Strict DER -> compact r || s (64 bytes), s not normalized. */
  signatureFromDer(der: Uint8Array): Uint8Array;
  /** Re-encodes a 33- or 65-byte public key; throws EhrError ERR_INVALID_PUBLIC_KEY if off-curve. */
  convertPublicKey(publicKey: Uint8Array, compressed?: boolean): Uint8Array;
}

export interface CryptoApi {
  keccak256(data: Uint8Array): Uint8Array;
  sha256(data: Uint8Array): Uint8Array;
  createKeccak256(): IncrementalHash;
  createSha256(): IncrementalHash;
  readonly secp256k1: Secp256k1;
}

export declare function makeCrypto(core: import('./core.js').Core): CryptoApi;
