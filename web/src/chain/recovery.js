// Guardian recovery on chain: the forwarder's GuardianRecovery functions (contracts/src/
// GuardianRecovery.sol) as the page reads and calls them, and the steps that put a recovered
// chart in the session. The chart keeps its original address; a successor wallet acts for it (the
// contracts map it: chartOf), so after a recovery the session's account becomes the chart (every
// view is keyed by it) while the successor's wallet signs (relay.js actFor), and the chart's keys
// come from the vault its guardians' shares open (records/recovery.js); key versions the chart
// moved to after the vault was made come from the successor's own signature of the key request
// naming the chart (records/account-keys.js). Replacing the keys after a recovery (replaceKeys)
// makes such a version, so what is added from then on is closed to the wallet the chart was
// recovered from, and names the same guardians again with a fresh split whose vault holds it.
// Nothing of this is stored: on a reload the page finds the chart again with chartOf, the kit in
// the GuardiansSet event and the shares in the RecoveryApproved events sealed to the successor;
// the forwarder keeps where those are (the set's block, block-pointer lists of approvals and of a
// guardian's namings), so none of them is looked for over the chain's history.
// Errors a person reads and the steps' status lines are messages of the catalogue (i18n.js).
import config from '../config.js';
import { ehr } from '../module.js';
import { t, translate } from '../i18n.js';
import { setState } from '../state.js';
import { sameAddress } from '../format.js';
import { abiOf, addressOf, eventsInBlock, linkedEvents, read, topicsOf, write } from './contracts.js';
import { actFor, forwardSigned } from './relay.js';
import {
  createKit,
  decodeKit,
  GUARDIAN_KIND,
  openWords,
  restoreKeys,
  sealWords,
  requestTypedData,
} from '../records/recovery.js';
import { chartKeyOf, completeRestoredKeys, installRestoredKeys, unlockKeys } from '../records/account-keys.js';
import { releaseKey } from '../key-registry.js';

const ZERO = /^0x0{40}$/i;
const isZero = (a) => !a || ZERO.test(a);

/**
 * The chart's guardians as the forwarder holds them now: { guardians, threshold, delay, round,
 * setBlock } (setBlock: where the GuardiansSet that named them is; 0 when none).
 */
export async function guardiansOf(provider, chart) {
  const r = await read(provider, 'EhrForwarder', 'guardiansOf', [chart]);
  return {
    guardians: Array.from(r[0], String),
    threshold: Number(r[1]),
    delay: Number(r[2]),
    round: Number(r[3]),
    setBlock: Number(r[4]),
  };
}

/** The chain's current block (to know which pointed-at blocks may still be reorganised). */
const blockNow = async (provider) =>
  Number(BigInt(await (await ehr()).createRpc({ provider }).request('eth_blockNumber', [])));

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

/** The account that acts for `chart`: its successor after a recovery, otherwise the chart itself. */
export async function controllerOf(provider, chart) {
  const r = await read(provider, 'EhrForwarder', 'controllerOf', [chart]);
  return String(r[0]);
}

/** The latest block's time (seconds): when a recovery's delay has passed is the chain's call. */
export async function chainTime(provider) {
  const block = await (await ehr()).createRpc({ provider }).request('eth_getBlockByNumber', ['latest', false]);
  return Number(BigInt(block.timestamp));
}

/**
 * Every guardian set the chart named (GuardiansSet), newest first, each with its kit decoded
 * ({ round, guardians, threshold, delay, kit, blockTimestamp }; a kit this page cannot read is
 * null), from the forwarder's list of them: guardiansOf names the newest set's block (`now`), each
 * set the block of the one before; one log query per block holding one.
 */
