// Property tests of the health decoders (web/src/health): random and mutated numeric QR, JWS,
// shlink payloads, JWE and FHIR Bundles. Each input either decodes or fails with a HealthError
// (a stable `code`), never another exception and never a hang (each test has a timeout). A seeded
// PRNG makes failures reproducible: HEALTH_SEED=<n> node --test tests/web/health-property.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { decodeQr, verifyShc } from '../../web/src/health/shc.js';
import { parseShlink } from '../../web/src/health/shl.js';
import { decryptJwe, encryptJwe } from '../../web/src/health/jwe.js';
import { planImport } from '../../web/src/health/bundle-import.js';
import { buildIps, checkIps } from '../../web/src/health/ips.js';
import { b64urlEncode } from '../../web/src/health/codec.js';
import { HealthError } from '../../web/src/health/errors.js';
import { mulberry32 } from '../lib/prng.mjs';

const SEED = Number(process.env.HEALTH_SEED ?? 0x5eed1e55) >>> 0;
const V = new URL('../vectors/health/', import.meta.url);
const read = (p) => readFileSync(new URL(p, V), 'utf8');
const SHC = 'smart-health-cards/examples/';
const jwks = JSON.parse(read(`${SHC}issuer/.well-known/jwks.json`));
const crl = JSON.parse(read(`${SHC}issuer/.well-known/crl/3Kfdg-XwP-7gXyywtUfUADwBumDOPKMQx-iELL11W9s.json`));
const KEY = 'rxTgYlOaKJPFtcEd0qcceN8wEU4p94SqAwIWQe6uX7Q';
const TIMEOUT = { timeout: 120_000 };

/** Floats in [0, 1) (mulberry32), plus helpers. */
function prng(seed) {
  const next = mulberry32(seed);
  const int = (n) => Math.floor(next() * n);
  const pick = (xs) => xs[int(xs.length)];
  const str = (alphabet, n) => Array.from({ length: n }, () => pick(alphabet)).join('');
  return { next, int, pick, str };
}

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const NOISE = [...B64URL, '.', '/', '+', '=', ' ', '\n', '{', '}', '"', ':', '\u00e9', '\u0000', '\ud800', '#'];

/** Mutates a string: replace, insert, delete, truncate, duplicate a slice, or swap two chars. */
function mutate(rng, s, alphabet = NOISE, edits = 1 + rng.int(3)) {
  let out = s;
  for (let k = 0; k < edits; k++) {
    const i = rng.int(out.length + 1);
    switch (rng.int(6)) {
      case 0:
        out = out.slice(0, i) + rng.pick(alphabet) + out.slice(i + 1);
        break;
      case 1:
        out = out.slice(0, i) + rng.str(alphabet, 1 + rng.int(4)) + out.slice(i);
        break;
      case 2:
        out = out.slice(0, i) + out.slice(i + 1 + rng.int(8));
        break;
      case 3:
        out = out.slice(0, i);
        break;
      case 4:
        out = out.slice(0, i) + out.slice(rng.int(out.length), i) + out.slice(i);
        break;
      default: {
        const j = rng.int(out.length);
        if (i < out.length) out = out.slice(0, i) + out[j] + out.slice(i + 1, j) + out[i] + out.slice(j + 1);
      }
    }
  }
  return out;
}

/** Random JSON value of bounded size. */
function randomJson(rng, depth = 0) {
  const r = rng.int(depth > 4 ? 5 : 8);
  if (r === 0) return null;
  if (r === 1) return rng.next() < 0.5;
  if (r === 2) return rng.pick([0, -1, 1.5, 1e308, 2 ** 53, rng.int(1e9)]);
  if (r === 3 || r === 4)
    return rng.pick([
      '',
      'x',
      'urn:uuid:1',
      'Patient/1',
      '#c',
      'https://a.example/Patient/1',
      rng.str(NOISE, rng.int(10)),
    ]);
  if (r === 5) return Array.from({ length: rng.int(4) }, () => randomJson(rng, depth + 1));
  const o = {};
  const keys = [
    'resourceType',
    'id',
    'reference',
    'entry',
    'resource',
    'fullUrl',
    'type',
    'code',
    'status',
    'subject',
    'section',
    'coding',
    'contained',
    'category',
    'url',
    'key',
    'flag',
    'label',
    'exp',
    'v',
  ];
  for (let k = rng.int(5); k > 0; k--) o[rng.pick(keys)] = randomJson(rng, depth + 1);
  return o;
}

