// Pieces the recovery screens share, and the two the chart frame shows (patient-frame.js): the
// banner of a pending recovery with "Cancel" for the chart's wallet, and the way into a chart this
// wallet recovered (instead of registration); the paper share's words once made, and the offer to
// replace a recovered chart's keys. Protocol steps live in chain/recovery.js and
// records/recovery.js; this file only draws. Every sentence is a message of the catalogue
// (i18n.js); addresses, names and the paper share's words are data, marked translate="no".
import { h, replace, button, busy } from '../dom.js';
import { t, translate } from '../i18n.js';
import { notify } from '../notices.js';
import { onWipe } from '../key-registry.js';
import { formatDate, sameAddress, shortAddress } from '../format.js';
import { tNodes } from './chart-common.js';
import { sendTx, txStatusLine } from '../tx.js';
import { GUARDIAN_KIND } from '../records/recovery.js';
import { keysFromOldWallet } from '../records/account-keys.js';

/**
 * The paper share made in this session, for the kit page: { chart, words, at }. Kept in memory
 * only (lock drops it); the words are a string, which JS cannot overwrite.
 */
let paper = null;
onWipe(() => {
  paper = null;
});

/** Keeps the words of the paper share just made for `chart` (for the kit page), replacing any. */
export function keepPaperShare(chart, words) {
  paper = { chart, words: words.split(' '), at: Date.now() };
  return paper.words;
}

/** The words of the paper share made for `chart` in this session, or null. */
export const paperShareOf = (chart) => (paper && sameAddress(paper.chart, chart) ? paper.words : null);

/** The paper share's words, to write down (shown once after naming, and in the kit). */
export function paperPanel(words) {
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'paper-heading' },
    h('h3', { id: 'paper-heading', tabIndex: -1 }, 'Your paper share'),
    h(
      'p',
      null,
      t(
        'Write these {count} words on paper, in order, and keep the paper somewhere safe, apart from your wallet’s recovery phrase. They are one guardian’s share: with the other guardians’ approval they move your chart to a new wallet. This page does not keep them.',
        { count: words.length },
      ),
    ),
    // The words are the share itself (SLIP-0039's English word list): data, never translated.
    h(
      'ol',
      { class: 'words', id: 'paper-words', translate: 'no' },
      words.map((w) => h('li', null, w)),
    ),
    h('p', null, h('a', { href: '#/chart/recovery/kit' }, 'Print your recovery kit with these words')),
  );
}

/**
 * The offer to replace the keys of a chart this wallet recovered (chain/recovery.js replaceKeys):
 * why (the lost wallet, in someone's hands, still makes the keys in use), what happens, and the
 * new paper share's words afterwards. `after` is shown beside the button (a link onwards);
 * `onDone(result)` runs once the keys are replaced.
 * @param {any} app
 * @param {{ chart: string, after?: Node, onDone?: (r: any) => void }} o
 */
export function replaceKeysPanel(app, { chart, after, onDone }) {
  const status = txStatusLine();
  const result = h('div');
  const nameOf = (g) =>
    g.account
      ? t('account {address}', { address: shortAddress(g.account) })
      : t('institution {id}', { id: String(g.institutionId) });
  const go = button('Replace the keys now', (e) =>
    busy(e.currentTarget, async () => {
      try {
        app.session.activate();
        const { replaceKeys } = await import('../chain/recovery.js');
        const r = await replaceKeys({
          provider: app.wallet.provider(),
          chart,
          nameOf,
          // The steps' words come translated (chain/recovery.js, records/access.js).
          onStatus: (text) => {
            status.textContent = text;
          },
        });
        const version = r.version;
        const shared = r.skipped.length
          ? t('New keys in use (key version {version}), shared with everyone who has access, except {names}.', {
              version,
              names: r.skipped.map((x) => nameOf(x.grant)).join(', '),
            })
          : t('New keys in use (key version {version}), shared with everyone who has access.', { version });
        status.textContent = r.renewed
          ? `${shared} ${translate('Your guardians hold new shares that include them.')}`
          : shared;
        go.hidden = true;
        if (r.paperWords) {
          replace(result, paperPanel(keepPaperShare(chart, r.paperWords)));
          result.querySelector('h3').focus();
        }
        notify({
          kind: 'success',
          key: 'replace-keys',
          title: 'Your chart has new keys',
          message:
            'What you add from now on is closed to the wallet you lost. Your older records stay readable to you and to those you share with.',
          timeoutMs: 10000,
        });
        onDone?.(r);
      } catch (err) {
        status.textContent = translate('The keys were not replaced completely: try again.');
        app.fail(err, { action: 'replacing the keys', key: 'replace-keys' });
      }
    }),
  );
  return h(
    'section',
    { class: 'panel', id: 'replace-keys', 'aria-labelledby': 'replace-keys-heading' },
    h('h2', { id: 'replace-keys-heading', tabIndex: -1 }, 'Replace the keys now'),
    h(
      'p',
      null,
      'This chart still uses the keys of the wallet you lost. If your old phone or wallet may be in someone else’s hands, they can still make these keys and read what you add. Replace the keys so that it cannot read what you add next: from then on new records use keys only this wallet can make. Your records so far stay readable to you and to everyone you share with, who receive the new keys.',
    ),
    h(
      'p',
      null,
      'Your guardians then get new shares holding the new keys. If one of them is a paper share, you get new words to write down, and the old ones stop working.',
    ),
    h('div', { class: 'actions' }, go, after ?? null),
    status,
    result,
  );
}

