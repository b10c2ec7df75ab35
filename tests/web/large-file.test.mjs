// A 200 MB file through the page (web/src/records/files.js): added with progress (streamed from
// disk, encrypted as its own envelope, CID built on the way, staged in the origin private file
// system, uploaded), a second add cancelled midway records nothing, an endpoint that answers 413
// gets a clear message, and the record opens to a streamed download whose bytes hash equal to
// the original. The browser's memory is sampled throughout (CDP Performance.getMetrics for the
// JS heap, /proc for the RSS of Chromium's processes) and reported; throughput too.
//
// A persistent profile (on disk), as a person's browser has: an off-the-record context may keep
// the origin private file system in memory.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomFillSync } from 'node:crypto';
import {
  mkdtempSync,
  openSync,
  writeSync,
  closeSync,
  rmSync,
  readdirSync,
  readFileSync,
  createReadStream,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { gotoReady, openPage, screenshot, startStack, waitForText } from './helpers.mjs';

// EHR_LARGE_MB changes the size (e.g. 400, to see that the peaks do not follow it).
const MB = Number(process.env.EHR_LARGE_MB ?? 200);
const PATIENT = 4;
let stack, context, page, problems, dir, bigFile, bigHash, profileDir;

before(async () => {
  stack = await startStack();
  dir = mkdtempSync(join(tmpdir(), 'ehr-large-'));
  profileDir = mkdtempSync(join(tmpdir(), 'ehr-large-profile-'));
  bigFile = join(dir, `scan-${MB}mb.bin`);
  const h = createHash('sha256');
  const fd = openSync(bigFile, 'w');
  const piece = new Uint8Array(1 << 20);
  for (let i = 0; i < MB; i++) {
    randomFillSync(piece);
    h.update(piece);
    writeSync(fd, piece);
  }
  closeSync(fd);
  bigHash = h.digest('hex');
  const persistent = await chromium.launchPersistentContext(profileDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1100, height: 900 },
    acceptDownloads: true,
    serviceWorkers: 'block',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  // openPage makes its context with browser.newContext(): hand it the persistent one.
  ({ page, context, problems } = await openPage({ newContext: async () => persistent }, { anvil: stack.anvil }));
  // A headless browser cannot answer the save dialog: without showSaveFilePicker the page takes
  // its other constant-memory path (a staging file handed to the browser's download).
  await context.addInitScript(() => {
    Object.defineProperty(window, 'showSaveFilePicker', { value: undefined, configurable: true, writable: true });
  });
});
after(async () => {
  await context?.close();
  await stack?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
});

/** Chromium's processes (descendants of this test process named chrom*) and their RSS in bytes. */
function chromiumRss() {
  const kids = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const ppid = Number(stat.slice(close + 2).split(' ')[1]);
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      kids.set(Number(d), { ppid, comm });
    } catch {}
  }
  const mine = new Set([process.pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, k] of kids) if (!mine.has(pid) && mine.has(k.ppid)) mine.add(pid) && (grew = true);
  }
  const out = [];
  for (const pid of mine) {
    const k = kids.get(pid);
    if (!k || !/chrom|headless/i.test(k.comm)) continue;
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const type = /--type=([a-z-]+)/.exec(cmd)?.[1] ?? 'browser';
      out.push({ pid, type, rss: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024 });
    } catch {}
  }
  return out;
}

/** Samples memory every 250 ms until stop(): peaks of the JS heap, the renderer and all Chromium. */
async function sampler() {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const before = chromiumRss();
  const peak = {
    heapUsed: 0,
    heapTotal: 0,
    renderer: 0,
    total: 0,
    samples: 0,
    rendererBefore: Math.max(...before.filter((p) => p.type === 'renderer').map((p) => p.rss), 0),
    totalBefore: before.reduce((n, p) => n + p.rss, 0),
  };
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        const { metrics } = await cdp.send('Performance.getMetrics');
        const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
        peak.heapUsed = Math.max(peak.heapUsed, m.JSHeapUsedSize ?? 0);
        peak.heapTotal = Math.max(peak.heapTotal, m.JSHeapTotalSize ?? 0);
      } catch {}
      const procs = chromiumRss();
      peak.renderer = Math.max(peak.renderer, ...procs.filter((p) => p.type === 'renderer').map((p) => p.rss), 0);
      peak.total = Math.max(
        peak.total,
        procs.reduce((n, p) => n + p.rss, 0),
      );
      peak.samples++;
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await cdp.detach().catch(() => {});
      return peak;
    },
  };
}
const mib = (n) => `${(n / 1048576).toFixed(0)} MiB`;
const report = (what, p) =>
  console.log(
    `# large-file ${what}: peak JS heap used ${mib(p.heapUsed)} (allocated ${mib(p.heapTotal)}), ` +
      `peak renderer RSS ${mib(p.renderer)} (before: ${mib(p.rendererBefore)}), ` +
      `peak Chromium RSS (all processes) ${mib(p.total)} (before: ${mib(p.totalBefore)}), ${p.samples} samples`,
  );

