#!/usr/bin/env bash
# Regenerates the published record-envelope and key-schedule vectors (tests/data/envelope/) with
# the test-only deterministic mode (tests/native/records_testing/). The output is committed and
# never edited by hand: change the generator and run this again.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_setup
configure_preset native-asan
cmake --build --preset native-asan --target ehr_records_vectors
mkdir -p tests/data/envelope
ASAN_OPTIONS=detect_leaks=1 build/native-asan/tests/native/records_testing/ehr_records_vectors tests/data/envelope
