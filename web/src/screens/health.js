// The health-standards screens: the patient's import, export and links (inside the chart frame),
// and the screens anyone may open: an incoming SMART Health Link, a SMART Health Card.
import { h, append } from '../dom.js';
import { getState } from '../state.js';
import { releaseKey } from '../key-registry.js';
import { chartKeyOf } from '../records/account-keys.js';
import { chartScreen, patientChartKey, settleFor } from './patient-frame.js';
import { importPanel, handedOver } from './health-import.js';
import { exportPanel } from './health-export.js';
import { linksPanel } from './health-links.js';
import { shlScreen, cardScreen } from './health-open.js';

/** keysFor of the patient's own chart (as the timeline opens records). */
export const patientKeysFor = (keys) => (header) => {
  let k = null;
  try {
    k = chartKeyOf(keys, header.scope, header.epoch);
  } catch {
    // a key version this session does not hold: the identities may still open it
  }
  return { chartKeys: k ? [k] : [], identities: keys.identities, release: () => k && releaseKey(k) };
};

const back = () => h('p', null, h('a', { href: '#/chart' }, 'Back to your records'));

export function healthScreens(app) {
  app.stateNow ??= getState;
  let cleanups = [];
  const withCleanup = (screen) => ({
    ...screen,
    async render(ctx) {
      cleanups = [];
      const r = await screen.render(ctx);
      return () => {
        for (const fn of cleanups.splice(0)) fn();
        if (typeof r === 'function') r();
      };
    },
  });

  const importScreen = chartScreen(app, {
    path: '/chart/import',
    title: 'Import into your chart',
    draw(body, s, keys) {
      append(
        body,
        back(),
        importPanel(app, {
          patient: s.account,
          own: true,
          keysFor: patientKeysFor(keys),
          chartKeyFor: patientChartKey(keys),
          settleFirst: settleFor(app, s, keys),
          initial: handedOver(),
        }),
      );
    },
  });

  const exportScreen = chartScreen(app, {
    path: '/chart/export',
    title: 'Export your chart',
    draw(body, s, keys) {
      append(
        body,
        back(),
        exportPanel(app, { patient: s.account, keysFor: patientKeysFor(keys), onCleanup: (fn) => cleanups.push(fn) }),
      );
    },
  });

  const linksScreen = chartScreen(app, {
    path: '/chart/links',
    title: 'Share with a link',
    draw(body, s, keys) {
      append(body, back(), linksPanel(app, { account: s.account, keysFor: patientKeysFor(keys) }));
    },
  });

  return {
    '/chart/import': importScreen,
    '/chart/export': withCleanup(exportScreen),
    '/chart/links': linksScreen,
    '/shl': shlScreen(app),
    '/health-card': cardScreen(app),
  };
}
