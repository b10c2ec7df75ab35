// The JSON-RPC helper against scripted transports (no chain): fee estimation and its fallbacks,
// retries with backoff on transport failures only, receipt polling, revert data in the shapes
// geth/anvil and MetaMask use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { init } from './helpers.mjs';
import { RpcError } from '../../wasm/js/rpc.js';

const ehr = await init();

/** An EIP-1193 provider answering from a table of functions; records the calls. */
const scripted = (table) => {
  const calls = [];
  return {
    calls,
    async request({ method, params }) {
      calls.push(method);
      const f = table[method];
      if (!f) throw Object.assign(new Error(`method ${method} not found`), { code: -32601 });
      return f(params);
    },
  };
};

test('estimateFees: eth_feeHistory, then eth_maxPriorityFeePerGas, then the latest block', async () => {
  const withHistory = ehr.createRpc({
    provider: scripted({
      eth_feeHistory: () => ({ baseFeePerGas: ['0x10', '0x20', '0x64'], reward: [['0x0'], ['0x5'], ['0x7'], ['0x3']] }),
    }),
  });
  assert.deepEqual(await withHistory.estimateFees(), {
    baseFeePerGas: 100n,
    maxPriorityFeePerGas: 5n,
    maxFeePerGas: 205n,
  });

  const zeroTips = scripted({
    eth_feeHistory: () => ({ baseFeePerGas: ['0x64'], reward: [['0x0']] }),
    eth_maxPriorityFeePerGas: () => '0x9',
  });
  assert.deepEqual(await ehr.createRpc({ provider: zeroTips }).estimateFees(), {
    baseFeePerGas: 100n,
    maxPriorityFeePerGas: 9n,
    maxFeePerGas: 209n,
  });

  const noHistory = scripted({
    eth_getBlockByNumber: () => ({ baseFeePerGas: '0x3b9aca00' }),
    eth_maxPriorityFeePerGas: () => '0x2',
  });
  assert.deepEqual(await ehr.createRpc({ provider: noHistory }).estimateFees(), {
    baseFeePerGas: 10n ** 9n,
    maxPriorityFeePerGas: 2n,
    maxFeePerGas: 2n * 10n ** 9n + 2n,
  });
  assert.deepEqual(noHistory.calls, ['eth_feeHistory', 'eth_getBlockByNumber', 'eth_maxPriorityFeePerGas']);

  const nothing = scripted({ eth_getBlockByNumber: () => ({ baseFeePerGas: '0x1' }) });
  assert.equal((await ehr.createRpc({ provider: nothing }).estimateFees()).maxPriorityFeePerGas, 10n ** 9n);
});

test('fetch transport: HTTP 429/5xx and network errors are retried, JSON-RPC errors are not', async () => {
  let n = 0;
  const responses = [
    () => {
      throw new TypeError('network down');
    },
    () => new Response('busy', { status: 429 }),
    () => new Response('oops', { status: 502 }),
    () => Response.json({ jsonrpc: '2.0', id: 1, result: '0x2a' }),
  ];
  const rpc = ehr.createRpc({
    url: 'http://rpc.invalid',
    retries: 3,
    backoffMs: 1,
    fetch: async () => responses[n++](),
  });
  assert.equal(await rpc.blockNumber(), 42n);
  assert.equal(n, 4);

  let m = 0;
  const rpcErr = ehr.createRpc({
    url: 'http://rpc.invalid',
    retries: 3,
    backoffMs: 1,
    fetch: async () => {
      m++;
      return Response.json({ jsonrpc: '2.0', id: 1, error: { code: -32000, message: 'nonce too low' } });
    },
  });
  await assert.rejects(
    rpcErr.sendRawTransaction(new Uint8Array([1])),
    (e) => e instanceof RpcError && e.code === -32000 && e.message === 'nonce too low',
  );
  // Not retried: the send, then one eth_getTransactionByHash asking whether the node already has
  // these very bytes (a resend after a lost answer), which it does not.
  assert.equal(m, 2);

  const down = ehr.createRpc({
    url: 'http://rpc.invalid',
    retries: 2,
    backoffMs: 1,
    fetch: async () => new Response('', { status: 503 }),
  });
  await assert.rejects(down.chainId(), (e) => e.name === 'TransportError' && /503/.test(e.message));

  // A disconnected EIP-1193 provider (4900) is retried; a user rejection (4001) is not.
  let k = 0;
  const flaky = ehr.createRpc({
    retries: 2,
    backoffMs: 1,
    provider: {
      request: async () => {
        k++;
        if (k === 1) throw Object.assign(new Error('disconnected'), { code: 4900 });
        return '0x1';
      },
    },
  });
  assert.equal(await flaky.chainId(), 1n);
  const rejected = ehr.createRpc({
    retries: 2,
    backoffMs: 1,
    provider: {
      request: async () => {
        throw Object.assign(new Error('User rejected'), { code: 4001 });
      },
    },
  });
  await assert.rejects(rejected.chainId(), (e) => e instanceof RpcError && e.code === 4001);
});

test('receipts are polled until they exist; reverts are decoded from nested error shapes', async () => {
  let polls = 0;
  const rpc = ehr.createRpc({
    provider: scripted({
      eth_getTransactionReceipt: () =>
        ++polls < 3
          ? null
          : {
              status: '0x1',
              blockNumber: '0x10',
              gasUsed: '0x5208',
              cumulativeGasUsed: '0x5208',
              logs: [{ topics: [], data: '0x', blockNumber: '0x10', logIndex: '0x0' }],
            },
    }),
  });
  const r = await rpc.waitForReceipt(new Uint8Array(32), { intervalMs: 1, timeoutMs: 5000 });
  assert.equal(polls, 3);
  assert.equal(r.status, 1);
  assert.equal(r.gasUsed, 21000n);
  assert.equal(r.logs[0].logIndex, 0);

  const iface = ehr.abi.createInterface([
    { type: 'error', name: 'NotOwner', inputs: [{ name: 'caller', type: 'address' }] },
  ]);
  const data = ehr.toHex(iface.encodeErrorResult('NotOwner', ['0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed']));
  const metamaskShape = {
    code: -32603,
    message: 'Internal JSON-RPC error.',
    data: { originalError: { code: 3, data, message: 'execution reverted' } },
  };
  const reverting = ehr.createRpc({
    provider: {
      request: async () => {
        throw metamaskShape;
      },
    },
  });
  await assert.rejects(
    reverting.call({ to: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', data: '0x' }, { iface }),
    (e) =>
      e instanceof RpcError &&
      e.revert.name === 'NotOwner' &&
      e.revert.args.caller === '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
  );
  assert.equal(reverting.revertData({ error: { data: { data } } }), data);
  assert.equal(reverting.decodeRevert('0x1234'), undefined);
  iface.dispose();
});
