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

/** axe at 1280 and at 375 px on the screen as it is; back to 1280 px after. */
async function axeBoth(page, where) {
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    assert.deepEqual(await axeSerious(page), [], `${where}, ${width} px`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** The visible text of the first element `selector` matches. */
const text = (page, selector) => page.locator(selector).first().innerText();

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
  // A screen's header drawn before the switch follows it too (the chart's sub-navigation).
  await page.evaluate(() => {
    location.hash = '#/chart';
  });
  await page.locator('nav.subnav a[href="#/chart"]').filter({ hasText: 'Registros' }).waitFor();
  await page.selectOption('#language', 'en');
  await page.locator('nav.subnav a[href="#/chart"]').filter({ hasText: 'Records' }).waitFor({ timeout: 10000 });
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

// The health-standards screens (screens/health*.js) on the same stack: a patient checks SMART
// Health Cards (the specification's example 00 verifies, 03 is revoked), imports the verified card
// through the review (groups folded, then one open), exports the chart, makes a SMART Health Link
// and withdraws it; the link opens on "Open a shared link", connected and not.
const SHC_EXAMPLES = new URL('../vectors/health/smart-health-cards/examples/', import.meta.url);
const SHC_ISSUER_FILES = [
  'issuer/.well-known/jwks.json',
  'issuer/.well-known/crl/3Kfdg-XwP-7gXyywtUfUADwBumDOPKMQx-iELL11W9s.json',
].map((f) => new URL(f, SHC_EXAMPLES).pathname);
const SHC_VERIFIED = readFileSync(new URL('example-00-f-qr-code-numeric-value-0.txt', SHC_EXAMPLES), 'utf8');
const SHC_REVOKED_FILE = new URL('example-03-e-file.smart-health-card', SHC_EXAMPLES).pathname;
const HEALTH_PATIENT_QPS = 6;
const HEALTH_PATIENT_ES = 7;

/** Registers the connected account as a patient (the button's words in any language). */
async function registerPatient(page) {
  await visit(page, '/chart', '#main button');
  await page.getByRole('button', { name: /Set up my encryption key and register/ }).click();
  await page.locator('text=No record yet.').waitFor({ timeout: 120000 });
}

/** On the health card screen: the issuer's files added, then `card` (text or a file) checked. */
async function checkCard(page, card) {
  await visit(page, '/health-card', '#shc-input');
  await page.locator('form[aria-labelledby="shc-heading"] details > summary').click();
  await page.setInputFiles('#shc-issuer-files', SHC_ISSUER_FILES);
  await page.waitForFunction(() => document.querySelectorAll('#shc-issuer-list li').length === 2);
  if (card.file) await page.setInputFiles('#shc-file', card.file);
  else await page.fill('#shc-input', card.text);
  await page.locator('form[aria-labelledby="shc-heading"] button[type="submit"]').click();
  await page.locator('#shc-result [data-state]').waitFor();
}

/** Runs the reviewed import and waits until every record is added (the start button goes away). */
async function runImport(page) {
  await page.locator('#import-review .actions button').first().click();
  await page.waitForFunction(() => document.querySelector('#import-review .actions button')?.hidden === true, null, {
    timeout: 180000,
  });
}

/** Opens the first category of the import review, and the list of its records. */
async function openFirstGroup(page) {
  await page.locator('#import-categories > li > details > summary').first().click();
  await page.locator('#import-categories > li > details .import-items > summary').first().click();
}

/** The export prepared, and the patient summary (IPS) saved. */
async function prepareExport(page, saved) {
  await visit(page, '/chart/export', 'form[aria-labelledby="export-heading"]');
  await page.fill('input[name="name"]', 'John B. Anyperson');
  await page.locator('form[aria-labelledby="export-heading"] button[type="submit"]').click();
  await page.locator('#emergency-summary').waitFor({ timeout: 120000 });
  const ips = page.locator('form[aria-labelledby="export-heading"] ~ div > .actions > button').nth(1);
  await Promise.all([page.waitForEvent('download'), ips.click()]);
  await page.locator('#main p[role="status"]', { hasText: saved }).waitFor();
}

/** Opens `link` on the shared-link screen. */
async function openLinkOn(page, link) {
  await visit(page, '/shl', '#shl-input');
  await page.fill('#shl-input', link);
  await page.locator('form[aria-labelledby="shl-open-heading"] button[type="submit"]').click();
  await page.locator('#shl-result-heading').waitFor({ timeout: 120000 });
}

test('every visible string of the health screens is a message: cards, import review, export, links, shared link', async () => {
  const stack = await adminWorld();
  const problems = [];
  const errors = [];
  const r = await connectedIn(stack, 'qps', HEALTH_PATIENT_QPS);
  r.page.on('pageerror', (e) => errors.push(e.message));
  const { page } = r;
  try {
    await registerPatient(page);

    await visit(page, '/health-card', '#shc-input');
    await check(page, 'health card', problems);
    await checkCard(page, { text: SHC_VERIFIED });
    assert.equal(await page.locator('#shc-result [data-state]').getAttribute('data-state'), 'verified');
    assert.match(await page.locator('#shc-result').innerText(), /⟦Verified: the issuer signed this card/);
    await check(page, 'health card, verified', problems);

    // The verified card's import: the review with its groups folded, then one open, then done.
    await page.locator('#shc-result .import-actions button').click();
    await page.locator('#import-summary').waitFor({ timeout: 120000 });
    assert.equal(await page.locator('#import-review details[open]').count(), 0, 'groups start folded');
    await check(page, 'import review', problems);
    await openFirstGroup(page);
    await check(page, 'import review, a group open', problems);
    await runImport(page);
    await check(page, 'import done', problems);

    await checkCard(page, { file: SHC_REVOKED_FILE });
    assert.equal(await page.locator('#shc-result [data-state]').getAttribute('data-state'), 'revoked');
    await check(page, 'health card, revoked', problems);

    await visit(page, '/chart/import', '#import-file');
    await check(page, 'import', problems);

    await visit(page, '/chart/export', 'form[aria-labelledby="export-heading"]');
    await check(page, 'export', problems);
    await prepareExport(page, 'Patient summary saved');
    await check(page, 'export prepared', problems);

    // Links: records picked, with a label; the link shown once, and in the list.
    await visit(page, '/chart/links', '#shl-list');
    await page.locator('form[aria-labelledby="shl-make-heading"] p[role="status"]', { hasText: '3 records' }).waitFor();
    await check(page, 'links', problems);
    await page.check('#shl-what-pick');
    for (let i = 0; i < 2; i++) await page.locator('#shl-picks input[type="checkbox"]').nth(i).check();
    await page.fill('input[name="label"]', 'Summary for Dr Hana');
    await check(page, 'links, records picked', problems);
    await page.locator('form[aria-labelledby="shl-make-heading"] button[type="submit"]').click();
    await page.locator('#shl-link').waitFor({ timeout: 120000 });
    const link = await page.inputValue('#shl-link');
    await check(page, 'links, a link made', problems);

    await visit(page, '/shl', '#shl-input');
    await check(page, 'shared link', problems);
    await openLinkOn(page, link);
    assert.match(await page.locator('#shl-result-heading').innerText(), /^⟦Shared: ⟧Summary for Dr Hana$/);
    await check(page, 'shared link opened', problems);

    // Withdrawn: the list says so, with the notice.
    await visit(page, '/chart/links', '#shl-list .button-danger');
    await page.locator('#shl-list .button-danger').click();
    await page.locator('#shl-list .badge-bad').waitFor();
    await page.locator('#status .notice, #alerts .notice').first().waitFor();
    await check(page, 'links, a link withdrawn', problems);

    // Without a wallet, the opened link says how to import it.
    const anon = await connectedIn(stack, 'qps', null);
    anon.page.on('pageerror', (e) => errors.push(e.message));
    try {
      await openLinkOn(anon.page, link);
      await anon.page.locator('#shl-content .import-actions p').waitFor();
      await check(anon.page, 'shared link opened, not connected', problems);
    } finally {
      await anon.context.close();
    }
  } finally {
    await r.context.close();
  }
  assert.deepEqual(errors, []);
  assert.deepEqual(problems, []);
});

test('in Spanish the health screens read in Spanish; axe finds nothing serious at 1280 and 375 px', async () => {
  const stack = await adminWorld();
  const r = await connectedIn(stack, 'en', HEALTH_PATIENT_ES, { width: 1280, height: 900 });
  const { page } = r;
  try {
    await registerPatient(page);
    await page.selectOption('#language', 'es');
    await page.waitForFunction(() => document.documentElement.lang === 'es');

    await visit(page, '/health-card', '#shc-input');
    assert.equal(await text(page, '#main h1'), 'Comprobar una tarjeta SMART Health');
    assert.equal(await page.title(), 'Comprobar una tarjeta SMART Health · ehr');
    await checkCard(page, { text: SHC_VERIFIED });
    assert.equal(await text(page, '#shc-result [data-state="verified"]'), 'Tarjeta verificada');
    assert.match(await text(page, '#shc-result'), /Verificada: el emisor firmó esta tarjeta y no ha sido modificada\./);
    assert.match(await text(page, '#shc-result'), /John B\. Anyperson, fecha de nacimiento: 1951-01-20/);
    assert.match(await text(page, '#shc-issuer-list'), /Conjunto de claves jwks\.json: 2 claves/);
    await screenshot(page, 'i18n-health-card-es');
    await axeBoth(page, 'health card, verified');

    await page.getByRole('button', { name: 'Importar a mi historia' }).click();
    await page.locator('#import-summary').waitFor({ timeout: 120000 });
    assert.equal(await text(page, '#import-review-heading'), 'Revisar la importación');
    assert.equal(
      await text(page, '#import-summary'),
      'Desde la tarjeta SMART Health de https://spec.smarthealth.cards/examples/issuer: 4 entradas. Por añadir: 3, a su historia; omitidos: 1.',
    );
    assert.equal(await text(page, '#import-categories > li > details > summary'), 'Vacunas: 3 por añadir');
    assert.equal(await page.getByRole('button', { name: 'Cifrar y añadir 3 registros' }).count(), 1);
    await axeBoth(page, 'import review');
    await openFirstGroup(page);
    assert.match(await text(page, '.import-items > summary'), /^Los 3 registros que se añadirán$/);
    await screenshot(page, 'i18n-health-import-es');
    await axeBoth(page, 'import review, a group open');
    await runImport(page);
    assert.equal(await text(page, '#import-count'), 'Añadidos: 3 de 3.');

    await checkCard(page, { file: SHC_REVOKED_FILE });
    assert.equal(await text(page, '#shc-result [data-state="revoked"]'), 'Tarjeta revocada');
    assert.match(await text(page, '#shc-result'), /Revocada: el emisor ha retirado esta tarjeta\./);
    assert.match(await text(page, '#shc-result'), /Una tarjeta no verificada no se puede importar\./);
    await axeBoth(page, 'health card, revoked');

    await prepareExport(page, 'Resumen del paciente guardado');
    assert.equal(await text(page, '#export-heading'), 'Exportar en estándares sanitarios');
    assert.equal(await text(page, '#emergency-heading'), 'Resumen para urgencias');
    assert.equal(await text(page, '#emergency-summary [data-section="allergies"] h3'), 'Alergias e intolerancias');
    assert.match(await text(page, '#emergency-summary [data-section="allergies"]'), /Nada registrado\./);
    await screenshot(page, 'i18n-health-export-es');
    await axeBoth(page, 'export');

    await visit(page, '/chart/links', '#shl-list');
    await page.locator('#main p[role="status"]', { hasText: 'Se pueden compartir 3 registros.' }).waitFor();
    assert.equal(await text(page, '#shl-make-heading'), 'Compartir con un Enlace SMART Health');
    assert.equal(await text(page, '#shl-list'), 'No ha creado ningún enlace en este navegador.');
    await page.locator('form[aria-labelledby="shl-make-heading"] button[type="submit"]').click();
    await page.locator('#shl-link').waitFor({ timeout: 120000 });
    const link = await page.inputValue('#shl-link');
    assert.doesNotMatch(link, /[?&]lang=/, 'the link opens in the language of whoever opens it');
    assert.equal(await text(page, '#shl-new-heading'), 'Su enlace');
    assert.equal(await text(page, '#shl-list h3'), 'Enlace sin etiqueta');
    assert.match(await text(page, '#shl-list'), /Resumen del paciente, creado el .+\.\s+Activo hasta el /);
    assert.equal(await page.locator('#shl-list .button-danger').getAttribute('aria-label'), 'Retirar el enlace');
    await screenshot(page, 'i18n-health-links-es');
    await axeBoth(page, 'links');

    await visit(page, '/shl', '#shl-input');
    assert.equal(await text(page, '#main h1'), 'Abrir un Enlace SMART Health');
    await axeBoth(page, 'shared link');
    await openLinkOn(page, link);
    assert.equal(await text(page, '#shl-result-heading'), 'Compartido con usted');
    assert.match(await text(page, '#shl-content'), /^El enlace caduca el .+\. Descifrado en esta página desde /m);
    assert.equal(await page.getByRole('button', { name: 'Importar a mi historia' }).count(), 1);
    await screenshot(page, 'i18n-health-shl-es');
    await axeBoth(page, 'shared link opened');
  } finally {
    await r.context.close();
  }
});

// ---- The wallet, device and session screens, and the patient's chart frame ------------------------
// Connect (a wallet list, no wallet, connected), the built-in wallet (create: the phrase shown and
// its confirmation; restore; keystore; development accounts), Settings, the lock screen after each
// kind of lock, the idle warning, personal-device mode (a wallet kept here, its unlock) and a
// second device by QR code (both screens through codes, digits and the wallet code), the patient's
// chart frame (registration, a registration code, the sub-navigation over an empty chart), and the
// title of every route in main.js.

/** A context on the page at `base` in `lang` (`wallet`: the injected test wallet over `chain`). */
async function pageIn(base, lang, { wallet = false, chain = anvil, viewport, hash = '/' } = {}) {
  const r = await openPage(browser, { anvil: chain, wallet, viewport });
  await gotoReady(r.page, `${base}?lang=${lang}#${hash}`);
  return r;
}

/** The button of `scope` whose whole text is `label` (⟦bracketed⟧ in the pseudo-locale). */
const buttonNamed = (page, label, scope = '#main') =>
  page.locator(`${scope} button`, { hasText: new RegExp(`^⟦?${label.replace(/[.?()]/g, '\\$&')}⟧?$`) });

/** The create flow up to the confirmation: the phrase's words, in order. */
async function showPhrase(page) {
  await visit(page, '/wallet/create', '#main .actions button');
  await page.locator('#main .actions button').first().click();
  await page.locator('#mnemonic-words li').first().waitFor();
  return page.$$eval('#mnemonic-words li', (els) => els.map((e) => e.textContent));
}

/** On the confirmation step: the three positions asked (from the fields' names). */
const askedPositions = (page) =>
  page.$$eval('#main form input[type="text"]', (els) => els.map((e) => Number(e.name.slice('word-'.length)) - 1));

test('every visible string of Connect, the built-in wallet, Settings, the lock screen and the idle warning is a message', async () => {
  const problems = [];
  const errors = [];
  const watch = (r) => r.page.on('pageerror', (e) => errors.push(e.message));

  // No wallet in this browser; the screens of the built-in wallet; a wallet created.
  {
    const r = await pageIn(url, 'qps', { hash: '/connect' });
    watch(r);
    const { page } = r;
    await page.waitForFunction(() =>
      /No wallet extension/.test(document.querySelector('#main [role="status"]').textContent),
    );
    await check(page, 'connect (no wallet)', problems);
    await visit(page, '/wallet', '#dev-heading');
    assert.equal(await page.locator('#main [data-dev-account]').count(), 5);
    assert.match(await page.locator('#main [data-dev-account="1"]').innerText(), /^⟦Development account 2⟧$/);
    await check(page, 'built-in wallet', problems);
    await visit(page, '/wallet/restore', 'textarea[name="phrase"]');
    await check(page, 'restore', problems);
    await page.fill('textarea[name="phrase"]', 'one two three four five');
    await page.locator('#main form button[type="submit"]').click();
    await page.locator('.field-error:not([hidden])').waitFor();
    assert.match(
      await page.locator('.field-error:not([hidden])').innerText(),
      /^⟦A recovery phrase has .*this has 5\.⟧$/,
    );
    await check(page, 'restore, too few words', problems);
    await page.fill(
      'textarea[name="phrase"]',
      'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon',
    );
    await page.locator('#main form button[type="submit"]').click();
    await page.locator('.field-error:not([hidden])', { hasText: 'not a valid recovery phrase' }).waitFor();
    await check(page, 'restore, not a valid phrase', problems);
    await visit(page, '/wallet/keystore', 'input[name="keystore"]');
    await page.locator('#main form button[type="submit"]').click();
    await page.locator('.field-error:not([hidden])').first().waitFor();
    await check(page, 'keystore, nothing chosen', problems);

    const words = await showPhrase(page);
    assert.equal(words.length, 12);
    assert.equal(await page.locator('#mnemonic-words').getAttribute('translate'), 'no', 'the words are not language');
    await check(page, 'create, the phrase shown', problems);
    await page.check('#written-down');
    await buttonNamed(page, 'Continue').click();
    await page.locator('#confirm-heading').waitFor();
    const positions = await askedPositions(page);
    assert.match(await page.locator('#main form label').first().innerText(), /^⟦Word \d+⟧$/);
    await check(page, 'create, confirm', problems);
    const inputs = page.locator('#main form input[type="text"]');
    for (let i = 0; i < 3; i++) await inputs.nth(i).fill(i === 0 ? 'zzzz' : words[positions[i]]);
    await page.locator('#main form button[type="submit"]').click();
    await page.locator('.field-error:not([hidden])').waitFor();
    await check(page, 'create, a wrong word', problems);
    await inputs.nth(0).fill(words[positions[0]]);
    await page.locator('#main form button[type="submit"]').click();
    await page.locator('#account-address').waitFor();
    await page.locator('#status .notice-success').waitFor();
    await check(page, 'account (the built-in wallet, just created)', problems);

    // Settings with a session to lock; a wrong number; saved.
    await visit(page, '/settings', '#device-summary');
    await check(page, 'settings', problems);
    await page.fill('input[name="idle"]', '0');
    await page.locator('#main form button[type="submit"]').click();
    await page.locator('.field-error:not([hidden])').waitFor();
    await check(page, 'settings, a wrong number', problems);
    await page.fill('input[name="idle"]', '5');
    await page.locator('#main form button[type="submit"]').click();
    await page.locator('#status .notice-success[data-key="settings"]').waitFor();
    await check(page, 'settings saved', problems);

    // This device, a wallet open: the form that keeps it; two passwords that differ.
    await visit(page, '/device', '#device-keep');
    await check(page, 'device (shared terminal, a wallet open)', problems);
    await page.fill('input[name="device-password"]', 'password one');
    await page.fill('input[name="device-password-again"]', 'password two');
    await page.locator('#device-keep button[type="submit"]').click();
    await page.locator('.field-error:not([hidden])').waitFor();
    await check(page, 'device, passwords differ', problems);

    // Locked with the button; then every screen of a fresh session.
    await page.click('#lock-now');
    await page.locator('#lock-reason').waitFor();
    assert.match(await page.locator('#lock-reason').innerText(), /^⟦You locked the page\.⟧$/);
    await check(page, 'locked (button)', problems);
    await buttonNamed(page, 'Start again').click();
    await page.waitForFunction(() => location.hash === '#/');
    await visit(page, '/settings', '#device-summary');
    await check(page, 'settings (nothing to lock)', problems);
    await visit(page, '/device', '#device-join-link');
    await check(page, 'device (shared terminal, no wallet open)', problems);
    await visit(page, '/wallet/unlock', '#main a[href="#/wallet"]');
    await check(page, 'wallet unlock (no wallet kept here)', problems);
    await visit(page, '/device/add', '#main a[href="#/device"]');
    await check(page, 'add a device (not a personal device)', problems);
    await visit(page, '/nowhere', '#main a[href="#/"]');
    await check(page, 'no such screen', problems);
    await r.context.close();
  }

  // An extension wallet: the list, connected, then the tab hidden (shared-terminal mode).
  {
    const r = await pageIn(url, 'qps', { wallet: true, hash: '/connect' });
    watch(r);
    const { page } = r;
    await page.locator('button[data-wallet]').waitFor();
    assert.match(await page.locator('button[data-wallet]').innerText(), /^⟦Connect with Test Wallet⟧/);
    await check(page, 'connect (a wallet found)', problems);
    await page.click('button[data-wallet]');
    await page.locator('#account-address').waitFor();
    await visit(page, '/connect', '#main a[href="#/account"]');
    await check(page, 'connect (connected)', problems);
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await page.locator('#lock-reason').waitFor();
    await check(page, 'locked (tab hidden)', problems);
    await r.context.close();
  }

  // The idle warning, then the lock it announced (a build that locks after 6 s).
  {
    const idle = buildPage({ rpcUrl: anvil.url, idleSeconds: 6 });
    const idlePrefix = randomPrefix();
    const idleServer = await startStaticServer({ [idlePrefix]: idle.out });
    try {
      const r = await pageIn(`${idleServer.origin}${idlePrefix}`, 'qps', { wallet: true, hash: '/connect' });
      watch(r);
      const { page } = r;
      await page.click('button[data-wallet]');
      const warning = page.locator('#alerts .notice-warning[data-key="idle"]');
      await warning.waitFor({ timeout: 10000 });
      assert.match(await warning.locator('.notice-title').innerText(), /^⟦This page will lock soon⟧$/);
      assert.match(await warning.innerText(), /⟦There has been no activity for a while\. .* about \d+ seconds\.⟧/);
      await check(page, 'the idle warning', problems);
      await page.locator('#lock-reason').waitFor({ timeout: 15000 });
      await check(page, 'locked (idle)', problems);
      await r.context.close();
    } finally {
      await idleServer.close();
      idle.remove();
    }
  }

  assert.deepEqual(errors, []);
  assert.deepEqual(problems, []);
});

test('every visible string of personal-device mode and of adding a second device by QR code is a message', async () => {
  const problems = [];
  const errors = [];
  const a = await pageIn(url, 'qps', { viewport: { width: 1280, height: 900 } });
  const b = await pageIn(url, 'qps', { viewport: { width: 1280, height: 900 } });
  for (const r of [a, b]) r.page.on('pageerror', (e) => errors.push(e.message));
  const first = a.page;
  const next = b.page;
  const PASSWORD = 'a device password';
  try {
    // The first device keeps the development account 1 under a password.
    await visit(first, '/wallet', '#dev-heading');
    await first.click('button[data-dev-account="0"]');
    await first.locator('#account-address').waitFor();
    await visit(first, '/device', '#device-keep');
    await first.fill('input[name="device-password"]', PASSWORD);
    await first.fill('input[name="device-password-again"]', PASSWORD);
    await first.locator('#device-keep button[type="submit"]').click();
    await first.locator('#device-stored').waitFor({ timeout: 120000 });
    await check(first, 'device (personal, unlocked)', problems);
    await buttonNamed(first, 'Forget this device').click();
    await buttonNamed(first, 'Yes, forget everything').waitFor();
    await check(first, 'device, forgetting asked', problems);
    await buttonNamed(first, 'Cancel').click();
    await visit(first, '/settings', '#device-summary');
    await check(first, 'settings (personal device)', problems);

    // Add another device: a code that is not one, then the new device's own.
    await visit(first, '/device/add', '#link-read');
    await check(first, 'add a device', problems);
    await first.fill('textarea[name="new-device-code"]', 'ehr-device:1:new:not-a-code');
    await first.locator('#link-read button[type="submit"]').click();
    await first.locator('.field-error:not([hidden])').waitFor();
    assert.match(await first.locator('.field-error:not([hidden])').innerText(), /^⟦This code cannot be read: ⟦/);
    await check(first, 'add a device, a code that cannot be read', problems);

    await visit(next, '/wallet', '#main a[href="#/device/join"]');
    await check(next, 'built-in wallet (the new device)', problems);
    await visit(next, '/device/join', '#link-new-text');
    await check(next, 'join, the code of this device', problems);
    await first.fill('textarea[name="new-device-code"]', await next.inputValue('#link-new-text'));
    await first.locator('#link-read button[type="submit"]').click();
    await first.locator('#link-code').waitFor();
    await check(first, 'add a device, the digits', problems);

    await next.fill('textarea[name="reply-code"]', await first.inputValue('#link-reply-text'));
    await next.locator('#link-reply-form button[type="submit"]').click();
    await next.locator('#link-code').waitFor();
    assert.equal(await next.textContent('#link-code'), await first.textContent('#link-code'));
    await check(next, 'join, the digits', problems);
    await next.locator('#link-compare .actions button').first().click();
    await next.locator('#link-open:not([hidden])').waitFor();
    await check(next, 'join, digits confirmed', problems);
    // The wrong code where the wallet code goes: which code it is, in words.
    await next.fill('textarea[name="wallet-code"]', await first.inputValue('#link-reply-text'));
    await next.locator('#link-open button[type="submit"]').click();
    await next.locator('.field-error:not([hidden])').waitFor();
    assert.match(
      await next.locator('.field-error:not([hidden])').innerText(),
      /⟦this is ⟦the reply code⟧, not ⟦the wallet code⟧⟧/,
    );
    await check(next, 'join, the reply code given as the wallet code', problems);

    await first.locator('#link-compare-heading ~ .actions button').first().click();
    await first.locator('#link-wallet-text').waitFor();
    await check(first, 'add a device, the wallet code', problems);
    await next.fill('textarea[name="wallet-code"]', await first.inputValue('#link-wallet-text'));
    await next.locator('#link-open button[type="submit"]').click();
    await next.locator('#link-account').waitFor();
    await check(next, 'join, keep the wallet', problems);
    await first.locator('#main .actions button').last().click();
    await first.locator('#main p[role="status"]').waitFor();
    await check(first, 'add a device, done', problems);

    // Locked: the personal device's lock screen leads to the unlock; a wrong password first.
    await first.click('#lock-now');
    await first.locator('#lock-reason').waitFor();
    await check(first, 'locked (personal device)', problems);
    await buttonNamed(first, 'Unlock').click();
    await first.locator('#unlock-form').waitFor();
    await check(first, 'wallet unlock', problems);
    await first.fill('input[name="password"]', 'not the password');
    await first.locator('#unlock-form button[type="submit"]').click();
    await first.locator('.field-error:not([hidden])').waitFor({ timeout: 120000 });
    await check(first, 'wallet unlock, a wrong password', problems);
    await visit(first, '/wallet', '#main a[href="#/wallet/unlock"]');
    await check(first, 'built-in wallet (a wallet kept here)', problems);
    await visit(first, '/device', '#device-stored');
    await check(first, 'device (personal, locked)', problems);
    await visit(first, '/device/join', '#main a[href="#/device"]');
    await check(first, 'join (this device keeps a wallet already)', problems);
  } finally {
    await a.context.close();
    await b.context.close();
  }
  assert.deepEqual(errors, []);
  assert.deepEqual(problems, []);
});

/** Opens a fresh random wallet (restored from its phrase) in the built-in wallet; its address. */
async function freshBuiltinWallet(page) {
  const { Wallet } = await import('ethers');
  const w = Wallet.createRandom();
  await visit(page, '/wallet/restore', 'textarea[name="phrase"]');
  await page.fill('textarea[name="phrase"]', w.mnemonic.phrase);
  await page.locator('#main form button[type="submit"]').click();
  await page.locator('#account-address').waitFor({ timeout: 60000 });
  return w.address;
}

test('every visible string of the chart frame is a message: registration, a registration code, the sub-navigation over an empty chart', async () => {
  const stack = await adminWorld();
  const problems = [];
  const errors = [];
  const r = await pageIn(stack.url, 'qps', { chain: stack.anvil });
  r.page.on('pageerror', (e) => errors.push(e.message));
  const { page } = r;
  try {
    await visit(page, '/chart', '#main a[href="#/connect"]');
    await check(page, 'chart (not connected)', problems);
    // A new wallet with no ETH: registration, then a registration code instead.
    const address = await freshBuiltinWallet(page);
    await visit(page, '/chart', '#register-heading');
    await check(page, 'chart (not registered)', problems);
    await page.locator('#register-heading ~ .actions button').nth(1).click();
    await page.locator('#registration-code').waitFor({ timeout: 120000 });
    await check(page, 'chart, a registration code', problems);
    // With ETH: registered; the sub-navigation over the empty chart.
    await stack.anvil.rpc('anvil_setBalance', [address, '0x56bc75e2d63100000']);
    await page.locator('#register-heading ~ .actions button').first().click();
    await page.locator('#standards-heading').waitFor({ timeout: 120000 });
    await page.waitForFunction(() => /No record yet/.test(document.querySelector('#main').textContent), null, {
      timeout: 60000,
    });
    // The frame around the timeline; the timeline itself (chart-timeline.js: search, filters, the
    // cards) is its own screen's test.
    await page.evaluate(() =>
      document.querySelector('section[aria-labelledby="timeline-heading"]').setAttribute('translate', 'no'),
    );
    await check(page, 'chart (registered, no record)', problems);
  } finally {
    await r.context.close();
  }
  assert.deepEqual(errors, []);
  assert.deepEqual(problems, []);
});

test('the title of every route in main.js is a message', async () => {
  const read = (f) => readFileSync(new URL(`../../web/src/${f}`, import.meta.url), 'utf8');
  const main = read('main.js');
  const block = main.slice(main.indexOf('const routes = {'), main.indexOf('\n};', main.indexOf('const routes = {')));
  const paths = [
    ...block.matchAll(/'(\/[^']*)':/g),
    ...read('screens/builtin-wallet.js').matchAll(/^ {4}'(\/wallet[^']*)': \{/gm),
  ].map((m) => m[1]);
  for (const p of ['/', '/connect', '/wallet', '/wallet/create', '/chart', '/device/join', '/locked'])
    assert.ok(paths.includes(p), `the routes were read (${p})`);
  const { page, context } = await pageIn(url, 'qps');
  const titles = [];
  const notFound = '⟦Not found⟧ · ehr';
  try {
    for (const path of paths) {
      await page.evaluate(() => {
        location.hash = '#/no-such-screen';
      });
      await page.waitForFunction((t) => document.title === t, notFound);
      await page.evaluate((p) => {
        location.hash = `#${p}`;
      }, path);
      await page.waitForFunction((t) => document.title !== t, notFound);
      titles.push([path, await page.title()]);
    }
  } finally {
    await context.close();
  }
  assert.deepEqual(
    titles.filter(([, title]) => !/^⟦[^⟦⟧]+⟧ · ehr$/.test(title)),
    [],
  );
});

