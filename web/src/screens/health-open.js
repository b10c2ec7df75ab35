// Opening what others share: an incoming SMART Health Link (pasted, or the page opened with
// `#shlink:/…`), and a SMART Health Card (shc:/ text, a .smart-health-card file or a QR code).
// Both show the content readably; a patient imports it into their own chart (the import screen
// reviews it first); a clinician into the chart of a patient who lets them write to it.
//
// Language: the messages are in the page's catalogue (i18n.js); what others wrote (names, labels,
// record contents, file names) is shown inside translate="no", addresses and URLs in <code>, and
// dates in the reader's locale.
import { h, append, replace, field, button, busy } from '../dom.js';
import config from '../config.js';
import { formatDate } from '../format.js';
import { intlLocale, t, translate } from '../i18n.js';
import { onWipe } from '../key-registry.js';
import { plainMessage } from '../health/errors.js';
import { setPendingImport } from '../records/import-run.js';
import { describeResource, dateOf } from '../records/export.js';
import { openLink, readLink } from '../records/shl-store.js';
import { verifyCard, readIssuerFile, cardContents, STATE_LABELS } from '../records/health-cards.js';
import { clinicianImport } from './health-clinician.js';

/** A link the page was opened with (taken out of the address bar at once; wiped on lock). */
let incoming = null;
onWipe(() => {
  incoming = null;
});

/**
 * Takes `#shlink:/…` out of the address (it holds the key) and keeps it in memory, so that the
 * screen opens it again after a trip to connect a wallet (until the page locks).
 */
export function takeIncomingLink() {
  const hash = window.location.hash;
  if (hash.startsWith('#shlink:/')) {
    incoming = `${window.location.href.split('#')[0]}${hash}`;
    window.history.replaceState(null, '', '#/shl');
  }
  return incoming;
}

/**
 * Something others wrote (a name, a label, a record's contents): shown as is (a text node, not
 * looked up in the catalogue) and marked translate="no".
 */
const asData = (text, tag = 'span') => h(tag, { translate: 'no' }, document.createTextNode(String(text)));

/** A FHIR date (or Unix seconds) in the reader's locale, in a <time> element. */
const dateEl = (value, o = { timeStyle: null }) =>
  h(
    'time',
    { translate: 'no', datetime: typeof value === 'number' ? new Date(value * 1000).toISOString() : value },
    formatDate(value, { locale: intlLocale(), ...o }),
  );

/**
 * "Name, born 1951-01-20" of a patient (or `none` when the resource has no name). The date of
 * birth is shown as the FHIR date it is (unambiguous in every language).
 */
const patientLine = (name, birthDate, none) => [
  name ? asData(name) : none,
  birthDate ? t(', born {date}', { date: String(birthDate) }) : '',
];

const resourceList = (resources) =>
  h(
    'ul',
    { class: 'shared-resources' },
    resources.map((r) => {
      const d = dateOf(r);
      return h(
        'li',
        null,
        h('strong', { translate: 'no' }, `${r.resourceType}: `),
        asData(describeResource(r)),
        d ? [' (', dateEl(d), ')'] : '',
      );
    }),
  );

/** Import actions for a Bundle: the patient's own chart, or (clinician) a patient's chart. */
function importActions(app, bundle, source) {
  const s = app.stateNow();
  const box = h('div', { class: 'import-actions' });
  if (!s.account) {
    append(
      box,
      h(
        'p',
        null,
        'To import this into a chart, connect your wallet: this screen keeps the link until the page locks.',
      ),
    );
    return box;
  }
  if (s.roles?.patient)
    append(
      box,
      h(
        'div',
        { class: 'actions' },
        button('Import into my chart', () => {
          setPendingImport(bundle, source);
          app.router.go('/chart/import');
        }),
      ),
    );
  if (s.roles?.member) append(box, clinicianImport(app, s, bundle, source));
  if (!s.roles?.patient && !s.roles?.member)
    append(box, h('p', null, 'Register as a patient (Your chart) to import this into your own chart.'));
  return box;
}

/** A "Scan the QR code" button in `box` when the browser can scan; `onText` gets what it read. */
async function scanButton(app, box, { label, onText }) {
  const { canScan, scanQr } = await import('../qr-scan.js');
  if (!(await canScan())) return;
  append(
    box,
    h(
      'div',
      { class: 'actions' },
      button(
        'Scan the QR code',
        async () => {
          const sc = scanQr({ label });
          append(box, sc.element);
          try {
            const text = await sc.done;
            if (text) onText(text);
          } catch (e) {
            app.fail(e, { action: 'opening the camera' });
          }
        },
        { variant: 'secondary' },
      ),
    ),
  );
}

