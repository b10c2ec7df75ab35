// Pieces the administration screens share: a select of labelled options, an account address field
// checked by the module, and a list of cards drawn a page at a time with "Load more".
import { h, append, replace, button, busy } from '../dom.js';
import { t, translate } from '../i18n.js';
import { ehr } from '../module.js';

export const select = (name, options) =>
  h(
    'select',
    { name },
    Object.entries(options).map(([v, label]) => h('option', { value: v }, label)),
  );

/** Checks an address field with the module (EIP-55 when mixed case); sets the field's error. */
export async function checkAddress(f) {
  const text = f.control.value.trim();
  const api = await ehr();
  const ok = api.address.isValid(text);
  f.setError(
    ok
      ? null
      : 'Enter an account address: 0x followed by 40 hexadecimal digits (check the capital letters if you pasted a checksummed address).',
  );
  return ok ? api.address.toChecksum(text) : null;
}

/** How many cards an administration list draws first, and how many more each "Load more" adds. */
export const ROWS_SHOWN = 50;

/**
 * A list of cards drawn a page at a time from a pager of chain/directory.js (which reads the chain
 * one page of 250 per call, as the pages reach it): the first ROWS_SHOWN cards, then "Load more"
 * while entries remain. load() reads the list again from the start and draws as many cards as
 * were shown (after an action changed it).
 * @param {any} app
 * @param {{ attrs: Record<string, string>, open: () => { next(count: number): Promise<any[]>,
 *   more(): boolean, total(): number | null }, card: (item: any) => Node,
 *   words: { none: string, one: string, many: string, shown: string, first: string },
 *   loading: string, failed: string, action: string, moreLabel: string }} o words, each a message
 *   of the catalogue: the status when there is none ('No member yet.'), for one ('One member.'),
 *   for several ('{count} members.'), for some of several ('{total} members. Showing the first
 *   {count}.') and while the total is unknown ('Showing the first {count} members; more may
 *   follow.'); action: what failed, for the error notice ('loading the members')
 * @returns {{ list: HTMLElement, status: HTMLElement, more: HTMLElement, load: () => Promise<void> }}
 */
export function pagedCards(app, o) {
  const list = h('ul', { class: 'cards', ...o.attrs });
  const status = h('p', { class: 'muted', role: 'status' }, o.loading);
  const more = h('div', { class: 'actions' });
  let pager = null;
  let shown = ROWS_SHOWN;
  let generation = 0; // a load() started later wins over one still reading
  const describe = () => {
    const n = list.children.length;
    const total = pager.total();
    const count = (k) => (k === 1 ? translate(o.words.one) : t(o.words.many, { count: k }));
    if (total === null) return t(o.words.first, { count: n });
    if (total === 0 || (n === 0 && !pager.more())) return translate(o.words.none);
    if (n < total && total > 1) return t(o.words.shown, { total, count: n });
    return count(Math.max(n, total));
  };
  const drawn = (gen, items, fresh) => {
    if (gen !== generation) return;
    if (fresh) replace(list, items.map(o.card));
    else append(list, items.map(o.card));
    shown = Math.max(ROWS_SHOWN, list.children.length);
    status.textContent = describe();
    replace(
      more,
      pager.more()
        ? button('Load more', (e) => busy(e.currentTarget, loadMore), {
            variant: 'secondary',
            'aria-label': o.moreLabel,
          })
        : null,
    );
  };
  const failed = (gen, e) => {
    if (gen !== generation) return;
    status.textContent = translate(o.failed);
    app.fail(e, { action: o.action, retry: load });
  };
  async function loadMore() {
    const gen = generation;
    try {
      drawn(gen, await pager.next(ROWS_SHOWN), false);
    } catch (e) {
      failed(gen, e);
    }
  }
  async function load() {
    const gen = ++generation;
    pager = o.open();
    try {
      drawn(gen, await pager.next(shown), true);
    } catch (e) {
      failed(gen, e);
    }
  }
  return { list, status, more, load };
}
