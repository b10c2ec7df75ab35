// A small JSON-RPC helper over any EIP-1193 provider ({ request({method, params}) }, e.g. MetaMask)
// or a plain RPC URL (fetch): chain id, nonce, EIP-1559 fees, gas, raw transactions, receipts with
// timeouts, and revert reasons decoded with the ABI codec. Transport failures (network errors,
// HTTP 429/5xx, a disconnected provider) are retried with exponential backoff; JSON-RPC errors are
// not (they are answers). Quantities come back as BigInt.

/** A JSON-RPC error answer: code, message and (for reverts) the revert data. */
export class RpcError extends Error {
  constructor(code, message, data) {
    super(message);
    this.name = 'RpcError';
    /** @type {number} */
    this.code = code;
    /** @type {unknown} */
    this.data = data;
    /** Set by call()/estimateGas() when the error carried revert data that could be decoded. */
    this.revert = undefined;
  }
}

/** A transport failure that survived every retry. */
export class TransportError extends Error {
  constructor(message, cause) {
    super(message);
    this.name = 'TransportError';
    this.cause = cause;
  }
}

/** A TypeError with the API's stable code for a wrong argument (as errors.js makes them). */
const badType = (message) => Object.assign(new TypeError(message), { code: 'ERR_BAD_TYPE' });
/** Node answers to a transaction it already has (geth, anvil, Hardhat, Nethermind, Besu wordings). */
const ALREADY_SENT =
  /already known|already imported|known transaction|already exists|nonce too low|nonce has already been used|AlreadyKnown/i;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const quantity = (v) => `0x${BigInt(v).toString(16)}`;
const big = (v) => (v == null ? v : BigInt(v));

/**
 * @param {{ url?: string, provider?: { request(args: { method: string, params?: unknown[] }): Promise<unknown> },
 *   fetch?: typeof fetch, headers?: Record<string, string>, retries?: number, backoffMs?: number,
 *   timeoutMs?: number, ehr?: any }} options
 */
