// Types of the ehr WebAssembly module's JS API (wasm/js/ehr.js).

/** A failure reported by the core; `code` is stable (e.g. 'ERR_INVALID_PRIVATE_KEY'). */
export declare class EhrError extends Error {
  constructor(code: string, message: string);
  readonly code: string;
}

export interface InitOptions {
  /** The module bytes, when the caller already has them (skips fetching). */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /**
   * Where to fetch the module (default: ehr_core.wasm beside ehr_core.mjs): a URL, as a URL or as
   * text; in Node also a file path.
   */
  wasmUrl?: string | URL;
}

import type { CryptoApi } from './crypto.js';
import type { EthApi } from './eth.js';
import type { KdfApi } from './kdf.js';
import type { IpfsArea } from './ipfs.js';
import type { RecordsApi } from './records.js';
import type { Slip39Api } from './slip39.js';

export type {
  CryptoApi,
  IncrementalHash,
  Secp256k1,
  PrivateKey,
  SymmetricKey,
  X25519KeyPair,
  KeyInput,
  SecretHandle,
  PushStream,
  PullStream,
  PullResult,
  AeadCipher,
  Blake2bOptions,
  Argon2idOptions,
  EcdhOptions,
} from './crypto.js';
export type { EthApi, AddressApi } from './eth.js';
export type * from './eth.js';
export type { KdfApi, ScryptParams } from './kdf.js';
export type * from './ipfs.js';
export type * from './records.js';

/** The API returned by init(): every area's functions, read-only. */
export interface Ehr extends CryptoApi, EthApi, KdfApi, IpfsArea {
  readonly records: RecordsApi;
  /** SLIP-0039 Shamir share mnemonics (guardian recovery, paper shares). */
  readonly slip39: Slip39Api;
  readonly version: string;
  /** Overwrites the array with zeros. */
  wipe(bytes: Uint8Array): void;
}
/** Loads the module once; later calls return the same API. */
export declare function init(options?: InitOptions): Promise<Ehr>;

/** Overwrites the array with zeros. */
export declare function wipe(bytes: Uint8Array): void;
