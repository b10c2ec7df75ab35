// A loopback JSON-RPC proxy that behaves like a public RPC provider in front of anvil, for the
// "public network" e2e profile. It enforces what Infura, Alchemy's free tier, QuickNode and public
// nodes enforce, with their error shapes:
//   eth_getLogs   at most `maxRange` blocks per query (default 500), refused in one of the styles
//                 below; at most `maxResults` logs per answer (default 10,000), refused as Infura
//                 does (-32005 "query returned more than 10000 results", with a block range to
//                 try and data { from, to, limit })
//   eth_call / eth_estimateGas   gas capped at `gasCap` (default 30M), as a node's RPC gas cap does
//   requests/second              over `rps` (per rolling second) -> HTTP 429 with a JSON-RPC body
//   request size                 over `maxBodyBytes` -> HTTP 413
//   latency                      every answer waits `latencyMs` (default 100 ms)
// `onCall(method, params)` hears every call it answers (not those refused with 429 or 413).
// Range refusal styles (rotated per refusal unless `styles` says otherwise):
//   alchemy    -32600 "Under the Free tier plan, you can make eth_getLogs requests with up to a 500
//              block range. Based on your parameters, this block range should work: [0x.., 0x..]"
//   quicknode  -32614 "eth_getLogs is limited to a 500 range"
//   llama      -32600 "range 20000025 exceeds limit of 500"
//   ankr       -32062 "block range is too large"
// CORS is open (the page, built with the proxy as its RPC, fetches it from another origin).
import http from 'node:http';
import { listenLocal } from '../lib/listen.mjs';

export const RANGE_STYLES = ['alchemy', 'quicknode', 'llama', 'ankr'];

const hex = (n) => `0x${BigInt(n).toString(16)}`;

/**
 * @param {{ target: string, maxRange?: number, maxResults?: number, gasCap?: number, rps?: number,
 *   latencyMs?: number, maxBodyBytes?: number, styles?: string[],
 *   onCall?: (method: string, params: unknown[]) => void }} o
 * @returns {Promise<{ url: string, stats: Record<string, any>, close(): Promise<void> }>}
 */
export async function startPublicRpcProxy({
  target,
  maxRange = 500,
  maxResults = 10_000,
  gasCap = 30_000_000,
  rps = 25,
  latencyMs = 100,
  maxBodyBytes = 1 << 20,
  styles = RANGE_STYLES,
  onCall,
}) {
  const stats = {
    requests: 0,
    limited: 0,
    rangeRefused: 0,
    resultsRefused: 0,
    tooLarge: 0,
    gasCapped: 0,
    methods: /** @type {Record<string, number>} */ ({}),
    widestLogRange: 0,
  };
  const recent = [];
  let styleTurn = 0;
  let id = 0;

  async function upstream(method, params) {
    const res = await fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params }),
    });
    return res.json();
  }

  async function blockOf(tag) {
    if (tag === undefined || tag === null || ['latest', 'pending', 'safe', 'finalized'].includes(tag)) {
      return BigInt((await upstream('eth_blockNumber', [])).result);
    }
    if (tag === 'earliest') return 0n;
    return BigInt(tag);
  }

  function rangeRefusal(from, span) {
    stats.rangeRefused++;
    const style = styles[styleTurn++ % styles.length];
    const limit = maxRange.toLocaleString('en-US');
    switch (style) {
      case 'alchemy':
        return {
          code: -32600,
          message: `Under the Free tier plan, you can make eth_getLogs requests with up to a ${maxRange} block range. Based on your parameters, this block range should work: [${hex(from)}, ${hex(from + BigInt(maxRange) - 1n)}]`,
        };
      case 'quicknode':
        return { code: -32614, message: `eth_getLogs is limited to a ${limit} range` };
      case 'llama':
        return { code: -32600, message: `range ${span} exceeds limit of ${maxRange}` };
      default:
        return { code: -32062, message: 'block range is too large' };
    }
  }

  /** One JSON-RPC call with the provider's rules: { result } or { error }. */
  async function handle(call) {
    const { method } = call;
    const params = Array.isArray(call.params) ? call.params : [];
    stats.methods[method] = (stats.methods[method] ?? 0) + 1;
    onCall?.(method, params);
    if (method === 'eth_getLogs') {
      const f = params[0] ?? {};
      if (!f.blockHash) {
        const from = await blockOf(f.fromBlock);
        const to = await blockOf(f.toBlock);
        const span = to - from + 1n;
        if (span > BigInt(maxRange)) return { error: rangeRefusal(from, span) };
        if (span > BigInt(stats.widestLogRange)) stats.widestLogRange = Number(span);
        const r = await upstream(method, params);
        if (r.result && r.result.length > maxResults) {
          stats.resultsRefused++;
          // The last block whose logs all fit.
          const cut = BigInt(r.result[maxResults].blockNumber) - 1n;
          return {
            error: {
              code: -32005,
              message: `query returned more than ${maxResults} results. Try with this block range [${hex(from)}, ${hex(cut < from ? from : cut)}].`,
              data: { from: hex(from), to: hex(cut < from ? from : cut), limit: maxResults },
            },
          };
        }
        return r;
      }
    }
    if ((method === 'eth_call' || method === 'eth_estimateGas') && params[0] && typeof params[0] === 'object') {
      const gas = params[0].gas === undefined ? undefined : BigInt(params[0].gas);
      if (gas === undefined || gas > BigInt(gasCap)) {
        stats.gasCapped++;
        const p = [{ ...params[0], gas: hex(gasCap) }, ...params.slice(1)];
        return upstream(method, p);
      }
    }
    return upstream(method, params);
  }

  const cors = {
    'access-control-allow-origin': '*',
    'access-control-allow-methods': 'POST, OPTIONS',
    'access-control-allow-headers': 'content-type',
    'access-control-max-age': '600',
  };

  const server = http.createServer((req, res) => {
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors).end();
      return;
    }
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      chunks.push(c);
    });
    req.on('end', async () => {
      const reply = (status, body) =>
        setTimeout(() => {
          res.writeHead(status, { ...cors, 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        }, latencyMs);
      stats.requests++;
      if (size > maxBodyBytes) {
        stats.tooLarge++;
        reply(413, { jsonrpc: '2.0', id: null, error: { code: 413, message: 'Request Entity Too Large' } });
        return;
      }
      let body;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        reply(400, { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'parse error' } });
        return;
      }
      const now = Date.now();
      while (recent.length && recent[0] <= now - 1000) recent.shift();
      if (recent.length >= rps) {
        stats.limited++;
        reply(429, {
          jsonrpc: '2.0',
          id: Array.isArray(body) ? null : (body.id ?? null),
          error: {
            code: 429,
            message:
              'Your app has exceeded its compute units per second capacity. If you have retries enabled, you can safely ignore this message.',
          },
        });
        return;
      }
      recent.push(now);
      const one = async (call) => {
        try {
          const r = await handle(call);
          return { jsonrpc: '2.0', id: call.id ?? null, ...(r.error ? { error: r.error } : { result: r.result }) };
        } catch (e) {
          return { jsonrpc: '2.0', id: call.id ?? null, error: { code: -32603, message: String(e?.message ?? e) } };
        }
      };
      reply(200, Array.isArray(body) ? await Promise.all(body.map(one)) : await one(body));
    });
  });
  server.keepAliveTimeout = 1000;
  return { ...(await listenLocal(server)), stats };
}
