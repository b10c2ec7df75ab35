// Wycheproof vectors through the WASM module (the same files and decisions as the native suite,
// tests/native/crypto_*_test.cpp; decisions in docs/crypto.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { init, loadVector, unhex, hex } from './helpers.mjs';

const ehr = await init();
const ZERO32 = '0'.repeat(64);

const count = (j) => j.testGroups.reduce((n, g) => n + g.tests.length, 0);
const expectCode = (fn, code, msg) => {
  let err;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  assert.ok(err, `${msg}: expected ${code}, got success`);
  assert.equal(err.code, code, `${msg}: ${err}`);
};

// Wycheproof's private keys are ASN.1 INTEGER contents: strip a sign byte, left-pad to 32.
const privateKey32 = (h) => {
  let b = unhex(h);
  while (b.length > 32 && b[0] === 0) b = b.subarray(1);
  const out = new Uint8Array(32);
  out.set(b, 32 - b.length);
  return out;
};

test('Wycheproof ecdh_secp256k1 (DER SPKI public keys; compressed accepted, other acceptable cases rejected)', () => {
  const j = loadVector('wycheproof/ecdh_secp256k1_test.json');
  const tally = { valid: 0, invalid: 0, accepted: 0, rejected: 0 };
  for (const g of j.testGroups) {
    for (const t of g.tests) {
      const where = `tcId ${t.tcId} (${t.result}: ${t.comment})`;
      const sk = privateKey32(t.private);
      const run = () => {
        const point = ehr.secp256k1.publicKeyFromSpki(unhex(t.public));
        // Both the byte-level function and a key handle give the same answer.
        const viaBytes = ehr.secp256k1.ecdh(sk, point);
        const key = ehr.secp256k1.PrivateKey.fromBytes(sk);
        try {
          assert.equal(hex(key.ecdh(point)), hex(viaBytes));
        } finally {
          key.dispose();
        }
        return viaBytes;
      };
      const expectOk = t.result === 'valid' || (t.result === 'acceptable' && t.flags.includes('CompressedPublic'));
      if (expectOk) {
        assert.equal(hex(run()), t.shared, where);
        tally[t.result === 'valid' ? 'valid' : 'accepted']++;
      } else {
        let err;
        try {
          run();
        } catch (e) {
          err = e;
        }
        assert.ok(err, `${where}: must be rejected`);
        assert.ok(['ERR_BAD_ENCODING', 'ERR_INVALID_PUBLIC_KEY'].includes(err.code), `${where}: ${err}`);
        tally[t.result === 'invalid' ? 'invalid' : 'rejected']++;
      }
    }
  }
  assert.equal(count(j), j.numberOfTests);
  assert.equal(tally.valid + tally.invalid + tally.accepted + tally.rejected, j.numberOfTests);
  console.log(`# ecdh_secp256k1: ${JSON.stringify(tally)}`);
});

test('Wycheproof x25519 (acceptable: computed per RFC 7748, except all-zero results which are refused)', () => {
  const j = loadVector('wycheproof/x25519_test.json');
  const tally = { valid: 0, computed: 0, refused: 0 };
  for (const g of j.testGroups) {
    for (const t of g.tests) {
      const where = `tcId ${t.tcId} (${t.result}: ${t.comment})`;
      const sk = unhex(t.private);
      const pk = unhex(t.public);
      if (t.result === 'acceptable' && t.shared === ZERO32) {
        expectCode(() => ehr.x25519.scalarMult(sk, pk), 'ERR_INVALID_PUBLIC_KEY', where);
        tally.refused++;
        continue;
      }
      assert.ok(t.result === 'valid' || t.result === 'acceptable', where);
      assert.equal(hex(ehr.x25519.scalarMult(sk, pk)), t.shared, where);
      const kp = ehr.x25519.KeyPair.fromSecretKey(sk);
      try {
        assert.equal(hex(kp.sharedSecret(pk)), t.shared, where);
      } finally {
        kp.dispose();
      }
      tally[t.result === 'valid' ? 'valid' : 'computed']++;
    }
  }
  assert.equal(tally.valid + tally.computed + tally.refused, j.numberOfTests);
  console.log(`# x25519: ${JSON.stringify(tally)}`);
});

