// No plaintext personal data on chain: a demo scenario uses a patient's name and birth date only
// off chain (inside encrypted FHIR envelopes), then every storage slot written, every log and every
// transaction's calldata is scanned for those strings in UTF-8, UTF-16 and hex-text form.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { Signature, Wallet, concat, getBytes, hexlify, keccak256, sha256, toUtf8Bytes } from 'ethers';
import sodium from 'libsodium-wrappers-sumo';
import {
  CODEC,
  KIND,
  ROLE,
  SCOPE,
  bit,
  combinedInterface,
  enrol,
  institutionGrantee,
  memberGrantee,
  send,
  setupChain,
} from './helpers.mjs';
import { hubDomain, CONSENT_TYPES, REGISTRATION_TYPES } from '../../contracts/eip712.mjs';

// Demo identity, used only off chain.
const PERSONAL = [
  'Alice Example',
  'Alice',
  'Example',
  '1984-03-02',
  '19840302',
  '02/03/1984',
  'Robert Example',
  'Demo Street 7',
];
const PUBLIC_CONTROL = 'General Hospital Demo';

function encodings(text) {
  const utf8 = hexlify(toUtf8Bytes(text)).slice(2);
  const utf16 = Buffer.from(text, 'utf16le').toString('hex');
  const hexText = hexlify(toUtf8Bytes(utf8)).slice(2);
  const hexTextUpper = hexlify(toUtf8Bytes(utf8.toUpperCase())).slice(2);
  return { utf8, utf16, hexText, hexTextUpper };
}

/** Finds `needle` (hex) in `hay` (hex) at a byte boundary. */
function containsHex(hay, needle) {
  hay = hay.toLowerCase();
  needle = needle.toLowerCase();
  for (let i = hay.indexOf(needle); i !== -1; i = hay.indexOf(needle, i + 1)) {
    if (i % 2 === 0) return true;
  }
  return false;
}

function strip0x(h) {
  return h.startsWith('0x') ? h.slice(2) : h;
}

/** Encrypts bytes with secretstream (one final chunk) and returns header || ciphertext. */
function seal(key, plaintext) {
  const { state, header } = sodium.crypto_secretstream_xchacha20poly1305_init_push(key);
  const c = sodium.crypto_secretstream_xchacha20poly1305_push(
    state,
    plaintext,
    null,
    sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL,
  );
  return concat([header, c]);
}

/** Decrypts header || ciphertext; returns null when authentication fails. */
function open(key, envelope) {
  const bytes = getBytes(envelope);
  const hlen = sodium.crypto_secretstream_xchacha20poly1305_HEADERBYTES;
  try {
    const state = sodium.crypto_secretstream_xchacha20poly1305_init_pull(bytes.slice(0, hlen), key);
    const r = sodium.crypto_secretstream_xchacha20poly1305_pull(state, bytes.slice(hlen));
    return r ? r.message : null;
  } catch {
    return null;
  }
}

