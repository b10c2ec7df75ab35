// Exporting a chart in health standards, from its records decrypted in this page (nothing is
// uploaded): a FHIR R4 collection Bundle, an International Patient Summary (checked before the
// download), and a printable one-page emergency summary.
import { h, append, replace, field, button, busy } from '../dom.js';
import { formatDate, fullAddress } from '../format.js';
import { intlLocale, t } from '../i18n.js';
import { SCOPES } from '../records/scopes.js';
import {
  chartResources,
  collectionBundle,
  emergencySummary,
  EMERGENCY_SECTIONS,
  ipsDocument,
  patientResource,
} from '../records/export.js';

/** Saves JSON as a download (a Blob URL, revoked right after). */
export function downloadJson(name, value, type = 'application/fhir+json') {
  const url = URL.createObjectURL(new Blob([JSON.stringify(value, null, 2)], { type }));
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// Printing the emergency summary: only the summary, on one page. A constructed stylesheet (the
// page's CSP allows no inline style), adopted while the export screen is shown.
const PRINT_CSS = `@media print {
  body * { visibility: hidden; }
  #emergency-summary, #emergency-summary * { visibility: visible; }
  #emergency-summary { position: absolute; left: 0; top: 0; width: 100%; border: 0; margin: 0; padding: 0; font-size: 11pt; }
  #emergency-summary h2 { font-size: 16pt; margin: 0 0 4pt; }
  #emergency-summary h3 { font-size: 12pt; margin: 8pt 0 2pt; border-bottom: 1px solid #000; }
  #emergency-summary ul { margin: 0; padding-left: 14pt; }
  #emergency-summary .actions { display: none; }
  @page { size: A4; margin: 12mm; }
}`;
let printSheet = null;
function usePrintSheet() {
  try {
    printSheet ??= new CSSStyleSheet();
    printSheet.replaceSync(PRINT_CSS);
    if (!document.adoptedStyleSheets.includes(printSheet))
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, printSheet];
  } catch {
    // an older browser: the summary still prints, with the page around it
  }
  return () => {
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((x) => x !== printSheet);
  };
}

/**
 * The export panel of a chart.
 * @param {any} app
 * @param {{ patient: string, keysFor: (header: any) => any, onCleanup?: (fn: () => void) => void }} o
 */
