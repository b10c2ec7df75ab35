// A patient holding no ETH at all uses the page as anyone else: registers, adds a record, grants a
// doctor and revokes the grant, proposes a family link and requests an appointment, each action
// signed in the wallet as an EIP-712 forward request
// and submitted by the configured relay (scripts/demo/relay.mjs), which pays. After a reload it
// keeps working. The chain is checked from the test with ethers: the records and grants are there,
// the patient's balance is still 0 and the wallet never sent a transaction.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  buildPage,
  connectedPage,
  cspViolations,
  inviteAndAccept,
  launchBrowser,
  randomPrefix,
  startStack,
  startStaticServer,
  waitForText,
} from './helpers.mjs';

const PATIENT = 3;
const DOCTOR = 4;
const FIRST = 'Pangolin-4R7Z-relayed-record';
const AFTER_RELOAD = 'Axolotl-8J2W-after-reload';

let stack, browser, session, hub, provider;

before(async () => {
  stack = await startStack({ relay: true });
  browser = await launchBrowser();
  const { Contract, JsonRpcProvider, hexlify, randomBytes } = await import('ethers');
  provider = new JsonRpcProvider(stack.anvil.url, undefined, { staticNetwork: true, cacheTimeout: -1 });
  const abi = JSON.parse(readFileSync(new URL('../../contracts/out/EhrHub.json', import.meta.url), 'utf8')).abi;
  hub = new Contract(stack.contracts.EhrHub, abi, provider);
  const as = async (i) => new Contract(stack.contracts.EhrHub, abi, await provider.getSigner(stack.accounts[i]));
  await (await (await as(0)).addInstitution(1, 'Test Hospital', 'FR', stack.accounts[1])).wait();
  await inviteAndAccept(await as(1), await as(DOCTOR), {
    institutionId: 1,
    role: 1,
    licence: 'FR-Z1',
    specialty: 'Cardiology',
    displayName: 'Dr Zero Test',
  });
  await (await (await as(DOCTOR)).setMemberKey(hexlify(randomBytes(32)))).wait();
  // The patient's account holds nothing.
  await stack.anvil.rpc('anvil_setBalance', [stack.accounts[PATIENT], '0x0']);
});

after(async () => {
  await session?.context.close();
  await browser?.close();
  provider?.destroy();
  await stack?.stop();
});

const waitText = (text, timeout = 90000) => waitForText(session.page, text, { timeout, problems: session.problems });

async function addAllergy(substance) {
  const { page } = session;
  await page.click('.subnav a[href="#/chart/add"]');
  await page.selectOption('#record-kind', 'allergy');
  await page.fill('input[name="substance"]', substance);
  await page.getByRole('button', { name: 'Encrypt and add the record' }).click();
  await waitText('Added as record');
}

const dismissNotices = (page) =>
  page
    .locator('#alerts, #status')
    .locator('button:has-text("Dismiss")')
    .first()
    .click({ timeout: 2000 })
    .catch(() => {});

