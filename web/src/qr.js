// QR Code encoder (ISO/IEC 18004), byte mode, error correction level M, versions 1 to 40, mask
// chosen by the standard's penalty rules. Enough for the consent codes a patient shows a
// clinician; no dependency. encodeQr(bytes) -> { size, version, mask, dark(x, y) }.

// Error correction codewords per block and number of blocks, level M, by version (index 0 unused).
const EC_PER_BLOCK_M = [
  -1, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28, 28, 28, 28, 28,
  28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28,
];
const BLOCKS_M = [
  -1, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33,
  35, 37, 38, 40, 43, 45, 47, 49,
];
const FORMAT_BITS_M = 0; // level M is 00 in the format information

/** Modules available for data and error correction in a version (after function patterns). */
function rawDataModules(ver) {
  let result = (16 * ver + 128) * ver + 64;
  if (ver >= 2) {
    const numAlign = Math.floor(ver / 7) + 2;
    result -= (25 * numAlign - 10) * numAlign - 55;
    if (ver >= 7) result -= 36;
  }
  return result;
}

/** Data codewords of a version at level M. */
export const dataCodewords = (ver) => Math.floor(rawDataModules(ver) / 8) - EC_PER_BLOCK_M[ver] * BLOCKS_M[ver];

/** Bytes a version holds in byte mode at level M. */
export const byteCapacity = (ver) => Math.floor((dataCodewords(ver) * 8 - 4 - (ver < 10 ? 8 : 16)) / 8);

// GF(256) with the QR polynomial x^8 + x^4 + x^3 + x^2 + 1.
const EXP = new Uint8Array(512);
const LOG = new Uint8Array(256);
for (let i = 0, x = 1; i < 255; i++) {
  EXP[i] = x;
  LOG[x] = i;
  x <<= 1;
  if (x & 0x100) x ^= 0x11d;
}
for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255];
const mul = (a, b) => (a === 0 || b === 0 ? 0 : EXP[LOG[a] + LOG[b]]);

/** Reed-Solomon generator polynomial of `degree` (coefficients, highest first, leading 1 dropped). */
function rsGenerator(degree) {
  const g = new Uint8Array(degree);
  g[degree - 1] = 1;
  let root = 1;
  for (let i = 0; i < degree; i++) {
    for (let j = 0; j < degree; j++) {
      g[j] = mul(g[j], root);
      if (j + 1 < degree) g[j] ^= g[j + 1];
    }
    root = mul(root, 2);
  }
  return g;
}

/** The error correction codewords of `data`. */
export function rsRemainder(data, degree) {
  const gen = rsGenerator(degree);
  const r = new Uint8Array(degree);
  for (const b of data) {
    const factor = b ^ r[0];
    r.copyWithin(0, 1);
    r[degree - 1] = 0;
    for (let i = 0; i < degree; i++) r[i] ^= mul(gen[i], factor);
  }
  return r;
}

/** Alignment pattern centres of a version. */
function alignmentPositions(ver) {
  if (ver === 1) return [];
  const num = Math.floor(ver / 7) + 2;
  const step = ver === 32 ? 26 : Math.ceil((ver * 4 + 4) / (num * 2 - 2)) * 2;
  const out = [6];
  for (let pos = ver * 4 + 10; out.length < num; pos -= step) out.splice(1, 0, pos);
  return out;
}

/** BCH(15,5) format bits of level M and `mask`, masked with 101010000010010. */
export function formatBits(mask) {
  const data = (FORMAT_BITS_M << 3) | mask;
  let rem = data;
  for (let i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >>> 9) * 0x537);
  return ((data << 10) | rem) ^ 0x5412;
}

/** BCH(18,6) version bits (versions 7 and up). */
function versionBits(ver) {
  let rem = ver;
  for (let i = 0; i < 12; i++) rem = (rem << 1) ^ ((rem >>> 11) * 0x1f25);
  return (ver << 12) | rem;
}

const MASKS = [
  (x, y) => (x + y) % 2 === 0,
  (x, y) => y % 2 === 0,
  (x) => x % 3 === 0,
  (x, y) => (x + y) % 3 === 0,
  (x, y) => (Math.floor(x / 3) + Math.floor(y / 2)) % 2 === 0,
  (x, y) => ((x * y) % 2) + ((x * y) % 3) === 0,
  (x, y) => (((x * y) % 2) + ((x * y) % 3)) % 2 === 0,
  (x, y) => (((x + y) % 2) + ((x * y) % 3)) % 2 === 0,
];
export const maskAt = (mask, x, y) => MASKS[mask](x, y);

