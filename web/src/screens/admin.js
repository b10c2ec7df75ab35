// Administration: the platform administrator adds, suspends and reinstates institutions; an
// institution's administrator invites members (they join when they accept from their own account,
// screens/invitation.js), withdraws invitations and removes members. Everything here is public on
// chain (names, licences, specialties are listing data), and the screens say so before anything
// is sent.
import { h, append, replace, field, button, busy } from '../dom.js';
import { notify } from '../notices.js';
import { unlockKeys } from '../records/account-keys.js';
import { getState } from '../state.js';
import { accountGate, gatedScreen } from './gated.js';
import { keepDraft, dropDraft } from '../drafts.js';
import { shortAddress } from '../format.js';
import { ehr } from '../module.js';
import { sendTx, txStatusLine } from '../tx.js';
import { read } from '../chain/contracts.js';
import { listInstitutions, listInvitations, listMembers } from '../chain/directory.js';
import { INSTITUTION_KINDS, MEMBER_ROLES } from '../chain/roles.js';

const select = (name, options) =>
  h(
    'select',
    { name },
    Object.entries(options).map(([v, label]) => h('option', { value: v }, label)),
  );

/** Checks an address field with the module (EIP-55 when mixed case); sets the field's error. */
async function checkAddress(f) {
  const text = f.control.value.trim();
  const api = await ehr();
  const ok = api.address.isValid(text);
  f.setError(
    ok
      ? null
      : 'Enter an account address: 0x followed by 40 hexadecimal digits (check the capital letters if you pasted a checksummed address).',
  );
  return ok ? api.address.toChecksum(text) : null;
}

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

/**
 * The institution's group key: patients share records and emergency keys with the institution
 * by sealing them to it; members open it with their own key. Rotating (after a member leaves)
 * makes a new key that the removed member never receives; sharing again (after a member joins
 * and publishes a key) seals the key in force to them.
 */
function groupKeyPanel(app, id) {
  const info = h('p', { class: 'muted', role: 'status' }, 'Reading the group key…');
  // After a member leaves, the key in force is exposed (exposedKeyVersion): the contract seals
  // nothing more to it, so the admin is told to create a new one, the button right below.
  const exposedTitle = h('p', { class: 'notice-title' });
  const exposed = h(
    'div',
    { class: ['notice', 'notice-warning'], id: `group-${id}-exposed`, hidden: true },
    exposedTitle,
    h(
      'p',
      null,
      'The removed member knew the current group key: until you create a new one, records shared with the institution cannot be sealed to it.',
    ),
  );
  const status = txStatusLine();
  const run = (kind) => async (e) => {
    const btn = e.currentTarget;
    await busy(btn, async () => {
      const s = getState();
      try {
        app.session.activate();
        status.textContent =
          s.wallet?.kind === 'builtin'
            ? 'Deriving your key…'
            : 'Approve the two signature requests in your wallet (your own encryption key)…';
        const identity = (await unlockKeys(app.wallet.provider(), s.account)).identity;
        const g = await import('../records/group.js');
        const onStage = (st) => {
          status.textContent =
            st === 'publish'
              ? 'Publishing the new group key…'
              : st === 'upload'
                ? 'Uploading the sealed copies for the members…'
                : 'Recording where the members find them…';
        };
        const r = await (kind === 'rotate' ? g.rotateGroupKey : g.reshareGroupKey)({
          provider: app.wallet.provider(),
          from: s.account,
          institutionId: id,
          identity,
          onStage,
        });
        status.textContent = '';
        notify({
          kind: 'success',
          key: `group-${id}`,
          title:
            kind === 'rotate'
              ? `Group key version ${r.version} published`
              : `Group key version ${r.version} shared again`,
          message: `Sealed to ${r.sealedFor} member${r.sealedFor === 1 ? '' : 's'}${r.skipped ? `; ${r.skipped} member${r.skipped === 1 ? ' has' : 's have'} not published an encryption key yet (share again once they have)` : ''}.`,
        });
        show();
      } catch (err) {
        status.textContent = '';
        if (err?.code === 'ERR_NO_RECIPIENT') {
          notify({
            kind: 'error',
            key: `group-${id}`,
            title: 'This account holds no copy of the group key in force',
            message: 'It was created by another account, or before this page sealed a copy to its administrator.',
            advice:
              'Create a new group key instead: every member with a published key receives it, and patients are asked to renew what they shared.',
          });
        } else {
          app.fail(err, {
            action: kind === 'rotate' ? 'rotating the group key' : 'sharing the group key',
            key: `group-${id}`,
          });
        }
      }
    });
  };
  const rotate = button('Create a new group key', run('rotate'), {
    'aria-label': `Create a new group key for institution ${id}`,
  });
  const reshare = button('Share the group key with all members', run('reshare'), {
    variant: 'secondary',
    'aria-label': `Share the group key with all members (institution ${id})`,
  });
  const show = async () => {
    try {
      const { groupKeyOf } = await import('../records/group.js');
      const provider = app.wallet.provider();
      const [g, ex] = await Promise.all([
        groupKeyOf(provider, id),
        read(provider, 'EhrHub', 'exposedKeyVersion', [id]),
      ]);
      info.textContent =
        g.version === 0
          ? 'No group key yet: patients cannot share with the institution as a whole, nor authorise it for emergencies.'
          : `Group key version ${g.version} is in force.`;
      const isExposed = g.version > 0 && Number(ex[0]) >= g.version;
      reshare.hidden = g.version === 0 || isExposed; // sharing an exposed key again serves nobody
      exposedTitle.textContent = isExposed
        ? `A member was removed: create a new group key now (version ${g.version} is no longer safe to share with)`
        : '';
      exposed.hidden = !isExposed;
    } catch (e) {
      info.textContent = 'The group key could not be read.';
    }
  };
  show();
  const section = h(
    'section',
    { 'aria-labelledby': `group-${id}-heading` },
    h('h3', { id: `group-${id}-heading` }, 'Group key'),
    info,
    h(
      'p',
      null,
      'After a member leaves, create a new group key: records shared from then on use keys the former member cannot open. After a member joins and publishes an encryption key, share the key in force with them. Your wallet signs for your own encryption key first.',
    ),
    exposed,
    h('div', { class: 'actions' }, rotate, reshare),
    status,
  );
  return { section, refresh: show, rotate };
}

