#!/usr/bin/env node
// Deploys EhrForwarder (relayed calls), EhrHub trusting it, then EhrAppointments and EhrLens wired
// to the hub, and records the addresses and the deployment's first block (`startBlock`, where a
// reader of the event trail starts) in contracts/deployments/<chainId>.json. The forwarder only
// calls the hub and the appointment book, which are deployed after it: their addresses follow
// from the deployer's nonces and are checked once deployed.
//
// CLI:
//   node contracts/deploy.mjs [--rpc URL] (--keystore FILE | --private-key-env NAME) [--out DIR] [--no-write]
//     --rpc URL               JSON-RPC endpoint (default http://127.0.0.1:8545, e.g. anvil)
//     --keystore FILE         V3 keystore; the password comes from env DEPLOY_PASSWORD or a prompt
//     --private-key-env NAME  read a hex private key from env NAME (development only)
//     --out DIR               where to write <chainId>.json (default contracts/deployments)
//     --no-write              deploy without writing the deployment file
//
// Module:
//   import { deploy } from './contracts/deploy.mjs';
//   const { chainId, addresses, startBlock, contracts } = await deploy({ rpcUrl, signer });

import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ContractFactory, JsonRpcProvider, Wallet, getCreateAddress } from 'ethers';
import { build, readArtifact } from './build.mjs';
import { waitReceipt } from './tx.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const DEPLOYMENTS_DIR = path.join(here, 'deployments');

/**
 * The contracts in deployment order, with the constructor arguments each takes from the addresses
 * deployed so far (`a`) and those every step will have (`p`, from the deployer's nonces).
 */
const PLAN = [
  { name: 'EhrForwarder', args: (a, p) => [p.EhrHub, p.EhrAppointments] },
  { name: 'EhrHub', args: (a) => [a.EhrForwarder] },
  { name: 'EhrAppointments', args: (a) => [a.EhrHub] },
  { name: 'EhrLens', args: (a) => [a.EhrHub] },
];

/**
 * Deploys and wires the contracts.
 * @param {object} options
 * @param {string} [options.rpcUrl] Used when `signer` is not connected to a provider.
 * @param {import('ethers').Signer} options.signer The deployer.
 * @param {boolean} [options.write=true] Write deployments/<chainId>.json.
 * @param {string} [options.deploymentsDir] Where to write it.
 * @param {boolean} [options.build=true] Compile first if the sources changed.
 * @param {(msg: string) => void} [options.log]
 * @returns {Promise<{ chainId: number, deployer: string, addresses: Record<string,string>,
 *   startBlock: number, deployment: object, contracts: Record<string, import('ethers').Contract>,
 *   file?: string }>} `startBlock`: the block of the first deployment transaction (no event of these
 *   contracts is older).
 */
export async function deploy({
  rpcUrl,
  signer,
  write = true,
  deploymentsDir = DEPLOYMENTS_DIR,
  build: doBuild = true,
  log = () => {},
} = {}) {
  if (!signer) throw new Error('deploy: a signer is required');
  if (!signer.provider) {
    if (!rpcUrl) throw new Error('deploy: signer has no provider and no rpcUrl was given');
    signer = signer.connect(new JsonRpcProvider(rpcUrl, undefined, { cacheTimeout: -1 }));
  }
  if (doBuild) await build({ quiet: true });
  const provider = signer.provider;
  const chainId = Number((await provider.getNetwork()).chainId);
  const deployer = await signer.getAddress();
  let nonce = await provider.getTransactionCount(deployer, 'pending');

  const predicted = Object.fromEntries(
    PLAN.map((step, i) => [step.name, getCreateAddress({ from: deployer, nonce: nonce + i })]),
  );
  const addresses = {};
  const contracts = {};
  const records = {};
  for (const step of PLAN) {
    const artifact = await readArtifact(step.name);
    const factory = new ContractFactory(artifact.abi, artifact.bytecode, signer);
    const contract = await factory.deploy(...step.args(addresses, predicted), { nonce: nonce++ });
    const tx = contract.deploymentTransaction();
    const receipt = await waitReceipt(tx);
    if (!receipt || receipt.status !== 1) throw new Error(`deploying ${step.name} failed (${tx.hash})`);
    addresses[step.name] = await contract.getAddress();
    if (addresses[step.name] !== predicted[step.name])
      throw new Error(`${step.name} landed at ${addresses[step.name]}, not ${predicted[step.name]}`);
    contracts[step.name] = contract;
    records[step.name] = {
      address: addresses[step.name],
      transactionHash: tx.hash,
      blockNumber: receipt.blockNumber,
      gasUsed: Number(receipt.gasUsed),
    };
    log(`${step.name.padEnd(16)} ${addresses[step.name]}  (block ${receipt.blockNumber}, gas ${receipt.gasUsed})`);
  }

  const startBlock = records[PLAN[0].name].blockNumber;
  const deployment = { chainId, deployer, deployedAt: new Date().toISOString(), startBlock, contracts: records };
  let file;
  if (write) {
    await mkdir(deploymentsDir, { recursive: true });
    file = path.join(deploymentsDir, `${chainId}.json`);
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, `${JSON.stringify(deployment, null, 2)}\n`);
    await rename(tmp, file);
    log(`wrote ${path.relative(process.cwd(), file)}`);
  }
  return { chainId, deployer, addresses, startBlock, deployment, contracts, file };
}

