// The API equals its types: every union and every optional that wasm/js/*.d.ts documents for a
// parameter of an exported function, method or constructor is called once in each form.
//
//   - a parameter typed `A | B` (aliases such as BytesLike, KeyInput, Profile, ByteSource expanded)
//     is called once with an A and once with a B; an array of a union, once per element member;
//   - an optional parameter (`name?:`) is called once omitted and once given;
//   - every optional field of an options object (an inline `{ ... }` or a data interface such as
//     KeystoreOptions or TransactionRequest) is given once, and a union-typed field in each form.
//
// The table FORMS lists, per function, a call and the argument lists to call it with. The checker
// below reads the .d.ts files (with the TypeScript parser: `name?:`, `A | B`, aliases, options
// objects), works out the forms each declaration documents, classifies every argument list of the
// table into the forms it exercises, and the first test fails naming any function or form without
// a call, any argument that matches no declared type, and any entry for something the .d.ts no
// longer has; so a union or optional added to a .d.ts without a call here fails. The second test
// makes the calls: every one must succeed, and forms marked as spelling the same values (bytes as
// Uint8Array or 0x hex, integers as bigint, number or string, ...) must give the same result (a
// failure is a drift between the types and the code).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { init } from '../../wasm/js/ehr.js';
import { fromHex as ethFromHex, txWire } from '../../wasm/js/eth.js';
import { abytes, aoptions } from '../../wasm/js/errors.js';
import {
  createGatewayClient,
  createUploader,
  addParams,
  GatewayError,
  RateLimitError,
  UploadError,
} from '../../wasm/js/gateway.js';
import { bytePieces } from '../../wasm/js/ipfs.js';
import { createRpc } from '../../wasm/js/rpc.js';
import { base64, createWorker, onDemandWorker, openStream, sealStream } from '../../wasm/js/worker.js';

// ---- the checker: the forms the .d.ts files document ---------------------------------------------
// For every parameter of an exported function, method or constructor, the labels:
//   <path>:omitted, <path>:given   an optional parameter (`name?:`)
//   <path>.<field>:given           an optional field of an options object (inline or a data interface)
//   <path>:<member>                one member of a union (`A | B`, aliases such as BytesLike expanded)
//   <path>[]:<member>              one member of an array's element union (<path>{} for a Record's values)
// and, for a real argument list, the labels it covers (the first union member its value matches).
const DEPTH = 5;
const text = (n) => n.getText().replace(/\s+/g, ' ');
const isReadonly = (m) => ts.getModifiers(m)?.some((x) => x.kind === ts.SyntaxKind.ReadonlyKeyword) ?? false;
const plainObject = (v) =>
  v !== null &&
  typeof v === 'object' &&
  !Array.isArray(v) &&
  !ArrayBuffer.isView(v) &&
  Object.getPrototypeOf(v) === Object.prototype;

/**
 * @param {URL} dir the directory of the .d.ts files
 * @param {Record<string, (v: unknown) => boolean>} runtime checks for named types that are not
 *   structural (classes, lib types), by name
 */
function loadModel(dir, runtime) {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.d.ts'))
    .sort();
  const decls = new Map();
  const callables = [];
  for (const f of files) {
    const sf = ts.createSourceFile(f, readFileSync(new URL(f, dir), 'utf8'), ts.ScriptTarget.Latest, true);
    const mod = f.replace(/\.d\.ts$/, '');
    for (const st of sf.statements) {
      const name = st.name?.text;
      const add = (key, params) =>
        callables.push({
          key,
          file: f,
          params: params.map((p) => ({
            name: p.name.getText(),
            optional: !!p.questionToken || !!p.initializer,
            type: p.type,
          })),
        });
      if (ts.isTypeAliasDeclaration(st)) decls.set(name, { kind: 'alias', node: st.type });
      else if (ts.isInterfaceDeclaration(st)) {
        if (!decls.has(name)) decls.set(name, { kind: 'interface', node: st });
        for (const m of st.members) if (ts.isMethodSignature(m)) add(`${name}.${m.name.getText()}`, m.parameters);
      } else if (ts.isClassDeclaration(st)) {
        if (!decls.has(name)) decls.set(name, { kind: 'class', node: st });
        for (const m of st.members) {
          if (
            ts
              .getModifiers(m)
              ?.some((x) => x.kind === ts.SyntaxKind.PrivateKeyword || x.kind === ts.SyntaxKind.ProtectedKeyword)
          )
            continue;
          if (ts.isMethodDeclaration(m)) add(`${name}.${m.name.getText()}`, m.parameters);
          else if (ts.isConstructorDeclaration(m)) add(`${name}.constructor`, m.parameters);
        }
      } else if (ts.isFunctionDeclaration(st) && name) add(`${mod}:${name}`, st.parameters);
    }
  }

  const unwrap = (n) => {
    while (
      n &&
      (ts.isParenthesizedTypeNode(n) || (ts.isTypeOperatorNode(n) && n.operator === ts.SyntaxKind.ReadonlyKeyword))
    )
      n = n.type;
    return n;
  };
  const refName = (n) => (ts.isTypeReferenceNode(n) ? n.typeName.getText() : null);

  /**
   * Union members of a type, aliases expanded (not through `seen` aliases; the ones expanded are
   * added to `expanded`): [{label, node}].
   */
  const members = (node, seen = new Set(), expanded = new Set()) => {
    const n = unwrap(node);
    if (ts.isUnionTypeNode(n)) return n.types.flatMap((t) => members(t, seen, expanded));
    const name = refName(n);
    const d = name && decls.get(name);
    if (d?.kind === 'alias' && !n.typeArguments && !seen.has(name)) {
      const inner = members(d.node, new Set([...seen, name]), expanded);
      if (inner.length > 1) {
        expanded.add(name);
        return inner;
      }
    }
    return [{ label: text(n), node: n }];
  };

  /** The properties of an object type (literal, data interface, Omit<>), or null. */
  const objectShape = (node) => {
    const n = unwrap(node);
    if (ts.isTypeLiteralNode(n)) {
      if (n.members.some((m) => ts.isIndexSignatureDeclaration(m))) return { props: [], open: true, data: true };
      return { props: n.members.filter(ts.isPropertySignature), open: false, data: true };
    }
    const name = refName(n);
    if (name === 'Omit') {
      const base = objectShape(n.typeArguments[0]);
      const drop = new Set(members(n.typeArguments[1]).map((m) => m.label.replace(/^'|'$/g, '')));
      return base && { ...base, props: base.props.filter((p) => !drop.has(p.name.getText())) };
    }
    const d = name && decls.get(name);
    if (d?.kind === 'interface') {
      const all = interfaceMembers(d.node);
      const data = !all.some((m) => ts.isMethodSignature(m));
      return {
        props: all.filter(ts.isPropertySignature),
        open: false,
        data,
        methods: all.filter(ts.isMethodSignature).map((m) => m.name.getText()),
      };
    }
    return null;
  };
  /** Own members and those of declared base interfaces (lib bases such as Disposable: none). */
  const interfaceMembers = (node) => {
    const bases = (node.heritageClauses ?? []).flatMap((h) => h.types.map((t) => t.expression.getText()));
    return [
      ...node.members,
      ...bases.flatMap((b) => (decls.get(b)?.kind === 'interface' ? interfaceMembers(decls.get(b).node) : [])),
    ];
  };
  const arrayElement = (node) => {
    const n = unwrap(node);
    if (ts.isArrayTypeNode(n)) return n.elementType;
    const name = refName(n);
    if ((name === 'Array' || name === 'ReadonlyArray') && n.typeArguments?.length === 1) return n.typeArguments[0];
    return null;
  };
  const recordValue = (node) => {
    const n = unwrap(node);
    return refName(n) === 'Record' && n.typeArguments?.length === 2 ? n.typeArguments[1] : null;
  };

  /** The labels a parameter (or field: `field` true) of type `node` documents. */
  const required = (path, node, optional, field, depth = 0, seen = new Set()) => {
    const out = [];
    if (optional) out.push(...(field ? [`${path}:given`] : [`${path}:omitted`, `${path}:given`]));
    if (!node || depth > DEPTH) return out;
    const expanded = new Set();
    const ms = members(node, seen, expanded).filter((m) => !(optional && m.label === 'undefined'));
    seen = new Set([...seen, ...expanded]);
    if (ms.length > 1) for (const m of ms) out.push(`${path}:${m.label}`);
    for (const m of ms) out.push(...requiredInner(path, m.node, depth, seen));
    return out;
  };
  const requiredInner = (path, node, depth, seen) => {
    const name = refName(unwrap(node));
    if (name && decls.get(name)?.kind === 'alias') {
      if (seen.has(name)) return [];
      seen = new Set([...seen, name]);
      return requiredInner(path, decls.get(name).node, depth, seen);
    }
    const el = arrayElement(node);
    if (el) return required(`${path}[]`, el, false, false, depth + 1, seen);
    const rv = recordValue(node);
    if (rv) return required(`${path}{}`, rv, false, false, depth + 1, seen);
    const shape = objectShape(node);
    if (!shape?.data) return [];
    return shape.props
      .filter((p) => !isReadonly(p))
      .flatMap((p) => required(`${path}.${p.name.getText()}`, p.type, !!p.questionToken, true, depth + 1, seen));
  };

  /** Does `value` belong to type `node`? (the first matching member names a union's form) */
  const matches = (node, value, depth = 0) => {
    const n = unwrap(node);
    if (depth > 12) return true;
    switch (n.kind) {
      case ts.SyntaxKind.StringKeyword:
        return typeof value === 'string';
      case ts.SyntaxKind.NumberKeyword:
        return typeof value === 'number';
      case ts.SyntaxKind.BigIntKeyword:
        return typeof value === 'bigint';
      case ts.SyntaxKind.BooleanKeyword:
        return typeof value === 'boolean';
      case ts.SyntaxKind.UndefinedKeyword:
        return value === undefined;
      case ts.SyntaxKind.ObjectKeyword:
        return value !== null && typeof value === 'object';
      case ts.SyntaxKind.UnknownKeyword:
      case ts.SyntaxKind.AnyKeyword:
        return true;
      default:
        break;
    }
    if (ts.isLiteralTypeNode(n)) {
      const l = n.literal;
      if (l.kind === ts.SyntaxKind.NullKeyword) return value === null;
      if (l.kind === ts.SyntaxKind.TrueKeyword) return value === true;
      if (l.kind === ts.SyntaxKind.FalseKeyword) return value === false;
      if (ts.isStringLiteral(l)) return value === l.text;
      if (ts.isNumericLiteral(l)) return value === Number(l.text);
      throw new Error(`dts-model: no runtime check for literal ${text(n)}`);
    }
    if (ts.isUnionTypeNode(n)) return n.types.some((t) => matches(t, value, depth + 1));
    if (ts.isFunctionTypeNode(n) || ts.isTypeQueryNode(n)) return typeof value === 'function';
    const el = arrayElement(n);
    if (el) return Array.isArray(value) && value.every((x) => matches(el, x, depth + 1));
    if (recordValue(n)) return plainObject(value);
    const name = refName(n);
    if (name && runtime[name]) return runtime[name](value);
    const d = name && decls.get(name);
    if (d?.kind === 'alias') return matches(d.node, value, depth + 1);
    const shape = objectShape(n);
    if (shape) {
      if (!shape.data) {
        // An API object (a handle, a worker): its methods and its literal-typed properties.
        if (value === null || typeof value !== 'object') return false;
        if (!shape.methods.every((m) => typeof value[m] === 'function')) return false;
        return shape.props.every(
          (p) => !ts.isLiteralTypeNode(unwrap(p.type)) || matches(p.type, value[p.name.getText()], depth + 1),
        );
      }
      if (!plainObject(value)) return false;
      if (shape.open) return true;
      const names = new Set(shape.props.map((p) => p.name.getText()));
      if (Object.keys(value).some((k) => !names.has(k))) return false;
      return shape.props.every((p) => {
        const v = value[p.name.getText()];
        return v === undefined ? !!p.questionToken : matches(p.type, v, depth + 1);
      });
    }
    throw new Error(`dts-model: no runtime check for type ${text(n)} (add one to the runtime table)`);
  };

  /** The labels a real argument `value` of a parameter covers (mirrors required()). */
  const covered = (path, node, value, optional, field, depth = 0, seen = new Set(), out = new Set(), problems = []) => {
    if (value === undefined && optional) {
      out.add(`${path}:omitted`);
      return { out, problems };
    }
    if (optional) out.add(`${path}:given`);
    if (!node || depth > DEPTH) return { out, problems };
    const expanded = new Set();
    const ms = members(node, seen, expanded);
    seen = new Set([...seen, ...expanded]);
    const m = ms.find((x) => matches(x.node, value));
    if (!m) {
      problems.push(`${path}: ${describe(value)} is none of ${ms.map((x) => x.label).join(' | ')}`);
      return { out, problems };
    }
    if (ms.filter((x) => !(optional && x.label === 'undefined')).length > 1) out.add(`${path}:${m.label}`);
    coveredInner(path, m.node, value, depth, seen, out, problems);
    return { out, problems };
  };
  const coveredInner = (path, node, value, depth, seen, out, problems) => {
    const name = refName(unwrap(node));
    if (name && decls.get(name)?.kind === 'alias') {
      if (seen.has(name)) return;
      return coveredInner(path, decls.get(name).node, value, depth, new Set([...seen, name]), out, problems);
    }
    const el = arrayElement(node);
    if (el) {
      for (const x of value) covered(`${path}[]`, el, x, false, false, depth + 1, seen, out, problems);
      return;
    }
    const rv = recordValue(node);
    if (rv) {
      for (const x of Object.values(value)) covered(`${path}{}`, rv, x, false, false, depth + 1, seen, out, problems);
      return;
    }
    const shape = objectShape(node);
    if (!shape?.data || shape.open) return;
    for (const p of shape.props) {
      if (isReadonly(p)) continue;
      covered(
        `${path}.${p.name.getText()}`,
        p.type,
        value[p.name.getText()],
        !!p.questionToken,
        true,
        depth + 1,
        seen,
        out,
        problems,
      );
    }
  };

  return {
    callables,
    /** Every label a callable's declaration documents. */
    requiredOf: (c) => c.params.flatMap((p) => required(p.name, p.type, p.optional, false)),
    /** The labels one argument list covers, and the arguments that match no declared type. */
    coveredBy(c, args) {
      const out = new Set();
      const problems = [];
      if (args.length > c.params.length) problems.push(`${args.length} arguments, ${c.params.length} declared`);
      c.params.forEach((p, i) => {
        if (i >= args.length || args[i] === undefined) {
          if (p.optional) out.add(`${p.name}:omitted`);
          else problems.push(`${p.name}: required, not given`);
          return;
        }
        covered(p.name, p.type, args[i], p.optional, false, 0, new Set(), out, problems);
      });
      return { labels: out, problems };
    },
  };
}

