// When access ends, it ends in the keys. For every way access ends (a plain revoke, an expiry, a
// member removed from an institution, a replayed consent code, an emergency window the patient
// closes, a dissolved family link, a patient key rotation, an institution suspended), the page's
// own flows end the access; then the patient and a clinician whose access continues each write a
// new record through the page; then the former party plays the attacker with every key it ever
// received, read from the chain's events and the IPFS gateway directly (tests/web/adversary.mjs):
// it must not open either record, and every continuing party must.
//
// Set-up that is not under test (institutions, members accepting their invitations, group keys,
// the grants that the access to end starts from) is done from ethers and the module, as the
// administration and grant screens would (admin.test.mjs and sharing.test.mjs drive those).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Contract } from 'ethers';
import { readFileSync } from 'node:fs';
import { connectedPage, launchBrowser, screenshot, startStack, inviteAndAccept, waitForText } from './helpers.mjs';
import { adversary, memberGrantee, institutionGrantee } from './adversary.mjs';

const SUPER = 0;
const HOSP_ADMIN = 1;
const LAB_ADMIN = 2;
const ALICE = 3;
const CAROL = 4;
const ADA = 5;
const BEN = 6;
const LENA = 7;
const CY = 8;
const EAST_ADMIN = 9;
const RIVERSIDE = 1;
const LAB = 2;
const EASTSIDE = 3;
const S = { LABS: 0, FAMILY: 5, IMMUNIZATIONS: 6, ALLERGIES: 7 };
const bit = (...s) => s.reduce((m, x) => m | (1 << x), 0) >>> 0;

let stack, browser, adv;
const ctx = {};
const hubAs = {};
const addr = {};
const ALL16 = 0xffff;

before(async () => {
  stack = await startStack();
  browser = await launchBrowser();
  adv = await adversary(stack);
  const abi = JSON.parse(readFileSync(new URL('../../contracts/out/EhrHub.json', import.meta.url), 'utf8')).abi;
  for (const i of [SUPER, HOSP_ADMIN, LAB_ADMIN, ALICE, CAROL, ADA, BEN, LENA, CY, EAST_ADMIN]) {
    hubAs[i] = new Contract(stack.contracts.EhrHub, abi, adv.wallet(i));
    addr[i] = adv.wallet(i).address;
  }
  const wait = async (p) => (await p).wait();
  await wait(hubAs[SUPER].addInstitution(1, 'Riverside General', 'GB', addr[HOSP_ADMIN]));
  await wait(hubAs[SUPER].addInstitution(2, 'Northside Lab', 'GB', addr[LAB_ADMIN]));
  const keysOf = {};
  for (const [i, inst, role, name] of [
    [ADA, RIVERSIDE, 1, 'Dr Ada Okafor'],
    [BEN, RIVERSIDE, 1, 'Dr Ben Lindqvist'],
    [CY, RIVERSIDE, 1, 'Dr Cy Moreau'],
    [LENA, LAB, 3, 'Lena Park'],
  ]) {
    await inviteAndAccept(hubAs[inst === RIVERSIDE ? HOSP_ADMIN : LAB_ADMIN], hubAs[i], {
      institutionId: inst,
      role,
      licence: `L-${i}`,
      specialty: 'General',
      displayName: name,
    });
    keysOf[i] = (await adv.versionKeys(i, 1))[0];
    await wait(hubAs[i].setMemberKey(keysOf[i].identity.publicKey));
  }
  // Group keys, as the institution screen makes them: sealed to every member and the admin.
  for (const [inst, adminIdx, members] of [
    [RIVERSIDE, HOSP_ADMIN, [ADA, BEN, CY]],
    [LAB, LAB_ADMIN, [LENA]],
  ]) {
    const adminId = (await adv.versionKeys(adminIdx, 1))[0].identity;
    const { groupKey, memberWraps } = adv.ehr.records.institutions.create(1, [
      adminId.publicKey,
      ...members.map((m) => keysOf[m].identity.publicKey),
    ]);
    const cid = await upload(memberWraps);
    const parsed = adv.ehr.ipfs.parseCid(cid);
    await wait(hubAs[adminIdx].publishGroupKey(inst, groupKey.publicKey, 1));
    await wait(hubAs[adminIdx].publishMemberWraps(inst, 1, parsed.digest, parsed.codec));
  }
  // Carol is Alice's relative, registered without the page.
  keysOf[CAROL] = (await adv.versionKeys(CAROL, 1))[0];
  await wait(hubAs[CAROL].registerPatient(keysOf[CAROL].identity.publicKey));
  ctx.keysOf = keysOf;
});

