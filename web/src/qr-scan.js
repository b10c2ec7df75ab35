// Scanning a QR code with the camera. Where the browser has the Shape Detection API's
// BarcodeDetector with the qr_code format (Chromium on Android, ChromeOS and macOS), it reads the
// frames; elsewhere (Chromium on Linux and Windows, Firefox, Safari) the page's own decoder below
// reads them, drawn on a canvas in the page. Without a camera the page keeps the paste-the-text
// path. Frames never leave the page; the camera stops as soon as a code is read, on cancel, and
// when the page locks.
//
// The decoder (ISO/IEC 18004): a local-mean threshold, the three finder patterns found by their
// 1:1:3:1:1 runs across and down, the module grid mapped from them (and from the bottom-right
// alignment pattern when it is found: a perspective mapping), the format information (nearest of
// the 32 codes), unmasking and the zigzag read of qr.js, de-interleaving, Reed-Solomon correction
// (Berlekamp-Massey, Chien, Forney), and the numeric, alphanumeric and byte segments (ECI
// designators skipped; bytes read as UTF-8, else ISO-8859-1). Any level, versions 1 to 40.
import { h, button } from './dom.js';
import { onWipe } from './key-registry.js';
import { functionPatterns, maskAt, zigzag } from './qr.js';

/** Stops of scans running now (lock stops them all). */
const running = new Set();
onWipe(() => {
  for (const stop of [...running]) stop();
});

/** Whether the browser's own BarcodeDetector reads QR codes. */
async function hasDetector() {
  try {
    if (typeof globalThis.BarcodeDetector !== 'function') return false;
    const formats = await globalThis.BarcodeDetector.getSupportedFormats?.();
    return !formats || formats.includes('qr_code');
  } catch {
    return false;
  }
}

/**
 * Whether this browser can scan QR codes with a camera: with BarcodeDetector, or with the page's
 * decoder when the device has a camera.
 */
export async function canScan() {
  try {
    if (!navigator.mediaDevices?.getUserMedia) return false;
    if (await hasDetector()) return true;
    const devices = (await navigator.mediaDevices.enumerateDevices?.()) ?? [];
    return devices.some((d) => d.kind === 'videoinput');
  } catch {
    return false;
  }
}

/** Frames larger than this (either side) are scaled down before the page's decoder reads them. */
const MAX_FRAME_SIDE = 1280;

/** A reader of video frames through the page's decoder: detect(video) like BarcodeDetector's. */
function frameReader() {
  const canvas = /** @type {HTMLCanvasElement} */ (h('canvas'));
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  return {
    async detect(video) {
      const vw = video.videoWidth;
      const vh = video.videoHeight;
      if (!ctx || !vw || !vh) return [];
      const scale = Math.min(1, MAX_FRAME_SIDE / Math.max(vw, vh));
      canvas.width = Math.round(vw * scale);
      canvas.height = Math.round(vh * scale);
      ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
      const text = decodeQrImage(ctx.getImageData(0, 0, canvas.width, canvas.height));
      return text === null ? [] : [{ format: 'qr_code', rawValue: text }];
    },
  };
}

/**
 * A camera view that scans until a QR code is read. Returns { element, done } where done resolves
 * to the code's text, or null on cancel / lock; it rejects when the camera cannot be opened
 * (NotAllowedError: permission refused; NotFoundError: no camera).
 */
export function scanQr({ label = 'Camera view for scanning the QR code' } = {}) {
  const video = h('video', { class: 'qr-video', 'aria-label': label });
  video.muted = true;
  video.setAttribute('playsinline', '');
  let stream = null;
  let timer = null;
  let settle;
  const done = new Promise((resolve, reject) => {
    settle = { resolve, reject };
  });
  const stop = (value = null, error = null) => {
    running.delete(stop);
    clearTimeout(timer);
    timer = null;
    for (const t of stream?.getTracks?.() ?? []) t.stop();
    stream = null;
    video.srcObject = null;
    element.remove();
    if (error) settle.reject(error);
    else settle.resolve(value);
  };
  const cancel = button('Stop the camera', () => stop(null), { variant: 'secondary' });
  const element = h(
    'div',
    { class: 'qr-scan' },
    video,
    h('p', { class: 'muted', role: 'status' }, 'Point the camera at the QR code.'),
    h('div', { class: 'actions' }, cancel),
  );
  running.add(stop);
  (async () => {
    try {
      const detector = (await hasDetector()) ? new globalThis.BarcodeDetector({ formats: ['qr_code'] }) : frameReader();
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
      if (!running.has(stop)) {
        for (const t of stream.getTracks()) t.stop();
        return;
      }
      video.srcObject = stream;
      // Not awaited: a camera that delivers no frame yet must not stall the loop (and cancel).
      video.play().catch(() => {});
      const tick = async () => {
        if (!running.has(stop)) return;
        try {
          const codes = await detector.detect(video);
          const qr = codes.find((c) => !c.format || c.format === 'qr_code');
          if (qr?.rawValue) {
            stop(qr.rawValue);
            return;
          }
        } catch {
          // a frame that is not ready yet
        }
        if (running.has(stop)) timer = setTimeout(tick, 250);
      };
      tick();
    } catch (e) {
      stop(null, e);
    }
  })();
  return { element, done };
}

