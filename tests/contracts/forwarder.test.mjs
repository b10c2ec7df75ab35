// Relayed calls (EhrForwarder, contracts/README.md "Relayed calls"): a patient holding no ETH signs
// EIP-712 forward requests and others submit them; every check of a direct call still applies,
// and a forwarded call leaves exactly the state and events of a direct one.

import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { Contract, ContractFactory, Interface, Signature, Wallet, ZeroAddress, toBeHex } from 'ethers';
import { readArtifact } from '../../contracts/build.mjs';
import { hubDomain, REGISTRATION_TYPES } from '../../contracts/eip712.mjs';
import {
  ALL,
  CODEC,
  SCOPE,
  bit,
  combinedInterface,
  expectEvent,
  forwarderDomain,
  memberGrantee,
  randomKey,
  send,
  signForward,
  useChain,
} from './helpers.mjs';

const hooks = { before, after, beforeEach, afterEach };

const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

let fwdAbi;
let errors;
/** Every custom error of the forwarder and the contracts it calls. */
async function errorInterface() {
  if (!errors) {
    fwdAbi = (await readArtifact('EhrForwarder')).abi;
    const hub = await combinedInterface();
    const seen = new Set();
    const fragments = [];
    for (const f of [...fwdAbi, ...hub.fragments.map((x) => JSON.parse(x.format('json')))]) {
      if (f.type !== 'error' || seen.has(f.name)) continue;
      seen.add(f.name);
      fragments.push(f);
    }
    errors = new Interface(fragments);
  }
  return errors;
}

function revertData(err) {
  const stack = [err];
  const seen = new Set();
  while (stack.length) {
    const e = stack.pop();
    if (!e || typeof e !== 'object' || seen.has(e)) continue;
    seen.add(e);
    if (typeof e.data === 'string' && e.data.startsWith('0x')) return e.data;
    for (const k of ['data', 'error', 'info', 'cause']) if (e[k] && typeof e[k] === 'object') stack.push(e[k]);
  }
  return undefined;
}

/** Awaits a call that must revert with custom error `name` (forwarder or hub), args optional. */
async function refused(promise, name, args) {
  let err;
  try {
    const tx = await promise;
    if (tx?.wait) await tx.wait();
  } catch (e) {
    err = e;
  }
  assert.ok(err, `expected ${name}, but it succeeded`);
  const data = revertData(err);
  assert.ok(data && data !== '0x', `expected ${name}, got ${err.shortMessage ?? err.message}`);
  const parsed = (await errorInterface()).parseError(data);
  assert.equal(parsed?.name, name);
  if (args)
    assert.deepEqual(
      [...parsed.args].map((v) => (typeof v === 'string' ? v.toLowerCase() : v)),
      args.map((v) => (typeof v === 'string' ? v.toLowerCase() : typeof v === 'number' ? BigInt(v) : v)),
    );
  return parsed;
}

