// The page in a persistent Chromium profile (on disk), as a person's browser has it: an
// off-the-record context may keep the origin private file system in memory, which is what the
// file flows stage large files in. Downloads are accepted; without a save picker (headless
// cannot answer its dialog) the page takes its other constant-memory path, a staging file handed
// to the browser's download.
import { chromium } from 'playwright-core';
import { openPage } from '../web/helpers.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium-args.mjs';

/**
 * Debian's Chromium, headless, with a persistent profile in `profileDir`, and a page with the test
 * wallet (openPage): { context, page, problems }. Closing the context closes the browser.
 * @param {string} profileDir
 * @param {{ anvil: any, savePicker?: boolean }} o savePicker: false hides showSaveFilePicker
 */
export async function persistentPage(profileDir, { anvil, savePicker = true }) {
  const persistent = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: { width: 1100, height: 900 },
    acceptDownloads: true,
    serviceWorkers: 'block',
    args: [...CHROMIUM_ARGS],
  });
  // openPage makes its context with browser.newContext(): hand it the persistent one.
  const r = await openPage({ newContext: async () => persistent }, { anvil });
  if (!savePicker)
    await r.context.addInitScript(() => {
      Object.defineProperty(window, 'showSaveFilePicker', { value: undefined, configurable: true, writable: true });
    });
  return r;
}
