// One institution on its administrator's screen: its members (remove), the invitations pending
// (withdraw), each list a page at a time with "Load more", the form that invites a member, and
// the group key panel (admin-group-key.js). Names, licences and specialties are listing data,
// shown as they are (translate="no"); every sentence is a message of the catalogue.
import { h, append, replace, field, button } from '../dom.js';
import { t, translate } from '../i18n.js';
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
  const number = t('Institution {id}', { id: String(id) });
  const heading = h('h2', { id: `inst-${id}` }, number);
  const groupKey = groupKeyPanel(app, id);
  /** A listing value (name, licence, specialty): data, not language; '—' when empty. */
  const value = (v) => (v ? h('span', { translate: 'no' }, v) : '—');
  /** Name, then the institution, as everywhere members are listed. */
  const nameOf = (m) =>
    h(
      'h4',
      null,
      h('span', { translate: 'no' }, m.displayName || shortAddress(m.address)),
      ' ',
      h('span', { class: 'muted' }, '· ', m.institutionName ? value(m.institutionName) : number),
    );
  const factsOf = (m) =>
    h(
      'dl',
      { class: 'facts' },
      h('dt', null, 'Role'),
      h('dd', null, MEMBER_ROLES[m.role] ?? t('role {n}', { n: String(m.role) })),
      h('dt', null, 'Specialty'),
      h('dd', null, value(m.specialty)),
      h('dt', null, 'Licence'),
      h('dd', null, value(m.licence)),
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
  // Members and invitations a page at a time (EhrLens.roster, one call per 250), "Load more".
  const members = pagedCards(app, {
    attrs: { 'aria-label': t('Members of institution {id}', { id: String(id) }) },
    open: () => memberPager(app.wallet.provider(), id),
    card: (m) =>
      personCard(m, { member: m.address }, null, {
        label: 'Remove',
        ariaLabel: t('Remove {name}', { name: m.displayName || m.address }),
        variant: 'danger',
        tx: {
          fn: 'removeMember',
          args: [id, m.address],
          action: 'removing the member',
          success: m.displayName
            ? t('{name} removed: grants to them stopped counting', { name: m.displayName })
            : 'The member removed: grants to them stopped counting',
        },
        async after() {
          members.load();
          // The removed member knew the group key in force: the panel says to replace it.
          await groupKey.refresh();
          groupKey.section.scrollIntoView({ block: 'nearest' });
        },
      }),
    words: {
      none: 'No member yet.',
      one: 'One member.',
      many: '{count} members.',
      shown: '{total} members. Showing the first {count}.',
      first: 'Showing the first {count} members; more may follow.',
    },
    loading: 'Loading members…',
    failed: 'The members could not be loaded.',
    action: 'loading the members',
    moreLabel: t('Load more members of institution {id}', { id: String(id) }),
  });
  const invitations = pagedCards(app, {
    attrs: { 'aria-label': t('Pending invitations of institution {id}', { id: String(id) }) },
    open: () => invitationPager(app.wallet.provider(), id),
    card: (m) =>
      personCard(
        m,
        { invitation: m.address },
        h(
          'p',
          null,
          h('span', { class: 'badge' }, 'Invited'),
          ' ',
          'Not a member until they accept from their own account.',
        ),
        {
          label: 'Withdraw invitation',
          ariaLabel: t('Withdraw invitation of {name}', { name: m.displayName || m.address }),
          variant: 'secondary',
          tx: {
            fn: 'cancelInvitation',
            args: [m.address],
            action: 'withdrawing the invitation',
            success: m.displayName
              ? t('Invitation of {name} withdrawn', { name: m.displayName })
              : 'Invitation of the account withdrawn',
          },
          after: () => invitations.load(),
        },
      ),
    words: {
      none: 'No pending invitation.',
      one: 'One pending invitation.',
      many: '{count} pending invitations.',
      shown: '{total} pending invitations. Showing the first {count}.',
      first: 'Showing the first {count} pending invitations; more may follow.',
    },
    loading: 'Loading invitations…',
    failed: 'The invitations could not be loaded.',
    action: 'loading the invitations',
    moreLabel: t('Load more pending invitations of institution {id}', { id: String(id) }),
  });
  const showHeading = async () => {
    try {
      const inst = await institutionInfo(app.wallet.provider(), id);
      const kind = translate(INSTITUTION_KINDS[inst.kind] ?? 'institution');
      replace(
        heading,
        inst.name ? h('span', { translate: 'no' }, inst.name) : number,
        ' ',
        inst.suspended ? t('({kind}, suspended)', { kind }) : t('({kind})', { kind }),
      );
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
    { 'aria-label': t('Invite a member to institution {id}', { id: String(id) }), novalidate: true },
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
      success: t('{name} invited: they become a member when they accept from their own account', { name: who }),
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
