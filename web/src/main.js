// The page's entry module: the shell (header, navigation, notices), the router, the session with
// its lock, and the wallet controller. Screens live in screens/*.js, each a function of `app`.
import { keepHiddenAuthors } from './records/hidden-authors.js';
import config from './config.js';
import { h } from './dom.js';
import { createRouter } from './router.js';
import { mountNotices, notify, dismissKey, clearNotices, notifyError } from './notices.js';
import { createSession } from './session.js';
import { disposeAll } from './key-registry.js';
import { wipeDrafts, hasUnsavedInput } from './drafts.js';
import { startDevice, unlockFirst, deviceWallet } from './personal-device.js';
import { stopWorker } from './worker-host.js';
import { getState, setState, subscribe, resetState } from './state.js';
import { lazyScreens } from './lazy.js';
import { describeError } from './errors.js';
import { createWalletController } from './wallet/controller.js';
import { shortAddress, networkName } from './format.js';
import { homeScreen } from './screens/home.js';
import { connectScreen } from './screens/connect.js';
import { accountScreen } from './screens/account.js';
import { builtinWalletScreens } from './screens/builtin-wallet.js';
import { settingsScreen } from './screens/settings.js';
import { aboutScreen } from './screens/about.js';
import { lockedScreen, notFoundScreen } from './screens/locked.js';
import { pageIsolation } from './origin.js';
import { LOCALES, pickLocale, setLocale, locale, onLocaleChange, t, translateStatic } from './i18n.js';
import { showFramedRefusal } from './screens/shared-origin.js';

/** records/offline.js, loaded only on a device that keeps a wallet (it is not in the first load). */
let offlineModule = null;
/** Whether the page started offline with records kept on this device (records/offline.js). */
const offlineMode = () => offlineModule?.offlineMode() ?? false;

// The page's language: ?lang= in the address, else the browser's (i18n.js); for the session only.
const startLocale = () =>
  setLocale(new URLSearchParams(location.search).get('lang') ?? pickLocale(), {
    development: Boolean(config.development),
  }).catch(() => setLocale('en'));

// Inside a frame of any page: a short refusal is all that is drawn, and nothing starts (no
// session, wallet, router or screen). See origin.js.
const isolation = pageIsolation();
if (isolation.framed) {
  await startLocale(); // the refusal in the page's language
  showFramedRefusal();
  document.documentElement.dataset.ready = 'refused';
  await new Promise(() => {}); // never settles: nothing below runs
}

const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
const outlet = $('main');
await startLocale();
translateStatic(document);
mountNotices($('alerts'), $('status'));

/** Everything screens share. */
const app = {
  config,
  features: config.features ?? {},
  /** Whether the page has an origin of its own (origin.js); if not, nothing connects or unlocks. */
  isolation,
  stateNow: getState,
  /** Why the last lock happened ('button' | 'idle' | 'hidden' | 'closed'), for the lock screen. */
  lockReason: null,
  session: /** @type {ReturnType<typeof createSession>} */ (/** @type {unknown} */ (null)),
  wallet: /** @type {ReturnType<typeof createWalletController>} */ (/** @type {unknown} */ (null)),
  router: /** @type {ReturnType<typeof createRouter>} */ (/** @type {unknown} */ (null)),
  /** Reads the connected account's roles on chain again (after a change that may affect them). */
  refreshRoles: () => {},
  /** Shows an error with a way forward (see errors.js). */
  fail(e, { action, retry, key } = {}) {
    if (e?.name === 'LockedError' && app.session.state === 'locked') return; // the lock screen says it all
    const d = describeError(e, { action });
    const actions = [];
    if (retry) actions.push({ label: 'Try again', run: retry });
    notifyError(d, actions, key);
  },
};

