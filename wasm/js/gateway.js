// IPFS over HTTP for the page: a trustless gateway client and a Kubo RPC uploader, both over the
// module's verification (ehr.ipfs). Works in browsers, Web Workers and Node 20+ (global fetch).
//
// Reads (this file): a file (or a byte range of it) comes from an untrusted gateway as one CAR
// (`?format=car`, Trustless Gateway spec) streamed through the module's CAR parser, each block
// checked against its CID and against the DAG walk of the module's reader (the block the walk needs
// next, nothing else) before any of its bytes reach the caller. What the CAR does not deliver
// intact is read block by block (`?format=raw`) from the gateways in turn: a gateway that fails,
// times out or returns bytes that do not verify is moved to the end of the list. A gateway that
// answers 429 is not asked again before its Retry-After has passed (the others are asked
// meanwhile); one that does not serve CARs is read block by block for the rest of the session.
//
// Uploads (gateway-upload.js): POST /api/v0/add (multipart) with the import parameters of the
// profile; the CID is computed locally and the one the node answers must equal it
// (CidMismatchError otherwise). What both share (errors, deadlines, bodies): gateway-http.js.
import { EhrError, astring, typeError } from './errors.js';
import { concatBytes } from './core.js';
import {
  GatewayError,
  RateLimitError,
  deadline,
  describe,
  fetchOnceMore,
  parseRetryAfter,
  readBody,
  sleep,
  streamPieces,
  trimSlash,
  withTimeout,
} from './gateway-http.js';

export { GatewayError, CidMismatchError, RateLimitError, UploadError } from './gateway-http.js';
export { addParams, createUploader } from './gateway-upload.js';

const MAX_BLOCK = 2 * 1024 * 1024;
/** A dups=n CAR's block is held after use when it is among the next this many the walk needs. */
const AGAIN_SOON = 16;
/** Bytes of a CAR response read at a time. */
const BODY_PIECE = 1 << 20;
const RAW = 'application/vnd.ipld.raw';
const CAR = 'application/vnd.ipld.car; version=1; order=dfs; dups=y';
/** 429s one gateway may answer for one block or one CAR before it is passed over for it. */
const MAX_429 = 3;
/** Errors of the DAG itself (its blocks verified): no gateway can help. */
const DAG_ERRORS = new Set([
  'ERR_NOT_A_FILE',
  'ERR_PATH_NOT_FOUND',
  'ERR_BAD_UNIXFS',
  'ERR_BAD_DAG_PB',
  'ERR_UNSUPPORTED',
]);
const encodePath = (path) => path.split('/').map(encodeURIComponent).join('/');

/** A Content-Type header's media type and parameters, lower-cased. */
const contentType = (value) => {
  const [type, ...params] = String(value ?? '')
    .split(';')
    .map((x) => x.trim().toLowerCase());
  const entries = params.map((x) => {
    const i = x.indexOf('=');
    return i < 0
      ? [x, '']
      : [
          x.slice(0, i).trim(),
          x
            .slice(i + 1)
            .trim()
            .replace(/^"|"$/g, ''),
        ];
  });
  return { type, params: Object.fromEntries(entries) };
};

const cancelBody = async (res) => {
  try {
    await res.body?.cancel();
  } catch {
    // already closed
  }
};

/**
 * A trustless gateway client.
 * @param {import('./ehr.d.ts').Ehr} ehr the initialised module API
 * @param {import('./gateway.d.ts').GatewayOptions} options
 * @returns {import('./gateway.d.ts').GatewayClient}
 */
