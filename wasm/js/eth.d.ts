// Types of the Ethereum area of the JS API (wasm/js/eth.js, wallet.js, rpc.js).
// Conventions (docs/eth.md): integers are bigint (number accepted on input when safe, and
// decimal or 0x strings), addresses are EIP-55 strings, bytes are Uint8Array (0x hex strings
// accepted on input).

import type { Rpc, RpcOptions } from './rpc.js';
import type { Wallet, HDNode, WalletApi } from './wallet.js';

export type BytesLike = Uint8Array | string;
export type IntegerLike = bigint | number | string;

export interface AddressApi {
  /** EIP-55 checksummed address of a 33- or 65-byte public key. */
  fromPublicKey(publicKey: Uint8Array): string;
  /**
   * 20 bytes from exactly "0x" (lower-case x) + 40 hex digits: no "0X", no bare digits, no
   * whitespace. All-lower or all-upper digits are taken unchecksummed; mixed case must be a valid
   * EIP-55 checksum (as ethers' getAddress, which also takes the bare and ICAP forms this does not).
   * strict: the text must be the EIP-55 form itself, so all-lower/all-upper text is rejected
   * unless it has no letter to case. EhrError ERR_BAD_ENCODING (prefix, non-hex digit) or
   * ERR_BAD_CHECKSUM, RangeError ERR_BAD_LENGTH (not 40 digits).
   */
  parse(text: string, options?: { strict?: boolean }): Uint8Array;
  /** Like parse() but returns false instead of throwing (also for a non-string). */
  isValid(text: unknown, options?: { strict?: boolean }): boolean;
  /** EIP-55 form of 20 bytes or of an address string (parsed as parse() without strict). */
  toChecksum(address: Uint8Array | string): string;
}

/** An RLP item: bytes or a list of items. Integers are accepted on input (minimal big-endian). */
export type RlpInput = Uint8Array | bigint | number | RlpInput[];
export type RlpValue = Uint8Array | RlpValue[];

export interface RlpApi {
  encode(value: RlpInput): Uint8Array;
  /** Strict: canonical lengths, no leading zeros, the whole input consumed (EhrError ERR_BAD_RLP). */
  decode(bytes: Uint8Array): RlpValue;
}

export interface AccessListEntry {
  address: string;
  storageKeys: BytesLike[];
}

export interface TransactionSignature {
  r: Uint8Array | bigint | string;
  s: Uint8Array | bigint | string;
  /** 0 or 1. */
  yParity?: number | bigint;
  /** Legacy: 27/28 or chainId * 2 + 35/36. */
  v?: bigint | number;
}

/** Transaction fields. type 0 (legacy, EIP-155 when chainId is set), 1 (EIP-2930), 2 (EIP-1559). */
export interface TransactionRequest {
  type?: 0 | 1 | 2 | bigint;
  chainId?: IntegerLike;
  nonce?: IntegerLike;
  gasPrice?: IntegerLike;
  maxPriorityFeePerGas?: IntegerLike;
  maxFeePerGas?: IntegerLike;
  gasLimit?: IntegerLike;
  /** Alias of gasLimit (as JSON-RPC names it). */
  gas?: IntegerLike;
  /** null or absent: contract creation. */
  to?: string | null;
  value?: IntegerLike;
  data?: BytesLike;
  input?: BytesLike;
  accessList?: AccessListEntry[];
  signature?: TransactionSignature;
  /** Checked against the signer by Wallet.signTransaction, otherwise ignored. */
  from?: string;
  hash?: BytesLike;
}

/** A decoded transaction. */
export interface Transaction {
  type: 0 | 1 | 2;
  chainId: bigint;
  nonce: bigint;
  gasPrice?: bigint;
  maxPriorityFeePerGas?: bigint;
  maxFeePerGas?: bigint;
  gasLimit: bigint;
  to: string | null;
  value: bigint;
  data: Uint8Array;
  accessList?: { address: string; storageKeys: Uint8Array[] }[];
  signature?: { r: Uint8Array; s: Uint8Array; yParity: number; v: bigint };
  /** keccak256 of the raw bytes (parse() only). */
  hash?: Uint8Array;
  /** The recovered sender (parse() only). */
  from?: string;
}

export interface TransactionApi {
  /** Signed encoding when `signature` is given, else the unsigned (signing) payload. */
  serialize(tx: TransactionRequest): Uint8Array;
  /** keccak256 of the unsigned payload. */
  signingHash(tx: TransactionRequest): Uint8Array;
  /** Signs with a raw key (copied into module memory and wiped); returns the raw signed bytes. */
  sign(tx: TransactionRequest, privateKey: Uint8Array): Uint8Array;
  /** Signs with a key-ring handle (Wallet.handle). */
  signWithHandle(tx: TransactionRequest, handle: number): Uint8Array;
  /**
   * Decodes raw bytes strictly, checks the signature values and recovers the sender; with a
   * chainId, also applies a node's acceptance rules (EhrError ERR_BAD_TRANSACTION with the reason).
   */
  parse(raw: BytesLike, options?: { chainId?: IntegerLike; shanghai?: boolean }): Transaction;
  /** keccak256 of raw bytes (the transaction hash). */
  hash(raw: BytesLike): Uint8Array;
}