function describe(v) {
  if (v === null) return 'null';
  if (v instanceof Uint8Array) return `Uint8Array(${v.length})`;
  if (Array.isArray(v)) return `array(${v.length})`;
  if (typeof v === 'object') return `{${Object.keys(v).join(',')}}`;
  return `${typeof v} ${String(v).slice(0, 40)}`;
}

// ---- fixtures ---------------------------------------------------------------------------------------
const ehr = await init();
const r = ehr.records;
const u8 = (n, fill = 1) => new Uint8Array(n).fill(fill);
const te = (s) => new TextEncoder().encode(s);
/** A passphrase as bytes: the UTF-8 of its NFKD form (strings are normalized by the API, bytes are not). */
const nfkd = (s) => te(s.normalize('NFKD'));
const hexOf = (b) => `0x${Buffer.from(b).toString('hex')}`;
const SK = u8(32, 1);
const PK33 = ehr.secp256k1.getPublicKey(SK);
const H32 = u8(32, 2);
const SIG = ehr.secp256k1.sign(H32, SK);
const ADDR = ehr.address.fromPublicKey(PK33);
const ADDR_BYTES = ehr.address.parse(ADDR);
const OTHER = ehr.address.fromPublicKey(ehr.secp256k1.getPublicKey(u8(32, 3)));
const SYM = u8(32, 4);
const SYM_KEY = ehr.SymmetricKey.fromBytes(SYM);
const N12 = u8(12, 5),
  N24 = u8(24, 5),
  PT = u8(20, 6),
  AD = u8(3, 7);
const MNEMONIC = ehr.bip39.entropyToMnemonic(u8(16, 7));
const KEYSTORE = ehr.keystore.encrypt(SK, 'pw', { kdf: 'pbkdf2', c: 1 });
const CHART_ROOT = r.importChartRoot(u8(32, 9));
const CHART_KEY = CHART_ROOT.chartKey(0, 0);
const X_SK = u8(32, 3);
const X_PK = ehr.x25519.scalarMultBase(X_SK);
const IDENTITY = r.importX25519Secret(X_SK);
const EPOCHS = new Array(32).fill(0);
const WALLET = ehr.wallet.fromPrivateKey(SK);
const HD = ehr.wallet.hdFromMnemonic(MNEMONIC);
const FHIR = { resourceType: 'Observation', status: 'final', code: { text: 'flu' } };
const PROFILE_PARAMS = { chunkSize: 1024, maxLinks: 4, cidVersion: 1, rawLeaves: true };
const PROFILES = ['unixfs-v1-2025', 'kubo-default', 'unixfs-v0-2015', PROFILE_PARAMS];
const FILE = u8(3000, 8);
const FILE_CID = ehr.ipfs.cidSync(FILE);
const cidBytes = (c) => ehr.ipfs.parseCid(c).bytes;
const drain = async (it) => {
  const out = [];
  for await (const x of it) out.push(x);
  return out;
};
const concat = (chunks) => new Uint8Array(Buffer.concat(chunks));
/** Every ByteSource form of `bytes` (fresh objects on each call). */
const SOURCES = (bytes = FILE) => [
  bytes,
  new Blob([bytes]),
  new Blob([bytes]).stream(),
  (async function* () {
    yield bytes.subarray(0, 7);
    yield bytes.subarray(7);
  })(),
  [bytes.subarray(0, 5), bytes.subarray(5)],
];
const pipe = async (transform, chunks) => {
  const writer = transform.writable.getWriter();
  const reading = drain(transform.readable);
  for (const c of chunks) await writer.write(c);
  await writer.close();
  return concat(await reading);
};
const later = [];
after(async () => {
  for (const fn of later) await fn();
});

// A directory (docs/a.txt: 3 leaves and a node; b.txt: one raw block) behind a fake trustless
// gateway (fetch).
const DIR_BLOCKS = [];
const DIR_ROOT = await (async () => {
  const it = ehr.ipfs.importDirectory(
    [
      { path: 'docs/a.txt', content: FILE },
      { path: 'b.txt', content: u8(10, 2) },
    ],
    { profile: PROFILE_PARAMS },
  );
  for (;;) {
    const { done, value } = await it.next();
    if (done) return value.cid;
    DIR_BLOCKS.push(value);
  }
})();
const STORE = new Map(DIR_BLOCKS.map((b) => [b.cid, b.bytes]));
const B_CID = DIR_BLOCKS.find((b) => b.bytes.length === 10).cid;
const GATEWAY = 'https://gw.example';
const gatewayFetch = async (url) => {
  const u = new URL(url);
  const cid = /^\/ipfs\/([^/]+)/.exec(u.pathname)?.[1];
  if (u.searchParams.get('format') === 'raw') {
    const bytes = STORE.get(ehr.ipfs.formatCid(cid));
    return bytes ? new Response(bytes, { status: 200 }) : new Response('', { status: 404 });
  }
  if (u.searchParams.get('format') === 'car')
    return new Response(ehr.ipfs.carBytes([cid], DIR_BLOCKS), {
      status: 200,
      headers: { 'content-type': 'application/vnd.ipld.car; version=1' },
    });
  return new Response('', { status: 400 });
};
// A fake Kubo RPC `add`: reads the multipart body and answers the CID of what it received.
const kuboFetch = (profile) => async (url, init) => {
  const form = await new Request(url, init).formData();
  const files = form.getAll('file');
  if (new URL(url).searchParams.get('wrap-with-directory') !== 'true') {
    const bytes = new Uint8Array(await files[0].arrayBuffer());
    return new Response(
      `${JSON.stringify({ Name: files[0].name, Hash: await ehr.ipfs.cid(bytes, { profile }), Size: String(bytes.length) })}\n`,
    );
  }
  const entries = [];
  for (const f of files)
    if (f.type !== 'application/x-directory')
      entries.push({ path: decodeURIComponent(f.name), content: new Uint8Array(await f.arrayBuffer()) });
  return new Response(
    `${JSON.stringify({ Name: '', Hash: await ehr.ipfs.directoryCid(entries, { profile }), Size: '1' })}\n`,
  );
};

// A fake Ethereum node, as an EIP-1193 provider and behind fetch.
const node = (method, params) => {
  switch (method) {
    case 'eth_chainId':
      return '0x1';
    case 'eth_getBalance':
    case 'eth_getTransactionCount':
      return '0x0';
    case 'eth_getCode':
      return '0x';
    case 'eth_feeHistory':
      return { baseFeePerGas: ['0x1', '0x2'], reward: [['0x1']] };
    case 'eth_maxPriorityFeePerGas':
      return '0x1';
    case 'eth_estimateGas':
      return '0x5208';
    case 'eth_call':
      return hexOf(u8(32, 0));
    case 'eth_sendRawTransaction':
      return hexOf(ehr.tx.hash(params[0]));
    case 'eth_getTransactionReceipt':
      return {
        transactionHash: params[0],
        status: '0x1',
        blockNumber: '0x1',
        gasUsed: '0x5208',
        cumulativeGasUsed: '0x5208',
        effectiveGasPrice: '0x1',
        contractAddress: null,
        logs: [],
      };
    default:
      throw Object.assign(new Error(`unsupported ${method}`), { code: -32601 });
  }
};
const PROVIDER = { request: async ({ method, params }) => node(method, params) };
const rpcFetch = async (url, init) => {
  const { id, method, params } = JSON.parse(init.body);
  return new Response(JSON.stringify({ jsonrpc: '2.0', id, result: node(method, params) }));
};
const RPC = ehr.createRpc({ provider: PROVIDER });

