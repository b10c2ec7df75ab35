#!/usr/bin/env node
// Compiles contracts/src/**/*.sol with solc-js (standard JSON) and writes one artifact per
// deployable contract (not abstract contracts, interfaces or libraries) to contracts/out/<ContractName>.json:
//   { contractName, sourceName, abi, bytecode, deployedBytecode, methodIdentifiers, userdoc, devdoc, compiler }
// Re-running is cheap: the build is skipped when the compiler version, settings and sources hash
// to the value recorded in contracts/out/.build-info.json. On compiler errors it prints them and
// exits with status 1.
//
// Usage: node contracts/build.mjs [--force] [--quiet] [--src DIR] [--out DIR]
// Module: import { build } from './contracts/build.mjs'; await build({ force, quiet })

import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rename, writeFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const SRC_DIR = path.join(here, 'src');
export const OUT_DIR = path.join(here, 'out');
const INFO_NAME = '.build-info.json';
const EIP170_LIMIT = 24576;

/**
 * Compiler settings, chosen on purpose:
 * - viaIR: the IR pipeline packs struct writes into single SSTOREs and avoids stack-too-deep in
 *   the signed-consent entry points; it measured cheaper than the legacy pipeline for the hot paths.
 * - optimizer runs 1000: the hub is called far more often than it is deployed; higher values
 *   grew the code with no measurable gain on the hot paths (see contracts/README.md).
 * - evmVersion cancun: PUSH0 and MCOPY, supported by Ethereum mainnet, Sepolia and the major L2s;
 *   later forks add no opcode this code benefits from.
 * - bytecodeHash none: artifacts do not change when only comments or paths change.
 */
export const SETTINGS = {
  viaIR: true,
  optimizer: { enabled: true, runs: 800 },
  evmVersion: 'cancun',
  metadata: { bytecodeHash: 'none' },
  outputSelection: {
    '*': {
      '': ['ast'],
      '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object', 'evm.methodIdentifiers', 'userdoc', 'devdoc'],
    },
  },
};

async function listSources(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listSources(full)));
    else if (entry.name.endsWith('.sol')) out.push(full);
  }
  return out.sort();
}

function solcVersion() {
  const require = createRequire(import.meta.url);
  return require('solc/package.json').version;
}

async function exists(file) {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

async function writeAtomic(file, text) {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(tmp, text);
  await rename(tmp, file);
}

/**
 * Builds the contracts unless the outputs are up to date.
 * @param {{ force?: boolean, quiet?: boolean, srcDir?: string, outDir?: string }} [options]
 * @returns {Promise<{ skipped: boolean, contracts: string[], outDir: string }>}
 */
export async function build({ force = false, quiet = false, srcDir = SRC_DIR, outDir = OUT_DIR } = {}) {
  const log = quiet ? () => {} : (...a) => console.log(...a);
  const infoFile = path.join(outDir, INFO_NAME);
  const files = await listSources(srcDir);
  if (files.length === 0) throw new Error(`no Solidity sources under ${srcDir}`);
  const sources = {};
  for (const file of files) {
    const unit = `src/${path.relative(srcDir, file).split(path.sep).join('/')}`;
    sources[unit] = { content: await readFile(file, 'utf8') };
  }
  const version = solcVersion();
  const hash = createHash('sha256')
    .update(JSON.stringify({ version, settings: SETTINGS, sources }))
    .digest('hex');

  if (!force && (await exists(infoFile))) {
    try {
      const info = JSON.parse(await readFile(infoFile, 'utf8'));
      const all = await Promise.all(info.contracts.map((n) => exists(path.join(outDir, `${n}.json`))));
      if (info.hash === hash && all.every(Boolean)) {
        log(`contracts up to date (${info.contracts.join(', ')})`);
        return { skipped: true, contracts: info.contracts, outDir };
      }
    } catch {
      // unreadable info file: rebuild
    }
  }

  const started = Date.now();
  const { default: solc } = await import('solc');
  const input = { language: 'Solidity', sources, settings: SETTINGS };
  const output = JSON.parse(
    solc.compile(JSON.stringify(input), {
      import: (p) => ({ error: `import not found: ${p} (all sources must live under contracts/src)` }),
    }),
  );
  const diagnostics = output.errors ?? [];
  const errors = diagnostics.filter((e) => e.severity === 'error');
  for (const d of diagnostics.filter((e) => e.severity !== 'error')) {
    if (!quiet) console.warn(d.formattedMessage.trimEnd());
  }
  if (errors.length > 0) {
    const text = errors.map((e) => e.formattedMessage.trimEnd()).join('\n\n');
    const err = new Error(`solc reported ${errors.length} error(s):\n${text}`);
    err.compilerErrors = errors;
    throw err;
  }

  await mkdir(outDir, { recursive: true });
  const libraries = libraryNames(output.sources);
  const written = [];
  for (const [sourceName, contracts] of Object.entries(output.contracts ?? {})) {
    for (const [contractName, c] of Object.entries(contracts)) {
      const bytecode = c.evm?.bytecode?.object ?? '';
      if (!bytecode) continue; // abstract contracts and interfaces
      if (libraries.has(`${sourceName}:${contractName}`)) continue; // internal libraries, inlined
      const deployed = c.evm.deployedBytecode.object;
      const size = deployed.length / 2;
      if (size > EIP170_LIMIT) {
        console.warn(
          `warning: ${contractName} runtime code is ${size} bytes, above the EIP-170 limit of ${EIP170_LIMIT}`,
        );
      }
      const artifact = {
        contractName,
        sourceName,
        abi: c.abi,
        bytecode: `0x${bytecode}`,
        deployedBytecode: `0x${deployed}`,
        methodIdentifiers: c.evm.methodIdentifiers,
        userdoc: c.userdoc,
        devdoc: c.devdoc,
        compiler: { name: 'solc', version, settings: { ...SETTINGS, outputSelection: undefined } },
      };
      await writeAtomic(path.join(outDir, `${contractName}.json`), `${JSON.stringify(artifact, null, 2)}\n`);
      written.push(contractName);
      log(`  ${contractName.padEnd(18)} ${String(size).padStart(6)} bytes runtime`);
    }
  }
  written.sort();
  await writeAtomic(infoFile, `${JSON.stringify({ hash, solcVersion: version, contracts: written }, null, 2)}\n`);
  log(`compiled ${files.length} sources with solc ${version} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { skipped: false, contracts: written, outDir };
}

/** `source:Name` of every library, from the compiler's AST (libraries are compiled into their users). */
function libraryNames(sources = {}) {
  const names = new Set();
  for (const [sourceName, { ast }] of Object.entries(sources)) {
    for (const node of ast?.nodes ?? []) {
      if (node.nodeType === 'ContractDefinition' && node.contractKind === 'library')
        names.add(`${sourceName}:${node.name}`);
    }
  }
  return names;
}

/**
 * Reads one artifact written by build().
 * @param {string} name Contract name, e.g. "EhrHub".
 */
export async function readArtifact(name) {
  return JSON.parse(await readFile(path.join(OUT_DIR, `${name}.json`), 'utf8'));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const valueOf = (flag) => {
    const i = args.indexOf(flag);
    return i >= 0 && args[i + 1] ? path.resolve(args[i + 1]) : undefined;
  };
  build({
    force: args.includes('--force'),
    quiet: args.includes('--quiet'),
    srcDir: valueOf('--src'),
    outDir: valueOf('--out'),
  }).catch((err) => {
    console.error(err.message);
    process.exitCode = 1;
  });
}
