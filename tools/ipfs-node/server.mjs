#!/usr/bin/env node
// Local, offline IPFS node for development and tests (runs under Node 22).
//
// One HTTP port on loopback serves:
//   /api/v0/...              a Kubo RPC subset (POST)
//   /ipfs/<cid>[/path]       path gateway, with ?format=raw|car trustless responses
//   Host: <cidv1>.ipfs.localhost:<port>   subdomain gateway
//
// Blocks and pins live in the data directory (filesystem blockstore and
// datastore). Helia runs with no libp2p, no routers and no block brokers, so
// a block that is not stored locally is reported missing at once and nothing
// is ever fetched from, or announced to, the network.
//
// Usage: node server.mjs --data DIR [--port N] [--host 127.0.0.1]
//          [--cors-origin ORIGIN]... [--token T | --authorization VALUE]
// Prints one line `IPFS_NODE_READY {json}` on stdout once it accepts requests.

import http from 'node:http';
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { unixfs } from '@helia/unixfs';
import * as dagCbor from '@ipld/dag-cbor';
import * as dagJson from '@ipld/dag-json';
import * as json from 'multiformats/codecs/json';
import { FsBlockstore } from 'blockstore-fs';
import { FsDatastore } from 'datastore-fs';
import { LocalBlocks } from './lib/blocks.mjs';
import { Cors, HttpError, authorized, send } from './lib/http-util.mjs';
import { Gateway } from './lib/gateway.mjs';
import { Rpc } from './lib/rpc.mjs';
import { loadIdentity } from './lib/identity.mjs';

export const READY_PREFIX = 'IPFS_NODE_READY ';

