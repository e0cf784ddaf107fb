"""Run an exported MNIST .pte through ember (host runtime + simulated Ethos-U55)
on the test set, and compare with the quantized PyTorch module it came from:
accuracy of both, top-1 agreement, and the float accuracy train.py measured.
Writes OUT/evaluation.json.

    python examples/mnist/evaluate.py --pte out/mnist/mnist_e8-he.pte [--out out/mnist] [--images N]

The test set is the one train.py used (its OUT/accuracy.json says which).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
import data as mnist_data  # noqa: E402
import model as mnist_model  # noqa: E402

from ember.host_tool import tool_path  # noqa: E402

BATCH = 1000  # images per forward pass of the quantized module


def run_ember(pte: str, x: np.ndarray, work: Path) -> np.ndarray:
    """Scores of ember's host run for every image, one ember-tool process per core."""
    chunks = np.array_split(x, max(1, min(len(x), os.cpu_count() or 1)))
    runs = []
    for i, chunk in enumerate(chunks):
        np.save(work / f"x{i}.npy", chunk)
        runs.append(subprocess.Popen([str(tool_path()), "run", pte, "--input", str(work / f"x{i}.npy"),
                                      "--output", str(work / f"y{i}.npy")], stdout=subprocess.DEVNULL))
    if any(run.wait() != 0 for run in runs):
        raise SystemExit("error: ember's host run failed (see above); `ember run` the program to see why")
    return np.concatenate([np.load(work / f"y{i}.npy").reshape(len(c), -1) for i, c in enumerate(chunks)])


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--pte", required=True)
    p.add_argument("--out", default="out/mnist", help="where train.py wrote weights, calibration and accuracy.json")
    p.add_argument("--images", type=int, default=10000)
    args = p.parse_args(argv)
    # One thread, as train.py: 2,000 images took 51 s (16.8 s CPU) on one thread
    # and 59 s (20.8 s CPU) on two at load average 12-14 on 2 cores, same results.
    torch.set_num_threads(1)
    trained = json.loads((Path(args.out) / "accuracy.json").read_text())
    args.dataset, args.data = trained["dataset"], trained["data_dir"]  # the data train.py used

    try:
        images, labels = mnist_data.load(args)["t10k"]
    except mnist_data.DataError as e:
        print(f"error: {e}; see examples/mnist/data.py for the data it takes", file=sys.stderr)
        return 2
    x = mnist_model.preprocess(images[:args.images])
    labels = labels[:args.images]
    with tempfile.TemporaryDirectory() as tmp:
        print(f"running {len(x)} test images through ember (simulated NPU) ...", flush=True)
        ours = run_ember(args.pte, x, Path(tmp)).argmax(1)

    from ember.export import pipeline
    from ember.export.targets import e8_vela_config, get_target

    net = mnist_model.model()
    net.load_state_dict(torch.load(Path(args.out) / "weights.pt", weights_only=True))
    target = get_target("e8-he")
    spec = pipeline.compile_spec(target, "Shared_Sram", target.system_config, e8_vela_config(), None)
    calibration = np.load(Path(args.out) / "calibration.npy")
    # Calibrated on the same samples in the same order as the export: the same
    # quantization parameters, and batches compute what batch 1 does.
    quantized = pipeline.quantize(net.eval(), mnist_model.example_inputs(),
                                  [(torch.from_numpy(c[None]),) for c in calibration], spec, dynamic_batch=True)
    with torch.no_grad():
        reference = np.concatenate([quantized(torch.from_numpy(x[i:i + BATCH])).argmax(1).numpy()
                                    for i in range(0, len(x), BATCH)])

    result = {"data": mnist_data.describe(args), "images": len(x),
              "ember_accuracy": 100 * float((ours == labels).mean()),
              "int8_accuracy": 100 * float((reference == labels).mean()),
              "top1_agreement": 100 * float((ours == reference).mean())}
    result["float_accuracy"] = trained["float_accuracy"]
    (Path(args.out) / "evaluation.json").write_text(json.dumps(result, indent=2) + "\n")
    print(f"{result['data']}, {len(x)} test images: float {result['float_accuracy']:.2f}%, quantized PyTorch module (int8) "
          f"{result['int8_accuracy']:.2f}%, ember (simulated NPU) {result['ember_accuracy']:.2f}%, "
          f"top-1 agreement {result['top1_agreement']:.2f}%")
    return 0 if result["top1_agreement"] >= 99 else 1


if __name__ == "__main__":
    sys.exit(main())
