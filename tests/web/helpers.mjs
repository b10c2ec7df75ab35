// Shared machinery of the page's end-to-end tests: anvil on loopback, a build of the page with a
// test configuration, a static server that serves it under a random sub-path, headless Chromium
// (Debian's, through playwright-core), and an injected EIP-1193 test wallet backed by anvil's
// unlocked default accounts that announces itself through EIP-6963.
import { createServer } from 'node:http';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
  mkdirSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build } from '../../web/build.mjs';
import { ANVIL_CHAIN_ID, spawnAnvil } from '../../tools/anvil.mjs';
import { MIME_TYPES } from '../../scripts/demo/static-server.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../lib/chromium-args.mjs';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const ARTIFACTS = join(ROOT, 'tests', 'artifacts', 'web');
export { ANVIL_CHAIN_ID };

/**
 * Starts anvil on 127.0.0.1 on a free port.
 * @returns {Promise<{ url: string, rpc: (method: string, params?: unknown[]) => Promise<any>, stop: () => Promise<void> }>}
 */
export const startAnvil = () => spawnAnvil({ args: ['--chain-id', String(ANVIL_CHAIN_ID)], timeoutMs: 20000 });

/** True when the module the tests build against has wasm/js/<file> (its API area exists). */
export const moduleHas = (file) => existsSync(join(process.env.EHR_WEB_WASM || join(ROOT, 'wasm'), 'js', file));

/** anvil's well-known first development key (public; it funds the test deployments). */
export const ANVIL_KEY0 = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';

/**
 * Deploys the contracts to anvil with contracts/deploy.mjs (compiling them when needed) and
 * returns their addresses ({ EhrForwarder, EhrHub, EhrAppointments, EhrLens }).
 */
export async function deployContracts(anvil) {
  const [{ deploy }, { Wallet }] = await Promise.all([import('../../contracts/deploy.mjs'), import('ethers')]);
  const r = await deploy({ rpcUrl: anvil.url, signer: new Wallet(ANVIL_KEY0), write: false });
  return r.addresses;
}

/**
 * Enrols an account in an institution from ethers, as the contracts require: the institution's
 * administrator invites it (addMember) and the account accepts (acceptMembership) with the same
 * listing data. `adminHub` and `memberHub` are ethers Contracts of the hub signed by each.
 * @returns {Promise<string>} the member's address
 */
export async function inviteAndAccept(adminHub, memberHub, { institutionId, role, licence, specialty, displayName }) {
  const account = await memberHub.runner.getAddress();
  await (await adminHub.addMember(institutionId, account, role, licence, specialty, displayName)).wait();
  await (await memberHub.acceptMembership(institutionId, role, licence, specialty, displayName)).wait();
  return account;
}

/** A random sub-path like '/x7f3a1/'. */
export const randomPrefix = () => `/x${randomBytes(3).toString('hex')}/`;

/**
 * Builds the page into a fresh temporary folder with a test configuration.
 * @param {{ rpcUrl: string, idleSeconds?: number, gateways?: string[], uploadUrl?: string,
 *   contracts?: Record<string, string>, devAccounts?: { label: string, index: number }[],
 *   startBlock?: number, relayUrl?: string, config?: object }} opts
 *   startBlock: the deployment's first block (log queries start there), when given
 *   relayUrl: a relay of signed requests (scripts/demo/relay.mjs), when given
 *   config: more configuration keys (e.g. shcIssuerOrigins, serviceWorker: true), when given
 */
