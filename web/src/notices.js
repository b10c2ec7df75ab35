// The notification area: errors go to a role="alert" region (announced at once), everything else
// to a role="status" region (announced politely). An error always says what happened and offers a
// way forward (an action button, or plain advice). Notices can carry personal data (an address, a
// file name), so lock() clears them all. Titles, messages and advice are messages of the
// catalogue (i18n.js): a literal is translated as h() builds the notice, a message with values
// comes already translated from t().
import { h, button } from './dom.js';
import { t, translate } from './i18n.js';

let alerts = null;
let status = null;
let seq = 0;

/** Binds the two regions (index.html's #alerts and #status). */
export function mountNotices(alertsEl, statusEl) {
  alerts = alertsEl;
  status = statusEl;
}

/**
 * Shows a notice.
 * @param {{ kind?: 'error' | 'warning' | 'success' | 'info', title: string, message?: string,
 *   advice?: string, details?: string, actions?: { label: string, run: () => unknown }[], key?: string,
 *   timeoutMs?: number }} n
 *   `details` (e.g. a provider's own error text) is shown folded, behind "Details".
 *   `key` replaces an earlier notice with the same key; `timeoutMs` removes an info/success notice
 *   after that time (errors and warnings stay until dismissed or acted upon).
 * @returns {string} the notice's id (for dismiss())
 */
export function notify(n) {
  const kind = n.kind ?? 'info';
  const region = kind === 'error' || kind === 'warning' ? alerts : status;
  if (!region) return '';
  if (n.key) dismissKey(n.key);
  // Status messages do not pile up: the newest replaces the previous ones (errors and warnings
  // stay until dismissed or acted upon).
  if (region === status) for (const el of [...status.children]) dismiss(el.id);
  const id = `notice-${++seq}`;
  const close = () => dismiss(id);
  const actions = (n.actions ?? []).map((a) =>
    button(
      a.label,
      async () => {
        close();
        await a.run();
      },
      { variant: 'secondary' },
    ),
  );
  const el = h(
    'div',
    { class: ['notice', `notice-${kind}`], id, dataset: { kind, key: n.key ?? '' } },
    h('p', { class: 'notice-title' }, n.title),
    n.message ? h('p', null, n.message) : null,
    n.advice ? h('p', null, n.advice) : null,
    n.details
      ? h('details', null, h('summary', null, 'Details'), h('pre', { class: 'notice-details' }, n.details))
      : null,
    h(
      'div',
      { class: 'actions' },
      actions,
      button('Dismiss', close, {
        variant: 'secondary',
        'aria-label': t('Dismiss: {title}', { title: translate(n.title) }),
      }),
    ),
  );
  region.append(el);
  if (n.timeoutMs && (kind === 'info' || kind === 'success')) setTimeout(close, n.timeoutMs);
  return id;
}

/** Removes one notice; focus moves to the main area if it was inside the notice. */
export function dismiss(id) {
  const el = document.getElementById(id);
  if (!el) return;
  const hadFocus = el.contains(document.activeElement);
  el.remove();
  if (hadFocus) document.getElementById('main')?.focus();
}

/** Removes the notice(s) with this key. */
export function dismissKey(key) {
  for (const region of [alerts, status]) {
    if (!region) continue;
    for (const el of [...region.children]) if (el.dataset.key === key) dismiss(el.id);
  }
}

/** Removes every notice (lock, or a fresh start). */
export function clearNotices() {
  alerts?.replaceChildren();
  status?.replaceChildren();
}

/**
 * Shows an error described by describeError() (errors.js) with its actions.
 * @param {{ title: string, message: string, advice?: string, details?: string }} d
 * @param {{ label: string, run: () => unknown }[]} [actions]
 */
export function notifyError(d, actions = [], key = undefined) {
  const { title, message, advice, details } = d;
  return notify({ kind: 'error', title, message, advice, details, actions, key });
}
