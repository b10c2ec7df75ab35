// Pieces shared by the patient's and the clinician's chart screens: the key-unlock panel, and
// (re-exported from where they live) the record timeline (chart-timeline.js, chart-record.js),
// the record forms with their progress (chart-add.js, chart-progress.js) and names for scopes
// (records/scopes.js).
import { h, button, busy } from '../dom.js';
import { notify } from '../notices.js';
import { unlockKeys } from '../records/account-keys.js';

export { SCOPES, scopeLabel, scopeList } from '../records/scopes.js';
export { timeline } from './chart-timeline.js';
export { addRecordForms } from './chart-add.js';

/**
 * The panel that asks the wallet for the key signature, with the warning the record format asks
 * for. Calls onUnlocked(keys) once the keys are in memory.
 */
export function unlockPanel(app, { purpose, onUnlocked }) {
  const status = h('p', { class: 'muted', role: 'status' });
  const go = button('Unlock my records', async (e) => {
    await busy(e.currentTarget, async () => {
      const s = app.stateNow();
      status.textContent =
        s.wallet?.kind === 'builtin' ? 'Deriving your keys…' : 'Approve the two signature requests in your wallet…';
      try {
        app.session.activate();
        const keys = await unlockKeys(app.wallet.provider(), s.account);
        status.textContent = '';
        onUnlocked(keys);
      } catch (err) {
        status.textContent = '';
        if (err?.code === 'ERR_UNSTABLE_SIGNATURE') {
          notify({
            kind: 'error',
            key: 'unlock',
            title: 'This wallet cannot hold your record keys',
            message:
              'It signed the same request differently twice, so your keys would change from one visit to the next.',
            advice: 'Use another wallet (most extension wallets sign the same way every time), or the built-in wallet.',
          });
        } else {
          app.fail(err, { action: 'unlocking your records', key: 'unlock' });
        }
      }
    });
  });
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'unlock-heading' },
    h('h2', { id: 'unlock-heading' }, 'Unlock your records'),
    h('p', null, purpose),
    h(
      'p',
      null,
      h(
        'strong',
        null,
        'Your wallet will ask you to sign “EncryptionKeyRequest” twice. Sign it only on this page: anyone who gets this signature can read your records. Another site asking for it is trying to steal them.',
      ),
    ),
    h('div', { class: 'actions' }, go),
    status,
  );
}
