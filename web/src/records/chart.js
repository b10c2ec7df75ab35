// A chart's records: list them from the chain in windows, newest first (EhrLens.records), open
// one (fetch through the gateways, every block verified against the CID, then decrypted in the
// module), add one (FHIR check, encrypt under the chart key of its scope and current epoch,
// upload with the CID checked against our own, then addRecord on chain) or many (addRecords: one
// transaction per batch). Decrypted records are
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
 * `envelope`: bytes already at hand (a record kept on a personal device, records/offline.js)
 * instead of the gateways'; `onEnvelope(envelope, header)` gets the bytes once they decrypted.
 */
export async function openRecord(patient, record, keysFor, { onProgress, onEnvelope, envelope: kept } = {}) {
  const key = `${patient.toLowerCase()}:${record.id}`;
  const have = decrypted.get(key);
  if (have) return have;
  const api = await ehr();
  const envelope = kept ?? (await (await storage()).gateway.bytes(record.cid, { onProgress }));
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
  onEnvelope?.(envelope, header);
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
  const sealing = await sealingOf(o, scope);
  let sealed;
  try {
    sealed = await sealAndUpload(api, json, scope, sealing, o.onStage);
  } finally {
    sealing.chartKey?.release?.();
  }
  return recordSealed(o, scope, sealing, sealed);
}

/**
 * Adds a file of any size: the file becomes its own envelope (records/files.js: streamed from
 * disk, encrypted under the same sealing as the record, its CID built on the way, staged on disk
 * and uploaded), then a DocumentReference pointing at it (`ipfs://<cid>`, size, SHA-1, type,
 * title) is added as addRecord adds a record. Stages as addRecord's, plus onProgress({ bytesDone,
 * bytesTotal }) while the file is read and onStage('upload', envelopeBytes). Cancelling with
 * `signal` before the chain step records nothing (AbortError); what was pinned for it (the file,
 * the record) is unpinned, and the error's `unpinned` says how that went (files.js unpinAll).
 * @param {{ provider: any, from: string, patient: string, file: Blob & { name?: string },
 *   description?: string, scope: number,
 *   chartKeyFor: (scope: number, epoch: number) => { key: any, release?: () => void },
 *   settleFirst?: () => Promise<unknown>, signal?: AbortSignal,
 *   onStage?: (stage: string, detail?: any) => void,
 *   onProgress?: (p: { bytesDone: number, bytesTotal?: number }) => void }} o
 */
export async function addFileRecord(o) {
  const api = await ehr();
  const files = await import('./files.js');
  const { uploader } = await storage();
  if (!uploader) throw Object.assign(new Error('this build has no upload endpoint'), { code: 'ERR_NOT_AVAILABLE' });
  const scope = o.scope;
  const sealing = await sealingOf(o, scope);
  const aborted = () => {
    if (o.signal?.aborted) throw Object.assign(new Error('cancelled'), { name: 'AbortError', code: 'ERR_CANCELLED' });
  };
  let sealed;
  const pinned = [];
  try {
    const { epoch } = sealing;
    const stored = await files.sealAndUploadFile(api, {
      pinned,
      file: o.file,
      encrypt: sealing.chartKey
        ? { scope, epoch, chartKeys: [sealing.chartKey.key] }
        : { scope, epoch, recipients: sealing.recipients },
      uploader,
      signal: o.signal,
      onProgress: o.onProgress,
      onStage: o.onStage,
    });
    const resource = files.fileDocument({
      cid: stored.cid,
      size: stored.size,
      hash: stored.hash,
      contentType: o.file.type,
      title: o.file.name,
      description: o.description,
      subject: { reference: `Patient/${o.patient.toLowerCase()}` },
    });
    const json = JSON.stringify(resource);
    api.records.fhir.check(json);
    aborted();
    // The record itself is small: its own stages are not shown again.
    sealed = await sealAndUpload(api, json, scope, sealing, () => {});
    pinned.push(sealed.cid);
    aborted();
  } catch (e) {
    // Nothing is recorded: take back the pins of what was uploaded for it.
    if (pinned.length && e && typeof e === 'object') e.unpinned = await files.unpinAll(uploader, pinned);
    throw e;
  } finally {
    sealing.chartKey?.release?.();
  }
  return recordSealed({ ...o, amends: undefined }, scope, sealing, sealed);
}

/** How a record of `scope` is sealed now (records/access.js sealingFor, with o's keys). */
async function sealingOf(o, scope) {
  const { sealingFor } = await import('./access.js');
  return sealingFor({
    provider: o.provider,
    patient: o.patient,
    scope,
    chartKeyFor: o.chartKeyFor,
    settleFirst: o.settleFirst,
  });
}

/**
 * Records an uploaded envelope on chain (addRecord, or amendRecord with `o.amends`) and says how
 * it was sealed: { cid, scope, epoch, sealedTo, id, hash }.
 */
