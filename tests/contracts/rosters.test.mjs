// Rosters (contracts/README.md "Rosters"): the hub keeps, per institution, the list of its current
// members and the list of its pending invitations, read by index (`rosterAt`) and in pages across
// institutions (`EhrLens.roster`), never rebuilt from the chain's history. Each entry names the
// block of its listing (a member's latest `MemberAdded`, an invitation's `MemberInvited`), where
// one eth_getLogs of that block finds the name, licence and specialty. A removal moves the last
// entry into the freed place, so the lists are in no particular order. These tests hold the lists
// to an off-chain model through a seeded random run of invitations, acceptances, refusals and
// removals, and check the listing blocks, the cursor across institutions and the moves.
//
// EHR_SEED=<n> replays a run of the model test.
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { Contract, Interface, JsonRpcProvider, Wallet, ZeroAddress, ZeroHash, toBeHex, zeroPadValue } from 'ethers';
import { readArtifact } from '../../contracts/build.mjs';
import { KIND, ROLE, enrol, expectRevert, logsOf, memberGrantee, randomKey, send, useChain } from './helpers.mjs';
import { mulberry32 } from '../lib/prng.mjs';
import { sendAll } from '../lib/bulk-send.mjs';

const hooks = { before, after, beforeEach, afterEach };
const SEED = Number(process.env.EHR_SEED ?? Math.floor(Math.random() * 2 ** 31));
const STEPS = 150;
const PAGE = 250; // EhrLens: most entries per call
const SCAN = 1000; // EhrLens: most institutions passed per call
const SPECIALTIES = ['Cardiology', 'Emergency', 'Haematology', 'Pathology', 'Pharmacology', ''];

/** Three institutions, each with its own admin; ten accounts to invite; more wallets for extra institutions. */
async function rosterFixture(ctx) {
  const w = ctx.wallets;
  const kinds = [KIND.HOSPITAL, KIND.LAB, KIND.PHARMACY];
  for (const [i, kind] of kinds.entries()) {
    await send(ctx.hub(w[0]).addInstitution(kind, `Roster Institution ${i + 1}`, 'XX', w[i + 1].address));
  }
  return {
    superAdmin: w[0],
    institutions: [1, 2, 3],
    admins: { 1: w[1], 2: w[2], 3: w[3] },
    people: w.slice(4, 14),
    spare: w.slice(14),
  };
}

