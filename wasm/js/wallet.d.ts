// Types of wasm/js/wallet.js: keys held in the module behind handles.
import type { TransactionRequest, TypedData, KeystoreOptions } from './eth.js';
import type { KdfWorker } from './worker.js';

export declare class Wallet implements Disposable {
  protected constructor();
  /** The key-ring handle (advanced: tx.signWithHandle and friends). Throws once disposed. */
  readonly handle: number;
  readonly disposed: boolean;
  /** EIP-55 address. */
  readonly address: string;
  /** Compressed (33 bytes, default) or uncompressed (65) public key. */
  publicKey(compressed?: boolean): Uint8Array;
  /** Raw signed transaction bytes (tx.from, when given, must be this wallet). */
  signTransaction(tx: TransactionRequest): Uint8Array;
  /** EIP-191 personal_sign: r || s || v (v = 27/28). */
  signMessage(message: string | Uint8Array): Uint8Array;
  /** EIP-712 signature: r || s || v (v = 27/28). */
  signTypedData(typedData: TypedData): Uint8Array;
  /** Keystore V3 JSON (runs the KDF on this thread). */
  encryptKeystore(password: string | Uint8Array, options?: KeystoreOptions): string;
  /** Keystore V3 JSON with the KDF on a worker (the key bytes are handed to it). */
  encryptKeystoreAsync(
    password: string | Uint8Array,
    options?: KeystoreOptions,
    extra?: { worker?: KdfWorker },
  ): Promise<string>;
  /** The raw key, for an explicit backup only (wipe it when done). */
  exportPrivateKey(): Uint8Array;
  /** Wipes the key in the module (idempotent). */
  dispose(): void;
  [Symbol.dispose](): void;
}

export declare class HDNode extends Wallet {
  /** "m/..." from the root, or a relative path below this node. */
  derive(path: string): HDNode;
  /** m/44'/60'/0'/0/index from the root. */
  deriveAccount(index?: number): HDNode;
  readonly depth: number;
  readonly index: number;
  readonly parentFingerprint: number;
  readonly xpub: string;
  /** "xprv..." (reveals the key). */
  exportExtendedPrivateKey(): string;
}

export interface WalletApi {
  readonly Wallet: typeof Wallet;
  readonly HDNode: typeof HDNode;
  fromPrivateKey(privateKey: Uint8Array): Wallet;
  createRandom(): Wallet;
  /**
   * Trims, collapses spaces and lower-cases the phrase, then NFKD; path default m/44'/60'/0'/0/index.
   * The passphrase as in bip39.mnemonicToSeed: a string is NFKD-normalized, bytes are used as given.
   */
  fromMnemonic(phrase: string, options?: { path?: string; index?: number; passphrase?: string | Uint8Array }): HDNode;
  hdFromMnemonic(phrase: string, options?: { passphrase?: string | Uint8Array }): HDNode;
  fromSeed(seed: Uint8Array): HDNode;
  /** Blocks while the KDF runs (about a second for scrypt N = 2^18). */
  fromKeystore(json: string, password: string | Uint8Array): Wallet;
  /** KDF on `worker` when given; MAC check and decryption here, into the key ring. */
  fromKeystoreAsync(json: string, password: string | Uint8Array, options?: { worker?: KdfWorker }): Promise<Wallet>;
  /** Finishes a keystore with a derived key computed elsewhere (a worker). */
  fromKeystoreWithKey(json: string, derivedKey: Uint8Array): Wallet;
  /** The KDF step alone: the derived key bytes. */
  keystoreDerivedKey(json: string, password: string | Uint8Array): Uint8Array;
  /** The lock: an alias of the module's disposeAll() (wipes every object of every kind). */
  lockAll(): void;
}

export declare function makeWallet(internals: unknown): { api: WalletApi; bip32: unknown };
