// "Charts you guard", for any account a patient named as a guardian (a relative, a clinician): the
// charts it guards (GuardianNamed) with any recovery pending on them, and a recovery request to
// open (pasted or scanned). Approving opens the guardian's own share from the chart's kit with its
// keys, seals it again to the new wallet's key named in the request, and records the approval on
// chain; the screen asks the guardian to confirm with the patient out of band first. Sentences
// are messages of the catalogue (i18n.js); addresses are data (translate="no").
import { h, append, replace, field, button, busy } from '../dom.js';
import { t, translate } from '../i18n.js';
import { ehr } from '../module.js';
import config from '../config.js';
import { sameAddress } from '../format.js';
import { sendTx, txStatusLine } from '../tx.js';
import { addressOf } from '../chain/contracts.js';
import { unlockKeys } from '../records/account-keys.js';
import { decodeRequest } from '../records/recovery.js';
import { accountGate, gatedScreen } from './gated.js';
import { tNodes } from './chart-common.js';
import { addressText, delayWords, scanInto, when } from './recovery-parts.js';

export function guardianScreen(app) {
  return gatedScreen({
    title: 'Charts you guard',
    keyOf: (s) => `${s.account}|${s.chainId}|${s.roles ? 'r' : 'x'}`,
    gate: (s) => accountGate(app, s, 'Connect your wallet to see the charts you guard.'),
    draw(body, s) {
      const provider = app.wallet.provider();
      const guarded = h('div', null, h('p', { class: 'muted', role: 'status' }, 'Reading the charts you guard…'));
      append(
        body,
        h(
          'p',
          null,
          'A patient who names you as a guardian gives you a share of their chart’s keys, sealed to your key. Alone it opens nothing. If they lose their wallet, they send you a recovery request: you approve it here, after checking with them.',
        ),
        h('h2', { id: 'guarded-heading' }, 'Charts that named you'),
        guarded,
        requestForm(app, s, provider),
      );
      listGuarded(app, s.account, guarded).catch((e) => {
        replace(guarded, h('p', null, 'The charts you guard could not be read.'));
        app.fail(e, { action: 'reading the charts you guard' });
      });
    },
  });
}

async function listGuarded(app, me, box) {
  const rec = await import('../chain/recovery.js');
  const provider = app.wallet.provider();
  const named = await rec.chartsGuardedBy(provider, me);
  const rows = [];
  for (const c of named) {
    const [g, r] = await Promise.all([rec.guardiansOf(provider, c.chart), rec.recoveryOf(provider, c.chart)]);
    const still = g.guardians.some((x) => sameAddress(x, me));
    rows.push(
      h(
        'li',
        { dataset: { chart: c.chart } },
        addressText(c.chart),
        ' — ',
        still
          ? t('any {threshold} of {count} guardians, then {delay}.', {
              threshold: g.threshold,
              count: g.guardians.length,
              delay: delayWords(g.delay),
            })
          : 'no longer: the patient named other guardians.',
        still && c.at ? [' ', t('Named on {date}.', { date: when(c.at) })] : null,
        still && r.successor
          ? h(
              'p',
              null,
              h('span', { class: 'badge badge-bad' }, 'Recovery pending'),
              ' ',
              r.approvals === 1
                ? tNodes('to {address}, one approval.', { address: addressText(r.successor) })
                : tNodes('to {address}, {count} approvals.', {
                    address: addressText(r.successor),
                    count: r.approvals,
                  }),
            )
          : null,
      ),
    );
  }
  replace(
    box,
    rows.length
      ? h('ul', { class: 'cards', 'aria-labelledby': 'guarded-heading' }, rows)
      : h('p', null, 'Nobody has named you as a guardian.'),
  );
}

