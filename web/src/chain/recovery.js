// Guardian recovery on chain: the forwarder's GuardianRecovery functions (contracts/src/
// GuardianRecovery.sol) as the page reads and calls them, and the steps that put a recovered
// chart in the session. The chart keeps its original address; a successor wallet acts for it (the
// contracts map it: chartOf), so after a recovery the session's account becomes the chart (every
// view is keyed by it) while the successor's wallet signs (relay.js actFor), and the chart's keys
// come from the vault its guardians' shares open (records/recovery.js), not from a signature.
// Nothing of this is stored: on a reload the page finds the chart again with chartOf, the kit in
// the GuardiansSet events and the shares in the RecoveryApproved events sealed to the successor.
import config from '../config.js';
import { ehr } from '../module.js';
import { setState } from '../state.js';
import { sameAddress } from '../format.js';
import { abiOf, addressOf, events, read, topicsOf } from './contracts.js';
import { actFor, forwardSigned } from './relay.js';
import { decodeKit, openWords, restoreKeys, sealWords, requestTypedData } from '../records/recovery.js';
import { chartKeyOf, installRestoredKeys, unlockKeys } from '../records/account-keys.js';
import { releaseKey } from '../key-registry.js';

const ZERO = /^0x0{40}$/i;
const isZero = (a) => !a || ZERO.test(a);

/** The chart's guardians as the forwarder holds them now: { guardians, threshold, delay, round }. */
export async function guardiansOf(provider, chart) {
  const r = await read(provider, 'EhrForwarder', 'guardiansOf', [chart]);
  return { guardians: Array.from(r[0], String), threshold: Number(r[1]), delay: Number(r[2]), round: Number(r[3]) };
}

/** The chart's pending recovery: { successor (null when none), approvals, readyAt }. */
export async function recoveryOf(provider, chart) {
  const r = await read(provider, 'EhrForwarder', 'recoveryOf', [chart]);
  return { successor: isZero(r[0]) ? null : String(r[0]), approvals: Number(r[1]), readyAt: Number(r[2]) };
}

/** The chart `account` acts for (itself, the chart it recovered), or null once retired. */
export async function chartOf(provider, account) {
  const r = await read(provider, 'EhrForwarder', 'chartOf', [account]);
  return isZero(r[0]) ? null : String(r[0]);
}

/** The latest block's time (seconds): when a recovery's delay has passed is the chain's call. */
export async function chainTime(provider) {
  const block = await (await ehr()).createRpc({ provider }).request('eth_getBlockByNumber', ['latest', false]);
  return Number(BigInt(block.timestamp));
}

/**
 * Every guardian set the chart named (GuardiansSet), newest first, each with its kit decoded
 * ({ round, guardians, threshold, delay, kit, blockTimestamp }); a kit this page cannot read is
 * null.
 */
export async function guardianSets(provider, chart) {
  const list = await events(provider, 'EhrForwarder', await topicsOf('EhrForwarder', 'GuardiansSet', [chart]), {
    timestamps: true,
  });
  const api = await ehr();
  return list.reverse().map((e) => {
    let kit = null;
    try {
      kit = decodeKit(typeof e.args.kit === 'string' ? api.fromHex(e.args.kit) : e.args.kit);
    } catch {
      // written by another page, or damaged
    }
    return {
      round: Number(e.args.round),
      guardians: Array.from(e.args.guardians, String),
      threshold: Number(e.args.threshold),
      delay: Number(e.args.delay),
      kit,
      blockTimestamp: e.blockTimestamp,
    };
  });
}

/**
 * The chart's guardians now (guardiansOf) with the guardian set that named them (the newest
 * GuardiansSet with the same list, its kit and time): { guardians, threshold, delay, round, set }.
 */
export async function currentGuardians(provider, chart) {
  const [now, sets] = await Promise.all([guardiansOf(provider, chart), guardianSets(provider, chart)]);
  const same = (x) =>
    x.guardians.length === now.guardians.length && x.guardians.every((g, i) => sameAddress(g, now.guardians[i]));
  return { ...now, set: sets.find(same) ?? null };
}

/**
 * The approvals a successor received (RecoveryApproved), oldest first: [{ guardian, round, share }].
 * @param {number} [round] only those of this round
 */
