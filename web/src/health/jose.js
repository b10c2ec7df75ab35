// JOSE pieces for SMART Health Cards: compact JWS parsing, ES256 verification (signature as the
// 64-byte raw r||s that WebCrypto's ECDSA uses), and RFC 7638 JWK thumbprints.
import { HealthError } from './errors.js';
import { b64urlDecode, b64urlEncode, isObject, parseJson, sha256, text, utf8 } from './codec.js';

/**
 * @typedef {{ kty: string, crv?: string, x?: string, y?: string, kid?: string, alg?: string,
 *   use?: string, x5c?: string[], crlVersion?: number, [k: string]: unknown }} Jwk
 * @typedef {{ header: Record<string, any>, payloadBytes: Uint8Array, signature: Uint8Array,
 *   signingInput: string, compact: string }} Jws
 */

/**
 * Splits a compact JWS into its decoded parts (no verification).
 * @param {string} compact
 * @param {string} prefix error-code prefix ('SHC')
 * @returns {Jws}
 */
export function parseCompactJws(compact, prefix = 'SHC') {
  const code = `${prefix}_BAD_JWS`;
  if (typeof compact !== 'string') throw new HealthError(code, 'JWS must be a string');
  const parts = compact.split('.');
  if (parts.length !== 3) throw new HealthError(code, `compact JWS needs 3 segments, got ${parts.length}`);
  const header = parseJson(text(b64urlDecode(parts[0], code, 'JWS header'), code), code, 'JWS header');
  if (!isObject(header)) throw new HealthError(code, 'JWS header is not a JSON object');
  return {
    header,
    payloadBytes: b64urlDecode(parts[1], code, 'JWS payload'),
    signature: b64urlDecode(parts[2], code, 'JWS signature'),
    signingInput: `${parts[0]}.${parts[1]}`,
    compact,
  };
}

/**
 * RFC 7638 thumbprint of an EC public key: base64url(SHA-256({"crv","kty","x","y"})).
 * @param {Jwk} jwk
 * @returns {Promise<string>}
 */
export async function jwkThumbprint(jwk) {
  if (!isObject(jwk) || jwk.kty !== 'EC' || typeof jwk.crv !== 'string') {
    throw new HealthError('SHC_BAD_KEY', 'thumbprint: only EC keys are supported');
  }
  if (typeof jwk.x !== 'string' || typeof jwk.y !== 'string') throw new HealthError('SHC_BAD_KEY', 'EC key needs x, y');
  const members = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  return b64urlEncode(await sha256(members));
}

/**
 * Imports an ES256 (P-256) public JWK for verification; only kty/crv/x/y are passed to WebCrypto.
 * @param {Jwk} jwk
 * @returns {Promise<CryptoKey>}
 */
export async function importEs256(jwk) {
  if (!isObject(jwk) || jwk.kty !== 'EC' || jwk.crv !== 'P-256') {
    throw new HealthError('SHC_BAD_KEY', 'key must be an EC P-256 JWK');
  }
  if (jwk.alg !== undefined && jwk.alg !== 'ES256') throw new HealthError('SHC_BAD_KEY', `key alg is ${jwk.alg}`);
  if (jwk.use !== undefined && jwk.use !== 'sig') throw new HealthError('SHC_BAD_KEY', `key use is ${jwk.use}`);
  for (const m of ['x', 'y']) {
    const v = jwk[m];
    if (typeof v !== 'string' || b64urlDecode(v, 'SHC_BAD_KEY', `key ${m}`).length !== 32) {
      throw new HealthError('SHC_BAD_KEY', `key ${m} must be 32 bytes`);
    }
  }
  try {
    return await globalThis.crypto.subtle.importKey(
      'jwk',
      { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, ext: true },
      { name: 'ECDSA', namedCurve: 'P-256' },
      false,
      ['verify'],
    );
  } catch {
    throw new HealthError('SHC_BAD_KEY', 'key is not a valid P-256 point');
  }
}

/**
 * Verifies an ES256 JWS signature (64-byte r||s) over the ASCII signing input.
 * @param {CryptoKey} key
 * @param {Jws} jws
 * @returns {Promise<boolean>}
 */
export async function verifyEs256(key, jws) {
  if (jws.signature.length !== 64) return false;
  try {
    return await globalThis.crypto.subtle.verify(
      { name: 'ECDSA', hash: 'SHA-256' },
      key,
      jws.signature,
      utf8(jws.signingInput),
    );
  } catch {
    return false;
  }
}

/**
 * Signs `header.payload` with an ES256 private JWK (for tests and for issuing); returns compact JWS.
 * @param {Record<string, unknown>} header
 * @param {Uint8Array} payloadBytes
 * @param {Jwk & { d: string }} privateJwk
 * @returns {Promise<string>}
 */
export async function signEs256(header, payloadBytes, privateJwk) {
  const key = await globalThis.crypto.subtle.importKey(
    'jwk',
    { kty: 'EC', crv: 'P-256', x: privateJwk.x, y: privateJwk.y, d: privateJwk.d, ext: true },
    { name: 'ECDSA', namedCurve: 'P-256' },
    false,
    ['sign'],
  );
  const input = `${b64urlEncode(JSON.stringify(header))}.${b64urlEncode(payloadBytes)}`;
  const sig = await globalThis.crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key, utf8(input));
  return `${input}.${b64urlEncode(new Uint8Array(sig))}`;
}
