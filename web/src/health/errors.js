// Typed errors of the health-standards library (SMART Health Cards and Links, FHIR Bundle import,
// IPS). Every failure is a HealthError whose `code` is stable and prefixed by the area:
//   SHC_*  SMART Health Cards (QR, file, JWS, keys, signature)
//   SHL_*  SMART Health Links (link payload, manifest, HTTP)
//   JWE_*  compact JWE (dir / A256GCM)
//   FHIR_* Bundle input (JSON, size, type)
//   CCDA_* C-CDA documents (XML)
//   IPS_*  IPS document building
// The error's message is technical English (for details and logs); PLAIN_MESSAGES says what each
// code means for people, in the page's two languages.
// HealthError extends the module API's EhrError (wasm/js/errors.js), so code that already handles
// EhrError by `code` handles these too.
import { EhrError } from '../../../wasm/js/errors.js';

export class HealthError extends EhrError {
  /**
   * @param {string} code stable machine-readable code, e.g. 'SHC_BAD_SIGNATURE'
   * @param {string} message human-readable description (never holds keys or plaintext)
   * @param {Record<string, unknown>} [details] extra machine-readable facts (kid, status, ...)
   */
  constructor(code, message, details) {
    super(code, message);
    this.name = 'HealthError';
    if (details) Object.assign(this, details);
  }
}

/**
 * Throws HealthError(code, message) unless `cond` holds.
 * @param {unknown} cond
 * @param {string} code
 * @param {string} message
 * @returns {asserts cond}
 */
export function need(cond, code, message) {
  if (!cond) throw new HealthError(code, message);
}

/**
 * Runs `fn`; any error that is not a HealthError becomes HealthError(code, message + cause).
 * @template T
 * @param {() => Promise<T>} fn
 * @param {string} code
 * @param {string} message
 * @returns {Promise<T>}
 */
export async function wrap(fn, code, message) {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof HealthError) throw e;
    throw new HealthError(code, `${message}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * What each code means, for people: a plain English sentence that is also its message in the
 * page's catalogue (web/src/i18n/es.js), so a screen shows it translated (dom.js h() looks it up).
 * The error's own `message` stays technical English (it names fields, sizes, HTTP statuses) and
 * is for details and logs.
 */
export const PLAIN_MESSAGES = Object.freeze({
  // SMART Health Cards
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
  SHC_CRL_UNAVAILABLE: 'The issuer’s revocation list could not be read.',
  // SMART Health Links
  SHL_BAD_INPUT: 'The link could not be opened with what was entered.',
  SHL_BAD_LINK:
    'This is not a SMART Health Link the page can read: paste the whole link (shlink:/… or an address ending in #shlink:/…).',
  SHL_BAD_PAYLOAD: 'The link is damaged: what it holds cannot be read.',
  SHL_UNSUPPORTED_VERSION:
    'The link was made for a newer version of the SMART Health Links standard than this page reads.',
  SHL_EXPIRED: 'This link has expired.',
  SHL_NOT_FOUND: 'This link is no longer active (its file was withdrawn).',
  SHL_PASSCODE_REQUIRED: 'This link needs a passcode.',
  SHL_BAD_PASSCODE: 'The server refused this passcode.',
  SHL_NETWORK: 'The server that holds the link’s files could not be reached.',
  SHL_HTTP_ERROR: 'The server that holds the link’s files did not answer as expected.',
  SHL_BAD_MANIFEST: 'The server’s list of the link’s files is damaged.',
  SHL_BAD_CONTENT: 'A file of the link holds something this page cannot show.',
  SHL_SERVER_NOT_ALLOWED: 'This page may not contact the server that holds the link’s files.',
  // The link's encrypted file (compact JWE)
  JWE_DECRYPT_FAILED: 'The file does not open with the key in this link: the link is damaged or the file was replaced.',
  JWE_BAD_FORMAT: 'The link’s encrypted file is damaged.',
  JWE_BAD_INPUT: 'The link’s encrypted file is damaged.',
  JWE_BAD_KEY: 'The key in the link is damaged.',
  JWE_TOO_LARGE: 'The link’s file is larger than this page opens.',
  JWE_UNSUPPORTED: 'The link’s file is encrypted in a way this page does not support.',
  // FHIR Bundles and C-CDA documents to import
  FHIR_BAD_JSON: 'The text is not valid JSON.',
  FHIR_BAD_BUNDLE: 'This is not a FHIR Bundle.',
  FHIR_UNSUPPORTED_BUNDLE_TYPE: 'This kind of FHIR Bundle cannot be imported.',
  FHIR_TOO_LARGE: 'The Bundle is larger than this page imports at once.',
  FHIR_TOO_DEEP: 'The Bundle is nested too deeply to be read safely.',
  CCDA_BAD_INPUT: 'The document is not text.',
  CCDA_BAD_XML: 'The document is not well-formed XML.',
  CCDA_NOT_CDA: 'The XML is not an HL7 CDA document.',
  CCDA_BAD_DOCUMENT: 'The C-CDA document could not be read.',
  CCDA_TOO_LARGE: 'The document is larger than this page imports at once.',
  CCDA_TOO_DEEP: 'The document is nested too deeply to be read safely.',
  // Patient summaries
  IPS_BAD_INPUT: 'A patient summary cannot be made from these records.',
});

/**
 * The plain message of a typed error (an English message of the catalogue, for h() to translate),
 * or null when its code has none.
 * @param {unknown} e
 * @returns {string | null}
 */
export function plainMessage(e) {
  const code = /** @type {any} */ (e)?.code;
  return typeof code === 'string' && Object.hasOwn(PLAIN_MESSAGES, code) ? PLAIN_MESSAGES[code] : null;
}
