// What the connected account is on chain: platform administrator, administrator of institutions,
// member of an institution (doctor, nurse, lab technician), invited to join one, patient. Read from
// the lens's rolesOf (one eth_call, whatever the number of institutions up to 1,000).
import { hasContract, read } from './contracts.js';

export const INSTITUTION_KINDS = { 1: 'Hospital', 2: 'Laboratory', 3: 'Insurer', 4: 'Pharmacy' };
export const MEMBER_ROLES = { 1: 'Doctor', 2: 'Nurse', 3: 'Lab technician' };

/**
 * One EhrLens.rolesOf call; the institutions the account administers are scanned 1,000 ids per
 * call, so past 1,000 institutions one adminOf call per further 1,000 follows.
 * @param {{ request: Function }} provider
 * @param {string} account
 * @returns {Promise<null | { superAdmin: boolean, patient: boolean, patientKeyVersion: number,
 *   member: null | { institutionId: number, role: number, live: boolean }, adminOf: number[],
 *   invitation: null | { institutionId: number, role: number } }>}
 *   null when this build has no hub for the network.
 */
export async function detectRoles(provider, account) {
  if (!hasContract('EhrHub') || !hasContract('EhrLens')) return null;
  const r = (await read(provider, 'EhrLens', 'rolesOf', [account]))[0];
  const adminOf = Array.from(r.adminOf, Number);
  const count = Number(r.institutionCount);
  for (let scanned = Number(r.scanned); scanned < count;) {
    const more = await read(provider, 'EhrLens', 'adminOf', [account, scanned]);
    adminOf.push(...Array.from(more[0], Number));
    if (Number(more[1]) <= scanned) break;
    scanned = Number(more[1]);
  }
  const institutionId = Number(r.institutionId);
  const invitedTo = Number(r.invitedTo);
  return {
    superAdmin: r.superAdmin === true,
    patient: r.patient === true,
    patientKeyVersion: Number(r.patientKeyVersion),
    member: institutionId === 0 ? null : { institutionId, role: Number(r.role), live: r.live === true },
    adminOf,
    // A pending invitation to join an institution (screens/invitation.js): not a membership yet.
    invitation: invitedTo === 0 ? null : { institutionId: invitedTo, role: Number(r.invitedRole) },
  };
}
