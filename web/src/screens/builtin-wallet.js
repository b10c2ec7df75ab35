// The built-in wallet: create (a recovery phrase shown once, then confirmed), restore from a
// recovery phrase, or open a keystore file with its password. Keys live in WebAssembly memory
// behind handles registered with the key registry, so lock wipes them.
//
// The flows need the module's wallet functions (wallet/builtin.js). When the module in this build
// lacks them, the screen says so and offers no form that could not work.
import { h, append, replace, field, button, busy } from '../dom.js';
import { notify } from '../notices.js';
import { t, translate } from '../i18n.js';
import { sharedOriginNotice } from './shared-origin.js';
import { deviceWallet } from '../personal-device.js';
import {
  builtinAvailable,
  createPhrase,
  checkPhrase,
  openFromPhrase,
  openFromKeystore,
  devAccounts,
  DEV_PHRASE,
} from '../wallet/builtin.js';

/** Three distinct positions in 0..n-1, in order, from the CSPRNG. */
export function pickPositions(n, count = 3) {
  const picked = new Set();
  const r = new Uint32Array(1);
  while (picked.size < Math.min(count, n)) {
    crypto.getRandomValues(r);
    picked.add(r[0] % n);
  }
  return [...picked].sort((a, b) => a - b);
}

const normalise = (s) => s.normalize('NFKD').trim().toLowerCase();

