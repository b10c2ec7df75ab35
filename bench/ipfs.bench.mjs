// IPFS benchmarks: the CID of 64 MiB (the module's builder, with leaves hashed in WASM or by
// WebCrypto) beside ipfs-unixfs-importer and beside plain SHA-256 of the same bytes (ours and
// hash-wasm), measured in the same process run; block emission, verified reads, and the peak RSS
// of a 1 GiB stream (child processes). MB/s means 10^6 bytes per second.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createSHA256 } from 'hash-wasm';
import { importer } from 'ipfs-unixfs-importer';
import { exporter } from 'ipfs-unixfs-exporter';
import { init } from '../wasm/js/ehr.js';
import { timeMs, fill } from './lib.mjs';

const MiB = 1024 * 1024;
const SIZE = 64 * MiB;

/** A blockstore that keeps nothing (the importer's hashing and layout only). */
const nullStore = { put: async (cid) => cid, get: async () => { throw new Error('empty'); }, has: async () => false };
class MemoryStore {
  constructor() { this.m = new Map(); }
  async put(cid, b) { this.m.set(cid.toString(), b); return cid; }
  async *get(cid) { yield this.m.get(cid.toString()); }  // interface-blockstore 6: streamed
  async has(cid) { return this.m.has(cid.toString()); }
}
async function importerCid(data, profile, store = nullStore) {
  let last;
  // 1 MiB pieces, as a stream would deliver them.
  const pieces = function* () { for (let o = 0; o < data.length; o += MiB) yield data.subarray(o, o + MiB); };
  for await (const e of importer([{ content: pieces() }], store, { profile })) last = e;
  return last.cid.toString();
}

