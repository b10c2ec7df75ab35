// IPFS area of the JS API: CIDs, block verification, UnixFS file and directory builders (the
// same DAG as ipfs-unixfs-importer / Kubo for a profile), a verifying DAG reader and CAR v1.
// CIDs cross the API as strings (canonical text: base58btc for CIDv0, base32 for CIDv1); blocks
// as { cid, bytes }. Everything that checks bytes against a CID runs in the module.
import { EhrError, abytes, aint, aoptions, astring, rangeError, typeError } from './errors.js';
import { concatBytes } from './core.js';

const te = new TextEncoder();
const td = new TextDecoder();
const BASES = { base32: 0x62, base58btc: 0x7a, base16: 0x66 };
const dispose = Symbol.dispose ?? Symbol.for('Symbol.dispose');

/**
 * @param {import('./core.d.ts').Core} core
 */
/**
 * Yields the Uint8Array pieces of any byte source: a Uint8Array, a Blob, a ReadableStream or an
 * (async) iterable of Uint8Array. Shared by the IPFS API and the uploader (gateway.js).
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
    const ptr = malloc(c.length + bytes.length);
    let code;
    try {
      heap().set(c, ptr);
      heap().set(bytes, ptr + c.length);
      code = mod._ehr_ipfs_verify_block(ptr, c.length, ptr + c.length, bytes.length);
    } finally {
      free(ptr, c.length + bytes.length);
    }
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

  // ---- file builder -----------------------------------------------------------------------------
  const createFileBuilder = (options = {}) => {
    options = aoptions(options);
    const p = resolveProfile(options.profile);
    const blocks = options.blocks === true;
    check(mod._ehr_ipfs_file_new(...profileArgs(p), blocks ? 1 : 0));
    const h = new Handle(handleAt0());
    const live = () => {
      if (h.disposed) throw new EhrError('ERR_BAD_HANDLE', 'file builder: already finished or disposed');
    };
    let bytesIn = 0;
    const release = () => h.dispose();
    const self = {
      profile: p,
      get bytesIn() {
        return bytesIn;
      },
      update(data) {
        live();
        abytes(data, 'data');
        const got = [];
        for (let off = 0; off < data.length;) {
          let code = mod._ehr_ipfs_file_window(h.handle());
          if (code !== 0) {
            release();
            throw core.fail(code);
          }
          const w = u32(0);
          const n = Math.min(u32(4), data.length - off);
          heap().set(data.subarray(off, off + n), w);
          code = mod._ehr_ipfs_file_commit(h.handle(), n);
          if (code !== 0) {
            release();
            throw core.fail(code);
          }
          off += n;
          bytesIn += n;
          if (blocks) drain(mod._ehr_ipfs_file_next_block, h.handle(), got);
        }
        return got;
      },
      /** Adds a whole raw leaf whose SHA-256 was computed elsewhere (WebCrypto). */
      addRawLeaf(sha256, size) {
        live();
        abytes(sha256, 'sha256', 32);
        aint(size, 'size', 0, 0xffffffff);
        heap().set(sha256, IO);
        const code = mod._ehr_ipfs_file_add_raw_leaf(h.handle(), IO, size);
        if (code !== 0) {
          release();
          throw core.fail(code);
        }
        bytesIn += size;
      },
      finish() {
        live();
        try {
          check(mod._ehr_ipfs_file_finish(h.handle()));
          const root = rootAt();
          const got = blocks ? drain(mod._ehr_ipfs_file_next_block, h.handle(), []) : [];
          return { ...root, blocks: got };
        } finally {
          release();
        }
      },
      dispose: release,
      [dispose]() {
        release();
      },
    };
    return self;
  };

  const subtle = () => globalThis.crypto?.subtle;
  const chooseHasher = (hasher = 'auto', p) => {
    if (hasher !== 'auto' && hasher !== 'wasm' && hasher !== 'webcrypto')
      throw typeError(`hasher must be auto, wasm or webcrypto`);
    if (hasher === 'wasm') return 'wasm';
    const can = p.rawLeaves && typeof subtle()?.digest === 'function';
    if (hasher === 'webcrypto' && !can) {
      throw new EhrError('ERR_UNSUPPORTED', 'WebCrypto hashing needs crypto.subtle and a raw-leaf profile');
    }
    return can ? 'webcrypto' : 'wasm';
  };
  /** The second argument of cid()/directoryCid(): a profile (name or parameters) or options. */
  const cidOptions = (opts) => {
    if (opts === undefined || opts === null) return {};
    if (typeof opts === 'string' || (typeof opts === 'object' && 'chunkSize' in opts)) return { profile: opts };
    if (typeof opts !== 'object') throw typeError('options must be a profile or an options object');
    return opts;
  };

  /**
   * Raw leaves hashed by the platform (crypto.subtle.digest copies its input when called, so a
   * chunk buffer can be refilled at once); the module builds the nodes. Up to `inflight` digests
   * run at a time (Node runs them on its thread pool).
   */
  async function cidWebCrypto(source, p, onProgress, inflight = 4) {
    const b = createFileBuilder({ profile: p });
    try {
      const queue = [];
      let leaves = 0;
      const submit = (chunk) => {
        leaves++;
        queue.push(
          subtle()
            .digest('SHA-256', chunk)
            .then((d) => [new Uint8Array(d), chunk.length]),
        );
      };
      const settle = async (max) => {
        while (queue.length > max) {
          const [d, n] = await queue.shift();
          b.addRawLeaf(d, n);
          onProgress?.({ bytesDone: b.bytesIn });
        }
      };
      const C = p.chunkSize;
      let buf = null,
        fill = 0;
      for await (const piece of bytePieces(source)) {
        let off = 0;
        while (off < piece.length) {
          if (fill === 0 && piece.length - off >= C) {
            submit(piece.subarray(off, off + C));
            off += C;
          } else {
            buf ??= new Uint8Array(C);
            const n = Math.min(C - fill, piece.length - off);
            buf.set(piece.subarray(off, off + n), fill);
            fill += n;
            off += n;
            if (fill === C) {
              submit(buf);
              fill = 0;
            }
          }
          await settle(inflight);
        }
      }
      if (fill > 0 || leaves === 0) submit((buf ?? new Uint8Array(0)).subarray(0, fill));
      await settle(0);
      return b.finish().cid;
    } finally {
      b.dispose();
    }
  }

  const cid = async (source, opts) => {
    const { profile, hasher, onProgress } = cidOptions(opts);
    const p = resolveProfile(profile);
    if (chooseHasher(hasher, p) === 'webcrypto') return cidWebCrypto(source, p, onProgress);
    const b = createFileBuilder({ profile: p });
    try {
      for await (const piece of bytePieces(source)) {
        b.update(piece);
        onProgress?.({ bytesDone: b.bytesIn });
      }
      return b.finish().cid;
    } finally {
      b.dispose();
    }
  };

  const cidSync = (bytes, profile) => {
    abytes(bytes, 'bytes');
    const b = createFileBuilder({ profile });
    try {
      b.update(bytes);
      return b.finish().cid;
    } finally {
      b.dispose();
    }
  };

  /**
   * Blocks of a file in build order (leaves, then the nodes above them, the root last); returns
   * the root. Holds at most one chunk of input in module memory.
   */
  async function* importFile(source, opts = {}) {
    opts = aoptions(opts);
    const b = createFileBuilder({ profile: opts.profile, blocks: true });
    try {
      for await (const piece of bytePieces(source)) {
        // One chunk at a time, so that a large piece does not pile up its blocks in memory.
        for (let off = 0; off < piece.length; off += b.profile.chunkSize) {
          yield* b.update(piece.subarray(off, Math.min(piece.length, off + b.profile.chunkSize)));
        }
        opts.onProgress?.({ bytesDone: b.bytesIn });
      }
      const root = b.finish();
      yield* root.blocks;
      return { cid: root.cid, size: root.size, fileSize: root.fileSize, blockCount: root.blockCount };
    } finally {
      b.dispose();
    }
  }

  // ---- directories ------------------------------------------------------------------------------
  const checkEntries = (entries) => {
    if (!Array.isArray(entries)) throw typeError('entries must be an array of { path, content | cid }');
    for (const e of entries) {
      if (e === null || typeof e !== 'object') throw typeError('each entry must be an object');
      astring(e.path, 'entry.path');
      if (e.cid !== undefined) {
        if (!Number.isSafeInteger(e.size) || e.size < 0)
          throw typeError(`entry ${e.path}: size (Tsize) must accompany cid`);
      }
    }
  };

  /** Builds the directory nodes over files already built: [{ path, cid, size }] and empty dirs. */
  const buildDirectory = (p, files, dirs, emit) => {
    check(mod._ehr_ipfs_dir_new(...profileArgs(p)));
    const h = handleAt0();
    try {
      for (const path of dirs) withText(path, (pp, n) => check(mod._ehr_ipfs_dir_add_directory(h, pp, n)));
      for (const f of files) {
        const c = cidBytes(f.cid);
        const path = te.encode(f.path);
        const ptr = malloc(path.length + c.length);
        try {
          heap().set(path, ptr);
          heap().set(c, ptr + path.length);
          check(mod._ehr_ipfs_dir_add_file(h, ptr, path.length, ptr + path.length, c.length, f.size));
        } finally {
          free(ptr, path.length + c.length);
        }
      }
      check(mod._ehr_ipfs_dir_build(h, emit ? 1 : 0));
      const root = rootAt();
      const blocks = emit ? drain(mod._ehr_ipfs_dir_next_block, h, []) : [];
      return { cid: root.cid, size: root.size, blockCount: root.blockCount, blocks };
    } finally {
      mod._ehr_handle_free(h);
    }
  };

  /**
   * Blocks of a directory tree: each file's blocks (in entry order), then the directory nodes,
   * the root last. Returns the root and the file list.
   */
  async function* importDirectory(entries, opts = {}) {
    opts = aoptions(opts);
    checkEntries(entries);
    const p = resolveProfile(opts.profile);
    const files = [],
      dirs = [];
    let blockCount = 0;
    for (const e of entries) {
      if (e.cid !== undefined) {
        files.push({ path: e.path, cid: formatCid(e.cid), size: e.size });
      } else if (e.content === undefined || e.content === null) {
        dirs.push(e.path);
      } else {
        const it = importFile(e.content, { profile: p });
        let r;
        while (!(r = await it.next()).done) {
          blockCount++;
          yield r.value;
        }
        files.push({ path: e.path, cid: r.value.cid, size: r.value.size });
      }
    }
    const root = buildDirectory(p, files, dirs, true);
    yield* root.blocks;
    return { cid: root.cid, size: root.size, blockCount: blockCount + root.blockCount, files };
  }

  /** The CID of a directory of files (contents hashed, no blocks kept). */
  const directoryCid = async (entries, opts) => {
    checkEntries(entries);
    const { profile } = cidOptions(opts);
    const p = resolveProfile(profile);
    const files = [],
      dirs = [];
    for (const e of entries) {
      if (e.cid !== undefined) {
        files.push({ path: e.path, cid: formatCid(e.cid), size: e.size });
      } else if (e.content === undefined || e.content === null) {
        dirs.push(e.path);
      } else {
        // Tsize is needed too: the builder reports it (a raw single leaf's Tsize is its length).
        const b = createFileBuilder({ profile: p });
        try {
          for await (const piece of bytePieces(e.content)) b.update(piece);
          const r = b.finish();
          files.push({ path: e.path, cid: r.cid, size: r.size });
        } finally {
          b.dispose();
        }
      }
    }
    return buildDirectory(p, files, dirs, false).cid;
  };

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
    const ptr = malloc(c.length + pathBytes.length);
    try {
      heap().set(c, ptr);
      heap().set(pathBytes, ptr + c.length);
      check(mod._ehr_ipfs_reader_new(ptr, c.length, ptr + c.length, pathBytes.length, offset, length));
    } finally {
      free(ptr, c.length + pathBytes.length);
    }
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
      [dispose]() {
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

  // ---- CAR --------------------------------------------------------------------------------------
  const carHeader = (roots) => {
    if (!Array.isArray(roots)) throw typeError('roots must be an array of CIDs');
    const bin = roots.map((r) => cidBytes(r, 'root'));
    const all = concatBytes(bin);
    withInput(all, (p) => check(mod._ehr_ipfs_car_header(p, all.length, bin.length)));
    return result();
  };
  const carSectionHead = (cidValue, length) => {
    const c = cidBytes(cidValue);
    heap().set(c, IO);
    check(mod._ehr_ipfs_car_section_head(IO, c.length, length));
    return result();
  };

  /** CARv1 bytes, piece by piece: the header, then each block's section. */
  async function* carExport(roots, blocks) {
    if (
      blocks === null ||
      (typeof blocks?.[Symbol.asyncIterator] !== 'function' && typeof blocks?.[Symbol.iterator] !== 'function')
    ) {
      throw typeError('blocks must be an (async) iterable of { cid, bytes }');
    }
    yield carHeader(roots);
    for await (const b of blocks) {
      abytes(b?.bytes, 'block.bytes');
      yield carSectionHead(b.cid, b.bytes.length);
      yield b.bytes;
    }
  }

  const carBytes = (roots, blocks) => {
    if (blocks === null || typeof blocks?.[Symbol.iterator] !== 'function')
      throw typeError('blocks must be an iterable of { cid, bytes }');
    const parts = [carHeader(roots)];
    for (const b of blocks) {
      abytes(b?.bytes, 'block.bytes');
      parts.push(carSectionHead(b.cid, b.bytes.length), b.bytes);
    }
    return concatBytes(parts);
  };

  /**
   * Reads a CAR (v1, or the v1 payload of a v2) from any byte source. Resolves once the header
   * is read: { roots, blocks } where blocks yields every block, verified against its CID unless
   * verify is false. Iterate blocks to the end (or return() it) to release the reader.
   */
  const readCar = async (source, options = {}) => {
    options = aoptions(options);
    const verify = options.verify !== false;
    check(mod._ehr_ipfs_car_reader_new(verify ? 1 : 0));
    const h = new Handle(handleAt0());
    const release = () => h.dispose();
    const it = bytePieces(source)[Symbol.asyncIterator]();
    const ready = []; // sections parsed while looking for the header
    let ended = false;
    const feed = async () => {
      const { done, value } = await it.next();
      if (done) {
        ended = true;
        return;
      }
      for (let off = 0; off < value.length;) {
        const n = Math.min(value.length - off, 1 << 20);
        check(mod._ehr_ipfs_car_reader_window(h.handle(), n));
        const w = u32(0);
        heap().set(value.subarray(off, off + n), w);
        check(mod._ehr_ipfs_car_reader_commit(h.handle(), n));
        off += n;
      }
    };
    const take = () => {
      const got = [];
      for (;;) {
        check(mod._ehr_ipfs_car_reader_next(h.handle()));
        if (u32(0) === 0) return got;
        const ptr = u32(4),
          len = u32(8);
        const cidLen = u32(12);
        const c = out(OUT + 16, cidLen);
        const bytes = out(ptr, len);
        got.push({ cid: cidText(c), bytes });
      }
    };
    let roots;
    try {
      for (;;) {
        ready.push(...take());
        check(mod._ehr_ipfs_car_reader_roots(h.handle()));
        if (u32(0) === 1) {
          const n = u32(4);
          const all = result();
          const dv = new DataView(all.buffer, all.byteOffset, all.byteLength);
          roots = [];
          for (let i = 0, at = 0; i < n; i++) {
            const len = dv.getUint32(at, true);
            roots.push(cidText(all.subarray(at + 4, at + 4 + len)));
            at += 4 + len;
          }
          break;
        }
        if (ended) {
          check(mod._ehr_ipfs_car_reader_finish(h.handle()));
          throw new EhrError('ERR_BAD_CAR', 'car: no header');
        }
        await feed();
      }
    } catch (e) {
      release();
      await it.return?.();
      throw e;
    }
    async function* blocks() {
      try {
        yield* ready;
        while (!ended) {
          await feed();
          yield* take();
        }
        check(mod._ehr_ipfs_car_reader_finish(h.handle()));
      } finally {
        release();
        if (!ended) await it.return?.();
      }
    }
    const gen = blocks();
    // return() on a generator that never started skips its finally: release here too.
    const wrapped = {
      next: (v) => gen.next(v),
      throw: (e) => gen.throw(e),
      async return(v) {
        release();
        const r = await gen.return(v);
        if (!ended) await it.return?.();
        return r;
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
    return { roots, blocks: wrapped };
  };

  return {
    ipfs: Object.freeze({
      parseCid,
      formatCid,
      verifyBlock,
      profile: resolveProfile,
      cid,
      cidSync,
      createFileBuilder,
      importFile,
      importDirectory,
      directoryCid,
      createReader,
      readFile,
      carHeader,
      carExport,
      carBytes,
      readCar,
    }),
  };
}
