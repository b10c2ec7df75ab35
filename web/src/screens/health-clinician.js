// A clinician importing shared records (a link, a health card) into the chart of a patient who
// shared their chart with them and lets them write to it: choose the patient, then the same
// review and run as the patient's import, limited to the categories the clinician may write.
import { h, append, replace, field, button, busy } from '../dom.js';
import { shortAddress } from '../format.js';
import { t } from '../i18n.js';
import { releaseKey, onWipe } from '../key-registry.js';
import { unlockedKeys } from '../records/account-keys.js';
import { heldChartKeyFor } from '../records/access-rules.js';
import { sharedWithMe, openMemberKeys, writableScopes } from '../records/shared-with-me.js';
import { importPanel } from './health-import.js';

/** Keys of the chart opened for an import (released when another is opened, and on lock). */
let held = [];
const dropHeld = () => {
  for (const k of held) releaseKey(k);
  held = [];
};
onWipe(() => {
  held = []; // lock disposes every key
});

export function clinicianImport(app, s, bundle, source) {
  const box = h('section', { class: 'panel', 'aria-labelledby': 'clin-import-heading' });
  const keys = unlockedKeys(s.account);
  append(box, h('h3', { id: 'clin-import-heading' }, 'Import into a patient’s chart'));
  if (!keys) {
    append(box, h('p', null, 'Unlock your records on the Patients screen first, then open the link again.'));
    return box;
  }
  const choose = h('select', { name: 'patient' }, h('option', { value: '' }, 'Loading…'));
  const pick = field({ label: 'Patient', control: choose });
  const go = button('Review the import for this patient', null, { type: 'submit', variant: 'secondary' });
  const panel = h('div');
  const form = h('form', { novalidate: true }, pick.wrap, h('div', { class: 'actions' }, go));
  append(box, form, panel);
  const provider = app.wallet.provider();
  (async () => {
    const all = (await sharedWithMe(provider, s.account, s.roles.member.institutionId)).filter((p) => p.active);
    const seen = new Set();
    replace(
      choose,
      h('option', { value: '' }, all.length ? 'Choose…' : 'No patient shares a chart with you'),
      all
        .filter((p) => !seen.has(p.patient.toLowerCase()) && seen.add(p.patient.toLowerCase()))
        .map((p) => h('option', { value: p.patient }, t('Patient {address}', { address: shortAddress(p.patient) }))),
    );
  })().catch((e) => app.fail(e, { action: 'loading your patients' }));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const patient = choose.value;
    if (!patient) {
      pick.setError('Choose a patient.');
      return;
    }
    pick.setError(null);
    busy(go, async () => {
      try {
        dropHeld();
        const got = await openMemberKeys(provider, s, keys, patient);
        held = got.keys;
        const scopes = new Set(held.map((k) => k.scope));
        const writable = await writableScopes(provider, patient, s.account);
        if (writable.size === 0) {
          replace(panel, h('p', null, 'You may not add records to this patient’s chart.'));
          return;
        }
        replace(
          panel,
          importPanel(app, {
            patient,
            keysFor: () => ({ chartKeys: held, identities: [...keys.identities, ...got.groupKeys] }),
            canOpen: (sc) => scopes.has(sc),
            chartKeyFor: heldChartKeyFor(() => held),
            allowed: (sc) => writable.has(sc),
            initial: { bundle, source },
          }),
        );
      } catch (err) {
        app.fail(err, { action: 'opening the patient’s chart' });
      }
    });
  });
  return box;
}
