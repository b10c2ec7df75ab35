// npm run bench -- scale [--quick]: the page at the scale of real charts, chains and files, in
// headless Chromium against anvil and the local IPFS node (docs/benchmarks.md, group scale).
//
// 1. Charts vs records: 10, 100, 1,000 and 10,000 records in four patients' charts on one chain
//    (anvil from block 20,000,000, 600 blocks between the deployment and the charts), seeded in
//    bulk; the page behind the public-style RPC endpoint (500-block eth_getLogs range, 10,000
//    results, 30M call-gas cap, 100 ms per answer) and counting pass-throughs in front of it and
//    of the gateway. Per chart: the patient opens it (Unlock → the timeline's first window), then
//    opens its newest record; the clinician the patient granted opens it from the patient list.
// 2. Chain length: the same 100-record chart on chains with 10^3 and 10^6 blocks of history before
//    the deployment, as many between the deployment and the set-up, and as many again spread
//    between the records (tests/lib/anvil-skip.mjs).
// 3. Files: 10 MB, 100 MB and 1 GB (10^6 and 10^9 bytes; --quick leaves out 1 GB) of random bytes
//    generated on disk, added through the page's file flow (read, hash, encrypt, CID, upload,
//    record) and opened to a download, with the browser's peak memory sampled from /proc every
//    100 ms (PSS and RSS summed over the renderer, GPU and utility processes:
//    tests/lib/chromium-memory.mjs says why PSS); beside it, encrypt + CID of the same file in
//    Node with the same module build.
//
// Every figure is "ours". Times of the chart visits are the median of --runs (default 3, --quick
// 1) visits in fresh browser contexts; request counts are the median too (they do not vary). A
// visit that takes over a minute is not repeated, and one still short of the chart after
// --visit-limit seconds (default 300) is stopped: its figures are then marked as lower bounds.
import { mkdtempSync, rmSync, createReadStream, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Contract, JsonRpcProvider } from 'ethers';
import { launchBrowser, startStack } from '../tests/web/helpers.mjs';
import { startPublicStack } from '../tests/lib/public-stack.mjs';
import { seedPeople } from '../tests/lib/chart-seed.mjs';
import { skipBlocks } from '../tests/lib/anvil-skip.mjs';
import { connectDevAccount, registerPatient } from '../tests/lib/dev-account.mjs';
import { persistentPage } from '../tests/lib/persistent-page.mjs';
import { memorySampler, PAGE_TYPES } from '../tests/lib/chromium-memory.mjs';
import { sha256File, writeRandomFile } from '../tests/lib/random-file.mjs';
import { init } from '../wasm/js/ehr.js';

/** No native counterpart: these are the page's figures. */
export const native = false;

const argv = process.argv.slice(2);
const QUICK = argv.includes('--quick');
const flag = (name) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const RUNS = Number(flag('runs') ?? (QUICK ? 1 : 3));
/** A visit's time limit (--visit-limit=SECONDS, default 300): past it, what was counted is reported. */
const VISIT_LIMIT_MS = Number(flag('visit-limit') ?? 300) * 1000;

export const CHART_SIZES = [10, 100, 1_000, 10_000];
export const CHAIN_LENGTHS = [1_000, 1_000_000];
export const FILE_SIZES = QUICK ? [10e6, 100e6] : [10e6, 100e6, 1e9];
/** The public-network profile (tests/lib/public-stack.mjs); no request rate limit, so that times are the page's own. */
const PROFILE = { maxRange: 500, maxResults: 10_000, gasCap: 30_000_000, latencyMs: 100, rps: 1e9 };
const ADMIN = 1;
const DOCTOR = 2;
const DOCTOR_LABEL = 'Dr Scale (doctor)';

const num = (k) => Math.round(k).toLocaleString('en-US');
const kb = (b) => `${(b / 1000).toFixed(1)} KB`;
const mb = (b) => `${(b / 1e6).toFixed(0)} MB`;
const sizeName = (b) => (b >= 1e9 ? `${b / 1e9} GB` : `${b / 1e6} MB`);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// ---- charts ------------------------------------------------------------------------------------

/**
 * Clicks `locator` in the page and resolves when the timeline shows its first window: { ms (in
 * the page's clock, click to the status line and items in the DOM), status, shown }.
 */
