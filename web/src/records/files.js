// Files of any size as their own encrypted objects (docs/record-format.md, Files). Adding: the
// file is read as a stream (File.stream()), hashed (SHA-1, FHIR's Attachment.hash), encrypted as
// one record envelope under the same keys and scope as the record that points at it, its UnixFS
// CID built from the ciphertext as it passes, and the ciphertext staged on disk (the origin
// private file system) so the upload reads it from disk; then the ciphertext is uploaded and the
// node's CID must equal ours. The FHIR record (a DocumentReference) carries only
// `ipfs://<cid>`, the plaintext's size and hash, the content type and the title. Opening streams
// the file: every block verified against its CID by the gateway client, every chunk
// authenticated by the decryption, written piece by piece to a file the person chose (File System
// Access API) or to a staged file then downloaded; size and SHA-1 are checked at the end.
//
// Nothing here holds more than a few MiB of the file. The functions take the module's API as an
// argument (no page imports), so the Node suite runs the same pipeline (tests/wasm/large-stream).

/** Size of the FHIR R4 `unsignedInt` (Attachment.size): larger files leave `size` out. */
export const MAX_FHIR_SIZE = 2147483647;
/** Envelope bytes gathered before one write to the staging file. */
const WRITE_BATCH = 4 << 20;
/** The scheme of a file attachment's url. */
const IPFS_SCHEME = 'ipfs://';

const abortError = (signal) =>
  signal?.reason instanceof Error
    ? signal.reason
    : Object.assign(new Error('cancelled'), { name: 'AbortError', code: 'ERR_CANCELLED' });
const throwIfAborted = (signal) => {
  if (signal?.aborted) throw abortError(signal);
};

// ---- SHA-1 (incremental; FHIR R4 Attachment.hash is a base64 SHA-1) ------------------------------

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

/** Standard base64 of bytes (small inputs: digests). */
export function base64(bytes) {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

// ---- byte sources ------------------------------------------------------------------------------

/** The pieces of a Blob/File, ReadableStream or (async) iterable of Uint8Array, in order. */
async function* piecesOf(source) {
  if (typeof Blob !== 'undefined' && source instanceof Blob) source = source.stream();
  if (source && typeof source.getReader === 'function') {
    const reader = source.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    } finally {
      await reader.cancel().catch(() => {});
      reader.releaseLock();
    }
  }
  for await (const piece of source) yield piece;
}

// ---- staging (the origin private file system) --------------------------------------------------

const opfsRoot = async () => {
  try {
    return (await globalThis.navigator?.storage?.getDirectory?.()) ?? null;
  } catch {
    return null;
  }
};
const randomName = (prefix) => {
  const r = new Uint8Array(8);
  crypto.getRandomValues(r);
  return `${prefix}-${Array.from(r, (b) => b.toString(16).padStart(2, '0')).join('')}`;
};

/**
 * Removes staging files a closed or crashed page left behind (best effort): those not written
 * for `minAgeMs` (another tab may be using a newer one).
 */
async function sweep(root, prefix, keep, minAgeMs) {
  try {
    for await (const [name, handle] of root.entries()) {
      if (!name.startsWith(`${prefix}-`) || name === keep) continue;
      const age = Date.now() - (await handle.getFile()).lastModified;
      if (age >= minAgeMs) await root.removeEntry(name).catch(() => {});
    }
  } catch {}
}

/**
 * A place to write a large byte stream without keeping it in memory: a file of the origin
 * private file system when the browser has one, else Blob batches (which the browser may keep
 * in memory). write(bytes), then finish() gives a Blob (disk-backed for OPFS); discard() removes
 * it. `kind` says which.
 * @param {string} prefix
 * @param {{ sweepAfterMs?: number }} [o] staging files of this prefix older than that are removed
 */
export async function openStage(prefix, { sweepAfterMs = 3600_000 } = {}) {
  const root = await opfsRoot();
  if (root && typeof root.getFileHandle === 'function') {
    try {
      const name = randomName(prefix);
      await sweep(root, prefix, name, sweepAfterMs);
      const fh = await root.getFileHandle(name, { create: true });
      const w = await fh.createWritable();
      let open = true;
      return {
        kind: 'opfs',
        write: (b) => w.write(b),
        async finish() {
          open = false;
          await w.close();
          return fh.getFile();
        },
        async discard() {
          if (open) await w.abort().catch(() => {});
          open = false;
          await root.removeEntry(name).catch(() => {});
        },
      };
    } catch {
      // No usable OPFS here (a private window may refuse it): fall back to memory.
    }
  }
  let blobs = [];
  let parts = [];
  let n = 0;
  const seal = () => {
    if (parts.length) blobs.push(new Blob(parts));
    parts = [];
    n = 0;
  };
  return {
    kind: 'memory',
    write(b) {
      parts.push(b);
      n += b.length;
      if (n >= 16 << 20) seal();
    },
    finish() {
      seal();
      return new Blob(blobs);
    },
    discard() {
      blobs = [];
      parts = [];
    },
  };
}

