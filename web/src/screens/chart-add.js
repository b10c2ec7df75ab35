// The add-record forms of a chart: a common FHIR resource from its fields, or a file (PDF, image,
// …) by drag and drop or the file input; and the form that amends a record. All run through
// chart-progress.js.
import { h, replace, field, button } from '../dom.js';
import { keepDraft, dropDraft } from '../drafts.js';
import { RECORD_FORMS } from '../records/forms.js';
import { SCOPES } from '../records/scopes.js';
import { progressList, runAdd, runAddFile } from './chart-progress.js';

/**
 * The add-record forms (common FHIR resources, and files by drag and drop) with progress for
 * encrypt, upload and confirm. `chartKeyFor(scope, epoch)` gives the key to encrypt with (a
 * record is sealed to the current readers instead when that key must not be used; see
 * records/access.js); `settleFirst` (the patient's page) settles ended access before a write;
 * `allowed(scope)` says whether this author may write the scope.
 */
export function addRecordForms(app, { patient, chartKeyFor, settleFirst, allowed = () => true, onAdded, draftPrefix }) {
  const kind = h(
    'select',
    { id: 'record-kind', name: 'kind' },
    Object.entries(RECORD_FORMS).map(([k, f]) => h('option', { value: k }, f.label)),
  );
  const fieldsBox = h('div');
  const progress = progressList();
  const submit = button('Encrypt and add the record', null, { type: 'submit' });
  const form = h(
    'form',
    { 'aria-labelledby': 'add-record-heading', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'record-kind' }, 'Kind of record'), kind),
    fieldsBox,
    h('div', { class: 'actions' }, submit),
    progress.element,
  );
  let fields = {};
  let saveDraft = () => {};
  const drawFields = () => {
    const def = RECORD_FORMS[kind.value];
    fields = {};
    replace(
      fieldsBox,
      def.fields.map((f) => {
        const control =
          f.type === 'select'
            ? h(
                'select',
                { name: f.name },
                Object.entries(f.options).map(([v, l]) => h('option', { value: v }, l)),
              )
            : h('input', {
                type: f.type === 'number' ? 'text' : f.type,
                name: f.name,
                inputMode: f.type === 'number' ? 'decimal' : null,
                required: f.required,
              });
        const fl = field({ label: f.required ? `${f.label} (required)` : f.label, hint: f.hint, control });
        fields[f.name] = fl;
        return fl.wrap;
      }),
    );
    saveDraft = keepDraft(`${draftPrefix}-${kind.value}`, form);
  };
  kind.addEventListener('change', drawFields);
  drawFields();

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    saveDraft();
    const def = RECORD_FORMS[kind.value];
    const values = {};
    let firstBad = null;
    for (const f of def.fields) {
      const v = fields[f.name].control.value.trim();
      let err = null;
      if (f.required && !v) err = `Enter the ${f.label.toLowerCase()}.`;
      else if (f.type === 'number' && v && !Number.isFinite(Number(v))) err = 'Enter a number, for example 6.1.';
      fields[f.name].setError(err);
      if (err && !firstBad) firstBad = fields[f.name].control;
      values[f.name] = v;
    }
    if (firstBad) {
      firstBad.focus();
      return;
    }
    const resource = def.build(values, { reference: `Patient/${patient.toLowerCase()}` });
    const added = await runAdd(app, { submit, progress, patient, resource, chartKeyFor, settleFirst, allowed });
    if (added) {
      dropDraft(`${draftPrefix}-${kind.value}`);
      form.reset();
      drawFields();
      onAdded?.(added);
    }
  });

  // Files: drop on the zone or choose with the (keyboard-usable) file input.
  const fileInput = h('input', { type: 'file', id: 'record-file', name: 'file' });
  const fileScope = h(
    'select',
    { id: 'file-scope', name: 'scope' },
    SCOPES.map(([s, l]) => h('option', { value: String(s) }, l)),
  );
  fileScope.value = '3';
  const description = h('input', { type: 'text', id: 'file-description', name: 'description' });
  const fileErr = h('p', { class: 'field-error', id: 'record-file-error', hidden: true });
  const zone = h(
    'div',
    { class: 'dropzone', id: 'dropzone' },
    h('p', null, 'Drop a file here (a PDF, an image, …) or choose it below.'),
    h('label', { for: 'record-file' }, 'File'),
    fileInput,
    fileErr,
  );
  const fileProgress = progressList();
  const fileSubmit = button('Encrypt and add the file', null, { type: 'submit' });
  const fileCancel = button('Cancel', null, { variant: 'secondary', id: 'file-cancel', hidden: true });
  const fileForm = h(
    'form',
    { 'aria-labelledby': 'add-file-heading', novalidate: true },
    zone,
    h('div', { class: 'field' }, h('label', { for: 'file-scope' }, 'Category'), fileScope),
    h('div', { class: 'field' }, h('label', { for: 'file-description' }, 'Description (optional)'), description),
    h('div', { class: 'actions' }, fileSubmit, fileCancel),
    fileProgress.element,
  );
  let dropped = null;
  const setFileError = (msg) => {
    fileErr.textContent = msg ?? '';
    fileErr.hidden = !msg;
    if (msg) fileInput.setAttribute('aria-describedby', fileErr.id);
  };
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    zone.classList.add('dropzone-over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('dropzone-over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('dropzone-over');
    dropped = e.dataTransfer?.files?.[0] ?? null;
    if (dropped) zone.querySelector('p').textContent = `Chosen: ${dropped.name} (${dropped.size} bytes)`;
  });
  fileInput.addEventListener('change', () => {
    dropped = null;
  });
  fileForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const file = dropped ?? fileInput.files?.[0];
    // Any size: the file is streamed from disk, encrypted as its own object and uploaded from a
    // staging file (records/files.js); the record points at it.
    setFileError(file ? null : 'Choose or drop a file.');
    if (!file) {
      fileInput.focus();
      return;
    }
    const added = await runAddFile(app, {
      submit: fileSubmit,
      cancel: fileCancel,
      progress: fileProgress,
      patient,
      file,
      description: description.value.trim(),
      scope: Number(fileScope.value),
      chartKeyFor,
      settleFirst,
      allowed,
    });
    if (added) {
      fileForm.reset();
      dropped = null;
      zone.querySelector('p').textContent = 'Drop a file here (a PDF, an image, …) or choose it below.';
      onAdded?.(added);
    }
  });

  return h(
    'div',
    null,
    h('h2', { id: 'add-record-heading' }, 'Add a record'),
    form,
    h('h2', { id: 'add-file-heading' }, 'Add a file'),
    fileForm,
  );
}

