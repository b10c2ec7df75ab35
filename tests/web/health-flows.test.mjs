// Health standards in the page, as people use them, in headless Chromium against anvil, the local
// IPFS node and the test wallet: a patient imports a Synthea Bundle through the review screen
// (re-importing adds nothing), exports an IPS that a second patient imports, shares a SMART
// Health Link that a clinician opens from the link alone in a fresh browser and imports into a
// patient's chart, and checks SMART Health Cards (spec example 00 verifies and imports, 03 is
// revoked). Then the 909-entry bundle.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  ARTIFACTS,
  ROOT,
  axeSerious,
  connectedPage,
  inviteAndAccept,
  launchBrowser,
  openPage,
  screenshot,
  startStack,
  waitForText,
} from './helpers.mjs';

const PATIENT = 3;
const DOCTOR = 4;
const SECOND = 6;
const SYN = join(ROOT, 'tests/vectors/health/synthea/encoders/src/test/resources/data/bundles/R4/json');
const DINO = join(SYN, 'Dino214_Parisian75_40d82b80-b682-cd8b-da6d-396809878641.json');
const CHANELL = join(SYN, 'Chanell45_Ratke343_f924fd7f-5920-5bdc-cd40-bb434aff1051.json');
const SHC = join(ROOT, 'tests/vectors/health/smart-health-cards/examples');
const JWKS = join(SHC, 'issuer/.well-known/jwks.json');
const CRL = join(SHC, 'issuer/.well-known/crl/3Kfdg-XwP-7gXyywtUfUADwBumDOPKMQx-iELL11W9s.json');
const IMPORT_TIMEOUT = 30 * 60_000;

let stack, browser;
const ctx = {};
const timings = {};

before(async () => {
  stack = await startStack({ idleSeconds: 3600 });
  browser = await launchBrowser();
  const { Contract, JsonRpcProvider } = await import('ethers');
  const provider = new JsonRpcProvider(stack.anvil.url, undefined, { staticNetwork: true });
  const abi = JSON.parse(readFileSync(join(ROOT, 'contracts/out/EhrHub.json'), 'utf8')).abi;
  const as = async (i) => new Contract(stack.contracts.EhrHub, abi, await provider.getSigner(stack.accounts[i]));
  await (await (await as(0)).addInstitution(1, 'Test Hospital', 'FR', stack.accounts[1])).wait();
  await inviteAndAccept(await as(1), await as(DOCTOR), {
    institutionId: 1,
    role: 1,
    licence: 'FR-H1',
    specialty: 'General practice',
    displayName: 'Dr Hana Test',
  });
});

after(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, 'health-flows-timings.json'), JSON.stringify(timings, null, 2));
  for (const c of Object.values(ctx)) await c.context.close().catch(() => {});
  await browser?.close();
  await stack?.stop();
});

/** Goes to a screen through the hash (no reload: the connection and keys stay). */
const go = (page, path) => page.evaluate((p) => (window.location.hash = `#${p}`), path);

const problemsOf = (page) => Object.values(ctx).find((c) => c.page === page)?.problems ?? [];
const waitText = (page, text, timeout = 60000) => waitForText(page, text, { timeout, problems: problemsOf(page) });

async function register(page) {
  await page.locator('nav a[href="#/chart"]').waitFor();
  await page.click('nav a[href="#/chart"]');
  await page.getByRole('button', { name: 'Set up my encryption key and register' }).click();
  await waitText(page, 'No record yet.');
}

/** Imports a file through the review screen; returns { adds, ms }. */
async function importFile(page, file, shot) {
  await go(page, '/chart/import');
  await page.locator('#import-file').waitFor();
  await page.setInputFiles('#import-file', file);
  await page.getByRole('button', { name: 'Review the import' }).click();
  return runReviewed(page, shot);
}

async function runReviewed(page, shot) {
  await page.locator('#import-summary').waitFor({ timeout: 5 * 60_000 });
  const summary = await page.textContent('#import-summary');
  const adds = Number(/(\d+) will be added/.exec(summary)[1]);
  if (shot) {
    await page
      .locator('#import-adds details')
      .first()
      .evaluate((d) => (d.open = true));
    await screenshot(page, `${shot}-review`);
  }
  if (adds === 0) return { adds, ms: 0, summary };
  const t0 = Date.now();
  await page.getByRole('button', { name: /^Encrypt and add \d+ records?$/ }).click();
  await waitText(page, `All ${adds} record${adds === 1 ? '' : 's'} added.`, IMPORT_TIMEOUT);
  const ms = Date.now() - t0;
  assert.match(await page.textContent('#import-count'), new RegExp(`${adds} of ${adds} added`));
  if (shot) await screenshot(page, `${shot}-done`);
  return { adds, ms, summary };
}

