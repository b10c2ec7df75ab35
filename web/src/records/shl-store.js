// SMART Health Links without a server: the shared content is encrypted in this page as a compact
// JWE (health/shl.js, dir / A256GCM, a fresh 32-byte key per link), the JWE is stored on IPFS
// through the page's upload endpoint, and the link names the file on the page's gateway with
// flag U (a single file fetched with GET). The key exists only in the link: the list of links
// this browser made (localStorage, per chain, hub and account) holds the CID, label, expiry and
// counts, never the key, so a link cannot be shown again after it is made. Withdrawing unpins the
// file on the upload node; a copy already fetched (or cached by a gateway) cannot be recalled.
// Incoming links are opened here too: U-flag files, and passcode (P-flag) links, whose manifest
// only the server that made them can answer, when the page may connect to that server.
import config from '../config.js';
import { HealthError } from '../health/errors.js';
import { t, translate } from '../i18n.js';
import { storageClients } from './chart.js';
import { listKey, readList, storeList } from './local-lists.js';

const PREFIX = 'ehr.shl.v1';
/** @type {Map<string, any[]>} the lists, when this browser refuses localStorage */
const fallback = new Map();

const keyOf = (account) => listKey(PREFIX, account);

/** The links `account` made in this browser, newest first. */
export function listLinks(account) {
  return readList(fallback, keyOf(account)).filter((e) => e && typeof e.cid === 'string');
}

function saveLinks(account, list) {
  const key = keyOf(account);
  try {
    storeList(key, list);
    fallback.delete(key);
  } catch {
    fallback.set(key, list);
  }
}

/** The gateway URL of a CID on the page's first gateway. */
const gatewayUrl = (cid) => `${String(config.gateways[0]).replace(/\/+$/, '')}/ipfs/${cid}`;

/**
 * Makes a link: encrypts `content` (a FHIR resource, usually a Bundle) under a fresh key, uploads
 * the JWE, remembers the link without its key, and returns the `shlink:/` link behind `viewer`.
 * @param {{ account: string, content: any, label?: string, days?: number | null, viewer?: string,
 *   what: string, count: number }} o
 */
export async function createLink(o) {
  const { generateShlKey, encryptShlFile, buildShlink } = await import('../health/shl.js');
  const { uploader } = await storageClients();
  if (!uploader)
    throw Object.assign(new Error(translate('This build has no upload endpoint.')), { code: 'ERR_NOT_AVAILABLE' });
  const key = generateShlKey();
  const jwe = await encryptShlFile(o.content, key, { contentType: 'application/fhir+json', zip: true });
  const { cid } = await uploader.add(new TextEncoder().encode(jwe));
  const url = gatewayUrl(cid);
  const exp = o.days ? Math.floor(Date.now() / 1000) + Math.round(o.days * 86400) : undefined;
  const label = o.label?.trim() || undefined;
  const link = buildShlink({ url, key, flag: 'U', label, exp }, { viewer: o.viewer });
  const entry = { cid, url, label, exp, createdAt: Math.floor(Date.now() / 1000), what: o.what, count: o.count };
  saveLinks(o.account, [entry, ...listLinks(o.account).filter((e) => e.cid !== cid)]);
  return { link, entry };
}

/**
 * Withdraws a link: unpins its file on the upload node (Kubo RPC pin/rm) and marks it withdrawn.
 * Resolves to { unpinned: boolean, message?: string } (a node may refuse or not know the pin;
 * `message` says why, in the page's language).
 */
export async function withdrawLink(account, cid) {
  let unpinned = false;
  let message;
  if (config.uploadUrl) {
    let api = String(config.uploadUrl).replace(/\/+$/, '');
    if (!api.endsWith('/api/v0')) api += '/api/v0';
    try {
      const res = await fetch(`${api}/pin/rm?arg=${encodeURIComponent(cid)}`, { method: 'POST' });
      unpinned = res.ok;
      if (!res.ok) message = t('the node answered {status}', { status: String(res.status) });
    } catch (e) {
      message = t('the node could not be reached ({reason})', { reason: e instanceof Error ? e.message : String(e) });
    }
  } else message = translate('this build has no upload node');
  saveLinks(
    account,
    listLinks(account).map((e) => (e.cid === cid ? { ...e, withdrawnAt: Math.floor(Date.now() / 1000), unpinned } : e)),
  );
  return { unpinned, message };
}

