// A list of appointments with its status line, shared by the patient's and the clinician's
// screens: each says which appointments to list and what a card shows under the start time.
import { h, replace, button } from '../dom.js';
import { t, translate } from '../i18n.js';
import { formatDate } from '../format.js';

/**
 * The list (`aria-labelledby` its heading), its status line and load(), which reads the
 * appointments again and draws them.
 * @param {any} app
 * @param {{ labelledBy: string,
 *   fetch: (listAppointments: Function, limit: number) => Promise<any[] & { total: number }>,
 *   card: (a: any, statusName: Record<number, string>) => any[] }} o the card of an appointment
 *   under its start time
 */
export function appointmentList(app, o) {
  const list = h('ul', { class: 'cards', 'aria-labelledby': o.labelledBy });
  const status = h('p', { class: 'muted', role: 'status' }, 'Loading…');
  // The newest `limit` appointments are shown; "Load more" shows more (one call per 200).
  let limit = 0;
  const more = h('div', { class: 'actions' });
  const load = async () => {
    try {
      const { listAppointments, APPOINTMENT_STATUS, APPOINTMENTS_SHOWN } = await import('../chain/appointments.js');
      limit ||= APPOINTMENTS_SHOWN;
      const all = await o.fetch(listAppointments, limit);
      const total = all.total ?? all.length;
      replace(
        list,
        all.map((a) =>
          h(
            'li',
            { class: 'panel', dataset: { appointment: String(a.id) } },
            h('h3', { translate: 'no' }, formatDate(a.start, { dateStyle: 'full' })),
            o.card(a, APPOINTMENT_STATUS),
          ),
        ),
      );
      status.textContent = [
        total === 0
          ? translate('No appointment.')
          : total === 1
            ? translate('1 appointment.')
            : t('{count} appointments.', { count: total }),
        all.length < total ? t('Showing the newest {count}.', { count: all.length }) : null,
      ]
        .filter(Boolean)
        .join(' ');
      replace(
        more,
        all.length < total
          ? button('Load more', () => {
              limit += APPOINTMENTS_SHOWN;
              load();
            })
          : null,
      );
    } catch (e) {
      status.textContent = translate('The appointments could not be loaded.');
      app.fail(e, { action: 'loading the appointments', retry: load });
    }
  };
  // `more` (the "Load more" button, when some are not shown) goes after the list.
  return { list, status, load, more };
}
