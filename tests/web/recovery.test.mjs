// Guardian recovery end to end, each party in its own browser context against anvil, the local
// IPFS node and the relay: Alice (records, a grant to Dr Ada) names Carol, Dr Ada and a paper share
// as guardians, 2 of 3; a recovery to another wallet (on a build without a relay: it pays for the
// paper guardian's approval itself) is approved and Alice's wallet cancels it (completing then
// fails, saying why); Alice loses her wallet; a new wallet, Carol and the paper
// share recover the chart; after the delay (anvil's clock moved on) the new wallet completes,
// replaces the keys right away as the page offers (a key version signed by the new wallet, shared
// with Dr Ada, the guardians given new shares), opens every old record, adds one, and Dr Ada reads
// it; the Account screen shows the wallet acting for the chart; the new wallet signs a consent code
// for the chart that Dr Ada submits, while one signed by the old wallet is refused; it moves to new
// keys again on the Access screen and gives its guardians new shares on the Recovery screen; after
// a reload the new wallet finds its chart again (older keys from the vault, newer ones from its own
// signature). Outside the page, Carol plays the adversary with her keys and the chain's events:
// her share alone neither rebuilds the secret nor opens the vault; the old wallet (stolen, not
// lost) derives every key it can, and the wallet whose recovery was cancelled rebuilds the old
// kit's secret from the shares it received: neither opens what was added after the keys were
// replaced. The new wallet's signing requests go through a guard that refuses any signature as
// Alice's old address: the page never asks for one. The kit format is read here from
// docs/record-format.md ("Recovery kit"), not with the page's decoder; records/recovery.js has its
// own Node tests at the end.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Contract, verifyTypedData } from 'ethers';
import {
  ANVIL_CHAIN_ID,
  axeSerious,
  buildPage,
  connectedPage,
  inviteAndAccept,
  launchBrowser,
  randomPrefix,
  screenshot,
  startStack,
  startStaticServer,
  waitForText,
} from './helpers.mjs';
import { adversary, memberGrantee } from './adversary.mjs';
import { init } from '../wasm/helpers.mjs';
import * as kitCode from '../../web/src/records/recovery.js';
import { CONSENT_TYPES, hubDomain } from '../../contracts/eip712.mjs';

const SUPER = 0;
const HOSP_ADMIN = 1;
const ALICE = 3;
const ADA = 4;
const CAROL = 5;
const NEW_ALICE = 6;
const OTHER = 7;
const FIRST = 'Kiwi-7Q4M-first-allergy';
const SECOND = 'Sesame-2H9V-second-allergy';
const AFTER = 'Walnut-5T3C-after-recovery';
const THIRD = 'Quinoa-8J2P-third-keys';
const DELAY = 3 * 86400;

let stack, browser, adv, hub, fwd, noRelay;
const ctx = {};
const addr = {};
/** Signing requests the guard refused (any as Alice's old address, after she lost her wallet). */
const refused = [];
let paperWords = null;
/** The paper share's words after each renewal of the kit, newest last. */
const renewedPaper = [];

before(async () => {
  stack = await startStack({ relay: true });
  browser = await launchBrowser();
  adv = await adversary(stack);
  const art = (n) => JSON.parse(readFileSync(new URL(`../../contracts/out/${n}.json`, import.meta.url), 'utf8')).abi;
  hub = new Contract(stack.contracts.EhrHub, art('EhrHub'), adv.provider);
  fwd = new Contract(stack.contracts.EhrForwarder, art('EhrForwarder'), adv.provider);
  for (const i of [SUPER, HOSP_ADMIN, ALICE, ADA, CAROL, NEW_ALICE, OTHER]) addr[i] = adv.wallet(i).address;
  const as = (i) => hub.connect(adv.wallet(i));
  const wait = async (p) => (await p).wait();
  // Not under test (sharing.test.mjs drives these screens): Riverside with Dr Ada, her published
  // key, and Carol registered as a patient, each key from the account's own key signature.
  await wait(as(SUPER).addInstitution(1, 'Riverside General', 'GB', addr[HOSP_ADMIN]));
  await inviteAndAccept(as(HOSP_ADMIN), as(ADA), {
    institutionId: 1,
    role: 1,
    licence: 'GB-ADA',
    specialty: 'Allergology',
    displayName: 'Dr Ada Okafor',
  });
  await wait(as(ADA).setMemberKey((await adv.versionKeys(ADA, 1))[0].identity.publicKey));
  await wait(as(CAROL).registerPatient((await adv.versionKeys(CAROL, 1))[0].identity.publicKey));
  // Alice's new wallet holds no ETH: the relay pays for what it signs. The other wallet uses a
  // build of the page without a relay: it submits the paper guardian's approval itself and pays.
  await stack.anvil.rpc('anvil_setBalance', [addr[NEW_ALICE], '0x0']);
  const built = buildPage({
    rpcUrl: stack.anvil.url,
    contracts: stack.contracts,
    gateways: [stack.node.gatewayUrl],
    uploadUrl: stack.node.apiUrl,
  });
  const prefix = randomPrefix();
  const server = await startStaticServer({ [prefix]: built.out });
  noRelay = {
    url: `${server.origin}${prefix}`,
    stop: async () => {
      await server.close();
      built.remove();
    },
  };
});

after(async () => {
  for (const c of Object.values(ctx)) await c.context.close().catch(() => {});
  await browser?.close();
  adv?.provider.destroy();
  await noRelay?.stop();
  await stack?.stop();
});

