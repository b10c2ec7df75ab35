// secretstream through the JS interface: the push/pull state machine (final, truncation,
// tampering, reordering), the TransformStream helpers, and use from a Worker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { init, makeRng, hex } from './helpers.mjs';
import { EhrError } from '../../wasm/js/ehr.js';
import { concatBytes } from '../../wasm/js/core.js';

const ehr = await init();
const rng = makeRng('secretstream');
const ss = ehr.secretstream;
const expectCode = (fn, code) => assert.throws(fn, (e) => e instanceof EhrError && e.code === code, `expected ${code}`);

const encrypt = (key, messages, { final = true } = {}) => {
  const push = ss.createPush(key);
  const chunks = messages.map((m, i) => push.push(m, { final: final && i === messages.length - 1 }));
  push.dispose();
  return { header: push.header, chunks };
};

test('push/pull: round trip, pull after FINAL, truncation, tampering, reordering, wrong key', () => {
  const key = ehr.SymmetricKey.generate();
  const messages = [rng.bytes(10), rng.bytes(0), rng.bytes(300), rng.bytes(5)];
  const { header, chunks } = encrypt(key, messages);
  assert.ok(chunks.every((c, i) => c.length === messages[i].length + ss.OVERHEAD));

  const pull = ss.createPull(header, key);
  chunks.forEach((c, i) => {
    const r = pull.pull(c);
    assert.equal(hex(r.plaintext), hex(messages[i]));
    assert.equal(r.final, i === chunks.length - 1);
  });
  assert.equal(pull.finalSeen, true);
  expectCode(() => pull.pull(chunks[0]), 'ERR_STREAM_STATE'); // pull after FINAL
  pull.end();

  // Truncated: the caller ends before the final chunk.
  const t = ss.createPull(header, key);
  t.pull(chunks[0]);
  t.pull(chunks[1]);
  expectCode(() => t.end(), 'ERR_STREAM_TRUNCATED');
  expectCode(() => t.pull(chunks[2]), 'ERR_BAD_HANDLE'); // end() freed it either way

  // A stream written without a final chunk.
  const open = encrypt(key, messages, { final: false });
  const o = ss.createPull(open.header, key);
  open.chunks.forEach((c) => assert.equal(o.pull(c).final, false));
  expectCode(() => o.end(), 'ERR_STREAM_TRUNCATED');

  // Tampered chunk: auth failure, then the stream is dead.
  for (let i = 0; i < chunks.length; i++) {
    const bad = chunks[i].slice();
    bad[rng.int(bad.length)] ^= 1 << rng.int(8);
    const p = ss.createPull(header, key);
    for (let j = 0; j < i; j++) p.pull(chunks[j]);
    expectCode(() => p.pull(bad), 'ERR_AUTH_FAILED');
    expectCode(() => p.pull(chunks[i]), 'ERR_STREAM_STATE');
    expectCode(() => p.end(), 'ERR_STREAM_STATE');
  }
  // Reordered, dropped and replayed chunks.
  for (const order of [
    [1, 0, 2, 3],
    [0, 2, 3],
    [0, 0, 1, 2, 3],
  ]) {
    const p = ss.createPull(header, key);
    assert.throws(
      () => order.forEach((k) => p.pull(chunks[k])),
      (e) => e.code === 'ERR_AUTH_FAILED',
      String(order),
    );
    p.dispose();
  }
  // Wrong key or header.
  const wrong = ss.createPull(header, ehr.randomBytes(32));
  expectCode(() => wrong.pull(chunks[0]), 'ERR_AUTH_FAILED');
  wrong.dispose();
  const h2 = header.slice();
  h2[0] ^= 1;
  const wrongHeader = ss.createPull(h2, key);
  expectCode(() => wrongHeader.pull(chunks[0]), 'ERR_AUTH_FAILED');
  wrongHeader.dispose();

  // Push after final.
  const push = ss.createPush(key);
  push.push(rng.bytes(3), { final: true });
  expectCode(() => push.push(rng.bytes(3)), 'ERR_STREAM_STATE');
  push.dispose();
  key.dispose();
  assert.equal(ehr.liveHandles(), 0);
});

