// Every invalid input raises a typed error with a stable code, and the module stays usable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { init } from './helpers.mjs';
import { EhrError } from '../../wasm/js/ehr.js';

const ehr = await init();
const k1 = ehr.secp256k1;
const sk = new Uint8Array(32).fill(1);
const h = new Uint8Array(32).fill(2);

const expectError = (fn, Klass, code) => {
  assert.throws(fn, (e) => e instanceof Klass && e.code === code, `expected ${Klass.name} ${code}`);
};

test('wrong types raise TypeError ERR_BAD_TYPE', () => {
  for (const bad of [undefined, null, 'ab', 42, [1, 2], new ArrayBuffer(32), new Uint16Array(16)]) {
    expectError(() => ehr.keccak256(bad), TypeError, 'ERR_BAD_TYPE');
    expectError(() => ehr.sha256(bad), TypeError, 'ERR_BAD_TYPE');
    expectError(() => k1.isValidPrivateKey(bad), TypeError, 'ERR_BAD_TYPE');
    expectError(() => k1.getPublicKey(bad), TypeError, 'ERR_BAD_TYPE');
    expectError(() => k1.sign(bad, sk), TypeError, 'ERR_BAD_TYPE');
    expectError(() => k1.sign(h, bad), TypeError, 'ERR_BAD_TYPE');
    expectError(() => k1.verify(bad, h, sk), TypeError, 'ERR_BAD_TYPE');
    expectError(() => k1.recover(bad, h), TypeError, 'ERR_BAD_TYPE');
    expectError(() => k1.signatureFromDer(bad), TypeError, 'ERR_BAD_TYPE');
    expectError(() => ehr.address.fromPublicKey(bad), TypeError, 'ERR_BAD_TYPE');
    expectError(() => ehr.wipe(bad), TypeError, 'ERR_BAD_TYPE');
  }
  expectError(() => ehr.address.parse(42), TypeError, 'ERR_BAD_TYPE');
});

test('wrong lengths raise RangeError ERR_BAD_LENGTH', () => {
  for (const n of [0, 31, 33, 64]) {
    expectError(() => k1.isValidPrivateKey(new Uint8Array(n)), RangeError, 'ERR_BAD_LENGTH');
    expectError(() => k1.getPublicKey(new Uint8Array(n)), RangeError, 'ERR_BAD_LENGTH');
    expectError(() => k1.sign(new Uint8Array(n), sk), RangeError, 'ERR_BAD_LENGTH');
    expectError(() => k1.sign(h, new Uint8Array(n)), RangeError, 'ERR_BAD_LENGTH');
    expectError(() => k1.recover(new Uint8Array(n), h), RangeError, 'ERR_BAD_LENGTH');
  }
  expectError(() => k1.verify(new Uint8Array(63), h, new Uint8Array(33)), RangeError, 'ERR_BAD_LENGTH');
  expectError(() => k1.verify(new Uint8Array(64), h, new Uint8Array(34)), RangeError, 'ERR_BAD_LENGTH');
  expectError(() => ehr.address.fromPublicKey(new Uint8Array(32)), RangeError, 'ERR_BAD_LENGTH');
  expectError(() => ehr.address.parse('0x1234'), RangeError, 'ERR_BAD_LENGTH');
  expectError(() => ehr.address.toChecksum(new Uint8Array(19)), RangeError, 'ERR_BAD_LENGTH');
});

test('crypto and format failures raise EhrError with a stable code', () => {
  expectError(() => k1.getPublicKey(new Uint8Array(32)), EhrError, 'ERR_INVALID_PRIVATE_KEY');
  expectError(() => k1.sign(h, new Uint8Array(32).fill(0xff)), EhrError, 'ERR_INVALID_PRIVATE_KEY');
  const badV = new Uint8Array(65).fill(1);
  badV[64] = 7;
  expectError(() => k1.recover(badV, h), EhrError, 'ERR_INVALID_SIGNATURE');
  expectError(() => k1.recover(new Uint8Array(65), h), EhrError, 'ERR_INVALID_SIGNATURE');
  expectError(() => k1.signatureFromDer(new Uint8Array([0x30, 0x01, 0x02])), EhrError, 'ERR_INVALID_SIGNATURE');
  // x = 2^256 - 1 is not below the field prime: no such point.
  const offCurve = new Uint8Array(33).fill(0xff);
  offCurve[0] = 2;
  expectError(() => k1.convertPublicKey(offCurve), EhrError, 'ERR_INVALID_PUBLIC_KEY');
  expectError(() => ehr.address.fromPublicKey(new Uint8Array(65).fill(4)), EhrError, 'ERR_INVALID_PUBLIC_KEY');
  expectError(() => ehr.address.parse('0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD'), EhrError, 'ERR_BAD_CHECKSUM');
  expectError(() => ehr.address.parse('0xzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz'), EhrError, 'ERR_BAD_ENCODING');
  assert.equal(ehr.address.isValid('0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD'), false);
  // Verification failures are `false`, not errors.
  assert.equal(k1.verify(new Uint8Array(64), h, offCurve), false);
});

test('finalized hashes refuse further use with ERR_BAD_HANDLE', () => {
  const k = ehr.createKeccak256();
  k.update(new Uint8Array(3));
  k.digest();
  expectError(() => k.update(new Uint8Array(1)), EhrError, 'ERR_BAD_HANDLE');
  expectError(() => k.digest(), EhrError, 'ERR_BAD_HANDLE');
  k.dispose();
});

test('the module stays usable after errors, and the key slot holds no key afterwards', () => {
  for (let i = 0; i < 1000; i++) {
    assert.throws(() => k1.getPublicKey(new Uint8Array(32)));
  }
  const pub = k1.getPublicKey(sk);
  assert.equal(pub.length, 33);
  assert.equal(k1.verify(k1.sign(h, sk), h, pub), true);
});
