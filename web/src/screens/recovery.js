// Recovery screens (loaded on first use): the patient's "Recovery" screen (who guards the chart;
// naming guardians, which splits fresh key material among them; giving them new shares when the
// kit misses the chart's newest keys; for a recovered chart, replacing the keys of the lost
// wallet), the printable recovery kit, and, from recovery-request.js and recovery-guardian.js, the
// new wallet's "Recover a chart" and the guardian's "Charts you guard". The protocol is
// records/recovery.js and chain/recovery.js. Sentences are messages of the catalogue (i18n.js);
// addresses, names and the paper share's words are data (translate="no").
import { h, append, replace, field, button, busy } from '../dom.js';
import { t, translate } from '../i18n.js';
import { ehr } from '../module.js';
import { notify } from '../notices.js';
import { formatDate, hexOf, sameAddress, shortAddress } from '../format.js';
import { sendTx, txStatusLine } from '../tx.js';
import { GRANTEE_TAG, sealingKey } from '../records/access.js';
import { signerFor } from '../chain/relay.js';
import { keysFromOldWallet } from '../records/account-keys.js';
import { createKit, MAX_GUARDIANS } from '../records/recovery.js';
import { chartScreen } from './patient-frame.js';
import { tNodes } from './chart-common.js';
import {
  addressText,
  delayWords,
  guardianItem,
  guardianNames,
  keepPaperShare,
  paperPanel,
  paperShareOf,
  replaceKeysPanel,
  when,
} from './recovery-parts.js';
import { recoverScreen } from './recovery-request.js';
import { guardianScreen } from './recovery-guardian.js';

/** Delays a patient can choose (seconds); the contract accepts 1 hour to 90 days. */
const DELAYS = [
  [86400, '24 hours'],
  [3 * 86400, '72 hours (recommended)'],
  [7 * 86400, '7 days'],
  [30 * 86400, '30 days'],
];

export function recoveryScreens(app) {
  return {
    '/chart/recovery': guardiansScreen(app),
    '/chart/recovery/kit': kitScreen(app),
    '/recover': recoverScreen(app),
    '/guardian': guardianScreen(app),
  };
}

/** The chart's guardians now, with a list item for each (chain/recovery.js currentGuardians). */
async function guardianListing(app, chart, names) {
  const { currentGuardians } = await import('../chain/recovery.js');
  const g = await currentGuardians(app.wallet.provider(), chart);
  const kit = g.set?.kit;
  return {
    ...g,
    since: g.set?.blockTimestamp,
    items: () => g.guardians.map((a, index) => guardianItem(a, { kit, index, names })),
  };
}

function guardiansScreen(app) {
  return chartScreen(app, {
    path: '/chart/recovery',
    title: 'Recovery of your chart',
    async draw(body, s, keys) {
      const provider = app.wallet.provider();
      const now = h('div', null, h('p', { class: 'muted', role: 'status' }, 'Reading your guardians…'));
      const stale = h('div');
      const result = h('div');
      append(
        body,
        keysFromOldWallet(s.account) ? replaceOffer(app, s.account, () => showNow()) : null,
        h(
          'p',
          null,
          'If you lose your wallet or its recovery phrase, your guardians can move your chart to a new wallet: no single guardian can, only as many as you choose together, and only after a waiting time during which this wallet can cancel.',
        ),
        h('h2', { id: 'guardians-heading' }, 'Who guards your chart'),
        now,
        stale,
      );
      let names = new Map();
      const showNow = async () => {
        try {
          names = await guardianNames(provider);
          const g = await guardianListing(app, s.account, names);
          if (g.guardians.length === 0) {
            replace(
              now,
              h(
                'p',
                null,
                'Nobody yet. Without guardians, a lost wallet means a lost chart: nobody can give it back to you.',
              ),
            );
            return;
          }
          replace(
            now,
            h('ul', { id: 'guardian-list', 'aria-labelledby': 'guardians-heading' }, g.items()),
            h(
              'p',
              null,
              t(
                'Any {threshold} of these {count} can move your chart to a new wallet, {delay} after they approve; meanwhile this wallet can cancel.',
                { threshold: g.threshold, count: g.guardians.length, delay: delayWords(g.delay) },
              ),
              g.since ? [' ', t('Named on {date}.', { date: when(g.since) })] : null,
            ),
            h('p', null, h('a', { href: '#/chart/recovery/kit' }, 'Your recovery kit (to print)')),
          );
          const { kitOutOfDate } = await import('../chain/recovery.js');
          replace(stale, (await kitOutOfDate(provider, s.account)) ? renewPanel(app, s, keys, { result }) : null);
        } catch (e) {
          replace(now, h('p', null, 'Your guardians could not be read.'));
          app.fail(e, { action: 'reading your guardians', retry: showNow });
        }
      };
      showNow();
      append(body, result, chooseForm(app, s, keys, { provider, onDone: showNow, result }));
      append(
        body,
        h('h2', null, 'Helping someone else'),
        h(
          'p',
          null,
          tNodes('If someone named you as their guardian, you approve their recovery on {link}.', {
            link: h('a', { href: '#/guardian' }, 'Charts you guard'),
          }),
        ),
      );
    },
  });
}