test('in Spanish the wallet, device, session and chart-frame screens read in Spanish; axe finds nothing serious at 1280 and 375 px', async () => {
  const viewport = { width: 1280, height: 900 };

  const r = await pageIn(url, 'es', { wallet: true, viewport, hash: '/connect' });
  const { page } = r;
  try {
    await page.locator('#main [role="status"]', { hasText: 'Se ha encontrado un monedero.' }).waitFor();
    assert.equal(await text(page, '#main h1'), 'Conectar un monedero');
    assert.equal(await page.title(), 'Conectar un monedero · ehr');
    assert.equal(await text(page, '#found-heading'), 'Monederos de este navegador');
    assert.match(await text(page, 'button[data-wallet]'), /^Conectar con Test Wallet/);
    await axeBoth(page, 'connect');

    await visit(page, '/wallet', '#dev-heading');
    assert.equal(await text(page, '#main h1'), 'Monedero integrado');
    assert.equal(await text(page, '#dev-heading'), 'Cuentas de desarrollo');
    assert.equal(await text(page, '#main [data-dev-account="1"]'), 'Cuenta de desarrollo 2');
    await axeBoth(page, 'built-in wallet');

    const words = await showPhrase(page);
    assert.equal(await text(page, '#phrase-heading'), 'Su frase de recuperación');
    assert.equal(await text(page, 'label[for="written-down"]'), 'He anotado las 12 palabras, en orden');
    await screenshot(page, 'i18n-wallet-phrase-es');
    await axeBoth(page, 'create, the phrase');
    await page.check('#written-down');
    await page.getByRole('button', { name: 'Continuar' }).click();
    await page.locator('#confirm-heading').waitFor();
    assert.equal(await text(page, '#confirm-heading'), 'Confirme su frase de recuperación');
    const positions = await askedPositions(page);
    assert.deepEqual(
      await page.$$eval('#main form label', (els) => els.map((e) => e.textContent)),
      positions.map((p) => `Palabra ${p + 1}`),
    );
    await page.locator('#main form input[type="text"]').first().fill('zzzz');
    await page.getByRole('button', { name: 'Confirmar y abrir el monedero' }).click();
    await page.locator('.field-error:not([hidden])').first().waitFor();
    assert.equal(
      await text(page, '.field-error:not([hidden])'),
      `Esta no es la palabra ${positions[0] + 1} de su frase.`,
    );
    await axeBoth(page, 'create, confirm');
    for (let i = 0; i < 3; i++) await page.locator('#main form input[type="text"]').nth(i).fill(words[positions[i]]);
    await page.getByRole('button', { name: 'Confirmar y abrir el monedero' }).click();
    await page.locator('#account-address').waitFor();
    assert.equal(await text(page, '#status .notice-title'), 'Monedero integrado abierto');

    await visit(page, '/wallet/restore', 'textarea[name="phrase"]');
    assert.equal(await text(page, '#main h1'), 'Restaurar un monedero');
    await page.fill('textarea[name="phrase"]', 'uno dos tres');
    await page.getByRole('button', { name: 'Abrir el monedero' }).click();
    await page.locator('.field-error:not([hidden])').waitFor();
    assert.equal(
      await text(page, '.field-error:not([hidden])'),
      'Una frase de recuperación tiene 12, 15, 18, 21 o 24 palabras; esta tiene 3.',
    );
    await axeBoth(page, 'restore, an error');

    await visit(page, '/settings', '#device-summary');
    assert.equal(await text(page, '#settings-heading'), 'Terminal compartido');
    assert.match(await text(page, '#device-summary'), /^Terminal compartido: este dispositivo no guarda nada\. /);
    await axeBoth(page, 'settings');

    await visit(page, '/device', '#device-keep');
    assert.equal(await text(page, '#main h1'), 'Este dispositivo');
    assert.equal(await page.title(), 'Este dispositivo · ehr');
    assert.equal(await text(page, '#device-keep button[type="submit"]'), 'Guardar el monedero en este dispositivo');
    await axeBoth(page, 'this device, shared terminal');

    await page.click('#lock-now');
    await page.locator('#lock-reason').waitFor();
    assert.equal(await text(page, '#main h1'), 'La página está bloqueada');
    assert.equal(await text(page, '#lock-reason'), 'Ha bloqueado la página.');
    assert.equal(await page.title(), 'Bloqueada · ehr');
    await axeBoth(page, 'locked');
    await page.getByRole('button', { name: 'Empezar de nuevo' }).click();

    await visit(page, '/device/join', '#link-new-text');
    assert.equal(await text(page, '#main h1'), 'Añadir este dispositivo a su historia');
    assert.equal(await text(page, '#link-new-heading'), '1. Muestre este código a su otro dispositivo');
    assert.equal(
      await page.locator('#link-new svg').getAttribute('aria-label'),
      'Código QR del código de este dispositivo que aparece abajo',
    );
    await screenshot(page, 'i18n-device-join-es');
    await axeBoth(page, 'add this device');
  } finally {
    await r.context.close();
  }

  // The chart frame: registration of a new wallet.
  const stack = await adminWorld();
  const c = await pageIn(stack.url, 'es', { chain: stack.anvil, viewport });
  try {
    await freshBuiltinWallet(c.page);
    await visit(c.page, '/chart', '#register-heading');
    assert.equal(await c.page.title(), 'Su historia · ehr');
    assert.equal(await text(c.page, '#register-heading'), 'Registrarse como paciente');
    assert.deepEqual(await c.page.locator('nav.subnav a').allInnerTexts(), [
      'Registros',
      'Añadir',
      'Acceso',
      'Citas',
      'Familia',
      'Actividad',
      'Recuperación',
    ]);
    assert.equal(await c.page.locator('nav.subnav').getAttribute('aria-label'), 'Su historia');
    await c.page.getByRole('button', { name: 'Configurar mi clave de cifrado y registrarme' }).waitFor();
    await screenshot(c.page, 'i18n-chart-register-es');
    await axeBoth(c.page, 'chart, registration');
  } finally {
    await c.context.close();
  }
});

