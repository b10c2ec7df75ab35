// Pieces shared by the patient's and the clinician's screens: the key-unlock panel, the names of
// the people and institutions a screen shows (with their addresses one click away), and
// (re-exported from where they live) the record timeline (chart-timeline.js, chart-record.js),
// the record forms with their progress (chart-add.js, chart-progress.js) and names for scopes
// (records/scopes.js).
import { h, button, busy } from '../dom.js';
import { t, translate, intlLocale, locale } from '../i18n.js';
import { notify } from '../notices.js';
import { ehr } from '../module.js';
import { fullAddress, hexOf, sameAddress, shortAddress, useChecksum } from '../format.js';
import { eventsInBlock, read, topicsOf } from '../chain/contracts.js';
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
 * events only; the hub keeps the block of each listing, so a name is looked up per address: one
 * EhrLens.nameBlocks call per page of 250 accounts and institutions, then one eth_getLogs per
 * block holding listings asked for (fromBlock = toBlock), whatever the chain's length. What was
 * found is kept for the session (lock forgets it). Screens draw with namesNow() at once and fill
 * names in from namesFor(). Also installs EIP-55 checksumming for every address the page writes
 * (format.js), so that one account always reads the same.
 *
 * `want` names what the screen shows: accounts (addresses), institutions (ids) and grantees (ids);
 * they are looked up (again: a member invited anew has a newer listing), with whatever the table
 * was asked about without knowing it (an address drawn by namesNow's table), and the table comes
 * back with them. Without `want`, the table comes back after the next look-up, of what it is asked
 * about and does not know (a screen that draws with namesNow() first); never if it knows it all.
 * @param {{ accounts?: string[], institutions?: (number | bigint)[], grantees?: string[] }} [want]
 * @returns {Promise<Names>}
 * @typedef {{ account: (address: string) => string, about: (address: string) => Node[] | null,
 *   institution: (id: number) => string, knownInstitution: (id: number) => boolean,
 *   memberLabel: (address: string) => string | null, memberNodes: (address: string) => Node[] | null,
 *   grantee: (id: string) => string,
 *   granteeAccount: (id: string) => string | null, isYou: (address: string) => boolean }} Names
 */
export async function loadNames(app, want) {
  const st = registry(app);
  const table = tableOf(st, app.stateNow().account);
  useChecksum((await ehr()).address.toChecksum);
  if (!want) {
    // The next look-up: of what a screen drawing by namesNow() asks the table about. (None: the
    // names drawn were all known.)
    await new Promise((resolve) => st.waiters.add({ resolve }));
    return table;
  }
  const accounts = new Set((want.accounts ?? []).filter(Boolean).map((a) => String(a).toLowerCase()));
  const institutions = new Set((want.institutions ?? []).map(Number).filter((id) => id > 0));
  for (const g of want.grantees ?? []) {
    const p = parseGrantee(g);
    if (p.tag === GRANTEE_TAG.MEMBER) accounts.add(p.account.toLowerCase());
    else if (p.institutionId > 0) institutions.add(p.institutionId);
  }
  for (const a of st.missing.accounts) accounts.add(a);
  for (const id of st.missing.institutions) institutions.add(id);
  st.missing.accounts.clear();
  st.missing.institutions.clear();
  await lookUp(st, [...accounts], [...institutions]);
  settle(st);
  return table;
}

/** Most accounts and institutions EhrLens.nameBlocks reads per call. */
const NAME_PAGE = 250;

/**
 * The registry's names known in this session (lock forgets them), for one provider: people
 * (lower-case address -> listing), institutions (id -> name), where each listing was found
 * (`blocks`, also for those with none: 0), what is being looked up (`asking`), what tables were
 * asked about without knowing it (`missing`, looked up at the next turn), nodes waiting for a
 * name, and the screens waiting.
 */
let session = null;
onWipe(() => {
  session = null;
});

function registry(app) {
  const provider = app.wallet.provider();
  if (session?.provider !== provider)
    session = {
      provider,
      people: new Map(),
      institutions: new Map(),
      blocks: new Map(),
      asking: new Set(),
      missing: { accounts: new Set(), institutions: new Set() },
      flushing: null,
      busy: Promise.resolve(),
      waiters: new Set(),
      nodes: new Map(),
      tables: new Map(),
    };
  return session;
}

/** The live table of `me` over the session's names (the same object while the session lasts). */
function tableOf(st, me) {
  const key = String(me ?? '').toLowerCase();
  if (!st.tables.has(key))
    st.tables.set(
      key,
      nameTable(me, st.institutions, st.people, (k, v) => ask(st, k, v)),
    );
  return st.tables.get(key);
}

/** A table was asked about an account ('a') or institution ('i') it does not know: look it up soon. */
function ask(st, kind, v) {
  const key = kind === 'a' ? String(v).toLowerCase() : Number(v);
  if (kind === 'i' && !(key > 0)) return;
  if (st.blocks.has(`${kind}:${key}`) || st.asking.has(`${kind}:${key}`)) return;
  const set = kind === 'a' ? st.missing.accounts : st.missing.institutions;
  if (set.has(key)) return;
  set.add(key);
  if (set.size + (kind === 'a' ? st.missing.institutions.size : st.missing.accounts.size) === 1)
    setTimeout(() => flush(st), 0);
}

/** Looks up what the tables were asked about, then tells the nodes and screens waiting. */
async function flush(st) {
  if (session !== st) return;
  const accounts = [...st.missing.accounts];
  const institutions = [...st.missing.institutions];
  st.missing.accounts.clear();
  st.missing.institutions.clear();
  if (accounts.length === 0 && institutions.length === 0) return;
  const run = lookUp(st, accounts, institutions).catch(() => {});
  st.flushing = run;
  await run;
  if (st.flushing === run) st.flushing = null;
  settle(st);
}

/** After a look-up: fills in the nodes drawn by address whose name is now known; wakes the screens. */
function settle(st) {
  for (const [a, nodes] of st.nodes) {
    const p = st.people.get(a);
    if (!p && !st.blocks.has(`a:${a}`)) continue;
    st.nodes.delete(a);
    if (p?.name) for (const node of nodes) node.textContent = p.name;
  }
  if (st.missing.accounts.size || st.missing.institutions.size || st.flushing) return;
  const waiting = [...st.waiters];
  st.waiters.clear();
  for (const w of waiting) w.resolve();
}

/**
 * The listings of `accounts` and `institutions`: EhrLens.nameBlocks per page of 250, then one log
 * query per block holding any of them (MemberAdded of those accounts, InstitutionAdded of those
 * ids; a block read before in this session not again), and once more for the institutions of the
 * clinicians found that are not known yet. One look-up at a time (a second waits for the first).
 */
function lookUp(st, accounts, institutions) {
  const keys = [...accounts.map((a) => `a:${a}`), ...institutions.map((id) => `i:${id}`)];
  for (const k of keys) st.asking.add(k);
  const run = st.busy.then(async () => {
    const found = await readListings(st, accounts, institutions);
    const theirs = [...new Set(found.map((a) => st.people.get(a)?.institutionId))].filter(
      (id) => id > 0 && !st.institutions.has(id) && !institutions.includes(id),
    );
    if (theirs.length) await readListings(st, [], theirs);
  });
  const done = () => {
    for (const k of keys) st.asking.delete(k);
  };
  run.then(done, done);
  st.busy = run.catch(() => {});
  return run;
}

/** One round of lookUp: the accounts whose listing was read (lower case). */
async function readListings(st, accounts, institutions) {
  const { provider } = st;
  const [memberTopic, institutionTopic] = await Promise.all([
    topicsOf('EhrHub', 'MemberAdded').then((x) => x[0]),
    topicsOf('EhrHub', 'InstitutionAdded').then((x) => x[0]),
  ]);
  /** block -> accounts / ids listed there that were not read from that block yet. */
  const memberBlocks = new Map();
  const institutionBlocks = new Map();
  let current = 0;
  for (let i = 0; i < Math.max(accounts.length, institutions.length); i += NAME_PAGE) {
    const a = accounts.slice(i, i + NAME_PAGE);
    const ids = institutions.slice(i, i + NAME_PAGE);
    const [now, mb, ib] = await read(provider, 'EhrLens', 'nameBlocks', [a, ids]);
    current = Number(now);
    const note = (kind, key, b, into) => {
      const k = `${kind}:${key}`;
      if (b > 0 && st.blocks.get(k) !== b) into.set(b, [...(into.get(b) ?? []), key]);
      else st.blocks.set(k, b); // none (0), or read already
    };
    a.forEach((x, j) => note('a', x, Number(mb[j]), memberBlocks));
    ids.forEach((x, j) => note('i', x, Number(ib[j]), institutionBlocks));
  }
  const word = (v) => `0x${BigInt(v).toString(16).padStart(64, '0')}`;
  const oneOrMany = (list) => (list.length === 1 ? list[0] : list);
  const opts = { current };
  const found = [];
  await Promise.all([
    ...[...memberBlocks].map(async ([b, list]) => {
      const topics = [memberTopic, null, oneOrMany(list.map(word))];
      for (const e of await eventsInBlock(provider, 'EhrHub', topics, b, opts)) {
        // Oldest first: the latest listing of an account in the block stays.
        const a = String(e.args.member).toLowerCase();
        st.people.set(a, {
          name: String(e.args.displayName),
          role: Number(e.args.role),
          specialty: String(e.args.specialty ?? ''),
          institutionId: Number(e.args.institutionId),
        });
        st.blocks.set(`a:${a}`, b);
        found.push(a);
      }
    }),
    ...[...institutionBlocks].map(async ([b, list]) => {
      const topics = [institutionTopic, oneOrMany(list.map(word))];
      for (const e of await eventsInBlock(provider, 'EhrHub', topics, b, opts)) {
        st.institutions.set(Number(e.args.institutionId), String(e.args.name));
        st.blocks.set(`i:${Number(e.args.institutionId)}`, b);
      }
    }),
  ]);
  return found;
}

/**
 * Names at once, with no request: the table of the connected account over the names found so far
 * in this session (else addresses only: "you", short addresses); what a screen then asks it about
 * and it does not know is looked up at the next turn (loadNames without a list waits for that);
 * with EIP-55 checksumming installed.
 * @returns {Promise<Names>}
 */
export async function namesNow(app) {
  const me = app.stateNow().account;
  useChecksum((await ehr()).address.toChecksum);
  return tableOf(registry(app), me);
}

/**
 * The Names of `me`, over the institutions (id -> name) and people (lower-case address -> listing)
 * known. Names are data (shown in elements marked translate="no": who(), institutionNode()); the
 * words around them ("you", a role, "(emergencies)") are messages of the catalogue.
 */
function nameTable(me, institutions = new Map(), people = new Map(), ask = () => {}) {
  // A name asked for and not known is looked up (`ask`), but not by a label the directory has one
  // for (memberLabel, memberNodes, knownInstitution: what a grant form lists).
  const knownInstitution = (id) => institutions.has(Number(id));
  const institution = (id) =>
    institutions.get(Number(id)) ?? (ask('i', id), t('an institution not in the registry ({id})', { id: String(id) }));
  const isYou = (a) => Boolean(me) && sameAddress(a, me);
  const listed = (a) => people.get(String(a).toLowerCase()) ?? null;
  const listing = (a) => listed(a) ?? (ask('a', a), null);
  const account = (a) => (isYou(a) ? translate('you') : listing(a)?.name || shortAddress(a));
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
      const p = listed(a);
      if (!p) return null;
      const params = { name: p.name || shortAddress(a), role: roleOf(p), institution: institution(p.institutionId) };
      return p.specialty
        ? t('{name}, {role} ({specialty}), {institution}', { ...params, specialty: p.specialty })
        : t('{name}, {role}, {institution}', params);
    },
    /** memberLabel() as nodes, the name, specialty and institution marked as data; or null. */
    memberNodes(a) {
      const p = listed(a);
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

/**
 * loadNames(), or the names known so far (else by address only: "you", short addresses) when the
 * registry cannot be read.
 */
export const namesFor = (app, want) => loadNames(app, want).catch(() => namesNow(app));

/**
 * What decoded events name, for loadNames: their address arguments (accounts), grantee and
 * provider ids (grantees) and institution ids.
 * @param {{ args: Record<string, any> }[]} evs
 */
export function namedIn(evs) {
  const accounts = new Set();
  const institutions = new Set();
  const grantees = new Set();
  for (const e of evs)
    for (const [k, v] of Object.entries(e.args ?? {})) {
      if (k === 'institutionId') institutions.add(Number(v));
      else if (k === 'grantee' || k === 'provider') grantees.add(hexOf(v));
      else if (typeof v === 'string' && /^0x[0-9a-fA-F]{40}$/.test(v)) accounts.add(v.toLowerCase());
    }
  return { accounts: [...accounts], institutions: [...institutions], grantees: [...grantees] };
}

/**
 * An account in a sentence: its name (or short address), with the full address as its title
 * (data, translate="no"); the connected account is "you", a word of the page. An account whose
 * name the session is still looking up is drawn by address, and named when the name arrives.
 * @param {Names} table
 */
export function who(table, address) {
  if (table.isYou(address)) return h('span', { class: 'who' }, table.account(address));
  const node = h('span', { class: 'who', title: fullAddress(address), translate: 'no' }, table.account(address));
  // Drawn by address while the session looks its name up: the name replaces it once found.
  const a = String(address).toLowerCase();
  const st = session;
  if (st && !st.people.has(a) && !st.blocks.has(`a:${a}`) && [...st.tables.values()].includes(table)) {
    if (!st.nodes.has(a)) st.nodes.set(a, new Set());
    st.nodes.get(a).add(node);
  }
  return node;
}

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