after(async () => {
  for (const c of Object.values(ctx)) if (c?.context) await c.context.close();
  await browser?.close();
  await stack?.stop();
});

async function upload(bytes) {
  const form = new FormData();
  form.append('file', new Blob([bytes]), 'blob');
  const res = await fetch(`${stack.node.rpcUrl}/add?cid-version=1&raw-leaves=true&chunker=size-1048576&quieter=true`, {
    method: 'POST',
    body: form,
  });
  assert.equal(res.status, 200);
  return JSON.parse((await res.text()).trim().split('\n').pop()).Hash;
}

/** A browser context connected as anvil account `index` (kept for the file). */
async function session(name, index) {
  ctx[name] ??= await connectedPage(browser, stack, index);
  return ctx[name].page;
}

const waitText = (page, text, timeout = 60000) =>
  waitForText(page, text, {
    timeout,
    prefix: 'end-of-access-failed',
    problems: Object.values(ctx).find((c) => c?.page === page)?.problems,
  });

/** Fills and submits one add-record form (on whichever add screen is shown). */
async function fillRecord(page, kind, text) {
  await page.selectOption('#record-kind', kind);
  if (kind === 'allergy') await page.fill('input[name="substance"]', text);
  if (kind === 'vaccination') {
    await page.fill('input[name="vaccine"]', text);
    await page.fill('input[name="date"]', '2026-11-20');
  }
  if (kind === 'lab') {
    await page.fill('input[name="test"]', text);
    await page.fill('input[name="value"]', '5.4');
    await page.fill('input[name="date"]', '2026-11-20');
  }
  if (kind === 'family') {
    // The relative is required: nothing clinical is filled in unless chosen.
    await page.selectOption('select[name="relative"]', 'MTH');
    await page.fill('input[name="condition"]', text);
  }
  await page.getByRole('button', { name: 'Encrypt and add the record' }).click();
  await waitText(page, 'Added as record');
}

/** The patient (Alice, or Carol) adds a record through the Add screen. */
async function patientAdds(page, kind, text) {
  await page.click('nav a[href="#/chart"]');
  await page.click('.subnav a[href="#/chart/add"]');
  await fillRecord(page, kind, text);
}

/** A clinician opens the patient's chart (fresh keys) and adds a record through the chart screen. */
async function clinicianAdds(page, patient, kind, text) {
  await page.click('nav a[href="#/about"]');
  await page.click('nav a[href="#/patients"]');
  const item = page.locator(`li[data-patient="${patient}" i]`).first();
  await item.waitFor();
  await item.getByRole('button', { name: /Open chart/ }).click();
  await page.locator('#record-kind').waitFor();
  await fillRecord(page, kind, text);
}

/** A clinician's page, unlocked, with its key published. */
async function clinician(name, index) {
  const page = await session(name, index);
  await page.click('nav a[href="#/patients"]');
  await page.getByRole('button', { name: 'Unlock my records' }).click();
  await page.locator('#consent-input').waitFor();
  return page;
}

/** Alice's grant made with her chart root in the module, as the Access screen makes it. */
async function grantFrom(patientIdx, grantee, scopes, { expiry = 0, publicKey, emergency = false } = {}) {
  const version = Number(await adv.hub.patientKeyVersion(addr[patientIdx]));
  const root = (await adv.versionKeys(patientIdx, version))[version - 1].chartRoot;
  const epochs = Array.from(await adv.hub.epochs(addr[patientIdx]), Number);
  const payload = adv.ehr.records.grants.create(root, publicKey, scopes, epochs);
  const tx = emergency
    ? await hubAs[patientIdx].setEmergencyInstitution(grantee, scopes, payload)
    : await hubAs[patientIdx].grantAccess(grantee, scopes, expiry, payload);
  await tx.wait();
}

