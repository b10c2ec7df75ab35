// What a FHIR R4 resource says, as labelled fields for the record view: the clinically meaningful
// elements of each resource the page writes or may receive (Observation with its components,
// reference ranges and interpretation; medication dosage; Immunization; AllergyIntolerance with
// its reactions; Condition; DocumentReference; FamilyMemberHistory; DiagnosticReport; and the
// common elements of any other resource). Dates, numbers and sizes are written in the reader's
// locale (format.js). No DOM: the screens draw the fields (screens/chart-record.js).
//
// Words of the page's language: the kinds and field labels are English messages of the catalogue
// (KINDS, FIELD_LABELS: the screen translates them as it draws, and marks any other label, such as
// a component's code, as data); the words this file makes of codes and values (statuses, "twice a
// day", "Dose 1 of 3") come already translated (i18n.js). What the resource itself says (texts,
// codings' displays, units) is shown as written.
import { formatDate, formatNumber, formatPeriod, formatSize } from '../format.js';
import { t, translate } from '../i18n.js';

/** The kinds of record a view names (messages of the catalogue). */
export const KINDS = new Set([
  'Vital signs',
  'Lab result',
  'Imaging result',
  'Result',
  'Medication',
  'Prescription',
  'Vaccination',
  'Intolerance',
  'Allergy',
  'Condition',
  'Document',
  'Family history',
  'Report',
  'Encounter',
  'Record',
]);

/** The labels of the fields a view lists (messages of the catalogue); any other label is data. */
export const FIELD_LABELS = new Set([
  'Result',
  'Component',
  'Interpretation',
  'Reference range',
  'Includes',
  'Body site',
  'Method',
  'Performed by',
  'Status',
  'Note',
  'Dosage',
  'Timing',
  'Route',
  'Dose',
  'As needed',
  'Instructions',
  'Site',
  'At most',
  'Reason',
  'Reported',
  'Intent',
  'Prescribed by',
  'Dispense',
  'Lot',
  'Expiry',
  'Series',
  'Source',
  'Risk of a severe reaction',
  'Reaction',
  'Category',
  'Clinical status',
  'Verification',
  'Onset',
  'Last occurrence',
  'Severity',
  'Resolved',
  'Recorded',
  'File',
  'Content type',
  'Size',
  'Created',
  'Type',
  'Period',
  'Relative',
  'Name',
  'Sex',
  'Born',
  'Age',
  'Deceased',
  'Conclusion',
  'Findings',
  'Results',
  'Issued',
  'Class',
  'Service',
  'Place',
]);

/**
 * The view of a resource: { kind, title, date, fields: [label, value][] } (fields in reading
 * order, without empty values; a label may repeat, e.g. one "Reaction" per reaction).
 * @param {any} r a FHIR R4 resource
 * @param {{ locale?: string, timeZone?: string }} [o] the reader's locale and time zone unless given
 * @returns {{ kind: string, title: string, date: string | undefined, fields: [string, string][] }}
 */
export function recordView(r, o = {}) {
  const f = fmt(o);
  const view = (VIEWS[r?.resourceType] ?? otherView)(r ?? {}, f);
  return {
    kind: view.kind,
    title: view.title || translate(view.kind),
    date: view.date || undefined,
    fields: view.fields.filter(([, v]) => v !== undefined && v !== null && v !== ''),
  };
}

