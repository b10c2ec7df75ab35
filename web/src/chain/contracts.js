// The contracts, as the page uses them: ABIs fetched with integrity and parsed by the module's ABI
// codec, reads with eth_call, writes with eth_sendTransaction through the connected wallet
// (extension or built-in) and a wait for the receipt, event logs decoded for timelines. A revert
// comes back as an error carrying the decoded custom error, which errors.js turns into words.
import config from '../config.js';
import { ehr } from '../module.js';
import { onWipe } from '../key-registry.js';
import { blockLogs, blockTimes, forgetLogs, getLogs, paced, walkLogs } from './logs.js';

/** @type {Map<string, Promise<any>>} */
const interfaces = new Map();

/** Raised when a transaction or call reverts: `revert` is the decoded custom error, if known. */
export class ContractError extends Error {
  constructor(message, { revert, hash, cause } = {}) {
    super(message);
    this.name = 'ContractError';
    this.code = 'CONTRACT_REVERT';
    this.revert = revert;
    this.hash = hash;
    this.cause = cause;
  }
}

/** True when this build has the contract's address and ABI. */
export const hasContract = (name) => Boolean(config.contracts?.[name] && config.abi?.[name]);

/** The contract's address (throws a clear error when this build has none). */
export function addressOf(name) {
  const a = config.contracts?.[name];
  if (!a)
    throw Object.assign(new Error(`the ${name} contract is not deployed on ${config.chainName} in this build`), {
      code: 'ERR_NOT_AVAILABLE',
    });
  return a;
}

/**
 * The module's ABI interface for a contract, from abi/<Name>.json fetched with integrity.
 * @returns {Promise<import('../../../wasm/js/eth.js').AbiInterface>}
 */
export function abiOf(name) {
  if (!interfaces.has(name)) {
    const meta = config.abi?.[name];
    if (!meta)
      return Promise.reject(
        Object.assign(new Error(`no ABI for ${name} in this build`), { code: 'ERR_NOT_AVAILABLE' }),
      );
    const p = (async () => {
      const [api, res] = await Promise.all([
        ehr(),
        fetch(new URL(meta.path, document.baseURI), { integrity: meta.integrity, credentials: 'omit' }),
      ]);
      if (!res.ok) throw new TypeError(`network: ${meta.path} could not be fetched (HTTP ${res.status})`);
      return api.abi.createInterface(await res.text());
    })();
    p.catch(() => interfaces.delete(name));
    interfaces.set(name, p);
  }
  return interfaces.get(name);
}

/** Decodes revert data found in an error of eth_call / eth_estimateGas, where present. */
async function decodeRevert(e, iface, provider) {
  const api = await ehr();
  return api.createRpc({ provider }).decodeRevert(e, iface);
}

/**
 * Reads a view function.
 * @param {{ request: Function }} provider an EIP-1193 provider
 * @param {string} name contract name ('EhrHub')
 * @param {string} fn function name or signature
 * @param {unknown[]} [args]
 */
export async function read(provider, name, fn, args = []) {
  const [api, iface] = await Promise.all([ehr(), abiOf(name)]);
  const data = api.toHex(iface.encodeFunctionData(fn, args));
  try {
    const out = await paced(provider, 'eth_call', [{ to: addressOf(name), data }, 'latest']);
    return iface.decodeFunctionResult(fn, out);
  } catch (e) {
    const revert = await decodeRevert(e, iface, provider);
    if (revert) throw new ContractError(revert.message || revert.name, { revert, cause: e });
    throw e;
  }
}

/**
 * Sends a transaction through the wallet and waits for it to be mined. An account with too little
 * ETH for the fee (or that chose to let someone else pay, relay.js setPayer) signs the call as a
 * forward request instead, and the relay or a clinician submits it (relay.js): same call, same
 * checks, same events; the receipt is the submitter's transaction.
 * @param {{ request: Function }} provider
 * @param {string} from the connected account
 * @param {string} name
 * @param {string} fn
 * @param {unknown[]} args
 * @param {{ onStage?: (stage: 'sign' | 'relay-sign' | 'relay-sent' | 'code' | 'wait' | 'done', hash?: string) => void,
 *   timeoutMs?: number }} [opts]
 * @returns {Promise<{ hash: string, receipt: any, events: any[] }>}
 */
