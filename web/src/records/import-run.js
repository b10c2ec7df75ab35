// Importing a FHIR Bundle (or a C-CDA document, converted by health/ccda.js) into a chart: the plan
// (health/bundle-import.js planImport, the rewritten resources categorised by the module's own
// check, with the ids already in the chart as existing keys) and the run that stores the planned
// resources through addRecords (records/chart.js), the pipeline of the add-record form (check,
// encrypt, upload, record on chain) with one transaction per batch.
//
// What was recorded is remembered by the chart itself: every imported record carries its dedupe
// key as its FHIR id, so re-planning after a failure, a cancel or a reload reads the chart's ids
// and skips them. This session also keeps the ids it recorded in memory (wiped on lock), so a
// retry right after a failure does not have to read the chart again. Nothing goes to
// localStorage: the ids are hashes of health data.
import { ehr } from '../module.js';
import { onWipe } from '../key-registry.js';
import { addRecords, listRecords, openRecord } from './chart.js';

const HEX64 = /^[0-9a-f]{64}$/;

/** @type {Map<string, Set<string>>} dedupe ids recorded in this session, by chart */
const recordedNow = new Map();
/** A Bundle handed from another screen (a link, a health card) to the import screen. */
let pending = null;
onWipe(() => {
  recordedNow.clear();
  pending = null;
});

const chartKey = (patient) => String(patient).toLowerCase();
const recordedSet = (patient) => {
  const k = chartKey(patient);
  if (!recordedNow.has(k)) recordedNow.set(k, new Set());
  return /** @type {Set<string>} */ (recordedNow.get(k));
};

/** Hands a Bundle (object) and where it came from to the import screen. */
export function setPendingImport(bundle, source) {
  pending = { bundle, source };
}

/** Takes the Bundle handed over, if any (once). */
export function takePendingImport() {
  const p = pending;
  pending = null;
  return p;
}

/**
 * The ids of the chart's records that are import dedupe keys (64 hex characters), read by opening
 * every record this reader can open (records the reader cannot open are counted in `closed`).
 * @param {{ provider: any, patient: string,
 *   keysFor: (header: any) => { chartKeys?: any[], identities?: any[], release?: () => void },
 *   canOpen?: (scope: number) => boolean, onProgress?: (done: number, total: number) => void }} o
 */
export async function chartIds(o) {
  const records = (await listRecords(o.provider, o.patient)).filter((r) => !r.redacted);
  const ids = new Set(recordedSet(o.patient));
  let closed = 0;
  let done = 0;
  for (const r of records) {
    o.onProgress?.(++done, records.length);
    if (o.canOpen && !o.canOpen(r.scope)) {
      closed++;
      continue;
    }
    try {
      const { resource } = await openRecord(o.patient, r, o.keysFor);
      if (typeof resource?.id === 'string' && HEX64.test(resource.id)) ids.add(resource.id);
    } catch {
      closed++;
    }
  }
  return { ids, closed, count: records.length };
}

/**
 * Plans the import of `input` (Bundle object, JSON text, or a C-CDA document as XML text, converted
 * by health/ccda.js) into `patient`'s chart. References to the Bundle's patient become
 * `Patient/<patient address>`, as the add-record form writes them. Each resource is checked by the
 * module as it will be stored (references rewritten); those it refuses are skipped with its first
 * issue as the reason. A C-CDA plan has `format: 'C-CDA'`, `document` and conversion notes. The
 * plan's `notes` are messages of the page's catalogue with their values (noteOf).
 * @param {unknown} input
 * @param {{ patient: string, existingKeys: Iterable<string>, allowed?: (scope: number) => boolean }} o
 */
export async function planChartImport(input, o) {
  const [api, { planImport, readBundle }, { ccdaToBundle, looksLikeXml }] = await Promise.all([
    ehr(),
    import('../health/bundle-import.js'),
    import('../health/ccda.js'),
  ]);
  // A C-CDA document (XML) is converted to a collection Bundle first (health/ccda.js). The Bundle
  // is parsed once, so the entries below are the ones planned.
  const cda = typeof input === 'string' && looksLikeXml(input) ? ccdaToBundle(input) : null;
  const bundle = readBundle(cda ? cda.bundle : input);
  const refused = new Map();
  const plan = await planImport(bundle, {
    existingKeys: o.existingKeys,
    patientReference: `Patient/${chartKey(o.patient)}`,
    categorize: (r) => {
      const v = api.records.fhir.validate(r); // the rewritten resource, as it will be stored
      if (v.scope === null || v.scope === undefined) {
        if (v.issues?.length) refused.set(r.id, `${v.issues[0].path}: ${v.issues[0].message}`);
        return null;
      }
      return v.scope;
    },
  });
  // Give refused resources the module's reason; turn adds this writer may not make into skips.
  for (const it of plan.items) {
    if (it.action === 'skip' && it.reason.code === 'unsupported-type' && /not accepted/.test(it.reason.message)) {
      const why = refused.get(it.id);
      if (why) it.reason = { code: 'refused', message: `not accepted: ${why}` };
    }
    if (it.action === 'add' && o.allowed && !o.allowed(it.scope)) {
      it.action = 'skip';
      it.reason = { code: 'not-allowed', message: 'your access does not let you add records of this category' };
    }
  }
  plan.add = plan.items.filter((x) => x.action === 'add');
  const notes = plan.notes.map(noteOf);
  if (cda) {
    plan.format = 'C-CDA';
    plan.document = { title: cda.title, date: cda.documentDate };
    notes.push(
      cda.title
        ? { note: 'converted from the C-CDA document “{title}”', params: { title: cda.title } }
        : { note: 'converted from the C-CDA document' },
    );
    if (cda.skippedSections.length)
      notes.push({ note: 'sections not converted: {sections}', params: { sections: cda.skippedSections.join(', ') } });
    notes.push(...cda.notes.map(noteOf));
  }
  plan.notes = notes;
  return plan;
}

