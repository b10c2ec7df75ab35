// What went wrong, in words a patient or clinician can act on. Every error the page can meet
// (a wallet's EIP-1193 error, a JSON-RPC error, a network failure, a typed error of the module)
// maps to a title, a message and advice; screens add the action buttons (try again, switch
// network, ...). Messages never include secrets: only the error's code and the wallet's own text.
// Titles, messages and advice are messages of the catalogue (i18n.js): literals are translated as
// the notice is drawn (notices.js), messages with values here with t(); `action` ('switching the
// network') is a message of the screen that names it. The wallet's or the module's own words pass
// through as they are.

import { t, translate } from './i18n.js';
import { revertWords } from './chain/reverts.js';
import { LIMIT_WORDS, classifyRpcError, endpointOf } from './chain/rpc-errors.js';

/** Raised for work cut short by lock() (a call in the worker, a connection being approved). */
export class LockedError extends Error {
  constructor() {
    super('the page was locked');
    this.name = 'LockedError';
  }
}

/** EIP-1193 provider error codes (and MetaMask's 4902) plus the EIP-1474 JSON-RPC codes in use. */
export const RPC = Object.freeze({
  USER_REJECTED: 4001,
  UNAUTHORIZED: 4100,
  UNSUPPORTED_METHOD: 4200,
  DISCONNECTED: 4900,
  CHAIN_DISCONNECTED: 4901,
  UNRECOGNIZED_CHAIN: 4902,
  INVALID_PARAMS: -32602,
  INTERNAL: -32603,
  INVALID_INPUT: -32000,
  RESOURCE_UNAVAILABLE: -32002,
  TRANSACTION_REJECTED: -32003,
  METHOD_NOT_SUPPORTED: -32004,
  LIMIT_EXCEEDED: -32005,
  METHOD_NOT_FOUND: -32601,
});

/**
 * The numeric code of a provider error, looking into the wrappers wallets use
 * (`data.originalError`, `error`, `cause`).
 * @returns {number | undefined}
 */
export function rpcCode(e) {
  for (let x = e, depth = 0; x && typeof x === 'object' && depth < 4; depth++) {
    if (Number.isInteger(x.code)) return x.code;
    x = x.data?.originalError ?? x.error ?? x.cause;
  }
  return undefined;
}

/** True if `code` appears on the error or any error it wraps (MetaMask Mobile wraps 4902 in -32603). */
export function hasRpcCode(e, code) {
  for (let x = e, depth = 0; x && typeof x === 'object' && depth < 4; depth++) {
    if (x.code === code) return true;
    x = x.data?.originalError ?? x.error ?? x.cause;
  }
  return false;
}

const text = (e) => {
  const m = e && typeof e === 'object' ? e.message : e;
  return typeof m === 'string' ? m.slice(0, 300) : '';
};

/**
 * @param {unknown} e
 * @param {{ action?: string }} [ctx] what the user was doing ('connect', 'switch network', ...)
 * @returns {{ title: string, message: string, advice: string, code: string | number | undefined,
 *   details?: string, kind: 'rejected' | 'pending' | 'network' | 'unsupported' | 'funds' | 'locked' | 'wallet' | 'module' | 'revert' | 'unknown' }}
 */
