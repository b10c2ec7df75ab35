// SMART Health Cards (web/src/health/shc.js) against the published examples in
// tests/vectors/health/smart-health-cards (expected values from that folder's README).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createHmac } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import { decodeQr, readShcFile, verifyShc, verifyShcFile, decodeShc } from '../../web/src/health/shc.js';
import { jwkThumbprint, signEs256, parseCompactJws } from '../../web/src/health/jose.js';
import { b64urlDecode, b64urlEncode, deflateRaw, utf8 } from '../../web/src/health/codec.js';
import { HealthError } from '../../web/src/health/errors.js';
import { EhrError } from '../../wasm/js/errors.js';

const DIR = new URL('../vectors/health/smart-health-cards/', import.meta.url);
const read = (p) => readFileSync(new URL(p, DIR), 'utf8');
const json = (p) => JSON.parse(read(p));
const ex = (n, suffix) => read(`examples/example-${n}-${suffix}`);
const ISS = 'https://spec.smarthealth.cards/examples/issuer';
const KID0 = '3Kfdg-XwP-7gXyywtUfUADwBumDOPKMQx-iELL11W9s';
const KID1 = 'EBKOr72QQDcTBUuVzAzkfBTGew0ZA16GuWty64nS-sw';
const jwks = json('examples/issuer/.well-known/jwks.json');
const crl = json(`examples/issuer/.well-known/crl/${KID0}.json`);
const priv = json('generate-examples/src/config/issuer.jwks.private.json');
const opts = { jwks, crl, expiredKey: 'allow' };
const EX = ['00', '01', '02', '03'];

/** Asserts `p` rejects with HealthError `code`. */
async function rejects(p, code) {
  await assert.rejects(p, (e) => {
    assert.ok(e instanceof HealthError && e instanceof EhrError, `typed error expected, got ${e}`);
    assert.equal(e.code, code, e.message);
    return true;
  });
}

/** A fetch serving the issuer's .well-known files from the vectors, recording the URLs. */
function fakeFetch(seen = []) {
  return async (url) => {
    seen.push(url);
    const prefix = `${ISS}/.well-known/`;
    if (!url.startsWith(prefix)) return new Response('no', { status: 404 });
    try {
      return new Response(read(`examples/issuer/.well-known/${url.slice(prefix.length)}`));
    } catch {
      return new Response('not found', { status: 404 });
    }
  };
}

test('SHC: the four example JWS verify, inflate to the minified payload, hold the expanded payload and bundle', async () => {
  for (const n of EX) {
    const r = await verifyShc(ex(n, 'd-jws.txt'), opts);
    assert.equal(r.verified, true);
    assert.equal(r.issuer, ISS);
    assert.equal(r.kid, n === '01' ? KID1 : KID0);
    assert.deepEqual(r.header, { zip: 'DEF', alg: 'ES256', kid: r.kid });
    assert.equal(r.payloadText, ex(n, 'c-jws-payload-minified.json'), `example ${n}: exact bytes`);
    assert.deepEqual(r.payload, JSON.parse(ex(n, 'b-jws-payload-expanded.json')));
    assert.deepEqual(r.bundle, JSON.parse(ex(n, 'a-fhirBundle.json')));
    assert.deepEqual(r.types, ['https://smarthealth.cards#health-card']);
    assert.equal(r.fhirVersion, '4.0.1');
  }
  const r00 = await verifyShc(ex('00', 'd-jws.txt'), opts);
  assert.equal(r00.issuedAt, 1687450764.656);
});

