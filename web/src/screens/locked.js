// The lock screen, and the screen for an unknown address.
import { h, button, append } from '../dom.js';
import { deviceWallet } from '../personal-device.js';

const REASONS = {
  button: 'You locked the page.',
  idle: 'The page locked itself after a period without activity.',
  hidden: 'The page locked itself because its tab was hidden (shared-terminal mode).',
};

export function lockedScreen(app) {
  return {
    title: 'Locked',
    render({ outlet }) {
      append(
        outlet,
        h('h1', null, 'The page is locked'),
        h('p', { class: 'lead', id: 'lock-reason' }, REASONS[app.lockReason] ?? 'The page is locked.'),
        h(
          'p',
          null,
          'Keys were wiped from memory, and decrypted records, what you typed and the connected account were removed from the page.',
        ),
        h('p', null, 'A wallet extension keeps its own state: on a shared computer, lock it too from its own menu.'),
        deviceWallet()
          ? h(
              'p',
              null,
              'This is a personal device: it keeps your built-in wallet, encrypted. Unlock it with its password or passkey.',
            )
          : null,
        h(
          'div',
          { class: 'actions' },
          deviceWallet()
            ? button('Unlock', () => {
                app.session.reset();
                app.router.go('/wallet/unlock');
              })
            : null,
          button(
            'Start again',
            () => {
              app.session.reset();
              app.router.go('/');
            },
            deviceWallet() ? { variant: 'secondary' } : {},
          ),
        ),
      );
    },
  };
}

export function notFoundScreen() {
  return {
    title: 'Not found',
    render({ outlet }) {
      append(
        outlet,
        h('h1', null, 'There is no such screen'),
        h('p', null, 'The address may be mistyped or from a newer version of this page.'),
        h('div', { class: 'actions' }, h('a', { class: 'button', href: '#/' }, 'Go to the home screen')),
      );
    },
  };
}
