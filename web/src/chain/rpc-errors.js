// One reading of the refusals public RPC endpoints (Infura, Alchemy, QuickNode, Ankr, public
// nodes, a wallet relaying them) send when a request is over their limits: too many requests per
// second, an eth_getLogs block range or result count over the cap, an answer too large. The log
// pager (logs.js) uses it to shrink its windows or to back off; errors.js uses it to say in plain
// words that the RPC endpoint, not the user, refused. No imports: it runs in Node tests too.

/** The error and the errors it wraps (wallets nest the node's answer in data/originalError/cause). */
function chain(e) {
  const out = [];
  const seen = new Set();
  let x = e;
  for (let depth = 0; x && typeof x === 'object' && depth < 5 && !seen.has(x); depth++) {
    seen.add(x);
    out.push(x);
    x = x.data?.originalError ?? x.error ?? x.cause ?? (x.data && typeof x.data === 'object' ? x.data : undefined);
  }
  return out;
}

const RESULTS =
  /more than [\d,]+ (?:results|logs)|too many (?:results|logs)|returned too many|log response size exceeded|response size (?:exceeded|is (?:too )?large|should not)|results? (?:limit|size) exceeded|exceeds? max(?:imum)? results|max(?:imum)? results|response (?:is )?too (?:large|big)|query timeout|statement timeout|too many matching/i;
const RANGE =
  /block range|range (?:is )?too (?:large|wide|big)|exceeds? (?:the )?limit of|exceed(?:s|ed)? max(?:imum)? (?:block )?range|max(?:imum)? block range|blocks? range|limited to an? [\d,]+(?: blocks?)? range|up to an? [\d,]+ block range|range limit|range (?:greater|larger) than|block range greater|too many blocks|more than [\d,]+ blocks|range of more than/i;
const SIZE = /\b413\b|payload too large|request entity too large|request too large|body too large/i;
const RATE =
  /\b429\b|too many requests|rate[- ]?limit|rate limited|request rate|requests per second|compute units|capacity|daily request count|exceeded (?:its|your) (?:quota|limit)|throttl|limit exceeded|quota/i;
/** "range 20000025 exceeds limit of 10000", "exceed maximum block range: 5000", "limited to a 10,000 range", ... */
const MAX_RANGE = [
  /limit of ([\d,]+)/i,
  /max(?:imum)? (?:block )?range(?: is| of)?:? ?([\d,]+)/i,
  /limited to an? ([\d,]+)/i,
  /up to an? ([\d,]+) block/i,
  /range (?:greater|larger) than ([\d,]+)/i,
  /more than ([\d,]+) blocks/i,
  /([\d,]+) blocks? (?:range )?(?:max|limit)/i,
  /\bmax(?:imum)?:? ([\d,]+)/i,
];
const SUGGESTED = /\[\s*(0x[0-9a-f]+)\s*,\s*(0x[0-9a-f]+)\s*\]/i;
const LIMIT_CODES = new Set([-32005, -32600, -32602, -32614, -32000, -32603, -32001, -32062, -32047]);

/** The provider's own words (every message in the chain, joined), cut to a readable length. */
export function providerText(e) {
  const parts = [];
  for (const x of chain(e)) {
    const m = typeof x.message === 'string' ? x.message : typeof x === 'string' ? x : '';
    if (m && !parts.some((p) => p.includes(m))) parts.push(m);
  }
  if (parts.length === 0 && typeof e === 'string') parts.push(e);
  return parts.join(' — ').slice(0, 500);
}

const num = (s) => Number(String(s).replace(/,/g, ''));
const hexNum = (v) => (typeof v === 'string' && /^0x[0-9a-f]+$/i.test(v) ? Number.parseInt(v, 16) : undefined);

/**
 * What kind of provider refusal `e` is, or null when it is something else.
 *   kind 'rate'     too many requests: back off and try again
 *   kind 'range'    the eth_getLogs block range is over the cap (maxRange: the cap, when stated)
 *   kind 'results'  too many results / answer too large for the range (shrink the range)
 *   kind 'size'     HTTP 413: the request or answer is too large
 * `suggested` is the block range the provider proposes ({ from, to }), when it gives one.
 * @returns {null | { kind: 'rate' | 'range' | 'results' | 'size', code?: number | string, status?: number,
 *   maxRange?: number, suggested?: { from: number, to: number }, detail: string }}
 */
export function classifyRpcError(e) {
  if (e == null) return null;
  const links = chain(e);
  const codes = links.map((x) => x.code).filter((c) => c !== undefined);
  const statuses = links.map((x) => x.status ?? x.statusCode).filter((s) => Number.isInteger(s));
  const detail = providerText(e);
  const code = codes.find((c) => Number.isInteger(c)) ?? codes[0];
  // Never a provider limit: the user's own answer in the wallet, a revert, a lock.
  // Never a provider limit: the user's own answer in the wallet, a revert, a lock, the module's
  // typed errors (ERR_*).
  if (
    codes.includes(4001) ||
    codes.some((c) => typeof c === 'string' && (c === 'CONTRACT_REVERT' || c.startsWith('ERR_'))) ||
    e?.name === 'LockedError'
  )
    return null;

  let suggested;
  const m = SUGGESTED.exec(detail);
  if (m) suggested = { from: Number.parseInt(m[1], 16), to: Number.parseInt(m[2], 16) };
  else {
    for (const x of links) {
      const d = x.data && typeof x.data === 'object' ? x.data : null;
      const from = hexNum(d?.from);
      const to = hexNum(d?.to);
      if (from !== undefined && to !== undefined && to >= from) {
        suggested = { from, to };
        break;
      }
    }
  }
  const base = { code, ...(statuses.length ? { status: statuses[0] } : {}), detail };

  if (statuses.includes(413) || SIZE.test(detail)) return { kind: 'size', ...base, suggested };
  if (RESULTS.test(detail)) return { kind: 'results', ...base, suggested };
  if (RANGE.test(detail)) {
    let maxRange;
    for (const re of MAX_RANGE) {
      const r = re.exec(detail);
      if (r && num(r[1]) > 0) {
        maxRange = num(r[1]);
        break;
      }
    }
    return { kind: 'range', ...base, ...(maxRange ? { maxRange } : {}), suggested };
  }
  if (suggested && codes.some((c) => LIMIT_CODES.has(c))) return { kind: 'results', ...base, suggested };
  if (statuses.includes(429) || codes.includes(429) || codes.includes(-32090) || RATE.test(detail))
    return { kind: 'rate', ...base };
  if (codes.includes(-32005)) return { kind: 'rate', ...base }; // EIP-1474 "limit exceeded"
  return null;
}

/** True for a refusal worth waiting out (HTTP 429, -32005 rate limits). */
export const isRateLimit = (e) => classifyRpcError(e)?.kind === 'rate';

/**
 * Plain words for each kind of refusal (what the endpoint would not do): messages of the page's
 * catalogue, translated where errors.js puts them in a sentence (this module imports nothing).
 */
export const LIMIT_WORDS = Object.freeze({
  rate: 'too many requests in a short time',
  range: 'it reads the history only in small block ranges, and a range was too large',
  results: 'the answer would have held more results than it returns at once',
  size: 'the request or its answer was too large',
});

/** The endpoint named in a transport error ("HTTP 429 from https://…"), when there is one. */
export function endpointOf(e) {
  const m = /\bfrom (https?:\/\/[^\s,;)]+)/i.exec(providerText(e));
  if (!m) return undefined;
  try {
    return new URL(m[1]).host;
  } catch {
    return undefined;
  }
}
