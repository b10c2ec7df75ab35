// FHIR Bundle import plans (web/src/health/bundle-import.js) and IPS documents (ips.js) against
// tests/vectors/health/{synthea,fhir-r4-examples,ips} (facts from tests/vectors/health/README.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { planImport, readBundle } from '../../web/src/health/bundle-import.js';
import { buildIps, checkIps } from '../../web/src/health/ips.js';
import { scopeOf, SCOPE, missingRequired } from '../../web/src/health/fhir-categories.js';
import { collectReferences } from '../../web/src/health/references.js';

const V = new URL('../vectors/health/', import.meta.url);
const read = (p) => readFileSync(new URL(p, V), 'utf8');
const json = (p) => JSON.parse(read(p));
const SYN = {
  dino: 'synthea/encoders/src/test/resources/data/bundles/R4/json/Dino214_Parisian75_40d82b80-b682-cd8b-da6d-396809878641.json',
  alfonzo:
    'synthea/library-api/src/test/resources/test-data/bundles/Alfonzo975_Hickle134_cd3d3588-94fc-b980-9e94-0390d989d921.json',
  chanell:
    'synthea/encoders/src/test/resources/data/bundles/R4/json/Chanell45_Ratke343_f924fd7f-5920-5bdc-cd40-bb434aff1051.json',
};
const EXAMPLES = 'fhir-r4-examples/spec/hl7.fhir.r4.examples/4.0.1/package/';
const IPS = [
  'ips/input/examples/bundle-minimal.json',
  'ips/input/examples/bundle-no-info-required-sections.json',
  'ips/from-smart-health-cards-and-links/input/images/IPS_IG-bundle-01.json',
];
const typeCounts = (b) =>
  b.entry.reduce((m, e) => ({ ...m, [e.resource.resourceType]: (m[e.resource.resourceType] ?? 0) + 1 }), {});

/** Checks a plan's invariants: every in-bundle reference of an added record is rewritten. */
function checkPlan(plan, bundle) {
  assert.equal(plan.items.length, bundle.entry.length);
  assert.equal(plan.counts.add + plan.counts.skip, bundle.entry.length);
  const ids = new Set(plan.add.map((x) => x.id));
  assert.equal(ids.size, plan.add.length, 'stable ids are unique');
  for (const it of plan.add) {
    assert.match(it.id, /^[0-9a-f]{64}$/);
    assert.equal(it.resource.id, it.id);
    for (const r of it.references) {
      if (r.status === 'resolved') {
        const [type, id] = r.rewritten.split('/');
        assert.ok(ids.has(id), `${r.path} -> ${r.rewritten} is an added record`);
        assert.equal(plan.add.find((x) => x.id === id).resourceType, type);
      } else if (r.status === 'patient') assert.equal(r.rewritten, `Patient/${plan.patient.key}`);
      else if (r.status !== 'contained') assert.ok(r.note, `${r.status} reference has a note`);
    }
    for (const site of collectReferences(it.resource)) assert.ok(!site.value.startsWith('urn:uuid:'), site.value);
  }
}

