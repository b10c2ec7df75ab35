// Administration screens against the deployed contracts on anvil: the platform administrator adds
// and suspends an institution; its administrator invites members, who accept or decline from their
// own account in their own browser (screens/invitation.js), withdraws an invitation and removes a
// member (then is told to replace the group key); typed values survive a declined signature, a
// contract refusal is explained before anything is signed. Runs when the module has the Ethereum
// layer (ABI codec, RPC helper).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Contract, JsonRpcProvider, hexlify, randomBytes } from 'ethers';
import {
  axeSerious,
  buildPage,
  cspViolations,
  deployContracts,
  gotoReady,
  launchBrowser,
  openPage,
  randomPrefix,
  screenshot,
  startAnvil,
  startStaticServer,
} from './helpers.mjs';

let anvil, built, server, browser, prefix, accounts, page, context, problems, hub, hubAs;
/** The invitees' own browser contexts. */
const ctxs = {};

before(async () => {
  anvil = await startAnvil();
  accounts = await anvil.rpc('eth_accounts');
  const contracts = await deployContracts(anvil);
  const provider = new JsonRpcProvider(anvil.url, undefined, { staticNetwork: true });
  const abi = JSON.parse(readFileSync(new URL('../../contracts/out/EhrHub.json', import.meta.url), 'utf8')).abi;
  hub = new Contract(contracts.EhrHub, abi, provider);
  hubAs = async (i) => new Contract(contracts.EhrHub, abi, await provider.getSigner(accounts[i]));
  built = buildPage({ rpcUrl: anvil.url, contracts });
  prefix = randomPrefix();
  server = await startStaticServer({ [prefix]: built.out });
  browser = await launchBrowser();
  ({ page, context, problems } = await openPage(browser, { anvil }));
  await gotoReady(page, `${server.origin}${prefix}`);
});

after(async () => {
  for (const c of Object.values(ctxs)) await c.context.close();
  await context?.close();
  await browser?.close();
  await server?.close();
  await anvil?.stop();
  built?.remove();
});

/** The institution administrator's page invites `account` through the form. */
async function invite(account, { role, displayName, licence, specialty }) {
  await page.fill('input[name="account"]', account);
  await page.selectOption('select[name="role"]', role);
  await page.fill('input[name="displayName"]', displayName);
  await page.fill('input[name="licence"]', licence);
  await page.fill('input[name="specialty"]', specialty);
  await page.getByRole('button', { name: 'Invite the member' }).click();
  await page.locator('#status .notice-success', { hasText: `${displayName} invited` }).waitFor();
  assert.equal(await page.inputValue('input[name="account"]'), '', 'the form is cleared after success');
}

/** A browser context of its own, connected as anvil account `index`. */
async function connectAs(index) {
  const r = await openPage(browser, { anvil });
  await gotoReady(r.page, `${server.origin}${prefix}`);
  await r.page.evaluate((i) => window.__ehrTestWallet.useAccount(i), index);
  await r.page.click('nav a[href="#/connect"]');
  await r.page.click('button[data-wallet]');
  await r.page.locator('#account-address').waitFor();
  return r;
}

test('the platform administrator sees the Platform screen and adds an institution', async () => {
  assert.equal(built.config.features.contracts, true);
  await page.click('nav a[href="#/connect"]');
  await page.click('button[data-wallet]');
  await page.waitForSelector('#account-address');
  await page.waitForSelector('nav a[href="#/platform"]');
  assert.equal(await page.locator('nav a[href="#/institution"]').count(), 0);
  await page.click('nav a[href="#/platform"]');
  await page.waitForSelector('text=No institution yet.');

  // A bad address: explained at the field, nothing sent, everything typed kept.
  await page.selectOption('select[name="kind"]', '1');
  await page.fill('input[name="name"]', 'St Example Hospital');
  await page.fill('input[name="jurisdiction"]', 'FR');
  await page.fill('input[name="admin"]', '0x1234');
  await page.getByRole('button', { name: 'Add the institution' }).click();
  await page.waitForSelector('.field-error:not([hidden])');
  assert.match(await page.textContent('.field-error:not([hidden])'), /40 hexadecimal digits/);
  assert.equal(await page.inputValue('input[name="name"]'), 'St Example Hospital');

  // Declined in the wallet: a clear message, the form still filled in.
  await page.fill('input[name="admin"]', accounts[1]);
  await page.evaluate(() => window.__ehrTestWallet.rejectNext('eth_sendTransaction'));
  await page.getByRole('button', { name: 'Add the institution' }).click();
  await page.locator('#alerts .notice-error').waitFor();
  assert.match(await page.textContent('#alerts'), /declined/);
  assert.equal(await page.inputValue('input[name="name"]'), 'St Example Hospital');
  assert.equal(await page.inputValue('input[name="admin"]'), accounts[1]);
  await page.locator('#alerts button:has-text("Dismiss")').click();

  // A trip to another screen and back keeps the draft (in memory).
  await page.click('nav a[href="#/about"]');
  await page.click('nav a[href="#/platform"]');
  await page.waitForSelector('input[name="name"]');
  assert.equal(await page.inputValue('input[name="name"]'), 'St Example Hospital');
  assert.equal(await page.inputValue('input[name="jurisdiction"]'), 'FR');

  await page.getByRole('button', { name: 'Add the institution' }).click();
  await page.waitForSelector('li[data-institution="1"]');
  assert.match(await page.textContent('li[data-institution="1"]'), /St Example Hospital.*Active.*Hospital.*FR/s);
  assert.equal(await page.inputValue('input[name="name"]'), '', 'the form is cleared after success');
  await screenshot(page, 'platform');
  assert.deepEqual(await axeSerious(page), [], 'platform screen');
});

