// Two languages (web/src/i18n.js): every visible string of every screen listed here is a message
// of the catalogue. The development build's pseudo-locale "qps" shows each message of the Spanish
// catalogue in ⟦brackets⟧; any visible text (or aria-label, title, placeholder, alt) outside an
// element marked translate="no" that is not bracketed is a string the second language would miss,
// and fails the test with its screen and text. Spanish itself: chosen from the browser's
// languages, switched live from the footer, <html lang> follows.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildPage, startAnvil, startStaticServer, randomPrefix, launchBrowser, screenshot } from './helpers.mjs';
import { readFileSync } from 'node:fs';
import { axeSerious, gotoReady, inviteAndAccept, openPage, startStack } from './helpers.mjs';

const anvil = await startAnvil();
const browser = await launchBrowser();
const built = buildPage({ rpcUrl: anvil.url });
const prefix = randomPrefix();
const server = await startStaticServer({ [prefix]: built.out });
const url = `${server.origin}${prefix}`;
after(async () => {
  await browser.close();
  await server.close();
  built.remove();
  await anvil.stop();
});

const ready = (page) =>
  page.waitForFunction(() => document.documentElement.dataset.ready === 'true', null, { timeout: 30000 });

/** Visible text and text attributes outside translate="no" that are not ⟦bracketed⟧. */
export const untranslated = (page) =>
  page.evaluate(() => {
    const out = [];
    // Code (addresses, CIDs, URLs in <code>) is not language.
    const skip = (el) =>
      !el || el.closest('[translate="no"], code, pre, kbd, samp, script, style, noscript') || !el.checkVisibility();
    const bracketed = (s) => {
      const x = s.trim();
      return !/\p{L}/u.test(x) || (x.startsWith('⟦') && x.endsWith('⟧'));
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (skip(n.parentElement)) continue;
      if (!bracketed(n.textContent)) out.push(n.textContent.trim());
    }
    for (const el of document.body.querySelectorAll('[aria-label], [title], [placeholder], img[alt]')) {
      if (skip(el)) continue;
      for (const a of ['aria-label', 'title', 'placeholder', 'alt']) {
        const v = el.getAttribute(a);
        if (v && !bracketed(v)) out.push(`${a}="${v}"`);
      }
    }
    if (!bracketed(document.title.replace(/ · ehr$/, ''))) out.push(`<title>${document.title}`);
    return out;
  });

/** Screens anyone can open before connecting a wallet. */
const OPEN_SCREENS = ['/', '/about'];

test('every visible string of the open screens is a message of the catalogue', async () => {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const problems = [];
  for (const path of OPEN_SCREENS) {
    await page.goto(`${url}?lang=qps#${path}`);
    await ready(page);
    for (const s of await untranslated(page)) problems.push(`${path}: ${s}`);
  }
  await context.close();
  assert.deepEqual(problems, []);
});

test('Spanish comes from the browser, switches live from the footer, and sets <html lang>', async () => {
  const context = await browser.newContext({ serviceWorkers: 'block', locale: 'es-ES' });
  const page = await context.newPage();
  await page.goto(url);
  await ready(page);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'es');
  assert.equal(await page.locator('h1').innerText(), 'Su historia clínica, bajo su control');
  assert.equal(await page.locator('#main-nav a[data-path="/settings"]').innerText(), 'Ajustes');
  assert.match(await page.title(), /^Inicio · ehr$/);
  await screenshot(page, 'i18n-home-es');
  await page.selectOption('#language', 'en');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.equal(await page.locator('h1').innerText(), 'Your health record, under your control');
  assert.equal(await page.locator('#lock-now').innerText(), 'Lock now');
  await page.selectOption('#language', 'es');
  await page.waitForFunction(() => document.documentElement.lang === 'es');
  assert.equal(await page.locator('#lock-now').innerText(), 'Bloquear ahora');
  await context.close();
});

// The administration screens, the account screen, what an account-bound screen shows first (not
// connected, another network, no role), and the invitation, against the full stack (anvil with
// the contracts, the local IPFS node): the super-admin also administers Riverside General
// Hospital (menus "Platform" and "Institution"), which has one member who accepted and one
// pending invitation; a fourth account has no role.
let world = null;
after(async () => {
  await world?.stop();
});

