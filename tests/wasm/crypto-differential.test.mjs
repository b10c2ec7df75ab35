// Random differential tests of the crypto area against libsodium-wrappers-sumo and @noble/*:
// byte-for-byte agreement on at least 1,000 random cases per function. Seeded; the seed is printed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createECDH, createPublicKey } from 'node:crypto';
import _sodium from 'libsodium-wrappers-sumo';
import { sha256 as nSha256, sha512 as nSha512 } from '@noble/hashes/sha2.js';
import { blake2b as nBlake2b } from '@noble/hashes/blake2.js';
import { hmac as nHmac } from '@noble/hashes/hmac.js';
import { hkdf as nHkdf, extract as nExtract, expand as nExpand } from '@noble/hashes/hkdf.js';
import { argon2id as nArgon2id } from '@noble/hashes/argon2.js';
import { secp256k1 as nK1 } from '@noble/curves/secp256k1.js';
import { x25519 as nX25519 } from '@noble/curves/ed25519.js';
import { chacha20poly1305 as nChacha, xchacha20poly1305 as nXChacha } from '@noble/ciphers/chacha.js';
import { init, makeRng, hex } from './helpers.mjs';

await _sodium.ready;
const na = _sodium;
const ehr = await init();
const N = Number(process.env.EHR_DIFF_CASES ?? 1000);
const rng = makeRng('crypto differential');

// Lengths around block sizes (64, 128), the 64 KiB I/O arena and beyond.
const randomLength = () => {
  const r = rng.int(20);
  if (r < 12) return rng.int(300);
  if (r < 17) return rng.int(5000);
  if (r < 19) return 65536 - 100 + rng.int(200);
  return rng.int(150000);
};
const k1Key = () => {
  for (;;) {
    const k = rng.bytes(32);
    if (nK1.utils.isValidSecretKey(k)) return k;
  }
};

test(`sha512: ${N} random inputs vs @noble/hashes and libsodium`, () => {
  for (let i = 0; i < N; i++) {
    const m = rng.bytes(randomLength());
    const ours = hex(ehr.sha512(m));
    assert.equal(ours, hex(nSha512(m)), `len ${m.length}`);
    assert.equal(ours, hex(na.crypto_hash_sha512(m)), `len ${m.length}`);
  }
});

test(`sha256 (our implementation): ${N} random inputs vs libsodium's`, () => {
  for (let i = 0; i < N; i++) {
    const m = rng.bytes(randomLength());
    assert.equal(hex(ehr.sha256(m)), hex(na.crypto_hash_sha256(m)), `len ${m.length}`);
  }
});

test(`incremental sha512, blake2b (keyed, any length): ${N} random split streams vs @noble/hashes`, () => {
  for (let i = 0; i < N; i++) {
    const m = rng.bytes(rng.int(3000));
    const dkLen = 1 + rng.int(64);
    const key = rng.int(3) === 0 ? undefined : rng.bytes(1 + rng.int(64));
    const s = ehr.createSha512();
    const b = ehr.createBlake2b({ dkLen, key });
    for (let off = 0; off < m.length;) {
      const step = 1 + rng.int(400);
      s.update(m.subarray(off, off + step));
      b.update(m.subarray(off, off + step));
      off += step;
    }
    assert.equal(hex(s.digest()), hex(nSha512(m)));
    assert.equal(hex(b.digest()), hex(nBlake2b(m, { dkLen, key })), `dkLen ${dkLen} key ${key?.length}`);
  }
});

test(`blake2b: ${N} random (data, dkLen 1..64, key 0..64) vs @noble/hashes and libsodium`, () => {
  let viaSodium = 0;
  for (let i = 0; i < N; i++) {
    const m = rng.bytes(randomLength());
    const dkLen = rng.int(2) ? 32 : 1 + rng.int(64);
    const key = rng.int(3) === 0 ? undefined : rng.bytes(rng.int(65));
    const ours = hex(ehr.blake2b(m, { dkLen, key }));
    assert.equal(
      ours,
      hex(nBlake2b(m, { dkLen, key: key?.length ? key : undefined })),
      `dkLen ${dkLen} key ${key?.length}`,
    );
    // libsodium's generichash takes 16..64-byte outputs and (when keyed) 16..64-byte keys.
    if (dkLen >= 16 && (key === undefined || key.length === 0 || key.length >= 16)) {
      viaSodium++;
      assert.equal(ours, hex(na.crypto_generichash(dkLen, m, key?.length ? key : null)));
    }
  }
  assert.ok(viaSodium > N / 2);
});

