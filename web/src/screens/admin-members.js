// One institution on its administrator's screen: its members (remove), the invitations pending
// (withdraw), each list a page at a time with "Load more", the form that invites a member, and
// the group key panel (admin-group-key.js).
import { h, append, field, button } from '../dom.js';
import { keepDraft, dropDraft } from '../drafts.js';
import { shortAddress } from '../format.js';
import { sendTx, txStatusLine } from '../tx.js';
import { institutionInfo, invitationPager, memberPager } from '../chain/directory.js';
import { INSTITUTION_KINDS, MEMBER_ROLES } from '../chain/roles.js';
import { select, checkAddress, pagedCards } from './admin-fields.js';
import { groupKeyPanel } from './admin-group-key.js';

/** The section of institution `id` (drawn, then loaded). */
export function institutionSection(app, id) {
  const section = h('section', { 'aria-labelledby': `inst-${id}`, dataset: { institution: String(id) } });
  const heading = h('h2', { id: `inst-${id}` }, `Institution ${id}`);
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
  /**
   * A person's card: name, `intro`, facts, and one button that sends `tx` to the hub (its status
   * line under it), then runs `after`.
   */
  const personCard = (m, dataset, intro, { label, ariaLabel, variant, tx, after }) => {
    const status = txStatusLine();
    const act = async (e) => {
      const r = await sendTx(app, { button: e.currentTarget, status, contract: 'EhrHub', ...tx });
      if (r) await after();
    };
    return h(
      'li',
      { class: 'panel', dataset },
      nameOf(m),
      intro,
      factsOf(m),
      h('div', { class: 'actions' }, button(label, act, { variant, 'aria-label': ariaLabel })),
      status,
    );
  };
  // Members and invitations a page at a time (EhrLens.accounts, one call per 250), "Load more".
  const members = pagedCards(app, {
    attrs: { 'aria-label': `Members of institution ${id}` },
    open: () => memberPager(app.wallet.provider(), id),
    card: (m) =>
      personCard(m, { member: m.address }, null, {
        label: 'Remove',
        ariaLabel: `Remove ${m.displayName || m.address}`,
        variant: 'danger',
        tx: {
          fn: 'removeMember',
          args: [id, m.address],
          action: 'removing the member',
          success: `${m.displayName || 'The member'} removed: grants to them stopped counting`,
        },
        async after() {
          members.load();
          // The removed member knew the group key in force: the panel says to replace it.
          await groupKey.refresh();
          groupKey.section.scrollIntoView({ block: 'nearest' });
        },
      }),
    words: { none: 'No member yet.', one: 'member', many: 'members' },
    loading: 'Loading members…',
    failed: 'The members could not be loaded.',
    action: 'loading the members',
    moreLabel: `Load more members of institution ${id}`,
  });
  const invitations = pagedCards(app, {
    attrs: { 'aria-label': `Pending invitations of institution ${id}` },
    open: () => invitationPager(app.wallet.provider(), id),
    card: (m) =>
      personCard(
        m,
        { invitation: m.address },
        h(
          'p',
          null,
          h('span', { class: 'badge' }, 'Invited'),
          ' Not a member until they accept from their own account.',
        ),
        {
          label: 'Withdraw invitation',
          ariaLabel: `Withdraw invitation of ${m.displayName || m.address}`,
          variant: 'secondary',
          tx: {
            fn: 'cancelInvitation',
            args: [m.address],
            action: 'withdrawing the invitation',
            success: `Invitation of ${m.displayName || 'the account'} withdrawn`,
          },
          after: () => invitations.load(),
        },
      ),
    words: { none: 'No pending invitation.', one: 'pending invitation', many: 'pending invitations' },
    loading: 'Loading invitations…',
    failed: 'The invitations could not be loaded.',
    action: 'loading the invitations',
    moreLabel: `Load more pending invitations of institution ${id}`,
  });
  const showHeading = async () => {
    try {
      const inst = await institutionInfo(app.wallet.provider(), id);
      heading.textContent = `${inst.name || `Institution ${id}`} (${INSTITUTION_KINDS[inst.kind] ?? 'institution'}${inst.suspended ? ', suspended' : ''})`;
    } catch {
      // the heading keeps the number; the lists below say what failed
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
      invitations.load();
    }
  });
  append(
    section,
    heading,
    h('h3', null, 'Members'),
    members.status,
    members.list,
    members.more,
    h('h3', null, 'Pending invitations'),
    invitations.status,
    invitations.list,
    invitations.more,
    h('h3', null, 'Invite a member'),
    h(
      'p',
      null,
      'An invitation makes nobody a member: the person accepts it from their own account, with exactly the details below. Until then you can withdraw it.',
    ),
    form,
    groupKey.section,
  );
  showHeading();
  members.load();
  invitations.load();
  return section;
}