/** The test wallet's backend, refusing every signature and transaction as `forbidden`. */
function guardedAnvil(forbidden) {
  const signer = (method, params) => {
    if (method === 'eth_sendTransaction') return params?.[0]?.from;
    if (method === 'eth_signTypedData_v4' || method === 'eth_sign') return params?.[0];
    if (method === 'personal_sign') return params?.[1];
    return null;
  };
  return {
    rpc(method, params) {
      const who = signer(method, params);
      if (who && forbidden.some((f) => f.toLowerCase() === String(who).toLowerCase())) {
        refused.push(`${method} as ${who}`);
        return Promise.reject(Object.assign(new Error('this wallet does not hold that account'), { code: 4100 }));
      }
      return stack.anvil.rpc(method, params);
    },
  };
}

/** A browser context connected as anvil account `index` (through the guard after Alice's loss). */
async function session(name, index, { guard = [], url = stack.url } = {}) {
  ctx[name] = await connectedPage(browser, { ...stack, url, anvil: guardedAnvil(guard) }, index);
  return ctx[name].page;
}

const waitText = (page, text, timeout = 90000) =>
  waitForText(page, text, { timeout, problems: Object.values(ctx).find((c) => c.page === page)?.problems });

const dismissNotices = (page) =>
  page
    .locator('#alerts, #status')
    .locator('button:has-text("Dismiss")')
    .first()
    .click({ timeout: 2000 })
    .catch(() => {});

/** Screenshots at 1280 and 375 px wide. */
async function shots(page, name) {
  const size = page.viewportSize();
  await page.setViewportSize({ width: 1280, height: 900 });
  await screenshot(page, `${name}-1280`);
  await page.setViewportSize({ width: 375, height: 800 });
  await screenshot(page, `${name}-375`);
  await page.setViewportSize(size);
}

async function addAllergy(page, substance) {
  await page.click('.subnav a[href="#/chart/add"]');
  await page.selectOption('#record-kind', 'allergy');
  await page.fill('input[name="substance"]', substance);
  await page.getByRole('button', { name: 'Encrypt and add the record' }).click();
  await waitText(page, 'Added as record');
}

async function openRecord(page, id) {
  const item = page.locator(`li[data-record="${id}"]`);
  await item.getByRole('button', { name: /^Open record/ }).click();
  await item.locator('.badge-ok').first().waitFor({ timeout: 90000 });
  return item.textContent();
}

/** The new wallet's "Recover a chart" for Alice's chart, up to the signed request; returns it. */
async function requestRecovery(page) {
  await page.click('nav a[href="#/connect"]');
  await page.click('a[href="#/recover"]');
  await page.fill('#recover-chart', addr[ALICE]);
  await page.getByRole('button', { name: 'Look up the chart' }).click();
  await waitText(page, 'has 3 guardians; any 2 of them');
  await page.getByRole('button', { name: 'Create my recovery request' }).click();
  await page.locator('#recovery-request').waitFor({ timeout: 60000 });
  const code = await page.inputValue('#recovery-request');
  assert.match(code, /^ehr-recovery:1:/);
  return code;
}

/** Carol, in her own context, opens the request on "Charts you guard" and approves it. */
async function carolApproves(code, successor, { first = false } = {}) {
  const page = ctx.carol.page;
  await page.click('nav a[href="#/settings"]');
  await page.click('a[href="#/guardian"]');
  await page.locator('li[data-chart]').first().waitFor();
  assert.match(await page.textContent('li[data-chart]'), new RegExp(addr[ALICE], 'i'));
  await page.fill('#guardian-request', code);
  await page.getByRole('button', { name: 'Read the request' }).click();
  await page.locator('#recovery-review').waitFor();
  assert.equal(await page.textContent('#recovery-successor'), successor);
  assert.match(await page.textContent('#recovery-review'), /call or meet the patient/);
  // Not without confirming with the patient first.
  await page.getByRole('button', { name: 'Approve the recovery' }).click();
  await waitText(page, 'Check with the patient first');
  await page.check('#recovery-confirmed');
  if (first) {
    await shots(page, 'recovery-guardian');
    assert.deepEqual(await axeSerious(page), [], 'guardian screen');
  }
  await page.getByRole('button', { name: 'Approve the recovery' }).click();
  await waitText(page, 'Approved: your share is on its way');
}

/** The new wallet types the paper share's words; the page approves for the paper guardian. */
async function paperApproves(page) {
  await page.fill('#paper-share', paperWords.join(' '));
  await page.getByRole('button', { name: 'Approve with the paper share' }).click();
  await waitText(page, 'The paper share approved.');
  await waitText(page, 'The chart moves to this wallet after');
}

async function advancePastDelay() {
  await stack.anvil.rpc('evm_increaseTime', [DELAY + 3600]);
  await stack.anvil.rpc('evm_mine', []);
}

