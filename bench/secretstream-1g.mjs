// Slow check (not in the default suite): a 1 GiB secretstream round trip through the JS interface
// in constant memory. Plaintext is generated on the fly, piped through
// secretstream.encryptStream() and decryptStream() (WHATWG TransformStreams with back-pressure), and
// checked by SHA-256 against the hash of what went in. Peak RSS growth over the start is sampled
// after every chunk and must stay under 64 MiB.
//
//   node bench/secretstream-1g.mjs [--gib=1] [--chunk=65536]
import { init } from '../wasm/js/ehr.js';

const arg = (name, fallback) => {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  return a ? Number(a.split('=')[1]) : fallback;
};
const TOTAL = Math.round(arg('gib', 1) * 2 ** 30);
const CHUNK = arg('chunk', 64 * 1024);
const PIECE = 1 << 20; // the source hands out 1 MiB at a time
const LIMIT = 64 * 2 ** 20;

const ehr = await init();
const key = ehr.SymmetricKey.generate();

// A deterministic 1 MiB pattern, varied per piece so that no two pieces are equal.
const pattern = new Uint8Array(PIECE);
for (let i = 0; i < PIECE; i++) pattern[i] = (i * 2654435761) >>> 24;

const hashIn = ehr.createSha256();
const hashOut = ehr.createSha256();
let produced = 0;
let consumed = 0;
const source = new ReadableStream(
  {
    pull(controller) {
      if (produced >= TOTAL) {
        controller.close();
        return;
      }
      const n = Math.min(PIECE, TOTAL - produced);
      const piece = pattern.slice(0, n);
      new DataView(piece.buffer).setUint32(0, produced / PIECE);
      hashIn.update(piece);
      produced += n;
      controller.enqueue(piece);
    },
  },
  { highWaterMark: 1 },
);

// Warm up (module, stream code, scratch memory), then take the baseline.
{
  const w = new ReadableStream({
    start(c) {
      c.enqueue(pattern);
      c.close();
    },
  })
    .pipeThrough(ehr.secretstream.encryptStream(key, { chunkSize: CHUNK }))
    .pipeThrough(ehr.secretstream.decryptStream(key, { chunkSize: CHUNK }));
  for await (const _ of w) {
    /* drain */
  }
}
globalThis.gc?.();
const base = process.memoryUsage().rss;
let peak = base;
const t0 = performance.now();

await source
  .pipeThrough(ehr.secretstream.encryptStream(key, { chunkSize: CHUNK }))
  .pipeThrough(ehr.secretstream.decryptStream(key, { chunkSize: CHUNK }))
  .pipeTo(
    new WritableStream({
      write(plaintext) {
        hashOut.update(plaintext);
        consumed += plaintext.length;
        const rss = process.memoryUsage().rss;
        if (rss > peak) peak = rss;
      },
    }),
  );

const seconds = (performance.now() - t0) / 1000;
const same = Buffer.from(hashIn.digest()).equals(Buffer.from(hashOut.digest()));
key.dispose();
const growth = peak - base;
const mib = (b) => (b / 2 ** 20).toFixed(1);
console.log(
  `secretstream round trip: ${mib(TOTAL)} MiB in ${seconds.toFixed(1)} s (${(TOTAL / 1e6 / seconds).toFixed(0)} MB/s through encrypt+decrypt), chunk ${CHUNK} B`,
);
console.log(
  `RSS: start ${mib(base)} MiB, peak ${mib(peak)} MiB, peak growth ${mib(growth)} MiB (limit ${mib(LIMIT)} MiB)`,
);
console.log(
  `plaintext out ${consumed === TOTAL && same ? 'equals' : 'DIFFERS FROM'} plaintext in (SHA-256); live handles ${ehr.liveHandles()}`,
);
if (consumed !== TOTAL || !same || growth >= LIMIT || ehr.liveHandles() !== 0) process.exit(1);
