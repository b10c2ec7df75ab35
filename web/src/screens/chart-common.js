// Pieces shared by the patient's and the clinician's chart screens: the key-unlock panel, the
// record timeline (by category and date, open / download / close, integrity badge), the record
// forms with their progress, and names for scopes and people.
import { h, append, replace, field, button, busy } from '../dom.js';
import { keepDraft, dropDraft } from '../drafts.js';
import { notify } from '../notices.js';
import { ehr } from '../module.js';
import { shortAddress } from '../format.js';
import { unlockKeys } from '../records/account-keys.js';
import { listRecords, openRecord, closeRecord, addRecord } from '../records/chart.js';
import { sendTx, txStatusLine } from '../tx.js';
import { RECORD_FORMS, summarise, documentFor, MAX_FILE_BYTES } from '../records/forms.js';

/** The categories shown to people (scope ids 0..15 of the contracts' table). */
export const SCOPES = [
  [0, 'Lab results'],
  [1, 'Imaging'],
  [2, 'Prescriptions'],
  [3, 'Clinical notes'],
  [4, 'Mental health'],
  [5, 'Family history'],
  [6, 'Immunizations'],
  [7, 'Allergies'],
  [8, 'Vitals'],
  [9, 'Sexual and reproductive health'],
  [10, 'Substance use'],
  [11, 'Genetics'],
  [12, 'Billing and insurance'],
  [13, 'Encounters and discharge summaries'],
  [14, 'Procedures'],
  [15, 'Care plans'],
];
export const scopeLabel = (id) => SCOPES.find(([s]) => s === id)?.[1] ?? `Category ${id}`;
export const scopeList = (mask) => SCOPES.filter(([s]) => (mask >>> s) & 1).map(([, l]) => l);

/** Lower case without accents (Ménière -> meniere), for matching. */
const fold = (t) =>
  String(t)
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();

const date = (secs) => new Date(secs * 1000).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

/**
 * The panel that asks the wallet for the key signature, with the warning the record format asks
 * for. Calls onUnlocked(keys) once the keys are in memory.
 */