test('Alice names Carol, Dr Ada and a paper share as guardians, 2 of 3', async () => {
  const page = await session('alice', ALICE);
  await page.locator('nav a[href="#/chart"]').waitFor();
  await page.click('nav a[href="#/chart"]');
  await page.getByRole('button', { name: 'Set up my encryption key and register' }).click();
  await waitText(page, 'No record yet.');
  await addAllergy(page, FIRST);
  await addAllergy(page, SECOND);
  await page.click('.subnav a[href="#/chart/access"]');
  await waitText(page, 'Nobody else can read your records.');
  const ada = await page.locator('select[name="grantee"] option', { hasText: 'Dr Ada Okafor' }).getAttribute('value');
  await page.selectOption('select[name="grantee"]', ada);
  await page.check('#scope-7');
  await page.getByRole('button', { name: 'Give access' }).click();
  await waitText(page, 'Access given to Dr Ada Okafor');
  await dismissNotices(page);

  await page.click('.subnav a[href="#/chart/recovery"]');
  await waitText(page, 'Nobody yet.');
  const option = await page
    .locator('select[name="clinician"] option', { hasText: 'Dr Ada Okafor' })
    .getAttribute('value');
  await page.selectOption('select[name="clinician"]', option);
  await page.getByRole('button', { name: 'Add this guardian' }).click();
  // An account without a key cannot hold a share; Carol's can.
  await page.fill('input[name="address"]', addr[OTHER]);
  await page.getByRole('button', { name: 'Add this account' }).click();
  await waitText(page, 'This account has no encryption key yet');
  await page.fill('input[name="address"]', addr[CAROL]);
  await page.getByRole('button', { name: 'Add this account' }).click();
  await page.locator('#guardian-chosen li', { hasText: addr[CAROL] }).waitFor();
  assert.equal(await page.locator('#guardian-paper').isChecked(), true, 'a paper share by default');
  assert.equal(await page.locator('select[name="threshold"] option:checked').textContent(), '2 of 3');
  assert.match(await page.locator('select[name="delay"] option:checked').textContent(), /72 hours/);
  await page.getByRole('button', { name: 'Name these guardians' }).click();
  await page.locator('#paper-words li').first().waitFor({ timeout: 90000 });
  paperWords = await page.locator('#paper-words li').allTextContents();
  assert.equal(paperWords.length, 33, 'a 256-bit secret gives 33-word shares');
  await waitText(page, 'Any 2 of these 3 can move your chart');
  await shots(page, 'recovery-guardians');
  assert.deepEqual(await axeSerious(page), [], 'recovery screen');

  // On chain: the three guardians (the paper one by the address its words derive), 2, 72 h.
  const [guardians, threshold, delay] = await fwd.guardiansOf(addr[ALICE]);
  const api = await init();
  const paper = kitCode.paperWallet(api, paperWords.join(' '));
  assert.deepEqual(
    guardians.map((g) => g.toLowerCase()),
    [addr[ADA], addr[CAROL], paper.address].map((g) => g.toLowerCase()),
  );
  paper.dispose();
  assert.equal(Number(threshold), 2);
  assert.equal(Number(delay), DELAY);

  await page.click('a[href="#/chart/recovery/kit"]');
  await page.locator('#recovery-kit').waitFor();
  assert.equal(await page.textContent('#kit-chart'), addr[ALICE]);
  assert.deepEqual(await page.locator('#kit-words li').allTextContents(), paperWords);
  await shots(page, 'recovery-kit');
  await page.emulateMedia({ media: 'print' });
  await screenshot(page, 'recovery-kit-print');
  assert.equal(await page.locator('.site-header').isVisible(), false, 'printed without the page’s chrome');
  await page.emulateMedia({ media: 'screen' });
});

test('adversary: Carol, with her keys and the chain’s events, cannot rebuild the secret or open the vault', async () => {
  const ehr = adv.ehr;
  const [kit] = await kitsOf(addr[ALICE]);
  assert.equal(kit.threshold, 2);
  assert.deepEqual(
    kit.guardians.map((g) => g.kind),
    [1, 1, 2],
  );
  const carol = (await adv.versionKeys(CAROL, 1))[0].identity;
  const carolWords = ehr.records.metamask.decrypt(shareBox(kit.guardians[1].body), carol);
  assert.throws(() => ehr.records.metamask.decrypt(shareBox(kit.guardians[0].body), carol), {
    code: 'ERR_AUTH_FAILED',
  });
  // One share: no secret. Her own key: no vault entry opens.
  assert.throws(() => ehr.slip39.combine([carolWords]), { code: 'ERR_TOO_FEW_SHARES' });
  for (const v of kit.vault) assert.throws(() => ehr.records.unwrapKey(v.wrapped, carol), { code: 'ERR_AUTH_FAILED' });
  // The control: her share and the paper share do rebuild it, and the vault gives Alice's keys.
  const recovery = recoveryKeyOf(ehr, [carolWords, paperWords.join(' ')]);
  assert.deepEqual([...recovery.publicKey], [...kit.recoveryKey]);
  const alice = (await adv.versionKeys(ALICE, 1))[0];
  const roots = kit.vault.map((v) => ehr.records.unwrapKey(v.wrapped, recovery)).filter((k) => k.kind === 'chartRoot');
  assert.equal(roots.length, 1);
  const hint = (root) => Buffer.from(ehr.records.chartKeyHint(root.chartKey(7, 0))).toString('hex');
  assert.equal(hint(roots[0]), hint(alice.chartRoot));
});

