"""Vela's cycle estimate of each network exported two ways in the same run:
upstream's lowering as is (`--no-passes`) and with ember's graph passes, on the
E8's HE and HP cores (ember's E8 system description, same memory mode for both),
beside the MAC-bound minimum. Networks: bench/passes_models.py. Vela counts only
the NPU: operators upstream leaves to the CPU (the "CPU ops" column) are not in
its number.

    .venv/bin/python bench/export_passes.py [--targets e8-he,e8-hp] [--models mnist,...]
        [--memory-mode Shared_Sram] [--io-layout nhwc]

--io-layout nhwc exports ember's side channels-last (no boundary transposes):
the program then takes NHWC arrays, upstream's side stays NCHW.
"""

import argparse
import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--targets", default="e8-he,e8-hp")
    parser.add_argument("--models", help="comma-separated (default: all)")
    parser.add_argument("--memory-mode", default="Shared_Sram", help="upstream's default (default)")
    parser.add_argument("--io-layout", default="nchw", choices=["nchw", "nhwc"], help="ember's side only")
    args = parser.parse_args()

    import passes_models
    from ember.export import export_model

    networks = passes_models.networks()
    selected = args.models.split(",") if args.models else list(networks)
    print(f"{'network':14s} {'target':6s} {'upstream':>9s} {'ember':>9s} {'ratio':>6s} {'MAC-bound':>9s} "
          f"{'delegates':>9s} {'CPU ops':>7s}  passes fired")
    slower = 0
    for target in args.targets.split(","):
        ratios = []
        for name in selected:
            module, inputs = networks[name]
            runs = {}
            for label, passes, layout in (("upstream", [], "nchw"), ("ember", None, args.io_layout)):
                runs[label] = export_model(module, inputs, target, io="int8", memory_mode=args.memory_mode,
                                           passes=passes, io_layout=layout).report
            up, ours = (runs[k]["estimate"]["total_cycles"] for k in ("upstream", "ember"))
            ratio = ours / up
            ratios.append(ratio)
            slower += ours > up
            ops = runs["ember"]["operators"]
            fired = ", ".join(f"{k} x{v}" for k, v in runs["ember"]["passes"]["fired"].items()) or "-"
            print(f"{name:14s} {target:6s} {up:9d} {ours:9d} {ratio:6.3f} "
                  f"{runs['ember']['estimate']['mac_bound_cycles']:9d} "
                  f"{len(runs['upstream']['operators']['pte_delegates'])}->{len(ops['pte_delegates'])}"
                  f"{'':5s} {len(runs['upstream']['operators']['cpu'])}->{len(ops['cpu'])}{'':3s}  {fired}",
                  flush=True)
        mean = math.exp(sum(math.log(r) for r in ratios) / len(ratios))
        print(f"{'geometric mean':14s} {target:6s} {'':19s} {mean:6.3f}")
    print("never slower than upstream" if not slower else f"SLOWER THAN UPSTREAM on {slower} exports")
    return 1 if slower else 0


if __name__ == "__main__":
    sys.exit(main())