// ---- sealing -------------------------------------------------------------------------------------

/**
 * Encrypts a byte stream as one record envelope and builds the UnixFS CID of the envelope as it
 * passes; `write(bytes)` (optional, awaited) receives the envelope in order, in batches of about
 * 4 MiB. Plaintext pieces are wiped once encrypted.
 * @param {any} api the module's API (init())
 * @param {{ source: Blob | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>, size?: number,
 *   encrypt: import('../../../wasm/js/records.d.ts').EncryptOptions, profile: any,
 *   write?: (bytes: Uint8Array) => unknown, signal?: AbortSignal,
 *   onProgress?: (p: { bytesDone: number, bytesTotal?: number }) => void }} o
 * @returns {Promise<{ cid: string, size: number, sha1: Uint8Array, envelopeSize: number }>}
 */
export async function sealStream(api, o) {
  throwIfAborted(o.signal);
  const enc = api.records.createEncryptor(o.encrypt);
  const sha1 = createSha1();
  let size = 0;
  let envelopeSize = 0;
  let batch = [];
  let batchLen = 0;
  const flush = async () => {
    if (!batchLen) return;
    const b = batch.length === 1 ? batch[0] : concat(batch, batchLen);
    batch = [];
    batchLen = 0;
    await o.write?.(b);
  };
  async function* envelope() {
    for await (const piece of piecesOf(o.source)) {
      throwIfAborted(o.signal);
      const p = piece instanceof Uint8Array ? piece : new Uint8Array(piece);
      sha1.update(p);
      const out = enc.push(p);
      size += p.length;
      p.fill(0);
      o.onProgress?.({ bytesDone: size, bytesTotal: o.size });
      if (out.length) {
        envelopeSize += out.length;
        if (o.write) {
          batch.push(out);
          batchLen += out.length;
          if (batchLen >= WRITE_BATCH) await flush();
        }
        yield out;
      }
    }
    throwIfAborted(o.signal);
    const last = enc.finish();
    envelopeSize += last.length;
    if (o.write) {
      batch.push(last);
      batchLen += last.length;
      await flush();
    }
    yield last;
  }
  try {
    const cid = await api.ipfs.cid(envelope(), { profile: o.profile });
    return { cid, size, sha1: sha1.digest(), envelopeSize };
  } finally {
    enc.dispose();
  }
}

