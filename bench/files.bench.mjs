// npm run bench -- files [--files-mb=N] [--runs=N]: a file's encrypt + CID throughput in the page
// beside Node, with the same module build. Both run the file pipeline of wasm/js/worker.js
// (sealStream): the file read from disk, hashed (SHA-1, FHIR's Attachment.hash), encrypted as one
// record envelope and its UnixFS CID built (unixfs-v1-2025) as it passes, the envelope written to
// disk. In the page that is the page's own path, a module Worker's sealFile in headless Chromium
// (the file from a file input, the envelope staged in the origin private file system of a
// persistent profile); in Node, sealStream on the main thread (the file as an fs read stream of
// 1 MiB pieces, the envelope to a temporary file). Each side: one warm-up on a 16 MB file, then `runs` runs
// (default 3, the two sides in turn) on an N MB file of random bytes (default 256), reporting
// MB/s of the best run and min/avg/max. The envelope is sealed to a fresh X25519 public key (no
// secret key in JS).
import {
  closeSync,
  createReadStream,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { init } from '../wasm/js/ehr.js';
import { sealStream } from '../wasm/js/worker.js';
import { buildPage, randomPrefix, startStaticServer } from '../tests/web/helpers.mjs';
import { writeRandomFile } from '../tests/lib/random-file.mjs';

/** No native counterpart in bench/native for this group. */
export const native = false;

const PROFILE = 'unixfs-v1-2025';
const WARMUP_MB = 16;
const arg = (name, dflt) => {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  return a ? Number(a.slice(name.length + 3)) : dflt;
};

/** Node: sealStream of the file at `path` into a file in `dir`; returns ms and the result. */
async function sealInNode(ehr, path, dir, publicKey) {
  const out = join(dir, 'node-envelope');
  const fd = openSync(out, 'w');
  try {
    const t = performance.now();
    const r = await sealStream(ehr, {
      source: createReadStream(path, { highWaterMark: 1 << 20 }),
      size: statSync(path).size,
      encrypt: { scope: 3, epoch: 0, recipients: [publicKey] },
      profile: PROFILE,
      write: (b) => {
        writeSync(fd, b);
      },
    });
    return { ms: performance.now() - t, size: r.size, envelopeSize: r.envelopeSize };
  } finally {
    closeSync(fd);
    rmSync(out, { force: true });
  }
}

/** The bench page: the built page's module and Worker, a file input and window.sealOnce(). */
const benchHtml = (prefix) => `<!doctype html>
<meta charset="utf-8"><title>files bench</title>
<input type="file" id="f">
<script type="module">
import { init } from '${prefix}wasm/js/ehr.js';
import { createWorker } from '${prefix}wasm/js/worker.js';
const ehr = await init();
const worker = await createWorker({ url: new URL('${prefix}wasm/js/worker.js', location.href) });
const id = ehr.records.generateX25519();
/** sealFile of the chosen file into a staging file of the origin private file system. */
window.sealOnce = async () => {
  const file = document.getElementById('f').files[0];
  const root = await navigator.storage.getDirectory();
  const target = await root.getFileHandle('bench-envelope', { create: true });
  try {
    const t = performance.now();
    const r = await worker.sealFile(ehr, {
      file,
      encrypt: { scope: 3, epoch: 0, recipients: [id.publicKey] },
      profile: '${PROFILE}',
      target,
    });
    return { ms: performance.now() - t, size: r.size, envelopeSize: r.envelopeSize };
  } finally {
    await root.removeEntry('bench-envelope');
  }
};
window.benchReady = true;
</script>
`;

const stats = (mb, runs) => {
  const rates = runs.map((r) => mb / (r.ms / 1000));
  const avg = rates.reduce((a, b) => a + b, 0) / rates.length;
  return { best: Math.max(...rates), min: Math.min(...rates), avg, max: Math.max(...rates) };
};

export async function run({ record }) {
  const MB = arg('files-mb', 256);
  const RUNS = arg('runs', 3);
  const dir = mkdtempSync(join(tmpdir(), 'ehr-bench-files-'));
  const profileDir = mkdtempSync(join(tmpdir(), 'ehr-bench-files-profile-'));
  const big = join(dir, `file-${MB}mb.bin`);
  const warm = join(dir, `file-${WARMUP_MB}mb.bin`);
  writeRandomFile(big, MB * 1048576);
  writeRandomFile(warm, WARMUP_MB * 1048576);
  const built = buildPage({ rpcUrl: 'http://127.0.0.1:9' });
  const prefix = randomPrefix();
  const benchDir = join(dir, 'bench-page');
  mkdirSync(benchDir);
  writeFileSync(join(benchDir, 'index.html'), benchHtml(prefix));
  const server = await startStaticServer({ [prefix]: built.out, '/files-bench/': benchDir });
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const ehr = await init();
    const id = ehr.records.generateX25519();
    const page = context.pages()[0] ?? (await context.newPage());
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.origin}/files-bench/`);
    await page
      .waitForFunction(() => window.benchReady === true, null, { timeout: 60000 })
      .catch(() => {
        throw new Error(`the bench page did not start: ${errors.join(' / ')}`);
      });
    // Warm-up on each side, then the runs interleaved (Node, page, Node, ...): a machine shared
    // with other work slows both alike.
    await sealInNode(ehr, warm, dir, id.publicKey);
    await page.setInputFiles('#f', warm);
    await page.evaluate(() => window.sealOnce());
    await page.setInputFiles('#f', big);
    const nodeRuns = [];
    const pageRuns = [];
    for (let i = 0; i < RUNS; i++) {
      nodeRuns.push(await sealInNode(ehr, big, dir, id.publicKey));
      pageRuns.push(await page.evaluate(() => window.sealOnce()));
    }
    id.dispose();

    for (const r of [...nodeRuns, ...pageRuns])
      if (r.size !== MB * 1048576) throw new Error(`sealed ${r.size} bytes of ${MB * 1048576}`);
    const n = stats(MB, nodeRuns);
    const p = stats(MB, pageRuns);
    const op = `file ${MB} MB: read+SHA-1+encrypt+CID+write`;
    record({ op: `${op} (page Worker)`, impl: 'ours', value: p.best, unit: 'MB/s' });
    console.log(
      `# ${op}, page (Chromium module Worker, OPFS staging): best ${p.best.toFixed(1)} MB/s ` +
        `(min ${p.min.toFixed(1)} / avg ${p.avg.toFixed(1)} / max ${p.max.toFixed(1)} over ${RUNS} runs)`,
    );
    record({ op: `${op} (Node, same build)`, impl: 'ours', value: n.best, unit: 'MB/s' });
    console.log(
      `# ${op}, Node ${process.version} main thread, temp file: best ${n.best.toFixed(1)} MB/s ` +
        `(min ${n.min.toFixed(1)} / avg ${n.avg.toFixed(1)} / max ${n.max.toFixed(1)} over ${RUNS} runs); ` +
        `page / Node ${(p.best / n.best).toFixed(2)}`,
    );
  } finally {
    await context.close();
    await server.close();
    built.remove();
    rmSync(dir, { recursive: true, force: true });
    rmSync(profileDir, { recursive: true, force: true });
  }
}

// Alone: node bench/files.bench.mjs [--files-mb=N] [--runs=N]
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await run({ record: (r) => console.log(`files ${r.op.padEnd(56)} ${r.value.toFixed(1).padStart(8)} ${r.unit}`) });
}
