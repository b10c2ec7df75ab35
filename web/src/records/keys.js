// The connected account's encryption keys for this session: its X25519 identity (to open what is
// shared with it) and, for a patient, its chart root (every chart key K(scope, epoch) derives
// from it). Both come from one EIP-712 signature of the EncryptionKeyRequest
// (docs/record-format.md "Signature-derived keys"), asked of whichever wallet is connected,
// extension or built-in: the same account then has the same keys in every wallet, including one
// restored from the same phrase elsewhere. Before use the page signs twice and compares (a wallet
// that signs non-deterministically cannot be used) and checks the signature recovers to the
// account. Keys live in module memory behind handles registered with the key registry: lock
// wipes them. The signature bytes are wiped as soon as the keys are derived.
import config from '../config.js';
import { ehr } from '../module.js';
import { registerKey, releaseKey, onWipe } from '../keys.js';
import { addressOf } from '../chain/contracts.js';

/** @type {null | { account: string, identity: any, chartRoot: any }} */
let current = null;
let pending = null;

const same = (a, b) => String(a).toLowerCase() === String(b).toLowerCase();

/** Raised when the wallet's signatures differ between two requests (non-deterministic signer). */
export class UnstableSignatureError extends Error {
  constructor() {
    super('the wallet signed the same request differently twice');
    this.name = 'UnstableSignatureError';
    this.code = 'ERR_UNSTABLE_SIGNATURE';
  }
}

/** The keys of `account` if already unlocked in this session, else null. */
export function unlockedKeys(account) {
  return current && same(current.account, account) ? current : null;
}

/**
 * Asks the wallet for the key signature (twice) and derives the keys; resolves to
 * { account, identity, chartRoot }. Concurrent calls share one request.
 * @param {{ request: Function }} provider
 * @param {string} account
 */
export function unlockKeys(provider, account) {
  const have = unlockedKeys(account);
  if (have) return Promise.resolve(have);
  pending ??= derive(provider, account).finally(() => {
    pending = null;
  });
  return pending;
}

async function derive(provider, account) {
  const api = await ehr();
  const typed = api.records.encryptionKeyRequest(config.chainId, addressOf('EhrHub'), account, 1);
  const ask = async () => api.fromHex(await provider.request({ method: 'eth_signTypedData_v4', params: [account, JSON.stringify(typed)] }));
  const first = await ask();
  const second = await ask();
  try {
    const equal = first.length === second.length && first.every((b, i) => b === second[i]);
    if (!equal) throw new UnstableSignatureError();
    if (!same(api.eip712.recoverAddress(typed, first), account)) {
      throw Object.assign(new Error('the signature does not come from the connected account'), { code: 'ERR_INVALID_SIGNATURE' });
    }
    const identity = registerKey(api.records.identityFromSignature(first, account));
    const chartRoot = registerKey(api.records.chartRootFromSignature(first, account));
    forget();
    current = { account, identity, chartRoot };
    return current;
  } finally {
    first.fill(0);
    second.fill(0);
  }
}

/** Drops the session keys (lock, or another account). */
export function forget() {
  if (current) {
    releaseKey(current.identity);
    releaseKey(current.chartRoot);
  }
  current = null;
}

onWipe(forget);
