// SMART Health Links (HL7 SMART Health Cards and Links IG, STU1; rules quoted in
// tests/vectors/health/smart-health-links/NOTES.md): parse and build `shlink:/` links (bare or
// behind a viewer URL ending in '#'), validate the payload, and fetch the shared files: the single
// file of a U-flag link (GET url?recipient=…) or the manifest (POST {recipient, passcode?}), each
// file a compact JWE (dir / A256GCM, jwe.js) decrypted with the link's key.
import { HealthError } from './errors.js';
import { b64urlDecode, b64urlEncode, isObject, parseJson, text } from './codec.js';
import { decryptJwe, encryptJwe, MAX_PLAINTEXT } from './jwe.js';
import { bodyText, request } from './http.js';
import { readShcFile } from './shc.js';

export const CONTENT_TYPES = Object.freeze([
  'application/fhir+json',
  'application/smart-health-card',
  'application/smart-api-access',
]);
/** The protocol version this code implements. */
export const SHL_VERSION = 1;
const MAX_LINK_CHARS = 64 * 1024;
const MAX_FILES = 1000;

const bad = (m) => new HealthError('SHL_BAD_PAYLOAD', m);

/**
 * @typedef {{ url: string, key: string, exp?: number, flag?: string, label?: string, v?: number,
 *   [ext: `_${string}`]: unknown }} ShlPayload
 */

/**
 * Checks a decoded payload against the spec's rules (L107-L138, L153, L205-L208) and returns it
 * normalised with derived facts. Unknown properties are ignored, unknown flags kept but ignored.
 * @param {unknown} p
 * @param {{ now?: number }} [opts] now in ms
 */