export async function write(provider, from, name, fn, args, opts = {}) {
  const [api, iface] = await Promise.all([ehr(), abiOf(name)]);
  const to = addressOf(name);
  const data = api.toHex(iface.encodeFunctionData(fn, args));
  const relay = hasContract('EhrForwarder') ? await import('./relay.js') : null;
  // A chart recovered in this session (relay.js actFor): its successor's wallet signs, and the
  // contracts act for the chart the successor took over.
  const signer = relay?.signerFor(from) ?? from;
  // Simulate first: a revert is explained before the wallet asks for a signature.
  try {
    await provider.request({ method: 'eth_call', params: [{ from: signer, to, data }, 'latest'] });
  } catch (e) {
    const revert = await decodeRevert(e, iface, provider);
    if (revert) throw new ContractError(revert.message || revert.name, { revert, cause: e });
    throw e;
  }
  // Too little ETH for the fee (or the choice to let someone else pay): the same call, signed as a
  // forward request and submitted by the relay or a clinician (relay.js).
  let hash;
  if (relay && (await relay.shouldRelay(provider, signer, name, fn, { to, data }))) {
    hash = await relay.relayCall(provider, from, { to, data, onStage: opts.onStage });
  } else {
    opts.onStage?.('sign');
    hash = await provider.request({ method: 'eth_sendTransaction', params: [{ from: signer, to, data }] });
  }
  opts.onStage?.('wait', hash);
  const rpc = api.createRpc({ provider });
  const receipt = await rpc.waitForReceipt(hash, { timeoutMs: opts.timeoutMs ?? 120_000 });
  if (receipt.status === 0) throw new ContractError('the transaction was reverted', { hash });
  const events = [];
  for (const log of receipt.logs) {
    if (log.address.toLowerCase() !== to.toLowerCase()) continue;
    try {
      events.push(iface.decodeEventLog(log));
    } catch {
      // a log this ABI does not describe
    }
  }
  opts.onStage?.('done', hash);
  return { hash, receipt, events };
}

/**
 * Decoded event logs of a contract (eth_getLogs), oldest first: read from the deployment's first
 * block (config.startBlock) by windows the RPC endpoint accepts, new blocks only when the same
 * query ran before in this session (logs.js).
 * @param {{ request: Function }} provider
 * @param {string} name
 * @param {(string | null)[]} topics
 * @param {{ fromBlock?: string, startBlock?: number, timestamps?: boolean }} [opts] timestamps: fill
 *   in `blockTimestamp` (one block request per distinct block not seen before, when the logs do not
 *   carry it); startBlock: read from this block instead (what is looked for cannot be older: a
 *   request handed out at that block), a query of its own
 */
export async function events(provider, name, topics, opts = {}) {
  const iface = await abiOf(name);
  const logs = await getLogs(
    provider,
    { address: addressOf(name), topics },
    {
      startBlock: opts.startBlock ?? config.startBlock ?? 0,
      own: opts.startBlock !== undefined,
      fromBlock: opts.fromBlock ? Number.parseInt(opts.fromBlock, 16) : undefined,
    },
  );
  const out = decodeLogs(iface, logs);
  return opts.timestamps ? withTimestamps(provider, out) : out;
}

/**
 * Fills in `blockTimestamp` of decoded events whose logs did not carry it: one block request per
 * distinct block not seen before in this session (logs.js blockTimes). Returns the events.
 */
async function withTimestamps(provider, out) {
  const missing = out.filter((e) => !e.blockTimestamp).map((e) => e.blockNumber);
  if (missing.length) {
    const times = await blockTimes(provider, missing);
    for (const e of out) e.blockTimestamp ??= times.get(e.blockNumber);
  }
  return out;
}

/** The logs `iface` decodes, with their block, transaction and position (the others left out). */
function decodeLogs(iface, logs) {
  const out = [];
  for (const log of logs) {
    try {
      out.push({
        ...iface.decodeEventLog(log),
        blockNumber: Number.parseInt(log.blockNumber, 16),
        transactionHash: log.transactionHash,
        logIndex: Number.parseInt(log.logIndex, 16),
        blockTimestamp: log.blockTimestamp ? Number.parseInt(log.blockTimestamp, 16) : undefined,
      });
    } catch {
      // not ours
    }
  }
  return out;
}

