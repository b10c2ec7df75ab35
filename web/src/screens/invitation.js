// The invited account's side of joining an institution: an institution administrator's invitation
// (addMember) makes nobody a member; the account itself accepts (acceptMembership, repeating what
// it was invited as, read from the latest MemberInvited event) or declines (cancelInvitation).
// Until then the account is not a member and no patient can share with it as one.
import { h, replace, button } from '../dom.js';
import { sendTx, txStatusLine } from '../tx.js';
import { accountGate, gatedScreen } from './gated.js';
import { invitationOf, institutionName } from '../chain/directory.js';
import { INSTITUTION_KINDS, MEMBER_ROLES } from '../chain/roles.js';

const roleName = (r) => MEMBER_ROLES[r] ?? `role ${r}`;

/** The invitation card: who invites, as what, what accepting means, Accept and Decline. */
function invitationCard(app, s, inv, { onDone }) {
  const inst = inv.institutionName || `Institution ${inv.institutionId}`;
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
        success: `You are now a member of ${inst}`,
      });
      if (r) onDone();
    },
    { 'aria-label': `Accept the invitation of ${inst}` },
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
        success: `Invitation of ${inst} declined`,
      });
      if (r) onDone();
    },
    { variant: 'secondary', 'aria-label': `Decline the invitation of ${inst}` },
  );
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'invitation-heading', dataset: { invitation: String(inv.institutionId) } },
    h('h2', { id: 'invitation-heading' }, `${inst} invites you to join as a member`),
    h(
      'dl',
      { class: 'facts' },
      h('dt', null, 'Institution'),
      h('dd', null, `${inst} (${INSTITUTION_KINDS[inv.kind] ?? 'institution'}, number ${inv.institutionId})`),
      h('dt', null, 'Role'),
      h('dd', null, roleName(inv.role)),
      h('dt', null, 'Display name'),
      h('dd', null, inv.displayName || '—'),
      h('dt', null, 'Licence'),
      h('dd', null, inv.licence || '—'),
      h('dt', null, 'Specialty'),
      h('dd', null, inv.specialty || '—'),
      h('dt', null, 'Account'),
      h('dd', null, h('code', null, s.account)),
    ),
    inv.suspended
      ? h(
          'p',
          { class: 'field-error' },
          `${inst} is suspended: the invitation can be accepted once the platform administrator reinstates it.`,
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
              `institution ${s.roles.member.institutionId}`;
            show(
              h('p', { role: 'status' }, `This account is a member of ${name} (${roleName(s.roles.member.role)}).`),
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