test(`hmacSha256 / hmacSha512: ${N} random keys (0..300 bytes) and messages vs @noble/hashes and libsodium`, () => {
  for (let i = 0; i < N; i++) {
    const key = rng.bytes(rng.int(301));
    const m = rng.bytes(randomLength());
    const t256 = hex(ehr.hmacSha256(key, m));
    const t512 = hex(ehr.hmacSha512(key, m));
    assert.equal(t256, hex(nHmac(nSha256, key, m)));
    assert.equal(t512, hex(nHmac(nSha512, key, m)));
    let st = na.crypto_auth_hmacsha256_init(key);
    na.crypto_auth_hmacsha256_update(st, m);
    assert.equal(t256, hex(na.crypto_auth_hmacsha256_final(st)));
    st = na.crypto_auth_hmacsha512_init(key);
    na.crypto_auth_hmacsha512_update(st, m);
    assert.equal(t512, hex(na.crypto_auth_hmacsha512_final(st)));
  }
});

test(`hkdf derive / extract / expand: ${N} random cases vs @noble/hashes`, () => {
  for (let i = 0; i < N; i++) {
    const ikm = rng.bytes(rng.int(200));
    const salt = rng.bytes(rng.int(3) === 0 ? 0 : rng.int(200));
    const info = rng.bytes(rng.int(100));
    const length = rng.int(10) === 0 ? 1 + rng.int(8160) : 1 + rng.int(200);
    assert.equal(hex(ehr.hkdf.derive(ikm, { salt, info, length })), hex(nHkdf(nSha256, ikm, salt, info, length)));
    const prk = ehr.hkdf.extract(salt, ikm);
    assert.equal(hex(prk), hex(nExtract(nSha256, ikm, salt)));
    const longPrk = rng.int(4) === 0 ? rng.bytes(32 + rng.int(100)) : prk;
    assert.equal(hex(ehr.hkdf.expand(longPrk, info, length)), hex(nExpand(nSha256, longPrk, info, length)));
  }
});

test(`argon2id: ${N} random (password, salt, t 1..3, m 8..64 KiB, length) vs @noble/hashes and libsodium`, () => {
  for (let i = 0; i < N; i++) {
    const password = rng.bytes(rng.int(64));
    const salt = rng.bytes(16);
    const t = 1 + rng.int(3);
    const mKiB = 8 + rng.int(57);
    const length = 16 + rng.int(49);
    const ours = hex(ehr.argon2id(password, salt, { opsLimit: t, memLimit: mKiB * 1024, length }));
    assert.equal(ours, hex(nArgon2id(password, salt, { t, m: mKiB, p: 1, dkLen: length })), `t ${t} m ${mKiB}`);
    assert.equal(ours, hex(na.crypto_pwhash(length, password, salt, t, mKiB * 1024, na.crypto_pwhash_ALG_ARGON2ID13)));
  }
});

test(`argon2id defaults are libsodium's interactive limits (one case)`, () => {
  const pw = new TextEncoder().encode('correct horse battery staple');
  const salt = rng.bytes(16);
  assert.equal(
    hex(ehr.argon2id(pw, salt)),
    hex(
      na.crypto_pwhash(
        32,
        pw,
        salt,
        na.crypto_pwhash_OPSLIMIT_INTERACTIVE,
        na.crypto_pwhash_MEMLIMIT_INTERACTIVE,
        na.crypto_pwhash_ALG_ARGON2ID13,
      ),
    ),
  );
});

test(`secp256k1 ECDH (bytes and PrivateKey handles, raw x and sha256): ${N} random pairs vs @noble/curves and node:crypto`, () => {
  for (let i = 0; i < N; i++) {
    const a = k1Key();
    const b = k1Key();
    const pubB = nK1.getPublicKey(b, rng.int(2) === 0);
    const point = nK1.getSharedSecret(a, pubB, true); // 02/03 || x
    const x = hex(point.subarray(1));
    assert.equal(hex(ehr.secp256k1.ecdh(a, pubB)), x);
    if (i % 4 === 0) {
      // OpenSSL's ECDH (node:crypto) gives the same raw x-coordinate.
      const o = createECDH('secp256k1');
      o.setPrivateKey(a);
      assert.equal(o.computeSecret(pubB).toString('hex'), x);
    }
    assert.equal(hex(ehr.secp256k1.ecdh(a, pubB, { hash: 'sha256' })), hex(nSha256(point)));
    const key = ehr.secp256k1.PrivateKey.fromBytes(a);
    try {
      assert.equal(hex(key.ecdh(pubB)), x);
      assert.equal(hex(key.ecdh(pubB, { hash: 'sha256' })), hex(nSha256(point)));
    } finally {
      key.dispose();
    }
  }
});

