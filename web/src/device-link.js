// A second device by QR code (personal-device mode): the wallet moves from a device where it is
// open (the first device) to a fresh browser (the new device) without the recovery phrase, over
// three codes shown as QR codes (and as text, to type or paste where no camera reads them):
//
// 1. new -> first, NEW ‖ N: the new device's X25519 public key. N's secret is made in the new
//    device's module (records.generateX25519) and never leaves it.
// 2. first -> new, REPLY ‖ F: a fresh X25519 public key of the first device, drawn after N was
//    read. Both devices now show the same six digits (confirmationCode(N, F)); the person checks
//    they match. Since F is drawn after N is fixed, someone who slipped their own key in place of
//    N cannot choose one that gives the same digits (one chance in a million).
// 3. first -> new, WALLET ‖ envelope, made only once the person confirmed the digits on the first
//    device: a record envelope (docs/record-format.md) sealed to N alone — a fresh content key,
//    sealed to N in the module — whose plaintext is 01 ‖ F (32) ‖ T (32) ‖ keystore JSON, where T is
//    a random 32-byte transfer key and the keystore is the wallet under T (wallet/builtin.js
//    keystoreUnderKey, without its optional "address"): about 800 characters, one QR code. The new device opens it with N's secret, checks F, and opens the keystore
//    with T into its key ring; the private key never exists outside the two modules. T and the
//    plaintext are Uint8Arrays, wiped on both sides as soon as they are used.
// The new device then keeps the wallet under a password (or passkey) of its own
// (personal-device.js).
import { ehr } from './module.js';
import { registerKey } from './key-registry.js';
import { keystoreUnderKey, openFromKeystoreKey } from './wallet/builtin.js';
import { b64urlDecode, b64urlEncode } from './health/codec.js';

/** The three codes' prefixes. */
export const LINK = Object.freeze({
  NEW: 'ehr-device:1:new:',
  REPLY: 'ehr-device:1:reply:',
  WALLET: 'ehr-device:1:wallet:',
});
const VERSION = 1;
const utf8 = (s) => new TextEncoder().encode(s);
const fail = (code, message) => Object.assign(new Error(message), { code });

/** A fresh X25519 key for one link (registered: lock wipes it). */
export async function linkKey() {
  const api = await ehr();
  return registerKey(api.records.generateX25519());
}

/** The text of a code: its prefix and the bytes in base64url. */
export const linkCode = (prefix, bytes) => prefix + b64urlEncode(bytes);

/**
 * The bytes of a code typed, pasted or scanned (white space ignored). ERR_BAD_LINK_CODE when it
 * is not a code of this kind (another kind of code: `kinds` holds [found, expected], each a
 * message such as 'the reply code'); public keys must be 32 bytes.
 * @param {string} prefix one of LINK
 * @param {string} text
 */
export function readLinkCode(prefix, text) {
  const s = String(text ?? '').replace(/\s+/g, '');
  const kinds = { [LINK.NEW]: 'the new device code', [LINK.REPLY]: 'the reply code', [LINK.WALLET]: 'the wallet code' };
  const other = Object.keys(kinds).find((p) => p !== prefix && s.startsWith(p));
  if (other) {
    throw Object.assign(fail('ERR_BAD_LINK_CODE', `this is ${kinds[other]}, not ${kinds[prefix]}`), {
      kinds: [kinds[other], kinds[prefix]],
    });
  }
  if (!s.startsWith(prefix)) throw fail('ERR_BAD_LINK_CODE', 'not a device code of this page');
  let bytes;
  try {
    bytes = b64urlDecode(s.slice(prefix.length), 'ERR_BAD_LINK_CODE');
  } catch {
    throw fail('ERR_BAD_LINK_CODE', 'the code is damaged or incomplete');
  }
  if (prefix !== LINK.WALLET && bytes.length !== 32) throw fail('ERR_BAD_LINK_CODE', 'the code is incomplete');
  return bytes;
}

/**
 * The six digits both devices show: SHA-256("ehr/device-link/v1" ‖ N ‖ F), its first four bytes
 * (big-endian) modulo 10^6, as "123 456".
 * @param {Uint8Array} newKey N
 * @param {Uint8Array} firstKey F
 */
export async function confirmationCode(newKey, firstKey) {
  const api = await ehr();
  const label = utf8('ehr/device-link/v1');
  const input = new Uint8Array(label.length + 64);
  input.set(label, 0);
  input.set(newKey, label.length);
  input.set(firstKey, label.length + 32);
  const d = api.sha256(input);
  const n = (((d[0] << 24) | (d[1] << 16) | (d[2] << 8) | d[3]) >>> 0) % 1_000_000;
  const s = String(n).padStart(6, '0');
  return `${s.slice(0, 3)} ${s.slice(3)}`;
}

/**
 * The wallet code (step 3): `wallet` sealed to the new device's key `newKey`, bound to `firstKey`.
 * @param {import('../../wasm/js/wallet.js').Wallet} wallet
 * @param {Uint8Array} newKey
 * @param {Uint8Array} firstKey
 * @returns {Promise<string>}
 */
export async function sealWallet(wallet, newKey, firstKey) {
  const api = await ehr();
  const transfer = api.randomBytes(32);
  let envelope;
  try {
    // The keystore's optional "address" is left out: the wallet says it once opened, and every
    // byte counts in a QR code.
    const file = JSON.parse(keystoreUnderKey(wallet, transfer));
    delete file.address;
    const keystore = utf8(JSON.stringify(file));
    const plain = new Uint8Array(65 + keystore.length);
    plain[0] = VERSION;
    plain.set(firstKey, 1);
    plain.set(transfer, 33);
    plain.set(keystore, 65);
    try {
      // Scope and epoch mean nothing here (no chart key): the one wrap is the recipient's.
      envelope = api.records.encrypt(plain, { scope: 0, epoch: 0, recipients: [newKey] });
    } finally {
      plain.fill(0);
    }
  } finally {
    transfer.fill(0);
  }
  return linkCode(LINK.WALLET, envelope);
}

/**
 * Opens a wallet code on the new device: its key `identity` (linkKey()) opens the envelope, the
 * first device's key must be `firstKey` (the one whose digits were compared), and the keystore
 * opens into the key ring. Errors: ERR_BAD_LINK_CODE, ERR_LINK_NOT_FOR_THIS_DEVICE (sealed to
 * another key, or damaged), ERR_LINK_OTHER_DEVICE (sealed by another first device).
 * @returns {Promise<import('../../wasm/js/wallet.js').Wallet>}
 */
export async function openSealedWallet(text, identity, firstKey) {
  const api = await ehr();
  const envelope = readLinkCode(LINK.WALLET, text);
  let plain;
  try {
    plain = api.records.decrypt(envelope, { identities: [identity] });
  } catch {
    throw fail('ERR_LINK_NOT_FOR_THIS_DEVICE', 'this wallet code was sealed to another device, or is damaged');
  }
  try {
    if (plain.length < 66 || plain[0] !== VERSION) throw fail('ERR_BAD_LINK_CODE', 'unknown wallet code version');
    if (!plain.subarray(1, 33).every((b, i) => b === firstKey[i]))
      throw fail('ERR_LINK_OTHER_DEVICE', 'this wallet code comes from another device than the one you compared');
    const json = new TextDecoder('utf-8', { fatal: true }).decode(plain.subarray(65));
    return await openFromKeystoreKey(json, plain.subarray(33, 65));
  } finally {
    plain.fill(0);
  }
}