const groupKeyOf = async (id) => adv.ehr.fromHex((await adv.hub.institution(id))[3]);
const memberKeyOf = (i) => ctx.keysOf[i].identity.publicKey;

/**
 * The two newest records of a patient (written after the end, by the patient and by a continuing
 * clinician): the former party opens neither, each continuing reader opens both.
 */
async function checkAfterEnd(patient, { former, continuing, texts }) {
  const count = Number(await adv.hub.recordCount(patient));
  for (const [k, id] of [count - 1, count].entries()) {
    const env = await adv.envelopeOf(patient, id);
    for (const [who, keys] of Object.entries(former)) {
      const got = adv.tryOpen(env.bytes, keys);
      assert.ok(!got.startsWith('opened'), `${who} opened record ${id} written after the end (${got.slice(0, 80)})`);
      assert.match(got, /ERR_NO_RECIPIENT|ERR_AUTH_FAILED/);
    }
    for (const [who, keys] of Object.entries(continuing)) {
      const got = adv.tryOpen(env.bytes, keys);
      assert.ok(
        got.startsWith('opened') && got.includes(texts[k]),
        `${who} could not open record ${id}: ${got.slice(0, 120)}`,
      );
    }
  }
}

/** What the patient herself opens with: her identities and her chart keys of the record's epoch. */
async function patientKeys(i, versions = 1) {
  const ks = await adv.versionKeys(i, versions);
  const epochs = Array.from(await adv.hub.epochs(addr[i]), Number);
  const chartKeys = [];
  for (const k of ks)
    for (let s = 0; s < 16; s++)
      for (let e = Math.max(0, epochs[s] - 8); e <= epochs[s]; e++)
        if ((e >>> 24) + 1 === k.version) chartKeys.push(k.chartRoot.chartKey(s, e));
  return { identities: ks.map((k) => k.identity), chartKeys };
}

test('set-up: Alice registers in the page; Ada holds every category; Ada and the others publish keys', async () => {
  const alice = await session('alice', ALICE);
  await alice.click('nav a[href="#/chart"]');
  await alice.getByRole('button', { name: 'Set up my encryption key and register' }).click();
  await waitText(alice, 'No record yet.');
  await grantFrom(ALICE, memberGrantee(addr[ADA]), ALL16, { publicKey: memberKeyOf(ADA) });
  await clinician('ada', ADA);
});

test('plain revoke: Lena is revoked on the Access screen; new records are closed to her', async () => {
  await grantFrom(ALICE, memberGrantee(addr[LENA]), bit(S.ALLERGIES, S.LABS), { publicKey: memberKeyOf(LENA) });
  const alice = ctx.alice.page;
  await alice.click('nav a[href="#/chart"]');
  await alice.click('.subnav a[href="#/chart/access"]');
  await alice.getByRole('button', { name: /^Revoke access of Lena Park/ }).click();
  await waitText(alice, 'New keys shared with everyone who still has access');
  await patientAdds(alice, 'allergy', 'Revoke-1-by-Alice');
  await clinicianAdds(ctx.ada.page, addr[ALICE], 'allergy', 'Revoke-2-by-Ada');
  await checkAfterEnd(addr[ALICE], {
    former: { Lena: await adv.everyKey(LENA, { institutions: [LAB] }) },
    continuing: { Ada: await adv.everyKey(ADA, { institutions: [RIVERSIDE] }), Alice: await patientKeys(ALICE) },
    texts: ['Revoke-1-by-Alice', 'Revoke-2-by-Ada'],
  });
});

