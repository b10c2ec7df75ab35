// npm test checks formatting (scripts/lib.sh check_format: clang-format for C++, Prettier for
// JavaScript and TypeScript). The check runs here on a scratch git repository holding the
// project's formatter settings and its check: formatted sources pass, and one unformatted C++ or
// JavaScript file makes it fail, naming the file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('../../', import.meta.url).pathname;

function scratch() {
  const dir = mkdtempSync(join(tmpdir(), 'ehr-format-'));
  for (const f of ['.clang-format', '.prettierrc.json', '.prettierignore', 'scripts/lib.sh']) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    cpSync(join(ROOT, f), join(dir, f));
  }
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  mkdirSync(join(dir, 'src'));
  mkdirSync(join(dir, 'web'));
  writeFileSync(join(dir, 'src', 'a.cpp'), 'int answer() { return 42; }\n');
  writeFileSync(join(dir, 'web', 'a.js'), "export const answer = { value: 42, unit: 'none' };\n");
  writeFileSync(join(dir, '.gitignore'), 'node_modules\n');
  const git = (...args) => spawnSync('git', ['-C', dir, ...args], { encoding: 'utf8' });
  git('init', '-q');
  git('add', '-A');
  return { dir, git };
}

const check = (dir) =>
  spawnSync('bash', ['-c', 'source scripts/lib.sh && check_format'], { cwd: dir, encoding: 'utf8' });

test('the format check passes formatted sources and fails on an unformatted C++ or JavaScript file', () => {
  const { dir, git } = scratch();
  try {
    const ok = check(dir);
    assert.equal(ok.status, 0, `formatted sources were refused: ${ok.stdout}${ok.stderr}`);

    writeFileSync(join(dir, 'src', 'a.cpp'), 'int  answer( ){return 42;}\n');
    const badCxx = check(dir);
    assert.notEqual(badCxx.status, 0, 'an unformatted C++ file passed');
    assert.match(badCxx.stderr, /src\/a\.cpp/);

    git('checkout', '--', 'src/a.cpp');
    writeFileSync(join(dir, 'web', 'a.js'), 'export const answer = {value:42,unit:"none"}\n');
    const badJs = check(dir);
    assert.notEqual(badJs.status, 0, 'an unformatted JavaScript file passed');
    assert.match(`${badJs.stdout}${badJs.stderr}`, /web\/a\.js/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
