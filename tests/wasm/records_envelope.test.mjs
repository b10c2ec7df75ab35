// The record envelope through the WASM module: the published vectors (tests/data/envelope),
// random round trips in any split, interop both ways with an independent reader/writer over
// libsodium-wrappers-sumo (records_reference.mjs), the push/pull objects and TransformStreams
// (also inside a Worker), key handles, and proof that the deterministic test mode is not in the
// module.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { init, makeRng, hex, unhex } from './helpers.mjs';
import { sodium, referenceDecrypt, referenceEncrypt } from './records_reference.mjs';

const ehr = await init();
const r = ehr.records;
const data = (name) => JSON.parse(readFileSync(new URL(`../data/envelope/${name}`, import.meta.url), 'utf8'));
const doc = data('envelope_v1.json');
const rng = makeRng('records_envelope');

const codeOf = (fn) => {
  try {
    fn();
    return 'OK';
  } catch (e) {
    return e.code ?? String(e);
  }
};
const concat = (parts) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

test('published vectors: every valid envelope opens with every key it names', () => {
  assert.ok(doc.valid.length >= 7);
  for (const v of doc.valid) {
    const env = unhex(v.envelope);
    const info = r.inspect(env);
    assert.equal(info.complete, true, v.name);
    assert.equal(info.headerLength, v.header_len, v.name);
    assert.equal(info.scope, v.scope);
    assert.equal(info.epoch, v.epoch);
    assert.equal(info.chunkSize, v.chunk_size);
    for (const k of v.chart_keys) {
      const key = r.importChartKey(unhex(k.key), k.scope, k.epoch);
      assert.equal(hex(r.chartKeyHint(key)), k.hint);
      assert.equal(hex(r.decrypt(env, { chartKeys: [key] })), v.plaintext, v.name);
      key.dispose();
    }
    for (const rc of v.recipients) {
      const id = r.importX25519Secret(unhex(rc.secret));
      assert.equal(hex(id.publicKey), rc.public);
      assert.equal(hex(r.publicKeyHint(id.publicKey)), rc.hint);
      assert.equal(hex(r.decrypt(env, { identities: [id] })), v.plaintext, v.name);
      id.dispose();
    }
    // The independent reader agrees.
    const ref = referenceDecrypt(env, {
      chartKeys: v.chart_keys.map((k) => unhex(k.key)),
      identities: v.recipients.map((x) => ({ publicKey: unhex(x.public), privateKey: unhex(x.secret) })),
    });
    assert.equal(hex(ref.plaintext), v.plaintext, v.name);
  }
});

test('published vectors: every invalid envelope fails with its code (module and reference reader)', () => {
  assert.ok(doc.invalid.length >= 15);
  for (const v of doc.invalid) {
    const key = r.importChartKey(unhex(v.chart_key), 0, 0);
    assert.equal(
      codeOf(() => r.decrypt(unhex(v.envelope), { chartKeys: [key] })),
      v.error,
      v.name,
    );
    assert.equal(
      codeOf(() => referenceDecrypt(unhex(v.envelope), { chartKeys: [unhex(v.chart_key)] })),
      v.error,
      v.name,
    );
    key.dispose();
  }
});

test('random records: module -> reference reader and reference writer -> module, any split', () => {
  for (let i = 0; i < 60; i++) {
    const chunkSize = [1024, 1500, 4096, 65536][rng.int(4)];
    const len = i % 5 === 0 ? chunkSize * rng.int(4) : rng.int(4 * chunkSize);
    const pt = rng.bytes(len);
    const rawKey = rng.bytes(32);
    const key = r.importChartKey(rawKey, i, 3);
    const kp = sodium.crypto_box_keypair();
    const id = r.importX25519Secret(kp.privateKey);
    const opts = { scope: i, epoch: 3, chunkSize };
    // Module writes (random push sizes), reference reads.
    const enc = r.createEncryptor({ ...opts, chartKeys: [key], recipients: [kp.publicKey] });
    const parts = [];
    for (let o = 0; o < len;) {
      const n = 1 + rng.int(3 * chunkSize);
      parts.push(enc.push(pt.subarray(o, o + n)));
      o += n;
    }
    parts.push(enc.finish());
    const env = concat(parts);
    assert.equal(hex(referenceDecrypt(env, { chartKeys: [rawKey] }).plaintext), hex(pt));
    assert.equal(hex(referenceDecrypt(env, { identities: [kp] }).plaintext), hex(pt));
    // Reference writes, module reads (random pull sizes).
    const env2 = referenceEncrypt(pt, { ...opts, chartKeys: [rawKey], recipients: [kp.publicKey] });
    for (const keys of [{ chartKeys: [key] }, { identities: [id] }]) {
      const dec = r.createDecryptor(keys);
      const out = [];
      for (let o = 0; o < env2.length;) {
        const n = 1 + rng.int(2 * chunkSize);
        out.push(dec.push(env2.subarray(o, o + n)));
        o += n;
      }
      out.push(dec.finish());
      assert.equal(hex(concat(out)), hex(pt), `record ${i}`);
      assert.equal(dec.done, true);
    }
    key.dispose();
    id.dispose();
  }
});

