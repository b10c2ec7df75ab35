// contracts/deploy.mjs as a module and as a command, and the anvil helper's life cycle.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Contract, JsonRpcProvider, Wallet, encryptKeystoreJson } from 'ethers';
import { readArtifact } from '../../contracts/build.mjs';
import { deploy } from '../../contracts/deploy.mjs';
import { startAnvil } from './anvil.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const DEPLOY = path.join(root, 'contracts', 'deploy.mjs');

function run(args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [DEPLOY, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('deploy', () => {
  let anvil;
  let provider;
  let dir;
  before(async () => {
    anvil = await startAnvil({ accounts: 4 });
    provider = new JsonRpcProvider(anvil.rpcUrl, anvil.chainId, { staticNetwork: true, cacheTimeout: -1 });
    dir = await mkdtemp(path.join(tmpdir(), 'ehr-deploy-'));
  });
  after(async () => {
    provider?.destroy();
    await anvil?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function checkDeployment(file, deployer) {
    const d = JSON.parse(await readFile(file, 'utf8'));
    assert.equal(d.chainId, anvil.chainId);
    assert.equal(d.deployer, deployer);
    assert.deepEqual(Object.keys(d.contracts).sort(), ['EhrAppointments', 'EhrForwarder', 'EhrHub', 'EhrLens']);
    for (const c of Object.values(d.contracts)) {
      assert.notEqual(await provider.getCode(c.address), '0x', 'code at the recorded address');
    }
    const appt = new Contract(
      d.contracts.EhrAppointments.address,
      (await readArtifact('EhrAppointments')).abi,
      provider,
    );
    const lens = new Contract(d.contracts.EhrLens.address, (await readArtifact('EhrLens')).abi, provider);
    assert.equal(await appt.hub(), d.contracts.EhrHub.address, 'appointments wired to the hub');
    assert.equal(await lens.hub(), d.contracts.EhrHub.address, 'lens wired to the hub');
    const hub = new Contract(d.contracts.EhrHub.address, (await readArtifact('EhrHub')).abi, provider);
    assert.equal(await hub.admin(), deployer, 'the deployer is the super-admin');
    // startBlock: the block of the first deployment transaction, so no event is older.
    assert.ok(Number.isSafeInteger(d.startBlock) && d.startBlock > 0, 'startBlock recorded');
    assert.equal(d.startBlock, d.contracts.EhrForwarder.blockNumber, 'the forwarder is deployed first');
    assert.equal(d.startBlock, Math.min(...Object.values(d.contracts).map((c) => c.blockNumber)));
    assert.equal(await hub.trustedForwarder(), d.contracts.EhrForwarder.address, 'the hub trusts the forwarder');
    assert.equal(await appt.trustedForwarder(), d.contracts.EhrForwarder.address, 'so does the book');
    const fwd = new Contract(d.contracts.EhrForwarder.address, (await readArtifact('EhrForwarder')).abi, provider);
    assert.deepEqual([...(await fwd.targets())], [d.contracts.EhrHub.address, d.contracts.EhrAppointments.address]);
    const tx = await provider.getTransactionReceipt(d.contracts.EhrForwarder.transactionHash);
    assert.equal(tx.blockNumber, d.startBlock);
    return d;
  }

  it('deploys from the command line with a development key from the environment', async () => {
    const res = await run(['--rpc', anvil.rpcUrl, '--private-key-env', 'EHR_TEST_KEY', '--out', dir], {
      EHR_TEST_KEY: anvil.accounts[1].privateKey,
    });
    assert.equal(res.status, 0, res.stderr);
    assert.match(res.stdout, /EhrHub\s+0x[0-9a-fA-F]{40}/);
    await checkDeployment(path.join(dir, `${anvil.chainId}.json`), anvil.accounts[1].address);
  });

  it('deploys from the command line with a keystore and DEPLOY_PASSWORD', async () => {
    const keystore = await encryptKeystoreJson(anvil.accounts[2], 'correct horse', { scrypt: { N: 1024 } });
    const file = path.join(dir, 'deployer.json');
    await writeFile(file, keystore);
    const out = path.join(dir, 'ks');
    const bad = await run(['--rpc', anvil.rpcUrl, '--keystore', file, '--out', out], { DEPLOY_PASSWORD: 'wrong' });
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /deploy failed/);
    const res = await run(['--rpc', anvil.rpcUrl, '--keystore', file, '--out', out], {
      DEPLOY_PASSWORD: 'correct horse',
    });
    assert.equal(res.status, 0, res.stderr);
    await checkDeployment(path.join(out, `${anvil.chainId}.json`), anvil.accounts[2].address);
  });

  it('refuses to run without exactly one key source', async () => {
    const none = await run(['--rpc', anvil.rpcUrl]);
    assert.equal(none.status, 1);
    assert.match(none.stderr, /exactly one of --keystore FILE or --private-key-env NAME/);
    const empty = await run(['--rpc', anvil.rpcUrl, '--private-key-env', 'EHR_UNSET_VARIABLE']);
    assert.equal(empty.status, 1);
    assert.match(empty.stderr, /EHR_UNSET_VARIABLE is empty/);
  });

  it('exports deploy({ rpcUrl, signer }) for other code', async () => {
    const signer = new Wallet(anvil.accounts[3].privateKey);
    const result = await deploy({ rpcUrl: anvil.rpcUrl, signer, write: true, deploymentsDir: path.join(dir, 'mod') });
    assert.equal(result.chainId, anvil.chainId);
    assert.equal(result.deployer, anvil.accounts[3].address);
    assert.deepEqual(Object.keys(result.addresses), ['EhrForwarder', 'EhrHub', 'EhrAppointments', 'EhrLens']);
    assert.equal(result.startBlock, result.deployment.startBlock);
    assert.equal(await result.contracts.EhrHub.admin(), anvil.accounts[3].address);
    await checkDeployment(result.file, anvil.accounts[3].address);
    result.contracts.EhrHub.runner.provider.destroy();
  });
});

describe('anvil helper', () => {
  it('starts on a free loopback port with the default accounts and stops without leftovers', async () => {
    const [a, b] = await Promise.all([startAnvil({ accounts: 2 }), startAnvil({ accounts: 2 })]);
    try {
      assert.notEqual(a.port, b.port);
      assert.match(a.rpcUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(a.chainId, 31337);
      assert.equal(a.accounts[0].address, '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266');
      assert.equal(Number(await a.rpc('eth_blockNumber')), 0);
      assert.ok(alive(a.pid) && alive(b.pid));
    } finally {
      await a.stop();
      await b.stop();
    }
    assert.equal(alive(a.pid), false, 'first anvil is gone');
    assert.equal(alive(b.pid), false, 'second anvil is gone');
    await a.stop(); // idempotent
  });

  it('passes mining options through', async () => {
    const a = await startAnvil({ accounts: 1, noMining: true });
    try {
      const from = a.accounts[0].address;
      await a.rpc('eth_sendTransaction', [{ from, to: from, value: '0x1' }]);
      assert.equal(Number(await a.rpc('eth_blockNumber')), 0, 'nothing mined until asked');
      await a.rpc('evm_mine', []);
      assert.equal(Number(await a.rpc('eth_blockNumber')), 1);
    } finally {
      await a.stop();
    }
  });
});
