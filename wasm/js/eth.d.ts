// Types of the Ethereum area of the JS API (wasm/js/eth.js).

export interface AddressApi {
  /** EIP-55 checksummed address of a 33- or 65-byte public key. */
  fromPublicKey(publicKey: Uint8Array): string;
  /** 20 bytes from "0x" + 40 hex digits; mixed case must be a valid EIP-55 checksum (strict: always). */
  parse(text: string, options?: { strict?: boolean }): Uint8Array;
  /** Like parse() but returns false instead of throwing. */
  isValid(text: unknown, options?: { strict?: boolean }): boolean;
  /** EIP-55 form of 20 bytes or of an address string. */
  toChecksum(address: Uint8Array | string): string;
}

export interface EthApi {
  readonly address: AddressApi;
}

export declare function makeEth(core: import('./core.js').Core): EthApi;
