// Records readable offline on a personal device (opt-in, Settings > This device: "Keep records I
// open readable offline on this device"). Off by default, and never offered or used in
// shared-terminal mode: nothing here touches storage unless this device keeps a wallet
// (personal-device.js) and the patient turned the setting on.
//
// What is stored, in the IndexedDB database "ehr-offline" (its existence is the setting), store
// "records" (key `id`: 1, 2, 3… in the order kept), one entry per record the patient opened:
// - `envelope`: the record's envelope bytes exactly as the gateways delivered them (checked
//   against the record's CID): ciphertext, the same bytes anyone can fetch from IPFS;
// - `meta`: XChaCha20-Poly1305 (fresh 24-byte `nonce`) of what the timeline needs to list and open
//   it: the chain's row (record id, scope, time, author, CID, versions), the envelope's epoch, the
//   account's key version and the envelope's SHA-256. The key is HKDF-SHA256 of the wallet's
//   EIP-191 signature of OFFLINE_MESSAGE (salt "ehr/device-offline/v1", info = address), as the
//   drafts key (personal-device.js): the keystore under the device's password (or passkey)
//   protects it. The address is associated data. The key is a SymmetricKey in the module,
//   registered with the key registry: lock wipes it.
// Never stored: anything decrypted, or any key. The service worker's cache is not used (it keeps
// the app shell only: web/sw.js).
//
// Offline (the page started and the chain cannot be reached): the chart (screens/patient-frame.js)
// unlocks the wallet kept here, derives the chart keys from it exactly as online
// (account-keys.js keysAtVersion: the same signatures, with the key version kept in `meta`), lists
// the kept records and opens them from `envelope` through records/chart.js openRecord.
import config from '../config.js';
import { ehr } from '../module.js';
import { releaseKey, onWipe } from '../key-registry.js';
import { sameAddress } from '../format.js';
import { translate } from '../i18n.js';
import { deviceWallet } from '../personal-device.js';
import { idbStore, walletKey } from '../device-store.js';

