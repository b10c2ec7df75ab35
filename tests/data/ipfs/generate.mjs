// Generates unixfs-fixtures.json and small-file.car in this folder from ipfs-unixfs-importer and
// @ipld/car (the reference implementations), for the native tests (tests/native/ipfs_*_test.cpp).
// Never edit the outputs by hand; re-run: node tests/data/ipfs/generate.mjs
//
// File contents are not stored: each case names a size and a seed, and both sides expand them
// with the same xorshift32 stream (pattern() of tests/wasm/ipfs-helpers.mjs, ipfs::test::pattern in C++). Seed 0 means
// all-zero bytes (identical leaves).
import { writeFileSync, readFileSync } from 'node:fs';
import { importer } from 'ipfs-unixfs-importer';
import { CarWriter } from '@ipld/car';
import { importerOptions as sharedImporterOptions, pattern } from '../../wasm/ipfs-helpers.mjs';

const here = new URL('./', import.meta.url);
const pkg = (name) => JSON.parse(readFileSync(new URL(`../../../node_modules/${name}/package.json`, import.meta.url))).version;

class MemoryBlockstore {
  constructor() { this.blocks = new Map(); this.order = []; }
  async put(cid, bytes) {
    const k = cid.toString();
    if (!this.blocks.has(k)) this.order.push(cid);
    this.blocks.set(k, bytes);
    return cid;
  }
  async get(cid) { return this.blocks.get(cid.toString()); }
  async has(cid) { return this.blocks.has(cid.toString()); }
}

// The importer's settings for a profile given as its parameters (the suites' helper), with the
// field order the fixtures were generated with.
const importerOptions = (p) => ({ ...sharedImporterOptions(p), fieldOrder: 'links-first' });

const V1 = { chunkSize: 1048576, maxLinks: 1024, cidVersion: 1, rawLeaves: true };
const KUBO = { chunkSize: 262144, maxLinks: 174, cidVersion: 0, rawLeaves: false };

async function fileCase(profile, size, seed, named) {
  const bs = new MemoryBlockstore();
  const last = await lastOf(importer([{ content: pattern(size, seed) }], bs, importerOptions(profile)));
  if (named) {
    // The importer's own IPIP-499 profile must agree with the parameters spelled out.
    const again = await lastOf(importer([{ content: pattern(size, seed) }], new MemoryBlockstore(), { profile: named }));
    if (!again.cid.equals(last.cid)) throw new Error(`profile ${named} disagrees at size ${size}`);
  }
  return { profile, size, seed, cid: last.cid.toString(), tsize: Number(last.size), blocks: bs.order.length };
}

async function lastOf(it) {
  let last;
  for await (const x of it) last = x;
  return last;
}

const files = [];
// Small chunks and narrow nodes reach every layout boundary (deep trees) quickly.
for (const rawLeaves of [true, false]) {
  for (const cidVersion of [0, 1]) {
    const p = { chunkSize: 64, maxLinks: 3, cidVersion, rawLeaves };
    for (const size of [0, 1, 63, 64, 65, 127, 128, 129, 191, 192, 193, 575, 576, 577, 1727, 1728, 1729, 5183, 5184, 5185, 7000]) {
      files.push(await fileCase(p, size, 7 + size));
    }
    files.push(await fileCase(p, 1000, 0));
  }
}
files.push(await fileCase({ chunkSize: 1, maxLinks: 2, cidVersion: 1, rawLeaves: true }, 33, 5));
files.push(await fileCase({ chunkSize: 100, maxLinks: 174, cidVersion: 0, rawLeaves: false }, 174 * 100 + 1, 11));
// The named profiles at their chunk boundaries.
for (const size of [0, 1, 1048575, 1048576, 1048577, 3 * 1048576 + 5]) files.push(await fileCase(V1, size, 99, 'unixfs-v1-2025'));
files.push(await fileCase(V1, 2 * 1048576, 0, 'unixfs-v1-2025'));
for (const size of [0, 1, 262143, 262144, 262145, 174 * 262144, 174 * 262144 + 1]) files.push(await fileCase(KUBO, size, 42, 'unixfs-v0-2015'));

// Directories (wrapWithDirectory), both named profiles.
const trees = [
  [],
  [['index.html', 120, 1]],
  [['index.html', 300, 1], ['a.txt', 0, 0], ['css/site.css', 70, 3], ['css/z.css', 5, 4], ['js/app.js', 3000, 5], ['js/lib/x.js', 65, 6], ['B', 1, 7], ['ab', 2, 8], ['a', 3, 9], ['é.txt', 4, 10]],
  [['big.bin', 2 * 1048576 + 3, 12], ['d/e/f/g.txt', 9, 13]],
];
const dirs = [];
for (const [name, profile] of [['unixfs-v1-2025', V1], ['kubo-default', KUBO]]) {
  for (const tree of trees) {
    const bs = new MemoryBlockstore();
    const entries = tree.map(([path, size, seed]) => ({ path, content: pattern(size, seed) }));
    const last = await lastOf(importer(entries, bs, { ...importerOptions(profile), wrapWithDirectory: true }));
    dirs.push({ profile: name, files: tree.map(([path, size, seed]) => ({ path, size, seed })), cid: last.cid.toString(), tsize: Number(last.size) });
  }
}

let car;
// A CAR of a small file (64-byte chunks, 3 links: three levels), blocks in importer order.
{
  const p = { chunkSize: 64, maxLinks: 3, cidVersion: 1, rawLeaves: true };
  const bs = new MemoryBlockstore();
  const last = await lastOf(importer([{ content: pattern(700, 3) }], bs, importerOptions(p)));
  const { writer, out } = CarWriter.create([last.cid]);
  const chunks = [];
  const done = (async () => { for await (const c of out) chunks.push(c); })();
  for (const cid of bs.order) await writer.put({ cid, bytes: bs.blocks.get(cid.toString()) });
  await writer.close();
  await done;
  writeFileSync(new URL('small-file.car', here), Buffer.concat(chunks));
  car = { file: 'small-file.car', profile: p, size: 700, seed: 3, root: last.cid.toString(), blocks: bs.order.length };
}

const out = {
  generator: 'tests/data/ipfs/generate.mjs',
  references: { 'ipfs-unixfs-importer': pkg('ipfs-unixfs-importer'), '@ipld/car': pkg('@ipld/car'), multiformats: pkg('multiformats') },
  files,
  directories: dirs,
  car,
};
// One case per line: readable diffs when the references change.
const lines = (xs) => xs.map((x) => '  ' + JSON.stringify(x)).join(',\n');
const text = `{
 "generator": ${JSON.stringify(out.generator)},
 "references": ${JSON.stringify(out.references)},
 "files": [
${lines(files)}
 ],
 "directories": [
${lines(dirs)}
 ],
 "car": ${JSON.stringify(car)}
}
`;
JSON.parse(text);
writeFileSync(new URL('unixfs-fixtures.json', here), text);
console.log(`wrote ${files.length} file cases, ${dirs.length} directories, ${car.file}`);
