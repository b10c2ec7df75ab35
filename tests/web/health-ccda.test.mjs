// C-CDA documents to FHIR (web/src/health/ccda.js) against the HL7 C-CDA-Examples CCDs in
// tests/vectors/health/ccda (CC0): resources by type, exact codes and values, the import plan
// (and, when the WebAssembly module is built, the module's own check of every added resource),
// the XML reader's edge cases, and a seeded property test of mutated documents (only HealthErrors,
// never a hang): HEALTH_SEED=<n> node --test tests/web/health-ccda.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { ccdaToBundle, dateTime, looksLikeXml, parseXml } from '../../web/src/health/ccda.js';
import { planImport, readBundle } from '../../web/src/health/bundle-import.js';
import { HealthError } from '../../web/src/health/errors.js';
import { mulberry32 } from '../lib/prng.mjs';

const SEED = Number(process.env.HEALTH_SEED ?? 0x5eed1e55) >>> 0;
const V = new URL('../vectors/health/ccda/Documents/CCD/', import.meta.url);
const CCD1 = readFileSync(new URL('CCD%201/CCD.XML', V), 'utf8');
const CCD2 = readFileSync(new URL('CCD%202/CCD.xml', V), 'utf8');
const WASM = new URL('../../wasm/dist/ehr_core.wasm', import.meta.url);

const typeCounts = (b) =>
  b.entry.reduce((m, e) => ({ ...m, [e.resource.resourceType]: (m[e.resource.resourceType] ?? 0) + 1 }), {});
const ofType = (b, t) => b.entry.map((e) => e.resource).filter((r) => r.resourceType === t);
const codes = (cc) => (cc?.coding ?? []).map((c) => `${c.system}|${c.code}`);
const byCode = (b, t, code) =>
  ofType(b, t).filter((r) =>
    codes(r.code ?? r.vaccineCode ?? r.medicationCodeableConcept).some((c) => c.endsWith(`|${code}`)),
  );

/** Throws unless `fn` throws a HealthError with `code`. */
function throwsCode(fn, code) {
  assert.throws(fn, (e) => e instanceof HealthError && e.code === code, code);
}

