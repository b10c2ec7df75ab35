// A large directory and a spammed appointment book behind a public-style RPC endpoint
// (public-rpc-proxy.mjs, 25 requests/s): 200 institutions, 200 members and 1,500 appointment
// requests to one doctor, seeded directly on chain (impersonated accounts, eth_sendTransaction in
// JSON-RPC batches with automine off, mined per chunk). The page, built with the proxy as its RPC
// and used through its built-in wallet (every request goes through the proxy), connects as the
// doctor and as a patient: roles come from one EhrLens.rolesOf call, the doctor's appointments
// one appointmentsOf page at a time ("Load more"), the patient's Access screen lists the
// directory from events plus EhrLens pages of 250. The proxy's request counts are asserted small
// and printed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Interface, Wallet, hexlify, randomBytes, zeroPadValue } from 'ethers';
import {
  buildPage,
  deployContracts,
  gotoReady,
  launchBrowser,
  openPage,
  randomPrefix,
  screenshot,
  startAnvil,
  startStaticServer,
  waitForText,
} from './helpers.mjs';
import { startPublicRpcProxy } from './public-rpc-proxy.mjs';
import { adversary } from './adversary.mjs';
import { sendAll } from '../lib/bulk-send.mjs';

const INSTITUTIONS = 200;
const MEMBERS = 200;
const APPOINTMENTS = 1500;
const SPAMMERS = 30;
const INST_ADMIN = 1;
const PATIENT = 3;
const DOCTOR = 4;
const PATIENT_LABEL = 'Pat Scale (patient)';
const DOCTOR_LABEL = 'Dr Scale (doctor, Clinic 1)';
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
  const instOf = (j) => (j % INSTITUTIONS) + 1;
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
  const proxy = await startPublicRpcProxy({ target: anvil.url, maxRange: 500, rps: 25, latencyMs: 100 });
  const built = buildPage({
    rpcUrl: proxy.url,
    contracts,
    gateways: [node.gatewayUrl],
    uploadUrl: node.apiUrl,
    devAccounts: [
      { label: PATIENT_LABEL, index: PATIENT },
      { label: DOCTOR_LABEL, index: DOCTOR },
    ],
    startBlock: 0,
  });
  const prefix = randomPrefix();
  const server = await startStaticServer({ [prefix]: built.out });
  stack = {
    anvil,
    proxy,
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

/** A fresh page connected as the development account `label` through the built-in wallet. */
async function as(label) {
  const r = await openPage(browser, { anvil: stack.anvil, wallet: false });
  await gotoReady(r.page, stack.url);
  await r.page.click('nav a[href="#/wallet"]');
  await r.page.locator('section[aria-labelledby="dev-heading"]').getByRole('button', { name: label }).click();
  await r.page.locator('#account-address').first().waitFor();
  return r;
}

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
      await waitForText(page, `${APPOINTMENTS} appointments.`, { problems, prefix: 'scale-appointments' });
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
