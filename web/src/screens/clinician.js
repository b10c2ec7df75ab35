// The clinician's screens: publish an encryption key, the patients who shared records (from the
// AccessGranted events addressed to this member), and a patient's chart opened with the chart
// keys those grants carry. Which patient is open is kept in memory, never in the address bar.
import { h, append, replace, button } from '../dom.js';
import { t, translate } from '../i18n.js';
import { gatedScreen } from './gated.js';
import { formatDate, hexOf, sameAddress, shortAddress } from '../format.js';
import { releaseKey, onWipe } from '../key-registry.js';
import { sendTx, txStatusLine } from '../tx.js';
import { read } from '../chain/contracts.js';
import { MEMBER_ROLES } from '../chain/roles.js';
import { unlockedKeys } from '../records/account-keys.js';
import { heldChartKeyFor } from '../records/access-rules.js';
import { sharedWithMe, openMemberKeys, writableScopes } from '../records/shared-with-me.js';
import {
  scopeList,
  unlockPanel,
  timeline,
  addRecordForms,
  addressDetails,
  namesFor,
  namesNow,
  tNodes,
} from './chart-common.js';
import { appointmentsBox } from './clinician-appointments.js';
import { emergencyForm, consentForm } from './clinician-forms.js';

let open = null;
const dropOpen = () => {
  if (open) for (const k of open.keys) releaseKey(k);
  open = null;
};
onWipe(dropOpen);