test(`PrivateKey handles: ${N} random keys, publicKey and sign vs @noble/curves`, () => {
  for (let i = 0; i < N; i++) {
    const sk = k1Key();
    const h = rng.bytes(32);
    const key = ehr.secp256k1.PrivateKey.fromBytes(sk);
    try {
      assert.equal(hex(key.publicKey()), hex(nK1.getPublicKey(sk, true)));
      assert.equal(hex(key.publicKey(false)), hex(nK1.getPublicKey(sk, false)));
      const theirs = nK1.sign(h, sk, { prehash: false, format: 'recovered' });
      assert.equal(hex(key.sign(h)), hex(theirs.subarray(1)) + hex(theirs.subarray(0, 1)));
    } finally {
      key.dispose();
    }
  }
  assert.equal(ehr.liveHandles(), 0);
});

test(`secp256k1 SPKI: ${N} random keys encode/parse vs node:crypto (OpenSSL)`, () => {
  for (let i = 0; i < N; i++) {
    const sk = k1Key();
    const compressed = rng.int(2) === 0;
    const pub = nK1.getPublicKey(sk, compressed);
    const full = nK1.getPublicKey(sk, false);
    const der = ehr.secp256k1.publicKeyToSpki(pub);
    // OpenSSL reads our DER (either point form) as the same key ...
    const jwk = createPublicKey({ key: Buffer.from(der), format: 'der', type: 'spki' }).export({ format: 'jwk' });
    assert.equal(jwk.crv, 'secp256k1');
    assert.equal(
      Buffer.from(jwk.x, 'base64url').toString('hex') + Buffer.from(jwk.y, 'base64url').toString('hex'),
      hex(full.subarray(1)),
    );
    // ... and its own DER export (uncompressed) is byte-for-byte ours.
    const theirs = createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'der' });
    assert.equal(hex(ehr.secp256k1.publicKeyToSpki(full)), hex(theirs));
    assert.equal(hex(ehr.secp256k1.publicKeyFromSpki(theirs)), hex(full));
    assert.equal(hex(ehr.secp256k1.publicKeyFromSpki(der)), hex(pub));
  }
});

test(`x25519: ${N} random scalar multiplications vs @noble/curves and libsodium`, () => {
  for (let i = 0; i < N; i++) {
    const sk = rng.bytes(32);
    const pk = rng.int(2) ? nX25519.getPublicKey(rng.bytes(32)) : rng.bytes(32);
    const ours = hex(ehr.x25519.scalarMult(sk, pk));
    assert.equal(ours, hex(nX25519.getSharedSecret(sk, pk)));
    assert.equal(ours, hex(na.crypto_scalarmult(sk, pk)));
    const base = hex(ehr.x25519.scalarMultBase(sk));
    assert.equal(base, hex(nX25519.getPublicKey(sk)));
    assert.equal(base, hex(na.crypto_scalarmult_base(sk)));
  }
});

test(`x25519 key pairs: ${N} seeds and secret keys vs libsodium (crypto_box_seed_keypair)`, () => {
  for (let i = 0; i < N; i++) {
    const seed = rng.bytes(32);
    const theirs = na.crypto_box_seed_keypair(seed);
    const kp = ehr.x25519.KeyPair.fromSeed(seed);
    const peer = na.crypto_box_keypair();
    try {
      assert.equal(hex(kp.publicKey), hex(theirs.publicKey));
      // Same secret key: same shared secret with any peer.
      assert.equal(hex(kp.sharedSecret(peer.publicKey)), hex(na.crypto_scalarmult(theirs.privateKey, peer.publicKey)));
      const again = ehr.x25519.KeyPair.fromSecretKey(theirs.privateKey);
      assert.equal(hex(again.publicKey), hex(theirs.publicKey));
      again.dispose();
    } finally {
      kp.dispose();
    }
  }
});

test(`sealed boxes: ${N} random messages sealed by each side and opened by the other (libsodium)`, () => {
  for (let i = 0; i < N; i++) {
    const m = rng.bytes(rng.int(10) === 0 ? randomLength() : rng.int(100));
    const theirs = na.crypto_box_keypair();
    const ours = ehr.x25519.KeyPair.fromSecretKey(theirs.privateKey);
    try {
      const c1 = ehr.sealedBox.seal(m, theirs.publicKey);
      assert.equal(c1.length, m.length + 48);
      assert.equal(hex(na.crypto_box_seal_open(c1, theirs.publicKey, theirs.privateKey)), hex(m));
      const c2 = na.crypto_box_seal(m, theirs.publicKey);
      assert.equal(hex(ehr.sealedBox.open(c2, ours)), hex(m));
    } finally {
      ours.dispose();
    }
  }
});

