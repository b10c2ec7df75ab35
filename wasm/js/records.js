// Records area of the JS API: key handles, the streaming record envelope (push/pull objects and
// WHATWG TransformStreams usable in a Worker), grants, institution group keys, the MetaMask
// encryption format, FHIR R4 checks and the encrypted search index. Format and key schedule:
// docs/record-format.md.
//
// Secrets (chart roots, chart keys, X25519 secrets) live in the module's memory behind handles:
// JS gets key objects with dispose() / [Symbol.dispose] and never the key bytes. Keys, encryptors,
// decryptors and search indexes own a handle of the module's one registry (core.js Handle);
// `clearKeys()` is an alias of the module's disposeAll() (the lock: wipes every object of every
// kind). Plaintext copied into module memory is wiped
// after each call.
import { EhrError, abytes, rangeError, typeError } from './errors.js';
import { concatBytes } from './core.js';

const DISPOSE = Symbol.dispose ?? Symbol.for('Symbol.dispose');
/** Largest piece of input copied into module memory per call (keeps memory use flat). */
const PIECE = 1 << 20;
const KIND = { chartRoot: 1, chartKey: 2, x25519: 3 };
const NO_BYTES = new Uint8Array(0);
/** The `purpose` of the EncryptionKeyRequest a wallet signs (docs/record-format.md, Keys). */
export const ENCRYPTION_KEY_PURPOSE = 'Derive my health-record encryption key. Only sign this on the EHR page.';

/**
 * @param {import('./core.d.ts').Core} core
 */
