// The page's worker for heavy work (keystore KDFs; files of any size: encryption with the CID,
// decryption with block verification, records/files.js): the module's own (wasm/js/worker.js
// onDemandWorker, loaded on first use). It gets the module bytes module.js checked against the
// config's integrity, so it fetches no code; lock has it wipe its keys (and stop the file
// operations running), then terminates it.
import { wasmBytes } from './module.js';
import { LockedError } from './errors.js';

// Trusted Types (see the CSP) guard script URLs: the one policy the CSP allows, 'ehr-worker',
// accepts exactly the worker's own URL and nothing else.
const WORKER_URL = new URL('../../wasm/js/worker.js', import.meta.url).href;
function workerUrl() {
  if (!globalThis.trustedTypes) return WORKER_URL;
  const policy = globalThis.trustedTypes.createPolicy('ehr-worker', {
    createScriptURL: (u) => {
      if (u !== WORKER_URL) throw new TypeError("refused: not the page's worker script");
      return u;
    },
  });
  return policy.createScriptURL(WORKER_URL);
}

let loading = null;
/** The worker for short work (KDFs) and the one for files, each started on first use. */
let workers = null;
let locks = 0;
/** File operations running in the files worker: it stops when the last one ends. */
let fileRuns = 0;
const load = () =>
  (loading ??= import('../../wasm/js/worker.js').then(
    (m) => {
      const url = workerUrl();
      const make = () => m.onDemandWorker({ url, wasmBinary: wasmBytes, locked: () => new LockedError() });
      return (workers = { kdf: make(), files: make() });
    },
    (e) => {
      loading = null;
      throw e;
    },
  ));

/** fn(worker) on one of the workers, started if need be; lock rejects it with LockedError. */
async function run(which, fn) {
  const seen = locks;
  const w = (await load())[which];
  if (seen !== locks) throw new LockedError();
  return w.run(fn);
}

/**
 * fn(worker) with the worker (wasm/js/worker.js createWorker's client), started if need be: the
 * built-in wallet's keystore work. Lock rejects it with LockedError.
 */
export const inWorker = (fn) => run('kdf', fn);

/**
 * fn(worker) with the files worker (records/files.js seals and opens files there), started if
 * need be and stopped once no file operation runs: what a large file made its module and heap
 * grow is given back at once, not kept for the rest of the session. Lock rejects it with
 * LockedError.
 */
export async function inFileWorker(fn) {
  fileRuns++;
  try {
    return await run('files', fn);
  } finally {
    if (--fileRuns === 0) await workers?.files.stop();
  }
}

/**
 * Runs `op` in the worker, started if need be: 'keystoreDerivedKey' ({ json, password }) is a
 * keystore's KDF step. Lock rejects it with LockedError.
 */
export async function workerCall(op, { json, password }) {
  if (op !== 'keystoreDerivedKey') throw new Error(`unknown worker operation: ${op}`);
  return inWorker((kdf) => kdf.keystoreDerivedKey(json, password));
}

/** True while a worker runs or starts (tests, the lock report). */
export const workerRunning = () => Boolean(workers?.kdf.running || workers?.files.running);

/** Lock: the workers wipe their modules (at most `graceMs`), then are terminated. */
export async function stopWorker(graceMs) {
  locks++;
  await Promise.all([workers?.kdf.stop(graceMs), workers?.files.stop(graceMs)]);
}