test('import plan: the three Synthea bundles (counts by type, references, re-plan dedupes)', async () => {
  const expectAdd = {
    dino: {
      Encounter: 16,
      AllergyIntolerance: 2,
      Condition: 16,
      Observation: 62,
      Immunization: 6,
      DiagnosticReport: 9,
    },
    alfonzo: { Encounter: 8, Condition: 13, Observation: 69, Immunization: 7, DiagnosticReport: 11 },
    chanell: { Encounter: 48, Condition: 29, Observation: 447, DiagnosticReport: 60, Immunization: 12 },
  };
  const facts = {
    dino: ['transaction', 164, 'male', '1986-12-11'],
    alfonzo: ['collection', 154, 'male', '1994-01-20'],
    chanell: ['transaction', 909, 'female', '1935-09-19'],
  };
  for (const [name, path] of Object.entries(SYN)) {
    const text = read(path);
    const bundle = JSON.parse(text);
    const plan = await planImport(text);
    const [type, n, gender, birthDate] = facts[name];
    assert.equal(plan.bundleType, type);
    assert.equal(plan.counts.entries, n);
    assert.equal(plan.patient.gender, gender);
    assert.equal(plan.patient.birthDate, birthDate);
    const all = typeCounts(bundle);
    for (const [t, c] of Object.entries(plan.counts.byType)) {
      assert.equal(c.total, all[t], t);
      assert.equal(c.add, expectAdd[name][t] ?? 0, `${name} ${t} added`);
    }
    assert.equal(plan.counts.byType.Patient.skip, 1);
    assert.equal(plan.items.find((x) => x.resourceType === 'Patient').reason.code, 'patient');
    for (const t of ['Claim', 'ExplanationOfBenefit', 'Procedure', 'CarePlan']) {
      if (all[t]) assert.equal(plan.items.find((x) => x.resourceType === t).reason.code, 'unsupported-type');
    }
    checkPlan(plan, bundle);
    const statuses = new Set(plan.add.flatMap((x) => x.references.map((r) => r.status)));
    assert.ok(statuses.has('resolved') && statuses.has('patient'));
    if (type === 'transaction') assert.ok(statuses.has('conditional'), 'Practitioner?identifier=… noted');
    else assert.ok(!statuses.has('unresolved') && !statuses.has('conditional'), 'collection: all resolve');
    // Same input as an object; again with the chart's keys: nothing is added twice.
    const again = await planImport(bundle);
    assert.deepEqual(
      again.add.map((x) => x.dedupeKey),
      plan.add.map((x) => x.dedupeKey),
    );
    const replan = await planImport(text, { existingKeys: plan.add.map((x) => x.dedupeKey) });
    assert.equal(replan.counts.add, 0);
    assert.equal(replan.counts.bySkipReason['already-imported'], plan.counts.add);
  }
});

test('import plan: BP panels keep both components; Observations by category', async () => {
  const plan = await planImport(read(SYN.dino));
  const bp = plan.add.filter((x) => x.resource.code?.coding?.some((c) => c.code === '85354-9'));
  assert.equal(bp.length, 3);
  for (const x of bp) {
    assert.deepEqual(x.resource.component.map((c) => c.code.coding[0].code).sort(), ['8462-4', '8480-6']);
    assert.equal(x.scopeName, 'vitals');
  }
});

test('import plan: duplicates inside a bundle, missing fields, external and contained references', async () => {
  const obs = json(`${EXAMPLES}Observation-f001.json`);
  const cond = { resourceType: 'Condition', code: { text: 'x' } }; // lacks subject
  const bundle = {
    resourceType: 'Bundle',
    type: 'collection',
    entry: [
      { fullUrl: 'urn:uuid:1', resource: { ...obs, id: 'a' } },
      { fullUrl: 'urn:uuid:2', resource: { ...obs, id: 'b', meta: { lastUpdated: '2020-01-01T00:00:00Z' } } },
      { fullUrl: 'urn:uuid:1', resource: { resourceType: 'Encounter', status: 'finished', class: { code: 'AMB' } } },
      { fullUrl: 'urn:uuid:3', resource: cond },
      { request: { method: 'DELETE', url: 'Patient/1' } },
      'junk',
    ],
  };
  const plan = await planImport(bundle);
  assert.deepEqual(
    plan.items.map((x) => x.reason?.code ?? 'add'),
    ['add', 'duplicate', 'duplicate', 'missing-required', 'no-resource', 'malformed'],
  );
  assert.equal(plan.items[1].duplicateOf, 0);
  assert.deepEqual(plan.items[3].missing, ['subject']);
  const refs = plan.add[0].references;
  assert.deepEqual(
    refs.map((r) => r.status),
    ['unresolved', 'unresolved'],
  ); // Patient/f001, Practitioner/f005
  assert.ok(refs.every((r) => r.note));
  await assert.rejects(planImport('{"resourceType":"Bundle","type":"history"}'), {
    code: 'FHIR_UNSUPPORTED_BUNDLE_TYPE',
  });
  await assert.rejects(planImport('{'), { code: 'FHIR_BAD_JSON' });
  await assert.rejects(planImport('x'.repeat(100), { maxBytes: 10 }), { code: 'FHIR_TOO_LARGE' });
  await assert.rejects(planImport({ resourceType: 'Patient' }), { code: 'FHIR_BAD_BUNDLE' });
  for (const t of ['collection', 'transaction', 'searchset', 'document'])
    assert.equal(readBundle({ resourceType: 'Bundle', type: t }).type, t);
});

