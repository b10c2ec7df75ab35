// The IPFS API against the reference implementations: CIDs vs multiformats, file and directory
// CIDs vs ipfs-unixfs-importer (both profiles, chunk and link-width boundaries, random sizes up to
// 64 MiB), blocks vs the importer's and ipfs-unixfs-exporter, CAR vs @ipld/car. Seeded; the seed
// is printed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CID } from 'multiformats/cid';
import { sha256 } from 'multiformats/hashes/sha2';
import { identity } from 'multiformats/hashes/identity';
import * as Digest from 'multiformats/hashes/digest';
import { base32 } from 'multiformats/bases/base32';
import { base58btc } from 'multiformats/bases/base58';
import { base16 } from 'multiformats/bases/base16';
import { CarReader, CarWriter } from '@ipld/car';
import { exporter } from 'ipfs-unixfs-exporter';
import { init, makeRng, hex } from './helpers.mjs';
import {
  MiB,
  importerFile,
  importerDirectory,
  pattern,
  bigBytes,
  fixtures,
  randomPieces,
  streamOf,
  asyncOf,
  collect,
  MemoryBlockstore,
} from './ipfs-helpers.mjs';

const ehr = await init();
const { ipfs } = ehr;
const rng = makeRng('ipfs');
const V1 = ipfs.profile('unixfs-v1-2025');
const KUBO = ipfs.profile('kubo-default');

const rejects = (fn, code) => assert.throws(fn, (e) => e.code === code, `expected ${code}`);
const rejectsAsync = (p, code) => assert.rejects(p, (e) => e.code === code, `expected ${code}`);

test("named profiles have the issue's parameters", () => {
  assert.deepEqual({ ...V1 }, { chunkSize: 1048576, maxLinks: 1024, cidVersion: 1, rawLeaves: true });
  assert.deepEqual({ ...KUBO }, { chunkSize: 262144, maxLinks: 174, cidVersion: 0, rawLeaves: false });
  assert.deepEqual({ ...ipfs.profile('unixfs-v0-2015') }, { ...KUBO });
  assert.deepEqual({ ...ipfs.profile() }, { ...V1 });
  rejects(() => ipfs.profile('unixfs-v9'), 'ERR_BAD_ARGUMENT');
  rejects(
    () => ipfs.cidSync(new Uint8Array(1), { chunkSize: 0, maxLinks: 2, cidVersion: 1, rawLeaves: true }),
    'ERR_BAD_ARGUMENT',
  );
  rejects(
    () => ipfs.cidSync(new Uint8Array(1), { chunkSize: 10, maxLinks: 1, cidVersion: 1, rawLeaves: true }),
    'ERR_BAD_ARGUMENT',
  );
  rejects(() => ipfs.cidSync(new Uint8Array(1), { chunkSize: 10, maxLinks: 2, cidVersion: 1 }), 'ERR_BAD_TYPE');
});

test('CIDs: 500 random CIDs format and parse like multiformats in base32, base58btc and base16', () => {
  for (let i = 0; i < 500; i++) {
    const kind = rng.int(4);
    const mh = kind === 3 ? identity.digest(rng.bytes(rng.int(40))) : Digest.create(0x12, rng.bytes(32));
    const ref = kind === 0 ? CID.create(0, 0x70, mh) : CID.create(1, kind === 1 || kind === 3 ? 0x55 : 0x70, mh);
    assert.equal(ipfs.formatCid(ref.bytes), ref.toString());
    const parsed = ipfs.parseCid(ref.toString());
    assert.equal(hex(parsed.bytes), hex(ref.bytes));
    assert.equal(parsed.version, ref.version);
    assert.equal(parsed.codec, ref.code);
    assert.equal(parsed.hashCode, ref.multihash.code);
    assert.equal(hex(parsed.digest), hex(ref.multihash.digest));
    if (ref.version === 1) {
      for (const [name, base] of [
        ['base32', base32],
        ['base58btc', base58btc],
        ['base16', base16],
      ]) {
        const text = ref.toString(base);
        assert.equal(ipfs.formatCid(ref.bytes, name), text);
        assert.equal(ipfs.parseCid(text).string, ref.toString());
      }
    }
  }
});

