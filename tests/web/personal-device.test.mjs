// Personal-device mode and a second device, in headless Chromium against anvil (contracts
// deployed) and the local IPFS node, with the built-in wallet (the public development account 3
// plays Alice). Shared-terminal mode, the default, keeps nothing: no IndexedDB, localStorage,
// sessionStorage, cookie, OPFS entry or cache after lock, and warns before leaving a form with
// input or while an upload runs. Personal-device mode keeps the wallet encrypted in IndexedDB (scrypt), survives a reload
// with the password and with a passkey (a virtual WebAuthn authenticator with the PRF extension,
// through the Chrome DevTools Protocol), brings drafts back (stored encrypted), and adds a second
// device by QR code: a second browser context (its own storage) shows its code, the first device
// reads it (through the typed-code path; the QR images are read with the page's own decoder), both
// show the same digits, and the second device opens Alice's records without the phrase.
// Test code holds no element handles (see records.test.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { HDNodeWallet } from 'ethers';
import {
  axeSerious,
  chartReady,
  cspViolations,
  goHash,
  gotoReady,
  heapSnapshot,
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
// Text that exists only in Alice's record and in a draft.
const MARKER = 'Quokkaberry-5T2W-allergen';
const DRAFT = 'Draftwort-8K4M-pollen';
const PASSWORD = 'correct horse battery';

let stack, browser;
/** Alice's first device (127.0.0.1), kept across the tests. */
let first;

before(async () => {
  stack = await startStack();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await stack?.stop();
});

/** A fresh browser context (its own storage) on the page, without an extension wallet. */
async function openContext(url = stack.url, viewport) {
  const r = await openPage(browser, { anvil: stack.anvil, wallet: false, ...(viewport ? { viewport } : {}) });
  await gotoReady(r.page, url);
  return r;
}

/** Everything the origin stores, as the page sees it. */
const storage = (page) =>
  page.evaluate(async () => {
    const opfs = [];
    for await (const name of (await navigator.storage.getDirectory()).keys()) opfs.push(name);
    return {
      local: localStorage.length,
      session: sessionStorage.length,
      cookie: document.cookie,
      idb: (await indexedDB.databases()).map((d) => d.name),
      opfs,
      caches: await caches.keys(),
    };
  });

/** The personal-device database's entries, byte arrays as hex (read with IndexedDB directly). */
const deviceDb = (page) =>
  page.evaluate(async () => {
    if (!(await indexedDB.databases()).some((d) => d.name === 'ehr-device')) return null;
    const db = await new Promise((resolve, reject) => {
      const r = indexedDB.open('ehr-device');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const out = {};
    await new Promise((resolve, reject) => {
      const c = db.transaction('kv').objectStore('kv').openCursor();
      c.onsuccess = () => {
        if (!c.result) return resolve();
        out[c.result.key] = c.result.value;
        c.result.continue();
      };
      c.onerror = () => reject(c.error);
    });
    db.close();
    const hex = (b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
    return JSON.parse(JSON.stringify(out, (k, v) => (v instanceof Uint8Array ? { hex: hex(v) } : v)));
  });

/** Whether leaving the page now would ask "Leave the page?" (a beforeunload handler cancels). */
const leaveWarned = (page) =>
  page.evaluate(() => {
    const e = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(e);
    return e.defaultPrevented;
  });

/** Reads a QR code the page shows (an <svg>) with the page's own decoder (web/src/qr-scan.js). */
const readQr = (page, selector) =>
  page.evaluate(async (sel) => {
    const svg = document.querySelector(sel);
    const img = new Image();
    img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(svg))}`;
    await img.decode();
    const side = svg.viewBox.baseVal.width * 4;
    const canvas = document.createElement('canvas');
    canvas.width = side;
    canvas.height = side;
    const ctx = canvas.getContext('2d');
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(img, 0, 0, side, side);
    const { decodeQrImage } = await import(new URL('web/src/qr-scan.js', document.baseURI).href);
    return decodeQrImage(ctx.getImageData(0, 0, side, side));
  }, selector);

/** Both sizes of a screen, looked at by a person afterwards. */
async function shots(page, name) {
  const size = page.viewportSize();
  await screenshot(page, `${name}-1280`);
  await page.setViewportSize({ width: 375, height: 800 });
  await screenshot(page, `${name}-375`);
  assert.deepEqual(await axeSerious(page), [], `${name} at 375 px`);
  await page.setViewportSize(size);
}

test('shared-terminal mode (the default): an upload or a form with input warns before leaving; lock leaves no IndexedDB, localStorage, OPFS or cache', async () => {
  first = await openContext(stack.url, { width: 1280, height: 900 });
  const { page, problems } = first;
  assert.deepEqual(await storage(page), { local: 0, session: 0, cookie: '', idb: [], opfs: [], caches: [] });
  await openDevAccount(page, ALICE);
  assert.equal(await page.textContent('#account-address'), alice.address);
  // Alice registers and adds a record (the second device reads it at the end).
  await page.click('nav a[href="#/chart"]');
  await page.getByRole('button', { name: 'Set up my encryption key and register' }).click();
  await waitForText(page, 'No record yet.', { problems });
  await page.click('.subnav a[href="#/chart/add"]');
  await page.selectOption('#record-kind', 'allergy');
  await page.fill('input[name="substance"]', MARKER);
  // While the upload runs (held at the node's door until checked), leaving asks first.
  let release;
  const held = new Promise((r) => (release = r));
  let reached;
  const uploading = new Promise((r) => (reached = r));
  const isUpload = (url) => url.pathname === '/api/v0/add';
  await first.context.route(isUpload, async (route) => {
    reached();
    await held;
    await route.continue();
  });
  await page.getByRole('button', { name: 'Encrypt and add the record' }).click();
  await uploading;
  assert.equal(await leaveWarned(page), true, 'an upload is running');
  release();
  await waitForText(page, 'Added as record 1', { problems });
  await first.context.unroute(isUpload);

  // A form with input: the browser asks before the page is left (a real dialog: the typing gave
  // the page a user activation), and stops asking once the input is gone.
  await page.click('.subnav a[href="#/chart/add"]');
  await page.selectOption('#record-kind', 'allergy');
  assert.equal(await leaveWarned(page), false, 'nothing typed yet');
  await page.locator('input[name="substance"]').focus();
  await page.keyboard.type('Birch');
  assert.equal(await leaveWarned(page), true, 'input not saved anywhere');
  const dialog = page.waitForEvent('dialog');
  await page.close({ runBeforeUnload: true });
  const d = await dialog;
  assert.equal(d.type(), 'beforeunload');
  await d.dismiss();
  assert.equal(page.isClosed(), false, 'staying on the page keeps it');
  await page.fill('input[name="substance"]', '');
  assert.equal(await leaveWarned(page), false, 'the input is gone');
  await page.fill('input[name="substance"]', 'Birch');

  // Lock: nothing stored anywhere, before or after.
  assert.deepEqual(await storage(page), { local: 0, session: 0, cookie: '', idb: [], opfs: [], caches: [] });
  await page.click('#lock-now');
  await page.locator('#lock-reason').waitFor();
  assert.deepEqual(await storage(page), { local: 0, session: 0, cookie: '', idb: [], opfs: [], caches: [] });
  assert.equal(await leaveWarned(page), false, 'lock wiped the draft');
  assert.deepEqual(await cspViolations(page, problems), []);
});

test('personal-device mode: the wallet kept encrypted (scrypt) in IndexedDB; after a reload Connect leads to the unlock, the password opens the same account and the draft comes back', async () => {
  const { page, problems } = first;
  await page.getByRole('button', { name: 'Start again' }).click();
  await openDevAccount(page, ALICE);
  await page.click('nav a[href="#/settings"]');
  assert.match(await page.textContent('#device-summary'), /Shared terminal: this device keeps nothing/);
  await page.click('#device-settings-link');
  await page.locator('#device-keep').waitFor();
  await shots(page, 'device-settings-shared');
  await page.fill('input[name="device-password"]', PASSWORD);
  await page.fill('input[name="device-password-again"]', 'something else');
  await page.getByRole('button', { name: 'Keep the wallet on this device' }).click();
  await waitForText(page, 'The two passwords differ.', { problems });
  await page.fill('input[name="device-password-again"]', PASSWORD);
  await page.getByRole('button', { name: 'Keep the wallet on this device' }).click();
  await page.locator('#device-stored').waitFor({ timeout: 120000 });
  assert.match(await page.textContent('#device-mode'), new RegExp(`Personal device.*${alice.address}`));
  await shots(page, 'device-settings-personal');

  // What is stored: a scrypt keystore of Alice's key, no key or password in clear.
  let db = await deviceDb(page);
  assert.deepEqual(Object.keys(db), ['wallet']);
  const ks = JSON.parse(db.wallet.keystore);
  assert.equal(ks.crypto.kdf, 'scrypt');
  assert.equal(ks.crypto.kdfparams.n, 131072);
  assert.equal(`0x${ks.address}`.toLowerCase(), alice.address.toLowerCase());
  assert.equal(db.wallet.passkey, null);
  const dump = JSON.stringify(db);
  assert.equal(dump.includes(alice.privateKey.slice(2)), false, 'the private key is not stored in clear');
  assert.equal(dump.includes(PASSWORD), false);

  // A draft is stored encrypted as it is typed; once stored, leaving asks nothing.
  await chartReady(page);
  await page.click('.subnav a[href="#/chart/add"]');
  await page.selectOption('#record-kind', 'allergy');
  await page.locator('input[name="substance"]').focus();
  await page.keyboard.type(DRAFT);
  await page.waitForFunction(
    () => {
      const e = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(e);
      return !e.defaultPrevented;
    },
    null,
    { polling: 100 },
  );
  db = await deviceDb(page);
  const draftKey = `drafts:${alice.address.toLowerCase()}`;
  assert.deepEqual(Object.keys(db).sort(), [draftKey, 'wallet']);
  assert.equal(db[draftKey].nonce.hex.length, 48, 'a 24-byte nonce');
  const hexOf = (s) => Buffer.from(s).toString('hex');
  assert.equal(JSON.stringify(db).includes(DRAFT), false, 'the draft is not stored in clear');
  assert.equal(db[draftKey].ciphertext.hex.includes(hexOf(DRAFT)), false);

  // F5: no dialog (the draft is stored), every key gone, the chart asks for a wallet; Connect
  // leads to the unlock of the wallet kept here, not to the wallet list.
  const dialogs = [];
  page.on('dialog', (dlg) => {
    dialogs.push(dlg.type());
    dlg.accept();
  });
  await page.reload();
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
  assert.deepEqual(dialogs, []);
  await goHash(page, '#/chart');
  await page.locator('main a[href="#/connect"]').click();
  await page.locator('#unlock-form').waitFor();
  assert.equal(await page.evaluate(() => location.hash), '#/wallet/unlock');
  assert.equal(await page.textContent('#unlock-account'), alice.address);
  assert.equal(await page.locator('button[data-wallet]').count(), 0, 'no wallet list');
  await shots(page, 'device-unlock');
  // "Use another wallet" reaches the wallet list once; Connect leads to the unlock again after.
  await page.click('#unlock-other-wallet');
  await page.locator('#found-heading').waitFor();
  assert.equal(await page.evaluate(() => location.hash), '#/connect');
  await page.click('nav a[href="#/connect"]');
  await page.locator('#unlock-form').waitFor();
  await page.fill('input[name="password"]', 'wrong password');
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
  await waitForText(page, 'Wrong password.', { problems, timeout: 120000 });
  await page.fill('input[name="password"]', PASSWORD);
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
  // Back on the chart, as the same account, with no phrase typed.
  await page.locator('.subnav a[href="#/chart/add"], button:has-text("Unlock my records")').first().waitFor({
    timeout: 120000,
  });
  assert.equal(await page.evaluate(() => location.hash), '#/chart');
  await page.click('nav a[href="#/account"]');
  assert.equal(await page.textContent('#account-address'), alice.address);
  await chartReady(page);
  await page.click('.subnav a[href="#/chart/add"]');
  await page.selectOption('#record-kind', 'allergy');
  assert.equal(await page.inputValue('input[name="substance"]'), DRAFT, 'the draft survived the reload');

  // Lock still wipes every key and the draft from memory; the encrypted copies stay, and the
  // lock screen leads back to the unlock.
  assert.ok((await heapSnapshot(page)).includes(DRAFT), 'control: the draft is in the heap while shown');
  await page.click('#lock-now');
  await page.locator('#lock-reason').waitFor();
  assert.equal(
    await page.evaluate(async () =>
      (await import(new URL('web/src/key-registry.js', document.baseURI).href)).liveKeyCount(),
    ),
    0,
  );
  const snap = await heapSnapshot(page);
  assert.equal(snap.includes(DRAFT), false, 'the draft left the JS heap');
  assert.deepEqual(Object.keys(await deviceDb(page)).sort(), [draftKey, 'wallet']);
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
  await page.fill('input[name="password"]', PASSWORD);
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
  await page.locator('#account-address').waitFor({ timeout: 120000 });
  assert.equal(await page.textContent('#account-address'), alice.address);
  assert.deepEqual(await cspViolations(page, problems), []);
  assert.deepEqual(
    problems.filter((p) => !/beforeunload/i.test(p)),
    [],
  );
});

test('personal-device mode with a passkey: a virtual authenticator without PRF falls back to the password; one with PRF unlocks after a reload', async () => {
  // WebAuthn needs a domain: the same page at localhost (another origin: its own storage).
  const r = await openContext(stack.url.replace('127.0.0.1', 'localhost'), { width: 1280, height: 900 });
  const { page, context, problems } = r;
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const authenticator = (hasPrf) =>
    cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        ctap2Version: 'ctap2_1',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        hasPrf,
        automaticPresenceSimulation: true,
      },
    });
  const withoutPrf = await authenticator(false);
  await openDevAccount(page, ALICE);
  await goHash(page, '#/device');
  await page.fill('input[name="device-password"]', PASSWORD);
  await page.fill('input[name="device-password-again"]', PASSWORD);
  await page.check('#device-passkey');
  await page.getByRole('button', { name: 'Keep the wallet on this device' }).click();
  await waitForText(page, 'No passkey was added', { problems, timeout: 120000 });
  assert.match(await page.textContent('#alerts'), /PRF extension/);
  await page.locator('#device-stored').waitFor();
  assert.equal((await deviceDb(page)).wallet.passkey, null, 'the password stays the only way in');

  await cdp.send('WebAuthn.removeVirtualAuthenticator', withoutPrf);
  await authenticator(true);
  await page.getByRole('button', { name: 'Add a passkey' }).click();
  await waitForText(page, 'Passkey added', { problems });
  const db = await deviceDb(page);
  const second = JSON.parse(db.wallet.passkey.keystore);
  assert.equal(second.crypto.kdf, 'pbkdf2', 'under a 256-bit key from the PRF output');
  assert.equal(db.wallet.passkey.salt.hex.length, 64);
  assert.ok(db.wallet.passkey.credentialId.hex.length > 0);
  assert.match(await page.textContent('#device-stored'), /passkey/);

  await page.reload();
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
  await page.click('nav a[href="#/connect"]');
  await page.locator('#unlock-passkey:not([hidden])').waitFor();
  await page.click('#unlock-passkey');
  // Back where Connect was asked for (the device screen), as the same account.
  await page.locator('#device-add-link').waitFor();
  assert.equal(await page.evaluate(() => location.hash), '#/device');
  await page.click('nav a[href="#/account"]');
  await page.locator('#account-address').waitFor();
  assert.equal(await page.textContent('#account-address'), alice.address);
  assert.deepEqual(await cspViolations(page, problems), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a second device added by QR code: the same digits on both screens; the new device opens Alice’s records without the phrase', async () => {
  const a = first.page;
  const b = await openContext(stack.url, { width: 1280, height: 900 });
  const { page: n, problems } = b;
  // The new device: a fresh browser (its own storage) chooses "Add this device to my chart".
  await n.click('nav a[href="#/wallet"]');
  await n.getByRole('link', { name: 'Add this device to my chart (from my other device)' }).click();
  await n.locator('#link-new-text').waitFor();
  const newCode = await n.inputValue('#link-new-text');
  assert.match(newCode, /^ehr-device:1:new:[A-Za-z0-9_-]{43}$/);
  assert.equal(await readQr(n, '#link-new svg'), newCode, 'the QR code holds the text code');
  await shots(n, 'device-join-code');

  // The first device reads it (the typed-code path), answers, and shows the digits.
  await goHash(a, '#/device');
  await a.click('#device-add-link');
  await a.fill('textarea[name="new-device-code"]', 'ehr-device:1:new:not-a-code');
  await a.getByRole('button', { name: 'Continue' }).click();
  await waitForText(a, 'This code cannot be read', { problems: first.problems });
  await a.fill('textarea[name="new-device-code"]', newCode);
  await a.getByRole('button', { name: 'Continue' }).click();
  await a.locator('#link-code').waitFor();
  const reply = await a.inputValue('#link-reply-text');
  assert.equal(await readQr(a, '#link-reply svg'), reply);
  const firstDigits = await a.textContent('#link-code');
  assert.equal(await a.locator('#link-wallet-text').count(), 0, 'nothing is sealed before the digits are confirmed');
  assert.match(firstDigits, /^\d{3} \d{3}$/);
  await shots(a, 'device-add-compare');

  // The new device reads the answer and shows the same digits; the person confirms on both.
  await n.fill('textarea[name="reply-code"]', reply);
  await n.getByRole('button', { name: 'Continue' }).click();
  await n.locator('#link-code').waitFor();
  assert.equal(await n.textContent('#link-code'), firstDigits, 'the same digits on both screens');
  await shots(n, 'device-join-compare');
  await n.getByRole('button', { name: 'The digits match' }).click();
  await a.getByRole('button', { name: 'The same digits show on the new device' }).click();
  await a.locator('#link-wallet-text').waitFor();
  const walletCode = await a.inputValue('#link-wallet-text');
  assert.ok(walletCode.length < 900, `the wallet code is ${walletCode.length} characters`);
  assert.equal(await readQr(a, '#link-wallet svg'), walletCode, 'one QR code holds the whole wallet code');
  assert.equal(walletCode.includes(alice.address.slice(2).toLowerCase()), false, 'sealed: not even the address shows');
  await shots(a, 'device-add-wallet');

  // The new device opens it (the wrong code first), keeps it under its own password, opens the chart.
  await n.fill('textarea[name="wallet-code"]', reply);
  await n.getByRole('button', { name: 'Open the wallet' }).click();
  await waitForText(n, 'this is the reply code, not the wallet code', { problems });
  await n.fill('textarea[name="wallet-code"]', walletCode);
  await n.getByRole('button', { name: 'Open the wallet' }).click();
  await n.locator('#link-account').waitFor();
  assert.equal(await n.textContent('#link-account'), alice.address);
  await shots(n, 'device-join-keep');
  await n.fill('input[name="device-password"]', 'another device password');
  await n.fill('input[name="device-password-again"]', 'another device password');
  await n.getByRole('button', { name: 'Keep the wallet and open my chart' }).click();
  await n.waitForFunction(() => location.hash === '#/chart', null, { timeout: 120000 });
  await chartReady(n);
  await n.locator('li[data-record="1"]').waitFor();
  await n.click('li[data-record="1"] button:has-text("Open")');
  await n.locator('li[data-record="1"] .badge-ok').waitFor();
  assert.match(await n.textContent('li[data-record="1"]'), new RegExp(`Allergy: ${MARKER}`));
  await screenshot(n, 'device-join-chart');
  const kept = await deviceDb(n);
  assert.equal(JSON.parse(kept.wallet.keystore).address.toLowerCase(), alice.address.slice(2).toLowerCase());
  assert.deepEqual(await cspViolations(n, problems), []);
  assert.deepEqual(problems, []);
  await b.context.close();

  // "Forget this device" on the first device removes everything stored.
  await goHash(a, '#/device');
  await a.getByRole('button', { name: 'Forget this device' }).click();
  await a.getByRole('button', { name: 'Yes, forget everything' }).click();
  await a.locator('#device-keep').waitFor();
  assert.deepEqual(await storage(a), { local: 0, session: 0, cookie: '', idb: [], opfs: [], caches: [] });
  await first.context.close();
});
