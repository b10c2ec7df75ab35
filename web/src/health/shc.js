// SMART Health Cards (spec.smarthealth.cards): numeric `shc:/` QR payloads (single or chunked
// `shc:/i/n/…`), `.smart-health-card` files and compact JWS; raw-DEFLATE payloads with a size
// limit; ES256 verification with the issuer's JWKS (supplied, or fetched from
// `iss + '/.well-known/jwks.json'` through an injectable fetch); kid = RFC 7638 thumbprint;
// revocation by `rid` and the key's CRL (`iss/.well-known/crl/<kid>.json`, `rid.timestamp`
// revokes cards whose nbf is earlier); exp / nbf; the key's `x5c` chain reported.
import { HealthError } from './errors.js';
import { inflateRaw, isObject, parseJson, text } from './codec.js';
import { importEs256, jwkThumbprint, parseCompactJws, verifyEs256 } from './jose.js';
import { checkX5c } from './x509.js';
import { getJson } from './http.js';

/** Default limit on the inflated JWS payload (the spec's QR cards are far smaller). */
export const MAX_PAYLOAD_BYTES = 1024 * 1024;
/** Limit on any textual input (QR text, file, JWS). */
export const MAX_INPUT_CHARS = 4 * 1024 * 1024;
export const HEALTH_CARD_TYPE = 'https://smarthealth.cards#health-card';

const fail = (code, m, d) => new HealthError(code, m, d);

/** Decodes the digits of one numeric QR segment (2 digits per char, value + 45). */
function digitsToText(digits) {
  if (!/^\d*$/.test(digits) || digits.length % 2 !== 0) {
    throw fail('SHC_BAD_QR', 'numeric QR content must be an even number of digits');
  }
  let out = '';
  for (let i = 0; i < digits.length; i += 2) {
    const v = Number(digits.slice(i, i + 2));
    if (v > 77) throw fail('SHC_BAD_QR', `QR digit pair ${digits.slice(i, i + 2)} is out of range (00..77)`);
    out += String.fromCharCode(v + 45);
  }
  return out;
}

/**
 * Decodes numeric `shc:/` QR content to the compact JWS. Accepts one string (several chunks may
 * be separated by whitespace) or an array of chunks in any order; chunks are joined by index.
 * @param {string | string[]} input
 * @returns {string}
 */
export function decodeQr(input) {
  const list = typeof input === 'string' ? input.trim().split(/\s+/) : input;
  if (!Array.isArray(list) || list.length === 0 || list.some((s) => typeof s !== 'string')) {
    throw fail('SHC_BAD_INPUT', 'QR input must be a string or an array of strings');
  }
  if (list.reduce((n, s) => n + s.length, 0) > MAX_INPUT_CHARS) throw fail('SHC_TOO_LARGE', 'QR input too large');
  /** @type {Map<number, string>} */
  const chunks = new Map();
  let total = 0;
  for (const raw of list) {
    const s = raw.trim();
    const single = /^shc:\/(\d*)$/i.exec(s);
    if (single) {
      if (list.length !== 1) throw fail('SHC_BAD_QR', 'a single-QR card cannot be mixed with other chunks');
      return digitsToText(single[1]);
    }
    const m = /^shc:\/(\d{1,3})\/(\d{1,3})\/(\d*)$/i.exec(s);
    if (!m) throw fail('SHC_BAD_QR', 'not a numeric SMART Health Card QR (shc:/…)');
    const i = Number(m[1]);
    const n = Number(m[2]);
    if (n < 1 || i < 1 || i > n) throw fail('SHC_BAD_QR', `bad chunk index ${i}/${n}`);
    if (total && n !== total) throw fail('SHC_QR_CHUNK_MISMATCH', `chunks disagree on the count (${total} and ${n})`);
    total = n;
    if (chunks.has(i)) throw fail('SHC_QR_DUPLICATE_CHUNK', `chunk ${i}/${n} given twice`, { chunk: i });
    chunks.set(i, digitsToText(m[3]));
  }
  const missing = [];
  for (let i = 1; i <= total; i++) if (!chunks.has(i)) missing.push(i);
  if (missing.length) {
    throw fail('SHC_QR_MISSING_CHUNK', `missing chunk(s) ${missing.join(', ')} of ${total}`, { missing });
  }
  let jws = '';
  for (let i = 1; i <= total; i++) jws += chunks.get(i);
  return jws;
}

