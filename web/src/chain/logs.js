// Event logs read the way public RPC endpoints accept them. Infura caps eth_getLogs at 10,000
// blocks or 10,000 results, Alchemy's free tier at 500 blocks, others in between, and all of them
// limit requests per second. So a log query here:
//   - starts at the deployment's first block (config.startBlock; without it, for a long chain, the
//     block where the contract's code appears, found by bisection with eth_getCode), never at 0;
//   - reads by block windows: the whole range first, then, on a refusal (rpc-errors.js), the range
//     the provider suggests, else its stated cap, else a smaller window, down to single blocks;
//     after each success the window doubles again, up to the cap learnt for this provider;
//   - remembers, per provider and (address, topics), which blocks it has read this session, so a
//     screen opened again reads only the new blocks (the last few blocks are always read again, in
//     case they were reorganised);
//   - goes through a pacer: a few requests at a time per provider, retried with exponential backoff
//     and jitter on HTTP 429 and rate-limit errors, a bounded number of times.
// Block timestamps come from the logs (blockTimestamp) or one eth_getBlockByNumber per distinct
// block, cached for the session. Lists that the contracts link by block pointers (a stored newest
// block, each event naming the block of the one before: the hub's grant lists) are read one block
// per query instead, so their cost follows the list, not the chain (walkLogs); the blocks read are
// remembered for the session too; so are the blocks that the registry's listing pointers name (a
// name is one query of one block: blockLogs). No imports but rpc-errors.js: Node unit tests run it as it is.
import { classifyRpcError } from './rpc-errors.js';

const hex = (n) => `0x${n.toString(16)}`;
const int = (v) => (typeof v === 'number' ? v : Number.parseInt(String(v), 16));
/** Bare JSON-RPC refusals some endpoints give a too-wide eth_getLogs with no words to go by. */
const BARE_REFUSALS = new Set([-32600, -32602, -32614, -32005]);

/**
 * @typedef {{ maxConcurrent?: number, retries?: number, backoffMs?: number, maxBackoffMs?: number,
 *   reorgDepth?: number, bisectAbove?: number, initialWindow?: number, maxWindow?: number,
 *   timeCacheSize?: number, sleep?: (ms: number) => Promise<void>, random?: () => number }} Options
 */

