// The Access screen's emergency section: institutions authorised for emergency ("break-glass")
// access (renew after a group key change, withdraw), the emergency windows open now (end one),
// and the form that authorises an institution. The decisions are in ../records/emergency.js and
// ../records/renewal.js.
import { h, replace, button } from '../dom.js';
import { t, translate } from '../i18n.js';
import { formatDate } from '../format.js';
import { sendTx, txStatusLine } from '../tx.js';
import { listInstitutions } from '../chain/directory.js';
import { listGrants } from '../records/access.js';
import { SCOPES, scopeList, scopeMask } from '../records/scopes.js';
import { emergencyAuthorisationStale, sealAgainToInstitution, splitGrants } from '../records/renewal.js';
import { emergencyPayload, openEmergencyWindows } from '../records/emergency.js';
import { addressDetails, namesFor, tNodes } from './chart-common.js';

/** A name in a sentence: data, not language. */
const data = (v) => h('span', { translate: 'no' }, v);

/**
 * The section's nodes (appended in order under the Access screen's list), `load()` to draw its
 * lists again, and `nameOf(institutionId)`. ctx: { app, s, keys, provider, reshareStatus,
 * reshareAfterEnd(scopes) } (reshareAfterEnd shares the new keys after an end of access).
 */
export function emergencySection(ctx) {
  const { app, s, keys, provider, reshareStatus } = ctx;
  let institutionsById = new Map();
  const emergencyName = (id) =>
    institutionsById.get(id)?.name ?? t('an institution not in the registry ({id})', { id: String(id) });
  /** An institution's name as a node: data when the registry lists it. */
  const emergencyNode = (id) =>
    institutionsById.has(id) ? data(institutionsById.get(id).name) : document.createTextNode(emergencyName(id));

  // Emergency ("break-glass") authorisation of an institution: its members may open the chosen
  // categories for a limited time with a stated reason; you see every opening in Activity.
  const emInst = h('select', { name: 'emergency-institution', id: 'emergency-institution' });
  const emBoxes = SCOPES.map(([sid, label]) =>
    h(
      'div',
      { class: 'check' },
      h('input', { type: 'checkbox', id: `em-scope-${sid}`, value: String(sid) }),
      h('label', { for: `em-scope-${sid}` }, label),
    ),
  );
  const emStatus = txStatusLine();
  const emSubmit = button('Authorise for emergencies', null, { type: 'submit' });
  const emForm = h(
    'form',
    { 'aria-labelledby': 'emergency-heading', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'emergency-institution' }, 'Institution'), emInst),
    h(
      'fieldset',
      { class: 'scopes' },
      h('legend', null, 'Categories its clinicians may open in an emergency'),
      emBoxes,
    ),
    h('div', { class: 'actions' }, emSubmit),
    emStatus,
  );
  listInstitutions(provider).then(
    (insts) => {
      institutionsById = new Map(insts.map((i) => [i.id, i]));
      replace(
        emInst,
        insts.filter((i) => !i.suspended).map((i) => h('option', { value: String(i.id), translate: 'no' }, i.name)),
      );
    },
    () => {},
  );
  emForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    const id = Number(emInst.value);
    const mask = scopeMask((sid) => emForm.querySelector(`#em-scope-${sid}`).checked);
    if (!id || !mask) {
      emStatus.textContent = translate('Choose an institution and at least one category.');
      return;
    }
    const wrapped = await emergencyPayload(provider, s.account, keys.chartRoot, id, mask);
    // The keys travel sealed to the institution's group key: without one, an authorisation
    // would let its clinicians open emergency access and read nothing (the contract refuses it).
    if (!wrapped) {
      emStatus.textContent = t(
        '{institution} has not set up its group key yet, so it cannot receive your keys. Ask it to create one, then authorise it.',
        { institution: emergencyName(id) },
      );
      return;
    }
    const r = await sendTx(app, {
      button: emSubmit,
      status: emStatus,
      contract: 'EhrHub',
      fn: 'setEmergencyInstitution',
      args: [id, mask, wrapped],
      action: 'authorising emergency access',
      success: t('{institution} authorised for emergencies', { institution: emergencyName(id) }),
    });
    if (r) load();
  });

  // Authorisations in force. Withdrawing advances the epochs of those categories (the
  // contract does it), so the page shares the new keys with everyone else who holds them.
  // After the institution rotates its group key, renewing = withdrawing, then authorising
  // again with the new keys sealed to the new group key.
  const emList = h('ul', { class: 'cards', 'aria-labelledby': 'emergency-list-heading' });
  const emListStatus = h('p', { class: 'muted', role: 'status' }, 'Loading…');
  // `renewing`: the first step of a renewal, which says so (the authorisation is set again next).
  const withdraw = async (btn, status, a, { renewing = false } = {}) => {
    const r = await sendTx(app, {
      button: btn,
      status,
      contract: 'EhrHub',
      fn: 'setEmergencyInstitution',
      args: [a.id, 0, new Uint8Array(0)],
      action: renewing ? 'renewing the emergency authorisation' : 'withdrawing the emergency authorisation',
      success: renewing
        ? null
        : t('Emergency access withdrawn from {institution}: it can no longer open emergency access', {
            institution: a.name,
          }),
    });
    if (!r) return false;
    await ctx.reshareAfterEnd(a.scopes);
    return true;
  };
  const renewEmergency = async (btn, status, a) => {
    reshareStatus.textContent = t(
      'Renewing the emergency authorisation of {institution}: the old keys are withdrawn first…',
      { institution: a.name },
    );
    if (!(await withdraw(btn, status, a, { renewing: true }))) {
      reshareStatus.textContent = '';
      return;
    }
    try {
      await sealAgainToInstitution({
        provider,
        from: s.account,
        patient: s.account,
        chartRoot: keys.chartRoot,
        grant: a.grant,
        onStage: () => {
          reshareStatus.textContent = t('Authorising {institution} again with the new keys…', { institution: a.name });
        },
      });
      reshareStatus.textContent = t('Emergency authorisation of {institution} renewed: sealed to its new group key.', {
        institution: a.name,
      });
    } catch (e) {
      reshareStatus.textContent = t(
        'The emergency authorisation of {institution} was withdrawn but not set again: authorise it again below.',
        { institution: a.name },
      );
      app.fail(e, { action: 'authorising again for emergencies' });
    }
    load();
  };
  // Emergency windows open now. Ending one ends the institution's authorisation too (the
  // contract replaces the keys its clinicians held); authorise it again to allow new openings.
  const endWindow = async (btn, status, w) => {
    const r = await sendTx(app, {
      button: btn,
      status,
      contract: 'EhrHub',
      fn: 'closeEmergencyAccess',
      args: [s.account, w.member],
      action: 'ending emergency access',
      success: t(
        'Emergency access ended; {institution} can no longer open emergency access until you authorise it again',
        { institution: emergencyName(w.institutionId) },
      ),
    });
    if (!r) return;
    await ctx.reshareAfterEnd(w.scopes);
    load();
  };
  const load = async () => {
    try {
      const insts = await listInstitutions(provider);
      institutionsById = new Map(insts.map((i) => [i.id, i]));
      const { authorised } = splitGrants(await listGrants(provider, s.account));
      const items = [];
      for (const g of authorised) {
        const inst = institutionsById.get(g.institutionId) ?? {
          id: g.institutionId,
          name: emergencyName(g.institutionId),
        };
        const a = {
          id: inst.id,
          name: inst.name,
          scopes: g.scopes,
          grant: g,
          stale: await emergencyAuthorisationStale(provider, s.account, g),
        };
        const status = txStatusLine();
        items.push(
          h(
            'li',
            { class: 'panel', dataset: { emergencyInstitution: String(inst.id) } },
            h('h3', null, institutionsById.has(inst.id) ? data(inst.name) : inst.name),
            h(
              'p',
              null,
              t('May open in an emergency: {categories}.', {
                categories: scopeList(g.scopes).map(translate).join(', '),
              }),
            ),
            a.stale
              ? h(
                  'p',
                  { class: 'notice notice-warning', role: 'note' },
                  'This institution changed its group key. Renew the authorisation so that only its current members can open these categories in an emergency.',
                )
              : null,
            h(
              'div',
              { class: 'actions' },
              a.stale
                ? button('Renew the authorisation', (e) => renewEmergency(e.currentTarget, status, a), {
                    'aria-label': t('Renew the authorisation of {institution} for emergencies', {
                      institution: inst.name,
                    }),
                  })
                : null,
              button(
                'Withdraw',
                async (e) => {
                  if (await withdraw(e.currentTarget, status, a)) load();
                },
                {
                  variant: 'danger',
                  'aria-label': t('Withdraw the emergency authorisation of {institution}', { institution: inst.name }),
                },
              ),
            ),
            status,
          ),
        );
      }
      replace(emList, items);
      emListStatus.textContent = items.length === 0 ? translate('No institution is authorised for emergencies.') : '';
      // Windows opened on this chart and still running, their members named from the registry.
      const windows = await openEmergencyWindows(provider, s.account, authorised);
      const names = await namesFor(app, { accounts: windows.map((w) => w.member) });
      const now = windows.map((w) => {
        const status = txStatusLine();
        return h(
          'li',
          { class: 'panel', dataset: { emergencyWindow: w.member.toLowerCase() } },
          h(
            'h3',
            null,
            tNodes('{member} of {institution}', {
              member: data(names.account(w.member)),
              institution: emergencyNode(w.institutionId),
            }),
          ),
          addressDetails([[names.account(w.member), w.member]]),
          h('p', null, tNodes('Open until {date}.', { date: data(formatDate(w.until)) })),
          h(
            'div',
            { class: 'actions' },
            button('End it now', (e) => endWindow(e.currentTarget, status, w), {
              variant: 'danger',
              'aria-label': t('End it now: the emergency access of {name}', { name: names.account(w.member) }),
            }),
          ),
          status,
        );
      });
      replace(windowsList, now);
      windowsBox.hidden = now.length === 0;
    } catch (e) {
      emListStatus.textContent = translate('The authorisations could not be loaded.');
      app.fail(e, { action: 'loading the emergency authorisations', retry: load });
    }
  };
  const windowsList = h('ul', { class: 'cards', 'aria-labelledby': 'emergency-open-now-heading' });
  const windowsBox = h(
    'div',
    { hidden: true },
    h('h3', { id: 'emergency-open-now-heading' }, 'Open now'),
    h(
      'p',
      { class: 'muted' },
      'Ending an emergency access also ends the institution’s authorisation: it gets new keys only if you authorise it again.',
    ),
    windowsList,
  );

  const nodes = [
    h('h2', { id: 'emergency-heading' }, 'Emergency access'),
    h(
      'p',
      null,
      'In an emergency, a clinician of an institution you authorise can open the categories you choose, for at most 24 hours, after giving a reason. You see each opening in Activity.',
    ),
    h(
      'p',
      { class: 'muted' },
      'The contract time-boxes the access and records it; the keys themselves are handed to the institution when you authorise it, and what its clinicians have read cannot be taken back.',
    ),
    h(
      'p',
      { class: 'muted' },
      'Opening emergency access is recorded on the blockchain with the clinician, the institution, the reason and the end time, and shown in Activity. The records a clinician opens during that time are not recorded one by one.',
    ),
    h('h3', { id: 'emergency-list-heading' }, 'Authorised now'),
    emListStatus,
    emList,
    windowsBox,
    h('h3', null, 'Authorise an institution'),
    emForm,
  ];
  return { nodes, load, nameOf: emergencyName };
}