test('SHC: contents of the examples', async () => {
  const cvx = (b) =>
    b.entry.filter((e) => e.resource.resourceType === 'Immunization').map((e) => e.resource.vaccineCode.coding[0].code);
  for (const n of ['00', '01']) {
    const { bundle } = await decodeShc(ex(n, 'd-jws.txt'));
    const p = bundle.entry[0].resource;
    assert.equal(p.resourceType, 'Patient');
    assert.equal(`${p.name[0].given.join(' ')} ${p.name[0].family}`, 'John B. Anyperson');
    assert.equal(p.birthDate, '1951-01-20');
    assert.deepEqual(cvx(bundle), ['207', '207', '229']);
  }
  const jws02 = ex('02', 'd-jws.txt');
  assert.equal(jws02.length, 3285);
  const count = (b) =>
    b.entry.reduce((m, e) => ({ ...m, [e.resource.resourceType]: (m[e.resource.resourceType] ?? 0) + 1 }), {});
  assert.deepEqual(count((await decodeShc(jws02)).bundle), { Observation: 51, Specimen: 3, DiagnosticReport: 1 });
  const r03 = await verifyShc(ex('03', 'd-jws.txt'), opts);
  assert.deepEqual(count(r03.bundle), { Patient: 1, Immunization: 2 });
  assert.equal(r03.expiresAt, 1718986764.657);
  assert.equal(r03.expired, true);
  assert.equal((await verifyShc(ex('03', 'd-jws.txt'), { ...opts, now: 1700000000000 })).expired, false);
  assert.equal((await verifyShc(ex('00', 'd-jws.txt'), opts)).expired, false); // no exp
});

test('SHC: .smart-health-card files', async () => {
  for (const n of EX) {
    assert.deepEqual(readShcFile(ex(n, 'e-file.smart-health-card')), [ex(n, 'd-jws.txt')]);
    const [r] = await verifyShcFile(ex(n, 'e-file.smart-health-card'), opts);
    assert.equal(r.payloadText, ex(n, 'c-jws-payload-minified.json'));
    assert.equal((await verifyShc(JSON.parse(ex(n, 'e-file.smart-health-card')), opts)).verified, true);
  }
  assert.throws(() => readShcFile('{"verifiableCredential":[]}'), { code: 'SHC_BAD_FILE' });
  assert.throws(() => readShcFile('{'), { code: 'SHC_BAD_FILE' });
});

test('SHC: numeric QR, single and chunked (joined in order), with chunk errors', async () => {
  for (const n of ['00', '01', '03']) {
    const qr = ex(n, 'f-qr-code-numeric-value-0.txt');
    assert.match(qr, /^shc:\/\d+$/);
    assert.equal(decodeQr(qr), ex(n, 'd-jws.txt'));
    assert.equal((await verifyShc(qr, opts)).verified, true);
  }
  const chunks = [0, 1, 2].map((k) => ex('02', `f-qr-code-numeric-value-${k}.txt`));
  chunks.forEach((c, k) => assert.ok(c.startsWith(`shc:/${k + 1}/3/`)));
  assert.equal(decodeQr(chunks), ex('02', 'd-jws.txt'));
  assert.equal(decodeQr([chunks[2], chunks[0], chunks[1]]), ex('02', 'd-jws.txt'));
  assert.equal(decodeQr(chunks.join('\n')), ex('02', 'd-jws.txt'));
  assert.equal((await verifyShc(chunks, opts)).verified, true);
  assert.throws(
    () => decodeQr([chunks[0], chunks[2]]),
    (e) => e.code === 'SHC_QR_MISSING_CHUNK' && e.missing[0] === 2,
  );
  assert.throws(() => decodeQr([chunks[0], chunks[1], chunks[1], chunks[2]]), { code: 'SHC_QR_DUPLICATE_CHUNK' });
  assert.throws(() => decodeQr([chunks[0], chunks[1].replace('/2/3/', '/2/4/')]), { code: 'SHC_QR_CHUNK_MISMATCH' });
  assert.throws(() => decodeQr([chunks[0], ex('00', 'f-qr-code-numeric-value-0.txt')]), { code: 'SHC_BAD_QR' });
  assert.throws(() => decodeQr('shc:/123'), { code: 'SHC_BAD_QR' }); // odd digit count
  assert.throws(() => decodeQr('shc:/78'), { code: 'SHC_BAD_QR' }); // beyond 'z'
  assert.throws(() => decodeQr('shc:/4/3/00'), { code: 'SHC_BAD_QR' });
});

