// "This device": personal-device mode on or off. On: the built-in wallet kept encrypted on this
// device (a password of its own, a passkey where the browser has the WebAuthn PRF extension), a
// second device added by QR code, records kept readable offline (off by default:
// records/offline.js), and "Forget this device". The storage and its keys are personal-device.js
// and records/offline.js; this file only draws.
import { h, append, replace, field, button, busy } from '../dom.js';
import { notify } from '../notices.js';
import { sameAddress } from '../format.js';
import { t, translate } from '../i18n.js';
import { sharedOriginNotice } from './shared-origin.js';
import { deviceWallet, keepOnDevice, addPasskey, passkeysAvailable, forgetDevice } from '../personal-device.js';
import { readKeeping, enableKeeping, disableKeeping, keptCount } from '../records/offline.js';

/** At least this many characters for the password of a device. */
const MIN_PASSWORD = 8;

/** What a failure to add a passkey means, for people. */
export function passkeyProblem(e) {
  if (e?.code === 'ERR_NO_PRF')
    return 'This passkey cannot unlock the wallet: the browser or the authenticator does not support the WebAuthn PRF extension. Unlock with the password instead.';
  if (e?.name === 'NotAllowedError' || e?.name === 'AbortError')
    return 'The passkey was not used: the request was cancelled or timed out.';
  if (e?.name === 'InvalidStateError') return 'This authenticator already holds a passkey for this page.';
  if (e?.name === 'SecurityError' || e?.name === 'NotSupportedError')
    return 'Passkeys are not available at this address.';
  return null;
}

/** Adds a passkey to the wallet kept here; says how it went. Resolves to true when added. */
async function passkeyStep(wallet) {
  try {
    await addPasskey(wallet);
    notify({
      kind: 'success',
      key: 'passkey',
      title: 'Passkey added',
      message: 'It unlocks the wallet on this device; the password still does too.',
      timeoutMs: 8000,
    });
    return true;
  } catch (e) {
    const why = passkeyProblem(e);
    if (!why) throw e;
    notify({ kind: 'warning', key: 'passkey', title: 'No passkey was added', message: why });
    return false;
  }
}

/**
 * The form that keeps an open built-in wallet on this device: a new password twice, and a passkey
 * where the browser may make one. `onKept(wallet)` runs once it is stored.
 * @param {any} app
 * @param {{ wallet: () => any, submitLabel: string, onKept: (wallet: any) => void | Promise<void> }} o
 */
export function keepWalletForm(app, { wallet, submitLabel, onKept }) {
  const pass = field({
    label: 'Password for this device',
    hint: t(
      'At least {n} characters. It unlocks the wallet on this device only; your recovery phrase stays the way back everywhere else.',
      { n: MIN_PASSWORD },
    ),
    control: h('input', { type: 'password', name: 'device-password', autocomplete: 'new-password' }),
  });
  const again = field({
    label: 'The same password again',
    control: h('input', { type: 'password', name: 'device-password-again', autocomplete: 'new-password' }),
  });
  const usePasskey = h('input', { type: 'checkbox', id: 'device-passkey', name: 'passkey' });
  const passkeyBox = h(
    'div',
    { class: 'field check', hidden: true },
    usePasskey,
    h('label', { for: 'device-passkey' }, 'Also unlock with a passkey (fingerprint, face or device PIN)'),
  );
  passkeysAvailable().then((ok) => {
    passkeyBox.hidden = !ok;
  });
  const progress = h('p', { class: 'muted', role: 'status' });
  const form = h(
    'form',
    { 'aria-label': 'Keep the wallet on this device', novalidate: true, id: 'device-keep' },
    pass.wrap,
    again.wrap,
    passkeyBox,
    progress,
    h('div', { class: 'actions' }, button(submitLabel, null, { type: 'submit' })),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    await busy(form.querySelector('button[type="submit"]'), async () => {
      const p = pass.control.value;
      pass.setError(
        p.length >= MIN_PASSWORD ? null : t('Choose a password of at least {n} characters.', { n: MIN_PASSWORD }),
      );
      again.setError(p.length < MIN_PASSWORD || again.control.value === p ? null : 'The two passwords differ.');
      if (p.length < MIN_PASSWORD || again.control.value !== p) {
        (p.length < MIN_PASSWORD ? pass : again).control.focus();
        return;
      }
      const w = wallet();
      if (!w) {
        notify({
          kind: 'warning',
          key: 'device',
          title: 'The wallet is no longer open',
          message: 'Open it again first.',
        });
        return;
      }
      progress.textContent = translate('Encrypting the wallet for this device… this takes a few seconds.');
      try {
        await keepOnDevice(app, w, p);
        pass.control.value = '';
        again.control.value = '';
        progress.textContent = '';
        if (usePasskey.checked && !passkeyBox.hidden) await passkeyStep(w);
        await onKept(w);
      } catch (err) {
        progress.textContent = '';
        app.fail(err, { action: 'keeping the wallet on this device' });
      }
    });
  });
  return form;
}

