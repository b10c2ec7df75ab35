// Session and shared-terminal mode.
//
// A session starts when the page first holds something personal (a connected account, a wallet,
// a typed draft) and ends with lock(). Lock runs every registered wipe handler: the key registry
// disposes of key handles (wiping WebAssembly memory), the worker is terminated, drafts,
// decrypted data and account state are dropped, and the DOM is cleared. The page then shows the
// lock screen.
//
// Triggers: the "Lock now" button; no activity for `idleSeconds` (a warning comes first, with a
// button to stay); the tab being hidden (shared-terminal mode only); the page being unloaded
// (always: keys must not outlive the tab). Settings live in memory only: on a shared gateway
// origin any other site could rewrite stored settings. Before the page is left, the browser asks
// "Leave the page?" while `leaveWarning()` says something would be lost (an upload running, a
// form with unsaved input).

/**
 * @param {{ sharedTerminal: boolean, idleSeconds: number, win?: Window, now?: () => number,
 *   onWarn?: (secondsLeft: number) => void, onWarnEnd?: () => void,
 *   keepWarning?: (target: EventTarget | null) => boolean, leaveWarning?: () => boolean,
 *   onChange?: (state: 'idle' | 'active' | 'locked') => void }} options
 */
export function createSession(options) {
  const win = options.win ?? window;
  const doc = win.document;
  const now = options.now ?? (() => Date.now());
  const settings = { sharedTerminal: options.sharedTerminal, idleSeconds: options.idleSeconds };
  /** @type {'idle' | 'active' | 'locked'} */
  let state = 'idle';
  let lastActivity = now();
  let timer = 0;
  let warned = false;
  /** @type {((reason: string) => void | Promise<void>)[]} */
  const handlers = [];

  // Warn a quarter of the idle time ahead (2 to 30 seconds), so there is time to react (WCAG 2.2.1).
  const warnSeconds = () => Math.min(30, Math.max(2, Math.floor(settings.idleSeconds / 4)));

  const setState = (s) => {
    if (s === state) return;
    state = s;
    options.onChange?.(s);
  };

  function schedule() {
    win.clearTimeout(timer);
    timer = 0;
    if (state !== 'active') return;
    const idleMs = settings.idleSeconds * 1000;
    const elapsed = now() - lastActivity;
    if (elapsed >= idleMs) {
      lock('idle');
      return;
    }
    const warnAt = idleMs - warnSeconds() * 1000;
    if (elapsed >= warnAt) {
      if (!warned) {
        warned = true;
        options.onWarn?.(Math.ceil((idleMs - elapsed) / 1000));
      }
      timer = win.setTimeout(schedule, idleMs - elapsed);
    } else {
      timer = win.setTimeout(schedule, warnAt - elapsed);
    }
  }

  let lastPoke = 0;
  const activity = (e) => {
    if (state !== 'active') return;
    // Pointer movement is frequent: count it at most once a second.
    if (e?.type === 'pointermove' && now() - lastPoke < 1000) return;
    lastPoke = now();
    lastActivity = now();
    // Pressing the warning's own button must not remove it under the pointer: activity inside it
    // postpones the lock, and the button's click ends the warning (poke()).
    if (warned && !(e && options.keepWarning?.(e.target))) {
      warned = false;
      options.onWarnEnd?.();
    }
    schedule();
  };

  const onVisibility = () => {
    if (state !== 'active') return;
    if (doc.visibilityState === 'hidden') {
      if (settings.sharedTerminal) lock('hidden');
    } else {
      // Timers are throttled in hidden tabs: check the deadline on return.
      schedule();
    }
  };
  const onPageHide = () => {
    if (state === 'active') lock('closed');
  };
  // The browser's own "Leave the page?" dialog (its text is the browser's, not the page's).
  const onBeforeUnload = (e) => {
    if (state === 'locked' || !options.leaveWarning?.()) return;
    e.preventDefault();
    e.returnValue = '';
  };

  const EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart', 'scroll', 'input'];
  for (const ev of EVENTS) win.addEventListener(ev, activity, { capture: true, passive: true });
  doc.addEventListener('visibilitychange', onVisibility);
  win.addEventListener('pagehide', onPageHide);
  win.addEventListener('beforeunload', onBeforeUnload);

  let locking = null;
  /**
   * Locks now: runs every wipe handler (each one's failure does not stop the others), then
   * reports the state 'locked'. Returns when all handlers have finished.
   * @param {string} reason 'button' | 'idle' | 'hidden' | 'closed' | ...
   */
  function lock(reason) {
    if (locking) return locking;
    win.clearTimeout(timer);
    timer = 0;
    if (warned) {
      warned = false;
      options.onWarnEnd?.();
    }
    // The state is 'locked' from the start, so handlers (and the router) already see it.
    setState('locked');
    locking = (async () => {
      for (const fn of handlers) {
        try {
          await fn(reason);
        } catch {
          // A failing handler must not keep the others from wiping; nothing is logged (the
          // console is visible to the next user of a shared terminal).
        }
      }
    })().finally(() => {
      locking = null;
    });
    return locking;
  }

  return {
    /** Adds a wipe handler run by lock(), in registration order. */
    onLock(fn) {
      handlers.push(fn);
    },
    /** The page holds something personal from now on: idle and hide locks apply. */
    activate() {
      if (state === 'active') return;
      lastActivity = now();
      setState('active');
      schedule();
    },
    /** After the lock screen: a new, empty session may start. */
    reset() {
      setState('idle');
    },
    lock,
    get state() {
      return state;
    },
    get settings() {
      return { ...settings };
    },
    /** Changes the settings (in memory only); the idle deadline restarts. */
    configure({ sharedTerminal, idleSeconds }) {
      if (typeof sharedTerminal === 'boolean') settings.sharedTerminal = sharedTerminal;
      if (Number.isFinite(idleSeconds) && idleSeconds >= 1 && idleSeconds <= 86400) settings.idleSeconds = idleSeconds;
      lastActivity = now();
      schedule();
    },
    /** Counts as activity (e.g. the "Stay unlocked" button). */
    poke() {
      activity(null);
    },
    dispose() {
      win.clearTimeout(timer);
      for (const ev of EVENTS) win.removeEventListener(ev, activity, { capture: true });
      doc.removeEventListener('visibilitychange', onVisibility);
      win.removeEventListener('pagehide', onPageHide);
      win.removeEventListener('beforeunload', onBeforeUnload);
    },
  };
}
