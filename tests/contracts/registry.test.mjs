import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { ZeroAddress, parseEther } from 'ethers';
import {
  KIND,
  ROLE,
  enrol,
  eventsOf,
  expectEvent,
  expectRevert,
  randomKey,
  send,
  standardFixture,
  useChain,
} from './helpers.mjs';

const hooks = { before, after, beforeEach, afterEach };

describe('Registry: super-admin', () => {
  const s = useChain(hooks);

  it('starts with the deployer as admin and logs it', async () => {
    const { ctx } = s;
    assert.equal(await ctx.hub().admin(), ctx.wallets[0].address);
    assert.equal(await ctx.hub().pendingAdmin(), ZeroAddress);
    const hub = ctx.hub();
    const logs = await hub.queryFilter(hub.filters.AdminTransferred(), 0);
    assert.equal(logs.length, 1);
    assert.equal(logs[0].args.previousAdmin, ZeroAddress);
    assert.equal(logs[0].args.newAdmin, ctx.wallets[0].address);
  });

  it('transfers the role in two steps', async () => {
    const { ctx, f } = s;
    const next = ctx.wallets[15];
    const r1 = await send(ctx.hub(f.superAdmin).transferAdmin(next.address));
    const started = await expectEvent(r1, 'AdminTransferStarted');
    assert.equal(started.pendingAdmin, next.address);
    assert.equal(await ctx.hub().pendingAdmin(), next.address);
    assert.equal(await ctx.hub().admin(), f.superAdmin.address, 'not moved before acceptance');
    await expectRevert(ctx.hub(ctx.wallets[16]).acceptAdmin(), 'NotPendingAdmin', [ctx.wallets[16].address]);
    const r2 = await send(ctx.hub(next).acceptAdmin());
    const moved = await expectEvent(r2, 'AdminTransferred');
    assert.equal(moved.previousAdmin, f.superAdmin.address);
    assert.equal(moved.newAdmin, next.address);
    assert.equal(await ctx.hub().admin(), next.address);
    assert.equal(await ctx.hub().pendingAdmin(), ZeroAddress);
    await expectRevert(ctx.hub(f.superAdmin).addInstitution(KIND.LAB, 'X', 'XX', f.outsider.address), 'NotAdmin');
    await send(ctx.hub(next).addInstitution(KIND.LAB, 'X Lab', 'XX', f.outsider.address));
  });

  it('can cancel a pending transfer with the zero address', async () => {
    const { ctx, f } = s;
    const next = ctx.wallets[15];
    await send(ctx.hub(f.superAdmin).transferAdmin(next.address));
    await send(ctx.hub(f.superAdmin).transferAdmin(ZeroAddress));
    await expectRevert(ctx.hub(next).acceptAdmin(), 'NotPendingAdmin', [next.address]);
  });

  it('rejects transferAdmin from anyone but the admin', async () => {
    const { ctx, f } = s;
    await expectRevert(ctx.hub(f.hospitalAdmin).transferAdmin(f.outsider.address), 'NotAdmin', [
      f.hospitalAdmin.address,
    ]);
  });

  it('rejects acceptAdmin when nothing is pending', async () => {
    const { ctx, f } = s;
    await expectRevert(ctx.hub(f.outsider).acceptAdmin(), 'NotPendingAdmin', [f.outsider.address]);
  });
});

