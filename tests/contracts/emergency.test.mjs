import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import {
  CODEC,
  SCOPE,
  bit,
  eventsOf,
  expectEvent,
  expectRevert,
  randomBytesHex,
  randomKey,
  ROLE,
  enrol,
  send,
  useChain,
} from './helpers.mjs';

const hooks = { before, after, beforeEach, afterEach };
const DAY = 86400;
const ER_SCOPES = bit(SCOPE.ALLERGIES, SCOPE.PRESCRIPTIONS, SCOPE.NOTES);

describe('Emergency access', () => {
  const s = useChain(hooks);

  async function authorise(ctx, f, scopes = ER_SCOPES) {
    return send(ctx.hub(f.alice).setEmergencyInstitution(f.hospital, scopes, randomBytesHex(80)));
  }

  it('lets a patient pre-authorise an institution with chosen scopes', async () => {
    const { ctx, f } = s;
    const keys = randomBytesHex(80);
    const r = await send(ctx.hub(f.alice).setEmergencyInstitution(f.hospital, ER_SCOPES, keys));
    const ev = await expectEvent(r, 'EmergencyInstitutionSet');
    assert.equal(ev.patient, f.alice.address);
    assert.equal(ev.institutionId, BigInt(f.hospital));
    assert.equal(ev.scopes, BigInt(ER_SCOPES));
    assert.equal(ev.wrappedKeys, keys);
    assert.equal(await ctx.hub().emergencyScopes(f.alice.address, f.hospital), BigInt(ER_SCOPES));
    assert.equal(
      await ctx.hub().accessMask(f.alice.address, f.doctor.address),
      0n,
      'no access before the glass is broken',
    );
  });

  it('rejects bad authorisations', async () => {
    const { ctx, f } = s;
    await expectRevert(ctx.hub(f.outsider).setEmergencyInstitution(f.hospital, 1, '0x'), 'PatientNotRegistered');
    await expectRevert(ctx.hub(f.alice).setEmergencyInstitution(0, 1, '0x'), 'UnknownInstitution', [0]);
    await expectRevert(ctx.hub(f.alice).setEmergencyInstitution(9, 1, '0x'), 'UnknownInstitution', [9]);
    await expectRevert(ctx.hub(f.alice).setEmergencyInstitution(f.hospital, 0, '0x'), 'NoChange');
    await send(ctx.hub(f.superAdmin).suspendInstitution(f.hospital));
    await expectRevert(ctx.hub(f.alice).setEmergencyInstitution(f.hospital, 1, '0x'), 'InstitutionIsSuspended', [
      f.hospital,
    ]);
  });

  it('opens time-boxed access with a reason and notifies the patient', async () => {
    const { ctx, f } = s;
    await authorise(ctx, f);
    const hub = ctx.hub(f.doctor);
    const until = await hub.openEmergencyAccess.staticCall(f.alice.address, 1, 3600);
    const r = await send(hub.openEmergencyAccess(f.alice.address, 1, 3600));
    const block = await ctx.provider.getBlock(r.blockNumber);
    const ev = await expectEvent(r, 'EmergencyAccessOpened');
    assert.equal(ev.patient, f.alice.address);
    assert.equal(ev.member, f.doctor.address);
    assert.equal(ev.institutionId, BigInt(f.hospital));
    assert.equal(ev.reason, 1n);
    assert.equal(ev.until, BigInt(block.timestamp + 3600));
    assert.ok(until >= BigInt(block.timestamp + 3600) - 2n);
    const view = await ctx.hub().emergencyAccess(f.alice.address, f.doctor.address);
    assert.deepEqual(
      [view.until, view.institutionId, view.reason, view.active],
      [ev.until, BigInt(f.hospital), 1n, true],
    );
    const h = ctx.hub();
    assert.equal(await ctx.lens().hasAccess(f.alice.address, f.doctor.address, SCOPE.ALLERGIES), true);
    assert.equal(
      await ctx.lens().hasAccess(f.alice.address, f.doctor.address, SCOPE.MENTAL_HEALTH),
      false,
      'outside the authorised scopes',
    );
    assert.equal(
      await ctx.lens().hasAccess(f.alice.address, f.nurse.address, SCOPE.ALLERGIES),
      false,
      'only the opener',
    );
    await send(hub.addRecord(f.alice.address, randomKey(), CODEC.RAW, SCOPE.NOTES));
  });

  it('ends by itself after the duration', async () => {
    const { ctx, f } = s;
    await authorise(ctx, f);
    const r = await send(ctx.hub(f.doctor).openEmergencyAccess(f.alice.address, 2, DAY));
    const opened = (await ctx.provider.getBlock(r.blockNumber)).timestamp;
    await ctx.mineAt(opened + DAY - 1);
    assert.equal(await ctx.lens().hasAccess(f.alice.address, f.doctor.address, SCOPE.NOTES), true);
    await ctx.mineAt(opened + DAY);
    assert.equal(await ctx.lens().hasAccess(f.alice.address, f.doctor.address, SCOPE.NOTES), false);
    assert.equal((await ctx.hub().emergencyAccess(f.alice.address, f.doctor.address)).active, false);
    await expectRevert(ctx.hub(f.doctor).addRecord(f.alice.address, randomKey(), CODEC.RAW, SCOPE.NOTES), 'NoAccess');
    await expectRevert(
      ctx.hub(f.alice).closeEmergencyAccess(f.alice.address, f.doctor.address),
      'NoActiveEmergencyAccess',
      [f.alice.address, f.doctor.address],
    );
  });

  it('rejects missing or unknown reason codes and bad durations', async () => {
    const { ctx, f } = s;
    await authorise(ctx, f);
    const hub = ctx.hub(f.doctor);
    await expectRevert(hub.openEmergencyAccess(f.alice.address, 0, 3600), 'InvalidReasonCode', [0]);
    await expectRevert(hub.openEmergencyAccess(f.alice.address, 7, 3600), 'InvalidReasonCode', [7]);
    await expectRevert(hub.openEmergencyAccess(f.alice.address, 1, 0), 'InvalidDuration', [0]);
    await expectRevert(hub.openEmergencyAccess(f.alice.address, 1, DAY + 1), 'InvalidDuration', [DAY + 1]);
    for (let reason = 1; reason <= 6; reason++) await send(hub.openEmergencyAccess(f.alice.address, reason, 60));
  });

  it('rejects openers without standing', async () => {
    const { ctx, f } = s;
    await authorise(ctx, f);
    await expectRevert(ctx.hub(f.doctor).openEmergencyAccess(f.outsider.address, 1, 60), 'PatientNotRegistered');
    await expectRevert(ctx.hub(f.outsider).openEmergencyAccess(f.alice.address, 1, 60), 'NotMember', [
      f.outsider.address,
    ]);
    await expectRevert(ctx.hub(f.labDoctor).openEmergencyAccess(f.alice.address, 1, 60), 'NotEmergencyInstitution', [
      f.alice.address,
      f.lab,
    ]);
    await expectRevert(ctx.hub(f.doctor).openEmergencyAccess(f.bob.address, 1, 60), 'NotEmergencyInstitution', [
      f.bob.address,
      f.hospital,
    ]);
    await send(ctx.hub(f.superAdmin).suspendInstitution(f.hospital));
    await expectRevert(ctx.hub(f.doctor).openEmergencyAccess(f.alice.address, 1, 60), 'InstitutionIsSuspended');
    await send(ctx.hub(f.superAdmin).unsuspendInstitution(f.hospital));
    await send(ctx.hub(f.hospitalAdmin).removeMember(f.hospital, f.doctor.address));
    await expectRevert(ctx.hub(f.doctor).openEmergencyAccess(f.alice.address, 1, 60), 'NotMember');
  });

  it('can be closed early by the patient or the member, nobody else', async () => {
    const { ctx, f } = s;
    await authorise(ctx, f);
    await send(ctx.hub(f.doctor).openEmergencyAccess(f.alice.address, 1, 3600));
    await send(ctx.hub(f.nurse).openEmergencyAccess(f.alice.address, 1, 3600));
    await expectRevert(ctx.hub(f.nurse).closeEmergencyAccess(f.alice.address, f.doctor.address), 'NotAuthorized', [
      f.nurse.address,
    ]);
    // The member ends only their own window: the authorisation and the epochs stay.
    const r2 = await send(ctx.hub(f.nurse).closeEmergencyAccess(f.alice.address, f.nurse.address));
    assert.deepEqual(
      (await eventsOf(r2)).map((e) => e.name),
      ['EmergencyAccessClosed'],
    );
    assert.equal((await expectEvent(r2, 'EmergencyAccessClosed')).closedBy, f.nurse.address);
    assert.equal(await ctx.hub().accessMask(f.alice.address, f.nurse.address), 0n);
    assert.equal(await ctx.hub().accessMask(f.alice.address, f.doctor.address), BigInt(ER_SCOPES));
    assert.equal(await ctx.hub().emergencyScopes(f.alice.address, f.hospital), BigInt(ER_SCOPES));
    // The patient ends the window and, with it, the institution's authorisation.
    const r1 = await send(ctx.hub(f.alice).closeEmergencyAccess(f.alice.address, f.doctor.address));
    assert.deepEqual(
      (await eventsOf(r1)).map((e) => e.name),
      ['EmergencyAccessClosed', 'EmergencyInstitutionSet', 'EpochsAdvanced'],
    );
    assert.equal((await expectEvent(r1, 'EmergencyAccessClosed')).closedBy, f.alice.address);
    assert.equal((await expectEvent(r1, 'EmergencyInstitutionSet')).scopes, 0n);
    assert.equal((await expectEvent(r1, 'EpochsAdvanced')).scopes, BigInt(ER_SCOPES));
    assert.equal(await ctx.hub().accessMask(f.alice.address, f.doctor.address), 0n);
    assert.equal(await ctx.hub().emergencyScopes(f.alice.address, f.hospital), 0n);
    await expectRevert(
      ctx.hub(f.doctor).closeEmergencyAccess(f.alice.address, f.doctor.address),
      'NoActiveEmergencyAccess',
    );
  });

  it('cannot be re-opened after the patient closed a window, until the patient authorises again', async () => {
    const { ctx, f } = s;
    await authorise(ctx, f);
    await send(ctx.hub(f.doctor).openEmergencyAccess(f.alice.address, 1, 3600));
    await send(ctx.hub(f.alice).closeEmergencyAccess(f.alice.address, f.doctor.address));
    for (const m of [f.doctor, f.nurse]) {
      await expectRevert(ctx.hub(m).openEmergencyAccess(f.alice.address, 1, 3600), 'NotEmergencyInstitution', [
        f.alice.address,
        f.hospital,
      ]);
    }
    for (const scope of [SCOPE.ALLERGIES, SCOPE.PRESCRIPTIONS, SCOPE.NOTES]) {
      assert.equal(await ctx.lens().epochOf(f.alice.address, scope), 1n, `scope ${scope} advanced`);
    }
    await authorise(ctx, f);
    await send(ctx.hub(f.doctor).openEmergencyAccess(f.alice.address, 1, 3600));
    assert.equal(await ctx.hub().accessMask(f.alice.address, f.doctor.address), BigInt(ER_SCOPES));
  });

  it('can be re-opened by a member who closed their own window', async () => {
    const { ctx, f } = s;
    await authorise(ctx, f);
    await send(ctx.hub(f.doctor).openEmergencyAccess(f.alice.address, 1, 3600));
    await send(ctx.hub(f.doctor).closeEmergencyAccess(f.alice.address, f.doctor.address));
    assert.deepEqual((await ctx.hub().epochs(f.alice.address)).map(Number), new Array(32).fill(0), 'no epoch advanced');
    await send(ctx.hub(f.doctor).openEmergencyAccess(f.alice.address, 3, 600));
    assert.equal(await ctx.hub().accessMask(f.alice.address, f.doctor.address), BigInt(ER_SCOPES));
  });

  it('needs a published group key before an institution can be authorised', async () => {
    const { ctx, f } = s;
    await send(ctx.hub(f.superAdmin).addInstitution(1, 'Keyless Clinic Demo', 'XX', f.outsider.address));
    await expectRevert(ctx.hub(f.alice).setEmergencyInstitution(3, ER_SCOPES, '0x'), 'NoGroupKey', [3]);
    await send(ctx.hub(f.outsider).publishGroupKey(3, randomKey(), 1));
    await send(ctx.hub(f.alice).setEmergencyInstitution(3, ER_SCOPES, randomBytesHex(80)));
    assert.equal(await ctx.hub().emergencyScopes(f.alice.address, 3), BigInt(ER_SCOPES));
  });

  it('stops at once when the authorisation is withdrawn, and rotates the dropped scopes', async () => {
    const { ctx, f } = s;
    await authorise(ctx, f);
    await send(ctx.hub(f.doctor).openEmergencyAccess(f.alice.address, 1, 3600));
    const narrowed = bit(SCOPE.ALLERGIES);
    const r1 = await send(ctx.hub(f.alice).setEmergencyInstitution(f.hospital, narrowed, '0x'));
    assert.deepEqual(
      (await eventsOf(r1)).map((e) => e.name),
      ['EmergencyInstitutionSet', 'EpochsAdvanced'],
    );
    assert.equal((await expectEvent(r1, 'EpochsAdvanced')).scopes, BigInt(ER_SCOPES & ~narrowed));
    assert.equal(await ctx.hub().accessMask(f.alice.address, f.doctor.address), BigInt(narrowed));
    await send(ctx.hub(f.alice).setEmergencyInstitution(f.hospital, 0, '0x'));
    assert.equal(await ctx.hub().accessMask(f.alice.address, f.doctor.address), 0n);
    assert.equal(await ctx.lens().epochOf(f.alice.address, SCOPE.ALLERGIES), 1n);
    assert.equal(await ctx.lens().epochOf(f.alice.address, SCOPE.NOTES), 1n);
  });

  it('stops when the member is removed or the institution suspended', async () => {
    const { ctx, f } = s;
    await authorise(ctx, f);
    await send(ctx.hub(f.doctor).openEmergencyAccess(f.alice.address, 1, 3600));
    await send(ctx.hub(f.nurse).openEmergencyAccess(f.alice.address, 1, 3600));
    await send(ctx.hub(f.superAdmin).suspendInstitution(f.hospital));
    assert.equal(await ctx.hub().accessMask(f.alice.address, f.doctor.address), 0n);
    await send(ctx.hub(f.superAdmin).unsuspendInstitution(f.hospital));
    assert.equal(await ctx.hub().accessMask(f.alice.address, f.doctor.address), BigInt(ER_SCOPES));
    await send(ctx.hub(f.hospitalAdmin).removeMember(f.hospital, f.doctor.address));
    assert.equal(await ctx.hub().accessMask(f.alice.address, f.doctor.address), 0n);
    await enrol(ctx, f.labAdmin, f.lab, f.doctor, ROLE.DOCTOR);
    assert.equal(await ctx.hub().accessMask(f.alice.address, f.doctor.address), 0n, 'not through another institution');
    assert.equal(await ctx.hub().accessMask(f.alice.address, f.nurse.address), BigInt(ER_SCOPES));
  });
});