async function clickToFirstWindow(page, locator, timeoutMs = 180_000) {
  const handle = await locator.elementHandle();
  return page.evaluate(
    ([el, timeout]) =>
      new Promise((resolve, reject) => {
        const first = /^(Showing [\d,]+ of [\d,]+ records|[\d,]+ of [\d,]+ records shown|No record yet)/;
        const failed = /could not be loaded/;
        let obs;
        const done = (f, v) => {
          obs.disconnect();
          clearTimeout(timer);
          f(v);
        };
        const check = () => {
          const st = document.querySelector('section[aria-labelledby="timeline-heading"] > p[role="status"]');
          const text = st?.textContent?.trim() ?? '';
          if (first.test(text))
            done(resolve, {
              ms: performance.now() - t0,
              status: text,
              shown: document.querySelectorAll('ol.timeline > li[data-record]').length,
            });
          else if (failed.test(text))
            done(reject, new Error(`${text} ${document.querySelector('#alerts')?.textContent ?? ''}`));
        };
        obs = new MutationObserver(check);
        obs.observe(document.body, { subtree: true, childList: true, characterData: true });
        const timer = setTimeout(
          () =>
            done(
              reject,
              new Error(
                `no first window after ${timeout} ms: ${document.querySelector('main')?.textContent?.slice(0, 500)}`,
              ),
            ),
          timeout,
        );
        const t0 = performance.now();
        el.click();
        check();
      }),
    [handle, timeoutMs],
  );
}

/** Counters of a served site: RPC (the pass-through, and calls by method at the proxy), gateway. */
const counters = (site) => ({
  rpc: site.rpcCount.snapshot(),
  gw: site.gatewayCount.snapshot(),
  limited: site.proxy.stats.limited,
  methods: { ...site.proxy.stats.methods },
});
const counted = (site, c) => {
  const rpc = site.rpcCount.since(c.rpc);
  const methods = {};
  for (const [m, k] of Object.entries(site.proxy.stats.methods))
    if (k > (c.methods[m] ?? 0)) methods[m] = k - (c.methods[m] ?? 0);
  return {
    rpc: rpc.requests,
    rpcBytes: rpc.bytes,
    gateway: site.gatewayCount.since(c.gw).requests,
    limited: site.proxy.stats.limited - c.limited,
    methods,
  };
};

/** A step of a visit that did not finish within the visit's time limit. */
class TooLong extends Error {}

/**
 * Runs `step(msLeft)`; a time-out (Playwright's, or clickToFirstWindow's) past the deadline
 * becomes TooLong naming `what`.
 */
async function within(deadline, what, step) {
  try {
    return await step(Math.max(1000, deadline - Date.now()));
  } catch (e) {
    if (Date.now() >= deadline - 1000 && /timeout|no first window/i.test(`${e.name} ${e.message}`))
      throw Object.assign(new TooLong(`${what} not shown within the visit's time limit`), { what });
    throw e;
  }
}

/**
 * One visit in a fresh context, connected as `label`: `go(page, msLeft)` resolves to the element
 * whose click opens the chart (after the steps before it), then the click → first window. Counts
 * the open (the click to the first window) and the whole visit (from the page's load). A visit
 * stopped by the time limit resolves to what was counted by then, with `tooLong` naming the step.
 */
async function visit(browser, site, label, expectTotal, go, after) {
  const deadline = Date.now() + VISIT_LIMIT_MS;
  const c0 = counters(site);
  const t0 = Date.now();
  let c1 = c0;
  const { page, context, problems } = await connectDevAccount(browser, site, label);
  try {
    const target = await within(deadline, 'the chart button', (left) => go(page, left));
    c1 = counters(site);
    const w = await within(deadline, 'the first window', (left) => clickToFirstWindow(page, target, left));
    const out = { ms: w.ms, shown: w.shown, open: counted(site, c1), visit: counted(site, c0) };
    if (!w.status.includes(num(expectTotal)) || w.shown < 1)
      throw new Error(
        `${label}: the first window says "${w.status}" with ${w.shown} items (chart of ${expectTotal}); ${problems.join(' / ')}`,
      );
    if (after) out.record = await after(page);
    return out;
  } catch (e) {
    if (!(e instanceof TooLong)) throw e;
    // Stopped before the chart's button: no open to count (zeros).
    const open = counted(site, c1 === c0 ? counters(site) : c1);
    return { tooLong: e.what, ms: Date.now() - t0, shown: 0, open, visit: counted(site, c0) };
  } finally {
    await context.close();
  }
}

