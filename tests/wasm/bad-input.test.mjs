// Bad input through the JS API, table-driven. Every function of the API returned by init() — the
// nested namespaces, the static factories of key classes and the methods of the objects they hand
// out — has an entry below; the first test fails, naming it, when an export has none (so a new
// export needs an entry) or an entry names something that no longer exists.
//
// Each entry gives valid arguments (`ok`) and a spec per argument; the rows are generated from the
// specs by replacing one argument at a time: wrong types -> TypeError 'ERR_BAD_TYPE', wrong lengths
// and out-of-range numbers -> RangeError 'ERR_BAD_LENGTH', a shared 64 MiB array where a size limit
// applies -> RangeError, never a crash. `bad` adds malformed inputs (bad JSON, RLP, CIDs, hex, ...)
// with the EhrError code they must raise. After every row a known-answer call checks the module is
// still usable. A last test makes 10,000 bad calls and checks the module's memory does not grow.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';

// The module's WebAssembly.Memory, captured as it is instantiated (its size is the heap high-water).
let memory;
const instantiate = WebAssembly.instantiate;
WebAssembly.instantiate = async function (...args) {
  const r = await instantiate.apply(this, args);
  const exports = (r.instance ?? r).exports;
  memory ??= Object.values(exports).find((v) => v instanceof WebAssembly.Memory);
  return r;
};
const { init, EhrError } = await import('../../wasm/js/ehr.js');
const ehr = await init();
WebAssembly.instantiate = instantiate;

const MiB = 1 << 20;
/** The one huge input shared by every row that needs one. */
const HUGE = new Uint8Array(64 * MiB);
const u8 = (n, fill = 1) => new Uint8Array(n).fill(fill);
const hexOf = (b) => `0x${Buffer.from(b).toString('hex')}`;

// ---- fixtures ---------------------------------------------------------------------------------------
const SK = u8(32, 1);
const PK33 = ehr.secp256k1.getPublicKey(SK);
const PK65 = ehr.secp256k1.getPublicKey(SK, false);
const H32 = u8(32, 2);
const SIG65 = ehr.secp256k1.sign(H32, SK);
const ADDR = ehr.address.fromPublicKey(PK33);
const X_SK = u8(32, 3);
const X_PK = ehr.x25519.scalarMultBase(X_SK);
const TX = {
  type: 2,
  chainId: 1n,
  nonce: 0n,
  maxFeePerGas: 2n,
  maxPriorityFeePerGas: 1n,
  gasLimit: 21000n,
  to: ADDR,
  value: 1n,
};
const RAW_TX = ehr.tx.sign(TX, SK);
const TYPED = ehr.records.encryptionKeyRequest(31337, ADDR, ADDR);
const TYPED_SIG = ehr.eip712.sign(TYPED, SK);
const ABI = [
  {
    type: 'function',
    name: 'f',
    stateMutability: 'view',
    inputs: [{ name: 'a', type: 'uint256' }],
    outputs: [{ name: '', type: 'bool' }],
  },
  { type: 'event', name: 'E', inputs: [{ name: 'a', type: 'uint256', indexed: true }], anonymous: false },
  { type: 'error', name: 'Bad', inputs: [{ name: 'x', type: 'uint8' }] },
];
const MNEMONIC = ehr.bip39.entropyToMnemonic(u8(16, 7));
const SLIP39_OPTS = { groups: [{ threshold: 2, count: 3 }], iterationExponent: 0 };
const SLIP39_SHARES = ehr.slip39.generate(u8(16, 7), SLIP39_OPTS)[0];
const SEED64 = u8(64, 5);
const KEYSTORE = ehr.keystore.encrypt(SK, 'pw', { kdf: 'pbkdf2', c: 1 });
const CID = ehr.ipfs.cidSync(u8(10, 1));
const EPOCHS = new Array(32).fill(0);
const r = ehr.records;
const CHART_ROOT = r.importChartRoot(u8(32, 9));
const CHART_KEY = CHART_ROOT.chartKey(0, 0);
const IDENTITY = r.importX25519Secret(X_SK);
const WRAP = r.wrapKey(CHART_ROOT, IDENTITY.publicKey);
const ENVELOPE = r.encrypt(u8(100, 4), { scope: 0, epoch: 0, chartKeys: [CHART_KEY] });
const GRANT = r.grants.create(CHART_ROOT, X_PK, 1, EPOCHS);
const GROUP = r.institutions.create(1, [X_PK]);
const MM = r.metamask.encrypt(r.metamask.publicKeyOf(IDENTITY), 'hello');
const SEARCH_ENV = (() => {
  const ix = r.search.create(CHART_KEY);
  ix.addTerms('r1', { words: ['flu'] });
  const env = ix.seal(CHART_KEY);
  ix.dispose();
  return env;
})();
const SPKI = ehr.secp256k1.publicKeyToSpki(PK33);
// x = 2^256 - 1 is not below the field prime: no such point.
const OFF_CURVE = (() => {
  const b = u8(33, 0xff);
  b[0] = 2;
  return b;
})();
const FHIR = { resourceType: 'Observation', status: 'final', code: { text: 'x' } };
const PUSH = ehr.secretstream.createPush(u8(32));
const PUSH_HEADER = PUSH.header;
const CHUNK = PUSH.push(u8(5), { final: true });
PUSH.dispose();
const BLOCKS = (() => {
  const b = ehr.ipfs.createFileBuilder({ blocks: true });
  b.update(u8(10, 1));
  return b.finish().blocks;
})();

// ---- argument specs ---------------------------------------------------------------------------------
// Each spec: { types: bad values of the wrong type, lengths: bad values of the wrong length or range,
// huge: whether the 64 MiB array must be refused with RangeError ('refuse') or be processed or
// refused ('either'), optional: undefined is accepted }.
const NOT_BYTES = [undefined, null, 42, 'ab', {}, [1, 2], 1n, new ArrayBuffer(4), new Uint16Array(2)];
const NOT_STRING = [undefined, null, 42, {}, 1n, u8(2), true];
const NOT_INT = [undefined, null, '1', 1.5, NaN, 1n, {}];
const bytes = (huge) => ({ types: NOT_BYTES, lengths: [], huge });
const len = (...ns) => {
  const allowed = new Set(ns);
  const wrong = [0, ns[0] - 1, Math.max(...ns) + 1].filter((n) => n >= 0 && !allowed.has(n));
  return { types: NOT_BYTES, lengths: [...new Set(wrong)].map((n) => new Uint8Array(n)), huge: 'refuse' };
};
const str = () => ({ types: NOT_STRING, lengths: [] });
const strOrBytes = () => ({ types: [undefined, null, 42, {}, 1n, true], lengths: [] });
const bytesLike = () => ({ types: [undefined, null, 42, {}, 1n, true, '12'], lengths: [] });
const int = (min, max) => ({ types: NOT_INT, lengths: [min - 1, max + 1] });
const opts = () => ({ types: ['x', 42, null, 1n], lengths: [], optional: true });
const optional = (spec) => ({ ...spec, types: spec.types.filter((v) => v !== undefined), optional: true });
const keyObj = (...wrongKinds) => ({ types: [undefined, null, 42, {}, 'k', ...wrongKinds], lengths: [] });
const none = () => ({ types: [], lengths: [] });
const custom = (types, lengths = []) => ({ types, lengths });

const ERR = (code) => ({ klass: EhrError, code });
const TYPE = { klass: TypeError, code: 'ERR_BAD_TYPE' };
const RANGE = { klass: RangeError, code: 'ERR_BAD_LENGTH' };

/**
 * The table. Keys: the path from the API object ('secp256k1.sign'), 'Class.static' for factories,
 * 'Type#method' for methods of objects the API hands out (made by INSTANCES below). `ok`: valid
 * arguments; `args`: a spec per argument; `bad`: [arguments, expected] malformed rows; `self`:
 * whether the row needs a fresh object (instance methods).
 */