/** A date and time in words, in the reader's locale (the chain's seconds). */
export const when = (seconds) => formatDate(seconds, { dateStyle: 'long' });

/** A delay in words, in the reader's language: "72 hours", "7 days". */
export const delayWords = (seconds) => {
  if (seconds % 86400 === 0 && seconds >= 4 * 86400) return t('{n} days', { n: seconds / 86400 });
  const hours = Math.round(seconds / 3600);
  return hours === 1 ? translate('1 hour') : t('{n} hours', { n: hours });
};

/**
 * Names of guardians: the public listing of clinicians by address (lower case) → label. Patients
 * have no public names: they are shown by address.
 */
export async function guardianNames(provider) {
  const { granteeDirectory } = await import('../records/grantees.js');
  const names = new Map();
  for (const d of await granteeDirectory(provider)) if (d.type === 'member') names.set(d.id.toLowerCase(), d.label);
  return names;
}

/**
 * An address in running text: monospace, it may wrap anywhere on a narrow screen, and it is data
 * (translate="no").
 */
export const addressText = (address) => h('span', { class: 'mono', translate: 'no' }, address);

/**
 * How a guardian is shown (fresh nodes on every call): the paper share, a clinician's listing
 * (records/grantees.js, in the reader's language), or an account's address. `start`: the form
 * that begins a sentence or a list item ("The paper share", "Account 0x…").
 * @returns {(Node | string)[]}
 */
export function guardianLabel(address, { kit, index, names, start = false }) {
  if (kit?.guardians[index]?.kind === GUARDIAN_KIND.PAPER)
    return [translate(start ? 'The paper share' : 'the paper share')];
  const name = names?.get(address.toLowerCase());
  if (name) return [name];
  return tNodes(start ? 'Account {address}' : 'account {address}', { address: addressText(address) });
}

/** A guardian's label as a list item. */
export const guardianItem = (address, o) => h('li', null, guardianLabel(address, { ...o, start: true }));

/**
 * A "Scan the QR code" button that fills `input` with what the camera reads, shown only where the
 * browser can scan (qr-scan.js); `into` holds the camera view.
 */
export function scanInto(input, into, { label }) {
  const scan = button('Scan the QR code with the camera', null, { variant: 'secondary', hidden: true });
  import('../qr-scan.js').then(
    async (q) => {
      if (!(await q.canScan())) return;
      scan.hidden = false;
      scan.addEventListener('click', async () => {
        const view = q.scanQr({ label });
        replace(into, view.element);
        scan.hidden = true;
        try {
          const text = await view.done;
          if (text !== null) input.value = text;
        } catch {
          notify({
            kind: 'error',
            key: 'scan',
            title: 'The camera could not be used',
            message: 'The browser was not allowed to use the camera, or there is none.',
            advice: 'Type or paste the text instead.',
          });
        } finally {
          scan.hidden = false;
        }
      });
    },
    () => {},
  );
  return scan;
}

/**
 * The chart frame's banner: a recovery of `chart` is pending (someone's guardians approved
 * moving it to another wallet). Its wallet can cancel it. Empty when none is pending.
 */
