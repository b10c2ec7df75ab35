// The clinician's side of sharing: the patients who granted this member, or its institution,
// access (from the AccessGranted events addressed to their grantee ids), those it opened
// emergency access to, the chart keys all of those carry for one patient, and the scopes it may
// write in a patient's chart.
import { ehr } from '../module.js';
import { hexOf, sameAddress } from '../format.js';
import { registerKey } from '../key-registry.js';
import { read, events, topicsOf } from '../chain/contracts.js';
import { emergenciesOf } from './emergency.js';

/** The grantee ids (hex) of a member and of its institution: { member, institution }. */
export async function granteeIdsOf(provider, me, institutionId) {
  return {
    member: hexOf((await read(provider, 'EhrHub', 'memberGrantee', [me]))[0]),
    institution: hexOf((await read(provider, 'EhrHub', 'institutionGrantee', [institutionId]))[0]),
  };
}

/**
 * Patients who ever granted this member, or its institution, access, and those it opened emergency
 * access to: [{ patient, via: 'member' | 'institution' | 'emergency', scopes, expiry, active,
 * payloads }]. Payloads to the member open with its own key; the others with the group key.
 */
export async function sharedWithMe(provider, me, institutionId) {
  const out = [];
  const ids = await granteeIdsOf(provider, me, institutionId);
  for (const [via, grantee] of [
    ['member', ids.member],
    ['institution', ids.institution],
  ]) {
    const evs = await events(provider, 'EhrHub', await topicsOf('EhrHub', 'AccessGranted', [null, grantee]));
    const byPatient = new Map();
    for (const e of evs) {
      const p = String(e.args.patient);
      if (!byPatient.has(p.toLowerCase())) byPatient.set(p.toLowerCase(), { patient: p, payloads: [] });
      byPatient.get(p.toLowerCase()).payloads.push(e.args.wrappedKeys);
    }
    for (const entry of byPatient.values()) {
      const g = await read(provider, 'EhrHub', 'grantOf', [entry.patient, grantee]);
      out.push({
        ...entry,
        via,
        grantee,
        scopes: Number(g[0]),
        expiry: Number(g[1]),
        active: g[2] === true && Number(g[0]) !== 0,
      });
    }
  }
  for (const em of await emergenciesOf(provider, me))
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
  const all = (await sharedWithMe(o.provider, o.me, o.institutionId)).filter((p) => sameAddress(p.patient, o.patient));
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
