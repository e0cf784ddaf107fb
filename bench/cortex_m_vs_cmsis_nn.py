"""ember's cortex_m:: kernels (MVE paths) against Arm's CMSIS-NN on the M55, on the
same shapes and data: M55 instructions per call and whether both wrote the same
bytes (an independent check of the int8 arithmetic: CMSIS-NN is what upstream's
Cortex-M runtime calls).

CMSIS-NN is not part of ember and nothing here downloads it: pass a local
checkout (github.com/ARM-software/CMSIS-NN). Its int8 sources are compiled with
the same toolchain and flags (-mcpu=cortex-m55 -O2), linked with ember's kernels
into apps/kernel_bench/cmsis_nn_compare_main.cpp and run in QEMU mps3-an547 with
-icount shift=0 (a SysTick tick is 31.25 instructions; 8 calls per figure).

    .venv/bin/python bench/cortex_m_vs_cmsis_nn.py --cmsis-nn DIR [--build-dir DIR]
"""

import argparse
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "python"))
sys.path.insert(0, str(REPO / "bench"))

from cortex_m_kernels import INSTRUCTIONS_PER_TICK, build  # noqa: E402
from ember.firmware import qemu  # noqa: E402

FLAGS = ["-mcpu=cortex-m55", "-mthumb", "-mfloat-abi=hard", "-ffunction-sections", "-fdata-sections", "-O2"]
REPEAT = 8


def run(step):
    done = subprocess.run(step, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"failed: {' '.join(map(str, step[:3]))} ...\n{done.stdout[-2000:]}{done.stderr[-2000:]}")


def cmsis_library(cmsis: Path, out: Path) -> Path:
    objects = out / "objects"
    objects.mkdir(parents=True, exist_ok=True)
    sources = [s for s in sorted((cmsis / "Source").glob("*/*.c")) if not s.stem.endswith(("_f16", "_f32"))]
    for source in sources:
        run(["arm-none-eabi-gcc", *FLAGS, f"-I{cmsis / 'Include'}", "-c", str(source),
             "-o", str(objects / f"{source.stem}.o")])
    library = out / "libcmsis_nn.a"
    library.unlink(missing_ok=True)
    run(["arm-none-eabi-ar", "rcs", str(library), *map(str, sorted(objects.glob("*.o")))])
    return library


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cmsis-nn", type=Path, required=True, help="a CMSIS-NN checkout (Include/, Source/)")
    parser.add_argument("--build-dir", type=Path, default=REPO / "build" / "bench-kernels")
    args = parser.parse_args()

    tree = args.build_dir
    build(tree)  # ember's kernels and the board library for qemu-an547
    library = cmsis_library(args.cmsis_nn, tree / "cmsis-nn")
    main_object = tree / "cmsis-nn" / "compare_main.o"
    run(["arm-none-eabi-g++", *FLAGS, "-std=c++20", "-fno-exceptions", "-fno-rtti", "-fno-threadsafe-statics",
         f"-I{args.cmsis_nn / 'Include'}", f"-I{REPO / 'src'}", f"-I{REPO / 'src' / 'platform' / 'include'}",
         "-c", str(REPO / "apps" / "kernel_bench" / "cmsis_nn_compare_main.cpp"), "-o", str(main_object)])
    board = tree / "src" / "platform" / "qemu-an547"
    elf = tree / "cmsis-nn" / "compare.elf"
    run(["arm-none-eabi-g++", *FLAGS, "-Wl,--gc-sections", "--specs=nano.specs",
         f"-T{REPO / 'src' / 'platform' / 'qemu-an547' / 'linker.ld'}", f"-L{board}", str(main_object),
         "-o", str(elf), str(tree / "src" / "kernels" / "libember_kernels_cortex_m.a"),
         str(tree / "src" / "runtime" / "libember_runtime.a"), str(tree / "src" / "format" / "libember_format.a"),
         str(library), "-Wl,--whole-archive", str(board / "libember_platform_qemu_an547.a"), "-Wl,--no-whole-archive"])

    result = qemu.run(elf, icount=True, timeout=600)
    if result.status != 0 or "cmp done" not in result.output:
        sys.exit(f"the comparison firmware failed (status {result.status}):\n{result.output[-3000:]}")
    rows = re.findall(r"cmp (\S+) (\S+) cmsis (\d+) ember (\d+) same (\d)", result.output)
    print(f"{'kernel':18} {'shape':36} {'CMSIS-NN':>10} {'ember MVE':>10} {'ember/CMSIS':>11}  same bytes")
    differ = 0
    for name, shape, cmsis, ember, same in rows:
        c = int(cmsis) * INSTRUCTIONS_PER_TICK / REPEAT
        e = int(ember) * INSTRUCTIONS_PER_TICK / REPEAT
        differ += same != "1"
        print(f"{name:18} {shape:36} {c:10.0f} {e:10.0f} {e / c:11.2f}  {'yes' if same == '1' else 'NO'}")
    reference = re.search(r"cmp softmax-reference-path \S+ same (\d)", result.output)
    print(f"softmax reference path equals CMSIS-NN too: {'yes' if reference and reference.group(1) == '1' else 'NO'}")
    print("\nM55 instructions per call in QEMU (not cycles); ember/CMSIS > 1 means ember executes more")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
