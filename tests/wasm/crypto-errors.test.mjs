// The crypto area's error rules, identical for every function: TypeError ERR_BAD_TYPE for a wrong
// type, RangeError ERR_BAD_LENGTH for a wrong length or number, EhrError with a stable code for a
// failure the core reports; handles refuse use after dispose with ERR_BAD_HANDLE.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { init } from './helpers.mjs';
import { EhrError } from '../../wasm/js/ehr.js';

const ehr = await init();
const b = (n, v = 1) => new Uint8Array(n).fill(v);
const expectError = (fn, Klass, code, msg = '') => {
  assert.throws(fn, (e) => e instanceof Klass && e.code === code, `expected ${Klass.name} ${code} ${msg}`);
};
const BAD_TYPES = [undefined, null, 'ab', 42, [1, 2], new ArrayBuffer(32), new Uint16Array(16), {}];

test('wrong types raise TypeError ERR_BAD_TYPE in every new function', () => {
  const kp = ehr.x25519.KeyPair.generate();
  const sym = ehr.SymmetricKey.generate();
  const push = ehr.secretstream.createPush(sym);
  const pull = ehr.secretstream.createPull(push.header, sym);
  const pk = ehr.secp256k1.PrivateKey.generate();
  const calls = [
    (x) => ehr.sha512(x),
    (x) => ehr.blake2b(x),
    (x) => ehr.blake2b(b(1), { key: x ?? 5 }),
    (x) => ehr.createSha512().update(x),
    (x) => ehr.createBlake2b().update(x),
    (x) => ehr.hmacSha256(x, b(1)),
    (x) => ehr.hmacSha512(b(1), x),
    (x) => ehr.hkdf.derive(x),
    (x) => ehr.hkdf.extract(x, b(1)),
    (x) => ehr.hkdf.expand(b(32), x),
    (x) => ehr.argon2id(x, b(16)),
    (x) => ehr.argon2id(b(1), x),
    (x) => ehr.secp256k1.PrivateKey.fromBytes(x),
    (x) => pk.sign(x),
    (x) => pk.ecdh(x),
    (x) => ehr.secp256k1.ecdh(x, b(33)),
    (x) => ehr.secp256k1.publicKeyFromSpki(x),
    (x) => ehr.x25519.KeyPair.fromSeed(x),
    (x) => ehr.x25519.KeyPair.fromSecretKey(x),
    (x) => kp.sharedSecret(x),
    (x) => ehr.x25519.scalarMult(x, b(32)),
    (x) => ehr.sealedBox.seal(x, kp.publicKey),
    (x) => ehr.sealedBox.open(x, kp),
    (x) => ehr.SymmetricKey.fromBytes(x),
    (x) => ehr.aead.xchacha20poly1305.encrypt(x, b(24), b(1)),
    (x) => ehr.aead.xchacha20poly1305.encrypt(sym, x, b(1)),
    (x) => ehr.aead.chacha20poly1305.decrypt(sym, b(12), x),
    (x) => ehr.secretstream.createPush(x),
    (x) => ehr.secretstream.createPull(x, sym),
    (x) => push.push(x),
    (x) => pull.pull(x),
  ];
  for (const [i, call] of calls.entries()) {
    for (const bad of BAD_TYPES) {
      if (bad === undefined && [2, 7].includes(i)) continue; // optional arguments
      expectError(() => call(bad), TypeError, 'ERR_BAD_TYPE', `call ${i} with ${String(bad)}`);
    }
  }
  // Options and numbers.
  expectError(() => ehr.blake2b(b(1), 'x'), TypeError, 'ERR_BAD_TYPE');
  expectError(() => ehr.blake2b(b(1), { dkLen: '32' }), TypeError, 'ERR_BAD_TYPE');
  expectError(() => ehr.blake2b(b(1), { dkLen: 1.5 }), TypeError, 'ERR_BAD_TYPE');
  expectError(() => ehr.argon2id(b(1), b(16), { opsLimit: null }), TypeError, 'ERR_BAD_TYPE');
  expectError(() => ehr.randomBytes('8'), TypeError, 'ERR_BAD_TYPE');
  expectError(() => pk.ecdh(b(33), { hash: 'md5' }), TypeError, 'ERR_BAD_TYPE');
  expectError(() => push.push(b(1), { final: 'yes' }), TypeError, 'ERR_BAD_TYPE');
  expectError(() => ehr.sealedBox.open(b(48), pk), TypeError, 'ERR_BAD_TYPE');
  expectError(() => ehr.aead.xchacha20poly1305.encrypt(pk, b(24), b(1)), TypeError, 'ERR_BAD_TYPE');
  for (const h of [kp, sym, push, pull, pk]) h.dispose();
});

