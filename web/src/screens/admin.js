// Administration: the platform administrator adds, suspends and reinstates institutions; an
// institution's administrator invites members (they join when they accept from their own account,
// screens/invitation.js), withdraws invitations and removes members. Lists are drawn a page at a
// time with "Load more" (admin-fields.js pagedCards). Everything here is public on chain (names,
// licences, specialties are listing data), and the screens say so before anything is sent.
// Listing data is shown as it is (translate="no"); every sentence is a message of the catalogue.
import { h, append, replace, field, button } from '../dom.js';
import { t } from '../i18n.js';
import { accountGate, gatedScreen } from './gated.js';
import { keepDraft, dropDraft } from '../drafts.js';
import { sendTx, txStatusLine } from '../tx.js';
import { institutionPager } from '../chain/directory.js';
import { INSTITUTION_KINDS } from '../chain/roles.js';
import { select, checkAddress, pagedCards } from './admin-fields.js';
import { institutionSection } from './admin-members.js';

/** A screen that waits for a connection and the roles, then draws `draw(body, state)`. */
function roleScreen(app, { title, allowed, refusal, draw }) {
  return gatedScreen({
    title,
    keyOf: (s) => `${s.account}|${s.chainId}|${JSON.stringify(s.roles)}`,
    gate(s) {
      const instead = accountGate(app, s, 'Connect the account that administers this.');
      if (instead) return instead;
      if (!allowed(s.roles)) return [h('p', null, refusal)];
      return null;
    },
    draw,
  });
}

export function adminScreens(app) {
  const platform = roleScreen(app, {
    title: 'Platform administration',
    allowed: (r) => r.superAdmin,
    refusal: 'Only the platform administrator’s account can add or suspend institutions.',
    draw(body) {
      // The institutions a page at a time (EhrLens.institutions, one call per 250), "Load more".
      const {
        list,
        status: listStatus,
        more,
        load,
      } = pagedCards(app, {
        attrs: { 'aria-labelledby': 'inst-heading' },
        open: () => institutionPager(app.wallet.provider()),
        card: (inst) => {
          const status = txStatusLine();
          const toggle = button(
            inst.suspended ? 'Reinstate' : 'Suspend',
            async (e) => {
              const r = await sendTx(app, {
                button: e.currentTarget,
                status,
                contract: 'EhrHub',
                fn: inst.suspended ? 'unsuspendInstitution' : 'suspendInstitution',
                args: [inst.id],
                action: inst.suspended ? 'reinstating the institution' : 'suspending the institution',
                success: inst.suspended
                  ? t('{name} reinstated', { name: inst.name })
                  : t('{name} suspended: its members lost access', { name: inst.name }),
              });
              if (r) load();
            },
            {
              variant: inst.suspended ? 'secondary' : 'danger',
              'aria-label': inst.suspended
                ? t('Reinstate {name}', { name: inst.name })
                : t('Suspend {name}', { name: inst.name }),
            },
          );
          return h(
            'li',
            { class: 'panel', dataset: { institution: String(inst.id) } },
            h(
              'h3',
              null,
              h('span', { translate: 'no' }, inst.name),
              ' ',
              h(
                'span',
                { class: ['badge', inst.suspended ? 'badge-bad' : 'badge-ok'] },
                inst.suspended ? 'Suspended' : 'Active',
              ),
            ),
            h(
              'dl',
              { class: 'facts' },
              h('dt', null, 'Number'),
              h('dd', null, String(inst.id)),
              h('dt', null, 'Kind'),
              h('dd', null, INSTITUTION_KINDS[inst.kind] ?? t('kind {n}', { n: String(inst.kind) })),
              h('dt', null, 'Jurisdiction'),
              h('dd', null, inst.jurisdiction ? h('span', { translate: 'no' }, inst.jurisdiction) : '—'),
              h('dt', null, 'Administrator'),
              h('dd', null, h('code', null, inst.admin)),
            ),
            h('div', { class: 'actions' }, toggle),
            status,
          );
        },
        words: {
          none: 'No institution yet.',
          one: 'One institution.',
          many: '{count} institutions.',
          shown: '{total} institutions. Showing the first {count}.',
          first: 'Showing the first {count} institutions; more may follow.',
        },
        loading: 'Loading institutions…',
        failed: 'The list could not be loaded.',
        action: 'loading the institutions',
        moreLabel: 'Load more institutions',
      });

      const kind = field({ label: 'Kind', control: select('kind', INSTITUTION_KINDS) });
      const name = field({
        label: 'Name',
        hint: 'Public: it is written on the blockchain for everyone to read.',
        control: h('input', { type: 'text', name: 'name', autocomplete: 'organization' }),
      });
      const jurisdiction = field({
        label: 'Jurisdiction',
        hint: 'For example a country code such as FR or US-CA.',
        control: h('input', { type: 'text', name: 'jurisdiction' }),
      });
      const admin = field({
        label: 'Administrator’s account address',
        control: h('input', { type: 'text', name: 'admin', autocomplete: 'off', spellcheck: 'false', class: 'mono' }),
      });
      const status = txStatusLine();
      const submit = button('Add the institution', null, { type: 'submit' });
      const form = h(
        'form',
        { 'aria-labelledby': 'add-inst-heading', novalidate: true },
        kind.wrap,
        name.wrap,
        jurisdiction.wrap,
        admin.wrap,
        h('div', { class: 'actions' }, submit),
        status,
      );
      const save = keepDraft('add-institution', form);
      form.addEventListener('submit', async (e) => {
        e.preventDefault();
        save();
        name.setError(name.control.value.trim() ? null : 'Enter the institution’s name.');
        const adminAddress = await checkAddress(admin);
        if (!name.control.value.trim() || !adminAddress) {
          (!name.control.value.trim() ? name.control : admin.control).focus();
          return;
        }
        const r = await sendTx(app, {
          button: submit,
          status,
          contract: 'EhrHub',
          fn: 'addInstitution',
          args: [
            Number(kind.control.value),
            name.control.value.trim(),
            jurisdiction.control.value.trim(),
            adminAddress,
          ],
          action: 'adding the institution',
          success: t('{name} added', { name: name.control.value.trim() }),
        });
        if (r) {
          dropDraft('add-institution');
          form.reset();
          load();
          app.refreshRoles();
        }
      });
      replace(
        body,
        h('h2', { id: 'inst-heading' }, 'Institutions'),
        listStatus,
        list,
        more,
        h('h2', { id: 'add-inst-heading' }, 'Add an institution'),
        form,
      );
      load();
    },
  });

  const institution = roleScreen(app, {
    title: 'Institution administration',
    allowed: (r) => r.adminOf.length > 0,
    refusal: 'This account does not administer an institution.',
    draw(body, s) {
      replace(body);
      for (const id of s.roles.adminOf) append(body, institutionSection(app, id));
    },
  });

  return { '/platform': platform, '/institution': institution };
}
