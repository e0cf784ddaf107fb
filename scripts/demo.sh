#!/usr/bin/env bash
# The main job: train the MNIST example, export it for the Alif E8 (HE and HP),
# run it on the host and in the Cortex-M55 firmware under QEMU, verify it
# against the TOSA reference and the quantized PyTorch module, and build the
# E8 images. Sets up whatever is missing first.
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

printf '\n== the runner firmware on the Cortex-M55 in QEMU (mps3-an547; the NPU is simulated inside the image)\n'
ember run "$out/mnist_e8-he.pte" --board qemu-an547 --inputs "$out/test_inputs.npy" --cases 5 -o "$out/firmware"

printf '\n== verify: host, QEMU firmware, TOSA reference model, quantized PyTorch module\n'
ember verify "$out/mnist_e8-he.pte" --inputs "$out/test_inputs.npy" --cases 5 --model examples/mnist/model.py \
  --weights "$out/weights.pt" --calibration "$out/calibration.npy" --target e8-he

for core in he hp; do
  printf '\n== the image for the Alif E8 %s core\n' "${core^^}"
  ember build "$out/mnist_e8-$core.pte" --board "alif-e8-$core" --inputs "$out/test_inputs.npy" --cases 5 -o "$out/firmware"
done

printf '\nArtifacts in %s:\n' "$out"
ls -l "$out" "$out/firmware"
