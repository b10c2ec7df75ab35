// "Nothing typed is lost on failure": forms keep what the user typed in memory, keyed by form,
// so a failed submission or a trip to another screen (to connect a wallet, switch network, ...)
// and back finds the fields as they were. Drafts live in this module only: never in
// localStorage, sessionStorage, IndexedDB, cookies or the URL — except in personal-device mode,
// where personal-device.js attaches a store that keeps them encrypted under a key derived from
// the unlocked wallet (attachDraftStore), so they survive a reload. Secret fields (passwords,
// mnemonics) are never drafted: they stay in their input element and go with it. lock() wipes
// every draft in memory (the encrypted copy stays, and opens only with the wallet).

/** @type {Map<string, Map<string, string | boolean>>} */
const drafts = new Map();
/** Drafts whose fields differ from the form's defaults (what the person typed or chose). */
const edited = new Set();

/**
 * Personal-device mode: where drafts are written beyond memory, or null (shared terminals).
 * @type {null | { write: (entries: [string, [string, string | boolean][]][]) => Promise<void> }}
 */
let store = null;
/** Writes started and not yet finished: until they are, the input is not saved. */
let writing = 0;
let failed = false;

/** True for fields whose value must never be kept outside the element. */
const isSecret = (el) => el.type === 'password' || el.dataset.secret !== undefined || el.type === 'file';

/** Whether a field differs from what the form started with. */
function changed(el) {
  if (el.type === 'checkbox' || el.type === 'radio') return el.checked !== el.defaultChecked;
  if (el.tagName === 'SELECT') {
    if (el.multiple) return [...el.options].some((o) => o.selected !== o.defaultSelected);
    const d = [...el.options].findIndex((o) => o.defaultSelected);
    return el.selectedIndex !== (d < 0 ? 0 : d);
  }
  return el.value !== (el.defaultValue ?? '');
}

/** Every draft, as plain arrays (what the store writes). */
export const draftEntries = () => [...drafts].map(([k, m]) => [k, [...m]]);

/** Hands every draft to the store, if one is attached. */
function persist() {
  if (!store) return;
  writing++;
  store
    .write(draftEntries())
    .then(
      () => {
        failed = false;
      },
      () => {
        failed = true;
      },
    )
    .finally(() => {
      writing--;
    });
}

/**
 * Keeps the named fields of `form` in the draft `key`: restores saved values now and saves on
 * every input. Returns a function that saves immediately (call it before a submission).
 * @param {string} key
 * @param {HTMLFormElement} form
 */
export function keepDraft(key, form) {
  const saved = drafts.get(key);
  const fields = () => [...form.elements].filter((el) => el.name && !isSecret(el));
  if (saved) {
    for (const el of fields()) {
      if (!saved.has(el.name)) continue;
      if (el.type === 'checkbox' || el.type === 'radio')
        el.checked = saved.get(el.name) === true || saved.get(el.name) === el.value;
      else el.value = String(saved.get(el.name));
    }
  }
  const save = () => {
    const m = new Map();
    for (const el of fields()) {
      if (el.type === 'radio') {
        if (el.checked) m.set(el.name, el.value);
      } else {
        m.set(el.name, el.type === 'checkbox' ? el.checked : el.value);
      }
    }
    drafts.set(key, m);
    if (fields().some(changed)) edited.add(key);
    else edited.delete(key);
    persist();
  };
  form.addEventListener('input', save);
  form.addEventListener('change', save);
  return save;
}

/** Forgets one draft (after a successful submission). */
export function dropDraft(key) {
  edited.delete(key);
  if (drafts.delete(key)) persist();
}

/** Forgets every draft in memory (lock). The store, if any, is detached and keeps its copy. */
export function wipeDrafts() {
  store = null;
  for (const m of drafts.values()) m.clear();
  drafts.clear();
  edited.clear();
}

/**
 * Personal-device mode: `s` keeps every draft from now on (null detaches it). Drafts the store
 * held from an earlier visit come back with restoreDrafts().
 */
export function attachDraftStore(s) {
  store = s;
  failed = false;
}

/**
 * Puts drafts read back from the store into memory; a draft typed in this visit wins over the
 * stored one of the same form. Restored drafts count as edited (they were once typed).
 * @param {unknown} entries draftEntries() output
 */
export function restoreDrafts(entries) {
  if (!Array.isArray(entries)) return;
  for (const e of entries) {
    if (!Array.isArray(e) || typeof e[0] !== 'string' || !Array.isArray(e[1]) || drafts.has(e[0])) continue;
    const m = new Map();
    for (const f of e[1])
      if (Array.isArray(f) && typeof f[0] === 'string' && ['string', 'boolean'].includes(typeof f[1]))
        m.set(f[0], f[1]);
    drafts.set(e[0], m);
    edited.add(e[0]);
  }
}

/**
 * Whether something typed would be lost by leaving the page now: a form differs from its defaults
 * and no store holds it (a shared terminal, a write still running or failed).
 */
export const hasUnsavedInput = () => edited.size > 0 && (!store || writing > 0 || failed);

/** Number of drafts held (tests). */
export const draftCount = () => drafts.size;
