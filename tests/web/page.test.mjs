// End-to-end tests of the built page in headless Chromium (Debian's, through playwright-core),
// against anvil, with an injected EIP-1193 test wallet announced through EIP-6963. The page is
// built with a test configuration and served from random sub-paths by a tiny static server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  ANVIL_CHAIN_ID,
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

let anvil, page0, server, browser, prefix, idleBuild, idlePrefix, ipfsPrefix, tampered, attacker;
let account; // anvil's first account, lowercase
const IPFS_CID_V0 = 'QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG';
const IPFS_CID_V1 = 'bafybeie5nqv6kd3qnfjupgvz34woh3oksc3iau6abmyajn7qvtf6d2ho34';

before(async () => {
  anvil = await startAnvil();
  account = (await anvil.rpc('eth_accounts'))[0].toLowerCase();
  page0 = buildPage({ rpcUrl: anvil.url });
  idleBuild = buildPage({ rpcUrl: anvil.url, idleSeconds: 6 });
  // A copy of the build with one module changed by a byte after the build: integrity must stop it.
  tampered = mkdtempSync(join(tmpdir(), 'ehr-web-tampered-'));
  cpSync(page0.out, tampered, { recursive: true });
  const f = join(tampered, 'web', 'src', 'format.js');
  writeFileSync(f, readFileSync(f, 'utf8').replace('no network', 'no netw0rk'));
  prefix = randomPrefix();
  idlePrefix = randomPrefix();
  // The same files under a path-gateway path (a CIDv0: the page offers it as CIDv1 base32).
  ipfsPrefix = `/ipfs/${IPFS_CID_V0}/`;
  // Another site on the same origin (as on a path gateway), whose pages frame the app.
  attacker = mkdtempSync(join(tmpdir(), 'ehr-web-attacker-'));
  server = await startStaticServer({
    [prefix]: page0.out,
    [idlePrefix]: idleBuild.out,
    [ipfsPrefix]: page0.out,
    '/tampered/': tampered,
    '/attacker/': attacker,
  });
  const framer = (
    src,
  ) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Attacker</title><link rel="icon" href="data:,"></head>
<body><h1>Another site</h1><iframe id="app" title="app" src="${src}" width="900" height="700"></iframe></body></html>`;
  writeFileSync(join(attacker, 'same-origin.html'), framer(prefix));
  writeFileSync(join(attacker, 'cross-origin.html'), framer(`${server.origin}${prefix}`));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
  await anvil?.stop();
  page0?.remove();
  idleBuild?.remove();
  if (tampered) rmSync(tampered, { recursive: true, force: true });
  if (attacker) rmSync(attacker, { recursive: true, force: true });
});

const url = (p = prefix) => `${server.origin}${p}`;

/** Opens the page, waits for the first screen, and returns { page, problems, context }. */
async function open(opts = {}, at = prefix) {
  const r = await openPage(browser, { anvil, ...opts });
  await gotoReady(r.page, url(at));
  return r;
}

/** Clicks the test wallet on the connect screen and waits for the account screen. */
async function connect(page) {
  await page.click('nav a[href="#/connect"]');
  await page.locator('button[data-wallet]').first().waitFor();
  await page.click('button[data-wallet]');
  await page.locator('#account-address').first().waitFor();
}

async function noStorage(page) {
  return page.evaluate(async () => ({
    local: localStorage.length,
    session: sessionStorage.length,
    cookie: document.cookie,
    idb: (await indexedDB.databases()).length,
    hash: location.hash,
  }));
}

test('the page loads from a random sub-path with no CSP violation, error or request outside its folder', async () => {
  const before = server.requests.length;
  const { page, problems, context } = await open({}, prefix);
  assert.equal(await page.title(), 'Home · ehr');
  // First load (everything fetched until the first screen is usable) is far under 400 KB gzip.
  const firstLoad = [...new Set(server.requests.slice(before))]
    .map((p) => {
      const rel = p.slice(prefix.length) || 'index.html';
      return gzipSync(readFileSync(join(page0.out, rel)), { level: 9 }).length;
    })
    .reduce((a, b) => a + b, 0);
  assert.ok(firstLoad > 10_000 && firstLoad < 400 * 1024, `first load ${firstLoad} B gzip`);
  await page.locator('h1').first().waitFor();
  assert.match(await page.textContent('h1'), /health record/);
  // Every screen renders, through the hash router, from the same sub-path.
  for (const [hash, heading] of [
    ['#/connect', /Connect a wallet/],
    ['#/account', /Your account/],
    ['#/wallet', /Built-in wallet/],
    ['#/settings', /Settings/],
    ['#/about', /How this page works/],
    ['#/nowhere', /no such screen/],
  ]) {
    await page.evaluate((h) => {
      location.hash = h;
    }, hash);
    await page.waitForFunction(
      (re) => new RegExp(re).test(document.querySelector('h1')?.textContent ?? ''),
      heading.source,
    );
  }
  assert.deepEqual(await cspViolations(page, problems), []);
  assert.deepEqual(problems, []);
  const mine = server.requests.slice(before);
  assert.ok(mine.length > 5, 'the page fetched its files');
  assert.deepEqual(
    mine.filter((p) => !p.startsWith(prefix)),
    [],
    'no request left the page folder',
  );
  assert.deepEqual(server.stray, []);
  await context.close();
});

test('under /ipfs/<cid>/ (a path gateway: a shared origin) the page connects no wallet, draws no wallet form, and links to its subdomain address', async () => {
  const before = server.requests.length;
  const { page, problems, context } = await open({}, ipfsPrefix);
  const subdomain = `http://${IPFS_CID_V1}.ipfs.localhost:${new URL(server.origin).port}/`;
  const notice = async () => {
    await page.locator('#shared-origin').waitFor();
    assert.match(
      await page.textContent('#shared-origin'),
      /This page is opened from a shared address.*does not connect a wallet or unlock keys/,
    );
    assert.equal(await page.getAttribute('#isolated-address', 'href'), subdomain);
    assert.equal(await page.textContent('#isolated-address'), subdomain);
  };
  // Home: the notice instead of the ways to connect.
  await notice();
  assert.equal(await page.locator('main a[href="#/connect"], main a[href="#/wallet"]').count(), 0);
  await screenshot(page, 'shared-origin');
  assert.deepEqual(await axeSerious(page), [], 'home on a shared origin');
  // Connect and every built-in wallet screen: the notice, and no wallet, form or development account.
  for (const hash of ['#/connect', '#/wallet', '#/wallet/create', '#/wallet/restore', '#/wallet/keystore']) {
    await page.evaluate((h) => {
      location.hash = h;
    }, hash);
    await page.waitForFunction((h) => location.hash === h && document.querySelector('#shared-origin') !== null, hash);
    await notice();
    assert.equal(await page.locator('main button, main form, main input, main textarea').count(), 0, hash);
  }
  // Past the screens too: the page's own wallet code, called directly (as a script could), refuses
  // to connect the wallet, make a phrase or open a key.
  const direct = await page.evaluate(async () => {
    const at = (p) => new URL(p, document.baseURI).href;
    const [{ default: config }, { createWalletController }, builtin] = await Promise.all([
      import(at('config.js')),
      import(at('web/src/wallet/controller.js')),
      import(at('web/src/wallet/builtin.js')),
    ]);
    const entry = await new Promise((resolve) => {
      window.addEventListener('eip6963:announceProvider', (e) => resolve(e.detail), { once: true });
      window.dispatchEvent(new Event('eip6963:requestProvider'));
    });
    const wallet = createWalletController({ config });
    const codes = [];
    for (const run of [
      () => wallet.connectInjected(entry),
      () => builtin.openFromPhrase(builtin.DEV_PHRASE),
      () => builtin.createPhrase(),
      () => builtin.checkPhrase(builtin.DEV_PHRASE),
    ]) {
      try {
        await run();
        codes.push('done');
      } catch (e) {
        codes.push(e.code);
      }
    }
    return codes;
  });
  assert.deepEqual(direct, ['ERR_SHARED_ORIGIN', 'ERR_SHARED_ORIGIN', 'ERR_SHARED_ORIGIN', 'ERR_SHARED_ORIGIN']);
  // Nothing asked of the wallet, the WebAssembly module (where keys are derived) never fetched,
  // no session started.
  assert.deepEqual(await page.evaluate(() => window.__ehrTestWallet.log()), []);
  assert.deepEqual(
    server.requests.slice(before).filter((p) => p.endsWith('.wasm')),
    [],
  );
  assert.equal(await page.textContent('#session-state'), 'Not connected');
  assert.equal(await page.isEnabled('#lock-now'), false);
  assert.deepEqual(await cspViolations(page, problems), []);
  assert.deepEqual(problems, []);
  assert.deepEqual(server.stray, []);
  await context.close();
});

