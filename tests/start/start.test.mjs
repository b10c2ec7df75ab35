// `npm start` end to end, without the set-up and build steps (scripts/test.sh has built): the
// start script on a temporary data folder and free ports; the page in headless Chromium, logged
// in as the demo patient through the built-in wallet's development accounts, opens the seeded
// records (decrypted in the page); Ctrl-C stops everything; a second start resumes the same
// chain, records and IPFS blocks without seeding again; --fresh starts over.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Contract, JsonRpcProvider } from 'ethers';
import { gotoReady, launchBrowser } from '../web/helpers.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const START = join(ROOT, 'scripts', 'start.mjs');
const READY = 'Ctrl-C stops everything.';

let dataDir, browser;
before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'ehr-start-'));
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** Runs the start script until it prints its summary; resolves to what it printed, parsed. */
async function start(extra = []) {
  const child = spawn(
    process.execPath,
    [START, '--data', dataDir, '--port', '0', '--rpc-port', '0', '--ipfs-port', '0', ...extra],
    { stdio: ['ignore', 'pipe', 'pipe'], cwd: ROOT },
  );
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  child.stderr.on('data', (d) => {
    out += d;
  });
  const exited = new Promise((ok) => child.once('exit', (code, sig) => ok(code ?? sig)));
  await new Promise((ok, fail) => {
    const t = setTimeout(() => fail(new Error(`no summary within 150 s:\n${out}`)), 150000);
    const check = () => {
      if (out.includes(READY)) {
        clearTimeout(t);
        ok();
      }
    };
    child.stdout.on('data', check);
    exited.then((code) => {
      clearTimeout(t);
      fail(new Error(`start exited (${code}) before it was ready:\n${out}`));
    });
  });
  const field = (name) => new RegExp(`^\\s*${name}:\\s+(.+)$`, 'm').exec(out)?.[1];
  const contracts = Object.fromEntries(
    [...field('Contracts').matchAll(/(\w+) (0x[0-9a-fA-F]{40})/g)].map((m) => [m[1], m[2]]),
  );
  return {
    child,
    out: () => out,
    url: field('Page'),
    rpcUrl: /^(http:\/\/127\.0\.0\.1:\d+)/.exec(field('Chain'))[1],
    contracts,
    async stop() {
      child.kill('SIGINT');
      return exited;
    },
  };
}

const accountOf = (out, label) => new RegExp(`^\\s+${label}.*?(0x[0-9a-fA-F]{40})$`, 'm').exec(out)[1];

/** Reads on-chain facts the resume must keep: Alice's record count and the grant events. */
async function chainFacts(run, alice) {
  const provider = new JsonRpcProvider(run.rpcUrl, undefined, { staticNetwork: true });
  const abi = JSON.parse(readFileSync(join(ROOT, 'contracts', 'out', 'EhrHub.json'), 'utf8')).abi;
  const hub = new Contract(run.contracts.EhrHub, abi, provider);
  const facts = {
    records: Number(await hub.recordCount(alice)),
    grantEvents: (await hub.queryFilter(hub.filters.AccessGranted(alice))).length,
    block: await provider.getBlockNumber(),
    // The first block's hash: the same chain after a resume, another one after --fresh.
    firstBlock: (await provider.getBlock(1)).hash,
  };
  provider.destroy();
  return facts;
}

