// Negative tests of the Ethereum API: malformed, tampered and out-of-range input raises the typed
// error with its stable code (TypeError ERR_BAD_TYPE, RangeError ERR_BAD_LENGTH, EhrError ERR_*),
// handles refuse use after dispose, and the worker runs the KDFs off the main thread.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { init, unhex, hex } from './helpers.mjs';
import { EhrError } from '../../wasm/js/ehr.js';
import { createWorker } from '../../wasm/js/worker.js';

const ehr = await init();
const code =
  (c, Klass = EhrError) =>
  (e) =>
    e instanceof Klass && e.code === c;
const key = new Uint8Array(32).fill(0x42);
const tx = {
  type: 2,
  chainId: 5n,
  nonce: 1n,
  maxFeePerGas: 10n,
  maxPriorityFeePerGas: 1n,
  gasLimit: 21000n,
  to: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
  value: 1n,
};

test('RLP: malformed input and values', () => {
  for (const bad of ['81', '8100', 'b800', 'c1', 'f800', 'c0c0', '']) {
    assert.throws(() => ehr.rlp.decode(unhex(bad)), code('ERR_BAD_RLP'), bad);
  }
  assert.throws(() => ehr.rlp.decode('c0'), code('ERR_BAD_TYPE', TypeError));
  assert.throws(() => ehr.rlp.encode(-1n), code('ERR_BAD_LENGTH', RangeError));
  assert.throws(() => ehr.rlp.encode({}), code('ERR_BAD_TYPE', TypeError));
  assert.throws(() => ehr.rlp.encode('ab'), code('ERR_BAD_TYPE', TypeError));
});

