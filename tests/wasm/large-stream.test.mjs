// Files of any size (docs/record-format.md "Files"): the pipeline the page's Worker runs
// (wasm/js/worker.js sealStream / openStream), here on Node's main thread, and the page's
// records/files.js around it. SHA-1 against node:crypto; a round trip (seal → open) with size,
// hash, scope and cancel checks; 300 MB of random bytes streamed through encryption + UnixFS CID
// (and straight back through decryption) in a child process whose peak RSS must stay flat; the
// uploader's 413 and its pins on the local IPFS node: added unpinned, pinned once whole, a
// cancelled upload leaves no pin, and files.js unpinAll takes pins back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { init } from './helpers.mjs';
import { createSha1, sealStream, openStream, base64 } from '../../wasm/js/worker.js';
import { fileDocument, fileAttachment, unpinAll } from '../../web/src/records/files.js';
import { startIpfsNode } from '../../tools/ipfs-node/start.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ehr = await init();
const PROFILE = 'unixfs-v1-2025';

let node, dataDir;
before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'ehr-large-stream-ipfs-'));
  node = await startIpfsNode({ dataDir, port: 0 });
});
after(async () => {
  await node?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

test('createSha1 equals node:crypto SHA-1 for every length around the block edges and any split', () => {
  for (const n of [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 1000, 70_001]) {
    const data = randomBytes(n);
    const want = createHash('sha1').update(data).digest('hex');
    assert.equal(Buffer.from(createSha1().update(data).digest()).toString('hex'), want, `length ${n}`);
    const h = createSha1();
    for (let off = 0; off < n;) {
      const k = 1 + ((off * 7919) % 97);
      h.update(data.subarray(off, off + k));
      off += k;
    }
    assert.equal(Buffer.from(h.digest()).toString('hex'), want, `length ${n}, split`);
  }
});

/** The pieces of `bytes` in uneven sizes (as File.stream() and gateways deliver them). */
function* split(bytes, seed = 1) {
  for (let off = 0, i = seed; off < bytes.length; i++) {
    const k = 1 + ((i * 104729) % 300_000);
    yield bytes.slice(off, off + k);
    off += k;
  }
}

test('a file seals to one envelope whose CID is that of its bytes, and opens to the same bytes', async () => {
  const id = ehr.records.generateX25519();
  try {
    const plain = randomBytes(3 * 1048576 + 12345);
    const copy = new Uint8Array(plain); // pieces are wiped once encrypted
    const env = [];
    const progress = [];
    const sealed = await sealStream(ehr, {
      source: split(copy),
      size: plain.length,
      encrypt: { scope: 3, epoch: 7, recipients: [id.publicKey] },
      profile: PROFILE,
      write: (b) => env.push(b.slice()),
      onProgress: (p) => progress.push(p.bytesDone),
    });
    assert.equal(sealed.size, plain.length);
    assert.equal(Buffer.from(sealed.sha1).toString('hex'), createHash('sha1').update(plain).digest('hex'));
    const envelope = Buffer.concat(env);
    assert.equal(sealed.envelopeSize, envelope.length);
    assert.equal(sealed.cid, await ehr.ipfs.cid(new Uint8Array(envelope), PROFILE));
    assert.equal(progress.at(-1), plain.length);
    assert.equal(ehr.records.inspect(new Uint8Array(envelope)).scope, 3);

    const hash = base64(sealed.sha1);
    const out = [];
    const opened = await openStream(ehr, {
      pieces: split(new Uint8Array(envelope), 5),
      keysFor: (h) => {
        assert.equal(h.epoch, 7);
        return { identities: [id] };
      },
      scope: 3,
      expect: { size: plain.length, hash },
      sink: { write: (b) => out.push(b.slice()) },
    });
    assert.equal(opened.size, plain.length);
    assert.ok(Buffer.concat(out).equals(plain));

    // A wrong hash, a wrong size, another scope, a cut envelope: typed errors.
    const open = (o) =>
      openStream(ehr, {
        pieces: split(new Uint8Array(o.envelope ?? envelope), 3),
        keysFor: () => ({ identities: [id] }),
        scope: o.scope ?? 3,
        expect: o.expect ?? {},
        sink: { write() {} },
      });
    await assert.rejects(open({ expect: { hash: base64(new Uint8Array(20)) } }), { code: 'ERR_HASH_MISMATCH' });
    await assert.rejects(open({ expect: { size: plain.length + 1 } }), { code: 'ERR_HASH_MISMATCH' });
    await assert.rejects(open({ scope: 4 }), { code: 'ERR_BAD_ENVELOPE' });
    await assert.rejects(open({ envelope: envelope.subarray(0, envelope.length - 100) }), (e) =>
      ['ERR_STREAM_TRUNCATED', 'ERR_AUTH_FAILED'].includes(e.code),
    );

    // The record that points at it passes the module's FHIR check, with no data.
    const doc = fileDocument({
      cid: sealed.cid,
      size: sealed.size,
      hash,
      contentType: 'application/pdf',
      title: 'scan.pdf',
      subject: { reference: 'Patient/0x0000000000000000000000000000000000000001' },
    });
    assert.equal(ehr.records.fhir.check(JSON.stringify(doc)).resourceType, 'DocumentReference');
    assert.equal(fileAttachment(doc).url, `ipfs://${sealed.cid}`);
    assert.equal(
      fileAttachment({ resourceType: 'DocumentReference', content: [{ attachment: { data: 'AA==' } }] }),
      null,
    );
    // Past FHIR's unsignedInt the size is left out (the hash still pins the bytes).
    assert.equal(fileDocument({ cid: sealed.cid, size: 2 ** 31, hash }).content[0].attachment.size, undefined);
  } finally {
    id.dispose();
  }
});

test('cancelling a seal stops it with AbortError', async () => {
  const id = ehr.records.generateX25519();
  const ctl = new AbortController();
  let n = 0;
  async function* endless() {
    for (;;) {
      if (++n === 5) ctl.abort();
      yield randomBytes(65536);
    }
  }
  await assert.rejects(
    sealStream(ehr, {
      source: endless(),
      encrypt: { scope: 1, epoch: 0, recipients: [id.publicKey] },
      profile: PROFILE,
      signal: ctl.signal,
    }),
    { name: 'AbortError' },
  );
  assert.ok(n < 10);
  id.dispose();
});

test('300 MB of random bytes stream through encryption, CID building and decryption in flat memory', () => {
  const MB = 300;
  // One child process per figure; peak RSS from /proc (VmHWM: since exec).
  const child = (code) => {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], {
      encoding: 'utf8',
      cwd: ROOT,
      maxBuffer: 1 << 20,
      timeout: 240_000,
    });
    if (r.status !== 0) throw new Error(r.stderr || `exit ${r.status}`);
    return JSON.parse(r.stdout.trim().split('\n').pop());
  };
  const prelude = `import { readFileSync } from 'node:fs'; import { randomFillSync, createHash } from 'node:crypto';
    const peakRss = () => Number(/VmHWM:\\s+(\\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))[1]) * 1024;
    const { init } = await import('./wasm/js/ehr.js'); const ehr = await init();`;
  const base = child(`${prelude} console.log(JSON.stringify({ rss: peakRss() }));`).rss;
  const r = child(`${prelude}
    const { sealStream, createSha1 } = await import('./wasm/js/worker.js');
    const id = ehr.records.generateX25519();
    const plainHash = createHash('sha1');
    // Random pieces of 64 KiB (as Chromium's File.stream() gives them), made as they are read.
    async function* source() {
      for (let i = 0; i < ${MB} * 16; i++) {
        const p = randomFillSync(new Uint8Array(65536));
        plainHash.update(p);
        yield p;
      }
    }
    // Throughput of the page's pipeline alone (read + SHA-1 + encrypt + CID + staged bytes
    // handed over), pieces from a pool of random 64 KiB pieces (copied: the pipeline wipes them).
    const pool = Array.from({ length: 16 }, () => randomFillSync(new Uint8Array(65536)));
    async function* pooled() { for (let i = 0; i < ${MB} * 16; i++) yield pool[i & 15].slice(); }
    const t1 = performance.now();
    await sealStream(ehr, { source: pooled(), encrypt: { scope: 1, epoch: 0, recipients: [id.publicKey] },
      profile: 'unixfs-v1-2025', write: () => {} });
    const sealMs = performance.now() - t1;
    // The envelope goes straight into a decryptor (constant memory): the round trip is checked too.
    const dec = ehr.records.createDecryptor({ identities: [id] });
    const back = createSha1();
    let envBytes = 0;
    const t = performance.now();
    const sealed = await sealStream(ehr, {
      source: source(), size: ${MB} * 1048576,
      encrypt: { scope: 1, epoch: 0, recipients: [id.publicKey] },
      profile: 'unixfs-v1-2025',
      write: (b) => { envBytes += b.length; back.update(dec.push(b)); },
    });
    const ms = performance.now() - t;
    back.update(dec.finish());
    console.log(JSON.stringify({ ms, sealMs, rss: peakRss(), cid: sealed.cid, size: sealed.size, envBytes,
      envelopeSize: sealed.envelopeSize, sha1: Buffer.from(sealed.sha1).toString('hex'),
      want: plainHash.digest('hex'), back: Buffer.from(back.digest()).toString('hex') }));`);
  assert.equal(r.size, MB * 1048576);
  assert.equal(r.envBytes, r.envelopeSize);
  assert.equal(r.sha1, r.want, 'SHA-1 of what was encrypted');
  assert.equal(r.back, r.want, 'decrypted bytes hash equal');
  assert.match(r.cid, /^bafy/);
  const grew = (r.rss - base) / 1048576;
  const mbps = MB / (r.ms / 1000);
  console.log(
    `# large-stream: the page's pipeline alone (SHA-1 + encrypt + CID), ${MB} MB in ${(r.sealMs / 1000).toFixed(1)} s: ` +
      `${(MB / (r.sealMs / 1000)).toFixed(0)} MB/s`,
  );
  console.log(
    `# large-stream: ${MB} MB sealed (encrypt + SHA-1 + UnixFS CID + decrypt back) in ${(r.ms / 1000).toFixed(1)} s, ` +
      `${mbps.toFixed(0)} MB/s; peak RSS ${(r.rss / 1048576).toFixed(0)} MiB (module alone ${(base / 1048576).toFixed(0)} MiB, +${grew.toFixed(0)} MiB)`,
  );
  // Flat: the growth does not depend on the size (a few MiB of batches and digests in flight).
  assert.ok(grew < 96, `peak RSS grew by ${grew.toFixed(0)} MiB over the module alone`);
});

