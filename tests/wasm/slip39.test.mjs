// SLIP-0039 through the WASM API: the published vectors the native suite reads
// (tests/vectors/slip39/vectors.json, passphrase "TREZOR"), random round trips, and the errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EhrError } from '../../wasm/js/errors.js';
import { init, loadVector, hex, makeRng } from './helpers.mjs';

const { slip39 } = await init();

// The error each invalid vector must give, by description (as tests/native/slip39_test.cpp).
const EXPECTED = [
  ['invalid checksum', 'ERR_BAD_CHECKSUM'],
  ['invalid padding', 'ERR_BAD_MNEMONIC'],
  ['greater group threshold than group counts', 'ERR_BAD_MNEMONIC'],
  ['insufficient length', 'ERR_BAD_MNEMONIC'],
  ['invalid master secret length', 'ERR_BAD_MNEMONIC'],
  ['different identifiers', 'ERR_BAD_SHARE_SET'],
  ['different iteration exponents', 'ERR_BAD_SHARE_SET'],
  ['mismatching group thresholds', 'ERR_BAD_SHARE_SET'],
  ['mismatching group counts', 'ERR_BAD_SHARE_SET'],
  ['duplicate member indices', 'ERR_BAD_SHARE_SET'],
  ['mismatching member thresholds', 'ERR_BAD_SHARE_SET'],
  ['invalid digest', 'ERR_BAD_SHARE_DIGEST'],
  ['Basic sharing 2-of-3', 'ERR_TOO_FEW_SHARES'],
  ['Insufficient number of groups', 'ERR_TOO_FEW_SHARES'],
  ['insufficient number of members', 'ERR_TOO_FEW_SHARES'],
];
const expectedCode = (description) => {
  const hits = EXPECTED.filter(([needle]) => description.includes(needle));
  assert.equal(hits.length, 1, `one expected error for: ${description}`);
  return hits[0][1];
};

test('SLIP-0039 vectors.json: 15 valid sets give the master secret, 30 invalid ones the right error', () => {
  const vectors = loadVector('slip39/vectors.json');
  let valid = 0;
  let invalid = 0;
  for (const [description, mnemonics, secret] of vectors) {
    if (secret === '') {
      invalid++;
      assert.throws(
        () => slip39.combine(mnemonics, 'TREZOR'),
        (e) => e instanceof EhrError && e.code === expectedCode(description),
        description,
      );
      continue;
    }
    valid++;
    assert.equal(hex(slip39.combine(mnemonics, 'TREZOR')), secret, description);
    assert.equal(hex(slip39.combine(mnemonics, new TextEncoder().encode('TREZOR'))), secret, description);
    for (const m of mnemonics) assert.equal(slip39.validate(m), true, description);
  }
  assert.equal(valid, 15);
  assert.equal(invalid, 30);
});

test('decode: the public fields of a share', () => {
  const vectors = loadVector('slip39/vectors.json');
  const [, mnemonics] = vectors.find(([d]) => d.startsWith('17. '));
  for (const m of mnemonics) {
    const info = slip39.decode(m);
    assert.equal(info.valueLength, 16);
    assert.equal(info.extendable, false);
    assert.ok(info.groupThreshold >= 1 && info.groupThreshold <= info.groupCount);
    assert.ok(info.memberThreshold >= 1 && info.memberIndex < 16 && info.groupIndex < info.groupCount);
    assert.equal(info.identifier, slip39.decode(mnemonics[0]).identifier);
  }
  assert.equal(slip39.validate('academic acid'), false);
  assert.throws(() => slip39.decode('academic acid'), { code: 'ERR_BAD_MNEMONIC' });
});

const pick = (rng, list, k) => {
  const a = list.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a.slice(0, k);
};

