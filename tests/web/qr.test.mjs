// The page's QR encoder (web/src/qr.js): capacities against the standard's published byte-mode
// capacities at level M, the fixed patterns, and a decode of every code we make (format
// information, unmasking, the zigzag read, de-interleaving, Reed-Solomon syndromes all zero, the
// byte-mode payload equal to the input) over random payloads of many lengths.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  encodeQr,
  byteCapacity,
  dataCodewords,
  formatBits,
  functionPatterns,
  maskAt,
  zigzag,
  qrPath,
} from '../../web/src/qr.js';
import { makeRng } from '../wasm/helpers.mjs';

// ISO/IEC 18004 Table 7, byte mode, level M (a selection).
const CAPACITY_M = { 1: 14, 2: 26, 5: 84, 7: 122, 10: 213, 15: 412, 20: 666, 25: 997, 30: 1370, 40: 2331 };

test("byte capacities at level M are the standard's", () => {
  for (const [v, cap] of Object.entries(CAPACITY_M)) assert.equal(byteCapacity(Number(v)), cap, `version ${v}`);
});

// GF(256) for the syndrome check, built independently of the encoder's tables.
const EXP = [];
const LOG = [];
for (let i = 0, x = 1; i < 255; i++) {
  EXP[i] = x;
  LOG[x] = i;
  x = (x << 1) ^ (x & 0x80 ? 0x11d : 0);
  x &= 0xff;
}
const gmul = (a, b) => (a && b ? EXP[(LOG[a] + LOG[b]) % 255] : 0);

/** Reads a code back: format, codewords, blocks, syndromes, payload. */
function decode(code) {
  const { size, version } = code;
  const bit = (x, y) => (code.dark(x, y) ? 1 : 0);
  // Format information, first copy, and the level/mask it names.
  let f = 0;
  const pos = [
    [8, 0],
    [8, 1],
    [8, 2],
    [8, 3],
    [8, 4],
    [8, 5],
    [8, 7],
    [8, 8],
    [7, 8],
    [5, 8],
    [4, 8],
    [3, 8],
    [2, 8],
    [1, 8],
    [0, 8],
  ];
  pos.forEach(([x, y], i) => {
    f |= bit(x, y) << i;
  });
  let mask = -1;
  for (let m = 0; m < 8; m++) if (formatBits(m) === f) mask = m;
  assert.notEqual(mask, -1, 'format information is a valid level-M code word');
  // Second copy agrees.
  let f2 = 0;
  for (let i = 0; i < 8; i++) f2 |= bit(size - 1 - i, 8) << i;
  for (let i = 8; i < 15; i++) f2 |= bit(8, size - 15 + i) << i;
  assert.equal(f2, f);
  const m = functionPatterns(version);
  const bits = [];
  zigzag(m, (x, y) => bits.push(bit(x, y) ^ (maskAt(mask, x, y) ? 1 : 0)));
  const total = Math.floor(bits.length / 8);
  const cw = [];
  for (let i = 0; i < total; i++) cw.push(bits.slice(i * 8, i * 8 + 8).reduce((a, b) => (a << 1) | b, 0));
  return { mask, cw };
}

test('codes decode back to their payload, with zero Reed-Solomon syndromes', () => {
  const rng = makeRng('qr');
  const lengths = [0, 1, 13, 14, 15, 26, 27, 84, 85, 213, 214, 500, 666, 1000, 1400];
  for (const n of lengths) {
    const input = rng.bytes(n);
    const code = encodeQr(input);
    assert.equal(code.size, code.version * 4 + 17);
    assert.ok(
      byteCapacity(code.version) >= n && (code.version === 1 || byteCapacity(code.version - 1) < n),
      'smallest version',
    );
    // Finder pattern corners and the timing row.
    for (const [cx, cy] of [
      [3, 3],
      [code.size - 4, 3],
      [3, code.size - 4],
    ]) {
      assert.ok(code.dark(cx, cy) && !code.dark(cx + 2, cy) && code.dark(cx + 3, cy));
    }
    for (let i = 8; i < code.size - 8; i++) assert.equal(code.dark(i, 6), i % 2 === 0);
    const { cw } = decode(code);
    // De-interleave into blocks (the layout of the standard) and check each block's syndromes.
    const ver = code.version;
    const dataLen = dataCodewords(ver);
    const rawLen = cw.length;
    const numBlocks = [
      -1, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31,
      33, 35, 37, 38, 40, 43, 45, 47, 49,
    ][ver];
    const ecLen = (rawLen - dataLen) / numBlocks;
    assert.ok(Number.isInteger(ecLen));
    const shortLen = Math.floor(rawLen / numBlocks);
    const shortBlocks = numBlocks - (rawLen % numBlocks);
    const blocks = Array.from({ length: numBlocks }, () => []);
    let k = 0;
    for (let i = 0; i <= shortLen - ecLen; i++)
      for (let b = 0; b < numBlocks; b++) if (i < shortLen - ecLen || b >= shortBlocks) blocks[b].push(cw[k++]);
    for (let i = 0; i < ecLen; i++) for (let b = 0; b < numBlocks; b++) blocks[b].push(cw[k++]);
    const data = [];
    for (const block of blocks) {
      for (let j = 0; j < ecLen; j++) {
        let s = 0;
        for (const c of block) s = gmul(s, EXP[j]) ^ c;
        assert.equal(s, 0, `syndrome ${j} of a block of version ${ver}`);
      }
      data.push(...block.slice(0, block.length - ecLen));
    }
    // Byte mode header and payload.
    const bitsOf = data.flatMap((b) => [7, 6, 5, 4, 3, 2, 1, 0].map((i) => (b >> i) & 1));
    const take = (from, n) => bitsOf.slice(from, from + n).reduce((a, b) => a * 2 + b, 0);
    assert.equal(take(0, 4), 0b0100);
    const countBits = ver < 10 ? 8 : 16;
    assert.equal(take(4, countBits), n);
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = take(4 + countBits + i * 8, 8);
    assert.deepEqual(out, input);
  }
  assert.throws(() => encodeQr(new Uint8Array(2332)), RangeError);
  assert.match(qrPath(encodeQr('hi')), /^(M\d+ \d+h1v1h-1z)+$/);
});
