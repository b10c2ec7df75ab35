#!/usr/bin/env node
// Where the bytes of a WebAssembly module go: per function and per origin (library or source area).
//
//   node scripts/wasm-size.mjs <module.wasm> [--top N] [--group NAME] [--map NM_DUMP]...
//
// The module must carry a name section (link with --profiling-funcs, see docs/module-size.md);
// without one every function is "unnamed". Each function body is attributed to a group: first by
// the symbol maps given with --map (text files of `llvm-nm --defined-only` output, one per library,
// the group being the file's base name), then by name patterns. The table shows, per group, the
// number of functions, the raw body bytes and an estimate of the group's share of the gzip size:
// the gzip -9 size of the group's bodies concatenated (in module order), scaled so that the
// groups sum to the gzip size of the code section. Data segments and the other sections are
// listed as their own rows. --group NAME lists the largest functions of one group.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { gzipSync } from 'node:zlib';

function usage() {
  console.error('usage: node scripts/wasm-size.mjs <module.wasm> [--top N] [--group NAME] [--map NM_DUMP]... [--json]');
  process.exit(2);
}

const args = process.argv.slice(2);
let file = null;
let top = 25;
let onlyGroup = null;
let asJson = false;
const maps = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--top') top = Number(args[++i]);
  else if (a === '--group') onlyGroup = args[++i];
  else if (a === '--map') maps.push(args[++i]);
  else if (a === '--json') asJson = true;
  else if (a.startsWith('--')) usage();
  else file = a;
}
if (!file || !Number.isInteger(top)) usage();

const bytes = readFileSync(file);
if (bytes.readUInt32LE(0) !== 0x6d736100) throw new Error(`${file}: not a WebAssembly module`);

// ---- reader --------------------------------------------------------------------------------------
function reader(buf, pos, end) {
  return {
    pos,
    end,
    u8() {
      return buf[this.pos++];
    },
    leb() {
      let result = 0;
      let shift = 0;
      for (;;) {
        const b = buf[this.pos++];
        result += (b & 0x7f) * 2 ** shift;
        shift += 7;
        if ((b & 0x80) === 0) return result;
      }
    },
    name() {
      const n = this.leb();
      const s = buf.toString('utf8', this.pos, this.pos + n);
      this.pos += n;
      return s;
    },
  };
}

// ---- sections ------------------------------------------------------------------------------------
const SECTION_NAMES = [
  'custom',
  'type',
  'import',
  'function',
  'table',
  'memory',
  'global',
  'export',
  'start',
  'element',
  'code',
  'data',
  'datacount',
];
const sections = [];
{
  const r = reader(bytes, 8, bytes.length);
  while (r.pos < bytes.length) {
    const id = r.u8();
    const size = r.leb();
    const start = r.pos;
    let name = SECTION_NAMES[id] ?? `section${id}`;
    if (id === 0) name = `custom:${reader(bytes, start, start + size).name()}`;
    sections.push({ id, name, start, end: start + size });
    r.pos = start + size;
  }
}
function lebLength(n) {
  let len = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 128);
    len++;
  }
  return len;
}
const section = (name) => sections.find((s) => s.name === name);

// Imported functions take the first function indices.
let importedFunctions = 0;
const importSection = section('import');
if (importSection) {
  const r = reader(bytes, importSection.start, importSection.end);
  const count = r.leb();
  for (let i = 0; i < count; i++) {
    r.name();
    r.name();
    const kind = r.u8();
    if (kind === 0) {
      r.leb();
      importedFunctions++;
    } else if (kind === 1) {
      r.u8();
      const flags = r.u8();
      r.leb();
      if (flags & 1) r.leb();
    } else if (kind === 2) {
      const flags = r.u8();
      r.leb();
      if (flags & 1) r.leb();
    } else if (kind === 3) {
      r.u8();
      r.u8();
    } else throw new Error(`unknown import kind ${kind}`);
  }
}

// Function names from the name section (subsection 1).
const names = new Map();
const nameSection = section('custom:name');
if (nameSection) {
  const r = reader(bytes, nameSection.start, nameSection.end);
  r.name();
  while (r.pos < nameSection.end) {
    const sub = r.u8();
    const size = r.leb();
    const end = r.pos + size;
    if (sub === 1) {
      const count = r.leb();
      for (let i = 0; i < count; i++) {
        const index = r.leb();
        names.set(index, r.name());
      }
    }
    r.pos = end;
  }
}