/** The stack and its institution, built on first use by the tests below. */
async function adminWorld() {
  if (world) return world;
  const stack = await startStack();
  world = stack;
  const { Contract, JsonRpcProvider } = await import('ethers');
  const provider = new JsonRpcProvider(stack.anvil.url, undefined, { staticNetwork: true });
  const abi = JSON.parse(readFileSync(new URL('../../contracts/out/EhrHub.json', import.meta.url), 'utf8')).abi;
  const hubAs = async (i) => new Contract(stack.contracts.EhrHub, abi, await provider.getSigner(stack.accounts[i]));
  const admin = await hubAs(0);
  await (await admin.addInstitution(1, 'Riverside General Hospital', 'US-CA', stack.accounts[0])).wait();
  await inviteAndAccept(admin, await hubAs(1), {
    institutionId: 1,
    role: 1,
    licence: 'CA-A12345',
    specialty: 'Cardiology',
    displayName: 'Dr Ada Okafor',
  });
  await (await admin.addMember(1, stack.accounts[2], 2, 'CA-RN-778', 'Emergency', 'Nurse Ben Lee')).wait();
  provider.destroy();
  return stack;
}
const SUPER_ADMIN = 0;
const MEMBER = 1;
const INVITED = 2;
const NO_ROLE = 3;

/** A context on the page in `lang`, connected through the test wallet as anvil account `index`. */
async function connectedIn(stack, lang, index, viewport) {
  const r = await openPage(browser, { anvil: stack.anvil, viewport });
  await gotoReady(r.page, `${stack.url}?lang=${lang}`);
  if (index !== null) {
    await r.page.evaluate((i) => window.__ehrTestWallet.useAccount(i), index);
    await r.page.click('nav a[href="#/connect"]');
    await r.page.click('button[data-wallet]');
    await r.page.locator('#account-address').waitFor();
  }
  return r;
}

/** Opens the screen `path` and waits for `readySelector` (and, if given, until `until` holds in the page). */
async function visit(page, path, readySelector, until) {
  await page.evaluate((p) => {
    location.hash = p;
  }, `#${path}`);
  await page.locator(readySelector).first().waitFor();
  if (until) await page.waitForFunction(until);
}

/** The pseudo-locale check of the page as it is now; `where` names the screen in the failures. */
async function check(page, where, problems) {
  for (const s of await untranslated(page)) problems.push(`${where}: ${s}`);
}

test('in Spanish the administration screens have Spanish headings; axe finds nothing serious at 1280 and 375 px', async () => {
  const stack = await adminWorld();
  for (const width of [1280, 375]) {
    const { context, page } = await connectedIn(stack, 'es', SUPER_ADMIN, { width, height: 900 });
    try {
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'es');
      assert.equal(await page.locator('#main h1').innerText(), 'Su cuenta');
      assert.equal(await page.locator('#main dt').first().innerText(), 'Monedero');

      await visit(page, '/platform', 'li[data-institution="1"]');
      assert.equal(await page.locator('#main h1').innerText(), 'Administración de la plataforma');
      assert.equal(await page.locator('#inst-heading').innerText(), 'Instituciones');
      assert.equal(await page.locator('#add-inst-heading').innerText(), 'Añadir una institución');
      await page.locator('#main p[role="status"]', { hasText: 'Una institución.' }).waitFor();
      const card = page.locator('li[data-institution="1"]');
      assert.match(
        await card.innerText(),
        /Riverside General Hospital\s+Activa.*Tipo\s+Hospital.*Jurisdicción\s+US-CA/s,
      );
      assert.equal(await card.getByRole('button').getAttribute('aria-label'), 'Suspender Riverside General Hospital');
      assert.equal(await page.title(), 'Administración de la plataforma · ehr');
      await screenshot(page, `i18n-platform-es-${width}`);
      assert.deepEqual(await axeSerious(page), [], `platform, ${width} px`);

      await visit(page, '/institution', 'li[data-member]', () =>
        /Está vigente|Todavía no hay clave/.test(document.querySelector('section[data-institution="1"]')?.innerText),
      );
      assert.equal(await page.locator('#main h1').innerText(), 'Administración de la institución');
      await page.locator('#inst-1', { hasText: 'Riverside General Hospital (Hospital)' }).waitFor();
      assert.deepEqual(await page.locator('section[data-institution="1"] h3').allInnerTexts(), [
        'Miembros',
        'Invitaciones pendientes',
        'Invitar a un miembro',
        'Clave de grupo',
      ]);
      await page.locator('#main p[role="status"]', { hasText: 'Un miembro.' }).waitFor();
      await page.locator('#main p[role="status"]', { hasText: 'Una invitación pendiente.' }).waitFor();
      assert.match(
        await page.locator('li[data-member]').innerText(),
        /Dr Ada Okafor.*Función\s+Médico.*Especialidad\s+Cardiology.*Licencia\s+CA-A12345/s,
      );
      await page.getByRole('button', { name: 'Invitar al miembro' }).waitFor();
      await screenshot(page, `i18n-institution-es-${width}`);
      assert.deepEqual(await axeSerious(page), [], `institution, ${width} px`);
    } finally {
      await context.close();
    }
  }
});