// ABI: every AbiInput form in one parameter list (uint, int, string, bool, bytes, array, tuple).
const RICH = [
  { name: 'a', type: 'uint256' },
  { name: 'b', type: 'int8' },
  { name: 'c', type: 'string' },
  { name: 'd', type: 'bool' },
  { name: 'e', type: 'bytes' },
  { name: 'g', type: 'uint8[]' },
  {
    name: 'h',
    type: 'tuple',
    components: [
      { name: 'x', type: 'uint8' },
      { name: 'y', type: 'bytes2' },
    ],
  },
];
const ABI = [
  { type: 'constructor', stateMutability: 'nonpayable', inputs: RICH },
  {
    type: 'function',
    name: 'f',
    stateMutability: 'nonpayable',
    inputs: RICH,
    outputs: [
      { name: 'ok', type: 'bool' },
      { name: 'n', type: 'int64' },
      { name: 't', type: 'tuple', components: [{ name: 'x', type: 'address' }] },
      { name: 'b', type: 'bytes' },
    ],
  },
  { type: 'function', name: 'g', stateMutability: 'view', inputs: [], outputs: [] },
  {
    type: 'event',
    name: 'E',
    anonymous: false,
    inputs: [
      { name: 'a', type: 'uint256', indexed: true },
      { name: 'b', type: 'string', indexed: true },
      { name: 'c', type: 'uint8[]', indexed: true },
      { name: 'd', type: 'uint8', indexed: false },
    ],
  },
  {
    type: 'event',
    name: 'F',
    anonymous: false,
    inputs: [
      { name: 'p', type: 'tuple', indexed: true, components: [{ name: 'x', type: 'uint8' }] },
      { name: 'q', type: 'bytes', indexed: true },
      { name: 'w', type: 'int8', indexed: true },
    ],
  },
  { type: 'event', name: 'G', anonymous: false, inputs: [{ name: 'who', type: 'address', indexed: true }] },
  {
    type: 'event',
    name: 'H',
    anonymous: true,
    inputs: [
      { name: 'on', type: 'bool', indexed: true },
      { name: 'n', type: 'uint8', indexed: false },
    ],
  },
  { type: 'error', name: 'Bad', inputs: [{ name: 'code', type: 'uint16' }] },
  { type: 'error', name: 'Rich', inputs: RICH },
  { type: 'error', name: 'Empty', inputs: [] },
];
const IFACE = ehr.abi.createInterface(ABI);
const IFACE0 = ehr.abi.createInterface(ABI.filter((f) => f.type !== 'constructor'));
later.push(() => {
  IFACE.dispose();
  IFACE0.dispose();
});
// The same values in two spellings.
const RICH_ARGS = [1n, -2, 'x', true, u8(2, 3), [1, 2], { x: 7, y: '0x0102' }];
const RICH_ARGS2 = [1, '-2', 'x', true, '0x0303', [1n, '2'], [7n, new Uint8Array([1, 2])]];
const F_DATA = IFACE.encodeFunctionData('f', RICH_ARGS);
const F_RESULT = IFACE.encodeFunctionResult('f', [true, -1n, [ADDR], '0x01']);
const LOG_G = { topics: IFACE.encodeEventTopics('G', [ADDR]), data: '0x' };
const BAD = IFACE.encodeErrorResult('Bad', [7]);
const REVERT_DATA = new Uint8Array([...ehr.abi.selector('Error(string)'), ...ehr.abi.encode(['string'], ['no'])]);

// Transactions: together the variants give every TransactionRequest field in every form.
const hex32 = hexOf(u8(32, 3));
const UNSIGNED = [
  {
    type: 2,
    chainId: 1n,
    nonce: 0n,
    maxPriorityFeePerGas: 1n,
    maxFeePerGas: 2n,
    gasLimit: 30000n,
    to: ADDR,
    value: 1n,
    data: u8(2),
  },
  {
    type: 2n,
    chainId: 1,
    nonce: 1,
    maxPriorityFeePerGas: 1,
    maxFeePerGas: 2,
    gas: 60000,
    to: null,
    value: 0,
    input: '0x6000',
  },
  {
    type: 2,
    chainId: '0x1',
    nonce: '5',
    maxPriorityFeePerGas: '0x1',
    maxFeePerGas: '2',
    gasLimit: 21000,
    value: '10',
    to: ADDR,
  },
  {
    type: 1,
    chainId: '1',
    nonce: '0x2',
    gasPrice: '1000',
    gasLimit: '0x7000',
    to: ADDR,
    value: '0x0',
    data: '0x',
    accessList: [{ address: ADDR, storageKeys: [u8(32), hex32] }],
    from: ADDR,
    hash: u8(32),
  },
  { type: 1, chainId: 1n, gasPrice: 1n, gas: 30000n, to: ADDR },
  { type: 0, chainId: 1, nonce: 3n, gasPrice: 5, gas: '21000', to: ADDR, input: u8(1), hash: hex32 },
  { chainId: 1, gasPrice: 5, gasLimit: 21000, to: ADDR, from: ADDR },
];
// Signature values of real signatures (r, s as bytes, integers and strings; yParity or v).
const sigOf = (t) => ehr.tx.parse(ehr.tx.sign(t, SK)).signature;
const withSig = (t, f) => ({ ...t, signature: f(sigOf(t)) });
const SIGNED = [
  withSig(UNSIGNED[0], (s) => ({ r: s.r, s: s.s, yParity: s.yParity })),
  withSig(UNSIGNED[3], (s) => ({ r: BigInt(hexOf(s.r)), s: BigInt(hexOf(s.s)), yParity: BigInt(s.yParity) })),
  withSig(UNSIGNED[5], (s) => ({ r: hexOf(s.r), s: BigInt(hexOf(s.s)).toString(), v: s.v })),
  withSig(UNSIGNED[6], (s) => ({ r: s.r, s: s.s, v: Number(s.v) })),
];
const TXS = [...UNSIGNED, ...SIGNED];
const RAW = ehr.tx.sign(UNSIGNED[0], SK);

const WORKERS = [];
const worker = async (options) => {
  const w = await createWorker(options);
  WORKERS.push(w);
  return w;
};
later.push(() => Promise.all(WORKERS.map((w) => w.terminate())));
const WORKER = await worker();
const WORKER_URL = new URL('../../wasm/js/worker.js', import.meta.url);
const WASM_URL = new URL('../../wasm/dist/ehr_core.wasm', import.meta.url);
const WASM_BYTES = new Uint8Array(readFileSync(WASM_URL));

// ---- the table ------------------------------------------------------------------------------------
// FORMS[key] = { call, forms }: key as the .d.ts declares it ('Interface.method', 'Class.method',
// 'Class.constructor', 'file:function' for a top-level function); call: the function under test,
// called with each form's arguments (it may also drive what the function returns: a stream, a
// handle). Forms made with eq(group, ...args) spell the same values differently: all the forms of
// one group must give deep-equal results (bytes as Uint8Array or hex, integers as bigint or
// number, a password as text or UTF-8 bytes, ...).
const FORMS = {};
const GROUP = Symbol('same result as the other forms of this group');
const eq = (group, ...args) => Object.assign(args, { [GROUP]: group });
const F = (key, call, ...forms) => {
  assert.ok(!FORMS[key], `duplicate table entry ${key}`);
  FORMS[key] = { call, forms };
};
const secp = ehr.secp256k1;
const PRIV = secp.PrivateKey.fromBytes(SK);

// crypto.d.ts
F('PrivateKey.publicKey', (...a) => PRIV.publicKey(...a), eq(1), eq(1, true), [false]);
F('PrivateKey.ecdh', (...a) => PRIV.ecdh(...a), eq(1, PK33), eq(1, PK33, {}), eq(1, PK33, { hash: 'none' }), [
  PK33,
  { hash: 'sha256' },
]);
F('Secp256k1.getPublicKey', secp.getPublicKey, eq(1, SK), eq(1, SK, true), [SK, false]);
F(
  'Secp256k1.verify',
  (...a) => assert.equal(secp.verify(...a), true),
  [SIG, H32, PK33],
  [SIG, H32, PK33, {}],
  [SIG, H32, PK33, { lowS: true }],
  [SIG, H32, PK33, { lowS: false }],
);
F('Secp256k1.recover', secp.recover, eq(1, SIG, H32), [SIG, H32, true], eq(1, SIG, H32, false));
F('Secp256k1.convertPublicKey', secp.convertPublicKey, eq(1, PK33), eq(1, PK33, true), [PK33, false]);
F('Secp256k1.ecdh', secp.ecdh, eq(1, SK, PK33), eq(1, SK, PK33, {}), eq(1, SK, PK33, { hash: 'none' }), [
  SK,
  PK33,
  { hash: 'sha256' },
]);
F('HkdfApi.derive', ehr.hkdf.derive, eq(1, SK), eq(1, SK, {}), eq(1, SK, { length: 32 }), [
  SK,
  { salt: u8(4), info: u8(2), length: 64 },
]);
F('HkdfApi.expand', ehr.hkdf.expand, eq(1, SK, u8(2)), eq(1, SK, u8(2), 32), [SK, u8(2), 64]);
// One declaration, two objects: the first element of each form names the cipher (`receiver`).
FORMS['AeadCipher.encrypt'] = { call: (c, ...a) => ehr.aead[c].encrypt(...a), forms: [], receiver: true };
FORMS['AeadCipher.decrypt'] = { call: (c, ...a) => ehr.aead[c].decrypt(...a), forms: [], receiver: true };
for (const [c, n] of [
  ['chacha20poly1305', N12],
  ['xchacha20poly1305', N24],
]) {
  FORMS['AeadCipher.encrypt'].forms.push(
    eq(c, c, SYM_KEY, n, PT),
    eq(c, c, SYM, n, PT),
    eq(`${c}+ad`, c, SYM, n, PT, AD),
    eq(`${c}+ad`, c, SYM_KEY, n, PT, AD),
  );
  const ct = ehr.aead[c].encrypt(SYM, n, PT),
    ctAd = ehr.aead[c].encrypt(SYM, n, PT, AD);
  FORMS['AeadCipher.decrypt'].forms.push(eq(1, c, SYM_KEY, n, ct), eq(1, c, SYM, n, ct), eq(1, c, SYM, n, ctAd, AD));
}
const ss = ehr.secretstream;
F(
  'PushStream.push',
  (...a) => ss.createPush(SYM).push(...a),
  [u8(3)],
  [u8(3), {}],
  [u8(3), { final: true }],
  [u8(3), { tag: 1 }],
  [u8(3), { ad: AD }],
);
/** Chunks of two streams (without and with associated data) -> their headers. */
const PULLS = new Map();
for (const opts of [undefined, { ad: AD }]) {
  const p = ss.createPush(SYM);
  PULLS.set(p.push(u8(3), opts), p.header);
  p.dispose();
}
const [CHUNK, CHUNK_AD] = PULLS.keys();
F(
  'PullStream.pull',
  (chunk, ...a) => ss.createPull(PULLS.get(chunk), SYM).pull(chunk, ...a).plaintext,
  eq(1, CHUNK),
  eq(1, CHUNK, {}),
  eq(1, CHUNK_AD, { ad: AD }),
);
F('SecretStreamApi.createPush', (k) => ss.createPush(k).dispose(), [SYM_KEY], [SYM]);
F(
  'SecretStreamApi.createPull',
  (h, k) => ss.createPull(h, k).pull(CHUNK).plaintext,
  eq(1, PULLS.get(CHUNK), SYM_KEY),
  eq(1, PULLS.get(CHUNK), SYM),
);
F(
  'SecretStreamApi.encryptStream',
  (...a) => pipe(ss.encryptStream(...a), [u8(10)]),
  [SYM_KEY],
  [SYM],
  [SYM, {}],
  [SYM, { chunkSize: 4 }],
);
const STREAM_CT = await pipe(ss.encryptStream(SYM, { chunkSize: 4 }), [u8(10)]);
const STREAM_CT_DEFAULT = await pipe(ss.encryptStream(SYM), [u8(10)]);
F(
  'SecretStreamApi.decryptStream',
  (k, o) => pipe(ss.decryptStream(k, o), [o ? STREAM_CT : STREAM_CT_DEFAULT]),
  eq(1, SYM_KEY),
  eq(1, SYM),
  eq(1, SYM, { chunkSize: 4 }),
);
F('CryptoApi.blake2b', ehr.blake2b, eq(1, PT), eq(1, PT, {}), eq(1, PT, { dkLen: 32 }), [
  PT,
  { dkLen: 64, key: u8(16) },
]);
F(
  'CryptoApi.createBlake2b',
  (...a) =>
    ehr
      .createBlake2b(...a)
      .update(PT)
      .digest(),
  eq(1),
  eq(1, {}),
  [{ dkLen: 16, key: u8(32) }],
);
F('CryptoApi.argon2id', ehr.argon2id, eq(1, u8(8), u8(16)), eq(1, u8(8), u8(16), {}), [
  u8(8),
  u8(16),
  { opsLimit: 1, memLimit: 8192, length: 16 },
]);