/** The matrix of function patterns (finders, timing, alignment, format/version areas) of a version. */
export function functionPatterns(ver) {
  const size = ver * 4 + 17;
  const dark = new Uint8Array(size * size);
  const fn = new Uint8Array(size * size);
  const set = (x, y, d) => {
    if (x < 0 || y < 0 || x >= size || y >= size) return;
    dark[y * size + x] = d ? 1 : 0;
    fn[y * size + x] = 1;
  };
  for (let i = 0; i < size; i++) {
    set(6, i, i % 2 === 0);
    set(i, 6, i % 2 === 0);
  }
  const finder = (cx, cy) => {
    for (let dy = -4; dy <= 4; dy++) {
      for (let dx = -4; dx <= 4; dx++) {
        const d = Math.max(Math.abs(dx), Math.abs(dy));
        set(cx + dx, cy + dy, d !== 2 && d !== 4);
      }
    }
  };
  finder(3, 3);
  finder(size - 4, 3);
  finder(3, size - 4);
  const align = alignmentPositions(ver);
  for (let i = 0; i < align.length; i++) {
    for (let j = 0; j < align.length; j++) {
      if ((i === 0 && j === 0) || (i === 0 && j === align.length - 1) || (i === align.length - 1 && j === 0)) continue;
      for (let dy = -2; dy <= 2; dy++)
        for (let dx = -2; dx <= 2; dx++) set(align[i] + dx, align[j] + dy, Math.max(Math.abs(dx), Math.abs(dy)) !== 1);
    }
  }
  // Format areas (filled in per mask; the timing modules at (8, 6) and (6, 8) stay) and the
  // dark module.
  for (let i = 0; i < 9; i++) {
    if (i !== 6) {
      set(8, i, false);
      set(i, 8, false);
    }
  }
  for (let i = 0; i < 8; i++) {
    set(size - 1 - i, 8, false);
    set(8, size - 1 - i, false);
  }
  set(8, size - 8, true);
  if (ver >= 7) {
    const bits = versionBits(ver);
    for (let i = 0; i < 18; i++) {
      const b = ((bits >>> i) & 1) === 1;
      const a = size - 11 + (i % 3);
      const c = Math.floor(i / 3);
      set(a, c, b);
      set(c, a, b);
    }
  }
  return { size, dark, fn };
}

/** Writes the 15 format bits of `mask` into both copies. */
export function drawFormat(m, mask) {
  const { size, dark } = m;
  const bits = formatBits(mask);
  const bit = (i) => (bits >>> i) & 1;
  for (let i = 0; i <= 5; i++) dark[i * size + 8] = bit(i);
  dark[7 * size + 8] = bit(6);
  dark[8 * size + 8] = bit(7);
  dark[8 * size + 7] = bit(8);
  for (let i = 9; i < 15; i++) dark[8 * size + (14 - i)] = bit(i);
  for (let i = 0; i < 8; i++) dark[8 * size + (size - 1 - i)] = bit(i);
  for (let i = 8; i < 15; i++) dark[(size - 15 + i) * size + 8] = bit(i);
  dark[(size - 8) * size + 8] = 1;
}

/** Visits the data modules in the standard zigzag order: fn(x, y) for each. */
export function zigzag(m, fn) {
  const { size } = m;
  for (let right = size - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5;
    for (let vert = 0; vert < size; vert++) {
      for (let j = 0; j < 2; j++) {
        const x = right - j;
        const upward = ((right + 1) & 2) === 0;
        const y = upward ? size - 1 - vert : vert;
        if (!m.fn[y * size + x]) fn(x, y);
      }
    }
  }
}

/** Data codewords (padded) of `bytes` in byte mode for `ver`. */
function dataFor(bytes, ver) {
  const bits = [];
  const put = (v, n) => {
    for (let i = n - 1; i >= 0; i--) bits.push((v >>> i) & 1);
  };
  put(0b0100, 4);
  put(bytes.length, ver < 10 ? 8 : 16);
  for (const b of bytes) put(b, 8);
  const cap = dataCodewords(ver) * 8;
  put(0, Math.min(4, cap - bits.length));
  while (bits.length % 8) bits.push(0);
  const out = [];
  for (let i = 0; i < bits.length; i += 8) out.push(bits.slice(i, i + 8).reduce((a, b) => (a << 1) | b, 0));
  for (let pad = 0xec; out.length < dataCodewords(ver); pad ^= 0xec ^ 0x11) out.push(pad);
  return out;
}

