// A long chart in headless Chromium against anvil, the local IPFS node and the test wallet: a
// granted writer floods the patient's chart with 10,000 junk records on top of the patient's own.
// The timeline opens on the newest window (one EhrLens.records call per window, not one for the
// whole chart), "Load older records" reads the next, and hiding the junk author in one action
// leaves the patient's records visible, also after a reload (the hidden list is kept per chart).
// The chart is seeded from the test: the junk author is enrolled and granted with ethers, then
// every record is sent with eth_sendTransaction in JSON-RPC batches (anvil signs for its unlocked
// accounts) into anvil's pool with automine off, and mined at once. Digests are fake but
// well-formed (listing does not fetch them).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Contract, Interface, JsonRpcProvider, hexlify, randomBytes } from 'ethers';
import {
  ARTIFACTS,
  axeSerious,
  connectedPage,
  inviteAndAccept,
  launchBrowser,
  screenshot,
  startStack,
  waitForText,
} from './helpers.mjs';
import { adversary, memberGrantee } from './adversary.mjs';
import { sendAll } from '../lib/bulk-send.mjs';

const ADMIN = 1;
const PATIENT = 3;
const JUNK = 5;
const ALLERGIES = 7;
const JUNK_RECORDS = Number(process.env.EHR_LONG_CHART_JUNK ?? 10_000);
const OWN_BEFORE = 3; // the patient's records before the flood (ids 1..3)
const TOTAL = OWN_BEFORE + JUNK_RECORDS;
const n = (k) => k.toLocaleString('en-GB');

let stack, browser, ctx, seedSeconds;

before(async () => {
  stack = await startStack();
  browser = await launchBrowser();
  const adv = await adversary(stack);
  const abi = JSON.parse(readFileSync(new URL('../../contracts/out/EhrHub.json', import.meta.url), 'utf8')).abi;
  const provider = new JsonRpcProvider(stack.anvil.url, undefined, { staticNetwork: true });
  const as = async (i) => new Contract(stack.contracts.EhrHub, abi, await provider.getSigner(stack.accounts[i]));
  const wait = async (p) => (await p).wait();
  const [patient, junk] = [stack.accounts[PATIENT], stack.accounts[JUNK]];
  // The junk author: a doctor of an institution, key published, granted Allergies by the patient
  // (a grant as the Access screen makes it), as any writer the patient once trusted.
  await wait((await as(0)).addInstitution(1, 'Flood Clinic', 'GB', stack.accounts[ADMIN]));
  await inviteAndAccept(await as(ADMIN), await as(JUNK), {
    institutionId: 1,
    role: 1,
    licence: 'L-JUNK',
    specialty: 'General',
    displayName: 'Dr Junk',
  });
  const [junkKeys] = await adv.versionKeys(JUNK, 1);
  await wait((await as(JUNK)).setMemberKey(junkKeys.identity.publicKey));
  const [patientKeys] = await adv.versionKeys(PATIENT, 1);
  const hubAsPatient = await as(PATIENT);
  await wait(hubAsPatient.registerPatient(patientKeys.identity.publicKey));
  const epochs = Array.from(await adv.hub.epochs(patient), Number);
  const payload = adv.ehr.records.grants.create(
    patientKeys.chartRoot,
    junkKeys.identity.publicKey,
    1 << ALLERGIES,
    epochs,
  );
  await wait(hubAsPatient.grantAccess(memberGrantee(junk), 1 << ALLERGIES, 0, payload));
  const iface = new Interface(abi);
  const add = (from, scope) => ({
    from,
    to: stack.contracts.EhrHub,
    data: iface.encodeFunctionData('addRecord', [patient, hexlify(randomBytes(32)), 0x55, scope]),
  });
  const t0 = Date.now();
  await sendAll(
    stack.anvil,
    [
      ...Array.from({ length: OWN_BEFORE }, (_, i) => add(patient, [0, 6, 8][i])),
      ...Array.from({ length: JUNK_RECORDS }, () => add(junk, ALLERGIES)),
    ],
    { gas: 200_000 },
  );
  seedSeconds = (Date.now() - t0) / 1000;
  assert.equal(Number(await adv.hub.recordCount(patient)), TOTAL);
  console.log(`# seeded ${n(TOTAL)} records in ${seedSeconds.toFixed(1)} s`);
});

