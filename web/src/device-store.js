// What personal-device mode keeps on this device is built from two pieces, shared here by
// personal-device.js (the wallet, the drafts) and records/offline.js (records kept readable
// offline):
// - an IndexedDB database of one object store that is never created by looking at it: its
//   existence is the person's choice (idbStore);
// - a key derived from the device's wallet: HKDF-SHA256 of its EIP-191 signature of a fixed
//   message (salt the purpose's label, info the address), held in the module and registered with
//   the key registry, so lock wipes it (walletKey).
import { ehr } from './module.js';
import { registerKey } from './key-registry.js';
import { translate } from './i18n.js';

const utf8 = (s) => new TextEncoder().encode(s);

/** An IndexedDB request as a promise of its result. */
export const settle = (req) =>
  new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });

/**
 * One database `name` with one object store `store` (options as createObjectStore's), created
 * only when asked (`create`). `unknownExists`: what exists() answers where the browser cannot list
 * databases (open() then aborts the creation of one that did not exist, so true is safe for a
 * reader that handles "absent").
 * @param {string} name
 * @param {string} store
 * @param {{ keyPath?: string, autoIncrement?: boolean, unknownExists?: boolean }} [o]
 */
export function idbStore(name, store, { keyPath, autoIncrement, unknownExists = false } = {}) {
  /** Whether the database exists (creates nothing). */
  async function exists() {
    if (!globalThis.indexedDB) return false;
    if (typeof indexedDB.databases !== 'function') return unknownExists;
    return (await indexedDB.databases()).some((d) => d.name === name);
  }

  /** The database, or null when it does not exist and `create` is false (nothing is created then). */
  function open(create) {
    return new Promise((resolve, reject) => {
      const req = indexedDB.open(name, 1);
      let refused = false;
      req.onupgradeneeded = (e) => {
        if (!create && e.oldVersion === 0) {
          refused = true;
          req.transaction.abort();
          return;
        }
        req.result.createObjectStore(store, keyPath ? { keyPath, autoIncrement } : undefined);
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = (e) => {
        if (!refused) return reject(req.error);
        e.preventDefault();
        resolve(null);
      };
    });
  }

  /**
   * Runs `fn(objectStore)` in one transaction and resolves to its request's result once the
   * transaction completes; undefined when the database does not exist (and !create).
   * @param {IDBTransactionMode} mode
   * @param {(s: IDBObjectStore) => IDBRequest} fn
   */
  async function inStore(mode, fn, create = false) {
    if (!create && !(await exists())) return undefined;
    const db = await open(create);
    if (!db) return undefined;
    try {
      const tx = db.transaction(store, mode);
      const finished = new Promise((resolve, reject) => {
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
        tx.onabort = () =>
          reject(tx.error ?? Object.assign(new Error(translate('the write was aborted')), { code: 'ERR_STORAGE' }));
      });
      const result = await settle(fn(tx.objectStore(store)));
      await finished;
      return result;
    } finally {
      db.close();
    }
  }

  /** Deletes the whole database. */
  async function destroy() {
    if (globalThis.indexedDB) await settle(indexedDB.deleteDatabase(name));
  }

  return { name, exists, inStore, destroy };
}

/**
 * A key `wallet` derives for one purpose: HKDF-SHA256(its EIP-191 signature of `message`, salt
 * `label`, info = the lower-case address), as a SymmetricKey in the module, registered (lock
 * wipes it). The signature and the raw key are zeroed.
 * @param {{ address: string, signMessage: (m: Uint8Array) => Uint8Array }} wallet
 * @param {string} message
 * @param {string} label e.g. "ehr/device-drafts/v1"
 */
export async function walletKey(wallet, message, label) {
  const api = await ehr();
  const sig = wallet.signMessage(utf8(message));
  let raw;
  try {
    raw = api.hkdf.derive(sig.subarray(0, 64), { salt: utf8(label), info: utf8(wallet.address.toLowerCase()) });
  } finally {
    sig.fill(0);
  }
  try {
    return registerKey(api.SymmetricKey.fromBytes(raw));
  } finally {
    raw.fill(0);
  }
}