async function hubRecordCount() {
  const { Contract, JsonRpcProvider } = await import('ethers');
  const abi = JSON.parse(readFileSync(new URL('../../contracts/out/EhrHub.json', import.meta.url), 'utf8')).abi;
  const hub = new Contract(
    stack.contracts.EhrHub,
    abi,
    new JsonRpcProvider(stack.anvil.url, undefined, { staticNetwork: true }),
  );
  return Number(await hub.recordCount(stack.accounts[PATIENT]));
}

const stagedFiles = () =>
  page.evaluate(async () => {
    const root = await navigator.storage.getDirectory();
    const names = [];
    for await (const n of root.keys()) names.push(n);
    return names;
  });

test('the patient registers', async () => {
  await gotoReady(page, stack.url);
  await page.evaluate((i) => window.__ehrTestWallet.useAccount(i), PATIENT);
  await page.click('nav a[href="#/connect"]');
  await page.click('button[data-wallet]');
  await page.locator('#account-address').first().waitFor();
  await page.click('nav a[href="#/chart"]');
  await page.getByRole('button', { name: 'Set up my encryption key and register' }).click();
  await page.locator('text=No record yet.').first().waitFor({ timeout: 60000 });
});

test(`a ${MB} MB file is added with progress, in bounded memory, and recorded once`, async () => {
  await page.click('.subnav a[href="#/chart/add"]');
  await page.setInputFiles('#record-file', bigFile);
  await page.fill('#file-description', 'A large scan');
  const mem = await sampler();
  const t0 = Date.now();
  await page.getByRole('button', { name: 'Encrypt and add the file' }).click();
  // Progress: the bar and a percentage while the file is read and encrypted.
  await page.locator('.progress-bar:not([hidden])').first().waitFor();
  await page
    .locator('[role="status"]', { hasText: new RegExp(`Encrypting… [\\d.]+ MB of ${MB} MB \\(\\d+%\\)`) })
    .first()
    .waitFor();
  await page
    .locator('[role="status"]', { hasText: 'Uploading the encrypted file' })
    .first()
    .waitFor({ timeout: 240000 });
  const tSealed = Date.now();
  await waitForText(page, 'Added as record 1', { timeout: 240000, problems });
  const tDone = Date.now();
  const peak = await mem.stop();
  report('add', peak);
  console.log(
    `# large-file add: ${MB} MB read + SHA-1 + encrypt + CID + staged in ${((tSealed - t0) / 1000).toFixed(1)} s ` +
      `(${(MB / ((tSealed - t0) / 1000)).toFixed(0)} MB/s); whole add with upload and chain ${((tDone - t0) / 1000).toFixed(1)} s ` +
      `(${(MB / ((tDone - t0) / 1000)).toFixed(0)} MB/s)`,
  );
  await screenshot(page, 'large-file-added');
  assert.equal(await hubRecordCount(), 1);
  assert.deepEqual(
    (await stagedFiles()).filter((n) => n.startsWith('ehr-upload-')),
    [],
    'the staging file is removed',
  );
  assert.ok(peak.samples > 3, 'memory was sampled');
  assert.ok(peak.heapUsed < 600 * 1048576, `JS heap peak ${mib(peak.heapUsed)}`);
  assert.ok(peak.renderer < 600 * 1048576, `renderer RSS peak ${mib(peak.renderer)}`);
});

test('a second add cancelled midway records nothing and leaves no staging file', async () => {
  await page.setInputFiles('#record-file', bigFile);
  await page.getByRole('button', { name: 'Encrypt and add the file' }).click();
  await page
    .locator('[role="status"]', { hasText: /Encrypting… .* \((2[5-9]|[3-8]\d)%\)/ })
    .first()
    .waitFor();
  await page.locator('#file-cancel').click();
  await waitForText(page, 'Cancelled: nothing was recorded.', { timeout: 60000, problems });
  assert.equal(await hubRecordCount(), 1);
  assert.deepEqual(
    (await stagedFiles()).filter((n) => n.startsWith('ehr-upload-')),
    [],
  );
  assert.equal(await page.locator('#file-cancel').isHidden(), true);
});

