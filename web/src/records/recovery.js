// Guardian recovery of a chart's keys (docs/record-format.md, "Recovery kit"). The patient's page
// makes a fresh 32-byte master secret M, whose X25519 key R (importX25519Secret(M)) seals every
// chart root and identity of the account (the vault: wrapKey, the bytes never reach JS); M is split
// with SLIP-0039 into one share per guardian (one group, threshold t), each account guardian's
// share sealed to its published X25519 key, a paper guardian's share written down (its words also
// derive the paper guardian's secp256k1 key, so it can approve on chain). The kit (version,
// threshold, R's public key, the sealed shares, the vault) goes on chain in the GuardiansSet event
// only. Guardians re-seal their share to the successor's key when they approve; t shares give M
// again, M gives R, R opens the vault.
//
// Every function takes the module API (`api`, wasm/js/ehr.js) as its first argument and imports
// nothing of the page but the message catalogue (i18n.js, which runs in Node as it is: English),
// so the same code runs in Node tests. Errors a person reads through a notice are messages of the
// catalogue; a recovery request's reasons (ERR_BAD_REQUEST) stay in English here and the guardian's
// screen says them as sentences of the catalogue. Secrets: M, the share words as bytes
// and the paper key are wiped as soon as they are used; keys stay behind handles (the caller
// registers and disposes them). What JS cannot wipe: the share words as strings (the SLIP-0039 API
// takes and gives strings); callers drop them as soon as they can.
import { t, translate } from '../i18n.js';

/** "EHRG": the kit's magic. */
const KIT_MAGIC = [0x45, 0x48, 0x52, 0x47];
export const KIT_VERSION = 1;
/** Kinds of guardian entries in a kit. */
export const GUARDIAN_KIND = Object.freeze({ ACCOUNT: 1, PAPER: 2 });
/** SLIP-0039 allows 16 shares in a group. */
export const MAX_GUARDIANS = 16;
const WRAP_BYTES = 88; // records.wrapKey
const BOX_OVERHEAD = 72; // ephemeral public key 32, nonce 24, tag 16
/** What the paper guardian's secp256k1 key derives from, before the share's words. */
export const PAPER_KEY_PREFIX = 'EHR paper guardian v1';
/** A recovery request as text (and QR code). */
export const REQUEST_PREFIX = 'ehr-recovery:1:';

const utf8 = new TextEncoder();
const fail = (code, message) => Object.assign(new Error(message), { code });
const b64 = (bytes) => btoa(String.fromCharCode(...bytes));
const unb64 = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
const b64url = (bytes) => b64(bytes).replace(/[+/=]/g, (c) => ({ '+': '-', '/': '_', '=': '' })[c]);
const unb64url = (s) => unb64(s.replace(/-/g, '+').replace(/_/g, '/'));
const sameAddress = (a, b) => String(a).toLowerCase() === String(b).toLowerCase();

/** Share words as SLIP-0039 wants them: lower case, single spaces, no punctuation or numbering. */
export function normalizeWords(text) {
  return String(text)
    .toLowerCase()
    .replace(/[^a-z]+/g, ' ')
    .trim();
}

// ---- the kit ------------------------------------------------------------------------------------

/**
 * The kit's bytes: "EHRG" · version 01 · threshold u8 · guardian count u8 · vault count u8 ·
 * R's X25519 public key (32) · per guardian, in the order of setGuardians: kind u8 · length u16 ·
 * body (kind 1: the share's words sealed to the guardian's key; kind 2, paper: empty) · per vault
 * entry: key version u32 · wrapKey output (88). Integers little-endian.
 * @param {{ threshold: number, recoveryKey: Uint8Array,
 *   guardians: { kind: number, box?: Uint8Array }[], vault: { version: number, wrapped: Uint8Array }[] }} kit
 * @returns {Uint8Array}
 */
