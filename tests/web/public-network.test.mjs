// The "public network" profile: the page against a chain that looks like a public one, through an
// RPC endpoint with a public provider's limits (public-rpc-proxy.mjs): eth_getLogs at most 500
// blocks and 10,000 results per query with the real refusals, 10 requests per second (HTTP 429
// above), a 30M gas cap on calls and 100 ms of latency. The chain starts at block 20,000,000
// (anvil --number) with unrelated history before the contracts, and more than 500 blocks between
// the deployment and the demo world, so no screen can read its history in one query. The page is
// built with the proxy as its RPC and used through its built-in wallet (the development accounts),
// so every request it makes goes through the proxy. The demo patient opens her chart (timeline),
// Access, Activity, Family and Appointments screens, the demo doctor his patient list; each shows
// its content and no error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnAnvil } from '../../tools/anvil.mjs';
import {
  ANVIL_CHAIN_ID,
  ANVIL_KEY0,
  buildPage,
  gotoReady,
  launchBrowser,
  openPage,
  randomPrefix,
  screenshot,
  startStaticServer,
  waitForText,
} from './helpers.mjs';
import { startPublicRpcProxy } from './public-rpc-proxy.mjs';

const GENESIS = 20_000_000;
const GAP = 600; // empty blocks between the deployment and the demo world (> the 500-block cap)

let stack;
let browser;

