// Two languages (web/src/i18n.js): every visible string of every screen listed here is a message
// of the catalogue. The development build's pseudo-locale "qps" shows each message of the Spanish
// catalogue in ⟦brackets⟧; any visible text (or aria-label, title, placeholder, alt) outside an
// element marked translate="no" that is not bracketed is a string the second language would miss,
// and fails the test with its screen and text. Spanish itself: chosen from the browser's
// languages, switched live from the footer, <html lang> follows.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildPage, startAnvil, startStaticServer, randomPrefix, launchBrowser, screenshot } from './helpers.mjs';

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
