// The records key schedule and grant flows through the WASM API. The published key vectors
// (tests/data/envelope/keys_v1.json) are recomputed independently here with @noble/hashes (HKDF),
// @noble/curves (X25519, low-s), @scure/bip39 (the seed) and ethers (the EIP-712 signature).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { x25519 } from '@noble/curves/ed25519.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { mnemonicToSeedSync } from '@scure/bip39';
import { Wallet, TypedDataEncoder } from 'ethers';
import _sodium from 'libsodium-wrappers-sumo';
import { init, makeRng, hex, unhex } from './helpers.mjs';

const ehr = await init();
const sodium = _sodium;
const r = ehr.records;
const rng = makeRng('records_keys');
const te = new TextEncoder();
const doc = JSON.parse(readFileSync(new URL('../data/envelope/keys_v1.json', import.meta.url), 'utf8'));

const H = (ikm, salt, info) =>
  hkdf(sha256, ikm, te.encode(salt), typeof info === 'string' ? te.encode(info) : info, 32);
const le = (scope, epoch) =>
  Uint8Array.of(scope & 0xff, scope >> 8, epoch & 0xff, (epoch >>> 8) & 0xff, (epoch >>> 16) & 0xff, epoch >>> 24);
const codeOf = (fn) => {
  try {
    fn();
    return 'OK';
  } catch (e) {
    return e.code ?? String(e);
  }
};

test('key vectors recomputed independently (seed, EIP-712 signature, chart keys)', async () => {
  const seed = mnemonicToSeedSync(doc.mnemonic);
  assert.equal(hex(seed), doc.seed);
  const wallet = Wallet.fromPhrase(doc.mnemonic);
  assert.equal(wallet.address.toLowerCase(), doc.account);
  for (const v of doc.identity_from_seed) {
    const sk = H(seed, 'ehr/x25519/v1', `account/${v.account_index}`);
    assert.equal(hex(sk), v.x25519_secret);
    assert.equal(hex(x25519.getPublicKey(sk)), v.x25519_public);
    const id = r.identityFromSeed(seed, v.account_index);
    assert.equal(hex(id.publicKey), v.x25519_public);
    id.dispose();
  }
  const root = H(seed, 'ehr/chart-root/v1', doc.account);
  assert.equal(hex(root), doc.chart_root_from_seed);
  for (const v of doc.chart_keys_from_seed_root) {
    assert.equal(hex(H(root, 'ehr/chart-key/v1', le(v.scope, v.epoch))), v.key);
  }
  // The signature: ethers signs the typed data deterministically (RFC 6979).
  const td = doc.typed_data;
  assert.equal(TypedDataEncoder.hash(td.domain, td.types, td.message).slice(2), td.digest);
  const sig = await wallet.signTypedData(td.domain, td.types, td.message);
  assert.equal(sig.slice(2), doc.signature);
  const rs = unhex(doc.signature).subarray(0, 64);
  assert.equal(hex(H(rs, 'ehr/x25519-from-signature/v1', doc.account)), doc.identity_from_signature.x25519_secret);
  assert.equal(hex(H(rs, 'ehr/chart-root/v1', doc.account)), doc.chart_root_from_signature);
  // The module: both signature encodings (low-s and high-s) give the same key; the account may be
  // given checksummed.
  for (const s of [doc.signature, doc.signature_high_s]) {
    const id = r.identityFromSignature(unhex(s), wallet.address);
    assert.equal(hex(id.publicKey), doc.identity_from_signature.x25519_public);
    id.dispose();
  }
  const hi = secp256k1.Signature.fromBytes(unhex(doc.signature_high_s).subarray(0, 64), 'compact');
  assert.equal(hi.hasHighS(), true);
  // Chart keys derived in the module open records written with the published keys.
  const mroot = r.chartRootFromSeed(seed, doc.account);
  const k = mroot.chartKey(7, 42);
  const published = r.importChartKey(unhex(doc.chart_keys_from_seed_root.find((x) => x.scope === 7).key), 7, 42);
  assert.equal(hex(r.chartKeyHint(k)), hex(r.chartKeyHint(published)));
  const env = r.encrypt(te.encode('note'), { scope: 7, epoch: 42, chartKeys: [published] });
  assert.equal(new TextDecoder().decode(r.decrypt(env, { chartKeys: [k] })), 'note');
  const sroot = r.chartRootFromSignature(unhex(doc.signature), doc.account);
  const sk2 = r.importChartRoot(unhex(doc.chart_root_from_signature));
  assert.equal(hex(r.chartKeyHint(sroot.chartKey(1, 2))), hex(r.chartKeyHint(sk2.chartKey(1, 2))));
  for (const key of [mroot, k, published, sroot, sk2]) key.dispose();
});

