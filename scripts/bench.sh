#!/usr/bin/env bash
# npm run bench -- [group ...]: builds the module if needed and runs bench/run.mjs on the system Node.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_setup
ensure_node_modules
build_wasm >/dev/null
exec node bench/run.mjs "$@"
