// The built-in wallet: keys in the module's key ring (WebAssembly memory) behind Wallet handles,
// registered with the key registry so that lock wipes them. Recovery phrases come from the
// module's CSPRNG (BIP-39); a wallet is the BIP-32 account m/44'/60'/0'/0/0 of its phrase.
// Keystore files (V3) are unlocked with the KDF on the worker, which sends back only the derived
// key; the module finishes the decryption here, into the key ring, and the derived key is wiped.
//
// The phrase must be shown to be written down, so it exists as JS strings while the create flow
// runs: those cannot be overwritten, so the flow drops every reference as soon as the phrase is
// confirmed, when the flow is left, and on lock.
import config from '../config.js';
import { ehr } from '../module.js';
import { registerKey } from '../key-registry.js';
import { workerCall, inWorker } from '../worker-host.js';
import { requireIsolation } from '../origin.js';
import { t } from '../i18n.js';

const WORD_COUNTS = [12, 15, 18, 21, 24];

const notAvailable = () =>
  Object.assign(new Error('The built-in wallet is not part of this build.'), { code: 'ERR_NOT_AVAILABLE' });

/** True when this build carries the module's wallet functions. */
export const builtinAvailable = () => config.features?.builtinWallet === true;

async function walletApi() {
  // No phrase made or checked, no key opened on a shared origin or in a frame (origin.js).
  requireIsolation();
  if (!builtinAvailable()) throw notAvailable();
  const api = await ehr();
  if (!api.bip39 || !api.wallet) throw notAvailable();
  return api;
}

/** Trims, collapses white space and lower-cases a typed phrase. */
export const tidyPhrase = (text) =>
  String(text).normalize('NFKD').trim().toLowerCase().split(/\s+/).filter(Boolean).join(' ');

/**
 * A fresh 12-word phrase: { words(): string[], phrase(): string, dispose() }.
 */
export async function createPhrase() {
  const api = await walletApi();
  let phrase = api.bip39.generateMnemonic(12);
  let words = phrase.split(' ');
  return {
    words: () => {
      if (!words) throw new Error('the recovery phrase was discarded');
      return words;
    },
    phrase: () => {
      if (!phrase) throw new Error('the recovery phrase was discarded');
      return phrase;
    },
    dispose() {
      phrase = null;
      words = null;
    },
  };
}

/**
 * Checks a typed phrase: null if valid, else a message that says what to fix (never echoing the
 * words, which would put them in more places), in the page's language.
 */
export async function checkPhrase(text) {
  const api = await walletApi();
  const tidy = tidyPhrase(text);
  const n = tidy === '' ? 0 : tidy.split(' ').length;
  if (n === 0) return 'Type the words of your recovery phrase.';
  if (!WORD_COUNTS.includes(n)) {
    return n === 1
      ? 'A recovery phrase has 12, 15, 18, 21 or 24 words; this has one.'
      : t('A recovery phrase has 12, 15, 18, 21 or 24 words; this has {count}.', { count: n });
  }
  if (!api.bip39.validateMnemonic(tidy)) {
    return 'These words are not a valid recovery phrase: a word is misspelt, not in the English word list, or in the wrong place. Check each word against your paper copy.';
  }
  return null;
}

/**
 * Opens the wallet of a phrase (the create flow's phrase object or a typed string).
 * @returns {Promise<import('../../../wasm/js/wallet.js').Wallet>}
 */
export async function openFromPhrase(phrase, passphrase = '', index = 0) {
  const api = await walletApi();
  const text = typeof phrase === 'string' ? tidyPhrase(phrase) : phrase.phrase();
  return registerKey(api.wallet.fromMnemonic(text, { index, passphrase }));
}

/**
 * The local development chain's public test phrase (anvil's and hardhat's default accounts).
 * Offered only by development builds for the local chain id 31337, and marked as such.
 */
export const DEV_PHRASE = 'test test test test test test test test test test test junk';

