"""Where a program's M55 instructions go: each CPU kernel's (and delegate call's)
share of one inference, run by the runner firmware in QEMU mps3-an547.

Exports the named zoo models (tests/zoo/models.py) for --target, or takes .pte
files, builds the runner firmware with -DEMBER_RUNNER_PROFILE=ON (a call observer
reads SysTick around every kernel call) in its own CMake tree
(build/profile-firmware unless EMBER_FIRMWARE_BUILD_DIR), runs one case with
-icount shift=0 and prints instructions per kernel, most first. SysTick ticks at
32 MHz: 31.25 instructions per tick, so a single short call reads up to one tick
(31 instructions) off; the sums over many calls are close.

    .venv/bin/python bench/cpu_kernel_profile.py [--target portable] [MODEL|FILE.pte ...]
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "python"))
sys.path.insert(0, str(REPO))

INSTRUCTIONS_PER_TICK = 1e9 / 32e6


def export(name: str, target: str, work: Path) -> Path:
    from ember.export import export_model
    from tests.zoo.models import build as build_model

    module, inputs = build_model(name)
    path = work / f"{name}-{target}.pte"
    path.write_bytes(export_model(module, inputs, target).pte)
    return path


def profile(pte: Path, work: Path) -> list[tuple[str, int, float]]:
    """(kernel, calls, instructions) per kernel of one inference."""
    from ember.firmware import boards, build, qemu

    build.build(pte, "qemu-an547", work / pte.stem, case_count=1, log=lambda m: None)
    tree = build._cmake_tree(boards.load("qemu-an547"))
    for step in (["cmake", "-S", str(REPO), "-B", str(tree), "-DEMBER_RUNNER_PROFILE=ON"],
                 ["cmake", "--build", str(tree), "--target", "ember-runner"]):
        done = subprocess.run(step, capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit(f"error: {' '.join(step[:3])} failed\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    run = qemu.run(tree / "apps" / "runner" / "ember-runner", icount=True, timeout=900)
    if run.status != 0:
        sys.exit(f"error: the firmware failed on {pte.name} (status {run.status}):\n{run.output[-3000:]}")
    rows = [(name, int(calls), int(ticks) * INSTRUCTIONS_PER_TICK)
            for name, calls, ticks in re.findall(r"profile (\S+) calls (\d+) ticks (\d+)", run.output)]
    return sorted(rows, key=lambda row: -row[2])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="*", default=["mobilenet_v2", "ds_cnn_kws"],
                        help="zoo model names or .pte files")
    parser.add_argument("--target", default="portable", help="export target for zoo models (portable, e8-he-cpu)")
    args = parser.parse_args()
    os.environ.setdefault("EMBER_FIRMWARE_BUILD_DIR", str(REPO / "build" / "profile-firmware"))
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for model in args.models:
            pte = Path(model) if model.endswith(".pte") else export(model, args.target, work)
            rows = profile(pte, work)
            total = sum(row[2] for row in rows)
            print(f"\n{model} ({args.target if not model.endswith('.pte') else pte.name}): "
                  f"{total:,.0f} instructions in kernel and delegate calls")
            for name, calls, instructions in rows:
                print(f"  {name:48} {calls:6} calls {instructions:14,.0f} {instructions / total:7.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