test('the institution administrator invites a member: a pending invitation, not a member', async () => {
  await page.evaluate(() => window.__ehrTestWallet.useAccount(1));
  await page.waitForSelector('nav a[href="#/institution"]');
  assert.equal(await page.locator('nav a[href="#/platform"]').count(), 0, 'not the platform administrator');
  await page.click('nav a[href="#/institution"]');
  await page.waitForSelector('h2:has-text("St Example Hospital")');
  await page.waitForSelector('text=No member yet.');
  await page.waitForSelector('text=No pending invitation.');
  await invite(accounts[2], { role: '1', displayName: 'Dr Ada Example', licence: 'FR-12345', specialty: 'Cardiology' });
  assert.match(
    await page.textContent('#status'),
    /Dr Ada Example invited: they become a member when they accept from their own account/,
  );
  const card = page.locator(`li[data-invitation="${accounts[2]}" i]`);
  await card.waitFor();
  assert.match(await card.textContent(), /Dr Ada Example.*St Example Hospital.*Invited.*Doctor.*Cardiology.*FR-12345/s);
  await page.waitForSelector('text=One pending invitation.');
  assert.equal(await page.locator(`li[data-member="${accounts[2]}" i]`).count(), 0, 'not listed as a member');
  await screenshot(page, 'institution-invitation');
  assert.deepEqual(await axeSerious(page), [], 'institution screen with a pending invitation');

  const m = await hub.member(accounts[2]);
  assert.equal(Number(m[0]), 0, 'an invitation makes nobody a member');
  const inv = await hub.invitation(accounts[2]);
  assert.deepEqual([Number(inv[0]), Number(inv[1])], [1, 1]);
});

