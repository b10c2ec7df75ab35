// One record of the timeline: its heading and author (by name where the registry knows them),
// Open (fetch, verify, decrypt) with the integrity badge and what the record says as labelled
// fields (records/record-view.js), Download, Close, Amend (the same form that adds it), Redact (a
// tombstone), and the earlier versions of an amended record, each openable the same way.
import { h, append, replace, button, busy } from '../dom.js';
import { t, translate } from '../i18n.js';
import { notify } from '../notices.js';
import { formatDate, formatSize, sameAddress } from '../format.js';
import config from '../config.js';
import { openRecord, closeRecord } from '../records/chart.js';
import { ehr } from '../module.js';
import { fileAttachment, chooseTarget, openFile } from '../records/files.js';
import { recordView, FIELD_LABELS, KINDS } from '../records/record-view.js';
import { scopeLabel } from '../records/scopes.js';
import { sendTx, txStatusLine } from '../tx.js';
import { amendForm } from './chart-add.js';
import { addressDetails, who, tNodes } from './chart-common.js';

const date = (secs) => formatDate(secs);
/** A record's number in a sentence: as the chain numbers it (no digit grouping). */
const no = (id) => String(id);

/**
 * The list item of record `r`. `o` is the timeline's options (see timeline()); `byId` maps record
 * ids to records (for the earlier versions); `reload` draws the timeline again after a change;
 * `hideAuthor`, when given, hides every record of `r`'s author (offered on records by someone
 * other than the patient and the viewer: one action against a writer flooding the chart);
 * `names` (chart-common.js loadNames) names the author. Beyond the timeline's options, `o.open`
 * replaces records/chart.js openRecord (the records kept on a personal device, opened offline:
 * patient-frame.js) and `o.offline` says that the network is out of reach (no file download).
 */
