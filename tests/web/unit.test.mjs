// Unit tests of the page's modules that run without a browser: routing, formatting, wallet
// discovery checks, EIP-1193 chain switching, error messages, the key registry, the session's
// lock triggers, and the build's configuration checks and CSP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHash } from '../../web/src/router.js';
import { formatUnits, shortAddress, networkName } from '../../web/src/format.js';
import { checkAnnouncement, discoverWallets } from '../../web/src/wallet/eip6963.js';
import { createConnection, parseChainId, hexChainId } from '../../web/src/wallet/eip1193.js';
import { describeError, rpcCode, LockedError } from '../../web/src/errors.js';
import { registerKey, releaseKey, disposeAll, liveKeyCount } from '../../web/src/key-registry.js';
import { createSession } from '../../web/src/session.js';
import { loadConfig, contentSecurityPolicy, parseArgs } from '../../web/build.mjs';

const ROOT = new URL('../../', import.meta.url);
const ICON = 'data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22/%3E';

test('parseHash: routes, anchors and malformed input', () => {
  assert.equal(parseHash(''), '/');
  assert.equal(parseHash('#'), '/');
  assert.equal(parseHash('#/'), '/');
  assert.equal(parseHash('#/wallet/create'), '/wallet/create');
  assert.equal(parseHash('#/wallet/create/'), '/wallet/create');
  assert.equal(parseHash('#/connect?x=1'), '/connect');
  assert.equal(parseHash('#main'), null);
  assert.equal(parseHash('#/%E0%A4%A'), null);
});

test('formatUnits truncates, groups thousands, never rounds up', () => {
  assert.equal(formatUnits(10000n * 10n ** 18n), '10,000');
  assert.equal(formatUnits(0n), '0');
  assert.equal(formatUnits(1n), '0');
  assert.equal(formatUnits(123456789n * 10n ** 12n), '123.4567');
  assert.equal(formatUnits(999999999999999999n), '0.9999');
  assert.equal(formatUnits(15n * 10n ** 17n), '1.5');
  assert.equal(formatUnits(-15n * 10n ** 17n), '-1.5');
  assert.equal(formatUnits(1234567n, 6, 2), '1.23');
  assert.equal(shortAddress('0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'), '0xf39F…2266');
  const cfg = { chainId: 31337, chainName: 'Dev' };
  assert.equal(networkName(cfg, 31337), 'Dev');
  assert.equal(networkName(cfg, 1), 'Ethereum mainnet');
  assert.equal(networkName(cfg, 99999), 'chain 99999');
  assert.equal(networkName(cfg, null), 'no network');
});

test('chain ids: hex and decimal forms', () => {
  assert.equal(parseChainId('0x7a69'), 31337);
  assert.equal(parseChainId('31337'), 31337);
  assert.equal(parseChainId(1), 1);
  for (const bad of ['0x', 'abc', '', '-1', 0, -1, 1.5, null, undefined, '0x' + 'f'.repeat(20)])
    assert.equal(parseChainId(bad), null, String(bad));
  assert.equal(hexChainId(31337), '0x7a69');
});

test('EIP-6963 announcements are checked before use', () => {
  const provider = { request: async () => null };
  const good = { info: { uuid: 'u1', name: ' Wallet ', icon: ICON, rdns: 'com.example' }, provider };
  const a = checkAnnouncement(good);
  assert.equal(a.info.name, 'Wallet');
  assert.equal(a.info.icon, ICON);
  assert.equal(a.provider, provider);
  // An icon that is not a data: image is dropped (the wallet is kept).
  for (const icon of ['https://evil.example/x.svg', 'javascript:alert(1)', 'data:text/html,<b>x</b>', 42]) {
    assert.equal(checkAnnouncement({ ...good, info: { ...good.info, icon } }).info.icon, '', String(icon));
  }
  for (const bad of [
    null,
    1,
    {},
    { info: good.info },
    { provider },
    { info: { ...good.info, uuid: '' }, provider },
    { info: { ...good.info, name: '   ' }, provider },
    { info: { ...good.info, rdns: 5 }, provider },
    { info: good.info, provider: {} },
  ]) {
    assert.equal(checkAnnouncement(bad), null, JSON.stringify(bad));
  }
});

