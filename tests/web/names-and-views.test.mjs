// Names, complete record views and the record forms, in headless Chromium over the demo world
// that `npm start` seeds (scripts/demo/seed.mjs: Riverside General Hospital with Dr Ada Okafor and
// Dr Ben Lindqvist, Northside Laboratory with Lena Park, Alice's records, grants, a confirmed
// appointment and a family link), on anvil and the local IPFS node with the test wallet:
// - people and institutions appear by name (record authors, grantees, emergency authorisations,
//   the activity log, the clinician's patients and appointments), addresses in one checksummed
//   short form with the full address one click away;
// - Alice's vitals record reads "120/80 mmHg" with its date in the reader's locale;
// - a record is amended through the form that adds it (the JSON only behind "Advanced");
// - an allergy saved with only its substance gets no criticality, also after a reload;
// - the file form goes back to its initial category after an upload.
// Screenshots of the record view and the activity log at 1280 and 375 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { axeSerious, connectedPage, launchBrowser, screenshot, startStack, waitForText } from './helpers.mjs';

let stack, browser, seeded;
const pages = {};
/** The allergy added with only its substance (its record id). */
let kiwi;
const ALICE = 4;
const ADA = 1;

before(async () => {
  stack = await startStack();
  const { seedDemo } = await import('../../scripts/demo/seed.mjs');
  seeded = await seedDemo({ rpcUrl: stack.anvil.url, apiUrl: stack.node.apiUrl, addresses: stack.contracts });
  browser = await launchBrowser();
});
after(async () => {
  for (const p of Object.values(pages)) await p.context.close().catch(() => {});
  await browser?.close();
  await stack?.stop();
});

/** The one short form of an address: '0x' and 4 digits, '…', 4 digits of its EIP-55 spelling. */
const short = (a) => `${a.slice(0, 6)}…${a.slice(-4)}`;
const A = () => seeded.accounts; // EIP-55 (ethers)

/** Alice's chart, unlocked (connect, Your chart, Unlock my records). */
async function aliceChart() {
  pages.alice ??= await connectedPage(browser, stack, ALICE);
  const { page } = pages.alice;
  await page.click('nav a[href="#/chart"]');
  const unlock = page.getByRole('button', { name: 'Unlock my records' });
  await Promise.race([unlock.waitFor(), page.locator('ol.timeline > li[data-record]').first().waitFor()]);
  if (await unlock.isVisible()) await unlock.click();
  await page.locator('ol.timeline > li[data-record]').first().waitFor();
  return page;
}

/** Opens a record of the timeline and waits for its verified view. */
async function openRecord(page, item) {
  await item
    .getByRole('button', { name: /^Open record/ })
    .first()
    .click();
  const body = item.locator(':scope > .record-body');
  await body.locator('.badge-ok').waitFor();
  return body.textContent();
}

test('record authors appear by name (you, Lena Park, Dr Ada Okafor), the address one click away', async () => {
  const page = await aliceChart();
  const timeline = page.locator('ol.timeline');
  await page.locator('ol.timeline > li[data-record]', { hasText: 'Lena Park' }).waitFor();
  const text = await timeline.textContent();
  assert.match(text, /added by Lena Park \(Lab technician, Northside Laboratory\)/);
  assert.match(text, /added by Dr Ada Okafor \(Doctor, Riverside General Hospital\)/);
  assert.match(text, /added by you/);
  assert.doesNotMatch(text, /added by 0x/, 'no author as a bare address');
  const lena = page.locator('ol.timeline > li[data-record]', { hasText: 'Lena Park' });
  await lena.locator('details.address summary').click();
  assert.match(await lena.locator('details.address').textContent(), new RegExp(A().labTech));
  assert.equal(await lena.getByRole('button', { name: /^Copy the address of Lena Park/ }).count(), 1);
});

test('the vitals record shows 120/80 mmHg and its date in the reader’s locale (1280 and 375 px)', async () => {
  const page = await aliceChart();
  await page.setViewportSize({ width: 1280, height: 900 });
  const vitals = page.locator('ol.timeline > li[data-scope="8"]');
  const body = await openRecord(page, vitals);
  assert.match(body, /Vital signs: Blood pressure panel/);
  assert.match(body, /Result\s*120\/80 mmHg/);
  assert.match(body, /Systolic blood pressure\s*120 mmHg/);
  // The measuring period, as this browser's locale writes it (the record says 09:30 to 09:35 UTC).
  const when = await page.evaluate(() =>
    new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).formatRange(
      new Date('2024-03-05T09:30:00Z'),
      new Date('2024-03-05T09:35:00Z'),
    ),
  );
  assert.ok(body.includes(`Date${when}`), `the date "${when}" in: ${body}`);
  assert.doesNotMatch(body, /2024-03-05T/, 'no raw FHIR date');
  await vitals.locator('.record-title').scrollIntoViewIfNeeded();
  await screenshot(page, 'record-view-1280');
  assert.deepEqual(await axeSerious(page), [], 'record view');
  await page.setViewportSize({ width: 375, height: 800 });
  assert.ok(
    await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
    'the record view fits 375 px',
  );
  await screenshot(page, 'record-view-375');
  await page.setViewportSize({ width: 1280, height: 900 });
});

