// FHIR references inside a Bundle (R4 bundle.html "Resolving references in Bundles"): collect
// every Reference.reference of a resource, and resolve one against the Bundle's entries.
//   #id                   a contained resource of the same resource
//   …?query               a conditional reference (transactions): only a server resolves it
//   absolute URL / urn:*  the entry whose fullUrl is exactly that (a `/_history/v` tail ignored)
//   Type/id               the entry whose fullUrl is the referring entry's RESTful base + Type/id;
//                         failing that (urn:uuid fullUrls), the entry whose resource is Type with
//                         that id — the lenient rule most IPS and Synthea consumers rely on.
import { HealthError } from './errors.js';

const RELATIVE = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(\/_history\/[A-Za-z0-9\-.]{1,64})?$/;
const RESTFUL = /^(https?:\/\/.*\/)?([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(\/_history\/[A-Za-z0-9\-.]{1,64})?$/;
const MAX_DEPTH = 100;

/**
 * @typedef {{ path: string, holder: Record<string, any>, value: string, inContained: boolean }} RefSite
 */

/**
 * Every string `reference` inside `resource` (including contained resources), with its path.
 * @param {any} resource
 * @returns {RefSite[]}
 */
export function collectReferences(resource) {
  /** @type {RefSite[]} */
  const out = [];
  const stack = [{ v: resource, path: resource?.resourceType ?? '$', depth: 0, contained: false }];
  while (stack.length) {
    const { v, path, depth, contained } = /** @type {any} */ (stack.pop());
    if (depth > MAX_DEPTH) throw new HealthError('FHIR_TOO_DEEP', `resource nested deeper than ${MAX_DEPTH}`);
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--)
        stack.push({ v: v[i], path: `${path}[${i}]`, depth: depth + 1, contained });
    } else if (v !== null && typeof v === 'object') {
      if (typeof v.reference === 'string')
        out.push({ path: `${path}.reference`, holder: v, value: v.reference, inContained: contained });
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) {
        const k = keys[i];
        if (k === 'reference' || k === 'div') continue;
        stack.push({ v: v[k], path: `${path}.${k}`, depth: depth + 1, contained: contained || k === 'contained' });
      }
    }
  }
  return out;
}

/**
 * Indexes a Bundle's entries: by fullUrl and by "Type/id" (first occurrence wins).
 * @param {any[]} entries Bundle.entry
 */
export function indexEntries(entries) {
  /** @type {Map<string, number>} */
  const byFullUrl = new Map();
  /** @type {Map<string, number>} */
  const byTypeId = new Map();
  entries.forEach((e, i) => {
    const r = e?.resource;
    if (r === null || typeof r !== 'object' || typeof r.resourceType !== 'string') return;
    if (typeof e.fullUrl === 'string' && !byFullUrl.has(e.fullUrl)) byFullUrl.set(e.fullUrl, i);
    if (typeof r.id === 'string' && !byTypeId.has(`${r.resourceType}/${r.id}`))
      byTypeId.set(`${r.resourceType}/${r.id}`, i);
  });
  return { byFullUrl, byTypeId };
}

/**
 * @typedef {{ kind: 'internal', target: number } | { kind: 'contained', found: boolean }
 *   | { kind: 'conditional' } | { kind: 'external' } | { kind: 'unresolved' }} Resolution
 */

/**
 * Resolves one reference string of the entry with `fromFullUrl` (and resource `from`).
 * @param {string} ref
 * @param {string | undefined} fromFullUrl
 * @param {any} from the referring resource (for contained references)
 * @param {ReturnType<typeof indexEntries>} index
 * @returns {Resolution}
 */
export function resolveReference(ref, fromFullUrl, from, index) {
  if (ref.startsWith('#')) {
    const id = ref.slice(1);
    const found = id === '' || (Array.isArray(from?.contained) && from.contained.some((c) => c?.id === id));
    return { kind: 'contained', found };
  }
  if (ref.includes('?')) return { kind: 'conditional' };
  const exact = index.byFullUrl.get(ref) ?? index.byFullUrl.get(ref.replace(/\/_history\/[^/]+$/, ''));
  if (exact !== undefined) return { kind: 'internal', target: exact };
  const rel = RELATIVE.exec(ref);
  if (rel) {
    const base = typeof fromFullUrl === 'string' ? RESTFUL.exec(fromFullUrl)?.[1] : undefined;
    const viaBase = base ? index.byFullUrl.get(`${base}${rel[1]}/${rel[2]}`) : undefined;
    if (viaBase !== undefined) return { kind: 'internal', target: viaBase };
    const viaId = index.byTypeId.get(`${rel[1]}/${rel[2]}`);
    if (viaId !== undefined) return { kind: 'internal', target: viaId };
    return { kind: 'unresolved' };
  }
  if (/^urn:(uuid|oid):/i.test(ref)) return { kind: 'unresolved' }; // bundle-local names
  if (/^[a-z][a-z0-9+.-]*:/i.test(ref)) return { kind: 'external' };
  return { kind: 'unresolved' };
}

/**
 * A short human name for a resource or CodeableConcept, tolerant of any JSON shape: HumanName
 * text / given + family, a name string, or a concept's text / first coding display.
 * @param {any} r
 * @returns {string | undefined}
 */
export function displayName(r) {
  if (r === null || typeof r !== 'object') return undefined;
  const n = Array.isArray(r.name) ? r.name[0] : r.name;
  if (typeof n === 'string') return n;
  if (n !== null && typeof n === 'object') {
    if (typeof n.text === 'string') return n.text;
    const parts = [...(Array.isArray(n.given) ? n.given : []), n.family].filter((x) => typeof x === 'string');
    if (parts.length) return parts.join(' ');
  }
  for (const cc of [
    r,
    r.code,
    r.vaccineCode,
    r.medicationCodeableConcept,
    Array.isArray(r.type) ? r.type[0] : r.type,
  ]) {
    if (cc === null || typeof cc !== 'object') continue;
    if (typeof cc.text === 'string') return cc.text;
    const coding = Array.isArray(cc.coding) ? cc.coding : [];
    const c =
      coding.find((x) => x && typeof x.display === 'string') ?? coding.find((x) => x && typeof x.code === 'string');
    if (c) return c.display ?? c.code;
  }
  return undefined;
}