/**
 * What a failure to open a link means, for people, as the children of a paragraph (null: not one
 * of the link's own failures).
 */
function linkFailure(e) {
  if (e?.code === 'SHL_EXPIRED' || e?.code === 'SHL_NOT_FOUND' || e?.code === 'JWE_DECRYPT_FAILED')
    return [plainMessage(e)];
  if (e?.code === 'SHL_SERVER_NOT_ALLOWED')
    return [
      e.server
        ? ['The files of this link are on ', h('code', null, e.server)]
        : 'The files of this link are on a server',
      ', which this page may not contact: its configuration names the servers it may reach. Ask whoever shared it for a link without a passcode, or open it with the viewer of the service that made it.',
    ];
  if (e?.name === 'HealthError') return ['The link could not be opened.', ' ', plainMessage(e) ?? ''];
  return null;
}

/** A link's failure as an alert: what it means, and the library's own words folded. */
function failureNotice(e, words) {
  return h(
    'div',
    { class: 'notice notice-error', role: 'alert' },
    h('p', null, words),
    e?.message
      ? h('details', null, h('summary', null, 'Details'), h('pre', null, `${e.code ?? e.name}: ${e.message}`))
      : null,
  );
}

export function shlScreen(app) {
  return {
    title: 'Open a SMART Health Link',
    render({ outlet }) {
      const input = h('textarea', { id: 'shl-input', name: 'link', rows: 4, spellcheck: 'false', class: 'mono' });
      const recipient = field({
        label: 'Your name or organisation (optional)',
        hint: 'Sent to the server that holds the file, as the link standard asks.',
        control: h('input', { type: 'text', name: 'recipient', autocomplete: 'organization' }),
      });
      const status = h('p', { class: 'muted', role: 'status' });
      const passBox = h('div', { id: 'shl-passcode-box' });
      const out = h('div', { id: 'shl-content' });
      const scanBox = h('div');
      const go = button('Open the link', null, { type: 'submit' });
      const form = h(
        'form',
        { 'aria-labelledby': 'shl-open-heading', novalidate: true },
        h('h2', { id: 'shl-open-heading' }, 'The link'),
        h(
          'div',
          { class: 'field' },
          h('label', { for: 'shl-input' }, 'SMART Health Link (shlink:/… or a link ending in #shlink:/…)'),
          input,
        ),
        scanBox,
        recipient.wrap,
        h('div', { class: 'actions' }, go),
        status,
      );

      const showFiles = (shl, files) => {
        const parts = [
          h(
            'h2',
            { id: 'shl-result-heading', tabIndex: -1 },
            shl.label ? ['Shared: ', asData(shl.label)] : 'Shared with you',
          ),
          h(
            'p',
            null,
            shl.exp
              ? t('The link expires {date}.', {
                  date: formatDate(shl.exp, { locale: intlLocale(), dateStyle: 'long', timeStyle: 'short' }),
                })
              : 'The link does not expire.',
            ' ',
            'Decrypted in this page from ',
            h('code', null, new URL(shl.url).host),
            '.',
          ),
        ];
        for (const f of files) {
          if (f.contentType === 'application/fhir+json' && f.content.resourceType === 'Bundle') {
            const { name, birthDate, resources } = cardContents(f.content);
            parts.push(
              h(
                'p',
                { class: 'lead' },
                patientLine(name, birthDate, 'A patient with no name'),
                t(resources.length === 1 ? ': {count} resource.' : ': {count} resources.', {
                  count: resources.length,
                }),
              ),
              resourceList(resources),
              importActions(app, f.content, { kind: 'link', label: shl.label }),
            );
          } else if (f.contentType === 'application/fhir+json') {
            parts.push(resourceList([f.content]));
          } else if (f.contentType === 'application/smart-health-card') {
            parts.push(
              h('p', null, 'A SMART Health Card: check it on the health card screen (copy the file’s content there).'),
            );
          } else
            parts.push(
              h(
                'p',
                null,
                'A file of type ',
                h('code', null, String(f.contentType)),
                ', which this page does not show.',
              ),
            );
        }
        replace(out, h('section', { class: 'panel', 'aria-labelledby': 'shl-result-heading' }, parts));
        out.querySelector('h2')?.focus();
      };
      const showFailure = (e) => {
        const words = linkFailure(e);
        if (words) replace(out, failureNotice(e, words));
        else app.fail(e, { action: 'opening the link' });
      };
      /** Fetches and shows; resolves to the failure when it is a refused passcode. */
      const fetchAndShow = async (text, passcode) => {
        status.textContent = translate('Fetching and decrypting…');
        try {
          const { shl, files } = await openLink(text, { recipient: recipient.control.value, passcode });
          status.textContent = '';
          replace(passBox);
          showFiles(shl, files);
          return null;
        } catch (e) {
          status.textContent = '';
          if (passcode !== undefined && e?.code === 'SHL_BAD_PASSCODE') return e;
          showFailure(e);
          return null;
        }
      };
      // A passcode link (P flag) needs the server that made it: it checks the passcode and counts
      // wrong tries (the page's own links need no server). The passcode goes only there, in the
      // body of the manifest request, and is not kept.
      const askPasscode = (text, { server, reachable }) => {
        const parts = [
          h('h2', { id: 'shl-passcode-heading', tabIndex: -1 }, 'This link needs a passcode'),
          h(
            'p',
            null,
            'Whoever shared it protected it with a passcode, so it opens only through the server that made it: this page sends the passcode and your name to ',
            h('code', null, server),
            ', which answers with the encrypted files when the passcode is right and counts wrong tries. The files are then decrypted here with the key in the link.',
          ),
        ];
        if (!reachable) {
          parts.push(
            h(
              'p',
              { class: 'notice notice-error', role: 'alert' },
              linkFailure({ code: 'SHL_SERVER_NOT_ALLOWED', server }),
            ),
          );
          replace(passBox, h('section', { class: 'panel', 'aria-labelledby': 'shl-passcode-heading' }, parts));
          return;
        }
        const pass = field({
          label: 'Passcode',
          hint: 'The passcode whoever shared the link gave you (not in the link).',
          control: h('input', { type: 'password', name: 'passcode', autocomplete: 'off' }),
          id: 'shl-passcode',
        });
        const send = button('Open with the passcode', null, { type: 'submit' });
        const passForm = h('form', { novalidate: true }, pass.wrap, h('div', { class: 'actions' }, send));
        passForm.addEventListener('submit', (ev) => {
          ev.preventDefault();
          busy(send, async () => {
            const code = pass.control.value;
            pass.control.value = '';
            if (!code) {
              pass.setError('Enter the passcode.');
              return;
            }
            pass.setError(null);
            const refused = await fetchAndShow(text, code);
            if (!refused) return;
            const left = refused.remainingAttempts;
            pass.setError(
              left === undefined
                ? 'The server refused this passcode.'
                : left > 0
                  ? t(
                      left === 1
                        ? 'The server refused this passcode: {count} attempt left.'
                        : 'The server refused this passcode: {count} attempts left.',
                      { count: left },
                    )
                  : 'The server refused this passcode, and no attempt is left: the link no longer opens.',
            );
            if (left === 0) pass.control.disabled = true;
            pass.control.focus();
          });
        });
        parts.push(passForm);
        replace(passBox, h('section', { class: 'panel', 'aria-labelledby': 'shl-passcode-heading' }, parts));
        passBox.querySelector('h2')?.focus();
      };
      const open = () =>
        busy(go, async () => {
          replace(out);
          replace(passBox);
          const text = input.value;
          let info;
          try {
            info = await readLink(text);
          } catch (e) {
            showFailure(e);
            return;
          }
          if (info.shl.passcodeRequired) askPasscode(text, info);
          else await fetchAndShow(text);
        });
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        open();
      });
      append(
        outlet,
        h('h1', null, 'Open a SMART Health Link'),
        h(
          'p',
          null,
          'Someone shared health records with you as a link. The page fetches the encrypted file and decrypts it here with the key in the link.',
        ),
        form,
        passBox,
        out,
      );
      scanButton(app, scanBox, {
        label: 'Camera view for scanning the link’s QR code',
        onText: (text) => {
          input.value = text;
          open();
        },
      }).catch((e) => app.fail(e, { action: 'looking for a camera' }));
      const link = takeIncomingLink();
      if (link) {
        input.value = link;
        open();
      }
    },
  };
}

