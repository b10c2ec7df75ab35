// Small DOM helpers. The page builds every element with these: text always goes in as text nodes,
// never as markup (the CSP forbids string-to-DOM sinks through Trusted Types anyway). String
// children and text attributes are looked up in the message catalogue (i18n.js) on the way in.
import { translate } from './i18n.js';

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * Creates an element.
 * @param {string} tag
 * @param {Record<string, any> | null} [props] `class`, `text`, `on` ({ click: fn, ... }),
 *   `dataset`, DOM properties (`value`, `checked`, `disabled`, `hidden`, `type`, `htmlFor`, ...)
 *   and attributes (`aria-*`, `role`, `id`, anything with a dash). `null`/`false` values are skipped:
 *   pass the string 'false' for attributes such as spellcheck that must be written out.
 * @param {...any} children strings, numbers, nodes, arrays of them, null/false (skipped)
 * @returns {HTMLElement}
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  applyProps(el, props);
  append(el, children);
  return el;
}

/** Creates an SVG element (attributes only). */
export function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v !== null && v !== undefined && v !== false) el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

const PROPS = new Set([
  'value',
  'checked',
  'disabled',
  'hidden',
  'type',
  'htmlFor',
  'name',
  'href',
  'src',
  'alt',
  'placeholder',
  'required',
  'readOnly',
  'multiple',
  'accept',
  'min',
  'max',
  'step',
  'rows',
  'autocomplete',
  'tabIndex',
  'title',
  'lang',
  'open',
  'inputMode',
  'maxLength',
  'minLength',
  'pattern',
  'width',
  'height',
]);

/** Attributes people read or hear: translated like text. */
const TEXT_ATTRS = new Set(['placeholder', 'title', 'alt', 'aria-label', 'aria-description', 'aria-valuetext']);

function applyProps(el, props) {
  if (!props) return;
  for (const [k, v] of Object.entries(props)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') el.className = Array.isArray(v) ? v.filter(Boolean).join(' ') : v;
    else if (k === 'text') el.textContent = typeof v === 'string' ? translate(v) : String(v);
    else if (TEXT_ATTRS.has(k) && typeof v === 'string') {
      if (PROPS.has(k)) el[k] = translate(v);
      else el.setAttribute(k, translate(v));
    } else if (k === 'on') for (const [ev, fn] of Object.entries(v)) el.addEventListener(ev, fn);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'for') el.htmlFor = v;
    else if (PROPS.has(k)) el[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
}

/** Appends children (see h(): null and false are skipped, strings become text nodes). */
export function append(el, ...children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(typeof c === 'string' ? translate(c) : String(c)));
  }
  return el;
}

/** Replaces every child of `el` (same rules as append()). */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, ...children);
}

/** A unique id for label/description wiring. */
let seq = 0;
export const uid = (prefix = 'id') => `${prefix}-${++seq}`;

/**
 * A labelled form field: label, optional hint, the control, and an error slot wired with
 * aria-describedby. Returns { wrap, control, setError(msg|null) }.
 */
export function field({ label, hint, control, id = uid('f') }) {
  control.id = id;
  const hintEl = hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null;
  const errEl = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
  const describe = () => {
    const ids = [hintEl && hintEl.id, !errEl.hidden && errEl.id].filter(Boolean);
    if (ids.length) control.setAttribute('aria-describedby', ids.join(' '));
    else control.removeAttribute('aria-describedby');
  };
  describe();
  const wrap = h('div', { class: 'field' }, h('label', { for: id }, label), hintEl, control, errEl);
  return {
    wrap,
    control,
    setError(msg) {
      errEl.textContent = msg ? translate(msg) : '';
      errEl.hidden = !msg;
      if (msg) control.setAttribute('aria-invalid', 'true');
      else control.removeAttribute('aria-invalid');
      describe();
    },
  };
}

/** A button. `variant`: 'secondary' | 'danger' | undefined. */
export function button(label, onClick, { variant, type = 'button', ...rest } = {}) {
  return h(
    'button',
    { type, class: ['button', variant && `button-${variant}`], on: onClick ? { click: onClick } : null, ...rest },
    label,
  );
}

/**
 * Runs an async action from a button: disables it (aria-busy) while running, so a double click
 * cannot submit twice, and re-enables it afterwards whatever happened.
 */
export async function busy(btn, fn) {
  if (btn.disabled) return undefined;
  btn.disabled = true;
  btn.setAttribute('aria-busy', 'true');
  try {
    return await fn();
  } finally {
    btn.disabled = false;
    btn.removeAttribute('aria-busy');
  }
}
