// The timeline of a chart: the records newest first (each drawn by chart-record.js), read from the
// chain in windows (records/chart.js chartPages): the newest window at once, older ones on "Load
// older records" (or when that button scrolls into view). The category filter and the search
// (records/chart-search.js) work over the loaded records; the search can load the rest first.
// Records of authors the reader hid (records/hidden-authors.js) are skipped, with a line to show
// them again. Authors are named from the registry (chart-common.js loadNames): by address at once,
// by name once the names arrive (on a long chain they take many log queries: never waited for).
import { h, replace, button, busy } from '../dom.js';
import { t, translate } from '../i18n.js';
import { getState } from '../state.js';
import { sameAddress } from '../format.js';
import { chartPages, recordCount, windowSize } from '../records/chart.js';
import { hiddenAuthors, hideAuthor, showAuthors, isHiddenBy } from '../records/hidden-authors.js';
import { SCOPES } from '../records/scopes.js';
import { parseSearch } from '../records/search-terms.js';
import { searchRecords } from '../records/chart-search.js';
import { recordItem } from './chart-record.js';
import { namesFor, namesNow } from './chart-common.js';

/**
 * The timeline of a chart: records by date (newest first, loaded by windows), a category filter,
 * search, and per record an Open button that fetches, verifies and decrypts it.
 * @param {{ patient: string, keysFor: (header: { scope: number, epoch: number }) => { chartKeys?: any[], identities?: any[], release?: () => void },
 *   canOpen?: (scope: number) => boolean, canRedact?: (record: any) => boolean, canAmend?: (record: any) => boolean,
 *   chartKeyFor?: (scope: number, epoch: number) => { key: any, release?: () => void },
 *   settleFirst?: () => Promise<unknown>, pageSize?: number, viewer?: string,
 *   onOpened?: (record: any, envelope: Uint8Array | null) => void }} o
 *   pageSize: records per window (default windowSize(), from the gas budget of one call);
 *   viewer: the account whose hidden authors apply (default the connected account);
 *   onOpened: after a record opened, with its envelope bytes (null when the session had it already)
 * @returns {{ element: HTMLElement, reload: () => Promise<void> }}
 */
