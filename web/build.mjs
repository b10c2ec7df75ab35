#!/usr/bin/env node
// Builds the static page into one self-contained folder (default web/dist/) that works from any
// path: a subdomain gateway, DNSLink or a plain web server. (Under `/ipfs/<cid>/` on a path
// gateway it loads but refuses to connect or unlock: web/src/origin.js.)
//
//   node web/build.mjs [--out DIR] [--config FILE] [--deployments FILE]
//                      [--chain-id N] [--rpc URL] [--gateway URL ...] [--upload URL] [--relay URL]
//                      [--idle-seconds N] [--no-development] [--wasm DIR]
//
// Layout of the output (it mirrors the repository, so the page's relative imports are the same in
// the source tree and in the build):
//   index.html            Content-Security-Policy meta tag, import map with integrity, entry module
//   styles.css, favicon.svg
//   config.js             the configuration, frozen, as an ES module (covered by integrity)
//   web/src/**.js         the page's modules, unbundled and unminified (auditable where hosted)
//   wasm/js/*.js          the WebAssembly module's JS API
//   wasm/dist/ehr_core.*  the WebAssembly module and its glue
//   abi/<Name>.json       contract ABIs from contracts/out/, when present
//
// Every URL in the output is relative. The CSP allows scripts only from the page's own origin
// plus the hash of the inline import map, WebAssembly compilation ('wasm-unsafe-eval', never
// 'unsafe-eval'), and network connections only to the page's origin and the configured RPC,
// gateway, upload and relay origins, health-card issuers and health-link servers. Integrity
// (SRI): the stylesheet and entry module carry integrity attributes; every other module is listed
// in the import map's "integrity" section; the .wasm and ABI files are fetched with integrity by
// the page. web/README.md lists what is not covered.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const WEB = join(ROOT, 'web');

/** Parses argv into options (repeatable --gateway). */
export function parseArgs(argv) {
  const opts = { gateways: [] };
  const need = (i) => {
    if (i + 1 >= argv.length) throw new Error(`${argv[i]} needs a value`);
    return argv[i + 1];
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    switch (a) {
      case '--out':
        opts.out = need(i);
        i++;
        break;
      case '--config':
        opts.config = need(i);
        i++;
        break;
      case '--deployments':
        opts.deployments = need(i);
        i++;
        break;
      case '--chain-id':
        opts.chainId = Number(need(i));
        i++;
        break;
      case '--rpc':
        opts.rpcUrl = need(i);
        i++;
        break;
      case '--gateway':
        opts.gateways.push(need(i));
        i++;
        break;
      case '--upload':
        opts.uploadUrl = need(i);
        i++;
        break;
      case '--relay':
        opts.relayUrl = need(i);
        i++;
        break;
      case '--idle-seconds':
        opts.idleSeconds = Number(need(i));
        i++;
        break;
      case '--no-development':
        opts.development = false;
        break;
      case '--wasm':
        opts.wasm = need(i);
        i++;
        break;
      case '--quiet':
        opts.quiet = true;
        break;
      default:
        throw new Error(`unknown option ${a}`);
    }
  }
  return opts;
}

/** An http(s) URL's origin, or an error naming the setting. */
function originOf(url, name) {
  let u;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`config ${name}: not a URL: ${url}`);
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error(`config ${name}: must be http(s): ${url}`);
  if (u.username || u.password)
    throw new Error(`config ${name}: credentials do not belong in a URL (they would be public on IPFS)`);
  return u.origin;
}

/** A list of origins (default none), each checked as originOf does; `protocol` when only one is allowed. */
function originList(list, name, protocol) {
  if (list == null) return [];
  if (!Array.isArray(list)) throw new Error(`config ${name}: a list of origins`);
  return list.map((u, i) => {
    const o = originOf(u, `${name}[${i}]`);
    if (protocol && new URL(o).protocol !== protocol)
      throw new Error(`config ${name}[${i}]: must be ${protocol}//: ${u}`);
    return o;
  });
}

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/**
 * Reads and checks the configuration: the file, then deployments, then command-line overrides.
 * @returns {object} the configuration the page receives
 */
