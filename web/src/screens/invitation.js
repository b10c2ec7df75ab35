// The invited account's side of joining an institution: an institution administrator's invitation
// (addMember) makes nobody a member; the account itself accepts (acceptMembership, repeating what
// it was invited as, read from the latest MemberInvited event) or declines (cancelInvitation).
// Until then the account is not a member and no patient can share with it as one.
import { h, replace, button } from '../dom.js';
import { t, translate } from '../i18n.js';
import { sendTx, txStatusLine } from '../tx.js';
import { accountGate, gatedScreen } from './gated.js';
import { invitationOf, institutionName } from '../chain/directory.js';
import { INSTITUTION_KINDS, MEMBER_ROLES } from '../chain/roles.js';

const roleName = (r) => (Object.hasOwn(MEMBER_ROLES, r) ? translate(MEMBER_ROLES[r]) : t('role {n}', { n: String(r) }));
/** A listing value (display name, licence, specialty): data, not language; '—' when empty. */
const value = (v) => (v ? h('span', { translate: 'no' }, v) : '—');

/** The invitation card: who invites, as what, what accepting means, Accept and Decline. */
function invitationCard(app, s, inv, { onDone }) {
  const inst = inv.institutionName || t('Institution {id}', { id: String(inv.institutionId) });
  const status = txStatusLine();
  const accept = button(
    'Accept the invitation',
    async (e) => {
      const r = await sendTx(app, {
        button: e.currentTarget,
        status,
        contract: 'EhrHub',
        fn: 'acceptMembership',
        args: [inv.institutionId, inv.role, inv.licence, inv.specialty, inv.displayName],
        action: 'accepting the invitation',
        success: t('You are now a member of {institution}', { institution: inst }),
      });
      if (r) onDone();
    },
    { 'aria-label': t('Accept the invitation of {institution}', { institution: inst }) },
  );
  const decline = button(
    'Decline',
    async (e) => {
      const r = await sendTx(app, {
        button: e.currentTarget,
        status,
        contract: 'EhrHub',
        fn: 'cancelInvitation',
        args: [s.account],
        action: 'declining the invitation',
        success: t('Invitation of {institution} declined', { institution: inst }),
      });
      if (r) onDone();
    },
    { variant: 'secondary', 'aria-label': t('Decline the invitation of {institution}', { institution: inst }) },
  );
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'invitation-heading', dataset: { invitation: String(inv.institutionId) } },
    h('h2', { id: 'invitation-heading' }, t('{institution} invites you to join as a member', { institution: inst })),
    h(
      'dl',
      { class: 'facts' },
      h('dt', null, 'Institution'),
      h(
        'dd',
        null,
        h('span', { translate: 'no' }, inst),
        ' ',
        t('({kind}, number {id})', {
          kind: translate(INSTITUTION_KINDS[inv.kind] ?? 'institution'),
          id: String(inv.institutionId),
        }),
      ),
      h('dt', null, 'Role'),
      h('dd', null, roleName(inv.role)),
      h('dt', null, 'Display name'),
      h('dd', null, value(inv.displayName)),
      h('dt', null, 'Licence'),
      h('dd', null, value(inv.licence)),
      h('dt', null, 'Specialty'),
      h('dd', null, value(inv.specialty)),
      h('dt', null, 'Account'),
      h('dd', null, h('code', null, s.account)),
    ),
    inv.suspended
      ? h(
          'p',
          { class: 'field-error' },
          t(
            '{institution} is suspended: the invitation can be accepted once the platform administrator reinstates it.',
            { institution: inst },
          ),
        )
      : null,
    h(
      'p',
      null,
      'Accepting makes this account a member with exactly the details above. They are public: anyone can read them on the blockchain, and patients choose clinicians by them. Patients can then share records with you, and the institution’s administrator can share its group key with you once you publish your encryption key.',
    ),
    h(
      'p',
      null,
      'If a detail is wrong, decline and ask the administrator to invite you again. Nothing changes until you accept.',
    ),
    h('div', { class: 'actions' }, accept, decline),
    status,
  );
}

export function invitationScreens(app) {
  let draws = 0;
  const screen = gatedScreen({
    title: 'Your invitation',
    keyOf: (s) => `${s.account}|${s.chainId}|${JSON.stringify(s.roles)}`,
    gate: (s) => accountGate(app, s, 'Connect the account that was invited.'),
    draw(body, s) {
      const provider = app.wallet.provider();
      const mine = ++draws;
      const show = (...nodes) => {
        if (mine === draws) replace(body, ...nodes); // a newer draw (roles changed) wins
      };
      const load = async () => {
        show(h('p', { class: 'muted', role: 'status' }, 'Reading your invitation…'));
        try {
          // The chain, not the roles read at connection, says whether an invitation is pending (it
          // may have been withdrawn or sent since): when they differ, the roles are read again.
          const inv = await invitationOf(provider, s.account);
          if (mine !== draws) return;
          if (Boolean(inv) !== Boolean(s.roles.invitation)) app.refreshRoles();
          if (inv) {
            show(invitationCard(app, s, inv, { onDone: () => app.refreshRoles() }));
            return;
          }
          if (s.roles.member) {
            const name =
              (await institutionName(provider, s.roles.member.institutionId)) ||
              t('institution {id}', { id: String(s.roles.member.institutionId) });
            show(
              h(
                'p',
                { role: 'status' },
                t('This account is a member of {institution} ({role}).', {
                  institution: name,
                  role: roleName(s.roles.member.role),
                }),
              ),
              app.features.records
                ? h('div', { class: 'actions' }, h('a', { class: 'button', href: '#/patients' }, 'Open your patients'))
                : null,
            );
            return;
          }
          show(h('p', { role: 'status' }, 'This account has no pending invitation to join an institution.'));
        } catch (e) {
          show(h('p', { role: 'status' }, 'The invitation could not be read.'));
          if (mine === draws) app.fail(e, { action: 'reading your invitation', retry: load, key: 'invitation-read' });
        }
      };
      load();
    },
  });
  return { '/invitation': screen };
}