test('transactions: wrong fields, tampering, unsupported types, chain rules', () => {
  assert.throws(() => ehr.tx.sign(tx, key.subarray(0, 31)), code('ERR_BAD_LENGTH', RangeError));
  assert.throws(() => ehr.tx.sign(tx, new Uint8Array(32)), code('ERR_INVALID_PRIVATE_KEY'));
  assert.throws(() => ehr.tx.sign({ ...tx, gasprice: 1n }, key), code('ERR_BAD_TYPE', TypeError));
  assert.throws(() => ehr.tx.sign({ ...tx, nonce: -1n }, key), code('ERR_BAD_LENGTH', RangeError));
  assert.throws(() => ehr.tx.sign({ ...tx, nonce: 2 ** 60 }, key), code('ERR_BAD_LENGTH', RangeError));
  assert.throws(() => ehr.tx.sign({ ...tx, gasPrice: 1n }, key), code('ERR_BAD_TRANSACTION'));
  assert.throws(() => ehr.tx.sign({ ...tx, nonce: 2n ** 64n - 1n }, key), code('ERR_BAD_TRANSACTION'));
  assert.throws(() => ehr.tx.sign({ ...tx, type: 3 }, key), code('ERR_UNSUPPORTED'));
  assert.throws(
    () => ehr.tx.sign({ ...tx, to: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD' }, key),
    code('ERR_BAD_TRANSACTION'),
  );
  const raw = ehr.tx.sign(tx, key);
  assert.equal(ehr.tx.parse(raw, { chainId: 5n }).chainId, 5n);
  assert.throws(() => ehr.tx.parse(raw, { chainId: 1n }), code('ERR_BAD_TRANSACTION'));
  // Every single-byte change is rejected or recovers another sender; none crashes.
  const sender = ehr.tx.parse(raw).from;
  for (let i = 0; i < raw.length; i++) {
    const t = raw.slice();
    t[i] ^= 0x01;
    try {
      assert.notEqual(ehr.tx.parse(t).from, sender, `byte ${i}`);
    } catch (e) {
      assert.ok(e instanceof EhrError, `byte ${i}: ${e}`);
    }
  }
  assert.throws(() => ehr.tx.parse(new Uint8Array([0x03, 0xc0])), code('ERR_UNSUPPORTED'));
  assert.throws(() => ehr.tx.parse(raw.subarray(0, raw.length - 1)), code('ERR_BAD_RLP'));
  const w = ehr.wallet.fromPrivateKey(key);
  assert.throws(
    () => w.signTransaction({ ...tx, from: '0x0000000000000000000000000000000000000001' }),
    code('ERR_BAD_TRANSACTION'),
  );
  assert.equal(hex(w.signTransaction({ ...tx, from: w.address })), hex(raw));
  w.dispose();
});

test('ABI: bad ABI JSON, out-of-range values, strict decoding, disposed interfaces', () => {
  assert.throws(() => ehr.abi.createInterface('{'), code('ERR_BAD_JSON'));
  assert.throws(
    () => ehr.abi.createInterface([{ type: 'function', name: 'f', inputs: [{ type: 'uint7' }] }]),
    code('ERR_BAD_ABI'),
  );
  assert.throws(() => ehr.abi.encode(['uint8'], [256n]), code('ERR_ABI_VALUE'));
  assert.throws(() => ehr.abi.encode(['int8'], [-129]), code('ERR_ABI_VALUE'));
  assert.throws(() => ehr.abi.encode(['bytes2'], [new Uint8Array(3)]), code('ERR_ABI_VALUE'));
  assert.throws(() => ehr.abi.encode(['bool'], ['true']), code('ERR_ABI_VALUE'));
  assert.throws(() => ehr.abi.encode(['uint8'], [1.5]), code('ERR_BAD_LENGTH', RangeError));
  assert.throws(() => ehr.abi.encode(['uint8'], [undefined]), code('ERR_BAD_TYPE', TypeError));
  assert.throws(() => ehr.abi.encode(['uint8', 'uint8'], [1]), code('ERR_ABI_VALUE'));
  const word = (h) => h.padStart(64, '0');
  assert.throws(() => ehr.abi.decode(['uint8'], unhex(word('100'))), code('ERR_BAD_ABI'));
  assert.throws(() => ehr.abi.decode(['bool'], unhex(word('2'))), code('ERR_BAD_ABI'));
  assert.throws(() => ehr.abi.decode(['string'], unhex(word('20') + word('ff'))), code('ERR_BAD_ABI'));
  assert.throws(() => ehr.abi.decode(['uint256[]'], unhex(word('20') + word('ffffffff'))), code('ERR_BAD_ABI'));
  assert.throws(() => ehr.abi.decode(['uint256'], new Uint8Array(31)), code('ERR_BAD_ABI'));
  const iface = ehr.abi.createInterface([
    { type: 'function', name: 'f', inputs: [{ name: 'a', type: 'uint8' }], outputs: [] },
    { type: 'function', name: 'f', inputs: [{ name: 'a', type: 'string' }], outputs: [] },
  ]);
  assert.throws(() => iface.encodeFunctionData('f', [1]), code('ERR_BAD_ABI'));
  assert.equal(hex(iface.encodeFunctionData('f( uint8 )', [1]).subarray(0, 4)), hex(ehr.abi.selector('f(uint8)')));
  assert.throws(() => iface.encodeFunctionData('f(uint)', [1]), code('ERR_BAD_ABI')); // f(uint256) is not in the ABI
  assert.throws(() => iface.encodeFunctionData('g', []), code('ERR_BAD_ABI'));
  assert.throws(() => iface.decodeError(unhex('deadbeef')), code('ERR_BAD_ABI'));
  iface.dispose();
  iface.dispose();
  assert.throws(() => iface.encodeFunctionData('f(uint8)', [1]), code('ERR_BAD_HANDLE'));
  assert.equal(
    ehr.abi.decodeRevert(ehr.fromHex(`0x08c379a0${word('20')}${word('2')}${'6869'.padEnd(64, '0')}`)).message,
    'hi',
  );
});

test('EIP-712, BIP-39, BIP-32: malformed input', () => {
  const td = { types: { M: [{ name: 'a', type: 'uint8' }] }, primaryType: 'M', domain: { name: 'x' }, message: {} };
  assert.throws(() => ehr.eip712.hash(td), code('ERR_BAD_TYPED_DATA'));
  assert.throws(() => ehr.eip712.hash({ ...td, message: { a: 300 } }), code('ERR_ABI_VALUE'));
  assert.throws(() => ehr.eip712.hash({ ...td, domain: { nope: 1 }, message: { a: 1 } }), code('ERR_BAD_TYPED_DATA'));
  assert.throws(() => ehr.eip712.hash(null), code('ERR_BAD_TYPE', TypeError));
  const bad = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon';
  assert.throws(() => ehr.bip39.mnemonicToEntropy(bad), code('ERR_BAD_MNEMONIC'));
  assert.throws(() => ehr.bip39.mnemonicToSeed(bad), code('ERR_BAD_MNEMONIC'));
  assert.equal(ehr.bip39.validateMnemonic(bad), false);
  assert.equal(ehr.bip39.mnemonicToSeed(bad, '', { check: false }).length, 64);
  assert.throws(() => ehr.bip39.entropyToMnemonic(new Uint8Array(15)), code('ERR_BAD_LENGTH', RangeError));
  assert.throws(() => ehr.bip39.generateMnemonic(13), code('ERR_BAD_LENGTH', RangeError));
  assert.throws(() => ehr.wallet.fromMnemonic(bad), code('ERR_BAD_MNEMONIC'));
  // Typed-in phrases are trimmed, single-spaced and lower-cased by the wallet.
  const phrase = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
  const a = ehr.wallet.fromMnemonic(phrase);
  const b = ehr.wallet.fromMnemonic(`  ${phrase.toUpperCase().replace(/ /g, '   ')}\n`);
  assert.equal(a.address, b.address);
  assert.throws(() => a.derive('m/x'), code('ERR_BAD_DERIVATION_PATH'));
  assert.throws(() => ehr.bip32.fromSeed(new Uint8Array(8)), code('ERR_BAD_LENGTH', RangeError));
  a.dispose();
  b.dispose();
});

test('keystores and wallets: wrong password, tampering, limits, disposed handles', () => {
  const json = ehr.keystore.encrypt(key, 'pw', { kdf: 'scrypt', n: 1024 });
  assert.throws(() => ehr.wallet.fromKeystore(json, 'wrong'), code('ERR_WRONG_PASSWORD'));
  const j = JSON.parse(json);
  j.crypto.mac = j.crypto.mac.replace(/^./, (c) => (c === '0' ? '1' : '0'));
  assert.throws(() => ehr.wallet.fromKeystore(JSON.stringify(j), 'pw'), code('ERR_WRONG_PASSWORD'));
  j.crypto.kdfparams.n = 2 ** 24;
  assert.throws(() => ehr.wallet.fromKeystore(JSON.stringify(j), 'pw'), code('ERR_BAD_KDF_PARAMS'));
  assert.throws(() => ehr.wallet.fromKeystore('{}', 'pw'), code('ERR_BAD_KEYSTORE'));
  assert.throws(() => ehr.wallet.fromKeystore('nope', 'pw'), code('ERR_BAD_JSON'));
  assert.throws(() => ehr.keystore.encrypt(key, 'pw', { kdf: 'argon2' }), code('ERR_BAD_ARGUMENT'));
  assert.deepEqual(ehr.keystore.describe(json).kdf, 'scrypt');
  const w = ehr.wallet.fromKeystore(json, 'pw');
  const h = w.handle;
  w.dispose();
  assert.equal(w.disposed, true);
  assert.throws(() => w.address && w.signMessage('x'), code('ERR_BAD_HANDLE'));
  assert.throws(() => ehr.tx.signWithHandle(tx, h), code('ERR_BAD_HANDLE'));
  const x = ehr.wallet.fromPrivateKey(key);
  ehr.wallet.lockAll();
  assert.throws(() => x.signMessage('x'), code('ERR_BAD_HANDLE'));
  assert.throws(() => ehr.wallet.fromPrivateKey(new Uint8Array(32)), code('ERR_INVALID_PRIVATE_KEY'));
});

test('the worker runs keystore KDFs and mnemonic seeds off the main thread', async () => {
  const worker = await createWorker();
  try {
    const json = ehr.keystore.encrypt(key, 'pw', { kdf: 'scrypt', n: 4096, r: 8, p: 1 });
    const w = await ehr.wallet.fromKeystoreAsync(json, 'pw', { worker });
    const direct = ehr.wallet.fromPrivateKey(key);
    assert.equal(w.address, direct.address);
    await assert.rejects(
      ehr.wallet.fromKeystoreAsync(json, 'nope', { worker }),
      (e) => e.code === 'ERR_WRONG_PASSWORD',
    );
    const again = await w.encryptKeystoreAsync('pw2', { kdf: 'pbkdf2', c: 2000 }, { worker });
    const w2 = ehr.wallet.fromKeystore(again, 'pw2');
    assert.equal(w2.address, direct.address);
    const phrase = 'legal winner thank year wave sausage worth useful legal winner thank yellow';
    assert.equal(hex(await worker.mnemonicToSeed(phrase, 'TREZOR')), hex(ehr.bip39.mnemonicToSeed(phrase, 'TREZOR')));
    assert.equal(hex(await worker.pbkdf2Sha512('p', 's', 10, 20)), hex(ehr.pbkdf2Sha512('p', 's', 10, 20)));
    assert.equal(
      hex(await worker.scrypt(new TextEncoder().encode('p'), 's', { N: 16, r: 1, p: 1 })),
      hex(ehr.scrypt('p', 's', { N: 16, r: 1, p: 1 })),
    );
    [w, w2, direct].forEach((x) => x.dispose());
  } finally {
    await worker.terminate();
  }
});
