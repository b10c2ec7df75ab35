// An EIP-1193 provider over the built-in wallet: the rest of the page talks to it exactly as to an
// extension. Reads go to the configured JSON-RPC URL; transactions are filled in (nonce, EIP-1559
// fees, gas), signed in the module with the wallet's key-ring handle and sent raw; messages and
// EIP-712 typed data are signed in the module. There is no approval prompt: the page's own screens
// ask the user before any action. It serves the configured chain only.
import { sameAddress } from '../format.js';
import { RPC } from '../errors.js';
import { hexChainId } from './eip1193.js';

const rpcError = (code, message) => Object.assign(new Error(message), { code });

/** JSON-RPC transaction fields (hex strings) to the module's TransactionRequest. */
function txFromRpc(t, chainId) {
  if (!t || typeof t !== 'object') throw rpcError(RPC.INVALID_PARAMS, 'missing transaction');
  const tx = { chainId: BigInt(chainId) };
  for (const k of [
    'to',
    'data',
    'input',
    'value',
    'nonce',
    'gas',
    'gasLimit',
    'maxFeePerGas',
    'maxPriorityFeePerGas',
    'gasPrice',
    'type',
    'accessList',
    'from',
  ]) {
    if (t[k] !== undefined && t[k] !== null) tx[k] = t[k];
  }
  if (tx.type !== undefined) tx.type = Number(tx.type);
  for (const k of ['value', 'nonce', 'gas', 'gasLimit', 'maxFeePerGas', 'maxPriorityFeePerGas', 'gasPrice']) {
    if (typeof tx[k] === 'string') tx[k] = BigInt(tx[k]);
  }
  return tx;
}

/**
 * @param {{ wallet: { address: string, signMessage: Function, signTypedData: Function },
 *   rpc: { request: Function, sendTransaction: Function }, config: any, toHex: (b: Uint8Array) => string,
 *   fromHex: (s: string) => Uint8Array }} options
 */
export function createBuiltinProvider({ wallet, rpc, config, toHex, fromHex }) {
  const listeners = new Map();
  let closed = false;
  const chain = hexChainId(config.chainId);
  const same = (a) => sameAddress(a, wallet.address);
  const live = () => {
    if (closed) throw rpcError(RPC.DISCONNECTED, 'the built-in wallet is locked');
  };

  async function request({ method, params = [] } = {}) {
    live();
    switch (method) {
      case 'eth_requestAccounts':
      case 'eth_accounts':
        return [wallet.address];
      case 'eth_chainId':
        return chain;
      case 'net_version':
        return String(config.chainId);
      case 'wallet_switchEthereumChain':
        if (params?.[0]?.chainId === chain) return null;
        throw rpcError(RPC.UNRECOGNIZED_CHAIN, 'the built-in wallet serves the configured network only');
      case 'wallet_addEthereumChain':
        throw rpcError(RPC.UNSUPPORTED_METHOD, 'the built-in wallet serves the configured network only');
      case 'eth_sendTransaction': {
        const tx = txFromRpc(params[0], config.chainId);
        if (tx.from !== undefined && !same(tx.from))
          throw rpcError(RPC.UNAUTHORIZED, 'the transaction is from another account');
        delete tx.from;
        return rpc.sendTransaction(wallet, tx);
      }
      case 'personal_sign': {
        const [message, account] = params;
        if (!same(account)) throw rpcError(RPC.UNAUTHORIZED, 'personal_sign for another account');
        const bytes =
          typeof message === 'string' && /^0x([0-9a-f]{2})*$/i.test(message)
            ? fromHex(message)
            : new TextEncoder().encode(String(message));
        return toHex(wallet.signMessage(bytes));
      }
      case 'eth_signTypedData_v4': {
        const [account, data] = params;
        if (!same(account)) throw rpcError(RPC.UNAUTHORIZED, 'eth_signTypedData_v4 for another account');
        return toHex(wallet.signTypedData(typeof data === 'string' ? JSON.parse(data) : data));
      }
      case 'eth_sign':
      case 'eth_signTransaction':
        throw rpcError(RPC.UNSUPPORTED_METHOD, `${method} is not offered by the built-in wallet`);
      default:
        return rpc.request(method, params);
    }
  }

  return {
    request,
    on(ev, fn) {
      if (!listeners.has(ev)) listeners.set(ev, new Set());
      listeners.get(ev).add(fn);
    },
    removeListener(ev, fn) {
      listeners.get(ev)?.delete(fn);
    },
    /** Lock: no more requests; listeners hear that the account is gone. */
    close() {
      if (closed) return;
      closed = true;
      for (const fn of [...(listeners.get('accountsChanged') ?? [])]) fn([]);
      listeners.clear();
    },
    isBuiltin: true,
  };
}
