// Appointments (EhrAppointments): requests by patients, answers by doctors or any live member of
// the institution asked, cancellation by either side. Listed page by page with
// appointmentsOf(account, asProvider, offset, count): one eth_call per page of up to 200, newest
// request first, whatever the length of the book.
import { read } from './contracts.js';

export const APPOINTMENT_STATUS = { 1: 'Requested', 2: 'Confirmed', 3: 'Declined', 4: 'Cancelled' };

/** Most appointments one appointmentsOf call returns (the contract clamps to it). */
export const APPOINTMENT_PAGE = 200;
/** How many appointments a screen shows first, and how many more each "Load more" adds. */
export const APPOINTMENTS_SHOWN = 50;

const itemOf = (v) => ({
  id: Number(v.appointmentId ?? v[0]),
  patient: v.patient ?? v[1],
  provider: v.provider ?? v[2],
  start: Number(v.start ?? v[3]),
  duration: Number(v.duration ?? v[4]),
  status: Number(v.status ?? v[5]),
});

/**
 * One page of an account's appointments, newest first: { total, items: [{ id, patient, provider,
 * start, duration, status }] }. As a provider: those asked of the doctor and of their institution.
 */
export async function appointmentsPage(
  provider,
  { account, asProvider = false, offset = 0, count = APPOINTMENT_PAGE },
) {
  const r = await read(provider, 'EhrAppointments', 'appointmentsOf', [
    account,
    asProvider,
    offset,
    Math.min(count, APPOINTMENT_PAGE),
  ]);
  return { total: Number(r[0]), items: Array.from(r[1], itemOf) };
}

/**
 * The newest `limit` appointments of an account (one call per 200), newest first; the array
 * carries `total`, the number of all of them.
 * @returns {Promise<Array<{ id: number, patient: string, provider: string, start: number,
 *   duration: number, status: number }> & { total: number }>}
 */
export async function listAppointments(provider, { account, asProvider = false, limit = APPOINTMENTS_SHOWN }) {
  const out = [];
  let total = 0;
  do {
    const page = await appointmentsPage(provider, {
      account,
      asProvider,
      offset: out.length,
      count: Math.min(APPOINTMENT_PAGE, limit - out.length),
    });
    total = page.total;
    out.push(...page.items);
    if (page.items.length === 0) break;
  } while (out.length < Math.min(limit, total));
  return Object.assign(out, { total });
}