test('SHC: every kid is the RFC 7638 thumbprint; the private test keys match jwks.json', async () => {
  for (const k of jwks.keys) assert.equal(await jwkThumbprint(k), k.kid);
  assert.equal(priv.keys.length, 3);
  for (const k of priv.keys) {
    const pub = p256.getPublicKey(b64urlDecode(k.d, 'X'), false);
    assert.equal(b64urlEncode(pub.subarray(1, 33)), k.x);
    assert.equal(b64urlEncode(pub.subarray(33)), k.y);
  }
  for (const [i, j] of [
    [0, 0],
    [2, 1],
  ]) {
    assert.equal(priv.keys[i].x, jwks.keys[j].x);
    assert.equal(priv.keys[i].y, jwks.keys[j].y);
  }
  assert.equal(priv.keys[1].use, 'enc');
});

test('SHC: revocation by rid and CRL (rid.timestamp against nbf)', async () => {
  assert.deepEqual(crl.rids, ['vwAjHdarZuc.1687450765', 'FKDIxsTCGlU', 'XkNHp2Iyk0Y.1687450765', 'TqB_qu_6OtM']);
  assert.equal(jwks.keys[0].crlVersion, 1);
  const rids = {};
  for (const n of EX) {
    const r = await verifyShc(ex(n, 'd-jws.txt'), opts);
    rids[n] = r.rid;
    assert.equal(r.revoked, n === '03', `example ${n}`);
  }
  assert.deepEqual(rids, { '00': 'MKyCxh7p6uQ', '01': undefined, '02': 'YjKhdFoxL_g', '03': 'vwAjHdarZuc' });
  const secret = json('generate-examples/src/config/issuer.hmac.private.json').secret;
  const rid = (user) =>
    createHmac('sha256', secret + KID0)
      .update(user)
      .digest()
      .subarray(0, 8)
      .toString('base64url');
  for (const n of ['00', '02', '03']) assert.equal(rid(`userid-${n}`), rids[n]);
  assert.equal(rid('fake-userid-1'), 'FKDIxsTCGlU');
  // CRL given as a map by kid, and fetched through the injectable fetch.
  assert.equal((await verifyShc(ex('03', 'd-jws.txt'), { jwks, crl: { [KID0]: crl } })).revoked, true);
  const seen = [];
  const r = await verifyShc(ex('03', 'd-jws.txt'), { fetch: fakeFetch(seen) });
  assert.equal(r.revoked, true);
  assert.deepEqual(seen, [`${ISS}/.well-known/jwks.json`, `${ISS}/.well-known/crl/${KID0}.json`]);
  // No CRL reachable: revocation unknown, with a warning.
  const r2 = await verifyShc(ex('00', 'd-jws.txt'), { jwks, fetch: async () => new Response('', { status: 500 }) });
  assert.equal(r2.revoked, null);
  assert.equal(r2.warnings[0].code, 'SHC_CRL_UNAVAILABLE');
});

test('SHC: x5c chain of key 1 is reported; its leaf expired before example 01 was issued', async () => {
  await rejects(verifyShc(ex('01', 'd-jws.txt'), { jwks }), 'SHC_EXPIRED_KEY');
  const r = await verifyShc(ex('01', 'd-jws.txt'), { jwks, expiredKey: 'allow', now: Date.UTC(2024, 0, 1) });
  assert.equal(r.warnings[0].code, 'SHC_EXPIRED_KEY');
  const [leaf, ca, root] = r.x5c.chain;
  assert.equal(leaf.subject, 'SMART Health Card Example Issuer');
  assert.equal(ca.subject, 'SMART Health Card Example CA');
  assert.equal(root.subject, 'SMART Health Card Example Root CA');
  assert.deepEqual(leaf.sanUris, [ISS]);
  assert.equal(leaf.notBefore.slice(0, 10), '2021-06-01');
  assert.equal(leaf.notAfter.slice(0, 10), '2022-06-01');
  assert.equal(ca.notAfter.slice(0, 10), '2026-05-31');
  assert.equal(root.notAfter.slice(0, 10), '2031-05-30');
  assert.deepEqual([leaf.expired, ca.expired, root.expired], [true, false, false]);
  assert.equal(r.x5c.leafMatchesKey, true);
  assert.equal(r.x5c.sanMatchesIssuer, true);
  assert.equal(r.x5c.signaturesValid, true);
  assert.equal(r.x5c.leafValidAtIssuance, false);
});

