// Health standards in the page, as people use them, in headless Chromium against anvil, the local
// IPFS node and the test wallet: a patient imports a Synthea Bundle through the review screen
// (one folded group per category; re-importing adds nothing), exports an IPS that a second
// patient imports, shares a SMART Health Link that a clinician opens in a fresh browser from the
// link alone and imports into a patient's chart, then from its QR code through a camera (a second
// Chromium whose fake camera plays the code the page showed), checks SMART Health Cards (spec
// example 00 verifies and imports, 03 is revoked), and imports a C-CDA document (XML). Then the
// 909-entry bundle, whose review stays short.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ARTIFACTS,
  ROOT,
  axeSerious,
  connectedPage,
  gotoReady,
  inviteAndAccept,
  launchBrowser,
  openPage,
  screenshot,
  startStack,
  waitForText,
} from './helpers.mjs';
import { encodeQr, qrPath } from '../../web/src/qr.js';

const PATIENT = 3;
const DOCTOR = 4;
const SECOND = 6;
const CDA_PATIENT = 5;
const SYN = join(ROOT, 'tests/vectors/health/synthea/encoders/src/test/resources/data/bundles/R4/json');
const DINO = join(SYN, 'Dino214_Parisian75_40d82b80-b682-cd8b-da6d-396809878641.json');
const CHANELL = join(SYN, 'Chanell45_Ratke343_f924fd7f-5920-5bdc-cd40-bb434aff1051.json');
const SHC = join(ROOT, 'tests/vectors/health/smart-health-cards/examples');
const JWKS = join(SHC, 'issuer/.well-known/jwks.json');
const CRL = join(SHC, 'issuer/.well-known/crl/3Kfdg-XwP-7gXyywtUfUADwBumDOPKMQx-iELL11W9s.json');
const CCD1 = join(ROOT, 'tests/vectors/health/ccda/Documents/CCD/CCD 1/CCD.XML');
const IMPORT_TIMEOUT = 30 * 60_000;

let stack, browser, cameraBrowser, videoDir;
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
  await cameraBrowser?.close();
  await stack?.stop();
  if (videoDir) rmSync(videoDir, { recursive: true, force: true });
});

/** Goes to a screen through the hash (no reload: the connection and keys stay). */
const go = (page, path) => page.evaluate((p) => (window.location.hash = `#${p}`), path);

const problemsOf = (page) => Object.values(ctx).find((c) => c.page === page)?.problems ?? [];
const waitText = (page, text, timeout = 60000) => waitForText(page, text, { timeout, problems: problemsOf(page) });

/** Connects a loaded page through the test wallet as anvil account `index`. */
async function connectAs(page, index) {
  await page.evaluate((i) => window.__ehrTestWallet.useAccount(i), index);
  await page.click('nav a[href="#/connect"]');
  await page.click('button[data-wallet]');
  await page.locator('#account-address').waitFor();
}

/** As the doctor: connected, records unlocked on the Patients screen, then the link screen. */
async function doctorOnLinkScreen(page) {
  await connectAs(page, DOCTOR);
  await page.locator('nav a[href="#/patients"]').waitFor();
  await page.click('nav a[href="#/patients"]');
  await page.getByRole('button', { name: 'Unlock my records' }).click();
  await page.locator('li[data-patient]').first().waitFor();
  await page.click('nav a[href="#/shl"]');
}

/** The clinician's review of the opened link's import into the first patient listed. */
async function reviewForFirstPatient(page, shot) {
  await page.locator('#clin-import-heading').waitFor();
  await page.locator('select[name="patient"] option:nth-child(2)').waitFor({ state: 'attached' });
  await page.selectOption('select[name="patient"]', { index: 1 });
  await page.getByRole('button', { name: 'Review the import for this patient' }).click();
  await waitText(page, 'will be added', 5 * 60_000).catch(async (e) => {
    await screenshot(page, `${shot}-failed`);
    throw e;
  });
  await screenshot(page, shot);
}