test('the invited account sees the invitation in its own browser and accepts; it becomes a member', async () => {
  const d = await connectAs(2);
  ctxs.doctor = d;
  const p = d.page;
  await p.locator('#status .notice', { hasText: 'An institution invited this account to join it' }).waitFor();
  await p.locator('nav a[href="#/invitation"]').waitFor();
  assert.equal(await p.locator('nav a[href="#/patients"]').count(), 0, 'not a member yet');
  await p.click('nav a[href="#/invitation"]');
  const card = p.locator('section[data-invitation="1"]');
  await card.waitFor();
  const text = await card.textContent();
  assert.match(text, /St Example Hospital invites you to join as a member/);
  assert.match(
    text,
    /Institution.*St Example Hospital \(Hospital, number 1\).*Role.*Doctor.*Display name.*Dr Ada Example.*Licence.*FR-12345.*Specialty.*Cardiology/s,
  );
  await screenshot(p, 'invitation-card');
  assert.deepEqual(await axeSerious(p), [], 'invitation card');

  await p.getByRole('button', { name: 'Accept the invitation of St Example Hospital' }).click();
  await p.locator('#status .notice-success', { hasText: 'You are now a member of St Example Hospital' }).waitFor();
  // Roles are read again: the member's screens appear, the invitation goes.
  await p.locator('text=This account is a member of St Example Hospital (Doctor).').waitFor();
  await p.locator('nav a[href="#/invitation"]').waitFor({ state: 'detached' });
  if (built.config.features.records) await p.locator('nav a[href="#/patients"]').waitFor();
  assert.deepEqual(await axeSerious(p), [], 'invitation screen after accepting');

  const m = await hub.member(accounts[2]);
  assert.deepEqual([Number(m[0]), Number(m[1]), m[2]], [1, 1, true]);
  assert.equal(Number((await hub.invitation(accounts[2]))[0]), 0);

  // The administrator's list: a member now, with its institution beside its name.
  await page.click('nav a[href="#/about"]');
  await page.click('nav a[href="#/institution"]');
  const member = page.locator(`li[data-member="${accounts[2]}" i]`);
  await member.waitFor();
  assert.match(await member.textContent(), /Dr Ada Example.*St Example Hospital.*Doctor.*Cardiology.*FR-12345/s);
  await page.waitForSelector('text=No pending invitation.');
  await screenshot(page, 'institution');
  assert.deepEqual(await axeSerious(page), [], 'institution screen');

  // Inviting a member again: the contract refuses it, the page explains before the wallet asks.
  const sendsBefore = (await page.evaluate(() => window.__ehrTestWallet.log())).filter(
    (x) => x === 'eth_sendTransaction',
  ).length;
  await page.fill('input[name="account"]', accounts[2]);
  await page.getByRole('button', { name: 'Invite the member' }).click();
  await page.locator('#alerts .notice-error').waitFor();
  assert.match(await page.textContent('#alerts'), /already belongs to an institution/);
  const sendsAfter = (await page.evaluate(() => window.__ehrTestWallet.log())).filter(
    (x) => x === 'eth_sendTransaction',
  ).length;
  assert.equal(sendsAfter, sendsBefore, 'nothing was sent to the wallet');
  await page.locator('#alerts button:has-text("Dismiss")').click();
  await page.fill('input[name="account"]', '');
});

test('an invitation withdrawn by the administrator disappears for the invitee; accepting it is refused', async () => {
  await invite(accounts[3], {
    role: '2',
    displayName: 'Nurse Ben Example',
    licence: 'FR-NB-7',
    specialty: 'Emergency',
  });
  await page.locator(`li[data-invitation="${accounts[3]}" i]`).waitFor();

  const n = await connectAs(3);
  ctxs.nurse = n;
  const p = n.page;
  await p.locator('nav a[href="#/invitation"]').waitFor();
  await p.click('nav a[href="#/invitation"]');
  await p.locator('section[data-invitation="1"]', { hasText: 'Nurse Ben Example' }).waitFor();

  await page.getByRole('button', { name: 'Withdraw invitation of Nurse Ben Example' }).click();
  await page.locator(`li[data-invitation="${accounts[3]}" i]`).waitFor({ state: 'detached' });
  await page.waitForSelector('text=No pending invitation.');
  assert.equal(Number((await hub.invitation(accounts[3]))[0]), 0);

  // The invitee still has the card open: accepting is explained as refused, nothing is signed.
  const sendsBefore = (await p.evaluate(() => window.__ehrTestWallet.log())).filter(
    (x) => x === 'eth_sendTransaction',
  ).length;
  await p.getByRole('button', { name: 'Accept the invitation of St Example Hospital' }).click();
  await p.locator('#alerts .notice-error', { hasText: 'There is no such invitation for this account.' }).waitFor();
  const sendsAfter = (await p.evaluate(() => window.__ehrTestWallet.log())).filter(
    (x) => x === 'eth_sendTransaction',
  ).length;
  assert.equal(sendsAfter, sendsBefore, 'nothing was sent to the wallet');
  await p.locator('#alerts button:has-text("Dismiss")').click();
  // Opening the screen again reads the chain: the invitation is gone, and so is the menu entry.
  await p.click('nav a[href="#/invitation"]');
  await p.locator('text=This account has no pending invitation to join an institution.').waitFor();
  await p.locator('nav a[href="#/invitation"]').waitFor({ state: 'detached' });
  const m = await hub.member(accounts[3]);
  assert.equal(Number(m[0]), 0, 'a withdrawn invitation made nobody a member');
});