/**
 * For a chart recovered into this wallet and still on the lost wallet's keys (the screen the
 * recovery leads to): the offer to replace them, and the way on to the chart without doing so.
 */
function replaceOffer(app, chart, onDone) {
  const onward = h('a', { class: 'button button-secondary', href: '#/chart' }, 'Not now: open my chart');
  return replaceKeysPanel(app, {
    chart,
    after: onward,
    onDone: (r) => {
      onward.replaceWith(h('a', { class: 'button', href: '#/chart' }, 'Open my chart'));
      onDone(r);
    },
  });
}

/**
 * The kit misses the chart's newest keys (they were replaced after the guardians were named): a
 * recovery would bring back only the older ones. Names the same guardians again with a fresh split
 * (chain/recovery.js renewKit); a paper share gets new words.
 */
function renewPanel(app, s, keys, { result }) {
  const status = txStatusLine();
  const box = h(
    'section',
    { class: 'notice notice-warning', id: 'kit-out-of-date', 'aria-labelledby': 'kit-out-of-date-heading' },
    h('h3', { class: 'notice-title', id: 'kit-out-of-date-heading' }, 'Your guardians hold only your older keys'),
    h(
      'p',
      null,
      'You moved to new keys after naming them: a recovery now would open your older records only. Give them new shares that hold your keys as they are now (the same guardians; a paper share gets new words, and the old ones stop working).',
    ),
    h(
      'div',
      { class: 'actions' },
      button('Give my guardians new shares', (e) =>
        busy(e.currentTarget, async () => {
          try {
            app.session.activate();
            status.textContent = translate('Splitting your keys among your guardians…');
            const { renewKit } = await import('../chain/recovery.js');
            const r = await renewKit({ provider: app.wallet.provider(), chart: s.account, keys });
            status.textContent = '';
            box.remove();
            if (r.paperWords) {
              replace(result, paperPanel(keepPaperShare(s.account, r.paperWords)));
              result.querySelector('h3').focus();
            }
            notify({ kind: 'success', key: 'renew-kit', title: 'Your guardians hold new shares', timeoutMs: 8000 });
          } catch (err) {
            status.textContent = '';
            app.fail(err, { action: 'giving your guardians new shares', key: 'renew-kit' });
          }
        }),
      ),
    ),
    status,
  );
  return box;
}

/**
 * The form that names guardians: clinicians and linked relatives from a list, accounts by address,
 * a paper share; t and the delay.
 */
