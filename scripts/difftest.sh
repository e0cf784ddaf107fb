#!/bin/sh
# Differential testing of the simulated Ethos-U55s and Ethos-U85 on generated networks against
# tosa_reference_model: scripts/difftest.sh N [SEED] [--start K] [--variants V] [--npu u55|u85|all] ...
# (python -m ember.difftest --help). Shard a long run over machines with
# disjoint --start ranges of the same SEED. With --cpu: ember's CPU targets (portable,
# e8-he-cpu) against upstream on the same networks (python -m ember.difftest --cpu --help).
# With --passes: ember's graph passes (lowered without and with them, both programs on the
# simulated NPU).
set -e
cd "$(dirname "$0")/.."
export PYTHONPATH="$PWD/python${PYTHONPATH:+:$PYTHONPATH}"
exec nice .venv/bin/python -m ember.difftest "$@"
