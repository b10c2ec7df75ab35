// Sharing between a patient and two doctors, each in their own browser context, against anvil
// with the contracts, the local IPFS node and the test wallet: doctors publish their keys, the
// patient grants, doctor A reads and writes, the patient revokes doctor B and adds a record that B
// cannot open while A (re-shared the new keys) can. The institution and its members are set up
// from the test with ethers (the administrator invites, each doctor accepts), as they would through
// the administration and invitation screens (admin.test.mjs covers those).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  axeSerious,
  connectedPage,
  inviteAndAccept,
  launchBrowser,
  screenshot,
  startStack,
  waitForText,
} from './helpers.mjs';

const PATIENT = 3;
const DR_A = 4;
const DR_B = 5;
const FIRST = 'Quokka-9F2K-first-record';
const LATER = 'Narwhal-5M8P-after-revocation';
const BY_A = 'Ocelot-3T7V-written-by-doctor';

let stack, browser;
const ctx = {};

before(async () => {
  stack = await startStack();
  browser = await launchBrowser();
  const { Contract, JsonRpcProvider } = await import('ethers');
  const provider = new JsonRpcProvider(stack.anvil.url, undefined, { staticNetwork: true });
  const abi = JSON.parse(readFileSync(new URL('../../contracts/out/EhrHub.json', import.meta.url), 'utf8')).abi;
  const as = async (i) => new Contract(stack.contracts.EhrHub, abi, await provider.getSigner(stack.accounts[i]));
  await (await (await as(0)).addInstitution(1, 'Test Hospital', 'FR', stack.accounts[1])).wait();
  const admin = await as(1);
  await inviteAndAccept(admin, await as(DR_A), {
    institutionId: 1,
    role: 1,
    licence: 'FR-A1',
    specialty: 'Allergology',
    displayName: 'Dr Alice Test',
  });
  await inviteAndAccept(admin, await as(DR_B), {
    institutionId: 1,
    role: 1,
    licence: 'FR-B2',
    specialty: 'Dermatology',
    displayName: 'Dr Bob Test',
  });
});

after(async () => {
  for (const c of Object.values(ctx)) await c.context.close();
  await browser?.close();
  await stack?.stop();
});

/** A browser context connected as anvil account `index`. */
async function session(name, index) {
  ctx[name] = await connectedPage(browser, stack, index);
  return ctx[name].page;
}

/** Waits for a text; on timeout, the error says what the page's notices said. */
const waitText = (page, text, timeout = 60000) =>
  waitForText(page, text, { timeout, problems: Object.values(ctx).find((c) => c.page === page)?.problems });

async function addAllergy(page, substance) {
  await page.click('.subnav a[href="#/chart/add"]');
  await page.selectOption('#record-kind', 'allergy');
  await page.fill('input[name="substance"]', substance);
  await page.getByRole('button', { name: 'Encrypt and add the record' }).click();
  await waitText(page, 'Added as record');
}

async function openRecordWith(page, text) {
  const item = page.locator('li[data-record]', { hasText: text }).first();
  await item.getByRole('button', { name: /^Open record/ }).click();
}

test('doctors publish their encryption keys', async () => {
  for (const [name, index] of [
    ['a', DR_A],
    ['b', DR_B],
  ]) {
    const page = await session(name, index);
    await page.locator('nav a[href="#/patients"]').waitFor();
    await page.click('nav a[href="#/patients"]');
    await page.getByRole('button', { name: 'Unlock my records' }).click();
    await page.getByRole('button', { name: 'Publish my encryption key' }).click();
    await waitText(page, 'Your encryption key is published');
    await waitText(page, 'No patient has shared records with you yet.');
  }
});

test('the patient registers, adds a record and grants both doctors', async () => {
  const page = await session('patient', PATIENT);
  await page.locator('nav a[href="#/chart"]').waitFor();
  await page.click('nav a[href="#/chart"]');
  await page.getByRole('button', { name: 'Set up my encryption key and register' }).click();
  await waitText(page, 'No record yet.');
  await addAllergy(page, FIRST);
  await page.click('.subnav a[href="#/chart/access"]');
  await waitText(page, 'Nobody else can read your records.');
  for (const [doctor, scopes] of [
    ['Dr Alice Test', ['scope-7', 'scope-0']],
    ['Dr Bob Test', ['scope-7']],
  ]) {
    const option = await page.locator('select[name="grantee"] option', { hasText: doctor }).getAttribute('value');
    await page.selectOption('select[name="grantee"]', option);
    for (const s of scopes) await page.check(`#${s}`);
    await page.getByRole('button', { name: 'Give access' }).click();
    await waitText(page, `Access given to ${doctor}`);
    await page
      .locator('#alerts, #status')
      .locator('button:has-text("Dismiss")')
      .first()
      .click()
      .catch(() => {});
  }
  await page.locator('li[data-grantee]').nth(1).waitFor();
  assert.match(await page.textContent('ul[aria-labelledby="grants-heading"]'), /Dr Alice Test.*Allergies/s);
  await screenshot(page, 'patient-access');
  assert.deepEqual(await axeSerious(page), [], 'access screen');
});

