// The patient's Access screen: who can read which categories (grants listed by the hub), giving
// access (or a consent code), revoking, renewing after an institution's key rotation, access that
// ended without the patient (settled here), emergency authorisations and open windows, and moving
// to new encryption keys. The protocol itself is in ../records/ (access.js, renewal.js,
// emergency.js, grantees.js); the form and the emergency section in access-grant-form.js and
// access-emergency.js.
import { h, append, replace, button, busy } from '../dom.js';
import { notify } from '../notices.js';
import { shortAddress } from '../format.js';
import { sendTx, txStatusLine } from '../tx.js';
import { GRANTEE_TAG, listGrants, pendingScopes, reshare as reshareKeys, settle } from '../records/access.js';
import { granteeDirectory, relativeGrantees, withGranteeIds } from '../records/grantees.js';
import {
  institutionGrantState,
  renewBySettling,
  rotatePatientKeys,
  sealAgainToInstitution,
  splitGrants,
} from '../records/renewal.js';
import { ALL_SCOPES, scopeList } from '../records/scopes.js';
import { chartScreen } from './patient-frame.js';
import { grantForm } from './access-grant-form.js';
import { emergencySection } from './access-emergency.js';

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
      const ctx = { app, s, keys, provider, reshareStatus };
      const give = grantForm(ctx);
      const em = emergencySection(ctx);
      const loadEmergency = em.load;

      const load = async () => {
        try {
          // Build the new listing completely before it replaces the old one: a revocation or a
          // grant running meanwhile must never see entries without their grantee id.
          const fresh = await granteeDirectory(provider);
          // Confirmed relatives may receive the family-history category (and nothing else).
          const { linksOf, RELATIONS } = await import('./family.js');
          const relatives = await relativeGrantees(
            provider,
            await linksOf(provider, s.account),
            (l) => `Your ${RELATIONS[l.relationOfOther]} ${shortAddress(l.other)} (family history only)`,
          );
          fresh.unshift(...relatives.reverse());
          directory = await withGranteeIds(provider, fresh);
          // The hub lists the patient's grants itself (emergency authorisations have their own list below).
          const { grants, ended } = splitGrants(await listGrants(provider, s.account));
          const pending = await pendingScopes(provider, s.account);
          // A grant to an institution is sealed to its group key; when the institution rotates the
          // key, the keys shared must follow (docs/record-format.md, "Institutions").
          await Promise.all(
            grants.map(async (g) => Object.assign(g, await institutionGrantState(provider, s.account, g))),
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
          give.setDirectory(directory);
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
        if (await renewBySettling(provider, s.account, g)) {
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
          await sealAgainToInstitution({
            provider,
            from: s.account,
            patient: s.account,
            chartRoot: keys.chartRoot,
            grant: g,
            onStage: () => {
              reshareStatus.textContent = `Sharing the new keys with ${nameOf(g.grantee)}…`;
            },
          });
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
        g.tag === GRANTEE_TAG.EMERGENCY ? `${em.nameOf(g.institutionId)} (emergencies)` : nameOf(g.grantee);
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
      Object.assign(ctx, { load, reshareAfterEnd });

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
              await rotatePatientKeys(provider, s.account);
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
        give.form,
        em.nodes,
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
