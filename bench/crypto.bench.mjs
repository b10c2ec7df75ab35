// Crypto benchmarks: the module ("ours") beside the libraries a web developer would pick instead,
// measured in the same process run. MB/s means 10^6 bytes per second.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { secp256k1 as noble } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import * as tiny from 'tiny-secp256k1';
import { createKeccak, createSHA256, argon2id as hwArgon2id } from 'hash-wasm';
import _sodium from 'libsodium-wrappers-sumo';
import { xchacha20poly1305 as nobleXChacha } from '@noble/ciphers/chacha.js';
import { init } from '../wasm/js/ehr.js';
import { measure, fill, timeMs } from './lib.mjs';

// The machine is shared (two cores, other builds running): each op's implementations are measured
// in alternation for ROUNDS rounds, and the value recorded is each implementation's best batch
// (lib.mjs measures in batches of about 5 ms and keeps the fastest per-op time), so a burst of load
// elsewhere lands on no implementation in particular. min/avg/max per op are recorded beside it.
const ROUNDS = Number(process.env.EHR_BENCH_ROUNDS ?? 3);

export async function run({ record }) {
  const ehr = await init();
  const compare = (op, unit, bytes, impls, minMs) => {
    const best = new Map();
    for (let r = 0; r < ROUNDS; r++) {
      for (const [impl, fn] of impls) {
        const m = measure(fn, { minMs });
        const prev = best.get(impl);
        if (!prev || m.minUs < prev.minUs) best.set(impl, m);
      }
    }
    for (const [impl] of impls) {
      const m = best.get(impl);
      const perSec = 1e6 / m.minUs;
      if (unit === 'ops/s') record({ op, impl, value: perSec, unit, minUs: m.minUs, avgUs: m.avgUs, maxUs: m.maxUs });
      else record({ op, impl, value: (perSec * bytes) / 1e6, unit, minUs: m.minUs, avgUs: m.avgUs, maxUs: m.maxUs });
    }
  };
  const ops = (op, impls) => compare(op, 'ops/s', 0, impls, 300);
  const mbps = (op, bytes, impls) => compare(op, 'MB/s', bytes, impls, 500);
  const millis = async (op, impls) => {
    const best = new Map();
    for (let r = 0; r < ROUNDS; r++) {
      for (const [impl, fn] of impls) {
        const t = await timeMs(fn, { runs: 1, warmup: r === 0 ? 1 : 0 });
        best.set(impl, Math.min(best.get(impl) ?? Infinity, t));
      }
    }
    for (const [impl] of impls) record({ op, impl, value: best.get(impl), unit: 'ms' });
  };

  // secp256k1
  const sk = fill(32, 7);
  const msg = fill(32, 9);
  const pub33 = ehr.secp256k1.getPublicKey(sk, true);
  const sig = ehr.secp256k1.sign(msg, sk);
  const compact = sig.subarray(0, 64);
  const nobleRec = noble.sign(msg, sk, { prehash: false, format: 'recovered' });
  const nobleSig = noble.Signature.fromBytes(nobleRec, 'recovered');

  ops('secp256k1.sign', [
    ['ours', () => ehr.secp256k1.sign(msg, sk)],
    ['tiny-secp256k1', () => tiny.signRecoverable(msg, sk)],
    ['@noble/curves', () => noble.sign(msg, sk, { prehash: false, format: 'recovered' })],
  ]);

  ops('secp256k1.verify', [
    ['ours', () => ehr.secp256k1.verify(compact, msg, pub33)],
    ['tiny-secp256k1', () => tiny.verify(msg, pub33, compact, true)],
    ['@noble/curves', () => noble.verify(compact, msg, pub33, { prehash: false })],
  ]);

  ops('secp256k1.recover', [
    ['ours', () => ehr.secp256k1.recover(sig, msg, true)],
    ['tiny-secp256k1', () => tiny.recover(msg, compact, sig[64], true)],
    ['@noble/curves', () => nobleSig.recoverPublicKey(msg).toBytes(true)],
  ]);

  ops('secp256k1.publicKey', [
    ['ours', () => ehr.secp256k1.getPublicKey(sk, true)],
    ['tiny-secp256k1', () => tiny.pointFromScalar(sk, true)],
    ['@noble/curves', () => noble.getPublicKey(sk, true)],
  ]);

  // Hashes
  const hw = await createKeccak(256);
  const hwKeccak = (d) => {
    hw.init();
    hw.update(d);
    return hw.digest('binary');
  };
  const hs = await createSHA256();
  const hwSha = (d) => {
    hs.init();
    hs.update(d);
    return hs.digest('binary');
  };
  const mib = fill(1 << 20, 3);
  mbps('keccak256 1 MiB', mib.length, [
    ['ours', () => ehr.keccak256(mib)],
    ['hash-wasm', () => hwKeccak(mib)],
    ['@noble/hashes', () => keccak_256(mib)],
  ]);
  const b32 = fill(32, 5);
  ops('keccak256 32 B', [
    ['ours', () => ehr.keccak256(b32)],
    ['hash-wasm', () => hwKeccak(b32)],
    ['@noble/hashes', () => keccak_256(b32)],
  ]);

  const big = fill(64 << 20, 11);
  const streamed = (update) => {
    for (let o = 0; o < big.length; o += 1 << 20) update(big.subarray(o, o + (1 << 20)));
  };
  mbps('sha256 64 MiB', big.length, [
    [
      'ours',
      () => {
        const h = ehr.createSha256();
        streamed((c) => h.update(c));
        return h.digest();
      },
    ],
    [
      'hash-wasm',
      () => {
        hs.init();
        streamed((c) => hs.update(c));
        return hs.digest('binary');
      },
    ],
    ['@noble/hashes', () => nobleSha256(big)],
  ]);
  void hwSha;

  // AEAD: encrypt then decrypt 1 MiB; MB/s over the message size.
  await _sodium.ready;
  const na = _sodium;
  const key = fill(32, 13);
  const nonce = fill(24, 17);
  const symKey = ehr.SymmetricKey.fromBytes(key);
  const aeadOurs = ehr.aead.xchacha20poly1305;
  mbps('xchacha20poly1305 1 MiB (enc+dec)', mib.length, [
    ['ours', () => aeadOurs.decrypt(symKey, nonce, aeadOurs.encrypt(symKey, nonce, mib))],
    [
      'libsodium-wrappers-sumo',
      () =>
        na.crypto_aead_xchacha20poly1305_ietf_decrypt(
          null,
          na.crypto_aead_xchacha20poly1305_ietf_encrypt(mib, null, null, nonce, key),
          null,
          nonce,
          key,
        ),
    ],
    ['@noble/ciphers', () => nobleXChacha(key, nonce).decrypt(nobleXChacha(key, nonce).encrypt(mib))],
  ]);

  // secretstream: 64 MiB in 64 KiB chunks, pushed then pulled, through each library's chunk API.
  const CHUNK = 64 * 1024;
  const streamOurs = () => {
    const push = ehr.secretstream.createPush(symKey);
    const wire = [];
    for (let o = 0; o < big.length; o += CHUNK)
      wire.push(push.push(big.subarray(o, o + CHUNK), { final: o + CHUNK >= big.length }));
    push.dispose();
    const pull = ehr.secretstream.createPull(push.header, symKey);
    for (const c of wire) pull.pull(c);
    pull.end();
  };
  const streamSodium = () => {
    const { state, header } = na.crypto_secretstream_xchacha20poly1305_init_push(key);
    const wire = [];
    for (let o = 0; o < big.length; o += CHUNK) {
      wire.push(
        na.crypto_secretstream_xchacha20poly1305_push(
          state,
          big.subarray(o, o + CHUNK),
          null,
          o + CHUNK >= big.length ? na.crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0,
        ),
      );
    }
    const st = na.crypto_secretstream_xchacha20poly1305_init_pull(header, key);
    for (const c of wire) na.crypto_secretstream_xchacha20poly1305_pull(st, c, null);
  };
  mbps('secretstream 64 MiB (enc+dec)', big.length, [
    ['ours', streamOurs],
    ['libsodium-wrappers-sumo', streamSodium],
  ]);

  // Sealed boxes of a 32-byte content key (what grants wrap).
  const kp = ehr.x25519.KeyPair.generate();
  const naKp = na.crypto_box_keypair();
  const contentKey = fill(32, 19);
  ops('sealed box seal', [
    ['ours', () => ehr.sealedBox.seal(contentKey, kp.publicKey)],
    ['libsodium-wrappers-sumo', () => na.crypto_box_seal(contentKey, naKp.publicKey)],
  ]);
  const ourBox = ehr.sealedBox.seal(contentKey, kp.publicKey);
  const naBox = na.crypto_box_seal(contentKey, naKp.publicKey);
  ops('sealed box open', [
    ['ours', () => ehr.sealedBox.open(ourBox, kp)],
    ['libsodium-wrappers-sumo', () => na.crypto_box_seal_open(naBox, naKp.publicKey, naKp.privateKey)],
  ]);

  // Argon2id with libsodium's interactive limits: 2 passes over 64 MiB, 1 lane.
  const pw = new TextEncoder().encode('correct horse battery staple');
  const salt = fill(16, 23);
  await millis('argon2id interactive', [
    ['ours', () => ehr.argon2id(pw, salt)],
    [
      'libsodium-wrappers-sumo',
      () =>
        na.crypto_pwhash(
          32,
          pw,
          salt,
          na.crypto_pwhash_OPSLIMIT_INTERACTIVE,
          na.crypto_pwhash_MEMLIMIT_INTERACTIVE,
          na.crypto_pwhash_ALG_ARGON2ID13,
        ),
    ],
    [
      'hash-wasm',
      () =>
        hwArgon2id({
          password: pw,
          salt,
          iterations: 2,
          memorySize: 65536,
          parallelism: 1,
          hashLength: 32,
          outputType: 'binary',
        }),
    ],
  ]);
  kp.dispose();
  symKey.dispose();

  // Cold start: a fresh process, import to ready; the three alternate, median of 7 each.
  const coldCode = {
    ours: "const { init } = await import('./wasm/js/ehr.js'); await init();",
    'tiny-secp256k1': "const m = await import('tiny-secp256k1'); m.isPrivate(new Uint8Array(32));",
    'libsodium-wrappers-sumo': "const m = (await import('libsodium-wrappers-sumo')).default; await m.ready;",
  };
  const coldTimes = Object.fromEntries(Object.keys(coldCode).map((k) => [k, []]));
  for (let i = 0; i < 7; i++) {
    for (const [impl, code] of Object.entries(coldCode)) {
      const r = spawnSync(
        process.execPath,
        ['--input-type=module', '-e', `const t0 = performance.now(); ${code} console.log(performance.now() - t0);`],
        { encoding: 'utf8', cwd: new URL('..', import.meta.url) },
      );
      if (r.status !== 0) throw new Error(r.stderr);
      coldTimes[impl].push(Number(r.stdout.trim()));
    }
  }
  for (const [impl, times] of Object.entries(coldTimes)) {
    record({ op: 'cold start', impl, value: times.sort((a, b) => a - b)[3], unit: 'ms' });
  }

  // Download size, gzip -9: ours = the .wasm, the Emscripten glue and the JS API files.
  const gz = (...files) => files.reduce((n, f) => n + gzipSync(readFileSync(f), { level: 9 }).length, 0);
  const root = new URL('..', import.meta.url);
  const api = readdirSync(new URL('wasm/js/', root))
    .filter((f) => f.endsWith('.js'))
    .map((f) => new URL(`wasm/js/${f}`, root));
  record({
    op: 'module size (gzip)',
    impl: 'ours',
    unit: 'bytes',
    value: gz(new URL('wasm/dist/ehr_core.wasm', root), new URL('wasm/dist/ehr_core.mjs', root), ...api),
  });
  const sodiumJs = new URL(import.meta.resolve('libsodium-sumo'));
  const wrappersJs = new URL(import.meta.resolve('libsodium-wrappers-sumo'));
  record({ op: 'module size (gzip)', impl: 'libsodium-wrappers-sumo', unit: 'bytes', value: gz(sodiumJs, wrappersJs) });
}
