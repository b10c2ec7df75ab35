// IPFS area of the JS API: CIDs, block verification, UnixFS file and directory builders (the
// same DAG as ipfs-unixfs-importer / Kubo for a profile), a verifying DAG reader and CAR v1.
// CIDs cross the API as strings (canonical text: base58btc for CIDv0, base32 for CIDv1); blocks
// as { cid, bytes }. Everything that checks bytes against a CID runs in the module.
//
// This file holds what every part shares (the output area, CIDs, profiles, block queues, byte
// sources), block verification and the verifying DAG reader; ipfs-unixfs.js builds files and
// directories (and CIDs of content), ipfs-car.js writes and reads CAR v1.
import { EhrError, abytes, aint, aoptions, astring, rangeError, typeError } from './errors.js';
import { DISPOSE } from './core.js';
import { makeUnixfs } from './ipfs-unixfs.js';
import { makeCar } from './ipfs-car.js';

const te = new TextEncoder();
const td = new TextDecoder();
const BASES = { base32: 0x62, base58btc: 0x7a, base16: 0x66 };

/**
 * Yields the Uint8Array pieces of any byte source: a Uint8Array, a Blob, a ReadableStream or an
 * (async) iterable of Uint8Array. Shared by the IPFS API and the gateway client and uploader.
 */
export async function* bytePieces(source) {
  if (source instanceof Uint8Array) {
    yield source;
    return;
  }
  if (typeof Blob !== 'undefined' && source instanceof Blob) source = source.stream();
  if (source && typeof source.getReader === 'function') {
    const reader = source.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield abytes(value, 'stream chunk');
      }
    } finally {
      reader.releaseLock();
    }
  }
  if (source && (typeof source[Symbol.asyncIterator] === 'function' || typeof source[Symbol.iterator] === 'function')) {
    for await (const piece of source) yield abytes(piece, 'stream chunk');
    return;
  }
  throw typeError('source must be a Uint8Array, Blob, ReadableStream or (async) iterable of Uint8Array');
}

/**
 * @param {import('./core.d.ts').Core} core
 */
