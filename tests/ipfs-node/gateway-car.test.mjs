// The gateway client's CAR reads against the local IPFS node (its gateway answers ?format=car with
// order=dfs; dups=n), through a loopback proxy that counts requests and can rewrite answers: a
// multi-block file in one request; CARs with a corrupted, an extra, a missing block, cut short or
// of another DAG, each refused (typed error) and recovered block by block or from the next gateway;
// 429 with Retry-After; a gateway without CARs read block by block for the rest of the session.
import assert from 'node:assert/strict';
import http from 'node:http';
import { describe, it, before, after } from 'node:test';
import { CarWriter } from '@ipld/car';
import { CID } from 'multiformats/cid';
import { init } from '../../wasm/js/ehr.js';
import { createGatewayClient, createUploader, GatewayError, RateLimitError } from '../../wasm/js/gateway.js';
import { MiB, launchNode, pseudoRandomBytes } from './helpers.mjs';

const ehr = await init();

/** CARv1 bytes written by the reference implementation (@ipld/car), blocks as given (unchecked). */
async function carOf(root, blocks) {
  const { writer, out } = CarWriter.create([CID.parse(root)]);
  const chunks = [];
  const reading = (async () => {
    for await (const c of out) chunks.push(c);
  })();
  for (const b of blocks) await writer.put({ cid: CID.parse(b.cid), bytes: b.bytes });
  await writer.close();
  await reading;
  return Buffer.concat(chunks);
}

/**
 * A proxy on 127.0.0.1 in front of `target`. `rewrite({ url, format, n })` may answer instead
 * ({ status, headers, body }) or return undefined to forward; `n` counts requests of that format.
 */
async function proxy(target, rewrite = () => undefined) {
  const log = [];
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    const format = url.searchParams.get('format');
    const n = log.filter((l) => l.format === format).length;
    log.push({ format, path: url.pathname, search: url.search });
    try {
      const answer = await rewrite({ url, format, n });
      if (answer) {
        res.writeHead(answer.status ?? 200, answer.headers ?? {});
        res.end(answer.body ?? '');
        return;
      }
      const up = await fetch(`${target}${req.url}`, { headers: { accept: req.headers.accept ?? '*/*' } });
      const headers = {};
      for (const k of ['content-type', 'retry-after']) if (up.headers.get(k)) headers[k] = up.headers.get(k);
      res.writeHead(up.status, headers);
      res.end(Buffer.from(await up.arrayBuffer()));
    } catch (e) {
      res.destroy(e);
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    log,
    count: (format) => log.filter((l) => format === undefined || l.format === format).length,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections?.();
        server.close(r);
      }),
  };
}

/** The node's CAR for `cid` as a list of blocks, and its Content-Type. */
async function nodeCar(node, cid) {
  const res = await fetch(`${node.gatewayUrl}/ipfs/${cid}?format=car`, {
    headers: { accept: 'application/vnd.ipld.car' },
  });
  assert.equal(res.status, 200);
  const car = await ehr.ipfs.readCar(new Uint8Array(await res.arrayBuffer()));
  const blocks = [];
  for await (const b of car.blocks) blocks.push(b);
  return { blocks, contentType: res.headers.get('content-type') };
}

const CAR_TYPE = 'application/vnd.ipld.car; version=1; order=dfs; dups=n';
const same = (a, b) => a.length === b.length && Buffer.from(a).equals(Buffer.from(b));

