#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (AddressSanitizer + UndefinedBehavior-
# Sanitizer) in build/fuzz and runs each for SECONDS (default 20), seeded with
# the upstream fixtures. The corpus grows in build/fuzz/corpus-<target>.
#   scripts/fuzz.sh [SECONDS]        e.g. scripts/fuzz.sh 3600 for a long run
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-20}"
seed_option=()
[ -n "${2:-}" ] && seed_option=(-seed="$2")
build="$repo/build/fuzz"
sanitize="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -g"
if [ ! -f "$build/CMakeCache.txt" ]; then
  CC=clang CXX=clang++ cmake -S "$repo" -B "$build" -G Ninja -DEMBER_FUZZ=ON -DEMBER_BUILD_TESTS=OFF \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    "-DCMAKE_CXX_FLAGS=$sanitize -fsanitize=fuzzer-no-link" "-DCMAKE_C_FLAGS=$sanitize" \
    "-DCMAKE_EXE_LINKER_FLAGS=-fsanitize=address,undefined" >/dev/null
fi
cmake --build "$build" --target program_fuzzer ethosu_payload_fuzzer >/dev/null
for target in program_fuzzer ethosu_payload_fuzzer; do
  corpus="$build/corpus-$target"
  mkdir -p "$corpus"
  cp -n "$repo"/tests/fixtures/upstream-pte/*.pte "$corpus"/ 2>/dev/null || true
  echo "fuzzing $target for ${seconds}s (corpus $corpus)"
  # stderr holds libFuzzer's progress and ember's (expected) error logs
  binary="$build/src/runtime/$target"; [ -x "$binary" ] || binary="$build/src/ethosu/$target"
  "$binary" "$corpus" "${seed_option[@]}" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$build/crash-$target-" 2>"$build/$target.log" \
    || { tail -40 "$build/$target.log"; echo "FUZZER FOUND A CRASH: see $build/$target.log"; exit 1; }
  grep -a -E "stat::number_of_executed_units|stat::new_units_added" "$build/$target.log" | sed "s/^/  $target /"
done
