// FHIR R4 Bundle import plan: which entries of a collection / transaction / searchset / document
// Bundle become records of the chart, under which category, with references rewritten to the
// new records' stable identifiers. Nothing is stored here; the page stores the `add` items.
//
// Identity and dedupe (two-level content hashes, so reference cycles do not matter):
//   local key  = SHA-256 of the canonical JSON (RFC 8785) of the resource without id and meta,
//                every in-bundle reference replaced by the target's type only;
//   dedupeKey  = SHA-256 (hex) of the same, every in-bundle reference replaced by the target's
//                local key and every reference to the chart's patient by one constant.
// The dedupeKey is also the record's new id (64 hex characters: a valid FHIR id), so references
// are rewritten to `Type/<dedupeKey>` and re-planning the same data yields the same keys: pass
// the keys already in the chart as `existingKeys` and nothing is added twice.
import { HealthError } from './errors.js';
import { canonicalJson, checkDepth, hex, isObject, parseJson, sha256 } from './codec.js';
import { collectReferences, displayName, indexEntries, resolveReference } from './references.js';
import { missingRequired, SCOPE_NAMES, scopeOf, SUPPORTED_TYPES } from './fhir-categories.js';

export const BUNDLE_TYPES = Object.freeze(['collection', 'transaction', 'searchset', 'document']);
/** Default limit on the Bundle's JSON text: 64 MiB (Synthea bundles are a few MB). */
export const MAX_BUNDLE_CHARS = 64 * 1024 * 1024;
export const MAX_ENTRIES = 100_000;
/** Limit on JSON nesting (R4 resources nest a few dozen levels at most). */
export const MAX_DEPTH = 100;
const PATIENT_MARK = '\u0000chart-patient';

/**
 * Parses and checks a Bundle (object or JSON text).
 * @param {unknown} input
 * @param {{ maxBytes?: number, types?: readonly string[] }} [opts]
 * @returns {{ resourceType: 'Bundle', type: string, entry: any[] } & Record<string, any>}
 */
export function readBundle(input, opts = {}) {
  const max = opts.maxBytes ?? MAX_BUNDLE_CHARS;
  let b = input;
  if (typeof input === 'string') {
    if (input.length > max) throw new HealthError('FHIR_TOO_LARGE', `Bundle text exceeds ${max} characters`);
    b = parseJson(input, 'FHIR_BAD_JSON', 'Bundle');
  }
  if (!isObject(b) || b.resourceType !== 'Bundle') throw new HealthError('FHIR_BAD_BUNDLE', 'not a FHIR Bundle');
  const types = opts.types ?? BUNDLE_TYPES;
  if (!types.includes(b.type)) {
    throw new HealthError(
      'FHIR_UNSUPPORTED_BUNDLE_TYPE',
      `Bundle type ${String(b.type)} is not one of ${types.join(', ')}`,
    );
  }
  if (b.entry !== undefined && !Array.isArray(b.entry))
    throw new HealthError('FHIR_BAD_BUNDLE', 'entry must be an array');
  if ((b.entry?.length ?? 0) > MAX_ENTRIES) throw new HealthError('FHIR_TOO_LARGE', `more than ${MAX_ENTRIES} entries`);
  checkDepth(b, MAX_DEPTH);
  return /** @type {any} */ ({ ...b, entry: b.entry ?? [] });
}

/** A deep copy of JSON data (structuredClone is not in every worker realm we target). */
const clone = (v) => JSON.parse(JSON.stringify(v));

/** Resource without id / meta, references mapped by `map(site, resolution)` (undefined: keep). */
function normalized(resource, fullUrl, index, map) {
  const r = clone(resource);
  delete r.id;
  delete r.meta;
  for (const site of collectReferences(r)) {
    if (site.inContained) continue;
    const to = map(resolveReference(site.value, fullUrl, resource, index));
    if (to !== undefined) site.holder.reference = to;
  }
  return r;
}

/**
 * Plans the import of a Bundle into the chart.
 * @param {unknown} input Bundle object or JSON text
 * @param {{ maxBytes?: number, existingKeys?: Iterable<string>, patientReference?: string,
 *   categorize?: (r: any) => number | null | undefined | Promise<number | null | undefined> }} [opts]
 *   existingKeys: dedupe keys already in the chart; patientReference: what references to the
 *   chart's patient become (default `Patient/<the Patient entry's key>`); categorize: the scope of a
 *   resource, e.g. `(r) => ehr.records.fhir.validate(r).scope ?? null` (default: scopeOf mirror),
 *   given the rewritten resource (new id, references to stable ids), as it will be stored
 */