export function encodeKit(kit) {
  const n = kit.guardians.length;
  if (n < 1 || n > MAX_GUARDIANS) throw new RangeError(`guardians: 1..${MAX_GUARDIANS}, not ${n}`);
  if (!(kit.threshold >= 1 && kit.threshold <= n)) throw new RangeError(`threshold: 1..${n}, not ${kit.threshold}`);
  if (kit.vault.length < 1 || kit.vault.length > 255) throw new RangeError('vault: 1..255 keys');
  if (kit.recoveryKey.length !== 32) throw new RangeError('recoveryKey: 32 bytes');
  const size =
    40 + kit.guardians.reduce((s, g) => s + 3 + (g.box?.length ?? 0), 0) + kit.vault.length * (4 + WRAP_BYTES);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out.set(KIT_MAGIC, 0);
  out.set([KIT_VERSION, kit.threshold, n, kit.vault.length], 4);
  out.set(kit.recoveryKey, 8);
  let at = 40;
  for (const g of kit.guardians) {
    const body = g.kind === GUARDIAN_KIND.ACCOUNT ? g.box : new Uint8Array(0);
    if (!body || body.length > 0xffff) throw new RangeError('a guardian entry has no sealed share');
    out[at] = g.kind;
    view.setUint16(at + 1, body.length, true);
    out.set(body, at + 3);
    at += 3 + body.length;
  }
  for (const v of kit.vault) {
    if (v.wrapped.length !== WRAP_BYTES) throw new RangeError(`a vault entry is ${WRAP_BYTES} bytes`);
    view.setUint32(at, v.version, true);
    out.set(v.wrapped, at + 4);
    at += 4 + WRAP_BYTES;
  }
  return out;
}

/**
 * Reads a kit (encodeKit's layout). Throws ERR_BAD_KIT for anything else: magic, version, counts,
 * an entry running past the end, bytes left over.
 */
export function decodeKit(bytes) {
  const bad = (why) => fail('ERR_BAD_KIT', `the recovery kit is malformed (${why})`);
  if (!(bytes instanceof Uint8Array) || bytes.length < 40) throw bad('too short');
  if (KIT_MAGIC.some((b, i) => bytes[i] !== b)) throw bad('not a recovery kit');
  if (bytes[4] !== KIT_VERSION) throw bad(`version ${bytes[4]}`);
  const [threshold, n, m] = [bytes[5], bytes[6], bytes[7]];
  if (n < 1 || n > MAX_GUARDIANS || threshold < 1 || threshold > n || m < 1) throw bad('counts');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const guardians = [];
  let at = 40;
  for (let i = 0; i < n; i++) {
    if (at + 3 > bytes.length) throw bad('guardian entries');
    const kind = bytes[at];
    const length = view.getUint16(at + 1, true);
    if (at + 3 + length > bytes.length) throw bad('guardian entries');
    if (kind === GUARDIAN_KIND.ACCOUNT && length <= BOX_OVERHEAD) throw bad('sealed share');
    if (kind === GUARDIAN_KIND.PAPER && length !== 0) throw bad('paper entry');
    if (kind !== GUARDIAN_KIND.ACCOUNT && kind !== GUARDIAN_KIND.PAPER) throw bad(`guardian kind ${kind}`);
    guardians.push(kind === GUARDIAN_KIND.ACCOUNT ? { kind, box: bytes.slice(at + 3, at + 3 + length) } : { kind });
    at += 3 + length;
  }
  if (at + m * (4 + WRAP_BYTES) !== bytes.length) throw bad('vault');
  const vault = [];
  for (let i = 0; i < m; i++, at += 4 + WRAP_BYTES)
    vault.push({ version: view.getUint32(at, true), wrapped: bytes.slice(at + 4, at + 4 + WRAP_BYTES) });
  return { version: KIT_VERSION, threshold, recoveryKey: bytes.slice(8, 40), guardians, vault };
}

// ---- sealed shares --------------------------------------------------------------------------------

/**
 * Seals share words to an X25519 public key: the MetaMask box (x25519-xsalsa20-poly1305,
 * docs/record-format.md "MetaMask format") in binary, ephemeral public key 32 ‖ nonce 24 ‖
 * ciphertext (tag 16 ‖ the words' UTF-8). The words' bytes are wiped.
 * @returns {Uint8Array}
 */
export function sealWords(api, words, publicKey) {
  const plain = utf8.encode(normalizeWords(words));
  let box;
  try {
    box = api.records.metamask.encrypt(publicKey, plain);
  } finally {
    plain.fill(0);
  }
  const [eph, nonce, ct] = [unb64(box.ephemPublicKey), unb64(box.nonce), unb64(box.ciphertext)];
  const out = new Uint8Array(eph.length + nonce.length + ct.length);
  out.set(eph, 0);
  out.set(nonce, 32);
  out.set(ct, 56);
  return out;
}

/**
 * Opens sealWords output with the first of `identities` (X25519Key handles) it was sealed to.
 * Throws ERR_AUTH_FAILED when none opens it.
 * @returns {string} the share's words
 */
