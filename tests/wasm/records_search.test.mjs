// The encrypted search index through the WASM API: a grantee holding K(scope, epoch) opens the
// index envelope and finds records by word, code, type and date range; tokens are HMAC-SHA256
// under HKDF(K, "ehr/search-index/v1") (recomputed with @noble/hashes); a revoked grantee's old
// key does not open the index of the next epoch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { init, makeRng } from './helpers.mjs';

const ehr = await init();
const r = ehr.records;
const rng = makeRng('records_search');
const dir = new URL('../data/fhir/valid/', import.meta.url);

test('index the example resources, seal, open as a grantee, query', () => {
  const root = r.importChartRoot(rng.bytes(32));
  const k = root.chartKey(0, 2);
  const idx = r.search.create(k);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  for (const f of files) idx.addResource(`cid-${f}`, readFileSync(new URL(f, dir), 'utf8'));
  idx.addTerms('cid-extra', {
    words: ['Échocardiogramme normal'],
    codes: [{ system: 'http://snomed.info/sct', code: '40701008' }],
    dates: ['2022-11-30'],
    type: 'DocumentReference',
  });
  assert.equal(idx.info.records, files.length + 1);
  const env = idx.seal(k);
  idx.dispose();
  assert.throws(
    () => idx.query({ words: ['x'] }),
    (e) => e.code === 'ERR_BAD_HANDLE',
  );
  // A grantee receives K(0, 2) in a grant and opens the index.
  const doctor = r.generateX25519();
  const [granted] = r.grants.open(r.grants.create(root, doctor.publicKey, 1, new Array(32).fill(2)), doctor);
  const g = r.search.open(env, granted);
  assert.deepEqual({ ...g.info }, { records: files.length + 1, tokens: g.info.tokens, scope: 0, epoch: 2 });
  assert.deepEqual(g.query({ words: ['hemoglobin'] }), ['cid-observation-hemoglobin.json']);
  assert.deepEqual(g.query({ codes: [{ system: 'http://loinc.org', code: '8480-6' }] }), [
    'cid-observation-blood-pressure.json',
  ]);
  assert.deepEqual(g.query({ words: ['echocardiogramme'], from: '2022', to: '2022-12' }), ['cid-extra']);
  assert.deepEqual(g.query({ type: 'Appointment' }).sort(), ['cid-appointment-proposed.json', 'cid-appointment.json']);
  assert.deepEqual(g.query({ from: '2024-04', to: '2024-04' }), ['cid-appointment.json']);
  assert.ok(g.query({ from: '2024-03', to: '2024-03' }).includes('cid-diagnostic-report.json'));
  assert.deepEqual(g.query({ words: ['metformin'] }).sort(), ['cid-condition.json', 'cid-medication-statement.json']);
  assert.throws(
    () => g.query({ from: 'yesterday' }),
    (e) => e.code === 'ERR_BAD_ARGUMENT',
  );
  assert.throws(
    () => g.query({ words: 'hemoglobin' }),
    (e) => e.code === 'ERR_BAD_JSON',
  );
  // The next epoch's index does not open with the old key.
  const k3 = root.chartKey(0, 3);
  const next = r.search.create(k3);
  next.addTerms('cid-new', { words: ['new'] });
  assert.throws(
    () => r.search.open(next.seal(k3), granted),
    (e) => e.code === 'ERR_NO_RECIPIENT',
  );
  r.clearKeys();
});

test('tokens are HMAC-SHA256 under HKDF(K, "ehr/search-index/v1"), truncated to 16 bytes', () => {
  const raw = rng.bytes(32);
  const k = r.importChartKey(raw, 5, 1);
  const idx = r.search.create(k);
  idx.addTerms('rec-a', {
    words: ['Asthma'],
    codes: [{ system: 'http://snomed.info/sct', code: '195967001' }],
    dates: ['2023-05-02'],
  });
  // Decrypt the index envelope with the chart key and look for the expected tokens.
  const plain = r.decrypt(idx.seal(k), { chartKeys: [k] });
  const ikey = hkdf(sha256, raw, new TextEncoder().encode('ehr/search-index/v1'), new Uint8Array(0), 32);
  const has = (term) => {
    const t = hmac(sha256, ikey, new TextEncoder().encode(term)).subarray(0, 16);
    for (let i = 0; i + 16 <= plain.length; i++) if (t.every((b, j) => plain[i + j] === b)) return true;
    return false;
  };
  for (const term of ['w:asthma', 'c:http://snomed.info/sct|195967001', 'y:2023', 'm:2023-05'])
    assert.ok(has(term), term);
  assert.equal(has('w:Asthma'), false);
  assert.equal(new TextDecoder().decode(plain).includes('asthma'), false);
  r.clearKeys();
});