// ehr.d.ts, errors.d.ts
let fresh = 0;
/** init() of a fresh copy of ehr.js (init() loads the module once per copy). */
const initFresh = async (...a) => {
  const m = await import(`../../wasm/js/ehr.js?fresh=${++fresh}`);
  return (await m.init(...a)).address.fromPublicKey(PK33);
};
F(
  'ehr:init',
  initFresh,
  eq(1),
  eq(1, {}),
  eq(1, { wasmBinary: WASM_BYTES.slice().buffer }),
  eq(1, { wasmBinary: WASM_BYTES }),
  eq(1, { wasmUrl: WASM_URL.href }),
  eq(1, { wasmUrl: fileURLToPath(WASM_URL) }),
  eq(1, { wasmUrl: WASM_URL }),
);
F('errors:abytes', abytes, [u8(2), 'x'], [u8(2), 'x', 2], [u8(2), 'x', [1, 2]]);
F('errors:aoptions', aoptions, [{}], [{}, 'opts']);

// eth.d.ts
F(
  'AddressApi.parse',
  ehr.address.parse,
  eq(1, ADDR),
  eq(1, ADDR, {}),
  eq(1, ADDR, { strict: true }),
  eq(1, ADDR.toLowerCase(), { strict: false }),
);
F(
  'AddressApi.isValid',
  (...a) => assert.equal(ehr.address.isValid(...a), true),
  [ADDR],
  [ADDR, {}],
  [ADDR, { strict: true }],
);
F('AddressApi.toChecksum', ehr.address.toChecksum, eq(1, ADDR_BYTES), eq(1, ADDR.toLowerCase()));
F('RlpApi.encode', ehr.rlp.encode, [u8(3)], eq(1, 5n), eq(1, 5), [[u8(1), 2n, 3, [u8(0)]]]);
const TX_FNS = {
  'TransactionApi.serialize': [ehr.tx.serialize],
  'TransactionApi.signingHash': [ehr.tx.signingHash],
  'TransactionApi.sign': [ehr.tx.sign, SK],
  'TransactionApi.signWithHandle': [ehr.tx.signWithHandle, WALLET.handle],
  'Wallet.signTransaction': [(t) => WALLET.signTransaction(t)],
  'eth:txWire': [txWire],
};
for (const [key, [fn, ...extra]] of Object.entries(TX_FNS)) F(key, fn, ...TXS.map((t) => [t, ...extra]));
F(
  'TransactionApi.parse',
  ehr.tx.parse,
  eq(1, RAW),
  eq(1, hexOf(RAW)),
  eq(1, RAW, {}),
  eq(1, RAW, { chainId: 1n }),
  eq(1, RAW, { chainId: 1 }),
  eq(1, RAW, { chainId: '1', shanghai: false }),
);
F('TransactionApi.hash', ehr.tx.hash, eq(1, RAW), eq(1, hexOf(RAW)));
F(
  'AbiInterface.encodeFunctionData',
  (...a) => IFACE.encodeFunctionData(...a),
  eq(1, 'g'),
  eq(1, 'g', []),
  eq(2, 'f', RICH_ARGS),
  eq(2, 'f', RICH_ARGS2),
);
F(
  'AbiInterface.decodeFunctionData',
  (...a) => IFACE.decodeFunctionData(...a),
  eq(1, 'f', F_DATA),
  eq(1, 'f', hexOf(F_DATA)),
);
F(
  'AbiInterface.encodeFunctionResult',
  (...a) => IFACE.encodeFunctionResult(...a),
  eq(1, 'g'),
  eq(1, 'g', []),
  eq(2, 'f', [true, -1n, [ADDR], u8(2)]),
  eq(2, 'f', [true, '-1', { x: ADDR.toLowerCase() }, '0x0101']),
  eq(2, 'f', [true, -1, [ADDR_BYTES], u8(2)]),
);
F(
  'AbiInterface.decodeFunctionResult',
  (...a) => IFACE.decodeFunctionResult(...a),
  eq(1, 'f', F_RESULT),
  eq(1, 'f', hexOf(F_RESULT)),
);
F(
  'AbiInterface.encodeDeploy',
  (...a) => (a.length ? IFACE : IFACE0).encodeDeploy(...a),
  [],
  eq(1, RICH_ARGS),
  eq(1, RICH_ARGS2),
);
F(
  'AbiInterface.encodeErrorResult',
  (...a) => IFACE.encodeErrorResult(...a),
  ['Empty'],
  ['Bad', [1]],
  eq(1, 'Rich', RICH_ARGS),
  eq(1, 'Rich', RICH_ARGS2),
);
F(
  'AbiInterface.encodeEventTopics',
  (...a) => IFACE.encodeEventTopics(...a),
  eq(0, 'E'),
  eq(0, 'E', []),
  eq(0, 'E', [null, undefined]),
  eq(1, 'E', [1n, 'x', [1, 2]]),
  eq(1, 'E', [1, 'x', ['1', 2n]]),
  eq(1, 'E', ['0x01', 'x', [1, 2]]),
  eq(2, 'E', [2, null, undefined]),
  eq(2, 'E', [2n]),
  eq(3, 'F', [[1], u8(2), -1]),
  eq(3, 'F', [{ x: 1 }, '0x0101', '-1']),
  eq(4, 'G', [ADDR_BYTES]),
  eq(4, 'G', [ADDR.toLowerCase()]),
  eq(4, 'G', [ADDR]),
  ['H', [true]],
  ['H', [null]],
);
F(
  'AbiInterface.decodeEventLog',
  (...a) => IFACE.decodeEventLog(...a),
  eq(1, LOG_G),
  eq(1, { topics: LOG_G.topics.map(ethFromHex), data: new Uint8Array(0) }),
  eq(1, { topics: LOG_G.topics }),
  eq(1, LOG_G, 'G'),
);
F('AbiInterface.decodeError', (...a) => IFACE.decodeError(...a), eq(1, BAD), eq(1, hexOf(BAD)));
F(
  'AbiApi.createInterface',
  (a) => {
    const i = ehr.abi.createInterface(a);
    i.dispose();
    return i.fragments;
  },
  eq(1, JSON.stringify(ABI)),
  eq(1, ABI),
  eq(1, { abi: ABI }),
);
const TUPLE_PARAM = {
  type: 'tuple',
  components: [
    { name: 'x', type: 'int8' },
    { name: 'y', type: 'bytes' },
  ],
};
F(
  'AbiApi.encode',
  ehr.abi.encode,
  eq(1, ['uint256', TUPLE_PARAM], [1n, { x: -1, y: u8(1) }]),
  eq(1, [{ type: 'uint256' }, '(int8,bytes)'], ['1', [-1n, '0x01']]),
  [
    ['int16', 'string', 'bool', 'bytes', 'uint8[]', '(uint8,bytes2)'],
    [2, 's', true, u8(1), [1], [1, '0x0102']],
  ],
);
const ENC = ehr.abi.encode(['uint256', 'bool'], [1, true]);
F(
  'AbiApi.decode',
  ehr.abi.decode,
  eq(1, ['uint256', { type: 'bool' }], ENC),
  eq(1, [{ type: 'uint256' }, 'bool'], hexOf(ENC)),
);
F(
  'AbiApi.canonicalTypes',
  ehr.abi.canonicalTypes,
  eq(1, ['uint', { type: 'tuple', components: [{ name: 'x', type: 'int' }] }]),
  eq(1, [{ type: 'uint' }, '(int)']),
);
F('AbiApi.decodeRevert', ehr.abi.decodeRevert, eq(1, REVERT_DATA), eq(1, hexOf(REVERT_DATA)));
F('Eip191Api.hashMessage', ehr.eip191.hashMessage, eq(1, 'hé'), eq(1, te('hé')));
F('Eip191Api.signMessage', ehr.eip191.signMessage, eq(1, 'hé', SK), eq(1, te('hé'), SK));
F(
  'Eip191Api.signMessageWithHandle',
  ehr.eip191.signMessageWithHandle,
  eq(1, 'hé', WALLET.handle),
  eq(1, te('hé'), WALLET.handle),
);
const MSG_SIG = ehr.eip191.signMessage('hé', SK);
F('Eip191Api.recoverAddress', ehr.eip191.recoverAddress, eq(1, 'hé', MSG_SIG), eq(1, te('hé'), MSG_SIG));
F(
  'Bip39Api.generateMnemonic',
  (...a) => assert.equal(ehr.bip39.generateMnemonic(...a).split(' ').length, a[0] ?? 12),
  [],
  [12],
  [15],
  [18],
  [21],
  [24],
);
F(
  'Bip39Api.mnemonicToSeed',
  ehr.bip39.mnemonicToSeed,
  eq(1, MNEMONIC),
  eq(1, MNEMONIC, '', {}),
  eq(1, MNEMONIC, '', { check: false }),
  eq(2, MNEMONIC, 'pé'),
  eq(2, MNEMONIC, nfkd('pé')),
);
F('KeystoreApi.decrypt', ehr.keystore.decrypt, eq(1, KEYSTORE, 'pw'), eq(1, KEYSTORE, te('pw')));
// Keystore options. The first two are the documented default (scrypt N = 2^18): slow, but that is
// the form being tested.
const KS_OPTIONS = [
  [],
  [{}],
  [{ kdf: 'scrypt', n: 16, r: 1, p: 1, salt: u8(32), iv: u8(16), uuid: u8(16) }],
  [{ kdf: 'scrypt', N: 16, r: 2, p: 1, salt: hexOf(u8(32)), iv: hexOf(u8(16)), uuid: hexOf(u8(16)) }],
  [{ kdf: 'pbkdf2', c: 2 }],
];
/** A keystore opens with its password (given as text or as UTF-8 bytes) to the key's address. */
const ksOpens = (json, password) => {
  const w = ehr.wallet.fromKeystore(json, password);
  try {
    return w.address;
  } finally {
    w.dispose();
  }
};
const ksForms = (...lead) => KS_OPTIONS.map((o, i) => eq(1, ...lead, i % 2 ? 'pw' : te('pw'), ...o));
F('KeystoreApi.encrypt', (k, p, ...o) => ksOpens(ehr.keystore.encrypt(k, p, ...o), p), ...ksForms(SK));
F(
  'EthApi.createRpc',
  (o) => ehr.createRpc(o).chainId(),
  eq(1, { provider: PROVIDER }),
  eq(1, {
    url: 'http://node.example',
    fetch: rpcFetch,
    headers: { 'x-a': 'b' },
    retries: 1,
    backoffMs: 1,
    timeoutMs: 1000,
  }),
);
F('eth:fromHex', ethFromHex, eq(1, '0x01'), eq(1, '0x01', 'name'));