after(async () => {
  await ctx?.context.close();
  await browser?.close();
  await stack?.stop();
});

const items = () => ctx.page.locator('ol.timeline > li[data-record]');
const status = () => ctx.page.locator('section[aria-labelledby="timeline-heading"] > p[role="status"]');

/** Opens the patient's chart (connect, unlock) in a fresh context. */
async function openChart() {
  await ctx?.context.close();
  ctx = await connectedPage(browser, stack, PATIENT);
  await ctx.page.click('nav a[href="#/chart"]');
  await ctx.page.getByRole('button', { name: 'Unlock my records' }).click();
}

test('one window of the lens stays within the gas budget the page computes its size from', async () => {
  const lensAbi = JSON.parse(readFileSync(new URL('../../contracts/out/EhrLens.json', import.meta.url), 'utf8')).abi;
  const lens = new Interface(lensAbi);
  const gasOf = async (from, to) =>
    Number(
      await stack.anvil.rpc('eth_estimateGas', [
        {
          to: stack.contracts.EhrLens,
          data: lens.encodeFunctionData('records', [stack.accounts[PATIENT], from, to]),
        },
      ]),
    );
  const [one, window, big] = [await gasOf(TOTAL, TOTAL), await gasOf(TOTAL - 99, TOTAL), await gasOf(1, 2000)];
  const perRecord = (big - one) / 1999;
  console.log(`# EhrLens.records gas: 1 record ${one}, 100 records ${window}, ${perRecord.toFixed(0)} per record`);
  assert.ok(perRecord < 12_000, 'LENS_GAS.perRecord in web/src/records/chart.js covers it');
  assert.ok(window < 1_250_000, 'a 100-record window fits WINDOW_GAS_BUDGET');
  assert.ok(one < 50_000 + 12_000, 'LENS_GAS.base covers the call');
  assert.ok(seedSeconds < 120, `seeding took ${seedSeconds} s`);
});

test('the timeline opens a 10,000-record chart on its newest window', async () => {
  await openChart();
  await waitForText(ctx.page, `Showing 100 of ${n(TOTAL)} records`, { problems: ctx.problems });
  assert.equal(await items().count(), 100);
  assert.equal(await items().first().getAttribute('data-record'), String(TOTAL), 'newest first');
  assert.equal(await items().last().getAttribute('data-record'), String(TOTAL - 99));
  await screenshot(ctx.page, 'long-chart-open');
  await ctx.page.screenshot({ path: join(ARTIFACTS, 'long-chart-open-top.png') });
  // The button (a click event: a real click would first scroll it into view, which loads too).
  await ctx.page.getByRole('button', { name: 'Load older records' }).dispatchEvent('click');
  await waitForText(ctx.page, `Showing 200 of ${n(TOTAL)} records`, { problems: ctx.problems });
  assert.equal(await items().count(), 200);
  assert.equal(await items().last().getAttribute('data-record'), String(TOTAL - 199));
  // Scrolling to the end of the list loads the next window.
  await ctx.page.getByRole('button', { name: 'Load older records' }).scrollIntoViewIfNeeded();
  await waitForText(ctx.page, `Showing 300 of ${n(TOTAL)} records`, { problems: ctx.problems });
  assert.equal(await items().last().getAttribute('data-record'), String(TOTAL - 299));
  // The end of the list (clipped from the whole page: scrolling there would load again).
  const box = await ctx.page.locator('section[aria-labelledby="timeline-heading"] > .actions').boundingBox();
  await ctx.page.screenshot({
    path: join(ARTIFACTS, 'long-chart-older.png'),
    fullPage: true,
    clip: { x: 0, y: box.y + (await ctx.page.evaluate(() => window.scrollY)) - 400, width: 1100, height: 520 },
  });
  assert.deepEqual(ctx.problems, []);
});

