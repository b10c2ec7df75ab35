// The KDF worker in a real browser: headless Chromium (Debian's, driven by playwright-core) loads
// the module and wasm/js/worker.js as a module Worker from a loopback server, decrypts a keystore
// with the KDF on the worker while the page's timers keep running, and derives a BIP-39 seed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';
import { loadVector } from './helpers.mjs';

const ROOT = new URL('../../', import.meta.url);
const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm' };

test('worker.js runs keystore KDFs and mnemonic seeds off the page thread in Chromium', async () => {
  const server = createServer(async (req, res) => {
    const path = req.url.split('?')[0];
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html' });
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
      res.writeHead(200, { 'content-type': TYPES[path.slice(path.lastIndexOf('.'))] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  }).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
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