const T = {
  version: { value: true },
  keccak256: { ok: () => [u8(3)], args: [bytes('either')] },
  sha256: { ok: () => [u8(3)], args: [bytes('either')] },
  sha512: { ok: () => [u8(3)], args: [bytes()] },
  blake2b: {
    ok: () => [u8(3), { dkLen: 32 }],
    args: [bytes(), opts()],
    bad: [
      [() => [u8(3), { dkLen: 65 }], RANGE],
      [() => [u8(3), { key: HUGE }], RANGE],
    ],
  },
  createKeccak256: { ok: () => [], args: [] },
  createSha256: { ok: () => [], args: [] },
  createSha512: { ok: () => [], args: [] },
  createBlake2b: { ok: () => [{ dkLen: 16 }], args: [opts()], bad: [[() => [{ dkLen: 0 }], RANGE]] },
  hmacSha256: { ok: () => [u8(5), u8(3)], args: [bytes(), bytes()] },
  hmacSha512: { ok: () => [u8(5), u8(3)], args: [bytes(), bytes()] },
  'hkdf.derive': {
    ok: () => [u8(32), { length: 32 }],
    args: [bytes(), opts()],
    bad: [[() => [u8(32), { length: 8161 }], RANGE]],
  },
  'hkdf.extract': { ok: () => [u8(5), u8(32)], args: [bytes(), bytes()] },
  'hkdf.expand': {
    ok: () => [u8(32), u8(3), 32],
    args: [custom(NOT_BYTES, [u8(31)]), bytes(), optional(int(1, 8160))],
  },
  argon2id: {
    ok: () => [u8(3), u8(16), { opsLimit: 1, memLimit: 8192 }],
    args: [bytes(), len(16), opts()],
    bad: [[() => [u8(3), u8(16), { memLimit: 100 }], RANGE]],
  },
  randomBytes: {
    ok: () => [4],
    args: [
      custom(
        NOT_INT.filter((v) => !Number.isNaN(v) || true),
        [-1],
      ),
    ],
  },

  'secp256k1.PrivateKey.generate': { ok: () => [], args: [] },
  'secp256k1.PrivateKey.fromBytes': {
    ok: () => [SK],
    args: [len(32)],
    bad: [
      [() => [u8(32, 0)], ERR('ERR_INVALID_PRIVATE_KEY')],
      [() => [u8(32, 0xff)], ERR('ERR_INVALID_PRIVATE_KEY')],
    ],
  },
  'secp256k1.isValidPrivateKey': { ok: () => [SK], args: [len(32)] },
  'secp256k1.getPublicKey': {
    ok: () => [SK, true],
    args: [len(32), none()],
    bad: [[() => [u8(32, 0)], ERR('ERR_INVALID_PRIVATE_KEY')]],
  },
  'secp256k1.sign': { ok: () => [H32, SK], args: [len(32), len(32)] },
  'secp256k1.verify': {
    ok: () => [SIG65.subarray(0, 64), H32, PK33],
    args: [len(64, 65), len(32), len(33, 65), opts()],
    bad: [[() => [SIG65, H32, PK33, { lowS: 1n }], 'either']],
  },
  'secp256k1.recover': {
    ok: () => [SIG65, H32],
    args: [len(65), len(32), none()],
    bad: [[() => [u8(65, 0), H32], ERR('ERR_INVALID_SIGNATURE')]],
  },
  'secp256k1.signatureFromDer': {
    ok: () => [ehr.fromHex('0x3006020101020101')],
    args: [bytes('either')],
    bad: [[() => [ehr.fromHex('0x300602010102')], ERR('ERR_INVALID_SIGNATURE')]],
  },
  'secp256k1.convertPublicKey': {
    ok: () => [PK33, false],
    args: [len(33, 65), none()],
    bad: [[() => [OFF_CURVE], ERR('ERR_INVALID_PUBLIC_KEY')]],
  },
  'secp256k1.ecdh': {
    ok: () => [SK, PK33],
    args: [len(32), len(33, 65), opts()],
    bad: [[() => [SK, PK33, { hash: 'md5' }], TYPE]],
  },
  'secp256k1.publicKeyFromSpki': {
    ok: () => [SPKI],
    args: [bytes('either')],
    bad: [[() => [SPKI.subarray(1)], ERR('ERR_BAD_ENCODING')]],
  },
  'secp256k1.publicKeyToSpki': { ok: () => [PK33], args: [len(33, 65)] },
  'SymmetricKey.generate': { ok: () => [], args: [] },
  'SymmetricKey.fromBytes': { ok: () => [u8(32)], args: [len(32)] },
  'x25519.KeyPair.generate': { ok: () => [], args: [] },
  'x25519.KeyPair.fromSeed': { ok: () => [u8(32)], args: [len(32)] },
  'x25519.KeyPair.fromSecretKey': { ok: () => [X_SK], args: [len(32)] },
  'x25519.scalarMult': {
    ok: () => [X_SK, X_PK],
    args: [len(32), len(32)],
    bad: [[() => [X_SK, u8(32, 0)], ERR('ERR_INVALID_PUBLIC_KEY')]],
  },
  'x25519.scalarMultBase': { ok: () => [X_SK], args: [len(32)] },
  'sealedBox.seal': { ok: () => [u8(3), X_PK], args: [bytes(), len(32)] },
  'sealedBox.open': {
    ok: () => [ehr.sealedBox.seal(u8(3), X_PK), ehr.x25519.KeyPair.fromSecretKey(X_SK)],
    args: [bytes(), keyObj(CHART_KEY)],
    bad: [
      [() => [u8(60), ehr.x25519.KeyPair.fromSecretKey(X_SK)], ERR('ERR_AUTH_FAILED')],
      [() => [u8(10), ehr.x25519.KeyPair.fromSecretKey(X_SK)], RANGE],
    ],
  },
  ...Object.fromEntries(
    ['chacha20poly1305', 'xchacha20poly1305'].flatMap((c) => {
      const n = c === 'chacha20poly1305' ? 12 : 24;
      return [
        [
          `aead.${c}.encrypt`,
          { ok: () => [u8(32), u8(n), u8(3), u8(2)], args: [len(32), len(n), bytes(), optional(bytes())] },
        ],
        [
          `aead.${c}.decrypt`,
          {
            ok: () => [u8(32), u8(n), ehr.aead[c].encrypt(u8(32), u8(n), u8(3)), undefined],
            args: [len(32), len(n), bytes(), optional(bytes())],
            bad: [
              [() => [u8(32), u8(n), u8(20)], ERR('ERR_AUTH_FAILED')],
              [() => [u8(32), u8(n), u8(15)], RANGE],
            ],
          },
        ],
      ];
    }),
  ),
  'secretstream.createPush': { ok: () => [u8(32)], args: [len(32)] },
  'secretstream.createPull': { ok: () => [PUSH_HEADER, u8(32)], args: [len(24), len(32)] },
  'secretstream.encryptStream': {
    ok: () => [u8(32), { chunkSize: 1024 }],
    args: [len(32), opts()],
    bad: [[() => [u8(32), { chunkSize: 0 }], RANGE]],
  },
  'secretstream.decryptStream': { ok: () => [u8(32)], args: [len(32), opts()] },
  disposeAll: { ok: () => [], args: [], skipRows: 'wipes every key the table holds' },
  liveHandles: { ok: () => [], args: [] },

  'address.fromPublicKey': {
    ok: () => [PK33],
    args: [len(33, 65)],
    bad: [[() => [u8(65, 4)], ERR('ERR_INVALID_PUBLIC_KEY')]],
  },
  'address.parse': {
    ok: () => [ADDR],
    args: [str(), opts()],
    bad: [
      [() => ['0x' + 'zz'.repeat(20)], ERR('ERR_BAD_ENCODING')],
      [() => ['0x1234'], RANGE],
      [
        () => [
          ADDR.toLowerCase()
            .replace('0x', '0x')
            .replace(/[a-f]/, (m) => m.toUpperCase()),
        ],
        ERR('ERR_BAD_CHECKSUM'),
      ],
    ],
  },
  'address.isValid': { ok: () => [ADDR], args: [none(), opts()] },
  'address.toChecksum': {
    ok: () => [ADDR.toLowerCase()],
    args: [custom([undefined, null, 42, {}, 1n], [u8(19), '0x12'])],
  },
  'rlp.encode': {
    ok: () => [[u8(2), 5n]],
    args: [custom([undefined, null, 'ab', {}, true])],
    bad: [[() => [-1n], RANGE]],
  },
  'rlp.decode': {
    ok: () => [ehr.rlp.encode([u8(2)])],
    args: [bytes('either')],
    bad: [
      [() => [u8(0)], ERR('ERR_BAD_RLP')],
      [() => [Uint8Array.of(0x81, 0x05)], ERR('ERR_BAD_RLP')],
      [() => [Uint8Array.of(0xb8, 0x01, 0x80)], ERR('ERR_BAD_RLP')],
      [() => [Uint8Array.of(0xc3, 0x01)], ERR('ERR_BAD_RLP')],
    ],
  },
  'tx.serialize': {
    ok: () => [TX],
    args: [custom([undefined, null, 42, 'tx', 1n])],
    bad: [
      [() => [{ ...TX, to: '0x12' }], ERR('ERR_BAD_TRANSACTION')],
      [() => [{ ...TX, nonce: -1n }], RANGE],
      [() => [{ ...TX, type: 7 }], ERR('ERR_UNSUPPORTED')],
    ],
  },
  'tx.signingHash': { ok: () => [TX], args: [custom([undefined, null, 42, 'tx', 1n])] },
  'tx.sign': {
    ok: () => [TX, SK],
    args: [custom([undefined, null, 42, 'tx', 1n]), len(32)],
    bad: [[() => [TX, u8(32, 0)], ERR('ERR_INVALID_PRIVATE_KEY')]],
  },
  'tx.signWithHandle': {
    ok: () => [TX, ehr.wallet.fromPrivateKey(SK).handle],
    args: [custom([undefined, null, 42, 'tx', 1n]), custom([undefined, null, 'h', {}, 1n])],
    bad: [[() => [TX, 999999], ERR('ERR_BAD_HANDLE')]],
  },
  'tx.parse': {
    ok: () => [RAW_TX],
    args: [bytesLike(), opts()],
    bad: [
      [() => [u8(0)], ERR('ERR_BAD_TRANSACTION')],
      [() => [RAW_TX.subarray(0, 20)], ERR('ERR_BAD_RLP')],
      [() => ['0xzz'], TYPE],
      [() => [u8(4096, 0x02)], ERR('ERR_BAD_RLP')],
    ],
  },
  'tx.hash': { ok: () => [RAW_TX], args: [bytesLike()] },
  'abi.createInterface': {
    ok: () => [ABI],
    args: [custom([undefined, null, 42, 1n, true])],
    bad: [
      [() => ['[{'], ERR('ERR_BAD_JSON')],
      [() => [[{ type: 'function', name: 'f', inputs: [{ type: 'uint7' }] }]], ERR('ERR_BAD_ABI')],
      [() => [[{ type: 'function', name: 'f', x: 1n }]], TYPE],
      [() => [[{ type: 'function', name: 'f', inputs: 7 }]], ERR('ERR_BAD_ABI')],
    ],
  },
  'abi.encode': {
    ok: () => [['uint256'], [1n]],
    args: [custom([undefined, null, 42, 'uint256', 1n]), custom([undefined, null, 42, 'x', 1n])],
    bad: [
      [() => [['uint7'], [1n]], ERR('ERR_BAD_ABI')],
      [() => [['uint8'], [256n]], ERR('ERR_ABI_VALUE')],
    ],
  },
  'abi.decode': {
    ok: () => [['uint256'], u8(32)],
    args: [custom([undefined, null, 42, 'uint256', 1n]), bytesLike()],
    bad: [
      [() => [['uint256'], u8(31)], ERR('ERR_BAD_ABI')],
      [() => [['string'], u8(64, 0xff)], ERR('ERR_BAD_ABI')],
    ],
  },
  'abi.canonicalTypes': {
    ok: () => [['uint']],
    args: [custom([undefined, null, 42, 'uint', 1n])],
    bad: [[() => [['(uint']], ERR('ERR_BAD_ABI')]],
  },
  'abi.selector': { ok: () => ['f(uint256)'], args: [str()] },
  'abi.decodeRevert': {
    ok: () => [
      ehr.abi.encode(['string'], ['boom']).length
        ? new Uint8Array([...ehr.abi.selector('Error(string)'), ...ehr.abi.encode(['string'], ['boom'])])
        : null,
    ],
    args: [bytesLike()],
    bad: [[() => [u8(3)], ERR('ERR_BAD_ABI')]],
  },
  'eip191.hashMessage': { ok: () => ['hi'], args: [strOrBytes()] },
  'eip191.signMessage': { ok: () => ['hi', SK], args: [strOrBytes(), len(32)] },
  'eip191.signMessageWithHandle': {
    ok: () => ['hi', ehr.wallet.fromPrivateKey(SK).handle],
    args: [strOrBytes(), custom([undefined, null, 'h', {}, 1n])],
    bad: [[() => ['hi', 0], ERR('ERR_BAD_HANDLE')]],
  },
  'eip191.recoverAddress': {
    ok: () => ['hi', ehr.eip191.signMessage('hi', SK)],
    args: [strOrBytes(), len(65)],
    bad: [[() => ['hi', u8(65, 0)], ERR('ERR_INVALID_SIGNATURE')]],
  },
  'eip712.hash': {
    ok: () => [TYPED],
    args: [custom([undefined, null, 42, 1n, true])],
    bad: [
      [() => [{ ...TYPED, primaryType: 'Nope' }], ERR('ERR_BAD_TYPED_DATA')],
      [() => ['{'], TYPE],
    ],
  },
  'eip712.sign': { ok: () => [TYPED, SK], args: [custom([undefined, null, 42, 1n, true]), len(32)] },
  'eip712.signWithHandle': {
    ok: () => [TYPED, ehr.wallet.fromPrivateKey(SK).handle],
    args: [custom([undefined, null, 42, 1n, true]), custom([undefined, null, 'h', {}, 1n])],
  },
  'eip712.recoverAddress': { ok: () => [TYPED, TYPED_SIG], args: [custom([undefined, null, 42, 1n, true]), len(65)] },
  'bip39.generateMnemonic': { ok: () => [12], args: [custom([null, '12', {}, 1n], [13, 0])] },
  'bip39.entropyToMnemonic': { ok: () => [u8(16)], args: [len(16, 20, 24, 28, 32)] },
  'bip39.mnemonicToEntropy': {
    ok: () => [MNEMONIC],
    args: [str()],
    bad: [
      [() => ['abandon abandon'], ERR('ERR_BAD_MNEMONIC')],
      [() => [MNEMONIC.replace(/\w+$/, 'zoo')], ERR('ERR_BAD_MNEMONIC')],
    ],
  },
  'bip39.validateMnemonic': { ok: () => [MNEMONIC], args: [str()] },
  'bip39.mnemonicToSeed': {
    ok: () => [MNEMONIC, ''],
    args: [str(), optional(strOrBytes()), opts()],
    bad: [[() => ['not a phrase'], ERR('ERR_BAD_MNEMONIC')]],
  },
  'slip39.generate': {
    ok: () => [u8(16), SLIP39_OPTS],
    args: [len(16, 18, 20, 22, 24, 26, 28, 30, 32), custom([undefined, null, 42, 'x', 1n, {}], [])],
    bad: [
      [() => [u8(16), { groups: [] }], RANGE],
      [() => [u8(16), { groups: [{ threshold: 1, count: 2 }] }], ERR('ERR_BAD_ARGUMENT')],
    ],
  },
  'slip39.combine': {
    ok: () => [SLIP39_SHARES.slice(0, 2)],
    args: [custom([undefined, null, 42, 'x', 1n, {}, [1]]), optional(strOrBytes())],
    bad: [
      [() => [[]], ERR('ERR_TOO_FEW_SHARES')],
      [() => [SLIP39_SHARES.slice(0, 1)], ERR('ERR_TOO_FEW_SHARES')],
      [() => [[SLIP39_SHARES[0], SLIP39_SHARES[0]]], ERR('ERR_BAD_SHARE_SET')],
      [
        () => [[SLIP39_SHARES[0].replace(/\w+$/, (w) => (w === 'academic' ? 'acid' : 'academic')), SLIP39_SHARES[1]]],
        ERR('ERR_BAD_CHECKSUM'),
      ],
    ],
  },
  'slip39.decode': {
    ok: () => [SLIP39_SHARES[0]],
    args: [str()],
    bad: [
      [() => ['abc'], ERR('ERR_BAD_MNEMONIC')],
      [() => [''], ERR('ERR_BAD_MNEMONIC')],
    ],
  },
  'slip39.validate': { ok: () => [SLIP39_SHARES[0]], args: [str()] },
  'bip32.fromSeed': { ok: () => [u8(16)], args: [len(16, 64)] },
  'keystore.describe': {
    ok: () => [KEYSTORE],
    args: [str()],
    bad: [
      [() => ['{'], ERR('ERR_BAD_JSON')],
      [() => ['{}'], ERR('ERR_BAD_KEYSTORE')],
    ],
  },
  'keystore.decrypt': {
    ok: () => [KEYSTORE, 'pw'],
    args: [str(), strOrBytes()],
    bad: [
      [() => [KEYSTORE, 'wrong'], ERR('ERR_WRONG_PASSWORD')],
      [() => ['[]', 'pw'], ERR('ERR_BAD_KEYSTORE')],
    ],
  },
  'keystore.encrypt': {
    ok: () => [SK, 'pw', { kdf: 'pbkdf2', c: 1 }],
    args: [len(32), strOrBytes(), opts()],
    bad: [[() => [SK, 'pw', { kdf: 'md5' }], ERR('ERR_BAD_ARGUMENT')]],
  },
  'wallet.fromPrivateKey': {
    ok: () => [SK],
    args: [len(32)],
    bad: [[() => [u8(32, 0)], ERR('ERR_INVALID_PRIVATE_KEY')]],
  },
  'wallet.createRandom': { ok: () => [], args: [] },
  'wallet.fromMnemonic': {
    ok: () => [MNEMONIC],
    args: [str(), opts()],
    bad: [
      [() => ['x y z'], ERR('ERR_BAD_MNEMONIC')],
      [() => [MNEMONIC, { path: 'q/1' }], ERR('ERR_BAD_DERIVATION_PATH')],
    ],
  },
  'wallet.hdFromMnemonic': { ok: () => [MNEMONIC], args: [str(), opts()] },
  'wallet.fromSeed': { ok: () => [SEED64], args: [len(16, 64)] },
  'wallet.fromKeystore': {
    ok: () => [KEYSTORE, 'pw'],
    args: [str(), strOrBytes()],
    bad: [[() => [KEYSTORE, 'no'], ERR('ERR_WRONG_PASSWORD')]],
  },
  'wallet.fromKeystoreAsync': { async: true, ok: () => [KEYSTORE, 'pw'], args: [str(), strOrBytes(), opts()] },
  'wallet.fromKeystoreWithKey': {
    ok: () => [KEYSTORE, ehr.wallet.keystoreDerivedKey(KEYSTORE, 'pw')],
    args: [str(), bytes()],
    bad: [
      [() => [KEYSTORE, u8(32)], ERR('ERR_WRONG_PASSWORD')],
      [() => ['{', u8(32)], ERR('ERR_BAD_JSON')],
    ],
  },
  'wallet.keystoreDerivedKey': { ok: () => [KEYSTORE, 'pw'], args: [str(), strOrBytes()] },
  'wallet.lockAll': { ok: () => [], args: [], skipRows: 'wipes every key the table holds' },
  toHex: { ok: () => [u8(2)], args: [bytes()] },
  fromHex: {
    ok: () => ['0x0102'],
    args: [str()],
    bad: [
      [() => ['0xz1'], TYPE],
      [() => ['0x123'], RANGE],
      [() => ['12'], TYPE],
    ],
  },
  createRpc: {
    ok: () => [{ url: 'http://127.0.0.1:9' }],
    args: [custom([undefined, null, 42, 'x', 1n])],
    bad: [[() => [{}], TYPE]],
  },
  pbkdf2Sha256: {
    ok: () => ['pw', 'salt', 1, 32],
    args: [strOrBytes(), strOrBytes(), int(1, 2 ** 32 - 1), int(1, 2 ** 20)],
  },
  pbkdf2Sha512: {
    ok: () => ['pw', 'salt', 1, 64],
    args: [strOrBytes(), strOrBytes(), int(1, 2 ** 32 - 1), int(1, 2 ** 20)],
  },
  scrypt: {
    ok: () => ['pw', 'salt', { N: 16, r: 1, p: 1 }],
    args: [strOrBytes(), strOrBytes(), custom([undefined, null, 42, 'x'])],
    bad: [
      [() => ['pw', 'salt', { N: 15, r: 1, p: 1 }], ERR('ERR_BAD_KDF_PARAMS')],
      [() => ['pw', 'salt', { N: 1, r: 1, p: 1 }], RANGE],
    ],
  },

  'ipfs.parseCid': {
    ok: () => [CID],
    args: [str()],
    bad: [
      [() => ['bafy'], ERR('ERR_BAD_MULTIBASE')],
      [() => ['Qm' + '1'.repeat(44)], ERR('ERR_BAD_CID')],
      [() => ['z'], ERR('ERR_BAD_CID')],
      [() => [''], ERR('ERR_BAD_CID')],
    ],
  },
  'ipfs.formatCid': {
    ok: () => [CID, 'base58btc'],
    args: [strOrBytes(), optional(str())],
    bad: [
      [() => [u8(3)], ERR('ERR_UNSUPPORTED')],
      [() => [Uint8Array.of(1, 0x55, 0x12, 3, 1)], ERR('ERR_BAD_MULTIHASH')],
      [() => [CID, 'base99'], TYPE],
    ],
  },
  'ipfs.verifyBlock': { ok: () => [CID, u8(10, 1)], args: [strOrBytes(), bytes('either')] },
  'ipfs.profile': {
    ok: () => ['kubo-default'],
    args: [optional(custom([null, 42, 1n]))],
    bad: [
      [() => ['nope'], ERR('ERR_BAD_ARGUMENT')],
      [() => [{ chunkSize: -1, maxLinks: 2, cidVersion: 1, rawLeaves: true }], TYPE],
      [() => [{ chunkSize: 1, maxLinks: 2, cidVersion: 1, rawLeaves: 'yes' }], TYPE],
    ],
  },
  'ipfs.cid': { async: true, ok: () => [u8(3)], args: [custom([undefined, null, 42, 'x', 1n])] },
  'ipfs.cidSync': { ok: () => [u8(3)], args: [bytes(), optional(custom([null, 42, 1n]))] },
  'ipfs.createFileBuilder': { ok: () => [{}], args: [opts()] },
  'ipfs.importFile': { async: true, ok: () => [u8(3)], args: [custom([undefined, null, 42, 'x', 1n]), opts()] },
  'ipfs.importDirectory': {
    async: true,
    ok: () => [[{ path: 'a', content: u8(3) }]],
    args: [custom([undefined, null, 42, 'x', 1n]), opts()],
    bad: [[() => [[{ path: '../a', content: u8(1) }]], ERR('ERR_BAD_ARGUMENT')]],
  },
  'ipfs.directoryCid': {
    async: true,
    ok: () => [[{ path: 'a', content: u8(3) }]],
    args: [custom([undefined, null, 42, 'x', 1n])],
  },
  'ipfs.createReader': {
    ok: () => [CID],
    args: [strOrBytes(), opts()],
    bad: [
      [() => ['bafyzzz'], ERR('ERR_BAD_MULTIBASE')],
      [() => [CID, { offset: -1 }], RANGE],
    ],
  },
  'ipfs.readFile': {
    async: true,
    ok: () => [CID, () => u8(10, 1)],
    args: [strOrBytes(), custom([undefined, null, 42, 'x'])],
    bad: [[() => [CID, () => u8(10, 2)], ERR('ERR_HASH_MISMATCH')]],
  },
  'ipfs.carHeader': {
    ok: () => [[CID]],
    args: [custom([undefined, null, 42, 'x', 1n])],
    bad: [[() => [['nope']], ERR('ERR_BAD_MULTIBASE')]],
  },
  'ipfs.carExport': {
    async: true,
    ok: () => [[CID], BLOCKS],
    args: [custom([undefined, null, 42, 'x', 1n]), custom([undefined, null, 42, 1n])],
  },
  'ipfs.carBytes': {
    ok: () => [[CID], BLOCKS],
    args: [custom([undefined, null, 42, 'x', 1n]), custom([undefined, null, 42, 1n])],
  },
  'ipfs.readCar': {
    async: true,
    ok: () => [ehr.ipfs.carBytes([CID], BLOCKS)],
    args: [custom([undefined, null, 42, 'x', 1n]), opts()],
    bad: [
      [() => [u8(40, 0xff)], ERR('ERR_BAD_CAR')],
      [() => [u8(0)], ERR('ERR_BAD_CAR')],
    ],
  },

  'records.encryptionKeyRequest': {
    ok: () => [1, ADDR, ADDR, 1],
    args: [
      custom(NOT_INT, [0, -1]),
      custom([undefined, null, 42, {}], ['0x12', u8(19)]),
      custom([undefined, null, 42, {}], ['0x12', u8(21)]),
      optional(int(0, 2 ** 32 - 1)),
    ],
  },
  'records.verifyEncryptionKeyRequest': {
    ok: () => [ehr.eip712.sign(r.encryptionKeyRequest(31337, ADDR, ADDR), SK), 31337, ADDR, ADDR],
    args: [
      len(65),
      custom(NOT_INT, [0]),
      custom([undefined, null, 42], ['0x1']),
      custom([undefined, null, 42], ['0x1']),
      optional(int(0, 2 ** 32 - 1)),
    ],
    bad: [[() => [TYPED_SIG, 1, ADDR, ADDR], ERR('ERR_INVALID_SIGNATURE')]],
  },
  'records.identityFromSeed': { ok: () => [SEED64, 0], args: [len(64), optional(int(0, 2 ** 32 - 1))] },
  'records.identityFromSignature': {
    ok: () => [SIG65, ADDR],
    args: [len(64, 65), custom([undefined, null, 42], ['0x1'])],
    bad: [[() => [u8(65, 0), ADDR], ERR('ERR_INVALID_SIGNATURE')]],
  },
  'records.chartRootFromSeed': { ok: () => [SEED64, ADDR], args: [len(64), custom([undefined, null, 42], ['0x1'])] },
  'records.chartRootFromSignature': {
    ok: () => [SIG65, ADDR],
    args: [len(64, 65), custom([undefined, null, 42], ['0x1'])],
  },
  'records.importX25519Secret': { ok: () => [X_SK], args: [len(32)] },
  'records.generateX25519': { ok: () => [], args: [] },
  'records.importChartKey': { ok: () => [u8(32), 1, 2], args: [len(32), int(0, 65535), int(0, 2 ** 32 - 1)] },
  'records.importChartRoot': { ok: () => [u8(32)], args: [len(32)] },
  'records.chartKeyHint': { ok: () => [CHART_KEY], args: [keyObj(CHART_ROOT, IDENTITY)] },
  'records.wrapKey': { ok: () => [CHART_KEY, X_PK], args: [keyObj(), len(32)] },
  'records.unwrapKey': {
    ok: () => [WRAP, IDENTITY],
    args: [len(88), keyObj(CHART_KEY, CHART_ROOT)],
    bad: [
      [() => [WRAP, r.importX25519Secret(u8(32, 8))], ERR('ERR_AUTH_FAILED')],
      [() => [u8(88, 1), IDENTITY], ERR('ERR_AUTH_FAILED')],
    ],
  },
  'records.publicKeyHint': { ok: () => [X_PK], args: [len(32)] },
  'records.clearKeys': { ok: () => [], args: [], skipRows: 'wipes every key the table holds' },
  'records.keyCount': { ok: () => [], args: [] },
  'records.search.create': { ok: () => [CHART_KEY], args: [keyObj(CHART_ROOT)] },
  'records.search.open': {
    ok: () => [SEARCH_ENV, CHART_KEY],
    args: [bytes('either'), keyObj(IDENTITY)],
    bad: [
      [() => [ENVELOPE, CHART_KEY], ERR('ERR_BAD_INDEX')],
      [() => [u8(30), CHART_KEY], ERR('ERR_BAD_ENVELOPE')],
    ],
  },
  'records.scopeName': { ok: () => [1], args: [custom(NOT_INT)] },
  'records.scopeLabel': { ok: () => [1], args: [custom(NOT_INT)] },
  'records.fhir.validate': {
    ok: () => [FHIR],
    args: [custom([undefined, null, 42, 1n, true])],
    bad: [[() => ['{'], 'valid-false']],
  },
  'records.fhir.check': {
    ok: () => [FHIR],
    args: [custom([undefined, null, 42, 1n, true])],
    bad: [
      [() => ['{"resourceType":'], ERR('ERR_BAD_JSON')],
      [() => [{ resourceType: 'Nope' }], ERR('ERR_BAD_FHIR')],
      [() => ['[]'], ERR('ERR_BAD_FHIR')],
    ],
  },
  'records.metamask.publicKeyOf': { ok: () => [IDENTITY], args: [keyObj(CHART_KEY)] },
  'records.metamask.encrypt': {
    ok: () => [X_PK, 'hi'],
    args: [custom([undefined, null, 42, {}], [u8(31)]), strOrBytes()],
    bad: [[() => ['!!notbase64', 'hi'], ERR('ERR_BAD_ENCODING')]],
  },
  'records.metamask.decryptBytes': {
    ok: () => [MM, IDENTITY],
    args: [custom([undefined, null, 42, 1n]), keyObj(CHART_KEY)],
    bad: [
      [() => ['{', IDENTITY], ERR('ERR_BAD_JSON')],
      [() => [{ ...MM, ciphertext: 'AAAA' }, IDENTITY], ERR('ERR_BAD_ENCODING')],
      [() => [{ ...MM, ciphertext: 'A'.repeat(64) }, IDENTITY], ERR('ERR_AUTH_FAILED')],
      [() => [{ ...MM, version: 'v9' }, IDENTITY], ERR('ERR_UNKNOWN_VERSION')],
    ],
  },
  'records.metamask.decrypt': {
    ok: () => [MM, IDENTITY],
    args: [custom([undefined, null, 42, 1n]), keyObj(CHART_KEY)],
  },
  'records.grants.create': {
    ok: () => [CHART_ROOT, X_PK, 1, EPOCHS],
    args: [keyObj(CHART_KEY), len(32), int(0, 2 ** 32 - 1), custom([undefined, null, 42, 'x'], [[0]])],
    bad: [[() => [CHART_ROOT, X_PK, 0, EPOCHS], ERR('ERR_BAD_ARGUMENT')]],
  },
  'records.grants.open': {
    ok: () => [GRANT, IDENTITY],
    args: [bytes('either'), keyObj(CHART_KEY)],
    bad: [
      [() => [GRANT.subarray(0, 10), IDENTITY], ERR('ERR_BAD_GRANT')],
      [() => [GRANT, r.importX25519Secret(u8(32, 8))], ERR('ERR_AUTH_FAILED')],
    ],
  },
  'records.grants.labels': {
    ok: () => [GRANT],
    args: [bytes('either')],
    bad: [[() => [Uint8Array.of(2, 0, 0)], ERR('ERR_BAD_GRANT')]],
  },
  'records.grants.afterEpochChange': {
    ok: () => [CHART_ROOT, 1, EPOCHS, [{ publicKey: X_PK, scopes: 1 }]],
    args: [
      keyObj(CHART_KEY),
      int(0, 2 ** 32 - 1),
      custom([undefined, null, 42], [[1]]),
      custom([undefined, null, 42, 'x']),
    ],
  },
  'records.institutions.create': {
    ok: () => [1, [X_PK]],
    args: [int(0, 2 ** 32 - 1), custom([undefined, null, 42, 'x'], [[u8(31)]])],
    bad: [[() => [1, []], ERR('ERR_BAD_ARGUMENT')]],
  },
  'records.institutions.seal': {
    ok: () => [GROUP.groupKey, 1, [X_PK]],
    args: [keyObj(CHART_KEY), int(0, 2 ** 32 - 1), custom([undefined, null, 42])],
  },
  'records.institutions.open': {
    ok: () => [GROUP.memberWraps, IDENTITY],
    args: [bytes('either'), keyObj(CHART_ROOT)],
    bad: [[() => [GROUP.memberWraps, r.importX25519Secret(u8(32, 8))], ERR('ERR_NO_RECIPIENT')]],
  },
  'records.institutions.inspect': {
    ok: () => [GROUP.memberWraps],
    args: [bytes('either')],
    bad: [[() => [u8(3)], ERR('ERR_BAD_GRANT')]],
  },
  'records.createEncryptor': {
    ok: () => [{ scope: 0, epoch: 0, chartKeys: [CHART_KEY] }],
    args: [custom([undefined, null, 42, 'x'])],
    bad: [
      [() => [{ scope: 0, epoch: 0 }], RANGE],
      [() => [{ scope: 0, epoch: 0, chartKeys: [CHART_KEY], chunkSize: 1 }], RANGE],
      [() => [{ scope: 70000, epoch: 0, chartKeys: [CHART_KEY] }], RANGE],
    ],
  },
  'records.createDecryptor': {
    ok: () => [{ chartKeys: [CHART_KEY] }],
    args: [custom([undefined, null, 42, 'x'])],
    bad: [[() => [{ chartKeys: [IDENTITY] }], TYPE]],
  },
  'records.encrypt': {
    ok: () => [u8(3), { scope: 0, epoch: 0, chartKeys: [CHART_KEY] }],
    args: [bytes(), custom([undefined, null, 42, 'x'])],
  },
  'records.decrypt': {
    ok: () => [ENVELOPE, { chartKeys: [CHART_KEY] }],
    args: [bytes('either'), custom([undefined, null, 42, 'x'])],
    bad: [
      [() => [ENVELOPE.subarray(0, ENVELOPE.length - 1), { chartKeys: [CHART_KEY] }], ERR('ERR_AUTH_FAILED')],
      [() => [ENVELOPE.subarray(0, ENVELOPE.length - 117), { chartKeys: [CHART_KEY] }], ERR('ERR_STREAM_TRUNCATED')],
      [() => [u8(100), { chartKeys: [CHART_KEY] }], ERR('ERR_BAD_ENVELOPE')],
      [() => [ENVELOPE, { chartKeys: [CHART_ROOT.chartKey(0, 1)] }], ERR('ERR_NO_RECIPIENT')],
    ],
  },
  'records.encryptStream': {
    ok: () => [{ scope: 0, epoch: 0, chartKeys: [CHART_KEY] }],
    args: [custom([undefined, null, 42, 'x'])],
  },
  'records.decryptStream': { ok: () => [{ chartKeys: [CHART_KEY] }], args: [custom([undefined, null, 42, 'x'])] },
  'records.inspect': {
    ok: () => [ENVELOPE],
    args: [bytes('either')],
    bad: [[() => [u8(24, 0)], ERR('ERR_BAD_ENVELOPE')]],
  },
  wipe: { ok: () => [u8(2)], args: [bytes()] },
};

