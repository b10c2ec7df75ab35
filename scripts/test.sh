#!/usr/bin/env bash
# Everything `npm test` does: set-up if needed, npm ci if needed, both builds, then every suite.
# Native tests run under AddressSanitizer + UndefinedBehaviorSanitizer (the native-asan preset);
# the Node suites run last, so the output ends with node --test's summary.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_setup
ensure_node_modules
check_format
build_native
build_wasm
log "contracts"
node contracts/build.mjs

log "native tests (ctest, ASan + UBSan)"
ctest --preset native-asan

log "Node suites (node --test)"
suites=(tests/wasm/*.test.mjs tests/ipfs-node/*.test.mjs tests/contracts/*.test.mjs tests/web/*.test.mjs tests/faults/*.test.mjs
  tests/start/*.test.mjs tests/tools/*.test.mjs)
# A test that hangs fails after 5 minutes instead of holding the whole run.
exec node --test --test-concurrency=2 --test-timeout=600000 "${suites[@]}"
