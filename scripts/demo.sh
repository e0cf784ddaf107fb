#!/usr/bin/env bash
# The main job: train the MNIST example, export it for the Alif E8 (HE and HP),
# and print the reports. Sets up whatever is missing first.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
bash scripts/setup.sh
export PATH="$repo/.venv/bin:$PATH"
out=out/mnist
mkdir -p "$out"

printf '\n== training the MNIST example (Fashion-MNIST unless --data is given)\n'
python examples/mnist/train.py --out "$out" "$@"

for target in e8-he e8-hp; do
  printf '\n== exporting for %s\n' "$target"
  ember export examples/mnist/model.py --weights "$out/weights.pt" \
    --calibration "$out/calibration.npy" --target "$target" --io int8 \
    -o "$out/mnist_$target.pte" --report "$out/mnist_$target.report.json"
done

printf '\n== the exported program, as ember reads it\n'
ember inspect "$out/mnist_e8-he.pte"

printf '\n== one test image through ember on the host (runtime + simulated Ethos-U55)\n'
ember run "$out/mnist_e8-he.pte" --input "$out/test_inputs.npy"

printf '\n== the whole test set: simulated NPU against the quantized PyTorch module\n'
python examples/mnist/evaluate.py --pte "$out/mnist_e8-he.pte" --out "$out"

printf '\nArtifacts in %s:\n' "$out"
ls -l "$out"