test('framed by another page, of the same origin or not, the app draws only a refusal and asks nothing of the wallet', async () => {
  for (const [framer, at] of [
    ['same-origin.html', server.origin],
    ['cross-origin.html', server.origin.replace('127.0.0.1', 'localhost')],
  ]) {
    const before = server.requests.length;
    const { page, problems, context } = await openPage(browser, { anvil });
    await page.goto(`${at}/attacker/${framer}`);
    const app = page.frameLocator('#app');
    await app.locator('#framed-refusal').waitFor();
    const frame = page.frames().find((f) => f !== page.mainFrame());
    assert.equal(new URL(frame.url()).pathname, prefix, framer);
    assert.equal(await frame.evaluate(() => document.documentElement.dataset.ready), 'refused');
    // The refusal is all there is: no header, navigation, notices or screen.
    assert.deepEqual(
      await frame.evaluate(() => [...document.body.children].map((e) => e.id)),
      ['framed-refusal'],
      framer,
    );
    assert.match(
      await frame.evaluate(() => document.body.textContent),
      /^This page does not work inside another pageOpen it in a tab of its own\.$/,
    );
    assert.equal(await frame.evaluate(() => document.querySelectorAll('button, a, input, form').length), 0);
    // Nothing asked of the wallet (the test wallet is in the frame too), no WebAssembly module.
    assert.deepEqual(await frame.evaluate(() => window.__ehrTestWallet.log()), [], framer);
    assert.deepEqual(
      server.requests.slice(before).filter((p) => p.endsWith('.wasm')),
      [],
    );
    assert.deepEqual(await cspViolations(page, problems), []);
    assert.deepEqual(problems, []);
    await context.close();
  }
  assert.deepEqual(server.stray, []);
});

