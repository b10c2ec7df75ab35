// The demo world that `npm start` seeds once on a fresh chain: a super-admin, a hospital with two
// doctors, a laboratory with a technician (each invited and accepting), both institutions' group
// keys, three patients with records in several categories, grants, appointments and a family link.
//
// Every account is one of anvil's public development accounts (its default phrase), so that the
// page's built-in wallet can offer them in a development build. Records are made exactly as the
// page makes them (web/src/records/chart.js addRecord): the account's keys come from its EIP-712
// EncryptionKeyRequest signature (identityFromSignature / chartRootFromSignature), the FHIR
// resource is checked and filed under its scope, encrypted under the chart key K(scope, epoch),
// uploaded with the CID checked against the one computed in WebAssembly, then added on chain with
// EhrHub.addRecord. A doctor and the lab technician write with the chart keys their grants carry,
// as the clinician screens do. The page, logged in as a demo patient, decrypts all of it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Contract, HDNodeWallet, JsonRpcProvider, Mnemonic, NonceManager, zeroPadValue } from 'ethers';
import { init } from '../../wasm/js/ehr.js';
import { createUploader } from '../../wasm/js/gateway.js';
import { readArtifact } from '../../contracts/build.mjs';
import { waitReceipt } from '../../contracts/tx.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** anvil's (and hardhat's) public development phrase. Development only. */
export const DEV_PHRASE = 'test test test test test test test test test test test junk';

const KIND = { HOSPITAL: 1, LAB: 2 };
const ROLE = { DOCTOR: 1, NURSE: 2, LAB_TECHNICIAN: 3 };
const DAY = 86400;

/**
 * The demo's people: anvil account index, role and what to try with them. The list is what the
 * page's development-accounts section shows (config.devAccounts) and what `npm start` prints.
 */
export const DEMO_ACCOUNTS = [
  {
    index: 0,
    key: 'admin',
    label: 'Super-admin (platform administrator; runs the hospital and the lab)',
    role: 'super-admin',
  },
  {
    index: 1,
    key: 'drAda',
    label: 'Dr Ada Okafor (doctor, Riverside General Hospital)',
    role: 'doctor',
    name: 'Dr Ada Okafor',
  },
  {
    index: 2,
    key: 'drBen',
    label: 'Dr Ben Lindqvist (doctor, Riverside General Hospital)',
    role: 'doctor',
    name: 'Dr Ben Lindqvist',
  },
  {
    index: 3,
    key: 'labTech',
    label: 'Lena Park (lab technician, Northside Laboratory)',
    role: 'lab technician',
    name: 'Lena Park',
  },
  { index: 4, key: 'alice', label: 'Alice (patient)', role: 'patient' },
  { index: 5, key: 'bob', label: 'Bob (patient)', role: 'patient' },
  { index: 6, key: 'carol', label: 'Carol (patient, Alice’s daughter)', role: 'patient' },
];

/** The development accounts' wallets (ethers), by DEMO_ACCOUNTS key. */
export function demoWallets(provider) {
  const mnemonic = Mnemonic.fromPhrase(DEV_PHRASE);
  return Object.fromEntries(
    DEMO_ACCOUNTS.map((a) => [
      a.key,
      HDNodeWallet.fromMnemonic(mnemonic, `m/44'/60'/0'/0/${a.index}`).connect(provider),
    ]),
  );
}

const fhir = (name) => JSON.parse(readFileSync(join(ROOT, 'tests', 'data', 'fhir', 'valid', `${name}.json`), 'utf8'));

/** The FHIR resources each patient's chart gets, with who writes them. */
function chartPlan() {
  const allergy = fhir('allergy');
  const med = fhir('medication-statement');
  const imm = fhir('immunization');
  const bp = fhir('observation-blood-pressure');
  const hb = fhir('observation-hemoglobin');
  const cond = fhir('condition');
  const fmh = fhir('family-member-history');
  const bobAllergy = {
    ...allergy,
    id: 'allergy-bob',
    criticality: 'low',
    code: {
      coding: [{ system: 'http://snomed.info/sct', code: '256349002', display: 'Peanut' }],
      text: 'Peanut allergy',
    },
  };
  const bobImm = {
    ...imm,
    id: 'imm-bob',
    vaccineCode: {
      coding: [{ system: 'http://hl7.org/fhir/sid/cvx', code: '141', display: 'Influenza, seasonal, injectable' }],
    },
    occurrenceDateTime: '2025-10-02T09:00:00+02:00',
    recorded: '2025-10-02',
    lotNumber: 'FL2025-77',
  };
  return {
    alice: [
      { by: 'alice', resource: allergy },
      { by: 'alice', resource: med },
      { by: 'alice', resource: imm },
      { by: 'alice', resource: bp },
      { by: 'labTech', resource: hb },
      { by: 'drAda', resource: cond },
    ],
    bob: [
      { by: 'bob', resource: bobAllergy },
      { by: 'bob', resource: bobImm },
    ],
    carol: [{ by: 'carol', resource: fmh }],
  };
}

/**
 * Seeds the demo world. Needs the contracts deployed at `addresses`, an IPFS upload endpoint and
 * the WebAssembly module built.
 * @param {{ rpcUrl: string, apiUrl: string, addresses: { EhrHub: string, EhrAppointments: string },
 *   log?: (line: string) => void }} o
 * @returns {Promise<object>} a summary (written beside the demo's state by the caller)
 */
export async function seedDemo({ rpcUrl, apiUrl, addresses, log = () => {} }) {
  const ehr = await init();
  const r = ehr.records;
  const provider = new JsonRpcProvider(rpcUrl, undefined, { cacheTimeout: -1, staticNetwork: true });
  const chainId = Number((await provider.getNetwork()).chainId);
  const w = demoWallets(provider);
  const [hubAbi, apptAbi] = await Promise.all([readArtifact('EhrHub'), readArtifact('EhrAppointments')]);
  const signers = Object.fromEntries(Object.entries(w).map(([k, v]) => [k, new NonceManager(v)]));
  const hub = (who) => new Contract(addresses.EhrHub, hubAbi.abi, signers[who]);
  const appts = (who) => new Contract(addresses.EhrAppointments, apptAbi.abi, signers[who]);
  const send = async (p) => waitReceipt(await p);
  const b32 = (u8) => `0x${Buffer.from(u8).toString('hex')}`;
  const uploader = createUploader(ehr, { apiUrl });

  // Each account's keys, as the page derives them: the EncryptionKeyRequest signature.
  const keys = {};
  for (const a of DEMO_ACCOUNTS) {
    const wallet = w[a.key];
    const typed = r.encryptionKeyRequest(chainId, addresses.EhrHub, wallet.address, 1);
    const types = { ...typed.types };
    delete types.EIP712Domain; // ethers derives the domain type itself
    const sig = ehr.fromHex(await wallet.signTypedData(typed.domain, types, typed.message));
    try {
      r.verifyEncryptionKeyRequest(sig, chainId, addresses.EhrHub, wallet.address, 1);
      keys[a.key] = {
        identity: r.identityFromSignature(sig, wallet.address),
        chartRoot: r.chartRootFromSignature(sig, wallet.address),
      };
    } finally {
      sig.fill(0);
    }
  }
  const addr = (k) => w[k].address;
  const memberGrantee = (k) => zeroPadValue(addr(k), 32);

  // Registry: institutions, members (invited by the admin, then accepting with the listing data
  // they were shown), their published keys, the institutions' group keys, patients.
  log('institutions and members');
  await send(hub('admin').addInstitution(KIND.HOSPITAL, 'Riverside General Hospital', 'Demo', addr('admin')));
  await send(hub('admin').addInstitution(KIND.LAB, 'Northside Laboratory', 'Demo', addr('admin')));
  const hospital = 1;
  const lab = 2;
  const staff = [
    {
      key: 'drAda',
      institution: hospital,
      role: ROLE.DOCTOR,
      listing: ['GMC-100001', 'General practice', 'Dr Ada Okafor'],
    },
    {
      key: 'drBen',
      institution: hospital,
      role: ROLE.DOCTOR,
      listing: ['GMC-100002', 'Cardiology', 'Dr Ben Lindqvist'],
    },
    {
      key: 'labTech',
      institution: lab,
      role: ROLE.LAB_TECHNICIAN,
      listing: ['LAB-2001', 'Clinical chemistry', 'Lena Park'],
    },
  ];
  for (const m of staff) {
    await send(hub('admin').addMember(m.institution, addr(m.key), m.role, ...m.listing));
    await send(hub(m.key).acceptMembership(m.institution, m.role, ...m.listing));
  }
  for (const m of staff) await send(hub(m.key).setMemberKey(b32(keys[m.key].identity.publicKey)));
  // Each institution's group key (version 1), as the admin screen makes it (web/src/records/group.js):
  // sealed to its members and to the admin, the wraps on IPFS, published before any patient can
  // grant to the institution or authorise it for emergencies (the hub refuses both without a key).
  log('group keys');
  for (const institution of [hospital, lab]) {
    const memberKeys = staff.filter((m) => m.institution === institution).map((m) => keys[m.key].identity.publicKey);
    const { groupKey, memberWraps } = r.institutions.create(1, [keys.admin.identity.publicKey, ...memberKeys]);
    try {
      await send(hub('admin').publishGroupKey(institution, b32(groupKey.publicKey), 1));
      const parsed = ehr.ipfs.parseCid((await uploader.add(memberWraps)).cid);
      await send(hub('admin').publishMemberWraps(institution, 1, b32(parsed.digest), parsed.codec));
    } finally {
      groupKey.dispose();
      memberWraps.fill(0);
    }
  }
  log('patients');
  for (const k of ['alice', 'bob', 'carol']) await send(hub(k).registerPatient(b32(keys[k].identity.publicKey)));

  const epochs = async (patient) => Array.from(await hub('admin').epochs(addr(patient)), Number);
  const scopeBits = (...scopes) => scopes.reduce((m, s) => m | (1 << s), 0) >>> 0;
  const S = r.scopes;
  const now = Number((await provider.getBlock('latest')).timestamp);

  // Grants (patient -> clinician), each carrying the chart keys of its scopes, sealed to the
  // clinician's published key (records/keys "grants.create", as the Access screen does).
  const grants = [
    {
      patient: 'alice',
      to: 'drAda',
      scopes: [S.allergies, S.prescriptions, S.immunizations, S.labs, S.clinical_notes, S.vitals],
      days: 90,
    },
    { patient: 'alice', to: 'labTech', scopes: [S.labs], days: 30 },
    { patient: 'bob', to: 'drBen', scopes: [S.allergies, S.immunizations], days: 180 },
    { patient: 'carol', to: 'drAda', scopes: [S.immunizations, S.family_history], days: 365 },
  ];
  log('grants');
  const granted = {};
  for (const g of grants) {
    const mask = scopeBits(...g.scopes);
    const payload = r.grants.create(
      keys[g.patient].chartRoot,
      keys[g.to].identity.publicKey,
      mask,
      await epochs(g.patient),
    );
    await send(hub(g.patient).grantAccess(memberGrantee(g.to), mask, BigInt(now + g.days * DAY), payload));
    (granted[`${g.patient}:${g.to}`] ??= []).push(payload);
  }

  // Records.
  log('records');
  const plan = chartPlan();
  const added = [];
  for (const [patient, list] of Object.entries(plan)) {
    for (const item of list) {
      const json = JSON.stringify(item.resource);
      const checked = r.fhir.check(json); // throws ERR_BAD_FHIR on an invalid resource
      const scope = checked.scope;
      const epoch = (await epochs(patient))[scope];
      let key;
      const opened = [];
      if (item.by === patient) {
        key = keys[patient].chartRoot.chartKey(scope, epoch);
      } else {
        // A clinician: the chart key comes from the grant's payload, opened with their identity.
        for (const p of granted[`${patient}:${item.by}`] ?? [])
          opened.push(...r.grants.open(p, keys[item.by].identity));
        key = opened.find((k) => k.scope === scope && k.epoch === epoch);
        if (!key) throw new Error(`seed: ${item.by} holds no key for scope ${scope} of ${patient}`);
      }
      const plain = new TextEncoder().encode(json);
      let envelope;
      try {
        envelope = r.encrypt(plain, { scope, epoch, chartKeys: [key] });
      } finally {
        plain.fill(0);
        if (item.by === patient) key.dispose();
        for (const k of opened) k.dispose();
      }
      const { cid } = await uploader.add(envelope);
      const parsed = ehr.ipfs.parseCid(cid);
      await send(hub(item.by).addRecord(addr(patient), b32(parsed.digest), parsed.codec, scope));
      added.push({ patient, by: item.by, scope, resourceType: item.resource.resourceType, cid });
    }
  }

  // Appointments: Alice with Dr Ada (confirmed), Bob with Dr Ben (waiting for an answer).
  log('appointments');
  const at = (days, hour) => BigInt(Math.floor((now + days * DAY) / DAY) * DAY + hour * 3600);
  await send(appts('alice').requestAppointment(memberGrantee('drAda'), at(3, 9), 1800));
  await send(appts('drAda').confirmAppointment(1));
  await send(appts('bob').requestAppointment(memberGrantee('drBen'), at(5, 14), 1200));

  // A family link: Alice proposes that she is Carol's parent; Carol confirms.
  log('family link');
  await send(hub('alice').proposeFamilyLink(addr('carol'), 1));
  await send(hub('carol').confirmFamilyLink(addr('alice'), 1));

  for (const k of Object.values(keys)) {
    k.identity.dispose();
    k.chartRoot.dispose();
  }
  provider.destroy();
  return {
    chainId,
    institutions: [
      { id: hospital, name: 'Riverside General Hospital' },
      { id: lab, name: 'Northside Laboratory' },
    ],
    accounts: Object.fromEntries(DEMO_ACCOUNTS.map((a) => [a.key, addr(a.key)])),
    grants: grants.map((g) => ({ patient: g.patient, to: g.to, scopes: g.scopes, days: g.days })),
    records: added,
    appointments: 2,
    familyLinks: 1,
  };
}
