// Health-standards servers outside the deployment, in headless Chromium: the page fetches a SMART
// Health Card issuer's keys (`iss/.well-known/jwks.json`) from a second loopback origin when its
// configuration names it (`shcIssuerOrigins`, in the Content-Security-Policy's connect-src), and
// says clearly that it does not for an issuer it does not name (no request, no CSP violation). A
// passcode link (SMART Health Link, P flag) opens through the server that made it, a small server
// here that enforces the passcode: a wrong one gets 401 with the remaining attempts and the page
// says so; the right one returns the manifest and the files decrypt. The issuers are HTTPS
// servers with a certificate made for this run, which the browser trusts by its key hash.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createHttpServer } from 'node:http';
import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import {
  axeSerious,
  cspViolations,
  gotoReady,
  launchBrowser,
  openPage,
  ROOT,
  screenshot,
  startStack,
  waitForText,
} from './helpers.mjs';
import { jwkThumbprint, signEs256 } from '../../web/src/health/jose.js';
import { HEALTH_CARD_TYPE, verifyShc } from '../../web/src/health/shc.js';
import { buildShlink, encryptShlFile, generateShlKey } from '../../web/src/health/shl.js';
import { loadConfig, contentSecurityPolicy } from '../../web/build.mjs';

const SHC = join(ROOT, 'tests/vectors/health/smart-health-cards/examples');
const BUNDLE = JSON.parse(readFileSync(join(SHC, 'example-00-a-fhirBundle.json'), 'utf8'));
const PASSCODE = 'blue-heron-42';

let stack, browser, dir, issuerA, issuerB, linkServer, closedServer, spki;

/** A loopback server that answers `handle(req, body)` with CORS (preflight included) and logs requests. */
async function server(create, handle) {
  const requests = [];
  const srv = create(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const body = Buffer.concat(chunks).toString('utf8');
    requests.push({ method: req.method, url: req.url, body });
    const cors = {
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'GET, POST',
      'access-control-allow-headers': 'content-type',
    };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors).end();
      return;
    }
    const r = handle(req, body) ?? { status: 404, json: { error: 'not found' } };
    res.writeHead(r.status, { ...cors, 'content-type': r.type ?? 'application/json', 'cache-control': 'no-store' });
    res.end(typeof r.json === 'string' ? r.json : JSON.stringify(r.json));
  });
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  const proto = create === createHttpServer ? 'http' : 'https';
  return {
    origin: `${proto}://127.0.0.1:${srv.address().port}`,
    requests,
    close: () => new Promise((r) => srv.close(r)),
  };
}

/** An issuer: a fresh P-256 key, its key set at /issuer/.well-known/jwks.json, and a card signer. */
async function issuer(tls) {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const priv = await crypto.subtle.exportKey('jwk', pair.privateKey);
  const pub = { kty: 'EC', crv: 'P-256', x: priv.x, y: priv.y };
  const kid = await jwkThumbprint(pub);
  const jwks = { keys: [{ ...pub, kid, use: 'sig', alg: 'ES256' }] };
  const s = await server(
    (h) => createHttpsServer(tls, h),
    (req) => (req.method === 'GET' && req.url === '/issuer/.well-known/jwks.json' ? { status: 200, json: jwks } : null),
  );
  const iss = `${s.origin}/issuer`;
  /** A card of this issuer (compact JWS) holding spec example 00's bundle. */
  const card = async () => {
    const payload = {
      iss,
      nbf: Math.floor(Date.now() / 1000) - 60,
      vc: { type: [HEALTH_CARD_TYPE], credentialSubject: { fhirVersion: '4.0.1', fhirBundle: BUNDLE } },
    };
    return signEs256({ zip: 'DEF', alg: 'ES256', kid }, deflateRawSync(Buffer.from(JSON.stringify(payload))), {
      ...pub,
      d: priv.d,
    });
  };
  return { ...s, iss, card };
}

/**
 * A SMART Health Link server for passcode links: POST /manifest/<id> with { recipient, passcode }
 * answers the manifest (one file embedded, one by location) or 401 { remainingAttempts }; three
 * wrong tries disable the link. GET /files/<id> serves the located file.
 */