test('inside another page’s frame the refusal is in the page’s language too', async () => {
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = mkdtempSync(join(tmpdir(), 'ehr-framer-'));
  const framer = (src) =>
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Another site</title></head>
<body><iframe id="app" title="app" src="${src}" width="900" height="700"></iframe></body></html>`;
  writeFileSync(join(dir, 'index.html'), framer(url));
  writeFileSync(join(dir, 'qps.html'), framer(`${url}?lang=qps`));
  // Another origin (its own port) frames the page.
  const other = await startStaticServer({ '/framer/': dir });
  const context = await browser.newContext({ serviceWorkers: 'block', locale: 'es-ES' });
  try {
    const page = await context.newPage();
    await page.goto(`${other.origin}/framer/`);
    const refusal = page.frameLocator('#app').locator('#framed-refusal');
    await refusal.waitFor();
    assert.equal(await refusal.locator('h1').innerText(), 'Esta página no funciona dentro de otra página');
    assert.equal(await refusal.locator('p').innerText(), 'Ábrala en una pestaña propia.');

    await page.goto(`${other.origin}/framer/qps.html`);
    await page.frameLocator('#app').locator('#framed-refusal').waitFor();
    const frame = page.frames().find((f) => f !== page.mainFrame());
    assert.match(
      await frame.locator('#framed-refusal h1').innerText(),
      /^⟦This page does not work inside another page⟧$/,
    );
    // The frame's title is the page's name alone.
    assert.deepEqual(
      (await untranslated(frame)).filter((s) => s !== '<title>ehr'),
      [],
    );
  } finally {
    await context.close();
    await other.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

// The chart screens over the demo world that `npm start` seeds (scripts/demo/seed.mjs: Riverside
// General Hospital with Dr Ada Okafor, Northside Laboratory with Lena Park, Alice's records and
// grants, a confirmed appointment, Alice as Carol's parent). As Alice: the timeline (records
// listed, a search, one opened, one amended through its form and shown with its earlier version),
// Amend (the form, its error, its FHIR JSON), Add (each kind's form, the required fields, a file
// dropped and added), Access (grants, the form's errors, a consent code, an emergency
// authorisation), Activity, Family, Appointments (one requested of Dr Ada Okafor). As Dr Ada
// Okafor: the patient list, the appointment Alice requested (confirmed), the code form (a code
// refused, Alice's consent code submitted), the emergency form's error, Alice's chart with the add
// form. Then the same screens in Spanish, with axe at 1280 and 375 px.
let demo = null;
after(async () => {
  await demo?.stop();
});

/** The demo world on its own stack, seeded on first use by the tests below. */
async function demoWorld() {
  if (demo) return demo;
  const stack = await startStack();
  demo = stack;
  const { seedDemo } = await import('../../scripts/demo/seed.mjs');
  await seedDemo({ rpcUrl: stack.anvil.url, apiUrl: stack.node.apiUrl, addresses: stack.contracts });
  return stack;
}
const DEMO_ADA = 1;
const DEMO_ALICE = 4;
/** The consent code Alice signs in the pseudo-locale test; Dr Ada Okafor submits it in hers. */
let aliceConsent = null;

/** Opens `path`, unlocks the records if the screen asks, and waits for `readySelector`. */
async function unlockedAt(page, path, readySelector) {
  const unlock = 'section[aria-labelledby="unlock-heading"] button';
  await visit(page, path, `${readySelector}, ${unlock}`);
  if (await page.locator(unlock).isVisible()) await page.locator(unlock).click();
  await page.locator(readySelector).first().waitFor({ timeout: 120000 });
}

/** The status lines of the screens' lists, by what they list. */
const STATUS = {
  timeline: 'section[aria-labelledby="timeline-heading"] > p[role="status"]',
  patients: '#patients-heading ~ p[role="status"]',
  grants: '#grants-heading ~ p[role="status"]',
  emergency: '#emergency-list-heading ~ p[role="status"]',
  shared: '#shared-family-heading ~ p[role="status"]',
};
/** Until the status line `which` (STATUS) no longer says it is loading or looking. */
const settled = (page, which) =>
  page.waitForFunction(
    (selector) => {
      const status = document.querySelector(selector);
      return status && !/Loading|Looking|Cargando|Buscando/.test(status.textContent);
    },
    STATUS[which],
    { timeout: 60000 },
  );

/** The value of the first option of `select` whose text has `text`. */
const optionWith = (page, select, text) =>
  page.$$eval(`${select} option`, (os, t) => os.find((o) => o.textContent.includes(t))?.value ?? null, text);

/** Opens a record of the timeline (its Open button) and waits for its verified view. */
async function openItem(item) {
  await item.locator(':scope > .actions button').first().click();
  await item.locator(':scope > .record-body .badge-ok').waitFor({ timeout: 60000 });
}

test('every visible string of the chart screens is a message, as the patient: records, amend, add, access, activity, family, appointments', async () => {
  const stack = await demoWorld();
  const problems = [];
  const errors = [];
  const r = await connectedIn(stack, 'qps', DEMO_ALICE);
  r.page.on('pageerror', (e) => errors.push(e.message));
  const { page } = r;
  try {
    // Records: the timeline, a search, the vitals record opened.
    await unlockedAt(page, '/chart', 'ol.timeline > li[data-record]');
    await settled(page, 'timeline');
    await check(page, 'records', problems);
    await page.fill('#timeline-search', 'blood');
    await page.locator('form[role="search"] button[type="submit"]').click();
    await page.waitForFunction(() =>
      /match/.test(
        document.querySelector('section[aria-labelledby="timeline-heading"] > p[role="status"]').textContent,
      ),
    );
    await check(page, 'records, a search', problems);
    await page.locator('form[role="search"] .actions button').nth(1).click();
    const vitals = page.locator('ol.timeline > li[data-scope="8"]').first();
    await openItem(vitals);
    assert.match(await vitals.locator('.record-title').innerText(), /^⟦Vital signs⟧: Blood pressure panel$/);
    await check(page, 'records, the vitals record opened', problems);
    // Every other record opened: each kind's labels (a lab result's reference range, a
    // medication's dosage, a vaccination, a condition).
    for (const item of await page.locator('ol.timeline > li[data-record]').all()) {
      if ((await item.locator(':scope > .record-body .badge-ok').count()) === 0) await openItem(item);
    }
    await check(page, 'records, every record opened', problems);

    // Amend: the allergy through its form (an error, the JSON), then the new version with the
    // earlier one.
    const allergy = page.locator('ol.timeline > li[data-scope="7"]').first();
    const id = await allergy.getAttribute('data-record');
    await allergy.locator(`button[aria-label="⟦Amend record ${id}⟧"]`).click();
    await page.locator(`#amend-${id}-heading`).waitFor();
    await check(page, 'amend, the form', problems);
    await page.locator('form.amend button[type="submit"]').click();
    await page.locator(`#amend-${id}-error:not([hidden])`).waitFor();
    await check(page, 'amend, nothing changed', problems);
    await page.locator('form.amend details > summary').click();
    await page.locator(`#amend-${id}`).waitFor();
    await check(page, 'amend, its FHIR JSON', problems);
    await page.locator('form.amend details > summary').click();
    await page.fill(`#amend-${id}-reaction`, 'Itchy mouth');
    await page.locator('form.amend button[type="submit"]').click();
    const amended = page.locator('ol.timeline > li[data-record]', {
      has: page.locator(':scope > details.history:not(.address)'),
    });
    await amended.waitFor({ timeout: 120000 });
    await settled(page, 'timeline');
    await amended.locator(':scope > details.history:not(.address) > summary').click();
    await openItem(amended);
    await openItem(amended.locator(`li[data-record="${id}"]`));
    await check(page, 'records, an amended record with its earlier version', problems);

    // Add: each kind's form, the required fields' errors, a file dropped and added.
    await visit(page, '/chart/add', '#record-kind');
    for (const kind of await page.$$eval('#record-kind option', (os) => os.map((o) => o.value))) {
      await page.selectOption('#record-kind', kind);
      await check(page, `add, the ${kind} form`, problems);
    }
    await page.locator('form[aria-labelledby="add-record-heading"] button[type="submit"]').click();
    await page.locator('form[aria-labelledby="add-record-heading"] .field-error:not([hidden])').first().waitFor();
    await check(page, 'add, the required fields', problems);
    const fileForm = 'form[aria-labelledby="add-file-heading"]';
    await page.locator(`${fileForm} button[type="submit"]`).click();
    await page.locator('#record-file-error:not([hidden])').waitFor();
    await check(page, 'add, no file chosen', problems);
    await page.evaluate(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['A letter from the clinic\n'], 'letter.txt', { type: 'text/plain' }));
      document
        .querySelector('#dropzone')
        .dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    await page.locator('#dropzone span[translate="no"]', { hasText: 'letter.txt' }).waitFor();
    await check(page, 'add, a file dropped', problems);
    await page.locator(`${fileForm} button[type="submit"]`).click();
    await page.locator(`${fileForm} li[data-step="confirm"][data-state="done"]`).waitFor({ timeout: 120000 });
    await page.locator('#status .notice-success').waitFor();
    await check(page, 'add, a file added', problems);

    // Access: grants, the form's errors, a consent code, an emergency authorisation.
    await visit(page, '/chart/access', 'ul[aria-labelledby="grants-heading"] > li');
    await settled(page, 'grants');
    await settled(page, 'emergency');
    await page.waitForFunction(() => document.querySelectorAll('select[name="grantee"] option').length > 1);
    await check(page, 'access', problems);
    const grantForm = 'form[aria-labelledby="grant-heading"]';
    await page.locator(`${grantForm} button[type="submit"]`).first().click();
    await page.locator(`${grantForm} .field-error:not([hidden])`).first().waitFor();
    await check(page, 'access, the form’s errors', problems);
    await page.selectOption('select[name="grantee"]', await optionWith(page, 'select[name="grantee"]', 'Northside'));
    await page.check('#scope-0');
    await page.locator(`${grantForm} button[name="consent"]`).click();
    await page.locator('#consent-code').waitFor({ timeout: 60000 });
    aliceConsent = await page.inputValue('#consent-code');
    await check(page, 'access, a consent code', problems);
    await page.selectOption('#emergency-institution', '1');
    await page.check('#em-scope-7');
    await page.locator('form[aria-labelledby="emergency-heading"] button[type="submit"]').click();
    await page.locator('li[data-emergency-institution="1"]').waitFor({ timeout: 120000 });
    await page.locator('#status .notice-success').waitFor();
    await check(page, 'access, an institution authorised for emergencies', problems);

    // Activity, Family, Appointments (one requested of Dr Ada Okafor).
    await visit(page, '/chart/activity', '.activity li');
    await check(page, 'activity', problems);
    await visit(page, '/chart/family', 'li[data-relative]');
    await settled(page, 'shared');
    await page.locator('figure.family-tree').waitFor();
    await check(page, 'family', problems);
    await visit(page, '/chart/appointments', 'li[data-appointment]');
    await page.waitForFunction(() => document.querySelectorAll('select[name="provider"] option').length > 1);
    await check(page, 'appointments', problems);
    await page.selectOption(
      'select[name="provider"]',
      await optionWith(page, 'select[name="provider"]', 'Dr Ada Okafor'),
    );
    await page.fill('input[name="day"]', new Date(Date.now() + 3 * 86400e3).toISOString().slice(0, 10));
    await page.locator('form[aria-labelledby="request-heading"] button[type="submit"]').click();
    await page.waitForFunction(() => document.querySelectorAll('li[data-appointment]').length === 2, null, {
      timeout: 120000,
    });
    await check(page, 'appointments, one requested', problems);
  } finally {
    await r.context.close();
  }
  assert.deepEqual(errors, []);
  assert.deepEqual(problems, []);
});

