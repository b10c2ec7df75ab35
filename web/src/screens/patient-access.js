// The patient's Access screen: who can read which categories (grants listed by the hub), giving
// access (or a consent code), revoking, renewing after an institution's key rotation, access that
// ended without the patient (settled here), emergency authorisations and open windows, and moving
// to new encryption keys. The protocol itself is in ../records/access.js.
import { h, svg, append, replace, field, button, busy } from '../dom.js';
import { notify } from '../notices.js';
import { keepDraft, dropDraft } from '../drafts.js';
import { ehr } from '../module.js';
import { shortAddress, hexOf } from '../format.js';
import { sendTx, txStatusLine } from '../tx.js';
import { read, write, events, topicsOf } from '../chain/contracts.js';
import { listInstitutions } from '../chain/directory.js';
import { rotateKeys } from '../records/account-keys.js';
import { GRANTEE_TAG, listGrants, pendingScopes, reshare as reshareKeys, settle } from '../records/access.js';
import { epochsOf } from '../records/chart.js';
import { SCOPES, scopeList } from './chart-common.js';
import { chartScreen, granteeDirectory, granteeId, ZERO32, ALL_SCOPES } from './patient-frame.js';

export function accessScreen(app) {
  return chartScreen(app, {
    path: '/chart/access',
    title: 'Who can see your records',
    draw(body, s, keys) {
      const provider = app.wallet.provider();
      const list = h('ul', { class: 'cards', 'aria-labelledby': 'grants-heading' });
      const listStatus = h('p', { class: 'muted', role: 'status' }, 'Loading…');
      const reshareStatus = txStatusLine();
      const endedBox = h('div');
      let directory = [];
      const nameOf = (g) => directory.find((d) => d.grantee === g)?.label ?? `grantee ${shortAddress(g)}`;

      const load = async () => {
        try {
          // Build the new listing completely before it replaces the old one: a revocation or a
          // grant running meanwhile must never see entries without their grantee id.
          const fresh = await granteeDirectory(provider);
          // Confirmed relatives may receive the family-history category (and nothing else).
          const { linksOf, RELATIONS } = await import('./family.js');
          for (const l of (await linksOf(provider, s.account)).filter((x) => x.confirmed)) {
            const key = (await read(provider, 'EhrHub', 'patientKey', [l.other]))[0];
            fresh.unshift({
              type: 'relative',
              id: l.other,
              label: `Your ${RELATIONS[l.relationOfOther]} ${shortAddress(l.other)} (family history only)`,
              publicKey: key,
            });
          }
          await Promise.all(
            fresh.map(async (d) => {
              d.grantee = (await granteeId(provider, d)).toLowerCase();
            }),
          );
          directory = fresh;
          // The hub lists the patient's grants itself (emergency authorisations have their own list below).
          const all = await listGrants(provider, s.account);
          const grants = all.filter((g) => g.tag !== GRANTEE_TAG.EMERGENCY && g.inForce);
          const ended = all.filter((g) => !g.inForce);
          const pending = await pendingScopes(provider, s.account);
          // A grant to an institution is sealed to its group key; when the institution rotates the
          // key, the keys shared must follow (docs/record-format.md, "Institutions").
          await Promise.all(
            grants.map(async (g) => {
              const d = directory.find((x) => x.grantee === g.grantee);
              if (g.tag !== GRANTEE_TAG.INSTITUTION) return;
              g.institution = d;
              if (!g.keysCurrent) {
                const [inst, exposed] = await Promise.all([
                  read(provider, 'EhrHub', 'institution', [g.institutionId]),
                  read(provider, 'EhrHub', 'exposedKeyVersion', [g.institutionId]),
                ]);
                g.waitingForKey = Number(inst[4]) <= Number(exposed[0]);
                return;
              }
              const [granted, rotated] = await Promise.all([
                events(provider, 'EhrHub', await topicsOf('EhrHub', 'AccessGranted', [s.account, g.grantee])),
                events(provider, 'EhrHub', await topicsOf('EhrHub', 'GroupKeyPublished', [g.institutionId])),
              ]);
              const last = (evs) => evs.reduce((m, e) => Math.max(m, e.blockNumber * 1e6 + e.logIndex), -1);
              g.staleKey = last(rotated) > last(granted);
            }),
          );
          replace(
            endedBox,
            pending === 0
              ? null
              : h(
                  'div',
                  { class: 'notice notice-warning', role: 'note' },
                  h(
                    'p',
                    null,
                    `Access ended without you for ${ended.length === 1 ? 'one person or institution' : `${ended.length || 'some'} people or institutions`} (an end date passed, a clinician left their institution, an institution was suspended, a family link ended, or an institution's key was known to someone who left). Records you add are already sealed so that they cannot read them.`,
                  ),
                  h(
                    'p',
                    null,
                    `Replace the keys of ${scopeList(pending).join(', ')} now, so that clinicians writing to your chart use the new keys too.`,
                  ),
                  h(
                    'div',
                    { class: 'actions' },
                    button('Replace the keys now', (e) => settleNow(e.currentTarget)),
                  ),
                ),
          );
          replace(
            list,
            grants.map((g) => {
              const status = txStatusLine();
              const note = g.waitingForKey
                ? h(
                    'p',
                    { class: 'notice notice-warning', role: 'note' },
                    'A member left this institution. It must create a new group key before your keys can be shared with it again; until then its clinicians read what they could read before, but nothing you add.',
                  )
                : !g.keysCurrent || g.staleKey
                  ? h(
                      'p',
                      { class: 'notice notice-warning', role: 'note' },
                      'This institution changed its group key (for example after a member left). Renew what you shared: new keys, sealed to the new group key, so that a former member cannot read what you add from now on.',
                    )
                  : null;
              return h(
                'li',
                { class: 'panel', dataset: { grantee: g.grantee } },
                h('h3', null, nameOf(g.grantee)),
                h('p', null, `Can read: ${scopeList(g.scopes).join(', ')}.`),
                h(
                  'p',
                  { class: 'muted' },
                  g.expiry
                    ? `Until ${new Date(g.expiry * 1000).toLocaleDateString('en-GB', { dateStyle: 'long' })}.`
                    : 'No end date.',
                ),
                note,
                h(
                  'div',
                  { class: 'actions' },
                  (!g.keysCurrent || g.staleKey) && !g.waitingForKey
                    ? button('Renew the keys', (e) => renew(e.currentTarget, status, g), {
                        'aria-label': `Renew the keys shared with ${nameOf(g.grantee)}`,
                      })
                    : null,
                  button('Revoke', (e) => revoke(e.currentTarget, status, g), {
                    variant: 'danger',
                    'aria-label': `Revoke access of ${nameOf(g.grantee)}`,
                  }),
                ),
                status,
              );
            }),
          );
          listStatus.textContent =
            grants.length === 0
              ? 'Nobody else can read your records.'
              : grants.length === 1
                ? 'One person or institution has access.'
                : `${grants.length} people or institutions have access.`;
          const chosen = who.value;
          replace(
            who,
            h('option', { value: '' }, 'Choose…'),
            directory.map((d, i) =>
              h(
                'option',
                { value: String(i), disabled: ZERO32.test(hexOf(d.publicKey)) },
                ZERO32.test(hexOf(d.publicKey)) ? `${d.label} (not set up yet)` : d.label,
              ),
            ),
          );
          who.value = chosen; // a reload keeps what was being chosen
        } catch (e) {
          listStatus.textContent = 'The list could not be loaded.';
          app.fail(e, { action: 'loading who has access', retry: load });
        }
      };

      // After an end of access the patient caused (the contract advanced those epochs), the new
      // keys go to everyone who still holds those scopes; a failure is said and can be retried.
      const reshareAfterEnd = async (scopes) => {
        try {
          await reshare(scopes, reshareStatus);
        } catch (e) {
          reshareStatus.textContent =
            'The new keys were not shared: the others with access cannot read records added from now on until they are.';
          app.fail(e, {
            action: 'sharing the new keys with the others who have access',
            retry: () => reshareAfterEnd(scopes),
          });
        }
      };
      // Revoking advances the epochs of the revoked scopes: records added from now on use new
      // keys, which the page then re-shares with everyone who still holds those scopes.
      const revoke = async (btn, status, g) => {
        const r = await sendTx(app, {
          button: btn,
          status,
          contract: 'EhrHub',
          fn: 'revokeAccess',
          args: [g.grantee, ALL_SCOPES],
          action: 'revoking access',
          success: `${nameOf(g.grantee)} can no longer read new records`,
        });
        if (!r) return;
        // The list is drawn again afterwards: what happened to the keys is told in a line that
        // stays (under the list), not in the revoked entry's own line.
        await reshareAfterEnd(g.scopes);
        load();
      };
      // Renewal after an institution's key rotation. When a departed member knew the old key, the
      // contract already withheld the keys (settled): share the new ones. Otherwise (a rotation for
      // members who joined later): revoke (which advances the epochs of its scopes), share the new
      // keys with the others who hold those scopes, then grant the institution again.
      const renew = async (btn, status, g) => {
        if (!g.keysCurrent || (await pendingScopes(provider, s.account)) !== 0) {
          await busy(btn, async () => {
            try {
              const r = await settleHere();
              if (r.scopes === 0) await reshare(0, reshareStatus);
              else
                reshareStatus.textContent = `Keys renewed for ${scopeList(r.scopes).join(', ')}: shared with ${r.shared.map(grantName).join(', ')}${skippedText(r.skipped)}.`;
            } catch (e) {
              reshareStatus.textContent = 'The keys were not renewed completely.';
              app.fail(e, { action: 'renewing the keys' });
            }
          });
          load();
          loadEmergency();
          return;
        }
        const r = await sendTx(app, {
          button: btn,
          status,
          contract: 'EhrHub',
          fn: 'revokeAccess',
          args: [g.grantee, ALL_SCOPES],
          action: 'renewing the keys',
        });
        if (!r) return;
        try {
          await reshare(g.scopes, reshareStatus);
          const api = await ehr();
          const now = await read(provider, 'EhrHub', 'institution', [g.institutionId]);
          const payload = api.records.grants.create(
            keys.chartRoot,
            api.fromHex(hexOf(now[3])),
            g.scopes,
            await epochsOf(provider, s.account),
          );
          reshareStatus.textContent = `Sharing the new keys with ${nameOf(g.grantee)}…`;
          await write(provider, s.account, 'EhrHub', 'grantAccess', [g.grantee, g.scopes, g.expiry, payload]);
          reshareStatus.textContent = `Keys renewed for ${nameOf(g.grantee)}: sealed to its new group key.`;
        } catch (e) {
          reshareStatus.textContent = 'The keys were not renewed completely.';
          app.fail(e, { action: 'renewing the keys' });
        }
        load();
      };
      // Shares the current keys of `advanced` with every grant in force that holds some of them;
      // grantees without a key it is safe to seal to are skipped and named.
      const reshare = async (advanced, status) => {
        status.textContent = 'Finding who else holds these categories…';
        const r = await reshareKeys({
          provider,
          from: s.account,
          patient: s.account,
          chartRoot: keys.chartRoot,
          scopes: advanced,
          nameOf: grantName,
          onStatus: (t) => {
            status.textContent = t;
          },
        });
        status.textContent =
          r.shared.length === 0 && r.skipped.length === 0
            ? 'Nobody else held these categories: no keys to share again.'
            : `New keys shared with everyone who still has access${skippedText(r.skipped)}.`;
      };
      const grantName = (g) =>
        g.tag === GRANTEE_TAG.EMERGENCY ? `${emergencyName(g.institutionId)} (emergencies)` : nameOf(g.grantee);
      const skippedText = (skipped) =>
        skipped.length
          ? `, except ${skipped.map((x) => grantName(x.grant)).join(', ')} (no encryption key they can safely receive yet)`
          : '';
      // Settles what ended without the patient and shares the new keys, telling each step below the list.
      const settleHere = () =>
        settle({
          provider,
          from: s.account,
          patient: s.account,
          chartRoot: keys.chartRoot,
          nameOf: grantName,
          onStatus: (t) => {
            reshareStatus.textContent = t;
          },
        });
      const settleNow = (btn) =>
        busy(btn, async () => {
          try {
            const r = await settleHere();
            reshareStatus.textContent = r.scopes
              ? `New keys for ${scopeList(r.scopes).join(', ')}, shared with everyone who still has access${skippedText(r.skipped)}.`
              : 'Nothing to replace.';
          } catch (e) {
            reshareStatus.textContent = 'The keys were not replaced.';
            app.fail(e, { action: 'replacing the keys', retry: () => settleNow(btn) });
          }
          load();
          loadEmergency();
        });
      let institutionsById = new Map();
      const emergencyName = (id) => institutionsById.get(id)?.name ?? `institution ${id}`;

      const who = h('select', { name: 'grantee' });
      const whoField = field({
        label: 'Who',
        hint: 'Clinicians and institutions listed publicly on the network, and relatives who confirmed a family link (family history only).',
        control: who,
      });
      const scopeBoxes = SCOPES.map(([sid, label]) =>
        h(
          'div',
          { class: 'check' },
          h('input', { type: 'checkbox', id: `scope-${sid}`, name: `scope-${sid}`, value: String(sid) }),
          h('label', { for: `scope-${sid}` }, label),
        ),
      );
      const scopeErr = h('p', { class: 'field-error', id: 'scopes-error', hidden: true });
      const expiry = field({
        label: 'Until (optional)',
        hint: 'Leave empty for no end date. You can revoke at any time.',
        control: h('input', { type: 'date', name: 'expiry' }),
      });
      const status = txStatusLine();
      const submit = button('Give access', null, { type: 'submit' });
      const signInstead = button('Sign a consent code instead (no ETH needed)', null, {
        type: 'submit',
        variant: 'secondary',
        name: 'consent',
      });
      const consentBox = h('div');
      const form = h(
        'form',
        { 'aria-labelledby': 'grant-heading', novalidate: true },
        whoField.wrap,
        h(
          'fieldset',
          { class: 'scopes', 'aria-describedby': 'scopes-error' },
          h('legend', null, 'Which categories'),
          scopeBoxes,
          scopeErr,
        ),
        expiry.wrap,
        h('div', { class: 'actions' }, submit, signInstead),
        status,
        consentBox,
      );
      const save = keepDraft('grant', form);
      form.addEventListener('submit', async (e) => {
        e.preventDefault();
        save();
        const entry = directory[Number(who.value)];
        const mask =
          SCOPES.reduce((m, [sid]) => (form.querySelector(`#scope-${sid}`).checked ? m | (1 << sid) : m), 0) >>> 0;
        whoField.setError(entry ? null : 'Choose who gets access.');
        const FAMILY = 1 << 5;
        const scopeProblem = !mask
          ? 'Choose at least one category.'
          : entry?.type === 'relative' && mask !== FAMILY
            ? 'A relative can receive the Family history category only.'
            : '';
        scopeErr.textContent = scopeProblem;
        scopeErr.hidden = !scopeProblem;
        if (entry && scopeProblem) {
          form.querySelector(mask ? '#scope-5' : '#scope-0').focus();
          return;
        }
        let exp = 0;
        if (expiry.control.value) {
          exp = Math.floor(new Date(`${expiry.control.value}T23:59:59`).getTime() / 1000);
          expiry.setError(exp * 1000 > Date.now() ? null : 'Choose a date in the future.');
          if (exp * 1000 <= Date.now()) return;
        } else {
          expiry.setError(null);
        }
        if (!entry || !mask) {
          (!entry ? who : form.querySelector('#scope-0')).focus();
          return;
        }
        const api = await ehr();
        const epochs = await epochsOf(provider, s.account);
        const payload = api.records.grants.create(keys.chartRoot, api.fromHex(hexOf(entry.publicKey)), mask, epochs);
        if (e.submitter === signInstead) {
          await busy(signInstead, async () => {
            try {
              status.textContent = s.wallet?.kind === 'builtin' ? 'Signing…' : 'Approve the signature in your wallet…';
              const { signConsent } = await import('../records/consent.js');
              const code = await signConsent(provider, {
                patient: s.account,
                grantee: entry.grantee,
                scopes: mask,
                expiry: exp,
                wrappedKeys: payload,
              });
              status.textContent = '';
              const box = h('textarea', {
                id: 'consent-code',
                readOnly: true,
                rows: 6,
                spellcheck: 'false',
                class: 'mono',
              });
              box.value = code;
              const { encodeQr, qrPath } = await import('../qr.js');
              let qr = null;
              try {
                const c = encodeQr(code);
                const n = c.size + 8;
                qr = svg(
                  'svg',
                  {
                    viewBox: `0 0 ${n} ${n}`,
                    width: 280,
                    height: 280,
                    role: 'img',
                    'aria-label': 'QR code of the consent code below',
                    class: 'qr',
                    id: 'consent-qr',
                    'shape-rendering': 'crispEdges',
                  },
                  svg('rect', { width: n, height: n, fill: '#fff' }),
                  svg('path', { d: qrPath(c), fill: '#000' }),
                );
              } catch {
                qr = h('p', { class: 'muted' }, 'This consent is too long for a QR code: copy the text instead.');
              }
              replace(
                consentBox,
                h(
                  'section',
                  { class: 'panel', 'aria-labelledby': 'consent-heading' },
                  h('h3', { id: 'consent-heading', tabIndex: -1 }, `Consent code for ${entry.label}`),
                  h(
                    'p',
                    null,
                    'Show the QR code to the clinician, or give them the text below. They submit it and pay the network fee; it is valid for 7 days and works once.',
                  ),
                  qr,
                  h('label', { for: 'consent-code' }, 'Consent code'),
                  box,
                  h(
                    'div',
                    { class: 'actions' },
                    button(
                      'Copy the code',
                      async () => {
                        try {
                          await navigator.clipboard.writeText(code);
                          notify({ kind: 'success', key: 'copy', title: 'Copied', timeoutMs: 4000 });
                        } catch {
                          box.select();
                          notify({
                            kind: 'info',
                            key: 'copy',
                            title: 'Select and copy the code by hand',
                            message: 'The browser did not allow copying from the page.',
                          });
                        }
                      },
                      { variant: 'secondary' },
                    ),
                  ),
                ),
              );
              consentBox.querySelector('h3').focus();
            } catch (err) {
              status.textContent = '';
              app.fail(err, { action: 'signing the consent', key: 'consent' });
            }
          });
          return;
        }
        const r = await sendTx(app, {
          button: submit,
          status,
          contract: 'EhrHub',
          fn: 'grantAccess',
          args: [entry.grantee, mask, exp, payload],
          action: 'giving access',
          success: `Access given to ${entry.label}`,
        });
        if (r) {
          dropDraft('grant');
          form.reset();
          load();
        }
      });
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
            insts.filter((i) => !i.suspended).map((i) => h('option', { value: String(i.id) }, i.name)),
          );
        },
        () => {},
      );
      emForm.addEventListener('submit', async (e) => {
        e.preventDefault();
        const id = Number(emInst.value);
        const mask =
          SCOPES.reduce((m, [sid]) => (emForm.querySelector(`#em-scope-${sid}`).checked ? m | (1 << sid) : m), 0) >>> 0;
        if (!id || !mask) {
          emStatus.textContent = 'Choose an institution and at least one category.';
          return;
        }
        const api = await ehr();
        const inst = await read(provider, 'EhrHub', 'institution', [id]);
        const groupKey = hexOf(inst[3]);
        // The keys travel sealed to the institution's group key: without one, an authorisation
        // would let its clinicians open emergency access and read nothing (the contract refuses it).
        if (ZERO32.test(groupKey)) {
          emStatus.textContent = `${emergencyName(id)} has not set up its group key yet, so it cannot receive your keys. Ask it to create one, then authorise it.`;
          return;
        }
        const wrapped = api.records.grants.create(
          keys.chartRoot,
          api.fromHex(groupKey),
          mask,
          await epochsOf(provider, s.account),
        );
        const r = await sendTx(app, {
          button: emSubmit,
          status: emStatus,
          contract: 'EhrHub',
          fn: 'setEmergencyInstitution',
          args: [id, mask, wrapped],
          action: 'authorising emergency access',
          success: 'Authorised for emergencies',
        });
        if (r) loadEmergency();
      });

      // Authorisations in force. Withdrawing advances the epochs of those categories (the
      // contract does it), so the page shares the new keys with everyone else who holds them.
      // After the institution rotates its group key, renewing = withdrawing, then authorising
      // again with the new keys sealed to the new group key.
      const emList = h('ul', { class: 'cards', 'aria-labelledby': 'emergency-list-heading' });
      const emListStatus = h('p', { class: 'muted', role: 'status' }, 'Loading…');
      const withdraw = async (btn, status, a) => {
        const r = await sendTx(app, {
          button: btn,
          status,
          contract: 'EhrHub',
          fn: 'setEmergencyInstitution',
          args: [a.id, 0, new Uint8Array(0)],
          action: 'withdrawing the emergency authorisation',
          success: `${a.name} can no longer open emergency access`,
        });
        if (!r) return false;
        await reshareAfterEnd(a.scopes);
        return true;
      };
      const renewEmergency = async (btn, status, a) => {
        if (!(await withdraw(btn, status, a))) return;
        try {
          const api = await ehr();
          const now = await read(provider, 'EhrHub', 'institution', [a.id]);
          const payload = api.records.grants.create(
            keys.chartRoot,
            api.fromHex(hexOf(now[3])),
            a.scopes,
            await epochsOf(provider, s.account),
          );
          reshareStatus.textContent = `Authorising ${a.name} again with the new keys…`;
          await write(provider, s.account, 'EhrHub', 'setEmergencyInstitution', [a.id, a.scopes, payload]);
          reshareStatus.textContent = `Emergency authorisation of ${a.name} renewed: sealed to its new group key.`;
        } catch (e) {
          reshareStatus.textContent = 'The emergency authorisation was withdrawn but not set again.';
          app.fail(e, { action: 'authorising again for emergencies' });
        }
        loadEmergency();
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
          success: `Emergency access ended; ${emergencyName(w.institutionId)} can no longer open emergency access until you authorise it again`,
        });
        if (!r) return;
        await reshareAfterEnd(w.scopes);
        loadEmergency();
      };
      const loadEmergency = async () => {
        try {
          const insts = await listInstitutions(provider);
          institutionsById = new Map(insts.map((i) => [i.id, i]));
          const authorised = (await listGrants(provider, s.account)).filter(
            (g) => g.tag === GRANTEE_TAG.EMERGENCY && g.inForce,
          );
          const items = [];
          for (const g of authorised) {
            const inst = institutionsById.get(g.institutionId) ?? {
              id: g.institutionId,
              name: emergencyName(g.institutionId),
            };
            const [set, rotated] = await Promise.all([
              events(provider, 'EhrHub', await topicsOf('EhrHub', 'EmergencyInstitutionSet', [s.account, inst.id])),
              events(provider, 'EhrHub', await topicsOf('EhrHub', 'GroupKeyPublished', [inst.id])),
            ]);
            const last = (evs) => evs.reduce((m, ev) => Math.max(m, ev.blockNumber * 1e6 + ev.logIndex), -1);
            const a = {
              id: inst.id,
              name: inst.name,
              scopes: g.scopes,
              stale: !g.keysCurrent || last(rotated) > last(set),
            };
            const status = txStatusLine();
            items.push(
              h(
                'li',
                { class: 'panel', dataset: { emergencyInstitution: String(inst.id) } },
                h('h3', null, inst.name),
                h('p', null, `May open in an emergency: ${scopeList(g.scopes).join(', ')}.`),
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
                        'aria-label': `Renew the authorisation of ${inst.name} for emergencies`,
                      })
                    : null,
                  button(
                    'Withdraw',
                    async (e) => {
                      if (await withdraw(e.currentTarget, status, a)) loadEmergency();
                    },
                    { variant: 'danger', 'aria-label': `Withdraw the emergency authorisation of ${inst.name}` },
                  ),
                ),
                status,
              ),
            );
          }
          replace(emList, items);
          emListStatus.textContent = items.length === 0 ? 'No institution is authorised for emergencies.' : '';
          // Windows opened on this chart and still running.
          const opened = await events(
            provider,
            'EhrHub',
            await topicsOf('EhrHub', 'EmergencyAccessOpened', [s.account]),
          );
          const now = [];
          const seen = new Set();
          for (const ev of opened.reverse()) {
            const member = String(ev.args.member);
            if (seen.has(member.toLowerCase())) continue;
            seen.add(member.toLowerCase());
            const st = await read(provider, 'EhrHub', 'emergencyAccess', [s.account, member]);
            if (st[3] !== true) continue;
            const w = {
              member,
              institutionId: Number(st[1]),
              scopes: authorised.find((g) => g.institutionId === Number(st[1]))?.scopes ?? 0,
              until: Number(st[0]),
            };
            const status = txStatusLine();
            now.push(
              h(
                'li',
                { class: 'panel', dataset: { emergencyWindow: member.toLowerCase() } },
                h('h3', null, `${shortAddress(member)} of ${emergencyName(w.institutionId)}`),
                h(
                  'p',
                  null,
                  `Open until ${new Date(w.until * 1000).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })}.`,
                ),
                h(
                  'div',
                  { class: 'actions' },
                  button('End it now', (e) => endWindow(e.currentTarget, status, w), {
                    variant: 'danger',
                    'aria-label': `End it now: the emergency access of ${shortAddress(member)}`,
                  }),
                ),
                status,
              ),
            );
          }
          replace(windowsList, now);
          windowsBox.hidden = now.length === 0;
        } catch (e) {
          emListStatus.textContent = 'The authorisations could not be loaded.';
          app.fail(e, { action: 'loading the emergency authorisations', retry: loadEmergency });
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

      // Key rotation: after signing the key request on another site (or any doubt), move to new keys.
      const rotStatus = txStatusLine();
      const versionText = h('span', { id: 'key-version' }, `Key version ${keys.version}.`);
      const rotate = button(
        'Move to new encryption keys',
        (e) =>
          busy(e.currentTarget, async () => {
            try {
              rotStatus.textContent =
                s.wallet?.kind === 'builtin'
                  ? 'Deriving the new keys…'
                  : 'Approve the two signatures of the new key request in your wallet…';
              await rotateKeys(provider, s.account, (publicKey) =>
                write(provider, s.account, 'EhrHub', 'rotatePatientKey', [publicKey]),
              );
              versionText.textContent = `Key version ${keys.version}.`;
              rotStatus.textContent = 'New keys in use. Sharing them with everyone who has access…';
              await reshare(ALL_SCOPES, rotStatus);
              notify({
                kind: 'success',
                key: 'rotate',
                title: 'New encryption keys',
                message:
                  'Records you add from now on use the new keys. Your older records stay readable to you and to those you share with.',
                timeoutMs: 8000,
              });
            } catch (err) {
              rotStatus.textContent = 'The keys were not changed completely.';
              app.fail(err, { action: 'moving to new encryption keys', key: 'rotate' });
            }
            load();
            loadEmergency();
          }),
        { variant: 'secondary' },
      );

      append(
        body,
        h('h2', { id: 'grants-heading' }, 'Access in force'),
        endedBox,
        listStatus,
        list,
        reshareStatus,
        h(
          'p',
          { class: 'muted' },
          'Revoking stops someone from reading records added from now on. What they already read cannot be taken back.',
        ),
        h('h2', { id: 'grant-heading' }, 'Give access'),
        form,
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
        h('h2', { id: 'rotate-heading' }, 'Your encryption keys'),
        h(
          'p',
          null,
          versionText,
          ' If you ever signed “EncryptionKeyRequest” for EHR anywhere but this page, or think someone may have your keys, move to new keys: records you add from then on use keys nobody else has, older records stay readable to you, and the page shares the new keys with everyone who has access now.',
        ),
        h('div', { class: 'actions' }, rotate),
        rotStatus,
      );
      load();
      loadEmergency();
    },
  });
}
