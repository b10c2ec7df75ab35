// Importing a FHIR Bundle into a chart: choose a file or paste JSON, or a C-CDA document (XML,
// converted in this page by health/ccda.js), or receive a Bundle from a link or a health card;
// review the plan, one collapsible group per category (to add, already in the chart, skipped and
// why) and the skips by reason, then encrypt, upload and record each resource through the
// add-record pipeline (records/import-run.js), with progress, cancel and resume.
import { h, replace, button, busy } from '../dom.js';
import { notify } from '../notices.js';
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

const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "Observation 480, DiagnosticReport 40" */
const kinds = (items) =>
  typeCounts(items)
    .map(([t, n]) => `${t} ${n}`)
    .join(', ');

/** The records a group will add, each with its type and what it says (the first 500). */
const addList = (items) =>
  h(
    'details',
    { class: 'import-items' },
    h('summary', null, `The ${plural(items.length, 'record')} to add`),
    h(
      'ul',
      null,
      items.slice(0, 500).map((it) => h('li', null, `${it.resourceType}: ${describeResource(it.resource)}`)),
      items.length > 500 ? h('li', { class: 'muted' }, `… and ${items.length - 500} more`) : null,
    ),
  );

/** Skips summarised per reason: "Twice in the file (kept once): 3 (Observation 3)". */
const reasonList = (byReason) =>
  h(
    'ul',
    null,
    [...byReason].map(([code, items]) =>
      h('li', { dataset: { reason: code } }, `${SKIP_LABELS[code] ?? code}: ${items.length} (${kinds(items)})`),
    ),
  );

/** One collapsible group of the review: a category, or what has none. */
function reviewGroup(g) {
  const skipped = [...g.skipped.values()].reduce((n, l) => n + l.length, 0);
  const counts = [
    `${g.add.length} to add`,
    g.already.length ? `${g.already.length} already in the chart` : null,
    skipped ? `${skipped} skipped` : null,
  ].filter(Boolean);
  return h(
    'li',
    { dataset: { scope: String(g.scope) } },
    h(
      'details',
      null,
      h('summary', null, `${scopeLabel(g.scope)}: ${counts.join(', ')}`),
      g.add.length ? h('p', null, `To add: ${kinds(g.add)}.`) : null,
      g.already.length ? h('p', null, `Already in the chart: ${kinds(g.already)}.`) : null,
      skipped ? reasonList(g.skipped) : null,
      g.add.length ? addList(g.add) : null,
    ),
  );
}

/**
 * The import panel for one chart.
 * @param {any} app
 * @param {{ patient: string, chartName: string,
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
    status.textContent = 'Reading the ids of the records already in the chart…';
    const existing = await chartIds({
      provider: provider(),
      patient: o.patient,
      keysFor: o.keysFor,
      canOpen: o.canOpen,
      onProgress: (n, total) => {
        status.textContent = `Reading the chart to find what is already there: record ${n} of ${total}…`;
      },
    });
    status.textContent = 'Planning the import…';
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
          status.textContent = 'Choose a file or paste a Bundle first.';
          return;
        }
        await plan(text, f ? `the file ${f.name}` : 'the pasted text');
      } catch (err) {
        status.textContent = '';
        if (err?.name === 'HealthError')
          notify({
            kind: 'error',
            key: 'import',
            title: 'This is not a Bundle or document the page can import',
            message: err.message,
            advice:
              'Choose a FHIR R4 Bundle of type collection, transaction, searchset or document, or a C-CDA document (XML).',
          });
        else app.fail(err, { action: 'reading the Bundle', key: 'import' });
      }
    });
  });

  function drawReview(p, source, closed) {
    const { categories, uncategorised, reasons } = reviewOf(p);
    const adds = p.add;
    const summary = h(
      'p',
      { class: 'lead', id: 'import-summary' },
      `From ${source}: ${plural(p.counts.entries, 'entry', 'entries')}. ${adds.length} will be added to ${o.chartName}; ${p.counts.entries - adds.length} skipped.`,
    );
    const notStored = [...uncategorised.values()].reduce((n, l) => n + l.length, 0);
    const progress = progressList();
    const bar = h('progress', { max: String(Math.max(1, adds.length)), value: '0', 'aria-label': 'Records added' });
    const count = h('p', { id: 'import-count', role: 'status' });
    const runBox = h('div', { class: 'import-run', hidden: true }, bar, count, progress.element);
    const start = button(adds.length ? `Encrypt and add ${plural(adds.length, 'record')}` : 'Nothing to add', null, {
      disabled: adds.length === 0,
    });
    const stop = button('Stop after this record', null, { variant: 'secondary', hidden: true });
    let controller = null;
    stop.addEventListener('click', () => {
      controller?.abort();
      stop.disabled = true;
      count.textContent = `${count.textContent} Stopping after this record…`;
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
            if (stage === 'encrypt' || stage === 'upload') st[1] = `Record ${n} of ${total}: ${st[1]}`;
            else
              st[1] = `Recording the records up to ${n - 1 + Math.min(ADD_BATCH, total - n + 1)} of ${total}: ${st[1]}`;
            progress.step(...st);
          },
          onItem: (done, total) => {
            bar.value = done;
            count.textContent = `${done} of ${total} added.`;
          },
        });
        stop.hidden = true;
        if (r.error) {
          progress.fail(
            `Stopped: record ${r.added + 1} of ${adds.length} (${r.failedAt?.resourceType}) was not added.`,
          );
          start.textContent = `Resume: add the ${plural(adds.length - r.added, 'record')} left`;
          app.fail(r.error, { action: 'importing the records', key: 'import' });
        } else if (r.cancelled) {
          progress.fail(`Stopped by you after ${r.added} of ${adds.length}.`);
          start.textContent = `Resume: add the ${plural(adds.length - r.added, 'record')} left`;
        } else {
          progress.done(`All ${plural(adds.length, 'record')} added.`);
          start.hidden = true;
          notify({
            kind: 'success',
            key: 'import',
            title: 'Import finished',
            message: `${plural(adds.length, 'record')} encrypted, stored and recorded.`,
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
              `The Bundle is about ${p.patient.name ?? 'a patient with no name'}${p.patient.birthDate ? `, born ${p.patient.birthDate}` : ''}. Check that this is who the chart belongs to.`,
            )
          : null,
        closed
          ? h(
              'p',
              { class: 'muted' },
              `${plural(closed, 'record')} of the chart could not be opened here, so duplicates among them cannot be detected.`,
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
                      h('summary', null, `Not stored as records: ${notStored} skipped`),
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
                h('li', { dataset: { reason: code } }, `${SKIP_LABELS[code] ?? code}: ${n}`),
              ),
            )
          : h('p', { id: 'import-skips' }, 'Nothing.'),
        p.notes.length ? h('p', { class: 'muted' }, p.notes.join('; ')) : null,
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
      app.fail(err, { action: 'planning the import', key: 'import' });
    });
  }
  return element;
}

/** Takes a Bundle another screen handed over (a link, a health card), if any. */
export const handedOver = () => takePendingImport();
