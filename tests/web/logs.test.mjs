// Unit tests (Node, no browser) of the page's log pager (web/src/chain/logs.js) and of the reading
// of public RPC refusals (web/src/chain/rpc-errors.js, errors.js): a fake provider holds a chain
// of logs and refuses eth_getLogs the way Infura, Alchemy, QuickNode, Ankr and public nodes do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogReader } from '../../web/src/chain/logs.js';
import { classifyRpcError } from '../../web/src/chain/rpc-errors.js';
import { describeError } from '../../web/src/errors.js';

const ADDRESS = '0x5fbdb2315678afecb367f032d93f642f64180aa3';
const TOPIC = `0x${'ab'.repeat(32)}`;
const hex = (n) => `0x${n.toString(16)}`;
const rpcError = (code, message, data) => Object.assign(new Error(message), { code, data });

/**
 * A chain from `first` to `head` with `density(block)` logs of ADDRESS in each block, and a rule
 * that may refuse an eth_getLogs window (returns an Error) given (from, to, matching logs).
 */
function fakeProvider({ first = 0, head, density, refuse = () => null, deployedAt = first, rate = () => null }) {
  const logs = [];
  for (let b = first; b <= head; b++) {
    for (let i = 0; i < density(b); i++) {
      logs.push({
        address: ADDRESS,
        topics: [TOPIC],
        data: '0x',
        blockNumber: hex(b),
        logIndex: hex(i),
        transactionHash: `0x${b.toString(16).padStart(32, '0')}${i.toString(16).padStart(32, '0')}`,
      });
    }
  }
  const p = {
    head,
    windows: [],
    refusals: [],
    calls: [],
    async request({ method, params }) {
      p.calls.push(method);
      const limited = rate(method, p.calls.length);
      if (limited) throw limited;
      switch (method) {
        case 'eth_blockNumber':
          return hex(p.head);
        case 'eth_getCode':
          return Number.parseInt(params[1], 16) >= deployedAt ? '0x6080' : '0x';
        case 'eth_getBlockByNumber':
          return { number: params[0], timestamp: hex(1_700_000_000 + Number.parseInt(params[0], 16) * 12) };
        case 'eth_getLogs': {
          const f = params[0];
          const from = Number.parseInt(f.fromBlock, 16);
          const to = Number.parseInt(f.toBlock, 16);
          assert.ok(to >= from, `a window [${from}, ${to}]`);
          const found = logs.filter((l) => {
            const n = Number.parseInt(l.blockNumber, 16);
            return n >= from && n <= to && n <= p.head;
          });
          const e = refuse(from, to, found);
          if (e) {
            p.refusals.push([from, to]);
            throw e;
          }
          p.windows.push([from, to]);
          return found;
        }
        default:
          throw rpcError(-32601, `method ${method} not found`);
      }
    },
  };
  p.expected = (from = first) => logs.filter((l) => Number.parseInt(l.blockNumber, 16) >= from);
  return p;
}

const noSleep = () => Promise.resolve();
const reader = (o = {}) => createLogReader({ sleep: noSleep, random: () => 0.5, ...o });
const ids = (logs) => logs.map((l) => `${Number.parseInt(l.blockNumber, 16)}:${Number.parseInt(l.logIndex, 16)}`);

/** Complete, in order, no duplicates, and every successful window within the rule. */
function checkComplete(got, p, from) {
  const want = ids(p.expected(from));
  assert.deepEqual(ids(got), want);
  assert.equal(new Set(ids(got)).size, got.length, 'no duplicates');
}
/** The windows cover [from, head] exactly once, in order. */
function checkCoverage(p, from) {
  let at = from;
  for (const [a, b] of p.windows) {
    assert.equal(a, at, `window [${a}, ${b}] starts where the last one ended`);
    at = b + 1;
  }
  assert.equal(at, p.head + 1);
}

