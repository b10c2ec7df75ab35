// A chart's records: list them from the chain in windows, newest first (EhrLens.records), open
// one (fetch through the gateways, every block verified against the CID, then decrypted in the
// module), add one (FHIR check, encrypt under the chart key of its scope and current epoch,
// upload with the CID checked against our own, then addRecord on chain). Decrypted records are
// held in one map that lock empties; screens keep no other copy.
import config from '../config.js';
import { ehr } from '../module.js';
import { onWipe } from '../key-registry.js';
import { read, write } from '../chain/contracts.js';

let gatewayMod = null;
let clients = null;
/** @type {Map<string, { resource: any, text: string }>} decrypted records of this session by "patient:id" */
const decrypted = new Map();

onWipe(() => {
  decrypted.clear();
  clients = null;
});

/** The gateway client and uploader (created on first use). */
async function storage() {
  if (!clients) {
    const api = await ehr();
    gatewayMod ??= await import('../../../wasm/js/gateway.js');
    clients = {
      gateway: gatewayMod.createGatewayClient(api, { gateways: config.gateways }),
      uploader: config.uploadUrl ? gatewayMod.createUploader(api, { apiUrl: config.uploadUrl }) : null,
    };
  }
  return clients;
}

/** The gateway client and the uploader (uploader null when the build has no upload endpoint). */
export const storageClients = () => storage();

/** The CIDv1 text of a record's (codec, sha2-256 digest) as the chain stores it. */
export async function cidOf(codec, digest) {
  const api = await ehr();
  const d = typeof digest === 'string' ? api.fromHex(digest) : digest;
  const bytes = new Uint8Array(4 + 32);
  bytes.set([0x01, codec, 0x12, 0x20]);
  bytes.set(d, 4);
  return api.ipfs.formatCid(bytes);
}

/**
 * A record as the chain lists it.
 * @typedef {{ id: number, scope: number, createdAt: number, author: string, previous: number,
 *   redacted: boolean, superseded: boolean, codec: number, digest: string, cid: string }} ChainRecord
 */
/** @typedef {(provider: any, name: string, fn: string, args: unknown[]) => Promise<any>} ReadFn */

/**
 * Gas of one EhrLens.records call: per record (measured on anvil, tests/web/long-chart.test.mjs:
 * ~8,700 in a window of 100, ~11,400 in one of 2,000 as memory grows; rounded up) and for the
 * call itself (~37,600 for one record).
 */
export const LENS_GAS = Object.freeze({ perRecord: 12_000, base: 50_000 });
/**
 * The gas one window may spend: 1/24 of the 30M eth_call cap common on public RPCs, so a window
 * also fits under much smaller caps and its answer (~30 KB) comes back quickly.
 */
export const WINDOW_GAS_BUDGET = 1_250_000;

/**
 * Records per window for a gas budget: floor((budget - base) / perRecord), at least 1 (100 for
 * the defaults).
 * @param {{ gasBudget?: number, perRecord?: number, base?: number }} [o]
 */
export function windowSize({
  gasBudget = WINDOW_GAS_BUDGET,
  perRecord = LENS_GAS.perRecord,
  base = LENS_GAS.base,
} = {}) {
  return Math.max(1, Math.floor((gasBudget - base) / perRecord));
}

/**
 * How many records a patient's chart holds (ids run 1..count).
 * @param {{ read?: ReadFn }} [o]
 * @returns {Promise<number>}
 */
export async function recordCount(provider, patient, { read: readFn = read } = {}) {
  return Number((await readFn(provider, 'EhrHub', 'recordCount', [patient]))[0]);
}

