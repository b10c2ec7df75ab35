// The clinician's side of sharing: the patients who granted this member, or its institution,
// access (the AccessGranted events addressed to their grantee ids), those it opened emergency
// access to, the chart keys all of those carry for one patient, and the scopes it may write in a
// patient's chart. Grants are found through the hub's grant lists (block pointers: the block of the
// newest grant to a grantee, each event naming the block of the one before), so finding them costs
// one request per block holding one, not a scan of the chain's history.
import { ehr } from '../module.js';
import { hexOf, sameAddress } from '../format.js';
import { registerKey } from '../key-registry.js';
import { read, hubListEvents, linkedEvents, topicsOf } from '../chain/contracts.js';
import { emergenciesOf } from './emergency.js';
import { GRANTEE_TAG, taggedWord } from './access.js';

/**
 * The grantee ids (hex) of a member, of its institution and of its institution's emergency
 * authorisations (contracts/README.md "Grants and key epochs"): { member, institution, emergency }.
 */
export async function granteeIdsOf(provider, me, institutionId) {
  return {
    member: taggedWord(GRANTEE_TAG.MEMBER, me),
    institution: taggedWord(GRANTEE_TAG.INSTITUTION, institutionId),
    emergency: taggedWord(GRANTEE_TAG.EMERGENCY, institutionId),
  };
}

/**
 * The grants ever made to one grantee id (AccessGranted, oldest first), from its grant list: one
 * call for the list's newest block, then one log query per block of the list not read before.
 */
export async function grantEventsTo(provider, grantee) {
  return hubListEvents(provider, grantee, await topicsOf('EhrHub', 'AccessGranted', [null, grantee]));
}

/** Events grouped by patient, in order: [{ patient, payloads }]. */
function byPatient(evs) {
  const out = new Map();
  for (const e of evs) {
    const p = String(e.args.patient);
    if (!out.has(p.toLowerCase())) out.set(p.toLowerCase(), { patient: p, payloads: [] });
    out.get(p.toLowerCase()).payloads.push(e.args.wrappedKeys);
  }
  return [...out.values()];
}

/**
 * Patients who ever granted this member, or its institution, access, and those it opened emergency
 * access to: [{ patient, via: 'member' | 'institution' | 'emergency', scopes, expiry, active,
 * payloads }]. Payloads to the member open with its own key; the others with the group key.
 * Requests: one call for the three lists' newest blocks (EhrLens.lastGrantBlocks), one log query
 * per block of a list not read before in this session, one call per patient found (its grant, or
 * its emergency window: the institution's emergency authorisations name the patients a member of
 * it can have opened one for). `patient`: only that patient (a chart being opened).
 * @param {{ patient?: string }} [o]
 */
export async function sharedWithMe(provider, me, institutionId, { patient } = {}) {
  const ids = await granteeIdsOf(provider, me, institutionId);
  const [current, heads] = await read(provider, 'EhrLens', 'lastGrantBlocks', [
    [ids.member, ids.institution, ids.emergency],
  ]);
  const opts = { current: Number(current) };
  const [toMember, toInstitution, authorisations] = await Promise.all([
    topicsOf('EhrHub', 'AccessGranted', [null, ids.member]).then((t) =>
      linkedEvents(provider, 'EhrHub', t, heads[0], opts),
    ),
    topicsOf('EhrHub', 'AccessGranted', [null, ids.institution]).then((t) =>
      linkedEvents(provider, 'EhrHub', t, heads[1], opts),
    ),
    // Withdrawals (scopes 0) are emitted with the same topics but are not in the list.
    topicsOf('EhrHub', 'EmergencyInstitutionSet', [null, Number(institutionId)]).then((t) =>
      linkedEvents(provider, 'EhrHub', t, heads[2], { ...opts, listed: (e) => Number(e.args.scopes) !== 0 }),
    ),
  ]);
  const wanted = (e) => !patient || sameAddress(String(e.args.patient), patient);
  const out = [];
  for (const [via, grantee, evs] of [
    ['member', ids.member, toMember],
    ['institution', ids.institution, toInstitution],
  ]) {
    const found = await Promise.all(
      byPatient(evs.filter(wanted)).map(async (entry) => {
        const g = await read(provider, 'EhrHub', 'grantOf', [entry.patient, grantee]);
        return {
          ...entry,
          via,
          grantee,
          scopes: Number(g[0]),
          expiry: Number(g[1]),
          active: g[2] === true && Number(g[0]) !== 0,
        };
      }),
    );
    out.push(...found);
  }
  for (const em of await emergenciesOf(provider, me, institutionId, byPatient(authorisations.filter(wanted))))
    out.push({
      patient: em.patient,
      via: 'emergency',
      payloads: em.payloads,
      scopes: em.scopes,
      expiry: em.until,
      active: true,
    });
  return out;
}

/**
 * Every chart key of `patient` this member was given, registered with the key registry (lock
 * wipes them). Every grant event carries keys (the latest has the newest epochs); all are kept,
 * so older records stay readable as they were when shared. Keys shared with the member open with
 * its own key; keys shared with its institution, or authorised for emergencies, with the
 * institution's group key. Returns { keys, groupKeys: the group key handles (they open records
 * sealed to their readers), noGroupKey: something was shared with the institution but the member
 * holds no group key, emergency: an emergency window of the member on this patient is open }.
 * @param {{ provider: any, me: string, institutionId: number, patient: string, identity: any }} o
 */
export async function openSharedKeys(o) {
  const api = await ehr();
  const all = await sharedWithMe(o.provider, o.me, o.institutionId, { patient: o.patient });
  const keys = [];
  for (const payload of all.filter((p) => p.via === 'member').flatMap((p) => p.payloads)) {
    try {
      for (const k of api.records.grants.open(api.fromHex(hexOf(payload)), o.identity)) keys.push(registerKey(k));
    } catch {
      // a payload for another key of ours (before a key change): skip it
    }
  }
  const out = { keys, groupKeys: [], noGroupKey: false, emergency: all.some((p) => p.via === 'emergency') };
  const group = all.filter((p) => p.via !== 'member').flatMap((p) => p.payloads);
  if (group.length > 0) {
    const { openGroupKeys, openWithGroupKeys } = await import('./group.js');
    const gks = await openGroupKeys(o.provider, o.institutionId, o.identity);
    out.groupKeys = [...gks.values()];
    out.noGroupKey = gks.size === 0;
    keys.push(...(await openWithGroupKeys(group, gks)));
  }
  return out;
}

/**
 * openSharedKeys for the member signed in as session `s` (its account and institution), with its
 * unlocked `keys`.
 * @param {any} provider
 * @param {{ account: string, roles: { member: { institutionId: number } } }} s
 * @param {{ identity: any }} keys
 * @param {string} patient
 */
export const openMemberKeys = (provider, s, keys, patient) =>
  openSharedKeys({
    provider,
    me: s.account,
    institutionId: s.roles.member.institutionId,
    patient,
    identity: keys.identity,
  });

/** The scopes (0..15) in which `me` may write to `patient`'s chart now. */
export async function writableScopes(provider, patient, me) {
  const writable = new Set();
  await Promise.all(
    Array.from({ length: 16 }, async (_, sc) => {
      if ((await read(provider, 'EhrLens', 'canWrite', [patient, me, sc]))[0] === true) writable.add(sc);
    }),
  );
  return writable;
}