async function register(page) {
  await page.locator('nav a[href="#/chart"]').waitFor();
  await page.click('nav a[href="#/chart"]');
  await page.getByRole('button', { name: 'Set up my encryption key and register' }).click();
  await waitText(page, 'No record yet.');
}

/** Imports a file through the review screen; returns { adds, ms }. */
async function importFile(page, file, shot) {
  await reviewFile(page, file);
  return runReviewed(page, shot);
}

/** Chooses a file on the import screen and waits for its review. */
async function reviewFile(page, file) {
  await go(page, '/chart/import');
  await page.locator('#import-file').waitFor();
  await page.setInputFiles('#import-file', file);
  await page.getByRole('button', { name: 'Review the import' }).click();
  await page.locator('#import-summary').waitFor({ timeout: 5 * 60_000 });
}

/**
 * The review's groups as the page shows them, folded: { [category]: summary counts } from each
 * group's summary line ("Lab results: 39 to add, 2 already in the chart, 1 skipped").
 */
async function reviewGroups(page) {
  const lines = await page.locator('#import-categories > li > details > summary').allTextContents();
  return Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]));
}

async function runReviewed(page, shot) {
  await page.locator('#import-summary').waitFor({ timeout: 5 * 60_000 });
  const summary = await page.textContent('#import-summary');
  const adds = Number(/(\d+) will be added/.exec(summary)[1]);
  // The first screen is short: every group folded, the review within one screen's height.
  assert.equal(await page.locator('#import-review details[open]').count(), 0, 'groups start folded');
  const height = await page.locator('#import-review > section').evaluate((e) => e.getBoundingClientRect().height);
  assert.ok(height < 900, `the folded review is ${Math.round(height)} px high`);
  if (shot) {
    await screenshot(page, `${shot}-review`);
    await page.locator('#import-categories > li > details > summary').first().click();
    await screenshot(page, `${shot}-review-open`);
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
  await reviewFile(page, DINO);
  const summary = await page.textContent('#import-summary');
  assert.match(summary, /164 entries/);
  const skips = await page.textContent('#import-skips');
  assert.match(skips, /patient’s own details \(the chart is already theirs\): 1/);
  assert.match(skips, /does not store: \d+/);
  // One group per category, each with its counts; what has no category in a group of its own.
  const groups = await reviewGroups(page);
  const toAdd = Object.values(groups).reduce((n, g) => n + Number(/^(\d+) to add/.exec(g)?.[1] ?? 0), 0);
  assert.equal(toAdd, Number(/(\d+) will be added/.exec(summary)[1]), JSON.stringify(groups));
  assert.match(groups['Lab results'], /^\d+ to add$/);
  assert.match(groups['Not stored as records'], /^\d+ skipped$/);
  const notStored = await page.textContent('#import-categories li[data-group="uncategorised"]');
  assert.match(notStored, /Kinds of record this chart does not store: \d+ \(.*Claim \d+/);
  assert.deepEqual(await axeSerious(page), [], 'import review');
  const r = await runReviewed(page, 'health-import-dino');
  assert.ok(r.adds >= 100, `adds ${r.adds}`);
  assert.deepEqual(await axeSerious(page), [], 'import review, a group open');
  timings.dino = { adds: r.adds, ms: r.ms, perRecordMs: Math.round(r.ms / r.adds) };
});

test('after a reload the imported records open; re-importing adds nothing', async () => {
  const { page } = ctx.patient;
  await page.reload();
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
  await connectAs(page, PATIENT);
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
  await reviewFile(page, DINO);
  assert.match(await page.textContent('#import-summary'), / 0 will be added/);
  assert.match(await page.textContent('#import-skips'), new RegExp(`Already in your chart: ${timings.dino.adds}`));
  // Per category: nothing to add, everything already in the chart.
  const groups = await reviewGroups(page);
  const already = Object.values(groups).reduce((n, g) => n + Number(/(\d+) already in the chart/.exec(g)?.[1] ?? 0), 0);
  assert.equal(already, timings.dino.adds, JSON.stringify(groups));
  for (const [name, g] of Object.entries(groups)) if (name !== 'Not stored as records') assert.match(g, /^0 to add, /);
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

let link, sharedList;
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
  // The QR code shown carries the link (qr.test.mjs checks the encoder): the camera test plays it.
  assert.equal(await page.getAttribute('svg.qr path', 'd'), qrPath(encodeQr(link)), 'the QR code encodes the link');
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
  sharedList = await page.textContent('#shl-content .shared-resources');
  await screenshot(page, 'health-shl-opened');
  assert.deepEqual(await axeSerious(page), [], 'incoming link');
  // Connect as the doctor, unlock, come back: the screen still has the link.
  await doctorOnLinkScreen(page);
  await reviewForFirstPatient(page, 'health-shl-clinician-review');
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

/**
 * A Y4M video (YUV4MPEG2, 4:2:0) of one 640×480 frame, which Chromium's fake camera plays in a
 * loop: the code's modules in whole pixels, dark on white, centred, with the quiet zone.
 */
function qrVideo(code, file) {
  const [W, H] = [640, 480];
  const n = code.size + 8;
  const px = Math.floor(Math.min(W, H) / n);
  const [x0, y0] = [Math.floor((W - n * px) / 2), Math.floor((H - n * px) / 2)];
  const luma = Buffer.alloc(W * H, 235);
  for (let y = 0; y < n * px; y++)
    for (let x = 0; x < n * px; x++) {
      const [mx, my] = [Math.floor(x / px) - 4, Math.floor(y / px) - 4];
      if (mx >= 0 && my >= 0 && mx < code.size && my < code.size && code.dark(mx, my)) luma[(y0 + y) * W + x0 + x] = 16;
    }
  const header = `YUV4MPEG2 W${W} H${H} F10:1 Ip A1:1 C420jpeg\nFRAME\n`;
  writeFileSync(file, Buffer.concat([Buffer.from(header), luma, Buffer.alloc((W * H) / 2, 128)]));
  return px;
}

test('a clinician opens the link from its QR code with a camera in another browser; the same records import', async () => {
  videoDir = mkdtempSync(join(tmpdir(), 'ehr-camera-'));
  const video = join(videoDir, 'shl-qr.y4m');
  const px = qrVideo(encodeQr(link), video);
  assert.ok(px >= 3, `${px} pixels per module`);
  cameraBrowser = await launchBrowser({
    args: [
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      `--use-file-for-fake-video-capture=${video}`,
    ],
  });
  ctx.camera = await openPage(cameraBrowser, { anvil: stack.anvil });
  const { page } = ctx.camera;
  await gotoReady(page, stack.url);
  await doctorOnLinkScreen(page);
  await page.getByRole('button', { name: 'Scan the QR code' }).click();
  await page.locator('#shl-result-heading').waitFor();
  assert.equal(await page.inputValue('#shl-input'), link, 'the camera read the link');
  assert.equal(await page.locator('video').count(), 0, 'the camera view is gone once the code is read');
  assert.match(await page.textContent('#shl-content'), /Shared: Summary for Dr Hana/);
  assert.equal(await page.textContent('#shl-content .shared-resources'), sharedList, 'the same records open');
  await screenshot(page, 'health-shl-opened-from-qr');
  // The records the link alone imported are the same: all three are already in the chart.
  await reviewForFirstPatient(page, 'health-shl-qr-clinician-review');
  assert.match(await page.textContent('#import-summary'), / 0 will be added/);
  assert.match(await page.textContent('#import-skips'), /Already in your chart: 3/);
  assert.equal(await page.getByRole('button', { name: 'Nothing to add' }).isDisabled(), true);
  assert.deepEqual(ctx.camera.problems, []);
  await ctx.camera.context.close();
  delete ctx.camera;
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

/** The patient's RecordAdded events on chain. */
async function recordAddedLogs(account) {
  const topic = `0x${'0'.repeat(24)}${account.slice(2).toLowerCase()}`;
  const hubAbi = JSON.parse(readFileSync(join(ROOT, 'contracts/out/EhrHub.json'), 'utf8')).abi;
  const { Interface } = await import('ethers');
  const iface = new Interface(hubAbi);
  return stack.anvil.rpc('eth_getLogs', [
    { address: stack.contracts.EhrHub, topics: [iface.getEvent('RecordAdded').topicHash, topic], fromBlock: '0x0' },
  ]);
}

test('a C-CDA document (XML file) imports through the review screen; after a reload every record opens', async () => {
  ctx.cda = await connectedPage(browser, stack, CDA_PATIENT);
  const { page } = ctx.cda;
  await register(page);
  await reviewFile(page, CCD1);
  // CCD 1 (tests/vectors/health/README.md): 33 entries; its 3 procedures are not stored.
  assert.match(
    await page.textContent('#import-summary'),
    /From the file CCD\.XML: 33 entries\. 29 will be added to your chart; 4 skipped\./,
  );
  assert.deepEqual(await reviewGroups(page), {
    'Lab results': '8 to add',
    Prescriptions: '2 to add',
    'Clinical notes': '4 to add',
    Immunizations: '5 to add',
    Allergies: '2 to add',
    Vitals: '8 to add',
    'Not stored as records': '4 skipped',
  });
  const notStored = await page.textContent('#import-categories li[data-group="uncategorised"]');
  assert.match(notStored, /Kinds of record this chart does not store: 3 \(Procedure 3\)/);
  assert.match(notStored, /The patient’s own details \(the chart is already theirs\): 1 \(Patient 1\)/);
  assert.match(await page.textContent('#import-review'), /converted from the C-CDA document “Patient Chart Summary”/);
  assert.deepEqual(await axeSerious(page), [], 'C-CDA review');
  const r = await runReviewed(page, 'health-import-ccda');
  assert.equal(r.adds, 29);
  assert.equal((await recordAddedLogs(stack.accounts[CDA_PATIENT])).length, 29, 'on chain: one RecordAdded each');
  timings.ccda = { adds: r.adds, ms: r.ms };

  await page.reload();
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
  await connectAs(page, CDA_PATIENT);
  await page.click('nav a[href="#/chart"]');
  await page.getByRole('button', { name: 'Unlock my records' }).click();
  await page.locator('li[data-record]').first().waitFor();
  const items = page.locator('li[data-record]');
  assert.equal(await items.count(), 29);
  for (let i = 0; i < 29; i++)
    await items
      .nth(i)
      .getByRole('button', { name: /^Open record/ })
      .click();
  await page.waitForFunction(() => document.querySelectorAll('li[data-record] .badge-ok').length === 29, null, {
    timeout: 5 * 60_000,
  });
  const opened = (await page.locator('li[data-record] .record-title').allTextContents()).join('\n');
  for (const what of [/Penicillin/i, /Codeine/i, /Hemoglobin/i]) assert.match(opened, what);
  await screenshot(page, 'health-ccda-opened');
  assert.deepEqual(ctx.cda.problems, []);
});

test('the 909-entry Synthea bundle imports in a few batched transactions', async () => {
  ctx.big = await connectedPage(browser, stack, 7);
  await register(ctx.big.page);
  const r = await importFile(ctx.big.page, CHANELL, 'health-import-chanell');
  timings.chanell = { adds: r.adds, ms: r.ms, perRecordMs: Math.round(r.ms / r.adds) };
  // On chain: every record is there, added by batched transactions (at most 50 records each).
  const logs = await recordAddedLogs(stack.accounts[7]);
  assert.equal(logs.length, r.adds, 'one RecordAdded per imported record');
  const txs = new Set(logs.map((l) => l.transactionHash)).size;
  timings.chanell.transactions = txs;
  assert.ok(txs <= Math.ceil(r.adds / 50) + 1, `${r.adds} records in ${txs} transactions`);
});