export function clinicianScreens(app) {
  /** Opens a patient's chart; the keys come from every way this member was given them. */
  const openChart = (patient, via) => {
    dropOpen();
    open = { patient, via, keys: [] };
    app.router.go('/patients/chart');
  };

  /** Waits for a live member with unlocked keys, then draws. */
  const memberScreen = ({ title, draw }) =>
    gatedScreen({
      title,
      keyOf: (s) =>
        `${s.account}|${s.chainId}|${JSON.stringify(s.roles?.member ?? null)}|${Boolean(s.account && unlockedKeys(s.account))}`,
      gate(s, update) {
        if (!s.account)
          return [
            h('p', null, 'Connect your wallet.'),
            h('a', { class: 'button', href: '#/connect' }, 'Connect a wallet'),
          ];
        if (!s.roles) return [h('p', { class: 'muted', role: 'status' }, 'Reading your account on the network…')];
        if (!s.roles.member) return [h('p', null, 'This account is not a member of an institution.')];
        if (!s.roles.member.live)
          return [h('p', null, 'Your institution is suspended: you cannot open patients’ records now.')];
        if (!unlockedKeys(s.account))
          return [
            unlockPanel(app, {
              purpose:
                'Patients share their records with your encryption key. It is derived from your wallet’s signature, in this page, and wiped when the page locks.',
              onUnlocked: () => update(),
            }),
          ];
        return null;
      },
      draw: (body, s) => draw(body, s, unlockedKeys(s.account)),
    });

  const patients = memberScreen({
    title: 'Patients',
    draw(body, s, keys) {
      const provider = app.wallet.provider();
      const keyBox = h('div');
      const list = h('ul', { class: 'cards', 'aria-labelledby': 'patients-heading' });
      const status = h('p', { class: 'muted', role: 'status' }, 'Loading…');
      append(
        body,
        keyBox,
        h('h2', { id: 'patients-heading' }, 'Patients who shared records with you'),
        status,
        list,
        appointmentsBox(app, s),
        consentForm(app),
        emergencyForm(app, openChart),
      );

      (async () => {
        try {
          const published = hexOf((await read(provider, 'EhrHub', 'memberKey', [s.account]))[0]);
          if (!sameAddress(published, hexOf(keys.identity.publicKey))) {
            const st = txStatusLine();
            replace(
              keyBox,
              h(
                'section',
                { class: 'panel', 'aria-labelledby': 'memberkey-heading' },
                h('h2', { id: 'memberkey-heading' }, 'Publish your encryption key'),
                h(
                  'p',
                  null,
                  /^0x0+$/.test(published)
                    ? 'Patients can share records with you once your encryption public key is on the network.'
                    : 'The key on the network is not the one of this wallet: publish this one so that new shares reach you.',
                ),
                h(
                  'div',
                  { class: 'actions' },
                  button('Publish my encryption key', async (e) => {
                    const r = await sendTx(app, {
                      button: e.currentTarget,
                      status: st,
                      contract: 'EhrHub',
                      fn: 'setMemberKey',
                      args: [keys.identity.publicKey],
                      action: 'publishing your key',
                      success: 'Your encryption key is published',
                    });
                    if (r) replace(keyBox);
                  }),
                ),
                st,
              ),
            );
          }
          // Drawn at once by address, again by name once the registry's names arrive (namesNow).
          const [all, first] = await Promise.all([
            sharedWithMe(provider, s.account, s.roles.member.institutionId),
            namesNow(app),
          ]);
          // What was shared, and until when (the date is data: formatted for the reader).
          const what = (p) => {
            const categories = scopeList(p.scopes).map(translate).join(', ');
            const until = (d) => h('span', { translate: 'no' }, d);
            if (p.via === 'emergency')
              return tNodes('Emergency access: {categories}, until {date}.', {
                categories,
                date: until(formatDate(p.expiry)),
              });
            const inst = p.via === 'institution';
            if (!p.active)
              return translate(
                inst
                  ? 'Access with your institution revoked or expired: records added since then are closed to you.'
                  : 'Access revoked or expired: records added since then are closed to you.',
              );
            if (!p.expiry)
              return t(inst ? 'Shared with your institution: {categories}.' : 'Shared: {categories}.', { categories });
            return tNodes(
              inst
                ? 'Shared with your institution: {categories}, until {date}.'
                : 'Shared: {categories}, until {date}.',
              {
                categories,
                date: until(formatDate(p.expiry, { dateStyle: 'long', timeStyle: null })),
              },
            );
          };
          const draw = (names) =>
            replace(
              list,
              all.map((p) =>
                h(
                  'li',
                  { class: 'panel', dataset: { patient: p.patient, via: p.via } },
                  h(
                    'h3',
                    null,
                    tNodes('Patient {address}', { address: h('span', { translate: 'no' }, names.account(p.patient)) }),
                    p.via === 'emergency' ? [' ', h('span', { class: 'badge badge-bad' }, 'Emergency')] : null,
                  ),
                  addressDetails([[names.account(p.patient), p.patient]]),
                  h('p', null, what(p)),
                  h(
                    'div',
                    { class: 'actions' },
                    button('Open chart', () => openChart(p.patient, p.via), {
                      variant: 'secondary',
                      'aria-label': t(
                        p.via === 'member'
                          ? 'Open chart of patient {address}'
                          : p.via === 'emergency'
                            ? 'Open chart of patient {address} (emergency access)'
                            : 'Open chart of patient {address} (shared with your institution)',
                        { address: names.account(p.patient) },
                      ),
                    }),
                  ),
                ),
              ),
            );
          draw(first);
          namesFor(app, { accounts: all.map((p) => p.patient) }).then((names) => {
            if (list.isConnected && !list.contains(document.activeElement)) draw(names);
          });
          status.textContent =
            all.length === 0
              ? translate('No patient has shared records with you yet.')
              : all.length === 1
                ? translate('1 patient.')
                : t('{count} patients.', { count: all.length });
        } catch (e) {
          status.textContent = translate('The list could not be loaded.');
          app.fail(e, { action: 'loading your patients' });
        }
      })();
    },
  });

  const chart = memberScreen({
    title: 'Patient chart',
    draw(body, s, keys) {
      if (!open) {
        append(body, h('p', null, 'No chart is open.'), h('a', { href: '#/patients' }, 'Choose a patient'));
        return;
      }
      const provider = app.wallet.provider();
      const { patient } = open;
      if (open.via === 'emergency')
        append(
          body,
          h(
            'p',
            null,
            h('span', { class: 'badge badge-bad' }, 'Emergency access'),
            ' ',
            'Your opening of emergency access is recorded on the blockchain with your reason and its end time, and the patient sees it. The records you open are not recorded one by one.',
          ),
        );
      append(
        body,
        h(
          'p',
          { class: 'lead' },
          tNodes('Patient {address}', { address: h('span', { translate: 'no' }, shortAddress(patient)) }),
        ),
        addressDetails([[shortAddress(patient), patient]]),
        h('p', null, h('a', { href: '#/patients' }, 'Back to the patient list')),
      );
      const note = h('div');
      append(body, note);
      (async () => {
        if (open.keys.length === 0) {
          const got = await openMemberKeys(provider, s, keys, patient);
          if (!open) {
            for (const k of got.keys) releaseKey(k);
            return;
          }
          open.keys.push(...got.keys);
          open.groupKeys = got.groupKeys;
          if (got.noGroupKey) {
            replace(
              note,
              h(
                'p',
                { class: 'notice notice-warning', role: 'note' },
                'Your institution’s group key has not been shared with you, so what was shared with the institution or for emergencies does not open. Ask your institution’s administrator to share the group key with all members.',
              ),
            );
          }
          if (open.via === 'emergency' && !got.emergency) {
            replace(
              note,
              h(
                'p',
                { class: 'notice notice-warning', role: 'note' },
                'Your emergency access to this patient has ended.',
              ),
            );
          }
        }
        const held = new Set(open.keys.map((k) => k.scope));
        const writable = await writableScopes(provider, patient, s.account);
        const chartKeyFor = heldChartKeyFor(() => open?.keys ?? []);
        const records = timeline(app, {
          patient,
          // Records sealed to their readers (written while an end of access was not settled) open
          // with the member's own key or the institution's group key.
          keysFor: () => ({
            chartKeys: open?.keys ?? [],
            identities: [...keys.identities, ...(open?.groupKeys ?? [])],
          }),
          canOpen: (sc) => held.has(sc),
          canRedact: (r) => sameAddress(r.author, s.account) && writable.has(r.scope),
          canAmend: (r) => writable.has(r.scope),
          chartKeyFor,
        });
        append(body, records.element);
        if (writable.size > 0) {
          append(
            body,
            addRecordForms(app, {
              patient,
              draftPrefix: `clinician-${patient}`,
              allowed: (sc) => writable.has(sc),
              chartKeyFor,
              onAdded: () => records.reload(),
            }),
          );
        } else {
          append(
            body,
            h(
              'p',
              { class: 'muted' },
              t('Your role ({role}) cannot add records for this patient with the access shared.', {
                role: translate(MEMBER_ROLES[s.roles.member.role] ?? 'member'),
              }),
            ),
          );
        }
      })().catch((e) => app.fail(e, { action: 'opening the chart' }));
    },
  });

  return { '/patients': patients, '/patients/chart': chart };
}
