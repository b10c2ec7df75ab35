// Family links: two patients confirm a relation so that each may share family-history records
// with the other; either can dissolve it. The confirmed links are drawn as a family tree (SVG):
// older generations above, younger below, the same generation beside you.
import { h, svg, append, replace, field, button, busy } from '../dom.js';
import { t, translate } from '../i18n.js';
import { hexOf, sameAddress } from '../format.js';
import { ehr } from '../module.js';
import { sendTx, txStatusLine } from '../tx.js';
import { notify } from '../notices.js';
import { hubListEvents, read, topicsOf } from '../chain/contracts.js';
import { grantEventsTo } from '../records/shared-with-me.js';
import { LIST_TAG, taggedWord } from '../records/access.js';
import { accessStatus, addressDetails, namesFor, tNodes } from './chart-common.js';

/** Relation codes, from the proposer's side: "the proposer is the ... of the relative". */
export const RELATIONS = {
  1: 'parent',
  2: 'child',
  3: 'sibling',
  4: 'spouse or partner',
  5: 'grandparent',
  6: 'grandchild',
  7: 'aunt or uncle',
  8: 'niece or nephew',
  9: 'cousin',
};
/** The same relation seen from the other side. */
const INVERSE = { 1: 2, 2: 1, 3: 3, 4: 4, 5: 6, 6: 5, 7: 8, 8: 7, 9: 9 };
/** Generation of the relative relative to you (+1 = older). */
const GENERATION = { 1: 1, 2: -1, 3: 0, 4: 0, 5: 2, 6: -2, 7: 1, 8: -1, 9: 0 };

/** A relation in the reader's language ('parent'). */
const relationWord = (code) => translate(RELATIONS[code] ?? 'relative');
/** A name in a sentence: data, not language. */
const nameNode = (name) => h('span', { translate: 'no' }, name);
/** "Your parent 0x1234…abcd" as nodes (the name marked as data). */
const yourRelative = (l, names) =>
  tNodes('Your {relation} {name}', {
    relation: relationWord(l.relationOfOther),
    name: nameNode(names.account(l.other)),
  });

export async function linksOf(provider, me) {
  // The patient's family proposals, made or received, from its list (block pointers): one call for
  // the list's newest block, then one log query per block of the list.
  const topics = await topicsOf('EhrHub', 'FamilyLinkProposed');
  const proposals = await hubListEvents(provider, taggedWord(LIST_TAG.FAMILY, me), topics, {
    listed: (e) => sameAddress(e.args.proposer, me) || sameAddress(e.args.relative, me),
    previousOf: (e) => (sameAddress(e.args.proposer, me) ? e.args.proposerPrevious : e.args.relativePrevious),
  });
  const others = new Map();
  for (const e of proposals) {
    const other = sameAddress(e.args.proposer, me) ? e.args.relative : e.args.proposer;
    others.set(String(other).toLowerCase(), other);
  }
  const out = [];
  for (const other of others.values()) {
    const [proposer, relation, confirmed] = await read(provider, 'EhrHub', 'familyLink', [me, other]);
    const rel = Number(relation);
    if (rel === 0) continue; // dissolved
    // The relation is stated from the proposer's side.
    const relationOfOther = sameAddress(proposer, other) ? rel : INVERSE[rel];
    out.push({
      other,
      proposer,
      relation: rel,
      relationOfOther,
      confirmed: confirmed === true,
      mine: sameAddress(proposer, me),
    });
  }
  return out;
}