const idTopic = (id) => toBeHex(id, 32);
const accountTopic = (account) => zeroPadValue(account, 32);
const byAccount = (a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/** The parsed logs of `event` with `topics` in exactly block `b` (fromBlock = toBlock). */
const logsAt = (ctx, event, topics, b) => logsOf(ctx, event, topics, b, b);

/** Every entry of one list read with `rosterAt`, in list order: [account, listedAt], and the length. */
async function listOf(ctx, id, pending) {
  const [length] = await ctx.hub().rosterAt(id, pending, 0);
  const rows = await Promise.all(Array.from({ length: Number(length) }, (_, i) => ctx.hub().rosterAt(id, pending, i)));
  for (const [n] of rows) assert.equal(n, length, 'every index reports the same length');
  return rows.map(([, account, listedAt]) => [account, Number(listedAt)]);
}

/** An EhrLens.RosterView as plain values. */
const plain = (v) => ({
  account: v.account,
  institutionId: Number(v.institutionId),
  role: Number(v.role),
  live: v.live,
  memberKey: v.memberKey,
  listedBlock: Number(v.listedBlock),
  grantee: v.grantee,
});

/**
 * EhrLens.roster as plain values, read by output name: the current block, the first
 * institution's total, the entries and where the next page starts ([0, 0] at the end).
 */
async function rosterPage(ctx, institutionId, index, count, pending, single) {
  const r = await ctx.lens().roster(institutionId, index, count, pending, single);
  return {
    current: Number(r.current),
    total: Number(r.total),
    page: r.page.map(plain),
    next: [Number(r.nextInstitution), Number(r.nextIndex)],
  };
}

/**
 * A read-only view of the chain (`hub()`, `lens()`, `provider`, as ctx has) over a provider that
 * sends the calls of one tick to anvil in one JSON-RPC batch, so a full check stays quick.
 */
async function batchReader(ctx) {
  const provider = new JsonRpcProvider(ctx.anvil.rpcUrl, ctx.chainId, {
    staticNetwork: true,
    batchMaxCount: 1000,
    batchStallTime: 2,
    cacheTimeout: -1,
  });
  const hub = new Contract(ctx.addresses.EhrHub, (await readArtifact('EhrHub')).abi, provider);
  const lens = new Contract(ctx.addresses.EhrLens, (await readArtifact('EhrLens')).abi, provider);
  return { provider, hub: () => hub, lens: () => lens, destroy: () => provider.destroy() };
}

// ------------------------------------------------------------------ the model

/**
 * What the rosters should hold: members and pending invitations with the block of their listing,
 * the members' own keys (kept after they leave, as the hub keeps them) and the suspensions. Each
 * method predicts a call's outcome: the custom error [name, args] it must revert with, or null.
 */
class RosterModel {
  constructor(admins) {
    this.admins = admins; // id -> admin address
    this.members = new Map(); // account -> { inst, role, block }
    this.invites = new Map(); // account -> { inst, role, listing, block }
    this.keys = new Map(); // account -> own X25519 key
    this.suspended = new Set();
    this.removed = new Set(); // accounts that left and have not joined again
  }

  list(id, pending) {
    const from = pending ? this.invites : this.members;
    return [...from]
      .filter(([, e]) => e.inst === id)
      .map(([a, e]) => [a, e.block])
      .sort(byAccount);
  }

  account(a) {
    const m = this.members.get(a);
    const inv = this.invites.get(a);
    return {
      account: a,
      member: m ? [m.inst, m.role, !this.suspended.has(m.inst)] : [0, 0, false],
      memberKey: this.keys.get(a) ?? ZeroHash,
      invitation: inv ? [inv.inst, inv.role, inv.block] : [0, 0, 0],
    };
  }

  invite(id, by, who) {
    if (by !== this.admins[id]) return ['NotInstitutionAdmin', [id, by]];
    if (this.suspended.has(id)) return ['InstitutionIsSuspended', [id]];
    if (this.members.has(who)) return ['AlreadyMember', [who, this.members.get(who).inst]];
    return null;
  }

  accept(who, id, role, listing) {
    const inv = this.invites.get(who);
    if (!inv || inv.inst !== id || inv.role !== role || inv.listing.join('\n') !== listing.join('\n')) {
      return ['NoInvitation', [who, id]];
    }
    if (this.suspended.has(id)) return ['InstitutionIsSuspended', [id]];
    return null;
  }

  cancel(who, by) {
    const inv = this.invites.get(who);
    if (!inv) return ['NoInvitation', [who, 0]];
    if (by !== who && by !== this.admins[inv.inst]) return ['NotAuthorized', [by]];
    return null;
  }

  remove(id, by, who) {
    if (by !== this.admins[id]) return ['NotInstitutionAdmin', [id, by]];
    if (this.members.get(who)?.inst !== id) return ['NotMemberOf', [who, id]];
    return null;
  }

  setKey(who) {
    return this.members.has(who) ? null : ['NotMember', [who]];
  }
}

// ------------------------------------------------------------------ chain against model

/**
 * Checks every list of every institution against the model: `rosterAt` at each index and past
 * the end, `invitation`, `member` and `memberKey` of every account, and `EhrLens.roster` of each
 * list (one institution, then all of them) against those views.
 */
async function checkAll(ctx, f, model, grantees, label) {
  const hub = ctx.hub();
  const people = f.people.map((w) => w.address);
  const lists = f.institutions.flatMap((id) => [false, true].map((pending) => ({ id, pending })));
  for (const l of lists) l.expected = model.list(l.id, l.pending);
  const [head, accountRows, listRows, pages, across, outside] = await Promise.all([
    ctx.provider.getBlockNumber(),
    Promise.all(people.map((a) => Promise.all([hub.member(a), hub.memberKey(a), hub.invitation(a)]))),
    Promise.all(
      lists.map((l) =>
        Promise.all(Array.from({ length: l.expected.length + 1 }, (_, i) => hub.rosterAt(l.id, l.pending, i))),
      ),
    ),
    Promise.all(lists.map((l) => rosterPage(ctx, l.id, 0, PAGE, l.pending, true))),
    Promise.all([false, true].map((pending) => rosterPage(ctx, 0, 0, PAGE, pending, false))),
    Promise.all([
      hub.rosterAt(0, false, 0),
      hub.rosterAt(0, true, 0),
      hub.rosterAt(f.institutions.length + 1, false, 0),
      hub.rosterAt(f.institutions.length + 1, true, 0),
    ]),
  ]);

  // Accounts: membership, own key, invitation.
  const views = new Map();
  const actualAccounts = people.map((a, k) => {
    const [m, memberKey, inv] = accountRows[k];
    const v = { account: a, member: [Number(m[0]), Number(m[1]), m[2]], memberKey, invitation: [...inv].map(Number) };
    views.set(a, v);
    return v;
  });
  assert.deepEqual(
    actualAccounts,
    people.map((a) => model.account(a)),
    `${label}: member / memberKey / invitation`,
  );

  // Lists by index: the model's entries (order free), the length at every index, zeros past the end.
  const lensExpected = new Map();
  lists.forEach((l, k) => {
    const rows = listRows[k];
    const n = l.expected.length;
    const what = `${label}: institution ${l.id} ${l.pending ? 'invitations' : 'members'}`;
    assert.deepEqual(
      {
        length: rows.map(([length]) => Number(length)),
        entries: rows
          .slice(0, n)
          .map(([, account, listedAt]) => [account, Number(listedAt)])
          .sort(byAccount),
        pastEnd: [rows[n][1], Number(rows[n][2])],
      },
      { length: Array(n + 1).fill(n), entries: l.expected, pastEnd: [ZeroAddress, 0] },
      `${what}: rosterAt`,
    );
    // The lens lists the same entries in the same order, with what member / memberKey /
    // invitation / memberGrantee say of each account.
    const expected = rows.slice(0, n).map(([, account, listedAt]) => {
      const v = views.get(account);
      return {
        account,
        institutionId: l.id,
        role: l.pending ? v.invitation[1] : v.member[1],
        live: l.pending ? false : v.member[2],
        memberKey: l.pending ? ZeroHash : v.memberKey,
        listedBlock: Number(listedAt),
        grantee: grantees.get(account),
      };
    });
    lensExpected.set(`${l.id}:${l.pending}`, expected);
    assert.deepEqual(
      pages[k],
      { current: head, total: n, page: expected, next: [0, 0] },
      `${what}: EhrLens.roster (single)`,
    );
  });

  // Across institutions: institution 1's list, then 2's, then 3's, in one page.
  [false, true].forEach((pending, k) => {
    assert.deepEqual(
      across[k],
      {
        current: head,
        total: model.list(1, pending).length,
        page: f.institutions.flatMap((id) => lensExpected.get(`${id}:${pending}`)),
        next: [0, 0],
      },
      `${label}: EhrLens.roster across institutions (${pending ? 'invitations' : 'members'})`,
    );
  });

  // No institution 0, and an unknown id: empty lists.
  assert.deepEqual(
    outside.map(([length, account, listedAt]) => [Number(length), account, Number(listedAt)]),
    Array(4).fill([0, ZeroAddress, 0]),
    `${label}: institution 0 and an unknown institution list nothing`,
  );
}

/** Seeded random choices. */
function prng(seed) {
  const next = mulberry32(seed);
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = (arr) => arr[Math.floor(next() * arr.length)];
  const chance = (p) => next() < p;
  const weighted = (options) => {
    const live = options.filter(([, w]) => w > 0);
    let r = next() * live.reduce((s, [, w]) => s + w, 0);
    for (const [name, w] of live) if ((r -= w) < 0) return name;
    return live.at(-1)[0];
  };
  return { next, int, pick, chance, weighted };
}

describe('Rosters of members and invitations', () => {
  const s = useChain(hooks, { fixture: rosterFixture });

  it(`keeps every institution’s lists as the model says, after every call (${STEPS} random calls)`, async (t) => {
    const { ctx, f } = s;
    console.log(`# seed ${SEED} (replay with EHR_SEED=${SEED})`);
    t.diagnostic(`seed ${SEED}`);
    const rng = prng(SEED);
    const admins = Object.fromEntries(f.institutions.map((id) => [id, f.admins[id].address]));
    const model = new RosterModel(admins);
    const wallets = new Map([...f.people, ...Object.values(f.admins), f.superAdmin].map((w) => [w.address, w]));
    const grantees = new Map();
    for (const w of f.people) {
      const g = await ctx.hub().memberGrantee(w.address);
      assert.equal(g, memberGrantee(w.address));
      grantees.set(w.address, g);
    }
    const history = new Map(); // account -> every listing it was invited with
    const counts = {};
    let serial = 0;
    const count = (key) => (counts[key] = (counts[key] ?? 0) + 1);

    /** Sends a call the model expects to succeed, or asserts the refusal it predicts. */
    async function attempt(kind, refusal, call) {
      if (refusal) {
        await expectRevert(call(), refusal[0], refusal[1]);
        count(`${kind}: ${refusal[0]}`);
        return null;
      }
      const receipt = await send(call());
      count(kind);
      return receipt;
    }

    const op = {
      async invite(id, who, role, { by = admins[id], listing } = {}) {
        listing ??= [`LIC-${++serial}`, SPECIALTIES[serial % SPECIALTIES.length], `Name ${serial}`];
        const old = model.invites.get(who);
        const kind = !old
          ? model.removed.has(who)
            ? 'invite a former member'
            : 'invite'
          : old.inst === id
            ? 'invite again (same institution)'
            : 'invite again (another institution)';
        const r = await attempt(kind, model.invite(id, by, who), () =>
          ctx.hub(wallets.get(by)).addMember(id, who, role, ...listing),
        );
        if (r) {
          model.invites.set(who, { inst: id, role, listing, block: r.blockNumber });
          history.set(who, [...(history.get(who) ?? []), listing]);
        }
        return `invite ${who.slice(0, 8)} to ${id} as ${role} by ${by.slice(0, 8)}`;
      },
      async accept(who, id, role, listing) {
        const r = await attempt('accept', model.accept(who, id, role, listing), () =>
          ctx.hub(wallets.get(who)).acceptMembership(id, role, ...listing),
        );
        if (r) {
          model.invites.delete(who);
          model.removed.delete(who);
          model.members.set(who, { inst: id, role, block: r.blockNumber });
        }
        return `accept ${who.slice(0, 8)} at ${id} as ${role} with ${listing.join('/')}`;
      },
      async cancel(who, by) {
        const kind = by === who ? 'decline' : 'cancel';
        const r = await attempt(kind, model.cancel(who, by), () => ctx.hub(wallets.get(by)).cancelInvitation(who));
        if (r) model.invites.delete(who);
        return `${kind} ${who.slice(0, 8)} by ${by.slice(0, 8)}`;
      },
      async remove(id, who, by = admins[id]) {
        const r = await attempt('remove', model.remove(id, by, who), () =>
          ctx.hub(wallets.get(by)).removeMember(id, who),
        );
        if (r) {
          model.members.delete(who);
          model.removed.add(who);
        }
        return `remove ${who.slice(0, 8)} from ${id} by ${by.slice(0, 8)}`;
      },
      async setKey(who) {
        const key = randomKey();
        const r = await attempt('set member key', model.setKey(who), () => ctx.hub(wallets.get(who)).setMemberKey(key));
        if (r) model.keys.set(who, key);
        return `set key of ${who.slice(0, 8)}`;
      },
      async toggle(id) {
        const hub = ctx.hub(f.superAdmin);
        if (model.suspended.has(id)) {
          await send(hub.unsuspendInstitution(id));
          model.suspended.delete(id);
          count('unsuspend');
          return `unsuspend ${id}`;
        }
        await send(hub.suspendInstitution(id));
        model.suspended.add(id);
        count('suspend');
        return `suspend ${id}`;
      },
    };

    const people = f.people.map((w) => w.address);
    const [p0, p1, p2, p3, p4] = people;
    const listingOf = (who) => model.invites.get(who)?.listing;
    let step = 0;
    const run = async (promise) => {
      const what = await promise;
      step += 1;
      await checkAll(reader, f, model, grantees, `step ${step} (${what}; seed ${SEED})`);
    };
    const reader = await batchReader(ctx);
    t.after(() => reader.destroy());
    await checkAll(reader, f, model, grantees, 'before any call');

    // One of each operation first, then random calls.
    await run(op.invite(1, p0, ROLE.DOCTOR));
    await run(op.invite(1, p1, ROLE.NURSE));
    await run(op.invite(1, p2, ROLE.DOCTOR));
    await run(op.invite(2, p3, ROLE.LAB_TECHNICIAN));
    await run(op.accept(p0, 1, ROLE.DOCTOR, listingOf(p0)));
    const stale = listingOf(p1);
    await run(op.invite(1, p1, ROLE.NURSE)); // same institution: a new listing, same place
    await run(op.accept(p1, 1, ROLE.NURSE, stale)); // refused: the listing was replaced
    await run(op.invite(3, p2, ROLE.NURSE)); // another institution: moved
    await run(op.cancel(p2, p2)); // declined
    await run(op.accept(p3, 2, ROLE.DOCTOR, listingOf(p3))); // refused: not the role offered
    await run(op.accept(p3, 1, ROLE.LAB_TECHNICIAN, listingOf(p3))); // refused: not the inviting institution
    await run(op.accept(p4, 1, ROLE.DOCTOR, ['L', 'S', 'N'])); // refused: not invited
    await run(op.cancel(p3, admins[1])); // refused: not the inviting institution's admin
    await run(op.cancel(p3, admins[2])); // withdrawn
    await run(op.cancel(p3, admins[2])); // refused: nothing pending
    await run(op.setKey(p0));
    await run(op.invite(2, p0, ROLE.NURSE)); // refused: a member
    await run(op.setKey(p4)); // refused: not a member
    await run(op.remove(2, p0)); // refused: not a member of 2
    await run(op.remove(1, p0, admins[2])); // refused: not the admin
    await run(op.remove(1, p0));
    await run(op.invite(2, p0, ROLE.NURSE)); // a former member
    await run(op.accept(p0, 2, ROLE.NURSE, listingOf(p0)));
    await run(op.toggle(3));
    await run(op.invite(3, p3, ROLE.DOCTOR)); // refused: suspended
    await run(op.toggle(3));
    await run(op.invite(3, p3, ROLE.DOCTOR));
    await run(op.toggle(3));
    await run(op.accept(p3, 3, ROLE.DOCTOR, listingOf(p3))); // refused: suspended
    await run(op.toggle(3));

    const ids = f.institutions;
    const roles = [ROLE.DOCTOR, ROLE.NURSE, ROLE.LAB_TECHNICIAN];
    const pendingAccounts = () => [...model.invites.keys()];
    const memberAccounts = () => [...model.members.keys()];
    const formerAccounts = () => [...model.removed].filter((a) => !model.members.has(a));
    while (step < STEPS) {
      const pending = pendingAccounts();
      const members = memberAccounts();
      const kind = rng.weighted([
        ['invite', 4],
        ['invite again', pending.length ? 3 : 0],
        ['invite a former member', formerAccounts().length ? 1 : 0],
        ['accept', pending.length ? 4 : 0],
        ['accept wrongly', 1],
        ['cancel', pending.length ? 2 : 0],
        ['decline', pending.length ? 2 : 0],
        ['cancel wrongly', 0.5],
        ['remove', members.length ? 2.5 : 0],
        ['remove wrongly', 0.5],
        ['set key', members.length ? 0.7 : 0],
        ['toggle', model.suspended.size ? 2 : 0.4], // a suspension lasts a few calls
      ]);
      const role = rng.pick(roles);
      const id = rng.pick(ids);
      const other = (inst) => rng.pick(ids.filter((i) => i !== inst));
      if (kind === 'invite') {
        await run(op.invite(id, rng.pick(people), role, { by: rng.chance(0.05) ? admins[other(id)] : admins[id] }));
      } else if (kind === 'invite again') {
        const who = rng.pick(pending);
        const inst = rng.chance(0.5) ? model.invites.get(who).inst : other(model.invites.get(who).inst);
        await run(op.invite(inst, who, role));
      } else if (kind === 'invite a former member') {
        await run(op.invite(id, rng.pick(formerAccounts()), role));
      } else if (kind === 'accept') {
        const who = rng.pick(pending);
        const inv = model.invites.get(who);
        await run(op.accept(who, inv.inst, inv.role, inv.listing));
      } else if (kind === 'accept wrongly') {
        // An uninvited account, or the invited one with another institution, role or listing.
        const who = rng.pick(people);
        const inv = model.invites.get(who);
        if (!inv) {
          await run(op.accept(who, id, role, ['LIC', 'Nowhere', 'Nobody']));
        } else {
          const older = (history.get(who) ?? []).filter((l) => l.join('\n') !== inv.listing.join('\n'));
          const variant = rng.int(0, 2);
          if (variant === 0) await run(op.accept(who, other(inv.inst), inv.role, inv.listing));
          else if (variant === 1) await run(op.accept(who, inv.inst, (inv.role % 3) + 1, inv.listing));
          else {
            const listing = older.length ? rng.pick(older) : [...inv.listing.slice(0, 2), `${inv.listing[2]} `];
            await run(op.accept(who, inv.inst, inv.role, listing));
          }
        }
      } else if (kind === 'cancel') {
        const who = rng.pick(pending);
        await run(op.cancel(who, admins[model.invites.get(who).inst]));
      } else if (kind === 'decline') {
        const who = rng.pick(pending);
        await run(op.cancel(who, who));
      } else if (kind === 'cancel wrongly') {
        await run(op.cancel(rng.pick(people), rng.pick([...Object.values(admins), ...people])));
      } else if (kind === 'remove') {
        const who = rng.pick(members);
        await run(op.remove(model.members.get(who).inst, who));
      } else if (kind === 'remove wrongly') {
        await run(op.remove(id, rng.pick(people), rng.chance(0.2) ? admins[other(id)] : admins[id]));
      } else if (kind === 'set key') {
        await run(op.setKey(rng.chance(0.85) ? rng.pick(members) : rng.pick(people)));
      } else {
        const suspended = [...model.suspended];
        await run(op.toggle(suspended.length ? suspended[0] : id));
      }
    }
    t.diagnostic(
      `calls: ${Object.entries(counts)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ')}`,
    );
    // Every kind of change happened at least once (the opening calls see to it).
    for (const kind of [
      'invite',
      'invite again (same institution)',
      'invite again (another institution)',
      'invite a former member',
      'accept',
      'cancel',
      'decline',
      'remove',
    ]) {
      assert.ok(counts[kind] > 0, `the run made at least one “${kind}”`);
    }
  });

  it('names the block of each listing; one log query of it finds what the call said', async () => {
    const { ctx, f } = s;
    const [a, b, c, d] = f.people;
    const mine = () => ctx.anvil.rpc('anvil_mine', ['0x10']);
    const hub = (w) => ctx.hub(w);
    const listings = {
      a: ['LIC-A1', 'Cardiology', 'Dr. Ana Ávila'],
      b1: ['LIC-B1', 'Emergency', 'Nurse Bo'],
      b2: ['LIC-B2', 'Paediatrics', 'Nurse Bo Berg'],
      c: ['LIC-C1', '', 'Tech Cé'],
      d1: ['LIC-D1', 'Pathology', 'Dr. Dee'],
      d2: ['LIC-D2', 'Oncology', 'Dr. Dee Dunn'],
    };
    await mine();
    await send(hub(f.admins[1]).addMember(1, a.address, ROLE.DOCTOR, ...listings.a));
    await mine();
    const bInvited = await send(hub(f.admins[2]).addMember(2, b.address, ROLE.NURSE, ...listings.b1));
    await mine();
    const aJoined = await send(hub(a).acceptMembership(1, ROLE.DOCTOR, ...listings.a));
    await mine();
    // Invited again by the same institution: the new invitation's block.
    const bAgain = await send(hub(f.admins[2]).addMember(2, b.address, ROLE.NURSE, ...listings.b2));
    await mine();
    const cInvited = await send(hub(f.admins[3]).addMember(3, c.address, ROLE.LAB_TECHNICIAN, ...listings.c));
    await mine();
    // A member who left and joined again: the latest MemberAdded.
    await enrol(ctx, f.admins[1], 1, d, ROLE.DOCTOR, ...listings.d1);
    await send(hub(f.admins[1]).removeMember(1, d.address));
    await mine();
    await send(hub(f.admins[1]).addMember(1, d.address, ROLE.NURSE, ...listings.d2));
    await mine();
    const dJoined = await send(hub(d).acceptMembership(1, ROLE.NURSE, ...listings.d2));
    await mine();
    const head = await ctx.provider.getBlockNumber();

    const expected = [
      { pending: false, who: a, id: 1, role: ROLE.DOCTOR, listing: listings.a, block: aJoined.blockNumber },
      { pending: false, who: d, id: 1, role: ROLE.NURSE, listing: listings.d2, block: dJoined.blockNumber },
      { pending: true, who: b, id: 2, role: ROLE.NURSE, listing: listings.b2, block: bAgain.blockNumber },
      { pending: true, who: c, id: 3, role: ROLE.LAB_TECHNICIAN, listing: listings.c, block: cInvited.blockNumber },
    ];
    for (const pending of [false, true]) {
      const { page, next, current } = await rosterPage(ctx, 0, 0, PAGE, pending, false);
      assert.deepEqual([next, current], [[0, 0], head]);
      const want = expected.filter((e) => e.pending === pending);
      assert.deepEqual(
        page.map((v) => [v.account, Number(v.institutionId), Number(v.listedBlock)]).sort(byAccount),
        want.map((e) => [e.who.address, e.id, e.block]).sort(byAccount),
        `the ${pending ? 'invitations' : 'members'} and their listing blocks`,
      );
      for (const v of page) {
        const e = want.find((x) => x.who.address === v.account);
        const b = Number(v.listedBlock);
        assert.ok(b < head, 'a listing block is not the head');
        const [event, field] = pending ? ['MemberInvited', 'account'] : ['MemberAdded', 'member'];
        const found = await logsAt(ctx, event, [idTopic(e.id), accountTopic(e.who.address)], b);
        assert.equal(found.length, 1, `block ${b} holds the ${event} of ${e.who.address}`);
        assert.deepEqual(
          [
            found[0].institutionId,
            found[0][field],
            found[0].role,
            found[0].licence,
            found[0].specialty,
            found[0].displayName,
          ],
          [BigInt(e.id), e.who.address, BigInt(e.role), ...e.listing],
          `the listing of ${e.who.address} as the call gave it`,
        );
        // rosterAt and invitation() say the same block.
        const [, , invitedBlock] = await ctx.hub().invitation(e.who.address);
        assert.equal(Number(invitedBlock), pending ? b : 0);
      }
    }
    // The replaced invitation's block holds the old listing, which the roster no longer names.
    const old = await logsAt(ctx, 'MemberInvited', [idTopic(2), accountTopic(b.address)], bInvited.blockNumber);
    assert.deepEqual([old[0].licence, old[0].displayName], [listings.b1[0], listings.b1[2]]);
    assert.equal((await ctx.hub().rosterAt(2, true, 0))[2], BigInt(bAgain.blockNumber));
    // The member's listing block is the hub's listedBlock (contracts/README.md "Listing blocks").
    assert.equal(await ctx.hub().listedBlock(memberGrantee(d.address)), BigInt(dJoined.blockNumber));
  });

  it('reads the lists across institutions with a cursor, a few entries at a time', async () => {
    const { ctx, f } = s;
    const [p0, p1, p2, p3, p4, p5, p6, p7] = f.people;
    const lens = ctx.lens();
    await send(ctx.hub(f.superAdmin).addInstitution(KIND.INSURER, 'Roster Institution 4', 'XX', f.spare[0].address));
    await send(ctx.hub(f.superAdmin).addInstitution(KIND.HOSPITAL, 'Roster Institution 5', 'XX', f.spare[1].address));
    const admin = { ...f.admins, 4: f.spare[0], 5: f.spare[1] };
    // Members at 1, 3 and 5; none at 2 and 4. Invitations at 2 and 4 and one at 1.
    const placed = [
      [p0, 1],
      [p1, 1],
      [p2, 1],
      [p3, 3],
      [p4, 5],
      [p5, 5],
    ];
    for (const [who, id] of placed) await enrol(ctx, admin[id], id, who, ROLE.DOCTOR);
    const invited = [
      [p6, 2],
      [p7, 4],
      [f.spare[2], 1],
    ];
    for (const [who, id] of invited) {
      await send(ctx.hub(admin[id]).addMember(id, who.address, ROLE.NURSE, 'L', 'S', 'N'));
    }
    const key = (account, id) => `${account}@${id}`;

    /** Follows the cursor from the first institution with `k` entries a call; returns what it read. */
    async function walk(k, pending) {
      const read = [];
      let id = 0;
      let index = 0;
      let calls = 0;
      do {
        const { total, page, next } = await rosterPage(ctx, id, index, k, pending, false);
        calls += 1;
        assert.ok(calls < 40, 'the cursor ends');
        assert.ok(page.length <= k, `at most ${k} entries`);
        const [length] = await ctx.hub().rosterAt(id || 1, pending, 0);
        assert.equal(total, Number(length), 'total: the first institution’s');
        const [nextId, nextAt] = next;
        if (nextId !== 0) {
          assert.ok(nextId > (id || 1) || (nextId === (id || 1) && nextAt > index), 'the cursor moves on');
        }
        read.push(...page.map((v) => key(v.account, v.institutionId)));
        [id, index] = [nextId, nextAt];
      } while (id !== 0);
      return { read, calls };
    }

    const members = placed.map(([who, id]) => key(who.address, id));
    const pendings = invited.map(([who, id]) => key(who.address, id));
    for (const k of [1, 2, 3]) {
      const m = await walk(k, false);
      assert.equal(m.read.length, members.length, `k=${k}: no member read twice`);
      assert.deepEqual([...m.read].sort(), [...members].sort(), `k=${k}: every member, with its institution`);
      assert.deepEqual(
        m.read.map((e) => Number(e.split('@')[1])),
        m.read.map((e) => Number(e.split('@')[1])).sort((x, y) => x - y),
        'institution by institution',
      );
      assert.ok(m.calls >= Math.ceil(members.length / k));
      const p = await walk(k, true);
      assert.deepEqual([...p.read].sort(), [...pendings].sort(), `k=${k}: every invitation, with its institution`);
      assert.equal(p.read.length, pendings.length);
    }

    // One institution only (single): it stops at the end of that list.
    const single = async (id, index, count, pending = false) => {
      const { total, page, next } = await rosterPage(ctx, id, index, count, pending, true);
      return { total, read: page.map((v) => key(v.account, v.institutionId)), next };
    };
    const firstList = (await Promise.all([0, 1, 2].map((i) => ctx.hub().rosterAt(1, false, i)))).map(([, a]) =>
      key(a, 1),
    );
    assert.deepEqual(await single(1, 0, PAGE), { total: 3, read: firstList, next: [0, 0] });
    assert.deepEqual(await single(2, 0, PAGE), { total: 0, read: [], next: [0, 0] }, 'no members');
    assert.deepEqual(await single(1, 1, 1), { total: 3, read: [firstList[1]], next: [1, 2] }, 'one entry, then on');
    // A page that ends where the list ends says so: no extra call for an empty page.
    assert.deepEqual(await single(1, 1, 2), { total: 3, read: firstList.slice(1), next: [0, 0] }, 'to the end');
    assert.deepEqual(
      (await rosterPage(ctx, 1, 0, 3, false, false)).next,
      [2, 0],
      'across institutions: the next page starts at the next institution',
    );
    assert.deepEqual(await single(1, 2, 5), { total: 3, read: [firstList[2]], next: [0, 0] });
    assert.deepEqual(await single(1, 7, 5), { total: 3, read: [], next: [0, 0] }, 'past the end');
    assert.deepEqual((await single(5, 0, PAGE)).read.sort(), [key(p4.address, 5), key(p5.address, 5)].sort());
    assert.deepEqual(await single(4, 0, PAGE, true), { total: 1, read: [key(p7.address, 4)], next: [0, 0] });
    assert.deepEqual(await single(99, 0, PAGE), { total: 0, read: [], next: [0, 0] }, 'an unknown institution');
    // 0 reads as 1.
    assert.deepEqual(await single(0, 0, PAGE), await single(1, 0, PAGE));
    const all = async (id) => {
      const { total, page, next } = await rosterPage(ctx, id, 0, PAGE, false, false);
      return [total, page, ...next];
    };
    assert.deepEqual(await all(0), await all(1));
    assert.equal((await all(0))[1].length, members.length);
    // From the middle of a list, then on to the next institutions.
    const { page: mid } = await rosterPage(ctx, 1, 2, PAGE, false, false);
    assert.deepEqual(
      mid.map((v) => key(v.account, Number(v.institutionId))).sort(),
      [firstList[2], key(p3.address, 3), key(p4.address, 5), key(p5.address, 5)].sort(),
    );
    // Past the last institution: nothing.
    assert.deepEqual(await all(6), [0, [], 0, 0]);
    // At most 250 entries a call.
    await expectRevert(lens.roster(1, 0, PAGE + 1, false, false), 'PageTooLarge', [PAGE + 1, PAGE]);
    await expectRevert(lens.roster(1, 0, PAGE + 1, true, true), 'PageTooLarge', [PAGE + 1, PAGE]);
  });

  it('passes at most 1000 institutions a call, and a full page stays under 10M gas', async () => {
    const { ctx, f } = s;
    const iface = new Interface((await readArtifact('EhrHub')).abi);
    const admin = f.spare[0];
    const hub = ctx.hub();
    // Institutions 4 .. 1003, all administered by `admin`.
    await sendAll(
      ctx.anvil,
      Array.from({ length: SCAN }, (_, i) => ({
        from: f.superAdmin.address,
        to: ctx.addresses.EhrHub,
        data: iface.encodeFunctionData('addInstitution', [KIND.HOSPITAL, `Clinic ${i + 4}`, 'XX', admin.address]),
      })),
    );
    const last = SCAN + 3;
    assert.equal(Number(await hub.institutionCount()), last);
    await enrol(ctx, f.admins[1], 1, f.people[0], ROLE.DOCTOR);
    await enrol(ctx, admin, last, f.people[1], ROLE.NURSE);
    const lens = ctx.lens();
    // From 2: institutions 2 .. 1001 are empty; the call stops after 1000 of them, with where to go on.
    let { page, next } = await rosterPage(ctx, 2, 0, 10, false, false);
    assert.deepEqual([page, next], [[], [SCAN + 2, 0]]);
    ({ page, next } = await rosterPage(ctx, ...next, 10, false, false));
    assert.deepEqual([page.map((v) => [v.account, v.institutionId]), next], [[[f.people[1].address, last]], [0, 0]]);
    // From 0: institution 1's member, then again a stop after 1000 institutions.
    ({ page, next } = await rosterPage(ctx, 0, 0, 10, false, false));
    assert.deepEqual([page.map((v) => v.account), next], [[f.people[0].address], [SCAN + 1, 0]]);

    // A full page: 250 members of one institution, read in one call.
    const many = Array.from({ length: PAGE }, () => Wallet.createRandom().address);
    await sendAll(
      ctx.anvil,
      many.map((account) => ({
        from: admin.address,
        to: ctx.addresses.EhrHub,
        data: iface.encodeFunctionData('addMember', [last, account, ROLE.DOCTOR, 'L', 'S', 'N']),
      })),
    );
    await sendAll(
      ctx.anvil,
      many.map((account) => ({
        from: account,
        to: ctx.addresses.EhrHub,
        data: iface.encodeFunctionData('acceptMembership', [last, ROLE.DOCTOR, 'L', 'S', 'N']),
      })),
    );
    const full = await rosterPage(ctx, last, 0, PAGE, false, true);
    assert.deepEqual([full.total, full.page.length, full.next], [PAGE + 1, PAGE, [last, PAGE]]);
    const data = lens.interface.encodeFunctionData('roster', [last, 0, PAGE, false, true]);
    const gas = Number(await ctx.anvil.rpc('eth_estimateGas', [{ to: await lens.getAddress(), data }]));
    const scanData = lens.interface.encodeFunctionData('roster', [2, 0, PAGE, false, false]);
    const scanGas = Number(await ctx.anvil.rpc('eth_estimateGas', [{ to: await lens.getAddress(), data: scanData }]));
    console.log(
      `# EhrLens.roster: a page of ${PAGE} members ${gas} gas; a pass of ${SCAN} institutions ${scanGas} gas`,
    );
    assert.ok(gas < 10_000_000, `a full page costs ${gas}`);
    assert.ok(scanGas < 10_000_000, `a long pass costs ${scanGas}`);
  });

  it('a removal moves the last entry into the freed place; a member removed and invited again is listed once', async () => {
    const { ctx, f } = s;
    const [a, b, c, x, y, z] = f.people;
    const admin = f.admins[1];
    const members = async () => (await listOf(ctx, 1, false)).map(([account]) => account);
    const pending = async () => (await listOf(ctx, 1, true)).map(([account]) => account);
    const joined = {};
    for (const who of [a, b, c]) joined[who.address] = (await enrol(ctx, admin, 1, who, ROLE.DOCTOR)).blockNumber;
    assert.deepEqual(
      await members(),
      [a, b, c].map((w) => w.address),
      'appended in order of joining',
    );

    await send(ctx.hub(admin).removeMember(1, a.address));
    assert.deepEqual(await members(), [c.address, b.address], 'the last one moved into the first place');
    assert.deepEqual(
      await listOf(ctx, 1, false),
      [
        [c.address, joined[c.address]],
        [b.address, joined[b.address]],
      ],
      'the others keep their listing blocks',
    );
    // The moved member's place moved with it: removing it takes the right entry.
    await send(ctx.hub(admin).removeMember(1, c.address));
    assert.deepEqual(await members(), [b.address]);
    await ctx.anvil.rpc('anvil_mine', ['0x08']);
    const again = await enrol(ctx, admin, 1, a, ROLE.NURSE, 'LIC-A2', 'Emergency', 'Nurse A');
    const cAgain = await enrol(ctx, admin, 1, c, ROLE.DOCTOR);
    assert.deepEqual(await listOf(ctx, 1, false), [
      [b.address, joined[b.address]],
      [a.address, again.blockNumber],
      [c.address, cAgain.blockNumber],
    ]);
    assert.ok(again.blockNumber > joined[a.address]);
    // Removing the last entry moves nothing.
    await send(ctx.hub(admin).removeMember(1, c.address));
    assert.deepEqual(await members(), [b.address, a.address]);
    await send(ctx.hub(admin).removeMember(1, b.address));
    assert.deepEqual(await members(), [a.address]);
    const {
      page: [entry],
    } = await rosterPage(ctx, 1, 0, PAGE, false, true);
    assert.deepEqual([entry.account, entry.role, entry.listedBlock], [a.address, ROLE.NURSE, again.blockNumber]);
    await send(ctx.hub(admin).removeMember(1, a.address));
    assert.deepEqual(await members(), []);
    assert.deepEqual([...(await ctx.hub().rosterAt(1, false, 0))], [0n, ZeroAddress, 0n]);

    // The same for invitations: withdrawn, declined, accepted; invited again in place.
    const invitedAt = {};
    for (const who of [x, y, z]) {
      invitedAt[who.address] = (
        await send(ctx.hub(admin).addMember(1, who.address, ROLE.NURSE, 'L', 'S', 'N'))
      ).blockNumber;
    }
    assert.deepEqual(
      await pending(),
      [x, y, z].map((w) => w.address),
    );
    await send(ctx.hub(admin).cancelInvitation(x.address));
    assert.deepEqual(await pending(), [z.address, y.address]);
    const yAgain = await send(ctx.hub(admin).addMember(1, y.address, ROLE.DOCTOR, 'L2', 'S2', 'N2'));
    assert.deepEqual(
      await listOf(ctx, 1, true),
      [
        [z.address, invitedAt[z.address]],
        [y.address, yAgain.blockNumber],
      ],
      'invited again by the same institution: same place, the new block',
    );
    await send(ctx.hub(z).cancelInvitation(z.address));
    assert.deepEqual(await pending(), [y.address], 'the moved invitation’s place moved with it');
    await send(ctx.hub(y).acceptMembership(1, ROLE.DOCTOR, 'L2', 'S2', 'N2'));
    assert.deepEqual(await pending(), []);
    assert.deepEqual(await members(), [y.address]);
  });

  it('a new invitation from another institution moves the account; accepting clears the pending list', async () => {
    const { ctx, f } = s;
    const [a, b] = f.people;
    const pending = async (id) => (await listOf(ctx, id, true)).map(([account]) => account);
    const invitationOf = async (who) => [...(await ctx.hub().invitation(who.address))].map(Number);
    const first = await send(ctx.hub(f.admins[1]).addMember(1, a.address, ROLE.DOCTOR, 'L1', 'S1', 'N1'));
    await send(ctx.hub(f.admins[1]).addMember(1, b.address, ROLE.NURSE, 'L', 'S', 'N'));
    assert.deepEqual(await pending(1), [a.address, b.address]);
    assert.deepEqual(await invitationOf(a), [1, ROLE.DOCTOR, first.blockNumber]);
    await ctx.anvil.rpc('anvil_mine', ['0x08']);

    const moved = await send(ctx.hub(f.admins[2]).addMember(2, a.address, ROLE.LAB_TECHNICIAN, 'L2', 'S2', 'N2'));
    assert.deepEqual(await pending(1), [b.address], 'no longer pending at institution 1');
    assert.deepEqual(await listOf(ctx, 2, true), [[a.address, moved.blockNumber]], 'pending at institution 2');
    assert.deepEqual(await invitationOf(a), [2, ROLE.LAB_TECHNICIAN, moved.blockNumber]);
    const {
      page: [entry],
    } = await rosterPage(ctx, 2, 0, PAGE, true, true);
    assert.deepEqual(
      [entry.account, entry.institutionId, entry.role, entry.live, entry.memberKey],
      [a.address, 2, ROLE.LAB_TECHNICIAN, false, ZeroHash],
    );
    // Institution 1's offer is gone; institution 2's is the one to accept.
    await expectRevert(ctx.hub(a).acceptMembership(1, ROLE.DOCTOR, 'L1', 'S1', 'N1'), 'NoInvitation', [a.address, 1]);
    await expectRevert(ctx.hub(f.admins[1]).cancelInvitation(a.address), 'NotAuthorized', [f.admins[1].address]);
    // b moved into a's former place: its own place follows (cancelling it empties the list).
    await send(ctx.hub(f.admins[1]).cancelInvitation(b.address));
    assert.deepEqual(await pending(1), []);

    const joined = await send(ctx.hub(a).acceptMembership(2, ROLE.LAB_TECHNICIAN, 'L2', 'S2', 'N2'));
    assert.deepEqual(await pending(2), [], 'accepting clears the pending list');
    assert.deepEqual(await listOf(ctx, 2, false), [[a.address, joined.blockNumber]]);
    assert.deepEqual(await invitationOf(a), [0, 0, 0]);
    assert.deepEqual(await listOf(ctx, 1, false), []);
  });
});