export function openWords(api, box, identities) {
  if (!(box instanceof Uint8Array) || box.length <= BOX_OVERHEAD)
    throw fail('ERR_BAD_KIT', translate('the sealed share is malformed'));
  const data = {
    version: 'x25519-xsalsa20-poly1305',
    nonce: b64(box.subarray(32, 56)),
    ephemPublicKey: b64(box.subarray(0, 32)),
    ciphertext: b64(box.subarray(56)),
  };
  for (const identity of identities) {
    let plain;
    try {
      plain = api.records.metamask.decryptBytes(data, identity);
    } catch {
      continue; // sealed to another key
    }
    try {
      return new TextDecoder().decode(plain);
    } finally {
      plain.fill(0);
    }
  }
  throw fail('ERR_AUTH_FAILED', translate('the share is not sealed to any of your keys'));
}

/**
 * The paper guardian's secp256k1 key: keccak256(PAPER_KEY_PREFIX ‖ the share's words), as a Wallet
 * handle (its address is the guardian on chain). The caller disposes of it.
 */
export function paperWallet(api, words) {
  const normal = normalizeWords(words);
  if (!api.slip39.validate(normal))
    throw fail('ERR_BAD_MNEMONIC', translate('these words are not a valid share (check each word and their order)'));
  const text = utf8.encode(`${PAPER_KEY_PREFIX}${normal}`);
  let key;
  try {
    key = api.keccak256(text);
    return api.wallet.fromPrivateKey(key);
  } finally {
    text.fill(0);
    key?.fill(0);
  }
}

// ---- making and opening a kit ------------------------------------------------------------------

/**
 * Splits fresh key material among guardians. `keys` are the account's unlocked keys
 * (account-keys.js: identities[] and roots Map(version → root)); `guardians` in the order they go
 * on chain: { kind: 'account', publicKey } or { kind: 'paper' } (at most one). Returns the kit,
 * the guardian addresses' placeholders filled for paper ({ paperWords, paperAddress }), and R's
 * public key. M and the paper key are wiped before returning.
 * @returns {{ kit: Uint8Array, paperWords: string | null, paperAddress: string | null, recoveryKey: Uint8Array }}
 */
export function createKit(api, { keys, guardians, threshold }) {
  const n = guardians.length;
  if (n < 1 || n > MAX_GUARDIANS) throw new RangeError(`guardians: 1..${MAX_GUARDIANS}, not ${n}`);
  // SLIP-0039: a threshold of 1 only for a group of 1.
  if (!(Number.isInteger(threshold) && threshold <= n && (threshold >= 2 || n === 1)))
    throw new RangeError(`threshold: 2..${n}, not ${threshold}`);
  if (guardians.filter((g) => g.kind === 'paper').length > 1) throw new RangeError('at most one paper guardian');
  const master = api.randomBytes(32);
  let recovery = null;
  let shares;
  try {
    recovery = api.records.importX25519Secret(master);
    shares = api.slip39.generate(master, { groups: [{ threshold, count: n }] })[0];
  } finally {
    master.fill(0);
  }
  try {
    const vault = [];
    for (let v = 1; v <= keys.identities.length; v++) {
      vault.push({ version: v, wrapped: api.records.wrapKey(keys.roots.get(v), recovery.publicKey) });
      vault.push({ version: v, wrapped: api.records.wrapKey(keys.identities[v - 1], recovery.publicKey) });
    }
    let paperWords = null;
    let paperAddress = null;
    const entries = guardians.map((g, i) => {
      if (g.kind === 'paper') {
        paperWords = shares[i];
        const w = paperWallet(api, paperWords);
        paperAddress = w.address;
        w.dispose();
        return { kind: GUARDIAN_KIND.PAPER };
      }
      return { kind: GUARDIAN_KIND.ACCOUNT, box: sealWords(api, shares[i], g.publicKey) };
    });
    const recoveryKey = recovery.publicKey;
    return {
      kit: encodeKit({ threshold, recoveryKey, guardians: entries, vault }),
      paperWords,
      paperAddress,
      recoveryKey,
    };
  } finally {
    recovery.dispose();
  }
}

/**
 * Restores the chart's keys from a kit and `threshold` distinct share words: combine (SLIP-0039),
 * R from M (checked against the kit's recovery key), every vault entry opened with R. Returns
 * { version, identities, roots } of handles (the caller registers them); M is wiped.
 * Errors: ERR_TOO_FEW_SHARES and the other SLIP-0039 codes, ERR_WRONG_SECRET (the shares are of
 * another kit), ERR_BAD_KIT.
 */
