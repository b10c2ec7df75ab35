// A large file through the page (web/src/records/files.js, docs/record-format.md "Files"): a file
// of random bytes generated on disk in a temporary folder (never held in this process's memory)
// is added with progress (the page's Worker reads it from disk, hashes, encrypts and builds its
// CID, staging the ciphertext in the origin private file system; the page uploads that disk-backed
// file and pins it once whole), a second add cancelled during the upload records nothing and
// leaves nothing pinned (the node's /api/v0/pin/ls says so), one cancelled while encrypting
// uploads nothing, an endpoint that answers 413 gets a clear message, and the record opens to a
// streamed download (and into a picked file) whose SHA-256 equals the original's.
//
// Memory: the RSS of the renderer process that runs the page (found in the process tree: the
// Chromium renderer with the page's DedicatedWorker thread) is read from /proc every 100 ms while
// each step runs; its peak must stay within 300 MiB. The CPU time of the renderer's main thread
// and of its Worker thread is reported beside it: the per-byte work is the Worker's.
//
// Size: EHR_LARGE_MB, default 256 (about 40 s alone on a 2-core machine, about 1.3 GB of temporary
// disk); EHR_LARGE_MB=1024 for the 1 GB goal (about 1.5 minutes alone, up to about 5 GB of disk),
// which `npm run bench -- scale` also measures (docs/benchmarks.md "Files").
// A persistent profile (on disk), as a person's browser has: an off-the-record context keeps the
// origin private file system in memory.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { screenshot, startStack, waitForText } from './helpers.mjs';
import { persistentPage } from '../lib/persistent-page.mjs';
import { registerPatient } from '../lib/dev-account.mjs';
import { chromiumProcesses } from '../lib/chromium-memory.mjs';
import { sha256File, writeRandomFile } from '../lib/random-file.mjs';

const MB = Number(process.env.EHR_LARGE_MB ?? 256);
const BYTES = MB * 1048576;
/** The goal for the browser's peak memory while a large file goes up or comes back. */
const RENDERER_LIMIT = 300 * 1048576;
/** Generous waits for one step: about 2 s per MB (a loaded 2-core machine), at least 4 minutes. */
const STEP_MS = Math.max(240_000, MB * 2000);
const PATIENT = 4;
const FILE_NAME = `scan-${MB}mb.bin`;
let stack, context, page, problems, dir, bigFile, bigHash, profileDir;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ehr-large-'));
  profileDir = mkdtempSync(join(tmpdir(), 'ehr-large-profile-'));
  bigFile = join(dir, FILE_NAME);
  bigHash = writeRandomFile(bigFile, BYTES);
  stack = await startStack();
  ({ page, context, problems } = await persistentPage(profileDir, { anvil: stack.anvil, savePicker: false }));
});
after(async () => {
  await context?.close();
  await stack?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
});

// ---- the page's renderer: memory and threads, from /proc ---------------------------------------

const TICK_S = 0.01; // /proc CPU times are in clock ticks of 1/100 s (USER_HZ on Linux)
const mib = (n) => `${(n / 1048576).toFixed(0)} MiB`;

/** The threads of process `pid`: [{ tid, comm, cpuS (user + system, seconds) }]. */
function threadsOf(pid) {
  const out = [];
  let tids = [];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const f = stat.slice(close + 2).split(' ');
      // After the command: state (3), ..., utime (14) and stime (15), counted from 1 in proc(5).
      out.push({
        tid: Number(tid),
        comm: stat.slice(stat.indexOf('(') + 1, close),
        cpuS: (Number(f[11]) + Number(f[12])) * TICK_S,
      });
    } catch {
      // ended meanwhile
    }
  }
  return out;
}
const isWorkerThread = (t) => t.comm.startsWith('DedicatedWorker');

/** Chromium's renderer processes under this one, with their RSS (tests/lib/chromium-memory.mjs). */
const renderers = () => chromiumProcesses().filter((p) => p.type === 'renderer');

/**
 * Samples the RSS of every renderer every 100 ms until stop(), which resolves to the figures of
 * the page's renderer (the one where a Worker thread ran: the page's files Worker runs for each
 * file operation): { pid, peak, before, samples, cpu: { main, worker } (seconds of CPU time
 * during the step; a Worker thread's as last seen, it ends with its operation) }.
 */
