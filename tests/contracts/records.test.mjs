import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { ZeroHash } from 'ethers';
import {
  ALL,
  CODEC,
  SCOPE,
  bit,
  expectEvent,
  expectRevert,
  institutionGrantee,
  memberGrantee,
  randomKey,
  send,
  recordOf,
  useChain,
} from './helpers.mjs';

const hooks = { before, after, beforeEach, afterEach };

describe('Records: appending', () => {
  const s = useChain(hooks);

  it('lets a patient add a record to their own chart', async () => {
    const { ctx, f } = s;
    const digest = randomKey();
    const hub = ctx.hub(f.alice);
    assert.equal(await hub.addRecord.staticCall(f.alice.address, digest, CODEC.RAW, SCOPE.NOTES), 1n);
    const r = await send(hub.addRecord(f.alice.address, digest, CODEC.RAW, SCOPE.NOTES));
    const ev = await expectEvent(r, 'RecordAdded');
    assert.equal(ev.patient, f.alice.address);
    assert.equal(ev.recordId, 1n);
    assert.equal(ev.author, f.alice.address);
    assert.equal(ev.digest, digest);
    assert.equal(ev.codec, BigInt(CODEC.RAW));
    assert.equal(ev.scope, BigInt(SCOPE.NOTES));
    assert.equal(ev.previous, 0n);
    const block = await ctx.provider.getBlock(r.blockNumber);
    assert.deepEqual(await recordOf(ctx, f.alice.address, 1), {
      digest,
      codec: CODEC.RAW,
      scope: SCOPE.NOTES,
      author: f.alice.address,
      createdAt: block.timestamp,
      previous: 0,
      redacted: false,
      superseded: false,
    });
    assert.equal(await ctx.hub().recordCount(f.alice.address), 1n);
    await send(hub.addRecord(f.alice.address, randomKey(), CODEC.DAG_PB, 31));
    assert.equal(await ctx.hub().recordCount(f.alice.address), 2n);
    assert.equal((await recordOf(ctx, f.alice.address, 2)).codec, CODEC.DAG_PB);
    assert.equal(await ctx.hub().recordCount(f.bob.address), 0n);
  });

  it('lets members with a matching grant and role add records', async () => {
    const { ctx, f } = s;
    await send(ctx.hub(f.alice).grantAccess(memberGrantee(f.doctor.address), bit(SCOPE.PRESCRIPTIONS), 0, '0x'));
    await send(ctx.hub(f.alice).grantAccess(institutionGrantee(f.hospital), bit(SCOPE.VITALS, SCOPE.NOTES), 0, '0x'));
    await send(ctx.hub(f.alice).grantAccess(institutionGrantee(f.lab), bit(SCOPE.LABS), 0, '0x'));
    await send(ctx.hub(f.doctor).addRecord(f.alice.address, randomKey(), CODEC.RAW, SCOPE.PRESCRIPTIONS));
    await send(ctx.hub(f.doctor).addRecord(f.alice.address, randomKey(), CODEC.RAW, SCOPE.NOTES));
    await send(ctx.hub(f.nurse).addRecord(f.alice.address, randomKey(), CODEC.RAW, SCOPE.VITALS));
    await send(ctx.hub(f.labTech).addRecord(f.alice.address, randomKey(), CODEC.DAG_PB, SCOPE.LABS));
    const authors = [];
    for (let id = 1; id <= 4; id++) authors.push((await recordOf(ctx, f.alice.address, id)).author);
    assert.deepEqual(authors, [f.doctor.address, f.doctor.address, f.nurse.address, f.labTech.address]);
  });

  it('rejects malformed content', async () => {
    const { ctx, f } = s;
    const hub = ctx.hub(f.alice);
    await expectRevert(hub.addRecord(f.alice.address, randomKey(), CODEC.RAW, 32), 'InvalidScope', [32]);
    await expectRevert(hub.addRecord(f.alice.address, ZeroHash, CODEC.RAW, 0), 'EmptyDigest');
    for (const codec of [0, 0x12, 0x71]) {
      await expectRevert(hub.addRecord(f.alice.address, randomKey(), codec, 0), 'InvalidCodec', [codec]);
    }
  });

  it('rejects writers without standing', async () => {
    const { ctx, f } = s;
    const d = randomKey();
    await expectRevert(ctx.hub(f.outsider).addRecord(f.outsider.address, d, CODEC.RAW, 0), 'PatientNotRegistered', [
      f.outsider.address,
    ]);
    await expectRevert(ctx.hub(f.outsider).addRecord(f.alice.address, d, CODEC.RAW, 0), 'NotMember', [
      f.outsider.address,
    ]);
    await expectRevert(ctx.hub(f.bob).addRecord(f.alice.address, d, CODEC.RAW, 0), 'NotMember', [f.bob.address]);
    await expectRevert(ctx.hub(f.hospitalAdmin).addRecord(f.alice.address, d, CODEC.RAW, 0), 'NotMember');
    await expectRevert(ctx.hub(f.doctor).addRecord(f.alice.address, d, CODEC.RAW, 0), 'NoAccess', [
      f.alice.address,
      f.doctor.address,
      0,
    ]);
  });

  it('rejects a scope outside the grant or the role', async () => {
    const { ctx, f } = s;
    await send(ctx.hub(f.alice).grantAccess(institutionGrantee(f.hospital), bit(SCOPE.LABS, SCOPE.VITALS), 0, '0x'));
    await send(ctx.hub(f.alice).grantAccess(institutionGrantee(f.lab), bit(SCOPE.LABS, SCOPE.NOTES), 0, '0x'));
    const d = randomKey();
    await expectRevert(ctx.hub(f.doctor).addRecord(f.alice.address, d, CODEC.RAW, SCOPE.MENTAL_HEALTH), 'NoAccess');
    await expectRevert(ctx.hub(f.nurse).addRecord(f.alice.address, d, CODEC.RAW, SCOPE.LABS), 'RoleCannotWrite', [
      2,
      SCOPE.LABS,
    ]);
    await expectRevert(ctx.hub(f.labTech).addRecord(f.alice.address, d, CODEC.RAW, SCOPE.NOTES), 'RoleCannotWrite', [
      3,
      SCOPE.NOTES,
    ]);
    await send(ctx.hub(f.labDoctor).addRecord(f.alice.address, d, CODEC.RAW, SCOPE.NOTES));
  });

  it('rejects writes after expiry, revocation, removal or suspension', async () => {
    const { ctx, f } = s;
    const g = memberGrantee(f.doctor.address);
    const now = await ctx.now();
    await send(ctx.hub(f.alice).grantAccess(g, bit(SCOPE.NOTES), now + 500, '0x'));
    await send(ctx.hub(f.doctor).addRecord(f.alice.address, randomKey(), CODEC.RAW, SCOPE.NOTES));
    await ctx.increaseTime(600);
    await expectRevert(ctx.hub(f.doctor).addRecord(f.alice.address, randomKey(), CODEC.RAW, SCOPE.NOTES), 'NoAccess');

    await send(ctx.hub(f.bob).grantAccess(g, bit(SCOPE.NOTES), 0, '0x'));
    await send(ctx.hub(f.doctor).addRecord(f.bob.address, randomKey(), CODEC.RAW, SCOPE.NOTES));
    await send(ctx.hub(f.bob).revokeAccess(g, ALL));
    await expectRevert(ctx.hub(f.doctor).addRecord(f.bob.address, randomKey(), CODEC.RAW, SCOPE.NOTES), 'NoAccess');

    await send(ctx.hub(f.carol).grantAccess(g, bit(SCOPE.NOTES), 0, '0x'));
    await send(ctx.hub(f.superAdmin).suspendInstitution(f.hospital));
    await expectRevert(
      ctx.hub(f.doctor).addRecord(f.carol.address, randomKey(), CODEC.RAW, SCOPE.NOTES),
      'InstitutionIsSuspended',
      [f.hospital],
    );
    await send(ctx.hub(f.superAdmin).unsuspendInstitution(f.hospital));
    await send(ctx.hub(f.doctor).addRecord(f.carol.address, randomKey(), CODEC.RAW, SCOPE.NOTES));
    await send(ctx.hub(f.hospitalAdmin).removeMember(f.hospital, f.doctor.address));
    await expectRevert(ctx.hub(f.doctor).addRecord(f.carol.address, randomKey(), CODEC.RAW, SCOPE.NOTES), 'NotMember', [
      f.doctor.address,
    ]);
  });
});

