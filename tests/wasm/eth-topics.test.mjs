// Event filter topics (AbiInterface.encodeEventTopics) against ethers v6, byte for byte: random
// events and values, with null and undefined ("any topic") at random positions, indexed dynamic
// values (string, bytes: hashed) and every elementary type. Seeded; the seed is printed (replay
// with EHR_TEST_SEED). EHR_TOPIC_CASES sets the number of random events (default 400).
//
// Convention (wasm/js/eth.d.ts): encodeEventTopics takes one value per *indexed* input; ethers'
// encodeFilterTopics takes one per input (null at the non-indexed ones). The test maps ours to
// theirs. Alternatives (OR lists: an array at a non-array position) are not part of the API (the
// .d.ts documents none), so they are not generated.
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { AbiCoder, Interface, getAddress, hexlify, id, keccak256, toUtf8Bytes } from 'ethers';
import { init, makeRng } from './helpers.mjs';
import { abiRandom } from './abi-random.mjs';

const ehr = await init();
const rng = makeRng('eth-topics');
const { randBig, elementaryType: ELEMENTARY } = abiRandom(rng);
const coder = AbiCoder.defaultAbiCoder();
const CASES = Number(process.env.EHR_TOPIC_CASES ?? 400);
/** Interfaces hold a module handle: dispose them after each test. */
const live = [];
const track = (iface) => (live.push(iface), iface);
afterEach(() => live.splice(0).forEach((i) => i.dispose()));

const CHARS = ['a', 'Z', '0', ' ', 'é', '中', '😀', '\u0000', '"', '\\', '\n'];
const randString = () => Array.from({ length: rng.int(40) }, () => CHARS[rng.int(CHARS.length)]).join('');
/** Bytes as a Uint8Array or as 0x hex (both are BytesLike). */
const randBytes = (n) => (rng.int(2) ? rng.bytes(n) : hexlify(rng.bytes(n)));

/**
 * A random value of `type`. `nonNegative`: ints >= 0 (ethers' encodeFilterTopics cannot encode a
 * negative int: it calls toBeHex; its encodeEventLog, and Solidity, use the two's complement word).
 */
function randValue(type, nonNegative) {
  if (type.startsWith('uint')) {
    const v = randBig(Number(type.slice(4)));
    return rng.int(4) === 0 && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  }
  if (type.startsWith('int')) {
    const bits = Number(type.slice(3));
    const v = randBig(bits - 1);
    return !nonNegative && rng.int(2) ? -v - 1n : v;
  }
  if (type === 'address') {
    const a = getAddress(hexlify(rng.bytes(20)));
    return [a, a.toLowerCase(), `0x${a.slice(2).toUpperCase()}`][rng.int(3)];
  }
  if (type === 'bool') return rng.int(2) === 1;
  if (type === 'bytes') return randBytes(rng.int(70));
  if (type === 'string') return randString();
  return randBytes(Number(type.slice(5)));
}

/** A random event: 0..6 inputs, at most 3 indexed (4 when anonymous). */
function randEvent(name) {
  const anonymous = rng.int(4) === 0;
  const n = rng.int(7);
  let room = anonymous ? 4 : 3;
  const inputs = Array.from({ length: n }, (_, i) => {
    const indexed = room > 0 && rng.int(3) !== 0;
    if (indexed) room--;
    return { name: `a${i}`, type: ELEMENTARY(), indexed };
  });
  return { type: 'event', name, anonymous, inputs };
}

test('encodeEventTopics equals ethers encodeFilterTopics over random events, values and nulls', () => {
  let withNull = 0,
    withUndefined = 0,
    dynamic = 0;
  for (let c = 0; c < CASES; c++) {
    const ev = randEvent(`E${c}`);
    const theirs = new Interface([ev]);
    const ours = track(ehr.abi.createInterface([ev]));
    const indexed = ev.inputs.filter((p) => p.indexed);
    // Ours: one value per indexed input, possibly fewer (the rest: any).
    const given = rng.int(indexed.length + 1);
    const values = indexed.slice(0, given).map((p) => {
      const r = rng.int(6);
      if (r === 0) {
        withNull++;
        return null;
      }
      if (r === 1) {
        withUndefined++;
        return undefined;
      }
      if (p.type === 'string' || p.type === 'bytes') dynamic++;
      return randValue(p.type, true);
    });
    // Theirs: one value per input up to the last indexed one given, null at the non-indexed.
    const full = [];
    let k = 0;
    for (const p of ev.inputs) {
      if (k >= values.length) break;
      full.push(p.indexed ? values[k++] : null);
    }
    const label = `${JSON.stringify(ev)} ${JSON.stringify(values, (_, v) => (typeof v === 'bigint' ? `${v}n` : v instanceof Uint8Array ? hexlify(v) : v === undefined ? 'undefined' : v))}`;
    assert.deepEqual(ours.encodeEventTopics(ev.name, values), theirs.encodeFilterTopics(ev.name, full), label);
    // By signature too, and with the values spelled as a sparse array.
    const sparse = [];
    values.forEach((v, i) => {
      if (v != null) sparse[i] = v;
    });
    sparse.length = values.length;
    assert.deepEqual(
      ours.encodeEventTopics(theirs.getEvent(ev.name).format('sighash'), sparse),
      theirs.encodeFilterTopics(ev.name, full),
      `sparse ${label}`,
    );
  }
  console.log(`# ${CASES} events; ${withNull} null, ${withUndefined} undefined, ${dynamic} hashed string/bytes values`);
  assert.ok(withNull > 0 && withUndefined > 0 && dynamic > 0);
});

