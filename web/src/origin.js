// Origin isolation: the page decrypts health records in its own memory, so it must have an origin
// of its own. On a path gateway (https://gw.example/ipfs/<cid>/) every other site on the gateway
// has the same origin: its script could frame this page, or open it, and read whatever the page
// shows or holds once the user unlocks. A subdomain gateway (https://<cid>.ipfs.gw.example/),
// DNSLink or a plain web server gives the page an origin of its own. Framed by any page, the page
// could be clickjacked. In either case the page refuses to connect a wallet or derive a key
// (requireIsolation(), called by the wallet controller and the built-in wallet) and says where to
// open it instead.
//
// The CSP's frame-ancestors would stop framing on the browser's side, but browsers ignore it in a
// <meta> policy and gateways cannot send headers: the check of window.top here is the control.

/**
 * @typedef {{ isolated: true, framed: false, address: null }
 *   | { isolated: false, framed: true, address: null }
 *   | { isolated: false, framed: false, address: string | null }} Isolation
 *   framed: inside a frame of any page; otherwise not isolated means a path gateway, and
 *   `address` is the page's subdomain-gateway address (null when none can be made from the path).
 */

/**
 * @typedef {{ protocol: string, hostname: string, port: string, pathname: string }} PageLocation
 */

/** Raised when something would unlock on a shared origin or in a frame. */
export class SharedOriginError extends Error {
  /** @param {Isolation} isolation */
  constructor(isolation) {
    super(
      isolation.framed ? 'this page does not run inside another page' : 'this page does not unlock on a shared address',
    );
    this.name = 'SharedOriginError';
    this.code = 'ERR_SHARED_ORIGIN';
    this.address = isolation.address;
  }
}

/**
 * True inside a frame. Reading `top` of a cross-origin parent may throw in some browsers: that
 * counts as framed too.
 * @param {{ top?: unknown, self?: unknown }} win
 */
export function isFramed(win) {
  try {
    return win.top !== win.self;
  } catch {
    return true;
  }
}

/** `/ipfs/<cid><rest>` or `/ipns/<name><rest>`: { namespace, name, rest }; null for other paths. */
export function gatewayPath(pathname) {
  const m = /^\/(ipfs|ipns)\/([^/]*)(.*)$/.exec(pathname);
  if (!m) return null;
  let name = m[2];
  try {
    name = decodeURIComponent(name);
  } catch {
    // left as it is: it is no CID or name then, and gives no address
  }
  return { namespace: /** @type {'ipfs' | 'ipns'} */ (m[1]), name, rest: m[3] || '/' };
}

/**
 * Whether the page at `win` runs origin-isolated.
 * @param {{ location: PageLocation, top?: unknown, self?: unknown }} win
 * @returns {Isolation}
 */
export function originIsolation(win) {
  if (isFramed(win)) return { isolated: false, framed: true, address: null };
  if (!gatewayPath(win.location.pathname)) return { isolated: true, framed: false, address: null };
  return { isolated: false, framed: false, address: subdomainAddress(win.location) };
}

let decided = null;
/** The decision for this page (made once: neither the frame nor the origin changes). */
export function pageIsolation() {
  decided ??= originIsolation(window);
  return decided;
}

/**
 * The guard: throws SharedOriginError unless the page runs origin-isolated.
 * @param {Isolation} [isolation] default: this page's
 */
