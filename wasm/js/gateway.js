// IPFS over HTTP for the page: a trustless gateway client and a Kubo RPC uploader, both over the
// module's verification (ehr.ipfs). Works in browsers, Web Workers and Node 20+ (global fetch).
//
// Reads: every block comes from an untrusted gateway as a trustless response (a raw block,
// `?format=raw`, or a CAR, `?format=car`) and is checked against its CID in the module before
// any of its bytes reach the caller. Several gateways are tried in turn, block by block: a
// gateway that fails, times out or returns bytes that do not hash to the CID is moved to the end
// of the list and the block is asked from the next one.
//
// Uploads: POST /api/v0/add (multipart) with the import parameters of the profile; the CID is
// computed locally and the one the node answers must equal it (CidMismatchError otherwise).
import { EhrError, astring, typeError } from './errors.js';
import { bytePieces } from './ipfs.js';
import { concatBytes } from './core.js';

/** All gateways failed for a block; `attempts` lists each gateway's error. */
export class GatewayError extends EhrError {
  constructor(message, attempts = []) {
    super('ERR_GATEWAY_FAILED', message);
    this.name = 'GatewayError';
    /** @type {Array<{ gateway: string, error: Error }>} */
    this.attempts = attempts;
  }
}

/** The node's CID for an upload differs from the one computed locally. */
export class CidMismatchError extends EhrError {
  constructor(local, remote) {
    super('ERR_CID_MISMATCH', `the node returned ${remote}, but the content's CID is ${local}`);
    this.name = 'CidMismatchError';
    this.local = local;
    this.remote = remote;
  }
}

/** The upload endpoint answered with an error (or not at all). */
export class UploadError extends EhrError {
  constructor(message, status = 0) {
    super('ERR_UPLOAD_FAILED', message);
    this.name = 'UploadError';
    this.status = status;
  }
}

const timeoutError = (what, ms) => new EhrError('ERR_TIMEOUT', `${what}: no answer within ${ms} ms`);
const MAX_BLOCK = 2 * 1024 * 1024;
const RAW = 'application/vnd.ipld.raw';
const CAR = 'application/vnd.ipld.car; version=1; order=dfs; dups=y';

/**
 * Runs fn(signal) with a signal that aborts on the caller's signal or after `ms` without
 * progress; `touch()` (passed to fn) restarts the clock (for streamed bodies).
 */
async function withTimeout(ms, outer, what, fn) {
  const ac = new AbortController();
  let timer;
  const touch = () => {
    clearTimeout(timer);
    timer = setTimeout(() => ac.abort(timeoutError(what, ms)), ms);
  };
  const onAbort = () => ac.abort(outer.reason);
  if (outer?.aborted) throw outer.reason ?? new EhrError('ERR_ABORTED', 'aborted');
  outer?.addEventListener('abort', onAbort, { once: true });
  touch();
  try {
    return await fn(ac.signal, touch);
  } catch (e) {
    // fetch reports an abort as its own AbortError: surface the reason (timeout or caller's).
    if (ac.signal.aborted && ac.signal.reason) throw ac.signal.reason;
    throw e;
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onAbort);
  }
}

/** Reads a response body, refusing more than `max` bytes. */
async function readBody(res, max, touch) {
  const reader = res.body.getReader();
  const parts = [];
  let n = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      touch?.();
      n += value.length;
      if (n > max) throw new EhrError('ERR_TOO_LARGE', `response larger than ${max} bytes`);
      parts.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  return concatBytes(parts);
}

/**
 * fetch, once more when the connection failed before any response (typically a keep-alive
 * socket the server closed just as it was reused). GETs and content-addressed adds are safe to
 * repeat; a streamed body cannot be sent twice and is not retried.
 */
async function fetchOnceMore(fetchFn, url, init) {
  try {
    return await fetchFn(url, init);
  } catch (e) {
    if (init.signal?.aborted || !(e instanceof TypeError) || typeof init.body?.getReader === 'function') throw e;
    return fetchFn(url, init);
  }
}

/** An error's message with its cause's code (fetch says only "fetch failed"). */
const describe = (e) =>
  `${e?.code ?? e?.name ?? 'Error'}: ${e?.message}${e?.cause ? ` (${e.cause.code ?? e.cause.message})` : ''}`;

