#!/usr/bin/env bash
# `npm start`: set-up and builds when missing or stale (each is a quick no-op when up to date),
# then the local demo (scripts/start.mjs: chain, IPFS node, contracts, demo world, page).
# Arguments pass through: `npm start -- --fresh`, `npm start -- --port 8001`.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_setup
ensure_node_modules
# The cmake build is incremental: an up-to-date module costs a second.
build_wasm
log "contracts (skipped when up to date)"
node contracts/build.mjs
log "the local demo"
exec node scripts/start.mjs "$@"
