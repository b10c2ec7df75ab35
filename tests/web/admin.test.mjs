// Administration screens against the deployed contracts on anvil: the platform administrator adds
// and suspends an institution, its administrator adds and removes a member; typed values survive a
// declined signature, a contract refusal is explained before anything is signed. Runs when the
// module has the Ethereum layer (ABI codec, RPC helper).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  axeSerious, buildPage, cspViolations, deployContracts, gotoReady, launchBrowser, openPage, randomPrefix,
  screenshot, startAnvil, startStaticServer,
} from './helpers.mjs';

let anvil, built, server, browser, prefix, accounts, page, context, problems;

before(async () => {
  anvil = await startAnvil();
  accounts = await anvil.rpc('eth_accounts');
  const contracts = await deployContracts(anvil);
  built = buildPage({ rpcUrl: anvil.url, contracts });
  prefix = randomPrefix();
  server = await startStaticServer({ [prefix]: built.out });
  browser = await launchBrowser();
  ({ page, context, problems } = await openPage(browser, { anvil }));
  await gotoReady(page, `${server.origin}${prefix}`);
});

after(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
  await anvil?.stop();
  built?.remove();
});


test('the platform administrator sees the Platform screen and adds an institution', async () => {
  assert.equal(built.config.features.contracts, true);
  await page.click('nav a[href="#/connect"]');
  await page.click('button[data-wallet]');
  await page.waitForSelector('#account-address');
  await page.waitForSelector('nav a[href="#/platform"]');
  assert.equal(await page.locator('nav a[href="#/institution"]').count(), 0);
  await page.click('nav a[href="#/platform"]');
  await page.waitForSelector('text=No institution yet.');

  // A bad address: explained at the field, nothing sent, everything typed kept.
  await page.selectOption('select[name="kind"]', '1');
  await page.fill('input[name="name"]', 'St Example Hospital');
  await page.fill('input[name="jurisdiction"]', 'FR');
  await page.fill('input[name="admin"]', '0x1234');
  await page.getByRole('button', { name: 'Add the institution' }).click();
  await page.waitForSelector('.field-error:not([hidden])');
  assert.match(await page.textContent('.field-error:not([hidden])'), /40 hexadecimal digits/);
  assert.equal(await page.inputValue('input[name="name"]'), 'St Example Hospital');

  // Declined in the wallet: a clear message, the form still filled in.
  await page.fill('input[name="admin"]', accounts[1]);
  await page.evaluate(() => window.__ehrTestWallet.rejectNext('eth_sendTransaction'));
  await page.getByRole('button', { name: 'Add the institution' }).click();
  await page.locator('#alerts .notice-error').waitFor();
  assert.match(await page.textContent('#alerts'), /declined/);
  assert.equal(await page.inputValue('input[name="name"]'), 'St Example Hospital');
  assert.equal(await page.inputValue('input[name="admin"]'), accounts[1]);
  await page.locator('#alerts button:has-text("Dismiss")').click();

  // A trip to another screen and back keeps the draft (in memory).
  await page.click('nav a[href="#/about"]');
  await page.click('nav a[href="#/platform"]');
  await page.waitForSelector('input[name="name"]');
  assert.equal(await page.inputValue('input[name="name"]'), 'St Example Hospital');
  assert.equal(await page.inputValue('input[name="jurisdiction"]'), 'FR');

  await page.getByRole('button', { name: 'Add the institution' }).click();
  await page.waitForSelector('li[data-institution="1"]');
  assert.match(await page.textContent('li[data-institution="1"]'), /St Example Hospital.*Active.*Hospital.*FR/s);
  assert.equal(await page.inputValue('input[name="name"]'), '', 'the form is cleared after success');
  await screenshot(page, 'platform');
  assert.deepEqual(await axeSerious(page), [], 'platform screen');
});

test('the institution administrator adds a member; a duplicate is refused before signing; removal works', async () => {
  await page.evaluate(() => window.__ehrTestWallet.useAccount(1));
  await page.waitForSelector('nav a[href="#/institution"]');
  assert.equal(await page.locator('nav a[href="#/platform"]').count(), 0, 'not the platform administrator');
  await page.click('nav a[href="#/institution"]');
  await page.waitForSelector('h2:has-text("St Example Hospital")');
  await page.waitForSelector('text=No member yet.');
  await page.fill('input[name="account"]', accounts[2]);
  await page.selectOption('select[name="role"]', '1');
  await page.fill('input[name="displayName"]', 'Dr Ada Example');
  await page.fill('input[name="licence"]', 'FR-12345');
  await page.fill('input[name="specialty"]', 'Cardiology');
  await page.getByRole('button', { name: 'Add the member' }).click();
  await page.waitForSelector(`li[data-member="${accounts[2]}" i]`);
  assert.match(await page.textContent('section[data-institution="1"]'), /Dr Ada Example.*Doctor.*Cardiology.*FR-12345/s);
  await screenshot(page, 'institution');
  assert.deepEqual(await axeSerious(page), [], 'institution screen');

  // The same account again: the contract refuses it, the page explains before the wallet asks.
  const sendsBefore = (await page.evaluate(() => window.__ehrTestWallet.log())).filter((m) => m === 'eth_sendTransaction').length;
  await page.fill('input[name="account"]', accounts[2]);
  await page.getByRole('button', { name: 'Add the member' }).click();
  await page.locator('#alerts .notice-error').waitFor();
  assert.match(await page.textContent('#alerts'), /already belongs to an institution/);
  const sendsAfter = (await page.evaluate(() => window.__ehrTestWallet.log())).filter((m) => m === 'eth_sendTransaction').length;
  assert.equal(sendsAfter, sendsBefore, 'nothing was sent to the wallet');
  await page.locator('#alerts button:has-text("Dismiss")').click();

  await page.getByRole('button', { name: 'Remove Dr Ada Example' }).click();
  await page.waitForSelector('text=No member yet.');
});

test('the platform administrator suspends the institution', async () => {
  await page.evaluate(() => window.__ehrTestWallet.useAccount(0));
  await page.waitForSelector('nav a[href="#/platform"]');
  await page.click('nav a[href="#/platform"]');
  await page.getByRole('button', { name: 'Suspend St Example Hospital' }).click();
  await page.waitForSelector('li[data-institution="1"] .badge-bad');
  assert.match(await page.textContent('li[data-institution="1"]'), /Suspended/);
  await page.getByRole('button', { name: 'Reinstate St Example Hospital' }).waitFor();
  assert.deepEqual(await cspViolations(page, problems), []);
  assert.deepEqual(problems, []);
});