/**
 * The JWS strings of a `.smart-health-card` file ({"verifiableCredential": [jws, …]}).
 * @param {string | object} file JSON text or the parsed object
 * @returns {string[]}
 */
export function readShcFile(file) {
  if (typeof file === 'string' && file.length > MAX_INPUT_CHARS) throw fail('SHC_TOO_LARGE', 'file too large');
  const obj = typeof file === 'string' ? parseJson(file, 'SHC_BAD_FILE', '.smart-health-card file') : file;
  const vcs = isObject(obj) ? obj.verifiableCredential : undefined;
  if (!Array.isArray(vcs) || vcs.length === 0 || vcs.some((v) => typeof v !== 'string')) {
    throw fail('SHC_BAD_FILE', 'file needs "verifiableCredential": a non-empty array of JWS strings');
  }
  return vcs;
}

/**
 * Any supported input -> one compact JWS: numeric QR (string or chunks), file (text or object with
 * exactly one credential) or the JWS itself.
 * @param {string | string[] | object} input
 * @returns {string}
 */
export function toJws(input) {
  if (Array.isArray(input)) return decodeQr(input);
  if (isObject(input)) {
    const v = readShcFile(input);
    if (v.length !== 1) throw fail('SHC_BAD_FILE', `file holds ${v.length} credentials: use verifyShcFile`);
    return v[0];
  }
  if (typeof input !== 'string') throw fail('SHC_BAD_INPUT', 'input must be a QR string, a file or a JWS');
  if (input.length > MAX_INPUT_CHARS) throw fail('SHC_TOO_LARGE', 'input too large');
  const s = input.trim();
  if (/^shc:\//i.test(s)) return decodeQr(s);
  if (s.startsWith('{')) return toJws(parseJson(s, 'SHC_BAD_FILE', '.smart-health-card file'));
  return s;
}

/**
 * Parses and inflates a card without verifying it.
 * @param {string | string[] | object} input
 * @param {{ maxPayloadBytes?: number }} [opts]
 */
export async function decodeShc(input, opts = {}) {
  const jws = parseCompactJws(toJws(input), 'SHC');
  const { header } = jws;
  if (header.alg !== 'ES256') throw fail('SHC_BAD_HEADER', `alg must be ES256, got ${header.alg}`);
  if (header.zip !== 'DEF') throw fail('SHC_BAD_HEADER', 'zip must be "DEF"');
  if (typeof header.kid !== 'string' || !header.kid) throw fail('SHC_BAD_HEADER', 'kid missing');
  const raw = await inflateRaw(jws.payloadBytes, opts.maxPayloadBytes ?? MAX_PAYLOAD_BYTES, 'SHC');
  const payloadText = text(raw, 'SHC_BAD_PAYLOAD');
  const payload = parseJson(payloadText, 'SHC_BAD_PAYLOAD', 'JWS payload');
  const vc = isObject(payload) ? payload.vc : undefined;
  const subject = isObject(vc) ? vc.credentialSubject : undefined;
  const bundle = isObject(subject) ? subject.fhirBundle : undefined;
  if (!isObject(payload) || typeof payload.iss !== 'string' || !payload.iss) {
    throw fail('SHC_BAD_PAYLOAD', 'payload needs "iss"');
  }
  if (typeof payload.nbf !== 'number' || !Number.isFinite(payload.nbf)) {
    throw fail('SHC_BAD_PAYLOAD', 'payload needs a numeric "nbf"');
  }
  if (payload.exp !== undefined && (typeof payload.exp !== 'number' || !Number.isFinite(payload.exp))) {
    throw fail('SHC_BAD_PAYLOAD', '"exp" must be a number');
  }
  if (!isObject(vc) || !Array.isArray(vc.type) || !vc.type.includes(HEALTH_CARD_TYPE)) {
    throw fail('SHC_BAD_PAYLOAD', `vc.type must include ${HEALTH_CARD_TYPE}`);
  }
  if (!isObject(bundle) || bundle.resourceType !== 'Bundle') {
    throw fail('SHC_BAD_PAYLOAD', 'vc.credentialSubject.fhirBundle must be a FHIR Bundle');
  }
  return { jws, header, payload, payloadText, bundle, issuer: payload.iss, kid: header.kid };
}

/** Whether `iss`'s files may be fetched: no `fetchOrigins` given, or its origin among them. */
function mayFetch(iss, opts) {
  if (!opts.fetchOrigins) return true;
  try {
    return opts.fetchOrigins.includes(new URL(iss).origin);
  } catch {
    return false;
  }
}

/**
 * The issuer's JWKS: supplied (object or function of iss) or fetched from iss/.well-known/jwks.json
 * (when its origin is among `fetchOrigins`, if given: SHC_ISSUER_NOT_FETCHABLE otherwise).
 */
async function issuerKeys(iss, opts) {
  let jwks = typeof opts.jwks === 'function' ? await opts.jwks(iss) : opts.jwks;
  if (jwks === undefined) {
    if (!/^https:\/\/[^/?#]+(\/[^?#]*[^/?#])?$/.test(iss)) {
      throw fail('SHC_BAD_ISSUER', 'iss must be an https URL without a trailing slash to fetch its keys');
    }
    if (!mayFetch(iss, opts)) {
      throw fail(
        'SHC_ISSUER_NOT_FETCHABLE',
        `the keys of ${iss} are not fetched: its origin is not one to fetch from`,
        {
          issuer: iss,
        },
      );
    }
    jwks = await getJson(opts.fetch, `${iss}/.well-known/jwks.json`, 'SHC_JWKS_UNAVAILABLE');
  }
  if (!isObject(jwks) || !Array.isArray(jwks.keys)) throw fail('SHC_JWKS_UNAVAILABLE', 'JWKS needs "keys"');
  return jwks.keys;
}

/** The CRL for `kid`: supplied (object, map kid->CRL, or function) or fetched. null if unavailable. */
async function crlFor(iss, kid, opts, warnings) {
  try {
    let crl = typeof opts.crl === 'function' ? await opts.crl(iss, kid) : opts.crl;
    if (isObject(crl) && !('rids' in crl) && isObject(crl[kid])) crl = crl[kid];
    if (crl === undefined) {
      if (!mayFetch(iss, opts)) throw fail('SHC_CRL_UNAVAILABLE', `no revocation list supplied for ${kid}`);
      crl = await getJson(opts.fetch, `${iss}/.well-known/crl/${encodeURIComponent(kid)}.json`, 'SHC_CRL_UNAVAILABLE');
    }
    if (!isObject(crl) || crl.kid !== kid || crl.method !== 'rid' || !Array.isArray(crl.rids)) {
      throw fail('SHC_CRL_UNAVAILABLE', 'CRL must have this kid, method "rid" and rids');
    }
    return crl;
  } catch (e) {
    if (!(e instanceof HealthError)) throw e;
    warnings.push({ code: 'SHC_CRL_UNAVAILABLE', message: e.message });
    return null;
  }
}

/**
 * Whether `rid` is revoked by `crl` for a card issued at `nbf` (seconds): an entry `rid` revokes
 * every card with that rid; `rid.timestamp` revokes those with nbf before the timestamp.
 * @param {{ rids: unknown[] }} crl
 * @param {string} rid
 * @param {number} nbf
 */
export function isRevoked(crl, rid, nbf) {
  for (const entry of crl.rids) {
    if (typeof entry !== 'string') continue;
    const dot = entry.indexOf('.');
    const id = dot < 0 ? entry : entry.slice(0, dot);
    if (id !== rid) continue;
    if (dot < 0) return true;
    const ts = Number(entry.slice(dot + 1));
    if (!Number.isFinite(ts) || nbf < ts) return true;
  }
  return false;
}

/**
 * Verifies a SMART Health Card. Throws HealthError for anything that is not a valid signed card
 * (SHC_BAD_QR, SHC_BAD_JWS, SHC_UNKNOWN_KID, SHC_KID_MISMATCH, SHC_BAD_SIGNATURE, SHC_EXPIRED_KEY…);
 * revocation and expiry are reported in the result.
 * @param {string | string[] | object} input QR text/chunks, file (text or object), or JWS
 * @param {{ jwks?: object | ((iss: string) => any), crl?: object | false | ((iss: string, kid: string) => any),
 *   fetch?: typeof fetch, now?: number, maxPayloadBytes?: number, trustedIssuers?: string[],
 *   fetchOrigins?: string[], expiredKey?: 'reject' | 'allow' }} [opts] now in ms; expiredKey: what to
 *   do when the key's x5c leaf certificate was not valid when the card was issued (default
 *   'reject'); fetchOrigins: the only origins whose `.well-known/` files are fetched (keys not
 *   supplied for another issuer: SHC_ISSUER_NOT_FETCHABLE; its CRL: not available)
 */
export async function verifyShc(input, opts = {}) {
  const card = await decodeShc(input, opts);
  const { payload, header, kid } = card;
  const iss = payload.iss;
  if (opts.trustedIssuers && !opts.trustedIssuers.includes(iss)) {
    throw fail('SHC_UNTRUSTED_ISSUER', `issuer ${iss} is not in the trusted list`, { issuer: iss });
  }
  const keys = await issuerKeys(iss, opts);
  const jwk = keys.find((k) => isObject(k) && k.kid === kid);
  if (!jwk) throw fail('SHC_UNKNOWN_KID', `the issuer has no key with kid ${kid}`, { kid, issuer: iss });
  if ((await jwkThumbprint(jwk)) !== kid) {
    throw fail('SHC_KID_MISMATCH', 'the key’s kid is not its RFC 7638 thumbprint', { kid });
  }
  const key = await importEs256(jwk);
  if (!(await verifyEs256(key, card.jws))) throw fail('SHC_BAD_SIGNATURE', 'the signature does not verify', { kid });

  const now = opts.now ?? Date.now();
  const warnings = [];
  let x5c = null;
  if (jwk.x5c !== undefined) {
    x5c = await checkX5c(/** @type {string[]} */ (jwk.x5c), jwk, { iss, at: payload.nbf * 1000, now });
    if (!x5c.leafMatchesKey) throw fail('SHC_BAD_X5C', 'the x5c leaf certificate is for another key', { kid });
    if (!x5c.leafValidAtIssuance) {
      const at = x5c.chain[0].notAfter;
      if (opts.expiredKey !== 'allow') {
        throw fail('SHC_EXPIRED_KEY', `the key’s certificate (valid to ${at}) was not valid when the card was issued`, {
          kid,
        });
      }
      warnings.push({ code: 'SHC_EXPIRED_KEY', message: `key certificate not valid at issuance (valid to ${at})` });
    }
    if (!x5c.sanMatchesIssuer) warnings.push({ code: 'SHC_X5C_SAN', message: 'leaf SAN URI is not the issuer' });
    if (!x5c.signaturesValid) warnings.push({ code: 'SHC_X5C_CHAIN', message: 'x5c chain signatures do not verify' });
  }

  const rid = isObject(payload.vc) && typeof payload.vc.rid === 'string' ? payload.vc.rid : undefined;
  /** @type {boolean | null} */
  let revoked = false;
  if (rid !== undefined && jwk.crlVersion !== undefined && opts.crl !== false) {
    const crl = await crlFor(iss, kid, opts, warnings);
    if (crl === null) revoked = null;
    else {
      if (typeof crl.ctr === 'number' && typeof jwk.crlVersion === 'number' && crl.ctr < jwk.crlVersion) {
        warnings.push({ code: 'SHC_CRL_STALE', message: `CRL ctr ${crl.ctr} < key crlVersion ${jwk.crlVersion}` });
      }
      revoked = isRevoked(crl, rid, payload.nbf);
    }
  }
  return {
    issuer: iss,
    kid,
    verified: true,
    revoked,
    expired: payload.exp !== undefined && now >= payload.exp * 1000,
    notYetValid: now < payload.nbf * 1000 - 5 * 60 * 1000, // 5 minutes of clock skew
    issuedAt: payload.nbf,
    expiresAt: payload.exp,
    rid,
    types: payload.vc.type,
    fhirVersion: payload.vc.credentialSubject.fhirVersion,
    x5c,
    warnings,
    header,
    payload,
    payloadText: card.payloadText,
    bundle: card.bundle,
  };
}

/**
 * Verifies every credential of a `.smart-health-card` file.
 * @param {string | object} file
 * @param {Parameters<typeof verifyShc>[1]} [opts]
 */
export async function verifyShcFile(file, opts = {}) {
  const out = [];
  for (const jws of readShcFile(file)) out.push(await verifyShc(jws, opts));
  return out;
}
