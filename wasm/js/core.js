// The one layer of the JS API over the module, shared by every area (crypto, eth, kdf, ipfs,
// records): memory access (the I/O arena, argument frames, the scratch block), the call helper
// that turns the module's result convention into typed errors, the base class of every object
// that owns a module handle, and disposeAll().
//
// The result convention (wasm/src/boundary.hpp): a fallible C export returns 0 or an error code;
// the detail is at ehr_last_error(); outputs go through pointers, a new object's handle as a u32
// at `out_h`. check(code) throws the typed error; create(fn) calls fn(outH) and returns the new
// handle.
//
// Handles (wasm/src/handles.hpp): one registry for every kind of object; a handle is a positive
// int32 (kind, generation, slot). A stale handle (disposed, or wiped by disposeAll) is refused by
// the module with ERR_BAD_HANDLE; it never reaches another object.

import { EhrError, rangeError } from './errors.js';

/** Symbol.dispose (or its registered stand-in where the runtime lacks it): the `using` hook. */
export const DISPOSE = Symbol.dispose ?? Symbol.for('Symbol.dispose');

/**
 * The bytes of `parts` one after another. A single part is returned as it is (no copy).
 * @param {Uint8Array[]} parts
 * @returns {Uint8Array}
 */
export function concatBytes(parts) {
  if (parts.length === 1) return parts[0];
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * @param {any} mod the instantiated Emscripten module
 * @returns {import('./core.d.ts').Core}
 */
export function makeCore(mod) {
  const IO = mod._ehr_io();
  const IO_SIZE = mod._ehr_io_size();
  /** The current heap view (memory growth replaces it: never cache it across calls). */
  const heap = () => mod.HEAPU8;

  /** The typed error for a code returned by an export. */
  const fail = (code) => {
    const name = mod.UTF8ToString(mod._ehr_error_name(code));
    const message = mod.UTF8ToString(mod._ehr_last_error());
    if (mod._ehr_error_kind(code) === 0x52 /* 'R' */) {
      const e = rangeError(message);
      e.code = name;
      return e;
    }
    return new EhrError(name, message);
  };
  /** The call helper: throws the typed error unless `code` is 0. */
  const check = (code) => {
    if (code !== 0) throw fail(code);
  };

  /** Allocates `n` bytes in module memory (never 0 on success). */
  const malloc = (n) => {
    const p = mod._malloc(Math.max(1, n));
    if (p === 0) throw new EhrError('ERR_OUT_OF_MEMORY', 'out of memory');
    return p;
  };
  /** Wipes and frees a block from malloc(). */
  const free = (p, n) => {
    heap().fill(0, p, p + n);
    mod._free(p);
  };

  const u32 = (p) => {
    const h = heap();
    return (h[p] | (h[p + 1] << 8) | (h[p + 2] << 16) | (h[p + 3] << 24)) >>> 0;
  };
  const putU32 = (p, v) => {
    const h = heap();
    h[p] = v & 0xff;
    h[p + 1] = (v >>> 8) & 0xff;
    h[p + 2] = (v >>> 16) & 0xff;
    h[p + 3] = (v >>> 24) & 0xff;
  };

  // Where exports write a new handle (its own 16 bytes: never overlaps the arena or a frame).
  const OUT_H = malloc(16);
  /** Calls fn(outH) (an export that creates an object), checks its code, returns the handle. */
  const create = (fn) => {
    check(fn(OUT_H));
    return u32(OUT_H);
  };

  // The arena's first 64 bytes are small outputs; inputs that fit go after them.
  const INPUT = IO + 64;
  const INPUT_ROOM = IO_SIZE - 64;
  /**
   * Runs fn(ptr) with `data` copied into module memory: the arena when it fits, else a fresh
   * block. The copy is wiped afterwards either way (inputs can be health data or key material).
   */
  const withInput = (data, fn) => {
    if (data.length <= INPUT_ROOM) {
      heap().set(data, INPUT);
      try {
        return fn(INPUT);
      } finally {
        heap().fill(0, INPUT, INPUT + data.length);
      }
    }
    const p = malloc(data.length);
    try {
      heap().set(data, p);
      return fn(p);
    } finally {
      free(p, data.length);
    }
  };
  /** A copy of `len` bytes at `ptr`. */
  const out = (ptr, len) => heap().slice(ptr, ptr + len);
  const read = out;

  // Calls whose arguments do not fit the 64 KiB I/O arena use one scratch block, kept between calls
  // and grown on demand, so streaming chunk after chunk allocates nothing. It is wiped after every
  // call (only the part that call used) and released by releaseScratch() and disposeAll().
  let scratch = 0;
  let scratchSize = 0;
  const releaseScratch = () => {
    if (scratch !== 0) {
      heap().fill(0, scratch, scratch + scratchSize);
      mod._free(scratch);
      scratch = 0;
      scratchSize = 0;
    }
  };
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

  // disposeAll() starts a new epoch: a Handle of an earlier epoch is stale in JS too, so neither its
  // use nor its dispose() nor its finalizer ever reaches the module again (where, after its slot
  // was reused 1,024 times, the same number could name a new object).
  let epoch = 0;
  // Handles of objects the garbage collector took without dispose(): their secrets are wiped then.
  const registry =
    typeof FinalizationRegistry === 'function'
      ? new FinalizationRegistry(({ h, e }) => {
          if (e === epoch) mod._ehr_handle_free(h);
        })
      : null;

  /**
   * Base of every object that owns a module handle (keys, wallets, streams, encryptors,
   * decryptors, search indexes, builders, readers). Subclasses call this.handle() to use it.
   */
  class Handle {
    /** @type {number} */
    #h;
    /** @type {number} */
    #epoch;
    /** @param {number} h a live handle (from create()) */
    constructor(h) {
      this.#h = h;
      this.#epoch = epoch;
      registry?.register(this, { h, e: epoch }, this);
    }
    /** The handle, or ERR_BAD_HANDLE once disposed or wiped by disposeAll(). */
    handle() {
      if (this.#h === 0) throw new EhrError('ERR_BAD_HANDLE', `${this.constructor.name} was disposed`);
      if (this.#epoch !== epoch)
        throw new EhrError('ERR_BAD_HANDLE', `${this.constructor.name} was wiped by disposeAll() (lock)`);
      return this.#h;
    }
    /** True once dispose() ran (a disposeAll() is seen on the next use, as ERR_BAD_HANDLE). */
    get disposed() {
      return this.#h === 0;
    }
    /** Wipes and frees what the handle holds in module memory. Safe to call more than once. */
    dispose() {
      if (this.#h !== 0) {
        if (this.#epoch === epoch) mod._ehr_handle_free(this.#h);
        registry?.unregister(this);
        this.#h = 0;
      }
    }
    /** Forgets the handle without freeing it (the module freed it already). */
    _forget() {
      if (this.#h !== 0) registry?.unregister(this);
      this.#h = 0;
    }
    [DISPOSE]() {
      this.dispose();
    }
  }

  /**
   * The lock: wipes (zeroizes, then frees) every live object of every kind in module memory —
   * keys, wallets, stream states, encryptors, decryptors, search indexes, builders, readers — and
   * the shared buffers; every handle handed out before is stale (ERR_BAD_HANDLE) afterwards.
   */
  const disposeAll = () => {
    mod._ehr_dispose_all();
    epoch++;
    releaseScratch();
  };
  /** Live handles of a kind (wasm/src/handles.hpp Kind), or of every kind for 0. */
  const liveHandles = (kind) => mod._ehr_handles_live(kind);

  return {
    mod,
    IO,
    IO_SIZE,
    heap,
    fail,
    check,
    create,
    malloc,
    free,
    withInput,
    out,
    read,
    frame,
    u32,
    putU32,
    releaseScratch,
    Handle,
    disposeSymbol: DISPOSE,
    disposeAll,
    liveHandles,
  };
}
