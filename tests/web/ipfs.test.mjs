// The built page published to the local IPFS node and loaded from its gateway, in both forms a
// public gateway offers: the path form /ipfs/<cid>/ (one origin shared with every other site on
// the gateway) and the subdomain form http://<cid>.ipfs.localhost:PORT/ (an origin per site).
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

for (const form of ['path', 'subdomain']) {
  test(`the page published to IPFS loads and connects from the ${form} gateway form`, async () => {
    assert.match(cid, /^bafy/);
    const url = form === 'path' ? `${node.gatewayUrl}/ipfs/${cid}/` : `http://${cid}.${node.subdomainGatewayHost}/`;
    const { page, problems, context } = await openPage(browser, { anvil });
    await gotoReady(page, url);
    await page.click('nav a[href="#/connect"]');
    await page.click('button[data-wallet]');
    await page.waitForSelector('#account-address');
    assert.equal((await page.textContent('#account-address')).toLowerCase(), account, 'the WebAssembly module loaded (checksummed address)');
    assert.notEqual(await page.textContent('#account-address'), account);
    assert.deepEqual(await cspViolations(page, problems), []);
    assert.deepEqual(problems, []);
    await context.close();
  });
}