test('decryptor reports the header as soon as it is complete', () => {
  const key = r.importChartKey(rng.bytes(32), 7, 2);
  const env = r.encrypt(rng.bytes(5000), { scope: 7, epoch: 2, chunkSize: 2048, chartKeys: [key] });
  const dec = r.createDecryptor({ chartKeys: [key] });
  assert.equal(dec.push(env.subarray(0, 20)).length, 0);
  assert.equal(dec.header, null);
  const first = dec.push(env.subarray(20, 200));
  assert.equal(first.length, 0);
  assert.deepEqual(
    { ...dec.header },
    { headerLength: 127, chunkSize: 2048, scope: 7, epoch: 2, wrapCount: 1, openedWrap: 0 },
  );
  assert.equal(dec.push(env.subarray(200)).length, 4096); // two full chunks verified
  assert.equal(dec.finish().length, 5000 - 4096);
  assert.equal(
    codeOf(() => dec.push(new Uint8Array(1))),
    'ERR_STREAM_STATE',
  );
  assert.deepEqual({ ...r.inspect(env.subarray(0, 10)) }, { complete: false, need: 24 });
  assert.deepEqual({ ...r.inspect(env.subarray(0, 24)) }, { complete: false, need: 31, headerLength: 127 });
});

test('TransformStreams: encrypt and decrypt through pipes, errors surface as typed stream errors', async () => {
  const key = r.importChartKey(rng.bytes(32), 1, 1);
  const pt = rng.bytes(300000);
  const src = new ReadableStream({
    start(c) {
      for (let o = 0; o < pt.length; o += 7777) c.enqueue(pt.subarray(o, o + 7777));
      c.close();
    },
  });
  const envParts = [];
  for await (const c of src.pipeThrough(r.encryptStream({ scope: 1, epoch: 1, chunkSize: 4096, chartKeys: [key] })))
    envParts.push(c);
  const env = concat(envParts);
  assert.equal(hex(r.decrypt(env, { chartKeys: [key] })), hex(pt));
  const back = [];
  const envStream = new ReadableStream({
    start(c) {
      for (let o = 0; o < env.length; o += 5000) c.enqueue(env.subarray(o, o + 5000));
      c.close();
    },
  });
  for await (const c of envStream.pipeThrough(r.decryptStream({ chartKeys: [key] }))) back.push(c);
  assert.equal(hex(concat(back)), hex(pt));
  // A truncated stream errors at its end with ERR_STREAM_TRUNCATED.
  const lastChunk = (pt.length % 4096) + 17; // cut exactly at the last chunk boundary
  const cut = new ReadableStream({
    start(c) {
      c.enqueue(env.subarray(0, env.length - lastChunk));
      c.close();
    },
  });
  await assert.rejects(
    async () => {
      for await (const c of cut.pipeThrough(r.decryptStream({ chartKeys: [key] }))) void c;
    },
    (e) => e.code === 'ERR_STREAM_TRUNCATED',
  );
  // A flipped payload bit errors with ERR_AUTH_FAILED.
  const bad = env.slice();
  bad[bad.length - 100] ^= 1;
  await assert.rejects(
    async () => {
      const s = new ReadableStream({
        start(c) {
          c.enqueue(bad);
          c.close();
        },
      });
      for await (const c of s.pipeThrough(r.decryptStream({ chartKeys: [key] }))) void c;
    },
    (e) => e.code === 'ERR_AUTH_FAILED',
  );
});