/** The formatting helpers of one view, bound to the reader's locale and time zone. */
function fmt(o) {
  const date = (v) => (v === undefined || v === null || v === '' ? '' : formatDate(v, o));
  const num = (n) => (typeof n === 'number' ? formatNumber(n, o) : String(n ?? ''));
  /** A Quantity: '6.3 mmol/l', '< 5 mg' (unit, else its code). */
  const qty = (q) => {
    if (!q || q.value === undefined) return '';
    const unit = q.unit ?? q.code ?? '';
    return `${q.comparator ? `${q.comparator} ` : ''}${num(q.value)}${unit ? ` ${unit}` : ''}`;
  };
  /** A Range: '3.1–6.2 mmol/l' (one unit when both ends share it), '≥ 3.1 mmol/l', '≤ 6.2 mmol/l'. */
  const range = (rg) => {
    if (!rg) return '';
    const { low, high } = rg;
    if (low?.value !== undefined && high?.value !== undefined) {
      const lu = low.unit ?? low.code;
      const hu = high.unit ?? high.code;
      return lu === hu ? `${num(low.value)}–${num(high.value)}${hu ? ` ${hu}` : ''}` : `${qty(low)} – ${qty(high)}`;
    }
    if (low?.value !== undefined) return `≥ ${qty(low)}`;
    if (high?.value !== undefined) return `≤ ${qty(high)}`;
    return '';
  };
  const ratio = (q) => (q?.numerator ? `${qty(q.numerator)} / ${qty(q.denominator) || '1'}` : '');
  const period = (p) => formatPeriod(p, o);
  /** An Age or Duration as a person says it: 'age 74' for years, else '3 months'. */
  const age = (q) =>
    q?.value !== undefined && /^(a|yr|years?)$/i.test(q.code ?? q.unit ?? '')
      ? t('age {age}', { age: num(q.value) })
      : qty(q);
  return { date, num, qty, range, ratio, period, age, size: (n) => (typeof n === 'number' ? formatSize(n, o) : '') };
}

/** The words of a CodeableConcept: its text, else its codings' displays, else their codes. */
export const conceptText = (c) => {
  if (!c) return '';
  if (typeof c.text === 'string' && c.text) return c.text;
  const codings = c.coding ?? [];
  return codings.find((x) => x.display)?.display ?? codings.find((x) => x.code)?.code ?? '';
};
const concepts = (list) => (list ?? []).map(conceptText).filter(Boolean).join(', ');
/** A code as words of the reader's language: 'entered-in-error' -> 'Entered in error'. */
const words = (code) => (code ? translate(`${code.charAt(0).toUpperCase()}${code.slice(1)}`.replace(/-/g, ' ')) : '');
/** A result's status, shown only when it is not final (preliminary, amended, cancelled, …). */
const notFinal = (status) => (status && status !== 'final' ? words(status) : '');
/** A status CodeableConcept (clinicalStatus, verificationStatus) as words. */
const statusText = (c) => (c?.text ? c.text : words(c?.coding?.[0]?.code ?? ''));
/** A Reference as shown: its display, else the reference. */
const refText = (x) => x?.display ?? x?.reference ?? '';
const notes = (r) => (r.note ?? []).map((n) => ['Note', n.text]);
/** The first of the [x] choices of `r` under `stem` that is present: [suffix, value] or [null, undefined]. */
const choice = (r, stem) => {
  const k = Object.keys(r).find((key) => key.startsWith(stem) && /^[A-Z]/.test(key.slice(stem.length)));
  return k ? [k.slice(stem.length), r[k]] : [null, undefined];
};

/** An element's value[x] (Observation, component) as text. */
function valueText(x, f) {
  const [type, v] = choice(x, 'value');
  switch (type) {
    case 'Quantity':
      return f.qty(v);
    case 'CodeableConcept':
      return conceptText(v);
    case 'String':
    case 'Time':
      return v;
    case 'Boolean':
      return translate(v ? 'Yes' : 'No');
    case 'Integer':
      return f.num(v);
    case 'Range':
      return f.range(v);
    case 'Ratio':
      return f.ratio(v);
    case 'Period':
      return f.period(v);
    case 'DateTime':
      return f.date(v);
    case 'SampledData':
      return t('{count} series of samples', { count: f.num(v?.dimensions ?? 1) });
    default:
      return x.dataAbsentReason ? t('Not available ({reason})', { reason: conceptText(x.dataAbsentReason) }) : '';
  }
}

/** The v3 ObservationInterpretation codes most results carry, for codings without a display. */
const INTERPRETATION = {
  N: 'Normal',
  A: 'Abnormal',
  AA: 'Critically abnormal',
  H: 'High',
  HH: 'Critically high',
  HU: 'Significantly high',
  L: 'Low',
  LL: 'Critically low',
  LU: 'Significantly low',
  POS: 'Positive',
  NEG: 'Negative',
  DET: 'Detected',
  ND: 'Not detected',
  IND: 'Indeterminate',
};
const interpretation = (list) =>
  (list ?? [])
    .map((c) => c.text || translate(INTERPRETATION[c.coding?.[0]?.code] ?? '') || conceptText(c))
    .filter(Boolean)
    .join(', ');