test('CIDs: malformed and unsupported ones fail with stable codes', () => {
  rejects(() => ipfs.parseCid(''), 'ERR_BAD_CID');
  rejects(() => ipfs.parseCid('bafy'), 'ERR_BAD_MULTIBASE');
  rejects(() => ipfs.parseCid('QmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1O'), 'ERR_BAD_CID');
  rejects(() => ipfs.parseCid('mAXASIA'), 'ERR_BAD_MULTIBASE');
  // dag-cbor (0x71) and sha2-512 are well formed but not supported here.
  const cbor = CID.create(1, 0x71, CID.parse('bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku').multihash);
  rejects(() => ipfs.parseCid(cbor.toString()), 'ERR_UNSUPPORTED');
  rejects(() => ipfs.formatCid(new Uint8Array([1, 0x55, 0x12, 0x20, 1, 2])), 'ERR_BAD_MULTIHASH');
  assert.throws(
    () => ipfs.parseCid(42),
    (e) => e instanceof TypeError && e.code === 'ERR_BAD_TYPE',
  );
  assert.throws(
    () => ipfs.parseCid('b' + 'a'.repeat(5000)),
    (e) => e instanceof RangeError,
  );
  assert.throws(
    () => ipfs.formatCid('bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku', 'base64'),
    TypeError,
  );
});

test('verifyBlock: 300 random blocks verify; any flipped byte does not', async () => {
  for (let i = 0; i < 300; i++) {
    const bytes = rng.bytes(rng.int(i % 50 === 0 ? 1_100_000 : 3000));
    const ref = CID.create(1, 0x55, await sha256.digest(bytes));
    assert.equal(ipfs.verifyBlock(ref.toString(), bytes), true);
    assert.equal(ipfs.verifyBlock(ref.bytes, bytes), true);
    if (bytes.length > 0) {
      const bad = bytes.slice();
      bad[rng.int(bad.length)] ^= 1 << rng.int(8);
      assert.equal(ipfs.verifyBlock(ref.toString(), bad), false);
    }
    assert.equal(ipfs.verifyBlock(ref.toString(), Uint8Array.of(...bytes.subarray(0, 10), 0)), false);
  }
  // Identity CIDs verify against their inline bytes.
  const inline = CID.create(1, 0x55, identity.digest(new TextEncoder().encode('tiny')));
  assert.equal(ipfs.verifyBlock(inline.toString(), new TextEncoder().encode('tiny')), true);
  assert.equal(ipfs.verifyBlock(inline.toString(), new TextEncoder().encode('tinY')), false);
  rejects(() => ipfs.verifyBlock('bafy', new Uint8Array()), 'ERR_BAD_MULTIBASE');
});

test('file CIDs: every importer fixture (tests/data/ipfs), including the 174-link boundary of kubo-default', () => {
  const f = fixtures();
  assert.ok(f.files.length >= 100);
  for (const c of f.files) {
    const p = typeof c.profile === 'string' ? c.profile : c.profile;
    const b = ipfs.createFileBuilder({ profile: p });
    b.update(pattern(c.size, c.seed));
    const r = b.finish();
    assert.equal(r.cid, c.cid, `${JSON.stringify(c.profile)} size ${c.size}`);
    assert.equal(r.size, c.tsize);
    assert.equal(r.fileSize, c.size);
  }
});

// Sizes around every boundary of a profile: 0, 1, chunk +- 1, and L^k chunks +- 1 for the link width.
function boundarySizes(p, maxSize) {
  const s = new Set([0, 1, 2, p.chunkSize - 1, p.chunkSize, p.chunkSize + 1, 2 * p.chunkSize, 2 * p.chunkSize + 1]);
  for (let k = 1; k <= 3; k++) {
    const n = p.chunkSize * p.maxLinks ** k;
    for (const d of [-p.chunkSize - 1, -p.chunkSize, -1, 0, 1, p.chunkSize, p.chunkSize + 1]) s.add(n + d);
  }
  return [...s].filter((x) => x >= 0 && x <= maxSize).sort((a, b) => a - b);
}

