// Published vectors through the WASM module: the same files the native suite reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { init, loadVector, unhex, hex } from './helpers.mjs';

const ehr = await init();

function wycheproofEcdsa(file, lowS) {
  const j = loadVector(`wycheproof/${file}`);
  let count = 0;
  for (const group of j.testGroups) {
    const pub = unhex(group.publicKey.uncompressed);
    for (const t of group.tests) {
      count++;
      const digest = ehr.sha256(unhex(t.msg));
      let ok = false;
      try {
        const compact = ehr.secp256k1.signatureFromDer(unhex(t.sig));
        ok = ehr.secp256k1.verify(compact, digest, pub, { lowS });
      } catch (e) {
        assert.equal(e.code, 'ERR_INVALID_SIGNATURE', `tcId ${t.tcId}: unexpected ${e}`);
      }
      if (t.result === 'valid') assert.equal(ok, true, `${file} tcId ${t.tcId} (${t.comment})`);
      else if (t.result === 'invalid') assert.equal(ok, false, `${file} tcId ${t.tcId} (${t.comment})`);
      else assert.fail(`${file} tcId ${t.tcId}: 'acceptable' case needs a documented decision`);
    }
  }
  assert.equal(count, j.numberOfTests);
}

test('Wycheproof ecdsa_secp256k1_sha256 (high-s accepted, normalized)', () => {
  wycheproofEcdsa('ecdsa_secp256k1_sha256_test.json', false);
});

test('Wycheproof ecdsa_secp256k1_sha256_bitcoin (low-s required)', () => {
  wycheproofEcdsa('ecdsa_secp256k1_sha256_bitcoin_test.json', true);
});

test('ethereum-tests BasicTests/keyaddrtest.json: key -> address', () => {
  const j = loadVector('ethereum-tests/BasicTests/keyaddrtest.json');
  assert.ok(j.length > 0);
  for (const t of j) {
    const pub = ehr.secp256k1.getPublicKey(unhex(t.key), false);
    const addr = ehr.address.fromPublicKey(pub);
    assert.equal(addr.toLowerCase(), `0x${t.addr}`, t.seed);
    // Compressed and uncompressed keys give the same address.
    assert.equal(ehr.address.fromPublicKey(ehr.secp256k1.getPublicKey(unhex(t.key), true)), addr);
  }
});

test('Keccak-256 and SHA-256 known answers', () => {
  const enc = new TextEncoder();
  assert.equal(
    hex(ehr.keccak256(new Uint8Array())),
    'c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470',
  );
  assert.equal(
    hex(ehr.keccak256(enc.encode('abc'))),
    '4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45',
  );
  assert.equal(hex(ehr.sha256(enc.encode('abc'))), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  const h = ehr.createSha256();
  const a = new Uint8Array(1000).fill(0x61);
  for (let i = 0; i < 1000; i++) h.update(a);
  assert.equal(hex(h.digest()), 'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
});

test('EIP-55 specification examples', () => {
  for (const a of [
    '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
    '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359',
    '0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB',
    '0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb',
  ]) {
    assert.equal(ehr.address.toChecksum(a.toLowerCase()), a);
    assert.equal(ehr.address.isValid(a, { strict: true }), true);
  }
});