/** Splits data codewords into blocks, adds error correction, and interleaves. */
function withErrorCorrection(data, ver) {
  const numBlocks = BLOCKS_M[ver];
  const ecLen = EC_PER_BLOCK_M[ver];
  const raw = Math.floor(rawDataModules(ver) / 8);
  const shortBlocks = numBlocks - (raw % numBlocks);
  const shortLen = Math.floor(raw / numBlocks);
  const blocks = [];
  for (let i = 0, k = 0; i < numBlocks; i++) {
    const len = shortLen - ecLen + (i < shortBlocks ? 0 : 1);
    const d = data.slice(k, k + len);
    k += len;
    blocks.push({ d, ec: rsRemainder(d, ecLen) });
  }
  const out = [];
  for (let i = 0; i <= shortLen - ecLen; i++) for (const b of blocks) if (i < b.d.length) out.push(b.d[i]);
  for (let i = 0; i < ecLen; i++) for (const b of blocks) out.push(b.ec[i]);
  return out;
}

/** The standard's penalty score of a finished matrix (lower is better). */
function penalty({ size, dark }) {
  const at = (x, y) => dark[y * size + x];
  let score = 0;
  for (let pass = 0; pass < 2; pass++) {
    for (let a = 0; a < size; a++) {
      let run = 1;
      const line = [];
      for (let b = 0; b < size; b++) line.push(pass === 0 ? at(b, a) : at(a, b));
      for (let b = 1; b <= size; b++) {
        if (b < size && line[b] === line[b - 1]) run++;
        else {
          if (run >= 5) score += run - 2;
          run = 1;
        }
      }
      // Finder-like 1:1:3:1:1 with four light modules on one side.
      for (let b = 0; b + 11 <= size; b++) {
        const s = line.slice(b, b + 11).join('');
        if (s === '10111010000' || s === '00001011101') score += 40;
      }
    }
  }
  for (let y = 0; y + 1 < size; y++) {
    for (let x = 0; x + 1 < size; x++) {
      const c = at(x, y);
      if (c === at(x + 1, y) && c === at(x, y + 1) && c === at(x + 1, y + 1)) score += 3;
    }
  }
  let darkCount = 0;
  for (const d of dark) darkCount += d;
  const k = Math.ceil(Math.abs(darkCount * 20 - size * size * 10) / (size * size)) - 1;
  score += Math.max(0, k) * 10;
  return score;
}

/**
 * Encodes bytes (or a string, as UTF-8) into the smallest version that holds them.
 * @param {Uint8Array | string} input
 * @returns {{ size: number, version: number, mask: number, dark: (x: number, y: number) => boolean, modules: Uint8Array }}
 */
export function encodeQr(input) {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  let ver = 1;
  while (ver <= 40 && byteCapacity(ver) < bytes.length) ver++;
  if (ver > 40)
    throw new RangeError(`${bytes.length} bytes do not fit in a QR code (at most ${byteCapacity(40)} at level M)`);
  const codewords = withErrorCorrection(dataFor(bytes, ver), ver);
  const base = functionPatterns(ver);
  // Place the bits once (unmasked), then try each mask.
  const placed = new Uint8Array(base.dark);
  let i = 0;
  zigzag(base, (x, y) => {
    const bit = i < codewords.length * 8 ? (codewords[i >>> 3] >>> (7 - (i & 7))) & 1 : 0;
    placed[y * base.size + x] = bit;
    i++;
  });
  let best = null;
  for (let mask = 0; mask < 8; mask++) {
    const m = { size: base.size, fn: base.fn, dark: new Uint8Array(placed) };
    zigzag(m, (x, y) => {
      if (maskAt(mask, x, y)) m.dark[y * m.size + x] ^= 1;
    });
    drawFormat(m, mask);
    const p = penalty(m);
    if (!best || p < best.p) best = { p, m, mask };
  }
  const { m, mask } = best;
  return { size: m.size, version: ver, mask, modules: m.dark, dark: (x, y) => m.dark[y * m.size + x] === 1 };
}

/** An SVG path ("M x y h1 v1 h-1 z" per dark module) of a code with a 4-module quiet zone. */
export function qrPath(code) {
  let d = '';
  for (let y = 0; y < code.size; y++)
    for (let x = 0; x < code.size; x++) if (code.dark(x, y)) d += `M${x + 4} ${y + 4}h1v1h-1z`;
  return d;
}
