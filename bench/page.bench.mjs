// npm run bench -- page: what a visitor downloads. The built page is loaded in headless Chromium
// from a loopback server; every URL fetched until the first screen is usable (the page sets
// data-ready on <html>, then the network stays quiet for 500 ms) is summed, each file gzip'd at
// level 9 as a compressing gateway or server would send it (plus the uncompressed total, for
// gateways that do not compress). A second figure adds connecting a wallet, which loads the
// WebAssembly module. Budget (issue 8): first load under 400 KB gzip.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  buildPage,
  startAnvil,
  startStaticServer,
  launchBrowser,
  openPage,
  gotoReady,
  randomPrefix,
} from '../tests/web/helpers.mjs';

/** No native counterpart: the page has no C++ twin. */
export const native = false;

/** Sums the files behind `urls` (served from `dir` under `prefix`), gzip'd and raw. */
function sizes(urls, origin, prefix, dir) {
  let gz = 0;
  let raw = 0;
  const files = [];
  for (const u of new Set(urls)) {
    const path = decodeURIComponent(new URL(u).pathname);
    if (!u.startsWith(origin) || !path.startsWith(prefix)) throw new Error(`the page fetched outside its folder: ${u}`);
    let rel = path.slice(prefix.length);
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    const bytes = readFileSync(join(dir, rel));
    const z = gzipSync(bytes, { level: 9 }).length;
    gz += z;
    raw += bytes.length;
    files.push({ rel, raw: bytes.length, gz: z });
  }
  return { gz, raw, files };
}

/** Waits until no request has started or finished for `quietMs`. */
async function networkQuiet(page, quietMs = 500) {
  let last = Date.now();
  let inflight = 0;
  const bump = () => {
    last = Date.now();
  };
  page.on('request', () => {
    inflight++;
    bump();
  });
  page.on('requestfinished', () => {
    inflight--;
    bump();
  });
  page.on('requestfailed', () => {
    inflight--;
    bump();
  });
  while (inflight > 0 || Date.now() - last < quietMs) await new Promise((r) => setTimeout(r, 50));
}

export async function run({ record }) {
  const anvil = await startAnvil();
  const built = buildPage({ rpcUrl: anvil.url });
  const prefix = randomPrefix();
  const server = await startStaticServer({ [prefix]: built.out });
  const browser = await launchBrowser();
  try {
    const { page, context } = await openPage(browser, { anvil });
    const urls = [];
    page.on('request', (r) => urls.push(r.url()));
    await gotoReady(page, `${server.origin}${prefix}`);
    await networkQuiet(page);
    const first = sizes(urls, server.origin, prefix, built.out);
    for (const f of first.files.sort((a, b) => b.gz - a.gz).slice(0, 5))
      console.log(`# first load: ${f.rel} ${f.gz} B gzip (${f.raw} B)`);
    console.log(`# first load: ${first.files.length} files`);
    record({ op: 'first load', impl: 'ours', value: first.gz, unit: 'bytes' });
    record({ op: 'first load (uncompressed)', impl: 'ours', value: first.raw, unit: 'bytes' });
    if (first.gz >= 400 * 1024) console.log(`# OVER BUDGET: first load ${first.gz} B gzip >= 400 KB`);

    // Connecting a wallet loads the WebAssembly module (checksummed addresses, signing).
    await page.click('nav a[href="#/connect"]');
    await page.click('button[data-wallet]');
    await page.waitForSelector('#account-address');
    await networkQuiet(page);
    const connected = sizes(urls, server.origin, prefix, built.out);
    record({ op: 'first load + wallet connected', impl: 'ours', value: connected.gz, unit: 'bytes' });
    await context.close();
  } finally {
    await browser.close();
    await server.close();
    await anvil.stop();
    built.remove();
  }
}
