// SMART Health Links and their JWE files (web/src/health/shl.js, jwe.js) against
// tests/vectors/health/smart-health-links (README and NOTES.md list the expected values).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  parseShlink,
  buildShlink,
  validateShlPayload,
  fetchShl,
  decryptShlFile,
  encryptShlFile,
  generateShlKey,
} from '../../web/src/health/shl.js';
import { decryptJwe, encryptJwe } from '../../web/src/health/jwe.js';
import { verifyShc, decodeShc } from '../../web/src/health/shc.js';
import { b64urlDecode, b64urlEncode } from '../../web/src/health/codec.js';

const DIR = new URL('../vectors/health/smart-health-links/', import.meta.url);
const read = (p) => readFileSync(new URL(p, DIR), 'utf8');
const bytes = (p) => new Uint8Array(readFileSync(new URL(p, DIR)));
const json = (p) => JSON.parse(read(p));
const spec = json('extracted-from-spec.json');
const KEY = 'rxTgYlOaKJPFtcEd0qcceN8wEU4p94SqAwIWQe6uX7Q';
const SHC = '../smart-health-cards/examples/';

test('JWE: IPS_IG-bundle-01-enc.txt decrypts to exactly IPS_IG-bundle-01.json (60,973 bytes)', async () => {
  const enc = read('input/images/IPS_IG-bundle-01-enc.txt');
  assert.equal(enc.split('.').length, 5);
  assert.equal(enc.split('.')[1], '');
  const { header, plaintext, cty } = await decryptJwe(enc, KEY);
  assert.deepEqual(header, { enc: 'A256GCM', alg: 'dir', kid: 'ufYGlu_C8IuzJ3HV-wQqsIv-pMm2uZm-vGy37r3hwts' });
  assert.equal(cty, undefined);
  assert.equal(plaintext.length, 60973);
  assert.deepEqual(plaintext, bytes('input/images/IPS_IG-bundle-01.json'));
  await assert.rejects(decryptJwe(enc, b64urlEncode(new Uint8Array(32))), { code: 'JWE_DECRYPT_FAILED' });
  await assert.rejects(decryptJwe(enc, KEY, { maxBytes: 1000 }), { code: 'JWE_TOO_LARGE' });
});

test('JWE: the spec example decrypts to example-00-e-file.smart-health-card, whose card verifies', async () => {
  const e = spec.encryption_example;
  const { header, plaintext } = await decryptJwe(e.jwe_compact, e.key_b64url);
  assert.deepEqual(header, e.expected_protected_header);
  assert.deepEqual(plaintext, bytes(`${SHC}example-00-e-file.smart-health-card`));
  const file = await decryptShlFile(e.jwe_compact, KEY);
  assert.equal(file.contentType, 'application/smart-health-card');
  const jwks = JSON.parse(read(`${SHC}issuer/.well-known/jwks.json`));
  const r = await verifyShc(file.content, { jwks, crl: false });
  assert.equal(r.verified, true);
});

test('JWE: round trip with and without zip, and tampering is refused', async () => {
  const key = generateShlKey();
  assert.equal(key.length, 43);
  const data = read('input/images/IPS_IG-bundle-01.json');
  for (const zip of [false, true]) {
    const jwe = await encryptJwe(data, key, { cty: 'application/fhir+json', zip });
    const [h, ek, iv] = jwe.split('.');
    assert.equal(ek, '');
    assert.equal(b64urlDecode(iv, 'X').length, 12);
    assert.deepEqual(JSON.parse(new TextDecoder().decode(b64urlDecode(h, 'X'))), {
      alg: 'dir',
      enc: 'A256GCM',
      cty: 'application/fhir+json',
      ...(zip ? { zip: 'DEF' } : {}),
    });
    if (zip) assert.ok(jwe.length < data.length);
    const out = await decryptJwe(jwe, b64urlDecode(key, 'X'));
    assert.equal(new TextDecoder().decode(out.plaintext), data);
    // The protected header is the AAD: changing it breaks decryption.
    const otherHeader = b64urlEncode(
      JSON.stringify({ alg: 'dir', enc: 'A256GCM', cty: 'application/smart-health-card' }),
    );
    await assert.rejects(decryptJwe([otherHeader, ...jwe.split('.').slice(1)].join('.'), key), {
      code: 'JWE_DECRYPT_FAILED',
    });
  }
  const a = await encryptJwe('same', key);
  const b = await encryptJwe('same', key);
  assert.notEqual(a.split('.')[2], b.split('.')[2], 'a fresh IV per encryption');
  const unsupported = `${b64urlEncode('{"alg":"A256KW","enc":"A256GCM"}')}..${a.split('.').slice(2).join('.')}`;
  await assert.rejects(decryptJwe(unsupported, key), { code: 'JWE_UNSUPPORTED' });
  await assert.rejects(decryptJwe('a.b.c', key), { code: 'JWE_BAD_FORMAT' });
  await assert.rejects(decryptJwe(a, 'short'), { code: 'JWE_BAD_KEY' });
  const file = await encryptShlFile({ resourceType: 'Patient' }, key, {
    contentType: 'application/fhir+json',
    zip: true,
  });
  assert.deepEqual((await decryptShlFile(file, key)).content, { resourceType: 'Patient' });
});

