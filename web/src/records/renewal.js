// Keeping shared keys current on the patient's side (docs/record-format.md, "Institutions" and
// "Ending access"): which grants are listed where, whether an institution's group key changed
// (or is known to a member who left) since keys were sealed to it, sealing the patient's current
// keys to a public key, sealing them again to an institution's new group key, and moving the
// patient to a new key version. Settling and re-sharing themselves are in access.js.
import { ehr } from '../module.js';
import { hexOf } from '../format.js';
import { read, write } from '../chain/contracts.js';
import { rotateKeys } from './account-keys.js';
import { GRANTEE_TAG, pendingScopes } from './access.js';
import { epochsOf } from './chart.js';
import { groupKeyOf } from './group.js';
import { sealedToOlderKey } from './access-rules.js';

/**
 * A patient's grants (records/access.js listGrants) as the Access screen lists them: `grants` in
 * force (emergency authorisations apart), `ended` (no longer in force), `authorised` (emergency
 * authorisations in force).
 */
export function splitGrants(all) {
  return {
    grants: all.filter((g) => g.tag !== GRANTEE_TAG.EMERGENCY && g.inForce),
    ended: all.filter((g) => !g.inForce),
    authorised: all.filter((g) => g.tag === GRANTEE_TAG.EMERGENCY && g.inForce),
  };
}

/** An institution's group key: { version, publicKey (hex), exposedVersion } (exposed: a member who left knew it). */
export async function groupKeyExposure(provider, institutionId) {
  const [g, ex] = await Promise.all([
    groupKeyOf(provider, institutionId),
    read(provider, 'EhrHub', 'exposedKeyVersion', [institutionId]),
  ]);
  return { ...g, exposedVersion: Number(ex[0]) };
}

/**
 * The group key in force, for its administrator: { version, exposed } where exposed says that a
 * removed member knew it (nothing more is sealed to it; sharing it again serves nobody).
 */
export async function groupKeyState(provider, institutionId) {
  const g = await groupKeyExposure(provider, institutionId);
  return { version: g.version, exposed: g.version > 0 && g.exposedVersion >= g.version };
}

/**
 * For a grant to an institution (nothing for others): { waitingForKey } when its keys were
 * withheld and the group key in force is still the exposed one (the institution must rotate
 * first), else { staleKey } when the institution published a new group key after the grant.
 */
export async function institutionGrantState(provider, patient, g) {
  if (g.tag !== GRANTEE_TAG.INSTITUTION) return {};
  if (!g.keysCurrent) {
    const k = await groupKeyExposure(provider, g.institutionId);
    return { waitingForKey: k.version <= k.exposedVersion };
  }
  return { staleKey: await rotatedSinceSealed(provider, g) };
}

/** Whether an emergency authorisation must be renewed: keys withheld, or a new group key since. */
export async function emergencyAuthorisationStale(provider, patient, g) {
  return !g.keysCurrent || (await rotatedSinceSealed(provider, g));
}

/**
 * Whether the institution of grant `g` (listGrants row) published a new group key after the
 * grant's keys were sealed: its standing is the version they were sealed to (one call).
 */
async function rotatedSinceSealed(provider, g) {
  const { version } = await groupKeyOf(provider, g.institutionId);
  return sealedToOlderKey(g.standing, version);
}

/** The patient's current keys of `scopes` (epochs in force), sealed to `publicKey` (hex or bytes). */
export async function sealCurrentKeys(provider, patient, chartRoot, publicKey, scopes) {
  const api = await ehr();
  return api.records.grants.create(chartRoot, api.fromHex(hexOf(publicKey)), scopes, await epochsOf(provider, patient));
}

/**
 * Whether renewing a grant goes through settling (its keys were withheld, or some end of access
 * is pending: the contract advanced the epochs already) rather than revoke-then-grant-again.
 */
export async function renewBySettling(provider, patient, g) {
  return !g.keysCurrent || (await pendingScopes(provider, patient)) !== 0;
}

/**
 * Seals the patient's current keys of a grant's scopes to its institution's group key in force
 * and records them: grantAccess for a grant, setEmergencyInstitution for an emergency
 * authorisation. `onStage('write')` comes before the transaction.
 * @param {{ provider: any, from: string, patient: string, chartRoot: any, grant: any,
 *   onStage?: (stage: string) => void }} o
 */
export async function sealAgainToInstitution(o) {
  const g = o.grant;
  const { publicKey } = await groupKeyOf(o.provider, g.institutionId);
  const payload = await sealCurrentKeys(o.provider, o.patient, o.chartRoot, publicKey, g.scopes);
  o.onStage?.('write');
  if (g.tag === GRANTEE_TAG.EMERGENCY)
    return write(o.provider, o.from, 'EhrHub', 'setEmergencyInstitution', [g.institutionId, g.scopes, payload]);
  return write(o.provider, o.from, 'EhrHub', 'grantAccess', [g.grantee, g.scopes, g.expiry, payload]);
}

/** Moves the patient to a new key version, published on chain (rotatePatientKey); returns the keys. */
export function rotatePatientKeys(provider, account) {
  return rotateKeys(provider, account, (publicKey) =>
    write(provider, account, 'EhrHub', 'rotatePatientKey', [publicKey]),
  );
}