// ---------------------------------------------------------------------------------------------
// Decoding a module grid.

// Error correction codewords per block and number of blocks by level and version (index 0
// unused), ISO/IEC 18004 Table 9. Levels in the order of their format-information bits: M (00),
// L (01), H (10), Q (11).
const EC_PER_BLOCK = [
  [
    -1, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28, 28, 28, 28, 28,
    28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28,
  ],
  [
    -1, 7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28, 28, 28, 30, 30, 26, 28, 30, 30,
    30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
  ],
  [
    -1, 17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28, 30, 24, 30, 30, 30, 30, 30, 30,
    30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
  ],
  [
    -1, 13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30, 28, 30, 30, 30, 30, 28, 30, 30,
    30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
  ],
];
const BLOCKS = [
  [
    -1, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31,
    33, 35, 37, 38, 40, 43, 45, 47, 49,
  ],
  [
    -1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8, 8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19,
    19, 20, 21, 22, 24, 25,
  ],
  [
    -1, 1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25, 25, 34, 30, 32, 35, 37, 40, 42, 45, 48,
    51, 54, 57, 60, 63, 66, 70, 74, 77, 81,
  ],
  [
    -1, 1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20, 23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43,
    45, 48, 51, 53, 56, 59, 62, 65, 68,
  ],
];
/** Level names by format-information bits. */
export const LEVELS = ['M', 'L', 'H', 'Q'];

/** Codewords of a version (data and error correction): its modules outside the function patterns. */
function totalCodewords(ver) {
  let n = 0;
  for (const f of functionPatterns(ver).fn) n += 1 - f;
  return n >>> 3;
}

/**
 * Data codewords of a version at a level ('L', 'M', 'Q' or 'H').
 * @param {string} level
 * @param {number} ver
 */
export function dataCodewordsAt(level, ver) {
  const ec = LEVELS.indexOf(level);
  return totalCodewords(ver) - BLOCKS[ec][ver] * EC_PER_BLOCK[ec][ver];
}

// GF(256) with the QR polynomial x^8 + x^4 + x^3 + x^2 + 1.
const EXP = new Uint8Array(512);
const LOG = new Uint8Array(256);
for (let i = 0, x = 1; i < 255; i++) {
  EXP[i] = x;
  LOG[x] = i;
  x = (x << 1) ^ (x & 0x80 ? 0x11d : 0);
}
for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255];
const gmul = (a, b) => (a === 0 || b === 0 ? 0 : EXP[LOG[a] + LOG[b]]);
const gdiv = (a, b) => (a === 0 ? 0 : EXP[(LOG[a] + 255 - LOG[b]) % 255]);
/** p(x) at x, coefficients lowest degree first. */
const evalLow = (p, x) => {
  let y = 0;
  for (let i = p.length - 1; i >= 0; i--) y = gmul(y, x) ^ p[i];
  return y;
};

/**
 * Corrects one Reed-Solomon block in place (codewords highest degree first, the last `ecLen`
 * the error correction; generator roots α^0 … α^(ecLen-1), as the standard's). Returns false when
 * the errors are more than it can correct.
 * @param {Uint8Array} block
 * @param {number} ecLen
 */
