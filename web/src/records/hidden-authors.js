// Authors whose records a reader chose to hide from a chart's timeline: the page's defence against
// a granted writer flooding a chart with junk. The list is kept per chain, hub, viewing account
// and chart (addresses only, nothing secret). On a personal device it is kept in this browser's
// localStorage, written only when the reader hides or shows someone, the key removed when the
// list becomes empty. On a shared terminal (the default) nothing is written: the list lives in
// memory until the page locks, since even a list of addresses says who looked at which chart.
// Everything goes through this module so an on-chain list can replace it.
import { onWipe } from '../key-registry.js';
import { lower, listKey, browserStorage, readList, storeList } from './local-lists.js';

const PREFIX = 'ehr.hiddenAuthors.v1';
const ADDRESS = /^0x[0-9a-f]{40}$/;
/** @type {Map<string, string[]>} the lists kept in memory (shared terminal, or storage refused) */
const fallback = new Map();
/** Whether lists may be written to localStorage (set by the page from the session's mode). */
let persist = () => false;

/**
 * Sets where lists are kept: `persistent()` true (a personal device) writes them to localStorage.
 * @param {{ persistent: () => boolean }} o
 */
export function keepHiddenAuthors(o) {
  persist = o.persistent;
}

onWipe(() => fallback.clear());

const keyOf = (account, patient) => listKey(PREFIX, account, patient);

function load(key) {
  return new Set(
    readList(fallback, key)
      .map(lower)
      .filter((a) => ADDRESS.test(a)),
  );
}

function save(key, set) {
  const list = [...set].sort();
  const s = browserStorage();
  try {
    if (!persist()) throw new Error('not kept in storage');
    storeList(key, list);
    fallback.delete(key);
  } catch {
    // a shared terminal, or storage refused: remembered until the page locks; an earlier stored
    // list of this key is removed (removing writes nothing new)
    if (list.length) fallback.set(key, list);
    else fallback.delete(key);
    try {
      s?.removeItem(key);
    } catch {
      // storage refused
    }
  }
  return new Set(list);
}

/**
 * The authors `account` hides on `patient`'s chart (lower-case addresses).
 * @param {string} account the viewing account
 * @param {string} patient the chart
 * @returns {Set<string>}
 */
export function hiddenAuthors(account, patient) {
  return load(keyOf(account, patient));
}

/**
 * Hides `author`'s records on `patient`'s chart for `account`; returns the new set.
 * @returns {Set<string>}
 */
export function hideAuthor(account, patient, author) {
  const a = lower(author);
  if (!ADDRESS.test(a)) throw new TypeError(`not an address: ${author}`);
  const key = keyOf(account, patient);
  const set = load(key);
  set.add(a);
  return save(key, set);
}

/**
 * Shows `authors` again (all hidden authors when omitted); returns the new set.
 * @param {string[]} [authors]
 * @returns {Set<string>}
 */
export function showAuthors(account, patient, authors) {
  const key = keyOf(account, patient);
  const set = load(key);
  if (authors) for (const a of authors) set.delete(lower(a));
  else set.clear();
  return save(key, set);
}

/** True when `author` is in `hidden` (a set from hiddenAuthors). */
export const isHiddenBy = (hidden, author) => hidden.has(lower(author));