// Function bodies.
const functions = [];
const code = section('code');
if (code) {
  const r = reader(bytes, code.start, code.end);
  const count = r.leb();
  for (let i = 0; i < count; i++) {
    const size = r.leb();
    const index = importedFunctions + i;
    functions.push({ index, name: names.get(index) ?? `unnamed_${index}`, start: r.pos, size });
    r.pos += size;
  }
}

// ---- attribution ---------------------------------------------------------------------------------
// Symbol maps: `llvm-nm` lines "<addr> <type> <symbol>"; the group is the file's base name.
const symbolGroup = new Map();
for (const m of maps) {
  const group = basename(m).replace(/\.(txt|nm)$/, '');
  for (const line of readFileSync(m, 'utf8').split('\n')) {
    const parts = line.trim().split(/\s+/);
    if (parts.length >= 2) {
      const sym = parts[parts.length - 1];
      if (!symbolGroup.has(sym)) symbolGroup.set(sym, group);
    }
  }
}

// Name patterns, first match wins; names are as the linker wrote them (C++ demangled by
// --profiling-funcs, C as is).
const PATTERNS = [
  [
    'nlohmann/json',
    /nlohmann::|json_abi_v\d|detail::(lexer|parser|serializer|iter_impl|input_stream|iterator_input|json_sax|binary_)/,
  ],
  ['Embind', /emscripten::|^embind_|_embind_|EmscriptenBindingInitializer|__embind/],
  ['libsecp256k1', /^secp256k1_|^nonce_function_(rfc6979|bip340)|^ecmult|^rustsecp/],
  [
    'libsodium',
    /^crypto_|^sodium_|^randombytes|^_?sodium|^fe25519_|^ge25519_|^argon2|^blake2b|^poly1305|^chacha|^salsa|^escrypt|^_crypto_|^stream_ref|^stream_ietf|^randombytes_internal|^ristretto|^sc25519|^x25519|^curve25519|^fill_(segment|memory)|^generate_addresses|^poly1305_|^hchacha|^ssse3|^sse2|^_sodium|^store_|^load_|^PBKDF2_SHA256|^pickparams|^blkcpy|^blkxor|^salsa20|^blockmix|^smix|^le(32|64)dec|^le(32|64)enc|^be(32|64)|^SHA256_|^SHA512_|^_SHA|^randomize|^safe_read|^crypto_/,
  ],
  ['ehr src/crypto', /^ehr::crypto::|^\(anonymous namespace\)::.*crypto/],
  ['ehr src/eth', /^ehr::eth::/],
  ['ehr src/ipfs', /^ehr::ipfs::/],
  ['ehr src/records', /^ehr::records::/],
  ['ehr src/common', /^ehr::(common::|Errc|Result|error|to_hex|from_hex|hex)|^ehr::[a-z_]+\(/],
  ['ehr wasm exports', /^ehr_|^ehr::wasm::|^\(anonymous namespace\)::|^ehr::/],
  [
    'libc++/libc++abi (std::)',
    /^std::|^__cxa|^__cxxabiv1|^__gxx|^operator new|^operator delete|^__cxx_|^void std::|std::__2::|^__dynamic_cast|^__class_type_info|typeinfo|^abort_message|^demangling|^__cxa_demangle|^\(anonymous namespace\)::itanium_demangle|itanium_demangle/,
  ],
  [
    'libc (musl, malloc, compiler-rt)',
    /^(dlmalloc|dlfree|dlrealloc|malloc|free|realloc|calloc|memcpy|memset|memmove|memcmp|memchr|strlen|strcmp|strncmp|strchr|strrchr|strstr|strtod|strtol|strtoul|strtoll|strtoull|snprintf|vsnprintf|sprintf|printf|fprintf|vfprintf|printf_core|fmt_[a-z]+|pop_arg|out|pad|frexp|wcrtomb|wctomb|sbrk|emscripten_|__[a-z0-9_]+|_Exit|abort|exit|getentropy|strerror|isxdigit|isspace|isdigit|tolower|toupper|fwrite|fputs|scalbn|copysign|fmod|floor|ceil|strnlen|dispose_chunk|prepend_alloc|tmalloc_|init_mparams|sys_alloc|internal_memalign|stackAlloc|stackSave|stackRestore|dynCall_|legalstub|fflush|lseek|write|sn_write|getint|__multi3|__udivti3|__umodti3|__lshrti3|__ashlti3|__divti3|__modti3|__fixunsdfti|__floatuntidf|__extenddftf2|__trunctfdf2|__addtf3|__multf3|__fe_|wmemchr|wmemset|wcslen|mbrtowc|mbsrtowcs|locale|newlocale|freelocale|uselocale|__stdio|ioctl|readdir|qsort|sift|trinkle|shr|shl|cycle|pntz|strtox|decfloat|hexfloat|scanexp|__shgetc|__shlim|__floatscan|__intscan|__toread|__uflow|memrchr|strspn|strcspn|strtok|wcs[a-z]*|btowc|wctob|mbtowc|mbrlen|mbsnrtowcs|wcsnrtombs|wcrtomb|__ctype_[a-z_]+|catopen|catgets|isw[a-z]+|tow[a-z]+|__lctrans|__get_locale|strtof|strtold|getenv|sqrt|ldexp|log|exp|pow)\b/,
  ],
];

function groupOf(name) {
  const direct = symbolGroup.get(name);
  if (direct) return direct;
  // Match on the qualified name without the parameter list: a function of ours that takes a json
  // argument is ours; a template of std:: or nlohmann:: instantiated on json is nlohmann's.
  const head = name.replace(/^(void|bool|int|unsigned|char|auto) /, '').split('(')[0] || name;
  for (const [group, re] of PATTERNS) if (re.test(head)) return group;
  return 'other';
}

const groups = new Map();
for (const f of functions) {
  f.group = groupOf(f.name);
  let g = groups.get(f.group);
  if (!g) groups.set(f.group, (g = { group: f.group, count: 0, raw: 0, parts: [] }));
  g.count++;
  g.raw += f.size;
  g.parts.push(bytes.subarray(f.start, f.start + f.size));
}

const gz = (buf) => gzipSync(buf, { level: 9 }).length;
let gzSum = 0;
for (const g of groups.values()) {
  g.gzipAlone = gz(Buffer.concat(g.parts));
  gzSum += g.gzipAlone;
}
const codeGzip = code ? gz(bytes.subarray(code.start, code.end)) : 0;
for (const g of groups.values()) g.gzip = Math.round((g.gzipAlone * codeGzip) / (gzSum || 1));

// Data segments and other sections as rows of their own.
const rows = [...groups.values()]
  .sort((a, b) => b.gzip - a.gzip)
  .map((g) => ({ part: g.group, functions: g.count, raw: g.raw, gzip: g.gzip }));
for (const s of sections) {
  if (s.name === 'code' || s.name === 'custom:name') continue;
  const body = bytes.subarray(s.start, s.end);
  rows.push({
    part: s.name === 'data' ? 'data segments' : `section ${s.name}`,
    functions: '',
    raw: body.length,
    gzip: gz(body),
  });
}
const totalGzip = gz(nameSection ? stripNames() : bytes);
function stripNames() {
  // The module as shipped: without the name section (and other debug custom sections).
  const keep = [bytes.subarray(0, 8)];
  for (const s of sections) {
    if (s.name.startsWith('custom:')) continue;
    keep.push(bytes.subarray(s.start - 1 - lebLength(s.end - s.start), s.end));
  }
  return Buffer.concat(keep);
}

if (asJson) {
  console.log(JSON.stringify({ file, totalGzip, codeGzip, rows }, null, 2));
  process.exit(0);
}

const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
const kb = (n) => (n / 1024).toFixed(1);
console.log(
  `${file}: ${functions.length} functions (${importedFunctions} imported), ` +
    `${names.size ? 'names present' : 'NO name section'}; gzip -9 without custom sections: ${totalGzip} B (${kb(totalGzip)} KiB)`,
);
console.log(`${pad('part', 36)}${lpad('funcs', 7)}${lpad('raw B', 10)}${lpad('gzip B', 9)}${lpad('gzip %', 8)}`);
for (const r of rows) {
  if (onlyGroup) break;
  console.log(
    `${pad(r.part, 36)}${lpad(r.functions, 7)}${lpad(r.raw, 10)}${lpad(r.gzip, 9)}${lpad(((100 * r.gzip) / totalGzip).toFixed(1), 8)}`,
  );
}
const list = functions
  .filter((f) => !onlyGroup || f.group === onlyGroup)
  .sort((a, b) => b.size - a.size)
  .slice(0, top);
console.log(`\nlargest functions${onlyGroup ? ` in ${onlyGroup}` : ''}:`);
for (const f of list)
  console.log(`${lpad(f.size, 8)}  ${pad(f.group, 28)} ${f.name.length > 140 ? `${f.name.slice(0, 140)}...` : f.name}`);
