// The one Worker protocol (wasm/js/worker.js), as the library and the page use it: the module is
// loaded from the bytes the caller hands over (the page's SRI-checked copy), nothing runs before
// 'init', wipe() is the lock inside the worker, and a terminated or failed worker rejects every
// call instead of leaving it pending; onDemandWorker (the page's worker, web/src/worker-host.js)
// starts on first use and a lock overtakes what runs. Files: sealFile / openFile run the file
// pipeline in the worker with the keys handed over only as key wraps (records.wrapKey), read
// through the local IPFS node's gateway, and stop on cancel or lock. (tests/wasm/eth-worker-browser.test.mjs:
// the same in Chromium under Trusted Types; tests/web/large-file.test.mjs: files through the page's
// worker; tests/wasm/eth-errors.test.mjs and dts-forms.test.mjs: the operations.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { init } from '../../wasm/js/ehr.js';
import { createWorker, onDemandWorker, base64 } from '../../wasm/js/worker.js';
import { createUploader } from '../../wasm/js/gateway.js';
import { startIpfsNode } from '../../tools/ipfs-node/start.mjs';

const ehr = await init();
let node, dataDir;
before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'ehr-worker-ipfs-'));
  node = await startIpfsNode({ dataDir, port: 0 });
});
after(async () => {
  await node?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});
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

// ---- files ----------------------------------------------------------------------------------------

/**
 * Records every message between this thread and any worker (node:worker_threads) until the
 * returned stop(), and where `needle` occurs in one: its bytes in any Uint8Array or ArrayBuffer
 * (looked at before a transfer detaches it), or its hex or base64 in any string.
 */
