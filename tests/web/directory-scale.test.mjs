// A large directory and a spammed appointment book behind a public-style RPC endpoint
// (public-rpc-proxy.mjs, 25 requests/s): 200 institutions, 200 members and 1,500 appointment
// requests to one doctor, seeded directly on chain (impersonated accounts, eth_sendTransaction in
// JSON-RPC batches with automine off, mined per chunk). The page, built with the proxy as its RPC
// and used through its built-in wallet (every request goes through the proxy), connects as the
// doctor and as a patient: roles come from one EhrLens.rolesOf call, the doctor's appointments
// one appointmentsOf page at a time ("Load more"), the patient's Access screen lists the
// directory from EhrLens pages of 250 (institutions, rosters) and one log query per block holding
// listings shown. The platform administrator opens the
// institution table and the administrator of Clinic 1 (121 members) the member table: each draws
// 50 cards and "Load more" the next 50, the chain read in EhrLens pages of 250 (the proxy reports
// the eth_calls, counted by contract function). The proxy's request counts are asserted small and
// printed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Interface, Wallet, hexlify, randomBytes, zeroPadValue } from 'ethers';
import {
  buildPage,
  deployContracts,
  launchBrowser,
  randomPrefix,
  screenshot,
  startAnvil,
  startStaticServer,
  waitForText,
} from './helpers.mjs';
import { startPublicRpcProxy } from './public-rpc-proxy.mjs';
import { connectDevAccount } from '../lib/dev-account.mjs';
import { adversary } from './adversary.mjs';
import { sendAll } from '../lib/bulk-send.mjs';

const INSTITUTIONS = 200;
const MEMBERS = 200;
const APPOINTMENTS = 1500;
const SPAMMERS = 30;
const CLINIC1_MEMBERS = 120; // of the MEMBERS, beside the doctor: the rest are one per institution
const SHOWN = 50; // cards an administration list draws first and per "Load more"
const SUPER_ADMIN = 0;
const INST_ADMIN = 1;
const PATIENT = 3;
const DOCTOR = 4;
const PATIENT_LABEL = 'Pat Scale (patient)';
const DOCTOR_LABEL = 'Dr Scale (doctor, Clinic 1)';
const PLATFORM_LABEL = 'Platform administrator (scale)';
const CLINIC_ADMIN_LABEL = 'Administrator of Clinic 1 (scale)';
const key = () => hexlify(randomBytes(32));
const abiOf = (name) =>
  new Interface(JSON.parse(readFileSync(new URL(`../../contracts/out/${name}.json`, import.meta.url), 'utf8')).abi);

let stack, browser;
const counts = {};