before(async () => {
  const t0 = Date.now();
  const { startIpfsNode } = await import('../../tools/ipfs-node/start.mjs');
  const dataDir = mkdtempSync(join(tmpdir(), 'ehr-public-ipfs-'));
  const [anvil, node] = await Promise.all([
    spawnAnvil({ args: ['--chain-id', String(ANVIL_CHAIN_ID), '--number', String(GENESIS)], timeoutMs: 20000 }),
    startIpfsNode({ dataDir, port: 0 }),
  ]);
  // Unrelated history: transfers from an account the demo does not use.
  const accounts = await anvil.rpc('eth_accounts');
  for (let i = 0; i < 5; i++) {
    await anvil.rpc('eth_sendTransaction', [{ from: accounts[9], to: accounts[8], value: '0x1' }]);
  }
  const [{ deploy }, { Wallet }, { seedDemo, DEMO_ACCOUNTS }] = await Promise.all([
    import('../../contracts/deploy.mjs'),
    import('ethers'),
    import('../../scripts/demo/seed.mjs'),
  ]);
  const d = await deploy({ rpcUrl: anvil.url, signer: new Wallet(ANVIL_KEY0), write: false });
  const startBlock = Math.min(...Object.values(d.deployment.contracts).map((c) => c.blockNumber));
  const tMine = Date.now();
  await anvil.rpc('anvil_mine', [`0x${GAP.toString(16)}`]);
  const mineMs = Date.now() - tMine;
  await seedDemo({ rpcUrl: anvil.url, apiUrl: node.apiUrl, addresses: d.addresses });
  const head = Number(await anvil.rpc('eth_blockNumber'));
  const proxy = await startPublicRpcProxy({
    target: anvil.url,
    maxRange: 500,
    rps: Number(process.env.PUBLIC_RPC_RPS ?? 10),
    latencyMs: 100,
  });
  const built = buildPage({
    rpcUrl: proxy.url,
    contracts: d.addresses,
    gateways: [node.gatewayUrl],
    uploadUrl: node.apiUrl,
    devAccounts: DEMO_ACCOUNTS.map((a) => ({ label: a.label, index: a.index })),
    startBlock,
  });
  const prefix = randomPrefix();
  const server = await startStaticServer({ [prefix]: built.out });
  stack = {
    anvil,
    proxy,
    startBlock,
    head,
    url: `${server.origin}${prefix}`,
    accounts: Object.fromEntries(DEMO_ACCOUNTS.map((a) => [a.key, accounts[a.index]])),
    async stop() {
      await server.close();
      await proxy.close();
      await Promise.all([node.stop(), anvil.stop()]);
      built.remove();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  browser = await launchBrowser();
  console.log(
    `# chain: blocks ${GENESIS}..${head}, contracts from ${startBlock}; ${GAP} blocks mined in ${mineMs} ms; setup ${Date.now() - t0} ms`,
  );
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

/** Text on the page that would be a provider's refusal or a failed read reaching the user. */
const ERROR_TEXT =
  /RPC endpoint refused|exceeds limit|block range|invalid params|too many|rate limit|Something went wrong|could not be (?:read|loaded)|failed|error/i;

/** Fails if an error notice is up or the main area shows an error. */
async function noErrors(page, problems, where) {
  const alerts = (await page.textContent('#alerts')) ?? '';
  assert.equal(alerts.trim(), '', `${where}: notices: ${alerts}`);
  const main = (await page.textContent('main')) ?? '';
  const m = ERROR_TEXT.exec(main);
  assert.equal(
    m,
    null,
    `${where}: "${m?.[0]}" in: ${main.slice(Math.max(0, (m?.index ?? 0) - 200), (m?.index ?? 0) + 200)}`,
  );
  assert.deepEqual(
    problems.filter((p) => !/favicon|429|Too Many Requests/i.test(p)),
    [],
    `${where}: console`,
  );
}

/** A fresh page with the development account `label` connected through the built-in wallet. */
async function as(label) {
  const r = await openPage(browser, { anvil: stack.anvil, wallet: false });
  await gotoReady(r.page, stack.url);
  await r.page.click('nav a[href="#/wallet"]');
  await r.page.locator('section[aria-labelledby="dev-heading"]').getByRole('button', { name: label }).click();
  await r.page.locator('#account-address').first().waitFor();
  return r;
}

/** Waits for `selector`; on timeout, fails with what the page shows instead (and a screenshot). */
async function visible(page, selector, where) {
  try {
    await page.locator(selector).first().waitFor();
  } catch (e) {
    await screenshot(page, `public-${where.replace(/\W+/g, '-')}`).catch(() => {});
    const main = ((await page.textContent('main').catch(() => '')) ?? '').replace(/\s+/g, ' ');
    const alerts = await page.textContent('#alerts').catch(() => '?');
    throw new Error(`${where}: ${e.message}\nnotices: ${alerts}\nmain: ${main.slice(0, 1500)}`);
  }
}

async function open(page, problems, hash, text) {
  await page.evaluate((h) => (window.location.hash = h), hash);
  await waitForText(page, text, { problems, prefix: `public-${hash.replace(/\W+/g, '-')}` });
}

test('the patient screens show their content through a public-style RPC endpoint', async () => {
  const { page, problems, context } = await as('Alice (patient)');
  try {
    await page.locator('nav a[href="#/chart"]').first().waitFor();
    await page.click('nav a[href="#/chart"]');
    await page.getByRole('button', { name: 'Unlock my records' }).click();
    await visible(page, 'li[data-record="6"]', 'timeline');
    assert.equal(await page.locator('li[data-record]').count(), 6, 'the timeline: six records');
    await noErrors(page, problems, 'timeline');

    await open(page, problems, '#/chart/access', 'Access in force');
    await waitForText(page, 'Riverside General Hospital', { problems, prefix: 'public-access' });
    await noErrors(page, problems, 'access');

    await open(page, problems, '#/chart/activity', 'Everything that happened, newest first');
    await waitForText(page, 'You registered as a patient.', { problems, prefix: 'public-activity' });
    await waitForText(page, 'Access given to', { problems, prefix: 'public-activity' });
    await noErrors(page, problems, 'activity');

    await open(page, problems, '#/chart/family', 'Your family');
    await waitForText(page, stack.accounts.carol.slice(0, 6), { problems, prefix: 'public-family' });
    await noErrors(page, problems, 'family');

    await open(page, problems, '#/chart/appointments', 'Appointments');
    await waitForText(page, 'Dr Ada Okafor', { problems, prefix: 'public-appointments' });
    await noErrors(page, problems, 'appointments');

    // Reopened: only new blocks are read (no eth_getLogs from the deployment block again).
    const widest = stack.proxy.stats.widestLogRange;
    assert.ok(widest <= 500, `no accepted log query over 500 blocks (widest ${widest})`);
    assert.ok(stack.proxy.stats.rangeRefused >= 1, 'the endpoint refused wide ranges');
  } finally {
    console.log(`# proxy after the patient: ${JSON.stringify(stack.proxy.stats)}`);
    await context.close();
  }
});

test("the clinician's patient list and a patient's timeline show through the same endpoint", async () => {
  const { page, problems, context } = await as('Dr Ada Okafor (doctor, Riverside General Hospital)');
  try {
    await page.locator('nav a[href="#/patients"]').first().waitFor();
    await page.click('nav a[href="#/patients"]');
    await page.getByRole('button', { name: 'Unlock my records' }).click();
    await waitForText(page, 'Patients who shared records with you', { problems, prefix: 'public-patients' });
    const alice = page.locator(`li[data-patient="${stack.accounts.alice}" i]`).first();
    await visible(page, `li[data-patient="${stack.accounts.alice}" i]`, 'patient list');
    await noErrors(page, problems, 'patients');
    // Her timeline, as the doctor sees it (the records his grant covers).
    await alice.getByRole('button', { name: /^Open chart/ }).click();
    await visible(page, 'li[data-record]', 'patient chart');
    await noErrors(page, problems, 'patient chart');
  } finally {
    console.log(`# proxy after the clinician: ${JSON.stringify(stack.proxy.stats)}`);
    await context.close();
  }
});
