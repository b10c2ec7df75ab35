// Unit tests of the page's protocol rules that run without a browser: scope masks and names,
// chart search criteria and matching, and the access rules the Access, clinician and admin
// screens call (group key changes, held chart keys, signed-code calls).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SCOPES, ALL_SCOPES, RELATIVE_SCOPES, scopeLabel, scopeList, scopeMask } from '../../web/src/records/scopes.js';
import { fold, parseSearch, recordMeta, searchHits } from '../../web/src/records/search-terms.js';
import { isZeroKey, sealedToOlderKey, heldChartKeyFor, signedCodeCall } from '../../web/src/records/access-rules.js';

test('scopes: names, lists and masks', () => {
  assert.equal(SCOPES.length, 16);
  assert.equal(scopeLabel(5), 'Family history');
  assert.equal(scopeLabel(31), 'Category 31');
  assert.deepEqual(scopeList(0b101), ['Lab results', 'Prescriptions']);
  assert.deepEqual(scopeList(0), []);
  assert.equal(scopeList(ALL_SCOPES).length, 16);
  assert.equal(
    scopeMask(() => false),
    0,
  );
  assert.equal(
    scopeMask((s) => s === 0 || s === 15),
    0x8001,
  );
  assert.equal(
    scopeMask(() => true),
    0xffff,
  );
  assert.equal(
    scopeMask((s) => s === 5),
    RELATIVE_SCOPES,
  );
  assert.deepEqual(scopeList(RELATIVE_SCOPES), ['Family history']);
});

test('search: criteria are dates and folded words', () => {
  assert.equal(fold('Ménière'), 'meniere');
  assert.deepEqual(parseSearch('  '), []);
  assert.deepEqual(parseSearch('Ménière 2026-11 HbA1c/glucose 2025 2026-11-03'), [
    { word: 'meniere' },
    { date: '2026-11' },
    { word: 'hba1c' },
    { word: 'glucose' },
    { date: '2025' },
    { date: '2026-11-03' },
  ]);
  // Not a date: matched as words.
  assert.deepEqual(parseSearch('2026-1'), [{ word: '2026' }, { word: '1' }]);
});

test('search: a record matches when every criterion does, in the index or in what the timeline shows', () => {
  const at = (iso) => Date.parse(`${iso}T12:00:00Z`) / 1000;
  const records = [
    { id: 1, scope: 0, createdAt: at('2026-11-02') },
    { id: 2, scope: 7, createdAt: at('2025-03-09') },
    { id: 3, scope: 3, createdAt: at('2026-11-20') },
  ];
  const metas = new Map(records.map((r) => [r.id, recordMeta(r)]));
  assert.deepEqual(metas.get(2), { words: ['allergies', 'record', '2'], added: '2025-03-09' });
  const ids = records.map((r) => r.id);
  const hits = (text, index = null) => [...searchHits(parseSearch(text), ids, metas, index)].sort();
  assert.deepEqual(hits('2026-11'), [1, 3]);
  assert.deepEqual(hits('lab 2026'), [1]);
  assert.deepEqual(hits('allergies 2026'), []);
  assert.deepEqual(hits('record'), [1, 2, 3]);
  // The index answers for what the records say (ids as text); one-letter words only match metas.
  const asked = [];
  const index = {
    query(q) {
      asked.push(q);
      if (q.words?.[0] === 'penicillin') return ['2'];
      if (q.from === '2024-05') return ['3'];
      return [];
    },
  };
  assert.deepEqual(hits('penicillin', index), [2]);
  assert.deepEqual(hits('2024-05 clinical', index), [3]);
  assert.deepEqual(hits('x', index), []);
  assert.deepEqual(asked, [{ words: ['penicillin'] }, { from: '2024-05', to: '2024-05' }, { words: ['clinical'] }]);
});

test('access rules: zero keys; keys sealed to a replaced group key', () => {
  assert.equal(isZeroKey(`0x${'0'.repeat(64)}`), true);
  assert.equal(isZeroKey(`0x${'0'.repeat(63)}1`), false);
  assert.equal(isZeroKey('0x'), false);
  // Keys sealed to the version in force are current; a rotation after them makes them stale;
  // withheld keys (standing 0) were sealed to nothing.
  assert.equal(sealedToOlderKey(3, 3), false);
  assert.equal(sealedToOlderKey(2, 3), true);
  assert.equal(sealedToOlderKey(0, 3), false);
});

test('access rules: a reader writes with a chart key it holds, else the record is sealed to the readers', () => {
  const held = [
    { scope: 3, epoch: 1 },
    { scope: 3, epoch: 2 },
  ];
  const chartKeyFor = heldChartKeyFor(() => held);
  assert.equal(chartKeyFor(3, 2).key, held[1]);
  assert.throws(
    () => chartKeyFor(3, 3),
    (e) => e.code === 'ERR_NO_RECIPIENT' && /Clinical notes/.test(e.message),
  );
  assert.throws(() => heldChartKeyFor(() => [])(0, 0), { code: 'ERR_NO_RECIPIENT' });
});

test('access rules: a signed code becomes the hub call its signer asked for', () => {
  const sig = { nonce: '7', deadline: '1900000000', v: 27, r: '0x01', s: '0x02' };
  assert.deepEqual(signedCodeCall({ kind: 'registration', patient: '0xP', encryptionKey: '0xK', ...sig }), {
    fn: 'registerPatientBySig',
    args: ['0xP', '0xK', 7n, 1900000000n, 27, '0x01', '0x02'],
  });
  const consent = { kind: 'consent', patient: '0xP', grantee: '0xG', scopes: 9, expiry: 0, wrappedKeys: '0xW', ...sig };
  assert.deepEqual(signedCodeCall(consent), {
    fn: 'grantAccessBySig',
    args: ['0xP', '0xG', 9, 0, '0xW', 0, 7n, 1900000000n, 27, '0x01', '0x02'],
  });
  assert.equal(signedCodeCall({ ...consent, serial: '4' }).args[5], 4);
});
