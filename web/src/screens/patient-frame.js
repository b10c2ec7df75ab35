// The frame every screen of the patient's chart shares: the sub-navigation, the gate (connected,
// right network, registered, keys unlocked), registration, and, offline on a personal device that
// keeps opened records (records/offline.js), the chart of the records kept there. (The directory
// of those who can receive a grant is in ../records/grantees.js.)
import { h, replace, button, busy } from '../dom.js';
import { qrImage } from '../qr-image.js';
import { getState } from '../state.js';
import { t, translate } from '../i18n.js';
import { sameAddress, shortAddress } from '../format.js';
import { accountGate, gatedScreen } from './gated.js';
import { releaseKey } from '../key-registry.js';
import { sendTx, txStatusLine } from '../tx.js';
import { unlockKeys, unlockedKeys, chartKeyOf } from '../records/account-keys.js';
import { settle } from '../records/access.js';
import { openRecord } from '../records/chart.js';
import { offlineMode, offlineSession, openOffline, keptEnvelope } from '../records/offline.js';
import { deviceWallet } from '../personal-device.js';
import { deviceUnlockForm } from './device-unlock.js';
import { unlockPanel } from './chart-common.js';
import { recordItem } from './chart-record.js';

const subnav = (current) =>
  h(
    'nav',
    { 'aria-label': 'Your chart', class: 'subnav' },
    h(
      'ul',
      null,
      [
        ['/chart', 'Records'],
        ['/chart/add', 'Add'],
        ['/chart/access', 'Access'],
        ['/chart/appointments', 'Appointments'],
        ['/chart/family', 'Family'],
        ['/chart/activity', 'Activity'],
        ['/chart/recovery', 'Recovery'],
      ].map(([p, l]) => h('li', null, h('a', { href: `#${p}`, 'aria-current': p === current ? 'page' : null }, l))),
    ),
  );

/** A chart screen: waits for a connection, roles and (for `needKeys`) the unlocked keys. */
export function chartScreen(app, { path, title, needKeys = true, draw }) {
  const keysOf = (s) => (s.account ? unlockedKeys(s.account) : null);
  return gatedScreen({
    title,
    header: () => [subnav(path)],
    keyOf: (s) => `${s.account}|${s.chainId}|${s.roles ? s.roles.patient : 'x'}|${Boolean(keysOf(s))}`,
    gate(s, update) {
      // Offline on a personal device that keeps opened records: those records, or why not here.
      if (!s.account && offlineMode()) return [path === '/chart' ? offlineChart(app) : offlineElsewhere()];
      const instead = accountGate(app, s, 'Connect your wallet to see your chart.', {
        contracts: false,
        reading: 'Reading your account on the network…',
      });
      if (instead) return instead;
      if (!s.roles.patient) return [successorOrRegistration(app, s)];
      if (needKeys && !keysOf(s))
        return [
          unlockPanel(app, {
            purpose:
              'Your records are encrypted. The keys that open them are derived from your wallet’s signature, in this page, and wiped when the page locks.',
            onUnlocked: () => update(),
          }),
        ];
      return null;
    },
    draw: (body, s) => {
      body.append(fromRecovery((m) => m.pendingRecoveryBanner(app, s.account)));
      draw(body, s, keysOf(s));
    },
  });
}

/** A part drawn by recovery-parts.js (loaded on use): `make(module)` gives its node or a promise of it. */
function fromRecovery(make, fallback = () => null) {
  const box = h('div');
  import('./recovery-parts.js').then(make).then(
    (node) => replace(box, node ?? fallback()),
    () => replace(box, fallback()),
  );
  return box;
}

/** Registration, unless this wallet took over a chart by guardian recovery: then the way into it. */
const successorOrRegistration = (app, s) =>
  fromRecovery(
    (m) => m.recoveredChartPanel(app, s.account),
    () => registration(app),
  );