before(async () => {
  const t0 = Date.now();
  const { startIpfsNode } = await import('../../tools/ipfs-node/start.mjs');
  const dataDir = mkdtempSync(join(tmpdir(), 'ehr-scale-ipfs-'));
  const [anvil, node] = await Promise.all([startAnvil(), startIpfsNode({ dataDir, port: 0 })]);
  const contracts = await deployContracts(anvil);
  const accounts = await anvil.rpc('eth_accounts');
  await anvil.rpc('anvil_autoImpersonateAccount', [true]);
  const adv = await adversary({ anvil, contracts, node });
  const [patientKeys] = await adv.versionKeys(PATIENT, 1);
  const [doctorKeys] = await adv.versionKeys(DOCTOR, 1);
  const hub = abiOf('EhrHub');
  const book = abiOf('EhrAppointments');
  const toHub = (from, fn, args) => ({ from, to: contracts.EhrHub, data: hub.encodeFunctionData(fn, args) });
  const admins = [
    accounts[INST_ADMIN],
    ...Array.from({ length: INSTITUTIONS - 1 }, () => Wallet.createRandom().address),
  ];
  const members = Array.from({ length: MEMBERS }, () => Wallet.createRandom().address);
  const spammers = Array.from({ length: SPAMMERS }, () => Wallet.createRandom().address);
  const instOf = (j) => (j < CLINIC1_MEMBERS ? 1 : (j % INSTITUTIONS) + 1);
  const listing = (j) => [1, `LIC-${j}`, 'General practice', `Member ${j}`];
  const tSeed = Date.now();
  await sendAll(
    anvil,
    admins.map((a, i) => toHub(accounts[0], 'addInstitution', [1, `Clinic ${i + 1}`, 'GB', a])),
  );
  await sendAll(anvil, [
    toHub(accounts[INST_ADMIN], 'publishGroupKey', [1, key(), 1]),
    toHub(accounts[INST_ADMIN], 'addMember', [1, accounts[DOCTOR], 1, 'LIC-D', 'Cardiology', 'Dr Scale']),
    ...members.map((m, j) => toHub(admins[instOf(j) - 1], 'addMember', [instOf(j), m, ...listing(j)])),
    toHub(accounts[PATIENT], 'registerPatient', [hexlify(patientKeys.identity.publicKey)]),
    ...spammers.map((s) => toHub(s, 'registerPatient', [key()])),
  ]);
  await sendAll(anvil, [
    toHub(accounts[DOCTOR], 'acceptMembership', [1, 1, 'LIC-D', 'Cardiology', 'Dr Scale']),
    toHub(accounts[DOCTOR], 'setMemberKey', [hexlify(doctorKeys.identity.publicKey)]),
    ...members.flatMap((m, j) => [
      toHub(m, 'acceptMembership', [instOf(j), ...listing(j)]),
      toHub(m, 'setMemberKey', [key()]),
    ]),
  ]);
  const start = Math.floor(Date.now() / 1000) + 30 * 86400;
  const doctor = zeroPadValue(accounts[DOCTOR], 32);
  await sendAll(
    anvil,
    Array.from({ length: APPOINTMENTS }, (_, i) => ({
      from: spammers[i % SPAMMERS],
      to: contracts.EhrAppointments,
      data: book.encodeFunctionData('requestAppointment', [doctor, start + i * 60, 1800]),
    })),
  );
  const seedMs = Date.now() - tSeed;
  assert.equal(Number(await adv.hub.institutionCount()), INSTITUTIONS);
  const proxy = await startPublicRpcProxy({
    target: anvil.url,
    maxRange: 500,
    rps: 25,
    latencyMs: 100,
    onCall: countCall,
  });
  const built = buildPage({
    rpcUrl: proxy.url,
    contracts,
    gateways: [node.gatewayUrl],
    uploadUrl: node.apiUrl,
    devAccounts: [
      { label: PATIENT_LABEL, index: PATIENT },
      { label: DOCTOR_LABEL, index: DOCTOR },
      { label: PLATFORM_LABEL, index: SUPER_ADMIN },
      { label: CLINIC_ADMIN_LABEL, index: INST_ADMIN },
    ],
    startBlock: 0,
  });
  const prefix = randomPrefix();
  const server = await startStaticServer({ [prefix]: built.out });
  stack = {
    anvil,
    proxy,
    accounts,
    url: `${server.origin}${prefix}`,
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
    `# seeded ${INSTITUTIONS} institutions, ${MEMBERS} members, ${APPOINTMENTS} appointment requests in ${seedMs} ms; setup ${Date.now() - t0} ms`,
  );
});

after(async () => {
  console.log(`# proxy requests: ${JSON.stringify(counts)}; all: ${JSON.stringify(stack?.proxy.stats)}`);
  console.log(`# eth_calls by function: ${JSON.stringify(calls)}`);
  await browser?.close();
  await stack?.stop();
});

/** Requests the proxy saw while `fn` ran (rate-limited ones included). */
async function counted(name, fn) {
  const before = stack.proxy.stats.requests;
  const r = await fn();
  counts[name] = stack.proxy.stats.requests - before;
  return r;
}

/**
 * eth_calls the page made, by contract function ('EhrLens.institutions'), as the proxy reports
 * every call it answers (`onCall`; one refused with 429 and sent again counts once).
 */
