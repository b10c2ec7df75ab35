// A second device by QR code: "Add another device" on the device that keeps the wallet (the first
// device) and "Add this device to my chart" on the new one. Three codes go between them (the
// protocol: device-link.js); both screens show the same six digits, and the person confirms on
// each before the wallet moves. The new device then keeps the wallet under its own password (or
// passkey) and opens the chart, without the recovery phrase.
import { h, append, replace, field, button, busy } from '../dom.js';
import { notify } from '../notices.js';
import { sameAddress } from '../format.js';
import { t, translate } from '../i18n.js';
import { releaseKey } from '../key-registry.js';
import { sharedOriginNotice } from './shared-origin.js';
import { codePanel } from '../chain/relay.js';
import { scanInto } from './recovery-parts.js';
import { keepWalletForm } from './device-settings.js';
import { deviceWallet } from '../personal-device.js';
import {
  LINK,
  linkKey,
  linkCode,
  readLinkCode,
  confirmationCode,
  sealWallet,
  openSealedWallet,
} from '../device-link.js';

/** What a bad code means, for people (null: not a code problem). */
function codeProblem(e) {
  if (e?.code === 'ERR_BAD_LINK_CODE') {
    // device-link.js says why in English; each reason is a message of the catalogue.
    const why = Array.isArray(e.kinds)
      ? t('this is {found}, not {expected}', { found: translate(e.kinds[0]), expected: translate(e.kinds[1]) })
      : translate(e.message);
    return t('This code cannot be read: {why}. Scan it again, or copy all of it.', { why });
  }
  if (e?.code === 'ERR_LINK_NOT_FOR_THIS_DEVICE')
    return 'This wallet code was made for another device (or is damaged). Start again on both devices.';
  if (e?.code === 'ERR_LINK_OTHER_DEVICE')
    return 'This wallet code comes from another device than the one whose digits you compared. Start again on both devices.';
  return null;
}

/**
 * A form that reads one code, typed, pasted or scanned (its camera button where the browser can
 * scan). `onCode(text)` runs on submit; a code it cannot use is said under the field, any other
 * failure goes to `app.fail` as `action`.
 */
function codeForm(app, { id, heading, intro, label, hint, name, what, submit, action, onCode, hidden = false }) {
  const f = field({
    label,
    hint,
    control: h('textarea', { name, rows: 3, spellcheck: 'false', autocomplete: 'off', class: 'mono' }),
  });
  const camera = h('div');
  const form = h(
    'form',
    { 'aria-labelledby': `${id}-heading`, novalidate: true, id, hidden },
    h('h2', { id: `${id}-heading`, tabIndex: -1 }, heading),
    intro ?? null,
    f.wrap,
    camera,
    scanInto(f.control, camera, { what }),
    h('div', { class: 'actions' }, button(submit, null, { type: 'submit' })),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    await busy(form.querySelector('button[type="submit"]'), async () => {
      try {
        await onCode(f.control.value);
        f.setError(null);
        f.control.value = '';
      } catch (err) {
        const why = codeProblem(err);
        if (!why) return app.fail(err, { action });
        f.setError(why);
        f.control.focus();
      }
      return undefined;
    });
  });
  return form;
}

/** The six digits, in bold (the element `id` holds them alone). */
const digits = (id, code) => h('p', { class: 'lead' }, h('strong', { id, translate: 'no' }, code));

