// Test code never holds element handles (page.waitForSelector returns one): DevTools keeps the
// element of a live handle reachable, which would show up in the heap snapshot as page data.
// Patient record flows in headless Chromium against anvil (contracts deployed), the local IPFS
// node and the test wallet: registration, adding a record (encrypt, upload, confirm), opening it
// (verified, decrypted), and lock wiping the decrypted text from the DOM and the JS heap. Runs
// when the module has the records, IPFS and Ethereum areas.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  axeSerious,
  cspViolations,
  gotoReady,
  heapRetainers,
  heapSnapshot,
  launchBrowser,
  openPage,
  screenshot,
  startStack,
} from './helpers.mjs';

let stack, browser, page, context, problems;
const PATIENT = 3;
// A marker that exists in the page only as decrypted record text.
const MARKER = 'Zebrafruit-7Q3X-allergen';

before(async () => {
  stack = await startStack();
  browser = await launchBrowser();
});
after(async () => {
  await context?.close();
  await browser?.close();
  await stack?.stop();
});

/** The hub, read with ethers from the test (an independent check of what the page did). */
async function hubReader() {
  const { Contract, JsonRpcProvider } = await import('ethers');
  const { readFileSync } = await import('node:fs');
  const abi = JSON.parse(readFileSync(new URL('../../contracts/out/EhrHub.json', import.meta.url), 'utf8')).abi;
  return new Contract(
    stack.contracts.EhrHub,
    abi,
    new JsonRpcProvider(stack.anvil.url, undefined, { staticNetwork: true }),
  );
}

async function openAs(index) {
  await context?.close();
  ({ page, context, problems } = await openPage(browser, { anvil: stack.anvil }));
  await gotoReady(page, stack.url);
  await page.evaluate((i) => window.__ehrTestWallet.useAccount(i), index);
  await page.click('nav a[href="#/connect"]');
  await page.click('button[data-wallet]');
  await page.locator('#account-address').first().waitFor();
}

test('a new patient registers: key from two wallet signatures, public key on chain', async () => {
  await openAs(PATIENT);
  await page.locator('nav a[href="#/chart"]').first().waitFor();
  await page.click('nav a[href="#/chart"]');
  await page.locator('#register-heading').first().waitFor();
  await screenshot(page, 'patient-register');
  assert.deepEqual(await axeSerious(page), [], 'registration screen');
  await page.getByRole('button', { name: 'Set up my encryption key and register' }).click();
  await page.locator('text=No record yet.').first().waitFor({ timeout: 60000 });
  const log = await page.evaluate(() => window.__ehrTestWallet.log());
  assert.equal(log.filter((m) => m === 'eth_signTypedData_v4').length, 2, 'signed twice and compared');
  const hub = await hubReader();
  assert.equal(await hub.isPatient(stack.accounts[PATIENT]), true);
  assert.notEqual(
    await hub.patientKey(stack.accounts[PATIENT]),
    `0x${'0'.repeat(64)}`,
    'an X25519 public key on chain',
  );
});

test('the patient adds a record: encrypt, upload, confirm; the timeline opens it verified', async () => {
  await page.click('.subnav a[href="#/chart/add"]');
  await page.selectOption('#record-kind', 'allergy');
  await page.getByRole('button', { name: 'Encrypt and add the record' }).click();
  await page.locator('.field-error:not([hidden])').first().waitFor();
  assert.match(await page.textContent('.field-error:not([hidden])'), /Enter the substance/);
  await page.fill('input[name="substance"]', MARKER);
  await page.fill('input[name="reaction"]', 'Hives');
  await page.selectOption('select[name="criticality"]', 'high');
  await page.getByRole('button', { name: 'Encrypt and add the record' }).click();
  await page.locator('text=Added as record 1').first().waitFor({ timeout: 60000 });
  assert.equal(await page.locator('.steps li[data-state="done"]').count(), 3);
  await screenshot(page, 'patient-add');
  assert.deepEqual(await axeSerious(page), [], 'add screen');
  await page.click('.subnav a[href="#/chart"]');
  await page.locator('li[data-record="1"]').first().waitFor();
  assert.match(await page.textContent('li[data-record="1"]'), /Allergies/);
  assert.equal((await page.content()).includes(MARKER), false, 'nothing decrypted before Open');
  await page.click('li[data-record="1"] button:has-text("Open")');
  await page.locator('li[data-record="1"] .badge-ok').first().waitFor();
  assert.match(await page.textContent('li[data-record="1"]'), new RegExp(`Allergy: ${MARKER}`));
  assert.match(await page.textContent('li[data-record="1"]'), /Verified/);
  await screenshot(page, 'patient-chart');
  assert.deepEqual(await axeSerious(page), [], 'chart with an open record');
  assert.deepEqual(await cspViolations(page, problems), []);
  assert.deepEqual(problems, []);
});