test('the page declares a strict CSP and integrity for every module it loads', async () => {
  const html = readFileSync(join(page0.out, 'index.html'), 'utf8');
  const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)[1].replace(/&#39;|&apos;/g, "'");
  assert.doesNotMatch(csp, /'unsafe-eval'|'unsafe-inline'|\*/);
  assert.match(csp, /script-src 'self' 'sha256-[A-Za-z0-9+/=]+' 'wasm-unsafe-eval'/);
  assert.match(csp, new RegExp(`connect-src 'self' ${anvil.url.replace(/[.:/]/g, '\\$&')}( |;)`));
  // In the browser: every module script the page loaded is listed in the import map's integrity.
  const { page, context } = await open();
  await connect(page); // loads the WebAssembly module too
  const loaded = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
  const map = JSON.parse(await page.evaluate(() => document.querySelector('script[type="importmap"]').textContent));
  const listed = new Set(Object.keys(map.integrity).map((k) => new URL(k, page.url()).href));
  const modules = loaded.filter((u) => /\.m?js$/.test(u));
  assert.ok(modules.length >= 10, `modules loaded: ${modules.length}`);
  for (const m of modules) {
    if (m.endsWith('/web/src/main.js')) continue; // the entry: integrity attribute on its <script>
    assert.ok(listed.has(m), `${m} has no integrity entry`);
  }
  await context.close();
});

