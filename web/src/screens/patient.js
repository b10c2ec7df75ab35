// The patient's screens: register, the chart (timeline), add records, who has access (grant,
// revoke, with the keys re-shared to the remaining grantees), and the activity log built from the
// contracts' events.
import { h, svg, append, replace, field, button, busy } from '../dom.js';
import { getState } from '../state.js';
import { gatedScreen } from './gated.js';
import { notify } from '../notices.js';
import { keepDraft, dropDraft } from '../drafts.js';
import { ehr } from '../module.js';
import { releaseKey } from '../keys.js';
import { shortAddress, hexOf } from '../format.js';
import { sendTx, txStatusLine } from '../tx.js';
import { read, write, events, topicsOf, hasContract } from '../chain/contracts.js';
import { listInstitutions } from '../chain/directory.js';
import { MEMBER_ROLES } from '../chain/roles.js';
import { unlockKeys, unlockedKeys, chartKeyOf, rotateKeys } from '../records/keys.js';
import { GRANTEE_TAG, listGrants, pendingScopes, reshare as reshareKeys, settle } from '../records/access.js';
import { epochsOf } from '../records/chart.js';
import { SCOPES, scopeLabel, scopeList, unlockPanel, timeline, addRecordForms } from './chart-common.js';

const ALL_SCOPES = 0xffffffff;

const subnav = (current) => h('nav', { 'aria-label': 'Your chart', class: 'subnav' }, h('ul', null,
  [['/chart', 'Records'], ['/chart/add', 'Add'], ['/chart/access', 'Access'], ['/chart/appointments', 'Appointments'], ['/chart/family', 'Family'], ['/chart/activity', 'Activity']].map(([p, l]) =>
    h('li', null, h('a', { href: `#${p}`, 'aria-current': p === current ? 'page' : null }, l)))));

/** A chart screen: waits for a connection, roles and (for `needKeys`) the unlocked keys. */
function chartScreen(app, { path, title, needKeys = true, draw }) {
  const keysOf = (s) => (s.account ? unlockedKeys(s.account) : null);
  return gatedScreen({
    title,
    header: [subnav(path)],
    keyOf: (s) => `${s.account}|${s.chainId}|${s.roles ? s.roles.patient : 'x'}|${Boolean(keysOf(s))}`,
    gate(s, update) {
      if (!s.account) return [h('p', null, 'Connect your wallet to see your chart.'), h('div', { class: 'actions' }, h('a', { class: 'button', href: '#/connect' }, 'Connect a wallet'))];
      if (s.chainId !== app.config.chainId) return [h('p', null, 'Your wallet is on another network. '), h('a', { href: '#/account' }, 'Switch network')];
      if (!s.roles) return [h('p', { class: 'muted', role: 'status' }, 'Reading your account on the network…')];
      if (!s.roles.patient) return [registration(app)];
      if (needKeys && !keysOf(s)) return [unlockPanel(app, { purpose: 'Your records are encrypted. The keys that open them are derived from your wallet’s signature, in this page, and wiped when the page locks.', onUnlocked: () => update() })];
      return null;
    },
    draw: (body, s) => draw(body, s, keysOf(s)),
  });
}

/** Registration: derive the encryption key, publish its public half. */
function registration(app) {
  const status = txStatusLine();
  const go = button('Set up my encryption key and register', async (e) => {
    const btn = e.currentTarget;
    const s = getState();
    let keys;
    try {
      app.session.activate();
      status.textContent = s.wallet?.kind === 'builtin' ? 'Deriving your key…' : 'Approve the two signature requests in your wallet…';
      keys = await unlockKeys(app.wallet.provider(), s.account);
    } catch (err) {
      status.textContent = '';
      app.fail(err, { action: 'setting up your encryption key', key: 'register' });
      return;
    }
    const r = await sendTx(app, { button: btn, status, contract: 'EhrHub', fn: 'registerPatient', args: [keys.identity.publicKey], action: 'registering', success: 'You are registered as a patient' });
    if (r) app.refreshRoles();
  });
  // Without ETH: sign a registration code that a clinician submits (and pays for).
  const codeBox = h('div');
  const bySig = button('No ETH? Sign a registration code instead', async (e) => {
    await busy(e.currentTarget, async () => {
      const s = getState();
      try {
        app.session.activate();
        status.textContent = s.wallet?.kind === 'builtin' ? 'Signing…' : 'Approve the signature requests in your wallet…';
        const keys = await unlockKeys(app.wallet.provider(), s.account);
        const { signRegistration } = await import('../records/consent.js');
        const code = await signRegistration(app.wallet.provider(), { patient: s.account, encryptionKey: keys.identity.publicKey });
        status.textContent = '';
        const box = h('textarea', { id: 'registration-code', readOnly: true, rows: 4, spellcheck: 'false', class: 'mono' });
        box.value = code;
        const { encodeQr, qrPath } = await import('../qr.js');
        const c = encodeQr(code);
        const n = c.size + 8;
        replace(codeBox, h('section', { class: 'panel', 'aria-labelledby': 'registration-code-heading' },
          h('h3', { id: 'registration-code-heading', tabIndex: -1 }, 'Your registration code'),
          h('p', null, 'Show it to a clinician, who submits it and pays the fee. Then reload this screen.'),
          svg('svg', { viewBox: `0 0 ${n} ${n}`, width: 240, height: 240, role: 'img', 'aria-label': 'QR code of the registration code below', class: 'qr', 'shape-rendering': 'crispEdges' },
            svg('rect', { width: n, height: n, fill: '#fff' }), svg('path', { d: qrPath(c), fill: '#000' })),
          h('label', { for: 'registration-code' }, 'Registration code'), box));
        codeBox.querySelector('h3').focus();
      } catch (err) {
        status.textContent = '';
        app.fail(err, { action: 'signing the registration', key: 'register' });
      }
    });
  }, { variant: 'secondary' });
  return h('section', { 'aria-labelledby': 'register-heading' },
    h('h2', { id: 'register-heading' }, 'Register as a patient'),
    h('p', null, 'Registering publishes your encryption public key on the blockchain so that clinicians can share records with you. No name, date of birth or other personal data goes on chain.'),
    h('p', null, h('strong', null, 'Your wallet will ask you to sign “EncryptionKeyRequest” twice. Sign it only on this page: anyone who gets this signature can read your records.')),
    h('div', { class: 'actions' }, go, bySig), status, codeBox);
}