test("expiry: Ben's grant ends; Ada writes before anyone settles (sealed to the readers), then Alice (settled, new keys)", async () => {
  const now = Number((await adv.provider.getBlock('latest')).timestamp);
  await grantFrom(ALICE, memberGrantee(addr[BEN]), bit(S.IMMUNIZATIONS), {
    expiry: now + 3600,
    publicKey: memberKeyOf(BEN),
  });
  await stack.anvil.rpc('evm_increaseTime', [7200]);
  await stack.anvil.rpc('evm_mine', []);
  assert.equal(
    Number(await adv.lens.pendingScopes(addr[ALICE])) & bit(S.IMMUNIZATIONS),
    bit(S.IMMUNIZATIONS),
    'the expiry is pending',
  );
  await clinicianAdds(ctx.ada.page, addr[ALICE], 'vaccination', 'Expiry-1-by-Ada');
  assert.notEqual(
    Number(await adv.lens.pendingScopes(addr[ALICE])),
    0,
    "a clinician's write does not need the patient",
  );
  const alice = ctx.alice.page;
  await patientAdds(alice, 'vaccination', 'Expiry-2-by-Alice');
  assert.equal(Number(await adv.lens.pendingScopes(addr[ALICE])), 0, "the patient's write settled the expiry first");
  await checkAfterEnd(addr[ALICE], {
    former: { Ben: await adv.everyKey(BEN) },
    continuing: { Ada: await adv.everyKey(ADA, { institutions: [RIVERSIDE] }), Alice: await patientKeys(ALICE) },
    texts: ['Expiry-1-by-Ada', 'Expiry-2-by-Alice'],
  });
});

test('member removal: Riverside removes Dr Cy and creates a new group key in its screen; Cy opens nothing new, Ben (member) does', async () => {
  await grantFrom(ALICE, institutionGrantee(RIVERSIDE), bit(S.ALLERGIES), { publicKey: await groupKeyOf(RIVERSIDE) });
  const adm = await session('hospAdmin', HOSP_ADMIN);
  await adm.click('nav a[href="#/institution"]');
  await adm.getByRole('button', { name: /^Remove Dr Cy Moreau/ }).click();
  await adm.locator('#status .notice-success').first().waitFor();
  await adm.getByRole('button', { name: `Create a new group key for institution ${RIVERSIDE}` }).click();
  await adm
    .locator('#status .notice-success', { hasText: 'Group key version 2 published' })
    .waitFor({ timeout: 60000 });
  await clinicianAdds(ctx.ada.page, addr[ALICE], 'allergy', 'Removal-1-by-Ada');
  await patientAdds(ctx.alice.page, 'allergy', 'Removal-2-by-Alice');
  await checkAfterEnd(addr[ALICE], {
    former: { Cy: await adv.everyKey(CY, { institutions: [RIVERSIDE] }) },
    continuing: {
      Ben: await adv.everyKey(BEN, { institutions: [RIVERSIDE] }),
      Ada: await adv.everyKey(ADA, { institutions: [RIVERSIDE] }),
      Alice: await patientKeys(ALICE),
    },
    texts: ['Removal-1-by-Ada', 'Removal-2-by-Alice'],
  });
});

test('replayed consent code: a second code Alice signed before revoking cannot bring Lena back', async () => {
  const alice = ctx.alice.page;
  await alice.click('.subnav a[href="#/chart/access"]');
  const codes = [];
  for (let k = 0; k < 2; k++) {
    const option = await alice.locator('select[name="grantee"] option', { hasText: 'Lena Park' }).getAttribute('value');
    await alice.selectOption('select[name="grantee"]', option);
    await alice.check('#scope-0');
    await alice.getByRole('button', { name: 'Sign a consent code instead (no ETH needed)' }).click();
    await alice.locator('#consent-code').waitFor();
    codes.push(await alice.inputValue('#consent-code'));
    await alice.click('.subnav a[href="#/chart"]');
    await alice.click('.subnav a[href="#/chart/access"]');
  }
  assert.notEqual(codes[0], codes[1]);
  const lena = await clinician('lena', LENA);
  await lena.fill('#consent-input', codes[0]);
  await lena.getByRole('button', { name: 'Submit the code' }).click();
  await waitText(lena, 'Consent of patient');
  await alice.click('.subnav a[href="#/chart"]');
  await alice.click('.subnav a[href="#/chart/access"]');
  await alice.getByRole('button', { name: /^Revoke access of Lena Park/ }).click();
  await waitText(alice, 'New keys shared with everyone who still has access');
  await lena.click('nav a[href="#/about"]');
  await lena.click('nav a[href="#/patients"]');
  await lena.fill('#consent-input', codes[1]);
  await lena.getByRole('button', { name: 'Submit the code' }).click();
  await lena.locator('#alerts .notice-error').waitFor();
  assert.equal(
    (await adv.hub.grantOf(addr[ALICE], memberGrantee(addr[LENA])))[0],
    0n,
    'the second code restored nothing',
  );
  await screenshot(lena, 'clinician-stale-consent-code');
  await patientAdds(alice, 'lab', 'Replay-1-by-Alice');
  await clinicianAdds(ctx.ada.page, addr[ALICE], 'lab', 'Replay-2-by-Ada');
  await checkAfterEnd(addr[ALICE], {
    former: { Lena: await adv.everyKey(LENA, { institutions: [LAB] }) },
    continuing: { Ada: await adv.everyKey(ADA, { institutions: [RIVERSIDE] }), Alice: await patientKeys(ALICE) },
    texts: ['Replay-1-by-Alice', 'Replay-2-by-Ada'],
  });
});

