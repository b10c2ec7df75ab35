// Starts a throw-away anvil on 127.0.0.1 for a test suite (or a benchmark) and stops it again.
//
//   import { startAnvil } from './anvil.mjs';
//   const anvil = await startAnvil({ accounts: 20 });
//   ... anvil.rpcUrl, anvil.accounts[0].privateKey, await anvil.rpc('evm_mine') ...
//   await anvil.stop();
//
// anvil has no "--port 0", so a free port is picked with node:net first; if another process takes
// it before anvil binds, the start is retried on a new port. Accounts come from anvil's deterministic
// default mnemonic. Every started node is also killed when the Node.js process exits.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The mnemonic anvil derives its default accounts from. */
export const ANVIL_MNEMONIC = 'test test test test test test test test test test test junk';

/** Path of the anvil binary shipped by the @foundry-rs/anvil platform package. */
export function anvilBinary() {
  if (process.env.ANVIL_BIN) return process.env.ANVIL_BIN;
  const candidates = [
    path.join(root, 'node_modules', '@foundry-rs', `anvil-${process.platform}-${process.arch === 'x64' ? 'amd64' : process.arch}`, 'bin', 'anvil'),
    path.join(root, 'node_modules', '.bin', 'anvil'),
  ];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`anvil binary not found (looked in ${candidates.join(', ')}); set ANVIL_BIN`);
  return found;
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

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

let rpcId = 0;
async function rpcCall(url, method, params = []) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: ++rpcId, method, params }),
  });
  const body = await res.json();
  if (body.error) {
    const err = new Error(`${method}: ${body.error.message}`);
    err.code = body.error.code;
    err.data = body.error.data;
    throw err;
  }
  return body.result;
}

async function deriveAccounts(count) {
  const { HDNodeWallet, Mnemonic } = await import('ethers');
  const mnemonic = Mnemonic.fromPhrase(ANVIL_MNEMONIC);
  const list = [];
  for (let i = 0; i < count; i++) {
    const w = HDNodeWallet.fromMnemonic(mnemonic, `m/44'/60'/0'/0/${i}`);
    list.push({ address: w.address, privateKey: w.privateKey });
  }
  return list;
}

function waitExit(child, ms) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(true);
    const t = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(t);
      resolve(true);
    });
  });
}

async function launch({ accounts, blockTime, noMining, hardfork, chainId, args, timeoutMs }) {
  const port = await freePort();
  const argv = ['--host', '127.0.0.1', '--port', String(port), '--accounts', String(accounts), '--silent'];
  if (blockTime !== undefined) argv.push('--block-time', String(blockTime));
  if (noMining) argv.push('--no-mining');
  if (hardfork) argv.push('--hardfork', hardfork);
  if (chainId !== undefined) argv.push('--chain-id', String(chainId));
  argv.push(...args);
  const child = spawn(anvilBinary(), argv, { stdio: ['ignore', 'ignore', 'pipe'] });
  running.add(child);
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  child.once('exit', () => running.delete(child));
  const rpcUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      return { ok: false, reason: `anvil exited (${child.exitCode ?? child.signalCode}): ${stderr.trim()}` };
    }
    try {
      const id = await rpcCall(rpcUrl, 'eth_chainId');
      return { ok: true, child, rpcUrl, port, chainId: Number(id) };
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        return { ok: false, reason: `anvil did not answer on ${rpcUrl} within ${timeoutMs} ms: ${stderr.trim()}` };
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/**
 * Starts anvil on a free loopback port and waits until it answers eth_chainId.
 * @param {{ accounts?: number, blockTime?: number, noMining?: boolean, hardfork?: string,
 *           chainId?: number, args?: string[], timeoutMs?: number }} [options]
 * @returns {Promise<{ rpcUrl: string, port: number, chainId: number, pid: number,
 *   accounts: { address: string, privateKey: string }[], mnemonic: string,
 *   rpc: (method: string, params?: unknown[]) => Promise<any>, stop: () => Promise<void> }>}
 */
export async function startAnvil({
  accounts = 10,
  blockTime,
  noMining = false,
  hardfork,
  chainId,
  args = [],
  timeoutMs = 20000,
} = {}) {
  let started;
  const reasons = [];
  for (let attempt = 0; attempt < 5 && !started; attempt++) {
    const r = await launch({ accounts, blockTime, noMining, hardfork, chainId, args, timeoutMs });
    if (r.ok) started = r;
    else reasons.push(r.reason);
  }
  if (!started) throw new Error(`could not start anvil:\n${reasons.join('\n')}`);
  const { child, rpcUrl, port } = started;
  const derived = await deriveAccounts(accounts);
  let stopped = false;
  return {
    rpcUrl,
    port,
    chainId: started.chainId,
    pid: child.pid,
    accounts: derived,
    mnemonic: ANVIL_MNEMONIC,
    rpc: (method, params) => rpcCall(rpcUrl, method, params),
    async stop() {
      if (stopped) return;
      stopped = true;
      child.kill('SIGTERM');
      if (!(await waitExit(child, 3000))) {
        child.kill('SIGKILL');
        await waitExit(child, 3000);
      }
      running.delete(child);
    },
  };
}