export function validateShlPayload(p, opts = {}) {
  if (!isObject(p)) throw bad('payload must be a JSON object');
  if (typeof p.url !== 'string') throw bad('"url" is required and must be a string');
  let u;
  try {
    u = new URL(p.url);
  } catch {
    throw bad('"url" is not an absolute URL');
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw bad('"url" must be an https URL');
  if (typeof p.key !== 'string' || p.key.length !== 43) throw bad('"key" must be 43 base64url characters');
  const keyBytes = b64urlDecode(p.key, 'SHL_BAD_PAYLOAD', '"key"');
  if (p.exp !== undefined && (typeof p.exp !== 'number' || !Number.isFinite(p.exp))) {
    throw bad('"exp" must be a number (epoch seconds)');
  }
  if (p.flag !== undefined && (typeof p.flag !== 'string' || !/^[A-Z]*$/.test(p.flag))) {
    throw bad('"flag" must be a string of upper-case flag letters');
  }
  const flags = new Set(p.flag ?? '');
  if (flags.has('U') && flags.has('P')) throw bad('flags "U" and "P" cannot be combined');
  if (p.label !== undefined && (typeof p.label !== 'string' || [...p.label].length > 80)) {
    throw bad('"label" must be a string of at most 80 characters');
  }
  if (p.v !== undefined && (typeof p.v !== 'number' || !Number.isInteger(p.v) || p.v < 1)) {
    throw bad('"v" must be a positive integer');
  }
  const warnings = [];
  if (p.url.length > 128) warnings.push({ code: 'SHL_URL_TOO_LONG', message: '"url" exceeds 128 characters' });
  const now = opts.now ?? Date.now();
  /** @type {ShlPayload} */
  const payload = { url: p.url, key: p.key };
  for (const k of ['exp', 'flag', 'label', 'v']) if (p[k] !== undefined) payload[k] = p[k];
  for (const k of Object.keys(p)) if (k.startsWith('_')) payload[k] = p[k];
  return {
    payload,
    url: p.url,
    key: p.key,
    keyBytes,
    exp: p.exp,
    flag: p.flag ?? '',
    label: p.label,
    v: p.v ?? 1,
    longTerm: flags.has('L'),
    passcodeRequired: flags.has('P'),
    directFile: flags.has('U'),
    expired: p.exp !== undefined && now >= p.exp * 1000,
    unsupportedVersion: (p.v ?? 1) > SHL_VERSION,
    warnings,
  };
}

/**
 * Parses `shlink:/…` or `<viewer URL>#shlink:/…`.
 * @param {string} link
 * @param {{ now?: number }} [opts]
 */
export function parseShlink(link, opts = {}) {
  if (typeof link !== 'string') throw new HealthError('SHL_BAD_LINK', 'link must be a string');
  if (link.length > MAX_LINK_CHARS) throw new HealthError('SHL_BAD_LINK', 'link too long');
  const s = link.trim();
  const at = s.indexOf('shlink:/');
  if (at < 0) throw new HealthError('SHL_BAD_LINK', 'not a SMART Health Link (no "shlink:/")');
  const viewer = s.slice(0, at);
  if (viewer && !viewer.endsWith('#')) throw new HealthError('SHL_BAD_LINK', 'a viewer URL must end with "#"');
  const encoded = s.slice(at + 'shlink:/'.length);
  const json = text(b64urlDecode(encoded, 'SHL_BAD_LINK', 'link payload'), 'SHL_BAD_LINK');
  const parsed = validateShlPayload(parseJson(json, 'SHL_BAD_LINK', 'link payload'), opts);
  return { ...parsed, viewer: viewer ? viewer.slice(0, -1) : undefined, encodedPayload: encoded };
}

/**
 * Builds a link: the minified payload (url, flag, key, exp, label, v, then `_` extensions),
 * base64url, `shlink:/`, and the viewer URL + '#' when given. Flags are sorted and deduplicated.
 * @param {ShlPayload} payload
 * @param {{ viewer?: string }} [opts]
 */
export function buildShlink(payload, opts = {}) {
  if (!isObject(payload)) throw bad('payload must be an object');
  const p = { ...payload };
  if (p.flag !== undefined) p.flag = [...new Set(String(p.flag))].sort().join('');
  const { payload: clean } = validateShlPayload(p);
  if (clean.url.length > 128) throw bad('"url" must not exceed 128 characters');
  /** @type {Record<string, unknown>} */
  const ordered = { url: clean.url };
  if (clean.flag) ordered.flag = clean.flag;
  ordered.key = clean.key;
  for (const k of ['exp', 'label', 'v']) if (clean[k] !== undefined) ordered[k] = clean[k];
  for (const k of Object.keys(clean)) if (k.startsWith('_')) ordered[k] = clean[k];
  const bare = `shlink:/${b64urlEncode(JSON.stringify(ordered))}`;
  if (opts.viewer === undefined) return bare;
  return `${opts.viewer.replace(/#.*$/, '')}#${bare}`;
}

/** A fresh 32-byte link key, base64url (43 characters). */
export const generateShlKey = () => b64urlEncode(globalThis.crypto.getRandomValues(new Uint8Array(32)));

/**
 * Decodes a decrypted file by content type (`cty` header, the manifest's contentType, or sniffed).
 * @param {Uint8Array} plaintext
 * @param {string | undefined} contentType
 */
function decodeContent(plaintext, contentType) {
  const value = parseJson(text(plaintext, 'SHL_BAD_CONTENT'), 'SHL_BAD_CONTENT', 'decrypted file');
  if (!isObject(value)) throw new HealthError('SHL_BAD_CONTENT', 'decrypted file is not a JSON object');
  let type = contentType;
  if (type === undefined) {
    if ('verifiableCredential' in value) type = 'application/smart-health-card';
    else if (typeof value.resourceType === 'string') type = 'application/fhir+json';
    else if (typeof value.access_token === 'string') type = 'application/smart-api-access';
  }
  if (type === 'application/smart-health-card') readShcFile(value);
  else if (type === 'application/fhir+json') {
    if (typeof value.resourceType !== 'string')
      throw new HealthError('SHL_BAD_CONTENT', 'FHIR content needs resourceType');
  } else if (type === 'application/smart-api-access') {
    if (typeof value.access_token !== 'string' || typeof value.aud !== 'string') {
      throw new HealthError('SHL_BAD_CONTENT', 'smart-api-access needs access_token and aud');
    }
  } else throw new HealthError('SHL_BAD_CONTENT', `unsupported content type ${type ?? '(unknown)'}`);
  return { contentType: type, content: value };
}

/**
 * Decrypts one shared file (compact JWE) with the link key and decodes it.
 * @param {string} jwe
 * @param {Uint8Array | string} key
 * @param {{ contentType?: string, maxBytes?: number }} [opts]
 */
export async function decryptShlFile(jwe, key, opts = {}) {
  const { header, plaintext, cty } = await decryptJwe(jwe, key, { maxBytes: opts.maxBytes ?? MAX_PLAINTEXT });
  if (opts.contentType && cty && opts.contentType !== cty) {
    throw new HealthError('SHL_BAD_CONTENT', `manifest says ${opts.contentType}, file says ${cty}`);
  }
  return { header, plaintext, ...decodeContent(plaintext, cty ?? opts.contentType) };
}

/**
 * Encrypts content for sharing (dir / A256GCM, cty set, optional zip DEF).
 * @param {object | string | Uint8Array} content JSON value, or its text / bytes
 * @param {Uint8Array | string} key
 * @param {{ contentType: string, zip?: boolean }} opts
 */
export function encryptShlFile(content, key, opts) {
  if (!CONTENT_TYPES.includes(opts?.contentType)) throw new HealthError('SHL_BAD_CONTENT', 'unsupported contentType');
  const data = typeof content === 'string' || content instanceof Uint8Array ? content : JSON.stringify(content);
  return encryptJwe(data, key, { cty: opts.contentType, zip: opts.zip });
}

/** Fails with the status-specific code (404 no longer active, 401 bad passcode). */
async function checkStatus(res, what) {
  if (res.ok) return;
  if (res.status === 404) throw new HealthError('SHL_NOT_FOUND', `${what}: the link is no longer active (404)`);
  if (res.status === 401) {
    let remainingAttempts;
    try {
      const body = JSON.parse(await bodyText(res, 'SHL_HTTP_ERROR', 64 * 1024));
      if (typeof body?.remainingAttempts === 'number') remainingAttempts = body.remainingAttempts;
    } catch {
      // an unreadable body still means a wrong passcode
    }
    throw new HealthError('SHL_BAD_PASSCODE', `${what}: passcode refused (401)`, { remainingAttempts });
  }
  throw new HealthError('SHL_HTTP_ERROR', `${what}: HTTP ${res.status}`, { status: res.status });
}

/**
 * Resolves a link to its decrypted files through an injectable fetch.
 * U flag: GET url?recipient=…; otherwise POST the manifest request and fetch each file (embedded
 * JWE, or GET of its location).
 * @param {string | ReturnType<typeof parseShlink>} link
 * @param {{ recipient: string, passcode?: string, fetch?: typeof fetch, embeddedLengthMax?: number,
 *   now?: number, maxBytes?: number, allowExpired?: boolean, allowNewerVersion?: boolean }} opts
 */
export async function fetchShl(link, opts) {
  const shl = typeof link === 'string' ? parseShlink(link, opts) : link;
  if (!opts || typeof opts.recipient !== 'string' || !opts.recipient) {
    throw new HealthError('SHL_BAD_INPUT', 'a recipient name is required');
  }
  if (shl.unsupportedVersion && !opts.allowNewerVersion) {
    throw new HealthError('SHL_UNSUPPORTED_VERSION', `link version ${shl.v} is newer than ${SHL_VERSION}`);
  }
  if (shl.expired && !opts.allowExpired) throw new HealthError('SHL_EXPIRED', 'the link has expired');
  const maxBytes = opts.maxBytes ?? MAX_PLAINTEXT;
  if (shl.directFile) {
    const u = new URL(shl.url);
    u.searchParams.set('recipient', opts.recipient);
    const res = await request(opts.fetch, u.href, { method: 'GET' }, 'SHL_NETWORK');
    await checkStatus(res, 'file');
    const file = await decryptShlFile((await bodyText(res, 'SHL_HTTP_ERROR', 2 * maxBytes)).trim(), shl.keyBytes, {
      maxBytes,
    });
    return { files: [file], warnings: [] };
  }
  if (shl.passcodeRequired && typeof opts.passcode !== 'string') {
    throw new HealthError('SHL_PASSCODE_REQUIRED', 'this link needs a passcode');
  }
  /** @type {Record<string, unknown>} */
  const body = { recipient: opts.recipient };
  if (shl.passcodeRequired) body.passcode = opts.passcode;
  if (opts.embeddedLengthMax !== undefined) body.embeddedLengthMax = opts.embeddedLengthMax;
  const res = await request(
    opts.fetch,
    shl.url,
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
    'SHL_NETWORK',
  );
  await checkStatus(res, 'manifest');
  const manifest = parseJson(await bodyText(res, 'SHL_BAD_MANIFEST'), 'SHL_BAD_MANIFEST', 'manifest');
  if (!isObject(manifest) || !Array.isArray(manifest.files) || manifest.files.length > MAX_FILES) {
    throw new HealthError('SHL_BAD_MANIFEST', 'manifest needs "files" (an array)');
  }
  const files = [];
  const warnings = [];
  for (const [i, f] of manifest.files.entries()) {
    if (!isObject(f) || typeof f.contentType !== 'string') {
      throw new HealthError('SHL_BAD_MANIFEST', `files[${i}] needs a contentType`);
    }
    if (!CONTENT_TYPES.includes(f.contentType)) {
      warnings.push({ code: 'SHL_UNKNOWN_CONTENT_TYPE', message: `files[${i}]: ${f.contentType} skipped` });
      continue;
    }
    let jwe;
    if (typeof f.embedded === 'string') jwe = f.embedded;
    else if (typeof f.location === 'string') {
      const r = await request(opts.fetch, f.location, { method: 'GET' }, 'SHL_NETWORK');
      await checkStatus(r, `files[${i}]`);
      jwe = (await bodyText(r, 'SHL_HTTP_ERROR', 2 * maxBytes)).trim();
    } else throw new HealthError('SHL_BAD_MANIFEST', `files[${i}] needs "embedded" or "location"`);
    const file = await decryptShlFile(jwe, shl.keyBytes, { contentType: f.contentType, maxBytes });
    files.push({ ...file, lastUpdated: f.lastUpdated, status: f.status, fhirVersion: f.fhirVersion });
  }
  return { files, warnings, manifest };
}