test('a module changed after the build is refused (Subresource Integrity)', async () => {
  const r = await openPage(browser, { anvil });
  await r.page.goto(url('/tampered/'));
  await r.page.waitForTimeout(1500);
  assert.notEqual(
    await r.page.evaluate(() => document.documentElement.dataset.ready),
    'true',
    'the page started with a tampered module',
  );
  assert.ok(
    r.problems.some((p) => /integrity/i.test(p)),
    `expected an integrity error, got: ${r.problems.join(' | ')}`,
  );
  await r.context.close();
});

test('connect through the injected EIP-6963 wallet: address, network and balance', async () => {
  const { page, problems, context } = await open();
  await page.click('nav a[href="#/connect"]');
  await page.locator('button[data-wallet]').first().waitFor();
  assert.match(await page.textContent('button[data-wallet]'), /Test Wallet/);
  assert.equal(await page.getAttribute('button[data-wallet] img', 'alt'), '');
  await screenshot(page, 'connect');
  assert.deepEqual(await axeSerious(page), [], 'connect screen');
  await page.click('button[data-wallet]');
  await page.locator('#account-address').first().waitFor();
  const shown = await page.textContent('#account-address');
  assert.equal(shown.toLowerCase(), account);
  assert.notEqual(shown, account, 'the address is shown with its EIP-55 checksum');
  assert.match(await page.textContent('#account-network'), new RegExp(`chain id ${ANVIL_CHAIN_ID}`));
  await page.waitForFunction(() => /ETH/.test(document.getElementById('account-balance')?.textContent ?? ''));
  const wei = BigInt(await anvil.rpc('eth_getBalance', [account, 'latest']));
  assert.equal(await page.textContent('#account-balance'), `${(wei / 10n ** 18n).toLocaleString('en-US')} ETH`);
  assert.match(await page.textContent('#session-state'), /0x[0-9a-fA-F]{4}…/);
  assert.equal(await page.isEnabled('#lock-now'), true);
  await screenshot(page, 'account');
  assert.deepEqual(await axeSerious(page), [], 'account screen');
  assert.deepEqual(await noStorage(page), { local: 0, session: 0, cookie: '', idb: 0, hash: '#/account' });
  assert.deepEqual(await cspViolations(page, problems), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a rejected connection says so, keeps the page usable, and "Try again" connects', async () => {
  const { page, context } = await open();
  await page.evaluate(() => window.__ehrTestWallet.rejectNext('eth_requestAccounts'));
  await page.click('nav a[href="#/connect"]');
  await page.click('button[data-wallet]');
  const alert = page.locator('#alerts .notice-error');
  await alert.waitFor();
  assert.match(await alert.textContent(), /You declined the request in your wallet/);
  assert.match(await alert.textContent(), /Nothing was changed/);
  assert.equal(await page.textContent('#session-state'), 'Not connected');
  await screenshot(page, 'rejected');
  assert.deepEqual(await axeSerious(page), [], 'error notice');
  await alert.getByRole('button', { name: 'Try again' }).click();
  await page.locator('#account-address').first().waitFor();
  assert.equal(await page.locator('#alerts .notice-error').count(), 0);
  await context.close();
});

test('wrong network: the page says so, adds and switches the chain through the wallet', async () => {
  const { page, problems, context } = await open({ startChain: 1, knownChains: [1] });
  await connect(page);
  await page.locator('#wrong-network').first().waitFor();
  assert.match(await page.textContent('#wrong-network'), /Ethereum mainnet/);
  assert.match(await page.textContent('#session-state'), /Ethereum mainnet/);
  await screenshot(page, 'wrong-network');
  assert.deepEqual(await axeSerious(page), [], 'wrong-network screen');
  // The first switch is declined: a clear message, still on the wrong network.
  await page.evaluate(() => window.__ehrTestWallet.rejectNext('wallet_switchEthereumChain'));
  await page.click('#wrong-network button');
  await page.locator('#alerts .notice-error').waitFor();
  assert.match(await page.textContent('#alerts'), /declined/);
  assert.equal(await page.evaluate(() => window.__ehrTestWallet.chain()), '0x1');
  // Then accepted: the wallet does not know the chain (4902), so the page adds it, then switches.
  await page.click('#wrong-network button');
  await page.waitForSelector('#wrong-network', { state: 'detached' });
  const added = await page.evaluate(() => window.__ehrTestWallet.added());
  assert.deepEqual(added, [{ chainId: '0x7a69', chainName: 'Local development chain (anvil)', rpcUrls: [anvil.url] }]);
  assert.equal(await page.evaluate(() => window.__ehrTestWallet.chain()), '0x7a69');
  await page.waitForFunction(() => /ETH/.test(document.getElementById('account-balance')?.textContent ?? ''));
  // The wallet moves away by itself (chainChanged): the warning is back.
  await page.evaluate(() => window.__ehrTestWallet.setChain('0xaa36a7'));
  await page.locator('#wrong-network').first().waitFor();
  assert.match(await page.textContent('#wrong-network'), /Sepolia/);
  assert.deepEqual(await cspViolations(page, problems), []);
  await context.close();
});

test('the wallet dropping its accounts disconnects the page with a way back', async () => {
  const { page, context } = await open();
  await connect(page);
  await page.evaluate(() => window.__ehrTestWallet.dropAccounts());
  await page.waitForFunction(() => document.getElementById('session-state').textContent === 'Not connected');
  const notice = page.locator('#alerts .notice-warning');
  assert.match(await notice.textContent(), /disconnected this page/);
  await notice.getByRole('button', { name: 'Connect again' }).click();
  await page.waitForFunction(() => location.hash === '#/connect');
  await context.close();
});

/** Lower-case snapshot text contains the hex of `address` (without 0x)? */
const holds = (snapshot, address) => snapshot.toLowerCase().includes(address.slice(2).toLowerCase());

test('Lock now wipes the account from the DOM and the JS heap, and blocks the screens until restarted', async () => {
  const { page, problems, context } = await open();
  await connect(page);
  await page.waitForFunction(() => /ETH/.test(document.getElementById('account-balance')?.textContent ?? ''));
  // Control: before the lock the heap does hold the account, so the search below can fail.
  assert.ok(
    holds(await heapSnapshot(page), account),
    'the heap snapshot should hold the connected account before lock',
  );
  assert.ok((await page.content()).toLowerCase().includes(account.slice(2)));

  await page.click('#lock-now');
  await page.locator('#lock-reason').first().waitFor();
  assert.match(await page.textContent('#lock-reason'), /You locked the page/);
  assert.equal(await page.textContent('#session-state'), 'Locked');
  assert.equal(await page.evaluate(() => location.hash), '#/locked');
  const html = (await page.content()).toLowerCase();
  assert.ok(!html.includes(account.slice(2)), 'the DOM still shows the account after lock');
  assert.ok(!holds(await heapSnapshot(page), account), 'the JS heap still holds the account after lock');
  await screenshot(page, 'locked');
  assert.deepEqual(await axeSerious(page), [], 'lock screen');

  // Every screen leads to the lock screen until "Start again".
  await page.evaluate(() => {
    location.hash = '#/account';
  });
  await page.waitForFunction(() => location.hash === '#/locked');
  await page.getByRole('button', { name: 'Start again' }).click();
  await page.waitForFunction(() => location.hash === '#/');
  await page.click('nav a[href="#/account"]');
  await page.locator('text=No wallet is connected.').first().waitFor();
  assert.deepEqual(await noStorage(page), { local: 0, session: 0, cookie: '', idb: 0, hash: '#/account' });
  assert.deepEqual(problems, []);
  await context.close();
});

test('idle: a warning with "Stay unlocked", then the page locks itself', async () => {
  const { page, context } = await open({}, idlePrefix);
  await connect(page);
  const warning = page.locator('#alerts .notice-warning');
  await warning.waitFor({ timeout: 8000 });
  assert.match(await warning.textContent(), /will lock soon/);
  const warnedAt = Date.now();
  await warning.getByRole('button', { name: 'Stay unlocked' }).click();
  await warning.waitFor({ state: 'detached' });
  assert.notEqual(await page.textContent('#session-state'), 'Locked');
  await page.waitForSelector('#lock-reason', { timeout: 10000 });
  assert.ok(Date.now() - warnedAt > 3000, 'Stay unlocked postponed the lock');
  assert.match(await page.textContent('#lock-reason'), /without activity/);
  assert.ok(!(await page.content()).toLowerCase().includes(account.slice(2)));
  await context.close();
});

/** Makes the document report itself hidden, as when the user switches tab or window. */
const hide = (page) =>
  page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  });

