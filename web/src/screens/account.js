// Account: the connected wallet, account, network and balance; moving to the configured network.
import { h, busy, button, append, replace } from '../dom.js';
import { getState, subscribe } from '../state.js';
import { notify, dismissKey } from '../notices.js';
import { formatUnits, networkName } from '../format.js';

export function accountScreen(app) {
  const { config } = app;

  async function switchNetwork(btn) {
    await busy(btn, async () => {
      try {
        const chainId = await app.wallet.switchChain();
        if (chainId === config.chainId) {
          dismissKey('switch');
          notify({ kind: 'success', key: 'switched', title: `Switched to ${config.chainName}`, timeoutMs: 6000 });
        } else {
          notify({
            kind: 'warning',
            key: 'switch',
            title: 'The wallet is still on another network',
            message: `It reports ${networkName(config, chainId)}.`,
            advice: `Choose ${config.chainName} in your wallet, or try again.`,
          });
        }
      } catch (e) {
        app.fail(e, {
          action: 'switching the network',
          retry: () => switchNetwork(document.createElement('button')),
          key: 'switch',
        });
      }
    });
  }

  return {
    title: 'Your account',
    render({ outlet }) {
      const body = h('div');
      const draw = () => {
        const s = getState();
        // Re-drawing replaces the controls: if one of them had focus, give it to the heading.
        const hadFocus = body.contains(document.activeElement);
        queueMicrotask(() => {
          if (hadFocus && !body.contains(document.activeElement)) outlet.querySelector('h1')?.focus();
        });
        if (!s.account) {
          replace(
            body,
            h('p', null, 'No wallet is connected.'),
            h('div', { class: 'actions' }, h('a', { class: 'button', href: '#/connect' }, 'Connect a wallet')),
          );
          return;
        }
        const right = s.chainId === config.chainId;
        const balance =
          s.balance === null
            ? h('span', { class: 'muted' }, right ? 'Loading…' : 'Not shown on another network')
            : `${formatUnits(s.balance, config.nativeCurrency.decimals)} ${config.nativeCurrency.symbol}`;
        replace(
          body,
          right
            ? null
            : h(
                'div',
                { class: 'notice notice-warning', id: 'wrong-network' },
                h('p', { class: 'notice-title' }, 'Wrong network'),
                h(
                  'p',
                  null,
                  `Your wallet is on ${networkName(config, s.chainId)}. This page works on ${config.chainName} (chain id ${config.chainId}).`,
                ),
                h(
                  'div',
                  { class: 'actions' },
                  button(`Switch to ${config.chainName}`, (e) => switchNetwork(e.currentTarget)),
                ),
              ),
          h(
            'dl',
            { class: 'facts' },
            h('dt', null, 'Wallet'),
            h(
              'dd',
              null,
              s.wallet?.icon
                ? h('img', { class: 'wallet-icon', src: s.wallet.icon, alt: '', width: 32, height: 32 })
                : null,
              ' ',
              s.wallet?.name ?? '',
            ),
            h('dt', null, 'Account'),
            h('dd', null, h('code', { id: 'account-address' }, s.account)),
            h('dt', null, 'Network'),
            h(
              'dd',
              { id: 'account-network' },
              `${networkName(config, s.chainId)} (chain id ${s.chainId ?? 'unknown'})`,
            ),
            h('dt', null, 'Balance'),
            h('dd', { id: 'account-balance' }, balance),
          ),
          h(
            'div',
            { class: 'actions' },
            button(
              'Refresh balance',
              (e) =>
                busy(e.currentTarget, () =>
                  app.wallet.refreshBalance().catch((err) => app.fail(err, { action: 'reading the balance' })),
                ),
              { variant: 'secondary', disabled: !right },
            ),
            button(
              s.wallet?.kind === 'builtin' ? 'Close the wallet' : 'Disconnect',
              () => {
                const builtin = s.wallet?.kind === 'builtin';
                app.wallet.disconnect();
                notify(
                  builtin
                    ? {
                        kind: 'info',
                        key: 'connected',
                        title: 'Wallet closed',
                        message:
                          'Its key was wiped from this page’s memory. Open it again with its recovery phrase or keystore file.',
                        timeoutMs: 10000,
                      }
                    : {
                        kind: 'info',
                        key: 'connected',
                        title: 'Disconnected',
                        message:
                          'The page forgot the connection. Your wallet itself is unchanged: lock it from its own menu on a shared computer.',
                        timeoutMs: 10000,
                      },
                );
              },
              { variant: 'secondary' },
            ),
          ),
        );
      };
      append(outlet, h('h1', { tabIndex: -1 }, 'Your account'), body);
      draw();
      const unsubscribe = subscribe(draw);
      return unsubscribe;
    },
  };
}
