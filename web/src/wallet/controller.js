// The wallet controller: which wallets were discovered, which one is connected, and the session
// state that follows from it (account, chain, balance). Screens call it; it throws the provider's
// own errors, which the screens turn into messages with a way forward (errors.js).
import { discoverWallets } from './eip6963.js';
import { createConnection } from './eip1193.js';
import { getState, setState } from '../state.js';
import { ehr } from '../module.js';
import { LockedError } from '../errors.js';
import { releaseKey } from '../key-registry.js';
import { createBuiltinProvider } from './builtin-provider.js';
import { requireIsolation } from '../origin.js';
import { t } from '../i18n.js';

/**
 * @param {{ config: any, onActive?: () => void, onLost?: (why: string) => void,
 *   onWarning?: (w: { title: string, message: string }) => void }} options
 *   `onActive`: a session has started (something personal is in the page);
 *   `onLost`: the wallet disconnected or dropped every account.
 */
export function createWalletController({ config, onActive, onLost, onWarning }) {
  let discovery = null;
  let conn = null;
  let generation = 0;
  /** The built-in wallet's provider and key handle while it is connected. */
  let builtin = null;
  const listeners = new Set();

  const emitWallets = () => {
    const list = discovery ? discovery.wallets() : [];
    for (const fn of listeners) fn(list);
  };

  /** Checksummed form of an address (EIP-55, computed in the module); the input if that fails. */
  async function checksum(address) {
    try {
      const api = await ehr();
      return api.address.toChecksum(address);
    } catch (e) {
      onWarning?.({
        title: 'The WebAssembly module did not load',
        message: t(
          'Addresses are shown without their checksum, and the page cannot encrypt or sign ({detail}). Reload the page to try again.',
          { detail: String(e?.message ?? e) },
        ),
      });
      return address;
    }
  }

  async function refreshBalance() {
    const s = getState();
    if (!conn || !s.account) return null;
    const balance = await conn.balance(s.account);
    if (getState().account === s.account) setState({ balance });
    return balance;
  }

  return {
    /** Starts (or repeats) EIP-6963 discovery; `fn(list)` is called on every change. */
    watchWallets(fn) {
      listeners.add(fn);
      if (!discovery) discovery = discoverWallets({ onChange: emitWallets });
      else discovery.request();
      fn(discovery.wallets());
      return () => listeners.delete(fn);
    },
    /** The wallets found so far. */
    wallets: () => (discovery ? discovery.wallets() : []),

    /**
     * Connects to a discovered wallet: its approval prompt, then account, chain and balance.
     * @param {{ info: any, provider: any }} entry
     */
    async connectInjected(entry, kind = 'injected') {
      // Every connection, extension or built-in, comes through here: none on a shared origin or
      // in a frame, where another site could use the account and read what it unlocks.
      requireIsolation();
      this.disconnect();
      // disconnect() moved the generation on: this attempt is the newest.
      const c = createConnection({
        provider: entry.provider,
        config,
        onAccounts: async (accounts) => {
          if (conn !== c) return;
          if (accounts.length === 0) {
            this.disconnect();
            onLost?.('accounts');
            return;
          }
          const account = await checksum(accounts[0]);
          if (conn !== c) return;
          setState({ account, balance: null });
          refreshBalance().catch(() => {});
        },
        onChain: (chainId) => {
          if (conn !== c) return;
          setState({ chainId, balance: null });
          refreshBalance().catch(() => {});
        },
        onDisconnect: () => {
          if (conn !== c) return;
          this.disconnect();
          onLost?.('disconnect');
        },
      });
      const gen = ++generation;
      const { account, chainId } = await c.connect();
      const shown = await checksum(account);
      if (gen !== generation) {
        // Locked or disconnected while the wallet was asking: keep nothing.
        c.close();
        throw new LockedError();
      }
      conn = c;
      onActive?.();
      setState({
        wallet: { kind, name: entry.info.name, icon: entry.info.icon, rdns: entry.info.rdns },
        account: shown,
        chainId,
        balance: null,
      });
      await refreshBalance().catch(() => {});
      return getState();
    },

    /**
     * Connects the built-in wallet (a Wallet handle from wallet/builtin.js) through its own
     * EIP-1193 provider over the configured RPC URL, after checking that the RPC serves the
     * configured chain. Disconnecting or locking disposes of the wallet's key.
     */
    async connectBuiltin(walletHandle) {
      try {
        const api = await ehr();
        const rpc = api.createRpc({ url: config.rpcUrl });
        const served = Number(await rpc.chainId());
        if (served !== config.chainId) {
          throw Object.assign(
            new Error(
              t('The network at {url} is chain {served}, not {network} (chain {id}).', {
                url: config.rpcUrl,
                served: String(served),
                network: config.chainName,
                id: String(config.chainId),
              }),
            ),
            { code: 'ERR_WRONG_CHAIN' },
          );
        }
        const provider = createBuiltinProvider({
          wallet: walletHandle,
          rpc,
          config,
          toHex: api.toHex,
          fromHex: api.fromHex,
        });
        const state = await this.connectInjected(
          { info: { uuid: 'builtin', name: 'Built-in wallet', rdns: '', icon: '' }, provider },
          'builtin',
        );
        builtin = { provider, wallet: walletHandle };
        return state;
      } catch (e) {
        releaseKey(walletHandle);
        throw e;
      }
    },

    refreshBalance,

    /** Moves the wallet to the configured chain (switch, or add then switch). */
    async switchChain() {
      if (!conn) throw new Error('no wallet is connected');
      const chainId = await conn.switchChain();
      if (conn) {
        setState({ chainId, balance: null });
        await refreshBalance().catch(() => {});
      }
      return chainId;
    },

    /** True when connected to the configured chain. */
    onRightChain: () => getState().chainId === config.chainId,

    /** The connected provider (for the chain layer), or null. */
    provider: () => (conn ? conn.provider : null),

    /**
     * The built-in wallet's key handle while it is connected, else null: personal-device mode
     * keeps it encrypted on this device, or seals it to a second device. Do not dispose of it.
     */
    builtinWallet: () => builtin?.wallet ?? null,

    /** Forgets the connection (the wallet itself stays as it is). */
    disconnect() {
      generation++;
      conn?.close();
      conn = null;
      if (builtin) {
        builtin.provider.close();
        releaseKey(builtin.wallet);
        builtin = null;
      }
      setState({ wallet: null, account: null, chainId: null, balance: null });
    },

    /** Lock: forget the connection and stop discovery (wallet objects hold no page data). */
    wipe() {
      this.disconnect();
      discovery?.stop();
      discovery = null;
      listeners.clear();
    },
  };
}
