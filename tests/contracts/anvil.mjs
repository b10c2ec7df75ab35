// Starts a throw-away anvil on 127.0.0.1 for a test suite (or a benchmark) and stops it again.
//
//   import { startAnvil } from './anvil.mjs';
//   const anvil = await startAnvil({ accounts: 20 });
//   ... anvil.rpcUrl, anvil.accounts[0].privateKey, await anvil.rpc('evm_mine') ...
//   await anvil.stop();
//
// anvil picks a free port itself (tools/anvil.mjs). Accounts come from anvil's deterministic
// default mnemonic. Every started node is also killed when the Node.js process exits.

import { ANVIL_MNEMONIC, anvilBinary, spawnAnvil } from '../../tools/anvil.mjs';

export { ANVIL_MNEMONIC, anvilBinary };

async function deriveAccounts(count) {
  const { HDNodeWallet, Mnemonic } = await import('ethers');
  const mnemonic = Mnemonic.fromPhrase(ANVIL_MNEMONIC);
  const list = [];
  for (let i = 0; i < count; i++) {
    const w = HDNodeWallet.fromMnemonic(mnemonic, `m/44'/60'/0'/0/${i}`);
    list.push({ address: w.address, privateKey: w.privateKey });
  }
  return list;
}

/**
 * Starts anvil on a free loopback port and waits until it listens.
 * @param {{ accounts?: number, blockTime?: number, noMining?: boolean, hardfork?: string,
 *           chainId?: number, args?: string[], timeoutMs?: number }} [options]
 * @returns {Promise<{ rpcUrl: string, port: number, chainId: number, pid: number,
 *   accounts: { address: string, privateKey: string }[], mnemonic: string,
 *   rpc: (method: string, params?: unknown[]) => Promise<any>, stop: () => Promise<void> }>}
 */
export async function startAnvil({
  accounts = 10,
  blockTime,
  noMining = false,
  hardfork,
  chainId,
  args = [],
  timeoutMs = 20000,
} = {}) {
  const argv = ['--accounts', String(accounts)];
  if (blockTime !== undefined) argv.push('--block-time', String(blockTime));
  if (noMining) argv.push('--no-mining');
  if (hardfork) argv.push('--hardfork', hardfork);
  if (chainId !== undefined) argv.push('--chain-id', String(chainId));
  argv.push(...args);
  const node = await spawnAnvil({ args: argv, timeoutMs, stopTimeoutMs: 3000 });
  const [id, derived] = await Promise.all([node.rpc('eth_chainId'), deriveAccounts(accounts)]);
  return {
    rpcUrl: node.url,
    port: node.port,
    chainId: Number(id),
    pid: node.child.pid,
    accounts: derived,
    mnemonic: ANVIL_MNEMONIC,
    rpc: node.rpc,
    stop: node.stop,
  };
}
