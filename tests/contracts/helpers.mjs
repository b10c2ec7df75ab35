// Shared set-up for the contract suites: a fresh anvil, the contracts deployed with
// contracts/deploy.mjs, funded wallets, custom-error assertions and time travel.

import assert from 'node:assert/strict';
import { Contract, Interface, JsonRpcProvider, Wallet, hexlify, randomBytes, toBeHex, zeroPadValue } from 'ethers';
import { readArtifact } from '../../contracts/build.mjs';
import { deploy } from '../../contracts/deploy.mjs';
import { startAnvil } from './anvil.mjs';
import { waitReceipt } from '../../contracts/tx.mjs';

/** Scope bit indexes (see contracts/README.md). */
export const SCOPE = {
  LABS: 0,
  IMAGING: 1,
  PRESCRIPTIONS: 2,
  NOTES: 3,
  MENTAL_HEALTH: 4,
  FAMILY_HISTORY: 5,
  IMMUNIZATIONS: 6,
  ALLERGIES: 7,
  VITALS: 8,
  SEXUAL_HEALTH: 9,
  SUBSTANCE_USE: 10,
  GENETICS: 11,
  BILLING: 12,
  ENCOUNTERS: 13,
  PROCEDURES: 14,
  CARE_PLANS: 15,
};
export const bit = (...scopes) => scopes.reduce((m, s) => m | (1 << s), 0) >>> 0;
export const ALL = 0xffffffff;

export const KIND = { HOSPITAL: 1, LAB: 2, INSURER: 3, PHARMACY: 4 };
export const ROLE = { DOCTOR: 1, NURSE: 2, LAB_TECHNICIAN: 3 };
export const CODEC = { RAW: 0x55, DAG_PB: 0x70 };

export const memberGrantee = (address) => zeroPadValue(address, 32);
export const institutionGrantee = (id) => toBeHex((1n << 160n) | BigInt(id), 32);
export const emergencyGrantee = (id) => toBeHex((2n << 160n) | BigInt(id), 32);
export const randomKey = () => hexlify(randomBytes(32));
export const randomBytesHex = (n) => hexlify(randomBytes(n));

let errorInterface;
/** An Interface holding every custom error and event of all deployed contracts (the forwarder's too). */
export async function combinedInterface() {
  if (!errorInterface) {
    const seen = new Set();
    const fragments = [];
    for (const name of ['EhrHub', 'EhrAppointments', 'EhrLens', 'EhrForwarder']) {
      for (const f of (await readArtifact(name)).abi) {
        if (f.type !== 'error' && f.type !== 'event') continue;
        const key = `${f.type}:${f.name}`;
        if (seen.has(key)) continue;
        seen.add(key);
        fragments.push(f);
      }
    }
    errorInterface = new Interface(fragments);
  }
  return errorInterface;
}

function findRevertData(err) {
  const seen = new Set();
  const stack = [err];
  while (stack.length) {
    const e = stack.pop();
    if (!e || typeof e !== 'object' || seen.has(e)) continue;
    seen.add(e);
    if (typeof e.data === 'string' && e.data.startsWith('0x')) return e.data;
    for (const k of ['data', 'error', 'info', 'cause']) if (e[k] && typeof e[k] === 'object') stack.push(e[k]);
  }
  return undefined;
}

/** Decodes the custom error carried by a failed call or transaction, or returns undefined. */
export async function decodeRevert(err) {
  const data = findRevertData(err);
  if (!data || data === '0x') return undefined;
  const iface = await combinedInterface();
  try {
    return iface.parseError(data);
  } catch {
    return { name: `<unknown ${data.slice(0, 10)}>`, args: [] };
  }
}

const normalize = (v) => (typeof v === 'bigint' ? v : typeof v === 'string' ? v.toLowerCase() : v);

/**
 * Awaits a call or transaction that must revert with the custom error `name` (and, if given, args).
 * @returns the parsed error
 */