test('doctor A opens the shared chart and reads the record; doctor B too', async () => {
  for (const name of ['a', 'b']) {
    const page = ctx[name].page;
    await page.click('nav a[href="#/about"]');
    await page.click('nav a[href="#/patients"]');
    await page.locator('li[data-patient]').first().waitFor();
    await page
      .locator('li[data-patient]')
      .first()
      .getByRole('button', { name: /Open chart/ })
      .click();
    await openRecordWith(page, 'Allergies');
    await page.locator('li[data-record] .badge-ok').first().waitFor();
    assert.match(await page.textContent('ol.timeline'), new RegExp(FIRST));
  }
  await screenshot(ctx.a.page, 'clinician-chart');
  assert.deepEqual(await axeSerious(ctx.a.page), [], 'clinician chart');
});

test('after the patient revokes doctor B, B cannot open the new record; A (keys re-shared) can', async () => {
  const page = ctx.patient.page;
  await page.getByRole('button', { name: 'Revoke access of Dr Bob Test, Doctor (Dermatology), Test Hospital' }).click();
  await waitText(page, 'New keys shared with everyone who still has access.');
  await addAllergy(page, LATER);

  // Doctor B still has the chart open with the old keys: the new record does not open.
  const b = ctx.b.page;
  await b.click('nav a[href="#/patients"]');
  await waitText(b, 'Access revoked or expired');
  await b
    .locator('li[data-patient]')
    .first()
    .getByRole('button', { name: /Open chart/ })
    .click();
  await b.locator('li[data-record="2"]').waitFor();
  await b
    .locator('li[data-record="2"]')
    .getByRole('button', { name: /^Open record/ })
    .click();
  await b.locator('#alerts .notice-error').waitFor();
  assert.match(await b.textContent('#alerts'), /You have no key for this record/);
  assert.equal((await b.content()).includes(LATER), false);
  await screenshot(b, 'clinician-revoked');

  // Doctor A reopens the chart (the re-shared keys) and reads the new record.
  const a = ctx.a.page;
  await a.click('nav a[href="#/patients"]');
  await a
    .locator('li[data-patient]')
    .first()
    .getByRole('button', { name: /Open chart/ })
    .click();
  await a
    .locator('li[data-record="2"]')
    .getByRole('button', { name: /^Open record/ })
    .click();
  await a.locator('li[data-record="2"] .badge-ok').waitFor();
  assert.match(await a.textContent('li[data-record="2"]'), new RegExp(LATER));
});

test('doctor A adds a lab result to the chart; the patient reads it', async () => {
  const a = ctx.a.page;
  await a.selectOption('#record-kind', 'lab');
  await a.fill('input[name="test"]', BY_A);
  await a.fill('input[name="value"]', '6.1');
  await a.fill('input[name="unit"]', '%');
  await a.fill('input[name="date"]', '2026-11-20');
  await a.getByRole('button', { name: 'Encrypt and add the record' }).click();
  await waitText(a, 'Added as record 3');
  const p = ctx.patient.page;
  await p.click('.subnav a[href="#/chart"]');
  await p
    .locator('li[data-record="3"]')
    .getByRole('button', { name: /^Open record/ })
    .click();
  await p.locator('li[data-record="3"] .badge-ok').waitFor();
  assert.match(await p.textContent('li[data-record="3"]'), new RegExp(`${BY_A}.*6.1 %`, 's'));
  assert.match(await p.textContent('li[data-record="3"]'), /added by Dr Alice Test/);
  await p.click('.subnav a[href="#/chart/activity"]');
  await p.locator('.activity li').first().waitFor();
  assert.match(await p.textContent('.activity'), /Access of Dr Bob Test revoked/);
});