export function requireIsolation(isolation = pageIsolation()) {
  if (!isolation.isolated) throw new SharedOriginError(isolation);
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/**
 * The subdomain-gateway address of a path-gateway location: `/ipfs/<cid>/rest` on `gw.example`
 * gives `<cid as CIDv1 base32>.ipfs.gw.example/rest`, `/ipns/<name>` gives the DNSLink-inlined
 * name (or a peer id as CIDv1 base36) under `.ipns.`; loopback hosts become `localhost` (which
 * browsers resolve with its subdomains). Null when the path holds no usable CID or name, or the
 * host is an IP address (which has no subdomains).
 * @param {PageLocation} location
 * @returns {string | null}
 */
export function subdomainAddress(location) {
  const p = gatewayPath(location.pathname);
  if (!p) return null;
  const label = p.namespace === 'ipfs' ? cidToBase32(p.name) : ipnsLabel(p.name);
  if (!label || label.length > 63) return null;
  let host = location.hostname.toLowerCase();
  if (LOOPBACK.has(host)) host = 'localhost';
  else if (/^\[|^\d+(\.\d+){3}$/.test(host)) return null;
  return `${location.protocol}//${label}.${p.namespace}.${host}${location.port ? `:${location.port}` : ''}${p.rest}`;
}

/**
 * The subdomain label of an IPNS name: a DNSLink name inlined (each '-' doubled, then each '.'
 * made '-'), a base58 peer id as CIDv1 libp2p-key in base36, anything else lower-cased as is.
 * Null when the result cannot be a DNS label.
 */
export function ipnsLabel(name) {
  let label;
  if (/^(Qm|1)[1-9A-HJ-NP-Za-km-z]+$/.test(name)) {
    const mh = base58Decode(name);
    if (!mh || multihashEnd(mh, 0) !== mh.length) return null;
    label = `k${base36Encode(Uint8Array.of(0x01, 0x72, ...mh))}`;
  } else {
    label = name.toLowerCase().replace(/-/g, '--').replace(/\./g, '-');
  }
  return /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/.test(label) ? label : null;
}

/**
 * A CID (v0 `Qm…`, or v1 in base32, base58btc or base16) as CIDv1 in lower-case base32, the form
 * subdomain gateways use; null for anything that is not a CID.
 * @param {string} text
 * @returns {string | null}
 */
export function cidToBase32(text) {
  let bytes = null;
  if (/^Qm[1-9A-HJ-NP-Za-km-z]{44}$/.test(text)) {
    const mh = base58Decode(text);
    // CIDv0: a sha2-256 multihash of dag-pb; as CIDv1: version 1, codec dag-pb (0x70).
    if (mh && mh.length === 34 && mh[0] === 0x12 && mh[1] === 0x20) bytes = Uint8Array.of(0x01, 0x70, ...mh);
  } else if (/^[bB]/.test(text)) {
    bytes = base32Decode(text.slice(1).toLowerCase());
  } else if (text.startsWith('z')) {
    bytes = base58Decode(text.slice(1));
  } else if (/^[fF]([0-9a-fA-F]{2})+$/.test(text)) {
    bytes = Uint8Array.from(text.slice(1).match(/../g) ?? [], (x) => parseInt(x, 16));
  }
  if (!bytes || bytes[0] !== 0x01) return null;
  // version 1, codec, multihash: nothing missing, nothing after it.
  const codecEnd = varintEnd(bytes, 1);
  if (codecEnd < 0 || multihashEnd(bytes, codecEnd) !== bytes.length) return null;
  return `b${base32Encode(bytes)}`;
}

/** The index after an unsigned varint at `at` (at most 9 bytes), or -1. */
function varintEnd(bytes, at) {
  for (let i = at; i < bytes.length && i < at + 9; i++) if ((bytes[i] & 0x80) === 0) return i + 1;
  return -1;
}

/** The index after a multihash (code, length, digest) at `at`, or -1. */
function multihashEnd(bytes, at) {
  const codeEnd = varintEnd(bytes, at);
  if (codeEnd < 0 || codeEnd >= bytes.length || bytes[codeEnd] & 0x80) return -1;
  const end = codeEnd + 1 + bytes[codeEnd];
  return end <= bytes.length ? end : -1;
}

const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const B32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** base58btc text to bytes, or null. */
export function base58Decode(text) {
  let n = 0n;
  for (const c of text) {
    const d = B58.indexOf(c);
    if (d < 0) return null;
    n = n * 58n + BigInt(d);
  }
  const out = [];
  for (; n > 0n; n >>= 8n) out.unshift(Number(n & 0xffn));
  // Each leading '1' is a leading zero byte.
  for (let i = 0; i < text.length && text[i] === '1'; i++) out.unshift(0);
  return Uint8Array.from(out);
}

/** Bytes to RFC 4648 base32, lower case, unpadded (multibase 'b' without its prefix). */
export function base32Encode(bytes) {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31];
  return out;
}

/** Lower-case unpadded base32 to bytes, or null (bad letters or non-zero trailing bits). */
function base32Decode(text) {
  const out = [];
  let bits = 0;
  let value = 0;
  for (const c of text) {
    const d = B32.indexOf(c);
    if (d < 0) return null;
    value = (value << 5) | d;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
    value &= (1 << bits) - 1;
  }
  return bits >= 5 || value !== 0 ? null : Uint8Array.from(out);
}

/** Bytes to base36, lower case (multibase 'k' without its prefix; the CIDs here start non-zero). */
function base36Encode(bytes) {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n.toString(36);
}
