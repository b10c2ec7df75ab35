// IPFS area, CAR v1: the header and block sections written piece by piece (carExport) or at once
// (carBytes), and a streaming reader of a CAR (v1, or the v1 payload of a v2) from any byte source
// that verifies every block against its CID.
import { EhrError, abytes, aoptions, typeError } from './errors.js';
import { concatBytes } from './core.js';

/**
 * @param {object} ctx the IPFS area's internals (ipfs.js)
 */
export function makeCar(ctx) {
  const { mod, IO, heap, check, withInput, out, Handle, OUT, u32, result, handleAt0, cidBytes, cidText, bytePieces } =
    ctx;

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

  return { carHeader, carExport, carBytes, readCar };
}