export function loadConfig(opts = {}) {
  const file = opts.config ? resolve(opts.config) : join(WEB, 'config.json');
  const cfg = JSON.parse(readFileSync(file, 'utf8'));
  if (opts.chainId !== undefined) cfg.chainId = opts.chainId;
  if (opts.rpcUrl) cfg.rpcUrl = opts.rpcUrl;
  if (opts.gateways?.length) cfg.gateways = opts.gateways;
  if (opts.uploadUrl) cfg.uploadUrl = opts.uploadUrl;
  if (opts.relayUrl) cfg.relayUrl = opts.relayUrl;
  if (opts.development === false) cfg.development = false;
  cfg.sharedTerminal = { default: true, idleSeconds: 300, ...(cfg.sharedTerminal ?? {}) };
  // The service worker that keeps the app shell for offline starts (web/sw.js); on by default.
  cfg.serviceWorker = cfg.serviceWorker !== false;
  if (opts.idleSeconds !== undefined) cfg.sharedTerminal.idleSeconds = opts.idleSeconds;

  if (!Number.isSafeInteger(cfg.chainId) || cfg.chainId <= 0)
    throw new Error(`config chainId: a positive integer, got ${cfg.chainId}`);
  originOf(cfg.rpcUrl, 'rpcUrl');
  if (!Array.isArray(cfg.gateways) || cfg.gateways.length === 0)
    throw new Error('config gateways: a non-empty list of URLs');
  cfg.gateways.forEach((g, i) => originOf(g, `gateways[${i}]`));
  if (cfg.uploadUrl != null) originOf(cfg.uploadUrl, 'uploadUrl');
  if (cfg.blockExplorerUrl != null) originOf(cfg.blockExplorerUrl, 'blockExplorerUrl');
  // A relay of signed patient actions (web/src/chain/relay.js): it submits them and pays the fee.
  if (cfg.relayUrl != null) originOf(cfg.relayUrl, 'relayUrl');
  // Health-standards servers outside the deployment the page may connect to (connect-src):
  // SMART Health Card issuers (their keys and revocation lists under `<iss>/.well-known/`) and
  // SMART Health Link servers (manifests of passcode links). Origins; none by default.
  cfg.shcIssuerOrigins = originList(cfg.shcIssuerOrigins, 'shcIssuerOrigins', 'https:');
  cfg.shlServerOrigins = originList(cfg.shlServerOrigins, 'shlServerOrigins');
  const idle = cfg.sharedTerminal.idleSeconds;
  if (!Number.isFinite(idle) || idle < 1 || idle > 86400)
    throw new Error(`config sharedTerminal.idleSeconds: 1..86400, got ${idle}`);

  // Contract addresses: the config's own, else the deployment record for this chain id.
  const dep = opts.deployments
    ? resolve(opts.deployments)
    : join(ROOT, 'contracts', 'deployments', `${cfg.chainId}.json`);
  if ((!cfg.contracts || Object.keys(cfg.contracts).length === 0) && existsSync(dep)) {
    // contracts/deploy.mjs writes { chainId, contracts: { Name: { address, ... } } }.
    const d = JSON.parse(readFileSync(dep, 'utf8'));
    if (d.chainId !== undefined && Number(d.chainId) !== cfg.chainId)
      throw new Error(`${dep} is for chain ${d.chainId}, not ${cfg.chainId}`);
    cfg.contracts = Object.fromEntries(
      Object.entries(d.contracts ?? {}).map(([n, v]) => [n, typeof v === 'string' ? v : v?.address]),
    );
    // Log queries start at the deployment's first block (public endpoints cap block ranges).
    cfg.startBlock ??= d.startBlock;
  }
  cfg.startBlock ??= 0;
  if (!Number.isSafeInteger(cfg.startBlock) || cfg.startBlock < 0)
    throw new Error(`config startBlock: a block number (non-negative integer), got ${cfg.startBlock}`);
  cfg.contracts ??= {};
  for (const [name, addr] of Object.entries(cfg.contracts)) {
    if (typeof addr !== 'string' || !ADDRESS.test(addr))
      throw new Error(`config contracts.${name}: not an address: ${addr}`);
  }
  return cfg;
}

