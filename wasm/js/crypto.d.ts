// Types of the crypto area of the JS API (wasm/js/crypto.js, crypto-box.js; memory and handles: core.js).
//
// Errors, for every function: TypeError (code 'ERR_BAD_TYPE') for an argument of the wrong type,
// RangeError ('ERR_BAD_LENGTH') for a wrong length or an out-of-range number, EhrError with a
// stable code for a failure the core reports.

/** An incremental hash. digest() finalizes and frees it; dispose() frees it without a digest. */
export interface IncrementalHash extends Disposable {
  update(data: Uint8Array): IncrementalHash;
  digest(): Uint8Array;
  dispose(): void;
}

/**
 * Base of objects whose secret lives in module memory behind a handle. dispose() wipes and frees it
 * (idempotent); any other use afterwards throws EhrError 'ERR_BAD_HANDLE'. Objects that are garbage
 * collected without dispose() are wiped then, at a time the engine chooses: dispose explicitly.
 */
export interface SecretHandle extends Disposable {
  readonly disposed: boolean;
  dispose(): void;
}

/** A secp256k1 private key held in module memory. */
export declare class PrivateKey implements SecretHandle {
  private constructor(handle: number);
  /** A new key from the CSPRNG. */
  static generate(): PrivateKey;
  /**
   * Copies a 32-byte key into module memory; wipe your array afterwards (`wipe(bytes)`).
   * EhrError 'ERR_INVALID_PRIVATE_KEY' unless 0 < key < n.
   */
  static fromBytes(bytes: Uint8Array): PrivateKey;
  /** SEC1 public key: 33 bytes compressed (default) or 65 uncompressed. */
  publicKey(compressed?: boolean): Uint8Array;
  /** RFC 6979, low-s: r || s || v (65 bytes, v = 0 or 1). */
  sign(msgHash: Uint8Array): Uint8Array;
  /**
   * ECDH with a 33- or 65-byte SEC1 public key. Default: the shared x-coordinate (32 bytes, the raw
   * ECDH value); { hash: 'sha256' }: SHA-256 of the compressed shared point (libsecp256k1's
   * default). A secret: wipe it when done. EhrError 'ERR_INVALID_PUBLIC_KEY' for a key off the curve.
   */
  ecdh(publicKey: Uint8Array, options?: EcdhOptions): Uint8Array;
  readonly disposed: boolean;
  dispose(): void;
  [Symbol.dispose](): void;
}

export interface EcdhOptions {
  /** 'none' (default): the x-coordinate; 'sha256': SHA-256(02/03 || x). */
  hash?: 'none' | 'sha256';
}

export interface Secp256k1 {
  /** Keys held in module memory (preferred over the byte-level functions below). */
  readonly PrivateKey: typeof PrivateKey;
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
  /** ECDH on key bytes (see PrivateKey.ecdh). */
  ecdh(privateKey: Uint8Array, publicKey: Uint8Array, options?: EcdhOptions): Uint8Array;
  /**
   * The SEC1 point (33 or 65 bytes) of a strict-DER, named-curve secp256k1 SubjectPublicKeyInfo.
   * EhrError 'ERR_BAD_ENCODING' for any other encoding, 'ERR_INVALID_PUBLIC_KEY' off the curve.
   */
  publicKeyFromSpki(der: Uint8Array): Uint8Array;
  /** A 33- or 65-byte public key as a DER SubjectPublicKeyInfo (56 or 88 bytes). */
  publicKeyToSpki(publicKey: Uint8Array): Uint8Array;
}

export interface Blake2bOptions {
  /** Output length 1..64 bytes (default 32). */
  dkLen?: number;
  /** Key 0..64 bytes (a keyed BLAKE2b is a MAC). */
  key?: Uint8Array;
}

export interface HkdfApi {
  /** HKDF-SHA256 (RFC 5869): `length` (1..8160, default 32) bytes from ikm, salt and info. */
  derive(ikm: Uint8Array, options?: { salt?: Uint8Array; info?: Uint8Array; length?: number }): Uint8Array;
  /** HKDF-Extract: the 32-byte PRK. */
  extract(salt: Uint8Array, ikm: Uint8Array): Uint8Array;
  /** HKDF-Expand: `length` bytes (default 32) from a PRK of at least 32 bytes. */
  expand(prk: Uint8Array, info: Uint8Array, length?: number): Uint8Array;
}

