// Records area, the streaming record envelope (docs/record-format.md, Envelope): encryptors and
// decryptors as push/pull objects and as WHATWG TransformStreams (usable in a Worker), one-shot
// encrypt/decrypt, and inspect() for an envelope's header. Plaintext copied into module memory is
// wiped after each call.
import { EhrError, abytes, rangeError, typeError } from './errors.js';
import { DISPOSE, concatBytes } from './core.js';

/** Largest piece of input copied into module memory per call (keeps memory use flat). */
const PIECE = 1 << 20;

/**
 * @param {object} ctx the records area's internals (records.js)
 */
export function makeEnvelope(ctx) {
  const { mod, IO, heap, check, out, u32, putU32, Handle, OUT8, OUT_H, view, staging } = ctx;
  const { KIND, withBytes, handleOf, aU32, aScope } = ctx;
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
   * The life of an encryptor or decryptor over its module object (`owner`): s.push(fn) and
   * s.finish(fn) make its push(data) and finish(), which call fn(handle, data) / fn(handle) once
   * the object is checked live (ERR_STREAM_STATE with `gone` else). A failed push disposes of it;
   * finish() does in any case.
   */
  const streamObject = (owner, gone) => {
    const dispose = () => owner.dispose();
    const live = () => {
      if (owner.disposed) throw new EhrError('ERR_STREAM_STATE', gone);
      return owner.handle();
    };
    return {
      dispose,
      push: (fn) => (data) => {
        const h = live();
        abytes(data, 'data');
        try {
          return fn(h, data);
        } catch (e) {
          dispose();
          throw e;
        }
      },
      finish: (fn) => () => {
        const h = live();
        try {
          return fn(h);
        } finally {
          dispose();
        }
      },
    };
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
    const withHeader = (body) => {
      if (headerOut) return body;
      headerOut = true;
      return concatBytes([header, body]);
    };
    const s = streamObject(owner, 'the encryptor is finished or disposed');
    const enc = {
      header,
      chunkSize,
      /** Encrypts the next plaintext bytes; returns the envelope bytes they complete (the header first). */
      push: s.push((w, data) => withHeader(pushAll(mod._ehr_rec_writer_push, w, data))),
      /** Writes the FINAL chunk and frees the encryptor. */
      finish: s.finish((w) => {
        check(mod._ehr_rec_writer_finish(w, OUT8));
        return withHeader(view());
      }),
      dispose: s.dispose,
      [DISPOSE]() {
        s.dispose();
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
    let header = null;
    let done = false;
    const s = streamObject(owner, 'the decryptor is finished, failed or disposed');
    const readInfo = (r) => {
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
      push: s.push((r, data) => {
        const pt = pushAll(mod._ehr_rec_reader_push, r, data);
        readInfo(r);
        return pt;
      }),
      /** Ends the input; throws ERR_STREAM_TRUNCATED unless the FINAL chunk was verified. */
      finish: s.finish((r) => {
        check(mod._ehr_rec_reader_finish(r, OUT8));
        done = true;
        return view();
      }),
      get header() {
        return header;
      },
      get done() {
        return done;
      },
      dispose: s.dispose,
      [DISPOSE]() {
        s.dispose();
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

  /**
   * A TransformStream<Uint8Array, Uint8Array> over an encryptor or decryptor made by `make()` when
   * the stream starts: each chunk is pushed through it, finish() ends it, a cancel disposes of it.
   */
  const pushStream = (make) => {
    let s = null;
    return new TransformStream({
      start() {
        s = make();
      },
      transform(chunk, controller) {
        const o = s.push(chunk instanceof Uint8Array ? chunk : new Uint8Array(chunk));
        if (o.length) controller.enqueue(o);
      },
      flush(controller) {
        const o = s.finish();
        if (o.length) controller.enqueue(o);
      },
      cancel() {
        s?.dispose();
      },
    });
  };
  /** A TransformStream<Uint8Array, Uint8Array> that encrypts (header + chunks). */
  const encryptStream = (opts) => pushStream(() => createEncryptor(opts));
  /**
   * A TransformStream<Uint8Array, Uint8Array> that decrypts. It errors on any failure (typed
   * EhrError), including a stream that ends before its FINAL chunk: a consumer must then discard
   * everything it already read.
   */
  const decryptStream = (keysIn) => pushStream(() => createDecryptor(keysIn));

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

  return { createEncryptor, createDecryptor, encrypt, decrypt, encryptStream, decryptStream, inspect };
}
