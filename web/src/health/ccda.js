// C-CDA (HL7 CDA R2, Consolidated CDA R1.1 / R2.1) documents to FHIR R4: the XML summary most US
// patient portals export ("Download my record", Blue Button, CCD), converted in the page into a
// `collection` Bundle that the ordinary import plan (bundle-import.js planImport) reads.
//
// Sections converted (found by templateId, or by LOINC section code):
//   allergies 48765-2      -> AllergyIntolerance (allergy observation, reactions, severity)
//   medications 10160-0    -> MedicationStatement (status, period, route, dose, PIVL_TS timing)
//   problems 11450-4       -> Condition (problem observation: code in value, onset, abatement)
//   immunizations 11369-6  -> Immunization (CVX, date, not-done, lot, route, dose)
//   results 30954-2        -> DiagnosticReport per organizer + Observation (laboratory)
//   vital signs 8716-3     -> Observation (vital-signs)
//   procedures 47519-4     -> Procedure (procedure / act / observation entries)
// Other sections, the header and the patient's demographics are not converted: the Bundle holds
// one empty Patient that every resource refers to, which the plan maps to the chart's patient.
//
// XML is read by the small parser below, the same in the browser and in Node (no DOMParser, no
// dependency): elements, attributes, namespaces, text, CDATA, comments, processing instructions,
// the five predefined entities and character references. DOCTYPEs with an internal subset are
// refused (no entity expansion), and size, depth and element count are limited. Every failure is
// a HealthError (CCDA_*).
import { HealthError } from './errors.js';

export const V3 = 'urn:hl7-org:v3';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';
/** Default limit on the document's text: 32 MiB (portal exports are a few hundred KB). */
export const MAX_XML_CHARS = 32 * 1024 * 1024;
export const MAX_XML_DEPTH = 256;
export const MAX_XML_ELEMENTS = 2_000_000;
/** Limit on the resources one document converts to (with the Patient: bundle-import's MAX_ENTRIES). */
export const MAX_RESOURCES = 99_999;

/**
 * @typedef {{ name: string, local: string, ns: string | undefined, attrs: Record<string, string>,
 *   children: XmlElement[], text: string, parts: (XmlElement | string)[], scope: Record<string, string> }} XmlElement
 */

/** True when `text` looks like XML (a `<` first, after a byte-order mark and white space). */
export function looksLikeXml(text) {
  return typeof text === 'string' && /^\uFEFF?\s*</.test(text.slice(0, 1024));
}

