// A loopback HTTP pass-through that counts what crosses it: requests (CORS preflights apart) and
// the bytes of request and response bodies, streamed (a 1 GB answer is never held). Put it in
// front of an RPC endpoint or a gateway and give the page its URL: what the page sends there and
// gets back is counted, whatever the page does. snapshot() and since(snapshot) measure a step.
import http from 'node:http';
import { listenLocal } from './listen.mjs';

/**
 * @param {{ target: string }} o the base URL to forward to (http://127.0.0.1:port)
 * @returns {Promise<{ url: string, stats: { requests: number, preflights: number, sentBytes: number,
 *   receivedBytes: number, byPath: Record<string, number> }, snapshot: () => object,
 *   since: (s: object) => { requests: number, preflights: number, sentBytes: number, receivedBytes: number,
 *   bytes: number }, close: () => Promise<void> }>}
 *   sentBytes: request bodies (page -> target); receivedBytes: response bodies (target -> page);
 *   byPath: requests per first path segment ('/api', '/ipfs', '/')
 */
export async function startCountingProxy({ target }) {
  const to = new URL(target);
  const agent = new http.Agent({ keepAlive: true });
  const stats = { requests: 0, preflights: 0, sentBytes: 0, receivedBytes: 0, byPath: {} };
  const server = http.createServer((req, res) => {
    if (req.method === 'OPTIONS') stats.preflights++;
    else {
      stats.requests++;
      const seg = `/${(req.url ?? '/').split(/[/?]/)[1] ?? ''}`;
      stats.byPath[seg] = (stats.byPath[seg] ?? 0) + 1;
    }
    const up = http.request(
      {
        host: to.hostname,
        port: to.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: to.host },
        agent,
      },
      (ans) => {
        res.writeHead(ans.statusCode ?? 502, ans.headers);
        ans.on('data', (c) => (stats.receivedBytes += c.length));
        ans.pipe(res);
      },
    );
    up.on('error', (e) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(String(e.message));
    });
    req.on('data', (c) => (stats.sentBytes += c.length));
    req.pipe(up);
  });
  const listening = await listenLocal(server);
  const snapshot = () => ({ ...stats });
  return {
    url: listening.url,
    stats,
    snapshot,
    since: (s) => {
      const d = {
        requests: stats.requests - s.requests,
        preflights: stats.preflights - s.preflights,
        sentBytes: stats.sentBytes - s.sentBytes,
        receivedBytes: stats.receivedBytes - s.receivedBytes,
      };
      return { ...d, bytes: d.sentBytes + d.receivedBytes };
    },
    async close() {
      await listening.close();
      agent.destroy();
    },
  };
}
