// Random differential tests of the Ethereum API against ethers v6 (and @metamask/eth-sig-util
// for EIP-712), byte for byte. Seeded; the seed is printed (replay with EHR_TEST_SEED).
//   - ABI encode/decode over random type trees and values (EHR_ABI_CASES, default 2,000)
//   - EIP-712 hashes of random typed data (vs ethers TypedDataEncoder and eth-sig-util V4)
//   - signed transactions of all three types
//   - HD addresses of random mnemonics
//   - keystores both ways (small scrypt N / PBKDF2 counts to stay fast)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AbiCoder,
  Wallet as EthersWallet,
  HDNodeWallet,
  Mnemonic,
  TypedDataEncoder,
  Transaction as EthersTx,
  getAddress,
  hexlify,
  decryptKeystoreJson,
  encryptKeystoreJson,
  hashMessage,
  keccak256,
  toUtf8Bytes,
} from 'ethers';
import { TypedDataUtils, SignTypedDataVersion } from '@metamask/eth-sig-util';
import { init, makeRng, hex } from './helpers.mjs';
import { abiRandom } from './abi-random.mjs';

const ehr = await init();
const rng = makeRng('eth-differential');
const { randBig, elementaryType: ELEMENTARY } = abiRandom(rng);

const coder = AbiCoder.defaultAbiCoder();
const ABI_CASES = Number(process.env.EHR_ABI_CASES ?? 2000);

const randHex = (n) => hexlify(rng.bytes(n));
const randAddress = () => getAddress(randHex(20));
const CHARS = ['a', 'Z', '0', ' ', 'é', 'ß', '中', '文', '😀', '\u0000', '"', '\\', '\n'];
const randString = () => Array.from({ length: rng.int(40) }, () => CHARS[rng.int(CHARS.length)]).join('');

// ---- ABI ---------------------------------------------------------------------------------------------

function randType(depth) {
  const r = rng.int(10);
  let t;
  if (depth < 3 && r < 2) {
    const n = 1 + rng.int(4);
    t = `(${Array.from({ length: n }, () => randType(depth + 1)).join(',')})`;
  } else {
    t = ELEMENTARY();
  }
  while (depth < 3 && rng.int(4) === 0) t += rng.int(2) ? '[]' : `[${1 + rng.int(3)}]`;
  return t;
}