test('a new patient imports the 164-entry Synthea bundle through the review screen', async () => {
  ctx.patient = await connectedPage(browser, stack, PATIENT);
  const { page } = ctx.patient;
  await register(page);
  await go(page, '/chart/import');
  await page.locator('#import-file').waitFor();
  await page.setInputFiles('#import-file', DINO);
  await page.getByRole('button', { name: 'Review the import' }).click();
  await page.locator('#import-summary').waitFor();
  const summary = await page.textContent('#import-summary');
  assert.match(summary, /164 entries/);
  const skips = await page.textContent('#import-skips');
  assert.match(skips, /patient’s own details \(the chart is already theirs\): 1/);
  assert.match(skips, /does not store: \d+/);
  assert.deepEqual(await axeSerious(page), [], 'import review');
  const r = await runReviewed(page, 'health-import-dino');
  assert.ok(r.adds >= 100, `adds ${r.adds}`);
  timings.dino = { adds: r.adds, ms: r.ms, perRecordMs: Math.round(r.ms / r.adds) };
});

test('after a reload the imported records open; re-importing adds nothing', async () => {
  const { page } = ctx.patient;
  await page.reload();
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
  await page.evaluate((i) => window.__ehrTestWallet.useAccount(i), PATIENT);
  await page.click('nav a[href="#/connect"]');
  await page.click('button[data-wallet]');
  await page.locator('#account-address').waitFor();
  await page.click('nav a[href="#/chart"]');
  await page.getByRole('button', { name: 'Unlock my records' }).click(); // keys are gone after a reload
  await page
    .locator('li[data-record]')
    .first()
    .waitFor()
    .catch(async (e) => {
      await screenshot(page, 'health-chart-after-reload-failed');
      throw e;
    });
  await page
    .locator('li[data-record]')
    .first()
    .getByRole('button', { name: /^Open record/ })
    .click();
  await page.locator('li[data-record] .badge-ok').first().waitFor();
  await screenshot(page, 'health-chart-after-import');
  await go(page, '/chart/import');
  await page.locator('#import-file').waitFor();
  await page.setInputFiles('#import-file', DINO);
  await page.getByRole('button', { name: 'Review the import' }).click();
  await page.locator('#import-summary').waitFor({ timeout: 5 * 60_000 });
  assert.match(await page.textContent('#import-summary'), / 0 will be added/);
  assert.match(await page.textContent('#import-skips'), new RegExp(`Already in your chart: ${timings.dino.adds}`));
  assert.equal(await page.getByRole('button', { name: 'Nothing to add' }).isDisabled(), true);
  await screenshot(page, 'health-reimport');
});

let ipsPath;
test('the patient exports a FHIR Bundle, an IPS (checked) and prints an emergency summary', async () => {
  const { page } = ctx.patient;
  await page.click('nav a[href="#/chart"]');
  await go(page, '/chart/export');
  await page.fill('input[name="name"]', 'Dino Parisian');
  await page.getByRole('button', { name: 'Prepare the export' }).click();
  await waitText(page, 'records ready');
  const [bundleDl] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download as a FHIR Bundle (JSON)' }).click(),
  ]);
  const bundle = JSON.parse(readFileSync(await bundleDl.path(), 'utf8'));
  assert.equal(bundle.type, 'collection');
  assert.equal(bundle.entry.length, timings.dino.adds + 1);
  const [ipsDl] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download as an International Patient Summary (JSON)' }).click(),
  ]);
  ipsPath = join(ARTIFACTS, 'health-ips.json');
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(ipsPath, readFileSync(await ipsDl.path()));
  const ips = JSON.parse(readFileSync(ipsPath, 'utf8'));
  const { checkIps } = await import('../../web/src/health/ips.js');
  assert.deepEqual(checkIps(ips), []);
  assert.equal(ips.entry[0].resource.resourceType, 'Composition');
  await waitText(page, 'Patient summary saved');
  const emergency = await page.textContent('#emergency-summary');
  assert.match(emergency, /Allergies and intolerances/);
  assert.match(emergency, /Immunizations/);
  await screenshot(page, 'health-export');
  await page.emulateMedia({ media: 'print' });
  await screenshot(page, 'health-emergency-print');
  await page.emulateMedia({ media: 'screen' });
  assert.deepEqual(await axeSerious(page), [], 'export screen');
});