test('the streams work inside a Worker', async () => {
  const code = `
    import { parentPort, workerData } from 'node:worker_threads';
    const { init } = await import(workerData.ehr);
    const ehr = await init();
    const key = ehr.records.importChartKey(new Uint8Array(32).fill(5), 2, 0);
    const pt = new Uint8Array(200000).map((_, i) => (i * 7) & 0xff);
    const chunks = [];
    const src = new ReadableStream({ start(c) { c.enqueue(pt); c.close(); } });
    const piped = src.pipeThrough(ehr.records.encryptStream({ scope: 2, epoch: 0, chartKeys: [key] }))
      .pipeThrough(ehr.records.decryptStream({ chartKeys: [key] }));
    for await (const c of piped) chunks.push(c);
    const n = chunks.reduce((a, c) => a + c.length, 0);
    parentPort.postMessage({ n, ok: n === pt.length && chunks.every((c, i) => true) });
  `;
  const w = new Worker(code, {
    eval: true,
    workerData: { ehr: new URL('../../wasm/js/ehr.js', import.meta.url).href },
  });
  const msg = await new Promise((resolve, reject) => {
    w.once('message', resolve);
    w.once('error', reject);
  });
  await w.terminate();
  assert.deepEqual(msg, { n: 200000, ok: true });
});

test('key handles: disposed, cleared and foreign key objects are refused', () => {
  const k = r.importChartKey(rng.bytes(32), 1, 1);
  const env = r.encrypt(new Uint8Array(10), { scope: 1, epoch: 1, chartKeys: [k] });
  k.dispose();
  assert.equal(
    codeOf(() => r.decrypt(env, { chartKeys: [k] })),
    'ERR_BAD_HANDLE',
  );
  const k2 = r.importChartKey(rng.bytes(32), 1, 1);
  const k3 = r.importChartKey(rng.bytes(32), 1, 1);
  const n3 = r.keyCount();
  k3[Symbol.dispose ?? Symbol.for('Symbol.dispose')](); // what \`using\` calls
  assert.equal(r.keyCount(), n3 - 1);
  const before = r.keyCount();
  r.clearKeys();
  assert.equal(r.keyCount(), 0);
  assert.ok(before >= 1);
  assert.equal(
    codeOf(() => r.encrypt(new Uint8Array(1), { scope: 1, epoch: 1, chartKeys: [k2] })),
    'ERR_BAD_HANDLE',
  );
  // A look-alike object is not a key.
  assert.equal(
    codeOf(() => r.encrypt(new Uint8Array(1), { scope: 1, epoch: 1, chartKeys: [{ ...k2 }] })),
    'ERR_BAD_TYPE',
  );
  const id = r.generateX25519();
  assert.equal(
    codeOf(() => r.encrypt(new Uint8Array(1), { scope: 1, epoch: 1, chartKeys: [id] })),
    'ERR_BAD_TYPE',
  );
  assert.equal(
    codeOf(() => r.encrypt(new Uint8Array(1), { scope: 1, epoch: 1 })),
    'ERR_BAD_LENGTH',
  );
  assert.equal(
    codeOf(() => r.encrypt(new Uint8Array(1), { scope: 70000, epoch: 1, recipients: [id.publicKey] })),
    'ERR_BAD_LENGTH',
  );
  assert.equal(
    codeOf(() => r.encrypt(new Uint8Array(1), { scope: 1, epoch: 1, chunkSize: 100, recipients: [id.publicKey] })),
    'ERR_BAD_LENGTH',
  );
  assert.equal(
    codeOf(() => r.encrypt('text', { scope: 1, epoch: 1, recipients: [id.publicKey] })),
    'ERR_BAD_TYPE',
  );
  assert.equal(
    codeOf(() => r.encrypt(new Uint8Array(1), { scope: 1, epoch: 1, recipients: [new Uint8Array(32)] })),
    'ERR_INVALID_PUBLIC_KEY',
  );
  id.dispose();
});

test('the deterministic test mode is not in the module or the API', () => {
  const glue = readFileSync(new URL('../../wasm/dist/ehr_core.mjs', import.meta.url), 'utf8');
  const exported = [...new Set(glue.match(/_ehr_[A-Za-z0-9_]+/g))];
  assert.ok(exported.includes('_ehr_rec_writer_new'), 'the export list was not found');
  const forbidden = /determin|fixed|testing|ephemeral|seal_with|tape/i;
  assert.deepEqual(
    exported.filter((n) => forbidden.test(n)),
    [],
  );
  assert.deepEqual(
    Object.keys(r).filter((n) => forbidden.test(n)),
    [],
  );
  // The writer takes no nonce, key or header from the caller.
  for (const name of ['createEncryptor', 'encrypt', 'encryptStream']) {
    assert.ok(r[name].length <= 2, name);
  }
  const wasm = readFileSync(new URL('../../wasm/dist/ehr_core.wasm', import.meta.url));
  assert.equal(wasm.includes(Buffer.from('FixedEntropy')), false);
  assert.equal(wasm.includes(Buffer.from('deterministic')), false);
});
