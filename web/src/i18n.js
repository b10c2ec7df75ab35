// One message catalogue for every string the page shows. The page's source text is English and
// is also the message's key (as in gettext): h(), append() and field() in dom.js look up string
// children and text attributes (placeholder, title, alt, aria-label) as they build, so a literal
// string needs no call; a message with values is written t('Locks after {minutes} minutes', {
// minutes }). A locale's catalogue (web/src/i18n/<locale>.js) maps the English text to its own.
// A string that is not a message (a name, an address, a record's contents) passes through
// unchanged, and the element that shows it carries translate="no" (which also keeps browser
// translators away from it).
//
// The locale comes from the browser's languages (navigator.languages), can be switched in
// Settings, and is kept for the session only (no storage on a shared terminal). English needs no
// download; another locale's catalogue loads on first use (integrity: the import map).
//
// Development builds also have the pseudo-locale "qps": every message of the catalogue is shown
// in ⟦brackets⟧, so a test can find any visible string that is not a message.

/** The locales the page speaks, by BCP 47 tag, each named in its own language. */
export const LOCALES = Object.freeze({ en: 'English', es: 'Español' });

const loaders = { es: () => import('./i18n/es.js') };

let current = 'en';
/** @type {Record<string, string> | null} */
let messages = null;
let pseudo = false;
const listeners = new Set();

/** The first of `preferred` (browser languages) the page speaks, else English. */
export function pickLocale(preferred = globalThis.navigator?.languages ?? []) {
  for (const tag of preferred) {
    const base = String(tag).toLowerCase().split('-')[0];
    if (Object.hasOwn(LOCALES, base)) return base;
  }
  return 'en';
}

/** The current locale's tag ('en', 'es', or 'qps' in a development build's test). */
export const locale = () => current;

/** The locale for Intl formatting (the pseudo-locale formats as English). */
export const intlLocale = () => (current === 'qps' ? 'en' : current);

/**
 * Switches the page's language; resolves once the catalogue is loaded. 'qps' (development
 * builds only) brackets every message of the Spanish catalogue.
 * @param {string} tag
 * @param {{ development?: boolean }} [options]
 */
export async function setLocale(tag, { development = false } = {}) {
  if (tag === 'qps' && development) {
    const es = (await loaders.es()).default;
    messages = Object.fromEntries(Object.keys(es).map((k) => [k, k]));
    pseudo = true;
  } else if (Object.hasOwn(loaders, tag)) {
    messages = (await loaders[tag]()).default;
    pseudo = false;
  } else {
    tag = 'en';
    messages = null;
    pseudo = false;
  }
  current = tag;
  if (globalThis.document) document.documentElement.lang = tag === 'qps' ? 'en' : tag;
  for (const fn of listeners) fn(tag);
}

/** Calls fn(tag) after every switch; returns the unsubscribe function. */
export function onLocaleChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

const mark = (s) => (pseudo ? `⟦${s}⟧` : s);

/** The current locale's text of a message, or `text` unchanged when it is not one. */
export function translate(text) {
  if (messages === null) return text;
  const m = messages[text];
  return m === undefined ? text : mark(m);
}

/**
 * A message with values: `{name}` placeholders in the English source (and in its translations)
 * are replaced by params[name], formatted for the locale when numbers.
 * @param {string} source
 * @param {Record<string, string | number>} [params]
 */
export function t(source, params) {
  const found = messages?.[source];
  let s = found ?? source;
  if (params) {
    s = s.replace(/\{(\w+)\}/g, (whole, k) => {
      if (!Object.hasOwn(params, k)) return whole;
      const v = params[k];
      return typeof v === 'number' ? new Intl.NumberFormat(intlLocale()).format(v) : String(v);
    });
  }
  return found === undefined ? s : mark(s);
}

/**
 * Translates the fixed text of the page's HTML (index.html): elements marked data-i18n (their
 * text) and data-i18n-label (their aria-label); the English source is kept on the element.
 * @param {ParentNode} root
 */
export function translateStatic(root) {
  for (const el of root.querySelectorAll('[data-i18n]')) {
    const e = /** @type {HTMLElement} */ (el);
    e.dataset.i18nSource ??= e.textContent ?? '';
    e.textContent = translate(e.dataset.i18nSource);
  }
  for (const el of root.querySelectorAll('[data-i18n-label]')) {
    const e = /** @type {HTMLElement} */ (el);
    e.dataset.i18nLabelSource ??= e.getAttribute('aria-label') ?? '';
    e.setAttribute('aria-label', translate(e.dataset.i18nLabelSource));
  }
}
