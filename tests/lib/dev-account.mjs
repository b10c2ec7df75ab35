// The page used through its built-in wallet: a fresh context (no injected wallet, so every chain
// request the page makes goes to the RPC URL it was built with) connected as one of the
// development accounts of its configuration (`devAccounts`, by label).
import { gotoReady, openPage } from '../web/helpers.mjs';

/**
 * A fresh page at `url` connected as the development account `label`: { context, page, problems }.
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