test('encryptionKeyRequest builds the documented typed data', async () => {
  const td = doc.typed_data;
  const built = r.encryptionKeyRequest(td.domain.chainId, td.domain.verifyingContract, td.message.account, 1);
  const { EIP712Domain, ...types } = built.types;
  assert.equal(EIP712Domain.length, 4);
  assert.deepEqual(types, td.types);
  assert.equal(TypedDataEncoder.hash(built.domain, types, built.message).slice(2), td.digest);
  // The signature over it (ethers, deterministic) is the published one.
  const wallet = Wallet.fromPhrase(doc.mnemonic);
  assert.equal((await wallet.signTypedData(built.domain, types, built.message)).slice(2), doc.signature);
  assert.throws(
    () => r.encryptionKeyRequest(0, td.domain.verifyingContract, td.message.account),
    (e) => e.code === 'ERR_BAD_LENGTH',
  );
  // The module's EIP-712 hash (Ethereum area) of the same request, and the signature check.
  const h = ehr.eip712.hash(built);
  assert.equal(typeof h === 'string' ? h.replace(/^0x/, '') : hex(h), td.digest);
  const sig = unhex(doc.signature);
  r.verifyEncryptionKeyRequest(sig, td.domain.chainId, td.domain.verifyingContract, td.message.account, 1);
  r.verifyEncryptionKeyRequest(
    unhex(doc.signature_high_s),
    td.domain.chainId,
    td.domain.verifyingContract,
    td.message.account,
  );
  assert.throws(
    () => r.verifyEncryptionKeyRequest(sig, td.domain.chainId + 1, td.domain.verifyingContract, td.message.account),
    (e) => e.code === 'ERR_INVALID_SIGNATURE',
  );
  assert.throws(
    () =>
      r.verifyEncryptionKeyRequest(sig, td.domain.chainId, td.domain.verifyingContract, td.domain.verifyingContract),
    (e) => e.code === 'ERR_INVALID_SIGNATURE',
  );
});

test('argument checks of the key functions', () => {
  assert.equal(
    codeOf(() => r.identityFromSeed(new Uint8Array(32))),
    'ERR_BAD_LENGTH',
  );
  assert.equal(
    codeOf(() => r.identityFromSeed(new Uint8Array(64), -1)),
    'ERR_BAD_LENGTH',
  );
  assert.equal(
    codeOf(() => r.identityFromSignature(new Uint8Array(65), '0x12')),
    'ERR_BAD_LENGTH',
  );
  assert.equal(
    codeOf(() => r.identityFromSignature(new Uint8Array(65), new Uint8Array(20))),
    'ERR_INVALID_SIGNATURE',
  );
  assert.equal(
    codeOf(() => r.chartRootFromSeed('seed', new Uint8Array(20))),
    'ERR_BAD_TYPE',
  );
  const root = r.importChartRoot(rng.bytes(32));
  assert.equal(
    codeOf(() => root.chartKey(65536, 0)),
    'ERR_BAD_LENGTH',
  );
  assert.equal(
    codeOf(() => root.chartKey(1, 2 ** 32)),
    'ERR_BAD_LENGTH',
  );
  root.dispose();
  assert.equal(
    codeOf(() => root.chartKey(1, 1)),
    'ERR_BAD_HANDLE',
  );
});