export async function approvalsFor(provider, chart, successor, round) {
  const api = await ehr();
  const list = await events(
    provider,
    'EhrForwarder',
    await topicsOf('EhrForwarder', 'RecoveryApproved', [chart, successor]),
  );
  return list
    .map((e) => ({
      guardian: String(e.args.guardian),
      round: Number(e.args.round),
      share: typeof e.args.share === 'string' ? api.fromHex(e.args.share) : e.args.share,
    }))
    .filter((a) => round === undefined || a.round === round);
}

/** The charts `guardian` was named for (GuardianNamed), each once with its latest round. */
export async function chartsGuardedBy(provider, guardian) {
  const list = await events(provider, 'EhrForwarder', await topicsOf('EhrForwarder', 'GuardianNamed', [guardian]), {
    timestamps: true,
  });
  const byChart = new Map();
  for (const e of list)
    byChart.set(String(e.args.chart).toLowerCase(), {
      chart: String(e.args.chart),
      round: Number(e.args.round),
      at: e.blockTimestamp,
    });
  return [...byChart.values()];
}

/**
 * A guardian's approval: opens its own share from the chart's kit (the kit entry at its place in
 * the current guardian list) with its identities, re-seals it to the successor's key and returns
 * the approveRecovery arguments. The share's words are dropped right after.
 * @param {{ provider: any, guardian: string, identities: any[], chart: string, successor: string,
 *   successorKey: Uint8Array }} o
 * @returns {Promise<[string, string, number, Uint8Array]>}
 */
export async function guardianApproval(o) {
  const api = await ehr();
  const now = await currentGuardians(o.provider, o.chart);
  const index = now.guardians.findIndex((g) => sameAddress(g, o.guardian));
  if (index < 0)
    throw Object.assign(new Error('this account is not one of the chart’s guardians now'), {
      code: 'ERR_NOT_GUARDIAN',
    });
  const entry = now.set?.kit?.guardians[index];
  if (!entry?.box)
    throw Object.assign(new Error('the chart’s recovery kit holds no share sealed to this account'), {
      code: 'ERR_BAD_KIT',
    });
  const share = sealWords(api, openWords(api, entry.box, o.identities), o.successorKey);
  return [o.chart, o.successor, now.round, share];
}

/**
 * The paper guardian's approval, signed by the key its words derive (records/recovery.js
 * paperWallet) as a request to the forwarder, submitted by the relay (or by `submitter`, the
 * connected wallet, which then pays); waits for it to be mined. The share goes on chain sealed to
 * the successor's key only.
 * @param {{ provider: any, submitter: string, wallet: any, words: string, chart: string,
 *   successor: string, successorKey: Uint8Array, onStage?: Function }} o
 */
export async function approveAsPaper(o) {
  const api = await ehr();
  const now = await guardiansOf(o.provider, o.chart);
  if (!now.guardians.some((g) => sameAddress(g, o.wallet.address)))
    throw Object.assign(new Error('these words are not the paper share of this chart’s guardians as they are now'), {
      code: 'ERR_NOT_GUARDIAN',
    });
  const iface = await abiOf('EhrForwarder');
  const share = sealWords(api, o.words, o.successorKey);
  const data = api.toHex(iface.encodeFunctionData('approveRecovery', [o.chart, o.successor, now.round, share]));
  const hash = await forwardSigned(o.provider, o.wallet, {
    to: addressOf('EhrForwarder'),
    data,
    submitter: o.submitter,
    onStage: o.onStage,
  });
  o.onStage?.('wait', hash);
  const receipt = await api.createRpc({ provider: o.provider }).waitForReceipt(hash, { timeoutMs: 120_000 });
  if (receipt.status === 0) throw Object.assign(new Error('the approval was reverted'), { code: 'ERR_REVERTED' });
  return hash;
}

/**
 * The typed data of the successor's recovery request (records/recovery.js), on this build's chain
 * and forwarder.
 */
export const recoveryRequestTypedData = (r) =>
  requestTypedData({ ...r, chainId: config.chainId, forwarder: addressOf('EhrForwarder') });

