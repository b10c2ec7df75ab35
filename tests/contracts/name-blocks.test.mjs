// Where names are (contracts/README.md "Grants and key epochs", "Listing blocks"): names, licences
// and specialties are emitted only (`InstitutionAdded`, `MemberAdded`), and the hub keeps the block
// of each listing: `listedBlock(grantee id)` (a member's in its membership slot, an institution's
// in a mapping), read in pages through `EhrLens.nameBlocks`. A reader takes a name with one
// eth_getLogs of that block (fromBlock = toBlock), whatever the chain's length; these tests check
// that the block is the listing's, and the latest one after a member leaves and is invited again.
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { toBeHex, zeroPadValue } from 'ethers';
import {
  KIND,
  ROLE,
  enrol,
  expectRevert,
  institutionGrantee,
  logsOf,
  memberGrantee,
  send,
  useChain,
} from './helpers.mjs';

const hooks = { before, after, beforeEach, afterEach };

/** The parsed logs of `event` with `topics` in exactly block `b` (fromBlock = toBlock). */
const logsAt = (ctx, event, topics, b) => logsOf(ctx, event, topics, b, b);

/** The name of a member as a reader finds it: nameBlocks, then one log query of that block. */
async function memberListing(ctx, account) {
  const [, [b]] = await ctx.lens().nameBlocks([account], []);
  if (b === 0n) return null;
  const found = await logsAt(ctx, 'MemberAdded', [null, zeroPadValue(account, 32)], Number(b));
  assert.ok(found.length > 0, `block ${b} holds the listing of ${account}`);
  return { ...found.at(-1), listedAt: Number(b) };
}

/** The name of an institution as a reader finds it. */
async function institutionListing(ctx, id) {
  const [, , [b]] = await ctx.lens().nameBlocks([], [id]);
  if (b === 0n) return null;
  const found = await logsAt(ctx, 'InstitutionAdded', [toBeHex(id, 32)], Number(b));
  assert.equal(found.length, 1, `block ${b} holds the listing of institution ${id}`);
  return { ...found[0], listedAt: Number(b) };
}

