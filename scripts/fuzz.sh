#!/usr/bin/env bash
# Runs every libFuzzer target for a fixed time each (default 600 s), starting from its seed corpus
# and keeping what it finds in build/fuzz-corpus/<name>/ (git-ignored). Usage:
#   scripts/fuzz.sh [seconds-per-target] [target-name ...]
# A crash stops the run and leaves the reproducer in build/fuzz-artifacts/<name>/.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_setup
SECONDS_PER_TARGET="${1:-600}"
shift || true
build_native

bin_dir="build/native-asan/tests/fuzz"
targets=("$@")
if [ "${#targets[@]}" -eq 0 ]; then
  for f in tests/fuzz/fuzz_*.cpp; do n="$(basename "$f" .cpp)"; targets+=("${n#fuzz_}"); done
fi
for name in "${targets[@]}"; do
  work="build/fuzz-corpus/$name"
  artifacts="build/fuzz-artifacts/$name/"
  mkdir -p "$work" "$artifacts"
  log "fuzz_$name for ${SECONDS_PER_TARGET}s"
  "$bin_dir/fuzz_$name" -max_total_time="$SECONDS_PER_TARGET" -print_final_stats=1 \
    -artifact_prefix="$artifacts" "$work" "tests/fuzz/corpus/$name" 2>&1 | tail -n 12
done
