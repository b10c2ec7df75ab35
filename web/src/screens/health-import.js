// Importing a FHIR Bundle into a chart: choose a file or paste JSON, or a C-CDA document (XML,
// converted in this page by health/ccda.js), or receive a Bundle from a link or a health card;
// review the plan, one collapsible group per category (to add, already in the chart, skipped and
// why) and the skips by reason, then encrypt, upload and record each resource through the
// add-record pipeline (records/import-run.js), with progress, cancel and resume.
//
// Language: messages of the catalogue (i18n.js), counts through t() (a message per plural form);
// resource types, what a record says, file names and labels are data (translate="no").
import { h, replace, button, busy } from '../dom.js';
import { shortAddress } from '../format.js';
import { intlLocale, t, translate } from '../i18n.js';
import { notify } from '../notices.js';
import { plainMessage } from '../health/errors.js';
import { scopeLabel } from '../records/scopes.js';
import {
  chartIds,
  planChartImport,
  reviewOf,
  runImport,
  takePendingImport,
  typeCounts,
} from '../records/import-run.js';
import { ADD_BATCH } from '../records/chart.js';
import { describeResource } from '../records/export.js';
import { progressList, stageStep } from './chart-progress.js';

const SKIP_LABELS = {
  'already-imported': 'Already in your chart',
  duplicate: 'Twice in the file (kept once)',
  patient: 'The patient’s own details (the chart is already theirs)',
  'unsupported-type': 'Kinds of record this chart does not store',
  refused: 'Not accepted by the record check',
  'missing-required': 'Missing required information',
  'not-allowed': 'Not allowed by your access to this chart',
  'no-resource': 'Entries without a resource',
  malformed: 'Damaged entries',
};

/** A count in the page's language: `one` or `many` ('{count} record', '{count} records'). */
const count = (n, one, many) => t(n === 1 ? one : many, { count: n });

/** A number in the reader's locale. */
const num = (n) => new Intl.NumberFormat(intlLocale()).format(n);

/** Items joined with ', ' (nodes or strings). */
const commaList = (parts) => parts.map((p, i) => [i ? ', ' : '', p]);

/** Something others wrote (a resource type, a record's text, a file name): never translated. */
const data = (text) => h('span', { translate: 'no' }, document.createTextNode(String(text)));

/** "Observation 480, DiagnosticReport 40" (resource types are FHIR's names: data). */
const kinds = (items) =>
  data(
    typeCounts(items)
      .map(([type, n]) => `${type} ${num(n)}`)
      .join(', '),
  );

/** The records a group will add, each with its type and what it says (the first 500). */
const addList = (items) =>
  h(
    'details',
    { class: 'import-items' },
    h('summary', null, count(items.length, 'The {count} record to add', 'The {count} records to add')),
    h(
      'ul',
      null,
      items.slice(0, 500).map((it) => h('li', null, data(`${it.resourceType}: ${describeResource(it.resource)}`))),
      items.length > 500 ? h('li', { class: 'muted' }, t('… and {count} more', { count: items.length - 500 })) : null,
    ),
  );

/** Skips summarised per reason: "Twice in the file (kept once): 3 (Observation 3)". */
const reasonList = (byReason) =>
  h(
    'ul',
    null,
    [...byReason].map(([code, items]) =>
      h(
        'li',
        { dataset: { reason: code } },
        SKIP_LABELS[code] ?? code,
        ': ',
        num(items.length),
        ' (',
        kinds(items),
        ')',
      ),
    ),
  );

