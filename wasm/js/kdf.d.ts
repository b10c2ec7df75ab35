// Types of wasm/js/kdf.js. These run synchronously; long runs belong on a Worker (worker.js).

export interface ScryptParams {
  /** CPU/memory cost: a power of two below 2^32 (memory 128 * r * N bytes, at most 512 MiB). */
  N: number;
  r: number;
  p: number;
  /** Output length (default 32). */
  dkLen?: number;
}

export interface KdfApi {
  /** PBKDF2-HMAC-SHA256; strings are UTF-8 as given. */
  pbkdf2Sha256(password: string | Uint8Array, salt: string | Uint8Array, iterations: number, dkLen: number): Uint8Array;
  /** PBKDF2-HMAC-SHA512. */
  pbkdf2Sha512(password: string | Uint8Array, salt: string | Uint8Array, iterations: number, dkLen: number): Uint8Array;
  /** scrypt (RFC 7914). */
  scrypt(password: string | Uint8Array, salt: string | Uint8Array, params: ScryptParams): Uint8Array;
}

export declare function makeKdf(core: import('./core.js').Core): KdfApi;