test('wrong lengths and out-of-range numbers raise RangeError ERR_BAD_LENGTH', () => {
  const kp = ehr.x25519.KeyPair.generate();
  const sym = ehr.SymmetricKey.generate();
  const pull = ehr.secretstream.createPull(b(24), sym);
  const pk = ehr.secp256k1.PrivateKey.generate();
  const cases = [
    () => ehr.blake2b(b(1), { dkLen: 0 }),
    () => ehr.blake2b(b(1), { dkLen: 65 }),
    () => ehr.blake2b(b(1), { key: b(65) }),
    () => ehr.createBlake2b({ dkLen: 65 }),
    () => ehr.hkdf.derive(b(1), { length: 0 }),
    () => ehr.hkdf.derive(b(1), { length: 8161 }),
    () => ehr.hkdf.expand(b(31), b(0), 32),
    () => ehr.argon2id(b(1), b(15)),
    () => ehr.argon2id(b(1), b(16), { length: 15 }),
    () => ehr.argon2id(b(1), b(16), { opsLimit: 0 }),
    () => ehr.argon2id(b(1), b(16), { memLimit: 8191 }),
    () => ehr.argon2id(b(1), b(16), { memLimit: 2 ** 30 + 1 }),
    () => ehr.randomBytes(-1),
    () => ehr.secp256k1.PrivateKey.fromBytes(b(31)),
    () => pk.sign(b(33)),
    () => pk.ecdh(b(64)),
    () => ehr.secp256k1.ecdh(b(32), b(34)),
    () => ehr.x25519.KeyPair.fromSeed(b(31)),
    () => ehr.x25519.scalarMult(b(32), b(33)),
    () => kp.sharedSecret(b(31)),
    () => ehr.sealedBox.seal(b(1), b(31)),
    () => ehr.sealedBox.open(b(47), kp),
    () => ehr.SymmetricKey.fromBytes(b(33)),
    () => ehr.aead.xchacha20poly1305.encrypt(b(32), b(12), b(1)),
    () => ehr.aead.chacha20poly1305.encrypt(b(32), b(24), b(1)),
    () => ehr.aead.xchacha20poly1305.encrypt(b(31), b(24), b(1)),
    () => ehr.aead.xchacha20poly1305.decrypt(b(32), b(24), b(15)),
    () => ehr.secretstream.createPull(b(23), sym),
    () => ehr.secretstream.createPush(b(16)),
    () => pull.pull(b(16)),
    () => ehr.secretstream.createPush(sym).push(b(1), { tag: 4 }),
    () => ehr.secretstream.encryptStream(sym, { chunkSize: 0 }),
  ];
  for (const [i, c] of cases.entries()) expectError(c, RangeError, 'ERR_BAD_LENGTH', `case ${i}`);
  ehr.disposeAll();
});

test('crypto failures raise EhrError with stable codes', () => {
  const kp = ehr.x25519.KeyPair.generate();
  const other = ehr.x25519.KeyPair.generate();
  const box = ehr.sealedBox.seal(b(10), kp.publicKey);
  expectError(() => ehr.sealedBox.open(box, other), EhrError, 'ERR_AUTH_FAILED');
  box[50] ^= 1;
  expectError(() => ehr.sealedBox.open(box, kp), EhrError, 'ERR_AUTH_FAILED');
  expectError(() => ehr.sealedBox.seal(b(1), b(32, 0)), EhrError, 'ERR_INVALID_PUBLIC_KEY');
  expectError(() => kp.sharedSecret(b(32, 0)), EhrError, 'ERR_INVALID_PUBLIC_KEY');
  expectError(() => ehr.x25519.scalarMult(b(32), b(32, 0)), EhrError, 'ERR_INVALID_PUBLIC_KEY');

  const key = b(32, 7),
    nonce = b(24, 1);
  const ct = ehr.aead.xchacha20poly1305.encrypt(key, nonce, b(100), b(3));
  expectError(() => ehr.aead.xchacha20poly1305.decrypt(key, nonce, ct, b(4)), EhrError, 'ERR_AUTH_FAILED');
  expectError(() => ehr.aead.xchacha20poly1305.decrypt(b(32, 8), nonce, ct, b(3)), EhrError, 'ERR_AUTH_FAILED');
  ct[0] ^= 1;
  expectError(() => ehr.aead.xchacha20poly1305.decrypt(key, nonce, ct, b(3)), EhrError, 'ERR_AUTH_FAILED');

  expectError(() => ehr.secp256k1.PrivateKey.fromBytes(b(32, 0)), EhrError, 'ERR_INVALID_PRIVATE_KEY');
  expectError(() => ehr.secp256k1.PrivateKey.fromBytes(b(32, 0xff)), EhrError, 'ERR_INVALID_PRIVATE_KEY');
  const pk = ehr.secp256k1.PrivateKey.generate();
  const offCurve = b(33, 0xff);
  offCurve[0] = 2;
  expectError(() => pk.ecdh(offCurve), EhrError, 'ERR_INVALID_PUBLIC_KEY');
  expectError(() => ehr.secp256k1.ecdh(b(32, 0), pk.publicKey()), EhrError, 'ERR_INVALID_PRIVATE_KEY');
  expectError(() => ehr.secp256k1.publicKeyFromSpki(b(88)), EhrError, 'ERR_BAD_ENCODING');
  const spki = ehr.secp256k1.publicKeyToSpki(pk.publicKey(false));
  spki[87] ^= 1;
  expectError(() => ehr.secp256k1.publicKeyFromSpki(spki), EhrError, 'ERR_INVALID_PUBLIC_KEY');
  ehr.disposeAll();
});

