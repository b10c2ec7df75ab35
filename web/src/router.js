// Hash router: `#/path` selects a screen. Hash routing keeps every URL relative, so the page works
// from any path (a subdomain gateway, a plain web server) with no server rewrites.
// Nothing secret or personal ever goes into the hash (it lands in history on shared terminals):
// screens keep their selections in memory.

import { translate } from './i18n.js';

/**
 * Parses a location hash into a route path: '#/wallet/create' -> '/wallet/create'. Anything that
 * is not a route ('', '#', '#main') gives null.
 * @param {string} hash
 * @returns {string | null}
 */
export function parseHash(hash) {
  if (hash === '' || hash === '#') return '/';
  // A SMART Health Link opened with this page as its viewer (`<page>#shlink:/…`): the screen takes
  // the link out of the address bar at once (it holds the key) and keeps it in memory.
  if (hash.startsWith('#shlink:/')) return '/shl';
  if (!hash.startsWith('#/')) return null;
  let path = hash.slice(1).split('?')[0];
  try {
    path = decodeURIComponent(path);
  } catch {
    return null;
  }
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  return path;
}

/**
 * @typedef {object} Screen
 * @property {string} title  the document title and the screen's name for announcements
 * @property {(ctx: { outlet: HTMLElement, path: string }) => (void | (() => void) | Promise<void | (() => void)>)} render
 *   fills the outlet; may return a cleanup function run before the next screen
 */

/**
 * @param {{ routes: Record<string, Screen>, notFound: Screen, outlet: HTMLElement,
 *   guard?: (path: string) => string | null, onChange?: (path: string, screen: Screen) => void,
 *   win?: Window }} options
 *   `guard` may redirect (return another path) before a screen renders, e.g. to the lock screen.
 */
export function createRouter({ routes, notFound, outlet, guard, onChange, win = window }) {
  let cleanup = null;
  let current = null;
  let renders = 0;

  async function show(path, { focus }) {
    const redirect = guard?.(path);
    if (redirect && redirect !== path) {
      go(redirect, { replace: true });
      return;
    }
    const screen = routes[path] ?? notFound;
    const mine = ++renders;
    try {
      cleanup?.();
    } finally {
      cleanup = null;
    }
    current = path;
    outlet.replaceChildren();
    win.document.title = `${translate(screen.title)} · ehr`;
    const result = await screen.render({ outlet, path });
    if (mine !== renders) {
      // A newer navigation started while this screen was rendering.
      if (typeof result === 'function') result();
      return;
    }
    cleanup = typeof result === 'function' ? result : null;
    onChange?.(path, screen);
    if (focus) {
      // Move focus to the new screen's heading so keyboard and screen-reader users start there.
      const heading = outlet.querySelector('h1');
      if (heading) {
        heading.tabIndex = -1;
        heading.focus();
      }
    }
  }

  const onHash = () => {
    const path = parseHash(win.location.hash);
    if (path === null) return; // an in-page anchor, not a route
    show(path, { focus: true });
  };

  /** Navigates to `path` ('/connect'). With `replace`, no history entry is added. */
  function go(path, { replace = false } = {}) {
    const hash = `#${path}`;
    if (win.location.hash === hash) {
      show(path, { focus: true });
    } else if (replace) {
      win.history.replaceState(null, '', hash);
      show(path, { focus: true });
    } else {
      win.location.hash = hash;
    }
  }

  return {
    start() {
      win.addEventListener('hashchange', onHash);
      const path = parseHash(win.location.hash) ?? '/';
      return show(path, { focus: false });
    },
    go,
    /** Renders the current screen again (after state changes it shows). */
    refresh() {
      if (current !== null) return show(current, { focus: false });
      return undefined;
    },
    get current() {
      return current;
    },
    stop() {
      win.removeEventListener('hashchange', onHash);
      cleanup?.();
      cleanup = null;
    },
  };
}