// The refusals of real providers, each with the cap it enforces.
const RANGE_SHAPES = {
  alchemy: (max) => (from, to) =>
    to - from + 1 > max
      ? rpcError(
          -32600,
          `Under the Free tier plan, you can make eth_getLogs requests with up to a ${max} block range. Based on your parameters, this block range should work: [${hex(from)}, ${hex(from + max - 1)}]`,
        )
      : null,
  quicknode: (max) => (from, to) =>
    to - from + 1 > max ? rpcError(-32614, `eth_getLogs is limited to a ${max.toLocaleString('en-US')} range`) : null,
  llama: (max) => (from, to) =>
    to - from + 1 > max ? rpcError(-32600, `range ${to - from + 1} exceeds limit of ${max}`) : null,
  bsc: (max) => (from, to) => (to - from + 1 > max ? rpcError(-32000, `exceed maximum block range: ${max}`) : null),
  ankr: (max) => (from, to) => (to - from + 1 > max ? rpcError(-32062, 'block range is too large') : null),
  erigon: (max) => (from, to) => (to - from + 1 > max ? rpcError(-32000, 'range too large') : null),
  bare: (max) => (from, to) => (to - from + 1 > max ? rpcError(-32602, 'invalid params') : null),
  // A wallet relaying the node's answer inside its own error (MetaMask's -32603 wrapper).
  wrapped: (max) => (from, to) =>
    to - from + 1 > max
      ? rpcError(-32603, 'Internal JSON-RPC error.', {
          originalError: { code: -32005, message: `block range is too large (max ${max})` },
        })
      : null,
};

for (const [name, shape] of Object.entries(RANGE_SHAPES)) {
  test(`range cap, ${name}: windows shrink to the cap, every log once and in order`, async () => {
    const p = fakeProvider({ first: 0, head: 20_000, density: (b) => (b % 97 === 0 ? 2 : 0), refuse: shape(500) });
    const r = reader();
    const got = await r.getLogs(p, { address: ADDRESS, topics: [TOPIC] }, { startBlock: 1000 });
    checkComplete(got, p, 1000);
    checkCoverage(p, 1000);
    assert.ok(
      p.windows.every(([a, b]) => b - a + 1 <= 500),
      'no accepted window over the cap',
    );
    // A stated or suggested cap is learnt at the first refusal; without one, a bisection.
    const most = ['alchemy', 'quicknode', 'llama', 'bsc', 'wrapped'].includes(name) ? 1 : 16;
    assert.ok(p.refusals.length >= 1 && p.refusals.length <= most, `${p.refusals.length} refusals`);
    // Once learnt, the cap sticks: a second query (other topics) is refused at most rarely.
    const before = p.refusals.length;
    await r.getLogs(p, { address: ADDRESS, topics: [null] }, { startBlock: 1000 });
    if (name !== 'bare') assert.equal(p.refusals.length, before, 'the learnt cap is kept for this provider');
  });
}

test('a bare "invalid params" that is a real error: reported, and the learnt windows put back', async () => {
  const p = fakeProvider({ head: 4000, density: () => 1, refuse: RANGE_SHAPES.llama(1000) });
  const r = reader();
  await r.getLogs(p, { address: ADDRESS, topics: [TOPIC] });
  const learnt = r.stats(p);
  const bad = fakeProvider({ head: 4000, density: () => 1, refuse: () => rpcError(-32602, 'invalid params') });
  bad.request = bad.request.bind(bad);
  // Same provider object, another query that the node refuses at every size.
  const original = p.request;
  p.request = (a) => (a.method === 'eth_getLogs' && a.params[0].topics[0] === null ? bad.request(a) : original(a));
  await assert.rejects(r.getLogs(p, { address: ADDRESS, topics: [null] }), /invalid params/);
  assert.equal(r.stats(p).ceiling, learnt.ceiling, 'the cap learnt before is kept');
  assert.equal(r.stats(p).window, learnt.window);
});

test('a stated cap is used as is; a suggested range is used exactly', async () => {
  const p = fakeProvider({ first: 0, head: 5000, density: () => 1, refuse: RANGE_SHAPES.alchemy(500) });
  await reader().getLogs(p, { address: ADDRESS, topics: [] }, { startBlock: 0 });
  assert.deepEqual(p.refusals, [[0, 5000]]);
  assert.deepEqual(p.windows[0], [0, 499], 'the suggested [0x0, 0x1f3]');
  assert.equal(p.windows.length, 11);

  const q = fakeProvider({ first: 0, head: 20_000_100, density: () => 0, refuse: RANGE_SHAPES.llama(10_000) });
  await reader().getLogs(q, { address: ADDRESS, topics: [] }, { startBlock: 20_000_000 });
  assert.deepEqual(
    q.refusals,
    [[20_000_000, 20_000_100]].filter(([a, b]) => b - a + 1 > 10_000),
  );
  assert.deepEqual(q.windows, [[20_000_000, 20_000_100]], 'a short range is read at once');
});