/** Registration: derive the encryption key, publish its public half. */
function registration(app) {
  const status = txStatusLine();
  const go = button('Set up my encryption key and register', async (e) => {
    const btn = e.currentTarget;
    const s = getState();
    let keys;
    try {
      app.session.activate();
      status.textContent = translate(
        s.wallet?.kind === 'builtin' ? 'Deriving your key…' : 'Approve the two signature requests in your wallet…',
      );
      keys = await unlockKeys(app.wallet.provider(), s.account);
    } catch (err) {
      status.textContent = '';
      app.fail(err, { action: 'setting up your encryption key', key: 'register' });
      return;
    }
    const r = await sendTx(app, {
      button: btn,
      status,
      contract: 'EhrHub',
      fn: 'registerPatient',
      args: [keys.identity.publicKey],
      action: 'registering',
      success: 'You are registered as a patient',
    });
    if (r) app.refreshRoles();
  });
  // Without ETH: sign a registration code that a clinician submits (and pays for).
  const codeBox = h('div');
  const bySig = button(
    'No ETH? Sign a registration code instead',
    async (e) => {
      await busy(e.currentTarget, async () => {
        const s = getState();
        try {
          app.session.activate();
          status.textContent = translate(
            s.wallet?.kind === 'builtin' ? 'Signing…' : 'Approve the signature requests in your wallet…',
          );
          const keys = await unlockKeys(app.wallet.provider(), s.account);
          const { signRegistration } = await import('../records/consent.js');
          const code = await signRegistration(app.wallet.provider(), {
            patient: s.account,
            encryptionKey: keys.identity.publicKey,
          });
          status.textContent = '';
          const box = h('textarea', {
            id: 'registration-code',
            readOnly: true,
            rows: 4,
            spellcheck: 'false',
            class: 'mono',
          });
          box.value = code;
          replace(
            codeBox,
            h(
              'section',
              { class: 'panel', 'aria-labelledby': 'registration-code-heading' },
              h('h3', { id: 'registration-code-heading', tabIndex: -1 }, 'Your registration code'),
              h('p', null, 'Show it to a clinician, who submits it and pays the fee. Then reload this screen.'),
              await qrImage(code, { label: translate('QR code of the registration code below'), size: 240 }),
              h('label', { for: 'registration-code' }, 'Registration code'),
              box,
            ),
          );
          codeBox.querySelector('h3').focus();
        } catch (err) {
          status.textContent = '';
          app.fail(err, { action: 'signing the registration', key: 'register' });
        }
      });
    },
    { variant: 'secondary' },
  );
  return h(
    'section',
    { 'aria-labelledby': 'register-heading' },
    h('h2', { id: 'register-heading' }, 'Register as a patient'),
    h(
      'p',
      null,
      'Registering publishes your encryption public key on the blockchain so that clinicians can share records with you. No name, date of birth or other personal data goes on chain.',
    ),
    h(
      'p',
      null,
      h(
        'strong',
        null,
        'Your wallet will ask you to sign “EncryptionKeyRequest” twice. Sign it only on this page: anyone who gets this signature can read your records.',
      ),
    ),
    h('div', { class: 'actions' }, go, bySig),
    status,
    codeBox,
  );
}

/** chartKeyFor of the patient's own chart: K(scope, epoch) from the chart root of its key version. */
export function patientChartKey(keys) {
  return (scope, epoch) => {
    const key = chartKeyOf(keys, scope, epoch);
    return { key, release: () => releaseKey(key) };
  };
}

/** Before the patient writes to a scope whose end of access is not settled: settle, share again. */
export function settleFor(app, s, keys) {
  return () =>
    settle({ provider: app.wallet.provider(), from: s.account, patient: s.account, chartRoot: keys.chartRoot });
}

/**
 * keysFor of the patient's own chart: a record sealed to its readers (written while an end of
 * access was not settled) opens with one of the patient's identities; any other with the chart
 * key K(scope, epoch) its envelope names, wiped right after.
 */
