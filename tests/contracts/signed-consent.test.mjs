import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { Signature, TypedDataEncoder, Wallet, keccak256, toBeHex } from 'ethers';
import {
  ALL,
  SCOPE,
  bit,
  emergencyGrantee,
  eventsOf,
  expectEvent,
  expectRevert,
  memberGrantee,
  randomBytesHex,
  randomKey,
  ROLE,
  enrol,
  send,
  useChain,
} from './helpers.mjs';
import { hubDomain, CONSENT_TYPES, REVOCATION_TYPES, REGISTRATION_TYPES } from '../../contracts/eip712.mjs';

const hooks = { before, after, beforeEach, afterEach };
const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

function domainOf(ctx, overrides = {}) {
  return { ...hubDomain(ctx.chainId, ctx.addresses.EhrHub), ...overrides };
}

/**
 * Builds a signed consent; `signer` defaults to the patient. The serial defaults to the grant's
 * serial on chain now (what the patient's page signs under).
 */
async function signConsent(ctx, patient, fields = {}, { signer = patient, domain = domainOf(ctx) } = {}) {
  const wrappedKeys = fields.wrappedKeys ?? randomBytesHex(80);
  const msg = {
    patient: patient.address,
    grantee: fields.grantee,
    scopes: fields.scopes ?? bit(SCOPE.LABS),
    expiry: fields.expiry ?? 0,
    wrappedKeysHash: keccak256(wrappedKeys),
    serial: fields.serial ?? Number(await ctx.hub().grantSerial(patient.address, fields.grantee)),
    nonce: fields.nonce ?? 1,
    deadline: fields.deadline ?? (await ctx.now()) + 3600,
  };
  const sig = Signature.from(await signer.signTypedData(domain, CONSENT_TYPES, msg));
  return { msg, wrappedKeys, v: sig.v, r: sig.r, s: sig.s };
}

function submitConsent(hub, c, { v = c.v, r = c.r, s = c.s, wrappedKeys = c.wrappedKeys, msg = c.msg } = {}) {
  return hub.grantAccessBySig(
    msg.patient,
    msg.grantee,
    msg.scopes,
    msg.expiry,
    wrappedKeys,
    msg.serial,
    msg.nonce,
    msg.deadline,
    v,
    r,
    s,
  );
}