export async function planImport(input, opts = {}) {
  const bundle = readBundle(input, opts);
  const entries = bundle.entry;
  const existing = new Set(opts.existingKeys ?? []);
  const categorize = opts.categorize ?? scopeOf;
  const index = indexEntries(entries);
  const resourceOf = (i) => {
    const r = entries[i]?.resource;
    return isObject(r) && typeof r.resourceType === 'string' ? r : undefined;
  };
  const isPatient = (i) => resourceOf(i)?.resourceType === 'Patient';

  // Level 1: local keys (targets by type only).
  /** @type {(string | undefined)[]} */
  const local = [];
  for (let i = 0; i < entries.length; i++) {
    const r = resourceOf(i);
    if (!r) continue;
    const n = normalized(r, entries[i].fullUrl, index, (res) =>
      res.kind === 'internal' ? `\u0000${resourceOf(res.target)?.resourceType}` : undefined,
    );
    local[i] = hex(await sha256(canonicalJson(n)));
  }
  // Level 2: dedupe keys (targets by local key; the chart's patient by a constant).
  /** @type {(string | undefined)[]} */
  const keys = [];
  for (let i = 0; i < entries.length; i++) {
    const r = resourceOf(i);
    if (!r) continue;
    const n = normalized(r, entries[i].fullUrl, index, (res) =>
      res.kind !== 'internal' ? undefined : isPatient(res.target) ? PATIENT_MARK : `\u0000${local[res.target]}`,
    );
    keys[i] = hex(await sha256(canonicalJson(n)));
  }

  const patients = entries.map((_, i) => i).filter(isPatient);
  const patientRef = opts.patientReference ?? (patients.length ? `Patient/${keys[patients[0]]}` : undefined);
  const notes = [];
  if (patients.length > 1) notes.push(`the Bundle holds ${patients.length} Patient resources; all are skipped`);

  // First pass: entries that can never be records (structure, duplicates by fullUrl, patients).
  const items = [];
  const seenFullUrl = new Set();
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    const r = resourceOf(i);
    const base = { index: i, fullUrl: typeof e?.fullUrl === 'string' ? e.fullUrl : undefined };
    const skip = (resourceType, code, message, extra = {}) =>
      items.push({ ...base, resourceType, action: 'skip', reason: { code, message }, ...extra });
    if (!isObject(e)) {
      skip(undefined, 'malformed', 'entry is not an object');
      continue;
    }
    if (!r) {
      const m = isObject(e.request) ? `${e.request.method} ${e.request.url}` : undefined;
      skip(undefined, 'no-resource', m ? `request only (${m}), no resource` : 'entry has no resource');
      continue;
    }
    const type = r.resourceType;
    const extra = { dedupeKey: keys[i], id: keys[i] };
    if (base.fullUrl !== undefined && seenFullUrl.has(base.fullUrl)) {
      skip(type, 'duplicate', `fullUrl ${base.fullUrl} appears earlier in the Bundle`, extra);
      continue;
    }
    if (base.fullUrl !== undefined) seenFullUrl.add(base.fullUrl);
    if (type === 'Patient') {
      skip(type, 'patient', 'the chart’s patient: Patient resources are not imported as records', extra);
      continue;
    }
    if (isObject(e.search) && e.search.mode === 'outcome') {
      skip(type, 'unsupported-type', 'search outcome, not data', extra);
      continue;
    }
    items.push({ ...base, resourceType: type, action: 'candidate', ...extra });
  }

  // Second pass: rewrite each candidate (new id, server meta dropped, references to stable ids),
  // so the category check sees the resource as it will be stored, not references only the Bundle
  // understands (`resource:0` in health cards).
  for (const item of items) {
    if (item.action !== 'candidate') continue;
    const src = entries[item.index].resource;
    const r = clone(src);
    r.id = item.id;
    if (isObject(r.meta)) {
      for (const k of ['versionId', 'lastUpdated', 'source']) delete r.meta[k];
      if (Object.keys(r.meta).length === 0) delete r.meta;
    }
    item.references = [];
    item.sites = [];
    for (const site of collectReferences(r)) {
      const res = site.inContained
        ? { kind: 'contained-inner' }
        : resolveReference(site.value, item.fullUrl, src, index);
      const ref = { path: site.path, original: site.value, status: res.kind };
      if (res.kind === 'internal') {
        const t = res.target;
        if (isPatient(t)) {
          site.holder.reference = patientRef;
          ref.status = 'patient';
        } else {
          site.holder.reference = `${resourceOf(t)?.resourceType}/${keys[t]}`;
          ref.status = 'resolved'; // until the target turns out not to be imported (below)
          item.sites.push({ ref, holder: site.holder, target: t });
        }
        ref.rewritten = site.holder.reference;
      } else if (res.kind === 'conditional') ref.note = 'conditional reference: only a FHIR server can resolve it';
      else if (res.kind === 'external') ref.note = 'external reference: left as is';
      else if (res.kind === 'unresolved') ref.note = 'not found in the Bundle: left as is';
      else if (res.kind === 'contained' && !res.found) ref.note = 'contained resource not found';
      item.references.push(ref);
    }
    item.resource = r;
  }

  // Third pass: categorise the rewritten resources; refusals become skips.
  const firstByKey = new Map();
  for (const item of items) {
    if (item.action !== 'candidate') continue;
    const type = item.resourceType;
    const r = item.resource;
    const toSkip = (code, message, extra = {}) => {
      item.action = 'skip';
      item.reason = { code, message };
      Object.assign(item, extra);
      delete item.resource;
      delete item.references;
    };
    const scope = await categorize(r);
    if (scope === null || scope === undefined) {
      const why = SUPPORTED_TYPES.includes(type)
        ? 'not accepted by the records layer'
        : 'not stored by the records layer';
      toSkip('unsupported-type', `${type}: ${why}`);
      continue;
    }
    // From here on the category is known: skips keep it, so a review can show them by category.
    item.scope = scope;
    item.scopeName = SCOPE_NAMES[scope] ?? null;
    const missing = missingRequired(r);
    if (missing.length) {
      toSkip('missing-required', `${type} lacks ${missing.join(', ')}`, { missing });
      continue;
    }
    if (existing.has(item.dedupeKey)) {
      toSkip('already-imported', 'the chart already holds this resource');
      continue;
    }
    if (firstByKey.has(item.dedupeKey)) {
      toSkip('duplicate', `same content as entry ${firstByKey.get(item.dedupeKey)}`, {
        duplicateOf: firstByKey.get(item.dedupeKey),
      });
      continue;
    }
    firstByKey.set(item.dedupeKey, item.index);
    item.action = 'add';
  }

  // References of added resources to entries that are not imported: status, note and display.
  const added = new Set(items.filter((x) => x.action === 'add').map((x) => x.index));
  for (const item of items) {
    const sites = item.sites;
    delete item.sites;
    if (item.action !== 'add') continue;
    for (const { ref, holder, target } of sites) {
      if (added.has(target)) continue;
      const tr = /** @type {any} */ (resourceOf(target));
      ref.status = 'not-imported';
      ref.note = `target ${tr.resourceType} is not imported (see entry ${target})`;
      const d = displayName(tr);
      if (d && holder.display === undefined) holder.display = d;
    }
  }

  /** @type {Record<string, { total: number, add: number, skip: number }>} */
  const byType = {};
  /** @type {Record<string, number>} */
  const bySkipReason = {};
  /** @type {Record<string, number>} */
  const byScope = {};
  for (const it of items) {
    const t = it.resourceType ?? '(none)';
    byType[t] ??= { total: 0, add: 0, skip: 0 };
    byType[t].total++;
    byType[t][it.action]++;
    if (it.action === 'skip') bySkipReason[it.reason.code] = (bySkipReason[it.reason.code] ?? 0) + 1;
    else byScope[it.scopeName ?? it.scope] = (byScope[it.scopeName ?? it.scope] ?? 0) + 1;
  }
  const p = patients.length ? /** @type {any} */ (resourceOf(patients[0])) : undefined;
  return {
    bundleType: bundle.type,
    items,
    add: items.filter((x) => x.action === 'add'),
    patient: p && { key: keys[patients[0]], name: displayName(p), birthDate: p.birthDate, gender: p.gender },
    counts: {
      entries: entries.length,
      add: items.filter((x) => x.action === 'add').length,
      skip: items.filter((x) => x.action === 'skip').length,
      byType,
      bySkipReason,
      byScope,
    },
    notes,
  };
}
