// Types of wasm/js/slip39.js: SLIP-0039 Shamir shares as mnemonics. generate() and combine() run
// PBKDF2 (4 rounds of 2500 << iterationExponent iterations); long runs belong on a Worker.

export interface Slip39Group {
  /** Member shares needed to rebuild the group share (1..count; 1 only when count is 1). */
  threshold: number;
  /** Member shares of the group (1..16). */
  count: number;
}

export interface Slip39GenerateOptions {
  /** The groups (1..16). */
  groups: Slip39Group[];
  /** Groups needed to rebuild the secret (1..groups.length; default 1). */
  groupThreshold?: number;
  /** Printable ASCII (code points 32..126); default '' (none). */
  passphrase?: string | Uint8Array;
  /** PBKDF2 cost: 10000 << e iterations in total (0..15; default 1). */
  iterationExponent?: number;
  /** The extendable-backup flag (default true, as SLIP-0039 generates). */
  extendable?: boolean;
}

/** The public fields of a share mnemonic (thresholds and counts as actual values, 1..16). */
export interface Slip39ShareInfo {
  identifier: number;
  extendable: boolean;
  iterationExponent: number;
  groupIndex: number;
  groupThreshold: number;
  groupCount: number;
  memberIndex: number;
  memberThreshold: number;
  /** Bytes of the share value (= bytes of the master secret). */
  valueLength: number;
}

export interface Slip39Api {
  /** Share mnemonics of a 16..32-byte (even) master secret, group by group. */
  generate(masterSecret: Uint8Array, options: Slip39GenerateOptions): string[][];
  /**
   * The master secret of exactly groupThreshold groups of exactly memberThreshold shares each.
   * Errors: ERR_BAD_MNEMONIC, ERR_BAD_CHECKSUM, ERR_UNSUPPORTED, ERR_TOO_FEW_SHARES,
   * ERR_BAD_SHARE_SET, ERR_BAD_SHARE_DIGEST, ERR_BAD_ARGUMENT (passphrase).
   */
  combine(mnemonics: string[], passphrase?: string | Uint8Array): Uint8Array;
  /** The fields of one share (checks words, length, padding and checksum). */
  decode(mnemonic: string): Slip39ShareInfo;
  /** True when decode() would succeed. */
  validate(mnemonic: string): boolean;
}

export declare function makeSlip39(core: import('./core.js').Core): { slip39: Slip39Api };