test('CCD 1: resources by type, exact codes and values', () => {
  const { bundle, counts, notes, skippedSections, title, documentDate } = ccdaToBundle(CCD1);
  assert.equal(bundle.resourceType, 'Bundle');
  assert.equal(bundle.type, 'collection');
  assert.equal(title, 'Patient Chart Summary');
  assert.equal(documentDate, '2013-08-15T10:30:00-08:00');
  assert.deepEqual(typeCounts(bundle), {
    Patient: 1,
    AllergyIntolerance: 2,
    Immunization: 5,
    MedicationStatement: 2,
    Condition: 4,
    Procedure: 3,
    Observation: 14,
    DiagnosticReport: 2,
  });
  assert.deepEqual(counts, {
    allergies: 2,
    immunizations: 5,
    medications: 2,
    problems: 4,
    procedures: 3,
    results: 8,
    vitalSigns: 8,
  });
  assert.deepEqual(notes, []);
  assert.deepEqual(skippedSections, [
    'ADVANCE DIRECTIVES',
    'ENCOUNTERS',
    'FAMILY HISTORY',
    'FUNCTIONAL STATUS',
    'MEDICAL EQUIPMENT',
    'INSURANCE PROVIDERS',
    'TREATMENT PLAN',
    'SOCIAL HISTORY',
  ]);
  // The patient: one entry without demographics, referred to by every resource.
  const patient = bundle.entry[0];
  assert.deepEqual(patient.resource, { resourceType: 'Patient' });
  for (const e of bundle.entry.slice(1)) {
    const r = e.resource;
    assert.equal((r.subject ?? r.patient).reference, patient.fullUrl, r.resourceType);
  }
  assert.equal(new Set(bundle.entry.map((e) => e.fullUrl)).size, bundle.entry.length);

  const [pen] = byCode(bundle, 'AllergyIntolerance', '70618');
  assert.deepEqual(codes(pen.code), ['http://www.nlm.nih.gov/research/umls/rxnorm|70618']);
  assert.equal(pen.code.coding[0].display, 'Penicillin');
  assert.equal(pen.clinicalStatus.coding[0].code, 'active');
  assert.equal(pen.onsetDateTime, '1998-05-01');
  assert.deepEqual(codes(pen.reaction[0].manifestation[0]), ['http://snomed.info/sct|422587007']);
  assert.equal(pen.reaction[0].severity, 'mild');
  assert.equal(byCode(bundle, 'AllergyIntolerance', '2670').length, 1); // codeine

  const flu = byCode(bundle, 'Immunization', '88');
  assert.equal(flu.length, 2);
  assert.equal(flu[0].status, 'completed');
  assert.equal(flu[0].occurrenceDateTime, '1999-11');
  assert.equal(flu[0].lotNumber, '1');
  assert.deepEqual(flu[0].doseQuantity, { value: 50, unit: 'ug', system: 'http://unitsofmeasure.org', code: 'ug' });
  assert.equal(flu[1].status, 'not-done');
  const refused = ofType(bundle, 'Immunization').filter((r) => r.status === 'not-done');
  assert.equal(refused.length, 2);
  assert.ok(refused.some((r) => r.statusReason?.coding?.[0]?.code === 'PATOBJ'));
  assert.deepEqual(
    ofType(bundle, 'Immunization').map((r) => r.vaccineCode.coding[0].code),
    ['88', '88', '33', '103', '45'],
  );

  const [albuterol] = byCode(bundle, 'MedicationStatement', '573621');
  assert.equal(albuterol.medicationCodeableConcept.coding[0].system, 'http://www.nlm.nih.gov/research/umls/rxnorm');
  assert.equal(albuterol.status, 'active');
  assert.deepEqual(albuterol.effectivePeriod, { start: '2011-01-03' });
  assert.deepEqual(albuterol.dosage[0].timing, { repeat: { frequency: 1, period: 6, periodUnit: 'h' } });
  assert.deepEqual(codes(albuterol.reasonCode[0]), ['http://snomed.info/sct|195967001']);

  const conditions = ofType(bundle, 'Condition');
  assert.deepEqual(
    conditions.map((c) => [c.code.coding[0].code, c.clinicalStatus.coding[0].code]),
    [
      ['233604007', 'resolved'],
      ['29857009', 'active'],
      ['194828000', 'active'],
      ['233604007', 'resolved'],
    ],
  );

  const medications = ofType(bundle, 'MedicationStatement').map((m) => m.medicationCodeableConcept.coding[0].code);
  assert.deepEqual(medications, ['573621', '197380']);

  const [hgb] = ofType(bundle, 'Observation').filter((o) => o.code.coding[0].code === '718-7');
  assert.equal(hgb.category[0].coding[0].code, 'laboratory');
  assert.equal(hgb.effectiveDateTime, '2008-03-19T08:30:00-08:00');
  assert.deepEqual(hgb.valueQuantity, { value: 13.2, unit: 'g/dL', system: 'http://unitsofmeasure.org', code: 'g/dL' });
  assert.deepEqual(hgb.referenceRange[0], {
    low: { value: 12, unit: 'g/dL', system: 'http://unitsofmeasure.org', code: 'g/dL' },
    high: { value: 15.5, unit: 'g/dL', system: 'http://unitsofmeasure.org', code: 'g/dL' },
  });
  const [cbc] = ofType(bundle, 'DiagnosticReport').filter((d) => d.code.coding[0].code === '57021-8');
  assert.equal(cbc.result.length, 5);
  const urls = new Set(bundle.entry.map((e) => e.fullUrl));
  for (const r of cbc.result) assert.ok(urls.has(r.reference));

  const vitals = ofType(bundle, 'Observation').filter((o) => o.category[0].coding[0].code === 'vital-signs');
  assert.equal(vitals.length, 8);
  const systolic = vitals.filter((o) => o.code.coding[0].code === '8480-6').map((o) => o.valueQuantity.value);
  assert.deepEqual(systolic, [132, 128]);
  assert.ok(vitals.every((o) => o.valueQuantity.system === 'http://unitsofmeasure.org'));

  assert.deepEqual(
    ofType(bundle, 'Procedure').map((p) => [p.code.coding[0].code, p.status]),
    [
      ['73761001', 'completed'],
      ['274025005', 'stopped'],
      ['274025005', 'completed'],
    ],
  );
});

test('CCD 2: empty (nullFlavor) sections give no resources', () => {
  const { bundle, counts } = ccdaToBundle(CCD2);
  assert.deepEqual(typeCounts(bundle), {
    Patient: 1,
    AllergyIntolerance: 1,
    Procedure: 3,
    Observation: 10,
    DiagnosticReport: 1,
  });
  // Negated allergy observation with the generic substance 105590001: no known allergies.
  const [nka] = ofType(bundle, 'AllergyIntolerance');
  assert.deepEqual(nka.code, {
    coding: [{ system: 'http://snomed.info/sct', code: '716186003', display: 'No known allergy' }],
    text: 'No known allergy',
  });
  assert.equal(nka.verificationStatus.coding[0].code, 'confirmed');
  assert.equal(nka.clinicalStatus.coding[0].code, 'active');
  assert.equal(counts.medications, 0);
  assert.equal(counts.problems, 0);
  assert.equal(ofType(bundle, 'Observation').filter((o) => o.category[0].coding[0].code === 'vital-signs').length, 9);
});