test('grantees and institutions by name on Access; withdrawing an emergency authorisation says so', async () => {
  const page = await aliceChart();
  await page.click('.subnav a[href="#/chart/access"]');
  const grants = page.locator('ul[aria-labelledby="grants-heading"]');
  await grants.locator('li').first().waitFor();
  const listed = await grants.textContent();
  assert.match(listed, /Dr Ada Okafor, Doctor \(General practice\), Riverside General Hospital/);
  assert.match(listed, /Lena Park, Lab technician \(Clinical chemistry\), Northside Laboratory/);
  assert.doesNotMatch(listed, /grantee|0x0000/);
  // An institution by its name: grant Northside Laboratory the lab results.
  await page.selectOption('select[name="grantee"]', { label: 'Northside Laboratory (any of its clinicians)' });
  await page.check('#scope-0');
  await page.getByRole('button', { name: 'Give access' }).click();
  await grants.locator('li', { hasText: 'Northside Laboratory (any of its clinicians)' }).waitFor();
  // Emergency access: authorise Riverside General Hospital, then withdraw it.
  await page.locator('#emergency-institution option').first().waitFor({ state: 'attached' });
  await page.selectOption('#emergency-institution', { label: 'Riverside General Hospital' });
  await page.check('#em-scope-7');
  await page.getByRole('button', { name: 'Authorise for emergencies' }).click();
  await page.locator('li[data-emergency-institution="1"]').waitFor();
  await page
    .getByRole('button', { name: 'Withdraw the emergency authorisation of Riverside General Hospital' })
    .click();
  await waitForText(page, 'Emergency access withdrawn from Riverside General Hospital', {
    problems: pages.alice.problems,
  });
  await page.locator('li[data-emergency-institution="1"]').waitFor({ state: 'detached' });
});

test('the activity log names people and institutions, in one address form, and says what changed', async () => {
  const page = await aliceChart();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.click('.subnav a[href="#/chart/activity"]');
  await page.locator('.activity li', { hasText: 'withdrawn' }).waitFor();
  const log = await page.textContent('.activity');
  assert.match(log, /Access given to Dr Ada Okafor for /);
  assert.match(log, /Access given to Lena Park for Lab results\./);
  assert.match(log, /Access given to Northside Laboratory for Lab results\./);
  assert.match(log, /added \(Lab results\) by Lena Park\./);
  assert.match(log, /added \(Allergies\) by you\./);
  assert.match(log, /Emergency access authorised for Riverside General Hospital \(Allergies\)\./);
  assert.match(log, /Emergency access withdrawn from Riverside General Hospital\./);
  assert.match(log, /Appointment with Dr Ada Okafor on [^.]*\d[^.]* requested\./);
  assert.match(log, /Appointment with Dr Ada Okafor on [^.]*\d[^.]* confirmed\./);
  assert.match(log, new RegExp(`You proposed a family link with ${short(A().carol)} \\(you are their parent\\)\\.`));
  assert.doesNotMatch(log, /institution \d|\(none\)|Appointment \d+ changed|0x0000/);
  // One form: every address written is the short form of an EIP-55 address.
  const shown = log.match(/0x[0-9a-fA-F]{4}…[0-9a-fA-F]{4}/g) ?? [];
  const known = new Set(Object.values(A()).map(short));
  for (const s of shown) assert.ok(known.has(s), `${s} is the checksummed short form of a known account`);
  // The full address one click away.
  const entry = page.locator('.activity li', { hasText: 'by Lena Park.' }).first();
  await entry.locator('summary').click();
  assert.match(await entry.textContent(), new RegExp(`Lena Park: ${A().labTech}`));
  await screenshot(page, 'activity-1280');
  assert.deepEqual(await axeSerious(page), [], 'activity log');
  await page.setViewportSize({ width: 375, height: 800 });
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'fits 375 px');
  await screenshot(page, 'activity-375');
  await page.setViewportSize({ width: 1280, height: 900 });
});

test('the clinician sees patients and appointments in the one address form, authors by name', async () => {
  pages.ada = await connectedPage(browser, stack, ADA);
  const { page } = pages.ada;
  await page.click('nav a[href="#/patients"]');
  await page.getByRole('button', { name: 'Unlock my records' }).click();
  const alice = page.locator('li[data-patient][data-via="member"]', { hasText: short(A().alice) });
  await alice.waitFor();
  assert.match(await alice.locator('h3').textContent(), new RegExp(`^Patient ${short(A().alice)}$`));
  await alice.locator('details.address summary').click();
  assert.match(await alice.locator('details.address').textContent(), new RegExp(A().alice));
  const appt = page.locator('section[aria-labelledby="clinic-appointments-heading"] li[data-appointment]').first();
  await appt.waitFor();
  assert.match(await appt.textContent(), new RegExp(`Patient ${short(A().alice)}, 30 minutes`));
  await alice.getByRole('button', { name: /^Open chart of patient/ }).click();
  await page.locator('ol.timeline > li[data-record]', { hasText: 'Lena Park' }).waitFor();
  const text = await page.textContent('ol.timeline');
  assert.match(text, /added by you/, 'her own record');
  assert.match(text, /added by Lena Park \(Lab technician, Northside Laboratory\)/);
  assert.match(text, /added by the patient/);
});

