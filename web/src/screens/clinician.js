// The clinician's screens: publish an encryption key, the patients who shared records (from the
// AccessGranted events addressed to this member), and a patient's chart opened with the chart
// keys those grants carry. Which patient is open is kept in memory, never in the address bar.
import { h, append, replace, button } from '../dom.js';
import { gatedScreen } from './gated.js';
import { notify } from '../notices.js';
import { shortAddress, hexOf, sameAddress } from '../format.js';
import { ehr } from '../module.js';
import { registerKey, releaseKey, onWipe } from '../key-registry.js';
import { sendTx, txStatusLine } from '../tx.js';
import { read, events, topicsOf } from '../chain/contracts.js';
import { MEMBER_ROLES } from '../chain/roles.js';
import { unlockedKeys } from '../records/account-keys.js';
import { scopeLabel, scopeList, unlockPanel, timeline, addRecordForms } from './chart-common.js';

let open = null;
const dropOpen = () => {
  if (open) for (const k of open.keys) releaseKey(k);
  open = null;
};
onWipe(dropOpen);

/**
 * Patients who ever granted this member, or its institution, access, and those it opened emergency
 * access to: [{ patient, via: 'member' | 'institution' | 'emergency', scopes, expiry, active,
 * payloads }]. Payloads to the member open with its own key; the others with the group key.
 */
async function sharedWithMe(provider, me, institutionId) {
  const out = [];
  const grantees = [
    ['member', hexOf((await read(provider, 'EhrHub', 'memberGrantee', [me]))[0])],
    ['institution', hexOf((await read(provider, 'EhrHub', 'institutionGrantee', [institutionId]))[0])],
  ];
  for (const [via, grantee] of grantees) {
    const evs = await events(provider, 'EhrHub', await topicsOf('EhrHub', 'AccessGranted', [null, grantee]));
    const byPatient = new Map();
    for (const e of evs) {
      const p = String(e.args.patient);
      if (!byPatient.has(p.toLowerCase())) byPatient.set(p.toLowerCase(), { patient: p, payloads: [] });
      byPatient.get(p.toLowerCase()).payloads.push(e.args.wrappedKeys);
    }
    for (const entry of byPatient.values()) {
      const g = await read(provider, 'EhrHub', 'grantOf', [entry.patient, grantee]);
      out.push({
        ...entry,
        via,
        grantee,
        scopes: Number(g[0]),
        expiry: Number(g[1]),
        active: g[2] === true && Number(g[0]) !== 0,
      });
    }
  }
  const opened = await events(provider, 'EhrHub', await topicsOf('EhrHub', 'EmergencyAccessOpened', [null, me]));
  const seen = new Set();
  for (const e of opened.reverse()) {
    const p = String(e.args.patient);
    if (seen.has(p.toLowerCase())) continue;
    seen.add(p.toLowerCase());
    const em = await emergencyOf(provider, p, me);
    if (em.active)
      out.push({
        patient: p,
        via: 'emergency',
        payloads: em.payloads,
        scopes: em.scopes,
        expiry: em.until,
        active: true,
      });
  }
  return out;
}

/**
 * A member's emergency access to a patient: { active, until, scopes, payloads } where payloads are
 * the patient's authorisations of the member's institution (keys sealed to its group key).
 */
