// The end of access. The promise (docs/record-format.md, "Ending access"): a party whose access to
// a scope ended cannot decrypt records of that scope written afterwards, because every shrink of a
// scope's reader set advances the scope's key epoch - at once for what the patient does, and at
// settlement (settleAccess) for what happens without the patient, with pendingScopes/readerKeys
// telling writers meanwhile not to use the scope's chart key but to seal to the live readers.
//
// For every end path these tests check: pendingScopes before and after, the exact epochs that
// advance and the events, the former party's hasAccess/accessMask/canWrite, the continuing
// parties' access unchanged, and readerKeys without the former party (or an exposed group key)
// and with the continuing ones. Then membership by consent, settlement edge cases and the limits.

import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { Interface } from 'ethers';
import { readArtifact } from '../../contracts/build.mjs';
import {
  ALL,
  CODEC,
  KIND,
  ROLE,
  SCOPE,
  bit,
  emergencyGrantee,
  enrol,
  eventsOf,
  expectEvent,
  expectRevert,
  institutionGrantee,
  memberGrantee,
  randomBytesHex,
  randomKey,
  send,
  standardFixture,
  useChain,
} from './helpers.mjs';

const hooks = { before, after, beforeEach, afterEach };
const LABS = bit(SCOPE.LABS);
const IMAGING = bit(SCOPE.IMAGING);
const NOTES = bit(SCOPE.NOTES);
const ALLERGIES = bit(SCOPE.ALLERGIES);
const VITALS = bit(SCOPE.VITALS);
const FH = bit(SCOPE.FAMILY_HISTORY);
const ER_SCOPES = bit(SCOPE.ALLERGIES, SCOPE.PRESCRIPTIONS);
const END = { MEMBERSHIP: 2n, SUSPENDED: 3n, FAMILY_LINK: 4n };
const SCOPES_CHECKED = [
  SCOPE.LABS,
  SCOPE.IMAGING,
  SCOPE.PRESCRIPTIONS,
  SCOPE.NOTES,
  SCOPE.FAMILY_HISTORY,
  SCOPE.ALLERGIES,
  SCOPE.VITALS,
];

/** The standard fixture plus an X25519 key for every member, so readerKeys lists them. */
async function fixture(ctx) {
  const f = await standardFixture(ctx);
  f.keys = { hospital: f.hospitalGroupKey.toLowerCase(), lab: f.labGroupKey.toLowerCase() };
  for (const m of [f.doctor, f.nurse, f.labTech, f.labDoctor]) {
    const k = randomKey();
    await send(ctx.hub(m).setMemberKey(k));
    f.keys[m.address] = k.toLowerCase();
  }
  for (const p of [f.alice, f.bob, f.carol]) f.keys[p.address] = (await ctx.hub().patientKey(p.address)).toLowerCase();
  return f;
}

const epochsOf = async (ctx, p) => (await ctx.hub().epochs(p.address)).map(Number);
const pendingOf = async (ctx, p) => Number(await ctx.lens().pendingScopes(p.address));
const maskOf = async (ctx, p, reader) => Number(await ctx.hub().accessMask(p.address, reader.address));

/** Asserts that exactly the scopes in `scopes` went up by one. */
function assertAdvanced(before, afterE, scopes, what = '') {
  for (let i = 0; i < 32; i++) {
    assert.equal(afterE[i], before[i] + ((scopes >>> i) & 1), `${what} epoch of scope ${i}`);
  }
}

/** readerKeys: the patient's key first, then (in any order) exactly `expected`. */
async function assertReaders(ctx, f, patient, scope, expected, what = '') {
  const keys = (await ctx.lens().readerKeys(patient.address, scope)).map((k) => k.toLowerCase());
  assert.equal(keys[0], f.keys[patient.address], `${what} readerKeys(${scope})[0] is the patient's key`);
  assert.deepEqual(
    keys.slice(1).sort(),
    expected.map((k) => k.toLowerCase()).sort(),
    `${what} readerKeys of scope ${scope}`,
  );
}

/** Polls anvil for a receipt (raw eth_sendTransaction returns before the block is mined). */
async function receiptOf(ctx, hash) {
  for (let i = 0; i < 400; i++) {
    const r = await ctx.anvil.rpc('eth_getTransactionReceipt', [hash]);
    if (r) return { ...r, status: Number(r.status) };
    await new Promise((done) => setTimeout(done, 10));
  }
  throw new Error(`no receipt for ${hash}`);
}

/** Every listed grant of a patient, by lower-case grantee. */
async function grantsOf(ctx, patient) {
  const n = await ctx.lens().grantCount(patient.address);
  const page = await ctx.lens().grantsOf(patient.address, 0, n);
  assert.equal(BigInt(page.length), n);
  return Object.fromEntries(
    page.map((g) => [
      g.grantee.toLowerCase(),
      { scopes: Number(g.scopes), expiry: Number(g.expiry), inForce: g.inForce, keysCurrent: g.keysCurrent },
    ]),
  );
}

/** Access of several readers, and readerKeys of every checked scope. */
async function view(ctx, f, patient, readers) {
  const masks = {};
  for (const r of readers) masks[r.address] = await maskOf(ctx, patient, r);
  const readerKeys = {};
  for (const s of SCOPES_CHECKED) {
    readerKeys[s] = (await ctx.lens().readerKeys(patient.address, s)).map((k) => k.toLowerCase()).sort();
  }
  return { masks, readerKeys };
}

/** Alice shares: doctor labs+notes, nurse vitals, the lab labs+imaging, the hospital allergies. */
async function shareWidely(ctx, f, { doctorExpiry = 0 } = {}) {
  const hub = ctx.hub(f.alice);
  await send(hub.grantAccess(memberGrantee(f.doctor.address), LABS | NOTES, doctorExpiry, randomBytesHex(80)));
  await send(hub.grantAccess(memberGrantee(f.nurse.address), VITALS, 0, randomBytesHex(80)));
  await send(hub.grantAccess(institutionGrantee(f.lab), LABS | IMAGING, 0, randomBytesHex(80)));
  await send(hub.grantAccess(institutionGrantee(f.hospital), ALLERGIES, 0, randomBytesHex(80)));
  assert.equal(await maskOf(ctx, f.alice, f.doctor), LABS | NOTES | ALLERGIES);
  assert.equal(await maskOf(ctx, f.alice, f.nurse), VITALS | ALLERGIES);
  assert.equal(await maskOf(ctx, f.alice, f.labTech), LABS | IMAGING);
  await assertReaders(ctx, f, f.alice, SCOPE.LABS, [f.keys[f.doctor.address], f.keys.lab], 'shared:');
  await assertReaders(ctx, f, f.alice, SCOPE.NOTES, [f.keys[f.doctor.address]], 'shared:');
  await assertReaders(ctx, f, f.alice, SCOPE.ALLERGIES, [f.keys.hospital], 'shared:');
  await assertReaders(ctx, f, f.alice, SCOPE.VITALS, [f.keys[f.nurse.address]], 'shared:');
  assert.equal(await pendingOf(ctx, f.alice), 0);
}

/** The settlement events of a receipt, by name. */
async function settlementEvents(receipt) {
  const out = { ended: [], expired: [], withheld: [], advanced: [] };
  for (const e of await eventsOf(receipt)) {
    if (e.name === 'AccessEnded') out.ended.push(e.args);
    else if (e.name === 'AccessExpired') out.expired.push(e.args);
    else if (e.name === 'KeysWithheld') out.withheld.push(e.args);
    else if (e.name === 'EpochsAdvanced') out.advanced.push(e.args);
    else assert.fail(`unexpected event ${e.name} in a settlement`);
  }
  assert.equal(out.advanced.length, 1, 'one EpochsAdvanced for the whole settlement');
  return out;
}