test('FHIR R4 examples: exact values, categories, and an import plan', async () => {
  const r = (n) => json(`${EXAMPLES}${n}.json`);
  const bp = r('Observation-blood-pressure');
  assert.equal(bp.code.coding[0].code, '85354-9');
  assert.deepEqual(
    bp.component.map((c) => [c.code.coding[0].code, c.valueQuantity.value, c.valueQuantity.unit]),
    [
      ['8480-6', 107, 'mmHg'],
      ['8462-4', 60, 'mmHg'],
    ],
  );
  const hr = r('Observation-heart-rate');
  assert.deepEqual([hr.code.coding[0].code, hr.valueQuantity.value, hr.valueQuantity.code], ['8867-4', 44, '/min']);
  const t = r('Observation-body-temperature');
  assert.deepEqual([t.code.coding[0].code, t.valueQuantity.value, t.valueQuantity.code], ['8310-5', 36.5, 'Cel']);
  const bmi = r('Observation-bmi');
  assert.deepEqual(
    [bmi.code.coding[0].code, bmi.valueQuantity.value, bmi.valueQuantity.unit],
    ['39156-5', 16.2, 'kg/m2'],
  );
  const panel = r('Observation-vitals-panel');
  assert.equal(panel.code.coding[0].code, '85353-1');
  assert.equal(panel.hasMember.length, 4);
  const glu = r('Observation-f001');
  assert.deepEqual(
    [glu.code.coding[0].code, glu.valueQuantity.value, glu.valueQuantity.unit],
    ['15074-8', 6.3, 'mmol/l'],
  );
  assert.ok(glu.referenceRange && glu.interpretation);
  const pat = r('Patient-example');
  assert.equal(`${pat.name[0].given.join(' ')} ${pat.name[0].family}`, 'Peter James Chalmers');
  assert.equal(pat.birthDate, '1974-12-25');
  const cashew = r('AllergyIntolerance-example');
  assert.deepEqual(
    [cashew.code.coding[0].code, cashew.code.coding[0].display, cashew.criticality],
    ['227493005', 'Cashew nuts', 'high'],
  );
  const flu = r('Immunization-example');
  assert.deepEqual(
    [flu.vaccineCode.coding[0].code, flu.occurrenceDateTime, flu.lotNumber],
    ['FLUVAX', '2013-01-10', 'AAJN11K'],
  );
  assert.equal(r('Immunization-historical').primarySource, false);
  assert.ok(r('MedicationStatement-example001').medicationReference.reference.startsWith('#'));
  assert.ok(r('MedicationStatement-example003').medicationCodeableConcept.text);
  const rx = r('MedicationRequest-medrx0310');
  assert.equal(rx.contained[0].code.coding[0].code, '50580-506-02');
  assert.ok(rx.dosageInstruction[0].text);
  assert.deepEqual(
    [r('Condition-example').code.coding[0].code, r('Condition-example').code.coding[0].display],
    ['39065001', 'Burn of ear'],
  );
  const doc = r('DocumentReference-example');
  assert.deepEqual(
    [doc.type.coding[0].code, doc.content[0].attachment.contentType],
    ['34108-1', 'application/hl7-v3+xml'],
  );
  const fmh = r('FamilyMemberHistory-father');
  assert.deepEqual([fmh.relationship.coding[0].code, fmh.condition[0].code.coding[0].code], ['FTH', '315619001']);

  const expected = {
    'Observation-blood-pressure': SCOPE.vitals,
    'Observation-heart-rate': SCOPE.vitals,
    'Observation-body-temperature': SCOPE.vitals,
    'Observation-bmi': SCOPE.vitals,
    'Observation-vitals-panel': SCOPE.vitals,
    'Observation-f001': SCOPE.labs,
    'AllergyIntolerance-example': SCOPE.allergies,
    'AllergyIntolerance-nkda': SCOPE.allergies,
    'Immunization-example': SCOPE.immunizations,
    'Immunization-historical': SCOPE.immunizations,
    'MedicationStatement-example001': SCOPE.prescriptions,
    'MedicationStatement-example003': SCOPE.prescriptions,
    'MedicationRequest-medrx0310': null,
    'Condition-example': SCOPE.clinical_notes,
    'Condition-f201': SCOPE.clinical_notes,
    'DocumentReference-example': SCOPE.clinical_notes,
    'FamilyMemberHistory-father': SCOPE.family_history,
    'Patient-example': SCOPE.encounters,
  };
  const entry = [];
  for (const [n, scope] of Object.entries(expected)) {
    assert.equal(scopeOf(r(n)), scope, n);
    assert.deepEqual(missingRequired(r(n)), [], n);
    entry.push({ fullUrl: `http://hl7.org/fhir/${r(n).resourceType}/${r(n).id}`, resource: r(n) });
  }
  const plan = await planImport({ resourceType: 'Bundle', type: 'collection', entry });
  assert.equal(plan.counts.add, 16);
  assert.deepEqual(
    plan.items.filter((x) => x.action === 'skip').map((x) => x.reason.code),
    ['unsupported-type', 'patient'],
  );
  const panelItem = plan.add.find((x) => x.resource.code.coding[0].code === '85353-1');
  assert.equal(panelItem.references.filter((x) => x.path.includes('hasMember') && x.status === 'resolved').length, 3); // RR not included
  const ms = plan.add.find((x) => x.resource.medicationReference);
  assert.equal(ms.references.find((x) => x.original.startsWith('#')).status, 'contained');

  const tx = r('Bundle-bundle-transaction');
  assert.equal(tx.entry.length, 10);
  const txPlan = await planImport(tx);
  assert.deepEqual(txPlan.counts.bySkipReason, { patient: 5, 'no-resource': 4, 'unsupported-type': 1 });
  assert.match(txPlan.notes[0], /5 Patient/);
});

