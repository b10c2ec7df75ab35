// The built-in wallet in headless Chromium: create (phrase shown once, confirmed), restore,
// keystore (KDF on the worker), development accounts, and lock during the phrase screens wiping the
// phrase from the DOM and the JS heap. Skipped as a whole when the module in this build has no
// wallet functions (the page then says so, which page.test.mjs checks).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HDNodeWallet, Mnemonic, Wallet, encryptKeystoreJsonSync } from 'ethers';
import {
  axeSerious,
  buildPage,
  moduleHas,
  cspViolations,
  gotoReady,
  heapSnapshot,
  launchBrowser,
  openPage,
  randomPrefix,
  screenshot,
  startAnvil,
  startStaticServer,
} from './helpers.mjs';

let anvil, built, server, browser, prefix, tmp;

before(async () => {
  anvil = await startAnvil();
  built = buildPage({ rpcUrl: anvil.url });
  // The module always carries the wallet area; a build without it must fail here, not skip.
  assert.ok(moduleHas('wallet.js'), 'the module lacks its wallet area');
  assert.equal(built.config.features.builtinWallet, true);
  prefix = randomPrefix();
  server = await startStaticServer({ [prefix]: built.out });
  browser = await launchBrowser();
  tmp = mkdtempSync(join(tmpdir(), 'ehr-web-wallet-'));
});

