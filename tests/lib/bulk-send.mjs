// Bulk chain state for tests: sends many transactions to anvil fast. Automine is switched off,
// chunks are sent as JSON-RPC batches with explicit nonces and fixed gas (no estimate each), and
// each chunk is mined as one block; the block gas limit is raised so nothing is left behind
// (anvil silently drops what does not fit in the blocks it mines, hence the pool check).
import assert from 'node:assert/strict';

/**
 * Sends `txs` ({ from, to, data }) as unlocked or impersonated accounts; a sender with no
 * transactions yet is funded first (it may be a random address, impersonated).
 * @param {{ url?: string, rpcUrl?: string, rpc: (method: string, params?: unknown[]) => Promise<any> }} anvil
 * @param {{ from: string, to: string, data: string }[]} txs
 * @param {{ chunk?: number, gas?: number, impersonate?: boolean }} [opts]
 */
export async function sendAll(anvil, txs, { chunk = 1000, gas = 300_000, impersonate = true } = {}) {
  const rpc = anvil.rpc;
  if (impersonate) await rpc('anvil_autoImpersonateAccount', [true]);
  const nonces = {};
  for (const from of new Set(txs.map((t) => t.from.toLowerCase()))) {
    nonces[from] = Number(await rpc('eth_getTransactionCount', [from, 'pending']));
    if (nonces[from] === 0) await rpc('anvil_setBalance', [from, '0x56bc75e2d63100000']);
  }
  const hex = (n) => `0x${n.toString(16)}`;
  await rpc('evm_setBlockGasLimit', [hex(chunk * gas * 2)]);
  await rpc('evm_setAutomine', [false]);
  try {
    for (let i = 0; i < txs.length; i += chunk) {
      const body = txs.slice(i, i + chunk).map((t, k) => ({
        jsonrpc: '2.0',
        id: i + k,
        method: 'eth_sendTransaction',
        params: [{ from: t.from, to: t.to, data: t.data, gas: hex(gas), nonce: hex(nonces[t.from.toLowerCase()]++) }],
      }));
      const res = await fetch(anvil.url ?? anvil.rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const bad = (await res.json()).find((r) => r.error);
      if (bad) throw new Error(`eth_sendTransaction: ${bad.error.message}`);
      await rpc('evm_mine');
      const pool = await rpc('txpool_status');
      assert.equal(Number(pool.pending) + Number(pool.queued), 0, 'every transaction mined');
    }
  } finally {
    await rpc('evm_setAutomine', [true]);
  }
}
