// Pieces shared by the patient's and the clinician's screens: the key-unlock panel, the names of
// the people and institutions a screen shows (with their addresses one click away), and
// (re-exported from where they live) the record timeline (chart-timeline.js, chart-record.js),
// the record forms with their progress (chart-add.js, chart-progress.js) and names for scopes
// (records/scopes.js).
import { h, button, busy } from '../dom.js';
import { t, translate, intlLocale, locale } from '../i18n.js';
import { notify } from '../notices.js';
import { ehr } from '../module.js';
import { fullAddress, sameAddress, shortAddress, useChecksum } from '../format.js';
import { events, topicsOf } from '../chain/contracts.js';
import { MEMBER_ROLES } from '../chain/roles.js';
import { unlockKeys } from '../records/account-keys.js';
import { onWipe } from '../key-registry.js';
import { GRANTEE_TAG, parseGrantee } from '../records/access.js';

export { SCOPES, scopeLabel, scopeList } from '../records/scopes.js';
export { timeline } from './chart-timeline.js';
export { addRecordForms } from './chart-add.js';

/**
 * The panel that asks the wallet for the key signature, with the warning the record format asks
 * for. Calls onUnlocked(keys) once the keys are in memory.
 */
export function unlockPanel(app, { purpose, onUnlocked }) {
  const status = h('p', { class: 'muted', role: 'status' });
  const go = button('Unlock my records', async (e) => {
    await busy(e.currentTarget, async () => {
      const s = app.stateNow();
      status.textContent = translate(
        s.wallet?.kind === 'builtin' ? 'Deriving your keys…' : 'Approve the two signature requests in your wallet…',
      );
      try {
        app.session.activate();
        const keys = await unlockKeys(app.wallet.provider(), s.account);
        status.textContent = '';
        onUnlocked(keys);
      } catch (err) {
        status.textContent = '';
        if (err?.code === 'ERR_UNSTABLE_SIGNATURE') {
          notify({
            kind: 'error',
            key: 'unlock',
            title: 'This wallet cannot hold your record keys',
            message:
              'It signed the same request differently twice, so your keys would change from one visit to the next.',
            advice: 'Use another wallet (most extension wallets sign the same way every time), or the built-in wallet.',
          });
        } else {
          app.fail(err, { action: 'unlocking your records', key: 'unlock' });
        }
      }
    });
  });
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'unlock-heading' },
    h('h2', { id: 'unlock-heading' }, 'Unlock your records'),
    h('p', null, purpose),
    h(
      'p',
      null,
      h(
        'strong',
        null,
        'Your wallet will ask you to sign “EncryptionKeyRequest” twice. Sign it only on this page: anyone who gets this signature can read your records. Another site asking for it is trying to steal them.',
      ),
    ),
    h('div', { class: 'actions' }, go),
    status,
  );
}

/**
 * The names of the accounts, grantees and institutions a screen shows, from the public registry:
 * clinicians by the listing they accepted (MemberAdded: display name, role, institution; the
 * latest listing of each account, kept after they leave, as the records they wrote keep their
 * author), institutions by their name (InstitutionAdded), and "you" for the connected account.
 * Patients have no public name: they are shown by their address. The names are in the registry's
 * events only (no view lists them: EhrLens pages institutions and accounts without names), so this
 * is two log queries over the history since the deployment, read again only for new blocks: many
 * requests on a long chain. Screens draw with namesNow() at once and fill names in from
 * namesFor(). Also installs EIP-55 checksumming for every address the page writes (format.js), so
 * that one account always reads the same.
 * @returns {Promise<Names>}
 * @typedef {{ account: (address: string) => string, about: (address: string) => Node[] | null,
 *   institution: (id: number) => string, knownInstitution: (id: number) => boolean,
 *   memberLabel: (address: string) => string | null, memberNodes: (address: string) => Node[] | null,
 *   grantee: (id: string) => string,
 *   granteeAccount: (id: string) => string | null, isYou: (address: string) => boolean }} Names
 */
export function loadNames(app) {
  const provider = app.wallet.provider();
  const me = app.stateNow().account;
  // One read at a time: a screen asking while one is under way shares it.
  if (reading && reading.provider === provider && reading.me === me) return reading.promise;
  const promise = readNames(provider, me).then((names) => {
    if (reading?.promise === promise) lastNames = { me, names };
    return names;
  });
  const done = () => {
    if (reading?.promise === promise) reading = null;
  };
  promise.then(done, done);
  reading = { provider, me, promise };
  return promise;
}

/** The names read last in this session, and the read under way (lock forgets both). */
let lastNames = null;
let reading = null;
onWipe(() => {
  lastNames = null;
  reading = null;
});

/**
 * Names at once, with no request: those read last in this session for the connected account,
 * else addresses only ("you", short addresses); with EIP-55 checksumming installed.
 * @returns {Promise<Names>}
 */
export async function namesNow(app) {
  const me = app.stateNow().account;
  useChecksum((await ehr()).address.toChecksum);
  return lastNames && lastNames.me === me ? lastNames.names : nameTable(me);
}