/**
 * Objects the API hands out, each made fresh for a row: 'Type' -> factory. Their methods are
 * enumerated like the API's functions and need 'Type#method' entries.
 */
const INSTANCES = {
  PrivateKey: () => ehr.secp256k1.PrivateKey.fromBytes(SK),
  SymmetricKey: () => ehr.SymmetricKey.fromBytes(u8(32)),
  X25519KeyPair: () => ehr.x25519.KeyPair.fromSecretKey(X_SK),
  IncrementalHash: () => ehr.createSha256(),
  PushStream: () => ehr.secretstream.createPush(u8(32)),
  PullStream: () => ehr.secretstream.createPull(PUSH_HEADER, u8(32)),
  AbiInterface: () => ehr.abi.createInterface(ABI),
  Wallet: () => ehr.wallet.fromPrivateKey(SK),
  HDNode: () => ehr.wallet.fromSeed(SEED64),
  FileBuilder: () => ehr.ipfs.createFileBuilder(),
  DagReader: () => ehr.ipfs.createReader(CID),
  X25519Key: () => r.importX25519Secret(X_SK),
  ChartRoot: () => r.importChartRoot(u8(32, 9)),
  ChartKey: () => r.importChartKey(u8(32, 9), 0, 0),
  Encryptor: () => r.createEncryptor({ scope: 0, epoch: 0, chartKeys: [CHART_KEY] }),
  Decryptor: () => r.createDecryptor({ chartKeys: [CHART_KEY] }),
  SearchIndex: () => r.search.create(CHART_KEY),
};