test('IPS: the three vector bundles pass checkIps, with their documented facts', () => {
  const facts = [
    ['28b95815-76ce-457b-b7ae-a972e527db40', '2020-12-11T14:30:00+01:00', ['11450-4', '10160-0', '48765-2'], 8],
    [
      '59f51f0b-2005-485c-858e-3d3ae9657287',
      '2022-01-08T20:42:11.0607701+00:00',
      ['48765-2', '11450-4', '10160-0', '11369-6'],
      8,
    ],
    [
      '175bd032-8b00-4728-b2dc-748bb1501aed',
      '2017-12-11T14:30:00+01:00',
      ['11450-4', '10160-0', '48765-2', '11348-0', '18776-5', '30954-2'],
      20,
    ],
  ];
  IPS.forEach((p, i) => {
    const b = json(p);
    assert.deepEqual(checkIps(b), [], p);
    const [id, ts, sections, n] = facts[i];
    assert.equal(b.identifier.value, id);
    assert.equal(b.identifier.system, 'urn:oid:2.16.724.4.8.10.200.10');
    assert.equal(b.timestamp, ts);
    assert.equal(b.entry.length, n);
    assert.deepEqual(
      b.entry[0].resource.section.map((s) => s.code.coding[0].code),
      sections,
    );
  });
  const noInfo = json(IPS[1]).entry[0].resource.section.filter((s) => s.emptyReason).length;
  assert.equal(noInfo, 3);
});