/**
 * Development accounts to offer: config.devAccounts ([{ label, index }], `configured`: the label is
 * the configuration's own text) or anvil's first five (labels in the page's language).
 */
export function devAccounts() {
  if (config.development !== true || config.chainId !== 31337 || !builtinAvailable()) return [];
  const list = Array.isArray(config.devAccounts)
    ? config.devAccounts
        .filter((a) => typeof a?.label === 'string')
        .map((a) => ({ label: a.label, index: a.index, configured: true }))
    : [0, 1, 2, 3, 4].map((i) => ({
        label: t('Development account {n}', { n: i + 1 }),
        index: i,
        configured: false,
      }));
  return list.filter((a) => Number.isInteger(a.index) && a.index >= 0 && a.index < 1000);
}

/**
 * Opens a keystore V3 file with its password: the KDF runs on the worker.
 * @param {string} json
 * @param {string} password
 */
export async function openFromKeystore(json, password) {
  const api = await walletApi();
  // A readable error for a file that is not a keystore, before any slow work.
  api.keystore.describe(json);
  const pw = new TextEncoder().encode(password);
  let dk;
  try {
    dk = await workerCall('keystoreDerivedKey', { json, password: pw }, [pw.buffer]);
  } finally {
    // A copy went to the worker (wiped there); this one is wiped here either way.
    if (pw.byteLength > 0) pw.fill(0);
  }
  try {
    return registerKey(api.wallet.fromKeystoreWithKey(json, dk));
  } finally {
    dk.fill(0);
  }
}

// ---- keystores this page writes (personal-device mode, a second device) ----------------------
//
// Two kinds. A keystore under a password someone types: scrypt (N = 2^17, r = 8, p = 1, as
// ethers writes them), its KDF on the worker. A keystore under a 256-bit key (a passkey's PRF
// output through HKDF, or a random transfer key): PBKDF2 with one iteration, since a slow KDF adds
// nothing to a key with no guessable structure; it opens on this thread at once.

/** scrypt parameters of the keystores kept under a typed password. */
const PASSWORD_KDF = Object.freeze({ kdf: 'scrypt', n: 131072, r: 8, p: 1 });
const KEY_KDF = Object.freeze({ kdf: 'pbkdf2', c: 1 });

/**
 * The wallet as a keystore under a typed password (scrypt on the worker: the module hands it the
 * key bytes, which both sides wipe).
 * @param {import('../../../wasm/js/wallet.js').Wallet} wallet
 * @param {string} password
 * @returns {Promise<string>} keystore V3 JSON
 */
export async function keystoreUnderPassword(wallet, password) {
  requireIsolation();
  const pw = new TextEncoder().encode(password);
  try {
    return await inWorker((worker) => wallet.encryptKeystoreAsync(pw, PASSWORD_KDF, { worker }));
  } finally {
    if (pw.byteLength > 0) pw.fill(0);
  }
}

/**
 * The wallet as a keystore under a 32-byte key (the caller wipes `key`). The private key stays in
 * the module.
 * @param {import('../../../wasm/js/wallet.js').Wallet} wallet
 * @param {Uint8Array} key
 * @returns {string} keystore V3 JSON
 */
export function keystoreUnderKey(wallet, key) {
  requireIsolation();
  if (!(key instanceof Uint8Array) || key.length !== 32) throw new RangeError('key: 32 bytes');
  return wallet.encryptKeystore(key, KEY_KDF);
}

/**
 * Opens a keystoreUnderKey() file with its key (the caller wipes `key`), into the key ring.
 * @param {string} json
 * @param {Uint8Array} key
 */
export async function openFromKeystoreKey(json, key) {
  const api = await walletApi();
  // Only these run here: a slow KDF belongs on the worker (openFromKeystore).
  const kdf = api.keystore.describe(json);
  if (kdf.kdf !== 'pbkdf2' || kdf.c !== 1)
    throw Object.assign(new Error('not a keystore under a key'), { code: 'ERR_BAD_KEYSTORE' });
  return registerKey(api.wallet.fromKeystore(json, key));
}
