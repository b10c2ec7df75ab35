// Against a local chain: anvil (npm @foundry-rs/anvil) started here on loopback with its default
// mnemonic. Keys, signing and encoding come only from this module: send ETH with transactions of
// all three types, deploy a contract compiled here with solc (standard JSON), call it, decode its
// events (indexed static and dynamic arguments) and a custom-error revert.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import solc from 'solc';
import { init } from './helpers.mjs';
import { RpcError } from '../../wasm/js/rpc.js';

const ANVIL = fileURLToPath(new URL('../../node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil', import.meta.url));
const MNEMONIC = 'test test test test test test test test test test test junk';

const SOURCE = `// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

contract Notes {
    error NotOwner(address caller, uint256 code);
    event Noted(address indexed author, string indexed topic, uint256 indexed id, string text, bytes32[] tags);

    address public owner;
    uint256 public count;

    constructor(address owner_) { owner = owner_; }

    function note(string calldata topic, string calldata text, bytes32[] calldata tags) external returns (uint256 id) {
        id = ++count;
        emit Noted(msg.sender, topic, id, text, tags);
    }

    function restricted(uint256 code) external view returns (bool) {
        if (msg.sender != owner) revert NotOwner(msg.sender, code);
        return true;
    }

    function fail(string calldata why) external pure {
        require(false, why);
    }
}
`;

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

let anvil, rpc, ehr, url;

