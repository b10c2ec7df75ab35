// dag/import and dag/export with CAR files built in the test; block/put and block/get.

import assert from 'node:assert/strict';
import { describe, it, before, after } from 'node:test';
import { CarWriter } from '@ipld/car';
import { CID } from 'multiformats/cid';
import * as raw from 'multiformats/codecs/raw';
import { sha256 } from 'multiformats/hashes/sha2';
import {
  MiB,
  PROFILES,
  assertBlockMatches,
  importLocally,
  launchNode,
  ndjson,
  parseCar,
  pseudoRandomBytes,
  rpc,
} from './helpers.mjs';

async function carBytes(roots, blocks) {
  const { writer, out } = CarWriter.create(roots);
  const chunks = [];
  const reading = (async () => {
    for await (const c of out) chunks.push(c);
  })();
  for (const block of blocks) await writer.put(block);
  await writer.close();
  await reading;
  return Buffer.concat(chunks);
}

describe('CAR import/export and blocks', () => {
  let node;
  before(async () => {
    node = await launchNode();
  });
  after(() => node?.cleanup());

  it('dag/import of a CAR built in the test, then reading it back', async () => {
    const report = pseudoRandomBytes(Math.floor(2.5 * MiB), 'report.pdf');
    const note = Buffer.from('{"resourceType":"Observation"}');
    const local = await importLocally(
      [
        { path: 'chart/report.pdf', content: report },
        { path: 'chart/note.json', content: note },
      ],
      { ...PROFILES.project.importer(), wrapWithDirectory: true },
    );
    const root = local.entries.at(-1).cid;
    const car = await carBytes([root], [...local.blocks.values()]);

    const res = await rpc(node, 'dag/import', {
      query: { stats: 'true' },
      parts: [{ filename: 'chart.car', data: car }],
    });
    assert.equal(res.status, 200, await res.clone().text());
    const lines = await ndjson(res);
    assert.deepEqual(lines[0], { Root: { Cid: { '/': root.toString() }, PinErrorMsg: '' } });
    assert.deepEqual(lines[1], {
      Stats: {
        BlockCount: local.blocks.size,
        BlockBytesCount: [...local.blocks.values()].reduce((n, b) => n + b.bytes.length, 0),
      },
    });

    const file = await fetch(`${node.gatewayUrl}/ipfs/${root}/chart/report.pdf`);
    assert.equal(file.status, 200);
    assert.equal(file.headers.get('content-type'), 'application/pdf');
    assert.ok(Buffer.from(await file.arrayBuffer()).equals(report));
    assert.equal(await (await fetch(`${node.gatewayUrl}/ipfs/${root}/chart/note.json`)).text(), note.toString());

    const pins = await (await rpc(node, 'pin/ls', { query: { type: 'recursive' } })).json();
    assert.equal(pins.Keys[root.toString()]?.Type, 'recursive');

    // export gives back exactly the blocks that went in
    const exported = await rpc(node, 'dag/export', { query: { arg: root.toString() } });
    assert.equal(exported.status, 200);
    const back = await parseCar(new Uint8Array(await exported.arrayBuffer()));
    assert.deepEqual(back.roots.map(String), [root.toString()]);
    assert.deepEqual(new Set(back.blocks.map((b) => b.cid.toString())), new Set(local.blocks.keys()));
    assert.equal(back.blocks.length, local.blocks.size, 'no duplicates');
    const gatewayCar = await fetch(`${node.gatewayUrl}/ipfs/${root}?format=car`);
    const viaGateway = await parseCar(new Uint8Array(await gatewayCar.arrayBuffer()));
    assert.deepEqual(
      viaGateway.blocks.map((b) => b.cid.toString()),
      back.blocks.map((b) => b.cid.toString()),
    );
  });

  it('a CAR whose block does not match its CID is refused and nothing of it is kept', async () => {
    const good = Buffer.from('good block');
    const goodCid = CID.create(1, raw.code, await sha256.digest(good));
    const bad = Buffer.from('tampered');
    const claimed = CID.create(1, raw.code, await sha256.digest(Buffer.from('original')));
    const car = await carBytes(
      [claimed],
      [
        { cid: claimed, bytes: bad },
        { cid: goodCid, bytes: good },
      ],
    );
    const res = await rpc(node, 'dag/import', { parts: [{ filename: 'bad.car', data: car }] });
    assert.equal(res.status, 400);
    assert.match((await res.json()).Message, /does not match/);
    assert.equal((await fetch(`${node.gatewayUrl}/ipfs/${claimed}?format=raw`)).status, 404);

    const garbage = await rpc(node, 'dag/import', {
      parts: [{ filename: 'x.car', data: Buffer.from('not a car at all') }],
    });
    assert.equal(garbage.status, 400);
  });

  it('a CAR with missing blocks is imported but its root cannot be pinned', async () => {
    const data = pseudoRandomBytes(3 * MiB, 'partial');
    const local = await importLocally([{ content: data }], PROFILES.project.importer());
    const root = local.entries.at(-1).cid;
    const blocks = [...local.blocks.values()].filter((b) => !b.cid.equals(root)).slice(1);
    blocks.unshift(local.blocks.get(root.toString()));
    const res = await rpc(node, 'dag/import', {
      parts: [{ filename: 'partial.car', data: await carBytes([root], blocks) }],
    });
    assert.equal(res.status, 200);
    const [line] = await ndjson(res);
    assert.equal(line.Root.Cid['/'], root.toString());
    assert.notEqual(line.Root.PinErrorMsg, '');
    const raw = await fetch(`${node.gatewayUrl}/ipfs/${root}?format=raw`);
    assert.equal(raw.status, 200);
    await assertBlockMatches(root, new Uint8Array(await raw.arrayBuffer()));
  });

  it('block/put then block/get and block/stat; dag-pb codec; size limit', async () => {
    const data = pseudoRandomBytes(1000, 'block');
    const put = await rpc(node, 'block/put', { parts: [{ filename: 'b', data }] });
    assert.equal(put.status, 200);
    const { Key, Size } = (await ndjson(put))[0];
    const expected = CID.create(1, raw.code, await sha256.digest(data));
    assert.equal(Key, expected.toString());
    assert.equal(Size, 1000);
    const got = await rpc(node, 'block/get', { query: { arg: Key } });
    assert.ok(Buffer.from(await got.arrayBuffer()).equals(data));
    const stat = await (await rpc(node, 'block/stat', { query: { arg: Key } })).json();
    assert.deepEqual(stat, { Key, Size: 1000 });

    // a dag-pb node from the importer, stored as a block, reads back as a file
    const small = await importLocally([{ content: Buffer.from('tiny') }], PROFILES.kubo.importer());
    const [{ cid, bytes }] = [...small.blocks.values()];
    const pb = await rpc(node, 'block/put', {
      query: { 'cid-codec': 'dag-pb' },
      parts: [{ filename: 'b', data: bytes }],
    });
    const pbKey = (await ndjson(pb))[0].Key;
    assert.equal(CID.parse(pbKey).toV0().toString(), cid.toString());
    assert.equal(await (await fetch(`${node.gatewayUrl}/ipfs/${cid}`)).text(), 'tiny');

    const tooBig = await rpc(node, 'block/put', { parts: [{ filename: 'b', data: Buffer.alloc(MiB + 1) }] });
    assert.equal(tooBig.status, 400);
    const allowed = await rpc(node, 'block/put', {
      query: { 'allow-big-block': 'true' },
      parts: [{ filename: 'b', data: Buffer.alloc(MiB + 1) }],
    });
    assert.equal(allowed.status, 200);

    const missing = await rpc(node, 'block/get', {
      query: { arg: CID.create(1, raw.code, await sha256.digest(Buffer.from('absent'))).toString() },
    });
    assert.equal(missing.status, 500);
    assert.match((await missing.json()).Message, /not found locally/);
  });

  it('pin/add and pin/rm', async () => {
    const data = Buffer.from('pin me');
    const res = await rpc(node, 'add', {
      query: { ...PROFILES.project.query, pin: 'false' },
      parts: [{ filename: 'p', data }],
    });
    const { Hash } = (await ndjson(res))[0];
    assert.equal((await rpc(node, 'pin/ls', { query: { arg: Hash } })).status, 500);
    assert.deepEqual(await (await rpc(node, 'pin/add', { query: { arg: Hash } })).json(), { Pins: [Hash] });
    assert.equal((await (await rpc(node, 'pin/ls', { query: { arg: Hash } })).json()).Keys[Hash].Type, 'recursive');
    assert.deepEqual(await (await rpc(node, 'pin/rm', { query: { arg: Hash } })).json(), { Pins: [Hash] });
    assert.equal((await rpc(node, 'pin/ls', { query: { arg: Hash } })).status, 500);
  });
});
