#!/usr/bin/env bash
# npm run gas: compiles the contracts and measures gas per operation on anvil -> bench/results/gas.json
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_node_modules
node contracts/build.mjs
exec node bench/gas.mjs "$@"
