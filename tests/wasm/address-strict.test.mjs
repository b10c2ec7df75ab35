// Address parsing: the strict grammar of wasm/js/eth.d.ts (AddressApi) and docs/eth.md, against
// ethers v6 getAddress/isAddress on random near-addresses. Seeded; the seed is printed (replay with
// EHR_TEST_SEED). EHR_ADDRESS_CASES sets the number of random strings (default 20,000).
//
// The rules: exactly "0x" (lower-case x) + 40 hex digits; all-lower or all-upper digits are taken
// unchecksummed; mixed case must be a valid EIP-55 checksum. { strict: true }: the text must be the
// EIP-55 form itself. ethers' getAddress also takes the bare 40 digits and ICAP ("XE..."): those
// are the only strings it accepts that this API rejects, by design (one spelling for every caller).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getAddress, isAddress, getBytes, hexlify, Interface, TypedDataEncoder } from 'ethers';
import { init, makeRng } from './helpers.mjs';

const ehr = await init();
const rng = makeRng('address-strict');
const CASES = Number(process.env.EHR_ADDRESS_CASES ?? 20000);

const flipCase = (s, p) =>
  [...s].map((c) => (rng.int(100) < p ? (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()) : c)).join('');
const ALPHABET = '0123456789abcdefABCDEFxXgG \n';
/** A random string near an address: the forms ethers and this API accept and many they do not. */
function nearAddress() {
  const sum = getAddress(hexlify(rng.bytes(20)));
  const digits = sum.slice(2);
  switch (rng.int(16)) {
    case 0:
      return sum;
    case 1:
      return sum.toLowerCase();
    case 2:
      return `0x${digits.toUpperCase()}`;
    case 3:
      return `0x${flipCase(digits, 1 + rng.int(10))}`; // a few case flips: usually a bad checksum
    case 4:
      return digits; // bare
    case 5:
      return [digits.toLowerCase(), digits.toUpperCase()][rng.int(2)];
    case 6:
      return `0X${[digits, digits.toLowerCase(), digits.toUpperCase()][rng.int(3)]}`;
    case 7:
      return [` ${sum}`, `${sum} `, `${sum}\n`, `\t${sum}`][rng.int(4)];
    case 8:
      return sum.slice(0, 2 + rng.int(42)); // truncated
    case 9:
      return sum + digits.slice(0, 1 + rng.int(4)); // too long
    case 10: {
      // one character replaced
      const i = rng.int(42);
      return sum.slice(0, i) + ALPHABET[rng.int(ALPHABET.length)] + sum.slice(i + 1);
    }
    case 11:
      return `0x${'0'.repeat(40)}`.replace(/0/g, () => '0123456789'[rng.int(10)]); // no letters
    case 12:
      return [
        'XE7338O073KYGTWWZN0F2WZ0R8PX5ZPPZS',
        'XE65GB6LDNXYOFTX0NSV3FUWKOWIXAMJK36',
        '',
        '0x',
        '0x0',
        'x' + digits,
        '00' + digits,
      ][rng.int(7)];
    case 13:
      return `0x${digits.slice(0, 39)}${'gG'[rng.int(2)]}`;
    default:
      return Array.from({ length: 38 + rng.int(6) }, () => ALPHABET[rng.int(ALPHABET.length)]).join('');
  }
}

const ethersGet = (s) => {
  try {
    return getAddress(s);
  } catch {
    return null;
  }
};

