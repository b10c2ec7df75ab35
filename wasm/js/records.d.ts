// Types of the records area of the JS API (wasm/js/records.js). Format and key schedule:
// docs/record-format.md.

/** A key held in the module's memory. dispose() wipes it; the bytes never reach JS. */
export interface KeyHandle extends Disposable {
  dispose(): void;
}

/** An X25519 secret (identity, institution group key, MetaMask-format key) and its public key. */
export interface X25519Key extends KeyHandle {
  readonly kind: 'x25519';
  readonly publicKey: Uint8Array;
  /** Group-key version, for keys from institutions.create/open. */
  readonly version?: number;
}

/** K(scope, epoch): opens and writes the records of one scope in one epoch. */
export interface ChartKey extends KeyHandle {
  readonly kind: 'chartKey';
  readonly scope: number;
  readonly epoch: number;
}

/** A patient's chart root: every chart key derives from it. */
export interface ChartRoot extends KeyHandle {
  readonly kind: 'chartRoot';
  chartKey(scope: number, epoch: number): ChartKey;
}

/**
 * An Ethereum account: 20 bytes, or "0x" (lower-case x) + 40 hex digits, all-lower, all-upper or a
 * valid EIP-55 checksum (as address.parse; EhrError ERR_BAD_CHECKSUM for a wrong mixed case).
 */
export type Account = Uint8Array | string;

export interface EncryptOptions {
  /** Scope id (see `scopes`), 0..65535. */
  scope: number;
  /** The chart's current epoch for that scope. */
  epoch: number;
  /** Plaintext bytes per chunk, 1 KiB..16 MiB (default 64 KiB). */
  chunkSize?: number;
  /** One scope wrap each. */
  chartKeys?: ChartKey[];
  /** X25519 public keys (32 bytes): one recipient wrap each. */
  recipients?: Uint8Array[];
}

export interface DecryptKeys {
  chartKeys?: ChartKey[];
  identities?: X25519Key[];
}

/** Streaming encryption. The outputs of push() and finish(), in order, are the envelope. */
export interface Encryptor extends Disposable {
  /** The header bytes (also the start of the first output). */
  readonly header: Uint8Array;
  readonly chunkSize: number;
  push(plaintext: Uint8Array): Uint8Array;
  /** The FINAL chunk; frees the encryptor. */
  finish(): Uint8Array;
  dispose(): void;
}

export interface EnvelopeHeader {
  readonly headerLength: number;
  readonly chunkSize: number;
  readonly scope: number;
  readonly epoch: number;
  readonly wrapCount: number;
  /** Index of the wrap that opened with the given keys. */
  readonly openedWrap: number;
}

/**
 * Streaming decryption. push() returns plaintext of verified chunks only; on any error (typed
 * EhrError) or if finish() throws ERR_STREAM_TRUNCATED, discard everything already received.
 */
export interface Decryptor extends Disposable {
  push(envelopeBytes: Uint8Array): Uint8Array;
  finish(): Uint8Array;
  /** The header, once complete (null before). */
  readonly header: EnvelopeHeader | null;
  /** True once the FINAL chunk has been verified. */
  readonly done: boolean;
  dispose(): void;
}

export interface WrapInfo {
  readonly type: 'scope' | 'recipient' | number;
  readonly hint: Uint8Array;
}

export type InspectResult =
  /** Incomplete: `need` bytes make progress; from 24 bytes on, `headerLength` is the whole header. */
  | { readonly complete: false; readonly need: number; readonly headerLength?: number }
  | {
      readonly complete: true;
      readonly headerLength: number;
      readonly chunkSize: number;
      readonly scope: number;
      readonly epoch: number;
      readonly wraps: readonly WrapInfo[];
    };

export interface GrantLabel {
  readonly scope: number;
  readonly epoch: number;
}

export interface Regrant {
  /** Index into the grantees given. */
  readonly grantee: number;
  /** The advanced scopes this grantee holds: the payload carries their new keys. */
  readonly scopes: number;
  /** The new `wrappedKeys` for grantAccess (same scopes and expiry as the grant). */
  readonly payload: Uint8Array;
}

