// Records area, sharing (docs/record-format.md, Grants and Institutions): grant payloads that hand
// a grantee the chart keys of some scopes, re-grants after an epoch change, institution group keys
// with their member wraps, and the MetaMask encryption format (eth-sig-util encrypt / decrypt,
// x25519-xsalsa20-poly1305) with the X25519 identity key held in the module.
import { EhrError, abytes, ajsonText, rangeError, typeError } from './errors.js';
import { concatBytes } from './core.js';

const utf8 = new TextEncoder();

/**
 * @param {object} ctx the records area's internals (records.js)
 */
export function makeSharing(ctx) {
  const { mod, check, out, u32, putU32, OUT8, OUT_H, OUT_PK, view, withBytes, withBytesOut } = ctx;
  const { KIND, handleOf, makeKey, newChartKey, aU32 } = ctx;
  // ---- grants and institutions ------------------------------------------------------------------
  const aMask = (v, name) => {
    if (!Number.isInteger(v)) throw typeError(`${name} must be an integer bit set`);
    if (v < 0 || v > 0xffffffff) throw rangeError(`${name} must be a 32-bit scope set`);
    return v >>> 0;
  };
  /** epochs: 32 numbers (the chart's epoch of each scope) -> bytes for the module. */
  const epochBytes = (epochs) => {
    if (!Array.isArray(epochs) && !(epochs instanceof Uint32Array))
      throw typeError('epochs must be an array of 32 numbers');
    if (epochs.length !== 32) throw rangeError('epochs must hold the epoch of each of the 32 scopes');
    const b = new Uint8Array(128);
    epochs.forEach((e, i) => {
      aU32(e, `epochs[${i}]`);
      b[4 * i] = e & 0xff;
      b[4 * i + 1] = (e >>> 8) & 0xff;
      b[4 * i + 2] = (e >>> 16) & 0xff;
      b[4 * i + 3] = (e >>> 24) & 0xff;
    });
    return b;
  };
  const aKeys = (list, name) => {
    if (!Array.isArray(list)) throw typeError(`${name} must be an array of 32-byte public keys`);
    list.forEach((k, i) => abytes(k, `${name}[${i}]`, 32));
    const b = new Uint8Array(32 * list.length);
    list.forEach((k, i) => b.set(k, 32 * i));
    return b;
  };

  const grants = {
    /** The grant payload handing `granteePublicKey` K(s, epochs[s]) for each scope s in `scopes`. */
    create(chartRoot, granteePublicKey, scopes, epochs) {
      const root = handleOf(chartRoot, KIND.chartRoot, 'chartRoot');
      abytes(granteePublicKey, 'granteePublicKey', 32);
      const mask = aMask(scopes, 'scopes');
      const args = concatBytes([epochBytes(epochs), granteePublicKey]);
      return withBytes(args, (p) => {
        check(mod._ehr_rec_grant_payload(root, mask, p, p + 128, OUT8));
        return view();
      });
    },
    /** Opens a payload with the grantee's X25519 key: chart-key objects (scope, epoch). */
    open(payload, identity) {
      abytes(payload, 'payload');
      const h = handleOf(identity, KIND.x25519, 'identity');
      return withBytesOut(payload, 4 + 12 * 32, (p, o) => {
        check(mod._ehr_rec_grant_open(p, payload.length, h, o));
        const n = u32(o);
        const list = [];
        for (let i = 0; i < n; i++) {
          putU32(OUT_H, u32(o + 4 + 12 * i + 8));
          list.push(Object.freeze(newChartKey(u32(o + 4 + 12 * i), u32(o + 4 + 12 * i + 4))));
        }
        return list;
      });
    },
    /** The (scope, epoch) labels of a payload, without opening it. */
    labels(payload) {
      abytes(payload, 'payload');
      return withBytesOut(payload, 4 + 8 * 32, (p, o) => {
        check(mod._ehr_rec_grant_labels(p, payload.length, o));
        const n = u32(o);
        return Array.from({ length: n }, (_, i) =>
          Object.freeze({ scope: u32(o + 4 + 8 * i), epoch: u32(o + 8 + 8 * i) }),
        );
      });
    },
    /**
     * After epochs of `advanced` scopes moved on (revocation, expiry, emergency end, institution
     * key rotation; `epochs` holds the new values): new payloads for the remaining grantees.
     */
    afterEpochChange(chartRoot, advanced, epochs, grantees) {
      const root = handleOf(chartRoot, KIND.chartRoot, 'chartRoot');
      const mask = aMask(advanced, 'advanced');
      if (!Array.isArray(grantees)) throw typeError('grantees must be an array');
      const g = new Uint8Array(36 * grantees.length);
      grantees.forEach((x, i) => {
        if (x === null || typeof x !== 'object') throw typeError(`grantees[${i}] must be { publicKey, scopes }`);
        g.set(abytes(x.publicKey, `grantees[${i}].publicKey`, 32), 36 * i);
        const sc = aMask(x.scopes, `grantees[${i}].scopes`);
        g[36 * i + 32] = sc & 0xff;
        g[36 * i + 33] = (sc >>> 8) & 0xff;
        g[36 * i + 34] = (sc >>> 16) & 0xff;
        g[36 * i + 35] = sc >>> 24;
      });
      const args = concatBytes([epochBytes(epochs), g]);
      const bytes = withBytes(args, (p) => {
        check(mod._ehr_rec_regrant(root, mask, p, p + 128, grantees.length, OUT8));
        return view();
      });
      const out = [];
      for (let o = 0; o < bytes.length;) {
        const rd = (k) => (bytes[k] | (bytes[k + 1] << 8) | (bytes[k + 2] << 16) | (bytes[k + 3] << 24)) >>> 0;
        const len = rd(o + 8);
        out.push(Object.freeze({ grantee: rd(o), scopes: rd(o + 4), payload: bytes.slice(o + 12, o + 12 + len) }));
        o += 12 + len;
      }
      return out;
    },
  };

  const newGroupKey = (version) => {
    const k = makeKey(KIND.x25519, u32(OUT_H), { kind: 'x25519', publicKey: out(OUT_PK, 32), version });
    return Object.freeze(k);
  };
  const institutions = {
    /** A fresh group key of `version` and its member wraps for `memberPublicKeys` (1..1024). */
    create(version, memberPublicKeys) {
      aU32(version, 'version');
      const m = aKeys(memberPublicKeys, 'memberPublicKeys');
      return withBytes(m, (p) => {
        check(mod._ehr_rec_group_create(version, p, memberPublicKeys.length, OUT_H, OUT_PK, OUT8));
        const memberWraps = view();
        return Object.freeze({ groupKey: newGroupKey(version), memberWraps });
      });
    },
    /** Member wraps of an existing group key (a member joins). */
    seal(groupKey, version, memberPublicKeys) {
      const h = handleOf(groupKey, KIND.x25519, 'groupKey');
      aU32(version, 'version');
      const m = aKeys(memberPublicKeys, 'memberPublicKeys');
      return withBytes(m, (p) => {
        check(mod._ehr_rec_group_seal(h, version, p, memberPublicKeys.length, OUT8));
        return view();
      });
    },
    /** A member opens the published wraps with its identity: the group key (with its version). */
    open(memberWraps, identity) {
      abytes(memberWraps, 'memberWraps');
      const h = handleOf(identity, KIND.x25519, 'identity');
      return withBytesOut(memberWraps, 4, (p, o) => {
        check(mod._ehr_rec_group_open(p, memberWraps.length, h, OUT_H, OUT_PK, o));
        return newGroupKey(u32(o));
      });
    },
    /** The group public key and version published in member wraps. */
    inspect(memberWraps) {
      abytes(memberWraps, 'memberWraps');
      return withBytesOut(memberWraps, 4, (p, o) => {
        check(mod._ehr_rec_group_inspect(p, memberWraps.length, OUT_PK, o));
        return Object.freeze({ publicKey: out(OUT_PK, 32), version: u32(o) });
      });
    },
  };

  // ---- MetaMask encryption format (eth-sig-util encrypt / decrypt) --------------------------------
  const b64 = {
    encode(u8) {
      let s = '';
      for (let i = 0; i < u8.length; i += 0x8000) s += String.fromCharCode(...u8.subarray(i, i + 0x8000));
      return btoa(s);
    },
    decode(str) {
      if (typeof str !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(str) || str.length % 4 !== 0) {
        throw new EhrError('ERR_BAD_ENCODING', 'not padded base64');
      }
      const s = atob(str);
      const u8 = new Uint8Array(s.length);
      for (let i = 0; i < s.length; i++) u8[i] = s.charCodeAt(i);
      return u8;
    },
  };
  const metamask = {
    version: 'x25519-xsalsa20-poly1305',
    /** getEncryptionPublicKey: base64 of an X25519 key object's public key. */
    publicKeyOf(identity) {
      handleOf(identity, KIND.x25519, 'identity');
      return b64.encode(identity.publicKey);
    },
    /**
     * eth-sig-util encrypt({ publicKey, data, version: 'x25519-xsalsa20-poly1305' }): `publicKey`
     * as base64 (what eth_getEncryptionPublicKey returns) or 32 bytes; `data` a string (UTF-8) or bytes.
     */
    encrypt(publicKey, data) {
      const pk = typeof publicKey === 'string' ? b64.decode(publicKey) : publicKey;
      abytes(pk, 'publicKey', 32);
      let msg;
      if (typeof data === 'string') msg = utf8.encode(data);
      else msg = abytes(data, 'data');
      const args = concatBytes([pk, msg]);
      try {
        const json = withBytes(args, (p) => {
          check(mod._ehr_rec_mm_encrypt(p, p + 32, msg.length, OUT8));
          return new TextDecoder().decode(view());
        });
        return JSON.parse(json);
      } finally {
        if (typeof data === 'string') msg.fill(0);
        args.fill(0);
      }
    },
    /** eth-sig-util decrypt({ encryptedData, privateKey }): the plaintext bytes. */
    decryptBytes(encryptedData, identity) {
      const h = handleOf(identity, KIND.x25519, 'identity');
      const json = utf8.encode(ajsonText(encryptedData, 'encryptedData', 'an object or a JSON string'));
      try {
        return withBytes(json, (p) => {
          check(mod._ehr_rec_mm_decrypt(p, json.length, h, OUT8));
          return view();
        });
      } finally {
        mod._ehr_rec_release();
      }
    },
    /** eth-sig-util decrypt(): the plaintext as a string (UTF-8, decoded as eth-sig-util does). */
    decrypt(encryptedData, identity) {
      const bytes = metamask.decryptBytes(encryptedData, identity);
      try {
        return new TextDecoder().decode(bytes);
      } finally {
        bytes.fill(0);
      }
    },
  };

  return { grants, institutions, metamask };
}