export function buildPage(opts) {
  const dir = mkdtempSync(join(tmpdir(), 'ehr-web-'));
  const cfgFile = join(dir, 'config.json');
  const base = JSON.parse(readFileSync(join(ROOT, 'web', 'config.json'), 'utf8'));
  writeFileSync(
    cfgFile,
    JSON.stringify({
      ...base,
      rpcUrl: opts.rpcUrl,
      gateways: opts.gateways ?? ['http://127.0.0.1:9'],
      uploadUrl: opts.uploadUrl ?? 'http://127.0.0.1:9',
      sharedTerminal: { default: true, idleSeconds: opts.idleSeconds ?? 300 },
      contracts: opts.contracts ?? {},
      ...(opts.devAccounts ? { devAccounts: opts.devAccounts } : {}),
      ...(opts.startBlock !== undefined ? { startBlock: opts.startBlock } : {}),
      ...(opts.relayUrl ? { relayUrl: opts.relayUrl } : {}),
      // Test contexts block service workers (each test starts from the network); pwa.test.mjs
      // builds with the worker on.
      serviceWorker: false,
      ...opts.config,
    }),
  );
  const out = join(dir, 'dist');
  // EHR_WEB_WASM: build against another folder's module (js/ + dist/), e.g. a branch's preview.
  const r = build({ out, config: cfgFile, quiet: true, wasm: process.env.EHR_WEB_WASM || undefined });
  return { ...r, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A static file server on 127.0.0.1 that serves `mounts` ({ '/x7f3/': dir }) and nothing else:
 * a directory URL serves its index.html, like an IPFS gateway; anything outside the mounts is a
 * 404 and is recorded in `stray`, so a test can check the page never reaches outside its folder.
 */
export async function startStaticServer(mounts) {
  const requests = [];
  const stray = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    requests.push(path);
    const prefix = Object.keys(mounts).find((p) => path.startsWith(p));
    if (!prefix) {
      stray.push(path);
      res.writeHead(404).end();
      return;
    }
    const root = mounts[prefix];
    let file = normalize(join(root, path.slice(prefix.length)));
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      const body = readFileSync(file);
      res.writeHead(200, {
        'content-type': MIME_TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
      });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, requests, stray, close: () => new Promise((r) => server.close(() => r())) };
}

/**
 * Debian's Chromium, headless, through playwright-core (each launch has a fresh temporary profile).
 * @param {{ args?: string[] }} [o] more command-line switches (a fake camera, a trusted test certificate)
 */
export function launchBrowser({ args = [] } = {}) {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', ...CHROMIUM_ARGS, ...args],
  });
}

// The test wallet, injected into every page before the page's own scripts. It is an EIP-1193
// provider backed by anvil (through the __ehrTestRpc binding, so the page itself needs no network
// access to anvil) that announces itself with EIP-6963. It starts on the chain `startChain` (hex)
// and knows `knownChains`; switching to an unknown chain fails with 4902 until it is added with
// wallet_addEthereumChain, as MetaMask does. window.__ehrTestWallet lets a test make the next
// request for a method fail with 4001 (user rejected) and read the methods requested. It keeps
// no account in memory: accounts are read from anvil on each request.
function testWalletScript({ startChain, knownChains, anvilChain }) {
  const listeners = new Map();
  const st = {
    chain: startChain,
    known: new Set(knownChains),
    connected: false,
    reject: new Set(),
    log: [],
    added: [],
    accountIndex: 0,
  };
  const rpcError = (code, message, data) =>
    Object.assign(new Error(message), { code, ...(data === undefined ? {} : { data }) });
  const emit = (ev, arg) => {
    for (const fn of [...(listeners.get(ev) ?? [])]) {
      try {
        fn(arg);
      } catch {
        // a listener's failure is the page's business
      }
    }
  };
  const backend = async (method, params) => {
    const r = await window.__ehrTestRpc(method, params ?? []);
    if (r.error) throw rpcError(r.error.code, r.error.message, r.error.data);
    return r.result;
  };
  const firstAccount = async () => (await backend('eth_accounts', []))[st.accountIndex];
  async function request(args) {
    const { method, params } = args ?? {};
    st.log.push(method);
    if (st.reject.has(method)) {
      st.reject.delete(method);
      throw rpcError(4001, 'User rejected the request.');
    }
    switch (method) {
      case 'eth_requestAccounts':
        st.connected = true;
        return [await firstAccount()];
      case 'eth_accounts':
        return st.connected ? [await firstAccount()] : [];
      case 'eth_chainId':
        return st.chain;
      case 'wallet_switchEthereumChain': {
        const id = params?.[0]?.chainId;
        if (!st.known.has(id))
          throw rpcError(
            4902,
            `Unrecognized chain ID "${id}". Try adding the chain using wallet_addEthereumChain first.`,
          );
        if (st.chain !== id) {
          st.chain = id;
          emit('chainChanged', id);
        }
        return null;
      }
      case 'wallet_addEthereumChain': {
        const p = params?.[0];
        if (!p || typeof p.chainId !== 'string' || !Array.isArray(p.rpcUrls)) throw rpcError(-32602, 'invalid params');
        st.added.push({ chainId: p.chainId, chainName: p.chainName, rpcUrls: p.rpcUrls });
        st.known.add(p.chainId);
        return null;
      }
      default:
        if (!st.connected && method.startsWith('eth_send')) throw rpcError(4100, 'Unauthorized');
        if (
          method === 'eth_sendTransaction' &&
          params?.[0]?.from?.toLowerCase() !== (await firstAccount()).toLowerCase()
        ) {
          throw rpcError(4100, 'The requested account has not been authorized by the user.');
        }
        // Only the anvil chain has a backend; on the others the wallet is "disconnected".
        if (st.chain !== anvilChain) throw rpcError(4901, 'The wallet is not connected to this chain');
        return backend(method, params);
    }
  }
  const provider = Object.freeze({
    request,
    on(ev, fn) {
      if (!listeners.has(ev)) listeners.set(ev, new Set());
      listeners.get(ev).add(fn);
      return provider;
    },
    removeListener(ev, fn) {
      listeners.get(ev)?.delete(fn);
      return provider;
    },
  });
  const info = Object.freeze({
    uuid: '5c4a3b2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d',
    name: 'Test Wallet',
    icon: 'data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22 viewBox=%220 0 32 32%22%3E%3Crect width=%2232%22 height=%2232%22 rx=%226%22 fill=%22%23503%22/%3E%3C/svg%3E',
    rdns: 'org.example.testwallet',
  });
  const announce = () =>
    window.dispatchEvent(new CustomEvent('eip6963:announceProvider', { detail: Object.freeze({ info, provider }) }));
  window.addEventListener('eip6963:requestProvider', announce);
  announce();
  window.__ehrTestWallet = {
    rejectNext: (method) => st.reject.add(method),
    log: () => [...st.log],
    added: () => st.added.map((a) => ({ ...a })),
    chain: () => st.chain,
    setChain(id) {
      st.known.add(id);
      st.chain = id;
      emit('chainChanged', id);
    },
    dropAccounts() {
      st.connected = false;
      emit('accountsChanged', []);
    },
    /** Switches to anvil's account `i`, as a user picking another account in the wallet. */
    async useAccount(i) {
      st.accountIndex = i;
      if (st.connected) emit('accountsChanged', [await firstAccount()]);
    },
  };
  // CSP violations, reported by the browser as events.
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
  });
}

