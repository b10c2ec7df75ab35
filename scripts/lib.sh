# Shared by scripts/*.sh: repository root, set-up and dependency installation.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# npm puts node_modules/.bin first on PATH for scripts, and the Node 22 that the local IPFS node
# needs ships as an npm package whose bin is called `node`. The project runs on the system's Node:
# drop node_modules/.bin so that `node` is that one (tools spawn Node 22 by its full path).
PATH="$(printf '%s' "$PATH" | tr ':' '\n' | grep -v '/node_modules/\.bin$' | paste -sd: -)"
export PATH
log() { printf '\n== %s\n' "$*"; }

# Toolchain and dependency sources (quick no-op when present).
ensure_setup() {
  ./emsdk-setup.sh
  # shellcheck disable=SC1091
  source .deps/env.sh
}

# npm ci when node_modules does not match package-lock.json. Install scripts stay off: every
# binary the project uses ships inside its registry package.
ensure_node_modules() {
  local want have=""
  want="$(sha256sum package-lock.json | cut -d' ' -f1)"
  [ -f node_modules/.ehr-lock.sha256 ] && have="$(cat node_modules/.ehr-lock.sha256)"
  if [ "$want" != "$have" ]; then
    log "npm ci"
    npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
    echo "$want" > node_modules/.ehr-lock.sha256
  fi
}

# The project's own sources, as the format check sees them: C++ (clang-format, .clang-format) and
# JavaScript/TypeScript (Prettier, .prettierrc.json). Vendored and generated files are not ours.
cxx_sources() {
  git ls-files 'src/*' 'wasm/src/*' 'tests/native/*' 'tests/fuzz/*.cpp' 'bench/native/*' | grep -E '\.(cpp|hpp|h)$'
}

# Fails (listing the files) when any source differs from its formatter's output.
check_format() {
  log "format (clang-format, Prettier)"
  cxx_sources | xargs clang-format --dry-run --Werror
  node node_modules/prettier/bin/prettier.cjs --check --log-level warn '**/*.{js,mjs,ts}'
}

# Configures a CMake preset (binary dir build/<preset>, see CMakePresets.json). A build tree that
# was copied or moved with its checkout keeps a CMakeCache.txt naming the old place, which CMake
# refuses ("The current CMakeCache.txt directory ... is different"). Such a cache and CMakeFiles/
# are dropped and the preset configured afresh; the objects stay, and Ninja rebuilds what the new
# paths change. Dependency sources live outside the build tree (.deps/, path-independent).
configure_preset() {
  local preset="$1" dir="$ROOT/build/$1" cache="$ROOT/build/$1/CMakeCache.txt" was_dir was_src
  if [ -f "$cache" ]; then
    was_dir="$(sed -n 's/^CMAKE_CACHEFILE_DIR:INTERNAL=//p' "$cache")"
    was_src="$(sed -n 's/^CMAKE_HOME_DIRECTORY:INTERNAL=//p' "$cache")"
    # -ef: the same directory (symlinks resolved); false when the old one no longer exists.
    if ! [ "$was_dir" -ef "$dir" ] || ! [ "$was_src" -ef "$ROOT" ]; then
      log "build/$preset was configured at ${was_dir:-an unknown place}: reconfiguring here"
      rm -rf "$cache" "$dir/CMakeFiles"
    fi
  fi
  cmake --preset "$preset" >/dev/null
}

build_native() {
  log "native build (ASan + UBSan, tests, fuzzers)"
  configure_preset native-asan
  cmake --build --preset native-asan
}

build_wasm() {
  log "WebAssembly build"
  configure_preset wasm-release
  cmake --build --preset wasm-release
}