test('too many results (Infura -32005 with a range to try): windows shrink, then grow again', async () => {
  const max = 50;
  // A dense stretch (20 logs per block in 3000..3100) in a sparse history.
  const density = (b) => (b >= 3000 && b < 3100 ? 20 : b % 100 === 0 ? 1 : 0);
  const refuse = (from, to, found) => {
    if (found.length <= max) return null;
    const cut = Number.parseInt(found[max].blockNumber, 16) - 1;
    return rpcError(
      -32005,
      `query returned more than ${max} results. Try with this block range [${hex(from)}, ${hex(Math.max(from, cut))}].`,
      {
        from: hex(from),
        to: hex(Math.max(from, cut)),
        limit: max,
      },
    );
  };
  const p = fakeProvider({ head: 10_000, density, refuse });
  const got = await reader({ initialWindow: 2000 }).getLogs(p, { address: ADDRESS, topics: [TOPIC] });
  checkComplete(got, p, 0);
  checkCoverage(p, 0);
  const spans = p.windows.map(([a, b]) => b - a + 1);
  const smallest = Math.min(...spans);
  assert.ok(smallest <= 3, `down to ${smallest}-block windows in the dense stretch`);
  const after = spans.slice(spans.indexOf(smallest) + 1);
  assert.ok(Math.max(...after) >= 1000, `grows again after it (${after.join(',')})`);
  // Suggested ranges honoured: each window after a refusal ends where the provider said.
  for (const [a, b] of p.refusals) {
    const next = p.windows.find(([x]) => x === a);
    const found = p.expected(0).filter((l) => {
      const n = Number.parseInt(l.blockNumber, 16);
      return n >= a && n <= b;
    });
    const cut = Math.max(a, Number.parseInt(found[max].blockNumber, 16) - 1);
    if (next) assert.ok(next[1] <= cut, `[${next}] within the suggested [${a}, ${cut}]`);
  }
});

test('too many results without a suggestion, down to single blocks', async () => {
  const max = 5;
  const density = (b) => (b >= 200 && b < 210 ? 5 : 1);
  const refuse = (from, to, found) => (found.length > max ? rpcError(-32005, 'too many results') : null);
  const p = fakeProvider({ head: 400, density, refuse });
  const got = await reader().getLogs(p, { address: ADDRESS, topics: [] });
  checkComplete(got, p, 0);
  checkCoverage(p, 0);
  assert.ok(
    p.windows.some(([a, b]) => a === b && a >= 200 && a < 210),
    'single-block windows',
  );

  // A single block over the cap cannot be read: the provider's refusal comes through.
  const q = fakeProvider({ head: 50, density: (b) => (b === 20 ? 9 : 0), refuse });
  await assert.rejects(reader().getLogs(q, { address: ADDRESS, topics: [] }), /too many results/);

  // Log response size exceeded (Alchemy), with its suggested range.
  const s = fakeProvider({
    head: 3000,
    density: () => 1,
    refuse: (from, to, found) =>
      found.length > 700
        ? rpcError(
            -32602,
            `Log response size exceeded. You can make eth_getLogs requests with up to a 2K block range and no limit on the response size, or you can request any block range with a cap of 10K logs in the response. Based on your parameters, this block range should work: [${hex(from)}, ${hex(from + 699)}]`,
          )
        : null,
  });
  checkComplete(await reader().getLogs(s, { address: ADDRESS, topics: [] }), s, 0);
  assert.deepEqual(s.windows[0], [0, 699]);

  // HTTP 413 (the answer is too large for the endpoint): halved like too many results.
  const t = fakeProvider({
    head: 2000,
    density: (b) => (b % 3 === 0 ? 1 : 0),
    refuse: (from, to, found) =>
      found.length > 100 ? Object.assign(new Error('Request Entity Too Large'), { status: 413 }) : null,
  });
  checkComplete(await reader().getLogs(t, { address: ADDRESS, topics: [] }), t, 0);
  checkCoverage(t, 0);
});

test('a screen opened again reads only the new blocks (per address and topics, per session)', async () => {
  const p = fakeProvider({ head: 3000, density: (b) => (b % 100 === 0 ? 1 : 0), refuse: RANGE_SHAPES.quicknode(1000) });
  const r = reader({ reorgDepth: 5 });
  const f = { address: ADDRESS, topics: [TOPIC] };
  checkComplete(await r.getLogs(p, f, { startBlock: 100 }), p, 100);
  p.windows.length = 0;
  p.head = 3500;
  const again = await r.getLogs(p, f, { startBlock: 100 });
  checkComplete(again, p, 100);
  assert.deepEqual(p.windows, [[2996, 3500]], 'only the blocks after the last read (and the last 5 again)');
  // The same screen twice at once: one read, the second waits for it.
  p.windows.length = 0;
  p.head = 3600;
  const [a, b] = await Promise.all([r.getLogs(p, f, { startBlock: 100 }), r.getLogs(p, f, { startBlock: 100 })]);
  assert.deepEqual(ids(a), ids(b));
  assert.deepEqual(p.windows, [
    [3496, 3600],
    [3596, 3600],
  ]);
  // Other topics are another query; forget() (lock) forgets everything.
  p.windows.length = 0;
  await r.getLogs(p, { address: ADDRESS, topics: [null] }, { startBlock: 100 });
  assert.equal(p.windows[0][0], 100);
  r.forget();
  p.windows.length = 0;
  await r.getLogs(p, f, { startBlock: 100 });
  assert.equal(p.windows[0][0], 100);
});

