import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { ZeroAddress } from 'ethers';
import { expectEvent, expectRevert, send, useChain } from './helpers.mjs';

const hooks = { before, after, beforeEach, afterEach };
const PARENT = 1;
const CHILD = 2;
const SIBLING = 3;

describe('Family links', () => {
  const s = useChain(hooks);

  it('links two patients once one proposes and the other confirms', async () => {
    const { ctx, f } = s;
    const r1 = await send(ctx.hub(f.alice).proposeFamilyLink(f.bob.address, PARENT));
    const p = await expectEvent(r1, 'FamilyLinkProposed');
    assert.deepEqual([p.proposer, p.relative, p.relation], [f.alice.address, f.bob.address, BigInt(PARENT)]);
    assert.equal(
      await ctx.hub().canShareFamilyHistory(f.alice.address, f.bob.address),
      false,
      'not before confirmation',
    );
    const pending = await ctx.hub().familyLink(f.bob.address, f.alice.address);
    assert.deepEqual([pending.proposer, pending.relation, pending.confirmed], [f.alice.address, BigInt(PARENT), false]);
    const r2 = await send(ctx.hub(f.bob).confirmFamilyLink(f.alice.address, PARENT));
    const c = await expectEvent(r2, 'FamilyLinkConfirmed');
    assert.deepEqual([c.proposer, c.relative, c.relation], [f.alice.address, f.bob.address, BigInt(PARENT)]);
    assert.equal(await ctx.hub().canShareFamilyHistory(f.alice.address, f.bob.address), true);
    assert.equal(await ctx.hub().canShareFamilyHistory(f.bob.address, f.alice.address), true);
    assert.equal(await ctx.hub().canShareFamilyHistory(f.alice.address, f.carol.address), false);
    assert.equal((await ctx.hub().familyLink(f.alice.address, f.bob.address)).confirmed, true);
  });

  it('lets either side dissolve a link', async () => {
    const { ctx, f } = s;
    for (const [proposer, other, dissolver] of [
      [f.alice, f.bob, f.alice],
      [f.alice, f.bob, f.bob],
    ]) {
      await send(ctx.hub(proposer).proposeFamilyLink(other.address, SIBLING));
      await send(ctx.hub(other).confirmFamilyLink(proposer.address, SIBLING));
      const counterpart = dissolver === proposer ? other : proposer;
      const r = await send(ctx.hub(dissolver).dissolveFamilyLink(counterpart.address));
      const ev = await expectEvent(r, 'FamilyLinkDissolved');
      assert.deepEqual([ev.by, ev.other], [dissolver.address, counterpart.address]);
      assert.equal(await ctx.hub().canShareFamilyHistory(f.alice.address, f.bob.address), false);
      const link = await ctx.hub().familyLink(f.alice.address, f.bob.address);
      assert.equal(link.proposer, ZeroAddress);
    }
  });

  it('lets the proposer withdraw and the other side reject a proposal', async () => {
    const { ctx, f } = s;
    await send(ctx.hub(f.alice).proposeFamilyLink(f.bob.address, CHILD));
    await send(ctx.hub(f.alice).dissolveFamilyLink(f.bob.address));
    await expectRevert(ctx.hub(f.bob).confirmFamilyLink(f.alice.address, CHILD), 'NoPendingProposal', [
      f.alice.address,
      f.bob.address,
    ]);
    await send(ctx.hub(f.alice).proposeFamilyLink(f.bob.address, CHILD));
    await send(ctx.hub(f.bob).dissolveFamilyLink(f.alice.address));
    await expectRevert(ctx.hub(f.bob).confirmFamilyLink(f.alice.address, CHILD), 'NoPendingProposal');
  });

  it('rejects bad proposals', async () => {
    const { ctx, f } = s;
    await expectRevert(ctx.hub(f.outsider).proposeFamilyLink(f.bob.address, PARENT), 'PatientNotRegistered', [
      f.outsider.address,
    ]);
    await expectRevert(ctx.hub(f.alice).proposeFamilyLink(f.outsider.address, PARENT), 'PatientNotRegistered', [
      f.outsider.address,
    ]);
    await expectRevert(ctx.hub(f.alice).proposeFamilyLink(f.alice.address, PARENT), 'SelfLink');
    await expectRevert(ctx.hub(f.alice).proposeFamilyLink(f.bob.address, 0), 'InvalidRelation', [0]);
    await expectRevert(ctx.hub(f.alice).proposeFamilyLink(f.bob.address, 10), 'InvalidRelation', [10]);
    await send(ctx.hub(f.alice).proposeFamilyLink(f.bob.address, PARENT));
    await expectRevert(ctx.hub(f.alice).proposeFamilyLink(f.bob.address, SIBLING), 'FamilyLinkExists');
    await expectRevert(ctx.hub(f.bob).proposeFamilyLink(f.alice.address, CHILD), 'FamilyLinkExists', [
      f.bob.address,
      f.alice.address,
    ]);
  });

  it('rejects confirmations that do not match a pending proposal to the caller', async () => {
    const { ctx, f } = s;
    await expectRevert(ctx.hub(f.bob).confirmFamilyLink(f.alice.address, PARENT), 'NoPendingProposal');
    await send(ctx.hub(f.alice).proposeFamilyLink(f.bob.address, PARENT));
    await expectRevert(ctx.hub(f.bob).confirmFamilyLink(f.alice.address, CHILD), 'NoPendingProposal', [
      f.alice.address,
      f.bob.address,
    ]);
    await expectRevert(ctx.hub(f.alice).confirmFamilyLink(f.alice.address, PARENT), 'NoPendingProposal');
    await expectRevert(ctx.hub(f.alice).confirmFamilyLink(f.bob.address, PARENT), 'NoPendingProposal');
    await expectRevert(ctx.hub(f.carol).confirmFamilyLink(f.alice.address, PARENT), 'NoPendingProposal');
    await send(ctx.hub(f.bob).confirmFamilyLink(f.alice.address, PARENT));
    await expectRevert(ctx.hub(f.bob).confirmFamilyLink(f.alice.address, PARENT), 'NoPendingProposal');
  });

  it('rejects dissolving a link that does not exist', async () => {
    const { ctx, f } = s;
    await expectRevert(ctx.hub(f.alice).dissolveFamilyLink(f.bob.address), 'NoFamilyLink', [
      f.alice.address,
      f.bob.address,
    ]);
    await send(ctx.hub(f.alice).proposeFamilyLink(f.bob.address, PARENT));
    await expectRevert(ctx.hub(f.carol).dissolveFamilyLink(f.bob.address), 'NoFamilyLink');
  });
});