export function recordItem(app, o, r, { byId, reload, hideAuthor, names }) {
  const body = h('div', { class: 'record-body' });
  const openBtn = button('Open', null, {
    variant: 'secondary',
    'aria-label': t('Open record {id}: {category}, {date}', {
      id: no(r.id),
      category: translate(scopeLabel(r.scope)),
      date: date(r.createdAt),
    }),
  });
  const show = (entry) => {
    const view = recordView(entry.resource);
    const fileAtt = fileAttachment(entry.resource);
    const fileStatus = h('p', { class: 'muted file-status', role: 'status' });
    // Offline, the attached file (an envelope of its own, not kept on the device) cannot be fetched.
    const download = fileAtt
      ? button('Download', (e) => downloadFile(app, o, r, fileAtt, e.currentTarget, fileStatus), {
          variant: 'secondary',
          disabled: Boolean(o.offline),
        })
      : button('Download', () => downloadRecord(entry, view, r), { variant: 'secondary' });
    if (fileAtt && o.offline) fileStatus.textContent = translate('The attached file needs the network.');
    const close = button(
      'Close',
      () => {
        closeRecord(o.patient, r.id);
        replace(body);
        openBtn.hidden = false;
        openBtn.focus();
      },
      { variant: 'secondary' },
    );
    const amendBox = h('div');
    const canAmend = !r.superseded && !r.redacted && o.chartKeyFor && o.canAmend?.(r);
    const amend = canAmend
      ? button(
          'Amend',
          () => {
            replace(
              amendBox,
              amendForm(app, {
                patient: o.patient,
                record: r,
                resource: entry.resource,
                chartKeyFor: o.chartKeyFor,
                settleFirst: o.settleFirst,
                onDone: (added) => {
                  replace(amendBox);
                  if (added) reload();
                  else amend.focus();
                },
              }),
            );
            amendBox.querySelector('input, select, textarea').focus();
          },
          { variant: 'secondary', 'aria-label': t('Amend record {id}', { id: no(r.id) }) },
        )
      : null;
    replace(
      body,
      h(
        'p',
        null,
        h('span', { class: 'badge badge-ok', title: t('IPFS {cid}', { cid: r.cid }) }, 'Verified'),
        ' ',
        h(
          'span',
          { class: 'muted' },
          o.offline
            ? 'Kept on this device: the same bytes that matched the record’s content identifier when you opened it online.'
            : 'Every block matched its content identifier, which is the one recorded on the blockchain.',
        ),
      ),
      // The kind and the labels are words of the page (translated as drawn); a label that is
      // not (a component's code) and every value are the record's data.
      h(
        'h4',
        { class: 'record-title' },
        KINDS.has(view.kind) ? view.kind : h('span', { translate: 'no' }, view.kind),
        ': ',
        h('span', { translate: 'no' }, view.title),
      ),
      h(
        'dl',
        { class: 'facts' },
        view.date ? [h('dt', null, 'Date'), h('dd', { translate: 'no' }, view.date)] : null,
        view.fields.map(([k, v]) => [
          h('dt', FIELD_LABELS.has(k) ? null : { translate: 'no' }, k),
          h('dd', { translate: 'no' }, v),
        ]),
      ),
      h('div', { class: 'actions' }, download, amend, close),
      fileAtt ? fileStatus : null,
      amendBox,
    );
    openBtn.hidden = true;
    body.querySelector('.record-title').tabIndex = -1;
    body.querySelector('.record-title').focus();
  };
  openBtn.addEventListener('click', () =>
    busy(openBtn, async () => {
      const st = h('p', { class: 'muted', role: 'status' }, 'Fetching and checking…');
      replace(body, st);
      try {
        let envelope = null;
        const entry = await (o.open ?? openRecord)(o.patient, r, o.keysFor, {
          onProgress: (p) => {
            st.textContent = t('Fetching and checking… {size}', { size: formatSize(p.bytesDone) });
          },
          onEnvelope: (bytes) => {
            envelope = bytes;
          },
        });
        show(entry);
        // A personal device keeping opened records for offline reading (records/offline.js).
        o.onOpened?.(r, envelope);
      } catch (e) {
        replace(body);
        failOpen(app, e, r);
      }
    }),
  );
  const locked = o.canOpen && !o.canOpen(r.scope);
  const hideBtn = hideAuthor
    ? button(t('Hide records from {name}', { name: names.account(r.author) }), () => hideAuthor(r.author), {
        variant: 'secondary',
        title: t('Hide every record added by {name} from this timeline (you can show them again)', {
          name: names.account(r.author),
        }),
      })
    : null;
  // The author: you, the patient, or whoever the registry names (the address one click away).
  const byPatient = sameAddress(r.author, o.patient) && !names.isYou(r.author);
  const someoneElse = !byPatient && !names.isYou(r.author);
  const about = someoneElse ? names.about(r.author) : '';
  // Redaction leaves a tombstone: the history stays auditable, nothing is deleted.
  const redactBox = h('div', { class: 'actions' });
  const redactStatus = txStatusLine();
  if (!r.redacted && o.canRedact?.(r)) {
    const ask = button(
      'Redact',
      () => {
        const confirmBtn = button(
          t('Yes, redact record {id}', { id: no(r.id) }),
          async (e) => {
            const done = await sendTx(app, {
              button: e.currentTarget,
              status: redactStatus,
              contract: 'EhrHub',
              fn: 'redactRecord',
              args: [o.patient, r.id],
              action: 'redacting the record',
              success: t('Record {id} redacted', { id: no(r.id) }),
            });
            if (done) reload();
          },
          { variant: 'danger' },
        );
        replace(
          redactBox,
          h(
            'p',
            null,
            'Redacting marks the record as withdrawn for everyone. The entry stays in the history; people who already read it keep what they read.',
          ),
          confirmBtn,
          button('Cancel', () => replace(redactBox, ask), { variant: 'secondary' }),
        );
        confirmBtn.focus();
      },
      { variant: 'secondary', 'aria-label': t('Redact record {id}', { id: no(r.id) }) },
    );
    append(redactBox, ask);
  }
  // The newest version of an amended record carries its earlier versions, each openable.
  const earlier = [];
  for (let p = byId.get(r.previous); p && !r.superseded; p = byId.get(p.previous)) earlier.push(p);
  return h(
    'li',
    { class: 'panel', dataset: { record: String(r.id), scope: String(r.scope) } },
    h(
      'h3',
      null,
      scopeLabel(r.scope),
      ' · ',
      h('span', { translate: 'no' }, date(r.createdAt)),
      r.redacted ? [' ', h('span', { class: 'badge badge-bad' }, 'Redacted')] : null,
      r.superseded ? [' ', h('span', { class: 'badge' }, 'Replaced by a newer version')] : null,
      r.previous && !r.superseded ? [' ', h('span', { class: 'badge' }, 'Amended')] : null,
    ),
    h('p', { class: 'muted' }, addedBy(r, byPatient ? translate('the patient') : who(names, r.author), about)),
    someoneElse ? addressDetails([[names.account(r.author), r.author]]) : null,
    locked ? h('p', { class: 'muted' }, 'Not shared with you.') : null,
    locked && !hideBtn ? null : h('div', { class: 'actions' }, locked ? null : openBtn, hideBtn),
    body,
    redactBox,
    redactStatus,
    earlier.length
      ? h(
          'details',
          { class: 'history' },
          h('summary', null, t('Earlier versions ({count})', { count: earlier.length })),
          h(
            'ol',
            { class: 'cards', 'aria-label': t('Earlier versions of record {id}', { id: no(r.id) }) },
            earlier.map((p) => recordItem(app, o, p, { byId, reload, names })),
          ),
        )
      : null,
  );
}