test('grants: create, open, labels; regrant after revocation; institution rotation', () => {
  const root = r.importChartRoot(rng.bytes(32));
  const a = r.generateX25519(),
    b = r.generateX25519();
  const epochs = new Array(32).fill(0);
  const write = (scope) =>
    r.encrypt(rng.bytes(500), { scope, epoch: epochs[scope], chartKeys: [root.chartKey(scope, epochs[scope])] });
  const canOpen = (keys, env) => codeOf(() => r.decrypt(env, { chartKeys: keys }));
  const r0 = write(0),
    r3 = write(3);
  const pa = r.grants.create(root, a.publicKey, 0b1, epochs);
  const pb = r.grants.create(root, b.publicKey, 0b1001, epochs);
  assert.deepEqual(
    r.grants.labels(pb).map((x) => ({ ...x })),
    [
      { scope: 0, epoch: 0 },
      { scope: 3, epoch: 0 },
    ],
  );
  const ka = r.grants.open(pa, a),
    kb = r.grants.open(pb, b);
  assert.deepEqual(
    kb.map((k) => [k.scope, k.epoch]),
    [
      [0, 0],
      [3, 0],
    ],
  );
  assert.equal(canOpen(ka, r0), 'OK');
  assert.equal(canOpen(ka, r3), 'ERR_NO_RECIPIENT');
  assert.equal(canOpen(kb, r3), 'OK');
  assert.equal(
    codeOf(() => r.grants.open(pa, b)),
    'ERR_AUTH_FAILED',
  );
  // Revoke B: epochs of 0 and 3 advance; A (scope 0) gets the new key, nothing else is sent.
  epochs[0] = 1;
  epochs[3] = 1;
  const re = r.grants.afterEpochChange(root, 0b1001, epochs, [
    { publicKey: a.publicKey, scopes: 0b1 },
    { publicKey: b.publicKey, scopes: 0 },
  ]);
  assert.equal(re.length, 1);
  assert.equal(re[0].grantee, 0);
  assert.equal(re[0].scopes, 1);
  const ka2 = r.grants.open(re[0].payload, a);
  const fresh = write(0);
  assert.equal(canOpen(kb, fresh), 'ERR_NO_RECIPIENT');
  assert.equal(canOpen([...ka, ...ka2], fresh), 'OK');
  assert.equal(canOpen([...ka, ...ka2], r0), 'OK');
  // Institution: three members, one leaves, the key rotates.
  const m = [r.generateX25519(), r.generateX25519(), r.generateX25519()];
  const inst1 = r.institutions.create(
    1,
    m.map((x) => x.publicKey),
  );
  assert.equal(hex(r.institutions.inspect(inst1.memberWraps).publicKey), hex(inst1.groupKey.publicKey));
  const g1m2 = r.institutions.open(inst1.memberWraps, m[2]);
  assert.equal(g1m2.version, 1);
  assert.equal(hex(g1m2.publicKey), hex(inst1.groupKey.publicKey));
  const oldKeys = r.grants.open(r.grants.create(root, inst1.groupKey.publicKey, 1 << 5, epochs), g1m2);
  const inst2 = r.institutions.create(2, [m[0].publicKey, m[1].publicKey]);
  assert.equal(
    codeOf(() => r.institutions.open(inst2.memberWraps, m[2])),
    'ERR_NO_RECIPIENT',
  );
  epochs[5] = 1;
  const [re2] = r.grants.afterEpochChange(root, 1 << 5, epochs, [
    { publicKey: inst2.groupKey.publicKey, scopes: 1 << 5 },
  ]);
  const after = write(5);
  const g2m0 = r.institutions.open(inst2.memberWraps, m[0]);
  assert.equal(canOpen(r.grants.open(re2.payload, g2m0), after), 'OK');
  assert.equal(canOpen(oldKeys, after), 'ERR_NO_RECIPIENT');
  assert.equal(
    codeOf(() => r.grants.open(re2.payload, g1m2)),
    'ERR_AUTH_FAILED',
  );
  // A new member receives the current group key.
  const m3 = r.generateX25519();
  const wraps3 = r.institutions.seal(inst2.groupKey, 2, [m[0].publicKey, m3.publicKey]);
  assert.equal(hex(r.institutions.open(wraps3, m3).publicKey), hex(inst2.groupKey.publicKey));
  assert.equal(
    codeOf(() => r.grants.labels(new Uint8Array([2, 1, 0]))),
    'ERR_BAD_GRANT',
  );
  assert.equal(
    codeOf(() => r.grants.create(root, a.publicKey, 1, new Array(31).fill(0))),
    'ERR_BAD_LENGTH',
  );
  r.clearKeys();
});

