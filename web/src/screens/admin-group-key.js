// An institution's group key on its administrator's screen: the version in force, the warning
// after a member who knew it was removed, creating a new one and sharing the one in force again
// (the protocol is in ../records/group.js; the state read in ../records/renewal.js).
import { h, button, busy } from '../dom.js';
import { t, translate } from '../i18n.js';
import { notify } from '../notices.js';
import { unlockKeys } from '../records/account-keys.js';
import { groupKeyState } from '../records/renewal.js';
import { getState } from '../state.js';
import { txStatusLine } from '../tx.js';

/**
 * The institution's group key: patients share records and emergency keys with the institution
 * by sealing them to it; members open it with their own key. Rotating (after a member leaves)
 * makes a new key that the removed member never receives; sharing again (after a member joins
 * and publishes a key) seals the key in force to them.
 */
export function groupKeyPanel(app, id) {
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
        status.textContent = translate(
          s.wallet?.kind === 'builtin'
            ? 'Deriving your key…'
            : 'Approve the two signature requests in your wallet (your own encryption key)…',
        );
        const identity = (await unlockKeys(app.wallet.provider(), s.account)).identity;
        const g = await import('../records/group.js');
        const onStage = (st) => {
          status.textContent = translate(
            st === 'publish'
              ? 'Publishing the new group key…'
              : st === 'upload'
                ? 'Uploading the sealed copies for the members…'
                : 'Recording where the members find them…',
          );
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
              ? t('Group key version {version} published', { version: r.version })
              : t('Group key version {version} shared again', { version: r.version }),
          message: [
            r.sealedFor === 1
              ? translate('Sealed to one member.')
              : t('Sealed to {count} members.', { count: r.sealedFor }),
            r.skipped === 1
              ? translate('One member has not published an encryption key yet: share again once they have.')
              : r.skipped
                ? t('{count} members have not published an encryption key yet: share again once they have.', {
                    count: r.skipped,
                  })
                : '',
          ]
            .filter(Boolean)
            .join(' '),
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
    'aria-label': t('Create a new group key for institution {id}', { id: String(id) }),
  });
  const reshare = button('Share the group key with all members', run('reshare'), {
    variant: 'secondary',
    'aria-label': t('Share the group key with all members (institution {id})', { id: String(id) }),
  });
  const show = async () => {
    try {
      const g = await groupKeyState(app.wallet.provider(), id);
      info.textContent =
        g.version === 0
          ? translate(
              'No group key yet: patients cannot share with the institution as a whole, nor authorise it for emergencies.',
            )
          : t('Group key version {version} is in force.', { version: g.version });
      const isExposed = g.exposed;
      reshare.hidden = g.version === 0 || isExposed; // sharing an exposed key again serves nobody
      exposedTitle.textContent = isExposed
        ? t('A member was removed: create a new group key now (version {version} is no longer safe to share with)', {
            version: g.version,
          })
        : '';
      exposed.hidden = !isExposed;
    } catch (e) {
      info.textContent = translate('The group key could not be read.');
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
