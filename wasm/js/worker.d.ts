// Types of wasm/js/worker.js: the slow password work on a Web Worker / worker_threads Worker (the
// one Worker protocol of the module and of the page).
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
  /** The lock: disposeAll() in the worker's module, before terminate() drops its memory. */
  wipe(): Promise<void>;
  /** Ends the worker; calls still running reject with code ERR_WORKER_TERMINATED. */
  terminate(): Promise<number> | void;
}

export interface WorkerOptions {
  /**
   * Where worker.js is served (default: its own import.meta.url). A browser gets it as it is, so a
   * page that enforces Trusted Types passes its policy's TrustedScriptURL here.
   */
  url?: string | URL;
  /**
   * The module bytes the worker compiles, e.g. already checked against Subresource Integrity (a
   * copy is moved to the worker). Default: the worker loads the module as init() does.
   */
  wasmBinary?: ArrayBuffer | Uint8Array;
}

/**
 * Starts the worker (a module Worker in browsers, worker_threads in Node) and resolves once it has
 * loaded the module; a worker that fails to start or load rejects (ERR_WORKER_FAILED, or the
 * module's own error).
 */
export declare function createWorker(options?: WorkerOptions): Promise<KdfWorker>;

export interface OnDemandWorker {
  /** True while the worker runs or starts. */
  readonly running: boolean;
  /**
   * fn(worker), the worker started first if need be. Rejects with `locked()` when stop() overtakes
   * it (a Uint8Array result that still arrives is wiped).
   */
  run<T>(fn: (worker: KdfWorker) => Promise<T>): Promise<T>;
  /** The lock: the worker wipes its module (waiting at most graceMs, default 300), then is terminated. */
  stop(graceMs?: number): Promise<void>;
}

export interface OnDemandWorkerOptions {
  /** As for createWorker. */
  url?: string | URL;
  /** The module bytes, or a function that returns them (called when the worker starts). */
  wasmBinary?: ArrayBuffer | Uint8Array | (() => ArrayBuffer | Uint8Array | Promise<ArrayBuffer | Uint8Array>);
  /** The error a run overtaken by stop() rejects with (default: an Error with code ERR_LOCKED). */
  locked?: () => Error;
}

/** A worker started on first use and stopped by a lock (the page's: web/src/worker-host.js). */
export declare function onDemandWorker(options?: OnDemandWorkerOptions): OnDemandWorker;
