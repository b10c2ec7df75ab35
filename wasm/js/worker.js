// Runs module work off the main thread (keystore KDFs, mnemonic-to-seed, PBKDF2, scrypt), in a
// browser Web Worker or a Node worker_threads Worker: the one Worker protocol of the module and of
// the page (web/src/worker-host.js). One file plays both parts: imported normally it exports
// createWorker(); started as the worker (by createWorker) it loads its own copy of the module and
// answers requests.
//
//   const worker = await createWorker();
//   const wallet = await ehr.wallet.fromKeystoreAsync(json, password, { worker });
//   await worker.wipe(); // disposeAll() in the worker (the lock), then
//   worker.terminate();
//
// A page that checks the module's bytes itself (Subresource Integrity) hands them over, so the
// worker compiles exactly those and fetches no code: createWorker({ wasmBinary }). Under Trusted
// Types it passes its policy's TrustedScriptURL of this file as `url` (a browser takes it as is).
//
// Protocol: requests { id, op, args } (args positional), answers { id, result } or
// { id, error: { name, code, message } }. The first request is always 'init' (args [] or
// [wasmBinary]): it loads the module, and no other request runs before it. Secrets cross
// postMessage as transferred ArrayBuffers (moved, not copied) and are wiped on the side that no
// longer needs them; passwords given as strings cannot be wiped by JS (README).
import { init } from './ehr.js';
import { aoptions, typeError } from './errors.js';

const WORKER_NAME = 'ehr-worker';
const isNode = typeof process === 'object' && process.versions != null && process.versions.node != null;
const failure = (code, message) => Object.assign(new Error(message), { code });

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
  /** The lock: wipes every object of every kind the worker's module holds. */
  wipe(ehr) {
    ehr.disposeAll();
    return [undefined, []];
  },
};