test('file CIDs: 160 random small profiles at their layout boundaries and random sizes vs the importer', async () => {
  let cases = 0;
  for (let i = 0; i < 16; i++) {
    const p = {
      chunkSize: 1 + rng.int(i < 8 ? 8 : 300),
      maxLinks: [2, 3, 4, 7, 174, 1024][rng.int(6)],
      cidVersion: rng.int(2),
      rawLeaves: rng.int(2) === 1,
    };
    // Keep the importer fast: at most ~6000 leaves.
    const maxSize = Math.min(p.chunkSize * 6000, 4 * MiB);
    const sizes = boundarySizes(p, maxSize);
    while (sizes.length < 10) sizes.push(rng.int(maxSize + 1));
    for (const size of sizes.slice(0, 10)) {
      const data = rng.bytes(size);
      const ref = await importerFile(data, p);
      const ours = ipfs.createFileBuilder({ profile: p });
      for (const piece of randomPieces(rng, data, 3 * p.chunkSize)) ours.update(piece);
      const r = ours.finish();
      assert.equal(r.cid, ref.cid, `profile ${JSON.stringify(p)} size ${size}`);
      assert.equal(r.size, ref.size);
      cases++;
    }
  }
  assert.equal(cases, 160);
});

// Three levels of 1,024-link nodes need a million leaves (minutes in the importer): the third
// level is covered by the narrow random profiles above, which share the code path.
test('file CIDs: the 1,024-link layout of unixfs-v1-2025 at small chunk sizes (one and two levels)', async () => {
  const p = { chunkSize: 16, maxLinks: 1024, cidVersion: 1, rawLeaves: true };
  for (const size of [16 * 1024 - 1, 16 * 1024, 16 * 1024 + 1, 16 * 1024 * 2 + 15, 16 * 1024 * 3 + 16]) {
    const data = bigBytes(rng, size);
    const ref = await importerFile(data, p);
    assert.equal(ipfs.cidSync(data, p), ref.cid, `size ${size}`);
  }
});

test('file CIDs: random sizes from 0 B to 64 MiB vs the importer, both named profiles', async () => {
  for (const [name, p] of [
    ['unixfs-v1-2025', V1],
    ['kubo-default', KUBO],
  ]) {
    const sizes = [0, 1, p.chunkSize - 1, p.chunkSize, p.chunkSize + 1];
    for (let i = 0; i < 6; i++) sizes.push(rng.int(8 * MiB));
    sizes.push(48 * MiB + rng.int(16 * MiB + 1)); // one large case per profile
    for (const size of sizes) {
      const data = bigBytes(rng, size);
      const ref = await importerFile(data, { ...p });
      assert.equal(await ipfs.cid(data, name), ref.cid, `${name} size ${size}`);
      assert.equal(await ipfs.cid(data, { profile: name, hasher: 'wasm' }), ref.cid, `${name} size ${size} (wasm)`);
    }
  }
});

test('cid(): streams, async iterables, Blobs and WebCrypto leaves give the same CID', async () => {
  for (let i = 0; i < 12; i++) {
    const p = i % 3 === 0 ? { chunkSize: 1000, maxLinks: 3, cidVersion: 1, rawLeaves: true } : i % 3 === 1 ? V1 : KUBO;
    const data = bigBytes(rng, rng.int(i < 3 ? 3 * MiB : 40000));
    const want = ipfs.cidSync(data, p);
    const pieces = randomPieces(rng, data, p.chunkSize * 2 + 7);
    assert.equal(await ipfs.cid(streamOf(pieces), p), want);
    assert.equal(await ipfs.cid(asyncOf(pieces), { profile: p, hasher: 'wasm' }), want);
    assert.equal(await ipfs.cid(new Blob(pieces), p), want);
    assert.equal(await ipfs.cid(pieces, p), want);
    if (p.rawLeaves) {
      assert.equal(await ipfs.cid(data, { profile: p, hasher: 'webcrypto' }), want);
      assert.equal(await ipfs.cid(streamOf(pieces), { profile: p, hasher: 'webcrypto' }), want);
    } else {
      await rejectsAsync(ipfs.cid(data, { profile: p, hasher: 'webcrypto' }), 'ERR_UNSUPPORTED');
    }
  }
  await assert.rejects(ipfs.cid(42), TypeError);
  await assert.rejects(ipfs.cid(asyncOf(['not bytes'])), TypeError);
});