const ENTITIES = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeText(s, where) {
  if (!s.includes('&')) return s;
  return s.replace(/&([^;&<]{0,12});?/g, (m, body) => {
    if (!m.endsWith(';')) throw new HealthError('CCDA_BAD_XML', `bad character reference in ${where}`);
    if (Object.hasOwn(ENTITIES, body)) return ENTITIES[body];
    let cp = NaN;
    if (/^#x[0-9a-fA-F]{1,6}$/.test(body)) cp = parseInt(body.slice(2), 16);
    else if (/^#[0-9]{1,7}$/.test(body)) cp = parseInt(body.slice(1), 10);
    if (!(cp >= 1 && cp <= 0x10ffff) || (cp >= 0xd800 && cp <= 0xdfff))
      throw new HealthError('CCDA_BAD_XML', `unknown entity &${body.slice(0, 12)}; in ${where}`);
    return String.fromCodePoint(cp);
  });
}

const NAME = /[A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?/y;
const ATTR = /\s+([A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/y;
const TAG_END = /\s*(\/?)>/y;

/**
 * Parses XML text into a small element tree (namespace-aware: `ns` is the element's namespace URI).
 * @param {string} text
 * @param {{ maxChars?: number }} [opts]
 * @returns {XmlElement} the root element
 */
export function parseXml(text, opts = {}) {
  if (typeof text !== 'string') throw new HealthError('CCDA_BAD_INPUT', 'the document must be text');
  const max = opts.maxChars ?? MAX_XML_CHARS;
  if (text.length > max) throw new HealthError('CCDA_TOO_LARGE', `document exceeds ${max} characters`);
  const bad = (msg) => new HealthError('CCDA_BAD_XML', `${msg} (at character ${i})`);
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let i = 0;
  /** @type {XmlElement[]} */
  const stack = [];
  /** @type {XmlElement | undefined} */
  let root;
  let count = 0;
  const rootScope = Object.freeze(Object.assign(Object.create(null), { xml: XML_NS }));
  const need = (str, from) => {
    const k = s.indexOf(str, from);
    if (k < 0) throw bad(`unterminated markup, ${JSON.stringify(str)} expected`);
    return k;
  };
  while (i < s.length) {
    const lt = s.indexOf('<', i);
    const end = lt < 0 ? s.length : lt;
    if (end > i) {
      const raw = s.slice(i, end);
      const top = stack[stack.length - 1];
      if (top) {
        const t = decodeText(raw, 'text');
        top.text += t;
        top.parts.push(t);
      } else if (/\S/.test(raw)) throw bad('text outside the root element');
      i = end;
      continue;
    }
    if (s.startsWith('<!--', i)) {
      i = need('-->', i + 4) + 3;
    } else if (s.startsWith('<![CDATA[', i)) {
      const top = stack[stack.length - 1];
      if (!top) throw bad('CDATA outside the root element');
      const k = need(']]>', i + 9);
      const t = s.slice(i + 9, k);
      top.text += t;
      top.parts.push(t);
      i = k + 3;
    } else if (s.startsWith('<?', i)) {
      i = need('?>', i + 2) + 2;
    } else if (s.startsWith('<!DOCTYPE', i)) {
      const k = need('>', i);
      if (s.slice(i, k).includes('[')) throw bad('DOCTYPE with an internal subset is not accepted');
      if (root || stack.length) throw bad('misplaced DOCTYPE');
      i = k + 1;
    } else if (s.startsWith('</', i)) {
      NAME.lastIndex = i + 2;
      const m = NAME.exec(s);
      const top = stack.pop();
      if (!m || !top || m[0] !== top.name) throw bad(`unexpected closing tag`);
      i = NAME.lastIndex;
      const k = need('>', i);
      if (/\S/.test(s.slice(i, k))) throw bad('bad closing tag');
      i = k + 1;
    } else {
      NAME.lastIndex = i + 1;
      const m = NAME.exec(s);
      if (!m) throw bad('bad element name');
      i = NAME.lastIndex;
      /** @type {Record<string, string>} */
      const attrs = Object.create(null);
      for (;;) {
        ATTR.lastIndex = i;
        const a = ATTR.exec(s);
        if (!a) break;
        if (Object.hasOwn(attrs, a[1])) throw bad(`attribute ${a[1]} repeated`);
        attrs[a[1]] = decodeText(a[2] ?? a[3], 'an attribute');
        i = ATTR.lastIndex;
      }
      TAG_END.lastIndex = i;
      const e = TAG_END.exec(s);
      if (!e) throw bad('bad start tag');
      i = TAG_END.lastIndex;
      if (++count > MAX_XML_ELEMENTS) throw new HealthError('CCDA_TOO_LARGE', `more than ${MAX_XML_ELEMENTS} elements`);
      const parent = stack[stack.length - 1];
      if (!parent && root) throw bad('more than one root element');
      let scope = parent ? parent.scope : rootScope;
      for (const k of Object.keys(attrs)) {
        if (k === 'xmlns' || k.startsWith('xmlns:')) {
          if (scope === (parent ? parent.scope : rootScope)) scope = Object.create(scope);
          scope[k === 'xmlns' ? '' : k.slice(6)] = attrs[k];
        }
      }
      const name = m[0];
      const c = name.indexOf(':');
      const prefix = c < 0 ? '' : name.slice(0, c);
      if (prefix && !(prefix in scope)) throw bad(`undeclared namespace prefix ${prefix}`);
      /** @type {XmlElement} */
      const el = {
        name,
        local: c < 0 ? name : name.slice(c + 1),
        ns: scope[prefix] || undefined,
        attrs,
        children: [],
        text: '',
        parts: [],
        scope,
      };
      if (parent) {
        parent.children.push(el);
        parent.parts.push(el);
      } else root = el;
      if (!e[1]) {
        if (stack.length >= MAX_XML_DEPTH)
          throw new HealthError('CCDA_TOO_DEEP', `elements nest deeper than ${MAX_XML_DEPTH}`);
        stack.push(el);
      }
    }
  }
  if (stack.length) throw bad(`element ${stack[stack.length - 1].name} is not closed`);
  if (!root) throw new HealthError('CCDA_BAD_XML', 'no root element');
  return root;
}

// ---- tree helpers (CDA elements are in the urn:hl7-org:v3 namespace) ----

/** @param {XmlElement | undefined} el @param {string} local */
const kids = (el, local) => (el ? el.children.filter((c) => c.local === local && c.ns === V3) : []);
/** @param {XmlElement | undefined} el @param {...string} path */
const first = (el, ...path) => {
  let cur = el;
  for (const p of path) cur = kids(cur, p)[0];
  return cur;
};
/** @param {XmlElement | undefined} el @param {string} name */
const attr = (el, name) => (el && Object.hasOwn(el.attrs, name) ? el.attrs[name] : undefined);
/** xsi:type without its prefix. */
const xsiType = (el) => {
  if (!el) return undefined;
  for (const [k, v] of Object.entries(el.attrs)) {
    const c = k.indexOf(':');
    if (c > 0 && k.slice(c + 1) === 'type' && el.scope[k.slice(0, c)] === XSI) return v.slice(v.indexOf(':') + 1);
  }
  return undefined;
};
const templates = (el) => kids(el, 'templateId').map((t) => attr(t, 'root') ?? '');
const hasTemplate = (el, ...roots) => templates(el).some((r) => roots.includes(r));
const nullish = (el) => !el || attr(el, 'nullFlavor') !== undefined;
/** Text content, white space collapsed (iterative; at most `limit` characters and 100,000 nodes). */
function textOf(el, limit = 10_000) {
  if (!el) return '';
  let out = '';
  let budget = 100_000;
  const todo = [el];
  while (todo.length && out.length < limit && budget-- > 0) {
    const n = /** @type {any} */ (todo.pop());
    if (typeof n === 'string') out += n;
    else for (let k = n.parts.length - 1; k >= 0; k--) todo.push(n.parts[k]);
  }
  return out.replace(/\s+/g, ' ').trim().slice(0, limit);
}

const TA = '2.16.840.1.113883.10.20.22.2.';
const TE = '2.16.840.1.113883.10.20.22.4.';
const SECTIONS = [
  { kind: 'allergies', templates: [`${TA}6`, `${TA}6.1`], loinc: '48765-2' },
  { kind: 'medications', templates: [`${TA}1`, `${TA}1.1`], loinc: '10160-0' },
  { kind: 'problems', templates: [`${TA}5`, `${TA}5.1`], loinc: '11450-4' },
  { kind: 'immunizations', templates: [`${TA}2`, `${TA}2.1`], loinc: '11369-6' },
  { kind: 'results', templates: [`${TA}3`, `${TA}3.1`], loinc: '30954-2' },
  { kind: 'vitalSigns', templates: [`${TA}4`, `${TA}4.1`], loinc: '8716-3' },
  { kind: 'procedures', templates: [`${TA}7`, `${TA}7.1`], loinc: '47519-4' },
];

/** OIDs of the common code systems -> FHIR system URIs (others become urn:oid:). */
export const CODE_SYSTEMS = Object.freeze({
  '2.16.840.1.113883.6.96': 'http://snomed.info/sct',
  '2.16.840.1.113883.6.1': 'http://loinc.org',
  '2.16.840.1.113883.6.88': 'http://www.nlm.nih.gov/research/umls/rxnorm',
  '2.16.840.1.113883.12.292': 'http://hl7.org/fhir/sid/cvx',
  '2.16.840.1.113883.6.90': 'http://hl7.org/fhir/sid/icd-10-cm',
  '2.16.840.1.113883.6.103': 'http://hl7.org/fhir/sid/icd-9-cm',
  '2.16.840.1.113883.6.12': 'http://www.ama-assn.org/go/cpt',
  '2.16.840.1.113883.6.285': 'urn:oid:2.16.840.1.113883.6.285',
  '2.16.840.1.113883.6.69': 'http://hl7.org/fhir/sid/ndc',
  '2.16.840.1.113883.4.9': 'http://fdasis.nlm.nih.gov',
  '2.16.840.1.113883.3.26.1.1': 'http://ncimeta.nci.nih.gov',
  '2.16.840.1.113883.6.8': 'http://unitsofmeasure.org',
  '2.16.840.1.113883.5.4': 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  '2.16.840.1.113883.5.83': 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation',
  '2.16.840.1.113883.5.1063': 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue',
});
const OID = /^[0-2](\.(0|[1-9][0-9]*))+$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const systemOf = (oid) =>
  oid === undefined
    ? undefined
    : Object.hasOwn(CODE_SYSTEMS, oid)
      ? CODE_SYSTEMS[oid]
      : OID.test(oid)
        ? `urn:oid:${oid}`
        : undefined;
const clean = (v) => (typeof v === 'string' ? v.replace(/\s+/g, ' ').trim() : '');

/** Converts one document tree; the narrative (`ID` attributes) is indexed for originalText. */
class Converter {
  constructor(root) {
    this.root = root;
    /** @type {Map<string, XmlElement>} */
    this.ids = new Map();
    /** @type {Map<string, string>} */
    this.texts = new Map();
    this.notes = [];
    /** @type {string[]} titles of the sections not converted */
    this.skippedSections = [];
    this.entries = [];
    this.n = 0;
    const todo = [root];
    while (todo.length) {
      const e = /** @type {XmlElement} */ (todo.pop());
      const id = attr(e, 'ID');
      if (id !== undefined && !this.ids.has(id)) this.ids.set(id, e);
      for (const c of e.children) todo.push(c);
    }
    this.patientUrl = this.url();
  }

  url() {
    const k = (this.n++).toString(16).padStart(12, '0');
    return `urn:uuid:0c0da000-0000-4000-8000-${k}`;
  }

  add(resource) {
    if (this.entries.length >= MAX_RESOURCES)
      throw new HealthError('CCDA_TOO_LARGE', `more than ${MAX_RESOURCES} resources`);
    const fullUrl = this.url();
    this.entries.push({ fullUrl, resource });
    return fullUrl;
  }

  patient() {
    return { reference: this.patientUrl };
  }

  /** The text of the narrative element with ID `ref` (`#id`), once per id. */
  narrative(ref) {
    if (!ref || !ref.startsWith('#')) return '';
    const id = ref.slice(1);
    if (!this.texts.has(id)) this.texts.set(id, textOf(this.ids.get(id)));
    return /** @type {string} */ (this.texts.get(id));
  }

  /** originalText, or the narrative it references. */
  originalText(el) {
    const ot = first(el, 'originalText');
    if (!ot) return '';
    return this.narrative(attr(first(ot, 'reference'), 'value')) || textOf(ot);
  }

  coding(el) {
    if (!el) return undefined;
    const code = clean(attr(el, 'code'));
    const system = systemOf(attr(el, 'codeSystem'));
    if (!code || !system || nullish(el)) return undefined;
    const c = { system, code };
    const d = clean(attr(el, 'displayName'));
    if (d) c.display = d;
    return c;
  }

  /** CodeableConcept from a CD / CE element (its translations too), or undefined. */
  cc(el) {
    if (!el) return undefined;
    const coding = [this.coding(el), ...kids(el, 'translation').map((t) => this.coding(t))].filter(Boolean);
    const text = this.originalText(el) || (coding.length ? '' : clean(attr(el, 'displayName')));
    if (!coding.length && !text) return undefined;
    /** @type {any} */
    const out = {};
    if (coding.length) out.coding = coding;
    if (text) out.text = text;
    return out;
  }

  /** The narrative an entry's `text` references (or its own text). */
  entryText(el) {
    const t = first(el, 'text');
    if (!t) return '';
    return this.narrative(attr(first(t, 'reference'), 'value')) || textOf(t);
  }

  identifiers(el) {
    const out = [];
    for (const id of kids(el, 'id')) {
      if (nullish(id)) continue;
      const root = clean(attr(id, 'root'));
      const ext = clean(attr(id, 'extension'));
      const uri = UUID.test(root) ? `urn:uuid:${root.toLowerCase()}` : OID.test(root) ? `urn:oid:${root}` : undefined;
      if (!uri) continue; // roots must be OIDs or UUIDs (CDA II); others are left out
      out.push(ext ? { system: uri, value: ext } : { system: 'urn:ietf:rfc:3986', value: uri });
    }
    return out;
  }

  /** { start, end } of an IVL_TS / TS element (value = start). */
  period(el) {
    if (!el || nullish(el)) return {};
    const v = dateTime(attr(el, 'value'));
    if (v) return { start: v };
    const c = dateTime(attr(first(el, 'center'), 'value'));
    if (c) return { start: c };
    const start = dateTime(attr(first(el, 'low'), 'value'));
    const end = dateTime(attr(first(el, 'high'), 'value'));
    return { ...(start && { start }), ...(end && { end }) };
  }

  /** The first effectiveTime that is not a frequency (PIVL_TS / EIVL_TS). */
  effective(el) {
    const t = kids(el, 'effectiveTime').find((e) => !/^(PIVL_TS|EIVL_TS|SXPR_TS)$/.test(xsiType(e) ?? ''));
    return this.period(t);
  }

  quantity(el) {
    if (!el || nullish(el)) return undefined;
    const value = decimal(attr(el, 'value'));
    if (value === undefined) return undefined;
    const unit = clean(attr(el, 'unit'));
    /** @type {any} */
    const q = { value };
    if (unit && unit !== '1') Object.assign(q, { unit, system: 'http://unitsofmeasure.org', code: unit });
    return q;
  }

  /** Observation value[x] from a `value` element by its xsi:type. */
  value(el) {
    if (!el || nullish(el)) return {};
    const t = xsiType(el) ?? '';
    if (t === 'PQ' || t === 'REAL') {
      const q = this.quantity(el);
      return q ? { valueQuantity: q } : {};
    }
    if (t === 'INT') {
      const v = attr(el, 'value');
      return v !== undefined && /^-?\d{1,9}$/.test(v) ? { valueInteger: Number(v) } : {};
    }
    if (t === 'BL') {
      const v = attr(el, 'value');
      return v === 'true' || v === 'false' ? { valueBoolean: v === 'true' } : {};
    }
    if (t === 'TS') {
      const v = dateTime(attr(el, 'value'));
      return v ? { valueDateTime: v } : {};
    }
    if (t === 'IVL_PQ') {
      const low = this.quantity(first(el, 'low'));
      const high = this.quantity(first(el, 'high'));
      return low || high ? { valueRange: { ...(low && { low }), ...(high && { high }) } } : {};
    }
    if (t === 'ST' || t === 'ED') {
      const v = textOf(el);
      return v ? { valueString: v } : {};
    }
    if (/^(CD|CE|CV|CO|CS)$/.test(t) || attr(el, 'code') !== undefined) {
      const c = this.cc(el);
      return c ? { valueCodeableConcept: c } : {};
    }
    return {};
  }

  // ---- sections ----

  convert() {
    const body = first(this.root, 'component', 'structuredBody');
    if (!body) {
      this.notes.push('the document has no structured body: nothing to convert');
      return;
    }
    const counts = {};
    const sections = [];
    const todo = kids(body, 'component')
      .map((c) => first(c, 'section'))
      .filter(Boolean);
    for (let k = 0; k < todo.length; k++) {
      const s = todo[k];
      sections.push(s);
      for (const c of kids(s, 'component')) {
        const sub = first(c, 'section');
        if (sub) todo.push(sub);
      }
    }
    for (const s of sections) {
      const code = attr(first(s, 'code'), 'code');
      const def = SECTIONS.find((d) => hasTemplate(s, ...d.templates)) ?? SECTIONS.find((d) => d.loinc === code);
      const title = clean(textOf(first(s, 'title'))) || code || 'untitled';
      if (!def) {
        this.skippedSections.push(title);
        continue;
      }
      const before = this.entries.length;
      for (const entry of kids(s, 'entry')) {
        for (const act of entry.children) {
          if (act.ns !== V3) continue;
          try {
            this[def.kind](act);
          } catch (e) {
            if (e instanceof HealthError) throw e;
            this.notes.push(`an entry of “${title}” could not be read`);
          }
        }
      }
      counts[def.kind] = (counts[def.kind] ?? 0) + this.entries.length - before;
    }
    this.counts = counts;
  }

  /** Entry act -> the observations nested in entryRelationships (concern acts). */
  nested(act, local, ...roots) {
    return kids(act, 'entryRelationship')
      .flatMap((r) => kids(r, local))
      .filter((o) => !roots.length || hasTemplate(o, ...roots));
  }

  problems(act) {
    const obs =
      act.local === 'observation' ? [act] : act.local === 'act' ? this.nested(act, 'observation', `${TE}4`) : [];
    const concernStatus = attr(first(act, 'statusCode'), 'code');
    const fallback = act.local === 'act' && !obs.length ? this.nested(act, 'observation') : [];
    for (const o of [...obs, ...fallback]) {
      const code = this.cc(first(o, 'value')) ?? (this.entryText(o) ? { text: this.entryText(o) } : undefined);
      if (!code) {
        this.notes.push('a problem without a code or text is skipped');
        continue;
      }
      const p = this.period(first(o, 'effectiveTime'));
      const statusObs = this.nested(o, 'observation', `${TE}6`)[0];
      const statusCode = attr(first(statusObs, 'value'), 'code');
      const resolved =
        p.end !== undefined || statusCode === '413322009' || statusCode === '73425007' || concernStatus === 'completed';
      const r = {
        resourceType: 'Condition',
        ...(this.identifiers(o).length && { identifier: this.identifiers(o) }),
        clinicalStatus: concept(
          'http://terminology.hl7.org/CodeSystem/condition-clinical',
          resolved ? 'resolved' : 'active',
        ),
        verificationStatus: concept(
          'http://terminology.hl7.org/CodeSystem/condition-ver-status',
          attr(o, 'negationInd') === 'true' ? 'refuted' : 'confirmed',
        ),
        category: [concept('http://terminology.hl7.org/CodeSystem/condition-category', 'problem-list-item')],
        code,
        subject: this.patient(),
        ...(p.start && { onsetDateTime: p.start }),
        ...(p.end && { abatementDateTime: p.end }),
      };
      this.add(r);
    }
  }

  allergies(act) {
    const obs =
      act.local === 'observation' ? [act] : act.local === 'act' ? this.nested(act, 'observation', `${TE}7`) : [];
    const concernStatus = attr(first(act, 'statusCode'), 'code');
    for (const o of obs) {
      const negated = attr(o, 'negationInd') === 'true';
      const entity = first(o, 'participant', 'participantRole', 'playingEntity');
      let code = this.cc(first(entity, 'code'));
      if (!code && clean(textOf(first(entity, 'name')))) code = { text: clean(textOf(first(entity, 'name'))) };
      const type = attr(first(o, 'value'), 'code');
      // "No known allergies": negated with no substance, or with a generic one (SNOMED "Substance",
      // "Drug or medicament", "Food"), as the C-CDA examples write it.
      const generic = code?.coding?.find((c) => c.system === 'http://snomed.info/sct' && lookup(NONE_KNOWN, c.code));
      const noneKnown = negated && (!code || generic !== undefined);
      if (noneKnown) {
        const [nk, display] = lookup(NONE_KNOWN, generic?.code ?? '105590001');
        code = { coding: [{ system: 'http://snomed.info/sct', code: nk, display }], text: display };
      }
      const refuted = negated && !noneKnown;
      if (!code) {
        this.notes.push('an allergy without a substance is skipped');
        continue;
      }
      const statusObs = this.nested(o, 'observation', `${TE}28`)[0];
      const st = attr(first(statusObs, 'value'), 'code');
      const p = this.period(first(o, 'effectiveTime'));
      const clinical =
        st === '73425007'
          ? 'inactive'
          : st === '413322009' || p.end || concernStatus === 'completed'
            ? 'resolved'
            : 'active';
      const category = FOOD.has(type)
        ? 'food'
        : DRUG.has(type)
          ? 'medication'
          : ENV.has(type)
            ? 'environment'
            : undefined;
      const crit = attr(first(this.nested(o, 'observation', `${TE}145`)[0], 'value'), 'code');
      const reaction = this.nested(o, 'observation', `${TE}9`)
        .map((ro) => {
          const m = this.cc(first(ro, 'value'));
          if (!m) return undefined;
          const sevObs = this.nested(ro, 'observation', `${TE}8`)[0];
          const sev = lookup(SEVERITY, attr(first(sevObs, 'value'), 'code'));
          return { manifestation: [m], ...(sev && { severity: sev }) };
        })
        .filter(Boolean);
      const r = {
        resourceType: 'AllergyIntolerance',
        ...(this.identifiers(o).length && { identifier: this.identifiers(o) }),
        // ait-1: a clinical status whenever the verification status is not entered-in-error.
        clinicalStatus: concept('http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', clinical),
        verificationStatus: concept(
          'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification',
          refuted ? 'refuted' : 'confirmed',
        ),
        ...(category && {
          type: /intolerance/i.test(attr(first(o, 'value'), 'displayName') ?? '') ? 'intolerance' : 'allergy',
        }),
        ...(category && { category: [category] }),
        ...(lookup(CRITICALITY, crit) && { criticality: lookup(CRITICALITY, crit) }),
        code,
        patient: this.patient(),
        ...(p.start && { onsetDateTime: p.start }),
        ...(reaction.length && { reaction }),
      };
      this.add(r);
    }
  }

  medications(sa) {
    if (sa.local !== 'substanceAdministration') return;
    const material = first(sa, 'consumable', 'manufacturedProduct', 'manufacturedMaterial');
    const med =
      this.cc(first(material, 'code')) ??
      (clean(textOf(first(material, 'name'))) ? { text: clean(textOf(first(material, 'name'))) } : undefined);
    if (!med) {
      this.notes.push('a medication without a drug code or name is skipped');
      return;
    }
    const sc = attr(first(sa, 'statusCode'), 'code') ?? '';
    const status = attr(sa, 'negationInd') === 'true' ? 'not-taken' : (lookup(MED_STATUS, sc) ?? 'unknown');
    const p = this.effective(sa);
    /** @type {any} */
    const dosage = {};
    const text = this.entryText(sa);
    if (text) dosage.text = text;
    const freq = kids(sa, 'effectiveTime').find((e) => xsiType(e) === 'PIVL_TS');
    const per = first(freq, 'period');
    const pv = decimal(attr(per, 'value'));
    const pu = attr(per, 'unit');
    if (pv !== undefined && pv > 0 && pu && lookup(TIME_UNITS, pu))
      dosage.timing = { repeat: { frequency: 1, period: pv, periodUnit: lookup(TIME_UNITS, pu) } };
    const route = this.cc(first(sa, 'routeCode'));
    if (route) dosage.route = route;
    const dose = this.quantity(first(sa, 'doseQuantity'));
    if (dose) {
      const form = this.cc(first(sa, 'administrationUnitCode'));
      if (!dose.unit && form?.coding?.[0]?.display) dose.unit = form.coding[0].display;
      dosage.doseAndRate = [{ doseQuantity: dose }];
    }
    const reason = this.nested(sa, 'observation', `${TE}19`)
      .map((o) => this.cc(first(o, 'value')))
      .filter(Boolean);
    const r = {
      resourceType: 'MedicationStatement',
      ...(this.identifiers(sa).length && { identifier: this.identifiers(sa) }),
      status,
      medicationCodeableConcept: med,
      subject: this.patient(),
      ...((p.start || p.end) && { effectivePeriod: p }),
      ...(reason.length && { reasonCode: reason }),
      ...(Object.keys(dosage).length && { dosage: [dosage] }),
    };
    this.add(r);
  }

  immunizations(sa) {
    if (sa.local !== 'substanceAdministration') return;
    const material = first(sa, 'consumable', 'manufacturedProduct', 'manufacturedMaterial');
    const vaccine = this.cc(first(material, 'code'));
    if (!vaccine) {
      this.notes.push('an immunization without a vaccine code is skipped');
      return;
    }
    const negated = attr(sa, 'negationInd') === 'true';
    const sc = attr(first(sa, 'statusCode'), 'code');
    const p = this.effective(sa);
    const lot = clean(textOf(first(material, 'lotNumberText')));
    const route = this.cc(first(sa, 'routeCode'));
    const dose = this.quantity(first(sa, 'doseQuantity'));
    const reason = this.nested(sa, 'observation', `${TE}53`)
      .map((o) => this.cc(first(o, 'code')))
      .filter(Boolean)[0];
    const r = {
      resourceType: 'Immunization',
      ...(this.identifiers(sa).length && { identifier: this.identifiers(sa) }),
      status: negated ? 'not-done' : sc === 'nullified' ? 'entered-in-error' : 'completed',
      ...(negated && reason && { statusReason: reason }),
      vaccineCode: vaccine,
      patient: this.patient(),
      ...(p.start && { occurrenceDateTime: p.start }),
      ...(lot && { lotNumber: lot }),
      ...(route && { route }),
      ...(dose && { doseQuantity: dose }),
    };
    this.add(r);
  }

  observation(o, category) {
    const code = this.cc(first(o, 'code'));
    if (!code) {
      this.notes.push('an observation without a code is skipped');
      return undefined;
    }
    const p = this.period(first(o, 'effectiveTime'));
    const interpretation = kids(o, 'interpretationCode')
      .map((c) => this.cc(c))
      .filter(Boolean);
    const referenceRange = kids(o, 'referenceRange')
      .map((rr) => {
        const v = first(rr, 'observationRange', 'value');
        const low = this.quantity(first(v, 'low'));
        const high = this.quantity(first(v, 'high'));
        const text = low || high ? '' : textOf(first(rr, 'observationRange', 'text')) || textOf(v);
        return low || high || text ? { ...(low && { low }), ...(high && { high }), ...(text && { text }) } : undefined;
      })
      .filter(Boolean);
    const r = {
      resourceType: 'Observation',
      ...(this.identifiers(o).length && { identifier: this.identifiers(o) }),
      status: lookup(OBS_STATUS, attr(first(o, 'statusCode'), 'code') ?? '') ?? 'final',
      category: [concept('http://terminology.hl7.org/CodeSystem/observation-category', category)],
      code,
      subject: this.patient(),
      ...(p.start && { effectiveDateTime: p.start }),
      ...this.value(first(o, 'value')),
      ...(interpretation.length && { interpretation }),
      ...(referenceRange.length && { referenceRange }),
    };
    return this.add(r);
  }

  results(el) {
    if (el.local === 'observation') {
      this.observation(el, 'laboratory');
      return;
    }
    if (el.local !== 'organizer') return;
    const urls = kids(el, 'component')
      .flatMap((c) => kids(c, 'observation'))
      .map((o) => this.observation(o, 'laboratory'))
      .filter(Boolean);
    const code = this.cc(first(el, 'code'));
    if (!code || !urls.length) return;
    const p = this.period(first(el, 'effectiveTime'));
    this.add({
      resourceType: 'DiagnosticReport',
      ...(this.identifiers(el).length && { identifier: this.identifiers(el) }),
      status: lookup(REPORT_STATUS, attr(first(el, 'statusCode'), 'code') ?? '') ?? 'final',
      category: [concept('http://terminology.hl7.org/CodeSystem/v2-0074', 'LAB')],
      code,
      subject: this.patient(),
      ...(p.start && { effectiveDateTime: p.start }),
      result: urls.map((reference) => ({ reference })),
    });
  }

  vitalSigns(el) {
    if (el.local === 'observation') this.observation(el, 'vital-signs');
    else if (el.local === 'organizer')
      for (const o of kids(el, 'component').flatMap((c) => kids(c, 'observation'))) this.observation(o, 'vital-signs');
  }

  procedures(el) {
    if (!['procedure', 'act', 'observation'].includes(el.local)) return;
    const code = this.cc(first(el, 'code'));
    if (!code) {
      this.notes.push('a procedure without a code is skipped');
      return;
    }
    const p = this.period(first(el, 'effectiveTime'));
    const sc = attr(first(el, 'statusCode'), 'code') ?? '';
    const site = kids(el, 'targetSiteCode')
      .map((c) => this.cc(c))
      .filter(Boolean);
    this.add({
      resourceType: 'Procedure',
      ...(this.identifiers(el).length && { identifier: this.identifiers(el) }),
      status: attr(el, 'negationInd') === 'true' ? 'not-done' : (lookup(PROC_STATUS, sc) ?? 'unknown'),
      code,
      subject: this.patient(),
      ...(p.start && !p.end && { performedDateTime: p.start }),
      ...(p.end && { performedPeriod: p }),
      ...(site.length && { bodySite: site }),
    });
  }
}

const concept = (system, code) => ({ coding: [{ system, code }] });
/** table[key] for own keys only (keys come from the document). */
const lookup = (table, key) => (typeof key === 'string' && Object.hasOwn(table, key) ? table[key] : undefined);
const FOOD = new Set(['414285001', '235719002', '418471000']);
const DRUG = new Set(['416098002', '59037007', '419511003']);
const ENV = new Set(['426232007']);
const SEVERITY = {
  255604002: 'mild',
  6736007: 'moderate',
  24484000: 'severe',
  371924009: 'severe',
  371923003: 'moderate',
};
/** Generic substances (SNOMED) -> the "no known ..." allergy code and its display. */
const NONE_KNOWN = {
  105590001: ['716186003', 'No known allergy'],
  410942007: ['409137002', 'No known drug allergy'],
  255620007: ['429625007', 'No known food allergy'],
};
const CRITICALITY = { CRITL: 'low', CRITH: 'high', CRITU: 'unable-to-assess' };
const MED_STATUS = {
  active: 'active',
  completed: 'completed',
  aborted: 'stopped',
  suspended: 'on-hold',
  held: 'on-hold',
  new: 'intended',
  cancelled: 'not-taken',
  nullified: 'entered-in-error',
};
const OBS_STATUS = {
  completed: 'final',
  active: 'preliminary',
  aborted: 'cancelled',
  cancelled: 'cancelled',
  nullified: 'entered-in-error',
};
const REPORT_STATUS = {
  completed: 'final',
  active: 'partial',
  aborted: 'cancelled',
  cancelled: 'cancelled',
  nullified: 'entered-in-error',
};
const PROC_STATUS = {
  completed: 'completed',
  active: 'in-progress',
  aborted: 'stopped',
  cancelled: 'not-done',
  new: 'preparation',
  held: 'on-hold',
  suspended: 'on-hold',
  nullified: 'entered-in-error',
};
const TIME_UNITS = { s: 's', min: 'min', h: 'h', d: 'd', wk: 'wk', mo: 'mo', a: 'a' };

/** Each distinct string with how often it occurs, in first-seen order. */
const tally = (xs) => xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map());

/** A finite decimal from an XML attribute, or undefined. */
function decimal(v) {
  if (typeof v !== 'string' || !/^\s*[+-]?(\d{1,30}(\.\d{0,30})?|\.\d{1,30})\s*$/.test(v)) return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * HL7 v3 TS (YYYY[MM[DD[HH[MM[SS[.S+]]]]]][+/-ZZZZ]) -> FHIR dateTime, or undefined. A time
 * without a zone is cut to the date (FHIR needs a zone with a time).
 * @param {string | undefined} v
 */
export function dateTime(v) {
  if (typeof v !== 'string') return undefined;
  const m = /^(\d{4})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:\.(\d{1,9}))?)?)?)?)?)?([+-]\d{4})?$/.exec(
    v.trim(),
  );
  if (!m) return undefined;
  const [, y, mo, d, hh, mi, ss, frac, tz] = m;
  if (y === '0000' || (mo && !(mo >= '01' && mo <= '12'))) return undefined;
  if (d) {
    const days = new Date(Date.UTC(Number(y), Number(mo), 0)).getUTCDate();
    if (!(Number(d) >= 1 && Number(d) <= days)) return undefined;
  }
  let out = y + (mo ? `-${mo}` : '') + (d ? `-${d}` : '');
  if (!d || !hh || !tz) return out;
  if (Number(hh) > 23 || (mi && Number(mi) > 59) || (ss && Number(ss) > 59)) return out;
  const zh = Number(tz.slice(1, 3));
  const zm = Number(tz.slice(3));
  if (zh > 14 || zm > 59) return out;
  out += `T${hh}:${mi ?? '00'}:${ss ?? '00'}${frac ? `.${frac}` : ''}`;
  return out + (tz === '+0000' ? 'Z' : `${tz.slice(0, 3)}:${tz.slice(3)}`);
}

