// Public listings rebuilt from the hub's events: institutions (name, kind, jurisdiction are
// emitted, never stored) and members (role, licence, specialty, display name likewise), combined
// with the hub's views for what can change (admin, suspension, membership).
import { events, read, topicsOf } from './contracts.js';

const sameAddr = (a, b) => String(a).toLowerCase() === String(b).toLowerCase();

/**
 * Every institution: { id, kind, name, jurisdiction, admin, suspended, keyVersion }.
 * @param {{ request: Function }} provider
 */
export async function listInstitutions(provider) {
  const added = await events(provider, 'EhrHub', await topicsOf('EhrHub', 'InstitutionAdded'));
  return Promise.all(added.map(async (ev) => {
    const id = Number(ev.args.institutionId);
    const now = await read(provider, 'EhrHub', 'institution', [id]);
    return {
      id,
      kind: Number(ev.args.kind),
      name: ev.args.name,
      jurisdiction: ev.args.jurisdiction,
      admin: now[0],
      suspended: now[2] === true,
      keyVersion: Number(now[4]),
    };
  }));
}

/**
 * Current members of an institution: { address, role, licence, specialty, displayName }, from
 * MemberAdded/MemberRemoved in order, checked against member() (an address may have moved on).
 */
export async function listMembers(provider, institutionId) {
  const [addedTopics, removedTopics] = await Promise.all([
    topicsOf('EhrHub', 'MemberAdded', [institutionId]),
    topicsOf('EhrHub', 'MemberRemoved', [institutionId]),
  ]);
  const [added, removed] = await Promise.all([events(provider, 'EhrHub', addedTopics), events(provider, 'EhrHub', removedTopics)]);
  const all = [...added.map((e) => ({ ...e, added: true })), ...removed.map((e) => ({ ...e, added: false }))]
    .sort((a, b) => a.blockNumber - b.blockNumber || a.logIndex - b.logIndex);
  const current = new Map();
  for (const e of all) {
    const key = String(e.args.member).toLowerCase();
    if (e.added) {
      current.set(key, { address: e.args.member, role: Number(e.args.role), licence: e.args.licence, specialty: e.args.specialty, displayName: e.args.displayName });
    } else {
      current.delete(key);
    }
  }
  const list = [...current.values()];
  const checks = await Promise.all(list.map((m) => read(provider, 'EhrHub', 'member', [m.address])));
  return list.filter((m, i) => Number(checks[i][0]) === institutionId && !sameAddr(m.address, '0x0000000000000000000000000000000000000000'));
}
