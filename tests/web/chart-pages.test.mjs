// Unit tests of the chart pager (web/src/records/chart.js chartPages): windows newest first over a
// fake EhrLens.records that clamps ids as the contract does, the window size from a gas budget,
// and the hidden-authors list (web/src/records/hidden-authors.js) over a fake localStorage. The
// page's config.js (written by the build) is replaced by an empty one through a resolve hook.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { register } from 'node:module';

register(
  `data:text/javascript,${encodeURIComponent(`
export async function resolve(specifier, context, next) {
  if (specifier === '../../config.js' && context.parentURL?.endsWith('/web/src/config.js'))
    return { url: 'data:text/javascript,export default { chainId: 31337, contracts: { EhrHub: "0xHUB" } }', shortCircuit: true };
  return next(specifier, context);
}`)}`,
);
const { chartPages, listRecords, windowSize, LENS_GAS, WINDOW_GAS_BUDGET } =
  await import('../../web/src/records/chart.js');

const PATIENT = '0x00000000000000000000000000000000000000aa';
const hex32 = (n) => `0x${n.toString(16).padStart(64, '0')}`;

/** A fake chain of `count` records: the read function and the calls it got. */
function fakeChain(count) {
  const calls = [];
  const read = async (_provider, name, fn, args) => {
    calls.push(`${name}.${fn}(${args.slice(1).join(',')})`);
    if (name === 'EhrHub' && fn === 'recordCount') return [BigInt(count)];
    assert.equal(`${name}.${fn}`, 'EhrLens.records');
    // EhrLens.records: fromId..toId inclusive, clamped to the count, ids ascending.
    let [, from, to] = args;
    if (to > count) to = count;
    if (from === 0) from = 1;
    const rows = [];
    for (let id = from; id <= to; id++) {
      rows.push({
        recordId: BigInt(id),
        digest: hex32(id),
        codec: 0x55n,
        scope: BigInt(id % 16),
        author: id % 2 ? '0x1111111111111111111111111111111111111111' : PATIENT,
        createdAt: BigInt(1_700_000_000 + id),
        previous: 0n,
        redacted: false,
        superseded: false,
      });
    }
    return [rows];
  };
  return { read, calls, cid: (codec, digest) => `cid-${codec}-${BigInt(digest)}` };
}

async function pagesOf(count, opts = {}) {
  const chain = fakeChain(count);
  const pages = [];
  for await (const p of chartPages(null, PATIENT, { read: chain.read, cid: chain.cid, ...opts })) pages.push(p);
  return { pages, calls: chain.calls, ids: pages.map((p) => p.map((r) => r.id)) };
}

const range = (hi, lo) => Array.from({ length: hi - lo + 1 }, (_, i) => hi - i);

test('the window size comes from the gas budget: 100 records for the default budget', () => {
  assert.equal(windowSize(), 100);
  assert.equal(WINDOW_GAS_BUDGET, 1_250_000);
  // Every window stays far below a 30M call-gas cap, and well below a 10M one.
  assert.ok(LENS_GAS.base + windowSize() * LENS_GAS.perRecord <= 1_250_000);
  assert.equal(windowSize({ gasBudget: 30_000_000 }), 2495);
  assert.equal(windowSize({ gasBudget: 10_000_000, perRecord: 10_000, base: 0 }), 1000);
  assert.equal(windowSize({ gasBudget: 1 }), 1, 'at least one record per window');
});

test('0 records: one count read, no window, no page', async () => {
  const r = await pagesOf(0);
  assert.deepEqual(r.pages, []);
  assert.deepEqual(r.calls, ['EhrHub.recordCount()']);
});

test('1 record: one window of one', async () => {
  const r = await pagesOf(1);
  assert.deepEqual(r.ids, [[1]]);
  assert.deepEqual(r.calls, ['EhrHub.recordCount()', 'EhrLens.records(1,1)']);
  const [rec] = r.pages[0];
  assert.deepEqual(rec, {
    id: 1,
    scope: 1,
    createdAt: 1_700_000_001,
    author: '0x1111111111111111111111111111111111111111',
    previous: 0,
    redacted: false,
    superseded: false,
    codec: 0x55,
    digest: hex32(1),
    cid: 'cid-85-1',
  });
});

test('100 records: exactly one window, newest first', async () => {
  const r = await pagesOf(100);
  assert.deepEqual(r.ids, [range(100, 1)]);
  assert.deepEqual(r.calls.slice(1), ['EhrLens.records(1,100)']);
});

test('101 records: a window of 100 then a window of 1', async () => {
  const r = await pagesOf(101);
  assert.deepEqual(r.ids, [range(101, 2), [1]]);
  assert.deepEqual(r.calls.slice(1), ['EhrLens.records(2,101)', 'EhrLens.records(1,1)']);
});