/** Forgets a link in this browser's list (the file itself is not touched). */
export function forgetLink(account, cid) {
  saveLinks(
    account,
    listLinks(account).filter((e) => e.cid !== cid),
  );
}

/** The CID of an IPFS path URL (…/ipfs/<cid>…), or null. */
function ipfsCid(url) {
  const u = new URL(url);
  return /\/ipfs\/([a-z0-9]+)(?:[/?#]|$)/i.exec(u.pathname + u.search)?.[1] ?? null;
}

/**
 * Whether the page may connect to `origin` (its Content-Security-Policy, web/build.mjs): its own
 * origin, its gateways and upload node, and the link servers its configuration names.
 */
function mayConnect(origin) {
  const allowed = [window.location.href, ...config.gateways, config.uploadUrl, ...(config.shlServerOrigins ?? [])];
  return allowed.some((u) => u && new URL(u).origin === origin);
}

/**
 * A fetch for links: the URL the link names when the page may connect there (on failure, an IPFS
 * path is fetched again from the page's own gateways, where every block is verified against the
 * CID); an IPFS path on a gateway the page may not reach goes to its own gateways at once.
 */
async function linkFetch(url, init) {
  const cid = (init?.method ?? 'GET') === 'GET' ? ipfsCid(url) : null;
  const fromGateway = async () => {
    const { gateway } = await storageClients();
    return new Response(await gateway.bytes(/** @type {string} */ (cid)), { status: 200 });
  };
  if (!mayConnect(new URL(url).origin)) {
    if (cid) return fromGateway();
    throw new HealthError('SHL_SERVER_NOT_ALLOWED', `this page may not connect to ${new URL(url).origin}`);
  }
  try {
    return await fetch(url, init);
  } catch (e) {
    if (!cid) throw e;
    return fromGateway();
  }
}

/**
 * Reads an incoming link (`shlink:/…` or a viewer URL with `#shlink:/…`) without fetching
 * anything: the parsed link (health/shl.js parseShlink: label, expiry, flags: `passcodeRequired`
 * for the P flag), the origin of the server that holds its files, and whether this page may reach
 * it (a U-flag file on IPFS always: the page's own gateways serve it).
 * @param {string} text
 */
export async function readLink(text) {
  const { parseShlink } = await import('../health/shl.js');
  const shl = parseShlink(text);
  const server = new URL(shl.url).origin;
  return { shl, server, reachable: mayConnect(server) || (shl.directFile && ipfsCid(shl.url) !== null) };
}

/**
 * Opens an incoming link: fetches and decrypts its files. A U-flag link is one GET of its file; any
 * other link is a POST of { recipient, passcode (P flag) } to its manifest URL on the server that
 * made it, which answers 401 with `remainingAttempts` to a wrong passcode (SHL_BAD_PASSCODE).
 * Fails with SHL_SERVER_NOT_ALLOWED when the page may not connect to that server. Resolves to
 * { shl, files, warnings } (health/shl.js fetchShl).
 * @param {string} text
 * @param {{ recipient?: string, passcode?: string }} [o]
 */
export async function openLink(text, o = {}) {
  const { fetchShl } = await import('../health/shl.js');
  const { shl, server, reachable } = await readLink(text);
  if (!reachable) throw new HealthError('SHL_SERVER_NOT_ALLOWED', `this page may not connect to ${server}`, { server });
  const r = await fetchShl(shl, {
    recipient: o.recipient?.trim() || 'EHR page (recipient not named)',
    passcode: o.passcode,
    fetch: linkFetch,
  });
  return { shl, ...r };
}