test('import plan of the converted CCDs: adds, skips, references, re-plan dedupes', async () => {
  for (const [xml, add, byScope] of [
    [CCD1, 29, { allergies: 2, immunizations: 5, prescriptions: 2, clinical_notes: 4, labs: 8, vitals: 8 }],
    [CCD2, 12, { allergies: 1, labs: 2, vitals: 9 }],
  ]) {
    const { bundle } = ccdaToBundle(xml);
    assert.deepEqual(readBundle(JSON.stringify(bundle)).entry.length, bundle.entry.length);
    const plan = await planImport(bundle, { patientReference: 'Patient/0xabc' });
    assert.equal(plan.counts.add, add);
    assert.deepEqual(plan.counts.bySkipReason, { patient: 1, 'unsupported-type': 3 }); // Procedures
    assert.deepEqual(plan.counts.byScope, byScope);
    for (const it of plan.add)
      for (const ref of it.references) assert.ok(['patient', 'resolved'].includes(ref.status), ref.path);
    const report = plan.add.find((x) => x.resourceType === 'DiagnosticReport');
    for (const r of report.resource.result) assert.match(r.reference, /^Observation\/[0-9a-f]{64}$/);
    // Converting twice gives the same keys; with the keys as existing, nothing is added again.
    const again = await planImport(ccdaToBundle(xml).bundle, { existingKeys: plan.add.map((x) => x.dedupeKey) });
    assert.equal(again.counts.add, 0);
    assert.equal(again.counts.bySkipReason['already-imported'], add);
  }
});

test(
  'the module accepts every added resource (when built)',
  { skip: !existsSync(WASM) && 'no wasm/dist build' },
  async () => {
    const { init } = await import('../../wasm/js/ehr.js');
    const ehr = await init();
    for (const xml of [CCD1, CCD2]) {
      const refused = [];
      const plan = await planImport(ccdaToBundle(xml).bundle, {
        patientReference: 'Patient/0x00000000000000000000000000000000000000aa',
        categorize: (r) => {
          const v = ehr.records.fhir.validate(r);
          if (v.scope === null || v.scope === undefined) refused.push([r.resourceType, v.issues[0]?.message]);
          return v.scope ?? null;
        },
      });
      assert.ok(
        refused.every(([t]) => t === 'Procedure'),
        JSON.stringify(refused),
      );
      assert.equal(plan.counts.add, xml === CCD1 ? 29 : 12);
      for (const it of plan.add) assert.equal(ehr.records.fhir.validate(it.resource).valid, true);
    }
  },
);

test('XML reader: entities, CDATA, namespaces, xsi:type, limits and errors', () => {
  const doc = parseXml(
    '\uFEFF<?xml version="1.0"?><!-- c --><a xmlns="urn:hl7-org:v3" xmlns:x="urn:x" q=\'1 &amp; 2\'>' +
      't&lt;&#65;&#x42;<![CDATA[<raw>]]><x:b/><c/></a>',
  );
  assert.equal(doc.local, 'a');
  assert.equal(doc.ns, 'urn:hl7-org:v3');
  assert.equal(doc.attrs.q, '1 & 2');
  assert.equal(doc.text, 't<AB<raw>');
  assert.deepEqual(
    doc.children.map((c) => [c.name, c.ns]),
    [
      ['x:b', 'urn:x'],
      ['c', 'urn:hl7-org:v3'],
    ],
  );
  throwsCode(() => parseXml('<a><b></a>'), 'CCDA_BAD_XML');
  throwsCode(() => parseXml('<a>'), 'CCDA_BAD_XML');
  throwsCode(() => parseXml('<a/><b/>'), 'CCDA_BAD_XML');
  throwsCode(() => parseXml('<a>&bogus;</a>'), 'CCDA_BAD_XML');
  throwsCode(() => parseXml('<a>&#0;</a>'), 'CCDA_BAD_XML');
  throwsCode(() => parseXml('<a x="1" x="2"/>'), 'CCDA_BAD_XML');
  throwsCode(() => parseXml('<p:a/>'), 'CCDA_BAD_XML');
  throwsCode(() => parseXml('<!DOCTYPE a [<!ENTITY x "xx">]><a>&x;</a>'), 'CCDA_BAD_XML');
  throwsCode(() => parseXml(''), 'CCDA_BAD_XML');
  throwsCode(() => parseXml(/** @type {any} */ (42)), 'CCDA_BAD_INPUT');
  throwsCode(() => parseXml('<a/>', { maxChars: 3 }), 'CCDA_TOO_LARGE');
  throwsCode(() => parseXml('<a>'.repeat(100_000) + '</a>'.repeat(100_000)), 'CCDA_TOO_DEEP');
  throwsCode(() => ccdaToBundle('<html xmlns="urn:hl7-org:v3"/>'), 'CCDA_NOT_CDA');
  throwsCode(() => ccdaToBundle('<ClinicalDocument/>'), 'CCDA_NOT_CDA'); // no namespace
  const empty = ccdaToBundle('<ClinicalDocument xmlns="urn:hl7-org:v3"/>');
  assert.deepEqual(typeCounts(empty.bundle), { Patient: 1 });
  assert.deepEqual(empty.notes, ['the document has no structured body: nothing to convert']);
  assert.equal(looksLikeXml('  \n<?xml version="1.0"?>'), true);
  assert.equal(looksLikeXml('\uFEFF<ClinicalDocument/>'), true);
  assert.equal(looksLikeXml('{"resourceType":"Bundle"}'), false);
});