test('signed consent: the patient signs a code (no transaction), doctor B submits it and reads again', async () => {
  const p = ctx.patient.page;
  await p.click('.subnav a[href="#/chart/access"]');
  await p.locator('li[data-grantee]').first().waitFor();
  const option = await p.locator('select[name="grantee"] option', { hasText: 'Dr Bob Test' }).getAttribute('value');
  await p.selectOption('select[name="grantee"]', option);
  await p.check('#scope-7');
  const sendsBefore = (await p.evaluate(() => window.__ehrTestWallet.log())).filter(
    (m) => m === 'eth_sendTransaction',
  ).length;
  await p.getByRole('button', { name: 'Sign a consent code instead (no ETH needed)' }).click();
  await p.locator('#consent-code').waitFor();
  const code = await p.inputValue('#consent-code');
  assert.match(code, /^ehr-consent:1:/);
  // The QR code carries the same text: decode its modules back (qr.test.mjs checks the encoder).
  const path = await p.getAttribute('#consent-qr path', 'd');
  const { encodeQr, qrPath } = await import('../../web/src/qr.js');
  assert.equal(path, qrPath(encodeQr(code)), 'the QR code shown encodes the consent code');
  const sendsAfter = (await p.evaluate(() => window.__ehrTestWallet.log())).filter(
    (m) => m === 'eth_sendTransaction',
  ).length;
  assert.equal(sendsAfter, sendsBefore, 'the patient sent no transaction');
  await screenshot(p, 'patient-consent-code');
  assert.deepEqual(await axeSerious(p), [], 'consent code');

  const b = ctx.b.page;
  await b.click('nav a[href="#/patients"]');
  await b.locator('#consent-input').waitFor();
  // A damaged code is explained at the field.
  await b.fill('#consent-input', code.slice(0, -6));
  await b.getByRole('button', { name: 'Submit the code' }).click();
  await b.locator('#consent-error:not([hidden])').waitFor();
  // The camera path, where the browser has BarcodeDetector (Chromium on Linux has none: a stand-in
  // detector reads the code from a camera stream that is a canvas); the camera stops once read.
  assert.equal(
    await b.getByRole('button', { name: 'Scan the QR code with the camera' }).isVisible(),
    false,
    'no camera button without BarcodeDetector',
  );
  await b.evaluate((text) => {
    const canvas = document.createElement('canvas');
    canvas.width = 64;
    canvas.height = 64;
    canvas.getContext('2d').fillRect(0, 0, 8, 8);
    window.__cameraTracks = [];
    navigator.mediaDevices.getUserMedia = async () => {
      const stream = canvas.captureStream(5);
      window.__cameraTracks.push(...stream.getTracks());
      return stream;
    };
    let frames = 0;
    window.BarcodeDetector = class {
      static async getSupportedFormats() {
        return ['qr_code'];
      }
      async detect(source) {
        if (!(source instanceof HTMLVideoElement) || !source.srcObject) throw new TypeError('no video');
        return ++frames < 3 ? [] : [{ format: 'qr_code', rawValue: text }];
      }
    };
  }, code);
  await b.click('nav a[href="#/about"]');
  await b.click('nav a[href="#/patients"]');
  await b.getByRole('button', { name: 'Scan the QR code with the camera' }).click();
  await b.waitForFunction((text) => document.querySelector('#consent-input')?.value === text, code);
  assert.deepEqual(
    await b.evaluate(() => window.__cameraTracks.map((t) => t.readyState)),
    ['ended'],
    'the camera stopped after reading',
  );
  assert.equal(await b.locator('video').count(), 0);
  await b.getByRole('button', { name: 'Submit the code' }).click();
  await waitText(b, 'Consent of patient');
  await b.locator('li[data-patient]', { hasText: 'Shared: Allergies' }).first().waitFor();
  await b
    .locator('li[data-patient]')
    .first()
    .getByRole('button', { name: /Open chart/ })
    .click();
  await b
    .locator('li[data-record="2"]')
    .getByRole('button', { name: /^Open record/ })
    .click();
  await b.locator('li[data-record="2"] .badge-ok').waitFor();
  assert.match(await b.textContent('li[data-record="2"]'), new RegExp(LATER));
  // The same code cannot be used twice.
  await b.click('nav a[href="#/patients"]');
  await b.fill('#consent-input', code);
  await b.getByRole('button', { name: 'Submit the code' }).click();
  await b.locator('#alerts .notice-error', { hasText: 'already used or cancelled' }).waitFor();
});

test('emergency access: the hospital publishes its group key; the patient authorises it; doctor B opens access with a reason and reads a record shared with nobody; the patient sees it', async () => {
  // The institution's administrator creates the group key on the institution screen: it is
  // sealed to both doctors (their keys are published) and to the administrator.
  const adm = await session('admin', 1);
  await adm.locator('nav a[href="#/institution"]').waitFor();
  await adm.click('nav a[href="#/institution"]');
  await adm.getByRole('button', { name: 'Create a new group key for institution 1' }).click();
  await adm
    .locator('#status .notice-success', { hasText: 'Group key version 1 published' })
    .waitFor({ timeout: 60000 });
  assert.match(await adm.textContent('#status'), /Sealed to 2 members\./);
  await adm.locator('text=Group key version 1 is in force.').waitFor();
  await screenshot(adm, 'institution-group-key');
  assert.deepEqual(await axeSerious(adm), [], 'institution screen');

  const p = ctx.patient.page;
  await p.click('.subnav a[href="#/chart/access"]');
  await p.locator('#emergency-institution option').first().waitFor({ state: 'attached' });
  await p.selectOption('#emergency-institution', '1');
  await p.check('#em-scope-7');
  await p.check('#em-scope-0');
  await p.getByRole('button', { name: 'Authorise for emergencies' }).click();
  await p.locator('#status .notice-success', { hasText: 'Authorised for emergencies' }).waitFor();

  // Doctor B holds Allergies only (the consent code); record 3 is a lab result.
  const b = ctx.b.page;
  await b.click('nav a[href="#/patients"]');
  await b
    .locator('li[data-patient]')
    .first()
    .getByRole('button', { name: /Open chart/ })
    .click();
  await b.locator('li[data-record="3"]').waitFor();
  assert.match(await b.textContent('li[data-record="3"]'), /Not shared with you/);
  await b.click('nav a[href="#/patients"]');
  await b.locator('#emergency-patient').waitFor();
  await b.fill('#emergency-patient', stack.accounts[PATIENT]);
  await b.getByRole('button', { name: 'Open emergency access' }).click();
  await b.locator('#emergency-error:not([hidden])').waitFor();
  assert.match(await b.textContent('#emergency-error'), /Choose the reason/);
  await b.selectOption('#emergency-reason', '2');
  await b.getByRole('button', { name: 'Open emergency access' }).click();
  await b.locator('#status .notice-success', { hasText: 'Emergency access open until' }).waitFor();
  await screenshot(b, 'clinician-emergency');
  assert.deepEqual(await axeSerious(b), [], 'clinician patients screen');
  await b.locator('#status').getByRole('button', { name: 'Open the chart' }).click();
  await b.locator('text=Your opening of emergency access is recorded on the blockchain').waitFor();
  await b
    .locator('li[data-record="3"]')
    .getByRole('button', { name: /^Open record/ })
    .click();
  await b.locator('li[data-record="3"] .badge-ok').waitFor();
  assert.match(await b.textContent('li[data-record="3"]'), new RegExp(`${BY_A}.*6.1 %`, 's'));
  await screenshot(b, 'clinician-emergency-chart');
  // The patient list shows the emergency access beside the consent.
  await b.click('nav a[href="#/patients"]');
  await b
    .locator('li[data-patient][data-via="emergency"]', { hasText: 'Emergency access: Lab results, Allergies' })
    .waitFor();

  await p.click('.subnav a[href="#/chart/activity"]');
  await p.locator('.activity li', { hasText: 'Emergency access opened' }).waitFor();
  assert.match(
    await p.textContent('.activity'),
    /Emergency access opened by Dr Bob Test of Test Hospital: life-threatening condition/,
  );
  assert.match(
    await p.textContent('.activity'),
    /Emergency access authorised for Test Hospital \(Lab results, Allergies\)/,
  );
});

