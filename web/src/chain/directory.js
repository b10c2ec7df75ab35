// The public directory: institutions (name, kind, jurisdiction are emitted, never stored),
// members and pending invitations (role, licence, specialty, display name likewise), with what can
// change (admin, suspension, group key, membership, member key, pending invitation). What is stored
// is read page by page from EhrLens, one eth_call per 250 entries: `institutions(offset, count)`
// and `roster(...)` (the hub keeps each institution's members and pending invitations as lists).
// What is only emitted is read where the hub says it is: each entry carries the block of its
// listing (InstitutionAdded, MemberAdded, MemberInvited), and a page reads one eth_getLogs per
// distinct block of its entries (fromBlock = toBlock, kept for the session), so no list grows with
// the chain's length. The pagers (institutionPager, memberPager, invitationPager)
// hand a screen its entries a screenful at a time and read the next page of 250 only when the
// screen reaches it.
import { hexOf } from '../format.js';
import { eventsInBlock, read, topicsOf } from './contracts.js';

/** Most institutions or accounts one EhrLens call reads (the lens's page). */
export const DIRECTORY_PAGE = 250;

const word = (v) => `0x${BigInt(v).toString(16).padStart(64, '0')}`;
const oneOrMany = (list) => (list.length === 1 ? list[0] : list);

/**
 * The listing events of `entries` ({ block, ... }): one eth_getLogs per distinct block (fromBlock =
 * toBlock; kept for the session once `current` is a few blocks past it), with topics [event,
 * institution ids, accounts] narrowed to the entries of that block. Map(key(event) -> the latest
 * matching event of its block).
 */
async function listingsAt(provider, event, entries, { current, topicsFor, key }) {
  const topic = (await topicsOf('EhrHub', event))[0];
  const byBlock = new Map();
  for (const e of entries) if (e.block > 0) byBlock.set(e.block, [...(byBlock.get(e.block) ?? []), e]);
  const out = new Map();
  await Promise.all(
    [...byBlock].map(async ([b, list]) => {
      for (const ev of await eventsInBlock(provider, 'EhrHub', [topic, ...topicsFor(list)], b, { current }))
        out.set(key(ev), ev); // oldest first: the latest of the block stays
    }),
  );
  return out;
}

/** Names (InstitutionAdded: name, jurisdiction, kind) of institutions { id, block }: Map(id -> event args). */
async function institutionListings(provider, list, current) {
  const found = await listingsAt(provider, 'InstitutionAdded', list, {
    current,
    topicsFor: (l) => [oneOrMany([...new Set(l.map((i) => word(i.id)))])],
    key: (ev) => Number(ev.args.institutionId),
  });
  return new Map([...found].map(([id, ev]) => [id, ev.args]));
}

/** An institution's public name (from its InstitutionAdded, found by its listing block), or '' when there is none. */
export async function institutionName(provider, institutionId) {
  const [current, , [block]] = await read(provider, 'EhrLens', 'nameBlocks', [[], [institutionId]]);
  const found = await institutionListings(
    provider,
    [{ id: Number(institutionId), block: Number(block) }],
    Number(current),
  );
  return found.has(Number(institutionId)) ? String(found.get(Number(institutionId)).name) : '';
}

/**
 * A page of institutions as the hub holds them now (EhrLens.institutions, one call):
 * { total, items: [{ id, admin, kind, suspended, groupKey, keyVersion, exposedVersion, grantee,
 * block }] } (block: where its InstitutionAdded is).
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
      block: Number(v.listedBlock),
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
 * kind, name, jurisdiction, admin, suspended, groupKey, keyVersion, exposedVersion, grantee }: one
 * EhrLens.institutions call per 250, and their names from the blocks of their InstitutionAdded
 * (one eth_getLogs per distinct block), as the pages reach them.
 * @param {{ request: Function }} provider
 */
export function institutionPager(provider) {
  return pager(async (offset) => {
    const page = await institutionsPage(provider, offset);
    const names = await institutionListings(provider, page.items);
    const items = page.items
      .filter((i) => names.has(i.id))
      .map(({ block, ...i }) => {
        const ev = names.get(i.id);
        return { ...i, kind: Number(ev.kind), name: String(ev.name), jurisdiction: String(ev.jurisdiction) };
      });
    return { items, read: page.items.length, end: offset + page.items.length >= page.total, total: page.total };
  });
}

/**
 * Every institution: { id, kind, name, jurisdiction, admin, suspended, groupKey, keyVersion,
 * exposedVersion, grantee }, as institutionPager reads them.
 * @param {{ request: Function }} provider
 */
export const listInstitutions = (provider) => institutionPager(provider).next(Infinity);

/**
 * One institution as its administrator's screen heads it: { id, name, kind, suspended } (the hub's
 * institution() and the name from its InstitutionAdded).
 */
export async function institutionInfo(provider, institutionId) {
  const [r, name] = await Promise.all([
    read(provider, 'EhrHub', 'institution', [institutionId]),
    institutionName(provider, institutionId),
  ]);
  return { id: institutionId, name, kind: Number(r[1]), suspended: r[2] === true };
}

