// A small X.509 reader for the `x5c` chains of SMART Health Card issuer keys: subject and issuer
// common names, validity dates, SAN URIs, the EC public key, and ECDSA chain signatures (each
// certificate checked with the next one's key, the last one self-signed). No trust store: the
// chain is reported, not trusted.
import { HealthError } from './errors.js';
import { b64Decode, b64urlEncode } from './codec.js';

const bad = (m) => new HealthError('SHC_BAD_X5C', `x5c: ${m}`);

/**
 * One DER TLV at `pos`.
 * @param {Uint8Array} b
 * @param {number} pos
 * @returns {{ tag: number, pos: number, start: number, end: number, next: number }}
 */
function tlv(b, pos) {
  if (pos + 2 > b.length) throw bad('truncated DER');
  const tag = b[pos];
  let len = b[pos + 1];
  let p = pos + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n < 1 || n > 3 || p + n > b.length) throw bad('bad DER length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[p++];
  }
  if (p + len > b.length) throw bad('truncated DER');
  return { tag, pos, start: p, end: p + len, next: p + len };
}

/** Children of a constructed TLV. */
function children(b, node) {
  const out = [];
  for (let p = node.start; p < node.end;) {
    const c = tlv(b, p);
    out.push(c);
    p = c.next;
  }
  return out;
}

const oid = (b, n) => {
  const v = b.subarray(n.start, n.end);
  const parts = [Math.floor(v[0] / 40), v[0] % 40];
  let acc = 0;
  for (let i = 1; i < v.length; i++) {
    acc = acc * 128 + (v[i] & 0x7f);
    if (!(v[i] & 0x80)) {
      parts.push(acc);
      acc = 0;
    }
  }
  return parts.join('.');
};
const str = (b, n) => new TextDecoder().decode(b.subarray(n.start, n.end));

