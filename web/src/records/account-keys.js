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
import { registerKey, releaseKey, onWipe } from '../key-registry.js';
import { addressOf, read } from '../chain/contracts.js';
import { sameAddress } from '../format.js';

/**
 * The unlocked account: `identity` and `chartRoot` are those of its current key version; older
 * versions' identities and chart roots stay too (records and grants sealed before a rotation).
 * `restored`: installed from a recovery vault (installRestoredKeys), not derived from a signature.
 * @type {null | { account: string, version: number, identity: any, chartRoot: any, identities: any[], roots: Map<number, any>, restored?: boolean }}
 */
let current = null;
let pending = null;

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
  return current && sameAddress(current.account, account) ? current : null;
}

/**
 * Asks the wallet for the key signature of every key version the account has used (twice each)
 * and derives the keys; resolves to the unlocked keys. Concurrent calls share one request.
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

/** The key signature of one key version: asked twice, compared, checked against the account. */
async function keySignature(provider, api, account, version) {
  const typed = api.records.encryptionKeyRequest(config.chainId, addressOf('EhrHub'), account, version);
  const ask = async () =>
    api.fromHex(await provider.request({ method: 'eth_signTypedData_v4', params: [account, JSON.stringify(typed)] }));
  const first = await ask();
  const second = await ask();
  try {
    const equal = first.length === second.length && first.every((b, i) => b === second[i]);
    if (!equal) throw new UnstableSignatureError();
    if (!sameAddress(api.eip712.recoverAddress(typed, first), account)) {
      throw Object.assign(new Error('the signature does not come from the connected account'), {
        code: 'ERR_INVALID_SIGNATURE',
      });
    }
    return first;
  } catch (e) {
    first.fill(0);
    throw e;
  } finally {
    second.fill(0);
  }
}

/** The identity and chart root of one key version (registered: lock wipes them). */
async function versionKeys(provider, api, account, version) {
  const sig = await keySignature(provider, api, account, version);
  try {
    const identity = registerKey(api.records.identityFromSignature(sig, account));
    const chartRoot = registerKey(api.records.chartRootFromSignature(sig, account));
    return { identity, chartRoot };
  } finally {
    sig.fill(0);
  }
}

async function derive(provider, account) {
  const api = await ehr();
  const version = Number((await read(provider, 'EhrHub', 'patientKeyVersion', [account]))[0]);
  const identities = [];
  const roots = new Map();
  try {
    for (let v = 1; v <= version; v++) {
      const k = await versionKeys(provider, api, account, v);
      identities.push(k.identity);
      roots.set(v, k.chartRoot);
    }
  } catch (e) {
    for (const k of [...identities, ...roots.values()]) releaseKey(k);
    throw e;
  }
  forget();
  current = { account, version, identity: identities[version - 1], chartRoot: roots.get(version), identities, roots };
  return current;
}

/**
 * The chart key K(scope, epoch) of the unlocked patient, from the chart root of the key version
 * the epoch belongs to (version (epoch >> 24) + 1), registered; throws ERR_NO_RECIPIENT for a
 * version this session has no root of.
 */
export function chartKeyOf(keys, scope, epoch) {
  const root = keys.roots.get((epoch >>> 24) + 1);
  if (!root)
    throw Object.assign(new Error('this record uses a key version this session does not hold'), {
      code: 'ERR_NO_RECIPIENT',
    });
  return registerKey(root.chartKey(scope, epoch));
}

/**
 * Installs keys restored from a guardian-recovery vault (records/recovery.js restoreKeys) as the
 * session keys of the chart `account`: a recovered chart's keys no longer come from a signature
 * (its wallet is gone), so this replaces the derivation for that address. They are registered
 * like derived keys (lock wipes them), and the keys of the successor's own wallet are dropped.
 * @param {string} account the chart's address
 * @param {{ version: number, identities: any[], roots: Map<number, any> }} restored handles
 */
export function installRestoredKeys(account, { version, identities, roots }) {
  forget();
  for (const k of [...identities, ...roots.values()]) registerKey(k);
  current = {
    account,
    version,
    identity: identities[version - 1],
    chartRoot: roots.get(version),
    identities,
    roots,
    restored: true,
  };
  return current;
}

/**
 * Moves the unlocked account to its next key version: the wallet signs the key request of that
 * version, `publish(publicKey)` puts the new public key on chain (rotatePatientKey), and only then
 * do the new keys become the current ones (the old ones stay for older records).
 * @param {{ request: Function }} provider
 * @param {string} account
 * @param {(publicKey: Uint8Array) => Promise<unknown>} publish
 */
export async function rotateKeys(provider, account, publish) {
  const keys = unlockedKeys(account);
  if (!keys) throw Object.assign(new Error('the keys are locked'), { code: 'ERR_LOCKED' });
  // A recovered chart's next version would derive from a signature of its lost wallet.
  if (keys.restored)
    throw Object.assign(new Error('a recovered chart cannot move to new keys yet'), { code: 'ERR_NOT_AVAILABLE' });
  const api = await ehr();
  const next = keys.version + 1;
  const k = await versionKeys(provider, api, account, next);
  try {
    await publish(k.identity.publicKey);
  } catch (e) {
    releaseKey(k.identity);
    releaseKey(k.chartRoot);
    throw e;
  }
  keys.identities.push(k.identity);
  keys.roots.set(next, k.chartRoot);
  Object.assign(keys, { version: next, identity: k.identity, chartRoot: k.chartRoot });
  return keys;
}

/** Drops the session keys (lock, or another account). */
export function forget() {
  if (current) {
    for (const k of [...current.identities, ...current.roots.values()]) releaseKey(k);
  }
  current = null;
}

onWipe(forget);