async function passcodeServer(files) {
  let left = 3;
  return server(createHttpServer, (req, body) => {
    if (req.method === 'GET' && req.url.startsWith('/files/one?'))
      return { status: 200, json: files[1], type: 'application/jose' };
    if (req.method !== 'POST' || req.url !== '/manifest/one') return null;
    let q;
    try {
      q = JSON.parse(body);
    } catch {
      return { status: 400, json: { error: 'not JSON' } };
    }
    if (typeof q.recipient !== 'string' || !q.recipient) return { status: 400, json: { error: 'recipient required' } };
    if (left <= 0) return { status: 404, json: { error: 'link disabled' } };
    if (q.passcode !== PASSCODE) {
      left--;
      return { status: 401, json: { remainingAttempts: left } };
    }
    return {
      status: 200,
      json: {
        files: [
          { contentType: 'application/fhir+json', embedded: files[0] },
          { contentType: 'application/fhir+json', location: `${linkServer.origin}/files/one?t=1` },
        ],
      },
    };
  });
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ehr-health-servers-'));
  // A certificate for 127.0.0.1 made for this run; the browser trusts exactly its key.
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  const tls = { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  const der = new X509Certificate(tls.cert).publicKey.export({ type: 'spki', format: 'der' });
  spki = createHash('sha256').update(der).digest('base64');
  [issuerA, issuerB] = await Promise.all([issuer(tls), issuer(tls)]);
  const key = generateShlKey();
  const bundle = (text) => ({
    resourceType: 'Bundle',
    type: 'collection',
    entry: [
      {
        fullUrl: 'urn:uuid:p',
        resource: { resourceType: 'Patient', name: [{ given: ['Ada'], family: 'Passcode' }], birthDate: '1970-02-03' },
      },
      {
        fullUrl: 'urn:uuid:a',
        resource: {
          resourceType: 'AllergyIntolerance',
          patient: { reference: 'urn:uuid:p' },
          code: { text },
          clinicalStatus: {
            coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' }],
          },
        },
      },
    ],
  });
  const files = [
    await encryptShlFile(bundle('Peanut allergy'), key, { contentType: 'application/fhir+json' }),
    await encryptShlFile(bundle('Latex allergy'), key, { contentType: 'application/fhir+json', zip: true }),
  ];
  linkServer = await passcodeServer(files);
  linkServer.link = buildShlink({
    url: `${linkServer.origin}/manifest/one`,
    key,
    flag: 'P',
    label: 'Allergies, with a passcode',
  });
  // A second link server the page's configuration does not name.
  closedServer = await passcodeServer(files);
  closedServer.link = buildShlink({ url: `${closedServer.origin}/manifest/one`, key, flag: 'P', label: 'Elsewhere' });
  stack = await startStack({ config: { shcIssuerOrigins: [issuerA.iss], shlServerOrigins: [linkServer.origin] } });
  browser = await launchBrowser({ args: [`--ignore-certificate-errors-spki-list=${spki}`] });
});

