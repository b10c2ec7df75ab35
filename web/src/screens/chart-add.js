// The add-record forms of a chart: a common FHIR resource from its fields, or a file (PDF, image,
// …) by drag and drop or the file input; and the form that amends a record: the same fields,
// filled in from the record, with its FHIR JSON behind an "Advanced" disclosure. All run through
// chart-progress.js.
import { h, replace, field, button } from '../dom.js';
import { t, translate } from '../i18n.js';
import { keepDraft, dropDraft } from '../drafts.js';
import { formatSize } from '../format.js';
import { RECORD_FORMS, amendResource, formOf } from '../records/forms.js';
import { SCOPES } from '../records/scopes.js';
import { progressList, runAdd, runAddFile } from './chart-progress.js';

/** The category a file goes to unless another is chosen (Clinical notes). */
const FILE_SCOPE = 3;

/**
 * The fields of a record form ({ name: { wrap, control, setError } }), filled with `values` when
 * given. A select starts on an empty "—": nothing is chosen for the person.
 */
function formFields(def, values = {}, idPrefix = null) {
  const fields = {};
  for (const f of def.fields) {
    const control =
      f.type === 'select'
        ? h(
            'select',
            { name: f.name },
            h('option', { value: '' }, '—'),
            Object.entries(f.options).map(([v, l]) => h('option', { value: v }, l)),
          )
        : h('input', {
            type: f.type === 'number' ? 'text' : f.type,
            name: f.name,
            inputMode: f.type === 'number' ? 'decimal' : null,
            required: f.required,
          });
    if (values[f.name] !== undefined) control.value = values[f.name];
    fields[f.name] = field({
      label: f.required ? t('{label} (required)', { label: translate(f.label) }) : f.label,
      hint: f.hint,
      control,
      ...(idPrefix ? { id: `${idPrefix}-${f.name}` } : {}),
    });
  }
  return fields;
}

/** The values of a form's fields, trimmed (each field as its control holds it). */
const fieldValues = (def, fields) =>
  Object.fromEntries(def.fields.map((f) => [f.name, fields[f.name].control.value.trim()]));

/** The values of a form's fields once checked, or null (the errors shown, the first one focused). */
function readFields(def, fields) {
  const values = fieldValues(def, fields);
  let firstBad = null;
  for (const f of def.fields) {
    const v = values[f.name];
    let err = null;
    if (f.required && !v) {
      const label = translate(f.label).toLowerCase();
      err =
        f.type === 'select' ? t('Choose the {field}.', { field: label }) : t('Enter the {field}.', { field: label });
    } else if (f.type === 'number' && v && !Number.isFinite(Number(v))) err = 'Enter a number, for example 6.1.';
    fields[f.name].setError(err);
    if (err && !firstBad) firstBad = fields[f.name].control;
  }
  if (firstBad) {
    firstBad.focus();
    return null;
  }
  return values;
}

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
    fields = formFields(def);
    replace(
      fieldsBox,
      Object.values(fields).map((fl) => fl.wrap),
    );
    saveDraft = keepDraft(`${draftPrefix}-${kind.value}`, form);
  };
  kind.addEventListener('change', drawFields);
  drawFields();

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    saveDraft();
    const def = RECORD_FORMS[kind.value];
    const values = readFields(def, fields);
    if (!values) return;
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
  // Clinical notes is the initial category, as the option's default (`selected`), so that
  // resetting the form after an upload brings it back rather than the first option.
  const fileScope = h(
    'select',
    { id: 'file-scope', name: 'scope' },
    SCOPES.map(([s, l]) => h('option', { value: String(s), selected: s === FILE_SCOPE }, l)),
  );
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
    fileErr.textContent = msg ? translate(msg) : '';
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
    if (dropped)
      replace(
        zone.querySelector('p'),
        'Chosen:',
        ' ',
        h('span', { translate: 'no' }, `${dropped.name} (${formatSize(dropped.size)})`),
      );
  });
  fileInput.addEventListener('change', () => {
    dropped = null;
  });
  fileForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const file = dropped ?? fileInput.files?.[0];
    // Any size: the page's Worker streams the file from disk and encrypts it as its own object,
    // which is uploaded from a staging file (records/files.js); the record points at it.
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
      replace(zone.querySelector('p'), 'Drop a file here (a PDF, an image, …) or choose it below.');
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
 * Amending a record with the form that adds its kind of record, filled in from it: the changed
 * fields replace what they write in the resource and everything else stays (records/forms.js
 * amendResource). "Advanced: edit FHIR JSON" opens the resource as JSON (with the form's changes so
 * far); while it is open the JSON is what is saved. A resource no form can show opens as JSON.
 * Checked by the module, encrypted under the current key of the record's category and recorded
 * as a new version (amendRecord). What was typed stays when a step fails. onDone(added | null).
 */
