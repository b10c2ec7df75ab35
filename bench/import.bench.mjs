// Import benchmark: records per second through the import screen's path for the 164-entry
// Synthea bundle (tests/vectors/health/synthea, Dino214 transaction), beside the same records
// added one at a time through the add-record form's path, both to a local IPFS node started here
// (tools/ipfs-node, as tests/ipfs-node/helpers.mjs starts it).
//
//   import  = planImport of the whole Bundle (content keys, references rewritten, each rewritten
//             resource categorised by the module's ehr.records.fhir.validate, as
//             records/import-run.js planChartImport does), then for every planned record, one at
//             a time as records/chart.js addRecords does: fhir.check, encrypt under the chart key
//             of its scope (records.encrypt), and upload with the node's CID checked against our
//             own (gateway.js createUploader: the CID is computed locally and compared).
//   single  = for the same resources, one at a time as records/chart.js addRecord does: fhir.check,
//             encrypt, CID + upload. No plan.
//   local   = the import without the upload (plan, check, encrypt, CID): what the page itself spends.
// Not included: the chain step (sealingFor's reads and the addRecord / addRecords transactions:
// one transaction per ADD_BATCH = 50 records for an import, one per record for single adds; their
// gas is in `npm run gas`). Figures: records/s = records / wall time of the whole run, best of 3
// alternating runs after one warm-up run each.
//
//   node bench/run.mjs import
import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fill } from './lib.mjs';

export const native = false;

const DINO = new URL(
  '../tests/vectors/health/synthea/encoders/src/test/resources/data/bundles/R4/json/Dino214_Parisian75_40d82b80-b682-cd8b-da6d-396809878641.json',
  import.meta.url,
);
const PATIENT = 'Patient/0x00000000000000000000000000000000000000aa';

export async function run({ record }) {
  const { init } = await import('../wasm/js/ehr.js');
  const { createUploader } = await import('../wasm/js/gateway.js');
  const { planImport } = await import('../web/src/health/bundle-import.js');
  const { startIpfsNode } = await import('../tools/ipfs-node/start.mjs');
  const ehr = await init();
  const text = readFileSync(DINO, 'utf8');
  const entries = JSON.parse(text).entry.length;

  const dataDir = await mkdtemp(join(tmpdir(), 'ehr-bench-import-'));
  const node = await startIpfsNode({ dataDir, port: 0 });
  try {
    const uploader = createUploader(ehr, { apiUrl: node.apiUrl });
    /** @type {Map<number, any>} one chart key per scope (epoch 0), as sealingFor would give */
    const keys = new Map();
    const keyFor = (scope) => {
      if (!keys.has(scope)) keys.set(scope, ehr.records.importChartKey(fill(32, 7 + scope), scope, 0));
      return keys.get(scope);
    };
    /** One record: check, encrypt, CID + upload (records/chart.js sealAndUpload); CID only without upload. */
    const seal = async (resource, upload = true) => {
      const json = JSON.stringify(resource);
      const { scope } = ehr.records.fhir.check(json);
      const plain = new TextEncoder().encode(json);
      const envelope = ehr.records.encrypt(plain, { scope, epoch: 0, chartKeys: [keyFor(scope)] });
      plain.fill(0);
      const cid = upload ? (await uploader.add(envelope)).cid : await ehr.ipfs.cid(envelope);
      return ehr.ipfs.parseCid(cid);
    };
    const plan = () =>
      planImport(text, {
        patientReference: PATIENT,
        categorize: (r) => ehr.records.fhir.validate(r).scope ?? null,
      });

    const first = await plan();
    const resources = first.add.map((x) => x.resource);
    const n = resources.length;

    let planMs = 0;
    const runImport = async (upload = true) => {
      const t0 = performance.now();
      const p = await plan();
      if (upload) planMs = performance.now() - t0;
      if (p.add.length !== n) throw new Error(`plan added ${p.add.length}, expected ${n}`);
      for (const it of p.add) await seal(it.resource, upload);
      return performance.now() - t0;
    };
    const runSingle = async () => {
      const t0 = performance.now();
      for (const r of resources) await seal(r);
      return performance.now() - t0;
    };

    await runImport();
    await runSingle();
    await runImport(false);
    const best = { import: Infinity, single: Infinity, plan: Infinity, local: Infinity };
    for (let rep = 0; rep < 3; rep++) {
      best.import = Math.min(best.import, await runImport());
      best.plan = Math.min(best.plan, planMs);
      best.single = Math.min(best.single, await runSingle());
      best.local = Math.min(best.local, await runImport(false));
    }
    const op = `${n} records (${entries}-entry bundle): [plan+]encrypt+CID+upload`;
    record({ op, impl: 'ours', value: (n * 1000) / best.import, unit: 'ops/s' });
    record({ op, impl: 'single adds', value: (n * 1000) / best.single, unit: 'ops/s' });
    record({
      op: `${n} records (${entries}-entry bundle): plan+encrypt+CID, no upload`,
      impl: 'ours',
      value: (n * 1000) / best.local,
      unit: 'ops/s',
    });
    record({ op: `plan only (${entries}-entry bundle, module check)`, impl: 'ours', value: best.plan, unit: 'ms' });
    console.log(
      `# import: ${n} of ${entries} entries planned as adds; import ${best.import.toFixed(0)} ms ` +
        `(plan ${best.plan.toFixed(0)} ms; without upload ${best.local.toFixed(0)} ms), single adds ${best.single.toFixed(0)} ms; ` +
        `import/single records per second: ${(best.single / best.import).toFixed(2)}x (chain step not included)`,
    );
  } finally {
    await node.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
