// The connected account's encryption keys for this session: its X25519 identity (to open what is
// shared with it) and, for a patient, its chart root (every chart key K(scope, epoch) derives
// from it). Both come from one EIP-712 signature of the EncryptionKeyRequest
// (docs/record-format.md "Signature-derived keys"), asked of whichever wallet is connected,
// extension or built-in: the same account then has the same keys in every wallet, including one
// restored from the same phrase elsewhere. Before use the page signs twice and compares (a wallet
// that signs non-deterministically cannot be used) and checks the signature recovers to the
// account. Keys live in module memory behind handles registered with the key registry: lock
// wipes them. The signature bytes are wiped as soon as the keys are derived.
// A chart recovered by guardians (chain/recovery.js) has no wallet of its own any more: its key
// versions up to the vault's come from the vault, and every later one from the signature of the
// wallet that now acts for it (controllerOf on the forwarder) over the key request naming the
// chart, so a new key version is one the lost (or stolen) wallet cannot make.
import config from '../config.js';
import { ehr } from '../module.js';
import { registerKey, releaseKey, onWipe } from '../key-registry.js';
import { addressOf, read } from '../chain/contracts.js';
import { hexOf, sameAddress } from '../format.js';

/**
 * The unlocked account: `identity` and `chartRoot` are those of its current key version; older
 * versions' identities and chart roots stay too (records and grants sealed before a rotation).
 * `restored`: a recovered chart (installRestoredKeys): versions up to `vaultVersion` came from the
 * recovery vault, later ones from the signature of `signer`, the wallet acting for the chart.
 * @type {null | { account: string, version: number, identity: any, chartRoot: any, identities: any[],
 *   roots: Map<number, any>, restored?: boolean, vaultVersion?: number, signer?: string }}
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

/**
 * The key signature of one key version of `account`: asked of `signer` twice, compared, checked to
 * recover to the signer. The signer is the account itself, or, for a chart recovered by guardians,
 * the wallet acting for it: that one must be the chart's controller on the forwarder
 * (docs/record-format.md "Signature-derived keys").
 */