/** The family tree of confirmed links, as an SVG figure with a text alternative. */
function tree(links, names) {
  const confirmed = links.filter((l) => l.confirmed);
  const rows = new Map();
  rows.set(0, [{ me: true }]);
  for (const l of confirmed) {
    const g = GENERATION[l.relationOfOther] ?? 0;
    if (!rows.has(g)) rows.set(g, []);
    rows.get(g).push({ relation: relationWord(l.relationOfOther), name: names.account(l.other) });
  }
  const gens = [...rows.keys()].sort((a, b) => b - a);
  // Wide enough for the longest label (relation words differ in length between languages).
  const longest = Math.max(
    translate('You').length,
    ...[...rows.values()].flat().map((n) => (n.me ? 0 : n.relation.length + 1 + n.name.length)),
  );
  const W = Math.max(180, Math.ceil(longest * 8 + 20));
  const H = 44;
  const width = Math.max(...[...rows.values()].map((r) => r.length)) * (W + 20) + 20;
  const height = gens.length * (H + 40) + 20;
  const parts = [];
  const centre = new Map();
  gens.forEach((g, gi) => {
    const row = rows.get(g);
    const y = 20 + gi * (H + 40);
    row.forEach((n, i) => {
      const x = (width - row.length * (W + 20)) / 2 + 10 + i * (W + 20);
      if (n.me) centre.set('me', [x + W / 2, y + H / 2]);
      n.pos = [x + W / 2, y + H / 2];
      parts.push(
        svg('rect', { x, y, width: W, height: H, rx: 8, fill: n.me ? '#0a5c36' : '#ffffff', stroke: '#4a5560' }),
        svg(
          'text',
          {
            x: x + W / 2,
            y: y + H / 2 + 5,
            'text-anchor': 'middle',
            'font-size': 14,
            fill: n.me ? '#ffffff' : '#1b1f23',
          },
          n.me ? 'You' : [svg('tspan', null, n.relation), ' ', svg('tspan', { translate: 'no' }, n.name)],
        ),
      );
    });
  });
  const [mx, my] = centre.get('me');
  const lines = [];
  for (const [g, row] of rows) {
    if (g === 0) continue;
    for (const n of row)
      lines.push(svg('line', { x1: mx, y1: my, x2: n.pos[0], y2: n.pos[1], stroke: '#767f88', 'stroke-width': 2 }));
  }
  for (const n of rows.get(0).slice(1))
    lines.push(
      svg('line', {
        x1: mx,
        y1: my,
        x2: n.pos[0],
        y2: n.pos[1],
        stroke: '#767f88',
        'stroke-width': 2,
        'stroke-dasharray': '6 4',
      }),
    );
  // The text alternative: a sentence (aria-label), and the same with the names marked as data.
  const relatives = confirmed.map((l) => ({ relation: relationWord(l.relationOfOther), name: names.account(l.other) }));
  const description =
    confirmed.length === 0
      ? translate('No confirmed relative yet.')
      : t('You and {relatives}.', { relatives: relatives.map((x) => t('your {relation} {name}', x)).join(', ') });
  const caption =
    confirmed.length === 0
      ? description
      : tNodes('You and {relatives}.', {
          relatives: relatives.map((x, i) => [
            i ? ', ' : null,
            tNodes('your {relation} {name}', { relation: x.relation, name: nameNode(x.name) }),
          ]),
        });
  return h(
    'figure',
    { class: 'family-tree' },
    svg(
      'svg',
      {
        viewBox: `0 0 ${width} ${height}`,
        width,
        height,
        role: 'img',
        'aria-label': t('Family tree. {description}', { description }),
        class: 'tree',
      },
      lines,
      parts,
    ),
    h('figcaption', null, caption),
  );
}

/**
 * Family history that confirmed relatives shared with me (grants to my account, family-history
 * scope): a list, and per relative a reader view of their chart opened with the keys of those
 * grants. The keys are registered with the key registry (lock wipes them).
 */