describe('gateway client: CAR reads against the local node', () => {
  let node;
  const proxies = [];
  const files = {};
  before(async () => {
    node = await launchNode();
    for (const [name, profile, seed] of [
      ['v1', 'unixfs-v1-2025', 'car-3mb'], // 3 leaves of 1 MiB and a root
      ['kubo', 'kubo-default', 'car-3mb-kubo'], // 12 leaves of 256 KiB and a root
      ['other', 'unixfs-v1-2025', 'car-other'],
    ]) {
      const content = pseudoRandomBytes(3 * MiB, seed);
      const { cid } = await createUploader(ehr, { apiUrl: node.apiUrl, profile }).add(content);
      files[name] = { content, cid, profile };
    }
  });
  after(async () => {
    for (const p of proxies) await p.close();
    await node?.cleanup();
  });
  const open = async (rewrite) => {
    const p = await proxy(node.gatewayUrl, rewrite);
    proxies.push(p);
    return p;
  };

  it('a 3 MB multi-block file is read with one HTTP request (per-block: one per block)', async () => {
    for (const f of [files.v1, files.kubo]) {
      const { blocks } = await nodeCar(node, f.cid);
      assert.ok(blocks.length >= 4);
      const car = await open();
      const client = createGatewayClient(ehr, { gateways: [car.url] });
      assert.ok(same(await client.bytes(f.cid), f.content));
      assert.equal(car.count(), 1, JSON.stringify(car.log));
      assert.equal(car.count('car'), 1);
      assert.match(car.log[0].search, /dag-scope=all/);
      const raw = await open();
      const perBlock = createGatewayClient(ehr, { gateways: [raw.url], mode: 'raw' });
      assert.ok(same(await perBlock.bytes(f.cid), f.content));
      assert.equal(raw.count(), blocks.length);
      console.log(`# ${f.profile}: ${blocks.length} blocks, CAR ${car.count()} request, per-block ${raw.count()}`);
    }
  });

  it('a file under a directory path: one request', async () => {
    const up = createUploader(ehr, { apiUrl: node.apiUrl });
    const { cid } = await up.addDirectory([
      { path: 'chart/report.bin', content: files.kubo.content },
      { path: 'chart/note.json', content: new TextEncoder().encode('{"a":1}') },
    ]);
    const p = await open();
    const client = createGatewayClient(ehr, { gateways: [p.url] });
    assert.ok(same(await client.bytes(cid, { path: 'chart/report.bin' }), files.kubo.content));
    assert.equal(p.count(), 1);
  });

  /** A proxy whose CARs are `edit(blocks)` of the node's (raw blocks pass untouched). */
  const tampering = async (f, edit, contentType = CAR_TYPE) => {
    const { blocks } = await nodeCar(node, f.cid);
    return open(async ({ format }) =>
      format === 'car'
        ? { headers: { 'content-type': contentType }, body: await edit(blocks.map((b) => ({ ...b }))) }
        : undefined,
    );
  };
  const readWith = async (gateways, cid, extra = {}) => {
    const errors = [];
    const client = createGatewayClient(ehr, { gateways, onGatewayError: (e) => errors.push(e), ...extra });
    const got = await client.bytes(cid);
    return { got, errors, client };
  };

  it('a CAR with a corrupted block: ERR_HASH_MISMATCH, the rest block by block, exact bytes', async () => {
    const f = files.kubo;
    const p = await tampering(f, (blocks) => {
      const b = blocks[5];
      b.bytes = b.bytes.slice();
      b.bytes[100] ^= 1;
      return carOf(f.cid, blocks);
    });
    const { got, errors } = await readWith([p.url], f.cid);
    assert.ok(same(got, f.content));
    assert.deepEqual(
      errors.map((e) => e.error.code),
      ['ERR_HASH_MISMATCH'],
    );
    const { blocks } = await nodeCar(node, f.cid);
    assert.equal(errors[0].cid, blocks[5].cid);
    // blocks 0-4 came in the CAR; 5 onwards one by one
    assert.equal(p.count('car'), 1);
    assert.equal(p.count('raw'), blocks.length - 5);
  });

  it('refused: a gateway whose CAR and blocks are corrupted yields nothing (GatewayError)', async () => {
    const f = files.v1;
    const flip = (bytes) => {
      const c = Buffer.from(bytes);
      c[7] ^= 1;
      return c;
    };
    const { blocks } = await nodeCar(node, f.cid);
    const p = await open(async ({ format, url }) => {
      if (format === 'car')
        return {
          headers: { 'content-type': CAR_TYPE },
          body: await carOf(
            f.cid,
            blocks.map((b) => ({ ...b, bytes: flip(b.bytes) })),
          ),
        };
      const cid = url.pathname.split('/')[2];
      const b = blocks.find((x) => x.cid === cid);
      return { headers: { 'content-type': 'application/vnd.ipld.raw' }, body: flip(b.bytes) };
    });
    const chunks = [];
    const client = createGatewayClient(ehr, { gateways: [p.url] });
    await assert.rejects(
      (async () => {
        for await (const c of client.cat(f.cid)) chunks.push(c);
      })(),
      (e) => e instanceof GatewayError && e.attempts.some((a) => a.error.code === 'ERR_HASH_MISMATCH'),
    );
    assert.equal(chunks.length, 0);
  });

  it('a CAR with an extra unrelated block (order=dfs): ERR_BAD_CAR, exact bytes', async () => {
    const f = files.kubo;
    const stranger = { cid: ehr.ipfs.cidSync(new Uint8Array([1, 2, 3])), bytes: new Uint8Array([1, 2, 3]) };
    // in the middle: refused there, the rest block by block
    const mid = await tampering(f, (blocks) => carOf(f.cid, [...blocks.slice(0, 3), stranger, ...blocks.slice(3)]));
    const a = await readWith([mid.url], f.cid);
    assert.ok(same(a.got, f.content));
    assert.deepEqual(
      a.errors.map((e) => e.error.code),
      ['ERR_BAD_CAR'],
    );
    assert.match(a.errors[0].error.message, new RegExp(stranger.cid));
    assert.ok(mid.count('raw') > 0);
    // after the DAG: noticed (reported), nothing else needed
    const end = await tampering(f, (blocks) => carOf(f.cid, [...blocks, stranger]));
    const b = await readWith([end.url], f.cid);
    assert.ok(same(b.got, f.content));
    assert.deepEqual(
      b.errors.map((e) => e.error.code),
      ['ERR_BAD_CAR'],
    );
    assert.equal(end.count(), 1);
    // order unknown (no order parameter): unexpected blocks are ignored, as the spec asks
    const unk = await tampering(
      f,
      (blocks) => carOf(f.cid, [stranger, ...blocks.reverse()]),
      'application/vnd.ipld.car; version=1',
    );
    const c = await readWith([unk.url], f.cid);
    assert.ok(same(c.got, f.content));
    assert.deepEqual(c.errors, []);
    assert.equal(unk.count(), 1);
  });

  it('a CAR with a missing block: ERR_BAD_CAR (mid-walk) or ERR_BLOCK_MISSING (at the end), recovered', async () => {
    const f = files.kubo;
    const { blocks } = await nodeCar(node, f.cid);
    const mid = await tampering(f, (bs) =>
      carOf(
        f.cid,
        bs.filter((_, i) => i !== 4),
      ),
    );
    const a = await readWith([mid.url], f.cid);
    assert.ok(same(a.got, f.content));
    assert.deepEqual(
      a.errors.map((e) => [e.error.code, e.cid]),
      [['ERR_BAD_CAR', blocks[4].cid]],
    );
    const last = await tampering(f, (bs) => carOf(f.cid, bs.slice(0, -1)));
    const b = await readWith([last.url], f.cid);
    assert.ok(same(b.got, f.content));
    assert.deepEqual(
      b.errors.map((e) => [e.error.code, e.cid]),
      [['ERR_BLOCK_MISSING', blocks.at(-1).cid]],
    );
    assert.equal(last.count('raw'), 1);
  });

  it('a CAR cut short mid-block: ERR_BAD_CAR, recovered block by block', async () => {
    const f = files.v1;
    const p = await tampering(f, async (bs) => {
      const car = await carOf(f.cid, bs);
      return car.subarray(0, car.length - 1000);
    });
    const { got, errors } = await readWith([p.url], f.cid);
    assert.ok(same(got, f.content));
    assert.deepEqual(
      errors.map((e) => e.error.code),
      ['ERR_BAD_CAR'],
    );
    assert.equal(p.count('raw'), 1);
  });

  it('a CAR of another DAG (wrong root): refused, the next gateway serves the CAR', async () => {
    const f = files.v1;
    const { blocks } = await nodeCar(node, files.other.cid);
    const liar = await open(async ({ format }) =>
      format === 'car'
        ? { headers: { 'content-type': CAR_TYPE }, body: await carOf(files.other.cid, blocks) }
        : undefined,
    );
    const honest = await open();
    const { got, errors, client } = await readWith([liar.url, honest.url], f.cid);
    assert.ok(same(got, f.content));
    assert.deepEqual(
      errors.map((e) => [e.gateway, e.error.code, e.cid]),
      [[liar.url, 'ERR_BAD_CAR', f.cid]],
    );
    assert.equal(liar.count(), 1);
    assert.equal(honest.count(), 1);
    assert.deepEqual(client.gateways, [honest.url, liar.url]);
    // alone, the liar's CAR is refused and its raw blocks (honest here) are used
    const alone = await readWith([liar.url], f.cid);
    assert.ok(same(alone.got, f.content));
    assert.equal(alone.errors[0].error.code, 'ERR_BAD_CAR');
  });

  it('429 with Retry-After: waits, then succeeds; another gateway is asked meanwhile', async () => {
    const f = files.kubo;
    const once = await open(({ n, format }) =>
      format === 'car' && n === 0 ? { status: 429, headers: { 'retry-after': '1' } } : undefined,
    );
    const t0 = Date.now();
    const a = await readWith([once.url], f.cid);
    assert.ok(same(a.got, f.content));
    assert.ok(Date.now() - t0 >= 950, 'Retry-After: 1 was not honoured');
    assert.equal(once.count('car'), 2);
    assert.equal(once.count('raw'), 0);
    assert.ok(a.errors[0].error instanceof RateLimitError);
    assert.equal(a.errors[0].error.code, 'ERR_RATE_LIMITED');
    assert.equal(a.errors[0].error.retryAfterMs, 1000);

    // A limited gateway (Retry-After: 30) is left alone while the next one serves.
    const busy = await open(() => ({ status: 429, headers: { 'retry-after': '30' } }));
    const free = await open();
    const errors = [];
    const client = createGatewayClient(ehr, { gateways: [busy.url, free.url], onGatewayError: (e) => errors.push(e) });
    assert.ok(same(await client.bytes(f.cid), f.content));
    assert.ok(same(await client.bytes(files.v1.cid), files.v1.content));
    assert.equal(busy.count(), 1);
    assert.equal(free.count(), 2);
    assert.deepEqual(
      errors.map((e) => e.error.code),
      ['ERR_RATE_LIMITED'],
    );

    // Alone and asking for longer than maxRetryAfterMs: a typed failure at once, no more requests.
    const slow = await open(() => ({ status: 429, headers: { 'retry-after': '3600' } }));
    const c = createGatewayClient(ehr, { gateways: [slow.url], maxRetryAfterMs: 5000 });
    await assert.rejects(
      c.bytes(f.cid),
      (e) =>
        e instanceof GatewayError &&
        e.attempts.length > 0 &&
        e.attempts.every((x) => x.error.code === 'ERR_RATE_LIMITED' && x.error.retryAfterMs > 5000),
    );
    assert.equal(slow.count(), 1);
  });

  it('a gateway without CARs is read block by block, remembered for the session', async () => {
    const f = files.kubo;
    const { blocks } = await nodeCar(node, f.cid);
    for (const answer of [
      { status: 406 },
      { status: 501 },
      { status: 200, headers: { 'content-type': 'application/octet-stream' }, body: 'not a car' },
    ]) {
      const p = await open(({ format }) => (format === 'car' ? answer : undefined));
      const { got, errors, client } = await readWith([p.url], f.cid);
      assert.ok(same(got, f.content));
      assert.equal(p.count('car'), 1);
      assert.equal(p.count('raw'), blocks.length);
      assert.deepEqual(
        errors.map((e) => e.error.code),
        ['ERR_UNSUPPORTED'],
      );
      assert.ok(same(await client.bytes(f.cid), f.content));
      assert.equal(p.count('car'), 1, 'the session asked for a CAR again');
    }
  });

  it('byte ranges: entity-bytes where supported (one request), else block by block, remembered', async () => {
    const f = files.kubo;
    const [offset, length] = [1_000_000, 300_000];
    const want = f.content.subarray(offset, offset + length);
    // The local node answers entity-bytes with 501.
    const direct = await open();
    const client = createGatewayClient(ehr, { gateways: [direct.url] });
    assert.ok(same(await client.bytes(f.cid, { offset, length }), want));
    assert.match(direct.log[0].search, new RegExp(`entity-bytes=${offset}:${offset + length - 1}`));
    const raws = direct.count('raw');
    assert.ok(raws >= 2 && raws <= 3, `${raws} blocks for the range`);
    assert.ok(same(await client.bytes(f.cid, { offset, length }), want));
    assert.equal(direct.count('car'), 1, 'ranges were asked again');
    // Full reads still come as one CAR.
    assert.ok(same(await client.bytes(f.cid), f.content));
    assert.equal(direct.count('car'), 2);

    // A gateway with entity-bytes: the minimal blocks (as the module's reader walks them), once.
    const { blocks } = await nodeCar(node, f.cid);
    const store = new Map(blocks.map((b) => [b.cid, b.bytes]));
    const ranged = await open(async ({ format, url }) => {
      if (format !== 'car') return undefined;
      const [from, to] = url.searchParams.get('entity-bytes').split(':').map(Number);
      const reader = ehr.ipfs.createReader(f.cid, { offset: from, length: to - from + 1 });
      const minimal = [];
      for (let c = reader.next(); c !== null; c = reader.next()) {
        minimal.push({ cid: c, bytes: store.get(c) });
        reader.supply(store.get(c));
      }
      reader.dispose();
      return {
        headers: { 'content-type': 'application/vnd.ipld.car; version=1; order=dfs; dups=y' },
        body: await carOf(f.cid, minimal),
      };
    });
    const rc = createGatewayClient(ehr, { gateways: [ranged.url] });
    assert.ok(same(await rc.bytes(f.cid, { offset, length }), want));
    assert.equal(ranged.count(), 1);
  });
});