test('SHL: the spec payload example encodes to encodedPayload, shlinkBare and the viewer link', () => {
  const p = spec.payload_example;
  assert.equal(b64urlEncode(JSON.stringify(p.shlinkJsonPayload)), p.encodedPayload);
  assert.equal(buildShlink(p.shlinkJsonPayload), p.shlinkBare);
  assert.equal(buildShlink(p.shlinkJsonPayload, { viewer: 'https://viewer.example.org' }), p.shlink);
  assert.equal(buildShlink({ ...p.shlinkJsonPayload, flag: 'PL' }), p.shlinkBare, 'flags sorted');
  for (const link of [p.shlinkBare, p.shlink]) {
    const r = parseShlink(link);
    assert.deepEqual(r.payload, p.shlinkJsonPayload);
    assert.equal(r.passcodeRequired, true);
    assert.equal(r.longTerm, true);
    assert.equal(r.keyBytes.length, 32);
  }
  assert.equal(parseShlink(p.shlink).viewer, 'https://viewer.example.org');
});

test('SHL: the links in input/images decode to their details files (flag LU, 43-char key)', () => {
  const cases = [
    ['input/images/IPS_IG-bundle-01-shl.txt', json('input/images/IPS_IG-bundle-01-shl-details.json').shlinkJsonPayload],
    ['input/images/CARIN_INS_CD-bundle-01-shl.txt', json('input/images/CARIN_INS_CD-bundle-01-shl-details.json')],
  ];
  for (const [file, expected] of cases) {
    const r = parseShlink(read(file));
    assert.deepEqual(r.payload, expected);
    assert.equal(r.flag, 'LU');
    assert.equal(r.directFile, true);
    assert.equal(r.key.length, 43);
    assert.equal(r.viewer, 'https://viewer.tcpdev.org/shlink.html');
  }
  const d = json('input/images/120day_raw_obs_unguessable_shl_id0000000000.details.json');
  assert.deepEqual(parseShlink(d.shlinkBare).payload, d.shlinkJsonPayload);
  assert.deepEqual(parseShlink(d.shlink).payload, d.shlinkJsonPayload);
  assert.equal(parseShlink(d.shlink).keyBytes.length, 32);
  const ips = json('input/images/IPS_IG-bundle-01-shl-details.json');
  assert.deepEqual(parseShlink(ips.shlink).payload, ips.shlinkJsonPayload);
});

test('SHL: payload validation rules', () => {
  const ok = { url: 'https://ehr.example.org/qr/abc', key: KEY };
  assert.deepEqual(validateShlPayload(json('input/resources/shl-payload-2.json')).flag, 'LU');
  // Upstream erratum: exp as a string of milliseconds.
  assert.throws(() => validateShlPayload(json('input/resources/shl-payload-1.json')), { code: 'SHL_BAD_PAYLOAD' });
  const bad = [
    {},
    { key: KEY },
    { url: 'not a url', key: KEY },
    { url: 'ftp://x.example/a', key: KEY },
    { ...ok, key: KEY.slice(1) },
    { ...ok, key: `${KEY.slice(1)}+` },
    { ...ok, exp: '1767225600' },
    { ...ok, flag: 'UP' },
    { ...ok, flag: 'lu' },
    { ...ok, label: 'x'.repeat(81) },
    { ...ok, v: 0 },
    { ...ok, v: 1.5 },
  ];
  for (const p of bad) assert.throws(() => validateShlPayload(p), { code: 'SHL_BAD_PAYLOAD' }, JSON.stringify(p));
  const r = validateShlPayload({ ...ok, flag: 'LUX', label: 'é'.repeat(80), v: 2, extra: 1, _ext: { a: 1 }, exp: 1 });
  assert.equal(r.unsupportedVersion, true);
  assert.equal(r.expired, true);
  assert.equal(r.directFile, true);
  assert.equal(r.payload.extra, undefined, 'unknown properties ignored');
  assert.deepEqual(r.payload._ext, { a: 1 }, 'extensions kept');
  assert.equal(
    validateShlPayload({ ...ok, url: `https://x.example/${'a'.repeat(120)}` }).warnings[0].code,
    'SHL_URL_TOO_LONG',
  );
  assert.throws(() => buildShlink({ ...ok, url: `https://x.example/${'a'.repeat(120)}` }), { code: 'SHL_BAD_PAYLOAD' });
  for (const l of ['', 'https://x.example/#', 'https://x.example/shlink:/e30', 'shlink:/!!', 'shlink:/bm90IGpzb24']) {
    assert.throws(
      () => parseShlink(l),
      (e) => e.code === 'SHL_BAD_LINK' || e.code === 'SHL_BAD_PAYLOAD',
      l,
    );
  }
});