test('lock wipes the decrypted record from the DOM and the JS heap; the keys come back the same', async () => {
  // The views that hold decrypted text besides the open record: a search over the decrypted
  // records, and the amend editor (the record as JSON).
  await page.fill('#timeline-search', 'hives');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.locator('[role="status"]', { hasText: '1 record matches “hives”' }).waitFor();
  await page.click('li[data-record="1"] button:has-text("Open")');
  await page.locator('li[data-record="1"] .badge-ok').first().waitFor();
  await page.getByRole('button', { name: 'Amend record 1' }).click();
  assert.ok((await page.inputValue('#amend-1')).includes(MARKER), 'the amend editor holds the record');
  assert.ok((await heapSnapshot(page)).includes(MARKER), 'control: the decrypted text is in the heap while shown');
  await page.click('#lock-now');
  await page.locator('#lock-reason').first().waitFor();
  assert.equal((await page.content()).includes(MARKER), false, 'DOM after lock');
  const snap = await heapSnapshot(page);
  assert.equal(
    snap.includes(MARKER),
    false,
    `JS heap after lock; retained by:\n${snap.includes(MARKER) ? heapRetainers(snap, MARKER) : ''}`,
  );
  assert.equal(page.workers().length, 0);
  // Start again: the same wallet gives the same keys, and the record opens again.
  await page.getByRole('button', { name: 'Start again' }).click();
  await page.click('nav a[href="#/connect"]');
  await page.click('button[data-wallet]');
  await page.locator('nav a[href="#/chart"]').first().waitFor();
  await page.click('nav a[href="#/chart"]');
  await page.getByRole('button', { name: 'Unlock my records' }).click();
  await page.click('li[data-record="1"] button:has-text("Open")');
  await page.locator('li[data-record="1"] .badge-ok').first().waitFor();
  assert.match(await page.textContent('li[data-record="1"]'), new RegExp(MARKER));
});

test('the activity log lists registration and the record', async () => {
  await page.click('.subnav a[href="#/chart/activity"]');
  await page.locator('.activity li').first().waitFor();
  const text = await page.textContent('.activity');
  assert.match(text, /You registered as a patient/);
  assert.match(text, /Record 1 added \(Allergies\) by you/);
  await screenshot(page, 'patient-activity');
  assert.deepEqual(await axeSerious(page), [], 'activity screen');
});

test("the patient exports the chart as a CAR file holding the record's verified blocks, ciphertext only", async () => {
  await page.click('.subnav a[href="#/chart"]');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export my chart (CAR file)' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'ehr-chart.car');
  const { readFile } = await import('node:fs/promises');
  const car = new Uint8Array(await readFile(await download.path()));
  const { CarReader } = await import('@ipld/car');
  const reader = await CarReader.fromBytes(car);
  const roots = (await reader.getRoots()).map(String);
  assert.equal(roots.length, 1);
  let blocks = 0;
  for await (const b of reader.blocks()) {
    blocks++;
    assert.equal(Buffer.from(b.bytes).includes(Buffer.from(MARKER)), false, 'no plaintext in the export');
  }
  assert.ok(blocks >= 1);
  // The node holds the same record under the root CID.
  const res = await fetch(`${stack.node.gatewayUrl}/ipfs/${roots[0]}?format=raw`);
  assert.equal(res.status, 200);
  await page.locator('text=Exported 1 encrypted record').waitFor();
});
