// Byte and text encodings shared by the health modules: base64url / base64, UTF-8, canonical JSON
// (RFC 8785 for the values JSON.parse produces), SHA-256 and raw DEFLATE (RFC 1951, no zlib
// header) through CompressionStream / DecompressionStream with an output limit against zip bombs.
import { HealthError } from './errors.js';

const utf8Enc = new TextEncoder();
const utf8Dec = new TextDecoder('utf-8', { fatal: true });

/** @param {string} s @returns {Uint8Array} */
export const utf8 = (s) => utf8Enc.encode(s);

/**
 * Strict UTF-8 decoding.
 * @param {Uint8Array} b
 * @param {string} code error code when the bytes are not UTF-8
 * @returns {string}
 */
export function text(b, code) {
  try {
    return utf8Dec.decode(b);
  } catch {
    throw new HealthError(code, 'not valid UTF-8');
  }
}

const B64URL = /^[A-Za-z0-9_-]*$/;
const B64 = /^[A-Za-z0-9+/]*={0,2}$/;
const ALPHA = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const VAL = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) VAL[ALPHA.charCodeAt(i)] = i;
VAL['+'.charCodeAt(0)] = 62;
VAL['/'.charCodeAt(0)] = 63;

/**
 * Decodes base64url without padding (RFC 7515 §2). Rejects other characters and impossible lengths.
 * @param {string} s
 * @param {string} code error code
 * @param {string} [what] what is decoded, for the message
 * @returns {Uint8Array}
 */
export function b64urlDecode(s, code, what = 'value') {
  if (typeof s !== 'string' || !B64URL.test(s) || s.length % 4 === 1) {
    throw new HealthError(code, `${what} is not base64url`);
  }
  const out = decodeChars(s);
  // Canonical only: the unused low bits of the last character must be zero (no two encodings of
  // the same bytes, so a signature or ciphertext cannot be altered without changing its bytes).
  const rem = s.length % 4;
  if (rem && VAL[s.charCodeAt(s.length - 1)] & (rem === 2 ? 0x0f : 0x03)) {
    throw new HealthError(code, `${what} is not canonical base64url`);
  }
  return out;
}

/**
 * Decodes standard base64 (with optional padding), as X.509 `x5c` entries use.
 * @param {string} s
 * @param {string} code
 * @returns {Uint8Array}
 */
export function b64Decode(s, code) {
  if (typeof s !== 'string' || !B64.test(s) || s.length % 4 === 1) throw new HealthError(code, 'not base64');
  return decodeChars(s.replace(/=+$/, ''));
}

/** @param {string} s @returns {Uint8Array} */
function decodeChars(s) {
  const out = new Uint8Array(Math.floor((s.length * 3) / 4));
  let acc = 0;
  let bits = 0;
  let j = 0;
  for (let i = 0; i < s.length; i++) {
    acc = (acc << 6) | VAL[s.charCodeAt(i)];
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[j++] = (acc >> bits) & 0xff;
    }
    acc &= 0xff;
  }
  return out;
}

/**
 * base64url without padding.
 * @param {Uint8Array | string} input bytes, or a string taken as UTF-8
 * @returns {string}
 */
export function b64urlEncode(input) {
  const b = typeof input === 'string' ? utf8(input) : input;
  let out = '';
  let i = 0;
  for (; i + 2 < b.length; i += 3) {
    const n = (b[i] << 16) | (b[i + 1] << 8) | b[i + 2];
    out += ALPHA[n >> 18] + ALPHA[(n >> 12) & 63] + ALPHA[(n >> 6) & 63] + ALPHA[n & 63];
  }
  if (b.length - i === 1) out += ALPHA[b[i] >> 2] + ALPHA[(b[i] & 3) << 4];
  else if (b.length - i === 2) {
    const n = (b[i] << 8) | b[i + 1];
    out += ALPHA[n >> 10] + ALPHA[(n >> 4) & 63] + ALPHA[(n & 15) << 2];
  }
  return out;
}

