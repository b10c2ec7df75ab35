// Account: the connected wallet, account, network and balance; moving to the configured network.
// The wallet's and the networks' names are names (translate="no"); the balance is written in the
// reader's locale.
import { h, busy, button, append, replace } from '../dom.js';
import { t, translate, intlLocale } from '../i18n.js';
import { getState, subscribe } from '../state.js';
import { notify, dismissKey } from '../notices.js';
import { formatUnits, networkName } from '../format.js';

/** An amount of the native currency ('10,000.5' from formatUnits) in the reader's locale. */
const localAmount = (text) =>
  new Intl.NumberFormat(intlLocale(), { maximumFractionDigits: 18 }).format(
    /** @type {any} */ (text.replace(/,/g, '')),
  );

export function accountScreen(app) {
  const { config } = app;
  /** A network's name: the configured chain's or a well-known one's (a name), else words. */
  const networkText = (chainId) => {
    const name = networkName(config, chainId);
    if (chainId === null || chainId === undefined) return translate(name);
    if (name === `chain ${chainId}`) return t('chain {id}', { id: String(chainId) });
    return name;
  };
  const networkNode = (chainId) =>
    chainId !== null && chainId !== undefined && networkName(config, chainId) !== `chain ${chainId}`
      ? h('span', { translate: 'no' }, networkName(config, chainId))
      : networkText(chainId);

  async function switchNetwork(btn) {
    await busy(btn, async () => {
      try {
        const chainId = await app.wallet.switchChain();
        if (chainId === config.chainId) {
          dismissKey('switch');
          notify({
            kind: 'success',
            key: 'switched',
            title: t('Switched to {network}', { network: config.chainName }),
            timeoutMs: 6000,
          });
        } else {
          notify({
            kind: 'warning',
            key: 'switch',
            title: 'The wallet is still on another network',
            message: t('It reports {network}.', { network: networkText(chainId) }),
            advice: t('Choose {network} in your wallet, or try again.', { network: config.chainName }),
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
      // A chart recovered by guardians (chain/relay.js actFor): the session's account is the chart,
      // the connected wallet is its successor, which signs for it and pays (its own balance).
      let signerFor = () => null;
      let own = null;
      const ownBalance = async (wallet) => {
        own = { wallet, balance: own?.wallet === wallet ? own.balance : null };
        const hex = await app.wallet.provider().request({ method: 'eth_getBalance', params: [wallet, 'latest'] });
        own = { wallet, balance: BigInt(hex) };
        draw();
      };
      if (config.contracts?.EhrForwarder)
        import('../chain/relay.js').then(
          (r) => {
            signerFor = r.signerFor;
            draw();
          },
          () => {},
        );
      const draw = () => {
        let s = getState();
        const signer = s.account ? signerFor(s.account) : null;
        if (signer && own?.wallet !== signer) ownBalance(signer).catch(() => {});
        if (signer) s = { ...s, balance: own?.balance ?? null };
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
            : h(
                'span',
                { translate: 'no' },
                `${localAmount(formatUnits(s.balance, config.nativeCurrency.decimals))} ${config.nativeCurrency.symbol}`,
              );
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
                  t('Your wallet is on {network}. This page works on {expected} (chain id {id}).', {
                    network: networkText(s.chainId),
                    expected: config.chainName,
                    id: String(config.chainId),
                  }),
                ),
                h(
                  'div',
                  { class: 'actions' },
                  button(t('Switch to {network}', { network: config.chainName }), (e) =>
                    switchNetwork(e.currentTarget),
                  ),
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
              h('span', { translate: 'no' }, s.wallet?.name ?? ''),
            ),
            h('dt', null, 'Account'),
            h('dd', null, h('code', { id: 'account-address' }, signer ?? s.account)),
            signer
              ? [
                  h('dt', null, 'Acting for chart'),
                  h('dd', null, h('code', { id: 'account-chart' }, s.account), ' ', '(recovered)'),
                ]
              : null,
            h('dt', null, 'Network'),
            h(
              'dd',
              { id: 'account-network' },
              networkNode(s.chainId),
              ' ',
              s.chainId === null || s.chainId === undefined
                ? '(chain id unknown)'
                : t('(chain id {id})', { id: String(s.chainId) }),
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
                  (signer ? ownBalance(signer) : app.wallet.refreshBalance()).catch((err) =>
                    app.fail(err, { action: 'reading the balance' }),
                  ),
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