test('discoverWallets: requests announcements, keeps one entry per uuid, falls back to window.ethereum', () => {
  const win = new EventTarget();
  let requests = 0;
  const provider = { request: async () => null };
  win.addEventListener('eip6963:requestProvider', () => {
    requests++;
    win.dispatchEvent(
      new CustomEvent('eip6963:announceProvider', {
        detail: { info: { uuid: 'a', name: 'A', icon: ICON, rdns: 'a' }, provider },
      }),
    );
  });
  const changes = [];
  const d = discoverWallets({ win, onChange: (l) => changes.push(l.length) });
  assert.equal(requests, 1);
  d.request();
  assert.equal(requests, 2);
  assert.deepEqual(changes, [1], 'a repeated announcement is not a change');
  win.dispatchEvent(
    new CustomEvent('eip6963:announceProvider', {
      detail: { info: { uuid: 'b', name: 'B', icon: '', rdns: 'b' }, provider },
    }),
  );
  win.dispatchEvent(new CustomEvent('eip6963:announceProvider', { detail: { junk: true } }));
  assert.deepEqual(
    d.wallets().map((w) => w.info.name),
    ['A', 'B'],
  );
  d.stop();
  win.dispatchEvent(
    new CustomEvent('eip6963:announceProvider', {
      detail: { info: { uuid: 'c', name: 'C', icon: '', rdns: 'c' }, provider },
    }),
  );
  assert.equal(d.wallets().length, 2, 'stopped discovery ignores announcements');

  const legacy = new EventTarget();
  legacy.ethereum = { request: async () => null };
  const l = discoverWallets({ win: legacy });
  assert.equal(l.wallets().length, 1);
  assert.equal(l.wallets()[0].info.legacy, true);
});

/** A scripted EIP-1193 provider: `handlers[method](params)`; records calls. */
function fakeProvider(handlers) {
  const calls = [];
  const listeners = {};
  return {
    calls,
    emit: (ev, x) => (listeners[ev] ?? []).forEach((f) => f(x)),
    async request({ method, params }) {
      calls.push(method);
      if (!handlers[method]) throw Object.assign(new Error('nope'), { code: 4200 });
      return handlers[method](params);
    },
    on(ev, f) {
      (listeners[ev] ??= []).push(f);
    },
    removeListener(ev, f) {
      listeners[ev] = (listeners[ev] ?? []).filter((g) => g !== f);
    },
  };
}

const CONFIG = {
  chainId: 31337,
  chainName: 'Dev',
  rpcUrl: 'http://127.0.0.1:8545',
  nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
  blockExplorerUrl: null,
};

test('switchChain: switch; on 4902 add then switch; other errors pass through', async () => {
  let chain = '0x1';
  const known = new Set(['0x1']);
  const added = [];
  const p = fakeProvider({
    eth_chainId: () => chain,
    wallet_switchEthereumChain: ([{ chainId }]) => {
      if (!known.has(chainId)) throw Object.assign(new Error('Unrecognized chain'), { code: 4902 });
      chain = chainId;
      return null;
    },
    wallet_addEthereumChain: ([params]) => {
      added.push(params);
      known.add(params.chainId);
      return null;
    },
  });
  const c = createConnection({ provider: p, config: CONFIG });
  assert.equal(await c.switchChain(), 31337);
  assert.deepEqual(added, [
    { chainId: '0x7a69', chainName: 'Dev', nativeCurrency: CONFIG.nativeCurrency, rpcUrls: ['http://127.0.0.1:8545'] },
  ]);
  assert.deepEqual(p.calls, [
    'wallet_switchEthereumChain',
    'wallet_addEthereumChain',
    'eth_chainId',
    'wallet_switchEthereumChain',
    'eth_chainId',
  ]);

  // MetaMask-style nesting of the 4902 code is recognised too.
  chain = '0x1';
  known.delete('0x7a69');
  const nested = fakeProvider({
    eth_chainId: () => chain,
    wallet_switchEthereumChain: () => {
      throw Object.assign(new Error('x'), { code: -32603, data: { originalError: { code: 4902 } } });
    },
    wallet_addEthereumChain: () => {
      chain = '0x7a69';
      return null;
    },
  });
  assert.equal(await createConnection({ provider: nested, config: CONFIG }).switchChain(), 31337);

  const rejecting = fakeProvider({
    wallet_switchEthereumChain: () => {
      throw Object.assign(new Error('User rejected'), { code: 4001 });
    },
  });
  await assert.rejects(createConnection({ provider: rejecting, config: CONFIG }).switchChain(), (e) => e.code === 4001);
  assert.deepEqual(rejecting.calls, ['wallet_switchEthereumChain'], 'a rejected switch is not followed by an add');
});