/**
 * Decoded events of a list the contract links by block pointers, oldest first: `head` is the
 * list's newest block (EhrLens.lastGrantBlocks), each listed event's `previousBlock` the block of
 * the one before (the first of a block names an earlier block). One eth_getLogs per block of the
 * list, whatever the chain's length; blocks read are remembered for the session (logs.js walkLogs).
 * @param {{ request: Function }} provider
 * @param {string} name
 * @param {(string | null)[]} topics
 * @param {number | bigint} head
 * @param {{ current?: number, listed?: (event: any) => boolean, previousOf?: (event: any) => unknown,
 *   timestamps?: boolean }} [opts] current: the chain's block when `head` was read; listed: which of
 *   the matching events belong to the list (default all); previousOf: where an event names the
 *   block before (default its `previousBlock`); timestamps: fill in `blockTimestamp` as events() does
 */
export async function linkedEvents(
  provider,
  name,
  topics,
  head,
  { current, listed = () => true, previousOf = (e) => e.args.previousBlock, timestamps = false } = {},
) {
  const iface = await abiOf(name);
  const decoded = (logs) => decodeLogs(iface, logs).filter(listed);
  const previous = (logs, block) =>
    Math.min(
      ...decoded(logs)
        .map((e) => Number(previousOf(e)) || 0)
        .filter((b) => b < block),
    );
  const logs = await walkLogs(provider, { address: addressOf(name), topics }, Number(head), previous, { current });
  return timestamps ? withTimestamps(provider, decoded(logs)) : decoded(logs);
}

/**
 * Decoded events of one of the hub's block-pointer lists (a grantee's grants, a patient's family
 * proposals, an institution's wrap publications: contracts/src/BlockLists.sol), oldest first: its
 * newest block from EhrLens.lastGrantBlocks (one call, with the current block), then linkedEvents.
 * @param {{ request: Function }} provider
 * @param {string} list the list id (bytes32 hex)
 * @param {(string | null)[]} topics
 * @param {{ listed?: (event: any) => boolean, previousOf?: (event: any) => unknown }} [opts]
 */
export async function hubListEvents(provider, list, topics, opts = {}) {
  const [current, [head]] = await read(provider, 'EhrLens', 'lastGrantBlocks', [[list]]);
  return linkedEvents(provider, 'EhrHub', topics, head, { ...opts, current: Number(current) });
}

/**
 * Decoded events of one block that a stored pointer names (EhrLens.nameBlocks: where a member's or
 * an institution's listing is), oldest first: one eth_getLogs with fromBlock = toBlock, whatever
 * the chain's length; kept for the session once a few blocks old (logs.js blockLogs).
 * @param {{ request: Function }} provider
 * @param {string} name
 * @param {(string | string[] | null)[]} topics
 * @param {number | bigint} block
 * @param {{ current?: number }} [opts] current: the chain's block when the pointer was read
 */
export async function eventsInBlock(provider, name, topics, block, { current } = {}) {
  const iface = await abiOf(name);
  return decodeLogs(iface, await blockLogs(provider, { address: addressOf(name), topics }, Number(block), { current }));
}

/** Lock: forget the parsed interfaces (they hold no secrets, but nothing is kept past a session). */
export function forgetInterfaces() {
  for (const p of interfaces.values())
    p.then(
      (i) => i.dispose?.(),
      () => {},
    );
  interfaces.clear();
}

/** A placeholder of an indexed parameter's type (its topic is replaced by null afterwards). */
const placeholder = (desc) => {
  switch (desc?.kind) {
    case 'address':
      return '0x0000000000000000000000000000000000000000';
    case 'bool':
      return false;
    case 'fixedBytes':
      return new Uint8Array(desc.size);
    case 'string':
    case 'bytes':
      return '';
    default:
      return 0n;
  }
};

/** Log filter topics for an event of a contract (a null value: any value at that position). */
export async function topicsOf(name, event, values = []) {
  const iface = await abiOf(name);
  if (!values.includes(null)) return iface.encodeEventTopics(event, values);
  // The codec wants a value at every position up to the last one given: encode placeholders,
  // then widen those positions to "any".
  const indexed = iface.getEvent(event).inputs.filter((i) => i.indexed);
  const topics = iface.encodeEventTopics(
    event,
    values.map((v, i) => (v === null ? placeholder(indexed[i]?.desc) : v)),
  );
  values.forEach((v, i) => {
    if (v === null) topics[i + 1] = null;
  });
  return topics;
}

onWipe(forgetInterfaces);
onWipe(forgetLogs);
