// Fault injection on the IPFS paths: the gateway client and the uploader talk to the local IPFS
// node through a seeded flaky proxy (tests/faults/proxy.mjs: drops, delays, truncations, flipped
// bytes, wrong statuses). Every outcome must be either the exact original bytes / the locally
// computed CID, or a typed EhrError with a stable code: never wrong bytes, never a wrong CID.
// Seeds are fixed (printed); EHR_FAULT_SEED=<n> replays another series. No wall-time assertions.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { init, EhrError } from '../../wasm/js/ehr.js';
import { createGatewayClient, createUploader } from '../../wasm/js/gateway.js';
import { startIpfsNode } from '../../tools/ipfs-node/start.mjs';
import { startFlakyProxy, prng, FATES } from './proxy.mjs';

const BASE_SEED = process.env.EHR_FAULT_SEED ? Number(process.env.EHR_FAULT_SEED) >>> 0 : 0x5eed1001;
const ROUNDS = 8;
console.log(
  `# faults/gateway: base seed ${BASE_SEED} (rounds use seed + round; replay with EHR_FAULT_SEED=${BASE_SEED})`,
);

/** Codes a read or an upload may fail with under these faults. */
const READ_CODES = new Set(['ERR_GATEWAY_FAILED', 'ERR_HASH_MISMATCH', 'ERR_TIMEOUT', 'ERR_TOO_LARGE']);
const UPLOAD_CODES = new Set(['ERR_UPLOAD_FAILED', 'ERR_CID_MISMATCH', 'ERR_TIMEOUT']);

const ehr = await init();
let node, dir;
const files = [];

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ehr-faults-'));
  node = await startIpfsNode({ dataDir: dir });
  // Contents from a seeded PRNG: empty, one byte, one small leaf, several 256 KiB leaves (kubo
  // profile: a two-level DAG), and more than one 1 MiB leaf (the project's profile).
  const rnd = prng(BASE_SEED);
  const bytes = (n) => new Uint8Array(n).map(() => rnd.int(256));
  const specs = [
    { size: 0, profile: 'unixfs-v1-2025' },
    { size: 1, profile: 'unixfs-v1-2025' },
    { size: 5000, profile: 'unixfs-v1-2025' },
    { size: 700_000, profile: 'kubo-default' },
    { size: 1_300_000, profile: 'unixfs-v1-2025' },
  ];
  for (const s of specs) {
    const content = bytes(s.size);
    const direct = createUploader(ehr, { apiUrl: node.apiUrl, profile: s.profile });
    const { cid } = await direct.add(content);
    assert.equal(cid, ehr.ipfs.cidSync(content, s.profile));
    files.push({ ...s, content, cid });
  }
});

