import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { ZeroAddress, toBeHex, zeroPadValue } from 'ethers';
import {
  ALL,
  SCOPE,
  bit,
  emergencyGrantee,
  eventsOf,
  expectEvent,
  expectRevert,
  institutionGrantee,
  memberGrantee,
  randomBytesHex,
  ROLE,
  enrol,
  send,
  useChain,
} from './helpers.mjs';
import { waitReceipt } from '../../contracts/tx.mjs';

const hooks = { before, after, beforeEach, afterEach };

async function epochsOf(hub, patient) {
  return (await hub.epochs(patient)).map(Number);
}

describe('Consent: grants and access checks', () => {
  const s = useChain(hooks);

  it('grants a member one scope, with the wrapped keys in the event only', async () => {
    const { ctx, f } = s;
    const keys = randomBytesHex(80);
    const g = memberGrantee(f.doctor.address);
    const r = await send(ctx.hub(f.alice).grantAccess(g, bit(SCOPE.LABS), 0, keys));
    const ev = await expectEvent(r, 'AccessGranted');
    assert.equal(ev.patient, f.alice.address);
    assert.equal(ev.grantee, g);
    assert.equal(ev.scopes, BigInt(bit(SCOPE.LABS)));
    assert.equal(ev.expiry, 0n);
    assert.equal(ev.wrappedKeys, keys);
    const info = await ctx.hub().grantOf(f.alice.address, g);
    assert.deepEqual([info.scopes, info.expiry, info.active], [BigInt(bit(SCOPE.LABS)), 0n, true]);
    const hub = ctx.hub();
    assert.equal(await ctx.lens().hasAccess(f.alice.address, f.doctor.address, SCOPE.LABS), true);
    assert.equal(await ctx.lens().hasAccess(f.alice.address, f.doctor.address, SCOPE.IMAGING), false);
    assert.equal(
      await ctx.lens().hasAccess(f.alice.address, f.nurse.address, SCOPE.LABS),
      false,
      'a colleague is not the grantee',
    );
    assert.equal(await ctx.lens().hasAccess(f.bob.address, f.doctor.address, SCOPE.LABS), false, 'another patient');
    assert.equal(await hub.accessMask(f.alice.address, f.doctor.address), BigInt(bit(SCOPE.LABS)));
  });

  it('grants an institution: every live member of it gets access, others do not', async () => {
    const { ctx, f } = s;
    await send(ctx.hub(f.alice).grantAccess(institutionGrantee(f.hospital), bit(SCOPE.NOTES, SCOPE.VITALS), 0, '0x01'));
    const hub = ctx.hub();
    for (const reader of [f.doctor, f.nurse]) {
      assert.equal(await ctx.lens().hasAccess(f.alice.address, reader.address, SCOPE.NOTES), true);
      assert.equal(await ctx.lens().hasAccess(f.alice.address, reader.address, SCOPE.VITALS), true);
      assert.equal(await ctx.lens().hasAccess(f.alice.address, reader.address, SCOPE.LABS), false);
    }
    for (const reader of [f.labTech, f.labDoctor, f.hospitalAdmin, f.outsider]) {
      assert.equal(await ctx.lens().hasAccess(f.alice.address, reader.address, SCOPE.NOTES), false);
    }
  });

  it('gives the patient every scope of their own chart, and unregistered charts nothing', async () => {
    const { ctx, f } = s;
    const hub = ctx.hub();
    assert.equal(await ctx.lens().hasAccess(f.alice.address, f.alice.address, SCOPE.MENTAL_HEALTH), true);
    assert.equal(await ctx.lens().hasAccess(f.alice.address, f.alice.address, 31), true);
    assert.equal(await ctx.lens().hasAccess(f.alice.address, f.alice.address, 32), false, 'out-of-range scope');
    assert.equal(await hub.accessMask(f.alice.address, f.alice.address), BigInt(ALL));
    assert.equal(await ctx.lens().hasAccess(f.outsider.address, f.outsider.address, SCOPE.LABS), false);
  });

  it('rejects grants from unregistered patients and malformed grants', async () => {
    const { ctx, f } = s;
    const g = memberGrantee(f.doctor.address);
    await expectRevert(ctx.hub(f.outsider).grantAccess(g, 1, 0, '0x'), 'PatientNotRegistered', [f.outsider.address]);
    await expectRevert(ctx.hub(f.alice).grantAccess(g, 0, 0, '0x'), 'EmptyScopes');
    const now = await ctx.now();
    await expectRevert(ctx.hub(f.alice).grantAccess(g, 1, now - 10, '0x'), 'ExpiryInPast', [now - 10]);
  });

  it('rejects invalid grantee encodings', async () => {
    const { ctx, f } = s;
    const hub = ctx.hub(f.alice);
    for (const bad of [
      zeroPadValue(ZeroAddress, 32),
      memberGrantee(f.alice.address),
      toBeHex((2n << 160n) | 1n, 32),
      toBeHex((1n << 160n) | (1n << 32n), 32),
    ]) {
      await expectRevert(hub.grantAccess(bad, 1, 0, '0x'), 'InvalidGrantee', [bad]);
    }
  });

  it('rejects grantees who are not live members or eligible relatives', async () => {
    const { ctx, f } = s;
    const hub = ctx.hub(f.alice);
    await expectRevert(hub.grantAccess(memberGrantee(f.outsider.address), 1, 0, '0x'), 'GranteeNotEligible');
    await expectRevert(
      hub.grantAccess(memberGrantee(f.bob.address), bit(SCOPE.FAMILY_HISTORY), 0, '0x'),
      'GranteeNotEligible',
      [memberGrantee(f.bob.address), bit(SCOPE.FAMILY_HISTORY)],
    );
    await expectRevert(hub.grantAccess(institutionGrantee(0), 1, 0, '0x'), 'UnknownInstitution', [0]);
    await expectRevert(hub.grantAccess(institutionGrantee(77), 1, 0, '0x'), 'UnknownInstitution', [77]);
    await send(ctx.hub(f.superAdmin).suspendInstitution(f.hospital));
    await expectRevert(hub.grantAccess(institutionGrantee(f.hospital), 1, 0, '0x'), 'InstitutionIsSuspended', [
      f.hospital,
    ]);
    await expectRevert(hub.grantAccess(memberGrantee(f.doctor.address), 1, 0, '0x'), 'GranteeNotEligible');
    await send(ctx.hub(f.hospitalAdmin).removeMember(f.hospital, f.nurse.address));
    await send(ctx.hub(f.superAdmin).unsuspendInstitution(f.hospital));
    await expectRevert(hub.grantAccess(memberGrantee(f.nurse.address), 1, 0, '0x'), 'GranteeNotEligible');
  });

  it('encodes grantees the same way on chain and off chain', async () => {
    const { ctx, f } = s;
    assert.equal(await ctx.hub().memberGrantee(f.doctor.address), memberGrantee(f.doctor.address));
    assert.equal(await ctx.hub().institutionGrantee(7), institutionGrantee(7));
    assert.equal(await ctx.hub().emergencyGrantee(7), emergencyGrantee(7));
    assert.equal(emergencyGrantee(7), toBeHex((2n << 160n) | 7n, 32));
  });

  it('stops honouring a member grant when the member is removed or the institution suspended', async () => {
    const { ctx, f } = s;
    const hub = ctx.hub();
    await send(ctx.hub(f.alice).grantAccess(memberGrantee(f.doctor.address), bit(SCOPE.LABS), 0, '0x'));
    await send(ctx.hub(f.alice).grantAccess(institutionGrantee(f.hospital), bit(SCOPE.NOTES), 0, '0x'));
    assert.equal(await hub.accessMask(f.alice.address, f.doctor.address), BigInt(bit(SCOPE.LABS, SCOPE.NOTES)));
    await send(ctx.hub(f.superAdmin).suspendInstitution(f.hospital));
    assert.equal(await hub.accessMask(f.alice.address, f.doctor.address), 0n);
    assert.equal(await hub.accessMask(f.alice.address, f.nurse.address), 0n);
    await send(ctx.hub(f.superAdmin).unsuspendInstitution(f.hospital));
    assert.equal(await hub.accessMask(f.alice.address, f.doctor.address), BigInt(bit(SCOPE.LABS, SCOPE.NOTES)));
    await send(ctx.hub(f.hospitalAdmin).removeMember(f.hospital, f.doctor.address));
    assert.equal(await hub.accessMask(f.alice.address, f.doctor.address), 0n);
    assert.equal(await hub.accessMask(f.alice.address, f.nurse.address), BigInt(bit(SCOPE.NOTES)));
    // Rejoining elsewhere is a new membership: neither the personal grant nor the old
    // institution's counts for it.
    await enrol(ctx, f.labAdmin, f.lab, f.doctor, ROLE.DOCTOR);
    assert.equal(await hub.accessMask(f.alice.address, f.doctor.address), 0n);
    assert.equal((await hub.grantOf(f.alice.address, memberGrantee(f.doctor.address))).active, false);
    // The ended personal grant and the hospital grant sealed to the key the doctor held wait for settlement.
    assert.equal(await ctx.lens().pendingScopes(f.alice.address), BigInt(bit(SCOPE.LABS, SCOPE.NOTES)));
  });

  it('reports which scopes a member may write', async () => {
    const { ctx, f } = s;
    const hub = ctx.hub();
    await send(
      ctx.hub(f.alice).grantAccess(institutionGrantee(f.hospital), bit(SCOPE.LABS, SCOPE.NOTES, SCOPE.VITALS), 0, '0x'),
    );
    await send(ctx.hub(f.alice).grantAccess(memberGrantee(f.labTech.address), bit(SCOPE.LABS, SCOPE.NOTES), 0, '0x'));
    assert.equal(await ctx.lens().canWrite(f.alice.address, f.alice.address, SCOPE.MENTAL_HEALTH), true);
    assert.equal(await ctx.lens().canWrite(f.alice.address, f.doctor.address, SCOPE.NOTES), true);
    assert.equal(await ctx.lens().canWrite(f.alice.address, f.doctor.address, SCOPE.MENTAL_HEALTH), false);
    assert.equal(await ctx.lens().canWrite(f.alice.address, f.nurse.address, SCOPE.VITALS), true);
    assert.equal(
      await ctx.lens().canWrite(f.alice.address, f.nurse.address, SCOPE.NOTES),
      false,
      'nurses write vitals/immunizations only',
    );
    assert.equal(await ctx.lens().canWrite(f.alice.address, f.labTech.address, SCOPE.LABS), true);
    assert.equal(
      await ctx.lens().canWrite(f.alice.address, f.labTech.address, SCOPE.NOTES),
      false,
      'lab technicians write labs/imaging only',
    );
    assert.equal(await ctx.lens().canWrite(f.alice.address, f.outsider.address, SCOPE.LABS), false);
    assert.equal(await ctx.lens().canWrite(f.outsider.address, f.outsider.address, SCOPE.LABS), false);
    assert.equal(await ctx.lens().canWrite(f.alice.address, f.doctor.address, 32), false);
  });
});

