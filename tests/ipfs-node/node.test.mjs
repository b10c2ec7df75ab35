// Node lifecycle, persistence, CORS, auth, error statuses and network isolation.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile, readdir, readlink } from 'node:fs/promises';
import { describe, it, before, after } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  CID,
  MiB,
  PROFILES,
  addFile,
  launchNode,
  pseudoRandomBytes,
  request,
  rpc,
  startTestNode,
  tempDir,
} from './helpers.mjs';
import { startIpfsNode } from '../../tools/ipfs-node/start.mjs';

const START = fileURLToPath(new URL('../../tools/ipfs-node/start.mjs', import.meta.url));

function processExists(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(predicate, ms) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await predicate()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

describe('lifecycle and persistence', () => {
  it('starts, and data and pins survive a restart on the same data directory', async (t) => {
    const dataDir = await tempDir(t);
    const started = Date.now();
    const first = await startIpfsNode({ dataDir });
    const startMs = Date.now() - started;
    let firstStopped = false;
    t.after(async () => {
      if (!firstStopped) await first.stop();
    });
    // Reported, not asserted: tests never assert wall time (a loaded machine is slower).
    t.diagnostic(`start took ${startMs} ms`);

    const data = pseudoRandomBytes(Math.floor(1.5 * MiB), 'persist');
    const added = await addFile(first, data, PROFILES.project.query, 'persist.bin');
    const id1 = await (await rpc(first, 'id')).json();
    await first.stop();
    firstStopped = true;
    assert.equal(await first.exited, 0, 'clean exit on stop()');
    assert.ok(!processExists(first.pid));
    assert.ok(!(await readdir(dataDir)).includes('node.pid'), 'the lock is released');

    const second = await startTestNode(t, { dataDir });
    const res = await fetch(`${second.gatewayUrl}/ipfs/${added.Hash}`);
    assert.equal(res.status, 200);
    assert.ok(Buffer.from(await res.arrayBuffer()).equals(data));
    const pins = await (await rpc(second, 'pin/ls')).json();
    assert.equal(pins.Keys[added.Hash]?.Type, 'recursive');
    const id2 = await (await rpc(second, 'id')).json();
    assert.equal(id2.ID, id1.ID, 'the peer identity is kept');
    assert.match(id2.ID, /^12D3KooW/);
  });

  it('refuses a second node on a data directory in use', async (t) => {
    const node = await startTestNode(t);
    await assert.rejects(startIpfsNode({ dataDir: node.dataDir, startTimeoutMs: 10_000 }), /in use/);
  });

  it('refuses a non-loopback host', async (t) => {
    await assert.rejects(
      startIpfsNode({ dataDir: await tempDir(t), host: '0.0.0.0', startTimeoutMs: 10_000 }),
      /loopback/,
    );
  });

  it('the command line prints the URLs, serves, and exits cleanly on SIGTERM', async (t) => {
    const dataDir = await tempDir(t);
    const child = spawn(process.execPath, [START, '--data', dataDir, '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    t.after(() => {
      if (child.exitCode == null) child.kill('SIGKILL');
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    assert.ok(await waitFor(() => /Gateway:/.test(out), 15_000), `no URLs printed: ${out}`);
    const rpcUrl = /RPC API:\s+(\S+)/.exec(out)[1];
    assert.match(rpcUrl, /^http:\/\/127\.0\.0\.1:\d+\/api\/v0$/);
    const version = await fetch(`${rpcUrl}/version`, { method: 'POST' });
    assert.equal(version.status, 200);
    assert.equal(typeof (await version.json()).Version, 'string');
    const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    child.kill('SIGTERM');
    assert.deepEqual(await exited, { code: 0, signal: null });
    assert.ok(!(await readdir(dataDir)).includes('node.pid'));
  });

  it('the node exits when the process that started it dies', async (t) => {
    const dataDir = await tempDir(t);
    const script = `import { startIpfsNode } from ${JSON.stringify(START)}
const node = await startIpfsNode({ dataDir: ${JSON.stringify(dataDir)} })
console.log(node.pid)`;
    const parent = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    parent.stdout.on('data', (d) => {
      out += d;
    });
    assert.ok(await waitFor(() => /^\d+\n/.test(out), 15_000), 'launcher did not report the node pid');
    const pid = Number(out.trim());
    assert.ok(processExists(pid));
    parent.kill('SIGKILL');
    assert.ok(await waitFor(() => !processExists(pid), 10_000), 'the node outlived its launcher');
  });
});

describe('HTTP behaviour', () => {
  let node;
  let known;
  before(async () => {
    node = await launchNode();
    known = await addFile(node, Buffer.from('hello\n'));
  });
  after(() => node?.cleanup());

  it('bad CIDs are 400, unknown CIDs are 404 at once (no network wait)', async () => {
    for (const path of ['/ipfs/not-a-cid', '/ipfs/bafy', '/ipfs/Qm123?format=raw', '/ipfs/']) {
      const res = await fetch(node.gatewayUrl + path);
      assert.equal(res.status, 400, path);
      await res.arrayBuffer();
    }
    assert.equal((await rpc(node, 'block/get', { query: { arg: 'nope' } })).status, 400);

    const unknown = 'bafkreie7ohywtosou76tasm7j63yigtzxe7d5zqus4zu3j6oltvgtibeom';
    for (const suffix of ['', '?format=raw', '?format=car', '/a/b']) {
      const t0 = performance.now();
      const res = await fetch(`${node.gatewayUrl}/ipfs/${unknown}${suffix}`);
      const ms = performance.now() - t0;
      assert.equal(res.status, 404, suffix);
      await res.arrayBuffer();
      assert.ok(ms < 1000, `404 took ${ms} ms`);
    }
    const subdomain = await request(node, '/', { headers: { host: `${unknown}.ipfs.localhost:${node.port}` } });
    assert.equal(subdomain.status, 404);
  });

  it('method and endpoint errors', async () => {
    const get = await fetch(`${node.rpcUrl}/add`);
    assert.equal(get.status, 405);
    assert.equal((await get.json()).Type, 'error');
    assert.equal((await fetch(`${node.gatewayUrl}/ipfs/${known.Hash}`, { method: 'POST' })).status, 405);
    assert.equal((await rpc(node, 'no/such/command')).status, 404);
    assert.equal((await fetch(`${node.gatewayUrl}/ipns/example.org`)).status, 501);
    assert.equal((await fetch(`${node.gatewayUrl}/ipfs/${known.Hash}?format=dag-json`)).status, 400);
    assert.equal((await fetch(`${node.gatewayUrl}/ipfs/${known.Hash}?format=car&dag-scope=bogus`)).status, 400);
  });

  it('CORS: any origin by default, preflight allows Authorization and Content-Type', async () => {
    const simple = await fetch(`${node.gatewayUrl}/ipfs/${known.Hash}`, { headers: { origin: 'http://page.example' } });
    assert.equal(simple.headers.get('access-control-allow-origin'), '*');
    assert.match(simple.headers.get('access-control-expose-headers'), /Content-Range/);
    await simple.arrayBuffer();

    const rpcPreflight = await fetch(`${node.rpcUrl}/add`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://page.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    assert.ok(rpcPreflight.status === 204 || rpcPreflight.status === 200);
    assert.equal(rpcPreflight.headers.get('access-control-allow-origin'), '*');
    assert.match(rpcPreflight.headers.get('access-control-allow-methods'), /POST/);
    const allowed = rpcPreflight.headers.get('access-control-allow-headers').toLowerCase();
    assert.ok(allowed.includes('authorization') && allowed.includes('content-type'), allowed);

    const gatewayPreflight = await fetch(`${node.gatewayUrl}/ipfs/${known.Hash}`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://page.example',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'range',
      },
    });
    assert.ok(gatewayPreflight.status === 204 || gatewayPreflight.status === 200);
    assert.match(gatewayPreflight.headers.get('access-control-allow-methods'), /GET/);
    assert.match(gatewayPreflight.headers.get('access-control-allow-headers').toLowerCase(), /range/);

    const added = await rpc(node, 'add', {
      headers: { origin: 'http://page.example' },
      parts: [{ filename: 'c', data: Buffer.from('cors') }],
    });
    assert.equal(added.status, 200);
    assert.equal(added.headers.get('access-control-allow-origin'), '*');
  });

  it('opens no socket other than loopback TCP (no UDP, no outbound connections)', async () => {
    await fetch(`${node.gatewayUrl}/ipfs/${known.Hash}`).then((r) => r.arrayBuffer());
    const inodes = new Set();
    for (const fd of await readdir(`/proc/${node.pid}/fd`)) {
      const target = await readlink(`/proc/${node.pid}/fd/${fd}`).catch(() => '');
      const m = /^socket:\[(\d+)\]$/.exec(target);
      if (m) inodes.add(m[1]);
    }
    assert.ok(inodes.size >= 1, 'at least the listening socket');
    const found = new Set();
    for (const table of ['tcp', 'tcp6', 'udp', 'udp6', 'raw', 'raw6']) {
      const text = await readFile(`/proc/net/${table}`, 'utf8').catch(() => '');
      for (const line of text.split('\n').slice(1)) {
        const cols = line.trim().split(/\s+/);
        if (cols.length < 10 || !inodes.has(cols[9])) continue;
        found.add(cols[9]);
        assert.ok(table.startsWith('tcp'), `a ${table} socket is open: ${line}`);
        const loopback = (addr) => addr.startsWith('0100007F:') || addr.startsWith('00000000000000000000000001000000:');
        assert.ok(loopback(cols[1]), `local address not loopback: ${line}`);
        const state = cols[3];
        if (state !== '0A') assert.ok(loopback(cols[2]), `connection to a non-loopback peer: ${line}`); // 0A = LISTEN
      }
    }
    assert.ok(found.size >= 1, 'the listening socket was found');
  });

  it('id and version answer for readiness checks', async () => {
    const id = await (await rpc(node, 'id')).json();
    assert.match(id.ID, /^12D3KooW/);
    assert.deepEqual(id.Addresses, []);
    const version = await (await rpc(node, 'version')).json();
    assert.match(version.Version, /^\d+\.\d+\.\d+/);
  });
});

describe('configured origins and auth', () => {
  it('only configured origins are allowed', async (t) => {
    const node = await startTestNode(t, { corsOrigins: ['http://app.test'] });
    const cid = (await addFile(node, Buffer.from('x'), PROFILES.project.query)).Hash;
    const good = await fetch(`${node.gatewayUrl}/ipfs/${cid}`, { headers: { origin: 'http://app.test' } });
    assert.equal(good.headers.get('access-control-allow-origin'), 'http://app.test');
    assert.match(good.headers.get('vary'), /Origin/);
    await good.arrayBuffer();
    const other = await fetch(`${node.gatewayUrl}/ipfs/${cid}`, { headers: { origin: 'http://evil.test' } });
    assert.equal(other.headers.get('access-control-allow-origin'), null);
    await other.arrayBuffer();
    const rpcOther = await rpc(node, 'version', { headers: { origin: 'http://evil.test' } });
    assert.equal(rpcOther.status, 403);
    const rpcGood = await rpc(node, 'version', { headers: { origin: 'http://app.test' } });
    assert.equal(rpcGood.status, 200);
    assert.equal(rpcGood.headers.get('access-control-allow-origin'), 'http://app.test');
  });

  it('a token protects the RPC (Bearer), not the gateway; preflight needs no token', async (t) => {
    const node = await startTestNode(t, { token: 's3cret' });
    const none = await rpc(node, 'add', { parts: [{ filename: 'a', data: Buffer.from('auth') }] });
    assert.equal(none.status, 401);
    assert.match(none.headers.get('www-authenticate'), /Bearer/);
    const wrong = await rpc(node, 'add', {
      headers: { authorization: 'Bearer nope' },
      parts: [{ filename: 'a', data: Buffer.from('auth') }],
    });
    assert.equal(wrong.status, 401);
    const right = await rpc(node, 'add', {
      headers: { authorization: 'Bearer s3cret' },
      query: PROFILES.project.query,
      parts: [{ filename: 'a', data: Buffer.from('auth') }],
    });
    assert.equal(right.status, 200);
    const { Hash } = await right.json();
    assert.equal(CID.parse(Hash).version, 1);
    assert.equal((await rpc(node, 'id')).status, 401);
    const open = await fetch(`${node.gatewayUrl}/ipfs/${Hash}`);
    assert.equal(open.status, 200);
    assert.equal(await open.text(), 'auth');
    const preflight = await fetch(`${node.rpcUrl}/add`, {
      method: 'OPTIONS',
      headers: { origin: 'http://x.test', 'access-control-request-method': 'POST' },
    });
    assert.ok(preflight.status === 204 || preflight.status === 200);
  });
});