/** A type tree as described by the core. */
export type AbiTypeDesc =
  | { kind: 'uint' | 'int'; bits: number }
  | { kind: 'address' | 'bool' | 'bytes' | 'string' }
  | { kind: 'fixedBytes'; size: number }
  | { kind: 'array'; length: number | null; child: AbiTypeDesc }
  | { kind: 'tuple'; components: { name: string; type: AbiTypeDesc }[] };

export interface AbiParamDesc {
  name: string;
  /** Canonical type, e.g. "(uint256,address)[]". */
  type: string;
  desc: AbiTypeDesc;
  indexed?: boolean;
}

export interface AbiFragment {
  type: 'function' | 'event' | 'error' | 'constructor' | 'fallback' | 'receive';
  name: string;
  signature: string;
  /** functions and errors: "0x" + 4 bytes. */
  selector?: string;
  /** events: "0x" + 32 bytes. */
  topic?: string;
  anonymous?: boolean;
  inputs: AbiParamDesc[];
  outputs?: AbiParamDesc[];
  stateMutability?: string;
}

/**
 * A decoded ABI value: bigint for uint/int, string for address (EIP-55) and string, boolean,
 * Uint8Array for bytes/bytesN, arrays for arrays and tuples (tuples also carry named members).
 */
export type AbiValue = bigint | string | boolean | Uint8Array | AbiResult;
export interface AbiResult extends Array<AbiValue> {
  readonly [name: string]: AbiValue | any;
}
/** ABI values on input: integers as bigint/number/string, bytes as Uint8Array or 0x hex, tuples as arrays or objects. */
export type AbiInput = bigint | number | string | boolean | Uint8Array | AbiInput[] | { [name: string]: AbiInput };

export interface DecodedLog {
  name: string;
  signature: string;
  topic: string;
  /** Indexed dynamic values (string, bytes, arrays, tuples) decode to { hash } only. */
  args: AbiResult;
}

export interface DecodedRevert {
  /** "Error", "Panic" or the custom error's name. */
  name: string;
  signature: string;
  selector: string;
  args: AbiResult;
  /** Error(string): the reason; Panic: what the code means; custom errors: "". */
  message: string;
}

export interface AbiInterface extends Disposable {
  readonly fragments: readonly AbiFragment[];
  /** By name, full signature ("transfer(address,uint256)") or "0x" selector. */
  getFunction(key: string): AbiFragment;
  getEvent(key: string): AbiFragment;
  getError(key: string): AbiFragment;
  encodeFunctionData(key: string, args?: AbiInput[]): Uint8Array;
  decodeFunctionData(key: string, data: BytesLike): AbiResult;
  encodeFunctionResult(key: string, values?: AbiInput[]): Uint8Array;
  decodeFunctionResult(key: string, data: BytesLike): AbiResult;
  /** Constructor arguments, to append to the creation bytecode. */
  encodeDeploy(args?: AbiInput[]): Uint8Array;
  encodeErrorResult(key: string, args?: AbiInput[]): Uint8Array;
  /**
   * Topics to filter logs: topic 0 (unless anonymous), then one per *indexed* input, `values`
   * giving the indexed inputs in order (ethers' encodeFilterTopics takes one value per input, with
   * null at the non-indexed ones). null or undefined (or a missing trailing value): any topic
   * there; trailing "any" topics are dropped. Dynamic indexed values (string, bytes, arrays,
   * tuples) are hashed over their in-place encoding; alternatives (OR lists) are not supported.
   */
  encodeEventTopics(key: string, values?: (AbiInput | null | undefined)[]): (string | null)[];
  /** Decodes a log; without `key` the event is found by topic 0. */
  decodeEventLog(log: { topics: BytesLike[]; data?: BytesLike }, key?: string): DecodedLog;
  /** Custom errors of this ABI, Error(string) and Panic(uint256). */
  decodeError(data: BytesLike): DecodedRevert;
  dispose(): void;
}

export interface AbiApi {
  /** Parses the ABI JSON (text, an array of fragments, or a compiler's {abi: [...]}) once. */
  createInterface(abi: string | readonly object[] | { abi: readonly object[] }): AbiInterface;
  /** Types as canonical strings ("uint256", "(address,bytes)[]") or JSON ABI parameters. */
  encode(types: (string | object)[], values: AbiInput[]): Uint8Array;
  decode(types: (string | object)[], data: BytesLike): AbiResult;
  canonicalTypes(types: (string | object)[]): string[];
  /** First 4 bytes of keccak256(signature). */
  selector(signature: string): Uint8Array;
  /** Error(string) and Panic(uint256) payloads without an ABI. */
  decodeRevert(data: BytesLike): DecodedRevert;
}