export interface Argon2idOptions {
  /** Passes over memory, >= 1 (default 2, libsodium's OPSLIMIT_INTERACTIVE). */
  opsLimit?: number;
  /** Memory in bytes, 8 KiB..1 GiB (default 64 MiB, MEMLIMIT_INTERACTIVE). */
  memLimit?: number;
  /** Output length 16..1024 (default 32). */
  length?: number;
}

/** A 32-byte symmetric key held in module memory (AEAD and secretstream keys). */
export declare class SymmetricKey implements SecretHandle {
  private constructor(handle: number);
  static generate(): SymmetricKey;
  /** Copies 32 bytes into module memory; wipe your array afterwards. */
  static fromBytes(bytes: Uint8Array): SymmetricKey;
  readonly disposed: boolean;
  dispose(): void;
  [Symbol.dispose](): void;
}

/** A key argument: a SymmetricKey or 32 bytes (copied for the call and wiped). */
export type KeyInput = SymmetricKey | Uint8Array;

/** An X25519 key pair whose secret key stays in module memory. */
export declare class X25519KeyPair implements SecretHandle {
  private constructor(handle: number);
  static generate(): X25519KeyPair;
  /** libsodium's crypto_box_seed_keypair: secret key = SHA-512(seed)[0..32]. */
  static fromSeed(seed: Uint8Array): X25519KeyPair;
  /** The key pair of a 32-byte X25519 secret key (copied; wipe your array afterwards). */
  static fromSecretKey(secretKey: Uint8Array): X25519KeyPair;
  /** The 32-byte public key (a copy). */
  readonly publicKey: Uint8Array;
  /** Raw X25519 shared secret (32 bytes). EhrError 'ERR_INVALID_PUBLIC_KEY' for small-order keys. */
  sharedSecret(publicKey: Uint8Array): Uint8Array;
  readonly disposed: boolean;
  dispose(): void;
  [Symbol.dispose](): void;
}

export interface X25519Api {
  readonly KeyPair: typeof X25519KeyPair;
  /** X25519(secretKey, publicKey) on bytes; 'ERR_INVALID_PUBLIC_KEY' when the result is all zeros. */
  scalarMult(secretKey: Uint8Array, publicKey: Uint8Array): Uint8Array;
  /** X25519(secretKey, 9): the public key. */
  scalarMultBase(secretKey: Uint8Array): Uint8Array;
}

export interface SealedBoxApi {
  readonly OVERHEAD: 48;
  /** crypto_box_seal: message.length + 48 bytes. */
  seal(message: Uint8Array, recipientPublicKey: Uint8Array): Uint8Array;
  /** crypto_box_seal_open with the recipient's key pair. EhrError 'ERR_AUTH_FAILED' on failure. */
  open(ciphertext: Uint8Array, keyPair: X25519KeyPair): Uint8Array;
}

export interface AeadCipher {
  readonly KEY_BYTES: 32;
  readonly NONCE_BYTES: number;
  readonly TAG_BYTES: 16;
  /** ciphertext || 16-byte tag. Never reuse a nonce under one key. */
  encrypt(key: KeyInput, nonce: Uint8Array, plaintext: Uint8Array, ad?: Uint8Array): Uint8Array;
  /** The plaintext; EhrError 'ERR_AUTH_FAILED' if anything differs. */
  decrypt(key: KeyInput, nonce: Uint8Array, ciphertext: Uint8Array, ad?: Uint8Array): Uint8Array;
}

export interface AeadApi {
  /** ChaCha20-Poly1305 IETF (RFC 8439), 12-byte nonce. */
  readonly chacha20poly1305: AeadCipher;
  /** XChaCha20-Poly1305, 24-byte nonce (random nonces are safe). */
  readonly xchacha20poly1305: AeadCipher;
}

export interface PushOptions {
  /** Marks the last chunk (tag FINAL). */
  final?: boolean;
  /** The tag byte: 0 message (default), 1 push, 2 rekey, 3 final. */
  tag?: number;
  /** Associated data authenticated with this chunk. */
  ad?: Uint8Array;
}