/** A log reader with its own session memory (the page uses the default one below). */
export function createLogReader(/** @type {Options} */ o = {}) {
  const opt = {
    maxConcurrent: 4,
    retries: 5,
    backoffMs: 400,
    maxBackoffMs: 8000,
    reorgDepth: 5,
    bisectAbove: 200_000,
    initialWindow: Infinity,
    maxWindow: Infinity,
    timeCacheSize: 4096,
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    random: Math.random,
    ...o,
  };
  /** @type {WeakMap<object, any>} */
  let states = new WeakMap();

  const stateOf = (provider) => {
    let st = states.get(provider);
    if (!st) {
      st = {
        window: opt.initialWindow, // the next window to try (blocks)
        ceiling: opt.maxWindow, // the largest window this provider accepts, once learnt
        good: 0, // the largest window it has accepted
        active: 0,
        waiting: [],
        coolUntil: 0,
        caches: new Map(),
        times: new Map(),
        starts: new Map(),
        walks: new Map(),
        blocks: new Map(),
        stats: { requests: 0, retries: 0, refusals: 0 },
      };
      states.set(provider, st);
    }
    return st;
  };

  /** One request through the pacer: limited concurrency, waits out rate limits, bounded retries. */
  async function paced(provider, method, params) {
    const st = stateOf(provider);
    for (let attempt = 0; ; attempt++) {
      while (st.active >= opt.maxConcurrent) await new Promise((r) => st.waiting.push(r));
      st.active++;
      try {
        const wait = st.coolUntil - Date.now();
        if (wait > 0) await opt.sleep(wait);
        st.stats.requests++;
        return await provider.request({ method, params });
      } catch (e) {
        if (attempt >= opt.retries || classifyRpcError(e)?.kind !== 'rate') throw e;
        st.stats.retries++;
        const delay = Math.min(opt.maxBackoffMs, opt.backoffMs * 2 ** attempt) * (0.5 + opt.random());
        // Everyone waits: the limit is per endpoint, not per request.
        st.coolUntil = Math.max(st.coolUntil, Date.now() + delay);
      } finally {
        st.active--;
        st.waiting.shift()?.();
      }
    }
  }

  /** The first block where `address` has code (bisection with eth_getCode), or 0 if unknown. */
  function deploymentBlock(provider, address, head) {
    const st = stateOf(provider);
    const key = address.toLowerCase();
    if (!st.starts.has(key)) {
      const p = (async () => {
        try {
          const hasCode = async (n) => {
            const c = await paced(provider, 'eth_getCode', [address, hex(n)]);
            return typeof c === 'string' && c !== '0x' && c !== '0x0';
          };
          if (!(await hasCode(head))) return 0;
          let lo = 0;
          let hi = head;
          while (lo < hi) {
            const mid = Math.floor((lo + hi) / 2);
            if (await hasCode(mid)) hi = mid;
            else lo = mid + 1;
          }
          return lo;
        } catch {
          return 0; // no historical state here (not an archive node): read from the start
        }
      })();
      st.starts.set(key, p);
    }
    return st.starts.get(key);
  }

  /** Reads [from, to] by adaptive windows; calls `take(logs)` for each window read. */
  async function readRange(provider, filter, from, to, take) {
    const st = stateOf(provider);
    // A bare refusal (no words) may be a range cap or a real error: learn from it as a cap, but
    // if even one block is refused, it was not one: put the learnt windows back and report it.
    const saved = { window: st.window, ceiling: st.ceiling, good: st.good };
    let guessed = false;
    let at = from;
    while (at <= to) {
      const span = Math.max(1, Math.min(st.window, st.ceiling, to - at + 1));
      const end = at + span - 1;
      let logs;
      try {
        logs = await paced(provider, 'eth_getLogs', [{ ...filter, fromBlock: hex(at), toBlock: hex(end) }]);
      } catch (e) {
        let c = classifyRpcError(e);
        if (!c || c.kind === 'rate') {
          const code = e?.code ?? e?.data?.originalError?.code ?? e?.error?.code;
          if (c || !BARE_REFUSALS.has(code) || span === 1) {
            if (guessed) Object.assign(st, saved);
            throw e;
          }
          c = { kind: 'range', guess: true };
          guessed = true;
        }
        if (span === 1) throw e;
        st.stats.refusals++;
        let next;
        if (c.suggested && c.suggested.to >= at && c.suggested.to < end) {
          next = c.suggested.to - at + 1;
          if (c.kind === 'range') st.ceiling = Math.min(st.ceiling, Math.max(next, c.maxRange ?? 0));
        } else if (c.kind === 'range' && c.maxRange && c.maxRange < span) {
          next = c.maxRange;
          st.ceiling = Math.min(st.ceiling, c.maxRange);
        } else if (c.kind === 'range') {
          // No cap stated: between the largest window accepted and this one, else a tenth.
          next = st.good > 0 && st.good < span ? Math.floor((st.good + span) / 2) : Math.floor(span / 10);
          st.ceiling = Math.min(st.ceiling, span - 1);
        } else next = Math.floor(span / 2);
        st.window = Math.max(1, Math.min(next, span - 1));
        continue;
      }
      take(Array.isArray(logs) ? logs : []);
      at = end + 1;
      st.good = Math.max(st.good, span);
      // Grow again after a success (a dense stretch of history is no reason to crawl the rest).
      st.window = Math.min(st.ceiling, span * 2);
    }
  }

  const filterKey = (address, topics) => `${String(address).toLowerCase()}|${JSON.stringify(topics).toLowerCase()}`;
  const logKey = (l) => `${int(l.blockNumber)}:${int(l.logIndex)}:${l.transactionHash ?? ''}`;
  const order = (a, b) => int(a.blockNumber) - int(b.blockNumber) || int(a.logIndex) - int(b.logIndex);

  /**
   * The logs matching { address, topics } from `startBlock` to the latest block, oldest first.
   * `own`: a query of its own, remembered apart from the same filter read from another start.
   * @param {{ request: Function }} provider
   * @param {{ address: string, topics?: (string | string[] | null)[] }} filter
   * @param {{ startBlock?: number, fromBlock?: number, own?: boolean }} [opts]
   */
  async function getLogs(provider, filter, opts = {}) {
    const st = stateOf(provider);
    const address = filter.address;
    const topics = filter.topics ?? [];
    const key = `${filterKey(address, topics)}${opts.own ? `@${Number(opts.startBlock)}` : ''}`;
    let entry = st.caches.get(key);
    if (!entry) {
      entry = { next: null, logs: [], seen: new Set(), tail: [], busy: Promise.resolve() };
      st.caches.set(key, entry);
    }
    // One reader at a time per query: a second caller waits and then reads only what is new.
    const run = entry.busy.then(async () => {
      const head = int(await paced(provider, 'eth_blockNumber', []));
      if (entry.next === null) {
        let start = Number(opts.startBlock ?? 0) || 0;
        if (start === 0 && head > opt.bisectAbove && typeof address === 'string')
          start = await deploymentBlock(provider, address, head);
        entry.next = start;
      }
      const from = entry.next;
      const tail = [];
      if (from <= head) {
        const safe = head - opt.reorgDepth;
        await readRange(provider, { address, topics }, from, head, (logs) => {
          for (const l of logs) {
            if (l.removed) continue;
            const k = logKey(l);
            if (int(l.blockNumber) <= safe) {
              if (entry.seen.has(k)) continue;
              entry.seen.add(k);
              entry.logs.push(l);
            } else tail.push(l);
          }
        });
        entry.logs.sort(order);
        entry.next = Math.max(from, safe + 1);
      }
      const seenTail = new Set();
      entry.tail = tail.sort(order).filter((l) => {
        const k = logKey(l);
        if (entry.seen.has(k) || seenTail.has(k)) return false;
        seenTail.add(k);
        return true;
      });
      const all = entry.logs.concat(entry.tail);
      return opts.fromBlock ? all.filter((l) => int(l.blockNumber) >= opts.fromBlock) : all;
    });
    entry.busy = run.catch(() => {});
    return run;
  }

  /**
   * The logs matching { address, topics } of a list linked by block pointers, oldest first: from
   * `head` (the list's newest block, 0 for an empty list) one eth_getLogs per block (fromBlock =
   * toBlock), and `previous(logs, block)` (the block's matching logs, oldest first) names the block
   * before, down to 0. A block's logs are kept for the session once it is `reorgDepth` below
   * `current` (the chain's block when `head` was read), so a later walk from a newer head reads
   * only the blocks added since. A block the pointers name but the endpoint has no log of (a node
   * of a pool that is behind) is asked again a few times; a pointer that does not lead to an older
   * block is an error.
   * @param {{ request: Function }} provider
   * @param {{ address: string, topics?: (string | string[] | null)[] }} filter
   * @param {number} head
   * @param {(logs: any[], block: number) => number} previous
   * @param {{ current?: number }} [opts]
   */
  async function walkLogs(provider, filter, head, previous, opts = {}) {
    const st = stateOf(provider);
    const topics = filter.topics ?? [];
    const key = filterKey(filter.address, topics);
    if (!st.walks.has(key)) st.walks.set(key, new Map());
    const known = st.walks.get(key);
    const final = (opts.current ?? Infinity) - opt.reorgDepth;
    const pages = [];
    for (let b = Number(head); b > 0;) {
      let logs = known.get(b);
      if (!logs) {
        logs = await readBlock(provider, filter.address, topics, b);
        if (b <= final && logs.length > 0) known.set(b, logs);
      }
      const back = logs.length > 0 ? previous(logs, b) : NaN;
      if (!(back >= 0 && back < b))
        throw Object.assign(
          new Error(
            logs.length > 0
              ? `the list's pointer at block ${b} does not lead to an earlier block (${back})`
              : `block ${b}, where the contract's pointer leads, has no log here: the RPC endpoint is behind or drops logs`,
          ),
          { code: 'ERR_BROKEN_LIST' },
        );
      pages.push(logs);
      b = back;
    }
    return pages.reverse().flat();
  }

  /**
   * The logs of one block that a contract's pointer names (so there should be some), oldest first:
   * one eth_getLogs (fromBlock = toBlock), asked again a few times while it answers none (a node of
   * a pool that is behind); an empty array after that.
   */
  async function readBlock(provider, address, topics, b) {
    for (let attempt = 0; ; attempt++) {
      const got = await paced(provider, 'eth_getLogs', [{ address, topics, fromBlock: hex(b), toBlock: hex(b) }]);
      const found = (Array.isArray(got) ? got : []).filter((l) => !l.removed).sort(order);
      if (found.length > 0 || attempt >= opt.retries) return found;
      await opt.sleep(Math.min(opt.maxBackoffMs, opt.backoffMs * 2 ** attempt));
    }
  }

  /**
   * The logs matching { address, topics } in one block that a stored pointer names (the registry's
   * listing blocks: EhrLens.nameBlocks), oldest first: one eth_getLogs with fromBlock = toBlock,
   * asked again a few times while it answers none. Kept for the session once the block is
   * `reorgDepth` below `current` (the chain's block when the pointer was read).
   * @param {{ request: Function }} provider
   * @param {{ address: string, topics?: (string | string[] | null)[] }} filter
   * @param {number} block
   * @param {{ current?: number }} [opts]
   */
  async function blockLogs(provider, filter, block, opts = {}) {
    const st = stateOf(provider);
    const topics = filter.topics ?? [];
    const key = `${filterKey(filter.address, topics)}@${Number(block)}`;
    const kept = st.blocks.get(key);
    if (kept) return kept;
    const logs = await readBlock(provider, filter.address, topics, Number(block));
    if (Number(block) <= (opts.current ?? Infinity) - opt.reorgDepth && logs.length > 0) st.blocks.set(key, logs);
    return logs;
  }

  /**
   * Timestamps (seconds) of blocks: one eth_getBlockByNumber per distinct block not seen before.
   * @returns {Promise<Map<number, number>>}
   */
  async function blockTimes(provider, numbers) {
    const st = stateOf(provider);
    const out = new Map();
    await Promise.all(
      [...new Set(numbers)].map(async (n) => {
        if (!st.times.has(n)) {
          const p = paced(provider, 'eth_getBlockByNumber', [hex(n), false]).then((b) => int(b.timestamp));
          p.catch(() => st.times.delete(n));
          st.times.set(n, p);
          if (st.times.size > opt.timeCacheSize) st.times.delete(st.times.keys().next().value);
        }
        out.set(n, await st.times.get(n));
      }),
    );
    return out;
  }

  return {
    getLogs,
    walkLogs,
    blockLogs,
    blockTimes,
    paced,
    deploymentBlock,
    /** Counters for tests: requests sent, retries after rate limits, refusals that shrank a window. */
    stats: (provider) => ({
      ...stateOf(provider).stats,
      window: stateOf(provider).window,
      ceiling: stateOf(provider).ceiling,
    }),
    /** Forgets every provider's memory (lock). */
    forget() {
      states = new WeakMap();
    },
  };
}

const reader = createLogReader();
/** The page's log reader (session memory until forgetLogs). */
export const getLogs = reader.getLogs;
export const walkLogs = reader.walkLogs;
export const blockLogs = reader.blockLogs;
export const blockTimes = reader.blockTimes;
/** One read request through the pacer (retries on rate limits). */
export const paced = reader.paced;
export const forgetLogs = reader.forget;