/** Public listing of clinicians and institutions that can receive a grant (with their keys). */
async function granteeDirectory(provider) {
  const insts = await listInstitutions(provider);
  const added = await events(provider, 'EhrHub', await topicsOf('EhrHub', 'MemberAdded'));
  const people = new Map();
  for (const e of added) people.set(String(e.args.member).toLowerCase(), { address: e.args.member, institutionId: Number(e.args.institutionId), role: Number(e.args.role), displayName: e.args.displayName, specialty: e.args.specialty });
  const out = [];
  for (const p of people.values()) {
    const [m, key] = await Promise.all([read(provider, 'EhrHub', 'member', [p.address]), read(provider, 'EhrHub', 'memberKey', [p.address])]);
    if (Number(m[0]) !== p.institutionId || m[2] !== true) continue;
    const inst = insts.find((i) => i.id === p.institutionId);
    out.push({ type: 'member', id: p.address, label: `${p.displayName || shortAddress(p.address)}, ${MEMBER_ROLES[p.role] ?? 'member'}${p.specialty ? ` (${p.specialty})` : ''}, ${inst?.name ?? `institution ${p.institutionId}`}`, publicKey: key[0] });
  }
  for (const i of insts) {
    if (i.suspended) continue;
    const now = await read(provider, 'EhrHub', 'institution', [i.id]);
    out.push({ type: 'institution', id: i.id, label: `${i.name} (any of its clinicians)`, publicKey: now[3] });
  }
  return out;
}

const ZERO32 = /^0x0{64}$/i;

/** The grantee id (bytes32) of a directory entry, from the hub's own encoding functions. */
async function granteeId(provider, entry) {
  const r = entry.type === 'member' || entry.type === 'relative'
    ? await read(provider, 'EhrHub', 'memberGrantee', [entry.id])
    : await read(provider, 'EhrHub', 'institutionGrantee', [entry.id]);
  return hexOf(r[0]);
}

/** chartKeyFor of the patient's own chart: K(scope, epoch) from the chart root of its key version. */
function patientChartKey(keys) {
  return (scope, epoch) => {
    const key = chartKeyOf(keys, scope, epoch);
    return { key, release: () => releaseKey(key) };
  };
}

/** Before the patient writes to a scope whose end of access is not settled: settle, share again. */
function settleFor(app, s, keys) {
  return () => settle({ provider: app.wallet.provider(), from: s.account, patient: s.account, chartRoot: keys.chartRoot });
}