export function deviceSettingsScreens(app) {
  return {
    '/device': {
      title: 'This device',
      render({ outlet }) {
        append(outlet, h('h1', null, 'This device'));
        if (!app.isolation.isolated) {
          append(outlet, sharedOriginNotice(app.isolation));
          return;
        }
        const body = h('div');
        append(outlet, body);
        const draw = () => (deviceWallet() ? drawPersonal(body) : drawShared(body));
        const redraw = () => app.router.refresh();

        function drawShared(el) {
          const open = app.wallet.builtinWallet();
          replace(
            el,
            h(
              'p',
              { class: 'lead', id: 'device-mode' },
              'Shared terminal: this device keeps nothing. Every visit starts from your recovery phrase or keystore file.',
            ),
            h('h2', null, 'Make this my personal device'),
            h(
              'p',
              null,
              'Only on a phone or computer that nobody else uses. The built-in wallet is then kept on this device, encrypted under a password you choose here (and a passkey, where the browser supports it): a reload, a lock or a closed tab asks for that password, not for the 12 words. Drafts of forms are kept too, encrypted.',
            ),
            open
              ? keepWalletForm(app, {
                  wallet: () => app.wallet.builtinWallet(),
                  submitLabel: 'Keep the wallet on this device',
                  onKept: () => {
                    notify({
                      kind: 'success',
                      key: 'device',
                      title: 'This is now your personal device',
                      message: 'The wallet is kept here, encrypted. Lock the page when you leave it.',
                      timeoutMs: 8000,
                    });
                    redraw();
                  },
                })
              : h(
                  'p',
                  { class: 'panel' },
                  'Open the built-in wallet first (create, restore or open a keystore file), then come back here. An extension wallet keeps its own keys.',
                  ' ',
                  h('a', { href: '#/wallet' }, 'Open the built-in wallet'),
                ),
            open ? null : h('h2', null, 'Add this device to your chart'),
            open
              ? null
              : h(
                  'p',
                  null,
                  'Is your wallet already kept on another device of yours? Add this one by scanning QR codes between the two, without typing the recovery phrase.',
                  ' ',
                  h('a', { href: '#/device/join', id: 'device-join-link' }, 'Add this device to my chart'),
                ),
          );
        }

        function drawPersonal(el) {
          const d = deviceWallet();
          const open = app.wallet.builtinWallet();
          const mine = open && sameAddress(open.address, d.address);
          const passkeyButton = button(
            'Add a passkey',
            async (e) => {
              await busy(e.currentTarget, async () => {
                try {
                  if (await passkeyStep(app.wallet.builtinWallet())) redraw();
                } catch (err) {
                  app.fail(err, { action: 'adding a passkey' });
                }
              });
            },
            { variant: 'secondary', hidden: true },
          );
          if (mine && !d.passkey)
            passkeysAvailable().then((ok) => {
              passkeyButton.hidden = !ok;
            });
          const forgetBox = h('div');
          const askForget = () =>
            replace(
              forgetBox,
              h(
                'p',
                { class: 'notice notice-warning' },
                'Everything this page stored on this device will be deleted. Without your recovery phrase (or another device that keeps the wallet) the wallet cannot be opened again.',
              ),
              h(
                'div',
                { class: 'actions' },
                button(
                  'Yes, forget everything',
                  async (e) => {
                    await busy(e.currentTarget, async () => {
                      await forgetDevice(app);
                      notify({
                        kind: 'success',
                        key: 'device',
                        title: 'This device keeps nothing any more',
                        message: 'It is a shared terminal again. Lock the page to close the wallet that is still open.',
                        timeoutMs: 8000,
                      });
                      redraw();
                    });
                  },
                  { variant: 'danger' },
                ),
                button('Cancel', () => replace(forgetBox, forgetButton), { variant: 'secondary' }),
              ),
            );
          const forgetButton = button('Forget this device', askForget, { variant: 'danger' });
          // Records readable offline: off by default; off again deletes what was kept.
          const storedOffline = h(
            'li',
            { hidden: true },
            'Records you opened, as their encrypted copies from IPFS, listed under a key derived from the wallet (the setting below).',
          );
          const offlineBox = h('input', {
            type: 'checkbox',
            id: 'offline-keep',
            name: 'offline',
            disabled: true,
            'aria-describedby': 'offline-hint',
          });
          const offlineStatus = h('p', { class: 'muted', role: 'status', id: 'offline-status' });
          const countLine = async () => {
            const n = await keptCount();
            offlineStatus.textContent =
              n === 1
                ? translate('1 record is kept on this device.')
                : t('{count} records are kept on this device.', { count: n });
          };
          readKeeping()
            .then(async (on) => {
              offlineBox.checked = on;
              storedOffline.hidden = !on;
              // The count first: the setting is usable once what it keeps is said.
              if (on) await countLine();
              offlineBox.disabled = false;
            })
            .catch(() => {
              offlineStatus.textContent = translate('This browser does not let the page store records here.');
            });
          offlineBox.addEventListener('change', async () => {
            const on = offlineBox.checked;
            offlineBox.disabled = true;
            try {
              if (on) {
                await enableKeeping();
                offlineStatus.textContent = translate(
                  'On: each record you open from now on is kept on this device, encrypted.',
                );
              } else {
                await disableKeeping();
                offlineStatus.textContent = translate('Off: the records kept on this device were deleted.');
              }
              storedOffline.hidden = !on;
            } catch (err) {
              offlineBox.checked = !on;
              app.fail(err, { action: 'changing what this device keeps' });
            } finally {
              offlineBox.disabled = false;
            }
          });
          replace(
            el,
            h(
              'p',
              { class: 'lead', id: 'device-mode' },
              'Personal device: this device keeps the built-in wallet of account',
              ' ',
              h('span', { class: 'mono', translate: 'no' }, d.address),
              ', encrypted.',
            ),
            h('h2', { id: 'device-stored-heading' }, 'What is stored here'),
            h(
              'ul',
              { id: 'device-stored', 'aria-labelledby': 'device-stored-heading' },
              h('li', null, 'The wallet’s keystore, encrypted under the password of this device (scrypt).'),
              d.passkey
                ? h(
                    'li',
                    null,
                    'A second copy, encrypted under a key only your passkey can compute (WebAuthn PRF): the passkey unlocks the wallet.',
                  )
                : null,
              h('li', null, 'Drafts of forms, encrypted under a key derived from the wallet.'),
              storedOffline,
            ),
            h(
              'p',
              null,
              d.passkey
                ? 'Locking wipes every key from memory as before; unlocking asks for the password or the passkey.'
                : 'Locking wipes every key from memory as before; unlocking asks for the password.',
            ),
            mine
              ? h(
                  'div',
                  { class: 'actions' },
                  passkeyButton,
                  h(
                    'a',
                    { class: 'button button-secondary', href: '#/device/add', id: 'device-add-link' },
                    'Add another device',
                  ),
                )
              : h(
                  'p',
                  null,
                  'Unlock the wallet to add a passkey or another device.',
                  ' ',
                  h('a', { href: '#/wallet/unlock' }, 'Unlock the wallet'),
                ),
            h('h2', { id: 'offline-heading' }, 'Reading without a network'),
            h(
              'div',
              { class: 'field check' },
              offlineBox,
              h('label', { for: 'offline-keep' }, 'Keep records I open readable offline on this device'),
              h(
                'p',
                { class: 'hint', id: 'offline-hint' },
                'Off by default. From then on, each record you open is kept here as the encrypted copy fetched from IPFS, its place in the list encrypted under a key derived from your wallet; nothing decrypted is stored. Without a network, unlocking the wallet here shows those records (nothing can be added or shared). Anyone who has this device and its password can read them too. Turning this off deletes them.',
              ),
            ),
            offlineStatus,
            h('h2', null, 'Forget this device'),
            h(
              'p',
              null,
              'Deletes the wallet, drafts and everything else this page stored here, and makes this a shared terminal again.',
            ),
            forgetBox,
          );
          replace(forgetBox, forgetButton);
        }

        draw();
      },
    },
  };
}