test('importFile: the same blocks as the importer puts in its blockstore, root last', async () => {
  for (const p of [V1, KUBO, { chunkSize: 100, maxLinks: 3, cidVersion: 0, rawLeaves: true }]) {
    const data = bigBytes(rng, p.chunkSize * (3 + rng.int(5)) + rng.int(p.chunkSize));
    const ref = await importerFile(data, p);
    const got = new Map();
    const it = ipfs.importFile(asyncOf(randomPieces(rng, data, p.chunkSize)), { profile: p });
    let r;
    let lastCid;
    while (!(r = await it.next()).done) {
      got.set(r.value.cid, r.value.bytes);
      lastCid = r.value.cid;
    }
    assert.equal(r.value.cid, ref.cid);
    assert.equal(lastCid, ref.cid);
    assert.deepEqual([...got.keys()].sort(), [...ref.store.blocks.keys()].sort());
    for (const [k, v] of got) assert.equal(hex(v), hex(ref.store.blocks.get(k)), k);
    // ipfs-unixfs-exporter reads our blocks back.
    const store = new MemoryBlockstore();
    for (const [k, v] of got) store.blocks.set(k, v);
    const entry = await exporter(r.value.cid, store);
    assert.equal(hex(await collect(entry.content())), hex(data));
  }
});

test('createFileBuilder: misuse fails with typed errors', () => {
  const b = ipfs.createFileBuilder();
  b.update(new Uint8Array(10));
  b.finish();
  rejects(() => b.update(new Uint8Array(1)), 'ERR_BAD_HANDLE');
  rejects(() => b.finish(), 'ERR_BAD_HANDLE');
  b.dispose();
  const k = ipfs.createFileBuilder({ profile: 'kubo-default' });
  rejects(() => k.addRawLeaf(new Uint8Array(32), 10), 'ERR_BAD_ARGUMENT');
  assert.throws(() => ipfs.createFileBuilder().update('text'), TypeError);
  const s = ipfs.createFileBuilder({ profile: { chunkSize: 4, maxLinks: 2, cidVersion: 1, rawLeaves: true } });
  s.addRawLeaf(new Uint8Array(32), 3);
  rejects(() => s.addRawLeaf(new Uint8Array(32), 4), 'ERR_STREAM_STATE');
  // Disposable (the `using` form is type-checked in tests/types/api.ts).
  const u = ipfs.createFileBuilder();
  u.update(new Uint8Array(3));
  u[Symbol.dispose ?? Symbol.for('Symbol.dispose')]();
  rejects(() => u.update(new Uint8Array(1)), 'ERR_BAD_HANDLE');
});

test('directory CIDs: 30 random trees vs the importer (wrapWithDirectory), both profiles', async () => {
  const names = ['index.html', 'a', 'B', 'ab', 'a.txt', 'é.txt', 'css', 'js', 'img', 'z', '0', 'readme.md', '中文'];
  for (let i = 0; i < 30; i++) {
    const p = i % 2 === 0 ? V1 : KUBO;
    const files = new Map();
    const n = 1 + rng.int(12);
    for (let k = 0; k < n; k++) {
      const depth = rng.int(3);
      const parts = [];
      for (let d = 0; d <= depth; d++) parts.push(names[rng.int(names.length)] + (d < depth ? '-d' : ''));
      const path = parts.join('/');
      if ([...files.keys()].some((q) => q.startsWith(path + '/') || path.startsWith(q + '/'))) continue;
      const size = rng.int(4) === 0 ? p.chunkSize + rng.int(1000) : rng.int(3000);
      files.set(path, bigBytes(rng, size));
    }
    const entries = [...files].map(([path, content]) => ({ path, content }));
    const ref = await importerDirectory(
      entries.map((e) => ({ path: e.path, content: e.content })),
      p,
    );
    assert.equal(await ipfs.directoryCid(entries, { profile: p }), ref.cid, JSON.stringify([...files.keys()]));
    // importDirectory yields the same blocks as the importer stores.
    const got = new Map();
    const it = ipfs.importDirectory(entries, { profile: p });
    let r;
    while (!(r = await it.next()).done) got.set(r.value.cid, r.value.bytes);
    assert.equal(r.value.cid, ref.cid);
    assert.deepEqual([...got.keys()].sort(), [...ref.store.blocks.keys()].sort());
    // Prebuilt files by CID and Tsize give the same root.
    const byCid = r.value.files.map((f) => ({ path: f.path, cid: f.cid, size: f.size }));
    assert.equal(await ipfs.directoryCid(byCid, p), ref.cid);
  }
  // Empty directories, bad paths, conflicts.
  const empty = await importerDirectory([{ path: 'x' }], V1);
  assert.equal(await ipfs.directoryCid([{ path: 'x' }], V1), empty.cid);
  await rejectsAsync(ipfs.directoryCid([{ path: 'a//b', content: new Uint8Array(1) }]), 'ERR_BAD_ARGUMENT');
  await rejectsAsync(
    ipfs.directoryCid([
      { path: 'a', content: new Uint8Array(1) },
      { path: 'a/b', content: new Uint8Array(1) },
    ]),
    'ERR_BAD_ARGUMENT',
  );
  await assert.rejects(
    ipfs.directoryCid([{ path: 'a', cid: 'bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku' }]),
    TypeError,
  );
});