test('IPS: checkIps reports structural problems', () => {
  const base = json(IPS[0]);
  const mutate = (f) => {
    const b = structuredClone(base);
    f(b);
    return checkIps(b)
      .map((x) => x.message)
      .join(' | ');
  };
  assert.match(
    mutate((b) => (b.type = 'collection')),
    /document/,
  );
  assert.match(
    mutate((b) => b.entry.reverse()),
    /first entry must be a Composition/,
  );
  assert.match(
    mutate((b) => (b.entry[0].resource.type.coding[0].code = '11503-0')),
    /60591-5/,
  );
  assert.match(
    mutate((b) => b.entry[0].resource.section.pop()),
    /48765-2.*missing/,
  );
  assert.match(
    mutate((b) => (b.entry[0].resource.section[0].code.coding[0].code = '99999-9')),
    /unknown IPS section/,
  );
  assert.match(
    mutate((b) => (b.entry[4].resource.subject.reference = 'urn:uuid:nowhere')),
    /does not resolve/,
  );
  assert.match(
    mutate((b) => delete b.entry[0].resource.section[0].entry),
    /needs entries or an emptyReason/,
  );
  assert.match(
    mutate((b) => (b.entry[0].resource.section[0].entry = [{ reference: b.entry[7].fullUrl }])),
    /AllergyIntolerance does not belong/,
  );
  assert.match(
    mutate((b) => (b.entry[1].fullUrl = b.entry[2].fullUrl)),
    /duplicate/,
  );
  assert.deepEqual(checkIps('not a bundle'), [{ path: 'Bundle', message: 'not a FHIR Bundle' }]);
});

test('IPS: buildIps output passes checkIps (from the IPS example, the FHIR examples and a Synthea record)', async () => {
  const src = json(IPS[2]);
  const { bundle, omitted } = await buildIps(src.entry.slice(1), {
    date: '2024-05-01T10:00:00Z',
    identifier: '3e1c8a5e-0000-4000-8000-000000000001',
  });
  assert.deepEqual(checkIps(bundle), []);
  const comp = bundle.entry[0].resource;
  assert.equal(comp.type.coding[0].code, '60591-5');
  assert.deepEqual(
    comp.section.map((s) => s.code.coding[0].code),
    ['11450-4', '48765-2', '10160-0', '30954-2', '11348-0'],
  );
  assert.equal(bundle.entry[1].resource.resourceType, 'Patient');
  assert.deepEqual(omitted, ['Practitioner', 'Organization']);
  assert.equal(bundle.timestamp, '2024-05-01T10:00:00Z');
  // Deterministic fullUrls: the same input gives the same document.
  const again = await buildIps(src.entry.slice(1), {
    date: '2024-05-01T10:00:00Z',
    identifier: '3e1c8a5e-0000-4000-8000-000000000001',
  });
  assert.deepEqual(again.bundle, bundle);

  // Only a patient: the three required sections are present with emptyReason.
  const only = await buildIps([json(`${EXAMPLES}Patient-example.json`)]);
  assert.deepEqual(checkIps(only.bundle), []);
  assert.deepEqual(
    only.bundle.entry[0].resource.section.map((s) => [s.code.coding[0].code, s.emptyReason.coding[0].code]),
    [
      ['11450-4', 'unavailable'],
      ['48765-2', 'unavailable'],
      ['10160-0', 'unavailable'],
    ],
  );

  // FHIR examples: references to resources not given become display-only.
  const names = [
    'Patient-example',
    'AllergyIntolerance-example',
    'Immunization-example',
    'Observation-vitals-panel',
    'Observation-heart-rate',
    'Observation-blood-pressure',
    'Observation-f001',
    'MedicationStatement-example001',
    'Condition-example',
  ];
  const ex = await buildIps(names.map((n) => json(`${EXAMPLES}${n}.json`)));
  assert.deepEqual(checkIps(ex.bundle), []);
  assert.ok(ex.dropped.length > 0);
  const codes = ex.bundle.entry[0].resource.section.map((s) => s.code.coding[0].code);
  for (const c of ['11450-4', '48765-2', '10160-0', '11369-6', '30954-2', '8716-3']) assert.ok(codes.includes(c), c);

  const syn = await buildIps(json(SYN.alfonzo).entry);
  assert.deepEqual(checkIps(syn.bundle), []);
  assert.ok(syn.bundle.entry[0].resource.section.some((s) => s.code.coding[0].code === '47519-4'));
  await assert.rejects(buildIps([]), { code: 'IPS_BAD_INPUT' });
});