async function keySignature(provider, api, account, version, signer = account) {
  if (!sameAddress(signer, account)) {
    const [controller] = await read(provider, 'EhrForwarder', 'controllerOf', [account]);
    if (!sameAddress(controller, signer))
      throw Object.assign(new Error('this wallet does not act for the chart'), { code: 'ERR_INVALID_SIGNATURE' });
  }
  const typed = api.records.encryptionKeyRequest(config.chainId, addressOf('EhrHub'), account, version);
  const ask = async () =>
    api.fromHex(await provider.request({ method: 'eth_signTypedData_v4', params: [signer, JSON.stringify(typed)] }));
  const first = await ask();
  const second = await ask();
  try {
    const equal = first.length === second.length && first.every((b, i) => b === second[i]);
    if (!equal) throw new UnstableSignatureError();
    if (!sameAddress(api.eip712.recoverAddress(typed, first), signer)) {
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

/**
 * The identity and chart root of one key version of `account`, from `signer`'s key signature
 * (keySignature), derived for the account the request names (registered: lock wipes them).
 */
async function versionKeys(provider, api, account, version, signer = account) {
  const sig = await keySignature(provider, api, account, version, signer);
  try {
    const identity = registerKey(api.records.identityFromSignature(sig, account));
    const chartRoot = registerKey(api.records.chartRootFromSignature(sig, account));
    return { identity, chartRoot };
  } finally {
    sig.fill(0);
  }
}

async function derive(provider, account) {
  const version = Number((await read(provider, 'EhrHub', 'patientKeyVersion', [account]))[0]);
  const keys = await deriveVersions(provider, account, version);
  forget();
  current = keys;
  return current;
}

/**
 * The keys of `account` for key versions 1..`version`, derived exactly as unlockKeys derives them
 * but without reading the chain and without installing them as the session's keys: for a personal
 * device offline (records/offline.js), where the key version comes from the records kept on the
 * device. Registered: lock wipes them; the caller releases them when done.
 * @param {{ request: Function }} provider
 * @param {string} account
 * @param {number} version
 */
export function keysAtVersion(provider, account, version) {
  if (!Number.isInteger(version) || version < 1) throw new RangeError(`key version ${version}`);
  return deriveVersions(provider, account, version);
}

async function deriveVersions(provider, account, version) {
  const api = await ehr();
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
  return { account, version, identity: identities[version - 1], chartRoot: roots.get(version), identities, roots };
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
 * Completes keys restored from a guardian-recovery vault (records/recovery.js restoreKeys) with
 * the chart's later key versions: every version the hub has past the vault's (published by a
 * successor's rotateKeys) derives from `signer`'s signature of the key request naming the chart;
 * `signer` must be the chart's controller. The newest identity must be the chart's published key
 * (`patientKey`), else ERR_WRONG_KEYS (a version made by an earlier successor that its kit lacks).
 * Every handle is registered; on failure all of them (the restored ones too) are released.
 * @param {{ request: Function }} provider
 * @param {string} chart
 * @param {string} signer the wallet acting for the chart
 * @param {{ version: number, identities: any[], roots: Map<number, any> }} restored handles
 * @returns {Promise<{ version: number, vaultVersion: number, identities: any[], roots: Map<number, any> }>}
 */
export async function completeRestoredKeys(provider, chart, signer, restored) {
  const identities = [...restored.identities];
  const roots = new Map(restored.roots);
  for (const k of [...identities, ...roots.values()]) registerKey(k);
  try {
    const api = await ehr();
    const [[onChain], [published]] = await Promise.all([
      read(provider, 'EhrHub', 'patientKeyVersion', [chart]),
      read(provider, 'EhrHub', 'patientKey', [chart]),
    ]);
    const version = Math.max(Number(onChain), restored.version);
    for (let v = restored.version + 1; v <= version; v++) {
      const k = await versionKeys(provider, api, chart, v, signer);
      identities.push(k.identity);
      roots.set(v, k.chartRoot);
    }
    if (hexOf(identities[version - 1].publicKey) !== hexOf(published).toLowerCase())
      throw Object.assign(
        new Error(`the chart’s key version ${version} is neither in its recovery vault nor made by this wallet`),
        { code: 'ERR_WRONG_KEYS' },
      );
    return { version, vaultVersion: restored.version, identities, roots };
  } catch (e) {
    for (const k of [...identities, ...roots.values()]) releaseKey(k);
    throw e;
  }
}

/**
 * Installs the keys of a recovered chart (completeRestoredKeys) as the session keys of `account`:
 * a recovered chart's keys no longer come from its own wallet's signature (that wallet is gone),
 * so this replaces the derivation for that address; its next key versions derive from `signer`'s
 * signature (rotateKeys). They are registered like derived keys (lock wipes them), and the keys
 * of the successor's own wallet are dropped.
 * @param {string} account the chart's address
 * @param {{ version: number, vaultVersion?: number, identities: any[], roots: Map<number, any> }} restored handles
 * @param {string} signer the wallet acting for the chart
 */
export function installRestoredKeys(account, { version, vaultVersion = version, identities, roots }, signer) {
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
    vaultVersion,
    signer,
  };
  return current;
}

/**
 * Whether the current keys of `account` are ones a wallet that no longer acts for it can make:
 * a recovered chart still on a key version from its vault (made by the wallet it was recovered
 * from). False for an account's own keys, or once the successor moved the chart to new keys.
 */
export function keysFromOldWallet(account) {
  const keys = unlockedKeys(account);
  return Boolean(keys?.restored && keys.version <= (keys.vaultVersion ?? keys.version));
}

/**
 * Moves the unlocked account to its next key version: the wallet signs the key request of that
 * version, `publish(publicKey)` puts the new public key on chain (rotatePatientKey), and only then
 * do the new keys become the current ones (the old ones stay for older records). For a recovered
 * chart the wallet acting for it signs the request naming the chart: the new version is one the
 * wallet it was recovered from cannot make.
 * @param {{ request: Function }} provider
 * @param {string} account
 * @param {(publicKey: Uint8Array) => Promise<unknown>} publish
 */
export async function rotateKeys(provider, account, publish) {
  const keys = unlockedKeys(account);
  if (!keys) throw Object.assign(new Error('the keys are locked'), { code: 'ERR_LOCKED' });
  const api = await ehr();
  const next = keys.version + 1;
  const k = await versionKeys(provider, api, account, next, keys.restored ? keys.signer : account);
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