export async function run({ record }) {
  const ehr = await init();
  const { ipfs } = ehr;
  const big = fill(SIZE, 21);
  const pieces = () => (function* () { for (let o = 0; o < big.length; o += MiB) yield big.subarray(o, o + MiB); })();
  const mbps = async (op, impl, fn, runs = 3) => {
    const ms = await timeMs(fn, { runs, warmup: 1 });
    const value = SIZE / 1e6 / (ms / 1000);
    record({ op, impl, value, unit: 'MB/s' });
    return value;
  };

  // The same CID from every path, or the numbers mean nothing.
  const ref = await importerCid(big, 'unixfs-v1-2025');
  for (const hasher of ['wasm', 'webcrypto']) {
    const ours = await ipfs.cid(pieces(), { hasher });
    if (ours !== ref) throw new Error(`cid (${hasher}) ${ours} differs from the importer's ${ref}`);
  }
  const refKubo = await importerCid(big, 'unixfs-v0-2015');
  if (ipfs.cidSync(big, 'kubo-default') !== refKubo) throw new Error('kubo-default CID differs from the importer');

  // Plain SHA-256 of the 64 MiB, streamed in 1 MiB updates.
  const hw = await createSHA256();
  const shaOurs = await mbps('sha256 64 MiB', 'ours', () => {
    const h = ehr.createSha256();
    for (const p of pieces()) h.update(p);
    return h.digest();
  });
  const shaHw = await mbps('sha256 64 MiB', 'hash-wasm', () => {
    hw.init();
    for (const p of pieces()) hw.update(p);
    return hw.digest('binary');
  });

  // The CID (unixfs-v1-2025): the module's builder hashing in WASM, the importer (OpenSSL).
  const cidWasm = await mbps('cid 64 MiB', 'ours', () => ipfs.cid(pieces(), { hasher: 'wasm' }));
  const imp = await mbps('cid 64 MiB', 'ipfs-unixfs-importer', () => importerCid(big, 'unixfs-v1-2025'));
  // Leaves hashed by the platform's WebCrypto (OpenSSL in Node), nodes by the module.
  const cidWc = await mbps('cid 64 MiB webcrypto', 'ours', () => ipfs.cid(pieces(), { hasher: 'webcrypto' }));
  record({ op: 'cid 64 MiB webcrypto', impl: 'ipfs-unixfs-importer', value: imp, unit: 'MB/s' });
  // Kubo's defaults: UnixFS leaf nodes (always hashed in WASM).
  await mbps('cid 64 MiB kubo-default', 'ours', () => ipfs.cid(pieces(), 'kubo-default'));
  await mbps('cid 64 MiB kubo-default', 'ipfs-unixfs-importer', () => importerCid(big, 'unixfs-v0-2015'));

  // Blocks out (for upload or a CAR): every block copied out of the module.
  await mbps('import 64 MiB blocks', 'ours', async () => {
    const it = ipfs.importFile(pieces());
    let r;
    while (!(r = await it.next()).done);
    return r.value;
  });
  await mbps('import 64 MiB blocks', 'ipfs-unixfs-importer', () => importerCid(big, 'unixfs-v1-2025', new MemoryStore()));

  // Reads from a block map: the module's reader hashes every block; ipfs-unixfs-exporter trusts
  // its blockstore and hashes nothing, so this ratio is the price of verification.
  const store = new MemoryStore();
  const root = await importerCid(big, 'unixfs-v1-2025', store);
  await mbps('read 64 MiB verified', 'ours', async () => {
    for await (const _ of ipfs.readFile(root, async (c) => store.m.get(c))) void _;
  });
  await mbps('read 64 MiB verified', 'ipfs-unixfs-exporter', async () => {
    const entry = await exporter(root, store);
    for await (const _ of entry.content()) void _;
  });

  // Peak RSS of the CID of a 1 GiB stream, each in a fresh process.
  const child = (code) => {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], {
      encoding: 'utf8', cwd: fileURLToPath(new URL('..', import.meta.url)), maxBuffer: 1 << 20,
    });
    if (r.status !== 0) throw new Error(r.stderr);
    return JSON.parse(r.stdout.trim().split('\n').pop());
  };
  // Peak RSS from /proc (VmHWM: this process's memory since exec; getrusage's maxrss would
  // include the parent's RSS at fork). One 1 MiB piece reused: the module copies what it takes.
  const stream = `import { readFileSync } from 'node:fs';
    const peakRss = () => Number(/VmHWM:\\s+(\\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1]) * 1024;
    const MiB = 1 << 20; const piece = new Uint8Array(MiB); const source = function* () { for (let i = 0; i < 1024; i++) { piece[0] = i & 255; piece[1] = i >> 8; yield piece; } };`;
  const base = child(`${stream} console.log(JSON.stringify({ rss: peakRss() }))`).rss;
  const peak = {};
  for (const hasher of ['wasm', 'webcrypto']) {
    const r = child(`${stream} const { init } = await import('./wasm/js/ehr.js'); const e = await init(); const t = performance.now(); const cid = await e.ipfs.cid(source(), { hasher: '${hasher}' }); console.log(JSON.stringify({ cid, ms: performance.now() - t, rss: peakRss() }));`);
    peak[hasher] = r;
    record({ op: `peak RSS cid 1 GiB stream ${hasher === 'wasm' ? '' : 'webcrypto'}`.trim(), impl: 'ours', value: r.rss, unit: 'bytes' });
  }
  const ri = child(`${stream} const { importer } = await import('ipfs-unixfs-importer'); const t = performance.now(); let last; const copies = function* () { for (const p of source()) yield p.slice(); }; for await (const e of importer([{ content: copies() }], { put: async (c) => c }, { profile: 'unixfs-v1-2025' })) last = e; console.log(JSON.stringify({ cid: last.cid.toString(), ms: performance.now() - t, rss: peakRss() }));`);
  if (ri.cid !== peak.wasm.cid || ri.cid !== peak.webcrypto.cid) throw new Error('1 GiB stream: CIDs differ');
  record({ op: 'peak RSS cid 1 GiB stream', impl: 'ipfs-unixfs-importer', value: ri.rss, unit: 'bytes' });
  record({ op: 'peak RSS cid 1 GiB stream webcrypto', impl: 'ipfs-unixfs-importer', value: ri.rss, unit: 'bytes' });

  console.log('\nipfs targets (issue 5):');
  console.log(`  CID (WASM sha256) / our sha256:       ${(cidWasm / shaOurs).toFixed(3)}  (target >= 0.9)`);
  console.log(`  CID (WASM sha256) / hash-wasm sha256: ${(cidWasm / shaHw).toFixed(3)}  (target >= 1.0)`);
  console.log(`  CID (WebCrypto)   / hash-wasm sha256: ${(cidWc / shaHw).toFixed(3)}  (target >= 1.0)`);
  console.log(`  CID (WASM sha256) / importer:         ${(cidWasm / imp).toFixed(3)}`);
  console.log(`  CID (WebCrypto)   / importer:         ${(cidWc / imp).toFixed(3)}`);
  console.log(`  peak RSS, 1 GiB stream: ${(peak.wasm.rss / MiB).toFixed(1)} MiB (WASM, ${(1024 / (peak.wasm.ms / 1000)).toFixed(0)} MiB/s), ` +
    `${(peak.webcrypto.rss / MiB).toFixed(1)} MiB (WebCrypto), importer ${(ri.rss / MiB).toFixed(1)} MiB; a bare Node process: ${(base / MiB).toFixed(1)} MiB`);
}
