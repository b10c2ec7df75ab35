// The common record forms (allergy, medication, condition, vaccination, lab result, family
// history) as FHIR R4 resources: building a resource from the fields, reading a resource back
// into the fields (to amend it with the same form), and applying changed fields to the resource
// being amended. The module checks every resource (records.fhir) before it is encrypted; the form
// fields here only shape it. A select starts empty ("—"): nothing clinical is filled in that the
// person did not choose.
import { CRITICALITY, RELATIVES, conceptText } from './record-view.js';

const CLINICAL = 'http://terminology.hl7.org/CodeSystem/condition-clinical';
const ALLERGY_CLINICAL = 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical';
const OBS_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
const ROLE_CODE = 'http://terminology.hl7.org/CodeSystem/v3-RoleCode';

/** A FHIR date or dateTime as a date field holds it ('2024-03-05'), or '' when it names no day. */
const day = (v) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v) ? v.slice(0, 10) : '');

/**
 * Form definitions: fields ({ name, label, type: 'text' | 'date' | 'number' | 'select', options?
 * (a select offers an empty "—" first), required?, hint? }), build(values, subject) -> resource,
 * and read(resource) -> the values of the fields, or null when the form cannot show the resource.
 */
export const RECORD_FORMS = {
  allergy: {
    label: 'Allergy',
    fields: [
      {
        name: 'substance',
        label: 'Substance',
        type: 'text',
        required: true,
        hint: 'For example peanuts, penicillin, latex.',
      },
      { name: 'reaction', label: 'Reaction', type: 'text', hint: 'For example hives, swelling, anaphylaxis.' },
      {
        name: 'criticality',
        label: 'Risk of a severe reaction',
        type: 'select',
        options: CRITICALITY,
        hint: 'Leave it empty if nobody has assessed it.',
      },
      { name: 'date', label: 'Date noted', type: 'date' },
    ],
    build: (v, subject) => ({
      resourceType: 'AllergyIntolerance',
      clinicalStatus: { coding: [{ system: ALLERGY_CLINICAL, code: 'active' }] },
      patient: subject,
      code: { text: v.substance },
      ...(v.criticality ? { criticality: v.criticality } : {}),
      ...(v.reaction ? { reaction: [{ manifestation: [{ text: v.reaction }] }] } : {}),
      ...(v.date ? { recordedDate: v.date } : {}),
    }),
    read: (r) =>
      r.resourceType !== 'AllergyIntolerance'
        ? null
        : {
            substance: conceptText(r.code),
            reaction: (r.reaction?.[0]?.manifestation ?? []).map(conceptText).join(', '),
            criticality: r.criticality ?? '',
            date: day(r.recordedDate),
          },
  },
  medication: {
    label: 'Medication',
    fields: [
      {
        name: 'medication',
        label: 'Medication',
        type: 'text',
        required: true,
        hint: 'Name and strength, for example metformin 500 mg.',
      },
      { name: 'dosage', label: 'How it is taken', type: 'text', hint: 'For example one tablet twice a day.' },
      {
        name: 'status',
        label: 'Status',
        type: 'select',
        options: { active: 'Taking it now', completed: 'Finished', stopped: 'Stopped' },
      },
      { name: 'date', label: 'Since', type: 'date' },
    ],
    // FHIR requires a status: "unknown" when none was chosen.
    build: (v, subject) => ({
      resourceType: 'MedicationStatement',
      status: v.status || 'unknown',
      medicationCodeableConcept: { text: v.medication },
      subject,
      ...(v.dosage ? { dosage: [{ text: v.dosage }] } : {}),
      ...(v.date ? { effectiveDateTime: v.date } : {}),
    }),
    read: (r) =>
      r.resourceType !== 'MedicationStatement' || !r.medicationCodeableConcept
        ? null
        : {
            medication: conceptText(r.medicationCodeableConcept),
            dosage: r.dosage?.[0]?.text ?? '',
            status: r.status ?? '',
            date: day(r.effectiveDateTime ?? r.effectivePeriod?.start),
          },
  },
  condition: {
    label: 'Condition',
    fields: [
      {
        name: 'condition',
        label: 'Condition',
        type: 'text',
        required: true,
        hint: 'For example asthma, type 2 diabetes.',
      },
      { name: 'status', label: 'Status', type: 'select', options: { active: 'Ongoing', resolved: 'Resolved' } },
      { name: 'date', label: 'Since', type: 'date' },
    ],
    build: (v, subject) => ({
      resourceType: 'Condition',
      ...(v.status ? { clinicalStatus: { coding: [{ system: CLINICAL, code: v.status }] } } : {}),
      code: { text: v.condition },
      subject,
      ...(v.date ? { onsetDateTime: v.date } : {}),
    }),
    read: (r) =>
      r.resourceType !== 'Condition'
        ? null
        : {
            condition: conceptText(r.code),
            status: r.clinicalStatus?.coding?.[0]?.code ?? '',
            date: day(r.onsetDateTime),
          },
  },
  vaccination: {
    label: 'Vaccination',
    fields: [
      { name: 'vaccine', label: 'Vaccine', type: 'text', required: true, hint: 'For example tetanus, influenza 2026.' },
      { name: 'date', label: 'Date given', type: 'date', required: true },
      { name: 'lot', label: 'Lot number', type: 'text' },
    ],
    build: (v, subject) => ({
      resourceType: 'Immunization',
      status: 'completed',
      vaccineCode: { text: v.vaccine },
      patient: subject,
      occurrenceDateTime: v.date,
      ...(v.lot ? { lotNumber: v.lot } : {}),
    }),
    read: (r) =>
      r.resourceType !== 'Immunization'
        ? null
        : { vaccine: conceptText(r.vaccineCode), date: day(r.occurrenceDateTime), lot: r.lotNumber ?? '' },
  },
  lab: {
    label: 'Lab result',
    fields: [
      { name: 'test', label: 'Test', type: 'text', required: true, hint: 'For example HbA1c, cholesterol.' },
      { name: 'value', label: 'Result', type: 'number', required: true },
      { name: 'unit', label: 'Unit', type: 'text', hint: 'For example %, mmol/L.' },
      { name: 'date', label: 'Date of the test', type: 'date', required: true },
    ],
    build: (v, subject) => ({
      resourceType: 'Observation',
      status: 'final',
      category: [{ coding: [{ system: OBS_CATEGORY, code: 'laboratory' }] }],
      code: { text: v.test },
      subject,
      effectiveDateTime: v.date,
      valueQuantity: { value: Number(v.value), ...(v.unit ? { unit: v.unit } : {}) },
    }),
    // One value (a panel with components has no form: it is amended as FHIR JSON).
    read: (r) =>
      r.resourceType !== 'Observation' || r.valueQuantity?.value === undefined || r.component?.length
        ? null
        : {
            test: conceptText(r.code),
            value: String(r.valueQuantity.value),
            unit: r.valueQuantity.unit ?? r.valueQuantity.code ?? '',
            date: day(r.effectiveDateTime ?? r.effectivePeriod?.start),
          },
  },
  family: {
    label: 'Family history',
    fields: [
      { name: 'relative', label: 'Relative', type: 'select', required: true, options: RELATIVES },
      {
        name: 'condition',
        label: 'Condition',
        type: 'text',
        required: true,
        hint: 'For example breast cancer, heart attack, type 2 diabetes.',
      },
      { name: 'age', label: 'Age when it started', type: 'text', hint: 'For example 52, or “in her fifties”.' },
    ],
    build: (v, subject) => ({
      resourceType: 'FamilyMemberHistory',
      status: 'completed',
      patient: subject,
      relationship: { coding: [{ system: ROLE_CODE, code: v.relative }], text: RELATIVES[v.relative] },
      condition: [{ code: { text: v.condition }, ...(v.age ? { onsetString: v.age } : {}) }],
    }),
    // One condition (more than one is amended as FHIR JSON).
    read: (r) =>
      r.resourceType !== 'FamilyMemberHistory' || (r.condition ?? []).length > 1
        ? null
        : {
            relative: r.relationship?.coding?.find((c) => c.system === ROLE_CODE)?.code ?? '',
            condition: conceptText(r.condition?.[0]?.code),
            age: r.condition?.[0]?.onsetString ?? (r.condition?.[0]?.onsetAge?.value?.toString() || ''),
          },
  },
};