const collect = async (readable) => {
  const parts = [];
  const reader = readable.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    parts.push(value);
  }
  return concatBytes(parts);
};
// A ReadableStream of `data` cut at random points.
const randomlyChunked = (data) =>
  new ReadableStream({
    start(controller) {
      for (let off = 0; off < data.length;) {
        const n = 1 + rng.int(Math.max(1, Math.min(5000, data.length - off)));
        controller.enqueue(data.slice(off, off + n));
        off += n;
      }
      controller.close();
    },
  });

test('TransformStreams: random sizes and cuts round-trip; the wire format is header + fixed chunks', async () => {
  for (let i = 0; i < 60; i++) {
    const chunkSize = [1, 17, 64, 1000, 4096, 65536][rng.int(6)];
    const len = rng.int(4) === 0 ? chunkSize * rng.int(4) : rng.int(20000);
    const data = rng.bytes(len);
    const key = rng.int(2) ? ehr.SymmetricKey.generate() : rng.bytes(32);
    const wire = await collect(randomlyChunked(data).pipeThrough(ss.encryptStream(key, { chunkSize })));
    const chunks = Math.max(1, Math.ceil(len / chunkSize));
    assert.equal(wire.length, 24 + len + chunks * 17, `len ${len} chunkSize ${chunkSize}`);
    const back = await collect(randomlyChunked(wire).pipeThrough(ss.decryptStream(key, { chunkSize })));
    assert.equal(hex(back), hex(data));
    // The push/pull objects read the same wire format.
    const pull = ss.createPull(wire.subarray(0, 24), key);
    let off = 24;
    for (let c = 0; c < chunks; c++) {
      const n = Math.min(chunkSize + 17, wire.length - off);
      assert.equal(pull.pull(wire.subarray(off, off + n)).final, c === chunks - 1);
      off += n;
    }
    pull.end();
    if (key instanceof ehr.SymmetricKey) key.dispose();
  }
  assert.equal(ehr.liveHandles(), 0);
});

test('TransformStreams: tampered, truncated and extended streams error with typed codes', async () => {
  const key = rng.bytes(32);
  const data = rng.bytes(5000);
  const wire = await collect(randomlyChunked(data).pipeThrough(ss.encryptStream(key, { chunkSize: 1000 })));
  const decrypt = (bytes) => collect(randomlyChunked(bytes).pipeThrough(ss.decryptStream(key, { chunkSize: 1000 })));
  const rejectsWith = (p, code) => assert.rejects(p, (e) => e instanceof EhrError && e.code === code, code);
  const tampered = wire.slice();
  tampered[24 + 1500] ^= 4;
  await rejectsWith(decrypt(tampered), 'ERR_AUTH_FAILED');
  await rejectsWith(decrypt(wire.subarray(0, 24 + 2 * 1017)), 'ERR_STREAM_TRUNCATED'); // whole chunks, no final
  await rejectsWith(decrypt(wire.subarray(0, wire.length - 1)), 'ERR_AUTH_FAILED'); // cut inside the final chunk
  await rejectsWith(decrypt(wire.subarray(0, 30)), 'ERR_STREAM_TRUNCATED'); // cut inside the first chunk
  await rejectsWith(decrypt(wire.subarray(0, 10)), 'ERR_STREAM_TRUNCATED'); // cut inside the header
  const extended = new Uint8Array([...wire, ...wire.subarray(24, 24 + 1017)]);
  await rejectsWith(decrypt(extended), 'ERR_STREAM_STATE');
  const swapped = wire.slice();
  swapped.set(wire.subarray(24 + 1017, 24 + 2 * 1017), 24);
  swapped.set(wire.subarray(24, 24 + 1017), 24 + 1017);
  await rejectsWith(decrypt(swapped), 'ERR_AUTH_FAILED');
  // Failed streams leave nothing behind in module memory.
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(ehr.liveHandles(), 0);
});

test('encryptStream works inside a Worker; the main thread decrypts', async () => {
  const key = rng.bytes(32);
  const plaintext = rng.bytes(200000);
  const worker = new Worker(new URL('./fixtures/secretstream-worker.mjs', import.meta.url), {
    workerData: { key, plaintext, chunkSize: 16384 },
  });
  const { ciphertext, live } = await new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await worker.terminate();
  assert.equal(live, 0, 'the worker disposed its stream state');
  const back = await collect(randomlyChunked(ciphertext).pipeThrough(ss.decryptStream(key, { chunkSize: 16384 })));
  assert.equal(hex(back), hex(plaintext));
});
