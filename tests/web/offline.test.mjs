// Records readable offline on a personal device, by choice (web/src/records/offline.js), in
// headless Chromium with a persistent profile (on disk, as a person's browser keeps it) and the
// service worker allowed, against anvil and the local IPFS node, with the built-in wallet (the
// public development account 3 plays Alice). Alice adds three records, makes the device personal,
// turns "Keep records I open readable offline on this device" on and opens two of them. Offline,
// a reload starts the shell from the service worker; the password unlocks the wallet kept here,
// the two records are listed and open, the third is not there. IndexedDB holds their envelopes
// exactly as IPFS serves them and encrypted metadata, no plaintext; the service worker's cache
// holds the shell and nothing else. Online again, turning the setting off deletes the store. In
// shared-terminal mode the setting is not offered and opening a record stores nothing.
// Test code holds no element handles (see records.test.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { HDNodeWallet } from 'ethers';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../lib/chromium-args.mjs';
import {
  axeSerious,
  chartReady,
  cspViolations,
  goHash,
  gotoReady,
  launchBrowser,
  openDevAccount,
  openPage,
  screenshot,
  startStack,
  waitForText,
} from './helpers.mjs';

const DEV_PHRASE = 'test test test test test test test test test test test junk';
const ALICE = 3;
const alice = HDNodeWallet.fromPhrase(DEV_PHRASE, undefined, `m/44'/60'/0'/0/${ALICE}`);
// Text that exists only in one record each (the substance of an allergy).
const MARKERS = ['Wombatberry-7Q3X-first', 'Numbatroot-2R8Y-second', 'Quollseed-9P4Z-third'];
const PASSWORD = 'offline horse battery';

let stack, browser, profileDir;
/** Alice's persistent browser: { context, page, problems }. */
let alicePage;

before(async () => {
  stack = await startStack({ config: { serviceWorker: true } });
  browser = await launchBrowser();
  profileDir = mkdtempSync(join(tmpdir(), 'ehr-offline-profile-'));
  // As tests/lib/persistent-page.mjs, but with the service worker allowed (it is what starts the
  // page offline).
  const persistent = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: { width: 1280, height: 900 },
    serviceWorkers: 'allow',
    args: [...CHROMIUM_ARGS],
  });
  alicePage = await openPage({ newContext: async () => persistent }, { anvil: stack.anvil, wallet: false });
});
after(async () => {
  await alicePage?.context.close();
  await browser?.close();
  await stack?.stop();
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
});

/** Opens record `id` on the timeline shown; its text. */
async function openRecord(page, id) {
  await page.click(`li[data-record="${id}"] button:has-text("Open")`);
  await page.locator(`li[data-record="${id}"] .badge-ok`).waitFor();
  return page.textContent(`li[data-record="${id}"]`);
}

/** Everything the origin stores, as the page sees it. */
const storage = (page) =>
  page.evaluate(async () => ({
    local: localStorage.length,
    session: sessionStorage.length,
    idb: (await indexedDB.databases()).map((d) => d.name).sort(),
    caches: await caches.keys(),
  }));

/**
 * Every value of every store of the database `name`, byte arrays as hex (read with IndexedDB
 * directly, as anyone with the profile could); null when the database does not exist.
 */
