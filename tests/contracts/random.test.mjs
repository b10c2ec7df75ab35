// Randomized sequence test. Many actors call the hub in a seeded random order (grants, revocations,
// records, amendments, redactions, expiry processing, settlement, emergency access, invitations and
// their acceptance, membership changes, group keys, suspensions, family links, patient key
// rotation, signed consent). An off-chain model predicts every outcome, including the exact custom
// error of each rejected call, and after every step the test checks:
//   - hasAccess/accessMask of every (patient, reader) pair equals the model (only current grantees pass);
//   - key epochs equal the model and never decrease;
//   - pendingScopes, grantCount/grantsOf (order, scopes, expiry, in force, keys current) and
//     readerKeys of every patient and scope equal the model;
//   - the touched patient's record history is append-only (old fields never change; flags only set);
// and at the end a replay of all logs from block 0 rebuilds the on-chain state exactly.
//
// EHR_RANDOM_SEED=<n> reproduces a run; EHR_RANDOM_STEPS=<n> changes its length (default 2400).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Interface, JsonRpcProvider, Signature, Wallet, hexlify, keccak256, toBeHex, zeroPadValue } from 'ethers';
import { readArtifact } from '../../contracts/build.mjs';
import { deploy } from '../../contracts/deploy.mjs';
import { startAnvil } from './anvil.mjs';
import { mulberry32 } from '../lib/prng.mjs';
import { hubDomain, CONSENT_TYPES } from '../../contracts/eip712.mjs';

const SEED = Number(process.env.EHR_RANDOM_SEED ?? Math.floor(Math.random() * 2 ** 31));
const STEPS = Number(process.env.EHR_RANDOM_STEPS ?? 2400);

const ALL = 0xffffffff;
const FH = 1 << 5;
const SCOPE_UNIVERSE = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 20, 31];
const ROLE_WRITE = { 1: ALL, 2: (1 << 8) | (1 << 6), 3: (1 << 0) | (1 << 1) };
const FAMILY = 0x80000000; // Consent.STANDING_FAMILY
const MAX_GRANTEES = 128;
const END = { EXPIRED: 1, MEMBERSHIP: 2, SUSPENDED: 3, FAMILY_LINK: 4 };
const ZERO32 = `0x${'00'.repeat(32)}`;

// ------------------------------------------------------------------ seeded PRNG (mulberry32)

function prng(seed) {
  const next = mulberry32(seed);
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = (arr) => arr[Math.floor(next() * arr.length)];
  const chance = (p) => next() < p;
  const bytes = (n) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = Math.floor(next() * 256);
    return hexlify(out);
  };
  const scopes = () => {
    let m = 0;
    const k = int(1, 3);
    for (let i = 0; i < k; i++) m |= 1 << pick(SCOPE_UNIVERSE);
    return m >>> 0;
  };
  return { next, int, pick, chance, bytes, scopes };
}

// ------------------------------------------------------------------ encodings

const lc = (a) => a.toLowerCase();
const memberKey = (addr) => lc(zeroPadValue(addr, 32));
const instKey = (id) => lc(toBeHex((1n << 160n) | BigInt(id), 32));
const emKey = (id) => lc(toBeHex((2n << 160n) | BigInt(id), 32));
const tagOf = (g) => Number(BigInt(g) >> 160n);
const idOf = (g) => Number(BigInt(g) & 0xffffffffn);
const addrOf = (g) => lc(toBeHex(BigInt(g) & ((1n << 160n) - 1n), 20));
const pairKey = (a, b) => (lc(a) < lc(b) ? `${lc(a)}|${lc(b)}` : `${lc(b)}|${lc(a)}`);
const bitsOf = (mask) => {
  const out = [];
  for (let i = 0; i < 32; i++) if ((mask >>> i) & 1) out.push(i);
  return out;
};
const isFamily = (standing) => standing >= FAMILY;

// ------------------------------------------------------------------ the model

/** Mirrors the hub's state and rules (contracts/src), one method per rule. */
class Model {
  constructor() {
    this.now = 0;
    this.institutionCount = 0;
    this.institutions = new Map(); // id -> { admin, kind, suspended, keyVersion, exposedVersion, groupKey }
    this.members = new Map(); // addr -> { inst, role } while a member
    this.generations = new Map(); // addr -> joins so far (kept after removal)
    this.invitations = new Map(); // addr -> { inst, role, listing: [licence, specialty, name] }
    this.memberKeys = new Map(); // addr -> X25519 key
    this.patients = new Set();
    this.patientKeys = new Map(); // addr -> X25519 key
    this.keyVersions = new Map(); // addr -> key version - 1
    this.grants = new Map(); // patient -> Map(granteeKey -> { scopes, expiry, standing })
    this.lists = new Map(); // patient -> [granteeKey] in the hub's list order (swap-and-pop)
    this.serials = new Map(); // patient -> Map(granteeKey -> serial) (kept after deletion)
    this.epochs = new Map(); // patient -> number[32]
    this.emAccess = new Map(); // patient -> Map(member -> { until, inst, reason })
    this.records = new Map(); // patient -> [{ digest, codec, scope, author, createdAt, previous, redacted, superseded }]
    this.links = new Map(); // pairKey -> { proposer, relation, confirmed }
    this.linkGenerations = new Map(); // pairKey -> dissolutions so far
    this.nonces = new Map(); // patient -> Set(nonce string)
  }

