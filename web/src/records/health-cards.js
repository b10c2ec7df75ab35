// Verifying SMART Health Cards in the page (health/shc.js): the input is numeric QR text (one
// `shc:/…` line or chunks `shc:/i/n/…`, one per line), a `.smart-health-card` file's text, or a
// compact JWS. The issuer's keys come from `iss/.well-known/jwks.json` (and its revocation list
// from `iss/.well-known/crl/<kid>.json`) unless the person supplies them: the page fetches them
// only from the issuer origins its configuration names (`shcIssuerOrigins`, also in its
// Content-Security-Policy), so other issuers' files must be supplied (taken from the issuer's
// site). Every outcome is one state with plain sentences (`says`, messages of the page's
// catalogue, which the screen shows in the reader's language; `message` is their English text).
import config from '../config.js';
import { isObject } from '../health/codec.js';
import { plainMessage as plainOf } from '../health/errors.js';

/** What a state means, for people (messages of the catalogue: screens show them translated). */
export const STATES = Object.freeze({
  verified: 'Verified: the issuer signed this card and it has not been changed.',
  revoked: 'Revoked: the issuer has withdrawn this card.',
  'expired-key': 'Not valid: the issuer’s key had expired when the card was signed.',
  'unknown-issuer': 'Unknown issuer: the issuer’s keys could not be found, so the card cannot be checked.',
  invalid: 'Not valid: this card does not verify.',
});

/** Short names of the states, for a badge. */
export const STATE_LABELS = Object.freeze({
  verified: 'Card verified',
  revoked: 'Card revoked',
  'expired-key': 'Issuer’s key expired',
  'unknown-issuer': 'Issuer unknown',
  invalid: 'Card not valid',
});

const STATE_OF_CODE = {
  SHC_EXPIRED_KEY: 'expired-key',
  SHC_JWKS_UNAVAILABLE: 'unknown-issuer',
  SHC_ISSUER_NOT_FETCHABLE: 'unknown-issuer',
  SHC_UNKNOWN_KID: 'unknown-issuer',
  SHC_UNTRUSTED_ISSUER: 'unknown-issuer',
  SHC_BAD_ISSUER: 'unknown-issuer',
};

/**
 * The plain message of a typed error (health/errors.js PLAIN_MESSAGES, a message of the
 * catalogue), or its own message when the code has none.
 */
export const plainMessage = (e) => plainOf(e) ?? String(e?.message ?? e);

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
 * { state, says, message, code?, result?, cards: results[] } (a file may hold several cards: the
 * first decides the state, every one is returned). `says`: the sentences for people, each a
 * message of the catalogue; `message`: the same in English, in one line.
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
  const outcome = (o) => ({ ...o, message: o.says.join(' ') });
  try {
    const cards =
      input.file !== undefined ? await verifyShcFile(input.file, opts) : [await verifyShc(input.card, opts)];
    const result = cards[0];
    if (!result) return outcome({ state: 'invalid', says: ['The file holds no card.'], cards });
    const state = result.revoked === true ? 'revoked' : 'verified';
    const says = [STATES[state]];
    if (result.revoked === null) says.push('Whether the issuer revoked it could not be checked (no revocation list).');
    if (result.expired) says.push('The card itself has expired.');
    if (result.notYetValid) says.push('The card is dated in the future.');
    return outcome({ state, says, result, cards });
  } catch (e) {
    if (e?.name !== 'HealthError') throw e;
    const state = STATE_OF_CODE[e.code] ?? 'invalid';
    return outcome({ state, code: e.code, says: [STATES[state], plainMessage(e)], issuer: e.issuer, cards: [] });
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