async function guardianSets(provider, chart, now) {
  const topics = await topicsOf('EhrForwarder', 'GuardiansSet', [chart]);
  const list = await linkedEvents(provider, 'EhrForwarder', topics, now.setBlock, {
    current: await blockNow(provider),
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
 * GuardiansSet, its kit and time): { guardians, threshold, delay, round, setBlock, set }; and
 * `sets`, every set the chart named, newest first.
 */
export async function currentGuardians(provider, chart) {
  const now = await guardiansOf(provider, chart);
  const sets = now.setBlock ? await guardianSets(provider, chart, now) : [];
  return { ...now, set: sets[0] ?? null, sets };
}

/**
 * The approvals a successor received (RecoveryApproved), oldest first: [{ guardian, round, share }],
 * from the forwarder's list of them (approvalsOf names the newest block, each event the block of
 * the one before): one log query per block holding one.
 * @param {number} [round] only those of this round
 */
export async function approvalsFor(provider, chart, successor, round) {
  const api = await ehr();
  const [[, , head], current] = await Promise.all([
    read(provider, 'EhrForwarder', 'approvalsOf', [chart, successor]),
    blockNow(provider),
  ]);
  const topics = await topicsOf('EhrForwarder', 'RecoveryApproved', [chart, successor]);
  const list = await linkedEvents(provider, 'EhrForwarder', topics, head, { current });
  return list
    .map((e) => ({
      guardian: String(e.args.guardian),
      round: Number(e.args.round),
      share: typeof e.args.share === 'string' ? api.fromHex(e.args.share) : e.args.share,
    }))
    .filter((a) => round === undefined || a.round === round);
}

/**
 * The charts `guardian` was named for (GuardianNamed), each once with its latest round, from the
 * forwarder's list of its namings (one log query per block holding one).
 */
export async function chartsGuardedBy(provider, guardian) {
  const [[head], current] = await Promise.all([
    read(provider, 'EhrForwarder', 'lastNamedBlock', [guardian]),
    blockNow(provider),
  ]);
  const topics = await topicsOf('EhrForwarder', 'GuardianNamed', [guardian]);
  const list = await linkedEvents(provider, 'EhrForwarder', topics, head, { current, timestamps: true });
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
    throw Object.assign(new Error(translate('this account is not one of the chart’s guardians now')), {
      code: 'ERR_NOT_GUARDIAN',
    });
  const entry = now.set?.kit?.guardians[index];
  if (!entry?.box)
    throw Object.assign(new Error(translate('the chart’s recovery kit holds no share sealed to this account')), {
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
    throw Object.assign(
      new Error(translate('these words are not the paper share of this chart’s guardians as they are now')),
      { code: 'ERR_NOT_GUARDIAN' },
    );
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
  if (receipt.status === 0)
    throw Object.assign(new Error(translate('the approval was reverted')), { code: 'ERR_REVERTED' });
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
  const [g, approvals] = await Promise.all([
    currentGuardians(o.provider, o.chart),
    approvalsFor(o.provider, o.chart, o.successor),
  ]);
  const { sets } = g;
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
  let last = Object.assign(new Error(translate('not enough guardians’ shares to open the chart’s keys')), {
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
  installRestoredKeys(chart, restored, successor);
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
  throw Object.assign(new Error(translate('the keys the guardians’ shares opened do not open this chart’s records')), {
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
  // Versions up to the vault's from the vault; later ones (the successor replaced the keys) from
  // the successor's signature of the key request naming the chart.
  const keys = await completeRestoredKeys(
    o.provider,
    o.chart,
    o.successor,
    await restoreChartKeys({ ...o, identities: own.identities }),
  );
  let checked;
  try {
    checked = await verifyOnChart(o.provider, o.chart, keys);
  } catch (e) {
    for (const k of [...keys.identities, ...keys.roots.values()]) releaseKey(k);
    throw e;
  }
  actForChart(o.chart, o.successor, keys);
  return checked;
}

/**
 * Whether the chart's recovery kit misses its current key version (the chart moved to new keys
 * after naming its guardians): a recovery would then bring back only the older keys. False when
 * the chart has no guardians.
 */
export async function kitOutOfDate(provider, chart) {
  const [g, [version]] = await Promise.all([
    currentGuardians(provider, chart),
    read(provider, 'EhrHub', 'patientKeyVersion', [chart]),
  ]);
  if (g.guardians.length === 0) return false;
  const newest = Math.max(0, ...(g.set?.kit?.vault ?? []).map((v) => v.version));
  return newest < Number(version);
}

/**
 * Names the chart's guardians again, the same ones with the same threshold and waiting time, with
 * a fresh split (records/recovery.js createKit: a new master secret, a vault of every key version
 * `keys` holds, new shares sealed to each account guardian's published key, new paper words).
 * The old shares open nothing of the new kit. Resolves with the new paper words (null without a
 * paper guardian), which the page shows once.
 * Errors: ERR_BAD_KIT (the current kit cannot be read: name the guardians anew), ERR_NO_KEY (a
 * guardian has no encryption key now).
 * @param {{ provider: any, chart: string, keys: any, onStage?: Function }} o
 * @returns {Promise<{ paperWords: string | null, guardians: string[] }>}
 */
export async function renewKit(o) {
  const api = await ehr();
  const { GRANTEE_TAG, sealingKey } = await import('../records/access.js');
  const g = await currentGuardians(o.provider, o.chart);
  const kit = g.set?.kit;
  if (g.guardians.length === 0 || !kit)
    throw Object.assign(
      new Error(translate('the chart’s guardians cannot be named again as they are: name them anew')),
      {
        code: 'ERR_BAD_KIT',
      },
    );
  const guardians = [];
  for (const [i, address] of g.guardians.entries()) {
    if (kit.guardians[i].kind === GUARDIAN_KIND.PAPER) {
      guardians.push({ kind: 'paper' });
      continue;
    }
    const { publicKey } = await sealingKey(o.provider, { tag: GRANTEE_TAG.MEMBER, account: address });
    if (!publicKey)
      throw Object.assign(
        new Error(t('the guardian {address} has no encryption key now: name your guardians anew', { address })),
        { code: 'ERR_NO_KEY' },
      );
    guardians.push({ kind: 'account', publicKey });
  }
  const made = createKit(api, { keys: o.keys, guardians, threshold: g.threshold });
  const addresses = g.guardians.map((a, i) => (guardians[i].kind === 'paper' ? made.paperAddress : a));
  await write(o.provider, o.chart, 'EhrForwarder', 'setGuardians', [addresses, g.threshold, g.delay, made.kit], {
    onStage: o.onStage,
  });
  return { paperWords: made.paperWords, guardians: addresses };
}

/**
 * Replaces the keys of a chart this session acts for after a recovery, so that the wallet it was
 * recovered from (lost, or in someone else's hands) cannot read what is added next: a new key
 * version from the successor's signature (renewal.js rotatePatientKeys: rotatePatientKey), the
 * new keys shared with every grant in force (access.js reshare), and the guardians named again
 * with a fresh split that holds the new version (renewKit; skipped without guardians). Every
 * transaction goes through write(), so the successor signs and the relay pays where it must.
 * `onStatus(text)` tells each step, in the reader's language.
 * @param {{ provider: any, chart: string, onStatus?: (text: string) => void, nameOf?: (g: any) => string }} o
 * @returns {Promise<{ version: number, shared: any[], skipped: any[], paperWords: string | null, renewed: boolean }>}
 */
export async function replaceKeys(o) {
  const [{ rotatePatientKeys }, { reshare }, { ALL_SCOPES }] = await Promise.all([
    import('../records/renewal.js'),
    import('../records/access.js'),
    import('../records/scopes.js'),
  ]);
  const say = (t) => o.onStatus?.(t);
  say(translate('Approve the two signatures of the new key request in your wallet…'));
  const keys = await rotatePatientKeys(o.provider, o.chart);
  say(translate('New keys in use. Sharing them with everyone who has access…'));
  const r = await reshare({
    provider: o.provider,
    from: o.chart,
    patient: o.chart,
    chartRoot: keys.chartRoot,
    scopes: ALL_SCOPES,
    nameOf: o.nameOf,
    onStatus: say,
  });
  const { guardians } = await guardiansOf(o.provider, o.chart);
  let paperWords = null;
  if (guardians.length) {
    say(translate('Giving your guardians new shares that hold the new keys…'));
    ({ paperWords } = await renewKit({ provider: o.provider, chart: o.chart, keys }));
  }
  return { version: keys.version, ...r, paperWords, renewed: guardians.length > 0 };
}
