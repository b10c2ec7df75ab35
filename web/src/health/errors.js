// Typed errors of the health-standards library (SMART Health Cards and Links, FHIR Bundle import,
// IPS). Every failure is a HealthError whose `code` is stable and prefixed by the area:
//   SHC_*  SMART Health Cards (QR, file, JWS, keys, signature)
//   SHL_*  SMART Health Links (link payload, manifest, HTTP)
//   JWE_*  compact JWE (dir / A256GCM)
//   FHIR_* Bundle input (JSON, size, type)
//   IPS_*  IPS document building
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
