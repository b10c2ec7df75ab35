// npm run bench -- [group ...] [--quick]   (groups: crypto, eth, ipfs, records, page, import, scale, files; none = all)
// Options starting with '-' are not groups: a group's module reads the ones it knows (scale: --quick, --runs=N).
// Runs bench/<group>.bench.mjs for each group in this one process, plus the native build of the
// same C++ (impl "native") when bench/native has entries for the group, and writes
// bench/results/latest.json in the format described in docs/benchmarks.md, then prints a table of ratios.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ALL = ['crypto', 'eth', 'ipfs', 'records', 'page', 'import', 'scale', 'files'];
const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const groups = args.length ? args : ALL;
for (const g of groups) if (!ALL.includes(g)) throw new Error(`unknown group '${g}' (groups: ${ALL.join(', ')})`);

const results = [];
const record = (group) => (r) => {
  for (const k of ['op', 'impl', 'value', 'unit']) if (r[k] === undefined) throw new Error(`result without ${k}`);
  const row = { group, ...r };
  results.push(row);
  const extra =
    r.minUs !== undefined
      ? `  (min ${r.minUs.toFixed(2)} / avg ${r.avgUs.toFixed(2)} / max ${r.maxUs.toFixed(2)} us)`
      : '';
  console.log(
    `${group.padEnd(8)} ${r.op.padEnd(40)} ${r.impl.padEnd(26)} ${fmt(r.value).padStart(14)} ${r.unit}${extra}`,
  );
};
const fmt = (v) => (v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(v >= 10 ? 1 : 3));

// Native numbers: the release build's bench binary, if it builds.
function runNative(group) {
  const bin = `${root}build/native-release/bench/native/ehr_bench`;
  const r = spawnSync(
    'bash',
    [
      '-c',
      'source scripts/lib.sh && configure_preset native-release && cmake --build --preset native-release --target ehr_bench >/dev/null',
    ],
    { cwd: root, stdio: 'inherit' },
  );
  if (r.status !== 0 || !existsSync(bin)) {
    console.log(`# native bench unavailable (build failed)`);
    return;
  }
  const run = spawnSync(bin, [group], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (run.status !== 0) throw new Error(`native bench failed: ${run.stderr}`);
  for (const line of run.stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    const row = JSON.parse(line);
    record(group)({ op: row.op, impl: 'native', value: row.value, unit: row.unit });
  }
}

for (const group of groups) {
  const file = new URL(`./${group}.bench.mjs`, import.meta.url);
  if (!existsSync(file)) {
    console.log(`# group ${group}: no bench/${group}.bench.mjs yet`);
    continue;
  }
  const mod = await import(file);
  await mod.run({ record: record(group) });
  if (mod.native !== false) runNative(group);
}

const out = { date: new Date().toISOString(), node: process.version, cpu: cpus()[0]?.model ?? 'unknown', results };
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/latest.json', import.meta.url), JSON.stringify(out, null, 2) + '\n');

// Ratios: ours / each other impl, per op. For ops/s and MB/s higher is better; for ms, bytes and
// gas lower is better, so the ratio is peer / ours (above 1 means ours is better).
console.log('\nratios (above 1: ours is better)');
const byOp = new Map();
for (const r of results) {
  const key = `${r.group}\u0000${r.op}`;
  if (!byOp.has(key)) byOp.set(key, []);
  byOp.get(key).push(r);
}
for (const rows of byOp.values()) {
  const ours = rows.find((r) => r.impl === 'ours');
  if (!ours) continue;
  for (const peer of rows) {
    if (peer === ours) continue;
    const higher = peer.unit === 'ops/s' || peer.unit === 'MB/s';
    const ratio = higher ? ours.value / peer.value : peer.value / ours.value;
    console.log(`${ours.group.padEnd(8)} ${ours.op.padEnd(40)} vs ${peer.impl.padEnd(26)} ${ratio.toFixed(2)}x`);
  }
}
console.log(`\nwrote bench/results/latest.json (${results.length} results)`);