const byGrantee = (list) =>
  Object.fromEntries(
    list.map((a) => [
      a.grantee.toLowerCase(),
      { scopes: Number(a.scopes), reason: a.reason, processedBy: a.processedBy },
    ]),
  );

describe('End of access: every path', () => {
  const s = useChain(hooks, { fixture });

  it('plain revocation: the epochs advance at once, nothing is left pending', async () => {
    const { ctx, f } = s;
    await shareWidely(ctx, f);
    const e0 = await epochsOf(ctx, f.alice);
    const r = await send(ctx.hub(f.alice).revokeAccess(memberGrantee(f.doctor.address), ALL));
    assert.deepEqual(
      (await eventsOf(r)).map((e) => e.name),
      ['AccessRevoked', 'EpochsAdvanced'],
    );
    assert.equal((await expectEvent(r, 'AccessRevoked')).scopes, BigInt(LABS | NOTES));
    assert.equal((await expectEvent(r, 'EpochsAdvanced')).scopes, BigInt(LABS | NOTES));
    assertAdvanced(e0, await epochsOf(ctx, f.alice), LABS | NOTES);
    assert.equal(await pendingOf(ctx, f.alice), 0);
    // The doctor keeps only what the hospital holds; the others are unchanged.
    assert.equal(await maskOf(ctx, f.alice, f.doctor), ALLERGIES);
    assert.equal(await ctx.lens().hasAccess(f.alice.address, f.doctor.address, SCOPE.LABS), false);
    assert.equal(await ctx.lens().canWrite(f.alice.address, f.doctor.address, SCOPE.NOTES), false);
    assert.equal(await maskOf(ctx, f.alice, f.nurse), VITALS | ALLERGIES);
    assert.equal(await maskOf(ctx, f.alice, f.labTech), LABS | IMAGING);
    assert.equal(await ctx.lens().canWrite(f.alice.address, f.labTech.address, SCOPE.LABS), true);
    await assertReaders(ctx, f, f.alice, SCOPE.LABS, [f.keys.lab]);
    await assertReaders(ctx, f, f.alice, SCOPE.NOTES, []);
    await assertReaders(ctx, f, f.alice, SCOPE.ALLERGIES, [f.keys.hospital]);
    assert.equal(await ctx.lens().grantCount(f.alice.address), 3n);
    assert.equal((await grantsOf(ctx, f.alice))[memberGrantee(f.doctor.address).toLowerCase()], undefined);
    await expectRevert(ctx.hub(f.outsider).settleAccess(f.alice.address), 'NothingToSettle', [f.alice.address]);
  });

  it('expiry: pending until settled; the expired grantee is no reader meanwhile', async () => {
    const { ctx, f } = s;
    const now = await ctx.now();
    await shareWidely(ctx, f, { doctorExpiry: now + 1000 });
    await ctx.mineAt(now + 999);
    assert.equal(await pendingOf(ctx, f.alice), 0, 'in force one second before the expiry');
    await ctx.mineAt(now + 1000);
    const e0 = await epochsOf(ctx, f.alice);
    assert.equal(await pendingOf(ctx, f.alice), LABS | NOTES);
    assert.equal(await maskOf(ctx, f.alice, f.doctor), ALLERGIES);
    assert.equal(await ctx.lens().canWrite(f.alice.address, f.doctor.address, SCOPE.NOTES), false);
    await assertReaders(ctx, f, f.alice, SCOPE.LABS, [f.keys.lab], 'expired, unsettled:');
    await assertReaders(ctx, f, f.alice, SCOPE.NOTES, [], 'expired, unsettled:');
    const listed = (await grantsOf(ctx, f.alice))[memberGrantee(f.doctor.address).toLowerCase()];
    assert.deepEqual(listed, { scopes: LABS | NOTES, expiry: now + 1000, inForce: false, keysCurrent: true });
    const r = await send(ctx.hub(f.outsider).settleAccess(f.alice.address));
    const ev = await settlementEvents(r);
    assert.deepEqual(byGrantee(ev.expired), {
      [memberGrantee(f.doctor.address).toLowerCase()]: {
        scopes: LABS | NOTES,
        reason: undefined,
        processedBy: f.outsider.address,
      },
    });
    assert.equal(ev.ended.length + ev.withheld.length, 0);
    assert.equal(ev.advanced[0].scopes, BigInt(LABS | NOTES));
    assertAdvanced(e0, await epochsOf(ctx, f.alice), LABS | NOTES);
    assert.equal(await pendingOf(ctx, f.alice), 0);
    assert.equal(await ctx.lens().grantCount(f.alice.address), 3n);
    assert.equal(await maskOf(ctx, f.alice, f.nurse), VITALS | ALLERGIES);
    assert.equal(await maskOf(ctx, f.alice, f.labTech), LABS | IMAGING);
    await assertReaders(ctx, f, f.alice, SCOPE.LABS, [f.keys.lab]);
    await expectRevert(ctx.hub(f.outsider).settleAccess(f.alice.address), 'NothingToSettle', [f.alice.address]);
  });

  it('member removal: the member grant ends and the group key the member held is exposed', async () => {
    const { ctx, f } = s;
    await shareWidely(ctx, f);
    const e0 = await epochsOf(ctx, f.alice);
    await send(ctx.hub(f.hospitalAdmin).removeMember(f.hospital, f.doctor.address));
    assert.equal(await ctx.hub().exposedKeyVersion(f.hospital), 1n);
    assert.equal(await pendingOf(ctx, f.alice), LABS | NOTES | ALLERGIES);
    assertAdvanced(e0, await epochsOf(ctx, f.alice), 0, 'nothing advances before settlement:');
    assert.equal(await maskOf(ctx, f.alice, f.doctor), 0);
    for (const sc of [SCOPE.LABS, SCOPE.NOTES, SCOPE.ALLERGIES]) {
      assert.equal(await ctx.lens().hasAccess(f.alice.address, f.doctor.address, sc), false);
      assert.equal(await ctx.lens().canWrite(f.alice.address, f.doctor.address, sc), false);
    }
    // The nurse keeps the hospital's grant (still in force), the lab is untouched.
    assert.equal(await maskOf(ctx, f.alice, f.nurse), VITALS | ALLERGIES);
    assert.equal(await maskOf(ctx, f.alice, f.labTech), LABS | IMAGING);
    await assertReaders(ctx, f, f.alice, SCOPE.LABS, [f.keys.lab], 'removed, unsettled:');
    await assertReaders(ctx, f, f.alice, SCOPE.NOTES, [], 'removed, unsettled:');
    await assertReaders(ctx, f, f.alice, SCOPE.ALLERGIES, [], 'exposed group key:');
    await assertReaders(ctx, f, f.alice, SCOPE.VITALS, [f.keys[f.nurse.address]]);
    const listed = await grantsOf(ctx, f.alice);
    assert.equal(listed[memberGrantee(f.doctor.address).toLowerCase()].inForce, false);
    assert.deepEqual(listed[institutionGrantee(f.hospital).toLowerCase()], {
      scopes: ALLERGIES,
      expiry: 0,
      inForce: true,
      keysCurrent: false,
    });

    const r = await send(ctx.hub(f.labTech).settleAccess(f.alice.address));
    const ev = await settlementEvents(r);
    assert.deepEqual(byGrantee(ev.ended), {
      [memberGrantee(f.doctor.address).toLowerCase()]: {
        scopes: LABS | NOTES,
        reason: END.MEMBERSHIP,
        processedBy: f.labTech.address,
      },
    });
    assert.deepEqual(
      ev.withheld.map((a) => [a.grantee.toLowerCase(), Number(a.scopes)]),
      [[institutionGrantee(f.hospital).toLowerCase(), ALLERGIES]],
    );
    assert.equal(ev.advanced[0].scopes, BigInt(LABS | NOTES | ALLERGIES));
    assertAdvanced(e0, await epochsOf(ctx, f.alice), LABS | NOTES | ALLERGIES);
    assert.equal(await pendingOf(ctx, f.alice), 0);
    // The hospital keeps its access (keys withheld); its exposed key stays out of the readers.
    assert.equal(await ctx.lens().hasAccess(f.alice.address, f.nurse.address, SCOPE.ALLERGIES), true);
    assert.deepEqual((await grantsOf(ctx, f.alice))[institutionGrantee(f.hospital).toLowerCase()], {
      scopes: ALLERGIES,
      expiry: 0,
      inForce: true,
      keysCurrent: false,
    });
    await assertReaders(ctx, f, f.alice, SCOPE.ALLERGIES, [], 'withheld, not rotated:');
    // The hospital rotates: its new key is a reader again, and a re-grant makes the keys current.
    const k2 = randomKey();
    await send(ctx.hub(f.hospitalAdmin).publishGroupKey(f.hospital, k2, 2));
    await assertReaders(ctx, f, f.alice, SCOPE.ALLERGIES, [k2], 'rotated:');
    await send(ctx.hub(f.alice).grantAccess(institutionGrantee(f.hospital), ALLERGIES, 0, randomBytesHex(80)));
    assert.equal((await grantsOf(ctx, f.alice))[institutionGrantee(f.hospital).toLowerCase()].keysCurrent, true);
    assert.equal(await pendingOf(ctx, f.alice), 0);
  });

  it('member removed, then re-invited and re-accepted: the old grant never counts again', async () => {
    const { ctx, f } = s;
    await shareWidely(ctx, f);
    const d = memberGrantee(f.doctor.address);
    await send(ctx.hub(f.hospitalAdmin).removeMember(f.hospital, f.doctor.address));
    await enrol(ctx, f.hospitalAdmin, f.hospital, f.doctor, ROLE.DOCTOR, 'LIC-1001', 'Cardiology', 'Dr. Demo One');
    assert.equal((await ctx.hub().member(f.doctor.address)).live, true);
    // Live again, but only through the hospital's grant: the personal grant was to the old membership.
    assert.equal(await maskOf(ctx, f.alice, f.doctor), ALLERGIES);
    assert.equal(await ctx.lens().hasAccess(f.alice.address, f.doctor.address, SCOPE.LABS), false);
    assert.equal(await ctx.lens().canWrite(f.alice.address, f.doctor.address, SCOPE.NOTES), false);
    await expectRevert(ctx.hub(f.doctor).addRecord(f.alice.address, randomKey(), CODEC.RAW, SCOPE.NOTES), 'NoAccess', [
      f.alice.address,
      f.doctor.address,
      SCOPE.NOTES,
    ]);
    assert.equal((await ctx.hub().grantOf(f.alice.address, d)).active, false);
    assert.equal(await pendingOf(ctx, f.alice), LABS | NOTES | ALLERGIES);
    await assertReaders(ctx, f, f.alice, SCOPE.LABS, [f.keys.lab], 're-joined, unsettled:');
    await assertReaders(ctx, f, f.alice, SCOPE.NOTES, [], 're-joined, unsettled:');
    await expectRevert(ctx.hub(f.alice).grantAccess(d, LABS, 0, '0x'), 'AccessNotSettled', [f.alice.address, d]);
    const e0 = await epochsOf(ctx, f.alice);
    const ev = await settlementEvents(await send(ctx.hub(f.alice).settleAccess(f.alice.address)));
    assert.deepEqual(byGrantee(ev.ended)[d.toLowerCase()], {
      scopes: LABS | NOTES,
      reason: END.MEMBERSHIP,
      processedBy: f.alice.address,
    });
    assertAdvanced(e0, await epochsOf(ctx, f.alice), LABS | NOTES | ALLERGIES);
    // A new grant to the new membership works.
    await send(ctx.hub(f.alice).grantAccess(d, LABS, 0, randomBytesHex(80)));
    assert.equal(await maskOf(ctx, f.alice, f.doctor), LABS | ALLERGIES);
    await assertReaders(ctx, f, f.alice, SCOPE.LABS, [f.keys[f.doctor.address], f.keys.lab]);
  });

  it("institution suspension: its grants and its members' grants end; lifting it after settlement revives nothing", async () => {
    const { ctx, f } = s;
    await shareWidely(ctx, f);
    const e0 = await epochsOf(ctx, f.alice);
    await send(ctx.hub(f.superAdmin).suspendInstitution(f.hospital));
    assert.equal(await pendingOf(ctx, f.alice), LABS | NOTES | VITALS | ALLERGIES);
    for (const m of [f.doctor, f.nurse]) {
      assert.equal(await maskOf(ctx, f.alice, m), 0);
      assert.equal(await ctx.lens().canWrite(f.alice.address, m.address, SCOPE.VITALS), false);
    }
    assert.equal(await maskOf(ctx, f.alice, f.labTech), LABS | IMAGING);
    assert.equal(await maskOf(ctx, f.alice, f.labDoctor), LABS | IMAGING);
    await assertReaders(ctx, f, f.alice, SCOPE.LABS, [f.keys.lab], 'suspended:');
    await assertReaders(ctx, f, f.alice, SCOPE.NOTES, [], 'suspended:');
    await assertReaders(ctx, f, f.alice, SCOPE.VITALS, [], 'suspended:');
    await assertReaders(ctx, f, f.alice, SCOPE.ALLERGIES, [], 'suspended:');
    const ev = await settlementEvents(await send(ctx.hub(f.outsider).settleAccess(f.alice.address)));
    assert.deepEqual(byGrantee(ev.ended), {
      [memberGrantee(f.doctor.address).toLowerCase()]: {
        scopes: LABS | NOTES,
        reason: END.SUSPENDED,
        processedBy: f.outsider.address,
      },
      [memberGrantee(f.nurse.address).toLowerCase()]: {
        scopes: VITALS,
        reason: END.SUSPENDED,
        processedBy: f.outsider.address,
      },
      [institutionGrantee(f.hospital).toLowerCase()]: {
        scopes: ALLERGIES,
        reason: END.SUSPENDED,
        processedBy: f.outsider.address,
      },
    });
    assert.equal(ev.withheld.length, 0);
    assertAdvanced(e0, await epochsOf(ctx, f.alice), LABS | NOTES | VITALS | ALLERGIES);
    assert.equal(await pendingOf(ctx, f.alice), 0);
    await send(ctx.hub(f.superAdmin).unsuspendInstitution(f.hospital));
    assert.equal(await maskOf(ctx, f.alice, f.doctor), 0, 'no revival after settlement');
    assert.equal(await maskOf(ctx, f.alice, f.nurse), 0, 'no revival after settlement');
    assert.equal(await ctx.lens().canWrite(f.alice.address, f.nurse.address, SCOPE.VITALS), false);
    assert.equal(await ctx.lens().grantCount(f.alice.address), 1n, 'only the lab grant is left');
    assert.equal(await pendingOf(ctx, f.alice), 0);
    await assertReaders(ctx, f, f.alice, SCOPE.ALLERGIES, []);
    await assertReaders(ctx, f, f.alice, SCOPE.VITALS, []);
    await assertReaders(ctx, f, f.alice, SCOPE.LABS, [f.keys.lab]);
  });

  it('lifting a suspension before anyone settles restores the same grants, nothing pending', async () => {
    const { ctx, f } = s;
    await shareWidely(ctx, f);
    const e0 = await epochsOf(ctx, f.alice);
    await send(ctx.hub(f.superAdmin).suspendInstitution(f.hospital));
    await send(ctx.hub(f.superAdmin).unsuspendInstitution(f.hospital));
    assert.equal(await pendingOf(ctx, f.alice), 0);
    assert.equal(await maskOf(ctx, f.alice, f.doctor), LABS | NOTES | ALLERGIES);
    assert.equal(await maskOf(ctx, f.alice, f.nurse), VITALS | ALLERGIES);
    assert.deepEqual(await epochsOf(ctx, f.alice), e0);
    await expectRevert(ctx.hub(f.outsider).settleAccess(f.alice.address), 'NothingToSettle');
  });

  it("family link dissolved (and linked again): the relative's grant ends and is not revived", async () => {
    const { ctx, f } = s;
    await send(ctx.hub(f.alice).proposeFamilyLink(f.bob.address, 1));
    await send(ctx.hub(f.bob).confirmFamilyLink(f.alice.address, 1));
    const rel = memberGrantee(f.bob.address);
    await send(ctx.hub(f.alice).grantAccess(rel, FH, 0, randomBytesHex(80)));
    await send(ctx.hub(f.alice).grantAccess(memberGrantee(f.doctor.address), FH | NOTES, 0, randomBytesHex(80)));
    assert.equal(await maskOf(ctx, f.alice, f.bob), FH);
    await assertReaders(ctx, f, f.alice, SCOPE.FAMILY_HISTORY, [f.keys[f.bob.address], f.keys[f.doctor.address]]);
    const e0 = await epochsOf(ctx, f.alice);
    await send(ctx.hub(f.bob).dissolveFamilyLink(f.alice.address));
    assert.equal(await pendingOf(ctx, f.alice), FH);
    assert.equal(await maskOf(ctx, f.alice, f.bob), 0);
    assert.equal(await maskOf(ctx, f.alice, f.doctor), FH | NOTES);
    await assertReaders(ctx, f, f.alice, SCOPE.FAMILY_HISTORY, [f.keys[f.doctor.address]], 'dissolved:');
    // Linked again before anyone settles: a new link, the old grant stays ended.
    await send(ctx.hub(f.bob).proposeFamilyLink(f.alice.address, 2));
    await send(ctx.hub(f.alice).confirmFamilyLink(f.bob.address, 2));
    assert.equal(await ctx.hub().canShareFamilyHistory(f.alice.address, f.bob.address), true);
    assert.equal(await maskOf(ctx, f.alice, f.bob), 0, 'no revival by a new link');
    assert.equal(await ctx.lens().hasAccess(f.alice.address, f.bob.address, SCOPE.FAMILY_HISTORY), false);
    assert.equal(await pendingOf(ctx, f.alice), FH);
    await assertReaders(ctx, f, f.alice, SCOPE.FAMILY_HISTORY, [f.keys[f.doctor.address]], 're-linked:');
    await expectRevert(ctx.hub(f.alice).grantAccess(rel, FH, 0, '0x'), 'AccessNotSettled', [f.alice.address, rel]);
    const ev = await settlementEvents(await send(ctx.hub(f.carol).settleAccess(f.alice.address)));
    assert.deepEqual(byGrantee(ev.ended), {
      [rel.toLowerCase()]: { scopes: FH, reason: END.FAMILY_LINK, processedBy: f.carol.address },
    });
    assertAdvanced(e0, await epochsOf(ctx, f.alice), FH);
    assert.equal(await pendingOf(ctx, f.alice), 0);
    assert.equal(await maskOf(ctx, f.alice, f.doctor), FH | NOTES);
    await send(ctx.hub(f.alice).grantAccess(rel, FH, 0, randomBytesHex(80)));
    assert.equal(await maskOf(ctx, f.alice, f.bob), FH, 'a grant under the new link counts');
  });

  it('the patient closes an emergency window: the authorisation ends and its scopes advance at once', async () => {
    const { ctx, f } = s;
    await send(ctx.hub(f.alice).grantAccess(institutionGrantee(f.lab), LABS, 0, randomBytesHex(80)));
    await send(ctx.hub(f.alice).grantAccess(memberGrantee(f.nurse.address), VITALS, 0, randomBytesHex(80)));
    await send(ctx.hub(f.alice).setEmergencyInstitution(f.hospital, ER_SCOPES, randomBytesHex(80)));
    assert.equal(
      (await grantsOf(ctx, f.alice))[emergencyGrantee(f.hospital).toLowerCase()].scopes,
      ER_SCOPES,
      'listed as a grant',
    );
    await send(ctx.hub(f.doctor).openEmergencyAccess(f.alice.address, 1, 3600));
    await send(ctx.hub(f.nurse).openEmergencyAccess(f.alice.address, 2, 3600));
    await assertReaders(ctx, f, f.alice, SCOPE.ALLERGIES, [f.keys.hospital], 'authorised:');
    assert.equal(await pendingOf(ctx, f.alice), 0);
    const e0 = await epochsOf(ctx, f.alice);
    const r = await send(ctx.hub(f.alice).closeEmergencyAccess(f.alice.address, f.doctor.address));
    assert.deepEqual(
      (await eventsOf(r)).map((e) => e.name),
      ['EmergencyAccessClosed', 'EmergencyInstitutionSet', 'EpochsAdvanced'],
    );
    const set = await expectEvent(r, 'EmergencyInstitutionSet');
    assert.deepEqual(
      [set.patient, set.institutionId, set.scopes, set.wrappedKeys],
      [f.alice.address, BigInt(f.hospital), 0n, '0x'],
    );
    assertAdvanced(e0, await epochsOf(ctx, f.alice), ER_SCOPES);
    assert.equal(await pendingOf(ctx, f.alice), 0);
    assert.equal(await maskOf(ctx, f.alice, f.doctor), 0);
    assert.equal(await maskOf(ctx, f.alice, f.nurse), VITALS, "the nurse's window ended with the authorisation");
    assert.equal(await ctx.lens().canWrite(f.alice.address, f.doctor.address, SCOPE.ALLERGIES), false);
    assert.equal(await maskOf(ctx, f.alice, f.labTech), LABS);
    await assertReaders(ctx, f, f.alice, SCOPE.ALLERGIES, [], 'closed:');
    await assertReaders(ctx, f, f.alice, SCOPE.VITALS, [f.keys[f.nurse.address]]);
    await assertReaders(ctx, f, f.alice, SCOPE.LABS, [f.keys.lab]);
    assert.equal((await grantsOf(ctx, f.alice))[emergencyGrantee(f.hospital).toLowerCase()], undefined);
    assert.equal(await ctx.lens().grantCount(f.alice.address), 2n);
    await expectRevert(ctx.hub(f.nurse).openEmergencyAccess(f.alice.address, 1, 60), 'NotEmergencyInstitution');
  });

  it('the patient withdraws an emergency authorisation: open windows end, scopes advance at once', async () => {
    const { ctx, f } = s;
    await send(ctx.hub(f.alice).grantAccess(institutionGrantee(f.lab), LABS, 0, randomBytesHex(80)));
    await send(ctx.hub(f.alice).setEmergencyInstitution(f.hospital, ER_SCOPES, randomBytesHex(80)));
    await send(ctx.hub(f.doctor).openEmergencyAccess(f.alice.address, 1, 3600));
    const e0 = await epochsOf(ctx, f.alice);
    const r = await send(ctx.hub(f.alice).setEmergencyInstitution(f.hospital, 0, '0x'));
    assert.deepEqual(
      (await eventsOf(r)).map((e) => e.name),
      ['EmergencyInstitutionSet', 'EpochsAdvanced'],
    );
    assert.equal((await expectEvent(r, 'EpochsAdvanced')).scopes, BigInt(ER_SCOPES));
    assertAdvanced(e0, await epochsOf(ctx, f.alice), ER_SCOPES);
    assert.equal(await pendingOf(ctx, f.alice), 0);
    assert.equal(await maskOf(ctx, f.alice, f.doctor), 0);
    assert.equal(await maskOf(ctx, f.alice, f.labTech), LABS);
    await assertReaders(ctx, f, f.alice, SCOPE.ALLERGIES, []);
    await assertReaders(ctx, f, f.alice, SCOPE.LABS, [f.keys.lab]);
    await expectRevert(ctx.hub(f.alice).setEmergencyInstitution(f.hospital, 0, '0x'), 'NoChange');
  });

  it('key rotation: every epoch moves to the new version, grants and readers continue', async () => {
    const { ctx, f } = s;
    await shareWidely(ctx, f);
    const before = await view(ctx, f, f.alice, [f.doctor, f.nurse, f.labTech]);
    const k1 = f.keys[f.alice.address];
    const k2 = randomKey().toLowerCase();
    const r = await send(ctx.hub(f.alice).rotatePatientKey(k2));
    assert.deepEqual(
      (await eventsOf(r)).map((e) => e.name),
      ['PatientKeyRotated', 'EpochsAdvanced'],
    );
    assert.equal((await expectEvent(r, 'EpochsAdvanced')).scopes, BigInt(ALL));
    assert.equal(await ctx.hub().patientKeyVersion(f.alice.address), 2n);
    assert.deepEqual(await epochsOf(ctx, f.alice), new Array(32).fill(16777216));
    assert.equal(await pendingOf(ctx, f.alice), 0);
    const rotated = { ...f, keys: { ...f.keys, [f.alice.address]: k2 } };
    const afterV = await view(ctx, rotated, f.alice, [f.doctor, f.nurse, f.labTech]);
    assert.deepEqual(afterV.masks, before.masks, 'every grantee keeps its access');
    for (const sc of SCOPES_CHECKED) {
      // The same readers, with the patient's new key in place of the old one.
      assert.ok(before.readerKeys[sc].includes(k1));
      assert.deepEqual(
        afterV.readerKeys[sc],
        before.readerKeys[sc].map((k) => (k === k1 ? k2 : k)).sort(),
        `readers of scope ${sc}`,
      );
    }
    await assertReaders(ctx, rotated, f.alice, SCOPE.LABS, [f.keys[f.doctor.address], f.keys.lab], 'rotated:');
    // A second rotation goes on to version 3; a pending end is still settled on top of it.
    const now = await ctx.now();
    await send(ctx.hub(f.alice).grantAccess(memberGrantee(f.labDoctor.address), IMAGING, now + 50, '0x'));
    await ctx.increaseTime(100);
    await send(ctx.hub(f.alice).rotatePatientKey(randomKey()));
    assert.equal(await ctx.hub().patientKeyVersion(f.alice.address), 3n);
    assert.equal(await pendingOf(ctx, f.alice), IMAGING, 'a rotation does not settle what ended');
    await send(ctx.hub(f.alice).settleAccess(f.alice.address));
    const e = await epochsOf(ctx, f.alice);
    assert.equal(e[SCOPE.IMAGING], (2 << 24) + 1);
    assert.equal(e[SCOPE.LABS], 2 << 24);
  });

  it('group key exposed by a removal: institution grants and emergency authorisations are pending; keys withheld, access kept', async () => {
    const { ctx, f } = s;
    await send(ctx.hub(f.alice).grantAccess(institutionGrantee(f.hospital), NOTES, 0, randomBytesHex(80)));
    await send(ctx.hub(f.alice).setEmergencyInstitution(f.hospital, ER_SCOPES, randomBytesHex(80)));
    await send(ctx.hub(f.alice).grantAccess(institutionGrantee(f.lab), LABS, 0, randomBytesHex(80)));
    await send(ctx.hub(f.alice).grantAccess(memberGrantee(f.doctor.address), VITALS, 0, randomBytesHex(80)));
    await assertReaders(ctx, f, f.alice, SCOPE.NOTES, [f.keys.hospital]);
    await assertReaders(ctx, f, f.alice, SCOPE.ALLERGIES, [f.keys.hospital]);
    const e0 = await epochsOf(ctx, f.alice);
    // The nurse, who holds no grant of her own, leaves: what was sealed to the hospital's key is exposed.
    await send(ctx.hub(f.hospitalAdmin).removeMember(f.hospital, f.nurse.address));
    assert.equal(await pendingOf(ctx, f.alice), NOTES | ER_SCOPES);
    assert.equal(await maskOf(ctx, f.alice, f.nurse), 0);
    assert.equal(
      await maskOf(ctx, f.alice, f.doctor),
      NOTES | VITALS,
      'the doctor keeps the hospital grant and his own',
    );
    assert.equal(await ctx.lens().canWrite(f.alice.address, f.doctor.address, SCOPE.NOTES), true);
    await assertReaders(ctx, f, f.alice, SCOPE.NOTES, [], 'exposed:');
    await assertReaders(ctx, f, f.alice, SCOPE.ALLERGIES, [], 'exposed:');
    await assertReaders(ctx, f, f.alice, SCOPE.VITALS, [f.keys[f.doctor.address]], 'exposed:');
    await assertReaders(ctx, f, f.alice, SCOPE.LABS, [f.keys.lab], 'exposed:');
    // Nothing new may be sealed over the exposed grants until they are settled.
    await expectRevert(
      ctx.hub(f.alice).grantAccess(institutionGrantee(f.hospital), NOTES | LABS, 0, '0x'),
      'AccessNotSettled',
      [f.alice.address, institutionGrantee(f.hospital)],
    );
    await expectRevert(ctx.hub(f.alice).setEmergencyInstitution(f.hospital, ER_SCOPES, '0x'), 'AccessNotSettled', [
      f.alice.address,
      emergencyGrantee(f.hospital),
    ]);
    const r = await send(ctx.hub(f.outsider).settleAccess(f.alice.address));
    const ev = await settlementEvents(r);
    assert.equal(ev.ended.length + ev.expired.length, 0, 'nobody loses a grant');
    assert.deepEqual(Object.fromEntries(ev.withheld.map((a) => [a.grantee.toLowerCase(), Number(a.scopes)])), {
      [institutionGrantee(f.hospital).toLowerCase()]: NOTES,
      [emergencyGrantee(f.hospital).toLowerCase()]: ER_SCOPES,
    });
    assert.equal(ev.advanced[0].scopes, BigInt(NOTES | ER_SCOPES));
    assertAdvanced(e0, await epochsOf(ctx, f.alice), NOTES | ER_SCOPES);
    assert.equal(await pendingOf(ctx, f.alice), 0);
    const listed = await grantsOf(ctx, f.alice);
    assert.deepEqual(listed[institutionGrantee(f.hospital).toLowerCase()], {
      scopes: NOTES,
      expiry: 0,
      inForce: true,
      keysCurrent: false,
    });
    assert.deepEqual(listed[emergencyGrantee(f.hospital).toLowerCase()], {
      scopes: ER_SCOPES,
      expiry: 0,
      inForce: true,
      keysCurrent: false,
    });
    assert.equal(listed[institutionGrantee(f.lab).toLowerCase()].keysCurrent, true);
    assert.equal(await maskOf(ctx, f.alice, f.doctor), NOTES | VITALS);
    await send(ctx.hub(f.doctor).openEmergencyAccess(f.alice.address, 1, 600));
    assert.equal(await maskOf(ctx, f.alice, f.doctor), NOTES | VITALS | ER_SCOPES, 'still authorised for emergencies');
    await assertReaders(ctx, f, f.alice, SCOPE.NOTES, [], 'withheld:');
    // Sealing new keys to a key a departed member held is pending at once.
    await send(ctx.hub(f.bob).grantAccess(institutionGrantee(f.hospital), IMAGING, 0, randomBytesHex(80)));
    assert.equal(await pendingOf(ctx, f.bob), IMAGING);
    assert.equal((await grantsOf(ctx, f.bob))[institutionGrantee(f.hospital).toLowerCase()].keysCurrent, false);
    // The hospital rotates: its new key reads again, for both kinds of grant.
    const k2 = randomKey();
    await send(ctx.hub(f.hospitalAdmin).publishGroupKey(f.hospital, k2, 2));
    await assertReaders(ctx, f, f.alice, SCOPE.NOTES, [k2], 'rotated:');
    await assertReaders(ctx, f, f.alice, SCOPE.ALLERGIES, [k2], 'rotated:');
    assert.equal(await pendingOf(ctx, f.alice), 0);
    assert.equal(await pendingOf(ctx, f.bob), IMAGING, 'sealed to version 1, still exposed');
    await send(ctx.hub(f.alice).grantAccess(institutionGrantee(f.hospital), NOTES, 0, randomBytesHex(80)));
    await send(ctx.hub(f.alice).setEmergencyInstitution(f.hospital, ER_SCOPES, randomBytesHex(80)));
    const relisted = await grantsOf(ctx, f.alice);
    assert.equal(relisted[institutionGrantee(f.hospital).toLowerCase()].keysCurrent, true);
    assert.equal(relisted[emergencyGrantee(f.hospital).toLowerCase()].keysCurrent, true);
  });
});