/** @param {Uint8Array} b @returns {string} */
export const hex = (b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

/**
 * SHA-256 with WebCrypto.
 * @param {Uint8Array | string} data bytes, or a string taken as UTF-8
 * @returns {Promise<Uint8Array>}
 */
export async function sha256(data) {
  const b = typeof data === 'string' ? utf8(data) : data;
  return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', b));
}

/**
 * Canonical JSON (RFC 8785 JCS for JSON.parse output: object keys sorted by UTF-16 code units,
 * ECMAScript number and string serialization, no whitespace). Depth is limited so hostile input
 * cannot overflow the stack.
 * @param {unknown} value
 * @param {number} [maxDepth]
 * @returns {string}
 */
export function canonicalJson(value, maxDepth = 200) {
  const go = (v, depth) => {
    if (depth > maxDepth) throw new HealthError('FHIR_TOO_DEEP', `JSON nested deeper than ${maxDepth}`);
    if (v === null || typeof v !== 'object') {
      const s = JSON.stringify(v);
      return s === undefined ? 'null' : s;
    }
    if (Array.isArray(v)) return `[${v.map((x) => go(x, depth + 1)).join(',')}]`;
    const keys = Object.keys(v)
      .filter((k) => v[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${go(v[k], depth + 1)}`).join(',')}}`;
  };
  return go(value, 0);
}

/**
 * Throws HealthError(code) if `value` nests arrays/objects deeper than `max` (checked without
 * recursion, so hostile input cannot overflow the stack before the limit is seen).
 * @param {unknown} value
 * @param {number} max
 * @param {string} [code]
 */
export function checkDepth(value, max, code = 'FHIR_TOO_DEEP') {
  const stack = [[value, 0]];
  while (stack.length) {
    const [v, d] = /** @type {[any, number]} */ (stack.pop());
    if (v === null || typeof v !== 'object') continue;
    if (d > max) throw new HealthError(code, `JSON nested deeper than ${max}`);
    for (const k in v) if (v[k] !== null && typeof v[k] === 'object') stack.push([v[k], d + 1]);
  }
}

/**
 * Parses JSON text; a syntax error becomes HealthError(code).
 * @param {string} s
 * @param {string} code
 * @param {string} [what]
 * @returns {any}
 */
export function parseJson(s, code, what = 'value') {
  try {
    return JSON.parse(s);
  } catch {
    throw new HealthError(code, `${what} is not valid JSON`);
  }
}

/** @param {unknown} v @returns {v is Record<string, any>} */
export const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Pipes `bytes` through a (De)CompressionStream, stopping once the output exceeds `maxBytes`.
 * @param {ReadableWritablePair<Uint8Array, Uint8Array>} transform
 * @param {Uint8Array} bytes
 * @param {number} maxBytes
 * @param {string} prefix error-code prefix ('SHC', 'JWE')
 * @returns {Promise<Uint8Array>}
 */
async function pipe(transform, bytes, maxBytes, prefix) {
  const reader = new Blob([bytes]).stream().pipeThrough(transform).getReader();
  const chunks = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > maxBytes) {
        reader.cancel().catch(() => {});
        throw new HealthError(`${prefix}_TOO_LARGE`, `inflated data exceeds ${maxBytes} bytes`);
      }
      chunks.push(value);
    }
  } catch (e) {
    if (e instanceof HealthError) throw e;
    throw new HealthError(`${prefix}_BAD_DEFLATE`, 'not valid raw DEFLATE data');
  }
  const out = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

/**
 * Raw DEFLATE inflate (RFC 1951) with an output limit.
 * @param {Uint8Array} bytes
 * @param {number} maxBytes
 * @param {string} prefix error-code prefix: `${prefix}_BAD_DEFLATE`, `${prefix}_TOO_LARGE`
 * @returns {Promise<Uint8Array>}
 */
export const inflateRaw = (bytes, maxBytes, prefix) =>
  pipe(new DecompressionStream('deflate-raw'), bytes, maxBytes, prefix);

/**
 * Raw DEFLATE compress.
 * @param {Uint8Array} bytes
 * @returns {Promise<Uint8Array>}
 */
export const deflateRaw = (bytes) => pipe(new CompressionStream('deflate-raw'), bytes, Infinity, 'DEFLATE');