export function amendForm(app, { patient, record, resource, chartKeyFor, settleFirst, onDone }) {
  const id = `amend-${record.id}`;
  const match = formOf(resource);
  const def = match ? RECORD_FORMS[match.key] : null;
  const fields = def ? formFields(def, match.values, id) : {};
  // What the fields held when shown: only what is changed from it is written.
  const before = def ? fieldValues(def, fields) : null;
  const edited = () => (def ? amendResource(match.key, resource, before, fieldValues(def, fields)) : resource);
  const fieldset = def
    ? h(
        'fieldset',
        { class: 'amend-fields' },
        h('legend', null, t('{kind}: change what is wrong', { kind: translate(def.label) })),
        Object.values(fields).map((f) => f.wrap),
      )
    : null;
  const box = h('textarea', { id, name: 'amended', rows: 12, spellcheck: 'false', autocomplete: 'off', class: 'mono' });
  box.value = JSON.stringify(resource, null, 2);
  const advanced = h(
    'details',
    { class: 'history', open: !def },
    h('summary', null, 'Advanced: edit FHIR JSON'),
    h(
      'p',
      { class: 'hint', id: `${id}-hint` },
      def
        ? 'While this is open, the record is saved from the JSON below (the form above is not used).'
        : 'There is no form for this kind of record: edit its FHIR JSON.',
    ),
    h('div', { class: 'field' }, h('label', { for: id }, 'The record (FHIR JSON)'), box),
  );
  box.setAttribute('aria-describedby', `${id}-hint`);
  // Opening the JSON carries the form's changes over; the form is not used while it is open.
  let typed = false;
  box.addEventListener('input', () => {
    typed = true;
  });
  advanced.addEventListener('toggle', () => {
    if (!fieldset) return;
    if (advanced.open && !typed) box.value = JSON.stringify(edited(), null, 2);
    fieldset.disabled = advanced.open;
  });
  const err = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
  const progress = progressList();
  const submit = button('Encrypt and save the new version', null, { type: 'submit' });
  const form = h(
    'form',
    { class: 'amend', 'aria-labelledby': `${id}-heading`, novalidate: true },
    h('h4', { id: `${id}-heading` }, t('Amend record {id}', { id: String(record.id) })),
    h(
      'p',
      null,
      'The new version replaces this one in the timeline; this version stays in the history, and everyone with access sees both.',
    ),
    fieldset,
    advanced,
    err,
    h(
      'div',
      { class: 'actions' },
      submit,
      button('Cancel', () => onDone(null), { variant: 'secondary' }),
    ),
    progress.element,
  );
  // Errors of the whole form (invalid JSON, nothing changed); `at` gets the focus.
  const setErr = (msg, at = box) => {
    err.textContent = msg ? translate(msg) : '';
    err.hidden = !msg;
    if (msg && at === box) {
      box.setAttribute('aria-invalid', 'true');
      box.setAttribute('aria-describedby', `${id}-hint ${err.id}`);
    } else {
      box.removeAttribute('aria-invalid');
      box.setAttribute('aria-describedby', `${id}-hint`);
    }
    if (msg) at.focus();
  };
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    let changed;
    if (advanced.open) {
      try {
        changed = JSON.parse(box.value);
      } catch {
        setErr('This is not valid JSON: check the brackets, quotes and commas.');
        return;
      }
    } else {
      if (!readFields(def, fields)) return;
      changed = edited();
    }
    if (JSON.stringify(changed) === JSON.stringify(resource)) {
      setErr('Nothing was changed.', advanced.open ? box : Object.values(fields)[0].control);
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
