// Accounts in the page: connected through its built-in wallet as a development account (every
// chain request then goes to the RPC URL the page was built with), or registered as a patient
// through the injected test wallet (tests/web/helpers.mjs openPage).
import { gotoReady, openPage } from '../web/helpers.mjs';

/**
 * A fresh context on the page at `stack.url`, connected through the built-in wallet as the
 * development account `label` of its configuration (`devAccounts`): { context, page, problems }.
 * @param {import('playwright-core').Browser} browser
 * @param {{ anvil: any, url: string }} stack
 * @param {string} label
 */
export async function connectDevAccount(browser, stack, label) {
  const r = await openPage(browser, { anvil: stack.anvil, wallet: false });
  await gotoReady(r.page, stack.url);
  await r.page.click('nav a[href="#/wallet"]');
  await r.page.locator('section[aria-labelledby="dev-heading"]').getByRole('button', { name: label }).click();
  await r.page.locator('#account-address').first().waitFor();
  return r;
}

/**
 * Loads the page at `url` in `page` (opened with the test wallet), connects anvil's account
 * `index` and registers it as a patient from the Chart screen, until its empty chart shows.
 */
export async function registerPatient(page, url, index) {
  await gotoReady(page, url);
  await page.evaluate((i) => window.__ehrTestWallet.useAccount(i), index);
  await page.click('nav a[href="#/connect"]');
  await page.click('button[data-wallet]');
  await page.locator('#account-address').first().waitFor();
  await page.click('nav a[href="#/chart"]');
  await page.getByRole('button', { name: 'Set up my encryption key and register' }).click();
  await page.locator('text=No record yet.').first().waitFor({ timeout: 60000 });
}
