#!/usr/bin/env bash
# The main job: train the MNIST example (LeCun's digits), export it for the Alif
# E8 (HE and HP), run it on the host and in the Cortex-M55 firmware under QEMU,
# verify it against the TOSA reference and the quantized PyTorch module, and
# build the E8 images. Sets up whatever is missing first. A stage whose inputs
# (files, ember's code, its command line) are unchanged since its last
# successful run is not redone: its saved output is shown again. Each stage's
# time is printed at the end.
#   ./scripts/demo.sh [--dataset fashion-mnist | --data IDX_DIR] [--epochs N]
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
out=out/mnist
stamps=$out/.stamps
mkdir -p "$out/logs" "$stamps"
started=$(date +%s.%N)
times=()

seconds_since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
record() { times+=("$(printf '%-34s %7.1f s  %s' "$1" "$(seconds_since "$2")" "$3")"); }

t0=$(date +%s.%N)
bash scripts/setup.sh
record "setup (apt, .venv, C++ tools)" "$t0" ran
export PATH="$repo/.venv/bin:$PATH"

# ember's own code: any change to it redoes every stage after training.
find python/ember src apps cmake CMakeLists.txt requirements.lock -type f -not -path '*/__pycache__/*' \
  -not -path '*/tests/*' -print0 | sort -z | xargs -0 sha256sum | sha256sum > "$stamps/code.next"
cmp -s "$stamps/code.next" "$stamps/code" || mv "$stamps/code.next" "$stamps/code"
rm -f "$stamps/code.next"

# stage NAME "INPUT FILES" COMMAND...: runs COMMAND, or shows its saved output
# when the inputs and the command line are those of its last successful run.
stage() {
  local name=$1 inputs=$2
  shift 2
  local key stamp=$stamps/$name log=$out/logs/$name.log t0
  t0=$(date +%s.%N)
  # shellcheck disable=SC2086  # inputs is a list of paths
  key=$({ printf '%s\n' "$*"; sha256sum $inputs; } | sha256sum | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$key" ] && [ -f "$log" ]; then
    cat "$log"
    printf '(unchanged since its last run: not redone; delete %s to redo it)\n' "$stamp"
    record "$name" "$t0" "unchanged"
    return
  fi
  rm -f "$stamp"
  "$@" 2>&1 | tee "$log"
  echo "$key" > "$stamp"
  record "$name" "$t0" "ran"
}

printf '\n== training the MNIST example (LeCun'"'"'s MNIST unless --dataset/--data says otherwise)\n'
stage train "examples/mnist/train.py examples/mnist/model.py examples/mnist/data.py python/ember/datasets/idx.py
  python/ember/datasets/mnist_pickle.py" python examples/mnist/train.py --out "$out" "$@"

for target in e8-he e8-hp; do
  printf '\n== exporting for %s\n' "$target"
  stage "export-$target" "$stamps/code examples/mnist/model.py $out/weights.pt $out/calibration.npy" \
    ember export examples/mnist/model.py --weights "$out/weights.pt" \
    --calibration "$out/calibration.npy" --target "$target" --io int8 \
    -o "$out/mnist_$target.pte" --report "$out/mnist_$target.report.json"
done

printf '\n== the exported program, as ember reads it\n'
t0=$(date +%s.%N)
ember inspect "$out/mnist_e8-he.pte"
record inspect "$t0" ran

printf '\n== the kept test images through ember on the host (runtime + simulated Ethos-U55), the first as an ETDump\n'
t0=$(date +%s.%N)
ember run "$out/mnist_e8-he.pte" --input "$out/test_inputs.npy" --etdump "$out/mnist_e8-he.etdp"
record "run on the host" "$t0" ran

printf '\n== the whole test set: simulated NPU against the quantized PyTorch module\n'
stage evaluate "$stamps/code examples/mnist/evaluate.py examples/mnist/data.py $out/mnist_e8-he.pte $out/weights.pt
  $out/calibration.npy $out/accuracy.json" python examples/mnist/evaluate.py --pte "$out/mnist_e8-he.pte" --out "$out"

printf '\n== the runner firmware on the Cortex-M55 in QEMU (mps3-an547; the NPU is simulated inside the image)\n'
stage qemu "$stamps/code $out/mnist_e8-he.pte $out/test_inputs.npy" \
  ember run "$out/mnist_e8-he.pte" --board qemu-an547 --inputs "$out/test_inputs.npy" --cases 5 -o "$out/firmware"

printf '\n== verify: host, QEMU firmware, TOSA reference model, quantized PyTorch module\n'
stage verify "$stamps/code examples/mnist/model.py $out/mnist_e8-he.pte $out/test_inputs.npy $out/weights.pt
  $out/calibration.npy" ember verify "$out/mnist_e8-he.pte" --inputs "$out/test_inputs.npy" --cases 5 \
  --model examples/mnist/model.py --weights "$out/weights.pt" --calibration "$out/calibration.npy" --target e8-he \
  --json "$out/verify.json"

for core in he hp; do
  printf '\n== the image for the Alif E8 %s core\n' "${core^^}"
  stage "build-e8-$core" "$stamps/code $out/mnist_e8-$core.pte $out/mnist_e8-$core.report.json $out/test_inputs.npy" \
    ember build "$out/mnist_e8-$core.pte" --board "alif-e8-$core" --inputs "$out/test_inputs.npy" --cases 5 \
    -o "$out/firmware"
done

printf '\n== the report page (time per operation, placement, the E8 HE memory map, sizes, the verify table)\n'
stage report "$stamps/code $out/mnist_e8-he.pte $out/mnist_e8-he.report.json $out/verify.json" \
  ember report "$out/mnist_e8-he.pte" -o "$out/report.html" --export-report "$out/mnist_e8-he.report.json" \
  --verify "$out/verify.json"

printf '\nArtifacts in %s:\n' "$out"
ls -l "$out" "$out/firmware"
printf '\nTime per stage:\n'
printf '  %s\n' "${times[@]}"
printf '  %-34s %7.1f s\n' total "$(seconds_since "$started")"