test('with every indexed value given, the topics are those of the log ethers encodes (negative ints too)', () => {
  for (let c = 0; c < CASES / 2; c++) {
    const ev = randEvent(`L${c}`);
    const theirs = new Interface([ev]);
    const ours = track(ehr.abi.createInterface([ev]));
    const all = ev.inputs.map((p) => randValue(p.type, false));
    const log = theirs.encodeEventLog(ev.name, all);
    const indexedValues = ev.inputs.filter((p) => p.indexed).map((p) => all[ev.inputs.indexOf(p)]);
    assert.deepEqual(ours.encodeEventTopics(ev.name, indexedValues), log.topics, JSON.stringify(ev));
    // The log decodes back, indexed dynamic values as their hash.
    const decoded = ours.decodeEventLog(log, ev.name);
    ev.inputs.forEach((p, i) => {
      if (!p.indexed || (p.type !== 'string' && p.type !== 'bytes')) return;
      const want = p.type === 'string' ? keccak256(toUtf8Bytes(all[i])) : keccak256(all[i]);
      assert.equal(hexlify(decoded.args[i].hash), want);
    });
  }
});

test('Transfer: [null, to] is "any sender", trailing nulls dropped, too many values rejected', () => {
  const abi = ['event Transfer(address indexed from, address indexed to, uint256 value)'];
  const theirs = new Interface(abi);
  const ours = track(ehr.abi.createInterface(theirs.formatJson()));
  const to = getAddress(hexlify(rng.bytes(20)));
  const topic0 = theirs.getEvent('Transfer').topicHash;
  const pad = (a) => `0x${'0'.repeat(24)}${a.slice(2).toLowerCase()}`;
  assert.deepEqual(ours.encodeEventTopics('Transfer', [null, to]), [topic0, null, pad(to)]);
  assert.deepEqual(ours.encodeEventTopics('Transfer', [undefined, to]), [topic0, null, pad(to)]);
  // eslint-disable-next-line no-sparse-arrays
  assert.deepEqual(ours.encodeEventTopics('Transfer', [, to]), [topic0, null, pad(to)]);
  assert.deepEqual(ours.encodeEventTopics('Transfer', [null, to]), theirs.encodeFilterTopics('Transfer', [null, to]));
  for (const v of [[], [null], [null, null], [undefined, undefined], undefined]) {
    assert.deepEqual(ours.encodeEventTopics('Transfer', v), [topic0]);
  }
  assert.deepEqual(ours.encodeEventTopics('Transfer'), [topic0]);
  assert.deepEqual(ours.encodeEventTopics('Transfer', [to, null]), [topic0, pad(to)]);
  assert.throws(
    () => ours.encodeEventTopics('Transfer', [null, null, null]),
    (e) => e.code === 'ERR_ABI_VALUE',
  );
  // Only whole positions are "any": null inside a value is still an error.
  const tup = track(
    ehr.abi.createInterface([
      {
        type: 'event',
        name: 'T',
        anonymous: false,
        inputs: [
          {
            name: 'p',
            type: 'tuple',
            indexed: true,
            components: [
              { name: 'x', type: 'uint8' },
              { name: 'y', type: 'string' },
            ],
          },
        ],
      },
    ]),
  );
  assert.throws(
    () => tup.encodeEventTopics('T', [[null, 'a']]),
    (e) => e.code === 'ERR_BAD_TYPE' && /values\[0\]\[0\]/.test(e.message),
  );
  // An indexed tuple (ethers cannot filter on one): keccak256 of the in-place encoding.
  const inPlace = hexlify(
    new Uint8Array([
      ...coder
        .encode(['uint8'], [7n])
        .slice(2)
        .match(/../g)
        .map((h) => parseInt(h, 16)),
      ...new TextEncoder().encode('a'),
      ...new Uint8Array(31),
    ]),
  );
  assert.deepEqual(tup.encodeEventTopics('T', [[7, 'a']]), [id('T((uint8,string))'), keccak256(inPlace)]);
  // The values argument itself must be an array (or omitted).
  for (const bad of [null, 42, 'x', {}])
    assert.throws(
      () => ours.encodeEventTopics('Transfer', bad),
      (e) => e.code === 'ERR_BAD_TYPE',
    );
  // Addresses in topics follow the strict address rules.
  assert.throws(
    () => ours.encodeEventTopics('Transfer', [to.slice(2)]),
    (e) => e.code === 'ERR_ABI_VALUE',
  );
  assert.throws(
    () => ours.encodeEventTopics('Transfer', [`0X${to.slice(2)}`]),
    (e) => e.code === 'ERR_ABI_VALUE',
  );
});