after(async () => {
  await browser?.close();
  await server?.close();
  await anvil?.stop();
  built?.remove();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const open = async (opts = {}) => {
  const r = await openPage(browser, { anvil, wallet: false, ...opts });
  await gotoReady(r.page, `${server.origin}${prefix}`);
  return r;
};

/** The phrase on screen, word by word. */
const shownWords = (page) => page.$$eval('#mnemonic-words li', (els) => els.map((e) => e.textContent));

test('create: the phrase is shown once, three words are confirmed, the wallet opens', async () => {
  const { page, problems, context } = await open();
  await page.click('nav a[href="#/wallet"]');
  await screenshot(page, 'builtin-wallet');
  assert.deepEqual(await axeSerious(page), [], 'built-in wallet screen');
  await page.click('a[href="#/wallet/create"]');
  await page.getByRole('button', { name: 'Show my recovery phrase' }).click();
  await page.locator('#mnemonic-words li').first().waitFor();
  const words = await shownWords(page);
  assert.equal(words.length, 12);
  assert.ok(Mnemonic.isValidMnemonic(words.join(' ')), 'a valid BIP-39 phrase');
  await screenshot(page, 'builtin-create-phrase');
  assert.deepEqual(await axeSerious(page), [], 'phrase screen');
  assert.equal(await page.isDisabled('button:has-text("Continue")'), true, 'Continue waits for the check box');
  await page.check('#written-down');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.locator('#confirm-heading').first().waitFor();
  assert.equal(await page.locator('#mnemonic-words').count(), 0, 'the phrase is no longer on screen');
  const labels = await page.$$eval('form label', (els) => els.map((e) => e.textContent));
  const positions = labels.map((l) => Number(/Word (\d+)/.exec(l)[1]) - 1);
  assert.equal(positions.length, 3);
  // A wrong word: the field says so and keeps what was typed.
  const inputs = page.locator('form input[type="text"]');
  for (let i = 0; i < 3; i++) {
    await inputs.nth(i).focus();
    await page.keyboard.type(i === 1 ? 'zzzz' : words[positions[i]]);
  }
  await page.getByRole('button', { name: 'Confirm and open the wallet' }).click();
  await page.locator('.field-error:not([hidden])').first().waitFor();
  assert.match(await page.textContent('.field-error:not([hidden])'), new RegExp(`not word ${positions[1] + 1}`));
  assert.equal(await inputs.nth(0).inputValue(), words[positions[0]], 'typed words are kept after the error');
  assert.equal(await inputs.nth(1).getAttribute('aria-invalid'), 'true');
  await screenshot(page, 'builtin-create-confirm-error');
  assert.deepEqual(await axeSerious(page), [], 'confirm screen with an error');
  await inputs.nth(1).fill('');
  await inputs.nth(1).focus();
  await page.keyboard.type(words[positions[1]]);
  await page.getByRole('button', { name: 'Confirm and open the wallet' }).click();
  await page.locator('#account-address').first().waitFor();
  const expected = HDNodeWallet.fromPhrase(words.join(' ')).address;
  assert.equal(await page.textContent('#account-address'), expected);
  await page.waitForFunction(() => /ETH/.test(document.getElementById('account-balance')?.textContent ?? ''));
  assert.equal(await page.textContent('#account-balance'), '0 ETH');
  assert.match(await page.textContent('.facts'), /Built-in wallet/);
  assert.deepEqual(await cspViolations(page, problems), []);
  assert.deepEqual(problems, []);
  await context.close();
});

/** Every adjacent pair of words, joined as they are in the phrase. */
const pairs = (words) => words.slice(1).map((w, i) => `${words[i]} ${w}`);
/** True if `text` holds `pair` as whole words ("network errors" does not hold "network error"). */
const holds = (text, pair) => new RegExp(`(?<![a-z])${pair}(?![a-z])`).test(text);

test('lock while the phrase is on screen wipes it from the DOM and the JS heap', async () => {
  const { page, context } = await open();
  await page.evaluate(() => {
    location.hash = '#/wallet/create';
  });
  await page.getByRole('button', { name: 'Show my recovery phrase' }).waitFor();
  // Word pairs the page holds anyway (its own texts: "network error" is two BIP-39 words) are no
  // trace of the phrase: pairs count as whole words, and those already in the heap before the
  // phrase exists are left out.
  const baseline = await heapSnapshot(page);
  await page.getByRole('button', { name: 'Show my recovery phrase' }).click();
  await page.locator('#mnemonic-words li').first().waitFor();
  const words = await shownWords(page);
  const phrase = words.join(' ');
  const telling = pairs(words).filter((p) => !holds(baseline, p));
  assert.ok(telling.length >= 8, `too few of the phrase's word pairs are new to the page: ${telling.length}`);
  // Control: the heap holds the phrase while it is shown, so the search below can fail.
  const before = await heapSnapshot(page);
  assert.ok(before.includes(phrase), 'the phrase should be in the heap while shown');
  assert.ok(
    telling.every((p) => holds(before, p)),
    'the pair search finds every pair while shown',
  );
  await page.click('#lock-now');
  await page.locator('#lock-reason').first().waitFor();
  const html = await page.content();
  assert.equal(html.includes(phrase), false);
  assert.equal(
    telling.some((p) => holds(html, p)),
    false,
    'no two phrase words together in the DOM',
  );
  assert.equal(await page.locator('#mnemonic-words').count(), 0);
  const after = await heapSnapshot(page);
  assert.equal(after.includes(phrase), false, 'the phrase is still in the JS heap after lock');
  const left = telling.filter((p) => holds(after, p));
  assert.deepEqual(left, [], 'pairs of phrase words still in the JS heap after lock');
  // "Shown once": starting again gives a new phrase.
  await page.getByRole('button', { name: 'Start again' }).click();
  await page.evaluate(() => {
    location.hash = '#/wallet/create';
  });
  await page.getByRole('button', { name: 'Show my recovery phrase' }).click();
  await page.locator('#mnemonic-words li').first().waitFor();
  assert.notEqual((await shownWords(page)).join(' '), phrase);
  await context.close();
});

test('restore: a wrong phrase is explained and kept; the right one opens its account', async () => {
  const phrase = Mnemonic.entropyToPhrase(new Uint8Array(16).map((_, i) => i * 7 + 3));
  const { page, problems, context } = await open();
  await page.evaluate(() => {
    location.hash = '#/wallet/restore';
  });
  const box = page.locator('textarea[name="phrase"]');
  await box.focus();
  const wrong = phrase.split(' ').reverse().join(' ');
  await page.keyboard.type(wrong);
  await page.getByRole('button', { name: 'Open the wallet' }).click();
  await page.locator('.field-error:not([hidden])').first().waitFor();
  assert.match(await page.textContent('.field-error:not([hidden])'), /not a valid recovery phrase/);
  assert.equal(await box.inputValue(), wrong, 'the typed phrase is kept after the error');
  assert.equal(await box.getAttribute('spellcheck'), 'false');
  await screenshot(page, 'builtin-restore-error');
  assert.deepEqual(await axeSerious(page), [], 'restore screen with an error');
  await box.fill('');
  await box.focus();
  await page.keyboard.type(`  ${phrase.toUpperCase()}  `);
  await page.getByRole('button', { name: 'Open the wallet' }).click();
  await page.locator('#account-address').first().waitFor();
  assert.equal(await page.textContent('#account-address'), HDNodeWallet.fromPhrase(phrase).address);
  assert.deepEqual(problems, []);
  await context.close();
});

test('keystore: wrong password is a field error, the file stays chosen; the right one opens it on the worker', async () => {
  const key = new Wallet('0x' + '11'.repeat(32));
  // A small scrypt cost keeps the test quick; the page runs whatever the file says.
  const json = encryptKeystoreJsonSync({ address: key.address, privateKey: key.privateKey }, 'correct horse', {
    scrypt: { N: 1 << 12 },
  });
  const file = join(tmp, 'keystore.json');
  writeFileSync(file, json);
  const { page, problems, context } = await open();
  await page.evaluate(() => {
    location.hash = '#/wallet/keystore';
  });
  await page.setInputFiles('input[type="file"]', file);
  await page.fill('input[type="password"]', 'wrong horse');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.locator('.field-error:not([hidden])').first().waitFor();
  assert.match(await page.textContent('.field-error:not([hidden])'), /Wrong password/);
  assert.equal(await page.$eval('input[type="file"]', (el) => el.files.length), 1, 'the chosen file is kept');
  assert.equal(page.workers().length, 1, 'the KDF ran on the worker');
  await screenshot(page, 'builtin-keystore-error');
  assert.deepEqual(await axeSerious(page), [], 'keystore screen with an error');
  await page.fill('input[type="password"]', 'correct horse');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.locator('#account-address').first().waitFor();
  assert.equal(await page.textContent('#account-address'), key.address);
  // The objects the main thread's module holds, of every kind (the lock must take them all).
  const liveHandles = () =>
    page.evaluate(async () => {
      const { ehr } = await import(new URL('web/src/module.js', document.baseURI).href);
      return (await ehr()).liveHandles();
    });
  assert.ok((await liveHandles()) > 0, 'the unlocked key is held in the module');
  // A file that is not a keystore.
  const junk = join(tmp, 'junk.json');
  writeFileSync(junk, '{"hello":1}');
  await page.evaluate(() => {
    location.hash = '#/wallet/keystore';
  });
  await page.setInputFiles('input[type="file"]', junk);
  await page.fill('input[type="password"]', 'x');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.locator('.field-error:not([hidden])').first().waitFor();
  assert.match(await page.textContent('.field-error:not([hidden])'), /not a keystore/);
  // Lock terminates the worker.
  await page.click('#lock-now');
  await page.locator('#lock-reason').first().waitFor();
  await page.waitForFunction(() => true);
  for (let i = 0; i < 20 && page.workers().length > 0; i++) await new Promise((r) => setTimeout(r, 50));
  assert.equal(page.workers().length, 0, 'the worker is gone after lock');
  // key-registry.js disposeAll() called the module's disposeAll(): nothing of any kind is left in it.
  assert.equal(await liveHandles(), 0, 'objects left in the module after lock');
  assert.deepEqual(problems, []);
  await context.close();
});

test('development build: the public test accounts, marked as such, connect with one click', async () => {
  const { page, context } = await open();
  await page.click('nav a[href="#/wallet"]');
  const section = page.locator('section[aria-labelledby="dev-heading"]');
  assert.match(await section.textContent(), /Development only/);
  await section.getByRole('button', { name: 'Development account 2' }).click();
  await page.locator('#account-address').first().waitFor();
  assert.equal(
    (await page.textContent('#account-address')).toLowerCase(),
    (await anvil.rpc('eth_accounts'))[1].toLowerCase(),
  );
  await page.waitForFunction(() => /10,000 ETH/.test(document.getElementById('account-balance')?.textContent ?? ''));
  await page.getByRole('button', { name: 'Close the wallet' }).click();
  await page.locator('text=No wallet is connected.').first().waitFor();
  await context.close();
});
