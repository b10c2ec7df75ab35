// Public listings rebuilt from the hub's events: institutions (name, kind, jurisdiction are
// emitted, never stored), members and invitations (role, licence, specialty, display name
// likewise), combined with what can change (admin, suspension, group key, membership, member key,
// pending invitation) read page by page from EhrLens: `institutions(offset, count)` and
// `accounts(list)`, one eth_call per 250 institutions or accounts, not one per item.
import { hexOf } from '../format.js';
import { events, read, topicsOf } from './contracts.js';

/** Most institutions or accounts one EhrLens call reads (the lens's page). */
export const DIRECTORY_PAGE = 250;

const sameAddr = (a, b) => String(a).toLowerCase() === String(b).toLowerCase();
const ZERO_ADDRESS = '0x0000000000000000000000000000000000000000';
const byChainOrder = (a, b) => a.blockNumber - b.blockNumber || a.logIndex - b.logIndex;

/** An institution's public name (from InstitutionAdded), or '' when there is none. */
export async function institutionName(provider, institutionId) {
  const added = await events(provider, 'EhrHub', await topicsOf('EhrHub', 'InstitutionAdded', [institutionId]));
  return added.length ? String(added[added.length - 1].args.name) : '';
}

/**
 * A page of institutions as the hub holds them now (EhrLens.institutions, one call):
 * { total, items: [{ id, admin, kind, suspended, groupKey, keyVersion, exposedVersion, grantee }] }.
 */
export async function institutionsPage(provider, offset = 0, count = DIRECTORY_PAGE) {
  const r = await read(provider, 'EhrLens', 'institutions', [offset, Math.min(count, DIRECTORY_PAGE)]);
  return {
    total: Number(r[0]),
    items: Array.from(r[1], (v) => ({
      id: Number(v.institutionId),
      admin: v.institutionAdmin,
      kind: Number(v.kind),
      suspended: v.suspended === true,
      groupKey: v.groupKey,
      keyVersion: Number(v.keyVersion),
      exposedVersion: Number(v.exposedVersion),
      grantee: hexOf(v.grantee).toLowerCase(),
    })),
  };
}

/**
 * Every institution: { id, kind, name, jurisdiction, admin, suspended, groupKey, keyVersion,
 * exposedVersion, grantee }: the names from InstitutionAdded, the rest one page per 250.
 * @param {{ request: Function }} provider
 */
export async function listInstitutions(provider) {
  const [added, first] = await Promise.all([
    topicsOf('EhrHub', 'InstitutionAdded').then((t) => events(provider, 'EhrHub', t)),
    institutionsPage(provider, 0),
  ]);
  const now = [...first.items];
  while (now.length < first.total) {
    const page = await institutionsPage(provider, now.length);
    if (page.items.length === 0) break;
    now.push(...page.items);
  }
  const byId = new Map(now.map((i) => [i.id, i]));
  return added
    .map((ev) => {
      const id = Number(ev.args.institutionId);
      const i = byId.get(id);
      if (!i) return null; // added after the pages were read
      return { ...i, kind: Number(ev.args.kind), name: ev.args.name, jurisdiction: ev.args.jurisdiction };
    })
    .filter(Boolean);
}

/**
 * Membership, own key and pending invitation of accounts (EhrLens.accounts, one call per 250):
 * Map(lower-case address -> { institutionId, role, live, publicKey (hex, null when none),
 * invitedTo, invitedRole, grantee }).
 */
export async function accountsNow(provider, addresses) {
  const out = new Map();
  const list = [...new Set(addresses.map((a) => String(a).toLowerCase()))];
  const pages = [];
  for (let i = 0; i < list.length; i += DIRECTORY_PAGE) pages.push(list.slice(i, i + DIRECTORY_PAGE));
  const answers = await Promise.all(pages.map((p) => read(provider, 'EhrLens', 'accounts', [p])));
  answers.forEach((r, k) =>
    Array.from(r[0]).forEach((v, i) => {
      const key = hexOf(v.memberKey);
      out.set(pages[k][i], {
        institutionId: Number(v.institutionId),
        role: Number(v.role),
        live: v.live === true,
        publicKey: /^0x0{64}$/i.test(key) ? null : key,
        invitedTo: Number(v.invitedTo),
        invitedRole: Number(v.invitedRole),
        grantee: hexOf(v.grantee).toLowerCase(),
      });
    }),
  );
  return out;
}

/**
 * Current members of an institution (every institution when `institutionId` is null): { address,
 * role, licence, specialty, displayName, institutionId, institutionName, live, publicKey (hex or
 * null), grantee }, from MemberAdded/MemberRemoved in order, checked against the hub's membership
 * (an address may have moved on) one page of 250 per call.
 */
export async function listMembers(provider, institutionId) {
  const filter = institutionId == null ? [] : [institutionId];
  const [addedTopics, removedTopics] = await Promise.all([
    topicsOf('EhrHub', 'MemberAdded', filter),
    topicsOf('EhrHub', 'MemberRemoved', filter),
  ]);
  const [added, removed, name] = await Promise.all([
    events(provider, 'EhrHub', addedTopics),
    events(provider, 'EhrHub', removedTopics),
    institutionId == null ? '' : institutionName(provider, institutionId),
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
        institutionId: Number(e.args.institutionId),
        institutionName: name,
      });
    } else if (current.get(key)?.institutionId === Number(e.args.institutionId)) {
      current.delete(key);
    }
  }
  const list = [...current.values()].filter((m) => !sameAddr(m.address, ZERO_ADDRESS));
  const now = await accountsNow(
    provider,
    list.map((m) => m.address),
  );
  return list
    .map((m) => {
      const a = now.get(String(m.address).toLowerCase());
      return { ...m, live: a.live, publicKey: a.publicKey, grantee: a.grantee, institutionIdNow: a.institutionId };
    })
    .filter((m) => m.institutionIdNow === m.institutionId)
    .map(({ institutionIdNow, ...m }) => m);
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
  const now = await accountsNow(
    provider,
    list.map((e) => e.args.account),
  );
  return list
    .filter((e) => {
      const a = now.get(String(e.args.account).toLowerCase());
      return a.invitedTo === institutionId && a.invitedRole === Number(e.args.role);
    })
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
