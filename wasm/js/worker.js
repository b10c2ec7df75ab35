// Runs module work off the main thread (keystore KDFs, mnemonic-to-seed, PBKDF2, scrypt, and files
// of any size: encryption with the UnixFS CID, decryption with block verification), in a browser
// Web Worker or a Node worker_threads Worker: the one Worker protocol of the module and of the page
// (web/src/worker-host.js). One file plays both parts: imported normally it exports createWorker()
// (and the file pipeline, sealStream / openStream, which runs on any thread); started as the worker
// (by createWorker) it loads its own copy of the module and answers requests.
//
//   const worker = await createWorker();
//   const wallet = await ehr.wallet.fromKeystoreAsync(json, password, { worker });
//   const sealed = await worker.sealFile(ehr, { file, encrypt: { scope, epoch, chartKeys: [k] } });
//   await worker.wipe(); // disposeAll() in the worker (the lock), then
//   worker.terminate();
//
// A page that checks the module's bytes itself (Subresource Integrity) hands them over, so the
// worker compiles exactly those and fetches no code: createWorker({ wasmBinary }). Under Trusted
// Types it passes its policy's TrustedScriptURL of this file as `url` (a browser takes it as is).
//
// Protocol: requests { id, op, args } (args positional), answers { id, result } or
// { id, error: { name, code, message } }; a long operation may also send { id, progress } before
// its answer, and the caller may send { id, cancel: true } to abort it (it then answers with an
// AbortError). The first request is always 'init' (args [] or [wasmBinary]): it loads the module,
// and no other request runs before it. Secrets cross postMessage as transferred ArrayBuffers
// (moved, not copied) and are wiped on the side that no longer needs them; passwords given as
// strings cannot be wiped by JS (README). Keys never cross as bytes: a file operation first asks
// the worker for a fresh X25519 public key ('recipient'), the caller's module seals its key objects
// to it (records.wrapKey), and the worker opens them into its own module (records.unwrapKey) for
// that one operation, disposing of them and of the X25519 key when it ends.
import { init } from './ehr.js';
import { aoptions, typeError } from './errors.js';
import { concatBytes } from './core.js';
import { createGatewayClient } from './gateway.js';
import { streamPieces } from './gateway-http.js';

const WORKER_NAME = 'ehr-worker';
const isNode = typeof process === 'object' && process.versions != null && process.versions.node != null;
const failure = (code, message) => Object.assign(new Error(message), { code });
const cancelled = () => Object.assign(new Error('cancelled'), { name: 'AbortError', code: 'ERR_CANCELLED' });
const abortError = (signal) =>
  signal?.reason instanceof Error && signal.reason.name !== 'AbortError' ? signal.reason : cancelled();
const throwIfAborted = (signal) => {
  if (signal?.aborted) throw abortError(signal);
};

// ---- files: the pipeline (any thread) -------------------------------------------------------------
// A file is read from its source, hashed (SHA-1: FHIR R4's Attachment.hash), encrypted as one record
// envelope and its UnixFS CID built from the envelope as it passes (sealStream); opening walks the
// envelope's pieces (verified against the CID by the gateway client), decrypts chunk by chunk and
// checks size and SHA-1 at the end (openStream). Neither holds more than a few MiB of the file:
// sources are read into one reused buffer (a BYOB reader where the stream offers one, so reading
// allocates nothing per piece) and each step copies what it keeps.

/** Bytes read from a source per piece (and the reused read buffer's size). */
const PIECE = 1 << 20;