/** One collapsible group of the review: a category, or what has none. */
function reviewGroup(g) {
  const skipped = [...g.skipped.values()].reduce((n, l) => n + l.length, 0);
  const counts = [
    t('{count} to add', { count: g.add.length }),
    g.already.length ? t('{count} already in the chart', { count: g.already.length }) : null,
    skipped ? t('{count} skipped', { count: skipped }) : null,
  ].filter(Boolean);
  return h(
    'li',
    { dataset: { scope: String(g.scope) } },
    h(
      'details',
      null,
      h('summary', null, scopeLabel(g.scope), ': ', commaList(counts)),
      g.add.length ? h('p', null, 'To add: ', kinds(g.add), '.') : null,
      g.already.length ? h('p', null, 'Already in the chart: ', kinds(g.already), '.') : null,
      skipped ? reasonList(g.skipped) : null,
      g.add.length ? addList(g.add) : null,
    ),
  );
}

/**
 * Where the Bundle came from, as words: { kind: 'file', name } | { kind: 'pasted' } |
 * { kind: 'link', label? } | { kind: 'card', issuer } (a plain string is shown as data).
 */
function sourceWords(source) {
  if (typeof source === 'string') return data(source);
  if (source?.kind === 'file') return ['the file ', data(source.name)];
  if (source?.kind === 'link')
    return source.label ? ['the link ', data(`“${source.label}”`)] : 'the link without a label';
  if (source?.kind === 'card') return ['the health card from ', h('code', null, source.issuer)];
  return 'the pasted text';
}

/**
 * A note of the plan (records/import-run.js: the C-CDA conversion, entries the conversion could
 * not read), in words: a message with its values, and how many times it happened.
 */
const noteWords = (n) => [t(n.note, n.params), n.times > 1 ? [' ', t('({count} times)', { count: n.times })] : ''];

/** What the page says when a Bundle or document cannot be read (a HealthError). */
function notReadable(err) {
  notify({
    kind: 'error',
    key: 'import',
    title: 'This is not a Bundle or document the page can import',
    message: plainMessage(err) ?? undefined,
    details: `${err.code}: ${err.message}`,
    advice:
      'Choose a FHIR R4 Bundle of type collection, transaction, searchset or document, or a C-CDA document (XML).',
  });
}

/**
 * The import panel for one chart.
 * @param {any} app
 * @param {{ patient: string, own?: boolean,
 *   keysFor: (header: any) => any, canOpen?: (scope: number) => boolean,
 *   chartKeyFor: (scope: number, epoch: number) => { key: any, release?: () => void },
 *   settleFirst?: () => Promise<unknown>, allowed?: (scope: number) => boolean,
 *   initial?: { bundle: any, source: string } | null, onDone?: () => void }} o
 */