describe('Signed consent (EIP-712)', () => {
  const s = useChain(hooks);

  it('exposes the EIP-712 domain', async () => {
    const { ctx } = s;
    const hub = ctx.hub();
    assert.equal(await hub.DOMAIN_SEPARATOR(), TypedDataEncoder.hashDomain(domainOf(ctx)));
    const d = await hub.eip712Domain();
    assert.equal(d.fields, '0x0f');
    assert.equal(d.name, 'EHR Hub');
    assert.equal(d.version, '1');
    assert.equal(d.chainId, BigInt(ctx.chainId));
    assert.equal(d.verifyingContract, ctx.addresses.EhrHub);
  });

  it('lets anyone submit a consent the patient signed', async () => {
    const { ctx, f } = s;
    const grantee = memberGrantee(f.doctor.address);
    const c = await signConsent(ctx, f.alice, { grantee, scopes: bit(SCOPE.LABS, SCOPE.NOTES), nonce: 42 });
    const r = await send(submitConsent(ctx.hub(f.outsider), c));
    const used = await expectEvent(r, 'NonceConsumed');
    assert.equal(used.patient, f.alice.address);
    assert.equal(used.nonce, 42n);
    assert.equal(used.submitter, f.outsider.address);
    const granted = await expectEvent(r, 'AccessGranted');
    assert.equal(granted.wrappedKeys, c.wrappedKeys);
    assert.equal(granted.scopes, BigInt(bit(SCOPE.LABS, SCOPE.NOTES)));
    assert.equal(await ctx.lens().hasAccess(f.alice.address, f.doctor.address, SCOPE.NOTES), true);
    assert.equal(await ctx.hub().nonceUsed(f.alice.address, 42), true);
    assert.equal(await ctx.hub().nonceUsed(f.alice.address, 41), false);
  });

  it('rejects a replayed signature', async () => {
    const { ctx, f } = s;
    const c = await signConsent(ctx, f.alice, { grantee: memberGrantee(f.doctor.address), nonce: 7 });
    await send(submitConsent(ctx.hub(f.outsider), c));
    await expectRevert(submitConsent(ctx.hub(f.outsider), c), 'NonceAlreadyUsed', [f.alice.address, 7]);
    await expectRevert(submitConsent(ctx.hub(f.doctor), c), 'NonceAlreadyUsed');
  });

  it('accepts unordered nonces', async () => {
    const { ctx, f } = s;
    const g = memberGrantee(f.doctor.address);
    const big = (1n << 255n) + 3n;
    for (const nonce of [300, 2, big, 0]) {
      await send(submitConsent(ctx.hub(f.outsider), await signConsent(ctx, f.alice, { grantee: g, nonce })));
      assert.equal(await ctx.hub().nonceUsed(f.alice.address, nonce), true);
    }
  });

  it('rejects a signature past its deadline', async () => {
    const { ctx, f } = s;
    const now = await ctx.now();
    const c = await signConsent(ctx, f.alice, { grantee: memberGrantee(f.doctor.address), deadline: now + 60 });
    await ctx.increaseTime(120);
    await expectRevert(submitConsent(ctx.hub(f.outsider), c), 'SignatureExpired', [now + 60]);
  });

  it('accepts a signature up to and including its deadline second', async () => {
    const { ctx, f } = s;
    const now = await ctx.now();
    const c = await signConsent(ctx, f.alice, { grantee: memberGrantee(f.doctor.address), deadline: now + 100 });
    await ctx.setNextTimestamp(now + 100);
    await send(submitConsent(ctx.hub(f.outsider), c, {}));
  });

  it('rejects a signature by another key, or over other data', async () => {
    const { ctx, f } = s;
    const g = memberGrantee(f.doctor.address);
    const forged = await signConsent(ctx, f.alice, { grantee: g }, { signer: f.bob });
    await expectRevert(submitConsent(ctx.hub(f.outsider), forged), 'WrongSigner', [f.bob.address, f.alice.address]);
    const c = await signConsent(ctx, f.alice, { grantee: g, scopes: bit(SCOPE.LABS) });
    const widened = { ...c.msg, scopes: bit(SCOPE.LABS, SCOPE.MENTAL_HEALTH) };
    const e1 = await expectRevert(submitConsent(ctx.hub(f.outsider), c, { msg: widened }), 'WrongSigner');
    assert.notEqual(e1.args.recovered, f.alice.address);
    await expectRevert(submitConsent(ctx.hub(f.outsider), c, { wrappedKeys: randomBytesHex(80) }), 'WrongSigner');
    await expectRevert(
      submitConsent(ctx.hub(f.outsider), c, { msg: { ...c.msg, grantee: memberGrantee(f.nurse.address) } }),
      'WrongSigner',
    );
  });

  it('rejects signatures for another chain or contract', async () => {
    const { ctx, f } = s;
    const g = memberGrantee(f.doctor.address);
    const otherChain = await signConsent(ctx, f.alice, { grantee: g }, { domain: domainOf(ctx, { chainId: 1 }) });
    await expectRevert(submitConsent(ctx.hub(f.outsider), otherChain), 'WrongSigner');
    const otherContract = await signConsent(
      ctx,
      f.alice,
      { grantee: g },
      { domain: domainOf(ctx, { verifyingContract: ctx.addresses.EhrLens }) },
    );
    await expectRevert(submitConsent(ctx.hub(f.outsider), otherContract), 'WrongSigner');
  });

  it('rejects the malleable high-s twin of a valid signature', async () => {
    const { ctx, f } = s;
    const c = await signConsent(ctx, f.alice, { grantee: memberGrantee(f.doctor.address) });
    const highS = toBeHex(N - BigInt(c.s), 32);
    const flippedV = c.v === 27 ? 28 : 27;
    await expectRevert(submitConsent(ctx.hub(f.outsider), c, { s: highS, v: flippedV }), 'MalleableSignature');
    await send(submitConsent(ctx.hub(f.outsider), c));
  });

  it('rejects v values other than 27 and 28', async () => {
    const { ctx, f } = s;
    const c = await signConsent(ctx, f.alice, { grantee: memberGrantee(f.doctor.address) });
    for (const v of [0, 1, 29]) {
      await expectRevert(submitConsent(ctx.hub(f.outsider), c, { v }), 'InvalidSignatureV', [v]);
    }
  });

  it('rejects a signature from which ecrecover recovers nobody', async () => {
    const { ctx, f } = s;
    const c = await signConsent(ctx, f.alice, { grantee: memberGrantee(f.doctor.address) });
    await expectRevert(
      submitConsent(ctx.hub(f.outsider), c, { r: toBeHex(0, 32), s: toBeHex(1, 32) }),
      'InvalidSignature',
    );
    // r equal to the curve order is out of range too.
    await expectRevert(submitConsent(ctx.hub(f.outsider), c, { r: toBeHex(N, 32) }), 'InvalidSignature');
  });

  it('still checks the grant itself', async () => {
    const { ctx, f } = s;
    const unregistered = Wallet.createRandom();
    const c1 = await signConsent(ctx, unregistered, { grantee: memberGrantee(f.doctor.address) });
    await expectRevert(submitConsent(ctx.hub(f.outsider), c1), 'PatientNotRegistered', [unregistered.address]);
    const c2 = await signConsent(ctx, f.alice, { grantee: memberGrantee(f.outsider.address) });
    await expectRevert(submitConsent(ctx.hub(f.outsider), c2), 'GranteeNotEligible');
    const c3 = await signConsent(ctx, f.alice, { grantee: memberGrantee(f.doctor.address), scopes: 0 });
    await expectRevert(submitConsent(ctx.hub(f.outsider), c3), 'EmptyScopes');
  });

  it('lets the patient cancel an unused nonce', async () => {
    const { ctx, f } = s;
    const c = await signConsent(ctx, f.alice, { grantee: memberGrantee(f.doctor.address), nonce: 9 });
    const r = await send(ctx.hub(f.alice).cancelNonce(9));
    const ev = await expectEvent(r, 'NonceConsumed');
    assert.equal(ev.submitter, f.alice.address);
    await expectRevert(submitConsent(ctx.hub(f.outsider), c), 'NonceAlreadyUsed', [f.alice.address, 9]);
    await expectRevert(ctx.hub(f.alice).cancelNonce(9), 'NonceAlreadyUsed', [f.alice.address, 9]);
  });

  it('registers a patient from a signed registration', async () => {
    const { ctx, f } = s;
    const patient = Wallet.createRandom();
    const encryptionKey = randomKey();
    const deadline = (await ctx.now()) + 600;
    const msg = { patient: patient.address, encryptionKey, nonce: 0, deadline };
    const sig = Signature.from(await patient.signTypedData(domainOf(ctx), REGISTRATION_TYPES, msg));
    const hub = ctx.hub(f.outsider);
    const r = await send(hub.registerPatientBySig(patient.address, encryptionKey, 0, deadline, sig.v, sig.r, sig.s));
    assert.deepEqual(
      (await eventsOf(r)).map((e) => e.name),
      ['NonceConsumed', 'PatientRegistered'],
    );
    assert.equal(await ctx.hub().patientKey(patient.address), encryptionKey);
    await expectRevert(
      hub.registerPatientBySig(patient.address, encryptionKey, 0, deadline, sig.v, sig.r, sig.s),
      'NonceAlreadyUsed',
    );
    const msg2 = { ...msg, nonce: 1 };
    const sig2 = Signature.from(await patient.signTypedData(domainOf(ctx), REGISTRATION_TYPES, msg2));
    await expectRevert(
      hub.registerPatientBySig(patient.address, encryptionKey, 1, deadline, sig2.v, sig2.r, sig2.s),
      'AlreadyRegistered',
      [patient.address],
    );
    const other = Wallet.createRandom();
    await expectRevert(
      hub.registerPatientBySig(other.address, encryptionKey, 1, deadline, sig2.v, sig2.r, sig2.s),
      'WrongSigner',
    );
  });

  it('revokes access from a signed revocation', async () => {
    const { ctx, f } = s;
    const g = memberGrantee(f.doctor.address);
    await send(ctx.hub(f.alice).grantAccess(g, bit(SCOPE.LABS, SCOPE.NOTES), 0, '0x'));
    const deadline = (await ctx.now()) + 600;
    const msg = { patient: f.alice.address, grantee: g, scopes: ALL, nonce: 5, deadline };
    const sig = Signature.from(await f.alice.signTypedData(domainOf(ctx), REVOCATION_TYPES, msg));
    const hub = ctx.hub(f.outsider);
    const r = await send(hub.revokeAccessBySig(f.alice.address, g, ALL, 5, deadline, sig.v, sig.r, sig.s));
    assert.deepEqual(
      (await eventsOf(r)).map((e) => e.name),
      ['NonceConsumed', 'AccessRevoked', 'EpochsAdvanced'],
    );
    assert.equal(await ctx.lens().hasAccess(f.alice.address, f.doctor.address, SCOPE.LABS), false);
    await expectRevert(
      hub.revokeAccessBySig(f.alice.address, g, ALL, 5, deadline, sig.v, sig.r, sig.s),
      'NonceAlreadyUsed',
    );
    await ctx.increaseTime(1200);
    const msg2 = { ...msg, nonce: 6 };
    const sig2 = Signature.from(await f.alice.signTypedData(domainOf(ctx), REVOCATION_TYPES, msg2));
    await expectRevert(
      hub.revokeAccessBySig(f.alice.address, g, ALL, 6, deadline, sig2.v, sig2.r, sig2.s),
      'SignatureExpired',
      [deadline],
    );
  });
});