function serve(onMessage, post) {
  /** The module, once 'init' asked for it. */
  let ready = null;
  onMessage(async ({ id, op, args }) => {
    if (op === 'init') {
      // The module's bytes are public code: nothing to wipe.
      try {
        ready ??= init(args?.[0] ? { wasmBinary: args[0] } : {});
        post({ id, result: (await ready).version }, []);
      } catch (e) {
        post({ id, error: { name: e?.name ?? 'Error', code: e?.code, message: e?.message ?? String(e) } }, []);
      }
      return;
    }
    try {
      if (!ready) throw failure('ERR_NOT_READY', 'the worker has not loaded the module (no init)');
      const ehr = await ready;
      if (!Object.hasOwn(OPS, op)) throw failure('ERR_UNKNOWN_OP', `unknown worker operation: ${op}`);
      const [result, transfer] = OPS[op](ehr, ...(args ?? []));
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

/** The `wasmBinary` option as a Uint8Array (undefined when not given). */
const wasmBytes = (v) => {
  if (v === undefined || v instanceof Uint8Array) return v;
  if (v instanceof ArrayBuffer) return new Uint8Array(v);
  throw typeError('wasmBinary must be an ArrayBuffer or a Uint8Array');
};

/**
 * Starts a worker, has it load the module, and returns its client. Each method returns a Promise;
 * failures reject with an Error carrying the same `code` the synchronous API would have raised
 * (ERR_WORKER_FAILED once the worker itself failed or exited, ERR_WORKER_TERMINATED after
 * terminate()).
 * @param {{ url?: string | URL, wasmBinary?: ArrayBuffer | Uint8Array }} [options] `url`: where
 *   this file is served (default: import.meta.url); `wasmBinary`: the module bytes the worker
 *   compiles (default: it loads the module as init() does)
 */
export async function createWorker(options = {}) {
  options = aoptions(options);
  wasmBytes(options.wasmBinary);
  const url = options.url ?? import.meta.url;
  let post,
    terminate,
    hold = () => {},
    release = () => {};
  const pending = new Map();
  let nextId = 1;
  /** Set once the worker cannot answer any more: later calls reject with it at once. */
  let dead = null;
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
    dead ??= err;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
    release();
  };
  if (isNode) {
    const { Worker } = await import('node:worker_threads');
    const w = new Worker(new URL(url), { workerData: { name: WORKER_NAME } });
    w.on('message', onReply);
    w.on('error', (e) =>
      onFailure(Object.assign(failure('ERR_WORKER_FAILED', `the worker failed: ${e?.message ?? e}`), { cause: e })),
    );
    w.on('exit', (code) => onFailure(failure('ERR_WORKER_FAILED', `the worker exited (code ${code})`)));
    // Referenced only while a request is pending, so an idle worker never keeps Node alive.
    w.unref();
    hold = () => w.ref();
    release = () => w.unref();
    post = (msg, transfer) => w.postMessage(msg, transfer);
    terminate = () => w.terminate();
  } else {
    // The URL goes to the Worker constructor as it is (a TrustedScriptURL stays one).
    const w = new Worker(url, { type: 'module', name: WORKER_NAME });
    w.onmessage = (ev) => onReply(ev.data);
    w.onerror = (ev) => {
      ev.preventDefault?.();
      onFailure(failure('ERR_WORKER_FAILED', `the worker failed: ${ev.message || 'it could not be started'}`));
    };
    post = (msg, transfer) => w.postMessage(msg, transfer);
    terminate = () => w.terminate();
  }
  const call = (op, args, transfer = []) =>
    new Promise((resolve, reject) => {
      if (dead) return reject(dead);
      const id = nextId++;
      if (pending.size === 0) hold();
      pending.set(id, { resolve, reject });
      post({ id, op, args }, transfer);
    });
  // Byte secrets are copied into a fresh buffer that is transferred (moved) to the worker.
  const moved = (v) => (v instanceof Uint8Array ? v.slice() : v);
  const buffers = (...vs) => vs.filter((v) => v instanceof Uint8Array).map((v) => v.buffer);

  const end = () => {
    onFailure(failure('ERR_WORKER_TERMINATED', 'worker terminated'));
    return terminate();
  };
  try {
    // A copy of the bytes is moved to the worker: the caller's stay usable.
    const bytes = wasmBytes(options.wasmBinary)?.slice();
    await call('init', bytes ? [bytes] : [], bytes ? [bytes.buffer] : []);
  } catch (e) {
    await end();
    throw e;
  }

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
    /** The lock: disposeAll() in the worker's module (before terminate(), which drops its memory). */
    async wipe() {
      await call('wipe', []);
    },
    terminate: end,
  });
}

/**
 * A worker started on first use and stopped by a lock (the page's worker: web/src/worker-host.js).
 * run(fn) starts it if need be (createWorker with `url` and `wasmBinary`, which may be a function
 * that returns the bytes or a Promise of them) and resolves to fn(worker). stop(graceMs) asks the
 * worker to wipe (waiting at most graceMs), then terminates it. A run that a stop overtakes rejects
 * with `locked()` (a Uint8Array result that still arrives is wiped); after a worker failed
 * (ERR_WORKER_FAILED) the next run starts a new one.
 * @param {{ url?: string | URL, wasmBinary?: ArrayBuffer | Uint8Array | (() => any), locked?: () => Error }} [options]
 */
export function onDemandWorker(options = {}) {
  const { url, wasmBinary, locked = () => failure('ERR_LOCKED', 'the worker was stopped') } = aoptions(options);
  /** The worker being started or running (a Promise of its client), its client once it runs. */
  let starting = null,
    client = null;
  /** How many times stop() ran: a run that sees it change was overtaken by a lock. */
  let stops = 0;
  const start = () => {
    const gen = stops;
    const p = (async () => {
      const bytes = typeof wasmBinary === 'function' ? await wasmBinary() : wasmBinary;
      const w = await createWorker({ url, wasmBinary: bytes });
      if (gen !== stops) {
        w.terminate(); // stopped while it started
        throw locked();
      }
      return (client = w);
    })();
    p.catch(() => {
      if (starting === p) starting = null;
    });
    return p;
  };
  const drop = () => {
    const w = client;
    starting = client = null;
    return w;
  };
  return Object.freeze({
    /** True while the worker runs or starts. */
    get running() {
      return starting !== null;
    },
    async run(fn) {
      const gen = stops;
      const p = (starting ??= start());
      let r;
      try {
        r = await fn(await p);
      } catch (e) {
        if (gen !== stops) throw locked();
        if (e?.code === 'ERR_WORKER_FAILED' && starting === p) drop()?.terminate();
        throw e;
      }
      if (gen === stops) return r;
      if (r instanceof Uint8Array) r.fill(0);
      throw locked();
    },
    async stop(graceMs = 300) {
      stops++;
      const w = drop();
      if (!w) return;
      await Promise.race([w.wipe().catch(() => {}), new Promise((r) => setTimeout(r, graceMs))]);
      await w.terminate();
    },
  });
}