test('directory CIDs: a directory past the flat-block limit is refused (importers would shard it)', async () => {
  const leaf = 'bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku';
  const many = Array.from({ length: 6000 }, (_, i) => ({ path: `file-${i}.txt`, cid: leaf, size: 0 }));
  await rejectsAsync(ipfs.directoryCid(many), 'ERR_UNSUPPORTED');
  // Just under the importer's threshold it is flat there too, and the CIDs agree.
  const some = Array.from({ length: 2500 }, (_, i) => ({ path: `file-${i}.txt`, content: new Uint8Array(0) }));
  const ref = await importerDirectory(some, V1);
  assert.equal(await ipfs.directoryCid(some, V1), ref.cid);
});

test("readFile: the importer's blocks reassemble, any range, with prefetching", async () => {
  for (const p of [V1, KUBO, { chunkSize: 64, maxLinks: 3, cidVersion: 1, rawLeaves: false }]) {
    const data = bigBytes(rng, p.chunkSize * (2 + rng.int(20)) + rng.int(p.chunkSize));
    const ref = await importerFile(data, p);
    const get = async (c) => ref.store.blocks.get(c);
    assert.equal(hex(await collect(ipfs.readFile(ref.cid, get))), hex(data));
    for (let i = 0; i < 10; i++) {
      const offset = rng.int(data.length + 10);
      const length = rng.int(data.length);
      const got = await collect(ipfs.readFile(ref.cid, get, { offset, length, concurrency: 1 + rng.int(6) }));
      assert.equal(hex(got), hex(data.subarray(offset, offset + length)), `range ${offset}+${length}`);
    }
    // Progress reaches the range length.
    let lastProgress;
    await collect(
      ipfs.readFile(ref.cid, get, {
        onProgress: (x) => {
          lastProgress = x;
        },
      }),
    );
    assert.deepEqual(lastProgress, { bytesDone: data.length, bytesTotal: data.length });
  }
});

test('readFile: a wrong block stops the read before any of its bytes come out', async () => {
  const data = bigBytes(rng, 5 * 64 + 10);
  const p = { chunkSize: 64, maxLinks: 2, cidVersion: 1, rawLeaves: true };
  const ref = await importerFile(data, p);
  const keys = [...ref.store.blocks.keys()];
  const victim = keys[rng.int(keys.length)];
  const get = async (c) => {
    const b = ref.store.blocks.get(c).slice();
    if (c === victim) b[0] ^= 1;
    return b;
  };
  const got = [];
  await rejectsAsync(
    (async () => {
      for await (const x of ipfs.readFile(ref.cid, get)) got.push(x.slice());
    })(),
    'ERR_HASH_MISMATCH',
  );
  const out = Buffer.concat(got);
  assert.equal(hex(out), hex(data.subarray(0, out.length)));
  assert.ok(out.length < data.length);
  // A reader keeps wanting the block after a mismatch; the genuine bytes continue the read.
  const r = ipfs.createReader(ref.cid);
  const want = r.next();
  rejects(() => r.supply(new Uint8Array(3)), 'ERR_HASH_MISMATCH');
  assert.equal(r.next(), want);
  r.supply(ref.store.blocks.get(want));
  r.dispose();
  rejects(() => r.next(), 'ERR_BAD_HANDLE');
});