test('the uploader: a caller-computed cid skips the local pass and is still checked; 413 says the size was refused', async () => {
  const { createUploader } = await import('../../wasm/js/gateway.js');
  const envelope = new Uint8Array(randomBytes(200_000));
  const cid = await ehr.ipfs.cid(envelope, PROFILE);
  let answer = cid;
  let status = 200;
  const fetch = async () =>
    status === 200
      ? new Response(`${JSON.stringify({ Name: 'f', Hash: answer, Size: '1' })}\n`)
      : new Response('{"Message":"request body too large"}', { status });
  const up = createUploader(ehr, { apiUrl: 'http://127.0.0.1:9', fetch });
  const blob = new Blob([envelope]);
  assert.equal((await up.add(blob, { cid })).cid, cid);
  answer = await ehr.ipfs.cid(new Uint8Array(10), PROFILE);
  await assert.rejects(up.add(blob, { cid }), { name: 'CidMismatchError' });
  status = 413;
  await assert.rejects(up.add(blob, { cid }), (e) => {
    assert.equal(e.name, 'UploadError');
    assert.equal(e.status, 413);
    assert.match(e.message, /refused a file this large \(200000 bytes\): request body too large/);
    return true;
  });
});

/** The recursive pins of the node (CIDs as it lists them). */
async function pins() {
  const res = await fetch(`${node.apiUrl}/api/v0/pin/ls?type=recursive`, { method: 'POST' });
  assert.equal(res.status, 200);
  return Object.keys((await res.json()).Keys ?? {});
}

