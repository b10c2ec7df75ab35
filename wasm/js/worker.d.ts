// Types of wasm/js/worker.js: the slow password work on a Web Worker / worker_threads Worker.
import type { KeystoreOptions } from './eth.js';
import type { ScryptParams } from './kdf.js';

export interface KdfWorker {
  /** The keystore's derived key; finish with ehr.wallet.fromKeystoreWithKey (or fromKeystoreAsync). */
  keystoreDerivedKey(json: string, password: string | Uint8Array): Promise<Uint8Array>;
  /** Raw private key bytes (prefer ehr.wallet.fromKeystoreAsync). */
  keystoreDecrypt(json: string, password: string | Uint8Array): Promise<Uint8Array>;
  /** Keystore JSON; `privateKey` is moved to the worker and wiped here. */
  encryptKeystore(privateKey: Uint8Array, password: string | Uint8Array, options?: KeystoreOptions): Promise<string>;
  mnemonicToSeed(phrase: string, passphrase?: string): Promise<Uint8Array>;
  pbkdf2Sha256(
    password: string | Uint8Array,
    salt: string | Uint8Array,
    iterations: number,
    dkLen: number,
  ): Promise<Uint8Array>;
  pbkdf2Sha512(
    password: string | Uint8Array,
    salt: string | Uint8Array,
    iterations: number,
    dkLen: number,
  ): Promise<Uint8Array>;
  scrypt(password: string | Uint8Array, salt: string | Uint8Array, params: ScryptParams): Promise<Uint8Array>;
  terminate(): Promise<number> | void;
}

/** Starts the worker (a module Worker in browsers, worker_threads in Node). */
export declare function createWorker(options?: { url?: string | URL }): Promise<KdfWorker>;
