// Ending access in the keys (docs/record-format.md, "Ending access"). The contract advances a
// scope's key epoch whenever its reader set shrinks; what ends without the patient (an expiry, a
// member leaving, an institution suspended, a family link dissolved, an institution's group key
// known to a departed member) leaves the scope *pending* until someone settles it. Here:
// - the patient's side: settle what is pending and share the new keys with every grant still in
//   force (skipping grantees that hold no key it is safe to seal to), re-share after a revoke or an
//   emergency close, rotate the patient's own key version;
// - every writer's side: the keys a new record is sealed with. A scope's chart key is used only
//   when nobody who lost access can hold it (the scope is not pending) and the writer holds it;
//   otherwise the record's content key is sealed to each current reader's public key instead.
// Status lines (onStatus) come in the reader's language (i18n.js).
import { ehr } from '../module.js';
import { t, translate } from '../i18n.js';
import { read, write } from '../chain/contracts.js';
import { hexOf } from '../format.js';

export const GRANTEE_TAG = Object.freeze({ MEMBER: 0, INSTITUTION: 1, EMERGENCY: 2 });
/**
 * Tags of the hub's block-pointer lists that are no grantees (contracts/src/Grantee.sol): a
 * patient's family proposals, an institution's publications of member wraps. A grantee id is the
 * id of the list of grants to it.
 */
export const LIST_TAG = Object.freeze({ FAMILY: 3, WRAPS: 4 });

/** The bytes32 word (hex) `tag << 160 | value`: a grantee id or a list id (`value` an address or an institution id). */
export const taggedWord = (tag, value) => `0x${((BigInt(tag) << 160n) | BigInt(value)).toString(16).padStart(64, '0')}`;
const ZERO32 = /^0x0{64}$/i;
const PAGE = 64;

/** A grantee id (bytes32 hex) split into { tag, account } or { tag, institutionId }. */
export function parseGrantee(grantee) {
  const v = BigInt(hexOf(grantee));
  const tag = Number(v >> 160n);
  if (tag === GRANTEE_TAG.MEMBER)
    return { tag, account: `0x${(v & ((1n << 160n) - 1n)).toString(16).padStart(40, '0')}` };
  return { tag, institutionId: Number(v & 0xffffffffn) };
}

/**
 * Every grant listed on chain for a patient, emergency authorisations included (tag 2), read a
 * page at a time from the hub's own list: [{ grantee, scopes, expiry, inForce, keysCurrent,
 * standing, tag, account?, institutionId? }] (standing: for an institution, the group key version
 * its keys were sealed to; EhrHub.grantStanding).
 */
export async function listGrants(provider, patient) {
  const count = Number((await read(provider, 'EhrLens', 'grantCount', [patient]))[0]);
  const out = [];
  for (let offset = 0; offset < count; offset += PAGE) {
    const rows = (await read(provider, 'EhrLens', 'grantsOf', [patient, offset, PAGE]))[0];
    for (const r of rows) {
      const grantee = hexOf(r.grantee).toLowerCase();
      out.push({
        grantee,
        scopes: Number(r.scopes),
        expiry: Number(r.expiry),
        inForce: r.inForce === true,
        keysCurrent: r.keysCurrent === true,
        standing: Number(r.standing),
        ...parseGrantee(grantee),
      });
    }
  }
  return out;
}

/** Scopes whose current chart keys someone who lost access may hold (until settled). */
export async function pendingScopes(provider, patient) {
  return Number((await read(provider, 'EhrLens', 'pendingScopes', [patient]))[0]);
}

/**
 * The public key a grant's keys can be sealed to now, or null: a member's own key, a relative's
 * patient key, an institution's group key unless a departed member held that key version.
 * @returns {Promise<{ publicKey: Uint8Array | null, reason?: string }>}
 */
export async function sealingKey(provider, g) {
  const api = await ehr();
  let key;
  if (g.tag === GRANTEE_TAG.MEMBER) {
    const m = await read(provider, 'EhrHub', 'member', [g.account]);
    key = hexOf((await read(provider, 'EhrHub', m[2] === true ? 'memberKey' : 'patientKey', [g.account]))[0]);
  } else {
    const [inst, exposed] = await Promise.all([
      read(provider, 'EhrHub', 'institution', [g.institutionId]),
      read(provider, 'EhrHub', 'exposedKeyVersion', [g.institutionId]),
    ]);
    if (Number(inst[4]) <= Number(exposed[0])) return { publicKey: null, reason: 'group-key-exposed' };
    key = hexOf(inst[3]);
  }
  return ZERO32.test(key) ? { publicKey: null, reason: 'no-key' } : { publicKey: api.fromHex(key) };
}

