// The record view (web/src/records/record-view.js) on the published FHIR R4 examples in
// tests/vectors/health/ (every resource type it shows: the values their README lists), the
// project's own fixtures (the demo's vitals record), the formatting of dates, numbers, sizes and
// addresses it relies on (web/src/format.js), and the record forms read back for amending
// (web/src/records/forms.js). Node only, no browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { recordView } from '../../web/src/records/record-view.js';
import { RECORD_FORMS, amendResource, formOf } from '../../web/src/records/forms.js';
import { formatDate, formatPeriod, formatSize, fullAddress, shortAddress, useChecksum } from '../../web/src/format.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const R4 = join(ROOT, 'tests/vectors/health/fhir-r4-examples/spec/hl7.fhir.r4.examples/4.0.1/package');
const json = (path) => JSON.parse(readFileSync(path, 'utf8'));
const r4 = (name) => json(join(R4, `${name}.json`));
const fixture = (name) => json(join(ROOT, 'tests/data/fhir/valid', `${name}.json`));

// The reader of these tests: British English, UTC. Expected dates are written with Intl directly,
// so that what is checked is which date the view picks and how precisely, not the locale data.
const READER = { locale: 'en-GB', timeZone: 'UTC' };
const view = (r, o = READER) => recordView(r, o);
const day = (y, m, d) =>
  new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, d));
const at = (iso) =>
  new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(new Date(iso));
/** The value of the first field with `label` (the fields of `v`). */
const field = (v, label) => v.fields.find(([k]) => k === label)?.[1];
const all = (v, label) => v.fields.filter(([k]) => k === label).map(([, x]) => x);

test('Observation: a blood-pressure panel reads "107/60 mmHg" with its components, interpretation and date', () => {
  const v = view(r4('Observation-blood-pressure'));
  assert.equal(v.kind, 'Vital signs');
  assert.equal(v.title, 'Blood pressure systolic & diastolic');
  assert.equal(v.date, day(2012, 9, 17));
  assert.equal(field(v, 'Result'), '107/60 mmHg');
  assert.equal(field(v, 'Systolic blood pressure'), '107 mmHg (Normal)');
  assert.equal(field(v, 'Diastolic blood pressure'), '60 mmHg (Below low normal)');
  assert.equal(field(v, 'Interpretation'), 'Below low normal');
  assert.equal(field(v, 'Body site'), 'Right arm');
  assert.equal(field(v, 'Status'), undefined, 'a final result does not say so');
});

test('Observation: the demo vitals record reads "120/80 mmHg" over its measuring period', () => {
  const v = view(fixture('observation-blood-pressure'));
  assert.equal(field(v, 'Result'), '120/80 mmHg');
  assert.equal(
    v.date,
    new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).formatRange(
      new Date('2024-03-05T09:30:00Z'),
      new Date('2024-03-05T09:35:00Z'),
    ),
  );
  assert.match(v.date, /2024/);
  assert.equal(field(v, 'Note'), 'Measured sitting, left arm.');
});

test('Observation: a lab value with its reference range, interpretation and effective date', () => {
  const v = view(r4('Observation-f001'));
  assert.equal(v.title, 'Glucose [Moles/volume] in Blood');
  assert.equal(field(v, 'Result'), '6.3 mmol/l');
  assert.equal(field(v, 'Interpretation'), 'High');
  assert.equal(field(v, 'Reference range'), '3.1–6.2 mmol/l');
  assert.equal(field(v, 'Performed by'), 'A. Langeveld');
  assert.equal(v.date, `from ${at('2013-04-02T09:30:10+01:00')}`);
  // An interpretation code without a display still reads as a word (the project's hemoglobin).
  const hb = view(fixture('observation-hemoglobin'));
  assert.equal(field(hb, 'Interpretation'), 'Normal');
  assert.equal(field(hb, 'Reference range'), '13–17 g/dL');
  // Numbers in the reader's locale.
  assert.equal(field(view(r4('Observation-f001'), { locale: 'de-DE', timeZone: 'UTC' }), 'Result'), '6,3 mmol/l');
});

test('Observation: single vital signs and a panel of members', () => {
  assert.equal(field(view(r4('Observation-heart-rate')), 'Result'), '44 beats/minute');
  assert.equal(field(view(r4('Observation-body-temperature')), 'Result'), '36.5 C');
  assert.equal(field(view(r4('Observation-bmi')), 'Result'), '16.2 kg/m2');
  const panel = view(r4('Observation-vitals-panel'));
  assert.equal(field(panel, 'Includes'), 'Respiratory Rate, Heart Rate, Blood Pressure, Body Temperature');
  assert.equal(panel.date, day(1999, 7, 2));
});

