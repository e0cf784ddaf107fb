#!/usr/bin/env bash
# Runs every test: sets up what is missing, then the C++ tests (ctest) and the
# Python tests (pytest). Exits non-zero on any failure.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
bash scripts/setup.sh

printf '\n== C++ tests (ctest)\n'
ctest --test-dir build/host --output-on-failure -j"$(nproc)"

printf '\n== fuzzing the program loader briefly (scripts/fuzz.sh SECONDS for longer)\n'
bash scripts/fuzz.sh 20

printf '\n== Python tests (pytest)\n'
.venv/bin/python -m pytest -q "$@"
