// The clinician's appointments: those asked of this doctor or of their institution, with
// confirm, decline and cancel.
import { h, replace, button } from '../dom.js';
import { shortAddress, sameAddress } from '../format.js';
import { sendTx, txStatusLine } from '../tx.js';
import { granteeIdsOf } from '../records/shared-with-me.js';

/** Appointments asked of this doctor or of their institution: confirm, decline, cancel. */
export function appointmentsBox(app, s) {
  const provider = app.wallet.provider();
  const list = h('ul', { class: 'cards', 'aria-labelledby': 'clinic-appointments-heading' });
  const status = h('p', { class: 'muted', role: 'status' }, 'Loading…');
  const load = async () => {
    try {
      const { listAppointments, APPOINTMENT_STATUS } = await import('../chain/appointments.js');
      const { member: mine, institution: inst } = await granteeIdsOf(provider, s.account, s.roles.member.institutionId);
      const all = [
        ...(await listAppointments(provider, { providerId: mine })),
        ...(await listAppointments(provider, { providerId: inst })),
      ].sort((a, b) => a.start - b.start);
      replace(
        list,
        all.map((a) => {
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
          return h(
            'li',
            { class: 'panel', dataset: { appointment: String(a.id) } },
            h('h3', null, new Date(a.start * 1000).toLocaleString('en-GB', { dateStyle: 'full', timeStyle: 'short' })),
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
          );
        }),
      );
      status.textContent =
        all.length === 0 ? 'No appointment.' : `${all.length} appointment${all.length === 1 ? '' : 's'}.`;
    } catch (e) {
      status.textContent = 'The appointments could not be loaded.';
      app.fail(e, { action: 'loading the appointments', retry: load });
    }
  };
  load();
  return h(
    'section',
    { 'aria-labelledby': 'clinic-appointments-heading' },
    h('h2', { id: 'clinic-appointments-heading' }, 'Appointments'),
    status,
    list,
  );
}