test('SHC: a flipped signature bit, a wrong kid, a non-thumbprint kid and bad issuers are refused', async () => {
  const jws = ex('00', 'd-jws.txt');
  const [h, p, s] = jws.split('.');
  const sig = b64urlDecode(s, 'X');
  for (const bit of [0, 100, 511]) {
    const flipped = sig.slice();
    flipped[bit >> 3] ^= 1 << (bit & 7);
    await rejects(verifyShc(`${h}.${p}.${b64urlEncode(flipped)}`, opts), 'SHC_BAD_SIGNATURE');
  }
  const withKid = (kid) => `${b64urlEncode(JSON.stringify({ zip: 'DEF', alg: 'ES256', kid }))}.${p}.${s}`;
  await rejects(verifyShc(withKid('not-a-known-kid'), opts), 'SHC_UNKNOWN_KID');
  await rejects(verifyShc(withKid(KID1), opts), 'SHC_BAD_SIGNATURE');
  // Re-signed with the published test key: verifies (a new random signature); under a kid that is
  // not the key's thumbprint it is refused.
  const payload = parseCompactJws(jws).payloadBytes;
  const resigned = await signEs256({ zip: 'DEF', alg: 'ES256', kid: KID0 }, payload, priv.keys[0]);
  assert.notEqual(resigned, jws);
  assert.equal((await verifyShc(resigned, opts)).verified, true);
  const odd = await signEs256({ zip: 'DEF', alg: 'ES256', kid: 'my-key' }, payload, priv.keys[0]);
  const oddJwks = { keys: [{ ...jwks.keys[0], kid: 'my-key' }] };
  await rejects(verifyShc(odd, { jwks: oddJwks, crl }), 'SHC_KID_MISMATCH');
  await rejects(verifyShc(jws, { ...opts, trustedIssuers: ['https://other.example'] }), 'SHC_UNTRUSTED_ISSUER');
  await rejects(verifyShc(jws, { fetch: async () => new Response('', { status: 404 }) }), 'SHC_JWKS_UNAVAILABLE');
  await rejects(
    verifyShc(jws, {
      fetch: async () => {
        throw new Error('offline');
      },
    }),
    'SHC_JWKS_UNAVAILABLE',
  );
  await rejects(
    verifyShc(`${b64urlEncode('{"alg":"HS256","zip":"DEF","kid":"k"}')}.${p}.${s}`, opts),
    'SHC_BAD_HEADER',
  );
});

test('SHC: payload size limit (zip bomb) and malformed payloads', async () => {
  const big = await deflateRaw(utf8(JSON.stringify({ iss: ISS, nbf: 1, pad: 'x'.repeat(3_000_000) })));
  assert.ok(big.length < 20_000);
  const bomb = await signEs256({ zip: 'DEF', alg: 'ES256', kid: KID0 }, big, priv.keys[0]);
  await rejects(verifyShc(bomb, opts), 'SHC_TOO_LARGE');
  await rejects(decodeShc(bomb, { maxPayloadBytes: 1000 }), 'SHC_TOO_LARGE');
  const notVc = await signEs256(
    { zip: 'DEF', alg: 'ES256', kid: KID0 },
    await deflateRaw(utf8('{"iss":"x","nbf":1}')),
    priv.keys[0],
  );
  await rejects(verifyShc(notVc, opts), 'SHC_BAD_PAYLOAD');
  const raw = await signEs256({ zip: 'DEF', alg: 'ES256', kid: KID0 }, utf8('{"not":"deflated"}'), priv.keys[0]);
  await rejects(verifyShc(raw, opts), 'SHC_BAD_DEFLATE');
});