/**
 * A chart's records in windows, newest first: ids count..1 in windows of `pageSize` (default
 * windowSize({ gasBudget })), each window one EhrLens.records(patient, from, to) call, whose
 * answer (ids ascending) is reversed. `count` pins the chart's length (default: read first), so
 * records added while paging do not shift the windows. Record ids follow time (block order), so
 * newest first by id is newest first by date. Stop early with `break` (or return()).
 * @param {any} provider
 * @param {string} patient
 * @param {{ pageSize?: number, gasBudget?: number, count?: number, read?: ReadFn,
 *   cid?: (codec: number, digest: string) => string | Promise<string> }} [o]
 *   read, cid: replace the chain read and the CID formatting (tests)
 * @returns {AsyncGenerator<ChainRecord[], void, void>}
 */
export async function* chartPages(provider, patient, o = {}) {
  const size = o.pageSize ?? windowSize({ gasBudget: o.gasBudget });
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`page size ${size}: a whole number of records, at least 1`);
  const readFn = o.read ?? read;
  const cidFn = o.cid ?? cidOf;
  const count = o.count ?? (await recordCount(provider, patient, { read: readFn }));
  for (let to = count; to >= 1; to -= size) {
    const from = Math.max(1, to - size + 1);
    const rows = (await readFn(provider, 'EhrLens', 'records', [patient, from, to]))[0];
    const page = [];
    for (let i = rows.length - 1; i >= 0; i--) {
      const r = rows[i];
      page.push({
        id: Number(r.recordId ?? from + i),
        scope: Number(r.scope),
        createdAt: Number(r.createdAt),
        author: r.author,
        previous: Number(r.previous ?? 0),
        redacted: r.redacted === true,
        superseded: r.superseded === true,
        codec: Number(r.codec),
        digest: r.digest,
        cid: await cidFn(Number(r.codec), r.digest),
      });
    }
    yield page;
  }
}

/**
 * Every record of a patient, newest first (all windows of chartPages: only for callers that
 * need the whole chart; screens page).
 * @returns {Promise<ChainRecord[]>}
 */
export async function listRecords(provider, patient, o = {}) {
  const out = [];
  for await (const page of chartPages(provider, patient, o)) out.push(...page);
  return out;
}

/**
 * Fetches, verifies and decrypts a record. `keysFor(header)` gets the envelope's header
 * ({ scope, epoch, ... }) and returns the keys to try ({ chartKeys, identities, release? });
 * release() runs after the attempt. Resolves to { resource, text, verified: true }; a record that
 * does not open is a typed error (ERR_NO_RECIPIENT: no key for it; ERR_AUTH_FAILED /
 * ERR_BAD_ENVELOPE: altered; GatewayError: no gateway delivered verified bytes).
 */
export async function openRecord(patient, record, keysFor, { onProgress } = {}) {
  const key = `${patient.toLowerCase()}:${record.id}`;
  const have = decrypted.get(key);
  if (have) return have;
  const api = await ehr();
  const { gateway } = await storage();
  const envelope = await gateway.bytes(record.cid, { onProgress });
  const header = api.records.inspect(envelope);
  if (!header.complete) throw Object.assign(new Error('the record is truncated'), { code: 'ERR_BAD_ENVELOPE' });
  if (header.scope !== record.scope)
    throw Object.assign(new Error("the record's category does not match its chain entry"), {
      code: 'ERR_BAD_ENVELOPE',
    });
  const keys = keysFor(header);
  let plain;
  try {
    plain = api.records.decrypt(envelope, keys);
  } finally {
    keys.release?.();
  }
  let text;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(plain);
  } finally {
    plain.fill(0);
  }
  const resource = JSON.parse(text);
  const entry = { resource, text, verified: true };
  decrypted.set(key, entry);
  return entry;
}

/** Forgets one decrypted record (the screen closed it). */
export function closeRecord(patient, id) {
  decrypted.delete(`${patient.toLowerCase()}:${id}`);
}

/** The patient's current epoch of every scope (uint32[32]). */
export async function epochsOf(provider, patient) {
  const r = await read(provider, 'EhrHub', 'epochs', [patient]);
  return Array.from(r[0], Number);
}

