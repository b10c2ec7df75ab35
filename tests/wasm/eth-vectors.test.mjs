// Published Ethereum vectors through the WASM module, the same files the native suite reads:
// ethereum/tests RLPTests, TransactionTests (newest fork listed), KeyStoreTests; BIP-39
// (trezor/python-mnemonic, passphrase "TREZOR"); BIP-32 test vectors 1-3 (typed from the BIP
// into tests/data); Wycheproof PBKDF2-HMAC-SHA512; the EIP-712 specification's Mail example.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { init, loadVector, unhex, hex, VECTORS } from './helpers.mjs';
import { EhrError } from '../../wasm/js/ehr.js';

const ehr = await init();

// Minimal big-endian bytes of a decimal of any size.
const bigBytes = (dec) => {
  let n = BigInt(dec);
  const out = [];
  while (n > 0n) {
    out.unshift(Number(n & 0xffn));
    n >>= 8n;
  }
  return new Uint8Array(out);
};

// RLPTests input convention: strings are bytes, integers minimal big-endian, "#..." big integers.
const rlpInput = (v) => {
  if (Array.isArray(v)) return v.map(rlpInput);
  if (typeof v === 'number') return bigBytes(String(v));
  if (v.startsWith('#')) return bigBytes(v.slice(1));
  return new TextEncoder().encode(v);
};

test('ethereum-tests RLPTests: valid cases round-trip, every invalid case is rejected', () => {
  let valid = 0,
    invalid = 0;
  for (const file of ['rlptest.json', 'invalidRLPTest.json', 'RandomRLPTests/example.json']) {
    const j = loadVector(`ethereum-tests/RLPTests/${file}`);
    for (const [name, t] of Object.entries(j)) {
      const out = unhex(t.out);
      if (t.in === 'INVALID') {
        invalid++;
        assert.throws(
          () => ehr.rlp.decode(out),
          (e) => e instanceof EhrError && e.code === 'ERR_BAD_RLP',
          `${file} ${name}`,
        );
        continue;
      }
      valid++;
      const decoded = ehr.rlp.decode(out);
      assert.equal(hex(ehr.rlp.encode(decoded)), hex(out), `${name} re-encodes`);
      if (t.in !== 'VALID') {
        const input = rlpInput(t.in);
        assert.equal(hex(ehr.rlp.encode(input)), hex(out), `${name} encodes`);
        assert.deepEqual(decoded, input, `${name} decodes`);
      }
    }
  }
  assert.equal(valid, 29);
  assert.equal(invalid, 26);
});

const FORKS = [
  'Frontier',
  'Homestead',
  'EIP150',
  'EIP158',
  'Byzantium',
  'Constantinople',
  'ConstantinopleFix',
  'Istanbul',
  'Berlin',
  'London',
  'Paris',
  'Shanghai',
  'Cancun',
  'Prague',
  'Osaka',
];

function* jsonFiles(dir) {
  for (const name of readdirSync(dir).sort()) {
    const p = `${dir}/${name}`;
    if (statSync(p).isDirectory()) yield* jsonFiles(p);
    else if (name.endsWith('.json')) yield p;
  }
}

test('ethereum-tests TransactionTests: sender and hash of the newest fork, invalid ones rejected', () => {
  const root = fileURLToPath(new URL('ethereum-tests/TransactionTests', VECTORS));
  let valid = 0,
    invalid = 0;
  for (const file of jsonFiles(root)) {
    const j = JSON.parse(readFileSync(file, 'utf8'));
    for (const [name, t] of Object.entries(j)) {
      const newest = Object.keys(t.result).sort((a, b) => FORKS.indexOf(b) - FORKS.indexOf(a))[0];
      assert.ok(FORKS.includes(newest), newest);
      const expect = t.result[newest];
      const shanghai = FORKS.indexOf(newest) >= FORKS.indexOf('Shanghai');
      const label = `${file.slice(root.length)} ${name} @${newest}`;
      const raw = unhex(t.txbytes);
      if (expect.exception) {
        invalid++;
        assert.throws(
          () => ehr.tx.parse(raw, { chainId: 1n, shanghai }),
          EhrError,
          `${label} must be rejected (${expect.exception})`,
        );
        continue;
      }
      valid++;
      const tx = ehr.tx.parse(raw, { chainId: 1n, shanghai });
      assert.equal(tx.from.toLowerCase(), expect.sender, label);
      assert.equal(hex(tx.hash), expect.hash.slice(2), label);
      assert.equal(hex(ehr.tx.hash(raw)), expect.hash.slice(2), label);
      // The decoded fields serialize back to the same bytes.
      assert.equal(hex(ehr.tx.serialize(tx)), hex(raw), `${label} re-serializes`);
    }
  }
  assert.equal(valid, 48);
  assert.equal(invalid, 158);
});

test('ethereum-tests KeyStoreTests/basic_tests.json decrypt to the expected keys', () => {
  const j = loadVector('ethereum-tests/KeyStoreTests/basic_tests.json');
  assert.equal(Object.keys(j).length, 5);
  for (const [name, t] of Object.entries(j)) {
    const text = JSON.stringify(t.json);
    const w = ehr.wallet.fromKeystore(text, t.password);
    try {
      assert.equal(hex(w.exportPrivateKey()), t.priv, name);
    } finally {
      w.dispose();
    }
    if (name === 'mycrypto') {
      assert.throws(
        () => ehr.wallet.fromKeystore(text, `${t.password}!`),
        (e) => e.code === 'ERR_WRONG_PASSWORD',
      );
    }
  }
});