/** The LOINC codes of systolic and diastolic blood pressure, the components of a BP panel. */
const SYSTOLIC = '8480-6';
const DIASTOLIC = '8462-4';
const hasCode = (c, code) => (c?.coding ?? []).some((x) => x.code === code);

/** '120/80 mmHg' for a blood-pressure observation with systolic and diastolic components. */
function bloodPressure(r, f) {
  const comps = r.component ?? [];
  const sys = comps.find((c) => hasCode(c.code, SYSTOLIC))?.valueQuantity;
  const dia = comps.find((c) => hasCode(c.code, DIASTOLIC))?.valueQuantity;
  if (sys?.value === undefined || dia?.value === undefined) return '';
  const unit = sys.unit ?? sys.code ?? '';
  return `${f.num(sys.value)}/${f.num(dia.value)}${unit ? ` ${unit}` : ''}`;
}

/** The effective[x] of an event: dateTime, Period, instant (or Timing/string as given). */
function effective(r, f, stem = 'effective') {
  const [type, v] = choice(r, stem);
  if (type === 'Period') return f.period(v);
  if (type === 'DateTime' || type === 'Instant') return f.date(v);
  if (type === 'String') return v;
  if (type === 'Age') return f.age(v);
  if (type === 'Range') return f.range(v);
  if (type === 'Boolean') return v ? translate('Yes') : '';
  return '';
}

const CATEGORY_KIND = { 'vital-signs': 'Vital signs', laboratory: 'Lab result', imaging: 'Imaging result' };

function observationView(r, f) {
  const category = (r.category ?? []).flatMap((c) => c.coding ?? []).find((c) => CATEGORY_KIND[c.code]);
  const bp = bloodPressure(r, f);
  return {
    kind: CATEGORY_KIND[category?.code] ?? 'Result',
    title: conceptText(r.code),
    date: effective(r, f) || f.date(r.issued),
    fields: [
      ['Result', bp || valueText(r, f)],
      ...(r.component ?? []).map((c) => {
        const v = valueText(c, f);
        const i = interpretation(c.interpretation);
        return [conceptText(c.code) || 'Component', v && i ? `${v} (${i})` : v || i];
      }),
      ['Interpretation', interpretation(r.interpretation)],
      ...(r.referenceRange ?? []).map((rr) => [
        'Reference range',
        [f.range(rr), conceptText(rr.type), concepts(rr.appliesTo), rr.text].filter(Boolean).join(', '),
      ]),
      ['Includes', (r.hasMember ?? []).map(refText).join(', ')],
      ['Body site', conceptText(r.bodySite)],
      ['Method', conceptText(r.method)],
      [
        'Performed by',
        (r.performer ?? [])
          .map((p) => p.display)
          .filter(Boolean)
          .join(', '),
      ],
      ['Status', notFinal(r.status)],
      ...notes(r),
    ],
  };
}

/** "Take it when": the common EventTiming codes. */
const WHEN = {
  C: 'with meals',
  CM: 'with breakfast',
  CD: 'with lunch',
  CV: 'with dinner',
  AC: 'before meals',
  PC: 'after meals',
  HS: 'at bedtime',
  WAKE: 'on waking',
  MORN: 'in the morning',
  AFT: 'in the afternoon',
  EVE: 'in the evening',
  NIGHT: 'at night',
};
/** "A day", "every 8 hours": one of each UCUM period unit, and every n of them. */
const PER_UNIT = {
  s: ['a second', 'every {n} seconds'],
  min: ['a minute', 'every {n} minutes'],
  h: ['an hour', 'every {n} hours'],
  d: ['a day', 'every {n} days'],
  wk: ['a week', 'every {n} weeks'],
  mo: ['a month', 'every {n} months'],
  a: ['a year', 'every {n} years'],
};

/** 'every 8 hours', in the reader's language (a unit not in PER_UNIT as given). */
const everyText = (period, unit, f) =>
  PER_UNIT[unit]
    ? t(PER_UNIT[unit][1], { n: f.num(period) })
    : t('every {n} {unit}', { n: f.num(period), unit: `${unit}s` });
