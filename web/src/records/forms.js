// The common record forms (allergy, medication, condition, vaccination, lab result) as FHIR R4
// resources, and how a resource is summed up on screen. The module checks every resource
// (records.fhir) before it is encrypted; the form fields here only shape it.

const CLINICAL = 'http://terminology.hl7.org/CodeSystem/condition-clinical';
const ALLERGY_CLINICAL = 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical';
const OBS_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';

/**
 * Form definitions: fields ({ name, label, type: 'text' | 'date' | 'number' | 'select', options?,
 * required?, hint? }) and build(values, subject) -> resource.
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
        label: 'Severity',
        type: 'select',
        options: { low: 'Low risk', high: 'High risk', 'unable-to-assess': 'Not known' },
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
    build: (v, subject) => ({
      resourceType: 'MedicationStatement',
      status: v.status || 'active',
      medicationCodeableConcept: { text: v.medication },
      subject,
      ...(v.dosage ? { dosage: [{ text: v.dosage }] } : {}),
      ...(v.date ? { effectiveDateTime: v.date } : {}),
    }),
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
      clinicalStatus: { coding: [{ system: CLINICAL, code: v.status || 'active' }] },
      code: { text: v.condition },
      subject,
      ...(v.date ? { onsetDateTime: v.date } : {}),
    }),
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
  },
  family: {
    label: 'Family history',
    fields: [
      {
        name: 'relative',
        label: 'Relative',
        type: 'select',
        options: {
          MTH: 'Mother',
          FTH: 'Father',
          SIS: 'Sister',
          BRO: 'Brother',
          GRMTH: 'Grandmother',
          GRFTH: 'Grandfather',
          DAU: 'Daughter',
          SON: 'Son',
        },
      },
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
      relationship: {
        coding: [{ system: ROLE_CODE, code: v.relative || 'MTH' }],
        text: FAMILY_LABELS[v.relative || 'MTH'],
      },
      condition: [{ code: { text: v.condition }, ...(v.age ? { onsetString: v.age } : {}) }],
    }),
  },
};

const ROLE_CODE = 'http://terminology.hl7.org/CodeSystem/v3-RoleCode';
const FAMILY_LABELS = {
  MTH: 'Mother',
  FTH: 'Father',
  SIS: 'Sister',
  BRO: 'Brother',
  GRMTH: 'Grandmother',
  GRFTH: 'Grandfather',
  DAU: 'Daughter',
  SON: 'Son',
};

const text = (cc) => cc?.text ?? cc?.coding?.[0]?.display ?? cc?.coding?.[0]?.code ?? '';

/**
 * What a resource says, for the timeline: { kind, title, details: [label, value][], date }.
 * Only fields the page knows are shown; the full JSON is available for download.
 */
export function summarise(r) {
  switch (r?.resourceType) {
    case 'AllergyIntolerance':
      return {
        kind: 'Allergy',
        title: text(r.code),
        date: r.recordedDate ?? r.onsetDateTime,
        details: [
          ['Reaction', r.reaction?.[0]?.manifestation?.map(text).join(', ')],
          ['Severity', r.criticality],
        ],
      };
    case 'MedicationStatement':
      return {
        kind: 'Medication',
        title: text(r.medicationCodeableConcept),
        date: r.effectiveDateTime,
        details: [
          ['How it is taken', r.dosage?.[0]?.text],
          ['Status', r.status],
        ],
      };
    case 'Condition':
      return {
        kind: 'Condition',
        title: text(r.code),
        date: r.onsetDateTime ?? r.recordedDate,
        details: [['Status', r.clinicalStatus?.coding?.[0]?.code]],
      };
    case 'Immunization':
      return {
        kind: 'Vaccination',
        title: text(r.vaccineCode),
        date: r.occurrenceDateTime,
        details: [['Lot', r.lotNumber]],
      };
    case 'Observation':
      return {
        kind: 'Result',
        title: text(r.code),
        date: r.effectiveDateTime ?? r.issued,
        details: [
          [
            'Value',
            r.valueQuantity
              ? `${r.valueQuantity.value}${r.valueQuantity.unit ? ` ${r.valueQuantity.unit}` : ''}`
              : r.valueString,
          ],
        ],
      };
    case 'DocumentReference': {
      const a = r.content?.[0]?.attachment ?? {};
      return {
        kind: 'Document',
        title: a.title ?? r.description ?? 'Document',
        date: r.date,
        details: [
          ['Description', r.description],
          ['Type', a.contentType],
          ['Size', a.size ? `${a.size} bytes` : undefined],
        ],
      };
    }
    case 'FamilyMemberHistory':
      return {
        kind: 'Family history',
        title: `${text(r.relationship)}: ${(r.condition ?? []).map((c) => text(c.code)).join(', ')}`,
        date: r.date,
        details: [['Started', r.condition?.[0]?.onsetString]],
      };
    default:
      return { kind: r?.resourceType ?? 'Record', title: r?.resourceType ?? 'Record', date: undefined, details: [] };
  }
}