function rendererSampler() {
  const threads = new Map(); // `${pid}/${tid}` -> { pid, tid, worker, first, last } (CPU seconds)
  const peaks = new Map(); // pid -> { peak, before }
  let pagePid = null;
  let samples = 0;
  const sample = () => {
    for (const r of renderers()) {
      const p = peaks.get(r.pid) ?? { peak: 0, before: r.rss };
      p.peak = Math.max(p.peak, r.rss);
      peaks.set(r.pid, p);
      for (const t of threadsOf(r.pid)) {
        const k = `${r.pid}/${t.tid}`;
        // A thread that starts during the step (a Worker) counts from 0.
        const e = threads.get(k) ?? {
          pid: r.pid,
          tid: t.tid,
          worker: isWorkerThread(t),
          first: samples === 0 ? t.cpuS : 0,
        };
        e.last = t.cpuS;
        threads.set(k, e);
        if (e.worker) pagePid = r.pid;
      }
    }
    samples++;
  };
  sample();
  let running = true;
  const loop = (async () => {
    while (running) {
      await new Promise((r) => setTimeout(r, 100));
      sample();
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      sample();
      assert.ok(pagePid, "the page's renderer ran a Worker (a DedicatedWorker thread)");
      const cpu = { main: 0, worker: 0 };
      for (const t of threads.values()) {
        if (t.pid !== pagePid) continue;
        if (t.tid === pagePid) cpu.main += t.last - t.first;
        else if (t.worker) cpu.worker += t.last - t.first;
      }
      const { peak, before } = peaks.get(pagePid);
      return { pid: pagePid, peak, before, samples, cpu };
    },
  };
}

const report = (what, m) =>
  console.log(
    `# large-file ${what}: ${MB} MB: peak renderer RSS ${mib(m.peak)} (before ${mib(m.before)}; ` +
      `${m.samples} samples at 100 ms, pid ${m.pid}); ` +
      `CPU: renderer main thread ${m.cpu.main.toFixed(1)} s, Worker thread ${m.cpu.worker.toFixed(1)} s`,
  );
const mbps = (ms) => (MB / (ms / 1000)).toFixed(1);

// ---- the chain, the node and the page's storage -------------------------------------------------

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

/** The IPFS node's recursive pins, asked directly (/api/v0/pin/ls), sorted. */
async function pins() {
  const res = await fetch(`${stack.node.apiUrl}/api/v0/pin/ls?type=recursive`, { method: 'POST' });
  assert.equal(res.status, 200, 'pin/ls');
  return Object.keys((await res.json()).Keys ?? {}).sort();
}

const stagedFiles = () =>
  page.evaluate(async () => {
    const root = await navigator.storage.getDirectory();
    const names = [];
    for await (const n of root.keys()) names.push(n);
    return names;
  });
const uploadStaging = async () => (await stagedFiles()).filter((n) => n.startsWith('ehr-upload-'));

/** The requests to the node's add endpoint from now on, with how they ended. */
function watchAdds() {
  const adds = [];
  const isAdd = (r) => /\/api\/v0\/add\?/.test(r.url());
  const onRequest = (r) => isAdd(r) && adds.push({ request: r, ended: null });
  const end = (how) => (r) => {
    const a = adds.find((x) => x.request === r);
    if (a) a.ended = how === 'failed' ? `failed: ${r.failure()?.errorText}` : how;
  };
  const onFinished = end('finished');
  const onFailed = end('failed');
  page.on('request', onRequest);
  page.on('requestfinished', onFinished);
  page.on('requestfailed', onFailed);
  return {
    adds,
    stop() {
      page.off('request', onRequest);
      page.off('requestfinished', onFinished);
      page.off('requestfailed', onFailed);
    },
  };
}

const status = (text) => page.locator('[role="status"]', { hasText: text }).first();

// ---- the steps ------------------------------------------------------------------------------------

test('the patient registers', async () => {
  await registerPatient(page, stack.url, PATIENT);
});

test(`a ${MB} MB file is added through the page's Worker with progress, in bounded memory, pinned and recorded once`, async () => {
  await page.click('.subnav a[href="#/chart/add"]');
  await page.setInputFiles('#record-file', bigFile);
  await page.fill('#file-description', 'A large scan');
  const pinsBefore = await pins();
  const mem = rendererSampler();
  const t0 = Date.now();
  await page.getByRole('button', { name: 'Encrypt and add the file' }).click();
  // Progress: the bar and a percentage while the Worker reads, hashes and encrypts.
  await page.locator('.progress-bar:not([hidden])').first().waitFor();
  await status(new RegExp(`Encrypting… [\\d.]+ MB of ${MB} MB \\(\\d+%\\)`)).waitFor({ timeout: STEP_MS });
  await status('Uploading the encrypted file').waitFor({ timeout: STEP_MS });
  const tSealed = Date.now();
  // The upload's own progress: the request body as it goes out.
  await status(/Uploading the encrypted file… [\d.]+ MB of [\d.]+ MB \(\d+%\)/).waitFor({ timeout: STEP_MS });
  await waitForText(page, 'Added as record 1', { timeout: STEP_MS, problems });
  const tDone = Date.now();
  const m = await mem.stop();
  report('add', m);
  console.log(
    `# large-file add: ${MB} MB read + SHA-1 + encrypt + CID + staged (page's Worker) in ${((tSealed - t0) / 1000).toFixed(1)} s ` +
      `(${mbps(tSealed - t0)} MB/s); upload + pin + chain ${((tDone - tSealed) / 1000).toFixed(1)} s; ` +
      `whole add ${((tDone - t0) / 1000).toFixed(1)} s (${mbps(tDone - t0)} MB/s)`,
  );
  await screenshot(page, 'large-file-added');
  assert.equal(await hubRecordCount(), 1);
  assert.deepEqual(await uploadStaging(), [], 'the staging file is removed');
  const added = (await pins()).filter((c) => !pinsBefore.includes(c));
  assert.equal(added.length, 2, `pinned: the file and its record (${added.join(', ')})`);
  assert.ok(m.samples > 3, 'memory was sampled');
  assert.ok(m.peak <= RENDERER_LIMIT, `renderer RSS peak ${mib(m.peak)} (limit ${mib(RENDERER_LIMIT)})`);
  // The per-byte work (SHA-1, encryption, CID) is the Worker's, not the page's main thread's.
  assert.ok(
    m.cpu.main < m.cpu.worker / 4,
    `main thread ${m.cpu.main.toFixed(1)} s of CPU, Worker ${m.cpu.worker.toFixed(1)} s`,
  );
});

/**
 * Adds the large file, cancels once `when()` resolves and waits for `message`: the requests to
 * the node's add endpoint made meanwhile ({ request, ended }).
 */
async function cancelledAdd(when, message) {
  const adds = watchAdds();
  try {
    await page.setInputFiles('#record-file', bigFile);
    await page.getByRole('button', { name: 'Encrypt and add the file' }).click();
    await when();
    await page.locator('#file-cancel').click();
    await waitForText(page, message, { timeout: 60000, problems });
    return adds.adds;
  } finally {
    adds.stop();
  }
}

test('an add cancelled during the upload records nothing and leaves nothing pinned on the node', async () => {
  const pinsBefore = await pins();
  const adds = await cancelledAdd(async () => {
    await status('Uploading the encrypted file').waitFor({ timeout: STEP_MS });
    await page.waitForTimeout(300); // the body is on its way
  }, 'Cancelled: nothing was recorded, and nothing stays pinned on the storage node.');
  // The upload itself was cut off (not finished, then unpinned).
  assert.equal(adds.length, 1);
  assert.match(adds[0].ended ?? 'still running', /^failed: net::ERR_ABORTED/);
  assert.deepEqual(await pins(), pinsBefore, 'pin/ls: nothing new is pinned');
  assert.equal(await hubRecordCount(), 1);
  assert.deepEqual(await uploadStaging(), []);
  assert.equal(await page.locator('#file-cancel').isHidden(), true);
});

test('an add cancelled while the Worker encrypts uploads nothing and records nothing', async () => {
  const pinsBefore = await pins();
  const adds = await cancelledAdd(
    () => status(/Encrypting… .* \(([1-9]|[1-8]\d)%\)/).waitFor({ timeout: STEP_MS }),
    'Cancelled: nothing was recorded, and nothing was uploaded.',
  );
  assert.deepEqual(adds, [], 'no upload started');
  assert.deepEqual(await pins(), pinsBefore);
  assert.equal(await hubRecordCount(), 1);
  assert.deepEqual(await uploadStaging(), []);
});

test('an upload endpoint that refuses the size (413) gets a clear message; nothing is recorded', async () => {
  const small = join(dir, 'small.pdf');
  writeRandomFile(small, 300_000);
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

test('the record opens and the file streams to a download, in bounded memory; its SHA-256 equals the original', async () => {
  await page.click('.subnav a[href="#/chart"]');
  await page.locator('li[data-record="1"]').first().waitFor();
  await page.click('li[data-record="1"] button:has-text("Open")');
  await page.locator('li[data-record="1"] .badge-ok').first().waitFor();
  assert.match(await page.textContent('li[data-record="1"]'), new RegExp(FILE_NAME.replace('.', '\\.')));
  const mem = rendererSampler();
  const t0 = Date.now();
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: STEP_MS }),
    page.click('li[data-record="1"] button:has-text("Download")'),
  ]);
  assert.equal(download.suggestedFilename(), FILE_NAME);
  const path = await download.path();
  const tDone = Date.now();
  const m = await mem.stop();
  report('open', m);
  console.log(
    `# large-file open: ${MB} MB fetched (CAR, every block verified) + decrypted + SHA-1 + staged + downloaded in ` +
      `${((tDone - t0) / 1000).toFixed(1)} s (${mbps(tDone - t0)} MB/s)`,
  );
  await waitForText(page, "the file's hash matched the record", { timeout: 60000, problems });
  assert.equal(await sha256File(path), bigHash, 'the downloaded bytes equal the original');
  await download.delete();
  assert.ok(m.peak <= RENDERER_LIMIT, `renderer RSS peak ${mib(m.peak)} (limit ${mib(RENDERER_LIMIT)})`);
  assert.ok(
    m.cpu.main < m.cpu.worker / 4,
    `main thread ${m.cpu.main.toFixed(1)} s, Worker ${m.cpu.worker.toFixed(1)} s`,
  );
  await screenshot(page, 'large-file-opened');
  assert.deepEqual(
    problems.filter((p) => !/413|Failed to load resource/.test(p)),
    [],
  );
});