export function devicePairScreens(app) {
  const isolated = () => app.isolation.isolated;

  return {
    // ---- the first device: the wallet is open here --------------------------------------------------
    '/device/add': {
      title: 'Add another device',
      render({ outlet }) {
        append(outlet, h('h1', null, 'Add another device'));
        if (!isolated()) {
          append(outlet, sharedOriginNotice(app.isolation));
          return undefined;
        }
        const d = deviceWallet();
        const open = app.wallet.builtinWallet();
        if (!d || !open || !sameAddress(open.address, d.address)) {
          append(
            outlet,
            h(
              'p',
              null,
              'This works from a personal device whose wallet is unlocked: turn personal-device mode on for the built-in wallet, or unlock it, then come back.',
              ' ',
              h('a', { href: '#/device' }, 'This device'),
            ),
          );
          return undefined;
        }
        const body = h('div');
        append(outlet, body);
        let firstKey = null;
        const drop = () => {
          if (firstKey) releaseKey(firstKey);
          firstKey = null;
        };

        const stepRead = () => {
          drop();
          const form = codeForm(app, {
            id: 'link-read',
            heading: '1. Read the new device’s code',
            label: 'The new device’s code',
            hint: 'On the new device, open this page and choose Settings > This device > Add this device to my chart. It shows a QR code and its text.',
            name: 'new-device-code',
            what: 'new device’s QR code',
            submit: 'Continue',
            action: 'adding a device',
            onCode: async (text) => {
              const newKey = readLinkCode(LINK.NEW, text);
              firstKey = await linkKey();
              await stepCompare(newKey);
            },
          });
          replace(
            body,
            h(
              'p',
              null,
              'The new device gets this wallet, sealed to it alone. Do this only with a device of your own, in front of you.',
            ),
            form,
          );
        };

        const stepCompare = async (newKey) => {
          const panel = await codePanel({
            id: 'link-reply',
            heading: '2. Show this code to the new device',
            text: linkCode(LINK.REPLY, firstKey.publicKey),
            textId: 'link-reply-text',
            label: 'Code for the new device',
            qrLabel: translate('QR code of the code for the new device below'),
            qrSize: 300,
            intro: h('p', null, 'Scan it with the new device (or type its text there).'),
          });
          const code = await confirmationCode(newKey, firstKey.publicKey);
          replace(
            body,
            panel,
            h(
              'section',
              { class: 'panel', 'aria-labelledby': 'link-compare-heading' },
              h('h2', { id: 'link-compare-heading', tabIndex: -1 }, '3. Compare the digits'),
              h('p', null, 'The new device then shows six digits. They must be these:'),
              digits('link-code', code),
              h(
                'div',
                { class: 'actions' },
                button('The same digits show on the new device', async (e) => {
                  await busy(e.currentTarget, async () => {
                    try {
                      await stepSend(newKey, code);
                    } catch (err) {
                      app.fail(err, { action: 'sealing the wallet to the new device' });
                    }
                  });
                }),
                button(
                  'Other digits: stop',
                  () => {
                    notify({
                      kind: 'warning',
                      key: 'link',
                      title: 'Nothing was sent',
                      message:
                        'The digits differ: the code read was not the new device’s. Start again, scanning the new device’s screen directly.',
                    });
                    stepRead();
                  },
                  { variant: 'secondary' },
                ),
              ),
            ),
          );
          body.querySelector('#link-reply-heading')?.focus();
        };

        const stepSend = async (newKey, code) => {
          const wallet = app.wallet.builtinWallet();
          if (!wallet) throw Object.assign(new Error('the wallet is no longer open'), { code: 'ERR_LOCKED' });
          const text = await sealWallet(wallet, newKey, firstKey.publicKey);
          const panel = await codePanel({
            id: 'link-wallet',
            heading: '4. Show the wallet code to the new device',
            text,
            textId: 'link-wallet-text',
            label: 'Wallet code',
            qrLabel: translate('QR code of the wallet code below'),
            qrSize: 300,
            intro: h(
              'p',
              null,
              'It holds your wallet, sealed to the new device (digits',
              ' ',
              h('span', { translate: 'no' }, code),
              '): only that device can open it. The new device then asks for a password of its own.',
            ),
          });
          drop();
          replace(
            body,
            panel,
            h(
              'div',
              { class: 'actions' },
              button('Done', () => {
                replace(
                  body,
                  h('p', { role: 'status' }, 'Done: the new device keeps the wallet once it has read the code.'),
                );
              }),
            ),
          );
          body.querySelector('#link-wallet-heading')?.focus();
        };

        stepRead();
        return drop;
      },
    },

    // ---- the new device ------------------------------------------------------------------------------
    '/device/join': {
      title: 'Add this device to your chart',
      render({ outlet }) {
        append(outlet, h('h1', null, 'Add this device to your chart'));
        if (!isolated()) {
          append(outlet, sharedOriginNotice(app.isolation));
          return undefined;
        }
        if (deviceWallet()) {
          append(
            outlet,
            h(
              'p',
              null,
              'This device already keeps a wallet. To add it to another chart, forget this device first.',
              ' ',
              h('a', { href: '#/device' }, 'This device'),
            ),
          );
          return undefined;
        }
        const body = h('div');
        append(outlet, body);
        let newKey = null;
        let opened = null;
        let keeping = false;
        const drop = () => {
          if (newKey) releaseKey(newKey);
          newKey = null;
          // A wallet opened and left before it was kept: wiped now (once being kept, the keep
          // finishes; the lock wipes it in any case).
          if (opened && !keeping) releaseKey(opened);
          opened = null;
        };

        const stepShow = async () => {
          drop();
          newKey = await linkKey();
          app.session.activate();
          const panel = await codePanel({
            id: 'link-new',
            heading: '1. Show this code to your other device',
            text: linkCode(LINK.NEW, newKey.publicKey),
            textId: 'link-new-text',
            label: 'Code of this device',
            qrLabel: translate('QR code of this device’s code below'),
            qrSize: 300,
            intro: h(
              'p',
              null,
              'On the device that keeps your wallet, unlock it and choose Settings > This device > Add another device, then scan this QR code (or type its text).',
            ),
          });
          const form = codeForm(app, {
            id: 'link-reply-form',
            heading: '2. Read your other device’s code',
            label: 'The code your other device shows',
            hint: 'It appears there once it has read this device’s code.',
            name: 'reply-code',
            what: 'other device’s QR code',
            submit: 'Continue',
            action: 'adding this device',
            onCode: (text) => stepCompare(readLinkCode(LINK.REPLY, text)),
          });
          replace(body, panel, form);
        };

        const stepCompare = async (firstKey) => {
          const code = await confirmationCode(newKey.publicKey, firstKey);
          const form = codeForm(app, {
            id: 'link-open',
            heading: '4. Read the wallet code',
            intro: h('p', null, 'Your other device shows it once you confirmed the digits there too.'),
            label: 'The wallet code your other device shows',
            name: 'wallet-code',
            what: 'wallet QR code',
            submit: 'Open the wallet',
            action: 'opening the wallet code',
            hidden: true,
            onCode: async (text) => {
              opened = await openSealedWallet(text, newKey, firstKey);
              releaseKey(newKey);
              newKey = null;
              stepKeep();
            },
          });
          const confirm = h(
            'section',
            { class: 'panel', 'aria-labelledby': 'link-compare-heading', id: 'link-compare' },
            h('h2', { id: 'link-compare-heading', tabIndex: -1 }, '3. Compare the digits'),
            h('p', null, 'Your other device shows six digits. Check they are these:'),
            digits('link-code', code),
            h(
              'div',
              { class: 'actions' },
              button('The digits match', (e) => {
                e.currentTarget
                  .closest('.actions')
                  .replaceChildren(h('p', { role: 'status' }, 'Confirmed on this device.'));
                form.hidden = false;
                form.querySelector('h2').focus();
              }),
              button('They differ: start over', () => stepShow().catch((err) => app.fail(err)), {
                variant: 'secondary',
              }),
            ),
          );
          replace(body, confirm, form);
          confirm.querySelector('h2').focus();
        };

        const stepKeep = () => {
          replace(
            body,
            h('h2', { id: 'link-kept-heading', tabIndex: -1 }, '5. Keep the wallet on this device'),
            h(
              'p',
              { class: 'lead' },
              'The wallet of account',
              ' ',
              h('span', { class: 'mono', id: 'link-account', translate: 'no' }, opened.address),
              ' ',
              'is open on this device. Is this your account? Choose how this device unlocks it from now on.',
            ),
            keepWalletForm(app, {
              wallet: () => {
                keeping = true;
                return opened;
              },
              submitLabel: 'Keep the wallet and open my chart',
              onKept: async (wallet) => {
                opened = null;
                keeping = false;
                await app.wallet.connectBuiltin(wallet);
                notify({
                  kind: 'success',
                  key: 'device',
                  title: 'This device is added',
                  message: 'It keeps your wallet, encrypted, and unlocks it with the password you chose.',
                  timeoutMs: 8000,
                });
                if (app.router.current === '/device/join') app.router.go('/chart');
              },
            }),
          );
          body.querySelector('h2').focus();
        };

        stepShow().catch((err) => app.fail(err, { action: 'preparing this device' }));
        return drop;
      },
    },
  };
}
