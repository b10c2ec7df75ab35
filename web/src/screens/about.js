// About: how this page works, what it connects to, and what protects it.
import { h, append } from '../dom.js';
import { t } from '../i18n.js';

export function aboutScreen(app) {
  const { config } = app;
  return {
    title: 'How this page works',
    render({ outlet }) {
      const contracts = Object.entries(config.contracts ?? {});
      append(
        outlet,
        h('h1', null, 'How this page works'),
        h(
          'p',
          null,
          'This page is a static set of files: it can be served from IPFS or any web server, and it talks only to the services listed below. Everything private happens in your browser.',
        ),
        h('h2', null, 'What is where'),
        h(
          'ul',
          null,
          h('li', null, 'Your records are encrypted in this page before upload; IPFS stores only ciphertext.'),
          h(
            'li',
            null,
            'The blockchain holds the content identifiers of your records, who may read them, and an audit trail. No names, dates of birth or record contents go on chain.',
          ),
          h(
            'li',
            null,
            'Keys live in the page’s memory only. Nothing private is stored in this browser: no cookies, no local storage, nothing in the address bar.',
          ),
          h(
            'li',
            null,
            'Revoking access stops someone from reading new records. What they already read cannot be taken back.',
          ),
        ),
        h('h2', null, 'Connections'),
        h(
          'dl',
          { class: 'facts' },
          h('dt', null, 'Network'),
          h(
            'dd',
            null,
            h('span', { translate: 'no' }, config.chainName),
            ' ',
            t('(chain id {id})', { id: String(config.chainId) }),
          ),
          h('dt', null, 'Blockchain RPC'),
          h('dd', null, h('code', null, config.rpcUrl)),
          h('dt', null, 'IPFS gateways'),
          h(
            'dd',
            null,
            config.gateways.map((g, i) => [i ? ', ' : '', h('code', null, g)]),
          ),
          h('dt', null, 'Upload endpoint'),
          h('dd', null, config.uploadUrl ? h('code', null, config.uploadUrl) : 'none'),
          h('dt', null, 'Contracts'),
          h(
            'dd',
            null,
            contracts.length
              ? contracts.map(([n, a], i) => [
                  i ? ', ' : '',
                  h('span', { translate: 'no' }, n),
                  ' ',
                  h('code', null, a),
                ])
              : 'not deployed for this network in this build',
          ),
        ),
        h('h2', null, 'What protects this page'),
        h(
          'ul',
          null,
          h(
            'li',
            null,
            'A strict Content-Security-Policy: scripts only from this page’s own files, no eval, and network access only to the services above.',
          ),
          h(
            'li',
            null,
            'Integrity checks: the browser refuses any of this page’s scripts, its style sheet or its WebAssembly module if a byte differs from the build.',
          ),
          h('li', null, 'When loaded from IPFS by its content identifier, the address itself pins the exact files.'),
        ),
        config.development
          ? h(
              'p',
              { class: 'notice notice-warning' },
              'This is a development build: it points at a local test network. Do not use it with real health data.',
            )
          : null,
      );
    },
  };
}
