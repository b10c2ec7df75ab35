// International Patient Summary (HL7 IPS IG, R4) section table: LOINC code, title, whether the
// IPS requires the section, and the resource types its entries may reference.
export const LOINC = 'http://loinc.org';
export const IPS_DOCUMENT_CODE = '60591-5';
export const EMPTY_REASON_SYSTEM = 'http://terminology.hl7.org/CodeSystem/list-empty-reason';

/**
 * @typedef {{ key: string, code: string, title: string, display: string, required: boolean,
 *   types: readonly string[] }} IpsSection
 */

/** @type {readonly IpsSection[]} in the order buildIps writes them */
export const IPS_SECTIONS = Object.freeze([
  s('problems', '11450-4', 'Problem List', 'Problem list - Reported', true, ['Condition']),
  s('allergies', '48765-2', 'Allergies and Intolerances', 'Allergies and adverse reactions Document', true, [
    'AllergyIntolerance',
  ]),
  s('medications', '10160-0', 'Medication Summary', 'History of Medication use Narrative', true, [
    'MedicationStatement',
    'MedicationRequest',
    'MedicationAdministration',
    'MedicationDispense',
  ]),
  s('immunizations', '11369-6', 'Immunizations', 'History of Immunization Narrative', false, ['Immunization']),
  s('results', '30954-2', 'Results', 'Relevant diagnostic tests/laboratory data Narrative', false, [
    'Observation',
    'DiagnosticReport',
  ]),
  s('procedures', '47519-4', 'History of Procedures', 'History of Procedures Document', false, ['Procedure']),
  s('devices', '46264-8', 'Medical Devices', 'History of medical device use', false, ['DeviceUseStatement', 'Device']),
  s('vitalSigns', '8716-3', 'Vital Signs', 'Vital signs', false, ['Observation']),
  s('pastIllness', '11348-0', 'History of Past Illness', 'History of Past illness Narrative', false, ['Condition']),
  s('functionalStatus', '47420-5', 'Functional Status', 'Functional status assessment note', false, [
    'Condition',
    'ClinicalImpression',
    'Observation',
  ]),
  s('planOfCare', '18776-5', 'Plan of Care', 'Plan of care note', false, [
    'CarePlan',
    'ServiceRequest',
    'ImmunizationRecommendation',
    'MedicationRequest',
    'DeviceRequest',
    'NutritionOrder',
    'Appointment',
  ]),
  s('socialHistory', '29762-2', 'Social History', 'Social history Narrative', false, ['Observation']),
  s('pregnancy', '10162-6', 'History of Pregnancy', 'History of pregnancies Narrative', false, ['Observation']),
  s('advanceDirectives', '42348-3', 'Advance Directives', 'Advance directives', false, [
    'Consent',
    'DocumentReference',
  ]),
  s('alerts', '104605-1', 'Alerts', 'Alert', false, ['Flag']),
  s('patientStory', '81338-6', 'Patient Story', 'Patient Goals, preferences, and priorities', false, [
    'Goal',
    'DocumentReference',
    'Observation',
  ]),
]);

function s(key, code, title, display, required, types) {
  return Object.freeze({ key, code, title, display, required, types: Object.freeze(types) });
}

/** @param {string} code @returns {IpsSection | undefined} */
export const sectionByCode = (code) => IPS_SECTIONS.find((x) => x.code === code);

const codes = (cc, system) =>
  cc && Array.isArray(cc.coding)
    ? cc.coding.filter((c) => c && (system === undefined || c.system === system)).map((c) => c.code)
    : [];
const categoryCodes = (r) => (Array.isArray(r.category) ? r.category.flatMap((c) => codes(c)) : []);

/**
 * The section a resource belongs in when building a summary, or undefined (supporting resource or
 * not part of an IPS).
 * @param {any} r
 * @returns {string | undefined} section key
 */
export function sectionFor(r) {
  switch (r.resourceType) {
    case 'AllergyIntolerance':
      return 'allergies';
    case 'MedicationStatement':
    case 'MedicationRequest':
    case 'MedicationAdministration':
    case 'MedicationDispense':
      return 'medications';
    case 'Condition': {
      const past = codes(r.clinicalStatus).some((c) => ['inactive', 'resolved', 'remission'].includes(c));
      return past || Object.keys(r).some((k) => k.startsWith('abatement')) ? 'pastIllness' : 'problems';
    }
    case 'Immunization':
      return 'immunizations';
    case 'DiagnosticReport':
      return 'results';
    case 'Observation': {
      const cats = categoryCodes(r);
      if (cats.includes('vital-signs')) return 'vitalSigns';
      if (cats.includes('social-history')) return 'socialHistory';
      return 'results';
    }
    case 'Procedure':
      return 'procedures';
    case 'DeviceUseStatement':
      return 'devices';
    case 'CarePlan':
    case 'ImmunizationRecommendation':
      return 'planOfCare';
    case 'Consent':
      return 'advanceDirectives';
    case 'Flag':
      return 'alerts';
    default:
      return undefined;
  }
}