/** The form that can show `resource`: { key, values }, or null (it is amended as FHIR JSON). */
export function formOf(resource) {
  for (const [key, def] of Object.entries(RECORD_FORMS)) {
    const values = resource && typeof resource === 'object' ? def.read(resource) : null;
    if (values) return { key, values };
  }
  return null;
}

/** FHIR choice elements ([x]) the forms write: writing one of them removes the others. */
const CHOICES = ['medication', 'effective', 'onset', 'occurrence', 'value'];
const choiceOf = (key) => CHOICES.find((stem) => key.startsWith(stem) && /^[A-Z]/.test(key.slice(stem.length)));

/**
 * The resource amended with a form: the elements whose built form differs between the fields as
 * they were shown (`before`) and as they are now (`after`) are replaced (or removed, with the
 * other choices of a [x] element); everything else of the resource (codings, notes, identifiers,
 * elements the form does not show) stays as it was.
 * @param {string} key the form (RECORD_FORMS key)
 * @param {object} resource the version being amended
 * @param {Record<string, string>} before
 * @param {Record<string, string>} after
 */
export function amendResource(key, resource, before, after) {
  const def = RECORD_FORMS[key];
  const subject = resource.subject ?? resource.patient;
  const was = def.build(before, subject);
  const now = def.build(after, subject);
  const out = structuredClone(resource);
  for (const k of new Set([...Object.keys(was), ...Object.keys(now)])) {
    if (JSON.stringify(was[k]) === JSON.stringify(now[k])) continue;
    const stem = choiceOf(k);
    for (const other of Object.keys(out)) if (other === k || (stem && choiceOf(other) === stem)) delete out[other];
    if (k in now) out[k] = now[k];
  }
  return out;
}