/** The request form, then the review panel with the out-of-band warning and "Approve". */
function requestForm(app, s, provider) {
  const input = h('textarea', { name: 'request', rows: 4, spellcheck: 'false', autocomplete: 'off', class: 'mono' });
  const inputField = field({
    label: 'The recovery request',
    hint: 'The text the patient sent you (it starts with ehr-recovery:), or scan its QR code.',
    control: input,
    id: 'guardian-request',
  });
  const scanBox = h('div');
  const review = h('div');
  const read = button('Read the request', null, { type: 'submit' });
  const form = h(
    'form',
    { 'aria-labelledby': 'approve-heading', novalidate: true },
    h('h2', { id: 'approve-heading' }, 'Approve a recovery request'),
    inputField.wrap,
    h(
      'div',
      { class: 'actions' },
      read,
      scanInto(input, scanBox, { label: 'Camera view: hold the patient’s QR code in front of it' }),
    ),
    scanBox,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    await busy(read, async () => {
      const api = await ehr();
      const rec = await import('../chain/recovery.js');
      let req;
      try {
        req = decodeRequest(api, input.value, { chainId: config.chainId, forwarder: addressOf('EhrForwarder') });
      } catch (err) {
        // records/recovery.js says why in English ('the recovery request is damaged'); as a
        // sentence, each reason is a message of the catalogue (setError translates it).
        const m = String(err?.message ?? '');
        inputField.setError(
          err?.code === 'ERR_BAD_REQUEST'
            ? `${m.charAt(0).toUpperCase()}${m.slice(1)}.`
            : 'This recovery request cannot be read: copy it again, whole.',
        );
        replace(review);
        return;
      }
      try {
        const [g, r] = await Promise.all([rec.guardiansOf(provider, req.chart), rec.recoveryOf(provider, req.chart)]);
        if (!g.guardians.some((x) => sameAddress(x, s.account))) {
          inputField.setError(
            'You are not a guardian of this chart (or no longer: the patient named other guardians).',
          );
          replace(review);
          return;
        }
        inputField.setError(null);
        replace(review, reviewPanel(app, s, provider, req, g, r));
        review.querySelector('h3').focus();
      } catch (err) {
        app.fail(err, { action: 'reading the recovery request' });
      }
    });
  });
  return h('div', null, form, review);
}

function reviewPanel(app, s, provider, req, g, r) {
  const confirmed = h('input', { type: 'checkbox', id: 'recovery-confirmed', name: 'confirmed' });
  const confirmErr = h('p', { class: 'field-error', id: 'recovery-confirmed-error', hidden: true });
  confirmed.addEventListener('change', () => {
    confirmErr.hidden = true;
    confirmed.removeAttribute('aria-invalid');
  });
  const status = txStatusLine();
  const approve = button('Approve the recovery', async (e) => {
    const btn = e.currentTarget;
    if (!confirmed.checked) {
      confirmErr.textContent = translate('Check with the patient first, then tick the box.');
      confirmErr.hidden = false;
      confirmed.setAttribute('aria-invalid', 'true');
      confirmed.focus();
      return;
    }
    confirmErr.hidden = true;
    confirmed.removeAttribute('aria-invalid');
    let args;
    try {
      app.session.activate();
      status.textContent = translate(
        s.wallet?.kind === 'builtin'
          ? 'Opening your share…'
          : 'Approve the two signature requests in your wallet to open your share…',
      );
      const own = await unlockKeys(provider, s.account);
      const { guardianApproval } = await import('../chain/recovery.js');
      args = await guardianApproval({
        provider,
        guardian: s.account,
        identities: own.identities,
        chart: req.chart,
        successor: req.successor,
        successorKey: (await ehr()).fromHex(req.encryptionKey),
      });
    } catch (err) {
      status.textContent = '';
      app.fail(err, { action: 'opening your share', key: 'guardian' });
      return;
    }
    const done = await sendTx(app, {
      button: btn,
      status,
      contract: 'EhrForwarder',
      fn: 'approveRecovery',
      args,
      action: 'approving the recovery',
      success: 'Your approval is recorded',
    });
    if (done) status.textContent = translate('Approved: your share is on its way to the new wallet, sealed to it.');
  });
  return h(
    'section',
    { class: 'panel', id: 'recovery-review', 'aria-labelledby': 'recovery-review-heading' },
    h('h3', { id: 'recovery-review-heading', tabIndex: -1 }, 'A request to move a chart to a new wallet'),
    h(
      'dl',
      { class: 'facts' },
      h('dt', null, 'Chart'),
      h('dd', { class: 'mono', translate: 'no' }, req.chart),
      h('dt', null, 'New wallet'),
      h('dd', { class: 'mono', id: 'recovery-successor', translate: 'no' }, req.successor),
      h('dt', null, 'Approvals'),
      h(
        'dd',
        null,
        r.successor && sameAddress(r.successor, req.successor)
          ? t('{count} so far; {threshold} needed, then {delay} of waiting.', {
              count: r.approvals,
              threshold: g.threshold,
              delay: delayWords(g.delay),
            })
          : t('{threshold} needed, then {delay} of waiting.', { threshold: g.threshold, delay: delayWords(g.delay) }),
      ),
    ),
    h(
      'p',
      { class: 'notice notice-warning' },
      h('strong', null, 'Before you approve, call or meet the patient.'),
      ' ',
      'Check that they asked for this and read them the new wallet’s address above: it must be theirs. Anyone can make a request, and a message can be forged; approving a stranger’s request helps them take the patient’s chart.',
    ),
    h(
      'div',
      { class: 'field check' },
      confirmed,
      h(
        'label',
        { for: 'recovery-confirmed' },
        'I checked with the patient, by phone or in person, that this request and this new wallet are theirs',
      ),
      confirmErr,
    ),
    h('div', { class: 'actions' }, approve),
    status,
  );
}