test('accept/reject and checksummed output agree with ethers getAddress/isAddress (0x forms)', () => {
  const counts = { accepted: 0, rejected: 0, bareOrIcap: 0, strictOnly: 0 };
  for (let c = 0; c < CASES; c++) {
    const s = nearAddress();
    const theirs = ethersGet(s);
    assert.equal(isAddress(s), theirs !== null);
    const prefixed = s.startsWith('0x');
    // The one deliberate difference: ethers' bare and ICAP forms (never "0x"-prefixed).
    const want = prefixed ? theirs : null;
    if (!prefixed && theirs !== null) counts.bareOrIcap++;
    const valid = ehr.address.isValid(s);
    assert.equal(valid, want !== null, `isValid(${JSON.stringify(s)}): ethers ${theirs}`);
    const strict = ehr.address.isValid(s, { strict: true });
    assert.equal(strict, want !== null && want === s, `isValid(${JSON.stringify(s)}, strict)`);
    assert.equal(ehr.address.isValid(s, { strict: false }), valid);
    if (want !== null) {
      counts.accepted++;
      if (strict) counts.strictOnly++;
      assert.equal(ehr.address.toChecksum(s), want);
      assert.deepEqual(ehr.address.parse(s), getBytes(want));
      assert.equal(ehr.address.toChecksum(ehr.address.parse(s)), want);
      if (strict) assert.deepEqual(ehr.address.parse(s, { strict: true }), getBytes(want));
      else
        assert.throws(
          () => ehr.address.parse(s, { strict: true }),
          (e) => e.code === 'ERR_BAD_CHECKSUM',
        );
    } else {
      counts.rejected++;
      for (const strictOpt of [{}, { strict: true }]) {
        assert.throws(
          () => ehr.address.parse(s, strictOpt),
          (e) => ['ERR_BAD_ENCODING', 'ERR_BAD_LENGTH', 'ERR_BAD_CHECKSUM'].includes(e.code),
          JSON.stringify(s),
        );
      }
      assert.throws(() => ehr.address.toChecksum(s));
    }
  }
  console.log(
    `# ${CASES} strings: ${counts.accepted} accepted (${counts.strictOnly} also strictly), ${counts.rejected} rejected, ${counts.bareOrIcap} of them bare/ICAP forms ethers accepts`,
  );
  assert.ok(
    counts.accepted > CASES / 8 && counts.rejected > CASES / 8 && counts.bareOrIcap > 0 && counts.strictOnly > 0,
  );
});

test('error codes name what is wrong', () => {
  const sum = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed';
  const digits = sum.slice(2);
  const code = (s, o) => {
    try {
      ehr.address.parse(s, o);
      return 'ok';
    } catch (e) {
      return `${e.name}:${e.code}`;
    }
  };
  assert.equal(code(sum), 'ok');
  assert.equal(code(sum, { strict: true }), 'ok');
  assert.equal(code(sum.toLowerCase()), 'ok');
  assert.equal(code(`0x${digits.toUpperCase()}`), 'ok');
  assert.equal(code(sum.toLowerCase(), { strict: true }), 'EhrError:ERR_BAD_CHECKSUM');
  assert.equal(code(`0x${digits.toUpperCase()}`, { strict: true }), 'EhrError:ERR_BAD_CHECKSUM');
  for (const s of [
    digits,
    digits.toLowerCase(),
    `0X${digits}`,
    `0X${digits.toLowerCase()}`,
    ` ${sum}`,
    'XE7338O073KYGTWWZN0F2WZ0R8PX5ZPPZS',
    '',
  ]) {
    assert.equal(code(s), 'EhrError:ERR_BAD_ENCODING', JSON.stringify(s));
    assert.equal(code(s, { strict: true }), 'EhrError:ERR_BAD_ENCODING', JSON.stringify(s));
    assert.equal(ehr.address.isValid(s), false);
    assert.equal(ehr.address.isValid(s, { strict: true }), false);
  }
  assert.equal(code(`${sum} `), 'RangeError:ERR_BAD_LENGTH');
  assert.equal(code(`0x${'g'.repeat(40)}`), 'EhrError:ERR_BAD_ENCODING');
  assert.equal(code('0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD'), 'EhrError:ERR_BAD_CHECKSUM');
  // A text with no letter is its own EIP-55 form: strict takes it.
  assert.equal(code('0x1234567890123456789012345678901234567890', { strict: true }), 'ok');
  for (const v of [undefined, null, 42, 1n, {}, new Uint8Array(20)]) assert.equal(ehr.address.isValid(v), false);
});

