// Crypto area of the JS API: hashes and secp256k1.
import { EhrError, abytes } from './errors.js';

/**
 * @param {import('./core.d.ts').Core} core
 */
export function makeCrypto(core) {
  const { mod, IO, IO_SIZE, heap, check, withInput, out } = core;

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

  // Incremental hashes: a state object in module memory, freed by digest() or dispose().
  const hasher = (name, newFn, updateFn, finalFn, freeFn) => () => {
    let h = newFn();
    if (h === 0) throw new EhrError('ERR_OUT_OF_MEMORY', 'out of memory');
    const live = () => {
      if (h === 0) throw new EhrError('ERR_BAD_HANDLE', `${name}: already finalized or disposed`);
    };
    const self = {
      update(data) {
        live();
        abytes(data, 'data');
        for (let off = 0; off < data.length; off += IO_SIZE - 64) {
          const chunk = data.subarray(off, Math.min(data.length, off + IO_SIZE - 64));
          heap().set(chunk, IO + 64);
          updateFn(h, IO + 64, chunk.length);
        }
        heap().fill(0, IO + 64, IO + Math.min(IO_SIZE, 64 + data.length));
        return self;
      },
      digest() {
        live();
        finalFn(h, IO);
        const d = out(IO, 32);
        freeFn(h);
        h = 0;
        return d;
      },
      dispose() {
        if (h !== 0) freeFn(h);
        h = 0;
      },
      [Symbol.dispose ?? Symbol.for('Symbol.dispose')]() {
        self.dispose();
      },
    };
    return self;
  };

  // Arena layout for secp256k1 calls: [0,32) digest, [32,64) private key, [64,..) other input,
  // [256, 256+65) output. The key slot is wiped after every call.
  const MSG = IO, KEY = IO + 32, ARG = IO + 64, OUT = IO + 256;
  const wipeKey = () => heap().fill(0, KEY, KEY + 32);

  const secp256k1 = {
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
      const lowS = options.lowS ?? true;
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
  };

  return {
    keccak256,
    sha256,
    createKeccak256: hasher('keccak256', mod._ehr_keccak256_new, mod._ehr_keccak256_update,
      mod._ehr_keccak256_final, mod._ehr_keccak256_free),
    createSha256: hasher('sha256', mod._ehr_sha256_new, mod._ehr_sha256_update,
      mod._ehr_sha256_final, mod._ehr_sha256_free),
    secp256k1: Object.freeze(secp256k1),
  };
}