before(async () => {
  ehr = await init();
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  anvil = spawn(ANVIL, ['--host', '127.0.0.1', '--port', String(port), '--mnemonic', MNEMONIC, '--chain-id', '31337'], {
    stdio: 'ignore',
  });
  rpc = ehr.createRpc({ url, retries: 0 });
  const deadline = Date.now() + 30000;
  for (;;) {
    try {
      await rpc.chainId();
      break;
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`anvil did not start: ${e.message}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
});

after(() => {
  anvil?.kill('SIGKILL');
});

function compile() {
  const input = {
    language: 'Solidity',
    sources: { 'Notes.sol': { content: SOURCE } },
    settings: {
      evmVersion: 'cancun',
      optimizer: { enabled: true, runs: 200 },
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
    },
  };
  const out = JSON.parse(solc.compile(JSON.stringify(input)));
  const errors = (out.errors ?? []).filter((e) => e.severity === 'error');
  assert.deepEqual(errors, [], 'solc errors');
  const c = out.contracts['Notes.sol'].Notes;
  return { abi: c.abi, bytecode: c.evm.bytecode.object };
}

test('send ETH, deploy, call, decode events and a custom-error revert on anvil', async () => {
  const root = ehr.wallet.hdFromMnemonic(MNEMONIC);
  const alice = root.deriveAccount(0);
  const bob = root.deriveAccount(1);
  root.dispose();
  assert.equal(alice.address, '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'); // anvil's account 0
  assert.equal(await rpc.chainId(), 31337n);

  // ETH with an EIP-1559, an EIP-2930 and a legacy (EIP-155) transaction.
  const carol = ehr.wallet.createRandom();
  const fees = await rpc.estimateFees();
  assert.ok(fees.maxFeePerGas >= fees.baseFeePerGas);
  const sent = [
    { to: carol.address, value: 10n ** 18n },
    {
      type: 1,
      to: carol.address,
      value: 2n,
      gasPrice: fees.maxFeePerGas,
      accessList: [{ address: carol.address, storageKeys: [] }],
    },
    { type: 0, to: carol.address, value: 3n, gasPrice: fees.maxFeePerGas },
  ];
  for (const [i, tx] of sent.entries()) {
    const hash = await rpc.sendTransaction(alice, tx);
    const receipt = await rpc.waitForReceipt(hash, { timeoutMs: 20000 });
    assert.equal(receipt.status, 1, `transfer ${i}`);
    const onChain = await rpc.request('eth_getTransactionByHash', [hash]);
    assert.equal(Number(onChain.type), tx.type ?? 2);
    assert.equal(onChain.from.toLowerCase(), alice.address.toLowerCase());
  }
  assert.equal(await rpc.getBalance(carol.address), 10n ** 18n + 5n);

  // carol pays back with her own key: a fresh account signs here, anvil accepts it.
  const back = await rpc.sendTransaction(carol, { to: bob.address, value: 12345n });
  assert.equal((await rpc.waitForReceipt(back)).status, 1);
  carol.dispose();

  // Deploy (bytecode + constructor arguments encoded here).
  const { abi, bytecode } = compile();
  const iface = ehr.abi.createInterface(abi);
  const deployData = ehr.fromHex(`0x${bytecode}${ehr.toHex(iface.encodeDeploy([alice.address])).slice(2)}`);
  const deployHash = await rpc.sendTransaction(alice, { to: null, data: deployData });
  const deployed = await rpc.waitForReceipt(deployHash);
  assert.equal(deployed.status, 1);
  const contract = deployed.contractAddress;
  assert.ok(contract);
  const ownerRaw = await rpc.call({ to: contract, data: iface.encodeFunctionData('owner') });
  assert.equal(iface.decodeFunctionResult('owner', ownerRaw)[0], alice.address);

  // A call that emits an event with indexed address, string (hashed) and uint, plus data.
  const tags = [ehr.keccak256(new TextEncoder().encode('lab')), new Uint8Array(32).fill(7)];
  const noteHash = await rpc.sendTransaction(bob, {
    to: contract,
    data: iface.encodeFunctionData('note', ['labs/2024', 'HbA1c 5.4%', tags]),
  });
  const noted = await rpc.waitForReceipt(noteHash);
  assert.equal(noted.status, 1);
  assert.equal(noted.logs.length, 1);
  const ev = iface.decodeEventLog(noted.logs[0]);
  assert.equal(ev.name, 'Noted');
  assert.equal(ev.args.author, bob.address);
  assert.deepEqual(ev.args.topic.hash, ehr.keccak256(new TextEncoder().encode('labs/2024')));
  assert.equal(ev.args.id, 1n);
  assert.equal(ev.args.text, 'HbA1c 5.4%');
  assert.deepEqual(ev.args.tags, tags);
  // The same log found through topics built here.
  const logs = await rpc.request('eth_getLogs', [
    { address: contract, fromBlock: '0x0', topics: iface.encodeEventTopics('Noted', [bob.address, 'labs/2024']) },
  ]);
  assert.equal(logs.length, 1);
  const count = iface.decodeFunctionResult(
    'count',
    await rpc.call({ to: contract, data: iface.encodeFunctionData('count') }),
  );
  assert.equal(count[0], 1n);

  // The raw transaction we sent decodes back to its sender here too.
  const sentTx = await rpc.request('eth_getRawTransactionByHash', [noteHash]);
  assert.equal(ehr.tx.parse(sentTx, { chainId: 31337n }).from, bob.address);

  // Custom-error revert: bob is not the owner.
  await assert.rejects(
    rpc.call({ from: bob.address, to: contract, data: iface.encodeFunctionData('restricted', [42n]) }, { iface }),
    (e) =>
      e instanceof RpcError &&
      e.revert?.name === 'NotOwner' &&
      e.revert.args.caller === bob.address &&
      e.revert.args.code === 42n,
  );
  // ... also when sending (estimateGas reverts before anything is signed).
  await assert.rejects(
    rpc.sendTransaction(bob, { to: contract, data: iface.encodeFunctionData('restricted', [7n]) }, { iface }),
    (e) => e instanceof RpcError && e.revert?.name === 'NotOwner' && e.revert.args.code === 7n,
  );
  // Error(string) without the ABI.
  await assert.rejects(
    rpc.call({ to: contract, data: iface.encodeFunctionData('fail', ['no consent']) }),
    (e) => e instanceof RpcError && e.revert?.name === 'Error' && e.revert.message === 'no consent',
  );
  // The owner passes.
  const ok = await rpc.call({ from: alice.address, to: contract, data: iface.encodeFunctionData('restricted', [1n]) });
  assert.equal(iface.decodeFunctionResult('restricted', ok)[0], true);

  iface.dispose();
  alice.dispose();
  bob.dispose();
});

test('JSON-RPC transport errors are retried, then reported', async () => {
  let calls = 0;
  const flaky = ehr.createRpc({
    url: 'http://127.0.0.1:9',
    retries: 2,
    backoffMs: 1,
    fetch: async (u, init) => {
      calls++;
      if (calls < 3) throw new TypeError('fetch failed');
      return fetch(url, init);
    },
  });
  assert.equal(await flaky.chainId(), 31337n);
  assert.equal(calls, 3);
  const dead = ehr.createRpc({
    url: 'http://127.0.0.1:9',
    retries: 1,
    backoffMs: 1,
    fetch: async () => {
      throw new TypeError('fetch failed');
    },
  });
  await assert.rejects(dead.chainId(), (e) => e.name === 'TransportError');
  // An EIP-1193 provider works the same way.
  const provider = {
    request: async ({ method, params }) =>
      (
        await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
        }).then((r) => r.json())
      ).result,
  };
  const viaProvider = ehr.createRpc({ provider });
  assert.equal(await viaProvider.chainId(), 31337n);
  await assert.rejects(
    rpc.waitForReceipt(`0x${'00'.repeat(32)}`, { timeoutMs: 300, intervalMs: 50 }),
    (e) => e.name === 'TransportError',
  );
});