test('the author redacts a record: a tombstone, confirmed first, seen by the patient', async () => {
  const a = ctx.a.page;
  await a.click('nav a[href="#/patients"]');
  await a
    .locator('li[data-patient]')
    .first()
    .getByRole('button', { name: /Open chart/ })
    .click();
  await a.locator('li[data-record="3"]').getByRole('button', { name: 'Redact record 3' }).click();
  await a.getByRole('button', { name: 'Yes, redact record 3' }).click();
  await a.locator('li[data-record="3"] .badge-bad').waitFor();
  assert.equal(
    await a
      .locator('li[data-record="1"]')
      .getByRole('button', { name: /Redact/ })
      .count(),
    0,
    'a doctor cannot redact what the patient wrote',
  );
  const p = ctx.patient.page;
  await p.click('.subnav a[href="#/chart/activity"]');
  await p.locator('.activity li', { hasText: 'Record 3 redacted' }).waitFor();
});

test('appointments: the patient requests one with doctor A, who confirms it; the patient sees it confirmed', async () => {
  const p = ctx.patient.page;
  await p.click('.subnav a[href="#/chart/appointments"]');
  await p.locator('text=No appointment.').waitFor();
  const option = await p.locator('select[name="provider"] option', { hasText: 'Dr Alice Test' }).getAttribute('value');
  await p.selectOption('select[name="provider"]', option);
  const tomorrow = new Date(Date.now() + 86400e3).toISOString().slice(0, 10);
  await p.fill('input[name="day"]', tomorrow);
  await p.fill('input[name="time"]', '10:30');
  await p.getByRole('button', { name: 'Request the appointment' }).click();
  await p.locator('li[data-appointment="1"]', { hasText: 'Requested' }).waitFor();
  await screenshot(p, 'patient-appointments');
  assert.deepEqual(await axeSerious(p), [], 'appointments screen');

  const a = ctx.a.page;
  await a.click('nav a[href="#/patients"]');
  await a.getByRole('button', { name: 'Confirm appointment 1' }).click();
  await a.locator('li[data-appointment="1"]', { hasText: 'Confirmed' }).waitFor();
  await p.click('.subnav a[href="#/chart/appointments"]');
  await p.locator('li[data-appointment="1"]', { hasText: 'Confirmed' }).waitFor();
});

test('family links: the patient proposes, the relative confirms, the tree shows the link', async () => {
  const { Contract, JsonRpcProvider, hexlify, randomBytes } = await import('ethers');
  const provider = new JsonRpcProvider(stack.anvil.url, undefined, { staticNetwork: true });
  const abi = JSON.parse(readFileSync(new URL('../../contracts/out/EhrHub.json', import.meta.url), 'utf8')).abi;
  const relative = new Contract(stack.contracts.EhrHub, abi, await provider.getSigner(stack.accounts[6]));
  await (await relative.registerPatient(hexlify(randomBytes(32)))).wait();

  const p = ctx.patient.page;
  await p.click('.subnav a[href="#/chart/family"]');
  await p.locator('text=No family link yet.').waitFor();
  await p.fill('input[name="relative"]', stack.accounts[6]);
  await p.selectOption('select[name="relation"]', '1');
  await p.getByRole('button', { name: 'Propose the link' }).click();
  await p.locator('li[data-relative]', { hasText: 'Waiting for them to confirm' }).waitFor();
  await (await relative.confirmFamilyLink(stack.accounts[PATIENT], 1)).wait();
  await p.click('.subnav a[href="#/chart/family"]');
  await p.locator('li[data-relative]', { hasText: 'Confirmed by both of you' }).waitFor();
  // The patient proposed "I am their parent": the relative is the patient's child, one row below.
  assert.match(await p.textContent('li[data-relative]'), /Your child/);
  assert.match(await p.getAttribute('.family-tree svg', 'aria-label'), /your child 0x/);
  assert.equal(await p.locator('.family-tree svg rect').count(), 2);
  await screenshot(p, 'patient-family');
  assert.deepEqual(await axeSerious(p), [], 'family screen');
});