test('key wraps: every kind moves between two module instances; libsodium agrees on the format', async () => {
  await sodium.ready;
  const other = (await init()).records;
  const N = 40;
  for (let i = 0; i < N; i++) {
    const recipient = other.generateX25519();
    const root = r.importChartRoot(rng.bytes(32));
    const scope = rng.int(0x10000),
      epoch = rng.int(2 ** 32);
    const chartKey = root.chartKey(scope, epoch);
    const xSecret = rng.bytes(32);
    const identity = r.importX25519Secret(xSecret);
    // Our wraps open in the other instance as keys that behave like the originals.
    const root2 = other.unwrapKey(r.wrapKey(root, recipient.publicKey), recipient);
    assert.equal(root2.kind, 'chartRoot');
    assert.equal(hex(other.chartKeyHint(root2.chartKey(1, 2))), hex(r.chartKeyHint(root.chartKey(1, 2))));
    const key2 = other.unwrapKey(r.wrapKey(chartKey, recipient.publicKey), recipient);
    assert.deepEqual([key2.kind, key2.scope, key2.epoch], ['chartKey', scope, epoch]);
    const env = r.encrypt(rng.bytes(64), { scope, epoch, chartKeys: [chartKey] });
    assert.equal(other.decrypt(env, { chartKeys: [key2] }).length, 64);
    const id2 = other.unwrapKey(r.wrapKey(identity, recipient.publicKey), recipient);
    assert.equal(id2.kind, 'x25519');
    assert.equal(hex(id2.publicKey), hex(identity.publicKey));
    // libsodium opens our wrap to the documented layout: 1 | kind | scope u16 | epoch u32 | key.
    const kp = sodium.crypto_box_keypair();
    const wrap = r.wrapKey(chartKey, kp.publicKey);
    const plain = sodium.crypto_box_seal_open(wrap, kp.publicKey, kp.privateKey);
    assert.equal(hex(plain.subarray(0, 8)), hex(Uint8Array.of(1, 2, ...le(scope, epoch))));
    const idWrap = r.wrapKey(identity, kp.publicKey);
    const idPlain = sodium.crypto_box_seal_open(idWrap, kp.publicKey, kp.privateKey);
    assert.equal(hex(idPlain), hex(Uint8Array.of(1, 3, 0, 0, 0, 0, 0, 0, ...xSecret)));
    // ...and a wrap libsodium seals to that layout opens in ours as that key.
    const theirs = sodium.crypto_box_seal(idPlain, recipient.publicKey);
    assert.equal(hex(other.unwrapKey(theirs, recipient).publicKey), hex(identity.publicKey));
    plain.fill(0);
    idPlain.fill(0);
    kp.privateKey.fill(0);
    xSecret.fill(0);
    r.clearKeys();
    other.clearKeys();
  }
});

test('key wraps: wrong identity, tampering and malformed contents are refused', async () => {
  await sodium.ready;
  const recipient = r.generateX25519();
  const root = r.importChartRoot(rng.bytes(32));
  const wrap = r.wrapKey(root, recipient.publicKey);
  assert.equal(
    codeOf(() => r.unwrapKey(wrap, r.generateX25519())),
    'ERR_AUTH_FAILED',
  );
  for (let i = 0; i < wrap.length; i += 7) {
    const bad = wrap.slice();
    bad[i] ^= 1 << rng.int(8);
    assert.equal(
      codeOf(() => r.unwrapKey(bad, recipient)),
      'ERR_AUTH_FAILED',
    );
  }
  assert.equal(
    codeOf(() => r.unwrapKey(wrap.subarray(0, 87), recipient)),
    'ERR_BAD_LENGTH',
  );
  // Authentic boxes whose contents break the format: version, kind, a label on a root.
  const key = rng.bytes(32);
  for (const head of [
    [2, 1, 0, 0, 0, 0, 0, 0],
    [1, 0, 0, 0, 0, 0, 0, 0],
    [1, 4, 0, 0, 0, 0, 0, 0],
    [1, 1, 1, 0, 0, 0, 0, 0],
    [1, 3, 0, 0, 0, 0, 0, 1],
  ]) {
    const box = sodium.crypto_box_seal(Uint8Array.of(...head, ...key), recipient.publicKey);
    assert.equal(
      codeOf(() => r.unwrapKey(box, recipient)),
      'ERR_BAD_KEY_WRAP',
    );
  }
  // A grant entry's sealed contents (38 bytes) are not a key wrap.
  const entry = sodium.crypto_box_seal(new Uint8Array(40 - 2), recipient.publicKey);
  assert.equal(
    codeOf(() => r.unwrapKey(entry, recipient)),
    'ERR_BAD_LENGTH',
  );
  r.clearKeys();
});
