// The patient's activity log: every event of the contracts about the chart, as sentences that
// name who did it (from the registry: chart-common.js loadNames; "you" for the patient), with
// the addresses of the accounts named one click away.
import { h, append, replace } from '../dom.js';
import { t, translate } from '../i18n.js';
import { formatDate, hexOf } from '../format.js';
import { events, hasContract } from '../chain/contracts.js';
import { scopeLabel, scopeList } from '../records/scopes.js';
import { chartScreen } from './patient-frame.js';
import {
  addressDetails,
  granteeNode,
  institutionNode,
  namedIn,
  namesFor,
  tNodes,
  who as whoNode,
} from './chart-common.js';
import { RELATIONS } from './family.js';

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
          const { items, names } = await activityOf(app, s.account);
          replace(
            list,
            items.map((it) =>
              h(
                'li',
                null,
                h('time', { translate: 'no' }, it.when),
                ' ',
                it.text,
                addressDetails(it.accounts.map((a) => [names.account(a), a])),
              ),
            ),
          );
          status.textContent =
            items.length === 0
              ? translate('Nothing yet.')
              : items.length === 1
                ? translate('1 event.')
                : t('{count} events.', { count: items.length });
        } catch (e) {
          status.textContent = translate('The activity could not be loaded.');
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
/**
 * AppointmentStatusChanged.status in words (2 confirmed, 3 declined, 4 cancelled): the sentence
 * when the one asked answered, and when someone else did.
 */
const APPOINTMENT_CHANGE = {
  2: ['{appointment} confirmed.', '{appointment} confirmed by {actor}.'],
  3: ['{appointment} declined.', '{appointment} declined by {actor}.'],
  4: ['{appointment} cancelled.', '{appointment} cancelled by {actor}.'],
  other: ['{appointment} changed.', '{appointment} changed by {actor}.'],
};

/**
 * The patient's audit trail: every event with the patient as first indexed topic, newest first,
 * as { when, text, accounts } (accounts: the addresses the sentence names, other than yours), with
 * the names of those the events name.
 */
async function activityOf(app, patient) {
  const provider = app.wallet.provider();
  const topic = `0x${'0'.repeat(24)}${patient.slice(2).toLowerCase()}`;
  const evs = await events(provider, 'EhrHub', [null, topic], { timestamps: true });
  if (hasContract('EhrAppointments')) {
    evs.push(...(await events(provider, 'EhrAppointments', [null, topic], { timestamps: true })));
  }
  // The names of the accounts, grantees and institutions the events name, from the registry.
  const names = await namesFor(app, namedIn(evs));
  // Appointments by id, from their requests (a status change names only the id).
  const appointments = new Map(
    evs
      .filter((e) => e.name === 'AppointmentRequested')
      .map((e) => [String(e.args.appointmentId), { provider: hexOf(e.args.provider), start: Number(e.args.start) }]),
  );
  const out = [];
  for (const e of evs.sort((a, b) => b.blockNumber - a.blockNumber || b.logIndex - a.logIndex)) {
    const a = e.args;
    const accounts = [];
    /** An account in the sentence (its address listed under the entry unless it is yours). */
    const who = (account) => {
      if (!names.isYou(account) && !accounts.some((x) => x.toLowerCase() === String(account).toLowerCase()))
        accounts.push(String(account));
      return whoNode(names, account);
    };
    /** A grantee (an account, an institution or its emergency authorisation) in the sentence. */
    const grantee = (id) => {
      const account = names.granteeAccount(hexOf(id));
      return account ? who(account) : granteeNode(names, hexOf(id));
    };
    const scopes = () => scopeList(Number(a.scopes)).map(translate).join(', ');
    const institution = (id) => institutionNode(names, id);
    const appointment = (id) => {
      const ap = appointments.get(String(id));
      return ap
        ? tNodes('Appointment with {name} on {date}', {
            name: grantee(ap.provider),
            date: h('span', { translate: 'no' }, formatDate(ap.start)),
          })
        : t('Appointment {id}', { id: String(id) });
    };
    const say = tNodes;
    let text;
    switch (e.name) {
      case 'PatientRegistered':
        text = 'You registered as a patient.';
        break;
      case 'PatientKeyRotated':
        text = 'You changed your encryption key.';
        break;
      case 'AccessGranted':
        text = say('Access given to {grantee} for {categories}.', {
          grantee: grantee(a.grantee),
          categories: scopes(),
        });
        break;
      case 'AccessRevoked':
        text = say('Access of {grantee} revoked ({categories}).', {
          grantee: grantee(a.grantee),
          categories: scopes(),
        });
        break;
      case 'AccessExpired':
        text = say('Access of {grantee} expired.', { grantee: grantee(a.grantee) });
        break;
      case 'AccessEnded':
        text = say('Access of {grantee} ended ({reason}).', {
          grantee: grantee(a.grantee),
          reason: translate(ENDED[Number(a.reason)] ?? 'no longer eligible'),
        });
        break;
      case 'KeysWithheld':
        text = say('Keys shared with {grantee} replaced: a member who left knew its group key ({categories}).', {
          grantee: grantee(a.grantee),
          categories: scopes(),
        });
        break;
      case 'EpochsAdvanced':
        text = say('New keys for {categories}: records added from now on are closed to revoked parties.', {
          categories: scopes(),
        });
        break;
      case 'RecordAdded': {
        const params = {
          id: String(a.recordId),
          category: translate(scopeLabel(Number(a.scope))),
          author: who(a.author),
          previous: String(a.previous),
        };
        text = Number(a.previous)
          ? say('Record {id} added ({category}) by {author}, a new version of record {previous}.', params)
          : say('Record {id} added ({category}) by {author}.', params);
        break;
      }
      case 'RecordRedacted':
        text = say('Record {id} redacted by {author}.', { id: String(a.recordId), author: who(a.by) });
        break;
      case 'EmergencyInstitutionSet':
        text =
          Number(a.scopes) === 0
            ? say('Emergency access withdrawn from {institution}.', { institution: institution(a.institutionId) })
            : say('Emergency access authorised for {institution} ({categories}).', {
                institution: institution(a.institutionId),
                categories: scopes(),
              });
        break;
      case 'EmergencyAccessOpened':
        text = say('Emergency access opened by {member} of {institution}: {reason}.', {
          member: who(a.member),
          institution: institution(a.institutionId),
          reason: translate(REASONS[Number(a.reason)] ?? 'reason not listed'),
        });
        break;
      case 'EmergencyAccessClosed':
        text = say('Emergency access of {member} ended by {by}.', { member: who(a.member), by: who(a.closedBy) });
        break;
      case 'NonceConsumed':
        text = say('A consent you signed was submitted by {submitter}.', { submitter: who(a.submitter) });
        break;
      case 'FamilyLinkProposed':
        text = say('You proposed a family link with {relative} (you are their {relation}).', {
          relative: who(a.relative),
          relation: translate(RELATIONS[Number(a.relation)] ?? 'relative'),
        });
        break;
      case 'FamilyLinkConfirmed':
        text = say('Your family link with {relative} was confirmed.', { relative: who(a.relative) });
        break;
      case 'FamilyLinkDissolved':
        text = say('You dissolved the family link with {relative}.', { relative: who(a.other) });
        break;
      case 'AppointmentRequested':
        text = say('{appointment} requested.', { appointment: appointment(a.appointmentId) });
        break;
      case 'AppointmentStatusChanged': {
        // "by" unless the provider itself (the doctor asked) answered.
        const ap = appointments.get(String(a.appointmentId));
        const byProvider = ap && names.granteeAccount(ap.provider)?.toLowerCase() === String(a.actor).toLowerCase();
        const change = APPOINTMENT_CHANGE[Number(a.status)] ?? APPOINTMENT_CHANGE.other;
        text = byProvider
          ? say(change[0], { appointment: appointment(a.appointmentId) })
          : say(change[1], { appointment: appointment(a.appointmentId), actor: who(a.actor) });
        break;
      }
      default:
        text = [h('code', null, e.name), '.'];
    }
    out.push({ when: formatDate(e.blockTimestamp), text, accounts });
  }
  return { items: out, names };
}