/**
 * Shares the patient's current keys again with every grant in force that holds some of `scopes`,
 * and with every institution whose keys were withheld after its group key was exposed. A grant
 * whose grantee has no key that is safe to seal to is skipped (and listed), never fatal for the
 * others.
 * @param {{ provider: any, from: string, patient: string, chartRoot: any, scopes: number,
 *   onStatus?: (text: string) => void, nameOf?: (g: any) => string }} o
 * @returns {Promise<{ shared: any[], skipped: { grant: any, reason: string }[] }>}
 */
export async function reshare(o) {
  const api = await ehr();
  const grants = (await listGrants(o.provider, o.patient)).filter(
    (g) => g.inForce && ((g.scopes & o.scopes) !== 0 || !g.keysCurrent),
  );
  const epochs = Array.from((await read(o.provider, 'EhrHub', 'epochs', [o.patient]))[0], Number);
  const shared = [];
  const skipped = [];
  for (const g of grants) {
    const { publicKey, reason } = await sealingKey(o.provider, g);
    if (!publicKey) {
      skipped.push({ grant: g, reason });
      continue;
    }
    o.onStatus?.(t('Sharing the new keys with {name}…', { name: o.nameOf?.(g) ?? translate('a grantee') }));
    const payload = api.records.grants.create(o.chartRoot, publicKey, g.scopes, epochs);
    if (g.tag === GRANTEE_TAG.EMERGENCY)
      await write(o.provider, o.from, 'EhrHub', 'setEmergencyInstitution', [g.institutionId, g.scopes, payload]);
    else await write(o.provider, o.from, 'EhrHub', 'grantAccess', [g.grantee, g.scopes, g.expiry, payload]);
    shared.push(g);
  }
  return { shared, skipped };
}

/**
 * Settles every access of the patient's chart that ended without them, then shares the new keys
 * with those who continue. Returns the scopes that advanced (0 when nothing was pending).
 * @param {{ provider: any, from: string, patient: string, chartRoot: any,
 *   onStatus?: (text: string) => void, nameOf?: (g: any) => string }} o
 */
export async function settle(o) {
  const pending = await pendingScopes(o.provider, o.patient);
  if (pending === 0) return { scopes: 0, shared: [], skipped: [] };
  o.onStatus?.(translate('Ending access that has ended (expired grants, members who left, dissolved links)…'));
  await write(o.provider, o.from, 'EhrHub', 'settleAccess', [o.patient]);
  return { scopes: pending, ...(await reshare({ ...o, scopes: pending })) };
}

/**
 * How a new record of `scope` is sealed: { epoch, chartKey } when the scope's current chart key
 * may be used (nobody who lost access can hold it, and `chartKeyFor` gives it), else { epoch,
 * recipients } with the public keys of everyone who may read the scope now (readerKeys: the
 * patient first). `settleFirst`, when given (the patient's page), settles a pending scope before
 * the write instead, so the record gets the new epoch's chart key.
 * @param {{ provider: any, patient: string, scope: number,
 *   chartKeyFor: (scope: number, epoch: number) => { key: any, release?: () => void },
 *   settleFirst?: () => Promise<unknown> }} o
 */
export async function sealingFor(o) {
  let pending = await pendingScopes(o.provider, o.patient);
  if ((pending >>> o.scope) & 1 && o.settleFirst) {
    await o.settleFirst();
    pending = await pendingScopes(o.provider, o.patient);
  }
  const epoch = Number((await read(o.provider, 'EhrLens', 'epochOf', [o.patient, o.scope]))[0]);
  if (!((pending >>> o.scope) & 1)) {
    try {
      return { epoch, chartKey: o.chartKeyFor(o.scope, epoch) };
    } catch (e) {
      if (e?.code !== 'ERR_NO_RECIPIENT') throw e;
      // the writer was not given this epoch's key: seal to the readers instead
    }
  }
  const api = await ehr();
  const keys = (await read(o.provider, 'EhrLens', 'readerKeys', [o.patient, o.scope]))[0]
    .map(hexOf)
    .filter((k) => !ZERO32.test(k));
  return { epoch, recipients: [...new Set(keys.map((k) => k.toLowerCase()))].map((k) => api.fromHex(k)) };
}