/**
 * A roster read page by page (EhrLens.roster: one eth_call per 250 entries, never the chain's
 * history): the current members (`pending` false) or pending invitations (`pending` true) of
 * institution `institutionId`, or of every institution when it is null; each page's listings
 * (MemberAdded or MemberInvited: licence, specialty, display name) from their blocks, one
 * eth_getLogs per distinct block. `listings: false` leaves them out (an entry then has the role,
 * keys and grantee only).
 */
function rosterPager(provider, { institutionId, pending, listings = true }) {
  const single = institutionId != null;
  let cursor = [single ? institutionId : 1, 0];
  const names = new Map();
  const nameOf = async (id) => {
    if (!names.has(id))
      names.set(
        id,
        institutionName(provider, id).catch(() => ''),
      );
    return names.get(id);
  };
  return pager(async () => {
    const r = await read(provider, 'EhrLens', 'roster', [...cursor, DIRECTORY_PAGE, pending, single]);
    const current = Number(r[0]);
    const entries = Array.from(r[2], (v) => {
      const key = hexOf(v.memberKey);
      return {
        address: v.account,
        institutionId: Number(v.institutionId),
        role: Number(v.role),
        live: v.live === true,
        publicKey: pending || /^0x0{64}$/i.test(key) ? null : key,
        grantee: hexOf(v.grantee).toLowerCase(),
        block: Number(v.listedBlock),
      };
    });
    cursor = [Number(r[3]), Number(r[4])];
    const end = cursor[0] === 0;
    const total = single ? Number(r[1]) : undefined;
    if (!listings) return { items: entries.map(({ block, ...e }) => e), read: entries.length, end, total };
    const found = await listingsAt(provider, pending ? 'MemberInvited' : 'MemberAdded', entries, {
      current,
      topicsFor: (l) => [
        oneOrMany([...new Set(l.map((e) => word(e.institutionId)))]),
        oneOrMany(l.map((e) => word(e.address))),
      ],
      key: (ev) => `${Number(ev.args.institutionId)}:${String(ev.args[1]).toLowerCase()}`,
    });
    const items = [];
    for (const { block, ...e } of entries) {
      const ev = found.get(`${e.institutionId}:${String(e.address).toLowerCase()}`);
      if (!ev || Number(ev.args.role) !== e.role) continue; // a listing the endpoint did not return
      items.push({
        ...e,
        licence: String(ev.args.licence),
        specialty: String(ev.args.specialty),
        displayName: String(ev.args.displayName),
        institutionName: single ? await nameOf(e.institutionId) : '',
      });
    }
    return { items, read: entries.length, end, total };
  });
}

/**
 * Current members of an institution (of every institution when `institutionId` is null), a page at
 * a time: `next(count)` resolves to { address, role, licence, specialty, displayName,
 * institutionId, institutionName ('' for every institution), live, publicKey (hex or null),
 * grantee }, in the hub's roster order (rosterPager). `{ listings: false }`: without licence,
 * specialty and display name (no log query).
 * @param {{ request: Function }} provider
 * @param {number | null} institutionId
 * @param {{ listings?: boolean }} [opts]
 */
export const memberPager = (provider, institutionId, opts = {}) =>
  rosterPager(provider, { institutionId, pending: false, ...opts });

/** Every current member of an institution (of every one when `institutionId` is null), as memberPager. */
export const listMembers = (provider, institutionId, opts) => memberPager(provider, institutionId, opts).next(Infinity);

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
 * institutionId, institutionName, role, licence, specialty, displayName }, from the hub's list of
 * the institution's pending invitations (rosterPager): accepted, withdrawn, declined or replaced
 * ones are not in it.
 */
export const invitationPager = (provider, institutionId) => rosterPager(provider, { institutionId, pending: true });

/**
 * The pending invitation of an account, or null: what invitation() says, with the licence,
 * specialty and display name of its MemberInvited (acceptMembership must repeat them exactly; one
 * eth_getLogs of the block invitation() names) and the institution's name, kind and suspension.
 */
export async function invitationOf(provider, account) {
  const now = await read(provider, 'EhrHub', 'invitation', [account]);
  const institutionId = Number(now[0]);
  if (institutionId === 0) return null;
  const [invited, name, inst] = await Promise.all([
    topicsOf('EhrHub', 'MemberInvited', [institutionId, account]).then((t) =>
      eventsInBlock(provider, 'EhrHub', t, Number(now[2])),
    ),
    institutionName(provider, institutionId),
    read(provider, 'EhrHub', 'institution', [institutionId]),
  ]);
  const matching = invited.filter((e) => Number(e.args.role) === Number(now[1]));
  if (matching.length === 0) return null;
  return {
    ...invitationOfEvent(matching[matching.length - 1], name),
    kind: Number(inst[1]),
    suspended: inst[2] === true,
  };
}
