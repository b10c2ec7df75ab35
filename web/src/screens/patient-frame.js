// The frame every screen of the patient's chart shares: the sub-navigation, the gate (connected,
// right network, registered, keys unlocked), and registration. (The directory of those who can
// receive a grant is in ../records/grantees.js.)
import { h, replace, button, busy } from '../dom.js';
import { qrImage } from '../qr-image.js';
import { getState } from '../state.js';
import { translate } from '../i18n.js';
import { accountGate, gatedScreen } from './gated.js';
import { releaseKey } from '../key-registry.js';
import { sendTx, txStatusLine } from '../tx.js';
import { unlockKeys, unlockedKeys, chartKeyOf } from '../records/account-keys.js';
import { settle } from '../records/access.js';
import { unlockPanel } from './chart-common.js';

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
    header: [subnav(path)],
    keyOf: (s) => `${s.account}|${s.chainId}|${s.roles ? s.roles.patient : 'x'}|${Boolean(keysOf(s))}`,
    gate(s, update) {
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
