// "Nothing typed is lost on failure": forms keep what the user typed in memory, keyed by form,
// so a failed submission or a trip to another screen (to connect a wallet, switch network, ...)
// and back finds the fields as they were. Drafts live in this module only: never in
// localStorage, sessionStorage, IndexedDB, cookies or the URL. Secret fields (passwords,
// mnemonics) are never drafted: they stay in their input element and go with it. lock() wipes
// every draft.

/** @type {Map<string, Map<string, string | boolean>>} */
const drafts = new Map();

/** True for fields whose value must never be kept outside the element. */
const isSecret = (el) => el.type === 'password' || el.dataset.secret !== undefined || el.type === 'file';

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
  };
  form.addEventListener('input', save);
  form.addEventListener('change', save);
  return save;
}

/** Forgets one draft (after a successful submission). */
export function dropDraft(key) {
  drafts.delete(key);
}

/** Forgets every draft (lock). */
export function wipeDrafts() {
  for (const m of drafts.values()) m.clear();
  drafts.clear();
}

/** Number of drafts held (tests). */
export const draftCount = () => drafts.size;
