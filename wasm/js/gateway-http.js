// HTTP plumbing shared by the gateway client (gateway.js) and the uploader
// (gateway-upload.js): their error classes, deadlines that restart on progress, bounded body
// reads and the one retry of a request whose connection failed before any response.
import { EhrError } from './errors.js';
import { concatBytes } from './core.js';
import { bytePieces } from './ipfs.js';

/** All gateways failed for a block; `attempts` lists each gateway's error. */
export class GatewayError extends EhrError {
  constructor(message, attempts = []) {
    super('ERR_GATEWAY_FAILED', message);
    this.name = 'GatewayError';
    /** @type {Array<{ gateway: string, error: Error }>} */
    this.attempts = attempts;
  }
}

/** A gateway answered 429 Too Many Requests; it is not asked again for `retryAfterMs`. */
export class RateLimitError extends EhrError {
  constructor(gateway, retryAfterMs) {
    super('ERR_RATE_LIMITED', `${gateway}: HTTP 429, retry after ${retryAfterMs} ms`);
    this.name = 'RateLimitError';
    this.gateway = gateway;
    this.retryAfterMs = retryAfterMs;
  }
}

/**
 * A Retry-After header (delay-seconds or an HTTP-date, RFC 9110 section 10.2.3) in milliseconds
 * from `now`; null when absent or malformed.
 */
export function parseRetryAfter(value, now = Date.now()) {
  if (value == null) return null;
  const s = String(value).trim();
  if (/^\d+$/.test(s)) return Number(s) * 1000;
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : Math.max(0, t - now);
}

/** Resolves after `ms`, or rejects at once with the signal's reason when it aborts. */
export function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new EhrError('ERR_ABORTED', 'aborted'));
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason ?? new EhrError('ERR_ABORTED', 'aborted'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The node's CID for an upload differs from the one computed locally. */
export class CidMismatchError extends EhrError {
  constructor(local, remote) {
    super('ERR_CID_MISMATCH', `the node returned ${remote}, but the content's CID is ${local}`);
    this.name = 'CidMismatchError';
    this.local = local;
    this.remote = remote;
  }
}

/** The upload endpoint answered with an error (or not at all). */
export class UploadError extends EhrError {
  constructor(message, status = 0) {
    super('ERR_UPLOAD_FAILED', message);
    this.name = 'UploadError';
    this.status = status;
  }
}

export const timeoutError = (what, ms) => new EhrError('ERR_TIMEOUT', `${what}: no answer within ${ms} ms`);

/**
 * One request's deadline: `signal` aborts on the caller's signal (`outer`) or once `ms` pass
 * without touch(); touch() restarts the clock, pause() stops it (while a consumer holds the data),
 * abort() ends the request, end() releases the timer and the caller's signal.
 */
export function deadline(ms, outer, what) {
  const ac = new AbortController();
  let timer;
  const pause = () => clearTimeout(timer);
  const touch = () => {
    clearTimeout(timer);
    timer = setTimeout(() => ac.abort(timeoutError(what, ms)), ms);
  };
  const onAbort = () => ac.abort(outer.reason);
  outer?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: ac.signal,
    touch,
    pause,
    abort: () => ac.abort(),
    end() {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
    },
  };
}

/**
 * Runs fn(signal) with a signal that aborts on the caller's signal or after `ms` without
 * progress; `touch()` (passed to fn) restarts the clock (for streamed bodies).
 */
export async function withTimeout(ms, outer, what, fn) {
  if (outer?.aborted) throw outer.reason ?? new EhrError('ERR_ABORTED', 'aborted');
  const d = deadline(ms, outer, what);
  d.touch();
  try {
    return await fn(d.signal, d.touch);
  } catch (e) {
    // fetch reports an abort as its own AbortError: surface the reason (timeout or caller's).
    if (d.signal.aborted && d.signal.reason) throw d.signal.reason;
    throw e;
  } finally {
    d.end();
  }
}

/** Reads a response body, refusing more than `max` bytes. */
export async function readBody(res, max, touch) {
  const parts = [];
  let n = 0;
  for await (const value of bytePieces(res.body)) {
    touch?.();
    n += value.length;
    if (n > max) throw new EhrError('ERR_TOO_LARGE', `response larger than ${max} bytes`);
    parts.push(value);
  }
  return concatBytes(parts);
}

/**
 * The bytes of a ReadableStream in pieces of up to `size` bytes. A byte stream (fetch bodies and
 * Blob.stream() in browsers) is read with a BYOB reader into one reused buffer, so reading
 * allocates nothing per piece: each piece is a view valid only until the next one is asked for.
 * Other streams yield their own chunks. `onRead` is called after every read (a deadline's touch).
 */
export async function* streamPieces(stream, size = 1 << 20, onRead) {
  let reader;
  try {
    reader = stream.getReader({ mode: 'byob' });
  } catch {
    reader = null; // not a byte stream
  }
  try {
    if (!reader) {
      reader = stream.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        onRead?.();
        if (done) return;
        yield value;
      }
    }
    let buf = new ArrayBuffer(size);
    for (let done = false; !done;) {
      let filled = 0;
      while (filled < size) {
        // The buffer is transferred into read() and comes back in its answer.
        const r = await reader.read(new Uint8Array(buf, filled, size - filled));
        onRead?.();
        if (r.value) buf = r.value.buffer;
        if (r.done) {
          done = true;
          break;
        }
        filled += r.value.byteLength;
      }
      if (filled > 0) yield new Uint8Array(buf, 0, filled);
    }
  } finally {
    await reader?.cancel().catch(() => {});
    reader?.releaseLock();
  }
}

/**
 * fetch, once more when the connection failed before any response (typically a keep-alive
 * socket the server closed just as it was reused). GETs and content-addressed adds are safe to
 * repeat; a streamed body cannot be sent twice and is not retried.
 */
export async function fetchOnceMore(fetchFn, url, init) {
  try {
    return await fetchFn(url, init);
  } catch (e) {
    if (init.signal?.aborted || !(e instanceof TypeError) || typeof init.body?.getReader === 'function') throw e;
    return fetchFn(url, init);
  }
}

/** An error's message with its cause's code (fetch says only "fetch failed"). */
export const describe = (e) =>
  `${e?.code ?? e?.name ?? 'Error'}: ${e?.message}${e?.cause ? ` (${e.cause.code ?? e.cause.message})` : ''}`;

export const trimSlash = (u) => String(u).replace(/\/+$/, '');