/** 'a day' (period 1), else 'every 8 hours'. */
const perText = (period, unit, f) =>
  period === 1 ? (PER_UNIT[unit] ? translate(PER_UNIT[unit][0]) : t('a {unit}', { unit })) : everyText(period, unit, f);

/** A Timing as words: 'twice a day, with meals', 'every 8 hours', or its code's text. */
function timingText(timing, f) {
  if (!timing) return '';
  const rep = timing.repeat ?? {};
  const parts = [];
  if (rep.frequency !== undefined && rep.periodUnit) {
    const times =
      rep.frequency === 1
        ? translate('once')
        : rep.frequency === 2
          ? translate('twice')
          : t('{n} times', { n: f.num(rep.frequency) });
    const per = perText(rep.period ?? 1, rep.periodUnit, f);
    parts.push(rep.frequency === 1 && (rep.period ?? 1) !== 1 ? per : t('{times} {per}', { times, per }));
  } else if (rep.period !== undefined && rep.periodUnit) {
    parts.push(everyText(rep.period, rep.periodUnit, f));
  }
  if (rep.when?.length) parts.push(rep.when.map((w) => (WHEN[w] ? translate(WHEN[w]) : w)).join(', '));
  if (rep.timeOfDay?.length) parts.push(t('at {times}', { times: rep.timeOfDay.map((x) => x.slice(0, 5)).join(', ') }));
  if (rep.boundsPeriod) parts.push(f.period(rep.boundsPeriod));
  if (rep.boundsDuration) parts.push(t('for {duration}', { duration: f.qty(rep.boundsDuration) }));
  return parts.join(', ') || conceptText(timing.code);
}

/** The fields of a list of Dosage (MedicationStatement.dosage, MedicationRequest.dosageInstruction). */
function dosageFields(list, f) {
  return (list ?? []).flatMap((d) => [
    ['Dosage', d.text],
    ['Timing', timingText(d.timing, f)],
    ['Route', conceptText(d.route)],
    [
      'Dose',
      (d.doseAndRate ?? [])
        .map((x) => f.qty(x.doseQuantity) || f.range(x.doseRange))
        .filter(Boolean)
        .join(', '),
    ],
    [
      'As needed',
      d.asNeededBoolean
        ? translate('Yes')
        : d.asNeededCodeableConcept
          ? t('For {reason}', { reason: conceptText(d.asNeededCodeableConcept) })
          : '',
    ],
    ['Instructions', concepts(d.additionalInstruction)],
    ['Site', conceptText(d.site)],
    ['Method', conceptText(d.method)],
    ['At most', (d.maxDosePerPeriod && f.ratio(d.maxDosePerPeriod)) || ''],
  ]);
}

/** The medication of a statement or request: its concept, or the contained Medication it points at. */
function medicationName(r) {
  if (r.medicationCodeableConcept) return conceptText(r.medicationCodeableConcept);
  const ref = r.medicationReference;
  if (!ref) return '';
  const local = typeof ref.reference === 'string' && ref.reference.startsWith('#') ? ref.reference.slice(1) : null;
  const med = local ? (r.contained ?? []).find((c) => c.resourceType === 'Medication' && c.id === local) : null;
  return conceptText(med?.code) || refText(ref);
}

function medicationStatementView(r, f) {
  return {
    kind: 'Medication',
    title: medicationName(r),
    date: effective(r, f) || f.date(r.dateAsserted),
    fields: [
      ['Status', words(r.status)],
      ...dosageFields(r.dosage, f),
      ['Reason', concepts(r.reasonCode)],
      ['Reported', r.dateAsserted && choice(r, 'effective')[1] ? f.date(r.dateAsserted) : ''],
      ...notes(r),
    ],
  };
}

function medicationRequestView(r, f) {
  return {
    kind: 'Prescription',
    title: medicationName(r),
    date: f.date(r.authoredOn),
    fields: [
      ['Status', words(r.status)],
      ['Intent', words(r.intent)],
      ...dosageFields(r.dosageInstruction, f),
      ['Prescribed by', refText(r.requester)],
      ['Reason', concepts(r.reasonCode)],
      [
        'Dispense',
        r.dispenseRequest
          ? [
              f.qty(r.dispenseRequest.quantity),
              r.dispenseRequest.numberOfRepeatsAllowed !== undefined
                ? t(r.dispenseRequest.numberOfRepeatsAllowed === 1 ? '{count} repeat' : '{count} repeats', {
                    count: f.num(r.dispenseRequest.numberOfRepeatsAllowed),
                  })
                : '',
            ]
              .filter(Boolean)
              .join(', ')
          : '',
      ],
      ...notes(r),
    ],
  };
}

