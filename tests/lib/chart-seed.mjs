// Charts of any length on anvil, seeded in bulk (bulk-send.mjs): a doctor enrolled in an
// institution with the encryption key the page derives for the account (tests/web/adversary.mjs
// versionKeys: the key request signed with anvil's public test phrase), patients registered the
// same way, each granting the doctor the category of its records, and the records: one real
// envelope per patient (a FHIR AllergyIntolerance encrypted under the patient's chart key and
// uploaded to the IPFS node), recorded on chain as many times as asked. Every record of a chart
// therefore opens, verifies and decrypts, for the patient and for the doctor.
import { readFileSync } from 'node:fs';
import { Interface, hexlify } from 'ethers';
import { createUploader } from '../../wasm/js/gateway.js';
import { adversary, memberGrantee } from '../web/adversary.mjs';
import { sendAll } from './bulk-send.mjs';

const abi = (name) =>
  JSON.parse(readFileSync(new URL(`../../contracts/out/${name}.json`, import.meta.url), 'utf8')).abi;
const RESOURCE = readFileSync(new URL('../data/fhir/valid/allergy.json', import.meta.url), 'utf8');
const DOCTOR_ROLE = 1;

/**
 * Sets up the people of the charts: institution 1 (run by account `admin`), account `doctor`
 * invited, accepted and with its key published, every account of `patients` registered and
 * granting the doctor (no expiry) the scope of the records. Resolves to a seeder of records.
 * @param {{ anvil: any, node: { apiUrl: string, gatewayUrl: string }, contracts: Record<string, string>,
 *   accounts: string[] }} stack
 * @param {{ admin: number, doctor: number, patients: number[], doctorName?: string }} o anvil account indexes
 * @returns {Promise<{ scope: number, addRecords: (patient: number, count: number) => Promise<void> }>}
 */
export async function seedPeople(stack, { admin, doctor, patients, doctorName = 'Dr Scale' }) {
  const adv = await adversary(stack);
  const { ehr } = adv;
  const hub = new Interface(abi('EhrHub'));
  const acct = (i) => stack.accounts[i];
  const tx = (from, fn, args) => ({
    from: acct(from),
    to: stack.contracts.EhrHub,
    data: hub.encodeFunctionData(fn, args),
  });
  const keys = new Map();
  for (const i of [doctor, ...patients]) keys.set(i, (await adv.versionKeys(i, 1))[0]);
  const pub = (i) => hexlify(keys.get(i).identity.publicKey);
  const listing = ['LIC-SCALE', 'General practice', doctorName];
  const { scope } = ehr.records.fhir.check(RESOURCE);
  const setup = { gas: 1_000_000 };
  await sendAll(stack.anvil, [tx(0, 'addInstitution', [1, 'Scale Clinic', 'GB', acct(admin)])], setup);
  await sendAll(
    stack.anvil,
    [
      tx(admin, 'addMember', [1, acct(doctor), DOCTOR_ROLE, ...listing]),
      ...patients.map((p) => tx(p, 'registerPatient', [pub(p)])),
    ],
    setup,
  );
  await sendAll(
    stack.anvil,
    [tx(doctor, 'acceptMembership', [1, DOCTOR_ROLE, ...listing]), tx(doctor, 'setMemberKey', [pub(doctor)])],
    setup,
  );
  const grants = [];
  for (const p of patients) {
    const epochs = Array.from(await adv.hub.epochs(acct(p)), Number);
    const payload = ehr.records.grants.create(
      keys.get(p).chartRoot,
      keys.get(doctor).identity.publicKey,
      1 << scope,
      epochs,
    );
    grants.push(tx(p, 'grantAccess', [memberGrantee(acct(doctor)), 1 << scope, 0, payload]));
  }
  await sendAll(stack.anvil, grants, setup);

  // One envelope per patient, under the chart key of the scope's current epoch.
  const uploader = createUploader(ehr, { apiUrl: stack.node.apiUrl });
  const digests = new Map();
  for (const p of patients) {
    const epoch = Number((await adv.hub.epochs(acct(p)))[scope]);
    const key = keys.get(p).chartRoot.chartKey(scope, epoch);
    let envelope;
    try {
      envelope = ehr.records.encrypt(new TextEncoder().encode(RESOURCE), { scope, epoch, chartKeys: [key] });
    } finally {
      key.dispose();
    }
    const parsed = ehr.ipfs.parseCid((await uploader.add(envelope)).cid);
    digests.set(p, { digest: hexlify(parsed.digest), codec: parsed.codec });
  }
  for (const k of keys.values()) {
    k.identity.dispose();
    k.chartRoot.dispose();
  }
  adv.provider.destroy();
  return {
    scope,
    /** Adds `count` records (the patient's envelope) to the chart of account `patient`. */
    async addRecords(patient, count) {
      const { digest, codec } = digests.get(patient);
      const add = tx(patient, 'addRecord', [acct(patient), digest, codec, scope]);
      await sendAll(
        stack.anvil,
        Array.from({ length: count }, () => add),
        { gas: 200_000 },
      );
    },
  };
}
