// Records area, FHIR R4 (docs/record-format.md, FHIR): the scope ids and names, resource checks
// with the JSON path of each issue, and the encrypted search index over a chart's resources.
import { EhrError, abytes, ajsonText, rangeError, typeError } from './errors.js';
import { DISPOSE, concatBytes } from './core.js';

const utf8 = new TextEncoder();

/**
 * @param {object} ctx the records area's internals (records.js)
 */
export function makeFhir(ctx) {
  const { KIND, mod, IO, check, u32, Handle, OUT8, OUT_H, view, withBytes, handleOf } = ctx;
  // ---- FHIR R4 checks and scopes -----------------------------------------------------------------
  const scopes = {};
  for (let id = 0; id < 32; id++) {
    const name = mod.scopeName(id);
    if (name) scopes[name] = id;
  }
  const fhirText = (resource) => ajsonText(resource, 'resource', 'an object or a JSON string');
  const fhir = {
    /**
     * Checks a FHIR R4 resource (object or JSON text): { valid, resourceType, scope, issues }, every
     * issue with the JSON path of the element ("Observation.code.coding[0].system").
     */
    validate(resource) {
      const r = JSON.parse(mod.fhirValidate(fhirText(resource)));
      return Object.freeze({
        valid: r.issues.length === 0,
        resourceType: r.resourceType,
        scope: r.scope,
        issues: Object.freeze(r.issues.map((i) => Object.freeze(i))),
      });
    },
    /** Like validate(), but throws EhrError ERR_BAD_FHIR (with `path`) on the first issue. */
    check(resource) {
      const r = fhir.validate(resource);
      if (!r.valid) {
        const first = r.issues[0];
        if (first.path === '$') throw new EhrError('ERR_BAD_JSON', first.message);
        const e = new EhrError('ERR_BAD_FHIR', `${first.path}: ${first.message}`);
        e.path = first.path;
        e.issues = r.issues;
        throw e;
      }
      return Object.freeze({ resourceType: r.resourceType, scope: r.scope });
    },
  };

  // ---- encrypted search index ---------------------------------------------------------------------
  const indexes = new WeakMap(); // index object -> its Handle
  const jsonBytes = (v, name) => {
    if (v === null || typeof v !== 'object') throw typeError(`${name} must be an object`);
    return utf8.encode(JSON.stringify(v));
  };
  const makeIndex = (h) => {
    const owner = new Handle(h);
    const live = () => {
      if (owner.disposed) throw new EhrError('ERR_BAD_HANDLE', 'the search index has been disposed');
      return owner.handle();
    };
    const idx = {
      /** Adds a FHIR resource (object or JSON text) under `recordId` (e.g. its envelope's CID). */
      addResource(recordId, resource) {
        const id = utf8.encode(astr(recordId, 'recordId'));
        const j = utf8.encode(fhirText(resource));
        const args = concatBytes([id, j]);
        withBytes(args, (p) => check(mod._ehr_rec_index_add(live(), p, id.length, p + id.length, j.length, 1)));
        args.fill(0);
        j.fill(0);
      },
      /** Adds explicit terms { words, codes: [{ system, code }], dates, type } under `recordId`. */
      addTerms(recordId, terms) {
        const id = utf8.encode(astr(recordId, 'recordId'));
        const j = jsonBytes(terms, 'terms');
        const args = concatBytes([id, j]);
        withBytes(args, (p) => check(mod._ehr_rec_index_add(live(), p, id.length, p + id.length, j.length, 0)));
        args.fill(0);
        j.fill(0);
      },
      /** Adds every record of another index of the same chart key. */
      merge(other) {
        const o = indexes.get(other);
        if (!o) throw typeError('other must be a search index');
        if (o.disposed) throw new EhrError('ERR_BAD_HANDLE', 'the other index has been disposed');
        check(mod._ehr_rec_index_merge(live(), o.handle()));
      },
      /** Record ids matching every criterion of { words, codes, from, to, type }. */
      query(q) {
        const j = jsonBytes(q, 'query');
        const text = withBytes(j, (p) => {
          check(mod._ehr_rec_index_query(live(), p, j.length, OUT8));
          return new TextDecoder().decode(view());
        });
        j.fill(0);
        return JSON.parse(text);
      },
      /** The index as an envelope under `chartKey` (store it beside the records). */
      seal(chartKey) {
        check(mod._ehr_rec_index_seal(live(), handleOf(chartKey, KIND.chartKey, 'chartKey'), OUT8));
        return view();
      },
      get info() {
        check(mod._ehr_rec_index_info(live(), IO + 16));
        return Object.freeze({ records: u32(IO + 16), tokens: u32(IO + 20), scope: u32(IO + 24), epoch: u32(IO + 28) });
      },
      dispose() {
        owner.dispose();
      },
      [DISPOSE]() {
        idx.dispose();
      },
    };
    indexes.set(idx, owner);
    return Object.freeze(idx);
  };
  const astr = (v, name) => {
    if (typeof v !== 'string') throw typeError(`${name} must be a string`);
    if (v.length === 0) throw rangeError(`${name} must not be empty`);
    return v;
  };
  const search = {
    /** An empty index for the records of chartKey's scope and epoch. */
    create(chartKey) {
      const h = handleOf(chartKey, KIND.chartKey, 'chartKey');
      check(mod._ehr_rec_index_new(h, chartKey.scope, chartKey.epoch, OUT_H));
      return makeIndex(u32(OUT_H));
    },
    /** Decrypts and loads an index envelope with its chart key. */
    open(envelope, chartKey) {
      abytes(envelope, 'envelope');
      const h = handleOf(chartKey, KIND.chartKey, 'chartKey');
      withBytes(envelope, (p) => check(mod._ehr_rec_index_open(p, envelope.length, h, OUT_H)));
      return makeIndex(u32(OUT_H));
    },
  };

  return { scopes, fhir, search };
}
