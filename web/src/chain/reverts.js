// Words for the contracts' custom errors (contracts/src/Errors.sol): what happened and what to do.
// An error not listed here still gets its name and a generic way forward. Every sentence is a
// message of the catalogue (../i18n.js): the notice that shows them translates the literals.
import { t } from '../i18n.js';

/** @type {Record<string, [string, string]>} name -> [message, advice] */
export const REVERTS = {
  NotAdmin: ['Only the platform administrator can do this.', 'Connect the administrator’s account.'],
  NotPendingAdmin: ['This account was not proposed as the new administrator.', 'Connect the proposed account.'],
  ZeroAddress: ['An address is missing.', 'Enter a full 0x address.'],
  InvalidInstitutionKind: ['That kind of institution does not exist.', 'Choose hospital, lab, insurer or pharmacy.'],
  EmptyName: ['The name is empty.', 'Enter a name.'],
  UnknownInstitution: ['There is no such institution.', 'Check the institution number.'],
  InstitutionIsSuspended: ['The institution is suspended.', 'Ask the platform administrator to lift the suspension.'],
  InstitutionNotSuspended: ['The institution is not suspended.', 'Nothing to undo.'],
  NotInstitutionAdmin: [
    'Only the institution’s administrator can do this.',
    'Connect the institution administrator’s account.',
  ],
  InvalidRole: ['That role does not exist.', 'Choose doctor, nurse or lab technician.'],
  AlreadyMember: ['This account already belongs to an institution.', 'Remove it from its institution first.'],
  NotMemberOf: ['This account is not a member of that institution.', 'Check the address.'],
  NotMember: [
    'This account is not a member of any institution.',
    'Ask an institution administrator to invite it, then accept the invitation from this account.',
  ],
  StaleKeyVersion: ['A newer group key is already published.', 'Reload and try again.'],
  KeyVersionMismatch: ['The group key changed meanwhile.', 'Reload and rotate or share the key again.'],
  ZeroKey: ['The encryption key is missing.', 'Try again; if it persists, reload the page.'],
  AlreadyRegistered: ['This account is already registered as a patient.', 'Open your chart.'],
  PatientNotRegistered: ['This account is not registered as a patient.', 'Register first.'],
  EmptyScopes: ['No category was chosen.', 'Choose at least one category of records.'],
  InvalidScope: ['That record category does not exist.', 'Choose another category.'],
  ExpiryInPast: ['The expiry date is in the past.', 'Choose a date in the future, or no expiry.'],
  InvalidGrantee: [
    'That is not someone access can be given to.',
    'Choose a clinician or an institution from the list.',
  ],
  GranteeNotEligible: [
    'This person or institution cannot receive that access.',
    'Check that they are an active member, or pick other categories.',
  ],
  NoSuchGrant: ['There is no such access to revoke.', 'Reload the list of who has access.'],
  GrantNotExpired: ['This access has not expired yet.', 'Revoke it instead.'],
  EpochOverflow: ['This category’s keys cannot be renewed any more.', 'Contact support.'],
  SignatureExpired: ['The signed consent has expired.', 'Ask the patient to sign a new one.'],
  NonceAlreadyUsed: ['This signed consent was already used or cancelled.', 'Ask the patient to sign a new one.'],
  MalleableSignature: ['The signature is not in the expected form.', 'Ask the patient to sign again.'],
  InvalidSignatureV: ['The signature is not in the expected form.', 'Ask the patient to sign again.'],
  InvalidSignature: ['The signature is not valid.', 'Ask the patient to sign again.'],
  WrongSigner: ['The consent was signed by another account.', 'Ask the patient to sign with their own account.'],
  NotEmergencyInstitution: [
    'The patient has not authorised your institution for emergencies.',
    'Use the normal access request.',
  ],
  InvalidReasonCode: ['Choose a reason for emergency access.', 'Pick one of the listed reasons.'],
  InvalidDuration: ['The emergency access duration is not allowed.', 'Choose up to 24 hours.'],
  NoActiveEmergencyAccess: ['There is no emergency access to end.', 'Reload the page.'],
  NotAuthorized: ['This account is not allowed to do this.', 'Connect the right account.'],
  NoChange: ['Nothing would change.', 'Nothing to do.'],
  InvalidCodec: ['The record’s content identifier is not supported.', 'Upload the record again.'],
  EmptyDigest: ['The record’s content identifier is empty.', 'Upload the record again.'],
  RoleCannotWrite: ['Your role cannot add records in this category.', 'Ask a colleague whose role can.'],
  NoAccess: ['You do not have access to this category of the patient’s records.', 'Ask the patient for access.'],
  UnknownRecord: ['There is no such record.', 'Reload the chart.'],
  RecordIsRedacted: ['This record was redacted.', 'Nothing more can be done to it.'],
  RecordIsSuperseded: ['A newer version of this record exists.', 'Amend the newest version.'],
  InvalidRelation: ['That family relation does not exist.', 'Choose a relation from the list.'],
  SelfLink: ['You cannot link your record to yourself.', 'Enter your relative’s address.'],
  FamilyLinkExists: ['This family link already exists.', 'Nothing to do.'],
  NoPendingProposal: ['There is no such family-link proposal.', 'Ask your relative to propose it again.'],
  NoFamilyLink: ['There is no such family link.', 'Reload the page.'],
  UnknownAppointment: ['There is no such appointment.', 'Reload the appointments.'],
  WrongAppointmentStatus: ['The appointment cannot be changed in its current state.', 'Reload the appointments.'],
  StartInPast: ['The appointment starts in the past.', 'Choose a later time.'],
  InvalidProvider: ['That is not a clinician or institution that takes appointments.', 'Choose from the list.'],
  NoInvitation: [
    'There is no such invitation for this account.',
    'It may have been withdrawn, declined or changed: reload the page, or ask the institution administrator to invite the account again.',
  ],
  NoGroupKey: [
    'This institution has no group key yet, so nothing can be shared with it.',
    'Ask its administrator to create a group key, or share with one of its clinicians instead.',
  ],
  AccessNotSettled: [
    'An earlier access of this person or institution ended and its keys have not been renewed yet.',
    'Renew the keys on the access screen first, then give access again.',
  ],
  NothingToSettle: ['No access is waiting for its keys to be renewed.', 'Nothing to do: reload the page.'],
  TooManyGrantees: [
    'Your records are already shared with as many people and institutions as a chart can list.',
    'Revoke an access you no longer need, then try again.',
  ],
  KeyVersionLimit: ['Your chart’s keys cannot be renewed any more.', 'Contact support.'],
  StaleConsent: [
    'This signed consent is out of date: access changed since it was signed.',
    'Ask the patient to sign a new one.',
  ],
};

/** [message, advice] for a decoded revert ({ name, message }). */
export function revertWords(revert) {
  if (!revert) return ['The network refused the transaction.', 'Nothing was changed. Reload the page and try again.'];
  if (Object.hasOwn(REVERTS, revert.name)) return REVERTS[revert.name];
  if (revert.name === 'Error' && revert.message)
    return [t('The contract refused: {reason}', { reason: revert.message }), 'Nothing was changed.'];
  return [
    t('The contract refused the transaction ({name}).', { name: revert.name }),
    'Nothing was changed. Reload the page and try again.',
  ];
}
