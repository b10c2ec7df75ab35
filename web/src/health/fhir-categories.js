// THE ONE MIRROR of the records layer's resource -> category (scope) mapping, for code that must
// decide without the WebAssembly module (Node tests, import planning before the module loads).
// Source of truth, mirrored here line by line:
//   src/records/fhir.cpp          scope_of()        (resource type, refined by category codes)
//   src/records/fhir_schema.cpp   resource_types()  (the supported types) and the "!" (min 1) fields
//   src/records/scopes.cpp        kNames            (stable scope names; the page's labels are
//                                                    SCOPES in web/src/screens/chart-common.js)
// The module API exposes the mapping only through ehr.records.fhir.validate(r).scope, which is
// set only when the whole resource passes the checker; bundle-import.js accepts that function as
// `categorize` to use the module instead of this mirror. Keep this file equal to the C++ above.

/** Scope ids by name (scopes.hpp `enum class Scope`). */
export const SCOPE = Object.freeze({
  labs: 0,
  imaging: 1,
  prescriptions: 2,
  clinical_notes: 3,
  mental_health: 4,
  family_history: 5,
  immunizations: 6,
  allergies: 7,
  vitals: 8,
  sexual_reproductive_health: 9,
  substance_use: 10,
  genetics: 11,
  billing_insurance: 12,
  encounters: 13,
  procedures: 14,
  care_plans: 15,
});

/** Stable scope names by id (scopes.cpp kNames). */
export const SCOPE_NAMES = Object.freeze(Object.keys(SCOPE));

/** The resource types the records layer checks and stores (fhir_schema.cpp resource_types()). */
export const SUPPORTED_TYPES = Object.freeze([
  'Patient',
  'Observation',
  'Condition',
  'AllergyIntolerance',
  'MedicationStatement',
  'DiagnosticReport',
  'DocumentReference',
  'Immunization',
  'Encounter',
  'FamilyMemberHistory',
  'Appointment',
]);

/** Required (min 1) elements per supported type (fhir_schema.cpp, fields marked "!"); `x[x]` = choice. */
export const REQUIRED = Object.freeze({
  Patient: [],
  Observation: ['status', 'code'],
  Condition: ['subject'],
  AllergyIntolerance: ['patient'],
  MedicationStatement: ['status', 'medication[x]', 'subject'],
  DiagnosticReport: ['status', 'code'],
  DocumentReference: ['status', 'content'],
  Immunization: ['status', 'vaccineCode', 'patient', 'occurrence[x]'],
  Encounter: ['status', 'class'],
  FamilyMemberHistory: ['status', 'patient', 'relationship'],
  Appointment: ['status', 'participant'],
});

const hasCode = (cc, codes) =>
  cc !== null &&
  typeof cc === 'object' &&
  Array.isArray(cc.coding) &&
  cc.coding.some((c) => c !== null && typeof c === 'object' && typeof c.code === 'string' && codes.includes(c.code));

const IMAGING_SECTIONS = [
  'RAD',
  'CT',
  'MR',
  'US',
  'NMR',
  'NMS',
  'CUS',
  'OUS',
  'RUS',
  'VUS',
  'XRC',
  'LP29684-5',
  'imaging',
];

/**
 * The scope id a resource is filed under, or null for types the records layer does not handle
 * (mirror of fhir::scope_of).
 * @param {any} r
 * @returns {number | null}
 */
export function scopeOf(r) {
  if (r === null || typeof r !== 'object' || typeof r.resourceType !== 'string') return null;
  const t = r.resourceType;
  const categories = (codes) => Array.isArray(r.category) && r.category.some((c) => hasCode(c, codes));
  if (t === 'Observation') {
    if (categories(['vital-signs'])) return SCOPE.vitals;
    if (categories(['imaging'])) return SCOPE.imaging;
    if (categories(['social-history', 'survey', 'exam', 'therapy', 'activity', 'procedure'])) {
      return SCOPE.clinical_notes;
    }
    return SCOPE.labs; // laboratory, or no category
  }
  if (t === 'DiagnosticReport') return categories(IMAGING_SECTIONS) ? SCOPE.imaging : SCOPE.labs;
  /** @type {Record<string, number>} */
  const byType = {
    Patient: SCOPE.encounters,
    Condition: SCOPE.clinical_notes,
    AllergyIntolerance: SCOPE.allergies,
    MedicationStatement: SCOPE.prescriptions,
    DocumentReference: SCOPE.clinical_notes,
    Immunization: SCOPE.immunizations,
    Encounter: SCOPE.encounters,
    FamilyMemberHistory: SCOPE.family_history,
    Appointment: SCOPE.encounters,
  };
  return Object.hasOwn(byType, t) ? byType[t] : null;
}

/**
 * The required elements a resource of a supported type lacks ("medication[x]" for a choice).
 * @param {any} r
 * @returns {string[]}
 */
export function missingRequired(r) {
  const req = REQUIRED[r?.resourceType];
  if (!req) return [];
  const present = (v) => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0);
  return req.filter((f) => {
    if (!f.endsWith('[x]')) return !present(r[f]);
    const stem = f.slice(0, -3);
    return !Object.keys(r).some((k) => k.startsWith(stem) && /^[A-Z]/.test(k.slice(stem.length)) && present(r[k]));
  });
}