/**
 * A fresh context and page with the test wallet injected (or only the CSP listener when
 * `wallet: false`), collecting console errors, page errors and CSP violations.
 * @param {import('playwright-core').Browser} browser
 * @param {{ anvil: { rpc: Function }, wallet?: boolean, startChain?: number, knownChains?: number[],
 *   viewport?: { width: number, height: number }, locale?: string }} opts (locale: the browser's
 *   language, e.g. 'es-ES', which the page follows)
 */
export async function openPage(
  browser,
  {
    anvil,
    wallet = true,
    startChain = ANVIL_CHAIN_ID,
    knownChains = [ANVIL_CHAIN_ID],
    viewport = { width: 1100, height: 900 },
    locale,
  },
) {
  const context = await browser.newContext({ viewport, serviceWorkers: 'block', ...(locale ? { locale } : {}) });
  // Generous waits: on a loaded 2-core machine (builds, other suites) steps can be slow.
  context.setDefaultTimeout(60000);
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => {
    // This context blocks service workers on purpose (tests/web/pwa.test.mjs runs them): a build
    // that registers one (a published page) gets Playwright's notice, which is not the page's.
    if (m.text() === 'Service Worker registration blocked by Playwright') return;
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console.${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  const hex = (n) => `0x${n.toString(16)}`;
  if (wallet) {
    await page.exposeBinding('__ehrTestRpc', async (_source, method, params) => {
      try {
        return { result: await anvil.rpc(method, params) };
      } catch (e) {
        return { error: { code: e.code ?? -32603, message: e.message, data: e.data } };
      }
    });
    await page.addInitScript(testWalletScript, {
      startChain: hex(startChain),
      knownChains: knownChains.map(hex),
      anvilChain: hex(ANVIL_CHAIN_ID),
    });
  } else {
    await page.addInitScript(() => {
      window.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
      );
    });
  }
  return { context, page, problems };
}

/** Loads the page at `url` and waits until its first screen is usable. */
export async function gotoReady(page, url) {
  await page.goto(url);
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true', null, { timeout: 15000 });
}

/** CSP violations the page saw (events) plus console messages about the policy. */
export async function cspViolations(page, problems) {
  const events = await page.evaluate(() => window.__cspViolations ?? []);
  return [
    ...events,
    ...problems.filter((p) => /Content Security Policy|Content-Security-Policy|Trusted Type/i.test(p)),
  ];
}

/** Saves a full-page screenshot under tests/artifacts/web/. */
/**
 * A browser context on the page, connected through the test wallet as anvil account `index`:
 * { context, page, problems } as openPage gives it.
 */
export async function connectedPage(browser, stack, index, { viewport, locale } = {}) {
  const r = await openPage(browser, { anvil: stack.anvil, viewport, locale });
  await gotoReady(r.page, stack.url);
  await r.page.evaluate((i) => window.__ehrTestWallet.useAccount(i), index);
  await r.page.click('nav a[href="#/connect"]');
  await r.page.click('button[data-wallet]');
  await r.page.locator('#account-address').waitFor();
  return r;
}

/** Goes to a route through the address bar's hash (no reload). */
export const goHash = (page, hash) =>
  page.evaluate((h) => {
    location.hash = h;
  }, hash);

/** Opens the development account `index` with the built-in wallet. */
export async function openDevAccount(page, index) {
  await page.click('nav a[href="#/wallet"]');
  await page.click(`button[data-dev-account="${index}"]`);
  await page.locator('#account-address').waitFor();
}

/** On the chart: unlocks the records when the page asks (it signs with the built-in wallet). */
export async function chartReady(page) {
  if ((await page.evaluate(() => location.hash)) !== '#/chart') await goHash(page, '#/chart');
  const unlock = page.getByRole('button', { name: 'Unlock my records' });
  await page.locator('#timeline-search, button:has-text("Unlock my records")').first().waitFor();
  if (await unlock.isVisible()) await unlock.click();
  await page.locator('#timeline-search').waitFor();
}

/**
 * Waits for a text on the page; on timeout, takes a screenshot and fails saying what the page's
 * notices, status lines and errors (`problems`, from openPage) said.
 */
export async function waitForText(page, text, { timeout = 60000, problems = [], prefix = 'failed' } = {}) {
  try {
    await page.locator(`text=${text}`).first().waitFor({ timeout });
  } catch (e) {
    await screenshot(page, `${prefix}-${text.replace(/[^a-z0-9]+/gi, '-').slice(0, 40)}`).catch(() => {});
    throw new Error(
      `${e.message}\nnotices: ${await page.textContent('#alerts').catch(() => '?')} | status lines: ${await page
        .locator('.tx-status')
        .allTextContents()
        .catch(() => '?')} | page errors: ${problems.join(' / ')}`,
    );
  }
}

export async function screenshot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

const AXE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/**
 * Runs axe-core (WCAG 2.0/2.1 A and AA rules plus best practices) on the page as it is and
 * returns the serious and critical violations. axe is evaluated through the DevTools protocol,
 * not as a <script> (the page's CSP would rightly refuse an inline script).
 */
export async function axeSerious(page) {
  const has = await page.evaluate(() => typeof window.axe === 'object');
  if (!has) await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5),
    }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/**
 * A heap snapshot of the page's JavaScript heap (DevTools protocol, HeapProfiler), as text. The
 * snapshot holds every reachable string; taking it runs a full garbage collection first.
 */
