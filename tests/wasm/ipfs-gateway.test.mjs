// The gateway client and the uploader against test servers on 127.0.0.1: honest gateways, ones
// that flip a byte, answer wrong bytes, 404, hang, or cut a CAR short; a Kubo RPC `add` that
// answers the right CID or a wrong one. Seeded; the seed is printed.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { CID } from 'multiformats/cid';
import { CarWriter } from '@ipld/car';
import { importer } from 'ipfs-unixfs-importer';
import { init, makeRng, hex } from './helpers.mjs';
import {
  MiB,
  MemoryBlockstore,
  importerOptions,
  importerFile,
  importerDirectory,
  bigBytes,
  asyncOf,
  collect,
} from './ipfs-helpers.mjs';
import {
  createGatewayClient,
  createUploader,
  CidMismatchError,
  GatewayError,
  UploadError,
  addParams,
} from '../../wasm/js/gateway.js';

const ehr = await init();
const { ipfs } = ehr;
const rng = makeRng('ipfs-gateway');
const V1 = ipfs.profile('unixfs-v1-2025');

// ---- a trustless gateway over a memory blockstore, with faults ------------------------------------
const servers = [];
after(() =>
  Promise.all(
    servers.map(
      (s) =>
        new Promise((r) => {
          s.closeAllConnections?.();
          s.close(r);
        }),
    ),
  ),
);

/**
 * behaviour: { flip?: (cid) => boolean (flip one byte of that block), wrong?: true (random bytes),
 * status?: number, hang?: true, carCut?: number (blocks before the CAR stops), carOrder?: 'reverse',
 * carDups?: false }
 */
async function gateway(store, behaviour = {}) {
  const log = [];
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    log.push({ path: url.pathname, format: url.searchParams.get('format'), accept: req.headers.accept });
    if (behaviour.hang) return; // never answers
    if (behaviour.status) {
      res.writeHead(behaviour.status);
      res.end('no');
      return;
    }
    const m = /^\/ipfs\/([^/]+)(\/.*)?$/.exec(url.pathname);
    const cid = m?.[1];
    if (url.searchParams.get('format') === 'raw') {
      let bytes = store.blocks.get(cid);
      if (!bytes) {
        res.writeHead(404);
        res.end();
        return;
      }
      if (behaviour.wrong) bytes = rng.bytes(bytes.length);
      else if (behaviour.flip?.(cid)) {
        bytes = bytes.slice();
        bytes[bytes.length >> 1] ^= 0x80;
      }
      res.writeHead(200, { 'content-type': 'application/vnd.ipld.raw' });
      res.end(bytes);
      return;
    }
    if (url.searchParams.get('format') === 'car') {
      // The root's DAG depth-first (blocks of the path first, when there is one).
      const order = [];
      const seen = new Set();
      const walk = async (c) => {
        if (behaviour.carDups === false && seen.has(c)) return;
        seen.add(c);
        order.push(c);
        const parsed = CID.parse(c);
        if (parsed.code !== 0x70) return;
        const { decode } = await import('@ipld/dag-pb');
        for (const l of decode(store.blocks.get(c)).Links) await walk(l.Hash.toString());
      };
      await walk(cid);
      if (behaviour.carOrder === 'reverse') order.reverse();
      res.writeHead(200, { 'content-type': 'application/vnd.ipld.car; version=1' });
      // Written by the reference implementation, not by the code under test.
      const { writer, out } = CarWriter.create([CID.parse(cid)]);
      const piping = (async () => {
        for await (const chunk of out) {
          if (!res.write(chunk)) await new Promise((r) => res.once('drain', r));
        }
      })();
      let n = 0;
      for (const c of order) {
        if (behaviour.carCut !== undefined && n++ >= behaviour.carCut) break;
        let bytes = store.blocks.get(c);
        if (behaviour.flip?.(c)) {
          bytes = bytes.slice();
          bytes[bytes.length >> 1] ^= 0x80;
        }
        await writer.put({ cid: CID.parse(c), bytes });
      }
      await writer.close();
      await piping;
      res.end();
      return;
    }
    res.writeHead(400);
    res.end();
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  servers.push(server);
  return { url: `http://127.0.0.1:${server.address().port}`, log, server };
}

async function imported(data, p = V1) {
  return importerFile(data, p);
}