export function correctBlock(block, ecLen) {
  const n = block.length;
  const syndromes = (out) => {
    let clean = true;
    for (let j = 0; j < ecLen; j++) {
      let s = 0;
      const a = EXP[j % 255];
      for (let i = 0; i < n; i++) s = gmul(s, a) ^ block[i];
      out[j] = s;
      if (s) clean = false;
    }
    return clean;
  };
  const S = new Uint8Array(ecLen);
  if (syndromes(S)) return true;
  // Berlekamp-Massey: the error locator Λ (lowest degree first).
  let C = [1];
  let B = [1];
  let L = 0;
  let m = 1;
  let b = 1;
  for (let k = 0; k < ecLen; k++) {
    let d = S[k];
    for (let i = 1; i <= L; i++) d ^= gmul(C[i] ?? 0, S[k - i]);
    if (d === 0) {
      m++;
      continue;
    }
    const coef = gdiv(d, b);
    const next = C.slice();
    for (let i = 0; i < B.length; i++) {
      while (next.length <= i + m) next.push(0);
      next[i + m] ^= gmul(coef, B[i]);
    }
    if (2 * L <= k) {
      B = C;
      L = k + 1 - L;
      b = d;
      m = 1;
    } else m++;
    C = next;
  }
  if (2 * L > ecLen) return false;
  // Chien search: the error at power p when Λ(α^-p) = 0.
  const positions = [];
  for (let p = 0; p < n; p++) if (evalLow(C, EXP[(255 - p) % 255]) === 0) positions.push(p);
  if (positions.length !== L) return false;
  // Forney (first root α^0): e = X Ω(X^-1) / Λ'(X^-1), Ω = S Λ mod x^ecLen.
  const omega = new Uint8Array(ecLen);
  for (let i = 0; i < ecLen; i++) for (let j = 0; j <= i && j < C.length; j++) omega[i] ^= gmul(C[j], S[i - j]);
  const deriv = C.map((c, i) => (i % 2 === 1 ? c : 0)).slice(1);
  for (const p of positions) {
    const xInv = EXP[(255 - p) % 255];
    const den = evalLow(deriv, xInv);
    if (den === 0) return false;
    block[n - 1 - p] ^= gmul(EXP[p % 255], gdiv(evalLow(omega, xInv), den));
  }
  return syndromes(S);
}

/** BCH(15,5) format bits of level bits `ec` and `mask`, masked with 101010000010010. */
const formatCode = (ec, mask) => {
  const data = (ec << 3) | mask;
  let rem = data;
  for (let i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >>> 9) * 0x537);
  return ((data << 10) | rem) ^ 0x5412;
};
const FORMAT_CODES = Array.from({ length: 32 }, (_, i) => formatCode(i >> 3, i & 7));
const popcount = (v) => {
  let n = 0;
  for (; v; v &= v - 1) n++;
  return n;
};

/** The level bits and mask of a grid: the format code nearest to either copy (3 errors at most). */
function readFormat(bit, size) {
  let a = 0;
  let c = 0;
  const at = (i, x, y) => bit(x, y) << i;
  for (let i = 0; i <= 5; i++) a |= at(i, 8, i);
  a |= at(6, 8, 7) | at(7, 8, 8) | at(8, 7, 8);
  for (let i = 9; i < 15; i++) a |= at(i, 14 - i, 8);
  for (let i = 0; i < 8; i++) c |= at(i, size - 1 - i, 8);
  for (let i = 8; i < 15; i++) c |= at(i, 8, size - 15 + i);
  let best = null;
  for (let i = 0; i < 32; i++) {
    const d = Math.min(popcount(a ^ FORMAT_CODES[i]), popcount(c ^ FORMAT_CODES[i]));
    if (!best || d < best.d) best = { d, ec: i >> 3, mask: i & 7 };
  }
  return best.d <= 3 ? best : null;
}

/** Bits of the segment's character count, by mode, for versions 1-9, 10-26, 27-40. */
const COUNT_BITS = { 1: [10, 12, 14], 2: [9, 11, 13], 4: [8, 16, 16], 8: [8, 10, 12] };
const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

