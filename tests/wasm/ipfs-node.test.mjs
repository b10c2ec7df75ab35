// The module's CIDs, uploads, gateway reads and CAR files against the local IPFS node
// (tools/ipfs-node, Helia): what the node returns on upload equals our CID (and the importer's),
// bytes read back through its trustless gateway are identical before and after a restart, and CAR
// files go both ways. Seeded; the seed is printed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startIpfsNode } from '../../tools/ipfs-node/start.mjs';
import { init, makeRng, hex } from './helpers.mjs';
import { MiB, importerFile, importerDirectory, bigBytes, asyncOf, collect } from './ipfs-helpers.mjs';
import { createGatewayClient, createUploader, UploadError } from '../../wasm/js/gateway.js';

const ehr = await init();
const { ipfs } = ehr;
const rng = makeRng('ipfs-node');

/** POST to the RPC, once more if the connection dropped before an answer (a stale keep-alive socket). */
const rpc = (url, body) =>
  fetch(url, { method: 'POST', body }).catch((e) => {
    console.log(`# ${url}: ${e.message} (${e.cause?.code ?? e.cause?.message}), retrying once`);
    return fetch(url, { method: 'POST', body });
  });

let dataDir;
let node;
const uploaded = []; // { cid, data, profile }

before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'ehr-ipfs-wasm-'));
  node = await startIpfsNode({ dataDir, port: 0 });
});
after(async () => {
  await node?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

test("uploads: the node's CID equals ours and the importer's, both profiles, 0 B to 64 MiB", async () => {
  for (const name of ['unixfs-v1-2025', 'kubo-default']) {
    const p = ipfs.profile(name);
    const up = createUploader(ehr, { apiUrl: node.apiUrl, profile: name });
    const sizes = [0, 1, p.chunkSize - 1, p.chunkSize, p.chunkSize + 1, rng.int(6 * MiB)];
    if (name === 'unixfs-v1-2025') sizes.push(40 * MiB + rng.int(24 * MiB + 1));
    for (const size of sizes) {
      const data = bigBytes(rng, size);
      const local = await ipfs.cid(data, name);
      const r = await up.add(data); // throws CidMismatchError unless the node agrees
      assert.equal(r.cid, local, `${name} size ${size}`);
      assert.equal(local, (await importerFile(data, p)).cid);
      uploaded.push({ cid: r.cid, data, profile: name });
    }
  }
  // A stream goes up in one pass.
  const data = bigBytes(rng, 3 * MiB + 11);
  const up = createUploader(ehr, { apiUrl: node.apiUrl });
  const r = await up.add(asyncOf([data.subarray(0, 12345), data.subarray(12345)]));
  assert.equal(r.cid, ipfs.cidSync(data));
  uploaded.push({ cid: r.cid, data });
});

test("directories: the node's root equals directoryCid", async () => {
  for (const name of ['unixfs-v1-2025', 'kubo-default']) {
    const files = [
      { path: 'index.html', content: bigBytes(rng, 1200) },
      { path: 'assets/app.js', content: bigBytes(rng, 2 * MiB + 5) },
      { path: 'assets/css/site.css', content: bigBytes(rng, 80) },
      { path: 'B.txt', content: bigBytes(rng, 3) },
    ];
    const up = createUploader(ehr, { apiUrl: node.apiUrl, profile: name });
    const r = await up.addDirectory(files);
    assert.equal(r.cid, await ipfs.directoryCid(files, name));
    assert.equal(r.cid, (await importerDirectory(files, ipfs.profile(name))).cid);
    const client = createGatewayClient(ehr, { gateways: [node.gatewayUrl] });
    assert.equal(hex(await client.bytes(r.cid, { path: 'assets/app.js' })), hex(files[1].content));
  }
});

test("reads through the node's trustless gateway (raw and CAR) give identical bytes", async () => {
  const raw = createGatewayClient(ehr, { gateways: [node.gatewayUrl] });
  const car = createGatewayClient(ehr, { gateways: [node.gatewayUrl], mode: 'car' });
  for (const u of uploaded) {
    assert.equal(hex(await raw.bytes(u.cid)), hex(u.data), `raw ${u.cid}`);
    assert.equal(hex(await car.bytes(u.cid)), hex(u.data), `car ${u.cid}`);
  }
});

test('upload, restart the node, read back and verify: identical bytes', async () => {
  await node.stop();
  node = await startIpfsNode({ dataDir, port: 0 });
  const client = createGatewayClient(ehr, { gateways: [node.gatewayUrl], mode: 'car' });
  for (const u of uploaded) assert.equal(hex(await client.bytes(u.cid)), hex(u.data), u.cid);
});

test("CAR files we write import into the node, and the node's exports read with ours", async () => {
  for (const name of ['unixfs-v1-2025', 'kubo-default']) {
    const data = bigBytes(rng, 3 * MiB + rng.int(MiB));
    const blocks = [];
    const it = ipfs.importFile(data, { profile: name });
    let r;
    while (!(r = await it.next()).done) blocks.push(r.value);
    const carFile = ipfs.carBytes([r.value.cid], blocks);
    const form = new FormData();
    form.append('file', new Blob([carFile]), 'file.car');
    const res = await rpc(`${node.apiUrl}/api/v0/dag/import`, form);
    assert.equal(res.status, 200, await res.clone().text());
    const answer = (await res.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.equal(answer[0].Root.Cid['/'], r.value.cid);
    const client = createGatewayClient(ehr, { gateways: [node.gatewayUrl] });
    assert.equal(hex(await client.bytes(r.value.cid)), hex(data));

    // The node's export of an upload: every block verifies, the file reassembles.
    const u = uploaded.filter((x) => x.profile === name).sort((a, b) => b.data.length - a.data.length)[0];
    assert.ok(u.data.length > ipfs.profile(name).chunkSize);
    const exp = await rpc(`${node.apiUrl}/api/v0/dag/export?arg=${u.cid}`);
    assert.equal(exp.status, 200);
    const read = await ipfs.readCar(exp.body);
    assert.deepEqual(read.roots, [u.cid]);
    const got = new Map();
    for await (const b of read.blocks) got.set(b.cid, b.bytes);
    assert.equal(hex(await collect(ipfs.readFile(u.cid, async (c) => got.get(c)))), hex(u.data));
  }
  // A CAR with a tampered block is refused by the node.
  const data = bigBytes(rng, 5000);
  const blocks = [];
  for await (const b of ipfs.importFile(data, {
    profile: { chunkSize: 1000, maxLinks: 3, cidVersion: 1, rawLeaves: true },
  }))
    blocks.push(b);
  const root = blocks[blocks.length - 1].cid;
  const carFile = ipfs.carBytes([root], blocks);
  carFile[carFile.length - 1] ^= 1;
  const form = new FormData();
  form.append('file', new Blob([carFile]), 'bad.car');
  const res = await rpc(`${node.apiUrl}/api/v0/dag/import`, form);
  assert.equal(res.status, 400);
});

test('uploads with an Authorization header to a node that requires one', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ehr-ipfs-wasm-auth-'));
  const locked = await startIpfsNode({ dataDir: dir, port: 0, token: 'tok3n' });
  try {
    const data = bigBytes(rng, 100_000);
    const ok = await createUploader(ehr, { apiUrl: locked.apiUrl, authorization: 'Bearer tok3n' }).add(data);
    assert.equal(ok.cid, ipfs.cidSync(data));
    await assert.rejects(
      createUploader(ehr, { apiUrl: locked.apiUrl }).add(data),
      (e) => e instanceof UploadError && e.status === 401,
    );
  } finally {
    await locked.stop();
    await rm(dir, { recursive: true, force: true });
  }
});
