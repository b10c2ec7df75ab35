// Measuring helpers shared by bench/*.bench.mjs. Every measurement warms up first, then runs
// batches until `minMs` has passed, and reports ops/s from the total plus min/avg/max per op
// (over batches), as libsecp256k1's bench.h does.
import { performance } from 'node:perf_hooks';

/**
 * @param {() => unknown} fn one operation
 * @param {{ minMs?: number, warmupMs?: number }} [opts]
 * @returns {{ opsPerSec: number, minUs: number, avgUs: number, maxUs: number, ops: number }}
 */
export function measure(fn, { minMs = 600, warmupMs = 150 } = {}) {
  let batch = 1;
  const w0 = performance.now();
  while (performance.now() - w0 < warmupMs) {
    for (let i = 0; i < batch; i++) fn();
    if (batch < 1 << 16) batch *= 2;
  }
  // Batch size: about 5 ms per batch.
  const t = performance.now();
  for (let i = 0; i < batch; i++) fn();
  const per = Math.max((performance.now() - t) / batch, 1e-6);
  batch = Math.max(1, Math.round(5 / per));
  let ops = 0,
    total = 0,
    min = Infinity,
    max = 0;
  while (total < minMs) {
    const s = performance.now();
    for (let i = 0; i < batch; i++) fn();
    const d = performance.now() - s;
    total += d;
    ops += batch;
    min = Math.min(min, d / batch);
    max = Math.max(max, d / batch);
  }
  return { opsPerSec: (ops * 1000) / total, minUs: min * 1000, avgUs: (total / ops) * 1000, maxUs: max * 1000, ops };
}

/** Like measure() for async operations (one at a time). */
export async function measureAsync(fn, { minMs = 600, warmupMs = 150 } = {}) {
  const w0 = performance.now();
  while (performance.now() - w0 < warmupMs) await fn();
  let ops = 0,
    total = 0,
    min = Infinity,
    max = 0;
  while (total < minMs) {
    const s = performance.now();
    await fn();
    const d = performance.now() - s;
    total += d;
    ops++;
    min = Math.min(min, d);
    max = Math.max(max, d);
  }
  return { opsPerSec: (ops * 1000) / total, minUs: min * 1000, avgUs: (total / ops) * 1000, maxUs: max * 1000, ops };
}

/** Time of one run of a slow operation in ms (best of `runs`, after one warm-up run). */
export async function timeMs(fn, { runs = 3, warmup = 1 } = {}) {
  for (let i = 0; i < warmup; i++) await fn();
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    await fn();
    best = Math.min(best, performance.now() - s);
  }
  return best;
}

/** Deterministic filler bytes (benchmarks never need real randomness). */
export function fill(n, seed = 1) {
  const out = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}