describe('Records: amendments and redaction', () => {
  const s = useChain(hooks);

  async function seed(ctx, f) {
    await send(ctx.hub(f.alice).grantAccess(institutionGrantee(f.hospital), bit(SCOPE.NOTES), 0, '0x'));
    await send(ctx.hub(f.doctor).addRecord(f.alice.address, randomKey(), CODEC.RAW, SCOPE.NOTES)); // 1 by doctor
    await send(ctx.hub(f.alice).addRecord(f.alice.address, randomKey(), CODEC.RAW, SCOPE.LABS)); // 2 by patient
  }

  it('appends an amendment that supersedes the amended version', async () => {
    const { ctx, f } = s;
    await seed(ctx, f);
    const before = await recordOf(ctx, f.alice.address, 1);
    const digest = randomKey();
    const r = await send(ctx.hub(f.doctor).amendRecord(f.alice.address, 1, digest, CODEC.DAG_PB));
    const ev = await expectEvent(r, 'RecordAdded');
    assert.equal(ev.recordId, 3n);
    assert.equal(ev.previous, 1n);
    assert.equal(ev.scope, BigInt(SCOPE.NOTES), 'an amendment keeps the scope');
    const v1 = await recordOf(ctx, f.alice.address, 1);
    assert.deepEqual({ ...v1, superseded: false }, before, 'only the superseded flag changed');
    assert.equal(v1.superseded, true);
    const v2 = await recordOf(ctx, f.alice.address, 3);
    assert.equal(v2.previous, 1);
    assert.equal(v2.digest, digest);
    assert.equal(v2.superseded, false);
    // Another clinician of the granted institution and the patient can continue the chain.
    await send(ctx.hub(f.alice).amendRecord(f.alice.address, 3, randomKey(), CODEC.RAW));
    assert.equal((await recordOf(ctx, f.alice.address, 4)).previous, 3);
    assert.equal(await ctx.hub().recordCount(f.alice.address), 4n);
  });

  it('rejects amending unknown, superseded or redacted versions', async () => {
    const { ctx, f } = s;
    await seed(ctx, f);
    const hub = ctx.hub(f.doctor);
    await expectRevert(hub.amendRecord(f.alice.address, 0, randomKey(), CODEC.RAW), 'UnknownRecord', [
      f.alice.address,
      0,
    ]);
    await expectRevert(hub.amendRecord(f.alice.address, 3, randomKey(), CODEC.RAW), 'UnknownRecord', [
      f.alice.address,
      3,
    ]);
    await send(hub.amendRecord(f.alice.address, 1, randomKey(), CODEC.RAW));
    await expectRevert(hub.amendRecord(f.alice.address, 1, randomKey(), CODEC.RAW), 'RecordIsSuperseded', [
      f.alice.address,
      1,
    ]);
    await send(ctx.hub(f.alice).redactRecord(f.alice.address, 3));
    await expectRevert(hub.amendRecord(f.alice.address, 3, randomKey(), CODEC.RAW), 'RecordIsRedacted', [
      f.alice.address,
      3,
    ]);
    await expectRevert(hub.amendRecord(f.alice.address, 2, ZeroHash, CODEC.RAW), 'EmptyDigest');
    await expectRevert(hub.amendRecord(f.alice.address, 2, randomKey(), 0x99), 'InvalidCodec', [0x99]);
  });

  it('rejects amendments by writers without access to the record scope', async () => {
    const { ctx, f } = s;
    await seed(ctx, f);
    await expectRevert(ctx.hub(f.doctor).amendRecord(f.alice.address, 2, randomKey(), CODEC.RAW), 'NoAccess', [
      f.alice.address,
      f.doctor.address,
      SCOPE.LABS,
    ]);
    await expectRevert(ctx.hub(f.labTech).amendRecord(f.alice.address, 1, randomKey(), CODEC.RAW), 'RoleCannotWrite');
    await expectRevert(ctx.hub(f.outsider).amendRecord(f.alice.address, 1, randomKey(), CODEC.RAW), 'NotMember');
  });

  it('lets the patient redact any record and keeps it auditable', async () => {
    const { ctx, f } = s;
    await seed(ctx, f);
    const before = await recordOf(ctx, f.alice.address, 1);
    const r = await send(ctx.hub(f.alice).redactRecord(f.alice.address, 1));
    const ev = await expectEvent(r, 'RecordRedacted');
    assert.equal(ev.patient, f.alice.address);
    assert.equal(ev.recordId, 1n);
    assert.equal(ev.by, f.alice.address);
    const after = await recordOf(ctx, f.alice.address, 1);
    assert.equal(after.redacted, true);
    assert.deepEqual({ ...after, redacted: false }, before, 'the tombstone keeps every other field');
    await expectRevert(ctx.hub(f.alice).redactRecord(f.alice.address, 1), 'RecordIsRedacted', [f.alice.address, 1]);
    await expectRevert(ctx.hub(f.alice).redactRecord(f.alice.address, 9), 'UnknownRecord', [f.alice.address, 9]);
  });

  it('lets the author redact while still allowed to write, and nobody else', async () => {
    const { ctx, f } = s;
    await seed(ctx, f);
    await expectRevert(ctx.hub(f.nurse).redactRecord(f.alice.address, 1), 'NotAuthorized', [f.nurse.address]);
    await expectRevert(ctx.hub(f.doctor).redactRecord(f.alice.address, 2), 'NotAuthorized', [f.doctor.address]);
    await expectRevert(ctx.hub(f.bob).redactRecord(f.alice.address, 1), 'NotAuthorized', [f.bob.address]);
    await send(ctx.hub(f.alice).revokeAccess(institutionGrantee(f.hospital), ALL));
    await expectRevert(ctx.hub(f.doctor).redactRecord(f.alice.address, 1), 'NoAccess');
    await send(ctx.hub(f.alice).grantAccess(memberGrantee(f.doctor.address), bit(SCOPE.NOTES), 0, '0x'));
    const r = await send(ctx.hub(f.doctor).redactRecord(f.alice.address, 1));
    assert.equal((await expectEvent(r, 'RecordRedacted')).by, f.doctor.address);
  });

  it('reverts lookups of unknown records', async () => {
    const { ctx, f } = s;
    await expectRevert(ctx.hub().record(f.alice.address, 0), 'UnknownRecord');
    await expectRevert(ctx.hub().record(f.alice.address, 1), 'UnknownRecord', [f.alice.address, 1]);
  });

  it('returns pages of records through the lens', async () => {
    const { ctx, f } = s;
    await seed(ctx, f);
    await send(ctx.hub(f.doctor).amendRecord(f.alice.address, 1, randomKey(), CODEC.RAW));
    const lens = ctx.lens();
    const all = await lens.records(f.alice.address, 1, 100);
    assert.equal(all.length, 3);
    assert.deepEqual(
      all.map((r) => Number(r.recordId)),
      [1, 2, 3],
    );
    assert.equal(all[0].superseded, true);
    assert.equal(Number(all[2].previous), 1);
    assert.equal((await lens.records(f.alice.address, 2, 2)).length, 1);
    assert.equal((await lens.records(f.alice.address, 4, 9)).length, 0);
    assert.equal((await lens.records(f.bob.address, 0, 9)).length, 0);
  });
});