test('cancel: a recovery to another wallet is approved, Alice’s wallet cancels it, completing fails', async () => {
  const other = await session('other', OTHER, { guard: [addr[ALICE]], url: noRelay.url });
  const spent = await adv.provider.getBalance(addr[OTHER]);
  const code = await requestRecovery(other);
  await session('carol', CAROL);
  await carolApproves(code, addr[OTHER], { first: true });
  await paperApproves(other);
  assert.ok((await adv.provider.getBalance(addr[OTHER])) < spent, 'without a relay, the new wallet paid');
  const [successor] = await fwd.recoveryOf(addr[ALICE]);
  assert.equal(successor, addr[OTHER]);

  // Alice still has her wallet: her chart screens say so and she cancels.
  const alice = ctx.alice.page;
  await alice.click('.subnav a[href="#/chart"]');
  await alice.click('.subnav a[href="#/chart/recovery"]');
  await alice.locator('#recovery-pending').waitFor();
  assert.match(await alice.textContent('#recovery-pending'), new RegExp(addr[OTHER]));
  await shots(alice, 'recovery-pending-banner');
  await alice.getByRole('button', { name: 'Cancel the recovery' }).click();
  await waitText(alice, 'Recovery cancelled');
  // The shares went to that wallet all the same: the page says what closes the keys to it.
  await waitText(alice, 'Move to new keys, then give your guardians new shares');

  await advancePastDelay();
  await other.getByRole('button', { name: 'Complete the recovery' }).click();
  await waitText(other, 'This recovery cannot be completed');
  assert.match(await other.textContent('#alerts'), /cancelled from the chart’s wallet/);
  const [none] = await fwd.recoveryOf(addr[ALICE]);
  assert.equal(none, '0x0000000000000000000000000000000000000000');
  assert.equal(await fwd.controllerOf(addr[ALICE]), addr[ALICE]);
  await ctx.other.context.close();
  delete ctx.other;
});

test('Alice loses her wallet: a new wallet, Carol and the paper share recover her chart', async () => {
  // The guard bites: a signature as the old address never reaches anvil.
  await assert.rejects(guardedAnvil([addr[ALICE]]).rpc('eth_signTypedData_v4', [addr[ALICE], '{}']), { code: 4100 });
  refused.splice(0);
  await ctx.alice.context.close();
  delete ctx.alice;
  const page = await session('newAlice', NEW_ALICE, { guard: [addr[ALICE]] });
  const code = await requestRecovery(page);
  await carolApproves(code, addr[NEW_ALICE]);
  await paperApproves(page);
  await waitText(page, '2 of the 2 approvals needed.');
  assert.equal((await page.locator('#recovery-approvals li').allTextContents()).length, 2);
  await shots(page, 'recovery-request');
  assert.deepEqual(await axeSerious(page), [], 'recover screen');

  // Not before the delay.
  await page.getByRole('button', { name: 'Complete the recovery' }).click();
  await waitText(page, 'The waiting time ends on');
  await dismissNotices(page);
  await advancePastDelay();
  await page.getByRole('button', { name: 'Complete the recovery' }).click();
  await waitText(page, 'Your chart is open in this wallet');
  assert.equal(await fwd.controllerOf(addr[ALICE]), addr[NEW_ALICE]);
  assert.equal(await fwd.isRetired(addr[ALICE]), true);
  assert.equal(await fwd.chartOf(addr[NEW_ALICE]), addr[ALICE]);

  // Right after completing, the page offers to replace the keys the lost wallet can still make.
  const offer = page.locator('#replace-keys');
  await offer.waitFor();
  assert.match(await offer.textContent(), /in someone else’s hands/);
  assert.match(await offer.textContent(), /so that it cannot read what you add next/);
  await shots(page, 'recovery-replace-keys');
  assert.deepEqual(await axeSerious(page), [], 'the offer to replace the keys');
  // Elsewhere in the chart, meanwhile, a warning leads back to it.
  await page.click('.subnav a[href="#/chart"]');
  await page.locator('#recovery-old-keys').waitFor();
  await page.locator('#recovery-old-keys').getByRole('link', { name: 'Replace the keys' }).click();
  await offer.waitFor();
  assert.equal(await page.locator('#recovery-old-keys').count(), 0, 'not twice on the Recovery screen');
  const [before] = await fwd.guardiansOf(addr[ALICE]);
  await page.getByRole('button', { name: 'Replace the keys now' }).click();
  await waitText(page, 'New keys in use (key version 2)', 180000);
  assert.match(await offer.textContent(), /Your guardians hold new shares/);
  await page.locator('#paper-words li').first().waitFor();
  renewedPaper.push(await page.locator('#paper-words li').allTextContents());
  assert.equal(renewedPaper[0].length, 33);
  assert.notDeepEqual(renewedPaper[0], paperWords, 'a fresh split: new paper words');
  await shots(page, 'recovery-keys-replaced');
  assert.equal(Number(await hub.patientKeyVersion(addr[ALICE])), 2);
  // The same guardians, threshold and waiting time; the paper guardian by its new words' address.
  const [guardians, threshold, delay] = await fwd.guardiansOf(addr[ALICE]);
  const api = await init();
  const paper = kitCode.paperWallet(api, renewedPaper[0].join(' '));
  assert.deepEqual(
    guardians.map((g) => g.toLowerCase()),
    [addr[ADA], addr[CAROL], paper.address].map((g) => g.toLowerCase()),
  );
  assert.notEqual(paper.address, before[2]);
  paper.dispose();
  assert.equal(Number(threshold), 2);
  assert.equal(Number(delay), DELAY);
  const kits = await kitsOf(addr[ALICE]);
  assert.equal(kits.length, 2);
  assert.deepEqual(
    kits[1].vault.map((v) => v.version),
    [1, 1, 2, 2],
    'the new vault holds both key versions',
  );
  await page.getByRole('link', { name: 'Open my chart' }).click();

  // Every old record opens, with keys from the vault.
  await page.locator('li[data-record="2"]').waitFor();
  assert.match(await openRecord(page, 1), new RegExp(FIRST));
  assert.match(await openRecord(page, 2), new RegExp(SECOND));
  await shots(page, 'recovery-chart');
  await addAllergy(page, AFTER);
  assert.equal(await hub.recordCount(addr[ALICE]), 3n);
  const [, , , author] = await hub.record(addr[ALICE], 3);
  assert.equal(author, addr[ALICE], 'the record is the chart’s, written by its successor');
  const log = await page.evaluate(() => window.__ehrTestWallet.log());
  assert.equal(log.includes('eth_sendTransaction'), false, 'the relay paid for everything');
  assert.equal(await adv.provider.getBalance(addr[NEW_ALICE]), 0n);
  assert.deepEqual(refused, [], 'no signature was asked as the old address');
});

