// The page's own QR decoder (web/src/qr-scan.js), which reads camera frames where the browser has
// no BarcodeDetector: data capacities of every level against the standard's, Reed-Solomon
// correction up to its limit, the module grids of the SMART Health Card spec's QR images (another
// encoder: numeric segments) and of the page's own encoder, and whole images: scaled, rotated,
// seen in perspective, unevenly lit and noisy, and mirrored. Random inputs print their seed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeQr, rsRemainder } from '../../web/src/qr.js';
import { correctBlock, dataCodewordsAt, decodeQrGrid, decodeQrImage } from '../../web/src/qr-scan.js';
import { makeRng } from '../wasm/helpers.mjs';
import { ROOT } from './helpers.mjs';

const SHC = join(ROOT, 'tests/vectors/health/smart-health-cards/examples');

// ISO/IEC 18004 Table 7: data codewords by version and level (a selection).
const DATA_CODEWORDS = {
  1: { L: 19, M: 16, Q: 13, H: 9 },
  2: { L: 34, M: 28, Q: 22, H: 16 },
  7: { L: 156, M: 124, Q: 88, H: 66 },
  10: { L: 274, M: 216, Q: 154, H: 122 },
  20: { L: 861, M: 669, Q: 485, H: 385 },
  27: { L: 1468, M: 1128, Q: 808, H: 628 },
  40: { L: 2956, M: 2334, Q: 1666, H: 1276 },
};

test('data codewords of every level are the standard’s', () => {
  for (const [v, levels] of Object.entries(DATA_CODEWORDS))
    for (const [l, n] of Object.entries(levels)) assert.equal(dataCodewordsAt(l, Number(v)), n, `${v}-${l}`);
});

test('Reed-Solomon: up to ec/2 wrong codewords are corrected; a clean block is left alone', () => {
  const rng = makeRng('qr-scan rs');
  for (let round = 0; round < 300; round++) {
    const ecLen = [7, 10, 16, 22, 26, 30][rng.int(6)];
    const data = rng.bytes(1 + rng.int(120));
    const block = new Uint8Array([...data, ...rsRemainder(data, ecLen)]);
    const sent = block.slice();
    assert.equal(correctBlock(block, ecLen), true);
    assert.deepEqual(block, sent);
    const errors = rng.int(Math.floor(ecLen / 2) + 1);
    const at = new Set();
    while (at.size < errors) at.add(rng.int(block.length));
    for (const i of at) block[i] ^= 1 + rng.int(255);
    assert.equal(correctBlock(block, ecLen), true, `${errors} errors, ec ${ecLen}`);
    assert.deepEqual(block, sent, `${errors} errors, ec ${ecLen}`);
  }
  // Beyond the limit the block is refused or (rarely) mis-corrected to another codeword: never
  // returned as a codeword with non-zero syndromes.
  const data = new Uint8Array(40).fill(7);
  const block = new Uint8Array([...data, ...rsRemainder(data, 10)]);
  for (let i = 0; i < 8; i++) block[i * 5] ^= 0x5a;
  assert.equal(correctBlock(block, 10), false);
});

/** The module grid of a spec QR image (node-qrcode SVG: one stroked path of horizontal runs). */
function gridOfSpecSvg(svgText) {
  const n = Number(/viewBox="0 0 (\d+) \d+"/.exec(svgText)[1]);
  const d = /<path stroke="#000000" d="([^"]+)"/.exec(svgText)[1];
  const size = n - 8;
  const grid = new Uint8Array(size * size);
  let x = 0;
  let y = 0;
  for (const [, cmd, args] of d.matchAll(/([Mmh])([^Mmh]*)/g)) {
    const v = args
      .trim()
      .split(/[\s,]+/)
      .map(Number);
    if (cmd === 'M') [x, y] = v;
    else if (cmd === 'm') {
      x += v[0];
      y += v[1];
    } else {
      for (let k = 0; k < v[0]; k++) grid[(y - 4.5) * size + (x - 4 + k)] = 1;
      x += v[0];
    }
  }
  return { size, bit: (gx, gy) => grid[gy * size + gx] };
}

