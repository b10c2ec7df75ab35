// Lists the hub holds as block pointers, and the views that read state rather than history
// (contracts/src/BlockLists.sol, docs/record-format.md "Finding them: block pointers"). Besides the
// grantee lists (grant-trail.test.mjs), the hub keeps the block of the newest entry of each
// patient's family list (`familyList(patient)` = `3 << 160 | patient`: the links proposed by or to
// the patient) and of each institution's list of member-wrap publications (`wrapsList(id)` =
// `4 << 160 | id`); each entry's event names the block of the entry before in its list. The promise:
// a reader walks each list with one eth_getLogs per block (fromBlock = toBlock), whatever the
// chain's length, and finds every entry and only the blocks that hold one. These tests walk the
// lists as a page does and compare them with a full scan from block 0.
//
// Then two views that answer from state alone: `grantStanding` (what made a grantee eligible when
// its keys were sealed: a member's join generation, `1 << 31 |` a family link's generation, an
// institution's group key version, 0 once withheld), also on every `EhrLens.grantsOf` row; and
// `EhrLens.emergencyWindows`, the windows open on a chart through an institution, found by walking
// its member roster (never the chain's history), from a given index.
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { toBeHex } from 'ethers';
import {
  CODEC,
  ROLE,
  SCOPE,
  bit,
  emergencyGrantee,
  enrol,
  eventsOf,
  expectEvent,
  expectRevert,
  inOneBlock,
  institutionGrantee,
  logsOf,
  memberGrantee,
  randomBytesHex,
  randomKey,
  send,
  useChain,
  walkList,
} from './helpers.mjs';

const hooks = { before, after, beforeEach, afterEach };
const PARENT = 1;
const CHILD = 2;
const SIBLING = 3;
const COUSIN = 9;
const FH = bit(SCOPE.FAMILY_HISTORY);
const NOTES = bit(SCOPE.NOTES);
const LABS = bit(SCOPE.LABS);
const ER_SCOPES = bit(SCOPE.ALLERGIES, SCOPE.PRESCRIPTIONS, SCOPE.NOTES);
const FAMILY_STANDING = 1n << 31n;

/** The list id of a patient's family proposals (not a grantee). */
const familyList = (patient) => toBeHex((3n << 160n) | BigInt(patient), 32);
/** The list id of an institution's member-wrap publications (not a grantee). */
const wrapsList = (id) => toBeHex((4n << 160n) | BigInt(id), 32);
/** An institution id as a log topic. */
const idTopic = (id) => toBeHex(id, 32);
const ids = (events) => events.map((e) => `${e.block}:${e.index}`);

/**
 * What a reader of the pointers finds in list `listId`: its newest block from `EhrLens.lastGrantBlocks`
 * (checked against `EhrHub.lastGrantBlock`), then helpers.mjs walkList. Returns the entries oldest
 * first and the blocks queried.
 */
async function walk(ctx, listId, options) {
  const [current, [head]] = await ctx.lens().lastGrantBlocks([listId]);
  assert.equal(head, await ctx.hub().lastGrantBlock(listId), 'the lens reads the hub’s head');
  assert.ok(head <= current, 'the head is not after the current block');
  return walkList(ctx, head, options);
}

/** A patient's family list as the page walks it: every proposal made by or to `patient`. */
function walkFamily(ctx, patient) {
  return walk(ctx, familyList(patient), {
    event: 'FamilyLinkProposed',
    listed: (e) => e.proposer === patient || e.relative === patient,
    pointer: (e) => (e.proposer === patient ? e.proposerPrevious : e.relativePrevious),
  });
}

/** An institution's publications of member wraps as the page walks them. */
function walkWraps(ctx, institutionId) {
  return walk(ctx, wrapsList(institutionId), {
    event: 'MemberWrapsPublished',
    topics: [idTopic(institutionId)],
    pointer: (e) => e.previousBlock,
  });
}