Object.assign(T, {
  'PrivateKey#publicKey': { ok: () => [true], args: [none()] },
  'PrivateKey#sign': { ok: () => [H32], args: [len(32)] },
  'PrivateKey#ecdh': {
    ok: () => [PK33],
    args: [len(33, 65), opts()],
    bad: [[() => [OFF_CURVE], ERR('ERR_INVALID_PUBLIC_KEY')]],
  },
  'PrivateKey#dispose': { ok: () => [], args: [] },
  'SymmetricKey#dispose': { ok: () => [], args: [] },
  'X25519KeyPair#sharedSecret': {
    ok: () => [X_PK],
    args: [len(32)],
    bad: [[() => [u8(32, 0)], ERR('ERR_INVALID_PUBLIC_KEY')]],
  },
  'X25519KeyPair#dispose': { ok: () => [], args: [] },
  'IncrementalHash#update': { ok: () => [u8(3)], args: [bytes('either')] },
  'IncrementalHash#digest': { ok: () => [], args: [] },
  'IncrementalHash#dispose': { ok: () => [], args: [] },
  'PushStream#push': {
    ok: () => [u8(3), { tag: 0 }],
    args: [bytes(), opts()],
    bad: [[() => [u8(3), { tag: 9 }], RANGE]],
  },
  'PushStream#dispose': { ok: () => [], args: [] },
  'PullStream#pull': {
    ok: () => [CHUNK],
    args: [bytes('either'), opts()],
    bad: [
      [() => [u8(30)], ERR('ERR_AUTH_FAILED')],
      [() => [u8(3)], RANGE],
    ],
  },
  'PullStream#end': {
    ok: () => [],
    args: [],
    bad: [[() => [], ERR('ERR_STREAM_TRUNCATED')]],
    okThrows: ERR('ERR_STREAM_TRUNCATED'),
  },
  'PullStream#dispose': { ok: () => [], args: [] },
  'AbiInterface#getFunction': { ok: () => ['f'], args: [str()], bad: [[() => ['g'], ERR('ERR_BAD_ABI')]] },
  'AbiInterface#getEvent': { ok: () => ['E'], args: [str()] },
  'AbiInterface#getError': { ok: () => ['Bad'], args: [str()] },
  'AbiInterface#encodeFunctionData': {
    ok: () => ['f', [1n]],
    args: [str(), optional(custom([null, 42, 'x', 1n]))],
    bad: [
      [() => ['f', ['x']], ERR('ERR_ABI_VALUE')],
      [() => ['f', []], ERR('ERR_ABI_VALUE')],
    ],
  },
  'AbiInterface#decodeFunctionData': {
    ok: () => [
      'f',
      ehr.abi.selector('f(uint256)').length ? new Uint8Array([...ehr.abi.selector('f(uint256)'), ...u8(32)]) : null,
    ],
    args: [str(), bytesLike()],
    bad: [[() => ['f', u8(4)], ERR('ERR_BAD_ABI')]],
  },
  'AbiInterface#encodeFunctionResult': {
    ok: () => ['f', [true]],
    args: [str(), optional(custom([null, 42, 'x', 1n]))],
  },
  'AbiInterface#decodeFunctionResult': {
    ok: () => ['f', u8(32, 0)],
    args: [str(), bytesLike()],
    bad: [[() => ['f', u8(31)], ERR('ERR_BAD_ABI')]],
  },
  'AbiInterface#encodeDeploy': { ok: () => [[]], args: [optional(custom([null, 42, 'x', 1n]))] },
  'AbiInterface#encodeErrorResult': { ok: () => ['Bad', [1]], args: [str(), optional(custom([null, 42, 'x', 1n]))] },
  'AbiInterface#encodeEventTopics': { ok: () => ['E', [1n]], args: [str(), optional(custom([null, 42, 'x', 1n]))] },
  'AbiInterface#decodeEventLog': {
    ok: () => [
      { topics: [hexOf(ehr.keccak256(new TextEncoder().encode('E(uint256)'))), hexOf(u8(32, 0))], data: '0x' },
    ],
    args: [custom([undefined, null, 42, 'x', 1n]), optional(custom([42, {}, 1n]))],
    bad: [[() => [{ topics: [hexOf(u8(32))], data: '0x' }], ERR('ERR_BAD_ABI')]],
  },
  'AbiInterface#decodeError': {
    ok: () => [
      ehr.abi.selector('Bad(uint8)').length ? new Uint8Array([...ehr.abi.selector('Bad(uint8)'), ...u8(32, 0)]) : null,
    ],
    args: [bytesLike()],
    bad: [[() => [u8(4, 9)], ERR('ERR_BAD_ABI')]],
  },
  'AbiInterface#dispose': { ok: () => [], args: [] },
  'Wallet#publicKey': { ok: () => [true], args: [none()] },
  'Wallet#signTransaction': {
    ok: () => [TX],
    args: [custom([undefined, null, 42, 'x', 1n])],
    bad: [[() => [{ ...TX, from: '0x' + '11'.repeat(20) }], ERR('ERR_BAD_TRANSACTION')]],
  },
  'Wallet#signMessage': { ok: () => ['hi'], args: [strOrBytes()] },
  'Wallet#signTypedData': { ok: () => [TYPED], args: [custom([undefined, null, 42, 1n, true])] },
  'Wallet#encryptKeystore': { ok: () => ['pw', { kdf: 'pbkdf2', c: 1 }], args: [strOrBytes(), opts()] },
  'Wallet#encryptKeystoreAsync': {
    async: true,
    ok: () => ['pw', { kdf: 'pbkdf2', c: 1 }],
    args: [strOrBytes(), opts()],
  },
  'Wallet#exportPrivateKey': { ok: () => [], args: [] },
  'Wallet#dispose': { ok: () => [], args: [] },
  'HDNode#derive': {
    ok: () => ["m/0'/1"],
    args: [str()],
    bad: [
      [() => ['m/x'], ERR('ERR_BAD_DERIVATION_PATH')],
      [() => ["m/2147483648'"], ERR('ERR_BAD_DERIVATION_PATH')],
    ],
  },
  'HDNode#deriveAccount': { ok: () => [0], args: [optional(int(0, 2 ** 31 - 1))] },
  'HDNode#exportExtendedPrivateKey': { ok: () => [], args: [] },
  'FileBuilder#update': { ok: () => [u8(3)], args: [bytes('either')] },
  'FileBuilder#addRawLeaf': {
    ok: () => [u8(32), 10],
    args: [len(32), custom(NOT_INT, [-1, 2 ** 32])],
    bad: [[() => [u8(32), (1 << 20) + 1], ERR('ERR_BAD_ARGUMENT')]],
  },
  'FileBuilder#finish': { ok: () => [], args: [] },
  'FileBuilder#dispose': { ok: () => [], args: [] },
  'DagReader#next': { ok: () => [], args: [] },
  'DagReader#supply': {
    ok: () => [u8(10, 1)],
    args: [bytes('either')],
    bad: [[() => [u8(10, 2)], ERR('ERR_HASH_MISMATCH')]],
  },
  'DagReader#upcoming': { ok: () => [2], args: [optional(custom(NOT_INT, [0, -1]))] },
  'DagReader#dispose': { ok: () => [], args: [] },
  'X25519Key#dispose': { ok: () => [], args: [] },
  'ChartRoot#chartKey': { ok: () => [1, 2], args: [int(0, 65535), int(0, 2 ** 32 - 1)] },
  'ChartRoot#dispose': { ok: () => [], args: [] },
  'ChartKey#dispose': { ok: () => [], args: [] },
  'Encryptor#push': { ok: () => [u8(3)], args: [bytes()] },
  'Encryptor#finish': { ok: () => [], args: [] },
  'Encryptor#dispose': { ok: () => [], args: [] },
  'Decryptor#push': {
    ok: () => [ENVELOPE],
    args: [bytes('either')],
    bad: [[() => [u8(200)], ERR('ERR_BAD_ENVELOPE')]],
  },
  'Decryptor#finish': { ok: () => [], args: [], okThrows: ERR('ERR_STREAM_TRUNCATED') },
  'Decryptor#dispose': { ok: () => [], args: [] },
  'SearchIndex#addResource': {
    ok: () => ['r1', FHIR],
    args: [str(), custom([undefined, null, 42, 1n])],
    bad: [[() => ['r1', '{'], ERR('ERR_BAD_JSON')]],
  },
  'SearchIndex#addTerms': { ok: () => ['r1', { words: ['a'] }], args: [str(), custom([undefined, null, 42, 'x', 1n])] },
  'SearchIndex#merge': { ok: () => [r.search.create(CHART_KEY)], args: [custom([undefined, null, 42, 'x', {}])] },
  'SearchIndex#query': {
    ok: () => [{ words: ['flu'] }],
    args: [custom([undefined, null, 42, 'x', 1n])],
    bad: [[() => [{ from: 'yesterday' }], ERR('ERR_BAD_ARGUMENT')]],
  },
  'SearchIndex#seal': { ok: () => [CHART_KEY], args: [keyObj(CHART_ROOT, IDENTITY)] },
  'SearchIndex#dispose': { ok: () => [], args: [] },
});
// Methods of the handle base class (core.js) on every key and stream object, and the Wallet
// methods an HDNode inherits.
for (const type of ['PrivateKey', 'SymmetricKey', 'X25519KeyPair', 'PushStream', 'PullStream']) {
  T[`${type}#handle`] = { ok: () => [], args: [] };
  T[`${type}#_forget`] = { ok: () => [], args: [] };
}
// A Wallet is a handle object too (its `handle` is a getter, so only _forget is a method).
T['Wallet#_forget'] = { ok: () => [], args: [] };
for (const k of Object.keys(T)) if (k.startsWith('Wallet#')) T[`HDNode#${k.slice(7)}`] = T[k];