export function unlockPanel(app, { purpose, onUnlocked }) {
  const status = h('p', { class: 'muted', role: 'status' });
  const go = button('Unlock my records', async (e) => {
    await busy(e.currentTarget, async () => {
      const s = app.stateNow();
      status.textContent =
        s.wallet?.kind === 'builtin' ? 'Deriving your keys…' : 'Approve the two signature requests in your wallet…';
      try {
        app.session.activate();
        const keys = await unlockKeys(app.wallet.provider(), s.account);
        status.textContent = '';
        onUnlocked(keys);
      } catch (err) {
        status.textContent = '';
        if (err?.code === 'ERR_UNSTABLE_SIGNATURE') {
          notify({
            kind: 'error',
            key: 'unlock',
            title: 'This wallet cannot hold your record keys',
            message:
              'It signed the same request differently twice, so your keys would change from one visit to the next.',
            advice: 'Use another wallet (most extension wallets sign the same way every time), or the built-in wallet.',
          });
        } else {
          app.fail(err, { action: 'unlocking your records', key: 'unlock' });
        }
      }
    });
  });
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'unlock-heading' },
    h('h2', { id: 'unlock-heading' }, 'Unlock your records'),
    h('p', null, purpose),
    h(
      'p',
      null,
      h(
        'strong',
        null,
        'Your wallet will ask you to sign “EncryptionKeyRequest” twice. Sign it only on this page: anyone who gets this signature can read your records. Another site asking for it is trying to steal them.',
      ),
    ),
    h('div', { class: 'actions' }, go),
    status,
  );
}

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

  const itemFor = (r) => {
    const body = h('div', { class: 'record-body' });
    const openBtn = button('Open', null, {
      variant: 'secondary',
      'aria-label': `Open record ${r.id}: ${scopeLabel(r.scope)}, ${date(r.createdAt)}`,
    });
    const show = (entry) => {
      const sum = summarise(entry.resource);
      const download = button('Download', () => downloadRecord(entry, sum, r), { variant: 'secondary' });
      const close = button(
        'Close',
        () => {
          closeRecord(o.patient, r.id);
          replace(body);
          openBtn.hidden = false;
          openBtn.focus();
        },
        { variant: 'secondary' },
      );
      const amendBox = h('div');
      const canAmend = !r.superseded && !r.redacted && o.chartKeyFor && o.canAmend?.(r);
      const amend = canAmend
        ? button(
            'Amend',
            () => {
              replace(
                amendBox,
                amendForm(app, {
                  patient: o.patient,
                  record: r,
                  resource: entry.resource,
                  chartKeyFor: o.chartKeyFor,
                  settleFirst: o.settleFirst,
                  onDone: (added) => {
                    replace(amendBox);
                    if (added) load();
                    else amend.focus();
                  },
                }),
              );
              amendBox.querySelector('textarea').focus();
            },
            { variant: 'secondary', 'aria-label': `Amend record ${r.id}` },
          )
        : null;
      replace(
        body,
        h(
          'p',
          null,
          h('span', { class: 'badge badge-ok', title: `IPFS ${r.cid}` }, 'Verified'),
          ' ',
          h(
            'span',
            { class: 'muted' },
            'Every block matched its content identifier, which is the one recorded on the blockchain.',
          ),
        ),
        h('h4', { class: 'record-title' }, `${sum.kind}: ${sum.title}`),
        h(
          'dl',
          { class: 'facts' },
          sum.date ? [h('dt', null, 'Date'), h('dd', null, sum.date)] : null,
          sum.details.filter(([, v]) => v).map(([k, v]) => [h('dt', null, k), h('dd', null, String(v))]),
        ),
        h('div', { class: 'actions' }, download, amend, close),
        amendBox,
      );
      openBtn.hidden = true;
      body.querySelector('.record-title').tabIndex = -1;
      body.querySelector('.record-title').focus();
    };
    openBtn.addEventListener('click', () =>
      busy(openBtn, async () => {
        const st = h('p', { class: 'muted', role: 'status' }, 'Fetching and checking…');
        replace(body, st);
        try {
          const entry = await openRecord(o.patient, r, o.keysFor, {
            onProgress: (p) => {
              st.textContent = `Fetching and checking… ${p.bytesDone} bytes`;
            },
          });
          show(entry);
        } catch (e) {
          replace(body);
          failOpen(app, e, r);
        }
      }),
    );
    const locked = o.canOpen && !o.canOpen(r.scope);
    // Redaction leaves a tombstone: the history stays auditable, nothing is deleted.
    const redactBox = h('div', { class: 'actions' });
    const redactStatus = txStatusLine();
    if (!r.redacted && o.canRedact?.(r)) {
      const ask = button(
        'Redact',
        () => {
          const confirmBtn = button(
            `Yes, redact record ${r.id}`,
            async (e) => {
              const done = await sendTx(app, {
                button: e.currentTarget,
                status: redactStatus,
                contract: 'EhrHub',
                fn: 'redactRecord',
                args: [o.patient, r.id],
                action: 'redacting the record',
                success: `Record ${r.id} redacted`,
              });
              if (done) load();
            },
            { variant: 'danger' },
          );
          replace(
            redactBox,
            h(
              'p',
              null,
              'Redacting marks the record as withdrawn for everyone. The entry stays in the history; people who already read it keep what they read.',
            ),
            confirmBtn,
            button('Cancel', () => replace(redactBox, ask), { variant: 'secondary' }),
          );
          confirmBtn.focus();
        },
        { variant: 'secondary', 'aria-label': `Redact record ${r.id}` },
      );
      append(redactBox, ask);
    }
    // The newest version of an amended record carries its earlier versions, each openable.
    const earlier = [];
    for (let p = byId.get(r.previous); p && !r.superseded; p = byId.get(p.previous)) earlier.push(p);
    return h(
      'li',
      { class: 'panel', dataset: { record: String(r.id), scope: String(r.scope) } },
      h(
        'h3',
        null,
        `${scopeLabel(r.scope)} · ${date(r.createdAt)}`,
        r.redacted ? h('span', { class: 'badge badge-bad' }, ' Redacted') : null,
        r.superseded ? h('span', { class: 'badge' }, ' Replaced by a newer version') : null,
        r.previous && !r.superseded ? h('span', { class: 'badge' }, ' Amended') : null,
      ),
      h(
        'p',
        { class: 'muted' },
        `Record ${r.id}, ${r.previous ? `amends record ${r.previous}, ` : ''}added by `,
        r.author.toLowerCase() === o.patient.toLowerCase() ? 'the patient' : h('code', null, shortAddress(r.author)),
      ),
      locked ? h('p', { class: 'muted' }, 'Not shared with you.') : h('div', { class: 'actions' }, openBtn),
      body,
      redactBox,
      redactStatus,
      earlier.length
        ? h(
            'details',
            { class: 'history' },
            h('summary', null, `Earlier versions (${earlier.length})`),
            h('ol', { class: 'cards', 'aria-label': `Earlier versions of record ${r.id}` }, earlier.map(itemFor)),
          )
        : null,
    );
  };

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
    const criteria = [];
    for (const token of fold(query.value).split(/\s+/u).filter(Boolean)) {
      if (/^\d{4}(-\d{2}(-\d{2})?)?$/.test(token)) criteria.push({ date: token });
      else for (const w of token.split(/[^\p{L}\p{N}]+/u)) if (w) criteria.push({ word: w });
    }
    if (criteria.length === 0) {
      clearBtn.click();
      return;
    }
    busy(searchBtn, async () => {
      const api = await ehr();
      const current = records.filter((r) => !r.superseded);
      const metas = new Map();
      let closed = 0;
      let done = 0;
      let index = null;
      let release = null;
      try {
        for (const r of current) {
          status.textContent = `Searching… record ${++done} of ${current.length}`;
          const added = new Date(r.createdAt * 1000).toISOString().slice(0, 10);
          metas.set(r.id, { words: fold(`${scopeLabel(r.scope)} record ${r.id}`).split(/[^\p{L}\p{N}]+/u), added });
          if (o.canOpen && !o.canOpen(r.scope)) {
            closed++;
            continue;
          }
          let entry;
          try {
            entry = await openRecord(o.patient, r, o.keysFor);
          } catch {
            closed++;
            continue;
          }
          if (!index) {
            // The index lives in module memory for this search only; any chart key held names
            // its token space (it is never sealed or stored).
            const k = o.keysFor({ scope: r.scope, epoch: 0 });
            release = k.release;
            if (!k.chartKeys?.length)
              throw Object.assign(new Error('no chart key to build the search index with'), {
                code: 'ERR_NO_RECIPIENT',
              });
            index = api.records.search.create(k.chartKeys[0]);
          }
          index.addResource(String(r.id), entry.resource);
        }
        const hitsOf = (c) => {
          const ids = new Set();
          if (index) {
            const q = c.date ? { from: c.date, to: c.date } : c.word.length >= 2 ? { words: [c.word] } : null;
            if (q) for (const id of index.query(q)) ids.add(Number(id));
          }
          for (const [id, m] of metas) if (c.date ? m.added.startsWith(c.date) : m.words.includes(c.word)) ids.add(id);
          return ids;
        };
        const sets = criteria.map(hitsOf);
        const hits = new Set(current.map((r) => r.id).filter((id) => sets.every((set) => set.has(id))));
        found = { terms: query.value.trim().split(/\s+/u), hits, closed };
        clearBtn.hidden = false;
        draw();
      } catch (err) {
        status.textContent = 'The search could not run.';
        app.fail(err, { action: 'searching the records' });
      } finally {
        index?.dispose();
        release?.();
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

/**
 * Amending a record: its FHIR resource as editable JSON, checked by the module, encrypted under
 * the current key of the record's category and recorded as a new version (amendRecord). What was
 * typed stays in the box when a step fails. onDone(added | null).
 */
function amendForm(app, { patient, record, resource, chartKeyFor, settleFirst, onDone }) {
  const id = `amend-${record.id}`;
  const box = h('textarea', { id, name: 'amended', rows: 12, spellcheck: 'false', autocomplete: 'off', class: 'mono' });
  box.value = JSON.stringify(resource, null, 2);
  const err = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
  const progress = progressList();
  const submit = button('Encrypt and save the new version', null, { type: 'submit' });
  const form = h(
    'form',
    { class: 'amend', 'aria-labelledby': `${id}-heading`, novalidate: true },
    h('h4', { id: `${id}-heading` }, `Amend record ${record.id}`),
    h(
      'p',
      null,
      'The new version replaces this one in the timeline; this version stays in the history, and everyone with access sees both.',
    ),
    h('div', { class: 'field' }, h('label', { for: id }, 'The record (FHIR JSON)'), box, err),
    h(
      'div',
      { class: 'actions' },
      submit,
      button('Cancel', () => onDone(null), { variant: 'secondary' }),
    ),
    progress.element,
  );
  const setErr = (msg) => {
    err.textContent = msg ?? '';
    err.hidden = !msg;
    if (msg) {
      box.setAttribute('aria-invalid', 'true');
      box.setAttribute('aria-describedby', err.id);
    } else box.removeAttribute('aria-invalid');
  };
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    let changed;
    try {
      changed = JSON.parse(box.value);
    } catch {
      setErr('This is not valid JSON: check the brackets, quotes and commas.');
      box.focus();
      return;
    }
    if (JSON.stringify(changed) === JSON.stringify(resource)) {
      setErr('Nothing was changed.');
      box.focus();
      return;
    }
    setErr(null);
    const added = await runAdd(app, {
      submit,
      progress,
      patient,
      resource: changed,
      scope: record.scope,
      amends: record.id,
      chartKeyFor,
      settleFirst,
      allowed: () => true,
    });
    if (added) onDone(added);
  });
  return form;
}

function failOpen(app, e, r) {
  const code = e?.code;
  if (code === 'ERR_NO_RECIPIENT') {
    notify({
      kind: 'error',
      key: 'open',
      title: 'You have no key for this record',
      message: `Record ${r.id} was encrypted for keys you do not hold (for example after access was revoked, or before it was given).`,
      advice: 'Ask the patient to share this category again.',
    });
  } else if (
    [
      'ERR_AUTH_FAILED',
      'ERR_BAD_ENVELOPE',
      'ERR_STREAM_TRUNCATED',
      'ERR_HASH_MISMATCH',
      'ERR_UNKNOWN_VERSION',
    ].includes(code) ||
    e?.name === 'GatewayError'
  ) {
    notify({
      kind: 'error',
      key: 'open',
      title:
        e?.name === 'GatewayError' ? 'The record could not be fetched intact' : 'This record is damaged or was altered',
      message:
        e?.name === 'GatewayError'
          ? 'No gateway returned bytes that match the record’s content identifier.'
          : 'Its bytes do not decrypt under its keys; nothing of it is shown.',
      advice:
        e?.name === 'GatewayError'
          ? 'Check your connection and try again later; the gateways may be down.'
          : 'Report it to whoever added it. The copy on the blockchain still identifies the original.',
      actions: [{ label: 'Try again', run: () => document.querySelector(`li[data-record="${r.id}"] button`)?.click() }],
    });
  } else {
    app.fail(e, { action: 'opening the record', key: 'open' });
  }
}

function downloadRecord(entry, sum, r) {
  const att = entry.resource?.resourceType === 'DocumentReference' ? entry.resource.content?.[0]?.attachment : null;
  let blob;
  let name;
  if (att?.data) {
    const bin = atob(att.data);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    blob = new Blob([bytes], { type: att.contentType || 'application/octet-stream' });
    name = att.title || `record-${r.id}`;
  } else {
    blob = new Blob([JSON.stringify(entry.resource, null, 2)], { type: 'application/fhir+json' });
    name = `record-${r.id}-${sum.kind.toLowerCase()}.json`;
  }
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * The add-record forms (common FHIR resources, and files by drag and drop) with progress for
 * encrypt, upload and confirm. `chartKeyFor(scope, epoch)` gives the key to encrypt with (a
 * record is sealed to the current readers instead when that key must not be used; see
 * records/access.js); `settleFirst` (the patient's page) settles ended access before a write;
 * `allowed(scope)` says whether this author may write the scope.
 */
export function addRecordForms(app, { patient, chartKeyFor, settleFirst, allowed = () => true, onAdded, draftPrefix }) {
  const kind = h(
    'select',
    { id: 'record-kind', name: 'kind' },
    Object.entries(RECORD_FORMS).map(([k, f]) => h('option', { value: k }, f.label)),
  );
  const fieldsBox = h('div');
  const progress = progressList();
  const submit = button('Encrypt and add the record', null, { type: 'submit' });
  const form = h(
    'form',
    { 'aria-labelledby': 'add-record-heading', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'record-kind' }, 'Kind of record'), kind),
    fieldsBox,
    h('div', { class: 'actions' }, submit),
    progress.element,
  );
  let fields = {};
  let saveDraft = () => {};
  const drawFields = () => {
    const def = RECORD_FORMS[kind.value];
    fields = {};
    replace(
      fieldsBox,
      def.fields.map((f) => {
        const control =
          f.type === 'select'
            ? h(
                'select',
                { name: f.name },
                Object.entries(f.options).map(([v, l]) => h('option', { value: v }, l)),
              )
            : h('input', {
                type: f.type === 'number' ? 'text' : f.type,
                name: f.name,
                inputMode: f.type === 'number' ? 'decimal' : null,
                required: f.required,
              });
        const fl = field({ label: f.required ? `${f.label} (required)` : f.label, hint: f.hint, control });
        fields[f.name] = fl;
        return fl.wrap;
      }),
    );
    saveDraft = keepDraft(`${draftPrefix}-${kind.value}`, form);
  };
  kind.addEventListener('change', drawFields);
  drawFields();

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    saveDraft();
    const def = RECORD_FORMS[kind.value];
    const values = {};
    let firstBad = null;
    for (const f of def.fields) {
      const v = fields[f.name].control.value.trim();
      let err = null;
      if (f.required && !v) err = `Enter the ${f.label.toLowerCase()}.`;
      else if (f.type === 'number' && v && !Number.isFinite(Number(v))) err = 'Enter a number, for example 6.1.';
      fields[f.name].setError(err);
      if (err && !firstBad) firstBad = fields[f.name].control;
      values[f.name] = v;
    }
    if (firstBad) {
      firstBad.focus();
      return;
    }
    const resource = def.build(values, { reference: `Patient/${patient.toLowerCase()}` });
    const added = await runAdd(app, { submit, progress, patient, resource, chartKeyFor, settleFirst, allowed });
    if (added) {
      dropDraft(`${draftPrefix}-${kind.value}`);
      form.reset();
      drawFields();
      onAdded?.(added);
    }
  });

  // Files: drop on the zone or choose with the (keyboard-usable) file input.
  const fileInput = h('input', { type: 'file', id: 'record-file', name: 'file' });
  const fileScope = h(
    'select',
    { id: 'file-scope', name: 'scope' },
    SCOPES.map(([s, l]) => h('option', { value: String(s) }, l)),
  );
  fileScope.value = '3';
  const description = h('input', { type: 'text', id: 'file-description', name: 'description' });
  const fileErr = h('p', { class: 'field-error', id: 'record-file-error', hidden: true });
  const zone = h(
    'div',
    { class: 'dropzone', id: 'dropzone' },
    h('p', null, 'Drop a file here (a PDF, an image, …) or choose it below.'),
    h('label', { for: 'record-file' }, 'File'),
    fileInput,
    fileErr,
  );
  const fileProgress = progressList();
  const fileSubmit = button('Encrypt and add the file', null, { type: 'submit' });
  const fileForm = h(
    'form',
    { 'aria-labelledby': 'add-file-heading', novalidate: true },
    zone,
    h('div', { class: 'field' }, h('label', { for: 'file-scope' }, 'Category'), fileScope),
    h('div', { class: 'field' }, h('label', { for: 'file-description' }, 'Description (optional)'), description),
    h('div', { class: 'actions' }, fileSubmit),
    fileProgress.element,
  );
  let dropped = null;
  const setFileError = (msg) => {
    fileErr.textContent = msg ?? '';
    fileErr.hidden = !msg;
    if (msg) fileInput.setAttribute('aria-describedby', fileErr.id);
  };
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    zone.classList.add('dropzone-over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('dropzone-over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('dropzone-over');
    dropped = e.dataTransfer?.files?.[0] ?? null;
    if (dropped) zone.querySelector('p').textContent = `Chosen: ${dropped.name} (${dropped.size} bytes)`;
  });
  fileInput.addEventListener('change', () => {
    dropped = null;
  });
  fileForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const file = dropped ?? fileInput.files?.[0];
    setFileError(
      file
        ? file.size > MAX_FILE_BYTES
          ? `This file is larger than ${MAX_FILE_BYTES / 1048576} MB, the most this page adds in one record.`
          : null
        : 'Choose or drop a file.',
    );
    if (!file || file.size > MAX_FILE_BYTES) {
      fileInput.focus();
      return;
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    const resource = documentFor(file, bytes, description.value.trim(), {
      reference: `Patient/${patient.toLowerCase()}`,
    });
    bytes.fill(0);
    const added = await runAdd(app, {
      submit: fileSubmit,
      progress: fileProgress,
      patient,
      resource,
      scope: Number(fileScope.value),
      chartKeyFor,
      settleFirst,
      allowed,
    });
    if (added) {
      fileForm.reset();
      dropped = null;
      zone.querySelector('p').textContent = 'Drop a file here (a PDF, an image, …) or choose it below.';
      onAdded?.(added);
    }
  });

  return h(
    'div',
    null,
    h('h2', { id: 'add-record-heading' }, 'Add a record'),
    form,
    h('h2', { id: 'add-file-heading' }, 'Add a file'),
    fileForm,
  );
}

