// The patient's Access screen: who can read which categories (grants listed by the hub), giving
// access (or a consent code), revoking, renewing after an institution's key rotation, access that
// ended without the patient (settled here), emergency authorisations and open windows, and moving
// to new encryption keys. The protocol itself is in ../records/ (access.js, renewal.js,
// emergency.js, grantees.js); the form and the emergency section in access-grant-form.js and
// access-emergency.js.
import { h, append, replace, button, busy } from '../dom.js';
import { t, translate } from '../i18n.js';
import { notify } from '../notices.js';
import { formatDate, shortAddress } from '../format.js';
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
import {
  accessStatus,
  addressDetails,
  granteeLabel,
  granteeLabelNodes,
  granteeNode,
  namesFor,
  tNodes,
} from './chart-common.js';

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
      let names = null;
      // A grantee as the directory lists it, else by the registry's name (a clinician who left, an
      // institution that is suspended), else by its address.
      // Names are in the reader's language (chart-common.js granteeLabel): as text, and as nodes
      // (headings) with the names marked as data.
      const entryOf = (g) => directory.find((d) => d.grantee === g);
      const nameOf = (g) => {
        const d = entryOf(g);
        return d ? granteeLabel(names, d) : (names?.grantee(g) ?? shortAddress(g));
      };
      const nameNodesOf = (g) => {
        const d = entryOf(g);
        return d ? granteeLabelNodes(names, d) : granteeNode(names, g);
      };
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
          const links = await linksOf(provider, s.account);
          const relation = (l) => translate(RELATIONS[l.relationOfOther] ?? 'relative');
          const relatives = await relativeGrantees(provider, links, (l) =>
            t('Your {relation} {name} (family history only)', { relation: relation(l), name: shortAddress(l.other) }),
          );
          for (const d of relatives) {
            const l = links.find((x) => x.other === d.id);
            if (l)
              d.nodes = () =>
                tNodes('Your {relation} {name} (family history only)', {
                  relation: relation(l),
                  name: h('span', { translate: 'no' }, shortAddress(l.other)),
                });
          }
          fresh.unshift(...relatives.reverse());
          directory = await withGranteeIds(provider, fresh);
          // The hub lists the patient's grants itself (emergency authorisations have their own list below).
          const { grants, ended } = splitGrants(await listGrants(provider, s.account));
          // The grantees by their registry names (a clinician who left, an institution suspended).
          names = await namesFor(app, { grantees: [...grants, ...ended].map((g) => g.grantee) });
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
                    ended.length === 1
                      ? translate(
                          "Access ended without you for one person or institution (an end date passed, a clinician left their institution, an institution was suspended, a family link ended, or an institution's key was known to someone who left). Records you add are already sealed so that they cannot read them.",
                        )
                      : ended.length
                        ? t(
                            "Access ended without you for {count} people or institutions (an end date passed, a clinician left their institution, an institution was suspended, a family link ended, or an institution's key was known to someone who left). Records you add are already sealed so that they cannot read them.",
                            { count: ended.length },
                          )
                        : translate(
                            "Access ended without you for some people or institutions (an end date passed, a clinician left their institution, an institution was suspended, a family link ended, or an institution's key was known to someone who left). Records you add are already sealed so that they cannot read them.",
                          ),
                  ),
                  h(
                    'p',
                    null,
                    t(
                      'Replace the keys of {categories} now, so that clinicians writing to your chart use the new keys too.',
                      { categories: scopeList(pending).map(translate).join(', ') },
                    ),
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
              const account = names.granteeAccount(g.grantee);
              return h(
                'li',
                { class: 'panel', dataset: { grantee: g.grantee } },
                h('h3', null, nameNodesOf(g.grantee)),
                account ? addressDetails([[names.account(account), account]]) : null,
                h(
                  'p',
                  null,
                  t('Can read: {categories}.', { categories: scopeList(g.scopes).map(translate).join(', ') }),
                ),
                h(
                  'p',
                  { class: 'muted' },
                  g.expiry
                    ? tNodes('Until {date}.', {
                        date: h(
                          'span',
                          { translate: 'no' },
                          formatDate(g.expiry, { dateStyle: 'long', timeStyle: null }),
                        ),
                      })
                    : 'No end date.',
                ),
                note,
                h(
                  'div',
                  { class: 'actions' },
                  (!g.keysCurrent || g.staleKey) && !g.waitingForKey
                    ? button('Renew the keys', (e) => renew(e.currentTarget, status, g), {
                        'aria-label': t('Renew the keys shared with {name}', { name: nameOf(g.grantee) }),
                      })
                    : null,
                  button('Revoke', (e) => revoke(e.currentTarget, status, g), {
                    variant: 'danger',
                    'aria-label': t('Revoke access of {name}', { name: nameOf(g.grantee) }),
                  }),
                ),
                status,
              );
            }),
          );
          listStatus.textContent =
            grants.length === 0
              ? translate('Nobody else can read your records.')
              : grants.length === 1
                ? translate('One person or institution has access.')
                : t('{count} people or institutions have access.', { count: grants.length });
          give.setDirectory(directory, names);
        } catch (e) {
          listStatus.textContent = translate('The list could not be loaded.');
          app.fail(e, { action: 'loading who has access', retry: load });
        }
      };

      // After an end of access the patient caused (the contract advanced those epochs), the new
      // keys go to everyone who still holds those scopes; a failure is said and can be retried.
      const reshareAfterEnd = async (scopes) => {
        try {
          await reshare(scopes, reshareStatus);
        } catch (e) {
          reshareStatus.textContent = translate(
            'The new keys were not shared: the others with access cannot read records added from now on until they are.',
          );
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
          success: t('{name} can no longer read new records', { name: nameOf(g.grantee) }),
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
                reshareStatus.textContent = withSkipped(
                  'Keys renewed for {categories}: shared with {names}.',
                  'Keys renewed for {categories}: shared with {names}, except {skipped} (no encryption key they can safely receive yet).',
                  { categories: categoriesOf(r.scopes), names: r.shared.map(grantName).join(', ') },
                  r.skipped,
                );
            } catch (e) {
              reshareStatus.textContent = translate('The keys were not renewed completely.');
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
              reshareStatus.textContent = t('Sharing the new keys with {name}…', { name: nameOf(g.grantee) });
            },
          });
          reshareStatus.textContent = t('Keys renewed for {name}: sealed to its new group key.', {
            name: nameOf(g.grantee),
          });
        } catch (e) {
          reshareStatus.textContent = translate('The keys were not renewed completely.');
          app.fail(e, { action: 'renewing the keys' });
        }
        load();
      };
      // Shares the current keys of `advanced` with every grant in force that holds some of them;
      // grantees without a key it is safe to seal to are skipped and named.
      const reshare = async (advanced, status) => {
        status.textContent = translate('Finding who else holds these categories…');
        const r = await reshareKeys({
          provider,
          from: s.account,
          patient: s.account,
          chartRoot: keys.chartRoot,
          scopes: advanced,
          nameOf: grantName,
          onStatus: (text) => {
            status.textContent = accessStatus(text);
          },
        });
        status.textContent =
          r.shared.length === 0 && r.skipped.length === 0
            ? translate('Nobody else held these categories: no keys to share again.')
            : withSkipped(
                'New keys shared with everyone who still has access.',
                'New keys shared with everyone who still has access, except {skipped} (no encryption key they can safely receive yet).',
                {},
                r.skipped,
              );
      };
      const grantName = (g) =>
        g.tag === GRANTEE_TAG.EMERGENCY
          ? t('{institution} (emergencies)', { institution: em.nameOf(g.institutionId) })
          : nameOf(g.grantee);
      const categoriesOf = (mask) => scopeList(mask).map(translate).join(', ');
      /** The sentence `base`, or `except` naming those skipped (no key it is safe to seal to). */
      const withSkipped = (base, except, params, skipped) =>
        skipped.length
          ? t(except, { ...params, skipped: skipped.map((x) => grantName(x.grant)).join(', ') })
          : t(base, params);
      // Settles what ended without the patient and shares the new keys, telling each step below the list.
      const settleHere = () =>
        settle({
          provider,
          from: s.account,
          patient: s.account,
          chartRoot: keys.chartRoot,
          nameOf: grantName,
          onStatus: (text) => {
            reshareStatus.textContent = accessStatus(text);
          },
        });
      const settleNow = (btn) =>
        busy(btn, async () => {
          try {
            const r = await settleHere();
            reshareStatus.textContent = r.scopes
              ? withSkipped(
                  'New keys for {categories}, shared with everyone who still has access.',
                  'New keys for {categories}, shared with everyone who still has access, except {skipped} (no encryption key they can safely receive yet).',
                  { categories: categoriesOf(r.scopes) },
                  r.skipped,
                )
              : translate('Nothing to replace.');
          } catch (e) {
            reshareStatus.textContent = translate('The keys were not replaced.');
            app.fail(e, { action: 'replacing the keys', retry: () => settleNow(btn) });
          }
          load();
          loadEmergency();
        });
      Object.assign(ctx, { load, reshareAfterEnd });

      // Key rotation: after signing the key request on another site (or any doubt), move to new keys.
      const rotStatus = txStatusLine();
      const versionText = h('span', { id: 'key-version' }, t('Key version {version}.', { version: keys.version }));
      const rotate = button(
        'Move to new encryption keys',
        (e) =>
          busy(e.currentTarget, async () => {
            try {
              rotStatus.textContent = translate(
                s.wallet?.kind === 'builtin'
                  ? 'Deriving the new keys…'
                  : 'Approve the two signatures of the new key request in your wallet…',
              );
              await rotatePatientKeys(provider, s.account);
              versionText.textContent = t('Key version {version}.', { version: keys.version });
              rotStatus.textContent = translate('New keys in use. Sharing them with everyone who has access…');
              await reshare(ALL_SCOPES, rotStatus);
              notify({
                kind: 'success',
                key: 'rotate',
                title: 'New encryption keys',
                message:
                  'Records you add from now on use the new keys. Your older records stay readable to you and to those you share with.',
                timeoutMs: 8000,
              });
              // Guardians named before hold the older keys only: a recovery would miss the new ones.
              const stale = await import('../chain/recovery.js')
                .then((m) => m.kitOutOfDate(provider, s.account))
                .catch(() => false);
              if (stale)
                notify({
                  kind: 'warning',
                  key: 'renew-kit',
                  title: 'Give your guardians new shares',
                  message: 'They hold your older keys only: a recovery would not bring back the new ones.',
                  actions: [{ label: 'Open Recovery', run: () => app.router.go('/chart/recovery') }],
                });
            } catch (err) {
              rotStatus.textContent = translate('The keys were not changed completely.');
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
          ' ',
          'If you ever signed “EncryptionKeyRequest” for EHR anywhere but this page, or think someone may have your keys, move to new keys: records you add from then on use keys nobody else has, older records stay readable to you, and the page shares the new keys with everyone who has access now.',
        ),
        h('div', { class: 'actions' }, rotate),
        rotStatus,
      );
      load();
      loadEmergency();
    },
  });
}