// ---- enumeration ------------------------------------------------------------------------------------
const isClass = (f) => typeof f === 'function' && /^class\b/.test(Function.prototype.toString.call(f));
/** Every callable of the API: [path, function, thisArg]. */
function enumerateApi() {
  const found = [];
  const seen = new Set();
  const walk = (obj, path) => {
    for (const k of Object.keys(obj)) {
      const v = obj[k];
      const p = path ? `${path}.${k}` : k;
      if (isClass(v)) {
        for (const s of Object.getOwnPropertyNames(v))
          if (typeof v[s] === 'function' && s !== 'prototype') found.push([`${p}.${s}`, v[s], v]);
      } else if (typeof v === 'function') found.push([p, v, obj]);
      else if (v !== null && typeof v === 'object' && !(v instanceof Uint8Array) && !seen.has(v)) {
        seen.add(v);
        walk(v, p);
      } else if (v !== null && typeof v !== 'object') found.push([p, null, obj]);
    }
  };
  walk(ehr, '');
  return found;
}
/** Method names of an object: own function-valued properties and prototype-chain methods (not getters). */
function methodsOf(obj) {
  const names = new Set();
  const shadowed = new Set(); // a name defined nearer (e.g. a getter over a base-class method)
  for (let o = obj; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    for (const n of Object.getOwnPropertyNames(o)) {
      if (n === 'constructor' || shadowed.has(n)) continue;
      shadowed.add(n);
      const d = Object.getOwnPropertyDescriptor(o, n);
      if (typeof d.value === 'function') names.add(n);
    }
  }
  return [...names];
}
const SCALAR_OK = (p) =>
  /^(version|sealedBox\.OVERHEAD|aead\.\w+\.(KEY|NONCE|TAG)_BYTES|secretstream\.(KEY_BYTES|HEADER_BYTES|OVERHEAD|TAG\.\w+)|records\.scopes\.\w+|records\.metamask\.version)$/.test(
    p,
  );