after(async () => {
  await browser?.close();
  await stack?.stop();
  for (const s of [issuerA, issuerB, linkServer, closedServer]) await s?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('configuration: issuer and link-server origins are checked, reduced to origins and allowed by the CSP', () => {
  const write = (over) => {
    const f = join(dir, `config-${Math.random().toString(16).slice(2)}.json`);
    writeFileSync(f, JSON.stringify({ ...JSON.parse(readFileSync(join(ROOT, 'web/config.json'), 'utf8')), ...over }));
    return f;
  };
  const none = join(dir, 'no-deployments.json');
  const base = loadConfig({ config: write({}), deployments: none });
  assert.deepEqual([base.shcIssuerOrigins, base.shlServerOrigins], [[], []], 'none by default');
  const cfg = loadConfig({
    config: write({
      shcIssuerOrigins: ['https://issuer.example/path/issuer'],
      shlServerOrigins: ['http://127.0.0.1:7000'],
    }),
    deployments: none,
  });
  assert.deepEqual(cfg.shcIssuerOrigins, ['https://issuer.example']);
  const csp = contentSecurityPolicy(cfg, 'sha256-x');
  const connect = csp
    .split('; ')
    .find((d) => d.startsWith('connect-src'))
    .split(' ');
  assert.ok(connect.includes('https://issuer.example') && connect.includes('http://127.0.0.1:7000'), csp);
  assert.ok(!contentSecurityPolicy(base, 'sha256-x').includes('issuer.example'));
  assert.throws(
    () => loadConfig({ config: write({ shcIssuerOrigins: ['http://issuer.example'] }), deployments: none }),
    /shcIssuerOrigins\[0\]: must be https/,
  );
  assert.throws(
    () => loadConfig({ config: write({ shlServerOrigins: 'https://x.example' }), deployments: none }),
    /a list of origins/,
  );
  assert.throws(
    () => loadConfig({ config: write({ shlServerOrigins: ['https://u:p@x.example'] }), deployments: none }),
    /credentials/,
  );
});

test('the library fetches no key set from an origin outside fetchOrigins', async () => {
  const jws = await issuerB.card();
  const before = issuerB.requests.length;
  const fetchNothing = () => assert.fail('no request may be made');
  await assert.rejects(
    verifyShc(jws, { fetchOrigins: [new URL(issuerA.iss).origin], fetch: fetchNothing }),
    (e) => e.code === 'SHC_ISSUER_NOT_FETCHABLE' && e.issuer === issuerB.iss,
  );
  assert.equal(issuerB.requests.length, before);
});

test('a configured issuer’s key set is fetched from its origin; another issuer gets a clear message', async () => {
  const { page, problems } = await openPage(browser, { anvil: stack.anvil, wallet: false });
  await gotoReady(page, stack.url);
  await page.click('nav a[href="#/health-card"]');
  await page.locator('#shc-input').waitFor();
  await page.locator('details summary', { hasText: 'Issuer files' }).click();
  assert.match(await page.textContent('#shc-issuer-origins'), new RegExp(`fetches keys from: ${issuerA.origin}\\.`));
  await page.fill('#shc-input', await issuerA.card());
  await page.getByRole('button', { name: 'Check the card' }).click();
  await page.locator('[data-state="verified"]').waitFor();
  const text = await page.textContent('#shc-result');
  assert.match(text, /John B\. Anyperson, born 1951-01-20/);
  assert.ok(text.includes(`Issuer: ${issuerA.iss}`), text);
  assert.deepEqual(
    issuerA.requests.filter((r) => r.method === 'GET').map((r) => r.url),
    ['/issuer/.well-known/jwks.json'],
  );
  await screenshot(page, 'health-card-configured-issuer');

  const seenB = issuerB.requests.length;
  await page.fill('#shc-input', await issuerB.card());
  await page.getByRole('button', { name: 'Check the card' }).click();
  await page.locator('[data-state="unknown-issuer"]').waitFor();
  const refused = await page.textContent('#shc-result');
  assert.match(
    refused,
    /fetches keys only from the issuers its configuration names, and this issuer is not one of them/,
  );
  assert.ok(refused.includes(`Issuer: ${issuerB.iss}`), refused);
  assert.equal(issuerB.requests.length, seenB, 'nothing was asked of the unconfigured issuer');
  assert.equal(await page.getByRole('button', { name: 'Import into my chart' }).count(), 0);
  await screenshot(page, 'health-card-unconfigured-issuer');
  assert.deepEqual(await axeSerious(page), [], 'issuer refused');
  assert.deepEqual(await cspViolations(page, problems), []);
  assert.deepEqual(problems, []);
  await page.context().close();
});

test('a passcode link opens through its server: a wrong passcode is refused with the attempts left, the right one decrypts', async () => {
  const { page, problems } = await openPage(browser, { anvil: stack.anvil, wallet: false });
  await page.goto(`${stack.url}#${linkServer.link}`);
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
  await page.locator('#shl-passcode-heading').waitFor();
  assert.equal(new URL(page.url()).hash, '#/shl', 'the key is taken out of the address bar');
  const box = await page.textContent('#shl-passcode-box');
  assert.ok(box.includes(`sends the passcode and your name to ${linkServer.origin}`), box);
  assert.equal(linkServer.requests.length, 0, 'nothing is sent before the passcode');
  await page.fill('input[name="recipient"]', 'Riverside clinic');
  await page.fill('#shl-passcode', 'not-the-passcode');
  await page.getByRole('button', { name: 'Open with the passcode' }).click();
  await waitForText(page, 'The server refused this passcode: 2 attempts left.', { problems });
  assert.equal(await page.inputValue('#shl-passcode'), '', 'the passcode is not kept in the field');
  const wrong = linkServer.requests.filter((r) => r.method === 'POST');
  assert.deepEqual(
    wrong.map((r) => JSON.parse(r.body)),
    [{ recipient: 'Riverside clinic', passcode: 'not-the-passcode' }],
  );
  assert.ok(!wrong[0].url.includes('passcode'), 'the passcode goes in the body only');
  await screenshot(page, 'health-shl-passcode-refused');
  assert.deepEqual(await axeSerious(page), [], 'passcode refused');

  await page.fill('#shl-passcode', PASSCODE);
  await page.getByRole('button', { name: 'Open with the passcode' }).click();
  await page.locator('#shl-result-heading').waitFor();
  const content = await page.textContent('#shl-content');
  assert.match(content, /Shared: Allergies, with a passcode/);
  assert.match(content, /Ada Passcode, born 1970-02-03/);
  assert.match(content, /Peanut allergy/);
  assert.match(content, /Latex allergy/, 'the file by location decrypts too');
  assert.equal(await page.locator('#shl-passcode-heading').count(), 0);
  assert.deepEqual(
    linkServer.requests.filter((r) => r.method !== 'OPTIONS').map((r) => `${r.method} ${r.url.replace(/\?.*/, '')}`),
    ['POST /manifest/one', 'POST /manifest/one', 'GET /files/one'],
  );
  await screenshot(page, 'health-shl-passcode-opened');

  // A passcode link whose server the configuration does not name: refused, nothing sent.
  await page.fill('#shl-input', closedServer.link);
  await page.getByRole('button', { name: 'Open the link' }).click();
  await page.locator('#shl-passcode-heading').waitFor();
  const refused = await page.textContent('#shl-passcode-box');
  assert.ok(refused.includes(`on ${closedServer.origin}, which this page may not contact`), refused);
  assert.equal(await page.locator('#shl-passcode').count(), 0, 'no passcode is asked for');
  assert.equal(closedServer.requests.length, 0);
  assert.deepEqual(await cspViolations(page, problems), []);
  // The browser reports the refused passcode's 401 in the console; nothing else.
  assert.deepEqual(
    problems.filter((p) => !/Failed to load resource: the server responded with a status of 401/.test(p)),
    [],
  );
  await page.context().close();
});