describe('Family lists by block pointers', () => {
  const s = useChain(hooks);

  it('lists every proposal made by or to a patient, in order, one query per block that holds one', async () => {
    const { ctx, f } = s;
    const hub = (w) => ctx.hub(w);
    const [alice, bob, carol] = [f.alice, f.bob, f.carol].map((w) => w.address);
    const dave = ctx.wallets[11];
    await send(hub(dave).registerPatient(randomKey()));
    for (const p of [alice, bob, carol, dave.address]) assert.equal(await hub().lastGrantBlock(familyList(p)), 0n);

    // alice -> bob: the first entry of both lists.
    const r1 = await send(hub(f.alice).proposeFamilyLink(bob, PARENT));
    const p1 = await expectEvent(r1, 'FamilyLinkProposed');
    assert.deepEqual([p1.proposerPrevious, p1.relativePrevious], [0n, 0n], 'the first proposals end both lists');
    assert.equal(await hub().lastGrantBlock(familyList(alice)), BigInt(r1.blockNumber));
    assert.equal(await hub().lastGrantBlock(familyList(bob)), BigInt(r1.blockNumber));
    await ctx.anvil.rpc('anvil_mine', ['0x40']); // empty blocks between the proposals
    // carol -> alice: carol's first, alice's second.
    const r2 = await send(hub(f.carol).proposeFamilyLink(alice, SIBLING));
    const p2 = await expectEvent(r2, 'FamilyLinkProposed');
    assert.deepEqual([p2.proposerPrevious, p2.relativePrevious], [0n, BigInt(r1.blockNumber)]);
    await ctx.anvil.rpc('anvil_mine', ['0x20']);
    // bob -> carol: each names its own list's block before.
    const r3 = await send(hub(f.bob).proposeFamilyLink(carol, COUSIN));
    const p3 = await expectEvent(r3, 'FamilyLinkProposed');
    assert.deepEqual([p3.proposerPrevious, p3.relativePrevious], [BigInt(r1.blockNumber), BigInt(r2.blockNumber)]);
    // A refused proposal is no entry: the heads stay.
    await expectRevert(hub(f.carol).proposeFamilyLink(bob, SIBLING), 'FamilyLinkExists', [carol, bob]);
    assert.equal(await hub().lastGrantBlock(familyList(carol)), BigInt(r3.blockNumber));
    // Confirmations and dissolutions are no entries either.
    await send(hub(f.bob).confirmFamilyLink(alice, PARENT));
    await send(hub(f.alice).dissolveFamilyLink(bob));
    await send(hub(f.alice).dissolveFamilyLink(carol)); // rejects carol's proposal
    assert.equal(await hub().lastGrantBlock(familyList(alice)), BigInt(r2.blockNumber));
    await ctx.anvil.rpc('anvil_mine', ['0x30']);
    // Two proposals in one block, alice in both (relative, then proposer), and an unrelated
    // transaction between them.
    const [r4, , r5] = await inOneBlock(ctx, [
      () => hub(f.bob).proposeFamilyLink(alice, CHILD),
      () => hub(dave).rotatePatientKey(randomKey()),
      () => hub(f.alice).proposeFamilyLink(carol, SIBLING),
    ]);
    const b4 = BigInt(r4.blockNumber);
    const p4 = await expectEvent(r4, 'FamilyLinkProposed');
    const p5 = await expectEvent(r5, 'FamilyLinkProposed');
    assert.deepEqual([p4.proposerPrevious, p4.relativePrevious], [BigInt(r3.blockNumber), BigInt(r2.blockNumber)]);
    assert.deepEqual([p5.proposerPrevious, p5.relativePrevious], [b4, BigInt(r3.blockNumber)], 'alice: this block');
    await ctx.anvil.rpc('anvil_mine', ['0x10']);
    // A family-history grant is an entry of the grantee list, not of the family lists.
    await send(hub(f.alice).confirmFamilyLink(bob, CHILD));
    await send(hub(f.bob).grantAccess(memberGrantee(alice), FH, 0, randomBytesHex(80)));
    assert.equal(await hub().lastGrantBlock(familyList(alice)), b4);
    assert.equal(await hub().lastGrantBlock(familyList(bob)), b4);
    await ctx.anvil.rpc('anvil_mine', ['0x08']);

    const head = await ctx.provider.getBlockNumber();
    const all = await logsOf(ctx, 'FamilyLinkProposed', [], 0, head);
    assert.equal(all.length, 5, 'five proposals in all');
    const expected = { [alice]: 4, [bob]: 3, [carol]: 3 };
    for (const p of [alice, bob, carol]) {
      const mine = all.filter((e) => e.proposer === p || e.relative === p);
      assert.equal(mine.length, expected[p], `proposals involving ${p}`);
      const { found, blocks } = await walkFamily(ctx, p);
      assert.deepEqual(ids(found), ids(mine), `the walk finds every proposal of ${p}, in order`);
      assert.deepEqual(
        found.map((e) => [e.proposer, e.relative, e.relation]),
        mine.map((e) => [e.proposer, e.relative, e.relation]),
      );
      const holding = new Set(mine.map((e) => e.block));
      assert.ok(
        blocks.every((b) => holding.has(b)),
        `${p}: no block queried that holds none of its proposals`,
      );
      assert.equal(blocks.length, holding.size, `${p}: one query per block holding one`);
      assert.equal(blocks[0], mine.at(-1).block, `${p}: the head is the newest proposal`);
    }
    // The one block holding two of alice's proposals is queried once.
    assert.deepEqual((await walkFamily(ctx, alice)).blocks, [Number(b4), r2.blockNumber, r1.blockNumber]);
    // A patient without proposals: an empty list, no query at all.
    const none = await walkFamily(ctx, dave.address);
    assert.deepEqual([none.found, none.blocks], [[], []]);
    const [current, heads] = await ctx
      .lens()
      .lastGrantBlocks([familyList(alice), familyList(bob), familyList(carol), familyList(dave.address)]);
    assert.equal(current, BigInt(head));
    assert.deepEqual([...heads], [b4, b4, b4, 0n]);
  });

  it('are no grantees: a grant to a family list id or a wraps list id is refused', async () => {
    const { ctx, f } = s;
    await send(ctx.hub(f.alice).proposeFamilyLink(f.bob.address, SIBLING));
    await send(ctx.hub(f.bob).confirmFamilyLink(f.alice.address, SIBLING));
    for (const [id, scopes] of [
      [familyList(f.alice.address), FH],
      [familyList(f.alice.address), NOTES],
      [wrapsList(f.hospital), NOTES],
    ]) {
      await expectRevert(ctx.hub(f.bob).grantAccess(id, scopes, 0, randomBytesHex(80)), 'InvalidGrantee', [id]);
      assert.equal(await ctx.hub().grantStanding(f.bob.address, id), 0n);
    }
    const head = await ctx.hub().lastGrantBlock(familyList(f.alice.address));
    assert.notEqual(head, 0n);
    assert.equal(await ctx.hub().lastGrantBlock(memberGrantee(f.alice.address)), 0n, 'the grantee list is another');
    assert.equal(await ctx.hub().lastGrantBlock(wrapsList(f.hospital)), 0n);
  });
});

