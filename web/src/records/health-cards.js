// Verifying SMART Health Cards in the page (health/shc.js): the input is numeric QR text (one
// `shc:/…` line or chunks `shc:/i/n/…`, one per line), a `.smart-health-card` file's text, or a
// compact JWS. The issuer's keys come from `iss/.well-known/jwks.json` (and its revocation list
// from `iss/.well-known/crl/<kid>.json`) unless the person supplies them: the page fetches them
// only from the issuer origins its configuration names (`shcIssuerOrigins`, also in its
// Content-Security-Policy), so other issuers' files must be supplied (taken from the issuer's
// site). Every outcome is one state with a plain message.
import config from '../config.js';
import { isObject } from '../health/codec.js';

/** What a state means, for people. */
const STATES = {
  verified: 'Verified: the issuer signed this card and it has not been changed.',
  revoked: 'Revoked: the issuer has withdrawn this card.',
  'expired-key': 'Not valid: the issuer’s key had expired when the card was signed.',
  'unknown-issuer': 'Unknown issuer: the issuer’s keys could not be found, so the card cannot be checked.',
  invalid: 'Not valid: this card does not verify.',
};

/** Plain messages of the library's error codes. */
const MESSAGES = {
  SHC_BAD_INPUT: 'This is not a health card: paste the shc:/ text, or choose a .smart-health-card file.',
  SHC_TOO_LARGE: 'The card is larger than a health card can be.',
  SHC_BAD_QR: 'The QR text is damaged: it is not a valid shc:/ code.',
  SHC_QR_MISSING_CHUNK: 'A part of a multi-part QR code is missing: scan or paste every part.',
  SHC_QR_DUPLICATE_CHUNK: 'A part of a multi-part QR code appears twice.',
  SHC_QR_CHUNK_MISMATCH: 'The parts of the QR code do not belong together.',
  SHC_BAD_FILE: 'The file is not a SMART Health Card file.',
  SHC_BAD_JWS: 'The card is damaged: its signed content cannot be read.',
  SHC_BAD_HEADER: 'The card uses a format this page does not accept.',
  SHC_BAD_DEFLATE: 'The card’s content is damaged.',
  SHC_BAD_PAYLOAD: 'The card’s content is not a health card.',
  SHC_BAD_ISSUER: 'The issuer’s address is not an https address, so its keys cannot be fetched.',
  SHC_UNTRUSTED_ISSUER: 'The issuer is not one this page trusts.',
  SHC_JWKS_UNAVAILABLE:
    'The issuer’s keys could not be fetched from its site. Add the issuer’s key file (jwks.json) under “Issuer files”.',
  SHC_ISSUER_NOT_FETCHABLE:
    'This page fetches keys only from the issuers its configuration names, and this issuer is not one of them. Add the issuer’s key file (jwks.json), taken from the issuer’s site, under “Issuer files”.',
  SHC_UNKNOWN_KID: 'The issuer’s key set has no key for this card.',
  SHC_BAD_KEY: 'The issuer’s key is not usable.',
  SHC_KID_MISMATCH: 'The issuer’s key set is inconsistent (a key’s name does not match the key).',
  SHC_BAD_SIGNATURE: 'The signature does not match: the card was changed, or it was not signed by this issuer.',
  SHC_BAD_X5C: 'The issuer’s certificate is for another key.',
  SHC_EXPIRED_KEY: 'The issuer’s key had expired when the card was signed.',
};

const STATE_OF_CODE = {
  SHC_EXPIRED_KEY: 'expired-key',
  SHC_JWKS_UNAVAILABLE: 'unknown-issuer',
  SHC_ISSUER_NOT_FETCHABLE: 'unknown-issuer',
  SHC_UNKNOWN_KID: 'unknown-issuer',
  SHC_UNTRUSTED_ISSUER: 'unknown-issuer',
  SHC_BAD_ISSUER: 'unknown-issuer',
};

/** The plain message of a typed error (its own message when the code is not known here). */
export const plainMessage = (e) => MESSAGES[e?.code] ?? String(e?.message ?? e);

/**
 * Issuer files the person supplied, from their JSON text: a key set ({ keys: [...] }) or a
 * revocation list ({ kid, method: 'rid', rids }). Throws a TypeError with a plain message.
 * @returns {{ jwks?: any, crl?: any }}
 */
export function readIssuerFile(textIn) {
  let v;
  try {
    v = JSON.parse(textIn);
  } catch {
    throw new TypeError('This file is not JSON.');
  }
  if (isObject(v) && Array.isArray(v.keys)) return { jwks: v };
  if (isObject(v) && typeof v.kid === 'string' && Array.isArray(v.rids)) return { crl: v };
  throw new TypeError('This is neither a key set (jwks.json) nor a revocation list (crl/<kid>.json).');
}

/** The card input as health/shc.js takes it: shc:/ lines as an array of chunks, else the text. */
function cardInput(textIn) {
  const t = String(textIn ?? '').trim();
  if (t.startsWith('{')) return { file: t };
  const lines = t.split(/\s+/u).filter(Boolean);
  if (lines.length && lines.every((l) => l.toLowerCase().startsWith('shc:/')))
    return { card: lines.length > 1 ? lines : lines[0] };
  return { card: t };
}

/**
 * Verifies a card. Never throws for a card that fails: resolves to
 * { state, message, code?, result?, cards: results[] } (a file may hold several cards: the
 * first decides the state, every one is returned).
 * @param {string} textIn
 * @param {{ jwks?: any[], crls?: any[] }} [supplied] key sets and revocation lists the person added
 */
export async function verifyCard(textIn, supplied = {}) {
  const { verifyShc, verifyShcFile } = await import('../health/shc.js');
  const keys = (supplied.jwks ?? []).flatMap((j) => j.keys);
  const crls = new Map((supplied.crls ?? []).map((c) => [c.kid, c]));
  const opts = {
    jwks: keys.length ? { keys } : undefined,
    crl: crls.size ? (_iss, kid) => crls.get(kid) ?? null : undefined,
    fetchOrigins: config.shcIssuerOrigins ?? [],
  };
  const input = cardInput(textIn);
  try {
    const cards =
      input.file !== undefined ? await verifyShcFile(input.file, opts) : [await verifyShc(input.card, opts)];
    const result = cards[0];
    if (!result) return { state: 'invalid', message: 'The file holds no card.', cards };
    const state = result.revoked === true ? 'revoked' : 'verified';
    let message = STATES[state];
    if (result.revoked === null) message += ' Whether the issuer revoked it could not be checked (no revocation list).';
    if (result.expired) message += ' The card itself has expired.';
    if (result.notYetValid) message += ' The card is dated in the future.';
    return { state, message, result, cards };
  } catch (e) {
    if (e?.name !== 'HealthError') throw e;
    const state = STATE_OF_CODE[e.code] ?? 'invalid';
    return { state, code: e.code, message: `${STATES[state]} ${plainMessage(e)}`, issuer: e.issuer, cards: [] };
  }
}

/** What a verified card says, for display: patient, birth date, and its resources. */
export function cardContents(bundle) {
  const entries = Array.isArray(bundle?.entry) ? bundle.entry.map((e) => e?.resource).filter(isObject) : [];
  const patient = entries.find((r) => r.resourceType === 'Patient');
  const n = patient?.name?.[0];
  const name = n ? (n.text ?? [...(n.given ?? []), n.family].filter(Boolean).join(' ')) : undefined;
  return { name, birthDate: patient?.birthDate, resources: entries.filter((r) => r.resourceType !== 'Patient') };
}