const rawDb = (page, name) =>
  page.evaluate(async (dbName) => {
    if (!(await indexedDB.databases()).some((d) => d.name === dbName)) return null;
    const db = await new Promise((resolve, reject) => {
      const r = indexedDB.open(dbName);
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const out = {};
    for (const store of db.objectStoreNames) {
      out[store] = await new Promise((resolve, reject) => {
        const r = db.transaction(store).objectStore(store).getAll();
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
    }
    db.close();
    const hex = (b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
    return JSON.parse(JSON.stringify(out, (k, v) => (v instanceof Uint8Array ? { hex: hex(v) } : v)));
  }, name);

/** URLs in the origin's Cache Storage, by cache. */
const cachedUrls = (page) =>
  page.evaluate(async () => {
    const out = {};
    for (const name of await caches.keys()) out[name] = (await (await caches.open(name)).keys()).map((r) => r.url);
    return out;
  });

const hexOf = (s) => Buffer.from(s, 'utf8').toString('hex');
const utf16Hex = (s) => Buffer.from(s, 'utf16le').toString('hex');

test('personal device, by choice: the records Alice opened are readable offline from their encrypted copies; nothing else is kept, the shell cache holds no record', async () => {
  const { page, context, problems } = alicePage;
  await gotoReady(page, stack.url);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await openDevAccount(page, ALICE);
  assert.equal(await page.textContent('#account-address'), alice.address);

  // Alice registers and adds three records.
  await page.click('nav a[href="#/chart"]');
  await page.getByRole('button', { name: 'Set up my encryption key and register' }).click();
  await waitForText(page, 'No record yet.', { problems });
  for (const [i, marker] of MARKERS.entries()) {
    await page.click('.subnav a[href="#/chart/add"]');
    await page.selectOption('#record-kind', 'allergy');
    await page.fill('input[name="substance"]', marker);
    await page.getByRole('button', { name: 'Encrypt and add the record' }).click();
    await waitForText(page, `Added as record ${i + 1}`, { problems });
  }

  // Still a shared terminal: nothing stored so far (the service worker's shell excepted).
  const before = await storage(page);
  assert.deepEqual(before.idb, []);

  // The device becomes personal; the setting is offered, off.
  await goHash(page, '#/device');
  await page.fill('input[name="device-password"]', PASSWORD);
  await page.fill('input[name="device-password-again"]', PASSWORD);
  await page.getByRole('button', { name: 'Keep the wallet on this device' }).click();
  await page.locator('#device-stored').waitFor({ timeout: 120000 });
  await page.locator('#offline-keep:not([disabled])').waitFor();
  assert.equal(await page.isChecked('#offline-keep'), false, 'off by default');
  assert.deepEqual((await storage(page)).idb, ['ehr-device'], 'nothing kept for offline yet');
  await page.check('#offline-keep');
  await waitForText(page, 'On: each record you open from now on is kept on this device, encrypted.', { problems });
  assert.deepEqual((await storage(page)).idb, ['ehr-device', 'ehr-offline']);
  assert.match(await page.textContent('#device-stored'), /encrypted copies from IPFS/);
  await screenshot(page, 'offline-setting-on');
  assert.deepEqual(await axeSerious(page), []);

  // Alice opens records 1 and 2, not 3.
  await chartReady(page);
  const cids = {};
  for (const id of [1, 2]) {
    assert.match(await openRecord(page, id), new RegExp(`Allergy: ${MARKERS[id - 1]}`));
    cids[id] = (await page.getAttribute(`li[data-record="${id}"] .badge-ok`, 'title')).replace(/^IPFS /, '');
  }
  await page.locator('li[data-record="3"]').waitFor();
  cids[3] = null;
  // Kept as they opened (written in the background).
  await page.waitForFunction(
    async () => {
      const db = await new Promise((resolve) => {
        const r = indexedDB.open('ehr-offline');
        r.onsuccess = () => resolve(r.result);
      });
      const n = await new Promise((resolve) => {
        const r = db.transaction('records').objectStore('records').count();
        r.onsuccess = () => resolve(r.result);
      });
      db.close();
      return n === 2;
    },
    null,
    { polling: 200, timeout: 30000 },
  );

  // What is stored: each envelope byte for byte as the IPFS node serves it, and metadata that
  // says nothing in clear — no record text, no CID, no address.
  const db = await rawDb(page, 'ehr-offline');
  assert.deepEqual(Object.keys(db), ['records']);
  assert.equal(db.records.length, 2);
  const served = [];
  for (const id of [1, 2]) {
    const res = await fetch(`${stack.node.gatewayUrl}/ipfs/${cids[id]}?format=raw`, {
      headers: { accept: 'application/vnd.ipld.raw' },
    });
    assert.equal(res.status, 200);
    served.push(Buffer.from(await res.arrayBuffer()).toString('hex'));
  }
  assert.deepEqual(db.records.map((r) => r.envelope.hex).sort(), served.sort(), 'the envelopes as IPFS serves them');
  const dump = JSON.stringify(db).toLowerCase();
  for (const m of MARKERS) {
    assert.equal(dump.includes(m.toLowerCase()), false, `${m} is not stored in clear`);
    assert.equal(dump.includes(hexOf(m).toLowerCase()), false, `${m} is not in the stored bytes (UTF-8)`);
    assert.equal(dump.includes(utf16Hex(m).toLowerCase()), false, `${m} is not in the stored bytes (UTF-16)`);
  }
  for (const r of db.records) {
    assert.equal(r.nonce.hex.length, 48, 'a 24-byte nonce');
    const meta = r.meta.hex;
    for (const cid of [cids[1], cids[2]]) assert.equal(meta.includes(hexOf(cid)), false, 'the CID is encrypted');
    assert.equal(meta.includes(hexOf(alice.address.slice(2).toLowerCase())), false, 'the address is encrypted');
    assert.equal(meta.includes(hexOf('"scope"')), false, 'the metadata is not JSON in clear');
  }
  assert.equal(dump.includes(cids[1].toLowerCase()), false);

  // The service worker's cache: this build's shell, nothing else (no record, no gateway URL).
  const shell = stack.built.files.filter((f) => f !== 'sw.js').map((f) => new URL(f, stack.url).href);
  const cached = await cachedUrls(page);
  assert.equal(Object.keys(cached).length, 1, `one shell cache, got ${Object.keys(cached)}`);
  const urls = Object.values(cached)[0];
  assert.deepEqual([...urls].sort(), [...shell].sort());
  for (const cid of [cids[1], cids[2]])
    assert.equal(
      urls.some((u) => u.includes(cid)),
      false,
    );

  // Offline: the reload starts from the service worker; the chart offers the unlock.
  await context.setOffline(true);
  const fromWorker = [];
  const onResponse = (r) => fromWorker.push(r.fromServiceWorker());
  page.on('response', onResponse);
  await page.reload();
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true', null, { timeout: 30000 });
  await page.locator('#offline-unlock').waitFor();
  assert.ok(fromWorker.length > 5 && fromWorker.every(Boolean), 'every response came from the service worker');
  page.off('response', onResponse);
  assert.match(await page.textContent('#offline-banner'), /^Offline: this device cannot reach the network/);
  assert.equal(await page.locator('#main-nav a[href="#/chart"]').count(), 1, 'the chart is in the menu offline');
  await screenshot(page, 'offline-unlock');
  assert.deepEqual(await axeSerious(page), []);
  // Connect leads to the chart's unlock (no wallet connects offline).
  await page.click('nav a[href="#/connect"]');
  await page.locator('#offline-unlock').waitFor();
  assert.equal(await page.evaluate(() => location.hash), '#/chart');

  await page.fill('#offline-unlock input[name="password"]', 'wrong password');
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
  await waitForText(page, 'Wrong password.', { problems, timeout: 120000 });
  await page.fill('#offline-unlock input[name="password"]', PASSWORD);
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
  await page.locator('#offline-records').waitFor({ timeout: 120000 });
  assert.equal(
    await page.textContent('#offline-banner'),
    'Offline: showing the 2 records kept on this device; nothing can be added or shared until you are online.',
  );
  assert.deepEqual(
    await page.locator('#offline-records > li').evaluateAll((els) => els.map((e) => e.dataset.record)),
    ['2', '1'],
    'records 2 and 1, newest first; record 3 was never opened',
  );
  assert.equal(await page.locator('li[data-record="3"]').count(), 0);
  for (const id of [2, 1]) {
    const text = await openRecord(page, id);
    assert.match(text, new RegExp(`Allergy: ${MARKERS[id - 1]}`));
    assert.match(text, /Kept on this device/);
    assert.match(text, /added by you/);
  }
  assert.equal(await page.locator('#offline-records button:has-text("Amend")').count(), 0, 'nothing to amend');
  assert.equal(await page.locator('#offline-records button:has-text("Redact")').count(), 0, 'nothing to redact');
  assert.equal((await page.textContent('#main')).includes(MARKERS[2]), false, 'the third record is nowhere');
  await screenshot(page, 'offline-records');
  assert.deepEqual(await axeSerious(page), []);
  // In Spanish too (the footer's switch redraws the screen from the same session).
  await page.selectOption('#language', 'es');
  await page.locator('#offline-banner:has-text("Sin conexión")').waitFor();
  assert.equal(
    await page.textContent('#offline-banner'),
    'Sin conexión: se muestran los 2 registros guardados en este dispositivo; no se puede añadir ni compartir nada hasta que tenga conexión.',
  );
  assert.equal(await page.textContent('#session-state'), 'Sin conexión');
  await screenshot(page, 'offline-records-es');
  await page.selectOption('#language', 'en');
  await page.locator('#offline-banner:has-text("Offline")').waitFor();
  assert.equal(await page.textContent('#session-state'), 'Offline');
  // Lock wipes the offline session: its keys, the records on screen; the unlock asks again.
  await page.click('#lock-now');
  await page.locator('#lock-reason').waitFor();
  assert.equal(
    await page.evaluate(async () =>
      (await import(new URL('web/src/key-registry.js', document.baseURI).href)).liveKeyCount(),
    ),
    0,
  );
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
  await page.locator('#offline-unlock').waitFor();
  assert.equal(await page.locator('#offline-records').count(), 0, 'the records wait for the password again');
  assert.equal((await page.textContent('#main')).includes(MARKERS[0]), false);
  // The other screens of the chart need the network and say so.
  await page.click('.subnav a[href="#/chart/add"]');
  await waitForText(page, 'Offline: this needs the network.', { problems });
  assert.equal(await page.locator('#record-kind').count(), 0, 'no form to add a record');
  await screenshot(page, 'offline-add');
  // Nothing of the offline session was written anywhere (the count is still 2, no new database).
  assert.deepEqual((await storage(page)).idb, ['ehr-device', 'ehr-offline']);
  assert.equal((await rawDb(page, 'ehr-offline')).records.length, 2);
  assert.deepEqual(await cachedUrls(page), cached, 'the shell cache did not grow offline');

  // Online again: the page connects as before; turning the setting off deletes the store.
  await context.setOffline(false);
  await page.reload();
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true', null, { timeout: 30000 });
  await page.click('nav a[href="#/connect"]');
  await page.locator('#unlock-form').waitFor();
  await page.fill('#unlock-form input[name="password"]', PASSWORD);
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
  await page.waitForFunction(() => location.hash !== '#/wallet/unlock', null, { timeout: 120000 });
  await page.click('nav a[href="#/account"]');
  assert.equal(await page.textContent('#account-address'), alice.address);
  assert.equal(
    await page.evaluate(() => document.documentElement.dataset.offline),
    undefined,
    'online: no offline mode',
  );
  await goHash(page, '#/device');
  await page.locator('#offline-keep:checked:not([disabled])').waitFor();
  // The count is said before the setting becomes usable.
  assert.match(await page.textContent('#offline-status'), /2 records are kept on this device/);
  await page.uncheck('#offline-keep');
  await waitForText(page, 'Off: the records kept on this device were deleted.', { problems });
  assert.deepEqual((await storage(page)).idb, ['ehr-device'], 'the kept records are gone');
  assert.equal(await rawDb(page, 'ehr-offline'), null);
  // Off: opening a record keeps nothing again.
  await chartReady(page);
  assert.match(await openRecord(page, 3), new RegExp(`Allergy: ${MARKERS[2]}`));
  await page.waitForTimeout(1000);
  assert.deepEqual((await storage(page)).idb, ['ehr-device']);
  assert.deepEqual(await cspViolations(page, problems), []);
  assert.deepEqual(
    problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|beforeunload/i.test(p)),
    [],
  );
});

test('shared-terminal mode (the default): the setting is not offered, and opening records stores nothing', async () => {
  const { page, problems, context } = await openPage(browser, { anvil: stack.anvil, wallet: false });
  try {
    await gotoReady(page, stack.url);
    await openDevAccount(page, ALICE);
    await goHash(page, '#/device');
    await page.locator('#device-keep').waitFor();
    assert.equal(await page.locator('#offline-keep').count(), 0, 'no offline setting on a shared terminal');
    await chartReady(page);
    for (const id of [1, 2]) assert.match(await openRecord(page, id), new RegExp(`Allergy: ${MARKERS[id - 1]}`));
    await page.waitForTimeout(1000);
    assert.deepEqual(await storage(page), { local: 0, session: 0, idb: [], caches: [] });
    assert.deepEqual(await cspViolations(page, problems), []);
    // (This context blocks service workers, as the other suites' do.)
    assert.deepEqual(
      problems.filter((p) => !/Service Worker registration blocked/.test(p)),
      [],
    );
  } finally {
    await context.close();
  }
});