test('handles: use after dispose is ERR_BAD_HANDLE; dispose is idempotent; Symbol.dispose; disposeAll wipes all', () => {
  const before = ehr.liveHandles();
  const pk = ehr.secp256k1.PrivateKey.generate();
  const kp = ehr.x25519.KeyPair.generate();
  const sym = ehr.SymmetricKey.generate();
  const push = ehr.secretstream.createPush(sym);
  const pull = ehr.secretstream.createPull(push.header, sym);
  assert.equal(ehr.liveHandles(), before + 5);
  for (const h of [pk, kp, sym, push, pull]) {
    assert.equal(h.disposed, false);
    h.dispose();
    h.dispose();
    assert.equal(h.disposed, true);
  }
  assert.equal(ehr.liveHandles(), before);
  expectError(() => pk.sign(b(32)), EhrError, 'ERR_BAD_HANDLE');
  expectError(() => pk.publicKey(), EhrError, 'ERR_BAD_HANDLE');
  expectError(() => pk.ecdh(b(33)), EhrError, 'ERR_BAD_HANDLE');
  expectError(() => kp.publicKey, EhrError, 'ERR_BAD_HANDLE');
  expectError(() => kp.sharedSecret(b(32)), EhrError, 'ERR_BAD_HANDLE');
  expectError(() => ehr.sealedBox.open(b(48), kp), EhrError, 'ERR_BAD_HANDLE');
  expectError(() => ehr.aead.xchacha20poly1305.encrypt(sym, b(24), b(1)), EhrError, 'ERR_BAD_HANDLE');
  expectError(() => ehr.secretstream.createPush(sym), EhrError, 'ERR_BAD_HANDLE');
  expectError(() => push.push(b(1)), EhrError, 'ERR_BAD_HANDLE');
  expectError(() => pull.pull(b(17)), EhrError, 'ERR_BAD_HANDLE');
  expectError(() => pull.end(), EhrError, 'ERR_BAD_HANDLE');

  // Symbol.dispose (what `using` calls at the end of a block; Node 20 has the symbol, not the syntax).
  const k = ehr.secp256k1.PrivateKey.generate();
  assert.equal(typeof k[Symbol.dispose], 'function');
  k[Symbol.dispose]();
  assert.equal(k.disposed, true);

  // disposeAll (lock): every live key is wiped; objects still referring to them get ERR_BAD_HANDLE
  // from the module itself.
  const a = ehr.secp256k1.PrivateKey.generate();
  const s = ehr.SymmetricKey.generate();
  ehr.disposeAll();
  assert.equal(ehr.liveHandles(), 0);
  expectError(() => a.sign(b(32)), EhrError, 'ERR_BAD_HANDLE');
  expectError(() => ehr.aead.xchacha20poly1305.encrypt(s, b(24), b(1)), EhrError, 'ERR_BAD_HANDLE');
  a.dispose();
  s.dispose();
});

test('incremental hashes refuse use after digest, and the module stays usable after errors', () => {
  const h = ehr.createBlake2b({ dkLen: 16, key: b(16) });
  h.update(b(3));
  assert.equal(h.digest().length, 16);
  expectError(() => h.update(b(1)), EhrError, 'ERR_BAD_HANDLE');
  expectError(() => h.digest(), EhrError, 'ERR_BAD_HANDLE');
  const s = ehr.createSha512();
  s.dispose();
  expectError(() => s.update(b(1)), EhrError, 'ERR_BAD_HANDLE');
  for (let i = 0; i < 500; i++) assert.throws(() => ehr.aead.chacha20poly1305.decrypt(b(32), b(12), b(16)));
  assert.equal(
    ehr.aead.chacha20poly1305.decrypt(b(32), b(12), ehr.aead.chacha20poly1305.encrypt(b(32), b(12), b(5))).length,
    5,
  );
});

test('randomBytes: lengths, and outputs that differ', () => {
  assert.equal(ehr.randomBytes(0).length, 0);
  assert.equal(ehr.randomBytes(100000).length, 100000);
  const a = ehr.randomBytes(32),
    c = ehr.randomBytes(32);
  assert.notDeepEqual(a, c);
  // Crude sanity: 64 KiB of output has every byte value.
  assert.equal(new Set(ehr.randomBytes(65536)).size, 256);
});
