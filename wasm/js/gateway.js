// IPFS over HTTP for the page: a trustless gateway client and a Kubo RPC uploader, both over the
// module's verification (ehr.ipfs). Works in browsers, Web Workers and Node 20+ (global fetch).
//
// Reads (this file): every block comes from an untrusted gateway as a trustless response
// (a raw block, `?format=raw`, or a CAR, `?format=car`) and is checked against its CID in the
// module before any of its bytes reach the caller. Several gateways are tried in turn, block by
// block: a gateway that fails, times out or returns bytes that do not hash to the CID is moved to
// the end of the list and the block is asked from the next one.
//
// Uploads (gateway-upload.js): POST /api/v0/add (multipart) with the import parameters of the
// profile; the CID is computed locally and the one the node answers must equal it
// (CidMismatchError otherwise). What both share (errors, deadlines, bodies): gateway-http.js.
import { EhrError, astring, typeError } from './errors.js';
import { concatBytes } from './core.js';
import { bytePieces } from './ipfs.js';
import { GatewayError, deadline, describe, fetchOnceMore, readBody, trimSlash, withTimeout } from './gateway-http.js';

export { GatewayError, CidMismatchError, UploadError } from './gateway-http.js';
export { addParams, createUploader } from './gateway-upload.js';

const MAX_BLOCK = 2 * 1024 * 1024;
const RAW = 'application/vnd.ipld.raw';
const CAR = 'application/vnd.ipld.car; version=1; order=dfs; dups=y';
const encodePath = (path) => path.split('/').map(encodeURIComponent).join('/');

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
  const defaultMode = options.mode ?? 'raw';
  const maxBuffered = options.maxBufferedBytes ?? 32 * 1024 * 1024;
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

  /** One raw block from one gateway (unverified). */
  const fetchRaw = (gw, cid, signal) =>
    withTimeout(timeoutMs, signal, `${gw} block ${cid}`, async (s, touch) => {
      const res = await fetchOnceMore(fetchFn, `${gw}/ipfs/${cid}?format=raw`, { headers: { Accept: RAW }, signal: s });
      if (!res.ok) {
        await res.body?.cancel();
        throw new EhrError('ERR_GATEWAY_FAILED', `${gw}: HTTP ${res.status} for ${cid}`);
      }
      return readBody(res, MAX_BLOCK, touch);
    });

  /**
   * The raw block from the first gateway (in preference order, not in `skip`) that answers;
   * unverified. Errors are added to `attempts`.
   */
  const fetchAny = async (cid, signal, skip, attempts) => {
    for (const gw of [...order]) {
      if (skip.has(gw)) continue;
      try {
        return { bytes: await fetchRaw(gw, cid, signal), gw };
      } catch (e) {
        if (signal?.aborted) throw signal.reason ?? e;
        attempts.push({ gateway: gw, error: e });
        skip.add(gw);
        demote(gw);
      }
    }
    throw new GatewayError(
      `no gateway served block ${cid} (${attempts.map((a) => `${a.gateway}: ${describe(a.error)}`).join('; ')})`,
      attempts,
    );
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
      options.onGatewayError?.({ gateway: gw, cid: c, error: e });
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
        options.onGatewayError?.({ gateway: gw, cid: want, error: e });
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
   * CAR mode: one `?format=car` request to the preferred gateway; its blocks feed the reader in
   * the order it needs them (blocks that arrive early wait in a bounded buffer; a small cache
   * serves blocks a dups=n CAR sends once but a file uses twice). Whatever the CAR does not
   * deliver intact is left to raw mode.
   */
  async function* carBlocks(root, path, reader, signal, progress) {
    const gw = order[0];
    const url = `${gw}/ipfs/${root}${path ? `/${encodePath(path)}` : ''}?format=car&dag-scope=all`;
    const d = deadline(timeoutMs, signal, `${gw} CAR ${root}`);
    let car;
    try {
      d.touch();
      const res = await fetchOnceMore(fetchFn, url, { headers: { Accept: CAR }, signal: d.signal });
      if (!res.ok) {
        await res.body?.cancel();
        throw new EhrError('ERR_GATEWAY_FAILED', `${gw}: HTTP ${res.status} for ${url}`);
      }
      const body = res.body;
      const touched = {
        async *[Symbol.asyncIterator]() {
          for await (const value of bytePieces(body)) {
            d.touch();
            yield value;
          }
        },
      };
      car = await ipfs.readCar(touched, { verify: false });
      const buffered = new Map();
      let bufferedBytes = 0;
      const recent = new Map(); // LRU of blocks already used
      const remember = (cid, bytes) => {
        recent.delete(cid);
        recent.set(cid, bytes);
        if (recent.size > 16) recent.delete(recent.keys().next().value);
      };
      for (let want = reader.next(); want !== null; want = reader.next()) {
        let bytes = buffered.get(want) ?? recent.get(want);
        while (bytes === undefined) {
          const { done, value } = await car.blocks.next();
          if (done) return; // the CAR ended without it: raw mode takes over
          if (value.cid === want) {
            bytes = value.bytes;
          } else if (!buffered.has(value.cid)) {
            buffered.set(value.cid, value.bytes);
            bufferedBytes += value.bytes.length;
            if (bufferedBytes > maxBuffered)
              throw new EhrError('ERR_TOO_LARGE', `${gw}: CAR blocks out of order beyond ${maxBuffered} bytes`);
          }
        }
        if (buffered.delete(want)) bufferedBytes -= bytes.length;
        let data;
        try {
          data = reader.supply(bytes);
        } catch (e) {
          if (e.code !== 'ERR_HASH_MISMATCH') throw e;
          // A tampered block: this gateway is not to be trusted for the rest either.
          demote(gw);
          options.onGatewayError?.({ gateway: gw, cid: want, error: e });
          return;
        }
        remember(want, bytes);
        progress();
        if (data.length > 0) {
          // The caller's pace is not the gateway's: no timeout while the consumer holds us.
          d.pause();
          yield data;
          d.touch();
        }
      }
    } catch (e) {
      if (signal?.aborted) throw signal.reason ?? e;
      if (
        e.code === 'ERR_NOT_A_FILE' ||
        e.code === 'ERR_PATH_NOT_FOUND' ||
        e.code === 'ERR_BAD_UNIXFS' ||
        e.code === 'ERR_BAD_DAG_PB' ||
        e.code === 'ERR_UNSUPPORTED'
      )
        throw e; // the DAG itself: no gateway can help
      demote(gw);
      options.onGatewayError?.({ gateway: gw, cid: root, error: e });
    } finally {
      d.end();
      d.abort();
      await car?.blocks.return();
    }
  }

  /** The bytes of a file (or a range), in order, each piece verified before it is yielded. */
  async function* cat(cid, opts = {}) {
    const root = ipfs.formatCid(cid);
    const path = opts.path ?? '';
    const mode = opts.mode ?? defaultMode;
    if (mode !== 'raw' && mode !== 'car') throw typeError(`mode must be 'raw' or 'car'`);
    const reader = ipfs.createReader(root, { path, offset: opts.offset, length: opts.length });
    const progress = () => opts.onProgress?.({ bytesDone: reader.bytesOut, bytesTotal: reader.rangeLength });
    try {
      if (mode === 'car') yield* carBlocks(root, path, reader, opts.signal, progress);
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