  sub(map, key) {
    if (!map.has(key)) map.set(key, new Map());
    return map.get(key);
  }
  epochsOf(p) {
    if (!this.epochs.has(p)) this.epochs.set(p, new Array(32).fill(0));
    return this.epochs.get(p);
  }
  recordsOf(p) {
    if (!this.records.has(p)) this.records.set(p, []);
    return this.records.get(p);
  }
  listOf(p) {
    if (!this.lists.has(p)) this.lists.set(p, []);
    return this.lists.get(p);
  }
  grant(p, g) {
    return this.grants.get(p)?.get(g);
  }
  serial(p, g) {
    return this.serials.get(p)?.get(g) ?? 0;
  }
  generation(a) {
    return this.generations.get(a) ?? 0;
  }
  emScopes(p, inst) {
    return this.grant(p, emKey(inst))?.scopes ?? 0;
  }
  isLive(a) {
    const m = this.members.get(a);
    return !!m && !this.institutions.get(m.inst).suspended;
  }
  current(g) {
    if (!g) return 0;
    return g.expiry === 0 || g.expiry > this.now ? g.scopes : 0;
  }
  linked(a, b) {
    return a !== b && !!this.links.get(pairKey(a, b))?.confirmed;
  }
  linkGeneration(a, b) {
    return this.linkGenerations.get(pairKey(a, b)) ?? 0;
  }
  /** 0 while a grant is in force, else why it ended (Consent._endReason). */
  endReason(p, gk, g) {
    if (this.current(g) === 0) return END.EXPIRED;
    if (tagOf(gk) !== 0) return this.institutions.get(idOf(gk)).suspended ? END.SUSPENDED : 0;
    const a = addrOf(gk);
    if (isFamily(g.standing)) {
      return this.linked(p, a) && this.linkGeneration(p, a) === g.standing - FAMILY ? 0 : END.FAMILY_LINK;
    }
    const m = this.members.get(a);
    if (!m || this.generation(a) !== g.standing) return END.MEMBERSHIP;
    return this.institutions.get(m.inst).suspended ? END.SUSPENDED : 0;
  }
  /** Whether an institution's grant was sealed to a group key version a departed member held. */
  exposed(gk, g) {
    if (tagOf(gk) === 0 || g.standing === 0) return false;
    return g.standing <= this.institutions.get(idOf(gk)).exposedVersion;
  }
  emergencyMask(p, r, inst) {
    const e = this.emAccess.get(p)?.get(r);
    if (!e || e.until <= this.now || e.inst !== inst) return 0;
    return this.current(this.grant(p, emKey(inst)));
  }
  accessMask(p, r) {
    if (r === p) return this.patients.has(p) ? ALL : 0;
    const direct = this.grant(p, memberKey(r));
    let mask = 0;
    let own = direct;
    if (direct && isFamily(direct.standing)) {
      if (this.endReason(p, memberKey(r), direct) === 0) mask = direct.scopes & FH;
      own = null;
    }
    if (this.isLive(r)) {
      const m = this.members.get(r);
      const mine = own && own.standing === this.generation(r) ? this.current(own) : 0;
      mask |= mine | this.current(this.grant(p, instKey(m.inst))) | this.emergencyMask(p, r, m.inst);
    }
    return mask >>> 0;
  }
  advance(p, scopes) {
    const e = this.epochsOf(p);
    for (const b of bitsOf(scopes)) e[b]++;
  }
  /** null when `w` may write `scope` for `p`, else the expected error name. */
  writerError(p, w, scope) {
    if (!this.patients.has(p)) return 'PatientNotRegistered';
    if (w === p) return null;
    const m = this.members.get(w);
    if (!m) return 'NotMember';
    if (this.institutions.get(m.inst).suspended) return 'InstitutionIsSuspended';
    const bit = (1 << scope) >>> 0;
    if (!(ROLE_WRITE[m.role] & bit)) return 'RoleCannotWrite';
    const direct = this.grant(p, memberKey(w));
    if (direct && direct.standing === this.generation(w) && this.current(direct) & bit) return null;
    if (this.current(this.grant(p, instKey(m.inst))) & bit) return null;
    if (this.emergencyMask(p, w, m.inst) & bit) return null;
    return 'NoAccess';
  }
  /** { standing } for an eligible grantee, else { error } (Consent._standing). */
  standing(p, g, scopes) {
    const raw = BigInt(g);
    const tag = raw >> 160n;
    if (tag === 0n) {
      const a = addrOf(g);
      if (raw === 0n || a === p) return { error: 'InvalidGrantee' };
      if (this.isLive(a)) return { standing: this.generation(a) };
      if ((scopes & ~FH) === 0 && this.linked(p, a)) return { standing: FAMILY + this.linkGeneration(p, a) };
      return { error: 'GranteeNotEligible' };
    }
    const low = raw & ((1n << 160n) - 1n);
    if ((tag === 1n || tag === 2n) && low <= 0xffffffffn) {
      const id = Number(low);
      if (id === 0 || id > this.institutionCount) return { error: 'UnknownInstitution' };
      const inst = this.institutions.get(id);
      if (inst.suspended) return { error: 'InstitutionIsSuspended' };
      if (inst.keyVersion === 0) return { error: 'NoGroupKey' };
      return { standing: inst.keyVersion };
    }
    return { error: 'InvalidGrantee' };
  }
  /** The error of Consent._grant, or null. */
  grantError(p, g, scopes, expiry) {
    if (scopes === 0) return 'EmptyScopes';
    if (expiry !== 0 && expiry <= this.now) return 'ExpiryInPast';
    const st = this.standing(p, g, scopes);
    if (st.error) return st.error;
    const old = this.grant(p, g);
    if (old) {
      if (this.endReason(p, g, old) !== 0 || this.exposed(g, old)) return 'AccessNotSettled';
    } else if (this.listOf(p).length >= MAX_GRANTEES) {
      return 'TooManyGrantees';
    }
    return null;
  }
  /** Creates or replaces a grant; returns the scopes a replaced grant lost (the caller advances them). */
  applyGrant(p, g, scopes, expiry) {
    const { standing } = this.standing(p, g, scopes);
    const grants = this.sub(this.grants, p);
    const old = grants.get(g);
    let dropped = 0;
    if (old) {
      dropped = (old.scopes & ~scopes) >>> 0;
      if (dropped) this.sub(this.serials, p).set(g, this.serial(p, g) + 1);
    } else {
      this.listOf(p).push(g);
    }
    grants.set(g, { scopes, expiry, standing });
    return dropped;
  }
  /** Deletes a grant and its list entry (swap-and-pop), keeping its serial plus one. */
  unlistAndClear(p, g) {
    const list = this.listOf(p);
    const i = list.indexOf(g);
    assert.ok(i >= 0, `model: ${g} is listed for ${p}`);
    const last = list.pop();
    if (i < list.length) list[i] = last;
    this.grants.get(p).delete(g);
    this.sub(this.serials, p).set(g, this.serial(p, g) + 1);
  }
  revoke(p, g, scopes) {
    const old = this.grant(p, g);
    const removed = ((old?.scopes ?? 0) & scopes) >>> 0;
    if ((old.scopes & ~scopes) >>> 0 === 0) this.unlistAndClear(p, g);
    else {
      old.scopes = (old.scopes & ~scopes) >>> 0;
      this.sub(this.serials, p).set(g, this.serial(p, g) + 1);
    }
    this.advance(p, removed);
  }
  /** Ends an institution's emergency authorisation; false when there was none. */
  withdrawEmergency(p, inst) {
    const g = this.grant(p, emKey(inst));
    if (!g) return false;
    this.unlistAndClear(p, emKey(inst));
    this.advance(p, g.scopes);
    return true;
  }
  pendingScopes(p) {
    let scopes = 0;
    for (const g of this.listOf(p)) {
      const v = this.grant(p, g);
      if (this.endReason(p, g, v) !== 0 || this.exposed(g, v)) scopes |= v.scopes;
    }
    return scopes >>> 0;
  }
  /** Consent.settleAccess: what it does, or null when there is nothing to settle. */
  settle(p) {
    const list = this.listOf(p);
    let scopes = 0;
    const plan = [];
    // Dry run on a copy first, so a NothingToSettle prediction changes nothing.
    for (let i = list.length; i > 0;) {
      --i;
      const g = list[i];
      const v = this.grant(p, g);
      const reason = this.endReason(p, g, v);
      if (reason !== 0) plan.push({ g, reason, scopes: v.scopes });
      else if (this.exposed(g, v)) plan.push({ g, withheld: true, scopes: v.scopes });
      scopes |= reason !== 0 || this.exposed(g, v) ? v.scopes : 0;
    }
    return scopes === 0 ? null : { scopes: scopes >>> 0, plan };
  }
  applySettle(p) {
    const list = this.listOf(p);
    let scopes = 0;
    for (let i = list.length; i > 0;) {
      --i;
      const g = list[i];
      const v = this.grant(p, g);
      if (this.endReason(p, g, v) !== 0) {
        scopes |= v.scopes;
        this.unlistAndClear(p, g); // moves an already visited entry into i
      } else if (this.exposed(g, v)) {
        v.standing = 0;
        this.sub(this.serials, p).set(g, this.serial(p, g) + 1);
        scopes |= v.scopes;
      }
    }
    this.advance(p, scopes >>> 0);
  }
  readerKey(g, v) {
    if (tagOf(g) === 0) {
      const a = addrOf(g);
      return (isFamily(v.standing) ? this.patientKeys.get(a) : this.memberKeys.get(a)) ?? ZERO32;
    }
    const inst = this.institutions.get(idOf(g));
    return inst.keyVersion > inst.exposedVersion ? inst.groupKey : ZERO32;
  }
  readerKeys(p, scope) {
    const keys = [this.patientKeys.get(p) ?? ZERO32];
    for (const g of this.listOf(p)) {
      const v = this.grant(p, g);
      if (!((v.scopes >>> scope) & 1) || this.endReason(p, g, v) !== 0) continue;
      const k = this.readerKey(g, v);
      if (k !== ZERO32) keys.push(k);
    }
    return keys;
  }
  grantsOf(p) {
    return this.listOf(p).map((g) => {
      const v = this.grant(p, g);
      return {
        grantee: g,
        scopes: v.scopes,
        expiry: v.expiry,
        inForce: this.endReason(p, g, v) === 0,
        keysCurrent: v.standing !== 0 && !this.exposed(g, v),
      };
    });
  }
}

// ------------------------------------------------------------------ the test

