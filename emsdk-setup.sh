#!/usr/bin/env bash
# Installs what the build needs and nothing else, on Debian 12 (or with an active emsdk):
#   - the WebAssembly toolchain: an active emsdk ($EMSDK) if there is one, otherwise Debian's
#     `emscripten` package (3.1.6) plus the Debian packages of the native build;
#   - the upstream source tarballs of libsecp256k1 and libsodium, fetched with `apt-get source`
#     from deb-src entries derived from this machine's own apt sources, checked against the
#     SHA-256 values pinned in deps.sha256, and unpacked into .deps/src (git-ignored);
#   - .deps/env.sh, sourced by the build: NODE_PATH for Emscripten's tools, the closure compiler
#     that works with Emscripten 3.1.6 (from node_modules), and the CMake toolchain file.
# Safe to run again: every step checks first, and a second run changes nothing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DEPS="$ROOT/.deps"
SRC="$DEPS/src"
say() { printf '[setup] %s\n' "$*"; }
die() { printf '[setup] error: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@";
  elif command -v sudo >/dev/null 2>&1; then sudo "$@";
  else die "need root (or sudo) to run: $*"; fi
}

# ---- 1. Debian packages -------------------------------------------------------------------
# Native build and tests: compilers (clang for libFuzzer and the sanitizers' runtime), CMake,
# Ninja, GoogleTest, nlohmann/json; apt-get source needs dpkg-dev; xz for the secp256k1 tarball;
# chromium for the page tests; clang-format for the format check of npm test.
PKGS=(cmake ninja-build clang libclang-rt-14-dev g++ libgtest-dev libgmock-dev nlohmann-json3-dev
      dpkg-dev xz-utils ca-certificates chromium clang-format)
if [ -z "${EMSDK:-}" ]; then PKGS+=(emscripten binaryen); fi

missing=()
for p in "${PKGS[@]}"; do
  status="$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)"
  [ "$status" = "install ok installed" ] || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  say "Debian packages: present"
fi

# ---- 2. Toolchain location ------------------------------------------------------------------
if [ -n "${EMSDK:-}" ]; then
  EM_ROOT="$EMSDK/upstream/emscripten"
  [ -x "$EM_ROOT/emcc" ] || die "EMSDK=$EMSDK is set but $EM_ROOT/emcc is missing (run 'emsdk activate')"
  say "using the active emsdk at $EMSDK"
else
  EM_ROOT="/usr/share/emscripten"
  [ -x /usr/bin/emcc ] || die "emcc not found after installing Debian's emscripten"
fi
EM_TOOLCHAIN="$EM_ROOT/cmake/Modules/Platform/Emscripten.cmake"
[ -f "$EM_TOOLCHAIN" ] || die "missing $EM_TOOLCHAIN"

# ---- 3. Dependency sources --------------------------------------------------------------------
# Each tarball is unpacked once; the marker records the verified checksum.
need_sources=0
while read -r sum file; do
  case "$sum" in ''|'#'*) continue;; esac
  marker="$SRC/.${file}.sha256"
  if [ ! -f "$marker" ] || [ "$(cat "$marker")" != "$sum" ]; then need_sources=1; fi
done < "$ROOT/deps.sha256"

if [ "$need_sources" -eq 1 ]; then
  APT="$DEPS/apt"
  mkdir -p "$APT/sources.list.d" "$APT/lists/partial" "$APT/cache/archives/partial" "$DEPS/dl" "$SRC"
  # deb-src entries derived from this machine's own sources (deb822 and one-line formats),
  # kept in a private apt state folder so the system's apt configuration is left untouched.
  : > "$APT/sources.list"
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    sed -E 's/^Types:.*/Types: deb-src/' "$f" > "$APT/sources.list.d/$(basename "$f")"
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    sed -nE 's/^[[:space:]]*deb([[:space:]])/deb-src\1/p' "$f" >> "$APT/sources.list"
  done
  APTOPTS=(-o "Dir::Etc::SourceList=$APT/sources.list" -o "Dir::Etc::SourceParts=$APT/sources.list.d"
           -o "Dir::State::Lists=$APT/lists" -o "Dir::Cache=$APT/cache" -o "APT::Sandbox::User=root"
           -o "Debug::NoLocking=1")
  say "fetching source indexes"
  apt-get "${APTOPTS[@]}" update -qq >/dev/null
  say "fetching libsecp256k1 and libsodium sources"
  (cd "$DEPS/dl" && apt-get "${APTOPTS[@]}" source --download-only -qq libsecp256k1 libsodium >/dev/null 2>&1) \
    || die "apt-get source failed (are the deb-src indexes reachable?)"
  (cd "$DEPS/dl" && grep -v '^#' "$ROOT/deps.sha256" | sha256sum --check --quiet -) \
    || die "checksum mismatch: the fetched tarballs differ from deps.sha256"
  while read -r sum file; do
    case "$sum" in ''|'#'*) continue;; esac
    say "unpacking $file (sha256 verified)"
    tar -xf "$DEPS/dl/$file" -C "$SRC"
    echo "$sum" > "$SRC/.${file}.sha256"
  done < "$ROOT/deps.sha256"
else
  say "dependency sources: present and verified"
fi

# nlohmann/json: Emscripten's sysroot must not see /usr/include, so the build gets a folder that
# holds only nlohmann/.
mkdir -p "$DEPS/include"
[ -L "$DEPS/include/nlohmann" ] || ln -s /usr/include/nlohmann "$DEPS/include/nlohmann"

# ---- 4. Environment file ----------------------------------------------------------------------
ENV_TMP="$(mktemp)"
cat > "$ENV_TMP" <<ENVEOF
# Written by emsdk-setup.sh; sourced by the build. Do not edit.
export EHR_EM_TOOLCHAIN="$EM_TOOLCHAIN"
export EHR_DEPS_DIR="$DEPS"
ENVEOF
if [ -z "${EMSDK:-}" ]; then
  cat >> "$ENV_TMP" <<ENVEOF
# Emscripten 3.1.6's JS tools need acorn from Debian's node modules.
export NODE_PATH="/usr/share/nodejs\${NODE_PATH:+:\$NODE_PATH}"
# Closure 20220104 is the newest that accepts the flags Emscripten 3.1.6 passes (npm devDependency).
export EM_CLOSURE_COMPILER="$ROOT/node_modules/google-closure-compiler/cli.js"
ENVEOF
fi
if ! cmp -s "$ENV_TMP" "$DEPS/env.sh" 2>/dev/null; then mv "$ENV_TMP" "$DEPS/env.sh"; say "wrote .deps/env.sh"; else rm -f "$ENV_TMP"; fi
say "ready"
