// Build output and source hygiene: artifacts the WASM ABI codec reads, NatSpec on every external
// function, custom errors only, no ETH handling, code size under EIP-170, failing builds fail loudly.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Interface } from 'ethers';
import { OUT_DIR, SRC_DIR, build, readArtifact } from '../../contracts/build.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const DEPLOYABLE = ['EhrAppointments', 'EhrForwarder', 'EhrHub', 'EhrLens'];

describe('contract artifacts', () => {
  it('builds every deployable contract into contracts/out/<Name>.json', async () => {
    const result = await build({ quiet: true });
    assert.deepEqual([...result.contracts].sort(), DEPLOYABLE);
    assert.equal(result.outDir, OUT_DIR);
    for (const name of DEPLOYABLE) {
      const a = await readArtifact(name);
      assert.ok(Array.isArray(a.abi) && a.abi.length > 0, `${name} abi`);
      assert.match(a.bytecode, /^0x([0-9a-f]{2})+$/, `${name} bytecode`);
      assert.match(a.deployedBytecode, /^0x([0-9a-f]{2})+$/, `${name} deployedBytecode`);
      assert.ok((a.deployedBytecode.length - 2) / 2 <= 24576, `${name} runtime code fits EIP-170`);
      new Interface(a.abi); // parses
    }
  });

  it('skips the compiler when nothing changed', async () => {
    await build({ quiet: true });
    const started = Date.now();
    const again = await build({ quiet: true });
    assert.equal(again.skipped, true);
    assert.ok(Date.now() - started < 3000, 'an up-to-date build returns quickly');
  });

  it('exits non-zero and prints the compiler errors when a source is broken', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'ehr-build-'));
    try {
      await cp(SRC_DIR, path.join(dir, 'src'), { recursive: true });
      const broken = path.join(dir, 'src', 'Records.sol');
      const text = await readFile(broken, 'utf8');
      await writeFile(
        broken,
        text.replace('return _recordCount(patient);', 'return _recordCount(patient) + undefinedThing;'),
      );
      const res = spawnSync(
        process.execPath,
        [path.join(root, 'contracts', 'build.mjs'), '--src', path.join(dir, 'src'), '--out', path.join(dir, 'out')],
        { encoding: 'utf8' },
      );
      assert.equal(res.status, 1, 'exit status');
      assert.match(res.stderr, /DeclarationError|Undeclared identifier/);
      assert.match(res.stderr, /Records\.sol/);
      const written = await readdir(dir);
      assert.ok(!written.includes('out'), 'no artifacts are written for a failed build');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('documents every external function, event and error with NatSpec', async () => {
    for (const name of DEPLOYABLE) {
      const a = await readArtifact(name);
      for (const f of a.abi) {
        if (f.type === 'function') {
          const sig = `${f.name}(${f.inputs.map((i) => formatType(i)).join(',')})`;
          const notice = a.userdoc.methods?.[sig]?.notice;
          assert.ok(notice, `${name}.${sig} has @notice`);
          const dev = a.devdoc.methods?.[sig] ?? {};
          for (const input of f.inputs) {
            assert.ok(input.name, `${name}.${sig} parameters are named`);
            assert.ok(dev.params?.[input.name], `${name}.${sig} documents @param ${input.name}`);
          }
          const returns = Object.keys(dev.returns ?? {});
          assert.equal(returns.length, f.outputs.length, `${name}.${sig} documents every @return`);
        } else if (f.type === 'event') {
          assert.ok(a.userdoc.events?.[eventSig(f)]?.notice, `${name} event ${f.name} has @notice`);
        } else if (f.type === 'error') {
          assert.ok(a.userdoc.errors?.[eventSig(f)]?.[0]?.notice, `${name} error ${f.name} has @notice`);
        }
      }
    }
  });

  it('has a test calling every function and expecting every custom error', async () => {
    const dir = path.dirname(fileURLToPath(import.meta.url));
    const files = (await readdir(dir)).filter(
      (f) => f.endsWith('.test.mjs') && f !== path.basename(fileURLToPath(import.meta.url)),
    );
    const tests = (await Promise.all(files.map((f) => readFile(path.join(dir, f), 'utf8')))).join('\n');
    for (const name of DEPLOYABLE) {
      for (const f of (await readArtifact(name)).abi) {
        if (f.type === 'function') {
          assert.match(tests, new RegExp(`[.'"]${f.name}[('"]`), `${name}.${f.name} is exercised by a test`);
        } else if (f.type === 'error') {
          assert.ok(tests.includes(`'${f.name}'`), `error ${f.name} is asserted by a test`);
        }
      }
    }
  });

  it('accepts no ETH: no payable function, receive or fallback', async () => {
    for (const name of DEPLOYABLE) {
      const a = await readArtifact(name);
      for (const f of a.abi) {
        assert.notEqual(f.type, 'receive', `${name} has no receive`);
        assert.notEqual(f.type, 'fallback', `${name} has no fallback`);
        if (f.stateMutability)
          assert.notEqual(f.stateMutability, 'payable', `${name}.${f.name ?? f.type} is not payable`);
      }
    }
  });

  it('rejects with custom errors only (no require or revert strings in the sources)', async () => {
    const files = (await readdir(SRC_DIR)).filter((f) => f.endsWith('.sol'));
    assert.ok(files.length >= 5);
    for (const file of files) {
      const code = stripComments(await readFile(path.join(SRC_DIR, file), 'utf8'));
      assert.doesNotMatch(code, /\brequire\s*\(/, `${file} uses require`);
      assert.doesNotMatch(code, /\brevert\s*\(\s*["']/, `${file} reverts with a string`);
      assert.doesNotMatch(code, /\brevert\s*\(\s*\)/, `${file} reverts without an error`);
      assert.doesNotMatch(code, /\bpayable\b|\breceive\s*\(|\bfallback\s*\(/, `${file} handles ETH`);
      assert.doesNotMatch(code, /\.call\s*[({]|delegatecall|selfdestruct|tx\.origin/, `${file} uses a risky primitive`);
    }
  });
});

function formatType(param) {
  if (!param.type.startsWith('tuple')) return param.type;
  return `(${param.components.map(formatType).join(',')})${param.type.slice(5)}`;
}

function eventSig(f) {
  return `${f.name}(${f.inputs.map(formatType).join(',')})`;
}

function stripComments(code) {
  return code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
}
