// anvil, the local development chain, as the demo, the tests and the benchmarks start it: on
// 127.0.0.1, on the port asked for or a free one (`port: 0`; anvil binds it and prints it), ready
// when it says "Listening on". One implementation for every caller.
//
//   import { spawnAnvil } from '../tools/anvil.mjs';
//   const anvil = await spawnAnvil({ args: ['--chain-id', '31337'] });
//   await anvil.rpc('eth_blockNumber');
//   await anvil.stop();   // SIGTERM (anvil writes its --state/--dump-state file), SIGKILL if it hangs
//
// Children that are not detached are killed when the Node.js process exits, so a failed test
// leaves no anvil behind. A detached child (own process group) is left to its caller, which stops
// it last so that it can write its state after everything that talks to it has stopped.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** The mnemonic anvil derives its default (public, funded) accounts from. */
export const ANVIL_MNEMONIC = 'test test test test test test test test test test test junk';

/** anvil's default chain id. */
export const ANVIL_CHAIN_ID = 31337;

/** Path of the anvil binary shipped by the @foundry-rs/anvil platform package (or $ANVIL_BIN). */
export function anvilBinary() {
  if (process.env.ANVIL_BIN) return process.env.ANVIL_BIN;
  const arch = process.arch === 'x64' ? 'amd64' : process.arch;
  const candidates = [
    join(ROOT, 'node_modules', '@foundry-rs', `anvil-${process.platform}-${arch}`, 'bin', 'anvil'),
    join(ROOT, 'node_modules', '.bin', 'anvil'),
  ];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`anvil binary not found (looked in ${candidates.join(', ')}); set ANVIL_BIN`);
  return found;
}

let rpcId = 0;
/** One JSON-RPC call; a JSON-RPC error becomes an Error carrying its `code` and `data`. */
export async function rpcCall(url, method, params = []) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: ++rpcId, method, params }),
  });
  const body = await res.json();
  if (body.error) {
    throw Object.assign(new Error(`${method}: ${body.error.message}`), {
      code: body.error.code,
      data: body.error.data,
    });
  }
  return body.result;
}

const running = new Set();
process.once('exit', () => {
  for (const child of running) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
});

/**
 * Starts anvil and waits until it listens.
 * @param {{ port?: number, args?: string[], detached?: boolean, timeoutMs?: number, stopTimeoutMs?: number }} [o]
 *   port: 0 (default) lets anvil pick a free one; args: further anvil flags (never --silent: the
 *   "Listening on" line is how readiness and the port are learnt); detached: own process group
 *   (not killed with this process); stopTimeoutMs: how long stop() waits before SIGKILL.
 * @returns {Promise<{ url: string, port: number, child: import('node:child_process').ChildProcess,
 *   exited: Promise<void>, rpc: (method: string, params?: unknown[]) => Promise<any>, stop: () => Promise<void> }>}
 */
export async function spawnAnvil({
  port = 0,
  args = [],
  detached = false,
  timeoutMs = 60000,
  stopTimeoutMs = 5000,
} = {}) {
  const child = spawn(anvilBinary(), ['--host', '127.0.0.1', '--port', String(port), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached,
  });
  if (!detached) running.add(child);
  const exited = new Promise((resolve) => child.once('exit', () => resolve()));
  exited.then(() => running.delete(child));
  let out = '';
  const onData = (d) => {
    out = (out + d).slice(-4000);
  };
  child.stderr.on('data', onData);
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`anvil did not start within ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const onOut = (d) => {
      onData(d);
      const m = /Listening on (127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout.off('data', onOut);
        resolve(`http://${m[1]}`);
      }
    };
    child.stdout.on('data', onOut);
    exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`anvil exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${out}`));
    });
  });
  // Keep draining its output (transaction logs) so that a full pipe never blocks it.
  child.stdout.on('data', onData);
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  return {
    url,
    port: Number(new URL(url).port),
    child,
    exited,
    rpc: (method, params) => rpcCall(url, method, params),
    async stop() {
      if (gone()) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
