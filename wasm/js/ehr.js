// The JS API of the ehr WebAssembly module: one `init()` that loads the module once and returns
// the API. Bytes in and out are Uint8Array; every failure is a typed error with a stable `code`
// (see errors.js). Works in browsers, Web Workers and Node 20+.
//
// Memory discipline: inputs are copied into the module's I/O arena (or a malloc'd block when
// larger), outputs are copied out into fresh Uint8Arrays, and every heap copy of a secret (private
// keys) is wiped before the call returns, whether it succeeded or not. See README "Secrets".

import createEhrModule from '../dist/ehr_core.mjs';
import { abytes } from './errors.js';
import { makeCore } from './core.js';
import { makeCrypto } from './crypto.js';
import { makeEth } from './eth.js';
import { makeKdf } from './kdf.js';
import { makeIpfs } from './ipfs.js';
import { makeRecords } from './records.js';
import { makeSlip39 } from './slip39.js';

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
    // A URL (object or text: file:, http:, https:) or a file path.
    const url = typeof wasmUrl === 'string' && /^(file|https?):/i.test(wasmUrl) ? new URL(wasmUrl) : wasmUrl;
    if (url instanceof URL && url.protocol !== 'file:') {
      const res = await fetch(url);
      if (!res.ok) throw new Error(`ehr: cannot load the WebAssembly module: HTTP ${res.status} from ${url}`);
      wasmBinary = new Uint8Array(await res.arrayBuffer());
    } else {
      const { readFile } = await import('node:fs/promises');
      wasmBinary = await readFile(url);
    }
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
  const core = makeCore(mod);
  core.check(mod._ehr_init());
  return Object.freeze({
    version: mod.version(),
    ...makeCrypto(core),
    ...makeEth(core),
    ...makeKdf(core),
    ...makeIpfs(core),
    ...makeRecords(core),
    ...makeSlip39(core),
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
