import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { ContractFactory, ZeroAddress, toBeHex } from 'ethers';
import { readArtifact } from '../../contracts/build.mjs';
import { expectEvent, expectRevert, institutionGrantee, memberGrantee, send, useChain } from './helpers.mjs';

const hooks = { before, after, beforeEach, afterEach };
const REQUESTED = 1;
const CONFIRMED = 2;
const DECLINED = 3;
const CANCELLED = 4;

describe('Appointments', () => {
  const s = useChain(hooks);

  async function request(ctx, patient, provider, offset = 86400, duration = 1800) {
    const start = (await ctx.now()) + offset;
    const r = await send(ctx.appointments(patient).requestAppointment(provider, start, duration));
    const ev = await expectEvent(r, 'AppointmentRequested');
    return { id: ev.appointmentId, start, ev };
  }

  it('is wired to the hub', async () => {
    const { ctx } = s;
    assert.equal(await ctx.appointments().hub(), ctx.addresses.EhrHub);
    assert.equal(await ctx.lens().hub(), ctx.addresses.EhrHub);
  });

  it('rejects a zero hub at deployment', async () => {
    const { ctx, f } = s;
    const art = await readArtifact('EhrAppointments');
    const factory = new ContractFactory(art.abi, art.bytecode, f.outsider);
    await expectRevert(factory.deploy(ZeroAddress), 'ZeroAddress');
  });

  it('books with a doctor, who confirms', async () => {
    const { ctx, f } = s;
    const provider = memberGrantee(f.doctor.address);
    const { id, start, ev } = await request(ctx, f.alice, provider);
    assert.equal(id, 1n);
    assert.deepEqual(
      [ev.patient, ev.provider, ev.start, ev.duration],
      [f.alice.address, provider, BigInt(start), 1800n],
    );
    let a = await ctx.appointments().appointment(id);
    assert.deepEqual(
      [a.patient, a.provider, a.start, a.duration, a.status],
      [f.alice.address, provider, BigInt(start), 1800n, BigInt(REQUESTED)],
    );
    const r = await send(ctx.appointments(f.doctor).confirmAppointment(id));
    const ch = await expectEvent(r, 'AppointmentStatusChanged');
    assert.deepEqual(
      [ch.patient, ch.appointmentId, ch.actor, ch.status],
      [f.alice.address, id, f.doctor.address, BigInt(CONFIRMED)],
    );
    a = await ctx.appointments().appointment(id);
    assert.equal(a.status, BigInt(CONFIRMED));
    assert.equal(await ctx.appointments().appointmentCount(), 1n);
  });

  it('books with an institution; any live member answers', async () => {
    const { ctx, f } = s;
    const { id: id1 } = await request(ctx, f.alice, institutionGrantee(f.hospital));
    const { id: id2 } = await request(ctx, f.bob, institutionGrantee(f.hospital));
    await send(ctx.appointments(f.nurse).confirmAppointment(id1));
    const r = await send(ctx.appointments(f.doctor).declineAppointment(id2));
    assert.equal((await expectEvent(r, 'AppointmentStatusChanged')).status, BigInt(DECLINED));
    assert.equal((await ctx.appointments().appointment(id2)).status, BigInt(DECLINED));
  });

  it('lets the patient or the provider side cancel', async () => {
    const { ctx, f } = s;
    const { id: id1 } = await request(ctx, f.alice, memberGrantee(f.doctor.address));
    await send(ctx.appointments(f.doctor).confirmAppointment(id1));
    const r1 = await send(ctx.appointments(f.alice).cancelAppointment(id1));
    const ev = await expectEvent(r1, 'AppointmentStatusChanged');
    assert.deepEqual([ev.actor, ev.status], [f.alice.address, BigInt(CANCELLED)]);
    const { id: id2 } = await request(ctx, f.alice, institutionGrantee(f.hospital));
    await send(ctx.appointments(f.nurse).cancelAppointment(id2));
    const { id: id3 } = await request(ctx, f.alice, memberGrantee(f.doctor.address));
    await send(ctx.appointments(f.doctor).cancelAppointment(id3));
    for (const id of [id1, id2, id3])
      assert.equal((await ctx.appointments().appointment(id)).status, BigInt(CANCELLED));
  });

  it('rejects bad requests', async () => {
    const { ctx, f } = s;
    const book = ctx.appointments(f.alice);
    const now = await ctx.now();
    const doc = memberGrantee(f.doctor.address);
    await expectRevert(ctx.appointments(f.outsider).requestAppointment(doc, now + 3600, 60), 'PatientNotRegistered', [
      f.outsider.address,
    ]);
    await expectRevert(book.requestAppointment(doc, now - 1, 60), 'StartInPast', [now - 1]);
    await expectRevert(book.requestAppointment(doc, now + 3600, 0), 'InvalidDuration', [0]);
    await expectRevert(book.requestAppointment(doc, now + 3600, 43201), 'InvalidDuration', [43201]);
    for (const bad of [
      memberGrantee(f.nurse.address),
      memberGrantee(f.outsider.address),
      memberGrantee(f.alice.address),
      institutionGrantee(0),
      institutionGrantee(9),
      toBeHex((2n << 160n) | 1n, 32),
      toBeHex((1n << 160n) | (1n << 40n), 32),
    ]) {
      await expectRevert(book.requestAppointment(bad, now + 3600, 60), 'InvalidProvider', [bad]);
    }
    await send(ctx.hub(f.superAdmin).suspendInstitution(f.hospital));
    await expectRevert(book.requestAppointment(doc, now + 3600, 60), 'InvalidProvider');
    await expectRevert(book.requestAppointment(institutionGrantee(f.hospital), now + 3600, 60), 'InvalidProvider');
  });

  it('rejects answers from the wrong people or in the wrong status', async () => {
    const { ctx, f } = s;
    const { id } = await request(ctx, f.alice, memberGrantee(f.doctor.address));
    for (const who of [f.alice, f.nurse, f.labDoctor, f.outsider]) {
      await expectRevert(ctx.appointments(who).confirmAppointment(id), 'NotAuthorized', [who.address]);
      await expectRevert(ctx.appointments(who).declineAppointment(id), 'NotAuthorized', [who.address]);
    }
    await expectRevert(ctx.appointments(f.bob).cancelAppointment(id), 'NotAuthorized', [f.bob.address]);
    const { id: inst } = await request(ctx, f.alice, institutionGrantee(f.hospital));
    await expectRevert(ctx.appointments(f.labDoctor).confirmAppointment(inst), 'NotAuthorized');
    await send(ctx.appointments(f.doctor).declineAppointment(id));
    await expectRevert(ctx.appointments(f.doctor).confirmAppointment(id), 'WrongAppointmentStatus', [id, DECLINED]);
    await expectRevert(ctx.appointments(f.doctor).declineAppointment(id), 'WrongAppointmentStatus', [id, DECLINED]);
    await expectRevert(ctx.appointments(f.alice).cancelAppointment(id), 'WrongAppointmentStatus', [id, DECLINED]);
    await send(ctx.appointments(f.alice).cancelAppointment(inst));
    await expectRevert(ctx.appointments(f.alice).cancelAppointment(inst), 'WrongAppointmentStatus', [inst, CANCELLED]);
    for (const bad of [0, 99]) {
      await expectRevert(ctx.appointments(f.doctor).confirmAppointment(bad), 'UnknownAppointment', [bad]);
      await expectRevert(ctx.appointments(f.doctor).declineAppointment(bad), 'UnknownAppointment', [bad]);
      await expectRevert(ctx.appointments(f.doctor).cancelAppointment(bad), 'UnknownAppointment', [bad]);
      await expectRevert(ctx.appointments().appointment(bad), 'UnknownAppointment', [bad]);
    }
  });

  it('stops a removed doctor or a suspended institution from answering', async () => {
    const { ctx, f } = s;
    const { id } = await request(ctx, f.alice, memberGrantee(f.doctor.address));
    const { id: inst } = await request(ctx, f.alice, institutionGrantee(f.hospital));
    await send(ctx.hub(f.superAdmin).suspendInstitution(f.hospital));
    await expectRevert(ctx.appointments(f.nurse).confirmAppointment(inst), 'NotAuthorized');
    await send(ctx.hub(f.superAdmin).unsuspendInstitution(f.hospital));
    await send(ctx.hub(f.hospitalAdmin).removeMember(f.hospital, f.doctor.address));
    await expectRevert(ctx.appointments(f.doctor).confirmAppointment(id), 'NotAuthorized', [f.doctor.address]);
    await send(ctx.appointments(f.alice).cancelAppointment(id));
  });
});
