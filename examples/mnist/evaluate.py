"""Run an exported MNIST .pte through ember (host runtime + simulated Ethos-U55)
on the test set, and compare with the quantized PyTorch module it came from:
accuracy of both and top-1 agreement.

    python examples/mnist/evaluate.py --pte out/mnist/mnist_e8-he.pte [--images N]
"""

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
import model as mnist_model  # noqa: E402

from ember.datasets import idx  # noqa: E402
from ember.host_tool import tool_path  # noqa: E402


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--pte", required=True)
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--out", default="out/mnist", help="where train.py wrote weights and calibration")
    p.add_argument("--images", type=int, default=10000)
    args = p.parse_args(argv)

    images, labels = idx.load_split(args.data, "t10k")
    x = mnist_model.preprocess(images[:args.images])
    labels = labels[:args.images]
    with tempfile.TemporaryDirectory() as tmp:
        np.save(Path(tmp) / "x.npy", x)
        print(f"running {len(x)} test images through ember (simulated NPU) ...", flush=True)
        subprocess.run([str(tool_path()), "run", args.pte, "--input", str(Path(tmp) / "x.npy"),
                        "--output", str(Path(tmp) / "y.npy")], check=True, stdout=subprocess.DEVNULL)
        ours = np.load(Path(tmp) / "y.npy").reshape(len(x), -1).argmax(1)

    from ember.export import pipeline
    from ember.export.targets import e8_vela_config, get_target

    net = mnist_model.model()
    net.load_state_dict(torch.load(Path(args.out) / "weights.pt", weights_only=True))
    target = get_target("e8-he")
    spec = pipeline.compile_spec(target, "Shared_Sram", target.system_config, e8_vela_config(), None)
    calibration = np.load(Path(args.out) / "calibration.npy")
    quantized = pipeline.quantize(net.eval(), mnist_model.example_inputs(),
                                  [(torch.from_numpy(c[None]),) for c in calibration], spec)
    with torch.no_grad():
        reference = np.array([quantized(torch.from_numpy(x[i:i + 1])).argmax().item() for i in range(len(x))])

    print(f"ember (simulated NPU) accuracy {100 * (ours == labels).mean():.2f}%, "
          f"quantized PyTorch module {100 * (reference == labels).mean():.2f}%, "
          f"top-1 agreement {100 * (ours == reference).mean():.2f}% of {len(x)} images")
    return 0 if (ours == reference).mean() >= 0.99 else 1


if __name__ == "__main__":
    sys.exit(main())