test('every visible string of the clinician’s screens is a message: patients, appointments, codes, emergency access, a chart', async () => {
  const stack = await demoWorld();
  const problems = [];
  const errors = [];
  const r = await connectedIn(stack, 'qps', DEMO_ADA);
  r.page.on('pageerror', (e) => errors.push(e.message));
  const { page } = r;
  const appointments = 'section[aria-labelledby="clinic-appointments-heading"]';
  try {
    await unlockedAt(page, '/patients', 'li[data-patient]');
    await settled(page, 'patients');
    await page.locator(`${appointments} li[data-appointment]`).first().waitFor();
    await check(page, 'patients', problems);

    // The appointment Alice asked for: confirmed.
    const confirm = page.locator(`${appointments} button[aria-label^="⟦Confirm appointment"]`);
    assert.equal(await confirm.count(), 1, 'the appointment Alice requested waits for an answer');
    await check(page, 'patients, an appointment to confirm or decline', problems);
    await confirm.click();
    await page.locator('#status .notice-success').waitFor({ timeout: 120000 });
    await page.waitForFunction((s) => !document.querySelector(`${s} button[aria-label^="⟦Confirm"]`), appointments);
    await check(page, 'patients, an appointment confirmed', problems);

    // The code form: a code refused, then Alice's consent code submitted.
    const codeForm = 'form[aria-labelledby="submit-consent-heading"]';
    await page.fill('#consent-input', 'not a code');
    await page.locator(`${codeForm} button[type="submit"]`).click();
    await page.locator('#consent-error:not([hidden])').waitFor();
    assert.match(await page.locator('#consent-error').innerText(), /^⟦.+⟧$/);
    await check(page, 'patients, a code refused', problems);
    assert.ok(aliceConsent, 'Alice signed a consent code in the patient’s test');
    await page.fill('#consent-input', aliceConsent);
    await page.locator(`${codeForm} button[type="submit"]`).click();
    await page.locator('#status .notice-success', { hasText: 'Consent of patient' }).waitFor({ timeout: 120000 });
    await check(page, 'patients, a consent submitted', problems);

    // The emergency form: an address refused.
    const emergency = 'form[aria-labelledby="emergency-open-heading"]';
    await page.fill('#emergency-patient', '0x1234');
    await page.locator(`${emergency} button[type="submit"]`).click();
    await page.locator('#emergency-error:not([hidden])').waitFor();
    await check(page, 'patients, emergency access refused', problems);

    // Alice's chart: the timeline, a record opened, the add form.
    await page.locator('li[data-patient][data-via="member"] .actions button').first().click();
    await page.locator('ol.timeline > li[data-record]').first().waitFor({ timeout: 60000 });
    await settled(page, 'timeline');
    await page.locator('#record-kind').waitFor();
    await openItem(page.locator('ol.timeline > li[data-scope="8"]').first());
    await check(page, 'a patient’s chart', problems);
  } finally {
    await r.context.close();
  }
  assert.deepEqual(errors, []);
  assert.deepEqual(problems, []);
});

