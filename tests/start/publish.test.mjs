// `npm run publish:ipfs` against the local IPFS node: the script builds the page, prints the CID it
// computed; the node reports that CID pinned, and the page loads from the node's subdomain gateway
// at http://<cid>.ipfs.localhost:PORT/ (the address printed first) in headless Chromium with its
// WebAssembly module working; the path form is printed after it, labelled as refused. A node that
// answers with another root CID makes the script fail.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startIpfsNode } from '../../tools/ipfs-node/start.mjs';
import { cspViolations, gotoReady, launchBrowser, openPage, startAnvil } from '../web/helpers.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PUBLISH = join(ROOT, 'scripts', 'publish-ipfs.mjs');

let anvil, node, dir, browser;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ehr-publish-'));
  [anvil, node, browser] = await Promise.all([
    startAnvil(),
    startIpfsNode({ dataDir: join(dir, 'ipfs'), port: 0 }),
    launchBrowser(),
  ]);
});
after(async () => {
  await browser?.close();
  await node?.stop();
  await anvil?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function run(args) {
  return new Promise((ok) => {
    const child = spawn(process.execPath, [PUBLISH, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.once('exit', (code) => ok({ code, out, err }));
  });
}

test('publish:ipfs prints the CID the node pins and the subdomain address first, where the page loads', async () => {
  const r = await run([
    '--api',
    node.apiUrl,
    '--out',
    join(dir, 'site'),
    '--rpc',
    anvil.url,
    '--page-gateway',
    node.gatewayUrl,
    '--upload',
    node.apiUrl,
  ]);
  assert.equal(r.code, 0, r.err);
  const cid = /^Published (\S+)$/m.exec(r.out)?.[1];
  assert.match(cid ?? '', /^bafy/, r.out);
  assert.match(r.out, new RegExp(`^local CID ${cid} `, 'm'));
  // The node's own view: the root is pinned under that CID.
  const pins = await (await fetch(`${node.rpcUrl}/pin/ls?arg=${cid}`, { method: 'POST' })).json();
  assert.ok(pins.Keys?.[cid], `the node pins ${cid}: ${JSON.stringify(pins)}`);
  const subdomainUrl = `http://${cid}.ipfs.localhost:${node.port}/`;
  const pathUrl = `${node.gatewayUrl}/ipfs/${cid}/`;
  // The subdomain form first; the path form after it, only as refused.
  const urls = r.out.split('\n').filter((l) => l.includes(`${cid}.ipfs.`) || l.includes(`/ipfs/${cid}`));
  assert.equal(urls.length, 2, r.out);
  assert.equal(urls[0], `  subdomain gateway: ${subdomainUrl}`);
  assert.ok(urls[1].startsWith(`  path gateway:      ${pathUrl} (refused by the page`), r.out);

  const { page, problems, context } = await openPage(browser, { anvil });
  await gotoReady(page, subdomainUrl);
  await page.click('nav a[href="#/connect"]');
  await page.click('button[data-wallet]');
  await page.locator('#account-address').first().waitFor();
  const account = (await anvil.rpc('eth_accounts'))[0];
  assert.equal((await page.textContent('#account-address')).toLowerCase(), account.toLowerCase());
  assert.deepEqual(await cspViolations(page, problems), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('publish:ipfs fails when the node answers with another root CID', async () => {
  // A stand-in for a node with other import settings: it answers every add with a fixed CID.
  const other = 'bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi';
  const fake = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`${JSON.stringify({ Name: '', Hash: other, Size: '1' })}\n`);
    });
  });
  await new Promise((ok) => fake.listen(0, '127.0.0.1', ok));
  try {
    const r = await run(['--api', `http://127.0.0.1:${fake.address().port}`, '--dir', join(dir, 'site')]);
    assert.equal(r.code, 1);
    assert.match(r.err, /another root CID/);
    assert.doesNotMatch(r.out, /^Published/m);
  } finally {
    await new Promise((ok) => fake.close(ok));
  }
});