// gateway.d.ts
F(
  'GatewayError.constructor',
  (...a) => new GatewayError(...a).attempts.length,
  ['m'],
  ['m', [{ gateway: GATEWAY, error: new Error('x') }]],
);
F('RateLimitError.constructor', (...a) => new RateLimitError(...a).retryAfterMs, eq(1000, GATEWAY, 1000));
F('UploadError.constructor', (...a) => new UploadError(...a).message, eq(1, 'm'), eq(1, 'm', 500));
const GW = createGatewayClient(ehr, { gateways: [GATEWAY], fetch: gatewayFetch });
F(
  'GatewayClient.getBlock',
  (...a) => GW.getBlock(...a),
  eq(1, DIR_ROOT),
  eq(1, cidBytes(DIR_ROOT)),
  eq(1, DIR_ROOT, {}),
  eq(1, DIR_ROOT, { signal: new AbortController().signal }),
);
const CAT_FORMS = () => [
  eq('a', DIR_ROOT, { path: 'docs/a.txt' }),
  eq('a', cidBytes(DIR_ROOT), { path: 'docs/a.txt', mode: 'car' }),
  eq('a', DIR_ROOT, { path: 'docs/a.txt', mode: 'raw' }),
  eq('b', B_CID),
  eq('b', DIR_ROOT, { path: 'b.txt' }),
  eq('part', DIR_ROOT, {
    path: 'docs/a.txt',
    offset: 5,
    length: 100,
    signal: new AbortController().signal,
    onProgress: () => {},
  }),
  eq('part', DIR_ROOT, { path: 'docs/a.txt', offset: 5, length: 100, mode: 'car' }),
];
F('GatewayClient.cat', async (...a) => concat(await drain(GW.cat(...a))), ...CAT_FORMS());
F('GatewayClient.stream', async (...a) => concat(await drain(GW.stream(...a))), ...CAT_FORMS());
F('GatewayClient.bytes', (...a) => GW.bytes(...a), ...CAT_FORMS());
F(
  'gateway:createGatewayClient',
  (e, o) => createGatewayClient(e, o).bytes(DIR_ROOT, { path: 'docs/a.txt' }),
  eq(1, ehr, { gateways: [GATEWAY], fetch: gatewayFetch }),
  eq(1, ehr, {
    gateways: [GATEWAY],
    mode: 'raw',
    timeoutMs: 1000,
    concurrency: 2,
    fetch: gatewayFetch,
    onGatewayError: () => {},
  }),
  eq(1, ehr, { gateways: [GATEWAY], mode: 'car', maxBufferedBytes: 1 << 20, fetch: gatewayFetch }),
  eq(1, ehr, { gateways: [GATEWAY], maxRetryAfterMs: 5000, fetch: gatewayFetch }),
);
const UP = createUploader(ehr, { apiUrl: 'http://kubo.example:5001', fetch: kuboFetch('unixfs-v1-2025') });
F(
  'Uploader.add',
  (...a) => UP.add(...a).then((x) => x.cid),
  ...SOURCES().map((s) => eq(1, s)),
  eq(1, FILE, {}),
  eq(1, FILE, { filename: 'f.bin', signal: new AbortController().signal, onProgress: () => {} }),
  eq(1, FILE, { cid: FILE_CID }),
  eq(1, new Blob([FILE]), { cid: cidBytes(FILE_CID) }),
);
F(
  'Uploader.addDirectory',
  (...a) => UP.addDirectory(...a).then((x) => x.cid),
  eq(1, [
    { path: 'a/b.txt', content: FILE },
    { path: 'c.txt', content: new Blob([u8(3)]) },
  ]),
  eq(
    1,
    [
      { path: 'a/b.txt', content: new Blob([FILE]) },
      { path: 'c.txt', content: u8(3) },
    ],
    {},
  ),
  [[{ path: 'x.txt', content: u8(4) }], { signal: new AbortController().signal }],
);
F(
  'gateway:createUploader',
  (e, o) =>
    createUploader(e, o)
      .add(FILE)
      .then((x) => x.cid),
  ...PROFILES.map((profile) => [
    ehr,
    { apiUrl: 'http://kubo.example:5001/api/v0', profile, fetch: kuboFetch(profile) },
  ]),
  eq(1, ehr, {
    apiUrl: 'http://kubo.example:5001',
    authorization: 'Bearer t',
    headers: { 'x-a': 'b' },
    pin: false,
    timeoutMs: 5000,
    streamUploads: false,
    fetch: kuboFetch('unixfs-v1-2025'),
  }),
  eq(1, ehr, { apiUrl: 'http://kubo.example:5001', fetch: kuboFetch('unixfs-v1-2025') }),
);
F(
  'gateway:addParams',
  (...a) => addParams(...a).toString(),
  [PROFILE_PARAMS],
  eq(1, PROFILE_PARAMS, { a: 'x', b: 1, c: true }),
  eq(1, PROFILE_PARAMS, { a: 'x', b: '1', c: 'true' }),
);

// ipfs.d.ts
const driveReader = (reader) => {
  const out = [];
  for (let cid = reader.next(); cid !== null; cid = reader.next()) out.push(reader.supply(STORE.get(cid)));
  reader.dispose();
  return concat(out);
};
F(
  'DagReader.upcoming',
  (...a) => {
    const rd = ehr.ipfs.createReader(DIR_ROOT, { path: 'docs/a.txt' });
    try {
      return rd.upcoming(...a);
    } finally {
      rd.dispose();
    }
  },
  eq(1),
  eq(1, 4),
  [1],
);
F(
  'IpfsApi.formatCid',
  ehr.ipfs.formatCid,
  eq(1, FILE_CID),
  eq(1, cidBytes(FILE_CID)),
  eq(1, FILE_CID, 'base32'),
  [FILE_CID, 'base58btc'],
  [FILE_CID, 'base16'],
);
F(
  'IpfsApi.verifyBlock',
  (c, b) => assert.equal(ehr.ipfs.verifyBlock(c, b), true),
  [DIR_ROOT, STORE.get(DIR_ROOT)],
  [cidBytes(DIR_ROOT), STORE.get(DIR_ROOT)],
);
F('IpfsApi.profile', ehr.ipfs.profile, eq(1), eq(1, 'unixfs-v1-2025'), ...PROFILES.slice(1).map((p) => [p]));
F(
  'IpfsApi.cid',
  (...a) => ehr.ipfs.cid(...a),
  ...SOURCES().map((s) => eq(1, s)),
  eq(1, FILE, {}),
  eq(1, FILE, PROFILES[0]),
  eq(1, FILE, { profile: PROFILES[0], hasher: 'wasm' }),
  ...PROFILES.slice(1).map((p) => eq(p, FILE, p)),
  ...PROFILES.slice(1).map((p) => eq(p, FILE, { profile: p })),
  eq('kubo-default', FILE, { profile: 'kubo-default', hasher: 'auto', onProgress: () => {} }),
  eq(PROFILE_PARAMS, FILE, { profile: PROFILE_PARAMS, hasher: 'webcrypto' }),
);
F(
  'IpfsApi.cidSync',
  ehr.ipfs.cidSync,
  eq(1, FILE),
  eq(1, FILE, 'unixfs-v1-2025'),
  ...PROFILES.slice(1).map((p) => [FILE, p]),
);
F(
  'IpfsApi.createFileBuilder',
  (...a) => {
    const b = ehr.ipfs.createFileBuilder(...a);
    b.update(FILE);
    return b.finish().cid;
  },
  eq(1),
  eq(1, {}),
  eq(1, { profile: 'unixfs-v1-2025', blocks: true }),
  ...PROFILES.slice(1).map((profile) => [{ profile, blocks: true }]),
);
const blocksOf = async (it) => (await drain(it)).map((b) => b.cid);
F(
  'IpfsApi.importFile',
  (...a) => blocksOf(ehr.ipfs.importFile(...a)),
  ...SOURCES().map((s) => eq(1, s)),
  eq(1, FILE, {}),
  eq(1, FILE, { profile: 'unixfs-v1-2025', onProgress: () => {} }),
  ...PROFILES.slice(1).map((profile) => [FILE, { profile }]),
);
const ENTRIES = () => [
  ...SOURCES(u8(5, 9)).map((content, i) => ({ path: `f${i}.bin`, content })),
  { path: 'c1', cid: FILE_CID, size: 3000 },
  { path: 'c2', cid: cidBytes(FILE_CID), size: 3000 },
  { path: 'empty' },
];
F(
  'IpfsApi.importDirectory',
  (...a) => blocksOf(ehr.ipfs.importDirectory(...a)),
  eq(1, ENTRIES()),
  eq(1, ENTRIES(), {}),
  eq(1, ENTRIES(), { profile: 'unixfs-v1-2025' }),
  ...PROFILES.slice(1).map((profile) => [ENTRIES(), { profile }]),
);
F(
  'IpfsApi.directoryCid',
  (...a) => ehr.ipfs.directoryCid(...a),
  eq(1, ENTRIES()),
  eq(1, ENTRIES(), {}),
  eq(1, ENTRIES(), 'unixfs-v1-2025'),
  eq(1, ENTRIES(), { profile: 'unixfs-v1-2025' }),
  ...PROFILES.slice(1).map((p) => eq(p, ENTRIES(), p)),
  ...PROFILES.slice(1).map((profile) => eq(profile, ENTRIES(), { profile })),
);
F(
  'IpfsApi.createReader',
  (...a) => driveReader(ehr.ipfs.createReader(...a)),
  eq(1, B_CID),
  eq(1, cidBytes(B_CID), {}),
  eq(1, DIR_ROOT, { path: 'b.txt' }),
  [DIR_ROOT, { path: 'docs/a.txt', offset: 1, length: 10 }],
);
const getBlock = async (cid) => STORE.get(cid);
F(
  'IpfsApi.readFile',
  async (...a) => concat(await drain(ehr.ipfs.readFile(...a))),
  eq(1, B_CID, getBlock),
  eq(1, DIR_ROOT, getBlock, { path: 'b.txt' }),
  eq(2, cidBytes(DIR_ROOT), getBlock, {
    path: 'docs/a.txt',
    offset: 2,
    length: 5,
    concurrency: 2,
    onProgress: () => {},
  }),
  eq(2, DIR_ROOT, getBlock, { path: 'docs/a.txt', offset: 2, length: 5 }),
);
F('IpfsApi.carHeader', ehr.ipfs.carHeader, eq(1, [DIR_ROOT, B_CID]), eq(1, [cidBytes(DIR_ROOT), cidBytes(B_CID)]));
F(
  'IpfsApi.carExport',
  async (...a) => concat(await drain(ehr.ipfs.carExport(...a))),
  eq(1, [DIR_ROOT], DIR_BLOCKS),
  eq(
    1,
    [cidBytes(DIR_ROOT)],
    (async function* () {
      yield* DIR_BLOCKS;
    })(),
  ),
);
F('IpfsApi.carBytes', ehr.ipfs.carBytes, eq(1, [DIR_ROOT], DIR_BLOCKS), eq(1, [cidBytes(DIR_ROOT)], DIR_BLOCKS));
const CAR = ehr.ipfs.carBytes([DIR_ROOT], DIR_BLOCKS);
F(
  'IpfsApi.readCar',
  async (...a) => {
    const c = await ehr.ipfs.readCar(...a);
    return [c.roots, await blocksOf(c.blocks)];
  },
  ...SOURCES(CAR).map((s) => eq(1, s)),
  eq(1, CAR, {}),
  eq(1, CAR, { verify: false }),
);
F('ipfs:bytePieces', async (s) => concat(await drain(bytePieces(s))), ...SOURCES().map((s) => eq(1, s)));

// kdf.d.ts
for (const fn of ['pbkdf2Sha256', 'pbkdf2Sha512'])
  F(`KdfApi.${fn}`, ehr[fn], eq(1, 'pé', 'salt', 2, 32), eq(1, te('pé'), te('salt'), 2, 32));
F(
  'KdfApi.scrypt',
  ehr.scrypt,
  eq(1, 'pé', 'salt', { N: 16, r: 1, p: 1 }),
  eq(1, te('pé'), te('salt'), { N: 16, r: 1, p: 1, dkLen: 32 }),
  [u8(2), u8(4), { N: 16, r: 1, p: 1, dkLen: 64 }],
);

// slip39.d.ts
const SECRET16 = u8(16, 9);
const SHARES = ehr.slip39.generate(SECRET16, { groups: [{ threshold: 2, count: 3 }], iterationExponent: 0 })[0];
F(
  'Slip39Api.generate',
  (secret, o) => ehr.slip39.combine(ehr.slip39.generate(secret, o)[0].slice(0, o.groups[0].threshold), o.passphrase),
  eq(1, SECRET16, { groups: [{ threshold: 2, count: 3 }], iterationExponent: 0 }),
  eq(1, SECRET16, { groups: [{ threshold: 2, count: 2 }], groupThreshold: 1, iterationExponent: 0, extendable: false }),
  eq(1, SECRET16, { groups: [{ threshold: 1, count: 1 }], passphrase: '', iterationExponent: 0 }),
  eq(1, SECRET16, { groups: [{ threshold: 1, count: 1 }], passphrase: new Uint8Array(0), iterationExponent: 0 }),
);
F(
  'Slip39Api.combine',
  ehr.slip39.combine,
  eq(1, SHARES.slice(0, 2)),
  eq(1, SHARES.slice(1, 3), ''),
  eq(1, SHARES.slice(0, 2), new Uint8Array(0)),
);

