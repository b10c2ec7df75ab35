// Appointments (EhrAppointments): requests by patients, answers by doctors or any live member of
// the institution asked, cancellation by either side. Listed from AppointmentRequested events
// plus the current status from appointment(id).
import { events, read, topicsOf } from './contracts.js';

export const APPOINTMENT_STATUS = { 1: 'Requested', 2: 'Confirmed', 3: 'Declined', 4: 'Cancelled' };

/**
 * Appointments matching the indexed filter ({ patient } or { provider }), soonest first:
 * [{ id, patient, provider, start, duration, status }].
 */
export async function listAppointments(provider, { patient = null, providerId = null }) {
  const topics = await topicsOf(
    'EhrAppointments',
    'AppointmentRequested',
    providerId ? [patient, null, providerId] : [patient],
  );
  const evs = await events(provider, 'EhrAppointments', topics);
  const out = [];
  for (const e of evs) {
    const id = Number(e.args.appointmentId);
    const a = await read(provider, 'EhrAppointments', 'appointment', [id]);
    out.push({ id, patient: a[0], provider: a[1], start: Number(a[2]), duration: Number(a[3]), status: Number(a[4]) });
  }
  return out.sort((x, y) => x.start - y.start);
}
