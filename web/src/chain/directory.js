// Public listings rebuilt from the hub's events: institutions (name, kind, jurisdiction are
// emitted, never stored), members and invitations (role, licence, specialty, display name
// likewise), combined with the hub's views for what can change (admin, suspension, membership,
// pending invitation).
import { events, read, topicsOf } from './contracts.js';

const sameAddr = (a, b) => String(a).toLowerCase() === String(b).toLowerCase();
const ZERO_ADDRESS = '0x0000000000000000000000000000000000000000';
const byChainOrder = (a, b) => a.blockNumber - b.blockNumber || a.logIndex - b.logIndex;

/** An institution's public name (from InstitutionAdded), or '' when there is none. */
export async function institutionName(provider, institutionId) {
  const added = await events(provider, 'EhrHub', await topicsOf('EhrHub', 'InstitutionAdded', [institutionId]));
  return added.length ? String(added[added.length - 1].args.name) : '';
}

/**
 * Every institution: { id, kind, name, jurisdiction, admin, suspended, keyVersion }.
 * @param {{ request: Function }} provider
 */
export async function listInstitutions(provider) {
  const added = await events(provider, 'EhrHub', await topicsOf('EhrHub', 'InstitutionAdded'));
  return Promise.all(
    added.map(async (ev) => {
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
    }),
  );
}

/**
 * Current members of an institution: { address, role, licence, specialty, displayName,
 * institutionId, institutionName }, from MemberAdded/MemberRemoved in order, checked against
 * member() (an address may have moved on).
 */
export async function listMembers(provider, institutionId) {
  const [addedTopics, removedTopics] = await Promise.all([
    topicsOf('EhrHub', 'MemberAdded', [institutionId]),
    topicsOf('EhrHub', 'MemberRemoved', [institutionId]),
  ]);
  const [added, removed, name] = await Promise.all([
    events(provider, 'EhrHub', addedTopics),
    events(provider, 'EhrHub', removedTopics),
    institutionName(provider, institutionId),
  ]);
  const all = [...added.map((e) => ({ ...e, added: true })), ...removed.map((e) => ({ ...e, added: false }))].sort(
    byChainOrder,
  );
  const current = new Map();
  for (const e of all) {
    const key = String(e.args.member).toLowerCase();
    if (e.added) {
      current.set(key, {
        address: e.args.member,
        role: Number(e.args.role),
        licence: e.args.licence,
        specialty: e.args.specialty,
        displayName: e.args.displayName,
        institutionId,
        institutionName: name,
      });
    } else {
      current.delete(key);
    }
  }
  const list = [...current.values()];
  const checks = await Promise.all(list.map((m) => read(provider, 'EhrHub', 'member', [m.address])));
  return list.filter((m, i) => Number(checks[i][0]) === institutionId && !sameAddr(m.address, ZERO_ADDRESS));
}

/** The listing data of a MemberInvited event, with the institution's name. */
const invitationOfEvent = (e, name) => ({
  address: e.args.account,
  institutionId: Number(e.args.institutionId),
  institutionName: name,
  role: Number(e.args.role),
  licence: e.args.licence,
  specialty: e.args.specialty,
  displayName: e.args.displayName,
});

/**
 * Pending invitations of an institution: { address, institutionId, institutionName, role, licence,
 * specialty, displayName }. The latest MemberInvited of each account, kept only while invitation()
 * still names this institution and role (accepted, withdrawn, declined or replaced ones go).
 */
export async function listInvitations(provider, institutionId) {
  const [invited, name] = await Promise.all([
    topicsOf('EhrHub', 'MemberInvited', [institutionId]).then((t) => events(provider, 'EhrHub', t)),
    institutionName(provider, institutionId),
  ]);
  const latest = new Map();
  for (const e of invited.sort(byChainOrder)) latest.set(String(e.args.account).toLowerCase(), e);
  const list = [...latest.values()];
  const now = await Promise.all(list.map((e) => read(provider, 'EhrHub', 'invitation', [e.args.account])));
  return list
    .filter((e, i) => Number(now[i][0]) === institutionId && Number(now[i][1]) === Number(e.args.role))
    .map((e) => invitationOfEvent(e, name));
}

/**
 * The pending invitation of an account, or null: what invitation() says, with the licence,
 * specialty and display name of the latest matching MemberInvited event (acceptMembership must
 * repeat them exactly) and the institution's name, kind and suspension.
 */
export async function invitationOf(provider, account) {
  const now = await read(provider, 'EhrHub', 'invitation', [account]);
  const institutionId = Number(now[0]);
  if (institutionId === 0) return null;
  const [invited, name, inst] = await Promise.all([
    topicsOf('EhrHub', 'MemberInvited', [institutionId, account]).then((t) => events(provider, 'EhrHub', t)),
    institutionName(provider, institutionId),
    read(provider, 'EhrHub', 'institution', [institutionId]),
  ]);
  const matching = invited.filter((e) => Number(e.args.role) === Number(now[1])).sort(byChainOrder);
  if (matching.length === 0) return null;
  return {
    ...invitationOfEvent(matching[matching.length - 1], name),
    kind: Number(inst[1]),
    suspended: inst[2] === true,
  };
}