function chooseForm(app, s, keys, { provider, onDone, result }) {
  /** @type {{ kind: 'account', address: string, publicKey: Uint8Array, name?: string }[]} */
  const chosen = [];
  let directory = [];
  const clinician = h('select', { name: 'clinician' }, h('option', { value: '' }, 'Reading the directory…'));
  const clinicianField = field({
    label: 'A clinician, or a relative linked to your chart',
    hint: 'Relatives who confirmed a family link, and clinicians listed publicly, who published their encryption key.',
    control: clinician,
  });
  const address = h('input', {
    type: 'text',
    name: 'address',
    autocomplete: 'off',
    spellcheck: 'false',
    // The format of an address, not language.
    placeholder: '0x…',
    translate: 'no',
  });
  const addressField = field({
    label: 'A relative or friend, by their account address',
    hint: 'They need an account on this page with its encryption key set up (registered as a patient, for instance).',
    control: address,
  });
  const paperBox = h('input', { type: 'checkbox', id: 'guardian-paper', name: 'paper', checked: true });
  const list = h('ul', { id: 'guardian-chosen', 'aria-live': 'polite' });
  const threshold = h('select', { name: 'threshold' });
  const thresholdField = field({ label: 'How many guardians must approve', control: threshold });
  const delay = h(
    'select',
    { name: 'delay' },
    DELAYS.map(([v, l]) => h('option', { value: String(v), selected: v === 3 * 86400 }, l)),
  );
  const delayField = field({
    label: 'Waiting time before the chart moves',
    hint: 'During this time this wallet sees the pending recovery on its chart and can cancel it.',
    control: delay,
  });
  const status = txStatusLine();
  const submit = button('Name these guardians', null, { type: 'submit' });

  const count = () => chosen.length + (paperBox.checked ? 1 : 0);
  const drawChosen = () => {
    replace(
      list,
      chosen.map((c, i) =>
        h(
          'li',
          null,
          c.name ?? tNodes('Account {address}', { address: addressText(c.address) }),
          ' ',
          button(
            'Remove',
            () => {
              chosen.splice(i, 1);
              drawChosen();
            },
            { variant: 'secondary', 'aria-label': t('Remove {name}', { name: c.name ?? c.address }) },
          ),
        ),
      ),
      paperBox.checked ? h('li', null, 'A paper share') : null,
    );
    const n = count();
    const keep = Number(threshold.value) || 2;
    replace(
      threshold,
      n < 2
        ? h('option', { value: '' }, 'Choose at least two guardians first')
        : Array.from({ length: n - 1 }, (_, i) => i + 2).map((k) =>
            h('option', { value: String(k), selected: k === Math.min(keep, n) }, t('{k} of {n}', { k, n })),
          ),
    );
  };
  paperBox.addEventListener('change', drawChosen);

  const add = async (entry) => {
    if (chosen.some((c) => sameAddress(c.address, entry.address))) return 'Already among your guardians.';
    if (sameAddress(entry.address, s.account) || sameAddress(entry.address, signerFor(s.account)))
      return 'Your own account cannot guard your chart: it is the one you might lose.';
    if (count() >= MAX_GUARDIANS) return t('At most {n} guardians.', { n: MAX_GUARDIANS });
    chosen.push(entry);
    drawChosen();
    return null;
  };
  const addClinician = button(
    'Add this guardian',
    async () => {
      // Number('') is 0: "Choose…" chooses nobody.
      const d = clinician.value === '' ? null : directory[Number(clinician.value)];
      clinicianField.setError(
        d ? await add({ kind: 'account', address: d.id, publicKey: d.key, name: d.label }) : 'Choose someone.',
      );
    },
    { variant: 'secondary' },
  );
  const addAccount = button(
    'Add this account',
    (e) =>
      busy(e.currentTarget, async () => {
        const api = await ehr();
        const text = address.value.trim();
        if (!/^0x[0-9a-fA-F]{40}$/.test(text)) {
          addressField.setError('Enter an account address: 0x followed by 40 hexadecimal digits.');
          return;
        }
        try {
          const { publicKey } = await sealingKey(provider, { tag: GRANTEE_TAG.MEMBER, account: text });
          if (!publicKey) {
            addressField.setError(
              'This account has no encryption key yet, so nothing can be sealed to it. Ask them to open this page and set up their chart (or publish their key) first.',
            );
            return;
          }
          const checksummed = api.address.toChecksum(text);
          const err = await add({ kind: 'account', address: checksummed, publicKey });
          addressField.setError(err);
          if (!err) address.value = '';
        } catch (err) {
          app.fail(err, { action: 'checking the account' });
        }
      }),
    { variant: 'secondary' },
  );

  (async () => {
    const { granteeDirectory, relativeGrantees } = await import('../records/grantees.js');
    const { isZeroKey } = await import('../records/access-rules.js');
    const { linksOf, RELATIONS } = await import('./family.js');
    const api = await ehr();
    const relatives = await relativeGrantees(provider, await linksOf(provider, s.account), (l) =>
      t('Your {relation} {name}', {
        relation: translate(RELATIONS[l.relationOfOther] ?? 'relative'),
        name: shortAddress(l.other),
      }),
    );
    directory = [...relatives, ...(await granteeDirectory(provider)).filter((d) => d.type === 'member')]
      .filter((d) => !isZeroKey(hexOf(d.publicKey)) && !sameAddress(d.id, s.account))
      .map((d) => ({ ...d, key: api.fromHex(hexOf(d.publicKey)) }));
    replace(
      clinician,
      h('option', { value: '' }, directory.length ? 'Choose…' : 'Nobody listed has published a key'),
      directory.map((d, i) => h('option', { value: String(i) }, d.label)),
    );
  })().catch((e) => app.fail(e, { action: 'reading who can be a guardian' }));

  const form = h(
    'form',
    { 'aria-labelledby': 'choose-heading', novalidate: true },
    h('h2', { id: 'choose-heading' }, 'Choose your guardians'),
    h(
      'p',
      null,
      'Naming guardians replaces any you named before: their shares stop working. Choose people you trust and can reach, and who know each other little: together, as many as you choose could take your chart.',
    ),
    clinicianField.wrap,
    h('div', { class: 'actions' }, addClinician),
    addressField.wrap,
    h('div', { class: 'actions' }, addAccount),
    h(
      'div',
      { class: 'field check' },
      paperBox,
      h('label', { for: 'guardian-paper' }, 'A paper share: words you write down and keep somewhere safe'),
    ),
    h('h3', { id: 'chosen-heading' }, 'Your guardians'),
    list,
    thresholdField.wrap,
    delayField.wrap,
    h('div', { class: 'actions' }, submit),
    status,
  );
  list.setAttribute('aria-labelledby', 'chosen-heading');
  drawChosen();

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const n = count();
    const k = Number(threshold.value);
    if (n < 2) {
      thresholdField.setError('Choose at least two guardians (a paper share counts as one).');
      return;
    }
    thresholdField.setError(null);
    const api = await ehr();
    const guardians = [
      ...chosen.map((c) => ({ kind: 'account', publicKey: c.publicKey })),
      ...(paperBox.checked ? [{ kind: 'paper' }] : []),
    ];
    let made;
    try {
      status.textContent = translate('Splitting your keys among your guardians…');
      made = createKit(api, { keys, guardians, threshold: k });
    } catch (err) {
      status.textContent = '';
      app.fail(err, { action: 'splitting your keys' });
      return;
    }
    const addresses = [...chosen.map((c) => c.address), ...(made.paperAddress ? [made.paperAddress] : [])];
    const done = await sendTx(app, {
      button: submit,
      status,
      contract: 'EhrForwarder',
      fn: 'setGuardians',
      args: [addresses, k, Number(delay.value), made.kit],
      action: 'naming your guardians',
      success: 'Your guardians are named',
    });
    if (!done) return;
    chosen.splice(0);
    drawChosen();
    onDone();
    if (made.paperWords) {
      replace(result, paperPanel(keepPaperShare(s.account, made.paperWords)));
      result.querySelector('h3').focus();
    } else replace(result);
  });
  return form;
}