describe('Member-wrap lists by block pointers', () => {
  const s = useChain(hooks);

  it('lists every publication of an institution’s member wraps, across a rotation, apart from other institutions', async () => {
    const { ctx, f } = s;
    const admin = ctx.hub(f.hospitalAdmin);
    const labAdmin = ctx.hub(f.labAdmin);
    const start = await ctx.provider.getBlockNumber();
    assert.equal(await ctx.hub().lastGrantBlock(wrapsList(f.hospital)), 0n, 'nothing published yet');

    const w1 = await send(admin.publishMemberWraps(f.hospital, 1, randomKey(), CODEC.RAW));
    assert.equal((await expectEvent(w1, 'MemberWrapsPublished')).previousBlock, 0n, 'the first ends the list');
    assert.equal(await ctx.hub().lastGrantBlock(wrapsList(f.hospital)), BigInt(w1.blockNumber));
    await ctx.anvil.rpc('anvil_mine', ['0x40']);
    const l1 = await send(labAdmin.publishMemberWraps(f.lab, 1, randomKey(), CODEC.DAG_PB));
    assert.equal((await expectEvent(l1, 'MemberWrapsPublished')).previousBlock, 0n, 'the lab’s own list');
    // A member joins: the same version sealed to one more member.
    await enrol(ctx, f.hospitalAdmin, f.hospital, ctx.wallets[11], ROLE.NURSE);
    const w2 = await send(admin.publishMemberWraps(f.hospital, 1, randomKey(), CODEC.DAG_PB));
    assert.equal((await expectEvent(w2, 'MemberWrapsPublished')).previousBlock, BigInt(w1.blockNumber));
    await ctx.anvil.rpc('anvil_mine', ['0x20']);
    // A rotation: a publication for the replaced version is refused and is no entry.
    await send(admin.publishGroupKey(f.hospital, randomKey(), 2));
    await expectRevert(admin.publishMemberWraps(f.hospital, 1, randomKey(), CODEC.RAW), 'KeyVersionMismatch', [2, 1]);
    assert.equal(await ctx.hub().lastGrantBlock(wrapsList(f.hospital)), BigInt(w2.blockNumber));
    // Two publications of the hospital and one of the lab in one block.
    const [w3, l2, w4] = await inOneBlock(ctx, [
      () => admin.publishMemberWraps(f.hospital, 2, randomKey(), CODEC.RAW),
      () => labAdmin.publishMemberWraps(f.lab, 1, randomKey(), CODEC.RAW),
      () => admin.publishMemberWraps(f.hospital, 2, randomKey(), CODEC.DAG_PB),
    ]);
    assert.equal((await expectEvent(w3, 'MemberWrapsPublished')).previousBlock, BigInt(w2.blockNumber));
    assert.equal((await expectEvent(w4, 'MemberWrapsPublished')).previousBlock, BigInt(w3.blockNumber), 'same block');
    assert.equal((await expectEvent(l2, 'MemberWrapsPublished')).previousBlock, BigInt(l1.blockNumber));
    await ctx.anvil.rpc('anvil_mine', ['0x20']);
    await send(admin.publishGroupKey(f.hospital, randomKey(), 5));
    const w5 = await send(admin.publishMemberWraps(f.hospital, 5, randomKey(), CODEC.RAW));
    await ctx.anvil.rpc('anvil_mine', ['0x08']);

    const head = await ctx.provider.getBlockNumber();
    const all = await logsOf(ctx, 'MemberWrapsPublished', [idTopic(f.hospital)], start, head);
    assert.equal(all.length, 5);
    assert.deepEqual(
      all.map((e) => Number(e.keyVersion)),
      [1, 1, 2, 2, 5],
    );
    const { found, blocks } = await walkWraps(ctx, f.hospital);
    assert.deepEqual(ids(found), ids(all), 'every publication of the hospital, in order');
    assert.deepEqual(
      found.map((e) => [e.keyVersion, e.digest, e.codec]),
      all.map((e) => [e.keyVersion, e.digest, e.codec]),
    );
    assert.ok(found.every((e) => e.institutionId === BigInt(f.hospital)));
    assert.deepEqual(
      blocks,
      [w5, w3, w2, w1].map((r) => r.blockNumber),
      'one query per block holding one',
    );
    // The newest publication of the version in force is the one members read: the walk's last.
    const { keyVersion } = await ctx.hub().institution(f.hospital);
    assert.equal(found.at(-1).keyVersion, keyVersion);

    // The lab's list is separate and whole.
    const lab = await walkWraps(ctx, f.lab);
    assert.deepEqual(ids(lab.found), ids(await logsOf(ctx, 'MemberWrapsPublished', [idTopic(f.lab)], start, head)));
    assert.deepEqual(lab.blocks, [l2.blockNumber, l1.blockNumber]);
    const [, heads] = await ctx.lens().lastGrantBlocks([wrapsList(f.hospital), wrapsList(f.lab), wrapsList(99)]);
    assert.deepEqual([...heads], [BigInt(w5.blockNumber), BigInt(l2.blockNumber), 0n]);
    // The lists of the same institution id under other tags are untouched.
    assert.equal(await ctx.hub().lastGrantBlock(institutionGrantee(f.hospital)), 0n);
    assert.equal(await ctx.hub().lastGrantBlock(emergencyGrantee(f.hospital)), 0n);
  });
});

