// Installable and offline (web/src/pwa.js, web/sw.js): the built page has a valid manifest and is
// installable by Chromium's own checks; its service worker caches exactly this build's shell
// (every file of the build, nothing from any other origin, nothing added while the page is used);
// an offline reload starts the page from the cache; a build without the worker registers none.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildPage, startAnvil, startStaticServer, randomPrefix, launchBrowser, screenshot } from './helpers.mjs';

const anvil = await startAnvil();
const browser = await launchBrowser();
const cleanup = [];
after(async () => {
  for (const fn of cleanup.reverse()) await fn();
  await browser.close();
  await anvil.stop();
});

/** Serves a fresh build; its origin + prefix. */
async function serve(config = {}) {
  const built = buildPage({ rpcUrl: anvil.url, config });
  cleanup.push(built.remove);
  const prefix = randomPrefix();
  const server = await startStaticServer({ [prefix]: built.out });
  cleanup.push(server.close);
  return { built, server, url: `${server.origin}${prefix}` };
}

const ready = (page) =>
  page.waitForFunction(() => document.documentElement.dataset.ready === 'true', null, { timeout: 30000 });
const cachedUrls = (page) =>
  page.evaluate(async () => {
    const out = {};
    for (const name of await caches.keys()) out[name] = (await (await caches.open(name)).keys()).map((r) => r.url);
    return out;
  });

test('the page installs, caches exactly its shell, and starts offline from it', async () => {
  const { built, url } = await serve({ serviceWorker: true });
  const context = await browser.newContext({ serviceWorkers: 'allow' });
  cleanup.push(() => context.close());
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(url);
  await ready(page);
  const state = await page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    return { scope: reg.scope, active: reg.active?.state };
  });
  assert.equal(state.scope, url);

  // Chromium's installability checks: a valid manifest, a worker with a fetch handler, an icon.
  const cdp = await context.newCDPSession(page);
  const manifest = await cdp.send('Page.getAppManifest');
  assert.deepEqual(manifest.errors, [], JSON.stringify(manifest.errors));
  assert.match(manifest.url, /manifest\.webmanifest$/);
  // (Test contexts are incognito, which alone Chromium reports; every other check must pass.)
  const installable = await cdp.send('Page.getInstallabilityErrors');
  assert.deepEqual(
    installable.installabilityErrors.filter((e) => e.errorId !== 'in-incognito'),
    [],
  );

  // The cache holds this build's files, each once, and nothing else.
  const shell = built.files.filter((f) => f !== 'sw.js').map((f) => new URL(f, url).href);
  const cached = await cachedUrls(page);
  const names = Object.keys(cached);
  assert.equal(names.length, 1, `one shell cache, got ${names}`);
  assert.match(names[0], /^ehr-shell-[0-9a-f]{16}$/);
  assert.deepEqual([...cached[names[0]]].sort(), [...shell].sort());

  // Used online (navigate, open screens that read the chain), the cache does not grow.
  for (const hash of ['#/connect', '#/about', '#/settings', '#/']) {
    await page.goto(`${url}${hash}`);
    await ready(page);
  }
  assert.deepEqual(await cachedUrls(page), cached);

  // Offline: a reload starts from the cache (every file from the worker) and draws the first screen.
  await context.setOffline(true);
  const fromWorker = [];
  page.on('response', (r) => fromWorker.push(r.fromServiceWorker()));
  await page.reload();
  await ready(page);
  assert.ok(fromWorker.length > 5 && fromWorker.every(Boolean), 'every response came from the service worker');
  assert.match(await page.locator('#main').innerText(), /\S/);
  await screenshot(page, 'pwa-offline-start');
  await context.setOffline(false);
  assert.deepEqual(problems, []);
});

test('a build with serviceWorker: false registers no worker and writes no sw.js', async () => {
  const { built, url } = await serve({ serviceWorker: false });
  assert.ok(!built.files.includes('sw.js'));
  assert.equal(built.config.serviceWorker, false);
  const context = await browser.newContext({ serviceWorkers: 'allow' });
  cleanup.push(() => context.close());
  const page = await context.newPage();
  await page.goto(url);
  await ready(page);
  await page.waitForTimeout(500);
  assert.equal(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length), 0);
});