/** loadNames' reading: the registry's two log queries. */
async function readNames(provider, me) {
  const [api, added, joined] = await Promise.all([
    ehr(),
    topicsOf('EhrHub', 'InstitutionAdded').then((topics) => events(provider, 'EhrHub', topics)),
    topicsOf('EhrHub', 'MemberAdded').then((topics) => events(provider, 'EhrHub', topics)),
  ]);
  useChecksum(api.address.toChecksum);
  const institutions = new Map(added.map((e) => [Number(e.args.institutionId), String(e.args.name)]));
  const people = new Map(); // oldest first: the latest listing of an account stays
  for (const e of joined) {
    people.set(String(e.args.member).toLowerCase(), {
      name: String(e.args.displayName),
      role: Number(e.args.role),
      specialty: String(e.args.specialty ?? ''),
      institutionId: Number(e.args.institutionId),
    });
  }
  return nameTable(me, institutions, people);
}

/**
 * The Names of `me`, over the institutions (id -> name) and people (lower-case address -> listing)
 * known. Names are data (shown in elements marked translate="no": who(), institutionNode()); the
 * words around them ("you", a role, "(emergencies)") are messages of the catalogue.
 */
function nameTable(me, institutions = new Map(), people = new Map()) {
  const knownInstitution = (id) => institutions.has(Number(id));
  const institution = (id) =>
    institutions.get(Number(id)) ?? t('an institution not in the registry ({id})', { id: String(id) });
  const isYou = (a) => Boolean(me) && sameAddress(a, me);
  const account = (a) => (isYou(a) ? translate('you') : people.get(String(a).toLowerCase())?.name || shortAddress(a));
  const listing = (a) => people.get(String(a).toLowerCase()) ?? null;
  const roleOf = (p) => translate(MEMBER_ROLES[p.role] ?? 'Member');
  const names = {
    isYou,
    account,
    institution,
    knownInstitution,
    /**
     * What an account is in the registry, as nodes: 'Doctor, Riverside General Hospital' (the
     * institution's name marked as data), or null.
     */
    about(a) {
      const p = listing(a);
      return p
        ? tNodes('{role}, {institution}', { role: roleOf(p), institution: institutionNode(names, p.institutionId) })
        : null;
    },
    /**
     * A clinician listed in the registry as a select's option names them, in the reader's
     * language: 'Dr Ada Okafor, Doctor (Cardiology), Riverside General Hospital'; null when the
     * registry does not list them.
     */
    memberLabel(a) {
      const p = listing(a);
      if (!p) return null;
      const params = { name: p.name || shortAddress(a), role: roleOf(p), institution: institution(p.institutionId) };
      return p.specialty
        ? t('{name}, {role} ({specialty}), {institution}', { ...params, specialty: p.specialty })
        : t('{name}, {role}, {institution}', params);
    },
    /** memberLabel() as nodes, the name, specialty and institution marked as data; or null. */
    memberNodes(a) {
      const p = listing(a);
      if (!p) return null;
      const data = (v) => h('span', { translate: 'no' }, v);
      const params = {
        name: data(p.name || shortAddress(a)),
        role: roleOf(p),
        institution: institutionNode(names, p.institutionId),
      };
      return p.specialty
        ? tNodes('{name}, {role} ({specialty}), {institution}', { ...params, specialty: data(p.specialty) })
        : tNodes('{name}, {role}, {institution}', params);
    },
    grantee(id) {
      const g = parseGrantee(id);
      if (g.tag === GRANTEE_TAG.MEMBER) return account(g.account);
      return g.tag === GRANTEE_TAG.EMERGENCY
        ? t('{institution} (emergencies)', { institution: institution(g.institutionId) })
        : institution(g.institutionId);
    },
    granteeAccount(id) {
      const g = parseGrantee(id);
      return g.tag === GRANTEE_TAG.MEMBER ? g.account : null;
    },
  };
  return names;
}

/** loadNames(), or names by address only ("you", short addresses) when the registry cannot be read. */
export const namesFor = (app) => loadNames(app).catch(() => nameTable(app.stateNow().account));

/**
 * An account in a sentence: its name (or short address), with the full address as its title
 * (data, translate="no"); the connected account is "you", a word of the page.
 * @param {Names} names
 */
export const who = (names, address) =>
  names.isYou(address)
    ? h('span', { class: 'who' }, names.account(address))
    : h('span', { class: 'who', title: fullAddress(address), translate: 'no' }, names.account(address));

/** An institution in a sentence: its registry name (data, translate="no"), else what it is. */
export const institutionNode = (names, id) =>
  names.knownInstitution(id)
    ? h('span', { translate: 'no' }, names.institution(id))
    : document.createTextNode(names.institution(id));

/** A grantee (an account, an institution or its emergency authorisation) in a sentence. */
export function granteeNode(names, id) {
  const account = names.granteeAccount(id);
  if (account) return who(names, account);
  const g = parseGrantee(id);
  return g.tag === GRANTEE_TAG.EMERGENCY
    ? h('span', null, tNodes('{institution} (emergencies)', { institution: institutionNode(names, g.institutionId) }))
    : institutionNode(names, g.institutionId);
}