test('a small document: LOINC-only sections, narrative text, prefixes, notes', () => {
  const xml = `<?xml version="1.0"?>
<v3:ClinicalDocument xmlns:v3="urn:hl7-org:v3" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">
 <v3:component><v3:structuredBody>
  <v3:component><v3:section>
   <v3:code code="11450-4" codeSystem="2.16.840.1.113883.6.1"/>
   <v3:text><v3:content ID="p1">Seasonal  allergic rhinitis</v3:content></v3:text>
   <v3:entry><v3:observation negationInd="false">
    <v3:effectiveTime><v3:low value="20200105"/></v3:effectiveTime>
    <v3:value i:type="v3:CD" nullFlavor="OTH"><v3:originalText><v3:reference value="#p1"/></v3:originalText></v3:value>
   </v3:observation></v3:entry>
   <v3:entry><v3:observation><v3:value i:type="CD" nullFlavor="UNK"/></v3:observation></v3:entry>
   <v3:entry><v3:observation><v3:value i:type="CD" nullFlavor="UNK"/></v3:observation></v3:entry>
  </v3:section></v3:component>
  <v3:component><v3:section>
   <v3:code code="48765-2" codeSystem="2.16.840.1.113883.6.1"/>
   <v3:entry><v3:act><v3:entryRelationship><v3:observation negationInd="true">
    <v3:templateId root="2.16.840.1.113883.10.20.22.4.7"/>
    <v3:participant><v3:participantRole><v3:playingEntity><v3:code nullFlavor="NA"/></v3:playingEntity></v3:participantRole></v3:participant>
   </v3:observation></v3:entryRelationship></v3:act></v3:entry>
   <v3:component><v3:section><v3:title>Nested &amp; unknown</v3:title></v3:section></v3:component>
  </v3:section></v3:component>
 </v3:structuredBody></v3:component>
</v3:ClinicalDocument>`;
  const { bundle, notes, skippedSections, counts } = ccdaToBundle(xml);
  assert.deepEqual(typeCounts(bundle), { Patient: 1, Condition: 1, AllergyIntolerance: 1 });
  assert.deepEqual(counts, { problems: 1, allergies: 1 });
  const [c] = ofType(bundle, 'Condition');
  assert.deepEqual(c.code, { text: 'Seasonal allergic rhinitis' });
  assert.equal(c.onsetDateTime, '2020-01-05');
  assert.equal(ofType(bundle, 'AllergyIntolerance')[0].code.coding[0].code, '716186003');
  assert.deepEqual(notes, ['a problem without a code or text is skipped (2 times)']);
  assert.deepEqual(skippedSections, ['Nested & unknown']);
});

test('HL7 TS to FHIR dateTime', () => {
  assert.equal(dateTime('2008'), '2008');
  assert.equal(dateTime('200803'), '2008-03');
  assert.equal(dateTime('20080319'), '2008-03-19');
  assert.equal(dateTime('200803190830'), '2008-03-19'); // a time without a zone: the date only
  assert.equal(dateTime('200803190830-0800'), '2008-03-19T08:30:00-08:00');
  assert.equal(dateTime('20080319083012.5+0000'), '2008-03-19T08:30:12.5Z');
  assert.equal(dateTime('20080230'), undefined);
  assert.equal(dateTime('20081301'), undefined);
  assert.equal(dateTime('2008-03-19'), undefined);
  assert.equal(dateTime(undefined), undefined);
});