test('in Spanish the chart screens read in Spanish, as patient and clinician; axe finds nothing serious at 1280 and 375 px', async () => {
  const stack = await demoWorld();
  const viewport = { width: 1280, height: 900 };

  const a = await connectedIn(stack, 'es', DEMO_ALICE, viewport);
  try {
    const { page } = a;
    await unlockedAt(page, '/chart', 'ol.timeline > li[data-record]');
    await settled(page, 'timeline');
    assert.equal(await text(page, '#timeline-heading'), 'Registros');
    assert.equal(await page.locator('label[for="timeline-search"]').innerText(), 'Buscar en los registros');
    const vitals = page.locator('ol.timeline > li[data-scope="8"]').first();
    assert.match(await vitals.locator('h3').innerText(), /^Constantes vitales · /);
    assert.match(await vitals.locator(':scope > p.muted').first().innerText(), /^Registro \d+, añadido por usted$/);
    await openItem(vitals);
    assert.equal(await text(page, 'li[data-scope="8"] .record-title'), 'Constantes vitales: Blood pressure panel');
    const labels = await vitals.locator('.record-body dt').allInnerTexts();
    assert.ok(labels.includes('Fecha') && labels.includes('Resultado'), labels.join(', '));
    assert.match(await vitals.locator('.record-body').innerText(), /Resultado\s+120\/80 mmHg/);
    assert.equal(await vitals.locator('.record-body .badge-ok').innerText(), 'Verificado');
    // A lab result's reference range and interpretation; a medication's dosage.
    const hb = page.locator('ol.timeline > li[data-scope="0"]').first();
    await openItem(hb);
    const hbLabels = await hb.locator('.record-body dt').allInnerTexts();
    for (const l of ['Resultado', 'Interpretación', 'Intervalo de referencia'])
      assert.ok(hbLabels.includes(l), `${l} in ${hbLabels.join(', ')}`);
    assert.match(await hb.locator('.record-title').innerText(), /^Resultado de laboratorio: /);
    const med = page.locator('ol.timeline > li[data-scope="2"]').first();
    await openItem(med);
    assert.match(await med.locator('.record-title').innerText(), /^Medicación: /);
    assert.ok((await med.locator('.record-body dt').allInnerTexts()).includes('Posología'));
    const lab = page.locator('ol.timeline > li[data-record]', { hasText: 'Lena Park' }).first();
    assert.match(
      await lab.locator(':scope > p.muted').first().innerText(),
      /^Registro \d+, añadido por Lena Park \(Técnico de laboratorio, Northside Laboratory\)$/,
    );
    await vitals.locator('.record-title').scrollIntoViewIfNeeded();
    await screenshot(page, 'i18n-chart-record-es');
    await axeBoth(page, 'records, a record opened');
    // Amend in Spanish: the allergy's form, then the new version with its earlier ones (one more
    // when the pseudo-locale test amended it first).
    const allergy = page.locator('ol.timeline > li[data-scope="7"]').first();
    const id = await allergy.getAttribute('data-record');
    await openItem(allergy);
    await allergy.getByRole('button', { name: `Modificar el registro ${id}` }).click();
    assert.equal(await text(page, `#amend-${id}-heading`), `Modificar el registro ${id}`);
    assert.equal(await text(page, 'form.amend legend'), 'Alergia: cambie lo que no sea correcto');
    assert.equal(await text(page, 'form.amend details > summary'), 'Avanzado: editar el JSON FHIR');
    await axeBoth(page, 'amend');
    await page.fill(`#amend-${id}-reaction`, 'Picor en la boca');
    await page.getByRole('button', { name: 'Cifrar y guardar la nueva versión' }).click();
    const amended = page.locator('ol.timeline > li[data-record]', {
      has: page.locator(`:scope > details.history:not(.address) li[data-record="${id}"]`),
    });
    await amended.waitFor({ timeout: 120000 });
    await settled(page, 'timeline');
    assert.match(
      await amended.locator(':scope > details.history:not(.address) > summary').innerText(),
      /^Versiones anteriores \([12]\)$/,
    );
    assert.match(
      await amended.locator(':scope > p.muted').first().innerText(),
      /^Registro \d+, modifica el registro \d+, añadido por usted$/,
    );
    await openItem(amended);
    const view = await amended.locator(':scope > .record-body').innerText();
    assert.match(view, /Reacción\s+Picor en la boca/);
    assert.match(view, /Riesgo de reacción grave\s+Riesgo alto/);
    assert.match(view, /Estado clínico\s+Activa/);
    await axeBoth(page, 'an amended record');

    await visit(page, '/chart/add', '#record-kind');
    assert.equal(await text(page, '#add-record-heading'), 'Añadir un registro');
    assert.equal(await text(page, 'label[for="record-kind"]'), 'Tipo de registro');
    assert.deepEqual(await page.locator('#record-kind option').allInnerTexts(), [
      'Alergia',
      'Medicación',
      'Problema de salud',
      'Vacunación',
      'Resultado de laboratorio',
      'Antecedentes familiares',
    ]);
    assert.equal(await text(page, 'label[for="file-scope"]'), 'Categoría');
    await page.locator('form[aria-labelledby="add-record-heading"] button[type="submit"]').click();
    assert.equal(
      await text(page, 'form[aria-labelledby="add-record-heading"] .field-error:not([hidden])'),
      'Rellene «sustancia».',
    );
    await page.selectOption('#record-kind', 'family');
    assert.equal(
      await page.locator('form[aria-labelledby="add-record-heading"] .field label').nth(1).innerText(),
      'Familiar (obligatorio)',
    );
    await screenshot(page, 'i18n-chart-add-es');
    await axeBoth(page, 'add');

    await visit(page, '/chart/access', 'ul[aria-labelledby="grants-heading"] > li');
    await settled(page, 'grants');
    await settled(page, 'emergency');
    // Riverside General Hospital authorised for emergencies (by the pseudo-locale test, or here).
    const authorise = page.getByRole('button', { name: 'Autorizar para urgencias' });
    assert.equal(await authorise.count(), 1);
    if ((await page.locator('li[data-emergency-institution="1"]').count()) === 0) {
      await page.selectOption('#emergency-institution', '1');
      await page.check('#em-scope-7');
      await authorise.click();
      await page.locator('#status .notice-success', { hasText: 'autorizada para urgencias' }).waitFor();
      await page.locator('li[data-emergency-institution="1"]').waitFor();
    }
    assert.equal(await text(page, '#grant-heading'), 'Conceder acceso');
    assert.equal(await text(page, '#emergency-heading'), 'Acceso de urgencia');
    const grants = await page.locator('ul[aria-labelledby="grants-heading"]').innerText();
    assert.match(grants, /Dr Ada Okafor, Médico \(General practice\), Riverside General Hospital/);
    assert.match(grants, /Puede leer: Resultados de laboratorio\./);
    assert.match(grants, /Hasta el .+\./);
    assert.match(
      await page.locator('li[data-emergency-institution="1"]').innerText(),
      /Puede abrir en una urgencia: Alergias\./,
    );
    assert.equal(
      await page.locator('li[data-emergency-institution="1"] .button-danger').getAttribute('aria-label'),
      'Retirar la autorización de urgencia de Riverside General Hospital',
    );
    await screenshot(page, 'i18n-chart-access-es');
    await axeBoth(page, 'access');

    await visit(page, '/chart/activity', '.activity li');
    const log = await page.locator('.activity').innerText();
    assert.match(log, /Acceso concedido a Lena Park para Resultados de laboratorio\./);
    assert.match(log, /Acceso de urgencia autorizado para Riverside General Hospital \(Alergias\)\./);
    assert.match(log, /Cita con Dr Ada Okafor el [^.]+ confirmada\./);
    assert.match(log, /Propuso un vínculo familiar con 0x\w{4}…\w{4} \(usted es su padre o madre\)\./);
    await screenshot(page, 'i18n-chart-activity-es');
    await axeBoth(page, 'activity');

    await visit(page, '/chart/family', 'li[data-relative]');
    await settled(page, 'shared');
    assert.match(await text(page, 'li[data-relative] h3'), /^Su hijo o hija 0x\w{4}…\w{4}$/);
    assert.match(await text(page, 'figure.family-tree figcaption'), /^Usted y su hijo o hija 0x\w{4}…\w{4}\.$/);
    assert.equal(await text(page, 'li[data-relative] > p'), 'Confirmado por ambos.');
    await axeBoth(page, 'family');

    await visit(page, '/chart/appointments', 'li[data-appointment]');
    assert.match(await text(page, 'li[data-appointment] .badge'), /^(Confirmada|Solicitada)$/);
    await axeBoth(page, 'appointments');
  } finally {
    await a.context.close();
  }

  const d = await connectedIn(stack, 'es', DEMO_ADA, viewport);
  try {
    const { page } = d;
    await unlockedAt(page, '/patients', 'li[data-patient]');
    await settled(page, 'patients');
    await page.locator('section[aria-labelledby="clinic-appointments-heading"] li[data-appointment]').first().waitFor();
    assert.equal(await text(page, '#patients-heading'), 'Pacientes que compartieron registros con usted');
    assert.match(await text(page, 'li[data-patient][data-via="member"] h3'), /^Paciente 0x\w{4}…\w{4}$/);
    assert.match(
      await text(page, 'li[data-patient][data-via="member"] > p'),
      /^Compartido: .*Alergias.*, hasta el .+\.$/,
    );
    assert.match(
      await text(page, 'section[aria-labelledby="clinic-appointments-heading"] li[data-appointment] > p'),
      /^Paciente 0x\w{4}…\w{4}, \d+ minutos\. Confirmada$/,
    );
    assert.equal(await text(page, '#submit-consent-heading'), 'Enviar un consentimiento o un registro firmados');
    assert.equal(await text(page, '#emergency-open-heading'), 'Acceso de urgencia');
    await page.fill('#consent-input', 'not a code');
    await page.locator('form[aria-labelledby="submit-consent-heading"] button[type="submit"]').click();
    assert.equal(
      await text(page, '#consent-error:not([hidden])'),
      'Esto no es un código de consentimiento de esta página.',
    );
    await screenshot(page, 'i18n-patients-es');
    await axeBoth(page, 'patients');

    await page.locator('li[data-patient][data-via="member"] .actions button').first().click();
    await page.locator('ol.timeline > li[data-record]').first().waitFor({ timeout: 60000 });
    await settled(page, 'timeline');
    await page.locator('#record-kind').waitFor();
    assert.match(await text(page, '#main p.lead'), /^Paciente 0x\w{4}…\w{4}$/);
    assert.equal(await text(page, '#add-record-heading'), 'Añadir un registro');
    await axeBoth(page, 'a patient’s chart');
  } finally {
    await d.context.close();
  }
});