describe('no plaintext personal data on chain', () => {
  let ctx;
  const offChainStore = new Map(); // digest -> envelope (stands in for IPFS)
  const plaintexts = [];
  let alicePublicKeyHex;
  let doctorKeys;
  const digests = [];

  before(async () => {
    await sodium.ready;
    ctx = await setupChain({ accounts: 12 });
    const w = ctx.wallets;
    const [admin, hospitalAdmin, doctor, nurse, alice, bob] = [w[0], w[1], w[2], w[3], w[4], w[5]];
    const hub = (s) => ctx.hub(s);

    // Public institutional data (allowed on chain).
    await send(hub(admin).addInstitution(KIND.HOSPITAL, PUBLIC_CONTROL, 'XX', hospitalAdmin.address));
    await enrol(ctx, hospitalAdmin, 1, doctor, ROLE.DOCTOR, 'LIC-77', 'General practice', 'Dr. Demo GP');
    await enrol(ctx, hospitalAdmin, 1, nurse, ROLE.NURSE, 'LIC-78', 'Emergency', 'Nurse Demo ER');
    const groupKeys = sodium.crypto_box_keypair();
    await send(hub(hospitalAdmin).publishGroupKey(1, hexlify(groupKeys.publicKey), 1));
    doctorKeys = sodium.crypto_box_keypair();
    await send(hub(doctor).setMemberKey(hexlify(doctorKeys.publicKey)));

    // The patient registers with nothing but an X25519 public key.
    const aliceKeys = sodium.crypto_box_keypair();
    alicePublicKeyHex = strip0x(hexlify(aliceKeys.publicKey));
    await send(hub(alice).registerPatient(hexlify(aliceKeys.publicKey)));
    await send(hub(bob).registerPatient(hexlify(sodium.crypto_box_keypair().publicKey)));

    // Chart keys per scope, epoch 0; the grant carries them sealed to the doctor's key.
    const labKey = sodium.crypto_secretstream_xchacha20poly1305_keygen();
    const notesKey = sodium.crypto_secretstream_xchacha20poly1305_keygen();
    const familyKey = sodium.crypto_secretstream_xchacha20poly1305_keygen();
    const wrappedForDoctor = concat([
      sodium.crypto_box_seal(labKey, doctorKeys.publicKey),
      sodium.crypto_box_seal(notesKey, doctorKeys.publicKey),
    ]);
    await send(
      hub(alice).grantAccess(memberGrantee(doctor.address), bit(SCOPE.LABS, SCOPE.NOTES), 0, wrappedForDoctor),
    );

    const addEnvelope = async (signer, scope, key, resource) => {
      const text = JSON.stringify(resource);
      plaintexts.push(text);
      const envelope = seal(key, toUtf8Bytes(text));
      const digest = sha256(envelope); // the sha2-256 multihash digest of a raw-codec CIDv1
      offChainStore.set(digest, envelope);
      digests.push(digest);
      await send(hub(signer).addRecord(alice.address, digest, CODEC.RAW, scope));
      return digest;
    };

    await addEnvelope(alice, SCOPE.NOTES, notesKey, {
      resourceType: 'Patient',
      name: [{ text: 'Alice Example', given: ['Alice'], family: 'Example' }],
      birthDate: '1984-03-02',
      address: [{ line: ['Demo Street 7'] }],
    });
    await addEnvelope(doctor, SCOPE.LABS, labKey, {
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'Haemoglobin' },
      subject: { display: 'Alice Example (born 02/03/1984)' },
      valueQuantity: { value: 13.2, unit: 'g/dL' },
    });
    const amended = seal(
      notesKey,
      toUtf8Bytes(JSON.stringify({ resourceType: 'Condition', subject: { display: 'Alice Example' } })),
    );
    offChainStore.set(sha256(amended), amended);
    digests.push(sha256(amended));
    await send(hub(doctor).amendRecord(alice.address, 1, sha256(amended), CODEC.RAW));
    await send(hub(alice).redactRecord(alice.address, 2));

    // Family link with a relative, family history shared.
    await send(hub(alice).proposeFamilyLink(bob.address, 2));
    await send(hub(bob).confirmFamilyLink(alice.address, 2));
    await send(
      hub(alice).grantAccess(
        memberGrantee(bob.address),
        bit(SCOPE.FAMILY_HISTORY),
        0,
        sodium.crypto_box_seal(familyKey, aliceKeys.publicKey),
      ),
    );
    await addEnvelope(alice, SCOPE.FAMILY_HISTORY, familyKey, {
      resourceType: 'FamilyMemberHistory',
      relationship: { text: 'father' },
      name: 'Robert Example',
      patient: { display: 'Alice Example' },
    });

    // Emergency pre-authorisation and break-glass by the nurse.
    await send(
      hub(alice).setEmergencyInstitution(
        1,
        bit(SCOPE.ALLERGIES),
        sodium.crypto_box_seal(notesKey, groupKeys.publicKey),
      ),
    );
    await send(hub(nurse).openEmergencyAccess(alice.address, 1, 3600));

    // Appointment with the doctor.
    const now = await ctx.now();
    await send(ctx.appointments(alice).requestAppointment(memberGrantee(doctor.address), now + 7 * 86400, 1800));
    await send(ctx.appointments(doctor).confirmAppointment(1));

    // Signed consent of a patient without ETH, submitted by the hospital admin.
    const carol = Wallet.createRandom();
    const encKey = hexlify(sodium.crypto_box_keypair().publicKey);
    const domain = hubDomain(ctx.chainId, ctx.addresses.EhrHub);
    const deadline = now + 3600;
    const reg = Signature.from(
      await carol.signTypedData(domain, REGISTRATION_TYPES, {
        patient: carol.address,
        encryptionKey: encKey,
        nonce: 1,
        deadline,
      }),
    );
    await send(hub(hospitalAdmin).registerPatientBySig(carol.address, encKey, 1, deadline, reg.v, reg.r, reg.s));
    const wrapped = sodium.crypto_box_seal(labKey, doctorKeys.publicKey);
    const consent = Signature.from(
      await carol.signTypedData(domain, CONSENT_TYPES, {
        patient: carol.address,
        grantee: institutionGrantee(1),
        scopes: bit(SCOPE.LABS),
        expiry: 0,
        wrappedKeysHash: keccak256(wrapped),
        serial: 0,
        nonce: 2,
        deadline,
      }),
    );
    await send(
      hub(hospitalAdmin).grantAccessBySig(
        carol.address,
        institutionGrantee(1),
        bit(SCOPE.LABS),
        0,
        wrapped,
        0,
        2,
        deadline,
        consent.v,
        consent.r,
        consent.s,
      ),
    );
    await send(hub(alice).revokeAccess(memberGrantee(doctor.address), bit(SCOPE.NOTES)));

    // A member leaves; the keys the hospital held are withheld when anyone settles the chart.
    await send(hub(hospitalAdmin).removeMember(1, nurse.address));
    await send(hub(bob).settleAccess(alice.address));
  });

  after(async () => {
    await ctx?.stop();
  });

  /** Every piece of chain data the scenario produced, as hex strings with a label. */
  async function collectChainData() {
    const hay = [];
    const latest = Number(await ctx.anvil.rpc('eth_blockNumber'));
    let traced = 0;
    for (let n = 0; n <= latest; n++) {
      const block = await ctx.anvil.rpc('eth_getBlockByNumber', [`0x${n.toString(16)}`, true]);
      for (const tx of block.transactions) {
        hay.push({ where: `calldata of ${tx.hash}`, hex: strip0x(tx.input) });
        const diff = await ctx.anvil.rpc('debug_traceTransaction', [
          tx.hash,
          { tracer: 'prestateTracer', tracerConfig: { diffMode: true } },
        ]);
        traced++;
        for (const [addr, acct] of Object.entries(diff.post ?? {})) {
          for (const [slot, value] of Object.entries(acct.storage ?? {})) {
            hay.push({
              where: `storage ${addr}[${slot}] after ${tx.hash}`,
              hex: strip0x(slot) + strip0x(value),
              storage: true,
            });
          }
        }
      }
    }
    const logs = await ctx.anvil.rpc('eth_getLogs', [{ fromBlock: '0x0', toBlock: 'latest' }]);
    for (const log of logs) {
      hay.push({
        where: `log ${log.transactionHash}#${log.logIndex}`,
        hex: log.topics.map(strip0x).join('') + strip0x(log.data),
        log: true,
      });
    }
    const dump = JSON.parse(
      gunzipSync(Buffer.from(strip0x(await ctx.anvil.rpc('anvil_dumpState', [])), 'hex')).toString('utf8'),
    );
    let dumpedSlots = 0;
    for (const [addr, acct] of Object.entries(dump.accounts ?? {})) {
      for (const [slot, value] of Object.entries(acct.storage ?? {})) {
        dumpedSlots++;
        hay.push({ where: `final storage ${addr}[${slot}]`, hex: strip0x(slot) + strip0x(value), storage: true });
      }
    }
    return { hay, traced, logs: logs.length, dumpedSlots };
  }

  it('keeps names, birth date and address only in the encrypted envelopes', async () => {
    const { hay, traced, logs, dumpedSlots } = await collectChainData();
    assert.ok(traced >= 25, `traced ${traced} transactions`);
    assert.ok(logs >= 25, `scanned ${logs} logs`);
    assert.ok(dumpedSlots >= 30, `scanned ${dumpedSlots} final storage slots`);

    // The scanner finds data that is on chain (positive controls) ...
    const inLogs = (needle) => hay.filter((h) => h.log).some((h) => containsHex(h.hex, needle));
    const inStorage = (needle) => hay.filter((h) => h.storage).some((h) => containsHex(h.hex, needle));
    assert.ok(inLogs(encodings(PUBLIC_CONTROL).utf8), 'the public institution name is found in the logs');
    assert.ok(inStorage(alicePublicKeyHex), "the patient's public key is found in storage");
    for (const d of digests) assert.ok(inStorage(strip0x(d)), `record digest ${d} is found in storage`);

    // ... and the personal strings really were in the plaintext that was encrypted ...
    const allPlain = plaintexts.join('\n');
    for (const s of ['Alice Example', '1984-03-02', 'Robert Example', 'Demo Street 7']) assert.ok(allPlain.includes(s));

    // ... but none of them is anywhere on chain, in any encoding.
    for (const text of PERSONAL) {
      for (const [kind, needle] of Object.entries(encodings(text))) {
        const hit = hay.find((h) => containsHex(h.hex, needle));
        assert.equal(hit, undefined, `"${text}" (${kind}) found in ${hit?.where}`);
      }
    }
  });

  it('still lets the grantee decrypt: keys from the grant event, ciphertext from off-chain storage', async () => {
    const iface = await combinedInterface();
    const logs = await ctx.anvil.rpc('eth_getLogs', [
      { fromBlock: '0x0', toBlock: 'latest', address: ctx.addresses.EhrHub },
    ]);
    const parsed = logs.map((l) => iface.parseLog(l)).filter(Boolean);
    const grant = parsed.find(
      (e) => e.name === 'AccessGranted' && e.args.grantee === memberGrantee(ctx.wallets[2].address),
    );
    assert.ok(grant, 'grant event to the doctor');
    assert.equal(getBytes(grant.args.wrappedKeys).length, 160, 'two sealed 32-byte keys, 80 bytes each');
    const added = parsed.find(
      (e) => e.name === 'RecordAdded' && e.args.author === ctx.wallets[2].address && e.args.previous === 0n,
    );
    const envelope = offChainStore.get(added.args.digest);
    assert.ok(envelope, 'the on-chain digest addresses the off-chain envelope');
    assert.equal(sha256(envelope), added.args.digest, 'content addressing holds');
    // The doctor unseals the lab key (first 80 bytes of the wrapped keys) and reads the record.
    const sealedLabKey = getBytes(grant.args.wrappedKeys).slice(0, 80);
    const labKey = sodium.crypto_box_seal_open(sealedLabKey, doctorKeys.publicKey, doctorKeys.privateKey);
    const plain = open(labKey, envelope);
    assert.ok(plain, 'decrypts with the unsealed key');
    assert.match(sodium.to_string(plain), /Alice Example/);
    // Any other key fails authentication.
    assert.equal(open(sodium.crypto_secretstream_xchacha20poly1305_keygen(), envelope), null);
  });
});