export function cardScreen(app) {
  return {
    title: 'Check a SMART Health Card',
    async render({ outlet }) {
      const input = h('textarea', { id: 'shc-input', name: 'card', rows: 5, spellcheck: 'false', class: 'mono' });
      const file = h('input', { type: 'file', id: 'shc-file', accept: '.smart-health-card,.json,.txt' });
      const issuerFiles = h('input', { type: 'file', id: 'shc-issuer-files', multiple: true, accept: '.json' });
      const issuerList = h('ul', { class: 'muted', id: 'shc-issuer-list' });
      const supplied = { jwks: [], crls: [] };
      const status = h('p', { class: 'muted', role: 'status' });
      const out = h('div', { id: 'shc-result' });
      const scanBox = h('div');
      const go = button('Check the card', null, { type: 'submit' });
      issuerFiles.addEventListener('change', async () => {
        for (const f of issuerFiles.files ?? []) {
          try {
            const r = readIssuerFile(await f.text());
            if (r.jwks) supplied.jwks.push(r.jwks);
            if (r.crl) supplied.crls.push(r.crl);
            append(
              issuerList,
              h(
                'li',
                null,
                r.jwks
                  ? [
                      'Key set ',
                      asData(f.name),
                      t(r.jwks.keys.length === 1 ? ': {count} key' : ': {count} keys', {
                        count: r.jwks.keys.length,
                      }),
                    ]
                  : ['Revocation list ', asData(f.name), ', key ', h('code', null, `${r.crl.kid.slice(0, 8)}…`)],
              ),
            );
          } catch (e) {
            append(issuerList, h('li', null, asData(f.name), ': ', e.message));
          }
        }
        issuerFiles.value = '';
      });
      const form = h(
        'form',
        { 'aria-labelledby': 'shc-heading', novalidate: true },
        h('h2', { id: 'shc-heading' }, 'The card'),
        h(
          'div',
          { class: 'field' },
          h('label', { for: 'shc-input' }, 'The card’s shc:/ text (one line per part of a multi-part code)'),
          input,
        ),
        h('div', { class: 'field' }, h('label', { for: 'shc-file' }, 'Or a .smart-health-card file'), file),
        scanBox,
        h(
          'details',
          null,
          h('summary', null, 'Issuer files, if this page cannot fetch them'),
          h(
            'p',
            null,
            'The page checks the card with the issuer’s keys from its site (.well-known/jwks.json). It fetches them only from the issuers its configuration names; for any other issuer, download the issuer’s key set (and revocation lists) from the issuer’s site and add them here. The keys you add are trusted for this check.',
          ),
          h(
            'p',
            { id: 'shc-issuer-origins' },
            config.shcIssuerOrigins?.length
              ? [
                  'Issuers this page fetches keys from: ',
                  config.shcIssuerOrigins.map((o, i) => [i ? ', ' : '', h('code', null, o)]),
                  '.',
                ]
              : 'This page fetches no issuer’s keys itself.',
          ),
          h(
            'div',
            { class: 'field' },
            h('label', { for: 'shc-issuer-files' }, 'Key set or revocation list (JSON)'),
            issuerFiles,
          ),
          issuerList,
        ),
        h('div', { class: 'actions' }, go),
        status,
      );
      await scanButton(app, scanBox, {
        label: 'Camera view for scanning the health card',
        onText: (text) => {
          input.value = `${input.value.trim()}\n${text}`.trim();
        },
      });
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        busy(go, async () => {
          replace(out);
          status.textContent = translate('Checking…');
          try {
            const f = file.files?.[0];
            const text = f ? await f.text() : input.value;
            const v = await verifyCard(text, supplied);
            status.textContent = '';
            replace(out, resultPanel(app, v));
            out.querySelector('h2')?.focus();
          } catch (err) {
            status.textContent = '';
            app.fail(err, { action: 'checking the card' });
          }
        });
      });
      append(outlet, h('h1', null, 'Check a SMART Health Card'), form, out);
    },
  };
}