async function recordSealed(o, scope, sealing, { cid, parsed }) {
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
    epoch: sealing.epoch,
    sealedTo: sealing.chartKey ? 'chart-key' : 'readers',
    id: added ? Number(added.args.recordId) : undefined,
    hash: r.hash,
  };
}

/** Encrypts checked FHIR JSON as `sealing` says and uploads it: { cid, parsed: { digest, codec } }. */
async function sealAndUpload(api, json, scope, sealing, onStage) {
  const { epoch } = sealing;
  onStage?.('encrypt');
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
  }
  onStage?.('upload');
  const { uploader } = await storage();
  if (!uploader) throw Object.assign(new Error('this build has no upload endpoint'), { code: 'ERR_NOT_AVAILABLE' });
  const { cid } = await uploader.add(envelope);
  return { cid, parsed: api.ipfs.parseCid(cid) };
}

/**
 * Records per addRecords transaction. A record in a batch costs about 30,000 gas (bench/gas.mjs),
 * so 50 take about 1.5 M gas: a small part of any block gas limit (30 M and more) and of a 30 M
 * per-transaction cap, and half of what the hub takes in one call (MAX_BATCH, 100).
 */
export const ADD_BATCH = 50;

/**
 * Adds many FHIR resources to one chart: each is checked, sealed exactly as addRecord seals it
 * (sealingFor once per scope and batch; a pending scope settled first with `settleFirst`),
 * encrypted and uploaded, then every batch of up to ADD_BATCH records is recorded with one
 * addRecords transaction (same ids, events and access rules as as many addRecord calls).
 * Progress: onStage(stage, index) per record ('encrypt', 'upload') and per batch ('confirm',
 * 'chain-sign', 'chain-wait', 'chain-done' with the index of the batch's first record);
 * onRecorded(results) after each batch's transaction. When `signal` is aborted, the records
 * already sealed are recorded and nothing more. A failure throws with `recorded` (the number of
 * resources recorded before the failed batch, none of whose records is recorded) and
 * `failedIndex` (the resource that failed, or the batch's first when its transaction failed).
 * @param {{ provider: any, from: string, patient: string, resources: object[],
 *   chartKeyFor: (scope: number, epoch: number) => { key: any, release?: () => void },
 *   settleFirst?: () => Promise<unknown>, signal?: AbortSignal, batchSize?: number,
 *   onStage?: (stage: string, index: number, detail?: any) => void,
 *   onRecorded?: (results: any[]) => void }} o
 * @returns {Promise<{ results: any[], cancelled: boolean }>}
 */
export async function addRecords(o) {
  const api = await ehr();
  const size = Math.max(1, Math.min(o.batchSize ?? ADD_BATCH, ADD_BATCH));
  const results = [];
  for (let start = 0; start < o.resources.length; start += size) {
    if (o.signal?.aborted) return { results, cancelled: true };
    const chunk = o.resources.slice(start, start + size);
    const batch = [];
    /** @type {Map<number, any>} sealing of each scope in this batch */
    const sealings = new Map();
    let at = start; // the record being prepared, named in an error
    try {
      const jsons = chunk.map((r) => JSON.stringify(r));
      const scopes = jsons.map((j, i) => {
        at = start + i;
        return api.records.fhir.check(j).scope;
      });
      at = start;
      for (const scope of scopes) if (!sealings.has(scope)) sealings.set(scope, await sealingOf(o, scope));
      for (let i = 0; i < chunk.length; i++) {
        if (i > 0 && o.signal?.aborted) break;
        at = start + i;
        const sealing = sealings.get(scopes[i]);
        const { cid, parsed } = await sealAndUpload(api, jsons[i], scopes[i], sealing, (stage) =>
          o.onStage?.(stage, start + i),
        );
        batch.push({
          entry: [parsed.digest, parsed.codec, scopes[i]],
          result: { cid, scope: scopes[i], epoch: sealing.epoch, sealedTo: sealing.chartKey ? 'chart-key' : 'readers' },
        });
      }
    } catch (e) {
      throw Object.assign(e, { recorded: results.length, failedIndex: at });
    } finally {
      for (const sealing of sealings.values()) sealing.chartKey?.release?.();
    }
    o.onStage?.('confirm', start);
    let r;
    try {
      r = await write(o.provider, o.from, 'EhrHub', 'addRecords', [o.patient, batch.map((b) => b.entry)], {
        onStage: (s, hash) => o.onStage?.(`chain-${s}`, start, hash),
      });
    } catch (e) {
      throw Object.assign(e, { recorded: results.length, failedIndex: start });
    }
    const ids = r.events.filter((e) => e.name === 'RecordAdded').map((e) => Number(e.args.recordId));
    const done = batch.map((b, i) => ({ ...b.result, id: ids[i], hash: r.hash }));
    results.push(...done);
    o.onRecorded?.(done);
    if (batch.length < chunk.length) return { results, cancelled: true };
  }
  return { results, cancelled: false };
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