export function createRpc(options = {}) {
  if (options === null || typeof options !== 'object')
    throw badType('createRpc options must be an object { url } or { provider }');
  const { url, provider, headers = {}, retries = 3, backoffMs = 200, timeoutMs = 30000, ehr } = options;
  const doFetch = options.fetch ?? globalThis.fetch;
  if (!url && !provider) throw badType('createRpc needs a provider or a url');
  if (url && typeof doFetch !== 'function') throw badType('no fetch available for the RPC url');
  let nextId = 1;

  const transportError = (e) => {
    if (e instanceof RpcError) return provider ? e.code === 4900 || e.code === 4901 : false;
    return true;
  };

  async function once(method, params) {
    if (provider) {
      try {
        return await provider.request({ method, params });
      } catch (e) {
        if (e && typeof e === 'object' && typeof e.code === 'number')
          throw new RpcError(e.code, e.message ?? String(e), e.data);
        throw e;
      }
    }
    const ctl = typeof AbortController === 'function' ? new AbortController() : null;
    const timer = ctl ? setTimeout(() => ctl.abort(), timeoutMs) : null;
    try {
      const res = await doFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ jsonrpc: '2.0', id: nextId++, method, params }),
        signal: ctl?.signal,
      });
      if (res.status === 429 || res.status >= 500) throw new TransportError(`HTTP ${res.status} from ${url}`);
      const body = await res.json();
      if (body.error) throw new RpcError(body.error.code, body.error.message, body.error.data);
      return body.result;
    } finally {
      if (timer) clearTimeout(timer);
    }
  }

  /** Sends one request, retrying transport failures with exponential backoff and jitter. */
  async function request(method, params = []) {
    let last;
    for (let attempt = 0; attempt <= retries; attempt++) {
      try {
        return await once(method, params);
      } catch (e) {
        if (!transportError(e)) throw e;
        last = e;
        if (attempt < retries) await sleep(backoffMs * 2 ** attempt * (0.75 + Math.random() / 2));
      }
    }
    throw last instanceof TransportError ? last : new TransportError(`${method}: ${last?.message ?? last}`, last);
  }

  /** A transaction in the ehr JS form -> the JSON-RPC form (hex quantities, hex data). */
  function rpcTx(tx) {
    const o = {};
    if (tx.from != null) o.from = tx.from;
    if (tx.to != null) o.to = tx.to;
    for (const k of ['nonce', 'value', 'gasPrice', 'maxFeePerGas', 'maxPriorityFeePerGas', 'chainId', 'type']) {
      if (tx[k] != null) o[k] = quantity(tx[k]);
    }
    const gas = tx.gasLimit ?? tx.gas;
    if (gas != null) o.gas = quantity(gas);
    const data = tx.data ?? tx.input;
    if (data != null) o.data = data instanceof Uint8Array ? hex(data) : data;
    if (tx.accessList) {
      o.accessList = tx.accessList.map((e) => ({
        address: e.address,
        storageKeys: e.storageKeys.map((k) => (k instanceof Uint8Array ? hex(k) : k)),
      }));
    }
    return o;
  }

  const hex = (u8) => Array.from(u8, (b) => b.toString(16).padStart(2, '0')).reduce((s, x) => s + x, '0x');

  /** The revert data carried by an error from geth, anvil, Hardhat or MetaMask, if any. */
  function revertData(e) {
    const seen = new Set();
    const walk = (x, depth) => {
      if (x == null || depth > 4 || seen.has(x)) return undefined;
      if (typeof x === 'string') return /^0x([0-9a-fA-F]{2})*$/.test(x) && x.length >= 10 ? x : undefined;
      if (typeof x !== 'object') return undefined;
      seen.add(x);
      return (
        walk(x.data, depth + 1) ??
        walk(x.originalError, depth + 1) ??
        walk(x.error, depth + 1) ??
        walk(x.cause, depth + 1)
      );
    };
    return walk(e, 0);
  }

  /** Decodes revert data with `iface` (custom errors) or the standard Error/Panic payloads. */
  function decodeRevert(errOrData, iface) {
    const data = typeof errOrData === 'string' || errOrData instanceof Uint8Array ? errOrData : revertData(errOrData);
    if (data == null || !ehr) return undefined;
    try {
      return iface ? iface.decodeError(data) : ehr.abi.decodeRevert(data);
    } catch {
      return undefined;
    }
  }

  const withRevert = async (fn, iface) => {
    try {
      return await fn();
    } catch (e) {
      if (e instanceof RpcError) {
        e.revert = decodeRevert(e, iface);
        if (e.revert) e.message = `${e.message} [${e.revert.name}${e.revert.message ? `: ${e.revert.message}` : ''}]`;
      }
      throw e;
    }
  };

  const rpc = {
    request,
    chainId: async () => BigInt(await request('eth_chainId')),
    blockNumber: async () => BigInt(await request('eth_blockNumber')),
    getBalance: async (address, block = 'latest') => BigInt(await request('eth_getBalance', [address, block])),
    /** The next nonce, counting pending transactions. */
    getNonce: async (address, block = 'pending') => BigInt(await request('eth_getTransactionCount', [address, block])),
    getCode: async (address, block = 'latest') => request('eth_getCode', [address, block]),
    /**
     * EIP-1559 fees: the next block's base fee from eth_feeHistory and the `percentile` reward of
     * recent blocks as the tip (eth_maxPriorityFeePerGas when the history has none, 1 gwei when
     * neither answers); maxFeePerGas = 2 * baseFee + tip.
     */
    async estimateFees({ blocks = 5, percentile = 50 } = {}) {
      let baseFee, tip;
      try {
        const h = await request('eth_feeHistory', [quantity(blocks), 'latest', [percentile]]);
        baseFee = BigInt(h.baseFeePerGas[h.baseFeePerGas.length - 1]);
        const rewards = (h.reward ?? [])
          .map((r) => BigInt(r[0]))
          .filter((r) => r > 0n)
          .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        if (rewards.length) tip = rewards[Math.floor(rewards.length / 2)];
      } catch (e) {
        if (!(e instanceof RpcError)) throw e;
        const block = await request('eth_getBlockByNumber', ['latest', false]);
        baseFee = BigInt(block.baseFeePerGas ?? 0);
      }
      if (tip === undefined) {
        try {
          tip = BigInt(await request('eth_maxPriorityFeePerGas'));
        } catch (e) {
          if (!(e instanceof RpcError)) throw e;
          tip = 1_000_000_000n;
        }
      }
      return { baseFeePerGas: baseFee, maxPriorityFeePerGas: tip, maxFeePerGas: 2n * baseFee + tip };
    },
    /** eth_estimateGas; a revert throws RpcError with .revert decoded (custom errors via iface). */
    estimateGas: (tx, { iface } = {}) =>
      withRevert(async () => BigInt(await request('eth_estimateGas', [rpcTx(tx)])), iface),
    /** eth_call; returns the result bytes; a revert throws RpcError with .revert decoded. */
    call: (tx, { block = 'latest', iface } = {}) =>
      withRevert(async () => {
        const r = await request('eth_call', [rpcTx(tx), block]);
        return ehr ? ehr.fromHex(r) : r;
      }, iface),
    /**
     * Sends signed bytes (Uint8Array or 0x hex); returns the transaction hash (0x hex). Idempotent:
     * sending the same bytes again (a retry after a lost answer, a resend after the node restarted)
     * returns the same hash once the node has the transaction, instead of a "known"/"nonce too
     * low" error; a resend never creates a second transaction, since the signed nonce is fixed.
     */
    async sendRawTransaction(raw) {
      const wire = raw instanceof Uint8Array ? hex(raw) : raw;
      try {
        return await request('eth_sendRawTransaction', [wire]);
      } catch (e) {
        if (!ehr || !(e instanceof RpcError) || !ALREADY_SENT.test(e.message ?? '')) throw e;
        const hash = hex(ehr.tx.hash(wire));
        let known = null;
        try {
          known = await request('eth_getTransactionByHash', [hash]);
        } catch {
          // the lookup failing leaves the node's own answer as the error
        }
        if (known != null) return hash;
        throw e;
      }
    },
    getTransactionReceipt: async (hash) =>
      receipt(await request('eth_getTransactionReceipt', [typeof hash === 'string' ? hash : hex(hash)])),
    /** Polls for the receipt until it exists or `timeoutMs` passes (then throws TransportError). */
    async waitForReceipt(hash, { timeoutMs: wait = 60000, intervalMs = 250 } = {}) {
      const h = typeof hash === 'string' ? hash : hex(hash);
      const end = Date.now() + wait;
      for (;;) {
        const r = await rpc.getTransactionReceipt(h);
        if (r) return r;
        if (Date.now() >= end) throw new TransportError(`no receipt for ${h} after ${wait} ms`);
        await sleep(Math.min(intervalMs, Math.max(0, end - Date.now())));
      }
    },
    /**
     * Fills what a transaction leaves out for `from`: chainId, nonce (pending), EIP-1559 fees
     * (type 2 unless gasPrice is given) and gasLimit (estimate + 20%).
     */
    async populateTransaction(tx, from, { iface } = {}) {
      const t = { ...tx };
      if (t.chainId == null) t.chainId = await rpc.chainId();
      if (t.nonce == null) t.nonce = await rpc.getNonce(from);
      if (t.gasPrice == null && (t.maxFeePerGas == null || t.maxPriorityFeePerGas == null)) {
        const fees = await rpc.estimateFees();
        t.maxFeePerGas ??= fees.maxFeePerGas;
        t.maxPriorityFeePerGas ??= fees.maxPriorityFeePerGas;
      }
      if (t.gasLimit == null && t.gas == null) {
        const g = await rpc.estimateGas({ ...t, from }, { iface });
        t.gasLimit = g + g / 5n;
      }
      return t;
    },
    /** populate + sign with `wallet` + send; returns the hash (0x hex). */
    async sendTransaction(wallet, tx, { iface } = {}) {
      const t = await rpc.populateTransaction(tx, wallet.address, { iface });
      delete t.from;
      return rpc.sendRawTransaction(wallet.signTransaction(t));
    },
    decodeRevert,
    revertData,
  };

  function receipt(r) {
    if (r == null) return null;
    return {
      ...r,
      status: r.status == null ? undefined : Number(r.status),
      blockNumber: big(r.blockNumber),
      gasUsed: big(r.gasUsed),
      cumulativeGasUsed: big(r.cumulativeGasUsed),
      effectiveGasPrice: big(r.effectiveGasPrice),
      logs: (r.logs ?? []).map((l) => ({
        ...l,
        blockNumber: big(l.blockNumber),
        logIndex: l.logIndex == null ? undefined : Number(l.logIndex),
      })),
    };
  }

  return Object.freeze(rpc);
}