test('every export of the API has a table entry, and every entry names an export', () => {
  const paths = [];
  for (const [p, fn] of enumerateApi()) {
    if (fn === null) {
      if (!SCALAR_OK(p)) paths.push(p); // a new constant must be listed above (or given an entry)
      continue;
    }
    paths.push(p);
  }
  for (const [type, make] of Object.entries(INSTANCES)) {
    const obj = make();
    for (const m of methodsOf(obj)) paths.push(`${type}#${m}`);
    obj.dispose?.();
  }
  const missing = paths.filter((p) => !(p in T));
  assert.deepEqual(missing, [], `exports without a bad-input table entry: ${missing.join(', ')}`);
  const stale = Object.keys(T).filter((k) => k !== 'version' && !paths.includes(k));
  assert.deepEqual(stale, [], `table entries for exports that no longer exist: ${stale.join(', ')}`);
  console.log(`# bad-input table: ${paths.length} exports covered (${Object.keys(INSTANCES).length} object types)`);
});

// ---- running rows -----------------------------------------------------------------------------------
/** The function and its `this` for a table key (instance rows get a fresh object). */
function resolve(key) {
  const hash = key.indexOf('#');
  if (hash > 0) {
    const self = INSTANCES[key.slice(0, hash)]();
    return { fn: self[key.slice(hash + 1)], self, cleanup: () => self.dispose?.() };
  }
  const parts = key.split('.');
  let obj = ehr;
  for (const p of parts.slice(0, -1)) obj = obj[p];
  return { fn: obj[parts.at(-1)], self: obj, cleanup: () => {} };
}