function sharedByRelatives(app, s, links, names) {
  const provider = app.wallet.provider();
  const box = h('div');
  const status = h('p', { class: 'muted', role: 'status' }, 'Looking for family history shared with you…');
  const reader = h('div');
  (async () => {
    const me = hexOf((await read(provider, 'EhrHub', 'memberGrantee', [s.account]))[0]);
    // The grants to my account, from its grant list (block pointers), then by relative.
    const granted = await grantEventsTo(provider, me);
    const rows = [];
    for (const l of links.filter((x) => x.confirmed)) {
      const evs = granted.filter((e) => sameAddress(e.args.patient, l.other));
      if (evs.length === 0) continue;
      const g = await read(provider, 'EhrHub', 'grantOf', [l.other, me]);
      rows.push({ link: l, payloads: evs.map((e) => e.args.wrappedKeys), active: g[2] === true && Number(g[0]) !== 0 });
    }
    status.textContent = rows.length === 0 ? translate('No relative has shared family history with you.') : '';
    replace(
      box,
      h(
        'ul',
        { class: 'cards' },
        rows.map((r) =>
          h(
            'li',
            { class: 'panel', dataset: { sharedBy: r.link.other } },
            h('h3', null, yourRelative(r.link, names)),
            addressDetails([[names.account(r.link.other), r.link.other]]),
            h(
              'p',
              null,
              r.active
                ? 'Shares their family history with you.'
                : 'Stopped sharing: what they add from now on is closed to you.',
            ),
            h(
              'div',
              { class: 'actions' },
              button('Read their family history', (e) => busy(e.currentTarget, () => openReader(r)), {
                variant: 'secondary',
                'aria-label': t('Read their family history (your {relation} {name})', {
                  relation: relationWord(r.link.relationOfOther),
                  name: names.account(r.link.other),
                }),
              }),
            ),
          ),
        ),
      ),
    );
  })().catch((e) => {
    status.textContent = translate('What relatives shared could not be loaded.');
    app.fail(e, { action: 'loading what your relatives shared' });
  });
  const openReader = async (r) => {
    try {
      app.session.activate();
      const [{ unlockKeys }, { registerKey }, { timeline }, api] = await Promise.all([
        import('../records/account-keys.js'),
        import('../key-registry.js'),
        import('./chart-common.js'),
        ehr(),
      ]);
      const keys = await unlockKeys(provider, s.account);
      const chartKeys = [];
      for (const payload of r.payloads) {
        for (const identity of keys.identities) {
          try {
            for (const k of api.records.grants.open(api.fromHex(hexOf(payload)), identity))
              chartKeys.push(registerKey(k));
            break;
          } catch {
            // sealed to another key version of mine
          }
        }
      }
      const held = new Set(chartKeys.map((k) => k.scope));
      const records = timeline(app, {
        patient: r.link.other,
        keysFor: () => ({ chartKeys, identities: keys.identities }),
        canOpen: (sc) => held.has(sc),
      });
      replace(
        reader,
        h(
          'section',
          { class: 'panel', 'aria-labelledby': 'relative-chart-heading' },
          h(
            'h3',
            { id: 'relative-chart-heading', tabIndex: -1 },
            tNodes('Family history of your {relation} {name}', {
              relation: relationWord(r.link.relationOfOther),
              name: nameNode(names.account(r.link.other)),
            }),
          ),
          records.element,
        ),
      );
      reader.querySelector('h3').focus();
    } catch (e) {
      app.fail(e, { action: 'opening your relative’s family history' });
    }
  };
  return h(
    'section',
    { 'aria-labelledby': 'shared-family-heading' },
    h('h2', { id: 'shared-family-heading' }, 'Family history shared with you'),
    status,
    box,
    reader,
  );
}