/**
 * Converts a C-CDA document (XML text or a tree from parseXml) into a FHIR R4 `collection` Bundle.
 * @param {string | XmlElement} input
 * @param {{ maxChars?: number }} [opts]
 * @returns {{ bundle: any, notes: string[], skippedSections: string[], counts: Record<string, number>,
 *   title: string, documentDate: string | undefined }}
 *   counts: resources made per section kind; notes: entries that could not be converted
 */
export function ccdaToBundle(input, opts = {}) {
  const root = typeof input === 'string' ? parseXml(input, opts) : input;
  if (!root || typeof root !== 'object' || root.local !== 'ClinicalDocument' || root.ns !== V3)
    throw new HealthError('CCDA_NOT_CDA', 'not an HL7 CDA document (no ClinicalDocument in urn:hl7-org:v3)');
  let c;
  try {
    c = new Converter(root);
    c.convert();
  } catch (e) {
    if (e instanceof HealthError) throw e;
    throw new HealthError(
      'CCDA_BAD_DOCUMENT',
      `the document could not be read: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  const documentDate = dateTime(attr(first(root, 'effectiveTime'), 'value'));
  const bundle = {
    resourceType: 'Bundle',
    type: 'collection',
    ...(documentDate?.includes('T') && { timestamp: documentDate }),
    entry: [{ fullUrl: c.patientUrl, resource: { resourceType: 'Patient' } }, ...c.entries],
  };
  return {
    bundle,
    notes: [...tally(c.notes)].map(([n, k]) => (k > 1 ? `${n} (${k} times)` : n)),
    skippedSections: c.skippedSections,
    counts: c.counts ?? {},
    title: clean(textOf(first(root, 'title'))),
    documentDate,
  };
}