export function builtinWalletScreens(app) {
  // On a shared address (origin.js) no form is drawn: a phrase or password typed here could be
  // read by another site on the same origin.
  const isolated = () => app.isolation.isolated;
  const available = () => isolated() && app.config.features?.builtinWallet === true && builtinAvailable();

  // The create flow's phrase, between "show" and "confirmed". Dropped on confirmation, when the
  // flow is left and on lock: it is shown once.
  let pending = null;
  const dropPending = () => {
    pending?.dispose();
    pending = null;
  };
  app.session.onLock(dropPending);

  const unavailable = () =>
    h(
      'div',
      { class: 'notice notice-warning', id: 'builtin-unavailable' },
      h('p', { class: 'notice-title' }, 'Not available in this build'),
      h(
        'p',
        null,
        'This build of the page does not include the wallet functions of the WebAssembly module yet, so it cannot create or open a built-in wallet.',
      ),
      h(
        'p',
        null,
        'Meanwhile, connect a wallet extension such as MetaMask.',
        ' ',
        h('a', { href: '#/connect' }, 'Connect a wallet'),
      ),
    );

  /** After a wallet opened: connect it like any wallet, then show the account. */
  async function connectWallet(wallet, how) {
    await app.wallet.connectBuiltin(wallet, how);
    notify({
      kind: 'success',
      key: 'connected',
      title: 'Built-in wallet open',
      message: 'Its keys are in this page’s memory until you lock the page or close the tab.',
      timeoutMs: 8000,
    });
    app.router.go('/account');
  }

  // Development builds on the local chain: the public test accounts, one click each.
  const devSection = () => {
    const list = devAccounts();
    if (list.length === 0 || !isolated()) return null;
    return h(
      'section',
      { 'aria-labelledby': 'dev-heading', class: 'notice notice-warning' },
      h('h2', { id: 'dev-heading' }, 'Development accounts'),
      h(
        'p',
        null,
        'Development only: these accounts come from a recovery phrase that is public. Never use them for real health data.',
      ),
      h(
        'ul',
        { class: 'wallet-list' },
        list.map((a) =>
          h(
            'li',
            null,
            button(
              // A label from the configuration is the deployment's own text (a name, a role).
              a.configured ? h('span', { translate: 'no' }, a.label) : a.label,
              async (e) => {
                await busy(e.currentTarget, async () => {
                  try {
                    app.session.activate();
                    await connectWallet(await openFromPhrase(DEV_PHRASE, '', a.index), 'development');
                  } catch (err) {
                    app.fail(err, { action: 'opening the development account' });
                  }
                });
              },
              {
                variant: 'secondary',
                class: 'button button-secondary wallet-button',
                dataset: { devAccount: String(a.index) },
              },
            ),
          ),
        ),
      ),
    );
  };

  const intro = (outlet, title) =>
    append(
      outlet,
      h('h1', null, title),
      !isolated() ? sharedOriginNotice(app.isolation) : available() ? null : unavailable(),
    );

  return {
    '/wallet': {
      title: 'Built-in wallet',
      render({ outlet }) {
        intro(outlet, 'Built-in wallet');
        append(
          outlet,
          h(
            'p',
            null,
            'For shared terminals and people without a wallet extension. Its keys live only in this page’s memory: they are wiped when the page locks or closes, and nothing is stored on this computer unless you make it your personal device (Settings > This device). Keep your recovery phrase or keystore file safe: it is the only way back into the wallet.',
          ),
          available()
            ? h(
                'ul',
                { class: 'wallet-list' },
                deviceWallet()
                  ? h(
                      'li',
                      null,
                      h(
                        'a',
                        { class: 'button wallet-button', href: '#/wallet/unlock' },
                        'Unlock the wallet this device keeps',
                      ),
                    )
                  : null,
                h(
                  'li',
                  null,
                  h('a', { class: 'button wallet-button', href: '#/wallet/create' }, 'Create a new wallet'),
                ),
                h(
                  'li',
                  null,
                  h('a', { class: 'button wallet-button', href: '#/wallet/restore' }, 'Restore from a recovery phrase'),
                ),
                h(
                  'li',
                  null,
                  h('a', { class: 'button wallet-button', href: '#/wallet/keystore' }, 'Open a keystore file'),
                ),
                deviceWallet()
                  ? null
                  : h(
                      'li',
                      null,
                      h(
                        'a',
                        { class: 'button button-secondary wallet-button', href: '#/device/join' },
                        'Add this device to my chart (from my other device)',
                      ),
                    ),
              )
            : null,
          devSection(),
        );
      },
    },

    '/wallet/create': {
      title: 'Create a wallet',
      render({ outlet }) {
        intro(outlet, 'Create a wallet');
        if (!available()) return undefined;
        const body = h('div');
        append(outlet, body);

        const stepStart = () =>
          replace(
            body,
            h(
              'p',
              null,
              'The page will show a recovery phrase of 12 words. It is the only way to restore this wallet, and it is shown once.',
            ),
            h(
              'ul',
              null,
              h('li', null, 'Make sure nobody can see your screen.'),
              h('li', null, 'Write the words on paper, in order. Do not take a photo or copy them into another app.'),
              h('li', null, 'Anyone with these words controls the wallet: never type them into another website.'),
            ),
            h(
              'div',
              { class: 'actions' },
              button('Show my recovery phrase', async (e) => {
                await busy(e.currentTarget, async () => {
                  try {
                    dropPending();
                    pending = await createPhrase();
                    app.session.activate();
                    stepShow();
                  } catch (err) {
                    app.fail(err, { action: 'creating the recovery phrase' });
                  }
                });
              }),
            ),
          );

        const stepShow = () => {
          const words = pending.words();
          const check = h('input', { type: 'checkbox', id: 'written-down' });
          const next = button('Continue', () => stepConfirm(), { disabled: true });
          check.addEventListener('change', () => {
            next.disabled = !check.checked;
          });
          replace(
            body,
            h('h2', { id: 'phrase-heading' }, 'Your recovery phrase'),
            // The words are not language: no catalogue lookup, no browser translation.
            h(
              'ol',
              { class: 'words', id: 'mnemonic-words', 'aria-labelledby': 'phrase-heading', translate: 'no' },
              words.map((w) => h('li', null, document.createTextNode(w))),
            ),
            h(
              'div',
              { class: 'field check' },
              check,
              h(
                'label',
                { for: 'written-down' },
                t('I have written down all {count} words, in order', { count: words.length }),
              ),
            ),
            h(
              'div',
              { class: 'actions' },
              next,
              button(
                'Start over with new words',
                () => {
                  dropPending();
                  stepStart();
                },
                { variant: 'secondary' },
              ),
            ),
          );
          body.querySelector('h2').tabIndex = -1;
          body.querySelector('h2').focus();
        };

        const stepConfirm = () => {
          const n = pending.words().length;
          const positions = pickPositions(n);
          const fields = positions.map((p) =>
            field({
              label: t('Word {n}', { n: p + 1 }),
              control: h('input', {
                type: 'text',
                name: `word-${p + 1}`,
                autocomplete: 'off',
                spellcheck: 'false',
                autocapitalize: 'none',
                dataset: { secret: '' },
              }),
            }),
          );
          const form = h(
            'form',
            { 'aria-labelledby': 'confirm-heading', novalidate: true },
            h('h2', { id: 'confirm-heading', tabIndex: -1 }, 'Confirm your recovery phrase'),
            h(
              'p',
              null,
              'To make sure the words are written down correctly, type the words at these positions. The phrase is no longer on screen.',
            ),
            fields.map((f) => f.wrap),
            h('div', { class: 'actions' }, button('Confirm and open the wallet', null, { type: 'submit' })),
          );
          form.addEventListener('submit', async (e) => {
            e.preventDefault();
            const submit = form.querySelector('button[type="submit"]');
            await busy(submit, async () => {
              const words = pending.words();
              let firstBad = null;
              positions.forEach((p, i) => {
                const ok = normalise(fields[i].control.value) === words[p];
                fields[i].setError(ok ? null : t('This is not word {n} of your phrase.', { n: p + 1 }));
                if (!ok && !firstBad) firstBad = fields[i].control;
              });
              if (firstBad) {
                firstBad.focus();
                return;
              }
              try {
                const wallet = await openFromPhrase(pending, '');
                dropPending();
                await connectWallet(wallet, 'created');
              } catch (err) {
                app.fail(err, { action: 'opening the wallet' });
              }
            });
          });
          replace(
            body,
            form,
            h(
              'p',
              null,
              'Lost the words?',
              ' ',
              button(
                'Start over with new words',
                () => {
                  dropPending();
                  stepStart();
                },
                { variant: 'secondary' },
              ),
            ),
          );
          form.querySelector('h2').focus();
        };

        stepStart();
        return dropPending;
      },
    },

    '/wallet/restore': {
      title: 'Restore a wallet',
      render({ outlet }) {
        intro(outlet, 'Restore a wallet');
        if (!available()) return undefined;
        const phrase = field({
          label: 'Recovery phrase',
          hint: '12 or 24 words, separated by spaces.',
          control: h('textarea', {
            name: 'phrase',
            rows: 3,
            autocomplete: 'off',
            spellcheck: 'false',
            autocapitalize: 'none',
            dataset: { secret: '' },
          }),
        });
        const pass = field({
          label: 'Passphrase (only if you set one)',
          hint: 'Leave empty unless the wallet was made with an extra passphrase.',
          control: h('input', { type: 'password', name: 'passphrase', autocomplete: 'off' }),
        });
        const form = h(
          'form',
          { 'aria-label': 'Restore from a recovery phrase', novalidate: true },
          phrase.wrap,
          pass.wrap,
          h('div', { class: 'actions' }, button('Open the wallet', null, { type: 'submit' })),
        );
        phrase.control.addEventListener('input', () => app.session.activate(), { once: true });
        form.addEventListener('submit', async (e) => {
          e.preventDefault();
          await busy(form.querySelector('button[type="submit"]'), async () => {
            const problem = await checkPhrase(phrase.control.value);
            phrase.setError(problem);
            if (problem) {
              phrase.control.focus();
              return;
            }
            try {
              const wallet = await openFromPhrase(phrase.control.value, pass.control.value);
              phrase.control.value = '';
              pass.control.value = '';
              await connectWallet(wallet, 'restored');
            } catch (err) {
              app.fail(err, { action: 'opening the wallet' });
            }
          });
        });
        append(
          outlet,
          h(
            'p',
            null,
            'Type the recovery phrase of an existing wallet. It stays in this page and is never sent anywhere.',
          ),
          form,
        );
        return undefined;
      },
    },

    '/wallet/keystore': {
      title: 'Open a keystore file',
      render({ outlet }) {
        intro(outlet, 'Open a keystore file');
        if (!available()) return undefined;
        const file = field({
          label: 'Keystore file',
          hint: 'A JSON file (Web3 Secret Storage, version 3), as exported by MetaMask, geth and others.',
          control: h('input', { type: 'file', name: 'keystore', accept: '.json,application/json' }),
        });
        const pass = field({
          label: 'Password',
          control: h('input', { type: 'password', name: 'password', autocomplete: 'current-password' }),
        });
        const progress = h('p', { role: 'status', class: 'muted' });
        const form = h(
          'form',
          { 'aria-label': 'Open a keystore file', novalidate: true },
          file.wrap,
          pass.wrap,
          progress,
          h('div', { class: 'actions' }, button('Unlock', null, { type: 'submit' })),
        );
        form.addEventListener('submit', async (e) => {
          e.preventDefault();
          await busy(form.querySelector('button[type="submit"]'), async () => {
            const f = file.control.files?.[0];
            file.setError(f ? null : 'Choose the keystore file.');
            pass.setError(pass.control.value ? null : 'Enter the keystore’s password.');
            if (!f || !pass.control.value) {
              (f ? pass.control : file.control).focus();
              return;
            }
            if (f.size > 64 * 1024) {
              file.setError('This file is too large to be a keystore.');
              file.control.focus();
              return;
            }
            app.session.activate();
            progress.textContent = translate('Unlocking… this takes a few seconds.');
            try {
              const wallet = await openFromKeystore(await f.text(), pass.control.value);
              pass.control.value = '';
              progress.textContent = '';
              await connectWallet(wallet, 'keystore');
            } catch (err) {
              progress.textContent = '';
              if (err?.code === 'ERR_WRONG_PASSWORD') {
                pass.setError('Wrong password for this keystore. Check it and try again.');
                pass.control.focus();
              } else if (
                ['ERR_BAD_KEYSTORE', 'ERR_BAD_JSON', 'ERR_BAD_KDF_PARAMS', 'ERR_UNSUPPORTED'].includes(err?.code)
              ) {
                file.setError('This file is not a keystore this page can read (Web3 Secret Storage, version 3).');
                file.control.focus();
              } else {
                app.fail(err, { action: 'unlocking the keystore' });
              }
            }
          });
        });
        append(outlet, form);
        return undefined;
      },
    },
  };
}