export async function expectRevert(promise, name, args) {
  let err;
  try {
    const r = await promise;
    if (r && typeof r.wait === 'function') await waitReceipt(r);
  } catch (e) {
    err = e;
  }
  if (!err) assert.fail(`expected a revert with ${name}, but the call succeeded`);
  const parsed = await decodeRevert(err);
  if (!parsed)
    assert.fail(`expected ${name}, got a revert without custom error data: ${err.shortMessage ?? err.message}`);
  assert.equal(parsed.name, name, `expected custom error ${name}, got ${parsed.name}`);
  if (args) {
    assert.deepEqual(
      [...parsed.args].map(normalize),
      args.map((a) => normalize(typeof a === 'number' ? BigInt(a) : a)),
      `arguments of ${name}`,
    );
  }
  return parsed;
}

/** Sends `calls` (functions returning a transaction promise) so that they are all mined in one block. */
export async function inOneBlock(ctx, calls) {
  await ctx.anvil.rpc('evm_setAutomine', [false]);
  let txs;
  try {
    txs = [];
    for (const c of calls) txs.push(await c());
    await ctx.anvil.rpc('evm_mine', []);
  } finally {
    await ctx.anvil.rpc('evm_setAutomine', [true]);
  }
  const receipts = await Promise.all(txs.map((t) => t.wait()));
  assert.equal(new Set(receipts.map((r) => r.blockNumber)).size, 1, 'mined in one block');
  for (const r of receipts) assert.equal(r.status, 1);
  return receipts;
}

/**
 * The parsed logs of `event` matching `topics` in blocks from..to of a contract (the hub unless
 * `contract` says), oldest first, each with its block and log index.
 */
export async function logsOf(ctx, event, topics, from, to, { contract = 'EhrHub' } = {}) {
  const iface = await combinedInterface();
  const logs = await ctx.provider.getLogs({
    address: ctx.addresses[contract],
    fromBlock: from,
    toBlock: to,
    topics: [iface.getEvent(event).topicHash, ...topics],
  });
  return logs.map((l) => ({ ...iface.parseLog(l).args.toObject(), block: l.blockNumber, index: l.index }));
}

/**
 * What a reader of a block-pointer list finds from its newest block `head`: one log query of
 * `event` with `topics` per block (fromBlock = toBlock), keeping the events `listed` says are
 * entries; the next block is the smallest of the entries' `pointer`s below this block (default
 * `previousBlock`), back to 0. Asserts that each block holds an entry, that the first entry of a
 * block points back and the later ones at the block itself. Returns the entries oldest first and
 * the blocks queried.
 */
export async function walkList(
  ctx,
  head,
  { event, topics = [], listed = () => true, pointer = (e) => e.previousBlock, contract = 'EhrHub' },
) {
  const found = [];
  const blocks = [];
  for (let b = Number(head); b !== 0;) {
    assert.ok(blocks.length < 1000, 'the walk ends');
    blocks.push(b);
    const here = (await logsOf(ctx, event, topics, b, b, { contract })).filter(listed);
    assert.ok(here.length > 0, `block ${b} holds an entry of the list`);
    const back = here.map((e) => Number(pointer(e)));
    // The first entry of a block names the block before; the later ones name this block.
    assert.ok(back[0] < b, `block ${b}: the first entry points back`);
    for (const p of back.slice(1)) assert.equal(p, b, `block ${b}: later entries point here`);
    found.unshift(...here);
    b = back[0];
  }
  return { found, blocks };
}

/** Sends a transaction and returns its receipt, failing on a revert. */
export async function send(txPromise) {
  const tx = await txPromise;
  const receipt = await waitReceipt(tx);
  assert.equal(receipt.status, 1);
  return receipt;
}

/** Parses the logs of a receipt with the combined interface. */
export async function eventsOf(receipt) {
  const iface = await combinedInterface();
  return receipt.logs.map((l) => iface.parseLog(l)).filter(Boolean);
}

/** Asserts that a receipt holds exactly one event `name` and returns its parsed args. */
export async function expectEvent(receipt, name) {
  const matches = (await eventsOf(receipt)).filter((e) => e.name === name);
  assert.equal(matches.length, 1, `expected one ${name} event, found ${matches.length}`);
  return matches[0].args;
}

/**
 * Starts anvil, deploys the contracts and hands out wallets.
 * @param {{ accounts?: number }} [options]
 */
