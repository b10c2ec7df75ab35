// A flaky HTTP proxy on 127.0.0.1 for fault-injection tests. Every request it forwards meets one
// fate, drawn from a PRNG seeded by (seed, method, URL, how many times that request came before):
//   pass      forwarded untouched
//   delay     forwarded after a few milliseconds
//   drop      the connection is closed before any answer
//   truncate  the answer ends early: either a well-formed chunked response with a short body (the
//             sneaky case: no transport error at all) or a Content-Length response cut mid-body
//   flip      the answer has the right length and status, with 1..3 bytes changed
//   status    an error status (500, 502, 503, 429, 404) or a 200 with unrelated bytes
// Keying the PRNG by request rather than by arrival order keeps a run deterministic even when the
// client fetches several things at once: the same request always meets the same fate.
import http from 'node:http';
import { mulberry32 } from '../lib/prng.mjs';
import { listenLocal } from '../lib/listen.mjs';

export const FATES = ['pass', 'delay', 'drop', 'truncate', 'flip', 'status'];

/** 32-bit FNV-1a of a string. */
function fnv1a(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** A small seeded PRNG (mulberry32) returning floats in [0, 1) and integers. */
export function prng(seed) {
  const next = mulberry32(seed);
  return { next, int: (n) => Math.floor(next() * n) };
}

/**
 * Starts the proxy in front of `target` (an http://host:port base URL).
 * @param {{ target: string, seed: number, faultRate?: number, fates?: string[] }} options
 *   faultRate: share of requests that meet a fate other than pass (default 0.4); fates: the faults
 *   to draw from (default every one but pass).
 * @returns {Promise<{ url: string, stats: Record<string, number>, log: Array<{ key: string, fate: string }>,
 *   close(): Promise<void> }>}
 */
export async function startFlakyProxy({ target, seed, faultRate = 0.4, fates = FATES.slice(1) }) {
  const upstream = new URL(target);
  const seen = new Map();
  const stats = Object.fromEntries(FATES.map((f) => [f, 0]));
  const log = [];

  const server = http.createServer((req, res) => {
    const key = `${req.method} ${req.url}`;
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    const rnd = prng(seed ^ fnv1a(key) ^ Math.imul(n + 1, 0x9e3779b1));
    const fate = rnd.next() < faultRate ? fates[rnd.int(fates.length)] : 'pass';
    stats[fate]++;
    log.push({ key, fate });

    if (fate === 'drop') {
      req.resume();
      req.socket.destroy();
      return;
    }
    if (fate === 'status') {
      req.resume();
      const choice = rnd.int(6);
      if (choice === 5) {
        const junk = new Uint8Array(1 + rnd.int(300)).map(() => rnd.int(256));
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': junk.length });
        res.end(junk);
      } else {
        res.writeHead([500, 502, 503, 429, 404][choice], { 'content-type': 'text/plain' });
        res.end('injected failure');
      }
      return;
    }

    const forward = () => {
      const headers = { ...req.headers, host: upstream.host };
      const up = http.request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers },
        (ures) => {
          if (fate === 'pass' || fate === 'delay') {
            res.writeHead(ures.statusCode, ures.headers);
            ures.pipe(res);
            return;
          }
          const parts = [];
          ures.on('data', (c) => parts.push(c));
          ures.on('error', () => res.destroy());
          ures.on('end', () => {
            const body = Buffer.concat(parts);
            const headers = { ...ures.headers };
            delete headers['content-length'];
            delete headers['transfer-encoding'];
            if (fate === 'flip') {
              if (body.length > 0) {
                for (let i = 1 + rnd.int(3); i > 0; i--) body[rnd.int(body.length)] ^= 1 + rnd.int(255);
              }
              res.writeHead(ures.statusCode, { ...headers, 'content-length': body.length });
              res.end(body);
              return;
            }
            // truncate
            const keep = body.length > 0 ? rnd.int(body.length) : 0;
            if (rnd.int(2) === 0) {
              res.writeHead(ures.statusCode, headers); // chunked: a well-formed, short answer
              res.end(body.subarray(0, keep));
            } else {
              res.writeHead(ures.statusCode, { ...headers, 'content-length': body.length });
              res.write(body.subarray(0, keep), () => res.destroy());
            }
          });
        },
      );
      up.on('error', () => res.destroy());
      req.pipe(up);
    };
    if (fate === 'delay') setTimeout(forward, 1 + rnd.int(40));
    else forward();
  });
  server.keepAliveTimeout = 1000;
  return { ...(await listenLocal(server)), stats, log };
}