test('raw mode: a tampered block is detected and the next gateway serves it; output is exact', async () => {
  const data = bigBytes(rng, 5 * MiB + 123);
  const { cid, store } = await imported(data);
  const keys = [...store.blocks.keys()];
  const victim = keys[rng.int(keys.length)];
  const bad = await gateway(store, { flip: (c) => c === victim });
  const good = await gateway(store);
  const errors = [];
  const client = createGatewayClient(ehr, {
    gateways: [bad.url, good.url],
    mode: 'raw',
    onGatewayError: (e) => errors.push(e),
  });
  const got = await client.bytes(cid);
  assert.equal(hex(got), hex(data));
  assert.equal(errors.length, 1);
  assert.equal(errors[0].gateway, bad.url);
  assert.equal(errors[0].cid, victim);
  assert.equal(errors[0].error.code, 'ERR_HASH_MISMATCH');
  // The gateway that lied is now tried last.
  assert.deepEqual(client.gateways, [good.url, bad.url]);
  assert.ok(good.log.some((l) => l.path === `/ipfs/${victim}` && l.accept === 'application/vnd.ipld.raw'));
});

test('a gateway that returns wrong bytes never yields data to the caller', async () => {
  const data = bigBytes(rng, 3 * MiB);
  const { cid, store } = await imported(data);
  for (const behaviour of [{ wrong: true }, { flip: () => true }]) {
    const liar = await gateway(store, behaviour);
    const client = createGatewayClient(ehr, { gateways: [liar.url], mode: 'raw' });
    const chunks = [];
    await assert.rejects(
      (async () => {
        for await (const c of client.cat(cid)) chunks.push(c);
      })(),
      (e) =>
        e instanceof GatewayError &&
        e.code === 'ERR_GATEWAY_FAILED' &&
        e.attempts.some((a) => a.error.code === 'ERR_HASH_MISMATCH'),
    );
    assert.equal(chunks.length, 0);
    await assert.rejects(client.getBlock(cid), (e) => e.code === 'ERR_GATEWAY_FAILED');
  }
  // Two liars and an honest gateway last: the bytes are still exact.
  const a = await gateway(store, { wrong: true });
  const b = await gateway(store, { flip: () => true });
  const good = await gateway(store);
  const client = createGatewayClient(ehr, { gateways: [a.url, b.url, good.url] });
  assert.equal(hex(await client.bytes(cid)), hex(data));
  assert.equal(hex(await client.getBlock(cid)), hex(store.blocks.get(cid)));
});

test('404, HTTP errors and timeouts fall through to the next gateway', async () => {
  const data = bigBytes(rng, 2 * MiB + 77);
  const { cid, store } = await imported(data);
  const missing = await gateway(new MemoryBlockstore());
  const broken = await gateway(store, { status: 500 });
  const hanging = await gateway(store, { hang: true });
  const good = await gateway(store);
  const errors = [];
  const client = createGatewayClient(ehr, {
    gateways: [missing.url, broken.url, hanging.url, good.url],
    mode: 'raw',
    timeoutMs: 300,
    onGatewayError: (e) => errors.push(e),
  });
  const t0 = Date.now();
  assert.equal(hex(await client.bytes(cid)), hex(data));
  assert.ok(Date.now() - t0 < 5000);
  // The caller's abort signal ends a read at once.
  const slow = createGatewayClient(ehr, { gateways: [hanging.url], mode: 'raw', timeoutMs: 60_000 });
  const ac = new AbortController();
  setTimeout(() => ac.abort(new Error('stop')), 100);
  await assert.rejects(slow.bytes(cid, { signal: ac.signal }), /stop/);
  const timeouts = createGatewayClient(ehr, { gateways: [hanging.url], mode: 'raw', timeoutMs: 100 });
  await assert.rejects(
    timeouts.bytes(cid),
    (e) => e.code === 'ERR_GATEWAY_FAILED' && e.attempts[0].error.code === 'ERR_TIMEOUT',
  );
  void errors;
});