describe('Grant standing', () => {
  const s = useChain(hooks);

  /** Every row of a patient's grants (EhrLens.grantsOf) with its standing checked against the hub. */
  async function rows(ctx, patient) {
    const page = await ctx.lens().grantsOf(patient.address, 0, 128);
    const out = {};
    for (const row of page) {
      assert.equal(
        row.standing,
        await ctx.hub().grantStanding(patient.address, row.grantee),
        `grantsOf row ${row.grantee}: standing as grantStanding`,
      );
      out[row.grantee.toLowerCase()] = row;
    }
    return out;
  }

  it('is a member’s join generation: a grant made after the member re-joined counts the new one', async () => {
    const { ctx, f } = s;
    const doctor = memberGrantee(f.doctor.address);
    assert.equal(await ctx.hub().grantStanding(f.alice.address, doctor), 0n, 'no grant');
    await send(ctx.hub(f.alice).grantAccess(doctor, NOTES, 0, randomBytesHex(80)));
    assert.equal(await ctx.hub().grantStanding(f.alice.address, doctor), 1n, 'the first membership');
    assert.equal(await ctx.hub().grantStanding(f.bob.address, doctor), 0n, 'another patient’s grant is another word');
    assert.equal(await ctx.hub().grantStanding(f.alice.address, memberGrantee(f.nurse.address)), 0n);

    await send(ctx.hub(f.hospitalAdmin).removeMember(f.hospital, f.doctor.address));
    await enrol(ctx, f.hospitalAdmin, f.hospital, f.doctor, ROLE.DOCTOR);
    await send(ctx.hub(f.bob).grantAccess(doctor, LABS, 0, randomBytesHex(80)));
    assert.equal(await ctx.hub().grantStanding(f.bob.address, doctor), 2n, 'the second membership');
    // Alice's grant was made to the first membership: it keeps that standing and no longer counts.
    assert.equal(await ctx.hub().grantStanding(f.alice.address, doctor), 1n);
    assert.equal((await ctx.hub().grantOf(f.alice.address, doctor)).active, false);
    assert.equal((await rows(ctx, f.alice))[doctor.toLowerCase()].standing, 1n);
    assert.equal((await rows(ctx, f.bob))[doctor.toLowerCase()].standing, 2n);
    // Settled, it is gone; granted again, it counts the new membership.
    await send(ctx.hub(f.outsider).settleAccess(f.alice.address));
    assert.equal(await ctx.hub().grantStanding(f.alice.address, doctor), 0n);
    await send(ctx.hub(f.alice).grantAccess(doctor, NOTES, 0, randomBytesHex(80)));
    assert.equal(await ctx.hub().grantStanding(f.alice.address, doctor), 2n);
  });

  it('is an institution’s group key version at grant time; it stays after a rotation and is 0 once withheld', async () => {
    const { ctx, f } = s;
    const hospital = institutionGrantee(f.hospital);
    const em = emergencyGrantee(f.hospital);
    await send(ctx.hub(f.alice).grantAccess(hospital, NOTES, 0, randomBytesHex(80)));
    await send(ctx.hub(f.alice).setEmergencyInstitution(f.hospital, ER_SCOPES, randomBytesHex(80)));
    await send(ctx.hub(f.alice).grantAccess(institutionGrantee(f.lab), LABS, 0, randomBytesHex(80)));
    assert.equal(await ctx.hub().grantStanding(f.alice.address, hospital), 1n);
    assert.equal(await ctx.hub().grantStanding(f.alice.address, em), 1n, 'an emergency authorisation too');

    await send(ctx.hub(f.hospitalAdmin).publishGroupKey(f.hospital, randomKey(), 4));
    // Sealed to version 1, now replaced: the page tells by standing < keyVersion.
    const { keyVersion } = await ctx.hub().institution(f.hospital);
    assert.equal(keyVersion, 4n);
    assert.equal(await ctx.hub().grantStanding(f.alice.address, hospital), 1n, 'unchanged by the rotation');
    assert.equal(await ctx.hub().grantStanding(f.alice.address, em), 1n);
    await send(ctx.hub(f.bob).grantAccess(hospital, NOTES, 0, randomBytesHex(80)));
    await send(ctx.hub(f.carol).setEmergencyInstitution(f.hospital, ER_SCOPES, randomBytesHex(80)));
    assert.equal(await ctx.hub().grantStanding(f.bob.address, hospital), 4n);
    assert.equal(await ctx.hub().grantStanding(f.carol.address, em), 4n);
    // Re-sealed by the patient to the new key: the standing follows.
    await send(ctx.hub(f.alice).grantAccess(hospital, NOTES, 0, randomBytesHex(80)));
    assert.equal(await ctx.hub().grantStanding(f.alice.address, hospital), 4n);
    let listed = await rows(ctx, f.alice);
    assert.deepEqual([listed[hospital.toLowerCase()].standing, listed[em.toLowerCase()].standing], [4n, 1n]);
    assert.equal(listed[institutionGrantee(f.lab).toLowerCase()].standing, 1n);

    // A member leaves: version 4 is exposed; settlement withholds what was sealed to it (standing 0).
    await send(ctx.hub(f.hospitalAdmin).removeMember(f.hospital, f.nurse.address));
    assert.equal(await ctx.hub().exposedKeyVersion(f.hospital), 4n);
    assert.equal(await ctx.hub().grantStanding(f.alice.address, hospital), 4n, 'until settled');
    const settled = await eventsOf(await send(ctx.hub(f.outsider).settleAccess(f.alice.address)));
    assert.deepEqual(
      settled.filter((e) => e.name === 'KeysWithheld').map((e) => e.args.grantee),
      [em, hospital],
      'keys withheld, no grant ended',
    );
    assert.ok(!settled.some((e) => e.name === 'AccessEnded' || e.name === 'AccessExpired'));
    listed = await rows(ctx, f.alice);
    assert.equal(await ctx.hub().grantStanding(f.alice.address, hospital), 0n, 'withheld');
    assert.equal(await ctx.hub().grantStanding(f.alice.address, em), 0n, 'withheld');
    assert.deepEqual(
      [listed[hospital.toLowerCase()].standing, listed[hospital.toLowerCase()].keysCurrent],
      [0n, false],
    );
    assert.equal(listed[hospital.toLowerCase()].inForce, true, 'the access is kept');
    assert.equal(listed[institutionGrantee(f.lab).toLowerCase()].standing, 1n, 'the lab’s grant is untouched');
    assert.equal(await ctx.hub().grantStanding(f.bob.address, hospital), 4n, 'bob has not settled yet');
    // A new key, and the patient seals again: the new version.
    await send(ctx.hub(f.hospitalAdmin).publishGroupKey(f.hospital, randomKey(), 5));
    await send(ctx.hub(f.alice).grantAccess(hospital, NOTES, 0, randomBytesHex(80)));
    assert.equal(await ctx.hub().grantStanding(f.alice.address, hospital), 5n);
    assert.equal((await rows(ctx, f.alice))[hospital.toLowerCase()].keysCurrent, true);
  });

  it('has bit 31 set with the link’s generation for a family-linked relative', async () => {
    const { ctx, f } = s;
    const bob = memberGrantee(f.bob.address);
    await send(ctx.hub(f.alice).proposeFamilyLink(f.bob.address, SIBLING));
    await send(ctx.hub(f.bob).confirmFamilyLink(f.alice.address, SIBLING));
    await send(ctx.hub(f.alice).grantAccess(bob, FH, 0, randomBytesHex(80)));
    assert.equal(await ctx.hub().grantStanding(f.alice.address, bob), FAMILY_STANDING | 0n, 'the first link');
    assert.equal((await ctx.hub().grantOf(f.alice.address, bob)).relative, true);
    // Dissolved and linked again: a new generation.
    await send(ctx.hub(f.bob).dissolveFamilyLink(f.alice.address));
    assert.equal(await ctx.hub().grantStanding(f.alice.address, bob), FAMILY_STANDING, 'kept until settled');
    await send(ctx.hub(f.outsider).settleAccess(f.alice.address));
    assert.equal(await ctx.hub().grantStanding(f.alice.address, bob), 0n);
    await send(ctx.hub(f.bob).proposeFamilyLink(f.alice.address, SIBLING));
    await send(ctx.hub(f.alice).confirmFamilyLink(f.bob.address, SIBLING));
    await send(ctx.hub(f.alice).grantAccess(bob, FH, 0, randomBytesHex(80)));
    await send(ctx.hub(f.bob).grantAccess(memberGrantee(f.alice.address), FH, 0, randomBytesHex(80)));
    assert.equal(await ctx.hub().grantStanding(f.alice.address, bob), FAMILY_STANDING | 1n, 'the second link');
    assert.equal(await ctx.hub().grantStanding(f.bob.address, memberGrantee(f.alice.address)), FAMILY_STANDING | 1n);
    // Beside a member grant and an institution grant, on the lens's rows.
    await send(ctx.hub(f.alice).grantAccess(memberGrantee(f.doctor.address), NOTES, 0, randomBytesHex(80)));
    await send(ctx.hub(f.alice).grantAccess(institutionGrantee(f.lab), LABS, 0, randomBytesHex(80)));
    const listed = await rows(ctx, f.alice);
    assert.equal(Object.keys(listed).length, 3);
    assert.equal(listed[bob.toLowerCase()].standing, FAMILY_STANDING | 1n);
    assert.equal(listed[memberGrantee(f.doctor.address).toLowerCase()].standing, 1n);
    assert.equal(listed[institutionGrantee(f.lab).toLowerCase()].standing, 1n);
    // Paged rows carry it too.
    const page = await ctx.lens().grantsOf(f.alice.address, 1, 1);
    assert.equal(page.length, 1);
    assert.equal(page[0].standing, await ctx.hub().grantStanding(f.alice.address, page[0].grantee));
  });
});

