// Directory adds (wrap-with-directory), path resolution, index.html, listings,
// content types and the subdomain gateway.

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import {
  CID,
  MiB,
  PROFILES,
  importLocally,
  launchNode,
  ndjson,
  parseCar,
  pseudoRandomBytes,
  request,
  rpc,
} from './helpers.mjs';

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  pseudoRandomBytes(300, 'png'),
]);
const WASM = Buffer.concat([Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00])]);
const ODD_NAME = 'notes & ünïcode #1.txt';
const EMPTY_DIR_V1 = 'bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354';

// the tree to upload: files in order, with the (optional) directory parts Kubo clients send
const TREE = [
  { dir: 'site' },
  {
    path: 'site/index.html',
    data: Buffer.from('<!doctype html><title>chart</title><script type="module" src="app.mjs"></script>\n'),
    type: 'text/html; charset=utf-8',
  },
  { path: 'site/app.js', data: Buffer.from('console.log("app")\n'), type: 'text/javascript; charset=utf-8' },
  { path: 'site/app.mjs', data: Buffer.from('export const x = 1\n'), type: 'text/javascript; charset=utf-8' },
  { path: 'site/core.wasm', data: WASM, type: 'application/wasm' },
  { path: 'site/style.css', data: Buffer.from('body { margin: 0 }\n'), type: 'text/css; charset=utf-8' },
  { path: 'site/data.json', data: Buffer.from('{"a":1}\n'), type: 'application/json' },
  { path: 'site/logo.svg', data: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>\n'), type: 'image/svg+xml' },
  { path: 'site/img.png', data: PNG, type: 'image/png' },
  { dir: 'site/docs' },
  { path: 'site/docs/readme.txt', data: Buffer.from('read me\n'), type: 'text/plain; charset=utf-8' },
  { path: `site/docs/${ODD_NAME}`, data: Buffer.from('odd name\n'), type: 'text/plain; charset=utf-8' },
  {
    path: 'site/docs/nested/deep.bin',
    data: pseudoRandomBytes(Math.floor(1.2 * MiB), 'deep'),
    type: 'application/octet-stream',
  },
  { dir: 'site/empty' },
];

function parts() {
  return TREE.map((item) =>
    item.dir != null
      ? { filename: encodeURIComponent(item.dir), contentType: 'application/x-directory' }
      : { filename: encodeURIComponent(item.path), data: item.data },
  );
}

function importerInputs() {
  return TREE.map((item) => (item.dir != null ? { path: item.dir } : { path: item.path, content: item.data }));
}

async function addTree(node, profile) {
  const res = await rpc(node, 'add', { query: { ...profile.query, 'wrap-with-directory': 'true' }, parts: parts() });
  assert.equal(res.status, 200, await res.clone().text());
  return ndjson(res);
}

describe('directories', () => {
  let node;
  let root;
  let local;
  const byName = new Map();

  before(async () => {
    node = await launchNode();
    const lines = await addTree(node, PROFILES.project);
    for (const line of lines) byName.set(line.Name, line.Hash);
    root = lines.at(-1).Hash;
    local = await importLocally(importerInputs(), { ...PROFILES.project.importer(), wrapWithDirectory: true });
  });
  after(() => node?.cleanup());

  it("wrap-with-directory gives the importer's CIDs for every file and directory", async () => {
    assert.equal(byName.get(''), root, 'the wrapping directory comes last, with an empty name');
    assert.equal(root, local.entries.at(-1).cid.toString());
    const expected = new Map(local.entries.map((e) => [e.path ?? '', e.cid.toString()]));
    // the importer builds but does not report an empty directory; Kubo (and the node) do
    assert.ok(!expected.has('site/empty'));
    expected.set('site/empty', EMPTY_DIR_V1);
    assert.deepEqual(new Map([...byName].sort()), new Map([...expected].sort()));
    for (const name of ['site', 'site/docs', 'site/empty', 'site/docs/nested', `site/docs/${ODD_NAME}`])
      assert.ok(byName.has(name), name);
  });

  it('the same tree with Kubo defaults matches the importer too', async () => {
    const lines = await addTree(node, PROFILES.kubo);
    const kuboLocal = await importLocally(importerInputs(), { ...PROFILES.kubo.importer(), wrapWithDirectory: true });
    assert.equal(lines.at(-1).Hash, kuboLocal.entries.at(-1).cid.toString());
    assert.ok(lines.at(-1).Hash.startsWith('Qm'));
  });

  it('files resolve by path with the right bytes and Content-Type', async () => {
    for (const item of TREE.filter((i) => i.path != null)) {
      const url = `${node.gatewayUrl}/ipfs/${root}/${item.path.split('/').map(encodeURIComponent).join('/')}`;
      const res = await fetch(url);
      assert.equal(res.status, 200, item.path);
      assert.equal(res.headers.get('content-type'), item.type, item.path);
      assert.ok(Buffer.from(await res.arrayBuffer()).equals(item.data), item.path);
      assert.equal(res.headers.get('x-ipfs-roots').split(',').at(-1), byName.get(item.path));
    }
  });

  it('a directory with index.html serves it; a bare directory path redirects to the slash form', async () => {
    const redirect = await fetch(`${node.gatewayUrl}/ipfs/${root}/site`, { redirect: 'manual' });
    assert.equal(redirect.status, 301);
    assert.equal(redirect.headers.get('location'), `/ipfs/${root}/site/`);
    const res = await fetch(`${node.gatewayUrl}/ipfs/${root}/site/`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(await res.text(), TREE[1].data.toString());
  });

  it('a directory without index.html is listed', async () => {
    const res = await fetch(`${node.gatewayUrl}/ipfs/${root}/site/docs/`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
    const html = await res.text();
    for (const name of ['readme.txt', 'nested', 'notes &amp; ünïcode #1.txt']) assert.ok(html.includes(name), name);
    assert.ok(html.includes(byName.get('site/docs/readme.txt')));
    const empty = await fetch(`${node.gatewayUrl}/ipfs/${root}/site/empty/`);
    assert.equal(empty.status, 200);
    assert.equal(empty.headers.get('x-ipfs-roots').split(',').at(-1), EMPTY_DIR_V1);
  });

  it('unknown paths are 404, bad CIDs 400', async () => {
    assert.equal((await fetch(`${node.gatewayUrl}/ipfs/${root}/site/nope.txt`)).status, 404);
    assert.equal((await fetch(`${node.gatewayUrl}/ipfs/${root}/site/app.js/deeper`)).status, 404);
    assert.equal((await fetch(`${node.gatewayUrl}/ipfs/not-a-cid/site`)).status, 400);
  });

  it('subdomain requests (<cidv1>.ipfs.localhost) serve the directory like /ipfs/<cid>/', async () => {
    const site = CID.parse(byName.get('site')).toV1().toString();
    const host = `${site}.ipfs.localhost:${node.port}`;
    const page = await request(node, '/', { headers: { host } });
    assert.equal(page.status, 200);
    assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(page.body.toString(), TREE[1].data.toString());
    const script = await request(node, '/app.mjs', { headers: { host } });
    assert.equal(script.status, 200);
    assert.equal(script.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(script.body.toString(), 'export const x = 1\n');
    const wasm = await request(node, '/core.wasm', { headers: { host } });
    assert.equal(wasm.headers['content-type'], 'application/wasm');
    const head = await request(node, '/img.png', { method: 'HEAD', headers: { host } });
    assert.equal(head.status, 200);
    assert.equal(head.headers['content-length'], String(PNG.length));
    assert.equal(head.body.length, 0);
    const missing = await request(node, '/missing.js', { headers: { host } });
    assert.equal(missing.status, 404);
    // the same content under a CIDv0 label cannot be a (case-insensitive) host name
    const v0Label = CID.parse(site).toV0().toString().toLowerCase();
    const v0 = await request(node, '/', { headers: { host: `${v0Label}.ipfs.localhost:${node.port}` } });
    assert.equal(v0.status, 400);
  });

  it('without wrap-with-directory the top directory is the last entry', async () => {
    const res = await rpc(node, 'add', { query: PROFILES.project.query, parts: parts() });
    const lines = await ndjson(res);
    assert.equal(lines.at(-1).Name, 'site');
    assert.equal(lines.at(-1).Hash, byName.get('site'));
    assert.ok(!lines.some((l) => l.Name === ''));
  });

  it('a HAMT-sharded directory: same CID as the importer, paths resolve, entity CAR holds only the shards', async () => {
    const names = Array.from(
      { length: 1500 },
      (_, i) => `record-${String(i).padStart(5, '0')}-${'x'.repeat(140)}.json`,
    );
    const files = names.map((name, i) => ({ path: `big/${name}`, data: Buffer.from(`{"n":${i}}`) }));
    const res = await rpc(node, 'add', {
      query: { ...PROFILES.project.query, 'wrap-with-directory': 'false', pin: 'false' },
      parts: files.map((f) => ({ filename: encodeURIComponent(f.path), data: f.data })),
    });
    assert.equal(res.status, 200);
    const lines = await ndjson(res);
    const big = lines.at(-1);
    assert.equal(big.Name, 'big');
    const localBig = await importLocally(
      files.map((f) => ({ path: f.path, content: f.data })),
      PROFILES.project.importer(),
    );
    assert.equal(big.Hash, localBig.entries.at(-1).cid.toString());
    const rootBlock = localBig.blocks.get(big.Hash).bytes;
    assert.ok(rootBlock.length < 256 * 1024);

    const file = await fetch(`${node.gatewayUrl}/ipfs/${big.Hash}/${names[777]}`);
    assert.equal(file.status, 200);
    assert.equal(await file.text(), '{"n":777}');
    assert.ok(file.headers.get('x-ipfs-roots').split(',').length >= 2);

    const entity = await fetch(`${node.gatewayUrl}/ipfs/${big.Hash}?format=car&dag-scope=entity`);
    const car = await parseCar(new Uint8Array(await entity.arrayBuffer()));
    const leafCids = new Set(files.map((f, i) => lines.find((l) => l.Name === f.path).Hash));
    assert.ok(car.blocks.length > 1, 'a sharded directory has sub-shards');
    assert.ok(
      car.blocks.every((b) => b.cid.code === 0x70 && !leafCids.has(b.cid.toString())),
      'only directory shards',
    );
    assert.equal(car.blocks[0].cid.toString(), big.Hash);

    const pathCar = await fetch(`${node.gatewayUrl}/ipfs/${big.Hash}/${names[777]}?format=car`);
    const proof = await parseCar(new Uint8Array(await pathCar.arrayBuffer()));
    assert.equal(proof.blocks[0].cid.toString(), big.Hash);
    assert.equal(proof.blocks.at(-1).cid.toString(), lines.find((l) => l.Name === `big/${names[777]}`).Hash);
    assert.ok(proof.blocks.length >= 3, 'root shard, at least one sub-shard, the file');

    const listing = await (await fetch(`${node.gatewayUrl}/ipfs/${big.Hash}/`)).text();
    assert.equal(listing.split('<tr><td>').length - 1, names.length);
  });

  it('CAR for a path: path blocks first, then the entity (directory block only) or everything below', async () => {
    const docs = byName.get('site/docs');
    const entity = await fetch(`${node.gatewayUrl}/ipfs/${root}/site/docs?format=car&dag-scope=entity`);
    assert.equal(entity.status, 200);
    const small = await parseCar(new Uint8Array(await entity.arrayBuffer()));
    assert.deepEqual(small.roots.map(String), [root]);
    assert.deepEqual(
      small.blocks.map((b) => b.cid.toString()),
      [root, byName.get('site'), docs],
    );

    const all = await fetch(`${node.gatewayUrl}/ipfs/${root}/site/docs?format=car`);
    const full = await parseCar(new Uint8Array(await all.arrayBuffer()));
    const below = await importLocally(
      TREE.filter((i) => i.path?.startsWith('site/docs/')).map((i) => ({
        path: i.path.slice('site/docs/'.length),
        content: i.data,
      })),
      { ...PROFILES.project.importer(), wrapWithDirectory: true },
    );
    assert.equal(below.entries.at(-1).cid.toString(), docs);
    assert.deepEqual(
      new Set(full.blocks.map((b) => b.cid.toString())),
      new Set([root, byName.get('site'), ...below.blocks.keys()]),
    );

    const raw = await fetch(`${node.gatewayUrl}/ipfs/${root}/site/data.json?format=raw`);
    assert.equal(raw.status, 200);
    assert.equal(raw.headers.get('content-type'), 'application/vnd.ipld.raw');
    assert.ok(Buffer.from(await raw.arrayBuffer()).equals(TREE[6].data)); // a raw leaf holds the file itself
  });
});
