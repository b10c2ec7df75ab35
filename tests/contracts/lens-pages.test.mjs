// Paged views: EhrLens.institutions / accounts / rolesOf / adminOf and
// EhrAppointments.appointmentsOf. Paging edges (0, 1, a page, a page + 1), the order and merge of
// appointment lists, and the gas of a full page measured with eth_estimateGas and kept under
// 10M (a public RPC's 30M call gas cap holds with room to spare). Bulk state is seeded with
// impersonated accounts (anvil signs for any `from`) in JSON-RPC batches with automine off.
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { Interface, Wallet, ZeroAddress } from 'ethers';
import { readArtifact } from '../../contracts/build.mjs';
import { KIND, ROLE, expectRevert, institutionGrantee, memberGrantee, randomKey, send, useChain } from './helpers.mjs';
import { sendAll } from '../lib/bulk-send.mjs';

const hooks = { before, after, beforeEach, afterEach };
const GAS_LIMIT_PER_PAGE = 10_000_000;
const INSTITUTION_PAGE = 250;
const ACCOUNT_PAGE = 250;
const APPOINTMENT_PAGE = 200;
const ADMIN_SCAN = 1000;

const addrs = (n, salt) => Array.from({ length: n }, (_, i) => Wallet.createRandom().address + salt.repeat(0));

/** Gas of a view call, as a node estimates it. */
async function gasOf(ctx, contract, fn, args) {
  const data = contract.interface.encodeFunctionData(fn, args);
  return Number(await ctx.anvil.rpc('eth_estimateGas', [{ to: await contract.getAddress(), data }]));
}

const hubIface = async () => new Interface((await readArtifact('EhrHub')).abi);
const apptIface = async () => new Interface((await readArtifact('EhrAppointments')).abi);
const ids = (page) => page.map((v) => Number(v.institutionId ?? v.appointmentId));
const range = (from, to) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
const gasLog = [];