/** Hides the junk author from the first record's button and waits for the patient's records. */
async function hideJunk() {
  // The button names the author as the registry does (Dr Junk), the address one click away.
  await items()
    .first()
    .getByRole('button', { name: /^Hide records from Dr Junk/ })
    .click();
  // The page reads through the windows of hidden records to the patient's own.
  await waitForText(ctx.page, `${OWN_BEFORE} of ${OWN_BEFORE} records shown.`, {
    problems: ctx.problems,
    timeout: 120000,
  });
  assert.deepEqual(await items().evaluateAll((els) => els.map((e) => e.dataset.record)), ['3', '2', '1']);
  assert.match(await ctx.page.textContent('body'), new RegExp(`${n(JUNK_RECORDS)} records from a hidden author — `));
}

test('on a shared terminal, hiding the junk author works and writes nothing to the browser', async () => {
  await openChart();
  await waitForText(ctx.page, `Showing 100 of ${n(TOTAL)} records`, { problems: ctx.problems });
  await hideJunk();
  assert.equal(await ctx.page.evaluate(() => localStorage.length), 0, 'a shared terminal keeps the list in memory');
  await ctx.page.getByRole('button', { name: /^Show the records of 1 hidden author/ }).click();
  await waitForText(ctx.page, `Showing 100 of ${n(TOTAL)} records`, { problems: ctx.problems });
  assert.deepEqual(ctx.problems, []);
});

test('on a personal device, hiding the junk author in one action survives a reload', async () => {
  await openChart();
  await waitForText(ctx.page, `Showing 100 of ${n(TOTAL)} records`, { problems: ctx.problems });
  // The person says this computer is theirs (Settings), then comes back to the chart.
  await ctx.page.click('nav a[href="#/settings"]');
  await ctx.page.uncheck('#shared-terminal');
  await ctx.page.getByRole('button', { name: 'Save settings' }).click();
  await ctx.page.click('nav a[href="#/chart"]');
  const unlock = ctx.page.getByRole('button', { name: 'Unlock my records' });
  if (await unlock.isVisible().catch(() => false)) await unlock.click();
  await waitForText(ctx.page, `Showing 100 of ${n(TOTAL)} records`, { problems: ctx.problems });
  await hideJunk();
  await screenshot(ctx.page, 'long-chart-hidden');
  assert.deepEqual(await axeSerious(ctx.page), [], 'timeline with a hidden author');
  const stored = await ctx.page.evaluate(() => Object.entries(localStorage));
  assert.equal(stored.length, 1);
  assert.deepEqual(JSON.parse(stored[0][1]), [stack.accounts[JUNK].toLowerCase()]);

  // A new visit of the same browser: the chart opens on the patient's records.
  await ctx.page.reload();
  await ctx.page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
  await ctx.page.evaluate((i) => window.__ehrTestWallet.useAccount(i), PATIENT);
  await ctx.page.click('nav a[href="#/connect"]');
  await ctx.page.click('button[data-wallet]');
  await ctx.page.locator('#account-address').waitFor();
  await ctx.page.click('nav a[href="#/chart"]');
  await ctx.page.getByRole('button', { name: 'Unlock my records' }).click();
  await waitForText(ctx.page, `${OWN_BEFORE} of ${OWN_BEFORE} records shown.`, {
    problems: ctx.problems,
    timeout: 120000,
  });
  assert.equal(await items().count(), OWN_BEFORE);
  await screenshot(ctx.page, 'long-chart-hidden-reload');

  // Show undoes it: the junk is listed again, a window at a time, and the stored list goes.
  await ctx.page.getByRole('button', { name: /^Show the records of 1 hidden author/ }).click();
  await waitForText(ctx.page, `Showing 100 of ${n(TOTAL)} records`, { problems: ctx.problems });
  assert.equal(await items().count(), 100);
  assert.equal(await ctx.page.evaluate(() => localStorage.length), 0, 'nothing stored once nobody is hidden');
  assert.deepEqual(ctx.problems, []);
});