export async function heapSnapshot(page) {
  const cdp = await page.context().newCDPSession(page);
  const chunks = [];
  cdp.on('HeapProfiler.addHeapSnapshotChunk', (e) => chunks.push(e.chunk));
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  await cdp.send('HeapProfiler.disable');
  await cdp.detach();
  return chunks.join('');
}

/**
 * Uploads a folder to an IPFS node through the Kubo RPC `add` endpoint with the project's
 * profile (CIDv1, raw leaves, 1 MiB chunks, 1,024 links, balanced), and returns the folder's CID.
 * @param {string} apiUrl the node's API base (e.g. http://127.0.0.1:5001)
 * @param {string} dir
 */
export async function addFolder(apiUrl, dir) {
  const form = new FormData();
  const walk = (d, rel) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const r = rel ? `${rel}/${name}` : name;
      if (statSync(p).isDirectory()) walk(p, r);
      else form.append('file', new Blob([readFileSync(p)]), encodeURIComponent(`site/${r}`));
    }
  };
  walk(dir, '');
  const q =
    'cid-version=1&raw-leaves=true&chunker=size-1048576&max-file-links=1024&trickle=false&hash=sha2-256&pin=true';
  const res = await fetch(`${apiUrl}/api/v0/add?${q}`, { method: 'POST', body: form });
  if (!res.ok) throw new Error(`add failed: ${res.status} ${await res.text()}`);
  const lines = (await res.text())
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  const root = lines.find((l) => l.Name === 'site');
  if (!root) throw new Error(`no root in the add response: ${lines.slice(-2).map((l) => JSON.stringify(l))}`);
  return root.Hash;
}