test('MedicationRequest: the contained medication and the dosage (text, timing, route, dose, as needed)', () => {
  const v = view(r4('MedicationRequest-medrx0310'));
  assert.equal(v.kind, 'Prescription');
  assert.equal(v.title, 'Tylenol PM');
  assert.equal(v.date, day(2015, 1, 15));
  assert.equal(field(v, 'Dosage'), 'Take 1-2 tablets once daily at bedtime as needed for restless legs');
  assert.equal(field(v, 'Timing'), 'once a day');
  assert.equal(field(v, 'Route'), 'Oral Route');
  assert.equal(field(v, 'Dose'), '1–2 TAB');
  assert.equal(field(v, 'As needed'), 'For Restless Legs');
  assert.equal(field(v, 'Prescribed by'), 'Patrick Pump');
});

test('MedicationStatement: by reference to a contained Medication, or by text; dosage and dates', () => {
  const a = view(r4('MedicationStatement-example001'));
  assert.equal(a.title, 'Tylenol PM');
  assert.equal(a.date, day(2015, 1, 23));
  assert.equal(field(a, 'Reason'), 'Restless Legs');
  assert.equal(field(a, 'Status'), 'Active');
  const b = view(r4('MedicationStatement-example003'));
  assert.equal(b.title, 'Little Pink Pill for water retention');
  assert.equal(field(b, 'Dosage'), '1 tablet per day');
  assert.equal(field(b, 'Route'), 'Oral');
  assert.equal(field(b, 'Dose'), '1 tab');
  // The project's fixture: "twice a day, with meals" from its timing.
  const c = view(fixture('medication-statement'));
  assert.equal(field(c, 'Timing'), 'twice a day, with meals');
  assert.equal(field(c, 'Dose'), '500 mg');
  assert.equal(c.date, `from ${day(2021, 1, 10)}`);
});

test('Immunization: vaccine, date, lot, site, route and dose; a historical record says it was reported', () => {
  const v = view(r4('Immunization-example'));
  assert.equal(v.kind, 'Vaccination');
  assert.equal(v.title, 'Fluvax (Influenza)');
  assert.equal(v.date, day(2013, 1, 10));
  assert.equal(field(v, 'Lot'), 'AAJN11K');
  assert.equal(field(v, 'Site'), 'left arm');
  assert.equal(field(v, 'Route'), 'Injection, intramuscular');
  assert.equal(field(v, 'Dose'), '5 mg');
  assert.equal(field(v, 'Expiry'), day(2015, 2, 15));
  assert.match(field(view(r4('Immunization-historical')), 'Source'), /Reported/);
  assert.equal(field(view(fixture('immunization')), 'Series'), 'Dose 2 of 2, Primary');
});

test('AllergyIntolerance: substance, criticality, each reaction with its manifestation and severity', () => {
  const v = view(r4('AllergyIntolerance-example'));
  assert.equal(v.title, 'Cashew nuts');
  assert.equal(field(v, 'Risk of a severe reaction'), 'High risk');
  const reactions = all(v, 'Reaction');
  assert.equal(reactions.length, 2);
  assert.match(
    reactions[0],
    new RegExp(`^Anaphylactic reaction \\(Severe, ${day(2012, 6, 12)}, Subcutaneous route\\): `),
  );
  assert.equal(reactions[1], 'Urticaria (Moderate, 2004)');
  assert.equal(field(v, 'Clinical status'), 'Active');
  assert.equal(field(v, 'Onset'), '2004');
  assert.equal(field(v, 'Last occurrence'), 'June 2012');
  // No criticality in the resource: no such field (nothing is made up).
  const nkda = view(r4('AllergyIntolerance-nkda'));
  assert.equal(nkda.title, 'NKDA');
  assert.equal(field(nkda, 'Risk of a severe reaction'), undefined);
});

test('Condition: code, clinical status, onset; a resolved one with its abatement', () => {
  const v = view(r4('Condition-example'));
  assert.equal(v.title, 'Burnt Ear');
  assert.equal(field(v, 'Clinical status'), 'Active');
  assert.equal(field(v, 'Onset'), day(2012, 5, 24));
  assert.equal(field(v, 'Severity'), 'Severe');
  const f201 = view(r4('Condition-f201'));
  assert.equal(f201.title, 'Fever');
  assert.equal(field(f201, 'Clinical status'), 'Resolved');
  assert.equal(field(f201, 'Resolved'), 'around April 9, 2013');
  assert.equal(field(view(fixture('condition')), 'Onset'), 'June 2019', 'a month-precision onset');
});