// Splits "(a,(b,c)[],d)" into its top-level components.
function splitTuple(t) {
  const inner = t.slice(1, -1);
  const parts = [];
  let depth = 0,
    start = 0;
  for (let i = 0; i < inner.length; i++) {
    if (inner[i] === '(') depth++;
    else if (inner[i] === ')') depth--;
    else if (inner[i] === ',' && depth === 0) {
      parts.push(inner.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(inner.slice(start));
  return parts;
}

function randValue(t) {
  const arr = t.match(/^(.*)\[(\d*)\]$/);
  if (arr) {
    const n = arr[2] === '' ? rng.int(4) : Number(arr[2]);
    return Array.from({ length: n }, () => randValue(arr[1]));
  }
  if (t.startsWith('(')) return splitTuple(t).map(randValue);
  let m;
  if ((m = t.match(/^uint(\d+)$/))) return randBig(Number(m[1]));
  if ((m = t.match(/^int(\d+)$/))) {
    const bits = Number(m[1]);
    const v = randBig(bits - 1);
    return rng.int(2) ? -v - (rng.int(4) === 0 ? 1n : 0n) : v;
  }
  if (t === 'address') return randAddress();
  if (t === 'bool') return rng.int(2) === 1;
  if ((m = t.match(/^bytes(\d+)$/))) return randHex(Number(m[1]));
  if (t === 'bytes') return randHex(rng.int(70));
  if (t === 'string') return randString();
  throw new Error(`type ${t}`);
}

// A comparable form of decoded values: bigint, strings, booleans, hex for bytes, arrays.
const plain = (v) => {
  if (v instanceof Uint8Array) return hexlify(v);
  if (Array.isArray(v) || (v && typeof v.toArray === 'function')) return Array.from(v.toArray ? v.toArray() : v, plain);
  return v;
};

test(`ABI: ${ABI_CASES} random type trees and values, byte-for-byte with ethers`, () => {
  for (let i = 0; i < ABI_CASES; i++) {
    const types = Array.from({ length: 1 + rng.int(4) }, () => randType(0));
    const values = types.map(randValue);
    const label = `case ${i}: ${types.join(', ')}`;
    const theirs = coder.encode(types, values);
    const ours = ehr.abi.encode(types, values);
    assert.equal(hexlify(ours), theirs, label);
    // Both decoders agree on the bytes, and give back the values.
    const decoded = plain(ehr.abi.decode(types, ours));
    assert.deepEqual(decoded, plain(coder.decode(types, ours)), label);
    assert.deepEqual(decoded, plain(values), label);
  }
});

test('ABI: interface call data, results, events and errors agree with ethers Interface', async () => {
  const { Interface } = await import('ethers');
  const abiJson = [
    {
      type: 'function',
      name: 'f',
      stateMutability: 'nonpayable',
      inputs: [
        { name: 'a', type: 'uint256' },
        {
          name: 'b',
          type: 'tuple[]',
          components: [
            { name: 'x', type: 'string' },
            { name: 'y', type: 'bytes32' },
          ],
        },
      ],
      outputs: [
        { name: 'ok', type: 'bool' },
        { name: 'n', type: 'int64' },
      ],
    },
    {
      type: 'event',
      name: 'E',
      anonymous: false,
      inputs: [
        { name: 'who', type: 'address', indexed: true },
        { name: 'tag', type: 'string', indexed: true },
        { name: 'v', type: 'uint8[]', indexed: false },
      ],
    },
    {
      type: 'error',
      name: 'Bad',
      inputs: [
        { name: 'code', type: 'uint16' },
        { name: 'why', type: 'string' },
      ],
    },
  ];
  const theirs = new Interface(abiJson);
  const ours = ehr.abi.createInterface(abiJson);
  for (let i = 0; i < 200; i++) {
    const args = [randBig(256), Array.from({ length: rng.int(3) }, () => [randString(), randHex(32)])];
    assert.equal(hexlify(ours.encodeFunctionData('f', args)), theirs.encodeFunctionData('f', args));
    const result = [rng.int(2) === 1, BigInt.asIntN(64, randBig(64))];
    const resBytes = theirs.encodeFunctionResult('f', result);
    assert.deepEqual(plain(ours.decodeFunctionResult('f', resBytes)), plain(result));
    const who = randAddress(),
      tag = randString(),
      v = Array.from({ length: rng.int(4) }, () => randBig(8));
    const log = theirs.encodeEventLog('E', [who, tag, v]);
    const decoded = ours.decodeEventLog(log);
    assert.equal(decoded.args.who, who);
    assert.equal(hexlify(decoded.args.tag.hash), keccak256(toUtf8Bytes(tag)));
    assert.deepEqual(decoded.args.v, v);
    assert.deepEqual(ours.encodeEventTopics('E', [who, tag]), theirs.encodeFilterTopics('E', [who, tag]));
    const err = theirs.encodeErrorResult('Bad', [Number(randBig(16)), randString()]);
    const rev = ours.decodeError(err);
    assert.equal(rev.name, 'Bad');
    assert.deepEqual(plain(rev.args), plain(theirs.decodeErrorResult('Bad', err)));
  }
  ours.dispose();
  assert.throws(
    () => ours.encodeFunctionData('f', [1n, []]),
    (e) => e.code === 'ERR_BAD_HANDLE',
  );
});

// ---- EIP-712 -----------------------------------------------------------------------------------------

function randTyped() {
  const types = {};
  const nStructs = 1 + rng.int(3);
  const names = Array.from({ length: nStructs }, (_, i) => `S${i}`);
  // Struct i references struct i + 1 (so every type is reachable from S0, as ethers requires) and
  // may reference others with a larger index (no cycles).
  names.forEach((name, i) => {
    const fields = [];
    const n = 1 + rng.int(4);
    for (let f = 0; f < n; f++) {
      const link = f === 0 && i + 1 < nStructs;
      let t = link
        ? names[i + 1]
        : i + 1 < nStructs && rng.int(3) === 0
          ? names[i + 1 + rng.int(nStructs - i - 1)]
          : ELEMENTARY();
      if (rng.int(4) === 0) t += rng.int(2) ? '[]' : `[${1 + rng.int(3)}]`;
      fields.push({ name: `f${f}`, type: t });
    }
    types[name] = fields;
  });
  const value = (t) => {
    const arr = t.match(/^(.*)\[(\d*)\]$/);
    if (arr) return Array.from({ length: arr[2] === '' ? rng.int(3) : Number(arr[2]) }, () => value(arr[1]));
    if (types[t]) return Object.fromEntries(types[t].map((f) => [f.name, value(f.type)]));
    const v = randValue(t);
    return typeof v === 'bigint' ? v.toString() : v;
  };
  const domain = {};
  const domainTypes = [];
  if (rng.int(2)) {
    domain.name = randString();
    domainTypes.push({ name: 'name', type: 'string' });
  }
  if (rng.int(2)) {
    domain.version = String(rng.int(10));
    domainTypes.push({ name: 'version', type: 'string' });
  }
  if (rng.int(2)) {
    domain.chainId = String(1 + rng.int(100000));
    domainTypes.push({ name: 'chainId', type: 'uint256' });
  }
  if (rng.int(2)) {
    domain.verifyingContract = randAddress();
    domainTypes.push({ name: 'verifyingContract', type: 'address' });
  }
  if (rng.int(2)) {
    domain.salt = randHex(32);
    domainTypes.push({ name: 'salt', type: 'bytes32' });
  }
  return { types, domain, domainTypes, primaryType: 'S0', message: value('S0') };
}

test('EIP-712: random typed data hash the same as ethers and eth-sig-util (V4)', () => {
  for (let i = 0; i < 300; i++) {
    const t = randTyped();
    const standard = {
      types: { EIP712Domain: t.domainTypes, ...t.types },
      primaryType: t.primaryType,
      domain: t.domain,
      message: t.message,
    };
    const ours = hex(ehr.eip712.hash(standard));
    assert.equal(`0x${ours}`, TypedDataEncoder.hash(t.domain, t.types, t.message), `case ${i} vs ethers`);
    assert.equal(
      ours,
      Buffer.from(TypedDataUtils.eip712Hash(standard, SignTypedDataVersion.V4)).toString('hex'),
      `case ${i} vs eth-sig-util`,
    );
    // Without EIP712Domain the domain type is derived, as ethers does.
    assert.equal(
      hex(ehr.eip712.hash({ types: t.types, primaryType: t.primaryType, domain: t.domain, message: t.message })),
      ours,
    );
  }
});

// ---- transactions -----------------------------------------------------------------------------------
test('signed transactions of types 0, 1 and 2 are byte-identical to ethers', async () => {
  for (let i = 0; i < 150; i++) {
    const key = rng.bytes(32);
    key[0] |= 1;
    key[0] &= 0x7f;
    const type = i % 3;
    const tx = {
      type,
      chainId: BigInt(1 + rng.int(100000)),
      nonce: randBig(32),
      gasLimit: 21000n + randBig(24),
      to: rng.int(5) === 0 ? null : randAddress(),
      value: randBig(80),
      data: randHex(rng.int(100)),
    };
    if (type === 2) {
      tx.maxPriorityFeePerGas = randBig(40);
      tx.maxFeePerGas = tx.maxPriorityFeePerGas + randBig(40);
    } else {
      tx.gasPrice = randBig(48);
    }
    if (type !== 0 && rng.int(2)) tx.accessList = [{ address: randAddress(), storageKeys: [randHex(32), randHex(32)] }];
    const theirs = await new EthersWallet(hexlify(key)).signTransaction({ ...tx, data: tx.data });
    const ours = ehr.tx.sign(tx, key);
    assert.equal(hexlify(ours), theirs, `case ${i} type ${type}`);
    const parsed = ehr.tx.parse(ours);
    const e = EthersTx.from(theirs);
    assert.equal(parsed.from, e.from);
    assert.equal(hexlify(parsed.hash), e.hash);
    // Through a wallet handle too.
    const w = ehr.wallet.fromPrivateKey(key);
    assert.equal(hexlify(w.signTransaction(tx)), theirs);
    // And personal_sign.
    const msg = randString();
    assert.equal(hexlify(w.signMessage(msg)), await new EthersWallet(hexlify(key)).signMessage(msg));
    assert.equal(hexlify(ehr.eip191.hashMessage(msg)), hashMessage(msg));
    w.dispose();
  }
});

// ---- HD wallets --------------------------------------------------------------------------------------
test("HD addresses of random mnemonics (m/44'/60'/0'/0/i) match ethers", () => {
  for (let i = 0; i < 40; i++) {
    const words = [12, 15, 18, 21, 24][rng.int(5)];
    const entropy = rng.bytes((words * 4) / 3);
    const phrase = ehr.bip39.entropyToMnemonic(entropy);
    assert.equal(phrase, Mnemonic.fromEntropy(entropy).phrase);
    const passphrase = rng.int(3) === 0 ? randString() : '';
    const index = rng.int(5);
    const path = `m/44'/60'/0'/0/${index}`;
    const theirs = HDNodeWallet.fromPhrase(phrase, passphrase, path);
    const ours = ehr.wallet.fromMnemonic(phrase, { index, passphrase });
    assert.equal(ours.address, theirs.address, `case ${i}`);
    assert.equal(ours.xpub, theirs.neuter().extendedKey);
    ours.dispose();
  }
});

// ---- keystores ---------------------------------------------------------------------------------------
test('keystores both ways: ours decrypt in ethers, theirs in ours', async () => {
  for (let i = 0; i < 12; i++) {
    const key = rng.bytes(32);
    key[0] = 0x11;
    const password = randString();
    const pbkdf2 = i % 2 === 1;
    const ourJson = ehr.keystore.encrypt(
      key,
      password,
      pbkdf2 ? { kdf: 'pbkdf2', c: 1000 + rng.int(1000) } : { kdf: 'scrypt', n: 1 << (8 + rng.int(4)), r: 8, p: 1 },
    );
    const account = await decryptKeystoreJson(ourJson, password);
    assert.equal(account.privateKey, hexlify(key), `case ${i}: ethers decrypts ours`);
    const theirJson = await encryptKeystoreJson({ address: account.address, privateKey: hexlify(key) }, password, {
      scrypt: { N: 1 << (8 + rng.int(4)), r: 8, p: 1 },
    });
    assert.equal(hex(ehr.keystore.decrypt(theirJson, password)), hex(key), `case ${i}: ours decrypts ethers'`);
    assert.throws(
      () => ehr.keystore.decrypt(theirJson, `${password}x`),
      (e) => e.code === 'ERR_WRONG_PASSWORD',
    );
  }
});