export function patientScreens(app) {
  app.stateNow ??= getState;

  const records = chartScreen(app, {
    path: '/chart',
    title: 'Your chart',
    draw(body, s, keys) {
      // The patient opens any record of their own chart: the chart root derives K(scope, epoch)
      // for whatever the envelope names, and that key is wiped right after.
      const t = timeline(app, {
        patient: s.account,
        canRedact: () => true,
        canAmend: () => true,
        chartKeyFor: patientChartKey(keys),
        settleFirst: settleFor(app, s, keys),
        // A record sealed to its readers (written while an end of access was not settled) opens
        // with one of the patient's identities; any other with the chart key of its epoch.
        keysFor: (header) => {
          let k = null;
          try {
            k = chartKeyOf(keys, header.scope, header.epoch);
          } catch {
            // a key version this session does not hold: the identities may still open it
          }
          return { chartKeys: k ? [k] : [], identities: keys.identities, release: () => k && releaseKey(k) };
        },
      });
      const exportStatus = h('p', { class: 'muted', role: 'status' });
      const exportBtn = button('Export my chart (CAR file)', () => busy(exportBtn, async () => {
        try {
          const { exportChart } = await import('../records/chart.js');
          const car = await exportChart(app.wallet.provider(), s.account, { onProgress: (n, total) => { exportStatus.textContent = `Collecting record ${n} of ${total}…`; } });
          const url = URL.createObjectURL(new Blob([car.bytes], { type: 'application/vnd.ipld.car' }));
          const a = h('a', { href: url, download: 'ehr-chart.car', hidden: true });
          document.body.append(a);
          a.click();
          a.remove();
          setTimeout(() => URL.revokeObjectURL(url), 1000);
          exportStatus.textContent = `Exported ${car.roots.length} encrypted records (${car.bytes.length} bytes). Import the file into any IPFS node to keep a copy; only your keys open it.`;
        } catch (e) {
          exportStatus.textContent = '';
          app.fail(e, { action: 'exporting your chart' });
        }
      }), { variant: 'secondary' });
      append(body, t.element, h('h2', null, 'Keep a copy'), h('div', { class: 'actions' }, exportBtn), exportStatus);
    },
  });

  const add = chartScreen(app, {
    path: '/chart/add',
    title: 'Add to your chart',
    draw(body, s, keys) {
      append(body,
        h('p', null, 'Records are encrypted in this page; only the ciphertext leaves it.'),
        addRecordForms(app, { patient: s.account, chartKeyFor: patientChartKey(keys), settleFirst: settleFor(app, s, keys), draftPrefix: 'patient-add' }));
    },
  });

  const access = chartScreen(app, {
    path: '/chart/access',
    title: 'Who can see your records',
    draw(body, s, keys) {
      const provider = app.wallet.provider();
      const list = h('ul', { class: 'cards', 'aria-labelledby': 'grants-heading' });
      const listStatus = h('p', { class: 'muted', role: 'status' }, 'Loading…');
      const reshareStatus = txStatusLine();
      const endedBox = h('div');
      let directory = [];
      const nameOf = (g) => directory.find((d) => d.grantee === g)?.label ?? `grantee ${shortAddress(g)}`;

      const load = async () => {
        try {
          // Build the new listing completely before it replaces the old one: a revocation or a
          // grant running meanwhile must never see entries without their grantee id.
          const fresh = await granteeDirectory(provider);
          // Confirmed relatives may receive the family-history category (and nothing else).
          const { linksOf, RELATIONS } = await import('./family.js');
          for (const l of (await linksOf(provider, s.account)).filter((x) => x.confirmed)) {
            const key = (await read(provider, 'EhrHub', 'patientKey', [l.other]))[0];
            fresh.unshift({ type: 'relative', id: l.other, label: `Your ${RELATIONS[l.relationOfOther]} ${shortAddress(l.other)} (family history only)`, publicKey: key });
          }
          await Promise.all(fresh.map(async (d) => { d.grantee = (await granteeId(provider, d)).toLowerCase(); }));
          directory = fresh;
          // The hub lists the patient's grants itself (emergency authorisations have their own list below).
          const all = await listGrants(provider, s.account);
          const grants = all.filter((g) => g.tag !== GRANTEE_TAG.EMERGENCY && g.inForce);
          const ended = all.filter((g) => !g.inForce);
          const pending = await pendingScopes(provider, s.account);
          // A grant to an institution is sealed to its group key; when the institution rotates the
          // key, the keys shared must follow (docs/record-format.md, "Institutions").
          await Promise.all(grants.map(async (g) => {
            const d = directory.find((x) => x.grantee === g.grantee);
            if (g.tag !== GRANTEE_TAG.INSTITUTION) return;
            g.institution = d;
            if (!g.keysCurrent) {
              const [inst, exposed] = await Promise.all([read(provider, 'EhrHub', 'institution', [g.institutionId]), read(provider, 'EhrHub', 'exposedKeyVersion', [g.institutionId])]);
              g.waitingForKey = Number(inst[4]) <= Number(exposed[0]);
              return;
            }
            const [granted, rotated] = await Promise.all([
              events(provider, 'EhrHub', await topicsOf('EhrHub', 'AccessGranted', [s.account, g.grantee])),
              events(provider, 'EhrHub', await topicsOf('EhrHub', 'GroupKeyPublished', [g.institutionId])),
            ]);
            const last = (evs) => evs.reduce((m, e) => Math.max(m, e.blockNumber * 1e6 + e.logIndex), -1);
            g.staleKey = last(rotated) > last(granted);
          }));
          replace(endedBox, pending === 0 ? null : h('div', { class: 'notice notice-warning', role: 'note' },
            h('p', null, `Access ended without you for ${ended.length === 1 ? 'one person or institution' : `${ended.length || 'some'} people or institutions`} (an end date passed, a clinician left their institution, an institution was suspended, a family link ended, or an institution's key was known to someone who left). Records you add are already sealed so that they cannot read them.`),
            h('p', null, `Replace the keys of ${scopeList(pending).join(', ')} now, so that clinicians writing to your chart use the new keys too.`),
            h('div', { class: 'actions' }, button('Replace the keys now', (e) => settleNow(e.currentTarget)))));
          replace(list, grants.map((g) => {
            const status = txStatusLine();
            const note = g.waitingForKey
              ? h('p', { class: 'notice notice-warning', role: 'note' }, 'A member left this institution. It must create a new group key before your keys can be shared with it again; until then its clinicians read what they could read before, but nothing you add.')
              : !g.keysCurrent || g.staleKey
                ? h('p', { class: 'notice notice-warning', role: 'note' }, 'This institution changed its group key (for example after a member left). Renew what you shared: new keys, sealed to the new group key, so that a former member cannot read what you add from now on.')
                : null;
            return h('li', { class: 'panel', dataset: { grantee: g.grantee } },
              h('h3', null, nameOf(g.grantee)),
              h('p', null, `Can read: ${scopeList(g.scopes).join(', ')}.`),
              h('p', { class: 'muted' }, g.expiry ? `Until ${new Date(g.expiry * 1000).toLocaleDateString('en-GB', { dateStyle: 'long' })}.` : 'No end date.'),
              note,
              h('div', { class: 'actions' },
                (!g.keysCurrent || g.staleKey) && !g.waitingForKey ? button('Renew the keys', (e) => renew(e.currentTarget, status, g), { 'aria-label': `Renew the keys shared with ${nameOf(g.grantee)}` }) : null,
                button('Revoke', (e) => revoke(e.currentTarget, status, g), { variant: 'danger', 'aria-label': `Revoke access of ${nameOf(g.grantee)}` })),
              status);
          }));
          listStatus.textContent = grants.length === 0 ? 'Nobody else can read your records.' : grants.length === 1 ? 'One person or institution has access.' : `${grants.length} people or institutions have access.`;
          const chosen = who.value;
          replace(who, h('option', { value: '' }, 'Choose…'), directory.map((d, i) => h('option', { value: String(i), disabled: ZERO32.test(hexOf(d.publicKey)) }, ZERO32.test(hexOf(d.publicKey)) ? `${d.label} (not set up yet)` : d.label)));
          who.value = chosen; // a reload keeps what was being chosen
        } catch (e) {
          listStatus.textContent = 'The list could not be loaded.';
          app.fail(e, { action: 'loading who has access', retry: load });
        }
      };

      // Revoking advances the epochs of the revoked scopes: records added from now on use new
      // keys, which the page then re-shares with everyone who still holds those scopes.
      const revoke = async (btn, status, g) => {
        const r = await sendTx(app, { button: btn, status, contract: 'EhrHub', fn: 'revokeAccess', args: [g.grantee, ALL_SCOPES], action: 'revoking access', success: `${nameOf(g.grantee)} can no longer read new records` });
        if (!r) return;
        // The list is drawn again afterwards: what happened to the keys is told in a line that
        // stays (under the list), not in the revoked entry's own line.
        try {
          await reshare(g.scopes, reshareStatus);
        } catch (e) {
          reshareStatus.textContent = 'The new keys were not shared: the others with access cannot read records added from now on until they are.';
          app.fail(e, { action: 'sharing the new keys with the others who have access', retry: () => reshare(g.scopes, reshareStatus) });
        }
        load();
      };
      // Renewal after an institution's key rotation. When a departed member knew the old key, the
      // contract already withheld the keys (settled): share the new ones. Otherwise (a rotation for
      // members who joined later): revoke (which advances the epochs of its scopes), share the new
      // keys with the others who hold those scopes, then grant the institution again.
      const renew = async (btn, status, g) => {
        if (!g.keysCurrent || (await pendingScopes(provider, s.account)) !== 0) {
          await busy(btn, async () => {
            try {
              const r = await settle({ provider, from: s.account, patient: s.account, chartRoot: keys.chartRoot, nameOf: grantName, onStatus: (t) => { reshareStatus.textContent = t; } });
              if (r.scopes === 0) await reshare(0, reshareStatus);
              else reshareStatus.textContent = `Keys renewed for ${scopeList(r.scopes).join(', ')}: shared with ${r.shared.map(grantName).join(', ')}${skippedText(r.skipped)}.`;
            } catch (e) {
              reshareStatus.textContent = 'The keys were not renewed completely.';
              app.fail(e, { action: 'renewing the keys' });
            }
          });
          load();
          loadEmergency();
          return;
        }
        const r = await sendTx(app, { button: btn, status, contract: 'EhrHub', fn: 'revokeAccess', args: [g.grantee, ALL_SCOPES], action: 'renewing the keys' });
        if (!r) return;
        try {
          await reshare(g.scopes, reshareStatus);
          const api = await ehr();
          const now = await read(provider, 'EhrHub', 'institution', [g.institutionId]);
          const payload = api.records.grants.create(keys.chartRoot, api.fromHex(hexOf(now[3])), g.scopes, await epochsOf(provider, s.account));
          reshareStatus.textContent = `Sharing the new keys with ${nameOf(g.grantee)}…`;
          await write(provider, s.account, 'EhrHub', 'grantAccess', [g.grantee, g.scopes, g.expiry, payload]);
          reshareStatus.textContent = `Keys renewed for ${nameOf(g.grantee)}: sealed to its new group key.`;
        } catch (e) {
          reshareStatus.textContent = 'The keys were not renewed completely.';
          app.fail(e, { action: 'renewing the keys' });
        }
        load();
      };
      // Shares the current keys of `advanced` with every grant in force that holds some of them;
      // grantees without a key it is safe to seal to are skipped and named.
      const reshare = async (advanced, status) => {
        status.textContent = 'Finding who else holds these categories…';
        const r = await reshareKeys({ provider, from: s.account, patient: s.account, chartRoot: keys.chartRoot, scopes: advanced, nameOf: grantName, onStatus: (t) => { status.textContent = t; } });
        status.textContent = r.shared.length === 0 && r.skipped.length === 0
          ? 'Nobody else held these categories: no keys to share again.'
          : `New keys shared with everyone who still has access${skippedText(r.skipped)}.`;
      };
      const grantName = (g) => (g.tag === GRANTEE_TAG.EMERGENCY ? `${emergencyName(g.institutionId)} (emergencies)` : nameOf(g.grantee));
      const skippedText = (skipped) => (skipped.length ? `, except ${skipped.map((x) => grantName(x.grant)).join(', ')} (no encryption key they can safely receive yet)` : '');
      const settleNow = (btn) => busy(btn, async () => {
        try {
          const r = await settle({ provider, from: s.account, patient: s.account, chartRoot: keys.chartRoot, nameOf: grantName, onStatus: (t) => { reshareStatus.textContent = t; } });
          reshareStatus.textContent = r.scopes ? `New keys for ${scopeList(r.scopes).join(', ')}, shared with everyone who still has access${skippedText(r.skipped)}.` : 'Nothing to replace.';
        } catch (e) {
          reshareStatus.textContent = 'The keys were not replaced.';
          app.fail(e, { action: 'replacing the keys', retry: () => settleNow(btn) });
        }
        load();
        loadEmergency();
      });
      let institutionsById = new Map();
      const emergencyName = (id) => institutionsById.get(id)?.name ?? `institution ${id}`;

      const who = h('select', { name: 'grantee' });
      const whoField = field({ label: 'Who', hint: 'Clinicians and institutions listed publicly on the network, and relatives who confirmed a family link (family history only).', control: who });
      const scopeBoxes = SCOPES.map(([sid, label]) => h('div', { class: 'check' }, h('input', { type: 'checkbox', id: `scope-${sid}`, name: `scope-${sid}`, value: String(sid) }), h('label', { for: `scope-${sid}` }, label)));
      const scopeErr = h('p', { class: 'field-error', id: 'scopes-error', hidden: true });
      const expiry = field({ label: 'Until (optional)', hint: 'Leave empty for no end date. You can revoke at any time.', control: h('input', { type: 'date', name: 'expiry' }) });
      const status = txStatusLine();
      const submit = button('Give access', null, { type: 'submit' });
      const signInstead = button('Sign a consent code instead (no ETH needed)', null, { type: 'submit', variant: 'secondary', name: 'consent' });
      const consentBox = h('div');
      const form = h('form', { 'aria-labelledby': 'grant-heading', novalidate: true }, whoField.wrap,
        h('fieldset', { class: 'scopes', 'aria-describedby': 'scopes-error' }, h('legend', null, 'Which categories'), scopeBoxes, scopeErr),
        expiry.wrap, h('div', { class: 'actions' }, submit, signInstead), status, consentBox);
      const save = keepDraft('grant', form);
      form.addEventListener('submit', async (e) => {
        e.preventDefault();
        save();
        const entry = directory[Number(who.value)];
        const mask = SCOPES.reduce((m, [sid]) => (form.querySelector(`#scope-${sid}`).checked ? m | (1 << sid) : m), 0) >>> 0;
        whoField.setError(entry ? null : 'Choose who gets access.');
        const FAMILY = 1 << 5;
        const scopeProblem = !mask ? 'Choose at least one category.' : entry?.type === 'relative' && mask !== FAMILY ? 'A relative can receive the Family history category only.' : '';
        scopeErr.textContent = scopeProblem;
        scopeErr.hidden = !scopeProblem;
        if (entry && scopeProblem) {
          form.querySelector(mask ? '#scope-5' : '#scope-0').focus();
          return;
        }
        let exp = 0;
        if (expiry.control.value) {
          exp = Math.floor(new Date(`${expiry.control.value}T23:59:59`).getTime() / 1000);
          expiry.setError(exp * 1000 > Date.now() ? null : 'Choose a date in the future.');
          if (exp * 1000 <= Date.now()) return;
        } else {
          expiry.setError(null);
        }
        if (!entry || !mask) {
          (!entry ? who : form.querySelector('#scope-0')).focus();
          return;
        }
        const api = await ehr();
        const epochs = await epochsOf(provider, s.account);
        const payload = api.records.grants.create(keys.chartRoot, api.fromHex(hexOf(entry.publicKey)), mask, epochs);
        if (e.submitter === signInstead) {
          await busy(signInstead, async () => {
            try {
              status.textContent = s.wallet?.kind === 'builtin' ? 'Signing…' : 'Approve the signature in your wallet…';
              const { signConsent } = await import('../records/consent.js');
              const code = await signConsent(provider, { patient: s.account, grantee: entry.grantee, scopes: mask, expiry: exp, wrappedKeys: payload });
              status.textContent = '';
              const box = h('textarea', { id: 'consent-code', readOnly: true, rows: 6, spellcheck: 'false', class: 'mono' });
              box.value = code;
              const { encodeQr, qrPath } = await import('../qr.js');
              let qr = null;
              try {
                const c = encodeQr(code);
                const n = c.size + 8;
                qr = svg('svg', { viewBox: `0 0 ${n} ${n}`, width: 280, height: 280, role: 'img', 'aria-label': 'QR code of the consent code below', class: 'qr', id: 'consent-qr', 'shape-rendering': 'crispEdges' },
                  svg('rect', { width: n, height: n, fill: '#fff' }), svg('path', { d: qrPath(c), fill: '#000' }));
              } catch {
                qr = h('p', { class: 'muted' }, 'This consent is too long for a QR code: copy the text instead.');
              }
              replace(consentBox, h('section', { class: 'panel', 'aria-labelledby': 'consent-heading' },
                h('h3', { id: 'consent-heading', tabIndex: -1 }, `Consent code for ${entry.label}`),
                h('p', null, 'Show the QR code to the clinician, or give them the text below. They submit it and pay the network fee; it is valid for 7 days and works once.'),
                qr,
                h('label', { for: 'consent-code' }, 'Consent code'), box,
                h('div', { class: 'actions' }, button('Copy the code', async () => {
                  try {
                    await navigator.clipboard.writeText(code);
                    notify({ kind: 'success', key: 'copy', title: 'Copied', timeoutMs: 4000 });
                  } catch {
                    box.select();
                    notify({ kind: 'info', key: 'copy', title: 'Select and copy the code by hand', message: 'The browser did not allow copying from the page.' });
                  }
                }, { variant: 'secondary' }))));
              consentBox.querySelector('h3').focus();
            } catch (err) {
              status.textContent = '';
              app.fail(err, { action: 'signing the consent', key: 'consent' });
            }
          });
          return;
        }
        const r = await sendTx(app, { button: submit, status, contract: 'EhrHub', fn: 'grantAccess', args: [entry.grantee, mask, exp, payload], action: 'giving access', success: `Access given to ${entry.label}` });
        if (r) {
          dropDraft('grant');
          form.reset();
          load();
        }
      });
      // Emergency ("break-glass") authorisation of an institution: its members may open the chosen
      // categories for a limited time with a stated reason; you see every opening in Activity.
      const emInst = h('select', { name: 'emergency-institution', id: 'emergency-institution' });
      const emBoxes = SCOPES.map(([sid, label]) => h('div', { class: 'check' }, h('input', { type: 'checkbox', id: `em-scope-${sid}`, value: String(sid) }), h('label', { for: `em-scope-${sid}` }, label)));
      const emStatus = txStatusLine();
      const emSubmit = button('Authorise for emergencies', null, { type: 'submit' });
      const emForm = h('form', { 'aria-labelledby': 'emergency-heading', novalidate: true },
        h('div', { class: 'field' }, h('label', { for: 'emergency-institution' }, 'Institution'), emInst),
        h('fieldset', { class: 'scopes' }, h('legend', null, 'Categories its clinicians may open in an emergency'), emBoxes),
        h('div', { class: 'actions' }, emSubmit), emStatus);
      listInstitutions(provider).then((insts) => {
        institutionsById = new Map(insts.map((i) => [i.id, i]));
        replace(emInst, insts.filter((i) => !i.suspended).map((i) => h('option', { value: String(i.id) }, i.name)));
      }, () => {});
      emForm.addEventListener('submit', async (e) => {
        e.preventDefault();
        const id = Number(emInst.value);
        const mask = SCOPES.reduce((m, [sid]) => (emForm.querySelector(`#em-scope-${sid}`).checked ? m | (1 << sid) : m), 0) >>> 0;
        if (!id || !mask) {
          emStatus.textContent = 'Choose an institution and at least one category.';
          return;
        }
        const api = await ehr();
        const inst = await read(provider, 'EhrHub', 'institution', [id]);
        const groupKey = hexOf(inst[3]);
        // The keys travel sealed to the institution's group key: without one, an authorisation
        // would let its clinicians open emergency access and read nothing (the contract refuses it).
        if (ZERO32.test(groupKey)) {
          emStatus.textContent = `${emergencyName(id)} has not set up its group key yet, so it cannot receive your keys. Ask it to create one, then authorise it.`;
          return;
        }
        const wrapped = api.records.grants.create(keys.chartRoot, api.fromHex(groupKey), mask, await epochsOf(provider, s.account));
        const r = await sendTx(app, { button: emSubmit, status: emStatus, contract: 'EhrHub', fn: 'setEmergencyInstitution', args: [id, mask, wrapped], action: 'authorising emergency access',
          success: 'Authorised for emergencies' });
        if (r) loadEmergency();
      });

      // Authorisations in force. Withdrawing advances the epochs of those categories (the
      // contract does it), so the page shares the new keys with everyone else who holds them.
      // After the institution rotates its group key, renewing = withdrawing, then authorising
      // again with the new keys sealed to the new group key.
      const emList = h('ul', { class: 'cards', 'aria-labelledby': 'emergency-list-heading' });
      const emListStatus = h('p', { class: 'muted', role: 'status' }, 'Loading…');
      const withdraw = async (btn, status, a) => {
        const r = await sendTx(app, { button: btn, status, contract: 'EhrHub', fn: 'setEmergencyInstitution', args: [a.id, 0, new Uint8Array(0)], action: 'withdrawing the emergency authorisation', success: `${a.name} can no longer open emergency access` });
        if (!r) return false;
        try {
          await reshare(a.scopes, reshareStatus);
        } catch (e) {
          reshareStatus.textContent = 'The new keys were not shared: the others with access cannot read records added from now on until they are.';
          app.fail(e, { action: 'sharing the new keys with the others who have access', retry: () => reshare(a.scopes, reshareStatus) });
        }
        return true;
      };
      const renewEmergency = async (btn, status, a) => {
        if (!(await withdraw(btn, status, a))) return;
        try {
          const api = await ehr();
          const now = await read(provider, 'EhrHub', 'institution', [a.id]);
          const payload = api.records.grants.create(keys.chartRoot, api.fromHex(hexOf(now[3])), a.scopes, await epochsOf(provider, s.account));
          reshareStatus.textContent = `Authorising ${a.name} again with the new keys…`;
          await write(provider, s.account, 'EhrHub', 'setEmergencyInstitution', [a.id, a.scopes, payload]);
          reshareStatus.textContent = `Emergency authorisation of ${a.name} renewed: sealed to its new group key.`;
        } catch (e) {
          reshareStatus.textContent = 'The emergency authorisation was withdrawn but not set again.';
          app.fail(e, { action: 'authorising again for emergencies' });
        }
        loadEmergency();
      };
      // Emergency windows open now. Ending one ends the institution's authorisation too (the
      // contract replaces the keys its clinicians held); authorise it again to allow new openings.
      const endWindow = async (btn, status, w) => {
        const r = await sendTx(app, { button: btn, status, contract: 'EhrHub', fn: 'closeEmergencyAccess', args: [s.account, w.member], action: 'ending emergency access',
          success: `Emergency access ended; ${emergencyName(w.institutionId)} can no longer open emergency access until you authorise it again` });
        if (!r) return;
        try {
          await reshare(w.scopes, reshareStatus);
        } catch (e) {
          reshareStatus.textContent = 'The new keys were not shared: the others with access cannot read records added from now on until they are.';
          app.fail(e, { action: 'sharing the new keys with the others who have access', retry: () => reshare(w.scopes, reshareStatus) });
        }
        loadEmergency();
      };
      const loadEmergency = async () => {
        try {
          const insts = await listInstitutions(provider);
          institutionsById = new Map(insts.map((i) => [i.id, i]));
          const authorised = (await listGrants(provider, s.account)).filter((g) => g.tag === GRANTEE_TAG.EMERGENCY && g.inForce);
          const items = [];
          for (const g of authorised) {
            const inst = institutionsById.get(g.institutionId) ?? { id: g.institutionId, name: emergencyName(g.institutionId) };
            const [set, rotated] = await Promise.all([
              events(provider, 'EhrHub', await topicsOf('EhrHub', 'EmergencyInstitutionSet', [s.account, inst.id])),
              events(provider, 'EhrHub', await topicsOf('EhrHub', 'GroupKeyPublished', [inst.id])),
            ]);
            const last = (evs) => evs.reduce((m, ev) => Math.max(m, ev.blockNumber * 1e6 + ev.logIndex), -1);
            const a = { id: inst.id, name: inst.name, scopes: g.scopes, stale: !g.keysCurrent || last(rotated) > last(set) };
            const status = txStatusLine();
            items.push(h('li', { class: 'panel', dataset: { emergencyInstitution: String(inst.id) } },
              h('h3', null, inst.name),
              h('p', null, `May open in an emergency: ${scopeList(g.scopes).join(', ')}.`),
              a.stale ? h('p', { class: 'notice notice-warning', role: 'note' }, 'This institution changed its group key. Renew the authorisation so that only its current members can open these categories in an emergency.') : null,
              h('div', { class: 'actions' },
                a.stale ? button('Renew the authorisation', (e) => renewEmergency(e.currentTarget, status, a), { 'aria-label': `Renew the authorisation of ${inst.name} for emergencies` }) : null,
                button('Withdraw', async (e) => {
                  if (await withdraw(e.currentTarget, status, a)) loadEmergency();
                }, { variant: 'danger', 'aria-label': `Withdraw the emergency authorisation of ${inst.name}` })),
              status));
          }
          replace(emList, items);
          emListStatus.textContent = items.length === 0 ? 'No institution is authorised for emergencies.' : '';
          // Windows opened on this chart and still running.
          const opened = await events(provider, 'EhrHub', await topicsOf('EhrHub', 'EmergencyAccessOpened', [s.account]));
          const now = [];
          const seen = new Set();
          for (const ev of opened.reverse()) {
            const member = String(ev.args.member);
            if (seen.has(member.toLowerCase())) continue;
            seen.add(member.toLowerCase());
            const st = await read(provider, 'EhrHub', 'emergencyAccess', [s.account, member]);
            if (st[3] !== true) continue;
            const w = { member, institutionId: Number(st[1]), scopes: authorised.find((g) => g.institutionId === Number(st[1]))?.scopes ?? 0, until: Number(st[0]) };
            const status = txStatusLine();
            now.push(h('li', { class: 'panel', dataset: { emergencyWindow: member.toLowerCase() } },
              h('h3', null, `${shortAddress(member)} of ${emergencyName(w.institutionId)}`),
              h('p', null, `Open until ${new Date(w.until * 1000).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })}.`),
              h('div', { class: 'actions' }, button('End it now', (e) => endWindow(e.currentTarget, status, w), { variant: 'danger', 'aria-label': `End it now: the emergency access of ${shortAddress(member)}` })),
              status));
          }
          replace(windowsList, now);
          windowsBox.hidden = now.length === 0;
        } catch (e) {
          emListStatus.textContent = 'The authorisations could not be loaded.';
          app.fail(e, { action: 'loading the emergency authorisations', retry: loadEmergency });
        }
      };
      const windowsList = h('ul', { class: 'cards', 'aria-labelledby': 'emergency-open-now-heading' });
      const windowsBox = h('div', { hidden: true }, h('h3', { id: 'emergency-open-now-heading' }, 'Open now'),
        h('p', { class: 'muted' }, 'Ending an emergency access also ends the institution’s authorisation: it gets new keys only if you authorise it again.'), windowsList);

      // Key rotation: after signing the key request on another site (or any doubt), move to new keys.
      const rotStatus = txStatusLine();
      const versionText = h('span', { id: 'key-version' }, `Key version ${keys.version}.`);
      const rotate = button('Move to new encryption keys', (e) => busy(e.currentTarget, async () => {
        try {
          rotStatus.textContent = s.wallet?.kind === 'builtin' ? 'Deriving the new keys…' : 'Approve the two signatures of the new key request in your wallet…';
          await rotateKeys(provider, s.account, (publicKey) => write(provider, s.account, 'EhrHub', 'rotatePatientKey', [publicKey]));
          versionText.textContent = `Key version ${keys.version}.`;
          rotStatus.textContent = 'New keys in use. Sharing them with everyone who has access…';
          await reshare(ALL_SCOPES, rotStatus);
          notify({ kind: 'success', key: 'rotate', title: 'New encryption keys', message: 'Records you add from now on use the new keys. Your older records stay readable to you and to those you share with.', timeoutMs: 8000 });
        } catch (err) {
          rotStatus.textContent = 'The keys were not changed completely.';
          app.fail(err, { action: 'moving to new encryption keys', key: 'rotate' });
        }
        load();
        loadEmergency();
      }), { variant: 'secondary' });

      append(body,
        h('h2', { id: 'grants-heading' }, 'Access in force'), endedBox, listStatus, list, reshareStatus,
        h('p', { class: 'muted' }, 'Revoking stops someone from reading records added from now on. What they already read cannot be taken back.'),
        h('h2', { id: 'grant-heading' }, 'Give access'), form,
        h('h2', { id: 'emergency-heading' }, 'Emergency access'),
        h('p', null, 'In an emergency, a clinician of an institution you authorise can open the categories you choose, for at most 24 hours, after giving a reason. You see each opening in Activity.'),
        h('p', { class: 'muted' }, 'The contract time-boxes the access and records it; the keys themselves are handed to the institution when you authorise it, and what its clinicians have read cannot be taken back.'),
        h('p', { class: 'muted' }, 'Opening emergency access is recorded on the blockchain with the clinician, the institution, the reason and the end time, and shown in Activity. The records a clinician opens during that time are not recorded one by one.'),
        h('h3', { id: 'emergency-list-heading' }, 'Authorised now'), emListStatus, emList, windowsBox,
        h('h3', null, 'Authorise an institution'),
        emForm,
        h('h2', { id: 'rotate-heading' }, 'Your encryption keys'),
        h('p', null, versionText, ' If you ever signed “EncryptionKeyRequest” for EHR anywhere but this page, or think someone may have your keys, move to new keys: records you add from then on use keys nobody else has, older records stay readable to you, and the page shares the new keys with everyone who has access now.'),
        h('div', { class: 'actions' }, rotate), rotStatus);
      load();
      loadEmergency();
    },
  });

  const activity = chartScreen(app, {
    path: '/chart/activity',
    title: 'Activity on your chart',
    needKeys: false,
    draw(body, s) {
      const list = h('ol', { class: 'activity', 'aria-labelledby': 'activity-heading' });
      const status = h('p', { class: 'muted', role: 'status' }, 'Loading…');
      append(body, h('h2', { id: 'activity-heading' }, 'Everything that happened, newest first'), status, list);
      (async () => {
        try {
          const items = await activityOf(app.wallet.provider(), s.account);
          replace(list, items.map((it) => h('li', null, h('time', null, it.when), ' ', it.text)));
          status.textContent = items.length === 0 ? 'Nothing yet.' : `${items.length} events.`;
        } catch (e) {
          status.textContent = 'The activity could not be loaded.';
          app.fail(e, { action: 'loading the activity' });
        }
      })();
    },
  });

  const appointments = chartScreen(app, {
    path: '/chart/appointments',
    title: 'Your appointments',
    needKeys: false,
    draw(body, s) {
      const provider = app.wallet.provider();
      const list = h('ul', { class: 'cards', 'aria-labelledby': 'appointments-heading' });
      const status = h('p', { class: 'muted', role: 'status' }, 'Loading…');
      let directory = [];
      const load = async () => {
        try {
          const { listAppointments, APPOINTMENT_STATUS } = await import('../chain/appointments.js');
          if (directory.length === 0) {
            const fresh = await granteeDirectory(provider);
            await Promise.all(fresh.map(async (d) => { d.grantee = (await granteeId(provider, d)).toLowerCase(); }));
            directory = fresh;
            replace(who, h('option', { value: '' }, 'Choose…'), directory.map((d, i) => h('option', { value: String(i) }, d.label)));
          }
          const all = await listAppointments(provider, { patient: s.account });
          replace(list, all.map((a) => {
            const st = txStatusLine();
            const name = directory.find((d) => d.grantee === hexOf(a.provider).toLowerCase())?.label ?? shortAddress(hexOf(a.provider));
            return h('li', { class: 'panel', dataset: { appointment: String(a.id) } },
              h('h3', null, `${new Date(a.start * 1000).toLocaleString('en-GB', { dateStyle: 'full', timeStyle: 'short' })}`),
              h('p', null, `With ${name}, ${Math.round(a.duration / 60)} minutes. `, h('span', { class: ['badge', a.status === 2 ? 'badge-ok' : a.status >= 3 ? 'badge-bad' : null] }, APPOINTMENT_STATUS[a.status] ?? '?')),
              a.status <= 2 ? h('div', { class: 'actions' }, button('Cancel', async (e) => {
                const r = await sendTx(app, { button: e.currentTarget, status: st, contract: 'EhrAppointments', fn: 'cancelAppointment', args: [a.id], action: 'cancelling the appointment', success: 'Appointment cancelled' });
                if (r) load();
              }, { variant: 'secondary', 'aria-label': `Cancel the appointment of ${new Date(a.start * 1000).toLocaleDateString('en-GB')}` })) : null, st);
          }));
          status.textContent = all.length === 0 ? 'No appointment.' : `${all.length} appointment${all.length === 1 ? '' : 's'}.`;
        } catch (e) {
          status.textContent = 'The appointments could not be loaded.';
          app.fail(e, { action: 'loading the appointments', retry: load });
        }
      };
      const who = h('select', { name: 'provider' });
      const whoField = field({ label: 'With', control: who });
      const day = field({ label: 'Day', control: h('input', { type: 'date', name: 'day' }) });
      const time = field({ label: 'Time', control: h('input', { type: 'time', name: 'time', value: '09:00' }) });
      const length = field({ label: 'Length', control: h('select', { name: 'length' }, [[900, '15 minutes'], [1800, '30 minutes'], [3600, '1 hour']].map(([v, l]) => h('option', { value: String(v) }, l))) });
      const st = txStatusLine();
      const submit = button('Request the appointment', null, { type: 'submit' });
      const form = h('form', { 'aria-labelledby': 'request-heading', novalidate: true }, whoField.wrap, day.wrap, time.wrap, length.wrap, h('div', { class: 'actions' }, submit), st);
      const save = keepDraft('appointment', form);
      form.addEventListener('submit', async (e) => {
        e.preventDefault();
        save();
        const entry = directory[Number(who.value)];
        const start = Math.floor(new Date(`${day.control.value}T${time.control.value || '09:00'}`).getTime() / 1000);
        whoField.setError(entry ? null : 'Choose a clinician or an institution.');
        day.setError(Number.isFinite(start) && start * 1000 > Date.now() ? null : 'Choose a day and time in the future.');
        if (!entry || !(Number.isFinite(start) && start * 1000 > Date.now())) return;
        const r = await sendTx(app, { button: submit, status: st, contract: 'EhrAppointments', fn: 'requestAppointment', args: [entry.grantee, start, Number(length.control.value)], action: 'requesting the appointment', success: 'Appointment requested' });
        if (r) {
          dropDraft('appointment');
          load();
        }
      });
      append(body, h('h2', { id: 'appointments-heading' }, 'Appointments'), status, list, h('h2', { id: 'request-heading' }, 'Request an appointment'), form);
      load();
    },
  });

  const family = chartScreen(app, {
    path: '/chart/family',
    title: 'Your family links',
    needKeys: false,
    async draw(body, s) {
      const { familyPanel } = await import('./family.js');
      append(body, familyPanel(app, s));
    },
  });

  return { '/chart': records, '/chart/add': add, '/chart/access': access, '/chart/appointments': appointments, '/chart/family': family, '/chart/activity': activity };
}