/** The bytes of the data codewords' segments (numeric and alphanumeric as ASCII). */
function readSegments(data, ver) {
  let pos = 0;
  const total = data.length * 8;
  const read = (n) => {
    if (pos + n > total) throw new RangeError('truncated segment');
    let v = 0;
    for (let i = 0; i < n; i++, pos++) v = (v << 1) | ((data[pos >>> 3] >>> (7 - (pos & 7))) & 1);
    return v;
  };
  const group = ver <= 9 ? 0 : ver <= 26 ? 1 : 2;
  const out = [];
  const ascii = (s) => {
    for (const ch of s) out.push(ch.charCodeAt(0));
  };
  while (total - pos >= 4) {
    const mode = read(4);
    if (mode === 0) break;
    if (mode === 7) {
      // ECI: 1, 2 or 3 bytes of designator; the bytes are read as UTF-8 below either way.
      const first = read(8);
      if ((first & 0xc0) === 0x80) read(8);
      else if ((first & 0xe0) === 0xc0) read(16);
      continue;
    }
    if (mode === 3) {
      read(16); // structured append: the symbol's place in a sequence (one symbol is read alone)
      continue;
    }
    if (mode === 5) continue; // FNC1, first position
    if (mode === 9) {
      read(8); // FNC1, second position: application indicator
      continue;
    }
    const bits = COUNT_BITS[mode];
    if (!bits || mode === 8) throw new RangeError(`unsupported segment mode ${mode}`);
    let count = read(bits[group]);
    if (mode === 1) {
      for (; count >= 3; count -= 3) {
        const v = read(10);
        if (v > 999) throw new RangeError('bad numeric segment');
        ascii(String(v).padStart(3, '0'));
      }
      if (count === 2) {
        const v = read(7);
        if (v > 99) throw new RangeError('bad numeric segment');
        ascii(String(v).padStart(2, '0'));
      } else if (count === 1) {
        const v = read(4);
        if (v > 9) throw new RangeError('bad numeric segment');
        ascii(String(v));
      }
    } else if (mode === 2) {
      for (; count >= 2; count -= 2) {
        const v = read(11);
        if (v >= 45 * 45) throw new RangeError('bad alphanumeric segment');
        ascii(ALNUM[Math.floor(v / 45)] + ALNUM[v % 45]);
      }
      if (count === 1) {
        const v = read(6);
        if (v >= 45) throw new RangeError('bad alphanumeric segment');
        ascii(ALNUM[v]);
      }
    } else for (; count > 0; count--) out.push(read(8));
  }
  return new Uint8Array(out);
}

/**
 * Decodes a QR code from its module grid: `bit(x, y)` is 1 for a dark module, 0 ≤ x, y < size.
 * Returns { text, version, level, mask } or throws a RangeError saying what failed.
 * @param {(x: number, y: number) => number} bit
 * @param {number} size
 */
export function decodeQrGrid(bit, size) {
  const ver = (size - 17) / 4;
  if (!Number.isInteger(ver) || ver < 1 || ver > 40) throw new RangeError(`no QR version has ${size} modules`);
  const format = readFormat(bit, size);
  if (!format) throw new RangeError('unreadable format information');
  const { ec, mask } = format;
  const fp = functionPatterns(ver);
  const bits = [];
  zigzag(fp, (x, y) => bits.push(bit(x, y) ^ (maskAt(mask, x, y) ? 1 : 0)));
  const total = bits.length >>> 3;
  const codewords = new Uint8Array(total);
  for (let i = 0; i < total * 8; i++) codewords[i >>> 3] |= bits[i] << (7 - (i & 7));
  const numBlocks = BLOCKS[ec][ver];
  const ecLen = EC_PER_BLOCK[ec][ver];
  const shortBlocks = numBlocks - (total % numBlocks);
  const shortLen = Math.floor(total / numBlocks);
  const blocks = Array.from({ length: numBlocks }, (_, j) => new Uint8Array(shortLen + (j < shortBlocks ? 0 : 1)));
  // De-interleave: data codewords column by column (short blocks have one less), then the
  // error correction codewords.
  let k = 0;
  for (let i = 0; i <= shortLen - ecLen; i++)
    for (let j = 0; j < numBlocks; j++) if (i < blocks[j].length - ecLen) blocks[j][i] = codewords[k++];
  for (let i = 0; i < ecLen; i++) for (const b of blocks) b[b.length - ecLen + i] = codewords[k++];
  const data = [];
  for (const b of blocks) {
    if (!correctBlock(b, ecLen)) throw new RangeError('too many errors to correct');
    for (let i = 0; i < b.length - ecLen; i++) data.push(b[i]);
  }
  const bytes = readSegments(data, ver);
  let text;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('latin1').decode(bytes);
  }
  return { text, version: ver, level: LEVELS[ec], mask };
}

// ---------------------------------------------------------------------------------------------
// Finding the grid in an image.

