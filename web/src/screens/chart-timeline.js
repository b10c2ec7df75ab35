// The timeline of a chart: the records by date (newest first, each drawn by chart-record.js), a
// category filter, and search over what this page can decrypt (records/chart-search.js).
import { h, replace, button, busy } from '../dom.js';
import { listRecords } from '../records/chart.js';
import { SCOPES } from '../records/scopes.js';
import { parseSearch } from '../records/search-terms.js';
import { searchRecords } from '../records/chart-search.js';
import { recordItem } from './chart-record.js';

/**
 * The timeline of a chart: records by date (newest first), a category filter, and per record an
 * Open button that fetches, verifies and decrypts it.
 * @param {{ patient: string, keysFor: (header: { scope: number, epoch: number }) => { chartKeys?: any[], identities?: any[], release?: () => void },
 *   canOpen?: (scope: number) => boolean, canRedact?: (record: any) => boolean, canAmend?: (record: any) => boolean,
 *   chartKeyFor?: (scope: number, epoch: number) => { key: any, release?: () => void },
 *   settleFirst?: () => Promise<unknown> }} o
 */
export function timeline(app, o) {
  const list = h('ol', { class: 'cards timeline', 'aria-labelledby': 'timeline-heading' });
  const status = h('p', { class: 'muted', role: 'status' }, 'Loading records…');
  const filter = h(
    'select',
    { id: 'timeline-filter' },
    h('option', { value: '' }, 'All categories'),
    SCOPES.map(([s, l]) => h('option', { value: String(s) }, l)),
  );
  let records = [];

  const itemFor = (r) => recordItem(app, o, r, { byId, reload: load });

  let byId = new Map();
  /** Search: null, or { terms, hits: Set of record ids } over the records decrypted in this page. */
  let found = null;
  const draw = () => {
    const want = filter.value === '' ? null : Number(filter.value);
    byId = new Map(records.map((r) => [r.id, r]));
    const current = records.filter((r) => !r.superseded);
    const shown = current.filter((r) => (want === null || r.scope === want) && (!found || found.hits.has(r.id)));
    replace(list, shown.map(itemFor));
    status.textContent =
      records.length === 0
        ? 'No record yet.'
        : found
          ? `${shown.length} record${shown.length === 1 ? ' matches' : 's match'} “${found.terms.join(' ')}”${found.closed ? ` (${found.closed} not shared with you were not searched)` : ''}.`
          : `${shown.length} of ${current.length} records shown.`;
  };
  filter.addEventListener('change', draw);

  // Search runs in this page over what it decrypts: every record this reader can open is fetched,
  // checked and decrypted (kept in the session's decrypted map, which lock empties), then its
  // category, date and text are matched. Nothing about the query leaves the page.
  const query = h('input', {
    type: 'search',
    id: 'timeline-search',
    name: 'search',
    autocomplete: 'off',
    spellcheck: 'false',
  });
  const searchBtn = button('Search', null, { type: 'submit', variant: 'secondary' });
  const clearBtn = button(
    'Show all',
    () => {
      found = null;
      query.value = '';
      clearBtn.hidden = true;
      draw();
      query.focus();
    },
    { variant: 'secondary', hidden: true },
  );
  const searchForm = h(
    'form',
    { role: 'search', 'aria-label': 'Search the records', class: 'search', novalidate: true },
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'timeline-search' }, 'Search in the records'),
      h(
        'p',
        { class: 'hint', id: 'timeline-search-hint' },
        'Words from the records, a category or a date (2026-11); every word must match. The records are decrypted in this page to search them.',
      ),
      query,
    ),
    h('div', { class: 'actions' }, searchBtn, clearBtn),
  );
  query.setAttribute('aria-describedby', 'timeline-search-hint');
  searchForm.addEventListener('submit', (e) => {
    e.preventDefault();
    // Criteria: dates (YYYY, YYYY-MM, YYYY-MM-DD) and words; a record matches when every
    // criterion does, in what the record says (the module's search index: words of the
    // resource's text fields, accents folded, and its clinical dates) or in what the timeline
    // shows about it (category, date added, record number).
    const criteria = parseSearch(query.value);
    if (criteria.length === 0) {
      clearBtn.click();
      return;
    }
    busy(searchBtn, async () => {
      try {
        const { hits, closed } = await searchRecords({
          patient: o.patient,
          records,
          criteria,
          keysFor: o.keysFor,
          canOpen: o.canOpen,
          onProgress: (done, total) => {
            status.textContent = `Searching… record ${done} of ${total}`;
          },
        });
        found = { terms: query.value.trim().split(/\s+/u), hits, closed };
        clearBtn.hidden = false;
        draw();
      } catch (err) {
        status.textContent = 'The search could not run.';
        app.fail(err, { action: 'searching the records' });
      }
    });
  });

  const load = async () => {
    try {
      records = await listRecords(app.wallet.provider(), o.patient);
      draw();
    } catch (e) {
      status.textContent = 'The records could not be loaded.';
      app.fail(e, { action: 'loading the records', retry: load });
    }
  };
  load();
  return {
    element: h(
      'section',
      { 'aria-labelledby': 'timeline-heading' },
      h('h2', { id: 'timeline-heading' }, 'Records'),
      searchForm,
      h('div', { class: 'field' }, h('label', { for: 'timeline-filter' }, 'Show'), filter),
      status,
      list,
    ),
    reload: load,
  };
}