export async function setupChain({ accounts = 20 } = {}) {
  const anvil = await startAnvil({ accounts });
  const provider = new JsonRpcProvider(anvil.rpcUrl, anvil.chainId, {
    staticNetwork: true,
    batchMaxCount: 1,
    cacheTimeout: -1,
    pollingInterval: 50,
  });
  const wallets = anvil.accounts.map((a) => new Wallet(a.privateKey, provider));
  const deployed = await deploy({ signer: wallets[0], write: false });
  const hubAbi = (await readArtifact('EhrHub')).abi;
  const apptAbi = (await readArtifact('EhrAppointments')).abi;
  const lensAbi = (await readArtifact('EhrLens')).abi;
  const addresses = deployed.addresses;
  const ctx = {
    anvil,
    provider,
    wallets,
    addresses,
    chainId: anvil.chainId,
    hub: (signer = wallets[0]) => new Contract(addresses.EhrHub, hubAbi, signer),
    appointments: (signer = wallets[0]) => new Contract(addresses.EhrAppointments, apptAbi, signer),
    lens: () => new Contract(addresses.EhrLens, lensAbi, provider),
    async now() {
      const block = await provider.getBlock('latest');
      return block.timestamp;
    },
    /** Moves the chain clock forward and mines a block. */
    async increaseTime(seconds) {
      await anvil.rpc('evm_increaseTime', [seconds]);
      await anvil.rpc('evm_mine', []);
    },
    /** Sets the next block's timestamp and mines it. */
    async mineAt(timestamp) {
      await anvil.rpc('evm_mine', [timestamp]);
    },
    /** Fixes the timestamp of the next mined block. */
    async setNextTimestamp(timestamp) {
      await anvil.rpc('evm_setNextBlockTimestamp', [timestamp]);
    },
    async snapshot() {
      return anvil.rpc('evm_snapshot', []);
    },
    async revert(id) {
      const ok = await anvil.rpc('evm_revert', [id]);
      assert.ok(ok, 'evm_revert failed');
    },
    async stop() {
      provider.destroy();
      await anvil.stop();
    },
  };
  return ctx;
}

/**
 * Registers before/after hooks on the current describe(): one chain per suite, the fixture built
 * once, and every test started from a snapshot taken after the fixture.
 * @returns {{ ctx: any, f: any }} filled in once the before hook ran
 */
export function useChain(hooks, { accounts = 20, fixture = standardFixture } = {}) {
  const state = { ctx: undefined, f: undefined };
  let snap;
  hooks.before(async () => {
    state.ctx = await setupChain({ accounts });
    state.f = fixture ? await fixture(state.ctx) : undefined;
  });
  hooks.after(async () => {
    await state.ctx?.stop();
  });
  hooks.beforeEach(async () => {
    snap = await state.ctx.snapshot();
  });
  hooks.afterEach(async () => {
    await state.ctx.revert(snap);
  });
  return state;
}

/**
 * Membership by consent: the institution admin invites `member`, and `member` accepts by repeating
 * what the invitation said. Returns the acceptance receipt.
 */
export async function enrol(
  ctx,
  adminWallet,
  institutionId,
  memberWallet,
  role,
  licence = 'L',
  specialty = 'S',
  name = 'N',
) {
  await send(ctx.hub(adminWallet).addMember(institutionId, memberWallet.address, role, licence, specialty, name));
  return send(ctx.hub(memberWallet).acceptMembership(institutionId, role, licence, specialty, name));
}

/**
 * Common fixture: a hospital and a lab with members (invited and accepted), and registered patients.
 * Wallet roles: 0 super-admin, 1 hospital admin, 2 lab admin, 3 doctor (hospital), 4 nurse (hospital),
 * 5 lab technician (lab), 6 doctor (lab), 7.. patients and outsiders.
 * With `groupKeys` (the default) both institutions publish a group key (version 1), so patients
 * can grant to them and authorise them for emergencies.
 */