test('SHL: U-flag GET with recipient, through an injectable fetch', async () => {
  const calls = [];
  const enc = read('input/images/IPS_IG-bundle-01-enc.txt');
  const fetch = async (url, init) => {
    calls.push([url, init.method]);
    return new Response(enc, { headers: { 'content-type': 'application/jose' } });
  };
  const { files } = await fetchShl(read('input/images/IPS_IG-bundle-01-shl.txt'), {
    recipient: 'Dr. Ana Silva',
    fetch,
  });
  assert.deepEqual(calls, [
    [
      'https://raw.githubusercontent.com/seanno/shc-demo-data/main/ips/IPS_IG-bundle-01-enc.txt?recipient=Dr.+Ana+Silva',
      'GET',
    ],
  ]);
  assert.equal(files.length, 1);
  assert.equal(files[0].contentType, 'application/fhir+json');
  assert.deepEqual(files[0].plaintext, bytes('input/images/IPS_IG-bundle-01.json'));
  const fail =
    (status, body = '') =>
    async () =>
      new Response(body, { status });
  const link = read('input/images/IPS_IG-bundle-01-shl.txt');
  await assert.rejects(fetchShl(link, { recipient: 'x', fetch: fail(404) }), { code: 'SHL_NOT_FOUND' });
  await assert.rejects(fetchShl(link, { recipient: 'x', fetch: fail(500) }), { code: 'SHL_HTTP_ERROR' });
  await assert.rejects(
    fetchShl(link, {
      recipient: 'x',
      fetch: async () => {
        throw new TypeError('offline');
      },
    }),
    { code: 'SHL_NETWORK' },
  );
  await assert.rejects(fetchShl(link, { recipient: '' }), { code: 'SHL_BAD_INPUT' });
});

test('SHL: manifest POST with recipient and passcode, embedded and location files', async () => {
  const key = generateShlKey();
  const url = 'https://shl.example.org/m/Y9xwkUdtmN9wwoJoN3ffJIhX2UGvCL1JnlPVNL3kDWM';
  const link = buildShlink({ url, key, flag: 'P', label: 'Summary' });
  const card = read(`${SHC}example-00-e-file.smart-health-card`);
  const embedded = await encryptShlFile(card, key, { contentType: 'application/smart-health-card' });
  const located = await encryptShlFile({ resourceType: 'Bundle', type: 'collection' }, key, {
    contentType: 'application/fhir+json',
    zip: true,
  });
  const requests = [];
  let attempts = 3;
  const fetch = async (u, init) => {
    requests.push({ u, method: init.method, headers: init.headers, body: init.body && JSON.parse(init.body) });
    if (u === url) {
      if (JSON.parse(init.body).passcode !== 'secret')
        return new Response(JSON.stringify({ remainingAttempts: --attempts }), { status: 401 });
      return Response.json({
        files: [
          { contentType: 'application/smart-health-card', embedded },
          {
            contentType: 'application/fhir+json',
            location: 'https://files.example.org/f1',
            lastUpdated: '2025-03-09T15:29:46Z',
            status: 'finalized',
          },
          { contentType: 'application/x-unknown', location: 'https://files.example.org/f2' },
        ],
      });
    }
    if (u === 'https://files.example.org/f1') return new Response(located);
    return new Response('', { status: 404 });
  };
  await assert.rejects(fetchShl(link, { recipient: 'Clinic', fetch }), { code: 'SHL_PASSCODE_REQUIRED' });
  await assert.rejects(
    fetchShl(link, { recipient: 'Clinic', passcode: 'wrong', fetch }),
    (e) => e.code === 'SHL_BAD_PASSCODE' && e.remainingAttempts === 2,
  );
  const out = await fetchShl(link, { recipient: 'Clinic', passcode: 'secret', embeddedLengthMax: 10000, fetch });
  assert.deepEqual(requests.at(-2).body, { recipient: 'Clinic', passcode: 'secret', embeddedLengthMax: 10000 });
  assert.equal(requests.at(-2).method, 'POST');
  assert.equal(requests.at(-2).headers['content-type'], 'application/json');
  assert.deepEqual(
    out.files.map((f) => f.contentType),
    ['application/smart-health-card', 'application/fhir+json'],
  );
  assert.equal((await decodeShc(out.files[0].content)).issuer, 'https://spec.smarthealth.cards/examples/issuer');
  assert.equal(out.files[1].status, 'finalized');
  assert.equal(out.warnings[0].code, 'SHL_UNKNOWN_CONTENT_TYPE');
  // An expired or newer-version link is not fetched.
  await assert.rejects(fetchShl(buildShlink({ url, key, exp: 1 }), { recipient: 'x', fetch }), { code: 'SHL_EXPIRED' });
  await assert.rejects(fetchShl(buildShlink({ url, key, v: 2 }), { recipient: 'x', fetch }), {
    code: 'SHL_UNSUPPORTED_VERSION',
  });
  // smart-api-access content.
  const api = await encryptShlFile({ aud: 'https://fhir.example.org', access_token: 't' }, key, {
    contentType: 'application/smart-api-access',
  });
  assert.equal((await decryptShlFile(api, key)).content.aud, 'https://fhir.example.org');
});
