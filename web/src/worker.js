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
  /**
   * A keystore's KDF step (scrypt or PBKDF2, the slow part): the derived key, which the page
   * hands to wallet.fromKeystoreWithKey and wipes. The password arrives as bytes and is wiped.
   */
  keystoreDerivedKey: (ehr, { json, password }) => ehr.wallet.keystoreDerivedKey(json, password),
};

/** Replies; a Uint8Array result is moved (transferred), not copied, so no copy stays here. */
const reply = (id, ok, value, error) =>
  postMessage({ id, ok, value, error }, value instanceof Uint8Array ? [value.buffer] : []);

/** Wipes byte arguments once used (passwords, keys). */
const wipeArgs = (args) => {
  if (!args || typeof args !== 'object') return;
  for (const v of Object.values(args)) if (v instanceof Uint8Array) v.fill(0);
};

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
      // And whatever else the module still holds: one call wipes every object of every kind.
      api?.disposeAll();
      reply(id, true, true);
      return;
    }
    const fn = Object.hasOwn(OPS, op) ? OPS[op] : null;
    if (!fn) throw Object.assign(new Error(`unknown worker operation: ${op}`), { code: 'ERR_UNKNOWN_OP' });
    if (!api) throw Object.assign(new Error('the module is not loaded'), { code: 'ERR_NOT_READY' });
    reply(id, true, await fn(api, args, keys));
  } catch (e) {
    reply(id, false, undefined, { name: e?.name ?? 'Error', code: e?.code, message: String(e?.message ?? e) });
  } finally {
    wipeArgs(args);
  }
});
