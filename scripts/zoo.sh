#!/usr/bin/env bash
# The whole model zoo (tests/zoo): every model for `portable` against upstream's
# runtime and for `e8-he-cpu` against the quantized PyTorch module. The test suite
# runs a fixed slice of the e8-he-cpu half; this runs all of it (a few minutes).
#   scripts/zoo.sh [pytest options]
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
EMBER_ZOO_FULL=1 PYTHONPATH="$repo/python${PYTHONPATH:+:$PYTHONPATH}" \
  "$repo/.venv/bin/python" -m pytest -q -p no:logging tests/zoo "$@"