/** Mutations of XML text: characters, markup fragments, deletions, truncation, duplication. */
const NOISE = [
  '<',
  '>',
  '/',
  '&',
  ';',
  '"',
  "'",
  '=',
  ' ',
  '\n',
  'x',
  ':',
  '#',
  '!',
  '?',
  '[',
  ']',
  '-',
  '\u0000',
  '\ud800',
];
const FRAGMENTS = [
  '<a>',
  '</a>',
  '<!--',
  '-->',
  '<![CDATA[',
  ']]>',
  '&amp;',
  '&#x10FFFF;',
  'xsi:type="PQ"',
  ' value="1e999"',
  ' nullFlavor="NI"',
  '<value xsi:type="CD"/>',
  '<?',
  '?>',
  '<!DOCTYPE x>',
];
function mutate(rng, s) {
  const int = (n) => Math.floor(rng() * n);
  let out = s;
  for (let k = 0, n = 1 + int(4); k < n; k++) {
    const i = int(out.length + 1);
    switch (int(6)) {
      case 0:
        out = out.slice(0, i) + NOISE[int(NOISE.length)] + out.slice(i + 1);
        break;
      case 1:
        out = out.slice(0, i) + FRAGMENTS[int(FRAGMENTS.length)] + out.slice(i);
        break;
      case 2:
        out = out.slice(0, i) + out.slice(i + 1 + int(200));
        break;
      case 3:
        out = out.slice(0, i);
        break;
      case 4:
        out = out.slice(0, i) + out.slice(int(out.length), i) + out.slice(i);
        break;
      default: {
        // Drop a start or end tag (unbalances the tree).
        const j = out.indexOf('<', i);
        const e = j < 0 ? -1 : out.indexOf('>', j);
        if (e > 0) out = out.slice(0, j) + out.slice(e + 1);
      }
    }
  }
  return out;
}

test('property: mutated CCDs convert or fail with a HealthError, never hang', { timeout: 120_000 }, async () => {
  const rng = mulberry32(SEED);
  let converted = 0;
  let failed = 0;
  for (let n = 0; n < 400; n++) {
    const xml = mutate(rng, n % 4 === 0 ? CCD1 : CCD2);
    const t0 = performance.now();
    try {
      const { bundle } = ccdaToBundle(xml);
      const plan = await planImport(bundle);
      assert.equal(plan.items.length, bundle.entry.length);
      converted++;
    } catch (e) {
      if (!(e instanceof HealthError)) {
        assert.fail(`seed ${SEED}, case ${n}: ${e?.stack ?? e}`);
      }
      assert.match(e.code, /^CCDA_/);
      failed++;
    }
    assert.ok(performance.now() - t0 < 5_000, `seed ${SEED}, case ${n} took too long`);
  }
  assert.ok(converted > 0 && failed > 0, `${converted} converted, ${failed} failed`);
  // Pathological inputs: many attributes, long names, unterminated markup, deep and wide trees.
  for (const xml of [
    `<ClinicalDocument xmlns="urn:hl7-org:v3" ${Array.from({ length: 5000 }, (_, i) => `a${i}="${i}"`).join(' ')}/>`,
    `<${'a'.repeat(1_000_000)}`,
    `<a b="${'x'.repeat(1_000_000)}`,
    `<a>${'<!--'.repeat(100_000)}`,
    `<ClinicalDocument xmlns="urn:hl7-org:v3">${'<component>'.repeat(250)}${'</component>'.repeat(250)}</ClinicalDocument>`,
    `<ClinicalDocument xmlns="urn:hl7-org:v3"><component><structuredBody>${'<component><section><templateId root="2.16.840.1.113883.10.20.22.2.4.1"/><entry><organizer/></entry></section></component>'.repeat(20_000)}</structuredBody></component></ClinicalDocument>`,
    '&'.repeat(100_000),
    '<a>' + '&'.repeat(100_000) + '</a>',
  ]) {
    const t0 = performance.now();
    try {
      ccdaToBundle(xml);
    } catch (e) {
      assert.ok(e instanceof HealthError, String(e));
    }
    assert.ok(performance.now() - t0 < 5_000);
  }
});