describe('EhrLens pages: institutions, accounts, roles', () => {
  const s = useChain(hooks);

  /** Adds institutions until there are `total`, administered by `admin` (the super-admin's own). */
  async function seedInstitutions(total, admin) {
    const { ctx, f } = s;
    const have = Number(await ctx.hub().institutionCount());
    const iface = await hubIface();
    await sendAll(
      ctx.anvil,
      range(have + 1, total).map((id) => ({
        from: f.superAdmin.address,
        to: ctx.addresses.EhrHub,
        data: iface.encodeFunctionData('addInstitution', [
          KIND.HOSPITAL,
          `Clinic ${id}`,
          'XX',
          admin ?? f.outsider.address,
        ]),
      })),
    );
    assert.equal(Number(await ctx.hub().institutionCount()), total);
  }

  it('institutions: a page, with the total, at the edges 0 / 1 / page / page + 1', async () => {
    const { ctx, f } = s;
    const lens = ctx.lens();
    let [total, page] = await lens.institutions(0, 10);
    assert.equal(total, 2n);
    assert.deepEqual(ids(page), [1, 2]);
    const h = page[0];
    assert.deepEqual(
      [h.institutionAdmin, h.kind, h.suspended, h.groupKey, h.keyVersion, h.exposedVersion, h.grantee],
      [f.hospitalAdmin.address, BigInt(KIND.HOSPITAL), false, f.hospitalGroupKey, 1n, 0n, institutionGrantee(1)],
    );
    // Suspension and an exposed key version show.
    await send(ctx.hub(f.superAdmin).suspendInstitution(f.lab));
    await send(ctx.hub(f.hospitalAdmin).removeMember(f.hospital, f.nurse.address));
    [, page] = await lens.institutions(0, 2);
    assert.deepEqual([page[0].exposedVersion, page[1].suspended], [1n, true]);
    // count 0, offset past the end, one.
    assert.deepEqual(ids((await lens.institutions(0, 0))[1]), []);
    assert.deepEqual(ids((await lens.institutions(2, 5))[1]), []);
    assert.deepEqual(ids((await lens.institutions(5, 5))[1]), []);
    assert.deepEqual(ids((await lens.institutions(1, 1))[1]), [2]);
    await seedInstitutions(INSTITUTION_PAGE + 1);
    [total, page] = await lens.institutions(0, INSTITUTION_PAGE);
    assert.equal(total, BigInt(INSTITUTION_PAGE + 1));
    assert.deepEqual(ids(page), range(1, INSTITUTION_PAGE));
    // Asking for more than a page is clamped to a page.
    assert.deepEqual(ids((await lens.institutions(0, INSTITUTION_PAGE + 1))[1]), range(1, INSTITUTION_PAGE));
    assert.deepEqual(ids((await lens.institutions(INSTITUTION_PAGE, INSTITUTION_PAGE))[1]), [INSTITUTION_PAGE + 1]);
    assert.deepEqual(ids((await lens.institutions(INSTITUTION_PAGE + 1, 1))[1]), []);
    const gas = await gasOf(ctx, lens, 'institutions', [0, INSTITUTION_PAGE]);
    gasLog.push(`institutions(0, ${INSTITUTION_PAGE}): ${gas}`);
    assert.ok(gas < GAS_LIMIT_PER_PAGE, `a full page of institutions costs ${gas}`);
  });

  it('accounts: membership, key, invitation and grantee id of each account; at most a page', async () => {
    const { ctx, f } = s;
    const lens = ctx.lens();
    assert.equal((await lens.accounts([])).length, 0);
    await send(ctx.hub(f.doctor).setMemberKey(randomKey()));
    await send(ctx.hub(f.hospitalAdmin).addMember(f.hospital, f.outsider.address, ROLE.NURSE, 'L', 'S', 'N'));
    await send(ctx.hub(f.superAdmin).suspendInstitution(f.lab));
    const page = await lens.accounts([f.doctor.address, f.outsider.address, f.labTech.address, f.alice.address]);
    const row = (v) => [v.account, v.institutionId, v.role, v.live, v.invitedTo, v.invitedRole, v.grantee];
    assert.deepEqual(row(page[0]), [
      f.doctor.address,
      1n,
      BigInt(ROLE.DOCTOR),
      true,
      0n,
      0n,
      memberGrantee(f.doctor.address),
    ]);
    assert.equal(page[0].memberKey, await ctx.hub().memberKey(f.doctor.address));
    assert.deepEqual(row(page[1]), [
      f.outsider.address,
      0n,
      0n,
      false,
      1n,
      BigInt(ROLE.NURSE),
      memberGrantee(f.outsider.address),
    ]);
    assert.deepEqual(row(page[2]).slice(0, 4), [f.labTech.address, 2n, BigInt(ROLE.LAB_TECHNICIAN), false]);
    assert.deepEqual(row(page[3]).slice(0, 6), [f.alice.address, 0n, 0n, false, 0n, 0n]);
    assert.equal(page[3].memberKey, `0x${'0'.repeat(64)}`);
    // A full page of members (each a distinct, cold account) and one more than a page.
    const many = addrs(ACCOUNT_PAGE, '');
    const iface = await hubIface();
    await sendAll(ctx.anvil, [
      ...many.map((a) => ({
        from: f.hospitalAdmin.address,
        to: ctx.addresses.EhrHub,
        data: iface.encodeFunctionData('addMember', [f.hospital, a, ROLE.DOCTOR, 'L', 'S', 'N']),
      })),
    ]);
    await sendAll(ctx.anvil, [
      ...many.map((a) => ({
        from: a,
        to: ctx.addresses.EhrHub,
        data: iface.encodeFunctionData('acceptMembership', [f.hospital, ROLE.DOCTOR, 'L', 'S', 'N']),
      })),
      ...many.map((a) => ({
        from: a,
        to: ctx.addresses.EhrHub,
        data: iface.encodeFunctionData('setMemberKey', [randomKey()]),
      })),
    ]);
    const full = await lens.accounts(many);
    assert.equal(full.length, ACCOUNT_PAGE);
    assert.ok(full.every((v) => v.institutionId === 1n && v.live && v.memberKey !== `0x${'0'.repeat(64)}`));
    await expectRevert(lens.accounts([...many, ZeroAddress]), 'PageTooLarge', [
      BigInt(ACCOUNT_PAGE + 1),
      BigInt(ACCOUNT_PAGE),
    ]);
    const gas = await gasOf(ctx, lens, 'accounts', [many]);
    gasLog.push(`accounts(${ACCOUNT_PAGE} members): ${gas}`);
    assert.ok(gas < GAS_LIMIT_PER_PAGE, `a full page of accounts costs ${gas}`);
  });

  it('rolesOf: every role of an account in one call; adminOf continues past the scan', async () => {
    const { ctx, f } = s;
    const lens = ctx.lens();
    const pick = (r) => [
      r.superAdmin,
      r.patient,
      r.patientKeyVersion,
      r.institutionId,
      r.role,
      r.live,
      r.invitedTo,
      r.invitedRole,
      r.institutionCount,
      r.scanned,
      [...r.adminOf].map(Number),
    ];
    assert.deepEqual(pick(await lens.rolesOf(f.superAdmin.address)), [
      true,
      false,
      0n,
      0n,
      0n,
      false,
      0n,
      0n,
      2n,
      2n,
      [],
    ]);
    assert.deepEqual(pick(await lens.rolesOf(f.hospitalAdmin.address)), [
      false,
      false,
      0n,
      0n,
      0n,
      false,
      0n,
      0n,
      2n,
      2n,
      [1],
    ]);
    assert.deepEqual(pick(await lens.rolesOf(f.doctor.address)), [
      false,
      false,
      0n,
      1n,
      BigInt(ROLE.DOCTOR),
      true,
      0n,
      0n,
      2n,
      2n,
      [],
    ]);
    await send(ctx.hub(f.alice).rotatePatientKey(randomKey()));
    assert.deepEqual(pick(await lens.rolesOf(f.alice.address)), [false, true, 2n, 0n, 0n, false, 0n, 0n, 2n, 2n, []]);
    await send(ctx.hub(f.labAdmin).addMember(f.lab, f.outsider.address, ROLE.NURSE, 'L', 'S', 'N'));
    await send(ctx.hub(f.superAdmin).setInstitutionAdmin(f.lab, f.outsider.address));
    assert.deepEqual(pick(await lens.rolesOf(f.outsider.address)), [
      false,
      false,
      0n,
      0n,
      0n,
      false,
      2n,
      BigInt(ROLE.NURSE),
      2n,
      2n,
      [2],
    ]);
    // Past one scan: ids 1..1000 in rolesOf, the rest through adminOf.
    await seedInstitutions(ADMIN_SCAN + 2, f.outsider.address);
    const r = await lens.rolesOf(f.outsider.address);
    assert.deepEqual(
      [r.institutionCount, r.scanned, r.adminOf.length],
      [BigInt(ADMIN_SCAN + 2), BigInt(ADMIN_SCAN), ADMIN_SCAN - 1],
    );
    assert.deepEqual([...r.adminOf.slice(0, 2)].map(Number), [2, 3]);
    const [rest, scanned] = await lens.adminOf(f.outsider.address, r.scanned);
    assert.deepEqual([[...rest].map(Number), scanned], [[ADMIN_SCAN + 1, ADMIN_SCAN + 2], BigInt(ADMIN_SCAN + 2)]);
    assert.deepEqual([...(await lens.adminOf(f.outsider.address, 0))[0]].length, ADMIN_SCAN - 1);
    assert.deepEqual((await lens.adminOf(f.outsider.address, ADMIN_SCAN + 2))[0].length, 0);
    const gas = await gasOf(ctx, lens, 'rolesOf', [f.outsider.address]);
    gasLog.push(`rolesOf (scan of ${ADMIN_SCAN} institutions): ${gas}`);
    assert.ok(gas < GAS_LIMIT_PER_PAGE, `rolesOf costs ${gas}`);
    const gasAdmin = await gasOf(ctx, lens, 'adminOf', [f.outsider.address, 0]);
    gasLog.push(`adminOf (scan of ${ADMIN_SCAN}): ${gasAdmin}`);
    assert.ok(gasAdmin < GAS_LIMIT_PER_PAGE, `adminOf costs ${gasAdmin}`);
  });
});

