// The JS API of the ehr WebAssembly module: one `init()` that loads the module once and returns
// the API. Bytes in and out are Uint8Array; every failure is a typed error with a stable `code`
// (see errors.js). Works in browsers, Web Workers and Node 20+.
//
// Memory discipline: inputs are copied into the module's I/O arena (or a malloc'd block when
// larger), outputs are copied out into fresh Uint8Arrays, and every heap copy of a secret (private
// keys) is wiped before the call returns, whether it succeeded or not. See README "Secrets".

import createEhrModule from '../dist/ehr_core.mjs';
import { EhrError, abytes, astring, rangeError } from './errors.js';

export { EhrError } from './errors.js';

/** @type {Promise<import('./ehr.d.ts').Ehr> | undefined} */
let ready;

/**
 * Loads the WebAssembly module (once; later calls return the same API).
 * @param {{ wasmBinary?: ArrayBuffer | Uint8Array, wasmUrl?: string | URL }} [options]
 *   `wasmBinary`: the module bytes, when the caller already has them; `wasmUrl`: where to fetch
 *   them (default: ehr_core.wasm beside ehr_core.mjs).
 * @returns {Promise<import('./ehr.d.ts').Ehr>}
 */
export function init(options = {}) {
  ready ??= load(options).catch((e) => {
    ready = undefined;
    throw e;
  });
  return ready;
}

async function load(options) {
  const wasmUrl = options.wasmUrl ?? new URL('../dist/ehr_core.wasm', import.meta.url);
  let wasmBinary = options.wasmBinary;
  const isNode = typeof process === 'object' && process.versions != null && process.versions.node != null;
  if (!wasmBinary && isNode) {
    const { readFile } = await import('node:fs/promises');
    wasmBinary = await readFile(wasmUrl);
  }
  /** @type {Record<string, any>} */
  const moduleArgs = {};
  if (wasmBinary) {
    moduleArgs.wasmBinary = wasmBinary;
  } else {
    moduleArgs.instantiateWasm = (imports, done) => {
      WebAssembly.instantiateStreaming(fetch(wasmUrl), imports)
        .then((r) => done(r.instance, r.module))
        .catch((e) => console.error('ehr: cannot load the WebAssembly module:', e));
      return {};
    };
  }
  const mod = await createEhrModule(moduleArgs);
  return makeApi(mod);
}

