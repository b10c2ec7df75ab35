// Local-only block access on top of Helia, DAG walking and CAR streams.

import { CarBlockIterator, CarWriter } from '@ipld/car';
import { createUnsafe } from 'multiformats/block';
import { CID } from 'multiformats/cid';
import * as raw from 'multiformats/codecs/raw';
import { identity } from 'multiformats/hashes/identity';
import { sha256, sha512 } from 'multiformats/hashes/sha2';
import { exporter, walkPath } from 'ipfs-unixfs-exporter';
import { HttpError, badRequest, isNotFoundError } from './http-util.mjs';

export const DAG_PB = 0x70;
export const RAW = raw.code;
export const DAG_CBOR = 0x71;
export const DAG_JSON = 0x0129;
export const JSON_CODEC = 0x0200;

const HASHERS = new Map([
  [sha256.code, sha256],
  [sha512.code, sha512],
]);

/** Parses a CID given by a client, as a 400 error when it is not one. */
export function parseCid(text) {
  if (typeof text !== 'string' || text.length === 0) throw badRequest('missing CID argument');
  try {
    return CID.parse(text.trim());
  } catch (err) {
    throw badRequest(`invalid CID "${text}": ${err.message}`);
  }
}

/** Concatenates an async iterable of byte chunks. */
export async function collect(source) {
  const chunks = [];
  let size = 0;
  for await (const chunk of source) {
    chunks.push(chunk);
    size += chunk.length;
  }
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/** Checks that `bytes` hash to `cid`. Throws when they do not. */
export async function verifyBlock(cid, bytes) {
  const code = cid.multihash.code;
  if (code === identity.code) {
    if (Buffer.compare(Buffer.from(cid.multihash.digest), Buffer.from(bytes)) !== 0)
      throw new HttpError(400, `identity block ${cid} does not match its CID`);
    return;
  }
  const hasher = HASHERS.get(code);
  if (hasher == null) throw new HttpError(400, `unsupported multihash 0x${code.toString(16)} in ${cid}`);
  const digest = await hasher.digest(bytes);
  if (Buffer.compare(Buffer.from(digest.digest), Buffer.from(cid.multihash.digest)) !== 0) {
    throw new HttpError(400, `block does not match its CID ${cid}`);
  }
}

/**
 * Wraps a Helia node so that every read is local: a missing block is an
 * immediate "not found", never a network lookup.
 */
export class LocalBlocks {
  constructor(helia) {
    this.helia = helia;
    const bs = helia.blockstore;
    // the view handed to the UnixFS importer/exporter
    this.store = {
      get: (cid, options = {}) => bs.get(cid, { ...options, offline: true }),
      has: (cid, options = {}) => bs.has(cid, options),
      put: (cid, bytes, options = {}) => bs.put(cid, bytes, options),
    };
  }

  has(cid) {
    return this.helia.blockstore.has(cid);
  }

  async get(cid, options = {}) {
    return collect(this.helia.blockstore.get(cid, { ...options, offline: true }));
  }

  put(cid, bytes) {
    return this.helia.blockstore.put(cid, bytes);
  }

  /** A store view that records, in order, every block read through it. */
  recording() {
    const seen = [];
    const keys = new Set();
    const store = {
      get: (cid, options) => {
        const key = cid.toString();
        if (!keys.has(key)) {
          keys.add(key);
          seen.push(cid);
        }
        return this.store.get(cid, options);
      },
      has: this.store.has,
      put: this.store.put,
    };
    return { store, seen };
  }

  /**
   * Resolves `<root>/<segments...>` through UnixFS directories (basic and
   * HAMT-sharded) and IPLD paths. Returns the terminal CID, the CIDs along the
   * way and every block that had to be read to prove the path.
   */
  async resolvePath(root, segments) {
    if (!(await this.has(root))) throw new HttpError(404, `${root} not found locally`);
    if (segments.length === 0) return { cid: root, roots: [root], pathBlocks: [] };
    for (const segment of segments) {
      // the exporter treats "\/" as an escaped slash, so neither may appear
      if (segment.includes('/') || segment.endsWith('\\')) throw badRequest(`unsupported path segment "${segment}"`);
    }
    const { store, seen } = this.recording();
    let last;
    try {
      for await (const entry of walkPath(`${root}/${segments.join('/')}`, store, { offline: true })) last = entry;
    } catch (err) {
      if (isNotFoundError(err) || err.name === 'NoResolverError' || err.name === 'NotUnixFSError') {
        throw new HttpError(404, `no link named "${segments.join('/')}" under ${root}`);
      }
      throw err;
    }
    if (last == null || last.remainder.length > 0) {
      throw new HttpError(404, `no link named "${segments.join('/')}" under ${root}`);
    }
    return { cid: last.cid, roots: last.roots, pathBlocks: seen };
  }

  /** The UnixFS (or other IPLD) entry at `cid`, read locally. */
  entry(cid) {
    return exporter(cid, this.store, { offline: true });
  }

  /**
   * The links to follow from one block for a given DAG scope, in link order.
   *  - 'all': every link;
   *  - 'entity': a UnixFS file with all its chunks, a directory's own
   *    block(s) (HAMT shards included, entries excluded), a non-UnixFS block
   *    alone;
   *  - 'block': no links.
   */
  async linksFor(cid, bytes, scope) {
    if (scope === 'block' || cid.code === RAW) return [];
    let codec;
    try {
      codec = await this.helia.getCodec(cid.code);
    } catch {
      return []; // a codec this node cannot decode: its links cannot be followed
    }
    const block = createUnsafe({ cid, bytes, codec });
    if (scope === 'all') return [...block.links()].map(([, link]) => ({ cid: link, scope: 'all' }));
    if (cid.code !== DAG_PB) return [];
    let entry;
    try {
      entry = await exporter(
        cid,
        {
          get: async function* () {
            yield bytes;
          },
        },
        { offline: true },
      );
    } catch {
      return [];
    }
    if (entry.type === 'file') return block.value.Links.map((link) => ({ cid: link.Hash, scope: 'all' }));
    if (entry.type === 'directory' && entry.unixfs?.type === 'hamt-sharded-directory') {
      const fanout = Number(entry.unixfs.fanout ?? 256n);
      const padLength = (fanout - 1).toString(16).length;
      // links whose name is just the bucket prefix point at sub-shards
      return block.value.Links.filter((link) => (link.Name ?? '').length === padLength).map((link) => ({
        cid: link.Hash,
        scope: 'entity',
      }));
    }
    return [];
  }

  /**
   * Depth-first, pre-order, duplicate-free walk yielding `{ cid, bytes }`.
   * `first` are blocks to emit before the walk (the blocks proving a path).
   */
  async *walk(target, scope, first = []) {
    const emitted = new Set();
    for (const cid of first) {
      const key = cid.toString();
      if (emitted.has(key)) continue;
      emitted.add(key);
      if (cid.multihash.code === identity.code) continue;
      yield { cid, bytes: await this.get(cid) };
    }
    const stack = [{ cid: target, scope }];
    while (stack.length > 0) {
      const { cid, scope: current } = stack.pop();
      const key = cid.toString();
      if (emitted.has(key)) continue;
      emitted.add(key);
      const bytes = await this.get(cid);
      // identity CIDs carry their bytes inline and are left out of CAR files
      if (cid.multihash.code !== identity.code) yield { cid, bytes };
      const links = await this.linksFor(cid, bytes, current);
      for (let i = links.length - 1; i >= 0; i--) stack.push(links[i]);
    }
  }

  /**
   * The first block of the DAG under `root` that is not stored here, or null
   * when the DAG is complete. Raw leaves are only checked for presence.
   */
  async findMissing(root) {
    const seen = new Set();
    const stack = [root];
    while (stack.length > 0) {
      const cid = stack.pop();
      const key = cid.toString();
      if (seen.has(key)) continue;
      seen.add(key);
      if (cid.multihash.code === identity.code) continue;
      if (cid.code === RAW) {
        if (!(await this.has(cid))) return cid;
        continue;
      }
      let bytes;
      try {
        bytes = await this.get(cid);
      } catch (err) {
        if (isNotFoundError(err)) return cid;
        throw err;
      }
      for (const link of await this.linksFor(cid, bytes, 'all')) stack.push(link.cid);
    }
    return null;
  }

  /**
   * Streams a CAR v1 with `roots` in its header and the blocks of `blocks`
   * (an async iterable of `{ cid, bytes }`) as the body.
   */
  async *car(roots, blocks) {
    const { writer, out } = CarWriter.create(roots);
    let failure = null;
    const pump = (async () => {
      try {
        for await (const block of blocks) await writer.put(block);
      } catch (err) {
        failure = err;
      } finally {
        await writer.close();
      }
    })();
    for await (const chunk of out) yield chunk;
    await pump;
    if (failure != null) throw failure;
  }

  /**
   * Imports a CAR stream: every block is checked against its CID before it
   * is stored. Returns the roots and counts.
   */
  async importCar(source) {
    let iterator;
    try {
      iterator = await CarBlockIterator.fromIterable(source);
    } catch (err) {
      throw badRequest(`not a valid CAR file: ${err.message}`);
    }
    const roots = await iterator.getRoots();
    let blockCount = 0;
    let byteCount = 0;
    const blocks = iterator[Symbol.asyncIterator]();
    while (true) {
      let step;
      try {
        step = await blocks.next();
      } catch (err) {
        if (err instanceof HttpError) throw err;
        throw badRequest(`invalid CAR data: ${err.message}`);
      }
      if (step.done) break;
      const { cid, bytes } = step.value;
      await verifyBlock(cid, bytes);
      if (cid.multihash.code !== identity.code) await this.put(cid, bytes);
      blockCount++;
      byteCount += bytes.length;
    }
    return { roots, blockCount, byteCount };
  }
}