test('emergency window closed by the patient: Ben cannot re-open, and opens nothing written afterwards', async () => {
  const alice = ctx.alice.page;
  await alice.click('.subnav a[href="#/chart/access"]');
  await alice.locator('#emergency-institution option').first().waitFor({ state: 'attached' });
  await alice.selectOption('#emergency-institution', String(RIVERSIDE));
  await alice.check('#em-scope-6');
  await alice.getByRole('button', { name: 'Authorise for emergencies' }).click();
  await alice.locator('#status .notice-success', { hasText: 'Authorised for emergencies' }).waitFor();
  const ben = await clinician('ben', BEN);
  const open = async () => {
    await ben.click('nav a[href="#/about"]');
    await ben.click('nav a[href="#/patients"]');
    await ben.fill('#emergency-patient', addr[ALICE]);
    await ben.selectOption('#emergency-reason', '1');
    await ben.getByRole('button', { name: 'Open emergency access' }).click();
  };
  await open();
  await ben.locator('#status .notice-success', { hasText: 'Emergency access open until' }).waitFor();
  await alice.click('.subnav a[href="#/chart"]');
  await alice.click('.subnav a[href="#/chart/access"]');
  await alice.getByRole('button', { name: /^End it now: the emergency access of/ }).click();
  await waitText(alice, 'can no longer open emergency access until you authorise it again');
  await screenshot(alice, 'patient-emergency-ended');
  await open();
  await ben.locator('#alerts .notice-error').waitFor();
  assert.match(await ben.textContent('#alerts'), /not authorised your institution for emergencies/);
  await patientAdds(alice, 'vaccination', 'Emergency-1-by-Alice');
  await clinicianAdds(ctx.ada.page, addr[ALICE], 'vaccination', 'Emergency-2-by-Ada');
  await checkAfterEnd(addr[ALICE], {
    former: { Ben: await adv.everyKey(BEN, { institutions: [RIVERSIDE] }) },
    continuing: { Ada: await adv.everyKey(ADA), Alice: await patientKeys(ALICE) },
    texts: ['Emergency-1-by-Alice', 'Emergency-2-by-Ada'],
  });
});

test("family link dissolved in the page: Alice (the former parent) opens none of Carol's new family history", async () => {
  await (await hubAs[ALICE].proposeFamilyLink(addr[CAROL], 1)).wait();
  await (await hubAs[CAROL].confirmFamilyLink(addr[ALICE], 1)).wait();
  const aliceKey = adv.ehr.fromHex(await adv.hub.patientKey(addr[ALICE]));
  await grantFrom(CAROL, memberGrantee(addr[ALICE]), bit(S.FAMILY), { publicKey: aliceKey });
  await grantFrom(CAROL, memberGrantee(addr[ADA]), bit(S.FAMILY), { publicKey: memberKeyOf(ADA) });
  const carol = await session('carol', CAROL);
  await carol.click('nav a[href="#/chart"]');
  await carol.getByRole('button', { name: 'Unlock my records' }).click();
  await carol.click('.subnav a[href="#/chart/family"]');
  await carol.getByRole('button', { name: /^Dissolve the family link/ }).click();
  await waitText(carol, 'What you add from now on uses new keys they do not have');
  assert.equal(Number(await adv.lens.pendingScopes(addr[CAROL])), 0, 'the dissolution was settled at once');
  await patientAdds(carol, 'family', 'Family-1-by-Carol');
  await clinicianAdds(ctx.ada.page, addr[CAROL], 'family', 'Family-2-by-Ada');
  await checkAfterEnd(addr[CAROL], {
    former: { Alice: await adv.everyKey(ALICE) },
    continuing: { Ada: await adv.everyKey(ADA), Carol: await patientKeys(CAROL) },
    texts: ['Family-1-by-Carol', 'Family-2-by-Ada'],
  });
});

