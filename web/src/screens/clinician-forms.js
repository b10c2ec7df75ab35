// The clinician's forms on the Patients screen: opening emergency ("break-glass") access, and
// submitting a patient's signed consent or registration code (typed, pasted or scanned).
import { h, replace, button } from '../dom.js';
import { t, translate } from '../i18n.js';
import { notify } from '../notices.js';
import { formatDate, shortAddress } from '../format.js';
import { ehr } from '../module.js';
import { sendTx, txStatusLine } from '../tx.js';
import { scopeList } from '../records/scopes.js';
import { signedCodeCall } from '../records/access-rules.js';

/** Emergency ("break-glass") access: patient, mandatory reason, duration. */
export function emergencyForm(app, openChart) {
  const REASONS = {
    1: 'Patient unconscious or unable to consent',
    2: 'Life-threatening condition',
    3: 'Acute confusion or incapacity',
    4: 'Major trauma',
    5: 'Poisoning or overdose',
    6: 'Other emergency, documented in the chart',
  };
  const patient = h('input', {
    type: 'text',
    id: 'emergency-patient',
    name: 'patient',
    autocomplete: 'off',
    spellcheck: 'false',
    class: 'mono',
  });
  const reason = h(
    'select',
    { id: 'emergency-reason', name: 'reason' },
    h('option', { value: '' }, 'Choose the reason…'),
    Object.entries(REASONS).map(([v, l]) => h('option', { value: v }, l)),
  );
  const duration = h(
    'select',
    { id: 'emergency-duration', name: 'duration' },
    [
      [3600, '1 hour'],
      [14400, '4 hours'],
      [43200, '12 hours'],
      [86400, '24 hours'],
    ].map(([v, l]) => h('option', { value: String(v) }, l)),
  );
  const errEl = h('p', { class: 'field-error', hidden: true, id: 'emergency-error' });
  const status = txStatusLine();
  const submit = button('Open emergency access', null, { type: 'submit', variant: 'danger' });
  const form = h(
    'form',
    { 'aria-labelledby': 'emergency-open-heading', novalidate: true },
    h('h2', { id: 'emergency-open-heading' }, 'Emergency access'),
    h(
      'p',
      null,
      'Only for a patient who authorised your institution for emergencies. The reason is recorded on the network and the patient sees it. Access ends by itself.',
    ),
    h('div', { class: 'field' }, h('label', { for: 'emergency-patient' }, 'Patient’s account address'), patient),
    h('div', { class: 'field' }, h('label', { for: 'emergency-reason' }, 'Reason (required)'), reason),
    h('div', { class: 'field' }, h('label', { for: 'emergency-duration' }, 'For'), duration),
    errEl,
    h('div', { class: 'actions' }, submit),
    status,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const api = await ehr();
    const addr = patient.value.trim();
    const problem = !api.address.isValid(addr)
      ? 'Enter the patient’s account address (0x and 40 hexadecimal digits).'
      : !reason.value
        ? 'Choose the reason for emergency access.'
        : null;
    errEl.textContent = problem ? translate(problem) : '';
    errEl.hidden = !problem;
    if (problem) {
      (!api.address.isValid(addr) ? patient : reason).focus();
      return;
    }
    const r = await sendTx(app, {
      button: submit,
      status,
      contract: 'EhrHub',
      fn: 'openEmergencyAccess',
      args: [api.address.toChecksum(addr), Number(reason.value), Number(duration.value)],
      action: 'opening emergency access',
    });
    if (r) {
      const opened = r.events.find((ev) => ev.name === 'EmergencyAccessOpened');
      const until = opened ? formatDate(Number(opened.args.until)) : '';
      notify({
        kind: 'success',
        key: 'emergency',
        title: t('Emergency access open until {date}', { date: until }),
        message:
          'Recorded on the blockchain with your reason; the patient sees it. The records open with the keys the patient sealed to your institution for emergencies.',
        actions: [{ label: 'Open the chart', run: () => openChart(api.address.toChecksum(addr), 'emergency') }],
      });
    }
  });
  return form;
}

