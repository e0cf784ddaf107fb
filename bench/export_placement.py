"""Vela's total cycle estimate for the MNIST example on the E8, for ember's `auto`
placement against upstream's default (Shared_Sram) and every fixed mode, all under
ember's E8 system description. Ratios are of numbers measured in this run.

    .venv/bin/python bench/export_placement.py [--weights out/mnist/weights.pt]
"""

import argparse
import sys
from pathlib import Path

repo = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(repo / "examples" / "mnist"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--weights", help="trained state_dict (default: untrained, seeded)")
    args = parser.parse_args()

    import torch
    import model as mnist
    from ember.export import export_model
    from ember.export.targets import TARGETS

    torch.manual_seed(0)
    net = mnist.model().eval()
    if args.weights:
        net.load_state_dict(torch.load(args.weights, weights_only=True))
    inputs = mnist.example_inputs()

    print(f"{'target':8s} {'auto picks':12s} {'auto':>8s} {'Shared_Sram':>12s} {'Sram_Only':>10s} "
          f"{'auto/Shared':>12s} {'MAC-bound':>10s}")
    worst = 0
    for target in ("e8-he", "e8-hp"):
        result = export_model(net, inputs, target, io="int8")
        est = result.report["estimate"]
        modes = est["by_memory_mode"]
        auto = est["total_cycles"]
        if auto > min(modes.values()):
            worst += 1
        print(f"{target:8s} {result.report['placement']['memory_mode']:12s} {auto:8d} "
              f"{modes['Shared_Sram']:12d} {modes['Sram_Only']:10d} "
              f"{auto / modes['Shared_Sram']:12.3f} {est['mac_bound_cycles']:10d}")
        clock = TARGETS[target].npu_clock_hz
        flash_layers = sorted(est["layers"], key=lambda layer: -layer["cycles"])[:3]
        print(f"         slowest layers: " + ", ".join(
            f"{layer['operator']} {layer['cycles']} cyc ({layer['mac_utilisation_percent']:.0f}% MAC)"
            for layer in flash_layers) + f"; {auto / clock * 1e6:.0f} us at {clock / 1e6:.0f} MHz")
    print("auto is never worse than a fixed placement" if worst == 0 else "AUTO WAS WORSE")
    return 1 if worst else 0


if __name__ == "__main__":
    sys.exit(main())
