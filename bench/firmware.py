"""The runner firmware on the Cortex-M55 (QEMU mps3-an547): code size per
component and the M55 instructions of one MNIST inference outside the NPU,
each beside the minimal baseline firmware (apps/baseline: same board start-up
and console, and per inference only the input/output copies) built and run
in the same process.

Instructions come from QEMU's -icount shift=0 (one instruction = 1 ns of
virtual time) read through SysTick at 32 MHz: 31.25 instructions per tick, and
each figure is the mean over --repeat inferences, so the count is exact to
well under one instruction per inference and repeatable run to run.

    .venv/bin/python bench/firmware.py [--repeat 200] [--pte MODEL.pte]
"""

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "python"))
sys.path.insert(0, str(REPO / "examples" / "mnist"))

from ember.firmware import build, qemu  # noqa: E402
from ember.firmware.size_report import COMPONENTS, core_text, sizes_from_map, table  # noqa: E402

INSTRUCTIONS_PER_TICK = 1e9 / 32e6  # -icount shift=0: 1 ns per instruction; SysTick at 32 MHz

def timing(output: str) -> list[tuple[int, int, int]]:
    """(inferences, cpu ticks, ticks in NPU runs) per case."""
    return [(int(n), int(cpu), int(npu or 0)) for n, cpu, npu in
            re.findall(r"timing: (\d+) inferences, cpu (\d+)(?:, in NPU runs (\d+))?", output)]


def mnist_pte(work: Path, target: str = "e8-he") -> Path:
    import torch
    from model import MnistNet
    from ember.export.api import export_model

    torch.manual_seed(0)
    io = "float" if target.endswith("-cpu") else "int8"
    result = export_model(MnistNet(), (torch.rand(1, 1, 28, 28),), target,
                          calibration=[(torch.rand(1, 1, 28, 28),) for _ in range(4)], io=io)
    path = work / f"mnist_{target}.pte"
    path.write_bytes(result.pte)
    return path


def npu_cycles(output: str) -> list[int]:
    return [int(n) for n in re.findall(r"; npu (\d+) \(", output)]


def build_baseline(input_bytes: int, output_bytes: int) -> Path:
    tree = REPO / "build" / "firmware" / "qemu-an547"
    subprocess.run(["cmake", "-S", str(REPO), "-B", str(tree), f"-DEMBER_BASELINE_INPUT_BYTES={input_bytes}",
                    f"-DEMBER_BASELINE_OUTPUT_BYTES={output_bytes}"], check=True, capture_output=True)
    subprocess.run(["cmake", "--build", str(tree), "--target", "ember-baseline"], check=True, capture_output=True)
    return tree / "apps" / "baseline" / "ember-baseline"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=200, help="inferences per case (default 200)")
    parser.add_argument("--pte", type=Path, help="an int8-I/O Ethos-U .pte (default: an untrained MNIST export)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        pte = args.pte or mnist_pte(work)
        image = build.build(pte, "qemu-an547", work, case_count=2, repeat=args.repeat, log=lambda m: None)
        run = qemu.run(image.elf, icount=True, timeout=600)
        if run.status != 0:
            print(run.output)
            return 1
        info = build.measure_needs(pte, False)
        cases = build.collect_cases(pte, [], 1, work)[0]
        baseline = build_baseline(len(cases[0][0]), len(cases[1][0]))
        base_run = qemu.run(baseline, icount=True, timeout=120)
        runner_sizes = sizes_from_map(Path(f"{image.elf.with_suffix('')}.map"))
        cpu_pte = mnist_pte(work, "e8-he-cpu")
        cpu_repeat = max(1, args.repeat // 20)
        cpu_image = build.build(cpu_pte, "qemu-an547", work / "cpu", case_count=1, repeat=cpu_repeat, log=lambda m: None)
        cpu_run = qemu.run(cpu_image.elf, icount=True, timeout=1200)
        if cpu_run.status != 0:
            print(cpu_run.output)
            return 1
        baseline_sizes = sizes_from_map(Path(f"{baseline}.map"))

    print(f"Code size of the runner firmware (qemu-an547, MinSizeRel: -Os), bytes; model: {pte.name}")
    print(table(runner_sizes, baseline_sizes))
    core = core_text(runner_sizes)
    total = sum(v["text"] for k, v in runner_sizes.items() if not k.startswith("simulated"))
    base_total = sum(v["text"] for v in baseline_sizes.values())
    print(f"runtime + delegate + driver .text: {core} bytes (aim 16384: {core / 16384:.2f}x of the aim)")
    print(f"whole image .text without the simulated NPU: {total} bytes = baseline {base_total} + {total - base_total}"
          f" ({total / base_total:.2f}x the baseline)")

    print(f"\nM55 instructions per inference (QEMU -icount shift=0, mean of {args.repeat}):")
    for i, (n, cpu, npu) in enumerate(timing(run.output)):
        outside = (cpu - npu) / n * INSTRUCTIONS_PER_TICK
        print(f"  case {i}: outside the NPU run {outside:,.0f} instructions "
              f"(the simulated NPU itself: {npu / n * INSTRUCTIONS_PER_TICK:,.0f}, not an M55 cost on the E8)")
    (bn, bcpu, _), = timing(base_run.output)
    base = bcpu / bn * INSTRUCTIONS_PER_TICK
    (cn, ccpu), = [(int(n), int(c)) for n, c in re.findall(r"timing with the program input copy: (\d+) inferences, cpu (\d+)",
                                                          base_run.output)]
    contract = ccpu / cn * INSTRUCTIONS_PER_TICK
    outside = [(cpu - npu) / n * INSTRUCTIONS_PER_TICK for n, cpu, npu in timing(run.output)]
    mean_outside = sum(outside) / len(outside)
    print(f"  baseline, minimal (copy {len(cases[0][0])} bytes in, {len(cases[1][0])} out): {base:,.0f} instructions")
    print(f"  baseline with the program input copy (the ExecuTorch contract: set_input, then the NPU scratch):"
          f" {contract:,.0f}")
    print(f"  ember outside the NPU: {mean_outside:,.0f} = {mean_outside / base:.2f}x the minimal baseline;"
          f" the runtime's own share (above the contract baseline) {mean_outside - contract:,.0f} (aim < 1,000)")
    print(f"  method allocator {info.method_allocator} bytes (host-measured upper bound), temp {info.temp} bytes")

    (n, cpu, _), = timing(cpu_run.output)
    cpu_only = cpu / n * INSTRUCTIONS_PER_TICK
    npu = npu_cycles(run.output)[0]
    print(f"\nMNIST per inference at the E8 HE clock (160 MHz), CPU-only vs NPU:")
    print(f"  CPU only (e8-he-cpu: ember's cortex_m:: kernels, Helium paths): {cpu_only:,.0f} M55 instructions"
          f" = {cpu_only / 160e3:.2f} ms if one instruction per cycle (QEMU has no M55 timing)")
    print(f"  NPU (e8-he): {npu:,} Ethos-U55-128 cycles (ember's cycle model) + {mean_outside:,.0f} M55 instructions"
          f" = {(npu + mean_outside) / 160e3:.3f} ms")
    print(f"  NPU speed-up: {cpu_only / (npu + mean_outside):.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