// The recovery screens (screens/recovery*.js) over the demo world: Carol (a patient linked to
// Alice) names Dr Ada Okafor (from the list), Bob (by address) and a paper share as her guardians,
// 2 of 3, and prints her kit; a new wallet asks to recover her chart, Bob approves on "Charts you
// guard", the new wallet approves with the paper share and sees the approvals count; Carol's chart
// shows the pending recovery and she cancels it. A patient without ETH on a build without a relay
// gets a signed request code for a clinician instead; the appointment form's "With" list names
// clinicians in the reader's language. Then the same screens in Spanish, with axe at 1280 and
// 375 px.
const DEMO_BOB = 5;
const DEMO_CAROL = 6;
/** Anvil accounts the demo does not use: a patient who runs out of ETH, a new wallet. */
const NO_ETH_PATIENT = 8;
const NEW_WALLET = 9;

/**
 * The texts of the options of `select` that are not ⟦bracketed⟧ (options are not rendered while
 * the list is closed, so untranslated() does not see them).
 */
const unbracketedOptions = (page, select) =>
  page.$$eval(`${select} option`, (os) =>
    os
      .filter((o) => !o.closest('[translate="no"]'))
      .map((o) => o.textContent.trim())
      .filter((s) => /\p{L}/u.test(s) && !(s.startsWith('⟦') && s.endsWith('⟧'))),
  );

