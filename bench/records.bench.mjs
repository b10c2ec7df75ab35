// Records benchmarks: a 256 MiB record encrypted and decrypted through the JS interface
// (ours: records.createEncryptor / createDecryptor, 1 MiB pushes, 64 KiB chunks) beside
// libsodium-wrappers-sumo's secretstream with the same 64 KiB messages, in the same process; and
// the peak memory (max RSS) of a fresh process that encrypts and decrypts a 64 MiB and a 256 MiB
// record, streaming, so that peak memory can be compared across record sizes. MB/s means 10^6
// bytes per second. Each throughput is the best of 3 alternating runs.
//
//   node bench/run.mjs records
//   node bench/records.bench.mjs --rss <ours|libsodium-wrappers-sumo> <MiB>   (child process)
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { fill } from './lib.mjs';

const MiB = 1 << 20;
const CHUNK = 64 * 1024;
const PEER = 'libsodium-wrappers-sumo';

async function loadOurs() {
  const { init } = await import('../wasm/js/ehr.js');
  const ehr = await init();
  const key = ehr.records.importChartKey(fill(32, 5), 0, 0);
  return { records: ehr.records, key };
}

async function loadSodium() {
  const s = (await import('libsodium-wrappers-sumo')).default;
  await s.ready;
  return s;
}

// One pass over `total` bytes made of the same 1 MiB plaintext piece. Returns the seconds spent in
// encryption and in decryption (each timed separately; the other half of the pipeline is not
// counted), and checks that what comes out equals what went in.
function passOurs({ records, key }, piece, total) {
  let tEnc = 0,
    tDec = 0,
    out = 0;
  const enc = records.createEncryptor({ scope: 0, epoch: 0, chunkSize: CHUNK, chartKeys: [key] });
  const dec = records.createDecryptor({ chartKeys: [key] });
  for (let done = 0; done < total; done += piece.length) {
    let t = performance.now();
    const c = enc.push(piece);
    tEnc += performance.now() - t;
    t = performance.now();
    out += dec.push(c).length;
    tDec += performance.now() - t;
  }
  let t = performance.now();
  const last = enc.finish();
  tEnc += performance.now() - t;
  t = performance.now();
  out += dec.push(last).length + dec.finish().length;
  tDec += performance.now() - t;
  if (out !== total) throw new Error(`ours: decrypted ${out} of ${total} bytes`);
  return { enc: tEnc / 1000, dec: tDec / 1000 };
}

function passSodium(s, piece, total) {
  let tEnc = 0,
    tDec = 0,
    out = 0;
  const key = s.crypto_secretstream_xchacha20poly1305_keygen();
  let t = performance.now();
  const { state, header } = s.crypto_secretstream_xchacha20poly1305_init_push(key);
  tEnc += performance.now() - t;
  t = performance.now();
  const pull = s.crypto_secretstream_xchacha20poly1305_init_pull(header, key);
  tDec += performance.now() - t;
  const { TAG_MESSAGE, TAG_FINAL } = {
    TAG_MESSAGE: s.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE,
    TAG_FINAL: s.crypto_secretstream_xchacha20poly1305_TAG_FINAL,
  };
  for (let done = 0; done < total; done += piece.length) {
    for (let o = 0; o < piece.length; o += CHUNK) {
      const last = done + o + CHUNK >= total;
      t = performance.now();
      const c = s.crypto_secretstream_xchacha20poly1305_push(
        state,
        piece.subarray(o, o + CHUNK),
        null,
        last ? TAG_FINAL : TAG_MESSAGE,
      );
      tEnc += performance.now() - t;
      t = performance.now();
      const r = s.crypto_secretstream_xchacha20poly1305_pull(pull, c);
      tDec += performance.now() - t;
      if (!r) throw new Error('libsodium: pull failed');
      out += r.message.length;
    }
  }
  if (out !== total) throw new Error(`libsodium: decrypted ${out} of ${total} bytes`);
  return { enc: tEnc / 1000, dec: tDec / 1000 };
}

// Child process: stream `mib` MiB through encrypt and decrypt, print the peak RSS in bytes.
async function rssChild(impl, mib) {
  const piece = fill(MiB, 3);
  if (impl === 'ours') passOurs(await loadOurs(), piece, mib * MiB);
  else passSodium(await loadSodium(), piece, mib * MiB);
  console.log(JSON.stringify({ maxRss: process.resourceUsage().maxRSS * 1024 }));
}

function peakRss(impl, mib) {
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, [self, '--rss', impl, String(mib)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`rss child failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()).maxRss;
}

export async function run({ record }) {
  const ours = await loadOurs();
  const sodium = await loadSodium();
  const piece = fill(MiB, 3);
  const total = 256 * MiB;
  // Warm-up: 16 MiB each.
  passOurs(ours, piece, 16 * MiB);
  passSodium(sodium, piece, 16 * MiB);
  const best = { ours: { enc: Infinity, dec: Infinity }, [PEER]: { enc: Infinity, dec: Infinity } };
  for (let rep = 0; rep < 3; rep++) {
    for (const [impl, fn] of [
      ['ours', () => passOurs(ours, piece, total)],
      [PEER, () => passSodium(sodium, piece, total)],
    ]) {
      const t = fn();
      best[impl].enc = Math.min(best[impl].enc, t.enc);
      best[impl].dec = Math.min(best[impl].dec, t.dec);
    }
  }
  for (const impl of ['ours', PEER]) {
    record({ op: 'envelope encrypt 256 MiB', impl, value: total / 1e6 / best[impl].enc, unit: 'MB/s' });
  }
  for (const impl of ['ours', PEER]) {
    record({ op: 'envelope decrypt 256 MiB', impl, value: total / 1e6 / best[impl].dec, unit: 'MB/s' });
  }
  // Peak memory of a whole streamed encrypt + decrypt, in a fresh process per size.
  for (const mib of [64, 256]) {
    for (const impl of ['ours', PEER]) {
      record({ op: `peak RSS encrypt+decrypt ${mib} MiB`, impl, value: peakRss(impl, mib), unit: 'bytes' });
    }
  }
}

if (process.argv[2] === '--rss') await rssChild(process.argv[3], Number(process.argv[4]));
