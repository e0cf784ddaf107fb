#!/usr/bin/env bash
# Runs every test: sets up what is missing, then the C++ tests (ctest) and the
# Python tests (pytest). Exits non-zero on any failure.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
bash scripts/setup.sh

printf '\n== C++ tests (ctest)\n'
ctest --test-dir build/host --output-on-failure -j"$(nproc)"

printf '\n== the same C++ tests on the Cortex-M55, in QEMU (mps3-an547)\n'
if [ ! -f build/qemu-an547/CMakeCache.txt ]; then
  cmake -S . -B build/qemu-an547 -G Ninja -DCMAKE_TOOLCHAIN_FILE=cmake/arm-none-eabi.cmake \
    -DEMBER_PLATFORM=qemu-an547 -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build build/qemu-an547 -- -j"$(nproc)" >/dev/null
ctest --test-dir build/qemu-an547 --output-on-failure

printf '\n== fuzzing briefly, fixed seed (scripts/fuzz.sh SECONDS for a longer run with random seeds)\n'
bash scripts/fuzz.sh 20 1

printf '\n== Python tests (pytest, one worker per core; -n 0 runs them in this process)\n'
# worksteal: each worker starts on a contiguous half (a module's tests, and its
# fixtures, mostly stay on one worker) and takes tests from the other when done.
.venv/bin/python -m pytest -q -n auto --dist worksteal "$@"