export function createGatewayClient(ehr, options = {}) {
  const { ipfs } = ehr;
  const gateways = (options.gateways ?? []).map((g) => trimSlash(astring(g, 'gateway')));
  if (gateways.length === 0) throw typeError('gateways must list at least one gateway URL');
  const timeoutMs = options.timeoutMs ?? 30_000;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const defaultMode = options.mode ?? 'car';
  if (defaultMode !== 'raw' && defaultMode !== 'car') throw typeError(`mode must be 'raw' or 'car'`);
  const maxBuffered = options.maxBufferedBytes ?? 32 * 1024 * 1024;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
  const fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);
  // Preference order: a gateway that fails moves to the end.
  const order = [...gateways];
  const demote = (gw) => {
    const i = order.indexOf(gw);
    if (i >= 0 && i < order.length - 1) {
      order.splice(i, 1);
      order.push(gw);
    }
  };
  // What this session learnt of each gateway: whether it serves CARs (and byte ranges of them),
  // until when it asked not to be called (429 Retry-After), its 429s in a row.
  const state = new Map(gateways.map((g) => [g, { car: true, ranges: true, until: 0, strikes: 0 }]));
  const report = (gateway, cid, error) => options.onGatewayError?.({ gateway, cid, error });

  /** Notes a 429 answer: the gateway rests for Retry-After (or 1 s, 2 s, 4 s ... without one). */
  const limited = (gw, res) => {
    const st = state.get(gw);
    st.strikes++;
    const ms =
      parseRetryAfter(res.headers.get('retry-after')) ?? Math.min(1000 * 2 ** (st.strikes - 1), maxRetryAfterMs);
    st.until = Math.max(st.until, Date.now() + ms);
    return new RateLimitError(gw, ms);
  };
  const answered = (gw) => {
    state.get(gw).strikes = 0;
  };

  /**
   * The first gateway in preference order not in `skip` that may be called now; waits for the
   * earliest end of a rest (Retry-After) when all are resting. A rest longer than maxRetryAfterMs
   * passes the gateway over (added to `skip` and `attempts`). Null when none is left.
   */
  const pick = async (skip, signal, attempts) => {
    for (;;) {
      const now = Date.now();
      let wait = Infinity;
      for (const gw of order) {
        if (skip.has(gw)) continue;
        const rest = state.get(gw).until - now;
        if (rest <= 0) return gw;
        if (rest > maxRetryAfterMs) {
          skip.add(gw);
          attempts.push({ gateway: gw, error: new RateLimitError(gw, rest) });
        } else wait = Math.min(wait, rest);
      }
      if (wait === Infinity) return null;
      await sleep(wait, signal);
    }
  };

  /** After a 429 from `gw`: true when it is to be passed over for this block or CAR. */
  const giveUp = (strikes, gw, e) => {
    const n = (strikes.get(gw) ?? 0) + 1;
    strikes.set(gw, n);
    return n >= MAX_429 || e.retryAfterMs > maxRetryAfterMs;
  };

  /** The bytes of an identity CID (never fetched: gateways leave them out of CARs), else undefined. */
  const inline = (cid) => {
    const p = ipfs.parseCid(cid);
    return p.hashCode === 0 ? p.digest : undefined;
  };

  /** One raw block from one gateway (unverified). */
  const fetchRaw = (gw, cid, signal) =>
    withTimeout(timeoutMs, signal, `${gw} block ${cid}`, async (s, touch) => {
      const res = await fetchOnceMore(fetchFn, `${gw}/ipfs/${cid}?format=raw`, { headers: { Accept: RAW }, signal: s });
      if (!res.ok) {
        await cancelBody(res);
        if (res.status === 429) throw limited(gw, res);
        throw new EhrError('ERR_GATEWAY_FAILED', `${gw}: HTTP ${res.status} for ${cid}`);
      }
      answered(gw);
      return readBody(res, MAX_BLOCK, touch);
    });

  /**
   * The raw block from the first gateway (in preference order, not in `skip`, not resting) that
   * answers; unverified. Errors are added to `attempts`.
   */
  const fetchAny = async (cid, signal, skip, attempts) => {
    const bytes = inline(cid);
    if (bytes !== undefined) return { bytes, gw: null };
    const strikes = new Map();
    for (;;) {
      const gw = await pick(skip, signal, attempts);
      if (gw === null) {
        throw new GatewayError(
          `no gateway served block ${cid} (${attempts.map((a) => `${a.gateway}: ${describe(a.error)}`).join('; ')})`,
          attempts,
        );
      }
      try {
        return { bytes: await fetchRaw(gw, cid, signal), gw };
      } catch (e) {
        if (signal?.aborted) throw signal.reason ?? e;
        attempts.push({ gateway: gw, error: e });
        report(gw, cid, e);
        if (e instanceof RateLimitError) {
          if (giveUp(strikes, gw, e)) skip.add(gw);
        } else {
          skip.add(gw);
          demote(gw);
        }
      }
    }
  };

  /** A verified block. */
  const getBlock = async (cid, opts = {}) => {
    const c = ipfs.formatCid(cid);
    const skip = new Set();
    const attempts = [];
    for (;;) {
      const { bytes, gw } = await fetchAny(c, opts.signal, skip, attempts);
      if (ipfs.verifyBlock(c, bytes)) return bytes;
      const e = new EhrError('ERR_HASH_MISMATCH', `${gw} returned bytes that do not hash to ${c}`);
      attempts.push({ gateway: gw, error: e });
      skip.add(gw);
      demote(gw);
      report(gw, c, e);
    }
  };

  /**
   * Supplies `want` to the reader from `first` (bytes and the gateway they came from), and on a
   * hash mismatch from the other gateways in turn. Returns the file bytes of the block.
   */
  const supplyVerified = async (reader, want, first, signal) => {
    let { bytes, gw } = first;
    const skip = new Set([gw]);
    const attempts = [];
    for (;;) {
      try {
        return reader.supply(bytes);
      } catch (e) {
        if (e.code !== 'ERR_HASH_MISMATCH' && e.code !== 'ERR_TOO_LARGE') throw e;
        attempts.push({ gateway: gw, error: e });
        demote(gw);
        report(gw, want, e);
      }
      ({ bytes, gw } = await fetchAny(want, signal, skip, attempts));
    }
  };

  /** Raw mode: block by block with prefetching, for whatever the reader still needs. */
  async function* rawBlocks(reader, signal, progress) {
    const inflight = new Map();
    try {
      for (let want = reader.next(); want !== null; want = reader.next()) {
        for (const c of reader.upcoming(concurrency)) {
          if (!inflight.has(c)) {
            const attempts = [];
            const p = fetchAny(c, signal, new Set(), attempts);
            p.catch(() => {});
            inflight.set(c, p);
          }
        }
        const first = await inflight.get(want);
        inflight.delete(want);
        const data = await supplyVerified(reader, want, first, signal);
        progress();
        if (data.length > 0) yield data;
      }
    } finally {
      inflight.clear();
    }
  }

  /**
   * CAR mode: one `?format=car` request (for a range, `entity-bytes=from:to`) to the first gateway
   * that may be called; if it fails before any block was used, the next gateway's. Returns when
   * the walk is complete, or leaves the rest to raw mode.
   */
  async function* carBlocks(root, path, range, reader, signal, progress) {
    const skip = new Set();
    const attempts = [];
    const strikes = new Map();
    const ctx = { supplied: 0, want: root };
    for (;;) {
      const gw = await pick(skip, signal, attempts);
      if (gw === null) return;
      const st = state.get(gw);
      if (!st.car || (range && !st.ranges)) return; // this gateway is read block by block
      try {
        yield* carFrom(gw, root, path, range, reader, signal, progress, ctx);
        return;
      } catch (e) {
        if (signal?.aborted) throw signal.reason ?? e;
        if (DAG_ERRORS.has(e.code)) throw e;
        report(gw, ctx.want, e);
        if (e instanceof RateLimitError) {
          if (giveUp(strikes, gw, e)) skip.add(gw);
        } else {
          skip.add(gw);
          demote(gw);
        }
        // Once a block is used the reader cannot start over: raw mode reads the rest.
        if (ctx.supplied > 0) return;
      }
    }
  }

  /**
   * One CAR from `gw`, streamed into the reader. With `order=dfs` in the answer's Content-Type,
   * each block must be the one the walk needs next (or, with `dups=n`, one already sent): any
   * other is refused (ERR_BAD_CAR). Without it (order unknown), early blocks wait in a bounded
   * buffer and blocks the walk never asks for are ignored. A CAR that ends before the walk does is
   * ERR_BLOCK_MISSING. Returns normally when the walk is complete; throws for a failed CAR; a
   * gateway that does not serve CARs (400, 406, 501, another content type) is remembered and
   * left to raw mode (returns without using a block).
   */
  async function* carFrom(gw, root, path, range, reader, signal, progress, ctx) {
    const st = state.get(gw);
    const scope = range ? `entity-bytes=${range.from}:${range.to}` : 'dag-scope=all';
    const url = `${gw}/ipfs/${root}${path ? `/${encodePath(path)}` : ''}?format=car&${scope}`;
    const d = deadline(timeoutMs, signal, `${gw} CAR ${root}`);
    let car;
    try {
      d.touch();
      const res = await fetchOnceMore(fetchFn, url, { headers: { Accept: CAR }, signal: d.signal });
      const ct = contentType(res.headers.get('content-type'));
      if (res.status === 429) {
        await cancelBody(res);
        throw limited(gw, res);
      }
      if (
        res.status === 400 ||
        res.status === 406 ||
        res.status === 501 ||
        (res.ok && ct.type !== 'application/vnd.ipld.car')
      ) {
        await cancelBody(res);
        // A 400 for a range may mean a range outside the file: not remembered.
        if (!range) st.car = false;
        else if (res.status !== 400) st.ranges = false;
        const what = `HTTP ${res.status}${res.ok ? `, ${ct.type || 'no Content-Type'}` : ''}`;
        report(gw, root, new EhrError('ERR_UNSUPPORTED', `${gw}: no CAR${range ? ' of a byte range' : ''} (${what})`));
        return;
      }
      if (!res.ok) {
        await cancelBody(res);
        throw new EhrError('ERR_GATEWAY_FAILED', `${gw}: HTTP ${res.status} for ${url}`);
      }
      answered(gw);
      const strict = ct.params.order === 'dfs';
      const dupsSent = ct.params.dups === 'y';
      // The body is read into one reused buffer (the CAR reader copies each piece into the
      // module at once): a large file allocates nothing per network chunk.
      const body = streamPieces(res.body, BODY_PIECE, d.touch);
      // The header's roots are not checked (the spec leaves them unspecified): the first block
      // must be the root the walk starts from, which is the same check and a stronger one.
      car = await ipfs.readCar(body, { verify: false });
      const pending = new Map(); // order unknown: blocks that came before the walk needs them
      let pendingBytes = 0;
      const used = new Map(); // dups not sent: blocks already used, newest last
      let usedBytes = 0;
      const seen = new Set(); // dups not sent: CIDs this CAR already delivered
      const remember = (cid, bytes) => {
        if (used.delete(cid)) usedBytes -= bytes.length;
        used.set(cid, bytes);
        usedBytes += bytes.length;
        for (const [c, b] of used) {
          if (usedBytes <= maxBuffered) break;
          used.delete(c);
          usedBytes -= b.length;
        }
      };
      for (let want = reader.next(); want !== null; want = reader.next()) {
        ctx.want = want;
        // A held block is handed on as a copy: what is yielded belongs to the caller.
        let bytes = inline(want) ?? (dupsSent ? undefined : used.get(want)?.slice());
        if (bytes === undefined && pending.has(want)) {
          bytes = pending.get(want);
          pending.delete(want);
          pendingBytes -= bytes.length;
        }
        if (bytes === undefined && seen.has(want)) {
          // Sent once (dups=n) and no longer held: one raw request for it.
          ({ bytes } = await fetchAny(want, signal, new Set(), []));
        }
        while (bytes === undefined) {
          const { done, value } = await car.blocks.next();
          if (done) throw new EhrError('ERR_BLOCK_MISSING', `${gw}: the CAR ended without block ${want}`);
          if (value.cid === want) bytes = value.bytes;
          else if (inline(value.cid) !== undefined)
            continue; // an identity block: carries nothing
          else if (strict)
            throw new EhrError('ERR_BAD_CAR', `${gw}: CAR block ${value.cid} where the DAG walk needs ${want}`);
          else if (!pending.has(value.cid) && !seen.has(value.cid)) {
            pending.set(value.cid, value.bytes);
            pendingBytes += value.bytes.length;
            if (pendingBytes > maxBuffered)
              throw new EhrError('ERR_TOO_LARGE', `${gw}: CAR blocks out of order beyond ${maxBuffered} bytes`);
          }
        }
        const data = reader.supply(bytes);
        ctx.supplied++;
        if (!dupsSent) {
          seen.add(want);
          // Held only when the walk needs it again soon (a file's repeated chunks are usually
          // next to each other); one needed later comes again by a raw request.
          // A copy: the bytes of a yielded piece belong to the caller.
          if (reader.upcoming(AGAIN_SOON).includes(want)) remember(want, bytes.slice());
        }
        progress();
        if (data.length > 0) {
          // The caller's pace is not the gateway's: no timeout while the consumer holds us.
          d.pause();
          yield data;
          d.touch();
        }
      }
      // The walk is complete; a CAR in DFS order ends here (and a CAR cut mid-section fails).
      const extra = await car.blocks.next();
      if (!extra.done && strict) {
        demote(gw);
        report(gw, root, new EhrError('ERR_BAD_CAR', `${gw}: CAR block ${extra.value.cid} is not part of the DAG`));
      }
    } catch (e) {
      // fetch reports an abort as its own AbortError: surface the reason (a timeout).
      if (d.signal.aborted && d.signal.reason && !signal?.aborted) throw d.signal.reason;
      throw e;
    } finally {
      d.end();
      d.abort();
      await car?.blocks.return();
    }
  }

  /**
   * The bytes of a file (or a range), in order, each piece verified before it is yielded. Each
   * piece's buffer is the caller's (nothing here keeps or reuses it): a caller streaming a large
   * file may free it once used (the page's Worker does, wasm/js/worker.js).
   */
  async function* cat(cid, opts = {}) {
    const root = ipfs.formatCid(cid);
    const path = opts.path ?? '';
    const mode = opts.mode ?? defaultMode;
    if (mode !== 'raw' && mode !== 'car') throw typeError(`mode must be 'raw' or 'car'`);
    const reader = ipfs.createReader(root, { path, offset: opts.offset, length: opts.length });
    const progress = () => opts.onProgress?.({ bytesDone: reader.bytesOut, bytesTotal: reader.rangeLength });
    const offset = opts.offset ?? 0;
    const range =
      offset > 0 || opts.length !== undefined
        ? { from: offset, to: opts.length === undefined ? '*' : offset + opts.length - 1 }
        : null;
    try {
      // An empty range needs no CAR (at most the root, block by block).
      if (mode === 'car' && opts.length !== 0) yield* carBlocks(root, path, range, reader, opts.signal, progress);
      yield* rawBlocks(reader, opts.signal, progress);
    } finally {
      reader.dispose();
    }
  }

  /** cat() as a ReadableStream. */
  const stream = (cid, opts = {}) => {
    const it = cat(cid, opts);
    return new ReadableStream(
      {
        async pull(controller) {
          try {
            const { done, value } = await it.next();
            if (done) controller.close();
            else controller.enqueue(value);
          } catch (e) {
            controller.error(e);
          }
        },
        async cancel() {
          await it.return();
        },
      },
      { highWaterMark: 1 },
    );
  };

  /** The whole file (or range) in memory. */
  const bytes = async (cid, opts = {}) => {
    const parts = [];
    for await (const p of cat(cid, opts)) parts.push(p.slice());
    return concatBytes(parts);
  };

  return Object.freeze({
    get gateways() {
      return [...order];
    },
    getBlock,
    cat,
    stream,
    bytes,
  });
}
