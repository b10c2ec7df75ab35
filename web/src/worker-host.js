// The page's side of the worker (worker.js) that runs heavy work off the main thread: key
// derivation (scrypt, PBKDF2, Argon2id) and record encryption/decryption. It is started on first
// use and terminated on lock, which discards its whole WebAssembly memory; before that it is
// asked to dispose of its own key handles so their bytes are wiped, not just dropped.
import { wasmBytes } from './module.js';
import { LockedError } from './errors.js';

let worker = null;
let ready = null;
let seq = 0;
/** @type {Map<number, { resolve: (v: any) => void, reject: (e: any) => void }>} */
const pending = new Map();

// Trusted Types (see the CSP) guard script URLs: the one policy the CSP allows, 'ehr-worker',
// accepts exactly the worker's own URL and nothing else.
const WORKER_URL = new URL('./worker.js', import.meta.url).href;
let policy = null;
function workerUrl() {
  if (!globalThis.trustedTypes) return WORKER_URL;
  policy ??= globalThis.trustedTypes.createPolicy('ehr-worker', {
    createScriptURL: (u) => {
      if (u !== WORKER_URL) throw new TypeError("refused: not the page's worker script");
      return u;
    },
  });
  return policy.createScriptURL(WORKER_URL);
}

function start() {
  const w = new Worker(workerUrl(), { type: 'module', name: 'ehr-worker' });
  w.addEventListener('message', (ev) => {
    const { id, ok, value, error } = ev.data ?? {};
    const p = pending.get(id);
    if (!p) return;
    pending.delete(id);
    if (ok) p.resolve(value);
    else
      p.reject(
        Object.assign(new Error(error?.message ?? 'worker error'), { name: error?.name ?? 'Error', code: error?.code }),
      );
  });
  w.addEventListener('error', (ev) => {
    ev.preventDefault();
    const e = new Error('the background worker failed to start');
    for (const p of pending.values()) p.reject(e);
    pending.clear();
    stopNow();
  });
  return w;
}

function send(w, op, args, transfer = []) {
  return new Promise((resolve, reject) => {
    const id = ++seq;
    pending.set(id, { resolve, reject });
    w.postMessage({ id, op, args }, transfer);
  });
}

/**
 * Runs `op` in the worker (starting it and loading the module there if needed).
 * @param {string} op
 * @param {unknown} [args]
 * @param {Transferable[]} [transfer]
 */
export async function workerCall(op, args, transfer) {
  if (!worker) {
    worker = start();
    const w = worker;
    ready = wasmBytes().then((b) => {
      const copy = b.slice(0);
      return send(w, 'init', { wasmBinary: copy }, [copy]);
    });
  }
  const w = worker;
  await ready;
  if (w !== worker) throw new LockedError();
  return send(w, op, args, transfer);
}

function stopNow() {
  worker?.terminate();
  worker = null;
  ready = null;
}

/** True while a worker exists (tests, the lock report). */
export const workerRunning = () => worker !== null;

/**
 * Lock: asks the worker to dispose of its keys (waiting at most `graceMs`), then terminates it;
 * calls still running are rejected with LockedError.
 */
export async function stopWorker(graceMs = 300) {
  const w = worker;
  if (!w) return;
  const wiped = send(w, 'lock');
  await Promise.race([wiped.catch(() => {}), new Promise((r) => setTimeout(r, graceMs))]);
  if (worker === w) stopNow();
  else w.terminate();
  for (const p of pending.values()) p.reject(new LockedError());
  pending.clear();
}