describe('End of access: membership by consent', () => {
  const s = useChain(hooks, { fixture });

  it('an invitation alone gives no membership and no access', async () => {
    const { ctx, f } = s;
    const who = ctx.wallets[15];
    await send(ctx.hub(f.alice).grantAccess(institutionGrantee(f.hospital), NOTES, 0, '0x'));
    await send(ctx.hub(f.hospitalAdmin).addMember(f.hospital, who.address, ROLE.DOCTOR, 'LIC-7', 'GP', 'Dr Seven'));
    const m = await ctx.hub().member(who.address);
    assert.deepEqual([m.institutionId, m.role, m.live], [0n, 0n, false]);
    assert.equal(await maskOf(ctx, f.alice, who), 0, "the hospital's grant does not reach an invitee");
    assert.equal(await ctx.lens().canWrite(f.alice.address, who.address, SCOPE.NOTES), false);
    await expectRevert(ctx.hub(f.alice).grantAccess(memberGrantee(who.address), NOTES, 0, '0x'), 'GranteeNotEligible');
    await expectRevert(ctx.hub(who).setMemberKey(randomKey()), 'NotMember', [who.address]);
    await expectRevert(ctx.hub(who).addRecord(f.alice.address, randomKey(), CODEC.RAW, SCOPE.NOTES), 'NotMember');
    await expectRevert(ctx.hub(who).openEmergencyAccess(f.alice.address, 1, 60), 'NotMember');
    await send(ctx.hub(who).acceptMembership(f.hospital, ROLE.DOCTOR, 'LIC-7', 'GP', 'Dr Seven'));
    assert.equal(await maskOf(ctx, f.alice, who), NOTES);
  });

  it('accepting needs exactly what was invited', async () => {
    const { ctx, f } = s;
    const who = ctx.wallets[15];
    await send(
      ctx.hub(f.hospitalAdmin).addMember(f.hospital, who.address, ROLE.NURSE, 'LIC-8', 'Wards', 'Nurse Eight'),
    );
    const wrong = [
      [f.lab, ROLE.NURSE, 'LIC-8', 'Wards', 'Nurse Eight'],
      [f.hospital, ROLE.DOCTOR, 'LIC-8', 'Wards', 'Nurse Eight'],
      [f.hospital, ROLE.NURSE, 'LIC-9', 'Wards', 'Nurse Eight'],
      [f.hospital, ROLE.NURSE, 'LIC-8', 'Theatre', 'Nurse Eight'],
      [f.hospital, ROLE.NURSE, 'LIC-8', 'Wards', 'Nurse Nine'],
      // The listing is hashed as three strings: moving characters between them is no match.
      [f.hospital, ROLE.NURSE, 'LIC-8W', 'ards', 'Nurse Eight'],
    ];
    for (const args of wrong)
      await expectRevert(ctx.hub(who).acceptMembership(...args), 'NoInvitation', [who.address, args[0]]);
    await expectRevert(
      ctx.hub(ctx.wallets[16]).acceptMembership(f.hospital, ROLE.NURSE, 'LIC-8', 'Wards', 'Nurse Eight'),
      'NoInvitation',
      [ctx.wallets[16].address, f.hospital],
    );
    assert.equal((await ctx.hub().member(who.address)).institutionId, 0n);
    await send(ctx.hub(who).acceptMembership(f.hospital, ROLE.NURSE, 'LIC-8', 'Wards', 'Nurse Eight'));
    const m = await ctx.hub().member(who.address);
    assert.deepEqual([m.institutionId, m.role, m.live], [BigInt(f.hospital), BigInt(ROLE.NURSE), true]);
  });

  it('a newer invitation replaces an older one', async () => {
    const { ctx, f } = s;
    const who = ctx.wallets[15];
    await send(ctx.hub(f.hospitalAdmin).addMember(f.hospital, who.address, ROLE.NURSE, 'A', 'B', 'C'));
    await send(ctx.hub(f.labAdmin).addMember(f.lab, who.address, ROLE.LAB_TECHNICIAN, 'D', 'E', 'F'));
    const inv = await ctx.hub().invitation(who.address);
    assert.deepEqual([inv.institutionId, inv.role], [BigInt(f.lab), BigInt(ROLE.LAB_TECHNICIAN)]);
    await expectRevert(ctx.hub(who).acceptMembership(f.hospital, ROLE.NURSE, 'A', 'B', 'C'), 'NoInvitation');
    await send(ctx.hub(who).acceptMembership(f.lab, ROLE.LAB_TECHNICIAN, 'D', 'E', 'F'));
    assert.equal((await ctx.hub().member(who.address)).institutionId, BigInt(f.lab));
  });

  it('the admin withdraws or the account declines an invitation; nobody else can', async () => {
    const { ctx, f } = s;
    const [x, y] = [ctx.wallets[15], ctx.wallets[16]];
    await send(ctx.hub(f.hospitalAdmin).addMember(f.hospital, x.address, ROLE.DOCTOR, 'L', 'S', 'N'));
    await send(ctx.hub(f.hospitalAdmin).addMember(f.hospital, y.address, ROLE.DOCTOR, 'L', 'S', 'N'));
    for (const stranger of [f.labAdmin, f.doctor, y, f.superAdmin]) {
      await expectRevert(ctx.hub(stranger).cancelInvitation(x.address), 'NotAuthorized', [stranger.address]);
    }
    const r1 = await send(ctx.hub(f.hospitalAdmin).cancelInvitation(x.address));
    const e1 = await expectEvent(r1, 'InvitationCancelled');
    assert.deepEqual([e1.institutionId, e1.account, e1.by], [BigInt(f.hospital), x.address, f.hospitalAdmin.address]);
    await expectRevert(ctx.hub(x).acceptMembership(f.hospital, ROLE.DOCTOR, 'L', 'S', 'N'), 'NoInvitation', [
      x.address,
      f.hospital,
    ]);
    const r2 = await send(ctx.hub(y).cancelInvitation(y.address));
    const e2 = await expectEvent(r2, 'InvitationCancelled');
    assert.deepEqual([e2.institutionId, e2.account, e2.by], [BigInt(f.hospital), y.address, y.address]);
    await expectRevert(ctx.hub(y).acceptMembership(f.hospital, ROLE.DOCTOR, 'L', 'S', 'N'), 'NoInvitation');
    await expectRevert(ctx.hub(y).cancelInvitation(y.address), 'NoInvitation', [y.address, 0]);
    assert.deepEqual([...(await ctx.hub().invitation(x.address))].map(Number), [0, 0, 0]);
    // A new admin can withdraw what the old admin sent.
    await send(ctx.hub(f.hospitalAdmin).addMember(f.hospital, x.address, ROLE.DOCTOR, 'L', 'S', 'N'));
    await send(ctx.hub(f.superAdmin).setInstitutionAdmin(f.hospital, f.outsider.address));
    await expectRevert(ctx.hub(f.hospitalAdmin).cancelInvitation(x.address), 'NotAuthorized');
    await send(ctx.hub(f.outsider).cancelInvitation(x.address));
  });

  it('removing and re-inviting a member does not revive the old direct grant', async () => {
    const { ctx, f } = s;
    const g = memberGrantee(f.labTech.address);
    await send(ctx.hub(f.alice).grantAccess(g, LABS | IMAGING, 0, randomBytesHex(80)));
    assert.equal(await maskOf(ctx, f.alice, f.labTech), LABS | IMAGING);
    await send(ctx.hub(f.labAdmin).removeMember(f.lab, f.labTech.address));
    await send(
      ctx
        .hub(f.labAdmin)
        .addMember(f.lab, f.labTech.address, ROLE.LAB_TECHNICIAN, 'LIC-2001', 'Haematology', 'Tech Demo'),
    );
    assert.equal(await maskOf(ctx, f.alice, f.labTech), 0, 'not while invited');
    await send(ctx.hub(f.labTech).acceptMembership(f.lab, ROLE.LAB_TECHNICIAN, 'LIC-2001', 'Haematology', 'Tech Demo'));
    assert.equal((await ctx.hub().member(f.labTech.address)).live, true);
    assert.equal(await maskOf(ctx, f.alice, f.labTech), 0, 'accessMask leaves the old grant out');
    assert.equal(await ctx.lens().canWrite(f.alice.address, f.labTech.address, SCOPE.LABS), false);
    assert.equal(await pendingOf(ctx, f.alice), LABS | IMAGING, 'pending until settled');
    const ev = await settlementEvents(await send(ctx.hub(f.labTech).settleAccess(f.alice.address)));
    assert.equal(byGrantee(ev.ended)[g.toLowerCase()].reason, END.MEMBERSHIP);
    assert.equal(await pendingOf(ctx, f.alice), 0);
    assert.equal(await maskOf(ctx, f.alice, f.labTech), 0);
    assert.equal((await ctx.hub().grantOf(f.alice.address, g)).scopes, 0n);
  });
});