describe('Consent: expiry, revocation and key epochs', () => {
  const s = useChain(hooks);

  it('ends access at the expiry time and lets anyone process the expiry', async () => {
    const { ctx, f } = s;
    const g = memberGrantee(f.doctor.address);
    const now = await ctx.now();
    const scopes = bit(SCOPE.LABS, SCOPE.IMMUNIZATIONS, SCOPE.VITALS);
    await send(ctx.hub(f.alice).grantAccess(g, scopes, now + 1000, '0x'));
    const hub = ctx.hub();
    assert.equal(await ctx.lens().hasAccess(f.alice.address, f.doctor.address, SCOPE.LABS), true);
    await expectRevert(ctx.hub(f.outsider).processExpiry(f.alice.address, g), 'GrantNotExpired', [f.alice.address, g]);
    await ctx.mineAt(now + 999);
    assert.equal(
      await ctx.lens().hasAccess(f.alice.address, f.doctor.address, SCOPE.LABS),
      true,
      'still in force one second before',
    );
    await ctx.mineAt(now + 1000);
    assert.equal(
      await ctx.lens().hasAccess(f.alice.address, f.doctor.address, SCOPE.LABS),
      false,
      'ended at the expiry time',
    );
    assert.equal((await hub.grantOf(f.alice.address, g)).active, false);
    const before = await epochsOf(hub, f.alice.address);
    const r = await send(ctx.hub(f.outsider).processExpiry(f.alice.address, g));
    const ev = await expectEvent(r, 'AccessExpired');
    assert.equal(ev.scopes, BigInt(scopes));
    assert.equal(ev.processedBy, f.outsider.address);
    assert.equal((await expectEvent(r, 'EpochsAdvanced')).scopes, BigInt(scopes));
    const afterE = await epochsOf(hub, f.alice.address);
    for (let i = 0; i < 32; i++) assert.equal(afterE[i], before[i] + ((scopes >>> i) & 1), `epoch of scope ${i}`);
    assert.equal((await hub.grantOf(f.alice.address, g)).scopes, 0n);
    await expectRevert(ctx.hub(f.outsider).processExpiry(f.alice.address, g), 'NoSuchGrant');
  });

  it('rejects processing a grant without expiry or a missing grant', async () => {
    const { ctx, f } = s;
    const g = memberGrantee(f.doctor.address);
    await expectRevert(ctx.hub(f.outsider).processExpiry(f.alice.address, g), 'NoSuchGrant', [f.alice.address, g]);
    await send(ctx.hub(f.alice).grantAccess(g, 1, 0, '0x'));
    await ctx.increaseTime(10 * 365 * 86400);
    await expectRevert(ctx.hub(f.outsider).processExpiry(f.alice.address, g), 'GrantNotExpired');
  });

  it('revokes a whole grant and advances the epochs of its scopes only', async () => {
    const { ctx, f } = s;
    const hub = ctx.hub();
    const g = memberGrantee(f.doctor.address);
    const scopes = bit(SCOPE.LABS, SCOPE.MENTAL_HEALTH, 20);
    await send(ctx.hub(f.alice).grantAccess(g, scopes, 0, '0x'));
    const r = await send(ctx.hub(f.alice).revokeAccess(g, ALL));
    const ev = await expectEvent(r, 'AccessRevoked');
    assert.equal(ev.scopes, BigInt(scopes));
    assert.equal((await expectEvent(r, 'EpochsAdvanced')).scopes, BigInt(scopes));
    const e = await epochsOf(hub, f.alice.address);
    assert.deepEqual(
      e.map((v, i) => [i, v]).filter(([, v]) => v !== 0),
      [
        [SCOPE.LABS, 1],
        [SCOPE.MENTAL_HEALTH, 1],
        [20, 1],
      ],
    );
    assert.equal(await ctx.lens().epochOf(f.alice.address, 20), 1n);
    assert.equal(await ctx.lens().hasAccess(f.alice.address, f.doctor.address, SCOPE.LABS), false);
    assert.equal((await hub.grantOf(f.alice.address, g)).scopes, 0n);
    await expectRevert(ctx.hub(f.alice).revokeAccess(g, ALL), 'NoSuchGrant', [f.alice.address, g]);
  });

  it('revokes some scopes and keeps the others', async () => {
    const { ctx, f } = s;
    const hub = ctx.hub();
    const g = institutionGrantee(f.hospital);
    await send(ctx.hub(f.alice).grantAccess(g, bit(SCOPE.LABS, SCOPE.NOTES), 0, '0x'));
    const r = await send(ctx.hub(f.alice).revokeAccess(g, bit(SCOPE.NOTES, SCOPE.GENETICS)));
    assert.equal((await expectEvent(r, 'AccessRevoked')).scopes, BigInt(bit(SCOPE.NOTES)), 'only held scopes count');
    assert.equal((await hub.grantOf(f.alice.address, g)).scopes, BigInt(bit(SCOPE.LABS)));
    assert.equal(await ctx.lens().hasAccess(f.alice.address, f.doctor.address, SCOPE.NOTES), false);
    assert.equal(await ctx.lens().hasAccess(f.alice.address, f.doctor.address, SCOPE.LABS), true);
    assert.equal(await ctx.lens().epochOf(f.alice.address, SCOPE.NOTES), 1n);
    assert.equal(await ctx.lens().epochOf(f.alice.address, SCOPE.LABS), 0n);
    await expectRevert(ctx.hub(f.alice).revokeAccess(g, bit(SCOPE.IMAGING)), 'NoSuchGrant', [f.alice.address, g]);
  });

  it('treats dropping scopes in a new grant as a revocation', async () => {
    const { ctx, f } = s;
    const hub = ctx.hub();
    const g = memberGrantee(f.doctor.address);
    await send(ctx.hub(f.alice).grantAccess(g, bit(SCOPE.LABS, SCOPE.IMAGING), 0, '0x'));
    const widen = await send(ctx.hub(f.alice).grantAccess(g, bit(SCOPE.LABS, SCOPE.IMAGING, SCOPE.NOTES), 0, '0x'));
    assert.deepEqual(
      (await eventsOf(widen)).map((e) => e.name),
      ['AccessGranted'],
    );
    assert.equal(await hub.grantSerial(f.alice.address, g), 0n, 'widening is not an end');
    const narrow = await send(ctx.hub(f.alice).grantAccess(g, bit(SCOPE.NOTES), 0, '0x'));
    assert.deepEqual(
      (await eventsOf(narrow)).map((e) => e.name),
      ['AccessRevoked', 'AccessGranted', 'EpochsAdvanced'],
    );
    assert.equal(await hub.grantSerial(f.alice.address, g), 1n, 'narrowing ends consent codes signed before');
    assert.equal((await expectEvent(narrow, 'AccessRevoked')).scopes, BigInt(bit(SCOPE.LABS, SCOPE.IMAGING)));
    assert.equal(await ctx.lens().epochOf(f.alice.address, SCOPE.LABS), 1n);
    assert.equal(await ctx.lens().epochOf(f.alice.address, SCOPE.IMAGING), 1n);
    assert.equal(await ctx.lens().epochOf(f.alice.address, SCOPE.NOTES), 0n);
    assert.equal(await hub.accessMask(f.alice.address, f.doctor.address), BigInt(bit(SCOPE.NOTES)));
  });

  it('requires an expired grant to be settled before replacing it', async () => {
    const { ctx, f } = s;
    const hub = ctx.hub();
    const g = memberGrantee(f.doctor.address);
    const now = await ctx.now();
    await send(ctx.hub(f.alice).grantAccess(g, bit(SCOPE.LABS), now + 100, '0x'));
    await ctx.increaseTime(200);
    await expectRevert(ctx.hub(f.alice).grantAccess(g, bit(SCOPE.LABS), 0, '0x02'), 'AccessNotSettled', [
      f.alice.address,
      g,
    ]);
    assert.equal(await ctx.lens().epochOf(f.alice.address, SCOPE.LABS), 0n, 'nothing advanced by the rejected grant');
    const settled = await send(ctx.hub(f.outsider).settleAccess(f.alice.address));
    assert.deepEqual(
      (await eventsOf(settled)).map((e) => e.name),
      ['AccessExpired', 'EpochsAdvanced'],
    );
    const r = await send(ctx.hub(f.alice).grantAccess(g, bit(SCOPE.LABS), 0, '0x02'));
    assert.deepEqual(
      (await eventsOf(r)).map((e) => e.name),
      ['AccessGranted'],
    );
    assert.equal(await ctx.lens().epochOf(f.alice.address, SCOPE.LABS), 1n);
    assert.equal(await ctx.lens().hasAccess(f.alice.address, f.doctor.address, SCOPE.LABS), true);
  });

  it('keeps epochs per patient and lets them only grow', async () => {
    const { ctx, f } = s;
    const hub = ctx.hub();
    const g = memberGrantee(f.doctor.address);
    let last = await epochsOf(hub, f.alice.address);
    for (let round = 0; round < 3; round++) {
      await send(ctx.hub(f.alice).grantAccess(g, 0xffffffff, 0, '0x'));
      await send(ctx.hub(f.alice).revokeAccess(g, round === 1 ? bit(SCOPE.LABS) : ALL));
      if (round === 1) await send(ctx.hub(f.alice).revokeAccess(g, ALL));
      const now = await epochsOf(hub, f.alice.address);
      for (let i = 0; i < 32; i++) assert.equal(now[i], last[i] + 1, `scope ${i} round ${round}`);
      last = now;
    }
    assert.deepEqual(await epochsOf(hub, f.bob.address), new Array(32).fill(0));
    await expectRevert(ctx.lens().epochOf(f.alice.address, 32), 'InvalidScope', [32]);
  });
});