test('CAR mode: one request, tampering falls back, dups=n and out-of-order CARs work, short CARs complete', async () => {
  // Zeros: every leaf is the same block, which a dups=n CAR sends once.
  for (const data of [bigBytes(rng, 4 * MiB + 5), new Uint8Array(3 * MiB + 1)]) {
    const { cid, store } = await imported(data);
    const good = await gateway(store);
    const client = createGatewayClient(ehr, { gateways: [good.url], mode: 'car' });
    assert.equal(hex(await client.bytes(cid)), hex(data));
    assert.equal(good.log.filter((l) => l.format === 'car').length, 1);
    assert.equal(good.log.filter((l) => l.format === 'raw').length, 0);
    const nodup = await gateway(store, { carDups: false });
    assert.equal(hex(await createGatewayClient(ehr, { gateways: [nodup.url], mode: 'car' }).bytes(cid)), hex(data));
    const reversed = await gateway(store, { carOrder: 'reverse' });
    assert.equal(hex(await createGatewayClient(ehr, { gateways: [reversed.url], mode: 'car' }).bytes(cid)), hex(data));
    const cut = await gateway(store, { carCut: 2 });
    const c2 = createGatewayClient(ehr, { gateways: [cut.url], mode: 'car' });
    assert.equal(hex(await c2.bytes(cid)), hex(data));
    assert.ok(cut.log.some((l) => l.format === 'raw'));
  }
  const data = bigBytes(rng, 3 * MiB + 9);
  const { cid, store } = await imported(data);
  const keys = [...store.blocks.keys()].filter((k) => k !== cid);
  const victim = keys[rng.int(keys.length)];
  const bad = await gateway(store, { flip: (c) => c === victim });
  const good = await gateway(store);
  const errors = [];
  const client = createGatewayClient(ehr, {
    gateways: [bad.url, good.url],
    mode: 'car',
    onGatewayError: (e) => errors.push(e),
  });
  const chunks = [];
  for await (const c of client.cat(cid)) chunks.push(c.slice());
  assert.equal(hex(Buffer.concat(chunks)), hex(data));
  assert.ok(errors.some((e) => e.gateway === bad.url && e.error.code === 'ERR_HASH_MISMATCH'));
  assert.ok(good.log.some((l) => l.path === `/ipfs/${victim}`));
});

test('ranges, paths, progress and ReadableStream', async () => {
  const entries = [
    { path: 'index.html', content: bigBytes(rng, 900) },
    { path: 'media/scan.bin', content: bigBytes(rng, 6 * MiB + 321) },
  ];
  const dir = await importerDirectory(entries, V1);
  const good = await gateway(dir.store);
  const client = createGatewayClient(ehr, { gateways: [good.url] });
  const big = entries[1].content;
  for (let i = 0; i < 6; i++) {
    const offset = rng.int(big.length);
    const length = rng.int(2 * MiB);
    const got = await client.bytes(dir.cid, { path: 'media/scan.bin', offset, length });
    assert.equal(hex(got), hex(big.subarray(offset, offset + length)));
  }
  const seen = [];
  const stream = client.stream(dir.cid, { path: 'media/scan.bin', onProgress: (p) => seen.push({ ...p }) });
  assert.ok(stream instanceof ReadableStream);
  const got = await collect(stream);
  assert.equal(hex(got), hex(big));
  assert.ok(seen.length > 3);
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i].bytesDone >= seen[i - 1].bytesDone);
  assert.deepEqual(seen[seen.length - 1], { bytesDone: big.length, bytesTotal: big.length });
  await assert.rejects(client.bytes(dir.cid, { path: 'media/none.bin' }), (e) => e.code === 'ERR_PATH_NOT_FOUND');
  await assert.rejects(client.bytes(dir.cid), (e) => e.code === 'ERR_NOT_A_FILE');
  assert.equal(hex(await client.bytes(dir.cid, { path: 'index.html', mode: 'car' })), hex(entries[0].content));
});

