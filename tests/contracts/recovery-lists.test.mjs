// Where a recovery's data is (contracts/src/GuardianRecovery.sol, contracts/README.md "Guardian
// recovery"): the kit, the guardians' shares and the charts a guardian guards are events only, and
// the forwarder keeps the blocks that hold them, so a page never scans the chain's history.
// `guardiansOf(chart).setBlock` is the block of the `GuardiansSet` with the chart's kit;
// `lastNamedBlock(guardian)` heads the list of a guardian's namings (`GuardianNamed`), and
// `approvalsOf(chart, successor).lastBlock` the list of a successor's shares (`RecoveryApproved`,
// every round), each event naming the block of the one before (`previousBlock`). A page finds the
// kit, a guardian's charts and a successor's shares with one log query per block, whatever the
// chain's length; these tests walk the lists as the page does and compare them with a full scan.

import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { Interface, Wallet, zeroPadValue } from 'ethers';
import { readArtifact } from '../../contracts/build.mjs';
import {
  expectEvent,
  forwarderContract,
  inOneBlock as inOneBlockOf,
  logsOf as logsOfContract,
  randomBytesHex,
  send,
  signForward,
  useChain,
  walkList,
} from './helpers.mjs';

const FORWARDER = { contract: 'EhrForwarder' };

const hooks = { before, after, beforeEach, afterEach };
const HOUR = 3600;
const DELAY = 72 * HOUR;

