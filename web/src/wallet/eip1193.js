// Talking to an EIP-1193 provider (an extension found with EIP-6963, or the built-in wallet,
// which offers the same interface): connect, read the chain and balance, move the wallet to the
// configured chain, follow accountsChanged / chainChanged / disconnect.
import { RPC, hasRpcCode } from '../errors.js';

/** 31337 -> '0x7a69' */
export const hexChainId = (n) => `0x${n.toString(16)}`;

/** '0x7a69' | 31337 | '31337' -> 31337; anything else -> null. */
export function parseChainId(x) {
  if (typeof x === 'number' && Number.isSafeInteger(x) && x > 0) return x;
  if (typeof x !== 'string') return null;
  const n = /^0x[0-9a-f]+$/i.test(x) ? Number.parseInt(x, 16) : /^\d+$/.test(x) ? Number(x) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/**
 * A connection to one EIP-1193 provider.
 * @param {{ provider: any, config: any, onAccounts?: (accounts: string[]) => void,
 *   onChain?: (chainId: number | null) => void, onDisconnect?: (error: any) => void }} options
 */
export function createConnection({ provider, config, onAccounts, onChain, onDisconnect }) {
  const request = (method, params) => provider.request(params === undefined ? { method } : { method, params });
  const listeners = [];
  let closed = false;
  const on = (ev, fn) => {
    if (typeof provider.on !== 'function') return;
    // After close(), events are ignored even from a provider that cannot remove listeners.
    const guarded = (...args) => {
      if (!closed) fn(...args);
    };
    provider.on(ev, guarded);
    listeners.push([ev, guarded]);
  };

  const cleanAccounts = (accounts) =>
    Array.isArray(accounts) ? accounts.filter((a) => typeof a === 'string' && ADDRESS.test(a)) : [];

  return {
    provider,
    /**
     * Asks the wallet for its accounts (the wallet shows its approval prompt) and reads the chain.
     * @returns {Promise<{ account: string, chainId: number | null }>}
     */
    async connect() {
      const accounts = cleanAccounts(await request('eth_requestAccounts'));
      if (accounts.length === 0)
        throw Object.assign(new Error('the wallet returned no account'), { code: RPC.UNAUTHORIZED });
      const chainId = parseChainId(await request('eth_chainId'));
      on('accountsChanged', (a) => onAccounts?.(cleanAccounts(a)));
      on('chainChanged', (c) => onChain?.(parseChainId(c)));
      on('disconnect', (e) => onDisconnect?.(e));
      return { account: accounts[0], chainId };
    },
    /** @returns {Promise<number | null>} */
    async chainId() {
      return parseChainId(await request('eth_chainId'));
    },
    /** @returns {Promise<bigint>} wei */
    async balance(account) {
      const hex = await request('eth_getBalance', [account, 'latest']);
      if (typeof hex !== 'string' || !/^0x[0-9a-f]+$/i.test(hex))
        throw new Error('the wallet returned a malformed balance');
      return BigInt(hex);
    },
    /**
     * Moves the wallet to the configured chain: wallet_switchEthereumChain, and when the wallet
     * does not know the chain (4902), wallet_addEthereumChain with the configured RPC URL, then
     * switch again if the wallet did not switch by itself.
     */
    async switchChain() {
      const chainId = hexChainId(config.chainId);
      try {
        await request('wallet_switchEthereumChain', [{ chainId }]);
      } catch (e) {
        if (!hasRpcCode(e, RPC.UNRECOGNIZED_CHAIN)) throw e;
        const params = {
          chainId,
          chainName: config.chainName,
          nativeCurrency: config.nativeCurrency,
          rpcUrls: [config.rpcUrl],
        };
        if (config.blockExplorerUrl) params.blockExplorerUrls = [config.blockExplorerUrl];
        await request('wallet_addEthereumChain', [params]);
        if (parseChainId(await request('eth_chainId')) !== config.chainId) {
          await request('wallet_switchEthereumChain', [{ chainId }]);
        }
      }
      return parseChainId(await request('eth_chainId'));
    },
    /** Stops following the provider's events. */
    close() {
      closed = true;
      for (const [ev, fn] of listeners.splice(0)) {
        try {
          provider.removeListener?.(ev, fn);
        } catch {
          // a provider that cannot remove listeners: `closed` silences them
        }
      }
    },
  };
}
