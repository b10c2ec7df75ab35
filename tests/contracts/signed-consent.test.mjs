import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { Signature, TypedDataEncoder, Wallet, keccak256, toBeHex } from 'ethers';
import {
  ALL,
  SCOPE,
  bit,
  eventsOf,
  expectEvent,
  expectRevert,
  memberGrantee,
  randomBytesHex,
  randomKey,
  send,
  useChain,
} from './helpers.mjs';
import { hubDomain, CONSENT_TYPES, REVOCATION_TYPES, REGISTRATION_TYPES } from '../../contracts/eip712.mjs';

const hooks = { before, after, beforeEach, afterEach };
const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

function domainOf(ctx, overrides = {}) {
  return { ...hubDomain(ctx.chainId, ctx.addresses.EhrHub), ...overrides };
}

/** Builds a signed consent; `signer` defaults to the patient. */
async function signConsent(ctx, patient, fields = {}, { signer = patient, domain = domainOf(ctx) } = {}) {
  const wrappedKeys = fields.wrappedKeys ?? randomBytesHex(80);
  const msg = {
    patient: patient.address,
    grantee: fields.grantee,
    scopes: fields.scopes ?? bit(SCOPE.LABS),
    expiry: fields.expiry ?? 0,
    wrappedKeysHash: keccak256(wrappedKeys),
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
    assert.equal(await ctx.hub().hasAccess(f.alice.address, f.doctor.address, SCOPE.NOTES), true);
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
    await expectRevert(submitConsent(ctx.hub(f.outsider), c, { r: toBeHex(0, 32), s: toBeHex(1, 32) }), 'InvalidSignature');
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
    assert.deepEqual((await eventsOf(r)).map((e) => e.name), ['NonceConsumed', 'PatientRegistered']);
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
    assert.deepEqual((await eventsOf(r)).map((e) => e.name), ['NonceConsumed', 'AccessRevoked', 'EpochsAdvanced']);
    assert.equal(await ctx.hub().hasAccess(f.alice.address, f.doctor.address, SCOPE.LABS), false);
    await expectRevert(hub.revokeAccessBySig(f.alice.address, g, ALL, 5, deadline, sig.v, sig.r, sig.s), 'NonceAlreadyUsed');
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
