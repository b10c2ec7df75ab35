// Shared by the IPFS suites: the reference importer with a profile's settings, a memory
// blockstore, deterministic contents and the importer fixtures of the native tests.
import { readFileSync } from 'node:fs';
import { importer } from 'ipfs-unixfs-importer';
import { fixedSize } from 'ipfs-unixfs-importer/chunker';
import { balanced } from 'ipfs-unixfs-importer/layout';

export const MiB = 1024 * 1024;

/** Profile parameters (as ehr.ipfs.profile() gives them) -> ipfs-unixfs-importer options. */
export function importerOptions(p) {
  return {
    cidVersion: p.cidVersion,
    rawLeaves: p.rawLeaves,
    chunker: fixedSize({ chunkSize: p.chunkSize }),
    layout: balanced({ maxChildrenPerNode: p.maxLinks }),
    reduceSingleLeafToSelf: true,
  };
}

export class MemoryBlockstore {
  constructor() {
    this.blocks = new Map();
  }
  async put(cid, bytes) {
    this.blocks.set(cid.toString(), bytes);
    return cid;
  }
  // interface-blockstore 6: get() streams the block.
  async *get(cid) {
    const b = this.blocks.get(cid.toString());
    if (!b) throw Object.assign(new Error(`not found ${cid}`), { name: 'NotFoundError' });
    yield b;
  }
  async has(cid) {
    return this.blocks.has(cid.toString());
  }
}

async function last(it) {
  let x;
  for await (const e of it) x = e;
  return x;
}

/** The importer's root for one file: { cid (text), size (Tsize), store }. */
export async function importerFile(content, p, store = new MemoryBlockstore()) {
  const r = await last(importer([{ content }], store, importerOptions(p)));
  return { cid: r.cid.toString(), size: Number(r.size), store };
}

/** The importer's root for a directory of { path, content } (wrapWithDirectory). */
export async function importerDirectory(entries, p, store = new MemoryBlockstore()) {
  const r = await last(importer(entries, store, { ...importerOptions(p), wrapWithDirectory: true }));
  return { cid: r.cid.toString(), size: Number(r.size), store };
}

/** xorshift32 bytes, as ipfs::test::pattern in C++ expands the fixtures' (size, seed) pairs: state x = seed;
 * per 4 bytes: x ^= x << 13; x ^= x >>> 17; x ^= x << 5; little-endian. Seed 0: zeros. */
export function pattern(size, seed) {
  const out = new Uint8Array(size);
  if (seed === 0) return out;
  let x = seed >>> 0;
  for (let i = 0; i < size; i += 4) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    for (let j = 0; j < 4 && i + j < size; j++) out[i + j] = (x >>> (8 * j)) & 0xff;
  }
  return out;
}

/** Fast filler for large inputs: the rng's bytes for the first 64 KiB, then a rolling variation. */
export function bigBytes(rng, size) {
  const out = new Uint8Array(size);
  const seed = rng.bytes(Math.min(size, 65536));
  out.set(seed);
  for (let off = seed.length; off < size; off += seed.length) {
    const n = Math.min(seed.length, size - off);
    out.set(seed.subarray(0, n), off);
    // Make every 64 KiB block distinct so that no two leaves repeat by accident.
    out[off] ^= (off >>> 16) & 0xff;
    out[off + 1 < size ? off + 1 : off] ^= (off >>> 24) & 0xff;
  }
  return out;
}

export const fixtures = () =>
  JSON.parse(readFileSync(new URL('../data/ipfs/unixfs-fixtures.json', import.meta.url), 'utf8'));

/** Splits bytes into pieces of random sizes (1 byte up to ~3 chunks). */
export function randomPieces(rng, bytes, maxPiece) {
  const pieces = [];
  for (let off = 0; off < bytes.length;) {
    const n = Math.min(bytes.length - off, 1 + rng.int(maxPiece));
    pieces.push(bytes.subarray(off, off + n));
    off += n;
  }
  return pieces;
}

export function streamOf(pieces) {
  let i = 0;
  return new ReadableStream({
    pull(c) {
      if (i < pieces.length) c.enqueue(pieces[i++].slice());
      else c.close();
    },
  });
}

export async function* asyncOf(pieces) {
  for (const p of pieces) yield p;
}

export async function collect(it) {
  const parts = [];
  for await (const p of it) parts.push(p.slice());
  return Buffer.concat(parts);
}