/**
 * Dark pixels of an RGBA image: darker than 95% of the mean of a window around them (a local
 * threshold, so uneven light does not matter), as one byte per pixel.
 */
function binarize({ data, width, height }) {
  const gray = new Uint8Array(width * height);
  for (let i = 0, p = 0; i < gray.length; i++, p += 4)
    gray[i] = (data[p] * 77 + data[p + 1] * 150 + data[p + 2] * 29) >>> 8;
  const W = width + 1;
  const sums = new Float64Array(W * (height + 1));
  for (let y = 0; y < height; y++) {
    let row = 0;
    for (let x = 0; x < width; x++) {
      row += gray[y * width + x];
      sums[(y + 1) * W + x + 1] = sums[y * W + x + 1] + row;
    }
  }
  const r = Math.max(8, Math.round(Math.min(width, height) / 16));
  const dark = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const y0 = Math.max(0, y - r);
    const y1 = Math.min(height, y + r + 1);
    for (let x = 0; x < width; x++) {
      const x0 = Math.max(0, x - r);
      const x1 = Math.min(width, x + r + 1);
      const sum = sums[y1 * W + x1] - sums[y0 * W + x1] - sums[y1 * W + x0] + sums[y0 * W + x0];
      const mean = sum / ((y1 - y0) * (x1 - x0));
      dark[y * width + x] = gray[y * width + x] < mean * 0.95 ? 1 : 0;
    }
  }
  return dark;
}

/** Whether five runs are in the finder's proportions 1:1:3:1:1 (half a module of tolerance). */
function finderRatio(c) {
  const total = c[0] + c[1] + c[2] + c[3] + c[4];
  if (total < 7) return false;
  const m = total / 7;
  const v = m / 2;
  return (
    Math.abs(m - c[0]) < v &&
    Math.abs(m - c[1]) < v &&
    Math.abs(3 * m - c[2]) < 3 * v &&
    Math.abs(m - c[3]) < v &&
    Math.abs(m - c[4]) < v
  );
}

/**
 * The centre of a finder along one line through `start` (inside its centre square), or null:
 * `at(i)` is the pixel at position i of the line, `len` its length, `max` the longest run allowed,
 * `expectedTotal` the pattern's width across.
 */
function crossCheck(at, start, len, max, expectedTotal) {
  const c = [0, 0, 0, 0, 0];
  let i = start;
  for (; i >= 0 && at(i); i--) c[2]++;
  for (; i >= 0 && !at(i) && c[1] <= max; i--) c[1]++;
  for (; i >= 0 && at(i) && c[0] <= max; i--) c[0]++;
  if (c[1] > max || c[0] > max || c[0] === 0 || c[1] === 0) return null;
  for (i = start + 1; i < len && at(i); i++) c[2]++;
  for (; i < len && !at(i) && c[3] <= max; i++) c[3]++;
  for (; i < len && at(i) && c[4] <= max; i++) c[4]++;
  if (c[3] > max || c[4] > max || c[3] === 0 || c[4] === 0) return null;
  const total = c[0] + c[1] + c[2] + c[3] + c[4];
  if (5 * Math.abs(total - expectedTotal) >= 2 * expectedTotal || !finderRatio(c)) return null;
  return { center: i - c[4] - c[3] - c[2] / 2, total };
}

/** Finder pattern candidates: { x, y, module, count } (count: rows that confirmed it). */
function findFinders(dark, width, height) {
  const found = [];
  const px = (x, y) => dark[y * width + x];
  const confirm = (c, endX, y) => {
    const total = c[0] + c[1] + c[2] + c[3] + c[4];
    const cx = Math.floor(endX - c[4] - c[3] - c[2] / 2);
    const v = crossCheck((i) => px(cx, i), y, height, c[2], total);
    if (!v) return;
    const cy = Math.floor(v.center);
    const hz = crossCheck((i) => px(i, cy), cx, width, c[2], total);
    if (!hz) return;
    const x = hz.center;
    const y2 = v.center;
    const module = (hz.total + v.total) / 14;
    const near = found.find(
      (f) =>
        Math.abs(f.x - x) <= f.module * 2 &&
        Math.abs(f.y - y2) <= f.module * 2 &&
        Math.abs(f.module - module) <= Math.max(1, f.module / 2),
    );
    if (near) {
      const n = near.count;
      near.x = (near.x * n + x) / (n + 1);
      near.y = (near.y * n + y2) / (n + 1);
      near.module = (near.module * n + module) / (n + 1);
      near.count++;
    } else found.push({ x, y: y2, module, count: 1 });
  };
  for (let y = 0; y < height; y++) {
    const c = [0, 0, 0, 0, 0];
    let state = 0;
    for (let x = 0; x <= width; x++) {
      const d = x < width ? px(x, y) : 0;
      if (d === (state % 2 === 0 ? 1 : 0)) {
        c[state]++;
        continue;
      }
      if (state % 2 === 0 && state < 4) {
        if (state === 0 && c[0] === 0) continue; // light before the first dark run
        state++;
        c[state]++;
      } else if (state === 4) {
        if (finderRatio(c)) confirm(c, x, y);
        // Keep the last two runs as the first two of the next candidate.
        c[0] = c[2];
        c[1] = c[3];
        c[2] = c[4];
        c[3] = 1;
        c[4] = 0;
        state = 3;
      } else {
        state++;
        c[state]++;
      }
    }
  }
  return found;
}