/** The printable recovery kit: made in this page, never uploaded. */
function kitScreen(app) {
  return chartScreen(app, {
    path: '/chart/recovery/kit',
    title: 'Your recovery kit',
    needKeys: false,
    async draw(body, s) {
      const { qrImage } = await import('../qr-image.js');
      const names = await guardianNames(app.wallet.provider()).catch(() => new Map());
      const g = await guardianListing(app, s.account, names).catch(() => null);
      const words = paperShareOf(s.account);
      const pageAddress = `${location.origin}${location.pathname}`;
      append(
        body,
        h(
          'section',
          { id: 'recovery-kit', class: 'kit', 'aria-labelledby': 'kit-heading' },
          h('h2', { id: 'kit-heading' }, 'Recovery kit of a health chart'),
          h('p', null, 'Chart (the address of the wallet that holds it):'),
          h('p', { class: 'mono', id: 'kit-chart', translate: 'no' }, s.account),
          await qrImage(s.account, { label: translate('QR code of the chart’s address'), size: 180 }),
          h('h3', null, 'Your paper share'),
          words
            ? h(
                'ol',
                { class: 'words', id: 'kit-words', translate: 'no' },
                words.map((w) => h('li', null, w)),
              )
            : h(
                'p',
                null,
                'The words of your paper share were shown once, when you named your guardians, and are not kept: copy them here by hand.',
              ),
          h('h3', null, 'If you lose your wallet'),
          h(
            'ol',
            { class: 'steps' },
            h(
              'li',
              null,
              tNodes('Open {address} with a new wallet and choose “Recover a chart” on the Connect screen.', {
                address: h('span', { class: 'mono', translate: 'no' }, pageAddress),
              }),
            ),
            h('li', null, 'Enter the chart’s address above, or scan its QR code.'),
            h(
              'li',
              null,
              'Send the recovery request the page shows to your guardians. Each of them will check with you, by phone or in person, that it is yours.',
            ),
            h('li', null, 'Type the words of your paper share when the page asks for them.'),
            h(
              'li',
              null,
              g
                ? t(
                    'When {threshold} guardians have approved, wait {delay}, then complete the recovery: your new wallet opens your records.',
                    { threshold: g.threshold, delay: delayWords(g.delay) },
                  )
                : 'When enough guardians have approved and the waiting time is over, complete the recovery: your new wallet opens your records.',
            ),
          ),
          g && g.guardians.length
            ? [
                h('h3', { id: 'kit-guardians-heading' }, 'Your guardians'),
                h('ul', { 'aria-labelledby': 'kit-guardians-heading' }, g.items()),
              ]
            : null,
          h(
            'p',
            null,
            h(
              'strong',
              null,
              'Keep this sheet safe and apart from your wallet: with it, fewer guardians are needed to take your chart.',
            ),
          ),
          h(
            'p',
            { class: 'muted' },
            t('Made in this page on {date}; nothing of it was sent anywhere.', {
              date: formatDate(Math.floor(Date.now() / 1000), { dateStyle: 'long', timeStyle: null }),
            }),
          ),
        ),
        h(
          'div',
          { class: 'actions' },
          button('Print', () => window.print()),
          h('a', { class: 'button button-secondary', href: '#/chart/recovery' }, 'Back to Recovery'),
        ),
      );
    },
  });
}