export function patientKeysFor(keys) {
  return (header) => {
    let k = null;
    try {
      k = chartKeyOf(keys, header.scope, header.epoch);
    } catch {
      // a key version this session does not hold: the identities may still open it
    }
    return { chartKeys: k ? [k] : [], identities: keys.identities, release: () => k && releaseKey(k) };
  };
}

// ---- offline (personal device, records kept by choice) -------------------------------------------------

/** A chart screen other than the records, offline: it needs the network. */
const offlineElsewhere = () =>
  h(
    'div',
    null,
    h(
      'p',
      { class: 'notice notice-warning' },
      'Offline: this needs the network. Nothing can be added or shared until you are online.',
    ),
    h('p', null, h('a', { href: '#/chart' }, 'See the records kept on this device')),
  );

/**
 * The chart offline: the unlock of the wallet this device keeps (password or passkey), then the
 * records kept on the device, each opened from its kept envelope with the chart keys derived from
 * the wallet here.
 */
function offlineChart(app) {
  const box = h('section', { id: 'offline-chart', 'aria-labelledby': 'offline-heading' });
  const banner = (text) => h('p', { class: 'notice notice-warning', id: 'offline-banner' }, text);
  const heading = h('h2', { id: 'offline-heading', tabIndex: -1 }, 'Records kept on this device');

  function drawList(sess) {
    const n = sess.rows.length;
    const byId = new Map(sess.rows.map((r) => [r.id, r]));
    const newer = new Set(sess.rows.map((r) => r.previous));
    const isYou = (a) => sameAddress(a, sess.address);
    const names = {
      isYou,
      account: (a) => (isYou(a) ? translate('you') : shortAddress(a)),
      about: () => null,
    };
    const o = {
      patient: sess.address,
      offline: true,
      keysFor: patientKeysFor(sess.keys),
      canRedact: () => false,
      canAmend: () => false,
      open: async (patient, r, keysFor) => openRecord(patient, r, keysFor, { envelope: await keptEnvelope(r) }),
    };
    replace(
      box,
      banner(
        n === 1
          ? translate(
              'Offline: showing the 1 record kept on this device; nothing can be added or shared until you are online.',
            )
          : t(
              'Offline: showing the {count} records kept on this device; nothing can be added or shared until you are online.',
              { count: n },
            ),
      ),
      heading,
      h(
        'p',
        { class: 'muted' },
        'Only the records you opened here while “Keep records I open readable offline” was on. They open from their encrypted copies on this device, with keys derived from your wallet in this page. Reload the page once you are online to see your whole chart.',
      ),
      n === 0
        ? h('p', { class: 'muted' }, 'No record is kept on this device yet.')
        : h(
            'ol',
            { class: 'cards timeline', 'aria-labelledby': 'offline-heading', id: 'offline-records' },
            // Current versions at the top (earlier kept versions under them), as online.
            sess.rows
              .filter((r) => !(r.superseded && newer.has(r.id)))
              .map((r) => recordItem(app, o, r, { byId, reload: () => {}, names })),
          ),
    );
  }

  function drawUnlock() {
    const d = deviceWallet();
    const progress = h('p', { class: 'muted', role: 'status' });
    const opened = async (wallet) => {
      progress.textContent = translate('Deriving your keys…');
      const sess = await openOffline(wallet);
      progress.textContent = '';
      drawList(sess);
      heading.focus();
    };
    const { form, passkey } = deviceUnlockForm(app, {
      id: 'offline-unlock',
      passkeyId: 'offline-passkey',
      action: 'opening the records kept on this device',
      opened,
      progress,
    });
    replace(
      box,
      banner(
        'Offline: this device cannot reach the network. Unlock the wallet kept here to read the records you chose to keep on it; nothing can be added or shared until you are online.',
      ),
      heading,
      d?.passkey ? h('div', { class: 'actions' }, passkey) : null,
      form,
    );
  }

  const sess = offlineSession();
  if (sess) drawList(sess);
  else drawUnlock();
  return box;
}