export interface GrantsApi {
  /** Payload handing granteePublicKey K(s, epochs[s]) for each scope bit s of `scopes`. */
  create(
    chartRoot: ChartRoot,
    granteePublicKey: Uint8Array,
    scopes: number,
    epochs: readonly number[] | Uint32Array,
  ): Uint8Array;
  /** The chart keys a payload carries, opened with the grantee's key. */
  open(payload: Uint8Array, identity: X25519Key): ChartKey[];
  labels(payload: Uint8Array): GrantLabel[];
  /** New payloads for the remaining grantees after the epochs of `advanced` moved on. */
  afterEpochChange(
    chartRoot: ChartRoot,
    advanced: number,
    epochs: readonly number[] | Uint32Array,
    grantees: ReadonlyArray<{ publicKey: Uint8Array; scopes: number }>,
  ): Regrant[];
}

export interface InstitutionsApi {
  /** A fresh group key of `version` and its member wraps (publishGroupKey). */
  create(
    version: number,
    memberPublicKeys: Uint8Array[],
  ): { readonly groupKey: X25519Key; readonly memberWraps: Uint8Array };
  /** Member wraps of an existing group key (a member joins). */
  seal(groupKey: X25519Key, version: number, memberPublicKeys: Uint8Array[]): Uint8Array;
  /** A member opens the published wraps: the group key. */
  open(memberWraps: Uint8Array, identity: X25519Key): X25519Key;
  inspect(memberWraps: Uint8Array): { readonly publicKey: Uint8Array; readonly version: number };
}

/** @metamask/eth-sig-util's encrypt() output. */
export interface EthEncryptedData {
  version: string;
  nonce: string;
  ephemPublicKey: string;
  ciphertext: string;
}

export interface MetamaskApi {
  readonly version: 'x25519-xsalsa20-poly1305';
  /** getEncryptionPublicKey: base64 of the key's X25519 public key. */
  publicKeyOf(identity: X25519Key): string;
  /** eth-sig-util encrypt(): to a base64 encryption public key (or 32 bytes). */
  encrypt(publicKey: string | Uint8Array, data: string | Uint8Array): EthEncryptedData;
  /** eth-sig-util decrypt(): the plaintext string. */
  decrypt(encryptedData: EthEncryptedData | string, identity: X25519Key): string;
  decryptBytes(encryptedData: EthEncryptedData | string, identity: X25519Key): Uint8Array;
}

export interface FhirIssue {
  /** FHIRPath-style location, e.g. "Observation.code.coding[0].system" ("$" for JSON syntax). */
  readonly path: string;
  readonly message: string;
}

export interface FhirReport {
  readonly valid: boolean;
  readonly resourceType: string;
  /** The scope id the resource is filed under, when valid. */
  readonly scope: number | null;
  readonly issues: readonly FhirIssue[];
}

export interface FhirApi {
  validate(resource: object | string): FhirReport;
  /** Throws EhrError ERR_BAD_FHIR (with `path` and `issues`) or ERR_BAD_JSON. */
  check(resource: object | string): { readonly resourceType: string; readonly scope: number };
}

export interface SearchTermsInput {
  words?: string[];
  codes?: Array<{ system: string; code: string }>;
  /** FHIR dates: YYYY, YYYY-MM, YYYY-MM-DD, dateTime, instant. */
  dates?: string[];
  type?: string;
}

export interface SearchQuery {
  words?: string[];
  codes?: Array<{ system: string; code: string }>;
  /** Date range (FHIR dates); open ends are 1900 and 2100. */
  from?: string;
  to?: string;
  type?: string;
}

export interface SearchIndex extends Disposable {
  addResource(recordId: string, resource: object | string): void;
  addTerms(recordId: string, terms: SearchTermsInput): void;
  merge(other: SearchIndex): void;
  /** Record ids matching every criterion. */
  query(q: SearchQuery): string[];
  /** The index as an envelope under `chartKey`. */
  seal(chartKey: ChartKey): Uint8Array;
  readonly info: { readonly records: number; readonly tokens: number; readonly scope: number; readonly epoch: number };
  dispose(): void;
}

export interface SearchApi {
  create(chartKey: ChartKey): SearchIndex;
  open(envelope: Uint8Array, chartKey: ChartKey): SearchIndex;
}