after(async () => {
  await node?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const sameBytes = (a, b) => a.length === b.length && Buffer.from(a).equals(Buffer.from(b));

/** ROUNDS seeded rounds of reading every file through a fresh flaky proxy in `mode`. */
async function flakyReads(mode) {
  const outcomes = { ok: 0, failed: 0 };
  const fates = Object.fromEntries(FATES.map((f) => [f, 0]));
  for (let round = 0; round < ROUNDS; round++) {
    const seed = (BASE_SEED + round + (mode === 'car' ? 1000 : 0)) >>> 0;
    const proxy = await startFlakyProxy({ target: node.gatewayUrl, seed, faultRate: 0.35 });
    try {
      const client = createGatewayClient(ehr, { gateways: [proxy.url], mode, timeoutMs: 20_000 });
      for (const f of files) {
        let got;
        try {
          got = await client.bytes(f.cid);
        } catch (e) {
          assert.ok(e instanceof EhrError, `seed ${seed}, ${f.size} bytes: untyped error ${e?.name}: ${e?.message}`);
          assert.ok(READ_CODES.has(e.code), `seed ${seed}, ${f.size} bytes: unexpected code ${e.code}: ${e.message}`);
          assert.ok(e.message.length > 0);
          outcomes.failed++;
          continue;
        }
        assert.ok(sameBytes(got, f.content), `seed ${seed}: ${f.size}-byte file ${f.cid} came back different`);
        outcomes.ok++;
      }
    } finally {
      await proxy.close();
      for (const [k, v] of Object.entries(proxy.stats)) fates[k] += v;
    }
  }
  console.log(`# ${mode}: ${JSON.stringify(outcomes)} fates ${JSON.stringify(fates)}`);
  // The series must have exercised both outcomes and the byte-level faults, or it proves little.
  assert.ok(outcomes.ok > 0 && outcomes.failed > 0, JSON.stringify(outcomes));
  for (const f of ['drop', 'truncate', 'flip', 'status']) assert.ok(fates[f] > 0, `no ${f} fault was injected`);
}

test('gateway client (raw mode) through a flaky proxy returns the exact bytes or a typed error', () =>
  flakyReads('raw'));
test('gateway client (car mode) through a flaky proxy returns the exact bytes or a typed error', () =>
  flakyReads('car'));

test('gateway client with a flaky gateway and an honest one always returns the exact bytes', async () => {
  const seen = [];
  for (let round = 0; round < 4; round++) {
    const seed = (BASE_SEED + 2000 + round) >>> 0;
    const proxy = await startFlakyProxy({ target: node.gatewayUrl, seed, faultRate: 0.6 });
    try {
      const client = createGatewayClient(ehr, {
        gateways: [proxy.url, node.gatewayUrl],
        onGatewayError: (e) => seen.push(e.error.code),
      });
      for (const f of files) {
        const got = await client.bytes(f.cid);
        assert.ok(sameBytes(got, f.content), `seed ${seed}: ${f.size}-byte file came back different`);
      }
    } finally {
      await proxy.close();
    }
  }
  // The flaky gateway came first and its bad answers were noticed (wrong bytes are reported).
  assert.ok(seen.length > 0, 'no gateway error was reported');
});

test('uploader through a flaky proxy returns the local CID or a typed error, and a returned CID is stored', async () => {
  const outcomes = { ok: 0, failed: 0 };
  const fates = Object.fromEntries(FATES.map((f) => [f, 0]));
  const direct = createGatewayClient(ehr, { gateways: [node.gatewayUrl] });
  for (let round = 0; round < ROUNDS; round++) {
    const seed = (BASE_SEED + 3000 + round) >>> 0;
    const rnd = prng(seed);
    const proxy = await startFlakyProxy({ target: node.apiUrl, seed, faultRate: 0.5 });
    try {
      for (const [i, size] of [0, 1, 3000, 300_000].entries()) {
        // Fresh content each time (the round's seed is in it), so the node cannot already hold it.
        const content = new Uint8Array(size + 8).map(() => rnd.int(256));
        new DataView(content.buffer).setUint32(0, seed);
        content[4] = i;
        const uploader = createUploader(ehr, { apiUrl: proxy.url, timeoutMs: 20_000 });
        const local = ehr.ipfs.cidSync(content, 'unixfs-v1-2025');
        let res;
        try {
          res = await uploader.add(i % 2 ? content : new Blob([content]));
        } catch (e) {
          assert.ok(e instanceof EhrError, `seed ${seed}: untyped error ${e?.name}: ${e?.message}`);
          assert.ok(UPLOAD_CODES.has(e.code), `seed ${seed}: unexpected code ${e.code}: ${e.message}`);
          outcomes.failed++;
          continue;
        }
        assert.equal(res.cid, local, `seed ${seed}: the uploader returned a CID that is not the content's`);
        // Success means the node really holds these bytes under that CID.
        assert.ok(sameBytes(await direct.bytes(res.cid), content));
        outcomes.ok++;
      }
    } finally {
      await proxy.close();
      for (const [k, v] of Object.entries(proxy.stats)) fates[k] += v;
    }
  }
  console.log(`# uploads: ${JSON.stringify(outcomes)} fates ${JSON.stringify(fates)}`);
  assert.ok(outcomes.ok > 0 && outcomes.failed > 0, JSON.stringify(outcomes));
  for (const f of ['drop', 'truncate', 'flip', 'status']) assert.ok(fates[f] > 0, `no ${f} fault was injected`);
});