test('an allergy saved with only a substance has no criticality, also after a reload', async () => {
  const page = await aliceChart();
  await page.click('.subnav a[href="#/chart/add"]');
  await page.selectOption('#record-kind', 'allergy');
  assert.equal(await page.inputValue('select[name="criticality"]'), '', 'the select starts empty');
  assert.equal(await page.locator('select[name="criticality"] option').first().textContent(), '—');
  await page.fill('input[name="substance"]', 'Kiwi-7M2Q');
  await page.getByRole('button', { name: 'Encrypt and add the record' }).click();
  await waitForText(page, 'Added as record', { problems: pages.alice.problems });
  const id = Number((await page.textContent('.progress [role="status"]')).match(/record (\d+)/)[1]);
  const check = async () => {
    const item = page.locator(`ol.timeline > li[data-record="${id}"]`);
    const body = await openRecord(page, item);
    assert.match(body, /Allergy: Kiwi-7M2Q/);
    assert.doesNotMatch(body, /Risk of a severe reaction|Low risk|High risk/);
  };
  await page.click('.subnav a[href="#/chart"]');
  await check();
  // A reload: a new session (connect, unlock) reads the record again from the chain and IPFS.
  await page.reload();
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
  await page.evaluate((i) => window.__ehrTestWallet.useAccount(i), ALICE);
  await page.click('nav a[href="#/connect"]');
  await page.click('button[data-wallet]');
  await page.locator('#account-address').waitFor();
  await aliceChart();
  await check();
  kiwi = id;
});

test('amend through the form: prefilled, a value changed, saved; the timeline shows the new version', async () => {
  const page = await aliceChart();
  const id = kiwi;
  const item = page.locator(`ol.timeline > li[data-record="${id}"]`);
  if (!(await item.locator(':scope > .record-body .badge-ok').count())) await openRecord(page, item);
  await page.getByRole('button', { name: `Amend record ${id}` }).click();
  assert.equal(await page.inputValue(`#amend-${id}-substance`), 'Kiwi-7M2Q', 'the form starts from the record');
  assert.equal(await page.inputValue(`#amend-${id}-criticality`), '');
  assert.equal(await page.locator(`#amend-${id}`).isVisible(), false, 'the JSON only behind Advanced');
  await page.locator(`#amend-${id}-heading`).scrollIntoViewIfNeeded();
  await screenshot(page, 'amend-form');
  assert.deepEqual(await axeSerious(page), [], 'the amend form');
  // Unchanged: refused before any signature.
  await page.getByRole('button', { name: 'Encrypt and save the new version' }).click();
  await page.locator(`#amend-${id}-error:not([hidden])`).waitFor();
  await page.fill(`#amend-${id}-reaction`, 'Itchy mouth');
  await page.getByRole('button', { name: 'Encrypt and save the new version' }).click();
  const newest = page.locator('ol.timeline > li[data-record]', { hasText: `amends record ${id},` });
  await newest.waitFor();
  const body = await openRecord(page, newest);
  assert.match(body, /Allergy: Kiwi-7M2Q/);
  assert.match(body, /Reaction\s*Itchy mouth/);
  assert.doesNotMatch(body, /Risk of a severe reaction/, 'still no criticality');
  assert.equal(await page.locator(`ol.timeline > li[data-record="${id}"]`).count(), 0, 'the old version is history');
  assert.match(await newest.textContent(), /Earlier versions \(1\)/);
});

test('the file form goes back to its category after an upload: the next file is not filed elsewhere', async () => {
  const page = await aliceChart();
  await page.click('.subnav a[href="#/chart/add"]');
  assert.equal(await page.inputValue('#file-scope'), '3', 'Clinical notes to start with');
  const upload = async (name) => {
    await page.setInputFiles('#record-file', {
      name,
      mimeType: 'text/plain',
      buffer: Buffer.from(`${name}: a letter from the clinic\n`),
    });
    await page.getByRole('button', { name: 'Encrypt and add the file' }).click();
    const status = page.locator('form[aria-labelledby="add-file-heading"] .progress [role="status"]');
    await status.filter({ hasText: /Added as record \d+/ }).waitFor();
    return status.textContent();
  };
  assert.match(await upload('letter-1.txt'), /\(Clinical notes\)/);
  assert.equal(await page.inputValue('#file-scope'), '3', 'after the upload: its initial category again');
  assert.match(
    await upload('letter-2.txt'),
    /\(Clinical notes\)/,
    'the second file is not switched to another category',
  );
});
