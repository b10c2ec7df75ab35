// The patient's "Give access" form: who (clinicians, institutions, relatives for family history),
// which categories, until when; sent as a grant, or signed as a consent code (shown as text and
// a QR code) that a clinician submits and pays for.
import { h, replace, field, button, busy } from '../dom.js';
import { t, translate } from '../i18n.js';
import { qrImage } from '../qr-image.js';
import { keepDraft, dropDraft } from '../drafts.js';
import { hexOf } from '../format.js';
import { sendTx, txStatusLine } from '../tx.js';
import { SCOPES, RELATIVE_SCOPES, scopeMask } from '../records/scopes.js';
import { sealCurrentKeys } from '../records/renewal.js';
import { isZeroKey } from '../records/access-rules.js';
import { copyButton, granteeLabel, granteeLabelNodes, tNodes } from './chart-common.js';

/**
 * The form; `setDirectory(entries, names)` lists who can be chosen (a reload keeps the choice),
 * named in the reader's language (chart-common.js granteeLabel, with the registry's `names`).
 * ctx: { app, s, keys, provider, load } (load: redraw the access list after a grant).
 */
export function grantForm(ctx) {
  const { app, s, keys, provider } = ctx;
  let directory = [];
  let names = null;
  const who = h('select', { name: 'grantee' });
  const whoField = field({
    label: 'Who',
    hint: 'Clinicians and institutions listed publicly on the network, and relatives who confirmed a family link (family history only).',
    control: who,
  });
  const scopeBoxes = SCOPES.map(([sid, label]) =>
    h(
      'div',
      { class: 'check' },
      h('input', { type: 'checkbox', id: `scope-${sid}`, name: `scope-${sid}`, value: String(sid) }),
      h('label', { for: `scope-${sid}` }, label),
    ),
  );
  const scopeErr = h('p', { class: 'field-error', id: 'scopes-error', hidden: true });
  const expiry = field({
    label: 'Until (optional)',
    hint: 'Leave empty for no end date. You can revoke at any time.',
    control: h('input', { type: 'date', name: 'expiry' }),
  });
  const status = txStatusLine();
  const submit = button('Give access', null, { type: 'submit' });
  const signInstead = button('Sign a consent code instead (no ETH needed)', null, {
    type: 'submit',
    variant: 'secondary',
    name: 'consent',
  });
  const consentBox = h('div');
  const form = h(
    'form',
    { 'aria-labelledby': 'grant-heading', novalidate: true },
    whoField.wrap,
    h(
      'fieldset',
      { class: 'scopes', 'aria-describedby': 'scopes-error' },
      h('legend', null, 'Which categories'),
      scopeBoxes,
      scopeErr,
    ),
    expiry.wrap,
    h('div', { class: 'actions' }, submit, signInstead),
    status,
    consentBox,
  );
  const save = keepDraft('grant', form);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    save();
    const entry = directory[Number(who.value)];
    const mask = scopeMask((sid) => form.querySelector(`#scope-${sid}`).checked);
    whoField.setError(entry ? null : 'Choose who gets access.');
    const scopeProblem = !mask
      ? 'Choose at least one category.'
      : entry?.type === 'relative' && mask !== RELATIVE_SCOPES
        ? 'A relative can receive the Family history category only.'
        : '';
    scopeErr.textContent = scopeProblem ? translate(scopeProblem) : '';
    scopeErr.hidden = !scopeProblem;
    if (entry && scopeProblem) {
      form.querySelector(mask ? '#scope-5' : '#scope-0').focus();
      return;
    }
    let exp = 0;
    if (expiry.control.value) {
      exp = Math.floor(new Date(`${expiry.control.value}T23:59:59`).getTime() / 1000);
      expiry.setError(exp * 1000 > Date.now() ? null : 'Choose a date in the future.');
      if (exp * 1000 <= Date.now()) return;
    } else {
      expiry.setError(null);
    }
    if (!entry || !mask) {
      (!entry ? who : form.querySelector('#scope-0')).focus();
      return;
    }
    const payload = await sealCurrentKeys(provider, s.account, keys.chartRoot, entry.publicKey, mask);
    if (e.submitter === signInstead) {
      await busy(signInstead, async () => {
        try {
          status.textContent = translate(
            s.wallet?.kind === 'builtin' ? 'Signing…' : 'Approve the signature in your wallet…',
          );
          const { signConsent } = await import('../records/consent.js');
          const code = await signConsent(provider, {
            patient: s.account,
            grantee: entry.grantee,
            scopes: mask,
            expiry: exp,
            wrappedKeys: payload,
          });
          status.textContent = '';
          const box = h('textarea', {
            id: 'consent-code',
            readOnly: true,
            rows: 6,
            spellcheck: 'false',
            class: 'mono',
          });
          box.value = code;
          let qr = null;
          try {
            qr = await qrImage(code, { label: translate('QR code of the consent code below'), id: 'consent-qr' });
          } catch {
            qr = h('p', { class: 'muted' }, 'This consent is too long for a QR code: copy the text instead.');
          }
          replace(
            consentBox,
            h(
              'section',
              { class: 'panel', 'aria-labelledby': 'consent-heading' },
              h(
                'h3',
                { id: 'consent-heading', tabIndex: -1 },
                tNodes('Consent code for {name}', {
                  name: h('span', null, names ? granteeLabelNodes(names, entry) : entry.label),
                }),
              ),
              h(
                'p',
                null,
                'Show the QR code to the clinician, or give them the text below. They submit it and pay the network fee; it is valid for 7 days and works once.',
              ),
              qr,
              h('label', { for: 'consent-code' }, 'Consent code'),
              box,
              h('div', { class: 'actions' }, copyButton(code, { label: 'Copy the code', select: box })),
            ),
          );
          consentBox.querySelector('h3').focus();
        } catch (err) {
          status.textContent = '';
          app.fail(err, { action: 'signing the consent', key: 'consent' });
        }
      });
      return;
    }
    const r = await sendTx(app, {
      button: submit,
      status,
      contract: 'EhrHub',
      fn: 'grantAccess',
      args: [entry.grantee, mask, exp, payload],
      action: 'giving access',
      success: t('Access given to {name}', { name: granteeLabel(names, entry) }),
    });
    if (r) {
      dropDraft('grant');
      form.reset();
      ctx.load();
    }
  });
  const setDirectory = (entries, known = null) => {
    directory = entries;
    names = known;
    const chosen = who.value;
    replace(
      who,
      h('option', { value: '' }, 'Choose…'),
      directory.map((d, i) =>
        h(
          'option',
          { value: String(i), disabled: isZeroKey(hexOf(d.publicKey)) },
          isZeroKey(hexOf(d.publicKey))
            ? t('{name} (not set up yet)', { name: granteeLabel(names, d) })
            : granteeLabel(names, d),
        ),
      ),
    );
    who.value = chosen; // a reload keeps what was being chosen
  };
  return { form, setDirectory };
}
