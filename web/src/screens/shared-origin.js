// What the page shows when it does not run origin-isolated (origin.js): on a shared address, a
// notice with the page's own address in place of every way to connect or unlock; in a frame, a
// short refusal and nothing else. Its sentences are messages of the catalogue (../i18n.js); the
// address is not.
import { h } from '../dom.js';

/**
 * The notice for a page opened from a path gateway.
 * @param {import('../origin.js').Isolation} isolation
 */
export function sharedOriginNotice(isolation) {
  return h(
    'div',
    { class: 'notice notice-warning', id: 'shared-origin', role: 'note' },
    h('p', { class: 'notice-title' }, 'This page is opened from a shared address'),
    h(
      'p',
      null,
      'Every other site on this IPFS gateway shares this address, and any of them could read your records once you unlock them here. So this page does not connect a wallet or unlock keys at this address.',
    ),
    isolation.address
      ? h(
          'p',
          null,
          'Open it at its own address instead:',
          ' ',
          h(
            'a',
            { href: isolation.address, id: 'isolated-address', class: 'mono', translate: 'no' },
            isolation.address,
          ),
        )
      : h(
          'p',
          null,
          'Open it from an address of its own instead: a subdomain gateway (https://<cid>.ipfs.<gateway>/), its DNSLink name or a web server.',
        ),
  );
}

/** Replaces the whole document body with the refusal shown in a frame. */
export function showFramedRefusal() {
  document.title = 'ehr';
  document.body.replaceChildren(
    h(
      'main',
      { id: 'framed-refusal' },
      h('h1', null, 'This page does not work inside another page'),
      h('p', null, 'Open it in a tab of its own.'),
    ),
  );
}