describe('randomized sequence against an off-chain model', () => {
  let anvil;
  let hubIface;
  let lensIface;
  let errIface;
  let addresses;
  const wallets = new Map(); // lower-case address -> Wallet (for signed consent)

  before(async () => {
    anvil = await startAnvil({ accounts: 26 });
    const provider = new JsonRpcProvider(anvil.rpcUrl, anvil.chainId, { staticNetwork: true, cacheTimeout: -1 });
    const deployed = await deploy({ signer: new Wallet(anvil.accounts[0].privateKey, provider), write: false });
    provider.destroy();
    addresses = deployed.addresses;
    hubIface = new Interface((await readArtifact('EhrHub')).abi);
    lensIface = new Interface((await readArtifact('EhrLens')).abi);
    errIface = hubIface;
    for (const a of anvil.accounts) wallets.set(lc(a.address), new Wallet(a.privateKey));
  });

  after(async () => {
    await anvil?.stop();
  });

  it(`keeps chain and model in step (seed ${SEED}, ${STEPS} steps)`, { timeout: 900_000 }, async (t) => {
    t.diagnostic(`seed ${SEED} (reproduce with EHR_RANDOM_SEED=${SEED})`);
    console.log(`random sequence seed: ${SEED}`);
    const R = prng(SEED);
    const M = new Model();
    const acct = anvil.accounts.map((a) => lc(a.address));
    const [superAdmin, ia1, ia2, ia3] = acct;
    const memberPool = acct.slice(4, 14);
    const patientPool = acct.slice(14, 22);
    const outsiders = acct.slice(22, 24);
    const anyone = acct;
    const admins = { 1: ia1, 2: ia2, 3: ia3 };
    const readers = [...memberPool, ...patientPool, ...outsiders];
    const allPatients = [...patientPool, ...outsiders];
    const stats = { calls: 0, ok: 0, rejected: 0, ops: {}, errors: {} };

    const rpc = anvil.rpc;
    const hubCall = async (fn, args) => {
      const data = hubIface.encodeFunctionData(fn, args);
      const out = await rpc('eth_call', [{ to: addresses.EhrHub, data }, 'latest']);
      return hubIface.decodeFunctionResult(fn, out);
    };
    const lensCall = async (fn, args) => {
      const data = lensIface.encodeFunctionData(fn, args);
      const out = await rpc('eth_call', [{ to: addresses.EhrLens, data }, 'latest']);
      return lensIface.decodeFunctionResult(fn, out);
    };
    /** Many views of one contract in one JSON-RPC batch: [[fn, args], ...] -> decoded results. */
    const batch = async (iface, to, calls) => {
      const body = calls.map(([fn, args], id) => ({
        jsonrpc: '2.0',
        id,
        method: 'eth_call',
        params: [{ to, data: iface.encodeFunctionData(fn, args) }, 'latest'],
      }));
      const res = await fetch(anvil.rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const out = await res.json();
      assert.ok(Array.isArray(out) && out.length === calls.length, 'batched eth_call answered');
      out.sort((a, b) => a.id - b.id);
      return out.map((o, i) => {
        if (o.error) throw new Error(`${calls[i][0]} failed: ${JSON.stringify(o.error)}`);
        return iface.decodeFunctionResult(calls[i][0], o.result);
      });
    };
    const lensBatch = (calls) => batch(lensIface, addresses.EhrLens, calls);

    /** Mines one transaction at the model's next time; its outcome must not depend on that time. */
    const exec = (label, from, fn, args, expectedError, apply) =>
      execAt(nextTime(), label, from, fn, args, expectedError, apply);
    const nextTime = () => {
      // Now and then land exactly on a grant expiry or an emergency end, to test the boundaries.
      if (R.chance(0.12)) {
        const edges = [];
        for (const gs of M.grants.values()) for (const g of gs.values()) if (g.expiry > M.now) edges.push(g.expiry);
        for (const es of M.emAccess.values()) for (const e of es.values()) if (e.until > M.now) edges.push(e.until);
        if (edges.length) return Math.max(M.now + 1, R.pick(edges) - (R.chance(0.3) ? 1 : 0));
      }
      return M.now + (R.chance(0.93) ? R.int(1, 90) : R.int(300, 6000));
    };

    // ---------------------------------------------------------------- set-up (also modelled)
    M.now = Number((await rpc('eth_getBlockByNumber', ['latest', false])).timestamp);
    const setup = async (from, fn, args, apply) => exec('setup', from, fn, args, null, apply);
    for (const [id, admin, kind] of [
      [1, ia1, 1],
      [2, ia2, 1],
      [3, ia3, 2],
    ]) {
      await setup(superAdmin, 'addInstitution', [kind, `Institution ${id}`, 'XX', admin], () => {
        M.institutionCount++;
        M.institutions.set(id, { admin, kind, suspended: false, keyVersion: 0, exposedVersion: 0, groupKey: ZERO32 });
      });
    }
    const initialMembers = [
      [memberPool[0], 1, 1],
      [memberPool[1], 1, 1],
      [memberPool[2], 1, 2],
      [memberPool[3], 1, 3],
      [memberPool[4], 2, 1],
      [memberPool[5], 2, 2],
      [memberPool[6], 3, 3],
      [memberPool[7], 3, 1],
    ];
    const join = (addr, inst, role) => {
      M.invitations.delete(addr);
      M.generations.set(addr, M.generation(addr) + 1);
      M.members.set(addr, { inst, role });
    };
    for (const [addr, inst, role] of initialMembers) {
      await setup(admins[inst], 'addMember', [inst, addr, role, 'LIC', 'Spec', 'Name'], () =>
        M.invitations.set(addr, { inst, role, listing: ['LIC', 'Spec', 'Name'] }),
      );
      await setup(addr, 'acceptMembership', [inst, role, 'LIC', 'Spec', 'Name'], () => join(addr, inst, role));
      if (R.chance(0.75)) {
        const k = lc(R.bytes(32));
        await setup(addr, 'setMemberKey', [k], () => M.memberKeys.set(addr, k));
      }
    }
    // Institutions 1 and 2 publish a group key; 3 starts without one (grants to it fail NoGroupKey).
    for (const id of [1, 2]) {
      const k = lc(R.bytes(32));
      await setup(admins[id], 'publishGroupKey', [id, k, 1], () =>
        Object.assign(M.institutions.get(id), { groupKey: k, keyVersion: 1 }),
      );
    }
    for (const p of patientPool) {
      const k = lc(R.bytes(32));
      await setup(p, 'registerPatient', [k], () => {
        M.patients.add(p);
        M.patientKeys.set(p, k);
      });
    }

    // ---------------------------------------------------------------- invariant checks
    const prevEpochs = new Map();
    const seenRecords = new Map(); // patient -> array of record snapshots seen on chain

    const checkAccess = async () => {
      const [masks] = await lensCall('accessMatrix', [allPatients, readers]);
      let i = 0;
      for (const p of allPatients) {
        for (const r of readers) {
          const got = Number(masks[i++]);
          const want = M.accessMask(p, r);
          if (got !== want) {
            assert.fail(
              `step ${stats.calls}: accessMask(${p}, ${r}) = ${got.toString(2)} on chain, model ${want.toString(2)}`,
            );
          }
        }
      }
    };
    const checkEpochs = async () => {
      const [rows] = await lensCall('epochsOf', [allPatients]);
      allPatients.forEach((p, i) => {
        const got = rows[i].map(Number);
        const prev = prevEpochs.get(p) ?? new Array(32).fill(0);
        for (let s = 0; s < 32; s++) {
          assert.ok(got[s] >= prev[s], `step ${stats.calls}: epoch of ${p} scope ${s} went down`);
        }
        assert.deepEqual(got, M.epochsOf(p), `step ${stats.calls}: epochs of ${p}`);
        prevEpochs.set(p, got);
      });
    };
    /** The lens's pendingScopes, grantCount, grantsOf and readerKeys of every patient (one batched request). */
    const checkViews = async () => {
      const calls = [];
      for (const p of allPatients) {
        calls.push(['pendingScopes', [p]], ['grantCount', [p]], ['grantsOf', [p, 0, MAX_GRANTEES + 1]]);
        for (const s of SCOPE_UNIVERSE) calls.push(['readerKeys', [p, s]]);
      }
      const out = await lensBatch(calls);
      let i = 0;
      for (const p of allPatients) {
        const where = `step ${stats.calls}: patient ${p}`;
        assert.equal(Number(out[i++][0]), M.pendingScopes(p), `${where} pendingScopes`);
        assert.equal(Number(out[i++][0]), M.listOf(p).length, `${where} grantCount`);
        const page = out[i++][0].map((g) => ({
          grantee: lc(g.grantee),
          scopes: Number(g.scopes),
          expiry: Number(g.expiry),
          inForce: g.inForce,
          keysCurrent: g.keysCurrent,
        }));
        assert.deepEqual(page, M.grantsOf(p), `${where} grantsOf`);
        for (const s of SCOPE_UNIVERSE) {
          assert.deepEqual(out[i++][0].map(lc), M.readerKeys(p, s), `${where} readerKeys(${s})`);
        }
      }
    };
    const checkRecords = async (p) => {
      const [rows] = await lensCall('records', [p, 1, 0xffffffff]);
      const chain = rows.map((r) => ({
        digest: r.digest,
        codec: Number(r.codec),
        scope: Number(r.scope),
        author: lc(r.author),
        createdAt: Number(r.createdAt),
        previous: Number(r.previous),
        redacted: r.redacted,
        superseded: r.superseded,
      }));
      const seen = seenRecords.get(p) ?? [];
      assert.ok(chain.length >= seen.length, `records of ${p} shrank`);
      seen.forEach((old, i) => {
        const now = chain[i];
        for (const k of ['digest', 'codec', 'scope', 'author', 'createdAt', 'previous']) {
          assert.equal(now[k], old[k], `record ${p}#${i + 1}.${k} changed`);
        }
        if (old.redacted) assert.equal(now.redacted, true, `record ${p}#${i + 1} un-redacted`);
        if (old.superseded) assert.equal(now.superseded, true, `record ${p}#${i + 1} un-superseded`);
      });
      assert.deepEqual(chain, M.recordsOf(p), `step ${stats.calls}: records of ${p}`);
      seenRecords.set(p, chain);
    };
    /** The hub's events of a receipt, parsed. */
    const eventsOf = (receipt) =>
      receipt.logs.filter((l) => lc(l.address) === lc(addresses.EhrHub)).map((l) => hubIface.parseLog(l));

    // ---------------------------------------------------------------- operations
    const someGrant = () => {
      const list = [];
      for (const [p, gs] of M.grants) for (const [g, v] of gs) list.push({ p, g, v });
      return list.length ? R.pick(list) : null;
    };
    const liveMembers = () => memberPool.filter((m) => M.isLive(m));
    const randomGrantee = () => {
      const r = R.next();
      const live = liveMembers();
      if (r < 0.45 && live.length) return memberKey(R.pick(live));
      if (r < 0.55) return memberKey(R.pick([...memberPool, ...outsiders]));
      if (r < 0.85) return instKey(R.int(1, 3));
      if (r < 0.93) return memberKey(R.pick(patientPool));
      return R.pick([
        instKey(R.int(4, 9)),
        instKey(0),
        emKey(R.int(1, 3)),
        lc(toBeHex((1n << 160n) | (1n << 40n), 32)),
      ]);
    };
    const randomExpiry = () => (R.chance(0.45) ? 0 : R.chance(0.93) ? M.now + R.int(60, 4000) : M.now - R.int(0, 100));
    const randomDigest = () => (R.chance(0.01) ? `0x${'00'.repeat(32)}` : R.bytes(32));
    const randomCodec = () => (R.chance(0.015) ? R.pick([0, 0x12, 0x71]) : R.pick([0x55, 0x70]));
    const LISTINGS = [
      ['L', 'S', 'N'],
      ['LIC', 'Spec', 'Name'],
      ['L2', 'S', 'N'],
    ];
    let touched = null;

    const grantError = (p, g, scopes, expiry) => {
      if (!M.patients.has(p)) return 'PatientNotRegistered';
      if (tagOf(g) === 2) return 'InvalidGrantee';
      return M.grantError(p, g, scopes, expiry);
    };
    const applyGrant = (p, g, scopes, expiry) => M.advance(p, M.applyGrant(p, g, scopes, expiry));

    const ops = [
      [
        18,
        async function grant() {
          // Now and then grant again to a grantee whose access ended (or was exposed) unsettled.
          const unsettled = [];
          for (const q of patientPool) {
            for (const gk of M.listOf(q)) {
              const v = M.grant(q, gk);
              if (tagOf(gk) !== 2 && (M.endReason(q, gk, v) !== 0 || M.exposed(gk, v))) unsettled.push([q, gk]);
            }
          }
          let p = R.chance(0.96) ? R.pick(patientPool) : R.pick(outsiders);
          let g = randomGrantee();
          const linkedPairs = [...M.links.entries()].filter(([, l]) => l.confirmed).map(([k]) => k.split('|'));
          if (unsettled.length && R.chance(0.15)) [p, g] = R.pick(unsettled);
          else if (linkedPairs.length && R.chance(0.12)) {
            // Share family history with a linked relative (either way round).
            const [x, y] = R.pick(linkedPairs);
            [p, g] = R.chance(0.5) ? [x, memberKey(y)] : [y, memberKey(x)];
          }
          let scopes = R.chance(0.02) ? 0 : R.scopes();
          if (allPatients.some((q) => memberKey(q) === g) && R.chance(0.7)) scopes = FH;
          const keys = R.bytes(R.int(0, 96));
          await execWithTime('grant', p, 'grantAccess', (now) => {
            const expiry = randomExpiryAt(now);
            return {
              args: [g, scopes, expiry, keys],
              error: withNow(now, () => grantError(p, g, scopes, expiry)),
              apply: () => applyGrant(p, g, scopes, expiry),
            };
          });
        },
      ],
      [
        9,
        async function revoke() {
          const existing = someGrant();
          const useExisting = existing && R.chance(0.85);
          const p = useExisting ? existing.p : R.pick(patientPool);
          const g = useExisting ? existing.g : randomGrantee();
          const scopes = R.chance(0.5) ? ALL : R.scopes();
          const old = M.grant(p, g)?.scopes ?? 0;
          const removed = (old & scopes) >>> 0;
          await exec('revoke', p, 'revokeAccess', [g, scopes], removed === 0 ? 'NoSuchGrant' : null, () =>
            M.revoke(p, g, scopes),
          );
        },
      ],
      [
        20,
        async function addRecord() {
          const p = R.chance(0.97) ? R.pick(patientPool) : R.pick(outsiders);
          const writable = (x) =>
            (M.accessMask(p, x) & (M.members.get(x) ? ROLE_WRITE[M.members.get(x).role] : 0)) >>> 0;
          const writers = memberPool.filter((x) => M.isLive(x) && writable(x));
          const w = R.chance(0.25)
            ? p
            : writers.length && R.chance(0.75)
              ? R.pick(writers)
              : R.pick([...memberPool, ...outsiders]);
          const allowed = w === p ? M.accessMask(p, p) : writable(w);
          const scope =
            allowed && R.chance(0.7) ? R.pick(bitsOf(allowed)) : R.chance(0.02) ? 32 : R.pick(SCOPE_UNIVERSE);
          const digest = randomDigest();
          const codec = randomCodec();
          touched = p;
          await execWithTime('addRecord', w, 'addRecord', (now) => ({
            args: [p, digest, codec, scope],
            error: withNow(now, () => {
              if (scope >= 32) return 'InvalidScope';
              if (/^0x0+$/.test(digest)) return 'EmptyDigest';
              if (codec !== 0x55 && codec !== 0x70) return 'InvalidCodec';
              return M.writerError(p, w, scope);
            }),
            apply: () =>
              M.recordsOf(p).push({
                digest,
                codec,
                scope,
                author: w,
                createdAt: now,
                previous: 0,
                redacted: false,
                superseded: false,
              }),
          }));
        },
      ],
      [
        7,
        async function amend() {
          const withRecords = patientPool.filter((q) => M.recordsOf(q).length);
          const p = withRecords.length && R.chance(0.95) ? R.pick(withRecords) : R.pick(patientPool);
          const recs = M.recordsOf(p);
          const id = recs.length && R.chance(0.95) ? R.int(1, recs.length) : R.pick([0, recs.length + 1]);
          const heads = recs.map((r, i) => (!r.superseded && !r.redacted ? i + 1 : 0)).filter(Boolean);
          const prevId = heads.length && R.chance(0.6) ? R.pick(heads) : id;
          const prev = recs[prevId - 1];
          const candidates = prev ? [p, ...memberPool.filter((m) => M.accessMask(p, m) & (1 << prev.scope))] : [p];
          const w = R.chance(0.8) ? R.pick(candidates) : R.pick([...memberPool, p]);
          const digest = randomDigest();
          const codec = randomCodec();
          touched = p;
          await execWithTime('amend', w, 'amendRecord', (now) => ({
            args: [p, prevId, digest, codec],
            error: withNow(now, () => {
              if (/^0x0+$/.test(digest)) return 'EmptyDigest';
              if (codec !== 0x55 && codec !== 0x70) return 'InvalidCodec';
              if (!prev) return 'UnknownRecord';
              if (prev.redacted) return 'RecordIsRedacted';
              if (prev.superseded) return 'RecordIsSuperseded';
              return M.writerError(p, w, prev.scope);
            }),
            apply: () => {
              prev.superseded = true;
              recs.push({
                digest,
                codec,
                scope: prev.scope,
                author: w,
                createdAt: now,
                previous: prevId,
                redacted: false,
                superseded: false,
              });
            },
          }));
        },
      ],
      [
        5,
        async function redact() {
          const withRecords = patientPool.filter((q) => M.recordsOf(q).length);
          const p = withRecords.length && R.chance(0.95) ? R.pick(withRecords) : R.pick(patientPool);
          const recs = M.recordsOf(p);
          const id = recs.length && R.chance(0.95) ? R.int(1, recs.length) : recs.length + 1;
          const rec = recs[id - 1];
          const w = rec && R.chance(0.5) ? rec.author : R.chance(0.5) ? p : R.pick(memberPool);
          touched = p;
          await execWithTime('redact', w, 'redactRecord', (now) => ({
            args: [p, id],
            error: withNow(now, () => {
              if (!rec) return 'UnknownRecord';
              if (rec.redacted) return 'RecordIsRedacted';
              if (w !== p) {
                if (w !== rec.author) return 'NotAuthorized';
                return M.writerError(p, w, rec.scope);
              }
              return null;
            }),
            apply: () => {
              rec.redacted = true;
            },
          }));
        },
      ],
      [
        6,
        async function expire() {
          const expired = [];
          for (const [gp, gs] of M.grants)
            for (const [gg, v] of gs) if (v.expiry !== 0 && v.expiry <= M.now) expired.push({ p: gp, g: gg });
          const existing = expired.length && R.chance(0.7) ? R.pick(expired) : someGrant();
          const p = existing ? existing.p : R.pick(patientPool);
          const g = existing && R.chance(0.9) ? existing.g : randomGrantee();
          const caller = R.pick(anyone);
          await execWithTime('expire', caller, 'processExpiry', (now) => ({
            args: [p, g],
            error: withNow(now, () => {
              const cur = M.grant(p, g);
              if (!cur) return 'NoSuchGrant';
              if (cur.expiry === 0 || cur.expiry > now) return 'GrantNotExpired';
              return null;
            }),
            apply: (receipt) => {
              const cur = M.grant(p, g);
              const ev = eventsOf(receipt).find((e) => e.name === 'AccessExpired');
              assert.deepEqual(
                [lc(ev.args.grantee), Number(ev.args.scopes), lc(ev.args.processedBy)],
                [g, cur.scopes, caller],
              );
              M.unlistAndClear(p, g);
              M.advance(p, cur.scopes);
            },
          }));
        },
      ],
      [
        6,
        async function settle() {
          const pending = allPatients.filter((q) => M.pendingScopes(q) !== 0);
          const p = pending.length && R.chance(0.75) ? R.pick(pending) : R.pick(allPatients);
          const caller = R.pick(anyone);
          await execWithTime('settle', caller, 'settleAccess', (now) => ({
            args: [p],
            error: withNow(now, () => (M.pendingScopes(p) === 0 ? 'NothingToSettle' : null)),
            apply: (receipt) => {
              // The events name every ended grant with its reason, every withheld one, and one advance.
              const plan = M.settle(p);
              const want = plan.plan
                .map((x) =>
                  x.withheld
                    ? `KeysWithheld ${x.g} ${x.scopes}`
                    : x.reason === END.EXPIRED
                      ? `AccessExpired ${x.g} ${x.scopes}`
                      : `AccessEnded ${x.g} ${x.scopes} ${x.reason}`,
                )
                .concat([`EpochsAdvanced ${plan.scopes}`])
                .sort();
              const got = eventsOf(receipt)
                .map((e) =>
                  e.name === 'EpochsAdvanced'
                    ? `EpochsAdvanced ${Number(e.args.scopes)}`
                    : e.name === 'AccessEnded'
                      ? `AccessEnded ${lc(e.args.grantee)} ${Number(e.args.scopes)} ${Number(e.args.reason)}`
                      : `${e.name} ${lc(e.args.grantee)} ${Number(e.args.scopes)}`,
                )
                .sort();
              assert.deepEqual(got, want, `step ${stats.calls}: settlement events of ${p}`);
              M.applySettle(p);
            },
          }));
        },
      ],
      [
        3,
        async function emergencySet() {
          const p = R.chance(0.95) ? R.pick(patientPool) : R.pick(outsiders);
          const inst = R.chance(0.95) ? R.int(1, 3) : R.pick([0, 7]);
          const scopes = R.chance(0.25) ? 0 : R.scopes();
          await execWithTime('emergencySet', p, 'setEmergencyInstitution', (now) => ({
            args: [inst, scopes, R.bytes(R.int(0, 80))],
            error: withNow(now, () => {
              if (!M.patients.has(p)) return 'PatientNotRegistered';
              if (inst === 0 || inst > M.institutionCount) return 'UnknownInstitution';
              if (scopes === 0) return M.grant(p, emKey(inst)) ? null : 'NoChange';
              return M.grantError(p, emKey(inst), scopes, 0);
            }),
            apply: () => {
              if (scopes === 0) M.withdrawEmergency(p, inst);
              else applyGrant(p, emKey(inst), scopes, 0);
            },
          }));
        },
      ],
      [
        5,
        async function emergencyOpen() {
          const live = liveMembers();
          const m = live.length && R.chance(0.8) ? R.pick(live) : R.pick([...memberPool, ...outsiders]);
          const authorised = patientPool.filter((q) => M.members.get(m) && M.emScopes(q, M.members.get(m).inst));
          const p = authorised.length && R.chance(0.7) ? R.pick(authorised) : R.pick(patientPool);
          const reason = R.chance(0.05) ? R.pick([0, 7, 200]) : R.int(1, 6);
          const duration = R.chance(0.04) ? R.pick([0, 86401]) : R.int(30, 7200);
          await execWithTime('emergencyOpen', m, 'openEmergencyAccess', (now) => ({
            args: [p, reason, duration],
            error: withNow(now, () => {
              if (reason === 0 || reason > 6) return 'InvalidReasonCode';
              if (duration === 0 || duration > 86400) return 'InvalidDuration';
              if (!M.patients.has(p)) return 'PatientNotRegistered';
              const mem = M.members.get(m);
              if (!mem) return 'NotMember';
              if (M.institutions.get(mem.inst).suspended) return 'InstitutionIsSuspended';
              if (M.current(M.grant(p, emKey(mem.inst))) === 0) return 'NotEmergencyInstitution';
              return null;
            }),
            apply: () => M.sub(M.emAccess, p).set(m, { until: now + duration, inst: M.members.get(m).inst, reason }),
          }));
        },
      ],
      [
        3,
        async function emergencyClose() {
          const open = [];
          for (const [p, mm] of M.emAccess) for (const [m] of mm) open.push([p, m]);
          const [p, m] = open.length && R.chance(0.85) ? R.pick(open) : [R.pick(patientPool), R.pick(memberPool)];
          const caller = R.chance(0.45) ? p : R.chance(0.8) ? m : R.pick(anyone);
          await execWithTime('emergencyClose', caller, 'closeEmergencyAccess', (now) => ({
            args: [p, m],
            error: (() => {
              if (caller !== p && caller !== m) return 'NotAuthorized';
              const e = M.emAccess.get(p)?.get(m);
              if (!e || e.until <= now) return 'NoActiveEmergencyAccess';
              return null;
            })(),
            apply: () => {
              const e = M.emAccess.get(p).get(m);
              M.emAccess.get(p).delete(m);
              // The patient closing a window ends the institution's authorisation too.
              if (caller === p) M.withdrawEmergency(p, e.inst);
            },
          }));
        },
      ],
      [
        4,
        async function addMember() {
          const inst = R.int(1, 3);
          const caller = R.chance(0.9) ? admins[inst] : R.pick(anyone);
          // Mostly invite accounts that are not members, so the pool keeps its members.
          const free = [...memberPool, ...outsiders].filter((a) => !M.members.has(a));
          const who = free.length && R.chance(0.85) ? R.pick(free) : R.pick([...memberPool, ...outsiders]);
          const role = R.chance(0.04) ? R.pick([0, 4]) : R.int(1, 3);
          const listing = R.pick(LISTINGS);
          await exec(
            'addMember',
            caller,
            'addMember',
            [inst, who, role, ...listing],
            (() => {
              if (caller !== admins[inst]) return 'NotInstitutionAdmin';
              if (M.institutions.get(inst).suspended) return 'InstitutionIsSuspended';
              if (role < 1 || role > 3) return 'InvalidRole';
              if (M.members.has(who)) return 'AlreadyMember';
              return null;
            })(),
            () => M.invitations.set(who, { inst, role, listing }),
          );
        },
      ],
      [
        5,
        async function acceptMember() {
          const invited = [...M.invitations.keys()];
          const who = invited.length && R.chance(0.85) ? R.pick(invited) : R.pick([...memberPool, ...outsiders]);
          const inv = M.invitations.get(who);
          let inst = inv?.inst ?? R.int(1, 3);
          let role = inv?.role ?? R.int(1, 3);
          let listing = inv?.listing ?? R.pick(LISTINGS);
          if (R.chance(0.12)) {
            const which = R.int(0, 2);
            if (which === 0) inst = (inst % 3) + 1;
            else if (which === 1) role = (role % 3) + 1;
            else listing = R.pick(LISTINGS.filter((l) => l !== listing));
          }
          await exec(
            'acceptMember',
            who,
            'acceptMembership',
            [inst, role, ...listing],
            (() => {
              if (!inv || inv.inst !== inst || inv.role !== role || inv.listing.join('|') !== listing.join('|'))
                return 'NoInvitation';
              if (M.institutions.get(inst).suspended) return 'InstitutionIsSuspended';
              if (M.members.has(who)) return 'AlreadyMember';
              return null;
            })(),
            () => join(who, inst, role),
          );
        },
      ],
      [
        1,
        async function cancelInvitation() {
          const invited = [...M.invitations.keys()];
          const who = invited.length && R.chance(0.8) ? R.pick(invited) : R.pick([...memberPool, ...outsiders]);
          const inv = M.invitations.get(who);
          const r = R.next();
          const caller = r < 0.4 && inv ? admins[inv.inst] : r < 0.8 ? who : R.pick(anyone);
          await exec(
            'cancelInvitation',
            caller,
            'cancelInvitation',
            [who],
            (() => {
              if (!inv) return 'NoInvitation';
              if (caller !== who && caller !== M.institutions.get(inv.inst).admin) return 'NotAuthorized';
              return null;
            })(),
            () => M.invitations.delete(who),
          );
        },
      ],
      [
        2,
        async function removeMember() {
          const inst = R.int(1, 3);
          const caller = R.chance(0.93) ? admins[inst] : R.pick(anyone);
          const inInst = memberPool.filter((m) => M.members.get(m)?.inst === inst);
          const who = inInst.length && R.chance(0.85) ? R.pick(inInst) : R.pick(memberPool);
          await exec(
            'removeMember',
            caller,
            'removeMember',
            [inst, who],
            (() => {
              if (caller !== admins[inst]) return 'NotInstitutionAdmin';
              if (M.members.get(who)?.inst !== inst) return 'NotMemberOf';
              return null;
            })(),
            () => {
              M.members.delete(who);
              const i = M.institutions.get(inst);
              i.exposedVersion = i.keyVersion;
            },
          );
        },
      ],
      [
        2,
        async function publishGroupKey() {
          const inst = R.int(1, 3);
          const caller = R.chance(0.92) ? admins[inst] : R.pick(anyone);
          const cur = M.institutions.get(inst).keyVersion;
          const version = R.chance(0.1) ? R.int(0, cur) : cur + R.int(1, 2);
          const key = R.chance(0.03) ? ZERO32 : lc(R.bytes(32));
          await exec(
            'publishGroupKey',
            caller,
            'publishGroupKey',
            [inst, key, version],
            (() => {
              if (caller !== admins[inst]) return 'NotInstitutionAdmin';
              if (key === ZERO32) return 'ZeroKey';
              if (version <= cur) return 'StaleKeyVersion';
              return null;
            })(),
            () => Object.assign(M.institutions.get(inst), { groupKey: key, keyVersion: version }),
          );
        },
      ],
      [
        1,
        async function setMemberKey() {
          const who = R.pick([...memberPool, ...outsiders]);
          const key = R.chance(0.04) ? ZERO32 : lc(R.bytes(32));
          await exec(
            'setMemberKey',
            who,
            'setMemberKey',
            [key],
            (() => {
              if (!M.members.has(who)) return 'NotMember';
              if (key === ZERO32) return 'ZeroKey';
              return null;
            })(),
            () => M.memberKeys.set(who, key),
          );
        },
      ],
      [
        1,
        async function rotatePatientKey() {
          const p = R.chance(0.9) ? R.pick(patientPool) : R.pick(outsiders);
          const key = R.chance(0.04) ? ZERO32 : lc(R.bytes(32));
          await exec(
            'rotatePatientKey',
            p,
            'rotatePatientKey',
            [key],
            (() => {
              if (!M.patients.has(p)) return 'PatientNotRegistered';
              if (key === ZERO32) return 'ZeroKey';
              return null;
            })(),
            () => {
              const next = (M.keyVersions.get(p) ?? 0) + 1;
              M.keyVersions.set(p, next);
              M.patientKeys.set(p, key);
              M.epochs.set(p, new Array(32).fill(next * 2 ** 24));
            },
          );
        },
      ],
      [
        4,
        async function suspension() {
          const inst = R.int(1, 3);
          const caller = R.chance(0.92) ? superAdmin : R.pick(anyone);
          const suspended = M.institutions.get(inst).suspended;
          // Suspensions are lifted quickly so members spend most of the run live.
          const suspend = suspended ? R.chance(0.1) : R.chance(0.4);
          await exec(
            'suspension',
            caller,
            suspend ? 'suspendInstitution' : 'unsuspendInstitution',
            [inst],
            (() => {
              if (caller !== superAdmin) return 'NotAdmin';
              if (suspend && suspended) return 'InstitutionIsSuspended';
              if (!suspend && !suspended) return 'InstitutionNotSuspended';
              return null;
            })(),
            () => {
              M.institutions.get(inst).suspended = suspend;
            },
          );
        },
      ],
      [
        2,
        async function familyPropose() {
          let a = R.pick(allPatients);
          let b = R.chance(0.95) ? R.pick(allPatients) : a;
          // Now and then link again two patients whose dissolved link left a grant unsettled.
          const relinkable = [];
          for (const q of allPatients) {
            for (const gk of M.listOf(q)) {
              const v = M.grant(q, gk);
              if (tagOf(gk) === 0 && isFamily(v.standing) && !M.links.has(pairKey(q, addrOf(gk))))
                relinkable.push([q, addrOf(gk)]);
            }
          }
          if (relinkable.length && R.chance(0.8)) [a, b] = R.pick(relinkable);
          const relation = R.chance(0.05) ? R.pick([0, 10]) : R.int(1, 9);
          await exec(
            'familyPropose',
            a,
            'proposeFamilyLink',
            [b, relation],
            (() => {
              if (!M.patients.has(a)) return 'PatientNotRegistered';
              if (!M.patients.has(b)) return 'PatientNotRegistered';
              if (a === b) return 'SelfLink';
              if (relation === 0 || relation > 9) return 'InvalidRelation';
              if (M.links.has(pairKey(a, b))) return 'FamilyLinkExists';
              return null;
            })(),
            () => M.links.set(pairKey(a, b), { proposer: a, relation, confirmed: false }),
          );
        },
      ],
      [
        2,
        async function familyConfirm() {
          const pending = [...M.links.entries()].filter(([, l]) => !l.confirmed);
          let caller;
          let proposer;
          let relation;
          if (pending.length && R.chance(0.85)) {
            const [key, l] = R.pick(pending);
            const [x, y] = key.split('|');
            proposer = l.proposer;
            caller = R.chance(0.9) ? (x === proposer ? y : x) : proposer;
            relation = R.chance(0.9) ? l.relation : R.int(1, 9);
          } else {
            caller = R.pick(patientPool);
            proposer = R.pick(patientPool);
            relation = R.int(1, 9);
          }
          await exec(
            'familyConfirm',
            caller,
            'confirmFamilyLink',
            [proposer, relation],
            (() => {
              const l = M.links.get(pairKey(caller, proposer));
              if (proposer === caller || !l || l.proposer !== proposer || l.confirmed || l.relation !== relation) {
                return 'NoPendingProposal';
              }
              return null;
            })(),
            () => {
              M.links.get(pairKey(caller, proposer)).confirmed = true;
            },
          );
        },
      ],
      [
        1,
        async function familyDissolve() {
          const keys = [...M.links.keys()];
          // Links that carry a family-history grant are the interesting ones to dissolve.
          const sharing = keys.filter((k) => {
            const [x, y] = k.split('|');
            return [
              [x, y],
              [y, x],
            ].some(([q, r]) => isFamily(M.grant(q, memberKey(r))?.standing ?? 0));
          });
          let a;
          let b;
          if (sharing.length && R.chance(0.5)) {
            [a, b] = R.pick(sharing).split('|');
            if (R.chance(0.5)) [a, b] = [b, a];
          } else if (keys.length && R.chance(0.85)) {
            [a, b] = R.pick(keys).split('|');
            if (R.chance(0.5)) [a, b] = [b, a];
          } else {
            a = R.pick(patientPool);
            b = R.pick(patientPool);
          }
          await exec(
            'familyDissolve',
            a,
            'dissolveFamilyLink',
            [b],
            M.links.has(pairKey(a, b)) ? null : 'NoFamilyLink',
            () => {
              M.links.delete(pairKey(a, b));
              M.linkGenerations.set(pairKey(a, b), M.linkGeneration(a, b) + 1);
            },
          );
        },
      ],
      [
        3,
        async function signedGrant() {
          const p = R.pick(patientPool);
          const g = randomGrantee();
          const scopes = R.scopes();
          const used = M.nonces.get(p) ?? new Set();
          const nonce = used.size && R.chance(0.1) ? BigInt(R.pick([...used])) : BigInt(R.int(0, 5000));
          const keys = R.bytes(80);
          const submitter = R.pick(anyone);
          // Mostly the serial in force; now and then one from before an end (or one ahead).
          const serialNow = M.serial(p, g);
          const serial = R.chance(0.2) ? (serialNow > 0 && R.chance(0.7) ? serialNow - 1 : serialNow + 1) : serialNow;
          await execWithTime('signedGrant', submitter, 'grantAccessBySig', (now) => {
            const expiry = randomExpiryAt(now);
            const deadline = R.chance(0.06) ? now - R.int(1, 100) : now + R.int(0, 3600);
            return {
              sign: { p, g, scopes, expiry, keys, serial, nonce, deadline },
              error: withNow(now, () => {
                if (now > deadline) return 'SignatureExpired';
                if (used.has(nonce.toString())) return 'NonceAlreadyUsed';
                if (!M.patients.has(p)) return 'PatientNotRegistered';
                if (serial !== M.serial(p, g)) return 'StaleConsent';
                if (tagOf(g) === 2) return 'InvalidGrantee';
                return M.grantError(p, g, scopes, expiry);
              }),
              apply: () => {
                if (!M.nonces.has(p)) M.nonces.set(p, new Set());
                M.nonces.get(p).add(nonce.toString());
                applyGrant(p, g, scopes, expiry);
              },
            };
          });
        },
      ],
      [
        1,
        async function register() {
          const fresh = outsiders.filter((q) => !M.patients.has(q));
          const p = fresh.length && R.chance(0.8) ? R.pick(fresh) : R.pick(outsiders);
          const k = lc(R.bytes(32));
          await exec('register', p, 'registerPatient', [k], M.patients.has(p) ? 'AlreadyRegistered' : null, () => {
            M.patients.add(p);
            M.patientKeys.set(p, k);
          });
        },
      ],
      [
        2,
        async function timeJump() {
          const T = M.now + (R.chance(0.5) ? R.int(600, 4000) : R.int(20000, 90000));
          await rpc('evm_mine', [T]);
          M.now = T;
        },
      ],
    ];

    // Time-dependent operations pick their arguments for the block time they will be mined at.
    const withNow = (now, fn) => {
      const saved = M.now;
      M.now = now;
      try {
        return fn();
      } finally {
        M.now = saved;
      }
    };
    const randomExpiryAt = (now) => withNow(now, randomExpiry);
    const domain = hubDomain(anvil.chainId, addresses.EhrHub);
    async function execWithTime(label, from, fn, build) {
      const T = nextTime();
      const plan = build(T);
      let args = plan.args;
      if (plan.sign) {
        const { p, g, scopes, expiry, keys, serial, nonce, deadline } = plan.sign;
        const sig = Signature.from(
          await wallets.get(p).signTypedData(domain, CONSENT_TYPES, {
            patient: p,
            grantee: g,
            scopes,
            expiry,
            wrappedKeysHash: keccak256(keys),
            serial,
            nonce,
            deadline,
          }),
        );
        args = [p, g, scopes, expiry, keys, serial, nonce, deadline, sig.v, sig.r, sig.s];
      }
      await execAt(T, label, from, fn, args, plan.error, plan.apply);
    }
    /** Mines one transaction at time T and checks the predicted outcome (success or custom error). */
    async function execAt(T, label, from, fn, args, expectedError, apply) {
      await rpc('evm_setNextBlockTimestamp', [T]);
      const data = hubIface.encodeFunctionData(fn, args);
      const hash = await rpc('eth_sendTransaction', [{ from, to: addresses.EhrHub, data, gas: '0x1e8480' }]);
      let receipt = await rpc('eth_getTransactionReceipt', [hash]);
      for (let i = 0; !receipt && i < 100; i++) {
        await new Promise((r) => setTimeout(r, 5));
        receipt = await rpc('eth_getTransactionReceipt', [hash]);
      }
      assert.equal(Number((await rpc('eth_getBlockByNumber', [receipt.blockNumber, false])).timestamp), T);
      M.now = T;
      stats.calls++;
      stats.ops[label] = (stats.ops[label] ?? 0) + 1;
      const status = Number(receipt.status);
      let errorName = null;
      if (status === 0) {
        const trace = await rpc('debug_traceTransaction', [hash, { tracer: 'callTracer' }]);
        try {
          errorName = errIface.parseError(trace.output).name;
        } catch {
          errorName = `<undecodable ${trace.output}>`;
        }
      }
      const where = `step ${stats.calls} ${label} ${fn}(${args.map(String).join(', ')}) from ${from} at ${T}`;
      if (expectedError) {
        assert.equal(errorName, expectedError, `${where}: expected ${expectedError}, got ${errorName ?? 'success'}`);
        stats.rejected++;
        stats.errors[`${label}:${expectedError}`] = (stats.errors[`${label}:${expectedError}`] ?? 0) + 1;
      } else {
        assert.equal(status, 1, `${where}: expected success, reverted with ${errorName}`);
        stats.ok++;
        apply?.(receipt);
      }
    }

    const totalWeight = ops.reduce((s, [w]) => s + w, 0);
    const started = Date.now();
    await checkAccess();
    await checkEpochs();
    await checkViews();
    for (let step = 0; step < STEPS; step++) {
      let r = R.next() * totalWeight;
      let op = ops[0][1];
      for (const [w, f] of ops) {
        if (r < w) {
          op = f;
          break;
        }
        r -= w;
      }
      touched = null;
      await op();
      await checkAccess();
      await checkEpochs();
      await checkViews();
      if (touched) await checkRecords(touched);
      if (step % 200 === 199) for (const p of allPatients) await checkRecords(p);
    }
    const seconds = (Date.now() - started) / 1000;
    t.diagnostic(
      `${stats.calls} calls (${stats.ok} succeeded, ${stats.rejected} rejected as predicted) in ${seconds.toFixed(1)} s; ` +
        Object.entries(stats.ops)
          .map(([k, v]) => `${k} ${v}`)
          .join(', '),
    );
    t.diagnostic(
      `rejections: ${Object.entries(stats.errors)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
    if (STEPS >= 2000) {
      assert.ok(stats.calls >= 2000, `at least 2,000 calls (${stats.calls})`);
      for (const name of [
        'grant',
        'revoke',
        'addRecord',
        'amend',
        'redact',
        'expire',
        'settle',
        'emergencyOpen',
        'acceptMember',
        'removeMember',
        'suspension',
      ]) {
        assert.ok((stats.ops[name] ?? 0) >= 10, `operation ${name} ran (${stats.ops[name] ?? 0})`);
      }
      // The end-of-access rules are reached, not just the happy paths.
      for (const k of [
        'settle:NothingToSettle',
        'grant:AccessNotSettled',
        'acceptMember:NoInvitation',
        'signedGrant:StaleConsent',
      ]) {
        assert.ok((stats.errors[k] ?? 0) >= 1, `rejection ${k} was exercised`);
      }
    }
    assert.ok(stats.ok > stats.calls * 0.4, 'a good share of calls succeed');
    assert.ok(stats.rejected > Math.min(100, STEPS / 10), 'rejections are exercised too');
    for (const p of allPatients) await checkRecords(p);

    // ---------------------------------------------------------------- replay from logs
    const logs = await rpc('eth_getLogs', [{ fromBlock: '0x0', toBlock: 'latest', address: addresses.EhrHub }]);
    const S = replay(
      logs.map((l) => ({ ...hubIface.parseLog(l), blockTimestamp: Number(l.blockTimestamp), tx: l.transactionHash })),
    );
    t.diagnostic(`replayed ${logs.length} logs`);

    // Replay equals the model ...
    const modelGrants = new Map(
      [...M.grants].map(([p, gs]) => [
        p,
        new Map([...gs].map(([g, v]) => [g, { scopes: v.scopes, expiry: v.expiry }])),
      ]),
    );
    assert.deepEqual(sortMap(S.grants), sortMap(modelGrants), 'grants: replay vs model');
    for (const p of allPatients) {
      assert.deepEqual(S.epochs.get(p) ?? new Array(32).fill(0), M.epochsOf(p), `epochs of ${p}: replay vs model`);
      assert.deepEqual(S.records.get(p) ?? [], M.recordsOf(p), `records of ${p}: replay vs model`);
      assert.equal(S.keyVersions.get(p) ?? 0, M.keyVersions.get(p) ?? 0, `key version of ${p}: replay vs model`);
    }
    assert.deepEqual(
      sortMap(S.invitations),
      sortMap(
        new Map(
          [...M.invitations].map(([a, v]) => [
            a,
            new Map([
              ['inst', v.inst],
              ['role', v.role],
            ]),
          ]),
        ),
      ),
      'invitations: replay vs model',
    );
    // ... and equals every on-chain view.
    assert.equal(Number((await hubCall('institutionCount', []))[0]), S.institutions.size);
    for (const [id, inst] of S.institutions) {
      const v = await hubCall('institution', [id]);
      assert.deepEqual(
        [lc(v.institutionAdmin), Number(v.kind), v.suspended, lc(v.groupKey), Number(v.keyVersion)],
        [inst.admin, inst.kind, inst.suspended, inst.groupKey, inst.keyVersion],
        `institution ${id}`,
      );
      assert.equal(
        Number((await hubCall('exposedKeyVersion', [id]))[0]),
        inst.exposedVersion,
        `exposedKeyVersion ${id}`,
      );
      assert.equal(
        inst.exposedVersion,
        M.institutions.get(id).exposedVersion,
        `exposedKeyVersion ${id}: replay vs model`,
      );
    }
    for (const a of acct) {
      const m = await hubCall('member', [a]);
      const want = S.members.get(a) ?? { inst: 0, role: 0 };
      assert.deepEqual([Number(m.institutionId), Number(m.role)], [want.inst, want.role], `member ${a}`);
      const inv = await hubCall('invitation', [a]);
      const wantInv = S.invitations.get(a);
      assert.deepEqual(
        [Number(inv.institutionId), Number(inv.role)],
        [wantInv?.get('inst') ?? 0, wantInv?.get('role') ?? 0],
        `invitation ${a}`,
      );
      assert.equal(lc((await hubCall('memberKey', [a]))[0]), S.memberKeys.get(a) ?? ZERO32, `memberKey ${a}`);
      assert.equal((await hubCall('isPatient', [a]))[0], S.patients.has(a), `isPatient ${a}`);
      assert.equal(lc((await hubCall('patientKey', [a]))[0]), S.patients.get(a) ?? ZERO32, `patientKey ${a}`);
      assert.equal(
        Number((await hubCall('patientKeyVersion', [a]))[0]),
        (S.keyVersions.get(a) ?? 0) + 1,
        `patientKeyVersion ${a}`,
      );
    }
    const granteeKeys = [...memberPool, ...patientPool, ...outsiders]
      .map(memberKey)
      .concat([1, 2, 3].map(instKey), [1, 2, 3].map(emKey));
    for (const p of allPatients) {
      for (const g of granteeKeys) {
        const v = await hubCall('grantOf', [p, g]);
        const want = S.grants.get(p)?.get(g) ?? { scopes: 0, expiry: 0 };
        assert.deepEqual([Number(v.scopes), Number(v.expiry)], [want.scopes, want.expiry], `grant ${p} -> ${g}`);
        const cur = M.grant(p, g);
        assert.equal(v.active, !!cur && M.endReason(p, g, cur) === 0, `grantOf(${p}, ${g}).active`);
        assert.equal(Number((await hubCall('grantSerial', [p, g]))[0]), M.serial(p, g), `grantSerial ${p} -> ${g}`);
      }
      assert.deepEqual((await hubCall('epochs', [p]))[0].map(Number), S.epochs.get(p) ?? new Array(32).fill(0));
      assert.equal(Number((await hubCall('recordCount', [p]))[0]), (S.records.get(p) ?? []).length);
      for (const inst of [1, 2, 3]) {
        assert.equal(
          Number((await hubCall('emergencyScopes', [p, inst]))[0]),
          S.grants.get(p)?.get(emKey(inst))?.scopes ?? 0,
        );
      }
      for (const m of [...memberPool, ...outsiders]) {
        const v = await hubCall('emergencyAccess', [p, m]);
        const want = S.emAccess.get(p)?.get(m) ?? { until: 0, inst: 0, reason: 0 };
        assert.deepEqual(
          [Number(v.until), Number(v.institutionId), Number(v.reason)],
          [want.until, want.inst, want.reason],
        );
      }
      for (const q of allPatients) {
        if (q <= p) continue;
        const v = await hubCall('familyLink', [p, q]);
        const want = S.links.get(pairKey(p, q)) ?? { proposer: `0x${'00'.repeat(20)}`, relation: 0, confirmed: false };
        assert.deepEqual(
          [lc(v.proposer), Number(v.relation), v.confirmed],
          [want.proposer, want.relation, want.confirmed],
        );
      }
      for (const n of S.nonces.get(p) ?? []) assert.equal((await hubCall('nonceUsed', [p, n]))[0], true);
    }
  });
});

/** Rebuilds the hub's state from its events alone. */
function replay(events) {
  const S = {
    institutions: new Map(),
    members: new Map(),
    invitations: new Map(),
    memberKeys: new Map(),
    patients: new Map(),
    keyVersions: new Map(),
    grants: new Map(), // patient -> Map(grantee -> { scopes, expiry }), emergency authorisations included
    epochs: new Map(),
    emAccess: new Map(),
    records: new Map(),
    links: new Map(),
    nonces: new Map(),
  };
  const sub = (m, k) => {
    if (!m.has(k)) m.set(k, new Map());
    return m.get(k);
  };
  const epochs = (p) => {
    if (!S.epochs.has(p)) S.epochs.set(p, new Array(32).fill(0));
    return S.epochs.get(p);
  };
  const rotatedIn = new Set(); // transactions that rotated a patient key: their EpochsAdvanced(ALL) is the jump itself
  const dropGrant = (a) => sub(S.grants, lc(a.patient)).delete(lc(a.grantee));
  for (const e of events) {
    const a = e.args;
    switch (e.name) {
      case 'InstitutionAdded':
        S.institutions.set(Number(a.institutionId), {
          admin: lc(a.admin),
          kind: Number(a.kind),
          suspended: false,
          groupKey: ZERO32,
          keyVersion: 0,
          exposedVersion: 0,
        });
        break;
      case 'InstitutionAdminChanged':
        S.institutions.get(Number(a.institutionId)).admin = lc(a.newAdmin);
        break;
      case 'InstitutionSuspensionChanged':
        S.institutions.get(Number(a.institutionId)).suspended = a.suspended;
        break;
      case 'GroupKeyPublished':
        Object.assign(S.institutions.get(Number(a.institutionId)), {
          groupKey: lc(a.groupKey),
          keyVersion: Number(a.keyVersion),
        });
        break;
      case 'MemberInvited':
        S.invitations.set(
          lc(a.account),
          new Map([
            ['inst', Number(a.institutionId)],
            ['role', Number(a.role)],
          ]),
        );
        break;
      case 'InvitationCancelled':
        S.invitations.delete(lc(a.account));
        break;
      case 'MemberAdded':
        S.invitations.delete(lc(a.member));
        S.members.set(lc(a.member), { inst: Number(a.institutionId), role: Number(a.role) });
        break;
      case 'MemberRemoved': {
        S.members.delete(lc(a.member));
        const inst = S.institutions.get(Number(a.institutionId));
        inst.exposedVersion = inst.keyVersion;
        break;
      }
      case 'MemberKeySet':
        S.memberKeys.set(lc(a.member), lc(a.encryptionKey));
        break;
      case 'PatientRegistered':
        S.patients.set(lc(a.patient), lc(a.encryptionKey));
        break;
      case 'PatientKeyRotated': {
        const p = lc(a.patient);
        S.patients.set(p, lc(a.encryptionKey));
        S.keyVersions.set(p, (S.keyVersions.get(p) ?? 0) + 1);
        S.epochs.set(p, new Array(32).fill(S.keyVersions.get(p) * 2 ** 24));
        rotatedIn.add(e.tx);
        break;
      }
      case 'AccessGranted':
        sub(S.grants, lc(a.patient)).set(lc(a.grantee), { scopes: Number(a.scopes), expiry: Number(a.expiry) });
        break;
      case 'AccessRevoked': {
        const gs = sub(S.grants, lc(a.patient));
        const g = gs.get(lc(a.grantee));
        const remaining = (g.scopes & ~Number(a.scopes)) >>> 0;
        if (remaining === 0) gs.delete(lc(a.grantee));
        else g.scopes = remaining;
        break;
      }
      case 'AccessExpired':
      case 'AccessEnded':
        dropGrant(a);
        break;
      case 'KeysWithheld':
        break;
      case 'EpochsAdvanced': {
        if (rotatedIn.has(e.tx) && Number(a.scopes) === ALL) break;
        const ep = epochs(lc(a.patient));
        for (const b of bitsOf(Number(a.scopes))) ep[b]++;
        break;
      }
      case 'NonceConsumed':
        if (!S.nonces.has(lc(a.patient))) S.nonces.set(lc(a.patient), new Set());
        S.nonces.get(lc(a.patient)).add(a.nonce);
        break;
      case 'EmergencyInstitutionSet': {
        const gs = sub(S.grants, lc(a.patient));
        const g = emKey(Number(a.institutionId));
        if (Number(a.scopes) === 0) gs.delete(g);
        else gs.set(g, { scopes: Number(a.scopes), expiry: 0 });
        break;
      }
      case 'EmergencyAccessOpened':
        sub(S.emAccess, lc(a.patient)).set(lc(a.member), {
          until: Number(a.until),
          inst: Number(a.institutionId),
          reason: Number(a.reason),
        });
        break;
      case 'EmergencyAccessClosed':
        sub(S.emAccess, lc(a.patient)).delete(lc(a.member));
        break;
      case 'RecordAdded': {
        const p = lc(a.patient);
        if (!S.records.has(p)) S.records.set(p, []);
        const recs = S.records.get(p);
        assert.equal(Number(a.recordId), recs.length + 1, 'record ids are consecutive');
        const previous = Number(a.previous);
        if (previous) recs[previous - 1].superseded = true;
        recs.push({
          digest: a.digest,
          codec: Number(a.codec),
          scope: Number(a.scope),
          author: lc(a.author),
          createdAt: e.blockTimestamp,
          previous,
          redacted: false,
          superseded: false,
        });
        break;
      }
      case 'RecordRedacted':
        S.records.get(lc(a.patient))[Number(a.recordId) - 1].redacted = true;
        break;
      case 'FamilyLinkProposed':
        S.links.set(pairKey(a.proposer, a.relative), {
          proposer: lc(a.proposer),
          relation: Number(a.relation),
          confirmed: false,
        });
        break;
      case 'FamilyLinkConfirmed':
        S.links.get(pairKey(a.proposer, a.relative)).confirmed = true;
        break;
      case 'FamilyLinkDissolved':
        S.links.delete(pairKey(a.by, a.other));
        break;
      case 'AdminTransferStarted':
      case 'AdminTransferred':
      case 'MemberWrapsPublished':
        break;
      default:
        throw new Error(`replay does not know event ${e.name}`);
    }
  }
  return S;
}

/** Nested maps -> sorted plain objects, dropping empty inner maps, for deep comparison. */
function sortMap(outer) {
  const out = {};
  for (const k of [...outer.keys()].sort()) {
    const inner = outer.get(k);
    if (inner.size === 0) continue;
    const o = {};
    for (const ik of [...inner.keys()].sort()) o[ik] = inner.get(ik);
    out[k] = o;
  }
  return out;
}
