// Compact JWE as SMART Health Links use it: "alg": "dir", "enc": "A256GCM", a 32-byte key, a
// 12-byte IV, an empty encrypted-key segment, the ASCII protected-header segment as AAD, and
// optionally "zip": "DEF" (raw DEFLATE of the plaintext before encryption).
import { HealthError } from './errors.js';
import { b64urlDecode, b64urlEncode, deflateRaw, inflateRaw, isObject, parseJson, text, utf8 } from './codec.js';

/** Default limit on a decrypted (and inflated) plaintext: 16 MiB. */
export const MAX_PLAINTEXT = 16 * 1024 * 1024;

/**
 * @param {Uint8Array | string} key 32 bytes, or its 43-character base64url form
 * @returns {Uint8Array}
 */
function keyBytes(key) {
  const k = typeof key === 'string' ? b64urlDecode(key, 'JWE_BAD_KEY', 'key') : key;
  if (!(k instanceof Uint8Array) || k.length !== 32) throw new HealthError('JWE_BAD_KEY', 'key must be 32 bytes');
  return k;
}

/** @param {Uint8Array} k @param {KeyUsage} use @returns {Promise<CryptoKey>} */
const aesKey = (k, use) => globalThis.crypto.subtle.importKey('raw', k, { name: 'AES-GCM' }, false, [use]);

/**
 * Encrypts to a compact JWE (dir / A256GCM) with a fresh random 12-byte IV.
 * @param {Uint8Array | string} plaintext bytes, or a string taken as UTF-8
 * @param {Uint8Array | string} key
 * @param {{ cty?: string, zip?: boolean, kid?: string }} [opts] cty: content type header; zip: DEF
 * @returns {Promise<string>}
 */
export async function encryptJwe(plaintext, key, opts = {}) {
  const k = keyBytes(key);
  let data = typeof plaintext === 'string' ? utf8(plaintext) : plaintext;
  if (!(data instanceof Uint8Array)) throw new HealthError('JWE_BAD_INPUT', 'plaintext must be bytes or a string');
  /** @type {Record<string, string>} */
  const header = { alg: 'dir', enc: 'A256GCM' };
  if (opts.cty) header.cty = opts.cty;
  if (opts.kid) header.kid = opts.kid;
  if (opts.zip) {
    header.zip = 'DEF';
    data = await deflateRaw(data);
  }
  const protectedB64 = b64urlEncode(JSON.stringify(header));
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
  const sealed = new Uint8Array(
    await globalThis.crypto.subtle.encrypt(
      { name: 'AES-GCM', iv, additionalData: utf8(protectedB64), tagLength: 128 },
      await aesKey(k, 'encrypt'),
      data,
    ),
  );
  const ct = sealed.subarray(0, sealed.length - 16);
  const tag = sealed.subarray(sealed.length - 16);
  return `${protectedB64}..${b64urlEncode(iv)}.${b64urlEncode(ct)}.${b64urlEncode(tag)}`;
}

/**
 * Decrypts a compact JWE (dir / A256GCM, optional zip DEF).
 * @param {string} compact
 * @param {Uint8Array | string} key
 * @param {{ maxBytes?: number }} [opts]
 * @returns {Promise<{ header: Record<string, any>, plaintext: Uint8Array, cty: string | undefined }>}
 */
export async function decryptJwe(compact, key, opts = {}) {
  const maxBytes = opts.maxBytes ?? MAX_PLAINTEXT;
  const k = keyBytes(key);
  if (typeof compact !== 'string') throw new HealthError('JWE_BAD_FORMAT', 'JWE must be a string');
  const s = compact.trim();
  const parts = s.split('.');
  if (parts.length !== 5) throw new HealthError('JWE_BAD_FORMAT', `compact JWE needs 5 segments, got ${parts.length}`);
  const [h, ek, ivB, ctB, tagB] = parts;
  if (s.length > 2 * maxBytes + 4096) throw new HealthError('JWE_TOO_LARGE', 'JWE too large');
  const header = parseJson(text(b64urlDecode(h, 'JWE_BAD_FORMAT', 'header'), 'JWE_BAD_FORMAT'), 'JWE_BAD_FORMAT');
  if (!isObject(header)) throw new HealthError('JWE_BAD_FORMAT', 'JWE header is not a JSON object');
  if (header.alg !== 'dir' || header.enc !== 'A256GCM') {
    throw new HealthError('JWE_UNSUPPORTED', `unsupported JWE alg/enc ${header.alg}/${header.enc}`);
  }
  if (header.crit !== undefined) throw new HealthError('JWE_UNSUPPORTED', 'JWE "crit" header not supported');
  if (header.zip !== undefined && header.zip !== 'DEF') throw new HealthError('JWE_UNSUPPORTED', `zip ${header.zip}`);
  if (ek !== '') throw new HealthError('JWE_BAD_FORMAT', 'encrypted key must be empty for "dir"');
  const iv = b64urlDecode(ivB, 'JWE_BAD_FORMAT', 'IV');
  const tag = b64urlDecode(tagB, 'JWE_BAD_FORMAT', 'tag');
  const ct = b64urlDecode(ctB, 'JWE_BAD_FORMAT', 'ciphertext');
  if (iv.length !== 12) throw new HealthError('JWE_BAD_FORMAT', 'IV must be 12 bytes');
  if (tag.length !== 16) throw new HealthError('JWE_BAD_FORMAT', 'tag must be 16 bytes');
  if (header.zip === undefined && ct.length > maxBytes) throw new HealthError('JWE_TOO_LARGE', 'plaintext too large');
  const sealed = new Uint8Array(ct.length + 16);
  sealed.set(ct);
  sealed.set(tag, ct.length);
  let pt;
  try {
    pt = new Uint8Array(
      await globalThis.crypto.subtle.decrypt(
        { name: 'AES-GCM', iv, additionalData: utf8(h), tagLength: 128 },
        await aesKey(k, 'decrypt'),
        sealed,
      ),
    );
  } catch {
    throw new HealthError('JWE_DECRYPT_FAILED', 'JWE does not decrypt with this key (wrong key or altered data)');
  }
  if (header.zip === 'DEF') pt = await inflateRaw(pt, maxBytes, 'JWE');
  return { header, plaintext: pt, cty: typeof header.cty === 'string' ? header.cty : undefined };
}