export function makeRecords(core) {
  const { mod, IO, heap, check, malloc, free, out, u32, putU32, Handle } = core;
  // Small outputs of records calls: [IO, IO+64). Inputs larger than a few bytes go to `staging`.
  const OUT8 = IO,
    OUT_H = IO + 8,
    OUT_PK = IO + 16;

  /** Copy of the (pointer, length) view an export wrote at OUT8. */
  const view = () => out(u32(OUT8), u32(OUT8 + 4));

  // One staging block for inputs, grown on demand up to PIECE (plus room for small arguments);
  // every use wipes what it copied in.
  let stagingPtr = 0,
    stagingCap = 0;
  const staging = (n) => {
    if (n > stagingCap) {
      if (stagingPtr) free(stagingPtr, stagingCap);
      stagingCap = Math.max(n, 4096);
      stagingPtr = malloc(stagingCap);
    }
    return stagingPtr;
  };
  /** Runs fn(ptr) with `bytes` copied into module memory, wiping the copy afterwards. */
  const withBytes = (bytes, fn) => {
    const p = staging(bytes.length);
    heap().set(bytes, p);
    try {
      return fn(p);
    } finally {
      heap().fill(0, p, p + bytes.length);
    }
  };

  /** Like withBytes, with `extra` more bytes after the copy for outputs: fn(ptr, outPtr). */
  const withBytesOut = (bytes, extra, fn) => {
    const p = staging(bytes.length + extra);
    heap().set(bytes, p);
    try {
      return fn(p, p + bytes.length);
    } finally {
      heap().fill(0, p, p + bytes.length + extra);
    }
  };

  // ---- key handles ------------------------------------------------------------------------------
  /** Key object -> handle. Handles cannot be forged from JS: only objects made here have one. */
  const handles = new WeakMap(); // key object -> { kind, owner: Handle }
  const handleOf = (key, kind, name) => {
    const e = key !== null && typeof key === 'object' ? handles.get(key) : undefined;
    if (e === undefined || e.kind !== kind) {
      throw typeError(`${name} must be a ${Object.keys(KIND).find((k) => KIND[k] === kind)} key object`);
    }
    if (e.owner.disposed) throw new EhrError('ERR_BAD_HANDLE', `${name} has been disposed`);
    return e.owner.handle();
  };
  const makeKey = (kind, h, props) => {
    const owner = new Handle(h);
    const key = {
      ...props,
      dispose() {
        owner.dispose();
      },
      [DISPOSE]() {
        owner.dispose();
      },
    };
    handles.set(key, { kind, owner });
    return key;
  };
  const newX25519 = () => {
    const h = u32(OUT_H);
    const publicKey = out(OUT_PK, 32);
    return makeKey(KIND.x25519, h, { kind: 'x25519', publicKey });
  };
  const newChartKey = (scope, epoch) => makeKey(KIND.chartKey, u32(OUT_H), { kind: 'chartKey', scope, epoch });
  const newChartRoot = () => {
    const root = makeKey(KIND.chartRoot, u32(OUT_H), { kind: 'chartRoot' });
    root.chartKey = (scope, epoch) => {
      aScope(scope);
      aU32(epoch, 'epoch');
      check(mod._ehr_rec_chart_key(handleOf(root, KIND.chartRoot, 'chartRoot'), scope, epoch, OUT_H));
      return newChartKey(scope, epoch);
    };
    return Object.freeze(root);
  };

  const aU32 = (v, name) => {
    if (!Number.isInteger(v)) throw typeError(`${name} must be an integer`);
    if (v < 0 || v > 0xffffffff) throw rangeError(`${name} must be 0..4294967295`);
    return v;
  };
  const aScope = (v, name = 'scope') => {
    if (!Number.isInteger(v)) throw typeError(`${name} must be an integer`);
    if (v < 0 || v > 0xffff) throw rangeError(`${name} must be 0..65535`);
    return v;
  };
  /**
   * An account as 20 bytes: a Uint8Array(20) or "0x" + 40 hex digits, parsed by the module as
   * address.parse does (all-lower, all-upper or a valid EIP-55 checksum: ERR_BAD_CHECKSUM else).
   */
  const aAccount = (account) => {
    if (typeof account === 'string') {
      if (!/^0x[0-9a-fA-F]{40}$/.test(account)) throw rangeError('account must be 0x followed by 40 hex digits');
      return withBytesOut(NO_BYTES, 20, (_, o) => {
        check(mod.parseAddress(account, false, o));
        return out(o, 20);
      });
    }
    return abytes(account, 'account', 20);
  };

  const aChainId = (v) => {
    if (!Number.isInteger(v)) throw typeError('chainId must be a positive integer');
    if (!Number.isSafeInteger(v) || v <= 0) throw rangeError('chainId must be a positive integer');
  };
  const keys = {
    /**
     * The EIP-712 typed data the page asks an extension wallet to sign (eth_signTypedData_v4) to
     * derive the identity key and chart root (identityFromSignature, chartRootFromSignature).
     * WARNING for the page to show: anyone who obtains this signature can derive the keys.
     */
    encryptionKeyRequest(chainId, verifyingContract, account, keyVersion = 1) {
      aChainId(chainId);
      const contract = aAccount(verifyingContract);
      const acct = aAccount(account);
      aU32(keyVersion, 'keyVersion');
      const hexOf = (b) => `0x${Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')}`;
      return {
        domain: { name: 'EHR', version: '1', chainId, verifyingContract: hexOf(contract) },
        primaryType: 'EncryptionKeyRequest',
        types: {
          EIP712Domain: [
            { name: 'name', type: 'string' },
            { name: 'version', type: 'string' },
            { name: 'chainId', type: 'uint256' },
            { name: 'verifyingContract', type: 'address' },
          ],
          EncryptionKeyRequest: [
            { name: 'account', type: 'address' },
            { name: 'purpose', type: 'string' },
            { name: 'keyVersion', type: 'uint32' },
          ],
        },
        message: { account: hexOf(acct), purpose: ENCRYPTION_KEY_PURPOSE, keyVersion },
      };
    },
    /**
     * Checks that `signature` (65 bytes r || s || v) over encryptionKeyRequest(chainId,
     * verifyingContract, account, keyVersion) is the account's (EIP-712 hash in the module).
     * Throws EhrError ERR_INVALID_SIGNATURE (another signer, malformed) or ERR_RECOVERY_FAILED.
     */
    verifyEncryptionKeyRequest(signature, chainId, verifyingContract, account, keyVersion = 1) {
      abytes(signature, 'signature', 65);
      aChainId(chainId);
      aU32(keyVersion, 'keyVersion');
      const buf = new Uint8Array(105);
      buf.set(signature);
      buf.set(aAccount(verifyingContract), 65);
      buf.set(aAccount(account), 85);
      withBytes(buf, (p) =>
        check(
          mod._ehr_rec_verify_key_request(
            p,
            chainId % 2 ** 32,
            Math.floor(chainId / 2 ** 32),
            p + 65,
            p + 85,
            keyVersion,
          ),
        ),
      );
    },
    identityFromSeed(seed, accountIndex = 0) {
      abytes(seed, 'seed', 64);
      aU32(accountIndex, 'accountIndex');
      withBytes(seed, (p) => check(mod._ehr_rec_identity_from_seed(p, 64, accountIndex, OUT_H, OUT_PK)));
      return Object.freeze(newX25519());
    },
    identityFromSignature(signature, account) {
      abytes(signature, 'signature', [64, 65]);
      const acct = aAccount(account);
      const buf = new Uint8Array(signature.length + 20);
      buf.set(signature);
      buf.set(acct, signature.length);
      withBytes(buf, (p) =>
        check(mod._ehr_rec_identity_from_signature(p, signature.length, p + signature.length, OUT_H, OUT_PK)),
      );
      buf.fill(0);
      return Object.freeze(newX25519());
    },
    chartRootFromSeed(seed, account) {
      abytes(seed, 'seed', 64);
      const buf = new Uint8Array(84);
      buf.set(seed);
      buf.set(aAccount(account), 64);
      withBytes(buf, (p) => check(mod._ehr_rec_chart_root_from_seed(p, 64, p + 64, OUT_H)));
      buf.fill(0);
      return newChartRoot();
    },
    chartRootFromSignature(signature, account) {
      abytes(signature, 'signature', [64, 65]);
      const buf = new Uint8Array(signature.length + 20);
      buf.set(signature);
      buf.set(aAccount(account), signature.length);
      withBytes(buf, (p) =>
        check(mod._ehr_rec_chart_root_from_signature(p, signature.length, p + signature.length, OUT_H)),
      );
      buf.fill(0);
      return newChartRoot();
    },
    importX25519Secret(secret) {
      abytes(secret, 'secret', 32);
      withBytes(secret, (p) => check(mod._ehr_rec_key_import(KIND.x25519, p, OUT_H, OUT_PK)));
      return Object.freeze(newX25519());
    },
    generateX25519() {
      check(mod._ehr_rec_x25519_generate(OUT_H, OUT_PK));
      return Object.freeze(newX25519());
    },
    importChartKey(key, scope, epoch) {
      abytes(key, 'key', 32);
      aScope(scope);
      aU32(epoch, 'epoch');
      withBytes(key, (p) => check(mod._ehr_rec_key_import(KIND.chartKey, p, OUT_H, 0)));
      return Object.freeze(newChartKey(scope, epoch));
    },
    importChartRoot(root) {
      abytes(root, 'root', 32);
      withBytes(root, (p) => check(mod._ehr_rec_key_import(KIND.chartRoot, p, OUT_H, 0)));
      return newChartRoot();
    },
    chartKeyHint(chartKey) {
      check(mod._ehr_rec_chart_key_hint(handleOf(chartKey, KIND.chartKey, 'chartKey'), OUT8));
      return out(OUT8, 4);
    },
    publicKeyHint(publicKey) {
      abytes(publicKey, 'publicKey', 32);
      heap().set(publicKey, OUT_PK);
      mod._ehr_rec_public_key_hint(OUT_PK, OUT8);
      return out(OUT8, 4);
    },
    /** The lock: an alias of the module's disposeAll() (wipes every object of every kind). */
    clearKeys() {
      core.disposeAll();
    },
    /** Live chart roots, chart keys and X25519 secrets (registry kinds 6, 7, 8). */
    keyCount() {
      return core.liveHandles(6) + core.liveHandles(7) + core.liveHandles(8);
    },
  };

  // ---- envelope ---------------------------------------------------------------------------------
  /** Copies a list of key objects' handles (u32 each) into module memory at p. */
  const putHandles = (p, list, kind, name) => {
    list.forEach((k, i) => putU32(p + 4 * i, handleOf(k, kind, `${name}[${i}]`)));
  };
  const aList = (v, name) => {
    if (v === undefined) return [];
    if (!Array.isArray(v)) throw typeError(`${name} must be an array`);
    return v;
  };
  /** Feeds `data` to a push export in pieces of at most PIECE bytes; returns all output. */
  const pushAll = (fn, obj, data) => {
    const parts = [];
    let off = 0;
    try {
      do {
        const piece = data.subarray(off, Math.min(data.length, off + PIECE));
        withBytes(piece, (p) => check(fn(obj, p, piece.length, OUT8)));
        const v = view();
        if (v.length) parts.push(v);
        off += PIECE;
      } while (off < data.length);
    } catch (e) {
      for (const p of parts) p.fill(0); // output of an earlier piece of a failed call
      throw e;
    }
    return concatBytes(parts);
  };

  /**
   * @param {{ scope: number, epoch: number, chunkSize?: number, chartKeys?: object[], recipients?: Uint8Array[] }} opts
   */
  const createEncryptor = (opts) => {
    if (opts === null || typeof opts !== 'object') throw typeError('options must be an object');
    const scope = aScope(opts.scope);
    const epoch = aU32(opts.epoch, 'epoch');
    const chunkSize = aU32(opts.chunkSize ?? 65536, 'chunkSize');
    if (chunkSize < 1024 || chunkSize > 16 << 20) throw rangeError('chunkSize must be 1 KiB..16 MiB');
    const chartKeys = aList(opts.chartKeys, 'chartKeys');
    const recipients = aList(opts.recipients, 'recipients');
    recipients.forEach((r, i) => abytes(r, `recipients[${i}]`, 32));
    const n = chartKeys.length + recipients.length;
    if (n === 0) throw rangeError('an envelope needs at least one chart key or recipient');
    if (n > 256) throw rangeError('at most 256 chart keys and recipients together');
    const args = staging(4 * chartKeys.length + 32 * recipients.length);
    putHandles(args, chartKeys, KIND.chartKey, 'chartKeys');
    recipients.forEach((r, i) => heap().set(r, args + 4 * chartKeys.length + 32 * i));
    check(
      mod._ehr_rec_writer_new(
        scope,
        epoch,
        chunkSize,
        args,
        chartKeys.length,
        args + 4 * chartKeys.length,
        recipients.length,
        OUT_H,
      ),
    );
    const owner = new Handle(u32(OUT_H));
    check(mod._ehr_rec_writer_header(owner.handle(), OUT8));
    const header = view();
    let headerOut = false;
    let w = 0;
    const live = () => {
      if (owner.disposed) throw new EhrError('ERR_STREAM_STATE', 'the encryptor is finished or disposed');
      w = owner.handle();
    };
    const withHeader = (body) => {
      if (headerOut) return body;
      headerOut = true;
      return concatBytes([header, body]);
    };
    const dispose = () => owner.dispose();
    const enc = {
      header,
      chunkSize,
      /** Encrypts the next plaintext bytes; returns the envelope bytes they complete (the header first). */
      push(data) {
        live();
        abytes(data, 'data');
        try {
          return withHeader(pushAll(mod._ehr_rec_writer_push, w, data));
        } catch (e) {
          dispose();
          throw e;
        }
      },
      /** Writes the FINAL chunk and frees the encryptor. */
      finish() {
        live();
        try {
          check(mod._ehr_rec_writer_finish(w, OUT8));
          return withHeader(view());
        } finally {
          dispose();
        }
      },
      dispose,
      [DISPOSE]() {
        dispose();
      },
    };
    return Object.freeze(enc);
  };

  /**
   * @param {{ chartKeys?: object[], identities?: object[] }} keysIn
   */
  const createDecryptor = (keysIn) => {
    if (keysIn === null || typeof keysIn !== 'object') throw typeError('keys must be an object');
    const chartKeys = aList(keysIn.chartKeys, 'chartKeys');
    const identities = aList(keysIn.identities, 'identities');
    const args = staging(4 * (chartKeys.length + identities.length) + 4);
    putHandles(args, chartKeys, KIND.chartKey, 'chartKeys');
    putHandles(args + 4 * chartKeys.length, identities, KIND.x25519, 'identities');
    check(mod._ehr_rec_reader_new(args, chartKeys.length, args + 4 * chartKeys.length, identities.length, OUT_H));
    const owner = new Handle(u32(OUT_H));
    let r = 0;
    let header = null;
    let done = false;
    const dispose = () => owner.dispose();
    const live = () => {
      if (owner.disposed) throw new EhrError('ERR_STREAM_STATE', 'the decryptor is finished, failed or disposed');
      r = owner.handle();
    };
    const readInfo = () => {
      if (header !== null) return;
      check(mod._ehr_rec_reader_info(r, IO + 16));
      if (u32(IO + 16) === 0) return;
      header = Object.freeze({
        headerLength: u32(IO + 20),
        chunkSize: u32(IO + 24),
        scope: u32(IO + 28),
        epoch: u32(IO + 32),
        wrapCount: u32(IO + 36),
        openedWrap: u32(IO + 40),
      });
    };
    const dec = {
      /** Decrypts the next envelope bytes; returns the plaintext of the chunks they complete, each verified. */
      push(data) {
        live();
        abytes(data, 'data');
        try {
          const pt = pushAll(mod._ehr_rec_reader_push, r, data);
          readInfo();
          return pt;
        } catch (e) {
          dispose();
          throw e;
        }
      },
      /** Ends the input; throws ERR_STREAM_TRUNCATED unless the FINAL chunk was verified. */
      finish() {
        live();
        try {
          check(mod._ehr_rec_reader_finish(r, OUT8));
          done = true;
          return view();
        } finally {
          dispose();
        }
      },
      get header() {
        return header;
      },
      get done() {
        return done;
      },
      dispose,
      [DISPOSE]() {
        dispose();
      },
    };
    return Object.freeze(dec);
  };

  const encrypt = (plaintext, opts) => {
    abytes(plaintext, 'plaintext');
    const enc = createEncryptor(opts);
    const a = enc.push(plaintext);
    const b = enc.finish();
    return concatBytes([a, b]);
  };
  const decrypt = (envelope, keysIn) => {
    abytes(envelope, 'envelope');
    const dec = createDecryptor(keysIn);
    const a = dec.push(envelope);
    try {
      const b = dec.finish();
      return concatBytes([a, b]);
    } catch (e) {
      a.fill(0);
      throw e;
    }
  };

  /** A TransformStream<Uint8Array, Uint8Array> that encrypts (header + chunks). */
  const encryptStream = (opts) => {
    let enc = null;
    return new TransformStream({
      start() {
        enc = createEncryptor(opts);
      },
      transform(chunk, controller) {
        const c = enc.push(chunk instanceof Uint8Array ? chunk : new Uint8Array(chunk));
        if (c.length) controller.enqueue(c);
      },
      flush(controller) {
        controller.enqueue(enc.finish());
      },
      cancel() {
        enc?.dispose();
      },
    });
  };
  /**
   * A TransformStream<Uint8Array, Uint8Array> that decrypts. It errors on any failure (typed
   * EhrError), including a stream that ends before its FINAL chunk: a consumer must then discard
   * everything it already read.
   */
  const decryptStream = (keysIn) => {
    let dec = null;
    return new TransformStream({
      start() {
        dec = createDecryptor(keysIn);
      },
      transform(chunk, controller) {
        const p = dec.push(chunk instanceof Uint8Array ? chunk : new Uint8Array(chunk));
        if (p.length) controller.enqueue(p);
      },
      flush(controller) {
        const p = dec.finish();
        if (p.length) controller.enqueue(p);
      },
      cancel() {
        dec?.dispose();
      },
    });
  };

  /** Header of an envelope from its first bytes: null while incomplete (see `need`). */
  const inspect = (bytes) => {
    abytes(bytes, 'bytes');
    const head = bytes.subarray(0, Math.min(bytes.length, 65536));
    const maxWraps = 256;
    const info = staging(head.length + 24 + 8 * maxWraps);
    heap().set(head, info);
    const o = info + head.length;
    try {
      check(mod._ehr_rec_scan_header(info, head.length, o, maxWraps));
      if (u32(o) === 0) {
        const headerLength = u32(o + 8);
        return Object.freeze(
          headerLength ? { complete: false, need: u32(o + 4), headerLength } : { complete: false, need: u32(o + 4) },
        );
      }
      const wraps = [];
      const n = u32(o + 20);
      for (let i = 0; i < n; i++) {
        const t = heap()[o + 24 + 8 * i];
        wraps.push(
          Object.freeze({
            type: t === 1 ? 'scope' : t === 2 ? 'recipient' : t,
            hint: out(o + 24 + 8 * i + 4, 4),
          }),
        );
      }
      return Object.freeze({
        complete: true,
        headerLength: u32(o + 4),
        chunkSize: u32(o + 8),
        scope: u32(o + 12),
        epoch: u32(o + 16),
        wraps: Object.freeze(wraps),
      });
    } finally {
      heap().fill(0, info, info + head.length);
    }
  };

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
  const utf8 = new TextEncoder();
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
      if (typeof encryptedData !== 'string' && (encryptedData === null || typeof encryptedData !== 'object')) {
        throw typeError('encryptedData must be an object or a JSON string');
      }
      let text;
      try {
        text = typeof encryptedData === 'string' ? encryptedData : JSON.stringify(encryptedData);
      } catch (e) {
        throw typeError(`encryptedData cannot be serialized as JSON: ${e.message}`);
      }
      const json = utf8.encode(text);
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

  // ---- FHIR R4 checks and scopes -----------------------------------------------------------------
  const scopes = {};
  for (let id = 0; id < 32; id++) {
    const name = mod.scopeName(id);
    if (name) scopes[name] = id;
  }
  const fhirText = (resource) => {
    if (typeof resource === 'string') return resource;
    if (resource !== null && typeof resource === 'object') return JSON.stringify(resource);
    throw typeError('resource must be an object or a JSON string');
  };
  const fhir = {
    /**
     * Checks a FHIR R4 resource (object or JSON text): { valid, resourceType, scope, issues }, every
     * issue with the JSON path of the element ("Observation.code.coding[0].system").
     */
    validate(resource) {
      const r = JSON.parse(mod.fhirValidate(fhirText(resource)));
      return Object.freeze({
        valid: r.issues.length === 0,
        resourceType: r.resourceType,
        scope: r.scope,
        issues: Object.freeze(r.issues.map((i) => Object.freeze(i))),
      });
    },
    /** Like validate(), but throws EhrError ERR_BAD_FHIR (with `path`) on the first issue. */
    check(resource) {
      const r = fhir.validate(resource);
      if (!r.valid) {
        const first = r.issues[0];
        if (first.path === '$') throw new EhrError('ERR_BAD_JSON', first.message);
        const e = new EhrError('ERR_BAD_FHIR', `${first.path}: ${first.message}`);
        e.path = first.path;
        e.issues = r.issues;
        throw e;
      }
      return Object.freeze({ resourceType: r.resourceType, scope: r.scope });
    },
  };

  // ---- encrypted search index ---------------------------------------------------------------------
  const indexes = new WeakMap(); // index object -> its Handle
  const jsonBytes = (v, name) => {
    if (v === null || typeof v !== 'object') throw typeError(`${name} must be an object`);
    return utf8.encode(JSON.stringify(v));
  };
  const makeIndex = (h) => {
    const owner = new Handle(h);
    const live = () => {
      if (owner.disposed) throw new EhrError('ERR_BAD_HANDLE', 'the search index has been disposed');
      return owner.handle();
    };
    const idx = {
      /** Adds a FHIR resource (object or JSON text) under `recordId` (e.g. its envelope's CID). */
      addResource(recordId, resource) {
        const id = utf8.encode(astr(recordId, 'recordId'));
        const j = utf8.encode(fhirText(resource));
        const args = concatBytes([id, j]);
        withBytes(args, (p) => check(mod._ehr_rec_index_add(live(), p, id.length, p + id.length, j.length, 1)));
        args.fill(0);
        j.fill(0);
      },
      /** Adds explicit terms { words, codes: [{ system, code }], dates, type } under `recordId`. */
      addTerms(recordId, terms) {
        const id = utf8.encode(astr(recordId, 'recordId'));
        const j = jsonBytes(terms, 'terms');
        const args = concatBytes([id, j]);
        withBytes(args, (p) => check(mod._ehr_rec_index_add(live(), p, id.length, p + id.length, j.length, 0)));
        args.fill(0);
        j.fill(0);
      },
      /** Adds every record of another index of the same chart key. */
      merge(other) {
        const o = indexes.get(other);
        if (!o) throw typeError('other must be a search index');
        if (o.disposed) throw new EhrError('ERR_BAD_HANDLE', 'the other index has been disposed');
        check(mod._ehr_rec_index_merge(live(), o.handle()));
      },
      /** Record ids matching every criterion of { words, codes, from, to, type }. */
      query(q) {
        const j = jsonBytes(q, 'query');
        const text = withBytes(j, (p) => {
          check(mod._ehr_rec_index_query(live(), p, j.length, OUT8));
          return new TextDecoder().decode(view());
        });
        j.fill(0);
        return JSON.parse(text);
      },
      /** The index as an envelope under `chartKey` (store it beside the records). */
      seal(chartKey) {
        check(mod._ehr_rec_index_seal(live(), handleOf(chartKey, KIND.chartKey, 'chartKey'), OUT8));
        return view();
      },
      get info() {
        check(mod._ehr_rec_index_info(live(), IO + 16));
        return Object.freeze({ records: u32(IO + 16), tokens: u32(IO + 20), scope: u32(IO + 24), epoch: u32(IO + 28) });
      },
      dispose() {
        owner.dispose();
      },
      [DISPOSE]() {
        idx.dispose();
      },
    };
    indexes.set(idx, owner);
    return Object.freeze(idx);
  };
  const astr = (v, name) => {
    if (typeof v !== 'string') throw typeError(`${name} must be a string`);
    if (v.length === 0) throw rangeError(`${name} must not be empty`);
    return v;
  };
  const search = {
    /** An empty index for the records of chartKey's scope and epoch. */
    create(chartKey) {
      const h = handleOf(chartKey, KIND.chartKey, 'chartKey');
      check(mod._ehr_rec_index_new(h, chartKey.scope, chartKey.epoch, OUT_H));
      return makeIndex(u32(OUT_H));
    },
    /** Decrypts and loads an index envelope with its chart key. */
    open(envelope, chartKey) {
      abytes(envelope, 'envelope');
      const h = handleOf(chartKey, KIND.chartKey, 'chartKey');
      withBytes(envelope, (p) => check(mod._ehr_rec_index_open(p, envelope.length, h, OUT_H)));
      return makeIndex(u32(OUT_H));
    },
  };

  return {
    records: Object.freeze({
      ...keys,
      search: Object.freeze(search),
      scopes: Object.freeze(scopes),
      scopeName: (id) => mod.scopeName(aScope(id)) || null,
      scopeLabel: (id) => mod.scopeLabel(aScope(id)) || null,
      fhir: Object.freeze(fhir),
      metamask: Object.freeze(metamask),
      grants: Object.freeze(grants),
      institutions: Object.freeze(institutions),
      createEncryptor,
      createDecryptor,
      encrypt,
      decrypt,
      encryptStream,
      decryptStream,
      inspect,
    }),
  };
}
