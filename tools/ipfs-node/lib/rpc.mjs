// The subset of the Kubo RPC API (/api/v0/...) that the project uses.

import { fixedSize } from 'ipfs-unixfs-importer/chunker';
import { balanced } from 'ipfs-unixfs-importer/layout';
import { base32 } from 'multiformats/bases/base32';
import { base36 } from 'multiformats/bases/base36';
import { base58btc } from 'multiformats/bases/base58';
import { CID } from 'multiformats/cid';
import * as raw from 'multiformats/codecs/raw';
import { sha256 } from 'multiformats/hashes/sha2';
import { DAG_CBOR, DAG_JSON, DAG_PB, JSON_CODEC, parseCid } from './blocks.mjs';
import { readMultipart, multipartBoundary, MultipartError } from './multipart.mjs';
import { HttpError, badRequest, boolParam, intParam, isNotFoundError, send, write } from './http-util.mjs';

const MiB = 1024 * 1024;
const MAX_CHUNK = 2 * MiB;
const BLOCK_PUT_LIMIT = MiB;
const BIG_BLOCK_LIMIT = 4 * MiB;

/** Kubo's historic defaults and the project's profile (IPIP-499 'unixfs-v1-2025'). */
export const PROFILES = {
  'unixfs-v0-2015': {
    cidVersion: 0,
    rawLeaves: false,
    chunkSize: 262_144,
    maxLinks: 174,
    shardSplitStrategy: 'links-bytes',
  },
  'unixfs-v1-2025': {
    cidVersion: 1,
    rawLeaves: true,
    chunkSize: MiB,
    maxLinks: 1024,
    shardSplitStrategy: 'block-bytes',
  },
};
PROFILES['legacy-cid-v0'] = PROFILES['unixfs-v0-2015'];

/**
 * Turns the query string of /api/v0/add into importer settings, following
 * Kubo's rules (cid-version=1 turns raw leaves on unless raw-leaves is given).
 */
export function addSettings(query) {
  const profileName = query.get('profile') ?? 'unixfs-v0-2015';
  const profile = PROFILES[profileName];
  if (profile == null)
    throw badRequest(`unknown profile "${profileName}" (known: ${Object.keys(PROFILES).join(', ')})`);
  const settings = { ...profile };

  if (query.has('cid-version')) {
    settings.cidVersion = intParam(query, 'cid-version', 0, { min: 0, max: 1 });
    if (!query.has('raw-leaves') && settings.cidVersion === 1) settings.rawLeaves = true;
  }
  settings.rawLeaves = boolParam(query, 'raw-leaves', settings.rawLeaves);

  const hash = query.get('hash') ?? 'sha2-256';
  if (hash !== 'sha2-256') throw badRequest(`unsupported hash "${hash}": this node only supports sha2-256`);

  if (query.has('chunker')) {
    const chunker = query.get('chunker').trim();
    const m = /^size-(\d+)$/.exec(chunker);
    if (m == null) throw badRequest(`unsupported chunker "${chunker}": only size-<bytes> is supported`);
    const size = Number(m[1]);
    if (!Number.isSafeInteger(size) || size < 1 || size > MAX_CHUNK)
      throw badRequest(`chunker size must be between 1 and ${MAX_CHUNK} bytes`);
    settings.chunkSize = size;
  }

  // Kubo's name is max-file-links; max-links is accepted as a shorthand
  for (const name of ['max-file-links', 'max-links']) {
    if (query.has(name)) settings.maxLinks = intParam(query, name, settings.maxLinks, { min: 2, max: 65_536 });
  }

  if (boolParam(query, 'trickle', false))
    throw badRequest('trickle layout is not supported: use the balanced layout (trickle=false)');
  if (boolParam(query, 'inline', false)) throw badRequest('inline (identity) CIDs are not supported');
  if (boolParam(query, 'nocopy', false)) throw badRequest('nocopy (filestore) is not supported');
  if (boolParam(query, 'preserve-mode', false) || boolParam(query, 'preserve-mtime', false))
    throw badRequest('preserving mode/mtime is not supported');
  if ((query.get('to-files') ?? '') !== '') throw badRequest('to-files (MFS) is not supported');
  if (intParam(query, 'max-directory-links', 0, { min: 0 }) !== 0)
    throw badRequest('max-directory-links is not supported (only 0, no limit)');
  const fanout = intParam(query, 'max-hamt-fanout', 256, { min: 2, max: 1024 });
  if ((fanout & (fanout - 1)) !== 0 || fanout % 8 !== 0)
    throw badRequest('max-hamt-fanout must be a power of two and a multiple of 8');
  settings.shardFanoutBits = Math.log2(fanout);

  settings.wrapWithDirectory = boolParam(query, 'wrap-with-directory', false);
  settings.pin = boolParam(query, 'pin', true);
  settings.onlyHash = boolParam(query, 'only-hash', false);
  settings.quieter = boolParam(query, 'quieter', false);
  settings.silent = boolParam(query, 'silent', false);
  boolParam(query, 'quiet', false); // accepted; the output is already minimal
  boolParam(query, 'progress', false); // accepted and ignored: no progress objects are sent
  settings.profile = profileName;
  return settings;
}