test("institution suspended on the Platform screen: Northside Lab's members open nothing written afterwards", async () => {
  await grantFrom(ALICE, institutionGrantee(LAB), bit(S.LABS), { publicKey: await groupKeyOf(LAB) });
  const sup = await session('super', SUPER);
  await sup.click('nav a[href="#/platform"]');
  await sup.getByRole('button', { name: 'Suspend Northside Lab' }).click();
  await sup.locator('#status .notice-success').first().waitFor();
  await patientAdds(ctx.alice.page, 'lab', 'Suspend-1-by-Alice');
  await clinicianAdds(ctx.ada.page, addr[ALICE], 'lab', 'Suspend-2-by-Ada');
  await checkAfterEnd(addr[ALICE], {
    former: { Lena: await adv.everyKey(LENA, { institutions: [LAB] }) },
    continuing: { Ada: await adv.everyKey(ADA, { institutions: [RIVERSIDE] }), Alice: await patientKeys(ALICE) },
    texts: ['Suspend-1-by-Alice', 'Suspend-2-by-Ada'],
  });
});

test('emergency in every order: refused before the institution has a group key; after it, and after a renewal, the emergency reader opens every record, whenever written', async () => {
  await (await hubAs[SUPER].addInstitution(1, 'Eastside Clinic', 'GB', addr[EAST_ADMIN])).wait();
  await inviteAndAccept(hubAs[EAST_ADMIN], hubAs[CY], {
    institutionId: EASTSIDE,
    role: 1,
    licence: 'L-E8',
    specialty: 'Emergency medicine',
    displayName: 'Dr Cy Moreau',
  });
  const carol = ctx.carol.page;
  const authorise = async () => {
    await carol.click('nav a[href="#/chart"]');
    await carol.click('.subnav a[href="#/chart/access"]');
    await carol.locator('#emergency-institution option[value="3"]').waitFor({ state: 'attached' });
    await carol.selectOption('#emergency-institution', String(EASTSIDE));
    await carol.check('#em-scope-7');
    await carol.getByRole('button', { name: 'Authorise for emergencies' }).click();
  };
  await authorise();
  await waitText(carol, 'has not set up its group key yet');
  assert.equal(Number(await adv.hub.emergencyScopes(addr[CAROL], EASTSIDE)), 0);
  // The clinic's administrator creates its group key (as the institution screen does).
  const publishGroupKey = async (version, members) => {
    const { groupKey, memberWraps } = adv.ehr.records.institutions.create(version, members);
    const parsed = adv.ehr.ipfs.parseCid(await upload(memberWraps));
    await (await hubAs[EAST_ADMIN].publishGroupKey(EASTSIDE, groupKey.publicKey, version)).wait();
    await (await hubAs[EAST_ADMIN].publishMemberWraps(EASTSIDE, version, parsed.digest, parsed.codec)).wait();
  };
  const eastAdminKey = (await adv.versionKeys(EAST_ADMIN, 1))[0].identity.publicKey;
  await publishGroupKey(1, [eastAdminKey, memberKeyOf(CY)]);
  await patientAdds(carol, 'allergy', 'Order-1-before-authorising');
  await authorise();
  await carol.locator('#status .notice-success', { hasText: 'Authorised for emergencies' }).waitFor();
  await patientAdds(carol, 'allergy', 'Order-2-after-authorising');
  // A rotation for a reason other than a departure (nothing exposed): the page offers a renewal.
  await publishGroupKey(2, [eastAdminKey, memberKeyOf(CY)]);
  await carol.click('.subnav a[href="#/chart/access"]');
  await carol.getByRole('button', { name: 'Renew the authorisation of Eastside Clinic for emergencies' }).click();
  await waitText(carol, 'Emergency authorisation of Eastside Clinic renewed');
  await patientAdds(carol, 'allergy', 'Order-3-after-renewal');

  const cy = await clinician('cy', CY);
  await cy.fill('#emergency-patient', addr[CAROL]);
  await cy.selectOption('#emergency-reason', '1');
  await cy.getByRole('button', { name: 'Open emergency access' }).click();
  await cy.locator('#status .notice-success', { hasText: 'Emergency access open until' }).waitFor();
  await cy.locator('#status').getByRole('button', { name: 'Open the chart' }).click();
  // The three records are Carol's newest allergy records: Cy opens each in the page.
  const count = Number(await adv.hub.recordCount(addr[CAROL]));
  const ids = [];
  for (let id = count; id >= 1 && ids.length < 3; id--)
    if (Number((await adv.hub.record(addr[CAROL], id)).scope) === S.ALLERGIES) ids.unshift(id);
  for (const [k, text] of [
    'Order-1-before-authorising',
    'Order-2-after-authorising',
    'Order-3-after-renewal',
  ].entries()) {
    const li = cy.locator(`li[data-record="${ids[k]}"]`);
    await li.getByRole('button', { name: /^Open record/ }).click();
    await li.locator('.badge-ok').waitFor();
    assert.match(await li.textContent(), new RegExp(text));
  }
  await screenshot(cy, 'clinician-emergency-every-order');
});