const REASONS = { 1: 'patient unconscious or unable to consent', 2: 'life-threatening condition', 3: 'acute confusion or incapacity', 4: 'major trauma', 5: 'poisoning or overdose', 6: 'other emergency documented in the chart' };

/** The patient's audit trail: every event with the patient as first indexed topic, as sentences. */
async function activityOf(provider, patient) {
  const api = await ehr();
  const topic = `0x${'0'.repeat(24)}${patient.slice(2).toLowerCase()}`;
  const evs = await events(provider, 'EhrHub', [null, topic]);
  if (hasContract('EhrAppointments')) evs.push(...await events(provider, 'EhrAppointments', [null, topic]));
  const times = new Map();
  const when = async (e) => {
    if (e.blockTimestamp) return e.blockTimestamp;
    if (!times.has(e.blockNumber)) {
      const b = await provider.request({ method: 'eth_getBlockByNumber', params: [`0x${e.blockNumber.toString(16)}`, false] });
      times.set(e.blockNumber, Number.parseInt(b.timestamp, 16));
    }
    return times.get(e.blockNumber);
  };
  const who = (a) => (String(a).toLowerCase() === patient.toLowerCase() ? 'you' : shortAddress(String(a)));
  const out = [];
  for (const e of evs.sort((a, b) => b.blockNumber - a.blockNumber || b.logIndex - a.logIndex)) {
    const a = e.args;
    let text;
    switch (e.name) {
      case 'PatientRegistered': text = 'You registered as a patient.'; break;
      case 'PatientKeyRotated': text = 'You changed your encryption key.'; break;
      case 'AccessGranted': text = `Access given to ${shortAddress(hexOf(a.grantee))} for ${scopeList(Number(a.scopes)).join(', ')}.`; break;
      case 'AccessRevoked': text = `Access of ${shortAddress(hexOf(a.grantee))} revoked (${scopeList(Number(a.scopes)).join(', ')}).`; break;
      case 'AccessExpired': text = `Access of ${shortAddress(hexOf(a.grantee))} expired.`; break;
      case 'EpochsAdvanced': text = `New keys for ${scopeList(Number(a.scopes)).join(', ')}: records added from now on are closed to revoked parties.`; break;
      case 'RecordAdded': text = `Record ${a.recordId} added (${scopeLabel(Number(a.scope))}) by ${who(a.author)}${Number(a.previous) ? `, a new version of record ${a.previous}` : ''}.`; break;
      case 'RecordRedacted': text = `Record ${a.recordId} redacted by ${who(a.by)}.`; break;
      case 'EmergencyInstitutionSet': text = `Emergency access authorised for institution ${a.institutionId} (${scopeList(Number(a.scopes)).join(', ') || 'none'}).`; break;
      case 'EmergencyAccessOpened': text = `Emergency access opened by ${who(a.member)} of institution ${a.institutionId}: ${REASONS[Number(a.reason)] ?? 'reason not listed'}.`; break;
      case 'EmergencyAccessClosed': text = `Emergency access of ${who(a.member)} ended.`; break;
      case 'NonceConsumed': text = `A consent you signed was submitted by ${who(a.submitter)}.`; break;
      case 'FamilyLinkProposed': text = 'You proposed a family link.'; break;
      case 'FamilyLinkConfirmed': text = 'A family link was confirmed.'; break;
      case 'FamilyLinkDissolved': text = 'A family link was dissolved.'; break;
      case 'AppointmentRequested': text = `Appointment ${a.appointmentId} requested.`; break;
      case 'AppointmentStatusChanged': text = `Appointment ${a.appointmentId} changed by ${who(a.actor)}.`; break;
      default: text = `${e.name}.`;
    }
    const t = await when(e);
    out.push({ when: new Date(t * 1000).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' }), text });
  }
  void api;
  return out;
}