test('DocumentReference: type, date, attachment title, content type and size in the reader’s units', () => {
  const v = view(r4('DocumentReference-example'));
  assert.equal(v.kind, 'Document');
  assert.equal(field(v, 'Type'), 'Outpatient Note');
  assert.equal(v.date, at('2005-12-24T09:43:41+11:00'));
  assert.equal(field(v, 'File'), 'Physical');
  assert.equal(field(v, 'Content type'), 'application/hl7-v3+xml');
  assert.equal(field(v, 'Size'), '3.6 kB');
  // The file record the page writes (records/files.js): 5 MB, not "5242880 bytes".
  const file = view({
    resourceType: 'DocumentReference',
    status: 'current',
    date: '2026-01-02T10:00:00Z',
    content: [{ attachment: { contentType: 'application/pdf', title: 'scan.pdf', url: 'ipfs://bafy', size: 5242880 } }],
  });
  assert.equal(file.title, 'scan.pdf');
  assert.equal(field(file, 'Size'), '5 MB');
  assert.deepEqual(all(view(fixture('document-reference')), 'File'), ['summary.txt', 'ecg.jpg']);
});

test('FamilyMemberHistory: relationship and conditions with onset and outcome', () => {
  const v = view(r4('FamilyMemberHistory-father'));
  assert.equal(v.title, 'Father: Heart Attack');
  assert.equal(field(v, 'Relative'), 'Father');
  assert.equal(field(v, 'Condition'), 'Heart Attack (from age 74, contributed to death)');
  assert.equal(field(v, 'Sex'), 'Male');
  assert.equal(v.date, day(2011, 3, 18));
});

test('DiagnosticReport: code, results, date (published examples) and conclusion', () => {
  const bundle = json(
    join(ROOT, 'tests/vectors/health/smart-health-cards/generate-examples/src/fixtures/dr-bundle.json'),
  );
  const dr = bundle.entry.map((e) => e.resource).find((r) => r.resourceType === 'DiagnosticReport');
  const v = view(dr);
  assert.equal(v.kind, 'Report');
  assert.equal(v.title, 'General Health Profile');
  assert.equal(field(v, 'Results'), 'Chemistry Panel, CBC, Urinalysis');
  assert.equal(field(v, 'Performed by'), 'Acme Laboratory, Inc');
  assert.equal(v.date, at('2015-08-16T06:40:17Z'));
  const synthea = json(
    join(
      ROOT,
      'tests/vectors/health/synthea/library-api/src/test/resources/test-data/bundles/Alfonzo975_Hickle134_cd3d3588-94fc-b980-9e94-0390d989d921.json',
    ),
  );
  const cbc = synthea.entry
    .map((e) => e.resource)
    .find((r) => r.resourceType === 'DiagnosticReport' && r.code?.coding?.[0]?.code === '58410-2');
  assert.match(view(cbc).title, /^Complete blood count/);
  assert.match(field(view(cbc), 'Results'), /^Leukocytes .*Hemoglobin/);
  const own = view(fixture('diagnostic-report'));
  assert.equal(field(own, 'Conclusion'), 'Within normal limits.');
  assert.equal(field(own, 'Size'), '47.1 kB');
});

test('any other resource: its kind, code and status; nothing empty is listed', () => {
  const v = view({
    resourceType: 'Procedure',
    status: 'completed',
    code: { text: 'Appendectomy' },
    performedDateTime: '2020-02-03',
  });
  assert.deepEqual(v, {
    kind: 'Procedure',
    title: 'Appendectomy',
    date: day(2020, 2, 3),
    fields: [['Status', 'Completed']],
  });
  for (const [, value] of view(r4('Condition-f201')).fields) assert.ok(value, 'no empty value');
});