function watchMessages(needle) {
  const n = Buffer.from(needle);
  const texts = [n.toString('hex'), n.toString('base64')];
  const found = [];
  const counts = { out: 0, in: 0 };
  const scan = (v, where, seen = new Set()) => {
    if (v == null) return;
    if (typeof v === 'string') {
      if (texts.some((t) => v.toLowerCase().includes(t.toLowerCase()))) found.push(`${where}: a string`);
      return;
    }
    if (typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    if (v instanceof ArrayBuffer) v = new Uint8Array(v);
    if (ArrayBuffer.isView(v)) {
      const b = Buffer.from(v.buffer, v.byteOffset, v.byteLength);
      if (b.indexOf(n) >= 0) found.push(`${where}: bytes`);
      return;
    }
    for (const x of Object.values(v)) scan(x, where, seen);
  };
  const post = Worker.prototype.postMessage;
  const emit = Worker.prototype.emit;
  Worker.prototype.postMessage = function (m, transfer) {
    counts.out++;
    scan(m, `to the worker (${m?.op ?? 'reply'})`);
    return post.call(this, m, transfer);
  };
  Worker.prototype.emit = function (event, ...a) {
    if (event === 'message') {
      counts.in++;
      scan(a[0], 'from the worker');
    }
    return emit.call(this, event, ...a);
  };
  return {
    found,
    counts,
    stop() {
      Worker.prototype.postMessage = post;
      Worker.prototype.emit = emit;
    },
  };
}

const bytesOf = async (blob) => new Uint8Array(await blob.arrayBuffer());

test('sealFile and openFile run the file pipeline in the worker; the chart key crosses only wrapped', async () => {
  const raw = new Uint8Array(randomBytes(32));
  const key = ehr.records.importChartKey(raw.slice(), 3, 7);
  const watch = watchMessages(raw);
  const w = await createWorker({ wasmBinary: WASM });
  try {
    const plain = new Uint8Array(randomBytes(3 * 1048576 + 4321));
    const sha1 = createHash('sha1').update(plain).digest();
    const progress = [];
    const sealed = await w.sealFile(ehr, {
      file: new Blob([plain]),
      encrypt: { scope: 3, epoch: 7, chartKeys: [key] },
      onProgress: (p) => progress.push(p),
    });
    assert.equal(sealed.size, plain.length);
    assert.equal(hex(sealed.sha1), hex(sha1));
    const envelope = await bytesOf(sealed.blob);
    assert.equal(envelope.length, sealed.envelopeSize);
    assert.equal(sealed.cid, await ehr.ipfs.cid(envelope, 'unixfs-v1-2025'));
    const info = ehr.records.inspect(envelope);
    assert.deepEqual([info.scope, info.epoch, info.wraps.length], [3, 7, 1]);
    // The worker's module sealed it under the caller's chart key: this thread opens it with it.
    assert.ok(Buffer.from(ehr.records.decrypt(envelope, { chartKeys: [key] })).equals(plain));
    assert.deepEqual(progress.at(-1), { bytesDone: plain.length, bytesTotal: plain.length });

    const up = createUploader(ehr, { apiUrl: node.apiUrl });
    assert.equal((await up.add(sealed.blob, { cid: sealed.cid })).cid, sealed.cid);
    const gateway = { gateways: [node.gatewayUrl] };
    let header = null;
    let released = 0;
    const open = (o = {}) =>
      w.openFile(ehr, {
        cid: sealed.cid,
        gateway,
        scope: 3,
        expect: { size: plain.length, hash: base64(sha1) },
        keysFor: (h) => {
          header = h;
          return { chartKeys: [key], release: () => released++ };
        },
        ...o,
      });
    const opened = await open();
    assert.equal(opened.size, plain.length);
    assert.equal(hex(opened.sha1), hex(sha1));
    assert.ok(Buffer.from(await bytesOf(opened.blob)).equals(plain));
    assert.deepEqual([header.scope, header.epoch], [3, 7]);
    assert.equal(released, 1, "the caller's keys are released once sealed to the worker");
    assert.equal(key.scope, 3, "the caller's key stays usable");

    // Typed errors, from the header or from the end of the stream.
    await assert.rejects(open({ scope: 4 }), { code: 'ERR_BAD_ENVELOPE' });
    await assert.rejects(open({ expect: { hash: base64(new Uint8Array(20)) } }), { code: 'ERR_HASH_MISMATCH' });
    await assert.rejects(open({ expect: { size: plain.length - 1 } }), { code: 'ERR_HASH_MISMATCH' });
    const other = ehr.records.importChartKey(new Uint8Array(randomBytes(32)), 3, 7);
    await assert.rejects(open({ keysFor: () => ({ chartKeys: [other] }) }), { code: 'ERR_NO_RECIPIENT' });
    other.dispose();
    await assert.rejects(
      w.openFile(ehr, { cid: sealed.cid, gateway: { gateways: ['http://127.0.0.1:9'] }, keysFor: () => ({}) }),
      (e) => e.name === 'GatewayError' || e.code === 'ERR_GATEWAY_FAILED',
    );
    assert.ok(watch.counts.out > 5 && watch.counts.in > 5, `messages seen: ${JSON.stringify(watch.counts)}`);
    assert.deepEqual(watch.found, [], "the chart key's bytes never crossed postMessage");
  } finally {
    watch.stop();
    key.dispose();
    await w.terminate();
  }
});

test('a file operation stops on cancel and on the lock (wipe); the worker stays usable', async () => {
  const w = await createWorker({ wasmBinary: WASM });
  const id = ehr.records.generateX25519();
  try {
    const big = new Blob([new Uint8Array(48 << 20)]);
    const encrypt = { scope: 1, epoch: 0, recipients: [id.publicKey] };
    // Cancelled from its first progress message.
    const ctl = new AbortController();
    let seen = 0;
    await assert.rejects(
      w.sealFile(ehr, {
        file: big,
        encrypt,
        signal: ctl.signal,
        onProgress: (p) => ((seen = p.bytesDone), ctl.abort()),
      }),
      { name: 'AbortError' },
    );
    assert.ok(seen > 0 && seen < big.size, `cancelled at ${seen} of ${big.size} bytes`);
    // Already cancelled: refused at once.
    await assert.rejects(w.sealFile(ehr, { file: big, encrypt, signal: ctl.signal }), { name: 'AbortError' });
    // The lock: wipe() stops what runs.
    let started;
    const first = new Promise((r) => (started = r));
    const running = w.sealFile(ehr, { file: big, encrypt, onProgress: started });
    await first;
    await w.wipe();
    await assert.rejects(running, { name: 'AbortError' });
    // Still usable.
    const small = new Uint8Array(randomBytes(70_000));
    const sealed = await w.sealFile(ehr, { file: new Blob([small]), encrypt });
    assert.ok(Buffer.from(ehr.records.decrypt(await bytesOf(sealed.blob), { identities: [id] })).equals(small));
    await assert.rejects(w.sealFile(ehr, { file: 'not a blob', encrypt }), (e) => e.code === 'ERR_BAD_TYPE');
  } finally {
    id.dispose();
    await w.terminate();
  }
});
