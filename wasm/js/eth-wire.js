// The Ethereum area's wire format (docs/eth.md): JS values -> JSON text for the core (integers as
// decimal strings, bytes as 0x hex) and JSON from the core -> JS values (BigInt integers,
// Uint8Array bytes, EIP-55 address strings), driven by the type descriptions the core gives.
// Transactions, ABI values and EIP-712 messages all travel this way. Hex text <-> bytes too
// (eth.js re-exports toHex and fromHex; the records area uses toHex).
import { abytes, astring, rangeError, typeError } from './errors.js';

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

// ---- JS values -> wire (JSON with decimal strings and 0x hex) ---------------------------------------
const INT_RE = /^(0x[0-9a-fA-F]+|-?0x[0-9a-fA-F]+|-?[0-9]+)$/;

/** An integer for the wire: bigint or safe-integer number -> decimal string; strings checked. */
export function intWire(v, name, signed = false) {
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

export function bytesWire(v, name) {
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
export function valueWire(v, name) {
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
export function fromWire(desc, v) {
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
export function named(names, values) {
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

/** Canonical signature text: no spaces, uint/int -> uint256/int256 (the core checks the rest). */
export function normalizeSignature(sig) {
  const compact = sig.replace(/\s+/g, '');
  const i = compact.indexOf('(');
  if (i < 0) return compact;
  return compact.slice(0, i) + compact.slice(i).replace(/([(,])(u?int)(?=[),\[])/g, '$1$2256');
}
