// Personal-device mode (opt-in, in Settings > This device): the built-in wallet kept on this
// device, encrypted, so that a reload, a lock or a closed tab asks for a password or a passkey
// instead of the recovery phrase. Shared-terminal mode stays the default on a new device and keeps
// nothing: this module creates no storage until the person turns the mode on, and at start it only
// looks whether its database exists (indexedDB.databases(), which creates nothing).
//
// What is stored, in the IndexedDB database "ehr-device" (store "kv"):
// - "wallet": { version: 1, address, keystore, passkey, created }. `keystore` is the wallet's
//   Web3 Secret Storage file (V3) under the password the person chose for this device, scrypt
//   N = 2^17 (wallet/builtin.js keystoreUnderPassword). `passkey`, when one was added: the
//   credential id, a random PRF salt, and a second keystore whose password is
//   HKDF-SHA256(PRF output, salt "ehr/device-passkey/v1", info = address) — the WebAuthn PRF
//   extension's output for that salt, which only the authenticator can compute (after user
//   verification), never stored.
// - "drafts:<address>": the form drafts (drafts.js), XChaCha20-Poly1305 under
//   HKDF-SHA256(the wallet's EIP-191 signature of DRAFTS_MESSAGE, salt "ehr/device-drafts/v1",
//   info = address), a fresh 24-byte nonce per write, the address as associated data. The key is
//   a SymmetricKey in the module, registered with the key registry: lock wipes it.
// With "Keep records I open readable offline on this device" on (off by default, offered only
// here, in personal-device mode): the database "ehr-offline" of records/offline.js — each opened
// record's envelope as fetched (ciphertext) and its timeline entry encrypted under a key derived
// from the wallet like the drafts key. Turning it off deletes that database.
// Nothing else: keys derived from the wallet (chart roots, identities) are derived again after
// each unlock. "Forget this device" deletes the databases and everything else this origin stored.
import { ehr } from './module.js';
import { onWipe } from './key-registry.js';
import { getState } from './state.js';
import { attachDraftStore, restoreDrafts } from './drafts.js';
import { requireIsolation } from './origin.js';
import { translate } from './i18n.js';
import { idbStore, settle, walletKey } from './device-store.js';
import { keystoreUnderPassword, keystoreUnderKey, openFromKeystore, openFromKeystoreKey } from './wallet/builtin.js';

const DB = 'ehr-device';
const STORE = 'kv';
const WALLET = 'wallet';
const draftsEntry = (address) => `drafts:${address.toLowerCase()}`;
/** What the wallet signs to derive the drafts key (EIP-191): only this page asks for it. */
export const DRAFTS_MESSAGE = 'EHR: the key of the form drafts kept on this device (version 1)';
const utf8 = (s) => new TextEncoder().encode(s);
// An error's message may reach a notice (errors.js): it is a message of the catalogue.
const fail = (code, message) => Object.assign(new Error(translate(message)), { code });

// ---- IndexedDB ------------------------------------------------------------------------------------

// Without indexedDB.databases(), open() aborts the creation of a database that did not exist.
const db = idbStore(DB, STORE, { unknownExists: true });
const { inStore } = db;
const read = (key) => inStore('readonly', (s) => s.get(key));
const write = (key, value, create = false) => inStore('readwrite', (s) => s.put(value, key), create);
const remove = (key) => inStore('readwrite', (s) => s.delete(key));

// ---- the stored wallet ------------------------------------------------------------------------------

/** What the page knows about the stored wallet without unlocking it, or null (shared terminal). */
let device = null;
const summary = (w) =>
  w && typeof w.address === 'string' && typeof w.keystore === 'string'
    ? { address: w.address, passkey: Boolean(w.passkey?.keystore) }
    : null;

/** The wallet this device keeps: { address, passkey } (nothing secret), or null. */
export const deviceWallet = () => device;

/**
 * At start: reads whether this device keeps a wallet; if so the page starts in personal-device
 * mode (shared-terminal mode off). Never on a shared origin (origin.js), where another site could
 * have written the database.
 */
export async function startDevice(app) {
  if (!app.isolation.isolated) return;
  try {
    device = summary(await read(WALLET));
  } catch {
    device = null; // storage refused (private mode, a browser setting): a shared terminal then
  }
  if (device) app.session.configure({ sharedTerminal: false });
}

/**
 * Turns personal-device mode on: keeps `wallet` (open, built-in) encrypted under `password` on this
 * device, replacing any wallet kept before, and keeps the drafts from now on.
 * @param {any} app
 * @param {import('../../wasm/js/wallet.js').Wallet} wallet
 * @param {string} password
 */
export async function keepOnDevice(app, wallet, password) {
  requireIsolation();
  const keystore = await keystoreUnderPassword(wallet, password);
  const address = wallet.address;
  const before = summary(await read(WALLET));
  await write(WALLET, { version: 1, address, keystore, passkey: null, created: Date.now() }, true);
  // Another account's drafts went with its wallet (they open only with it).
  if (before && before.address.toLowerCase() !== address.toLowerCase()) {
    await remove(draftsEntry(before.address));
    // So did its kept records (records/offline.js; loaded here only then).
    await (await import('./records/offline.js')).disableKeeping();
  }
  device = { address, passkey: false };
  app.session.configure({ sharedTerminal: false });
  await keepDrafts(wallet);
}

