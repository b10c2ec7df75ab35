// The frame the account-bound screens share: a heading, a body that is redrawn only when the part
// of the state it depends on changes, and a gate that shows what is missing first (a connection,
// the right network, roles, unlocked keys) before the screen itself is drawn.
import { h, append, replace } from '../dom.js';
import { t } from '../i18n.js';
import { getState, subscribe } from '../state.js';

/**
 * @param {{ title: string, header?: () => Node[], keyOf: (s: object) => string,
 *   gate: (s: object, update: () => void) => Node[] | null, draw: (body: HTMLElement, s: object) => void }} o
 *   header: the nodes under the heading, made on each render (in the language of that moment);
 *   keyOf: what the body depends on (no redraw while it stays the same); gate: the nodes to show
 *   instead of the screen, or null to draw it (`update` redraws, e.g. once keys are unlocked);
 *   draw: draws the screen into the emptied body.
 */
export function gatedScreen({ title, header = () => [], keyOf, gate, draw }) {
  return {
    title,
    render({ outlet }) {
      const body = h('div');
      append(outlet, h('h1', null, title), ...header(), body);
      let drawnFor = null;
      const update = () => {
        const s = getState();
        const key = keyOf(s);
        if (key === drawnFor) return;
        drawnFor = key;
        const instead = gate(s, update);
        replace(body, ...(instead ?? []));
        if (!instead) draw(body, s);
      };
      update();
      return subscribe(update);
    },
  };
}

/**
 * The first checks of an account-bound screen: a connected account (`connect` says which), the
 * configured network, the contracts in this build (unless `contracts` is false) and the roles
 * read. Returns the nodes to show instead of the screen, or null when all are there.
 * @param {{ config: any, features: any }} app
 * @param {object} s the state
 * @param {string} connect the sentence asking to connect
 * @param {{ contracts?: boolean, reading?: string }} [o]
 */
export function accountGate(
  app,
  s,
  connect,
  { contracts = true, reading = 'Reading your roles on the network…' } = {},
) {
  if (!s.account)
    return [
      h('p', null, connect),
      h('div', { class: 'actions' }, h('a', { class: 'button', href: '#/connect' }, 'Connect a wallet')),
    ];
  if (s.chainId !== app.config.chainId)
    return [h('p', null, 'Your wallet is on another network.'), h('a', { href: '#/account' }, 'Switch network')];
  if (contracts && !app.features.contracts)
    return [
      h('p', null, t('The contracts are not deployed on {network} in this build.', { network: app.config.chainName })),
    ];
  if (s.roles === null || s.roles === undefined) return [h('p', { class: 'muted', role: 'status' }, reading)];
  return null;
}
