// The built page published to the local IPFS node and loaded from its gateway, in both forms a
// public gateway offers: the subdomain form http://<cid>.ipfs.localhost:PORT/ (an origin per site),
// where it works, and the path form /ipfs/<cid>/ (one origin shared with every other site on the
// gateway), where it refuses to connect and links to the subdomain form.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startIpfsNode } from '../../tools/ipfs-node/start.mjs';
import { addFolder, buildPage, cspViolations, gotoReady, launchBrowser, openPage, startAnvil } from './helpers.mjs';

let anvil, node, built, browser, cid, dataDir, account;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'ehr-web-ipfs-'));
  [anvil, node] = await Promise.all([startAnvil(), startIpfsNode({ dataDir, port: 0 })]);
  account = (await anvil.rpc('eth_accounts'))[0].toLowerCase();
  built = buildPage({ rpcUrl: anvil.url, gateways: [node.gatewayUrl], uploadUrl: node.apiUrl });
  cid = await addFolder(node.apiUrl, built.out);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await node?.stop();
  await anvil?.stop();
  built?.remove();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** Connects the test wallet on the page as loaded and checks the account it shows. */
async function connect(page) {
  await page.click('nav a[href="#/connect"]');
  await page.click('button[data-wallet]');
  await page.waitForSelector('#account-address');
  assert.equal(
    (await page.textContent('#account-address')).toLowerCase(),
    account,
    'the WebAssembly module loaded (checksummed address)',
  );
  assert.notEqual(await page.textContent('#account-address'), account);
}

test('the page published to IPFS loads and connects from the subdomain gateway form', async () => {
  assert.match(cid, /^bafy/);
  const { page, problems, context } = await openPage(browser, { anvil });
  await gotoReady(page, `http://${cid}.${node.subdomainGatewayHost}/`);
  await connect(page);
  assert.deepEqual(await cspViolations(page, problems), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('from the path gateway form the page connects nothing and links to the subdomain form, where it connects', async () => {
  const { page, problems, context } = await openPage(browser, { anvil });
  await gotoReady(page, `${node.gatewayUrl}/ipfs/${cid}/`);
  await page.locator('#shared-origin').waitFor();
  const subdomain = `http://${cid}.${node.subdomainGatewayHost}/`;
  assert.equal(await page.getAttribute('#isolated-address', 'href'), subdomain);
  await page.click('nav a[href="#/connect"]');
  await page.locator('main #shared-origin').waitFor();
  assert.equal(await page.locator('button[data-wallet]').count(), 0);
  assert.deepEqual(await page.evaluate(() => window.__ehrTestWallet.log()), []);
  // The link opens the same page on its own origin.
  await page.click('#isolated-address');
  await page.waitForURL(subdomain);
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
  assert.equal(await page.locator('#shared-origin').count(), 0);
  await connect(page);
  assert.deepEqual(await cspViolations(page, problems), []);
  assert.deepEqual(problems, []);
  await context.close();
});
