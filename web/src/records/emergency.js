// Emergency ("break-glass") access (docs/record-format.md): a patient authorises an institution
// with the chosen categories' keys sealed to its group key; a member opens a time-boxed window
// with a reason and reads with those keys. Here: the authorisation's payload, the windows open on
// a chart, and a member's window on one.
import { read, events, topicsOf } from '../chain/contracts.js';
import { groupKeyOf } from './group.js';
import { sealCurrentKeys } from './renewal.js';
import { isZeroKey, latestPerParty } from './access-rules.js';

/**
 * The keys an emergency authorisation of institution `institutionId` carries (the patient's
 * current keys of `scopes`, sealed to its group key), or null when the institution has no group
 * key yet: its clinicians would open emergency access and read nothing (the contract refuses it).
 */
export async function emergencyPayload(provider, patient, chartRoot, institutionId, scopes) {
  const { publicKey } = await groupKeyOf(provider, institutionId);
  if (isZeroKey(publicKey)) return null;
  return sealCurrentKeys(provider, patient, chartRoot, publicKey, scopes);
}

/**
 * The emergency windows open now on a patient's chart: [{ member, institutionId, scopes, until }],
 * newest opening first; scopes from the authorisations in force (`authorised`, listGrants rows).
 */
export async function openEmergencyWindows(provider, patient, authorised) {
  const opened = await events(provider, 'EhrHub', await topicsOf('EhrHub', 'EmergencyAccessOpened', [patient]));
  const out = [];
  for (const ev of latestPerParty(opened, (e) => e.args.member)) {
    const member = String(ev.args.member);
    const st = await read(provider, 'EhrHub', 'emergencyAccess', [patient, member]);
    if (st[3] !== true) continue;
    out.push({
      member,
      institutionId: Number(st[1]),
      scopes: authorised.find((g) => g.institutionId === Number(st[1]))?.scopes ?? 0,
      until: Number(st[0]),
    });
  }
  return out;
}

/**
 * A member's emergency access to a patient: { active, until, scopes, payloads } where payloads are
 * the patient's authorisations of the member's institution (keys sealed to its group key).
 */
export async function emergencyOf(provider, patient, me) {
  const [until, institutionId, , active] = await read(provider, 'EhrHub', 'emergencyAccess', [patient, me]);
  if (active !== true) return { active: false, until: Number(until), scopes: 0, payloads: [] };
  const scopes = Number((await read(provider, 'EhrHub', 'emergencyScopes', [patient, institutionId]))[0]);
  const set = await events(
    provider,
    'EhrHub',
    await topicsOf('EhrHub', 'EmergencyInstitutionSet', [patient, Number(institutionId)]),
  );
  return { active: true, until: Number(until), scopes, payloads: set.map((e) => e.args.wrappedKeys) };
}

/** The windows member `me` opened that are still open: [{ patient, until, scopes, payloads }]. */
export async function emergenciesOf(provider, me) {
  const opened = await events(provider, 'EhrHub', await topicsOf('EhrHub', 'EmergencyAccessOpened', [null, me]));
  const out = [];
  for (const ev of latestPerParty(opened, (e) => e.args.patient)) {
    const patient = String(ev.args.patient);
    const em = await emergencyOf(provider, patient, me);
    if (em.active) out.push({ patient, until: em.until, scopes: em.scopes, payloads: em.payloads });
  }
  return out;
}
