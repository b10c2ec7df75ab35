// Crypto area of the JS API: hashes, MACs and KDFs, randomness, secp256k1 (byte-level functions and
// PrivateKey handles), and, from crypto-box.js, X25519, sealed boxes, AEADs and secretstream.
//
// Every function validates its arguments the same way (errors.js): TypeError ERR_BAD_TYPE for a
// wrong type, RangeError ERR_BAD_LENGTH for a wrong length or an out-of-range number, EhrError with
// a stable code for a failure the core reports. Every copy of a secret made in module memory is
// wiped before the function returns.
import { EhrError, abytes, aint, aoptions, rangeError, typeError } from './errors.js';
import { makeCryptoBox } from './crypto-box.js';

const MiB = 1024 * 1024;

/**
 * @param {import('./core.d.ts').Core} core
 */
export function makeCrypto(core) {
  const { mod, IO, IO_SIZE, heap, check, withInput, out } = core;
  const { frame, read, create, Handle, disposeSymbol } = core;

  /** @param {Uint8Array} data */
  const keccak256 = (data) => {
    abytes(data, 'data');
    return withInput(data, (p) => {
      mod._ehr_keccak256(p, data.length, IO);
      return out(IO, 32);
    });
  };
  /** @param {Uint8Array} data */
  const sha256 = (data) => {
    abytes(data, 'data');
    return withInput(data, (p) => {
      mod._ehr_sha256(p, data.length, IO);
      return out(IO, 32);
    });
  };
  /** @param {Uint8Array} data */
  const sha512 = (data) => {
    abytes(data, 'data');
    return withInput(data, (p) => {
      mod._ehr_sha512(p, data.length, IO);
      return out(IO, 64);
    });
  };

  // BLAKE2b options: dkLen 1..64 (default 32, libsodium's crypto_generichash_BYTES), key 0..64 bytes.
  const blakeOptions = (options) => {
    const o = aoptions(options);
    const dkLen = o.dkLen === undefined ? 32 : aint(o.dkLen, 'dkLen', 1, 64);
    const key = o.key === undefined ? new Uint8Array(0) : abytes(o.key, 'key');
    if (key.length > 64) throw rangeError(`key must be 0..64 bytes, got ${key.length}`);
    return { dkLen, key };
  };
  /**
   * @param {Uint8Array} data
   * @param {{ dkLen?: number, key?: Uint8Array }} [options]
   */
  const blake2b = (data, options) => {
    abytes(data, 'data');
    const { dkLen, key } = blakeOptions(options);
    return frame([key, dkLen, data], (k, o, d) => {
      check(mod._ehr_blake2b(d, data.length, k, key.length, o, dkLen));
      return read(o, dkLen);
    });
  };

  // Incremental hashes: a state object in module memory (a core.js Handle), freed by digest() or
  // dispose().
  const hasher = (name, size, newFn, updateFn, finalFn) => {
    const owner = new Handle(create(newFn));
    const live = () => {
      if (owner.disposed) throw new EhrError('ERR_BAD_HANDLE', `${name}: already finalized or disposed`);
      return owner.handle();
    };
    const self = {
      update(data) {
        const h = live();
        abytes(data, 'data');
        try {
          for (let off = 0; off < data.length; off += IO_SIZE - 64) {
            const chunk = data.subarray(off, Math.min(data.length, off + IO_SIZE - 64));
            heap().set(chunk, IO + 64);
            check(updateFn(h, IO + 64, chunk.length));
          }
        } finally {
          heap().fill(0, IO + 64, IO + Math.min(IO_SIZE, 64 + data.length));
        }
        return self;
      },
      digest() {
        const h = live();
        try {
          check(finalFn(h, IO));
          const d = out(IO, size);
          heap().fill(0, IO, IO + size);
          return d;
        } finally {
          owner.dispose();
        }
      },
      dispose() {
        owner.dispose();
      },
      [disposeSymbol]() {
        self.dispose();
      },
    };
    return self;
  };
  const createBlake2b = (options) => {
    const { dkLen, key } = blakeOptions(options);
    return hasher(
      'blake2b',
      dkLen,
      (o) => frame([key], (k) => mod._ehr_blake2b_new(dkLen, k, key.length, o)),
      mod._ehr_blake2b_update,
      (s, o) => mod._ehr_blake2b_final(s, o, dkLen),
    );
  };

  // ---- MACs and KDFs ---------------------------------------------------------------------------
  const hmac = (fn, size) => (key, data) => {
    abytes(key, 'key');
    abytes(data, 'data');
    return frame([key, data, size], (k, d, o) => {
      fn(k, key.length, d, data.length, o);
      return read(o, size);
    });
  };

  const hkdf = Object.freeze({
    /**
     * HKDF-SHA256 (RFC 5869) extract-then-expand.
     * @param {Uint8Array} ikm
     * @param {{ salt?: Uint8Array, info?: Uint8Array, length?: number }} [options]
     */
    derive(ikm, options) {
      abytes(ikm, 'ikm');
      const o = aoptions(options);
      const salt = o.salt === undefined ? new Uint8Array(0) : abytes(o.salt, 'salt');
      const info = o.info === undefined ? new Uint8Array(0) : abytes(o.info, 'info');
      const length = o.length === undefined ? 32 : aint(o.length, 'length', 1, 255 * 32);
      return frame([ikm, salt, info, length], (i, s, n, out_) => {
        check(mod._ehr_hkdf_sha256(i, ikm.length, s, salt.length, n, info.length, out_, length));
        return read(out_, length);
      });
    },
    /** HKDF-Extract: PRK = HMAC-SHA256(salt, ikm), 32 bytes. */
    extract(salt, ikm) {
      abytes(salt, 'salt');
      abytes(ikm, 'ikm');
      return frame([salt, ikm, 32], (s, i, o) => {
        mod._ehr_hkdf_sha256_extract(s, salt.length, i, ikm.length, o);
        return read(o, 32);
      });
    },
    /** HKDF-Expand: `length` (1..8160) bytes from a PRK of at least 32 bytes. */
    expand(prk, info, length = 32) {
      abytes(prk, 'prk');
      if (prk.length < 32) throw rangeError(`prk must be at least 32 bytes, got ${prk.length}`);
      abytes(info, 'info');
      aint(length, 'length', 1, 255 * 32);
      return frame([prk, info, length], (p, n, o) => {
        check(mod._ehr_hkdf_sha256_expand(p, prk.length, n, info.length, o, length));
        return read(o, length);
      });
    },
  });

  /**
   * Argon2id v1.3 (libsodium crypto_pwhash). Defaults: libsodium's "interactive" limits.
   * @param {Uint8Array} password bytes (encode strings with TextEncoder; JS cannot wipe strings)
   * @param {Uint8Array} salt 16 bytes
   * @param {{ opsLimit?: number, memLimit?: number, length?: number }} [options]
   */
  const argon2id = (password, salt, options) => {
    abytes(password, 'password');
    abytes(salt, 'salt', 16);
    const o = aoptions(options);
    const opsLimit = o.opsLimit === undefined ? 2 : aint(o.opsLimit, 'opsLimit', 1, 0xffffffff);
    const memLimit = o.memLimit === undefined ? 64 * MiB : aint(o.memLimit, 'memLimit', 8192, 1024 * MiB);
    const length = o.length === undefined ? 32 : aint(o.length, 'length', 16, 1024);
    return frame([password, salt, length], (p, s, out_) => {
      check(mod._ehr_argon2id(p, password.length, s, salt.length, out_, length, opsLimit, memLimit));
      return read(out_, length);
    });
  };

  /** `n` random bytes from libsodium's CSPRNG (seeded from crypto.getRandomValues). */
  const randomBytes = (n) => {
    aint(n, 'n', 0, 0x7fffffff);
    return frame([n], (p) => {
      mod._ehr_random(p, n);
      return read(p, n);
    });
  };

  // ---- secp256k1 ---------------------------------------------------------------------------------
  // Arena layout for secp256k1 calls: [0,32) digest, [32,64) private key, [64,..) other input,
  // [256, 256+65) output. The key slot is wiped after every call.
  const MSG = IO,
    KEY = IO + 32,
    ARG = IO + 64,
    OUT = IO + 256;
  const wipeKey = () => heap().fill(0, KEY, KEY + 32);
  const ecdhMode = (options) => {
    const o = aoptions(options);
    if (o.hash === undefined || o.hash === 'none') return 0;
    if (o.hash === 'sha256') return 1;
    throw typeError(`hash must be 'none' or 'sha256', got ${String(o.hash)}`);
  };

  /** A secp256k1 private key held in module memory; JS only ever sees its handle. */
  class PrivateKey extends Handle {
    /** A new key from the CSPRNG. */
    static generate() {
      return new PrivateKey(create((o) => mod._ehr_k1key_generate(o)));
    }
    /**
     * Copies a 32-byte key into module memory (wipe your array afterwards: `wipe(bytes)`).
     * EhrError ERR_INVALID_PRIVATE_KEY unless 0 < key < n.
     * @param {Uint8Array} bytes
     */
    static fromBytes(bytes) {
      abytes(bytes, 'privateKey', 32);
      heap().set(bytes, KEY);
      try {
        return new PrivateKey(create((o) => mod._ehr_k1key_import(KEY, o)));
      } finally {
        wipeKey();
      }
    }
    /** SEC1 public key: 33 bytes compressed (default) or 65 uncompressed. */
    publicKey(compressed = true) {
      check(mod._ehr_k1key_pubkey(this.handle(), compressed ? 1 : 0, OUT));
      return out(OUT, compressed ? 33 : 65);
    }
    /** RFC 6979, low-s; r || s || v (65 bytes, v = 0 or 1). */
    sign(msgHash) {
      abytes(msgHash, 'msgHash', 32);
      const h = this.handle();
      heap().set(msgHash, MSG);
      check(mod._ehr_k1key_sign(h, MSG, OUT));
      return out(OUT, 65);
    }
    /**
     * ECDH with a 33- or 65-byte public key: the shared x-coordinate (32 bytes, default), or with
     * { hash: 'sha256' } libsecp256k1's SHA-256 of the compressed shared point. The result is a
     * secret: wipe it when done.
     */
    ecdh(publicKey, options) {
      abytes(publicKey, 'publicKey', [33, 65]);
      const mode = ecdhMode(options);
      const h = this.handle();
      heap().set(publicKey, ARG);
      try {
        check(mod._ehr_k1key_ecdh(h, ARG, publicKey.length, mode, OUT));
        return out(OUT, 32);
      } finally {
        heap().fill(0, OUT, OUT + 32);
      }
    }
  }

  const secp256k1 = {
    PrivateKey,
    isValidPrivateKey(privateKey) {
      abytes(privateKey, 'privateKey', 32);
      heap().set(privateKey, KEY);
      try {
        return mod._ehr_secp256k1_seckey_verify(KEY) === 1;
      } finally {
        wipeKey();
      }
    },
    getPublicKey(privateKey, compressed = true) {
      abytes(privateKey, 'privateKey', 32);
      heap().set(privateKey, KEY);
      try {
        check(mod._ehr_secp256k1_pubkey(KEY, compressed ? 1 : 0, OUT));
      } finally {
        wipeKey();
      }
      return out(OUT, compressed ? 33 : 65);
    },
    sign(msgHash, privateKey) {
      abytes(msgHash, 'msgHash', 32);
      abytes(privateKey, 'privateKey', 32);
      const h = heap();
      h.set(msgHash, MSG);
      h.set(privateKey, KEY);
      try {
        check(mod._ehr_secp256k1_sign(MSG, KEY, OUT));
      } finally {
        wipeKey();
      }
      return out(OUT, 65);
    },
    verify(signature, msgHash, publicKey, options = {}) {
      abytes(signature, 'signature', [64, 65]);
      abytes(msgHash, 'msgHash', 32);
      abytes(publicKey, 'publicKey', [33, 65]);
      const lowS = aoptions(options).lowS ?? true;
      const h = heap();
      h.set(signature.subarray(0, 64), ARG);
      h.set(msgHash, MSG);
      h.set(publicKey, OUT);
      return mod._ehr_secp256k1_verify(ARG, MSG, OUT, publicKey.length, lowS ? 1 : 0) === 1;
    },
    recover(signature, msgHash, compressed = false) {
      abytes(signature, 'signature', 65);
      abytes(msgHash, 'msgHash', 32);
      const h = heap();
      h.set(signature, ARG);
      h.set(msgHash, MSG);
      check(mod._ehr_secp256k1_recover(ARG, MSG, compressed ? 1 : 0, OUT));
      return out(OUT, compressed ? 33 : 65);
    },
    signatureFromDer(der) {
      abytes(der, 'der');
      if (der.length === 0 || der.length > 72) {
        throw new EhrError('ERR_INVALID_SIGNATURE', 'not a strict DER ECDSA signature');
      }
      heap().set(der, ARG);
      check(mod._ehr_secp256k1_signature_from_der(ARG, der.length, OUT));
      return out(OUT, 64);
    },
    convertPublicKey(publicKey, compressed = true) {
      abytes(publicKey, 'publicKey', [33, 65]);
      heap().set(publicKey, ARG);
      check(mod._ehr_secp256k1_pubkey_convert(ARG, publicKey.length, compressed ? 1 : 0, OUT));
      return out(OUT, compressed ? 33 : 65);
    },
    /** ECDH on key bytes; see PrivateKey#ecdh. */
    ecdh(privateKey, publicKey, options) {
      abytes(privateKey, 'privateKey', 32);
      abytes(publicKey, 'publicKey', [33, 65]);
      const mode = ecdhMode(options);
      const h = heap();
      h.set(privateKey, KEY);
      h.set(publicKey, ARG);
      try {
        check(mod._ehr_secp256k1_ecdh(KEY, ARG, publicKey.length, mode, OUT));
        return out(OUT, 32);
      } finally {
        wipeKey();
        heap().fill(0, OUT, OUT + 32);
      }
    },
    /** The SEC1 point (33 or 65 bytes) of a strict-DER secp256k1 SubjectPublicKeyInfo. */
    publicKeyFromSpki(der) {
      abytes(der, 'der');
      if (der.length > 128) throw new EhrError('ERR_BAD_ENCODING', 'not a DER secp256k1 SubjectPublicKeyInfo');
      heap().set(der, ARG);
      const n = create((o) => mod._ehr_spki_parse(ARG, der.length, OUT, o));
      return out(OUT, n);
    },
    /** A SEC1 public key (33 or 65 bytes) as a DER SubjectPublicKeyInfo (56 or 88 bytes). */
    publicKeyToSpki(publicKey) {
      abytes(publicKey, 'publicKey', [33, 65]);
      heap().set(publicKey, ARG);
      const n = create((o) => mod._ehr_spki_encode(ARG, publicKey.length, OUT, o));
      return out(OUT, n);
    },
  };

  return {
    keccak256,
    sha256,
    sha512,
    blake2b,
    createKeccak256: () =>
      hasher('keccak256', 32, mod._ehr_keccak256_new, mod._ehr_keccak256_update, mod._ehr_keccak256_final),
    createSha256: () => hasher('sha256', 32, mod._ehr_sha256_new, mod._ehr_sha256_update, mod._ehr_sha256_final),
    createSha512: () => hasher('sha512', 64, mod._ehr_sha512_new, mod._ehr_sha512_update, mod._ehr_sha512_final),
    createBlake2b,
    hmacSha256: hmac(mod._ehr_hmac_sha256, 32),
    hmacSha512: hmac(mod._ehr_hmac_sha512, 64),
    hkdf,
    argon2id,
    randomBytes,
    secp256k1: Object.freeze(secp256k1),
    ...makeCryptoBox(core),
    /**
     * The lock: wipes and frees every object of every kind held in module memory (keys, wallets,
     * stream states, encryptors, decryptors, search indexes, builders, readers) and the scratch
     * memory. Objects that still refer to them throw ERR_BAD_HANDLE.
     */
    disposeAll() {
      core.disposeAll();
    },
    /** The number of objects alive in module memory, of every kind (for leak checks). */
    liveHandles() {
      return core.liveHandles(0);
    },
  };
}
