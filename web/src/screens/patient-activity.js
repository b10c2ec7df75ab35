// The patient's activity log: every event of the contracts about the chart, as sentences.
import { h, append, replace } from '../dom.js';
import { ehr } from '../module.js';
import { shortAddress, hexOf } from '../format.js';
import { events, hasContract } from '../chain/contracts.js';
import { scopeLabel, scopeList } from '../records/scopes.js';
import { chartScreen } from './patient-frame.js';

export function activityScreen(app) {
  return chartScreen(app, {
    path: '/chart/activity',
    title: 'Activity on your chart',
    needKeys: false,
    draw(body, s) {
      const list = h('ol', { class: 'activity', 'aria-labelledby': 'activity-heading' });
      const status = h('p', { class: 'muted', role: 'status' }, 'Loading…');
      append(body, h('h2', { id: 'activity-heading' }, 'Everything that happened, newest first'), status, list);
      (async () => {
        try {
          const items = await activityOf(app.wallet.provider(), s.account);
          replace(
            list,
            items.map((it) => h('li', null, h('time', null, it.when), ' ', it.text)),
          );
          status.textContent = items.length === 0 ? 'Nothing yet.' : `${items.length} events.`;
        } catch (e) {
          status.textContent = 'The activity could not be loaded.';
          app.fail(e, { action: 'loading the activity' });
        }
      })();
    },
  });
}

const ENDED = {
  2: 'they left the institution',
  3: 'the institution was suspended',
  4: 'the family link was dissolved',
};
const REASONS = {
  1: 'patient unconscious or unable to consent',
  2: 'life-threatening condition',
  3: 'acute confusion or incapacity',
  4: 'major trauma',
  5: 'poisoning or overdose',
  6: 'other emergency documented in the chart',
};

/** The patient's audit trail: every event with the patient as first indexed topic, as sentences. */
async function activityOf(provider, patient) {
  const api = await ehr();
  const topic = `0x${'0'.repeat(24)}${patient.slice(2).toLowerCase()}`;
  const evs = await events(provider, 'EhrHub', [null, topic], { timestamps: true });
  if (hasContract('EhrAppointments')) {
    evs.push(...(await events(provider, 'EhrAppointments', [null, topic], { timestamps: true })));
  }
  const who = (a) => (String(a).toLowerCase() === patient.toLowerCase() ? 'you' : shortAddress(String(a)));
  const out = [];
  for (const e of evs.sort((a, b) => b.blockNumber - a.blockNumber || b.logIndex - a.logIndex)) {
    const a = e.args;
    let text;
    switch (e.name) {
      case 'PatientRegistered':
        text = 'You registered as a patient.';
        break;
      case 'PatientKeyRotated':
        text = 'You changed your encryption key.';
        break;
      case 'AccessGranted':
        text = `Access given to ${shortAddress(hexOf(a.grantee))} for ${scopeList(Number(a.scopes)).join(', ')}.`;
        break;
      case 'AccessRevoked':
        text = `Access of ${shortAddress(hexOf(a.grantee))} revoked (${scopeList(Number(a.scopes)).join(', ')}).`;
        break;
      case 'AccessExpired':
        text = `Access of ${shortAddress(hexOf(a.grantee))} expired.`;
        break;
      case 'AccessEnded':
        text = `Access of ${shortAddress(hexOf(a.grantee))} ended (${ENDED[Number(a.reason)] ?? 'no longer eligible'}).`;
        break;
      case 'KeysWithheld':
        text = `Keys shared with ${shortAddress(hexOf(a.grantee))} replaced: a member who left knew its group key (${scopeList(Number(a.scopes)).join(', ')}).`;
        break;
      case 'EpochsAdvanced':
        text = `New keys for ${scopeList(Number(a.scopes)).join(', ')}: records added from now on are closed to revoked parties.`;
        break;
      case 'RecordAdded':
        text = `Record ${a.recordId} added (${scopeLabel(Number(a.scope))}) by ${who(a.author)}${Number(a.previous) ? `, a new version of record ${a.previous}` : ''}.`;
        break;
      case 'RecordRedacted':
        text = `Record ${a.recordId} redacted by ${who(a.by)}.`;
        break;
      case 'EmergencyInstitutionSet':
        text =
          Number(a.scopes) === 0
            ? `Emergency authorisation of institution ${a.institutionId} withdrawn.`
            : `Emergency access authorised for institution ${a.institutionId} (${scopeList(Number(a.scopes)).join(', ')}).`;
        break;
      case 'EmergencyAccessOpened':
        text = `Emergency access opened by ${who(a.member)} of institution ${a.institutionId}: ${REASONS[Number(a.reason)] ?? 'reason not listed'}.`;
        break;
      case 'EmergencyAccessClosed':
        text = `Emergency access of ${who(a.member)} ended.`;
        break;
      case 'NonceConsumed':
        text = `A consent you signed was submitted by ${who(a.submitter)}.`;
        break;
      case 'FamilyLinkProposed':
        text = 'You proposed a family link.';
        break;
      case 'FamilyLinkConfirmed':
        text = 'A family link was confirmed.';
        break;
      case 'FamilyLinkDissolved':
        text = 'A family link was dissolved.';
        break;
      case 'AppointmentRequested':
        text = `Appointment ${a.appointmentId} requested.`;
        break;
      case 'AppointmentStatusChanged':
        text = `Appointment ${a.appointmentId} changed by ${who(a.actor)}.`;
        break;
      default:
        text = `${e.name}.`;
    }
    const t = e.blockTimestamp;
    out.push({ when: new Date(t * 1000).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' }), text });
  }
  void api;
  return out;
}