describe('End of access: settlement, listing and limits', () => {
  const s = useChain(hooks, { fixture });

  it('settles nothing on a clean chart', async () => {
    const { ctx, f } = s;
    await expectRevert(ctx.hub(f.outsider).settleAccess(f.alice.address), 'NothingToSettle', [f.alice.address]);
    await expectRevert(ctx.hub(f.outsider).settleAccess(f.outsider.address), 'NothingToSettle', [f.outsider.address]);
    await send(ctx.hub(f.alice).grantAccess(memberGrantee(f.doctor.address), LABS, 0, '0x'));
    await expectRevert(ctx.hub(f.outsider).settleAccess(f.alice.address), 'NothingToSettle', [f.alice.address]);
  });

  it('settles several ended grants at once, with one epoch advance for their union', async () => {
    const { ctx, f } = s;
    const now = await ctx.now();
    await send(ctx.hub(f.alice).grantAccess(memberGrantee(f.doctor.address), LABS, now + 50, '0x'));
    await send(ctx.hub(f.alice).grantAccess(memberGrantee(f.nurse.address), VITALS | LABS, 0, '0x'));
    await send(ctx.hub(f.alice).grantAccess(memberGrantee(f.labTech.address), IMAGING, now + 50, '0x'));
    await send(ctx.hub(f.alice).grantAccess(memberGrantee(f.labDoctor.address), NOTES, 0, '0x'));
    await send(ctx.hub(f.hospitalAdmin).removeMember(f.hospital, f.nurse.address));
    await ctx.increaseTime(100);
    assert.equal(await pendingOf(ctx, f.alice), LABS | VITALS | IMAGING);
    // processExpiry still ends one grant on its own.
    await send(ctx.hub(f.outsider).processExpiry(f.alice.address, memberGrantee(f.labTech.address)));
    assert.equal(await pendingOf(ctx, f.alice), LABS | VITALS);
    const e0 = await epochsOf(ctx, f.alice);
    const ev = await settlementEvents(await send(ctx.hub(f.outsider).settleAccess(f.alice.address)));
    assert.deepEqual(Object.keys(byGrantee(ev.expired)), [memberGrantee(f.doctor.address).toLowerCase()]);
    assert.deepEqual(Object.keys(byGrantee(ev.ended)), [memberGrantee(f.nurse.address).toLowerCase()]);
    assert.equal(ev.advanced[0].scopes, BigInt(LABS | VITALS));
    assertAdvanced(e0, await epochsOf(ctx, f.alice), LABS | VITALS, 'LABS once although two grants held it:');
    assert.deepEqual(Object.keys(await grantsOf(ctx, f.alice)), [memberGrantee(f.labDoctor.address).toLowerCase()]);
    assert.equal(await maskOf(ctx, f.alice, f.labDoctor), NOTES);
  });

  it('rejects replacing an expired grant that was not settled', async () => {
    const { ctx, f } = s;
    const g = institutionGrantee(f.lab);
    const now = await ctx.now();
    await send(ctx.hub(f.alice).grantAccess(g, LABS, now + 30, '0x'));
    await ctx.increaseTime(60);
    for (const scopes of [LABS, LABS | IMAGING, IMAGING]) {
      await expectRevert(ctx.hub(f.alice).grantAccess(g, scopes, 0, '0x'), 'AccessNotSettled', [f.alice.address, g]);
    }
    await send(ctx.hub(f.alice).processExpiry(f.alice.address, g));
    await send(ctx.hub(f.alice).grantAccess(g, LABS, 0, '0x'));
    assert.equal(await maskOf(ctx, f.alice, f.labTech), LABS);
  });

  it('a revocation of an ended grant needs no settlement', async () => {
    const { ctx, f } = s;
    const g = memberGrantee(f.doctor.address);
    await send(ctx.hub(f.alice).grantAccess(g, LABS | NOTES, 0, '0x'));
    await send(ctx.hub(f.hospitalAdmin).removeMember(f.hospital, f.doctor.address));
    assert.equal(await pendingOf(ctx, f.alice), LABS | NOTES);
    await send(ctx.hub(f.alice).revokeAccess(g, NOTES));
    assert.equal(await pendingOf(ctx, f.alice), LABS, 'the part left is still pending');
    await send(ctx.hub(f.alice).revokeAccess(g, ALL));
    assert.equal(await pendingOf(ctx, f.alice), 0);
    assert.equal(await ctx.lens().epochOf(f.alice.address, SCOPE.LABS), 1n);
    assert.equal(await ctx.lens().epochOf(f.alice.address, SCOPE.NOTES), 1n);
  });

  it('refuses to grant to an institution without a group key', async () => {
    const { ctx, f } = s;
    await send(ctx.hub(f.superAdmin).addInstitution(KIND.PHARMACY, 'Keyless Pharmacy Demo', 'XX', f.outsider.address));
    await expectRevert(ctx.hub(f.alice).grantAccess(institutionGrantee(3), LABS, 0, '0x'), 'NoGroupKey', [3]);
    await send(ctx.hub(f.outsider).publishGroupKey(3, randomKey(), 1));
    await send(ctx.hub(f.alice).grantAccess(institutionGrantee(3), LABS, 0, '0x'));
    assert.equal(await ctx.lens().grantCount(f.alice.address), 1n);
  });

  it('lists grants in pages', async () => {
    const { ctx, f } = s;
    const grantees = [memberGrantee(f.doctor.address), institutionGrantee(f.lab), memberGrantee(f.nurse.address)];
    for (const g of grantees) await send(ctx.hub(f.alice).grantAccess(g, LABS, 0, '0x'));
    await send(ctx.hub(f.alice).setEmergencyInstitution(f.hospital, ER_SCOPES, '0x'));
    assert.equal(await ctx.lens().grantCount(f.alice.address), 4n);
    const all = (await ctx.lens().grantsOf(f.alice.address, 0, 10)).map((g) => g.grantee.toLowerCase());
    assert.deepEqual(
      all,
      [...grantees, emergencyGrantee(f.hospital)].map((g) => g.toLowerCase()),
      'in grant order',
    );
    const page = await ctx.lens().grantsOf(f.alice.address, 1, 2);
    assert.deepEqual(
      page.map((g) => g.grantee.toLowerCase()),
      all.slice(1, 3),
    );
    assert.equal((await ctx.lens().grantsOf(f.alice.address, 4, 5)).length, 0);
    assert.equal((await ctx.lens().grantsOf(f.alice.address, 9, 5)).length, 0);
    assert.equal((await ctx.lens().grantsOf(f.alice.address, 3, 0)).length, 0);
    // Removing the first moves the last into its place.
    await send(ctx.hub(f.alice).revokeAccess(grantees[0], ALL));
    const moved = (await ctx.lens().grantsOf(f.alice.address, 0, 10)).map((g) => g.grantee.toLowerCase());
    assert.deepEqual(
      moved,
      [emergencyGrantee(f.hospital), grantees[1], grantees[2]].map((g) => g.toLowerCase()),
    );
    assert.equal(await ctx.lens().grantCount(f.bob.address), 0n);
    assert.deepEqual(
      (await ctx.hub().grantees(f.alice.address)).map((g) => g.toLowerCase()),
      moved,
      'the hub lists the same grantees in the same order',
    );
    assert.equal((await ctx.hub().grantees(f.bob.address)).length, 0);
  });

  it('reader keys: range checked, grantees without a key left out', async () => {
    const { ctx, f } = s;
    await expectRevert(ctx.lens().readerKeys(f.alice.address, 32), 'InvalidScope', [32]);
    // A member who has not set a key yet is a reader, but there is nothing to seal to.
    const who = ctx.wallets[15];
    await enrol(ctx, f.hospitalAdmin, f.hospital, who, ROLE.DOCTOR);
    await send(ctx.hub(f.alice).grantAccess(memberGrantee(who.address), NOTES, 0, '0x'));
    assert.equal(await maskOf(ctx, f.alice, who), NOTES);
    await assertReaders(ctx, f, f.alice, SCOPE.NOTES, []);
    const k = randomKey();
    await send(ctx.hub(who).setMemberKey(k));
    await assertReaders(ctx, f, f.alice, SCOPE.NOTES, [k]);
    assert.deepEqual(
      (await ctx.lens().readerKeys(f.outsider.address, 0)).map(Number),
      [0],
      'an unregistered chart: a zero patient key',
    );
  });

  it('holds at most 128 grants per chart (TooManyGrantees at the 129th)', async () => {
    const { ctx, f } = s;
    // 126 more institutions, all run by the hospital admin: two raw transactions per grantee plus
    // the grant, sent without waiting for receipts (anvil mines each at once).
    const iface = new Interface((await readArtifact('EhrHub')).abi);
    const raw = (from, fn, args) =>
      ctx.anvil.rpc('eth_sendTransaction', [
        { from: from.address, to: ctx.addresses.EhrHub, data: iface.encodeFunctionData(fn, args), gas: '0x7a120' },
      ]);
    const hashes = [];
    for (let id = 3; id <= 128; id++) {
      hashes.push(await raw(f.superAdmin, 'addInstitution', [KIND.LAB, `Lab ${id}`, 'XX', f.hospitalAdmin.address]));
      hashes.push(await raw(f.hospitalAdmin, 'publishGroupKey', [id, randomKey(), 1]));
    }
    for (let id = 1; id <= 128; id++)
      hashes.push(await raw(f.alice, 'grantAccess', [institutionGrantee(id), LABS, 0, '0x']));
    const last = await receiptOf(ctx, hashes.at(-1));
    assert.equal(last.status, 1);
    assert.equal(await ctx.lens().grantCount(f.alice.address), 128n);
    await expectRevert(
      ctx.hub(f.alice).grantAccess(memberGrantee(f.doctor.address), LABS, 0, '0x'),
      'TooManyGrantees',
      [f.alice.address],
    );
    await expectRevert(ctx.hub(f.alice).setEmergencyInstitution(f.hospital, ER_SCOPES, '0x'), 'TooManyGrantees');
    // Replacing a listed grant is no new entry; other patients are not affected.
    await send(ctx.hub(f.alice).grantAccess(institutionGrantee(7), LABS | NOTES, 0, '0x'));
    await send(ctx.hub(f.bob).grantAccess(memberGrantee(f.doctor.address), LABS, 0, '0x'));
    assert.equal((await ctx.lens().readerKeys(f.alice.address, SCOPE.LABS)).length, 129);
    await send(ctx.hub(f.alice).revokeAccess(institutionGrantee(100), ALL));
    await send(ctx.hub(f.alice).grantAccess(memberGrantee(f.doctor.address), LABS, 0, '0x'));
    assert.equal(await ctx.lens().grantCount(f.alice.address), 128n);
  });

  it('stops at the last patient key version (KeyVersionLimit)', async () => {
    const { ctx, f } = s;
    const iface = new Interface((await readArtifact('EhrHub')).abi);
    let hash;
    for (let i = 0; i < 253; i++) {
      hash = await ctx.anvil.rpc('eth_sendTransaction', [
        {
          from: f.carol.address,
          to: ctx.addresses.EhrHub,
          data: iface.encodeFunctionData('rotatePatientKey', [randomKey()]),
          gas: '0x30d40',
        },
      ]);
    }
    assert.equal((await receiptOf(ctx, hash)).status, 1);
    assert.equal(await ctx.hub().patientKeyVersion(f.carol.address), 254n);
    await send(ctx.hub(f.carol).rotatePatientKey(randomKey()));
    assert.equal(await ctx.hub().patientKeyVersion(f.carol.address), 255n);
    assert.deepEqual(await epochsOf(ctx, f.carol), new Array(32).fill(254 * 2 ** 24));
    await expectRevert(ctx.hub(f.carol).rotatePatientKey(randomKey()), 'KeyVersionLimit', [f.carol.address]);
    assert.equal(await ctx.hub().isPatient(f.carol.address), true);
    // Epochs of the last version still advance.
    await send(ctx.hub(f.carol).grantAccess(memberGrantee(f.doctor.address), LABS, 0, '0x'));
    await send(ctx.hub(f.carol).revokeAccess(memberGrantee(f.doctor.address), ALL));
    assert.equal(await ctx.lens().epochOf(f.carol.address, SCOPE.LABS), BigInt(254 * 2 ** 24 + 1));
  });
});