describe('EhrForwarder: relayed calls for patients without ETH', () => {
  const s = useChain(hooks);
  let fwd;
  let hubIface;
  let apptIface;

  before(async () => {
    await errorInterface();
    hubIface = new Interface((await readArtifact('EhrHub')).abi);
    apptIface = new Interface((await readArtifact('EhrAppointments')).abi);
    fwd = (signer) => new Contract(s.ctx.addresses.EhrForwarder, fwdAbi, signer ?? s.ctx.provider);
  });

  const domain = (overrides = {}) => forwarderDomain(s.ctx, overrides);

  /** A request signed by `signer` (defaults: from the signer, to the hub, a fresh nonce, an hour). */
  const sign = (signer, fields, options) => signForward(s.ctx, signer, fields, options);

  /** Signs a hub (or book) call as `signer` and submits it from `relayer`; returns the receipt. */
  async function relay(signer, fn, args, { relayer = s.f.doctor, to = 'EhrHub', ...fields } = {}) {
    const iface = to === 'EhrAppointments' ? apptIface : hubIface;
    const { req, signature } = await sign(signer, {
      to: s.ctx.addresses[to],
      data: iface.encodeFunctionData(fn, args),
      ...fields,
    });
    return send(fwd(relayer).execute(req, signature));
  }

  const zeroEth = () => Wallet.createRandom().connect(s.ctx.provider);

  it('is wired at deployment: the hub and the book trust it, it calls only them', async () => {
    const { ctx } = s;
    assert.deepEqual([...(await fwd().targets())], [ctx.addresses.EhrHub, ctx.addresses.EhrAppointments]);
    assert.equal(await ctx.hub().trustedForwarder(), ctx.addresses.EhrForwarder);
    assert.equal(await ctx.appointments().trustedForwarder(), ctx.addresses.EhrForwarder);
    const [fields, name, version, chainId, verifyingContract] = await fwd().eip712Domain();
    assert.deepEqual(
      [fields, name, version, Number(chainId), verifyingContract],
      ['0x0f', 'EHR Forwarder', '1', ctx.chainId, ctx.addresses.EhrForwarder],
    );
    const { TypedDataEncoder } = await import('ethers');
    assert.equal(await fwd().DOMAIN_SEPARATOR(), TypedDataEncoder.hashDomain(domain()));
    const art = await readArtifact('EhrForwarder');
    const factory = new ContractFactory(art.abi, art.bytecode, s.f.outsider);
    await refused(factory.deploy(ZeroAddress, ctx.addresses.EhrAppointments), 'ZeroAddress');
  });

  it('a patient with 0 ETH registers, records, grants, revokes, settles, links family, books and rotates', async () => {
    const { ctx, f } = s;
    const p = zeroEth();
    assert.equal(await ctx.provider.getBalance(p.address), 0n);
    const hub = ctx.hub();

    const reg = await relay(p, 'registerPatient', [randomKey()]);
    assert.equal((await expectEvent(reg, 'PatientRegistered')).patient, p.address);
    assert.equal(await hub.isPatient(p.address), true);

    await relay(p, 'addRecord', [p.address, randomKey(), CODEC.RAW, SCOPE.LABS], { relayer: f.hospitalAdmin });
    assert.equal(await hub.recordCount(p.address), 1n);
    const [, , , author] = await hub.record(p.address, 1);
    assert.equal(author, p.address, 'the signer is the author');

    const doc = memberGrantee(f.doctor.address);
    await relay(p, 'grantAccess', [doc, bit(SCOPE.LABS, SCOPE.NOTES), 0, '0x1234']);
    assert.equal(Number(await hub.accessMask(p.address, f.doctor.address)), bit(SCOPE.LABS, SCOPE.NOTES));
    await relay(p, 'revokeAccess', [doc, bit(SCOPE.NOTES)]);
    assert.equal(Number(await hub.accessMask(p.address, f.doctor.address)), bit(SCOPE.LABS));

    // An expiring grant ends; the patient settles it (anyone could; here the patient's signature).
    const nurse = memberGrantee(f.nurse.address);
    await relay(p, 'grantAccess', [nurse, bit(SCOPE.VITALS), (await ctx.now()) + 100, '0x']);
    await ctx.increaseTime(200);
    const settled = await relay(p, 'settleAccess', [p.address]);
    const ended = await expectEvent(settled, 'AccessExpired');
    assert.equal(ended[0], p.address);
    assert.equal(ended[ended.length - 1], p.address, 'settled by the signer');

    await relay(p, 'proposeFamilyLink', [f.alice.address, 1]);
    await send(hub.connect(f.alice).confirmFamilyLink(p.address, 1));
    await relay(p, 'dissolveFamilyLink', [f.alice.address]);

    const start = (await ctx.now()) + 86400;
    const booked = await relay(p, 'requestAppointment', [memberGrantee(f.doctor.address), start, 1800], {
      to: 'EhrAppointments',
    });
    assert.equal((await expectEvent(booked, 'AppointmentRequested')).patient, p.address);
    assert.equal((await ctx.appointments().appointment(1)).patient, p.address);

    await relay(p, 'rotatePatientKey', [randomKey()]);
    assert.equal(await hub.patientKeyVersion(p.address), 2n);

    assert.equal(await ctx.provider.getBalance(p.address), 0n, 'the patient paid nothing');
  });

  it('emits ExecutedForwardRequest with signer, target, nonce, function and submitter', async () => {
    const { ctx, f } = s;
    const p = zeroEth();
    const { req, signature } = await sign(p, { data: hubIface.encodeFunctionData('registerPatient', [randomKey()]) });
    const receipt = await send(fwd(f.labTech).execute(req, signature));
    const iface = new Interface(fwdAbi);
    const logs = receipt.logs.filter((l) => l.address === ctx.addresses.EhrForwarder).map((l) => iface.parseLog(l));
    assert.equal(logs.length, 1);
    assert.equal(logs[0].name, 'ExecutedForwardRequest');
    assert.deepEqual(
      [...logs[0].args],
      [p.address, ctx.addresses.EhrHub, req.nonce, hubIface.getFunction('registerPatient').selector, f.labTech.address],
    );
    assert.equal(await fwd().nonceUsed(p.address, req.nonce), true);
    const word = await fwd().nonceBitmap(p.address, req.nonce >> 8n);
    assert.equal((word >> (req.nonce & 0xffn)) & 1n, 1n);
  });

  it('gives a direct and a forwarded call identical state and events', async () => {
    const { ctx, f } = s;
    const alice = f.alice;
    const digest = randomKey();
    const wrapped = randomKey();
    const run = async (forwarded) => {
      const snap = await ctx.snapshot();
      const t = (await ctx.now()) + 1000;
      const out = [];
      const steps = [
        ['grantAccess', [memberGrantee(f.doctor.address), bit(SCOPE.LABS), 0, wrapped]],
        ['addRecord', [alice.address, digest, CODEC.RAW, SCOPE.LABS]],
        ['revokeAccess', [memberGrantee(f.doctor.address), ALL]],
      ];
      for (const [i, [fn, args]] of steps.entries()) {
        await ctx.setNextTimestamp(t + i * 10);
        const receipt = forwarded
          ? await relay(alice, fn, args, { deadline: BigInt(t + 3600) })
          : await send(ctx.hub(alice)[fn](...args));
        out.push(
          receipt.logs
            .filter((l) => l.address === ctx.addresses.EhrHub)
            .map((l) => ({ topics: l.topics, data: l.data })),
        );
      }
      const lens = ctx.lens();
      out.push({
        record: [...(await ctx.hub().record(alice.address, 1))].map(String),
        epochs: [...(await ctx.hub().epochs(alice.address))].map(String),
        serial: String(await ctx.hub().grantSerial(alice.address, memberGrantee(f.doctor.address))),
        count: String(await lens.grantCount(alice.address)),
      });
      await ctx.revert(snap);
      return out;
    };
    const direct = await run(false);
    const relayed = await run(true);
    assert.deepEqual(relayed, direct);
  });

  it('refuses a replayed request (same nonce) and a cancelled nonce', async () => {
    const { f } = s;
    const p = zeroEth();
    const { req, signature } = await sign(p, { data: hubIface.encodeFunctionData('registerPatient', [randomKey()]) });
    await send(fwd(f.doctor).execute(req, signature));
    await refused(fwd(f.nurse).execute(req, signature), 'NonceAlreadyUsed', [p.address, req.nonce]);
    // The same nonce on another request is spent too.
    const again = await sign(p, {
      nonce: req.nonce,
      data: hubIface.encodeFunctionData('rotatePatientKey', [randomKey()]),
    });
    await refused(fwd(f.nurse).execute(again.req, again.signature), 'NonceAlreadyUsed');

    // A funded signer voids a request it handed out.
    const alice = f.alice;
    const handed = await sign(alice, { data: hubIface.encodeFunctionData('rotatePatientKey', [randomKey()]) });
    const receipt = await send(fwd(alice).cancelNonce(handed.req.nonce));
    const log = new Interface(fwdAbi).parseLog(receipt.logs[0]);
    assert.deepEqual([log.name, ...log.args], ['NonceCancelled', alice.address, handed.req.nonce]);
    await refused(fwd(f.doctor).execute(handed.req, handed.signature), 'NonceAlreadyUsed');
    await refused(fwd(alice).cancelNonce(handed.req.nonce), 'NonceAlreadyUsed');
  });

  it('refuses an expired deadline', async () => {
    const { ctx, f } = s;
    const deadline = BigInt((await ctx.now()) + 60);
    const { req, signature } = await sign(f.alice, {
      deadline,
      data: hubIface.encodeFunctionData('rotatePatientKey', [randomKey()]),
    });
    await ctx.increaseTime(120);
    await refused(fwd(f.doctor).execute(req, signature), 'SignatureExpired', [deadline]);
  });

  it('refuses a signature over another domain (chain id, contract) and a from that did not sign', async () => {
    const { ctx, f } = s;
    const data = hubIface.encodeFunctionData('rotatePatientKey', [randomKey()]);
    for (const d of [
      domain({ chainId: 1 }),
      domain({ verifyingContract: ctx.addresses.EhrHub }),
      domain({ name: 'EHR Hub' }),
      hubDomain(ctx.chainId, ctx.addresses.EhrForwarder),
    ]) {
      const { req, signature } = await sign(f.alice, { data }, { domain: d });
      const err = await refused(fwd(f.doctor).execute(req, signature), 'WrongSigner');
      assert.equal(err.args[1], f.alice.address);
    }
    // Bob signs a request naming Alice as its signer.
    const { req, signature } = await sign(f.alice, { data }, { key: f.bob });
    await refused(fwd(f.doctor).execute(req, signature), 'WrongSigner', [f.bob.address, f.alice.address]);
    // The hub's own registration type under the forwarder's domain is not a forward request either.
    const reg = await f.alice.signTypedData(domain(), REGISTRATION_TYPES, {
      patient: f.alice.address,
      encryptionKey: randomKey(),
      nonce: 1,
      deadline: (await ctx.now()) + 60,
    });
    const other = await sign(f.alice, { data });
    await refused(fwd(f.doctor).execute(other.req, reg), 'WrongSigner');
  });

  it('refuses tampered fields', async () => {
    const { ctx, f } = s;
    const { req, signature } = await sign(f.alice, {
      data: hubIface.encodeFunctionData('grantAccess', [memberGrantee(f.doctor.address), bit(SCOPE.LABS), 0, '0x']),
    });
    const tampered = [
      { data: hubIface.encodeFunctionData('grantAccess', [memberGrantee(f.doctor.address), ALL, 0, '0x']) },
      { gas: req.gas + 1n },
      { deadline: req.deadline + 1n },
      { nonce: req.nonce + 1n },
      { to: ctx.addresses.EhrAppointments },
    ];
    for (const change of tampered) {
      await refused(fwd(f.doctor).execute({ ...req, ...change }, signature), 'WrongSigner');
    }
    assert.equal(Number(await ctx.hub().accessMask(f.alice.address, f.doctor.address)), 0);
    // Malformed signatures.
    const sig = Signature.from(signature);
    const raw = (r, s2, v) => `0x${r.slice(2)}${s2.slice(2)}${v.toString(16).padStart(2, '0')}`;
    const high = raw(sig.r, toBeHex(N - BigInt(sig.s), 32), sig.v === 27 ? 28 : 27);
    await refused(fwd(f.doctor).execute(req, high), 'MalleableSignature');
    await refused(fwd(f.doctor).execute(req, raw(sig.r, sig.s, 29)), 'InvalidSignatureV', [29]);
    await refused(fwd(f.doctor).execute(req, signature.slice(0, 128)), 'InvalidSignature');
    await refused(fwd(f.doctor).execute(req, raw(toBeHex(0, 32), sig.s, sig.v)), 'InvalidSignature');
    await send(fwd(f.doctor).execute(req, signature));
    assert.equal(Number(await ctx.hub().accessMask(f.alice.address, f.doctor.address)), bit(SCOPE.LABS));
  });

  it('refuses a target outside the hub and the book, ETH, the signature-based hub functions and recordSuccession', async () => {
    const { ctx, f } = s;
    const data = hubIface.encodeFunctionData('rotatePatientKey', [randomKey()]);
    for (const to of [ctx.addresses.EhrLens, f.alice.address]) {
      const { req, signature } = await sign(f.alice, { to, data });
      await refused(fwd(f.doctor).execute(req, signature), 'ForwardTargetNotAllowed', [to]);
    }
    // The forwarder itself takes only its four recovery functions (tests/contracts/recovery.test.mjs).
    const fwdIface = new Interface(fwdAbi);
    const own = [
      data,
      fwdIface.encodeFunctionData('cancelNonce', [1]),
      `${fwdIface.getFunction('execute').selector}${'00'.repeat(64)}`,
      '0x',
    ];
    for (const d of own) {
      const { req, signature } = await sign(f.alice, { to: ctx.addresses.EhrForwarder, data: d });
      await refused(fwd(f.doctor).execute(req, signature), 'ForwardFunctionNotAllowed', [
        d.length >= 10 ? d.slice(0, 10) : '0x00000000',
      ]);
    }
    const paid = await sign(f.alice, { value: 1n, data });
    await refused(fwd(f.doctor).execute(paid.req, paid.signature), 'ForwardValueNotZero', [1]);
    const bySig = hubIface.encodeFunctionData('registerPatientBySig', [
      f.alice.address,
      randomKey(),
      1,
      1,
      27,
      randomKey(),
      randomKey(),
    ]);
    const nested = await sign(f.alice, { data: bySig });
    await refused(fwd(f.doctor).execute(nested.req, nested.signature), 'ForwardFunctionNotAllowed', [
      hubIface.getFunction('registerPatientBySig').selector,
    ]);
    for (const fn of ['grantAccessBySig', 'revokeAccessBySig']) {
      const sel = hubIface.getFunction(fn).selector;
      const r = await sign(f.alice, { data: `${sel}${'00'.repeat(64)}` });
      await refused(fwd(f.doctor).execute(r.req, r.signature), 'ForwardFunctionNotAllowed', [sel]);
    }
    // The hub and the book take recordSuccession from the forwarder itself only: forwarded, anyone
    // could name itself the successor of any chart (tests/contracts/recovery.test.mjs).
    const succession = hubIface.encodeFunctionData('recordSuccession', [f.bob.address, f.alice.address, f.bob.address]);
    for (const to of [ctx.addresses.EhrHub, ctx.addresses.EhrAppointments]) {
      const r = await sign(f.alice, { to, data: succession });
      await refused(fwd(f.doctor).execute(r.req, r.signature), 'ForwardFunctionNotAllowed', [succession.slice(0, 10)]);
    }
  });

  it('keeps the checks of a direct call: a forwarded call fails as the direct one would', async () => {
    const { f } = s;
    const p = zeroEth();
    // Not registered: the hub's own error comes back through the forwarder, and the nonce stays unused.
    const { req, signature } = await sign(p, {
      data: hubIface.encodeFunctionData('addRecord', [p.address, randomKey(), CODEC.RAW, SCOPE.LABS]),
    });
    await refused(fwd(f.doctor).execute(req, signature), 'PatientNotRegistered');
    assert.equal(await fwd().nonceUsed(p.address, req.nonce), false);
    // A patient cannot write another's chart through the forwarder either.
    const other = await sign(f.alice, {
      data: hubIface.encodeFunctionData('addRecord', [f.bob.address, randomKey(), CODEC.RAW, SCOPE.LABS]),
    });
    await refused(fwd(f.doctor).execute(other.req, other.signature), 'NotMember', [f.alice.address]);
    // An address appended by hand, outside the forwarder, is ignored: the caller acts.
    const data = hubIface.encodeFunctionData('addRecord', [f.alice.address, randomKey(), CODEC.RAW, SCOPE.NOTES]);
    await refused(
      f.doctor.sendTransaction({ to: s.ctx.addresses.EhrHub, data: `${data}${f.alice.address.slice(2)}` }),
      'NoAccess',
      [f.alice.address, f.doctor.address, SCOPE.NOTES],
    );
  });

  it('refuses a submission that gives the forwarded call less gas than signed', async () => {
    const { ctx, f } = s;
    const data = hubIface.encodeFunctionData('addRecord', [f.alice.address, randomKey(), CODEC.RAW, SCOPE.LABS]);
    const need = await ctx.provider.estimateGas({
      from: ctx.addresses.EhrForwarder,
      to: ctx.addresses.EhrHub,
      data: `${data}${f.alice.address.slice(2)}`,
    });
    const { req, signature } = await sign(f.alice, { data, gas: need });
    const callData = new Interface(fwdAbi).encodeFunctionData('execute', [req, signature]);
    const full = await ctx.provider.estimateGas({
      from: f.doctor.address,
      to: ctx.addresses.EhrForwarder,
      data: callData,
    });
    // Walk the submitter's gas limit down until the forwarded call is starved.
    let starved;
    for (let limit = full; limit > full - need; limit -= 500n) {
      try {
        await ctx.provider.call({
          from: f.doctor.address,
          to: ctx.addresses.EhrForwarder,
          data: callData,
          gasLimit: limit,
        });
      } catch (e) {
        const d = revertData(e);
        const parsed = d && d !== '0x' ? (await errorInterface()).parseError(d) : null;
        if (parsed?.name === 'InsufficientForwardGas') {
          starved = limit;
          break;
        }
      }
    }
    assert.ok(starved, 'some gas limit starves the forwarded call');
    await refused(
      ctx.provider.call({ from: f.doctor.address, to: ctx.addresses.EhrForwarder, data: callData, gasLimit: starved }),
      'InsufficientForwardGas',
      [need],
    );
    // Mined with that limit, the transaction fails as a whole: no record, the nonce still unused.
    const tx = await fwd(f.doctor).execute(req, signature, { gasLimit: starved });
    const receipt = await ctx.provider.waitForTransaction(tx.hash);
    assert.equal(receipt.status, 0);
    assert.equal(await ctx.hub().recordCount(f.alice.address), 0n);
    assert.equal(await fwd().nonceUsed(f.alice.address, req.nonce), false);
    // With enough gas the same signed request goes through.
    await send(fwd(f.doctor).execute(req, signature));
    assert.equal(await ctx.hub().recordCount(f.alice.address), 1n);
  });
});