test('a query of its own (own: true) reads from its start and is remembered apart', async () => {
  const p = fakeProvider({ head: 3000, density: (b) => (b % 100 === 0 ? 1 : 0) });
  const r = reader({ reorgDepth: 5 });
  const f = { address: ADDRESS, topics: [TOPIC] };
  // What a relayed request's wait reads: from the block it was handed out at, not the deployment.
  const late = await r.getLogs(p, f, { startBlock: 2950, own: true });
  assert.deepEqual(p.windows, [[2950, 3000]]);
  assert.deepEqual(
    late.map((l) => Number.parseInt(l.blockNumber, 16)),
    [3000],
  );
  // The same filter from the deployment is another query: it is not taken as read from 2950 on.
  p.windows.length = 0;
  checkComplete(await r.getLogs(p, f, { startBlock: 100 }), p, 100);
  assert.equal(p.windows[0][0], 100);
});

test('no request below startBlock; without it, a long chain is searched for the deployment', async () => {
  const p = fakeProvider({ first: 0, head: 20_000_500, density: () => 0, deployedAt: 20_000_123 });
  // Only the blocks from 20,000,000 are materialised in the fake: density 0 elsewhere.
  const r = reader();
  await r.getLogs(p, { address: ADDRESS, topics: [] }, { startBlock: 20_000_100 });
  assert.ok(p.windows.every(([a]) => a >= 20_000_100));
  assert.equal(p.calls.filter((m) => m === 'eth_getCode').length, 0);

  p.windows.length = 0;
  await r.getLogs(p, { address: ADDRESS, topics: [TOPIC] });
  assert.equal(p.windows[0][0], 20_000_123, 'the first block with the contract');
  assert.ok(p.calls.filter((m) => m === 'eth_getCode').length <= 27, 'a bisection, not a scan');
});

test('rate limits: retried with exponential backoff and jitter, a bounded number of times', async () => {
  const sleeps = [];
  const shapes = [
    Object.assign(new Error('HTTP 429 from https://mainnet.example/v3/x'), { name: 'TransportError' }),
    rpcError(429, 'Your app has exceeded its compute units per second capacity.'),
    rpcError(-32005, 'Request rate exceeded', { see: 'https://infura.io/dashboard' }),
    rpcError(-32603, 'Request is being rate limited.'),
    rpcError(-32005, 'limit exceeded'),
  ];
  for (const shape of shapes) {
    let failures = 3;
    const p = fakeProvider({
      head: 100,
      density: () => 1,
      rate: () => (failures-- > 0 ? shape : null),
    });
    sleeps.length = 0;
    const r = createLogReader({ sleep: (ms) => (sleeps.push(ms), Promise.resolve()), random: () => 0.5 });
    checkComplete(await r.getLogs(p, { address: ADDRESS, topics: [] }), p, 0);
    assert.equal(r.stats(p).retries, 3, shape.message);
    assert.ok(sleeps.length >= 3 && sleeps[1] > sleeps[0] && sleeps[2] > sleeps[1], `backoff grows: ${sleeps}`);
  }
  // Jitter: two random draws give two delays.
  const delays = [];
  for (const random of [() => 0, () => 0.99]) {
    let n = 1;
    const p = fakeProvider({ head: 1, density: () => 0, rate: () => (n-- > 0 ? shapes[1] : null) });
    let first;
    const r = createLogReader({ sleep: (ms) => ((first ??= ms), Promise.resolve()), random });
    await r.getLogs(p, { address: ADDRESS, topics: [] });
    delays.push(first);
  }
  assert.notEqual(Math.round(delays[0]), Math.round(delays[1]));
  // Bounded: a provider that always says 429 is given up on.
  const p = fakeProvider({ head: 10, density: () => 1, rate: () => shapes[1] });
  const r = reader({ retries: 4 });
  await assert.rejects(r.getLogs(p, { address: ADDRESS, topics: [] }), /compute units/);
  assert.equal(p.calls.length, 5);
  // Not a rate limit: no retry.
  const q = fakeProvider({
    head: 10,
    density: () => 1,
    rate: (m) => (m === 'eth_blockNumber' ? rpcError(-32601, 'nope') : null),
  });
  await assert.rejects(reader().getLogs(q, { address: ADDRESS, topics: [] }), /nope/);
  assert.equal(q.calls.length, 1);
});

