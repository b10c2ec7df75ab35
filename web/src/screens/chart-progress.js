// Writing a record from a form: the three-step progress list (encrypt, upload, confirm on chain)
// and the run of records/chart.js addRecord behind it, with what each failure tells the person.
import { h, busy } from '../dom.js';
import { t, translate, intlLocale } from '../i18n.js';
import { notify } from '../notices.js';
import { ehr } from '../module.js';
import { addRecord, addFileRecord } from '../records/chart.js';
import { scopeLabel } from '../records/scopes.js';

/**
 * A three-step progress list: encrypt, upload, confirm on chain. The texts of step(), done() and
 * fail() are messages: a literal is translated here, one with values comes from t().
 */
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
  // A bar for long steps (a large file); hidden otherwise.
  const meter = h('progress', { class: 'progress-bar', max: 1, value: 0, hidden: true, 'aria-label': 'Progress' });
  const element = h(
    'div',
    { class: 'progress', hidden: true },
    h('ol', { class: 'steps' }, Object.values(items)),
    meter,
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
      meter.hidden = true;
      meter.value = 0;
    },
    /** Shows the bar at done/total (total unknown: an indeterminate bar). */
    bar(done, total) {
      meter.hidden = false;
      if (total > 0) meter.value = Math.min(1, done / total);
      else meter.removeAttribute('value');
    },
    step(k, text) {
      const at = order.indexOf(k);
      order.forEach((name, i) => {
        items[name].dataset.state = i < at ? 'done' : i === at ? 'doing' : 'todo';
        if (i === at) items[name].setAttribute('aria-current', 'step');
        else items[name].removeAttribute('aria-current');
      });
      live.textContent = translate(text);
    },
    done(text) {
      meter.hidden = true;
      for (const li of Object.values(items)) {
        li.dataset.state = 'done';
        li.removeAttribute('aria-current');
      }
      live.textContent = translate(text);
    },
    fail(text) {
      live.textContent = translate(text);
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
        progress.fail(
          t('You cannot add records in the category {category} for this patient.', {
            category: translate(scopeLabel(target)),
          }),
        );
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
          ? t('Saved as record {id}, the new version of record {previous}.', {
              id: String(result.id),
              previous: String(amends),
            })
          : t('Added as record {id} ({category}).', {
              id: String(result.id),
              category: translate(scopeLabel(result.scope)),
            }),
      );
      notify({
        kind: 'success',
        key: 'record',
        title: amends ? 'Record amended' : 'Record added',
        message: t('{category}: encrypted, stored and recorded.', { category: translate(scopeLabel(result.scope)) }),
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

/** A size in MB, in the reader's locale ('1.5 MB', '12 MB'). */
const MB = (n) => {
  const digits = n < 10 * 1048576 ? 1 : 0;
  const v = new Intl.NumberFormat(intlLocale(), {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    useGrouping: false,
  });
  return `${v.format(n / 1048576)} MB`;
};

/**
 * What became of the storage node's copy when an add stopped before the chain step (the error's
 * `unpinned`, records/files.js unpinAll), in the words shown; `uploading`: whether the upload had
 * started.
 */
function storageOutcome(e, uploading) {
  const failed = e?.unpinned?.failed ?? [];
  if (failed.length)
    return failed.length === 1
      ? translate(
          'the storage node did not remove the pin of what was uploaded: it may keep the encrypted file (unreadable without your keys).',
        )
      : t(
          'the storage node did not remove the pin of {count} uploaded objects: it may keep the encrypted file (unreadable without your keys).',
          { count: failed.length },
        );
  return translate(uploading ? 'nothing stays pinned on the storage node.' : 'nothing was uploaded.');
}

/**
 * Adding a file of any size (records/chart.js addFileRecord): the progress list with a bar while
 * the file is encrypted and hashed (in the page's Worker), then the upload and the chain step.
 * `cancel` (a button) aborts until the chain step starts: nothing is recorded then, and what was
 * pinned for it is unpinned (the text says so, or that the node refused). Resolves to the
 * result, or null.
 */
export async function runAddFile(
  app,
  { submit, cancel, progress, patient, file, description, scope, chartKeyFor, settleFirst, allowed },
) {
  let result = null;
  const ctl = new AbortController();
  const onCancel = () => ctl.abort();
  await busy(submit, async () => {
    const s = app.stateNow();
    progress.reset();
    if (!allowed(scope)) {
      progress.fail(
        t('You cannot add records in the category {category} for this patient.', {
          category: translate(scopeLabel(scope)),
        }),
      );
      return;
    }
    cancel.hidden = false;
    cancel.disabled = false;
    cancel.addEventListener('click', onCancel);
    let last = 0;
    let uploading = false;
    let envelopeBytes = 0;
    try {
      result = await addFileRecord({
        provider: app.wallet.provider(),
        from: s.account,
        patient,
        file,
        description,
        scope,
        chartKeyFor,
        settleFirst,
        signal: ctl.signal,
        onProgress: ({ bytesDone, bytesTotal }) => {
          const now = Date.now();
          if (now - last < 200 && bytesDone !== bytesTotal) return;
          last = now;
          progress.bar(bytesDone, bytesTotal);
          progress.step(
            'encrypt',
            t('Encrypting… {done} of {total} ({percent}%)', {
              done: MB(bytesDone),
              total: MB(bytesTotal),
              percent: Math.floor((100 * bytesDone) / (bytesTotal || 1)),
            }),
          );
        },
        onStage: (stage, detail) => {
          if (stage === 'encrypt')
            progress.step('encrypt', t('Encrypting… {done} of {total}', { done: 0, total: MB(file.size) }));
          else if (stage === 'upload') {
            uploading = true;
            envelopeBytes = detail;
            progress.bar(0, 0);
            progress.step('upload', t('Uploading the encrypted file ({size})…', { size: MB(detail) }));
          } else if (stage === 'uploading') {
            // The request body (the envelope and a few hundred bytes of form) as it goes out.
            const now = Date.now();
            if (now - last < 200 && detail.bytesDone !== detail.bytesTotal) return;
            last = now;
            const total = detail.bytesTotal ?? envelopeBytes;
            const done = Math.min(detail.bytesDone, total);
            progress.bar(done, total);
            progress.step(
              'upload',
              t('Uploading the encrypted file… {done} of {total} ({percent}%)', {
                done: MB(done),
                total: MB(total),
                percent: Math.floor((100 * done) / (total || 1)),
              }),
            );
          } else if (stage === 'pin') {
            progress.bar(0, 0);
            progress.step('upload', 'Uploaded; asking the storage node to keep it (pin)…');
          } else {
            if (stage === 'confirm') cancel.disabled = true; // the chain step cannot be called back
            const st = stageStep(stage, s);
            if (st) progress.step(...st);
          }
        },
      });
      progress.done(
        t('Added as record {id} ({category}).', {
          id: String(result.id),
          category: translate(scopeLabel(result.scope)),
        }),
      );
      notify({
        kind: 'success',
        key: 'record',
        title: 'File added',
        message: t('{category}: {name}, {size}, encrypted, stored and recorded.', {
          category: translate(scopeLabel(result.scope)),
          name: file.name,
          size: MB(file.size),
        }),
        timeoutMs: 8000,
      });
    } catch (e) {
      const kept = e?.unpinned?.failed?.length > 0;
      if (kept) {
        notify({
          kind: 'error',
          key: 'record-unpin',
          title: 'The storage node kept a copy',
          message: t('Nothing was recorded, but unpinning failed: {reason}.', {
            reason: e.unpinned.failed[0].error?.message ?? translate('no answer'),
          }),
          advice: 'It stays encrypted; whoever runs the storage service can remove it.',
        });
      }
      if (e?.name === 'AbortError' || ctl.signal.aborted) {
        progress.fail(t('Cancelled: nothing was recorded, and {outcome}', { outcome: storageOutcome(e, uploading) }));
      } else if (e?.name === 'UploadError' && e.status === 413) {
        progress.fail('Not added: the storage service refused a file this large.');
        notify({
          kind: 'error',
          key: 'record',
          title: 'The file is too large for the storage service',
          message: t('The upload endpoint refused {size} (HTTP 413).', { size: MB(file.size) }),
          advice: 'Ask whoever runs the storage service to raise its limit, or add a smaller file.',
        });
      } else {
        progress.fail(
          uploading ? t('Not added, and {outcome}', { outcome: storageOutcome(e, uploading) }) : 'Not added.',
        );
        if (e?.name === 'UploadError' || e?.name === 'CidMismatchError') {
          app.fail(Object.assign(new TypeError(`network: ${e.message}`)), {
            action: 'uploading the file',
            key: 'record',
          });
        } else {
          app.fail(e, { action: 'adding the file', key: 'record' });
        }
      }
      result = null;
    } finally {
      cancel.removeEventListener('click', onCancel);
      cancel.hidden = true;
    }
  });
  return result;
}