/** The patient: Chart → Unlock (→ first window); with `openNewest`, then Open on the newest record until verified. */
const patientVisit = (browser, site, label, total, { openNewest = false } = {}) =>
  visit(
    browser,
    site,
    label,
    total,
    async (page, left) => {
      await page.locator('nav a[href="#/chart"]').first().click();
      const unlock = page.getByRole('button', { name: 'Unlock my records' });
      await unlock.waitFor({ timeout: left });
      return unlock;
    },
    openNewest &&
      (async (page) => {
        const item = page.locator(`li[data-record="${total}"]`).first();
        const c = counters(site);
        const t0 = Date.now();
        await item.getByRole('button', { name: /^Open/ }).first().click();
        await item
          .locator('.badge-ok')
          .first()
          .waitFor({ timeout: 60_000 })
          .catch(async (e) => {
            throw new Error(
              `${e.message}\nrecord: ${await item.textContent()}\nnotices: ${await page.textContent('#alerts')}`,
            );
          });
        return { ms: Date.now() - t0, ...counted(site, c) };
      }),
  );

/** The doctor: Patients → Unlock → the patient list → Open chart (→ first window). */
const clinicianVisit = (browser, site, patient, total) =>
  visit(browser, site, DOCTOR_LABEL, total, async (page, left) => {
    await page.locator('nav a[href="#/patients"]').first().click();
    await page.getByRole('button', { name: 'Unlock my records' }).click();
    const open = page.locator(`li[data-patient="${patient}" i]`).getByRole('button', { name: /^Open chart/ });
    await open.first().waitFor({ timeout: left });
    return open.first();
  });

/**
 * `runs` visits; medians of the time and of each count. A visit over a minute is not repeated
 * (its counts do not vary; its time is what it is); one stopped by the time limit ends the series.
 */
async function visits(runs, fn) {
  const all = [];
  for (let i = 0; i < runs; i++) {
    const v = await fn(i === runs - 1);
    all.push(v);
    if (v.tooLong || v.ms > 60_000) break;
  }
  const med = (f) => median(all.map(f));
  const pick = (k) => ({
    rpc: med((v) => v[k].rpc),
    rpcBytes: med((v) => v[k].rpcBytes),
    gateway: med((v) => v[k].gateway),
    limited: med((v) => v[k].limited),
  });
  return {
    tooLong: all.at(-1).tooLong,
    ms: med((v) => v.ms),
    msAll: all.map((v) => Math.round(v.ms)),
    shown: all[0].shown,
    open: pick('open'),
    visit: pick('visit'),
    record: all.at(-1).record,
    methods: all.at(-1).open.methods,
    visitMethods: all.at(-1).visit.methods,
  };
}

/**
 * Records the rows of one visit series under `prefix` (e.g. "patient, 100 records"). A series
 * stopped by the time limit is recorded under "<prefix> [stopped at the time limit, before <step>]":
 * its figures are what was counted by then (lower bounds).
 */
function recordVisit(record, prefix, v) {
  const p = v.tooLong ? `${prefix} [stopped at ${VISIT_LIMIT_MS / 1000} s, before ${v.tooLong}]` : prefix;
  record({ op: `${p}: first window`, impl: 'ours', value: v.ms, unit: 'ms' });
  if (v.tooLong !== 'the chart button') {
    record({ op: `${p}: RPC requests`, impl: 'ours', value: v.open.rpc, unit: 'requests' });
    record({ op: `${p}: RPC bytes`, impl: 'ours', value: v.open.rpcBytes, unit: 'bytes' });
    record({ op: `${p}: gateway requests`, impl: 'ours', value: v.open.gateway, unit: 'requests' });
  }
  record({ op: `${p}: RPC requests whole visit`, impl: 'ours', value: v.visit.rpc, unit: 'requests' });
  console.log(
    `# ${p}: first window ${v.msAll.join(' / ')} ms (${v.shown} shown); open: ${v.open.rpc} RPC requests, ` +
      `${kb(v.open.rpcBytes)}, ${v.open.gateway} gateway; whole visit: ${v.visit.rpc} RPC requests, ${kb(v.visit.rpcBytes)}` +
      `${v.visit.limited ? `, ${v.visit.limited} refused 429` : ''}; open calls: ${JSON.stringify(v.methods)}; ` +
      `whole visit calls: ${JSON.stringify(v.visitMethods)}`,
  );
}