/** On the Recovery screen: Dr Ada from the list, `account` by address, then "Name these guardians". */
async function nameGuardians(page, account, { check: during } = {}) {
  await page.waitForFunction(() => document.querySelectorAll('select[name="clinician"] option').length > 1);
  await page.selectOption(
    'select[name="clinician"]',
    await optionWith(page, 'select[name="clinician"]', 'Dr Ada Okafor'),
  );
  await page.locator('form[aria-labelledby="choose-heading"] .actions button').first().click();
  await page.fill('input[name="address"]', account);
  await page.locator('form[aria-labelledby="choose-heading"] .actions button').nth(1).click();
  await page.waitForFunction(() => document.querySelectorAll('#guardian-chosen li').length === 3);
  await during?.();
  await page.locator('form[aria-labelledby="choose-heading"] button[type="submit"]').click();
  await page.locator('#paper-words li').first().waitFor({ timeout: 120000 });
  await page.locator('#guardian-list li').nth(2).waitFor({ timeout: 60000 });
}

test('every visible string of the recovery screens is a message: guardians, the kit, recovering, guarding, the banner, a signed request code', async () => {
  const stack = await demoWorld();
  const problems = [];
  const errors = [];
  const watch = (r) => r.page.on('pageerror', (e) => errors.push(e.message));
  const choose = 'form[aria-labelledby="choose-heading"]';
  const chooseError = `${choose} .field-error:not([hidden])`;
  const contexts = [];
  const open = async (index) => {
    const r = await connectedIn(stack, 'qps', index);
    watch(r);
    contexts.push(r.context);
    return r.page;
  };
  try {
    // Carol: no guardians yet; choosing them (each refusal of the form); named, the paper share's
    // words shown once; the kit.
    const carol = await open(DEMO_CAROL);
    await unlockedAt(carol, '/chart/recovery', '#guardians-heading');
    await carol.locator('#guardians-heading ~ div > p:not([role])').waitFor();
    await carol.waitForFunction(() => document.querySelectorAll('select[name="clinician"] option').length > 1);
    await check(carol, 'recovery (no guardians)', problems);
    for (const select of ['clinician', 'threshold', 'delay'])
      for (const s of await unbracketedOptions(carol, `select[name="${select}"]`))
        problems.push(`recovery, option of ${select}: ${s}`);
    assert.ok(
      (await carol.$$eval('select[name="clinician"] option', (os) => os.map((o) => o.textContent))).some((s) =>
        /^⟦Dr Ada Okafor, ⟦Doctor⟧ \(General practice\), Riverside General Hospital⟧$/.test(s),
      ),
      'a clinician is named in the reader’s language',
    );
    await carol.locator(`${choose} .actions button`).first().click();
    await carol.locator(chooseError).waitFor();
    await check(carol, 'recovery, nobody chosen', problems);
    for (const [text, why, said] of [
      ['0x1234', 'not an address', 'Enter an account address'],
      [stack.accounts[NEW_WALLET], 'an account without a key', 'This account has no encryption key'],
      [stack.accounts[DEMO_CAROL], 'her own account', 'Your own account cannot guard'],
    ]) {
      await carol.fill('input[name="address"]', text);
      await carol.locator(`${choose} .actions button`).nth(1).click();
      await carol
        .locator('input[name="address"] ~ .field-error:not([hidden])', { hasText: new RegExp(`^⟦${said}`) })
        .waitFor();
      await check(carol, `recovery, ${why}`, problems);
    }
    await carol.fill('input[name="address"]', '');
    await nameGuardians(carol, stack.accounts[DEMO_BOB], {
      check: async () => {
        assert.equal(await carol.locator('select[name="threshold"] option:checked').textContent(), '⟦2 of 3⟧');
        await check(carol, 'recovery, choosing guardians with a paper share', problems);
        for (const s of await unbracketedOptions(carol, 'select[name="threshold"]'))
          problems.push(`recovery, option of threshold: ${s}`);
      },
    });
    await carol.locator('#status .notice-success').waitFor();
    const paperWords = await carol.locator('#paper-words li').allTextContents();
    await check(carol, 'recovery, guardians named (the paper share’s words)', problems);
    await carol.locator('a[href="#/chart/recovery/kit"]').first().click();
    await carol.locator('#recovery-kit #kit-words li').first().waitFor();
    await check(carol, 'the recovery kit', problems);

    // A new wallet: Recover a chart (empty, its refusals, a chart without guardians, Carol's
    // chart, the signed request).
    const heir = await open(NEW_WALLET);
    await visit(heir, '/recover', '#recover-chart');
    await check(heir, 'recover (empty)', problems);
    const lookUp = async (text) => {
      await heir.fill('#recover-chart', text);
      await heir.locator('form[aria-labelledby="recover-chart-heading"] button[type="submit"]').click();
    };
    await lookUp('0x1234');
    await heir.locator('#recover-chart-error:not([hidden])').waitFor();
    await check(heir, 'recover, not an address', problems);
    await lookUp(stack.accounts[NEW_WALLET]);
    await heir.waitForFunction(() =>
      /⟦This is the connected wallet/.test(document.querySelector('#recover-chart-error').textContent),
    );
    await check(heir, 'recover, its own address', problems);
    await lookUp(stack.accounts[DEMO_ALICE]);
    await heir.locator('#recover-none').waitFor();
    await check(heir, 'recover, a chart without guardians', problems);
    await lookUp(stack.accounts[DEMO_CAROL]);
    await heir.locator('#recover-guardians').waitFor();
    await heir.locator('#recovery-approvals p').waitFor();
    await check(heir, 'recover, a chart with guardians', problems);
    await heir.locator('#recover-guardians ~ .actions button').first().click();
    await heir.locator('#recovery-request').waitFor({ timeout: 60000 });
    const request = await heir.inputValue('#recovery-request');
    await check(heir, 'recover, the recovery request shown', problems);

    // Bob: Charts you guard (Carol's), a request that is not one, Carol's request opened, approved.
    const bob = await open(DEMO_BOB);
    await visit(bob, '/guardian', 'li[data-chart]');
    await check(bob, 'charts you guard', problems);
    await bob.fill('#guardian-request', 'ehr-recovery:1:not-a-request');
    await bob.locator('form[aria-labelledby="approve-heading"] button[type="submit"]').click();
    await bob.locator('#guardian-request-error:not([hidden])').waitFor();
    assert.match(await bob.locator('#guardian-request-error').innerText(), /^⟦The recovery request is damaged/);
    await check(bob, 'charts you guard, a damaged request', problems);
    await bob.fill('#guardian-request', request);
    await bob.locator('form[aria-labelledby="approve-heading"] button[type="submit"]').click();
    await bob.locator('#recovery-review').waitFor();
    await check(bob, 'charts you guard, a request opened', problems);
    await bob.locator('#recovery-review .actions button').click();
    await bob.locator('#recovery-confirmed-error:not([hidden])').waitFor();
    await check(bob, 'charts you guard, not confirmed with the patient', problems);
    await bob.check('#recovery-confirmed');
    await bob.locator('#recovery-review .actions button').click();
    await bob.locator('#status .notice-success').waitFor({ timeout: 120000 });
    await check(bob, 'charts you guard, approved', problems);

    // The new wallet: the approvals counting; the paper share; too early to complete.
    await heir.waitForFunction(() => document.querySelectorAll('#recovery-approvals li').length === 1, null, {
      timeout: 30000,
    });
    await check(heir, 'recover, one approval', problems);
    const paperGo = buttonNamed(heir, 'Approve with the paper share');
    await heir.fill('#paper-share', 'these are not the words');
    await paperGo.click();
    await heir.locator('#paper-share-error:not([hidden])').waitFor();
    await check(heir, 'recover, words that are not a share', problems);
    await heir.fill('#paper-share', paperWords.join(' '));
    await paperGo.click();
    await heir.waitForFunction(() => document.querySelectorAll('#recovery-approvals li').length === 2, null, {
      timeout: 120000,
    });
    await heir.locator('#recovery-ready').waitFor({ timeout: 30000 });
    await check(heir, 'recover, approvals counted, the waiting time', problems);
    // Enough approvals: the recovery is pending, as the guardian's list says.
    await visit(bob, '/about', '#main h1');
    await visit(bob, '/guardian', 'li[data-chart] .badge-bad');
    await check(bob, 'charts you guard, a recovery pending', problems);
    await buttonNamed(heir, 'Complete the recovery').click();
    await heir.locator('#alerts .notice-error').waitFor();
    await check(heir, 'recover, too early to complete', problems);

    // Carol: the notice on connection, the banner on her chart, cancelled.
    const carol2 = await open(DEMO_CAROL);
    await carol2.locator('#alerts .notice').first().waitFor();
    await unlockedAt(carol2, '/chart/recovery', '#recovery-pending');
    await carol2.locator('#guardian-list li').first().waitFor();
    await check(carol2, 'recovery, a recovery pending (banner, notice)', problems);
    await carol2.locator('#recovery-pending .actions button').click();
    await carol2.locator('#status .notice-success').waitFor({ timeout: 120000 });
    await carol2.locator('#recovery-pending').waitFor({ state: 'detached' });
    await check(carol2, 'recovery, the recovery cancelled', problems);

    // A patient without ETH, on this build without a relay: naming guardians gives a signed
    // request code for a clinician.
    const poor = await open(NO_ETH_PATIENT);
    await stack.anvil.rpc('anvil_setBalance', [stack.accounts[NO_ETH_PATIENT], '0x56bc75e2d63100000']);
    await registerPatient(poor);
    await stack.anvil.rpc('anvil_setBalance', [stack.accounts[NO_ETH_PATIENT], '0x0']);
    await unlockedAt(poor, '/chart/recovery', '#guardians-heading');
    await poor.waitForFunction(() => document.querySelectorAll('select[name="clinician"] option').length > 1);
    await poor.selectOption('select[name="clinician"]', await optionWith(poor, 'select[name="clinician"]', 'Dr Ada'));
    await poor.locator(`${choose} .actions button`).first().click();
    await poor.waitForFunction(() => document.querySelectorAll('#guardian-chosen li').length === 2);
    await poor.locator(`${choose} button[type="submit"]`).click();
    await poor.locator('#request-code-panel #request-code').waitFor({ timeout: 120000 });
    assert.match(await poor.inputValue('#request-code'), /^ehr-request:1:/);
    await check(poor, 'a signed request code for a clinician', problems);

    // The appointment form's "With" list: clinicians and institutions named in the reader's
    // language (no longer hidden from the check).
    await visit(carol2, '/chart/appointments', 'select[name="provider"]');
    await carol2.waitForFunction(() => document.querySelectorAll('select[name="provider"] option').length > 2);
    assert.equal(await carol2.locator('select[name="provider"] option[translate="no"]').count(), 0);
    for (const s of await unbracketedOptions(carol2, 'select[name="provider"]'))
      problems.push(`appointments, With: ${s}`);
    const withList = await carol2.$$eval('select[name="provider"] option', (os) => os.map((o) => o.textContent));
    for (const name of [
      '⟦Dr Ada Okafor, ⟦Doctor⟧ (General practice), Riverside General Hospital⟧',
      '⟦Lena Park, ⟦Lab technician⟧ (Clinical chemistry), Northside Laboratory⟧',
      '⟦Riverside General Hospital (any of its clinicians)⟧',
    ])
      if (!withList.includes(name)) problems.push(`appointments, With: no ${name} in ${withList.join(' | ')}`);
  } finally {
    for (const c of contexts) await c.close();
  }
  assert.deepEqual(errors, []);
  assert.deepEqual(problems, []);
});

