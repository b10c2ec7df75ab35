// What the connected account is on chain: platform administrator, administrator of institutions,
// member of an institution (doctor, nurse, lab technician), invited to join one, patient. Read from
// the hub's views.
import { sameAddress } from '../format.js';
import { hasContract, read } from './contracts.js';

export const INSTITUTION_KINDS = { 1: 'Hospital', 2: 'Laboratory', 3: 'Insurer', 4: 'Pharmacy' };
export const MEMBER_ROLES = { 1: 'Doctor', 2: 'Nurse', 3: 'Lab technician' };

const MAX_SCAN = 500;

/**
 * @param {{ request: Function }} provider
 * @param {string} account
 * @returns {Promise<null | { superAdmin: boolean, patient: boolean,
 *   member: null | { institutionId: number, role: number, live: boolean }, adminOf: number[],
 *   invitation: null | { institutionId: number, role: number } }>}
 *   null when this build has no hub for the network.
 */
export async function detectRoles(provider, account) {
  if (!hasContract('EhrHub')) return null;
  const [admin, m, patient, count, inv] = await Promise.all([
    read(provider, 'EhrHub', 'admin'),
    read(provider, 'EhrHub', 'member', [account]),
    read(provider, 'EhrHub', 'isPatient', [account]),
    read(provider, 'EhrHub', 'institutionCount'),
    read(provider, 'EhrHub', 'invitation', [account]),
  ]);
  const n = Math.min(Number(count[0]), MAX_SCAN);
  const ids = Array.from({ length: n }, (_, i) => i + 1);
  const insts = await Promise.all(ids.map((id) => read(provider, 'EhrHub', 'institution', [id])));
  return {
    superAdmin: sameAddress(admin[0], account),
    patient: patient[0] === true,
    member: Number(m[0]) === 0 ? null : { institutionId: Number(m[0]), role: Number(m[1]), live: m[2] === true },
    adminOf: ids.filter((id, i) => sameAddress(insts[i][0], account)),
    // A pending invitation to join an institution (screens/invitation.js): not a membership yet.
    invitation: Number(inv[0]) === 0 ? null : { institutionId: Number(inv[0]), role: Number(inv[1]) },
  };
}
