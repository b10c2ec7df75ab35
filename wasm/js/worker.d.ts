// Types of wasm/js/worker.js: the slow password work and files of any size on a Web Worker /
// worker_threads Worker (the one Worker protocol of the module and of the page), and the file
// pipeline it runs, which also runs on any thread.
import type { Ehr } from './ehr.js';
import type { KeystoreOptions } from './eth.js';
import type { ScryptParams } from './kdf.js';
import type { GatewayOptions } from './gateway.js';
import type { Profile } from './ipfs.js';
import type { ChartKey, EncryptOptions, InspectResult, X25519Key } from './records.js';

/** Progress of a file operation: plaintext bytes done, of `bytesTotal` when known. */
export interface FileProgress {
  bytesDone: number;
  bytesTotal?: number;
}

/** The keys that open an envelope, picked from its header; `release` is called once they are used. */
export interface FileKeys {
  chartKeys?: ChartKey[];
  identities?: X25519Key[];
  release?: () => void;
}

/** What a file envelope must be once opened: its plaintext's size and base64 SHA-1 (FHIR's Attachment.hash). */
export interface FileExpectation {
  size?: number;
  hash?: string;
}

/** The gateways a worker reads a file through: plain settings, which cross postMessage. */
export type WorkerGatewayOptions = Omit<GatewayOptions, 'fetch' | 'onGatewayError'>;

export interface SealFileOptions {
  file: Blob;
  /** Scope, epoch and wraps; its chart keys are sealed to the worker (records.wrapKey), never sent as bytes. */
  encrypt: EncryptOptions;
  /** The UnixFS profile of the CID (default 'unixfs-v1-2025'; an uploader's `params`). */
  profile?: Profile;
  /** Where the envelope goes: a file handle (origin private file system: written in place), or none: `blob`. */
  target?: FileSystemFileHandle | null;
  signal?: AbortSignal;
  onProgress?: (p: FileProgress) => void;
}

export interface SealedFile {
  /** The envelope's UnixFS CID under the profile. */
  cid: string;
  /** The plaintext's length and SHA-1 (20 bytes). */
  size: number;
  sha1: Uint8Array;
  envelopeSize: number;
  /** The envelope when there was no target, else null. */
  blob: Blob | null;
}

export interface OpenFileOptions {
  /** The file envelope's CID. */
  cid: string;
  gateway: WorkerGatewayOptions;
  /** Picks the keys from the envelope's header (in the caller's module); they are sealed to the worker. */
  keysFor: (header: InspectResult) => FileKeys | null | undefined;
  /** The scope the envelope must have (the record's): another is ERR_BAD_ENVELOPE. */
  scope?: number;
  expect?: FileExpectation;
  /** Where the plaintext goes: a file handle (written in place), or none: `blob`. */
  target?: FileSystemFileHandle | null;
  signal?: AbortSignal;
  onProgress?: (p: FileProgress) => void;
}

export interface OpenedFile {
  size: number;
  sha1: Uint8Array;
  /** The plaintext when there was no target, else null. */
  blob: Blob | null;
}

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
  /**
   * Reads `file`, hashes it (SHA-1), encrypts it as one record envelope and builds its CID, in the
   * worker, in constant memory. Cancelled by `signal` (AbortError once the worker let go).
   */
  sealFile(ehr: Ehr, options: SealFileOptions): Promise<SealedFile>;
  /**
   * Reads the envelope at `cid` through the gateways (every block verified against its CID),
   * decrypts it in the worker and checks size and SHA-1: ERR_BAD_ENVELOPE (another scope),
   * ERR_HASH_MISMATCH, the decryptor's codes, GatewayError. What was written to `target` is then
   * to be discarded.
   */
  openFile(ehr: Ehr, options: OpenFileOptions): Promise<OpenedFile>;
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

/** An incremental SHA-1 (FHIR R4's Attachment.hash). */
export interface Sha1 {
  update(data: Uint8Array): Sha1;
  /** 20 bytes; once. */
  digest(): Uint8Array;
}
export declare function createSha1(): Sha1;

/** Standard base64 of (small) bytes. */
export declare function base64(bytes: Uint8Array): string;

export interface SealStreamOptions {
  source: Blob | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;
  /** The source's length, for progress. */
  size?: number;
  encrypt: EncryptOptions;
  profile: Profile;
  /** Receives the envelope in order; the bytes are valid until its promise resolves. */
  write?: (bytes: Uint8Array) => unknown;
  /** Envelope bytes gathered per write (default 4 MiB; 0: each output as it comes). */
  batch?: number;
  signal?: AbortSignal;
  onProgress?: (p: FileProgress) => void;
}

/** Encrypts a byte stream as one envelope and builds its CID as it passes (pieces are wiped once encrypted). */
export declare function sealStream(
  ehr: Ehr,
  options: SealStreamOptions,
): Promise<{ cid: string; size: number; sha1: Uint8Array; envelopeSize: number }>;

export interface OpenStreamOptions {
  /** Verified envelope bytes in order (a gateway client's cat()). */
  pieces: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
  keysFor: (header: InspectResult) => FileKeys;
  scope?: number;
  expect?: FileExpectation;
  /** Receives the plaintext in order; the bytes are valid until its promise resolves. */
  sink: { write: (bytes: Uint8Array) => unknown };
  signal?: AbortSignal;
  onProgress?: (p: FileProgress) => void;
}

/** Decrypts an envelope chunk by chunk into `sink`, then checks size and SHA-1 (ERR_HASH_MISMATCH). */
export declare function openStream(ehr: Ehr, options: OpenStreamOptions): Promise<{ size: number; sha1: Uint8Array }>;
