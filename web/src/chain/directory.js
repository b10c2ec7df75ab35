// Public listings rebuilt from the hub's events: institutions (name, kind, jurisdiction are
// emitted, never stored), members and invitations (role, licence, specialty, display name
// likewise), combined with what can change (admin, suspension, group key, membership, member key,
// pending invitation) read page by page from EhrLens: `institutions(offset, count)` and
// `accounts(list)`, one eth_call per 250 institutions or accounts, not one per item. The pagers
// (institutionPager, memberPager, invitationPager) hand a screen its entries a screenful at a
// time and read the next page of 250 only when the screen reaches it.
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
 * A long list read one source page at a time, for screens that draw a page and offer "Load more".
 * `readPage(offset)` reads the source from `offset` (one eth_call of up to DIRECTORY_PAGE entries)
 * and resolves to { items, read, end, total? }: the entries kept, how many source entries it
 * read, whether the source is exhausted, and the number of entries when the source knows it.
 * next(count) hands out the next `count` entries, reading further source pages only when those
 * read so far run out; calls are served one after the other.
 */
function pager(readPage) {
  const items = [];
  let offset = 0;
  let end = false;
  let total = null;
  let handed = 0;
  let queue = Promise.resolve();
  const next = (count) => {
    const run = queue.then(async () => {
      while (!end && items.length < handed + count) {
        const page = await readPage(offset);
        items.push(...page.items);
        offset += page.read;
        end = page.end || page.read === 0;
        if (page.total != null) total = page.total;
      }
      const out = items.slice(handed, handed + count);
      handed += out.length;
      return out;
    });
    queue = run.catch(() => {});
    return run;
  };
  return {
    next,
    /** Whether entries remain to be handed out. */
    more: () => handed < items.length || !end,
    /** The number of entries: exact once the source is exhausted, else what the source says (or null). */
    total: () => (end ? items.length : total),
  };
}

/**
 * Institutions in the order they were added, a page at a time: `next(count)` resolves to { id,
 * kind, name, jurisdiction, admin, suspended, groupKey, keyVersion, exposedVersion, grantee }; the
 * names from InstitutionAdded (one log query for all, read again only for institutions added
 * since), the rest from EhrLens.institutions, one call per 250 as the pages reach them.
 * @param {{ request: Function }} provider
 */
export function institutionPager(provider) {
  const addedEvents = () => topicsOf('EhrHub', 'InstitutionAdded').then((t) => events(provider, 'EhrHub', t));
  let added = null;
  const named = async (items) => {
    added ??= addedEvents();
    let byId = new Map((await added).map((ev) => [Number(ev.args.institutionId), ev]));
    if (items.some((i) => !byId.has(i.id))) {
      added = addedEvents(); // added after the events were read: only the new blocks are read
      byId = new Map((await added).map((ev) => [Number(ev.args.institutionId), ev]));
    }
    return items
      .filter((i) => byId.has(i.id))
      .map((i) => {
        const ev = byId.get(i.id);
        return { ...i, kind: Number(ev.args.kind), name: ev.args.name, jurisdiction: ev.args.jurisdiction };
      });
  };
  return pager(async (offset) => {
    added ??= addedEvents();
    const page = await institutionsPage(provider, offset);
    return {
      items: await named(page.items),
      read: page.items.length,
      end: offset + page.items.length >= page.total,
      total: page.total,
    };
  });
}

/**
 * Every institution: { id, kind, name, jurisdiction, admin, suspended, groupKey, keyVersion,
 * exposedVersion, grantee }: the names from InstitutionAdded, the rest one page per 250.
 * @param {{ request: Function }} provider
 */
export const listInstitutions = (provider) => institutionPager(provider).next(Infinity);

/**
 * One institution as its administrator's screen heads it: { id, name, kind, suspended } (the hub's
 * institution() and the name from InstitutionAdded).
 */
export async function institutionInfo(provider, institutionId) {
  const [r, name] = await Promise.all([
    read(provider, 'EhrHub', 'institution', [institutionId]),
    institutionName(provider, institutionId),
  ]);
  return { id: institutionId, name, kind: Number(r[1]), suspended: r[2] === true };
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
 * A pager over accounts: `candidates()` (read once, on the first page) lists entries with an
 * `address`; each page of 250 of them is checked in one EhrLens.accounts call, and
 * `keep(entry, account)` returns the entry as listed, or null to leave it out.
 */
function accountsPager(provider, candidates, keep) {
  let list = null;
  return pager(async (offset) => {
    list ??= candidates();
    const all = await list;
    const slice = all.slice(offset, offset + DIRECTORY_PAGE);
    const now = await accountsNow(
      provider,
      slice.map((c) => c.address),
    );
    const items = slice.map((c) => keep(c, now.get(String(c.address).toLowerCase()))).filter(Boolean);
    return { items, read: slice.length, end: offset + slice.length >= all.length };
  });
}

/**
 * Current members of an institution (every institution when `institutionId` is null), a page at a
 * time: `next(count)` resolves to { address, role, licence, specialty, displayName, institutionId,
 * institutionName, live, publicKey (hex or null), grantee }. The candidates come from
 * MemberAdded/MemberRemoved in order (one log query each), each page of 250 of them checked
 * against the hub's membership (an address may have moved on) in one EhrLens.accounts call, as
 * the pages reach them.
 */
export function memberPager(provider, institutionId) {
  return accountsPager(
    provider,
    async () => {
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
      return [...current.values()].filter((m) => !sameAddr(m.address, ZERO_ADDRESS));
    },
    (m, a) =>
      a.institutionId === m.institutionId ? { ...m, live: a.live, publicKey: a.publicKey, grantee: a.grantee } : null,
  );
}

/** Every current member of an institution (of every one when `institutionId` is null), as memberPager. */
export const listMembers = (provider, institutionId) => memberPager(provider, institutionId).next(Infinity);

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
 * Pending invitations of an institution, a page at a time: `next(count)` resolves to { address,
 * institutionId, institutionName, role, licence, specialty, displayName }. The latest
 * MemberInvited of each account (one log query), kept only while invitation() still names this
 * institution and role (accepted, withdrawn, declined or replaced ones go): one EhrLens.accounts
 * call per 250 accounts, as the pages reach them.
 */
export function invitationPager(provider, institutionId) {
  return accountsPager(
    provider,
    async () => {
      const [invited, name] = await Promise.all([
        topicsOf('EhrHub', 'MemberInvited', [institutionId]).then((t) => events(provider, 'EhrHub', t)),
        institutionName(provider, institutionId),
      ]);
      const latest = new Map();
      for (const e of invited.sort(byChainOrder)) latest.set(String(e.args.account).toLowerCase(), e);
      return [...latest.values()].map((e) => invitationOfEvent(e, name));
    },
    (inv, a) => (a.invitedTo === institutionId && a.invitedRole === inv.role ? inv : null),
  );
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