/**
 * Why a code was refused (records/consent.js, chain/relay.js: 'the consent code is damaged'), as
 * a sentence of the reader's language: 'The consent code is damaged.'
 */
const codeProblem = (err) => {
  const m = String(err?.message ?? '');
  return translate(`${m.charAt(0).toUpperCase()}${m.slice(1)}.`);
};

/** A patient's signed consent code, submitted by the clinician (who pays the fee). */
export function consentForm(app) {
  const code = h('textarea', { name: 'consent', rows: 4, spellcheck: 'false', autocomplete: 'off', class: 'mono' });
  const errEl = h('p', { class: 'field-error', id: 'consent-error', hidden: true });
  const status = txStatusLine();
  const submit = button('Submit the code', null, { type: 'submit' });
  const scan = button('Scan the QR code with the camera', null, { variant: 'secondary', hidden: true });
  const scanBox = h('div');
  const form = h(
    'form',
    { 'aria-labelledby': 'submit-consent-heading', novalidate: true },
    h('h2', { id: 'submit-consent-heading' }, 'Submit a signed consent or registration'),
    h(
      'p',
      null,
      'A patient without ETH can sign a consent or registration code on their own screen. Paste it here: you submit it and pay the network fee.',
    ),
    h('div', { class: 'field' }, h('label', { for: 'consent-input' }, 'Code'), code, errEl),
    h('div', { class: 'actions' }, submit, scan),
    scanBox,
    status,
  );
  code.id = 'consent-input';
  // The camera, where the browser can read QR codes (BarcodeDetector); pasting always works.
  import('../qr-scan.js').then(
    async (q) => {
      if (!(await q.canScan())) return;
      scan.hidden = false;
      scan.addEventListener('click', async () => {
        const s2 = q.scanQr({ label: 'Camera view: hold the patient’s QR code in front of it' });
        replace(scanBox, s2.element);
        scan.hidden = true;
        try {
          const text = await s2.done;
          if (text !== null) {
            code.value = text;
            notify({
              kind: 'info',
              key: 'scan',
              title: 'Code read from the camera',
              message: 'Check it is the patient’s, then submit it.',
              timeoutMs: 6000,
            });
            submit.focus();
          }
        } catch (err) {
          notify({
            kind: 'error',
            key: 'scan',
            title: 'The camera could not be used',
            message:
              err?.name === 'NotAllowedError'
                ? 'The browser was not allowed to use the camera.'
                : 'No camera was found, or it is busy.',
            advice: 'Allow the camera for this page in the browser’s settings, or paste the code’s text instead.',
          });
        } finally {
          scan.hidden = false;
        }
      });
    },
    () => {},
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const [{ readCode }, relay] = await Promise.all([import('../records/consent.js'), import('../chain/relay.js')]);
    let c;
    try {
      c = relay.isRequestCode(code.value) ? await relay.readRequestCode(code.value) : await readCode(code.value);
      errEl.hidden = true;
      code.removeAttribute('aria-invalid');
    } catch (err) {
      errEl.textContent = codeProblem(err);
      errEl.hidden = false;
      code.setAttribute('aria-invalid', 'true');
      code.setAttribute('aria-describedby', 'consent-error');
      code.focus();
      return;
    }
    const r = await sendTx(app, {
      button: submit,
      status,
      contract: 'EhrHub',
      // A signed request code (chain/relay.js): EhrForwarder.execute of the patient's own call.
      ...(c.fn === 'execute'
        ? {
            ...c,
            action: 'submitting the signed request',
            success: t('Request of {address} submitted', { address: shortAddress(c.from) }),
          }
        : {
            ...signedCodeCall(c),
            ...(c.kind === 'registration'
              ? {
                  action: 'submitting the registration',
                  success: t('Patient {address} registered', { address: shortAddress(c.patient) }),
                }
              : {
                  action: 'submitting the consent',
                  success: t('Consent of patient {address} recorded: {categories}', {
                    address: shortAddress(c.patient),
                    categories: scopeList(c.scopes).map(translate).join(', '),
                  }),
                }),
          }),
    });
    if (r) {
      code.value = '';
      app.router.refresh();
    }
  });
  return form;
}
