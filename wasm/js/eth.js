// Ethereum area of the JS API: addresses, RLP, transactions, the ABI codec, EIP-191, EIP-712,
// BIP-39, BIP-32, keystores, and (from wallet.js and rpc.js) wallets and a JSON-RPC helper.
//
// Values crossing into JS (docs/eth.md): integers (ABI uint/int, transaction fields) are BigInt;
// addresses are EIP-55 strings; bytes are Uint8Array. Into the module, structured values travel
// as JSON text (nlohmann/json in the core) with integers as decimal strings and bytes as 0x hex;
// the converters below make that explicit in both directions. Secrets never travel as JSON or
// strings the module keeps: keys, mnemonics and passwords go through module memory that is wiped
// after the call, and keys held for JS stay in the module behind handles (wallet.js).
import { EhrError, abytes, aint, aoptions, astring, rangeError, typeError } from './errors.js';
import { makeWallet } from './wallet.js';
import { createRpc } from './rpc.js';

// ---- hex -------------------------------------------------------------------------------------------
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const NIB = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) NIB[48 + i] = i;
for (let i = 0; i < 6; i++) NIB[97 + i] = NIB[65 + i] = 10 + i;

/** "0x" + lower-case hex of `bytes`. */
export function toHex(bytes) {
  abytes(bytes, 'bytes');
  let s = '0x';
  for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i]];
  return s;
}

/** Bytes of a "0x"-prefixed hex string (even length). */
export function fromHex(hex, name = 'hex') {
  astring(hex, name);
  if (hex.length < 2 || hex[0] !== '0' || (hex[1] !== 'x' && hex[1] !== 'X'))
    throw typeError(`${name} must be a 0x-prefixed hex string`);
  if (hex.length % 2 !== 0) throw rangeError(`${name} must have an even number of hex digits`);
  const out = new Uint8Array((hex.length - 2) / 2);
  for (let i = 0; i < out.length; i++) {
    const a = hex.charCodeAt(2 + 2 * i),
      b = hex.charCodeAt(3 + 2 * i);
    const hi = a < 128 ? NIB[a] : -1,
      lo = b < 128 ? NIB[b] : -1;
    if (hi < 0 || lo < 0) throw typeError(`${name} has a non-hex character`);
    out[i] = (hi << 4) | lo;
  }
  return out;
}

const utf8 = new TextEncoder();
const utf8dec = new TextDecoder();

// ---- JS values -> wire (JSON with decimal strings and 0x hex) ---------------------------------------
const INT_RE = /^(0x[0-9a-fA-F]+|-?0x[0-9a-fA-F]+|-?[0-9]+)$/;

/** An integer for the wire: bigint or safe-integer number -> decimal string; strings checked. */
function intWire(v, name, signed = false) {
  if (typeof v === 'bigint') {
    if (!signed && v < 0n) throw rangeError(`${name} must not be negative`);
    return v.toString();
  }
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) throw rangeError(`${name} must be a safe integer (use a BigInt)`);
    if (!signed && v < 0) throw rangeError(`${name} must not be negative`);
    return String(v);
  }
  if (typeof v === 'string' && INT_RE.test(v)) {
    if (!signed && v.startsWith('-')) throw rangeError(`${name} must not be negative`);
    return v;
  }
  throw typeError(`${name} must be a bigint, a safe integer or an integer string`);
}

function bytesWire(v, name) {
  if (v instanceof Uint8Array) return toHex(v);
  if (typeof v === 'string') {
    fromHex(v, name); // validates
    return v;
  }
  throw typeError(`${name} must be a Uint8Array or a 0x hex string`);
}

function addressWire(v, name) {
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array && v.length === 20) return toHex(v);
  throw typeError(`${name} must be an address string`);
}

/** Generic JS value -> JSON value (ABI arguments, EIP-712 messages). */
function valueWire(v, name) {
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) throw rangeError(`${name} must be a safe integer (use a BigInt or a string)`);
    return v;
  }
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof Uint8Array) return toHex(v);
  if (Array.isArray(v)) return v.map((x, i) => valueWire(x, `${name}[${i}]`));
  if (v !== null && typeof v === 'object') {
    const o = {};
    for (const k of Object.keys(v)) o[k] = valueWire(v[k], `${name}.${k}`);
    return o;
  }
  throw typeError(`${name}: unsupported value ${v === null ? 'null' : typeof v}`);
}