export async function standardFixture(ctx, { groupKeys = true } = {}) {
  const w = ctx.wallets;
  const admin = ctx.hub(w[0]);
  await send(admin.addInstitution(KIND.HOSPITAL, 'General Hospital Demo', 'XX', w[1].address));
  await send(admin.addInstitution(KIND.LAB, 'Central Lab Demo', 'XX', w[2].address));
  const hospital = 1;
  const lab = 2;
  await enrol(ctx, w[1], hospital, w[3], ROLE.DOCTOR, 'LIC-1001', 'Cardiology', 'Dr. Demo One');
  await enrol(ctx, w[1], hospital, w[4], ROLE.NURSE, 'LIC-1002', 'Emergency', 'Nurse Demo Two');
  await enrol(ctx, w[2], lab, w[5], ROLE.LAB_TECHNICIAN, 'LIC-2001', 'Haematology', 'Tech Demo');
  await enrol(ctx, w[2], lab, w[6], ROLE.DOCTOR, 'LIC-2002', 'Pathology', 'Dr. Demo Three');
  const hospitalGroupKey = groupKeys ? randomKey() : undefined;
  const labGroupKey = groupKeys ? randomKey() : undefined;
  if (groupKeys) {
    await send(ctx.hub(w[1]).publishGroupKey(hospital, hospitalGroupKey, 1));
    await send(ctx.hub(w[2]).publishGroupKey(lab, labGroupKey, 1));
  }
  const patients = [w[7], w[8], w[9]];
  for (const p of patients) await send(ctx.hub(p).registerPatient(randomKey()));
  return {
    hospital,
    lab,
    hospitalGroupKey,
    labGroupKey,
    superAdmin: w[0],
    hospitalAdmin: w[1],
    labAdmin: w[2],
    doctor: w[3],
    nurse: w[4],
    labTech: w[5],
    labDoctor: w[6],
    alice: w[7],
    bob: w[8],
    carol: w[9],
    outsider: w[10],
  };
}

/** Every field of record `id` of `patient`'s chart, as plain values (hub.record). */
export async function recordOf(ctx, patient, id) {
  const r = await ctx.hub().record(patient, id);
  return {
    digest: r.digest,
    codec: Number(r.codec),
    scope: Number(r.scope),
    author: r.author,
    createdAt: Number(r.createdAt),
    previous: Number(r.previous),
    redacted: r.redacted,
    superseded: r.superseded,
  };
}

/** ForwardRequest(address from,address to,uint256 value,uint256 gas,uint256 nonce,uint256 deadline,bytes data) */
export const FORWARD_REQUEST_TYPES = Object.freeze({
  ForwardRequest: [
    { name: 'from', type: 'address' },
    { name: 'to', type: 'address' },
    { name: 'value', type: 'uint256' },
    { name: 'gas', type: 'uint256' },
    { name: 'nonce', type: 'uint256' },
    { name: 'deadline', type: 'uint256' },
    { name: 'data', type: 'bytes' },
  ],
});

/** The EhrForwarder's EIP-712 domain on the test chain; `overrides` for other chains or contracts. */
export const forwarderDomain = (ctx, overrides = {}) => ({
  name: 'EHR Forwarder',
  version: '1',
  chainId: ctx.chainId,
  verifyingContract: ctx.addresses.EhrForwarder,
  ...overrides,
});

/** The EhrForwarder (relayed calls and guardian recovery), read-only or connected to `signer`. */
export async function forwarderContract(ctx, signer) {
  return new Contract(ctx.addresses.EhrForwarder, (await readArtifact('EhrForwarder')).abi, signer ?? ctx.provider);
}

let forwardNonce = 1_000_000;
/**
 * A ForwardRequest signed by `signer` (defaults: from the signer, to the hub, a fresh nonce, an
 * hour's deadline); `domain` and `key` (another wallet signs) for the refusal tests.
 * @returns {Promise<{ req: object, signature: string }>}
 */
export async function signForward(ctx, signer, fields = {}, { domain = forwarderDomain(ctx), key = signer } = {}) {
  const req = {
    from: signer.address,
    to: ctx.addresses.EhrHub,
    value: 0n,
    gas: 1_000_000n,
    nonce: BigInt(forwardNonce++),
    deadline: BigInt((await ctx.now()) + 3600),
    ...fields,
  };
  return { req, signature: await key.signTypedData(domain, FORWARD_REQUEST_TYPES, req) };
}
