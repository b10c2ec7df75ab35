// Loading the WebAssembly module. The .wasm bytes are fetched with Subresource Integrity (the hash
// is in config.js, itself covered by the import map's integrity), then handed to the JS API, so a
// tampered module on a gateway is refused before it is compiled. The main thread uses the module
// for quick work (addresses, ABI encoding, signing); heavy work goes to the worker (wasm/js/worker.js),
// which receives the same verified bytes.
import config from './config.js';
import { setModule } from './key-registry.js';

let bytes = null;
let api = null;
/** The loaded API, once ready (for lock, which must not wait for a load in progress). */
let loaded = null;

/**
 * The module bytes, verified against config.wasm.integrity (fetched once; the bytes are public
 * code, not secret).
 * @returns {Promise<ArrayBuffer>}
 */
export function wasmBytes() {
  bytes ??= fetch(new URL(config.wasm.path, document.baseURI), {
    integrity: config.wasm.integrity,
    credentials: 'omit',
  })
    .then((r) => {
      if (!r.ok) throw new TypeError(`network: the WebAssembly module could not be fetched (HTTP ${r.status})`);
      return r.arrayBuffer();
    })
    .catch((e) => {
      bytes = null;
      throw e;
    });
  return bytes;
}

/**
 * The module's JS API on the main thread (loaded on first use).
 * @returns {Promise<import('../../wasm/js/ehr.js').Ehr>}
 */
export function ehr() {
  api ??= (async () => {
    const [wasmBinary, mod] = await Promise.all([wasmBytes(), import('../../wasm/js/ehr.js')]);
    loaded = await mod.init({ wasmBinary: new Uint8Array(wasmBinary) });
    setModule(loaded); // lock (key-registry.js disposeAll) calls loaded.disposeAll()
    return loaded;
  })().catch((e) => {
    api = null;
    throw e;
  });
  return api;
}
