// Properties of the built module itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const dist = new URL('../../wasm/dist/', import.meta.url);

test('the JS glue contains no eval( or new Function (CSP without unsafe-eval)', () => {
  const js = readFileSync(new URL('ehr_core.mjs', dist), 'utf8');
  assert.ok(js.length > 1000, 'glue looks empty');
  assert.equal(/\beval\s*\(/.test(js), false, 'found eval(');
  assert.equal(/new\s+Function\b/.test(js), false, 'found new Function');
  assert.equal(/\bFunction\s*\(/.test(js), false, 'found Function(');
});

test('the module is an ES module factory with a .wasm beside it', async () => {
  const js = readFileSync(new URL('ehr_core.mjs', dist), 'utf8');
  assert.match(js, /export default createEhrModule/);
  const wasm = readFileSync(new URL('ehr_core.wasm', dist));
  assert.deepEqual([...wasm.subarray(0, 4)], [0, 0x61, 0x73, 0x6d]);
  const gz = gzipSync(wasm, { level: 9 }).length + gzipSync(js, { level: 9 }).length;
  console.log(
    `# module size: wasm ${statSync(new URL('ehr_core.wasm', dist)).size} B, glue ${js.length} B, gzip total ${gz} B`,
  );
  // The size target: 300 KB gzip for the whole module, every feature in (docs/module-size.md has
  // what each part costs; `node scripts/wasm-size.mjs` on a --profiling-funcs link measures it).
  // The ceiling sits just above today's size so that growth is noticed; lower it whenever the
  // module shrinks.
  const TARGET = 300 * 1024;
  const CEILING = 300_000;
  console.log(`# module size target ${TARGET} B gzip: ${gz <= TARGET ? 'met' : `missed by ${gz - TARGET} B`}`);
  assert.ok(gz <= TARGET, `module is ${gz} B gzip, over the ${TARGET} B target`);
  assert.ok(gz < CEILING, `module is ${gz} B gzip, over the ${CEILING} B ceiling`);
});
