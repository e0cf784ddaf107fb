"""Host simulation speed of ember's Ethos-U55 model, and its cycle estimate
against Vela's, for the MNIST example and a keyword-spotting-sized CNN (DS-CNN
shape: 49x10 MFCC input, conv 64@10x4/2, four depthwise-separable blocks,
average pool, 12 classes). Time per inference is the slope between a 1-run and an
N-run process (start-up excluded); the baseline measured in the same run is the
float MNIST on ember's portable CPU kernels.

    .venv/bin/python bench/ethosu_sim.py [--repeat 200]
"""

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import torch
from torch import nn

REPO = Path(__file__).resolve().parent.parent
TOOL = REPO / "build" / "host" / "apps" / "host" / "ember-tool"
sys.path.insert(0, str(REPO / "examples" / "mnist"))


class KwsCnn(nn.Module):
    def __init__(self):
        super().__init__()
        blocks = [nn.Conv2d(1, 64, (10, 4), stride=2, padding=(5, 1)), nn.ReLU()]
        for _ in range(4):
            blocks += [nn.Conv2d(64, 64, 3, padding=1, groups=64), nn.ReLU(), nn.Conv2d(64, 64, 1), nn.ReLU()]
        self.features = nn.Sequential(*blocks)
        self.classifier = nn.Linear(64, 12)

    def forward(self, x):
        # a global mean: the U55 partitioner declines a 25x5 average pool (stride > 3)
        return self.classifier(self.features(x).mean(dim=(2, 3)))


def seconds_per_run(pte: Path, repeat: int) -> float:
    def timed(n):
        start = time.perf_counter()
        subprocess.run([str(TOOL), "run", str(pte), "--repeat", str(n)], check=True, capture_output=True)
        return time.perf_counter() - start
    timed(1)  # warm the file cache
    return (min(timed(repeat) for _ in range(3)) - min(timed(1) for _ in range(3))) / (repeat - 1)


def ember_cycles(pte: Path) -> int:
    out = subprocess.run([str(TOOL), "run", str(pte)], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"MACs, (\d+) cycles estimated", out).group(1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    import model as mnist
    from ember.export import export_model

    torch.manual_seed(0)
    models = {
        "MNIST": (mnist.model().eval(), mnist.example_inputs()),
        "KWS DS-CNN": (KwsCnn().eval(), (torch.rand(1, 1, 49, 10),)),
    }
    with tempfile.TemporaryDirectory() as tmp:
        baseline = Path(tmp) / "mnist_float.pte"
        baseline.write_bytes(export_model(*models["MNIST"], "portable").pte)
        base_s = seconds_per_run(baseline, args.repeat)
        print(f"baseline: float MNIST on the portable CPU kernels {base_s * 1e3:.2f} ms per inference")
        print(f"{'model':12s} {'target':6s} {'host ms':>8s} {'x baseline':>10s} {'ember cycles':>13s} "
              f"{'Vela cycles':>12s} {'ember/Vela':>10s}")
        for name, (module, inputs) in models.items():
            for target in ("e8-he", "e8-hp"):
                result = export_model(module, inputs, target, io="int8")
                pte = Path(tmp) / f"{name.split()[0]}_{target}.pte"
                pte.write_bytes(result.pte)
                sim_s = seconds_per_run(pte, args.repeat)
                ours, vela = ember_cycles(pte), result.report["estimate"]["total_cycles"]
                print(f"{name:12s} {target:6s} {sim_s * 1e3:8.2f} {sim_s / base_s:10.2f} {ours:13d} {vela:12d} "
                      f"{ours / vela:10.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