// records.d.ts
const GRANTEES = [{ publicKey: X_PK, scopes: 1 }];
const grantLabels = (payload) => r.grants.labels(payload);
F(
  'GrantsApi.create',
  (...a) => grantLabels(r.grants.create(...a)),
  eq(1, CHART_ROOT, X_PK, 1, EPOCHS),
  eq(1, CHART_ROOT, X_PK, 1, new Uint32Array(32)),
);
F(
  'GrantsApi.afterEpochChange',
  (...a) => r.grants.afterEpochChange(...a).map((g) => [g.grantee, g.scopes, grantLabels(g.payload)]),
  eq(1, CHART_ROOT, 1, EPOCHS, GRANTEES),
  eq(1, CHART_ROOT, 1, new Uint32Array(32), GRANTEES),
);
const MM_PUB = r.metamask.publicKeyOf(IDENTITY);
F(
  'MetamaskApi.encrypt',
  (...a) => r.metamask.decrypt(r.metamask.encrypt(...a), IDENTITY),
  eq(1, MM_PUB, 'hé'),
  eq(1, X_PK, te('hé')),
);
const MM = r.metamask.encrypt(MM_PUB, 'hello');
F('MetamaskApi.decrypt', r.metamask.decrypt, eq(1, MM, IDENTITY), eq(1, JSON.stringify(MM), IDENTITY));
F('MetamaskApi.decryptBytes', r.metamask.decryptBytes, eq(1, MM, IDENTITY), eq(1, JSON.stringify(MM), IDENTITY));
F('FhirApi.validate', r.fhir.validate, eq(1, FHIR), eq(1, JSON.stringify(FHIR)));
F('FhirApi.check', r.fhir.check, eq(1, FHIR), eq(1, JSON.stringify(FHIR)));
const INDEX = r.search.create(CHART_KEY);
later.push(() => INDEX.dispose());
F(
  'SearchIndex.addResource',
  (id, x) => {
    INDEX.addResource(id, x);
    return INDEX.query({ words: ['flu'] }).includes(id);
  },
  eq(1, 'r1', FHIR),
  eq(1, 'r2', JSON.stringify(FHIR)),
);
F(
  'SearchIndex.addTerms',
  (id, t) => INDEX.addTerms(id, t),
  ['r3', {}],
  [
    'r4',
    { words: ['flu'], codes: [{ system: 'http://loinc.org', code: '1-8' }], dates: ['2024-05'], type: 'Observation' },
  ],
);
F(
  'SearchIndex.query',
  (q) => INDEX.query(q),
  [{}],
  [
    {
      words: ['flu'],
      codes: [{ system: 'http://loinc.org', code: '1-8' }],
      from: '2024',
      to: '2025-01-01',
      type: 'Observation',
    },
  ],
);
const KEY_REQ_SIG = ehr.eip712.sign(r.encryptionKeyRequest(31337, OTHER, ADDR), SK);
const KEY_REQ_SIG2 = ehr.eip712.sign(r.encryptionKeyRequest(31337, OTHER, ADDR, 2), SK);
F(
  'RecordsApi.encryptionKeyRequest',
  (...a) => ehr.eip712.hash(r.encryptionKeyRequest(...a)),
  eq(1, 31337, OTHER, ADDR),
  eq(1, 31337, ehr.address.parse(OTHER), ADDR_BYTES, 1),
  eq(1, 31337, OTHER.toLowerCase(), ADDR.toLowerCase()),
  [31337, OTHER, ADDR, 2],
);
F(
  'RecordsApi.verifyEncryptionKeyRequest',
  r.verifyEncryptionKeyRequest,
  [KEY_REQ_SIG, 31337, OTHER, ADDR],
  [KEY_REQ_SIG, 31337, ehr.address.parse(OTHER), ADDR_BYTES, 1],
  [KEY_REQ_SIG2, 31337, OTHER, ADDR, 2],
);
const pubOf = (k) => {
  try {
    return k.publicKey;
  } finally {
    k.dispose();
  }
};
const hintOf = (root) => {
  try {
    return r.chartKeyHint(root.chartKey(0, 0));
  } finally {
    root.dispose();
  }
};
F(
  'RecordsApi.wrapKey',
  (...a) => r.unwrapKey(r.wrapKey(...a), IDENTITY).kind,
  [CHART_ROOT, X_PK],
  [CHART_KEY, X_PK],
  [IDENTITY, X_PK],
);
F('RecordsApi.identityFromSeed', (...a) => pubOf(r.identityFromSeed(...a)), eq(1, u8(64)), eq(1, u8(64), 0), [
  u8(64),
  3,
]);
F(
  'RecordsApi.identityFromSignature',
  (...a) => pubOf(r.identityFromSignature(...a)),
  eq(1, SIG, ADDR),
  eq(1, SIG, ADDR_BYTES),
  eq(1, SIG, ADDR.toLowerCase()),
);
F(
  'RecordsApi.chartRootFromSeed',
  (...a) => hintOf(r.chartRootFromSeed(...a)),
  eq(1, u8(64), ADDR),
  eq(1, u8(64), ADDR_BYTES),
);
F(
  'RecordsApi.chartRootFromSignature',
  (...a) => hintOf(r.chartRootFromSignature(...a)),
  eq(1, SIG, ADDR),
  eq(1, SIG, ADDR_BYTES),
);
const ENC_OPTIONS = [
  [{ scope: 0, epoch: 0, chartKeys: [CHART_KEY] }],
  [{ scope: 0, epoch: 0, chunkSize: 1024, recipients: [X_PK] }],
];
const openEnvelope = (env) => r.inspect(env).wraps.length;
F(
  'RecordsApi.createEncryptor',
  (o) => {
    const e = r.createEncryptor(o);
    return openEnvelope(concat([e.push(u8(5)), e.finish()]));
  },
  ...ENC_OPTIONS,
);
F('RecordsApi.encrypt', (...a) => openEnvelope(r.encrypt(...a)), ...ENC_OPTIONS.map((o) => [u8(5), ...o]));
F('RecordsApi.encryptStream', async (o) => openEnvelope(await pipe(r.encryptStream(o), [u8(5)])), ...ENC_OPTIONS);
/** Key sets -> the envelope each one opens. */
const DEC = new Map([
  [{ chartKeys: [CHART_KEY] }, r.encrypt(u8(100, 4), { scope: 0, epoch: 0, chartKeys: [CHART_KEY] })],
  [{ identities: [IDENTITY] }, r.encrypt(u8(100, 4), { scope: 0, epoch: 0, recipients: [X_PK] })],
]);
const DEC_KEYS = [...DEC.keys()].map((k) => eq(1, k));
F(
  'RecordsApi.createDecryptor',
  (k) => {
    const d = r.createDecryptor(k);
    return concat([d.push(DEC.get(k)), d.finish()]);
  },
  ...DEC_KEYS,
);
F('RecordsApi.decrypt', r.decrypt, ...[...DEC].map(([k, env]) => eq(1, env, k)));
F('RecordsApi.decryptStream', (k) => pipe(r.decryptStream(k), [DEC.get(k)]), ...DEC_KEYS);

// rpc.d.ts
F('Rpc.request', (...a) => RPC.request(...a), eq(1, 'eth_chainId'), eq(1, 'eth_chainId', []));
for (const fn of ['getBalance', 'getNonce', 'getCode'])
  F(`Rpc.${fn}`, (...a) => RPC[fn](...a), eq(1, ADDR), eq(1, ADDR, 'latest'));
F('Rpc.estimateFees', (...a) => RPC.estimateFees(...a), eq(1), eq(1, {}), [{ blocks: 3, percentile: 25 }]);
for (const fn of ['estimateGas', 'call', 'populateTransaction']) {
  const from = fn === 'populateTransaction' ? [ADDR] : [];
  const opts = fn === 'call' ? [{}, { block: 'latest', iface: IFACE }] : [{}, { iface: IFACE }];
  F(
    `Rpc.${fn}`,
    (...a) => RPC[fn](...a),
    ...TXS.map((t) => [t, ...from]),
    ...opts.map((o) => [UNSIGNED[0], ...from, o]),
  );
}
F(
  'Rpc.sendTransaction',
  (...a) => RPC.sendTransaction(...a),
  ...TXS.map((t) => [WALLET, t]),
  [WALLET, UNSIGNED[0], {}],
  [WALLET, UNSIGNED[0], { iface: IFACE }],
);
F('Rpc.sendRawTransaction', (raw) => RPC.sendRawTransaction(raw), eq(1, RAW), eq(1, hexOf(RAW)));
const TX_HASH = ehr.tx.hash(RAW);
F('Rpc.getTransactionReceipt', (h) => RPC.getTransactionReceipt(h), eq(1, TX_HASH), eq(1, hexOf(TX_HASH)));
F(
  'Rpc.waitForReceipt',
  (...a) => RPC.waitForReceipt(...a),
  eq(1, TX_HASH),
  eq(1, hexOf(TX_HASH), {}),
  eq(1, hexOf(TX_HASH), { timeoutMs: 1000, intervalMs: 10 }),
);
F('Rpc.decodeRevert', (...a) => RPC.decodeRevert(...a).name, [REVERT_DATA], [BAD, IFACE]);
F(
  'rpc:createRpc',
  (o) => createRpc(o).chainId(),
  eq(1, { provider: PROVIDER }),
  eq(1, {
    url: 'http://node.example',
    fetch: rpcFetch,
    headers: { 'x-a': 'b' },
    retries: 0,
    backoffMs: 1,
    timeoutMs: 1000,
    ehr,
  }),
);

