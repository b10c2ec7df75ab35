// The grant/revoke scenario end to end, with the real contracts on anvil and the real
// local IPFS node (tools/ipfs-node): a patient adds records in two scopes, grants doctor A scope 1
// (labs) and doctor B both scopes (labs, clinical notes) and an institution the notes; revokes B
// and adds a record: B cannot open it, A opens every labs record; an institution member removed
// from the group cannot open records shared after the removal (the chart is settled: the clinic's
// keys are withheld and the notes epoch advances), the remaining member can.
// Envelopes, keys, grant payloads, group keys, FHIR checks, CIDs and block verification come from
// the WASM module; transactions and event queries go through ethers (test tooling), envelopes
// through the node's Kubo RPC `add` and its trustless gateway.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mnemonicToSeedSync } from '@scure/bip39';
import { CID } from 'multiformats/cid';
import { sha256 } from 'multiformats/hashes/sha2';
import * as Digest from 'multiformats/hashes/digest';
import { setupChain, send, memberGrantee, institutionGrantee, KIND, ROLE } from '../contracts/helpers.mjs';
import { ANVIL_MNEMONIC } from '../contracts/anvil.mjs';
import { startIpfsNode } from '../../tools/ipfs-node/start.mjs';
import { init, hex } from './helpers.mjs';

const ehr = await init();
const r = ehr.records;
const LABS = r.scopes.labs; // 0
const NOTES = r.scopes.clinical_notes; // 3
const bit = (...s) => s.reduce((m, x) => m | (1 << x), 0) >>> 0;
const b32 = (u8) => `0x${hex(u8)}`;
const bytesOf = (h) => new Uint8Array(Buffer.from(h.slice(2), 'hex'));

