// Types of wasm/js/rpc.js.
import type { AbiInterface, DecodedRevert, TransactionRequest, BytesLike } from './eth.js';
import type { Wallet } from './wallet.js';

/** An EIP-1193 provider (window.ethereum and the like). */
export interface Eip1193Provider {
  request(args: { method: string; params?: unknown[] | object }): Promise<unknown>;
}

export interface RpcOptions {
  /** A JSON-RPC endpoint reached with fetch. */
  url?: string;
  /** Or an EIP-1193 provider. */
  provider?: Eip1193Provider;
  fetch?: typeof fetch;
  headers?: Record<string, string>;
  /** Retries of transport failures (default 3), starting at backoffMs (default 200) and doubling. */
  retries?: number;
  backoffMs?: number;
  /** Per-request timeout for url transports (default 30 s). */
  timeoutMs?: number;
  ehr?: unknown;
}

export declare class RpcError extends Error {
  readonly code: number;
  readonly data: unknown;
  /** The decoded revert, when the error carried revert data. */
  revert: DecodedRevert | undefined;
}
export declare class TransportError extends Error {
  readonly cause: unknown;
}

export interface Receipt {
  transactionHash: string;
  status: number | undefined;
  blockNumber: bigint;
  gasUsed: bigint;
  cumulativeGasUsed: bigint;
  effectiveGasPrice: bigint | undefined;
  contractAddress: string | null;
  logs: { address: string; topics: string[]; data: string; blockNumber: bigint; logIndex: number | undefined }[];
  [key: string]: unknown;
}

export interface FeeEstimate {
  baseFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
  maxFeePerGas: bigint;
}

export interface Rpc {
  request(method: string, params?: unknown[]): Promise<any>;
  chainId(): Promise<bigint>;
  blockNumber(): Promise<bigint>;
  getBalance(address: string, block?: string): Promise<bigint>;
  getNonce(address: string, block?: string): Promise<bigint>;
  getCode(address: string, block?: string): Promise<string>;
  estimateFees(options?: { blocks?: number; percentile?: number }): Promise<FeeEstimate>;
  estimateGas(tx: TransactionRequest, options?: { iface?: AbiInterface }): Promise<bigint>;
  call(tx: TransactionRequest, options?: { block?: string; iface?: AbiInterface }): Promise<Uint8Array>;
  /**
   * The transaction hash. Idempotent: resending the same bytes (after a lost answer or a node
   * restart) returns the same hash once the node holds the transaction, instead of its
   * "already known" / "nonce too low" error.
   */
  sendRawTransaction(raw: BytesLike): Promise<string>;
  getTransactionReceipt(hash: BytesLike): Promise<Receipt | null>;
  waitForReceipt(hash: BytesLike, options?: { timeoutMs?: number; intervalMs?: number }): Promise<Receipt>;
  populateTransaction(
    tx: TransactionRequest,
    from: string,
    options?: { iface?: AbiInterface },
  ): Promise<TransactionRequest>;
  sendTransaction(wallet: Wallet, tx: TransactionRequest, options?: { iface?: AbiInterface }): Promise<string>;
  decodeRevert(errorOrData: unknown, iface?: AbiInterface): DecodedRevert | undefined;
  revertData(error: unknown): string | undefined;
}

export declare function createRpc(options: RpcOptions): Rpc;