// wallet.d.ts, worker.d.ts
F('Wallet.publicKey', (...a) => WALLET.publicKey(...a), eq(1), eq(1, true), [false]);
F('Wallet.signMessage', (m) => WALLET.signMessage(m), eq(1, 'hé'), eq(1, te('hé')));
F('Wallet.encryptKeystore', (p, ...o) => ksOpens(WALLET.encryptKeystore(p, ...o), p), ...ksForms());
F(
  'Wallet.encryptKeystoreAsync',
  async (p, ...o) => ksOpens(await WALLET.encryptKeystoreAsync(p, ...o), p),
  eq(1, 'pw'),
  eq(1, 'pw', { kdf: 'pbkdf2', c: 1 }),
  eq(1, te('pw'), { kdf: 'pbkdf2', c: 1 }, {}),
  eq(1, 'pw', KS_OPTIONS[2][0], { worker: WORKER }),
  eq(1, te('pw'), KS_OPTIONS[3][0], { worker: WORKER }),
);
F(
  'HDNode.deriveAccount',
  (...a) => {
    const n = HD.deriveAccount(...a);
    try {
      return n.address;
    } finally {
      n.dispose();
    }
  },
  eq(1),
  eq(1, 0),
  [3],
);
const addressOf = (w) => {
  try {
    return w.address;
  } finally {
    w.dispose();
  }
};
F(
  'WalletApi.fromMnemonic',
  (...a) => addressOf(ehr.wallet.fromMnemonic(...a)),
  eq(1, `  ${MNEMONIC.toUpperCase()} `),
  eq(1, MNEMONIC, {}),
  eq(1, MNEMONIC, { path: "m/44'/60'/0'/0/0" }),
  eq(2, MNEMONIC, { index: 2, passphrase: 'pé' }),
  eq(2, MNEMONIC, { index: 2, passphrase: nfkd('pé') }),
);
F(
  'WalletApi.hdFromMnemonic',
  (...a) => {
    const n = ehr.wallet.hdFromMnemonic(...a);
    try {
      return n.xpub;
    } finally {
      n.dispose();
    }
  },
  eq(1, MNEMONIC),
  eq(1, MNEMONIC, {}),
  eq(2, MNEMONIC, { passphrase: 'pé' }),
  eq(2, MNEMONIC, { passphrase: nfkd('pé') }),
);
F(
  'WalletApi.fromKeystore',
  (...a) => addressOf(ehr.wallet.fromKeystore(...a)),
  eq(1, KEYSTORE, 'pw'),
  eq(1, KEYSTORE, te('pw')),
);
F(
  'WalletApi.fromKeystoreAsync',
  async (...a) => addressOf(await ehr.wallet.fromKeystoreAsync(...a)),
  eq(1, KEYSTORE, 'pw'),
  eq(1, KEYSTORE, te('pw'), {}),
  eq(1, KEYSTORE, 'pw', { worker: WORKER }),
  eq(1, KEYSTORE, te('pw'), { worker: WORKER }),
);
F('WalletApi.keystoreDerivedKey', ehr.wallet.keystoreDerivedKey, eq(1, KEYSTORE, 'pw'), eq(1, KEYSTORE, te('pw')));
F(
  'KdfWorker.keystoreDerivedKey',
  (...a) => WORKER.keystoreDerivedKey(...a),
  eq(1, KEYSTORE, 'pw'),
  eq(1, KEYSTORE, te('pw')),
);
F(
  'KdfWorker.keystoreDecrypt',
  (...a) => WORKER.keystoreDecrypt(...a),
  eq(1, KEYSTORE, 'pw'),
  eq(1, KEYSTORE, te('pw')),
);
// encryptKeystore moves the key to the worker (the caller's array is wiped): a copy each time.
F(
  'KdfWorker.encryptKeystore',
  async (k, p, ...o) => ksOpens(await WORKER.encryptKeystore(k.slice(), p, ...o), p),
  ...ksForms(SK),
);
F('KdfWorker.mnemonicToSeed', (...a) => WORKER.mnemonicToSeed(...a), eq(1, MNEMONIC), eq(1, MNEMONIC, ''), [
  MNEMONIC,
  'pé',
]);
for (const fn of ['pbkdf2Sha256', 'pbkdf2Sha512'])
  F(`KdfWorker.${fn}`, (...a) => WORKER[fn](...a), eq(1, 'pé', 'salt', 2, 32), eq(1, te('pé'), te('salt'), 2, 32));
F(
  'KdfWorker.scrypt',
  (...a) => WORKER.scrypt(...a),
  eq(1, 'pé', 'salt', { N: 16, r: 1, p: 1 }),
  eq(1, te('pé'), te('salt'), { N: 16, r: 1, p: 1, dkLen: 32 }),
  [u8(2), u8(4), { N: 16, r: 1, p: 1, dkLen: 64 }],
);
// The options createWorker and onDemandWorker share, in each of their forms.
const WORKER_OPTIONS = [
  eq(1),
  eq(1, {}),
  eq(1, { url: WORKER_URL.href }),
  eq(1, { url: WORKER_URL }),
  eq(1, { wasmBinary: WASM_BYTES }),
  eq(1, { wasmBinary: WASM_BYTES.buffer }),
];
F('worker:createWorker', async (...a) => (await worker(...a)).pbkdf2Sha256('pw', 'salt', 1, 16), ...WORKER_OPTIONS);
F('KdfWorker.wipe', () => WORKER.wipe(), []);
// An on-demand worker: started by run(), stopped (wipe, then terminate) by stop().
const onDemand = async (options, graceMs) => {
  const w = onDemandWorker(options);
  const dk = await w.run((k) => k.pbkdf2Sha256('pw', 'salt', 1, 16));
  await (graceMs === undefined ? w.stop() : w.stop(graceMs));
  return dk;
};
F(
  'worker:onDemandWorker',
  (...a) => onDemand(...a),
  ...WORKER_OPTIONS,
  eq(1, { wasmBinary: async () => WASM_BYTES }),
  eq(1, { locked: () => new Error('locked') }),
);
F('OnDemandWorker.stop', (...a) => onDemand({}, ...a), eq(1), eq(1, 50));

// Files (sealStream / openStream on this thread, sealFile / openFile in the worker). Sealing is
// randomized (content key, nonces, wraps): a seal checks that the envelope it wrote has the CID it
// answered under its profile and opens with each key it was sealed to, to PLAIN, and answers what
// is deterministic (the plaintext's size and SHA-1, the envelope's size: the same for one encrypt
// setting). An open answers the plaintext (with its size and SHA-1). A progress log must end at
// the whole file; openFile's gateway is a local trustless gateway (a Worker is handed plain
// settings, no fetch function) whose requests show whether the mode was honoured.
const PLAIN = Uint8Array.from({ length: 5000 }, (_, i) => (i * 31 + (i >> 8)) & 0xff);
const PLAIN_SHA1 = createHash('sha1').update(PLAIN).digest('hex');
const SEAL = {
  chart: { scope: 0, epoch: 0, chartKeys: [CHART_KEY] },
  recipient: { scope: 0, epoch: 0, recipients: [X_PK] },
  both: { scope: 0, epoch: 0, chunkSize: 1024, chartKeys: [CHART_KEY], recipients: [X_PK] },
};
/** A write() (or a sink's) that keeps a copy of each piece: the bytes are freed once it resolves. */
const keeper = () => {
  const parts = [];
  return Object.assign(async (b) => void parts.push(b.slice()), { parts });
};
/** An onProgress that keeps what it is told. */
const progressLog = () => {
  const seen = [];
  return Object.assign((p) => void seen.push({ ...p }), { seen });
};
/**
 * What an onProgress was told: rising counts of the same total, ending at the whole file (the
 * worker posts progress at most every 100 ms, and the last count before its result).
 */
const progressEnds = (onProgress, bytesTotal) => {
  if (!onProgress) return;
  const { seen } = onProgress;
  assert.ok(seen.length > 0, 'no progress reported');
  seen.forEach((p, i) => {
    assert.equal(p.bytesTotal, bytesTotal);
    assert.ok(p.bytesDone > (i ? seen[i - 1].bytesDone : 0) && p.bytesDone <= PLAIN.length, `progress ${p.bytesDone}`);
  });
  assert.equal(seen.at(-1).bytesDone, PLAIN.length);
};
/** PLAIN in uneven pieces, as an async iterable (a fresh copy: sealing wipes the pieces it read). */
const plainPieces = () => {
  const c = PLAIN.slice();
  return (async function* () {
    yield c.subarray(0, 1000);
    yield c.subarray(1000, 1001);
    yield c.subarray(1001);
  })();
};
/** The envelope `sealed` answered for `options`: its CID, its size, and it opens to PLAIN. */
const checkSealed = async (sealed, envelope, options, profile) => {
  assert.equal(sealed.size, PLAIN.length);
  assert.equal(hexOf(sealed.sha1), `0x${PLAIN_SHA1}`);
  if (envelope) {
    assert.equal(envelope.length, sealed.envelopeSize);
    assert.equal(sealed.cid, await ehr.ipfs.cid(envelope, { profile }));
    const { chartKeys, recipients } = options.encrypt;
    const info = r.inspect(envelope);
    assert.deepEqual(
      [info.scope, info.epoch, info.wraps.length],
      [0, 0, (chartKeys ?? []).length + (recipients ?? []).length],
    );
    if (chartKeys) assert.deepEqual(r.decrypt(envelope, { chartKeys }), PLAIN);
    if (recipients) assert.deepEqual(r.decrypt(envelope, { identities: [IDENTITY] }), PLAIN);
  } else ehr.ipfs.parseCid(sealed.cid);
  return { size: sealed.size, sha1: hexOf(sealed.sha1), envelopeSize: sealed.envelopeSize };
};
F(
  'worker:sealStream',
  async (e, o) => {
    const sealed = await sealStream(e, o);
    progressEnds(o.onProgress, o.size);
    return checkSealed(sealed, o.write && concat(o.write.parts), o, o.profile);
  },
  eq('chart', ehr, { source: new Blob([PLAIN]), encrypt: SEAL.chart, profile: 'unixfs-v1-2025', write: keeper() }),
  eq('chart', ehr, {
    source: new Blob([PLAIN]).stream(),
    size: PLAIN.length,
    encrypt: SEAL.chart,
    profile: 'kubo-default',
    write: keeper(),
    batch: 0,
    onProgress: progressLog(),
  }),
  eq('recipient', ehr, {
    source: plainPieces(),
    encrypt: SEAL.recipient,
    profile: 'unixfs-v0-2015',
    write: keeper(),
    batch: 1000,
    signal: new AbortController().signal,
  }),
  eq('recipient', ehr, {
    source: new Blob([PLAIN]).stream(),
    encrypt: SEAL.recipient,
    profile: PROFILE_PARAMS,
    write: keeper(),
  }),
  eq('both', ehr, {
    source: plainPieces(),
    size: PLAIN.length,
    encrypt: SEAL.both,
    profile: PROFILE_PARAMS,
    write: keeper(),
    batch: 4096,
    signal: new AbortController().signal,
    onProgress: progressLog(),
  }),
  eq('both', ehr, { source: new Blob([PLAIN]), encrypt: SEAL.both, profile: 'kubo-default' }),
);
F(
  'KdfWorker.sealFile',
  async (e, o) => {
    const sealed = await WORKER.sealFile(e, o);
    progressEnds(o.onProgress, PLAIN.length, true);
    assert.ok(sealed.blob instanceof Blob, 'no target: the envelope comes back as a Blob');
    const envelope = new Uint8Array(await sealed.blob.arrayBuffer());
    return checkSealed(sealed, envelope, o, o.profile ?? 'unixfs-v1-2025');
  },
  eq('chart', ehr, { file: new Blob([PLAIN]), encrypt: SEAL.chart }),
  eq('chart', ehr, { file: new Blob([PLAIN]), encrypt: SEAL.chart, profile: 'unixfs-v1-2025', target: null }),
  eq('recipient', ehr, {
    file: new Blob([PLAIN]),
    encrypt: SEAL.recipient,
    profile: 'kubo-default',
    signal: new AbortController().signal,
  }),
  eq('recipient', ehr, {
    file: new Blob([PLAIN]),
    encrypt: SEAL.recipient,
    profile: 'unixfs-v0-2015',
    onProgress: progressLog(),
  }),
  eq('both', ehr, {
    file: new Blob([PLAIN]),
    encrypt: SEAL.both,
    profile: PROFILE_PARAMS,
    target: null,
    signal: new AbortController().signal,
    onProgress: progressLog(),
  }),
);

