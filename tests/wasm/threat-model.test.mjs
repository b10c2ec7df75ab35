// Claims of docs/threat-model.md that no other suite checks directly: what a key-request signature
// obtained elsewhere (a phishing site, another chain or contract) is worth, and what a gateway or
// an observer of the stored bytes sees of a record.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { init } from './helpers.mjs';

const ehr = await init();
const r = ehr.records;
const sk = new Uint8Array(createHmac('sha256', 'threat-model').update('account').digest());
const account = ehr.address.fromPublicKey(ehr.secp256k1.getPublicKey(sk));
const HUB = '0x' + '5f'.repeat(20);
const OTHER = '0x' + 'a1'.repeat(20);

const identityOf = (sig) => {
  const k = r.identityFromSignature(sig, account);
  try {
    return Buffer.from(k.publicKey).toString('hex');
  } finally {
    k.dispose();
  }
};

test('a key-request signature made for another chain, contract, account or key version is refused and derives other keys', () => {
  const good = ehr.eip712.sign(r.encryptionKeyRequest(31337, HUB, account, 1), sk);
  r.verifyEncryptionKeyRequest(good, 31337, HUB, account, 1);
  const variants = [
    [ehr.eip712.sign(r.encryptionKeyRequest(1, HUB, account, 1), sk), 'another chain'],
    [ehr.eip712.sign(r.encryptionKeyRequest(31337, OTHER, account, 1), sk), 'another contract'],
    [ehr.eip712.sign(r.encryptionKeyRequest(31337, HUB, account, 2), sk), 'another key version'],
  ];
  const mine = identityOf(good);
  for (const [sig, what] of variants) {
    assert.throws(
      () => r.verifyEncryptionKeyRequest(sig, 31337, HUB, account, 1),
      (e) => e.code === 'ERR_INVALID_SIGNATURE',
      what,
    );
    assert.notEqual(identityOf(sig), mine, `${what}: same identity key`);
  }
  // Another account's signature over this account's request.
  const other = ehr.eip712.sign(r.encryptionKeyRequest(31337, HUB, account, 1), new Uint8Array(32).fill(9));
  assert.throws(
    () => r.verifyEncryptionKeyRequest(other, 31337, HUB, account, 1),
    (e) => e.code === 'ERR_INVALID_SIGNATURE',
  );
});

test('a personal_sign of the same words or a signature of other typed data is not a key request', () => {
  const td = r.encryptionKeyRequest(31337, HUB, account, 1);
  const personal = ehr.eip191.signMessage(td.message.purpose, sk);
  assert.throws(
    () => r.verifyEncryptionKeyRequest(personal, 31337, HUB, account, 1),
    (e) => e.code === 'ERR_INVALID_SIGNATURE',
  );
  const lookalike = { ...td, domain: { ...td.domain, name: 'EHR Hub' } };
  const sig = ehr.eip712.sign(lookalike, sk);
  assert.throws(
    () => r.verifyEncryptionKeyRequest(sig, 31337, HUB, account, 1),
    (e) => e.code === 'ERR_INVALID_SIGNATURE',
  );
});

test('the same key request signed again gives the same keys (what a phishing site that obtains it gets)', () => {
  const td = r.encryptionKeyRequest(31337, HUB, account, 1);
  const a = ehr.eip712.sign(td, sk);
  const b = ehr.eip712.sign(td, sk);
  assert.equal(identityOf(a), identityOf(b));
  const rootA = r.chartRootFromSignature(a, account);
  const rootB = r.chartRootFromSignature(b, account);
  const hint = (root) => {
    const k = root.chartKey(0, 0);
    try {
      return Buffer.from(r.chartKeyHint(k)).toString('hex');
    } finally {
      k.dispose();
    }
  };
  assert.equal(hint(rootA), hint(rootB));
  rootA.dispose();
  rootB.dispose();
});

test('stored bytes of a record show no plaintext; only the scope, epoch, size and key hints', () => {
  const root = r.importChartRoot(new Uint8Array(32).fill(4));
  const k = root.chartKey(6, 3);
  const recipient = r.generateX25519();
  const text = JSON.stringify({
    resourceType: 'Patient',
    name: [{ family: 'Distinctive-Surname-1234' }],
    birthDate: '1970-01-01',
  });
  const plaintext = new TextEncoder().encode(text.repeat(20));
  const env = r.encrypt(plaintext, { scope: 6, epoch: 3, chartKeys: [k], recipients: [recipient.publicKey] });
  const asText = Buffer.from(env).toString('latin1');
  for (const needle of ['Distinctive-Surname-1234', '1970-01-01', 'resourceType', 'Patient'])
    assert.ok(!asText.includes(needle), needle);
  const info = r.inspect(env);
  assert.equal(info.complete, true);
  assert.equal(info.scope, 6);
  assert.equal(info.epoch, 3);
  assert.deepEqual(
    info.wraps.map((w) => w.type),
    ['scope', 'recipient'],
  );
  // The size is visible: plaintext + overhead (no padding).
  assert.equal(
    env.length,
    info.headerLength + plaintext.length + 17 * Math.max(1, Math.ceil(plaintext.length / info.chunkSize)),
  );
  // The CID of the stored bytes is the CID of ciphertext: it says nothing about the plaintext.
  assert.notEqual(ehr.ipfs.cidSync(env), ehr.ipfs.cidSync(plaintext));
  k.dispose();
  root.dispose();
  recipient.dispose();
});

test('a revoked grantee holding K(s, e) cannot derive K(s, e + 1) or open records written under it', () => {
  const root = r.importChartRoot(new Uint8Array(32).fill(5));
  const grantee = r.generateX25519();
  const epochs = new Array(32).fill(0);
  epochs[2] = 4;
  const [held] = r.grants.open(r.grants.create(root, grantee.publicKey, 1 << 2, epochs), grantee);
  assert.equal(held.epoch, 4);
  const before = r.encrypt(new Uint8Array([1, 2, 3]), { scope: 2, epoch: 4, chartKeys: [root.chartKey(2, 4)] });
  assert.deepEqual([...r.decrypt(before, { chartKeys: [held] })], [1, 2, 3], 'records already shared stay readable');
  // Revocation advances the epoch; the next record is under K(2, 5).
  const after = r.encrypt(new Uint8Array([4, 5, 6]), { scope: 2, epoch: 5, chartKeys: [root.chartKey(2, 5)] });
  assert.throws(
    () => r.decrypt(after, { chartKeys: [held], identities: [grantee] }),
    (e) => e.code === 'ERR_NO_RECIPIENT',
  );
  r.clearKeys();
});