test('windows follow pageSize and the gas budget; every id once, newest first', async () => {
  const r = await pagesOf(1000, { pageSize: 300 });
  assert.deepEqual(
    r.ids.map((p) => p.length),
    [300, 300, 300, 100],
  );
  assert.deepEqual(r.ids.flat(), range(1000, 1));
  const g = await pagesOf(250, { gasBudget: 650_000 }); // (650k - 50k) / 12k = 50 per window
  assert.deepEqual(g.calls.slice(1), [
    'EhrLens.records(201,250)',
    'EhrLens.records(151,200)',
    'EhrLens.records(101,150)',
    'EhrLens.records(51,100)',
    'EhrLens.records(1,50)',
  ]);
});

test('a pinned count ignores records added while paging; stopping early reads no more', async () => {
  const chain = fakeChain(250);
  const seen = [];
  for await (const p of chartPages(null, PATIENT, { read: chain.read, cid: chain.cid, count: 150, pageSize: 100 })) {
    seen.push(p.map((r) => r.id));
  }
  assert.deepEqual(seen, [range(150, 51), range(50, 1)]);
  assert.ok(!chain.calls.includes('EhrHub.recordCount()'), 'count given: not read');
  const early = fakeChain(1000);
  for await (const p of chartPages(null, PATIENT, { read: early.read, cid: early.cid })) {
    assert.equal(p.length, 100);
    break;
  }
  assert.equal(early.calls.length, 2, 'count and one window');
  assert.deepEqual(
    (await listRecords(null, PATIENT, { read: fakeChain(205).read, cid: () => 'x' })).map((r) => r.id),
    range(205, 1),
    'listRecords walks every window',
  );
});

test('a bad page size is refused', async () => {
  const chain = fakeChain(10);
  for (const pageSize of [0, -1, 1.5, NaN]) {
    await assert.rejects(async () => {
      for await (const p of chartPages(null, PATIENT, { read: chain.read, cid: chain.cid, pageSize })) void p;
    }, RangeError);
  }
});

test('hidden authors: per account and chart, lower case, removed when empty', async () => {
  const store = new Map();
  globalThis.localStorage = {
    getItem: (k) => store.get(k) ?? null,
    setItem: (k, v) => store.set(k, String(v)),
    removeItem: (k) => store.delete(k),
  };
  try {
    const { hiddenAuthors, hideAuthor, showAuthors, isHiddenBy, keepHiddenAuthors } =
      await import('../../web/src/records/hidden-authors.js');
    const { disposeAll } = await import('../../web/src/key-registry.js');
    // A shared terminal (the default): kept in memory only, gone at the lock.
    const me0 = '0x00000000000000000000000000000000000000b0';
    hideAuthor(me0, PATIENT, '0x00000000000000000000000000000000000000CC');
    assert.equal(store.size, 0, 'a shared terminal writes nothing');
    assert.equal(hiddenAuthors(me0, PATIENT).size, 1);
    disposeAll();
    assert.equal(hiddenAuthors(me0, PATIENT).size, 0, 'the lock forgets it');
    // A personal device: kept in localStorage.
    keepHiddenAuthors({ persistent: () => true });
    const me = '0x00000000000000000000000000000000000000Bb';
    const spam = '0x00000000000000000000000000000000000000CC';
    assert.equal(hiddenAuthors(me, PATIENT).size, 0);
    assert.equal(store.size, 0, 'reading writes nothing');
    const set = hideAuthor(me, PATIENT, spam);
    assert.ok(isHiddenBy(set, spam) && isHiddenBy(hiddenAuthors(me, PATIENT), spam.toLowerCase()));
    assert.equal(hiddenAuthors('0x00000000000000000000000000000000000000dd', PATIENT).size, 0, 'other account');
    assert.equal(hiddenAuthors(me, '0x00000000000000000000000000000000000000ee').size, 0, 'other chart');
    assert.deepEqual([...store.values()], [JSON.stringify([spam.toLowerCase()])]);
    assert.match([...store.keys()][0], /^ehr\.hiddenAuthors\.v1:31337:0xhub:0x0+bb:0x0+aa$/);
    assert.throws(() => hideAuthor(me, PATIENT, 'not-an-address'), TypeError);
    store.set([...store.keys()][0], '{"junk": true}');
    assert.equal(hiddenAuthors(me, PATIENT).size, 0, 'a damaged entry reads as empty');
    hideAuthor(me, PATIENT, spam);
    assert.equal(showAuthors(me, PATIENT).size, 0);
    assert.equal(store.size, 0, 'the entry is removed when nobody is hidden');
  } finally {
    delete globalThis.localStorage;
  }
});