// The envelope the opens read: a chart key wrap and a recipient wrap, 1 KiB chunks; its DAG under
// PROFILE_PARAMS (1 KiB leaves, 4 links a node) behind a local trustless gateway: ?format=raw
// blocks, and ?format=car of the whole DAG in walk order. GW_LOG: the formats asked for.
const ENVELOPE = r.encrypt(PLAIN, SEAL.both);
const ENV_STORE = new Map(
  (await drain(ehr.ipfs.importFile(ENVELOPE, { profile: PROFILE_PARAMS }))).map((b) => [b.cid, b.bytes]),
);
const ENV_CID = await ehr.ipfs.cid(ENVELOPE, { profile: PROFILE_PARAMS });
const ENV_WALK = (() => {
  const rd = ehr.ipfs.createReader(ENV_CID);
  const order = [];
  for (let cid = rd.next(); cid !== null; cid = rd.next()) {
    order.push({ cid, bytes: ENV_STORE.get(cid) });
    rd.supply(ENV_STORE.get(cid));
  }
  rd.dispose();
  return order;
})();
assert.ok(ENV_WALK.length > 4, 'the envelope is a DAG of several blocks');
const GW_LOG = [];
const gwServer = http.createServer((req, res) => {
  const u = new URL(req.url, 'http://x');
  const cid = /^\/ipfs\/([^/]+)$/.exec(u.pathname)?.[1];
  const format = u.searchParams.get('format');
  GW_LOG.push(format);
  if (format === 'raw' && ENV_STORE.has(cid)) {
    res.writeHead(200, { 'content-type': 'application/vnd.ipld.raw' });
    res.end(ENV_STORE.get(cid));
  } else if (format === 'car' && cid === ENV_CID && u.searchParams.get('dag-scope') === 'all') {
    res.writeHead(200, { 'content-type': 'application/vnd.ipld.car; version=1' });
    res.end(ehr.ipfs.carBytes([ENV_CID], ENV_WALK));
  } else {
    res.writeHead(format === 'raw' ? 404 : 400);
    res.end();
  }
});
await new Promise((ok) => gwServer.listen(0, '127.0.0.1', ok));
const GW_URL = `http://127.0.0.1:${gwServer.address().port}`;
later.push(
  () =>
    new Promise((ok) => {
      gwServer.closeAllConnections();
      gwServer.close(ok);
    }),
);
const EXPECT_HASH = base64(createHash('sha1').update(PLAIN).digest());
/** keysFor: the chart key (the header checked), or the recipient's identity. */
const byChartKey = (h) => {
  assert.deepEqual([h.scope, h.epoch], [0, 0]);
  return { chartKeys: [CHART_KEY] };
};
const byIdentity = () => ({ identities: [IDENTITY], release: () => {} });
const opened = (o, res, plaintext) => {
  progressEnds(o.onProgress, o.expect?.size);
  assert.deepEqual(plaintext, PLAIN);
  assert.equal(hexOf(res.sha1), `0x${PLAIN_SHA1}`);
  return { size: res.size, sha1: hexOf(res.sha1), plaintext };
};
F(
  'KdfWorker.openFile',
  async (e, o) => {
    const from = GW_LOG.length;
    const res = await WORKER.openFile(e, o);
    // Raw mode: block by block; CAR mode (the default): one CAR a read, no block left to raw.
    assert.deepEqual([...new Set(GW_LOG.slice(from))], [o.gateway.mode === 'raw' ? 'raw' : 'car']);
    assert.ok(res.blob instanceof Blob, 'no target: the plaintext comes back as a Blob');
    return opened(o, res, new Uint8Array(await res.blob.arrayBuffer()));
  },
  eq(1, ehr, { cid: ENV_CID, gateway: { gateways: [GW_URL] }, keysFor: byChartKey }),
  eq(1, ehr, {
    cid: ENV_CID,
    gateway: { gateways: [GW_URL], mode: 'raw', timeoutMs: 5000, concurrency: 2 },
    keysFor: byIdentity,
    scope: 0,
    expect: {},
    target: null,
  }),
  eq(1, ehr, {
    cid: ENV_CID,
    gateway: { gateways: [GW_URL], mode: 'car', maxBufferedBytes: 1 << 20, maxRetryAfterMs: 1000 },
    keysFor: byChartKey,
    expect: { size: PLAIN.length, hash: EXPECT_HASH },
    signal: new AbortController().signal,
    onProgress: progressLog(),
  }),
  eq(1, ehr, {
    cid: ENV_CID,
    gateway: { gateways: [GW_URL], mode: 'raw' },
    keysFor: byIdentity,
    scope: 0,
    expect: { hash: EXPECT_HASH },
    onProgress: progressLog(),
  }),
  eq(1, ehr, {
    cid: ENV_CID,
    gateway: { gateways: [GW_URL], mode: 'car' },
    keysFor: byChartKey,
    expect: { size: PLAIN.length },
    target: null,
    signal: new AbortController().signal,
  }),
);
/** The envelope in uneven pieces (fresh copies), as an array or an async iterable. */
const envPieces = () => [ENVELOPE.slice(0, 7), ENVELOPE.slice(7, 2000), ENVELOPE.slice(2000)];
const envPiecesAsync = () => {
  const p = envPieces();
  return (async function* () {
    yield* p;
  })();
};
F(
  'worker:openStream',
  async (e, o) => opened(o, await openStream(e, o), concat(o.sink.write.parts)),
  eq(1, ehr, { pieces: envPieces(), keysFor: byChartKey, sink: { write: keeper() } }),
  eq(1, ehr, {
    pieces: envPiecesAsync(),
    keysFor: byIdentity,
    scope: 0,
    expect: {},
    sink: { write: keeper() },
    signal: new AbortController().signal,
  }),
  eq(1, ehr, {
    pieces: envPieces(),
    keysFor: byIdentity,
    expect: { size: PLAIN.length, hash: EXPECT_HASH },
    sink: { write: keeper() },
    onProgress: progressLog(),
  }),
  eq(1, ehr, {
    pieces: envPiecesAsync(),
    keysFor: byChartKey,
    scope: 0,
    expect: { hash: EXPECT_HASH },
    sink: { write: keeper() },
    signal: new AbortController().signal,
    onProgress: progressLog(),
  }),
  eq(1, ehr, { pieces: envPieces(), keysFor: byChartKey, expect: { size: PLAIN.length }, sink: { write: keeper() } }),
);

/** Declared callables the API does not implement: the caller does (each with the reason). */
const EXEMPT = {
  'Eip1193Provider.request': 'implemented by the wallet (window.ethereum or a test double); the API only calls it',
};
/**
 * Declared forms of a callable that cannot be made here, each with the test that makes them
 * (checked like the rest: a form exempted must be declared, and not also called).
 */
const BROWSER_HANDLE =
  'browser only: Node has no FileSystemFileHandle, and a Worker message carries no object with methods';
const EXEMPT_FORMS = {
  'KdfWorker.sealFile': {
    'options.target:FileSystemFileHandle': `${BROWSER_HANDLE}; tests/web/large-file.test.mjs seals a file in the page's Worker into a staging file of the origin private file system (navigator.storage.getDirectory(); web/src/records/files.js sealAndUploadFile)`,
  },
  'KdfWorker.openFile': {
    'options.target:FileSystemFileHandle': `${BROWSER_HANDLE}; tests/web/large-file.test.mjs opens a file in the page's Worker into a staging file of the origin private file system and into the file showSaveFilePicker() returns (web/src/records/files.js chooseTarget, openFile)`,
  },
};

// ---- the checks -------------------------------------------------------------------------------------
/** Runtime checks for named types that are not structural (classes, lib types). */
const RUNTIME = {
  Uint8Array: (v) => v instanceof Uint8Array,
  Uint32Array: (v) => v instanceof Uint32Array,
  ArrayBuffer: (v) => v instanceof ArrayBuffer,
  URL: (v) => v instanceof URL,
  Blob: (v) => v instanceof Blob,
  AbortSignal: (v) => v instanceof AbortSignal,
  Error: (v) => v instanceof Error,
  ReadableStream: (v) => v instanceof ReadableStream,
  AsyncIterable: (v) => v != null && typeof v[Symbol.asyncIterator] === 'function',
  Iterable: (v) => v != null && typeof v !== 'string' && typeof v[Symbol.iterator] === 'function',
  SymmetricKey: (v) => v instanceof ehr.SymmetricKey,
  X25519KeyPair: (v) => v instanceof ehr.x25519.KeyPair,
  PrivateKey: (v) => v instanceof ehr.secp256k1.PrivateKey,
  Wallet: (v) => v instanceof ehr.wallet.Wallet,
  HDNode: (v) => v instanceof ehr.wallet.HDNode,
  Ehr: (v) => v === ehr,
  FileSystemFileHandle: (v) => typeof FileSystemFileHandle !== 'undefined' && v instanceof FileSystemFileHandle,
};
const model = loadModel(new URL('../../wasm/js/', import.meta.url), RUNTIME);

test('the table calls every union member and optional the .d.ts files document', () => {
  const problems = [];
  const declared = new Set(model.callables.map((c) => c.key));
  let forms = 0,
    labels = 0,
    entries = 0;
  for (const c of model.callables) {
    const required = model.requiredOf(c);
    if (EXEMPT[c.key] || required.length === 0) continue;
    entries++;
    labels += required.length;
    const entry = FORMS[c.key];
    if (!entry) {
      problems.push(`${c.key} (${c.file}): no table entry; its forms: ${required.join(', ')}`);
      continue;
    }
    const covered = new Set();
    for (const args of entry.forms) {
      forms++;
      const { labels: got, problems: bad } = model.coveredBy(c, entry.receiver ? args.slice(1) : args);
      got.forEach((l) => covered.add(l));
      for (const b of bad)
        problems.push(`${c.key}(${args.map(show).join(', ')}): an argument outside the declared types: ${b}`);
    }
    const exempt = EXEMPT_FORMS[c.key] ?? {};
    const missing = required.filter((l) => !covered.has(l) && !exempt[l]);
    if (missing.length) problems.push(`${c.key}: no call with ${missing.join(', ')}`);
    for (const [l, why] of Object.entries(exempt)) {
      if (!required.includes(l)) problems.push(`${c.key}: exempted form ${l} is not declared`);
      else if (covered.has(l)) problems.push(`${c.key}: exempted form ${l} is called: drop the exemption`);
      else console.log(`# exempt ${c.key} ${l}: ${why}`);
    }
  }
  for (const k of Object.keys(FORMS))
    if (!declared.has(k)) problems.push(`table entry ${k} names nothing declared in wasm/js/*.d.ts`);
  for (const k of Object.keys(EXEMPT))
    if (!declared.has(k)) problems.push(`exemption ${k} names nothing declared in wasm/js/*.d.ts`);
  for (const k of Object.keys(EXEMPT_FORMS)) {
    const c = model.callables.find((x) => x.key === k);
    if (!c) problems.push(`form exemption ${k} names nothing declared in wasm/js/*.d.ts`);
    else if (EXEMPT[k] || model.requiredOf(c).length === 0)
      problems.push(`form exemption ${k}: the callable is exempt or has no forms`);
  }
  console.log(
    `# ${model.callables.length} declared callables; ${entries} with unions or optionals: ${labels} forms, ${forms} calls`,
  );
  assert.deepEqual(problems, []);
});

test('every call in the table succeeds, and the forms of one group give the same result', async () => {
  const failures = [];
  for (const [key, { call, forms }] of Object.entries(FORMS)) {
    const groups = new Map();
    for (const args of forms) {
      let res;
      try {
        res = await call(...args);
      } catch (e) {
        failures.push(`${key}(${args.map(show).join(', ')}): ${e?.name} ${e?.code ?? ''} ${e?.message}`);
        continue;
      }
      if (args[GROUP] === undefined) continue;
      const g = groups.get(args[GROUP]);
      if (!g) groups.set(args[GROUP], { args, res });
      else {
        try {
          assert.deepStrictEqual(res, g.res);
        } catch {
          failures.push(
            `${key}: (${args.map(show).join(', ')}) gives ${show(res)}, (${g.args.map(show).join(', ')}) gives ${show(g.res)}`,
          );
        }
      }
    }
  }
  assert.deepEqual(failures, []);
});

function show(v) {
  if (v === undefined) return 'undefined';
  if (v === ehr) return 'ehr';
  if (v === null) return 'null';
  if (v instanceof Uint8Array) return v.length <= 8 ? `Uint8Array[${v}]` : `Uint8Array(${v.length})`;
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'function') return 'fn';
  if (typeof v === 'string') return JSON.stringify(v.length > 44 ? `${v.slice(0, 41)}...` : v);
  if (Array.isArray(v)) return `[${v.map(show).join(', ')}]`;
  if (v instanceof Blob) return 'Blob';
  if (v instanceof ReadableStream) return 'ReadableStream';
  if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype)
    return `{${Object.entries(v)
      .map(([k, x]) => `${k}: ${show(x)}`)
      .join(', ')}}`;
  return Object.prototype.toString.call(v);
}