app.session = createSession({
  sharedTerminal: config.sharedTerminal.default,
  idleSeconds: config.sharedTerminal.idleSeconds,
  onWarn: (secondsLeft) =>
    notify({
      kind: 'warning',
      key: 'idle',
      title: 'This page will lock soon',
      message:
        secondsLeft === 1
          ? 'There has been no activity for a while. To protect what is on screen, the page locks in about a second.'
          : t(
              'There has been no activity for a while. To protect what is on screen, the page locks in about {seconds} seconds.',
              { seconds: secondsLeft },
            ),
      actions: [{ label: 'Stay unlocked', run: () => app.session.poke() }],
    }),
  onWarnEnd: () => dismissKey('idle'),
  keepWarning: (target) => target instanceof Node && $('alerts').contains(target),
  // "Leave the page?": a form with unsaved input, or an action still running (a busy button: an
  // upload, a transaction).
  leaveWarning: () => hasUnsavedInput() || document.querySelector('[aria-busy="true"]') !== null,
  onChange: () => renderSessionBar(),
});

app.wallet = createWalletController({
  config,
  onActive: () => app.session.activate(),
  onLost: (why) => {
    notify({
      kind: 'warning',
      key: 'wallet-lost',
      title: why === 'accounts' ? 'The wallet disconnected this page' : 'The wallet went offline',
      message:
        why === 'accounts'
          ? 'The wallet no longer shares an account with this page.'
          : 'The connection to the wallet was lost.',
      actions: [{ label: 'Connect again', run: () => app.router.go('/connect') }],
    });
    app.router.refresh();
  },
  onWarning: (w) => notify({ kind: 'warning', key: 'module', title: w.title, message: w.message }),
});

// Lock: wipe handlers in order. Keys first (synchronously, so even a closing tab gets there),
// then the worker, the connection, the state, drafts, notices and the screen itself.
app.session.onLock((reason) => {
  app.lockReason = reason;
  disposeAll(); // registered handles, then the module's disposeAll(): every object of every kind
});
app.session.onLock(() => stopWorker());
keepHiddenAuthors({ persistent: () => !app.session.settings.sharedTerminal });
app.session.onLock(() => app.wallet.wipe());
app.session.onLock(() => {
  resetState();
  wipeDrafts();
  clearNotices();
  outlet.replaceChildren();
  // The engine keeps the input of the last regular-expression match (RegExp.lastMatch and
  // friends) reachable: make it an empty string rather than, say, an address just checked.
  /(?:)/.exec('');
});
app.session.onLock((reason) => {
  if (reason !== 'closed') app.router.go('/locked', { replace: true });
});

