#!/usr/bin/env bash
# Slow IPFS checks, kept out of `npm test`: the CID of a 1 GiB stream in constant memory
# (tests/slow/ipfs-1gib.test.mjs) and a 180 MiB upload to the local node, past the size where
# 1,024-link nodes differ from Kubo's 174 (tests/slow/ipfs-node-large.test.mjs). Needs the
# WebAssembly build (npm run build).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
exec node --test tests/slow/
