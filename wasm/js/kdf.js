// Password KDFs of the JS API: PBKDF2-HMAC-SHA256/512 and scrypt (src/crypto/pbkdf2, scrypt).
//
// These run synchronously and can take long (PBKDF2 with 262,144 iterations or scrypt with
// N = 2^18 take about a second): on a page, run them on a Worker (worker.js) so the page stays
// responsive. Passwords may be strings (UTF-8, as given: no normalization) or bytes; every copy
// in module memory is wiped after the call.
import { aoptions, rangeError, typeError } from './errors.js';

const utf8 = new TextEncoder();

/**
 * @param {import('./core.d.ts').Core} core
 */
export function makeKdf(core) {
  const { mod, heap, check, malloc, free, out } = core;

  const bytesOf = (v, name) => {
    if (typeof v === 'string') return utf8.encode(v);
    if (v instanceof Uint8Array) return v.slice();
    throw typeError(`${name} must be a string or a Uint8Array`);
  };
  const count = (v, name, max) => {
    if (!Number.isInteger(v)) throw typeError(`${name} must be an integer in [1, ${max}]`);
    if (v < 1 || v > max) throw rangeError(`${name} must be an integer in [1, ${max}]`);
    return v;
  };

  /** Runs fn(pwPtr, saltPtr, outPtr) with all three blocks wiped and freed afterwards. */
  const run = (password, salt, dkLen, fn) => {
    const pw = bytesOf(password, 'password');
    const sa = bytesOf(salt, 'salt');
    const blocks = [];
    try {
      const p = (n) => {
        const ptr = malloc(n);
        blocks.push([ptr, Math.max(1, n)]);
        return ptr;
      };
      const pp = p(pw.length),
        ps = p(sa.length),
        po = p(dkLen);
      heap().set(pw, pp);
      heap().set(sa, ps);
      check(fn(pp, pw.length, ps, sa.length, po));
      return out(po, dkLen);
    } finally {
      pw.fill(0);
      sa.fill(0);
      for (const [ptr, n] of blocks) free(ptr, n);
    }
  };

  const pbkdf2 = (fnName) => (password, salt, iterations, dkLen) => {
    count(iterations, 'iterations', 0xffffffff);
    count(dkLen, 'dkLen', 1 << 20);
    return run(password, salt, dkLen, (pp, pl, ps, sl, po) => mod[fnName](pp, pl, ps, sl, iterations >>> 0, po, dkLen));
  };

  /**
   * scrypt(password, salt, {N, r, p, dkLen}); N a power of two below 2^32, memory 128 * r * N
   * bytes at most 512 MiB.
   */
  const scrypt = (password, salt, params) => {
    if (params === undefined) throw typeError('params must be an object { N, r, p, dkLen? }');
    const { N, r, p, dkLen = 32 } = aoptions(params, 'params');
    if (!Number.isInteger(N)) throw typeError('N must be an integer power of two in [2, 2^32)');
    if (N < 2 || N > 0xffffffff) throw rangeError('N must be an integer power of two in [2, 2^32)');
    count(r, 'r', 0xffffffff);
    count(p, 'p', 0xffffffff);
    count(dkLen, 'dkLen', 1 << 20);
    return run(password, salt, dkLen, (pp, pl, ps, sl, po) =>
      mod._ehr_scrypt(pp, pl, ps, sl, N >>> 0, r >>> 0, p >>> 0, po, dkLen),
    );
  };

  return {
    pbkdf2Sha256: pbkdf2('_ehr_pbkdf2_sha256'),
    pbkdf2Sha512: pbkdf2('_ehr_pbkdf2_sha512'),
    scrypt,
  };
}