/** Runs `fn` for `n` iterations; each must resolve or reject with a HealthError. */
async function property(name, n, fn) {
  const rng = prng(SEED ^ [...name].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0, 2166136261));
  for (let i = 0; i < n; i++) {
    let input;
    try {
      await fn(rng, (x) => (input = x));
    } catch (e) {
      if (e instanceof HealthError && typeof e.code === 'string' && /^[A-Z]+_[A-Z_]+$/.test(e.code)) continue;
      const shown =
        typeof input === 'string' ? JSON.stringify(input.slice(0, 300)) : JSON.stringify(input)?.slice(0, 300);
      assert.fail(`${name}: iteration ${i} (HEALTH_SEED=${SEED}) threw ${e?.name}: ${e?.message}\ninput: ${shown}`);
    }
  }
}

test('property: numeric QR decoding (random and mutated)', TIMEOUT, async () => {
  const qrs = ['00', '01', '03'].map((n) => read(`${SHC}example-${n}-f-qr-code-numeric-value-0.txt`));
  const chunks = [0, 1, 2].map((k) => read(`${SHC}example-02-f-qr-code-numeric-value-${k}.txt`));
  const DIGITS = [...'0123456789', '/', ':', 's', 'h', 'c', ' '];
  await property('qr-random', 2000, (rng, show) => {
    const s = show(
      rng.next() < 0.5 ? `shc:/${rng.str(DIGITS.slice(0, 10), rng.int(40))}` : rng.str(DIGITS, rng.int(40)),
    );
    decodeQr(s);
  });
  await property('qr-mutated', 1500, (rng, show) => {
    const input = show(
      rng.next() < 0.5
        ? mutate(rng, rng.pick(qrs), DIGITS)
        : chunks.map((c) => (rng.next() < 0.4 ? mutate(rng, c, DIGITS) : c)),
    );
    const jws = decodeQr(input);
    assert.equal(typeof jws, 'string');
  });
  await property('qr-verify', 150, async (rng, show) => {
    const q = show(mutate(rng, rng.pick(qrs), DIGITS.slice(0, 10), 1));
    const r = await verifyShc(q, { jwks, crl, expiredKey: 'allow' });
    assert.ok(qrs.includes(q.trim()), 'only an unaltered QR verifies');
    assert.equal(r.verified, true);
  });
});

test('property: JWS / SMART Health Card verification (mutated)', TIMEOUT, async () => {
  const cards = ['00', '01', '02', '03'].map((n) => read(`${SHC}example-${n}-d-jws.txt`));
  await property('jws-mutated', 400, async (rng, show) => {
    const original = rng.pick(cards);
    const part = rng.int(3);
    const segs = original.split('.');
    segs[part] = mutate(rng, segs[part], rng.next() < 0.8 ? [...B64URL] : NOISE);
    const jws = show(rng.next() < 0.9 ? segs.join('.') : mutate(rng, original));
    const r = await verifyShc(jws, { jwks, crl, expiredKey: 'allow' });
    assert.equal(jws.trim(), original, 'only an unaltered JWS verifies');
    assert.equal(r.verified, true);
  });
  await property('jws-random', 300, async (rng, show) => {
    const seg = () =>
      rng.next() < 0.5 ? b64urlEncode(JSON.stringify(randomJson(rng))) : rng.str([...B64URL], rng.int(60));
    await verifyShc(show(`${seg()}.${seg()}.${seg()}`), { jwks, crl });
  });
  await property('shc-file-random', 300, async (rng, show) => {
    await verifyShc(show(JSON.stringify({ verifiableCredential: [mutate(rng, rng.pick(cards))] })), { jwks, crl });
  });
});