export function exportPanel(app, o) {
  const filter = h(
    'select',
    { name: 'scope' },
    h('option', { value: '' }, 'All categories'),
    SCOPES.map(([s, l]) => h('option', { value: String(s) }, l)),
  );
  const scopeField = field({ label: 'Records to export', control: filter });
  const name = field({
    label: 'Your name on the summary (optional)',
    hint: 'The chart does not hold your name. What you type here goes only into these files.',
    control: h('input', { type: 'text', name: 'name', autocomplete: 'name' }),
  });
  const status = h('p', { class: 'muted', role: 'status' });
  const out = h('div');
  const load = button('Prepare the export', null, { type: 'submit' });
  const form = h(
    'form',
    { 'aria-labelledby': 'export-heading', novalidate: true },
    h('h2', { id: 'export-heading' }, 'Export in health standards'),
    h(
      'p',
      null,
      'The records are decrypted in this page and the files are made here. Nothing is uploaded: the files are saved on this device, unencrypted. Keep them safe.',
    ),
    scopeField.wrap,
    name.wrap,
    h('div', { class: 'actions' }, load),
  );
  const release = usePrintSheet();
  o.onCleanup?.(release);

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    busy(load, async () => {
      replace(out);
      try {
        const scope = filter.value === '' ? null : Number(filter.value);
        const { items, closed } = await chartResources({
          provider: app.wallet.provider(),
          patient: o.patient,
          scope,
          keysFor: o.keysFor,
          onProgress: (n, total) => {
            status.textContent = t('Decrypting record {n} of {total}…', { n, total });
          },
        });
        const resources = items.map((x) => x.resource);
        const patient = patientResource(o.patient, name.control.value);
        const one = items.length === 1;
        status.textContent = closed
          ? t(
              one
                ? '{count} record ready ({closed} could not be opened).'
                : '{count} records ready ({closed} could not be opened).',
              {
                count: items.length,
                closed,
              },
            )
          : t(one ? '{count} record ready.' : '{count} records ready.', { count: items.length });
        drawExports(resources, patient);
      } catch (err) {
        status.textContent = '';
        app.fail(err, { action: 'preparing the export' });
      }
    });
  });

  function drawExports(resources, patient) {
    const ipsStatus = h('p', { role: 'status' });
    const bundleBtn = button('Download as a FHIR Bundle (JSON)', async () => {
      downloadJson('ehr-chart-bundle.json', await collectionBundle(patient, resources));
    });
    const ipsBtn = button(
      'Download as an International Patient Summary (JSON)',
      (e) =>
        busy(e.currentTarget, async () => {
          try {
            const { bundle, problems, omitted } = await ipsDocument(patient, resources);
            if (problems.length) {
              replace(
                ipsStatus,
                'The summary does not pass the IPS checks, so it was not saved: ',
                h(
                  'code',
                  null,
                  problems
                    .slice(0, 3)
                    .map((p) => `${p.path}: ${p.message}`)
                    .join('; '),
                ),
                '.',
              );
              return;
            }
            downloadJson('ehr-patient-summary.json', bundle);
            const sections = bundle.entry[0].resource.section.length;
            replace(
              ipsStatus,
              t('Patient summary saved: {sections} sections, {entries} entries, checked.', {
                sections,
                entries: bundle.entry.length,
              }),
              omitted.length
                ? [
                    ' ',
                    t(
                      omitted.length === 1
                        ? '{count} record has no place in a summary and was left out.'
                        : '{count} records have no place in a summary and were left out.',
                      { count: omitted.length },
                    ),
                  ]
                : '',
            );
          } catch (err) {
            app.fail(err, { action: 'making the patient summary' });
          }
        }),
      { variant: 'secondary' },
    );
    append(out, h('div', { class: 'actions' }, bundleBtn, ipsBtn), ipsStatus, emergencyCard(resources, patient));
  }

  return h('div', null, form, status, out);
}

/**
 * A detail of an emergency-summary line (records/export.js emergencySummary): a message of the
 * catalogue ({ text }) or what the record says ({ label?, data }).
 */
const detailWords = (d) => (d.text ? d.text : [d.label ?? '', data(d.data)]);

/** What the record says (or the name typed for the export): shown as is, never translated. */
const data = (text) => h('span', { translate: 'no' }, document.createTextNode(String(text)));

/** The one-page emergency summary (screen and print). */
function emergencyCard(resources, patient) {
  const sum = emergencySummary(resources);
  const who = patient.name?.[0]?.text;
  return h(
    'section',
    { id: 'emergency-summary', class: 'panel', 'aria-labelledby': 'emergency-heading' },
    h('h2', { id: 'emergency-heading' }, 'Emergency summary'),
    h(
      'p',
      null,
      who ? [data(who), ' · '] : '',
      'Account ',
      h('code', null, fullAddress(patient.id)),
      ' · ',
      t('printed {date} from the patient’s own record.', {
        date: formatDate(Date.now() / 1000, { locale: intlLocale(), dateStyle: 'long', timeStyle: null }),
      }),
    ),
    EMERGENCY_SECTIONS.map(([key, title]) =>
      h(
        'div',
        { dataset: { section: key } },
        h('h3', null, title),
        sum[key].length
          ? h(
              'ul',
              null,
              sum[key].map((l) =>
                h(
                  'li',
                  null,
                  data(l.text),
                  l.details.length ? [' — ', l.details.map((d, i) => [i ? '; ' : '', detailWords(d)])] : '',
                  l.date
                    ? h(
                        'span',
                        { class: 'muted' },
                        ' (',
                        h(
                          'time',
                          { datetime: l.date, translate: 'no' },
                          formatDate(l.date, { locale: intlLocale(), timeStyle: null }),
                        ),
                        ')',
                      )
                    : null,
                ),
              ),
            )
          : h('p', { class: 'muted' }, 'None recorded.'),
      ),
    ),
    h(
      'div',
      { class: 'actions' },
      button('Print the emergency summary', () => window.print(), { variant: 'secondary' }),
    ),
  );
}