test('with 0 ETH the patient registers, adds a record, grants and revokes a doctor through the relay', async () => {
  const patient = stack.accounts[PATIENT];
  assert.equal(await provider.getBalance(patient), 0n);
  const relayBefore = await provider.getBalance(stack.relay.address);
  session = await connectedPage(browser, stack, PATIENT);
  const { page } = session;
  await page.locator('nav a[href="#/chart"]').waitFor();
  await page.click('nav a[href="#/chart"]');
  await page.getByRole('button', { name: 'Set up my encryption key and register' }).click();
  await waitText('No record yet.');
  assert.equal(await hub.isPatient(patient), true);

  await addAllergy(FIRST);
  assert.equal(await hub.recordCount(patient), 1n);
  const [, , , author] = await hub.record(patient, 1);
  assert.equal(author.toLowerCase(), patient.toLowerCase(), 'the patient is the record author, not the relay');

  await page.click('.subnav a[href="#/chart/access"]');
  await waitText('Nobody else can read your records.');
  const option = await page.locator('select[name="grantee"] option', { hasText: 'Dr Zero Test' }).getAttribute('value');
  await page.selectOption('select[name="grantee"]', option);
  await page.check('#scope-7');
  await page.getByRole('button', { name: 'Give access' }).click();
  await waitText('Access given to Dr Zero Test');
  const doctor = stack.accounts[DOCTOR];
  assert.equal(await hub.accessMask(patient, doctor), 128n);
  await dismissNotices(page);

  // The status line says who pays: record what it shows while the revocation goes through.
  await page.evaluate(() => {
    window.__statusTexts = [];
    new MutationObserver(() => {
      for (const el of document.querySelectorAll('.tx-status')) window.__statusTexts.push(el.textContent);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await page.getByRole('button', { name: /^Revoke access of Dr Zero Test/ }).click();
  await waitText('can no longer read new records');
  const texts = await page.evaluate(() => window.__statusTexts);
  assert.ok(
    texts.some((t) => /relay submits it and pays the network fee, not you/.test(t)),
    `the page says the relay pays: ${JSON.stringify([...new Set(texts)])}`,
  );
  assert.equal(await hub.accessMask(patient, doctor), 0n);

  const log = await page.evaluate(() => window.__ehrTestWallet.log());
  assert.ok(log.includes('eth_signTypedData_v4'), 'the wallet signed requests');
  assert.equal(log.includes('eth_sendTransaction'), false, 'the wallet sent no transaction');
  assert.equal(await provider.getBalance(patient), 0n, "the patient's balance is still 0");
  assert.ok((await provider.getBalance(stack.relay.address)) < relayBefore, 'the relay paid');
  assert.deepEqual(await cspViolations(page, session.problems), []);
});

test('after a reload the patient keeps working without ETH', async () => {
  const patient = stack.accounts[PATIENT];
  const { page } = session;
  await page.reload();
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
  await page.evaluate((i) => window.__ehrTestWallet.useAccount(i), PATIENT);
  await page.click('nav a[href="#/connect"]');
  await page.click('button[data-wallet]');
  await page.locator('#account-address').first().waitFor();
  await page.locator('nav a[href="#/chart"]').first().waitFor();
  await page.click('nav a[href="#/chart"]');
  await page.getByRole('button', { name: 'Unlock my records' }).click();
  await page.click('li[data-record="1"] button:has-text("Open")');
  await page.locator('li[data-record="1"] .badge-ok').first().waitFor({ timeout: 90000 });
  assert.match(await page.textContent('li[data-record="1"]'), new RegExp(FIRST));
  await addAllergy(AFTER_RELOAD);
  assert.equal(await hub.recordCount(patient), 2n);

  // On chain: the grant and its revocation, both by the patient, in the hub's event trail.
  const granted = await hub.queryFilter(hub.filters.AccessGranted(patient));
  const revoked = await hub.queryFilter(hub.filters.AccessRevoked(patient));
  assert.equal(granted.length, 1);
  assert.equal(revoked.length, 1);
  assert.equal(await provider.getBalance(patient), 0n);
  assert.deepEqual(session.problems, []);
});

test('without a relay the request goes to a clinician as a code; the patient page notices when it lands', async () => {
  // The same chain and contracts, a build of the page that names no relay.
  const built = buildPage({
    rpcUrl: stack.anvil.url,
    contracts: stack.contracts,
    gateways: [stack.node.gatewayUrl],
    uploadUrl: stack.node.apiUrl,
  });
  const prefix = randomPrefix();
  const server = await startStaticServer({ [prefix]: built.out });
  const site = { anvil: stack.anvil, url: `${server.origin}${prefix}` };
  const PATIENT2 = 6;
  const patient = stack.accounts[PATIENT2];
  await stack.anvil.rpc('anvil_setBalance', [patient, '0x0']);
  let p, d;
  try {
    p = await connectedPage(browser, site, PATIENT2);
    await p.page.locator('nav a[href="#/chart"]').waitFor();
    await p.page.click('nav a[href="#/chart"]');
    await p.page.getByRole('button', { name: 'Set up my encryption key and register' }).click();
    await p.page.locator('#request-code').waitFor({ timeout: 60000 });
    const code = await p.page.inputValue('#request-code');
    assert.match(code, /^ehr-request:1:/);
    assert.match(await p.page.textContent('#request-code-panel'), /submit it and pay the network fee/);

    d = await connectedPage(browser, site, DOCTOR);
    await d.page.locator('nav a[href="#/patients"]').waitFor();
    await d.page.click('nav a[href="#/patients"]');
    await d.page.getByRole('button', { name: 'Unlock my records' }).click();
    await d.page.locator('#consent-input').waitFor();
    await d.page.fill('#consent-input', code);
    await d.page.getByRole('button', { name: 'Submit the code' }).click();
    await waitForText(d.page, 'submitted', { problems: d.problems });

    // The patient's page saw the forwarder's event by itself and finished the registration.
    await waitForText(p.page, 'No record yet.', { problems: p.problems, timeout: 60000 });
    assert.equal(await hub.isPatient(patient), true);
    assert.equal(await p.page.locator('#request-code-panel').count(), 0, 'the code is put away once used');
    assert.equal(await provider.getBalance(patient), 0n);
  } finally {
    await p?.context.close();
    await d?.context.close();
    await server.close();
    built.remove();
  }
});

test('with 0 ETH the patient proposes a family link and requests an appointment through the relay', async () => {
  const patient = stack.accounts[PATIENT];
  const RELATIVE = 7;
  const { Contract, hexlify, randomBytes } = await import('ethers');
  const abi = (name) =>
    JSON.parse(readFileSync(new URL(`../../contracts/out/${name}.json`, import.meta.url), 'utf8')).abi;
  const relative = new Contract(
    stack.contracts.EhrHub,
    abi('EhrHub'),
    await provider.getSigner(stack.accounts[RELATIVE]),
  );
  await (await relative.registerPatient(hexlify(randomBytes(32)))).wait();
  const book = new Contract(stack.contracts.EhrAppointments, abi('EhrAppointments'), provider);
  const { page } = session;
  const sentBefore = (await page.evaluate(() => window.__ehrTestWallet.log())).filter(
    (m) => m === 'eth_sendTransaction',
  ).length;

  await page.click('.subnav a[href="#/chart/family"]');
  await waitText('No family link yet.');
  await page.fill('input[name="relative"]', stack.accounts[RELATIVE]);
  await page.selectOption('select[name="relation"]', '1');
  await page.getByRole('button', { name: 'Propose the link' }).click();
  await page.locator('li[data-relative]', { hasText: 'Waiting for them to confirm' }).waitFor({ timeout: 90000 });
  const [proposer, relation, confirmed] = await hub.familyLink(patient, stack.accounts[RELATIVE]);
  assert.deepEqual([proposer.toLowerCase(), Number(relation), confirmed], [patient.toLowerCase(), 1, false]);
  await dismissNotices(page);

  await page.click('.subnav a[href="#/chart/appointments"]');
  await waitText('No appointment.');
  const option = await page
    .locator('select[name="provider"] option', { hasText: 'Dr Zero Test' })
    .getAttribute('value');
  await page.selectOption('select[name="provider"]', option);
  await page.fill('input[name="day"]', new Date(Date.now() + 86400e3).toISOString().slice(0, 10));
  await page.fill('input[name="time"]', '10:30');
  await page.getByRole('button', { name: 'Request the appointment' }).click();
  await page.locator('li[data-appointment="1"]', { hasText: 'Requested' }).waitFor({ timeout: 90000 });
  const [apPatient] = await book.appointment(1);
  assert.equal(apPatient.toLowerCase(), patient.toLowerCase(), 'the patient, not the relay, requested it');

  const sent = (await page.evaluate(() => window.__ehrTestWallet.log())).filter((m) => m === 'eth_sendTransaction');
  assert.equal(sent.length, sentBefore, 'the wallet sent no transaction');
  assert.equal(await provider.getBalance(patient), 0n, "the patient's balance is still 0");
  assert.deepEqual(session.problems, []);
});
