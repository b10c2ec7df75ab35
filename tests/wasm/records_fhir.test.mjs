// FHIR R4 checks through the WASM API: every example resource in tests/data/fhir/valid passes,
// every malformed one fails with the JSON path listed in tests/data/fhir/invalid/expected.json;
// scope ids agree with the contracts (contracts/README.md table and Consent.sol).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { init } from './helpers.mjs';

const ehr = await init();
const { fhir } = ehr.records;
const dir = (d) => new URL(`../data/fhir/${d}/`, import.meta.url);
const read = (d, f) => readFileSync(new URL(f, dir(d)), 'utf8');

test('every valid example passes (text and object input)', () => {
  const files = readdirSync(dir('valid')).filter((f) => f.endsWith('.json'));
  assert.ok(files.length >= 11);
  const types = new Set();
  for (const f of files) {
    const text = read('valid', f);
    const r = fhir.validate(text);
    assert.deepEqual(r.issues, [], f);
    assert.equal(r.valid, true);
    assert.equal(typeof r.scope, 'number');
    assert.deepEqual({ ...fhir.check(JSON.parse(text)) }, { resourceType: r.resourceType, scope: r.scope });
    types.add(r.resourceType);
  }
  assert.equal(types.size, 11);
});

test('every malformed example fails with its JSON path', () => {
  const { cases } = JSON.parse(read('invalid', 'expected.json'));
  const files = readdirSync(dir('invalid')).filter((f) => f.endsWith('.json') && f !== 'expected.json');
  assert.deepEqual(files.sort(), Object.keys(cases).sort());
  for (const f of files) {
    const r = fhir.validate(read('invalid', f));
    assert.equal(r.valid, false, f);
    assert.equal(r.issues[0].path, cases[f].path, `${f}: ${r.issues[0].message}`);
    assert.ok(r.issues[0].message.includes(cases[f].message), `${f}: ${r.issues[0].message}`);
    assert.throws(
      () => fhir.check(read('invalid', f)),
      (e) => {
        if (f === 'not-json.json') return e.code === 'ERR_BAD_JSON';
        return e.code === 'ERR_BAD_FHIR' && e.path === cases[f].path && e.message.startsWith(`${cases[f].path}: `);
      },
      f,
    );
  }
});

test("text with a NUL byte is not JSON, whatever precedes it (the page's JSON.parse agrees)", () => {
  const good = read(
    'valid',
    readdirSync(dir('valid')).find((f) => f.endsWith('.json')),
  ).trim();
  assert.equal(fhir.validate(good).valid, true);
  for (const text of [`${good}\0`, `${good}\0{"resourceType":"Patient"}`, `9\0${good}`]) {
    assert.throws(() => JSON.parse(text), SyntaxError);
    const r = fhir.validate(text);
    assert.equal(r.valid, false);
    assert.equal(r.issues[0].message, 'not valid JSON');
    assert.throws(
      () => fhir.check(text),
      (e) => e.code === 'ERR_BAD_JSON',
    );
  }
});

test('all issues are listed, each with its path', () => {
  const r = fhir.validate({
    resourceType: 'Observation',
    status: 'done',
    code: { coding: [{ system: 'http://loinc .org', code: '718-7' }] },
    subject: { reference: 'Practitioner/x' },
    valueQuantity: { value: '13', code: 'g/dL' },
  });
  assert.deepEqual(
    r.issues.map((i) => i.path),
    [
      'Observation.status',
      'Observation.code.coding[0].system',
      'Observation.subject.reference',
      'Observation.valueQuantity.value',
      'Observation.valueQuantity.system',
    ],
  );
  assert.throws(
    () => fhir.validate(42),
    (e) => e.code === 'ERR_BAD_TYPE',
  );
});

test('scope ids and labels agree with the contracts (README table and Consent.sol)', () => {
  const readme = readFileSync(new URL('../../contracts/README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## Scopes'), readme.indexOf('## Grants'));
  const fromReadme = new Map();
  for (const m of section.matchAll(/\|\s*(\d+)\s*\|\s*([a-z ]+?)\s*\|\s*(\d+)\s*\|\s*([a-z ]+?)\s*\|/g)) {
    fromReadme.set(Number(m[1]), m[2]);
    fromReadme.set(Number(m[3]), m[4]);
  }
  assert.equal(fromReadme.size, 16);
  const sol = readFileSync(new URL('../../contracts/src/Consent.sol', import.meta.url), 'utf8');
  const comment = sol.slice(sol.indexOf('Scope bits:'), sol.indexOf('are reserved')).replace(/\/\/\/|\n/g, ' ');
  const fromSol = new Map([...comment.matchAll(/(\d+) ([a-z ]+?)[,;]/g)].map((m) => [Number(m[1]), m[2].trim()]));
  assert.equal(fromSol.size, 16);
  for (let id = 0; id < 16; id++) {
    assert.equal(ehr.records.scopeLabel(id), fromReadme.get(id), `scope ${id} (README)`);
    assert.equal(ehr.records.scopeLabel(id), fromSol.get(id), `scope ${id} (Consent.sol)`);
    assert.equal(ehr.records.scopes[ehr.records.scopeName(id)], id);
  }
  assert.equal(ehr.records.scopeName(16), null);
  // The bit constants the contracts use in code.
  for (const [name, bit] of [...sol.matchAll(/SCOPE_([A-Z_]+) = 1 << (\d+)/g)].map((m) => [
    m[1].toLowerCase(),
    Number(m[2]),
  ])) {
    assert.equal(ehr.records.scopes[name], bit, name);
  }
});
