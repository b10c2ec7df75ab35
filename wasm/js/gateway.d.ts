// Types of the gateway client and uploader (wasm/js/gateway.js).
import type { Ehr, EhrError } from './ehr.js';
import type { ByteSource, Profile, ProfileParams, Progress } from './ipfs.js';

export declare class GatewayError extends EhrError {
  constructor(message: string, attempts?: Array<{ gateway: string; error: Error }>);
  readonly attempts: ReadonlyArray<{ readonly gateway: string; readonly error: Error }>;
}
export declare class CidMismatchError extends EhrError {
  constructor(local: string, remote: string);
  readonly local: string;
  readonly remote: string;
}
/** A gateway answered 429; it is not asked again for `retryAfterMs` (its Retry-After). */
export declare class RateLimitError extends EhrError {
  constructor(gateway: string, retryAfterMs: number);
  readonly gateway: string;
  readonly retryAfterMs: number;
}
export declare class UploadError extends EhrError {
  constructor(message: string, status?: number);
  readonly status: number;
}

export interface GatewayOptions {
  /** Gateway base URLs ("https://ipfs.io", "http://127.0.0.1:5001"), in order of preference. */
  gateways: string[];
  /** 'car' (default): one ?format=car request per read (entity-bytes for a range), each block
   *  checked against its CID and the DAG walk, then ?format=raw requests for whatever the CAR did
   *  not deliver intact (or from a gateway that serves no CARs); 'raw': one ?format=raw request
   *  per block. */
  mode?: 'raw' | 'car';
  /** Per request (raw) or between body chunks (CAR); default 30,000. */
  timeoutMs?: number;
  /** Raw blocks requested ahead; default 4. */
  concurrency?: number;
  /** Out-of-order CAR blocks held at most (and blocks a dups=n CAR sends once); default 32 MiB. */
  maxBufferedBytes?: number;
  /** The longest Retry-After (429) waited for; a gateway asking for longer is passed over.
   *  Default 60,000. */
  maxRetryAfterMs?: number;
  fetch?: typeof fetch;
  /** Told about every gateway failure (HTTP error, 429 as RateLimitError, timeout, bytes that do
   *  not verify, a CAR refused: ERR_BAD_CAR, ERR_BLOCK_MISSING; no CARs served: ERR_UNSUPPORTED). */
  onGatewayError?: (e: { gateway: string; cid: string; error: Error }) => void;
}

export interface CatOptions {
  path?: string;
  offset?: number;
  length?: number;
  mode?: 'raw' | 'car';
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
}

export interface GatewayClient {
  /** Current preference order (failing gateways move to the end). */
  readonly gateways: string[];
  /** One block, verified against its CID. */
  getBlock(cid: string | Uint8Array, options?: { signal?: AbortSignal }): Promise<Uint8Array>;
  /** A file's bytes in order; nothing is yielded from a block before it verifies. Rejects with
   *  GatewayError when no gateway serves a block (`attempts` says why, per gateway). */
  cat(cid: string | Uint8Array, options?: CatOptions): AsyncGenerator<Uint8Array, void, undefined>;
  stream(cid: string | Uint8Array, options?: CatOptions): ReadableStream<Uint8Array>;
  bytes(cid: string | Uint8Array, options?: CatOptions): Promise<Uint8Array>;
}

export declare function createGatewayClient(ehr: Ehr, options: GatewayOptions): GatewayClient;

export interface UploaderOptions {
  /** Kubo RPC base ("http://127.0.0.1:5001"; "/api/v0" is appended unless present). */
  apiUrl: string;
  /** Sent as the Authorization header (e.g. "Bearer <token>", "Basic ..."). */
  authorization?: string;
  headers?: Record<string, string>;
  /** Default 'unixfs-v1-2025'. */
  profile?: Profile;
  /** Default true. */
  pin?: boolean;
  /** Whole request; default 600,000. */
  timeoutMs?: number;
  /** Stream (async) iterable sources as the request body (default: in Node; browsers buffer into a Blob). */
  streamUploads?: boolean;
  fetch?: typeof fetch;
}

export interface Uploader {
  readonly apiUrl: string;
  readonly params: ProfileParams;
  /** Uploads a file; rejects with CidMismatchError unless the node's CID equals the local one.
   *  An endpoint that refuses the size (HTTP 413) rejects with UploadError, status 413, whose
   *  message says so. */
  add(
    source: ByteSource,
    options?: {
      filename?: string;
      signal?: AbortSignal;
      onProgress?: (p: Progress) => void;
      /** For a Uint8Array or Blob source: its CID under this uploader's profile, computed by the
       *  caller from the same bytes (e.g. while streaming them to disk). Skips the local pass;
       *  the node's CID must still equal it. Ignored for streams. */
      cid?: string | Uint8Array;
    },
  ): Promise<{ cid: string; size: number }>;
  /** Uploads files under one wrapping directory; the root CID is checked the same way. */
  addDirectory(
    entries: Array<{ path: string; content: Uint8Array | Blob }>,
    options?: { signal?: AbortSignal },
  ): Promise<{
    cid: string;
    size: number;
    entries: Array<{ name: string; cid: string; size: number }>;
  }>;
}

export declare function createUploader(ehr: Ehr, options: UploaderOptions): Uploader;

/** The Kubo RPC add parameters for a profile. */
export declare function addParams(
  params: ProfileParams,
  extra?: Record<string, string | number | boolean>,
): URLSearchParams;