function concat(parts, n) {
  const out = new Uint8Array(n);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/**
 * A file (Blob/File) sealed and uploaded: sealStream into a staging file, then the upload of that
 * file (the node's CID must equal ours). Stages: onStage('encrypt'), onStage('upload', bytes).
 * The staging file is removed in any case. Cancel with `signal` (AbortError).
 * @returns {Promise<{ cid: string, size: number, hash: string, envelopeSize: number, staged: string }>}
 */
export async function sealAndUploadFile(api, { file, encrypt, uploader, signal, onProgress, onStage }) {
  const stage = await openStage('ehr-upload');
  try {
    onStage?.('encrypt');
    const sealed = await sealStream(api, {
      source: file,
      size: file.size,
      encrypt,
      profile: uploader.params,
      write: (b) => stage.write(b),
      signal,
      onProgress,
    });
    const blob = await stage.finish();
    throwIfAborted(signal);
    onStage?.('upload', sealed.envelopeSize);
    const { cid } = await uploader.add(blob, { cid: sealed.cid, filename: 'file.ehr', signal });
    return { cid, size: sealed.size, hash: base64(sealed.sha1), envelopeSize: sealed.envelopeSize, staged: stage.kind };
  } finally {
    await stage.discard();
  }
}

/**
 * The DocumentReference of a file stored as its own envelope: Attachment.url `ipfs://<cid>`,
 * contentType, title, size (left out past FHIR's unsignedInt) and hash (base64 SHA-1).
 */
export function fileDocument({ cid, size, hash, contentType, title, description, subject, date }) {
  return {
    resourceType: 'DocumentReference',
    status: 'current',
    subject,
    date: date ?? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    ...(description ? { description } : {}),
    content: [
      {
        attachment: {
          contentType: contentType || 'application/octet-stream',
          ...(title ? { title } : {}),
          url: `${IPFS_SCHEME}${cid}`,
          ...(size <= MAX_FHIR_SIZE ? { size } : {}),
          hash,
        },
      },
    ],
  };
}

/** The attachment of a record that points at a file envelope (`ipfs://` url, no data), or null. */
export function fileAttachment(resource) {
  if (!resource || typeof resource !== 'object') return null;
  const lists =
    resource.resourceType === 'DocumentReference'
      ? (resource.content ?? []).map((c) => c?.attachment)
      : resource.resourceType === 'Media'
        ? [resource.content]
        : [];
  for (const a of lists) {
    if (a && typeof a.url === 'string' && a.url.startsWith(IPFS_SCHEME) && a.data === undefined) return a;
  }
  return null;
}

/** The CID of a file attachment's url. */
export const attachmentCid = (att) => att.url.slice(IPFS_SCHEME.length).split(/[/?#]/)[0];

// ---- opening -------------------------------------------------------------------------------------

/**
 * Streams a file envelope from `pieces` (verified ciphertext in order, e.g. gateway.cat(cid)),
 * decrypts it chunk by chunk into `sink.write`, and checks size and SHA-1 against the
 * attachment's. `keysFor(header)` picks the keys from the envelope's header ({ chartKeys,
 * identities, release? }); the header's scope must be `scope`. Throws a typed error (the
 * decryptor's codes, ERR_HASH_MISMATCH) and writes nothing more once anything fails: the caller
 * must then discard what was written.
 * @returns {Promise<{ size: number, sha1: Uint8Array }>}
 */
export async function openStream(api, { pieces, keysFor, scope, expect = {}, sink, signal, onProgress }) {
  const sha1 = createSha1();
  let head = null;
  let dec = null;
  let keys = null;
  let size = 0;
  const emit = async (pt) => {
    if (!pt.length) return;
    sha1.update(pt);
    size += pt.length;
    await sink.write(pt);
    onProgress?.({ bytesDone: size, bytesTotal: expect.size });
  };
  try {
    for await (const piece of pieces) {
      throwIfAborted(signal);
      if (!dec) {
        head = head ? concat([head, piece], head.length + piece.length) : piece;
        const info = api.records.inspect(head);
        if (!info.complete) continue;
        if (scope !== undefined && info.scope !== scope)
          throw Object.assign(new Error("the file's category does not match its record"), {
            code: 'ERR_BAD_ENVELOPE',
          });
        keys = keysFor(info);
        dec = api.records.createDecryptor(keys);
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
 * Where an opened file goes, chosen at the click (before any await: the picker needs the user's
 * gesture): the File System Access API's save picker where the browser has it, else a staging
 * file in the origin private file system handed to the browser's download (constant memory
 * too), else memory. Resolves to null when the person cancelled the picker.
 * @returns {Promise<null | { kind: string, write: (b: Uint8Array) => Promise<void>,
 *   close: () => Promise<void>, abort: () => Promise<void> }>}
 */
export async function chooseTarget(name, contentType) {
  if (typeof globalThis.showSaveFilePicker === 'function') {
    let handle;
    try {
      handle = await globalThis.showSaveFilePicker({ suggestedName: name });
    } catch (e) {
      if (e?.name === 'AbortError') return null;
      handle = null; // refused (no gesture, policy): fall back below
    }
    if (handle) {
      const w = await handle.createWritable();
      return {
        kind: 'picker',
        write: (b) => w.write(b),
        close: () => w.close(),
        abort: () => w.abort().catch(() => {}),
      };
    }
  }
  // A download's staging file stays until the browser has read it: swept a minute later.
  const stage = await openStage('ehr-download', { sweepAfterMs: 60_000 });
  return {
    kind: stage.kind === 'opfs' ? 'opfs-download' : 'memory-download',
    write: async (b) => {
      await stage.write(b);
    },
    async close() {
      const blob = await stage.finish();
      const file = new File([blob], name, { type: contentType || 'application/octet-stream' });
      const url = URL.createObjectURL(file);
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      a.hidden = true;
      document.body.append(a);
      a.click();
      a.remove();
      // The staging file stays until the download has read it: a later download sweeps it.
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    },
    abort: () => stage.discard(),
  };
}