export function restoreKeys(api, kit, words) {
  const chosen = [...new Set(words.map(normalizeWords))];
  const master = api.slip39.combine(chosen.slice(0, kit.threshold));
  let recovery;
  try {
    recovery = api.records.importX25519Secret(master);
  } finally {
    master.fill(0);
  }
  const opened = [];
  try {
    if (!recovery.publicKey.every((b, i) => b === kit.recoveryKey[i]))
      throw fail(
        'ERR_WRONG_SECRET',
        translate('the shares do not belong to this chart’s guardians as they are named now'),
      );
    const roots = new Map();
    const identities = [];
    for (const v of kit.vault) {
      const key = api.records.unwrapKey(v.wrapped, recovery);
      opened.push(key);
      if (key.kind === 'chartRoot') roots.set(v.version, key);
      else if (key.kind === 'x25519') identities[v.version - 1] = key;
    }
    const version = identities.length;
    for (let v = 1; v <= version; v++)
      if (!identities[v - 1] || !roots.has(v))
        throw fail('ERR_BAD_KIT', t('the vault lacks the keys of version {version}', { version: v }));
    return { version, identities, roots };
  } catch (e) {
    for (const k of opened) k.dispose();
    throw e;
  } finally {
    recovery.dispose();
  }
}

// ---- the recovery request -------------------------------------------------------------------

/**
 * The typed data a successor signs so guardians know its encryption key is its own:
 * RecoveryRequest(address chart,address successor,bytes32 encryptionKey) in the domain "EHR
 * Recovery", version 1, the chain and the forwarder.
 */
export function requestTypedData({ chainId, forwarder, chart, successor, encryptionKey }) {
  return {
    types: {
      EIP712Domain: [
        { name: 'name', type: 'string' },
        { name: 'version', type: 'string' },
        { name: 'chainId', type: 'uint256' },
        { name: 'verifyingContract', type: 'address' },
      ],
      RecoveryRequest: [
        { name: 'chart', type: 'address' },
        { name: 'successor', type: 'address' },
        { name: 'encryptionKey', type: 'bytes32' },
      ],
    },
    primaryType: 'RecoveryRequest',
    domain: { name: 'EHR Recovery', version: '1', chainId, verifyingContract: forwarder },
    message: { chart, successor, encryptionKey },
  };
}

/** A signed recovery request as text: REQUEST_PREFIX + base64url(JSON). No secret inside. */
export function encodeRequest(r) {
  const body = {
    v: 1,
    chainId: r.chainId,
    forwarder: r.forwarder,
    chart: r.chart,
    successor: r.successor,
    encryptionKey: r.encryptionKey,
    signature: r.signature,
  };
  return REQUEST_PREFIX + b64url(utf8.encode(JSON.stringify(body)));
}

/** True when a pasted text is a recovery request. */
export const isRequest = (text) => String(text).trim().startsWith(REQUEST_PREFIX);

/**
 * Reads a recovery request and checks network, forwarder and the successor's signature.
 * Throws ERR_BAD_REQUEST (damaged, another network, not signed by the successor it names).
 * @returns {{ chainId: number, forwarder: string, chart: string, successor: string, encryptionKey: string, signature: string }}
 */
export function decodeRequest(api, text, { chainId, forwarder }) {
  const bad = (why) => fail('ERR_BAD_REQUEST', why);
  let body;
  try {
    body = JSON.parse(new TextDecoder().decode(unb64url(String(text).trim().slice(REQUEST_PREFIX.length))));
  } catch {
    throw bad('the recovery request is damaged (copy it again, whole)');
  }
  if (body?.v !== 1 || body.chainId !== chainId || !sameAddress(body.forwarder, forwarder))
    throw bad('the recovery request was made for another network');
  const hex = (s, n) => typeof s === 'string' && new RegExp(`^0x[0-9a-fA-F]{${n}}$`).test(s);
  if (!hex(body.chart, 40) || !hex(body.successor, 40) || !hex(body.encryptionKey, 64) || !hex(body.signature, 130))
    throw bad('the recovery request is incomplete');
  const signer = api.eip712.recoverAddress(requestTypedData(body), api.fromHex(body.signature));
  if (!sameAddress(signer, body.successor))
    throw bad('the recovery request was not signed by the new account it names');
  return body;
}