function resultPanel(app, v) {
  const r = v.result;
  const badge = v.state === 'verified' ? 'badge-ok' : 'badge-bad';
  const parts = [
    h('h2', { id: 'shc-result-heading', tabIndex: -1 }, 'Result'),
    h(
      'p',
      null,
      h('span', { class: ['badge', badge], dataset: { state: v.state } }, STATE_LABELS[v.state] ?? v.state),
      (v.says ?? [v.message]).map((m) => [' ', m]),
    ),
  ];
  if (v.issuer && !r) parts.push(h('p', null, 'Issuer: ', h('code', null, v.issuer)));
  if (r) {
    const { name, birthDate, resources } = cardContents(r.bundle);
    const date = (sec) => formatDate(sec, { locale: intlLocale(), dateStyle: 'long', timeStyle: null });
    parts.push(
      h('p', null, 'Issuer: ', h('code', null, r.issuer)),
      h(
        'p',
        null,
        r.expiresAt
          ? t('Issued {date}; valid until {end}.', { date: date(r.issuedAt), end: date(r.expiresAt) })
          : t('Issued {date}; no end date.', { date: date(r.issuedAt) }),
      ),
      h('p', { class: 'lead' }, patientLine(name, birthDate, 'No name')),
      resourceList(resources),
    );
    if (v.state === 'verified') parts.push(importActions(app, r.bundle, { kind: 'card', issuer: r.issuer }));
    else parts.push(h('p', null, 'A card that is not verified cannot be imported.'));
  }
  return h('section', { class: 'panel', 'aria-labelledby': 'shc-result-heading' }, parts);
}
