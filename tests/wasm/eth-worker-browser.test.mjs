// The worker in a real browser: headless Chromium (Debian's, driven by playwright-core) loads the
// module and wasm/js/worker.js as a module Worker from a loopback server, decrypts a keystore
// with the KDF on the worker while the page's timers keep running, and derives a BIP-39 seed; and
// runs it the way the page does (web/src/worker-host.js): under a Trusted Types CSP, from the
// policy's script URL, with module bytes the page fetched (the worker fetches none), wiped and
// terminated on lock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';
import { loadVector } from './helpers.mjs';

const ROOT = new URL('../../', import.meta.url);
const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm' };

/** A loopback server for wasm/ and an empty page (with `headers`); `requests` lists the paths asked. */
async function serve(headers = {}) {
  const requests = [];
  const server = createServer(async (req, res) => {
    const path = req.url.split('?')[0];
    requests.push(path);
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html', ...headers });
      res.end('<!doctype html><title>ehr worker</title>');
      return;
    }
    if (!path.startsWith('/wasm/')) {
      res.writeHead(404);
      res.end();
      return;
    }
    try {
      const body = await readFile(new URL(`.${path}`, ROOT));
      res.writeHead(200, {
        'content-type': TYPES[path.slice(path.lastIndexOf('.'))] ?? 'application/octet-stream',
        ...headers,
      });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  }).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  return { server, requests, origin: `http://127.0.0.1:${server.address().port}` };
}

test('worker.js runs keystore KDFs and mnemonic seeds off the page thread in Chromium', async () => {
  const { server, origin } = await serve();
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage();
    await page.goto(`${origin}/`);
    const [, phrase, expectedSeed] = loadVector('bip39/vectors.json').english[1];
    const out = await page.evaluate(async (phrase) => {
      const { init } = await import('/wasm/js/ehr.js');
      const { createWorker } = await import('/wasm/js/worker.js');
      const ehr = await init();
      const key = new Uint8Array(32).fill(9);
      const json = ehr.keystore.encrypt(key, 'pw', { kdf: 'scrypt', n: 32768, r: 8, p: 1 });
      const worker = await createWorker();
      let ticks = 0;
      const timer = setInterval(() => ticks++, 2);
      const wallet = await ehr.wallet.fromKeystoreAsync(json, 'pw', { worker });
      clearInterval(timer);
      let wrong = '';
      try {
        await ehr.wallet.fromKeystoreAsync(json, 'nope', { worker });
      } catch (e) {
        wrong = e.code;
      }
      const seed = await worker.mnemonicToSeed(phrase, 'TREZOR');
      worker.terminate();
      const direct = ehr.wallet.fromPrivateKey(key);
      return { address: wallet.address, expected: direct.address, ticks, wrong, seed: ehr.toHex(seed) };
    }, phrase);
    assert.equal(out.address, out.expected);
    assert.ok(out.ticks > 0, 'page timers ran while the worker derived the key');
    assert.equal(out.wrong, 'ERR_WRONG_PASSWORD');
    assert.equal(out.seed, `0x${expectedSeed}`); // BIP-39 vector english[1], passphrase TREZOR
  } finally {
    await browser.close();
    server.close();
  }
});

test("the page's way: Trusted Types script URL, verified bytes handed over, wipe and terminate on lock", async () => {
  // The page's CSP, as far as the worker goes (web/build.mjs): the one Trusted Types policy.
  const csp =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; " +
    "require-trusted-types-for 'script'; trusted-types ehr-worker";
  const { server, requests, origin } = await serve({ 'content-security-policy': csp });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage();
    const violations = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Trusted Type/i.test(m.text())) violations.push(m.text());
    });
    await page.goto(`${origin}/`);
    const out = await page.evaluate(async () => {
      const { createWorker } = await import('/wasm/js/worker.js');
      const url = new URL('/wasm/js/worker.js', location.href).href;
      // A plain string is refused under require-trusted-types-for: the policy's URL is needed.
      let refused = '';
      try {
        await createWorker({ url });
      } catch (e) {
        refused = e.name;
      }
      const policy = trustedTypes.createPolicy('ehr-worker', {
        createScriptURL: (u) => {
          if (u !== url) throw new TypeError('not the worker script');
          return u;
        },
      });
      const res = await fetch('/wasm/dist/ehr_core.wasm');
      const bytes = await res.arrayBuffer();
      const worker = await createWorker({ url: policy.createScriptURL(url), wasmBinary: bytes });
      const enc = new TextEncoder();
      const dk = await worker.pbkdf2Sha256(enc.encode('pw'), enc.encode('salt'), 2, 32);
      await worker.wipe();
      worker.terminate();
      let after = '';
      try {
        await worker.pbkdf2Sha256('pw', 'salt', 2, 32);
      } catch (e) {
        after = e.code;
      }
      return { refused, kept: bytes.byteLength, dk: Array.from(dk), after };
    });
    assert.equal(out.refused, 'TypeError', 'a string URL is refused by Trusted Types');
    assert.ok(out.kept > 1000, "the caller's bytes are not detached");
    assert.equal(out.dk.length, 32);
    assert.equal(out.after, 'ERR_WORKER_TERMINATED');
    assert.equal(requests.filter((p) => p.endsWith('.wasm')).length, 1, 'only the page fetched the module');
    assert.deepEqual(
      violations.filter((v) => !/refused|requires 'TrustedScriptURL'/i.test(v)),
      [],
    );
  } finally {
    await browser.close();
    server.close();
  }
});
