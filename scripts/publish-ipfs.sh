#!/usr/bin/env bash
# `npm run publish:ipfs`: the WebAssembly module and contract ABIs up to date, then
# scripts/publish-ipfs.mjs (build the page, CID computed locally, upload, check, print URLs).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_setup
ensure_node_modules
build_wasm >&2
node contracts/build.mjs --quiet
exec node scripts/publish-ipfs.mjs "$@"
