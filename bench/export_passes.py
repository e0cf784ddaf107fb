"""Vela's cycle estimate of each network exported two ways in the same run:
upstream's lowering as is (`--no-passes`) and with ember's graph passes, on the
E8's HE and HP cores (ember's E8 system description, same memory mode for both),
beside the MAC-bound minimum. Networks: bench/passes_models.py. Vela counts only
the NPU: operators upstream leaves to the CPU (the "CPU ops" column) are not in
its number.

The "stream" ratio times the command streams Vela wrote, with ember's cycle
model (ember-tool run --profile-json: the same figures as Vela 5.1 on upstream's
programs, read from the registers). A rewrite that changes only how Vela's
estimate classifies an operation shows in the Vela ratio and not in this one:
Vela 5.1 charges an operation without a fused activation 1.0 cycle per output
element (the LUT figure), so a full-range CLAMP after every convolution, which
changes no register the NPU runs, takes MobileNetV2 on e8-he from 605495 to
383638 Vela cycles and leaves its streams at 605495.

"c/elem" is ember's stream cycles per element its NPU operations write: an
operation costs at least its output stage's time per element (1.0 cycle on the
U55-128 without a fused activation, 1.5 for an ADD), so a network near that
figure has little left for a rewrite to take but operations or elements.

"inference" adds what a program's CPU operators cost the M55 to Vela's NPU
cycles, on both sides: their instructions, counted by running the program in
the runner firmware in QEMU with -icount (bench/cpu_kernel_profile.py; ember's
kernels stand in for upstream's, which do not run here), at
CPU_CYCLES_PER_INSTRUCTION, a lower bound (the M55 decodes at most two
instructions a cycle), and one M55 cycle per NPU cycle (each E8 core runs at its
NPU's clock: e8.ini). Only programs with CPU operators are run (upstream's
ResNet-8: its float average pool between two delegates).

    .venv/bin/python bench/export_passes.py [--targets e8-he,e8-hp] [--models mnist,...]
        [--memory-mode Shared_Sram] [--io-layout nhwc]

--io-layout nhwc exports ember's side channels-last (no boundary transposes):
the program then takes NHWC arrays, upstream's side stays NCHW.
"""

import argparse
import math
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

# M55 cycles per instruction, a lower bound: it decodes one or two a cycle
# (WikiChip, Cortex-M55 microarchitecture: "Decode 1-2-way").
CPU_CYCLES_PER_INSTRUCTION = 0.5


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--targets", default="e8-he,e8-hp")
    parser.add_argument("--models", help="comma-separated (default: all)")
    parser.add_argument("--memory-mode", default="Shared_Sram", help="upstream's default (default)")
    parser.add_argument("--io-layout", default="nchw", choices=["nchw", "nhwc"], help="ember's side only")
    args = parser.parse_args()

    import passes_models
    from ember.export import export_model
    from ember.host_tool import tool_path

    networks = passes_models.networks()
    selected = args.models.split(",") if args.models else list(networks)
    print(f"{'network':14s} {'target':6s} {'upstream':>9s} {'ember':>9s} {'ratio':>6s} {'MAC-bound':>9s} "
          f"{'stream':>6s} {'c/elem':>6s} {'CPU instr':>13s} {'inference':>9s} {'delegates':>9s} {'CPU ops':>7s}"
          f"  passes fired")
    os.environ.setdefault("EMBER_FIRMWARE_BUILD_DIR", str(Path(__file__).resolve().parent.parent / "build" /
                                                          "profile-firmware"))
    slower = 0
    for target in args.targets.split(","):
        ratios, stream_ratios, inference_ratios = [], [], []
        for name in selected:
            module, inputs = networks[name]
            runs, streams, cpu = {}, {}, {}
            for label, passes, layout in (("upstream", [], "nchw"), ("ember", None, args.io_layout)):
                result = export_model(module, inputs, target, io="int8", memory_mode=args.memory_mode,
                                      passes=passes, io_layout=layout)
                runs[label] = result.report
                streams[label] = _stream_cycles(tool_path(), result.pte)
                cpu[label] = _cpu_instructions(result.pte) if result.report["operators"]["cpu"] else 0
            up, ours = (runs[k]["estimate"]["total_cycles"] for k in ("upstream", "ember"))
            ratio = ours / up
            ratios.append(ratio)
            stream_ratios.append(streams["ember"][0] / streams["upstream"][0])
            inference = ((ours + CPU_CYCLES_PER_INSTRUCTION * cpu["ember"])
                         / (up + CPU_CYCLES_PER_INSTRUCTION * cpu["upstream"]))
            inference_ratios.append(inference)
            slower += ours > up or inference > 1
            ops = runs["ember"]["operators"]
            fired = ", ".join(f"{k} x{v}" for k, v in runs["ember"]["passes"]["fired"].items()) or "-"
            print(f"{name:14s} {target:6s} {up:9d} {ours:9d} {ratio:6.3f} "
                  f"{runs['ember']['estimate']['mac_bound_cycles']:9d} {stream_ratios[-1]:6.3f} {streams['ember'][0] / streams['ember'][1]:6.2f} "
                  f"{cpu['upstream']:>6d}/{cpu['ember']:<6d} {inference:9.3f} "
                  f"{len(runs['upstream']['operators']['pte_delegates'])}->{len(ops['pte_delegates'])}"
                  f"{'':5s} {len(runs['upstream']['operators']['cpu'])}->{len(ops['cpu'])}{'':3s}  {fired}",
                  flush=True)
        print(f"{'geometric mean':14s} {target:6s} {'':19s} {_geomean(ratios):6.3f} {'':9s} "
              f"{_geomean(stream_ratios):6.3f} {'':20s} {_geomean(inference_ratios):9.3f}")
    print("never slower than upstream (NPU cycles, inference)" if not slower
          else f"SLOWER THAN UPSTREAM on {slower} exports")
    return 1 if slower else 0


def _geomean(values) -> float:
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else math.nan


def _cpu_instructions(pte: bytes) -> int:
    """M55 instructions of one inference in the program's CPU kernel calls (not its
    delegate calls: in QEMU those run the simulated NPU)."""
    from cpu_kernel_profile import profile

    with tempfile.TemporaryDirectory(prefix="ember-bench-") as tmp:
        program = Path(tmp) / "model.pte"
        program.write_bytes(pte)
        return round(sum(instructions for kernel, _, instructions in profile(program, Path(tmp))
                         if kernel != "EthosUBackend"))


def _stream_cycles(tool, pte: bytes) -> tuple[int, int]:
    """ember's cycle model over the program's NPU command streams (one host run),
    and the elements its operations write (DMA copies aside)."""
    import json
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory(prefix="ember-bench-") as tmp:
        program, profile = Path(tmp) / "model.pte", Path(tmp) / "profile.json"
        program.write_bytes(pte)
        subprocess.run([str(tool), "run", str(program), "--profile-json", str(profile)], check=True,
                       capture_output=True)
        run = json.loads(profile.read_text())
        written = sum(math.prod(op["ofm"]) for op in run["operations"] if op["operation"] != "DMA")
        return run["cycles"], written


if __name__ == "__main__":
    sys.exit(main())