/** A three-step progress list: encrypt, upload, confirm on chain. */
function progressList() {
  const steps = {
    encrypt: 'Encrypt in this page',
    upload: 'Upload the ciphertext to IPFS',
    confirm: 'Record it on the blockchain',
  };
  const items = Object.fromEntries(
    Object.entries(steps).map(([k, label]) => [k, h('li', { dataset: { step: k, state: 'todo' } }, label)]),
  );
  const live = h('p', { class: 'muted', role: 'status' });
  const element = h(
    'div',
    { class: 'progress', hidden: true },
    h('ol', { class: 'steps' }, Object.values(items)),
    live,
  );
  let order = Object.keys(steps);
  return {
    element,
    reset() {
      element.hidden = false;
      for (const li of Object.values(items)) {
        li.dataset.state = 'todo';
        li.removeAttribute('aria-current');
      }
      live.textContent = '';
    },
    step(k, text) {
      const at = order.indexOf(k);
      order.forEach((name, i) => {
        items[name].dataset.state = i < at ? 'done' : i === at ? 'doing' : 'todo';
        if (i === at) items[name].setAttribute('aria-current', 'step');
        else items[name].removeAttribute('aria-current');
      });
      live.textContent = text;
    },
    done(text) {
      for (const li of Object.values(items)) {
        li.dataset.state = 'done';
        li.removeAttribute('aria-current');
      }
      live.textContent = text;
    },
    fail(text) {
      live.textContent = text;
    },
  };
}