const DB = 'ehr-offline';
const STORE = 'records';
/** What the wallet signs to derive the key of the kept records' metadata (EIP-191). */
export const OFFLINE_MESSAGE = 'EHR: the key of the records kept readable offline on this device (version 1)';
const utf8 = (s) => new TextEncoder().encode(s);
const hex = (b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const fail = (code, message) => Object.assign(new Error(translate(message)), { code });

// ---- IndexedDB ------------------------------------------------------------------------------------

const db = idbStore(DB, STORE, { keyPath: 'id', autoIncrement: true });
const { inStore } = db;
/** Whether the database exists, i.e. the setting is on (without creating it). */
const dbExists = db.exists;

/** Every stored entry (each with its `id`, the store's key). */
const allEntries = () => inStore('readonly', (s) => s.getAll()).then((r) => r ?? []);

// ---- the setting ------------------------------------------------------------------------------------

/** Whether the setting is on (read at start and on every change; false on a shared terminal). */
let enabled = false;
/** Whether the page started without the chain (and with kept records to show). */
let offline = false;

/** The setting: on only on a personal device whose database exists. */
export const keepingOffline = () => enabled && Boolean(deviceWallet());

/** Offline mode: a personal device keeping records, started where the chain cannot be reached. */
export const offlineMode = () => offline && keepingOffline();

/** Whether the chain's RPC answers (a short eth_chainId). Never asked when the browser is offline. */
async function chainReachable() {
  if (globalThis.navigator?.onLine === false) return false;
  if (!config.rpcUrl) return true; // nothing to ask: the browser's word stands
  try {
    const res = await fetch(config.rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      signal: AbortSignal.timeout(8000),
      cache: 'no-store',
      credentials: 'omit',
    });
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * At start (after personal-device.js startDevice): reads whether the setting is on and, if so,
 * whether the chain can be reached. Resolves to true when the page is in offline mode. On a
 * shared terminal it reads nothing.
 */
export async function startOffline(app) {
  if (!app.isolation.isolated || !deviceWallet()) return false;
  try {
    enabled = await dbExists();
  } catch {
    enabled = false;
  }
  if (!enabled) return false;
  offline = !(await chainReachable());
  return offlineMode();
}

/** Whether the setting is on, read again from storage ("Forget this device" may have removed it). */
export async function readKeeping() {
  try {
    enabled = Boolean(deviceWallet()) && (await dbExists());
  } catch {
    enabled = false;
  }
  return enabled;
}

/** Turns the setting on: creates the (empty) store. Only on a personal device. */
export async function enableKeeping() {
  if (!deviceWallet()) throw fail('ERR_NO_DEVICE_WALLET', 'this device keeps no wallet');
  await inStore('readonly', (s) => s.count(), true);
  enabled = true;
}

/** Turns the setting off: deletes every kept record (the whole database). */
export async function disableKeeping() {
  enabled = false;
  offline = false;
  index = null;
  await db.destroy();
}

/** How many records are kept (0 when the setting is off). */
export async function keptCount() {
  return (await inStore('readonly', (s) => s.count())) ?? 0;
}

// ---- the key of the metadata ----------------------------------------------------------------------------

/** { address, key } — the metadata key of the account this session derived it for. */
let metaKey = null;

/**
 * The metadata key of `wallet`'s account (the wallet this device keeps): HKDF-SHA256 of its
 * signature of OFFLINE_MESSAGE, held in the module (registered: lock wipes it).
 * @param {{ address: string, signMessage: (m: Uint8Array) => Uint8Array }} wallet
 */
async function keyOf(wallet) {
  if (metaKey && !metaKey.key.disposed && sameAddress(metaKey.address, wallet.address)) return metaKey.key;
  const address = wallet.address.toLowerCase();
  const key = await walletKey(wallet, OFFLINE_MESSAGE, 'ehr/device-offline/v1');
  if (metaKey) releaseKey(metaKey.key);
  metaKey = { address, key };
  return key;
}

const associated = (address) => utf8(`ehr/device-offline/v1 ${address.toLowerCase()}`);

async function seal(key, address, meta) {
  const api = await ehr();
  const aead = api.aead.xchacha20poly1305;
  const plain = utf8(JSON.stringify(meta));
  const nonce = api.randomBytes(aead.NONCE_BYTES);
  try {
    return { nonce, meta: aead.encrypt(key, nonce, plain, associated(address)) };
  } finally {
    plain.fill(0);
  }
}

/** The metadata of an entry, or null when it does not open with this key (another account, damaged). */
async function unseal(key, address, value) {
  if (!(value?.nonce instanceof Uint8Array) || !(value?.meta instanceof Uint8Array)) return null;
  const api = await ehr();
  let plain;
  try {
    plain = api.aead.xchacha20poly1305.decrypt(key, value.nonce, value.meta, associated(address));
  } catch {
    return null;
  }
  try {
    return JSON.parse(new TextDecoder().decode(plain));
  } finally {
    plain.fill(0);
  }
}

/** Kept records of this session: Map of "patient:id" -> store key (read once, after the key). */
let index = null;

async function loadIndex(key, address) {
  const out = new Map();
  const rows = [];
  for (const v of await allEntries()) {
    const meta = await unseal(key, address, v);
    if (!meta || !meta.row) continue;
    out.set(`${String(meta.patient).toLowerCase()}:${meta.row.id}`, v.id);
    rows.push({ storeKey: v.id, meta });
  }
  index = { address: address.toLowerCase(), keys: out };
  return rows;
}

// ---- keeping a record (online) --------------------------------------------------------------------------

/**
 * Keeps the record `row` of `patient`'s chart, just opened, for offline reading: its envelope
 * bytes (as fetched; fetched again through the gateways when the session had it decrypted
 * already) and its metadata, encrypted. Only with the setting on, for the wallet this device
 * keeps, when that wallet (`wallet`) is the patient's own. Resolves to true when kept.
 * @param {{ wallet: any, patient: string, row: any, envelope?: Uint8Array | null, keyVersion: number }} o
 */
export async function keepOpened({ wallet, patient, row, envelope = null, keyVersion }) {
  const d = deviceWallet();
  if (!enabled || !d || !wallet || !sameAddress(wallet.address, d.address) || !sameAddress(patient, d.address))
    return false;
  if (!(await dbExists())) {
    enabled = false;
    return false;
  }
  const api = await ehr();
  const key = await keyOf(wallet);
  const address = d.address.toLowerCase();
  if (!index || index.address !== address) await loadIndex(key, address);
  let bytes = envelope;
  if (!bytes) {
    const { storageClients } = await import('./chart.js');
    bytes = await (await storageClients()).gateway.bytes(row.cid);
  }
  const header = api.records.inspect(bytes);
  if (!header.complete || header.scope !== row.scope) return false;
  const meta = {
    version: 1,
    patient: address,
    keyVersion,
    epoch: header.epoch,
    sha256: hex(api.sha256(bytes)),
    kept: Math.floor(Date.now() / 1000),
    row: {
      id: row.id,
      scope: row.scope,
      createdAt: row.createdAt,
      author: row.author,
      previous: row.previous,
      redacted: row.redacted,
      superseded: row.superseded,
      codec: row.codec,
      digest: typeof row.digest === 'string' ? row.digest.replace(/^0x/, '').toLowerCase() : hex(row.digest),
      cid: row.cid,
    },
  };
  const value = { ...(await seal(key, address, meta)), envelope: new Uint8Array(bytes) };
  const id = `${address}:${row.id}`;
  const at = index.keys.get(id);
  const stored = await inStore('readwrite', (s) => (at === undefined ? s.add(value) : s.put({ ...value, id: at })));
  if (stored === undefined) return false; // turned off meanwhile
  index.keys.set(id, stored);
  return true;
}

// ---- reading offline ---------------------------------------------------------------------------------

/**
 * The offline session: the kept records of the device's account and the chart keys derived from
 * its wallet, or null. Lock wipes it (the keys are registered).
 * @type {null | { address: string, keys: any, rows: any[] }}
 */
let session = null;

/** The opened offline session of the device's account, or null. */
export const offlineSession = () =>
  session && deviceWallet() && sameAddress(session.address, deviceWallet().address) ? session : null;

/**
 * Opens the kept records with the wallet this device keeps (just unlocked): the metadata key and
 * the chart keys of every key version the kept records need, both derived from the wallet here
 * (no network); the wallet is released afterwards. Resolves to the session.
 * @param {any} wallet the unlocked wallet (a registered handle)
 */
export async function openOffline(wallet) {
  try {
    const api = await ehr();
    const address = wallet.address.toLowerCase();
    const key = await keyOf(wallet);
    const rows = await loadIndex(key, address);
    const version = Math.max(1, ...rows.map((r) => Number(r.meta.keyVersion) || 1));
    // The page's own signer over the wallet: it signs here and sends nothing (reads have no RPC).
    const { createBuiltinProvider } = await import('../wallet/builtin-provider.js');
    const provider = createBuiltinProvider({
      wallet,
      rpc: {
        request: () => Promise.reject(fail('ERR_OFFLINE', 'this needs the network')),
        sendTransaction: () => Promise.reject(fail('ERR_OFFLINE', 'this needs the network')),
      },
      config,
      toHex: api.toHex,
      fromHex: api.fromHex,
    });
    const { keysAtVersion } = await import('./account-keys.js');
    let keys;
    try {
      keys = await keysAtVersion(provider, wallet.address, version);
    } finally {
      provider.close();
    }
    if (session) for (const k of [...session.keys.identities, ...session.keys.roots.values()]) releaseKey(k);
    session = {
      address,
      keys,
      rows: rows
        .filter((r) => r.meta.patient === address)
        .map((r) => ({ ...r.meta.row, epoch: r.meta.epoch, storeKey: r.storeKey, sha256: r.meta.sha256 }))
        .sort((a, b) => b.id - a.id),
    };
    return session;
  } finally {
    releaseKey(wallet);
  }
}

/**
 * The envelope of a kept record, checked against the SHA-256 kept with it (and, for a record of
 * one raw block, against its CID's digest): ERR_BAD_ENVELOPE when the stored bytes changed.
 */
export async function keptEnvelope(row) {
  const value = await inStore('readonly', (s) => s.get(row.storeKey));
  if (!(value?.envelope instanceof Uint8Array))
    throw fail('ERR_NOT_KEPT', 'this record is not kept on this device any more');
  const api = await ehr();
  const digest = hex(api.sha256(value.envelope));
  const rawBlock = row.codec === 0x55 && row.digest;
  if (digest !== row.sha256 || (rawBlock && rawBlock !== digest))
    throw Object.assign(new Error('the kept record changed on this device'), { code: 'ERR_BAD_ENVELOPE' });
  return value.envelope;
}

onWipe(() => {
  metaKey = null;
  session = null;
  index = null;
});
