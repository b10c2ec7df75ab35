// The built-in wallet: create (a recovery phrase shown once, then confirmed), restore from a
// recovery phrase, or open a keystore file with its password. Keys live in WebAssembly memory
// behind handles registered with the key registry, so lock wipes them.
//
// The flows need the module's wallet functions (BIP-39, BIP-32, keystore V3, Wallet). Until the
// module in this build has them, the screen says so and offers no form that could not work.
import { h, append } from '../dom.js';

export function builtinWalletScreens(app) {
  const available = app.config.features?.builtinWallet === true;

  const unavailable = () => h('div', { class: 'notice notice-warning', id: 'builtin-unavailable' },
    h('p', { class: 'notice-title' }, 'Not available in this build'),
    h('p', null, 'This build of the page does not include the wallet functions of the WebAssembly module yet, so it cannot create or open a built-in wallet.'),
    h('p', null, 'Meanwhile, connect a wallet extension such as MetaMask. ', h('a', { href: '#/connect' }, 'Connect a wallet')));

  return {
    '/wallet': {
      title: 'Built-in wallet',
      render({ outlet }) {
        append(outlet, 
          h('h1', null, 'Built-in wallet'),
          h('p', null, 'For shared terminals and people without a wallet extension. Its keys live only in this page’s memory: they are wiped when the page locks or closes, and nothing is stored on this computer. Keep your recovery phrase or keystore file safe: it is the only way back into the wallet.'),
          available ? null : unavailable(),
        );
      },
    },
  };
}
