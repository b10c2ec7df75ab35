// Writing a record from a form: the three-step progress list (encrypt, upload, confirm on chain)
// and the run of records/chart.js addRecord behind it, with what each failure tells the person.
import { h, busy } from '../dom.js';
import { notify } from '../notices.js';
import { ehr } from '../module.js';
import { addRecord } from '../records/chart.js';
import { scopeLabel } from '../records/scopes.js';

/** A three-step progress list: encrypt, upload, confirm on chain. */
export function progressList() {
  const steps = {
    encrypt: 'Encrypt in this page',
    upload: 'Upload the ciphertext to IPFS',
    confirm: 'Record it on the blockchain',
  };
  const items = Object.fromEntries(
    Object.entries(steps).map(([k, label]) => [k, h('li', { dataset: { step: k, state: 'todo' } }, label)]),
  );
  const live = h('p', { class: 'muted', role: 'status' });
  const element = h(
    'div',
    { class: 'progress', hidden: true },
    h('ol', { class: 'steps' }, Object.values(items)),
    live,
  );
  let order = Object.keys(steps);
  return {
    element,
    reset() {
      element.hidden = false;
      for (const li of Object.values(items)) {
        li.dataset.state = 'todo';
        li.removeAttribute('aria-current');
      }
      live.textContent = '';
    },
    step(k, text) {
      const at = order.indexOf(k);
      order.forEach((name, i) => {
        items[name].dataset.state = i < at ? 'done' : i === at ? 'doing' : 'todo';
        if (i === at) items[name].setAttribute('aria-current', 'step');
        else items[name].removeAttribute('aria-current');
      });
      live.textContent = text;
    },
    done(text) {
      for (const li of Object.values(items)) {
        li.dataset.state = 'done';
        li.removeAttribute('aria-current');
      }
      live.textContent = text;
    },
    fail(text) {
      live.textContent = text;
    },
  };
}

/**
 * The progress step and text of an addRecord stage (records/chart.js onStage), or null: shared by
 * the add-record form and the import of many records (screens/health-import.js).
 * @returns {[string, string] | null}
 */
export function stageStep(stage, s) {
  if (stage === 'encrypt') return ['encrypt', 'Encrypting…'];
  if (stage === 'upload') return ['upload', 'Uploading the encrypted record…'];
  if (stage === 'confirm') return ['confirm', 'Checking…'];
  if (stage === 'chain-sign')
    return ['confirm', s.wallet?.kind === 'builtin' ? 'Signing…' : 'Approve the transaction in your wallet…'];
  if (stage === 'chain-wait') return ['confirm', 'Waiting for the network to confirm…'];
  return null;
}

export async function runAdd(
  app,
  { submit, progress, patient, resource, scope, amends, chartKeyFor, settleFirst, allowed },
) {
  let result = null;
  await busy(submit, async () => {
    const s = app.stateNow();
    progress.reset();
    try {
      const api = await ehr();
      const checked = api.records.fhir.check(JSON.stringify(resource));
      const target = scope ?? checked.scope;
      if (!allowed(target)) {
        progress.fail(`You cannot add records in the category ${scopeLabel(target)} for this patient.`);
        return;
      }
      result = await addRecord({
        provider: app.wallet.provider(),
        from: s.account,
        patient,
        resource,
        scope: target,
        amends,
        chartKeyFor,
        settleFirst,
        onStage: (stage) => {
          const st = stageStep(stage, s);
          if (st) progress.step(...st);
        },
      });
      progress.done(
        amends
          ? `Saved as record ${result.id}, the new version of record ${amends}.`
          : `Added as record ${result.id} (${scopeLabel(result.scope)}).`,
      );
      notify({
        kind: 'success',
        key: 'record',
        title: amends ? 'Record amended' : 'Record added',
        message: `${scopeLabel(result.scope)}: encrypted, stored and recorded.`,
        timeoutMs: 8000,
      });
    } catch (e) {
      progress.fail('Not added. What you typed is still in the form.');
      if (e?.code === 'ERR_BAD_FHIR') {
        notify({
          kind: 'error',
          key: 'record',
          title: 'The record is not complete',
          message: `${e.message}`,
          advice: 'Fill in the fields marked required and try again.',
        });
      } else if (e?.name === 'UploadError' || e?.name === 'CidMismatchError') {
        app.fail(Object.assign(new TypeError(`network: ${e.message}`)), {
          action: 'uploading the record',
          key: 'record',
        });
      } else {
        app.fail(e, { action: 'adding the record', key: 'record' });
      }
    }
  });
  return result;
}