describe('Listing blocks of names', () => {
  const s = useChain(hooks);

  it('keeps the block of each MemberAdded and InstitutionAdded; one log query of it finds the listing', async () => {
    const { ctx, f } = s;
    const w = ctx.wallets;
    await ctx.anvil.rpc('anvil_mine', ['0x40']); // empty blocks: the listings are not at the head
    const added = await send(
      ctx.hub(f.superAdmin).addInstitution(KIND.PHARMACY, 'Corner Pharmacy', 'ES', w[11].address),
    );
    const pharmacy = 3;
    assert.equal(await ctx.hub().listedBlock(institutionGrantee(pharmacy)), BigInt(added.blockNumber));
    await ctx.anvil.rpc('anvil_mine', ['0x40']);
    // An invitation is no listing; the acceptance is.
    await send(ctx.hub(w[11]).addMember(pharmacy, w[12].address, ROLE.DOCTOR, 'LIC-3001', 'Pharmacology', 'Dr Corner'));
    assert.equal(await ctx.hub().listedBlock(memberGrantee(w[12].address)), 0n, 'invited, not listed');
    await ctx.anvil.rpc('anvil_mine', ['0x10']);
    const joined = await send(
      ctx.hub(w[12]).acceptMembership(pharmacy, ROLE.DOCTOR, 'LIC-3001', 'Pharmacology', 'Dr Corner'),
    );
    await ctx.anvil.rpc('anvil_mine', ['0x40']);

    const head = await ctx.provider.getBlockNumber();
    const [current, members, institutions] = await ctx
      .lens()
      .nameBlocks([w[12].address, f.doctor.address, f.outsider.address, f.alice.address], [pharmacy, 1, 2, 99]);
    assert.equal(Number(current), head);
    assert.equal(members[0], BigInt(joined.blockNumber));
    assert.ok(members[1] > 0n && members[1] < BigInt(added.blockNumber), 'the fixture’s doctor joined earlier');
    assert.deepEqual([...members.slice(2)], [0n, 0n], 'an outsider and a patient have no listing');
    assert.equal(institutions[0], BigInt(added.blockNumber));
    assert.ok(institutions[1] > 0n && institutions[2] > institutions[1], 'the fixture’s two institutions');
    assert.equal(institutions[3], 0n, 'an unknown id');

    const doctor = await memberListing(ctx, w[12].address);
    assert.equal(doctor.listedAt, joined.blockNumber);
    assert.equal(doctor.displayName, 'Dr Corner');
    assert.equal(doctor.specialty, 'Pharmacology');
    assert.equal(Number(doctor.institutionId), pharmacy);
    assert.equal(Number(doctor.role), ROLE.DOCTOR);
    assert.equal((await memberListing(ctx, f.doctor.address)).displayName, 'Dr. Demo One');
    const inst = await institutionListing(ctx, pharmacy);
    assert.equal(inst.listedAt, added.blockNumber);
    assert.equal(inst.name, 'Corner Pharmacy');
    assert.equal((await institutionListing(ctx, 1)).name, 'General Hospital Demo');
    assert.equal((await institutionListing(ctx, 2)).name, 'Central Lab Demo');
    assert.equal(await memberListing(ctx, f.outsider.address), null);
  });

  it('a member who left keeps the listing; invited again, the new listing’s block', async () => {
    const { ctx, f } = s;
    const first = await ctx.hub().listedBlock(memberGrantee(f.nurse.address));
    assert.ok(first > 0n);
    await send(ctx.hub(f.hospitalAdmin).removeMember(f.hospital, f.nurse.address));
    assert.equal(await ctx.hub().listedBlock(memberGrantee(f.nurse.address)), first, 'kept after leaving');
    assert.equal((await memberListing(ctx, f.nurse.address)).displayName, 'Nurse Demo Two');
    await ctx.anvil.rpc('anvil_mine', ['0x20']);
    // Invited again elsewhere, under another name and role.
    const again = await enrol(
      ctx,
      f.labAdmin,
      f.lab,
      f.nurse,
      ROLE.LAB_TECHNICIAN,
      'LIC-2009',
      'Microbiology',
      'Tech Two',
    );
    assert.equal(await ctx.hub().listedBlock(memberGrantee(f.nurse.address)), BigInt(again.blockNumber));
    const listing = await memberListing(ctx, f.nurse.address);
    assert.equal(listing.listedAt, again.blockNumber);
    assert.equal(listing.displayName, 'Tech Two');
    assert.equal(Number(listing.institutionId), f.lab);
    assert.equal(Number(listing.role), ROLE.LAB_TECHNICIAN);
    // The membership is the new one: the listing's block shares its slot and changes nothing else.
    const [institutionId, role, live] = await ctx.hub().member(f.nurse.address);
    assert.deepEqual([Number(institutionId), Number(role), live], [f.lab, ROLE.LAB_TECHNICIAN, true]);
  });

  it('institutions listed in one block each have their own; emergency ids name the institution', async () => {
    const { ctx, f } = s;
    const w = ctx.wallets;
    await ctx.anvil.rpc('evm_setAutomine', [false]);
    let txs;
    try {
      txs = [
        await ctx.hub(f.superAdmin).addInstitution(KIND.INSURER, 'Mutual One', 'FR', w[13].address),
        await ctx.hub(f.superAdmin).addInstitution(KIND.HOSPITAL, 'Clinic Two', 'FR', w[14].address),
      ];
      await ctx.anvil.rpc('evm_mine', []);
    } finally {
      await ctx.anvil.rpc('evm_setAutomine', [true]);
    }
    const [a, b] = await Promise.all(txs.map((t) => t.wait()));
    assert.equal(a.blockNumber, b.blockNumber, 'mined in one block');
    const [, , blocks] = await ctx.lens().nameBlocks([], [3, 4]);
    assert.deepEqual([...blocks], [BigInt(a.blockNumber), BigInt(a.blockNumber)]);
    assert.equal((await institutionListing(ctx, 3)).name, 'Mutual One');
    assert.equal((await institutionListing(ctx, 4)).name, 'Clinic Two');
    // The hub's getter reads any institution-tagged id by its low 32 bits.
    const emergency = toBeHex((2n << 160n) | 4n, 32);
    assert.equal(await ctx.hub().listedBlock(emergency), BigInt(a.blockNumber));
  });

  it('reads at most 250 accounts and 250 institutions per call', async () => {
    const { ctx } = s;
    const accounts = Array.from({ length: 251 }, (_, i) => toBeHex(i + 1, 20));
    const ids = Array.from({ length: 251 }, (_, i) => i + 1);
    await expectRevert(ctx.lens().nameBlocks(accounts, []), 'PageTooLarge', [251, 250]);
    await expectRevert(ctx.lens().nameBlocks([], ids), 'PageTooLarge', [251, 250]);
    const [, members, institutions] = await ctx.lens().nameBlocks(accounts.slice(0, 250), ids.slice(0, 250));
    assert.equal(members.length, 250);
    assert.equal(institutions.length, 250);
    assert.ok(members.every((b) => b === 0n));
    assert.equal(institutions.filter((b) => b > 0n).length, 2, 'the fixture’s two institutions');
  });
});
