// Ethereum area of the JS API: addresses, RLP, transactions, the ABI codec (eth-abi.js), EIP-191,
// EIP-712, BIP-39, BIP-32, keystores, and (from wallet.js and rpc.js) wallets and a JSON-RPC helper.
//
// Values crossing into JS (docs/eth.md): integers (ABI uint/int, transaction fields) are BigInt;
// addresses are EIP-55 strings; bytes are Uint8Array. Into the module, structured values travel
// as JSON text (nlohmann/json in the core) with integers as decimal strings and bytes as 0x hex;
// the converters of eth-wire.js make that explicit in both directions. Secrets never travel as
// JSON or strings the module keeps: keys, mnemonics and passwords go through module memory that is
// wiped after the call, and keys held for JS stay in the module behind handles (wallet.js).
import { EhrError, abytes, aint, aoptions, astring, rangeError, typeError } from './errors.js';
import { fromHex, intWire, toHex, txFromWire, txWire, valueWire } from './eth-wire.js';
import { makeAbi } from './eth-abi.js';
import { makeWallet } from './wallet.js';
import { createRpc } from './rpc.js';

export { fromHex, normalizeSignature, toHex, txFromWire, txWire } from './eth-wire.js';

const utf8 = new TextEncoder();
const utf8dec = new TextDecoder();

/**
 * @param {import('./core.d.ts').Core} core
 */