test('where the browser has a save picker, the Worker writes the file into the file the person picked', async () => {
  // The picker's dialog cannot be answered headless: this one returns a file of the origin
  // private file system, which has the same FileSystemFileHandle interface as a picked file.
  const picked = `picked-${FILE_NAME}`;
  await page.evaluate(() => {
    window.showSaveFilePicker = async ({ suggestedName }) =>
      (await navigator.storage.getDirectory()).getFileHandle(`picked-${suggestedName}`, { create: true });
  });
  const fileStatus = page.locator('li[data-record="1"] .file-status');
  const mem = rendererSampler();
  await page.click('li[data-record="1"] button:has-text("Download")');
  await fileStatus.filter({ hasText: 'Fetching' }).waitFor();
  await fileStatus.filter({ hasText: "the file's hash matched the record" }).waitFor({ timeout: STEP_MS });
  const m = await mem.stop();
  report('open into a picked file', m);
  assert.ok(m.peak <= RENDERER_LIMIT, `renderer RSS peak ${mib(m.peak)} (limit ${mib(RENDERER_LIMIT)})`);
  // The picked file's bytes, handed to a download (read from disk) and hashed here.
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: STEP_MS }),
    page.evaluate(async (name) => {
      const f = await (await (await navigator.storage.getDirectory()).getFileHandle(name)).getFile();
      const a = document.createElement('a');
      a.href = URL.createObjectURL(f);
      a.download = name;
      document.body.append(a);
      a.click();
      a.remove();
    }, picked),
  ]);
  assert.equal(await sha256File(await download.path()), bigHash);
  await download.delete();
  await page.evaluate(async (name) => {
    await (await navigator.storage.getDirectory()).removeEntry(name);
    window.showSaveFilePicker = undefined;
  }, picked);
});

test('a record that carries its file inline (base64 Attachment.data) still opens and downloads as before', async () => {
  // Amend the file record into one that carries a small file inline, as records did before.
  await page.getByRole('button', { name: 'Amend record 1' }).click();
  const box = page.locator('#amend-1');
  if (!(await box.isVisible())) await page.getByText('Advanced: edit FHIR JSON').click();
  const doc = JSON.parse(await box.inputValue());
  doc.content[0].attachment = {
    contentType: 'text/plain',
    title: 'note.txt',
    size: 11,
    data: Buffer.from('hello world').toString('base64'),
  };
  await box.fill(JSON.stringify(doc, null, 2));
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