/** The CSP for a configuration, with the hash of the inline import map. */
export function contentSecurityPolicy(cfg, importMapHash) {
  const origins = new Set(
    [
      cfg.rpcUrl,
      ...cfg.gateways,
      ...(cfg.uploadUrl ? [cfg.uploadUrl] : []),
      ...(cfg.relayUrl ? [cfg.relayUrl] : []),
      ...(cfg.shcIssuerOrigins ?? []),
      ...(cfg.shlServerOrigins ?? []),
    ].map((u) => new URL(u).origin),
  );
  return [
    "default-src 'self'",
    `script-src 'self' '${importMapHash}' 'wasm-unsafe-eval'`,
    "style-src 'self'",
    // Wallet icons announced through EIP-6963 are data: URIs.
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ${[...origins].sort().join(' ')}`,
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    // The page frames nothing. Being framed is another matter: frame-ancestors is ignored in a
    // <meta> policy, so web/src/origin.js refuses to run in a frame.
    "frame-src 'none'",
    "manifest-src 'self'",
    // No DOM sink accepts strings as code: the page never uses innerHTML and friends. The two
    // policies only ever return one URL each: 'ehr-worker' the worker script's (worker-host.js),
    // 'ehr-sw' the service worker's (pwa.js).
    "require-trusted-types-for 'script'",
    'trusted-types ehr-worker ehr-sw',
  ].join('; ');
}

/**
 * Writes sw.js: web/sw.js with this build's shell (every file, with the import map's integrity
 * for modules and SRI for the rest; sw.js itself excluded) and a version that changes with any of
 * them.
 */
function writeServiceWorker(out, integrity) {
  const files = walk(out)
    .map((f) => relative(out, f).split(sep).join('/'))
    .filter((rel) => rel !== 'sw.js')
    .map((rel) => ({ path: `./${rel}`, integrity: integrity[`./${rel}`] ?? sri(readFileSync(join(out, rel))) }));
  const version = createHash('sha256').update(JSON.stringify(files)).digest('hex').slice(0, 16);
  const source = readFileSync(join(WEB, 'sw.js'), 'utf8');
  const marker = /\/\* SHELL \*\/[^]*?\/\* \/SHELL \*\//;
  if (!marker.test(source)) throw new Error('web/sw.js lacks its SHELL marker');
  writeFileSync(join(out, 'sw.js'), source.replace(marker, JSON.stringify({ version, files })));
}

const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}

const escapeAttr = (s) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * Builds the page.
 * @returns {{ out: string, files: string[], csp: string, config: object }}
 */
export function build(opts = {}) {
  const cfg = loadConfig(opts);
  const out = resolve(opts.out ?? join(WEB, 'dist'));
  // The output folder is wiped first: only ever wipe an empty folder or an earlier build.
  if (
    existsSync(out) &&
    readdirSync(out).length > 0 &&
    !(existsSync(join(out, 'index.html')) && existsSync(join(out, 'config.js')))
  ) {
    throw new Error(`refusing to replace ${out}: it is not empty and does not look like an earlier build`);
  }
  // The module: wasm/ of this checkout, or another folder with the same js/ and dist/ layout.
  const WASM = opts.wasm ? resolve(opts.wasm) : join(ROOT, 'wasm');
  const wasmDist = join(WASM, 'dist');
  for (const f of ['ehr_core.mjs', 'ehr_core.wasm']) {
    if (!existsSync(join(wasmDist, f))) {
      throw new Error(
        `wasm/dist/${f} is missing: build the WebAssembly module first (cmake --preset wasm-release && cmake --build --preset wasm-release)`,
      );
    }
  }

  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const copy = (from, to) => {
    mkdirSync(dirname(join(out, to)), { recursive: true });
    cpSync(from, join(out, to));
  };

  // The page's modules and the module API (JS only: the .d.ts files stay behind).
  for (const f of walk(join(WEB, 'src'))) if (f.endsWith('.js')) copy(f, relative(ROOT, f));
  for (const f of readdirSync(join(WASM, 'js')).sort()) {
    if (f.endsWith('.js')) copy(join(WASM, 'js', f), join('wasm', 'js', f));
  }
  copy(join(wasmDist, 'ehr_core.mjs'), 'wasm/dist/ehr_core.mjs');
  copy(join(wasmDist, 'ehr_core.wasm'), 'wasm/dist/ehr_core.wasm');
  // The hub's EIP-712 domain and types: one definition shared with the contracts and their tests.
  if (existsSync(join(ROOT, 'contracts', 'eip712.mjs')))
    copy(join(ROOT, 'contracts', 'eip712.mjs'), 'contracts/eip712.mjs');
  copy(join(WEB, 'styles.css'), 'styles.css');
  copy(join(WEB, 'favicon.svg'), 'favicon.svg');
  copy(join(WEB, 'manifest.webmanifest'), 'manifest.webmanifest');

  // Contract ABIs the page reads, when the contracts have been compiled.
  const abi = {};
  const abiDir = join(ROOT, 'contracts', 'out');
  if (existsSync(abiDir)) {
    for (const f of readdirSync(abiDir).sort()) {
      if (!f.endsWith('.json')) continue;
      const doc = JSON.parse(readFileSync(join(abiDir, f), 'utf8'));
      const list = Array.isArray(doc) ? doc : doc.abi;
      if (!Array.isArray(list)) continue;
      const bytes = Buffer.from(JSON.stringify(list));
      mkdirSync(join(out, 'abi'), { recursive: true });
      writeFileSync(join(out, 'abi', f), bytes);
      abi[f.replace(/\.json$/, '')] = { path: `abi/${f}`, integrity: sri(bytes) };
    }
  }

  // Which parts of the module API this build carries (screens whose API is missing say so).
  const has = (f) => existsSync(join(WASM, 'js', f));
  const features = {
    builtinWallet: has('wallet.js'),
    rpc: has('rpc.js'),
    gateway: has('gateway.js'),
    contracts: Object.keys(abi).length > 0 && Object.keys(cfg.contracts).length > 0,
    records: has('records.js') && has('gateway.js') && has('rpc.js'),
  };
  const pageConfig = {
    ...cfg,
    features,
    abi,
    wasm: { path: 'wasm/dist/ehr_core.wasm', integrity: sri(readFileSync(join(out, 'wasm/dist/ehr_core.wasm'))) },
  };
  writeFileSync(
    join(out, 'config.js'),
    `// Generated by web/build.mjs: the page's configuration.\nexport default Object.freeze(${JSON.stringify(pageConfig, null, 2)});\n`,
  );

  // Integrity for every module: the entry via its attribute, the rest via the import map.
  const modules = walk(out).filter((f) => f.endsWith('.js') || f.endsWith('.mjs'));
  const integrity = {};
  for (const f of modules) integrity[`./${relative(out, f).split(sep).join('/')}`] = sri(readFileSync(f));
  const entry = './web/src/main.js';
  if (!integrity[entry]) throw new Error('web/src/main.js is missing');
  const importMap = JSON.stringify({ integrity }, null, 1);
  const importMapHash = `sha256-${createHash('sha256').update(importMap).digest('base64')}`;
  const csp = contentSecurityPolicy(cfg, importMapHash);

  const template = readFileSync(join(WEB, 'index.html'), 'utf8');
  const fill = {
    '{{CSP}}': escapeAttr(csp),
    '{{IMPORT_MAP}}': importMap,
    '{{ENTRY_INTEGRITY}}': integrity[entry],
    '{{CSS_INTEGRITY}}': sri(readFileSync(join(out, 'styles.css'))),
  };
  let html = template;
  for (const [k, v] of Object.entries(fill)) {
    if (!html.includes(k)) throw new Error(`web/index.html lacks ${k}`);
    html = html.split(k).join(v);
  }
  if (/\s(?:src|href)="\/(?!\/)/.test(html))
    throw new Error('index.html holds a root-relative URL: every URL must be relative');
  writeFileSync(join(out, 'index.html'), html);
  if (cfg.serviceWorker) writeServiceWorker(out, integrity);

  const files = walk(out).map((f) => relative(out, f).split(sep).join('/'));
  return { out, files, csp, config: pageConfig };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const opts = parseArgs(process.argv.slice(2));
    const r = build(opts);
    if (!opts.quiet) {
      const bytes = r.files.reduce((n, f) => n + statSync(join(r.out, f)).size, 0);
      console.log(`built ${relative(process.cwd(), r.out) || '.'}: ${r.files.length} files, ${bytes} bytes`);
      console.log(
        `chain ${r.config.chainId} via ${r.config.rpcUrl}; ${Object.keys(r.config.contracts).length} contract address(es), ${Object.keys(r.config.abi).length} ABI(s)`,
      );
    }
  } catch (e) {
    console.error(`web/build.mjs: ${e.message}`);
    process.exit(1);
  }
}