export function pendingRecoveryBanner(app, chart) {
  const box = h('div');
  (async () => {
    const { recoveryOf, chainTime, chartOf } = await import('../chain/recovery.js');
    const provider = app.wallet.provider();
    const [r, now, standing] = await Promise.all([
      recoveryOf(provider, chart),
      chainTime(provider),
      chartOf(provider, chart),
    ]);
    const { signerFor } = await import('../chain/relay.js');
    const signer = signerFor(chart);
    const acting = signer
      ? [
          h(
            'p',
            { class: 'muted', id: 'recovery-acting' },
            tNodes('A recovered chart: the wallet {address} acts for it, with the keys its guardians’ shares opened.', {
              address: addressText(signer),
            }),
          ),
          // The Recovery screen itself shows the offer (replaceKeysPanel) instead.
          keysFromOldWallet(chart) && !location.hash.startsWith('#/chart/recovery')
            ? h(
                'p',
                { class: 'notice notice-warning', id: 'recovery-old-keys' },
                'This chart still uses the keys of the wallet you lost: whoever has that wallet can read what you add.',
                ' ',
                h('a', { href: '#/chart/recovery' }, 'Replace the keys'),
              )
            : null,
        ]
      : null;
    if (!standing && !signer) {
      // This address handed its chart to a successor: it reads, it can no longer change anything.
      replace(
        box,
        h(
          'p',
          { class: 'notice notice-warning', id: 'recovery-retired' },
          'This wallet no longer holds this chart: it was moved to another wallet by guardian recovery. You can still read what this page shows; nothing can be changed from here.',
        ),
      );
      return;
    }
    if (!r.successor) {
      replace(box, acting);
      return;
    }
    const status = txStatusLine();
    const cancel = button(
      'Cancel the recovery',
      async (e) => {
        const done = await sendTx(app, {
          button: e.currentTarget,
          status,
          contract: 'EhrForwarder',
          fn: 'cancelRecovery',
          args: [],
          action: 'cancelling the recovery',
          success: 'Recovery cancelled: your chart stays with this wallet',
        });
        if (!done) return;
        replace(box);
        // The guardians who approved sealed their shares to that wallet: enough of them to open the
        // vault of the kit they belong to. Only new keys and a fresh split close what comes next.
        notify({
          kind: 'warning',
          key: 'recovery-cancelled-keys',
          title: 'Move to new keys, then give your guardians new shares',
          message: t(
            'The guardians who approved sent their shares to {address}: together they open the keys in your recovery kit, and with them your records so far.',
            { address: shortAddress(r.successor) },
          ),
          advice:
            'Move to new encryption keys on Access, then give your guardians new shares on Recovery: what you add from then on is closed to that wallet.',
          actions: [{ label: 'Open Access', run: () => app.router.go('/chart/access') }],
        });
      },
      { variant: 'danger' },
    );
    replace(
      box,
      h(
        'section',
        { class: 'notice notice-warning', id: 'recovery-pending', 'aria-labelledby': 'recovery-pending-heading' },
        h('h2', { class: 'notice-title', id: 'recovery-pending-heading' }, 'Your guardians approved moving your chart'),
        h(
          'p',
          null,
          r.approvals === 1
            ? tNodes('One guardian approved moving this chart to the account {address}.', {
                address: addressText(r.successor),
              })
            : tNodes('{count} guardians approved moving this chart to the account {address}.', {
                count: r.approvals,
                address: addressText(r.successor),
              }),
          ' ',
          r.readyAt > now
            ? t('It moves there after {date} unless you cancel.', { date: when(r.readyAt) })
            : 'The waiting time is over: it moves as soon as that account completes the recovery, unless you cancel now.',
        ),
        h(
          'p',
          null,
          tNodes('{cancelNow}, then tell your guardians: someone may be trying to take your chart.', {
            cancelNow: h('strong', null, 'If you did not ask for this, cancel now'),
          }),
        ),
        h('div', { class: 'actions' }, cancel),
        status,
      ),
      acting,
    );
  })().catch(() => {
    // no recovery contract in this build, or the network did not answer: nothing to show
  });
  return box;
}

/** After connecting: a notice when a recovery of the account's chart is pending (it may cancel it). */
export async function noticePendingRecovery(app, account) {
  const { recoveryOf } = await import('../chain/recovery.js');
  const r = await recoveryOf(app.wallet.provider(), account);
  if (!r.successor) return;
  notify({
    kind: 'warning',
    key: 'recovery-pending',
    title: 'A recovery of your chart is pending',
    message: t('Guardians approved moving your chart to {address}. If you did not ask for it, cancel it now.', {
      address: r.successor,
    }),
    actions: [{ label: 'See it', run: () => app.router.go('/chart/recovery') }],
  });
}

/**
 * Instead of registration, for a wallet that took over a chart: the way into it (its own keys
 * open the guardians' shares, which open the chart's keys). Resolves to null when the wallet
 * recovered no chart.
 */
export async function recoveredChartPanel(app, account) {
  const { chartOf } = await import('../chain/recovery.js');
  const chart = await chartOf(app.wallet.provider(), account);
  if (!chart || sameAddress(chart, account)) return null;
  const status = h('p', { class: 'muted', role: 'status' });
  const open = button('Open the recovered chart', (e) =>
    busy(e.currentTarget, async () => {
      app.session.activate();
      status.textContent = translate(
        'Approve the signature requests in your wallet (two, and two more for each key version made since the recovery); then the guardians’ shares are opened…',
      );
      try {
        const { openRecoveredChart } = await import('../chain/recovery.js');
        await openRecoveredChart({ provider: app.wallet.provider(), chart, successor: account });
        status.textContent = '';
      } catch (err) {
        status.textContent = '';
        app.fail(err, { action: 'opening the recovered chart', key: 'recovered' });
      }
    }),
  );
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'recovered-heading' },
    h('h2', { id: 'recovered-heading' }, 'This wallet holds a recovered chart'),
    h(
      'p',
      null,
      tNodes(
        'Your guardians moved the chart {address} to this wallet. Its keys are in the shares they sealed to this wallet: your wallet signs “EncryptionKeyRequest” twice to open them, and twice more for each key version it made for the chart since.',
        { address: h('span', { class: 'mono', translate: 'no' }, shortAddress(chart)) },
      ),
    ),
    h('div', { class: 'actions' }, open),
    status,
  );
}
