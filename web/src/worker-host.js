// The page's worker for heavy work (keystore KDFs): the module's own (wasm/js/worker.js
// onDemandWorker, loaded on first use). It gets the module bytes module.js checked against the
// config's integrity, so it fetches no code; lock has it wipe its keys, then terminates it.
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
let worker = null;
let locks = 0;
const load = () =>
  (loading ??= import('../../wasm/js/worker.js').then(
    (m) => (worker = m.onDemandWorker({ url: workerUrl(), wasmBinary: wasmBytes, locked: () => new LockedError() })),
    (e) => {
      loading = null;
      throw e;
    },
  ));

/**
 * Runs `op` in the worker, started if need be: 'keystoreDerivedKey' ({ json, password }) is a
 * keystore's KDF step. Lock rejects it with LockedError.
 */
export async function workerCall(op, { json, password }) {
  if (op !== 'keystoreDerivedKey') throw new Error(`unknown worker operation: ${op}`);
  const seen = locks;
  const w = await load();
  if (seen !== locks) throw new LockedError();
  return w.run((kdf) => kdf.keystoreDerivedKey(json, password));
}

/** True while a worker runs or starts (tests, the lock report). */
export const workerRunning = () => worker?.running ?? false;

/** Lock: the worker wipes its module (at most `graceMs`), then is terminated. */
export async function stopWorker(graceMs) {
  locks++;
  await worker?.stop(graceMs);
}