/**
 * The chart's keys for its successor: its own identities open the shares its guardians sealed to
 * it (RecoveryApproved), any `threshold` of them from one split give the master secret, and the
 * kit of that split opens the vault. Returns { version, identities, roots } (handles, not yet
 * registered). Throws ERR_TOO_FEW_SHARES when the shares that open are too few.
 * @param {{ provider: any, chart: string, successor: string, identities: any[], extra?: string[] }} o
 *   extra: share words the page holds already (a paper share typed in)
 */
export async function restoreChartKeys(o) {
  const api = await ehr();
  const [sets, approvals] = await Promise.all([
    guardianSets(o.provider, o.chart),
    approvalsFor(o.provider, o.chart, o.successor),
  ]);
  const words = [...(o.extra ?? [])];
  for (const a of approvals) {
    try {
      words.push(openWords(api, a.share, o.identities));
    } catch {
      // not sealed to this wallet's keys
    }
  }
  // Shares of one split share an identifier; the kit of that split has its recovery key.
  const groups = new Map();
  for (const w of words) {
    let id;
    try {
      id = api.slip39.decode(w).identifier;
    } catch {
      continue;
    }
    if (!groups.has(id)) groups.set(id, new Set());
    groups.get(id).add(w);
  }
  let last = Object.assign(new Error('not enough guardians’ shares to open the chart’s keys'), {
    code: 'ERR_TOO_FEW_SHARES',
  });
  for (const set of sets.filter((s) => s.kit)) {
    for (const group of groups.values()) {
      if (group.size < set.kit.threshold) continue;
      try {
        return restoreKeys(api, set.kit, [...group]);
      } catch (e) {
        last = e;
      }
    }
  }
  throw last;
}

/**
 * Makes the session act for a recovered chart: its restored keys become the chart's keys
 * (account-keys.js), the successor's wallet signs for it (relay.js), and the session's account is
 * the chart, so every screen shows and writes the chart.
 */
export function actForChart(chart, successor, restored) {
  installRestoredKeys(chart, restored);
  actFor(chart, successor);
  setState({ account: chart, balance: null });
}

/**
 * Checks restored keys on the chart itself: the newest records (up to `tries`) are opened until
 * one opens (every record is sealed under a chart key or to the chart's identity, so the chart's
 * keys open any of them). Resolves with the id of the record that opened, or null when the chart
 * has none; throws ERR_WRONG_KEYS when records exist and none opens.
 */
export async function verifyOnChart(provider, chart, keys, { tries = 10 } = {}) {
  const { chartPages, openRecord, closeRecord } = await import('../records/chart.js');
  let seen = 0;
  let other = null;
  for await (const page of chartPages(provider, chart, { pageSize: tries })) {
    for (const r of page) {
      if (r.redacted) continue;
      seen++;
      try {
        await openRecord(chart, r, (header) => {
          let k = null;
          try {
            k = chartKeyOf(keys, header.scope, header.epoch);
          } catch {
            // a version the vault does not hold: the identities may still open it
          }
          return { chartKeys: k ? [k] : [], identities: keys.identities, release: () => k && releaseKey(k) };
        });
        closeRecord(chart, r.id);
        return r.id;
      } catch (e) {
        if (!['ERR_NO_RECIPIENT', 'ERR_AUTH_FAILED'].includes(e?.code)) other = e;
      }
    }
    break;
  }
  if (other) throw other; // the records could not be fetched: nothing was checked
  if (seen === 0) return null;
  throw Object.assign(new Error('the keys the guardians’ shares opened do not open this chart’s records'), {
    code: 'ERR_WRONG_KEYS',
  });
}

/**
 * The successor's way into its chart after a recovery (or a reload): unlock its own keys, open
 * the shares, restore the chart's keys, check them on the chart (verifyOnChart), then act for it.
 * Resolves with the id of the record that opened (null: the chart has none).
 * @param {{ provider: any, chart: string, successor: string, extra?: string[] }} o
 */
export async function openRecoveredChart(o) {
  const own = await unlockKeys(o.provider, o.successor);
  const restored = await restoreChartKeys({ ...o, identities: own.identities });
  let checked;
  try {
    checked = await verifyOnChart(o.provider, o.chart, restored);
  } catch (e) {
    for (const k of [...restored.identities, ...restored.roots.values()]) k.dispose();
    throw e;
  }
  actForChart(o.chart, o.successor, restored);
  return checked;
}
