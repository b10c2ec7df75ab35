// Block pointers of grants (contracts/README.md "Events and the audit timeline", docs/record-format.md
// "Grants"): the hub keeps, per grantee id, the block of the newest grant to it (`lastGrantBlock`,
// `EhrLens.lastGrantBlocks`), and each grant event names the block of the grant before it
// (`previousBlock`). A grantee reads its grants back with one eth_getLogs per block, whatever the
// chain's length; these tests walk the list as the page does and compare it with a full scan.
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { Signature, keccak256, toBeHex } from 'ethers';
import {
  ALL,
  SCOPE,
  bit,
  emergencyGrantee,
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
import { hubDomain, CONSENT_TYPES } from '../../contracts/eip712.mjs';

const hooks = { before, after, beforeEach, afterEach };

/**
 * What a reader of the pointers finds for `grantee`: from `EhrLens.lastGrantBlocks`, one log query
 * per block (fromBlock = toBlock), back to block 0 through the `previousBlock` of the block's first
 * listed event (helpers.mjs walkList). Returns the events oldest first and the blocks queried.
 */
async function walk(ctx, grantee, { event = 'AccessGranted', topics = [null, grantee], listed = () => true } = {}) {
  const [, [head]] = await ctx.lens().lastGrantBlocks([grantee]);
  return walkList(ctx, head, { event, topics, listed });
}

/** An institution id as a log topic. */
const idTopic = (id) => toBeHex(id, 32);
const ids = (events) => events.map((e) => `${e.block}:${e.index}`);

describe('Grant lists by block pointers', () => {
  const s = useChain(hooks);

  it('lists every grant to a grantee, across patients and epochs, in order, and no other grantee’s', async () => {
    const { ctx, f } = s;
    const hub = (w) => ctx.hub(w);
    const doctor = memberGrantee(f.doctor.address);
    const nurse = memberGrantee(f.nurse.address);
    const hospital = institutionGrantee(f.hospital);
    const start = await ctx.provider.getBlockNumber();
    assert.equal(await hub().lastGrantBlock(doctor), 0n, 'nothing granted yet');

    const first = await send(hub(f.alice).grantAccess(doctor, bit(SCOPE.LABS), 0, randomBytesHex(80)));
    assert.equal((await expectEvent(first, 'AccessGranted')).previousBlock, 0n, 'the first grant ends the list');
    assert.equal(await hub().lastGrantBlock(doctor), BigInt(first.blockNumber));
    // Other grantees: their own lists, never the doctor's.
    await send(hub(f.alice).grantAccess(nurse, bit(SCOPE.VITALS), 0, randomBytesHex(80)));
    await send(hub(f.bob).grantAccess(hospital, bit(SCOPE.NOTES), 0, randomBytesHex(80)));
    await ctx.anvil.rpc('anvil_mine', ['0x20']); // empty blocks between the grants
    // A second patient, a replacement, a narrowing (a new epoch) and a grant after a revocation.
    await send(hub(f.bob).grantAccess(doctor, bit(SCOPE.IMAGING), 0, randomBytesHex(80)));
    await send(hub(f.alice).grantAccess(doctor, bit(SCOPE.LABS, SCOPE.NOTES), 0, randomBytesHex(80)));
    await send(hub(f.alice).grantAccess(doctor, bit(SCOPE.NOTES), 0, randomBytesHex(80)));
    await send(hub(f.bob).revokeAccess(doctor, ALL));
    await ctx.anvil.rpc('anvil_mine', ['0x20']);
    await send(hub(f.bob).grantAccess(doctor, bit(SCOPE.IMAGING), 0, randomBytesHex(80)));
    // A key rotation (every epoch moves to the new version) and the patient's new keys shared again.
    await send(hub(f.alice).rotatePatientKey(randomKey()));
    await send(hub(f.alice).grantAccess(doctor, bit(SCOPE.NOTES), 0, randomBytesHex(80)));
    // Three patients granting the doctor in one block, with the nurse's grant in between.
    await inOneBlock(ctx, [
      () => hub(f.carol).grantAccess(doctor, bit(SCOPE.LABS), 0, randomBytesHex(80)),
      () => hub(f.bob).grantAccess(nurse, bit(SCOPE.LABS), 0, randomBytesHex(80)),
      () => hub(f.bob).grantAccess(doctor, bit(SCOPE.IMAGING, SCOPE.LABS), 0, randomBytesHex(80)),
      () => hub(f.alice).grantAccess(doctor, bit(SCOPE.NOTES, SCOPE.LABS), 0, randomBytesHex(80)),
    ]);
    // A signed consent, submitted by someone else.
    const wrappedKeys = randomBytesHex(80);
    const msg = {
      patient: f.carol.address,
      grantee: doctor,
      scopes: bit(SCOPE.LABS, SCOPE.VITALS),
      expiry: 0,
      wrappedKeysHash: keccak256(wrappedKeys),
      serial: Number(await hub().grantSerial(f.carol.address, doctor)),
      nonce: 7,
      deadline: (await ctx.now()) + 3600,
    };
    const sig = Signature.from(
      await f.carol.signTypedData(hubDomain(ctx.chainId, ctx.addresses.EhrHub), CONSENT_TYPES, msg),
    );
    await send(
      hub(f.outsider).grantAccessBySig(
        msg.patient,
        msg.grantee,
        msg.scopes,
        msg.expiry,
        wrappedKeys,
        msg.serial,
        msg.nonce,
        msg.deadline,
        sig.v,
        sig.r,
        sig.s,
      ),
    );
    await send(hub(f.bob).grantAccess(nurse, bit(SCOPE.NOTES), 0, randomBytesHex(80)));

    const head = await ctx.provider.getBlockNumber();
    const all = await logsOf(ctx, 'AccessGranted', [null, doctor], start, head);
    assert.equal(all.length, 10, 'ten grants to the doctor');
    const { found, blocks } = await walk(ctx, doctor);
    assert.deepEqual(ids(found), ids(all), 'the walk finds every grant to the doctor, in order');
    assert.deepEqual(
      found.map((e) => e.wrappedKeys),
      all.map((e) => e.wrappedKeys),
    );
    assert.deepEqual(new Set(found.map((e) => e.patient)), new Set([f.alice.address, f.bob.address, f.carol.address]));
    assert.equal(blocks.length, new Set(all.map((e) => e.block)).size, 'one query per block holding a grant');
    for (const e of found) assert.equal(e.grantee, doctor, 'only grants to the doctor');

    // The other lists are whole and separate.
    for (const g of [nurse, hospital]) {
      const w = await walk(ctx, g);
      assert.deepEqual(ids(w.found), ids(await logsOf(ctx, 'AccessGranted', [null, g], start, head)));
      assert.ok(w.found.every((e) => e.grantee === g));
    }
    // The lens reads the heads of several lists at once, with the current block.
    const [current, heads] = await ctx
      .lens()
      .lastGrantBlocks([doctor, nurse, hospital, memberGrantee(f.labTech.address)]);
    assert.equal(current, BigInt(head));
    assert.equal(heads[0], BigInt(all.at(-1).block));
    assert.equal(heads[2], await hub().lastGrantBlock(hospital));
    assert.equal(heads[1], BigInt(head), 'the nurse was granted last');
    assert.equal(heads[3], 0n, 'never granted');
  });

  it('lists the emergency authorisations of an institution apart from its grants; removals are not listed', async () => {
    const { ctx, f } = s;
    const hub = (w) => ctx.hub(w);
    const em = emergencyGrantee(f.hospital);
    const start = await ctx.provider.getBlockNumber();
    const a1 = await send(hub(f.alice).setEmergencyInstitution(f.hospital, bit(SCOPE.ALLERGIES), randomBytesHex(80)));
    assert.equal((await expectEvent(a1, 'EmergencyInstitutionSet')).previousBlock, 0n);
    await send(hub(f.bob).grantAccess(institutionGrantee(f.hospital), bit(SCOPE.NOTES), 0, randomBytesHex(80)));
    await send(hub(f.bob).setEmergencyInstitution(f.hospital, bit(SCOPE.NOTES), randomBytesHex(80)));
    await send(hub(f.carol).setEmergencyInstitution(f.lab, bit(SCOPE.LABS), randomBytesHex(80)));
    await send(hub(f.alice).setEmergencyInstitution(f.hospital, bit(SCOPE.ALLERGIES, SCOPE.NOTES), randomBytesHex(80)));
    // Withdrawn (scopes 0): emitted with previousBlock 0, the list's head does not move.
    const headBefore = await hub().lastGrantBlock(em);
    const off = await send(hub(f.bob).setEmergencyInstitution(f.hospital, 0, '0x'));
    const removal = await expectEvent(off, 'EmergencyInstitutionSet');
    assert.deepEqual([removal.scopes, removal.previousBlock], [0n, 0n]);
    assert.equal(await hub().lastGrantBlock(em), headBefore);
    // Authorised again in the same block as a removal by the patient's closing of a window.
    await send(hub(f.bob).setEmergencyInstitution(f.hospital, bit(SCOPE.NOTES), randomBytesHex(80)));
    await send(hub(f.doctor).openEmergencyAccess(f.alice.address, 1, 3600));
    await inOneBlock(ctx, [
      () => hub(f.alice).closeEmergencyAccess(f.alice.address, f.doctor.address),
      () => hub(f.carol).setEmergencyInstitution(f.hospital, bit(SCOPE.LABS), randomBytesHex(80)),
    ]);

    const head = await ctx.provider.getBlockNumber();
    const listed = (e) => e.scopes !== 0n;
    const all = (await logsOf(ctx, 'EmergencyInstitutionSet', [null, idTopic(f.hospital)], start, head)).filter(listed);
    assert.equal(all.length, 5);
    const { found } = await walk(ctx, em, {
      event: 'EmergencyInstitutionSet',
      topics: [null, idTopic(f.hospital)],
      listed,
    });
    assert.deepEqual(ids(found), ids(all), 'every authorisation of the hospital, in order');
    assert.deepEqual(
      found.map((e) => e.patient),
      [f.alice, f.bob, f.alice, f.bob, f.carol].map((w) => w.address),
    );
    // The institution's own grants are another list; the lab's authorisation is in the lab's.
    const inst = await walk(ctx, institutionGrantee(f.hospital));
    assert.deepEqual(
      inst.found.map((e) => e.patient),
      [f.bob.address],
    );
    const lab = await walk(ctx, emergencyGrantee(f.lab), {
      event: 'EmergencyInstitutionSet',
      topics: [null, idTopic(f.lab)],
      listed,
    });
    assert.deepEqual(
      lab.found.map((e) => e.patient),
      [f.carol.address],
    );
  });

  it('reads at most 250 heads per call', async () => {
    const { ctx } = s;
    const list = Array.from({ length: 251 }, (_, i) => institutionGrantee(i + 1));
    await expectRevert(ctx.lens().lastGrantBlocks(list), 'PageTooLarge', [251, 250]);
    const [, heads] = await ctx.lens().lastGrantBlocks(list.slice(0, 250));
    assert.equal(heads.length, 250);
    assert.ok(heads.every((b) => b === 0n));
  });
});
