// Wallets: key material lives in the WebAssembly module's handle registry (wasm/src/handles.hpp,
// kind eth_key); JS holds only a handle (a core.js Handle). A Wallet signs transactions (EIP-155/2930/1559), personal messages (EIP-191) and
// typed data (EIP-712); an HDNode is a Wallet that can also derive children (BIP-32). dispose()
// (or `using`) wipes the key in the module; a FinalizationRegistry frees handles that were
// dropped without dispose(), as a safety net only.
import { EhrError, abytes, aoptions, astring, rangeError, typeError } from './errors.js';
import { toHex } from './eth-wire.js';

const ETH_PATH = (i) => `m/44'/60'/0'/0/${i}`;

/**
 * @param {object} e the Ethereum area's internals (eth.js)
 */
export function makeWallet(e) {
  const {
    mod,
    core,
    handle,
    len,
    withBytes,
    withOut,
    secretBytes,
    checksumAt,
    utf8,
    utf8dec,
    txWire,
    typedWire,
    str,
    hexOut,
  } = e;
  const { check, out, IO, Handle, create } = core;
  const TOKEN = Symbol('wallet');

  /** Normalizes a typed-in English mnemonic: trims, single spaces, lower case, then NFKD (in eth.js). */
  const cleanPhrase = (phrase) => {
    astring(phrase, 'mnemonic');
    return phrase.trim().split(/\s+/).join(' ').toLowerCase();
  };

  class Wallet extends Handle {
    #address;
    constructor(token, h) {
      if (token !== TOKEN) throw typeError('use ehr.wallet.fromPrivateKey / fromMnemonic / fromKeystore');
      super(h);
    }
    /** The module handle (advanced use: tx.signWithHandle and friends); ERR_BAD_HANDLE once disposed. */
    get handle() {
      return super.handle();
    }
    /** EIP-55 address. */
    get address() {
      if (this.#address === undefined) {
        check(mod._ehr_key_address(this.handle, IO));
        this.#address = checksumAt(IO);
      }
      return this.#address;
    }
    /** Compressed (33 bytes, default) or uncompressed (65) public key. */
    publicKey(compressed = true) {
      check(mod._ehr_key_pubkey(this.handle, compressed ? 1 : 0, IO));
      return out(IO, compressed ? 33 : 65);
    }
    /** Signs a transaction (fields as in tx.serialize); returns the raw signed bytes. */
    signTransaction(tx) {
      if (tx?.from != null && String(tx.from).toLowerCase() !== this.address.toLowerCase()) {
        throw new EhrError('ERR_BAD_TRANSACTION', `transaction.from ${tx.from} is not this wallet (${this.address})`);
      }
      return hexOut(mod.txSignHandle(txWire(tx), this.handle));
    }
    /** EIP-191 personal_sign of a string (UTF-8) or bytes: r || s || v (v = 27/28). */
    signMessage(message) {
      return e.eip191.signMessageWithHandle(message, this.handle);
    }
    /** EIP-712 signature of the standard JSON form {types, primaryType, domain, message}. */
    signTypedData(typedData) {
      return hexOut(mod.eip712SignHandle(typedWire(typedData), this.handle));
    }
    /**
     * Keystore V3 JSON of this key (runs the KDF here: scrypt N=262144 blocks for about a second;
     * see worker.js for the off-thread variant). options: {kdf: 'scrypt'|'pbkdf2', n, r, p, c,
     * salt, iv, uuid}.
     */
    encryptKeystore(password, options = {}) {
      const pw = secretBytes(password, 'password');
      const opts = utf8.encode(JSON.stringify(optionsWire(options)));
      try {
        return withBytes([pw, opts], ([ppw, po]) => {
          const n = len((l) => mod._ehr_keystore_encrypt(this.handle, 0, ppw, pw.length, po, opts.length, l));
          try {
            return utf8dec.decode(out(mod._ehr_eth_out(), n));
          } finally {
            mod._ehr_eth_out_clear();
          }
        });
      } finally {
        pw.fill(0);
      }
    }
    /** Keystore encryption on a Worker (worker.js): the key bytes are handed to it and wiped. */
    async encryptKeystoreAsync(password, options = {}, { worker } = {}) {
      if (!worker) return this.encryptKeystore(password, options);
      const key = this.exportPrivateKey();
      return worker.encryptKeystore(key, password, options);
    }
    /** The raw private key (for an explicit backup only; wipe it when done). */
    exportPrivateKey() {
      return withOut(32, (o) => {
        check(mod._ehr_key_export(this.handle, o));
        return out(o, 32);
      });
    }
    // dispose() and [Symbol.dispose]() (wipe the key in the module; idempotent): core.js Handle.
  }

  class HDNode extends Wallet {
    /** Derives a path ("m/..." from the root, or relative "0/1'" below this node). */
    derive(path) {
      astring(path, 'path');
      const full = path.startsWith('m') ? path : `m/${path}`;
      const p = utf8.encode(full);
      return withBytes(
        [p],
        ([pp]) =>
          new HDNode(
            TOKEN,
            create((o) => mod._ehr_bip32_derive(this.handle, pp, p.length, o)),
          ),
      );
    }
    /** The Ethereum account at m/44'/60'/0'/0/index (this node must be the root). */
    deriveAccount(index = 0) {
      if (!Number.isInteger(index)) throw typeError('index must be an integer in [0, 2^31)');
      if (index < 0 || index >= 0x80000000) throw rangeError('index must be an integer in [0, 2^31)');
      if (this.depth !== 0) throw new EhrError('ERR_BAD_DERIVATION_PATH', 'deriveAccount needs the root node');
      return this.derive(ETH_PATH(index));
    }
    #info() {
      return withOut(12, (o) => {
        check(mod._ehr_bip32_info(this.handle, o));
        const v = new DataView(core.heap().buffer, o, 12);
        return [v.getUint32(0, true), v.getUint32(4, true), v.getUint32(8, true)];
      });
    }
    get depth() {
      return this.#info()[0];
    }
    /** The child number this node was derived at (hardened bit included). */
    get index() {
      return this.#info()[1];
    }
    get parentFingerprint() {
      return this.#info()[2];
    }
    /** BIP-32 "xpub..." serialization. */
    get xpub() {
      return str(mod.bip32Xpub(this.handle));
    }
    /** BIP-32 "xprv..." serialization (reveals the key: explicit backups only). */
    exportExtendedPrivateKey() {
      return withOut(128, (o) =>
        utf8dec.decode(
          out(
            o,
            len((l) => mod._ehr_bip32_xprv(this.handle, o, 128, l)),
          ),
        ),
      );
    }
  }

  const optionsWire = (o) => {
    if (o === null || typeof o !== 'object') throw typeError('options must be an object');
    const w = {};
    for (const k of ['kdf', 'n', 'r', 'p', 'c']) if (o[k] != null) w[k] = o[k];
    if (o.N != null) w.n = o.N;
    for (const k of ['salt', 'iv', 'uuid']) {
      if (o[k] == null) continue;
      if (o[k] instanceof Uint8Array) w[k] = toHex(o[k]).slice(2);
      else w[k] = String(o[k]).replace(/^0x/, '');
    }
    return w;
  };

  const fromSeed = (seed) => {
    abytes(seed, 'seed');
    return withBytes(
      [seed],
      ([ps]) =>
        new HDNode(
          TOKEN,
          create((o) => mod._ehr_bip32_from_seed(ps, seed.length, o)),
        ),
    );
  };

  /** The HD root of a mnemonic (the seed is computed and kept inside the module). */
  const hdFromMnemonic = (phrase, options) => {
    const { passphrase = '' } = aoptions(options);
    const m = utf8.encode(cleanPhrase(phrase).normalize('NFKD'));
    const pp = secretBytes(passphrase, 'passphrase', true);
    try {
      return withBytes(
        [m, pp],
        ([pm, ppp]) =>
          new HDNode(
            TOKEN,
            create((o) => mod._ehr_bip32_from_mnemonic(pm, m.length, ppp, pp.length, o)),
          ),
      );
    } finally {
      m.fill(0);
      pp.fill(0);
    }
  };

  const fromKeystoreWithKey = (text, derivedKey) => {
    astring(text, 'keystore');
    abytes(derivedKey, 'derivedKey');
    const j = utf8.encode(text);
    return withBytes(
      [j, derivedKey],
      ([pj, pk]) =>
        new Wallet(
          TOKEN,
          create((o) => mod._ehr_keystore_decrypt_with_key(pj, j.length, pk, derivedKey.length, o)),
        ),
    );
  };

  const api = {
    Wallet,
    HDNode,
    /** A wallet over a 32-byte private key (copied into the module; wipe your copy). */
    fromPrivateKey(privateKey) {
      abytes(privateKey, 'privateKey', 32);
      return withBytes(
        [privateKey],
        ([pk]) =>
          new Wallet(
            TOKEN,
            create((o) => mod._ehr_key_import(pk, o)),
          ),
      );
    },
    /** A wallet over a fresh key from the module's CSPRNG. */
    createRandom: () =>
      new Wallet(
        TOKEN,
        create((o) => mod._ehr_key_generate(o)),
      ),
    /** The account of a mnemonic: path (default m/44'/60'/0'/0/index, index default 0). */
    fromMnemonic(phrase, options) {
      const { path, index = 0, passphrase = '' } = aoptions(options);
      const root = hdFromMnemonic(phrase, { passphrase });
      try {
        return root.derive(path ?? ETH_PATH(index));
      } finally {
        root.dispose();
      }
    },
    hdFromMnemonic,
    fromSeed,
    /** Decrypts a keystore V3 JSON (blocks while the KDF runs; see fromKeystoreAsync). */
    fromKeystore(text, password) {
      astring(text, 'keystore');
      const j = utf8.encode(text);
      const pw = secretBytes(password, 'password');
      try {
        return withBytes(
          [j, pw],
          ([pj, ppw]) =>
            new Wallet(
              TOKEN,
              create((o) => mod._ehr_keystore_decrypt(pj, j.length, ppw, pw.length, o)),
            ),
        );
      } finally {
        pw.fill(0);
      }
    },
    /**
     * Like fromKeystore, with the KDF on a Worker (worker.js) when one is given: the worker returns
     * the derived key, the MAC check and decryption happen here, straight into the key ring.
     */
    async fromKeystoreAsync(text, password, options) {
      const { worker } = aoptions(options);
      astring(text, 'keystore');
      if (!worker) {
        await new Promise((r) => setTimeout(r, 0));
        return api.fromKeystore(text, password);
      }
      const dk = await worker.keystoreDerivedKey(text, password);
      try {
        return fromKeystoreWithKey(text, dk);
      } finally {
        dk.fill(0);
      }
    },
    fromKeystoreWithKey,
    /** The KDF step of a keystore (what a worker runs): the derived key bytes. */
    keystoreDerivedKey(text, password) {
      astring(text, 'keystore');
      const j = utf8.encode(text);
      const pw = secretBytes(password, 'password');
      try {
        return withBytes([j, pw], ([pj, ppw]) =>
          withOut(64, (o) =>
            out(
              o,
              len((l) => mod._ehr_keystore_derive(pj, j.length, ppw, pw.length, o, l)),
            ),
          ),
        );
      } finally {
        pw.fill(0);
      }
    },
    /**
     * The lock: an alias of the module's disposeAll() (wipes every key, HD node and every other
     * object held by the module, of every kind).
     */
    lockAll() {
      core.disposeAll();
    },
  };

  const bip32 = Object.freeze({ fromSeed, HDNode });
  return { api: Object.freeze(api), bip32 };
}
