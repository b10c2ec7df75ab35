// The FHIR R4 element definitions as data (see fhir_schema.hpp; parsed once by schema()).
#include "records/fhir_schema.hpp"

namespace ehr::records::fhir {
namespace {

// The definitions, one type per block (kept as data, not code: the module stays small).
//   @Name [backbone|resource|=Alias]   a type (element-based unless said otherwise; =Alias copies)
//   name Type[|Type...][*][!] [=code|...] [#system] [>Target|...]
//     name[x]: a choice of the listed types; *: repeats; !: required (min 1);
//     =...: required value-set binding (codes, or with #system the coding a CodeableConcept needs);
//     >...: allowed Reference targets.
constexpr std::string_view kDefinitions = R"(
@Coding
system uri
version string
code code
display string
userSelected boolean
@CodeableConcept
coding Coding*
text string
@Quantity
value decimal
comparator code =<|<=|>=|>
unit string
system uri
code code
@Age =Quantity
@Duration =Quantity
@Count =Quantity
@Distance =Quantity
@SimpleQuantity
value decimal
unit string
system uri
code code
@Range
low SimpleQuantity
high SimpleQuantity
@Ratio
numerator Quantity
denominator Quantity
@Period
start dateTime
end dateTime
@Identifier
use code =usual|official|temp|secondary|old
type CodeableConcept
system uri
value string
period Period
assigner Reference >Organization
@HumanName
use code =usual|official|temp|nickname|anonymous|old|maiden
text string
family string
given string*
prefix string*
suffix string*
period Period
@ContactPoint
system code =phone|fax|email|pager|url|sms|other
value string
use code =home|work|temp|old|mobile
rank positiveInt
period Period
@Address
use code =home|work|temp|old|billing
type code =postal|physical|both
text string
line string*
city string
district string
state string
postalCode string
country string
period Period
@Attachment
contentType code
language code
data base64Binary
url url
size unsignedInt
hash base64Binary
title string
creation dateTime
@Annotation
author[x] Reference|string
time dateTime
text markdown!
@Reference
reference string
type uri
identifier Identifier
display string
@Meta
versionId id
lastUpdated instant
source uri
profile canonical*
security Coding*
tag Coding*
@Narrative
status code! =generated|extensions|additional|empty
div xhtml!
@Timing backbone
event dateTime*
repeat Timing.repeat
code CodeableConcept
@Timing.repeat
bounds[x] Duration|Range|Period
count positiveInt
countMax positiveInt
duration decimal
durationMax decimal
durationUnit code =s|min|h|d|wk|mo|a
frequency positiveInt
frequencyMax positiveInt
period decimal
periodMax decimal
periodUnit code =s|min|h|d|wk|mo|a
dayOfWeek code* =mon|tue|wed|thu|fri|sat|sun
timeOfDay time*
when code*
offset unsignedInt
@SampledData
origin SimpleQuantity!
period decimal!
factor decimal
lowerLimit decimal
upperLimit decimal
dimensions positiveInt!
data string
@Dosage backbone
sequence integer
text string
additionalInstruction CodeableConcept*
patientInstruction string
timing Timing
asNeeded[x] boolean|CodeableConcept
site CodeableConcept
route CodeableConcept
method CodeableConcept
doseAndRate Dosage.doseAndRate*
maxDosePerPeriod Ratio
maxDosePerAdministration SimpleQuantity
maxDosePerLifetime SimpleQuantity
@Dosage.doseAndRate
type CodeableConcept
dose[x] Range|SimpleQuantity
rate[x] Ratio|Range|SimpleQuantity

@Patient resource
identifier Identifier*
active boolean
name HumanName*
telecom ContactPoint*
gender code =male|female|other|unknown
birthDate date
deceased[x] boolean|dateTime
address Address*
maritalStatus CodeableConcept
multipleBirth[x] boolean|integer
photo Attachment*
contact Patient.contact*
communication Patient.communication*
generalPractitioner Reference* >Organization|Practitioner|PractitionerRole
managingOrganization Reference >Organization
link Patient.link*
@Patient.contact backbone
relationship CodeableConcept*
name HumanName
telecom ContactPoint*
address Address
gender code =male|female|other|unknown
organization Reference >Organization
period Period
@Patient.communication backbone
language CodeableConcept!
preferred boolean
@Patient.link backbone
other Reference! >Patient|RelatedPerson
type code! =replaced-by|replaces|refer|seealso

@Observation resource
identifier Identifier*
basedOn Reference*
partOf Reference*
status code! =registered|preliminary|final|amended|corrected|cancelled|entered-in-error|unknown
category CodeableConcept*
code CodeableConcept!
subject Reference >Patient|Group|Device|Location
focus Reference*
encounter Reference >Encounter
effective[x] dateTime|Period|Timing|instant
issued instant
performer Reference* >Practitioner|PractitionerRole|Organization|CareTeam|Patient|RelatedPerson
value[x] Quantity|CodeableConcept|string|boolean|integer|Range|Ratio|SampledData|time|dateTime|Period
dataAbsentReason CodeableConcept
interpretation CodeableConcept*
note Annotation*
bodySite CodeableConcept
method CodeableConcept
specimen Reference >Specimen
device Reference >Device|DeviceMetric
referenceRange Observation.referenceRange*
hasMember Reference* >Observation|QuestionnaireResponse|MolecularSequence
derivedFrom Reference* >DocumentReference|ImagingStudy|Media|QuestionnaireResponse|Observation|MolecularSequence
component Observation.component*
@Observation.referenceRange backbone
low SimpleQuantity
high SimpleQuantity
type CodeableConcept
appliesTo CodeableConcept*
age Range
text string
@Observation.component backbone
code CodeableConcept!
value[x] Quantity|CodeableConcept|string|boolean|integer|Range|Ratio|SampledData|time|dateTime|Period
dataAbsentReason CodeableConcept
interpretation CodeableConcept*
referenceRange Observation.referenceRange*

@Condition resource
identifier Identifier*
clinicalStatus CodeableConcept #http://terminology.hl7.org/CodeSystem/condition-clinical =active|recurrence|relapse|inactive|remission|resolved
verificationStatus CodeableConcept #http://terminology.hl7.org/CodeSystem/condition-ver-status =unconfirmed|provisional|differential|confirmed|refuted|entered-in-error
category CodeableConcept*
severity CodeableConcept
code CodeableConcept
bodySite CodeableConcept*
subject Reference! >Patient|Group
encounter Reference >Encounter
onset[x] dateTime|Age|Period|Range|string
abatement[x] dateTime|Age|Period|Range|string
recordedDate dateTime
recorder Reference >Practitioner|PractitionerRole|Patient|RelatedPerson
asserter Reference >Practitioner|PractitionerRole|Patient|RelatedPerson
stage Condition.stage*
evidence Condition.evidence*
note Annotation*
@Condition.stage backbone
summary CodeableConcept
assessment Reference* >ClinicalImpression|DiagnosticReport|Observation
type CodeableConcept
@Condition.evidence backbone
code CodeableConcept*
detail Reference*

@AllergyIntolerance resource
identifier Identifier*
clinicalStatus CodeableConcept #http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical =active|inactive|resolved
verificationStatus CodeableConcept #http://terminology.hl7.org/CodeSystem/allergyintolerance-verification =unconfirmed|confirmed|refuted|entered-in-error
type code =allergy|intolerance
category code* =food|medication|environment|biologic
criticality code =low|high|unable-to-assess
code CodeableConcept
patient Reference! >Patient
encounter Reference >Encounter
onset[x] dateTime|Age|Period|Range|string
recordedDate dateTime
recorder Reference >Practitioner|PractitionerRole|Patient|RelatedPerson
asserter Reference >Patient|RelatedPerson|Practitioner|PractitionerRole
lastOccurrence dateTime
note Annotation*
reaction AllergyIntolerance.reaction*
@AllergyIntolerance.reaction backbone
substance CodeableConcept
manifestation CodeableConcept*!
description string
onset dateTime
severity code =mild|moderate|severe
exposureRoute CodeableConcept
note Annotation*

@MedicationStatement resource
identifier Identifier*
basedOn Reference* >MedicationRequest|CarePlan|ServiceRequest
partOf Reference*
status code! =active|completed|entered-in-error|intended|stopped|on-hold|unknown|not-taken
statusReason CodeableConcept*
category CodeableConcept
medication[x]! CodeableConcept|Reference
subject Reference! >Patient|Group
context Reference >Encounter|EpisodeOfCare
effective[x] dateTime|Period
dateAsserted dateTime
informationSource Reference
derivedFrom Reference*
reasonCode CodeableConcept*
reasonReference Reference* >Condition|Observation|DiagnosticReport
note Annotation*
dosage Dosage*

@DiagnosticReport resource
identifier Identifier*
basedOn Reference*
status code! =registered|partial|preliminary|final|amended|corrected|appended|cancelled|entered-in-error|unknown
category CodeableConcept*
code CodeableConcept!
subject Reference >Patient|Group|Device|Location
encounter Reference >Encounter
effective[x] dateTime|Period
issued instant
performer Reference* >Practitioner|PractitionerRole|Organization|CareTeam
resultsInterpreter Reference* >Practitioner|PractitionerRole|Organization|CareTeam
specimen Reference* >Specimen
result Reference* >Observation
imagingStudy Reference* >ImagingStudy
media DiagnosticReport.media*
conclusion string
conclusionCode CodeableConcept*
presentedForm Attachment*
@DiagnosticReport.media backbone
comment string
link Reference! >Media

@DocumentReference resource
masterIdentifier Identifier
identifier Identifier*
status code! =current|superseded|entered-in-error
docStatus code =preliminary|final|amended|entered-in-error
type CodeableConcept
category CodeableConcept*
subject Reference >Patient|Practitioner|Group|Device
date instant
author Reference*
authenticator Reference
custodian Reference >Organization
relatesTo DocumentReference.relatesTo*
description string
securityLabel CodeableConcept*
content DocumentReference.content*!
context DocumentReference.context
@DocumentReference.relatesTo backbone
code code! =replaces|transforms|signs|appends
target Reference! >DocumentReference
@DocumentReference.content backbone
attachment Attachment!
format Coding
@DocumentReference.context backbone
encounter Reference* >Encounter|EpisodeOfCare
event CodeableConcept*
period Period
facilityType CodeableConcept
practiceSetting CodeableConcept
sourcePatientInfo Reference >Patient
related Reference*

@Immunization resource
identifier Identifier*
status code! =completed|entered-in-error|not-done
statusReason CodeableConcept
vaccineCode CodeableConcept!
patient Reference! >Patient
encounter Reference >Encounter
occurrence[x]! dateTime|string
recorded dateTime
primarySource boolean
reportOrigin CodeableConcept
location Reference >Location
manufacturer Reference >Organization
lotNumber string
expirationDate date
site CodeableConcept
route CodeableConcept
doseQuantity SimpleQuantity
performer Immunization.performer*
note Annotation*
reasonCode CodeableConcept*
reasonReference Reference* >Condition|Observation|DiagnosticReport
isSubpotent boolean
subpotentReason CodeableConcept*
education Immunization.education*
programEligibility CodeableConcept*
fundingSource CodeableConcept
reaction Immunization.reaction*
protocolApplied Immunization.protocolApplied*
@Immunization.performer backbone
function CodeableConcept
actor Reference! >Practitioner|PractitionerRole|Organization
@Immunization.education backbone
documentType string
reference uri
publicationDate dateTime
presentationDate dateTime
@Immunization.reaction backbone
date dateTime
detail Reference >Observation
reported boolean
@Immunization.protocolApplied backbone
series string
authority Reference >Organization
targetDisease CodeableConcept*
doseNumber[x]! positiveInt|string
seriesDoses[x] positiveInt|string

@Encounter resource
identifier Identifier*
status code! =planned|arrived|triaged|in-progress|onleave|finished|cancelled|entered-in-error|unknown
statusHistory Encounter.statusHistory*
class Coding!
classHistory Encounter.classHistory*
type CodeableConcept*
serviceType CodeableConcept
priority CodeableConcept
subject Reference >Patient|Group
episodeOfCare Reference* >EpisodeOfCare
basedOn Reference* >ServiceRequest
participant Encounter.participant*
appointment Reference* >Appointment
period Period
length Duration
reasonCode CodeableConcept*
reasonReference Reference*
diagnosis Encounter.diagnosis*
account Reference* >Account
hospitalization Encounter.hospitalization
location Encounter.location*
serviceProvider Reference >Organization
partOf Reference >Encounter
@Encounter.statusHistory backbone
status code! =planned|arrived|triaged|in-progress|onleave|finished|cancelled|entered-in-error|unknown
period Period!
@Encounter.classHistory backbone
class Coding!
period Period!
@Encounter.participant backbone
type CodeableConcept*
period Period
individual Reference >Practitioner|PractitionerRole|RelatedPerson
@Encounter.diagnosis backbone
condition Reference! >Condition|Procedure
use CodeableConcept
rank positiveInt
@Encounter.hospitalization backbone
preAdmissionIdentifier Identifier
origin Reference >Location|Organization
admitSource CodeableConcept
reAdmission CodeableConcept
dietPreference CodeableConcept*
specialCourtesy CodeableConcept*
specialArrangement CodeableConcept*
destination Reference >Location|Organization
dischargeDisposition CodeableConcept
@Encounter.location backbone
location Reference! >Location
status code =planned|active|reserved|completed
physicalType CodeableConcept
period Period

@FamilyMemberHistory resource
identifier Identifier*
instantiatesCanonical canonical*
instantiatesUri uri*
status code! =partial|completed|entered-in-error|health-unknown
dataAbsentReason CodeableConcept
patient Reference! >Patient
date dateTime
name string
relationship CodeableConcept!
sex CodeableConcept
born[x] Period|date|string
age[x] Age|Range|string
estimatedAge boolean
deceased[x] boolean|Age|Range|date|string
reasonCode CodeableConcept*
reasonReference Reference*
note Annotation*
condition FamilyMemberHistory.condition*
@FamilyMemberHistory.condition backbone
code CodeableConcept!
outcome CodeableConcept
contributedToDeath boolean
onset[x] Age|Range|Period|string
note Annotation*

@Appointment resource
identifier Identifier*
status code! =proposed|pending|booked|arrived|fulfilled|cancelled|noshow|entered-in-error|checked-in|waitlist
cancelationReason CodeableConcept
serviceCategory CodeableConcept*
serviceType CodeableConcept*
specialty CodeableConcept*
appointmentType CodeableConcept
reasonCode CodeableConcept*
reasonReference Reference* >Condition|Procedure|Observation|ImmunizationRecommendation
priority unsignedInt
description string
supportingInformation Reference*
start instant
end instant
minutesDuration positiveInt
slot Reference* >Slot
created dateTime
comment string
patientInstruction string
basedOn Reference* >ServiceRequest
participant Appointment.participant*!
requestedPeriod Period*
@Appointment.participant backbone
type CodeableConcept*
actor Reference >Patient|Practitioner|PractitionerRole|RelatedPerson|Device|HealthcareService|Location
required code =required|optional|information-only
status code! =accepted|declined|tentative|needs-action
period Period
)";

}  // namespace

std::string_view definitions() noexcept { return kDefinitions; }

}  // namespace ehr::records::fhir
