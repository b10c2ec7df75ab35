// Files of any size as their own encrypted objects (docs/record-format.md, Files). Adding: the
// page's Worker (wasm/js/worker.js sealFile, through web/src/worker-host.js) reads the file from
// disk, hashes it (SHA-1, FHIR's Attachment.hash), encrypts it as one record envelope under the
// same keys and scope as the record that points at it (the chart key reaches the Worker's module
// sealed to a key of its own, never as bytes), builds its UnixFS CID from the ciphertext as it
// passes and writes the ciphertext to a staging file (the origin private file system); then the
// page uploads that disk-backed file without a pin, and pins it once the node's CID equals ours.
// The FHIR record (a DocumentReference) carries only `ipfs://<cid>`, the plaintext's size and
// hash, the content type and the title. Opening: the Worker streams the file's CAR from the
// gateways, verifies every block against its CID, authenticates every chunk by the decryption,
// writes piece by piece to a file the person chose (File System Access API) or to a staging file
// then downloaded, and checks size and SHA-1 at the end.
//
// Nothing here holds more than a few MiB of the file, and the page's own module does none of the
// per-byte work: it only seals the keys to the Worker (records.wrapKey) and compares the CID the
// node answers with the Worker's. The pipeline itself (sealStream, openStream, createSha1) lives
// beside the Worker protocol in wasm/js/worker.js and runs on any thread, so the Node suites run
// it too (tests/wasm/large-stream, tests/wasm/worker).
import { base64 } from '../../../wasm/js/worker.js';

/** Size of the FHIR R4 `unsignedInt` (Attachment.size): larger files leave `size` out. */
export const MAX_FHIR_SIZE = 2147483647;
/** The scheme of a file attachment's url. */
const IPFS_SCHEME = 'ipfs://';

const abortError = (signal) =>
  signal?.reason instanceof Error
    ? signal.reason
    : Object.assign(new Error('cancelled'), { name: 'AbortError', code: 'ERR_CANCELLED' });
const throwIfAborted = (signal) => {
  if (signal?.aborted) throw abortError(signal);
};

// ---- staging (the origin private file system) --------------------------------------------------

const opfsRoot = async () => {
  try {
    return (await globalThis.navigator?.storage?.getDirectory?.()) ?? null;
  } catch {
    return null;
  }
};
const randomName = (prefix) => {
  const r = new Uint8Array(8);
  crypto.getRandomValues(r);
  return `${prefix}-${Array.from(r, (b) => b.toString(16).padStart(2, '0')).join('')}`;
};

/**
 * Removes staging files a closed or crashed page left behind (best effort): those not written
 * for `minAgeMs` (another tab may be using a newer one).
 */
async function sweep(root, prefix, keep, minAgeMs) {
  try {
    for await (const [name, handle] of root.entries()) {
      if (!name.startsWith(`${prefix}-`) || name === keep) continue;
      const age = Date.now() - (await handle.getFile()).lastModified;
      if (age >= minAgeMs) await root.removeEntry(name).catch(() => {});
    }
  } catch {}
}

/**
 * A new file of the origin private file system, for a large byte stream the Worker writes in
 * place: { handle, file(), remove() }, or null where the browser has none (a private window may
 * refuse it; the Worker then returns the bytes as a Blob).
 * @param {string} prefix
 * @param {{ sweepAfterMs?: number }} [o] staging files of this prefix older than that are removed
 */
export async function stagingFile(prefix, { sweepAfterMs = 3600_000 } = {}) {
  const root = await opfsRoot();
  if (!root || typeof root.getFileHandle !== 'function') return null;
  try {
    const name = randomName(prefix);
    await sweep(root, prefix, name, sweepAfterMs);
    const handle = await root.getFileHandle(name, { create: true });
    return {
      handle,
      file: () => handle.getFile(),
      remove: () => root.removeEntry(name).catch(() => {}),
    };
  } catch {
    return null;
  }
}