const trimSlash = (u) => String(u).replace(/\/+$/, '');
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
    const ac = new AbortController();
    const onAbort = () => ac.abort(signal.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    let timer;
    const touch = () => {
      clearTimeout(timer);
      timer = setTimeout(() => ac.abort(timeoutError(`${gw} CAR ${root}`, timeoutMs)), timeoutMs);
    };
    let car;
    try {
      touch();
      const res = await fetchOnceMore(fetchFn, url, { headers: { Accept: CAR }, signal: ac.signal });
      if (!res.ok) {
        await res.body?.cancel();
        throw new EhrError('ERR_GATEWAY_FAILED', `${gw}: HTTP ${res.status} for ${url}`);
      }
      const body = res.body;
      const touched = {
        async *[Symbol.asyncIterator]() {
          const r = body.getReader();
          try {
            for (;;) {
              const { done, value } = await r.read();
              if (done) return;
              touch();
              yield value;
            }
          } finally {
            r.releaseLock();
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
          clearTimeout(timer);
          yield data;
          touch();
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
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      ac.abort();
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

// ---- uploads --------------------------------------------------------------------------------------

/** Kubo RPC `add` query parameters that make a Kubo-compatible node build the profile's DAG. */
export function addParams(params, extra = {}) {
  const q = new URLSearchParams({
    'cid-version': String(params.cidVersion),
    'raw-leaves': String(params.rawLeaves),
    chunker: `size-${params.chunkSize}`,
    hash: 'sha2-256',
    trickle: 'false',
  });
  // 174 is Kubo's historic default; other widths need Kubo 0.35+ (max-file-links).
  if (params.maxLinks !== 174) q.set('max-file-links', String(params.maxLinks));
  for (const [k, v] of Object.entries(extra)) q.set(k, String(v));
  return q;
}

const isNode = typeof process === 'object' && process.versions?.node != null;

/**
 * A Kubo RPC uploader (local node, IPFS Desktop, pinning services).
 * @param {import('./ehr.d.ts').Ehr} ehr
 * @param {import('./gateway.d.ts').UploaderOptions} options
 * @returns {import('./gateway.d.ts').Uploader}
 */
export function createUploader(ehr, options = {}) {
  const { ipfs } = ehr;
  let api = trimSlash(astring(options.apiUrl, 'apiUrl'));
  if (!api.endsWith('/api/v0')) api += '/api/v0';
  const profile = options.profile ?? 'unixfs-v1-2025';
  const params = ipfs.profile(profile);
  const timeoutMs = options.timeoutMs ?? 10 * 60_000;
  const fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);
  const headers = { ...(options.headers ?? {}) };
  if (options.authorization !== undefined) headers.Authorization = astring(options.authorization, 'authorization');
  const pin = options.pin ?? true;
  const streamUploads = options.streamUploads ?? isNode;

  /** POSTs a body to add; returns the NDJSON lines with a Hash. */
  const post = (query, body, extraInit, signal) =>
    withTimeout(timeoutMs, signal, `${api}/add`, async (s) => {
      let res;
      try {
        res = await fetchOnceMore(fetchFn, `${api}/add?${query}`, {
          method: 'POST',
          headers: { ...headers, ...(extraInit.headers ?? {}) },
          body,
          signal: s,
          ...(extraInit.duplex ? { duplex: extraInit.duplex } : {}),
        });
      } catch (e) {
        if (s.aborted) throw e;
        throw new UploadError(`${api}/add: ${describe(e)}`);
      }
      let text;
      try {
        text = await res.text();
      } catch (e) {
        // The connection broke mid-answer: the node may or may not have stored the file.
        if (s.aborted) throw e;
        throw new UploadError(`${api}/add: the answer was cut off: ${describe(e)}`, res.status);
      }
      if (!res.ok) {
        let message = text.slice(0, 500);
        try {
          message = JSON.parse(text).Message ?? message;
        } catch {}
        throw new UploadError(`${api}/add: HTTP ${res.status}: ${message}`, res.status);
      }
      const lines = [];
      for (const line of text.split('\n')) {
        if (!line.trim()) continue;
        let obj;
        try {
          obj = JSON.parse(line);
        } catch {
          throw new UploadError(`${api}/add: not NDJSON: ${line.slice(0, 200)}`, res.status);
        }
        if (typeof obj.Hash === 'string') lines.push(obj);
      }
      if (lines.length === 0) throw new UploadError(`${api}/add: no CID in the answer`, res.status);
      return lines;
    });

  /** Compares CIDs by their bytes (the node may answer in another base). */
  const sameCid = (a, b) => {
    try {
      return ipfs.formatCid(a) === ipfs.formatCid(b);
    } catch {
      return false;
    }
  };

  /** Adds one file; resolves to { cid, size } once the node's CID matched the local one. */
  const add = async (source, opts = {}) => {
    const filename = opts.filename ?? 'file';
    astring(filename, 'filename');
    const query = addParams(params, { pin, 'wrap-with-directory': false });
    let local;
    let lines;
    if (source instanceof Uint8Array || (typeof Blob !== 'undefined' && source instanceof Blob)) {
      const blob = source instanceof Uint8Array ? new Blob([source]) : source;
      // Locally first: the content is already whole.
      local = await ipfs.cid(source instanceof Uint8Array ? source : blob, {
        profile: params,
        onProgress: opts.onProgress,
      });
      const form = new FormData();
      form.append('file', blob, encodeURIComponent(filename));
      lines = await post(query, form, {}, opts.signal);
    } else if (streamUploads) {
      // A stream is read once: the local CID is computed from the same bytes as they are sent.
      const builder = ipfs.createFileBuilder({ profile: params });
      try {
        const boundary = `----ehr${Math.random().toString(16).slice(2)}${Date.now().toString(16)}`;
        const enc = new TextEncoder();
        const head = enc.encode(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${encodeURIComponent(filename)}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
        );
        const tail = enc.encode(`\r\n--${boundary}--\r\n`);
        const it = bytePieces(source);
        let stage = 0;
        const body = new ReadableStream({
          async pull(c) {
            if (stage === 0) {
              stage = 1;
              c.enqueue(head);
              return;
            }
            if (stage === 1) {
              const { done, value } = await it.next();
              if (!done) {
                builder.update(value);
                opts.onProgress?.({ bytesDone: builder.bytesIn });
                c.enqueue(value);
                return;
              }
              stage = 2;
              c.enqueue(tail);
              return;
            }
            c.close();
          },
          async cancel() {
            await it.return?.();
          },
        });
        lines = await post(
          query,
          body,
          { headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` }, duplex: 'half' },
          opts.signal,
        );
        local = builder.finish().cid;
      } finally {
        builder.dispose();
      }
    } else {
      // Browsers stream request bodies only over HTTP/2: gather into a Blob (which may spill to disk).
      const parts = [];
      for await (const p of bytePieces(source)) parts.push(p.slice());
      return add(new Blob(parts), opts);
    }
    const remote = lines[lines.length - 1];
    if (!sameCid(local, remote.Hash)) throw new CidMismatchError(local, remote.Hash);
    return { cid: local, size: Number(remote.Size ?? 0) };
  };

  /** Adds files under one directory (wrap-with-directory); the root CID is checked. */
  const addDirectory = async (entries, opts = {}) => {
    if (!Array.isArray(entries)) throw typeError('entries must be an array of { path, content }');
    const files = entries.map((e) => {
      astring(e?.path, 'entry.path');
      if (!(e.content instanceof Uint8Array) && !(typeof Blob !== 'undefined' && e.content instanceof Blob)) {
        throw typeError(`entry ${e.path}: content must be a Uint8Array or Blob`);
      }
      return { path: e.path, content: e.content instanceof Uint8Array ? e.content : e.content };
    });
    const local = await ipfs.directoryCid(
      files.map((f) => ({ path: f.path, content: f.content })),
      { profile: params },
    );
    // Parent directories first (as Kubo clients send them), then the files.
    const dirs = new Set();
    for (const f of files) {
      const parts = f.path.split('/');
      for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
    }
    const form = new FormData();
    for (const d of [...dirs].sort())
      form.append('file', new Blob([], { type: 'application/x-directory' }), encodeURIComponent(d));
    for (const f of files)
      form.append('file', f.content instanceof Blob ? f.content : new Blob([f.content]), encodeURIComponent(f.path));
    const lines = await post(addParams(params, { pin, 'wrap-with-directory': true }), form, {}, opts.signal);
    const root = lines.find((l) => l.Name === '') ?? lines[lines.length - 1];
    if (!sameCid(local, root.Hash)) throw new CidMismatchError(local, root.Hash);
    return {
      cid: local,
      size: Number(root.Size ?? 0),
      entries: lines.map((l) => ({ name: l.Name, cid: l.Hash, size: Number(l.Size ?? 0) })),
    };
  };

  return Object.freeze({ apiUrl: api, params, add, addDirectory });
}
