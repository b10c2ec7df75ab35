// The patient's screens: the chart (timeline), adding records, appointments and family links;
// the Access and Activity screens are in patient-access.js and patient-activity.js, the frame they
// share in patient-frame.js.
import { h, append, replace, field, button, busy } from '../dom.js';
import { getState } from '../state.js';
import { keepDraft, dropDraft } from '../drafts.js';
import { notify } from '../notices.js';
import { keepingOffline, keepOpened } from '../records/offline.js';
import { shortAddress, hexOf, formatDate, formatSize } from '../format.js';
import { t } from '../i18n.js';
import { sendTx, txStatusLine } from '../tx.js';
import { timeline, addRecordForms } from './chart-common.js';
import { granteeDirectory, withGranteeIds } from '../records/grantees.js';
import { chartScreen, patientChartKey, patientKeysFor, settleFor } from './patient-frame.js';
import { accessScreen } from './patient-access.js';
import { activityScreen } from './patient-activity.js';
import { appointmentList } from './appointment-list.js';

export function patientScreens(app) {
  app.stateNow ??= getState;

  const records = chartScreen(app, {
    path: '/chart',
    title: 'Your chart',
    draw(body, s, keys) {
      // The patient opens any record of their own chart: the chart root derives K(scope, epoch)
      // for whatever the envelope names, and that key is wiped right after.
      const tl = timeline(app, {
        patient: s.account,
        canRedact: () => true,
        canAmend: () => true,
        chartKeyFor: patientChartKey(keys),
        settleFirst: settleFor(app, s, keys),
        keysFor: patientKeysFor(keys),
        // On a personal device that keeps opened records for offline reading: keep this one.
        onOpened: (r, envelope) => {
          if (!keepingOffline()) return;
          keepOpened({
            wallet: app.wallet.builtinWallet(),
            patient: s.account,
            row: r,
            envelope,
            keyVersion: keys.version,
          }).catch(() =>
            notify({
              kind: 'warning',
              key: 'offline-keep',
              title: 'This record could not be kept on this device',
              message: 'It is still readable online. Opening it again tries again.',
            }),
          );
        },
      });
      const exportStatus = h('p', { class: 'muted', role: 'status' });
      const exportBtn = button(
        'Export my chart (CAR file)',
        () =>
          busy(exportBtn, async () => {
            try {
              const { exportChart } = await import('../records/chart.js');
              const car = await exportChart(app.wallet.provider(), s.account, {
                onProgress: (n, total) => {
                  exportStatus.textContent = t('Collecting record {n} of {total}…', { n, total });
                },
              });
              const url = URL.createObjectURL(new Blob([car.bytes], { type: 'application/vnd.ipld.car' }));
              const a = h('a', { href: url, download: 'ehr-chart.car', hidden: true });
              document.body.append(a);
              a.click();
              a.remove();
              setTimeout(() => URL.revokeObjectURL(url), 1000);
              exportStatus.textContent = t(
                car.roots.length === 1
                  ? 'Exported 1 encrypted record ({size}). Import the file into any IPFS node to keep a copy; only your keys open it.'
                  : 'Exported {count} encrypted records ({size}). Import the file into any IPFS node to keep a copy; only your keys open it.',
                { count: car.roots.length, size: formatSize(car.bytes.length) },
              );
            } catch (e) {
              exportStatus.textContent = '';
              app.fail(e, { action: 'exporting your chart' });
            }
          }),
        { variant: 'secondary' },
      );
      append(
        body,
        tl.element,
        h('h2', { id: 'standards-heading' }, 'Exchange with other health records'),
        h(
          'ul',
          { 'aria-labelledby': 'standards-heading' },
          h('li', null, h('a', { href: '#/chart/import' }, 'Import a FHIR Bundle')),
          h(
            'li',
            null,
            h('a', { href: '#/chart/export' }, 'Export as FHIR, a patient summary (IPS) or an emergency summary'),
          ),
          h('li', null, h('a', { href: '#/chart/links' }, 'Share with a SMART Health Link')),
          h('li', null, h('a', { href: '#/health-card' }, 'Check and import a SMART Health Card')),
        ),
        h('h2', null, 'Keep a copy'),
        h('div', { class: 'actions' }, exportBtn),
        exportStatus,
      );
    },
  });

  const add = chartScreen(app, {
    path: '/chart/add',
    title: 'Add to your chart',
    draw(body, s, keys) {
      append(
        body,
        h('p', null, 'Records are encrypted in this page; only the ciphertext leaves it.'),
        addRecordForms(app, {
          patient: s.account,
          chartKeyFor: patientChartKey(keys),
          settleFirst: settleFor(app, s, keys),
          draftPrefix: 'patient-add',
        }),
      );
    },
  });

  const access = accessScreen(app);
  const activity = activityScreen(app);

  const appointments = chartScreen(app, {
    path: '/chart/appointments',
    title: 'Your appointments',
    needKeys: false,
    draw(body, s) {
      const provider = app.wallet.provider();
      let directory = [];
      const { list, status, load, more } = appointmentList(app, {
        labelledBy: 'appointments-heading',
        async fetch(listAppointments, limit) {
          if (directory.length === 0) {
            directory = await withGranteeIds(provider, await granteeDirectory(provider));
            replace(
              who,
              h('option', { value: '' }, 'Choose…'),
              // records/grantees.js labels them in the reader's language (names as the registry has them).
              directory.map((d, i) => h('option', { value: String(i) }, d.label)),
            );
          }
          return listAppointments(provider, { account: s.account, limit });
        },
        card(a, APPOINTMENT_STATUS) {
          const st = txStatusLine();
          const name =
            directory.find((d) => d.grantee === hexOf(a.provider).toLowerCase())?.label ??
            shortAddress(hexOf(a.provider));
          return [
            h(
              'p',
              null,
              'With',
              ' ',
              h('span', { translate: 'no' }, name),
              ', ',
              Math.round(a.duration / 60) === 1
                ? 'one minute.'
                : t('{minutes} minutes.', { minutes: Math.round(a.duration / 60) }),
              ' ',
              h(
                'span',
                { class: ['badge', a.status === 2 ? 'badge-ok' : a.status >= 3 ? 'badge-bad' : null] },
                APPOINTMENT_STATUS[a.status] ?? '?',
              ),
            ),
            a.status <= 2
              ? h(
                  'div',
                  { class: 'actions' },
                  button(
                    'Cancel',
                    async (e) => {
                      const r = await sendTx(app, {
                        button: e.currentTarget,
                        status: st,
                        contract: 'EhrAppointments',
                        fn: 'cancelAppointment',
                        args: [a.id],
                        action: 'cancelling the appointment',
                        success: 'Appointment cancelled',
                      });
                      if (r) load();
                    },
                    {
                      variant: 'secondary',
                      'aria-label': t('Cancel the appointment of {date}', {
                        date: formatDate(a.start, { timeStyle: null }),
                      }),
                    },
                  ),
                )
              : null,
            st,
          ];
        },
      });
      const who = h('select', { name: 'provider' });
      const whoField = field({ label: 'With', control: who });
      const day = field({ label: 'Day', control: h('input', { type: 'date', name: 'day' }) });
      const time = field({ label: 'Time', control: h('input', { type: 'time', name: 'time', value: '09:00' }) });
      const length = field({
        label: 'Length',
        control: h(
          'select',
          { name: 'length' },
          [
            [900, '15 minutes'],
            [1800, '30 minutes'],
            [3600, '1 hour'],
          ].map(([v, l]) => h('option', { value: String(v) }, l)),
        ),
      });
      const st = txStatusLine();
      const submit = button('Request the appointment', null, { type: 'submit' });
      const form = h(
        'form',
        { 'aria-labelledby': 'request-heading', novalidate: true },
        whoField.wrap,
        day.wrap,
        time.wrap,
        length.wrap,
        h('div', { class: 'actions' }, submit),
        st,
      );
      const save = keepDraft('appointment', form);
      form.addEventListener('submit', async (e) => {
        e.preventDefault();
        save();
        const entry = directory[Number(who.value)];
        const start = Math.floor(new Date(`${day.control.value}T${time.control.value || '09:00'}`).getTime() / 1000);
        whoField.setError(entry ? null : 'Choose a clinician or an institution.');
        day.setError(
          Number.isFinite(start) && start * 1000 > Date.now() ? null : 'Choose a day and time in the future.',
        );
        if (!entry || !(Number.isFinite(start) && start * 1000 > Date.now())) return;
        const r = await sendTx(app, {
          button: submit,
          status: st,
          contract: 'EhrAppointments',
          fn: 'requestAppointment',
          args: [entry.grantee, start, Number(length.control.value)],
          action: 'requesting the appointment',
          success: 'Appointment requested',
        });
        if (r) {
          dropDraft('appointment');
          load();
        }
      });
      append(
        body,
        h('h2', { id: 'appointments-heading' }, 'Appointments'),
        status,
        list,
        more,
        h('h2', { id: 'request-heading' }, 'Request an appointment'),
        form,
      );
      load();
    },
  });

  const family = chartScreen(app, {
    path: '/chart/family',
    title: 'Your family links',
    needKeys: false,
    async draw(body, s) {
      const { familyPanel } = await import('./family.js');
      append(body, familyPanel(app, s));
    },
  });

  return {
    '/chart': records,
    '/chart/add': add,
    '/chart/access': access,
    '/chart/appointments': appointments,
    '/chart/family': family,
    '/chart/activity': activity,
  };
}