describe('Recovery lists by block pointers: the kit, a guardian’s charts, a successor’s shares', () => {
  const s = useChain(hooks);
  let fwd;
  let fwdIface;

  before(async () => {
    fwd = (signer) => forwarderContract(s.ctx, signer);
    fwdIface = new Interface((await readArtifact('EhrForwarder')).abi);
  });

  const zeroEth = () => Wallet.createRandom().connect(s.ctx.provider);
  const topic = (address) => zeroPadValue(address, 32);
  const ids = (events) => events.map((e) => `${e.block}:${e.index}`);

  /** guardiansOf(chart) as plain values: { guardians, threshold, delay, round, setBlock }. */
  async function guardianSet(chart) {
    const [guardians, threshold, delay, round, setBlock] = await (await fwd()).guardiansOf(chart);
    return { guardians: [...guardians], threshold, delay, round, setBlock };
  }

  /** approvalsOf(chart, successor) as plain values: [guardian bits, count, lastBlock]. */
  const approvalsOf = async (chart, successor) => [...(await (await fwd()).approvalsOf(chart, successor))];

  /** A forward request signed by `signer` for `fn(args)` on the forwarder, sent by `relayer` (not awaited). */
  async function relayTx(signer, fn, args, overrides = {}, relayer = s.f.hospitalAdmin) {
    const { req, signature } = await signForward(s.ctx, signer, {
      to: s.ctx.addresses.EhrForwarder,
      data: fwdIface.encodeFunctionData(fn, args),
    });
    return (await fwd(relayer)).execute(req, signature, overrides);
  }
  const relay = async (signer, fn, args) => send(relayTx(signer, fn, args));

  /**
   * A guardian's approval (not awaited): `direct` from the guardian's own account, otherwise
   * relayed; `overrides` (a fixed gas limit) when it shares a block with others, whose effects the
   * estimate cannot see.
   */
  async function approveTx(
    guardian,
    chart,
    successor,
    { direct = false, share = randomBytesHex(300), overrides = {} } = {},
  ) {
    const { round } = await guardianSet(chart);
    if (direct) return (await fwd(guardian)).approveRecovery(chart, successor, round, share, overrides);
    return relayTx(guardian, 'approveRecovery', [chart, successor, round, share], overrides);
  }
  const approve = async (...a) => send(approveTx(...a));

  /** `setGuardians` by `chart` (not awaited), with a random kit unless given. */
  const setTx = async (chart, guardians, threshold = 2, kit = randomBytesHex(600), overrides = {}) =>
    (await fwd(chart)).setGuardians(
      guardians.map((g) => g.address ?? g),
      threshold,
      DELAY,
      kit,
      overrides,
    );
  const ONE_BLOCK = { gasLimit: 1_500_000 };

  /** Sends `calls` so that they are all mined in one block (helpers.mjs inOneBlock). */
  const inOneBlock = (calls) => inOneBlockOf(s.ctx, calls);
  /** The parsed forwarder logs of `event` matching `topics` in blocks from..to, oldest first. */
  const logsOf = (event, topics, from, to) => logsOfContract(s.ctx, event, topics, from, to, FORWARDER);

  /** Every event of a list, by one query over the whole chain (what the pointers spare a page). */
  const scan = async (event, topics) => logsOf(event, topics, 0, await s.ctx.provider.getBlockNumber());

  /**
   * What a page reading the pointers finds: from `head`, one log query per block (fromBlock =
   * toBlock), back to 0 through the smallest `previousBlock` below the block (helpers.mjs
   * walkList). Returns the events oldest first and the blocks queried.
   */
  const walk = (head, event, topics) => walkList(s.ctx, head, { event, topics, ...FORWARDER });

  /** A guardian's namings, walked from `lastNamedBlock`, checked against a full scan. */
  async function guardianList(guardian) {
    const topics = [topic(guardian)];
    const head = await (await fwd()).lastNamedBlock(guardian);
    const { found, blocks } = await walk(head, 'GuardianNamed', topics);
    const all = await scan('GuardianNamed', topics);
    assert.deepEqual(ids(found), ids(all), `every naming of ${guardian}, in order`);
    assert.deepEqual(blocks, [...new Set(all.map((e) => e.block))].reverse(), 'one query per block holding a naming');
    for (const e of found) assert.equal(e.guardian, guardian);
    return { found, head, blocks };
  }

  /** The approvals of (chart, successor), walked from `approvalsOf(...).lastBlock`, checked against a full scan. */
  async function approvalList(chart, successor) {
    const topics = [topic(chart), topic(successor)];
    const [, , head] = await approvalsOf(chart, successor);
    const { found, blocks } = await walk(head, 'RecoveryApproved', topics);
    const all = await scan('RecoveryApproved', topics);
    assert.deepEqual(ids(found), ids(all), `every approval of ${successor} for ${chart}, in order`);
    assert.deepEqual(
      blocks,
      [...new Set(all.map((e) => e.block))].reverse(),
      'one query per block holding an approval',
    );
    for (const e of found) assert.deepEqual([e.chart, e.successor], [chart, successor]);
    return { found, head, blocks };
  }

  it('setBlock: the block of the GuardiansSet with the kit; cancellation and completion keep it, a new set moves it', async () => {
    const { ctx, f } = s;
    const alice = f.alice.address;
    assert.equal((await guardianSet(f.bob.address)).setBlock, 0n, 'no guardians: 0');
    assert.equal((await guardianSet(alice)).setBlock, 0n);

    const kit = randomBytesHex(1200);
    const paper = zeroEth();
    const named = [f.carol.address, f.doctor.address, paper.address];
    const set = await send(setTx(f.alice, named, 2, kit));
    /** The GuardiansSet events of Alice's chart in block `b` alone. */
    const kitsAt = async (b) => logsOf('GuardiansSet', [topic(alice)], b, b);
    const expectKitAt = async (b, expected) => {
      const here = await kitsAt(b);
      assert.equal(here.length, 1, `one GuardiansSet of the chart in block ${b}`);
      assert.deepEqual([here[0].chart, here[0].round, [...here[0].guardians], here[0].kit], expected);
    };
    assert.deepEqual(await guardianSet(alice), {
      guardians: named,
      threshold: 2n,
      delay: BigInt(DELAY),
      round: 1n,
      setBlock: BigInt(set.blockNumber),
    });
    await expectKitAt(set.blockNumber, [alice, 1n, named, kit]);

    // Another chart's guardians do not move it.
    await ctx.anvil.rpc('anvil_mine', ['0x10']);
    await send(setTx(f.bob, [f.carol, f.nurse]));
    assert.equal((await guardianSet(alice)).setBlock, BigInt(set.blockNumber));

    // A cancellation moves the round, not the kit's block.
    const successor = zeroEth();
    await approve(f.carol, alice, successor.address, { direct: true });
    await approve(paper, alice, successor.address);
    assert.equal((await (await fwd()).recoveryOf(alice)).successor, successor.address);
    await send((await fwd(f.alice)).cancelRecovery());
    let now = await guardianSet(alice);
    assert.deepEqual([now.round, now.setBlock], [2n, BigInt(set.blockNumber)], 'cancelled: new round, same block');
    await expectKitAt(Number(now.setBlock), [alice, 1n, named, kit]);

    // Nor does a completed recovery: the successor finds the kit it recovers with where it was.
    await approve(f.doctor, alice, successor.address, { direct: true });
    await approve(paper, alice, successor.address);
    await ctx.increaseTime(DELAY);
    await relay(successor, 'completeRecovery', [alice]);
    assert.equal(await (await fwd()).controllerOf(alice), successor.address);
    now = await guardianSet(alice);
    assert.deepEqual([now.round, now.setBlock], [3n, BigInt(set.blockNumber)], 'completed: new round, same block');
    await expectKitAt(Number(now.setBlock), [alice, 1n, named, kit]);

    // The successor (no ETH, relayed) names new guardians with a new kit, blocks later: it moves.
    await ctx.anvil.rpc('anvil_mine', ['0x40']);
    const kit2 = randomBytesHex(900);
    const named2 = [f.nurse.address, f.carol.address];
    const again = await relay(successor, 'setGuardians', [named2, 1, DELAY, kit2]);
    assert.ok(again.blockNumber > set.blockNumber + 0x40);
    now = await guardianSet(alice);
    assert.deepEqual(now, {
      guardians: named2,
      threshold: 1n,
      delay: BigInt(DELAY),
      round: 4n,
      setBlock: BigInt(again.blockNumber),
    });
    await expectKitAt(again.blockNumber, [alice, 4n, named2, kit2]);
    // The old kit is still where it was (a history page finds it there), and nothing lies between.
    await expectKitAt(set.blockNumber, [alice, 1n, named, kit]);
    assert.deepEqual(
      (await scan('GuardiansSet', [topic(alice)])).map((e) => e.block),
      [set.blockNumber, again.blockNumber],
    );
    assert.equal((await guardianSet(f.carol.address)).setBlock, 0n, 'a guardian’s own chart: none');

    // Two sets of one chart in one block (Bob directly, and relayed): the block's last is in force.
    const kits = [randomBytesHex(300), randomBytesHex(300)];
    const [both] = await inOneBlock([
      () => setTx(f.bob, [f.doctor], 1, kits[0], ONE_BLOCK),
      () => relayTx(f.bob, 'setGuardians', [[f.labTech.address], 1, DELAY, kits[1]], ONE_BLOCK),
    ]);
    const bob = await guardianSet(f.bob.address);
    assert.deepEqual([bob.setBlock, bob.guardians], [BigInt(both.blockNumber), [f.labTech.address]]);
    const sets = await logsOf('GuardiansSet', [topic(f.bob.address)], both.blockNumber, both.blockNumber);
    assert.deepEqual(
      sets.map((e) => [e.round, e.kit]),
      [
        [2n, kits[0]],
        [3n, kits[1]],
      ],
    );
    assert.equal(sets.at(-1).round, bob.round, 'the page takes the block’s last GuardiansSet of the chart');
  });

  it('guardian lists: every chart and round naming a guardian, two in one block too; a walk per block', async () => {
    const { ctx, f } = s;
    const doctor = f.doctor.address;
    const view = await fwd();
    assert.equal(await view.lastNamedBlock(doctor), 0n, 'never named: 0');
    assert.deepEqual((await guardianList(doctor)).found, []);

    const paper = zeroEth();
    const first = await send(setTx(f.alice, [f.carol, f.doctor, paper]));
    const firstNamed = (await expectEventsOf(first, 'GuardianNamed')).find((e) => e.guardian === doctor);
    assert.deepEqual([firstNamed.chart, firstNamed.round, firstNamed.previousBlock], [f.alice.address, 1n, 0n]);
    assert.equal(await view.lastNamedBlock(doctor), BigInt(first.blockNumber));
    await ctx.anvil.rpc('anvil_mine', ['0x20']);

    // A second chart names the doctor (with the nurse) blocks later.
    const second = await send(setTx(f.bob, [f.nurse, f.doctor], 1));
    assert.equal(await view.lastNamedBlock(doctor), BigInt(second.blockNumber));
    assert.equal(
      (await expectEventsOf(second, 'GuardianNamed')).find((e) => e.guardian === doctor).previousBlock,
      BigInt(first.blockNumber),
    );
    await ctx.anvil.rpc('anvil_mine', ['0x20']);

    // Two charts name the doctor in one block: Carol for the first time, Bob again (a new round).
    const [carolSet, bobAgain] = await inOneBlock([
      () => setTx(f.carol, [f.doctor, f.labTech], 1, randomBytesHex(600), ONE_BLOCK),
      () => setTx(f.bob, [f.labDoctor, f.doctor], 2, randomBytesHex(600), ONE_BLOCK),
    ]);
    const together = carolSet.blockNumber;
    assert.equal(await view.lastNamedBlock(doctor), BigInt(together));
    const inBlock = (await logsOf('GuardianNamed', [topic(doctor)], together, together)).map((e) => [
      e.chart,
      e.round,
      e.previousBlock,
    ]);
    assert.deepEqual(inBlock, [
      [f.carol.address, 1n, BigInt(second.blockNumber)],
      [f.bob.address, 2n, BigInt(together)],
    ]);
    assert.equal(bobAgain.blockNumber, together);
    await ctx.anvil.rpc('anvil_mine', ['0x20']);

    // Alice cancels (the round moves, nobody is named) and names the doctor again in a new set.
    await send((await fwd(f.alice)).cancelRecovery());
    assert.equal(await view.lastNamedBlock(doctor), BigInt(together), 'a cancellation names nobody');
    const third = await send(setTx(f.alice, [f.doctor, f.nurse]));
    assert.equal(await view.lastNamedBlock(doctor), BigInt(third.blockNumber));

    const { found, blocks } = await guardianList(doctor);
    assert.deepEqual(
      found.map((e) => [e.chart, e.round]),
      [
        [f.alice.address, 1n],
        [f.bob.address, 1n],
        [f.carol.address, 1n],
        [f.bob.address, 2n],
        [f.alice.address, 3n],
      ],
    );
    assert.deepEqual(blocks, [third.blockNumber, together, second.blockNumber, first.blockNumber]);
    // Each event's round is its chart's round at the time: the chart's current one for the newest.
    for (const chart of [f.alice, f.bob, f.carol].map((w) => w.address)) {
      const newest = found.filter((e) => e.chart === chart).at(-1);
      assert.equal(newest.round, (await guardianSet(chart)).round, `${chart}'s newest naming is its current round`);
    }

    // The other guardians' lists are whole and their own.
    const nurse = await guardianList(f.nurse.address);
    assert.deepEqual(
      nurse.found.map((e) => e.chart),
      [f.bob.address, f.alice.address],
    );
    assert.deepEqual(
      (await guardianList(paper.address)).found.map((e) => [e.chart, e.previousBlock]),
      [[f.alice.address, 0n]],
    );
    for (const g of [f.carol, f.labTech, f.labDoctor]) assert.equal((await guardianList(g.address)).found.length, 1);
    assert.equal(await view.lastNamedBlock(f.outsider.address), 0n, 'never named: 0');
    assert.equal(await view.lastNamedBlock(zeroEth().address), 0n);
  });

  it('approval lists: a successor’s approvals of every round in one list; approvalsOf counts the current round', async () => {
    const { ctx, f } = s;
    const alice = f.alice.address;
    const paper = zeroEth();
    await send(setTx(f.alice, [f.carol, f.doctor, paper]));
    const successor = zeroEth().address;
    const other = zeroEth().address;
    assert.deepEqual(await approvalsOf(alice, successor), [0n, 0n, 0n], 'no approval: 0');

    // Round 1: Carol (directly), then, blocks later, the other successor and the paper guardian.
    const shares = [];
    const share = () => {
      shares.push(randomBytesHex(300));
      return shares.at(-1);
    };
    const a1 = await approve(f.carol, alice, successor, { direct: true, share: share() });
    assert.equal((await expectEvent(a1, 'RecoveryApproved')).previousBlock, 0n, 'the first approval ends the list');
    assert.deepEqual(await approvalsOf(alice, successor), [0b001n, 1n, BigInt(a1.blockNumber)]);
    await ctx.anvil.rpc('anvil_mine', ['0x20']);
    const o1 = await approve(f.doctor, alice, other, { direct: true });
    assert.equal((await expectEvent(o1, 'RecoveryApproved')).previousBlock, 0n, 'another successor: another list');
    const a2 = await approve(paper, alice, successor, { share: share() });
    assert.equal((await expectEvent(a2, 'RecoveryApproved')).previousBlock, BigInt(a1.blockNumber));
    await expectEvent(a2, 'RecoveryPending');
    assert.deepEqual(await approvalsOf(alice, successor), [0b101n, 2n, BigInt(a2.blockNumber)]);

    // Cancelled: the counts are void, the list's head stays.
    await ctx.anvil.rpc('anvil_mine', ['0x20']);
    await send((await fwd(f.alice)).cancelRecovery());
    assert.equal((await guardianSet(alice)).round, 2n);
    assert.deepEqual(await approvalsOf(alice, successor), [0n, 0n, BigInt(a2.blockNumber)], 'stale round: head only');
    assert.deepEqual(await approvalsOf(alice, other), [0n, 0n, BigInt(o1.blockNumber)]);

    // Round 2: Carol approves the other successor; the doctor (directly) and the paper guardian
    // (relayed) approve the successor in one block.
    await ctx.anvil.rpc('anvil_mine', ['0x20']);
    const o2 = await approve(f.carol, alice, other, { direct: true });
    const [b1, b2] = await inOneBlock([
      () => approveTx(f.doctor, alice, successor, { direct: true, share: share(), overrides: ONE_BLOCK }),
      () => approveTx(paper, alice, successor, { share: share(), overrides: ONE_BLOCK }),
    ]);
    const together = b1.blockNumber;
    assert.equal(b2.blockNumber, together);
    assert.deepEqual(await approvalsOf(alice, successor), [0b110n, 2n, BigInt(together)], 'the current round only');
    assert.deepEqual(await approvalsOf(alice, other), [0b001n, 1n, BigInt(o2.blockNumber)]);
    assert.equal((await (await fwd()).recoveryOf(alice)).successor, successor);

    const { found, blocks } = await approvalList(alice, successor);
    assert.deepEqual(
      found.map((e) => [e.guardian, e.round, e.previousBlock]),
      [
        [f.carol.address, 1n, 0n],
        [paper.address, 1n, BigInt(a1.blockNumber)],
        [f.doctor.address, 2n, BigInt(a2.blockNumber)],
        [paper.address, 2n, BigInt(together)],
      ],
      'every approval of every round, rounds as emitted',
    );
    assert.deepEqual(
      found.map((e) => e.share),
      shares,
      'every share re-sealed to the successor',
    );
    assert.deepEqual(blocks, [together, a2.blockNumber, a1.blockNumber]);

    // The other successor's list is separate.
    const otherList = await approvalList(alice, other);
    assert.deepEqual(
      otherList.found.map((e) => [e.guardian, e.round, e.previousBlock]),
      [
        [f.doctor.address, 1n, 0n],
        [f.carol.address, 2n, BigInt(o1.blockNumber)],
      ],
    );
    // So is the same successor for another chart.
    await send(setTx(f.bob, [f.nurse], 1));
    const forBob = await approve(f.nurse, f.bob.address, other, { direct: true });
    assert.deepEqual(await approvalsOf(f.bob.address, other), [1n, 1n, BigInt(forBob.blockNumber)]);
    assert.equal((await expectEvent(forBob, 'RecoveryApproved')).previousBlock, 0n);
    assert.deepEqual(ids((await approvalList(alice, other)).found), ids(otherList.found));
  });

  it('the gas price of the pointers (for the record)', async () => {
    const { f } = s;
    const three = [f.carol, f.doctor, zeroEth()];
    const gas = (r) => r.gasUsed.toLocaleString('en');
    const first = await send(setTx(f.alice, three, 2, randomBytesHex(1200)));
    const again = await send(setTx(f.alice, three, 2, randomBytesHex(1200)));
    const otherChart = await send(setTx(f.bob, three, 2, randomBytesHex(1200)));
    const successor = zeroEth().address;
    const approval = await approve(f.carol, f.alice.address, successor, { direct: true });
    const second = await approve(f.doctor, f.alice.address, successor, { direct: true });
    await send((await fwd(f.alice)).cancelRecovery());
    const nextRound = await approve(f.carol, f.alice.address, successor, { direct: true });
    console.log(`# setGuardians, 3 guardians, 1,200-byte kit, first time: ${gas(first)} gas`);
    console.log(`# setGuardians, same 3 guardians again (new round): ${gas(again)} gas`);
    console.log(`# setGuardians, another chart's first, the 3 already named: ${gas(otherChart)} gas`);
    console.log(`# approveRecovery, first approval of a successor (direct, 300-byte share): ${gas(approval)} gas`);
    console.log(`# approveRecovery, second approval, threshold reached (pending): ${gas(second)} gas`);
    console.log(`# approveRecovery, first approval after a cancellation (same successor): ${gas(nextRound)} gas`);
    for (const r of [first, again, otherChart, approval, second, nextRound]) assert.ok(r.gasUsed > 21000n);
  });

  /** The parsed events `name` of a receipt (as the forwarder's interface reads them). */
  async function expectEventsOf(receipt, name) {
    const events = receipt.logs
      .filter((l) => l.address === s.ctx.addresses.EhrForwarder)
      .map((l) => fwdIface.parseLog(l))
      .filter((e) => e?.name === name)
      .map((e) => e.args.toObject());
    assert.ok(events.length > 0, `expected ${name} events`);
    return events;
  }
});
