// Slow (scripts/ipfs-slow.sh, not part of npm test): the CID of a 1 GiB stream in constant memory.
// Each run is a fresh process; its peak RSS is checked against a bound and printed. Our CID must
// equal ipfs-unixfs-importer's for the same stream.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const MiB = 1 << 20;
// 1 GiB in 1 MiB pieces, each distinct (two counter bytes) so no leaf repeats. The piece buffer is
// reused (the module copies what it takes); the importer keeps references, so it gets copies.
// Peak RSS from /proc (VmHWM: this process since exec; getrusage's maxrss would include the
// parent's RSS at fork).
const peak =
  "const peakRss = () => Number(/VmHWM:\\s+(\\d+)/.exec(require('node:fs').readFileSync('/proc/self/status', 'utf8'))[1]) * 1024;";
const source =
  'const piece = new Uint8Array(1 << 20).map((_, i) => (i * 2654435761) >>> 24); const source = function* () { for (let i = 0; i < 1024; i++) { piece[0] = i & 255; piece[1] = i >> 8; yield piece; } };';
const run = (body) => {
  const r = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import { createRequire } from 'node:module'; const require = createRequire(import.meta.url); ${peak} ${source} const t = performance.now(); ${body} console.log(JSON.stringify({ cid, ms: performance.now() - t, rss: peakRss() }));`,
    ],
    { cwd: root, encoding: 'utf8' },
  );
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop());
};

test("CID of a 1 GiB stream: equal to the importer's, peak RSS bounded", () => {
  const base = run('const cid = "";');
  const ref = run(
    `const { importer } = await import('ipfs-unixfs-importer'); let last; const copies = function* () { for (const p of source()) yield p.slice(); }; for await (const e of importer([{ content: copies() }], { put: async (c) => c }, { profile: 'unixfs-v1-2025' })) last = e; const cid = last.cid.toString();`,
  );
  for (const hasher of ['wasm', 'webcrypto']) {
    const ours = run(
      `const { init } = await import('./wasm/js/ehr.js'); const e = await init(); const cid = await e.ipfs.cid(source(), { hasher: '${hasher}' });`,
    );
    console.log(
      `# ${hasher}: ${(1024 / (ours.ms / 1000)).toFixed(0)} MiB/s, peak RSS ${(ours.rss / MiB).toFixed(1)} MiB (bare process ${(base.rss / MiB).toFixed(1)} MiB, importer ${(ref.rss / MiB).toFixed(1)} MiB)`,
    );
    assert.equal(ours.cid, ref.cid);
    // The module holds one 1 MiB chunk and 1,024 links; the rest is Node, the 16 MiB heap and
    // the source's piece. 64 MiB above a bare process leaves room for the GC's slack.
    assert.ok(ours.rss - base.rss < 64 * MiB, `peak RSS ${ours.rss} vs bare ${base.rss}`);
  }
});