test('a patient without ETH registers through a signed registration code that doctor A submits', async () => {
  const n = await session('newPatient', 7);
  await n.locator('nav a[href="#/chart"]').waitFor();
  await n.click('nav a[href="#/chart"]');
  await n.getByRole('button', { name: 'No ETH? Sign a registration code instead' }).click();
  await n.locator('#registration-code').waitFor();
  const code = await n.inputValue('#registration-code');
  assert.match(code, /^ehr-registration:1:/);
  assert.equal(
    (await n.evaluate(() => window.__ehrTestWallet.log())).includes('eth_sendTransaction'),
    false,
    'the patient sent no transaction',
  );
  const a = ctx.a.page;
  await a.click('nav a[href="#/patients"]');
  await a.fill('#consent-input', code);
  await a.getByRole('button', { name: 'Submit the code' }).click();
  await waitText(a, 'registered');
  // The patient's page sees the registration once roles are read again (a new connection).
  await n.click('nav a[href="#/account"]');
  await n.getByRole('button', { name: 'Disconnect' }).click();
  await n.click('nav a[href="#/connect"]');
  await n.click('button[data-wallet]');
  await n.locator('nav a[href="#/chart"]').waitFor();
  await n.click('nav a[href="#/chart"]');
  await n.locator('text=No record yet.').waitFor();
});

test('amending: the patient amends a record, doctor A amends it again; the timeline shows the newest version with its history', async () => {
  const FIXED = 'Pangolin-4H6W-amended-by-patient';
  const AGAIN = 'Tapir-8R2D-amended-by-doctor';
  const amend = async (page, id, from, to) => {
    await page
      .locator(`ol.timeline > li[data-record="${id}"]`)
      .getByRole('button', { name: /^Open record/ })
      .click();
    await page.locator(`li[data-record="${id}"] .badge-ok`).waitFor();
    await page.getByRole('button', { name: `Amend record ${id}` }).click();
    const box = page.locator(`#amend-${id}`);
    const json = await box.inputValue();
    assert.ok(json.includes(from), 'the editor starts from the decrypted record');
    // Unchanged text is refused at the field, before any signature.
    await page.getByRole('button', { name: 'Encrypt and save the new version' }).click();
    await page.locator(`#amend-${id}-error:not([hidden])`).waitFor();
    await page.getByText('Advanced: edit FHIR JSON').click();
    await box.fill(json.replace(from, to));
    await page.getByRole('button', { name: 'Encrypt and save the new version' }).click();
    const item = page.locator('ol.timeline > li[data-record]', { hasText: `amends record ${id},` });
    try {
      await item.waitFor({ timeout: 60000 });
    } catch (e) {
      throw new Error(`${e.message}\nnotices: ${await page.textContent('#alerts').catch(() => '?')}`);
    }
    return Number(await item.getAttribute('data-record'));
  };

  const p = ctx.patient.page;
  await p.click('.subnav a[href="#/chart/add"]');
  await p.click('.subnav a[href="#/chart"]');
  const v2 = await amend(p, 1, FIRST, FIXED);
  assert.equal(
    await p.locator('ol.timeline > li[data-record="1"]').count(),
    0,
    'the old version is no longer a timeline entry',
  );
  await p
    .locator(`li[data-record="${v2}"]`)
    .getByRole('button', { name: /^Open record/ })
    .click();
  await p.locator(`li[data-record="${v2}"] .badge-ok`).waitFor();
  assert.match(await p.textContent(`li[data-record="${v2}"] .record-body`), new RegExp(FIXED));

  const a = ctx.a.page;
  await a.click('nav a[href="#/patients"]');
  await a
    .locator('li[data-patient]')
    .first()
    .getByRole('button', { name: /Open chart/ })
    .click();
  const v3 = await amend(a, v2, FIXED, AGAIN);
  assert.ok(v3 > v2);
  await screenshot(a, 'clinician-amended');

  await p.click('.subnav a[href="#/chart/add"]');
  await p.click('.subnav a[href="#/chart"]');
  const newest = p.locator(`ol.timeline > li[data-record="${v3}"]`);
  await newest.waitFor();
  assert.match(await newest.textContent(), /Earlier versions \(2\)/);
  await newest.locator('summary', { hasText: 'Earlier versions' }).click();
  await newest
    .locator('li[data-record="1"]')
    .getByRole('button', { name: /^Open record/ })
    .click();
  await newest.locator('li[data-record="1"] .badge-ok').waitFor();
  assert.match(
    await newest.locator('li[data-record="1"]').textContent(),
    new RegExp(FIRST),
    'the history keeps the original text',
  );
  await newest.getByRole('button', { name: new RegExp(`^Open record ${v3}:`) }).click();
  await newest.locator(`.record-body`).first().locator('.badge-ok').waitFor();
  assert.match(await newest.textContent(), new RegExp(AGAIN));
  assert.deepEqual(await axeSerious(p), [], 'timeline with history');
  await p.click('.subnav a[href="#/chart/activity"]');
  await p.locator('.activity li', { hasText: `Record ${v3} added` }).waitFor();
  assert.match(
    await p.textContent('.activity'),
    new RegExp(`Record ${v3} added \\(Allergies\\) by Dr Alice Test, a new version of record ${v2}\\.`),
  );
});