for (const [file, name] of [
  ['chacha20_poly1305_test.json', 'chacha20poly1305'],
  ['xchacha20_poly1305_test.json', 'xchacha20poly1305'],
]) {
  test(`Wycheproof ${file}`, () => {
    const j = loadVector(`wycheproof/${file}`);
    const c = ehr.aead[name];
    let n = 0;
    for (const g of j.testGroups) {
      for (const t of g.tests) {
        n++;
        const where = `tcId ${t.tcId} (${t.comment})`;
        const key = unhex(t.key),
          iv = unhex(t.iv),
          aad = unhex(t.aad),
          msg = unhex(t.msg);
        const ct = new Uint8Array([...unhex(t.ct), ...unhex(t.tag)]);
        if (t.result === 'valid') {
          assert.equal(hex(c.encrypt(key, iv, msg, aad)), hex(ct), where);
          assert.equal(hex(c.decrypt(key, iv, ct, aad)), t.msg, where);
          const handle = ehr.SymmetricKey.fromBytes(key);
          try {
            assert.equal(hex(c.decrypt(handle, iv, ct, aad)), t.msg, where);
          } finally {
            handle.dispose();
          }
        } else {
          assert.equal(t.result, 'invalid');
          const code =
            iv.length !== c.NONCE_BYTES ? 'ERR_BAD_LENGTH' : ct.length < 16 ? 'ERR_BAD_LENGTH' : 'ERR_AUTH_FAILED';
          expectCode(() => c.decrypt(key, iv, ct, aad), code, where);
        }
      }
    }
    assert.equal(n, j.numberOfTests);
  });
}

for (const [file, fn, full] of [
  ['hmac_sha256_test.json', 'hmacSha256', 32],
  ['hmac_sha512_test.json', 'hmacSha512', 64],
]) {
  test(`Wycheproof ${file} (truncated tags compared as a prefix)`, () => {
    const j = loadVector(`wycheproof/${file}`);
    let n = 0,
      truncated = 0;
    for (const g of j.testGroups) {
      for (const t of g.tests) {
        n++;
        const tag = ehr[fn](unhex(t.key), unhex(t.msg));
        assert.equal(tag.length, full);
        const want = t.tag;
        assert.equal(want.length, g.tagSize / 4);
        if (want.length < full * 2) truncated++;
        const matches = hex(tag).slice(0, want.length) === want;
        assert.equal(matches, t.result === 'valid', `tcId ${t.tcId} (${t.result})`);
      }
    }
    assert.equal(n, j.numberOfTests);
    assert.ok(truncated > 0);
  });
}

test('Wycheproof hkdf_sha256', () => {
  const j = loadVector('wycheproof/hkdf_sha256_test.json');
  let n = 0;
  for (const g of j.testGroups) {
    for (const t of g.tests) {
      n++;
      const args = [unhex(t.ikm), { salt: unhex(t.salt), info: unhex(t.info), length: t.size }];
      if (t.result === 'valid') {
        assert.equal(hex(ehr.hkdf.derive(...args)), t.okm, `tcId ${t.tcId}`);
        const prk = ehr.hkdf.extract(unhex(t.salt), unhex(t.ikm));
        assert.equal(hex(ehr.hkdf.expand(prk, unhex(t.info), t.size)), t.okm, `tcId ${t.tcId}`);
      } else {
        expectCode(() => ehr.hkdf.derive(...args), 'ERR_BAD_LENGTH', `tcId ${t.tcId}`);
      }
    }
  }
  assert.equal(n, j.numberOfTests);
});

test('known answers: SHA-512, BLAKE2b (RFC 7693), HKDF (RFC 5869 A.1), X25519 (RFC 7748 6.1)', () => {
  const abc = new TextEncoder().encode('abc');
  assert.equal(
    hex(ehr.sha512(abc)),
    'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
  );
  assert.equal(
    hex(ehr.blake2b(abc, { dkLen: 64 })),
    'ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923',
  );
  const okm = ehr.hkdf.derive(new Uint8Array(22).fill(0x0b), {
    salt: unhex('000102030405060708090a0b0c'),
    info: unhex('f0f1f2f3f4f5f6f7f8f9'),
    length: 42,
  });
  assert.equal(hex(okm), '3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865');
  const aliceSk = unhex('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a');
  const bobPk = unhex('de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f');
  assert.equal(
    hex(ehr.x25519.scalarMultBase(aliceSk)),
    '8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a',
  );
  assert.equal(
    hex(ehr.x25519.scalarMult(aliceSk, bobPk)),
    '4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742',
  );
});
