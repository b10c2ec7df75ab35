// Random differential tests against @noble/curves, @noble/hashes and ethers: byte-for-byte
// agreement on at least 1,000 random cases per function. Seeded; the seed is printed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { secp256k1 as noble } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { getAddress, computeAddress, hexlify } from 'ethers';
import { init, makeRng, hex } from './helpers.mjs';

const ehr = await init();
const N = Number(process.env.EHR_DIFF_CASES ?? 1000);
const rng = makeRng('differential');

// Sizes around the Keccak rate (136) and the SHA-256 block (64), the I/O arena (64 KiB) and beyond.
const randomLength = () => {
  const r = rng.int(10);
  if (r < 6) return rng.int(300);
  if (r < 8) return rng.int(5000);
  if (r < 9) return 65536 - 70 + rng.int(140);
  return rng.int(200000);
};

const randomKey = () => {
  for (;;) {
    const k = rng.bytes(32);
    if (noble.utils.isValidSecretKey(k)) return k;
  }
};

test(`keccak256: ${N} random inputs vs @noble/hashes`, () => {
  for (let i = 0; i < N; i++) {
    const m = rng.bytes(randomLength());
    assert.equal(hex(ehr.keccak256(m)), hex(keccak_256(m)), `len ${m.length}`);
  }
});

test(`sha256: ${N} random inputs vs @noble/hashes`, () => {
  for (let i = 0; i < N; i++) {
    const m = rng.bytes(randomLength());
    assert.equal(hex(ehr.sha256(m)), hex(sha256(m)), `len ${m.length}`);
  }
});

test(`incremental keccak256/sha256: ${N} random split streams`, () => {
  for (let i = 0; i < N; i++) {
    const m = rng.bytes(rng.int(3000));
    const k = ehr.createKeccak256();
    const s = ehr.createSha256();
    for (let off = 0; off < m.length;) {
      const step = 1 + rng.int(400);
      k.update(m.subarray(off, off + step));
      s.update(m.subarray(off, off + step));
      off += step;
    }
    assert.equal(hex(k.digest()), hex(keccak_256(m)));
    assert.equal(hex(s.digest()), hex(sha256(m)));
  }
});

test(`isValidPrivateKey: ${N} random and edge keys vs @noble/curves`, () => {
  const n = noble.Point.CURVE().n;
  const edge = [0n, 1n, n - 1n, n, n + 1n, 2n ** 256n - 1n].map((v) => {
    const b = new Uint8Array(32);
    for (let i = 31, x = v; i >= 0; i--, x >>= 8n) b[i] = Number(x & 0xffn);
    return b;
  });
  for (let i = 0; i < N; i++) {
    const k =
      i < edge.length
        ? edge[i]
        : rng.int(4) === 0
          ? new Uint8Array(32).fill(0xff).map((x) => (rng.int(2) ? x : rng.u32() & 0xff))
          : rng.bytes(32);
    assert.equal(ehr.secp256k1.isValidPrivateKey(k), noble.utils.isValidSecretKey(k), hex(k));
  }
});

test(`getPublicKey: ${N} random keys vs @noble/curves (compressed and uncompressed)`, () => {
  for (let i = 0; i < N; i++) {
    const k = randomKey();
    assert.equal(hex(ehr.secp256k1.getPublicKey(k, true)), hex(noble.getPublicKey(k, true)));
    assert.equal(hex(ehr.secp256k1.getPublicKey(k, false)), hex(noble.getPublicKey(k, false)));
  }
});

test(`sign: ${N} random keys and digests vs @noble/curves (RFC 6979, low-s, recovery id)`, () => {
  for (let i = 0; i < N; i++) {
    const k = randomKey();
    const h = rng.bytes(32);
    const ours = ehr.secp256k1.sign(h, k);
    // noble's 'recovered' format is v || r || s.
    const theirs = noble.sign(h, k, { prehash: false, format: 'recovered' });
    assert.equal(hex(ours), hex(theirs.subarray(1)) + hex(theirs.subarray(0, 1)));
  }
});

test(`verify: ${N} random cases (valid, tampered, high-s) vs @noble/curves`, () => {
  for (let i = 0; i < N; i++) {
    const k = randomKey();
    const h = rng.bytes(32);
    const pub = noble.getPublicKey(k, rng.int(2) === 0);
    let sig = noble.sign(h, k, { prehash: false });
    const mode = rng.int(4);
    if (mode === 1) sig[rng.int(64)] ^= 1 << rng.int(8);
    if (mode === 2) h[rng.int(32)] ^= 1 << rng.int(8);
    if (mode === 3) {
      const s = noble.Signature.fromBytes(sig, 'compact');
      sig = new noble.Signature(s.r, noble.Point.CURVE().n - s.s).toBytes('compact');
    }
    for (const lowS of [true, false]) {
      let expected;
      try {
        expected = noble.verify(sig, h, pub, { prehash: false, lowS });
      } catch {
        expected = false;
      }
      assert.equal(ehr.secp256k1.verify(sig, h, pub, { lowS }), expected, `mode ${mode} lowS ${lowS}`);
    }
  }
});

test(`recover: ${N} random signatures vs @noble/curves`, () => {
  for (let i = 0; i < N; i++) {
    const k = randomKey();
    const h = rng.bytes(32);
    const rec = noble.sign(h, k, { prehash: false, format: 'recovered' });
    const ours = new Uint8Array(65);
    ours.set(rec.subarray(1), 0);
    ours[64] = rec[0];
    const expected = noble.Signature.fromBytes(rec, 'recovered').recoverPublicKey(h).toBytes(false);
    assert.equal(hex(ehr.secp256k1.recover(ours, h)), hex(expected));
    assert.equal(hex(ehr.secp256k1.recover(ours, h, true)), hex(noble.getPublicKey(k, true)));
  }
});

test(`address: ${N} random keys vs ethers (EIP-55)`, () => {
  for (let i = 0; i < N; i++) {
    const k = randomKey();
    const pub = noble.getPublicKey(k, false);
    const expected = computeAddress(hexlify(pub));
    assert.equal(ehr.address.fromPublicKey(pub), expected);
    assert.equal(ehr.address.toChecksum(expected.toLowerCase()), getAddress(expected.toLowerCase()));
    assert.equal(hex(ehr.address.parse(expected)), expected.slice(2).toLowerCase());
  }
});