test('search: the patient finds a record by a word of its text, and not the others; then by category', async () => {
  const p = ctx.patient.page;
  await p.click('.subnav a[href="#/chart/add"]');
  await p.click('.subnav a[href="#/chart"]');
  await p.locator('ol.timeline > li[data-record]').first().waitFor();
  await p.fill('#timeline-search', 'narwhal');
  await p.getByRole('button', { name: 'Search', exact: true }).click();
  await p.locator('[role="status"]', { hasText: '1 record matches “narwhal”' }).waitFor();
  assert.deepEqual(
    await p.locator('ol.timeline > li[data-record]').evaluateAll((els) => els.map((e) => e.dataset.record)),
    ['2'],
  );
  assert.equal((await p.textContent('ol.timeline')).includes('Tapir'), false);
  await p.fill('#timeline-search', 'lab results');
  await p.getByRole('button', { name: 'Search', exact: true }).click();
  await p.locator('[role="status"]', { hasText: '1 record matches “lab results”' }).waitFor();
  assert.deepEqual(
    await p.locator('ol.timeline > li[data-record]').evaluateAll((els) => els.map((e) => e.dataset.record)),
    ['3'],
  );
  // A clinical date finds the lab result (dated 2026-11-20, added on another day).
  await p.fill('#timeline-search', '2026-11-20');
  await p.getByRole('button', { name: 'Search', exact: true }).click();
  await p.locator('[role="status"]', { hasText: '1 record matches “2026-11-20”' }).waitFor();
  assert.deepEqual(
    await p.locator('ol.timeline > li[data-record]').evaluateAll((els) => els.map((e) => e.dataset.record)),
    ['3'],
  );
  // Words of the record's text, not of its JSON structure.
  await p.fill('#timeline-search', 'coding');
  await p.getByRole('button', { name: 'Search', exact: true }).click();
  await p.locator('[role="status"]', { hasText: '0 records match “coding”' }).waitFor();
  await p.fill('#timeline-search', 'lab results');
  await p.getByRole('button', { name: 'Search', exact: true }).click();
  await p.locator('[role="status"]', { hasText: '1 record matches “lab results”' }).waitFor();
  await screenshot(p, 'patient-search');
  assert.deepEqual(await axeSerious(p), [], 'search results');
  await p.getByRole('button', { name: 'Show all' }).click();
  await p.locator('text=records shown.').waitFor();
});