/** EIP-712 typed data for eth_signTypedData_v4. */
export interface EncryptionKeyRequestTypedData {
  domain: { name: 'EHR'; version: '1'; chainId: number; verifyingContract: string };
  primaryType: 'EncryptionKeyRequest';
  types: Record<'EIP712Domain' | 'EncryptionKeyRequest', Array<{ name: string; type: string }>>;
  message: { account: string; purpose: string; keyVersion: number };
}

export declare const ENCRYPTION_KEY_PURPOSE: string;

export interface RecordsApi {
  // keys
  /** The typed data to sign for identityFromSignature / chartRootFromSignature (lower-case addresses). */
  encryptionKeyRequest(
    chainId: number,
    verifyingContract: Account,
    account: Account,
    keyVersion?: number,
  ): EncryptionKeyRequestTypedData;
  /** Throws unless `signature` over encryptionKeyRequest(...) recovers to `account`. */
  verifyEncryptionKeyRequest(
    signature: Uint8Array,
    chainId: number,
    verifyingContract: Account,
    account: Account,
    keyVersion?: number,
  ): void;
  identityFromSeed(seed: Uint8Array, accountIndex?: number): X25519Key;
  identityFromSignature(signature: Uint8Array, account: Account): X25519Key;
  chartRootFromSeed(seed: Uint8Array, account: Account): ChartRoot;
  chartRootFromSignature(signature: Uint8Array, account: Account): ChartRoot;
  importX25519Secret(secret: Uint8Array): X25519Key;
  generateX25519(): X25519Key;
  importChartKey(key: Uint8Array, scope: number, epoch: number): ChartKey;
  importChartRoot(root: Uint8Array): ChartRoot;
  chartKeyHint(chartKey: ChartKey): Uint8Array;
  /**
   * Seals a key (its kind, a chart key's scope and epoch, and its 32 bytes) to an X25519 public
   * key: 88 bytes (docs/record-format.md, "Key wraps"). The key moves to another module instance
   * (a Worker, a new device, a recovery vault) without its bytes passing through JavaScript.
   * Errors: TypeError (not a key object), ERR_BAD_HANDLE (disposed), ERR_BAD_LENGTH (public key),
   * ERR_INVALID_PUBLIC_KEY (small order).
   */
  wrapKey(key: ChartRoot | ChartKey | X25519Key, recipientPublicKey: Uint8Array): Uint8Array;
  /**
   * Opens a wrapKey() result with the recipient's identity into a new key object of the sealed
   * kind (a chart key keeps its scope and epoch). Errors: ERR_BAD_LENGTH (not 88 bytes),
   * ERR_AUTH_FAILED (not sealed to this identity, or modified), ERR_BAD_KEY_WRAP (malformed).
   */
  unwrapKey(wrapped: Uint8Array, identity: X25519Key): ChartRoot | ChartKey | X25519Key;
  publicKeyHint(publicKey: Uint8Array): Uint8Array;
  /** The lock: an alias of the module's disposeAll() (wipes every object of every kind). */
  clearKeys(): void;
  /** Live chart roots, chart keys and X25519 secrets. */
  keyCount(): number;
  // envelope
  createEncryptor(options: EncryptOptions): Encryptor;
  createDecryptor(keys: DecryptKeys): Decryptor;
  encrypt(plaintext: Uint8Array, options: EncryptOptions): Uint8Array;
  decrypt(envelope: Uint8Array, keys: DecryptKeys): Uint8Array;
  encryptStream(options: EncryptOptions): TransformStream<Uint8Array, Uint8Array>;
  decryptStream(keys: DecryptKeys): TransformStream<Uint8Array, Uint8Array>;
  inspect(bytes: Uint8Array): InspectResult;
  // sharing
  readonly grants: GrantsApi;
  readonly institutions: InstitutionsApi;
  readonly metamask: MetamaskApi;
  // FHIR, scopes, search
  readonly fhir: FhirApi;
  /** Scope ids by name: { labs: 0, imaging: 1, ... }. */
  readonly scopes: Readonly<Record<string, number>>;
  scopeName(id: number): string | null;
  scopeLabel(id: number): string | null;
  readonly search: SearchApi;
}

export declare function makeRecords(core: import('./core.js').Core): { records: RecordsApi };