/** The three finders of one code, as top-left, top-right, bottom-left; null if none fits. */
function pickFinders(found) {
  const list = found
    .filter((f) => f.count >= 2)
    .sort((a, b) => b.count - a.count)
    .slice(0, 10);
  const dist = (a, b) => Math.hypot(a.x - b.x, a.y - b.y);
  let best = null;
  for (let i = 0; i < list.length; i++)
    for (let j = i + 1; j < list.length; j++)
      for (let k = j + 1; k < list.length; k++) {
        const t = [list[i], list[j], list[k]];
        const sizes = t.map((f) => f.module);
        const spread = (Math.max(...sizes) - Math.min(...sizes)) / Math.min(...sizes);
        if (spread > 0.5) continue;
        // The corner is opposite the longest side; the other two sides are equal, at right angles.
        const d = [dist(t[1], t[2]), dist(t[0], t[2]), dist(t[0], t[1])];
        const c = d.indexOf(Math.max(...d));
        const tl = t[c];
        let [tr, bl] = t.filter((_, n) => n !== c);
        const a = dist(tl, tr);
        const b = dist(tl, bl);
        if (Math.min(a, b) < 7 * tl.module) continue;
        // A code seen at an angle has unequal sides; not a right angle only within reason.
        const sides = Math.abs(a - b) / Math.max(a, b);
        const angle = Math.abs(Math.hypot(a, b) - d[c]) / d[c];
        if (sides > 0.5 || angle > 0.2) continue;
        const score = sides + angle + spread;
        // In image coordinates (y down) the turn from top-right to bottom-left is clockwise.
        if ((tr.x - tl.x) * (bl.y - tl.y) - (tr.y - tl.y) * (bl.x - tl.x) < 0) [tr, bl] = [bl, tr];
        if (!best || score < best.score) best = { score, tl, tr, bl };
      }
  return best;
}

/** The homography that maps four (u, v) points to four (x, y) points: (u, v) -> [x, y]. */
function homography(from, to) {
  const A = [];
  for (let i = 0; i < 4; i++) {
    const [u, v] = from[i];
    const [x, y] = to[i];
    A.push([u, v, 1, 0, 0, 0, -u * x, -v * x, x]);
    A.push([0, 0, 0, u, v, 1, -u * y, -v * y, y]);
  }
  for (let c = 0; c < 8; c++) {
    let p = c;
    for (let r = c + 1; r < 8; r++) if (Math.abs(A[r][c]) > Math.abs(A[p][c])) p = r;
    if (Math.abs(A[p][c]) < 1e-12) return null;
    [A[c], A[p]] = [A[p], A[c]];
    for (let r = 0; r < 8; r++) {
      if (r === c) continue;
      const f = A[r][c] / A[c][c];
      for (let k = c; k < 9; k++) A[r][k] -= f * A[c][k];
    }
  }
  const hm = A.map((row, i) => row[8] / row[i]);
  return (u, v) => {
    const w = hm[6] * u + hm[7] * v + 1;
    return [(hm[0] * u + hm[1] * v + hm[2]) / w, (hm[3] * u + hm[4] * v + hm[5]) / w];
  };
}

/**
 * The bottom-right alignment pattern near its estimated place (module grid `map`), found as the
 * spot whose samples one module around are light and two modules around dark; the search widens
 * (4, 8, then 16 modules: in perspective the estimate is off); null if none.
 */