test('round trips: every single-group t-of-n (1 <= t <= n <= 16), t - 1 shares refused', () => {
  const rng = makeRng('slip39 wasm t-of-n');
  let schemes = 0;
  for (let n = 1; n <= 16; n++) {
    for (let t = 1; t <= n; t++) {
      const secret = rng.bytes(16 + 2 * rng.int(9));
      const options = { groups: [{ threshold: t, count: n }], passphrase: 'pass', iterationExponent: 0 };
      if (t === 1 && n > 1) {
        assert.throws(() => slip39.generate(secret, options), { code: 'ERR_BAD_ARGUMENT' }, `${t}-of-${n}`);
        continue;
      }
      schemes++;
      const [shares] = slip39.generate(secret, options);
      assert.equal(shares.length, n);
      shares.forEach((s, i) => {
        const info = slip39.decode(s);
        assert.equal(info.memberIndex, i);
        assert.equal(info.memberThreshold, t);
        assert.equal(info.valueLength, secret.length);
        assert.equal(info.extendable, true);
      });
      assert.equal(hex(slip39.combine(pick(rng, shares, t), 'pass')), hex(secret), `${t}-of-${n}`);
      if (t > 1) {
        assert.throws(() => slip39.combine(pick(rng, shares, t - 1), 'pass'), { code: 'ERR_TOO_FEW_SHARES' });
      }
    }
  }
  assert.equal(schemes, 121);
});

test('round trips: two-level schemes', () => {
  const rng = makeRng('slip39 wasm groups');
  const cases = [
    {
      groupThreshold: 2,
      groups: [
        [1, 1],
        [1, 1],
        [3, 5],
        [2, 6],
      ],
    },
    {
      groupThreshold: 3,
      groups: [
        [2, 2],
        [2, 3],
        [4, 7],
        [16, 16],
      ],
    },
    { groupThreshold: 16, groups: Array.from({ length: 16 }, () => [1, 1]) },
  ];
  for (const c of cases) {
    const groups = c.groups.map(([threshold, count]) => ({ threshold, count }));
    const secret = rng.bytes(32);
    const sets = slip39.generate(secret, {
      groups,
      groupThreshold: c.groupThreshold,
      passphrase: 'TREZOR',
      iterationExponent: 0,
      extendable: false,
    });
    assert.deepEqual(
      sets.map((s) => s.length),
      groups.map((g) => g.count),
    );
    const use = [];
    for (const g of pick(
      rng,
      groups.map((_, i) => i),
      c.groupThreshold,
    ))
      use.push(...pick(rng, sets[g], groups[g].threshold));
    assert.equal(hex(slip39.combine(use, 'TREZOR')), hex(secret));
    assert.notEqual(hex(slip39.combine(use, 'trezor')), hex(secret)); // no passphrase check, by design
    assert.throws(() => slip39.combine(use.slice(1), 'TREZOR'), { code: 'ERR_TOO_FEW_SHARES' });
  }
});

test('argument errors: types, lengths and values', () => {
  const ms = new Uint8Array(16);
  const one = { groups: [{ threshold: 1, count: 1 }], iterationExponent: 0 };
  assert.throws(() => slip39.generate('00'.repeat(16), one), TypeError);
  assert.throws(() => slip39.generate(new Uint8Array(17), one), RangeError);
  assert.throws(() => slip39.generate(new Uint8Array(34), one), RangeError);
  assert.throws(() => slip39.generate(ms), TypeError);
  assert.throws(() => slip39.generate(ms, { groups: [] }), RangeError);
  assert.throws(() => slip39.generate(ms, { groups: [{ threshold: 0, count: 1 }] }), RangeError);
  assert.throws(() => slip39.generate(ms, { groups: [{ threshold: 3, count: 2 }] }), { code: 'ERR_BAD_ARGUMENT' });
  assert.throws(() => slip39.generate(ms, { ...one, groupThreshold: 2 }), RangeError);
  assert.throws(() => slip39.generate(ms, { ...one, iterationExponent: 16 }), RangeError);
  assert.throws(() => slip39.generate(ms, { ...one, passphrase: 'café' }), { code: 'ERR_BAD_ARGUMENT' });
  assert.throws(() => slip39.generate(ms, { ...one, passphrase: 1 }), TypeError);
  assert.throws(() => slip39.combine('a b c'), TypeError);
  assert.throws(() => slip39.combine([1]), TypeError);
  assert.throws(() => slip39.combine([]), { code: 'ERR_TOO_FEW_SHARES' });
  const [[share]] = slip39.generate(ms, one);
  assert.equal(hex(slip39.combine([share])), hex(ms));
  assert.equal(hex(slip39.combine([`  ${share.toUpperCase().replaceAll(' ', '\t ')} `])), hex(ms));
  assert.throws(() => slip39.combine([share.replace(' ', '\n')]), { code: 'ERR_BAD_MNEMONIC' });
  assert.throws(() => slip39.combine([share], 'naïve'), { code: 'ERR_BAD_ARGUMENT' });
  assert.throws(() => slip39.combine([share, share]), { code: 'ERR_BAD_SHARE_SET' });
});
