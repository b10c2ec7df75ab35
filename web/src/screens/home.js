// Home: what the page is and where to start.
import { h, append } from '../dom.js';
import { t } from '../i18n.js';
import { getState } from '../state.js';
import { networkName, shortAddress } from '../format.js';
import { sharedOriginNotice } from './shared-origin.js';

const link = (href, label, variant) => h('a', { href, class: ['button', variant && `button-${variant}`] }, label);

export function homeScreen(app) {
  return {
    title: 'Home',
    render({ outlet }) {
      const s = getState();
      const minutes = Math.round(app.session.settings.idleSeconds / 60);
      append(
        outlet,
        h('h1', null, 'Your health record, under your control'),
        h(
          'p',
          { class: 'lead' },
          'You keep your medical records. Doctors, hospitals and labs see them only while you allow it. Records are encrypted in this page before they leave your device; the network stores only ciphertext and the list of who may read what.',
        ),
        !app.isolation.isolated
          ? sharedOriginNotice(app.isolation)
          : s.account
            ? h(
                'div',
                { class: 'panel' },
                h(
                  'p',
                  null,
                  'Connected as ',
                  h('code', { translate: 'no' }, shortAddress(s.account)),
                  ' ',
                  t('on {network}.', { network: networkName(app.config, s.chainId) }),
                ),
                h('div', { class: 'actions' }, link('#/account', 'Open your account')),
              )
            : h(
                'div',
                { class: 'actions' },
                link('#/connect', 'Connect a wallet'),
                link('#/wallet', 'Use the built-in wallet', 'secondary'),
              ),
        h('h2', null, 'On a shared computer?'),
        app.session.settings.sharedTerminal
          ? h(
              'p',
              null,
              minutes === 1
                ? 'Shared-terminal mode is on: the page keeps nothing of yours on this computer, locks after a minute without activity and as soon as you switch to another tab or window. Use “Lock now” at the top when you step away.'
                : t(
                    'Shared-terminal mode is on: the page keeps nothing of yours on this computer, locks after {minutes} minutes without activity and as soon as you switch to another tab or window. Use “Lock now” at the top when you step away.',
                    { minutes },
                  ),
            )
          : h(
              'p',
              null,
              minutes === 1
                ? 'Shared-terminal mode is off: the page still keeps nothing on this computer and locks after a minute without activity. Turn it on in Settings when others use this computer.'
                : t(
                    'Shared-terminal mode is off: the page still keeps nothing on this computer and locks after {minutes} minutes without activity. Turn it on in Settings when others use this computer.',
                    { minutes },
                  ),
            ),
      );
    },
  };
}