test('the uploader on the local IPFS node: added unpinned, pinned once whole, unpinned; files.js unpinAll', async () => {
  const { createUploader } = await import('../../wasm/js/gateway.js');
  const up = createUploader(ehr, { apiUrl: node.apiUrl });
  const envelope = new Uint8Array(randomBytes(3 * 1048576 + 99));
  const cid = await ehr.ipfs.cid(envelope, PROFILE);
  const before = await pins();
  assert.equal((await up.add(new Blob([envelope]), { cid, pin: false })).cid, cid);
  assert.deepEqual(await pins(), before, 'an add with pin: false leaves no pin');
  await up.pin(cid);
  assert.deepEqual((await pins()).sort(), [...before, cid].sort());
  // Another, pinned by its add: both pins are taken back; a CID without a pin is `absent`.
  const other = new Uint8Array(randomBytes(5000));
  const otherCid = (await up.add(other)).cid;
  assert.ok((await pins()).includes(otherCid), 'add pins by default');
  const absent = await ehr.ipfs.cid(new Uint8Array(10), PROFILE);
  const r = await unpinAll(up, [cid, otherCid, absent]);
  assert.deepEqual(r, { unpinned: [cid, otherCid], absent: [absent], failed: [] });
  assert.deepEqual(await pins(), before);
  // The node cannot be asked: a failure per CID, never a throw.
  const dead = createUploader(ehr, { apiUrl: 'http://127.0.0.1:9' });
  const f = await unpinAll(dead, [cid]);
  assert.equal(f.failed.length, 1);
  assert.equal(f.failed[0].error.name, 'UploadError');
  // Pinning what the node does not hold is refused (an upload cut off before its end).
  await assert.rejects(up.pin(absent), { name: 'UploadError' });
});

test('an upload cancelled midway leaves no pin on the node', async () => {
  const { createUploader } = await import('../../wasm/js/gateway.js');
  const up = createUploader(ehr, { apiUrl: node.apiUrl });
  const before = await pins();
  const ctl = new AbortController();
  // A body that stops after 4 MiB until the cancel: the node has part of the file, no pin.
  let sent = 0;
  async function* body() {
    for (;;) {
      if (sent >= 4 << 20) {
        ctl.abort();
        await new Promise((r) => setTimeout(r, 50));
      }
      const p = new Uint8Array(randomBytes(1 << 20));
      sent += p.length;
      yield p;
    }
  }
  await assert.rejects(up.add(body(), { signal: ctl.signal, pin: false }), (e) => e.name === 'AbortError');
  assert.deepEqual(await pins(), before);
});