export function importPanel(app, o) {
  const file = h('input', {
    type: 'file',
    id: 'import-file',
    name: 'file',
    accept: '.json,application/fhir+json,application/json,.xml,.cda,.ccda,application/xml,text/xml',
  });
  const paste = h('textarea', { id: 'import-text', name: 'text', rows: 6, spellcheck: 'false', class: 'mono' });
  const status = h('p', { class: 'muted', role: 'status' });
  const review = h('div', { id: 'import-review' });
  const reviewBtn = button('Review the import', null, { type: 'submit' });
  const form = h(
    'form',
    { 'aria-labelledby': 'import-choose-heading', novalidate: true },
    h('h2', { id: 'import-choose-heading' }, 'Choose a FHIR Bundle or a C-CDA document'),
    h(
      'p',
      null,
      'A FHIR R4 Bundle (JSON) from another health record, a patient portal or an International Patient Summary, or a C-CDA document (XML, the summary most US patient portals export). It is read in this page; each record is encrypted before it leaves it.',
    ),
    h('div', { class: 'field' }, h('label', { for: 'import-file' }, 'Bundle or document file'), file),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'import-text' }, 'Or paste the Bundle’s JSON or the document’s XML'),
      paste,
    ),
    h('div', { class: 'actions' }, reviewBtn),
  );
  const provider = () => app.wallet.provider();

  const plan = async (input, source) => {
    replace(review);
    status.textContent = translate('Reading the ids of the records already in the chart…');
    const existing = await chartIds({
      provider: provider(),
      patient: o.patient,
      keysFor: o.keysFor,
      canOpen: o.canOpen,
      onProgress: (n, total) => {
        status.textContent = t('Reading the chart to find what is already there: record {n} of {total}…', {
          n,
          total,
        });
      },
    });
    status.textContent = translate('Planning the import…');
    const p = await planChartImport(input, { patient: o.patient, existingKeys: existing.ids, allowed: o.allowed });
    status.textContent = '';
    drawReview(p, source, existing.closed);
  };

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    busy(reviewBtn, async () => {
      try {
        const f = file.files?.[0];
        const text = f ? await f.text() : paste.value.trim();
        if (!text) {
          status.textContent = translate('Choose a file or paste a Bundle first.');
          return;
        }
        await plan(text, f ? { kind: 'file', name: f.name } : { kind: 'pasted' });
      } catch (err) {
        status.textContent = '';
        if (err?.name === 'HealthError') notReadable(err);
        else app.fail(err, { action: 'reading the Bundle', key: 'import' });
      }
    });
  });

  function drawReview(p, source, closed) {
    const { categories, uncategorised, reasons } = reviewOf(p);
    const adds = p.add;
    const skippedCount = p.counts.entries - adds.length;
    const summary = h(
      'p',
      { class: 'lead', id: 'import-summary' },
      'From ',
      sourceWords(source),
      ': ',
      count(p.counts.entries, '{count} entry.', '{count} entries.'),
      ' ',
      o.own
        ? t('{count} will be added to your chart; {skipped} skipped.', { count: adds.length, skipped: skippedCount })
        : [
            t('{count} will be added to the chart of patient', { count: adds.length }),
            ' ',
            h('code', null, shortAddress(o.patient)),
            t('; {skipped} skipped.', { skipped: skippedCount }),
          ],
    );
    const notStored = [...uncategorised.values()].reduce((n, l) => n + l.length, 0);
    const progress = progressList();
    const bar = h('progress', { max: String(Math.max(1, adds.length)), value: '0', 'aria-label': 'Records added' });
    const counter = h('p', { id: 'import-count', role: 'status' });
    const runBox = h('div', { class: 'import-run', hidden: true }, bar, counter, progress.element);
    const resumeText = (left) =>
      count(left, 'Resume: add the {count} record left', 'Resume: add the {count} records left');
    const start = button(
      adds.length
        ? count(adds.length, 'Encrypt and add {count} record', 'Encrypt and add {count} records')
        : 'Nothing to add',
      null,
      { disabled: adds.length === 0 },
    );
    const stop = button('Stop after this record', null, { variant: 'secondary', hidden: true });
    let controller = null;
    stop.addEventListener('click', () => {
      controller?.abort();
      stop.disabled = true;
      counter.textContent = `${counter.textContent} ${translate('Stopping after this record…')}`;
    });
    start.addEventListener('click', () =>
      busy(start, async () => {
        controller = new AbortController();
        runBox.hidden = false;
        stop.hidden = false;
        stop.disabled = false;
        progress.reset();
        const s = app.stateNow();
        const r = await runImport({
          provider: provider(),
          from: s.account,
          patient: o.patient,
          items: adds,
          chartKeyFor: o.chartKeyFor,
          settleFirst: o.settleFirst,
          signal: controller.signal,
          onStage: (stage, _item, n, total) => {
            const st = stageStep(stage, s);
            if (!st) return;
            // Each record is encrypted and uploaded in turn; a batch of them is recorded at once.
            const step = translate(st[1]);
            if (stage === 'encrypt' || stage === 'upload')
              st[1] = t('Record {n} of {total}: {step}', { n, total, step });
            else
              st[1] = t('Recording the records up to {n} of {total}: {step}', {
                n: n - 1 + Math.min(ADD_BATCH, total - n + 1),
                total,
                step,
              });
            progress.step(...st);
          },
          onItem: (done, total) => {
            bar.value = done;
            counter.textContent = t('{done} of {total} added.', { done, total });
          },
        });
        stop.hidden = true;
        if (r.error) {
          progress.fail(
            t('Stopped: record {n} of {total} ({type}) was not added.', {
              n: r.added + 1,
              total: adds.length,
              type: String(r.failedAt?.resourceType),
            }),
          );
          start.textContent = resumeText(adds.length - r.added);
          app.fail(r.error, { action: 'importing the records', key: 'import' });
        } else if (r.cancelled) {
          progress.fail(t('Stopped by you after {n} of {total}.', { n: r.added, total: adds.length }));
          start.textContent = resumeText(adds.length - r.added);
        } else {
          progress.done(count(adds.length, 'All {count} record added.', 'All {count} records added.'));
          start.hidden = true;
          notify({
            kind: 'success',
            key: 'import',
            title: 'Import finished',
            message: count(
              adds.length,
              '{count} record encrypted, stored and recorded.',
              '{count} records encrypted, stored and recorded.',
            ),
            timeoutMs: 8000,
          });
          o.onDone?.();
        }
      }),
    );
    replace(
      review,
      h(
        'section',
        { 'aria-labelledby': 'import-review-heading', class: 'panel' },
        h('h2', { id: 'import-review-heading', tabIndex: -1 }, 'Review the import'),
        summary,
        p.patient
          ? h(
              'p',
              null,
              'The Bundle is about ',
              p.patient.name ? data(p.patient.name) : 'a patient with no name',
              p.patient.birthDate ? t(', born {date}', { date: String(p.patient.birthDate) }) : '',
              '. Check that this is who the chart belongs to.',
            )
          : null,
        closed
          ? h(
              'p',
              { class: 'muted' },
              count(
                closed,
                '{count} record of the chart could not be opened here, so duplicates among them cannot be detected.',
                '{count} records of the chart could not be opened here, so duplicates among them cannot be detected.',
              ),
            )
          : null,
        h('h3', { id: 'import-categories-heading' }, 'By category'),
        h(
          'p',
          { class: 'muted' },
          'Open a category to see what it holds. Records already in the chart are not added again.',
        ),
        categories.length || notStored
          ? h(
              'ul',
              { class: 'import-groups', id: 'import-categories', 'aria-labelledby': 'import-categories-heading' },
              categories.map(reviewGroup),
              notStored
                ? h(
                    'li',
                    { dataset: { group: 'uncategorised' } },
                    h(
                      'details',
                      null,
                      h('summary', null, 'Not stored as records', ': ', t('{count} skipped', { count: notStored })),
                      reasonList(uncategorised),
                    ),
                  )
                : null,
            )
          : h('p', null, 'The Bundle has no entry.'),
        h('h3', { id: 'import-skips-heading' }, 'Skipped, by reason'),
        reasons.size
          ? h(
              'ul',
              { class: 'import-groups', id: 'import-skips', 'aria-labelledby': 'import-skips-heading' },
              [...reasons].map(([code, n]) =>
                h('li', { dataset: { reason: code } }, SKIP_LABELS[code] ?? code, ': ', num(n)),
              ),
            )
          : h('p', { id: 'import-skips' }, 'Nothing.'),
        p.notes.length
          ? h(
              'p',
              { class: 'muted', id: 'import-notes' },
              p.notes.map((n, i) => [i ? '; ' : '', noteWords(n)]),
            )
          : null,
        h('div', { class: 'actions' }, start, stop),
        runBox,
      ),
    );
    review.querySelector('h2')?.focus();
  }

  const element = h('div', null, form, status, review);
  if (o.initial) {
    form.hidden = true;
    plan(o.initial.bundle, o.initial.source).catch((err) => {
      status.textContent = '';
      form.hidden = false;
      if (err?.name === 'HealthError') notReadable(err);
      else app.fail(err, { action: 'planning the import', key: 'import' });
    });
  }
  return element;
}

/** Takes a Bundle another screen handed over (a link, a health card), if any. */
export const handedOver = () => takePendingImport();
