// The "public network" profile: the page against a chain that looks like a public one, through an
// RPC endpoint with a public provider's limits (public-rpc-proxy.mjs): eth_getLogs at most 500
// blocks and 10,000 results per query with the real refusals, 10 requests per second (HTTP 429
// above), a 30M gas cap on calls and 100 ms of latency. The chain starts at block 20,000,000
// (anvil --number) with unrelated history before the contracts, and more than 500 blocks between
// the deployment and the demo world, so no screen can read its history in one query. The page is
// built with the proxy as its RPC and used through its built-in wallet (the development accounts),
// so every request it makes goes through the proxy. The demo patient opens her chart (timeline),
// Access, Activity, Family and Appointments screens, the demo doctor his patient list; the
// super-admin (platform administrator and administrator of both demo institutions) adds, suspends
// and reinstates an institution, invites a member who accepts from their own page, withdraws an
// invitation, removes the member and creates and shares a new group key. Each screen shows its
// content and no error, and every log query the page sends names a block range from the
// deployment's first block on (none from block 0 or to "latest").
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
  launchBrowser,
  randomPrefix,
  screenshot,
  startStaticServer,
  waitForText,
} from './helpers.mjs';
import { startPublicRpcProxy } from './public-rpc-proxy.mjs';
import { connectDevAccount } from '../lib/dev-account.mjs';