test('family history: a confirmed relative is offered in the grant form for family history only, and reads what was shared', async () => {
  const CONDITION = 'Okapi-7Q3L-family-condition';
  const r = await session('relative', 8);
  await r.locator('nav a[href="#/chart"]').waitFor();
  await r.click('nav a[href="#/chart"]');
  await r.getByRole('button', { name: 'Set up my encryption key and register' }).click();
  await waitText(r, 'No record yet.');

  const p = ctx.patient.page;
  await p.click('.subnav a[href="#/chart/family"]');
  await p.fill('input[name="relative"]', stack.accounts[8]);
  await p.selectOption('select[name="relation"]', '1');
  await p.getByRole('button', { name: 'Propose the link' }).click();
  await p.locator('li[data-relative]', { hasText: 'Waiting for them to confirm' }).waitFor();
  await r.click('.subnav a[href="#/chart/family"]');
  await r.getByRole('button', { name: /^Confirm the family link with/ }).click();
  await r.locator('li[data-relative]', { hasText: 'Confirmed by both of you' }).waitFor();
  await r.locator('text=No relative has shared family history with you.').waitFor();

  await p.click('.subnav a[href="#/chart/add"]');
  await p.selectOption('#record-kind', 'family');
  await p.selectOption('select[name="relative"]', 'MTH');
  await p.fill('input[name="condition"]', CONDITION);
  await p.getByRole('button', { name: 'Encrypt and add the record' }).click();
  await waitText(p, 'Added as record');
  const familyId = Number((/Added as record (\d+)/.exec(await p.textContent('.progress [role="status"]')) ?? [])[1]);
  assert.ok(familyId > 0);

  await p.click('.subnav a[href="#/chart/access"]');
  const relOption = p.locator('select[name="grantee"] option', {
    hasText: new RegExp(`Your child 0x.*${stack.accounts[8].slice(-4)} \\(family history only\\)`, 'i'),
  });
  await relOption.waitFor({ state: 'attached' });
  const option = await relOption.getAttribute('value');
  await p.selectOption('select[name="grantee"]', option);
  await p.check('#scope-7');
  await p.getByRole('button', { name: 'Give access' }).click();
  await p.locator('#scopes-error:not([hidden])', { hasText: 'Family history category only' }).waitFor();
  await p.uncheck('#scope-7');
  await p.check('#scope-5');
  await p.getByRole('button', { name: 'Give access' }).click();
  await waitText(p, 'Access given to Your child');

  await r.click('.subnav a[href="#/chart"]');
  await r.click('.subnav a[href="#/chart/family"]');
  await r.getByRole('button', { name: /^Read their family history \(your parent 0x/ }).click();
  const item = r.locator(`li[data-record="${familyId}"]`);
  await item.getByRole('button', { name: /^Open record/ }).click();
  await item.locator('.badge-ok').waitFor();
  assert.match(await item.textContent(), new RegExp(`Mother: ${CONDITION}`));
  assert.match(await r.textContent('li[data-record="2"]'), /Not shared with you/);
  await screenshot(r, 'relative-family-history');
  assert.deepEqual(await axeSerious(r), [], 'family history shared with a relative');
});

test('institution grant: a new member publishes a key, the admin shares the group key again, the member reads what the patient shared with the institution', async () => {
  const { Contract, JsonRpcProvider } = await import('ethers');
  const provider = new JsonRpcProvider(stack.anvil.url, undefined, { staticNetwork: true });
  const abi = JSON.parse(readFileSync(new URL('../../contracts/out/EhrHub.json', import.meta.url), 'utf8')).abi;
  const admin = new Contract(stack.contracts.EhrHub, abi, await provider.getSigner(stack.accounts[1]));
  const carol = new Contract(stack.contracts.EhrHub, abi, await provider.getSigner(stack.accounts[9]));
  await inviteAndAccept(admin, carol, {
    institutionId: 1,
    role: 1,
    licence: 'FR-C3',
    specialty: 'Cardiology',
    displayName: 'Dr Carol Test',
  });

  const c = await session('c', 9);
  await c.locator('nav a[href="#/patients"]').waitFor();
  await c.click('nav a[href="#/patients"]');
  await c.getByRole('button', { name: 'Unlock my records' }).click();
  await c.getByRole('button', { name: 'Publish my encryption key' }).click();
  await waitText(c, 'Your encryption key is published');

  const adm = ctx.admin.page;
  await adm.click('nav a[href="#/about"]');
  await adm.click('nav a[href="#/institution"]');
  await adm.getByRole('button', { name: 'Share the group key with all members (institution 1)' }).click();
  await adm
    .locator('#status .notice-success', { hasText: 'Group key version 1 shared again' })
    .waitFor({ timeout: 60000 });
  assert.match(await adm.textContent('#status'), /Sealed to 3 members\./);

  const p = ctx.patient.page;
  await p.click('.subnav a[href="#/chart/access"]');
  const instOption = p.locator('select[name="grantee"] option', { hasText: 'Test Hospital (any of its clinicians)' });
  await instOption.waitFor({ state: 'attached' });
  assert.equal(await instOption.isDisabled(), false, 'the institution has a group key');
  await p.selectOption('select[name="grantee"]', await instOption.getAttribute('value'));
  await p.check('#scope-7');
  await p.getByRole('button', { name: 'Give access' }).click();
  await waitText(p, 'Access given to Test Hospital');

  await c.click('nav a[href="#/about"]');
  await c.click('nav a[href="#/patients"]');
  const entry = c.locator('li[data-patient][data-via="institution"]');
  await entry.waitFor();
  assert.match(await entry.textContent(), /Shared with your institution: Allergies/);
  await entry.getByRole('button', { name: /Open chart/ }).click();
  await c
    .locator('li[data-record="2"]')
    .getByRole('button', { name: /^Open record/ })
    .click();
  await c.locator('li[data-record="2"] .badge-ok').waitFor();
  assert.match(await c.textContent('li[data-record="2"]'), new RegExp(LATER));
  assert.match(await c.textContent('li[data-record="3"]'), /Not shared with you/);
  await screenshot(c, 'clinician-institution-grant');
  assert.deepEqual(await axeSerious(c), [], 'chart shared with the institution');
});

test('key rotation: after a member leaves, the admin creates a new group key; the patient renews what the institution holds; members still read', async () => {
  const NEWEST = 'Gecko-2B9N-after-rotation';
  const NEWLAB = 'Ibis-6K4C-lab-after-rotation';
  const { Contract, JsonRpcProvider } = await import('ethers');
  const provider = new JsonRpcProvider(stack.anvil.url, undefined, { staticNetwork: true });
  const abi = JSON.parse(readFileSync(new URL('../../contracts/out/EhrHub.json', import.meta.url), 'utf8')).abi;
  const admin = new Contract(stack.contracts.EhrHub, abi, await provider.getSigner(stack.accounts[1]));
  await (await admin.removeMember(1, stack.accounts[9])).wait();

  const adm = ctx.admin.page;
  await adm.click('nav a[href="#/about"]');
  await adm.click('nav a[href="#/institution"]');
  await adm.getByRole('button', { name: 'Create a new group key for institution 1' }).click();
  await adm
    .locator('#status .notice-success', { hasText: 'Group key version 2 published' })
    .waitFor({ timeout: 60000 });
  assert.match(await adm.textContent('#status'), /Sealed to 2 members\./);

  const p = ctx.patient.page;
  await p.click('.subnav a[href="#/chart"]');
  await p.click('.subnav a[href="#/chart/access"]');
  await p.locator('li[data-grantee]', { hasText: 'changed its group key' }).waitFor();
  await p.getByRole('button', { name: 'Renew the keys shared with Test Hospital (any of its clinicians)' }).click();
  // The removed member knew the group key: settling replaces the keys of every category shared
  // with the institution, for the grant and the emergency authorisation at once, sealed to the
  // new group key.
  await waitText(p, 'Keys renewed for');
  assert.match(await p.textContent('main'), /Keys renewed for .*Test Hospital \(emergencies\)/s);
  // The list is drawn again: the warning goes, the grant stays.
  await p.locator('li[data-grantee]', { hasText: 'changed its group key' }).waitFor({ state: 'detached' });
  await p.locator('li[data-grantee]', { hasText: 'Test Hospital (any of its clinicians)' }).waitFor();
  await p
    .locator('li[data-emergency-institution="1"]', { hasText: 'changed its group key' })
    .waitFor({ state: 'detached' });
  await p.locator('li[data-emergency-institution="1"]').waitFor();
  assert.match(
    await p.textContent('li[data-emergency-institution="1"]'),
    /May open in an emergency: Lab results, Allergies\./,
  );
  assert.deepEqual(await axeSerious(p), [], 'access screen with emergency authorisations');
  await addAllergy(p, NEWEST);
  const id = Number((/Added as record (\d+)/.exec(await p.textContent('.progress [role="status"]')) ?? [])[1]);
  await p.selectOption('#record-kind', 'lab');
  await p.fill('input[name="test"]', NEWLAB);
  await p.fill('input[name="value"]', '4.2');
  await p.fill('input[name="date"]', '2026-11-21');
  await p.getByRole('button', { name: 'Encrypt and add the record' }).click();
  await waitText(p, `Added as record ${id + 1}`);

  // Doctor B reads the new record through the institution's renewed grant.
  const b = ctx.b.page;
  await b.click('nav a[href="#/patients"]');
  await b
    .locator('li[data-patient][data-via="institution"]')
    .getByRole('button', { name: /Open chart/ })
    .click();
  await b
    .locator(`li[data-record="${id}"]`)
    .getByRole('button', { name: /^Open record/ })
    .click();
  await b.locator(`li[data-record="${id}"] .badge-ok`).waitFor();
  assert.match(await b.textContent(`li[data-record="${id}"]`), new RegExp(NEWEST));
  // Under the renewed emergency authorisation B reads the new lab result (no grant of B covers labs).
  await b.click('nav a[href="#/patients"]');
  await b
    .locator('li[data-patient][data-via="emergency"]')
    .getByRole('button', { name: /Open chart/ })
    .click();
  await b
    .locator(`li[data-record="${id + 1}"]`)
    .getByRole('button', { name: /^Open record/ })
    .click();
  await b.locator(`li[data-record="${id + 1}"] .badge-ok`).waitFor();
  assert.match(await b.textContent(`li[data-record="${id + 1}"]`), new RegExp(NEWLAB));
});

test('the new views fit a phone-width screen: timeline with history and search, access with emergency authorisations, the amend editor', async () => {
  const p = ctx.patient.page;
  await p.setViewportSize({ width: 375, height: 740 });
  const fits = () => p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  await p.click('.subnav a[href="#/chart/access"]');
  await p.locator('li[data-emergency-institution="1"]').waitFor();
  assert.ok(await fits(), 'access screen at 375 px');
  await p.click('.subnav a[href="#/chart"]');
  const amended = p.locator('ol.timeline > li[data-record]', { hasText: 'Earlier versions' }).first();
  await amended.waitFor();
  await amended.locator('summary', { hasText: 'Earlier versions' }).click();
  await amended
    .getByRole('button', { name: /^Open record/ })
    .first()
    .click();
  await amended.locator('.badge-ok').first().waitFor();
  await amended.getByRole('button', { name: /^Amend record/ }).click();
  await p.locator('form.amend').waitFor();
  assert.ok(await fits(), 'timeline with history and the amend editor at 375 px');
  await screenshot(p, 'phone-timeline-amend');
  assert.deepEqual(await axeSerious(p), [], 'timeline at phone width');
  await p.setViewportSize({ width: 1280, height: 800 });
});