describe('Emergency windows by roster', () => {
  const s = useChain(hooks);
  const DAY = 86400;

  /** The windows listed for `patient` through `id` from roster entry `index`, as plain values. */
  async function windows(ctx, patient, id, index = 0) {
    const [open, nextIndex] = await ctx.lens().emergencyWindows(patient.address, id, index);
    return {
      open: open.map((w) => ({ member: w.member, until: w.until, reason: w.reason })),
      nextIndex,
    };
  }

  /** What emergencyAccess says of a member's window, in the shape of a listed window. */
  async function accessOf(ctx, patient, member) {
    const e = await ctx.hub().emergencyAccess(patient.address, member.address);
    return { member: member.address, until: e.until, reason: e.reason };
  }

  it('lists the windows open now through the institution, from its current members only', async () => {
    const { ctx, f } = s;
    const resident = ctx.wallets[11];
    await enrol(ctx, f.hospitalAdmin, f.hospital, resident, ROLE.DOCTOR); // roster: doctor, nurse, resident
    assert.deepEqual(await windows(ctx, f.alice, f.hospital), { open: [], nextIndex: 0n }, 'nothing authorised');
    await send(ctx.hub(f.alice).setEmergencyInstitution(f.hospital, ER_SCOPES, randomBytesHex(80)));
    await send(ctx.hub(f.alice).setEmergencyInstitution(f.lab, ER_SCOPES, randomBytesHex(80)));
    await send(ctx.hub(f.bob).setEmergencyInstitution(f.hospital, ER_SCOPES, randomBytesHex(80)));
    assert.deepEqual(await windows(ctx, f.alice, f.hospital), { open: [], nextIndex: 0n }, 'none opened');

    await send(ctx.hub(f.doctor).openEmergencyAccess(f.alice.address, 1, 3600));
    await send(ctx.hub(f.nurse).openEmergencyAccess(f.alice.address, 4, 2 * 3600));
    await send(ctx.hub(resident).openEmergencyAccess(f.alice.address, 2, 600));
    await send(ctx.hub(f.nurse).openEmergencyAccess(f.bob.address, 5, DAY)); // another chart
    await send(ctx.hub(f.labTech).openEmergencyAccess(f.alice.address, 3, DAY)); // through the lab
    // One closes its own window (the authorisation stays).
    await send(ctx.hub(resident).closeEmergencyAccess(f.alice.address, resident.address));
    assert.equal((await ctx.hub().emergencyAccess(f.alice.address, resident.address)).active, false);

    const listed = await windows(ctx, f.alice, f.hospital);
    assert.deepEqual(listed, {
      open: [await accessOf(ctx, f.alice, f.doctor), await accessOf(ctx, f.alice, f.nurse)],
      nextIndex: 0n,
    });
    assert.deepEqual(
      listed.open.map((w) => Number(w.reason)),
      [1, 4],
    );
    assert.deepEqual(await windows(ctx, f.bob, f.hospital), {
      open: [await accessOf(ctx, f.bob, f.nurse)],
      nextIndex: 0n,
    });
    assert.equal((await windows(ctx, f.bob, f.hospital)).open[0].reason, 5n, 'bob’s window, not alice’s');
    assert.deepEqual(await windows(ctx, f.alice, f.lab), {
      open: [await accessOf(ctx, f.alice, f.labTech)],
      nextIndex: 0n,
    });
    assert.deepEqual(await windows(ctx, f.carol, f.hospital), { open: [], nextIndex: 0n }, 'no window on carol');
    assert.deepEqual(await windows(ctx, f.alice, 99), { open: [], nextIndex: 0n }, 'no such institution');

    // From an index: the roster entries before it are skipped.
    assert.deepEqual(await windows(ctx, f.alice, f.hospital, 1), {
      open: [await accessOf(ctx, f.alice, f.nurse)],
      nextIndex: 0n,
    });
    assert.deepEqual(await windows(ctx, f.alice, f.hospital, 2), { open: [], nextIndex: 0n }, 'the resident closed');
    for (const index of [3, 4, 1000]) {
      assert.deepEqual(await windows(ctx, f.alice, f.hospital, index), { open: [], nextIndex: 0n }, `index ${index}`);
    }

    // A removed member is not listed although its window has not ended.
    await send(ctx.hub(f.hospitalAdmin).removeMember(f.hospital, f.doctor.address));
    assert.equal((await ctx.hub().emergencyAccess(f.alice.address, f.doctor.address)).active, true);
    assert.deepEqual(await windows(ctx, f.alice, f.hospital), {
      open: [await accessOf(ctx, f.alice, f.nurse)],
      nextIndex: 0n,
    });
    // The doctor's place went to the resident (roster: resident, nurse): index 1 is the nurse.
    assert.deepEqual((await windows(ctx, f.alice, f.hospital, 1)).open, [await accessOf(ctx, f.alice, f.nurse)]);
    assert.deepEqual(await windows(ctx, f.alice, f.hospital, 2), { open: [], nextIndex: 0n });

    // A window ends by itself: two hours on, the nurse's window on alice's chart is over.
    await ctx.increaseTime(2 * 3600);
    assert.deepEqual(await windows(ctx, f.alice, f.hospital), { open: [], nextIndex: 0n }, 'ended by itself');
    assert.equal((await windows(ctx, f.bob, f.hospital)).open.length, 1, 'bob’s day-long window is still open');

    // Windows give no access once the authorisation is not in force: none are listed then.
    await send(ctx.hub(f.nurse).openEmergencyAccess(f.alice.address, 2, 600));
    await send(ctx.hub(resident).openEmergencyAccess(f.bob.address, 2, 600));
    assert.equal((await windows(ctx, f.alice, f.hospital)).open.length, 1);
    assert.equal((await windows(ctx, f.bob, f.hospital)).open.length, 2);
    await send(ctx.hub(f.superAdmin).suspendInstitution(f.hospital));
    assert.deepEqual(await windows(ctx, f.bob, f.hospital), { open: [], nextIndex: 0n }, 'suspended');
    await send(ctx.hub(f.superAdmin).unsuspendInstitution(f.hospital));
    assert.equal((await windows(ctx, f.bob, f.hospital)).open.length, 2, 'reinstated');
    // The patient closing a window ends the institution's authorisation: the others' windows too.
    await send(ctx.hub(f.bob).closeEmergencyAccess(f.bob.address, f.nurse.address));
    assert.equal(await ctx.hub().emergencyScopes(f.bob.address, f.hospital), 0n);
    assert.equal(
      (await ctx.hub().emergencyAccess(f.bob.address, resident.address)).active,
      true,
      'not ended by itself',
    );
    assert.deepEqual(await windows(ctx, f.bob, f.hospital), { open: [], nextIndex: 0n }, 'authorisation withdrawn');
    await send(ctx.hub(f.alice).setEmergencyInstitution(f.hospital, 0, '0x'));
    assert.deepEqual(await windows(ctx, f.alice, f.hospital), { open: [], nextIndex: 0n }, 'withdrawn by the patient');
  });

  it('lists under an institution only the windows opened through it', async () => {
    const { ctx, f } = s;
    await send(ctx.hub(f.alice).setEmergencyInstitution(f.hospital, ER_SCOPES, randomBytesHex(80)));
    await send(ctx.hub(f.alice).setEmergencyInstitution(f.lab, ER_SCOPES, randomBytesHex(80)));
    await send(ctx.hub(f.labDoctor).openEmergencyAccess(f.alice.address, 6, 3600));
    await send(ctx.hub(f.nurse).openEmergencyAccess(f.alice.address, 1, 3600));
    assert.deepEqual((await windows(ctx, f.alice, f.lab)).open, [await accessOf(ctx, f.alice, f.labDoctor)]);
    // The lab doctor moves to the hospital; the window opened through the lab has not ended.
    await send(ctx.hub(f.labAdmin).removeMember(f.lab, f.labDoctor.address));
    await enrol(ctx, f.hospitalAdmin, f.hospital, f.labDoctor, ROLE.DOCTOR);
    const e = await ctx.hub().emergencyAccess(f.alice.address, f.labDoctor.address);
    assert.deepEqual([e.institutionId, e.active], [BigInt(f.lab), true]);
    assert.equal((await ctx.hub().member(f.labDoctor.address)).institutionId, BigInt(f.hospital));
    // On the hospital's roster now, but its window is the lab's: listed under neither.
    assert.deepEqual(await windows(ctx, f.alice, f.hospital), {
      open: [await accessOf(ctx, f.alice, f.nurse)],
      nextIndex: 0n,
    });
    assert.deepEqual(await windows(ctx, f.alice, f.lab), { open: [], nextIndex: 0n });
    // Opened again, through the hospital, it is the hospital's.
    await send(ctx.hub(f.labDoctor).openEmergencyAccess(f.alice.address, 2, 600));
    assert.deepEqual((await windows(ctx, f.alice, f.hospital)).open, [
      await accessOf(ctx, f.alice, f.nurse),
      await accessOf(ctx, f.alice, f.labDoctor),
    ]);
  });
});