const GENESIS = 20_000_000;
const GAP = 600; // empty blocks between the deployment and the demo world (> the 500-block cap)
const NEWCOMER = 7; // an anvil account outside the demo world: invited, accepts, is removed
const NEWCOMER_LABEL = 'Newcomer (invited to Riverside General Hospital)';

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
    onCall: checkLogQuery,
  });
  const built = buildPage({
    rpcUrl: proxy.url,
    contracts: d.addresses,
    gateways: [node.gatewayUrl],
    uploadUrl: node.apiUrl,
    devAccounts: [
      ...DEMO_ACCOUNTS.map((a) => ({ label: a.label, index: a.index })),
      { label: NEWCOMER_LABEL, index: NEWCOMER },
    ],
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
    accounts: {
      ...Object.fromEntries(DEMO_ACCOUNTS.map((a) => [a.key, accounts[a.index]])),
      newcomer: accounts[NEWCOMER],
      other: accounts[8],
    },
    labels: Object.fromEntries(DEMO_ACCOUNTS.map((a) => [a.key, a.label])),
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

/**
 * The page's eth_getLogs queries that do not name a block range within the deployment's blocks
 * (from block 0, "earliest" or before the deployment, to "latest"): a log query that is not
 * paged. The proxy reports every call it answers (`onCall`).
 */
const logQueries = { seen: 0, unpaged: [] };
const isQuantity = (v) => typeof v === 'string' && /^0x[0-9a-f]+$/i.test(v);
function checkLogQuery(method, params) {
  if (method !== 'eth_getLogs') return;
  const f = params[0] ?? {};
  if (f.blockHash) return;
  logQueries.seen++;
  const ok =
    isQuantity(f.fromBlock) &&
    isQuantity(f.toBlock) &&
    Number(f.fromBlock) >= stack.startBlock &&
    Number(f.toBlock) >= Number(f.fromBlock);
  if (!ok) logQueries.unpaged.push(JSON.stringify(f));
}

/** A fresh page connected as the development account `label` through the built-in wallet. */
const as = (label) => connectDevAccount(browser, stack, label);

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
    assert.ok(logQueries.seen > 0, 'the page’s log queries were seen');
    assert.deepEqual(logQueries.unpaged, [], 'every log query names a block range from the deployment on');
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

/** Clicks `button` (a form's submit or an action) and waits for `success` on the page. */
async function submitted(page, problems, button, success, where) {
  await button.click();
  await waitForText(page, success, { problems, prefix: `public-${where}` });
}

test('the platform and institution administration screens work through the same endpoint', async () => {
  const { page, problems, context } = await as(stack.labels.admin);
  const logsBefore = stack.proxy.stats.methods.eth_getLogs ?? 0;
  let newcomer;
  try {
    // Platform: the demo's institutions, then a new one added, suspended and reinstated.
    await page.locator('nav a[href="#/platform"]').first().waitFor();
    await page.locator('nav a[href="#/institution"]').first().waitFor();
    await page.click('nav a[href="#/platform"]');
    await visible(page, 'li[data-institution="2"]', 'platform');
    assert.match(await page.textContent('li[data-institution="1"]'), /Riverside General Hospital.*Active/s);
    assert.match(await page.textContent('li[data-institution="2"]'), /Northside Laboratory.*Active/s);
    await noErrors(page, problems, 'platform');
    await page.selectOption('select[name="kind"]', '4');
    await page.fill('input[name="name"]', 'Harbour Pharmacy');
    await page.fill('input[name="jurisdiction"]', 'GB');
    await page.fill('input[name="admin"]', stack.accounts.other);
    await submitted(
      page,
      problems,
      page.getByRole('button', { name: 'Add the institution' }),
      'Harbour Pharmacy added',
      'platform-add',
    );
    await visible(page, 'li[data-institution="3"]', 'platform: the new institution');
    assert.match(await page.textContent('li[data-institution="3"]'), /Harbour Pharmacy.*Active.*Pharmacy.*GB/s);
    await page.getByRole('button', { name: 'Suspend Harbour Pharmacy' }).click();
    await visible(page, 'li[data-institution="3"] .badge-bad', 'platform: suspended');
    await page.getByRole('button', { name: 'Reinstate Harbour Pharmacy' }).click();
    await visible(page, 'li[data-institution="3"] .badge-ok', 'platform: reinstated');
    await noErrors(page, problems, 'platform after adding, suspending, reinstating');

    // Institution: both demo institutions, their members; an invitation sent, then withdrawn.
    await page.click('nav a[href="#/institution"]');
    const riverside = page.locator('section[data-institution="1"]');
    await visible(page, `section[data-institution="1"] li[data-member="${stack.accounts.drBen}" i]`, 'members');
    await visible(page, `section[data-institution="2"] li[data-member="${stack.accounts.labTech}" i]`, 'lab members');
    await visible(page, 'section[data-institution="1"] >> text=Group key version 1 is in force.', 'group key');
    assert.match(await riverside.locator('h2').first().textContent(), /Riverside General Hospital \(Hospital\)/);
    await noErrors(page, problems, 'institution');
    const invite = async (account, displayName) => {
      await riverside.locator('input[name="account"]').fill(account);
      await riverside.locator('select[name="role"]').selectOption('2');
      await riverside.locator('input[name="displayName"]').fill(displayName);
      await riverside.locator('input[name="licence"]').fill('GB-N-1');
      await riverside.locator('input[name="specialty"]').fill('Emergency');
      await submitted(
        page,
        problems,
        riverside.getByRole('button', { name: 'Invite the member' }),
        `${displayName} invited`,
        'invite',
      );
      await visible(page, `section[data-institution="1"] li[data-invitation="${account}" i]`, 'invitation listed');
    };
    await invite(stack.accounts.other, 'Nurse Withdrawn');
    await riverside.getByRole('button', { name: 'Withdraw invitation of Nurse Withdrawn' }).click();
    await riverside.locator(`li[data-invitation="${stack.accounts.other}" i]`).waitFor({ state: 'detached' });
    await invite(stack.accounts.newcomer, 'Nurse Newcomer');
    await noErrors(page, problems, 'institution after inviting');

    // The invited account accepts from its own page, through the same endpoint.
    newcomer = await as(NEWCOMER_LABEL);
    await newcomer.page.locator('nav a[href="#/invitation"]').first().waitFor();
    await newcomer.page.click('nav a[href="#/invitation"]');
    await newcomer.page.getByRole('button', { name: 'Accept the invitation of Riverside General Hospital' }).click();
    await waitForText(newcomer.page, 'You are now a member of Riverside General Hospital', {
      problems: newcomer.problems,
      prefix: 'public-accept',
    });
    await noErrors(newcomer.page, newcomer.problems, 'invitation accepted');

    // A member now: listed, then removed; the page says to create a new group key, which it does.
    await page.click('nav a[href="#/about"]');
    await page.click('nav a[href="#/institution"]');
    await visible(page, `section[data-institution="1"] li[data-member="${stack.accounts.newcomer}" i]`, 'new member');
    await riverside.getByRole('button', { name: 'Remove Nurse Newcomer' }).click();
    await riverside.locator(`li[data-member="${stack.accounts.newcomer}" i]`).waitFor({ state: 'detached' });
    await visible(page, '#group-1-exposed:not([hidden])', 'the warning after a removal');
    await noErrors(page, problems, 'institution after removing');
    await riverside.getByRole('button', { name: 'Create a new group key for institution 1' }).click();
    await waitForText(page, 'Group key version 2 published', { problems, prefix: 'public-rotate' });
    await visible(page, 'section[data-institution="1"] >> text=Group key version 2 is in force.', 'rotated');
    assert.equal(await page.locator('#group-1-exposed').isVisible(), false, 'no warning after the rotation');
    await riverside.getByRole('button', { name: 'Share the group key with all members (institution 1)' }).click();
    await waitForText(page, 'Group key version 2 shared again', { problems, prefix: 'public-reshare' });
    await noErrors(page, problems, 'institution after the new group key');
    await screenshot(page, 'public-institution');

    assert.ok((stack.proxy.stats.methods.eth_getLogs ?? 0) > logsBefore, 'the screens read logs');
    assert.ok(logQueries.seen > 0, 'the page’s log queries were seen');
    assert.deepEqual(logQueries.unpaged, [], 'every log query names a block range from the deployment on');
    assert.ok(stack.proxy.stats.widestLogRange <= 500, `widest ${stack.proxy.stats.widestLogRange}`);
  } finally {
    console.log(`# proxy after the administrators: ${JSON.stringify(stack.proxy.stats)}`);
    await newcomer?.context.close();
    await context.close();
  }
});