test('shared-terminal mode locks when the tab is hidden; with it off, hiding does not lock', async () => {
  let { page, context } = await open();
  await connect(page);
  await hide(page);
  await page.locator('#lock-reason').first().waitFor();
  assert.match(await page.textContent('#lock-reason'), /tab was hidden/);
  await context.close();

  ({ page, context } = await open());
  await connect(page);
  await page.click('nav a[href="#/settings"]');
  await page.uncheck('#shared-terminal');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await page.locator('#status .notice-success[data-key="settings"]').waitFor();
  await screenshot(page, 'settings');
  assert.deepEqual(await axeSerious(page), [], 'settings screen');
  await hide(page);
  await page.waitForTimeout(300);
  assert.notEqual(await page.textContent('#session-state'), 'Locked');
  await context.close();
});

test('main screens at phone width: screenshots and no serious or critical axe finding', async () => {
  const { page, context } = await open({ viewport: { width: 375, height: 740 } });
  for (const [hash, name] of [
    ['#/', 'home'],
    ['#/wallet', 'builtin-wallet'],
    ['#/about', 'about'],
  ]) {
    await page.evaluate((h) => {
      location.hash = h;
    }, hash);
    await page.waitForTimeout(100);
    await screenshot(page, `phone-${name}`);
    assert.deepEqual(await axeSerious(page), [], `${name} at phone width`);
  }
  await connect(page);
  await page.waitForFunction(() => /ETH/.test(document.getElementById('account-balance')?.textContent ?? ''));
  await screenshot(page, 'phone-account');
  assert.deepEqual(await axeSerious(page), [], 'account at phone width');
  // Nothing overflows sideways.
  assert.ok(
    await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
    'horizontal overflow at 375 px',
  );
  await context.close();
});