for (const [name, nonceLen, sodiumEnc, noble] of [
  ['chacha20poly1305', 12, 'crypto_aead_chacha20poly1305_ietf_encrypt', nChacha],
  ['xchacha20poly1305', 24, 'crypto_aead_xchacha20poly1305_ietf_encrypt', nXChacha],
]) {
  test(`aead.${name}: ${N} random (key, nonce, ad, message) vs libsodium and @noble/ciphers`, () => {
    const c = ehr.aead[name];
    for (let i = 0; i < N; i++) {
      const key = rng.bytes(32);
      const nonce = rng.bytes(nonceLen);
      const ad = rng.bytes(rng.int(3) === 0 ? 0 : rng.int(100));
      const m = rng.bytes(randomLength());
      const ours = c.encrypt(key, nonce, m, ad);
      assert.equal(hex(ours), hex(na[sodiumEnc](m, ad, null, nonce, key)), `len ${m.length}`);
      assert.equal(hex(ours), hex(noble(key, nonce, ad).encrypt(m)));
      assert.equal(hex(c.decrypt(key, nonce, ours, ad)), hex(m));
    }
  });
}

test(`secretstream: ${N} random streams pushed by each side and pulled by the other (libsodium)`, () => {
  const TAGS = [0, 1, 2];
  for (let i = 0; i < N; i++) {
    const key = rng.bytes(32);
    const chunks = Array.from({ length: 1 + rng.int(5) }, () =>
      rng.bytes(rng.int(10) === 0 ? randomLength() : rng.int(300)),
    );
    const tags = chunks.map((_, j) => (j === chunks.length - 1 ? 3 : TAGS[rng.int(3)]));
    const ads = chunks.map(() => (rng.int(4) === 0 ? rng.bytes(rng.int(40)) : undefined));
    // Ours -> libsodium.
    const push = ehr.secretstream.createPush(key);
    const st = na.crypto_secretstream_xchacha20poly1305_init_pull(push.header, key);
    chunks.forEach((m, j) => {
      const ct = push.push(m, { tag: tags[j], ad: ads[j] });
      const r = na.crypto_secretstream_xchacha20poly1305_pull(st, ct, ads[j] ?? null);
      assert.ok(r, `chunk ${j}`);
      assert.equal(hex(r.message), hex(m));
      assert.equal(r.tag, tags[j]);
    });
    push.dispose();
    // libsodium -> ours.
    const { state, header } = na.crypto_secretstream_xchacha20poly1305_init_push(key);
    const pull = ehr.secretstream.createPull(header, key);
    chunks.forEach((m, j) => {
      const ct = na.crypto_secretstream_xchacha20poly1305_push(state, m, ads[j] ?? null, tags[j]);
      const r = pull.pull(ct, { ad: ads[j] });
      assert.equal(hex(r.plaintext), hex(m));
      assert.equal(r.tag, tags[j]);
      assert.equal(r.final, tags[j] === 3);
    });
    pull.end();
  }
  assert.equal(ehr.liveHandles(), 0);
});

test(`secretstream TransformStreams: ${N} random inputs encrypted by encryptStream and read by libsodium`, async () => {
  for (let i = 0; i < N; i++) {
    const key = rng.bytes(32);
    const chunkSize = 1 + rng.int(rng.int(2) ? 64 : 3000);
    const data = rng.bytes(rng.int(4) === 0 ? chunkSize * rng.int(4) : rng.int(5000));
    const src = new ReadableStream({
      start(c) {
        for (let o = 0; o < data.length; o += 700) c.enqueue(data.slice(o, o + 700));
        c.close();
      },
    });
    const parts = [];
    for await (const p of src.pipeThrough(ehr.secretstream.encryptStream(key, { chunkSize }))) parts.push(p);
    const wire = Buffer.concat(parts);
    const st = na.crypto_secretstream_xchacha20poly1305_init_pull(wire.subarray(0, 24), key);
    const out = [];
    let off = 24,
      last = 0;
    while (off < wire.length) {
      const n = Math.min(chunkSize + 17, wire.length - off);
      const r = na.crypto_secretstream_xchacha20poly1305_pull(st, wire.subarray(off, off + n), null);
      assert.ok(r, `chunk at ${off}`);
      out.push(r.message);
      last = r.tag;
      off += n;
    }
    assert.equal(last, na.crypto_secretstream_xchacha20poly1305_TAG_FINAL);
    assert.equal(Buffer.concat(out).toString('hex'), hex(data), `len ${data.length} chunkSize ${chunkSize}`);
  }
  assert.equal(ehr.liveHandles(), 0);
});
