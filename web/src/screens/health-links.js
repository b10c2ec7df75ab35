// SMART Health Links made by the patient, without a server: pick records (or a patient summary),
// the page encrypts them under a fresh key, stores the encrypted file on IPFS and shows the
// `shlink:/` link and its QR code. The list of links made here, and withdrawing one.
import { h, append, replace, field, button, busy } from '../dom.js';
import { formatDate } from '../format.js';
import { intlLocale, t, translate } from '../i18n.js';
import { notify } from '../notices.js';
import { qrImage } from '../qr-image.js';
import {
  chartResources,
  collectionBundle,
  describeResource,
  dateOf,
  ipsDocument,
  patientResource,
} from '../records/export.js';
import { createLink, listLinks, withdrawLink, forgetLink } from '../records/shl-store.js';

/** What a record says, or a label the patient typed: shown as is, never translated. */
const data = (text) => h('span', { translate: 'no' }, document.createTextNode(String(text)));

/**
 * This page's address for the link to open in: without the hash, and without the language it was
 * opened in (?lang=), so that whoever opens the link reads it in their own.
 */
function viewerUrl() {
  const u = new URL(window.location.href);
  u.hash = '';
  u.searchParams.delete('lang');
  return u.href;
}

/** A moment (Unix seconds) in the reader's locale. */
const when = (sec) => formatDate(sec, { locale: intlLocale(), dateStyle: 'medium', timeStyle: 'short' });

/**
 * The links panel of the patient's chart.
 * @param {any} app
 * @param {{ account: string, keysFor: (header: any) => any }} o
 */