// Navigation: the fixed entries, plus the role screens of the connected account.
const NAV = [
  ['/', 'Home'],
  ['/connect', 'Connect'],
  ['/account', 'Account'],
  ['/wallet', 'Built-in wallet'],
  ['/shl', 'Open a shared link'],
  ['/health-card', 'Check a health card'],
  ['/settings', 'Settings'],
  ['/about', 'About'],
];
const ROLE_NAV = [
  // Anyone who is not staff may open "Your chart" (it offers registration); staff see it once
  // registered as patients too.
  [
    '/chart',
    'Your chart',
    (r) => app.features.records && (r.patient || (!r.member && !r.superAdmin && r.adminOf.length === 0)),
  ],
  ['/patients', 'Patients', (r) => app.features.records && r.member !== null],
  ['/platform', 'Platform', (r) => r.superAdmin],
  ['/institution', 'Institution', (r) => r.adminOf.length > 0],
  ['/invitation', 'Invitation', (r) => Boolean(r.invitation)],
];
const navList = h('ul');
$('main-nav').append(navList);
let navLinks = [];
let navKey = '';
function renderNav() {
  const roles = getState().roles;
  // Offline on a personal device that keeps opened records: their chart, without roles to read.
  const offline = !roles && !getState().account && offlineMode() ? [ROLE_NAV[0]] : [];
  const items = [
    ...NAV.slice(0, 3),
    ...offline,
    ...ROLE_NAV.filter(([, , has]) => roles && has(roles)),
    ...NAV.slice(3),
  ];
  const key = items.map(([p]) => p).join(',');
  if (key === navKey) return;
  navKey = key;
  navLinks = items.map(([path, label]) => h('a', { href: `#${path}`, dataset: { path } }, label));
  navList.replaceChildren(...navLinks.map((a) => h('li', null, a)));
  markNav(app.router?.current ?? '/');
}
function markNav(path) {
  const section = '/' + (path.split('/')[1] ?? '');
  for (const a of navLinks) {
    if (a.dataset.path === section) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}
subscribe(renderNav);

// Roles on chain follow the account and network.
const rolesKey = (s) =>
  s.account && s.chainId === config.chainId && app.features.contracts ? `${s.account}|${s.chainId}` : null;
let rolesFor = null;
async function loadRoles(key) {
  try {
    // The chain modules load with the first connection, not with the first screen.
    const { detectRoles } = await import('./chain/roles.js');
    const roles = await detectRoles(app.wallet.provider(), getState().account);
    if (rolesFor === key) setState({ roles });
  } catch (e) {
    if (rolesFor === key)
      app.fail(e, { action: 'reading your roles on the network', retry: () => app.refreshRoles(), key: 'roles' });
  }
}
app.refreshRoles = () => {
  rolesFor = rolesKey(getState());
  if (rolesFor) loadRoles(rolesFor);
};
subscribe((s) => {
  const key = rolesKey(s);
  if (key === rolesFor) return;
  rolesFor = key;
  if (s.roles !== null) setState({ roles: null });
  if (key) loadRoles(key);
});
// A pending invitation to join an institution (screens/invitation.js) is said once per account.
let invitedKey = null;
subscribe((s) => {
  const inv = s.roles?.invitation;
  const key = inv ? `${s.account}|${inv.institutionId}|${inv.role}` : null;
  if (key === invitedKey) return;
  invitedKey = key;
  if (!key) dismissKey('invitation');
  else
    notify({
      kind: 'info',
      key: 'invitation',
      title: 'An institution invited this account to join it',
      message: 'You become a member only if you accept.',
      actions: [{ label: 'See the invitation', run: () => app.router.go('/invitation') }],
    });
});

const lockButton = /** @type {HTMLButtonElement} */ ($('lock-now'));
lockButton.addEventListener('click', () => app.session.lock('button'));

function renderSessionBar() {
  const s = getState();
  const el = $('session-state');
  // An address and a network's name are not language: translators and the catalogue skip them.
  const data = app.session.state !== 'locked' && Boolean(s.account);
  if (data) el.setAttribute('translate', 'no');
  else el.removeAttribute('translate');
  if (app.session.state === 'locked') el.textContent = t('Locked');
  else if (s.account) el.textContent = `${shortAddress(s.account)} · ${networkName(config, s.chainId)}`;
  else el.textContent = t(offlineMode() ? 'Offline' : 'Not connected');
  lockButton.disabled = app.session.state !== 'active';
}
subscribe(renderSessionBar);

const routes = {
  '/': homeScreen(app),
  '/connect': connectScreen(app),
  '/account': accountScreen(app),
  ...builtinWalletScreens(app),
  '/settings': settingsScreen(app),
  '/about': aboutScreen(app),
  // Screens only some accounts need load on first use (integrity still applies: import map).
  ...lazyScreens(app, () => import('./screens/admin.js').then((m) => m.adminScreens), {
    '/platform': 'Platform administration',
    '/institution': 'Institution administration',
  }),
  ...lazyScreens(app, () => import('./screens/patient.js').then((m) => m.patientScreens), {
    '/chart': 'Your chart',
    '/chart/add': 'Add to your chart',
    '/chart/access': 'Who can see your records',
    '/chart/appointments': 'Your appointments',
    '/chart/family': 'Your family links',
    '/chart/activity': 'Activity on your chart',
  }),
  ...lazyScreens(app, () => import('./screens/health.js').then((m) => m.healthScreens), {
    '/chart/import': 'Import into your chart',
    '/chart/export': 'Export your chart',
    '/chart/links': 'Share with a link',
    '/shl': 'Open a SMART Health Link',
    '/health-card': 'Check a SMART Health Card',
  }),
  ...lazyScreens(app, () => import('./screens/clinician.js').then((m) => m.clinicianScreens), {
    '/patients': 'Patients',
    '/patients/chart': 'Patient chart',
  }),
  ...lazyScreens(app, () => import('./screens/recovery.js').then((m) => m.recoveryScreens), {
    '/chart/recovery': 'Recovery of your chart',
    '/chart/recovery/kit': 'Your recovery kit',
    '/recover': 'Recover a chart',
    '/guardian': 'Charts you guard',
  }),
  // Personal-device mode and a second device (personal-device.js, device-link.js).
  ...lazyScreens(app, () => import('./screens/device-unlock.js').then((m) => m.deviceUnlockScreens), {
    '/wallet/unlock': 'Unlock your wallet',
  }),
  ...lazyScreens(app, () => import('./screens/device-settings.js').then((m) => m.deviceSettingsScreens), {
    '/device': 'This device',
  }),
  ...lazyScreens(app, () => import('./screens/device-pair.js').then((m) => m.devicePairScreens), {
    '/device/add': 'Add another device',
    '/device/join': 'Add this device to your chart',
  }),
  ...lazyScreens(app, () => import('./screens/invitation.js').then((m) => m.invitationScreens), {
    '/invitation': 'Your invitation',
  }),
  '/locked': lockedScreen(app),
};

app.router = createRouter({
  routes,
  notFound: notFoundScreen(app),
  outlet,
  guard: (path) => {
    if (app.session.state === 'locked' && path !== '/locked') return '/locked';
    if (app.session.state !== 'locked' && path === '/locked') return '/';
    // Offline with records kept on this device: no wallet can connect; the chart unlocks them.
    if (offlineMode() && !getState().account && (path === '/connect' || path === '/wallet/unlock')) return '/chart';
    // A wallet kept on this device: "Connect a wallet" leads to its unlock first.
    return unlockFirst(path, app.router?.current ?? null);
  },
  onChange: (path) => markNav(path),
});

// A link to the screen already shown reloads it (fresh data from the chain), as a user expects.
document.addEventListener('click', (e) => {
  const a = e.target instanceof Element ? e.target.closest('a[href^="#/"]') : null;
  if (a && a.getAttribute('href') === window.location.hash) {
    e.preventDefault();
    app.router.go(window.location.hash.slice(1));
  }
});

// The skip link moves focus without touching the hash (the hash is the route).
$('skip-link').addEventListener('click', (e) => {
  e.preventDefault();
  outlet.focus();
});

// Anything unexpected still gets a message with a way forward, and nothing goes to the console
// (on a shared terminal the console is visible to the next user).
window.addEventListener('unhandledrejection', (e) => {
  e.preventDefault();
  app.fail(e.reason);
});

// The language switch (footer): every screen, the menu and the page's fixed text follow it.
const languages = h(
  'select',
  { id: 'language', 'aria-label': 'Language', on: { change: () => setLocale(languages.value) } },
  Object.entries(LOCALES).map(([tag, name]) => h('option', { value: tag, lang: tag, translate: 'no' }, name)),
);
languages.value = Object.hasOwn(LOCALES, locale()) ? locale() : 'en';
$('language-slot').append(languages);
onLocaleChange((tag) => {
  if (Object.hasOwn(LOCALES, tag)) languages.value = tag;
  languages.setAttribute('aria-label', t('Language'));
  translateStatic(document);
  navKey = '';
  renderNav();
  renderSessionBar();
  app.router.refresh();
});

renderSessionBar();
renderNav();
await startDevice(app);
await app.router.start();
document.documentElement.dataset.ready = 'true';
// Records kept for offline reading (records/offline.js): started where the chain cannot be reached,
// the chart shows them (asked after the first screen: the check may wait for the network).
(deviceWallet()
  ? import('./records/offline.js').then((m) => {
      offlineModule = m;
      return m.startOffline(app);
    })
  : Promise.resolve(false)
)
  .then((offline) => {
    if (!offline) return;
    navKey = '';
    renderNav();
    renderSessionBar();
    if (app.router.current?.startsWith('/chart')) app.router.refresh();
    document.documentElement.dataset.offline = 'true';
  })
  .catch(() => {}); // nothing kept can be read: the page works as before, online
// Installable and offline (web/src/pwa.js): the shell only, registered after the first screen.
if (isolation.isolated && config.serviceWorker) {
  import('./pwa.js')
    .then(({ registerServiceWorker }) =>
      registerServiceWorker({
        onUpdateReady: () =>
          notify({
            kind: 'info',
            key: 'update-ready',
            title: 'A new version of this page is ready: it starts when every tab of it is closed.',
          }),
      }),
    )
    .catch(() => {}); // without a worker the page works as before, online only
}