test('Dr Ada, an existing grantee, reads the record the new wallet wrote', async () => {
  const page = await session('ada', ADA);
  await page.locator('nav a[href="#/patients"]').waitFor();
  await page.click('nav a[href="#/patients"]');
  await page.getByRole('button', { name: 'Unlock my records' }).click();
  await page.locator(`li[data-patient]`).first().waitFor();
  await page
    .locator('li[data-patient]')
    .first()
    .getByRole('button', { name: /Open chart/ })
    .click();
  await page.locator('li[data-record="3"]').waitFor();
  assert.match(await openRecord(page, 3), new RegExp(AFTER));
});

test('the Account screen shows the new wallet acting for the chart (recovered)', async () => {
  const page = ctx.newAlice.page;
  await page.click('nav a[href="#/account"]');
  await page.locator('#account-chart').waitFor();
  assert.equal(await page.textContent('#account-address'), addr[NEW_ALICE], 'the wallet’s own address');
  assert.equal(await page.textContent('#account-chart'), addr[ALICE]);
  assert.match(await page.locator('dl.facts').innerText(), /Acting for chart\s+0x[0-9a-fA-F]{40} \(recovered\)/);
  // The balance is the wallet's own (zero: the relay pays), not the chart's.
  await page.waitForFunction(() => /^0 [A-Z]+$/.test(document.querySelector('#account-balance')?.textContent ?? ''));
  await shots(page, 'recovery-account');
});

test('consent code: the new wallet signs it for the chart and Dr Ada submits it; the old wallet’s code is refused', async () => {
  const page = ctx.newAlice.page;
  await page.click('nav a[href="#/chart"]');
  await page.click('.subnav a[href="#/chart/access"]');
  const option = await page
    .locator('select[name="grantee"] option', { hasText: 'Dr Ada Okafor' })
    .getAttribute('value');
  await page.selectOption('select[name="grantee"]', option);
  await page.check('#scope-0');
  await page.check('#scope-7');
  await page.getByRole('button', { name: 'Sign a consent code instead (no ETH needed)' }).click();
  await page.locator('#consent-code').waitFor();
  const code = await page.inputValue('#consent-code');
  const body = JSON.parse(Buffer.from(code.slice('ehr-consent:1:'.length), 'base64url').toString('utf8'));
  assert.equal(body.patient, addr[ALICE], 'the consent is the chart’s');
  const message = (b) => ({
    patient: b.patient,
    grantee: b.grantee,
    scopes: b.scopes,
    expiry: b.expiry,
    wrappedKeysHash: b.wrappedKeysHash,
    serial: b.serial,
    nonce: b.nonce,
    deadline: b.deadline,
  });
  const domain = hubDomain(ANVIL_CHAIN_ID, stack.contracts.EhrHub);
  assert.equal(verifyTypedData(domain, CONSENT_TYPES, message(body), body.signature), addr[NEW_ALICE]);
  assert.deepEqual(refused, [], 'signed by the new wallet, never asked of the old one');

  // The same consent signed by the old wallet (stolen, say): the clinician's page refuses it, and
  // so would the hub.
  const forged = { ...body, nonce: String(BigInt(body.nonce) + 1n) };
  forged.signature = await adv.wallet(ALICE).signTypedData(domain, CONSENT_TYPES, message(forged));
  const forgedCode = `ehr-consent:1:${Buffer.from(JSON.stringify(forged)).toString('base64url')}`;
  const ada = ctx.ada.page;
  await ada.click('nav a[href="#/about"]');
  await ada.click('nav a[href="#/patients"]');
  await ada.locator('#consent-input').waitFor();
  await ada.fill('#consent-input', forgedCode);
  await ada.getByRole('button', { name: 'Submit the code' }).click();
  await ada.locator('#consent-error:not([hidden])').waitFor();
  assert.match(await ada.textContent('#consent-error'), /not signed by the wallet that holds this chart now/);
  const sig = (hex) => {
    const b = Buffer.from(hex.slice(2), 'hex');
    return [
      b[64] < 27 ? b[64] + 27 : b[64],
      `0x${b.subarray(0, 32).toString('hex')}`,
      `0x${b.subarray(32, 64).toString('hex')}`,
    ];
  };
  const args = (b) => [
    b.patient,
    b.grantee,
    b.scopes,
    b.expiry,
    Buffer.from(b.wrappedKeys, 'base64url'),
    b.serial,
    BigInt(b.nonce),
    BigInt(b.deadline),
    ...sig(b.signature),
  ];
  await assert.rejects(
    hub.connect(adv.wallet(ADA)).grantAccessBySig.staticCall(...args(forged)),
    (e) => e.revert?.name === 'WrongSigner',
  );

  await ada.fill('#consent-input', code);
  await ada.getByRole('button', { name: 'Submit the code' }).click();
  await waitText(ada, 'Consent of patient');
  const [scopes] = await hub.grantOf(addr[ALICE], memberGrantee(addr[ADA]));
  assert.equal(Number(scopes), (1 << 0) | (1 << 7));
});

