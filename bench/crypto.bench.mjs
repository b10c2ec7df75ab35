// Crypto benchmarks: the module ("ours") beside the libraries a web developer would pick instead,
// measured in the same process run. MB/s means 10^6 bytes per second.
import { spawnSync } from 'node:child_process';
import { secp256k1 as noble } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import * as tiny from 'tiny-secp256k1';
import { createKeccak, createSHA256 } from 'hash-wasm';
import { init } from '../wasm/js/ehr.js';
import { measure, fill } from './lib.mjs';

export async function run({ record }) {
  const ehr = await init();
  const ops = (op, impl, fn) => {
    const m = measure(fn);
    record({ op, impl, value: m.opsPerSec, unit: 'ops/s', minUs: m.minUs, avgUs: m.avgUs, maxUs: m.maxUs });
  };
  const mbps = (op, impl, bytes, fn) => {
    const m = measure(fn, { minMs: 800 });
    record({ op, impl, value: (m.opsPerSec * bytes) / 1e6, unit: 'MB/s' });
  };

  // secp256k1
  const sk = fill(32, 7);
  const msg = fill(32, 9);
  const pub33 = ehr.secp256k1.getPublicKey(sk, true);
  const sig = ehr.secp256k1.sign(msg, sk);
  const compact = sig.subarray(0, 64);
  const nobleRec = noble.sign(msg, sk, { prehash: false, format: 'recovered' });
  const nobleSig = noble.Signature.fromBytes(nobleRec, 'recovered');

  ops('secp256k1.sign', 'ours', () => ehr.secp256k1.sign(msg, sk));
  ops('secp256k1.sign', 'tiny-secp256k1', () => tiny.signRecoverable(msg, sk));
  ops('secp256k1.sign', '@noble/curves', () => noble.sign(msg, sk, { prehash: false, format: 'recovered' }));

  ops('secp256k1.verify', 'ours', () => ehr.secp256k1.verify(compact, msg, pub33));
  ops('secp256k1.verify', 'tiny-secp256k1', () => tiny.verify(msg, pub33, compact, true));
  ops('secp256k1.verify', '@noble/curves', () => noble.verify(compact, msg, pub33, { prehash: false }));

  ops('secp256k1.recover', 'ours', () => ehr.secp256k1.recover(sig, msg, true));
  ops('secp256k1.recover', 'tiny-secp256k1', () => tiny.recover(msg, compact, sig[64], true));
  ops('secp256k1.recover', '@noble/curves', () => nobleSig.recoverPublicKey(msg).toBytes(true));

  ops('secp256k1.publicKey', 'ours', () => ehr.secp256k1.getPublicKey(sk, true));
  ops('secp256k1.publicKey', 'tiny-secp256k1', () => tiny.pointFromScalar(sk, true));
  ops('secp256k1.publicKey', '@noble/curves', () => noble.getPublicKey(sk, true));

  // Hashes
  const hw = await createKeccak(256);
  const hwKeccak = (d) => { hw.init(); hw.update(d); return hw.digest('binary'); };
  const hs = await createSHA256();
  const hwSha = (d) => { hs.init(); hs.update(d); return hs.digest('binary'); };
  const mib = fill(1 << 20, 3);
  mbps('keccak256 1 MiB', 'ours', mib.length, () => ehr.keccak256(mib));
  mbps('keccak256 1 MiB', 'hash-wasm', mib.length, () => hwKeccak(mib));
  mbps('keccak256 1 MiB', '@noble/hashes', mib.length, () => keccak_256(mib));
  const b32 = fill(32, 5);
  ops('keccak256 32 B', 'ours', () => ehr.keccak256(b32));
  ops('keccak256 32 B', 'hash-wasm', () => hwKeccak(b32));
  ops('keccak256 32 B', '@noble/hashes', () => keccak_256(b32));

  const big = fill(64 << 20, 11);
  const streamed = (update) => { for (let o = 0; o < big.length; o += 1 << 20) update(big.subarray(o, o + (1 << 20))); };
  mbps('sha256 64 MiB', 'ours', big.length, () => { const h = ehr.createSha256(); streamed((c) => h.update(c)); return h.digest(); });
  mbps('sha256 64 MiB', 'hash-wasm', big.length, () => { hs.init(); streamed((c) => hs.update(c)); return hs.digest('binary'); });
  mbps('sha256 64 MiB', '@noble/hashes', big.length, () => nobleSha256(big));
  void hwSha;

  // Cold start: a fresh process, import to ready, median of 5.
  const cold = (code) => {
    const times = [];
    for (let i = 0; i < 5; i++) {
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', cwd: new URL('..', import.meta.url) });
      if (r.status !== 0) throw new Error(r.stderr);
      times.push(Number(r.stdout.trim()));
    }
    return times.sort((a, b) => a - b)[2];
  };
  const t0 = 'const t0 = performance.now();';
  const t1 = 'console.log(performance.now() - t0);';
  record({ op: 'cold start', impl: 'ours', value: cold(`${t0} const { init } = await import('./wasm/js/ehr.js'); await init(); ${t1}`), unit: 'ms' });
  record({ op: 'cold start', impl: 'tiny-secp256k1', value: cold(`${t0} const m = await import('tiny-secp256k1'); m.isPrivate(new Uint8Array(32)); ${t1}`), unit: 'ms' });
  record({ op: 'cold start', impl: 'libsodium-wrappers-sumo', value: cold(`${t0} const m = (await import('libsodium-wrappers-sumo')).default; await m.ready; ${t1}`), unit: 'ms' });
}