/** Calls and settles: sync result, promise, async generator or ReadableStream-ish transforms. */
async function settle(value) {
  if (value && typeof value.then === 'function') return settle(await value);
  if (value && typeof value[Symbol.asyncIterator] === 'function' && typeof value.next === 'function') {
    for await (const _ of value);
  }
  return value;
}

const describe = (v) =>
  v === undefined
    ? 'undefined'
    : v === null
      ? 'null'
      : v instanceof Uint8Array
        ? `Uint8Array(${v.length})`
        : typeof v === 'bigint'
          ? `${v}n`
          : typeof v === 'string'
            ? JSON.stringify(v.slice(0, 20))
            : Array.isArray(v)
              ? `[${v.length}]`
              : typeof v === 'object'
                ? (v.constructor?.name ?? 'object')
                : String(v);

const ABC = new TextEncoder().encode('abc');
const SHA_ABC = createHash('sha256').update(ABC).digest('hex');
/** Known answer: the module still works. */
const alive = () => assert.equal(Buffer.from(ehr.sha256(ABC)).toString('hex'), SHA_ABC);

/**
 * Runs one row: expects `expected` (klass + code) to be thrown; 'either' also accepts success.
 * Returns null when the row holds, else what went wrong.
 */
async function row(key, args, expected, label) {
  try {
    await rowStrict(key, args, expected, label);
    return null;
  } catch (e) {
    return e.message.split('\n')[0];
  }
}
async function rowStrict(key, args, expected, label) {
  const { fn, self, cleanup } = resolve(key);
  let result, error;
  try {
    result = await settle(fn.apply(self, args));
  } catch (e) {
    error = e;
  } finally {
    try {
      result?.dispose?.();
    } catch {}
    try {
      cleanup();
    } catch {}
  }
  const where = `${key}(${args.map(describe).join(', ')}) [${label}]`;
  if (expected === 'valid-false') {
    assert.ok(!error, `${where}: ${error?.message}`);
    assert.equal(result.valid, false, `${where}: reported valid`);
  } else if (expected === 'either') {
    if (error)
      assert.ok(
        (error instanceof RangeError && error.code === 'ERR_BAD_LENGTH') ||
          (error instanceof EhrError && /^ERR_/.test(error.code)),
        `${where}: ${error?.name} ${error?.code}: ${error?.message}`,
      );
  } else {
    assert.ok(error !== undefined, `${where}: did not throw`);
    assert.ok(
      error instanceof expected.klass,
      `${where}: threw ${error?.name} (${error?.code}): ${error?.message}, expected ${expected.klass.name}`,
    );
    assert.equal(
      error.code,
      expected.code,
      `${where}: code ${error.code} (${error.message}), expected ${expected.code}`,
    );
  }
  alive();
  return error;
}