/** Only loopback addresses: this node is never reachable from other machines. */
export function isLoopback(host) {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

function parseOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      data: { type: 'string' },
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      'cors-origin': { type: 'string', multiple: true },
      token: { type: 'string' },
      authorization: { type: 'string' },
      'exit-with-parent': { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.data == null || values.data === '') throw new Error('--data DIR is required');
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid --port ${values.port}`);
  if (!isLoopback(values.host)) throw new Error(`--host must be a loopback address, got ${values.host}`);
  if (values.token != null && values.authorization != null)
    throw new Error('give --token or --authorization, not both');
  const corsOrigins = (values['cors-origin'] ?? [])
    .flatMap((v) => v.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  return {
    dataDir: resolve(values.data),
    port,
    host: values.host,
    corsOrigins,
    authorization: values.authorization ?? (values.token != null ? `Bearer ${values.token}` : null),
    exitWithParent: values['exit-with-parent'],
    verbose: values.verbose,
  };
}

/** One node per data directory: a pid file guards against a second one. */
async function lockDataDir(dataDir) {
  const file = join(dataDir, 'node.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return async () => {
        await rm(file, { force: true });
      };
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      const pid = Number((await readFile(file, 'utf8').catch(() => '')).trim());
      let alive = false;
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid) {
        try {
          process.kill(pid, 0);
          alive = true;
        } catch (e) {
          alive = e.code === 'EPERM';
        }
      }
      if (alive) throw new Error(`data directory ${dataDir} is in use by process ${pid}`);
      await rm(file, { force: true }); // stale lock from a node that did not stop cleanly
    }
  }
  throw new Error(`cannot lock data directory ${dataDir}`);
}

/**
 * Returns a factory for Helia's own node class with no networking at all.
 * `createHeliaLight()` from 'helia' builds exactly this, but importing the
 * package entry also loads libp2p, bitswap and the HTTP block broker (about
 * 0.5 s of start-up); the class module is loaded on its own when the package
 * layout allows it, and through `createHeliaLight` otherwise.
 */
async function heliaFactory() {
  try {
    const entry = import.meta.resolve('helia');
    const [{ Helia }, { name, version }] = await Promise.all([
      import(new URL('./helia.js', entry)),
      import(new URL('./version.js', entry)),
    ]);
    if (typeof Helia !== 'function' || typeof version !== 'string') throw new Error('unexpected helia layout');
    return (init) => new Helia({ name, version, ...init });
  } catch {
    const { createHeliaLight } = await import('helia');
    return createHeliaLight;
  }
}

/**
 * Discards what is left of a request body (at most `limit` bytes). Returns
 * false when the connection should not be reused.
 */
async function drainRequest(req, limit = 1024 * 1024 * 1024) {
  if (req.complete) return true;
  if (req.destroyed) return false;
  let size = 0;
  try {
    for await (const chunk of req) {
      size += chunk.length;
      if (size > limit) return false;
    }
    return true;
  } catch {
    return false;
  }
}

export async function startServer(options) {
  const { dataDir } = options;
  await mkdir(dataDir, { recursive: true });
  const unlock = await lockDataDir(dataDir);
  try {
    return await openNode(options, unlock);
  } catch (err) {
    await unlock();
    throw err;
  }
}

async function openNode(options, unlock) {
  const { dataDir, host, port, verbose } = options;
  const blockstore = new FsBlockstore(join(dataDir, 'blocks'));
  const datastore = new FsDatastore(join(dataDir, 'datastore'));
  await blockstore.open();
  await datastore.open();

  // No libp2p, routers or block brokers: an offline node.
  const createHelia = await heliaFactory();
  const helia = createHelia({ blockstore, datastore, codecs: [dagCbor, dagJson, json] });
  await helia.start();

  const blocks = new LocalBlocks(helia);
  const identity = await loadIdentity(dataDir);
  const heliaVersion = helia.info.version;
  const info = { heliaVersion, agent: `helia/${heliaVersion} ehr-dev-node (offline)` };
  const rpc = new Rpc({
    helia,
    unixfs: unixfs({ blockstore: blocks.store }),
    hashOnly: unixfs({ blockstore: { put: async (cid) => cid, has: async () => false, get: blocks.store.get } }),
    blocks,
    identity,
    info,
  });
  const gateway = new Gateway({ blocks });
  const cors = new Cors(options.corsOrigins);

  async function route(req, res) {
    const url = new URL(req.url, 'http://localhost');
    const hostHeader = (req.headers.host ?? '').toLowerCase();
    const sub = /^([a-z0-9]+)\.ipfs\.[^:]+(:\d+)?$/.exec(hostHeader);
    cors.apply(req, res);

    if (sub != null) {
      // subdomain gateway: the whole path is inside the CID's content
      if (req.method === 'OPTIONS') return cors.preflight(req, res, 'GET, HEAD, OPTIONS');
      const rawSegments = url.pathname.split('/').slice(1);
      return gateway.handle(req, res, {
        rootText: sub[1],
        rawSegments,
        urlPath: url.pathname,
        search: url.search,
        query: url.searchParams,
        subdomain: true,
      });
    }

    if (url.pathname.startsWith('/api/v0/')) {
      if (req.method === 'OPTIONS') return cors.preflight(req, res, 'POST, OPTIONS');
      if (!cors.allows(req.headers.origin)) throw new HttpError(403, `origin ${req.headers.origin} is not allowed`);
      const command = url.pathname.slice('/api/v0/'.length).replace(/\/+$/, '');
      if (!rpc.has(command)) throw new HttpError(404, `unknown command: /api/v0/${command}`);
      if (req.method !== 'POST')
        throw new HttpError(405, `${req.method} is not allowed: RPC commands take POST`, {
          headers: { Allow: 'POST, OPTIONS' },
        });
      if (!authorized(req, options.authorization)) {
        throw new HttpError(401, 'missing or wrong Authorization header', {
          headers: { 'WWW-Authenticate': 'Bearer realm="ipfs-rpc"' },
        });
      }
      return rpc.handle(command, req, res, url.searchParams);
    }

    if (url.pathname.startsWith('/ipfs/') || url.pathname === '/ipfs') {
      if (req.method === 'OPTIONS') return cors.preflight(req, res, 'GET, HEAD, OPTIONS');
      const [, , rootText = '', ...rawSegments] = url.pathname.split('/');
      return gateway.handle(req, res, {
        rootText,
        rawSegments,
        urlPath: url.pathname,
        search: url.search,
        query: url.searchParams,
        subdomain: false,
      });
    }

    if (url.pathname.startsWith('/ipns/')) throw new HttpError(501, 'IPNS is not available on this offline node');
    if (url.pathname === '/' && (req.method === 'GET' || req.method === 'HEAD')) {
      return send(
        res,
        200,
        req.method === 'HEAD' ? '' : 'Local offline IPFS node: RPC at /api/v0/, gateway at /ipfs/<cid>\n',
        { 'Content-Type': 'text/plain; charset=utf-8' },
      );
    }
    throw new HttpError(404, 'not found');
  }

  const server = http.createServer({ keepAliveTimeout: 5_000, requestTimeout: 0 }, (req, res) => {
    const started = Date.now();
    route(req, res)
      .catch(async (err) => {
        const status = err instanceof HttpError ? err.status : 500;
        if (status >= 500 && !(err instanceof HttpError)) console.error(`${req.method} ${req.url}:`, err);
        if (res.headersSent) {
          res.destroy(err);
          return;
        }
        const isRpc = req.url.startsWith('/api/v0/') && !/\.ipfs\./i.test(req.headers.host ?? '');
        const message = err instanceof HttpError ? err.message : `internal error: ${err.message}`;
        // Read the rest of an upload before answering: clients that are still
        // sending treat a response on a closed connection as a network failure.
        if (!(await drainRequest(req))) res.setHeader('Connection', 'close');
        if (isRpc) {
          send(res, status, JSON.stringify({ Message: message, Code: 0, Type: 'error' }) + '\n', {
            'Content-Type': 'application/json',
            ...err.headers,
          });
        } else {
          send(res, status, req.method === 'HEAD' ? '' : message + '\n', {
            'Content-Type': 'text/plain; charset=utf-8',
            ...err.headers,
          });
        }
      })
      .finally(() => {
        if (verbose)
          console.error(
            `${req.method} ${req.headers.host}${req.url} -> ${res.statusCode} (${Date.now() - started} ms)`,
          );
      });
  });

  try {
    await new Promise((resolvePromise, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolvePromise();
      });
    });
  } catch (err) {
    await helia.stop();
    await datastore.close();
    await blockstore.close();
    throw err;
  }

  let stopping = null;
  async function stop() {
    stopping ??= (async () => {
      await new Promise((resolvePromise) => {
        server.close(() => resolvePromise());
        server.closeAllConnections();
      });
      await helia.stop();
      await datastore.close();
      await blockstore.close();
      await unlock();
    })();
    return stopping;
  }

  const address = server.address();
  return { server, port: address.port, host, stop, helia, identity };
}

function urlHost(host) {
  return host.includes(':') ? `[${host}]` : host;
}

async function main() {
  let options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (err) {
    console.error(`ipfs-node: ${err.message}`);
    process.exit(2);
  }
  process.on('unhandledRejection', (err) => {
    console.error('ipfs-node: unhandled rejection:', err);
  });

  let node;
  try {
    node = await startServer(options);
  } catch (err) {
    console.error(`ipfs-node: failed to start: ${err.stack ?? err.message}`);
    process.exit(1);
  }

  let exiting = false;
  const shutdown = async (why) => {
    if (exiting) return;
    exiting = true;
    const timer = setTimeout(() => {
      console.error('ipfs-node: shutdown took too long, exiting');
      process.exit(1);
    }, 10_000);
    timer.unref();
    try {
      await node.stop();
      if (options.verbose) console.error(`ipfs-node: stopped (${why})`);
      process.exit(0);
    } catch (err) {
      console.error(`ipfs-node: error while stopping: ${err.message}`);
      process.exit(1);
    }
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  if (options.exitWithParent) {
    // the launcher holds our stdin open; when it goes away, so do we
    process.stdin.on('end', () => shutdown('parent exited'));
    process.stdin.on('error', () => shutdown('parent exited'));
    process.stdin.resume();
  }

  const base = `http://${urlHost(options.host)}:${node.port}`;
  process.stdout.write(
    READY_PREFIX +
      JSON.stringify({
        port: node.port,
        host: options.host,
        apiUrl: base,
        rpcUrl: `${base}/api/v0`,
        gatewayUrl: base,
        subdomainGatewayHost: `ipfs.localhost:${node.port}`,
        peerId: node.identity.peerId,
        pid: process.pid,
        dataDir: options.dataDir,
      }) +
      '\n',
  );
}

const invokedDirectly = process.argv[1] != null && resolve(process.argv[1]) === new URL(import.meta.url).pathname;
if (invokedDirectly) main();