describe('Signed consent: a code dies with the access it would restore', () => {
  const s = useChain(hooks);

  it('rejects a second code signed before a revocation; a code signed after it works', async () => {
    const { ctx, f } = s;
    const g = memberGrantee(f.doctor.address);
    const hub = ctx.hub();
    assert.equal(await hub.grantSerial(f.alice.address, g), 0n);
    const first = await signConsent(ctx, f.alice, { grantee: g, scopes: bit(SCOPE.LABS), nonce: 1 });
    const second = await signConsent(ctx, f.alice, { grantee: g, scopes: bit(SCOPE.LABS, SCOPE.NOTES), nonce: 2 });
    assert.equal(first.msg.serial, 0);
    assert.equal(second.msg.serial, 0);
    await send(submitConsent(ctx.hub(f.outsider), first));
    assert.equal(await hub.grantSerial(f.alice.address, g), 0n, 'granting is not an end');
    await send(ctx.hub(f.alice).revokeAccess(g, ALL));
    assert.equal(await hub.grantSerial(f.alice.address, g), 1n);
    await expectRevert(submitConsent(ctx.hub(f.outsider), second), 'StaleConsent', [f.alice.address, g, 0]);
    assert.equal(await hub.nonceUsed(f.alice.address, 2), false, 'the rejected code used no nonce');
    assert.equal(await ctx.lens().hasAccess(f.alice.address, f.doctor.address, SCOPE.LABS), false);
    // The patient signs again under the new serial.
    const third = await signConsent(ctx, f.alice, { grantee: g, scopes: bit(SCOPE.NOTES), nonce: 3 });
    assert.equal(third.msg.serial, 1);
    await send(submitConsent(ctx.hub(f.outsider), third));
    assert.equal(await hub.accessMask(f.alice.address, f.doctor.address), BigInt(bit(SCOPE.NOTES)));
    // A serial ahead of the chain is no better than one behind it.
    const ahead = await signConsent(ctx, f.alice, { grantee: g, nonce: 4, serial: 2 });
    await expectRevert(submitConsent(ctx.hub(f.outsider), ahead), 'StaleConsent', [f.alice.address, g, 2]);
  });

  it('counts partial revocations, narrowing and signed revocations as ends', async () => {
    const { ctx, f } = s;
    const g = memberGrantee(f.doctor.address);
    const hub = ctx.hub();
    const wide = await signConsent(ctx, f.alice, { grantee: g, scopes: bit(SCOPE.LABS, SCOPE.NOTES), nonce: 10 });
    const again = await signConsent(ctx, f.alice, { grantee: g, scopes: bit(SCOPE.LABS, SCOPE.NOTES), nonce: 11 });
    await send(submitConsent(ctx.hub(f.outsider), wide));
    await send(ctx.hub(f.alice).revokeAccess(g, bit(SCOPE.NOTES)));
    assert.equal(await hub.grantSerial(f.alice.address, g), 1n, 'partial revocation');
    await expectRevert(submitConsent(ctx.hub(f.outsider), again), 'StaleConsent', [f.alice.address, g, 0]);
    await send(ctx.hub(f.alice).grantAccess(g, bit(SCOPE.LABS, SCOPE.IMAGING), 0, '0x'));
    assert.equal(await hub.grantSerial(f.alice.address, g), 1n, 'widening');
    await send(ctx.hub(f.alice).grantAccess(g, bit(SCOPE.IMAGING), 0, '0x'));
    assert.equal(await hub.grantSerial(f.alice.address, g), 2n, 'narrowing');
    const deadline = (await ctx.now()) + 600;
    const msg = { patient: f.alice.address, grantee: g, scopes: ALL, nonce: 12, deadline };
    const sig = Signature.from(await f.alice.signTypedData(domainOf(ctx), REVOCATION_TYPES, msg));
    await send(ctx.hub(f.outsider).revokeAccessBySig(f.alice.address, g, ALL, 12, deadline, sig.v, sig.r, sig.s));
    assert.equal(await hub.grantSerial(f.alice.address, g), 3n, 'signed revocation');
    assert.equal(await hub.grantSerial(f.bob.address, g), 0n, 'serials are per patient');
  });

  it('rejects a code signed before an expiry: unsettled, then stale after settleAccess', async () => {
    const { ctx, f } = s;
    const g = memberGrantee(f.doctor.address);
    const hub = ctx.hub();
    const now = await ctx.now();
    const short = await signConsent(ctx, f.alice, { grantee: g, expiry: now + 100, nonce: 20, deadline: now + 10000 });
    const later = await signConsent(ctx, f.alice, { grantee: g, nonce: 21, deadline: now + 10000 });
    await send(submitConsent(ctx.hub(f.outsider), short));
    await ctx.increaseTime(200);
    assert.equal(await ctx.lens().hasAccess(f.alice.address, f.doctor.address, SCOPE.LABS), false);
    await expectRevert(submitConsent(ctx.hub(f.outsider), later), 'AccessNotSettled', [f.alice.address, g]);
    const r = await send(ctx.hub(f.outsider).settleAccess(f.alice.address));
    assert.equal((await expectEvent(r, 'AccessExpired')).grantee, g);
    assert.equal(await hub.grantSerial(f.alice.address, g), 1n);
    await expectRevert(submitConsent(ctx.hub(f.outsider), later), 'StaleConsent', [f.alice.address, g, 0]);
    const fresh = await signConsent(ctx, f.alice, { grantee: g, nonce: 22 });
    assert.equal(fresh.msg.serial, 1);
    await send(submitConsent(ctx.hub(f.outsider), fresh));
    assert.equal(await ctx.lens().hasAccess(f.alice.address, f.doctor.address, SCOPE.LABS), true);
  });

  it('rejects a code signed before processExpiry or before a member left', async () => {
    const { ctx, f } = s;
    const g = memberGrantee(f.nurse.address);
    const hub = ctx.hub();
    const now = await ctx.now();
    const short = await signConsent(ctx, f.bob, { grantee: g, expiry: now + 50, nonce: 1, deadline: now + 10000 });
    const later = await signConsent(ctx, f.bob, { grantee: g, nonce: 2, deadline: now + 10000 });
    await send(submitConsent(ctx.hub(f.outsider), short));
    await ctx.increaseTime(100);
    await send(ctx.hub(f.outsider).processExpiry(f.bob.address, g));
    await expectRevert(submitConsent(ctx.hub(f.outsider), later), 'StaleConsent', [f.bob.address, g, 0]);
    // A member who left: the old grant ends when settled, and a code signed before cannot restore it.
    const d = memberGrantee(f.doctor.address);
    const granted = await signConsent(ctx, f.bob, { grantee: d, nonce: 3, deadline: now + 10000 });
    const kept = await signConsent(ctx, f.bob, { grantee: d, nonce: 4, deadline: now + 10000 });
    await send(submitConsent(ctx.hub(f.outsider), granted));
    await send(ctx.hub(f.hospitalAdmin).removeMember(f.hospital, f.doctor.address));
    await enrol(ctx, f.hospitalAdmin, f.hospital, f.doctor, ROLE.DOCTOR);
    await expectRevert(submitConsent(ctx.hub(f.outsider), kept), 'AccessNotSettled', [f.bob.address, d]);
    await send(ctx.hub(f.outsider).settleAccess(f.bob.address));
    await expectRevert(submitConsent(ctx.hub(f.outsider), kept), 'StaleConsent', [f.bob.address, d, 0]);
    assert.equal(await hub.accessMask(f.bob.address, f.doctor.address), 0n);
  });

  it('cannot create an emergency authorisation', async () => {
    const { ctx, f } = s;
    const g = emergencyGrantee(f.hospital);
    const c = await signConsent(ctx, f.alice, { grantee: g, nonce: 30 });
    await expectRevert(submitConsent(ctx.hub(f.outsider), c), 'InvalidGrantee', [g]);
    assert.equal(await ctx.hub().emergencyScopes(f.alice.address, f.hospital), 0n);
  });
});
