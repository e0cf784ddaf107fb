"""M55 instruction counts of ember's cortex_m:: kernels and of the portable float
rows (f32_*: float_rows.h), portable reference path against the Helium (MVE) path,
per kernel and shape.

Builds the firmware apps/kernel_bench for qemu-an547 (its own CMake tree,
build/bench-kernels unless --build-dir), runs it in QEMU mps3-an547 with
-icount shift=0 (one instruction = 1 ns of virtual time; SysTick at 32 MHz: a
tick is 31.25 instructions), and converts. Each kernel runs 8 times per path
between two SysTick reads, so a figure is exact to about 4 instructions. The
firmware first times a loop of a known instruction count: the conversion is
checked on every run. It also checks the two paths wrote the same bytes.

Given a CMSIS-NN built for the M55 outside this repository (--cmsis-nn INCLUDE_DIR
LIBRARY, or the environment's CMSIS_NN_INCLUDE and CMSIS_NN_LIBRARY), conv2d,
depthwise_conv2d and mul also run CMSIS-NN's function on the same data: the table
adds its count, ember MVE / CMSIS-NN, and whether it wrote the same bytes.

    .venv/bin/python bench/cortex_m_kernels.py [--build-dir DIR | --firmware ELF]
        [--cmsis-nn INCLUDE_DIR LIBRARY]
"""

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "python"))

from ember.firmware import qemu  # noqa: E402

INSTRUCTIONS_PER_TICK = 1e9 / 32e6


def build(tree: Path, cmsis_nn: tuple[str, str]) -> Path:
    include, library = cmsis_nn
    steps = [
        ["cmake", "-S", str(REPO), "-B", str(tree), "-G", "Ninja",
         f"-DCMAKE_TOOLCHAIN_FILE={REPO / 'cmake' / 'arm-none-eabi.cmake'}", "-DEMBER_PLATFORM=qemu-an547",
         "-DCMAKE_BUILD_TYPE=Release", "-DEMBER_BUILD_TESTS=OFF",
         f"-DEMBER_CMSIS_NN_INCLUDE={include}", f"-DEMBER_CMSIS_NN_LIBRARY={library}"],
        ["cmake", "--build", str(tree), "--target", "ember-kernel-bench"],
    ]
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit(f"build failed: {' '.join(step[:4])}\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    return tree / "apps" / "kernel_bench" / "ember-kernel-bench"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build-dir", type=Path, default=REPO / "build" / "bench-kernels")
    parser.add_argument("--firmware", type=Path, help="an ember-kernel-bench already built (skips the build)")
    parser.add_argument("--cmsis-nn", nargs=2, metavar=("INCLUDE_DIR", "LIBRARY"),
                        help="CMSIS-NN's Include folder and a libcmsis-nn.a built for the M55 (the baseline)")
    args = parser.parse_args()

    cmsis_nn = args.cmsis_nn or (os.environ.get("CMSIS_NN_INCLUDE", ""), os.environ.get("CMSIS_NN_LIBRARY", ""))
    for path in cmsis_nn:
        if path and not Path(path).exists():
            sys.exit(f"error: {path} does not exist; --cmsis-nn takes CMSIS-NN's Include folder and its built library")
    if bool(cmsis_nn[0]) != bool(cmsis_nn[1]):
        sys.exit("error: CMSIS-NN needs both its Include folder and its library")
    firmware = args.firmware or build(args.build_dir, cmsis_nn)
    run = qemu.run(firmware, icount=True, timeout=600)
    if run.status != 0 or "kernel bench done" not in run.output:
        sys.exit(f"the bench firmware failed (status {run.status}):\n{run.output[-3000:]}")

    known, ticks = map(int, re.search(r"calibration instructions (\d+) ticks (\d+)", run.output).groups())
    measured = ticks * INSTRUCTIONS_PER_TICK
    print(f"calibration: a loop of {known} instructions measured {measured:.0f} "
          f"({(measured - known) / known:+.4%})")
    if abs(measured - known) > 0.001 * known:
        sys.exit("the tick -> instruction conversion does not hold: counts would be wrong")

    rows = re.findall(r"kernel (\S+) (\S+) repeat (\d+) reference (\d+) mve (\d+) same (\d)"
                      r"(?: cmsis (\d+) cmsis_same (\d))?", run.output)
    with_cmsis = any(row[6] for row in rows)
    header = f"\n{'kernel':18} {'shape':38} {'reference':>12} {'MVE':>12} {'ref/MVE':>8}  same"
    print(header + (f" {'CMSIS-NN':>12} {'MVE/CMSIS':>9}  same" if with_cmsis else ""))
    differ = 0
    for name, shape, repeat, reference, mve, same, cmsis, cmsis_same in rows:
        ref_i = int(reference) * INSTRUCTIONS_PER_TICK / int(repeat)
        mve_i = int(mve) * INSTRUCTIONS_PER_TICK / int(repeat)
        differ += same != "1"
        line = f"{name:18} {shape:38} {ref_i:12.0f} {mve_i:12.0f} {ref_i / mve_i:8.2f}  {'yes' if same == '1' else 'NO ':4}"
        if cmsis:
            cmsis_i = int(cmsis) * INSTRUCTIONS_PER_TICK / int(repeat)
            differ += cmsis_same != "1"
            line += f" {cmsis_i:12.0f} {mve_i / cmsis_i:9.2f}  {'yes' if cmsis_same == '1' else 'NO'}"
        print(line)
    print("\ninstructions per call (M55 instructions retired in QEMU; not cycles: QEMU models no pipeline)")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
