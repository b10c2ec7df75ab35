// The one Worker protocol (wasm/js/worker.js), as the library and the page use it: the module is
// loaded from the bytes the caller hands over (the page's SRI-checked copy), nothing runs before
// 'init', wipe() is the lock inside the worker, and a terminated or failed worker rejects every
// call instead of leaving it pending; onDemandWorker (the page's worker, web/src/worker-host.js)
// starts on first use and a lock overtakes what runs. (tests/wasm/eth-worker-browser.test.mjs: the same in Chromium
// under Trusted Types; tests/wasm/eth-errors.test.mjs and dts-forms.test.mjs: the operations.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { init } from '../../wasm/js/ehr.js';
import { createWorker, onDemandWorker } from '../../wasm/js/worker.js';

const ehr = await init();
const WORKER_URL = new URL('../../wasm/js/worker.js', import.meta.url);
const WASM = new Uint8Array(readFileSync(new URL('../../wasm/dist/ehr_core.wasm', import.meta.url)));
const hex = (b) => Buffer.from(b).toString('hex');

test('createWorker({ wasmBinary }) compiles the bytes it is given and leaves the caller its copy', async () => {
  for (const wasmBinary of [WASM, WASM.slice().buffer]) {
    const before = hex(new Uint8Array(wasmBinary).subarray(0, 64));
    const w = await createWorker({ wasmBinary });
    try {
      assert.equal(hex(await w.pbkdf2Sha256('pw', 'salt', 2, 32)), hex(ehr.pbkdf2Sha256('pw', 'salt', 2, 32)));
      assert.equal(new Uint8Array(wasmBinary).byteLength, WASM.byteLength, 'not detached');
      assert.equal(hex(new Uint8Array(wasmBinary).subarray(0, 64)), before, 'not wiped');
    } finally {
      await w.terminate();
    }
  }
  // Other bytes are refused by the compiler: the worker did not fetch the module itself.
  const bad = WASM.slice();
  bad[8] ^= 0xff;
  await assert.rejects(createWorker({ wasmBinary: bad }));
  await assert.rejects(createWorker({ wasmBinary: 'wasm' }), (e) => e.code === 'ERR_BAD_TYPE');
  await assert.rejects(createWorker(null), (e) => e.code === 'ERR_BAD_TYPE');
});

test('wipe() runs disposeAll in the worker and the worker stays usable', async () => {
  const w = await createWorker();
  try {
    const json = ehr.keystore.encrypt(new Uint8Array(32).fill(7), 'pw', { kdf: 'pbkdf2', c: 1000 });
    const dk = await w.keystoreDerivedKey(json, 'pw');
    assert.equal(dk.length, 32);
    assert.equal(await w.wipe(), undefined);
    assert.equal(hex(await w.keystoreDerivedKey(json, 'pw')), hex(dk));
  } finally {
    await w.terminate();
  }
});

test('terminate() rejects the calls still running and every later call (ERR_WORKER_TERMINATED)', async () => {
  const w = await createWorker();
  const running = assert.rejects(w.scrypt('pw', 'salt', { N: 1 << 16, r: 8, p: 1 }), (e) => {
    return e.code === 'ERR_WORKER_TERMINATED';
  });
  await w.terminate();
  await running;
  await assert.rejects(w.pbkdf2Sha256('pw', 'salt', 1, 16), (e) => e.code === 'ERR_WORKER_TERMINATED');
  await assert.rejects(w.wipe(), (e) => e.code === 'ERR_WORKER_TERMINATED');
});

