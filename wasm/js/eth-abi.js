// The Ethereum area's ABI codec (ehr.abi): contract interfaces parsed once from their ABI JSON,
// function calls and results, deploy data, event topics and logs, custom errors and reverts. The
// core encodes and decodes; values cross as JSON in the wire format of eth-wire.js.
import { EhrError, ajsonText, astring, typeError } from './errors.js';
import { DISPOSE } from './core.js';
import { bytesWire, fromHex, fromWire, named, normalizeSignature, valueWire } from './eth-wire.js';

/**
 * @param {object} e the Ethereum area's internals (eth.js)
 * @returns {object} the `abi` namespace
 */
export function makeAbi(e) {
  const { mod, core, json, hexOut, handle, withData, utf8 } = e;
  const { IO, out, withInput } = core;
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
    const text = ajsonText(abiJson, 'abi', 'JSON text, an array of fragments or { abi: [...] }');
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
      [DISPOSE]() {
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

  return abi;
}