test('Access screen: the new wallet moves the chart to new keys again; Recovery gives the guardians new shares', async () => {
  const page = ctx.newAlice.page;
  await page.click('nav a[href="#/chart"]');
  await page.click('.subnav a[href="#/chart/access"]');
  await page.getByRole('button', { name: 'Move to new encryption keys' }).click();
  await waitText(page, 'New keys shared with everyone who still has access', 180000);
  assert.equal(await page.textContent('#key-version'), 'Key version 3.');
  assert.equal(Number(await hub.patientKeyVersion(addr[ALICE])), 3);
  // The guardians' kit holds versions 1 and 2 only: the page says so and the Recovery screen renews it.
  await waitText(page, 'Give your guardians new shares');
  await page.click('.subnav a[href="#/chart/recovery"]');
  await page.locator('#kit-out-of-date').waitFor();
  assert.equal(await page.locator('#replace-keys').count(), 0, 'the keys in use are not the lost wallet’s');
  await page.getByRole('button', { name: 'Give my guardians new shares' }).click();
  await page.locator('#paper-words li').first().waitFor({ timeout: 180000 });
  renewedPaper.push(await page.locator('#paper-words li').allTextContents());
  assert.notDeepEqual(renewedPaper[1], renewedPaper[0]);
  assert.deepEqual(
    (await kitsOf(addr[ALICE])).at(-1).vault.map((v) => v.version),
    [1, 1, 2, 2, 3, 3],
  );
  await page.locator('#kit-out-of-date').waitFor({ state: 'detached' });
  await addAllergy(page, THIRD);
  assert.equal(await hub.recordCount(addr[ALICE]), 4n);
  assert.deepEqual(refused, []);
});

test('adversary: the old wallet derives every key it can and opens nothing added after the keys were replaced', async () => {
  const ehr = adv.ehr;
  const [first, , after, third] = await Promise.all([1, 2, 3, 4].map((id) => adv.envelopeOf(addr[ALICE], id)));
  // The old wallet still signs the key request naming the chart (its own address), any version.
  const stolen = await adv.versionKeys(ALICE, 5);
  const stolenKeys = {
    identities: stolen.map((k) => k.identity),
    chartKeys: stolen.flatMap((k) => adv.phishedChartKeys(k.chartRoot, [0, 1, 2, 3, 4, 5, 6, 7, 8], 12, 4)),
  };
  assert.match(adv.tryOpen(first.bytes, stolenKeys), new RegExp(`^opened: .*${FIRST}`), 'its keys are real');
  for (const e of [after, third])
    assert.doesNotMatch(adv.tryOpen(e.bytes, stolenKeys), /^opened/, `record ${e.id} stays closed to it`);

  // The key versions after the recovery are the new wallet's signature of the request naming the
  // chart (docs/record-format.md "Signature-derived keys"): version 3 is the chart's published key
  // and opens what was added under it.
  const typed = ehr.records.encryptionKeyRequest(ANVIL_CHAIN_ID, stack.contracts.EhrHub, addr[ALICE], 3);
  const types = { ...typed.types };
  delete types.EIP712Domain;
  const sig = Buffer.from(
    (await adv.wallet(NEW_ALICE).signTypedData(typed.domain, types, typed.message)).slice(2),
    'hex',
  );
  const identity = ehr.records.identityFromSignature(new Uint8Array(sig), addr[ALICE]);
  const root = ehr.records.chartRootFromSignature(new Uint8Array(sig), addr[ALICE]);
  sig.fill(0);
  assert.equal(`0x${Buffer.from(identity.publicKey).toString('hex')}`, await hub.patientKey(addr[ALICE]));
  const chartKey = root.chartKey(third.scope, Number((await hub.epochs(addr[ALICE]))[third.scope]));
  assert.match(adv.tryOpen(third.bytes, { chartKeys: [chartKey] }), new RegExp(THIRD));
  // Dr Ada, who continues, reads both with what she was given.
  const ada = await adv.everyKey(ADA, { institutions: [1] });
  for (const [e, text] of [
    [after, AFTER],
    [third, THIRD],
  ])
    assert.match(adv.tryOpen(e.bytes, ada), new RegExp(text));

  // The wallet whose recovery Alice cancelled holds Carol's and the paper share, sealed to it: they
  // rebuild the first kit's secret and open its vault (version 1), but not the kits made since,
  // and nothing added after the keys were replaced.
  const other = (await adv.versionKeys(OTHER, 1))[0].identity;
  const shares = (await fwd.queryFilter(fwd.filters.RecoveryApproved(addr[ALICE], addr[OTHER]), 0)).map((e) =>
    ehr.records.metamask.decrypt(shareBox(Buffer.from(e.args.share.slice(2), 'hex')), other),
  );
  assert.equal(shares.length, 2);
  const kits = await kitsOf(addr[ALICE]);
  assert.equal(kits.length, 3);
  const recovery = recoveryKeyOf(ehr, shares);
  assert.deepEqual([...recovery.publicKey], [...kits[0].recoveryKey]);
  const opened = kits[0].vault.map((v) => ehr.records.unwrapKey(v.wrapped, recovery));
  assert.deepEqual(
    kits[0].vault.map((v) => v.version),
    [1, 1],
  );
  for (const k of kits.slice(1)) {
    assert.notDeepEqual([...recovery.publicKey], [...k.recoveryKey]);
    for (const v of k.vault)
      assert.throws(() => ehr.records.unwrapKey(v.wrapped, recovery), { code: 'ERR_AUTH_FAILED' });
  }
  const otherKeys = {
    identities: [other, ...opened.filter((k) => k.kind === 'x25519')],
    chartKeys: opened
      .filter((k) => k.kind === 'chartRoot')
      .flatMap((r) => adv.phishedChartKeys(r, [0, 1, 2, 3, 4, 5, 6, 7, 8], 12, 4)),
  };
  assert.match(adv.tryOpen(first.bytes, otherKeys), new RegExp(FIRST), 'the old kit did open for it');
  for (const e of [after, third]) assert.doesNotMatch(adv.tryOpen(e.bytes, otherKeys), /^opened/);

  // The newest kit: Carol's newest share and the newest paper words give every version, 1 to 3.
  const carol = (await adv.versionKeys(CAROL, 1))[0].identity;
  const words = [ehr.records.metamask.decrypt(shareBox(kits[2].guardians[1].body), carol), renewedPaper[1].join(' ')];
  const r2 = recoveryKeyOf(ehr, words);
  assert.deepEqual([...r2.publicKey], [...kits[2].recoveryKey]);
  const vault = kits[2].vault.map((v) => ({ version: v.version, key: ehr.records.unwrapKey(v.wrapped, r2) }));
  const newest = vault.find((v) => v.version === 3 && v.key.kind === 'x25519').key;
  assert.equal(`0x${Buffer.from(newest.publicKey).toString('hex')}`, await hub.patientKey(addr[ALICE]));
});