test('every visible string of the administration, account, gated and invitation screens is a message', async () => {
  const stack = await adminWorld();
  const problems = [];
  const errors = [];
  const watch = (r) => r.page.on('pageerror', (e) => errors.push(e.message));

  // Not connected: the account screen and the gates ask for a connection.
  {
    const r = await connectedIn(stack, 'qps', null);
    watch(r);
    const { page } = r;
    await visit(page, '/account', '#main a[href="#/connect"]');
    await check(page, 'account (not connected)', problems);
    for (const path of ['/platform', '/institution', '/invitation']) {
      await visit(page, path, '#main a[href="#/connect"]');
      await check(page, `${path} (not connected)`, problems);
    }
    await r.context.close();
  }

  // The super-admin: account, Platform (list, card actions, the form and its errors), Institution
  // (members, invitations, the invite form, a contract's refusal, the group key, a removal).
  {
    const r = await connectedIn(stack, 'qps', SUPER_ADMIN);
    watch(r);
    const { page } = r;
    await page.waitForFunction(() => document.querySelector('#account-balance')?.textContent.includes('ETH'));
    await check(page, 'account', problems);

    await visit(page, '/platform', 'li[data-institution="1"]', () =>
      /One institution/.test(document.querySelector('#main p[role="status"]')?.textContent),
    );
    await check(page, 'platform', problems);
    // A card's action: suspend (status line, success notice), then reinstate.
    await page.locator('li[data-institution="1"] button').click();
    await page.locator('#status .notice-success', { hasText: 'suspended' }).waitFor();
    await page.locator('li[data-institution="1"] .badge-bad').waitFor();
    await check(page, 'platform, institution suspended', problems);
    await page.locator('li[data-institution="1"] button').click();
    await page.locator('li[data-institution="1"] .badge-ok').waitFor();
    await page.locator('#status .notice-success', { hasText: 'reinstated' }).waitFor();
    await check(page, 'platform, institution reinstated', problems);
    // The form: an address the module refuses (the field's error), then declined in the wallet
    // (an error notice).
    await page.fill('input[name="name"]', 'Northside Laboratory');
    await page.fill('input[name="admin"]', '0x1234');
    await page.locator('form[aria-labelledby="add-inst-heading"] button[type="submit"]').click();
    await page.locator('.field-error:not([hidden])').waitFor();
    assert.match(await page.locator('.field-error:not([hidden])').innerText(), /^⟦Enter an account address/);
    await check(page, 'platform, an address refused', problems);
    await page.fill('input[name="admin"]', stack.accounts[5]);
    await page.evaluate(() => window.__ehrTestWallet.rejectNext('eth_sendTransaction'));
    await page.locator('form[aria-labelledby="add-inst-heading"] button[type="submit"]').click();
    await page.locator('#alerts .notice-error').waitFor();
    assert.match(await page.locator('#alerts .notice-title').first().innerText(), /^⟦You declined the request/);
    assert.match(await page.locator('#alerts .notice-error p').nth(1).innerText(), /⟦adding the institution⟧/);
    await check(page, 'platform, declined in the wallet', problems);
    await page.locator('#alerts .notice-error button').last().click();

    const groupKnown = () =>
      /Group key version|No group key yet/.test(
        document.querySelector('section[aria-labelledby="group-1-heading"] p[role="status"]')?.textContent ?? '',
      );
    await visit(page, '/institution', 'li[data-invitation]', groupKnown);
    await page.locator('li[data-member]').waitFor();
    await page.locator('#inst-1 span[translate="no"]').waitFor();
    await check(page, 'institution', problems);
    // A contract's refusal, explained before anything is signed: the member is invited again.
    await page.fill('input[name="account"]', stack.accounts[MEMBER]);
    await page.locator('section[data-institution="1"] form button[type="submit"]').click();
    await page.locator('#alerts .notice-error').waitFor();
    assert.match(await page.locator('#alerts').innerText(), /⟦This account already belongs to an institution\.⟧/);
    await check(page, 'institution, a contract refusal', problems);
    await page.locator('#alerts .notice-error button').last().click();
    await page.fill('input[name="account"]', '');
    // The group key: created (signatures, sealed copies on IPFS), then the member removed (the
    // warning to create a new one).
    await page.locator('section[aria-labelledby="group-1-heading"] button').first().click();
    const published = page.locator('#status .notice-success', { hasText: 'Group key version 1 published' });
    await published.waitFor({ timeout: 120000 });
    assert.match(await published.locator('.notice-title').innerText(), /^⟦Group key version 1 published⟧$/);
    await page.waitForFunction(() => /version 1 is in force/.test(document.querySelector('#main').textContent));
    await check(page, 'institution, group key created', problems);
    await page.locator('li[data-member] button').click();
    await page.locator('#group-1-exposed').waitFor();
    await page.locator('#main p[role="status"]', { hasText: 'No member yet.' }).waitFor();
    await check(page, 'institution, member removed', problems);
    await r.context.close();
  }

  // The invited account: the notice on connection, then the invitation itself.
  {
    const r = await connectedIn(stack, 'qps', INVITED);
    watch(r);
    const { page } = r;
    await page.locator('#status .notice').waitFor();
    await visit(page, '/invitation', 'section[data-invitation="1"]');
    await check(page, 'invitation', problems);
    await r.context.close();
  }

  // No role: every administration screen says why not; then another network.
  {
    const r = await connectedIn(stack, 'qps', NO_ROLE);
    watch(r);
    const { page } = r;
    await visit(page, '/platform', '#main h1', () => document.querySelector('#main p:not([role])') !== null);
    await check(page, 'platform (no role)', problems);
    await visit(page, '/institution', '#main h1', () => document.querySelector('#main p:not([role])') !== null);
    await check(page, 'institution (no role)', problems);
    await visit(page, '/invitation', '#main p[role="status"]', () =>
      /no pending invitation/.test(document.querySelector('#main').textContent),
    );
    await check(page, 'invitation (no role)', problems);
    await page.evaluate(() => window.__ehrTestWallet.setChain('0xaa36a7'));
    await visit(page, '/account', '#wrong-network');
    await check(page, 'account (another network)', problems);
    await visit(page, '/platform', '#main a[href="#/account"]');
    await check(page, 'platform (another network)', problems);
    await r.context.close();
  }

  assert.deepEqual(errors, []);
  assert.deepEqual(problems, []);
});

test('the notice of a page opened from a shared address (a path gateway) is a message too', async () => {
  const cid = 'bafybeie5nqv6kd3qnfjupgvz34woh3oksc3iau6abmyajn7qvtf6d2ho34';
  const gateway = await startStaticServer({ [`/ipfs/${cid}/`]: built.out });
  const context = await browser.newContext({ serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    await page.goto(`${gateway.origin}/ipfs/${cid}/?lang=qps`);
    await ready(page);
    await page.locator('#shared-origin #isolated-address').waitFor();
    assert.match(await page.locator('#shared-origin .notice-title').innerText(), /^⟦This page is opened from/);
    assert.deepEqual(
      (await untranslated(page)).map((s) => `/ (shared address): ${s}`),
      [],
    );
  } finally {
    await context.close();
    await gateway.close();
  }
});