test('a worker script that fails rejects createWorker (ERR_WORKER_FAILED), nothing left pending', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ehr-worker-'));
  try {
    const script = join(dir, 'broken.mjs');
    writeFileSync(script, 'throw new Error("broken worker script");\n');
    await assert.rejects(createWorker({ url: pathToFileURL(script) }), (e) => e.code === 'ERR_WORKER_FAILED');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the protocol: init first, { id, result } or { id, error }, unknown operations refused, secrets moved', async () => {
  const w = new Worker(WORKER_URL, { workerData: { name: 'ehr-worker' } });
  const waiting = new Map();
  w.on('message', (m) => waiting.get(m.id)?.(m));
  const ask = (id, op, args, transfer) =>
    new Promise((resolve) => {
      waiting.set(id, resolve);
      w.postMessage({ id, op, args }, transfer);
    });
  try {
    const early = await ask(1, 'pbkdf2Sha256', ['pw', 'salt', 1, 16]);
    assert.equal(early.error?.code, 'ERR_NOT_READY');
    const bytes = WASM.slice();
    const ready = await ask(2, 'init', [bytes], [bytes.buffer]);
    assert.deepEqual(ready, { id: 2, result: ehr.version });
    const unknown = await ask(3, 'eval', ['1+1']);
    assert.equal(unknown.error?.code, 'ERR_UNKNOWN_OP');
    assert.match(unknown.error.message, /unknown worker operation: eval/);
    const pw = new TextEncoder().encode('pw');
    const ok = await ask(4, 'pbkdf2Sha256', [pw, 'salt', 2, 32], [pw.buffer]);
    assert.equal(hex(ok.result), hex(ehr.pbkdf2Sha256('pw', 'salt', 2, 32)));
    assert.equal(pw.byteLength, 0, 'the password was moved, not copied');
    const bad = await ask(5, 'keystoreDerivedKey', ['{}', 'pw']);
    assert.equal(bad.error?.name, 'EhrError');
    assert.equal(typeof bad.error?.code, 'string');
    const wiped = await ask(6, 'wipe', []);
    assert.deepEqual(wiped, { id: 6, result: undefined });
  } finally {
    await w.terminate();
  }
});

test('onDemandWorker: started by the first run, from bytes fetched then; stop() overtakes a run', async () => {
  class Locked extends Error {}
  let fetched = 0;
  const w = onDemandWorker({ wasmBinary: async () => (fetched++, WASM), locked: () => new Locked('locked') });
  assert.equal(w.running, false);
  await w.stop(); // nothing to stop
  assert.equal(fetched, 0, 'nothing starts before the first run');
  const dk = await w.run((k) => k.pbkdf2Sha256('pw', 'salt', 2, 32));
  assert.equal(hex(dk), hex(ehr.pbkdf2Sha256('pw', 'salt', 2, 32)));
  assert.equal(w.running, true);
  assert.equal(fetched, 1, 'one worker for every run');
  // A run that the lock overtakes rejects with locked(), and a result that still arrives is wiped.
  let late;
  const overtaken = assert.rejects(
    w.run(async (k) => (late = await k.pbkdf2Sha256('pw', 'salt', 2, 32))),
    Locked,
  );
  const slow = assert.rejects(
    w.run((k) => k.scrypt('pw', 'salt', { N: 1 << 16, r: 8, p: 1 })),
    Locked,
  );
  await w.stop(1000);
  await overtaken;
  await slow;
  assert.equal(w.running, false);
  if (late)
    assert.ok(
      late.every((b) => b === 0),
      'the late result is wiped',
    );
  // The next run starts a new worker (and fetches the bytes again).
  assert.equal((await w.run((k) => k.pbkdf2Sha256('pw', 'salt', 1, 16))).length, 16);
  assert.equal(fetched, 2);
  await w.stop();
});

test('onDemandWorker: a stop while the worker starts rejects the run; a failed start is retried', async () => {
  const w = onDemandWorker({ wasmBinary: WASM });
  const run = assert.rejects(
    w.run((k) => k.pbkdf2Sha256('pw', 'salt', 1, 16)),
    (e) => e.code === 'ERR_LOCKED',
  );
  await w.stop();
  await run;
  assert.equal(w.running, false);
  let attempts = 0;
  const flaky = onDemandWorker({
    wasmBinary: async () => {
      if (attempts++ === 0) throw new Error('network: no module');
      return WASM;
    },
  });
  await assert.rejects(
    flaky.run((k) => k.pbkdf2Sha256('pw', 'salt', 1, 16)),
    /network: no module/,
  );
  assert.equal(flaky.running, false);
  assert.equal((await flaky.run((k) => k.pbkdf2Sha256('pw', 'salt', 1, 16))).length, 16);
  await flaky.stop();
});
