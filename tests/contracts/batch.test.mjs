// addRecords: many records to one chart in one transaction, with the ids, events, stored fields
// and authorisation of as many addRecord calls. The later records of a batch store only their
// digest plus a 16-bit lane (contracts/README.md, "Records"); these tests check that nothing
// outside the hub can tell: record(), EhrLens.records and the RecordAdded events are compared with
// a chart built by single adds, across lane words, amendments and redactions.
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { ZeroHash } from 'ethers';
import {
  ALL,
  CODEC,
  SCOPE,
  bit,
  combinedInterface,
  eventsOf,
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
const MAX_BATCH = 100;

/** n entries with varied scopes and codecs: [digest, codec, scope]. */
const entries = (n, scopes = [SCOPE.NOTES, SCOPE.LABS, 31, SCOPE.VITALS, 0]) =>
  Array.from({ length: n }, (_, i) => [randomKey(), i % 3 === 1 ? CODEC.DAG_PB : CODEC.RAW, scopes[i % scopes.length]]);

/** EhrLens.records as plain objects; `createdAt` left out when `withTime` is false. */
async function lensRecords(ctx, patient, withTime = true) {
  const page = await ctx.lens().records(patient, 1, 10_000);
  return page.map((r) => ({
    recordId: Number(r.recordId),
    digest: r.digest,
    codec: Number(r.codec),
    scope: Number(r.scope),
    author: r.author,
    ...(withTime ? { createdAt: Number(r.createdAt) } : {}),
    previous: Number(r.previous),
    redacted: r.redacted,
    superseded: r.superseded,
  }));
}

/** The RecordAdded logs of receipts: decoded fields, raw data and topic count. */
async function addedEvents(receipts) {
  const parse = await combinedInterface();
  const out = [];
  for (const r of receipts)
    for (const l of r.logs) {
      const e = parse.parseLog(l);
      if (e?.name !== 'RecordAdded') continue;
      out.push({
        recordId: Number(e.args.recordId),
        author: e.args.author,
        digest: e.args.digest,
        codec: Number(e.args.codec),
        scope: Number(e.args.scope),
        previous: Number(e.args.previous),
        data: l.data,
        topics: l.topics.length,
      });
    }
  return out;
}

describe('addRecords: the same chart as single adds', () => {
  const s = useChain(hooks);

  for (const n of [1, 10, 50]) {
    it(`a batch of ${n} gives the ids, events, fields and lens page of ${n} addRecord calls`, async () => {
      const { ctx, f } = s;
      const batch = entries(n);
      // Bob's chart by single adds, Alice's by one batch (after one single add, so the batch does
      // not start at id 1 and its lanes straddle a word).
      const first = [randomKey(), CODEC.RAW, SCOPE.IMAGING];
      const singles = [await send(ctx.hub(f.bob).addRecord(f.bob.address, ...first))];
      for (const e of batch) singles.push(await send(ctx.hub(f.bob).addRecord(f.bob.address, ...e)));
      await send(ctx.hub(f.alice).addRecord(f.alice.address, ...first));
      const hub = ctx.hub(f.alice);
      assert.equal(await hub.addRecords.staticCall(f.alice.address, batch), 2n);
      const r = await send(hub.addRecords(f.alice.address, batch));
      assert.equal(await ctx.hub().recordCount(f.alice.address), BigInt(n + 1));

      const mine = (await addedEvents([r])).map((e) => ({ ...e, author: e.author === f.alice.address }));
      const theirs = (await addedEvents(singles.slice(1))).map((e) => ({ ...e, author: e.author === f.bob.address }));
      assert.deepEqual(mine, theirs, 'RecordAdded events');
      for (const l of r.logs)
        assert.equal(l.topics[1].toLowerCase(), `0x${f.alice.address.slice(2).toLowerCase().padStart(64, '0')}`);

      const block = await ctx.provider.getBlock(r.blockNumber);
      const a = await lensRecords(ctx, f.alice.address);
      const b = await lensRecords(ctx, f.bob.address, false);
      assert.deepEqual(
        a.map(({ author, createdAt, ...x }) => x),
        b.map(({ author, ...x }) => x),
        'lens pages',
      );
      for (const x of a.slice(1)) {
        assert.equal(x.author, f.alice.address);
        assert.equal(x.createdAt, block.timestamp);
      }
      for (let id = 2; id <= n + 1; id++) {
        const rec = await recordOf(ctx, f.alice.address, id);
        const [digest, codec, scope] = batch[id - 2];
        assert.deepEqual(rec, {
          digest,
          codec,
          scope,
          author: f.alice.address,
          createdAt: block.timestamp,
          previous: 0,
          redacted: false,
          superseded: false,
        });
      }
      if (n >= 10) {
        const perRecord = Number(r.gasUsed) / n;
        assert.ok(perRecord <= 50_000, `gas per record ${perRecord}`);
      }
    });
  }

  it('keeps ids and lanes apart across batches, single adds and lane words', async () => {
    const { ctx, f } = s;
    const hub = ctx.hub(f.alice);
    const expected = [];
    const add = async (batch) => {
      const r = await send(hub.addRecords(f.alice.address, batch));
      const t = (await ctx.provider.getBlock(r.blockNumber)).timestamp;
      for (const [digest, codec, scope] of batch) expected.push({ digest, codec, scope, createdAt: t });
    };
    const one = async (e) => {
      const r = await send(hub.addRecord(f.alice.address, ...e));
      expected.push({
        digest: e[0],
        codec: e[1],
        scope: e[2],
        createdAt: (await ctx.provider.getBlock(r.blockNumber)).timestamp,
      });
    };
    await add(entries(3));
    await one([randomKey(), CODEC.DAG_PB, 7]);
    await add(entries(17)); // ids 5..21: lanes in words 0 and 1
    await add(entries(2));
    await one([randomKey(), CODEC.RAW, 30]);
    await add(entries(40, [31, 1, 2])); // ids 25..64: words 1 to 4
    assert.equal(await ctx.hub().recordCount(f.alice.address), BigInt(expected.length));
    const page = await lensRecords(ctx, f.alice.address);
    assert.deepEqual(
      page.map(({ digest, codec, scope, createdAt }) => ({ digest, codec, scope, createdAt })),
      expected,
    );
    assert.ok(page.every((x) => x.author === f.alice.address && x.previous === 0 && !x.redacted && !x.superseded));
  });

  it('amends and redacts batched records like single ones', async () => {
    const { ctx, f } = s;
    await send(ctx.hub(f.alice).grantAccess(institutionGrantee(f.hospital), bit(SCOPE.NOTES, SCOPE.LABS), 0, '0x'));
    const batch = entries(20, [SCOPE.NOTES, SCOPE.LABS]);
    await send(ctx.hub(f.doctor).addRecords(f.alice.address, batch)); // ids 1..20 by the doctor
    const before = await recordOf(ctx, f.alice.address, 18);
    // Amend a later record of the batch (its lane): the new version keeps its scope.
    const r = await send(ctx.hub(f.alice).amendRecord(f.alice.address, 18, randomKey(), CODEC.DAG_PB));
    const ev = await expectEvent(r, 'RecordAdded');
    assert.equal(ev.recordId, 21n);
    assert.equal(ev.previous, 18n);
    assert.equal(ev.scope, BigInt(batch[17][2]));
    assert.deepEqual(await recordOf(ctx, f.alice.address, 18), { ...before, superseded: true });
    await expectRevert(
      ctx.hub(f.alice).amendRecord(f.alice.address, 18, randomKey(), CODEC.RAW),
      'RecordIsSuperseded',
      [f.alice.address, 18],
    );
    // The author redacts a batched record while allowed; nobody else but the patient may.
    await expectRevert(ctx.hub(f.nurse).redactRecord(f.alice.address, 5), 'NotAuthorized', [f.nurse.address]);
    await send(ctx.hub(f.doctor).redactRecord(f.alice.address, 5));
    await send(ctx.hub(f.alice).redactRecord(f.alice.address, 1));
    await send(ctx.hub(f.alice).redactRecord(f.alice.address, 17));
    await expectRevert(ctx.hub(f.alice).redactRecord(f.alice.address, 17), 'RecordIsRedacted', [f.alice.address, 17]);
    await expectRevert(ctx.hub(f.doctor).amendRecord(f.alice.address, 5, randomKey(), CODEC.RAW), 'RecordIsRedacted', [
      f.alice.address,
      5,
    ]);
    const page = await lensRecords(ctx, f.alice.address);
    for (const x of page) {
      const i = x.recordId - 1;
      assert.equal(x.redacted, [1, 5, 17].includes(x.recordId), `redacted ${x.recordId}`);
      assert.equal(x.superseded, x.recordId === 18, `superseded ${x.recordId}`);
      if (i < 20) assert.deepEqual([x.digest, x.codec, x.scope, x.author], [...batch[i], f.doctor.address]);
    }
  });
});

describe('addRecords: authorisation once per scope set', () => {
  const s = useChain(hooks);

  it('lets members add batches within their grants and role', async () => {
    const { ctx, f } = s;
    await send(ctx.hub(f.alice).grantAccess(memberGrantee(f.doctor.address), bit(SCOPE.PRESCRIPTIONS), 0, '0x'));
    await send(ctx.hub(f.alice).grantAccess(institutionGrantee(f.hospital), bit(SCOPE.VITALS, SCOPE.NOTES), 0, '0x'));
    // Scopes from the personal grant and the institution grant in one batch.
    await send(ctx.hub(f.doctor).addRecords(f.alice.address, entries(6, [SCOPE.PRESCRIPTIONS, SCOPE.NOTES])));
    await send(ctx.hub(f.nurse).addRecords(f.alice.address, entries(3, [SCOPE.VITALS])));
    const page = await lensRecords(ctx, f.alice.address);
    assert.deepEqual(
      page.map((x) => x.author),
      [...Array(6).fill(f.doctor.address), ...Array(3).fill(f.nurse.address)],
    );
  });

  it('refuses a whole batch when one scope is not allowed, and writes nothing', async () => {
    const { ctx, f } = s;
    await send(ctx.hub(f.alice).grantAccess(institutionGrantee(f.hospital), bit(SCOPE.NOTES, SCOPE.VITALS), 0, '0x'));
    const ok = entries(5, [SCOPE.NOTES]);
    const withLabs = [...ok, [randomKey(), CODEC.RAW, SCOPE.LABS], [randomKey(), CODEC.RAW, SCOPE.IMAGING]];
    await expectRevert(ctx.hub(f.doctor).addRecords(f.alice.address, withLabs), 'NoAccess', [
      f.alice.address,
      f.doctor.address,
      SCOPE.LABS,
    ]);
    // The same refusal as the single add of that record.
    await expectRevert(ctx.hub(f.doctor).addRecord(f.alice.address, randomKey(), CODEC.RAW, SCOPE.LABS), 'NoAccess', [
      f.alice.address,
      f.doctor.address,
      SCOPE.LABS,
    ]);
    await expectRevert(
      ctx
        .hub(f.nurse)
        .addRecords(f.alice.address, [[randomKey(), CODEC.RAW, SCOPE.VITALS], ...entries(2, [SCOPE.NOTES])]),
      'RoleCannotWrite',
      [2, SCOPE.NOTES],
    );
    await expectRevert(ctx.hub(f.outsider).addRecords(f.alice.address, ok), 'NotMember', [f.outsider.address]);
    await expectRevert(ctx.hub(f.bob).addRecords(f.alice.address, ok), 'NotMember', [f.bob.address]);
    await expectRevert(ctx.hub(f.outsider).addRecords(f.outsider.address, ok), 'PatientNotRegistered', [
      f.outsider.address,
    ]);
    assert.equal(await ctx.hub().recordCount(f.alice.address), 0n);
    await send(ctx.hub(f.doctor).addRecords(f.alice.address, ok));
    assert.equal(await ctx.hub().recordCount(f.alice.address), 5n);
  });

  it('counts emergency access like addRecord', async () => {
    const { ctx, f } = s;
    await send(ctx.hub(f.alice).setEmergencyInstitution(f.hospital, bit(SCOPE.ALLERGIES, SCOPE.NOTES), '0x'));
    const batch = entries(4, [SCOPE.ALLERGIES, SCOPE.NOTES]);
    await expectRevert(ctx.hub(f.doctor).addRecords(f.alice.address, batch), 'NoAccess', [
      f.alice.address,
      f.doctor.address,
      SCOPE.NOTES,
    ]);
    await send(ctx.hub(f.doctor).openEmergencyAccess(f.alice.address, 1, 3600));
    await send(ctx.hub(f.doctor).addRecords(f.alice.address, batch));
    assert.equal(await ctx.hub().recordCount(f.alice.address), 4n);
  });

  it('follows the pending-scope rules of addRecord', async () => {
    const { ctx, f } = s;
    const g = memberGrantee(f.doctor.address);
    await send(ctx.hub(f.alice).grantAccess(g, bit(SCOPE.NOTES, SCOPE.LABS), (await ctx.now()) + 500, '0x'));
    await send(ctx.hub(f.doctor).addRecords(f.alice.address, entries(2, [SCOPE.NOTES, SCOPE.LABS])));
    await ctx.increaseTime(600);
    // The grant ended without the patient: its scopes are pending until settled.
    assert.equal(Number(await ctx.lens().pendingScopes(f.alice.address)), bit(SCOPE.NOTES, SCOPE.LABS));
    for (const [fn, args] of [
      ['addRecord', [randomKey(), CODEC.RAW, SCOPE.NOTES]],
      ['addRecords', [entries(2, [SCOPE.NOTES])]],
    ])
      await expectRevert(ctx.hub(f.doctor)[fn](f.alice.address, ...args), 'NoAccess', [
        f.alice.address,
        f.doctor.address,
        SCOPE.NOTES,
      ]);
    // The patient writes a pending scope (sealed to the readers in force, off chain) either way.
    await send(ctx.hub(f.alice).addRecord(f.alice.address, randomKey(), CODEC.RAW, SCOPE.NOTES));
    await send(ctx.hub(f.alice).addRecords(f.alice.address, entries(3, [SCOPE.NOTES, SCOPE.LABS])));
    const epochs = (await ctx.hub().epochs(f.alice.address)).map(Number);
    await send(ctx.hub(f.bob).settleAccess(f.alice.address));
    const after = (await ctx.hub().epochs(f.alice.address)).map(Number);
    assert.equal(after[SCOPE.NOTES], epochs[SCOPE.NOTES] + 1);
    assert.equal(Number(await ctx.lens().pendingScopes(f.alice.address)), 0);
    await send(ctx.hub(f.alice).addRecords(f.alice.address, entries(2, [SCOPE.NOTES, SCOPE.LABS])));
    // A batch never moves an epoch.
    assert.deepEqual((await ctx.hub().epochs(f.alice.address)).map(Number), after);
    await send(ctx.hub(f.alice).grantAccess(g, bit(SCOPE.NOTES), 0, '0x'));
    await send(ctx.hub(f.doctor).addRecords(f.alice.address, entries(2, [SCOPE.NOTES])));
    await send(ctx.hub(f.alice).revokeAccess(g, ALL));
    await expectRevert(ctx.hub(f.doctor).addRecords(f.alice.address, entries(1, [SCOPE.NOTES])), 'NoAccess');
    assert.equal(await ctx.hub().recordCount(f.alice.address), 10n);
  });
});

describe('addRecords: limits', () => {
  const s = useChain(hooks);

  it('refuses an empty or too large batch', async () => {
    const { ctx, f } = s;
    const hub = ctx.hub(f.alice);
    await expectRevert(hub.addRecords(f.alice.address, []), 'InvalidBatchSize', [0, MAX_BATCH]);
    await expectRevert(hub.addRecords(f.alice.address, entries(MAX_BATCH + 1)), 'InvalidBatchSize', [
      MAX_BATCH + 1,
      MAX_BATCH,
    ]);
    const r = await send(hub.addRecords(f.alice.address, entries(MAX_BATCH)));
    assert.equal((await eventsOf(r)).length, MAX_BATCH);
    assert.equal(await ctx.hub().recordCount(f.alice.address), BigInt(MAX_BATCH));
  });

  it('refuses malformed content anywhere in the batch, writing nothing', async () => {
    const { ctx, f } = s;
    const hub = ctx.hub(f.alice);
    const at = (i, e) => {
      const b = entries(6);
      b[i] = e;
      return b;
    };
    await expectRevert(hub.addRecords(f.alice.address, at(3, [randomKey(), CODEC.RAW, 32])), 'InvalidScope', [32]);
    await expectRevert(hub.addRecords(f.alice.address, at(5, [ZeroHash, CODEC.RAW, 0])), 'EmptyDigest');
    await expectRevert(hub.addRecords(f.alice.address, at(0, [randomKey(), 0x71, 0])), 'InvalidCodec', [0x71]);
    assert.equal(await ctx.hub().recordCount(f.alice.address), 0n);
  });
});