describe('Registry: institutions', () => {
  const s = useChain(hooks);

  it('adds an institution with public data in the event only', async () => {
    const { ctx, f } = s;
    const hub = ctx.hub(f.superAdmin);
    const id = await hub.addInstitution.staticCall(KIND.PHARMACY, 'Corner Pharmacy Demo', 'FR', f.outsider.address);
    assert.equal(id, 3n);
    const r = await send(hub.addInstitution(KIND.PHARMACY, 'Corner Pharmacy Demo', 'FR', f.outsider.address));
    const ev = await expectEvent(r, 'InstitutionAdded');
    assert.equal(ev.institutionId, 3n);
    assert.equal(ev.kind, BigInt(KIND.PHARMACY));
    assert.equal(ev.admin, f.outsider.address);
    assert.equal(ev.name, 'Corner Pharmacy Demo');
    assert.equal(ev.jurisdiction, 'FR');
    assert.equal(await hub.institutionCount(), 3n);
    const inst = await hub.institution(3);
    assert.equal(inst.institutionAdmin, f.outsider.address);
    assert.equal(inst.kind, BigInt(KIND.PHARMACY));
    assert.equal(inst.suspended, false);
    assert.equal(inst.groupKey, `0x${'00'.repeat(32)}`);
    assert.equal(inst.keyVersion, 0n);
  });

  it('accepts every kind and rejects others', async () => {
    const { ctx, f } = s;
    const hub = ctx.hub(f.superAdmin);
    for (const kind of Object.values(KIND))
      await send(hub.addInstitution(kind, `Kind ${kind}`, 'XX', f.outsider.address));
    await expectRevert(hub.addInstitution(0, 'Bad', 'XX', f.outsider.address), 'InvalidInstitutionKind', [0]);
    await expectRevert(hub.addInstitution(5, 'Bad', 'XX', f.outsider.address), 'InvalidInstitutionKind', [5]);
  });

  it('rejects an empty name, a zero admin and non-admin callers', async () => {
    const { ctx, f } = s;
    await expectRevert(ctx.hub(f.superAdmin).addInstitution(KIND.LAB, '', 'XX', f.outsider.address), 'EmptyName');
    await expectRevert(ctx.hub(f.superAdmin).addInstitution(KIND.LAB, 'Lab', 'XX', ZeroAddress), 'ZeroAddress');
    await expectRevert(ctx.hub(f.hospitalAdmin).addInstitution(KIND.LAB, 'Lab', 'XX', f.outsider.address), 'NotAdmin', [
      f.hospitalAdmin.address,
    ]);
  });

  it('changes an institution admin', async () => {
    const { ctx, f } = s;
    const r = await send(ctx.hub(f.superAdmin).setInstitutionAdmin(f.hospital, f.outsider.address));
    const ev = await expectEvent(r, 'InstitutionAdminChanged');
    assert.equal(ev.previousAdmin, f.hospitalAdmin.address);
    assert.equal(ev.newAdmin, f.outsider.address);
    await expectRevert(
      ctx.hub(f.hospitalAdmin).addMember(f.hospital, ctx.wallets[15].address, ROLE.NURSE, 'L', 'S', 'N'),
      'NotInstitutionAdmin',
      [f.hospital, f.hospitalAdmin.address],
    );
    await send(ctx.hub(f.outsider).addMember(f.hospital, ctx.wallets[15].address, ROLE.NURSE, 'L', 'S', 'N'));
  });

  it('rejects bad setInstitutionAdmin calls', async () => {
    const { ctx, f } = s;
    await expectRevert(ctx.hub(f.hospitalAdmin).setInstitutionAdmin(f.hospital, f.outsider.address), 'NotAdmin');
    await expectRevert(ctx.hub(f.superAdmin).setInstitutionAdmin(0, f.outsider.address), 'UnknownInstitution', [0]);
    await expectRevert(ctx.hub(f.superAdmin).setInstitutionAdmin(9, f.outsider.address), 'UnknownInstitution', [9]);
    await expectRevert(ctx.hub(f.superAdmin).setInstitutionAdmin(f.hospital, ZeroAddress), 'ZeroAddress');
  });

  it('suspends and reinstates an institution', async () => {
    const { ctx, f } = s;
    const hub = ctx.hub(f.superAdmin);
    const r1 = await send(hub.suspendInstitution(f.hospital));
    assert.equal((await expectEvent(r1, 'InstitutionSuspensionChanged')).suspended, true);
    assert.equal((await hub.institution(f.hospital)).suspended, true);
    assert.equal((await hub.member(f.doctor.address)).live, false);
    await expectRevert(hub.suspendInstitution(f.hospital), 'InstitutionIsSuspended', [f.hospital]);
    await expectRevert(
      ctx.hub(f.hospitalAdmin).addMember(f.hospital, f.outsider.address, ROLE.DOCTOR, 'L', 'S', 'N'),
      'InstitutionIsSuspended',
      [f.hospital],
    );
    // An invitation made before the suspension cannot be accepted during it.
    await send(hub.unsuspendInstitution(f.hospital));
    await send(ctx.hub(f.hospitalAdmin).addMember(f.hospital, f.outsider.address, ROLE.DOCTOR, 'L', 'S', 'N'));
    await send(hub.suspendInstitution(f.hospital));
    await expectRevert(
      ctx.hub(f.outsider).acceptMembership(f.hospital, ROLE.DOCTOR, 'L', 'S', 'N'),
      'InstitutionIsSuspended',
      [f.hospital],
    );
    const r2 = await send(hub.unsuspendInstitution(f.hospital));
    assert.equal((await expectEvent(r2, 'InstitutionSuspensionChanged')).suspended, false);
    assert.equal((await hub.member(f.doctor.address)).live, true);
    await expectRevert(hub.unsuspendInstitution(f.hospital), 'InstitutionNotSuspended', [f.hospital]);
  });

  it('rejects suspension by non-admins and of unknown institutions', async () => {
    const { ctx, f } = s;
    await expectRevert(ctx.hub(f.hospitalAdmin).suspendInstitution(f.hospital), 'NotAdmin');
    await expectRevert(ctx.hub(f.hospitalAdmin).unsuspendInstitution(f.hospital), 'NotAdmin');
    await expectRevert(ctx.hub(f.superAdmin).suspendInstitution(7), 'UnknownInstitution', [7]);
    await expectRevert(ctx.hub(f.superAdmin).unsuspendInstitution(7), 'UnknownInstitution', [7]);
  });
});