/**
 * Everything the record flows need, on loopback: anvil with the contracts deployed, the local IPFS
 * node (gateway and upload endpoint), the page built for them and served under a random sub-path.
 * With `relay`, also a relay of signed requests (scripts/demo/relay.mjs) paying from a fresh
 * funded key, named in the page's configuration (`stack.relay`).
 * @param {{ idleSeconds?: number, relay?: boolean, config?: object }} [opts] config: more
 *   configuration keys for the page's build
 */
export async function startStack(opts = {}) {
  const { startIpfsNode } = await import('../../tools/ipfs-node/start.mjs');
  const dataDir = mkdtempSync(join(tmpdir(), 'ehr-web-ipfs-'));
  const [anvil, node] = await Promise.all([startAnvil(), startIpfsNode({ dataDir, port: 0 })]);
  const contracts = await deployContracts(anvil);
  let relay = null;
  if (opts.relay) {
    const [{ startRelay }, { Wallet }] = await Promise.all([import('../../scripts/demo/relay.mjs'), import('ethers')]);
    const key = Wallet.createRandom().privateKey;
    await anvil.rpc('anvil_setBalance', [new Wallet(key).address, '0x56bc75e2d63100000']);
    relay = await startRelay({ rpcUrl: anvil.url, privateKey: key, forwarder: contracts.EhrForwarder });
  }
  const built = buildPage({
    rpcUrl: anvil.url,
    contracts,
    gateways: [node.gatewayUrl],
    uploadUrl: node.apiUrl,
    idleSeconds: opts.idleSeconds,
    relayUrl: relay?.url,
    config: opts.config,
  });
  const prefix = randomPrefix();
  const server = await startStaticServer({ [prefix]: built.out });
  return {
    anvil,
    node,
    contracts,
    built,
    server,
    prefix,
    url: `${server.origin}${prefix}`,
    accounts: await anvil.rpc('eth_accounts'),
    relay,
    async stop() {
      await server.close();
      await relay?.close();
      await Promise.all([node.stop(), anvil.stop()]);
      built.remove();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * What keeps a string alive: retainer chains of the heap-snapshot nodes whose text holds
 * `needle` (for the message of a failing heap assertion).
 */
export function heapRetainers(snapText, needle, depth = 16) {
  const snap = JSON.parse(snapText);
  const m = snap.snapshot.meta;
  const nf = m.node_fields,
    ef = m.edge_fields;
  const NFL = nf.length,
    EFL = ef.length;
  const nodes = snap.nodes,
    edges = snap.edges,
    strings = snap.strings;
  const nTypes = m.node_types[0],
    eTypes = m.edge_types[0];
  const iType = nf.indexOf('type'),
    iName = nf.indexOf('name'),
    iEdges = nf.indexOf('edge_count'),
    iId = nf.indexOf('id');
  const eType = ef.indexOf('type'),
    eName = ef.indexOf('name_or_index'),
    eTo = ef.indexOf('to_node');
  const count = nodes.length / NFL;
  const rev = new Map();
  let e = 0;
  for (let n = 0; n < count; n++) {
    const ec = nodes[n * NFL + iEdges];
    for (let k = 0; k < ec; k++, e += EFL) {
      const to = edges[e + eTo] / NFL;
      const t = eTypes[edges[e + eType]];
      const name = t === 'element' || t === 'hidden' ? `[${edges[e + eName]}]` : strings[edges[e + eName]];
      if (!rev.has(to)) rev.set(to, []);
      rev.get(to).push({ from: n, edge: `${t}:${name}` });
    }
  }
  const label = (n) => `${nTypes[nodes[n * NFL + iType]]} ${String(strings[nodes[n * NFL + iName]]).slice(0, 80)}`;
  const hits = [];
  for (let n = 0; n < count; n++) if (String(strings[nodes[n * NFL + iName]]).includes(needle)) hits.push(n);
  const out = [];
  for (const h of hits.slice(0, 3)) {
    out.push(`HIT ${label(h)}`);
    let frontier = [[h, '']];
    const seen = new Set([h]);
    for (let d = 0; d < depth; d++) {
      const next = [];
      for (const [n, path] of frontier) {
        for (const r of (rev.get(n) ?? []).slice(0, 3)) {
          if (seen.has(r.from)) continue;
          seen.add(r.from);
          out.push(`${'  '.repeat(d + 1)}<- ${r.edge} of ${label(r.from)}`);
          next.push([r.from, '']);
        }
      }
      frontier = next.slice(0, 6);
    }
  }
  return out.join('\n');
}