function importerOptions(settings) {
  return {
    cidVersion: settings.cidVersion,
    rawLeaves: settings.rawLeaves,
    reduceSingleLeafToSelf: true,
    chunker: fixedSize({ chunkSize: settings.chunkSize }),
    layout: balanced({ maxChildrenPerNode: settings.maxLinks }),
    shardSplitStrategy: settings.shardSplitStrategy,
    shardFanoutBits: settings.shardFanoutBits,
    wrapWithDirectory: settings.wrapWithDirectory,
    // parts arrive one after another on one stream: import them in order
    fileImportConcurrency: 1,
    blockWriteConcurrency: 8,
  };
}

/** Normalises a path from a multipart file name; rejects escapes. */
function cleanPath(name) {
  if (name == null || name === '') return undefined;
  let decoded = name;
  try {
    decoded = decodeURIComponent(name);
  } catch {
    /* not percent-encoded */
  }
  const segments = decoded.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) throw badRequest(`file name "${decoded}" may not contain ".."`);
  return segments.length === 0 ? undefined : segments.join('/');
}

/**
 * How CIDs are written in responses. Like Kubo, a multibase other than
 * base58btc upgrades CIDv0 to CIDv1 (which base58btc cannot be in a v0 CID).
 */
function cidFormatter(cidBase) {
  if (cidBase == null || cidBase === '') return (cid) => cid.toString();
  const base = { base32, base36, base58btc }[cidBase];
  if (base == null) throw badRequest(`unsupported cid-base "${cidBase}" (base32, base36 or base58btc)`);
  if (base === base58btc) return (cid) => cid.toString();
  return (cid) => (cid.version === 0 ? cid.toV1() : cid).toString(base);
}

function multipartOf(req) {
  const boundary = multipartBoundary(req.headers['content-type']);
  if (boundary == null) throw badRequest('expected a multipart/form-data request body');
  return readMultipart(req, boundary);
}

function rpcError(status, message) {
  return new HttpError(status, message);
}

export class Rpc {
  constructor({ helia, unixfs, hashOnly, blocks, identity, info }) {
    this.helia = helia;
    this.unixfs = unixfs;
    this.hashOnly = hashOnly;
    this.blocks = blocks;
    this.identity = identity;
    this.info = info;
    this.routes = new Map([
      ['add', this.add],
      ['block/get', this.blockGet],
      ['block/put', this.blockPut],
      ['block/stat', this.blockStat],
      ['cat', this.cat],
      ['dag/import', this.dagImport],
      ['dag/export', this.dagExport],
      ['pin/add', this.pinAdd],
      ['pin/ls', this.pinLs],
      ['pin/rm', this.pinRm],
      ['id', this.id],
      ['version', this.version],
    ]);
  }

  has(command) {
    return this.routes.has(command);
  }

  handle(command, req, res, query) {
    return this.routes.get(command).call(this, req, res, query);
  }

  json(res, value) {
    send(res, 200, JSON.stringify(value) + '\n', { 'Content-Type': 'application/json' });
  }

  async pinRoot(cid) {
    // Helia's pinning leaves half-made pin records behind when a block is
    // missing, so the DAG is checked first.
    const missing = await this.blocks.findMissing(cid);
    if (missing != null) throw rpcError(500, `cannot pin ${cid}: block ${missing} is not on this node (offline)`);
    try {
      // pins are keyed by CIDv1; remember a CIDv0 so pin/ls can list it as given
      for await (const _ of this.helia.pins.add(cid, { metadata: { cidv0: cid.version === 0 } })) {
        /* walk the whole DAG */
      }
    } catch (err) {
      if (err.name === 'AlreadyPinnedError') return;
      if (isNotFoundError(err) || err.name === 'InvalidConfigurationError' || err.name === 'LoadBlockFailedError') {
        throw rpcError(500, `cannot pin ${cid}: the DAG is not complete on this node`);
      }
      throw err;
    }
  }