test('connect: accounts are checked; events stop after close()', async () => {
  const p = fakeProvider({
    eth_requestAccounts: () => ['not-an-address', '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266'],
    eth_chainId: () => '0x7a69',
    eth_getBalance: () => '0x10',
  });
  const seen = [];
  const c = createConnection({
    provider: p,
    config: CONFIG,
    onAccounts: (a) => seen.push(a),
    onChain: (x) => seen.push(x),
  });
  assert.deepEqual(await c.connect(), { account: '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266', chainId: 31337 });
  assert.equal(await c.balance('0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266'), 16n);
  p.emit('chainChanged', '0x1');
  p.emit('accountsChanged', ['0xzz', '0x70997970c51812dc3a010c7d01b50e0d17dc79c8']);
  c.close();
  p.emit('chainChanged', '0x5');
  assert.deepEqual(seen, [1, ['0x70997970c51812dc3a010c7d01b50e0d17dc79c8']]);
  const empty = fakeProvider({ eth_requestAccounts: () => [] });
  await assert.rejects(createConnection({ provider: empty, config: CONFIG }).connect(), (e) => e.code === 4100);
  const badBalance = fakeProvider({ eth_getBalance: () => 'lots' });
  await assert.rejects(createConnection({ provider: badBalance, config: CONFIG }).balance('0x'), /malformed/);
});

test('describeError: each kind of failure gets its own message and advice', () => {
  const e = (code, message = 'x') => Object.assign(new Error(message), { code });
  assert.equal(describeError(e(4001)).kind, 'rejected');
  assert.match(describeError(e(4001), { action: 'switching the network' }).message, /switching the network/);
  assert.equal(describeError(e(-32002)).kind, 'pending');
  assert.equal(describeError(e(4100)).kind, 'wallet');
  assert.equal(describeError(e(4200)).kind, 'unsupported');
  assert.equal(describeError(e(4900)).kind, 'network');
  assert.equal(describeError(e(-32000, 'insufficient funds for gas * price + value')).kind, 'funds');
  assert.equal(describeError(new TypeError('Failed to fetch')).kind, 'network');
  assert.equal(
    describeError(Object.assign(new Error('bad mac'), { code: 'ERR_BAD_PASSWORD' })).code,
    'ERR_BAD_PASSWORD',
  );
  assert.equal(describeError(new LockedError()).kind, 'locked');
  assert.equal(describeError('weird').kind, 'unknown');
  assert.equal(rpcCode({ error: { code: 4001 } }), 4001);
  for (const d of [describeError(e(4001)), describeError(new Error('boom'))]) {
    assert.ok(d.title && d.message && d.advice, 'title, message and advice');
  }
});

test('key registry: lock disposes of every handle, even when one fails', () => {
  const log = [];
  const k1 = registerKey({ dispose: () => log.push(1) });
  registerKey({
    dispose: () => {
      throw new Error('secret detail');
    },
  });
  registerKey({ dispose: () => log.push(3) });
  const k4 = registerKey({ dispose: () => log.push(4) });
  releaseKey(k4);
  releaseKey(k4);
  assert.deepEqual(log, [4]);
  assert.equal(liveKeyCount(), 3);
  assert.deepEqual(disposeAll(), { disposed: 2, failed: 1 });
  assert.deepEqual(log, [4, 1, 3]);
  assert.equal(liveKeyCount(), 0);
  assert.deepEqual(disposeAll(), { disposed: 0, failed: 0 });
  releaseKey(k1);
  assert.deepEqual(log, [4, 1, 3], 'a released or disposed handle is not disposed twice');
  assert.throws(() => registerKey({}), TypeError);
});

