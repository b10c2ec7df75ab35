// One institution on its administrator's screen: its members (remove), the invitations pending
// (withdraw), the form that invites a member, and the group key panel (admin-group-key.js).
import { h, append, replace, field, button } from '../dom.js';
import { keepDraft, dropDraft } from '../drafts.js';
import { shortAddress } from '../format.js';
import { sendTx, txStatusLine } from '../tx.js';
import { listInstitutions, listInvitations, listMembers } from '../chain/directory.js';
import { INSTITUTION_KINDS, MEMBER_ROLES } from '../chain/roles.js';
import { select, checkAddress } from './admin-fields.js';
import { groupKeyPanel } from './admin-group-key.js';

/** The section of institution `id` (drawn, then loaded). */
export function institutionSection(app, id) {
  const section = h('section', { 'aria-labelledby': `inst-${id}`, dataset: { institution: String(id) } });
  const heading = h('h2', { id: `inst-${id}` }, `Institution ${id}`);
  const members = h('ul', { class: 'cards', 'aria-label': `Members of institution ${id}` });
  const membersStatus = h('p', { class: 'muted', role: 'status' }, 'Loading members…');
  const invitations = h('ul', { class: 'cards', 'aria-label': `Pending invitations of institution ${id}` });
  const invitationsStatus = h('p', { class: 'muted', role: 'status' }, 'Loading invitations…');
  const groupKey = groupKeyPanel(app, id);
  /** Name, then the institution, as everywhere members are listed. */
  const nameOf = (m) =>
    h(
      'h4',
      null,
      m.displayName || shortAddress(m.address),
      ' ',
      h('span', { class: 'muted' }, `· ${m.institutionName || `Institution ${id}`}`),
    );
  const factsOf = (m) =>
    h(
      'dl',
      { class: 'facts' },
      h('dt', null, 'Role'),
      h('dd', null, MEMBER_ROLES[m.role] ?? `role ${m.role}`),
      h('dt', null, 'Specialty'),
      h('dd', null, m.specialty || '—'),
      h('dt', null, 'Licence'),
      h('dd', null, m.licence || '—'),
      h('dt', null, 'Account'),
      h('dd', null, h('code', null, m.address)),
    );
  const load = async () => {
    try {
      const provider = app.wallet.provider();
      const [insts, list, invited] = await Promise.all([
        listInstitutions(provider),
        listMembers(provider, id),
        listInvitations(provider, id),
      ]);
      const inst = insts.find((i) => i.id === id);
      if (inst)
        heading.textContent = `${inst.name} (${INSTITUTION_KINDS[inst.kind] ?? 'institution'}${inst.suspended ? ', suspended' : ''})`;
      replace(
        members,
        list.map((m) => {
          const status = txStatusLine();
          return h(
            'li',
            { class: 'panel', dataset: { member: m.address } },
            nameOf(m),
            factsOf(m),
            h(
              'div',
              { class: 'actions' },
              button(
                'Remove',
                async (e) => {
                  const r = await sendTx(app, {
                    button: e.currentTarget,
                    status,
                    contract: 'EhrHub',
                    fn: 'removeMember',
                    args: [id, m.address],
                    action: 'removing the member',
                    success: `${m.displayName || 'The member'} removed: grants to them stopped counting`,
                  });
                  if (r) {
                    load();
                    // The removed member knew the group key in force: the panel says to replace it.
                    await groupKey.refresh();
                    groupKey.section.scrollIntoView({ block: 'nearest' });
                  }
                },
                { variant: 'danger', 'aria-label': `Remove ${m.displayName || m.address}` },
              ),
            ),
            status,
          );
        }),
      );
      membersStatus.textContent =
        list.length === 0 ? 'No member yet.' : list.length === 1 ? 'One member.' : `${list.length} members.`;
      replace(
        invitations,
        invited.map((m) => {
          const status = txStatusLine();
          return h(
            'li',
            { class: 'panel', dataset: { invitation: m.address } },
            nameOf(m),
            h(
              'p',
              null,
              h('span', { class: 'badge' }, 'Invited'),
              ' Not a member until they accept from their own account.',
            ),
            factsOf(m),
            h(
              'div',
              { class: 'actions' },
              button(
                'Withdraw invitation',
                async (e) => {
                  const r = await sendTx(app, {
                    button: e.currentTarget,
                    status,
                    contract: 'EhrHub',
                    fn: 'cancelInvitation',
                    args: [m.address],
                    action: 'withdrawing the invitation',
                    success: `Invitation of ${m.displayName || 'the account'} withdrawn`,
                  });
                  if (r) load();
                },
                { variant: 'secondary', 'aria-label': `Withdraw invitation of ${m.displayName || m.address}` },
              ),
            ),
            status,
          );
        }),
      );
      invitationsStatus.textContent =
        invited.length === 0
          ? 'No pending invitation.'
          : invited.length === 1
            ? 'One pending invitation.'
            : `${invited.length} pending invitations.`;
    } catch (e) {
      membersStatus.textContent = 'The members could not be loaded.';
      invitationsStatus.textContent = '';
      app.fail(e, { action: 'loading the members', retry: load });
    }
  };

  const account = field({
    label: 'Account address',
    hint: 'The person’s own account: they accept the invitation from it.',
    control: h('input', {
      type: 'text',
      name: 'account',
      autocomplete: 'off',
      spellcheck: 'false',
      class: 'mono',
    }),
  });
  const role = field({ label: 'Role', control: select('role', MEMBER_ROLES) });
  const displayName = field({
    label: 'Display name',
    hint: 'Public, like the licence and specialty: patients choose clinicians by these.',
    control: h('input', { type: 'text', name: 'displayName' }),
  });
  const licence = field({ label: 'Licence number', control: h('input', { type: 'text', name: 'licence' }) });
  const specialty = field({ label: 'Specialty', control: h('input', { type: 'text', name: 'specialty' }) });
  const status = txStatusLine();
  const submit = button('Invite the member', null, { type: 'submit' });
  const form = h(
    'form',
    { 'aria-label': `Invite a member to institution ${id}`, novalidate: true },
    account.wrap,
    role.wrap,
    displayName.wrap,
    licence.wrap,
    specialty.wrap,
    h('div', { class: 'actions' }, submit),
    status,
  );
  const draftKey = `add-member-${id}`;
  const save = keepDraft(draftKey, form);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    save();
    const addr = await checkAddress(account);
    if (!addr) {
      account.control.focus();
      return;
    }
    const who = displayName.control.value.trim() || shortAddress(addr);
    const r = await sendTx(app, {
      button: submit,
      status,
      contract: 'EhrHub',
      fn: 'addMember',
      args: [
        id,
        addr,
        Number(role.control.value),
        licence.control.value.trim(),
        specialty.control.value.trim(),
        displayName.control.value.trim(),
      ],
      action: 'inviting the member',
      success: `${who} invited: they become a member when they accept from their own account`,
    });
    if (r) {
      dropDraft(draftKey);
      form.reset();
      load();
    }
  });
  append(
    section,
    heading,
    h('h3', null, 'Members'),
    membersStatus,
    members,
    h('h3', null, 'Pending invitations'),
    invitationsStatus,
    invitations,
    h('h3', null, 'Invite a member'),
    h(
      'p',
      null,
      'An invitation makes nobody a member: the person accepts it from their own account, with exactly the details below. Until then you can withdraw it.',
    ),
    form,
    groupKey.section,
  );
  load();
  return section;
}