/** UTCTime (0x17) or GeneralizedTime (0x18) -> Date. */
function time(b, n) {
  const s = str(b, n);
  const m = /^(\d{2}|\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m || (n.tag === 0x17) !== (m[1].length === 2)) throw bad(`bad time ${s}`);
  let y = Number(m[1]);
  if (n.tag === 0x17) y += y >= 50 ? 1900 : 2000;
  return new Date(Date.UTC(y, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
}

/** The CN of a Name (or the whole DN in `k=v` form when there is no CN). */
function commonName(b, name) {
  const parts = [];
  for (const rdn of children(b, name)) {
    for (const atv of children(b, rdn)) {
      const [t, v] = children(b, atv);
      const o = oid(b, t);
      if (o === '2.5.4.3') return str(b, v);
      parts.push(`${o}=${str(b, v)}`);
    }
  }
  return parts.join(', ');
}

const CURVES = { '1.2.840.10045.3.1.7': 'P-256', '1.3.132.0.34': 'P-384', '1.3.132.0.35': 'P-521' };
const HASHES = { '1.2.840.10045.4.3.2': 'SHA-256', '1.2.840.10045.4.3.3': 'SHA-384', '1.2.840.10045.4.3.4': 'SHA-512' };

/**
 * @typedef {{ subject: string, issuer: string, notBefore: Date, notAfter: Date, sanUris: string[],
 *   curve: string | undefined, publicKey: Uint8Array, der: Uint8Array, tbs: Uint8Array,
 *   sigHash: string | undefined, signature: Uint8Array, jwk: { x: string, y: string } | undefined }} Cert
 */

/**
 * Parses one DER certificate.
 * @param {Uint8Array} der
 * @returns {Cert}
 */
export function parseCertificate(der) {
  const cert = tlv(der, 0);
  const [tbsN, algN, sigN] = children(der, cert);
  if (!tbsN || !algN || !sigN) throw bad('not a certificate');
  const tbs = children(der, tbsN);
  let i = tbs[0].tag === 0xa0 ? 1 : 0; // [0] version
  i += 2; // serialNumber, signature algorithm
  const issuer = tbs[i++];
  const validity = children(der, tbs[i++]);
  const subject = tbs[i++];
  const spki = tbs[i++];
  const sanUris = [];
  for (; i < tbs.length; i++) {
    if (tbs[i].tag !== 0xa3) continue; // [3] extensions
    for (const ext of children(der, children(der, tbs[i])[0])) {
      const parts = children(der, ext);
      if (oid(der, parts[0]) !== '2.5.29.17') continue;
      const octets = parts[parts.length - 1];
      for (const gn of children(der, tlv(der, octets.start))) if (gn.tag === 0x86) sanUris.push(str(der, gn));
    }
  }
  const [spkiAlg, spkiKey] = children(der, spki);
  const algParts = children(der, spkiAlg);
  const curve = algParts[1] && algParts[1].tag === 0x06 ? CURVES[oid(der, algParts[1])] : undefined;
  const publicKey = der.subarray(spkiKey.start + 1, spkiKey.end); // skip the unused-bits byte
  let jwk;
  if (curve === 'P-256' && publicKey.length === 65 && publicKey[0] === 4) {
    jwk = { x: b64urlEncode(publicKey.subarray(1, 33)), y: b64urlEncode(publicKey.subarray(33)) };
  }
  return {
    subject: commonName(der, subject),
    issuer: commonName(der, issuer),
    notBefore: time(der, validity[0]),
    notAfter: time(der, validity[1]),
    sanUris,
    curve,
    publicKey,
    der,
    tbs: der.subarray(tbsN.pos, tbsN.end),
    sigHash: HASHES[oid(der, children(der, algN)[0])],
    signature: der.subarray(sigN.start + 1, sigN.end),
    jwk,
  };
}

/** DER ECDSA-Sig-Value -> raw r||s of `size` bytes each (WebCrypto's format). */
function rawSignature(sig, size) {
  const seq = tlv(sig, 0);
  const [r, s] = children(sig, seq);
  const out = new Uint8Array(2 * size);
  for (const [n, off] of [
    [r, 0],
    [s, size],
  ]) {
    let v = sig.subarray(n.start, n.end);
    while (v.length > size && v[0] === 0) v = v.subarray(1);
    if (v.length > size) throw bad('bad ECDSA signature');
    out.set(v, off + size - v.length);
  }
  return out;
}

const SIZES = { 'P-256': 32, 'P-384': 48, 'P-521': 66 };

/** True if `cert`'s signature verifies with `signer`'s EC public key. */
async function signedBy(cert, signer) {
  if (!signer.curve || !cert.sigHash) return false;
  try {
    const key = await globalThis.crypto.subtle.importKey(
      'raw',
      signer.publicKey,
      { name: 'ECDSA', namedCurve: signer.curve },
      false,
      ['verify'],
    );
    const sig = rawSignature(cert.signature, SIZES[signer.curve]);
    return await globalThis.crypto.subtle.verify({ name: 'ECDSA', hash: cert.sigHash }, key, sig, cert.tbs);
  } catch {
    return false;
  }
}

/**
 * Reads and checks an `x5c` chain (leaf first) against the JWK it came with.
 * @param {string[]} x5c base64 DER certificates
 * @param {{ x?: string, y?: string }} jwk
 * @param {{ iss?: string, at?: number, now?: number }} [opts] at: signing time (ms); now: current time (ms)
 */
export async function checkX5c(x5c, jwk, opts = {}) {
  if (!Array.isArray(x5c) || x5c.length === 0) throw bad('must be a non-empty array');
  const certs = x5c.map((c) => parseCertificate(b64Decode(c, 'SHC_BAD_X5C')));
  const now = opts.now ?? Date.now();
  const chain = [];
  let signaturesValid = true;
  for (let k = 0; k < certs.length; k++) {
    const c = certs[k];
    const signer = certs[k + 1] ?? c;
    const ok = (await signedBy(c, signer)) && (k + 1 < certs.length || c.subject === c.issuer);
    signaturesValid &&= ok && (k + 1 >= certs.length || c.issuer === signer.subject);
    chain.push({
      subject: c.subject,
      issuer: c.issuer,
      notBefore: c.notBefore.toISOString(),
      notAfter: c.notAfter.toISOString(),
      sanUris: c.sanUris,
      expired: now > c.notAfter.getTime(),
      signatureValid: ok,
    });
  }
  const leaf = certs[0];
  const inWindow = (t) => t >= leaf.notBefore.getTime() && t <= leaf.notAfter.getTime();
  return {
    chain,
    leafMatchesKey: !!leaf.jwk && leaf.jwk.x === jwk.x && leaf.jwk.y === jwk.y,
    sanMatchesIssuer: opts.iss === undefined ? undefined : leaf.sanUris.includes(opts.iss),
    signaturesValid,
    leafValidNow: inWindow(now),
    leafValidAtIssuance: opts.at === undefined ? undefined : inWindow(opts.at),
    trusted: false, // no trust anchors are configured: the root is reported, not trusted
  };
}