test('every entry point that takes an address string applies the same rules', async () => {
  const sum = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed';
  const digits = sum.slice(2);
  const badCase = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD';
  const forms = {
    ok: [sum, sum.toLowerCase(), `0x${digits.toUpperCase()}`],
    bad: [digits, `0X${digits}`, badCase, ` ${sum}`],
  };
  const sk = new Uint8Array(32).fill(7);
  const iface = ehr.abi.createInterface(
    new Interface(['function f(address a)', 'event E(address indexed a)']).formatJson(),
  );
  const typed = (a) => ({
    types: { EIP712Domain: [{ name: 'verifyingContract', type: 'address' }], M: [{ name: 'who', type: 'address' }] },
    primaryType: 'M',
    domain: { verifyingContract: a },
    message: { who: a },
  });
  const r = ehr.records;
  const uses = {
    'abi.encode': (a) => ehr.abi.encode(['address'], [a]),
    'AbiInterface.encodeFunctionData': (a) => iface.encodeFunctionData('f', [a]),
    'AbiInterface.encodeEventTopics': (a) => iface.encodeEventTopics('E', [a]),
    'tx.serialize to': (a) => ehr.tx.serialize({ chainId: 1, to: a }),
    'tx.serialize accessList': (a) =>
      ehr.tx.serialize({ chainId: 1, type: 1, gasPrice: 1, accessList: [{ address: a, storageKeys: [] }] }),
    'eip712.hash domain': (a) => ehr.eip712.hash({ ...typed(a), message: { who: sum } }),
    'eip712.hash message': (a) => ehr.eip712.hash({ ...typed(sum), message: { who: a } }),
    'eip712.sign': (a) => ehr.eip712.sign(typed(a), sk),
    'records.encryptionKeyRequest': (a) => r.encryptionKeyRequest(1, a, sum),
    'records.chartRootFromSeed': (a) => r.chartRootFromSeed(new Uint8Array(64), a).dispose(),
    'records.identityFromSignature': (a) => r.identityFromSignature(new Uint8Array(65).fill(1), a).dispose(),
  };
  try {
    for (const [name, use] of Object.entries(uses)) {
      const results = forms.ok.map((a) => use(a));
      for (const x of results.slice(1))
        assert.deepEqual(x, results[0], `${name}: every accepted spelling gives the same result`);
      for (const a of forms.bad)
        assert.throws(
          () => use(a),
          (e) => typeof e.code === 'string' && e.code.startsWith('ERR_'),
          `${name}(${JSON.stringify(a)})`,
        );
    }
    // The same accept/reject split as ethers for the 0x forms (ethers also takes the bare one).
    const coder = (a) => new Interface(['function f(address a)']).encodeFunctionData('f', [a]);
    for (const a of [...forms.ok, badCase]) {
      let theirs;
      try {
        theirs = coder(a);
      } catch {
        theirs = null;
      }
      let ours;
      try {
        ours = hexlify(iface.encodeFunctionData('f', [a]));
      } catch {
        ours = null;
      }
      assert.equal(ours, theirs, a);
    }
    assert.equal(
      hexlify(ehr.eip712.hash(typed(sum))),
      TypedDataEncoder.hash(typed(sum).domain, { M: typed(sum).types.M }, typed(sum).message),
    );
  } finally {
    iface.dispose();
  }
});

test('keystores keep their own spelling: the V3 address without 0x (and with 0x) is read', () => {
  const sk = new Uint8Array(32).fill(7);
  const json = JSON.parse(ehr.keystore.encrypt(sk, 'pw', { kdf: 'pbkdf2', c: 1 }));
  assert.match(json.address, /^[0-9a-f]{40}$/);
  const want = ehr.wallet.fromPrivateKey(sk);
  try {
    assert.equal(ehr.keystore.describe(JSON.stringify(json)).address, want.address);
    assert.equal(
      ehr.keystore.describe(JSON.stringify({ ...json, address: `0x${json.address}` })).address,
      want.address,
    );
    assert.throws(
      () => ehr.keystore.describe(JSON.stringify({ ...json, address: `0X${json.address}` })),
      (e) => e.code === 'ERR_BAD_KEYSTORE',
    );
  } finally {
    want.dispose();
  }
});