export interface Eip191Api {
  /** keccak256("\x19Ethereum Signed Message:\n" + length + message); strings are UTF-8. */
  hashMessage(message: string | Uint8Array): Uint8Array;
  /** r || s || v (v = 27/28). */
  signMessage(message: string | Uint8Array, privateKey: Uint8Array): Uint8Array;
  signMessageWithHandle(message: string | Uint8Array, handle: number): Uint8Array;
  recoverAddress(message: string | Uint8Array, signature: Uint8Array): string;
}

/** The standard JSON form of eth_signTypedData_v4. */
export interface TypedData {
  types: Record<string, { name: string; type: string }[]>;
  primaryType: string;
  domain: Record<string, unknown>;
  message: Record<string, unknown>;
}

export interface Eip712Api {
  hash(typedData: TypedData): Uint8Array;
  sign(typedData: TypedData, privateKey: Uint8Array): Uint8Array;
  signWithHandle(typedData: TypedData, handle: number): Uint8Array;
  recoverAddress(typedData: TypedData, signature: Uint8Array): string;
}

export interface Bip39Api {
  /** 12, 15, 18, 21 or 24 English words from the module's CSPRNG. */
  generateMnemonic(words?: 12 | 15 | 18 | 21 | 24): string;
  entropyToMnemonic(entropy: Uint8Array): string;
  /** Checks words and checksum (EhrError ERR_BAD_MNEMONIC). The text is NFKD-normalized. */
  mnemonicToEntropy(phrase: string): Uint8Array;
  validateMnemonic(phrase: string): boolean;
  /**
   * PBKDF2-HMAC-SHA512(NFKD(phrase), "mnemonic" + NFKD(passphrase), 2048): 64 bytes. A string
   * passphrase is NFKD-normalized here; a Uint8Array passphrase is used as given (a secret that can
   * be wiped, never decoded into a string): give the UTF-8 of its NFKD form.
   */
  mnemonicToSeed(phrase: string, passphrase?: string | Uint8Array, options?: { check?: boolean }): Uint8Array;
}

export interface Bip32Api {
  /** The master node of a 16- to 64-byte seed. */
  fromSeed(seed: Uint8Array): HDNode;
  readonly HDNode: typeof HDNode;
}

export interface KeystoreParams {
  kdf: 'scrypt' | 'pbkdf2';
  n?: number;
  r?: number;
  p?: number;
  c?: number;
  address: string | null;
  id: string;
}

export interface KeystoreOptions {
  kdf?: 'scrypt' | 'pbkdf2';
  /** scrypt N (default 262144); `N` is accepted too. */
  n?: number;
  N?: number;
  r?: number;
  p?: number;
  /** PBKDF2 iterations (default 262144). */
  c?: number;
  /** Fixed values for reproducible files (random by default). */
  salt?: BytesLike;
  iv?: BytesLike;
  uuid?: BytesLike;
}

export interface KeystoreApi {
  /** The KDF parameters and address of a keystore, without decrypting it. */
  describe(json: string): KeystoreParams;
  /** Raw key bytes (prefer wallet.fromKeystore, which keeps the key in the module). */
  decrypt(json: string, password: string | Uint8Array): Uint8Array;
  encrypt(privateKey: Uint8Array, password: string | Uint8Array, options?: KeystoreOptions): string;
}

export interface EthApi {
  readonly address: AddressApi;
  readonly rlp: RlpApi;
  readonly tx: TransactionApi;
  readonly abi: AbiApi;
  readonly eip191: Eip191Api;
  readonly eip712: Eip712Api;
  readonly bip39: Bip39Api;
  readonly bip32: Bip32Api;
  readonly keystore: KeystoreApi;
  readonly wallet: WalletApi;
  /** A JSON-RPC helper bound to this module's ABI codec (revert decoding). */
  createRpc(options: Omit<RpcOptions, 'ehr'>): Rpc;
  toHex(bytes: Uint8Array): string;
  fromHex(hex: string): Uint8Array;
}

export declare function makeEth(core: import('./core.js').Core): EthApi;
export declare function toHex(bytes: Uint8Array): string;
export declare function fromHex(hex: string, name?: string): Uint8Array;
export declare function normalizeSignature(signature: string): string;
export declare function txWire(tx: TransactionRequest): string;
export declare function txFromWire(wire: unknown): Transaction;
export type { Wallet, HDNode, WalletApi };
export type { Rpc, RpcOptions, Receipt, FeeEstimate, Eip1193Provider } from './rpc.js';
export type { KdfWorker } from './worker.js';