test('a second patient imports the IPS', async () => {
  ctx.second = await connectedPage(browser, stack, SECOND);
  const { page } = ctx.second;
  await register(page);
  const r = await importFile(page, ipsPath, 'health-import-ips');
  assert.ok(r.adds > 0, 'the IPS adds records');
  assert.match(await page.textContent('#import-skips'), /patient’s own details \(the chart is already theirs\): 1/);
  timings.ips = { adds: r.adds, ms: r.ms };
});

let link;
test('the patient makes a SMART Health Link of picked records with label and expiry', async () => {
  const { page } = ctx.patient;
  await page.click('nav a[href="#/chart"]');
  await go(page, '/chart/links');
  await waitText(page, 'records can be shared');
  await page.check('#shl-what-pick');
  for (let i = 0; i < 3; i++) await page.locator('#shl-picks input[type="checkbox"]').nth(i).check();
  await page.fill('input[name="label"]', 'Summary for Dr Hana');
  await page.fill('input[name="name"]', 'Dino Parisian');
  await page.selectOption('select[name="days"]', '30');
  await page.getByRole('button', { name: 'Make the link' }).click();
  await page.locator('#shl-link').waitFor({ timeout: 120000 });
  link = await page.inputValue('#shl-link');
  assert.match(link, /#shlink:\//);
  assert.ok(await page.locator('svg.qr').count());
  assert.match(await page.textContent('#shl-list'), /Summary for Dr Hana.*Active until/s);
  await screenshot(page, 'health-shl-made');
  assert.deepEqual(await axeSerious(page), [], 'links screen');
});

test('a clinician opens the link in a fresh browser from the link alone and imports it into a patient’s chart', async () => {
  // The second patient grants the doctor (as the access screen does), after the doctor publishes a key.
  ctx.doctor = await connectedPage(browser, stack, DOCTOR);
  const dr = ctx.doctor.page;
  await dr.locator('nav a[href="#/patients"]').waitFor();
  await dr.click('nav a[href="#/patients"]');
  await dr.getByRole('button', { name: 'Unlock my records' }).click();
  await dr.getByRole('button', { name: 'Publish my encryption key' }).click();
  await waitText(dr, 'Your encryption key is published');
  await ctx.doctor.context.close();
  delete ctx.doctor;
  const pt = ctx.second.page;
  await pt.click('nav a[href="#/chart"]');
  await pt.click('.subnav a[href="#/chart/access"]');
  const option = await pt.locator('select[name="grantee"] option', { hasText: 'Dr Hana Test' }).getAttribute('value');
  await pt.selectOption('select[name="grantee"]', option);
  for (let sc = 0; sc < 16; sc++) await pt.check(`#scope-${sc}`);
  await pt.getByRole('button', { name: 'Give access' }).click();
  await waitText(pt, 'Access given to Dr Hana Test');

  // A fresh browser context, nothing but the link.
  ctx.fresh = await openPage(browser, { anvil: stack.anvil });
  const page = ctx.fresh.page;
  await page.goto(link);
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
  await page.locator('#shl-result-heading').waitFor();
  assert.equal(new URL(page.url()).hash, '#/shl', 'the key is taken out of the address bar');
  assert.match(await page.textContent('#shl-content'), /Shared: Summary for Dr Hana/);
  assert.match(await page.textContent('#shl-content'), /Dino Parisian/);
  await screenshot(page, 'health-shl-opened');
  assert.deepEqual(await axeSerious(page), [], 'incoming link');
  // Connect as the doctor, unlock, come back: the screen still has the link.
  await page.evaluate((i) => window.__ehrTestWallet.useAccount(i), DOCTOR);
  await page.click('nav a[href="#/connect"]');
  await page.click('button[data-wallet]');
  await page.locator('#account-address').waitFor();
  await page.locator('nav a[href="#/patients"]').waitFor();
  await page.click('nav a[href="#/patients"]');
  await page.getByRole('button', { name: 'Unlock my records' }).click();
  await page.locator('li[data-patient]').first().waitFor();
  await page.click('nav a[href="#/shl"]');
  await page.locator('#clin-import-heading').waitFor();
  await page.locator('select[name="patient"] option:nth-child(2)').waitFor({ state: 'attached' });
  await page.selectOption('select[name="patient"]', { index: 1 });
  await page.getByRole('button', { name: 'Review the import for this patient' }).click();
  await waitText(page, 'will be added', 5 * 60_000).catch(async (e) => {
    await screenshot(page, 'health-shl-clinician-failed');
    throw e;
  });
  await screenshot(page, 'health-shl-clinician-review');
  // Three records shared; those the second patient already has (from the IPS) are skipped.
  const adds = Number(/(\d+) will be added/.exec(await page.textContent('#import-summary'))[1]);
  const already = Number(
    /Already in your chart: (\d+)/.exec((await page.textContent('#import-review')) ?? '')?.[1] ?? 0,
  );
  assert.equal(adds + already, 3);
  if (adds > 0) {
    await page.getByRole('button', { name: /^Encrypt and add \d+ records?$/ }).click();
    await waitText(page, `All ${adds} record${adds === 1 ? '' : 's'} added.`, IMPORT_TIMEOUT);
  }
  timings.clinicianShl = { adds, already };
});

test('the patient withdraws the link (unpinned on the node; the page says a fetched copy cannot be recalled)', async () => {
  const { page } = ctx.patient;
  await page.getByRole('button', { name: 'Withdraw Summary for Dr Hana' }).click();
  await waitText(page, 'A copy already opened');
  assert.match(await page.textContent('#shl-list'), /Withdrawn/);
});

test('a SMART Health Card: example 00 verifies and imports, example 03 is revoked', async () => {
  const { page } = ctx.patient;
  await page.click('nav a[href="#/health-card"]');
  await page.locator('#shc-input').waitFor();
  await page.locator('details summary', { hasText: 'Issuer files' }).click();
  await page.setInputFiles('#shc-issuer-files', [JWKS, CRL]);
  await waitText(page, 'Key set jwks.json: 2 keys');
  await page.fill('#shc-input', readFileSync(join(SHC, 'example-00-f-qr-code-numeric-value-0.txt'), 'utf8'));
  await page.getByRole('button', { name: 'Check the card' }).click();
  await page.locator('[data-state="verified"]').waitFor();
  const text = await page.textContent('#shc-result');
  assert.match(text, /John B\. Anyperson, born 1951-01-20/);
  assert.match(text, /spec\.smarthealth\.cards\/examples\/issuer/);
  assert.equal((text.match(/Immunization:/g) ?? []).length, 3);
  await screenshot(page, 'health-card-verified');
  assert.deepEqual(await axeSerious(page), [], 'health card');
  await page.getByRole('button', { name: 'Import into my chart' }).click();
  const r = await runReviewed(page, 'health-card-import');
  assert.equal(r.adds, 3);

  await page.click('nav a[href="#/health-card"]');
  await page.locator('details summary', { hasText: 'Issuer files' }).click();
  await page.setInputFiles('#shc-issuer-files', [JWKS, CRL]);
  await page.setInputFiles('#shc-file', join(SHC, 'example-03-e-file.smart-health-card'));
  await page.getByRole('button', { name: 'Check the card' }).click();
  await page.locator('[data-state="revoked"]').waitFor();
  assert.match(await page.textContent('#shc-result'), /Revoked: the issuer has withdrawn this card/);
  assert.equal(await page.getByRole('button', { name: 'Import into my chart' }).count(), 0);
  await screenshot(page, 'health-card-revoked');
  // A changed card: the signature no longer matches.
  const jws = readFileSync(join(SHC, 'example-00-d-jws.txt'), 'utf8');
  const bad = jws.slice(0, -5) + (jws.at(-5) === 'A' ? 'B' : 'A') + jws.slice(-4);
  await page.setInputFiles('#shc-file', []);
  await page.fill('#shc-input', bad);
  await page.getByRole('button', { name: 'Check the card' }).click();
  await page.locator('[data-state="invalid"]').waitFor();
  for (const c of Object.values(ctx)) assert.deepEqual(c.problems, []);
});

test('the 909-entry Synthea bundle imports in a few batched transactions', async () => {
  ctx.big = await connectedPage(browser, stack, 7);
  await register(ctx.big.page);
  const r = await importFile(ctx.big.page, CHANELL, 'health-import-chanell');
  timings.chanell = { adds: r.adds, ms: r.ms, perRecordMs: Math.round(r.ms / r.adds) };
  // On chain: every record is there, added by batched transactions (at most 50 records each).
  const topic = `0x${'0'.repeat(24)}${stack.accounts[7].slice(2).toLowerCase()}`;
  const hubAbi = JSON.parse(readFileSync(join(ROOT, 'contracts/out/EhrHub.json'), 'utf8')).abi;
  const { Interface } = await import('ethers');
  const iface = new Interface(hubAbi);
  const logs = await stack.anvil.rpc('eth_getLogs', [
    { address: stack.contracts.EhrHub, topics: [iface.getEvent('RecordAdded').topicHash, topic], fromBlock: '0x0' },
  ]);
  assert.equal(logs.length, r.adds, 'one RecordAdded per imported record');
  const txs = new Set(logs.map((l) => l.transactionHash)).size;
  timings.chanell.transactions = txs;
  assert.ok(txs <= Math.ceil(r.adds / 50) + 1, `${r.adds} records in ${txs} transactions`);
});