/**
 * fn(worker) on the page's files Worker (web/src/worker-host.js inFileWorker: started for the
 * operation, stopped after it), imported when a file is first added or opened.
 */
const inWorker = async (fn) => (await import('../worker-host.js')).inFileWorker(fn);

// ---- adding --------------------------------------------------------------------------------------

/**
 * A file (Blob/File) sealed and uploaded: sealed in the Worker into a staging file, then that
 * file uploaded without a pin (the node's CID must equal ours) and pinned once it is all there.
 * Stages: onStage('encrypt'), onStage('upload', envelopeBytes), onStage('uploading', { bytesDone,
 * bytesTotal }) as the request body goes out (browsers), onStage('pin'); onProgress({ bytesDone,
 * bytesTotal }) while the Worker reads the file. The CID is added to `pinned` before it is
 * pinned, so a caller that then gives the record up (cancel, failure) takes the pin back with
 * unpinAll(uploader, pinned); a cancel before that leaves no pin (only unpinned blocks of a
 * partial upload, which the node's garbage collection removes). The staging file is removed in
 * any case. Cancel with `signal` (AbortError).
 * @param {any} api the page's module (it seals the keys to the Worker and nothing more)
 * @param {{ file: Blob, encrypt: import('../../../wasm/js/records.d.ts').EncryptOptions,
 *   uploader: any, signal?: AbortSignal, pinned?: string[],
 *   onProgress?: (p: { bytesDone: number, bytesTotal?: number }) => void,
 *   onStage?: (stage: string, detail?: any) => void }} o
 * @returns {Promise<{ cid: string, size: number, hash: string, envelopeSize: number, staged: string }>}
 */
export async function sealAndUploadFile(api, { file, encrypt, uploader, signal, onProgress, onStage, pinned = [] }) {
  const stage = await stagingFile('ehr-upload');
  try {
    onStage?.('encrypt');
    const sealed = await inWorker((w) =>
      w.sealFile(api, {
        file,
        encrypt,
        profile: uploader.params,
        target: stage?.handle ?? null,
        signal,
        onProgress,
      }),
    );
    throwIfAborted(signal);
    const blob = stage ? await stage.file() : sealed.blob;
    onStage?.('upload', sealed.envelopeSize);
    const { cid } = await uploader.add(blob, {
      cid: sealed.cid,
      filename: 'file.ehr',
      signal,
      pin: false,
      onUploadProgress: (p) => onStage?.('uploading', p),
    });
    // Not cancellable: a pin in flight completes, and the caller's unpinAll takes it back.
    pinned.push(cid);
    onStage?.('pin');
    await uploader.pin(cid);
    throwIfAborted(signal);
    return {
      cid,
      size: sealed.size,
      hash: base64(sealed.sha1),
      envelopeSize: sealed.envelopeSize,
      staged: stage ? 'opfs' : 'memory',
    };
  } finally {
    await stage?.remove();
  }
}

/**
 * Takes back the pins of what was uploaded for a record that is not recorded (cancelled or
 * failed before the chain step). Never throws: { unpinned, absent (no pin was there), failed:
 * [{ cid, error }] }.
 */
export async function unpinAll(uploader, cids) {
  const r = { unpinned: [], absent: [], failed: [] };
  for (const cid of cids) {
    try {
      ((await uploader.unpin(cid)) ? r.unpinned : r.absent).push(cid);
    } catch (error) {
      r.failed.push({ cid, error });
    }
  }
  return r;
}

/**
 * The DocumentReference of a file stored as its own envelope: Attachment.url `ipfs://<cid>`,
 * contentType, title, size (left out past FHIR's unsignedInt) and hash (base64 SHA-1).
 */
