"""`ember run MODEL.pte --board qemu-an547`: builds the runner firmware (if the
model, cases or plan changed) and runs it in QEMU. The exit status is the
runner's: the number of failed cases, or 134 for a CPU fault. `--etdump FILE`:
the firmware prints its first inference's events, written to FILE as upstream's
ETDump."""

import sys
from pathlib import Path

from ember import etdump
from ember.errors import ArgumentParser, UserError

from . import boards, build, plan, qemu


def parser() -> ArgumentParser:
    p = ArgumentParser(prog="ember run", description="Builds the runner firmware for MODEL (if anything "
                                "changed) and runs it on a Cortex-M55 in QEMU; the exit status is the number of "
                                "failed cases (134 for a CPU fault).")
    p.add_argument("model", type=Path, help="the .pte")
    p.add_argument("--board", required=True, help="a board QEMU can run: qemu-an547")
    p.add_argument("-o", "--out", type=Path, default=Path("out/firmware"))
    p.add_argument("--inputs", type=Path, nargs="*", default=[])
    p.add_argument("--cases", type=build.positive_int, help="test cases (default 3; a .bpte: all of its)")
    p.add_argument("--icount", action="store_true", help="count instructions (-icount shift=0)")
    p.add_argument("--etdump", type=Path, metavar="FILE.etdp", help="the first inference's events as upstream's "
                   "ETDump: each CPU kernel and delegate call timed with the board's cycle counter, each NPU operation")
    return p


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    if args.board != "qemu-an547":
        raise UserError(f"{args.board} is not a board QEMU can run",
                        f"`ember build {args.model} --board {args.board}` writes its image and prints how to flash it")
    qemu.command(args.model)  # QEMU is there, before minutes of building
    if args.etdump:
        etdump.executorch_files()  # and what writes the ETDump
    try:
        image = build.build(args.model, args.board, args.out, args.inputs, args.cases,
                            log=lambda m: print(m, file=sys.stderr), etdump=args.etdump is not None)
    except (plan.PlanError, boards.UnknownBoard) as e:
        raise build.as_user_error(e) from e
    print(f"running {image.elf} in QEMU mps3-an547 ...", file=sys.stderr)
    result = qemu.run(image.elf, icount=args.icount, echo=True)
    if result.timed_out:
        print("error: the firmware did not finish within the time limit; `ember run --board qemu-an547 --icount` "
              "counts its instructions, the host run (`ember run`) shows whether the program itself ends", file=sys.stderr)
        return 124
    if args.etdump and result.status == 0:
        etdump.write_from_console(result.output, boards.e8_npu_clock_hz, args.etdump)
        print(f"ETDump written to {args.etdump}")
    return result.status
