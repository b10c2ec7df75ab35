// The worker: heavy work off the main thread. It loads the module from the verified bytes the page
// sends ('init') and answers { id, op, args } messages with { id, ok, value | error }. Key handles
// created here are registered in this worker's own registry and disposed of on 'lock', before the
// page terminates the worker.
import { init } from '../../wasm/js/ehr.js';

let api = null;
/** @type {Set<{ dispose(): void }>} */
const keys = new Set();

/** Operations the page may ask for. Each receives (api, args) and returns a structured-cloneable value. */
const OPS = {
  /** The module's version (a check that the worker runs). */
  version: (ehr) => ehr.version,
};

const reply = (id, ok, value, error) => postMessage({ id, ok, value, error });

self.addEventListener('message', async (ev) => {
  const { id, op, args } = ev.data ?? {};
  try {
    if (op === 'init') {
      api ??= await init({ wasmBinary: new Uint8Array(args.wasmBinary) });
      reply(id, true, api.version);
      return;
    }
    if (op === 'lock') {
      for (const k of keys) {
        try {
          k.dispose();
        } catch {
          // keep wiping the others
        }
      }
      keys.clear();
      // And whatever the module's own handle tables still hold.
      for (const area of [api, api?.keyring, api?.wallet]) {
        if (area && typeof area.disposeAll === 'function') area.disposeAll();
      }
      reply(id, true, true);
      return;
    }
    const fn = Object.hasOwn(OPS, op) ? OPS[op] : null;
    if (!fn) throw Object.assign(new Error(`unknown worker operation: ${op}`), { code: 'ERR_UNKNOWN_OP' });
    if (!api) throw Object.assign(new Error('the module is not loaded'), { code: 'ERR_NOT_READY' });
    reply(id, true, await fn(api, args, keys));
  } catch (e) {
    reply(id, false, undefined, { name: e?.name ?? 'Error', code: e?.code, message: String(e?.message ?? e) });
  }
});