test('property: shlink payload parsing (random and mutated)', TIMEOUT, async () => {
  const spec = JSON.parse(read('smart-health-links/extracted-from-spec.json')).payload_example;
  const links = [spec.shlink, spec.shlinkBare, read('smart-health-links/input/images/IPS_IG-bundle-01-shl.txt')];
  await property('shlink-mutated', 3000, (rng, show) => {
    const r = parseShlink(show(mutate(rng, rng.pick(links), rng.next() < 0.7 ? [...B64URL] : NOISE)));
    assert.equal(r.keyBytes.length, 32);
  });
  await property('shlink-random-json', 3000, (rng, show) => {
    const payload =
      rng.next() < 0.5
        ? randomJson(rng)
        : { ...spec.shlinkJsonPayload, [rng.pick(['url', 'key', 'exp', 'flag', 'label', 'v'])]: randomJson(rng) };
    const link = show(`shlink:/${b64urlEncode(JSON.stringify(payload) ?? '')}`);
    const r = parseShlink(link);
    assert.equal(typeof r.url, 'string');
  });
  await property('shlink-random-bytes', 1000, (rng, show) => {
    parseShlink(show(`shlink:/${b64urlEncode(Uint8Array.from({ length: rng.int(80) }, () => rng.int(256)))}`));
  });
});

test('property: JWE decryption (random and mutated)', TIMEOUT, async () => {
  const enc = JSON.parse(read('smart-health-links/extracted-from-spec.json')).encryption_example.jwe_compact;
  const zipped = await encryptJwe('{"resourceType":"Patient"}', KEY, { zip: true, cty: 'application/fhir+json' });
  await property('jwe-mutated', 600, async (rng, show) => {
    const original = rng.pick([enc, zipped]);
    const segs = original.split('.');
    const part = rng.int(5);
    segs[part] = mutate(rng, segs[part], rng.next() < 0.8 ? [...B64URL] : NOISE);
    const jwe = show(rng.next() < 0.9 ? segs.join('.') : mutate(rng, original));
    await decryptJwe(jwe, KEY);
    assert.equal(jwe.trim(), original, 'only an unaltered JWE decrypts');
  });
  await property('jwe-random', 600, async (rng, show) => {
    const seg = () =>
      rng.next() < 0.3 ? b64urlEncode(JSON.stringify(randomJson(rng)) ?? '') : rng.str([...B64URL], rng.int(40));
    const h = rng.next() < 0.5 ? b64urlEncode('{"alg":"dir","enc":"A256GCM"}') : seg();
    await decryptJwe(show(`${h}.${rng.next() < 0.8 ? '' : seg()}.${seg()}.${seg()}.${seg()}`), KEY);
  });
});

test('property: Bundle import plan and IPS checks (random and mutated bundles)', TIMEOUT, async () => {
  const ips = JSON.parse(read('ips/input/examples/bundle-minimal.json'));
  const base = JSON.stringify(ips);
  await property('bundle-random', 400, async (rng, show) => {
    const b = show(
      rng.next() < 0.5
        ? randomJson(rng)
        : {
            resourceType: 'Bundle',
            type: rng.pick(['collection', 'transaction', 'document', 'x']),
            entry: randomJson(rng),
          },
    );
    const probs = checkIps(b);
    assert.ok(Array.isArray(probs));
    await planImport(b);
    await planImport(JSON.stringify(b) ?? 'null');
  });
  await property('bundle-mutated', 300, async (rng, show) => {
    // Structural mutation: replace a random node of the IPS bundle by random JSON.
    const b = JSON.parse(base);
    const nodes = [];
    const walk = (v) => {
      if (v && typeof v === 'object') for (const k of Object.keys(v)) (nodes.push([v, k]), walk(v[k]));
    };
    walk(b);
    for (let k = 1 + rng.int(3); k > 0; k--) {
      const [parent, key] = rng.pick(nodes);
      if (rng.next() < 0.3) delete parent[key];
      else parent[key] = randomJson(rng);
    }
    show(b);
    assert.ok(Array.isArray(checkIps(b)));
    const plan = await planImport(b);
    assert.equal(plan.items.length, Array.isArray(b.entry) ? b.entry.length : 0);
    await buildIps(Array.isArray(b.entry) ? b.entry.filter(Boolean) : []);
  });
  await property('bundle-text-mutated', 300, async (rng, show) => {
    await planImport(show(mutate(rng, base)));
  });
  await property('bundle-deep', 5, async (rng, show) => {
    const deep = `{"resourceType":"Bundle","type":"collection","entry":[{"resource":${'['.repeat(50000)}${']'.repeat(50000)}}]}`;
    show('deep');
    await planImport(deep);
    assert.fail('a 50,000-deep bundle must be refused');
  });
});