/**
 * Reads contracts/deployments/<chainId>.json.
 * @param {number} chainId
 * @param {string} [dir]
 */
export async function readDeployment(chainId, dir = DEPLOYMENTS_DIR) {
  return JSON.parse(await readFile(path.join(dir, `${chainId}.json`), 'utf8'));
}

// ---------------------------------------------------------------------- CLI

function parseArgs(argv) {
  const opts = { rpc: 'http://127.0.0.1:8545', write: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--rpc') opts.rpc = value();
    else if (a === '--keystore') opts.keystore = value();
    else if (a === '--private-key-env') opts.privateKeyEnv = value();
    else if (a === '--out') opts.out = value();
    else if (a === '--no-write') opts.write = false;
    else if (a === '--help' || a === '-h') opts.help = true;
    else throw new Error(`unknown argument ${a}`);
  }
  return opts;
}

/** Reads a line from the terminal without echoing it. */
function promptHidden(question) {
  return new Promise((resolve, reject) => {
    const { stdin, stderr } = process;
    if (!stdin.isTTY) {
      reject(new Error('no terminal to prompt for the keystore password; set DEPLOY_PASSWORD'));
      return;
    }
    stderr.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    let answer = '';
    const onData = (chunk) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off('data', onData);
          stderr.write('\n');
          resolve(answer);
          return;
        }
        if (ch === '\u0003') {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off('data', onData);
          reject(new Error('cancelled'));
          return;
        }
        if (ch === '\u007f' || ch === '\b') answer = answer.slice(0, -1);
        else answer += ch;
      }
    };
    stdin.on('data', onData);
  });
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.help) {
    console.log(
      'usage: node contracts/deploy.mjs [--rpc URL] (--keystore FILE | --private-key-env NAME) [--out DIR] [--no-write]',
    );
    return;
  }
  if (!!opts.keystore === !!opts.privateKeyEnv) {
    throw new Error('give exactly one of --keystore FILE or --private-key-env NAME');
  }
  const provider = new JsonRpcProvider(opts.rpc, undefined, { cacheTimeout: -1 });
  let wallet;
  if (opts.keystore) {
    const json = await readFile(opts.keystore, 'utf8');
    const password = process.env.DEPLOY_PASSWORD ?? (await promptHidden(`password for ${opts.keystore}: `));
    wallet = await Wallet.fromEncryptedJson(json, password);
  } else {
    const key = process.env[opts.privateKeyEnv];
    if (!key) throw new Error(`environment variable ${opts.privateKeyEnv} is empty`);
    wallet = new Wallet(key.startsWith('0x') ? key : `0x${key}`);
  }
  const signer = wallet.connect(provider);
  try {
    await deploy({
      signer,
      write: opts.write,
      deploymentsDir: opts.out ? path.resolve(opts.out) : DEPLOYMENTS_DIR,
      log: (m) => console.log(m),
    });
  } finally {
    provider.destroy();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(`deploy failed: ${err.shortMessage ?? err.message}`);
    process.exitCode = 1;
  });
}
