// Negative tests of the envelope through the WASM API: every single-bit flip of a small record
// (header and payload), truncation at every chunk boundary, reordered chunks, wrong keys, unknown
// versions, oversized headers. Each gives its specific error code (docs/record-format.md,
// "Errors"), and a decryptor fed chunk by chunk releases exactly the verified chunks before the
// altered one: no plaintext of a failed chunk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { init, makeRng, hex } from './helpers.mjs';

const ehr = await init();
const r = ehr.records;
const rng = makeRng('records_negative');

const u32 = (b, o) => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;

function fixture(len, chunkSize) {
  const chart = r.importChartKey(rng.bytes(32), 3, 9);
  const patient = r.generateX25519();
  const pt = rng.bytes(len);
  const env = r.encrypt(pt, { scope: 3, epoch: 9, chunkSize, chartKeys: [chart], recipients: [patient.publicKey] });
  const info = r.inspect(env);
  // Wrap positions: heads of 7 bytes, bodies of 72 (scope) and 80 (recipient).
  const wraps = [];
  let pos = 24;
  for (const w of info.wraps) {
    const len2 = w.type === 'scope' ? 72 : 80;
    wraps.push({ head: pos, end: pos + 7 + len2 });
    pos += 7 + len2;
  }
  return { chart, patient, pt, env, info, wraps, ct: chunkSize + 17 };
}

// The error a flip of `bit` at byte `pos` must give to a reader that opens wrap `used`.
function expected(f, pos, bit, used) {
  if (pos < 4) return 'ERR_BAD_ENVELOPE';
  if (pos === 4 || pos === 5) return 'ERR_UNKNOWN_VERSION';
  if (pos < 12) return 'ERR_BAD_ENVELOPE';
  if (pos < 16) {
    const b = f.env.slice(12, 16);
    b[pos - 12] ^= bit;
    const cs = u32(b, 0);
    return cs < 1024 || cs > 16 << 20 ? 'ERR_BAD_ENVELOPE' : 'ERR_AUTH_FAILED';
  }
  if (pos < 22) return 'ERR_AUTH_FAILED';
  if (pos < 24) return 'ERR_BAD_ENVELOPE';
  for (let i = 0; i < f.wraps.length; i++) {
    const w = f.wraps[i];
    if (pos < w.head || pos >= w.end) continue;
    const at = pos - w.head;
    if (at < 5) return i === used ? 'ERR_NO_RECIPIENT' : 'ERR_AUTH_FAILED';
    if (at < 7) return 'ERR_BAD_ENVELOPE';
    return 'ERR_AUTH_FAILED';
  }
  return 'ERR_AUTH_FAILED';
}

// Feeds the header, then one chunk at a time; returns [code, released plaintext].
function readChunkwise(env, keys, f) {
  const out = [];
  let dec;
  try {
    dec = r.createDecryptor(keys);
    let off = 0;
    while (off < env.length) {
      const n = off === 0 ? Math.min(f.info.headerLength, env.length) : f.ct;
      out.push(dec.push(env.subarray(off, off + n)));
      off += n;
    }
    out.push(dec.finish());
    return ['OK', out];
  } catch (e) {
    dec?.dispose();
    return [e.code ?? String(e), out];
  }
}
const released = (out) => out.reduce((n, p) => n + p.length, 0);

test('every single-bit flip of a small record: its error, and only earlier verified chunks released', () => {
  const f = fixture(1024 + 60, 1024);
  const hl = f.info.headerLength;
  let flips = 0;
  for (let pos = 0; pos < f.env.length; pos++) {
    for (let b = 0; b < 8; b++) {
      const env = f.env.slice();
      env[pos] ^= 1 << b;
      const [code, out] = readChunkwise(env, { chartKeys: [f.chart] }, f);
      assert.equal(code, expected(f, pos, 1 << b, 0), `byte ${pos} bit ${b}`);
      const good = pos < hl ? 0 : Math.floor((pos - hl) / f.ct);
      assert.equal(released(out), good * 1024, `byte ${pos} bit ${b}`);
      let o = 0;
      for (const p of out) {
        assert.equal(hex(p), hex(f.pt.subarray(o, o + p.length)));
        o += p.length;
      }
      flips++;
    }
  }
  assert.equal(flips, f.env.length * 8);
});

test('every header bit flip for a recipient-key reader', () => {
  const f = fixture(100, 1024);
  for (let pos = 0; pos < f.info.headerLength; pos++) {
    for (let b = 0; b < 8; b++) {
      const env = f.env.slice();
      env[pos] ^= 1 << b;
      const [code, out] = readChunkwise(env, { identities: [f.patient] }, f);
      assert.equal(code, expected(f, pos, 1 << b, 1), `byte ${pos} bit ${b}`);
      assert.equal(released(out), 0);
    }
  }
});