/** The stored wallet's record, checked against the summary (another tab may have forgotten it). */
async function storedWallet() {
  const w = await read(WALLET);
  device = summary(w);
  if (!device) throw fail('ERR_NO_DEVICE_WALLET', 'this device keeps no wallet');
  return w;
}

/** Opens the stored wallet with its password (scrypt on the worker); ERR_WRONG_PASSWORD if wrong. */
export async function unlockWithPassword(password) {
  const w = await storedWallet();
  return openFromKeystore(w.keystore, password);
}

// ---- passkeys (WebAuthn PRF) -------------------------------------------------------------------------

/**
 * Whether this browser may create passkeys here (a secure context with WebAuthn, not known to lack
 * the PRF extension). Whether the authenticator computes PRF outputs shows only when one is made.
 */
export async function passkeysAvailable() {
  const P = globalThis.PublicKeyCredential;
  if (!P || !globalThis.isSecureContext || !globalThis.navigator?.credentials?.create) return false;
  try {
    const caps = await P.getClientCapabilities?.();
    if (caps && caps['extension:prf'] === false) return false;
  } catch {
    // no capabilities to ask: try when asked to
  }
  return true;
}

const noPrf = () =>
  fail(
    'ERR_NO_PRF',
    'this passkey cannot derive a key (the authenticator or browser lacks the WebAuthn PRF extension)',
  );

/** A PRF output (ArrayBuffer or view) as a Uint8Array over the same bytes, so wiping it wipes them. */
const prfBytes = (b) =>
  b instanceof ArrayBuffer ? new Uint8Array(b) : new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

/** The PRF output of an existing credential for `salt` (an assertion with user verification). */
async function prfOutput(api, credentialId, salt) {
  const assertion = await navigator.credentials.get({
    publicKey: {
      challenge: api.randomBytes(32),
      allowCredentials: [{ type: 'public-key', id: credentialId }],
      userVerification: 'required',
      timeout: 120000,
      extensions: { prf: { eval: { first: salt } } },
    },
  });
  const first = assertion?.getClientExtensionResults?.().prf?.results?.first;
  if (!first) throw noPrf();
  return prfBytes(first);
}

/** The keystore password of a passkey: HKDF of its PRF output (wiped here). */
function passkeyKey(api, output, address) {
  try {
    return api.hkdf.derive(output, { salt: utf8('ehr/device-passkey/v1'), info: utf8(address.toLowerCase()) });
  } finally {
    output.fill(0);
  }
}

/**
 * Adds a passkey that unlocks the stored wallet: a new WebAuthn credential with the PRF extension,
 * and a second keystore of `wallet` under HKDF(PRF output). Throws ERR_NO_PRF when the
 * authenticator gives no PRF output (the password stays the way in).
 * @param {import('../../wasm/js/wallet.js').Wallet} wallet the open wallet this device keeps
 */
export async function addPasskey(wallet) {
  requireIsolation();
  const w = await storedWallet();
  if (w.address.toLowerCase() !== wallet.address.toLowerCase())
    throw fail('ERR_OTHER_ACCOUNT', 'the open wallet is not the one this device keeps');
  const api = await ehr();
  const salt = api.randomBytes(32);
  const cred = await navigator.credentials.create({
    publicKey: {
      rp: { name: 'EHR' },
      user: {
        id: api.randomBytes(16),
        name: `EHR ${w.address.slice(0, 6)}…${w.address.slice(-4)}`,
        // Shown by the browser's and the authenticator's own passkey dialogs.
        displayName: translate('EHR wallet on this device'),
      },
      challenge: api.randomBytes(32),
      pubKeyCredParams: [
        { type: 'public-key', alg: -7 },
        { type: 'public-key', alg: -257 },
      ],
      authenticatorSelection: { residentKey: 'preferred', userVerification: 'required' },
      timeout: 120000,
      extensions: { prf: { eval: { first: salt } } },
    },
  });
  const prf = cred?.getClientExtensionResults?.().prf;
  if (!prf?.enabled && !prf?.results?.first) throw noPrf();
  const credentialId = new Uint8Array(cred.rawId);
  // Some authenticators evaluate the PRF at creation; the others on the first assertion.
  const output = prf.results?.first ? prfBytes(prf.results.first) : await prfOutput(api, credentialId, salt);
  const key = passkeyKey(api, output, w.address);
  let keystore;
  try {
    keystore = keystoreUnderKey(wallet, key);
  } finally {
    key.fill(0);
  }
  await write(WALLET, { ...w, passkey: { credentialId, salt, keystore } });
  device = summary({ ...w, passkey: { keystore } });
}

