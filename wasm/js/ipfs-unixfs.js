// IPFS area, UnixFS import: the file builder (the same DAG as ipfs-unixfs-importer / Kubo for a
// profile), CIDs of content (hashed in the module, or raw leaves by WebCrypto), the blocks of a
// file or a directory tree, and directory CIDs. Input is read piece by piece (bytePieces): at
// most one chunk of it is in module memory at a time.
import { EhrError, abytes, aint, aoptions, astring, typeError } from './errors.js';
import { DISPOSE } from './core.js';

/**
 * @param {object} ctx the IPFS area's internals (ipfs.js)
 */
export function makeUnixfs(ctx) {
  const { core, mod, IO, heap, check, Handle, u32, handleAt0, withText, withPair, cidBytes, formatCid } = ctx;
  const { resolveProfile, profileArgs, drain, rootAt, bytePieces } = ctx;
  const te = new TextEncoder();

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
      [DISPOSE]() {
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

  /** The root of a file built from any byte source, hashed in the module (no blocks kept). */
  const fileRoot = async (source, p, onProgress) => {
    const b = createFileBuilder({ profile: p });
    try {
      for await (const piece of bytePieces(source)) {
        b.update(piece);
        onProgress?.({ bytesDone: b.bytesIn });
      }
      return b.finish();
    } finally {
      b.dispose();
    }
  };

  const cid = async (source, opts) => {
    const { profile, hasher, onProgress } = cidOptions(opts);
    const p = resolveProfile(profile);
    if (chooseHasher(hasher, p) === 'webcrypto') return cidWebCrypto(source, p, onProgress);
    return (await fileRoot(source, p, onProgress)).cid;
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
        withPair(path, c, (pp, pc) => check(mod._ehr_ipfs_dir_add_file(h, pp, path.length, pc, c.length, f.size)));
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
   * The files and empty directories of `entries`, each file with its CID and Tsize: files given
   * by CID as they are, content built here. With `emit`, yields the blocks of each file built (in
   * entry order); without, only hashes. Returns { files, dirs, blockCount }.
   */
  async function* layOut(entries, p, emit) {
    const files = [],
      dirs = [];
    let blockCount = 0;
    for (const e of entries) {
      if (e.cid !== undefined) {
        files.push({ path: e.path, cid: formatCid(e.cid), size: e.size });
      } else if (e.content === undefined || e.content === null) {
        dirs.push(e.path);
      } else if (emit) {
        const it = importFile(e.content, { profile: p });
        let r;
        while (!(r = await it.next()).done) {
          blockCount++;
          yield r.value;
        }
        files.push({ path: e.path, cid: r.value.cid, size: r.value.size });
      } else {
        // Tsize is needed too: the builder reports it (a raw single leaf's Tsize is its length).
        const r = await fileRoot(e.content, p);
        files.push({ path: e.path, cid: r.cid, size: r.size });
      }
    }
    return { files, dirs, blockCount };
  }

  /**
   * Blocks of a directory tree: each file's blocks (in entry order), then the directory nodes,
   * the root last. Returns the root and the file list.
   */
  async function* importDirectory(entries, opts = {}) {
    opts = aoptions(opts);
    checkEntries(entries);
    const p = resolveProfile(opts.profile);
    const { files, dirs, blockCount } = yield* layOut(entries, p, true);
    const root = buildDirectory(p, files, dirs, true);
    yield* root.blocks;
    return { cid: root.cid, size: root.size, blockCount: blockCount + root.blockCount, files };
  }

  /** The CID of a directory of files (contents hashed, no blocks kept). */
  const directoryCid = async (entries, opts) => {
    checkEntries(entries);
    const { profile } = cidOptions(opts);
    const p = resolveProfile(profile);
    const it = layOut(entries, p, false);
    let r;
    while (!(r = await it.next()).done);
    return buildDirectory(p, r.value.files, r.value.dirs, false).cid;
  };

  return { createFileBuilder, cid, cidSync, importFile, importDirectory, directoryCid };
}