/**
 * A message with values, as nodes: t(), except that a value may be a node (a name in an element
 * marked translate="no", a link) or an array of nodes and strings, placed where its {placeholder}
 * stands in the locale's text. Strings and numbers are values as in t() (numbers in the locale).
 * @param {string} source the English text (the message's key)
 * @param {Record<string, any>} [params]
 * @returns {Node[]}
 */
export function tNodes(source, params = {}) {
  const asNode = (v) => {
    if (v instanceof Node) return v;
    if (Array.isArray(v)) {
      const frag = document.createDocumentFragment();
      for (const x of v.flat(Infinity)) if (x !== null && x !== undefined && x !== false) frag.append(asNode(x));
      return frag;
    }
    return document.createTextNode(typeof v === 'number' ? new Intl.NumberFormat(intlLocale()).format(v) : String(v));
  };
  // The pseudo-locale brackets the whole message; split around its values, each piece of its text
  // is bracketed instead (so that a check of each text node still sees a message).
  let text = t(source);
  const pseudo = locale() === 'qps' && text !== source && text.startsWith('⟦') && text.endsWith('⟧');
  if (pseudo) text = text.slice(1, -1);
  const words = (s) => (pseudo && /\p{L}/u.test(s) ? `⟦${s}⟧` : s);
  return text
    .split(/(\{\w+\})/)
    .filter(Boolean)
    .map((part) => {
      const k = /^\{(\w+)\}$/.exec(part)?.[1];
      return k && Object.hasOwn(params, k) ? asNode(params[k]) : document.createTextNode(words(part));
    });
}

/**
 * A status line of records/access.js (settle, reshare: 'Sharing the new keys with Dr Ada
 * Okafor…') in the reader's language; the name in it is the one the screen gave as nameOf.
 */
export function accessStatus(text) {
  const m = /^Sharing the new keys with (.*)…$/su.exec(text);
  if (!m) return translate(text);
  return t('Sharing the new keys with {name}…', { name: m[1] === 'a grantee' ? translate('a grantee') : m[1] });
}

/**
 * A directory entry (records/grantees.js: clinicians, institutions, relatives) as a select's
 * option names it, in the reader's language: from the registry's listing where `names` has it,
 * else the entry's own label.
 * @param {Names | null} names
 */
export function granteeLabel(names, d) {
  if (d.type === 'member') return names?.memberLabel(d.id) ?? d.label;
  if (d.type === 'institution' && names?.knownInstitution(d.id))
    return t('{name} (any of its clinicians)', { name: names.institution(d.id) });
  return d.label;
}

/**
 * granteeLabel() as nodes for a heading: the names marked as data (an entry's own `nodes()` when
 * it has one, as the relatives listed on the Access screen do).
 * @param {Names} names
 */
export function granteeLabelNodes(names, d) {
  if (d.nodes) return d.nodes();
  if (d.type === 'member') {
    const nodes = names.memberNodes(d.id);
    if (nodes) return nodes;
  }
  if (d.type === 'institution' && names.knownInstitution(d.id))
    return tNodes('{name} (any of its clinicians)', { name: institutionNode(names, d.id) });
  return [h('span', { translate: 'no' }, d.label)];
}

/**
 * Full addresses one click away: a disclosure ("Address") listing each [label, address] in full
 * (EIP-55) with a Copy button. Null when the list is empty.
 * @param {[string, string][]} list
 */
export function addressDetails(list) {
  if (list.length === 0) return null;
  return h(
    'details',
    { class: 'history address' },
    h('summary', null, list.length === 1 ? 'Address' : 'Addresses'),
    list.map(([label, address]) => {
      const full = fullAddress(address);
      const code = h('code', null, full);
      return h(
        'p',
        null,
        label && label !== shortAddress(address) ? [h('span', { translate: 'no' }, label), ': '] : null,
        code,
        ' ',
        copyButton(full, { what: t('the address of {name}', { name: label || full }), select: code }),
      );
    }),
  );
}

/**
 * A "Copy" button that copies `text` to the clipboard, saying so; when the browser refuses, it
 * selects `select` (an element: a textarea's text, or a node's) and says to copy by hand.
 */
export function copyButton(text, { label = 'Copy', what = '', select = null } = {}) {
  return button(
    label,
    async () => {
      try {
        await navigator.clipboard.writeText(text);
        notify({ kind: 'success', key: 'copy', title: 'Copied', timeoutMs: 4000 });
      } catch {
        if (select instanceof HTMLTextAreaElement || select instanceof HTMLInputElement) select.select();
        else if (select) window.getSelection()?.selectAllChildren(select);
        notify({
          kind: 'info',
          key: 'copy',
          title: 'Select and copy it by hand',
          message: 'The browser did not allow copying from the page.',
        });
      }
    },
    { variant: 'secondary', ...(what ? { 'aria-label': `${translate(label)} ${what}` } : {}) },
  );
}
