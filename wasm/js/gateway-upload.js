// The Kubo RPC uploader (createUploader, re-exported by gateway.js): POST /api/v0/add (multipart)
// with the import parameters of the profile; the CID is computed locally and the one the node
// answers must equal it (CidMismatchError otherwise). pin() and unpin() (POST /api/v0/pin/add and
// /api/v0/pin/rm) let a caller add without pinning, pin once the whole upload is on the node, and
// take the pin back when what it uploaded is not used after all (a cancelled record).
import { astring, typeError } from './errors.js';
import { bytePieces } from './ipfs.js';
import { CidMismatchError, UploadError, describe, fetchOnceMore, trimSlash, withTimeout } from './gateway-http.js';

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
 * POST with XMLHttpRequest, for browsers: fetch() cannot tell how much of a request body was
 * sent. Resolves to what post() reads of a Response ({ ok, status, text() }); rejects with a
 * TypeError when the request fails, with the signal's reason when it is aborted.
 * onUploadProgress({ bytesDone, bytesTotal }) as the body goes out.
 */
function xhrPost(url, { headers, body, signal }, onUploadProgress) {
  return new Promise((resolve, reject) => {
    const x = new XMLHttpRequest();
    const aborted = () => reject(signal?.reason ?? Object.assign(new Error('aborted'), { name: 'AbortError' }));
    if (signal?.aborted) return aborted();
    const onAbort = () => x.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const done =
      (fn) =>
      (...a) => {
        signal?.removeEventListener('abort', onAbort);
        fn(...a);
      };
    x.open('POST', url);
    for (const [k, v] of Object.entries(headers)) x.setRequestHeader(k, v);
    x.upload.onprogress = (e) =>
      onUploadProgress({ bytesDone: e.loaded, bytesTotal: e.lengthComputable ? e.total : undefined });
    x.onload = done(() =>
      resolve({ ok: x.status >= 200 && x.status < 300, status: x.status, text: async () => x.responseText }),
    );
    x.onerror = done(() => reject(new TypeError('network error (the request failed before an answer)')));
    x.ontimeout = x.onerror;
    x.onabort = done(aborted);
    x.send(body);
  });
}

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
  // Upload progress needs XMLHttpRequest (browsers, and their workers); not with a caller's fetch.
  const canXhr = typeof XMLHttpRequest === 'function' && options.fetch === undefined;

  /**
   * POSTs a body to add; returns the NDJSON lines with a Hash. With extraInit.onUploadProgress
   * (and XMLHttpRequest), the body's progress is reported and keeps the deadline alive: the
   * timeout then counts from the last bytes sent, so a slow link can send a large file.
   */
  const post = (query, body, extraInit, signal) =>
    withTimeout(timeoutMs, signal, `${api}/add`, async (s, touch) => {
      let res;
      const h = { ...headers, ...(extraInit.headers ?? {}) };
      try {
        if (extraInit.onUploadProgress && canXhr) {
          res = await xhrPost(`${api}/add?${query}`, { headers: h, body, signal: s }, (p) => {
            touch();
            extraInit.onUploadProgress(p);
          });
        } else
          res = await fetchOnceMore(fetchFn, `${api}/add?${query}`, {
            method: 'POST',
            headers: h,
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
        if (res.status === 413) {
          // The endpoint (or a proxy before it) refuses bodies this large: say so plainly.
          const size = extraInit.size === undefined ? '' : ` (${extraInit.size} bytes)`;
          throw new UploadError(
            `${api}/add: HTTP 413: the upload endpoint refused a file this large${size}${message ? `: ${message}` : ''}`,
            413,
          );
        }
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

  /**
   * POSTs a command without a body (pin/add, pin/rm); resolves to { status, json } with the
   * answer's JSON (its Message for an error), rejects with UploadError when there is no answer.
   */
  const command = (name, query) =>
    withTimeout(Math.min(timeoutMs, 120_000), undefined, `${api}/${name}`, async (s) => {
      let res, text;
      try {
        res = await fetchOnceMore(fetchFn, `${api}/${name}?${query}`, { method: 'POST', headers, signal: s });
        text = await res.text();
      } catch (e) {
        if (s.aborted) throw e;
        throw new UploadError(`${api}/${name}: ${describe(e)}`, res?.status ?? 0);
      }
      let json = null;
      try {
        json = JSON.parse(text);
      } catch {}
      return { status: res.status, json, text };
    });
  const commandError = (name, r) =>
    new UploadError(`${api}/${name}: HTTP ${r.status}: ${r.json?.Message ?? r.text.slice(0, 500)}`, r.status);

  /**
   * Pins `cid` (recursively) on the node: after add(source, { pin: false }), once the whole upload
   * is there. Rejects with UploadError when the node refuses (a block missing, no such command).
   * Not cancellable: a pin in flight completes, and the caller unpins if it no longer wants it.
   */
  const pinCid = async (cid) => {
    const c = ipfs.formatCid(cid);
    const r = await command('pin/add', new URLSearchParams({ arg: c, recursive: 'true' }));
    if (r.status !== 200) throw commandError('pin/add', r);
  };

  /**
   * Removes the pin of `cid` (what an upload added for a record that is not recorded after all):
   * true when a pin was removed, false when the node holds no pin for it (nothing to remove). Its
   * blocks stay on the node until the node's garbage collection. Rejects with UploadError when
   * the node cannot be asked or refuses.
   */
  const unpin = async (cid) => {
    const c = ipfs.formatCid(cid);
    const r = await command('pin/rm', new URLSearchParams({ arg: c, recursive: 'true' }));
    if (r.status === 200) return true;
    // Kubo and the local node answer 500 "not pinned" (or "not pinned or pinned indirectly").
    if (r.status === 500 && /not pinned/i.test(r.json?.Message ?? r.text)) return false;
    throw commandError('pin/rm', r);
  };

  /** Compares CIDs by their bytes (the node may answer in another base). */
  const sameCid = (a, b) => {
    try {
      return ipfs.formatCid(a) === ipfs.formatCid(b);
    } catch {
      return false;
    }
  };

  /**
   * Adds one file; resolves to { cid, size } once the node's CID matched the local one. With
   * `opts.cid` (a Uint8Array or Blob whose CID the caller computed with this uploader's profile,
   * for example while it wrote the Blob to disk) the local pass is skipped: the node's CID must
   * equal that one. `opts.pin` overrides the uploader's `pin` for this file (false: pin later with
   * pin(), so an upload cut off or cancelled midway never leaves a pin). For a Uint8Array or Blob
   * in a browser, `opts.onUploadProgress({ bytesDone, bytesTotal })` follows the request body as
   * it is sent (bytesTotal: the whole multipart body).
   */
  const add = async (source, opts = {}) => {
    const filename = opts.filename ?? 'file';
    astring(filename, 'filename');
    const query = addParams(params, { pin: opts.pin ?? pin, 'wrap-with-directory': false });
    let local;
    let lines;
    if (source instanceof Uint8Array || (typeof Blob !== 'undefined' && source instanceof Blob)) {
      const blob = source instanceof Uint8Array ? new Blob([source]) : source;
      if (opts.cid !== undefined) {
        local = ipfs.formatCid(opts.cid);
      } else {
        // Locally first: the content is already whole.
        local = await ipfs.cid(source instanceof Uint8Array ? source : blob, {
          profile: params,
          onProgress: opts.onProgress,
        });
      }
      const form = new FormData();
      form.append('file', blob, encodeURIComponent(filename));
      lines = await post(query, form, { size: blob.size, onUploadProgress: opts.onUploadProgress }, opts.signal);
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

  return Object.freeze({ apiUrl: api, params, add, addDirectory, pin: pinCid, unpin });
}