export function fileDocument({ cid, size, hash, contentType, title, description, subject, date }) {
  return {
    resourceType: 'DocumentReference',
    status: 'current',
    subject,
    date: date ?? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    ...(description ? { description } : {}),
    content: [
      {
        attachment: {
          contentType: contentType || 'application/octet-stream',
          ...(title ? { title } : {}),
          url: `${IPFS_SCHEME}${cid}`,
          ...(size <= MAX_FHIR_SIZE ? { size } : {}),
          hash,
        },
      },
    ],
  };
}

/** The attachment of a record that points at a file envelope (`ipfs://` url, no data), or null. */
export function fileAttachment(resource) {
  if (!resource || typeof resource !== 'object') return null;
  const lists =
    resource.resourceType === 'DocumentReference'
      ? (resource.content ?? []).map((c) => c?.attachment)
      : resource.resourceType === 'Media'
        ? [resource.content]
        : [];
  for (const a of lists) {
    if (a && typeof a.url === 'string' && a.url.startsWith(IPFS_SCHEME) && a.data === undefined) return a;
  }
  return null;
}

/** The CID of a file attachment's url. */
export const attachmentCid = (att) => att.url.slice(IPFS_SCHEME.length).split(/[/?#]/)[0];

// ---- opening -------------------------------------------------------------------------------------

/**
 * Where an opened file goes, chosen at the click (before any await: the picker needs the user's
 * gesture): the File System Access API's save picker where the browser has it, else a staging
 * file in the origin private file system handed to the browser's download, else a Blob the Worker
 * returns. The Worker writes to `handle`; finish(blob) completes the download (blob: the Worker's,
 * when there is no handle), abort() discards a staging file. Resolves to null when the person
 * cancelled the picker.
 * @returns {Promise<null | { kind: string, handle: FileSystemFileHandle | null,
 *   finish: (blob?: Blob | null) => Promise<void>, abort: () => Promise<void> }>}
 */
export async function chooseTarget(name, contentType) {
  if (typeof globalThis.showSaveFilePicker === 'function') {
    let handle;
    try {
      handle = await globalThis.showSaveFilePicker({ suggestedName: name });
    } catch (e) {
      if (e?.name === 'AbortError') return null;
      handle = null; // refused (no gesture, policy): fall back below
    }
    // The Worker writes it through createWritable(): an aborted write leaves the file as it was.
    if (handle) return { kind: 'picker', handle, finish: async () => {}, abort: async () => {} };
  }
  // A download's staging file stays until the browser has read it: swept a minute later.
  const stage = await stagingFile('ehr-download', { sweepAfterMs: 60_000 });
  return {
    kind: stage ? 'opfs-download' : 'memory-download',
    handle: stage?.handle ?? null,
    async finish(blob) {
      const data = stage ? await stage.file() : blob;
      const file = new File([data], name, { type: contentType || 'application/octet-stream' });
      const url = URL.createObjectURL(file);
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      a.hidden = true;
      document.body.append(a);
      a.click();
      a.remove();
      // The staging file stays until the download has read it: a later download sweeps it.
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    },
    abort: async () => {
      await stage?.remove();
    },
  };
}

/**
 * Opens the file a record's attachment points at, in the Worker (wasm/js/worker.js openFile):
 * the envelope's header first, then `keysFor(header)` picks the keys (sealed to the Worker, never
 * as bytes), then the file's CAR is streamed through the gateways, every block verified, every
 * chunk decrypted and written to `target.handle`; size and SHA-1 are compared with the
 * attachment's. The envelope's scope must be `scope` (the record's). Resolves to { size, sha1,
 * blob } (blob: when the target has no handle); on failure the caller aborts the target.
 */
export async function openFile(api, { att, scope, keysFor, gateways, target, signal, onProgress }) {
  return inWorker((w) =>
    w.openFile(api, {
      cid: attachmentCid(att),
      gateway: { gateways },
      keysFor,
      scope,
      expect: { size: att.size, hash: att.hash },
      target: target.handle,
      signal,
      onProgress,
    }),
  );
}