export function timeline(app, o) {
  const pageSize = o.pageSize ?? windowSize();
  const viewer = () => o.viewer ?? getState().account ?? '';
  let hidden = hiddenAuthors(viewer(), o.patient);
  const list = h('ol', { class: 'cards timeline', 'aria-labelledby': 'timeline-heading' });
  const status = h('p', { class: 'muted', role: 'status', tabIndex: -1 }, 'Loading records…');
  const filter = h(
    'select',
    { id: 'timeline-filter' },
    h('option', { value: '' }, 'All categories'),
    SCOPES.map(([s, l]) => h('option', { value: String(s) }, l)),
  );

  /** The chart as loaded: `records` newest first, out of `total` (pinned when the pager opened). */
  let records = [];
  let total = 0;
  /** @type {AsyncIterator<any[]> | null} */
  let pager = null;
  let complete = false;
  /** How many records to show (a window more per "Load older"; loaded records beyond wait). */
  let limit = pageSize;
  /** The running load ({ stop }), if any; `generation` makes loads of an older pager stop. */
  let loading = null;
  let generation = 0;
  let byId = new Map();
  /** Items drawn last, by record (kept when older records are appended: open records stay open). */
  let drawn = new Map();
  /** Search: null, or { terms, hits: Set of record ids, closed, searched } over loaded records. */
  let found = null;

  const isHidden = (r) => isHiddenBy(hidden, r.author);
  /** The records of the timeline's top level: current versions, hidden authors' excepted. */
  const current = () => records.filter((r) => !r.superseded && !isHidden(r));
  const canHide = (r) => !sameAddress(r.author, o.patient) && !sameAddress(r.author, viewer());
  /** The names of authors: those known at once (namesNow), then the registry's (fillNames). */
  let names = null;
  const itemFor = (r) =>
    recordItem(app, o, r, { byId, reload: () => load(), hideAuthor: canHide(r) ? hide : undefined, names });
  /** Draws the records shown again with the registry's names, but for one opened or in use. */
  const fillNames = (gen) =>
    namesFor(app).then((known) => {
      if (gen !== generation) return;
      names = known;
      for (const [r, item] of drawn) {
        if (item.querySelector('.record-body')?.hasChildNodes() || item.contains(document.activeElement)) continue;
        const fresh = itemFor(r);
        item.replaceWith(fresh);
        drawn.set(r, fresh);
      }
    });

  const hiddenLine = h('p', { class: 'muted', hidden: true });
  const showBtn = button(
    'Show',
    () => {
      hidden = showAuthors(viewer(), o.patient);
      draw();
      status.focus();
    },
    { variant: 'secondary' },
  );
  const moreBtn = button('Load older records', () => loadOlder(), { variant: 'secondary' });
  const stopBtn = button('Stop', () => loading && (loading.stop = true), { variant: 'secondary', hidden: true });
  const searchAllBtn = button('Search all records', () => searchAll(), { variant: 'secondary', hidden: true });
  const loadedNote = h('span', { class: 'muted' });
  const moreBox = h('div', { class: 'actions', hidden: true }, moreBtn, searchAllBtn, stopBtn, loadedNote);

  const draw = ({ keep = false } = {}) => {
    const want = filter.value === '' ? null : Number(filter.value);
    byId = new Map(records.map((r) => [r.id, r]));
    const all = current();
    const matching = all.filter((r) => (want === null || r.scope === want) && (!found || found.hits.has(r.id)));
    const shown = matching.slice(0, limit);
    const more = !complete || shown.length < matching.length;
    const before = keep ? drawn : new Map();
    drawn = new Map(shown.map((r) => [r, before.get(r) ?? itemFor(r)]));
    replace(list, [...drawn.values()]);
    if (total === 0) status.textContent = translate('No record yet.');
    else if (found) {
      const k = matching.length;
      const terms = found.terms.join(' ');
      const closed = found.closed;
      const matches =
        k === 1
          ? closed
            ? t('{count} record matches “{terms}” ({closed} not shared with you were not searched).', {
                count: k,
                terms,
                closed,
              })
            : t('{count} record matches “{terms}”.', { count: k, terms })
          : closed
            ? t('{count} records match “{terms}” ({closed} not shared with you were not searched).', {
                count: k,
                terms,
                closed,
              })
            : t('{count} records match “{terms}”.', { count: k, terms });
      status.textContent = [
        matches,
        found.searched < total
          ? t('Searched the {count} loaded of {total} records.', { count: found.searched, total })
          : null,
        k > shown.length ? t('Showing the newest {count}.', { count: shown.length }) : null,
      ]
        .filter(Boolean)
        .join(' ');
    } else if (!more)
      status.textContent = t('{count} of {total} records shown.', { count: shown.length, total: all.length });
    else status.textContent = t('Showing {count} of {total} records (newest first).', { count: shown.length, total });
    const hiddenCount = records.reduce((k, r) => k + (isHidden(r) ? 1 : 0), 0);
    hiddenLine.hidden = hidden.size === 0;
    hiddenLine.title = t('Hidden authors: {addresses}', { addresses: [...hidden].join(', ') });
    showBtn.setAttribute(
      'aria-label',
      hidden.size === 1
        ? translate('Show the records of 1 hidden author')
        : t('Show the records of {count} hidden authors', { count: hidden.size }),
    );
    const one = hiddenCount === 1;
    replace(
      hiddenLine,
      hidden.size === 1
        ? t(one ? '{count} record from a hidden author' : '{count} records from a hidden author', {
            count: hiddenCount,
          })
        : t(one ? '{count} record from hidden authors' : '{count} records from hidden authors', {
            count: hiddenCount,
          }),
      ' — ',
      showBtn,
    );
    moreBox.hidden = !more;
    loadedNote.textContent = t('{count} of {total} records read', { count: records.length, total });
    searchAllBtn.hidden = !found || found.searched >= total;
  };
  filter.addEventListener('change', () => draw());

  /**
   * Reads windows until `limit` records to show are loaded (or `raw` records in all), the chart
   * ends, Stop is pressed or a newer load starts: windows full of hidden authors' records are
   * read through, with progress.
   */
  const fill = async ({ raw = 0, all = false } = {}) => {
    const gen = generation;
    const run = { stop: false };
    loading = run;
    stopBtn.hidden = false;
    moreBtn.setAttribute('aria-busy', 'true');
    moreBtn.disabled = true;
    const start = records.length;
    try {
      while (!complete && !run.stop && (all || current().length < limit || records.length < raw)) {
        const next = await pager.next();
        if (gen !== generation) return;
        if (next.done) complete = true;
        else records.push(...next.value);
        if (records.length >= total) complete = true;
        draw({ keep: true });
        if (records.length - start > pageSize && !complete) {
          const skipped = records.reduce((k, r) => k + (isHidden(r) ? 1 : 0), 0);
          status.textContent = skipped
            ? t(
                'Reading older records… {count} of {total} ({skipped} from hidden authors skipped). Press Stop to stop.',
                {
                  count: records.length,
                  total,
                  skipped,
                },
              )
            : t('Reading older records… {count} of {total}. Press Stop to stop.', { count: records.length, total });
        }
      }
      if (run.stop) draw({ keep: true });
    } finally {
      if (loading === run) {
        loading = null;
        stopBtn.hidden = true;
        moreBtn.removeAttribute('aria-busy');
        moreBtn.disabled = false;
      }
    }
  };

  const failed = (e, retry) => {
    status.textContent = translate('The records could not be loaded.');
    app.fail(e, { action: 'loading the records', retry });
  };

  /**
   * Older records: a window more to show (read from the chain when not loaded yet: one call when
   * no author is hidden); a search shown is run again over them.
   */
  const loadOlder = () => {
    if (loading || !pager || moreBox.hidden) return undefined;
    limit += pageSize;
    return fill().then(
      () => (found ? busy(searchBtn, search) : draw({ keep: true })),
      (e) => failed(e, loadOlder),
    );
  };

  /**
   * (Re)opens the chart from its newest record, reading again at least `keep` records (what was
   * loaded, after a change) and what is to be shown.
   */
  const load = async ({ keep = records.length } = {}) => {
    const gen = ++generation;
    if (loading) loading.stop = true;
    try {
      const provider = app.wallet.provider();
      const [count, known] = await Promise.all([recordCount(provider, o.patient), namesNow(app)]);
      if (gen !== generation) return;
      names = known;
      fillNames(gen);
      pager?.return?.();
      pager = chartPages(provider, o.patient, { pageSize, count })[Symbol.asyncIterator]();
      total = count;
      records = [];
      complete = count === 0;
      if (complete) draw();
      await fill({ raw: keep });
    } catch (e) {
      if (gen === generation) failed(e, load);
    }
  };

  const hide = (author) => {
    hidden = hideAuthor(viewer(), o.patient, author);
    draw();
    showBtn.focus();
    // The hidden records may have been most of what was loaded: read on to a window's worth.
    if (!loading && !complete) fill().catch((e) => failed(e, loadOlder));
  };

  // Loading on scroll: when the button comes into view (the end of the list), load older records.
  if (typeof IntersectionObserver === 'function') {
    const seen = new IntersectionObserver(
      (entries) => {
        if (!moreBtn.isConnected) return;
        if (entries.some((e) => e.isIntersecting) && !moreBox.hidden) loadOlder();
      },
      { rootMargin: '0px 0px 300px 0px' },
    );
    seen.observe(moreBtn);
  }

  // Search runs in this page over what it decrypts: every loaded record this reader can open
  // (hidden authors' records excepted) is fetched, checked and decrypted (kept in the session's
  // decrypted map, which lock empties), then its category, date and text are matched. Nothing
  // about the query leaves the page.
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
        'Words from the records, a category or a date (2026-11); every word must match. The records are decrypted in this page to search them. Long charts: the loaded records are searched, then you can search them all.',
      ),
      query,
    ),
    h('div', { class: 'actions' }, searchBtn, clearBtn),
  );
  query.setAttribute('aria-describedby', 'timeline-search-hint');
  const search = async () => {
    // Criteria: dates (YYYY, YYYY-MM, YYYY-MM-DD) and words; a record matches when every
    // criterion does, in what the record says (the module's search index: words of the
    // resource's text fields, accents folded, and its clinical dates) or in what the timeline
    // shows about it (category, date added, record number).
    const criteria = parseSearch(query.value);
    if (criteria.length === 0) {
      clearBtn.click();
      return;
    }
    try {
      const searched = records.length;
      const { hits, closed } = await searchRecords({
        patient: o.patient,
        records: records.filter((r) => !isHidden(r)),
        criteria,
        keysFor: o.keysFor,
        canOpen: o.canOpen,
        onProgress: (done, all) => {
          status.textContent = t('Searching… record {done} of {total}', { done, total: all });
        },
      });
      found = { terms: query.value.trim().split(/\s+/u), hits, closed, searched };
      clearBtn.hidden = false;
      draw();
    } catch (err) {
      status.textContent = translate('The search could not run.');
      app.fail(err, { action: 'searching the records' });
    }
  };
  searchForm.addEventListener('submit', (e) => {
    e.preventDefault();
    busy(searchBtn, search);
  });

  /** Loads every remaining window (with progress; Stop keeps what was read), then searches. */
  const searchAll = () =>
    busy(searchAllBtn, async () => {
      if (loading) return;
      try {
        await fill({ all: true });
      } catch (e) {
        failed(e, searchAll);
        return;
      }
      await busy(searchBtn, search);
    });

  load();
  return {
    element: h(
      'section',
      { 'aria-labelledby': 'timeline-heading' },
      h('h2', { id: 'timeline-heading' }, 'Records'),
      searchForm,
      h('div', { class: 'field' }, h('label', { for: 'timeline-filter' }, 'Show'), filter),
      status,
      hiddenLine,
      list,
      moreBox,
    ),
    reload: () => load(),
  };
}