export function makeEth(core) {
  const { mod, IO, heap, check, fail, malloc, free, withInput, out } = core;
  const ARG = IO + 64,
    OUT = IO + 256,
    KEY = IO + 32;
  const wipeKey = () => heap().fill(0, KEY, KEY + 32);
  /** signFn(wire, KEY) with the private key in the key slot, wiped whatever happens: the signature. */
  const signWithKey = (wire, privateKey, signFn) => {
    abytes(privateKey, 'privateKey', 32);
    heap().set(privateKey, KEY);
    let r;
    try {
      r = signFn(wire, KEY);
    } finally {
      wipeKey();
    }
    return hexOut(r);
  };

  /** The text result of an Embind call, or the typed error it reported. */
  const str = (s) => {
    if (s === '') throw fail(mod._ehr_eth_last_code());
    return s;
  };
  const json = (s) => JSON.parse(str(s));
  const hexOut = (s) => fromHex(str(s));
  /** The handle an Embind call returned, or (0) the typed error it reported. */
  const handle = (h) => {
    if (h === 0) throw fail(mod._ehr_eth_last_code());
    return h;
  };
  /** A key-ring handle argument: an integer (TypeError otherwise). */
  const aHandle = (h) => aint(h, 'handle', 0, 0x7fffffff);
  /** Calls fn(outLen) (an export that writes a length), checks its code, returns the length. */
  const len = (fn) => core.create(fn);

  /**
   * Runs fn(ptrs) with each byte array copied into its own module block; every block is wiped and
   * freed afterwards (the inputs may be passwords, mnemonics or keys).
   */
  const withBytes = (arrays, fn) => {
    const ptrs = [];
    try {
      for (const a of arrays) {
        const p = malloc(a.length);
        ptrs.push(p);
        heap().set(a, p);
      }
      return fn(ptrs);
    } finally {
      ptrs.forEach((p, i) => free(p, Math.max(1, arrays[i].length)));
    }
  };
  /** Runs fn(ptr) with an output block of n bytes, wiped and freed afterwards. */
  const withOut = (n, fn) => {
    const p = malloc(n);
    try {
      return fn(p);
    } finally {
      free(p, n);
    }
  };
  /** UTF-8 bytes of a secret string (or a copy of bytes); the caller wipes the result. */
  const secretBytes = (v, name, normalize = false) => {
    if (typeof v === 'string') return utf8.encode(normalize ? v.normalize('NFKD') : v);
    if (v instanceof Uint8Array) return v.slice();
    throw typeError(`${name} must be a string or a Uint8Array`);
  };
  /** Input bytes: a Uint8Array, or a 0x hex string. */
  const inBytes = (v, name) => (v instanceof Uint8Array ? v : fromHex(v, name));
  /** Runs fn(ptr, len) with public bytes in module memory. */
  const withData = (v, name, fn) => {
    const b = inBytes(v, name);
    return withInput(b, (p) => fn(p, b.length));
  };

  // ---- addresses ------------------------------------------------------------------------------------
  const address = {
    fromPublicKey(publicKey) {
      abytes(publicKey, 'publicKey', [33, 65]);
      heap().set(publicKey, ARG);
      check(mod._ehr_address_from_pubkey(ARG, publicKey.length, OUT));
      return mod.checksumAddress(OUT);
    },
    parse(text, options = {}) {
      astring(text, 'address');
      if (text.length > 64) throw rangeError(`address must be 40 hex digits, got ${text.length} characters`);
      check(mod.parseAddress(text, aoptions(options).strict === true, OUT));
      return out(OUT, 20);
    },
    isValid(text, options = {}) {
      const strict = aoptions(options).strict === true;
      if (typeof text !== 'string' || text.length > 64) return false;
      return mod.parseAddress(text, strict, OUT) === 0;
    },
    toChecksum(value) {
      let bytes;
      if (typeof value === 'string') bytes = address.parse(value);
      else bytes = abytes(value, 'address', 20);
      heap().set(bytes, ARG);
      return mod.checksumAddress(ARG);
    },
  };
  const checksumAt = (p) => mod.checksumAddress(p);

  // ---- RLP ------------------------------------------------------------------------------------------
  const rlpWire = (v, depth) => {
    if (depth > 128) throw rangeError('RLP value nested too deeply');
    if (v instanceof Uint8Array) return toHex(v);
    if (Array.isArray(v)) return v.map((x) => rlpWire(x, depth + 1));
    if (typeof v === 'bigint' || typeof v === 'number') {
      let n = BigInt(intWire(v, 'RLP integer'));
      if (n === 0n) return '0x';
      let h = n.toString(16);
      if (h.length % 2) h = '0' + h;
      return '0x' + h;
    }
    throw typeError('RLP values are Uint8Array, non-negative integers or arrays of them');
  };
  const rlpFromWire = (v) => (Array.isArray(v) ? v.map(rlpFromWire) : fromHex(v));
  const rlp = {
    encode: (value) => hexOut(mod.rlpEncode(JSON.stringify(rlpWire(value, 0)))),
    decode: (bytes) => {
      abytes(bytes, 'bytes');
      return rlpFromWire(json(withInput(bytes, (p) => mod.rlpDecode(p, bytes.length))));
    },
  };

  // ---- transactions ---------------------------------------------------------------------------------
  const tx = {
    serialize: (t) => hexOut(mod.txSerialize(txWire(t))),
    signingHash: (t) => hexOut(mod.txSigningHash(txWire(t))),
    sign: (t, privateKey) => signWithKey(txWire(t), privateKey, mod.txSignKey),
    signWithHandle: (t, h) => hexOut(mod.txSignHandle(txWire(t), aHandle(h))),
    parse(raw, options = {}) {
      const b = inBytes(raw, 'raw');
      options = aoptions(options);
      const rules =
        options.chainId != null || options.shanghai != null
          ? JSON.stringify({
              chainId: options.chainId != null ? intWire(options.chainId, 'chainId') : null,
              shanghai: options.shanghai ?? true,
            })
          : 'null';
      return txFromWire(json(withInput(b, (p) => mod.txParse(p, b.length, rules))));
    },
    hash(raw) {
      const b = inBytes(raw, 'raw');
      return withInput(b, (p) => {
        mod._ehr_tx_hash(p, b.length, IO);
        return out(IO, 32);
      });
    },
  };

  // ---- ABI (eth-abi.js) -----------------------------------------------------------------------------
  const abi = makeAbi({ mod, core, json, hexOut, handle, withData, utf8 });

  // ---- EIP-191 ---------------------------------------------------------------------------------------
  const messageBytes = (m) => {
    if (typeof m === 'string') return utf8.encode(m);
    if (m instanceof Uint8Array) return m;
    throw typeError('message must be a string (UTF-8) or a Uint8Array');
  };
  const eip191 = {
    hashMessage(message) {
      const b = messageBytes(message);
      return withInput(b, (p) => {
        mod._ehr_eip191_hash(p, b.length, IO);
        return out(IO, 32);
      });
    },
    signMessage(message, privateKey) {
      const b = messageBytes(message);
      abytes(privateKey, 'privateKey', 32);
      return withBytes([b, privateKey], ([pm, pk]) =>
        withOut(65, (o) => {
          check(mod._ehr_eip191_sign(pm, b.length, pk, 0, o));
          return out(o, 65);
        }),
      );
    },
    signMessageWithHandle(message, h) {
      aHandle(h);
      const b = messageBytes(message);
      return withBytes([b], ([pm]) =>
        withOut(65, (o) => {
          check(mod._ehr_eip191_sign(pm, b.length, 0, h, o));
          return out(o, 65);
        }),
      );
    },
    recoverAddress(message, signature) {
      const b = messageBytes(message);
      abytes(signature, 'signature', 65);
      return withBytes([b, signature], ([pm, ps]) => {
        check(mod._ehr_eip191_recover(pm, b.length, ps, OUT));
        return checksumAt(OUT);
      });
    },
  };

  // ---- EIP-712 ---------------------------------------------------------------------------------------
  const typedWire = (td) => {
    if (td === null || typeof td !== 'object') throw typeError('typed data must be an object');
    return JSON.stringify(valueWire(td, 'typedData'));
  };
  const recoverDigest = (digest, signature) => {
    abytes(signature, 'signature', 65);
    heap().set(digest, IO);
    heap().set(signature, ARG);
    check(mod._ehr_eth_recover_digest(IO, ARG, OUT));
    return checksumAt(OUT);
  };
  const eip712 = {
    hash: (typedData) => hexOut(mod.eip712Hash(typedWire(typedData))),
    sign: (typedData, privateKey) => signWithKey(typedWire(typedData), privateKey, mod.eip712SignKey),
    signWithHandle: (typedData, h) => hexOut(mod.eip712SignHandle(typedWire(typedData), aHandle(h))),
    recoverAddress: (typedData, signature) => recoverDigest(eip712.hash(typedData), signature),
  };

  // ---- BIP-39 ----------------------------------------------------------------------------------------
  const mnemonicBytes = (phrase) => {
    astring(phrase, 'mnemonic');
    return utf8.encode(phrase.normalize('NFKD'));
  };
  const bip39 = {
    generateMnemonic(words = 12) {
      if (typeof words !== 'number') throw typeError('words must be a number: 12, 15, 18, 21 or 24');
      if (![12, 15, 18, 21, 24].includes(words)) throw rangeError('words must be 12, 15, 18, 21 or 24');
      return withOut(256, (o) => {
        const n = len((n) => mod._ehr_bip39_generate(words, o, 256, n));
        return utf8dec.decode(out(o, n));
      });
    },
    entropyToMnemonic(entropy) {
      abytes(entropy, 'entropy', [16, 20, 24, 28, 32]);
      return withBytes([entropy], ([pe]) =>
        withOut(256, (o) => {
          const n = len((n) => mod._ehr_bip39_from_entropy(pe, entropy.length, o, 256, n));
          return utf8dec.decode(out(o, n));
        }),
      );
    },
    mnemonicToEntropy(phrase) {
      const m = mnemonicBytes(phrase);
      try {
        return withBytes([m], ([pm]) =>
          withOut(32, (o) =>
            out(
              o,
              len((n) => mod._ehr_bip39_to_entropy(pm, m.length, o, n)),
            ),
          ),
        );
      } finally {
        m.fill(0);
      }
    },
    validateMnemonic(phrase) {
      try {
        bip39.mnemonicToEntropy(phrase).fill(0);
        return true;
      } catch (e) {
        if (e instanceof EhrError) return false;
        throw e;
      }
    },
    mnemonicToSeed(phrase, passphrase = '', options = {}) {
      options = aoptions(options);
      const m = mnemonicBytes(phrase);
      const pp = secretBytes(passphrase, 'passphrase', true);
      try {
        return withBytes([m, pp], ([pm, ppp]) =>
          withOut(64, (o) => {
            check(mod._ehr_bip39_to_seed(pm, m.length, ppp, pp.length, options.check === false ? 0 : 1, o));
            return out(o, 64);
          }),
        );
      } finally {
        m.fill(0);
        pp.fill(0);
      }
    },
  };

  // ---- keystore (low level: raw key bytes; wallet.js keeps keys behind handles) ----------------------
  const keystoreDescribe = (text) => {
    astring(text, 'keystore');
    const d = json(mod.keystoreDescribe(text));
    if (d.n !== undefined) d.n = Number(d.n);
    return d;
  };

  const ethCore = {
    mod,
    core,
    str,
    json,
    hexOut,
    handle,
    len,
    withBytes,
    withOut,
    secretBytes,
    withData,
    checksumAt,
    utf8,
    utf8dec,
    KEY,
    wipeKey,
    txWire,
    typedWire,
    eip191,
    eip712,
    bip39,
    recoverDigest,
  };
  const { api: wallet, bip32 } = makeWallet(ethCore);

  const keystore = {
    describe: keystoreDescribe,
    /** Decrypts to raw key bytes (prefer wallet.fromKeystore, which keeps the key in the module). */
    decrypt(text, password) {
      const w = wallet.fromKeystore(text, password);
      try {
        return w.exportPrivateKey();
      } finally {
        w.dispose();
      }
    },
    encrypt(privateKey, password, options = {}) {
      const w = wallet.fromPrivateKey(privateKey);
      try {
        return w.encryptKeystore(password, options);
      } finally {
        w.dispose();
      }
    },
  };

  const api = {
    address: Object.freeze(address),
    rlp: Object.freeze(rlp),
    tx: Object.freeze(tx),
    abi: Object.freeze(abi),
    eip191: Object.freeze(eip191),
    eip712: Object.freeze(eip712),
    bip39: Object.freeze(bip39),
    bip32,
    keystore: Object.freeze(keystore),
    wallet,
    toHex,
    fromHex: (hex) => fromHex(hex),
  };
  api.createRpc = (options) => createRpc({ ...options, ehr: api });
  return api;
}