/**
 * Amending a record: its FHIR resource as editable JSON, checked by the module, encrypted under
 * the current key of the record's category and recorded as a new version (amendRecord). What was
 * typed stays in the box when a step fails. onDone(added | null).
 */
export function amendForm(app, { patient, record, resource, chartKeyFor, settleFirst, onDone }) {
  const id = `amend-${record.id}`;
  const box = h('textarea', { id, name: 'amended', rows: 12, spellcheck: 'false', autocomplete: 'off', class: 'mono' });
  box.value = JSON.stringify(resource, null, 2);
  const err = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
  const progress = progressList();
  const submit = button('Encrypt and save the new version', null, { type: 'submit' });
  const form = h(
    'form',
    { class: 'amend', 'aria-labelledby': `${id}-heading`, novalidate: true },
    h('h4', { id: `${id}-heading` }, `Amend record ${record.id}`),
    h(
      'p',
      null,
      'The new version replaces this one in the timeline; this version stays in the history, and everyone with access sees both.',
    ),
    h('div', { class: 'field' }, h('label', { for: id }, 'The record (FHIR JSON)'), box, err),
    h(
      'div',
      { class: 'actions' },
      submit,
      button('Cancel', () => onDone(null), { variant: 'secondary' }),
    ),
    progress.element,
  );
  const setErr = (msg) => {
    err.textContent = msg ?? '';
    err.hidden = !msg;
    if (msg) {
      box.setAttribute('aria-invalid', 'true');
      box.setAttribute('aria-describedby', err.id);
    } else box.removeAttribute('aria-invalid');
  };
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    let changed;
    try {
      changed = JSON.parse(box.value);
    } catch {
      setErr('This is not valid JSON: check the brackets, quotes and commas.');
      box.focus();
      return;
    }
    if (JSON.stringify(changed) === JSON.stringify(resource)) {
      setErr('Nothing was changed.');
      box.focus();
      return;
    }
    setErr(null);
    const added = await runAdd(app, {
      submit,
      progress,
      patient,
      resource: changed,
      scope: record.scope,
      amends: record.id,
      chartKeyFor,
      settleFirst,
      allowed: () => true,
    });
    if (added) onDone(added);
  });
  return form;
}