test('after a reload the new wallet finds its chart again (chain and shares only)', async () => {
  const page = ctx.newAlice.page;
  await page.reload();
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
  await page.evaluate((i) => window.__ehrTestWallet.useAccount(i), NEW_ALICE);
  await page.click('nav a[href="#/connect"]');
  await page.click('button[data-wallet]');
  await page.locator('#account-address').waitFor();
  await page.click('nav a[href="#/chart"]');
  await page.getByRole('button', { name: 'Open the recovered chart' }).click();
  // Version 1 from the vault its guardians' shares opened, versions 2 and 3 from its own signature.
  await page.locator('li[data-record="4"]').waitFor();
  assert.match(await openRecord(page, 4), new RegExp(THIRD));
  assert.match(await openRecord(page, 3), new RegExp(AFTER));
  assert.match(await openRecord(page, 1), new RegExp(FIRST));
  assert.equal(await page.locator('#recovery-old-keys').count(), 0, 'no offer to replace keys already replaced');
  assert.deepEqual(refused, []);
  // Playwright blocks service workers in these contexts (helpers.mjs) and says so: not the page's.
  const ours = (c) => c.problems.filter((p) => !/Service Worker registration blocked by Playwright/.test(p));
  for (const c of Object.values(ctx)) assert.deepEqual(ours(c), []);
});

// ---- records/recovery.js in Node ------------------------------------------------------------

test('kit: encode/decode round trip, every truncation and a wrong magic refused', async () => {
  const api = await init();
  const kit = {
    threshold: 2,
    recoveryKey: api.randomBytes(32),
    guardians: [{ kind: 1, box: api.randomBytes(150) }, { kind: 2 }, { kind: 1, box: api.randomBytes(170) }],
    vault: [
      { version: 1, wrapped: api.randomBytes(88) },
      { version: 1, wrapped: api.randomBytes(88) },
    ],
  };
  const bytes = kitCode.encodeKit(kit);
  const back = kitCode.decodeKit(bytes);
  assert.equal(back.threshold, 2);
  assert.deepEqual(back.guardians, kit.guardians);
  assert.deepEqual(back.vault, kit.vault);
  assert.deepEqual(parseKit(Buffer.from(bytes)).recoveryKey, Buffer.from(kit.recoveryKey), 'the documented layout');
  for (let n = 0; n < bytes.length; n++)
    assert.throws(() => kitCode.decodeKit(bytes.subarray(0, n)), { code: 'ERR_BAD_KIT' }, `cut at ${n}`);
  const bad = bytes.slice();
  bad[0] ^= 1;
  assert.throws(() => kitCode.decodeKit(bad), { code: 'ERR_BAD_KIT' });
  assert.throws(() => kitCode.decodeKit(Uint8Array.from([...bytes, 0])), { code: 'ERR_BAD_KIT' });
});