test('sampled bit flips of a 1 MiB record', () => {
  const f = fixture(1 << 20, 65536);
  const hl = f.info.headerLength;
  for (let i = 0; i < 200; i++) {
    const pos = i % 2 ? rng.int(f.env.length) : rng.int(hl);
    const bit = 1 << rng.int(8);
    const env = f.env.slice();
    env[pos] ^= bit;
    const [code, out] = readChunkwise(env, { chartKeys: [f.chart] }, f);
    assert.equal(code, expected(f, pos, bit, 0), `byte ${pos}`);
    assert.equal(released(out), pos < hl ? 0 : Math.floor((pos - hl) / f.ct) * 65536);
  }
});

test('truncation at every chunk boundary is ERR_STREAM_TRUNCATED, inside a chunk ERR_AUTH_FAILED', () => {
  for (const len of [0, 1024, 3072, 5000]) {
    const f = fixture(len, 1024);
    const hl = f.info.headerLength;
    for (let cut = 0; cut < f.env.length; cut++) {
      const inChunk = cut < hl ? -1 : (cut - hl) % f.ct;
      if (cut > 60 && cut < hl) continue; // inside the wraps: a few suffice here (all in native tests)
      if (inChunk > 20 && inChunk !== f.ct - 1 && inChunk !== 500) continue;
      const [code, out] = readChunkwise(f.env.subarray(0, cut), { chartKeys: [f.chart] }, f);
      const want = inChunk === -1 || inChunk < 17 ? 'ERR_STREAM_TRUNCATED' : 'ERR_AUTH_FAILED';
      assert.equal(code, want, `len ${len} cut ${cut}`);
      assert.equal(released(out), cut < hl ? 0 : Math.floor((cut - hl) / f.ct) * 1024);
    }
  }
});

test('reordered, dropped and repeated chunks', () => {
  const f = fixture(5 * 1024 + 300, 1024);
  const hl = f.info.headerLength;
  const chunk = (i) => f.env.subarray(hl + i * f.ct, Math.min(f.env.length, hl + (i + 1) * f.ct));
  const assemble = (order) => {
    const parts = [f.env.subarray(0, hl), ...order.map(chunk)];
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  };
  for (let i = 0; i < 6; i++) {
    for (let j = i + 1; j < 6; j++) {
      const order = [0, 1, 2, 3, 4, 5];
      [order[i], order[j]] = [order[j], order[i]];
      const [code, out] = readChunkwise(assemble(order), { chartKeys: [f.chart] }, f);
      assert.equal(code, 'ERR_AUTH_FAILED', `swap ${i} ${j}`);
      assert.equal(released(out), i * 1024);
    }
    const drop = [0, 1, 2, 3, 4, 5].filter((k) => k !== i);
    assert.equal(
      readChunkwise(assemble(drop), { chartKeys: [f.chart] }, f)[0],
      i === 5 ? 'ERR_STREAM_TRUNCATED' : 'ERR_AUTH_FAILED',
    );
  }
});

test('wrong keys, unknown versions and algorithms, oversized headers, not an envelope', () => {
  const f = fixture(3000, 1024);
  const other = r.importChartKey(rng.bytes(32), 3, 9);
  const stranger = r.generateX25519();
  assert.equal(readChunkwise(f.env, { chartKeys: [other], identities: [stranger] }, f)[0], 'ERR_NO_RECIPIENT');
  assert.equal(readChunkwise(f.env, {}, f)[0], 'ERR_NO_RECIPIENT');
  for (let v = 0; v < 256; v++) {
    if (v === 1) continue;
    for (const at of [4, 5]) {
      const env = f.env.slice();
      env[at] = v;
      assert.equal(readChunkwise(env, { chartKeys: [f.chart] }, f)[0], 'ERR_UNKNOWN_VERSION', `byte ${at} = ${v}`);
    }
  }
  for (const len of [65537, 1 << 20, 0xffffffff]) {
    const head = f.env.slice(0, 24);
    head[8] = len & 0xff;
    head[9] = (len >>> 8) & 0xff;
    head[10] = (len >>> 16) & 0xff;
    head[11] = (len >>> 24) & 0xff;
    const dec = r.createDecryptor({ chartKeys: [f.chart] });
    assert.throws(
      () => dec.push(head),
      (e) => e.code === 'ERR_BAD_ENVELOPE',
    );
    assert.throws(
      () => r.inspect(head),
      (e) => e.code === 'ERR_BAD_ENVELOPE',
    );
  }
  assert.throws(
    () => r.decrypt(new TextEncoder().encode('%PDF-1.7'), { chartKeys: [f.chart] }),
    (e) => e.code === 'ERR_BAD_ENVELOPE',
  );
  assert.throws(
    () => r.decrypt(new Uint8Array(0), { chartKeys: [f.chart] }),
    (e) => e.code === 'ERR_STREAM_TRUNCATED',
  );
});
