// Internal to the crypto area: laying out several arguments in module memory for one call, and the
// base of every JS object that owns a handle (a key or a stream whose bytes stay in WASM memory).
import { EhrError } from './errors.js';

const disposeSymbol = Symbol.dispose ?? Symbol.for('Symbol.dispose');

/**
 * @param {import('./core.d.ts').Core} core
 */
export function makeCryptoMemory(core) {
  const { mod, IO, IO_SIZE, heap, malloc, fail } = core;

  // Calls whose arguments do not fit the 64 KiB I/O arena use one scratch block, kept between calls
  // and grown on demand, so streaming chunk after chunk allocates nothing. It is wiped after every
  // call (only the part that call used) and can be released with releaseScratch().
  let scratch = 0;
  let scratchSize = 0;
  const region = (total) => {
    if (total <= IO_SIZE) return IO;
    if (total > scratchSize) {
      releaseScratch();
      const size = Math.max(total, 1 << 20);
      scratch = malloc(size);
      scratchSize = size;
    }
    return scratch;
  };
  const releaseScratch = () => {
    if (scratch !== 0) {
      heap().fill(0, scratch, scratch + scratchSize);
      mod._free(scratch);
      scratch = 0;
      scratchSize = 0;
    }
  };

  /**
   * Runs fn(...pointers) with each part in module memory: a Uint8Array is copied in, a number
   * reserves that many bytes (outputs). Every byte the call used is zeroed afterwards, whether it
   * succeeded or threw, except parts listed in `keep` (indices of parts that hold nothing secret,
   * e.g. ciphertext, so large calls skip a needless pass over them; a function is asked after the
   * call, so the answer can depend on how it ended).
   * @template T
   * @param {(Uint8Array | number)[]} parts
   * @param {(...ptrs: number[]) => T} fn
   * @param {number[] | (() => number[])} [keep]
   * @returns {T}
   */
  const frame = (parts, fn, keep) => {
    const offsets = [];
    let total = 0;
    for (const p of parts) {
      offsets.push(total);
      const n = typeof p === 'number' ? p : p.length;
      total += (n + 15) & ~15;
    }
    const base = region(total);
    const h = heap();
    const ptrs = offsets.map((o, i) => {
      const p = parts[i];
      if (typeof p !== 'number') h.set(p, base + o);
      return base + o;
    });
    try {
      return fn(...ptrs);
    } finally {
      const hh = heap();
      const kept = typeof keep === 'function' ? keep() : keep;
      if (!kept) {
        hh.fill(0, base, base + total);
      } else {
        parts.forEach((p, i) => {
          if (kept.includes(i)) return;
          hh.fill(0, ptrs[i], ptrs[i] + (typeof p === 'number' ? p : p.length));
        });
      }
    }
  };

  /** A copy of `len` bytes at `ptr`. */
  const read = (ptr, len) => heap().slice(ptr, ptr + len);

  /** Throws the typed error for a handle-creating export's result (< 0 is -code). */
  const handleOrThrow = (h) => {
    if (h < 0) throw fail(-h);
    if (h === 0) throw new EhrError('ERR_OUT_OF_MEMORY', 'out of memory');
    return h;
  };

  // Handles of objects the garbage collector took without dispose(): their secrets are wiped then.
  const registry = typeof FinalizationRegistry === 'function'
    ? new FinalizationRegistry((h) => { mod._ehr_handle_free(h); })
    : null;

  /** Base of every object that owns a handle. Subclasses call this.handle() to use it. */
  class Handle {
    /** @type {number} */
    #h;
    /** @param {number} h a live handle (from handleOrThrow) */
    constructor(h) {
      this.#h = h;
      registry?.register(this, h, this);
    }
    /** The handle, or ERR_BAD_HANDLE once disposed. */
    handle() {
      if (this.#h === 0) throw new EhrError('ERR_BAD_HANDLE', `${this.constructor.name} was disposed`);
      return this.#h;
    }
    /** True once dispose() ran. */
    get disposed() {
      return this.#h === 0;
    }
    /** Wipes and frees what the handle holds in module memory. Safe to call more than once. */
    dispose() {
      if (this.#h !== 0) {
        mod._ehr_handle_free(this.#h);
        registry?.unregister(this);
        this.#h = 0;
      }
    }
    /** Forgets the handle without freeing it (the module freed it already). */
    _forget() {
      if (this.#h !== 0) registry?.unregister(this);
      this.#h = 0;
    }
    [disposeSymbol]() {
      this.dispose();
    }
  }

  return { frame, read, handleOrThrow, Handle, releaseScratch, disposeSymbol };
}
