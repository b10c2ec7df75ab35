// /api/v0/add against the in-process importer, and reading the data back
// through the gateway as bytes, raw blocks and CAR files.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it, before, after } from 'node:test';
import {
  CID,
  MiB,
  PROFILES,
  addFile,
  assertBlockMatches,
  expectedFile,
  expectedFileCid,
  importLocally,
  ndjson,
  parseCar,
  launchNode,
  pseudoRandomBytes,
  rpc,
  startTestNode,
} from './helpers.mjs';

const SIZES = [0, 1, MiB - 1, MiB, MiB + 1, Math.floor(3.5 * MiB)];

describe('add and read back', () => {
  let node;
  before(async () => {
    node = await launchNode();
  });
  after(() => node?.cleanup());

  for (const [profileName, profile] of Object.entries(PROFILES)) {
    for (const size of SIZES) {
      it(`${profileName} profile, ${size} bytes: CID equals the importer's; bytes, raw block and CAR read back`, async () => {
        const data = pseudoRandomBytes(size, `${profileName}-${size}`);
        const local = await importLocally([{ content: data }], profile.importer());
        const added = await addFile(node, data, profile.query);
        assert.equal(added.Hash, local.entries.at(-1).cid.toString());
        assert.equal(added.Size, String(local.entries.at(-1).size));
        assert.equal(added.Name, 'blob.bin');
        const cid = CID.parse(added.Hash);
        assert.equal(cid.version, profileName === 'project' ? 1 : 0);

        const res = await fetch(`${node.gatewayUrl}/ipfs/${added.Hash}`);
        assert.equal(res.status, 200);
        assert.equal(res.headers.get('content-length'), String(size));
        assert.equal(res.headers.get('x-ipfs-path'), `/ipfs/${added.Hash}`);
        const body = Buffer.from(await res.arrayBuffer());
        assert.equal(body.length, size);
        assert.ok(body.equals(data), 'gateway bytes differ from the uploaded bytes');

        const raw = await fetch(`${node.gatewayUrl}/ipfs/${added.Hash}?format=raw`);
        assert.equal(raw.status, 200);
        assert.equal(raw.headers.get('content-type'), 'application/vnd.ipld.raw');
        await assertBlockMatches(cid, new Uint8Array(await raw.arrayBuffer()));

        const carRes = await fetch(`${node.gatewayUrl}/ipfs/${added.Hash}?format=car`);
        assert.equal(carRes.status, 200);
        const car = await parseCar(new Uint8Array(await carRes.arrayBuffer()));
        assert.deepEqual(car.roots.map(String), [added.Hash]);
        assert.deepEqual(new Set(car.blocks.map((b) => b.cid.toString())), new Set(local.blocks.keys()));
      });
    }
  }

  it('raw block and CAR responses verify against the CID (multi-block file)', async () => {
    const data = pseudoRandomBytes(Math.floor(3.5 * MiB), 'car-check');
    const local = await importLocally([{ content: data }], PROFILES.project.importer());
    const added = await addFile(node, data, PROFILES.project.query);
    const root = CID.parse(added.Hash);
    assert.equal(added.Hash, local.entries.at(-1).cid.toString());

    for (const url of [`/ipfs/${root}?format=raw`, `/ipfs/${root}`]) {
      const headers = url.includes('format=') ? {} : { accept: 'application/vnd.ipld.raw' };
      const res = await fetch(node.gatewayUrl + url, { headers });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/vnd.ipld.raw');
      const block = new Uint8Array(await res.arrayBuffer());
      await assertBlockMatches(root, block);
      assert.deepEqual(block, local.blocks.get(root.toString()).bytes);
    }

    const carRes = await fetch(`${node.gatewayUrl}/ipfs/${root}?format=car`);
    assert.equal(carRes.status, 200);
    assert.match(carRes.headers.get('content-type'), /^application\/vnd\.ipld\.car; version=1/);
    const car = await parseCar(new Uint8Array(await carRes.arrayBuffer()));
    assert.deepEqual(car.roots.map(String), [root.toString()]);
    assert.equal(car.blocks[0].cid.toString(), root.toString(), 'the root block comes first');
    assert.deepEqual(new Set(car.blocks.map((b) => b.cid.toString())), new Set(local.blocks.keys()));
    assert.equal(car.blocks.length, 5); // 4 leaves of 1 MiB or less + the root

    // leaves come in file order, so concatenating them gives the file back
    const joined = Buffer.concat(car.blocks.slice(1).map((b) => b.bytes));
    assert.ok(joined.equals(data));

    const byAccept = await fetch(`${node.gatewayUrl}/ipfs/${root}`, {
      headers: { accept: 'application/vnd.ipld.car' },
    });
    assert.equal(byAccept.status, 200);
    assert.equal((await parseCar(new Uint8Array(await byAccept.arrayBuffer()))).blocks.length, 5);

    const blockScope = await fetch(`${node.gatewayUrl}/ipfs/${root}?format=car&dag-scope=block`);
    const one = await parseCar(new Uint8Array(await blockScope.arrayBuffer()));
    assert.deepEqual(
      one.blocks.map((b) => b.cid.toString()),
      [root.toString()],
    );

    const entityScope = await fetch(`${node.gatewayUrl}/ipfs/${root}?format=car&dag-scope=entity`);
    assert.equal((await parseCar(new Uint8Array(await entityScope.arrayBuffer()))).blocks.length, 5);

    const exported = await rpc(node, 'dag/export', { query: { arg: root.toString() } });
    assert.equal(exported.status, 200);
    const dag = await parseCar(new Uint8Array(await exported.arrayBuffer()));
    assert.deepEqual(new Set(dag.blocks.map((b) => b.cid.toString())), new Set(local.blocks.keys()));

    const blockGet = await rpc(node, 'block/get', { query: { arg: root.toString() } });
    assert.equal(blockGet.status, 200);
    await assertBlockMatches(root, new Uint8Array(await blockGet.arrayBuffer()));
  });

  it('kubo-default file: every raw-fetched block verifies and the CAR holds the whole DAG', async () => {
    const data = pseudoRandomBytes(MiB + 1, 'kubo-car');
    const local = await importLocally([{ content: data }], PROFILES.kubo.importer());
    const added = await addFile(node, data);
    assert.ok(added.Hash.startsWith('Qm'));
    const res = await fetch(`${node.gatewayUrl}/ipfs/${added.Hash}?format=car`);
    const car = await parseCar(new Uint8Array(await res.arrayBuffer()));
    assert.equal(car.blocks.length, local.blocks.size); // 5 leaves + root
    for (const { cid } of car.blocks) {
      const raw = await fetch(`${node.gatewayUrl}/ipfs/${cid}?format=raw`);
      assert.equal(raw.status, 200);
      await assertBlockMatches(cid, new Uint8Array(await raw.arrayBuffer()));
    }
  });

  it('known Kubo CIDs', async () => {
    assert.equal((await addFile(node, new Uint8Array(0))).Hash, 'QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH');
    assert.equal((await addFile(node, Buffer.from('hello\n'))).Hash, 'QmZULkCELmmk5XNfCgTnCyFgAVxBRBXyDHGGMVoLFLiXEN');
    assert.equal(
      (await addFile(node, new Uint8Array(0), PROFILES.project.query)).Hash,
      'bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku',
    );
    // cid-base other than base58btc writes a CIDv0 as the equivalent CIDv1, like Kubo
    const upgraded = await addFile(node, Buffer.from('hello\n'), { 'cid-base': 'base32' });
    assert.equal(upgraded.Hash, CID.parse('QmZULkCELmmk5XNfCgTnCyFgAVxBRBXyDHGGMVoLFLiXEN').toV1().toString());
    assert.ok(upgraded.Hash.startsWith('bafybei'));
  });

  it('profile=unixfs-v1-2025 is the same as the explicit parameters', async () => {
    const data = pseudoRandomBytes(2 * MiB + 5, 'shortcut');
    const explicit = await addFile(node, data, PROFILES.project.query);
    const shortcut = await addFile(node, data, { profile: 'unixfs-v1-2025' });
    assert.equal(shortcut.Hash, explicit.Hash);
    assert.equal(shortcut.Hash, await expectedFileCid(data, PROFILES.project));
  });

  it('follows Kubo parameter rules: cid-version=1 turns on raw leaves; max-file-links shapes the tree', async () => {
    const data = pseudoRandomBytes(5 * 65536 + 3, 'rules');
    const v1 = await addFile(node, data, { 'cid-version': '1', chunker: 'size-65536' });
    const expectedV1 = await importLocally([{ content: data }], {
      cidVersion: 1,
      rawLeaves: true,
      chunker: (await import('ipfs-unixfs-importer/chunker')).fixedSize({ chunkSize: 65536 }),
      layout: (await import('ipfs-unixfs-importer/layout')).balanced({ maxChildrenPerNode: 174 }),
    });
    assert.equal(v1.Hash, expectedV1.entries.at(-1).cid.toString());

    // 6 chunks with at most 2 links per node: a deeper tree, a different root
    const narrow = await addFile(node, data, { 'cid-version': '1', chunker: 'size-65536', 'max-file-links': '2' });
    const expectedNarrow = await importLocally([{ content: data }], {
      cidVersion: 1,
      rawLeaves: true,
      chunker: (await import('ipfs-unixfs-importer/chunker')).fixedSize({ chunkSize: 65536 }),
      layout: (await import('ipfs-unixfs-importer/layout')).balanced({ maxChildrenPerNode: 2 }),
    });
    assert.equal(narrow.Hash, expectedNarrow.entries.at(-1).cid.toString());
    assert.notEqual(narrow.Hash, v1.Hash);
  });

  it('quieter returns only the root, only-hash stores nothing, pin=true pins the root', async () => {
    const data = pseudoRandomBytes(1000, 'only-hash');
    const res = await rpc(node, 'add', {
      query: { ...PROFILES.project.query, 'only-hash': 'true', quieter: 'true' },
      parts: [{ filename: 'a.bin', data }],
    });
    assert.equal(res.status, 200);
    const lines = await ndjson(res);
    assert.equal(lines.length, 1);
    assert.equal(lines[0].Hash, await expectedFileCid(data, PROFILES.project));
    const missing = await fetch(`${node.gatewayUrl}/ipfs/${lines[0].Hash}`);
    assert.equal(missing.status, 404);

    const added = await addFile(node, data, PROFILES.project.query);
    const pins = await (await rpc(node, 'pin/ls', { query: { arg: added.Hash } })).json();
    assert.equal(pins.Keys[added.Hash].Type, 'recursive');
    const unpinned = await addFile(node, pseudoRandomBytes(10, 'nopin'), { ...PROFILES.project.query, pin: 'false' });
    const notPinned = await rpc(node, 'pin/ls', { query: { arg: unpinned.Hash } });
    assert.equal(notPinned.status, 500);
    assert.match((await notPinned.json()).Message, /not pinned/);
  });

  it('rejects what it cannot reproduce', async () => {
    for (const query of [
      { hash: 'sha2-512' },
      { chunker: 'rabin-1000-2000-3000' },
      { chunker: 'buzhash' },
      { trickle: 'true' },
      { 'cid-version': '2' },
      { profile: 'nope' },
    ]) {
      const res = await rpc(node, 'add', { query, parts: [{ filename: 'x', data: Buffer.from('x') }] });
      assert.equal(res.status, 400, JSON.stringify(query));
      assert.equal((await res.json()).Type, 'error');
    }
    const notMultipart = await fetch(`${node.rpcUrl}/add`, {
      method: 'POST',
      body: 'plain',
      headers: { 'content-type': 'text/plain' },
    });
    assert.equal(notMultipart.status, 400);
  });

  it('Range requests on a multi-chunk file', async () => {
    const data = pseudoRandomBytes(Math.floor(3.5 * MiB), 'range');
    const added = await addFile(node, data, PROFILES.project.query, 'range.bin');
    const start = MiB - 10;
    const end = 2 * MiB + 10;
    const res = await fetch(`${node.gatewayUrl}/ipfs/${added.Hash}`, { headers: { range: `bytes=${start}-${end}` } });
    assert.equal(res.status, 206);
    assert.equal(res.headers.get('content-range'), `bytes ${start}-${end}/${data.length}`);
    assert.ok(Buffer.from(await res.arrayBuffer()).equals(data.subarray(start, end + 1)));
    const suffix = await fetch(`${node.gatewayUrl}/ipfs/${added.Hash}`, { headers: { range: 'bytes=-100' } });
    assert.equal(suffix.status, 206);
    assert.ok(Buffer.from(await suffix.arrayBuffer()).equals(data.subarray(data.length - 100)));
    const beyond = await fetch(`${node.gatewayUrl}/ipfs/${added.Hash}`, {
      headers: { range: `bytes=${data.length}-` },
    });
    assert.equal(beyond.status, 416);
    await beyond.arrayBuffer();
    const head = await fetch(`${node.gatewayUrl}/ipfs/${added.Hash}`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-length'), String(data.length));
    assert.equal(head.headers.get('etag'), `"${added.Hash}"`);
    const cached = await fetch(`${node.gatewayUrl}/ipfs/${added.Hash}`, {
      headers: { 'if-none-match': `"${added.Hash}"` },
    });
    assert.equal(cached.status, 304);
  });

  it('64 MiB file, both profiles', async () => {
    const size = 64 * MiB;
    const data = pseudoRandomBytes(size, 'big');
    for (const [name, profile] of Object.entries(PROFILES)) {
      const expected = await expectedFileCid(data, profile);
      const added = await addFile(node, data, profile.query, 'big.bin');
      assert.equal(added.Hash, expected, `${name} profile`);
      const res = await fetch(`${node.gatewayUrl}/ipfs/${added.Hash}`);
      assert.equal(res.status, 200);
      const body = Buffer.from(await res.arrayBuffer());
      assert.equal(body.length, size);
      assert.ok(body.equals(data), `${name}: gateway bytes differ`);
    }
  });
});

describe('streaming uploads', () => {
  it("a 256 MiB upload made on the fly raises the node's peak memory by far less than 256 MiB", async (t) => {
    const fresh = await startTestNode(t);
    const peakKiB = async () => Number(/VmHWM:\s+(\d+)/.exec(await readFile(`/proc/${fresh.pid}/status`, 'utf8'))[1]);
    const chunks = function* () {
      for (let i = 0; i < 256; i++) yield pseudoRandomBytes(MiB, `stream-${i}`);
    };
    const expected = await expectedFile(chunks(), PROFILES.project);
    const before = await peakKiB();
    const added = await addFile(fresh, chunks(), PROFILES.project.query, 'stream.bin');
    assert.equal(added.Hash, expected.cid);
    assert.equal(added.Size, expected.size);
    const grownMiB = ((await peakKiB()) - before) / 1024;
    assert.ok(grownMiB < 160, `peak RSS grew by ${grownMiB.toFixed(1)} MiB during a 256 MiB upload`);
  });
});
