// Installable and offline: registers the service worker (web/sw.js) that keeps this build's app
// shell — and nothing else: never records, keys or chain data — for starts without a network.
// A new build's worker waits until every tab of the old one is closed; the page then says an
// update is ready. Not on a shared origin (a path gateway: web/src/origin.js refuses to run there
// anyway) and not where the browser has no service workers.

const SW_URL = new URL('../../sw.js', import.meta.url).href;

/** The worker's URL through the page's Trusted Types policy for it (it allows only this URL). */
function trustedUrl() {
  if (!globalThis.trustedTypes) return SW_URL;
  const policy = globalThis.trustedTypes.createPolicy('ehr-sw', {
    createScriptURL: (u) => {
      if (u !== SW_URL) throw new TypeError("refused: not the page's service worker");
      return u;
    },
  });
  return policy.createScriptURL(SW_URL);
}

/**
 * Registers the worker once the first screen is drawn (it then fetches the shell in the
 * background, so the first load stays what it was).
 * @param {{ onUpdateReady?: () => void }} [options]
 * @returns {Promise<ServiceWorkerRegistration | null>}
 */
export async function registerServiceWorker(options = {}) {
  const sw = globalThis.navigator?.serviceWorker;
  if (!sw || !globalThis.isSecureContext) return null;
  const registration = await sw.register(trustedUrl(), { scope: new URL('../../', import.meta.url).href });
  const watch = (worker) => {
    worker?.addEventListener('statechange', () => {
      if (worker.state === 'installed' && sw.controller) options.onUpdateReady?.();
    });
  };
  watch(registration.installing);
  registration.addEventListener('updatefound', () => watch(registration.installing));
  return registration;
}
