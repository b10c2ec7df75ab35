// Lists this browser keeps per chain and hub in localStorage (JSON arrays, one key a list), with a
// copy in memory where storage is refused or not to be written: the shared part of
// hidden-authors.js and shl-store.js, which each decide what a list holds and when it is stored.
import config from '../config.js';

export const lower = (a) => String(a ?? '').toLowerCase();

/** The storage key of a list: `prefix`, the chain, the hub, then `parts` (lower-cased). */
export const listKey = (prefix, ...parts) =>
  [prefix, config?.chainId ?? '', lower(config?.contracts?.EhrHub), ...parts.map(lower)].join(':');

/** This browser's localStorage, or null where it is disabled. */
export function browserStorage() {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // storage disabled by the browser
  }
}

/**
 * The list under `key`: the copy in `memory` if there is one, else the stored one ([] when absent
 * or unreadable).
 * @param {Map<string, any[]>} memory
 * @param {string} key
 * @returns {any[]}
 */
export function readList(memory, key) {
  let raw = memory.get(key);
  if (!raw) {
    try {
      raw = JSON.parse(browserStorage()?.getItem(key) ?? '[]');
    } catch {
      raw = [];
    }
  }
  return Array.isArray(raw) ? raw : [];
}

/**
 * Stores `list` under `key` (an empty list removes the key); throws where storage is missing or
 * refuses.
 * @param {string} key
 * @param {any[]} list
 */
export function storeList(key, list) {
  const s = browserStorage();
  if (!s) throw new Error('no storage');
  if (list.length) s.setItem(key, JSON.stringify(list));
  else s.removeItem(key);
}