test('in Spanish the recovery screens read in Spanish; axe finds nothing serious at 1280 and 375 px', async () => {
  const stack = await demoWorld();
  const viewport = { width: 1280, height: 900 };
  const contexts = [];
  const open = async (index) => {
    const r = await connectedIn(stack, 'es', index, viewport);
    contexts.push(r.context);
    return r.page;
  };
  const { getAddress } = await import('ethers');
  const bob = getAddress(stack.accounts[DEMO_BOB]);
  const carolChart = getAddress(stack.accounts[DEMO_CAROL]);
  try {
    const carol = await open(DEMO_CAROL);
    await unlockedAt(carol, '/chart/recovery', '#guardians-heading');
    assert.equal(await carol.title(), 'Recuperación de su historia · ehr');
    assert.equal(await text(carol, '#guardians-heading'), 'Quién custodia su historia');
    assert.equal(await text(carol, '#choose-heading'), 'Elija a sus custodios');
    assert.equal(
      await text(carol, 'label[for="guardian-paper"]'),
      'Un fragmento en papel: palabras que usted anota y guarda en un lugar seguro',
    );
    assert.match(await text(carol, 'select[name="delay"] option:checked'), /^72 horas \(recomendado\)$/);
    await nameGuardians(carol, stack.accounts[DEMO_BOB], {
      check: async () => {
        assert.equal(await text(carol, 'select[name="threshold"] option:checked'), '2 de 3');
        assert.deepEqual(
          (await carol.locator('#guardian-chosen li').allInnerTexts()).map((s) => s.replace(/\s*Quitar$/, '')),
          [
            'Dr Ada Okafor, Médico (General practice), Riverside General Hospital',
            `Cuenta ${bob}`,
            'Un fragmento en papel',
          ],
        );
        await axeBoth(carol, 'recovery, choosing guardians');
      },
    });
    await carol.waitForFunction(() =>
      /^Cualesquiera 2 de estos 3 pueden trasladar su historia a un monedero nuevo, 72 horas después de aprobarlo/.test(
        document.querySelector('#guardian-list + p')?.textContent ?? '',
      ),
    );
    assert.deepEqual(await carol.locator('#guardian-list li').allInnerTexts(), [
      'Dr Ada Okafor, Médico (General practice), Riverside General Hospital',
      `Cuenta ${bob}`,
      'El fragmento en papel',
    ]);
    assert.equal(await text(carol, '#paper-heading'), 'Su fragmento en papel');
    assert.equal(await carol.locator('#paper-words').getAttribute('translate'), 'no');
    await screenshot(carol, 'i18n-recovery-es');
    await axeBoth(carol, 'recovery, guardians named');
    await carol.locator('a[href="#/chart/recovery/kit"]').first().click();
    await carol.locator('#recovery-kit #kit-words li').first().waitFor();
    assert.equal(await text(carol, '#kit-heading'), 'Kit de recuperación de una historia clínica');
    assert.match(
      await text(carol, '#recovery-kit p.muted'),
      /^Hecho en esta página el \d+ de [a-z]+ de \d{4}; no se ha enviado nada/,
    );
    await axeBoth(carol, 'the recovery kit');

    const heir = await open(NEW_WALLET);
    await visit(heir, '/recover', '#recover-chart');
    assert.equal(await text(heir, '#main h1'), 'Recuperar una historia');
    assert.equal(await text(heir, 'label[for="recover-chart"]'), 'La dirección de la historia');
    await heir.fill('#recover-chart', carolChart);
    await heir.locator('form[aria-labelledby="recover-chart-heading"] button[type="submit"]').click();
    await heir.locator('#recover-guardians').waitFor();
    assert.equal(
      await text(heir, '#recover-guardians'),
      `La historia ${carolChart} tiene 3 custodios; cualesquiera 2 de ellos pueden trasladarla a este monedero, y se traslada al cabo de 72 horas salvo que su antiguo monedero lo cancele.`,
    );
    await heir.waitForFunction(() =>
      /de las 2 aprobaciones necesarias/.test(document.querySelector('#recovery-approvals')?.textContent ?? ''),
    );
    await axeBoth(heir, 'recover a chart');

    const guardian = await open(DEMO_BOB);
    await visit(guardian, '/guardian', 'li[data-chart]');
    assert.equal(await text(guardian, '#guarded-heading'), 'Historias que le nombraron');
    assert.match(
      await text(guardian, 'li[data-chart]'),
      new RegExp(`^${carolChart} — cualesquiera 2 de 3 custodios, después 72 horas\\. Nombrados el .+\\.$`, 'i'),
    );
    await axeBoth(guardian, 'charts you guard');
  } finally {
    for (const c of contexts) await c.close();
  }
});