let chain, ipfs, dataDir;
before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'ehr-records-scenario-'));
  [chain, ipfs] = await Promise.all([setupChain({ accounts: 10 }), startIpfsNode({ dataDir, port: 0 })]);
});
after(async () => {
  await chain?.stop();
  await ipfs?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

// ---- IPFS: upload with the project's profile, fetch through the gateway ------------------------
async function upload(bytes) {
  const expected = ehr.ipfs.cidSync(bytes); // computed in WASM before the upload
  const form = new FormData();
  form.append('file', new Blob([bytes]), 'record.ehr');
  const res = await fetch(
    `${ipfs.rpcUrl}/add?cid-version=1&raw-leaves=true&chunker=size-1048576&max-file-links=1024&trickle=false&hash=sha2-256&quieter=true`,
    { method: 'POST', body: form },
  );
  assert.equal(res.status, 200);
  const cid = CID.parse(JSON.parse((await res.text()).trim().split('\n').pop()).Hash);
  assert.equal(cid.toString(), expected);
  if (bytes.length <= 1 << 20) {
    // A single raw block: the CID is the hash of the bytes we sent.
    assert.equal(cid.code, 0x55);
    assert.equal(hex(cid.multihash.digest), hex((await sha256.digest(bytes)).digest));
  }
  return cid;
}
/** A block from the trustless gateway, verified against its CID in WASM. */
async function getBlock(cid) {
  const res = await fetch(`${ipfs.gatewayUrl}/ipfs/${cid}?format=raw`);
  assert.equal(res.status, 200);
  const bytes = new Uint8Array(await res.arrayBuffer());
  assert.ok(ehr.ipfs.verifyBlock(cid.toString(), bytes), `block ${cid} does not match its CID`);
  return bytes;
}
async function fetchRange(cid, from, to) {
  const res = await fetch(`${ipfs.gatewayUrl}/ipfs/${cid}`, {
    headers: to === undefined ? {} : { Range: `bytes=${from}-${to}` },
  });
  assert.ok(res.status === 200 || res.status === 206, `gateway status ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

// ---- the parties -------------------------------------------------------------------------------
const seed = mnemonicToSeedSync(ANVIL_MNEMONIC);
let w, hub, patient, root, patientId, A, B, M1, M2;
const epochsOf = async () => (await hub.epochs(patient.address)).map(Number);
const records = []; // { id, cid, scope, epoch, text }

async function addRecord(resource) {
  const text = JSON.stringify(resource);
  const { scope } = r.fhir.check(text); // valid FHIR, filed under its scope
  const epoch = (await epochsOf())[scope];
  const key = root.chartKey(scope, epoch);
  const env = r.encrypt(new TextEncoder().encode(text), {
    scope,
    epoch,
    chartKeys: [key],
    recipients: [patientId.publicKey],
  });
  key.dispose();
  const cid = await upload(env);
  const receipt = await send(
    hub.connect(patient).addRecord(patient.address, b32(cid.multihash.digest), cid.code, scope),
  );
  const id = records.length + 1;
  assert.equal(Number(await hub.recordCount(patient.address)), id);
  records.push({ id, cid, scope, epoch, text, block: receipt.blockNumber });
  return records.at(-1);
}

// Everything a grantee can gather from the chain: the payloads of its AccessGranted events,
// opened with its X25519 key (a member's, or an institution group key).
async function keysFromEvents(granteeWord, identity) {
  const logs = await hub.queryFilter(hub.filters.AccessGranted(patient.address, granteeWord));
  const keys = [];
  for (const l of logs) {
    try {
      keys.push(...r.grants.open(bytesOf(l.args.wrappedKeys), identity));
    } catch (e) {
      assert.equal(e.code, 'ERR_AUTH_FAILED'); // a payload sealed to another key (a rotated group key)
    }
  }
  return keys;
}

// Fetches a record as a reader would (the header first, by range, then the whole envelope) and
// tries to open it with `chartKeys`; returns the plaintext or the error code.
async function open(rec, chartKeys) {
  // The chain holds the sha2-256 digest of the envelope and the CID codec: rebuild the CIDv1.
  const stored = await hub.record(patient.address, rec.id);
  const cid = CID.createV1(Number(stored.codec), Digest.create(0x12, bytesOf(stored.digest)));
  assert.equal(cid.toString(), rec.cid.toString());
  const head = r.inspect(await fetchRange(cid, 0, 23));
  assert.equal(head.complete, false);
  const header = r.inspect(await fetchRange(cid, 0, head.headerLength - 1));
  assert.equal(header.complete, true);
  assert.equal(header.scope, rec.scope);
  assert.equal(header.epoch, rec.epoch);
  // The whole envelope, block by block from the trustless gateway (each block checked against its
  // CID), streamed into the decryptor.
  const dec = r.createDecryptor({ chartKeys });
  const parts = [];
  try {
    for await (const piece of ehr.ipfs.readFile(cid.toString(), getBlock)) parts.push(dec.push(piece));
    parts.push(dec.finish());
  } catch (e) {
    if (e.code?.startsWith('ERR_')) return e.code;
    throw e;
  }
  return new TextDecoder().decode(Buffer.concat(parts));
}

test('grant, revoke, institution rotation: who can open what', async () => {
  w = chain.wallets;
  hub = chain.hub(w[0]);
  const [superAdmin, hospitalAdmin, doctorA, doctorB, clinicAdmin, member1, member2] = w;
  patient = w[7];

  // Keys: the patient from the built-in wallet's seed (account 7); doctor A from a wallet
  // signature over the EIP-712 EncryptionKeyRequest bound to this chain and the hub; the others
  // from other seeds or fresh.
  patientId = r.identityFromSeed(seed, 7);
  root = r.chartRootFromSeed(seed, patient.address);
  const typed = r.encryptionKeyRequest(chain.chainId, chain.addresses.EhrHub, doctorA.address);
  delete typed.types.EIP712Domain; // ethers derives the domain type itself
  const sigA = await doctorA.signTypedData(typed.domain, typed.types, typed.message);
  assert.equal(await doctorA.signTypedData(typed.domain, typed.types, typed.message), sigA); // deterministic
  const sigABytes = new Uint8Array(Buffer.from(sigA.slice(2), 'hex'));
  r.verifyEncryptionKeyRequest(sigABytes, chain.chainId, chain.addresses.EhrHub, doctorA.address); // the account's
  A = r.identityFromSignature(sigABytes, doctorA.address);
  B = r.identityFromSeed(seed, 3);
  M1 = r.generateX25519();
  M2 = r.generateX25519();

  // Registry: a hospital with doctors A and B, a clinic with members M1 and M2.
  await send(hub.connect(patient).registerPatient(b32(patientId.publicKey)));
  await send(
    hub.connect(superAdmin).addInstitution(KIND.HOSPITAL, 'General Hospital Demo', 'XX', hospitalAdmin.address),
  );
  await send(hub.connect(superAdmin).addInstitution(KIND.HOSPITAL, 'Clinic Demo', 'XX', clinicAdmin.address));
  const hospital = 1,
    clinic = 2;
  // Membership by consent: the admin invites, the account accepts what it was shown.
  for (const [admin, inst, wallet, listing] of [
    [hospitalAdmin, hospital, doctorA, ['L-1', 'Haematology', 'Dr A']],
    [hospitalAdmin, hospital, doctorB, ['L-2', 'Internal medicine', 'Dr B']],
    [clinicAdmin, clinic, member1, ['L-3', 'GP', 'Dr M1']],
    [clinicAdmin, clinic, member2, ['L-4', 'GP', 'Dr M2']],
  ]) {
    await send(hub.connect(admin).addMember(inst, wallet.address, ROLE.DOCTOR, ...listing));
    await send(hub.connect(wallet).acceptMembership(inst, ROLE.DOCTOR, ...listing));
  }
  for (const [wallet, id] of [
    [doctorA, A],
    [doctorB, B],
    [member1, M1],
    [member2, M2],
  ]) {
    await send(hub.connect(wallet).setMemberKey(b32(id.publicKey)));
  }
  // The clinic's group key v1, sealed to both members; the member wraps go to IPFS beside it.
  const memberKey = async (addr) => {
    const [log] = await hub.queryFilter(hub.filters.MemberKeySet(addr));
    return new Uint8Array(Buffer.from(log.args.encryptionKey.slice(2), 'hex'));
  };
  const g1 = r.institutions.create(1, [await memberKey(member1.address), await memberKey(member2.address)]);
  await send(hub.connect(clinicAdmin).publishGroupKey(clinic, b32(g1.groupKey.publicKey), 1));
  const wraps1 = await upload(g1.memberWraps);

  // Records in two scopes.
  const labs1 = await addRecord(
    JSON.parse(readFileSync(new URL('../data/fhir/valid/observation-hemoglobin.json', import.meta.url), 'utf8')),
  );
  const notes1 = await addRecord(
    JSON.parse(readFileSync(new URL('../data/fhir/valid/condition.json', import.meta.url), 'utf8')),
  );
  assert.deepEqual([labs1.scope, notes1.scope], [LABS, NOTES]);
  // An attachment larger than one IPFS block (a UnixFS DAG): the report's PDF, filed under labs.
  const pdf = new Uint8Array(2_600_000).map((_, i) => (i * 31 + (i >> 12)) & 0xff);
  const pdfKey = root.chartKey(LABS, 0);
  const pdfEnv = r.encrypt(pdf, { scope: LABS, epoch: 0, chartKeys: [pdfKey], recipients: [patientId.publicKey] });
  const pdfCid = await upload(pdfEnv);
  assert.equal(pdfCid.code, 0x70); // dag-pb root over raw leaves
  await send(hub.connect(patient).addRecord(patient.address, b32(pdfCid.multihash.digest), pdfCid.code, LABS));
  records.push({ id: records.length + 1, cid: pdfCid, scope: LABS, epoch: 0, text: new TextDecoder().decode(pdf) });
  const attachment = records.at(-1);

  // Grants: A labs, B labs + notes, the clinic notes (sealed to its group key).
  const grant = async (word, pk, scopes) =>
    send(hub.connect(patient).grantAccess(word, scopes, 0, r.grants.create(root, pk, scopes, await epochsOf())));
  await grant(memberGrantee(doctorA.address), A.publicKey, bit(LABS));
  await grant(memberGrantee(doctorB.address), B.publicKey, bit(LABS, NOTES));
  const [gk1] = await hub.queryFilter(hub.filters.GroupKeyPublished(clinic));
  await grant(institutionGrantee(clinic), new Uint8Array(Buffer.from(gk1.args.groupKey.slice(2), 'hex')), bit(NOTES));

  // Each reader gathers its keys from the chain and opens what it was granted.
  const m2group = r.institutions.open(await fetchRange(wraps1), M2);
  const m2KeysBefore = await keysFromEvents(institutionGrantee(clinic), m2group);
  let kA = await keysFromEvents(memberGrantee(doctorA.address), A);
  let kB = await keysFromEvents(memberGrantee(doctorB.address), B);
  assert.equal(await open(labs1, kA), labs1.text);
  assert.equal(await open(attachment, kA), attachment.text);
  assert.equal(await open(notes1, kA), 'ERR_NO_RECIPIENT');
  assert.equal(await open(labs1, kB), labs1.text);
  assert.equal(await open(notes1, kB), notes1.text);
  assert.equal(await open(notes1, m2KeysBefore), notes1.text);
  assert.equal(Number(await hub.accessMask(patient.address, doctorB.address)), bit(LABS, NOTES));

  // Revoke B: the contract advances the epochs of labs and notes; the page re-grants the new
  // keys to the remaining grantees of those scopes (A for labs, the clinic for notes).
  const rev = await send(hub.connect(patient).revokeAccess(memberGrantee(doctorB.address), bit(LABS, NOTES)));
  const advanced = (
    await hub.queryFilter(hub.filters.EpochsAdvanced(patient.address), rev.blockNumber, rev.blockNumber)
  )[0].args.scopes;
  assert.equal(Number(advanced), bit(LABS, NOTES));
  const epochs = await epochsOf();
  assert.deepEqual([epochs[LABS], epochs[NOTES]], [1, 1]);
  const remaining = [
    { word: memberGrantee(doctorA.address), publicKey: A.publicKey, scopes: bit(LABS) },
    { word: institutionGrantee(clinic), publicKey: g1.groupKey.publicKey, scopes: bit(NOTES) },
  ];
  for (const re of r.grants.afterEpochChange(root, Number(advanced), epochs, remaining)) {
    await send(
      hub.connect(patient).grantAccess(remaining[re.grantee].word, remaining[re.grantee].scopes, 0, re.payload),
    );
  }
  const labs2 = await addRecord({
    resourceType: 'Observation',
    status: 'final',
    category: [
      { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }] },
    ],
    code: { coding: [{ system: 'http://loinc.org', code: '2345-7', display: 'Glucose' }] },
    subject: { reference: 'Patient/p' },
    effectiveDateTime: '2024-06-01T08:00:00Z',
    valueQuantity: { value: 5.4, unit: 'mmol/L', system: 'http://unitsofmeasure.org', code: 'mmol/L' },
  });
  assert.equal(labs2.epoch, 1);
  kA = await keysFromEvents(memberGrantee(doctorA.address), A);
  kB = await keysFromEvents(memberGrantee(doctorB.address), B);
  assert.equal(await open(labs2, kB), 'ERR_NO_RECIPIENT'); // B cannot open the new record
  assert.equal(await open(labs1, kA), labs1.text); // A opens every labs record
  assert.equal(await open(labs2, kA), labs2.text);
  assert.equal(await open(notes1, kA), 'ERR_NO_RECIPIENT');
  assert.equal(Number(await hub.accessMask(patient.address, doctorB.address)), 0);

  // The clinic removes M2, who held group key v1: the clinic's notes grant was sealed to an exposed
  // key, so notes are pending (a writer must not use their chart key) and the clinic's key is no
  // reader until it rotates. The clinic rotates; anyone settles the chart, which withholds the
  // clinic's keys and advances the notes epoch; the patient grants the new key to the new group key.
  const readerKeysOf = async (scope) =>
    (await chain.lens().readerKeys(patient.address, scope)).map((k) => k.toLowerCase());
  assert.equal(Number(await chain.lens().pendingScopes(patient.address)), 0);
  await send(hub.connect(clinicAdmin).removeMember(clinic, member2.address));
  assert.equal(Number(await hub.exposedKeyVersion(clinic)), 1);
  assert.equal(Number(await chain.lens().pendingScopes(patient.address)), bit(NOTES));
  assert.deepEqual(await readerKeysOf(NOTES), [b32(patientId.publicKey)], 'the exposed group key reads nothing new');
  const g2 = r.institutions.create(2, [await memberKey(member1.address)]);
  await send(hub.connect(clinicAdmin).publishGroupKey(clinic, b32(g2.groupKey.publicKey), 2));
  const wraps2 = await upload(g2.memberWraps);
  const [, gk2] = await hub.queryFilter(hub.filters.GroupKeyPublished(clinic));
  assert.equal(Number(gk2.args.keyVersion), 2);
  assert.deepEqual(await readerKeysOf(NOTES), [b32(patientId.publicKey), b32(g2.groupKey.publicKey)]);
  assert.equal(
    Number(await chain.lens().pendingScopes(patient.address)),
    bit(NOTES),
    'still pending: the keys it holds are v1',
  );
  const settled = await send(hub.connect(member1).settleAccess(patient.address));
  const withheld = await hub.queryFilter(
    hub.filters.KeysWithheld(patient.address),
    settled.blockNumber,
    settled.blockNumber,
  );
  assert.deepEqual(
    withheld.map((e) => [e.args.grantee, Number(e.args.scopes)]),
    [[institutionGrantee(clinic), bit(NOTES)]],
  );
  assert.equal(Number(await chain.lens().pendingScopes(patient.address)), 0);
  assert.equal(
    Number(await hub.accessMask(patient.address, member1.address)),
    bit(NOTES),
    'the clinic keeps its access',
  );
  const epochs2 = await epochsOf();
  assert.equal(epochs2[NOTES], 2);
  await send(
    hub
      .connect(patient)
      .grantAccess(
        institutionGrantee(clinic),
        bit(NOTES),
        0,
        r.grants.create(root, new Uint8Array(Buffer.from(gk2.args.groupKey.slice(2), 'hex')), bit(NOTES), epochs2),
      ),
  );
  const allergy = await addRecord(
    JSON.parse(readFileSync(new URL('../data/fhir/valid/allergy.json', import.meta.url), 'utf8')),
  );
  assert.equal(allergy.scope, r.scopes.allergies); // filed under allergies, which nobody was granted
  const notes3 = await addRecord({
    resourceType: 'Condition',
    clinicalStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
    },
    code: { text: 'Hypertension' },
    subject: { reference: 'Patient/p' },
    recordedDate: '2024-06-02',
  });
  assert.equal(notes3.epoch, 2);

  // M2, removed: no wrap in the new member wraps, and nothing it kept opens the new record.
  assert.throws(
    () => r.institutions.open(g2.memberWraps, M2),
    (e) => e.code === 'ERR_NO_RECIPIENT',
  );
  const m2KeysAfter = await keysFromEvents(institutionGrantee(clinic), m2group);
  assert.equal(await open(notes3, m2KeysAfter), 'ERR_NO_RECIPIENT');
  assert.equal(await open(notes1, m2KeysAfter), notes1.text); // what was shared before stays readable
  assert.equal(Number(await hub.accessMask(patient.address, member2.address)), 0);
  // M1 opens it through the rotated group key.
  const m1group = r.institutions.open(await fetchRange(wraps2), M1);
  assert.equal(m1group.version, 2);
  const m1Keys = await keysFromEvents(institutionGrantee(clinic), m1group);
  assert.equal(await open(notes3, m1Keys), notes3.text);
  // The patient opens everything with the identity key alone (recipient wraps).
  for (const rec of records) {
    const env = await fetchRange(rec.cid);
    assert.equal(new TextDecoder().decode(r.decrypt(env, { identities: [patientId] })), rec.text);
  }
  assert.equal(await open(attachment, [...kA]), attachment.text); // A still reads the older attachment
  r.clearKeys();
});