const calls = {};
const callNames = ['EhrLens', 'EhrHub', 'EhrAppointments', 'EhrForwarder'].map((name) => [name, abiOf(name)]);
function countCall(method, params) {
  if (method !== 'eth_call') return;
  const selector = String(params[0]?.data ?? '').slice(0, 10);
  const hit = callNames.map(([name, i]) => [name, i.getFunction(selector)]).find(([, f]) => f);
  const fn = hit ? `${hit[0]}.${hit[1].name}` : selector;
  calls[fn] = (calls[fn] ?? 0) + 1;
}

/** eth_calls of `fn` while `run` ran. */
async function callsOf(fn, run) {
  const before = calls[fn] ?? 0;
  await run();
  return (calls[fn] ?? 0) - before;
}

/** A fresh page connected as the development account `label` through the built-in wallet. */
const as = (label) => connectDevAccount(browser, stack, label);

test('the doctor connects and pages through 1,500 appointment requests in a few requests', async () => {
  const { page, problems, context } = await counted('doctor connect', async () => {
    const r = await as(DOCTOR_LABEL);
    await r.page.locator('nav a[href="#/patients"]').first().waitFor();
    return r;
  });
  try {
    await counted('doctor appointments (first 50)', async () => {
      await page.click('nav a[href="#/patients"]');
      await page.getByRole('button', { name: 'Unlock my records' }).click();
      // The count in the reader's locale (English here): "1,500 appointments."
      await waitForText(page, `${new Intl.NumberFormat('en').format(APPOINTMENTS)} appointments.`, {
        problems,
        prefix: 'scale-appointments',
      });
      await page.locator('li[data-appointment]').nth(49).waitFor();
    });
    assert.equal(await page.locator('li[data-appointment]').count(), 50);
    // Newest first: the last request is on top.
    assert.equal(
      await page.locator('li[data-appointment]').first().getAttribute('data-appointment'),
      String(APPOINTMENTS),
    );
    await counted('doctor appointments (load more)', async () => {
      await page.getByRole('button', { name: 'Load more' }).click();
      await page.locator('li[data-appointment]').nth(99).waitFor();
    });
    assert.equal(await page.locator('li[data-appointment]').count(), 100);
    await screenshot(page, 'scale-doctor-appointments');
    assert.equal((await page.textContent('#alerts'))?.trim() ?? '', '', 'no notice');
  } finally {
    await context.close();
  }
  assert.ok(counts['doctor connect'] <= 40, `connect: ${counts['doctor connect']} requests`);
  assert.ok(
    counts['doctor appointments (first 50)'] <= 40,
    `appointments: ${counts['doctor appointments (first 50)']}`,
  );
  assert.ok(counts['doctor appointments (load more)'] <= 10, `load more: ${counts['doctor appointments (load more)']}`);
});

test('the patient connects and opens Access with 200 institutions and 200 members in a few requests', async () => {
  const { page, problems, context } = await counted('patient connect', async () => {
    const r = await as(PATIENT_LABEL);
    await r.page.locator('nav a[href="#/chart"]').first().waitFor();
    return r;
  });
  try {
    await page.click('nav a[href="#/chart"]');
    await page.locator('.subnav a[href="#/chart/access"]').click();
    await counted('patient access', async () => {
      // Unlocking (two signatures, in the page) then the screen's reads.
      await page.getByRole('button', { name: 'Unlock my records' }).click();
      await waitForText(page, 'Nobody else can read your records.', { problems, prefix: 'scale-access' });
      // The grant form lists every institution and every member (the last ones too).
      await page
        .locator('option', { hasText: `Clinic ${INSTITUTIONS} (any of its clinicians)` })
        .first()
        .waitFor({ state: 'attached' });
      await page
        .locator('option', { hasText: `Member ${MEMBERS - 1}, Doctor` })
        .first()
        .waitFor({ state: 'attached' });
      await page
        .locator('option', { hasText: 'Dr Scale, Doctor (Cardiology), Clinic 1' })
        .first()
        .waitFor({ state: 'attached' });
    });
    await screenshot(page, 'scale-patient-access');
    assert.equal((await page.textContent('#alerts'))?.trim() ?? '', '', 'no notice');
  } finally {
    await context.close();
  }
  assert.ok(counts['patient connect'] <= 40, `connect: ${counts['patient connect']} requests`);
  assert.ok(counts['patient access'] <= 80, `access: ${counts['patient access']} requests`);
});