export function adminScreens(app) {
  const platform = roleScreen(app, {
    title: 'Platform administration',
    allowed: (r) => r.superAdmin,
    refusal: 'Only the platform administrator’s account can add or suspend institutions.',
    draw(body) {
      const list = h('ul', { class: 'cards', 'aria-labelledby': 'inst-heading' });
      const listStatus = h('p', { class: 'muted', role: 'status' }, 'Loading institutions…');
      const load = async () => {
        try {
          const all = await listInstitutions(app.wallet.provider());
          replace(
            list,
            all.map((inst) => {
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
                      ? `${inst.name} reinstated`
                      : `${inst.name} suspended: its members lost access`,
                  });
                  if (r) load();
                },
                {
                  variant: inst.suspended ? 'secondary' : 'danger',
                  'aria-label': `${inst.suspended ? 'Reinstate' : 'Suspend'} ${inst.name}`,
                },
              );
              return h(
                'li',
                { class: 'panel', dataset: { institution: String(inst.id) } },
                h(
                  'h3',
                  null,
                  inst.name,
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
                  h('dd', null, INSTITUTION_KINDS[inst.kind] ?? `kind ${inst.kind}`),
                  h('dt', null, 'Jurisdiction'),
                  h('dd', null, inst.jurisdiction || '—'),
                  h('dt', null, 'Administrator'),
                  h('dd', null, h('code', null, inst.admin)),
                ),
                h('div', { class: 'actions' }, toggle),
                status,
              );
            }),
          );
          listStatus.textContent =
            all.length === 0
              ? 'No institution yet.'
              : all.length === 1
                ? 'One institution.'
                : `${all.length} institutions.`;
        } catch (e) {
          listStatus.textContent = 'The list could not be loaded.';
          app.fail(e, { action: 'loading the institutions', retry: load });
        }
      };

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
          success: `${name.control.value.trim()} added`,
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
      for (const id of s.roles.adminOf) {
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
        append(body, section);
        load();
      }
    },
  });

  return { '/platform': platform, '/institution': institution };
}
