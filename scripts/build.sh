#!/usr/bin/env bash
# Builds the WebAssembly module (wasm/dist/) and, with --native, the native test build.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_setup
ensure_node_modules
build_wasm
if [ "${1:-}" = "--native" ]; then build_native; fi