let first;
test('npm start: the demo patient opens the seeded records in the page', async () => {
  const run = await start();
  try {
    const out = run.out();
    assert.match(out, /Seeding the demo world:.*done/);
    assert.match(run.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.deepEqual(Object.keys(run.contracts).sort(), ['EhrAppointments', 'EhrForwarder', 'EhrHub', 'EhrLens']);
    const alice = accountOf(out, 'Alice \\(patient\\)');

    const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, serviceWorkers: 'block' });
    context.setDefaultTimeout(60000);
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console.error: ${m.text()}`);
    });
    await gotoReady(page, run.url);
    await page.click('nav a[href="#/wallet"]');
    const dev = page.locator('section[aria-labelledby="dev-heading"]');
    assert.match(await dev.textContent(), /Development only/);
    await dev.getByRole('button', { name: 'Alice (patient)' }).click();
    await page.locator('#account-address').first().waitFor();
    assert.equal((await page.textContent('#account-address')).toLowerCase(), alice.toLowerCase());
    await page.locator('nav a[href="#/chart"]').first().waitFor();
    await page.click('nav a[href="#/chart"]');
    await page.getByRole('button', { name: 'Unlock my records' }).click();
    await page.locator('li[data-record="6"]').first().waitFor();
    // Written by Alice (allergy, scope 7), by the lab technician (labs, 0) and by Dr Ada
    // (clinical notes, 3), each with other keys: the page decrypts all three.
    for (const [scope, text] of [
      ['7', 'Penicillin G'],
      ['0', 'Hemoglobin'],
      ['3', 'Type 2 diabetes'],
    ]) {
      const item = page.locator(`li[data-scope="${scope}"]`).first();
      await item.getByRole('button', { name: /^Open record/ }).click();
      await item.locator('.badge-ok').waitFor();
      assert.match(await item.textContent(), new RegExp(text));
    }
    assert.equal(await page.locator('li[data-record]').count(), 6);
    assert.deepEqual(problems, []);
    await context.close();
    first = { contracts: run.contracts, alice, facts: await chainFacts(run, alice) };
    assert.equal(first.facts.records, 6);
    assert.equal(first.facts.grantEvents, 2);
  } finally {
    assert.equal(await run.stop(), 0, 'Ctrl-C ends with status 0');
  }
  assert.ok(existsSync(join(dataDir, 'anvil', 'state.json')), 'anvil wrote its state on exit');
});

test('a second start resumes the same chain and data; --fresh starts over', async () => {
  assert.ok(first, 'the first test ran');
  const seededAt = JSON.parse(readFileSync(join(dataDir, 'seeded.json'), 'utf8')).seededAt;
  const run = await start();
  try {
    assert.match(run.out(), /Resuming the demo world/);
    assert.doesNotMatch(run.out(), /Seeding|Contracts deployed/);
    assert.deepEqual(run.contracts, first.contracts);
    const facts = await chainFacts(run, first.alice);
    assert.equal(facts.records, first.facts.records);
    assert.equal(facts.grantEvents, first.facts.grantEvents, 'event logs survive the restart');
    assert.ok(facts.block >= first.facts.block);
    assert.equal(facts.firstBlock, first.facts.firstBlock, 'the same chain');
    assert.equal(JSON.parse(readFileSync(join(dataDir, 'seeded.json'), 'utf8')).seededAt, seededAt);
    // The IPFS blocks survived too: a seeded record's envelope is still on the node's gateway.
    const cid = JSON.parse(readFileSync(join(dataDir, 'seeded.json'), 'utf8')).records[0].cid;
    const gateway = /gateway (http:\/\/127\.0\.0\.1:\d+)/.exec(run.out())[1];
    const res = await fetch(`${gateway}/ipfs/${cid}?format=raw`);
    assert.equal(res.status, 200);
  } finally {
    assert.equal(await run.stop(), 0);
  }

  writeFileSync(join(dataDir, 'left-over'), 'x');
  const fresh = await start(['--fresh']);
  try {
    assert.match(fresh.out(), /--fresh: removed/);
    assert.match(fresh.out(), /Seeding the demo world:.*done/);
    assert.equal(existsSync(join(dataDir, 'left-over')), false, 'the data folder was wiped');
    assert.notEqual(JSON.parse(readFileSync(join(dataDir, 'seeded.json'), 'utf8')).seededAt, seededAt);
    const facts = await chainFacts(fresh, first.alice);
    assert.equal(facts.records, 6);
    assert.notEqual(facts.firstBlock, first.facts.firstBlock, 'a new chain');
  } finally {
    assert.equal(await fresh.stop(), 0);
  }
});