test('re-share after a revoke skips a member who left and still reaches everyone who continues', async () => {
  await grantFrom(ALICE, memberGrantee(addr[BEN]), bit(S.LABS), { publicKey: memberKeyOf(BEN) });
  await grantFrom(ALICE, memberGrantee(addr[CY]), bit(S.LABS), { publicKey: memberKeyOf(CY) });
  await (await hubAs[HOSP_ADMIN].removeMember(RIVERSIDE, addr[BEN])).wait();
  const alice = ctx.alice.page;
  await alice.click('.subnav a[href="#/chart"]');
  await alice.click('.subnav a[href="#/chart/access"]');
  await alice.getByRole('button', { name: /^Revoke access of Dr Cy Moreau/ }).click();
  await waitText(alice, 'New keys shared with everyone who still has access');
  // Ada received the new labs key after the revoke; Ben (gone) and Cy (revoked) did not.
  const epoch = Number(await adv.lens.epochOf(addr[ALICE], S.LABS));
  const has = async (i, o) => (await adv.everyKey(i, o)).chartKeys.some((k) => k.scope === S.LABS && k.epoch === epoch);
  assert.equal(await has(ADA), true, 'Ada holds the new labs key');
  assert.equal(await has(BEN, { institutions: [RIVERSIDE] }), false, 'Ben does not');
  assert.equal(await has(CY, { institutions: [RIVERSIDE, EASTSIDE] }), false, 'Cy does not');
});

test("key rotation: with Alice's phished key request of version 1, nothing written after she moves to new keys opens", async () => {
  const phished = (await adv.versionKeys(ALICE, 1))[0];
  const alice = ctx.alice.page;
  await alice.click('.subnav a[href="#/chart/access"]');
  await alice.getByRole('button', { name: 'Move to new encryption keys' }).click();
  await waitText(alice, 'New keys shared with everyone who still has access');
  assert.equal(Number(await adv.hub.patientKeyVersion(addr[ALICE])), 2);
  assert.equal(await alice.textContent('#key-version'), 'Key version 2.');
  await screenshot(alice, 'patient-key-rotated');
  await patientAdds(alice, 'allergy', 'Rotation-1-by-Alice');
  await clinicianAdds(ctx.ada.page, addr[ALICE], 'allergy', 'Rotation-2-by-Ada');
  await checkAfterEnd(addr[ALICE], {
    former: {
      phisher: {
        identities: [phished.identity],
        chartKeys: adv.phishedChartKeys(phished.chartRoot, [0, 1, 2, 3, 4, 5, 6, 7, 8], 12),
      },
    },
    continuing: { Ada: await adv.everyKey(ADA, { institutions: [RIVERSIDE] }), Alice: await patientKeys(ALICE, 2) },
    texts: ['Rotation-1-by-Alice', 'Rotation-2-by-Ada'],
  });
  // Older records stay readable to Alice in the page.
  await alice.click('.subnav a[href="#/chart"]');
  const first = alice.locator('li[data-record="1"]');
  await first.getByRole('button', { name: /^Open record/ }).click();
  await first.locator('.badge-ok').waitFor();
});
