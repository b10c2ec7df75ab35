// Sending a transaction from a screen: a status line that says where it is (approve in the wallet,
// waiting for the network, done), the button disabled meanwhile, and on failure a notice with a
// way forward while the form keeps what was typed. `action` ('adding the institution') and
// `success` are messages of the catalogue (i18n.js): a screen passes a literal, or t() for one
// with values.
import { h, busy } from './dom.js';
import { t, translate } from './i18n.js';
import { notify } from './notices.js';
import { getState } from './state.js';
import { write } from './chain/contracts.js';
import { shortAddress } from './format.js';

/** A status line for a form (role="status": announced politely). */
export const txStatusLine = () => h('p', { class: 'muted tx-status', role: 'status' });

/**
 * Runs `write(contract, fn, args)` from `button`, reporting in `status`.
 * @returns {Promise<null | { hash: string, events: any[] }>} null when it failed (already reported)
 */
export async function sendTx(app, { button, status, contract, fn, args, action, success }) {
  let result = null;
  await busy(button, async () => {
    const s = getState();
    const provider = app.wallet.provider();
    if (!provider || !s.account) {
      notify({
        kind: 'error',
        key: 'tx',
        title: 'No wallet is connected',
        message: t('Connect a wallet to continue {action}.', { action: translate(action) }),
        actions: [{ label: 'Connect a wallet', run: () => app.router.go('/connect') }],
      });
      return;
    }
    if (s.chainId !== app.config.chainId) {
      notify({
        kind: 'error',
        key: 'tx',
        title: 'Wrong network',
        message: t('Your wallet is not on {network}.', { network: app.config.chainName }),
        actions: [{ label: 'Open your account to switch', run: () => app.router.go('/account') }],
      });
      return;
    }
    const say = (text) => {
      status.textContent = text;
    };
    say(translate('Checking…'));
    let relayed = false;
    try {
      result = await write(provider, s.account, contract, fn, args, {
        onStage: (stage, hash_) => {
          if (stage === 'relay-sign' || stage === 'code') relayed = true;
          const builtin = s.wallet?.kind === 'builtin';
          if (stage === 'sign') say(translate(builtin ? 'Signing…' : 'Approve the transaction in your wallet…'));
          else if (stage === 'relay-sign')
            say(
              `${translate(builtin ? 'Signing the request…' : 'Sign the request in your wallet…')} ${translate(
                app.config.relayUrl
                  ? 'The relay submits it and pays the network fee, not you.'
                  : 'A clinician submits it and pays the network fee, not you.',
              )}`,
            );
          else if (stage === 'code')
            say(translate('Waiting for a clinician to submit your signed request (they pay the fee)…'));
          else if (stage === 'wait' || stage === 'relay-sent') {
            const hash = shortAddress(hash_);
            say(
              !relayed
                ? t('Sent ({hash}). Waiting for the network to confirm…', { hash })
                : app.config.relayUrl
                  ? t('Sent ({hash}); the relay pays the fee. Waiting for the network to confirm…', { hash })
                  : t('Sent ({hash}); the clinician pays the fee. Waiting for the network to confirm…', { hash }),
            );
          } else say(translate('Done.'));
        },
      });
      if (success) notify({ kind: 'success', key: 'tx', title: success, timeoutMs: 8000 });
    } catch (e) {
      say(translate('Not done: nothing was changed. What you typed is still here.'));
      app.fail(e, { action, key: 'tx' });
    }
  });
  return result;
}