function findAlignment(dark, width, height, map, size, module) {
  const [ex, ey] = map(size - 6.5, size - 6.5);
  const [ux, uy] = map(size - 5.5, size - 6.5);
  const [vx, vy] = map(size - 6.5, size - 5.5);
  const du = [ux - ex, uy - ey];
  const dv = [vx - ex, vy - ey];
  const px = (x, y) => {
    const xi = Math.round(x);
    const yi = Math.round(y);
    return xi >= 0 && yi >= 0 && xi < width && yi < height ? dark[yi * width + xi] : 0;
  };
  const score = (x, y) => {
    let n = 0;
    for (let a = -2; a <= 2; a++)
      for (let b = -2; b <= 2; b++) {
        const ring = Math.max(Math.abs(a), Math.abs(b));
        if (ring === 0) continue;
        const d = px(x + a * du[0] + b * dv[0], y + a * du[1] + b * dv[1]);
        if ((ring === 1 && !d) || (ring === 2 && d)) n++;
      }
    return n;
  };
  for (const modules of [4, 8, 16]) {
    const reach = Math.ceil(module * modules);
    let hits = [];
    let best = 22; // of 24 samples
    for (let oy = -reach; oy <= reach; oy++)
      for (let ox = -reach; ox <= reach; ox++) {
        const x = ex + ox;
        const y = ey + oy;
        if (!px(x, y)) continue;
        const s = score(x, y);
        if (s > best) {
          best = s;
          hits = [[x, y]];
        } else if (s === best) hits.push([x, y]);
      }
    if (hits.length) {
      const n = hits.length;
      return [hits.reduce((s, p) => s + p[0], 0) / n, hits.reduce((s, p) => s + p[1], 0) / n];
    }
  }
  return null;
}

/**
 * Decodes the QR code in an image (RGBA pixels, as ImageData), or returns null when no code is
 * found or none decodes.
 * @param {{ data: Uint8ClampedArray | Uint8Array, width: number, height: number }} image
 * @returns {string | null}
 */
export function decodeQrImage(image) {
  const { width, height } = image;
  const dark = binarize(image);
  const f = pickFinders(findFinders(dark, width, height));
  if (!f) return null;
  const module = (f.tl.module + f.tr.module + f.bl.module) / 3;
  const side = (Math.hypot(f.tr.x - f.tl.x, f.tr.y - f.tl.y) + Math.hypot(f.bl.x - f.tl.x, f.bl.y - f.tl.y)) / 2;
  const estimate = Math.round((side / module + 7 - 17) / 4) * 4 + 17;
  for (const size of [estimate, estimate + 4, estimate - 4]) {
    if (size < 21 || size > 177) continue;
    const far = [f.tr.x + f.bl.x - f.tl.x, f.tr.y + f.bl.y - f.tl.y];
    const corners = [
      [3.5, 3.5],
      [size - 3.5, 3.5],
      [3.5, size - 3.5],
    ];
    const points = [
      [f.tl.x, f.tl.y],
      [f.tr.x, f.tr.y],
      [f.bl.x, f.bl.y],
    ];
    const affine = homography([...corners, [size - 3.5, size - 3.5]], [...points, far]);
    if (!affine) continue;
    const maps = [];
    const al = size > 21 ? findAlignment(dark, width, height, affine, size, module) : null;
    if (al) {
      const persp = homography([...corners, [size - 6.5, size - 6.5]], [...points, al]);
      if (persp) maps.push(persp);
    }
    maps.push(affine);
    for (const map of maps) {
      const grid = new Uint8Array(size * size);
      for (let y = 0; y < size; y++)
        for (let x = 0; x < size; x++) {
          const [sx, sy] = map(x + 0.5, y + 0.5);
          const xi = Math.floor(sx);
          const yi = Math.floor(sy);
          grid[y * size + x] = xi >= 0 && yi >= 0 && xi < width && yi < height ? dark[yi * width + xi] : 0;
        }
      // The grid as seen, then mirrored (a code seen from behind, or a mirrored camera).
      for (const bit of [(x, y) => grid[y * size + x], (x, y) => grid[x * size + y]]) {
        try {
          return decodeQrGrid(bit, size).text;
        } catch {
          // another grid size, mapping or orientation
        }
      }
    }
  }
  return null;
}