function immunizationView(r, f) {
  return {
    kind: 'Vaccination',
    title: conceptText(r.vaccineCode),
    date: effective(r, f, 'occurrence'),
    fields: [
      ['Status', r.status && r.status !== 'completed' ? words(r.status) : ''],
      ['Lot', r.lotNumber],
      ['Site', conceptText(r.site)],
      ['Route', conceptText(r.route)],
      ['Dose', f.qty(r.doseQuantity)],
      ['Expiry', f.date(r.expirationDate)],
      ...(r.protocolApplied ?? []).map((p) => {
        const [, n] = choice(p, 'doseNumber');
        const [, of] = choice(p, 'seriesDoses');
        const dose = n === undefined ? '' : of !== undefined ? t('Dose {n} of {of}', { n, of }) : t('Dose {n}', { n });
        return ['Series', [dose, p.series].filter(Boolean).join(', ')];
      }),
      ['Source', r.primarySource === false ? translate('Reported by someone other than who gave it') : ''],
      ['Reason', concepts(r.reasonCode)],
      ...notes(r),
    ],
  };
}

/** AllergyIntolerance.criticality in words (also the allergy form's choices). */
export const CRITICALITY = { low: 'Low risk', high: 'High risk', 'unable-to-assess': 'Not known' };

function allergyView(r, f) {
  return {
    kind: r.type === 'intolerance' ? 'Intolerance' : 'Allergy',
    title: conceptText(r.code),
    date: f.date(r.recordedDate) || effective(r, f, 'onset'),
    fields: [
      [
        'Risk of a severe reaction',
        CRITICALITY[r.criticality] ? translate(CRITICALITY[r.criticality]) : words(r.criticality),
      ],
      ...(r.reaction ?? []).map((x) => {
        const what = concepts(x.manifestation) || conceptText(x.substance);
        const detail = [words(x.severity), f.date(x.onset), conceptText(x.exposureRoute)].filter(Boolean).join(', ');
        const text = `${what}${detail ? ` (${detail})` : ''}`;
        return ['Reaction', x.description ? `${text}: ${x.description}` : text];
      }),
      ['Category', (r.category ?? []).map(words).join(', ')],
      ['Clinical status', statusText(r.clinicalStatus)],
      ['Verification', statusText(r.verificationStatus)],
      ['Onset', r.recordedDate ? effective(r, f, 'onset') : ''],
      ['Last occurrence', f.date(r.lastOccurrence)],
      ...notes(r),
    ],
  };
}

function conditionView(r, f) {
  const onset = effective(r, f, 'onset');
  return {
    kind: 'Condition',
    title: conceptText(r.code),
    date: onset || f.date(r.recordedDate),
    fields: [
      ['Clinical status', statusText(r.clinicalStatus)],
      ['Verification', statusText(r.verificationStatus)],
      ['Severity', conceptText(r.severity)],
      ['Onset', onset],
      ['Resolved', effective(r, f, 'abatement')],
      ['Body site', concepts(r.bodySite)],
      ['Category', concepts(r.category)],
      ['Recorded', onset ? f.date(r.recordedDate) : ''],
      ...notes(r),
    ],
  };
}

/** The fields of an Attachment: 'File' (title), 'Content type', 'Size' (in the reader's units). */
const attachmentFields = (a, f) => [
  ['File', a.title ?? (a.url && !String(a.url).startsWith('ipfs://') ? a.url : '')],
  ['Content type', a.contentType],
  ['Size', f.size(a.size)],
  ['Created', f.date(a.creation)],
];

function documentView(r, f) {
  const atts = (r.content ?? []).map((c) => c?.attachment ?? {});
  return {
    kind: 'Document',
    title: r.description || conceptText(r.type) || atts.find((a) => a.title)?.title || translate('Document'),
    date: f.date(r.date),
    fields: [
      ['Type', conceptText(r.type)],
      ['Category', concepts(r.category)],
      ['Status', words(r.docStatus)],
      ['Period', f.period(r.context?.period)],
      ...atts.flatMap((a) => attachmentFields(a, f)),
    ],
  };
}