describe('Registry: members and group keys', () => {
  // No group keys yet: these tests publish the first ones themselves.
  const s = useChain(hooks, { fixture: (ctx) => standardFixture(ctx, { groupKeys: false }) });

  it('invites a member with public listing data in the event; the member joins on accepting', async () => {
    const { ctx, f } = s;
    const who = ctx.wallets[15];
    const r = await send(
      ctx
        .hub(f.hospitalAdmin)
        .addMember(f.hospital, who.address, ROLE.LAB_TECHNICIAN, 'LIC-9', 'Microbiology', 'Tech Demo Nine'),
    );
    assert.deepEqual(
      (await eventsOf(r)).map((e) => e.name),
      ['MemberInvited'],
    );
    const inv = await expectEvent(r, 'MemberInvited');
    assert.deepEqual(
      [inv.institutionId, inv.account, inv.role, inv.licence, inv.specialty, inv.displayName],
      [BigInt(f.hospital), who.address, BigInt(ROLE.LAB_TECHNICIAN), 'LIC-9', 'Microbiology', 'Tech Demo Nine'],
    );
    const pending = await ctx.hub().invitation(who.address);
    assert.deepEqual([pending.institutionId, pending.role], [BigInt(f.hospital), BigInt(ROLE.LAB_TECHNICIAN)]);
    const before = await ctx.hub().member(who.address);
    assert.deepEqual(
      [before.institutionId, before.role, before.live],
      [0n, 0n, false],
      'not a member before accepting',
    );
    const a = await send(
      ctx.hub(who).acceptMembership(f.hospital, ROLE.LAB_TECHNICIAN, 'LIC-9', 'Microbiology', 'Tech Demo Nine'),
    );
    const ev = await expectEvent(a, 'MemberAdded');
    assert.equal(ev.institutionId, BigInt(f.hospital));
    assert.equal(ev.member, who.address);
    assert.equal(ev.role, BigInt(ROLE.LAB_TECHNICIAN));
    assert.equal(ev.licence, 'LIC-9');
    assert.equal(ev.specialty, 'Microbiology');
    assert.equal(ev.displayName, 'Tech Demo Nine');
    const m = await ctx.hub().member(who.address);
    assert.deepEqual([m.institutionId, m.role, m.live], [BigInt(f.hospital), BigInt(ROLE.LAB_TECHNICIAN), true]);
    const cleared = await ctx.hub().invitation(who.address);
    assert.deepEqual([cleared.institutionId, cleared.role], [0n, 0n], 'the invitation is used up');
    await expectRevert(
      ctx.hub(who).acceptMembership(f.hospital, ROLE.LAB_TECHNICIAN, 'LIC-9', 'Microbiology', 'Tech Demo Nine'),
      'NoInvitation',
      [who.address, f.hospital],
    );
  });

  it('rejects bad addMember calls', async () => {
    const { ctx, f } = s;
    const who = ctx.wallets[15].address;
    await expectRevert(
      ctx.hub(f.labAdmin).addMember(f.hospital, who, ROLE.DOCTOR, 'L', 'S', 'N'),
      'NotInstitutionAdmin',
      [f.hospital, f.labAdmin.address],
    );
    await expectRevert(
      ctx.hub(f.doctor).addMember(f.hospital, who, ROLE.DOCTOR, 'L', 'S', 'N'),
      'NotInstitutionAdmin',
      [f.hospital, f.doctor.address],
    );
    await expectRevert(
      ctx.hub(f.hospitalAdmin).addMember(99, who, ROLE.DOCTOR, 'L', 'S', 'N'),
      'UnknownInstitution',
      [99],
    );
    await expectRevert(
      ctx.hub(f.hospitalAdmin).addMember(f.hospital, ZeroAddress, ROLE.DOCTOR, 'L', 'S', 'N'),
      'ZeroAddress',
    );
    await expectRevert(ctx.hub(f.hospitalAdmin).addMember(f.hospital, who, 0, 'L', 'S', 'N'), 'InvalidRole', [0]);
    await expectRevert(ctx.hub(f.hospitalAdmin).addMember(f.hospital, who, 4, 'L', 'S', 'N'), 'InvalidRole', [4]);
    await expectRevert(
      ctx.hub(f.hospitalAdmin).addMember(f.hospital, f.labTech.address, ROLE.DOCTOR, 'L', 'S', 'N'),
      'AlreadyMember',
      [f.labTech.address, f.lab],
    );
  });

  it('removes a member, who may then join another institution', async () => {
    const { ctx, f } = s;
    await send(ctx.hub(f.hospitalAdmin).publishGroupKey(f.hospital, randomKey(), 3));
    assert.equal(await ctx.hub().exposedKeyVersion(f.hospital), 0n);
    const r = await send(ctx.hub(f.hospitalAdmin).removeMember(f.hospital, f.nurse.address));
    const ev = await expectEvent(r, 'MemberRemoved');
    assert.equal(ev.member, f.nurse.address);
    const m = await ctx.hub().member(f.nurse.address);
    assert.deepEqual([m.institutionId, m.role, m.live], [0n, 0n, false]);
    assert.equal(await ctx.hub().exposedKeyVersion(f.hospital), 3n, 'the departed member held group key version 3');
    assert.equal(await ctx.hub().exposedKeyVersion(f.lab), 0n);
    await enrol(ctx, f.labAdmin, f.lab, f.nurse, ROLE.LAB_TECHNICIAN);
    assert.equal((await ctx.hub().member(f.nurse.address)).institutionId, BigInt(f.lab));
    await send(ctx.hub(f.hospitalAdmin).publishGroupKey(f.hospital, randomKey(), 4));
    assert.equal(await ctx.hub().exposedKeyVersion(f.hospital), 3n, 'rotating does not change what was exposed');
  });

  it('rejects bad removeMember calls', async () => {
    const { ctx, f } = s;
    await expectRevert(ctx.hub(f.labAdmin).removeMember(f.hospital, f.nurse.address), 'NotInstitutionAdmin');
    await expectRevert(ctx.hub(f.hospitalAdmin).removeMember(f.hospital, f.labTech.address), 'NotMemberOf', [
      f.labTech.address,
      f.hospital,
    ]);
    await expectRevert(ctx.hub(f.hospitalAdmin).removeMember(f.hospital, f.outsider.address), 'NotMemberOf');
    await expectRevert(ctx.hub(f.hospitalAdmin).removeMember(42, f.nurse.address), 'UnknownInstitution', [42]);
  });

  it('publishes and rotates the group key with increasing versions', async () => {
    const { ctx, f } = s;
    const k1 = randomKey();
    const k2 = randomKey();
    const r1 = await send(ctx.hub(f.hospitalAdmin).publishGroupKey(f.hospital, k1, 1));
    const ev = await expectEvent(r1, 'GroupKeyPublished');
    assert.equal(ev.groupKey, k1);
    assert.equal(ev.keyVersion, 1n);
    await send(ctx.hub(f.hospitalAdmin).publishGroupKey(f.hospital, k2, 5));
    const inst = await ctx.hub().institution(f.hospital);
    assert.equal(inst.groupKey, k2);
    assert.equal(inst.keyVersion, 5n);
    await expectRevert(ctx.hub(f.hospitalAdmin).publishGroupKey(f.hospital, k1, 5), 'StaleKeyVersion', [5, 5]);
    await expectRevert(ctx.hub(f.hospitalAdmin).publishGroupKey(f.hospital, k1, 4), 'StaleKeyVersion', [5, 4]);
  });

  it('points members at the wraps of the group key in force, and only of that version', async () => {
    const { ctx, f } = s;
    const digest = randomKey();
    await expectRevert(
      ctx.hub(f.hospitalAdmin).publishMemberWraps(f.hospital, 1, digest, 0x55),
      'KeyVersionMismatch',
      [0, 1],
    );
    await send(ctx.hub(f.hospitalAdmin).publishGroupKey(f.hospital, randomKey(), 3));
    const r = await send(ctx.hub(f.hospitalAdmin).publishMemberWraps(f.hospital, 3, digest, 0x70));
    const ev = await expectEvent(r, 'MemberWrapsPublished');
    assert.equal(ev.institutionId, BigInt(f.hospital));
    assert.equal(ev.keyVersion, 3n);
    assert.equal(ev.digest, digest);
    assert.equal(ev.codec, 0x70n);
    // Sealing the same version for one more member publishes it again.
    await send(ctx.hub(f.hospitalAdmin).publishMemberWraps(f.hospital, 3, randomKey(), 0x55));
    const hub = ctx.hub();
    assert.equal((await hub.queryFilter(hub.filters.MemberWrapsPublished(f.hospital, 3), 0)).length, 2);
    await expectRevert(
      ctx.hub(f.hospitalAdmin).publishMemberWraps(f.hospital, 2, digest, 0x55),
      'KeyVersionMismatch',
      [3, 2],
    );
    await expectRevert(
      ctx.hub(f.hospitalAdmin).publishMemberWraps(f.hospital, 0, digest, 0x55),
      'KeyVersionMismatch',
      [3, 0],
    );
    await expectRevert(
      ctx.hub(f.hospitalAdmin).publishMemberWraps(f.hospital, 3, `0x${'00'.repeat(32)}`, 0x55),
      'EmptyDigest',
    );
    await expectRevert(
      ctx.hub(f.hospitalAdmin).publishMemberWraps(f.hospital, 3, digest, 0x71),
      'InvalidCodec',
      [0x71],
    );
    await expectRevert(ctx.hub(f.doctor).publishMemberWraps(f.hospital, 3, digest, 0x55), 'NotInstitutionAdmin');
    await expectRevert(ctx.hub(f.hospitalAdmin).publishMemberWraps(42, 3, digest, 0x55), 'UnknownInstitution', [42]);
  });

  it('rejects bad group keys and callers', async () => {
    const { ctx, f } = s;
    await expectRevert(ctx.hub(f.hospitalAdmin).publishGroupKey(f.hospital, `0x${'00'.repeat(32)}`, 1), 'ZeroKey');
    await expectRevert(ctx.hub(f.doctor).publishGroupKey(f.hospital, randomKey(), 1), 'NotInstitutionAdmin');
    await expectRevert(ctx.hub(f.superAdmin).publishGroupKey(f.hospital, randomKey(), 1), 'NotInstitutionAdmin');
    await expectRevert(ctx.hub(f.hospitalAdmin).publishGroupKey(0, randomKey(), 1), 'UnknownInstitution', [0]);
  });

  it('lets members set their own encryption key', async () => {
    const { ctx, f } = s;
    const k = randomKey();
    const r = await send(ctx.hub(f.doctor).setMemberKey(k));
    assert.equal((await expectEvent(r, 'MemberKeySet')).encryptionKey, k);
    assert.equal(await ctx.hub().memberKey(f.doctor.address), k);
    await expectRevert(ctx.hub(f.outsider).setMemberKey(randomKey()), 'NotMember', [f.outsider.address]);
    await expectRevert(ctx.hub(f.doctor).setMemberKey(`0x${'00'.repeat(32)}`), 'ZeroKey');
  });
});

