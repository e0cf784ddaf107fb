"""`ember run MODEL.pte --board qemu-an547`: builds the runner firmware (if the
model, cases or plan changed) and runs it in QEMU. The exit status is the
runner's: the number of failed cases, or 134 for a CPU fault."""

import argparse
import sys
from pathlib import Path

from . import boards, build, plan, qemu


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="ember run", description="Builds the runner firmware for MODEL (if anything "
                                "changed) and runs it on a Cortex-M55 in QEMU; the exit status is the number of "
                                "failed cases (134 for a CPU fault).")
    p.add_argument("model", type=Path, help="the .pte")
    p.add_argument("--board", required=True, help="a board QEMU can run: qemu-an547")
    p.add_argument("-o", "--out", type=Path, default=Path("out/firmware"))
    p.add_argument("--inputs", type=Path, nargs="*", default=[])
    p.add_argument("--cases", type=int, default=3)
    p.add_argument("--icount", action="store_true", help="count instructions (-icount shift=0)")
    return p


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    if args.board != "qemu-an547":
        print(f"error: {args.board} is a real board: `ember build {args.model} --board {args.board}` writes its image "
              "and prints how to flash it", file=sys.stderr)
        return 2
    try:
        image = build.build(args.model, args.board, args.out, args.inputs, args.cases,
                            log=lambda m: print(m, file=sys.stderr))
    except (plan.PlanError, build.BuildError, boards.UnknownBoard, RuntimeError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    print(f"running {image.elf} in QEMU mps3-an547 ...", file=sys.stderr)
    result = qemu.run(image.elf, icount=args.icount, echo=True)
    if result.timed_out:
        print("error: the firmware did not finish within the time limit", file=sys.stderr)
        return 124
    return result.status
