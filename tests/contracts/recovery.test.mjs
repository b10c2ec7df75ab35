// Guardian recovery of a chart (contracts/src/GuardianRecovery.sol, contracts/README.md "Guardian
// recovery"): t of n guardians approve a successor, the chart's controller may cancel during the
// delay, then the successor acts for the chart (its original address) through the forwarder and
// the retired address can do nothing any more. Each test plays the adversary from outside: a
// guardian alone, t-1 colluding, a removed guardian, replayed approvals, the retired key. The hub
// and the book keep their own copy of who acts for which chart (HubContext), which only the
// forwarder writes, when a recovery completes; the copies must always agree with the forwarder.

import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import {
  AbiCoder,
  ContractFactory,
  Interface,
  Signature,
  Wallet,
  ZeroAddress,
  getAddress,
  keccak256,
  toBeHex,
} from 'ethers';
import { readArtifact } from '../../contracts/build.mjs';
import { CONSENT_TYPES, hubDomain } from '../../contracts/eip712.mjs';
import {
  CODEC,
  SCOPE,
  bit,
  eventsOf,
  expectEvent,
  expectRevert,
  forwarderContract,
  forwarderDomain,
  memberGrantee,
  randomBytesHex,
  randomKey,
  send,
  signForward,
  useChain,
} from './helpers.mjs';

const hooks = { before, after, beforeEach, afterEach };
const HOUR = 3600;
const DELAY = 72 * HOUR;