test('BIP-39 vectors (English, passphrase TREZOR): mnemonic, entropy, seed, root xprv', () => {
  const j = loadVector('bip39/vectors.json');
  assert.equal(j.english.length, 24);
  for (const [entropy, phrase, seed, xprv] of j.english) {
    assert.equal(ehr.bip39.entropyToMnemonic(unhex(entropy)), phrase);
    assert.equal(hex(ehr.bip39.mnemonicToEntropy(phrase)), entropy);
    assert.equal(hex(ehr.bip39.mnemonicToSeed(phrase, 'TREZOR')), seed);
    const root = ehr.wallet.hdFromMnemonic(phrase, { passphrase: 'TREZOR' });
    try {
      assert.equal(root.exportExtendedPrivateKey(), xprv);
      assert.equal(root.depth, 0);
    } finally {
      root.dispose();
    }
  }
});

test('BIP-32 test vectors 1-3 (typed from the BIP text)', () => {
  const j = JSON.parse(readFileSync(new URL('../data/bip32-test-vectors.json', import.meta.url), 'utf8'));
  let chains = 0;
  for (const v of j.vectors) {
    const root = ehr.bip32.fromSeed(unhex(v.seed));
    for (const [path, xpub, xprv] of v.chains) {
      chains++;
      const node = root.derive(path);
      try {
        assert.equal(node.xpub, xpub, path);
        assert.equal(node.exportExtendedPrivateKey(), xprv, path);
      } finally {
        node.dispose();
      }
    }
    root.dispose();
  }
  assert.equal(chains, 14);
});

test('Wycheproof pbkdf2_hmacsha512_test.json', () => {
  const j = loadVector('wycheproof/pbkdf2_hmacsha512_test.json');
  let n = 0;
  for (const g of j.testGroups) {
    for (const t of g.tests) {
      n++;
      assert.equal(t.result, 'valid', `tcId ${t.tcId} needs a decision`);
      const dk = ehr.pbkdf2Sha512(unhex(t.password), unhex(t.salt), t.iterationCount, t.dkLen);
      assert.equal(hex(dk), t.dk, `tcId ${t.tcId}`);
    }
  }
  assert.equal(n, j.numberOfTests);
});

test('RFC 7914 PBKDF2-HMAC-SHA256 and scrypt vectors', () => {
  assert.equal(
    hex(ehr.pbkdf2Sha256('passwd', 'salt', 1, 64)),
    '55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783',
  );
  assert.equal(
    hex(ehr.scrypt('', '', { N: 16, r: 1, p: 1, dkLen: 64 })),
    '77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906',
  );
  assert.equal(
    hex(ehr.scrypt('password', 'NaCl', { N: 1024, r: 8, p: 16, dkLen: 64 })),
    'fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640',
  );
  assert.throws(
    () => ehr.scrypt('p', 's', { N: 1000, r: 8, p: 1 }),
    (e) => e instanceof EhrError && e.code === 'ERR_BAD_KDF_PARAMS',
  );
  assert.throws(() => ehr.scrypt('p', 's', { N: 1024, r: 0, p: 1 }), RangeError);
  assert.throws(
    () => ehr.scrypt('p', 's', { N: 2 ** 22, r: 8, p: 1 }),
    (e) => e.code === 'ERR_BAD_KDF_PARAMS',
  );
  assert.throws(() => ehr.pbkdf2Sha256('p', 's', 0, 32), RangeError);
});

test('EIP-712 specification example (Mail) and EIP-191', () => {
  const mail = {
    types: {
      EIP712Domain: [
        { name: 'name', type: 'string' },
        { name: 'version', type: 'string' },
        { name: 'chainId', type: 'uint256' },
        { name: 'verifyingContract', type: 'address' },
      ],
      Person: [
        { name: 'name', type: 'string' },
        { name: 'wallet', type: 'address' },
      ],
      Mail: [
        { name: 'from', type: 'Person' },
        { name: 'to', type: 'Person' },
        { name: 'contents', type: 'string' },
      ],
    },
    primaryType: 'Mail',
    domain: {
      name: 'Ether Mail',
      version: '1',
      chainId: 1n,
      verifyingContract: '0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC',
    },
    message: {
      from: { name: 'Cow', wallet: '0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826' },
      to: { name: 'Bob', wallet: '0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB' },
      contents: 'Hello, Bob!',
    },
  };
  assert.equal(hex(ehr.eip712.hash(mail)), 'be609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2');
  const cow = ehr.keccak256(new TextEncoder().encode('cow'));
  const sig = ehr.eip712.sign(mail, cow);
  assert.equal(
    hex(sig),
    '4355c47d63924e8a72e509b65029052eb6c299d53a04e167c5775fd466751c9d07299936d304c153f6443dfa05f40ff007d72911b6f72307f996231605b915621c',
  );
  assert.equal(ehr.eip712.recoverAddress(mail, sig), '0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826');
  const w = ehr.wallet.fromPrivateKey(cow);
  assert.equal(hex(w.signTypedData(mail)), hex(sig));
  assert.equal(
    hex(ehr.eip191.hashMessage('Hello World')),
    'a1de988600a42c4b4ab089b619297c17d53cffae5d5120d82d8a92d0bb3b78f2',
  );
  assert.equal(ehr.eip191.recoverAddress('hi', w.signMessage('hi')), w.address);
  w.dispose();
});