// ---- wire -> JS, driven by a type description from the core ------------------------------------------
/** Converts a decoded JSON value of type `desc` ({kind, ...} from Interface::describe()). */
function fromWire(desc, v) {
  switch (desc.kind) {
    case 'uint':
    case 'int':
      return BigInt(v);
    case 'bytes':
    case 'fixedBytes':
      return fromHex(v);
    case 'array':
      return v.map((x) => fromWire(desc.child, x));
    case 'tuple':
      return named(
        desc.components.map((c) => c.name),
        desc.components.map((c, i) => fromWire(c.type, v[i])),
      );
    default:
      return v; // address, bool, string
  }
}

/** An array that also carries its values under their names (non-enumerable), like ethers' Result. */
function named(names, values) {
  names.forEach((n, i) => {
    if (n && !(n in values) && !/^\d+$/.test(n))
      Object.defineProperty(values, n, { value: values[i], enumerable: false });
  });
  return values;
}

const TX_INT = ['chainId', 'nonce', 'gasPrice', 'maxPriorityFeePerGas', 'maxFeePerGas', 'gasLimit', 'value'];
const TX_KEYS = new Set([...TX_INT, 'type', 'to', 'data', 'input', 'gas', 'accessList', 'signature', 'from', 'hash']);

/** A transaction object -> wire JSON text. `from` and `hash` are informational and dropped. */
export function txWire(tx) {
  if (tx === null || typeof tx !== 'object') throw typeError('transaction must be an object');
  for (const k of Object.keys(tx)) if (!TX_KEYS.has(k)) throw typeError(`transaction: unknown field '${k}'`);
  const o = {};
  if (tx.type != null) o.type = intWire(tx.type, 'type');
  for (const k of TX_INT) if (tx[k] != null) o[k] = intWire(tx[k], k);
  if (tx.gas != null) {
    if (tx.gasLimit != null) throw typeError('transaction: give gasLimit or gas, not both');
    o.gasLimit = intWire(tx.gas, 'gas');
  }
  if (tx.to != null) o.to = addressWire(tx.to, 'to');
  const data = tx.data ?? tx.input;
  if (data != null) o.data = bytesWire(data, 'data');
  if (tx.accessList != null) {
    if (!Array.isArray(tx.accessList)) throw typeError('accessList must be an array');
    o.accessList = tx.accessList.map((e, i) => ({
      address: addressWire(e?.address, `accessList[${i}].address`),
      storageKeys: (e?.storageKeys ?? []).map((k, j) => bytesWire(k, `accessList[${i}].storageKeys[${j}]`)),
    }));
  }
  if (tx.signature != null) {
    const s = tx.signature;
    o.signature = { r: sigPart(s.r, 'signature.r'), s: sigPart(s.s, 'signature.s') };
    if (s.yParity != null) o.signature.yParity = intWire(s.yParity, 'signature.yParity');
    if (s.v != null) o.signature.v = intWire(s.v, 'signature.v');
  }
  return JSON.stringify(o);
}

function sigPart(v, name) {
  if (v instanceof Uint8Array || (typeof v === 'string' && v.startsWith('0x'))) return bytesWire(v, name);
  return intWire(v, name);
}

/** Wire JSON of a transaction -> JS object (BigInt integers, Uint8Array bytes). */
export function txFromWire(j) {
  const tx = { type: j.type };
  for (const k of TX_INT) if (j[k] !== undefined) tx[k] = BigInt(j[k]);
  tx.to = j.to;
  tx.data = fromHex(j.data);
  if (j.accessList)
    tx.accessList = j.accessList.map((e) => ({
      address: e.address,
      storageKeys: e.storageKeys.map((k) => fromHex(k)),
    }));
  if (j.signature) {
    tx.signature = {
      r: fromHex(j.signature.r),
      s: fromHex(j.signature.s),
      yParity: j.signature.yParity,
      v: BigInt(j.signature.v),
    };
  }
  if (j.hash) tx.hash = fromHex(j.hash);
  if (j.from) tx.from = j.from;
  return tx;
}

/**
 * @param {import('./core.d.ts').Core} core
 */