test('the invitee declines an invitation; an account that never accepts is not a member', async () => {
  await invite(accounts[3], {
    role: '2',
    displayName: 'Nurse Ben Example',
    licence: 'FR-NB-7',
    specialty: 'Emergency',
  });
  await invite(accounts[4], {
    role: '3',
    displayName: 'Tech Cy Example',
    licence: 'FR-LT-9',
    specialty: 'Haematology',
  });
  await page.waitForSelector('text=2 pending invitations.');

  // The nurse comes back to the page later (a fresh connection reads the roles).
  const p = ctxs.nurse.page;
  await gotoReady(p, `${server.origin}${prefix}`);
  await p.evaluate(() => window.__ehrTestWallet.useAccount(3));
  await p.click('nav a[href="#/connect"]');
  await p.click('button[data-wallet]');
  await p
    .locator('#status .notice', { hasText: 'An institution invited this account to join it' })
    .getByRole('button', { name: 'See the invitation' })
    .click();
  await p.locator('section[data-invitation="1"]', { hasText: 'Nurse Ben Example' }).waitFor();
  await p.getByRole('button', { name: 'Decline the invitation of St Example Hospital' }).click();
  await p.locator('#status .notice-success', { hasText: 'Invitation of St Example Hospital declined' }).waitFor();
  await p.locator('text=This account has no pending invitation to join an institution.').waitFor();
  await p.locator('nav a[href="#/invitation"]').waitFor({ state: 'detached' });
  assert.equal(Number((await hub.invitation(accounts[3]))[0]), 0);
  assert.equal(Number((await hub.member(accounts[3]))[0]), 0, 'declined: not a member');

  await page.click('nav a[href="#/about"]');
  await page.click('nav a[href="#/institution"]');
  await page.locator(`li[data-invitation="${accounts[4]}" i]`).waitFor();
  await page.waitForSelector('text=One pending invitation.');
  assert.equal(
    await page.locator(`li[data-invitation="${accounts[3]}" i]`).count(),
    0,
    'the declined invitation is gone',
  );

  // Never accepted: invited, yet no membership on chain and not in the members list.
  const m = await hub.member(accounts[4]);
  assert.deepEqual([Number(m[0]), Number(m[1]), m[2]], [0, 0, false]);
  assert.equal(await page.locator(`li[data-member="${accounts[4]}" i]`).count(), 0);
  await page.getByRole('button', { name: 'Withdraw invitation of Tech Cy Example' }).click();
  await page.waitForSelector('text=No pending invitation.');
});

test('removing a member: the administrator is told to create a new group key, the button right there', async () => {
  // A group key in force (published from ethers: this stack has no IPFS node for the member wraps).
  await (await (await hubAs(1)).publishGroupKey(1, hexlify(randomBytes(32)), 1)).wait();
  await page.click('nav a[href="#/about"]');
  await page.click('nav a[href="#/institution"]');
  await page.waitForSelector('text=Group key version 1 is in force.');
  assert.equal(await page.locator('#group-1-exposed').isVisible(), false, 'no warning before a removal');

  await page.getByRole('button', { name: 'Remove Dr Ada Example' }).click();
  await page.waitForSelector('text=No member yet.');
  const warning = page.locator('#group-1-exposed');
  await warning.waitFor();
  assert.match(
    await warning.textContent(),
    /create a new group key now.*The removed member knew the current group key: until you create a new one, records shared with the institution cannot be sealed to it\./s,
  );
  // The rotate button follows the warning directly.
  assert.equal(
    await page.evaluate(
      () => document.querySelector('#group-1-exposed').nextElementSibling?.querySelector('button')?.textContent,
    ),
    'Create a new group key',
  );
  await screenshot(page, 'institution-member-removed');
  assert.deepEqual(await axeSerious(page), [], 'institution screen after a removal');
  assert.equal(Number((await hub.member(accounts[2]))[0]), 0);

  // A new key (from ethers here too): the warning goes.
  await (await (await hubAs(1)).publishGroupKey(1, hexlify(randomBytes(32)), 2)).wait();
  await page.click('nav a[href="#/about"]');
  await page.click('nav a[href="#/institution"]');
  await page.waitForSelector('text=Group key version 2 is in force.');
  assert.equal(await page.locator('#group-1-exposed').isVisible(), false);
});

test('the platform administrator suspends the institution', async () => {
  await page.evaluate(() => window.__ehrTestWallet.useAccount(0));
  await page.waitForSelector('nav a[href="#/platform"]');
  await page.click('nav a[href="#/platform"]');
  await page.getByRole('button', { name: 'Suspend St Example Hospital' }).click();
  await page.waitForSelector('li[data-institution="1"] .badge-bad');
  assert.match(await page.textContent('li[data-institution="1"]'), /Suspended/);
  await page.getByRole('button', { name: 'Reinstate St Example Hospital' }).waitFor();
  assert.deepEqual(await cspViolations(page, problems), []);
  assert.deepEqual(problems, []);
  for (const [name, c] of Object.entries(ctxs)) {
    assert.deepEqual(await cspViolations(c.page, c.problems), [], name);
    assert.deepEqual(c.problems, [], name);
  }
});