export function linksPanel(app, o) {
  const status = h('p', { class: 'muted', role: 'status' }, 'Decrypting your records to choose from…');
  const picks = h('fieldset', { id: 'shl-picks', hidden: true }, h('legend', null, 'Records to share'));
  const whatIps = h('input', { type: 'radio', name: 'what', id: 'shl-what-ips', value: 'ips', checked: true });
  const whatPick = h('input', { type: 'radio', name: 'what', id: 'shl-what-pick', value: 'pick' });
  const label = field({
    label: 'Label (shown to whoever opens the link)',
    hint: 'At most 80 characters, for example “Summary for Dr Martin”.',
    control: h('input', { type: 'text', name: 'label', maxLength: 80 }),
  });
  const days = field({
    label: 'Expires',
    control: h(
      'select',
      { name: 'days' },
      [
        ['1', 'In 1 day'],
        ['7', 'In 7 days'],
        ['30', 'In 30 days'],
        ['365', 'In a year'],
        ['', 'Never'],
      ].map(([v, l]) => h('option', { value: v }, l)),
    ),
  });
  days.control.value = '7';
  const name = field({
    label: 'Your name in the shared file (optional)',
    control: h('input', { type: 'text', name: 'name', autocomplete: 'name' }),
  });
  const make = button('Make the link', null, { type: 'submit' });
  const result = h('div');
  const list = h('ul', { class: 'cards', id: 'shl-list', 'aria-labelledby': 'shl-list-heading' });
  const form = h(
    'form',
    { 'aria-labelledby': 'shl-make-heading', novalidate: true },
    h('h2', { id: 'shl-make-heading' }, 'Share with a SMART Health Link'),
    h(
      'p',
      null,
      'The page encrypts what you share with a new key, stores the encrypted file on IPFS and gives you a link. Whoever has the link can open the file until it expires or you withdraw it: the key is in the link.',
    ),
    h(
      'fieldset',
      null,
      h('legend', null, 'What to share'),
      h(
        'div',
        { class: 'choice' },
        whatIps,
        h('label', { for: 'shl-what-ips' }, 'A patient summary of your chart (IPS)'),
      ),
      h('div', { class: 'choice' }, whatPick, h('label', { for: 'shl-what-pick' }, 'Records I pick')),
    ),
    picks,
    label.wrap,
    days.wrap,
    name.wrap,
    h('div', { class: 'actions' }, make),
    status,
  );
  let items = [];
  const boxes = new Map();
  const togglePicks = () => {
    picks.hidden = !whatPick.checked;
  };
  whatIps.addEventListener('change', togglePicks);
  whatPick.addEventListener('change', togglePicks);

  (async () => {
    try {
      ({ items } = await chartResources({ provider: app.wallet.provider(), patient: o.account, keysFor: o.keysFor }));
      append(
        picks,
        items.map(({ record, resource }) => {
          const id = `shl-pick-${record.id}`;
          const box = h('input', { type: 'checkbox', id, name: 'pick', value: String(record.id) });
          boxes.set(record.id, box);
          const d = dateOf(resource);
          return h(
            'div',
            { class: 'choice' },
            box,
            h(
              'label',
              { for: id },
              data(describeResource(resource)),
              d
                ? [
                    ' (',
                    h(
                      'time',
                      { datetime: d, translate: 'no' },
                      formatDate(d, { locale: intlLocale(), timeStyle: null }),
                    ),
                    ')',
                  ]
                : '',
            ),
          );
        }),
      );
      status.textContent = t(items.length === 1 ? '{count} record can be shared.' : '{count} records can be shared.', {
        count: items.length,
      });
    } catch (e) {
      status.textContent = translate('Your records could not be read.');
      app.fail(e, { action: 'reading your records' });
    }
  })();

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    busy(make, async () => {
      try {
        const patient = patientResource(o.account, name.control.value);
        let content;
        let what;
        let count;
        if (whatPick.checked) {
          const chosen = items.filter(({ record }) => boxes.get(record.id)?.checked).map((x) => x.resource);
          if (!chosen.length) {
            status.textContent = translate('Pick at least one record.');
            return;
          }
          content = await collectionBundle(patient, chosen);
          what = 'records';
          count = chosen.length;
        } else {
          const ips = await ipsDocument(
            patient,
            items.map((x) => x.resource),
          );
          if (ips.problems.length) {
            replace(
              status,
              'The summary does not pass the IPS checks: ',
              h('code', null, `${ips.problems[0].path}: ${ips.problems[0].message}`),
            );
            return;
          }
          content = ips.bundle;
          what = 'summary';
          count = ips.bundle.entry.length - 2;
        }
        status.textContent = translate('Encrypting and uploading…');
        const { link, entry } = await createLink({
          account: o.account,
          content,
          label: label.control.value,
          days: days.control.value ? Number(days.control.value) : null,
          viewer: viewerUrl(),
          what,
          count,
        });
        status.textContent = '';
        const box = h('textarea', { id: 'shl-link', readOnly: true, rows: 4, spellcheck: 'false', class: 'mono' });
        box.value = link;
        replace(
          result,
          h(
            'section',
            { class: 'panel', 'aria-labelledby': 'shl-new-heading' },
            h('h3', { id: 'shl-new-heading', tabIndex: -1 }, 'Your link'),
            h(
              'p',
              null,
              h(
                'strong',
                null,
                'Copy it or show the QR code now: the key that opens the file is only in this link, and this page does not keep it.',
              ),
            ),
            await qrImage(link, { label: translate('QR code of the SMART Health Link below') }),
            h('label', { for: 'shl-link' }, 'SMART Health Link'),
            box,
            h(
              'p',
              { class: 'muted' },
              entry.exp ? t('Expires {date}.', { date: when(entry.exp) }) : 'Does not expire.',
            ),
          ),
        );
        result.querySelector('h3')?.focus();
        drawList();
      } catch (err) {
        status.textContent = '';
        app.fail(err, { action: 'making the link' });
      }
    });
  });

  function drawList() {
    const links = listLinks(o.account);
    const now = Date.now() / 1000;
    replace(
      list,
      links.length
        ? links.map((l) =>
            h(
              'li',
              { class: 'panel', dataset: { cid: l.cid } },
              h('h3', null, l.label ? data(l.label) : 'Link without a label'),
              h(
                'p',
                null,
                l.what === 'summary'
                  ? t('Patient summary, made {date}.', { date: when(l.createdAt) })
                  : t(l.count === 1 ? '{count} record, made {date}.' : '{count} records, made {date}.', {
                      count: l.count,
                      date: when(l.createdAt),
                    }),
                ' ',
                l.withdrawnAt
                  ? h('span', { class: 'badge badge-bad' }, 'Withdrawn')
                  : l.exp && l.exp < now
                    ? h('span', { class: 'badge' }, 'Expired')
                    : h(
                        'span',
                        { class: 'badge badge-ok' },
                        l.exp ? t('Active until {date}', { date: when(l.exp) }) : 'Active, no expiry',
                      ),
              ),
              h(
                'div',
                { class: 'actions' },
                l.withdrawnAt
                  ? button(
                      'Remove from this list',
                      () => {
                        forgetLink(o.account, l.cid);
                        drawList();
                      },
                      {
                        variant: 'secondary',
                        'aria-label': l.label
                          ? t('Remove {label} from this list', { label: l.label })
                          : 'Remove the link from this list',
                      },
                    )
                  : button(
                      'Withdraw',
                      (e) =>
                        busy(e.currentTarget, async () => {
                          const r = await withdrawLink(o.account, l.cid);
                          const outcome = r.unpinned
                            ? translate('The storage node no longer keeps the file and may delete it.')
                            : t('The storage node did not confirm ({reason}).', { reason: r.message });
                          notify({
                            kind: r.unpinned ? 'success' : 'warning',
                            key: 'shl',
                            title: r.unpinned ? 'Link withdrawn' : 'Link marked withdrawn',
                            message: `${outcome} ${translate('A copy already opened, or cached by a gateway, cannot be recalled.')}`,
                          });
                          drawList();
                        }),
                      {
                        variant: 'danger',
                        'aria-label': l.label ? t('Withdraw {label}', { label: l.label }) : 'Withdraw the link',
                      },
                    ),
              ),
            ),
          )
        : h('li', { class: 'muted' }, 'You have not made a link in this browser.'),
    );
  }
  drawList();

  return h(
    'div',
    null,
    form,
    result,
    h('h2', { id: 'shl-list-heading' }, 'Links made in this browser'),
    h(
      'p',
      { class: 'muted' },
      'This list is kept in this browser only, without the keys: a link cannot be shown again here.',
    ),
    list,
  );
}