export function makeEth(core) {
  const { mod, IO, heap, check, fail, malloc, free, withInput, out } = core;
  const ARG = IO + 64,
    OUT = IO + 256,
    KEY = IO + 32;
  const wipeKey = () => heap().fill(0, KEY, KEY + 32);

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
    sign(t, privateKey) {
      const wire = txWire(t);
      abytes(privateKey, 'privateKey', 32);
      heap().set(privateKey, KEY);
      let r;
      try {
        r = mod.txSignKey(wire, KEY);
      } finally {
        wipeKey();
      }
      return hexOut(r);
    },
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

  // ---- ABI ------------------------------------------------------------------------------------------
  const typeCache = new Map();
  const describeTypes = (types) => {
    if (!Array.isArray(types)) throw typeError('types must be an array');
    const key = JSON.stringify(types);
    let d = typeCache.get(key);
    if (!d) {
      d = json(mod.abiDescribeTypes(key));
      if (typeCache.size > 256) typeCache.clear();
      typeCache.set(key, d);
    }
    return { key, d };
  };
  const argsWire = (args, name = 'args') => {
    if (!Array.isArray(args)) throw typeError(`${name} must be an array`);
    return JSON.stringify(valueWire(args, name));
  };
  const convertParams = (params, values) =>
    named(
      params.map((p) => p.name),
      params.map((p, i) => fromWire(p.desc, values[i])),
    );

  /** A contract interface parsed once from its ABI JSON (array of fragments, or {abi: [...]}). */
  const createInterface = (abiJson) => {
    if (typeof abiJson !== 'string' && (abiJson === null || typeof abiJson !== 'object')) {
      throw typeError('abi must be JSON text, an array of fragments or { abi: [...] }');
    }
    let text;
    try {
      text = typeof abiJson === 'string' ? abiJson : JSON.stringify(abiJson);
    } catch (e) {
      throw typeError(`abi cannot be serialized as JSON: ${e.message}`);
    }
    const owner = new core.Handle(handle(mod.abiNew(text))); // freed by dispose(), GC or disposeAll()
    const fragments = json(mod.abiDescribe(owner.handle()));
    const cache = new Map();
    const live = () => {
      if (owner.disposed) throw new EhrError('ERR_BAD_HANDLE', 'ABI interface already disposed');
      return owner.handle();
    };
    // Resolves a key the way the core does (name, signature or selector), from the descriptions.
    const find = (type, key) => {
      astring(key, 'name');
      const ck = `${type}\u0000${key}`;
      let f = cache.get(ck);
      if (f) return f;
      const of = fragments.filter((x) => x.type === type);
      if (key.startsWith('0x')) f = of.find((x) => (type === 'event' ? x.topic : x.selector) === key.toLowerCase());
      else if (key.includes('(')) f = of.find((x) => x.signature === normalizeSignature(key));
      else {
        const m = of.filter((x) => x.name === key);
        if (new Set(m.map((x) => x.signature)).size > 1) {
          throw new EhrError(
            'ERR_BAD_ABI',
            `ABI: ${type} name '${key}' is ambiguous (${m.map((x) => x.signature).join(', ')}): use the full signature`,
          );
        }
        f = m[0];
      }
      if (!f) throw new EhrError('ERR_BAD_ABI', `ABI: no ${type} '${key}'`);
      cache.set(ck, f);
      return f;
    };
    const iface = {
      get fragments() {
        return fragments;
      },
      getFunction: (key) => find('function', key),
      getEvent: (key) => find('event', key),
      getError: (key) => find('error', key),
      encodeFunctionData(key, args = []) {
        const f = find('function', key);
        return hexOut(mod.abiEncodeFunction(live(), f.signature, argsWire(args)));
      },
      decodeFunctionData(key, data) {
        const f = find('function', key);
        const v = withData(data, 'data', (p, n) => json(mod.abiDecodeFunctionData(live(), f.signature, p, n)));
        return convertParams(f.inputs, v);
      },
      encodeFunctionResult(key, values = []) {
        const f = find('function', key);
        return hexOut(mod.abiEncodeFunctionResult(live(), f.signature, argsWire(values, 'values')));
      },
      decodeFunctionResult(key, data) {
        const f = find('function', key);
        const v = withData(data, 'data', (p, n) => json(mod.abiDecodeFunctionResult(live(), f.signature, p, n)));
        return convertParams(f.outputs, v);
      },
      encodeDeploy: (args = []) => hexOut(mod.abiEncodeDeploy(live(), argsWire(args))),
      encodeErrorResult(key, args = []) {
        const f = find('error', key);
        return hexOut(mod.abiEncodeError(live(), f.signature, argsWire(args)));
      },
      encodeEventTopics(key, values = []) {
        const f = find('event', key);
        if (!Array.isArray(values)) throw typeError('values must be an array');
        // null or undefined at a position: any topic there (the core takes JSON null).
        const wire = Array.from(values, (v, i) => (v == null ? null : valueWire(v, `values[${i}]`)));
        return json(mod.abiEncodeTopics(live(), f.signature, JSON.stringify(wire)));
      },
      decodeEventLog(log, key) {
        if (log === null || typeof log !== 'object' || !Array.isArray(log.topics))
          throw typeError('log must be {topics, data}');
        const topics = JSON.stringify(log.topics.map((t, i) => bytesWire(t, `topics[${i}]`)));
        const name = key == null ? '' : find('event', key).signature;
        const r = withData(log.data ?? '0x', 'data', (p, n) => json(mod.abiDecodeLog(live(), name, topics, p, n)));
        const f = find('event', r.signature);
        const args = named(
          f.inputs.map((p) => p.name),
          f.inputs.map((p, i) => {
            const v = r.args[i];
            return v !== null && typeof v === 'object' && !Array.isArray(v) && 'hash' in v
              ? { hash: fromHex(v.hash) }
              : fromWire(p.desc, v);
          }),
        );
        return { name: r.name, signature: r.signature, topic: f.topic, args };
      },
      decodeError(data) {
        const r = withData(data, 'data', (p, n) => json(mod.abiDecodeError(live(), p, n)));
        return revertFromWire(r, fragments);
      },
      dispose() {
        owner.dispose();
      },
      [Symbol.dispose ?? Symbol.for('Symbol.dispose')]() {
        iface.dispose();
      },
    };
    return Object.freeze(iface);
  };

  const revertFromWire = (r, fragments) => {
    let args = r.args;
    if (r.name === 'Error') args = named(['message'], [r.args[0]]);
    else if (r.name === 'Panic') args = named(['code'], [BigInt(r.args[0])]);
    else {
      const f = fragments?.find((x) => x.type === 'error' && x.signature === r.signature);
      if (f) args = convertParams(f.inputs, r.args);
    }
    return { name: r.name, signature: r.signature, selector: r.selector, args, message: r.message };
  };

  const abi = {
    createInterface,
    encode(types, values) {
      const { key } = describeTypes(types);
      return hexOut(mod.abiEncode(key, argsWire(values, 'values')));
    },
    decode(types, data) {
      const { key, d } = describeTypes(types);
      const v = withData(data, 'data', (p, n) => json(mod.abiDecode(key, p, n)));
      return d.map((t, i) => fromWire(t.desc, v[i]));
    },
    /** Canonical forms of types ("uint" -> "uint256", tuples expanded). */
    canonicalTypes: (types) => describeTypes(types).d.map((t) => t.type),
    selector(signature) {
      astring(signature, 'signature');
      return keccakUtf8(normalizeSignature(signature)).slice(0, 4);
    },
    decodeRevert(data) {
      const r = withData(data, 'data', (p, n) => json(mod.abiDecodeError(0, p, n)));
      return revertFromWire(r, null);
    },
  };

  const keccakUtf8 = (s) => {
    const b = utf8.encode(s);
    return withInput(b, (p) => {
      mod._ehr_keccak256(p, b.length, IO);
      return out(IO, 32);
    });
  };

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
    sign(typedData, privateKey) {
      const wire = typedWire(typedData);
      abytes(privateKey, 'privateKey', 32);
      heap().set(privateKey, KEY);
      let r;
      try {
        r = mod.eip712SignKey(wire, KEY);
      } finally {
        wipeKey();
      }
      return hexOut(r);
    },
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

/** Canonical signature text: no spaces, uint/int -> uint256/int256 (the core checks the rest). */
export function normalizeSignature(sig) {
  const compact = sig.replace(/\s+/g, '');
  const i = compact.indexOf('(');
  if (i < 0) return compact;
  return compact.slice(0, i) + compact.slice(i).replace(/([(,])(u?int)(?=[),\[])/g, '$1$2256');
}