describe('Consent: family-history sharing between linked relatives', () => {
  const s = useChain(hooks);

  it('allows family history only, only while linked', async () => {
    const { ctx, f } = s;
    const hub = ctx.hub();
    await send(ctx.hub(f.alice).proposeFamilyLink(f.bob.address, 1));
    await send(ctx.hub(f.bob).confirmFamilyLink(f.alice.address, 1));
    assert.equal(await hub.canShareFamilyHistory(f.alice.address, f.bob.address), true);
    const g = memberGrantee(f.bob.address);
    await expectRevert(
      ctx.hub(f.alice).grantAccess(g, bit(SCOPE.FAMILY_HISTORY, SCOPE.LABS), 0, '0x'),
      'GranteeNotEligible',
    );
    await send(ctx.hub(f.alice).grantAccess(g, bit(SCOPE.FAMILY_HISTORY), 0, '0x'));
    assert.equal(await ctx.lens().hasAccess(f.alice.address, f.bob.address, SCOPE.FAMILY_HISTORY), true);
    assert.equal(await ctx.lens().hasAccess(f.alice.address, f.bob.address, SCOPE.LABS), false);
    assert.equal(
      await ctx.lens().hasAccess(f.bob.address, f.alice.address, SCOPE.FAMILY_HISTORY),
      false,
      'not granted back',
    );
    await send(ctx.hub(f.bob).dissolveFamilyLink(f.alice.address));
    assert.equal(
      await ctx.lens().hasAccess(f.alice.address, f.bob.address, SCOPE.FAMILY_HISTORY),
      false,
      'link dissolved',
    );
    await expectRevert(ctx.hub(f.alice).grantAccess(g, bit(SCOPE.FAMILY_HISTORY), 0, '0x'), 'GranteeNotEligible');
  });
});

