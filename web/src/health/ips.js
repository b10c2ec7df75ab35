// International Patient Summary: buildIps() makes an IPS `document` Bundle from FHIR resources
// (Composition first, type LOINC 60591-5, one section per IPS section that has entries, the three
// required sections always present — with emptyReason "unavailable" when there is nothing — and
// every reference rewritten to a fullUrl in the Bundle or reduced to its display). checkIps()
// does the structural checks and returns the problems found (an empty list when there are none).
import { HealthError } from './errors.js';
import { canonicalJson, checkDepth, isObject, sha256 } from './codec.js';
import { collectReferences, displayName, indexEntries, resolveReference } from './references.js';
import {
  EMPTY_REASON_SYSTEM,
  IPS_DOCUMENT_CODE,
  IPS_SECTIONS,
  LOINC,
  sectionByCode,
  sectionFor,
} from './ips-sections.js';

export { IPS_SECTIONS } from './ips-sections.js';

/** A name-based UUID (SHA-256 of the text, version 8 layout). */
async function uuidOf(textIn) {
  const b = (await sha256(textIn)).slice(0, 16);
  b[6] = (b[6] & 0x0f) | 0x80;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const esc = (t) => String(t).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
const xhtml = (inner) => ({ status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml">${inner}</div>` });

/** One line of narrative for a resource. */
function summary(r) {
  const name = displayName({
    code: r.code,
    vaccineCode: r.vaccineCode,
    medicationCodeableConcept: r.medicationCodeableConcept,
  });
  const q = isObject(r.valueQuantity) ? r.valueQuantity : {};
  const value =
    typeof q.value === 'number' ? ` ${q.value} ${typeof q.unit === 'string' ? q.unit : (q.code ?? '')}`.trimEnd() : '';
  const when = [r.effectiveDateTime, r.occurrenceDateTime, r.onsetDateTime, r.recordedDate, r.performedDateTime].find(
    (x) => typeof x === 'string',
  );
  return `${name ?? r.resourceType}${value}${when ? ` (${when})` : ''}`;
}

/**
 * Builds an IPS document Bundle.
 * @param {Array<any>} resources FHIR resources, or Bundle entries {fullUrl, resource}; exactly one
 *   Patient. Resources outside the IPS sections are kept only when something included refers to them.
 * @param {{ date?: string, title?: string, author?: any, identifier?: string }} [opts] date: ISO
 *   dateTime (default now); author: a Practitioner/Organization/... resource (default: the patient);
 *   identifier: the Bundle's urn:uuid (default: random)
 */
export async function buildIps(resources, opts = {}) {
  if (!Array.isArray(resources)) throw new HealthError('IPS_BAD_INPUT', 'resources must be an array');
  checkDepth(resources, 100, 'IPS_BAD_INPUT');
  const input = resources.map((x) => (isObject(x) && isObject(x.resource) ? x : { resource: x }));
  if (opts.author) input.push({ resource: opts.author });
  for (const e of input) {
    if (!isObject(e.resource) || typeof e.resource.resourceType !== 'string') {
      throw new HealthError('IPS_BAD_INPUT', 'every item must be a FHIR resource');
    }
  }
  const patients = input.filter((e) => e.resource.resourceType === 'Patient');
  if (patients.length !== 1) throw new HealthError('IPS_BAD_INPUT', `need exactly one Patient, got ${patients.length}`);
  const index = indexEntries(input);
  const uuids = await Promise.all(input.map((e) => uuidOf(canonicalJson(e.resource))));
  const full = (i) => `urn:uuid:${uuids[i]}`;
  const first = new Map(); // identical resources are included once
  uuids.forEach((u, i) => first.has(u) || first.set(u, i));
  const canon = (i) => first.get(uuids[i]);

  // Which entries go in: section members, the patient, the author, and whatever they refer to.
  const included = new Set();
  const bySection = new Map();
  const omitted = [];
  const pi = canon(input.indexOf(patients[0]));
  const ai = opts.author ? canon(input.length - 1) : pi;
  included.add(pi).add(ai);
  input.forEach((e, i) => {
    if (canon(i) !== i || i === pi || i === ai) return;
    const key = sectionFor(e.resource);
    if (key) {
      included.add(i);
      bySection.set(key, [...(bySection.get(key) ?? []), i]);
    }
  });
  const queue = [...included];
  while (queue.length) {
    const i = queue.pop();
    for (const site of collectReferences(input[i].resource)) {
      const res = resolveReference(site.value, input[i].fullUrl, input[i].resource, index);
      if (res.kind === 'internal' && !included.has(canon(res.target))) {
        included.add(canon(res.target));
        queue.push(canon(res.target));
      }
    }
  }
  input.forEach((e, i) => canon(i) === i && !included.has(i) && omitted.push(e.resource.resourceType));

  // Rewrite references: in-bundle -> fullUrl; anything else -> display only.
  const dropped = [];
  const entryOf = (i) => {
    const r = JSON.parse(JSON.stringify(input[i].resource));
    r.id = uuids[i];
    for (const site of collectReferences(r)) {
      if (site.inContained) continue;
      const res = resolveReference(site.value, input[i].fullUrl, input[i].resource, index);
      if (res.kind === 'internal') site.holder.reference = full(canon(res.target));
      else if (res.kind !== 'contained') {
        dropped.push({ resourceType: r.resourceType, path: site.path, reference: site.value });
        delete site.holder.reference;
        if (Object.keys(site.holder).length === 0) site.holder.display = 'Not included in this summary';
      }
    }
    return { fullUrl: full(i), resource: r };
  };

  const date = opts.date ?? new Date().toISOString();
  const sections = [];
  for (const def of IPS_SECTIONS) {
    const members = bySection.get(def.key) ?? [];
    if (!members.length && !def.required) continue;
    const code = { coding: [{ system: LOINC, code: def.code, display: def.display }] };
    if (!members.length) {
      sections.push({
        title: def.title,
        code,
        text: xhtml('No information available'),
        emptyReason: {
          coding: [{ system: EMPTY_REASON_SYSTEM, code: 'unavailable', display: 'Unavailable' }],
          text: 'No information available',
        },
      });
    } else {
      const items = members.map((i) => `<li>${esc(summary(input[i].resource))}</li>`).join('');
      sections.push({
        title: def.title,
        code,
        text: xhtml(`<ul>${items}</ul>`),
        entry: members.map((i) => ({ reference: full(i) })),
      });
    }
  }
  const compUuid = await uuidOf(`Composition|${date}|${uuids[pi]}|${canonicalJson(sections)}`);
  const composition = {
    resourceType: 'Composition',
    id: compUuid,
    status: 'final',
    type: { coding: [{ system: LOINC, code: IPS_DOCUMENT_CODE, display: 'Patient summary Document' }] },
    subject: { reference: full(pi) },
    date,
    author: [{ reference: full(ai) }],
    title: opts.title ?? 'International Patient Summary',
    section: sections,
  };
  const order = [
    pi,
    ...(ai !== pi ? [ai] : []),
    ...[...included].filter((i) => i !== pi && i !== ai).sort((a, b) => a - b),
  ];
  const bundle = {
    resourceType: 'Bundle',
    identifier: { system: 'urn:ietf:rfc:3986', value: `urn:uuid:${opts.identifier ?? globalThis.crypto.randomUUID()}` },
    type: 'document',
    timestamp: date,
    entry: [{ fullUrl: `urn:uuid:${compUuid}`, resource: composition }, ...order.map(entryOf)],
  };
  return { bundle, omitted, dropped };
}

/**
 * Structural checks of an IPS document Bundle. Never throws: malformed input is a problem too.
 * @param {unknown} bundle
 * @returns {{ path: string, message: string }[]}
 */
export function checkIps(bundle) {
  const problems = [];
  const p = (path, message) => problems.push({ path, message });
  if (!isObject(bundle) || bundle.resourceType !== 'Bundle') return [{ path: 'Bundle', message: 'not a FHIR Bundle' }];
  if (bundle.type !== 'document') p('Bundle.type', `must be "document", is ${JSON.stringify(bundle.type)}`);
  if (!isObject(bundle.identifier) || !bundle.identifier.value)
    p('Bundle.identifier', 'a document needs an identifier (bdl-9)');
  if (typeof bundle.timestamp !== 'string') p('Bundle.timestamp', 'a document needs a timestamp (bdl-10)');
  const entries = Array.isArray(bundle.entry) ? bundle.entry : [];
  if (!entries.length) return [...problems, { path: 'Bundle.entry', message: 'no entries' }];
  const seen = new Set();
  entries.forEach((e, i) => {
    if (!isObject(e) || !isObject(e.resource) || typeof e.resource.resourceType !== 'string') {
      p(`Bundle.entry[${i}]`, 'entry needs a resource');
    } else if (typeof e.fullUrl !== 'string') p(`Bundle.entry[${i}].fullUrl`, 'missing');
    else if (seen.has(e.fullUrl)) p(`Bundle.entry[${i}].fullUrl`, `duplicate ${e.fullUrl} (bdl-7)`);
    else seen.add(e.fullUrl);
  });
  const index = indexEntries(entries);
  const typeAt = (ref, from) => {
    if (typeof ref !== 'string') return undefined;
    const r = resolveReference(ref, from, undefined, index);
    return r.kind === 'internal' ? entries[r.target].resource.resourceType : undefined;
  };
  const comp = entries[0]?.resource;
  if (comp?.resourceType !== 'Composition') p('Bundle.entry[0]', 'the first entry must be a Composition');
  else {
    const cf = entries[0].fullUrl;
    if (!comp.type?.coding?.some?.((c) => c?.system === LOINC && c?.code === IPS_DOCUMENT_CODE)) {
      p('Composition.type', `must be LOINC ${IPS_DOCUMENT_CODE}`);
    }
    if (typeAt(comp.subject?.reference ?? '', cf) !== 'Patient') p('Composition.subject', 'must resolve to a Patient');
    if (!Array.isArray(comp.author) || !comp.author.length) p('Composition.author', 'required');
    const sections = Array.isArray(comp.section) ? comp.section : [];
    const found = new Set();
    sections.forEach((s, k) => {
      const path = `Composition.section[${k}]`;
      const code = s?.code?.coding?.find?.((c) => c?.system === LOINC)?.code;
      const def = sectionByCode(code);
      if (!def) return p(`${path}.code`, code ? `unknown IPS section code ${code}` : 'needs a LOINC code');
      if (found.has(code)) p(`${path}.code`, `section ${code} appears twice`);
      found.add(code);
      const refs = Array.isArray(s.entry) ? s.entry : [];
      if (refs.length && s.emptyReason) p(path, 'a section with entries cannot have an emptyReason (cmp-2)');
      if (def.required && !refs.length && !s.emptyReason)
        p(path, `required section ${code} needs entries or an emptyReason`);
      refs.forEach((r, j) => {
        const t = typeAt(r?.reference ?? '', cf);
        if (t && !def.types.includes(t)) p(`${path}.entry[${j}]`, `${t} does not belong in section ${code}`);
      });
    });
    for (const def of IPS_SECTIONS)
      if (def.required && !found.has(def.code))
        p('Composition.section', `required section ${def.code} (${def.title}) missing`);
  }
  entries.forEach((e, i) => {
    if (!isObject(e?.resource)) return;
    let sites;
    try {
      sites = collectReferences(e.resource);
    } catch {
      return p(`Bundle.entry[${i}]`, 'resource nested too deeply');
    }
    for (const site of sites) {
      if (site.inContained && site.value.startsWith('#')) continue;
      const r = resolveReference(site.value, e.fullUrl, e.resource, index);
      const ok = r.kind === 'internal' || (r.kind === 'contained' && r.found);
      if (!ok) p(`Bundle.entry[${i}].resource.${site.path}`, `reference ${site.value} does not resolve in the Bundle`);
    }
  });
  return problems;
}
