#!/usr/bin/env node
// The local demo: anvil (the chain) and the local IPFS node on loopback, the contracts deployed,
// the demo world seeded once, the page built for them and served; prints the URL, the demo
// accounts and what to try. Ctrl-C stops everything; the state stays under the data folder, so
// the next start resumes where this one stopped.
//
//   node scripts/start.mjs [--fresh] [--data DIR] [--port N] [--rpc-port N] [--ipfs-port N]
//     --fresh          wipe the data folder first (a new chain, new records)
//     --data DIR       where the state lives (default .data/ at the repository root, git-ignored)
//     --port N         the page (default 8000, env EHR_PORT)
//     --rpc-port N     anvil's JSON-RPC (default 8545, env EHR_RPC_PORT)
//     --ipfs-port N    the IPFS node's RPC API and gateway (default 5001, env EHR_IPFS_PORT)
//   Port 0 picks a free port. Everything listens on 127.0.0.1 only.
//
// `npm start` runs scripts/start.sh, which installs and builds what is missing first.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { rpcCall, spawnAnvil } from '../tools/anvil.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const HOST = '127.0.0.1';
const CHAIN_ID = 31337;
/** anvil's first development key: the deployer and super-admin. Public, development only. */
const DEPLOYER_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';

function options() {
  const { values } = parseArgs({
    options: {
      fresh: { type: 'boolean', default: false },
      data: { type: 'string' },
      port: { type: 'string' },
      'rpc-port': { type: 'string' },
      'ipfs-port': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log('usage: npm start [-- --fresh] [--data DIR] [--port 8000] [--rpc-port 8545] [--ipfs-port 5001]');
    process.exit(0);
  }
  const port = (v, env, dflt) => {
    const n = Number(v ?? process.env[env] ?? dflt);
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`not a port: ${v ?? process.env[env]}`);
    return n;
  };
  return {
    fresh: values.fresh,
    data: resolve(values.data ?? join(ROOT, '.data')),
    port: port(values.port, 'EHR_PORT', 8000),
    rpcPort: port(values['rpc-port'], 'EHR_RPC_PORT', 8545),
    ipfsPort: port(values['ipfs-port'], 'EHR_IPFS_PORT', 5001),
  };
}

const readJson = (f) => (existsSync(f) ? JSON.parse(readFileSync(f, 'utf8')) : null);
function writeJson(f, value) {
  const tmp = `${f}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(tmp, f);
}

/** anvil with its state in `dir`/state.json: loaded on start, dumped every few seconds and on exit. */
function startAnvil(dir, port) {
  mkdirSync(dir, { recursive: true });
  // Its own process group: a Ctrl-C in the terminal reaches this script, which stops anvil itself
  // (so that anvil writes its state once, and after the others have stopped).
  return spawnAnvil({
    port,
    args: ['--chain-id', String(CHAIN_ID), '--state', join(dir, 'state.json'), '--state-interval', '5'],
    detached: true,
    stopTimeoutMs: 15000,
  });
}

/** True when every address in `contracts` holds code on the chain. */
async function deployed(url, contracts) {
  for (const a of Object.values(contracts ?? {})) {
    if ((await rpcCall(url, 'eth_getCode', [a, 'latest'])) === '0x') return false;
  }
  return Object.keys(contracts ?? {}).length > 0;
}

async function main() {
  const o = options();
  const rel = relative(process.cwd(), o.data);
  const shown = rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? o.data : rel;
  if (o.fresh && existsSync(o.data)) {
    rmSync(o.data, { recursive: true, force: true });
    console.log(`--fresh: removed ${shown}/`);
  }
  mkdirSync(o.data, { recursive: true });
  const files = {
    deployments: join(o.data, 'deployments.json'),
    seeded: join(o.data, 'seeded.json'),
    config: join(o.data, 'config.json'),
    site: join(o.data, 'site'),
    anvil: join(o.data, 'anvil'),
    ipfs: join(o.data, 'ipfs'),
  };
  // A seed that never finished leaves a half-made world: start the chain over (the IPFS blocks
  // stay; they are only ciphertext addressed by hash).
  if (!existsSync(files.seeded) && existsSync(files.anvil)) {
    rmSync(files.anvil, { recursive: true, force: true });
    rmSync(files.deployments, { force: true });
  }

  const stops = [];
  let stopping = null;
  const stopAll = (code) => {
    stopping ??= (async () => {
      // The page first, then the IPFS node, anvil last (it writes its state on exit).
      for (const s of stops.reverse()) {
        try {
          await s();
        } catch (e) {
          console.error(`stopping: ${e.message}`);
        }
      }
      process.exit(code);
    })();
    return stopping;
  };
  process.on('SIGINT', () => {
    console.log('\nstopping…');
    stopAll(0);
  });
  process.on('SIGTERM', () => stopAll(0));

  try {
    const { startIpfsNode } = await import('../tools/ipfs-node/start.mjs');
    const [anvil, ipfs] = await Promise.all([
      startAnvil(files.anvil, o.rpcPort),
      startIpfsNode({ dataDir: files.ipfs, port: o.ipfsPort, host: HOST }),
    ]);
    stops.push(
      () => anvil.stop(),
      () => ipfs.stop(),
    );
    // A Ctrl-C in the terminal reaches the IPFS node too (same process group): give this
    // process's own SIGINT handler a moment before calling an exit unexpected.
    const watch = (exited, name) =>
      exited.then(() =>
        setTimeout(() => {
          if (!stopping) {
            console.error(`${name} stopped unexpectedly`);
            stopAll(1);
          }
        }, 1000),
      );
    watch(anvil.exited, 'anvil');
    watch(ipfs.exited, 'the IPFS node');

    // Contracts: deployed once per chain state, checked on every resume.
    let dep = readJson(files.deployments);
    let seeded = readJson(files.seeded);
    if (dep && !(await deployed(anvil.url, dep.contracts))) {
      console.log('The chain state does not hold the recorded contracts: deploying and seeding again.');
      dep = null;
      seeded = null;
      rmSync(files.seeded, { force: true });
    }
    if (!dep) {
      const [{ deploy }, { Wallet }] = await Promise.all([import('../contracts/deploy.mjs'), import('ethers')]);
      const r = await deploy({ rpcUrl: anvil.url, signer: new Wallet(DEPLOYER_KEY), write: false });
      dep = { chainId: r.chainId, deployer: r.deployer, startBlock: r.startBlock, contracts: r.addresses };
      writeJson(files.deployments, dep);
      console.log(
        `Contracts deployed: ${Object.entries(dep.contracts)
          .map(([n, a]) => `${n} ${a}`)
          .join(', ')}`,
      );
    }

    // The demo world, once.
    const { seedDemo, DEMO_ACCOUNTS } = await import('./demo/seed.mjs');
    if (!seeded) {
      const t0 = Date.now();
      process.stdout.write('Seeding the demo world:');
      const summary = await seedDemo({
        rpcUrl: anvil.url,
        apiUrl: ipfs.apiUrl,
        addresses: dep.contracts,
        log: (s) => process.stdout.write(` ${s},`),
      });
      seeded = { seededAt: new Date().toISOString(), ...summary };
      writeJson(files.seeded, seeded);
      console.log(` done in ${((Date.now() - t0) / 1000).toFixed(1)} s (${summary.records.length} records).`);
    } else {
      console.log(`Resuming the demo world seeded ${seeded.seededAt} (data in ${shown}/).`);
    }

    // The relay of signed requests: patients without ETH sign, it submits and pays (a key of
    // its own, topped up on every start; development only).
    let relay = null;
    if (dep.contracts.EhrForwarder) {
      const [{ startRelay }, { keccak256, toUtf8Bytes, computeAddress }] = await Promise.all([
        import('./demo/relay.mjs'),
        import('ethers'),
      ]);
      const relayKey = keccak256(toUtf8Bytes('ehr demo relay key (public, development only)'));
      await rpcCall(anvil.url, 'anvil_setBalance', [computeAddress(relayKey), '0x3635c9adc5dea00000']);
      relay = await startRelay({ rpcUrl: anvil.url, privateKey: relayKey, forwarder: dep.contracts.EhrForwarder });
      stops.push(() => relay.close());
    }

    // The page, configured for these endpoints and contracts, with the demo accounts labelled.
    const base = JSON.parse(readFileSync(join(ROOT, 'web', 'config.json'), 'utf8'));
    writeJson(files.config, {
      ...base,
      chainId: CHAIN_ID,
      rpcUrl: anvil.url,
      gateways: [ipfs.gatewayUrl],
      uploadUrl: ipfs.apiUrl,
      ...(relay ? { relayUrl: relay.url } : {}),
      contracts: dep.contracts,
      startBlock: dep.startBlock ?? 0,
      development: true,
      devAccounts: DEMO_ACCOUNTS.map((a) => ({ label: a.label, index: a.index })),
    });
    const { build } = await import('../web/build.mjs');
    build({ out: files.site, config: files.config, quiet: true });
    const { serveStatic } = await import('./demo/static-server.mjs');
    const server = await serveStatic({ dir: files.site, host: HOST, port: o.port });
    stops.push(() => server.close());

    const accounts = DEMO_ACCOUNTS.map((a) => `  ${a.label.padEnd(70)} ${seeded.accounts[a.key]}`);
    console.log(`
EHR demo (development only: a local test chain and public test keys)

  Page:        ${server.url}
  Chain:       ${anvil.url} (anvil, chain id ${CHAIN_ID})
  IPFS node:   API ${ipfs.apiUrl}, gateway ${ipfs.gatewayUrl}/ipfs/<cid>
  Relay:       ${relay ? `${relay.url} (pays for patients without ETH, from ${relay.address})` : 'none'}
  Contracts:   ${Object.entries(dep.contracts)
    .map(([n, a]) => `${n} ${a}`)
    .join(', ')}
  Data:        ${shown}/ (kept between runs; \`npm start -- --fresh\` starts over)

Demo accounts (page: Wallet > Development accounts, one click each; MetaMask: import the public
test phrase "test test test test test test test test test test test junk" and add the network):
${accounts.join('\n')}

What to try:
  1. As Alice: Chart > Unlock my records > Open a record (decrypted in the page, every block
     checked against its CID); Access shows who can read what; Family shows Carol.
  2. As Dr Ada Okafor: Patients > Open chart of Alice: allergies, medication, labs, notes;
     Carol shared immunizations and family history.
  3. As Alice again: revoke Dr Ada, add a record; as Dr Ada it no longer opens.
  4. As Dr Ben Lindqvist: confirm Bob's appointment request. As the super-admin: Platform.
  5. As the super-admin (it runs the hospital): Institution > Invite a member, e.g. Bob's address
     as a nurse; as Bob: Invitation > Accept (or Decline). Nobody joins without accepting.

Ctrl-C stops everything.`);
  } catch (e) {
    console.error(`\nnpm start: ${e.stack || e.message}`);
    await stopAll(1);
  }
}

main();
