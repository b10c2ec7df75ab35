// Unlock the wallet this device keeps (personal-device mode): with its password (scrypt on the
// worker) or its passkey (WebAuthn PRF), then the page connects it like any built-in wallet and
// brings back the drafts. "Connect a wallet" leads here while such a wallet exists and none is
// connected (personal-device.js unlockFirst); "Use another wallet" goes on to the wallet list.
import { h, append, field, button, busy } from '../dom.js';
import { notify } from '../notices.js';
import { getState } from '../state.js';
import { translate } from '../i18n.js';
import { sharedOriginNotice } from './shared-origin.js';
import { passkeyProblem } from './device-settings.js';
import {
  deviceWallet,
  unlockWithPassword,
  unlockWithPasskey,
  passkeysAvailable,
  keepDrafts,
  useAnotherWallet,
  afterUnlock,
} from '../personal-device.js';

/**
 * The two ways to open the wallet this device keeps: a password form (`id`) and a passkey button
 * (`passkeyId`; shown only where the stored wallet has a passkey and the browser can use it).
 * `opened(wallet)` continues; `action` names what failed in an error notice; `progress` is the
 * status line the form shows (cleared on failure).
 * @param {any} app
 * @param {{ id: string, passkeyId: string, action: string, opened: (wallet: any) => Promise<void>,
 *   progress?: HTMLElement }} o
 * @returns {{ form: HTMLFormElement, passkey: HTMLButtonElement, progress: HTMLElement }}
 */
export function deviceUnlockForm(
  app,
  { id, passkeyId, action, opened, progress = h('p', { class: 'muted', role: 'status' }) },
) {
  const pass = field({
    label: 'Password of this device',
    control: h('input', { type: 'password', name: 'password', autocomplete: 'current-password' }),
  });
  const form = h(
    'form',
    { 'aria-label': 'Unlock with the password', novalidate: true, id },
    pass.wrap,
    progress,
    h('div', { class: 'actions' }, button('Unlock', null, { type: 'submit' })),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    await busy(form.querySelector('button[type="submit"]'), async () => {
      pass.setError(pass.control.value ? null : 'Enter the password of this device.');
      if (!pass.control.value) {
        pass.control.focus();
        return;
      }
      app.session.activate();
      progress.textContent = translate('Unlocking… this takes a few seconds.');
      try {
        const wallet = await unlockWithPassword(pass.control.value);
        pass.control.value = '';
        await opened(wallet);
      } catch (err) {
        progress.textContent = '';
        if (err?.code === 'ERR_WRONG_PASSWORD') {
          pass.setError('Wrong password. Check it and try again.');
          pass.control.focus();
        } else app.fail(err, { action });
      }
    });
  });
  const passkey = button(
    'Unlock with the passkey',
    async (e) => {
      await busy(e.currentTarget, async () => {
        app.session.activate();
        try {
          await opened(await unlockWithPasskey());
        } catch (err) {
          progress.textContent = '';
          const why = passkeyProblem(err);
          if (why)
            notify({ kind: 'warning', key: 'passkey', title: 'The passkey did not unlock the wallet', message: why });
          else app.fail(err, { action });
        }
      });
    },
    { hidden: true, id: passkeyId },
  );
  if (deviceWallet()?.passkey)
    passkeysAvailable().then((ok) => {
      passkey.hidden = !ok;
    });
  return { form, passkey, progress };
}

export function deviceUnlockScreens(app) {
  /** After the wallet opened: connect it, bring back the drafts, return to where it was asked for. */
  async function opened(wallet) {
    await app.wallet.connectBuiltin(wallet);
    await keepDrafts(wallet);
    notify({
      kind: 'success',
      key: 'connected',
      title: 'Wallet unlocked',
      message: 'Its keys are in this page’s memory until you lock the page or close the tab.',
      timeoutMs: 8000,
    });
    app.router.go(afterUnlock());
  }

  return {
    '/wallet/unlock': {
      title: 'Unlock your wallet',
      render({ outlet }) {
        append(outlet, h('h1', null, 'Unlock your wallet'));
        if (!app.isolation.isolated) {
          append(outlet, sharedOriginNotice(app.isolation));
          return;
        }
        const d = deviceWallet();
        if (!d) {
          append(
            outlet,
            h('p', null, 'This device keeps no wallet.'),
            h('div', { class: 'actions' }, h('a', { class: 'button', href: '#/wallet' }, 'Open the built-in wallet')),
          );
          return;
        }
        if (getState().account) {
          append(
            outlet,
            h('p', null, 'A wallet is already connected.'),
            h('a', { href: '#/account' }, 'See your account'),
          );
          return;
        }
        const { form, passkey } = deviceUnlockForm(app, {
          id: 'unlock-form',
          passkeyId: 'unlock-passkey',
          action: 'unlocking the wallet',
          opened: async (wallet) => opened(wallet),
        });
        append(
          outlet,
          h(
            'p',
            { class: 'lead' },
            'This device keeps the built-in wallet of account',
            ' ',
            h('span', { class: 'mono', id: 'unlock-account', translate: 'no' }, d.address),
            ', encrypted. Unlock it to continue.',
          ),
          d.passkey ? h('div', { class: 'actions' }, passkey) : null,
          form,
          h('h2', null, 'Another way'),
          h(
            'ul',
            null,
            h(
              'li',
              null,
              button(
                'Use another wallet',
                () => {
                  useAnotherWallet();
                  app.router.go('/connect');
                },
                { variant: 'secondary', id: 'unlock-other-wallet' },
              ),
            ),
            h('li', null, h('a', { href: '#/wallet/restore' }, 'Restore from the recovery phrase')),
            h('li', null, h('a', { href: '#/device' }, 'Forget this device')),
          ),
        );
      },
    },
  };
}
