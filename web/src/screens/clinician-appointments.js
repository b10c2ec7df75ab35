// The clinician's appointments: those asked of this doctor or of their institution, with
// confirm, decline and cancel; patients by their address (one click away in full).
import { h, button } from '../dom.js';
import { t } from '../i18n.js';
import { formatDate, sameAddress } from '../format.js';
import { sendTx, txStatusLine } from '../tx.js';
import { granteeIdsOf } from '../records/shared-with-me.js';
import { appointmentList } from './appointment-list.js';
import { addressDetails, namesFor, tNodes } from './chart-common.js';

/** What each answer is called: its button, the action in a sentence, its success and button label. */
const ANSWERS = {
  confirmAppointment: {
    label: 'Confirm',
    action: 'confirming the appointment',
    success: 'Appointment with {name} on {date} confirmed',
    aria: 'Confirm appointment {id}',
  },
  declineAppointment: {
    label: 'Decline',
    action: 'declining the appointment',
    success: 'Appointment with {name} on {date} declined',
    aria: 'Decline appointment {id}',
  },
  cancelAppointment: {
    label: 'Cancel',
    action: 'cancelling the appointment',
    success: 'Appointment with {name} on {date} cancelled',
    aria: 'Cancel appointment {id}',
  },
};

/** Appointments asked of this doctor or of their institution: confirm, decline, cancel. */
export function appointmentsBox(app, s) {
  const provider = app.wallet.provider();
  let inst;
  let names;
  const { list, status, load, more } = appointmentList(app, {
    labelledBy: 'clinic-appointments-heading',
    async fetch(listAppointments, limit) {
      const ids = await granteeIdsOf(provider, s.account, s.roles.member.institutionId);
      inst = ids.institution;
      const all = await listAppointments(provider, { account: s.account, asProvider: true, limit });
      names = await namesFor(app, { accounts: all.map((a) => a.patient) });
      return all;
    },
    card(a, APPOINTMENT_STATUS) {
      const st = txStatusLine();
      const act = (fn, variant) =>
        button(
          ANSWERS[fn].label,
          async (e) => {
            const r = await sendTx(app, {
              button: e.currentTarget,
              status: st,
              contract: 'EhrAppointments',
              fn,
              args: [a.id],
              action: ANSWERS[fn].action,
              success: t(ANSWERS[fn].success, { name: names.account(a.patient), date: formatDate(a.start) }),
            });
            if (r) load();
          },
          { variant, 'aria-label': t(ANSWERS[fn].aria, { id: String(a.id) }) },
        );
      const params = {
        address: h('span', { translate: 'no' }, names.account(a.patient)),
        minutes: Math.round(a.duration / 60),
      };
      return [
        h(
          'p',
          null,
          sameAddress(a.provider, inst)
            ? tNodes('Patient {address}, {minutes} minutes, asked of your institution.', params)
            : tNodes('Patient {address}, {minutes} minutes.', params),
          ' ',
          h('span', { class: 'badge' }, APPOINTMENT_STATUS[a.status] ?? '?'),
        ),
        addressDetails([[names.account(a.patient), a.patient]]),
        h(
          'div',
          { class: 'actions' },
          a.status === 1 ? [act('confirmAppointment'), act('declineAppointment', 'secondary')] : null,
          a.status === 2 ? act('cancelAppointment', 'secondary') : null,
        ),
        st,
      ];
    },
  });
  load();
  return h(
    'section',
    { 'aria-labelledby': 'clinic-appointments-heading' },
    h('h2', { id: 'clinic-appointments-heading' }, 'Appointments'),
    status,
    list,
    more,
  );
}