test('an upload endpoint that refuses the size (413) gets a clear message; nothing is recorded', async () => {
  const small = join(dir, 'small.pdf');
  const fd = openSync(small, 'w');
  writeSync(fd, randomFillSync(new Uint8Array(300_000)));
  closeSync(fd);
  const pattern = /\/api\/v0\/add\?/;
  await page.route(pattern, (route) =>
    route.fulfill({ status: 413, contentType: 'application/json', body: '{"Message":"request body too large"}' }),
  );
  try {
    await page.setInputFiles('#record-file', small);
    await page.getByRole('button', { name: 'Encrypt and add the file' }).click();
    await waitForText(page, 'the storage service refused a file this large', { timeout: 60000, problems });
    assert.match(await page.textContent('#alerts'), /too large for the storage service/);
  } finally {
    await page.unroute(pattern);
  }
  assert.equal(await hubRecordCount(), 1);
});

test('the record opens and the file streams to a download whose bytes hash equal to the original', async () => {
  await page.click('.subnav a[href="#/chart"]');
  await page.locator('li[data-record="1"]').first().waitFor();
  await page.click('li[data-record="1"] button:has-text("Open")');
  await page.locator('li[data-record="1"] .badge-ok').first().waitFor();
  assert.match(await page.textContent('li[data-record="1"]'), new RegExp(`scan-${MB}mb\\.bin`));
  const mem = await sampler();
  const t0 = Date.now();
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 240000 }),
    page.click('li[data-record="1"] button:has-text("Download")'),
  ]);
  assert.equal(download.suggestedFilename(), `scan-${MB}mb.bin`);
  const path = await download.path();
  const tDone = Date.now();
  const peak = await mem.stop();
  report('open', peak);
  console.log(
    `# large-file open: ${MB} MB fetched (CAR, every block verified) + decrypted + SHA-1 + saved in ` +
      `${((tDone - t0) / 1000).toFixed(1)} s (${(MB / ((tDone - t0) / 1000)).toFixed(0)} MB/s)`,
  );
  await waitForText(page, "the file's hash matched the record", { timeout: 60000, problems });
  const h = createHash('sha256');
  for await (const c of createReadStream(path)) h.update(c);
  assert.equal(h.digest('hex'), bigHash, 'the downloaded bytes equal the original');
  assert.ok(peak.heapUsed < 600 * 1048576, `JS heap peak ${mib(peak.heapUsed)}`);
  assert.ok(peak.renderer < 600 * 1048576, `renderer RSS peak ${mib(peak.renderer)}`);
  await screenshot(page, 'large-file-opened');
  assert.deepEqual(
    problems.filter((p) => !/413|Failed to load resource/.test(p)),
    [],
  );
});

test('where the browser has a save picker (Chromium), the file streams into the file the person picked', async () => {
  // The picker's dialog cannot be answered headless: this one returns a file of the origin
  // private file system, which has the same FileSystemFileHandle interface as a picked file.
  await page.evaluate(() => {
    window.showSaveFilePicker = async ({ suggestedName }) =>
      (await navigator.storage.getDirectory()).getFileHandle(`picked-${suggestedName}`, { create: true });
  });
  const status = page.locator('li[data-record="1"] .file-status');
  await page.click('li[data-record="1"] button:has-text("Download")');
  await status.filter({ hasText: 'Fetching' }).waitFor();
  await status.filter({ hasText: "the file's hash matched the record" }).waitFor({ timeout: 240000 });
  const picked = await page.evaluate(async (name) => {
    const f = await (await (await navigator.storage.getDirectory()).getFileHandle(name)).getFile();
    const d = new Uint8Array(await crypto.subtle.digest('SHA-256', await f.arrayBuffer()));
    return Array.from(d, (b) => b.toString(16).padStart(2, '0')).join('');
  }, `picked-scan-${MB}mb.bin`);
  assert.equal(picked, bigHash);
  await page.evaluate(async (name) => {
    await (await navigator.storage.getDirectory()).removeEntry(name);
    window.showSaveFilePicker = undefined;
  }, `picked-scan-${MB}mb.bin`);
});

test('a record that carries its file inline (base64 Attachment.data) still opens and downloads as before', async () => {
  // Amend the file record into one that carries a small file inline, as records did before.
  await page.getByRole('button', { name: 'Amend record 1' }).click();
  const doc = JSON.parse(await page.inputValue('#amend-1'));
  doc.content[0].attachment = {
    contentType: 'text/plain',
    title: 'note.txt',
    size: 11,
    data: Buffer.from('hello world').toString('base64'),
  };
  await page.fill('#amend-1', JSON.stringify(doc, null, 2));
  await page.getByRole('button', { name: 'Encrypt and save the new version' }).click();
  // Saved: the timeline is drawn again with the new version.
  await page.locator('li[data-record="2"]').first().waitFor({ timeout: 60000 });
  await page.click('li[data-record="2"] button:has-text("Open")');
  await page.locator('li[data-record="2"] .badge-ok').first().waitFor();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click('li[data-record="2"] button:has-text("Download")'),
  ]);
  assert.equal(download.suggestedFilename(), 'note.txt');
  assert.equal(readFileSync(await download.path(), 'utf8'), 'hello world');
});
