// The key registry: every object that holds key material in WebAssembly memory (a Wallet, an
// X25519 key pair, a chart key, a secretstream state) is registered here when created, so that
// lock can dispose of all of them at once, wiping their bytes in module memory. A screen that
// finishes with a key releases it early with release().
//
// Lock (disposeAll below) then calls the module's own disposeAll(), the one call that wipes every
// live object of every kind the module holds (keys, wallets, encryptors, decryptors, search
// indexes, builders, readers), registered here or not: module.js hands the loaded API over with
// setModule().

/** @typedef {{ dispose(): void }} KeyHandle */

/** @type {Set<KeyHandle>} */
const live = new Set();
/** @type {Set<() => void>} */
const wipers = new Set();
/** The loaded module API (module.js), whose disposeAll() lock calls. @type {{ disposeAll(): void } | null} */
let moduleApi = null;

/** Called by module.js once the module is loaded (null to forget it). */
export function setModule(api) {
  moduleApi = api && typeof api.disposeAll === 'function' ? api : null;
}

/**
 * Registers a function that drops a module's session data on lock (caches of parsed ABIs,
 * decrypted records, ...), for modules loaded on demand that the shell does not know about.
 */
export function onWipe(fn) {
  wipers.add(fn);
}

/**
 * Registers a handle; returns it, so `const w = registerKey(await Wallet.fromMnemonic(...))`.
 * @template {KeyHandle} T
 * @param {T} handle
 * @returns {T}
 */
export function registerKey(handle) {
  if (!handle || typeof handle.dispose !== 'function') throw new TypeError('registerKey: the handle has no dispose()');
  live.add(handle);
  return handle;
}

/** Disposes of one handle now and forgets it. */
export function releaseKey(handle) {
  if (!live.delete(handle)) return;
  handle.dispose();
}

/**
 * Lock (also idle timeout and tab close): disposes of every registered handle, then calls the
 * module's disposeAll() (which wipes every object still live in WebAssembly memory, of every
 * kind), then runs the onWipe() functions. A handle whose dispose() throws is still forgotten and
 * the others are still disposed; failures are counted, never logged (their messages could hold
 * details of the key).
 * @returns {{ disposed: number, failed: number }}
 */
export function disposeAll() {
  let disposed = 0;
  let failed = 0;
  const all = [...live];
  live.clear();
  for (const k of all) {
    try {
      k.dispose();
      disposed++;
    } catch {
      failed++;
    }
  }
  if (moduleApi) {
    try {
      moduleApi.disposeAll();
    } catch {
      failed++;
    }
  }
  for (const fn of wipers) {
    try {
      fn();
    } catch {
      failed++;
    }
  }
  return { disposed, failed };
}

/** How many handles are registered (tests, the lock report). */
export const liveKeyCount = () => live.size;