describe('Guardian recovery: t of n guardians move a chart to a successor wallet', () => {
  const s = useChain(hooks);
  let fwd;
  let fwdIface;
  let hubIface;
  let apptIface;

  before(async () => {
    fwd = (signer) => forwarderContract(s.ctx, signer);
    fwdIface = new Interface((await readArtifact('EhrForwarder')).abi);
    hubIface = new Interface((await readArtifact('EhrHub')).abi);
    apptIface = new Interface((await readArtifact('EhrAppointments')).abi);
  });

  /** guardiansOf(chart) as plain values: [guardians, threshold, delay, round]. */
  async function guardianSet(chart) {
    const [guardians, threshold, delay, round] = await (await fwd()).guardiansOf(chart);
    return [[...guardians], threshold, delay, round];
  }

  /** recoveryOf(chart) as plain values: [successor, approvals, readyAt]. */
  const pendingOf = async (chart) => [...(await (await fwd()).recoveryOf(chart))];
  /**
   * approvalsOf(chart, successor) as plain values: [guardian bits, count] (the block of the newest
   * approval, the head of its list, is tested in recovery-lists.test.mjs).
   */
  const approvalsOf = async (chart, successor) => [...(await (await fwd()).approvalsOf(chart, successor))].slice(0, 2);

  const zeroEth = () => Wallet.createRandom().connect(s.ctx.provider);
  const ifaceOf = (to) => ({ EhrHub: hubIface, EhrAppointments: apptIface, EhrForwarder: fwdIface })[to];

  /** Signs `fn(args)` on `to` as `signer` and has `relayer` submit it; returns the receipt. */
  async function relay(signer, fn, args, { to = 'EhrForwarder', relayer = s.f.hospitalAdmin, ...fields } = {}) {
    const { req, signature } = await signForward(s.ctx, signer, {
      to: s.ctx.addresses[to],
      data: ifaceOf(to).encodeFunctionData(fn, args),
      ...fields,
    });
    return send((await fwd(relayer)).execute(req, signature));
  }

  /** A guardian's approval: `direct` sends it from the guardian's own account, otherwise relayed. */
  async function approve(guardian, chart, successor, { round, direct = false, share = randomBytesHex(300) } = {}) {
    const r = round ?? (await (await fwd()).guardiansOf(chart)).round;
    if (direct) return send((await fwd(guardian)).approveRecovery(chart, successor, r, share));
    return relay(guardian, 'approveRecovery', [chart, successor, r, share]);
  }

  const RETIRED = 1n << 160n;
  /**
   * The hub's or the book's copy of who `account` acts for (HubContext's `_successions` word, in
   * slot 0 of both: HubContext is their first base), read as the forwarder's three answers.
   */
  async function copyOf(to, account) {
    const slot = keccak256(AbiCoder.defaultAbiCoder().encode(['address', 'uint256'], [account, 0]));
    const word = BigInt(await s.ctx.provider.getStorage(s.ctx.addresses[to], slot));
    const low = getAddress(toBeHex(word & (RETIRED - 1n), 20));
    return {
      word,
      answers: {
        chartOf: word === 0n ? account : word >= RETIRED ? ZeroAddress : low,
        controllerOf: word > RETIRED ? low : account,
        isRetired: word >= RETIRED,
      },
    };
  }

  /** Asserts that the hub's and the book's copies give the forwarder's answers for every account. */
  async function expectCopiesAgree(accounts) {
    const view = await fwd();
    for (const account of accounts) {
      const expected = {
        chartOf: await view.chartOf(account),
        controllerOf: await view.controllerOf(account),
        isRetired: await view.isRetired(account),
      };
      for (const to of ['EhrHub', 'EhrAppointments']) {
        assert.deepEqual((await copyOf(to, account)).answers, expected, `${to}'s copy for ${account}`);
      }
    }
  }

  /** A consent code for `chart` granting the nurse vitals, signed by `key`, submitted by the lab admin. */
  async function nurseVitalsSignedBy(key, chart, nonce) {
    const { ctx, f } = s;
    const grantee = memberGrantee(f.nurse.address);
    const msg = {
      patient: chart,
      grantee,
      scopes: bit(SCOPE.VITALS),
      expiry: 0,
      wrappedKeysHash: keccak256('0xabcd'),
      serial: Number(await ctx.hub().grantSerial(chart, grantee)),
      nonce,
      deadline: (await ctx.now()) + 3600,
    };
    const sig = Signature.from(
      await key.signTypedData(hubDomain(ctx.chainId, ctx.addresses.EhrHub), CONSENT_TYPES, msg),
    );
    return ctx
      .hub(f.labAdmin)
      .grantAccessBySig(chart, grantee, msg.scopes, 0, '0xabcd', msg.serial, nonce, msg.deadline, sig.v, sig.r, sig.s);
  }

  /** Alice names Carol, Dr Ada (the doctor) and a paper guardian (no ETH), 2 of 3, 72 hours. */
  async function aliceNamesThree() {
    const { f } = s;
    const paper = zeroEth();
    const guardians = [f.carol, f.doctor, paper];
    const receipt = await send(
      (await fwd(f.alice)).setGuardians(
        guardians.map((g) => g.address),
        2,
        DELAY,
        randomBytesHex(1200),
      ),
    );
    return { guardians, paper, receipt };
  }

  /** Alice names three guardians; Carol and the paper guardian approve `successor`: pending. */
  async function alicePending(successor) {
    const { f } = s;
    const { paper } = await aliceNamesThree();
    await approve(f.carol, f.alice.address, successor.address, { direct: true });
    await approve(paper, f.alice.address, successor.address);
    return { paper };
  }

  /** Alice's chart recovered to a fresh wallet by Carol and the paper guardian, delay passed. */
  async function recoverAlice() {
    const successor = zeroEth();
    const { paper } = await alicePending(successor);
    await s.ctx.increaseTime(DELAY);
    await relay(successor, 'completeRecovery', [s.f.alice.address]);
    return { successor, paper };
  }

  it('2 of 3: Carol and a paper guardian move Alice’s chart after the delay; events and views say so', async () => {
    const { ctx, f } = s;
    const alice = f.alice.address;
    const kit = randomBytesHex(1200);
    const paper = zeroEth();
    const named = [f.carol.address, f.doctor.address, paper.address];
    const set = await send((await fwd(f.alice)).setGuardians(named, 2, DELAY, kit));
    const ev = await expectEvent(set, 'GuardiansSet');
    assert.deepEqual(
      [ev.chart, ev.round, [...ev.guardians], ev.threshold, ev.delay, ev.kit],
      [alice, 1n, named, 2n, BigInt(DELAY), kit],
    );
    const namedEvents = (await eventsOf(set)).filter((e) => e.name === 'GuardianNamed');
    assert.deepEqual(
      namedEvents.map((e) => [...e.args]),
      named.map((g) => [g, alice, 1n, 0n]), // each guardian's first naming: no block before
    );
    // Indexed by guardian (the page walks its list from lastNamedBlock: recovery-lists.test.mjs).
    const logs = await ctx.provider.getLogs({
      address: ctx.addresses.EhrForwarder,
      fromBlock: 0,
      topics: [
        fwdIface.getEvent('GuardianNamed').topicHash,
        `0x${paper.address.slice(2).toLowerCase().padStart(64, '0')}`,
      ],
    });
    assert.equal(logs.length, 1);
    assert.deepEqual(await guardianSet(alice), [named, 2n, BigInt(DELAY), 1n]);

    const successor = zeroEth();
    const share = randomBytesHex(300);
    const first = await approve(f.carol, alice, successor.address, { direct: true, share });
    const approved = await expectEvent(first, 'RecoveryApproved');
    assert.deepEqual([...approved], [alice, successor.address, f.carol.address, 1n, 0n, share]);
    assert.deepEqual(await approvalsOf(alice, successor.address), [1n, 1n]);
    assert.deepEqual(await pendingOf(alice), [ZeroAddress, 0n, 0n], 'one of two: nothing pending');

    // The paper guardian holds no ETH: its approval goes through a relay.
    const second = await approve(paper, alice, successor.address);
    const readyAt = BigInt((await ctx.provider.getBlock(second.blockNumber)).timestamp + DELAY);
    assert.deepEqual([...(await expectEvent(second, 'RecoveryPending'))], [alice, successor.address, readyAt]);
    assert.deepEqual(await pendingOf(alice), [successor.address, 2n, readyAt]);
    assert.deepEqual(await approvalsOf(alice, successor.address), [0b101n, 2n]);

    // Not before the delay has passed, and only by the successor.
    await expectRevert(relay(successor, 'completeRecovery', [alice]), 'RecoveryNotReady', [alice, readyAt]);
    await ctx.increaseTime(DELAY);
    await expectRevert((await fwd(f.outsider)).completeRecovery(alice), 'NotAuthorized', [f.outsider.address]);
    const done = await relay(successor, 'completeRecovery', [alice]);
    assert.deepEqual([...(await expectEvent(done, 'RecoveryCompleted'))], [alice, successor.address, alice]);

    const view = await fwd();
    assert.equal(await view.controllerOf(alice), successor.address);
    assert.equal(await view.chartOf(successor.address), alice);
    assert.equal(await view.chartOf(alice), ZeroAddress, 'a retired account acts for nothing');
    assert.equal(await view.isRetired(alice), true);
    assert.equal(await view.isRetired(successor.address), false);
    assert.deepEqual([...(await view.recoveryOf(alice))], [ZeroAddress, 0n, 0n]);
    assert.deepEqual(await guardianSet(alice), [named, 2n, BigInt(DELAY), 2n], 'same guardians, new round');
    assert.equal(await view.controllerOf(f.bob.address), f.bob.address, 'a chart never recovered controls itself');
    assert.equal(await view.chartOf(f.bob.address), f.bob.address);
  });

  it('after completion the successor acts for the chart through execute(): records, grants, family, appointments', async () => {
    const { ctx, f } = s;
    const alice = f.alice.address;
    const hub = ctx.hub();
    // Before the loss: a record and a grant to Dr Ada.
    await send(hub.connect(f.alice).addRecord(alice, randomKey(), CODEC.RAW, SCOPE.LABS));
    const doc = memberGrantee(f.doctor.address);
    await send(hub.connect(f.alice).grantAccess(doc, bit(SCOPE.LABS, SCOPE.NOTES), 0, '0x1234'));
    const encryptionKey = await hub.patientKey(alice);
    const epochsBefore = [...(await hub.epochs(alice))];

    const { successor } = await recoverAlice();
    const act = (fn, args, to = 'EhrHub') => relay(successor, fn, args, { to, relayer: f.labTech });

    const digest = randomKey();
    const added = await act('addRecord', [alice, digest, CODEC.RAW, SCOPE.NOTES]);
    const ev = await expectEvent(added, 'RecordAdded');
    assert.equal(ev.patient, alice);
    assert.equal(ev.author, alice, 'the chart (original address) is the author');
    assert.equal(await hub.recordCount(alice), 2n);
    const [stored, , , author] = await hub.record(alice, 2);
    assert.deepEqual([stored, author], [digest, alice]);

    await act('revokeAccess', [doc, bit(SCOPE.NOTES)]);
    assert.equal(Number(await hub.accessMask(alice, f.doctor.address)), bit(SCOPE.LABS));
    const epochsAfter = [...(await hub.epochs(alice))];
    assert.equal(epochsAfter[SCOPE.NOTES], epochsBefore[SCOPE.NOTES] + 1n, 'the chart’s epoch advanced');

    await act('proposeFamilyLink', [f.bob.address, 1]);
    await send(hub.connect(f.bob).confirmFamilyLink(alice, 1));
    assert.equal(await hub.canShareFamilyHistory(alice, f.bob.address), true);

    const start = (await ctx.now()) + 86400;
    const booked = await act('requestAppointment', [memberGrantee(f.doctor.address), start, 1800], 'EhrAppointments');
    assert.equal((await expectEvent(booked, 'AppointmentRequested')).patient, alice);
    assert.equal((await ctx.appointments().appointment(1)).patient, alice);

    // Everything else about the chart is as it was: same patient, same key, no chart for the successor.
    assert.equal(await hub.isPatient(alice), true);
    assert.equal(await hub.patientKey(alice), encryptionKey);
    assert.equal(await hub.isPatient(successor.address), false);
    assert.equal(await hub.recordCount(successor.address), 0n);
    assert.equal((await recordAuthor(hub, alice, 1)).author, alice);
    assert.equal(await ctx.provider.getBalance(successor.address), 0n, 'the successor paid nothing');

    // With ETH, the successor may also call directly: the hub reads whom it acts for in its own copy.
    await send(f.superAdmin.sendTransaction({ to: successor.address, value: 10n ** 17n }));
    await send(hub.connect(successor).addRecord(alice, randomKey(), CODEC.RAW, SCOPE.LABS));
    assert.equal((await recordAuthor(hub, alice, 3)).author, alice);
  });

  async function recordAuthor(hub, patient, id) {
    const r = await hub.record(patient, id);
    return { author: r.author };
  }

  it('the retired address can no longer act: not directly, not through execute(), not by signed consent', async () => {
    const { ctx, f } = s;
    const alice = f.alice.address;
    const { successor } = await recoverAlice();
    const hub = ctx.hub(f.alice);
    await expectRevert(hub.addRecord(alice, randomKey(), CODEC.RAW, SCOPE.LABS), 'AccountRetired', [alice]);
    await expectRevert(hub.grantAccess(memberGrantee(f.nurse.address), 1, 0, '0x'), 'AccountRetired', [alice]);
    await expectRevert(hub.rotatePatientKey(randomKey()), 'AccountRetired', [alice]);
    await expectRevert(hub.cancelNonce(7), 'AccountRetired', [alice]);
    await expectRevert(
      ctx.appointments(f.alice).requestAppointment(memberGrantee(f.doctor.address), (await ctx.now()) + 86400, 600),
      'AccountRetired',
      [alice],
    );
    // Through the forwarder: refused before the call, whatever the target.
    const { req, signature } = await signForward(ctx, f.alice, {
      data: hubIface.encodeFunctionData('addRecord', [alice, randomKey(), CODEC.RAW, SCOPE.LABS]),
    });
    await expectRevert((await fwd(f.doctor)).execute(req, signature), 'AccountRetired', [alice]);
    await expectRevert(relay(f.alice, 'cancelRecovery', []), 'AccountRetired', [alice]);
    await expectRevert((await fwd(f.alice)).cancelRecovery(), 'AccountRetired', [alice]);
    await expectRevert((await fwd(f.alice)).setGuardians([f.bob.address], 1, HOUR, '0x'), 'AccountRetired', [alice]);
    assert.equal(await ctx.hub().recordCount(alice), 0n);

    // A consent code signed with the old key no longer counts; the successor's does.
    await expectRevert(nurseVitalsSignedBy(f.alice, alice, 5), 'WrongSigner', [alice, successor.address]);
    await send(nurseVitalsSignedBy(successor, alice, 5));
    assert.equal(Number(await ctx.hub().accessMask(alice, f.nurse.address)), bit(SCOPE.VITALS));
  });

  it('a single guardian, or t-1 colluding, achieves nothing (2 of 3 and 3 of 5)', async () => {
    const { ctx, f } = s;
    const alice = f.alice.address;
    // 2 of 3: one guardian's approval, however long one waits.
    const { guardians } = await aliceNamesThree();
    const rogue = zeroEth();
    await approve(guardians[1], alice, rogue.address, { direct: true });
    await ctx.increaseTime(400 * 24 * HOUR);
    assert.deepEqual(await pendingOf(alice), [ZeroAddress, 0n, 0n]);
    await expectRevert(relay(rogue, 'completeRecovery', [alice]), 'NoPendingRecovery', [alice]);

    // 3 of 5 on Bob's chart: two colluding guardians get nowhere; a third honest one starts the delay.
    const five = [f.carol, f.doctor, f.nurse, f.labTech, zeroEth()];
    await send(
      (await fwd(f.bob)).setGuardians(
        five.map((g) => g.address),
        3,
        HOUR,
        randomBytesHex(64),
      ),
    );
    const bobNew = zeroEth();
    await approve(five[2], f.bob.address, rogue.address, { direct: true });
    await approve(five[3], f.bob.address, rogue.address, { direct: true });
    await ctx.increaseTime(2 * HOUR);
    assert.deepEqual(await pendingOf(f.bob.address), [ZeroAddress, 0n, 0n]);
    await expectRevert(relay(rogue, 'completeRecovery', [f.bob.address]), 'NoPendingRecovery', [f.bob.address]);
    // Approvals for another successor do not add up with the rogue's.
    await approve(five[0], f.bob.address, bobNew.address, { direct: true });
    await approve(five[4], f.bob.address, bobNew.address);
    assert.deepEqual(await approvalsOf(f.bob.address, bobNew.address), [0b10001n, 2n]);
    assert.deepEqual(await pendingOf(f.bob.address), [ZeroAddress, 0n, 0n]);
    const third = await approve(five[1], f.bob.address, bobNew.address, { direct: true });
    await expectEvent(third, 'RecoveryPending');
    await ctx.increaseTime(HOUR);
    await relay(bobNew, 'completeRecovery', [f.bob.address]);
    assert.equal(await (await fwd()).controllerOf(f.bob.address), bobNew.address);
    // Alice's chart was never touched.
    assert.equal(await (await fwd()).controllerOf(alice), alice);
    await send(ctx.hub(f.alice).addRecord(alice, randomKey(), CODEC.RAW, SCOPE.LABS));
  });

  it('a guardian’s second approval of the same successor does not count twice', async () => {
    const { f } = s;
    const alice = f.alice.address;
    const { paper } = await aliceNamesThree();
    const successor = zeroEth();
    await approve(f.carol, alice, successor.address, { direct: true });
    await expectRevert(approve(f.carol, alice, successor.address, { direct: true }), 'AlreadyApproved', [
      alice,
      successor.address,
      f.carol.address,
    ]);
    // Nor relayed under another nonce.
    await expectRevert(approve(f.carol, alice, successor.address), 'AlreadyApproved');
    assert.deepEqual(await approvalsOf(alice, successor.address), [1n, 1n]);
    assert.deepEqual(await pendingOf(alice), [ZeroAddress, 0n, 0n]);
    // Approving another successor counts for that one only.
    const other = zeroEth();
    await approve(f.carol, alice, other.address, { direct: true });
    assert.deepEqual(await approvalsOf(alice, other.address), [1n, 1n]);
    await approve(paper, alice, successor.address);
    assert.equal((await (await fwd()).recoveryOf(alice)).successor, successor.address);
    // While one recovery is pending, no other successor can be approved.
    await expectRevert(approve(f.doctor, alice, other.address, { direct: true }), 'RecoveryAlreadyPending', [
      alice,
      successor.address,
    ]);
  });

  it('refuses a replayed approval: other chain id, other forwarder, other chart, other successor, other round', async () => {
    const { ctx, f } = s;
    const alice = f.alice.address;
    const { paper } = await aliceNamesThree();
    // Bob names the same paper guardian, so an approval for Alice's chart could be aimed at his.
    await send((await fwd(f.bob)).setGuardians([paper.address, f.carol.address], 2, HOUR, '0x'));
    const successor = zeroEth();
    const data = fwdIface.encodeFunctionData('approveRecovery', [alice, successor.address, 1, randomBytesHex(300)]);
    const to = ctx.addresses.EhrForwarder;
    const submit = (req, signature) => fwd(f.doctor).then((c) => c.execute(req, signature));

    // Signed for another chain.
    const onOtherChain = await signForward(ctx, paper, { to, data }, { domain: forwarderDomain(ctx, { chainId: 1 }) });
    await expectRevert(submit(onOtherChain.req, onOtherChain.signature), 'WrongSigner');
    // Signed for another forwarder (a second deployment with the same targets) and submitted here,
    // and the other way round.
    const art = await readArtifact('EhrForwarder');
    const other = await new ContractFactory(art.abi, art.bytecode, f.outsider).deploy(
      ctx.addresses.EhrHub,
      ctx.addresses.EhrAppointments,
    );
    await other.waitForDeployment();
    const otherAddress = await other.getAddress();
    const forOther = await signForward(
      ctx,
      paper,
      { to, data },
      { domain: forwarderDomain(ctx, { verifyingContract: otherAddress }) },
    );
    await expectRevert(submit(forOther.req, forOther.signature), 'WrongSigner');
    const forUs = await signForward(ctx, paper, { to, data });
    const aimedThere = await signForward(ctx, paper, { to: otherAddress, data });
    await expectRevert(other.connect(f.doctor).execute(aimedThere.req, aimedThere.signature), 'WrongSigner');
    // The same signature with another chart or another successor in the call data.
    for (const changed of [
      fwdIface.encodeFunctionData('approveRecovery', [f.bob.address, successor.address, 1, randomBytesHex(300)]),
      fwdIface.encodeFunctionData('approveRecovery', [alice, f.outsider.address, 1, randomBytesHex(300)]),
    ]) {
      await expectRevert(submit({ ...forUs.req, data: changed }, forUs.signature), 'WrongSigner');
    }
    // A signed approval for round 1, submitted after Alice's next round began.
    await send((await fwd(f.alice)).cancelRecovery());
    await expectRevert(submit(forUs.req, forUs.signature), 'StaleRecoveryRound', [alice, 1n, 2n]);
    // Used once, it cannot be submitted again.
    const fresh = await signForward(ctx, paper, {
      to,
      data: fwdIface.encodeFunctionData('approveRecovery', [alice, successor.address, 2, '0x']),
    });
    await send(submit(fresh.req, fresh.signature));
    await expectRevert(submit(fresh.req, fresh.signature), 'NonceAlreadyUsed', [paper.address, fresh.req.nonce]);
    assert.deepEqual(await approvalsOf(alice, successor.address), [0b100n, 1n]);
    assert.deepEqual(await approvalsOf(f.bob.address, successor.address), [0n, 0n]);
  });

  it('the old address cancels a pending recovery during the delay; later approvals of that round fail', async () => {
    const { ctx, f } = s;
    const alice = f.alice.address;
    const thief = zeroEth();
    await alicePending(thief);
    assert.equal((await (await fwd()).recoveryOf(alice)).successor, thief.address);
    await ctx.increaseTime(DELAY - 60);

    // Someone else "cancelling" acts for their own chart, not Alice's.
    await expectRevert((await fwd(f.outsider)).cancelRecovery(), 'NoGuardians', [f.outsider.address]);
    const cancelled = await relay(f.alice, 'cancelRecovery', []);
    assert.deepEqual([...(await expectEvent(cancelled, 'RecoveryCancelled'))], [alice, 2n]);
    assert.deepEqual(await pendingOf(alice), [ZeroAddress, 0n, 0n]);
    assert.deepEqual(await approvalsOf(alice, thief.address), [0n, 0n]);

    await ctx.increaseTime(120);
    await expectRevert(relay(thief, 'completeRecovery', [alice]), 'NoPendingRecovery', [alice]);
    await expectRevert(approve(f.doctor, alice, thief.address, { direct: true, round: 1 }), 'StaleRecoveryRound', [
      alice,
      1n,
      2n,
    ]);
    // The guardians start again in round 2; the earlier approvals count for nothing.
    await approve(f.doctor, alice, thief.address, { direct: true });
    assert.deepEqual(await approvalsOf(alice, thief.address), [0b10n, 1n]);
    assert.equal(await (await fwd()).controllerOf(alice), alice);
    assert.equal(await (await fwd()).isRetired(alice), false);
  });

  it('a guardian removed before approving cannot approve; replacing guardians voids a pending recovery', async () => {
    const { ctx, f } = s;
    const alice = f.alice.address;
    const successor = zeroEth();
    const { paper } = await alicePending(successor);
    // Alice replaces Dr Ada with Bob: round 2, the pending recovery is void.
    const replaced = [f.carol.address, paper.address, f.bob.address];
    await send((await fwd(f.alice)).setGuardians(replaced, 2, HOUR, randomBytesHex(100)));
    assert.deepEqual(await pendingOf(alice), [ZeroAddress, 0n, 0n]);
    assert.deepEqual(await guardianSet(alice), [replaced, 2n, BigInt(HOUR), 2n]);
    await expectRevert(approve(f.doctor, alice, successor.address, { direct: true }), 'NotGuardian', [
      alice,
      f.doctor.address,
    ]);
    await expectRevert(approve(f.doctor, alice, successor.address, { direct: true, round: 1 }), 'StaleRecoveryRound');
    await ctx.increaseTime(DELAY);
    await expectRevert(relay(successor, 'completeRecovery', [alice]), 'NoPendingRecovery', [alice]);
    // The new set works.
    await approve(f.bob, alice, successor.address, { direct: true });
    await approve(f.carol, alice, successor.address, { direct: true });
    await ctx.increaseTime(HOUR);
    await relay(successor, 'completeRecovery', [alice]);
    assert.equal(await (await fwd()).controllerOf(alice), successor.address);
  });

  it('a non-guardian cannot approve; a chart without guardians cannot be recovered', async () => {
    const { f } = s;
    const alice = f.alice.address;
    await expectRevert(approve(f.carol, alice, f.outsider.address, { direct: true, round: 0 }), 'NoGuardians', [alice]);
    await aliceNamesThree();
    const successor = zeroEth();
    for (const who of [f.outsider, f.bob, f.alice]) {
      await expectRevert(approve(who, alice, successor.address, { direct: true }), 'NotGuardian', [alice, who.address]);
    }
    await expectRevert(approve(zeroEth(), alice, successor.address), 'NotGuardian');
  });

  it('refuses bad guardian sets, delays and successors', async () => {
    const { ctx, f } = s;
    const alice = f.alice.address;
    const setG = async (list, t, delay = DELAY, signer = f.alice) =>
      (await fwd(signer)).setGuardians(list, t, delay, '0x');
    const many = Array.from({ length: 17 }, () => Wallet.createRandom().address);
    await expectRevert(setG([], 0), 'InvalidGuardians', [0, 0]);
    await expectRevert(setG(many, 2), 'InvalidGuardians', [17, 2]);
    await send(setG(many.slice(0, 16), 16));
    await expectRevert(setG([f.bob.address], 0), 'InvalidGuardians', [1, 0]);
    await expectRevert(setG([f.bob.address], 2), 'InvalidGuardians', [1, 2]);
    await expectRevert(setG([f.bob.address, ZeroAddress], 1), 'InvalidGuardian', [ZeroAddress]);
    await expectRevert(setG([f.bob.address, alice], 1), 'InvalidGuardian', [alice]);
    await expectRevert(setG([f.bob.address, f.carol.address, f.bob.address], 2), 'InvalidGuardian', [f.bob.address]);
    await expectRevert(setG([f.bob.address], 1, HOUR - 1), 'InvalidRecoveryDelay', [HOUR - 1]);
    await expectRevert(setG([f.bob.address], 1, 90 * 24 * HOUR + 1), 'InvalidRecoveryDelay', [90 * 24 * HOUR + 1]);
    await send(setG([f.bob.address], 1, HOUR));
    await send(setG([f.bob.address], 1, 90 * 24 * HOUR));

    // Successors: not zero, the chart, a chart with guardians (Alice for Bob), a retired account,
    // a registered patient
    // nor a current successor.
    await send(setG([f.carol.address, f.doctor.address], 2, HOUR, f.bob));
    const bob = f.bob.address;
    for (const bad of [ZeroAddress, bob, alice]) {
      await expectRevert(approve(f.carol, bob, bad, { direct: true }), 'InvalidSuccessor', [bad]);
    }
    const { successor } = await recoverCharlie();
    await expectRevert(approve(f.carol, bob, successor.address, { direct: true }), 'InvalidSuccessor', [
      successor.address,
    ]);
    await expectRevert(approve(f.carol, bob, f.labDoctor.address, { direct: true }), 'InvalidSuccessor', [
      f.labDoctor.address,
    ]);
    // A registered patient keeps its own chart: it cannot become another chart's successor.
    assert.equal(await s.ctx.hub(f.carol).isPatient(f.carol.address), true);
    await expectRevert(approve(f.doctor, bob, f.carol.address, { direct: true }), 'InvalidSuccessor', [
      f.carol.address,
    ]);
    // After a recovery the successor is the controller: it names guardians for the chart, not itself.
    await expectRevert(relay(successor, 'setGuardians', [[successor.address], 1, HOUR, '0x']), 'InvalidGuardian', [
      successor.address,
    ]);
    const again = await relay(successor, 'setGuardians', [[f.nurse.address], 1, HOUR, '0x']);
    const ev = await expectEvent(again, 'GuardiansSet');
    assert.equal(ev.chart, f.labDoctor.address);
    assert.deepEqual(await guardianSet(f.labDoctor.address), [[f.nurse.address], 1n, BigInt(HOUR), 3n]);
    assert.equal(await (await fwd()).guardiansOf(successor.address).then((g) => g.round), 0n);

    /** Dr Three (lab doctor, wallet 6) recovers to a fresh successor with one guardian, Carol. */
    async function recoverCharlie() {
      const chart = f.labDoctor;
      await send((await fwd(chart)).setGuardians([f.carol.address], 1, HOUR, '0x'));
      const next = zeroEth();
      await approve(f.carol, chart.address, next.address, { direct: true });
      await ctx.increaseTime(HOUR);
      await relay(next, 'completeRecovery', [chart.address]);
      return { successor: next };
    }
  });

  it('a second recovery later (the successor loses its wallet) works and retires the first successor', async () => {
    const { ctx, f } = s;
    const alice = f.alice.address;
    const { successor: first, paper } = await recoverAlice();
    await relay(first, 'addRecord', [alice, randomKey(), CODEC.RAW, SCOPE.LABS], { to: 'EhrHub' });

    // The first successor is the controller now: it may cancel a recovery it did not ask for.
    const second = zeroEth();
    await approve(f.doctor, alice, second.address, { direct: true });
    await approve(paper, alice, second.address);
    await relay(first, 'cancelRecovery', []);
    assert.deepEqual(await pendingOf(alice), [ZeroAddress, 0n, 0n]);
    // The original address cannot: it is retired.
    await expectRevert((await fwd(f.alice)).cancelRecovery(), 'AccountRetired', [alice]);

    // It lost its wallet: the guardians approve again in the new round, and nobody cancels.
    const { round } = await (await fwd()).guardiansOf(alice);
    assert.equal(round, 3n);
    await approve(f.carol, alice, second.address, { direct: true });
    await approve(f.doctor, alice, second.address, { direct: true });
    await ctx.increaseTime(DELAY);
    const done = await relay(second, 'completeRecovery', [alice]);
    assert.deepEqual([...(await expectEvent(done, 'RecoveryCompleted'))], [alice, second.address, first.address]);

    const view = await fwd();
    assert.equal(await view.controllerOf(alice), second.address);
    assert.equal(await view.isRetired(first.address), true);
    assert.equal(await view.chartOf(first.address), ZeroAddress);
    assert.equal(await view.isRetired(alice), true);
    await expectRevert(
      relay(first, 'addRecord', [alice, randomKey(), CODEC.RAW, SCOPE.LABS], { to: 'EhrHub' }),
      'AccountRetired',
      [first.address],
    );
    await relay(second, 'addRecord', [alice, randomKey(), CODEC.RAW, SCOPE.NOTES], { to: 'EhrHub' });
    assert.equal(await ctx.hub().recordCount(alice), 2n);
    const [, , , author] = await ctx.hub().record(alice, 2);
    assert.equal(author, alice);
  });

  it('the hub and the book keep the forwarder’s answers: untouched, after a first and a second recovery', async () => {
    const { ctx, f } = s;
    const alice = f.alice.address;
    const bystanders = [f.bob.address, f.carol.address, f.doctor.address];
    await expectCopiesAgree([alice, ...bystanders]);
    for (const to of ['EhrHub', 'EhrAppointments']) assert.equal((await copyOf(to, alice)).word, 0n);

    const { successor: first, paper } = await recoverAlice();
    await expectCopiesAgree([alice, first.address, paper.address, ...bystanders]);
    for (const to of ['EhrHub', 'EhrAppointments']) {
      assert.equal(
        (await copyOf(to, alice)).word,
        RETIRED | BigInt(first.address),
        `${to}: Alice retired, first controls`,
      );
      assert.equal((await copyOf(to, first.address)).word, BigInt(alice), `${to}: first acts for Alice`);
    }

    // The first successor loses its wallet too: a second recovery in the next round.
    const second = zeroEth();
    await approve(f.carol, alice, second.address, { direct: true });
    await approve(f.doctor, alice, second.address, { direct: true });
    await ctx.increaseTime(DELAY);
    await relay(second, 'completeRecovery', [alice]);
    await expectCopiesAgree([alice, first.address, second.address, paper.address, ...bystanders]);
    for (const to of ['EhrHub', 'EhrAppointments']) {
      assert.equal((await copyOf(to, alice)).word, RETIRED | BigInt(second.address), `${to}: second controls`);
      assert.equal((await copyOf(to, first.address)).word, RETIRED, `${to}: first retired`);
      assert.equal((await copyOf(to, second.address)).word, BigInt(alice), `${to}: second acts for Alice`);
    }

    // And the contracts act on their copies: directly, only the second successor acts for the chart.
    for (const w of [first, second]) {
      await send(f.superAdmin.sendTransaction({ to: w.address, value: 10n ** 17n }));
    }
    const start = (await ctx.now()) + 86400;
    const provider = memberGrantee(f.doctor.address);
    for (const gone of [f.alice, first]) {
      await expectRevert(ctx.hub(gone).addRecord(alice, randomKey(), CODEC.RAW, SCOPE.LABS), 'AccountRetired', [
        gone.address,
      ]);
      await expectRevert(ctx.appointments(gone).requestAppointment(provider, start, 600), 'AccountRetired', [
        gone.address,
      ]);
    }
    const added = await send(ctx.hub(second).addRecord(alice, randomKey(), CODEC.RAW, SCOPE.LABS));
    assert.equal((await expectEvent(added, 'RecordAdded')).author, alice);
    const booked = await send(ctx.appointments(second).requestAppointment(provider, start, 600));
    const { appointmentId, patient } = await expectEvent(booked, 'AppointmentRequested');
    assert.equal(patient, alice);
    await send(ctx.appointments(second).cancelAppointment(appointmentId));
    assert.equal((await ctx.appointments().appointment(appointmentId)).status, 4n);
    // Signed consent takes the controller in the hub's copy: the second successor, not the first.
    await expectRevert(nurseVitalsSignedBy(first, alice, 1), 'WrongSigner', [first.address, second.address]);
    await expectRevert(nurseVitalsSignedBy(f.alice, alice, 2), 'WrongSigner', [alice, second.address]);
    await send(nurseVitalsSignedBy(second, alice, 3));
    assert.equal(Number(await ctx.hub().accessMask(alice, f.nurse.address)), bit(SCOPE.VITALS));
  });

  it('only the forwarder writes the copies: recordSuccession is refused to anyone else and never forwarded', async () => {
    const { ctx, f } = s;
    const alice = f.alice.address;
    const thief = zeroEth();
    const args = [alice, thief.address, alice];
    // Directly, by anyone: the deployer, the chart itself, a guardian, the would-be successor.
    await send(f.superAdmin.sendTransaction({ to: thief.address, value: 10n ** 17n }));
    for (const caller of [f.superAdmin, f.alice, f.carol, thief]) {
      await expectRevert(ctx.hub(caller).recordSuccession(...args), 'NotAuthorized', [caller.address]);
      await expectRevert(ctx.appointments(caller).recordSuccession(...args), 'NotAuthorized', [caller.address]);
    }
    // Through execute(), where the hub and the book would see the forwarder as the caller: refused,
    // whole or cut so that the appended signer fills the last argument (100 bytes, as a direct call).
    const selector = hubIface.getFunction('recordSuccession').selector;
    const whole = hubIface.encodeFunctionData('recordSuccession', [alice, thief.address, thief.address]);
    const cut = `${whole.slice(0, 2 + 2 * 80)}`;
    for (const to of ['EhrHub', 'EhrAppointments']) {
      for (const data of [whole, cut]) {
        const { req, signature } = await signForward(ctx, thief, { to: ctx.addresses[to], data });
        await expectRevert((await fwd(f.doctor)).execute(req, signature), 'ForwardFunctionNotAllowed', [selector]);
      }
    }
    await expectCopiesAgree([alice, thief.address]);
    for (const to of ['EhrHub', 'EhrAppointments']) {
      assert.equal((await copyOf(to, alice)).word, 0n);
      assert.equal((await copyOf(to, thief.address)).word, 0n);
    }
    await expectRevert(ctx.hub(thief).addRecord(alice, randomKey(), CODEC.RAW, SCOPE.LABS), 'NotMember', [
      thief.address,
    ]);
    await send(ctx.hub(f.alice).addRecord(alice, randomKey(), CODEC.RAW, SCOPE.LABS));

    // Another forwarder aimed at the same hub and book is not theirs: a recovery completed there
    // reverts whole (the hub refuses it), and nothing changes anywhere.
    const art = await readArtifact('EhrForwarder');
    const other = await new ContractFactory(art.abi, art.bytecode, f.outsider).deploy(
      ctx.addresses.EhrHub,
      ctx.addresses.EhrAppointments,
    );
    await other.waitForDeployment();
    const otherAddress = await other.getAddress();
    await send(other.connect(f.alice).setGuardians([f.carol.address], 1, HOUR, '0x'));
    await send(other.connect(f.carol).approveRecovery(alice, thief.address, 1, '0x'));
    await ctx.increaseTime(HOUR);
    await expectRevert(other.connect(thief).completeRecovery(alice), 'NotAuthorized', [otherAddress]);
    assert.equal(await other.controllerOf(alice), alice);
    assert.equal((await other.recoveryOf(alice)).successor, thief.address, 'still pending there');
    await expectCopiesAgree([alice, thief.address]);
    await send(ctx.hub(f.alice).addRecord(alice, randomKey(), CODEC.RAW, SCOPE.LABS));
  });

  it('a retired or successor guardian acts as the chart it stands for', async () => {
    const { ctx, f } = s;
    // Carol (a guardian of Alice) recovers her own chart; her successor approves for her.
    await send((await fwd(f.carol)).setGuardians([f.bob.address], 1, HOUR, '0x'));
    const carolNew = zeroEth();
    await approve(f.bob, f.carol.address, carolNew.address, { direct: true });
    await ctx.increaseTime(HOUR);
    await relay(carolNew, 'completeRecovery', [f.carol.address]);

    const { paper } = await aliceNamesThree();
    const successor = zeroEth();
    await expectRevert(approve(f.carol, f.alice.address, successor.address, { direct: true }), 'AccountRetired', [
      f.carol.address,
    ]);
    const byCarol = await approve(carolNew, f.alice.address, successor.address);
    assert.equal((await expectEvent(byCarol, 'RecoveryApproved')).guardian, f.carol.address);
    await approve(paper, f.alice.address, successor.address);
    assert.equal((await (await fwd()).recoveryOf(f.alice.address)).approvals, 2n);
  });
});