  async add(req, res, query) {
    const settings = addSettings(query);
    const format = cidFormatter(query.get('cid-base'));
    const parts = multipartOf(req);
    const options = importerOptions(settings);
    const directories = [];
    const candidates = (async function* () {
      for await (const part of parts) {
        const path = cleanPath(part.filename);
        if (part.contentType === 'application/x-directory') {
          if (path == null) throw badRequest('directory part without a name');
          directories.push(path);
          yield { path };
        } else if (part.contentType === 'application/symlink') {
          throw badRequest('symlinks are not supported');
        } else {
          yield { path, content: part.body };
        }
      }
    })();

    // only-hash: the same importer, writing to a store that keeps nothing
    const fs = settings.onlyHash ? this.hashOnly : this.unixfs;
    const results = [];
    try {
      for await (const entry of fs.addAll(candidates, options)) results.push(entry);
    } catch (err) {
      if (err instanceof MultipartError) throw badRequest(err.message);
      throw err;
    }
    if (results.length === 0) throw badRequest('no files in the request');
    await this.reportEmptyDirectories(results, directories, settings);

    if (settings.pin && !settings.onlyHash) {
      for (const entry of results) {
        if (entry.path == null || entry.path === '' || !entry.path.includes('/')) await this.pinRoot(entry.cid);
      }
    }

    const lines = results.map(
      (entry) =>
        JSON.stringify({
          Name:
            entry.path == null || (entry.path === '' && !settings.wrapWithDirectory) ? format(entry.cid) : entry.path,
          Hash: format(entry.cid),
          Size: String(entry.size),
        }) + '\n',
    );
    const out = settings.silent ? [] : settings.quieter ? lines.slice(-1) : lines;
    send(res, 200, out.join(''), {
      'Content-Type': 'application/json',
      'X-Chunked-Output': '1',
      'X-Stream-Output': '1',
    });
  }

  /**
   * The importer stores an explicitly given empty directory but does not
   * report it; Kubo does. A directory that had entries is reported, so one
   * that is missing from the results is empty, and its CID is the empty
   * directory's.
   */
  async reportEmptyDirectories(results, directories, settings) {
    const reported = new Set(results.map((r) => r.path));
    const missing = [...new Set(directories)].filter((path) => !reported.has(path));
    if (missing.length === 0) return;
    let empty;
    // (its block was stored by the import itself)
    for await (const entry of this.hashOnly.addAll([{ path: 'empty' }], { cidVersion: settings.cidVersion }))
      empty = entry;
    const firstDirectory = results.findIndex((r) => r.unixfs?.isDirectory() === true);
    const at = firstDirectory < 0 ? results.length : firstDirectory;
    results.splice(at, 0, ...missing.map((path) => ({ path, cid: empty.cid, size: empty.size })));
  }

