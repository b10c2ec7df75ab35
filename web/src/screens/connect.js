// Connect: the wallets this browser announced through EIP-6963, and the built-in wallet.
import { t, translate } from '../i18n.js';
import { h, busy, append, replace } from '../dom.js';
import { getState } from '../state.js';
import { notify } from '../notices.js';
import { networkName } from '../format.js';
import { sharedOriginNotice } from './shared-origin.js';

/** How long to wait for wallets to announce themselves before saying none was found. */
const DISCOVERY_MS = 800;

export function connectScreen(app) {
  async function connect(entry, btn) {
    await busy(btn, async () => {
      try {
        const s = await app.wallet.connectInjected(entry);
        notify({
          kind: 'success',
          key: 'connected',
          title: t('Connected to {wallet}', { wallet: translate(entry.info.name) }),
          message: t('Account on {network}.', { network: networkName(app.config, s.chainId) }),
          timeoutMs: 8000,
        });
        app.router.go('/account');
        import('./recovery-parts.js').then((m) => m.noticePendingRecovery(app, s.account)).catch(() => {});
      } catch (e) {
        app.fail(e, { action: 'connecting the wallet', retry: () => connectAgain(entry), key: 'connect' });
      }
    });
  }
  // "Try again" from a notice: the screen may have been re-rendered, so find the button anew.
  const connectAgain = (entry) => {
    const btn = document.querySelector(`button[data-wallet="${CSS.escape(entry.info.uuid)}"]`);
    return connect(entry, btn ?? document.createElement('button'));
  };

  return {
    title: 'Connect a wallet',
    render({ outlet }) {
      // On a shared address no wallet is looked for or offered: the notice says where to go.
      if (!app.isolation.isolated) {
        append(outlet, h('h1', null, 'Connect a wallet'), sharedOriginNotice(app.isolation));
        return undefined;
      }
      const s = getState();
      const list = h('ul', { class: 'wallet-list', 'aria-labelledby': 'found-heading' });
      const found = h('p', { class: 'muted', role: 'status' }, 'Looking for wallets in this browser…');
      let settled = false;

      const draw = (wallets) => {
        replace(
          list,
          ...wallets.map((w) => {
            const btn = h(
              'button',
              { type: 'button', class: 'button wallet-button', dataset: { wallet: w.info.uuid } },
              w.info.icon ? h('img', { class: 'wallet-icon', src: w.info.icon, alt: '', width: 32, height: 32 }) : null,
              h(
                'span',
                null,
                // The wallet's own name (a legacy provider's is the page's: "Browser wallet").
                t('Connect with {wallet}', { wallet: translate(w.info.name) }),
                w.info.rdns ? h('span', { class: 'wallet-rdns', translate: 'no' }, ` (${w.info.rdns})`) : null,
                w.info.legacy
                  ? h('span', { class: 'wallet-rdns' }, ' ', '(found the old way, without EIP-6963)')
                  : null,
              ),
            );
            btn.addEventListener('click', () => connect(w, btn));
            return h('li', null, btn);
          }),
        );
        if (wallets.length > 0)
          found.textContent =
            wallets.length === 1
              ? translate('One wallet found.')
              : t('{count} wallets found.', { count: wallets.length });
        else if (settled)
          found.textContent = translate(
            'No wallet extension found in this browser. Install one (for example MetaMask) and reload this page, or use the built-in wallet below.',
          );
      };
      const stop = app.wallet.watchWallets(draw);
      const timer = setTimeout(() => {
        settled = true;
        draw(app.wallet.wallets());
      }, DISCOVERY_MS);

      append(
        outlet,
        h('h1', null, 'Connect a wallet'),
        h(
          'p',
          null,
          'Choose the wallet to use with this page. The page never sees the keys of an extension wallet: the wallet asks you to approve each action.',
        ),
        s.account
          ? h(
              'p',
              { class: 'panel' },
              s.wallet?.name
                ? t('You are connected to {wallet}. Choosing a wallet below replaces that connection.', {
                    wallet: translate(s.wallet.name),
                  })
                : 'You are connected to a wallet. Choosing a wallet below replaces that connection.',
              ' ',
              h('a', { href: '#/account' }, 'See your account'),
            )
          : null,
        h('h2', { id: 'found-heading' }, 'Wallets in this browser'),
        found,
        list,
        h('h2', null, 'No extension?'),
        h(
          'p',
          null,
          'The built-in wallet keeps its keys in this page’s memory only, for shared terminals and people without a wallet extension.',
          ' ',
          h('a', { href: '#/wallet' }, 'Use the built-in wallet'),
        ),
        h('h2', null, 'Lost your wallet?'),
        h(
          'p',
          null,
          'If you named guardians for your chart, connect a new wallet here, then',
          ' ',
          h('a', { href: '#/recover' }, 'recover your chart'),
          '.',
        ),
      );
      return () => {
        clearTimeout(timer);
        stop();
      };
    },
  };
}