/** The v3 RoleCode codes of relatives in words (also the family-history form's choices). */
export const RELATIVES = {
  MTH: 'Mother',
  FTH: 'Father',
  SIS: 'Sister',
  BRO: 'Brother',
  GRMTH: 'Grandmother',
  GRFTH: 'Grandfather',
  DAU: 'Daughter',
  SON: 'Son',
};

function familyView(r, f) {
  const rel = r.relationship?.text ?? RELATIVES[r.relationship?.coding?.[0]?.code] ?? conceptText(r.relationship);
  // The form writes the relative's word as the relationship's text ('Mother'): shown in the
  // reader's language like any word of the catalogue; any other text as written.
  const relative = translate(rel ? `${rel.charAt(0).toUpperCase()}${rel.slice(1)}` : 'Relative');
  const conditions = r.condition ?? [];
  return {
    kind: 'Family history',
    title: `${relative}: ${conditions.map((c) => conceptText(c.code)).join(', ')}`,
    date: f.date(r.date),
    fields: [
      ['Relative', relative],
      ['Name', r.name],
      ['Sex', conceptText(r.sex)],
      ['Born', effective(r, f, 'born')],
      ['Age', effective(r, f, 'age')],
      ['Deceased', effective(r, f, 'deceased')],
      ...conditions.map((c) => {
        const onset = effective(c, f, 'onset');
        const parts = [
          onset && t('from {date}', { date: onset }),
          c.contributedToDeath ? translate('contributed to death') : '',
        ].filter(Boolean);
        return ['Condition', `${conceptText(c.code)}${parts.length ? ` (${parts.join(', ')})` : ''}`];
      }),
      ...notes(r),
      ...conditions.flatMap((c) => notes(c)),
    ],
  };
}

function diagnosticReportView(r, f) {
  return {
    kind: 'Report',
    title: conceptText(r.code),
    date: effective(r, f) || f.date(r.issued),
    fields: [
      ['Conclusion', r.conclusion],
      ['Findings', concepts(r.conclusionCode)],
      ['Results', (r.result ?? []).map(refText).join(', ')],
      ['Category', concepts(r.category)],
      [
        'Performed by',
        (r.performer ?? [])
          .map((p) => p.display)
          .filter(Boolean)
          .join(', '),
      ],
      ['Issued', effective(r, f) ? f.date(r.issued) : ''],
      ['Status', notFinal(r.status)],
      ...(r.presentedForm ?? []).flatMap((a) => attachmentFields(a, f)),
    ],
  };
}

function encounterView(r, f) {
  return {
    kind: 'Encounter',
    title: concepts(r.type) || r.class?.display || r.class?.code || translate('Encounter'),
    date: f.period(r.period),
    fields: [
      ['Class', r.class?.display ?? r.class?.code],
      ['Reason', concepts(r.reasonCode)],
      ['Service', conceptText(r.serviceType)],
      ['Place', (r.location ?? []).map((l) => refText(l.location)).join(', ')],
      ['Status', words(r.status)],
    ],
  };
}

/** Any other resource: its code or type, its main date and status. */
function otherView(r, f) {
  return {
    kind: r.resourceType ?? 'Record',
    title: conceptText(r.code) || concepts(r.type) || r.description || r.resourceType || translate('Record'),
    date: effective(r, f) || effective(r, f, 'performed') || effective(r, f, 'occurrence') || f.date(r.date),
    fields: [
      ['Status', words(typeof r.status === 'string' ? r.status : '')],
      ['Period', f.period(r.period)],
      ...notes(r),
    ],
  };
}

const VIEWS = {
  Observation: observationView,
  MedicationStatement: medicationStatementView,
  MedicationRequest: medicationRequestView,
  Immunization: immunizationView,
  AllergyIntolerance: allergyView,
  Condition: conditionView,
  DocumentReference: documentView,
  FamilyMemberHistory: familyView,
  DiagnosticReport: diagnosticReportView,
  Encounter: encounterView,
};
