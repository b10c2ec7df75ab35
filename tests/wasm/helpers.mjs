// Shared helpers of the WASM test suites: the module, published vectors, a seeded PRNG.
import { readFileSync } from 'node:fs';

export { init } from '../../wasm/js/ehr.js';

/** Root of the published vectors, copied into the repository (tests/vectors/, each with LICENSE and SOURCE). */
export const VECTORS = new URL('../vectors/', import.meta.url);

export function loadVector(relative) {
  return JSON.parse(readFileSync(new URL(relative, VECTORS), 'utf8'));
}

export const hex = (u8) => Buffer.from(u8).toString('hex');
export const unhex = (s) => new Uint8Array(Buffer.from(s.replace(/^0x/, ''), 'hex'));

/**
 * A seeded PRNG (sfc32). The seed comes from EHR_TEST_SEED or is drawn at random, and is printed
 * so that a failing run can be replayed: EHR_TEST_SEED=<seed> node --test ...
 */
export function makeRng(label) {
  const seed = process.env.EHR_TEST_SEED ? Number(process.env.EHR_TEST_SEED) : (Math.random() * 2 ** 32) >>> 0;
  console.log(`# ${label}: seed ${seed} (replay with EHR_TEST_SEED=${seed})`);
  let a = 0x9e3779b9,
    b = 0x243f6a88,
    c = 0xb7e15162,
    d = seed >>> 0;
  const next = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 16; i++) next();
  const rng = {
    seed,
    u32: next,
    int: (n) => next() % n,
    bytes(n) {
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i += 4) {
        const v = next();
        for (let j = 0; j < 4 && i + j < n; j++) out[i + j] = (v >>> (8 * j)) & 0xff;
      }
      return out;
    },
  };
  return rng;
}