test('readFile: paths through directories', async () => {
  const entries = [
    { path: 'index.html', content: bigBytes(rng, 700) },
    { path: 'assets/app.js', content: bigBytes(rng, 3 * MiB + 5) },
  ];
  const ref = await importerDirectory(entries, V1);
  const get = async (c) => ref.store.blocks.get(c);
  assert.equal(
    hex(await collect(ipfs.readFile(ref.cid, get, { path: 'assets/app.js', offset: MiB - 3, length: 10 }))),
    hex(entries[1].content.subarray(MiB - 3, MiB + 7)),
  );
  await rejectsAsync(collect(ipfs.readFile(ref.cid, get, { path: 'assets/nope.js' })), 'ERR_PATH_NOT_FOUND');
  await rejectsAsync(collect(ipfs.readFile(ref.cid, get, { path: 'assets' })), 'ERR_NOT_A_FILE');
});

test("CAR: ours reads with @ipld/car, @ipld/car's reads with ours, tampering is caught", async () => {
  for (let i = 0; i < 6; i++) {
    const p = i % 2 ? KUBO : { chunkSize: 500, maxLinks: 4, cidVersion: 1, rawLeaves: true };
    const data = bigBytes(rng, rng.int(30000) + (i === 0 ? 2 * MiB : 0));
    const blocks = [];
    const it = ipfs.importFile(data, { profile: p });
    let r;
    while (!(r = await it.next()).done) blocks.push(r.value);
    // Ours -> @ipld/car.
    const car = ipfs.carBytes([r.value.cid], blocks);
    const streamed = await collect(ipfs.carExport([r.value.cid], asyncOf(blocks)));
    assert.equal(hex(streamed), hex(car));
    const reader = await CarReader.fromBytes(car);
    assert.deepEqual((await reader.getRoots()).map(String), [r.value.cid]);
    let n = 0;
    for await (const b of reader.blocks()) {
      assert.equal(hex(b.bytes), hex(blocks[n].bytes));
      assert.equal(b.cid.toString(), blocks[n].cid);
      n++;
    }
    assert.equal(n, blocks.length);
    // @ipld/car -> ours, fed in random pieces.
    const { writer, out } = CarWriter.create([CID.parse(r.value.cid)]);
    const bytesP = collect(out);
    for (const b of blocks) await writer.put({ cid: CID.parse(b.cid), bytes: b.bytes });
    await writer.close();
    const theirs = await bytesP;
    assert.equal(hex(theirs), hex(car));
    const read = await ipfs.readCar(streamOf(randomPieces(rng, theirs, 5000)));
    assert.deepEqual(read.roots, [r.value.cid]);
    const back = new Map();
    for await (const b of read.blocks) back.set(b.cid, b.bytes);
    assert.equal(hex(await collect(ipfs.readFile(r.value.cid, async (c) => back.get(c)))), hex(data));
    // A flipped byte in a block: the import stops with ERR_HASH_MISMATCH.
    const bad = theirs.slice();
    bad[bad.length - 1 - rng.int(Math.min(200, blocks[blocks.length - 1].bytes.length))] ^= 0x10;
    await rejectsAsync(
      (async () => {
        const x = await ipfs.readCar(bad);
        for await (const _ of x.blocks);
      })(),
      'ERR_HASH_MISMATCH',
    );
    // Truncated: ERR_BAD_CAR.
    await rejectsAsync(
      (async () => {
        const x = await ipfs.readCar(theirs.subarray(0, theirs.length - 3));
        for await (const _ of x.blocks);
      })(),
      'ERR_BAD_CAR',
    );
  }
  await rejectsAsync(ipfs.readCar(new Uint8Array([1, 2, 3])), 'ERR_BAD_CAR');
});