test('the built-in wallet screen offers its flows (the module has the wallet functions)', async () => {
  assert.ok(moduleHas('wallet.js'), 'the module lacks its wallet area');
  const { page, context } = await open();
  await page.evaluate(() => {
    location.hash = '#/wallet';
  });
  await page.locator('h1:has-text("Built-in wallet")').first().waitFor();
  assert.equal(await page.locator('a[href="#/wallet/create"]').count(), 1);
  assert.equal(await page.locator('#builtin-unavailable').count(), 0);
  await context.close();
});

test('desktop screenshots and axe scans of the remaining screens', async () => {
  const { page, context } = await open();
  for (const [hash, name] of [
    ['#/', 'home'],
    ['#/wallet', 'builtin-wallet'],
    ['#/about', 'about'],
    ['#/settings', 'settings-idle'],
  ]) {
    await page.evaluate((h) => {
      location.hash = h;
    }, hash);
    await page.waitForTimeout(100);
    await screenshot(page, name);
    assert.deepEqual(await axeSerious(page), [], name);
  }
  await context.close();
});

test('keyboard: skip link, navigation and focus on the new screen heading', async () => {
  const { page, context } = await open();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'skip-link');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
  assert.equal(await page.evaluate(() => location.hash), '');
  await page.focus('nav a[href="#/connect"]');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Connect a wallet');
  await page.locator('button[data-wallet]').first().waitFor();
  await page.focus('button[data-wallet]');
  await page.keyboard.press('Enter');
  await page.locator('#account-address').first().waitFor();
  await context.close();
});