/** "Record 4, amends record 2, added by Dr Ada Okafor (Doctor, Riverside General Hospital)", as nodes. */
function addedBy(r, author, about) {
  const params = { id: no(r.id), previous: no(r.previous), author, about };
  if (r.previous)
    return about
      ? tNodes('Record {id}, amends record {previous}, added by {author} ({about})', params)
      : tNodes('Record {id}, amends record {previous}, added by {author}', params);
  return about
    ? tNodes('Record {id}, added by {author} ({about})', params)
    : tNodes('Record {id}, added by {author}', params);
}

function failOpen(app, e, r) {
  const code = e?.code;
  if (code === 'ERR_NO_RECIPIENT') {
    notify({
      kind: 'error',
      key: 'open',
      title: 'You have no key for this record',
      message: t(
        'Record {id} was encrypted for keys you do not hold (for example after access was revoked, or before it was given).',
        { id: no(r.id) },
      ),
      advice: 'Ask the patient to share this category again.',
    });
  } else if (
    [
      'ERR_AUTH_FAILED',
      'ERR_BAD_ENVELOPE',
      'ERR_STREAM_TRUNCATED',
      'ERR_HASH_MISMATCH',
      'ERR_UNKNOWN_VERSION',
    ].includes(code) ||
    e?.name === 'GatewayError'
  ) {
    notify({
      kind: 'error',
      key: 'open',
      title:
        e?.name === 'GatewayError' ? 'The record could not be fetched intact' : 'This record is damaged or was altered',
      message:
        e?.name === 'GatewayError'
          ? 'No gateway returned bytes that match the record’s content identifier.'
          : 'Its bytes do not decrypt under its keys; nothing of it is shown.',
      advice:
        e?.name === 'GatewayError'
          ? 'Check your connection and try again later; the gateways may be down.'
          : 'Report it to whoever added it. The copy on the blockchain still identifies the original.',
      actions: [{ label: 'Try again', run: () => document.querySelector(`li[data-record="${r.id}"] button`)?.click() }],
    });
  } else {
    app.fail(e, { action: 'opening the record', key: 'open' });
  }
}

function downloadRecord(entry, view, r) {
  const att = entry.resource?.resourceType === 'DocumentReference' ? entry.resource.content?.[0]?.attachment : null;
  let blob;
  let name;
  if (att?.data) {
    const bin = atob(att.data);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    blob = new Blob([bytes], { type: att.contentType || 'application/octet-stream' });
    name = att.title || `record-${r.id}`;
  } else {
    blob = new Blob([JSON.stringify(entry.resource, null, 2)], { type: 'application/fhir+json' });
    name = `record-${r.id}-${view.kind.toLowerCase().replace(/\s+/g, '-')}.json`;
  }
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * A file stored as its own envelope (records/files.js), streamed by the page's Worker to where
 * the person chose: each block verified against its CID, each chunk authenticated, size and SHA-1
 * checked at the end; on any failure the partial file is discarded.
 */
async function downloadFile(app, o, r, att, btn, status) {
  if (btn.disabled) return;
  const name = att.title || `record-${r.id}`;
  // The picker first: it needs the click's user activation.
  const target = await chooseTarget(name, att.contentType);
  if (!target) return;
  await busy(btn, async () => {
    status.textContent = translate('Fetching, checking and decrypting…');
    let last = 0;
    try {
      const opened = await openFile(await ehr(), {
        att,
        scope: r.scope,
        keysFor: o.keysFor,
        gateways: config.gateways,
        target,
        onProgress: ({ bytesDone, bytesTotal }) => {
          const now = Date.now();
          if (now - last < 250) return;
          last = now;
          const mb = Math.round(bytesDone / 1048576);
          status.textContent = bytesTotal
            ? t('Fetching, checking and decrypting… {done} of {total} MB', {
                done: mb,
                total: Math.round(bytesTotal / 1048576),
              })
            : t('Fetching, checking and decrypting… {done} MB', { done: mb });
        },
      });
      await target.finish(opened.blob);
      status.textContent = t(
        "Saved {name}: every block matched its identifier and the file's hash matched the record.",
        { name },
      );
    } catch (e) {
      await target.abort();
      status.textContent = translate('Not saved: the file could not be fetched intact.');
      failOpen(app, e, r);
    }
  });
}
