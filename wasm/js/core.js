// Shared machinery of the JS API over the module: memory access, the I/O arena, error mapping.
// Each area (crypto.js, eth.js, ...) builds its functions from the `core` object made here.

import { EhrError, rangeError } from './errors.js';

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
  /** Throws the typed error unless `code` is 0. */
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

  return { mod, IO, IO_SIZE, heap, fail, check, malloc, free, withInput, out };
}