export function familyPanel(app, s) {
  const provider = app.wallet.provider();
  const box = h('div');
  const sharedBox = h('div');
  const status = h('p', { class: 'muted', role: 'status' }, 'Loading…');
  const load = async () => {
    try {
      const links = await linksOf(provider, s.account);
      const names = await namesFor(app, { accounts: links.map((l) => l.other) });
      const items = links.map((l) => {
        const st = txStatusLine();
        const actions = [];
        if (!l.confirmed && !l.mine) {
          actions.push(
            button(
              'Confirm',
              async (e) => {
                const r = await sendTx(app, {
                  button: e.currentTarget,
                  status: st,
                  contract: 'EhrHub',
                  fn: 'confirmFamilyLink',
                  args: [l.other, l.relation],
                  action: 'confirming the family link',
                  success: 'Family link confirmed',
                });
                if (r) load();
              },
              { 'aria-label': t('Confirm the family link with {name}', { name: names.account(l.other) }) },
            ),
          );
        }
        actions.push(
          button(
            l.confirmed ? 'Dissolve' : 'Withdraw',
            async (e) => {
              const r = await sendTx(app, {
                button: e.currentTarget,
                status: st,
                contract: 'EhrHub',
                fn: 'dissolveFamilyLink',
                args: [l.other],
                action: 'dissolving the family link',
                success: 'Family link dissolved',
              });
              if (!r) return;
              // What you shared with them ended with the link: replace the keys they held at once.
              try {
                const { settle, pendingScopes } = await import('../records/access.js');
                if (await pendingScopes(provider, s.account)) {
                  const { unlockKeys } = await import('../records/account-keys.js');
                  const keys = await unlockKeys(provider, s.account);
                  await settle({
                    provider,
                    from: s.account,
                    patient: s.account,
                    chartRoot: keys.chartRoot,
                    onStatus: (text) => {
                      st.textContent = accessStatus(text);
                    },
                  });
                  notify({
                    kind: 'success',
                    key: 'family-keys',
                    title: 'Family link dissolved',
                    message:
                      'What you add from now on uses new keys they do not have. What they already read cannot be taken back.',
                    timeoutMs: 12000,
                  });
                }
              } catch (err) {
                app.fail(err, { action: 'replacing the keys your relative held' });
              }
              load();
            },
            {
              variant: 'secondary',
              'aria-label': t(
                l.confirmed ? 'Dissolve the family link with {name}' : 'Withdraw the family link with {name}',
                { name: names.account(l.other) },
              ),
            },
          ),
        );
        return h(
          'li',
          { class: 'panel', dataset: { relative: l.other } },
          h('h3', null, yourRelative(l, names)),
          addressDetails([[names.account(l.other), l.other]]),
          h(
            'p',
            null,
            l.confirmed
              ? 'Confirmed by both of you.'
              : l.mine
                ? 'Waiting for them to confirm.'
                : 'They proposed this link: confirm it if it is right.',
          ),
          h('div', { class: 'actions' }, actions),
          st,
        );
      });
      replace(box, tree(links, names), h('ul', { class: 'cards' }, items));
      replace(sharedBox, sharedByRelatives(app, s, links, names));
      status.textContent = links.length === 0 ? translate('No family link yet.') : '';
    } catch (e) {
      status.textContent = translate('The family links could not be loaded.');
      app.fail(e, { action: 'loading your family links', retry: load });
    }
  };
  const relative = field({
    label: 'Your relative’s account address',
    hint: 'They must be registered as a patient.',
    control: h('input', { type: 'text', name: 'relative', autocomplete: 'off', spellcheck: 'false', class: 'mono' }),
  });
  const relation = field({
    label: 'You are their',
    control: h(
      'select',
      { name: 'relation' },
      Object.entries(RELATIONS).map(([v, l]) => h('option', { value: v }, l)),
    ),
  });
  const st = txStatusLine();
  const submit = button('Propose the link', null, { type: 'submit' });
  const form = h(
    'form',
    { 'aria-labelledby': 'propose-heading', novalidate: true },
    relative.wrap,
    relation.wrap,
    h('div', { class: 'actions' }, submit),
    st,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const api = await ehr();
    const addr = relative.control.value.trim();
    const ok = api.address.isValid(addr);
    relative.setError(ok ? null : 'Enter an account address: 0x followed by 40 hexadecimal digits.');
    if (!ok) return;
    const r = await sendTx(app, {
      button: submit,
      status: st,
      contract: 'EhrHub',
      fn: 'proposeFamilyLink',
      args: [api.address.toChecksum(addr), Number(relation.control.value)],
      action: 'proposing the family link',
      success: 'Family link proposed: your relative confirms it on their side',
    });
    if (r) {
      form.reset();
      load();
    }
  });
  load();
  return h(
    'div',
    null,
    h(
      'p',
      null,
      'A confirmed link lets each of you share family-history records with the other (give access to the “Family history” category). Links are public on the network as two account addresses; no names.',
    ),
    h('h2', null, 'Your family'),
    status,
    box,
    h(
      'p',
      null,
      tNodes(
        'To share your family history with a confirmed relative, choose them under {access} and the “Family history” category.',
        {
          access: h('a', { href: '#/chart/access' }, 'Access'),
        },
      ),
    ),
    h('h2', { id: 'propose-heading' }, 'Add a relative'),
    form,
    sharedBox,
  );
}