export function makeIpfs(core) {
  const { mod, IO, heap, check, withInput, out, malloc, free, Handle } = core;
  const OUT = mod._ehr_ipfs_out();
  // Memory growth replaces the buffer: never cache a view across calls into the module.
  const u32 = (at) => new DataView(heap().buffer).getUint32(OUT + at, true);
  const f64 = (at) => new DataView(heap().buffer).getFloat64(OUT + at, true);
  const result = () => out(mod._ehr_ipfs_result_ptr(), mod._ehr_ipfs_result_len());
  /** A binary CID written as u32 length || bytes at OUT + at. */
  const cidAt = (at) => out(OUT + at + 4, u32(at));
  const handleAt0 = () => u32(0);

  // Builders and readers own a module handle (core.js Handle: freed on dispose(), by the garbage
  // collector as a safety net, and by disposeAll()).

  /** Runs fn(ptr, len) with ASCII/UTF-8 text copied into module memory. */
  const withText = (text, fn) => {
    const bytes = te.encode(text);
    return withInput(bytes, (p) => fn(p, bytes.length));
  };

  /** Runs fn(pa, pb) with two byte arrays side by side in one module block (freed afterwards). */
  const withPair = (a, b, fn) => {
    const ptr = malloc(a.length + b.length);
    try {
      heap().set(a, ptr);
      heap().set(b, ptr + a.length);
      return fn(ptr, ptr + a.length);
    } finally {
      free(ptr, a.length + b.length);
    }
  };

  // ---- CIDs -------------------------------------------------------------------------------------
  /** Binary form of a CID given as text or bytes (validated either way). */
  const cidBytes = (cid, name = 'cid') => {
    if (typeof cid === 'string') {
      if (cid.length > 1024) throw rangeError(`${name} is too long (${cid.length} characters)`);
      withText(cid, (p, n) => check(mod._ehr_ipfs_cid_parse(p, n)));
      return cidAt(16);
    }
    abytes(cid, name);
    if (cid.length > 128) throw rangeError(`${name} must be at most 128 bytes, got ${cid.length}`);
    withInput(cid, (p) => check(mod._ehr_ipfs_cid_format(p, cid.length, 0x62)));
    return cid.slice();
  };
  /** Text of a binary CID (assumed valid: it came from the module). */
  const cidText = (bytes, base = 0x62) => {
    withInput(bytes, (p) => check(mod._ehr_ipfs_cid_format(p, bytes.length, base)));
    return td.decode(result());
  };

  const parseCid = (text) => {
    astring(text, 'cid');
    if (text.length > 1024) throw rangeError(`cid is too long (${text.length} characters)`);
    withText(text, (p, n) => check(mod._ehr_ipfs_cid_parse(p, n)));
    const version = u32(0),
      codec = u32(4),
      hashCode = u32(8),
      digestLength = u32(12);
    const bytes = cidAt(16);
    const digest = bytes.slice(bytes.length - digestLength);
    return { version, codec, hashCode, digest, bytes, string: cidText(bytes) };
  };

  const formatCid = (cid, base = 'base32') => {
    const code = BASES[base];
    if (code === undefined) throw typeError(`base must be one of ${Object.keys(BASES).join(', ')}, got ${base}`);
    return cidText(cidBytes(cid), code);
  };

  const verifyBlock = (cid, bytes) => {
    const c = cidBytes(cid);
    abytes(bytes, 'bytes');
    // The CID and the block in one module allocation (the arena's input area holds one input).
    const code = withPair(c, bytes, (pc, pb) => mod._ehr_ipfs_verify_block(pc, c.length, pb, bytes.length));
    if (code === 0) return true;
    const e = core.fail(code);
    if (e.code === 'ERR_HASH_MISMATCH' || e.code === 'ERR_TOO_LARGE') return false;
    throw e;
  };

  // ---- profiles ---------------------------------------------------------------------------------
  /** { chunkSize, maxLinks, cidVersion, rawLeaves } for a profile name or object. */
  const resolveProfile = (profile = 'unixfs-v1-2025') => {
    if (typeof profile === 'string') {
      if (profile.length > 64) throw rangeError('profile name is too long');
      withText(profile, (p, n) => check(mod._ehr_ipfs_profile(p, n)));
      return Object.freeze({ chunkSize: u32(0), maxLinks: u32(4), cidVersion: u32(8), rawLeaves: u32(12) === 1 });
    }
    if (profile === null || typeof profile !== 'object') throw typeError('profile must be a name or an object');
    const { chunkSize, maxLinks, cidVersion, rawLeaves } = profile;
    for (const [k, v] of [
      ['chunkSize', chunkSize],
      ['maxLinks', maxLinks],
      ['cidVersion', cidVersion],
    ]) {
      if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw typeError(`profile.${k} must be an integer`);
    }
    if (typeof rawLeaves !== 'boolean') throw typeError('profile.rawLeaves must be a boolean');
    return Object.freeze({ chunkSize, maxLinks, cidVersion, rawLeaves });
  };
  const profileArgs = (p) => [p.chunkSize, p.maxLinks, p.cidVersion, p.rawLeaves ? 1 : 0];

  // ---- block queues -----------------------------------------------------------------------------
  /** Copies out every block a builder queued. */
  const drain = (nextFn, h, into) => {
    for (;;) {
      check(nextFn(h));
      if (u32(0) !== 1) break;
      const ptr = u32(4),
        len = u32(8),
        cidLen = u32(16);
      const cid = cidText(out(OUT + 20, cidLen));
      into.push({ cid, bytes: out(ptr, len) });
    }
    return into;
  };
  const rootAt = () => ({ cid: cidText(cidAt(24)), size: f64(0), fileSize: f64(8), blockCount: f64(16) });

  // ---- DAG reader -------------------------------------------------------------------------------
  const createReader = (root, options = {}) => {
    const c = cidBytes(root, 'root');
    options = aoptions(options);
    const path = options.path ?? '';
    astring(path, 'path');
    const offset = options.offset ?? 0;
    const length = options.length ?? -1;
    if (!Number.isSafeInteger(offset) || offset < 0) throw rangeError('offset must be a non-negative integer');
    if (!Number.isSafeInteger(length) || length < -1) throw rangeError('length must be a non-negative integer');
    const pathBytes = te.encode(path);
    withPair(c, pathBytes, (pc, pp) =>
      check(mod._ehr_ipfs_reader_new(pc, c.length, pp, pathBytes.length, offset, length)),
    );
    const h = new Handle(handleAt0());
    let fileSize,
      rangeLength,
      done = false,
      bytesOut = 0;
    const live = () => {
      if (h.disposed) throw new EhrError('ERR_BAD_HANDLE', 'reader: disposed');
    };
    const release = () => h.dispose();
    const self = {
      /** The CID of the block needed next, or null when done. */
      next() {
        live();
        check(mod._ehr_ipfs_reader_next(h.handle()));
        return u32(0) === 1 ? cidText(cidAt(4)) : null;
      },
      /** Verifies `bytes` as the needed block; returns the file bytes in it (a view of `bytes`). */
      supply(bytes) {
        live();
        abytes(bytes, 'bytes');
        if (bytes.length > 2 * 1024 * 1024) throw new EhrError('ERR_TOO_LARGE', 'block larger than 2 MiB');
        check(withInput(bytes, (p) => mod._ehr_ipfs_reader_supply(h.handle(), p, bytes.length)));
        const o = u32(0),
          n = u32(4);
        const fs = f64(8),
          rl = f64(16);
        if (fs >= 0) fileSize = fs;
        if (rl >= 0) rangeLength = rl;
        done = u32(24) === 1;
        bytesOut += n;
        return bytes.subarray(o, o + n);
      },
      /** Up to `max` CIDs that will be needed, in order, next() first. */
      upcoming(max = 8) {
        live();
        aint(max, 'max', 1, 0x7fffffff);
        check(mod._ehr_ipfs_reader_upcoming(h.handle(), max));
        const count = u32(0);
        const list = [];
        for (let i = 0, at = 4; i < count; i++) {
          const len = u32(at);
          list.push(cidText(out(OUT + at + 4, len)));
          at += 4 + len;
        }
        return list;
      },
      get fileSize() {
        return fileSize;
      },
      get rangeLength() {
        return rangeLength;
      },
      get done() {
        return done;
      },
      get bytesOut() {
        return bytesOut;
      },
      dispose: release,
      [DISPOSE]() {
        release();
      },
    };
    return self;
  };

  /**
   * The bytes of a file (or a range of it), in order, from blocks obtained through getBlock(cid)
   * (any source, untrusted: each block is verified before its bytes come out). Up to
   * `concurrency` blocks are requested ahead.
   */
  async function* readFile(root, getBlock, options = {}) {
    if (typeof getBlock !== 'function') throw typeError('getBlock must be a function (cid) => Promise<Uint8Array>');
    const concurrency = options.concurrency ?? 4;
    const reader = createReader(root, options);
    const inflight = new Map();
    try {
      for (let want = reader.next(); want !== null; want = reader.next()) {
        for (const c of concurrency > 1 ? reader.upcoming(concurrency) : [want]) {
          if (!inflight.has(c)) {
            const pr = Promise.resolve().then(() => getBlock(c));
            pr.catch(() => {});
            inflight.set(c, pr);
          }
        }
        const bytes = await inflight.get(want);
        inflight.delete(want);
        const data = reader.supply(bytes);
        options.onProgress?.({ bytesDone: reader.bytesOut, bytesTotal: reader.rangeLength });
        if (data.length > 0) yield data;
      }
    } finally {
      reader.dispose();
    }
  }

  // ---- the other parts ----------------------------------------------------------------------------
  const ctx = {
    ...{ core, mod, IO, heap, check, withInput, out, Handle, OUT, u32, f64, result, cidAt, handleAt0 },
    ...{ withText, withPair, cidBytes, cidText, formatCid, resolveProfile, profileArgs, drain, rootAt, bytePieces },
  };
  const unixfs = makeUnixfs(ctx);
  const car = makeCar(ctx);

  return {
    ipfs: Object.freeze({
      parseCid,
      formatCid,
      verifyBlock,
      profile: resolveProfile,
      cid: unixfs.cid,
      cidSync: unixfs.cidSync,
      createFileBuilder: unixfs.createFileBuilder,
      importFile: unixfs.importFile,
      importDirectory: unixfs.importDirectory,
      directoryCid: unixfs.directoryCid,
      createReader,
      readFile,
      carHeader: car.carHeader,
      carExport: car.carExport,
      carBytes: car.carBytes,
      readCar: car.readCar,
    }),
  };
}
