// Shared helpers for the IPFS node tests (run under Node 20 with node --test).

import assert from 'node:assert/strict';
import { createCipheriv, createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CarBlockIterator } from '@ipld/car';
import { importer } from 'ipfs-unixfs-importer';
import { fixedSize } from 'ipfs-unixfs-importer/chunker';
import { balanced } from 'ipfs-unixfs-importer/layout';
import { CID } from 'multiformats/cid';
import { sha256 } from 'multiformats/hashes/sha2';
import { startIpfsNode } from '../../tools/ipfs-node/start.mjs';

export const MiB = 1024 * 1024;

/**
 * The two import settings the node must reproduce: the project's profile
 * (IPIP-499 'unixfs-v1-2025') and Kubo's historic defaults (no parameters).
 */
export const PROFILES = {
  project: {
    query: {
      'cid-version': '1',
      'raw-leaves': 'true',
      chunker: 'size-1048576',
      'max-file-links': '1024',
      trickle: 'false',
      hash: 'sha2-256',
    },
    importer: () => ({
      cidVersion: 1,
      rawLeaves: true,
      chunker: fixedSize({ chunkSize: 1_048_576 }),
      layout: balanced({ maxChildrenPerNode: 1024 }),
      reduceSingleLeafToSelf: true,
      shardSplitStrategy: 'block-bytes',
    }),
  },
  kubo: {
    query: {},
    importer: () => ({
      cidVersion: 0,
      rawLeaves: false,
      chunker: fixedSize({ chunkSize: 262_144 }),
      layout: balanced({ maxChildrenPerNode: 174 }),
      reduceSingleLeafToSelf: true,
    }),
  },
};

/** Deterministic pseudo-random bytes (AES-128-CTR keystream of a seed). */
export function pseudoRandomBytes(size, seed = 'seed') {
  const key = createHash('sha256').update(String(seed)).digest();
  const cipher = createCipheriv('aes-128-ctr', key.subarray(0, 16), key.subarray(16, 32));
  return cipher.update(Buffer.alloc(size));
}

/** Starts a node on a free port in a fresh temporary directory; stopped after the test. */
export async function startTestNode(t, options = {}) {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'ehr-ipfs-node-')));
  const node = await startIpfsNode({ ...options, dataDir });
  t.after(async () => {
    await node.stop();
    if (options.dataDir == null) await rm(dataDir, { recursive: true, force: true });
  });
  return node;
}

/** Starts a node for a whole suite; call `cleanup()` from an after() hook. */
export async function launchNode(options = {}) {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'ehr-ipfs-node-')));
  const node = await startIpfsNode({ ...options, dataDir });
  node.cleanup = async () => {
    await node.stop();
    if (options.dataDir == null) await rm(dataDir, { recursive: true, force: true });
  };
  return node;
}

export async function tempDir(t) {
  const dir = await mkdtemp(join(tmpdir(), 'ehr-ipfs-node-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Builds a multipart/form-data body. Each part is
 * `{ name?, filename?, contentType?, data?: Uint8Array | AsyncIterable<Uint8Array> }`.
 * Returns `{ contentType, body }` where body is an async iterable (streamed upload).
 */
export function multipart(parts, boundary = '----ehr-test-' + Math.random().toString(16).slice(2)) {
  async function* body() {
    for (const part of parts) {
      let head = `--${boundary}\r\nContent-Disposition: form-data; name="${part.name ?? 'file'}"`;
      if (part.filename != null) head += `; filename="${part.filename}"`;
      head += `\r\nContent-Type: ${part.contentType ?? 'application/octet-stream'}\r\n\r\n`;
      yield Buffer.from(head);
      if (part.data instanceof Uint8Array) {
        // hand it over in pieces, like a real upload
        for (let i = 0; i < part.data.length; i += 256 * 1024) yield part.data.subarray(i, i + 256 * 1024);
      } else if (part.data != null) {
        yield* part.data;
      }
      yield Buffer.from('\r\n');
    }
    yield Buffer.from(`--${boundary}--\r\n`);
  }
  return { contentType: `multipart/form-data; boundary=${boundary}`, body: body() };
}

function queryString(query = {}) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    for (const value of Array.isArray(v) ? v : [v]) params.append(k, value);
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** POSTs to /api/v0/<command>. `parts` makes a multipart body. */
export async function rpc(node, command, { query, parts, headers = {} } = {}) {
  const init = { method: 'POST', headers: { ...headers } };
  if (parts != null) {
    const { contentType, body } = multipart(parts);
    init.headers['content-type'] = contentType;
    init.body = body;
    init.duplex = 'half';
  }
  return fetch(`${node.rpcUrl}/${command}${queryString(query)}`, init);
}

/** Reads newline-delimited JSON. */
export async function ndjson(res) {
  const text = await res.text();
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

/** /api/v0/add of one file; returns the last result object. */
export async function addFile(node, data, query = {}, filename = 'blob.bin') {
  const res = await rpc(node, 'add', { query, parts: [{ filename, data }] });
  assert.equal(res.status, 200, await res.clone().text());
  const lines = await ndjson(res);
  assert.ok(lines.length >= 1);
  return lines[lines.length - 1];
}

/** Runs ipfs-unixfs-importer in-process; returns the entries and every block made. */
export async function importLocally(inputs, options) {
  const blocks = new Map();
  const store = {
    put: async (cid, bytes) => {
      blocks.set(cid.toString(), {
        cid,
        bytes: bytes instanceof Uint8Array ? bytes : Buffer.concat(await arrayOf(bytes)),
      });
      return cid;
    },
  };
  const entries = [];
  for await (const entry of importer(inputs, store, options)) entries.push(entry);
  return { entries, blocks };
}

async function arrayOf(iterable) {
  const out = [];
  for await (const x of iterable) out.push(x);
  return out;
}

/**
 * What the importer makes of `data` (bytes or an iterable of chunks), as
 * `{ cid, size }` strings like Kubo's Hash and Size; keeps no blocks.
 */
export async function expectedFile(data, profile) {
  let last;
  for await (const entry of importer([{ content: data }], { put: async (cid) => cid }, profile.importer()))
    last = entry;
  return { cid: last.cid.toString(), size: String(last.size) };
}

export async function expectedFileCid(data, profile) {
  return (await expectedFile(data, profile)).cid;
}

/** Throws unless `bytes` hash (sha2-256) to `cid`. */
export async function assertBlockMatches(cid, bytes) {
  assert.equal(cid.multihash.code, sha256.code, `${cid} is not sha2-256`);
  const digest = await sha256.digest(bytes);
  assert.deepEqual(Buffer.from(digest.digest), Buffer.from(cid.multihash.digest), `block bytes do not hash to ${cid}`);
}

/** Parses a CAR v1 body, verifying every block; returns roots and blocks in order. */
export async function parseCar(bytes) {
  const iterator = await CarBlockIterator.fromBytes(bytes);
  assert.equal(iterator.version, 1);
  const roots = await iterator.getRoots();
  const blocks = [];
  for await (const { cid, bytes: data } of iterator) {
    await assertBlockMatches(cid, data);
    blocks.push({ cid, bytes: data });
  }
  return { roots, blocks };
}

/** A GET/HEAD through node:http, so the Host header can be chosen freely. */
export function request(node, path, { method = 'GET', headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: node.port, path, method, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

export { CID };