const patientLabel = (n) => `Patient ${num(n)} records`;

/** Part 1: charts of `sizes` records on one chain. */
export async function chartsVsRecords(record, { sizes = CHART_SIZES, runs = RUNS } = {}) {
  const t0 = Date.now();
  const chain = await startPublicStack({ genesis: 20_000_000 });
  const browser = await launchBrowser();
  const rows = [];
  try {
    const patients = sizes.map((_, i) => 3 + i);
    await skipBlocks(chain.anvil, 600);
    const seeder = await seedPeople(chain, { admin: ADMIN, doctor: DOCTOR, patients });
    await skipBlocks(chain.anvil, 600);
    const tSeed = Date.now();
    for (const [i, n] of sizes.entries()) await seeder.addRecords(patients[i], n);
    const head = Number(await chain.anvil.rpc('eth_blockNumber'));
    console.log(
      `# charts: ${sizes.map(num).join(', ')} records seeded in ${((Date.now() - tSeed) / 1000).toFixed(1)} s; ` +
        `chain ${20_000_000}..${head}, contracts from ${chain.startBlock}; set-up ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );
    const site = await chain.serve({
      ...PROFILE,
      devAccounts: [
        ...sizes.map((n, i) => ({ label: patientLabel(n), index: patients[i] })),
        { label: DOCTOR_LABEL, index: DOCTOR },
      ],
    });
    for (const [i, n] of sizes.entries()) {
      const p = await visits(runs, (last) => patientVisit(browser, site, patientLabel(n), n, { openNewest: last }));
      recordVisit(record, `patient, ${num(n)} records`, p);
      if (p.record) {
        const op = `patient, ${num(n)} records: open newest record`;
        record({ op, impl: 'ours', value: p.record.ms, unit: 'ms' });
        record({ op: `${op}, gateway requests`, impl: 'ours', value: p.record.gateway, unit: 'requests' });
      }
      const d = await visits(runs, () => clinicianVisit(browser, site, chain.accounts[patients[i]], n));
      recordVisit(record, `clinician, ${num(n)} records`, d);
      rows.push({ n, p, d });
    }
    console.log(`# charts: proxy ${JSON.stringify(site.proxy.stats)}`);
  } finally {
    await browser.close();
    await chain.stop();
  }
  return rows;
}

/** Part 2: the 100-record chart on chains of `lengths` blocks of history. */
export async function chartVsChainLength(record, { lengths = CHAIN_LENGTHS, records = 100, runs = RUNS } = {}) {
  const rows = [];
  for (const h of lengths) {
    const t0 = Date.now();
    const chain = await startPublicStack({ genesis: h });
    const browser = await launchBrowser();
    try {
      const patient = 3;
      await skipBlocks(chain.anvil, h);
      const seeder = await seedPeople(chain, { admin: ADMIN, doctor: DOCTOR, patients: [patient] });
      const groups = 10;
      for (let g = 0; g < groups; g++) {
        await skipBlocks(chain.anvil, Math.max(1, Math.round(h / groups)));
        await seeder.addRecords(patient, records / groups);
      }
      const head = Number(await chain.anvil.rpc('eth_blockNumber'));
      console.log(
        `# chain ${num(h)}: blocks ${num(h)}..${num(head)}, contracts from ${num(chain.startBlock)}; set-up ${((Date.now() - t0) / 1000).toFixed(1)} s`,
      );
      const site = await chain.serve({
        ...PROFILE,
        devAccounts: [
          { label: patientLabel(records), index: patient },
          { label: DOCTOR_LABEL, index: DOCTOR },
        ],
      });
      const p = await visits(runs, () => patientVisit(browser, site, patientLabel(records), records));
      recordVisit(record, `patient, ${num(records)} records, ${num(h)}-block history`, p);
      const d = await visits(runs, () => clinicianVisit(browser, site, chain.accounts[patient], records));
      recordVisit(record, `clinician, ${num(records)} records, ${num(h)}-block history`, d);
      rows.push({ h, head, startBlock: chain.startBlock, p, d });
      console.log(`# chain ${num(h)}: proxy ${JSON.stringify(site.proxy.stats)}`);
    } finally {
      await browser.close();
      await chain.stop();
    }
  }
  return rows;
}

// ---- files -------------------------------------------------------------------------------------

/** encrypt + CID of the file at `path` in Node with the module (as the page's add does, no SHA-1 or staging). */
async function nodeSeal(ehr, path) {
  const id = ehr.records.generateX25519();
  const enc = ehr.records.createEncryptor({ scope: 3, epoch: 0, recipients: [id.publicKey] });
  async function* envelope() {
    for await (const c of createReadStream(path, { highWaterMark: 1 << 20 })) {
      const out = enc.push(new Uint8Array(c.buffer, c.byteOffset, c.length));
      if (out.length) yield out;
    }
    yield enc.finish();
  }
  try {
    const t0 = performance.now();
    const cid = await ehr.ipfs.cid(envelope(), { profile: 'unixfs-v1-2025' });
    return { ms: performance.now() - t0, cid };
  } finally {
    enc.dispose();
    id.dispose();
  }
}

/** Records the times at which the add form's steps ([data-step]) start, in window.__scaleSteps. */
function watchSteps() {
  window.__scaleSteps = {};
  const obs = new MutationObserver(() => {
    for (const li of document.querySelectorAll('[data-step]'))
      if (li.dataset.state !== 'todo' && !(li.dataset.step in window.__scaleSteps))
        window.__scaleSteps[li.dataset.step] = Date.now();
  });
  obs.observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-state'] });
  window.__scaleStepsStop = () => obs.disconnect();
}

/** Part 3: files of `sizes` bytes through the page, and encrypt + CID in Node. */
export async function files(record, { sizes = FILE_SIZES } = {}) {
  const PATIENT = 4;
  const stack = await startStack();
  const dir = mkdtempSync(join(tmpdir(), 'ehr-scale-files-'));
  const profileDir = mkdtempSync(join(tmpdir(), 'ehr-scale-profile-'));
  const ehr = await init();
  const abi = JSON.parse(readFileSync(new URL('../contracts/out/EhrHub.json', import.meta.url), 'utf8')).abi;
  const provider = new JsonRpcProvider(stack.anvil.url, undefined, { staticNetwork: true, cacheTimeout: -1 });
  const hub = new Contract(stack.contracts.EhrHub, abi, provider);
  const recordCount = async () => Number(await hub.recordCount(stack.accounts[PATIENT]));
  const { page, context, problems } = await persistentPage(profileDir, { anvil: stack.anvil, savePicker: false });
  const rows = [];
  try {
    await registerPatient(page, stack.url, PATIENT);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');

    for (const size of sizes) {
      const name = sizeName(size);
      const path = join(dir, `scan-${name.replace(' ', '')}.bin`);
      const hash = writeRandomFile(path, size);
      const want = (await recordCount()) + 1;

      // Upload: the add form, from the click to the record on chain.
      await page.click('.subnav a[href="#/chart/add"]');
      await page.setInputFiles('#record-file', path);
      await page.fill('#file-description', `Scale ${name}`).catch(() => {});
      await page.evaluate(watchSteps);
      const memUp = memorySampler({ intervalMs: 100, cdp });
      const tUp = Date.now();
      await page.getByRole('button', { name: 'Encrypt and add the file' }).click();
      for (;;) {
        if ((await recordCount()) >= want) break;
        const alerts = ((await page.textContent('#alerts').catch(() => '')) ?? '').trim();
        if (alerts) throw new Error(`adding the ${name} file: ${alerts} ${problems.join(' / ')}`);
        if (Date.now() - tUp > 1_800_000) throw new Error(`adding the ${name} file: no record after 30 min`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const tAdded = Date.now();
      const up = await memUp.stop();
      const steps = await page.evaluate(() => {
        window.__scaleStepsStop?.();
        return window.__scaleSteps;
      });
      const upMs = tAdded - tUp;
      const sealMs = steps.upload ? steps.upload - tUp : null;

      // Open: the record's Open, then Download until the browser has the whole file.
      await page.click('.subnav a[href="#/chart"]');
      const item = page.locator(`li[data-record="${want}"]`).first();
      await item.getByRole('button', { name: /^Open/ }).first().click();
      await item.locator('.badge-ok').first().waitFor({ timeout: 120_000 });
      const memOpen = memorySampler({ intervalMs: 100, cdp });
      const tOpen = Date.now();
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: 1_800_000 }),
        item
          .getByRole('button', { name: /^Download/ })
          .first()
          .click(),
      ]);
      const saved = await download.path();
      const openMs = Date.now() - tOpen;
      const opened = await memOpen.stop();
      const same = statSync(saved).size === size && (await sha256File(saved)) === hash;
      await download.delete().catch(() => {});
      if (!same) throw new Error(`the ${name} download differs from the file`);

      const nodeRun = await nodeSeal(ehr, path);
      rmSync(path, { force: true });

      const row = { size, name, upMs, sealMs, openMs, up, opened, nodeMs: nodeRun.ms };
      rows.push(row);
      const mbps = (ms) => size / 1e6 / (ms / 1000);
      record({ op: `file ${name}: upload (encrypt+CID+upload+record)`, impl: 'ours', value: mbps(upMs), unit: 'MB/s' });
      if (sealMs)
        record({
          op: `file ${name}: page encrypt+CID (to upload start)`,
          impl: 'ours',
          value: mbps(sealMs),
          unit: 'MB/s',
        });
      record({ op: `file ${name}: Node encrypt+CID`, impl: 'ours', value: mbps(nodeRun.ms), unit: 'MB/s' });
      record({ op: `file ${name}: open (fetch+verify+decrypt+save)`, impl: 'ours', value: mbps(openMs), unit: 'MB/s' });
      for (const [step, m] of [
        ['upload', up],
        ['open', opened],
      ]) {
        record({ op: `file ${name}: peak page PSS, ${step}`, impl: 'ours', value: m.pss.page, unit: 'bytes' });
        record({ op: `file ${name}: peak page RSS sum, ${step}`, impl: 'ours', value: m.rss.page, unit: 'bytes' });
        record({
          op: `file ${name}: peak browser process PSS, ${step}`,
          impl: 'ours',
          value: m.pss.browser,
          unit: 'bytes',
        });
        record({
          op: `file ${name}: peak page renderer RSS, ${step}`,
          impl: 'ours',
          value: m.rss.topRenderer,
          unit: 'bytes',
        });
      }
      const mem = (m) =>
        `page PSS ${mb(m.pss.page)} (before ${mb(m.before.pss.page)}), RSS sum ${mb(m.rss.page)} (before ${mb(m.before.rss.page)}); ` +
        `page renderer RSS ${mb(m.rss.topRenderer)} (before ${mb(m.before.rss.topRenderer)}); ` +
        `browser process PSS ${mb(m.pss.browser)}; all processes PSS ${mb(m.pss.all)}; JS heap ${mb(m.jsHeap)}; ${m.samples} samples`;
      console.log(
        `# file ${name}: upload ${(upMs / 1000).toFixed(1)} s${sealMs ? ` (encrypt+CID ${(sealMs / 1000).toFixed(1)} s, upload+record ${((upMs - sealMs) / 1000).toFixed(1)} s)` : ''}, ` +
          `open ${(openMs / 1000).toFixed(1)} s, Node encrypt+CID ${(nodeRun.ms / 1000).toFixed(1)} s`,
      );
      console.log(`# file ${name} upload peaks (${PAGE_TYPES.join('+')} = page): ${mem(up)}`);
      console.log(`# file ${name} open peaks: ${mem(opened)}`);
    }
  } finally {
    await context.close();
    provider.destroy();
    await stack.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(profileDir, { recursive: true, force: true });
  }
  return rows;
}