/**
 * A note of the library (health/bundle-import.js, health/ccda.js: English, "… (3 times)" when
 * repeated) as a message of the page's catalogue with its values: { note, params?, times? }.
 * A note of another shape is kept as its own text.
 * @param {string} text
 * @returns {{ note: string, params?: Record<string, string | number>, times?: number }}
 */
export function noteOf(text) {
  const rep = /^(.*) \((\d+) times\)$/s.exec(text);
  const base = rep ? rep[1] : text;
  const times = rep ? Number(rep[2]) : undefined;
  const entry = /^an entry of “(.*)” could not be read$/s.exec(base);
  if (entry) return { note: 'an entry of “{title}” could not be read', params: { title: entry[1] }, times };
  const patients = /^the Bundle holds (\d+) Patient resources; all are skipped$/.exec(base);
  if (patients)
    return {
      note: 'the Bundle holds {count} Patient resources; all are skipped',
      params: { count: Number(patients[1]) },
      times,
    };
  return { note: base, times };
}

/**
 * Groups a plan for review, one group per category (scope id, ascending): what will be added,
 * what the chart already holds, and what is skipped there for another reason (twice in the file,
 * missing information, not allowed: reason code -> items). Skips without a category (kinds of
 * record the chart does not store, the patient, damaged entries) are grouped by reason code in
 * `uncategorised`; `reasons` counts the skips per reason over the whole plan.
 * @param {{ items: any[] }} plan
 * @returns {{ categories: { scope: number, add: any[], already: any[], skipped: Map<string, any[]> }[],
 *   uncategorised: Map<string, any[]>, reasons: Map<string, number> }}
 */
export function reviewOf(plan) {
  /** @type {Map<number, { scope: number, add: any[], already: any[], skipped: Map<string, any[]> }>} */
  const byScope = new Map();
  /** @type {Map<string, any[]>} */
  const uncategorised = new Map();
  /** @type {Map<string, number>} */
  const reasons = new Map();
  const push = (map, key, it) => {
    const list = map.get(key);
    if (list) list.push(it);
    else map.set(key, [it]);
  };
  for (const it of plan.items) {
    const code = it.action === 'add' ? null : it.reason.code;
    if (code) reasons.set(code, (reasons.get(code) ?? 0) + 1);
    if (typeof it.scope !== 'number') {
      push(uncategorised, code, it); // only skips lack a category
      continue;
    }
    let g = byScope.get(it.scope);
    if (!g) byScope.set(it.scope, (g = { scope: it.scope, add: [], already: [], skipped: new Map() }));
    if (!code) g.add.push(it);
    else if (code === 'already-imported') g.already.push(it);
    else push(g.skipped, code, it);
  }
  return { categories: [...byScope.values()].sort((a, b) => a.scope - b.scope), uncategorised, reasons };
}

/**
 * Resource types of plan items with their counts, most frequent first: [['Observation', 480], ...].
 * @param {any[]} items
 * @returns {[string, number][]}
 */
export function typeCounts(items) {
  /** @type {Map<string, number>} */
  const n = new Map();
  for (const it of items) n.set(it.resourceType ?? '(none)', (n.get(it.resourceType ?? '(none)') ?? 0) + 1);
  return [...n].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/**
 * Stores the planned resources through addRecords (records/chart.js): each is encrypted and
 * uploaded in turn, and each batch of up to ADD_BATCH is recorded with one transaction. Stops
 * after the current record when `signal` is aborted (what is already sealed is recorded); the
 * first failure stops the run and is returned with the first unrecorded item (the ids recorded so
 * far are remembered, and the chart holds them, so a retry starts there). Progress:
 * onStage(stage, item, index) per record and per batch, onItem(done, total) as records are recorded.
 * @param {{ provider: any, from: string, patient: string, items: any[],
 *   chartKeyFor: (scope: number, epoch: number) => { key: any, release?: () => void },
 *   settleFirst?: () => Promise<unknown>, signal?: AbortSignal,
 *   onStage?: (stage: string, item: any, index: number, total: number) => void,
 *   onItem?: (done: number, total: number, item: any) => void }} o
 * @returns {Promise<{ added: number, cancelled: boolean, error: any, failedAt: any }>}
 */
export async function runImport(o) {
  const seen = recordedSet(o.patient);
  const todo = o.items.filter((it) => !seen.has(it.dedupeKey));
  let added = o.items.length - todo.length;
  o.onItem?.(added, o.items.length, null);
  if (!todo.length) return { added, cancelled: false, error: null, failedAt: null };
  if (o.signal?.aborted) return { added, cancelled: true, error: null, failedAt: null };
  let recorded = 0;
  try {
    const { cancelled } = await addRecords({
      provider: o.provider,
      from: o.from,
      patient: o.patient,
      resources: todo.map((it) => it.resource),
      chartKeyFor: o.chartKeyFor,
      settleFirst: o.settleFirst,
      signal: o.signal,
      onStage: (stage, i) => o.onStage?.(stage, todo[i], added + (i - recorded) + 1, o.items.length),
      onRecorded: (results) => {
        for (let k = 0; k < results.length; k++) {
          const it = todo[recorded++];
          seen.add(it.dedupeKey);
          o.onItem?.(++added, o.items.length, it);
        }
      },
    });
    return { added, cancelled, error: null, failedAt: null };
  } catch (error) {
    return { added, cancelled: false, error, failedAt: todo[recorded] ?? null };
  }
}