let rowCount = 0;
const keysForRows = Object.keys(T).filter((k) => !T[k].value && !T[k].skipRows);

test('valid arguments succeed (so the rows below test the argument, not the fixture)', async () => {
  for (const key of keysForRows) {
    const e = T[key];
    const { fn, self, cleanup } = resolve(key);
    try {
      const res = await settle(fn.apply(self, e.ok()));
      res?.dispose?.();
    } catch (err) {
      if (!e.okThrows) assert.fail(`${key}: valid arguments threw ${err?.name} ${err?.code}: ${err?.message}`);
      assert.ok(err instanceof e.okThrows.klass && err.code === e.okThrows.code, `${key}: ${err.code}`);
    } finally {
      cleanup();
    }
    alive();
  }
});

test('wrong types, wrong lengths, huge and malformed inputs raise typed errors; the module stays usable', async () => {
  const failures = [];
  const check = (f) => f && failures.push(f);
  for (const key of keysForRows) {
    const e = T[key];
    if (e.skipRows) continue;
    const specs = e.args ?? [];
    for (let i = 0; i < specs.length; i++) {
      const spec = specs[i];
      for (const bad of spec.types) {
        const args = e.ok();
        args[i] = bad;
        while (args.length > i + 1 && args.at(-1) === undefined) args.pop();
        check(await row(key, args, TYPE, `arg ${i} wrong type`));
        rowCount++;
      }
      for (const bad of spec.lengths) {
        const args = e.ok();
        args[i] = bad;
        check(await row(key, args, RANGE, `arg ${i} wrong length/range`));
        rowCount++;
      }
      if (spec.huge) {
        const args = e.ok();
        args[i] = HUGE;
        check(await row(key, args, spec.huge === 'refuse' ? RANGE : 'either', `arg ${i} 64 MiB`));
        rowCount++;
      }
    }
    for (const [make, expected] of e.bad ?? []) {
      check(await row(key, make(), expected, 'malformed'));
      rowCount++;
    }
  }
  console.log(`# bad-input rows: ${rowCount}`);
  assert.deepEqual(failures, [], `${failures.length} rows failed:\n${failures.join('\n')}`);
  assert.ok(rowCount > 500);
});

test('handles are refused after dispose with ERR_BAD_HANDLE', async () => {
  for (const [type, make] of Object.entries(INSTANCES)) {
    const obj = make();
    obj.dispose();
    obj.dispose(); // idempotent
    for (const m of methodsOf(obj)) {
      if (m === 'dispose') continue;
      const key = `${type}#${m}`;
      let error;
      try {
        await settle(obj[m](...T[key].ok()));
      } catch (e) {
        error = e;
      }
      // Some accessors of a disposed object (e.g. a reader's next() after dispose) may legitimately
      // answer from JS state; anything that reaches the module must refuse with a typed error.
      if (error)
        assert.ok(
          error instanceof EhrError || error instanceof TypeError || error instanceof RangeError,
          `${key} after dispose: ${error}`,
        );
      if (error instanceof EhrError)
        assert.match(error.code, /^ERR_(BAD_HANDLE|STREAM_STATE)$/, `${key} after dispose: ${error.code}`);
      alive();
    }
  }
});

test('10,000 bad calls do not grow the module memory or leak handles', () => {
  assert.ok(memory instanceof WebAssembly.Memory, 'the module memory was captured');
  // Calls that copy a few KiB into the module before failing: a leak of the copy would need
  // 10,000 * 4 KiB = 40 MiB and force the memory to grow.
  const junk = new Uint8Array(4096).map((_, i) => (i * 7 + 3) & 0xff);
  junk[0] = 0xf9; // RLP list head claiming more bytes than there are
  const calls = [
    () => ehr.rlp.decode(junk),
    () => ehr.tx.parse(junk),
    () => r.inspect(junk),
    () => r.decrypt(junk, { chartKeys: [CHART_KEY] }),
    () => r.grants.labels(junk),
    () => r.institutions.inspect(junk),
    () => r.fhir.check(`{"resourceType":"Observation","x":"${'a'.repeat(4000)}`),
    () => ehr.keystore.describe(`{"version":3,"crypto":"${'b'.repeat(4000)}"}`),
    () => ehr.abi.decode(['string'], junk),
    () => ehr.ipfs.parseCid(`b${'a'.repeat(4000)}!`),
    () => ehr.secp256k1.publicKeyFromSpki(junk),
    () => ehr.eip712.hash({ ...TYPED, primaryType: 'x'.repeat(4000) }),
    () => ehr.secp256k1.sign(u8(31), SK),
    () => ehr.address.parse('0x12'),
    () => r.metamask.decryptBytes({ ...MM, ciphertext: 'QUFB'.repeat(1000) }, IDENTITY),
    () => ehr.aead.xchacha20poly1305.decrypt(u8(32), u8(24), junk),
  ];
  const run = (n) => {
    for (let i = 0; i < n; i++) {
      try {
        calls[i % calls.length]();
        assert.fail(`call ${i % calls.length} did not throw`);
      } catch (e) {
        if (!(e instanceof EhrError || e instanceof RangeError || e instanceof TypeError) || typeof e.code !== 'string')
          throw e;
      }
    }
  };
  run(1000); // warm-up: staging buffers reach their size
  const bytesBefore = memory.buffer.byteLength;
  const handlesBefore = ehr.liveHandles();
  const keysBefore = r.keyCount();
  run(10_000);
  assert.equal(memory.buffer.byteLength, bytesBefore, 'module memory grew across 10,000 bad calls');
  assert.equal(ehr.liveHandles(), handlesBefore);
  assert.equal(r.keyCount(), keysBefore);
  // A big allocation still succeeds and computes the right thing.
  const big = new Uint8Array(32 * MiB).fill(0x5a);
  assert.equal(Buffer.from(ehr.sha256(big)).toString('hex'), createHash('sha256').update(big).digest('hex'));
  alive();
});

test('the lock functions take no arguments, ignore junk ones, and wipe every key', async () => {
  for (const key of Object.keys(T).filter((k) => T[k].skipRows)) {
    const a = r.importChartRoot(u8(32, 9));
    const w = ehr.wallet.fromPrivateKey(SK);
    const k = ehr.SymmetricKey.fromBytes(u8(32));
    const { fn, self } = resolve(key);
    fn.apply(self, [42, 'junk', null]);
    alive();
    for (const [what, f] of [
      ['chart root', () => a.chartKey(0, 0)],
      ['wallet', () => w.address && w.signMessage('x')],
      ['symmetric key', () => ehr.aead.xchacha20poly1305.encrypt(k, u8(24), u8(1))],
    ]) {
      let threw = null;
      try {
        f();
      } catch (e) {
        threw = e;
      }
      // each lock function wipes its own area; what it wiped must refuse with ERR_BAD_HANDLE
      if (threw) assert.equal(threw.code, 'ERR_BAD_HANDLE', `${key}: ${what}: ${threw.message}`);
    }
    a.dispose();
    w.dispose();
    k.dispose();
  }
  r.clearKeys();
  assert.equal(r.keyCount(), 0);
  ehr.disposeAll();
  assert.equal(ehr.liveHandles(), 0);
});
