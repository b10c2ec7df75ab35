// Runs the slow password work (keystore KDFs, mnemonic-to-seed, PBKDF2, scrypt) off the main
// thread, in a browser Web Worker or a Node worker_threads Worker. One file plays both parts:
// imported normally it exports createWorker(); started as the worker (by createWorker) it loads
// its own copy of the module and answers requests.
//
//   const worker = await createWorker();
//   const wallet = await ehr.wallet.fromKeystoreAsync(json, password, { worker });
//   worker.terminate();
//
// Secrets cross postMessage as transferred ArrayBuffers (moved, not copied) and are wiped on the
// side that no longer needs them; passwords given as strings cannot be wiped by JS (README).
import { init } from './ehr.js';

const WORKER_NAME = 'ehr-kdf';
const isNode = typeof process === 'object' && process.versions != null && process.versions.node != null;

// ---- worker side ----------------------------------------------------------------------------------

/** What the worker can do. Each returns [result, transferables]. */
const OPS = {
  keystoreDerivedKey(ehr, json, password) {
    const dk = ehr.wallet.keystoreDerivedKey(json, password);
    return [dk, [dk.buffer]];
  },
  keystoreDecrypt(ehr, json, password) {
    const key = ehr.keystore.decrypt(json, password);
    return [key, [key.buffer]];
  },
  keystoreEncrypt(ehr, privateKey, password, options) {
    try {
      return [ehr.keystore.encrypt(privateKey, password, options), []];
    } finally {
      privateKey.fill(0);
    }
  },
  mnemonicToSeed(ehr, phrase, passphrase) {
    const seed = ehr.bip39.mnemonicToSeed(phrase, passphrase);
    return [seed, [seed.buffer]];
  },
  pbkdf2Sha256(ehr, password, salt, iterations, dkLen) {
    const r = ehr.pbkdf2Sha256(password, salt, iterations, dkLen);
    return [r, [r.buffer]];
  },
  pbkdf2Sha512(ehr, password, salt, iterations, dkLen) {
    const r = ehr.pbkdf2Sha512(password, salt, iterations, dkLen);
    return [r, [r.buffer]];
  },
  scrypt(ehr, password, salt, params) {
    const r = ehr.scrypt(password, salt, params);
    return [r, [r.buffer]];
  },
};

function serve(onMessage, post) {
  const ready = init();
  onMessage(async ({ id, op, args }) => {
    try {
      const ehr = await ready;
      if (!Object.hasOwn(OPS, op)) throw new Error(`unknown operation ${op}`);
      const [result, transfer] = OPS[op](ehr, ...args);
      post({ id, result }, transfer);
    } catch (e) {
      post({ id, error: { name: e?.name ?? 'Error', code: e?.code, message: e?.message ?? String(e) } }, []);
    } finally {
      // Wipe byte arguments that were handed over (passwords, keys).
      for (const a of args ?? []) if (a instanceof Uint8Array) a.fill(0);
    }
  });
}

if (isNode) {
  const wt = await import('node:worker_threads');
  if (!wt.isMainThread && wt.workerData?.name === WORKER_NAME) {
    serve(
      (fn) => wt.parentPort.on('message', fn),
      (msg, transfer) => wt.parentPort.postMessage(msg, transfer),
    );
  }
} else if (
  typeof self === 'object' &&
  typeof WorkerGlobalScope === 'function' &&
  self instanceof WorkerGlobalScope &&
  self.name === WORKER_NAME
) {
  serve(
    (fn) => {
      self.onmessage = (ev) => fn(ev.data);
    },
    (msg, transfer) => self.postMessage(msg, transfer),
  );
}

// ---- main-thread side ------------------------------------------------------------------------------

/**
 * Starts a worker and returns its client. Each method returns a Promise; failures reject with an
 * Error carrying the same `code` the synchronous API would have raised.
 * @param {{ url?: string | URL }} [options] where this file is served (default: import.meta.url)
 */
export async function createWorker(options = {}) {
  const url = new URL(options.url ?? import.meta.url);
  let post,
    terminate,
    hold = () => {},
    release = () => {};
  const pending = new Map();
  let nextId = 1;
  const onReply = ({ id, result, error }) => {
    const p = pending.get(id);
    if (!p) return;
    pending.delete(id);
    if (pending.size === 0) release();
    if (error) {
      const e = new Error(error.message);
      e.name = error.name;
      if (error.code !== undefined) e.code = error.code;
      p.reject(e);
    } else {
      p.resolve(result);
    }
  };
  const onFailure = (err) => {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
    release();
  };
  if (isNode) {
    const { Worker } = await import('node:worker_threads');
    const w = new Worker(url, { workerData: { name: WORKER_NAME } });
    w.on('message', onReply);
    w.on('error', onFailure);
    // Referenced only while a request is pending, so an idle worker never keeps Node alive.
    w.unref();
    hold = () => w.ref();
    release = () => w.unref();
    post = (msg, transfer) => w.postMessage(msg, transfer);
    terminate = () => w.terminate();
  } else {
    const w = new Worker(url, { type: 'module', name: WORKER_NAME });
    w.onmessage = (ev) => onReply(ev.data);
    w.onerror = (ev) => onFailure(new Error(ev.message ?? 'worker failed'));
    post = (msg, transfer) => w.postMessage(msg, transfer);
    terminate = () => w.terminate();
  }
  const call = (op, args, transfer = []) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      if (pending.size === 0) hold();
      pending.set(id, { resolve, reject });
      post({ id, op, args }, transfer);
    });
  // Byte secrets are copied into a fresh buffer that is transferred (moved) to the worker.
  const moved = (v) => (v instanceof Uint8Array ? v.slice() : v);
  const buffers = (...vs) => vs.filter((v) => v instanceof Uint8Array).map((v) => v.buffer);

  return Object.freeze({
    /** The keystore's derived key (the KDF step); finish with wallet.fromKeystoreWithKey. */
    keystoreDerivedKey(json, password) {
      const pw = moved(password);
      return call('keystoreDerivedKey', [json, pw], buffers(pw));
    },
    /** The decrypted private key bytes (prefer ehr.wallet.fromKeystoreAsync). */
    keystoreDecrypt(json, password) {
      const pw = moved(password);
      return call('keystoreDecrypt', [json, pw], buffers(pw));
    },
    /** Keystore JSON of `privateKey` (moved to the worker: the caller's array is wiped). */
    encryptKeystore(privateKey, password, options = {}) {
      const key = privateKey.slice();
      privateKey.fill(0);
      const pw = moved(password);
      return call('keystoreEncrypt', [key, pw, options], buffers(key, pw));
    },
    mnemonicToSeed(phrase, passphrase = '') {
      return call('mnemonicToSeed', [phrase, passphrase]);
    },
    pbkdf2Sha256(password, salt, iterations, dkLen) {
      const pw = moved(password);
      return call('pbkdf2Sha256', [pw, salt, iterations, dkLen], buffers(pw));
    },
    pbkdf2Sha512(password, salt, iterations, dkLen) {
      const pw = moved(password);
      return call('pbkdf2Sha512', [pw, salt, iterations, dkLen], buffers(pw));
    },
    scrypt(password, salt, params) {
      const pw = moved(password);
      return call('scrypt', [pw, salt, params], buffers(pw));
    },
    terminate() {
      onFailure(new Error('worker terminated'));
      return terminate();
    },
  });
}