test('kit: any t shares restore the keys; t - 1 or another kit’s shares do not', async () => {
  const api = await init();
  const acct = '0x' + '42'.repeat(20);
  const sig = api.randomBytes(64);
  const keys = {
    identities: [api.records.identityFromSignature(sig, acct)],
    roots: new Map([[1, api.records.chartRootFromSignature(sig, acct)]]),
  };
  const people = [api.records.generateX25519(), api.records.generateX25519(), api.records.generateX25519()];
  const make = () =>
    kitCode.createKit(api, {
      keys,
      guardians: [...people.map((p) => ({ kind: 'account', publicKey: p.publicKey })), { kind: 'paper' }],
      threshold: 3,
    });
  const made = make();
  const kit = kitCode.decodeKit(made.kit);
  const words = people.map((p, i) => kitCode.openWords(api, kit.guardians[i].box, [p]));
  assert.throws(() => kitCode.openWords(api, kit.guardians[0].box, [people[1]]), { code: 'ERR_AUTH_FAILED' });
  const hint = (root) => Buffer.from(api.records.chartKeyHint(root.chartKey(2, 5))).toString('hex');
  for (const set of [
    [words[0], words[1], words[2]],
    [words[2], made.paperWords, words[0]],
  ]) {
    const r = kitCode.restoreKeys(api, kit, set);
    assert.equal(r.version, 1);
    assert.equal(hint(r.roots.get(1)), hint(keys.roots.get(1)));
    assert.deepEqual([...r.identities[0].publicKey], [...keys.identities[0].publicKey]);
  }
  assert.throws(() => kitCode.restoreKeys(api, kit, [words[0], made.paperWords]), { code: 'ERR_TOO_FEW_SHARES' });
  // A second split (guardians named again): its shares open nothing of the first kit.
  const again = make();
  const kit2 = kitCode.decodeKit(again.kit);
  const words2 = people.map((p, i) => kitCode.openWords(api, kit2.guardians[i].box, [p]));
  assert.throws(() => kitCode.restoreKeys(api, kit, words2), { code: 'ERR_WRONG_SECRET' });
  // The paper guardian's address comes from its words, and only from them.
  const w = kitCode.paperWallet(api, made.paperWords.toUpperCase().replace(/ /g, '  '));
  assert.equal(w.address, made.paperAddress);
  w.dispose();
  assert.throws(() => kitCode.paperWallet(api, made.paperWords.replace(/^\S+/, 'academic')), {
    code: 'ERR_BAD_MNEMONIC',
  });
});

test('recovery request: signed by the successor it names, on this network only', async () => {
  const api = await init();
  const successor = api.wallet.createRandom();
  const stranger = api.wallet.createRandom();
  const forwarder = '0x' + '0f'.repeat(20);
  const body = {
    chainId: 31337,
    forwarder,
    chart: '0x' + '42'.repeat(20),
    successor: successor.address,
    encryptionKey: '0x' + '07'.repeat(32),
  };
  const sign = (w, b) => api.toHex(w.signTypedData(kitCode.requestTypedData(b)));
  const code = kitCode.encodeRequest({ ...body, signature: sign(successor, body) });
  assert.equal(kitCode.isRequest(code), true);
  assert.equal(kitCode.decodeRequest(api, code, { chainId: 31337, forwarder }).successor, successor.address);
  assert.throws(() => kitCode.decodeRequest(api, code, { chainId: 1, forwarder }), { code: 'ERR_BAD_REQUEST' });
  // Another key slipped in, or signed by someone else: refused.
  const swapped = kitCode.encodeRequest({
    ...body,
    encryptionKey: '0x' + '08'.repeat(32),
    signature: sign(successor, body),
  });
  assert.throws(
    () => kitCode.decodeRequest(api, swapped, { chainId: 31337, forwarder }),
    /not signed by the new account/,
  );
  const forged = kitCode.encodeRequest({ ...body, signature: sign(stranger, body) });
  assert.throws(() => kitCode.decodeRequest(api, forged, { chainId: 31337, forwarder }), { code: 'ERR_BAD_REQUEST' });
  assert.throws(() => kitCode.decodeRequest(api, code.slice(0, -8), { chainId: 31337, forwarder }), {
    code: 'ERR_BAD_REQUEST',
  });
});

/**
 * A share box (docs/record-format.md "Recovery kit": ephemeral public key 32 ‖ nonce 24 ‖ box) as
 * the MetaMask format's JSON, for metamask.decrypt.
 */
function shareBox(b) {
  return JSON.stringify({
    version: 'x25519-xsalsa20-poly1305',
    nonce: Buffer.from(b.subarray(32, 56)).toString('base64'),
    ephemPublicKey: Buffer.from(b.subarray(0, 32)).toString('base64'),
    ciphertext: Buffer.from(b.subarray(56)).toString('base64'),
  });
}

/** Every kit of the chart's GuardiansSet events, oldest first (parseKit). */
async function kitsOf(chart) {
  return (await fwd.queryFilter(fwd.filters.GuardiansSet(chart), 0)).map((e) =>
    parseKit(Buffer.from(e.args.kit.slice(2), 'hex')),
  );
}

/** The recovery key R that share words rebuild (SLIP-0039 combine, then X25519); M is wiped. */
function recoveryKeyOf(ehr, words) {
  const master = ehr.slip39.combine(words);
  try {
    return ehr.records.importX25519Secret(master);
  } finally {
    master.fill(0);
  }
}

/**
 * The kit as docs/record-format.md ("Recovery kit") describes it, read independently of the page:
 * "EHRG" · version · threshold · guardian count · vault count · recovery key (32) · guardians
 * (kind u8 · length u16 LE · body) · vault (key version u32 LE · wrapped key 88).
 */
function parseKit(b) {
  assert.equal(b.subarray(0, 4).toString('latin1'), 'EHRG');
  assert.equal(b[4], 1);
  const [threshold, n, m] = [b[5], b[6], b[7]];
  const recoveryKey = b.subarray(8, 40);
  let at = 40;
  const guardians = [];
  for (let i = 0; i < n; i++) {
    const length = b.readUInt16LE(at + 1);
    guardians.push({ kind: b[at], body: new Uint8Array(b.subarray(at + 3, at + 3 + length)) });
    at += 3 + length;
  }
  const vault = [];
  for (let i = 0; i < m; i++, at += 92)
    vault.push({ version: b.readUInt32LE(at), wrapped: new Uint8Array(b.subarray(at + 4, at + 92)) });
  assert.equal(at, b.length);
  return { threshold, recoveryKey, guardians, vault };
}