async function emergencyOf(provider, patient, me) {
  const [until, institutionId, , active] = await read(provider, 'EhrHub', 'emergencyAccess', [patient, me]);
  if (active !== true) return { active: false, until: Number(until), scopes: 0, payloads: [] };
  const scopes = Number((await read(provider, 'EhrHub', 'emergencyScopes', [patient, institutionId]))[0]);
  const set = await events(
    provider,
    'EhrHub',
    await topicsOf('EhrHub', 'EmergencyInstitutionSet', [patient, Number(institutionId)]),
  );
  return { active: true, until: Number(until), scopes, payloads: set.map((e) => e.args.wrappedKeys) };
}

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
        appointmentsBox(s),
        consentForm(s),
        emergencyForm(),
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
          const all = await sharedWithMe(provider, s.account, s.roles.member.institutionId);
          const what = (p) => {
            if (p.via === 'emergency')
              return `Emergency access: ${scopeList(p.scopes).join(', ')}, until ${new Date(p.expiry * 1000).toLocaleTimeString('en-GB', { timeStyle: 'short' })}.`;
            const by = p.via === 'institution' ? ' with your institution' : '';
            return p.active
              ? `Shared${by}: ${scopeList(p.scopes).join(', ')}${p.expiry ? `, until ${new Date(p.expiry * 1000).toLocaleDateString('en-GB', { dateStyle: 'long' })}` : ''}.`
              : `Access${by} revoked or expired: records added since then are closed to you.`;
          };
          replace(
            list,
            all.map((p) =>
              h(
                'li',
                { class: 'panel', dataset: { patient: p.patient, via: p.via } },
                h(
                  'h3',
                  null,
                  `Patient ${shortAddress(p.patient)}`,
                  p.via === 'emergency' ? h('span', { class: 'badge badge-bad' }, ' Emergency') : null,
                ),
                h('p', null, what(p)),
                h(
                  'div',
                  { class: 'actions' },
                  button('Open chart', () => openChart(p.patient, p.via), {
                    variant: 'secondary',
                    'aria-label': `Open chart of patient ${shortAddress(p.patient)}${p.via === 'member' ? '' : p.via === 'emergency' ? ' (emergency access)' : ' (shared with your institution)'}`,
                  }),
                ),
              ),
            ),
          );
          status.textContent =
            all.length === 0
              ? 'No patient has shared records with you yet.'
              : `${all.length} patient${all.length === 1 ? '' : 's'}.`;
        } catch (e) {
          status.textContent = 'The list could not be loaded.';
          app.fail(e, { action: 'loading your patients' });
        }
      })();
    },
  });

  /** Appointments asked of this doctor or of their institution: confirm, decline, cancel. */
  const appointmentsBox = (s) => {
    const provider = app.wallet.provider();
    const list = h('ul', { class: 'cards', 'aria-labelledby': 'clinic-appointments-heading' });
    const status = h('p', { class: 'muted', role: 'status' }, 'Loading…');
    const load = async () => {
      try {
        const { listAppointments, APPOINTMENT_STATUS } = await import('../chain/appointments.js');
        const mine = hexOf((await read(provider, 'EhrHub', 'memberGrantee', [s.account]))[0]);
        const inst = hexOf((await read(provider, 'EhrHub', 'institutionGrantee', [s.roles.member.institutionId]))[0]);
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
              h(
                'h3',
                null,
                new Date(a.start * 1000).toLocaleString('en-GB', { dateStyle: 'full', timeStyle: 'short' }),
              ),
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
  };

  /** Emergency ("break-glass") access: patient, mandatory reason, duration. */
  const emergencyForm = () => {
    const REASONS = {
      1: 'Patient unconscious or unable to consent',
      2: 'Life-threatening condition',
      3: 'Acute confusion or incapacity',
      4: 'Major trauma',
      5: 'Poisoning or overdose',
      6: 'Other emergency, documented in the chart',
    };
    const patient = h('input', {
      type: 'text',
      id: 'emergency-patient',
      name: 'patient',
      autocomplete: 'off',
      spellcheck: 'false',
      class: 'mono',
    });
    const reason = h(
      'select',
      { id: 'emergency-reason', name: 'reason' },
      h('option', { value: '' }, 'Choose the reason…'),
      Object.entries(REASONS).map(([v, l]) => h('option', { value: v }, l)),
    );
    const duration = h(
      'select',
      { id: 'emergency-duration', name: 'duration' },
      [
        [3600, '1 hour'],
        [14400, '4 hours'],
        [43200, '12 hours'],
        [86400, '24 hours'],
      ].map(([v, l]) => h('option', { value: String(v) }, l)),
    );
    const errEl = h('p', { class: 'field-error', hidden: true, id: 'emergency-error' });
    const status = txStatusLine();
    const submit = button('Open emergency access', null, { type: 'submit', variant: 'danger' });
    const form = h(
      'form',
      { 'aria-labelledby': 'emergency-open-heading', novalidate: true },
      h('h2', { id: 'emergency-open-heading' }, 'Emergency access'),
      h(
        'p',
        null,
        'Only for a patient who authorised your institution for emergencies. The reason is recorded on the network and the patient sees it. Access ends by itself.',
      ),
      h('div', { class: 'field' }, h('label', { for: 'emergency-patient' }, 'Patient’s account address'), patient),
      h('div', { class: 'field' }, h('label', { for: 'emergency-reason' }, 'Reason (required)'), reason),
      h('div', { class: 'field' }, h('label', { for: 'emergency-duration' }, 'For'), duration),
      errEl,
      h('div', { class: 'actions' }, submit),
      status,
    );
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const api = await ehr();
      const addr = patient.value.trim();
      const problem = !api.address.isValid(addr)
        ? 'Enter the patient’s account address (0x and 40 hexadecimal digits).'
        : !reason.value
          ? 'Choose the reason for emergency access.'
          : null;
      errEl.textContent = problem ?? '';
      errEl.hidden = !problem;
      if (problem) {
        (!api.address.isValid(addr) ? patient : reason).focus();
        return;
      }
      const r = await sendTx(app, {
        button: submit,
        status,
        contract: 'EhrHub',
        fn: 'openEmergencyAccess',
        args: [api.address.toChecksum(addr), Number(reason.value), Number(duration.value)],
        action: 'opening emergency access',
      });
      if (r) {
        const opened = r.events.find((ev) => ev.name === 'EmergencyAccessOpened');
        const until = opened
          ? new Date(Number(opened.args.until) * 1000).toLocaleTimeString('en-GB', { timeStyle: 'short' })
          : '';
        notify({
          kind: 'success',
          key: 'emergency',
          title: `Emergency access open until ${until}`,
          message:
            'Recorded on the blockchain with your reason; the patient sees it. The records open with the keys the patient sealed to your institution for emergencies.',
          actions: [{ label: 'Open the chart', run: () => openChart(api.address.toChecksum(addr), 'emergency') }],
        });
      }
    });
    return form;
  };

  /** A patient's signed consent code, submitted by the clinician (who pays the fee). */
  const consentForm = (s) => {
    const code = h('textarea', { name: 'consent', rows: 4, spellcheck: 'false', autocomplete: 'off', class: 'mono' });
    const f = { wrap: null };
    const errEl = h('p', { class: 'field-error', id: 'consent-error', hidden: true });
    const status = txStatusLine();
    const submit = button('Submit the code', null, { type: 'submit' });
    const scan = button('Scan the QR code with the camera', null, { variant: 'secondary', hidden: true });
    const scanBox = h('div');
    const form = h(
      'form',
      { 'aria-labelledby': 'submit-consent-heading', novalidate: true },
      h('h2', { id: 'submit-consent-heading' }, 'Submit a signed consent or registration'),
      h(
        'p',
        null,
        'A patient without ETH can sign a consent or registration code on their own screen. Paste it here: you submit it and pay the network fee.',
      ),
      h('div', { class: 'field' }, h('label', { for: 'consent-input' }, 'Code'), code, errEl),
      h('div', { class: 'actions' }, submit, scan),
      scanBox,
      status,
    );
    code.id = 'consent-input';
    void f;
    // The camera, where the browser can read QR codes (BarcodeDetector); pasting always works.
    import('../qr-scan.js').then(
      async (q) => {
        if (!(await q.canScan())) return;
        scan.hidden = false;
        scan.addEventListener('click', async () => {
          const s2 = q.scanQr({ label: 'Camera view: hold the patient’s QR code in front of it' });
          replace(scanBox, s2.element);
          scan.hidden = true;
          try {
            const text = await s2.done;
            if (text !== null) {
              code.value = text;
              notify({
                kind: 'info',
                key: 'scan',
                title: 'Code read from the camera',
                message: 'Check it is the patient’s, then submit it.',
                timeoutMs: 6000,
              });
              submit.focus();
            }
          } catch (err) {
            notify({
              kind: 'error',
              key: 'scan',
              title: 'The camera could not be used',
              message:
                err?.name === 'NotAllowedError'
                  ? 'The browser was not allowed to use the camera.'
                  : 'No camera was found, or it is busy.',
              advice: 'Allow the camera for this page in the browser’s settings, or paste the code’s text instead.',
            });
          } finally {
            scan.hidden = false;
          }
        });
      },
      () => {},
    );
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const { readCode } = await import('../records/consent.js');
      let c;
      try {
        c = await readCode(code.value);
        errEl.hidden = true;
        code.removeAttribute('aria-invalid');
      } catch (err) {
        errEl.textContent = err.message.charAt(0).toUpperCase() + err.message.slice(1) + '.';
        errEl.hidden = false;
        code.setAttribute('aria-invalid', 'true');
        code.setAttribute('aria-describedby', 'consent-error');
        code.focus();
        return;
      }
      const r =
        c.kind === 'registration'
          ? await sendTx(app, {
              button: submit,
              status,
              contract: 'EhrHub',
              fn: 'registerPatientBySig',
              args: [c.patient, c.encryptionKey, BigInt(c.nonce), BigInt(c.deadline), c.v, c.r, c.s],
              action: 'submitting the registration',
              success: `Patient ${shortAddress(c.patient)} registered`,
            })
          : await sendTx(app, {
              button: submit,
              status,
              contract: 'EhrHub',
              fn: 'grantAccessBySig',
              args: [
                c.patient,
                c.grantee,
                c.scopes,
                c.expiry,
                c.wrappedKeys,
                Number(c.serial ?? 0),
                BigInt(c.nonce),
                BigInt(c.deadline),
                c.v,
                c.r,
                c.s,
              ],
              action: 'submitting the consent',
              success: `Consent of patient ${shortAddress(c.patient)} recorded: ${scopeList(c.scopes).join(', ')}`,
            });
      if (r) {
        code.value = '';
        app.router.refresh();
      }
    });
    void s;
    return form;
  };

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
            ' Your opening of emergency access is recorded on the blockchain with your reason and its end time, and the patient sees it. The records you open are not recorded one by one.',
          ),
        );
      append(
        body,
        h('p', { class: 'lead' }, `Patient ${shortAddress(patient)}`),
        h('p', null, h('a', { href: '#/patients' }, 'Back to the patient list')),
      );
      const note = h('div');
      append(body, note);
      (async () => {
        const api = await ehr();
        // Every grant event carries keys (the latest has the newest epochs); keep them all, so
        // older records stay readable as they were when shared. Keys shared with the member open
        // with its own key; keys shared with its institution, or authorised for emergencies,
        // with the institution's group key.
        if (open.keys.length === 0) {
          const all = (await sharedWithMe(provider, s.account, s.roles.member.institutionId)).filter((p) =>
            sameAddress(p.patient, patient),
          );
          for (const payload of all.filter((p) => p.via === 'member').flatMap((p) => p.payloads)) {
            try {
              for (const k of api.records.grants.open(api.fromHex(hexOf(payload)), keys.identity))
                open.keys.push(registerKey(k));
            } catch {
              // a payload for another key of ours (before a key change): skip it
            }
          }
          const group = all.filter((p) => p.via !== 'member').flatMap((p) => p.payloads);
          if (group.length > 0) {
            const { openGroupKeys, openWithGroupKeys } = await import('../records/group.js');
            const gks = await openGroupKeys(provider, s.roles.member.institutionId, keys.identity);
            open.groupKeys = [...gks.values()];
            if (gks.size === 0) {
              replace(
                note,
                h(
                  'p',
                  { class: 'notice notice-warning', role: 'note' },
                  'Your institution’s group key has not been shared with you, so what was shared with the institution or for emergencies does not open. Ask your institution’s administrator to share the group key with all members.',
                ),
              );
            }
            if (!open) return;
            open.keys.push(...(await openWithGroupKeys(group, gks)));
          }
          if (open.via === 'emergency' && !all.some((p) => p.via === 'emergency')) {
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
        const writable = new Set();
        await Promise.all(
          Array.from({ length: 16 }, async (_, sc) => {
            if ((await read(provider, 'EhrHub', 'canWrite', [patient, s.account, sc]))[0] === true) writable.add(sc);
          }),
        );
        const chartKeyFor = (sc, epoch) => {
          const key = open?.keys.find((k) => k.scope === sc && k.epoch === epoch);
          if (!key)
            throw Object.assign(new Error(`you hold no key for the current ${scopeLabel(sc)} keys of this patient`), {
              code: 'ERR_NO_RECIPIENT',
            });
          return { key };
        };
        const t = timeline(app, {
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
        append(body, t.element);
        if (writable.size > 0) {
          append(
            body,
            addRecordForms(app, {
              patient,
              draftPrefix: `clinician-${patient}`,
              allowed: (sc) => writable.has(sc),
              chartKeyFor,
              onAdded: () => t.reload(),
            }),
          );
        } else {
          append(
            body,
            h(
              'p',
              { class: 'muted' },
              `Your role (${MEMBER_ROLES[s.roles.member.role] ?? 'member'}) cannot add records for this patient with the access shared.`,
            ),
          );
        }
      })().catch((e) => app.fail(e, { action: 'opening the chart' }));
    },
  });

  return { '/patients': patients, '/patients/chart': chart };
}