describe('Consent: epoch overflow guard and batched views', () => {
  const s = useChain(hooks);

  /** Finds the storage slot of a patient's chart word 0 (the slot registration set to 1). */
  async function chartSlot(ctx, patient) {
    const tx = await ctx.hub(patient).registerPatient(randomBytesHex(32));
    await waitReceipt(tx);
    const diff = await ctx.anvil.rpc('debug_traceTransaction', [
      tx.hash,
      { tracer: 'prestateTracer', tracerConfig: { diffMode: true } },
    ]);
    const storage = diff.post[ctx.addresses.EhrHub.toLowerCase()].storage;
    const slots = Object.entries(storage).filter(([, v]) => BigInt(v) === 1n);
    assert.equal(slots.length, 1, 'one slot holds the registered flag');
    return BigInt(slots[0][0]);
  }

  it('refuses to wrap a key epoch around', async () => {
    const { ctx, f } = s;
    const patient = f.outsider;
    const word0 = await chartSlot(ctx, patient);
    const g = memberGrantee(f.doctor.address);
    // Scope 0 lives in word 0 above the 40 header bits; scope 8 is lane 2 of word 1.
    const lane0 = (0xffffffffn << 40n) | 1n;
    await ctx.anvil.rpc('anvil_setStorageAt', [ctx.addresses.EhrHub, toBeHex(word0, 32), toBeHex(lane0, 32)]);
    await ctx.anvil.rpc('anvil_setStorageAt', [
      ctx.addresses.EhrHub,
      toBeHex(word0 + 1n, 32),
      toBeHex(0xffffffffn << 64n, 32),
    ]);
    assert.equal(await ctx.lens().epochOf(patient.address, 0), 0xffffffffn);
    assert.equal(await ctx.lens().epochOf(patient.address, 8), 0xffffffffn);
    assert.equal(await ctx.hub().isPatient(patient.address), true, 'header intact');
    await send(ctx.hub(patient).grantAccess(g, bit(0, 1, 8, 9), 0, '0x'));
    await expectRevert(ctx.hub(patient).revokeAccess(g, bit(1, 0)), 'EpochOverflow', [0]);
    await expectRevert(ctx.hub(patient).revokeAccess(g, bit(9, 8)), 'EpochOverflow', [8]);
    await send(ctx.hub(patient).revokeAccess(g, bit(1, 9)));
    assert.equal(await ctx.lens().epochOf(patient.address, 1), 1n);
    assert.equal(await ctx.lens().epochOf(patient.address, 9), 1n);
    assert.equal(await ctx.lens().epochOf(patient.address, 0), 0xffffffffn, 'neighbouring lanes untouched');
  });

  it('batches access masks and epochs through the lens', async () => {
    const { ctx, f } = s;
    await send(ctx.hub(f.alice).grantAccess(memberGrantee(f.doctor.address), bit(SCOPE.LABS), 0, '0x'));
    await send(ctx.hub(f.bob).grantAccess(institutionGrantee(f.lab), bit(SCOPE.IMAGING), 0, '0x'));
    await send(ctx.hub(f.bob).revokeAccess(institutionGrantee(f.lab), bit(SCOPE.IMAGING)));
    await send(ctx.hub(f.bob).grantAccess(institutionGrantee(f.lab), bit(SCOPE.NOTES), 0, '0x'));
    const lens = ctx.lens();
    const patients = [f.alice.address, f.bob.address];
    const readers = [f.doctor.address, f.labTech.address, f.alice.address];
    const masks = (await lens.accessMatrix(patients, readers)).map(Number);
    assert.deepEqual(masks, [bit(SCOPE.LABS), 0, ALL, 0, bit(SCOPE.NOTES), 0]);
    const hub = ctx.hub();
    for (let i = 0; i < patients.length; i++) {
      for (let j = 0; j < readers.length; j++) {
        assert.equal(BigInt(masks[i * readers.length + j]), await hub.accessMask(patients[i], readers[j]));
      }
    }
    const rows = await lens.epochsOf(patients);
    assert.equal(rows.length, 2);
    assert.deepEqual(rows[1].map(Number), await epochsOf(hub, f.bob.address));
    assert.equal(Number(rows[1][SCOPE.IMAGING]), 1);
  });
});