  async blockGet(req, res, query) {
    const cid = parseCid(query.get('arg'));
    if (!(await this.blocks.has(cid))) throw rpcError(500, `block was not found locally (offline): ${cid}`);
    const bytes = await this.blocks.get(cid);
    send(res, 200, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
      'Content-Type': 'application/octet-stream',
      'X-Stream-Output': '1',
    });
  }

  async blockStat(req, res, query) {
    const cid = parseCid(query.get('arg'));
    if (!(await this.blocks.has(cid))) throw rpcError(500, `block was not found locally (offline): ${cid}`);
    const bytes = await this.blocks.get(cid);
    this.json(res, { Key: cid.toString(), Size: bytes.length });
  }

  async blockPut(req, res, query) {
    const codecs = { raw: raw.code, 'dag-pb': DAG_PB, 'dag-cbor': DAG_CBOR, 'dag-json': DAG_JSON, json: JSON_CODEC };
    const format = query.get('format');
    let codecName = query.get('cid-codec') ?? (format === 'v0' ? 'dag-pb' : (format ?? 'raw'));
    if (codecName === 'protobuf') codecName = 'dag-pb';
    if (codecName === 'cbor') codecName = 'dag-cbor';
    const code = codecs[codecName];
    if (code == null) throw badRequest(`unsupported cid-codec "${codecName}"`);
    const mhtype = query.get('mhtype') ?? 'sha2-256';
    if (mhtype !== 'sha2-256') throw badRequest(`unsupported mhtype "${mhtype}": only sha2-256`);
    const mhlen = intParam(query, 'mhlen', -1, { min: -1, max: 32 });
    if (mhlen !== -1 && mhlen !== 32) throw badRequest('mhlen must be 32 (or -1) for sha2-256');
    const pin = boolParam(query, 'pin', false);
    const limit = boolParam(query, 'allow-big-block', false) ? BIG_BLOCK_LIMIT : BLOCK_PUT_LIMIT;
    const version = format === 'v0' ? 0 : 1;
    if (version === 0 && code !== DAG_PB) throw badRequest('format=v0 requires dag-pb');

    const lines = [];
    try {
      for await (const part of multipartOf(req)) {
        const chunks = [];
        let size = 0;
        for await (const chunk of part.body) {
          size += chunk.length;
          if (size > limit)
            throw badRequest(
              `produced block is over ${limit === BLOCK_PUT_LIMIT ? '1MiB' : '4MiB'}: big blocks can't be exchanged with other peers (allow-big-block raises the limit)`,
            );
          chunks.push(chunk);
        }
        const bytes = Buffer.concat(chunks);
        const digest = await sha256.digest(bytes);
        const cid = CID.create(version, code, digest);
        await this.blocks.put(cid, bytes);
        if (pin) await this.pinRoot(cid);
        lines.push(JSON.stringify({ Key: cid.toString(), Size: bytes.length }) + '\n');
      }
    } catch (err) {
      if (err instanceof MultipartError) throw badRequest(err.message);
      throw err;
    }
    if (lines.length === 0) throw badRequest('no block data in the request');
    send(res, 200, lines.join(''), { 'Content-Type': 'application/json', 'X-Chunked-Output': '1' });
  }

  async cat(req, res, query) {
    const arg = query.get('arg') ?? '';
    const [rootText, ...segments] = arg
      .replace(/^\/ipfs\//, '')
      .split('/')
      .filter(Boolean);
    const root = parseCid(rootText);
    const offset = intParam(query, 'offset', 0, { min: 0 });
    const length = intParam(query, 'length', undefined, { min: 0 });
    let entry;
    try {
      const { cid } = await this.blocks.resolvePath(root, segments);
      entry = await this.blocks.entry(cid);
    } catch (err) {
      if (err instanceof HttpError) throw rpcError(500, err.message);
      if (isNotFoundError(err)) throw rpcError(500, `block was not found locally (offline): ${err.message}`);
      throw err;
    }
    if (entry.type === 'directory') throw rpcError(500, 'this dag node is a directory');
    if (entry.type !== 'file' && entry.type !== 'raw' && entry.type !== 'identity')
      throw rpcError(500, `cannot cat a ${entry.type} node`);
    res.writeHead(200, {
      'Content-Type': 'text/plain',
      'X-Stream-Output': '1',
      'X-Content-Length': String(entry.size),
    });
    for await (const chunk of entry.content({ offset, length, offline: true })) await write(res, chunk);
    res.end();
  }

  async dagImport(req, res, query) {
    const pinRoots = boolParam(query, 'pin-roots', true);
    const stats = boolParam(query, 'stats', false);
    const roots = new Map();
    let blockCount = 0;
    let byteCount = 0;
    let cars = 0;
    try {
      for await (const part of multipartOf(req)) {
        const result = await this.blocks.importCar(part.body);
        for (const root of result.roots) roots.set(root.toString(), root);
        blockCount += result.blockCount;
        byteCount += result.byteCount;
        cars++;
      }
    } catch (err) {
      if (err instanceof MultipartError) throw badRequest(err.message);
      throw err;
    }
    if (cars === 0) throw badRequest('no CAR file in the request');
    const lines = [];
    if (pinRoots) {
      for (const root of roots.values()) {
        let message = '';
        try {
          await this.pinRoot(root);
        } catch (err) {
          message = err.message;
        }
        lines.push(JSON.stringify({ Root: { Cid: { '/': root.toString() }, PinErrorMsg: message } }) + '\n');
      }
    }
    if (stats) lines.push(JSON.stringify({ Stats: { BlockCount: blockCount, BlockBytesCount: byteCount } }) + '\n');
    send(res, 200, lines.join(''), { 'Content-Type': 'application/json', 'X-Chunked-Output': '1' });
  }

  async dagExport(req, res, query) {
    const cid = parseCid(query.get('arg'));
    if (!(await this.blocks.has(cid))) throw rpcError(500, `block was not found locally (offline): ${cid}`);
    res.writeHead(200, { 'Content-Type': 'application/vnd.ipld.car', 'X-Stream-Output': '1' });
    try {
      for await (const chunk of this.blocks.car([cid], this.blocks.walk(cid, 'all'))) await write(res, chunk);
      res.end();
    } catch (err) {
      // the status line is gone: cut the stream so the client sees a broken CAR
      res.destroy(err);
    }
  }

  async pinAdd(req, res, query) {
    const args = query.getAll('arg');
    if (args.length === 0) throw badRequest('argument "ipfs-path" is required');
    const recursive = boolParam(query, 'recursive', true);
    const pins = [];
    for (const arg of args) {
      const cid = parseCid(arg.replace(/^\/ipfs\//, ''));
      if (recursive) {
        await this.pinRoot(cid);
      } else {
        if (!(await this.blocks.has(cid))) throw rpcError(500, `block was not found locally (offline): ${cid}`);
        try {
          for await (const _ of this.helia.pins.add(cid, { depth: 0, metadata: { cidv0: cid.version === 0 } })) {
            /* one block */
          }
        } catch (err) {
          if (err.name !== 'AlreadyPinnedError') throw err;
        }
      }
      pins.push(cid.toString());
    }
    this.json(res, { Pins: pins });
  }

  async pinRm(req, res, query) {
    const args = query.getAll('arg');
    if (args.length === 0) throw badRequest('argument "ipfs-path" is required');
    const pins = [];
    for (const arg of args) {
      const cid = parseCid(arg.replace(/^\/ipfs\//, ''));
      try {
        for await (const _ of this.helia.pins.rm(cid)) {
          /* unpin every block */
        }
      } catch (err) {
        if (isNotFoundError(err)) throw rpcError(500, `${cid} is not pinned`);
        throw err;
      }
      pins.push(cid.toString());
    }
    this.json(res, { Pins: pins });
  }

  async pinLs(req, res, query) {
    const type = query.get('type') ?? 'all';
    if (!['all', 'recursive', 'direct', 'indirect'].includes(type)) throw badRequest(`invalid pin type "${type}"`);
    const stream = boolParam(query, 'stream', false);
    const typeOf = (pin) => (pin.depth === 0 ? 'direct' : 'recursive');
    const keys = [];
    const args = query.getAll('arg');
    if (args.length > 0) {
      for (const arg of args) {
        const cid = parseCid(arg.replace(/^\/ipfs\//, ''));
        let found = null;
        try {
          const pin = await this.helia.pins.get(cid);
          if (type === 'all' || type === typeOf(pin)) found = typeOf(pin);
        } catch (err) {
          if (!isNotFoundError(err)) throw err;
          if ((type === 'all' || type === 'indirect') && (await this.helia.pins.isPinned(cid))) found = 'indirect';
        }
        if (found == null) throw rpcError(500, `path '${arg}' is not pinned`);
        keys.push({ Cid: cid.toString(), Type: found });
      }
    } else if (type !== 'indirect') {
      for await (const pin of this.helia.pins.ls()) {
        const t = typeOf(pin);
        const cid = pin.metadata?.cidv0 === true ? pin.cid.toV0() : pin.cid;
        if (type === 'all' || type === t) keys.push({ Cid: cid.toString(), Type: t });
      }
    }
    if (stream) {
      send(res, 200, keys.map((k) => JSON.stringify({ Cid: k.Cid, Name: '', Type: k.Type }) + '\n').join(''), {
        'Content-Type': 'application/json',
        'X-Chunked-Output': '1',
      });
      return;
    }
    const out = {};
    for (const k of keys) out[k.Cid] = { Type: k.Type, Name: '' };
    this.json(res, { Keys: out });
  }

  async id(req, res) {
    this.json(res, {
      ID: this.identity.peerId,
      PublicKey: this.identity.publicKey,
      Addresses: [],
      AgentVersion: this.info.agent,
      Protocols: [],
    });
  }

  async version(req, res) {
    this.json(res, {
      Version: this.info.heliaVersion,
      Commit: '',
      Repo: '1',
      System: `${process.arch}/${process.platform}`,
      Golang: '',
      Agent: this.info.agent,
    });
  }
}