test('dates: FHIR precision kept, calendar dates never shifted by the reader’s zone, bad text as given', () => {
  const west = { locale: 'en-US', timeZone: 'America/Los_Angeles' };
  assert.equal(
    formatDate('2012-09-17', west),
    new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.UTC(2012, 8, 17)),
  );
  assert.equal(formatDate('2004', west), '2004');
  assert.equal(
    formatDate('2024-03-05T09:30:00Z', { locale: 'en-GB', timeZone: 'Asia/Tokyo' }),
    new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Tokyo' }).format(
      new Date('2024-03-05T09:30:00Z'),
    ),
    'a time in the reader’s zone',
  );
  assert.match(formatDate('2024-03-05T09:30:00Z', { locale: 'en-GB', timeZone: 'Asia/Tokyo' }), /18:30/);
  assert.equal(formatDate(0, READER), at('1970-01-01T00:00:00Z'), 'Unix seconds');
  assert.equal(formatDate('not a date', READER), 'not a date');
  assert.equal(formatPeriod({ end: '2024-03-06' }, READER), `until ${day(2024, 3, 6)}`);
  assert.equal(formatPeriod({}, READER), '');
});

test('sizes: bytes, kB, MB, GB in 1024 steps', () => {
  assert.equal(formatSize(1, READER), '1 byte');
  assert.equal(formatSize(29, READER), '29 bytes');
  assert.equal(formatSize(5242880, READER), '5 MB');
  assert.equal(formatSize(1.5 * 1024 ** 3, READER), '1.5 GB');
  assert.equal(formatSize(5242880, { locale: 'de-DE' }), '5 MB');
});

test('addresses: one form, checksummed once the module is there; hashes and grantee words are not addresses', () => {
  const lower = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266';
  const hash = `0x${'ab'.repeat(32)}`;
  // A stand-in for the module's EIP-55 (the module's own is tested in tests/wasm/).
  useChecksum((a) => (a.toLowerCase() === lower ? '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266' : a));
  try {
    assert.equal(shortAddress(lower), '0xf39F…2266');
    assert.equal(
      shortAddress('0xF39FD6E51AAD88F6F4CE6AB8827279CFFFB92266'),
      '0xf39F…2266',
      'one account, one spelling',
    );
    assert.equal(fullAddress(lower), '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266');
    assert.equal(shortAddress(hash), '0xabab…abab');
  } finally {
    useChecksum(null);
  }
});

test('forms: a resource is read back into its form; an amend changes only what was changed', () => {
  // The published allergy opens in the allergy form; changing the reaction keeps the coded substance.
  const allergy = r4('AllergyIntolerance-example');
  const match = formOf(allergy);
  assert.equal(match.key, 'allergy');
  assert.deepEqual(match.values, {
    substance: 'Cashew nuts',
    reaction: 'Anaphylactic reaction',
    criticality: 'high',
    date: '2014-10-09',
  });
  const amended = amendResource('allergy', allergy, match.values, { ...match.values, reaction: 'Hives' });
  assert.deepEqual(amended.reaction, [{ manifestation: [{ text: 'Hives' }] }]);
  assert.deepEqual(amended.code, allergy.code, 'unchanged fields keep the coded original');
  assert.equal(amended.recordedDate, allergy.recordedDate, 'the time of day is kept');
  assert.deepEqual(amendResource('allergy', allergy, match.values, match.values), allergy, 'nothing changed');
  // Clearing a choice removes it; a new date replaces a period of the same choice.
  const med = fixture('medication-statement');
  const m = formOf(med);
  assert.equal(m.key, 'medication');
  const redated = amendResource('medication', med, m.values, { ...m.values, date: '2022-02-02' });
  assert.equal(redated.effectiveDateTime, '2022-02-02');
  assert.equal(redated.effectivePeriod, undefined);
  assert.deepEqual(redated.dosage, med.dosage, 'the structured dosage stays');
  // A panel has no form: it is amended as JSON.
  assert.equal(formOf(r4('Observation-blood-pressure')), null);
  assert.equal(formOf(r4('Observation-f001')).key, 'lab');
});

test('forms: nothing clinical is chosen for the person', () => {
  const subject = { reference: 'Patient/x' };
  const allergy = RECORD_FORMS.allergy.build({ substance: 'Latex', reaction: '', criticality: '', date: '' }, subject);
  assert.equal('criticality' in allergy, false, 'no severity unless chosen');
  const cond = RECORD_FORMS.condition.build({ condition: 'Asthma', status: '', date: '' }, subject);
  assert.equal('clinicalStatus' in cond, false);
  assert.equal(
    RECORD_FORMS.medication.build({ medication: 'X', dosage: '', status: '', date: '' }, subject).status,
    'unknown',
  );
  assert.ok(
    RECORD_FORMS.family.fields.find((f) => f.name === 'relative').required,
    'the relative is asked, not assumed',
  );
  for (const def of Object.values(RECORD_FORMS))
    for (const f of def.fields.filter((x) => x.type === 'select'))
      assert.equal('' in f.options, false, `${def.label}: ${f.name}`);
});