/** Opens the stored wallet with its passkey (user verification on the authenticator). */
export async function unlockWithPasskey() {
  const w = await storedWallet();
  if (!w.passkey?.keystore) throw noPrf();
  const api = await ehr();
  const key = passkeyKey(api, await prfOutput(api, w.passkey.credentialId, w.passkey.salt), w.address);
  try {
    return await openFromKeystoreKey(w.passkey.keystore, key);
  } finally {
    key.fill(0);
  }
}

// ---- drafts ------------------------------------------------------------------------------------------

/**
 * Keeps the form drafts of `wallet`'s account encrypted on this device from now on, and brings
 * back those of an earlier visit. Only in personal-device mode, for the wallet this device keeps.
 * @param {import('../../wasm/js/wallet.js').Wallet} wallet
 */
export async function keepDrafts(wallet) {
  if (!device || device.address.toLowerCase() !== wallet.address.toLowerCase()) return;
  const api = await ehr();
  const address = wallet.address.toLowerCase();
  const aead = api.aead.xchacha20poly1305;
  const ad = utf8(`ehr/device-drafts/v1 ${address}`);
  const key = await walletKey(wallet, DRAFTS_MESSAGE, 'ehr/device-drafts/v1');
  const stored = await read(draftsEntry(address)).catch(() => null);
  if (key.disposed) return; // locked meanwhile
  if (stored?.nonce instanceof Uint8Array && stored?.ciphertext instanceof Uint8Array) {
    try {
      const plain = aead.decrypt(key, stored.nonce, stored.ciphertext, ad);
      try {
        restoreDrafts(JSON.parse(new TextDecoder().decode(plain)));
      } finally {
        plain.fill(0);
      }
    } catch {
      // not readable with this wallet's key (or damaged): the next write replaces it
    }
  }
  const save = async (entries) => {
    if (entries.length === 0) {
      await remove(draftsEntry(address));
      return;
    }
    const plain = utf8(JSON.stringify(entries));
    const nonce = api.randomBytes(aead.NONCE_BYTES);
    let ciphertext;
    try {
      ciphertext = aead.encrypt(key, nonce, plain, ad);
    } finally {
      plain.fill(0);
    }
    await write(draftsEntry(address), { nonce, ciphertext });
  };
  // One write at a time, always of the newest drafts: snapshots that a newer one overtook while a
  // write ran are skipped, and an older one never lands after a newer one.
  let latest = null;
  let running = null;
  attachDraftStore({
    write(entries) {
      latest = entries;
      running ??= (async () => {
        while (latest) {
          const next = latest;
          latest = null;
          await save(next);
        }
      })().finally(() => {
        running = null;
      });
      return running;
    },
  });
}

// Lock: the drafts key is wiped with every other registered key; the store goes with it.
onWipe(() => attachDraftStore(null));

// ---- forgetting ----------------------------------------------------------------------------------------

/**
 * "Forget this device": deletes everything this page stored on it — the wallet and drafts
 * database, localStorage and sessionStorage (lists kept on a personal device), Cache Storage, the
 * origin-private file system and service worker registrations — and goes back to shared-terminal
 * mode. Keys in memory stay until the page locks.
 */
export async function forgetDevice(app) {
  attachDraftStore(null);
  device = null;
  const quietly = async (fn) => {
    try {
      await fn();
    } catch {
      // a part the browser does not have, or refuses: the others are still removed
    }
  };
  await quietly(async () => {
    const names = typeof indexedDB.databases === 'function' ? (await indexedDB.databases()).map((d) => d.name) : [DB];
    await Promise.all(names.map((n) => settle(indexedDB.deleteDatabase(n))));
  });
  await quietly(() => localStorage.clear());
  await quietly(() => sessionStorage.clear());
  await quietly(async () => Promise.all((await caches.keys()).map((n) => caches.delete(n))));
  await quietly(async () => {
    const root = await navigator.storage.getDirectory();
    for await (const name of root.keys()) await root.removeEntry(name, { recursive: true });
  });
  await quietly(async () => Promise.all((await navigator.serviceWorker.getRegistrations()).map((r) => r.unregister())));
  app.session.configure({ sharedTerminal: app.config.sharedTerminal?.default !== false });
}

// ---- where "Connect a wallet" leads ---------------------------------------------------------------------

let returnTo = null;
let otherWalletOnce = false;

/**
 * The router's guard: with a wallet kept on this device and none connected, "Connect a wallet"
 * leads to its unlock screen (the screen it came from is where the unlock returns), unless the
 * person chose "Use another wallet" there.
 * @param {string} path the route asked for
 * @param {string | null} from the route shown now
 */
export function unlockFirst(path, from) {
  if (path !== '/connect' || !device || getState().account) return null;
  if (otherWalletOnce) {
    otherWalletOnce = false;
    return null;
  }
  if (from && !['/connect', '/wallet/unlock', '/locked'].includes(from)) returnTo = from;
  return '/wallet/unlock';
}

/** "Use another wallet": the next visit of Connect shows the wallets. */
export function useAnotherWallet() {
  otherWalletOnce = true;
}

/** Where to go after an unlock (the screen that asked for a wallet), once. */
export function afterUnlock() {
  const p = returnTo;
  returnTo = null;
  return p ?? '/account';
}
