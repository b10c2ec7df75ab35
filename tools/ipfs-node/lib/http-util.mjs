// Small HTTP helpers shared by the RPC and gateway handlers.

import { once } from 'node:events';
import { createHash, timingSafeEqual } from 'node:crypto';

/** An error that maps to an HTTP status code. */
export class HttpError extends Error {
  constructor(status, message, { headers } = {}) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.headers = headers;
  }
}

export const badRequest = (message) => new HttpError(400, message);

/** Errors from the blockstore and the UnixFS exporter that mean "not here". */
export function isNotFoundError(err) {
  if (err == null) return false;
  return (
    err.name === 'BlockNotFoundWhileOfflineError' ||
    err.name === 'NotFoundError' ||
    err.code === 'ERR_NOT_FOUND' ||
    err.code === 'ENOENT'
  );
}

/** Writes `chunk` and waits for the socket to drain when its buffer is full. */
export async function write(res, chunk) {
  if (res.destroyed) throw new Error('response closed by the client');
  if (!res.write(chunk)) {
    await Promise.race([once(res, 'drain'), once(res, 'close')]);
    if (res.destroyed) throw new Error('response closed by the client');
  }
}

/**
 * Parses a Kubo-style boolean flag. Kubo accepts a bare flag (`?pin`) as true.
 */
export function boolParam(query, name, fallback) {
  if (!query.has(name)) return fallback;
  const value = query.get(name).trim().toLowerCase();
  if (value === '' || value === 'true' || value === '1' || value === 't' || value === 'yes') return true;
  if (value === 'false' || value === '0' || value === 'f' || value === 'no') return false;
  throw badRequest(`invalid value for boolean option "${name}": ${query.get(name)}`);
}

export function intParam(query, name, fallback, { min = -Infinity, max = Infinity } = {}) {
  if (!query.has(name)) return fallback;
  const raw = query.get(name).trim();
  if (!/^-?\d+$/.test(raw)) throw badRequest(`invalid value for integer option "${name}": ${raw}`);
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw badRequest(`option "${name}" must be between ${min} and ${max}, got ${raw}`);
  }
  return value;
}

/** Which origins may read responses, following the node's `corsOrigins`. */
export class Cors {
  constructor(origins) {
    this.origins = origins == null || origins.length === 0 ? ['*'] : origins.map((o) => o.trim()).filter(Boolean);
    this.any = this.origins.includes('*');
  }

  allows(origin) {
    if (origin == null) return true;
    return this.any || this.origins.includes(origin);
  }

  /** Adds the response headers for a simple (non-preflight) request. */
  apply(req, res) {
    const origin = req.headers.origin;
    if (origin == null || !this.allows(origin)) return;
    res.setHeader('Access-Control-Allow-Origin', this.any ? '*' : origin);
    if (!this.any) res.setHeader('Vary', 'Origin');
    res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
  }

  /** Answers a CORS preflight (OPTIONS) request. */
  preflight(req, res, methods) {
    const origin = req.headers.origin;
    if (origin != null && !this.allows(origin)) {
      res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('origin not allowed\n');
      return;
    }
    const headers = {
      'Access-Control-Allow-Methods': methods,
      'Access-Control-Allow-Headers': ALLOWED_HEADERS,
      'Access-Control-Max-Age': '600',
      Allow: methods,
      'Content-Length': '0',
    };
    if (origin != null) {
      headers['Access-Control-Allow-Origin'] = this.any ? '*' : origin;
      if (!this.any) headers.Vary = 'Origin';
    }
    // Chrome's Private Network Access: a public page talking to this loopback node
    if (req.headers['access-control-request-private-network'] === 'true') {
      headers['Access-Control-Allow-Private-Network'] = 'true';
    }
    res.writeHead(204, headers);
    res.end();
  }
}

const ALLOWED_HEADERS = [
  'Authorization',
  'Content-Type',
  'Range',
  'Accept',
  'Cache-Control',
  'If-None-Match',
  'If-Modified-Since',
  'X-Requested-With',
  'User-Agent',
].join(', ');

const EXPOSED_HEADERS = [
  'Content-Length',
  'Content-Range',
  'Content-Type',
  'Content-Disposition',
  'ETag',
  'X-Ipfs-Path',
  'X-Ipfs-Roots',
  'X-Stream-Output',
  'X-Chunked-Output',
  'X-Stream-Error',
].join(', ');

/**
 * Checks the Authorization header against the configured value, in constant
 * time. `expected` null means no authorization is required.
 */
export function authorized(req, expected) {
  if (expected == null) return true;
  const given = req.headers.authorization;
  if (typeof given !== 'string') return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** Sends a small response with a fixed body. */
export function send(res, status, body, headers = {}) {
  const buf = Buffer.isBuffer(body) ? body : Buffer.from(String(body));
  res.writeHead(status, { 'Content-Length': String(buf.length), ...headers });
  res.end(buf);
}
