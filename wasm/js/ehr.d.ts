// Types of the ehr WebAssembly module's JS API (wasm/js/ehr.js).

/** A failure reported by the core; `code` is stable (e.g. 'ERR_INVALID_PRIVATE_KEY'). */
export declare class EhrError extends Error {
  constructor(code: string, message: string);
  readonly code: string;
}

export interface InitOptions {
  /** The module bytes, when the caller already has them (skips fetching). */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /** Where to fetch the module (default: ehr_core.wasm beside ehr_core.mjs). */
  wasmUrl?: string | URL;
}

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

export interface AddressApi {
  /** EIP-55 checksummed address of a 33- or 65-byte public key. */
  fromPublicKey(publicKey: Uint8Array): string;
  /** 20 bytes from "0x" + 40 hex digits; mixed case must be a valid EIP-55 checksum (strict: always). */
  parse(text: string, options?: { strict?: boolean }): Uint8Array;
  /** Like parse() but returns false instead of throwing. */
  isValid(text: unknown, options?: { strict?: boolean }): boolean;
  /** EIP-55 form of 20 bytes or of an address string. */
  toChecksum(address: Uint8Array | string): string;
}

export interface Ehr {
  readonly version: string;
  keccak256(data: Uint8Array): Uint8Array;
  sha256(data: Uint8Array): Uint8Array;
  createKeccak256(): IncrementalHash;
  createSha256(): IncrementalHash;
  readonly secp256k1: Secp256k1;
  readonly address: AddressApi;
  /** Overwrites the array with zeros. */
  wipe(bytes: Uint8Array): void;
}

/** Loads the module once; later calls return the same API. */
export declare function init(options?: InitOptions): Promise<Ehr>;

/** Overwrites the array with zeros. */
export declare function wipe(bytes: Uint8Array): void;