// ---- a Kubo RPC add endpoint ----------------------------------------------------------------------
/** Parses the multipart body, imports with the query's settings, answers NDJSON; `lie` swaps the CID. */
async function kubo({ lie = false, authorization } = {}) {
  const seen = [];
  const server = http.createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const url = new URL(req.url, 'http://x');
    seen.push({ path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers });
    if (authorization && req.headers.authorization !== authorization) {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ Message: 'unauthorized', Code: 0, Type: 'error' }));
      return;
    }
    const form = await new Request('http://x', {
      method: 'POST',
      headers: { 'content-type': req.headers['content-type'] },
      body: Buffer.concat(chunks),
    }).formData();
    const q = url.searchParams;
    const p = {
      cidVersion: Number(q.get('cid-version')),
      rawLeaves: q.get('raw-leaves') === 'true',
      chunkSize: Number(q.get('chunker').slice(5)),
      maxLinks: Number(q.get('max-file-links') ?? 174),
    };
    const entries = [];
    for (const [, file] of form.entries()) {
      const path = decodeURIComponent(file.name);
      if (file.type === 'application/x-directory') entries.push({ path });
      else entries.push({ path, content: new Uint8Array(await file.arrayBuffer()) });
    }
    const lines = [];
    for await (const e of importer(entries, new MemoryBlockstore(), {
      ...importerOptions(p),
      wrapWithDirectory: q.get('wrap-with-directory') === 'true',
    })) {
      lines.push({ Name: e.path, Hash: e.cid.toString(), Size: String(e.size) });
    }
    if (lie) lines[lines.length - 1].Hash = 'bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku';
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  servers.push(server);
  return { url: `http://127.0.0.1:${server.address().port}`, seen };
}

test("uploader: the profile's Kubo parameters, the local CID equals the node's, Authorization passes", async () => {
  const node = await kubo({ authorization: 'Bearer s3cret' });
  const up = createUploader(ehr, { apiUrl: node.url, authorization: 'Bearer s3cret' });
  for (const size of [0, 1, MiB, MiB + 1, rng.int(3 * MiB)]) {
    const data = bigBytes(rng, size);
    const r = await up.add(data, { filename: 'scan.pdf' });
    assert.equal(r.cid, (await importerFile(data, V1)).cid);
  }
  const q = node.seen[0].query;
  assert.equal(node.seen[0].path, '/api/v0/add');
  assert.equal(q['cid-version'], '1');
  assert.equal(q['raw-leaves'], 'true');
  assert.equal(q.chunker, 'size-1048576');
  assert.equal(q.hash, 'sha2-256');
  assert.equal(q['max-file-links'], '1024');
  assert.equal(node.seen[0].headers.authorization, 'Bearer s3cret');
  // A stream goes up in one pass; its CID is computed from the same bytes.
  const data = bigBytes(rng, 2 * MiB + 3);
  const r = await up.add(asyncOf([data.subarray(0, 1000), data.subarray(1000)]));
  assert.equal(r.cid, (await importerFile(data, V1)).cid);
  assert.equal(
    addParams(ipfs.profile('kubo-default')).toString(),
    'cid-version=0&raw-leaves=false&chunker=size-262144&hash=sha2-256&trickle=false',
  );
  // Kubo's defaults as the profile.
  const kup = createUploader(ehr, {
    apiUrl: `${node.url}/api/v0`,
    authorization: 'Bearer s3cret',
    profile: 'kubo-default',
  });
  const small = bigBytes(rng, 300_000);
  assert.equal((await kup.add(new Blob([small]))).cid, (await importerFile(small, ipfs.profile('kubo-default'))).cid);
  // Directories.
  const files = [
    { path: 'index.html', content: bigBytes(rng, 500) },
    { path: 'css/site.css', content: bigBytes(rng, 70) },
  ];
  const d = await up.addDirectory(files);
  assert.equal(d.cid, (await importerDirectory(files, V1)).cid);
});

test('uploader: a node that answers another CID is refused with CidMismatchError; errors are typed', async () => {
  const liar = await kubo({ lie: true });
  const up = createUploader(ehr, { apiUrl: liar.url });
  const data = bigBytes(rng, 5000);
  await assert.rejects(
    up.add(data),
    (e) =>
      e instanceof CidMismatchError &&
      e.code === 'ERR_CID_MISMATCH' &&
      e.local === ipfs.cidSync(data) &&
      e.remote === 'bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku',
  );
  await assert.rejects(up.add(asyncOf([data])), CidMismatchError);
  await assert.rejects(up.addDirectory([{ path: 'a', content: data }]), CidMismatchError);
  const locked = await kubo({ authorization: 'Bearer right' });
  await assert.rejects(
    createUploader(ehr, { apiUrl: locked.url, authorization: 'Bearer wrong' }).add(data),
    (e) =>
      e instanceof UploadError && e.status === 401 && e.code === 'ERR_UPLOAD_FAILED' && /unauthorized/.test(e.message),
  );
  await assert.rejects(
    createUploader(ehr, { apiUrl: 'http://127.0.0.1:1' }).add(data),
    (e) => e.code === 'ERR_UPLOAD_FAILED',
  );
});