describe('Registry: patients and ETH', () => {
  const s = useChain(hooks);

  it('registers a patient with only a public key', async () => {
    const { ctx, f } = s;
    const k = randomKey();
    const r = await send(ctx.hub(f.outsider).registerPatient(k));
    const ev = await expectEvent(r, 'PatientRegistered');
    assert.equal(ev.patient, f.outsider.address);
    assert.equal(ev.encryptionKey, k);
    assert.equal(await ctx.hub().isPatient(f.outsider.address), true);
    assert.equal(await ctx.hub().patientKey(f.outsider.address), k);
    await expectRevert(ctx.hub(f.outsider).registerPatient(randomKey()), 'AlreadyRegistered', [f.outsider.address]);
    await expectRevert(ctx.hub(ctx.wallets[15]).registerPatient(`0x${'00'.repeat(32)}`), 'ZeroKey');
  });

  it('rotates a patient key', async () => {
    const { ctx, f } = s;
    const k = randomKey();
    assert.equal(await ctx.hub().patientKeyVersion(f.alice.address), 1n);
    const r = await send(ctx.hub(f.alice).rotatePatientKey(k));
    assert.deepEqual(
      (await eventsOf(r)).map((e) => e.name),
      ['PatientKeyRotated', 'EpochsAdvanced'],
    );
    assert.equal((await expectEvent(r, 'PatientKeyRotated')).encryptionKey, k);
    assert.equal((await expectEvent(r, 'EpochsAdvanced')).scopes, 0xffffffffn);
    assert.equal(await ctx.hub().patientKey(f.alice.address), k);
    assert.equal(await ctx.hub().patientKeyVersion(f.alice.address), 2n);
    assert.deepEqual((await ctx.hub().epochs(f.alice.address)).map(Number), new Array(32).fill(1 << 24));
    assert.equal(await ctx.hub().isPatient(f.alice.address), true, 'the chart header survives the rotation');
    assert.equal(await ctx.hub().patientKeyVersion(f.bob.address), 1n);
    assert.deepEqual((await ctx.hub().epochs(f.bob.address)).map(Number), new Array(32).fill(0));
    await expectRevert(ctx.hub(f.outsider).rotatePatientKey(randomKey()), 'PatientNotRegistered', [f.outsider.address]);
    await expectRevert(ctx.hub(f.alice).rotatePatientKey(`0x${'00'.repeat(32)}`), 'ZeroKey');
  });

  it('rejects ETH sent to any contract or with any call', async () => {
    const { ctx, f } = s;
    for (const address of Object.values(ctx.addresses)) {
      await assert.rejects(f.outsider.sendTransaction({ to: address, value: parseEther('1') }));
    }
    await assert.rejects(ctx.hub(f.outsider).registerPatient(randomKey(), { value: 1n }));
    for (const address of Object.values(ctx.addresses)) {
      assert.equal(await ctx.provider.getBalance(address), 0n);
    }
  });
});