/**
 * Adds a FHIR resource to a patient's chart: check (scope from the resource type, or `scope`),
 * encrypt, upload, addRecord. The record is sealed as `sealingFor` (records/access.js) decides:
 * under the chart key of its scope's current epoch, or, while an end of access in that scope is
 * not settled (or the writer lacks the current key), to every current reader's public key. With
 * `settleFirst` (the patient's page) a pending scope is settled first. With `amends` (the id of
 * the latest version of a record), the resource is a new version of it: same scope (the chain
 * keeps the scope of the amended record), recorded with amendRecord, and the old version becomes
 * superseded.
 * @param {{ provider: any, from: string, patient: string, resource: object, scope?: number,
 *   amends?: number,
 *   chartKeyFor: (scope: number, epoch: number) => { key: any, release?: () => void },
 *   settleFirst?: () => Promise<unknown>,
 *   onStage?: (stage: string, detail?: any) => void }} o
 */
export async function addRecord(o) {
  const api = await ehr();
  const json = JSON.stringify(o.resource);
  const checked = api.records.fhir.check(json);
  const scope = o.scope ?? checked.scope;
  const { sealingFor } = await import('./access.js');
  const sealing = await sealingFor({
    provider: o.provider,
    patient: o.patient,
    scope,
    chartKeyFor: o.chartKeyFor,
    settleFirst: o.settleFirst,
  });
  const { epoch } = sealing;
  o.onStage?.('encrypt');
  const plain = new TextEncoder().encode(json);
  let envelope;
  try {
    envelope = api.records.encrypt(
      plain,
      sealing.chartKey
        ? { scope, epoch, chartKeys: [sealing.chartKey.key] }
        : { scope, epoch, recipients: sealing.recipients },
    );
  } finally {
    plain.fill(0);
    sealing.chartKey?.release?.();
  }
  o.onStage?.('upload');
  const { uploader } = await storage();
  if (!uploader) throw Object.assign(new Error('this build has no upload endpoint'), { code: 'ERR_NOT_AVAILABLE' });
  const { cid } = await uploader.add(envelope);
  const parsed = api.ipfs.parseCid(cid);
  o.onStage?.('confirm', cid);
  const [fn, args] = o.amends
    ? ['amendRecord', [o.patient, o.amends, parsed.digest, parsed.codec]]
    : ['addRecord', [o.patient, parsed.digest, parsed.codec, scope]];
  const r = await write(o.provider, o.from, 'EhrHub', fn, args, {
    onStage: (s, hash) => o.onStage?.(`chain-${s}`, hash),
  });
  const added = r.events.find((e) => e.name === 'RecordAdded');
  return {
    cid,
    scope,
    epoch,
    sealedTo: sealing.chartKey ? 'chart-key' : 'readers',
    id: added ? Number(added.args.recordId) : undefined,
    hash: r.hash,
  };
}

/**
 * The whole chart as a CAR file (CAR v1): every record's envelope DAG, each block fetched
 * through the gateways and verified against its CID. Holds ciphertext only: it can be imported
 * into any IPFS node and read back with the chart's keys.
 * @returns {Promise<{ bytes: Uint8Array, roots: string[] }>}
 */
export async function exportChart(provider, patient, { onProgress } = {}) {
  const api = await ehr();
  const { gateway } = await storage();
  const count = await recordCount(provider, patient);
  const blocks = new Map();
  const roots = [];
  for await (const page of chartPages(provider, patient, { count })) {
    for (const r of page) {
      // readFile walks the DAG through getBlock (each block verified by the reader too).
      for await (const chunk of api.ipfs.readFile(r.cid, async (cid) => {
        const bytes = await gateway.getBlock(cid);
        blocks.set(cid, { cid, bytes });
        return bytes;
      }))
        void chunk;
      roots.push(r.cid);
      onProgress?.(roots.length, count);
    }
  }
  return { bytes: api.ipfs.carBytes(roots, [...blocks.values()]), roots };
}
