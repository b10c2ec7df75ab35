// The clinician's appointments: those asked of this doctor or of their institution, with
// confirm, decline and cancel.
import { h, button } from '../dom.js';
import { shortAddress, sameAddress } from '../format.js';
import { sendTx, txStatusLine } from '../tx.js';
import { granteeIdsOf } from '../records/shared-with-me.js';
import { appointmentList } from './appointment-list.js';

/** Appointments asked of this doctor or of their institution: confirm, decline, cancel. */
export function appointmentsBox(app, s) {
  const provider = app.wallet.provider();
  let inst;
  const { list, status, load, more } = appointmentList(app, {
    labelledBy: 'clinic-appointments-heading',
    async fetch(listAppointments, limit) {
      const ids = await granteeIdsOf(provider, s.account, s.roles.member.institutionId);
      inst = ids.institution;
      return listAppointments(provider, { account: s.account, asProvider: true, limit });
    },
    card(a, APPOINTMENT_STATUS) {
      const st = txStatusLine();
      const act = (fn, label, variant, success) =>
        button(
          label,
          async (e) => {
            const r = await sendTx(app, {
              button: e.currentTarget,
              status: st,
              contract: 'EhrAppointments',
              fn,
              args: [a.id],
              action: `${label.toLowerCase()} the appointment`,
              success,
            });
            if (r) load();
          },
          { variant, 'aria-label': `${label} appointment ${a.id}` },
        );
      return [
        h(
          'p',
          null,
          `Patient ${shortAddress(a.patient)}, ${Math.round(a.duration / 60)} minutes${sameAddress(a.provider, inst) ? ', asked of your institution' : ''}. `,
          h('span', { class: 'badge' }, APPOINTMENT_STATUS[a.status] ?? '?'),
        ),
        h(
          'div',
          { class: 'actions' },
          a.status === 1
            ? [
                act('confirmAppointment', 'Confirm', undefined, 'Appointment confirmed'),
                act('declineAppointment', 'Decline', 'secondary', 'Appointment declined'),
              ]
            : null,
          a.status === 2 ? act('cancelAppointment', 'Cancel', 'secondary', 'Appointment cancelled') : null,
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