function makeApi(mod) {
  const IO = mod._ehr_io();
  const IO_SIZE = mod._ehr_io_size();
  const heap = () => mod.HEAPU8; // re-read: memory growth replaces the view

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
  const check = (code) => {
    if (code !== 0) throw fail(code);
  };

  {
    const rc = mod._ehr_init();
    if (rc !== 0) throw fail(rc);
  }

  // Runs fn(ptr) with `data` copied into module memory: the arena when it fits, else a fresh
  // block. The copy is wiped afterwards either way (inputs can be health data or key material).
  const withInput = (data, fn) => {
    if (data.length <= IO_SIZE - 64) {
      heap().set(data, IO + 64);
      try {
        return fn(IO + 64);
      } finally {
        heap().fill(0, IO + 64, IO + 64 + data.length);
      }
    }
    const p = mod._malloc(data.length);
    if (p === 0) throw new EhrError('ERR_OUT_OF_MEMORY', 'out of memory');
    try {
      heap().set(data, p);
      return fn(p);
    } finally {
      heap().fill(0, p, p + data.length);
      mod._free(p);
    }
  };
  const out = (ptr, len) => heap().slice(ptr, ptr + len);

  /** @param {Uint8Array} data */
  const keccak256 = (data) => {
    abytes(data, 'data');
    return withInput(data, (p) => {
      mod._ehr_keccak256(p, data.length, IO);
      return out(IO, 32);
    });
  };
  /** @param {Uint8Array} data */
  const sha256 = (data) => {
    abytes(data, 'data');
    return withInput(data, (p) => {
      mod._ehr_sha256(p, data.length, IO);
      return out(IO, 32);
    });
  };

  // Incremental hashes: a state object in module memory, freed by digest() or dispose().
  const hasher = (name, newFn, updateFn, finalFn, freeFn) => () => {
    let h = newFn();
    if (h === 0) throw new EhrError('ERR_OUT_OF_MEMORY', 'out of memory');
    const live = () => {
      if (h === 0) throw new EhrError('ERR_BAD_HANDLE', `${name}: already finalized or disposed`);
    };
    const self = {
      update(data) {
        live();
        abytes(data, 'data');
        for (let off = 0; off < data.length; off += IO_SIZE - 64) {
          const chunk = data.subarray(off, Math.min(data.length, off + IO_SIZE - 64));
          heap().set(chunk, IO + 64);
          updateFn(h, IO + 64, chunk.length);
        }
        heap().fill(0, IO + 64, IO + Math.min(IO_SIZE, 64 + data.length));
        return self;
      },
      digest() {
        live();
        finalFn(h, IO);
        const d = out(IO, 32);
        freeFn(h);
        h = 0;
        return d;
      },
      dispose() {
        if (h !== 0) freeFn(h);
        h = 0;
      },
      [Symbol.dispose ?? Symbol.for('Symbol.dispose')]() {
        self.dispose();
      },
    };
    return self;
  };

  // Arena layout for secp256k1 calls: [0,32) digest, [32,64) private key, [64,..) other input,
  // [256, 256+65) output. The key slot is wiped after every call.
  const MSG = IO, KEY = IO + 32, ARG = IO + 64, OUT = IO + 256;
  const wipeKey = () => heap().fill(0, KEY, KEY + 32);

  const secp256k1 = {
    isValidPrivateKey(privateKey) {
      abytes(privateKey, 'privateKey', 32);
      heap().set(privateKey, KEY);
      try {
        return mod._ehr_secp256k1_seckey_verify(KEY) === 1;
      } finally {
        wipeKey();
      }
    },
    getPublicKey(privateKey, compressed = true) {
      abytes(privateKey, 'privateKey', 32);
      heap().set(privateKey, KEY);
      try {
        check(mod._ehr_secp256k1_pubkey(KEY, compressed ? 1 : 0, OUT));
      } finally {
        wipeKey();
      }
      return out(OUT, compressed ? 33 : 65);
    },
    sign(msgHash, privateKey) {
      abytes(msgHash, 'msgHash', 32);
      abytes(privateKey, 'privateKey', 32);
      const h = heap();
      h.set(msgHash, MSG);
      h.set(privateKey, KEY);
      try {
        check(mod._ehr_secp256k1_sign(MSG, KEY, OUT));
      } finally {
        wipeKey();
      }
      return out(OUT, 65);
    },
    verify(signature, msgHash, publicKey, options = {}) {
      abytes(signature, 'signature', [64, 65]);
      abytes(msgHash, 'msgHash', 32);
      abytes(publicKey, 'publicKey', [33, 65]);
      const lowS = options.lowS ?? true;
      const h = heap();
      h.set(signature.subarray(0, 64), ARG);
      h.set(msgHash, MSG);
      h.set(publicKey, OUT);
      return mod._ehr_secp256k1_verify(ARG, MSG, OUT, publicKey.length, lowS ? 1 : 0) === 1;
    },
    recover(signature, msgHash, compressed = false) {
      abytes(signature, 'signature', 65);
      abytes(msgHash, 'msgHash', 32);
      const h = heap();
      h.set(signature, ARG);
      h.set(msgHash, MSG);
      check(mod._ehr_secp256k1_recover(ARG, MSG, compressed ? 1 : 0, OUT));
      return out(OUT, compressed ? 33 : 65);
    },
    signatureFromDer(der) {
      abytes(der, 'der');
      if (der.length === 0 || der.length > 72) {
        throw new EhrError('ERR_INVALID_SIGNATURE', 'not a strict DER ECDSA signature');
      }
      heap().set(der, ARG);
      check(mod._ehr_secp256k1_signature_from_der(ARG, der.length, OUT));
      return out(OUT, 64);
    },
    convertPublicKey(publicKey, compressed = true) {
      abytes(publicKey, 'publicKey', [33, 65]);
      heap().set(publicKey, ARG);
      check(mod._ehr_secp256k1_pubkey_convert(ARG, publicKey.length, compressed ? 1 : 0, OUT));
      return out(OUT, compressed ? 33 : 65);
    },
  };

  const address = {
    fromPublicKey(publicKey) {
      abytes(publicKey, 'publicKey', [33, 65]);
      heap().set(publicKey, ARG);
      check(mod._ehr_address_from_pubkey(ARG, publicKey.length, OUT));
      return mod.checksumAddress(OUT);
    },
    parse(text, options = {}) {
      astring(text, 'address');
      if (text.length > 64) throw rangeError(`address must be 40 hex digits, got ${text.length} characters`);
      check(mod.parseAddress(text, options.strict === true, OUT));
      return out(OUT, 20);
    },
    isValid(text, options = {}) {
      if (typeof text !== 'string' || text.length > 64) return false;
      return mod.parseAddress(text, options.strict === true, OUT) === 0;
    },
    toChecksum(value) {
      let bytes;
      if (typeof value === 'string') bytes = address.parse(value);
      else bytes = abytes(value, 'address', 20);
      heap().set(bytes, ARG);
      return mod.checksumAddress(ARG);
    },
  };

  return Object.freeze({
    version: mod.version(),
    keccak256,
    sha256,
    createKeccak256: hasher('keccak256', mod._ehr_keccak256_new, mod._ehr_keccak256_update,
      mod._ehr_keccak256_final, mod._ehr_keccak256_free),
    createSha256: hasher('sha256', mod._ehr_sha256_new, mod._ehr_sha256_update,
      mod._ehr_sha256_final, mod._ehr_sha256_free),
    secp256k1: Object.freeze(secp256k1),
    address: Object.freeze(address),
    wipe,
  });
}

/**
 * Overwrites a Uint8Array with zeros (use on copies of secrets you no longer need). Strings and
 * BigInts cannot be wiped in JS: never put secrets in them.
 * @param {Uint8Array} bytes
 */
export function wipe(bytes) {
  abytes(bytes, 'bytes');
  bytes.fill(0);
}