/** A window with a hand-driven clock. */
function fakeWindow() {
  const win = new EventTarget();
  win.document = new EventTarget();
  win.document.visibilityState = 'visible';
  let t = 0;
  let timers = [];
  let next = 1;
  win.setTimeout = (fn, ms) => {
    timers.push({ id: next, at: t + ms, fn });
    return next++;
  };
  win.clearTimeout = (id) => {
    timers = timers.filter((x) => x.id !== id);
  };
  const advance = (ms) => {
    const end = t + ms;
    for (;;) {
      const due = timers.filter((x) => x.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      timers = timers.filter((x) => x !== due);
      t = due.at;
      due.fn();
    }
    t = end;
  };
  return { win, now: () => t, advance };
}

test('session: idle warning then lock; activity postpones; hide locks only in shared mode; pagehide always', async () => {
  const { win, now, advance } = fakeWindow();
  const events = [];
  const s = createSession({
    win,
    now,
    sharedTerminal: true,
    idleSeconds: 60,
    onWarn: (n) => events.push(`warn ${n}`),
    onWarnEnd: () => events.push('warn end'),
    onChange: (st) => events.push(st),
  });
  const wiped = [];
  s.onLock((reason) => {
    wiped.push(`a:${reason}`);
  });
  s.onLock(() => {
    throw new Error('one handler fails');
  });
  s.onLock(async (reason) => {
    wiped.push(`c:${reason}`);
  });

  advance(120_000);
  assert.deepEqual(events, [], 'no session, no idle lock');
  s.activate();
  advance(44_000);
  assert.deepEqual(events, ['active']);
  advance(1_000);
  assert.deepEqual(events, ['active', 'warn 15']);
  win.dispatchEvent(new Event('keydown'));
  assert.deepEqual(events.at(-1), 'warn end');
  advance(59_000);
  assert.equal(s.state, 'active', 'activity restarted the idle time');
  advance(1_000);
  await new Promise((r) => setImmediate(r));
  assert.equal(s.state, 'locked');
  assert.deepEqual(wiped, ['a:idle', 'c:idle'], 'a failing handler does not stop the others');

  s.reset();
  s.activate();
  win.document.visibilityState = 'hidden';
  win.document.dispatchEvent(new Event('visibilitychange'));
  await new Promise((r) => setImmediate(r));
  assert.equal(s.state, 'locked');
  assert.equal(wiped.at(-1), 'c:hidden');

  s.reset();
  s.configure({ sharedTerminal: false });
  s.activate();
  win.document.dispatchEvent(new Event('visibilitychange'));
  assert.equal(s.state, 'active', 'hidden tab does not lock outside shared-terminal mode');
  win.dispatchEvent(new Event('pagehide'));
  await new Promise((r) => setImmediate(r));
  assert.equal(s.state, 'locked');
  assert.equal(wiped.at(-1), 'c:closed');

  // The warning's own button: activity inside it keeps the warning until poke().
  s.reset();
  const keep = createSession({
    win,
    now,
    sharedTerminal: true,
    idleSeconds: 60,
    keepWarning: (t) => t === 'inside',
    onWarn: () => events.push('w2'),
    onWarnEnd: () => events.push('w2 end'),
  });
  keep.activate();
  advance(46_000);
  assert.equal(events.at(-1), 'w2');
  const inside = new Event('pointerdown');
  Object.defineProperty(inside, 'target', { value: 'inside' });
  win.dispatchEvent(inside);
  assert.equal(events.at(-1), 'w2', 'pointerdown on the warning keeps it');
  keep.poke();
  assert.equal(events.at(-1), 'w2 end');
  keep.dispose();
  s.dispose();
});

test('build configuration: checked, overridable, never with credentials', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ehr-cfg-'));
  try {
    const base = JSON.parse(readFileSync(new URL('web/config.json', ROOT), 'utf8'));
    const write = (over) => {
      const f = join(dir, `c${Math.random()}.json`);
      writeFileSync(f, JSON.stringify({ ...base, ...over }));
      return f;
    };
    const cfg = loadConfig({
      config: write({}),
      deployments: join(dir, 'none.json'),
      rpcUrl: 'https://rpc.example:8443/v1',
      gateways: ['https://gw.example'],
    });
    assert.equal(cfg.rpcUrl, 'https://rpc.example:8443/v1');
    assert.deepEqual(cfg.gateways, ['https://gw.example']);
    for (const [over, re] of [
      [{ chainId: 0 }, /chainId/],
      [{ rpcUrl: 'ftp://x' }, /http/],
      [{ rpcUrl: 'https://user:pw@rpc.example' }, /credentials/],
      [{ gateways: [] }, /gateways/],
      [{ contracts: { Registry: '0x12' } }, /Registry/],
      [{ sharedTerminal: { idleSeconds: 0 } }, /idleSeconds/],
    ]) {
      assert.throws(
        () => loadConfig({ config: write(over), deployments: join(dir, 'none.json') }),
        re,
        JSON.stringify(over),
      );
    }
    const dep = join(dir, 'dep.json');
    writeFileSync(
      dep,
      JSON.stringify({
        chainId: 31337,
        contracts: { EhrHub: { address: '0x5FbDB2315678afecb367f032d93F642f64180aa3', blockNumber: 1 } },
      }),
    );
    assert.deepEqual(loadConfig({ config: write({}), deployments: dep }).contracts, {
      EhrHub: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
    });
    writeFileSync(
      dep,
      JSON.stringify({ chainId: 1, contracts: { EhrHub: { address: '0x5FbDB2315678afecb367f032d93F642f64180aa3' } } }),
    );
    assert.throws(() => loadConfig({ config: write({}), deployments: dep }), /chain 1/);
    assert.deepEqual(parseArgs(['--gateway', 'a', '--gateway', 'b', '--chain-id', '5']).gateways, ['a', 'b']);
    assert.throws(() => parseArgs(['--bogus']), /unknown option/);

    const csp = contentSecurityPolicy(
      {
        ...base,
        rpcUrl: 'https://rpc.example/x',
        gateways: ['https://gw.example/ipfs', 'https://gw.example'],
        uploadUrl: 'http://127.0.0.1:5001',
      },
      'sha256-abc',
    );
    assert.match(csp, /connect-src 'self' http:\/\/127\.0\.0\.1:5001 https:\/\/gw\.example https:\/\/rpc\.example;/);
    assert.match(csp, /script-src 'self' 'sha256-abc' 'wasm-unsafe-eval';/);
    assert.doesNotMatch(csp, /'unsafe-eval'|'unsafe-inline'/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('drafts: typed values survive a re-render, secret fields never kept, lock wipes them', async () => {
  const { keepDraft, dropDraft, wipeDrafts, draftCount } = await import('../../web/src/drafts.js');
  /** A minimal form: elements with name/type/value/checked/dataset, and input listeners. */
  const makeForm = () => {
    const listeners = [];
    const el = (name, type, extra = {}) => ({ name, type, value: '', checked: false, dataset: {}, ...extra });
    const elements = [
      el('note', 'text'),
      el('scope', 'select-one'),
      el('urgent', 'checkbox'),
      el('password', 'password'),
      el('phrase', 'textarea', { dataset: { secret: '' } }),
      el('file', 'file'),
    ];
    return { elements, addEventListener: (ev, fn) => listeners.push(fn), fire: () => listeners.forEach((f) => f()) };
  };
  const a = makeForm();
  keepDraft('rec', a);
  Object.assign(a.elements[0], { value: 'typed note' });
  Object.assign(a.elements[1], { value: 'labs' });
  Object.assign(a.elements[2], { checked: true });
  Object.assign(a.elements[3], { value: 'hunter2' });
  Object.assign(a.elements[4], { value: 'abandon abandon' });
  a.fire();
  const b = makeForm();
  keepDraft('rec', b);
  assert.deepEqual(
    b.elements.map((e) => e.value),
    ['typed note', 'labs', '', '', '', ''],
  );
  assert.equal(b.elements[2].checked, true);
  assert.equal(draftCount(), 1);
  dropDraft('rec');
  assert.equal(draftCount(), 0);
  const x = makeForm();
  keepDraft('x', x);
  x.fire();
  const y = makeForm();
  keepDraft('y', y);
  y.fire();
  assert.equal(draftCount(), 2);
  wipeDrafts();
  assert.equal(draftCount(), 0);
  const c = makeForm();
  keepDraft('rec', c);
  assert.equal(c.elements[0].value, '', 'nothing restored after the wipe');
});

test('contract reverts: known custom errors in words, unknown ones by name', async () => {
  const revert = (name, message = '') =>
    Object.assign(new Error('reverted'), { code: 'CONTRACT_REVERT', revert: { name, message } });
  const d = describeError(revert('NoAccess'));
  assert.equal(d.kind, 'revert');
  assert.match(d.message, /do not have access/);
  assert.match(d.advice, /Ask the patient/);
  assert.match(describeError(revert('Error', 'paused')).message, /paused/);
  assert.match(describeError(revert('SomethingNew')).message, /SomethingNew/);
  assert.match(describeError(Object.assign(new Error('x'), { code: 'CONTRACT_REVERT' })).message, /refused/);
});
