#!/usr/bin/env bash
# Builds the WebAssembly module (wasm/dist/), then the static page (web/dist/), and, with --native,
# the native test build.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_setup
ensure_node_modules
build_wasm
log "contracts (contracts/out/, skipped when up to date) and the static page (web/dist/)"
node contracts/build.mjs
node web/build.mjs
if [ "${1:-}" = "--native" ]; then build_native; fi
