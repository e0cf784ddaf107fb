#!/usr/bin/env bash
# The whole model zoo (tests/zoo): every model for `portable` against upstream's
# runtime and for `e8-he-cpu`, `e8-he` and `e8-hp` against the quantized PyTorch
# module. The test suite runs a fixed slice; this runs all of it (about half an
# hour on two cores: the NPU exports of the recurrent nets and the transformer
# take minutes each).
#   scripts/zoo.sh [pytest options]
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
EMBER_ZOO_FULL=1 PYTHONPATH="$repo/python${PYTHONPATH:+:$PYTHONPATH}" \
  "$repo/.venv/bin/python" -m pytest -q -p no:logging tests/zoo "$@"