/** The writing end of a secretstream (state in module memory). */
export interface PushStream extends SecretHandle {
  /** The 24-byte header the reader needs first. */
  readonly header: Uint8Array;
  /** The encrypted chunk (chunk.length + 17 bytes). After final: 'ERR_STREAM_STATE'. */
  push(chunk: Uint8Array, options?: PushOptions): Uint8Array;
}

export interface PullResult {
  plaintext: Uint8Array;
  /** True for the last chunk of the stream. */
  final: boolean;
  tag: number;
}

/** The reading end of a secretstream (state in module memory). */
export interface PullStream extends SecretHandle {
  readonly finalSeen: boolean;
  /**
   * Checks and decrypts the next chunk. 'ERR_AUTH_FAILED' for a modified, reordered or foreign
   * chunk; 'ERR_STREAM_STATE' after the final chunk or a failure.
   */
  pull(chunk: Uint8Array, options?: { ad?: Uint8Array }): PullResult;
  /** Ends reading and frees the state; 'ERR_STREAM_TRUNCATED' if the final chunk never came. */
  end(): void;
}

export interface SecretStreamApi {
  readonly KEY_BYTES: 32;
  readonly HEADER_BYTES: 24;
  readonly OVERHEAD: 17;
  readonly TAG: { readonly MESSAGE: 0; readonly PUSH: 1; readonly REKEY: 2; readonly FINAL: 3 };
  createPush(key: KeyInput): PushStream;
  createPull(header: Uint8Array, key: KeyInput): PullStream;
  /**
   * A TransformStream: the header, then chunks of chunkSize (default 65536) + 17 bytes, the last one
   * tagged final and holding the rest (1..chunkSize bytes; 0 for an empty input).
   */
  encryptStream(key: KeyInput, options?: { chunkSize?: number }): TransformStream<Uint8Array, Uint8Array>;
  /** The inverse of encryptStream with the same chunkSize. */
  decryptStream(key: KeyInput, options?: { chunkSize?: number }): TransformStream<Uint8Array, Uint8Array>;
}

export interface CryptoApi {
  keccak256(data: Uint8Array): Uint8Array;
  sha256(data: Uint8Array): Uint8Array;
  sha512(data: Uint8Array): Uint8Array;
  /** BLAKE2b, 32 bytes by default (crypto_generichash). */
  blake2b(data: Uint8Array, options?: Blake2bOptions): Uint8Array;
  createKeccak256(): IncrementalHash;
  createSha256(): IncrementalHash;
  createSha512(): IncrementalHash;
  createBlake2b(options?: Blake2bOptions): IncrementalHash;
  /** HMAC-SHA256 (32 bytes), any key length. */
  hmacSha256(key: Uint8Array, data: Uint8Array): Uint8Array;
  /** HMAC-SHA512 (64 bytes), any key length. */
  hmacSha512(key: Uint8Array, data: Uint8Array): Uint8Array;
  readonly hkdf: HkdfApi;
  /** Argon2id v1.3 (libsodium crypto_pwhash), 16-byte salt; "interactive" limits by default. */
  argon2id(password: Uint8Array, salt: Uint8Array, options?: Argon2idOptions): Uint8Array;
  /** n bytes from libsodium's CSPRNG. */
  randomBytes(n: number): Uint8Array;
  readonly secp256k1: Secp256k1;
  readonly SymmetricKey: typeof SymmetricKey;
  readonly x25519: X25519Api;
  readonly sealedBox: SealedBoxApi;
  readonly aead: AeadApi;
  readonly secretstream: SecretStreamApi;
  /**
   * The lock (idle timeout, tab close): wipes (zeroizes, then frees) every object of every kind the
   * module holds — keys, wallets, secretstream states, record encryptors and decryptors, search
   * indexes, IPFS builders and readers, hash states, ABIs. Every object that still refers to one
   * then throws EhrError ERR_BAD_HANDLE. `wallet.lockAll` and `records.clearKeys` are aliases.
   */
  disposeAll(): void;
  /** The number of objects alive in module memory, of every kind. */
  liveHandles(): number;
}

export declare function makeCrypto(core: import('./core.js').Core): CryptoApi;
