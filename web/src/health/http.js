// HTTP through an injectable fetch (tests pass a fake; the page passes window.fetch), with a size
// limit on response bodies and every failure turned into a typed HealthError.
import { HealthError } from './errors.js';
import { parseJson } from './codec.js';

/** Default limit on a response body: 32 MiB. */
export const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/** The origin of `url` for messages (never the path or query, which may hold secrets). */
function origin(url) {
  try {
    return new URL(url).origin;
  } catch {
    return 'an invalid URL';
  }
}

/**
 * @param {typeof fetch | undefined} fetchFn
 * @param {string} url
 * @param {RequestInit} init
 * @param {string} code error code for network failures
 * @returns {Promise<Response>}
 */
export async function request(fetchFn, url, init, code) {
  const f = fetchFn ?? globalThis.fetch;
  if (typeof f !== 'function') throw new HealthError(code, 'no fetch function available');
  try {
    return await f(url, init);
  } catch (e) {
    throw new HealthError(code, `request to ${origin(url)} failed: ${e instanceof Error ? e.message : e}`);
  }
}

/**
 * The body as text, refusing more than `maxBytes` (Content-Length first, then the actual length).
 * @param {Response} res
 * @param {string} code
 * @param {number} [maxBytes]
 */
export async function bodyText(res, code, maxBytes = MAX_RESPONSE_BYTES) {
  const len = Number(res.headers?.get?.('content-length') ?? NaN);
  if (len > maxBytes) throw new HealthError(code, `response larger than ${maxBytes} bytes`);
  let t;
  try {
    t = await res.text();
  } catch (e) {
    throw new HealthError(code, `reading the response failed: ${e instanceof Error ? e.message : e}`);
  }
  if (typeof t !== 'string' || t.length > maxBytes) throw new HealthError(code, 'response too large or not text');
  return t;
}

/**
 * GET a JSON document; any failure (network, status, size, JSON) is HealthError(code).
 * @param {typeof fetch | undefined} fetchFn
 * @param {string} url
 * @param {string} code
 */
export async function getJson(fetchFn, url, code) {
  const res = await request(fetchFn, url, { method: 'GET', headers: { accept: 'application/json' } }, code);
  if (!res.ok) throw new HealthError(code, `GET ${url} answered ${res.status}`, { status: res.status });
  return parseJson(await bodyText(res, code), code, url);
}
