// Settings: shared-terminal mode and the idle time before the page locks. Kept in memory only (a
// stored setting on a shared gateway origin could be rewritten by any other site there).
import { h, field, button, append } from '../dom.js';
import { notify } from '../notices.js';
import { deviceWallet } from '../personal-device.js';

export function settingsScreen(app) {
  return {
    title: 'Settings',
    render({ outlet }) {
      const st = app.session.settings;
      const shared = h('input', {
        type: 'checkbox',
        id: 'shared-terminal',
        name: 'shared',
        checked: st.sharedTerminal,
        // A personal device (below) is not a shared terminal: forget it first.
        disabled: Boolean(deviceWallet()),
      });
      const minutes = field({
        label: 'Lock after this many minutes without activity',
        hint: 'From 1 to 1440 minutes. A warning with a button to stay comes shortly before.',
        control: h('input', {
          type: 'number',
          name: 'idle',
          min: 1,
          max: 1440,
          step: 1,
          inputMode: 'numeric',
          value: String(Math.max(1, Math.round(st.idleSeconds / 60))),
          required: true,
        }),
      });
      const form = h(
        'form',
        { 'aria-labelledby': 'settings-heading', novalidate: true },
        h('h2', { id: 'settings-heading' }, 'Shared terminal'),
        h(
          'div',
          { class: 'field check' },
          shared,
          h('label', { for: 'shared-terminal' }, 'Shared-terminal mode: lock as soon as this tab is hidden'),
          h(
            'p',
            { class: 'hint', id: 'shared-hint' },
            'On by default. Turn it off only on a computer that nobody else uses.',
          ),
        ),
        minutes.wrap,
        h('div', { class: 'actions' }, button('Save settings', null, { type: 'submit' })),
      );
      shared.setAttribute('aria-describedby', 'shared-hint');
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        const n = Number(minutes.control.value);
        if (!Number.isInteger(n) || n < 1 || n > 1440) {
          minutes.setError('Enter a whole number of minutes from 1 to 1440.');
          minutes.control.focus();
          return;
        }
        minutes.setError(null);
        app.session.configure({ sharedTerminal: shared.checked, idleSeconds: n * 60 });
        notify({
          kind: 'success',
          key: 'settings',
          title: 'Settings saved for this visit',
          message: 'They are not stored: the next visit starts with the defaults.',
          timeoutMs: 8000,
        });
      });
      append(
        outlet,
        h('h1', null, 'Settings'),
        form,
        h('h2', { id: 'device-heading' }, 'This device'),
        h(
          'p',
          { id: 'device-summary' },
          deviceWallet()
            ? 'Personal device: it keeps your built-in wallet, encrypted, and your drafts.'
            : 'Shared terminal: this device keeps nothing.',
          ' ',
          h(
            'a',
            { href: '#/device', id: 'device-settings-link' },
            deviceWallet() ? 'Manage this device' : 'Make this my personal device, or add it to your chart',
          ),
        ),
        h('h2', null, 'Lock'),
        h(
          'p',
          null,
          'Locking wipes the keys from memory, removes decrypted records and anything you typed from the page, and forgets the connected account.',
        ),
        h(
          'div',
          { class: 'actions' },
          button('Lock now', () => app.session.lock('button'), {
            variant: 'danger',
            disabled: app.session.state !== 'active',
          }),
        ),
        app.session.state !== 'active'
          ? h('p', { class: 'muted' }, 'Nothing to lock yet: the page holds nothing personal.')
          : null,
        h('h2', { id: 'recovery-heading' }, 'Recovery'),
        h(
          'ul',
          { 'aria-labelledby': 'recovery-heading' },
          h('li', null, h('a', { href: '#/chart/recovery' }, 'Name guardians for your chart')),
          h('li', null, h('a', { href: '#/guardian' }, 'Charts you guard: approve a recovery request')),
          h('li', null, h('a', { href: '#/recover' }, 'Recover a chart with a new wallet')),
        ),
      );
    },
  };
}