/**
 * Connects as `label`, opens the screen `route` and pages through its list of `total` cards
 * (`cards`): the first SHOWN drawn with `lensCalls` calls of `lensFn`, each "Load more" (`more`,
 * the button's name) drawing SHOWN more with no further call, until every card is drawn. The
 * requests are counted under `name` ("<name> connect", "(first 50)", "(load more)").
 */
async function pageThrough({ name, label, route, cards, more, total, noun, lensFn, lensCalls, also }) {
  const { page, problems, context } = await counted(`${name} connect`, async () => {
    const r = await as(label);
    await r.page.locator(`nav a[href="#${route}"]`).first().waitFor();
    return r;
  });
  try {
    const first = await callsOf(lensFn, () =>
      counted(`${name} (first ${SHOWN})`, async () => {
        await page.click(`nav a[href="#${route}"]`);
        await waitForText(page, `${total} ${noun}. Showing the first ${SHOWN}.`, { problems, prefix: `scale-${name}` });
        if (also) await waitForText(page, also, { problems, prefix: `scale-${name}` });
      }),
    );
    assert.equal(first, lensCalls, `${name}: ${lensFn} calls for the first page`);
    assert.equal(await page.locator(cards).count(), SHOWN, `${name}: the first page only`);
    const next = await callsOf(lensFn, () =>
      counted(`${name} (load more)`, async () => {
        await page.getByRole('button', { name: more }).click();
        await page
          .locator(cards)
          .nth(2 * SHOWN - 1)
          .waitFor();
      }),
    );
    assert.equal(next, 0, `${name}: the next ${SHOWN} were read with the first page of 250`);
    assert.equal(await page.locator(cards).count(), 2 * SHOWN);
    await waitForText(page, `${total} ${noun}. Showing the first ${2 * SHOWN}.`, { problems });
    for (let shown = 2 * SHOWN; shown < total; shown += SHOWN) {
      await page.getByRole('button', { name: more }).click();
      await page
        .locator(cards)
        .nth(Math.min(total, shown + SHOWN) - 1)
        .waitFor();
    }
    await waitForText(page, `${total} ${noun}.`, { problems });
    assert.equal(await page.locator(cards).count(), total, `${name}: every card drawn`);
    assert.equal(await page.getByRole('button', { name: more }).count(), 0, `${name}: no "Load more" left`);
    await screenshot(page, `scale-${name.replace(/\W+/g, '-')}`);
    assert.equal((await page.textContent('#alerts'))?.trim() ?? '', '', `${name}: no notice`);
  } finally {
    await context.close();
  }
}

test('the administrators page through 200 institutions and 121 members, one EhrLens call per 250', async () => {
  await pageThrough({
    name: 'platform institutions',
    label: PLATFORM_LABEL,
    route: '/platform',
    cards: 'li[data-institution]',
    more: 'Load more institutions',
    total: INSTITUTIONS,
    noun: 'institutions',
    lensFn: 'EhrLens.institutions',
    lensCalls: 1,
  });
  await pageThrough({
    name: 'institution members',
    label: CLINIC_ADMIN_LABEL,
    route: '/institution',
    cards: 'li[data-member]',
    more: 'Load more members of institution 1',
    total: CLINIC1_MEMBERS + 1, // and the doctor
    noun: 'members',
    also: 'No pending invitation.',
    lensFn: 'EhrLens.roster',
    lensCalls: 2, // one for the 121 members, one for the pending invitations (none: all accepted)
  });
  for (const name of ['platform institutions', 'institution members']) {
    assert.ok(counts[`${name} connect`] <= 40, `${name} connect: ${counts[`${name} connect`]} requests`);
    assert.ok(counts[`${name} (first ${SHOWN})`] <= 40, `${name}: ${counts[`${name} (first ${SHOWN})`]} requests`);
    assert.ok(counts[`${name} (load more)`] <= 5, `${name} load more: ${counts[`${name} (load more)`]} requests`);
  }
});
