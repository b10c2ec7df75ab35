#!/usr/bin/env bash
# Slow IPFS checks, kept out of `npm test`: the CID of a 1 GiB stream in constant memory
# (tests/slow/ipfs-1gib.test.mjs). Needs the WebAssembly build (npm run build).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
exec node --test tests/slow/