/** An incremental SHA-1: update(bytes) any number of times, then digest() (20 bytes). */
export function createSha1() {
  const H = new Int32Array([0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0]);
  const W = new Int32Array(80);
  const buf = new Uint8Array(64);
  let fill = 0;
  let total = 0;
  const block = (m, o) => {
    for (let i = 0; i < 16; i++, o += 4) W[i] = (m[o] << 24) | (m[o + 1] << 16) | (m[o + 2] << 8) | m[o + 3];
    for (let i = 16; i < 80; i++) {
      const x = W[i - 3] ^ W[i - 8] ^ W[i - 14] ^ W[i - 16];
      W[i] = (x << 1) | (x >>> 31);
    }
    let a = H[0],
      b = H[1],
      c = H[2],
      d = H[3],
      e = H[4],
      t;
    let i = 0;
    for (; i < 20; i++) {
      t = (((a << 5) | (a >>> 27)) + ((b & c) | (~b & d)) + e + 0x5a827999 + W[i]) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = t;
    }
    for (; i < 40; i++) {
      t = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + 0x6ed9eba1 + W[i]) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = t;
    }
    for (; i < 60; i++) {
      t = (((a << 5) | (a >>> 27)) + ((b & c) | (b & d) | (c & d)) + e - 0x70e44324 + W[i]) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = t;
    }
    for (; i < 80; i++) {
      t = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e - 0x359d3e2a + W[i]) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = t;
    }
    H[0] += a;
    H[1] += b;
    H[2] += c;
    H[3] += d;
    H[4] += e;
  };
  return {
    update(data) {
      let off = 0;
      const n = data.length;
      total += n;
      if (fill > 0) {
        const k = Math.min(64 - fill, n);
        buf.set(data.subarray(0, k), fill);
        fill += k;
        off = k;
        if (fill < 64) return this;
        block(buf, 0);
        fill = 0;
      }
      for (; off + 64 <= n; off += 64) block(data, off);
      if (off < n) {
        buf.set(data.subarray(off), 0);
        fill = n - off;
      }
      return this;
    },
    digest() {
      const bits = total * 8;
      buf[fill++] = 0x80;
      if (fill > 56) {
        buf.fill(0, fill);
        block(buf, 0);
        fill = 0;
      }
      buf.fill(0, fill, 56);
      const hi = Math.floor(bits / 0x100000000);
      const lo = bits >>> 0;
      buf[56] = hi >>> 24;
      buf[57] = hi >>> 16;
      buf[58] = hi >>> 8;
      buf[59] = hi;
      buf[60] = lo >>> 24;
      buf[61] = lo >>> 16;
      buf[62] = lo >>> 8;
      buf[63] = lo;
      block(buf, 0);
      const out = new Uint8Array(20);
      for (let i = 0; i < 5; i++) {
        out[4 * i] = H[i] >>> 24;
        out[4 * i + 1] = H[i] >>> 16;
        out[4 * i + 2] = H[i] >>> 8;
        out[4 * i + 3] = H[i];
      }
      return out;
    },
  };
}

/**
 * The pieces of a Blob/File, ReadableStream or (async) iterable of Uint8Array, in order. A stream
 * that offers a BYOB reader (Blob.stream() in browsers) is read into one reused buffer, `size`
 * bytes a piece: each piece is valid only until the next one is asked for.
 */
async function* readPieces(source, size = PIECE) {
  if (typeof Blob !== 'undefined' && source instanceof Blob) source = source.stream();
  if (source && typeof source.getReader === 'function') yield* streamPieces(source, size);
  else for await (const piece of source) yield piece;
}

/**
 * Frees a buffer this code made and no longer needs at once (ArrayBuffer.prototype.transfer(0)
 * detaches it and drops its memory), instead of leaving it for the garbage collector, which lets
 * 64 MiB and more of spent 1 MiB pieces pile up when a large file streams through. A no-op where
 * the runtime lacks transfer() or for memory that cannot be detached (a WebAssembly heap view).
 */
const free = (bytes) => {
  const buf = bytes?.buffer;
  if (typeof ArrayBuffer === 'undefined' || !(buf instanceof ArrayBuffer) || typeof buf.transfer !== 'function') return;
  // Only a view of the whole buffer: a part may share its buffer with bytes still in use.
  if (bytes.byteOffset !== 0 || bytes.byteLength !== buf.byteLength) return;
  try {
    buf.transfer(0);
  } catch {
    // not detachable
  }
};

/**
 * Encrypts a byte stream as one record envelope and builds the UnixFS CID of the envelope as it
 * passes; `write(bytes)` (optional, awaited) receives the envelope in order: each output as it
 * comes (`batch` 0), or gathered into pieces of about `batch` bytes (default 4 MiB, for writers
 * whose every call is costly). The bytes given to write() are valid until its promise resolves
 * (the buffer is then freed): a writer that keeps them copies them. Plaintext pieces are wiped
 * once encrypted.
 * @param {any} ehr the module's API (init())
 * @param {{ source: Blob | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>, size?: number,
 *   encrypt: import('./records.d.ts').EncryptOptions, profile: any,
 *   write?: (bytes: Uint8Array) => unknown, batch?: number, signal?: AbortSignal,
 *   onProgress?: (p: { bytesDone: number, bytesTotal?: number }) => void }} o
 * @returns {Promise<{ cid: string, size: number, sha1: Uint8Array, envelopeSize: number }>}
 */
