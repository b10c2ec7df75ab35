// The "public network" set-up: anvil starting at a high block number (`--number`), the local IPFS
// node, the contracts deployed (their first block recorded as the page's startBlock), and, once the
// chain is seeded, the page served behind a public-style RPC endpoint (tests/web/public-rpc-proxy.mjs:
// block-range and result limits with the providers' refusals, a call-gas cap, latency, a rate
// limit). In front of that endpoint and of the gateway sit counting pass-throughs
// (counting-proxy.mjs), so what the page sends and receives is counted; the page is used through
// its built-in wallet (dev-account.mjs), so every chain request it makes goes through them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnAnvil } from '../../tools/anvil.mjs';
import { ANVIL_CHAIN_ID, ANVIL_KEY0, buildPage, randomPrefix, startStaticServer } from '../web/helpers.mjs';
import { startPublicRpcProxy } from '../web/public-rpc-proxy.mjs';
import { startCountingProxy } from './counting-proxy.mjs';

/**
 * @param {{ genesis?: number }} [o] genesis: the chain's first block number (history before the deployment)
 * @returns {Promise<{ anvil: any, node: any, contracts: Record<string, string>, startBlock: number,
 *   accounts: string[], serve: (o: ServeOptions) => Promise<Site>, stop: () => Promise<void> }>}
 */
export async function startPublicStack({ genesis = 20_000_000 } = {}) {
  const [{ startIpfsNode }, { deploy }, { Wallet }] = await Promise.all([
    import('../../tools/ipfs-node/start.mjs'),
    import('../../contracts/deploy.mjs'),
    import('ethers'),
  ]);
  const dataDir = mkdtempSync(join(tmpdir(), 'ehr-public-ipfs-'));
  const [anvil, node] = await Promise.all([
    spawnAnvil({ args: ['--chain-id', String(ANVIL_CHAIN_ID), '--number', String(genesis)], timeoutMs: 20000 }),
    startIpfsNode({ dataDir, port: 0 }),
  ]);
  const d = await deploy({ rpcUrl: anvil.url, signer: new Wallet(ANVIL_KEY0), write: false });
  const sites = [];
  const stack = {
    anvil,
    node,
    contracts: d.addresses,
    startBlock: d.startBlock,
    accounts: await anvil.rpc('eth_accounts'),
    /**
     * @typedef {{ devAccounts: { label: string, index: number }[], maxRange?: number, maxResults?: number,
     *   gasCap?: number, rps?: number, latencyMs?: number }} ServeOptions
     * @typedef {{ url: string, anvil: any, proxy: any, rpcCount: any, gatewayCount: any }} Site
     */
    async serve({ devAccounts, ...limits }) {
      const proxy = await startPublicRpcProxy({ target: anvil.url, maxRange: 500, latencyMs: 100, ...limits });
      const rpcCount = await startCountingProxy({ target: proxy.url });
      const gatewayCount = await startCountingProxy({ target: node.gatewayUrl });
      const built = buildPage({
        rpcUrl: rpcCount.url,
        contracts: d.addresses,
        gateways: [gatewayCount.url],
        uploadUrl: node.apiUrl,
        devAccounts,
        startBlock: d.startBlock,
      });
      const prefix = randomPrefix();
      const server = await startStaticServer({ [prefix]: built.out });
      const site = {
        url: `${server.origin}${prefix}`,
        anvil,
        proxy,
        rpcCount,
        gatewayCount,
        async close() {
          await server.close();
          await Promise.all([rpcCount.close(), gatewayCount.close()]);
          await proxy.close();
          built.remove();
        },
      };
      sites.push(site);
      return site;
    },
    async stop() {
      for (const s of sites) await s.close();
      await Promise.all([node.stop(), anvil.stop()]);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return stack;
}