/**
 * A validator as strict as the module's about references (ehr.records.fhir.validate accepts
 * `Type/id` and absolute URLs, not `resource:0`): the scope, or null when any reference is of
 * another form. `seen` collects what it was given.
 */
const strictCategorize =
  (seen = []) =>
  (r) => {
    seen.push(r);
    const ok = collectReferences(r).every(
      (s) => s.inContained || /^[A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/.test(s.value) || /^https?:\/\//.test(s.value),
    );
    return ok ? scopeOf(r) : null;
  };

test('import plan: categorised after rewriting, so a health card plans its immunizations as adds', async () => {
  const card = json('smart-health-cards/examples/example-00-a-fhirBundle.json');
  assert.equal(card.entry[1].resource.patient.reference, 'resource:0');
  const seen = [];
  const plan = await planImport(card, { categorize: strictCategorize(seen), patientReference: 'Patient/0xabc' });
  assert.deepEqual(plan.counts.byType, {
    Patient: { total: 1, add: 0, skip: 1 },
    Immunization: { total: 3, add: 3, skip: 0 },
  });
  assert.deepEqual(
    plan.add.map((x) => [x.scope, x.resource.patient.reference, x.resource.vaccineCode.coding[0].code]),
    [
      [SCOPE.immunizations, 'Patient/0xabc', '207'],
      [SCOPE.immunizations, 'Patient/0xabc', '207'],
      [SCOPE.immunizations, 'Patient/0xabc', '229'],
    ],
  );
  // The validator saw the rewritten resources (new id, no `resource:` references).
  assert.equal(seen.length, 3);
  for (const r of seen) {
    assert.match(r.id, /^[0-9a-f]{64}$/);
    assert.equal(r.patient.reference, 'Patient/0xabc');
  }
  // The Bundle's own entries are left as they were.
  assert.equal(card.entry[1].resource.patient.reference, 'resource:0');
});

test('import plan: entries refused by the validator become skips; their referrers say not-imported', async () => {
  const bundle = json(SYN.dino);
  const refuse = (r) => (r.resourceType === 'Encounter' ? null : scopeOf(r));
  const plan = await planImport(bundle, { categorize: refuse });
  assert.equal(plan.counts.byType.Encounter.add, 0);
  assert.equal(plan.counts.byType.Encounter.skip, plan.counts.byType.Encounter.total);
  assert.ok(
    plan.items.filter((x) => x.resourceType === 'Encounter').every((x) => x.reason.code === 'unsupported-type'),
  );
  assert.ok(plan.items.filter((x) => x.action === 'skip').every((x) => x.resource === undefined));
  let notImported = 0;
  for (const it of plan.add)
    for (const ref of it.references) {
      if (!/^Encounter\//.test(ref.rewritten ?? '')) continue;
      assert.equal(ref.status, 'not-imported');
      assert.match(ref.note, /target Encounter is not imported/);
      notImported++;
    }
  assert.ok(notImported > 0);
  checkPlan(plan, bundle);
  // With every entry accepted, the same references resolve.
  const all = await planImport(bundle);
  assert.ok(
    all.add
      .flatMap((x) => x.references)
      .filter((r) => /^Encounter\//.test(r.rewritten ?? ''))
      .every((r) => r.status === 'resolved'),
  );
});