export async function sealStream(ehr, o) {
  throwIfAborted(o.signal);
  const enc = ehr.records.createEncryptor(o.encrypt);
  const sha1 = createSha1();
  const batchSize = o.batch ?? 4 << 20;
  let size = 0;
  let envelopeSize = 0;
  let batch = [];
  let batchLen = 0;
  const flush = async () => {
    if (!batchLen) return;
    const b = concatBytes(batch);
    if (batch.length > 1) batch.forEach(free);
    batch.length = 0; // nothing left referring to the parts while write() runs
    batchLen = 0;
    await o.write(b);
    free(b);
  };
  // The CID builder reads each envelope piece from one reused buffer: it hashes (or copies) a
  // piece before it asks for the next, so every output can be freed as soon as it is written.
  let cidBuf = new Uint8Array(0);
  const emit = async (out) => {
    envelopeSize += out.length;
    if (cidBuf.length < out.length) cidBuf = new Uint8Array(out.length);
    const piece = cidBuf.subarray(0, out.length);
    piece.set(out);
    if (!o.write) free(out);
    else if (batchSize === 0) {
      await o.write(out);
      free(out);
    } else {
      batch.push(out);
      batchLen += out.length;
      if (batchLen >= batchSize) await flush();
    }
    return piece;
  };
  async function* envelope() {
    for await (const piece of readPieces(o.source)) {
      throwIfAborted(o.signal);
      const p = piece instanceof Uint8Array ? piece : new Uint8Array(piece);
      sha1.update(p);
      const out = enc.push(p);
      size += p.length;
      p.fill(0);
      o.onProgress?.({ bytesDone: size, bytesTotal: o.size });
      if (out.length) yield await emit(out);
    }
    throwIfAborted(o.signal);
    const last = await emit(enc.finish());
    if (o.write) await flush();
    yield last;
  }
  try {
    const cid = await ehr.ipfs.cid(envelope(), { profile: o.profile });
    return { cid, size, sha1: sha1.digest(), envelopeSize };
  } finally {
    enc.dispose();
    cidBuf.fill(0);
  }
}