export function describeError(e, ctx = {}) {
  const action = translate(ctx.action ?? 'the request');
  const code = rpcCode(e);
  const msg = text(e);
  const lower = msg.toLowerCase();

  if (e && typeof e === 'object' && e.name === 'LockedError') {
    return {
      kind: 'locked',
      code: 'LOCKED',
      title: 'The page was locked',
      message: 'The session was locked while this was running, so it was stopped.',
      advice: 'Start again: nothing was sent.',
    };
  }
  if (code === RPC.USER_REJECTED) {
    return {
      kind: 'rejected',
      code,
      title: 'You declined the request in your wallet',
      message: t('Nothing was changed: {action} was cancelled in the wallet.', { action }),
      advice: 'If that was a mistake, try again and approve it in your wallet.',
    };
  }
  // A public RPC endpoint over its limits (rate, eth_getLogs range or results, size): say that the
  // endpoint refused, not the user or the wallet; the provider's own words stay in `details`.
  const limit = classifyRpcError(e);
  if (limit) {
    const host = endpointOf(e);
    return {
      kind: 'network',
      code: limit.code ?? limit.status ?? 'RPC_LIMIT',
      title: 'The network’s RPC endpoint refused the request',
      message: host
        ? t("The network's RPC endpoint ({host}) refused the request: {reason}.", {
            host,
            reason: translate(LIMIT_WORDS[limit.kind]),
          })
        : t("The network's RPC endpoint refused the request: {reason}.", {
            reason: translate(LIMIT_WORDS[limit.kind]),
          }),
      advice:
        limit.kind === 'rate'
          ? 'Wait a moment, then try again. If it keeps happening, the endpoint’s free limits are too low for this page: use a wallet or an RPC endpoint with higher limits.'
          : 'Try again. If it keeps happening, the endpoint’s limits are too tight for this page: use a wallet or an RPC endpoint with higher limits.',
      details: limit.detail,
    };
  }
  if (code === RPC.RESOURCE_UNAVAILABLE || lower.includes('already pending')) {
    return {
      kind: 'pending',
      code,
      title: 'Your wallet is already waiting for you',
      message: 'A request from this page is open in your wallet.',
      advice:
        'Open your wallet (the extension icon in the browser toolbar), finish or cancel the open request, then try again.',
    };
  }
  if (code === RPC.UNAUTHORIZED) {
    return {
      kind: 'wallet',
      code,
      title: 'The wallet has not authorised this page',
      message: 'The wallet did not let this page use the account.',
      advice: 'Connect again and allow this page to see your account.',
    };
  }
  if (code === RPC.UNSUPPORTED_METHOD || code === RPC.METHOD_NOT_FOUND || code === RPC.METHOD_NOT_SUPPORTED) {
    return {
      kind: 'unsupported',
      code,
      title: 'Your wallet cannot do this',
      message: msg
        ? t('The wallet does not support {action} ({detail}).', { action, detail: msg })
        : t('The wallet does not support {action}.', { action }),
      advice: 'Use another wallet, or the built-in wallet of this page.',
    };
  }
  if (code === RPC.DISCONNECTED || code === RPC.CHAIN_DISCONNECTED) {
    return {
      kind: 'network',
      code,
      title: 'Your wallet is offline',
      message: 'The wallet is not connected to a network right now.',
      advice: 'Check your internet connection and the wallet, then try again.',
    };
  }
  if (code === RPC.UNRECOGNIZED_CHAIN) {
    return {
      kind: 'wallet',
      code,
      title: 'Your wallet does not know this network',
      message: 'The wallet has no settings for the network this page uses.',
      advice: 'Add the network to your wallet when it asks, then try again.',
    };
  }
  if (lower.includes('insufficient funds') || lower.includes('gas required exceeds')) {
    return {
      kind: 'funds',
      code,
      title: 'Not enough ETH for the network fee',
      message: 'The account cannot pay the fee this transaction needs.',
      advice: 'Add some ETH to the account, or ask a clinician to submit a signed consent for you (no ETH needed).',
    };
  }
  if (e instanceof TypeError && (lower.includes('fetch') || lower.includes('network'))) {
    return {
      kind: 'network',
      code: 'NETWORK',
      title: 'The network could not be reached',
      message: t('The page could not reach the server needed for {action}.', { action }),
      advice: 'Check your connection and try again. If it keeps failing, the service may be down: try again later.',
    };
  }
  if (e && typeof e === 'object' && e.code === 'CONTRACT_REVERT') {
    const [message, advice] = revertWords(e.revert);
    return { kind: 'revert', code: e.revert?.name ?? e.code, title: 'Not done', message, advice };
  }
  if (e && typeof e === 'object' && e.code === 'ERR_BAD_CONSENT') {
    return {
      kind: 'module',
      code: e.code,
      title: 'This consent code cannot be used',
      message: msg,
      advice: 'Ask the patient to show the code again, or to sign a new one.',
    };
  }
  if (e && typeof e === 'object' && e.code === 'ERR_WRONG_CHAIN') {
    return {
      kind: 'network',
      code: e.code,
      title: 'The network is not the expected one',
      message: msg,
      advice:
        'The page’s configuration points at a node of another network. Tell whoever hosts this page; meanwhile use a wallet extension.',
    };
  }
  if (e && typeof e === 'object' && e.code === 'ERR_SHARED_ORIGIN') {
    return {
      kind: 'unsupported',
      code: e.code,
      title: 'Not at this address',
      message: 'This page does not connect a wallet or unlock keys at a shared address or inside another page.',
      advice: e.address
        ? t('Open it at {address} instead.', { address: e.address })
        : 'Open it from a subdomain gateway, its DNSLink name or a web server instead.',
    };
  }
  if (e && typeof e === 'object' && e.code === 'ERR_NOT_AVAILABLE') {
    return {
      kind: 'unsupported',
      code: e.code,
      title: 'Not available in this build',
      message: msg,
      advice: 'Use a wallet extension instead.',
    };
  }
  if (e && typeof e === 'object' && typeof e.code === 'string' && e.code.startsWith('ERR_')) {
    return {
      kind: 'module',
      code: e.code,
      title: 'The operation failed',
      message: `${msg || e.code} (${e.code})`,
      advice: 'Check what you entered and try again.',
    };
  }
  if (code === RPC.INTERNAL || code === RPC.INVALID_INPUT || code === RPC.INVALID_PARAMS) {
    return {
      kind: 'wallet',
      code,
      title: 'The wallet reported an error',
      message: msg || t('Error {code}', { code: String(code) }),
      advice: 'Try again. If it keeps failing, reload the page or restart the wallet.',
    };
  }
  return {
    kind: 'unknown',
    code,
    title: 'Something went wrong',
    message: msg || 'An unexpected error occurred.',
    advice:
      'Try again. If it keeps failing, reload the page: nothing you typed is sent anywhere without your approval.',
  };
}
