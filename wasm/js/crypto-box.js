// Crypto area, part 2: symmetric keys, X25519 key pairs, sealed boxes, ChaCha20-Poly1305 AEADs and
// secretstream (incremental push/pull objects and WHATWG TransformStreams). Secret keys and stream
// states live in module memory behind handles (core.js); JS holds only the handle.
import { EhrError, abytes, aint, aoptions, rangeError, typeError } from './errors.js';

const EMPTY = new Uint8Array(0);
const TAG_FINAL = 3;

/**
 * @param {import('./core.d.ts').Core} core
 */
export function makeCryptoBox(core) {
  const { mod, heap, check } = core;
  const { frame, read, create, Handle } = core;

  // ---- symmetric keys ------------------------------------------------------------------------------
  /** A 32-byte symmetric key (AEAD, secretstream) held in module memory. */
  class SymmetricKey extends Handle {
    /** A new key from the CSPRNG. */
    static generate() {
      return new SymmetricKey(create((o) => mod._ehr_symkey_generate(o)));
    }
    /** Copies 32 bytes into module memory (wipe your array afterwards). */
    static fromBytes(bytes) {
      abytes(bytes, 'key', 32);
      return frame([bytes], (p) => new SymmetricKey(create((o) => mod._ehr_symkey_import(p, o))));
    }
  }

  // A key argument: a SymmetricKey (its handle) or 32 bytes (copied for the call, then wiped).
  const keyArg = (key) => {
    if (key instanceof SymmetricKey) return { h: key.handle(), bytes: EMPTY };
    if (!(key instanceof Uint8Array)) {
      throw typeError(`key must be a SymmetricKey or a Uint8Array, got ${key === null ? 'null' : typeof key}`);
    }
    return { h: 0, bytes: abytes(key, 'key', 32) };
  };

  // ---- X25519 ----------------------------------------------------------------------------------------
  /** An X25519 key pair; the secret key stays in module memory. */
  class KeyPair extends Handle {
    /** @type {Uint8Array} */
    #publicKey;
    /** @param {number} h */
    constructor(h) {
      super(h);
      this.#publicKey = frame([32], (o) => {
        check(mod._ehr_x25519_public(h, o));
        return read(o, 32);
      });
    }
    /** A new key pair from the CSPRNG (crypto_box_keypair). */
    static generate() {
      return new KeyPair(create((o) => mod._ehr_x25519_generate(o)));
    }
    /** libsodium's crypto_box_seed_keypair: deterministic from a 32-byte seed. */
    static fromSeed(seed) {
      abytes(seed, 'seed', 32);
      return frame([seed], (p) => new KeyPair(create((o) => mod._ehr_x25519_from_seed(p, o))));
    }
    /** The key pair of a 32-byte X25519 secret key (copied; wipe your array afterwards). */
    static fromSecretKey(secretKey) {
      abytes(secretKey, 'secretKey', 32);
      return frame([secretKey], (p) => new KeyPair(create((o) => mod._ehr_x25519_from_secret(p, o))));
    }
    /** The 32-byte public key (a copy). */
    get publicKey() {
      this.handle();
      return this.#publicKey.slice();
    }
    /**
     * X25519(secret, publicKey): the raw 32-byte shared secret (hash it before use as a key).
     * EhrError ERR_INVALID_PUBLIC_KEY for a small-order public key.
     */
    sharedSecret(publicKey) {
      abytes(publicKey, 'publicKey', 32);
      const h = this.handle();
      return frame([publicKey, 32], (p, o) => {
        check(mod._ehr_x25519_shared(h, p, o));
        return read(o, 32);
      });
    }
  }

  const x25519 = Object.freeze({
    KeyPair,
    /** X25519(secretKey, publicKey) on bytes (crypto_scalarmult). */
    scalarMult(secretKey, publicKey) {
      abytes(secretKey, 'secretKey', 32);
      abytes(publicKey, 'publicKey', 32);
      return frame([secretKey, publicKey, 32], (s, p, o) => {
        check(mod._ehr_x25519_scalarmult(s, p, o));
        return read(o, 32);
      });
    },
    /** X25519(secretKey, 9): the public key of a secret key (crypto_scalarmult_base). */
    scalarMultBase(secretKey) {
      abytes(secretKey, 'secretKey', 32);
      return frame([secretKey, 32], (s, o) => {
        mod._ehr_x25519_scalarmult_base(s, o);
        return read(o, 32);
      });
    },
  });

  // ---- sealed boxes -----------------------------------------------------------------------------------
  const sealedBox = Object.freeze({
    OVERHEAD: 48,
    /** Seals `message` to an X25519 public key: message.length + 48 bytes. */
    seal(message, recipientPublicKey) {
      abytes(message, 'message');
      abytes(recipientPublicKey, 'recipientPublicKey', 32);
      const n = message.length;
      return frame(
        [message, recipientPublicKey, n + 48],
        (m, pk, o) => {
          check(mod._ehr_box_seal(m, n, pk, o));
          return read(o, n + 48);
        },
        [1, 2],
      );
    },
    /** Opens a sealed box with the recipient's KeyPair. EhrError ERR_AUTH_FAILED if it fails. */
    open(ciphertext, keyPair) {
      abytes(ciphertext, 'ciphertext');
      if (!(keyPair instanceof KeyPair)) throw typeError('keyPair must be an x25519.KeyPair');
      if (ciphertext.length < 48) throw rangeError(`ciphertext must be at least 48 bytes, got ${ciphertext.length}`);
      const h = keyPair.handle();
      const n = ciphertext.length - 48;
      return frame(
        [ciphertext, n],
        (c, o) => {
          check(mod._ehr_box_seal_open(h, c, ciphertext.length, o));
          return read(o, n);
        },
        [0],
      );
    },
  });

  // ---- AEADs -------------------------------------------------------------------------------------
  const aeadCipher = (id, nonceBytes) =>
    Object.freeze({
      KEY_BYTES: 32,
      NONCE_BYTES: nonceBytes,
      TAG_BYTES: 16,
      /** ciphertext || tag (plaintext.length + 16 bytes). Never reuse a nonce under one key. */
      encrypt(key, nonce, plaintext, ad = EMPTY) {
        const k = keyArg(key);
        abytes(nonce, 'nonce', nonceBytes);
        abytes(plaintext, 'plaintext');
        abytes(ad, 'ad');
        const n = plaintext.length;
        let done = false;
        // In place: the buffer holds the plaintext, then the ciphertext (which needs no wiping).
        return frame(
          [k.bytes, nonce, ad, n + 16],
          (kp, np, ap, buf) => {
            heap().set(plaintext, buf);
            check(mod._ehr_aead_encrypt(id, k.h, kp, np, nonceBytes, ap, ad.length, buf, n, buf));
            done = true;
            return read(buf, n + 16);
          },
          () => (done ? [1, 2, 3] : [1, 2]),
        );
      },
      /** The plaintext; EhrError ERR_AUTH_FAILED if key, nonce, ad or ciphertext differ. */
      decrypt(key, nonce, ciphertext, ad = EMPTY) {
        const k = keyArg(key);
        abytes(nonce, 'nonce', nonceBytes);
        abytes(ciphertext, 'ciphertext');
        abytes(ad, 'ad');
        if (ciphertext.length < 16) throw rangeError(`ciphertext must be at least 16 bytes, got ${ciphertext.length}`);
        const n = ciphertext.length - 16;
        return frame(
          [k.bytes, nonce, ad, ciphertext],
          (kp, np, ap, buf) => {
            check(mod._ehr_aead_decrypt(id, k.h, kp, np, nonceBytes, ap, ad.length, buf, ciphertext.length, buf));
            return read(buf, n);
          },
          [1, 2],
        );
      },
    });
  const aead = Object.freeze({
    chacha20poly1305: aeadCipher(0, 12),
    xchacha20poly1305: aeadCipher(1, 24),
  });

  // ---- secretstream ----------------------------------------------------------------------------------
  const adOption = (o) => (o.ad === undefined ? EMPTY : abytes(o.ad, 'ad'));

  /** The writing end of a secretstream; its state lives in module memory. */
  class PushStream extends Handle {
    /** @type {Uint8Array} */
    #header;
    constructor(h, header) {
      super(h);
      this.#header = header;
    }
    /** The 24-byte header the reader needs first. */
    get header() {
      return this.#header.slice();
    }
    /**
     * Encrypts the next chunk: chunk.length + 17 bytes. { final: true } marks the last chunk (then
     * the state is wiped and further pushes fail with ERR_STREAM_STATE); { tag } sets the tag
     * (0 message, 1 push, 2 rekey, 3 final); { ad } authenticates extra data with the chunk.
     */
    push(chunk, options) {
      abytes(chunk, 'chunk');
      const o = aoptions(options);
      if (o.final !== undefined && typeof o.final !== 'boolean') throw typeError('final must be a boolean');
      const tag = o.tag === undefined ? (o.final ? TAG_FINAL : 0) : aint(o.tag, 'tag', 0, 3);
      if (o.final === true && tag !== TAG_FINAL) throw rangeError('final: true needs tag 3 (or no tag)');
      const ad = adOption(o);
      const h = this.handle();
      const n = chunk.length;
      return frame(
        [chunk, ad, n + 17],
        (m, a, c) => {
          check(mod._ehr_ss_push(h, m, n, a, ad.length, tag, c));
          return read(c, n + 17);
        },
        [1, 2],
      );
    }
  }

  /** The reading end of a secretstream; its state lives in module memory. */
  class PullStream extends Handle {
    #finalSeen = false;
    /** True once the final chunk was read. */
    get finalSeen() {
      return this.#finalSeen;
    }
    /**
     * Checks and decrypts the next chunk: { plaintext, final, tag }. EhrError ERR_AUTH_FAILED for a
     * modified, reordered or foreign chunk (the stream is then dead), ERR_STREAM_STATE after the
     * final chunk or a failure.
     */
    pull(chunk, options) {
      abytes(chunk, 'chunk');
      const ad = adOption(aoptions(options));
      if (chunk.length < 17) throw rangeError(`chunk must be at least 17 bytes, got ${chunk.length}`);
      const h = this.handle();
      const n = chunk.length - 17;
      return frame(
        [chunk, ad, n, 1],
        (c, a, m, t) => {
          check(mod._ehr_ss_pull(h, c, chunk.length, a, ad.length, m, t));
          const tag = heap()[t];
          if (tag === TAG_FINAL) this.#finalSeen = true;
          return { plaintext: read(m, n), final: tag === TAG_FINAL, tag };
        },
        [0, 1, 3],
      );
    }
    /**
     * Ends reading and frees the state: throws EhrError ERR_STREAM_TRUNCATED if the final chunk was
     * never read (the stream was cut short), ERR_STREAM_STATE if it had failed.
     */
    end() {
      const h = this.handle();
      this._forget();
      check(mod._ehr_ss_pull_finish(h));
    }
  }

  /** A FIFO of byte arrays from which exact lengths can be taken. */
  class ByteQueue {
    constructor() {
      this.parts = [];
      this.length = 0;
    }
    push(u8) {
      if (u8.length) {
        this.parts.push(u8);
        this.length += u8.length;
      }
    }
    take(n) {
      const first = this.parts[0];
      if (first.length >= n) {
        // The common case (chunks arrive whole): a view, no copy.
        if (first.length === n) this.parts.shift();
        else this.parts[0] = first.subarray(n);
        this.length -= n;
        return first.subarray(0, n);
      }
      const out = new Uint8Array(n);
      let off = 0;
      while (off < n) {
        const p = this.parts[0];
        const k = Math.min(p.length, n - off);
        out.set(p.subarray(0, k), off);
        off += k;
        if (k === p.length) this.parts.shift();
        else this.parts[0] = p.subarray(k);
      }
      this.length -= n;
      return out;
    }
  }

  const chunkSizeOption = (options) => {
    const o = aoptions(options);
    return o.chunkSize === undefined ? 64 * 1024 : aint(o.chunkSize, 'chunkSize', 1, 64 * 1024 * 1024);
  };

  const secretstream = Object.freeze({
    KEY_BYTES: 32,
    HEADER_BYTES: 24,
    OVERHEAD: 17,
    TAG: Object.freeze({ MESSAGE: 0, PUSH: 1, REKEY: 2, FINAL: 3 }),
    /** Starts a stream under a SymmetricKey or 32 key bytes. */
    createPush(key) {
      const k = keyArg(key);
      return frame(
        [k.bytes, 24],
        (kp, hd) =>
          new PushStream(
            create((o) => mod._ehr_ss_push_new(k.h, kp, hd, o)),
            read(hd, 24),
          ),
      );
    },
    /** Starts reading a stream from its 24-byte header under a SymmetricKey or 32 key bytes. */
    createPull(header, key) {
      abytes(header, 'header', 24);
      const k = keyArg(key);
      return frame([k.bytes, header], (kp, hd) => new PullStream(create((o) => mod._ehr_ss_pull_new(k.h, kp, hd, o))));
    },
    /**
     * A TransformStream that encrypts bytes: it emits the header, then one chunk of
     * chunkSize + 17 bytes per chunkSize bytes of input, the last one tagged final and holding the
     * rest (1..chunkSize bytes; an empty input gives one empty final chunk). Works in Workers;
     * memory stays at about one chunk.
     */
    encryptStream(key, options) {
      const chunkSize = chunkSizeOption(options);
      keyArg(key);
      let push;
      const buf = new Uint8Array(chunkSize);
      let fill = 0;
      const cleanup = () => {
        buf.fill(0);
        push?.dispose();
      };
      return new TransformStream({
        start(controller) {
          push = secretstream.createPush(key);
          controller.enqueue(push.header);
        },
        transform(chunk, controller) {
          try {
            abytes(chunk, 'chunk');
            for (let off = 0; off < chunk.length;) {
              if (fill === chunkSize) {
                controller.enqueue(push.push(buf));
                fill = 0;
              }
              const n = Math.min(chunkSize - fill, chunk.length - off);
              buf.set(chunk.subarray(off, off + n), fill);
              fill += n;
              off += n;
            }
          } catch (e) {
            cleanup();
            throw e;
          }
        },
        flush(controller) {
          try {
            controller.enqueue(push.push(buf.subarray(0, fill), { final: true }));
          } finally {
            cleanup();
          }
        },
      });
    },
    /**
     * The inverse of encryptStream (same chunkSize): emits plaintext chunks as they authenticate.
     * Errors the stream with EhrError ERR_AUTH_FAILED (tampered, reordered, wrong key),
     * ERR_STREAM_TRUNCATED (the input ended before the final chunk) or ERR_STREAM_STATE (data
     * after the final chunk).
     */
    decryptStream(key, options) {
      const chunkSize = chunkSizeOption(options);
      keyArg(key);
      // Key bytes are imported now: the caller may wipe its array before the data arrives.
      const owned = key instanceof SymmetricKey ? null : SymmetricKey.fromBytes(key);
      const k = owned ?? key;
      const wire = chunkSize + 17;
      const queue = new ByteQueue();
      let pull = null;
      let finished = false;
      const fail = (e) => {
        pull?.dispose();
        pull = null;
        owned?.dispose();
        throw e;
      };
      const pullOne = (controller, bytes) => {
        if (finished) throw new EhrError('ERR_STREAM_STATE', 'secretstream: data after the final chunk');
        const { plaintext, final } = pull.pull(bytes);
        if (final) finished = true;
        controller.enqueue(plaintext);
      };
      return new TransformStream({
        transform(chunk, controller) {
          try {
            abytes(chunk, 'chunk');
            queue.push(chunk);
            if (pull === null && queue.length >= 24) pull = secretstream.createPull(queue.take(24), k);
            // A full chunk is decrypted once more bytes follow it: the last one may be full too.
            while (pull !== null && queue.length > wire) pullOne(controller, queue.take(wire));
          } catch (e) {
            fail(e);
          }
        },
        flush(controller) {
          try {
            if (pull === null)
              throw new EhrError('ERR_STREAM_TRUNCATED', 'secretstream: the stream ended before its header');
            if (queue.length > 0) {
              if (queue.length < 17)
                throw new EhrError('ERR_STREAM_TRUNCATED', 'secretstream: the stream ended inside a chunk');
              pullOne(controller, queue.take(queue.length));
            }
            const p = pull;
            pull = null;
            p.end();
            owned?.dispose();
          } catch (e) {
            fail(e);
          }
        },
      });
    },
  });

  return { SymmetricKey, x25519, sealedBox, aead, secretstream };
}
