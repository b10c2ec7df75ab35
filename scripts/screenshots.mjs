#!/usr/bin/env node
// npm run screenshots: the page's main screens in English and Spanish, over the demo world that
// `npm start` seeds (scripts/demo/seed.mjs), into docs/screenshots/<lang>/<screen>.png (1280 px
// wide; "phone-" ones 375 px). Everything runs on loopback: anvil, the local IPFS node, the page
// built for them, headless Chromium with the test wallet (tests/web/helpers.mjs). The browser's
// language picks the page's (as a visitor's would). Needs the builds `npm test` makes.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { connectedPage, launchBrowser, ROOT, startStack } from '../tests/web/helpers.mjs';

const LANGS = { en: 'en-GB', es: 'es-ES' };
const DESKTOP = { width: 1280, height: 860 };
const PHONE = { width: 375, height: 780 };
// Demo accounts (scripts/demo/seed.mjs DEMO_ACCOUNTS).
const ADMIN = 0;
const ADA = 1;
const ALICE = 4;

const only = process.argv.slice(2).filter((a) => a in LANGS);
const stack = await startStack();
const browser = await launchBrowser();
const opened = [];
try {
  const { seedDemo } = await import('./demo/seed.mjs');
  await seedDemo({ rpcUrl: stack.anvil.url, apiUrl: stack.node.apiUrl, addresses: stack.contracts });

  for (const [lang, locale] of Object.entries(LANGS)) {
    if (only.length && !only.includes(lang)) continue;
    const dir = join(ROOT, 'docs', 'screenshots', lang);
    mkdirSync(dir, { recursive: true });
    const as = async (index, viewport = DESKTOP) => {
      const r = await connectedPage(browser, stack, index, { viewport, locale });
      opened.push(r.context);
      return r.page;
    };
    const shot = async (page, name) => {
      // Passing notices ("Connected to…") are not part of the screen.
      await page.evaluate(() => document.querySelectorAll('#alerts > *, #status > *').forEach((n) => n.remove()));
      await page.evaluate(() => document.fonts.ready);
      // Lists still loading are not the screen either: wait (a while) for every "Loading…" to go.
      await page
        .waitForFunction(() => !/^(Loading…|Cargando…)$/m.test(document.querySelector('main')?.innerText ?? ''), null, {
          timeout: 30000,
        })
        .catch(() => console.log(`# ${name}: still loading after 30 s`));
      await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
      console.log(`docs/screenshots/${lang}/${name}.png`);
    };
    const go = async (page, hash, ready) => {
      await page.evaluate((h) => {
        location.hash = h;
      }, hash);
      await page.locator(ready).first().waitFor({ timeout: 60000 });
    };

    // Alice: her chart with the vitals record opened, Access, Activity, Family, Recovery.
    const alice = await as(ALICE);
    await go(alice, '#/chart', 'ol.timeline > li[data-record], button.unlock, main button');
    const unlock = alice
      .locator('main button')
      .filter({ hasText: /Unlock|Desbloquear/ })
      .first();
    if (await unlock.isVisible().catch(() => false)) await unlock.click();
    const first = alice
      .locator('ol.timeline > li[data-record]')
      .filter({ hasText: /Vitals|Constantes vitales/ })
      .first();
    await first.waitFor({ timeout: 60000 });
    await first
      .getByRole('button', { name: /^(Open|Abrir) / })
      .first()
      .click();
    await first.locator('.badge-ok').first().waitFor({ timeout: 60000 });
    await shot(alice, 'patient-chart');
    await go(alice, '#/chart/access', 'main h2');
    await alice.waitForLoadState('networkidle');
    await shot(alice, 'patient-access');
    await go(alice, '#/chart/activity', 'main li');
    await shot(alice, 'patient-activity');
    await go(alice, '#/chart/family', '.family-tree svg, main li');
    await shot(alice, 'patient-family');
    await go(alice, '#/chart/recovery', 'main h1');
    await shot(alice, 'patient-recovery');
    await go(alice, '#/chart/import', 'main h1');
    await shot(alice, 'patient-import');

    // Dr Ada: her patients and Alice's chart as she may read it.
    const ada = await as(ADA);
    await go(ada, '#/patients', 'main button');
    const adaUnlock = ada
      .locator('main button')
      .filter({ hasText: /Unlock|Desbloquear/ })
      .first();
    if (await adaUnlock.isVisible().catch(() => false)) await adaUnlock.click();
    const openChart = ada.getByRole('button', { name: /^(Open chart|Abrir la historia)/ }).first();
    await openChart.waitFor({ timeout: 60000 });
    await ada.waitForLoadState('networkidle');
    await shot(ada, 'clinician-patients');
    await openChart.click();
    await ada.locator('ol.timeline > li[data-record]').first().waitFor({ timeout: 60000 });
    await ada.waitForLoadState('networkidle');
    await shot(ada, 'clinician-chart');

    // The super-admin: the hospital's members.
    const admin = await as(ADMIN);
    await go(admin, '#/institution', 'main h2');
    await admin.waitForLoadState('networkidle');
    await shot(admin, 'admin-institution');

    // On a phone: the home screen and Alice's chart.
    const phone = await as(ALICE, PHONE);
    await go(phone, '#/', 'main h1');
    await shot(phone, 'phone-home');
    await go(phone, '#/settings', 'main h1');
    await shot(phone, 'phone-settings');
  }
} finally {
  for (const c of opened) await c.close().catch(() => {});
  await browser.close();
  await stack.stop();
}
