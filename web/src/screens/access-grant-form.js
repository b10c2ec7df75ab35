// The patient's "Give access" form: who (clinicians, institutions, relatives for family history),
// which categories, until when; sent as a grant, or signed as a consent code (shown as text and
// a QR code) that a clinician submits and pays for.
import { h, replace, field, button, busy } from '../dom.js';
import { qrImage } from '../qr-image.js';
import { notify } from '../notices.js';
import { keepDraft, dropDraft } from '../drafts.js';
import { hexOf } from '../format.js';
import { sendTx, txStatusLine } from '../tx.js';
import { SCOPES, RELATIVE_SCOPES, scopeMask } from '../records/scopes.js';
import { sealCurrentKeys } from '../records/renewal.js';
import { isZeroKey } from '../records/access-rules.js';

/**
 * The form; `setDirectory(entries)` lists who can be chosen (a reload keeps the choice).
 * ctx: { app, s, keys, provider, load } (load: redraw the access list after a grant).
 */
export function grantForm(ctx) {
  const { app, s, keys, provider } = ctx;
  let directory = [];
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
    scopeErr.textContent = scopeProblem;
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
          status.textContent = s.wallet?.kind === 'builtin' ? 'Signing…' : 'Approve the signature in your wallet…';
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
            qr = await qrImage(code, { label: 'QR code of the consent code below', id: 'consent-qr' });
          } catch {
            qr = h('p', { class: 'muted' }, 'This consent is too long for a QR code: copy the text instead.');
          }
          replace(
            consentBox,
            h(
              'section',
              { class: 'panel', 'aria-labelledby': 'consent-heading' },
              h('h3', { id: 'consent-heading', tabIndex: -1 }, `Consent code for ${entry.label}`),
              h(
                'p',
                null,
                'Show the QR code to the clinician, or give them the text below. They submit it and pay the network fee; it is valid for 7 days and works once.',
              ),
              qr,
              h('label', { for: 'consent-code' }, 'Consent code'),
              box,
              h(
                'div',
                { class: 'actions' },
                button(
                  'Copy the code',
                  async () => {
                    try {
                      await navigator.clipboard.writeText(code);
                      notify({ kind: 'success', key: 'copy', title: 'Copied', timeoutMs: 4000 });
                    } catch {
                      box.select();
                      notify({
                        kind: 'info',
                        key: 'copy',
                        title: 'Select and copy the code by hand',
                        message: 'The browser did not allow copying from the page.',
                      });
                    }
                  },
                  { variant: 'secondary' },
                ),
              ),
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
      success: `Access given to ${entry.label}`,
    });
    if (r) {
      dropDraft('grant');
      form.reset();
      ctx.load();
    }
  });
  const setDirectory = (entries) => {
    directory = entries;
    const chosen = who.value;
    replace(
      who,
      h('option', { value: '' }, 'Choose…'),
      directory.map((d, i) =>
        h(
          'option',
          { value: String(i), disabled: isZeroKey(hexOf(d.publicKey)) },
          isZeroKey(hexOf(d.publicKey)) ? `${d.label} (not set up yet)` : d.label,
        ),
      ),
    );
    who.value = chosen; // a reload keeps what was being chosen
  };
  return { form, setDirectory };
}