/** Standard base64 of bytes (small inputs: digests). */
export function base64(bytes) {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

/**
 * Streams a file envelope from `pieces` (verified ciphertext in order, e.g. gateway.cat(cid)),
 * decrypts it chunk by chunk into `sink.write`, and checks size and SHA-1 against `expect`
 * ({ size?, hash?: base64 SHA-1 }); the plaintext given to sink.write() is valid until its promise
 * resolves. `keysFor(header)` picks the keys from the envelope's header
 * ({ chartKeys, identities, release? }); the header's scope must be `scope`. Throws a typed error
 * (the decryptor's codes, ERR_HASH_MISMATCH) and writes nothing more once anything fails: the
 * caller must then discard what was written.
 * @returns {Promise<{ size: number, sha1: Uint8Array }>}
 */
export async function openStream(ehr, { pieces, keysFor, scope, expect = {}, sink, signal, onProgress }) {
  const sha1 = createSha1();
  let head = null;
  let dec = null;
  let keys = null;
  let size = 0;
  // The bytes given to sink.write() are valid until its promise resolves (then freed).
  const emit = async (pt) => {
    if (pt.length) {
      sha1.update(pt);
      size += pt.length;
      await sink.write(pt);
      onProgress?.({ bytesDone: size, bytesTotal: expect.size });
    }
    free(pt);
  };
  try {
    for await (const piece of pieces) {
      throwIfAborted(signal);
      if (!dec) {
        // Pieces may be views of a reused buffer: the header is gathered in a copy.
        head = head ? concatBytes([head, piece]) : piece.slice();
        const info = ehr.records.inspect(head);
        if (!info.complete) continue;
        if (scope !== undefined && info.scope !== scope)
          throw Object.assign(new Error("the file's category does not match its record"), {
            code: 'ERR_BAD_ENVELOPE',
          });
        keys = keysFor(info);
        dec = ehr.records.createDecryptor(keys);
        const first = head;
        head = null;
        await emit(dec.push(first));
        continue;
      }
      await emit(dec.push(piece));
    }
    throwIfAborted(signal);
    if (!dec) throw Object.assign(new Error('the file is truncated'), { code: 'ERR_STREAM_TRUNCATED' });
    await emit(dec.finish());
    const digest = sha1.digest();
    if ((expect.size !== undefined && expect.size !== size) || (expect.hash && expect.hash !== base64(digest))) {
      throw Object.assign(new Error("the file's size or hash does not match its record"), {
        code: 'ERR_HASH_MISMATCH',
      });
    }
    return { size, sha1: digest };
  } finally {
    dec?.dispose();
    keys?.release?.();
  }
}

/**
 * Where a file operation in the worker writes: a file handle (a file of the origin private file
 * system is written in place through a synchronous access handle; another one, e.g. from the save
 * picker, through createWritable()), or, with no handle, Blob parts returned at the end.
 */
async function openTarget(handle) {
  if (handle == null) {
    let blobs = [];
    let parts = [];
    let n = 0;
    const seal = () => {
      if (parts.length) blobs.push(new Blob(parts));
      // The Blob copied them: release the copies now rather than when the collector runs (16 MB
      // each; a 1 GB file would otherwise leave up to its whole size for the collector).
      for (const part of parts) free(part);
      parts = [];
      n = 0;
    };
    return {
      batch: 4 << 20,
      write(b) {
        parts.push(b.slice());
        n += b.length;
        if (n >= 16 << 20) seal();
      },
      close() {
        seal();
        return new Blob(blobs);
      },
      abort() {
        blobs = [];
        parts = [];
      },
    };
  }
  if (typeof handle.createSyncAccessHandle === 'function') {
    let access = null;
    try {
      access = await handle.createSyncAccessHandle();
    } catch {
      // not a file of the origin private file system
    }
    if (access) {
      access.truncate(0);
      let at = 0;
      return {
        batch: 0,
        write(b) {
          for (let off = 0; off < b.length;) {
            const n = access.write(b.subarray(off), { at });
            at += n;
            off += n;
          }
        },
        close() {
          access.flush();
          access.close();
          return null;
        },
        abort() {
          try {
            access.truncate(0);
          } finally {
            access.close();
          }
        },
      };
    }
  }
  const w = await handle.createWritable();
  return {
    batch: 4 << 20,
    write: (b) => w.write(b),
    async close() {
      await w.close();
      return null;
    },
    abort: () => w.abort().catch(() => {}),
  };
}

// ---- worker side ----------------------------------------------------------------------------------

/** Progress of a long operation is posted at most this often (and at its end). */
const PROGRESS_MS = 100;

/**
 * What the worker can do. Each gets the context ({ ehr, signal, progress, recipients }) and the
 * request's arguments and returns [result, transferables] (or a Promise of them).
 */
const OPS = {
  keystoreDerivedKey({ ehr }, json, password) {
    const dk = ehr.wallet.keystoreDerivedKey(json, password);
    return [dk, [dk.buffer]];
  },
  keystoreDecrypt({ ehr }, json, password) {
    const key = ehr.keystore.decrypt(json, password);
    return [key, [key.buffer]];
  },
  keystoreEncrypt({ ehr }, privateKey, password, options) {
    try {
      return [ehr.keystore.encrypt(privateKey, password, options), []];
    } finally {
      privateKey.fill(0);
    }
  },
  mnemonicToSeed({ ehr }, phrase, passphrase) {
    const seed = ehr.bip39.mnemonicToSeed(phrase, passphrase);
    return [seed, [seed.buffer]];
  },
  pbkdf2Sha256({ ehr }, password, salt, iterations, dkLen) {
    const r = ehr.pbkdf2Sha256(password, salt, iterations, dkLen);
    return [r, [r.buffer]];
  },
  pbkdf2Sha512({ ehr }, password, salt, iterations, dkLen) {
    const r = ehr.pbkdf2Sha512(password, salt, iterations, dkLen);
    return [r, [r.buffer]];
  },
  scrypt({ ehr }, password, salt, params) {
    const r = ehr.scrypt(password, salt, params);
    return [r, [r.buffer]];
  },
  /** The lock: wipes every object of every kind the worker's module holds. */
  wipe({ ehr, recipients }) {
    recipients.clear();
    ehr.disposeAll();
    return [undefined, []];
  },
  /** A fresh X25519 key of the worker's module, for one file operation: { slot, publicKey }. */
  recipient({ ehr, recipients }) {
    const id = ehr.records.generateX25519();
    const slot = recipients.add(id);
    return [{ slot, publicKey: id.publicKey }, []];
  },
  /** Disposes of a recipient key that no operation used. */
  forget({ recipients }, slot) {
    recipients.take(slot)?.dispose();
    return [undefined, []];
  },
  /**
   * sealStream of `file` with the chart keys sealed to recipient `slot` into `target` (a file
   * handle, or null: the envelope comes back as a Blob): { cid, size, sha1, envelopeSize, blob }.
   */
  async sealFile({ ehr, signal, progress, recipients }, slot, wrapped, encrypt, profile, file, target) {
    const chartKeys = unwrapAll(ehr, recipients, slot, wrapped);
    return intoTarget(target, chartKeys, (sink) =>
      sealStream(ehr, {
        source: file,
        size: file.size,
        encrypt: { ...encrypt, chartKeys },
        profile,
        write: (b) => sink.write(b),
        batch: sink.batch,
        signal,
        onProgress: progress,
      }),
    );
  },
  /** The header of the envelope at `cid` (its first bytes, through the gateways). */
  async fileHeader({ ehr, signal }, cid, gateway) {
    const it = createGatewayClient(ehr, gateway).cat(cid, { signal });
    let head = null;
    try {
      for await (const piece of it) {
        head = head ? concatBytes([head, piece]) : piece.slice();
        const info = ehr.records.inspect(head);
        if (info.complete) return [info, []];
      }
    } finally {
      await it.return();
    }
    throw failure('ERR_STREAM_TRUNCATED', 'the file is truncated');
  },
  /**
   * openStream of the envelope at `cid` through the gateways, with the keys sealed to recipient
   * `slot`, into `target` (as for sealFile): { size, sha1, blob }.
   */
  async openFile({ ehr, signal, progress, recipients }, slot, wrapped, cid, gateway, scope, expect, target) {
    const n = wrapped.chartKeys.length;
    const keys = unwrapAll(ehr, recipients, slot, [...wrapped.chartKeys, ...wrapped.identities]);
    return intoTarget(target, keys, (sink) =>
      openStream(ehr, {
        pieces: freedAfterUse(createGatewayClient(ehr, gateway).cat(cid, { signal })),
        keysFor: () => ({ chartKeys: keys.slice(0, n), identities: keys.slice(n) }),
        scope,
        expect,
        sink,
        signal,
        onProgress: progress,
      }),
    );
  },
};

/**
 * fn(sink) with `target` opened (openTarget), answered as [{ ...its result, blob }] (blob: the
 * bytes when there was no file handle). What was written is discarded when it fails; `keys` (the
 * operation's unwrapped keys) are disposed of in any case.
 */
async function intoTarget(target, keys, fn) {
  let sink = null;
  let ok = false;
  try {
    sink = await openTarget(target);
    const result = await fn(sink);
    const blob = await sink.close();
    ok = true;
    return [{ ...result, blob }, []];
  } finally {
    if (!ok) await sink?.abort();
    for (const k of keys) k.dispose();
  }
}

/**
 * The pieces of a gateway read (whose buffers are the caller's), each freed once the consumer
 * asks for the next: reading a large file leaves no spent blocks for the garbage collector.
 */
async function* freedAfterUse(pieces) {
  for await (const piece of pieces) {
    yield piece;
    free(piece);
  }
}

/** Opens wrapped keys with recipient `slot` (used once: disposed of here) into key objects. */
function unwrapAll(ehr, recipients, slot, wrapped) {
  const id = recipients.take(slot);
  if (!id) throw failure('ERR_BAD_HANDLE', `no recipient key ${slot} in the worker (used, forgotten or wiped)`);
  const keys = [];
  try {
    for (const w of wrapped) keys.push(ehr.records.unwrapKey(w, id));
    return keys;
  } catch (e) {
    for (const k of keys) k.dispose();
    throw e;
  } finally {
    id.dispose();
  }
}

/** The recipient keys the worker holds between 'recipient' and the operation that uses them. */
function recipientTable() {
  const table = new Map();
  let next = 1;
  return {
    add(key) {
      table.set(next, key);
      return next++;
    },
    take(slot) {
      const key = table.get(slot);
      table.delete(slot);
      return key;
    },
    clear() {
      for (const key of table.values()) key.dispose();
      table.clear();
    },
  };
}

const errorOf = (e) => ({ name: e?.name ?? 'Error', code: e?.code, message: e?.message ?? String(e) });

function serve(onMessage, post) {
  /** The module, once 'init' asked for it. */
  let ready = null;
  const recipients = recipientTable();
  /** The operations running, by request id: their AbortController. */
  const running = new Map();
  onMessage(async ({ id, op, args, cancel }) => {
    if (cancel) {
      running.get(id)?.abort(cancelled());
      return;
    }
    if (op === 'init') {
      // The module's bytes are public code: nothing to wipe.
      try {
        ready ??= init(args?.[0] ? { wasmBinary: args[0] } : {});
        post({ id, result: (await ready).version }, []);
      } catch (e) {
        post({ id, error: errorOf(e) }, []);
      }
      return;
    }
    const ctl = new AbortController();
    running.set(id, ctl);
    let last = 0;
    /** A progress report held back by the rate limit: posted before the result, so the end is seen. */
    let held = null;
    const progress = (p) => {
      const now = Date.now();
      if (now - last < PROGRESS_MS && p.bytesDone !== p.bytesTotal) {
        held = p;
        return;
      }
      last = now;
      held = null;
      post({ id, progress: { bytesDone: p.bytesDone, bytesTotal: p.bytesTotal } }, []);
    };
    try {
      if (!ready) throw failure('ERR_NOT_READY', 'the worker has not loaded the module (no init)');
      const ehr = await ready;
      if (!Object.hasOwn(OPS, op)) throw failure('ERR_UNKNOWN_OP', `unknown worker operation: ${op}`);
      if (op === 'wipe') for (const c of running.values()) c.abort(cancelled());
      const [result, transfer] = await OPS[op]({ ehr, signal: ctl.signal, progress, recipients }, ...(args ?? []));
      if (held) post({ id, progress: { bytesDone: held.bytesDone, bytesTotal: held.bytesTotal } }, []);
      post({ id, result }, transfer);
    } catch (e) {
      // Cancelled (or overtaken by the lock, whose disposeAll may be what it tripped on): an AbortError.
      post({ id, error: errorOf(ctl.signal.aborted ? abortError(ctl.signal) : e) }, []);
    } finally {
      running.delete(id);
      // Wipe byte arguments that were handed over (passwords, keys).
      for (const a of args ?? []) if (a instanceof Uint8Array) a.fill(0);
    }
  });
}

if (isNode) {
  const wt = await import('node:worker_threads');
  if (!wt.isMainThread && wt.workerData?.name === WORKER_NAME) {
    serve(
      (fn) => wt.parentPort.on('message', fn),
      (msg, transfer) => wt.parentPort.postMessage(msg, transfer),
    );
  }
} else if (
  typeof self === 'object' &&
  typeof WorkerGlobalScope === 'function' &&
  self instanceof WorkerGlobalScope &&
  self.name === WORKER_NAME
) {
  serve(
    (fn) => {
      self.onmessage = (ev) => fn(ev.data);
    },
    (msg, transfer) => self.postMessage(msg, transfer),
  );
}

// ---- main-thread side ------------------------------------------------------------------------------

/** The `wasmBinary` option as a Uint8Array (undefined when not given). */
const wasmBytes = (v) => {
  if (v === undefined || v instanceof Uint8Array) return v;
  if (v instanceof ArrayBuffer) return new Uint8Array(v);
  throw typeError('wasmBinary must be an ArrayBuffer or a Uint8Array');
};

/**
 * Starts a worker, has it load the module, and returns its client. Each method returns a Promise;
 * failures reject with an Error carrying the same `code` the synchronous API would have raised
 * (ERR_WORKER_FAILED once the worker itself failed or exited, ERR_WORKER_TERMINATED after
 * terminate()).
 * @param {{ url?: string | URL, wasmBinary?: ArrayBuffer | Uint8Array }} [options] `url`: where
 *   this file is served (default: import.meta.url); `wasmBinary`: the module bytes the worker
 *   compiles (default: it loads the module as init() does)
 */
export async function createWorker(options = {}) {
  options = aoptions(options);
  wasmBytes(options.wasmBinary);
  const url = options.url ?? import.meta.url;
  let post,
    terminate,
    hold = () => {},
    release = () => {};
  const pending = new Map();
  let nextId = 1;
  /** Set once the worker cannot answer any more: later calls reject with it at once. */
  let dead = null;
  const onReply = ({ id, result, error, progress }) => {
    const p = pending.get(id);
    if (!p) return;
    if (progress) {
      p.onProgress?.(progress);
      return;
    }
    pending.delete(id);
    p.done?.();
    if (pending.size === 0) release();
    if (error) {
      const e = new Error(error.message);
      e.name = error.name;
      if (error.code !== undefined) e.code = error.code;
      p.reject(e);
    } else {
      p.resolve(result);
    }
  };
  const onFailure = (err) => {
    dead ??= err;
    for (const p of pending.values()) {
      p.done?.();
      p.reject(err);
    }
    pending.clear();
    release();
  };
  if (isNode) {
    const { Worker } = await import('node:worker_threads');
    const w = new Worker(new URL(url), { workerData: { name: WORKER_NAME } });
    w.on('message', onReply);
    w.on('error', (e) =>
      onFailure(Object.assign(failure('ERR_WORKER_FAILED', `the worker failed: ${e?.message ?? e}`), { cause: e })),
    );
    w.on('exit', (code) => onFailure(failure('ERR_WORKER_FAILED', `the worker exited (code ${code})`)));
    // Referenced only while a request is pending, so an idle worker never keeps Node alive.
    w.unref();
    hold = () => w.ref();
    release = () => w.unref();
    post = (msg, transfer) => w.postMessage(msg, transfer);
    terminate = () => w.terminate();
  } else {
    // The URL goes to the Worker constructor as it is (a TrustedScriptURL stays one).
    const w = new Worker(url, { type: 'module', name: WORKER_NAME });
    w.onmessage = (ev) => onReply(ev.data);
    w.onerror = (ev) => {
      ev.preventDefault?.();
      onFailure(failure('ERR_WORKER_FAILED', `the worker failed: ${ev.message || 'it could not be started'}`));
    };
    post = (msg, transfer) => w.postMessage(msg, transfer);
    terminate = () => w.terminate();
  }
  /**
   * One request. `signal` asks the worker to abort it (the worker answers, with an AbortError,
   * once it has let go of what the operation held); `onProgress` receives its progress messages.
   */
  const call = (op, args, transfer = [], { signal, onProgress } = {}) =>
    new Promise((resolve, reject) => {
      if (dead) return reject(dead);
      if (signal?.aborted) return reject(abortError(signal));
      const id = nextId++;
      if (pending.size === 0) hold();
      const onAbort = () => post({ id, cancel: true }, []);
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = () => signal?.removeEventListener('abort', onAbort);
      pending.set(id, { resolve, reject, onProgress, done });
      post({ id, op, args }, transfer);
    });
  /** A fresh recipient key in the worker with `keys` (key objects of `ehr`) sealed to it. */
  const sealKeys = async (ehr, keys) => {
    const { slot, publicKey } = await call('recipient', []);
    try {
      return { slot, wrapped: keys.map((k) => ehr.records.wrapKey(k, publicKey)) };
    } catch (e) {
      await call('forget', [slot]).catch(() => {});
      throw e;
    }
  };
  /**
   * A file operation with the keys sealed to recipient `slot`: when it fails before the worker
   * took the slot (cancelled before it was sent, the worker gone), the slot's key is disposed of
   * there too ('forget' of a slot already used does nothing).
   */
  const withSlot = (op, slot, args, o) =>
    call(op, [slot, ...args], [], o).catch(async (e) => {
      await call('forget', [slot]).catch(() => {});
      throw e;
    });
  const gatewayOf = (o) => {
    const g = aoptions(o ?? {});
    if (!Array.isArray(g.gateways)) throw typeError('gateway.gateways must list the gateway URLs');
    // What crosses postMessage: the gateways and plain settings (no fetch function, no callback).
    return {
      gateways: [...g.gateways],
      ...(g.mode !== undefined ? { mode: g.mode } : {}),
      ...(g.timeoutMs !== undefined ? { timeoutMs: g.timeoutMs } : {}),
      ...(g.concurrency !== undefined ? { concurrency: g.concurrency } : {}),
      ...(g.maxBufferedBytes !== undefined ? { maxBufferedBytes: g.maxBufferedBytes } : {}),
      ...(g.maxRetryAfterMs !== undefined ? { maxRetryAfterMs: g.maxRetryAfterMs } : {}),
    };
  };
  // Byte secrets are copied into a fresh buffer that is transferred (moved) to the worker.
  const moved = (v) => (v instanceof Uint8Array ? v.slice() : v);
  const buffers = (...vs) => vs.filter((v) => v instanceof Uint8Array).map((v) => v.buffer);

  const end = () => {
    onFailure(failure('ERR_WORKER_TERMINATED', 'worker terminated'));
    return terminate();
  };
  try {
    // A copy of the bytes is moved to the worker: the caller's stay usable.
    const bytes = wasmBytes(options.wasmBinary)?.slice();
    await call('init', bytes ? [bytes] : [], bytes ? [bytes.buffer] : []);
  } catch (e) {
    await end();
    throw e;
  }

  return Object.freeze({
    /** The keystore's derived key (the KDF step); finish with wallet.fromKeystoreWithKey. */
    keystoreDerivedKey(json, password) {
      const pw = moved(password);
      return call('keystoreDerivedKey', [json, pw], buffers(pw));
    },
    /** The decrypted private key bytes (prefer ehr.wallet.fromKeystoreAsync). */
    keystoreDecrypt(json, password) {
      const pw = moved(password);
      return call('keystoreDecrypt', [json, pw], buffers(pw));
    },
    /** Keystore JSON of `privateKey` (moved to the worker: the caller's array is wiped). */
    encryptKeystore(privateKey, password, options = {}) {
      const key = privateKey.slice();
      privateKey.fill(0);
      const pw = moved(password);
      return call('keystoreEncrypt', [key, pw, options], buffers(key, pw));
    },
    mnemonicToSeed(phrase, passphrase = '') {
      return call('mnemonicToSeed', [phrase, passphrase]);
    },
    pbkdf2Sha256(password, salt, iterations, dkLen) {
      const pw = moved(password);
      return call('pbkdf2Sha256', [pw, salt, iterations, dkLen], buffers(pw));
    },
    pbkdf2Sha512(password, salt, iterations, dkLen) {
      const pw = moved(password);
      return call('pbkdf2Sha512', [pw, salt, iterations, dkLen], buffers(pw));
    },
    scrypt(password, salt, params) {
      const pw = moved(password);
      return call('scrypt', [pw, salt, params], buffers(pw));
    },
    /**
     * A file sealed in the worker (sealStream there): the chart keys of `encrypt` are sealed to a
     * fresh key of the worker's module with ehr.records.wrapKey and opened there, never as bytes.
     * The envelope goes to `target` (a file handle) or comes back as `blob`.
     */
    async sealFile(ehr, options) {
      const { file, encrypt, profile = 'unixfs-v1-2025', target = null, signal, onProgress } = aoptions(options);
      if (typeof Blob === 'undefined' || !(file instanceof Blob)) throw typeError('file must be a Blob or File');
      const { chartKeys = [], ...rest } = aoptions(encrypt);
      if (!Array.isArray(chartKeys)) throw typeError('encrypt.chartKeys must be an array');
      const { slot, wrapped } = await sealKeys(ehr, chartKeys);
      return withSlot('sealFile', slot, [wrapped, rest, profile, file, target], { signal, onProgress });
    },
    /**
     * A file envelope opened in the worker: its header is read through the gateways first,
     * `keysFor(header)` (in the caller's module) picks the keys, which are sealed to the worker
     * as for sealFile; then the worker streams the CAR, verifies every block, decrypts and writes
     * to `target` (or returns `blob`), and checks size and SHA-1 against `expect`.
     */
    async openFile(ehr, options) {
      const { cid, gateway, keysFor, scope, expect = {}, target = null, signal, onProgress } = aoptions(options);
      if (typeof keysFor !== 'function') throw typeError('keysFor must be a function of the envelope header');
      const g = gatewayOf(gateway);
      const header = await call('fileHeader', [cid, g], [], { signal });
      if (scope !== undefined && header.scope !== scope)
        throw Object.assign(new Error("the file's category does not match its record"), { code: 'ERR_BAD_ENVELOPE' });
      const keys = keysFor(header);
      let sealed;
      try {
        const chartKeys = keys?.chartKeys ?? [];
        const identities = keys?.identities ?? [];
        const all = await sealKeys(ehr, [...chartKeys, ...identities]);
        sealed = {
          slot: all.slot,
          wrapped: {
            chartKeys: all.wrapped.slice(0, chartKeys.length),
            identities: all.wrapped.slice(chartKeys.length),
          },
        };
      } finally {
        keys?.release?.();
      }
      const exp = {
        ...(expect.size !== undefined ? { size: expect.size } : {}),
        ...(expect.hash ? { hash: expect.hash } : {}),
      };
      return withSlot('openFile', sealed.slot, [sealed.wrapped, cid, g, scope, exp, target], { signal, onProgress });
    },
    /** The lock: disposeAll() in the worker's module (before terminate(), which drops its memory). */
    async wipe() {
      await call('wipe', []);
    },
    terminate: end,
  });
}

/**
 * A worker started on first use and stopped by a lock (the page's worker: web/src/worker-host.js).
 * run(fn) starts it if need be (createWorker with `url` and `wasmBinary`, which may be a function
 * that returns the bytes or a Promise of them) and resolves to fn(worker). stop(graceMs) asks the
 * worker to wipe (waiting at most graceMs), then terminates it. A run that a stop overtakes rejects
 * with `locked()` (a Uint8Array result that still arrives is wiped); after a worker failed
 * (ERR_WORKER_FAILED) the next run starts a new one.
 * @param {{ url?: string | URL, wasmBinary?: ArrayBuffer | Uint8Array | (() => any), locked?: () => Error }} [options]
 */
export function onDemandWorker(options = {}) {
  const { url, wasmBinary, locked = () => failure('ERR_LOCKED', 'the worker was stopped') } = aoptions(options);
  /** The worker being started or running (a Promise of its client), its client once it runs. */
  let starting = null,
    client = null;
  /** How many times stop() ran: a run that sees it change was overtaken by a lock. */
  let stops = 0;
  const start = () => {
    const gen = stops;
    const p = (async () => {
      const bytes = typeof wasmBinary === 'function' ? await wasmBinary() : wasmBinary;
      const w = await createWorker({ url, wasmBinary: bytes });
      if (gen !== stops) {
        w.terminate(); // stopped while it started
        throw locked();
      }
      return (client = w);
    })();
    p.catch(() => {
      if (starting === p) starting = null;
    });
    return p;
  };
  const drop = () => {
    const w = client;
    starting = client = null;
    return w;
  };
  return Object.freeze({
    /** True while the worker runs or starts. */
    get running() {
      return starting !== null;
    },
    async run(fn) {
      const gen = stops;
      const p = (starting ??= start());
      let r;
      try {
        r = await fn(await p);
      } catch (e) {
        if (gen !== stops) throw locked();
        if (e?.code === 'ERR_WORKER_FAILED' && starting === p) drop()?.terminate();
        throw e;
      }
      if (gen === stops) return r;
      if (r instanceof Uint8Array) r.fill(0);
      throw locked();
    },
    async stop(graceMs = 300) {
      stops++;
      const w = drop();
      if (!w) return;
      await Promise.race([w.wipe().catch(() => {}), new Promise((r) => setTimeout(r, graceMs))]);
      await w.terminate();
    },
  });
}
