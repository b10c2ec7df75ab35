// Exports of a chart built in this page from its decrypted records (nothing is uploaded): a FHIR
// R4 collection Bundle, an International Patient Summary (health/ips.js buildIps, checked by
// checkIps), and the lines of a one-page emergency summary. The chart holds no Patient resource
// (imports skip it; the chain knows the patient by address), so one is made here: id = the
// patient's address, and the name only if the patient types one for this export.
import { listRecords, openRecord } from './chart.js';
import { displayName } from '../health/references.js';
import { canonicalJson, hex, sha256 } from '../health/codec.js';
import { translate } from '../i18n.js';

/**
 * The decrypted current records of a chart (not superseded, not redacted), optionally of one
 * category, newest first. Records this reader cannot open are counted in `closed`.
 * @param {{ provider: any, patient: string, scope?: number | null,
 *   keysFor: (header: any) => { chartKeys?: any[], identities?: any[], release?: () => void },
 *   canOpen?: (scope: number) => boolean, onProgress?: (done: number, total: number) => void }} o
 * @returns {Promise<{ items: { record: any, resource: any }[], closed: number }>}
 */
export async function chartResources(o) {
  const want = o.scope ?? null;
  const records = (await listRecords(o.provider, o.patient)).filter(
    (r) => !r.superseded && !r.redacted && (want === null || r.scope === want),
  );
  const items = [];
  let closed = 0;
  let done = 0;
  for (const record of records) {
    o.onProgress?.(++done, records.length);
    if (o.canOpen && !o.canOpen(record.scope)) {
      closed++;
      continue;
    }
    try {
      const { resource } = await openRecord(o.patient, record, o.keysFor);
      items.push({ record, resource });
    } catch {
      closed++;
    }
  }
  return { items, closed };
}

/** The chart's Patient: id = the address (lower case), the name only when given. */
export function patientResource(patient, name) {
  /** @type {any} */
  const r = { resourceType: 'Patient', id: String(patient).toLowerCase() };
  const n = String(name ?? '').trim();
  if (n) r.name = [{ text: n }];
  return r;
}

/** A name-based urn:uuid for an entry (SHA-256 of Type/id, or of the resource without an id). */
async function fullUrlOf(r) {
  const b = (await sha256(r.id ? `${r.resourceType}/${r.id}` : canonicalJson(r))).slice(0, 16);
  b[6] = (b[6] & 0x0f) | 0x80;
  b[8] = (b[8] & 0x3f) | 0x80;
  const x = hex(b);
  return `urn:uuid:${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/**
 * A FHIR R4 collection Bundle of the patient and the resources.
 * @param {any} patient the Patient resource (patientResource)
 * @param {any[]} resources
 */
export async function collectionBundle(patient, resources) {
  const all = [patient, ...resources];
  return {
    resourceType: 'Bundle',
    type: 'collection',
    timestamp: new Date().toISOString(),
    entry: await Promise.all(all.map(async (resource) => ({ fullUrl: await fullUrlOf(resource), resource }))),
  };
}

/**
 * An IPS document of the patient and the resources, with the problems checkIps finds (the page
 * offers the download only when there are none).
 * @returns {Promise<{ bundle: any, problems: { path: string, message: string }[], omitted: string[] }>}
 */
export async function ipsDocument(patient, resources) {
  const { buildIps, checkIps } = await import('../health/ips.js');
  const { bundle, omitted } = await buildIps([patient, ...resources], { title: 'Patient summary' });
  return { bundle, problems: checkIps(bundle), omitted };
}

const DATE_FIELDS = [
  'occurrenceDateTime',
  'effectiveDateTime',
  'onsetDateTime',
  'recordedDate',
  'authoredOn',
  'dateAsserted',
  'date',
];

/** The clinical date of a resource (the first of its usual date fields), or ''. */
export function dateOf(r) {
  for (const f of DATE_FIELDS) if (typeof r?.[f] === 'string') return r[f].slice(0, 10);
  if (typeof r?.effectivePeriod?.start === 'string') return r.effectivePeriod.start.slice(0, 10);
  if (typeof r?.period?.start === 'string') return r.period.start.slice(0, 10);
  return '';
}

/** One readable line for a resource: its name (code, vaccine, medication…) and value. */
export function describeResource(r) {
  const name =
    displayName({
      code: r?.code,
      vaccineCode: r?.vaccineCode,
      medicationCodeableConcept: r?.medicationCodeableConcept,
      type: r?.type,
    }) ??
    (typeof r?.description === 'string' ? r.description : undefined) ??
    r?.resourceType ??
    translate('Unknown');
  const q = r?.valueQuantity;
  const value = q && typeof q.value === 'number' ? ` ${q.value} ${q.unit ?? q.code ?? ''}`.trimEnd() : '';
  const parts = Array.isArray(r?.component)
    ? r.component
        .filter((c) => typeof c?.valueQuantity?.value === 'number')
        .map((c) => `${displayName(c.code) ?? ''} ${c.valueQuantity.value} ${c.valueQuantity.unit ?? ''}`.trim())
    : [];
  return `${name}${value}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}

/** An allergy's criticality (FHIR code), for people: messages of the catalogue. */
const CRITICALITY = {
  low: 'low criticality',
  high: 'high criticality',
  'unable-to-assess': 'criticality not assessable',
};

/** The emergency summary's sections, in print order (titles: messages of the catalogue). */
export const EMERGENCY_SECTIONS = [
  ['allergies', 'Allergies and intolerances', ['AllergyIntolerance']],
  ['medications', 'Medications', ['MedicationStatement', 'MedicationRequest']],
  ['problems', 'Problems', ['Condition']],
  ['immunizations', 'Immunizations', ['Immunization']],
];

/**
 * The emergency summary: per section the lines { text, details, date }, newest first. Resolved
 * problems and entered-in-error items are left out. `text` is what the record says; each detail
 * is { text } (a message of the catalogue: an allergy's criticality) or { label?, data } (what
 * the record says: reactions, dosage; `label` a message of the catalogue).
 */
export function emergencySummary(resources) {
  const out = Object.fromEntries(EMERGENCY_SECTIONS.map(([k]) => [k, []]));
  for (const r of resources) {
    const sec = EMERGENCY_SECTIONS.find(([, , types]) => types.includes(r?.resourceType));
    if (!sec) continue;
    const status = r.clinicalStatus?.coding?.[0]?.code ?? r.status;
    if (status === 'entered-in-error' || status === 'resolved' || status === 'inactive') continue;
    const details = [];
    if (r.resourceType === 'AllergyIntolerance') {
      if (r.criticality)
        details.push(
          CRITICALITY[r.criticality]
            ? { text: CRITICALITY[r.criticality] }
            : { label: 'criticality ', data: String(r.criticality) },
        );
      const m = r.reaction?.[0]?.manifestation?.map((c) => displayName(c)).filter(Boolean) ?? [];
      if (m.length) details.push({ label: 'reaction: ', data: m.join(', ') });
    }
    if (r.resourceType.startsWith('Medication')) {
      const d = r.dosage?.[0]?.text ?? r.dosageInstruction?.[0]?.text;
      if (d) details.push({ data: d });
    }
    out[sec[0]].push({ text: describeResource(r), details, date: dateOf(r) });
  }
  for (const k of Object.keys(out)) out[k].sort((a, b) => b.date.localeCompare(a.date));
  return out;
}