describe('EhrAppointments.appointmentsOf pages', () => {
  const s = useChain(hooks);

  async function book(ctx, patient, provider) {
    const start = (await ctx.now()) + 86400;
    await send(ctx.appointments(patient).requestAppointment(provider, start, 1800));
  }

  it('lists a patient’s and a provider’s appointments newest first, the doctor’s merged with the institution’s', async () => {
    const { ctx, f } = s;
    const book1 = ctx.appointments();
    const doc = memberGrantee(f.doctor.address);
    const hosp = institutionGrantee(f.hospital);
    // ids: 1 alice→doctor, 2 bob→hospital, 3 alice→hospital, 4 bob→doctor, 5 alice→lab doctor
    await book(ctx, f.alice, doc);
    await book(ctx, f.bob, hosp);
    await book(ctx, f.alice, hosp);
    await book(ctx, f.bob, doc);
    await book(ctx, f.alice, memberGrantee(f.labDoctor.address));
    const of = async (who, asProvider, offset, count) => {
      const [total, page] = await book1.appointmentsOf(who, asProvider, offset, count);
      return [Number(total), ids(page)];
    };
    assert.deepEqual(await of(f.alice.address, false, 0, 10), [3, [5, 3, 1]]);
    assert.deepEqual(await of(f.doctor.address, true, 0, 10), [4, [4, 3, 2, 1]]);
    assert.deepEqual(await of(f.nurse.address, true, 0, 10), [2, [3, 2]]);
    assert.deepEqual(await of(f.labDoctor.address, true, 0, 10), [1, [5]]);
    assert.deepEqual(await of(f.outsider.address, true, 0, 10), [0, []]);
    assert.deepEqual(await of(f.outsider.address, false, 0, 10), [0, []]);
    // Every offset and count of the merged list.
    for (let o = 0; o <= 5; o++)
      for (let c = 0; c <= 5; c++)
        assert.deepEqual(await of(f.doctor.address, true, o, c), [4, [4, 3, 2, 1].slice(o, o + c)], `${o} ${c}`);
    const [, [a]] = await book1.appointmentsOf(f.alice.address, false, 0, 1);
    const one = await book1.appointment(5);
    assert.deepEqual(
      [a.appointmentId, a.patient, a.provider, a.start, a.duration, a.status],
      [5n, one.patient, one.provider, one.start, one.duration, one.status],
    );
    // A status change shows; the doctor leaving drops the institution's list.
    await send(ctx.appointments(f.nurse).confirmAppointment(3));
    assert.equal((await book1.appointmentsOf(f.alice.address, false, 1, 1))[1][0].status, 2n);
    await send(ctx.hub(f.hospitalAdmin).removeMember(f.hospital, f.doctor.address));
    assert.deepEqual(await of(f.doctor.address, true, 0, 10), [2, [4, 1]]);
  });

  it('pages a long list at the edges 0 / 1 / page / page + 1, within the gas bound', async () => {
    const { ctx, f } = s;
    const book1 = ctx.appointments();
    const iface = await apptIface();
    const start = (await ctx.now()) + 86400 * 30;
    const doc = memberGrantee(f.doctor.address);
    const hosp = institutionGrantee(f.hospital);
    // 2 × page + 1 requests, alternating between the doctor and the hospital, from three patients.
    const N = APPOINTMENT_PAGE * 2 + 1;
    const who = [f.alice, f.bob, f.carol];
    await sendAll(
      ctx.anvil,
      range(1, N).map((i) => ({
        from: who[i % 3].address,
        to: ctx.addresses.EhrAppointments,
        data: iface.encodeFunctionData('requestAppointment', [i % 2 ? doc : hosp, start + i, 1800]),
      })),
    );
    const desc = range(1, N).reverse();
    const page = async (o, c) => {
      const [total, p] = await book1.appointmentsOf(f.doctor.address, true, o, c);
      assert.equal(Number(total), N);
      return ids(p);
    };
    assert.deepEqual(await page(0, 0), []);
    assert.deepEqual(await page(0, 1), [N]);
    assert.deepEqual(await page(0, APPOINTMENT_PAGE), desc.slice(0, APPOINTMENT_PAGE));
    assert.deepEqual(await page(0, APPOINTMENT_PAGE + 1), desc.slice(0, APPOINTMENT_PAGE), 'clamped to a page');
    assert.deepEqual(
      await page(APPOINTMENT_PAGE, APPOINTMENT_PAGE),
      desc.slice(APPOINTMENT_PAGE, 2 * APPOINTMENT_PAGE),
    );
    assert.deepEqual(await page(2 * APPOINTMENT_PAGE, APPOINTMENT_PAGE), [1]);
    assert.deepEqual(await page(N, 1), []);
    assert.deepEqual(await page(N - 1, 5), [1]);
    const [aliceTotal, alicePage] = await book1.appointmentsOf(f.alice.address, false, 0, 3);
    // Ids follow the order anvil mined the batch in: find Alice's from the book itself.
    const patients = await Promise.all(desc.map((i) => book1.appointment(i).then((x) => x.patient)));
    const mine = desc.filter((_, k) => patients[k] === f.alice.address);
    assert.deepEqual([Number(aliceTotal), ids(alicePage)], [mine.length, mine.slice(0, 3)]);
    const gas = await gasOf(ctx, book1, 'appointmentsOf', [
      f.doctor.address,
      true,
      APPOINTMENT_PAGE / 2,
      APPOINTMENT_PAGE,
    ]);
    gasLog.push(`appointmentsOf(doctor, merged, page of ${APPOINTMENT_PAGE}): ${gas}`);
    assert.ok(gas < GAS_LIMIT_PER_PAGE, `a full page of appointments costs ${gas}`);
    // What a request costs now that it is listed twice (patient and provider).
    const r = await send(book1.connect(f.alice).requestAppointment(doc, start + N + 1, 1800));
    gasLog.push(`requestAppointment (listed): ${r.gasUsed}`);
  });

  after(() => {
    for (const line of gasLog) console.log(`# gas ${line}`);
  });
});
