// docs/threat-model.md names the tests behind its guarantees as `file` › “test title”. Each named
// file must exist and declare a test (test(...) or it(...), or GoogleTest's TEST(Suite, Name) as
// “Suite.Name”) with exactly that title, so the
// document cannot point at tests that were renamed or removed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';

const root = new URL('../../', import.meta.url);
const doc = readFileSync(new URL('docs/threat-model.md', root), 'utf8');

/** Every (file, title) reference of the document. */
export function references(text) {
  const out = [];
  for (const m of text.matchAll(/`(tests\/[^`\s]+)` › “([^”]+)”/g)) out.push({ file: m[1], title: m[2] });
  return out;
}

/** True if `source` declares test(...) or it(...) titled `title` (any quoting, escapes undone), or
 * is GoogleTest source with TEST(Suite, Name) / TEST_F / TEST_P where `title` is "Suite.Name". */
export function declares(source, title) {
  for (const m of source.matchAll(/\bTEST(?:_F|_P)?\(\s*(\w+)\s*,\s*(\w+)\s*\)/g)) {
    if (`${m[1]}.${m[2]}` === title) return true;
  }
  for (const m of source.matchAll(/\b(?:test|it)\(\s*(['"`])((?:\\.|(?!\1).)*)\1/g)) {
    const literal = m[2].replace(/\\(.)/g, '$1');
    if (literal === title) return true;
  }
  return false;
}

test('the threat model names tests that exist, by file and title', () => {
  const refs = references(doc);
  assert.ok(refs.length >= 30, `only ${refs.length} test references found: is the format still \`file\` › “title”?`);
  const missing = [];
  for (const { file, title } of refs) {
    const url = new URL(file, root);
    if (!existsSync(url)) {
      missing.push(`${file}: no such file`);
      continue;
    }
    if (!declares(readFileSync(url, 'utf8'), title)) missing.push(`${file}: no test titled “${title}”`);
  }
  assert.deepEqual(missing, []);
  console.log(`# threat model: ${refs.length} references, ${new Set(refs.map((r) => r.file)).size} files`);
});

test('the link checker itself catches a renamed test and a missing file', () => {
  assert.equal(declares("test('a b', () => {})", 'a b'), true);
  assert.equal(declares('TEST(JsonStrict, Nul) {', 'JsonStrict.Nul'), true);
  assert.equal(declares('TEST(JsonStrict, Nul) {', 'JsonStrict.Other'), false);
  assert.equal(declares("  it('the patient\\'s chart', async () => {})", "the patient's chart"), true);
  assert.equal(declares('test("x \\"y\\"", () => {})', 'x "y"'), true);
  assert.equal(declares("test('a b c', () => {})", 'a b'), false);
  assert.equal(declares("const t = 'a b';", 'a b'), false);
  assert.deepEqual(references('see `tests/a.test.mjs` › “one”; `tests/b.test.mjs` › “two”.'), [
    { file: 'tests/a.test.mjs', title: 'one' },
    { file: 'tests/b.test.mjs', title: 'two' },
  ]);
});