// ---- tables ------------------------------------------------------------------------------------

function table(head, rows) {
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const r of rows) lines.push(`| ${r.join(' | ')} |`);
  console.log(`\n${lines.join('\n')}`);
}

export function printTables(charts, chains, fileRows) {
  const ms = (v) => `${num(v)} ms`;
  const stopped = (v) => v.tooLong !== undefined;
  // A series stopped by the time limit: its time is the limit, its counts are lower bounds.
  const time = (v) => (stopped(v) ? `stopped at ${num(v.ms / 1000)} s (before ${v.tooLong})` : ms(v.ms));
  const count = (v, k, f = (x) => x) =>
    v.tooLong === 'the chart button' && k !== 'visit' ? '-' : `${stopped(v) ? '≥ ' : ''}${f(v[k].rpc ?? 0)}`;
  const bytes = (v) => (v.tooLong === 'the chart button' ? '-' : `${stopped(v) ? '≥ ' : ''}${kb(v.open.rpcBytes)}`);
  const ratio = (x, y) => (y ? `${(x / y).toFixed(2)}x` : '-');
  // Ratios of the open's figures mean nothing for a visit stopped before the chart's button.
  const opened = (a, b, f) => (b.tooLong === 'the chart button' ? '-' : ratio(f(b), f(a)));
  const ratios = (what, a, b) => {
    const of = (who, x, y) =>
      `${who} first window ${ratio(y.ms, x.ms)}, RPC requests ${opened(x, y, (v) => v.open.rpc)}, ` +
      `RPC bytes ${opened(x, y, (v) => v.open.rpcBytes)}, whole visit RPC requests ${ratio(y.visit.rpc, x.visit.rpc)}`;
    console.log(
      `\n${what}: ${of('patient', a.p, b.p)}; ${of('clinician', a.d, b.d)}` +
        `${stopped(b.p) || stopped(b.d) ? ' (a series stopped at the time limit: its ratios are lower bounds)' : ''}`,
    );
  };
  const visitCells = (v) => [
    time(v),
    count(v, 'open'),
    bytes(v),
    count(v, 'open', () => v.open.gateway),
    count(v, 'visit'),
  ];
  const visitHead = (who) => [
    `${who}: first window`,
    'RPC requests',
    'RPC bytes',
    'gateway requests',
    'whole visit RPC requests',
  ];
  if (charts.length) {
    table(
      ['records', ...visitHead('patient'), 'open newest record (gateway requests)', ...visitHead('clinician')],
      charts.map(({ n, p, d }) => [
        num(n),
        ...visitCells(p),
        p.record ? `${ms(p.record.ms)} (${p.record.gateway})` : '-',
        ...visitCells(d),
      ]),
    );
    ratios(`${num(charts.at(-1).n)} / ${num(charts[0].n)} records`, charts[0], charts.at(-1));
  }
  if (chains.length) {
    table(
      ['history (blocks)', 'chain', ...visitHead('patient'), ...visitHead('clinician')],
      chains.map(({ h, head, startBlock, p, d }) => [
        num(h),
        `${num(startBlock)}..${num(head)}`,
        ...visitCells(p),
        ...visitCells(d),
      ]),
    );
    ratios(`${num(chains.at(-1).h)} / ${num(chains[0].h)} blocks`, chains[0], chains.at(-1));
  }
  if (fileRows.length) {
    const rate = (f, t) => (t ? `${(f.size / 1e6 / (t / 1000)).toFixed(1)} MB/s` : '-');
    table(
      [
        'file',
        'upload (encrypt+CID+upload+record)',
        'page encrypt+CID',
        'Node encrypt+CID',
        'page/Node',
        'open (to download)',
        'peak page PSS upload (growth)',
        'peak page PSS open (growth)',
        'peak page RSS sum upload / open',
        'peak page renderer RSS upload / open',
        'peak browser process PSS',
        'peak JS heap',
      ],
      fileRows.map((f) => [
        f.name,
        rate(f, f.upMs),
        rate(f, f.sealMs),
        rate(f, f.nodeMs),
        f.sealMs ? `${(f.nodeMs / f.sealMs).toFixed(2)}x` : '-',
        rate(f, f.openMs),
        `${mb(f.up.pss.page)} (+${mb(f.up.pss.page - f.up.before.pss.page)})`,
        `${mb(f.opened.pss.page)} (+${mb(f.opened.pss.page - f.opened.before.pss.page)})`,
        `${mb(f.up.rss.page)} / ${mb(f.opened.rss.page)}`,
        `${mb(f.up.rss.topRenderer)} / ${mb(f.opened.rss.topRenderer)}`,
        `${mb(Math.max(f.up.pss.browser, f.opened.pss.browser))}`,
        `${mb(Math.max(f.up.jsHeap, f.opened.jsHeap))}`,
      ]),
    );
  }
}

export async function run({ record }) {
  console.log(
    `# scale: ${RUNS} visit(s) per figure; files ${FILE_SIZES.map(sizeName).join(', ')}${QUICK ? ' (--quick)' : ''}`,
  );
  const charts = await chartsVsRecords(record);
  const chains = await chartVsChainLength(record);
  const fileRows = await files(record);
  printTables(charts, chains, fileRows);
}