async function runAdd(app, { submit, progress, patient, resource, scope, amends, chartKeyFor, settleFirst, allowed }) {
  let result = null;
  await busy(submit, async () => {
    const s = app.stateNow();
    progress.reset();
    try {
      const api = await ehr();
      const checked = api.records.fhir.check(JSON.stringify(resource));
      const target = scope ?? checked.scope;
      if (!allowed(target)) {
        progress.fail(`You cannot add records in the category ${scopeLabel(target)} for this patient.`);
        return;
      }
      result = await addRecord({
        provider: app.wallet.provider(),
        from: s.account,
        patient,
        resource,
        scope: target,
        amends,
        chartKeyFor,
        settleFirst,
        onStage: (stage) => {
          if (stage === 'encrypt') progress.step('encrypt', 'Encrypting…');
          else if (stage === 'upload') progress.step('upload', 'Uploading the encrypted record…');
          else if (stage === 'confirm') progress.step('confirm', 'Checking…');
          else if (stage === 'chain-sign')
            progress.step(
              'confirm',
              s.wallet?.kind === 'builtin' ? 'Signing…' : 'Approve the transaction in your wallet…',
            );
          else if (stage === 'chain-wait') progress.step('confirm', 'Waiting for the network to confirm…');
        },
      });
      progress.done(
        amends
          ? `Saved as record ${result.id}, the new version of record ${amends}.`
          : `Added as record ${result.id} (${scopeLabel(result.scope)}).`,
      );
      notify({
        kind: 'success',
        key: 'record',
        title: amends ? 'Record amended' : 'Record added',
        message: `${scopeLabel(result.scope)}: encrypted, stored and recorded.`,
        timeoutMs: 8000,
      });
    } catch (e) {
      progress.fail('Not added. What you typed is still in the form.');
      if (e?.code === 'ERR_BAD_FHIR') {
        notify({
          kind: 'error',
          key: 'record',
          title: 'The record is not complete',
          message: `${e.message}`,
          advice: 'Fill in the fields marked required and try again.',
        });
      } else if (e?.name === 'UploadError' || e?.name === 'CidMismatchError') {
        app.fail(Object.assign(new TypeError(`network: ${e.message}`)), {
          action: 'uploading the record',
          key: 'record',
        });
      } else {
        app.fail(e, { action: 'adding the record', key: 'record' });
      }
    }
  });
  return result;
}