test('pacing: at most maxConcurrent requests in flight per provider', async () => {
  let inFlight = 0;
  let most = 0;
  const provider = {
    async request() {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      return '0x1';
    },
  };
  const r = createLogReader({ maxConcurrent: 3 });
  await Promise.all(Array.from({ length: 20 }, () => r.paced(provider, 'eth_call', [])));
  assert.equal(most, 3);
});

test('block timestamps: one request per distinct block, cached for the session', async () => {
  const p = fakeProvider({ head: 100, density: () => 0 });
  const r = reader();
  const t = await r.blockTimes(p, [5, 5, 7, 9, 7]);
  assert.equal(t.get(5), 1_700_000_000 + 60);
  assert.equal(p.calls.filter((m) => m === 'eth_getBlockByNumber').length, 3);
  await r.blockTimes(p, [5, 9, 11]);
  assert.equal(p.calls.filter((m) => m === 'eth_getBlockByNumber').length, 4);
});

test('classifyRpcError: the shapes of public providers', () => {
  const c = (e) => classifyRpcError(e);
  assert.equal(c(rpcError(-32005, 'query returned more than 10000 results')).kind, 'results');
  assert.deepEqual(
    c(rpcError(-32005, 'query returned more than 10000 results', { from: '0x10', to: '0x20', limit: 10000 })).suggested,
    { from: 16, to: 32 },
  );
  assert.equal(c(rpcError(-32600, 'range 20000025 exceeds limit of 10000')).maxRange, 10000);
  assert.equal(c(rpcError(-32614, 'eth_getLogs is limited to a 10,000 range')).maxRange, 10000);
  assert.equal(c(rpcError(-32000, 'exceed maximum block range: 5000')).maxRange, 5000);
  assert.equal(c(rpcError(-32602, 'block range is too large')).kind, 'range');
  assert.deepEqual(
    c(
      rpcError(
        -32600,
        'Under the Free tier plan, you can make eth_getLogs requests with up to a 500 block range. Based on your parameters, this block range should work: [0x1312d00, 0x1312ef3]',
      ),
    ),
    {
      kind: 'range',
      code: -32600,
      detail:
        'Under the Free tier plan, you can make eth_getLogs requests with up to a 500 block range. Based on your parameters, this block range should work: [0x1312d00, 0x1312ef3]',
      maxRange: 500,
      suggested: { from: 0x1312d00, to: 0x1312ef3 },
    },
  );
  assert.equal(c(rpcError(-32602, 'Log response size exceeded. ... [0x0, 0x10]')).kind, 'results');
  assert.equal(c(Object.assign(new Error('x'), { status: 413 })).kind, 'size');
  assert.equal(c(new Error('HTTP 429 from https://rpc.example/')).kind, 'rate');
  assert.equal(c(rpcError(-32005, 'limit exceeded')).kind, 'rate');
  assert.equal(
    c(rpcError(-32603, 'Internal JSON-RPC error.', { originalError: { code: 429, message: 'Too Many Requests' } }))
      .kind,
    'rate',
  );
  // Not provider limits.
  assert.equal(c(rpcError(4001, 'User rejected the request.')), null);
  assert.equal(c(rpcError(-32000, 'insufficient funds for gas * price + value')), null);
  assert.equal(c(rpcError(-32602, 'invalid params')), null);
  assert.equal(c(Object.assign(new Error('the record is too large'), { code: 'ERR_TOO_LARGE' })), null);
  assert.equal(c(new TypeError('Failed to fetch')), null);
});

test('describeError: a provider limit is the RPC endpoint refusing, with its words kept as details', () => {
  const d = describeError(rpcError(-32600, 'range 20000025 exceeds limit of 10000'));
  assert.equal(d.kind, 'network');
  assert.match(d.message, /^The network's RPC endpoint refused the request: /);
  assert.equal(d.details, 'range 20000025 exceeds limit of 10000');
  assert.doesNotMatch(d.message, /20000025/);
  const t = describeError(new Error('HTTP 429 from https://mainnet.example/v3/x'));
  assert.match(t.message, /RPC endpoint \(mainnet\.example\) refused the request: too many requests/);
  assert.match(t.advice, /Wait a moment/);
  assert.equal(describeError(rpcError(-32602, 'invalid params')).kind, 'wallet', 'a bare -32602 is still the wallet');
  assert.equal(describeError(rpcError(4001, 'rejected')).kind, 'rejected');
});