test('the SMART Health Card spec’s QR images decode to their numeric shc:/ texts', () => {
  const cases = [
    ['example-00-g-qr-code-0.svg', 'example-00-f-qr-code-numeric-value-0.txt'],
    ['example-01-g-qr-code-0.svg', 'example-01-f-qr-code-numeric-value-0.txt'],
    ['example-02-g-qr-code-0.svg', 'example-02-f-qr-code-numeric-value-0.txt'],
    ['example-02-g-qr-code-1.svg', 'example-02-f-qr-code-numeric-value-1.txt'],
    ['example-02-g-qr-code-2.svg', 'example-02-f-qr-code-numeric-value-2.txt'],
    ['example-03-g-qr-code-0.svg', 'example-03-f-qr-code-numeric-value-0.txt'],
  ];
  const levels = new Set();
  for (const [svg, txt] of cases) {
    const { size, bit } = gridOfSpecSvg(readFileSync(join(SHC, svg), 'utf8'));
    const r = decodeQrGrid(bit, size);
    assert.equal(r.text, readFileSync(join(SHC, txt), 'utf8').trim(), svg);
    assert.match(r.text, /^shc:\/(\d+\/\d+\/)?\d+$/);
    levels.add(r.level);
  }
  assert.deepEqual([...levels], ['L'], 'the spec’s codes use level L');
});

test('grids of the page’s encoder decode to their text (every version the lengths reach)', () => {
  const rng = makeRng('qr-scan grid');
  const versions = new Set();
  for (let round = 0; round < 60; round++) {
    const len = 1 + rng.int(round < 50 ? 400 : 2300);
    const text = Array.from({ length: len }, () => String.fromCharCode(32 + rng.int(95))).join('') + 'é✓';
    const code = encodeQr(text);
    const r = decodeQrGrid((x, y) => (code.dark(x, y) ? 1 : 0), code.size);
    assert.equal(r.text, text, `length ${len}`);
    assert.equal(r.version, code.version);
    assert.equal(r.mask, code.mask);
    assert.equal(r.level, 'M');
    versions.add(code.version);
  }
  assert.ok(versions.size >= 15, `versions ${[...versions]}`);
});

/**
 * An RGBA image of `code` seen through `map` (image point -> module coordinates, quiet zone
 * included), with light that falls off across the image and seeded noise.
 */
function render(code, { width, height, map, rng, noise = 0, light = 0 }) {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const [u, v] = map(x + 0.5, y + 0.5);
      const mx = Math.floor(u) - 4;
      const my = Math.floor(v) - 4;
      const dark = mx >= 0 && my >= 0 && mx < code.size && my < code.size && code.dark(mx, my);
      const shade = 1 - (light * (x + y)) / (width + height);
      const g = (dark ? 30 : 225) * shade + (noise ? rng.int(2 * noise + 1) - noise : 0);
      const p = (y * width + x) * 4;
      data[p] = data[p + 1] = data[p + 2] = g;
      data[p + 3] = 255;
    }
  return { data, width, height };
}

test('images: scaled, rotated, in perspective, unevenly lit and noisy, mirrored', () => {
  const rng = makeRng('qr-scan image');
  const link =
    'http://127.0.0.1:41234/x0a1b2c/#shlink:/eyJ1cmwiOiJodHRwOi8vMTI3LjAuMC4xOjQxMjM1L2lwZnMvYmFma3JlaWV4YW1wbGUiLCJmbGFnIjoiVSIsImtleSI6IkFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQSIsImxhYmVsIjoiU3VtbWFyeSJ9';
  const code = encodeQr(link);
  const n = code.size + 8;
  const scale = 4;
  const cases = {
    straight: (x, y) => [(x - 40) / scale, (y - 30) / scale],
    rotated: (x, y) => {
      const a = (17 * Math.PI) / 180;
      const dx = x - 320;
      const dy = y - 240;
      return [
        (dx * Math.cos(a) + dy * Math.sin(a)) / 4.2 + n / 2,
        (-dx * Math.sin(a) + dy * Math.cos(a)) / 4.2 + n / 2,
      ];
    },
    perspective: (x, y) => {
      // A pinhole camera (focal length 1,000 pixels) looking at the code tilted by 40° about its
      // horizontal axis: the top of the code nearer, its modules 5 pixels wide there, 4 at the bottom.
      const [c, sn] = [Math.cos((40 * Math.PI) / 180), Math.sin((40 * Math.PI) / 180)];
      const X = x - 320;
      const Y = y - 240;
      const d = 1000 * c - Y * sn;
      return [(222 * c * X) / d + n / 2, (222 * Y) / d + n / 2];
    },
    'upside down': (x, y) => [n - (x - 60) / scale, n - (y - 40) / scale],
    mirrored: (x, y) => [(y - 30) / scale, (x - 60) / scale],
  };
  for (const [name, map] of Object.entries(cases)) {
    const image = render(code, { width: 640, height: 480, map, rng, noise: 25, light: 0.4 });
    assert.equal(decodeQrImage(image), link, name);
  }
  // No code: nothing.
  const blank = render(
    { size: 21, dark: () => false },
    { width: 320, height: 240, map: (x, y) => [x, y], rng, noise: 60 },
  );
  assert.equal(decodeQrImage(blank), null);
});
